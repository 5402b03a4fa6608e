// Benchmark: memory once idle on the home screen, before and after making a leaflet. A
// volunteer opens the leaflets, starts one from a template, sees its preview, and goes back
// home: what the leaflet screens took should not stay taken for the rest of the day.
// Run under a display, e.g.:
//   xvfb-run -a dbus-run-session -- node tests/bench/memory-after-leaflets.mjs
// Memory is the PSS of the app and WebKit's processes (see process-memory.mjs), after 5 s
// idle each time (after the leaflets, 5 s more than the minute pdf.js's worker is kept).
// It also times opening the leaflets until every template's picture is drawn, the first time
// and again after going home (by then pdf.js's worker has been let go).
// RUNS=n (default 3) starts the app n times on a new, empty data folder.

import { execFileSync } from "node:child_process";
import { newDataDir, openSection, startApp } from "../e2e/harness.mjs";
import { treeMemory } from "./process-memory.mjs";

const RUNS = Number(process.env.RUNS ?? 3);
const IDLE_MS = 5000;
// pdf.js's worker is let go a minute after the leaflets close (ui/src/lib/pdfview.ts).
const WORKER_LET_GO_MS = 60_000;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const idle = () => new Promise((r) => setTimeout(r, IDLE_MS));

/** Opens the leaflets and waits for every template's picture: ms taken. */
async function openLeaflets(browser) {
  const t0 = performance.now();
  await openSection(browser, "leaflets");
  await browser.waitUntil(async () => browser.execute(() =>
    document.querySelectorAll(".template-card").length > 0
    && [...document.querySelectorAll(".template-picture")].every((box) => box.querySelector("canvas")?.width > 0)),
  { timeout: 20000, timeoutMsg: "the templates' pictures were never drawn" });
  return performance.now() - t0;
}

async function headingIs(browser, text) {
  await browser.waitUntil(async () => (await browser.$("h1").getText()) === text, { timeout: 20000 });
}

const before = [];
const after = [];
const firstOpen = [];
const openAgain = [];
let lastTree = [];
for (let run = 0; run < RUNS; run++) {
  const app = await startApp(newDataDir());
  const { browser } = app;
  await headingIs(browser, "What would you like to do?");
  const pid = Number(execFileSync("pgrep", ["-n", "-f", "release/campaign-kit"], { encoding: "utf8" }).trim());
  await idle();
  before.push(treeMemory(pid).totalMiB);

  firstOpen.push(await openLeaflets(browser));
  await browser.$('button[data-template="a5-public"]').waitForClickable({ timeout: 20000 });
  await browser.$('button[data-template="a5-public"]').click();
  await browser.waitUntil(
    async () => (await browser.execute(() => document.querySelector(".preview")?.dataset.drawnAt ?? "")) !== "",
    { timeout: 20000, timeoutMsg: "the leaflet's preview was never drawn" },
  );
  await openSection(browser, "home");
  await headingIs(browser, "What would you like to do?");
  await new Promise((r) => setTimeout(r, WORKER_LET_GO_MS));
  await idle();
  const memory = treeMemory(pid);
  after.push(memory.totalMiB);
  lastTree = memory.byProcess;
  // pdf.js's worker has been let go by now: opening the leaflets again starts a new one.
  openAgain.push(await openLeaflets(browser));
  await app.quit();
}
const list = (xs) => xs.map((m) => m.toFixed(1)).join(", ");
console.log(`idle on the home screen, at start: median ${median(before).toFixed(1)} MiB (runs: ${list(before)})`);
console.log(`idle on the home screen, after a leaflet's editor and preview: median ${median(after).toFixed(1)} MiB (runs: ${list(after)})`);
console.log(`opening the leaflets to every template's picture drawn: the first time median ${median(firstOpen).toFixed(0)} ms (runs: ${list(firstOpen)}); again, after home: median ${median(openAgain).toFixed(0)} ms (runs: ${list(openAgain)})`);
console.log(`by process (last run, MiB): ${lastTree.join("; ")}`);
