// Benchmark: cold start to the first screen, and memory once idle.
// Run under a display, e.g.:  xvfb-run -a dbus-run-session -- node tests/bench/startup.mjs
// Two start times are given: from the app's process starting to the home screen being painted
// (what a person waits for after a double-click: the home screen marks the moment with
// performance.mark, and the process's start comes from /proc), and from starting the WebDriver
// programs to the heading being found (which adds their own start-up and polling).
// Memory is the proportional set size (PSS: shared libraries counted fairly) of the app and
// every process it started (WebKit's web and network processes), after 5 s idle.
// DATA_DIR=folder starts every run on that data (a million signatures, say: see the README)
// instead of a new, empty folder.
// One start before the measured ones is not counted. Under a new `dbus-run-session` it is the
// one that waits for D-Bus to start the desktop portal (GTK asks for it), which a volunteer's
// desktop has running from the moment they log in; on a DATA_DIR it also makes the day's
// check and backup of the file.

import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { newDataDir, startApp } from "../e2e/harness.mjs";
import { treeMemory } from "./process-memory.mjs";

const RUNS = Number(process.env.RUNS ?? 5);

/** When the process started, in ms since 1970: /proc gives it in clock ticks since boot. */
function processStartEpochMs(pid) {
  const ticksPerSecond = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim());
  // The command name, in brackets, may hold spaces: the fields are counted after it.
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const startTicks = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19]);
  const sinceBootMs = Number(readFileSync("/proc/uptime", "utf8").split(" ")[0]) * 1000;
  return Date.now() - sinceBootMs + (startTicks * 1000) / ticksPerSecond;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
let lastTree = [];
const starts = [];
const firstScreens = [];
const beforePage = [];
const inPage = [];
const windowShown = [];
const dataStatus = [];
const memories = [];
{
  const warmUp = await startApp(process.env.DATA_DIR ?? newDataDir());
  await warmUp.browser.waitUntil(async () => (await warmUp.browser.$("h1").getText()) === "What would you like to do?");
  await warmUp.quit();
}
for (let run = 0; run < RUNS; run++) {
  const t0 = performance.now();
  const app = await startApp(process.env.DATA_DIR ?? newDataDir());
  await app.browser.waitUntil(async () => (await app.browser.$("h1").getText()) === "What would you like to do?");
  starts.push(performance.now() - t0);
  const pid = Number(execFileSync("pgrep", ["-n", "-f", "release/campaign-kit"], { encoding: "utf8" }).trim());
  // The page's clock starts when WebKit begins loading it: before that, the time is WebKit's
  // own start-up; after it, the page's (scripts, asking for the data, the first paint).
  const { pageStart, painted, shown, askingForData } = await app.browser.waitUntil(() =>
    app.browser.execute(() => {
      const at = (name) => performance.getEntriesByName(`campaign-kit:${name}`)[0]?.startTime;
      const painted = at("first-screen");
      return painted === undefined
        ? false
        : { pageStart: performance.timeOrigin, painted, shown: at("window-shown"), askingForData: at("status-known") - at("status-asked") };
    }),
  );
  windowShown.push(shown);
  dataStatus.push(askingForData);
  const processStart = processStartEpochMs(pid);
  firstScreens.push(pageStart + painted - processStart);
  beforePage.push(pageStart - processStart);
  inPage.push(painted);
  await new Promise((r) => setTimeout(r, 5000));
  const memory = treeMemory(pid);
  memories.push(memory.totalMiB);
  lastTree = memory.byProcess;
  await app.quit();
}
console.log(`cold start, the app's process starting to the home screen painted: median ${median(firstScreens).toFixed(0)} ms (runs: ${firstScreens.map((s) => s.toFixed(0)).join(", ")})`);
console.log(`  of which WebKit starting, to the page beginning to load: median ${median(beforePage).toFixed(0)} ms (runs: ${beforePage.map((s) => s.toFixed(0)).join(", ")}); the page loading, asking for the data and painting: median ${median(inPage).toFixed(0)} ms (runs: ${inPage.map((s) => s.toFixed(0)).join(", ")})`);
console.log(`  in the page: the window shown at ${median(windowShown).toFixed(0)} ms, asking for the data's status ${median(dataStatus).toFixed(0)} ms (medians)`);
console.log(`the same from starting the WebDriver programs to finding the heading: median ${median(starts).toFixed(0)} ms (runs: ${starts.map((s) => s.toFixed(0)).join(", ")})`);
console.log(`idle memory (PSS, app + WebKit processes): median ${median(memories).toFixed(1)} MiB (runs: ${memories.map((m) => m.toFixed(1)).join(", ")})`);
console.log(`by process (last run, MiB): ${lastTree.filter((t) => !t.endsWith(" 0.0")).join("; ")}`);
process.exit(0);
