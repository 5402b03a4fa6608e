// Petitions on the real app: the kiosk at a stall (one signer at a time, the next person sees
// nothing of the last, leaving needs the PIN, nothing else is reachable meanwhile), typing in
// a paper sheet by keyboard, the progress page, a CSV export that is safe to open, and the
// hand-in pack.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { after, before, beforeEach, describe, it } from "node:test";
import {
  accessibilityProblems, cli, heading, inViewport, invoke, newDataDir, openSection, screenshot, screenshotsAtScreenSizes, startApp,
} from "./harness.mjs";

const TITLE = "Keep our walk-in centre open";

/** Types into a field as a person would (key by key). */
async function type(browser, selector, text) {
  const field = await browser.$(selector);
  await field.clearValue();
  await field.setValue(text);
}

async function click(browser, text) {
  await (await browser.$(`button=${text}`)).click();
}

async function pageText(browser) {
  return browser.execute(() => document.body.innerText);
}


describe("petitions", () => {
  const dataDir = newDataDir();
  let app;
  let petitionId;
  before(async () => {
    cli(dataDir, "group", "set", "--name", "KONP Camden", "--email", "camden@example.org");
    const made = cli(dataDir, "petition", "create", "--title", TITLE, "--to", "Camden Council",
      "--request", "We ask Camden Council to oppose the closure of the walk-in centre.",
      "--target", "500", "--ask-email");
    petitionId = Number(/number (\d+)/.exec(made)[1]);
    cli(dataDir, "petition", "stall", String(petitionId), "--place", "Camden High Street", "--date", "2026-03-14");
    app = await startApp(dataDir);
  });
  after(async () => app?.quit());
  beforeEach(async () => app?.toMainWindow());

  it("lists what to fix in a summary that takes the focus when a new petition cannot be saved", async () => {
    const { browser } = app;
    await openSection(browser, "petitions");
    await browser.waitUntil(async () => (await heading(browser)) === "Petitions");
    await click(browser, "Start a new petition");
    await browser.waitUntil(async () => (await heading(browser)) === "A new petition");
    await click(browser, "Save the petition");
    const summary = await browser.$(".error-summary");
    await summary.waitForDisplayed({ timeout: 10000 });
    assert.equal(await browser.execute(() => document.activeElement?.classList.contains("error-summary")), true,
      "the summary has the focus, so Save never seems to do nothing");
    assert.ok(await inViewport(browser, ".error-summary"));
    assert.match(await summary.getText(), /There is a problem/);
    // Each line links to its field.
    await (await summary.$("a")).click();
    assert.equal(await browser.execute(() => document.activeElement?.id), "title");
    await screenshotsAtScreenSizes(browser, "petition-form-error-summary");
    assert.deepEqual(await accessibilityProblems(browser), []);
    await click(browser, "Cancel");
    await browser.waitUntil(async () => (await heading(browser)) === "Petitions");
  });

  it("opens the petition and sets the organiser's PIN", async () => {
    const { browser } = app;
    await openSection(browser, "petitions");
    await browser.waitUntil(async () => (await heading(browser)) === "Petitions");
    await click(browser, TITLE);
    await browser.waitUntil(async () => (await heading(browser)) === TITLE);
    await type(browser, "#pin", "4821");
    await click(browser, "Set the organiser's PIN");
    await (await browser.$("button=Start the kiosk")).waitForExist({ timeout: 10000 });
    const problems = await accessibilityProblems(browser);
    assert.deepEqual(problems, [], JSON.stringify(problems));
  });

  it("signs one person at a time at the kiosk, and the next person sees nothing of the last", async () => {
    const { browser } = app;
    await (await browser.$("#stall")).selectByVisibleText("Camden High Street, 14 March 2026");
    await click(browser, "Start the kiosk");
    await (await browser.$(".kiosk #kiosk-name")).waitForExist({ timeout: 10000 });
    assert.equal(await browser.$("nav").isExisting(), false, "no menu while the kiosk runs");

    await type(browser, "#kiosk-name", "Ann Lee");
    await type(browser, "#kiosk-postcode", "n19gu");
    await type(browser, "#kiosk-email", "ann.lee@example.org");
    await (await browser.$("#kiosk-name")).click(); // leaves the postcode: it is tidied
    await browser.waitUntil(async () => (await (await browser.$("#kiosk-postcode")).getValue()) === "N1 9GU");
    await screenshot(browser, "petitions-kiosk-form");
    const problems = await accessibilityProblems(browser);
    assert.deepEqual(problems, [], JSON.stringify(problems));
    await click(browser, "Sign the petition");
    await browser.waitUntil(async () => (await heading(browser)) === "Thank you for signing!");
    assert.ok(!(await pageText(browser)).includes("Ann Lee"), "the thank-you shows no details");
    // Saved for good before the thank-you: the command line, a separate process, sees it.
    assert.match(cli(dataDir, "petition", "progress", String(petitionId)), /1 of 500 signatures/);

    await click(browser, "Next person");
    await (await browser.$("#kiosk-name")).waitForExist();
    for (const field of ["#kiosk-name", "#kiosk-postcode", "#kiosk-email"]) {
      assert.equal(await (await browser.$(field)).getValue(), "", `${field} is empty for the next person`);
    }
    assert.ok(!(await pageText(browser)).includes("Ann Lee"));

    // Hostile names are just names.
    for (const name of ['=HYPERLINK("http://evil.example","x")', "<script>alert(1)</script>"]) {
      await type(browser, "#kiosk-name", name);
      await click(browser, "Sign the petition");
      await browser.waitUntil(async () => (await heading(browser)) === "Thank you for signing!");
      await click(browser, "Next person");
      await (await browser.$("#kiosk-name")).waitForExist();
    }
  });

  it("keeps the kiosk on screen and the data locked until the organiser's PIN is given", async () => {
    const { browser } = app;
    await browser.execute(() => (location.hash = "#/group"));
    await browser.pause(300);
    assert.ok(await browser.$(".kiosk").isExisting(), "the Back key or an address cannot leave the kiosk");
    // One gate refuses every organiser's command, whichever part of the app it belongs to.
    const tries = [
      ["petition_list", {}],
      ["group_save", { details: { name: "Taken over", contactEmail: "", phone: "", website: "", localArea: "", brandColour: "#000000" } }],
      ["restore_backup", {}],
      ["design_list", {}],
      ["briefing_list", {}],
      ["people_list", {}],
      ["protection_turn_on", { passphrase: "kettle orange bicycle tuesday", confirm: "kettle orange bicycle tuesday", sheet: "/tmp/x.pdf" }],
    ];
    for (const [command, args] of tries) {
      const answer = await invoke(browser, command, args);
      assert.equal(answer.ok, false, `${command} ran in the kiosk`);
      assert.equal(answer.problem.code, "kiosk_running", `${command}: organisers' commands are refused while the kiosk runs`);
    }

    await click(browser, "Organiser");
    await type(browser, "#kiosk-pin", "1111");
    await click(browser, "Leave the kiosk");
    await (await browser.$("p=That PIN is not right. Please try again.")).waitForExist({ timeout: 10000 });
    assert.ok(await browser.$(".kiosk").isExisting());
    await type(browser, "#kiosk-pin", "4821");
    await click(browser, "Leave the kiosk");
    await browser.waitUntil(async () => !(await browser.$(".kiosk").isExisting()), { timeout: 10000 });
    await browser.execute(() => (location.hash = "#/petitions"));
    await browser.waitUntil(async () => (await pageText(browser)).includes("3 of 500 signatures"), { timeout: 10000 });
    assert.match(cli(dataDir, "group", "show"), /KONP Camden/, "nothing the kiosk tried was saved");
  });

  it("clears a half-filled kiosk form nobody comes back to, and keeps Organiser in view on small screens", async () => {
    const { browser } = app;
    await click(browser, TITLE);
    await browser.waitUntil(async () => (await heading(browser)) === TITLE);
    // The stall comes first on the page: its steps are in view without scrolling.
    assert.ok(await inViewport(browser, ".stall-steps h2"), "the stall steps are at the top");
    await screenshotsAtScreenSizes(browser, "petition-page-stall-first");
    // The organiser shows signers the count; the idle time is cut from 90 to 5 seconds here.
    const set = await invoke(browser, "kiosk_set_options", { options: { showCount: true, idleSeconds: 5 } });
    assert.ok(set.ok, JSON.stringify(set));
    await click(browser, "Start the kiosk");
    await (await browser.$(".kiosk #kiosk-name")).waitForExist({ timeout: 10000 });
    assert.match(await pageText(browser), /3 people have signed so far\./);
    await screenshotsAtScreenSizes(browser, "kiosk-form", async (width, height) => {
      assert.ok(await inViewport(browser, ".kiosk-organiser button"), `Organiser is in view at ${width} x ${height}`);
    });
    assert.deepEqual(await accessibilityProblems(browser), []);

    // Someone starts, then walks away.
    await type(browser, "#kiosk-name", "Half typed");
    await type(browser, "#kiosk-email", "walked.away@example.org");
    await browser.$("h1=Are you still there?").waitForExist({ timeout: 15000 });
    await screenshotsAtScreenSizes(browser, "kiosk-still-there");
    assert.deepEqual(await accessibilityProblems(browser), []);
    // Nobody answers: the form is cleared, and nothing typed is left on screen.
    await (await browser.$(".kiosk #kiosk-name")).waitForExist({ timeout: 15000 });
    assert.equal(await (await browser.$("#kiosk-name")).getValue(), "");
    assert.equal(await (await browser.$("#kiosk-email")).getValue(), "");
    assert.ok(!(await pageText(browser)).includes("Half typed"));
    assert.match(cli(dataDir, "petition", "progress", String(petitionId)), /3 of 500 signatures/, "nothing was signed");

    // "Start again" clears at once.
    await type(browser, "#kiosk-name", "Wrong name");
    await click(browser, "Start again");
    assert.equal(await (await browser.$("#kiosk-name")).getValue(), "");

    await click(browser, "Organiser");
    await type(browser, "#kiosk-pin", "4821");
    await click(browser, "Leave the kiosk");
    await browser.waitUntil(async () => !(await browser.$(".kiosk").isExisting()), { timeout: 10000 });
    await invoke(browser, "kiosk_set_options", { options: { showCount: false, idleSeconds: 90 } });
    await (await browser.$("button=Back to all petitions")).click();
    await browser.waitUntil(async () => (await heading(browser)) === "Petitions");
  });

  it("types in a paper sheet by keyboard and checks the line count", async () => {
    const { browser } = app;
    await click(browser, TITLE);
    await browser.waitUntil(async () => (await heading(browser)) === TITLE);
    await click(browser, "Type in paper sheets");
    await browser.waitUntil(async () => (await heading(browser)) === "Type in paper sheets");
    await type(browser, "#sheet-number", "1");
    await (await browser.$("#sheet-stall")).selectByVisibleText("Camden High Street, 14 March 2026");
    await click(browser, "Open this sheet");
    await (await browser.$("#line-name")).waitForExist();
    for (const [name, postcode, line] of [["Bilal Khan", "e1 6an", 1], ["Siân Llŷr", "CF10 1AA", 2]]) {
      await type(browser, "#line-name", name);
      await type(browser, "#line-postcode", postcode);
      await browser.keys("Enter"); // Enter saves the line
      await (await browser.$(`p=Line ${line} saved.`)).waitForExist({ timeout: 10000 });
    }
    assert.equal(await (await browser.$("#line-number")).getValue(), "3", "the next line comes up");
    await type(browser, "#on-paper", "3");
    await click(browser, "All lines typed in");
    await (await browser.$("p=Sheet 1: 3 lines on the paper, 2 typed in.")).waitForExist({ timeout: 10000 });
    await screenshot(browser, "petitions-sheet-entry");
  });

  it("shows progress with paper and kiosk counted together", async () => {
    const { browser } = app;
    await click(browser, "Back to the petition");
    await browser.waitUntil(async () => (await pageText(browser)).includes("5 of 500 signatures"), { timeout: 10000 });
    // The list of signatures loads on its own, after the figures: wait for it too (it was
    // once checked before it had arrived, 1 run in 25).
    await browser.waitUntil(async () => (await pageText(browser)).includes("<script>alert(1)</script>"), {
      timeout: 10000,
      timeoutMsg: "a hostile name shows as text in the list of signatures",
    });
    const text = await pageText(browser);
    assert.match(text, /Kiosk\s+3/);
    assert.match(text, /Paper sheets\s+2/);
    assert.match(text, /Camden High Street, 2026-03-14\s+5/);
    assert.equal(await browser.execute(() => document.querySelectorAll("script:not([type=module])").length), 0);
    await screenshot(browser, "petitions-progress");
    const problems = await accessibilityProblems(browser);
    assert.deepEqual(problems, [], JSON.stringify(problems));
  });

  it("exports a CSV that a spreadsheet opens as plain text", async () => {
    const { browser } = app;
    const file = path.join(dataDir, "signatures.csv");
    const saved = await invoke(browser, "petition_csv_export", { petition: petitionId, kind: "all", path: file });
    assert.equal(saved.ok, true, JSON.stringify(saved));
    assert.equal(saved.value, 5);
    const csv = readFileSync(file, "utf8");
    assert.ok(csv.includes(`"'=HYPERLINK(""http://evil.example"",""x"")"`), csv);
    assert.ok(csv.includes("Siân Llŷr"));
    assert.ok(csv.includes("paper sheet 1 line 2"));
  });

  it("saves the hand-in pack as a PDF", async () => {
    const { browser } = app;
    const file = path.join(dataDir, "hand-in.pdf");
    const saved = await invoke(browser, "petition_hand_in_pack", { petition: petitionId, list: "nameAndDistrict", path: file });
    assert.equal(saved.ok, true, JSON.stringify(saved));
    assert.equal(readFileSync(file).subarray(0, 5).toString(), "%PDF-");
  });
});
