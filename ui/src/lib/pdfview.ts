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
// to do on each keystroke.
let worker: Promise<import("pdfjs-dist").PDFWorker> | null = null;
function sharedWorker() {
  worker ??= pdfjs().then((lib) => new lib.PDFWorker());
  return worker;
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

/** Renders every page (or the first `maxPages`) `width` CSS pixels wide; returns one canvas per page. */
export async function drawPdf(
  pdf: string | Uint8Array,
  width: number,
  label: (n: number, of: number) => string,
  maxPages = Infinity,
): Promise<HTMLCanvasElement[]> {
  const { getDocument } = await pdfjs();
  const task = getDocument({ data: bytesOf(pdf), worker: await sharedWorker(), disableFontFace: true, useSystemFonts: false });
  const doc = await task.promise;
  try {
    const ratio = Math.min(window.devicePixelRatio || 1, 2);
    const count = Math.min(doc.numPages, maxPages);
    // Every page asked for at once: the worker reads the next page while this one is drawn.
    const numbers = Array.from({ length: count }, (_, i) => i + 1);
    return await Promise.all(numbers.map(async (n) => {
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
    }));
  } finally {
    // Not waited for: the canvases are drawn, and the preview should not wait on the worker.
    void doc.destroy();
  }
}
