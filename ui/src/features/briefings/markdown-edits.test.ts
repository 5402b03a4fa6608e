import { describe, expect, it } from "vitest";
import { bold, bulletList, newSlide, speakerNotes } from "./markdown-edits";

const at = (text: string, start: number, end = start) => ({ text, start, end });

describe("the briefing toolbar", () => {
  it("starts a new slide on lines of its own, with its heading ready to type over", () => {
    const edit = newSlide(at("Intro text", 10), "Slide heading");
    expect(edit.text).toBe("Intro text\n\n## Slide heading\n");
    expect(edit.text.slice(edit.selectStart, edit.selectEnd)).toBe("Slide heading");
  });
  it("puts a new slide in the middle without gluing it to the lines around", () => {
    const edit = newSlide(at("One\n\nTwo", 3), "Heading");
    expect(edit.text).toBe("One\n\n## Heading\n\nTwo");
  });
  it("turns chosen words into speaker notes", () => {
    const edit = speakerNotes(at("Say this slowly", 0, 15), "What to say");
    expect(edit.text).toBe("::: notes\nSay this slowly\n:::\n");
  });
  it("makes the chosen words bold, or offers a placeholder", () => {
    expect(bold(at("a big word", 2, 5), "bold text").text).toBe("a **big** word");
    const empty = bold(at("", 0), "bold text");
    expect(empty.text).toBe("**bold text**");
    expect(empty.text.slice(empty.selectStart, empty.selectEnd)).toBe("bold text");
  });
  it("turns chosen lines into a list, leaving lines already listed alone", () => {
    expect(bulletList(at("Title\nfirst\n- second\nthird", 8, 26), "item").text).toBe("Title\n- first\n- second\n- third");
  });
});
