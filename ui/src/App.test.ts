import { render, screen } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
import { emptyProfile, handlers, okStatus, reset } from "./test/tauri-mock";
import App from "./App.svelte";

beforeEach(() => {
  reset();
  location.hash = "";
  handlers.set("group_get", () => emptyProfile);
});

describe("the app shell", () => {
  it("the home screen offers the four sections as links", async () => {
    handlers.set("app_status", () => okStatus);
    render(App);
    expect(await screen.findByRole("heading", { level: 1, name: "What would you like to do?" })).toBeTruthy();
    const main = screen.getByRole("main");
    for (const name of ["Briefings", "Leaflets and posters", "Petitions", "Our group"]) {
      const links = screen.getAllByRole("link", { name: new RegExp(`^${name}`) });
      expect(links.some((l) => main.contains(l))).toBe(true);
    }
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
