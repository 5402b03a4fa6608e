// What each button of the briefing editor's toolbar writes into the text, worked out from the
// text and the selection so it can be tested without a window. Each returns the new text and
// what to select afterwards (the placeholder to type over, or the text that was wrapped).

export interface Edit {
  text: string;
  selectStart: number;
  selectEnd: number;
}

type Selection = { text: string; start: number; end: number };

/** Puts `insert` at the selection on lines of its own, and selects `placeholder` inside it. */
function block({ text, start, end }: Selection, insert: string, placeholder: string): Edit {
  const before = text.slice(0, start);
  const after = text.slice(end);
  const lead = before === "" ? "" : before.endsWith("\n\n") ? "" : before.endsWith("\n") ? "\n" : "\n\n";
  const trail = after.startsWith("\n\n") ? "" : after.startsWith("\n") ? "\n" : "\n\n";
  const at = before.length + lead.length + insert.indexOf(placeholder);
  return {
    text: before + lead + insert + (after.trim() === "" ? "\n" : trail + after),
    selectStart: at,
    selectEnd: at + placeholder.length,
  };
}

/** `## Heading`: a new section, which is a new slide when presenting. */
export function newSlide(sel: Selection, placeholder: string): Edit {
  return block(sel, `## ${placeholder}`, placeholder);
}

/** Notes for the speaker, shown only in the presenter window. */
export function speakerNotes(sel: Selection, placeholder: string): Edit {
  const chosen = sel.text.slice(sel.start, sel.end).trim();
  const words = chosen || placeholder;
  return block(sel, `::: notes\n${words}\n:::`, words);
}

/** `**bold**` around the selection, or around a placeholder to type over. */
export function bold({ text, start, end }: Selection, placeholder: string): Edit {
  const chosen = text.slice(start, end) || placeholder;
  const wrapped = `**${chosen}**`;
  return {
    text: text.slice(0, start) + wrapped + text.slice(end),
    selectStart: start + 2,
    selectEnd: start + 2 + chosen.length,
  };
}

/** `- ` in front of each chosen line (a list), or a new list item with a placeholder. */
export function bulletList(sel: Selection, placeholder: string): Edit {
  const { text, start, end } = sel;
  if (start === end) return block(sel, `- ${placeholder}`, placeholder);
  const lineStart = text.lastIndexOf("\n", start - 1) + 1;
  const lines = text.slice(lineStart, end).split("\n");
  const listed = lines.map((line) => (line.startsWith("- ") || line.trim() === "" ? line : `- ${line}`)).join("\n");
  return {
    text: text.slice(0, lineStart) + listed + text.slice(end),
    selectStart: lineStart,
    selectEnd: lineStart + listed.length,
  };
}
