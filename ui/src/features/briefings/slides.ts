// A briefing as slides for a meeting: a title slide, one slide per section (split at its
// headings), and a sources slide. Speaker notes travel with each slide but are shown only in
// the presenter window.

import type { Briefing } from "../../generated/Briefing";
import type { Source } from "../../generated/Source";
import { strings } from "../../lib/strings";

export interface Slide {
  heading: string;
  /** Plain text under the heading of the title slide. */
  lead: string;
  /** Sanitised in Rust. */
  html: string;
  notesHtml: string | null;
  sources: Source[];
}

export function slidesOf(briefing: Briefing): Slide[] {
  const { meta, sections } = briefing;
  const intro = sections.find((s) => !s.heading);
  const slides: Slide[] = [
    {
      heading: meta.title,
      lead: meta.summary,
      html: intro?.html ?? "",
      notesHtml: intro?.notesHtml ?? null,
      sources: [],
    },
  ];
  for (const section of sections.filter((s) => s.heading)) {
    slides.push({ heading: section.heading, lead: "", html: section.html, notesHtml: section.notesHtml, sources: [] });
  }
  if (meta.sources.length) {
    slides.push({ heading: strings.present.sources, lead: "", html: "", notesHtml: null, sources: meta.sources });
  }
  return slides;
}

/** Which slide a key press leads to, or "exit", or null for keys we leave alone. */
export function slideForKey(key: string, current: number, count: number): number | "exit" | null {
  switch (key) {
    case "ArrowRight":
    case "PageDown":
    case " ":
    case "Enter":
      return Math.min(count - 1, current + 1);
    case "ArrowLeft":
    case "PageUp":
    case "Backspace":
      return Math.max(0, current - 1);
    case "Home":
      return 0;
    case "End":
      return count - 1;
    case "Escape":
      return "exit";
    default:
      return null;
  }
}
