import { render, screen } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { deliver, desktop, resetDesktop } from "../../test/desktop-fake";
import { handlers, reset } from "../../test/tauri-mock";
import Present from "./Present.svelte";
import Presenter from "./Presenter.svelte";

vi.mock("../../lib/desktop", () => import("../../test/desktop-fake"));

const briefing = {
  meta: {
    id: "ics", title: "ICSs in two minutes", summary: "What an ICS is.", audience: "", factsDate: "", version: 1,
    sources: [{ title: "KONP leaflet", publisher: "", url: "", date: "" }],
  },
  sections: [
    { heading: "The short answer", level: 2, anchor: "s-1", html: "<p>42 areas.</p>", notesHtml: "<p>SECRET NOTE one</p>", text: "" },
    { heading: "Why it matters", level: 2, anchor: "s-2", html: "<p>Money.</p>", notesHtml: null, text: "" },
  ],
};

beforeEach(() => {
  reset();
  resetDesktop();
});

describe("Present mode", () => {
  it("moves with the clicker's keys, never shows notes, and leaves with Esc", async () => {
    const onexit = vi.fn();
    render(Present, { briefing, origin: "bundled", onexit });
    const user = userEvent.setup();
    expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("ICSs in two minutes");
    expect(desktop.setFullscreen).toHaveBeenCalledWith(true);
    await user.keyboard("{PageDown}");
    expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("The short answer");
    expect(document.body.textContent).not.toContain("SECRET NOTE");
    expect(desktop.tell).toHaveBeenLastCalledWith("presenter", "present:slide", { index: 1 });
    await user.keyboard("{ArrowRight}{ArrowRight}{ArrowRight}{ArrowRight}");
    expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("Sources");
    expect(screen.getByText("Slide 4 of 4")).toBeTruthy();
    await user.keyboard("{PageUp}");
    expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("Why it matters");
    await user.keyboard("{Escape}");
    expect(onexit).toHaveBeenCalled();
    expect(desktop.setFullscreen).toHaveBeenLastCalledWith(false);
  });

  it("follows the presenter window's Next button", async () => {
    render(Present, { briefing, origin: "bundled", onexit: () => {} });
    await vi.waitFor(() => expect(desktop.hear).toHaveBeenCalled());
    deliver("present:goto", { index: 2 });
    expect((await screen.findByRole("heading", { level: 1 })).textContent).toBe("Why it matters");
  });
});

describe("Presenter window", () => {
  it("shows the notes for the slide on screen, and what comes next", async () => {
    handlers.set("briefing_get", () => briefing);
    render(Presenter, { origin: "bundled", id: "ics" });
    expect(await screen.findByText("No notes for this slide.")).toBeTruthy();
    expect(desktop.tell).toHaveBeenCalledWith("main", "present:hello", {});
    deliver("present:slide", { index: 1 });
    expect(await screen.findByText("SECRET NOTE one")).toBeTruthy();
    expect(screen.getByText("Next: Why it matters")).toBeTruthy();
    await userEvent.setup().click(screen.getByRole("button", { name: "Next" }));
    expect(desktop.tell).toHaveBeenLastCalledWith("main", "present:goto", { index: 2 });
    deliver("present:ended", {});
    expect(await screen.findByText(/The presentation has ended/)).toBeTruthy();
  });
});
