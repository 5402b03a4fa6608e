// Marks glossary terms in a briefing's text, so the reader can explain them on hover, tap or
// keyboard focus. Works on the page's text nodes only, never on HTML strings, so it cannot
// introduce markup.

import type { GlossaryEntry } from "../../generated/GlossaryEntry";

/** Places where a term is not marked: links, code, headings and terms already marked. */
const SKIP = "a, code, pre, h1, h2, h3, h4, h5, h6, button, .term";

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** One pattern for all terms, longest first so "NHS England" wins over "NHS"; a plural "s"
 *  (ICSs, CCGs) counts as the term. */
export function termPattern(entries: GlossaryEntry[]): RegExp | null {
  if (!entries.length) return null;
  const terms = entries.map((e) => e.term).sort((a, b) => b.length - a.length);
  const alternatives = terms.map(escapeRegExp).join("|");
  // No look-behind: older WebKit cannot parse it. The character before is matched instead.
  return new RegExp(`(^|[^\\p{L}\\p{N}])(${alternatives})(s?)(?![\\p{L}\\p{N}])`, "gu");
}

/** Wraps the first use of each term in each element of `roots` in a focusable button. */
export function markTerms(roots: Iterable<HTMLElement>, entries: GlossaryEntry[]): void {
  const pattern = termPattern(entries);
  if (!pattern) return;
  for (const root of roots) {
    const seen = new Set<string>();
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    const textNodes: Text[] = [];
    while (walker.nextNode()) textNodes.push(walker.currentNode as Text);
    for (const node of textNodes) {
      if (node.parentElement?.closest(SKIP)) continue;
      markIn(node, pattern, seen);
    }
  }
}

function markIn(node: Text, pattern: RegExp, seen: Set<string>): void {
  const text = node.data;
  const pieces: (string | HTMLElement)[] = [];
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    const [whole, before, term] = match;
    if (seen.has(term)) continue;
    seen.add(term);
    const start = (match.index ?? 0) + before.length;
    pieces.push(text.slice(last, start));
    const button = document.createElement("button");
    button.type = "button";
    button.className = "term";
    button.dataset.term = term;
    button.textContent = whole.slice(before.length);
    pieces.push(button);
    last = start + button.textContent.length;
  }
  if (!pieces.length) return;
  pieces.push(text.slice(last));
  node.replaceWith(...pieces);
}

/** "ICS (Integrated Care System): one of 42 areas…" */
export function explain(entry: GlossaryEntry): string {
  return entry.expansion ? `${entry.term} (${entry.expansion}): ${entry.meaning}` : `${entry.term}: ${entry.meaning}`;
}
