// Leaflets as a volunteer makes one: start from a template, type, watch the real PDF preview
// follow, get told when text does not fit or a QR code is too small, add a photo, and find
// the design still there after closing the app.

import assert from "node:assert/strict";
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { after, before, beforeEach, describe, it } from "node:test";
import {
  SCREENS, SHOTS, accessibilityProblems, cli, fill, heading, inViewport, newDataDir, openSection, scratchPath, screenshot, screenshotsAtScreenSizes, startApp,
} from "./harness.mjs";

/**
 * A stand-in for the printing system's `lp` command, first on the app's PATH: it notes what
 * it was asked to print and answers as CUPS does. So "Print" is offered and can be pressed,
 * with no printer attached.
 */
function fakePrinter() {
  const dir = mkdtempSync(scratchPath("lp-"));
  const log = path.join(dir, "printed.txt");
  writeFileSync(path.join(dir, "lp"), `#!/bin/sh\nprintf '%s\\n' "$*" >> "${log}"\necho "request id is HomeInkjet-$$ (1 file(s))"\n`);
  chmodSync(path.join(dir, "lp"), 0o755);
  return { env: { PATH: `${dir}:${process.env.PATH}` }, log };
}

/** Waits until the preview has been drawn again since draw number `since`; returns its timing. */
async function previewAfter(browser, since) {
  await browser.waitUntil(
    async () => {
      const drawn = await browser.execute(() => document.querySelector(".preview")?.dataset.drawnAt ?? "");
      return drawn !== "" && drawn !== since;
    },
    { timeout: 20000, timeoutMsg: "the preview was never drawn" },
  );
  return browser.execute(() => {
    const box = document.querySelector(".preview");
    const d = box.dataset;
    return {
      drawnAt: d.drawnAt,
      // To the pages on screen redrawn; every page is drawn by `allPages`.
      ms: Number(d.previewMs),
      allPages: Number(d.allPagesMs),
      pages: Number(d.pages),
      // Where the time went: waiting for an earlier preview, Rust making the PDF, carrying
      // it to the window, pdf.js drawing it.
      parts: { wait: Number(d.waitMs), rust: Number(d.rustMs), transfer: Number(d.transferMs), draw: Number(d.drawMs) },
    };
  });
}

async function warnings(browser) {
  return browser.execute(() => [...document.querySelectorAll(".warnings li")].map((li) => li.textContent));
}


describe("leaflets and posters", () => {
  const dataDir = newDataDir();
  const printer = fakePrinter();
  let app;
  before(async () => {
    cli(dataDir, "group", "set", "--name", "KONP Camden", "--email", "camden@example.org");
    app = await startApp(dataDir, { env: printer.env });
  });
  after(async () => app?.quit());
  beforeEach(async () => app?.toMainWindow());

  it("starts a leaflet from a template and previews the real PDF as you type", async () => {
    const { browser } = app;
    await openSection(browser, "leaflets");
    await browser.waitUntil(async () => (await heading(browser)) === "Leaflets and posters");
    await browser.$('button[data-template="a5-public"]').waitForDisplayed();
    // Each template shows a picture of its front, drawn from the real PDF.
    await browser.waitUntil(async () => browser.execute(() =>
      document.querySelectorAll(".template-card").length > 0
      && [...document.querySelectorAll(".template-picture")].every((box) => box.querySelector("canvas")?.width > 0)),
    { timeout: 20000, timeoutMsg: "every template has its picture" });
    await screenshot(browser, "20-leaflets");
    assert.deepEqual(await accessibilityProblems(browser), []);

    await browser.$('button[data-template="a5-public"]').click();
    await browser.$("#design-headline").waitForDisplayed();
    const first = await previewAfter(browser, "");
    assert.equal(first.pages, 2, "front and back of the A4 sheet");
    await screenshot(browser, "21-leaflet-editor");
    assert.deepEqual(await accessibilityProblems(browser), []);

    // Keystrokes: each one redraws the preview. The times, with where they went, go in the
    // figures file the README quotes (a benchmark, not a timed test: nothing here fails on
    // a slow machine).
    const times = [];
    let last = first.drawnAt;
    const field = await browser.$("#design-headline");
    await field.click();
    await browser.keys(["End"]);
    for (const key of " Now".split("")) {
      await browser.keys([key]);
      const drawn = await previewAfter(browser, last);
      last = drawn.drawnAt;
      times.push({ total: drawn.ms, allPages: drawn.allPages, ...drawn.parts });
    }
    // More keystrokes for steadier figures, taken back out again afterwards.
    for (const key of [..."abcdefghijklmnop", ..."x".repeat(16).split("").map(() => "Backspace")]) {
      await browser.keys([key]);
      const drawn = await previewAfter(browser, last);
      last = drawn.drawnAt;
      times.push({ total: drawn.ms, allPages: drawn.allPages, ...drawn.parts });
    }
    const totals = times.map((t) => t.total).sort((a, b) => a - b);
    const median = totals[Math.floor(totals.length / 2)];
    writeFileSync(path.join(SHOTS, "preview-times.json"), JSON.stringify({
      keystrokes: times.length, medianMs: median, worstMs: totals[totals.length - 1], keystrokeToPreviewMs: times,
    }, null, 1));
    assert.equal(await field.getValue(), "Who runs your NHS now? Now");
    await browser.waitUntil(async () => (await browser.$('p[role="status"]').getText()) === "All changes saved");
  });

  it("warns, with the side, when the text does not fit, and shrinks it on request", async () => {
    const { browser } = app;
    const before = await browser.execute(() => document.querySelector(".preview").dataset.drawnAt);
    const body = await browser.$("#design-body").getValue();
    await fill(browser, "#design-body", `${body}\n\n${"The trust's plans were discussed at a board meeting few people knew about. ".repeat(25)}`);
    await previewAfter(browser, before);
    const told = await warnings(browser);
    assert.ok(told.some((w) => /(does|do) not fit on the back/.test(w)), JSON.stringify(told));
    await screenshot(browser, "22-leaflet-overflow");

    await browser.$("label=Make the main text smaller if it does not fit").click();
    await browser.waitUntil(async () => (await warnings(browser)).some((w) => /made smaller to fit/.test(w)), {
      timeoutMsg: "shrink to fit did not make it fit",
    });

    // 100,000 characters: still a clear message, never a broken preview.
    await fill(browser, "#design-body", "word ".repeat(20000));
    await browser.waitUntil(async () => (await warnings(browser)).some((w) => /do not fit|does not fit/.test(w)));
    await fill(browser, "#design-body", body);
  });

  it("refuses a QR code too small to scan, saying why", async () => {
    const { browser } = app;
    await fill(browser, "#design-qr-size", "12");
    const alert = await browser.$(".preview-panel p.message.error");
    await alert.waitForDisplayed({ timeout: 10000 });
    assert.match(await alert.getText(), /too small for phones to read on A5: it needs at least 20 mm/);
    await fill(browser, "#design-qr-size", "25");
    await alert.waitForDisplayed({ reverse: true, timeout: 10000 });
  });

  it("offers the print choices with the sheet count", async () => {
    const { browser } = app;
    const top = 'button[data-action="print-or-save"]';
    await browser.execute(() => window.scrollTo(0, 0));
    assert.ok(await inViewport(browser, top), "Print or save is at the top of the editor");
    await (await browser.$(top)).click();
    await browser.$("#copies").waitForDisplayed();
    await fill(browser, "#copies", "200");
    const hint = await browser.$("#copies-sheets");
    await browser.waitUntil(async () => (await hint.getText()) === "200 copies = 100 sheets of paper (2 on each sheet).");
    const before = await browser.execute(() => document.querySelector(".preview").dataset.drawnAt);
    await browser.$("label=At a print shop").click();
    const shop = await previewAfter(browser, before);
    assert.equal(shop.pages, 2);
    await screenshot(browser, "23-leaflet-print-shop");
    assert.deepEqual(await accessibilityProblems(browser), []);
  });

  it("prints from the print choices, and says what happened beside the button", async () => {
    const { browser } = app;
    await browser.$("label=At home or in an office").click();
    // With a printer, Print is the main button.
    const print = await browser.$("button=Print 100 sheets");
    await print.waitForDisplayed();
    assert.match(await print.getAttribute("class"), /^button$/, "Print is the main (filled) button");
    // On each common laptop screen, from the top of the print choices: press Print, and what
    // happened is in view without scrolling.
    const before = await browser.getWindowSize();
    let last = "";
    for (const [width, height] of SCREENS) {
      await browser.setWindowSize(width, height);
      await browser.execute(() => window.scrollTo(0, 0));
      await print.click();
      const result = await browser.$(".print-result [role=status]");
      await browser.waitUntil(async () => (await result.isExisting()) && (await result.getText()) !== last,
        { timeout: 20000, timeoutMsg: "a new result shows" });
      last = await result.getText();
      assert.match(last, /Sent to the printer \(request id is HomeInkjet-\d+/);
      await browser.waitUntil(() => inViewport(browser, ".print-result [role=status]"),
        { timeout: 3000, timeoutMsg: `the result is in view at ${width} x ${height}` });
      await screenshot(browser, `leaflet-printed-${width}x${height}`);
    }
    await browser.setWindowSize(before.width, before.height);
    assert.deepEqual(await accessibilityProblems(browser), []);
    const asked = readFileSync(printer.log, "utf8");
    assert.match(asked, /^-n 100 -o sides=two-sided-short-edge -o fit-to-page=false -- \S+\.pdf$/m);
    await browser.$("button=Back to the words and pictures").click();
    await browser.$("#design-headline").waitForDisplayed();
  });

  it("keeps the design after the app is closed and opened again", async () => {
    await app.quit();
    app = await startApp(dataDir, { env: printer.env });
    const { browser } = app;
    await openSection(browser, "leaflets");
    const open = await browser.$("button=Open");
    await open.waitForDisplayed();
    await open.click();
    await browser.$("#design-headline").waitForDisplayed();
    assert.equal(await browser.$("#design-headline").getValue(), "Who runs your NHS now? Now");
  });

  it("deletes a leaflet into the bin, and Undo brings it back", async () => {
    const { browser } = app;
    await browser.$("button=Back to your leaflets").click();
    const remove = await browser.$("button=Delete");
    await remove.waitForDisplayed();
    await remove.click();
    const said = await browser.$("p*=is in the bin");
    await said.waitForDisplayed({ timeout: 10000 });
    assert.equal(await browser.$("button=Open").isExisting(), false, "gone from the list");
    await screenshotsAtScreenSizes(browser, "leaflet-deleted-undo");
    assert.deepEqual(await accessibilityProblems(browser), []);
    await browser.$("button=Undo").click();
    await browser.$("button=Open").waitForDisplayed({ timeout: 10000 });
    assert.match(await browser.$(".message[role=status]").getText(), /is back/);
    await browser.$("button=Open").click();
    await browser.$("#design-headline").waitForDisplayed();
    assert.equal(await browser.$("#design-headline").getValue(), "Who runs your NHS now? Now", "back whole");
  });
});
