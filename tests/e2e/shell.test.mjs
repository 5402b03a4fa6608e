// The desktop shell as a volunteer meets it: home screen, the five sections, "Our group"
// saved and still there after a restart, a damaged data file restored, and no network.

import assert from "node:assert/strict";
import { readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { after, before, beforeEach, describe, it } from "node:test";
import {
  ROOT, accessibilityProblems, cli, heading, newDataDir, openSection, screenshot, screenshotsAtScreenSizes, startApp,
} from "./harness.mjs";

describe("a first start on a new laptop", () => {
  const dataDir = newDataDir();
  let app;
  before(async () => (app = await startApp(dataDir)));
  after(async () => app?.quit());
  beforeEach(async () => app?.toMainWindow());

  it("shows the home screen with the five sections", async () => {
    const { browser } = app;
    assert.equal(await heading(browser), "What would you like to do?");
    // The window starts hidden and is shown once its page has loaded, not by the fallback
    // that shows it after 3 s whatever happens.
    assert.equal(await browser.execute(() => document.visibilityState), "visible", "the window is shown");
    const shownAfterMs = await browser.execute(() => performance.getEntriesByName("campaign-kit:window-shown")[0]?.startTime ?? null);
    assert.ok(shownAfterMs !== null && shownAfterMs < 2000, `the window was shown ${shownAfterMs} ms after its page began to load`);
    const cards = await browser.$$("a.card");
    const titles = [];
    for (const card of cards) titles.push(await card.$(".card-title").getText());
    assert.deepEqual(titles, ["Briefings", "Leaflets and posters", "Petitions", "Letters", "Our group"]);
    assert.match(await browser.$("main").getText(), /telling Campaign Kit about your group/);
    // The first step is a link, not only words.
    assert.match(await browser.$("a=Tell us about your group").getProperty("href"), /#\/group$/);
    await screenshot(browser, "01-home");
    await screenshotsAtScreenSizes(browser, "01-home");
    assert.deepEqual(await accessibilityProblems(browser), []);
  });

  it("opens each section in one click, with no accessibility problems", async () => {
    const { browser } = app;
    const expected = { briefings: "Briefings", leaflets: "Leaflets and posters", petitions: "Petitions", letters: "Letters, motions and requests", group: "Our group" };
    for (const [route, title] of Object.entries(expected)) {
      await openSection(browser, route);
      await browser.waitUntil(async () => (await heading(browser)) === title, { timeoutMsg: `no ${title} heading` });
      await screenshot(browser, `02-section-${route}`);
      if (route === "petitions") {
        // Empty, the page says what to do first.
        assert.match(await browser.$("main").getText(), /You have no petitions yet\. Press “Start a new petition” above/);
        await screenshotsAtScreenSizes(browser, "02-section-petitions");
      }
      assert.deepEqual(await accessibilityProblems(browser), [], `accessibility on ${route}`);
    }
    await openSection(browser, "home");
  });

  it("is readable at 200% zoom: nothing runs off the side", async () => {
    const { browser } = app;
    for (const route of ["home", "group"]) {
      await openSection(browser, route);
      await browser.execute(() => (document.documentElement.style.zoom = "2"));
      const overflow = await browser.execute(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      await screenshot(browser, `03-zoom-200-${route}`);
      await browser.execute(() => (document.documentElement.style.zoom = ""));
      assert.ok(overflow <= 1, `${route} at 200% is ${overflow}px wider than the window`);
    }
  });

  it("reaches a section from the keyboard alone", async () => {
    const { browser } = app;
    await openSection(browser, "home");
    // Tab forward until the Petitions card has focus, then press Enter.
    let focused = "";
    for (let presses = 0; presses < 20 && focused !== "petitions"; presses++) {
      await browser.keys("Tab");
      focused = await browser.execute(() => document.activeElement?.getAttribute("data-section") ?? "");
    }
    assert.equal(focused, "petitions", "the Petitions card should be reachable with Tab");
    await screenshot(browser, "03-keyboard-focus");
    await browser.keys("Enter");
    await browser.waitUntil(async () => (await heading(browser)) === "Petitions");
    // Focus moves to the new screen's heading, so the next Tab starts there.
    assert.equal(await browser.execute(() => document.activeElement?.tagName), "H1");
  });

  it("explains mistakes beside the field and saves nothing", async () => {
    const { browser } = app;
    await openSection(browser, "group");
    await (await browser.$("#name")).setValue("Half-typed group");
    await (await browser.$("#contactEmail")).setValue("not-an-email");
    await (await browser.$("button[type=submit]")).click();
    const error = await browser.$("#contactEmail-error");
    await error.waitForDisplayed();
    assert.match(await error.getText(), /does not look right/);
    assert.equal(await browser.execute(() => document.activeElement?.id), "contactEmail", "focus goes to the field to fix");
    await screenshot(browser, "04-group-mistake");
    assert.match(cli(dataDir, "group", "show"), /^Name: \n/m, "nothing saved");
  });

  it("saves Our group, shown as plain text even when it looks like code", async () => {
    const { browser } = app;
    await openSection(browser, "group");
    await (await browser.$("#name")).setValue("KONP Camden <script>window.hacked=1</script>");
    await (await browser.$("#contactEmail")).setValue("camden@example.org");
    await (await browser.$("#phone")).setValue("020 7946 0000");
    await (await browser.$("#website")).setValue("www.example.org");
    await (await browser.$("#localArea")).setValue("North Central London");
    await (await browser.$("button[type=submit]")).click();
    const status = await browser.$(".message.ok");
    await status.waitForDisplayed();
    assert.match(await status.getText(), /Saved/);
    assert.equal(await browser.execute(() => window.hacked), null);
    assert.equal(await (await browser.$("#website")).getValue(), "https://www.example.org");
    await screenshot(browser, "05-group-saved");
    assert.deepEqual(await accessibilityProblems(browser), []);
  });

  it("takes a logo picture and refuses a file that is not one", async () => {
    const { browser } = app;
    await openSection(browser, "group");
    const input = await browser.$("input[type=file]");
    // The input is visually hidden behind its big label-button, so type the file's path into it
    // with the plain WebDriver command (WebdriverIO's setValue waits for it to be visible).
    const choose = (file) => browser.elementSendKeys(input.elementId, path.join(ROOT, file));
    await choose("src-tauri/icons/128x128.png");
    const logo = await browser.$("img.logo-preview");
    await logo.waitForDisplayed({ timeout: 10000 });
    assert.equal(await browser.execute((img) => img.naturalWidth, logo), 128);
    assert.match(cli(dataDir, "group", "show"), /^Logo: 128 x 128 pixels \(image\/png\)$/m);

    await choose("README.md");
    const problem = await browser.$(".logo-section [role=alert]");
    await problem.waitForDisplayed();
    assert.match(await problem.getText(), /not a PNG or JPEG/);
    assert.ok(await logo.isDisplayed(), "the saved logo stays");
    await (await browser.$(".logo-section")).scrollIntoView();
    await screenshot(browser, "05b-group-logo");
  });

  it("keeps what is typed when a logo is chosen, asks before leaving unsaved typing, and can undo deleting the logo", async () => {
    const { browser } = app;
    await openSection(browser, "group");
    const name = await browser.$("#name");
    await name.waitForDisplayed();
    await name.setValue("KONP Camden and Islington");
    await (await browser.$("#localArea")).setValue("Camden and Islington");
    const input = await browser.$("input[type=file]");
    await browser.elementSendKeys(input.elementId, path.join(ROOT, "src-tauri/icons/32x32.png"));
    await browser.waitUntil(async () => /32 x 32|32 × 32|32 by 32/.test(await browser.$(".logo-section").getText()), {
      timeout: 10000, timeoutMsg: "the new logo shows",
    });
    assert.equal(await name.getValue(), "KONP Camden and Islington", "the typing is still there");
    assert.equal(await (await browser.$("#localArea")).getValue(), "Camden and Islington");

    // Leaving with unsaved typing asks first.
    await (await browser.$('nav a[data-route="home"]')).click();
    const dialog = await browser.$("dialog.leave-dialog");
    await dialog.waitForDisplayed();
    await (await browser.$("button=Keep editing")).click();
    await dialog.waitForDisplayed({ reverse: true });
    assert.equal(await name.getValue(), "KONP Camden and Islington");
    await (await browser.$("button=Save our details")).click();
    await browser.$(".group-form [role=status]").waitForDisplayed();
    assert.match(cli(dataDir, "group", "show"), /KONP Camden and Islington/);

    // Deleting the logo puts it in the bin; Undo puts it back.
    await (await browser.$("button=Delete the logo")).click();
    await (await browser.$(".logo-section")).$("p*=in the bin").waitForDisplayed({ timeout: 10000 });
    assert.equal(await browser.$("img.logo-preview").isExisting(), false);
    await (await browser.$(".bin-section")).$("span*=Our logo").waitForDisplayed();
    await screenshotsAtScreenSizes(browser, "05c-group-logo-deleted");
    assert.deepEqual(await accessibilityProblems(browser), []);
    await (await (await browser.$(".logo-section")).$("button=Undo")).click();
    await browser.$("img.logo-preview").waitForDisplayed({ timeout: 10000 });
    assert.match(cli(dataDir, "group", "show"), /^Logo: 32 x 32 pixels/m);
  });

  it("loads nothing from outside the app and cannot reach the network", async () => {
    const { browser } = app;
    const urls = await browser.execute(() => [location.href, ...performance.getEntriesByType("resource").map((e) => e.name)]);
    const outside = urls.filter((u) => !/^(tauri|ipc):\/\/localhost|^http:\/\/(tauri|ipc)\.localhost/.test(u));
    assert.deepEqual(outside, [], `loaded from outside: ${outside.join(", ")}`);
    const fetched = await browser.executeAsync((done) => {
      fetch("https://example.org/").then(() => done("reached"), () => done("blocked"));
    });
    assert.equal(fetched, "blocked");
  });

  it("may call only Campaign Kit's own commands", async () => {
    const { browser } = app;
    const tryCall = (command) =>
      browser.executeAsync((cmd, done) => {
        window.__TAURI_INTERNALS__.invoke(cmd, {}).then(() => done("allowed"), (e) => done(`refused: ${e}`));
      }, command);
    assert.equal(await tryCall("group_get"), "allowed");
    // Tauri's own window and app commands are not granted, so they are refused.
    for (const command of ["plugin:app|version", "plugin:window|close", "plugin:webview|print"]) {
      assert.match(await tryCall(command), /^refused/, command);
    }
  });
});

describe("after quitting and starting again", () => {
  const dataDir = newDataDir();

  it("everything saved is still there, for the app and the command line alike", async () => {
    let app = await startApp(dataDir);
    await openSection(app.browser, "group");
    await (await app.browser.$("#name")).setValue("Save Our Surgeries Bristol");
    await (await app.browser.$("#localArea")).setValue("Bristol, North Somerset and South Gloucestershire");
    await (await app.browser.$("button[type=submit]")).click();
    await (await app.browser.$(".message.ok")).waitForDisplayed();
    // While it runs, the app's mark says it has the data open…
    assert.equal(readdirSync(path.join(dataDir, "in-use")).length, 1);
    await app.quit();
    // …and ended by the system (as at shut-down), it closes the data and takes the mark away,
    // so the next start knows there is no need to check the whole file.
    assert.deepEqual(readdirSync(path.join(dataDir, "in-use")), []);

    // The command line finds the data the app saved.
    assert.match(cli(dataDir, "group", "show"), /^Name: Save Our Surgeries Bristol$/m);

    app = await startApp(dataDir);
    try {
      assert.match(await app.browser.$("main").getText(), /Welcome, Save Our Surgeries Bristol/);
      await openSection(app.browser, "group");
      await app.browser.waitUntil(async () => (await (await app.browser.$("#name")).getValue()) === "Save Our Surgeries Bristol");
      assert.equal(await (await app.browser.$("#localArea")).getValue(), "Bristol, North Somerset and South Gloucestershire");
      await screenshot(app.browser, "06-after-restart");
    } finally {
      await app.quit();
    }
  });
});

describe("a damaged data file", () => {
  const dataDir = newDataDir();

  it("is explained, and the newest backup can be restored in one click", async () => {
    cli(dataDir, "group", "set", "--name", "KONP Leeds");
    cli(dataDir, "backup");
    writeFileSync(path.join(dataDir, "campaign-kit.sqlite3"), "this file was overwritten by mistake ".repeat(300));

    const app = await startApp(dataDir);
    try {
      const { browser } = app;
      assert.equal(await heading(browser), "Campaign Kit cannot open your data");
      assert.match(await browser.$("[role=alert]").getText(), /damaged/);
      // The backup is named by when it was made, and what restoring it would lose is said.
      assert.match(await browser.$("main").getText(),
        /The newest backup copy was made \d{1,2} [A-Z][a-z]+ 20\d\d, \d{1,2}(\.\d\d)?(am|pm)\. Restoring it brings everything back as it was then: anything typed or signed after that will be lost\./);
      assert.doesNotMatch(await browser.$("main").getText(), /sqlite3/);
      await screenshotsAtScreenSizes(browser, "07-damaged-data");
      assert.deepEqual(await accessibilityProblems(browser), []);
      await (await browser.$("button=Restore the newest backup copy")).click();
      await browser.waitUntil(async () => (await heading(browser)) === "What would you like to do?", { timeout: 10000 });
      assert.match(await browser.$("main").getText(), /Welcome, KONP Leeds/);
      await screenshot(browser, "08-restored");
    } finally {
      await app.quit();
    }
  });
});
