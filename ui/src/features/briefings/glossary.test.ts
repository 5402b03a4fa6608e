import { describe, expect, it } from "vitest";
import { markTerms } from "./glossary";

const entries = [
  { term: "ICS", expansion: "Integrated Care System", meaning: "one of 42 areas." },
  { term: "NHS England", expansion: "", meaning: "the national body." },
  { term: "NHS", expansion: "National Health Service", meaning: "the health service." },
];

function section(html: string): HTMLElement {
  const el = document.createElement("section");
  el.innerHTML = html;
  return el;
}

describe("glossary marking", () => {
  it("marks the first use of each term, plurals too, longest term first", () => {
    const el = section("<p>Two ICSs and one ICS. NHS England runs the NHS.</p>");
    markTerms([el], entries);
    const marked = [...el.querySelectorAll<HTMLButtonElement>("button.term")].map((b) => [b.dataset.term, b.textContent]);
    expect(marked).toEqual([
      ["ICS", "ICSs"],
      ["NHS England", "NHS England"],
      ["NHS", "NHS"],
    ]);
    expect(el.textContent).toBe("Two ICSs and one ICS. NHS England runs the NHS.");
  });

  it("leaves links, headings and parts of other words alone, and adds no markup from text", () => {
    const el = section('<h2>The ICS</h2><p><a href="https://x">ICS</a> PICS <b>&lt;img src=x&gt;</b></p>');
    markTerms([el], entries);
    expect(el.querySelectorAll("button.term").length).toBe(0);
    expect(el.querySelector("img")).toBeNull();
  });
});
