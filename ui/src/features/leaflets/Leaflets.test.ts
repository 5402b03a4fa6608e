import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { desktop, resetDesktop } from "../../test/desktop-fake";
import { calls, handlers, reset } from "../../test/tauri-mock";
import Leaflets from "./Leaflets.svelte";

vi.mock("../../lib/desktop", () => import("../../test/desktop-fake"));
// pdf.js needs a real browser; here a preview is a plain canvas per page.
vi.mock("../../lib/pdfview", () => {
  const page = (label: (n: number, of: number) => string) => {
    const canvas = document.createElement("canvas");
    canvas.setAttribute("role", "img");
    canvas.setAttribute("aria-label", label(1, 1));
    return canvas;
  };
  return {
    drawPdf: vi.fn(async (_pdf: Uint8Array, _width: number, label: (n: number, of: number) => string) => [page(label)]),
    keepPdfWorker: vi.fn(() => () => {}),
    drawPdfShownFirst: vi.fn(async (
      _pdf: Uint8Array, _width: number, label: (n: number, of: number) => string,
      _isShown: (n: number) => boolean, shown: (canvases: Map<number, HTMLCanvasElement>) => void,
    ) => {
      const canvas = page(label);
      shown(new Map([[1, canvas]]));
      return [canvas];
    }),
  };
});

const template = {
  id: "a5-public",
  name: "A5 leaflet for the public",
  description: "Two sides of A5.",
  paper: "A5",
  sides: 2,
  hasPhoto: true,
  hasEvent: false,
  qrMinimumMm: 20,
  canTile: false,
};

const design = {
  template: "a5-public",
  scheme: "nhs-blue",
  headline: "Who runs your NHS now?",
  subheading: "",
  body: "Text.",
  pullQuote: "",
  callToAction: "Sign",
  qrLink: "https://example.org",
  qrSizeMm: 25,
  sources: "",
  event: { date: "", time: "", place: "", speakers: "" },
  photo: { fit: "fill", focusX: 0.5, focusY: 0.5, zoom: 1, description: "" },
  showGroup: true,
  shrinkToFit: false,
};

beforeEach(() => {
  reset();
  resetDesktop();
  handlers.set("leaflet_templates", () => [template]);
  handlers.set("leaflet_schemes", () => [{ id: "nhs-blue", name: "NHS blue", swatch: "#005eb8" }]);
  handlers.set("leaflet_can_print", () => true);
  handlers.set("leaflet_template_picture", () => ({
    pdf: "JVBERi0=",
    report: { warnings: [], copiesPerSheet: 1, pages: 2 },
  }));
  handlers.set("design_list", () => []);
  handlers.set("design_create", () => ({ id: 7, name: template.name, design, hasPhoto: false }));
  handlers.set("design_save", (args) => ({ id: 7, hasPhoto: false, ...(args as object) }));
  // The preview arrives as raw bytes: the header's length, the header as JSON, the PDF.
  handlers.set("design_preview", () => {
    const header = new TextEncoder().encode(JSON.stringify({
      report: {
        warnings: [{ code: "text_overflow", message: "The last paragraph of the main text does not fit on the back.", field: "body", side: 2 }],
        copiesPerSheet: 2,
        pages: 2,
      },
      renderMs: 7,
    }));
    const frame = new Uint8Array(4 + header.length + 4);
    new DataView(frame.buffer).setUint32(0, header.length, true);
    frame.set(header, 4);
    frame.set(new TextEncoder().encode("%PDF"), 4 + header.length);
    return frame.buffer;
  });
});

describe("Leaflets", () => {
  it("shows each template as a picture of its front, and still lists it when the picture fails", async () => {
    const { drawPdf } = await import("../../lib/pdfview");
    const { container, unmount } = render(Leaflets);
    await screen.findByRole("button", { name: /Start: A5 leaflet for the public/ });
    await waitFor(() => expect(container.querySelector(".template-picture canvas")).toBeTruthy());
    expect(calls.find((c) => c.command === "leaflet_template_picture")?.args).toEqual({ template: "a5-public" });
    // Only the front: the card is small, and the back would double the drawing.
    expect(vi.mocked(drawPdf)).toHaveBeenCalledWith("JVBERi0=", 140, expect.any(Function), 1);
    unmount();

    handlers.set("leaflet_template_picture", () => {
      throw { code: "internal", message: "The picture could not be made.", fields: [] };
    });
    const again = render(Leaflets);
    const card = await screen.findByRole("button", { name: /Start: A5 leaflet for the public/ });
    await waitFor(() => expect(calls.filter((c) => c.command === "leaflet_template_picture").length).toBe(2));
    expect(card.textContent).toContain("Two sides of A5.");
    expect(again.container.querySelector(".template-picture canvas")).toBeNull();
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("starts a design from a template, previews each change and saves it", async () => {
    const user = userEvent.setup();
    render(Leaflets);
    await user.click(await screen.findByRole("button", { name: /Start: A5 leaflet for the public/ }));
    const headline = await screen.findByLabelText("Headline");
    expect((headline as HTMLInputElement).value).toBe("Who runs your NHS now?");

    await user.clear(headline);
    await user.type(headline, "Save our hospital");
    await waitFor(() => {
      const previews = calls.filter((c) => c.command === "design_preview");
      const last = previews[previews.length - 1]?.args as { design: { headline: string }; layout: unknown };
      expect(last.design.headline).toBe("Save our hospital");
      expect(last.layout).toEqual({ kind: "home", flip: "shortEdge" });
    });
    await waitFor(() => {
      const saves = calls.filter((c) => c.command === "design_save");
      expect((saves[saves.length - 1]?.args as { design: { headline: string } }).design.headline).toBe("Save our hospital");
    });
    expect(await screen.findByText(/does not fit on the back/)).toBeTruthy();
    expect(screen.getByRole("img", { name: "Preview of page 1 of 1" })).toBeTruthy();
  });

  it("says how many sheets make the copies, and prints the fronts then the backs by hand", async () => {
    const user = userEvent.setup();
    handlers.set("design_print", () => "request id is hp-12");
    render(Leaflets);
    await user.click(await screen.findByRole("button", { name: /Start: A5/ }));
    await user.click(await screen.findByRole("button", { name: "Print or save" }));
    const copies = await screen.findByLabelText("How many do you need?");
    await user.clear(copies);
    await user.type(copies, "200");
    expect(await screen.findByText("200 copies = 100 sheets of paper (2 on each sheet).")).toBeTruthy();

    await user.click(screen.getByLabelText(/turn the stack over by hand/));
    const backs = screen.getByRole("button", { name: "Step 2: print the backs" }) as HTMLButtonElement;
    expect(backs.disabled).toBe(true);
    await user.click(screen.getByRole("button", { name: /Step 1: print the fronts \(100 sheets\)/ }));
    await waitFor(() => expect(backs.disabled).toBe(false));
    expect(await screen.findByText(/Now take the printed sheets, turn the stack over/)).toBeTruthy();
    const job = calls.find((c) => c.command === "design_print")?.args as { sheets: number; pass: string };
    expect(job).toMatchObject({ sheets: 100, pass: "fronts" });
  });

  it("saves the PDF where the person chose, and cancelling saves nothing", async () => {
    const user = userEvent.setup();
    handlers.set("design_save_pdf", () => ({ warnings: [], copiesPerSheet: 2, pages: 2 }));
    render(Leaflets);
    await user.click(await screen.findByRole("button", { name: /Start: A5/ }));
    await user.click(await screen.findByRole("button", { name: "Print or save" }));
    await user.click(await screen.findByRole("button", { name: "Save as PDF…" }));
    expect(calls.some((c) => c.command === "design_save_pdf")).toBe(false);
    desktop.chooseSavePath.mockResolvedValueOnce("/home/v/leaflet.pdf");
    await user.click(screen.getByRole("button", { name: "Save as PDF…" }));
    expect(await screen.findByText("Saved “leaflet.pdf”. Open it to print, or take it to a print shop.")).toBeTruthy();
  });

  it("deletes a leaflet into the bin at once, and Undo puts it back", async () => {
    const user = userEvent.setup();
    const leaflet = { id: 3, name: "Stall <b>leaflet</b>", template: "a5-public", templateName: "A5 leaflet", updatedAt: "2026-11-22T10:00:00", hasPhoto: false };
    handlers.set("design_list", () => [leaflet]);
    handlers.set("design_delete", () => ({ id: 9, kind: "leaflet", title: leaflet.name, binnedAt: "2026-11-28T10:20:00", keptUntil: "2026-12-28" }));
    handlers.set("bin_put_back", () => ({ id: 9, kind: "leaflet", title: leaflet.name, binnedAt: "2026-11-28T10:20:00", keptUntil: "2026-12-28" }));
    render(Leaflets);
    const remove = await screen.findByRole("button", { name: "Delete: Stall <b>leaflet</b>" });
    handlers.set("design_list", () => []);
    await user.click(remove);
    expect(await screen.findByText(/Deleted “Stall <b>leaflet<\/b>”. It is in the bin/)).toBeTruthy();
    handlers.set("design_list", () => [leaflet]);
    await user.click(screen.getByRole("button", { name: "Undo" }));
    expect(await screen.findByText("“Stall <b>leaflet</b>” is back.")).toBeTruthy();
    expect(calls.find((c) => c.command === "bin_put_back")?.args).toEqual({ id: 9 });
    expect(screen.getByRole("button", { name: "Open: Stall <b>leaflet</b>" })).toBeTruthy();
    expect(document.querySelector("b")).toBeNull();
  });
});
