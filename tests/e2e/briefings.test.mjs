// Briefings as a volunteer uses them: open one, search and land on the right section, and
// import a file that tries to run code, which must not run.

import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { accessibilityProblems, heading, newDataDir, openSection, screenshot, startApp } from "./harness.mjs";

/** Opens the Briefings screen afresh (via Home), so each test starts at the list. */
async function openBriefings(browser) {
  await openSection(browser, "home");
  await openSection(browser, "briefings");
  await browser.$("#briefing-search").waitForDisplayed();
}

describe("briefings", () => {
  let app;
  before(async () => (app = await startApp(newDataDir())));
  after(async () => app?.quit());

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
    const file = path.join(os.tmpdir(), `hostile-${process.pid}.md`);
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

    // A link does not take the window away; it says where it goes.
    await (await browser.$("article a")).click();
    assert.match(await browser.$("article [role=status]").getText(), /https:\/\/www\.example\.org\//);
    assert.match(await browser.execute(() => location.href), /^(tauri|http):\/\/(tauri\.)?localhost/);
    assert.equal(await browser.execute(() => window.pwned), null);
  });

  it("text can be made larger and high-contrast", async () => {
    const { browser } = app;
    await openBriefings(browser);
    await (await browser.$('button[data-briefing="hssf-private-suppliers"]')).click();
    await browser.waitUntil(async () => (await heading(browser)).startsWith("The Health Systems Support Framework"));
    const size = () => browser.execute(() => parseFloat(getComputedStyle(document.querySelector("article")).fontSize));
    const before = await size();
    await (await browser.$("button=Larger text")).click();
    await (await browser.$("button=Larger text")).click();
    assert.ok((await size()) > before * 1.3, "text is larger");
    await (await browser.$("button=High contrast")).click();
    assert.equal(await browser.execute(() => getComputedStyle(document.querySelector("article")).backgroundColor), "rgb(0, 0, 0)");
    await screenshot(browser, "13-briefing-large-high-contrast");
    assert.deepEqual(await accessibilityProblems(browser), []);
  });
});
