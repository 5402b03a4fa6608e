// Letters as a campaign group writes them: a letter to the MP from the template, filled in
// with the group's details and the MP's address from the address book, previewed as the real
// PDF, saved as PDF and Word, marked sent and then replied; an FOI request that goes overdue
// and shows on the home screen; the address book refusing a wrong email beside its box.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { after, before, beforeEach, describe, it } from "node:test";
import { accessibilityProblems, cli, fill, heading, invoke, newDataDir, openSection, scratchPath, screenshot, startApp } from "./harness.mjs";


/** Waits until the preview has been drawn again since draw number `since`. */
async function previewAfter(browser, since) {
  await browser.waitUntil(
    async () => {
      const drawn = await browser.execute(() => document.querySelector(".preview")?.dataset.drawnAt ?? "");
      return drawn !== "" && drawn !== since;
    },
    { timeout: 20000, timeoutMsg: "the preview was never drawn" },
  );
  return browser.execute(() => document.querySelector(".preview").dataset.drawnAt);
}

async function warnings(browser) {
  return browser.execute(() => [...document.querySelectorAll(".warnings li")].map((li) => li.textContent));
}


async function inViewport(browser, selector) {
  return browser.execute((sel) => {
    const box = document.querySelector(sel)?.getBoundingClientRect();
    return !!box && box.top >= 0 && box.bottom <= window.innerHeight;
  }, selector);
}

async function message(browser, text) {
  await browser.$(`p.message*=${text}`).waitForDisplayed({ timeout: 10000 });
}

describe("letters", () => {
  const dataDir = newDataDir();
  const out = scratchPath("letters");
  let app;
  let letterId;
  before(async () => {
    execFileSync("mkdir", ["-p", out]);
    cli(dataDir, "group", "set", "--name", "KONP Camden", "--email", "camden@example.org", "--phone", "020 7946 0000");
    const csv = path.join(out, "people.csv");
    writeFileSync(csv, "Name,Role,Organisation,Address,Postcode,Email,Constituency\r\n" +
      "Jane Smith MP,MP,House of Commons,London,SW1A 0AA,jane.smith@example.org,Holborn and St Pancras\r\n" +
      "Cllr Ali Khan,Councillor,Camden Council,\"Town Hall\nJudd Street\nLondon\",WC1H 9JE,ali@example.org,King's Cross\r\n");
    cli(dataDir, "letter", "people", "import", csv);
    app = await startApp(dataDir);
  });
  after(async () => app?.quit());
  beforeEach(async () => app?.toMainWindow());

  it("writes a letter to the MP from the template, with the live preview", async () => {
    const { browser } = app;
    await openSection(browser, "letters");
    await browser.waitUntil(async () => (await heading(browser)) === "Letters, motions and requests");
    await browser.$('button[data-template="letter-to-mp"]').waitForDisplayed();
    await screenshot(browser, "40-letters");
    assert.deepEqual(await accessibilityProblems(browser), []);

    await browser.$('button[data-template="letter-to-mp"]').click();
    await browser.$("#paper-body").waitForDisplayed();
    let drawn = await previewAfter(browser, "");
    // Print or save is at the top: in view as the editor opens, without scrolling.
    assert.equal(await inViewport(browser, ".output-bar .button"), true);
    // Nobody chosen yet: the letter says so before anything goes.
    assert.ok((await warnings(browser)).some((w) => w.startsWith("Choose who it is to")));
    // The preview arrives a moment after each change, and the warnings above its page come
    // and go. Its box keeps one height, so Mark as sent and the rest under it never move
    // while someone reaches for them.
    const previewHeight = () => browser.execute(() => document.querySelector(".letter-preview").getBoundingClientRect().height);
    const heightBefore = await previewHeight();
    await browser.$("label*=Jane Smith MP").click();
    drawn = await previewAfter(browser, drawn);
    assert.ok(!(await warnings(browser)).some((w) => w.startsWith("Choose who it is to")));
    assert.equal(await previewHeight(), heightBefore, "the preview box keeps its height as warnings go");

    const body = await browser.$("#paper-body").getValue();
    await fill(browser, "#paper-body", body
      .replace("[add one local fact: a closure, a cut, a long wait or a new contract]",
        "the walk-in centre on Camden High Street closed in March")
      .replace("[your name]", "Sam Patel"));
    drawn = await previewAfter(browser, drawn);
    await browser.waitUntil(async () => (await warnings(browser)).length === 0,
      { timeout: 10000, timeoutMsg: `still warned: ${JSON.stringify(await warnings(browser))}` });
    await browser.waitUntil(async () => (await browser.$('p[role="status"]').getText()) === "All changes saved");
    await screenshot(browser, "41-letter-editor");
    assert.deepEqual(await accessibilityProblems(browser), []);
    const pages = await browser.execute(() => Number(document.querySelector(".preview").dataset.pages));
    assert.equal(pages, 1);
    letterId = (await invoke(browser, "paperwork_list", {})).value[0].id;
  });

  it("saves the letter as a PDF and a Word file with the MP's address and the group's words", async () => {
    const { browser } = app;
    const saved = (await invoke(browser, "paperwork_get", { id: letterId })).value;
    const pdf = path.join(out, "letter.pdf");
    const made = await invoke(browser, "paperwork_save_pdf", { id: letterId, text: saved.text, recipients: saved.recipients, path: pdf });
    assert.equal(made.ok, true, JSON.stringify(made));
    const text = execFileSync("pdftotext", [pdf, "-"], { encoding: "utf8" }).split(/\s+/).join(" ");
    for (const words of ["KONP Camden", "Jane Smith MP", "SW1A 0AA", "Dear Jane Smith MP,", "walk-in centre on Camden High Street", "Sam Patel"]) {
      assert.ok(text.includes(words), `${words} missing from the PDF: ${text}`);
    }
    const docx = path.join(out, "letter.docx");
    const word = await invoke(browser, "paperwork_save_word", { id: letterId, text: saved.text, recipients: saved.recipients, path: docx });
    assert.equal(word.ok, true, JSON.stringify(word));
    const xml = execFileSync("unzip", ["-p", docx, "word/document.xml"], { encoding: "utf8" });
    assert.ok(xml.includes("Dear Jane Smith MP,") && xml.includes("Sam Patel"), "the Word file has the letter");
    assert.ok(readFileSync(docx).subarray(0, 2).toString() === "PK", "a Word file is a zip");
  });

  it("marks the letter sent, then replied", async () => {
    const { browser } = app;
    await browser.$("label=By post").click();
    await browser.$("button=Mark as sent").click();
    await message(browser, "Marked as sent.");
    await browser.$("#reply-text").waitForDisplayed();
    await screenshot(browser, "42-letter-sent");
    await fill(browser, "#reply-text", "Thank you. I will raise this with the ICB chair.");
    await browser.$("button=Save the reply").click();
    await message(browser, "Reply saved.");
    assert.match(await browser.$(".record").getText(), /Now: Replied\./);
    await screenshot(browser, "43-letter-replied");
    assert.deepEqual(await accessibilityProblems(browser), []);
    await browser.$("button=Back to letters").click();
    await browser.$(`li[data-document="${letterId}"]`).waitForDisplayed();
    assert.match(await browser.$(`li[data-document="${letterId}"]`).getText(), /Replied/);
  });

  it("shows an FOI request overdue, there and on the home screen", async () => {
    const { browser } = app;
    await browser.$('button[data-template="foi-request"]').click();
    await browser.$("#paper-body").waitForDisplayed();
    await browser.$("label*=Who sits on the board").click();
    // Sent 60 days ago: 20 working days have long passed.
    const sent = new Date(Date.now() - 60 * 86400000);
    for (const [box, value] of [["#sent-on-day", sent.getDate()], ["#sent-on-month", sent.getMonth() + 1], ["#sent-on-year", sent.getFullYear()]]) {
      await fill(browser, box, String(value));
    }
    await browser.$("label=By email").click();
    await browser.$("button=Mark as sent").click();
    await message(browser, "Marked as sent.");
    assert.match(await browser.$(".record").getText(), /The reply is overdue\./);
    await screenshot(browser, "44-foi-overdue");
    await openSection(browser, "home");
    await browser.$(".overdue-notice").waitForDisplayed();
    assert.match(await browser.$(".overdue-notice").getText(), /1 Freedom of Information request is overdue/);
    await screenshot(browser, "45-home-overdue");
    assert.deepEqual(await accessibilityProblems(browser), []);
  });

  it("refuses a wrong email in the address book beside its box, and adds nothing", async () => {
    const { browser } = app;
    await openSection(browser, "letters");
    await browser.$("button=People you write to").click();
    await browser.$("#person-name").waitForDisplayed();
    await fill(browser, "#person-name", "<b>Editor</b>, Camden New Journal");
    await fill(browser, "#person-email", "editor.example.org");
    await browser.$("button=Add this person").click();
    await browser.$("#person-email-error").waitForDisplayed();
    assert.match(await browser.$("#person-email-error").getText(), /has an @ in it/);
    await screenshot(browser, "46-people");
    assert.deepEqual(await accessibilityProblems(browser), []);
    const listed = await invoke(browser, "people_list", {});
    assert.equal(listed.value.length, 2, "nothing was added");
    await fill(browser, "#person-email", "editor@example.org");
    await browser.$("button=Add this person").click();
    // The name is kept and shown exactly as typed: as text, never as markup.
    await browser.waitUntil(async () => (await browser.execute(
      () => document.querySelector(".person-form p.message")?.textContent)) === "Added <b>Editor</b>, Camden New Journal.");
    assert.equal(await browser.execute(() => document.querySelector("main b")), null);
    assert.equal((await invoke(browser, "people_list", {})).value.length, 3);
  });
});
