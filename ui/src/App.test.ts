import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
import { emptyProfile, handlers, okStatus, reset } from "./test/tauri-mock";
import App from "./App.svelte";
import { go } from "./lib/router.svelte";

beforeEach(() => {
  reset();
  location.hash = "";
  handlers.set("group_get", () => emptyProfile);
  handlers.set("paperwork_overdue", () => []);
  handlers.set("display_get", () => ({ textSize: 0, highContrast: false }));
});

describe("the app shell", () => {
  it("the home screen offers the five sections as links", async () => {
    handlers.set("app_status", () => okStatus);
    render(App);
    expect(await screen.findByRole("heading", { level: 1, name: "What would you like to do?" })).toBeTruthy();
    const main = screen.getByRole("main");
    for (const name of ["Briefings", "Leaflets and posters", "Petitions", "Letters", "Our group"]) {
      const links = screen.getAllByRole("link", { name: new RegExp(`^${name}`) });
      expect(links.some((l) => main.contains(l))).toBe(true);
    }
  });

  it("opening a section shows it, with the keyboard focus on its heading", async () => {
    // A section's code is loaded when it is first opened: the heading is focused once it is there.
    handlers.set("app_status", () => okStatus);
    handlers.set("group_logo", () => null);
    handlers.set("bin_list", () => []);
    handlers.set("protection_strength", () => ({ score: 0, words: "Too easy to guess", advice: "", goodEnough: false }));
    render(App);
    await screen.findByRole("heading", { level: 1, name: "What would you like to do?" });
    const main = screen.getByRole("main");
    const card = screen.getAllByRole("link", { name: /^Our group/ }).find((l) => main.contains(l));
    await userEvent.setup().click(card!);
    const heading = await screen.findByRole("heading", { level: 1, name: "Our group" });
    await waitFor(() => expect(document.activeElement).toBe(heading));
    go("home"); // the router is shared by the tests
  });

  it("the home screen says when an FOI reply is overdue, and leads to it", async () => {
    handlers.set("app_status", () => okStatus);
    handlers.set("paperwork_overdue", () => [
      { id: 1, kind: "foi", title: "FOI request", to: "", state: "sent", sentOn: "2026-10-01", dueOn: "2026-10-29",
        overdue: true, updatedAt: "2026-10-01T10:00:00" },
    ]);
    render(App);
    expect(await screen.findByText(/1 Freedom of Information request is overdue/)).toBeTruthy();
    expect(screen.getByRole("link", { name: "See what is overdue" }).getAttribute("href")).toBe("#/letters");
  });

  it("a damaged data file offers the backup and restores it", async () => {
    let restored = false;
    handlers.set("app_status", () => ({
      ...okStatus,
      problem: { code: "store_corrupt", message: "Campaign Kit's data file is damaged and cannot be read.", fields: [] },
      canRestore: true,
    }));
    handlers.set("restore_backup", () => {
      restored = true;
      return okStatus;
    });
    render(App);
    expect(await screen.findByRole("alert")).toHaveProperty("textContent", expect.stringContaining("damaged"));
    await userEvent.setup().click(screen.getByRole("button", { name: "Restore the newest backup copy" }));
    expect(restored).toBe(true);
    expect(await screen.findByRole("heading", { level: 1, name: "What would you like to do?" })).toBeTruthy();
  });

  it("a newer data file is explained, with no restore on offer", async () => {
    handlers.set("app_status", () => ({
      ...okStatus,
      problem: { code: "store_newer_version", message: "This data was saved by a newer version of Campaign Kit.", fields: [] },
    }));
    render(App);
    expect(await screen.findByRole("alert")).toHaveProperty("textContent", expect.stringContaining("newer version"));
    expect(screen.queryByRole("button", { name: /Restore/ })).toBeNull();
  });

  it("an unexpected failure shows the friendly error screen, not raw text", async () => {
    handlers.set("app_status", () => {
      throw "thread 'tokio-runtime-worker' panicked at src/lib.rs:42";
    });
    render(App);
    expect(await screen.findByRole("heading", { name: "Sorry, something went wrong" })).toBeTruthy();
    expect(document.body.textContent).not.toContain("panicked");
  });
});
