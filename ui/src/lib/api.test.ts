import { beforeEach, describe, expect, it } from "vitest";
import { handlers, reset } from "../test/tauri-mock";
import { api, Problem, toProblem } from "./api";
import { strings } from "./strings";

beforeEach(reset);

describe("errors from the Rust side", () => {
  it("a problem report keeps its plain message and code", async () => {
    handlers.set("group_save", () => {
      throw { code: "store_disk_full", message: "The disk is full, so this was not saved.", fields: [] };
    });
    const error = await api.groupSave(emptyDetails()).catch((e) => e);
    expect(error).toBeInstanceOf(Problem);
    expect(error.report.code).toBe("store_disk_full");
    expect(error.message).toBe("The disk is full, so this was not saved.");
  });

  it("raw error text is replaced by a plain message", () => {
    for (const raw of ["Command group_save not allowed by ACL", new TypeError("x is undefined"), undefined]) {
      const problem = toProblem(raw);
      expect(problem.report.code).toBe("internal");
      expect(problem.message).toBe(strings.errors.generic);
    }
  });
});

function emptyDetails() {
  return { name: "", contactEmail: "", phone: "", website: "", localArea: "", brandColour: "#005EB8" };
}
