import { render, screen } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { calls, handlers, reset } from "../../test/tauri-mock";
import { deliver, resetDesktop } from "../../test/desktop-fake";
import CsvImport from "./CsvImport.svelte";

vi.mock("../../lib/desktop", () => import("../../test/desktop-fake"));

beforeEach(() => {
  reset();
  resetDesktop();
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

  it("shows how far a big import has got once it takes more than a second", async () => {
    let finish: (value: unknown) => void = () => {};
    handlers.set("petition_csv_import", () => new Promise((resolve) => (finish = resolve)));
    const user = userEvent.setup();
    const told: string[] = [];
    render(CsvImport, { petition: 3, stall: null, onimported: (message: string) => told.push(message) });
    const file = new File(["Full name,Post code\n"], "signatures.csv", { type: "text/csv" });
    await user.upload(screen.getByLabelText("Add signatures from a CSV file"), file);
    await user.click(await screen.findByRole("button", { name: "Add these signatures" }));
    expect((screen.getByRole("button", { name: "Add these signatures" }) as HTMLButtonElement).disabled).toBe(true);
    // Nothing for the first second: a small file is done before a bar could flash.
    deliver("csv-import-progress", { stage: "checking", done: 2000, total: 100000 });
    expect(screen.queryByRole("progressbar")).toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 1100));
    deliver("csv-import-progress", { stage: "adding", done: 40000, total: 100000 });
    const bar = await screen.findByRole("progressbar", { name: "How far the import has got" });
    expect((bar as HTMLProgressElement).value).toBe(40000);
    expect(screen.getByText(/Adding them: 40,000 of 100,000/)).toBeTruthy();
    finish({ added: 100000, alreadyThere: 0, flagged: 12 });
    await vi.waitFor(() => expect(told.length).toBe(1));
    expect(screen.queryByRole("progressbar")).toBeNull();
  });
});
