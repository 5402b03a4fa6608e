import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

// pdf.js needs a real browser: here its worker is a stand-in that notes when it is let go.
const workers: { destroyed: boolean }[] = [];
vi.mock("pdfjs-dist", () => ({
  GlobalWorkerOptions: {},
  PDFWorker: class {
    destroyed = false;
    constructor() {
      workers.push(this);
    }
    destroy() {
      this.destroyed = true;
    }
  },
  getDocument: () => ({ promise: Promise.resolve({ numPages: 0, destroy: async () => {} }) }),
}));

const { LET_GO_AFTER_MS, drawPdf, keepPdfWorker } = await import("./pdfview");
const label = (n: number, of: number) => `page ${n} of ${of}`;

describe("pdf.js's worker", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    workers.length = 0;
  });
  afterEach(() => vi.useRealTimers());

  it("is kept while a screen showing PDFs is open, and let go soon after the last one closes", async () => {
    const closeList = keepPdfWorker();
    await drawPdf(new Uint8Array(), 100, label);
    // Moving from the list to the editor: one screen opens as the other closes.
    const closeEditor = keepPdfWorker();
    closeList();
    await vi.advanceTimersByTimeAsync(2 * LET_GO_AFTER_MS);
    await drawPdf(new Uint8Array(), 100, label);
    expect(workers).toHaveLength(1);
    expect(workers[0].destroyed).toBe(false);

    closeEditor();
    closeEditor(); // closing twice counts once
    await vi.advanceTimersByTimeAsync(LET_GO_AFTER_MS - 1_000);
    expect(workers[0].destroyed).toBe(false);
    await vi.advanceTimersByTimeAsync(1_500);
    expect(workers[0].destroyed).toBe(true);

    // Opened again: a new worker draws.
    const closeAgain = keepPdfWorker();
    await drawPdf(new Uint8Array(), 100, label);
    expect(workers).toHaveLength(2);
    closeAgain();
    await vi.advanceTimersByTimeAsync(LET_GO_AFTER_MS + 500);
    expect(workers[1].destroyed).toBe(true);
  });

  it("is not let go if a screen opens again in the meantime", async () => {
    keepPdfWorker()();
    const close = keepPdfWorker();
    await drawPdf(new Uint8Array(), 100, label);
    await vi.advanceTimersByTimeAsync(2 * LET_GO_AFTER_MS);
    expect(workers).toHaveLength(1);
    expect(workers[0].destroyed).toBe(false);
    close();
  });
});
