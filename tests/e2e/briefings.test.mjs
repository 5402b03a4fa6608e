// Briefings as a volunteer uses them: open one, search and land on the right section, and
// import a file that tries to run code, which must not run.

import assert from "node:assert/strict";
import { existsSync, writeFileSync } from "node:fs";
import path from "node:path";
import { after, before, beforeEach, describe, it } from "node:test";
import {
  accessibilityProblems, cli, heading, invoke, newDataDir, openSection, scratchPath, screenshot, screenshotsAtScreenSizes, startApp,
} from "./harness.mjs";

/** Opens the Briefings screen afresh (via Home), so each test starts at the list. */
async function openBriefings(browser) {
  await openSection(browser, "home");
  await openSection(browser, "briefings");
  await browser.$("#briefing-search").waitForDisplayed();
}

describe("briefings", () => {
  const dataDir = newDataDir();
  let app;
  before(async () => (app = await startApp(dataDir)));
  after(async () => app?.quit());
  beforeEach(async () => app?.toMainWindow());

  it("lists the bundled briefings and opens one to read", async () => {
    const { browser } = app;
    await openBriefings(browser);
    const first = await browser.$('button[data-briefing="ics-in-two-minutes"]');
    await first.waitForDisplayed();
    await screenshot(browser, "10-briefings-list");
    assert.deepEqual(await accessibilityProblems(browser), []);
    await first.click();
    await browser.waitUntil(async () => (await heading(browser)) === "ICSs in two minutes");
    const text = await browser.$("article").getText();
    assert.match(text, /England is split into 42 of them/);
    assert.match(text, /Facts as of June 2021/);
    assert.match(text, /Sources/);
    await screenshot(browser, "11-briefing-reader");
    assert.deepEqual(await accessibilityProblems(browser), []);
  });

  it("finds words as you type and opens the briefing at the matching section", async () => {
    const { browser } = app;
    await openBriefings(browser);
    await (await browser.$("#briefing-search")).setValue("judicial rev");
    const hit = await browser.$("button.result");
    await hit.waitForDisplayed();
    assert.equal(await (await hit.$("mark")).getText(), "judicial");
    await screenshot(browser, "12-briefing-search");
    await hit.click();
    await browser.waitUntil(async () => (await browser.execute(() => document.activeElement?.textContent?.trim())) === "Where they came from", {
      timeoutMsg: "focus should land on the matching section",
    });
  });

  it("imports a group's own file, and nothing in it can run or reach out", async () => {
    const { browser } = app;
    await openBriefings(browser);
    const file = scratchPath("hostile.md");
    writeFileSync(
      file,
      [
        "# Our hostile test briefing",
        "",
        "<script>window.pwned = 'script'</script>",
        '<img src="x" onerror="window.pwned = \'onerror\'">',
        "",
        "![tracker](https://tracker.example/pixel.png)",
        "",
        "A [link to a site](https://www.example.org/) and **bold** text.",
      ].join("\n"),
    );
    const input = await browser.$("input[type=file]");
    await browser.elementSendKeys(input.elementId, file);
    const status = await browser.$(".import-section [role=status]");
    await status.waitForDisplayed();
    assert.match(await status.getText(), /Added “Our hostile test briefing”/);

    await (await browser.$('button[data-briefing="our-hostile-test-briefing"]')).click();
    await browser.waitUntil(async () => (await heading(browser)) === "Our hostile test briefing");
    assert.equal(await browser.execute(() => window.pwned), null);
    const html = await browser.execute(() => document.querySelector("article").innerHTML);
    for (const banned of ["<script", "onerror"]) assert.ok(!html.includes(banned), `${banned} in ${html}`);
    const images = await browser.execute(() => [...document.querySelectorAll("article img")].map((i) => i.getAttribute("src")));
    assert.deepEqual(images.filter((src) => src !== null), [], "no image may load from anywhere");

    // A link does not take the window away: it goes to the web browser, and says so.
    await (await browser.$("article a")).click();
    assert.match(await browser.$("main .message").getText(), /https:\/\/www\.example\.org\//);
    assert.match(await browser.execute(() => location.href), /^(tauri|http):\/\/(tauri\.)?localhost/);
    assert.equal(await browser.execute(() => window.pwned), null);
  });

  it("text can be made larger and high-contrast", async () => {
    const { browser } = app;
    await openBriefings(browser);
    await (await browser.$('button[data-briefing="hssf-private-suppliers"]')).click();
    await browser.waitUntil(async () => (await heading(browser)).startsWith("The Health Systems Support Framework"));
    const size = (selector) => app.browser.execute((sel) => parseFloat(getComputedStyle(document.querySelector(sel)).fontSize), selector);
    const background = () => app.browser.execute(() => getComputedStyle(document.body).backgroundColor);
    const before = await size("article");
    try {
      const tools = await browser.$(".reader-tools");
      await (await tools.$("button=Larger text")).click();
      await (await tools.$("button=Larger text")).click();
      assert.ok((await size("article")) > before * 1.3, "text is larger");
      await (await tools.$("button=High contrast")).click();
      assert.equal(await background(), "rgb(0, 0, 0)");
      await screenshot(browser, "13-briefing-large-high-contrast");
      assert.deepEqual(await accessibilityProblems(browser), []);
      // The choice holds on every screen, and after the app is closed and opened again.
      await openSection(browser, "petitions");
      assert.equal(await background(), "rgb(0, 0, 0)");
      assert.ok((await size("main")) > 18 * 1.3, "larger on other screens too");
      await screenshot(browser, "13b-petitions-large-high-contrast");
      assert.deepEqual(await accessibilityProblems(browser), []);
      await app.quit();
      app = await startApp(dataDir);
      assert.equal(await background(), "rgb(0, 0, 0)", "remembered after a restart");
    } finally {
      // Back to normal, so the tests after this one see the usual look.
      await invoke(app.browser, "display_set", { display: { textSize: 0, highContrast: false } });
      await app.quit();
      app = await startApp(dataDir);
    }
    assert.equal(await app.browser.execute(() => document.documentElement.classList.contains("high-contrast")), false);
  });

  it("explains a glossary term to a keyboard user", async () => {
    const { browser } = app;
    await openBriefings(browser);
    await (await browser.$('button[data-briefing="ics-in-two-minutes"]')).click();
    await browser.waitUntil(async () => (await heading(browser)) === "ICSs in two minutes");
    const term = await browser.$("article button.term");
    await term.waitForExist();
    // Tab from the contents list until a glossary term has focus, as a keyboard user would.
    for (let i = 0; i < 40; i++) {
      await browser.keys(["Tab"]);
      if (await browser.execute(() => document.activeElement?.classList.contains("term"))) break;
    }
    const tip = await browser.$("[role=tooltip]");
    await tip.waitForDisplayed();
    assert.match(await tip.getText(), /^[A-Z&]+.*: .+/);
    await screenshot(browser, "14-glossary-term");
  });

  it("presents a briefing as slides, with the notes only in the presenter window", async () => {
    const { browser } = app;
    await openBriefings(browser);
    await (await browser.$('button[data-briefing="ics-in-two-minutes"]')).click();
    await browser.waitUntil(async () => (await heading(browser)) === "ICSs in two minutes");
    const main = await browser.getWindowHandle();
    await (await browser.$("button=Present at a meeting")).click();
    await (await browser.$(".present")).waitForDisplayed();
    await browser.keys(["PageDown"]);
    await browser.waitUntil(async () => (await browser.$(".slide h1").getText()) === "The short answer");
    assert.match(await browser.$(".slide-count").getText(), /^Slide 2 of \d+$/);
    const notes = "Keep this to one breath";
    assert.ok(!(await browser.execute(() => document.body.textContent)).includes(notes), "no notes on the slides");
    await screenshot(browser, "15-present-mode");
    assert.deepEqual(await accessibilityProblems(browser), []);

    await (await browser.$("button=Presenter view")).click();
    await browser.waitUntil(async () => (await browser.getWindowHandles()).length === 2, { timeoutMsg: "presenter window" });
    const presenter = (await browser.getWindowHandles()).find((h) => h !== main);
    await browser.switchToWindow(presenter);
    await browser.waitUntil(async () => (await browser.execute(() => document.body.textContent)).includes(notes), {
      timeoutMsg: "the presenter window shows the notes for the slide on screen",
    });
    // The slide on screen and the next one, as pictures.
    assert.equal((await browser.$$(".slide-picture")).length, 2);
    assert.match(await browser.$(".presenter-slides").getText(), /Next: /);
    // The timer can be paused and reset.
    await (await browser.$("button=Pause the timer")).click();
    const paused = await browser.$(".presenter-timer").getText();
    await browser.pause(1500);
    assert.equal(await browser.$(".presenter-timer").getText(), paused, "a paused timer stands still");
    await (await browser.$("button=Reset the timer to 0:00")).click();
    assert.equal(await browser.$(".presenter-timer").getText(), "Time: 0:00");
    await (await browser.$("button=Start the timer again")).click();
    await screenshot(browser, "16-presenter-view");
    assert.deepEqual(await accessibilityProblems(browser), []);
    await (await browser.$("button=Next")).click();
    await browser.switchToWindow(main);
    await browser.waitUntil(async () => (await browser.$(".slide-count").getText()).startsWith("Slide 3 of"), {
      timeoutMsg: "the presenter's Next moves the slides",
    });
    await browser.keys(["Escape"]);
    await browser.waitUntil(async () => (await heading(browser)) === "ICSs in two minutes");
    assert.equal(await browser.$(".present").isExisting(), false);
    await browser.switchToWindow(presenter);
    await browser.waitUntil(async () => (await browser.execute(() => document.body.textContent)).includes("The presentation has ended"));
    // The presenter window may read briefings and close itself, and nothing more.
    const refused = await browser.executeAsync((done) => {
      window.__TAURI_INTERNALS__.invoke("group_get").then(() => done("allowed"), (e) => done(String(e)));
    });
    assert.match(refused, /not allowed/);
    // This button closes the very window it is in. After a click, WebKitWebDriver waits for
    // any page load in the clicked window, and answers "no such window" if the window has
    // already closed by then: the click worked, but whether the window is gone yet is a matter
    // of milliseconds. So the page presses the button itself, a moment after this command has
    // had its answer, and the test watches the window go from the main window.
    const close = await browser.$("button=Close this window");
    await close.waitForDisplayed();
    await browser.execute((button) => setTimeout(() => button.click(), 200), close);
    await browser.switchToWindow(main);
    await browser.waitUntil(async () => (await browser.getWindowHandles()).length === 1, {
      timeoutMsg: "Close this window closes the presenter window",
    });
  });

  it("writes, edits and deletes a briefing of the group's own", async () => {
    const { browser } = app;
    await openBriefings(browser);
    await (await browser.$("button=Write a new briefing")).click();
    // Where "Save the briefing" is on the page before any typing. It must stay there while the
    // preview follows the typing: a preview arriving as the button was pressed once pushed it
    // from under the pointer, and the press landed on the field above.
    const save = await browser.$("button=Save the briefing");
    const whereSaveIs = () => browser.execute((button) => button.getBoundingClientRect().top + window.scrollY, save);
    const saveWasAt = await whereSaveIs();
    await (await browser.$("#editor-title")).setValue("Our stall rota");
    // WebDriver types "\uE007" as the Enter key ("\n" is dropped).
    await (await browser.$("#editor-body")).setValue("## Saturdays\uE007\uE007Ten till one, outside the library.");
    await (await browser.$(".editor-preview")).$("h3=Saturdays").waitForDisplayed({ timeout: 10000 });
    assert.equal(await whereSaveIs(), saveWasAt, "the Save button stays put as the preview changes");
    await screenshot(browser, "17-briefing-editor");
    assert.deepEqual(await accessibilityProblems(browser), []);
    await save.click();
    await browser.waitUntil(async () => (await heading(browser)) === "Our stall rota");
    await (await browser.$("button=Edit")).click();
    const body = await browser.$("#editor-body");
    await body.setValue("## Saturdays\uE007\uE007Ten till two, outside the market.");
    await (await browser.$("button=Save the briefing")).click();
    await browser.waitUntil(async () => (await browser.$("article").getText()).includes("outside the market"));
    await (await browser.$("button=Delete")).click();
    await browser.$("#briefing-search").waitForDisplayed();
    assert.match(await browser.$(".import-section [role=status]").getText(), /Deleted “Our stall rota”. It is in the bin/);
    assert.equal(await browser.$('button[data-briefing="our-stall-rota"]').isExisting(), false);
    // Undo: back in the list, and found by search again.
    await (await browser.$("button=Undo")).click();
    await browser.$('button[data-briefing="our-stall-rota"]').waitForDisplayed({ timeout: 10000 });
    await (await browser.$("#briefing-search")).setValue("market");
    await (await browser.$(".results")).$("button*=Our stall rota").waitForDisplayed({ timeout: 10000 });
  });

  it("asks before leaving the briefing editor with changes, and keeps the typing if the app closes", async () => {
    const { browser } = app;
    await openBriefings(browser);
    await (await browser.$("button=Write a new briefing")).click();
    await (await browser.$("#editor-title")).setValue("Our AGM notes");
    // The toolbar writes the Markdown: a new slide, with its heading ready to type over.
    await (await browser.$("#editor-body")).click();
    // Typing replaces what is selected, as it would for a person.
    const typeOverSelection = async (expected, words) => {
      await browser.waitUntil(async () => (await browser.execute(() => {
        const box = document.querySelector("#editor-body");
        return box.value.slice(box.selectionStart, box.selectionEnd);
      })) === expected, { timeoutMsg: `"${expected}" is selected, ready to type over` });
      await browser.execute((text) => document.execCommand("insertText", false, text), words);
    };
    await (await browser.$('button[data-tool="new-slide"]')).click();
    await typeOverSelection("Heading of the new slide", "Who we are");
    await (await browser.$('button[data-tool="speaker-notes"]')).click();
    await typeOverSelection("What to say on this slide", "Welcome everyone");
    assert.equal(await (await browser.$("#editor-body")).getValue(), "## Who we are\n\n::: notes\nWelcome everyone\n:::\n");
    // The preview beside shows it as a slide, with the notes marked as notes.
    await (await browser.$(".editor-preview")).$("h3=Who we are").waitForDisplayed({ timeout: 10000 });
    assert.match(await browser.$(".preview-notes").getText(), /Speaker notes\s+Welcome everyone/);
    await screenshotsAtScreenSizes(browser, "briefing-editor-toolbar");
    assert.deepEqual(await accessibilityProblems(browser), []);

    // A click in the top menu asks first; "Keep editing" keeps everything.
    await (await browser.$('nav a[data-route="leaflets"]')).click();
    const dialog = await browser.$("dialog.leave-dialog");
    await dialog.waitForDisplayed();
    assert.equal(await browser.execute(() => location.hash), "#/briefings");
    await screenshot(browser, "briefing-editor-leave-asked");
    assert.deepEqual(await accessibilityProblems(browser), []);
    await (await browser.$("button=Keep editing")).click();
    await dialog.waitForDisplayed({ reverse: true });
    assert.equal(await (await browser.$("#editor-title")).getValue(), "Our AGM notes");

    // The typing is kept in the data file as it goes: the app closes, and it comes back.
    await browser.$(".kept-line*=was kept on this laptop").waitForDisplayed({ timeout: 10000 });
    await app.quit();
    app = await startApp(dataDir);
    const again = app.browser;
    await openBriefings(again);
    await (await again.$("button=Write a new briefing")).click();
    await again.$(".restored-notice").waitForDisplayed({ timeout: 10000 });
    assert.equal(await (await again.$("#editor-title")).getValue(), "Our AGM notes");
    assert.match(await (await again.$("#editor-body")).getValue(), /## Who we are/);

    // Cancel asks too; leaving without saving forgets the kept typing.
    await (await again.$("button=Cancel")).click();
    await (await again.$("button=Leave without saving")).click();
    await again.$("#briefing-search").waitForDisplayed();
    await (await again.$("button=Write a new briefing")).click();
    await again.$("#editor-title").waitForDisplayed();
    await again.pause(500);
    assert.equal(await (await again.$("#editor-title")).getValue(), "");
    assert.equal(await again.$(".restored-notice").isExisting(), false);
    await (await again.$("button=Cancel")).click();
    await again.$("#briefing-search").waitForDisplayed();
  });

  it("imports a pack from another group once, and refuses a broken one", async () => {
    const { browser } = app;
    // Another group makes a pack with the command line.
    const other = newDataDir();
    const notes = path.join(other, "notes.md");
    writeFileSync(notes, "# Leafleting the hospital\n\nStaff change shift at 7 in the morning.");
    cli(other, "briefing", "import", notes);
    const pack = path.join(other, "from-haringey.zip");
    cli(other, "briefing", "export-pack", pack);
    assert.ok(existsSync(pack));

    await openBriefings(browser);
    const input = await browser.$("input[type=file]");
    await browser.elementSendKeys(input.elementId, pack);
    const status = await browser.$(".import-section [role=status]");
    await browser.waitUntil(async () => /Added “Leafleting the hospital”/.test(await status.getText()));
    await openBriefings(browser);
    await browser.elementSendKeys((await browser.$("input[type=file]")).elementId, pack);
    await browser.waitUntil(async () => /already here: nothing changed/.test(await browser.$(".import-section [role=status]").getText()));
    const count = await browser.execute(() => document.querySelectorAll('button[data-briefing="leafleting-the-hospital"]').length);
    assert.equal(count, 1, "importing twice does not duplicate");

    const broken = path.join(other, "broken.zip");
    writeFileSync(broken, Buffer.from("PK\x03\x04 not really a zip"));
    await browser.elementSendKeys((await browser.$("input[type=file]")).elementId, broken);
    const alert = await browser.$(".import-section [role=alert]");
    await alert.waitForDisplayed();
    assert.match(await alert.getText(), /not a Campaign Kit briefing pack.*Nothing was imported/);
  });
});
