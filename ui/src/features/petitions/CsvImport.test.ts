import { render, screen } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
import { calls, handlers, reset } from "../../test/tauri-mock";
import CsvImport from "./CsvImport.svelte";

beforeEach(() => {
  reset();
  handlers.set("petition_csv_preview", () => ({
    columns: ["Full name", "Post code", "Notes"],
    sample: [["<script>alert(1)</script>", "N1 9GU", "=HYPERLINK(\"x\")"]],
    rows: 2,
    encodingNote: null,
    suggested: { name: 0, postcode: 1, email: null, phone: null, optedIn: null, signed: null, id: null },
  }));
});

describe("importing a spreadsheet", () => {
  it("shows the columns to confirm, then lists bad rows when nothing is imported", async () => {
    handlers.set("petition_csv_import", () => {
      throw { code: "petition_import", message: "1 row has a problem, so nothing was imported.",
        fields: [{ field: "line 3", message: "A postcode never starts with Q, V or X." }] };
    });
    const user = userEvent.setup();
    render(CsvImport, { petition: 3, stall: null, onimported: () => {} });
    const file = new File(["Full name,Post code\n"], "signatures.csv", { type: "text/csv" });
    await user.upload(screen.getByLabelText("Add signatures from a CSV file"), file);
    expect((await screen.findByLabelText("Name") as HTMLSelectElement).value).toBe("0");
    // Hostile cells are shown as text, never run.
    expect(screen.getByText("<script>alert(1)</script>")).toBeTruthy();
    expect(document.querySelector("script")).toBeNull();
    await user.click(screen.getByRole("button", { name: "Add these signatures" }));
    await screen.findByText("line 3: A postcode never starts with Q, V or X.");
    const sent = calls.find((c) => c.command === "petition_csv_import");
    expect(sent).toBeTruthy();
  });
});
