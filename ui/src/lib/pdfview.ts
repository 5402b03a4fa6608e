// Draws a PDF into canvases with pdf.js (bundled: no CDN). The webview cannot show PDFs itself
// on Linux, and this shows the very PDF that will be printed, not an imitation of it.
// pdf.js 5 has no eval path at all (the CSP forbids eval anyway); glyphs are drawn as shapes
// (disableFontFace) so no fonts are loaded at run time; the worker is a file of our own,
// allowed by `worker-src 'self'`.

// pdf.js is loaded the first time a preview is drawn, not when the app starts: it is most of
// the app's JavaScript, and old laptops start faster without it.
import workerUrl from "pdfjs-dist/build/pdf.worker.min.mjs?url";

async function pdfjs() {
  const lib = await import("pdfjs-dist");
  lib.GlobalWorkerOptions.workerSrc = workerUrl;
  return lib;
}

// One worker for every preview: starting a worker means loading 1.2 MB of script, far too slow
// to do on each keystroke. It is kept while a screen that shows PDFs is open, and let go a
// minute after the last one closes: once the leaflets are put away, the laptop gets back the
// 40 to 50 MiB the worker held (`tests/bench/memory-after-leaflets.mjs`).
let worker: Promise<import("pdfjs-dist").PDFWorker> | null = null;
function sharedWorker() {
  worker ??= pdfjs().then((lib) => new lib.PDFWorker());
  return worker;
}

// A new worker costs about 0.2 s more on the next preview, so it is kept for a minute after
// the last screen showing PDFs closes: going to another screen and straight back keeps it.
export const LET_GO_AFTER_MS = 60_000;
let screensShowingPdfs = 0;
let letGoTimer: ReturnType<typeof setTimeout> | undefined;

/** For a screen that shows PDFs: call when it opens, and call what it returns when it closes,
 * so the worker is kept while it is open and let go once no such screen is. */
export function keepPdfWorker(): () => void {
  screensShowingPdfs += 1;
  clearTimeout(letGoTimer);
  let closed = false;
  return () => {
    if (closed) return;
    closed = true;
    screensShowingPdfs -= 1;
    if (screensShowingPdfs === 0) letGoTimer = setTimeout(letGoOfWorker, LET_GO_AFTER_MS);
  };
}

function letGoOfWorker() {
  const old = worker;
  worker = null;
  void old?.then((w) => w.destroy());
}

/** The PDF's bytes. pdf.js takes over the array it is given, so bytes are copied: the caller
 * keeps its own (the preview redraws them bigger on request). */
function bytesOf(pdf: string | Uint8Array): Uint8Array {
  if (typeof pdf !== "string") return pdf.slice();
  const text = atob(pdf);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

type PdfDocument = Awaited<ReturnType<typeof import("pdfjs-dist").getDocument>["promise"]>;

async function openPdf(pdf: string | Uint8Array): Promise<PdfDocument> {
  const { getDocument } = await pdfjs();
  const task = getDocument({ data: bytesOf(pdf), worker: await sharedWorker(), disableFontFace: true, useSystemFonts: false });
  return task.promise;
}

/** Draws page `n` of `doc` into a new canvas `width` CSS pixels wide. */
async function drawPage(
  doc: PdfDocument,
  n: number,
  width: number,
  label: (n: number, of: number) => string,
): Promise<HTMLCanvasElement> {
  const ratio = Math.min(window.devicePixelRatio || 1, 2);
  const page = await doc.getPage(n);
  const scale = width / page.getViewport({ scale: 1 }).width;
  const viewport = page.getViewport({ scale: scale * ratio });
  const canvas = document.createElement("canvas");
  canvas.width = Math.floor(viewport.width);
  canvas.height = Math.floor(viewport.height);
  canvas.style.width = `${Math.floor(viewport.width / ratio)}px`;
  canvas.setAttribute("role", "img");
  canvas.setAttribute("aria-label", label(n, doc.numPages));
  await page.render({ canvas, viewport }).promise;
  return canvas;
}

/** Renders every page (or the first `maxPages`) `width` CSS pixels wide; returns one canvas per page. */
export async function drawPdf(
  pdf: string | Uint8Array,
  width: number,
  label: (n: number, of: number) => string,
  maxPages = Infinity,
): Promise<HTMLCanvasElement[]> {
  const doc = await openPdf(pdf);
  try {
    const count = Math.min(doc.numPages, maxPages);
    // Every page asked for at once: the worker reads the next page while this one is drawn.
    const numbers = Array.from({ length: count }, (_, i) => i + 1);
    return await Promise.all(numbers.map((n) => drawPage(doc, n, width, label)));
  } finally {
    // Not waited for: the canvases are drawn, and the preview should not wait on the worker.
    void doc.destroy();
  }
}

/** Like `drawPdf`, but the pages `isShown` picks (or page 1 if none) are drawn first and handed
 * to `shown` at once, before the others are drawn: the page a person is looking at is redrawn
 * without waiting for the pages out of sight. Resolves to every canvas, in page order. */
export async function drawPdfShownFirst(
  pdf: Uint8Array,
  width: number,
  label: (n: number, of: number) => string,
  isShown: (n: number) => boolean,
  shown: (canvases: Map<number, HTMLCanvasElement>) => void,
): Promise<HTMLCanvasElement[]> {
  const doc = await openPdf(pdf);
  try {
    const numbers = Array.from({ length: doc.numPages }, (_, i) => i + 1);
    const picked = numbers.filter(isShown);
    const first = picked.length > 0 ? picked : [1];
    const drawn = new Map<number, HTMLCanvasElement>();
    const firstCanvases = await Promise.all(first.map((n) => drawPage(doc, n, width, label)));
    first.forEach((n, i) => drawn.set(n, firstCanvases[i]));
    shown(new Map(drawn));
    const rest = numbers.filter((n) => !drawn.has(n));
    const restCanvases = await Promise.all(rest.map((n) => drawPage(doc, n, width, label)));
    rest.forEach((n, i) => drawn.set(n, restCanvases[i]));
    return numbers.map((n) => drawn.get(n) as HTMLCanvasElement);
  } finally {
    void doc.destroy();
  }
}
