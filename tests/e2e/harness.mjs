// Starts the real release app through tauri-driver (which drives it with WebKitWebDriver) and
// gives a WebdriverIO browser for it. Each start gets its own data folder through
// CAMPAIGN_KIT_DATA_DIR, exactly as a volunteer's USB-stick setup would.

import { spawn, execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import { afterEach } from "node:test";
import { remote } from "webdriverio";

export const ROOT = path.resolve(import.meta.dirname, "../..");
export const APP = process.env.CAMPAIGN_KIT_BIN ?? path.join(ROOT, "target/release/campaign-kit");
export const SHOTS = path.join(ROOT, "target/e2e-screenshots");
mkdirSync(SHOTS, { recursive: true });

/** The apps started and not yet quit, newest last: the one a failed test was looking at. */
const running = [];

// When a test fails, the window as it was is saved as target/e2e-screenshots/failed-NAME.png,
// so a failure seen once in CI can be looked at afterwards. Registered here, at the top of
// every test file that uses the harness (node runs each file in its own process).
afterEach(async (t) => {
  const app = running.at(-1);
  if (t.passed !== false || !app) return;
  const name = `failed-${t.fullName.replace(/[^A-Za-z0-9]+/g, "-").slice(0, 80)}`;
  // A window that no longer answers must not hold up the rest of the run.
  const gaveUp = new Promise((resolve) => setTimeout(resolve, 10000, "no answer"));
  const saved = screenshot(app.browser, name).then(() => "saved", (error) => error.message);
  console.error(`screenshot of the failed test's window (${name}.png): ${await Promise.race([saved, gaveUp])}`);
});

/**
 * Everything a test file writes (data folders, files to import, PDFs it saves) goes in one
 * folder of its own, removed when the file's tests end, so runs do not pile up in /tmp. When a
 * test failed it is kept, and its place printed, to look at beside the failure's screenshot.
 */
const SCRATCH = mkdtempSync(path.join(os.tmpdir(), "campaign-kit-e2e-"));
process.on("exit", (code) => {
  if (code === 0 && !process.exitCode) {
    rmSync(SCRATCH, { recursive: true, force: true });
  } else {
    console.error(`what the tests wrote is kept in ${SCRATCH}`);
  }
});

/** A path for a file or folder of this test file's own, in the folder removed at the end. */
export function scratchPath(name) {
  return path.join(SCRATCH, name);
}

export function newDataDir() {
  return mkdtempSync(path.join(SCRATCH, "data-"));
}

/** Runs the command line (the same binary, with a command) against a data folder. */
export function cli(dataDir, ...args) {
  return execFileSync(APP, ["--data-dir", dataDir, ...args], { encoding: "utf8" });
}

/**
 * Free ports for tauri-driver and the WebKitWebDriver behind it. All are held open together
 * while their numbers are read: asked for one at a time, the system may hand out the same
 * port twice, and then WebKitWebDriver cannot listen ("Unable to listen for HTTP server"),
 * tauri-driver spins on its dead socket and the session never starts (seen once in 35 runs).
 */
async function freePorts(count) {
  const servers = Array.from({ length: count }, () => net.createServer());
  try {
    return await Promise.all(
      servers.map(
        (server) =>
          new Promise((resolve, reject) => {
            server.on("error", reject);
            server.listen(0, "127.0.0.1", () => resolve(server.address().port));
          }),
      ),
    );
  } finally {
    // Closed (and the ports free again) before tauri-driver is given them.
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(() => resolve()))));
  }
}

async function waitForPort(port, what, ms = 20000) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    const open = await new Promise((resolve) => {
      const socket = net.connect(port, "127.0.0.1", () => {
        socket.end();
        resolve(true);
      });
      socket.on("error", () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} did not start on port ${port}`);
}

/** The app's processes in the process group `group` (tauri-driver's). */
function appPids(group) {
  try {
    return execFileSync("pgrep", ["-g", String(group), "-x", "campaign-kit"], { encoding: "utf8" })
      .trim().split("\n").filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** Asks the app to end (SIGTERM) and waits up to 5 s for it to go. */
async function endApp(group) {
  const pids = appPids(group);
  for (const pid of pids) {
    try {
      process.kill(pid, "SIGTERM");
    } catch {
      // Already gone.
    }
  }
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline && appPids(group).length > 0) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Starts the app on a data folder; returns { browser, quit }. `env` adds to its environment. */
export async function startApp(dataDir, { env = {} } = {}) {
  const [port, nativePort] = await freePorts(2);
  const driver = spawn("tauri-driver", ["--port", String(port), "--native-port", String(nativePort)], {
    env: {
      ...process.env,
      CAMPAIGN_KIT_DATA_DIR: dataDir,
      NO_AT_BRIDGE: "1", // WebKitGTK can stall on the accessibility bus under Xvfb
      // A link clicked in a test "opens" with the `true` command instead of a real browser
      // (xdg-open honours $BROWSER when no desktop is running).
      BROWSER: "true",
      ...env,
    },
    stdio: ["ignore", "inherit", "inherit"],
    // Its own process group, so quitting can stop WebKitWebDriver and the app with it: an app
    // left running once kept the whole test run from ending.
    detached: true,
  });
  const stopAll = () => {
    try {
      process.kill(-driver.pid, "SIGKILL");
    } catch {
      driver.kill();
    }
  };
  try {
    // tauri-driver listens at once, and starts WebKitWebDriver, which takes a moment longer to
    // listen. A session asked for in that moment is refused ("tcp connect error: Connection
    // refused", seen once in a fresh-clone run): wait for both.
    await waitForPort(port, "tauri-driver");
    await waitForPort(nativePort, "WebKitWebDriver");
    const browser = await remote({
      hostname: "127.0.0.1",
      port,
      logLevel: "error",
      connectionRetryCount: 2,
      capabilities: { "tauri:options": { application: APP } },
    });
    await browser.$("h1").waitForExist({ timeout: 20000 });
    // The app's own window. WebDriver sends every command to one "current" window; a test that
    // switches to another (the presenter view) and fails there would leave the next test
    // talking to it, so each test starts by coming back here.
    const mainWindow = await browser.getWindowHandle();
    const app = {
      browser,
      mainWindow,
      async toMainWindow() {
        const open = await browser.getWindowHandles();
        if (!open.includes(mainWindow)) throw new Error("The app's main window has gone.");
        await browser.switchToWindow(mainWindow);
      },
      async quit() {
        if (running.includes(app)) running.splice(running.indexOf(app), 1);
        // Ends the app as the system does at shut-down (SIGTERM), so it closes its data
        // cleanly; killing it outright would leave the next start to check the whole file,
        // as after a crash.
        await endApp(driver.pid);
        await browser.deleteSession().catch(() => {});
        stopAll();
      },
    };
    running.push(app);
    return app;
  } catch (error) {
    stopAll();
    throw error;
  }
}

/** Saves a PNG of the window as target/e2e-screenshots/NAME.png. */
export async function screenshot(browser, name) {
  await keepPainting(browser);
  await browser.saveScreenshot(path.join(SHOTS, `${name}.png`));
}

/**
 * WebKitWebDriver takes a screenshot after the window's next paint. Without a graphics chip
 * (as under Xvfb here) the app paints without compositing, and a page with nothing changing is
 * never painted again, so the screenshot would wait for ever. For the next second or so, a
 * dot nobody can see (one pixel at 0.1 % opacity) changes on every frame, and is then removed.
 */
async function keepPainting(browser) {
  await browser.execute(() => {
    const dot = document.createElement("div");
    dot.setAttribute("aria-hidden", "true");
    dot.style.cssText = "position:fixed;left:0;top:0;width:1px;height:1px;pointer-events:none";
    document.body.append(dot);
    let frames = 0;
    const tick = () => {
      dot.style.opacity = frames % 2 ? "0" : "0.001";
      if (++frames < 90) requestAnimationFrame(tick);
      else dot.remove();
    };
    requestAnimationFrame(tick);
  });
}

/** The two screens volunteers' laptops most often have. */
export const SCREENS = [
  [1280, 720],
  [1366, 768],
];

/**
 * Saves NAME-1280x720.png and NAME-1366x768.png: the window at each size, as on those
 * screens. `check` runs at each size (for example, that a button is in view). The window goes
 * back to its size before.
 */
export async function screenshotsAtScreenSizes(browser, name, check = async () => {}) {
  const before = await browser.getWindowSize();
  try {
    for (const [width, height] of SCREENS) {
      await browser.setWindowSize(width, height);
      await browser.waitUntil(async () => (await browser.execute(() => window.innerWidth)) <= width, { timeout: 5000 });
      await browser.pause(150); // one frame to lay out again
      await check(width, height);
      await screenshot(browser, `${name}-${width}x${height}`);
    }
  } finally {
    await browser.setWindowSize(before.width, before.height);
  }
}

/** Whether the element is wholly inside the window's visible area (no scrolling needed). */
export async function inViewport(browser, selector) {
  return browser.execute((sel) => {
    const box = document.querySelector(sel)?.getBoundingClientRect();
    return !!box && box.width > 0 && box.top >= 0 && box.left >= 0 && box.bottom <= window.innerHeight && box.right <= window.innerWidth;
  }, selector);
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** Runs axe-core (bundled from npm, never fetched) in the window; returns serious and critical violations. */
export async function accessibilityProblems(browser) {
  await browser.execute(`${axeSource}; window.__axe = axe;`);
  const violations = await browser.executeAsync((done) => {
    window.__axe
      .run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } })
      .then((result) =>
        // An empty list only means something if axe really checked the page.
        done(result.passes.length === 0
          ? [{ id: "axe-checked-nothing", impact: "critical", nodes: [] }]
          : result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(" ")) }))))
      .catch((error) => done([{ id: "axe-failed", impact: "critical", nodes: [String(error)] }]));
  });
  return violations.filter((v) => v.impact === "serious" || v.impact === "critical");
}

/** The visible text of the page's main heading. */
export async function heading(browser) {
  return (await browser.$("h1")).getText();
}

/** Clicks a link in the top navigation by its route name. */
export async function openSection(browser, route) {
  await (await browser.$(`nav a[data-route="${route}"]`)).click();
  await browser.waitUntil(async () => (await browser.execute(() => location.hash)) === (route === "home" ? "#/" : `#/${route}`));
}

/** Sets a text field's value the way typing would, in one go (fast for long text). */
export async function fill(browser, selector, text) {
  await browser.execute(
    (sel, value) => {
      const field = document.querySelector(sel);
      field.value = value;
      field.dispatchEvent(new Event("input", { bubbles: true }));
    },
    selector,
    text,
  );
}

/** Calls one of the app's commands the way the window does. (A failure comes back as
 * `problem`, not `error`: WebDriver would read a result with an `error` key as its own.) */
export async function invoke(browser, command, args) {
  return browser.executeAsync(
    (cmd, a, done) => {
      window.__TAURI_INTERNALS__.invoke(cmd, a).then(
        (value) => done({ ok: true, value }),
        (problem) => done({ ok: false, problem }),
      );
    },
    command,
    args,
  );
}
