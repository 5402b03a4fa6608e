// Protecting a laptop's data as an organiser would: Our group shows how hard the passphrase
// is to guess, protection goes on with the recovery sheet saved, no signer's name is left in
// any file, and at the next start the app asks for the passphrase once, says plainly when it
// is wrong, and opens with the recovery key read off the sheet.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { accessibilityProblems, cli, fill, heading, invoke, newDataDir, openSection, scratchPath, screenshot, startApp } from "./harness.mjs";

const SIGNER = "Zebedee Quartermaine";
const PASSPHRASE = "kettle orange bicycle tuesday";



async function pageText(browser) {
  return browser.execute(() => document.body.innerText);
}

function filesUnder(folder) {
  return readdirSync(folder).flatMap((name) => {
    const full = path.join(folder, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

describe("protecting the data", () => {
  const dataDir = newDataDir();
  const sheet = scratchPath("recovery-sheet.pdf");
  let app;
  before(() => {
    cli(dataDir, "group", "set", "--name", "KONP Camden", "--email", "camden@example.org");
    const made = cli(dataDir, "petition", "create", "--title", "Keep the walk-in centre open", "--to", "Camden Council",
      "--request", "Keep it open.", "--target", "100", "--ask-email");
    const petition = /number (\d+)/.exec(made)[1];
    cli(dataDir, "petition", "sign", petition, "--name", SIGNER, "--postcode", "N1 9GU", "--email", "zebedee@example.org");
  });
  after(async () => app?.quit());

  it("turns protection on from Our group, with the passphrase's strength in words", async () => {
    app = await startApp(dataDir);
    const { browser } = app;
    await openSection(browser, "group");
    await (await browser.$("#protection-heading")).scrollIntoView();
    await fill(browser, "#passphrase", "password1");
    await browser.waitUntil(async () => (await pageText(browser)).includes("How hard it is to guess: Too easy to guess"),
      { timeout: 10000, timeoutMsg: "no strength shown for a weak passphrase" });
    await fill(browser, "#passphrase", PASSPHRASE);
    await fill(browser, "#confirm", PASSPHRASE);
    await browser.waitUntil(async () => (await pageText(browser)).includes("How hard it is to guess: Strong"),
      { timeout: 10000, timeoutMsg: "no strength shown for a strong passphrase" });
    await screenshot(browser, "group-protection");
    assert.deepEqual(await accessibilityProblems(browser), []);

    // The button asks the system's save dialog where the sheet goes, which a test cannot
    // answer; the command it then calls is called here with the place the dialog would give.
    const weak = await invoke(browser, "protection_turn_on", { passphrase: "password1", confirm: "password1", sheet });
    assert.equal(weak.problem.code, "protection_weak");
    const done = await invoke(browser, "protection_turn_on", { passphrase: PASSPHRASE, confirm: PASSPHRASE, sheet });
    assert.ok(done.ok, JSON.stringify(done));
    assert.ok(readFileSync(sheet).subarray(0, 4).toString() === "%PDF", "the recovery sheet is saved");

    for (const file of filesUnder(dataDir)) {
      const bytes = readFileSync(file);
      assert.ok(!bytes.includes(SIGNER) && !bytes.includes("zebedee@example.org"), `a signer is readable in ${file}`);
    }
    await app.quit();
    app = null;
  });

  it("asks for the passphrase at the next start, says when it is wrong, and opens with the recovery sheet's key", async () => {
    app = await startApp(dataDir);
    const { browser } = app;
    assert.equal(await heading(browser), "This laptop's data is protected");
    await screenshot(browser, "unlock");
    assert.deepEqual(await accessibilityProblems(browser), []);

    await fill(browser, "#secret", "kettle orange bicycle wednesday");
    await (await browser.$("button=Open")).click();
    await browser.waitUntil(async () => (await pageText(browser)).includes("That passphrase does not open this laptop's data"),
      { timeout: 20000, timeoutMsg: "no message for a wrong passphrase" });
    assert.equal(await heading(browser), "This laptop's data is protected", "still locked");
    await screenshot(browser, "unlock-wrong");

    // The key as printed on the sheet, typed in lower case with its spaces.
    const text = execFileSync("pdftotext", [sheet, "-"], { encoding: "utf8" });
    const lines = text.split("\n").map((l) => l.trim()).filter(Boolean);
    const at = lines.indexOf("Your recovery key");
    const key = `${lines[at + 1]} ${lines[at + 2]}`.toLowerCase();
    assert.match(key, /^([0-9a-z]{4}\s+){7}[0-9a-z]{4}$/, `the key as printed: ${key}`);
    await fill(browser, "#secret", key);
    await (await browser.$("button=Open")).click();
    await browser.waitUntil(async () => (await heading(browser)) !== "This laptop's data is protected",
      { timeout: 20000, timeoutMsg: "the recovery key did not open the data" });
    await openSection(browser, "petitions");
    await browser.waitUntil(async () => (await pageText(browser)).includes("Keep the walk-in centre open"), { timeout: 10000 });
    await openSection(browser, "group");
    assert.ok((await pageText(browser)).includes("This laptop's data is protected. It is stored encrypted"));
  });
});
