import { render, screen } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { desktop, resetDesktop } from "../../test/desktop-fake";
import { handlers, reset } from "../../test/tauri-mock";
import BriefingReader from "./BriefingReader.svelte";

vi.mock("../../lib/desktop", () => import("../../test/desktop-fake"));

const briefing = {
  meta: {
    id: "ics", title: "ICSs in two minutes", summary: "", audience: "", factsDate: "", version: 1,
    sources: [{ title: "NHS England", publisher: "", url: "https://www.england.nhs.uk", date: "" }],
  },
  sections: [
    {
      heading: "The short answer", level: 2, anchor: "s-1", notesHtml: null, text: "",
      html: '<p>Each ICS has a board. See <a href="https://keepournhspublic.com">KONP</a>.</p>',
    },
  ],
};

const props = { briefing, origin: "bundled" as const, anchor: null, onback: () => {}, onpresent: () => {}, onedit: () => {}, ondeleted: () => {} };

beforeEach(() => {
  reset();
  resetDesktop();
  handlers.set("briefing_glossary", () => [
    { term: "ICS", expansion: "Integrated Care System", meaning: "one of 42 areas of England." },
  ]);
});

describe("Briefing reader", () => {
  it("explains a glossary term when it gets keyboard focus", async () => {
    render(BriefingReader, { props });
    const term = await screen.findByRole("button", { name: "ICS" });
    term.focus();
    const tip = await screen.findByRole("tooltip");
    expect(tip.textContent?.trim()).toBe("ICS (Integrated Care System): one of 42 areas of England.");
    expect(term.getAttribute("aria-describedby")).toBe("glossary-tip");
  });

  it("opens links in the web browser only when clicked, never in the window", async () => {
    render(BriefingReader, { props });
    expect(desktop.openInBrowser).not.toHaveBeenCalled();
    const user = userEvent.setup();
    await user.click(screen.getByRole("link", { name: "KONP" }));
    expect(desktop.openInBrowser).toHaveBeenCalledWith("https://keepournhspublic.com");
    await user.click(screen.getByRole("button", { name: "Open in web browser" }));
    expect(desktop.openInBrowser).toHaveBeenLastCalledWith("https://www.england.nhs.uk");
    expect(location.href).not.toContain("keepournhspublic");
  });

  it("says what to do when no browser can be opened", async () => {
    desktop.openInBrowser.mockRejectedValueOnce(new Error("no browser"));
    render(BriefingReader, { props });
    await userEvent.setup().click(screen.getByRole("link", { name: "KONP" }));
    expect((await screen.findByRole("alert")).textContent).toMatch(/could not open a web browser/);
  });

  it("offers a copy to edit for a bundled briefing, and no delete", () => {
    render(BriefingReader, { props });
    expect(screen.getByRole("button", { name: "Make our own copy to edit" })).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Delete" })).toBeNull();
  });
});
