import { render, screen } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
import { calls, handlers, reset } from "../test/tauri-mock";
import Briefings from "./Briefings.svelte";

const summary = { id: "ics-in-two-minutes", origin: "bundled", title: "ICSs in two minutes", summary: "What an ICS is.", version: 1 };

beforeEach(() => {
  reset();
  handlers.set("briefing_list", () => [summary]);
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
    handlers.set("briefing_import", () => ({ outcome: "unchanged", id: "x", title: "Our notes" }));
    render(Briefings);
    const input = (await screen.findByLabelText("Choose a file to add")) as HTMLInputElement;
    await userEvent.setup().upload(input, new File(["# Our notes"], "notes.md", { type: "text/markdown" }));
    expect((await screen.findByRole("status")).textContent).toBe("“Our notes” is already here: nothing changed.");
  });
});
