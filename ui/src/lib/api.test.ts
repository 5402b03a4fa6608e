import { beforeEach, describe, expect, it } from "vitest";
import { handlers, reset } from "../test/tauri-mock";
import { api, Problem, toProblem, unframePreview } from "./api";
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

describe("the live preview's raw answer", () => {
  it("gives back the header and the PDF's own bytes", () => {
    const header = new TextEncoder().encode(JSON.stringify({
      report: { warnings: [{ code: "text_overflow", message: "ہمارا ہسپتال does not fit", field: "body", side: 1 }], copiesPerSheet: 2, pages: 2 },
      renderMs: 12.5,
    }));
    const pdf = new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x00, 0xff]);
    const frame = new Uint8Array(4 + header.length + pdf.length);
    new DataView(frame.buffer).setUint32(0, header.length, true);
    frame.set(header, 4);
    frame.set(pdf, 4 + header.length);

    const preview = unframePreview(frame.buffer);
    expect(preview.renderMs).toBe(12.5);
    expect(preview.report.copiesPerSheet).toBe(2);
    expect(preview.report.warnings[0].message).toBe("ہمارا ہسپتال does not fit");
    expect([...preview.pdf]).toEqual([...pdf]);
  });
});
