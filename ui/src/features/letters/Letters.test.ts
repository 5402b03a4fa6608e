import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { desktop, resetDesktop } from "../../test/desktop-fake";
import { calls, handlers, reset } from "../../test/tauri-mock";
import Letters from "./Letters.svelte";

vi.mock("../../lib/desktop", () => import("../../test/desktop-fake"));
// pdf.js needs a real browser; here a preview is a plain canvas per page.
vi.mock("../../lib/pdfview", () => ({
  drawPdf: vi.fn(async (_pdf: string, _width: number, label: (n: number, of: number) => string) => {
    const canvas = document.createElement("canvas");
    canvas.setAttribute("role", "img");
    canvas.setAttribute("aria-label", label(1, 1));
    return [canvas];
  }),
  keepPdfWorker: vi.fn(() => () => {}),
}));

const template = {
  id: "letter-to-mp", name: "Letter to your MP", kind: "letter", description: "Ask your MP.",
  forWhom: "Your MP", role: "MP", factsAsOf: "April 2025", own: false,
};
const text = {
  template: "letter-to-mp", kind: "letter", title: "Who decides?", body: "Dear {recipient.name},\n\n[add a fact]",
  notes: "", embargo: "", questions: [],
};
const saved = {
  id: 4, text, recipients: [], state: "draft", sentOn: null, sentHow: null, sentTo: "", repliedOn: null,
  replyText: "", replyFileName: null, dueOn: null, dueCertain: true, overdue: false, updatedAt: "2026-11-27T10:00:00",
};
const mp = {
  id: 9,
  details: { name: "Jane <i>Smith</i> MP", role: "MP", organisation: "House of Commons", address: "London",
    postcode: "SW1A 0AA", email: "jane@example.org", area: "Holborn", notes: "" },
};

beforeEach(() => {
  reset();
  resetDesktop();
  handlers.set("paperwork_list", () => []);
  handlers.set("paperwork_templates", () => [template]);
  handlers.set("paperwork_create", () => saved);
  handlers.set("people_list", () => [mp]);
  handlers.set("paperwork_save", (args) => ({ ...saved, ...(args as object) }));
  handlers.set("paperwork_preview", () => ({
    pdf: "", pages: 1, letters: 1,
    warnings: [{ code: "blank", message: 'Fill in "[add a fact]": it would go out as it is.', field: "body", side: 1 }],
  }));
});

async function startLetter(user: ReturnType<typeof userEvent.setup>) {
  render(Letters);
  await user.click(await screen.findByRole("button", { name: /Start: Letter to your MP/ }));
  return screen.findByRole("heading", { level: 1, name: "Who decides?" });
}

describe("Letters", () => {
  it("writes to a person from the address book, and the preview and saving follow", async () => {
    const user = userEvent.setup();
    await startLetter(user);
    // The name is shown as text, never as markup.
    await user.click(await screen.findByLabelText(/Jane <i>Smith<\/i> MP/));
    expect(document.querySelector("main i, i")).toBeNull();
    await waitFor(() => {
      const previews = calls.filter((c) => c.command === "paperwork_preview");
      expect((previews[previews.length - 1]?.args as { recipients: number[] }).recipients).toEqual([9]);
    });
    await waitFor(() => {
      const saves = calls.filter((c) => c.command === "paperwork_save");
      expect((saves[saves.length - 1]?.args as { recipients: number[] }).recipients).toEqual([9]);
    });
    expect(await screen.findByText(/Fill in "\[add a fact\]"/)).toBeTruthy();
  });

  it("asks about blanks still to fill before saving the PDF, and can carry on", async () => {
    const user = userEvent.setup();
    handlers.set("paperwork_save_pdf", () => 2);
    await startLetter(user);
    await screen.findByText(/Fill in "\[add a fact\]"/);
    await user.click(screen.getByRole("button", { name: "Save as PDF…" }));
    expect(await screen.findByRole("alertdialog", { name: "There is still 1 thing to fill in" })).toBeTruthy();
    expect(desktop.chooseSavePath).not.toHaveBeenCalled();
    await user.click(screen.getByRole("button", { name: "Go back and fill them in" }));
    expect(screen.queryByRole("alertdialog")).toBeNull();
    await user.click(screen.getByRole("button", { name: "Save as PDF…" }));
    desktop.chooseSavePath.mockResolvedValueOnce("/home/v/who-decides.pdf");
    await user.click(screen.getByRole("button", { name: "Carry on anyway" }));
    expect(await screen.findByText(/Saved 2 pages as “who-decides.pdf”/)).toBeTruthy();
  });

  it("offers the text to copy when an email would be too long to open whole", async () => {
    const user = userEvent.setup();
    handlers.set("paperwork_preview", () => ({ pdf: "", pages: 1, letters: 1, warnings: [] }));
    handlers.set("paperwork_email", () => ({
      mailto: null, to: ["jane@example.org"], subject: "Who decides?", body: "Dear Jane,\n\nA long letter.", withoutEmail: [],
    }));
    await startLetter(user);
    await waitFor(() => expect(calls.some((c) => c.command === "paperwork_preview")).toBe(true));
    await user.click(screen.getByRole("button", { name: "Email it" }));
    expect(await screen.findByText(/too long to open in your email program/)).toBeTruthy();
    expect((screen.getByLabelText("Copy the text") as HTMLTextAreaElement).value).toContain("A long letter.");
    expect(desktop.openInBrowser).not.toHaveBeenCalled();
  });

  it("refuses a day that does not exist when marking it sent", async () => {
    const user = userEvent.setup();
    await startLetter(user);
    const day = screen.getAllByLabelText("Day")[0];
    await user.clear(day);
    await user.type(day, "31");
    const month = screen.getAllByLabelText("Month")[0];
    await user.clear(month);
    await user.type(month, "2");
    await user.click(screen.getByRole("button", { name: "Mark as sent" }));
    expect(await screen.findByText(/Enter the day, month and year as numbers/)).toBeTruthy();
    expect(calls.some((c) => c.command === "paperwork_mark_sent")).toBe(false);
  });
});
