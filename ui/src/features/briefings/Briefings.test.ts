import { render, screen } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { desktop, resetDesktop } from "../../test/desktop-fake";
import { calls, handlers, reset } from "../../test/tauri-mock";
import Briefings from "./Briefings.svelte";

vi.mock("../../lib/desktop", () => import("../../test/desktop-fake"));

const summary = { id: "ics-in-two-minutes", origin: "bundled", title: "ICSs in two minutes", summary: "What an ICS is.", version: 1 };

beforeEach(() => {
  reset();
  resetDesktop();
  handlers.set("briefing_list", () => [summary]);
  handlers.set("briefing_kept_draft", () => null);
});

describe("Briefings", () => {
  it("marks the matched words and shows found text as text, never markup", async () => {
    handlers.set("briefing_search", () => [
      {
        id: "x",
        origin: "group",
        title: "<b>Ours</b>",
        heading: "Board",
        anchor: "s-2",
        snippet: [
          { text: "the ", highlighted: false },
          { text: "board", highlighted: true },
          { text: " <img src=x onerror=alert(1)>", highlighted: false },
        ],
      },
    ]);
    render(Briefings);
    await userEvent.setup().type(await screen.findByLabelText("Search the briefings"), "board");
    const mark = await screen.findByText("board", { selector: "mark" });
    expect(mark.tagName).toBe("MARK");
    expect(screen.getByText("<b>Ours</b>", { exact: false })).toBeTruthy();
    expect(document.querySelector("img")).toBeNull();
    expect(screen.getByRole("status").textContent).toBe("1 briefing found");
    expect(calls.filter((c) => c.command === "briefing_search").pop()?.args).toEqual({ query: "board" });
  });

  it("says so when nothing matches", async () => {
    handlers.set("briefing_search", () => []);
    render(Briefings);
    await userEvent.setup().type(await screen.findByLabelText("Search the briefings"), "zebra");
    expect((await screen.findByRole("status")).textContent).toMatch(/No briefing mentions that/);
  });

  it("reports an import in plain words", async () => {
    handlers.set("briefing_import", () => [{ outcome: "unchanged", id: "x", title: "Our notes" }]);
    render(Briefings);
    const input = (await screen.findByLabelText("Choose a file to add")) as HTMLInputElement;
    await userEvent.setup().upload(input, new File(["# Our notes"], "notes.md", { type: "text/markdown" }));
    expect((await screen.findByRole("status")).textContent).toBe("“Our notes” is already here: nothing changed.");
  });

  it("reports every briefing in an imported pack", async () => {
    handlers.set("briefing_import", () => [
      { outcome: "added", id: "a", title: "Stall rota" },
      { outcome: "updated", id: "b", title: "Our hospital" },
    ]);
    render(Briefings);
    const input = (await screen.findByLabelText("Choose a file to add")) as HTMLInputElement;
    await userEvent.setup().upload(input, new File(["PK"], "pack.zip", { type: "application/zip" }));
    expect((await screen.findByRole("status")).textContent).toBe(
      "Added “Stall rota”. Updated “Our hospital” to the newer version.",
    );
  });

  it("saves a pack where the person chooses, and does nothing if they cancel", async () => {
    handlers.set("briefing_export_pack", () => ({ count: 2, titles: ["A", "B"] }));
    render(Briefings);
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "Save a briefing pack" }));
    expect(calls.some((c) => c.command === "briefing_export_pack")).toBe(false);

    desktop.chooseSavePath.mockResolvedValueOnce("/media/usb/our-briefings.zip");
    await user.click(screen.getByRole("button", { name: "Save a briefing pack" }));
    expect((await screen.findByRole("status")).textContent).toBe("Saved 2 briefings as “our-briefings.zip”.");
    expect(calls.find((c) => c.command === "briefing_export_pack")?.args).toEqual({
      path: "/media/usb/our-briefings.zip",
      ids: [],
    });
  });

  it("writes a new briefing and opens it once saved", async () => {
    handlers.set("briefing_save", () => "our-notes");
    handlers.set("briefing_get", () => ({
      meta: { id: "our-notes", title: "Our notes", summary: "", audience: "", factsDate: "", version: 1, sources: [] },
      sections: [],
    }));
    handlers.set("briefing_glossary", () => []);
    render(Briefings);
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "Write a new briefing" }));
    await user.type(screen.getByLabelText("Title"), "Our notes");
    await user.type(screen.getByLabelText("Text"), "## Stall{Enter}Saturday");
    await user.click(screen.getByRole("button", { name: "Save the briefing" }));
    expect(await screen.findByRole("heading", { level: 1, name: "Our notes" })).toBeTruthy();
    const saved = calls.find((c) => c.command === "briefing_save")?.args as { draft: { title: string; body: string } };
    expect(saved.draft.title).toBe("Our notes");
    expect(saved.draft.body).toBe("## Stall\nSaturday");
  });
});
