//! The few words of a section shown under a search result, with the words searched for
//! marked.
//!
//! Made here rather than by SQLite's `snippet()`: that function needs the search run again for
//! each result shown, and for common words ("integrated care", found in thousands of sections)
//! that was most of a search's time. Here it is a scan of one section's text.

use super::library::SnippetPart;
use super::search_index::{MAX_WORDS, WordMatcher, is_word_char};

/// How many words a snippet shows.
const WORDS_SHOWN: usize = 14;

/// The words typed, as the search uses them: letters and digits only, at most twelve.
pub fn typed_words(typed: &str) -> Vec<String> {
    typed
        .split(|c: char| !is_word_char(c))
        .filter(|w| !w.is_empty())
        .take(MAX_WORDS)
        .map(str::to_string)
        .collect()
}

/// The run of [`WORDS_SHOWN`] words of `text` holding the most words `matcher` matches
/// (the first such run), with "…" where it was cut.
pub fn around_matches(text: &str, matcher: &mut WordMatcher) -> Vec<SnippetPart> {
    let words = words_of(text);
    if words.is_empty() {
        return Vec::new();
    }
    let matched: Vec<bool> = words
        .iter()
        .map(|&(start, end)| matcher.matches(&text[start..end]))
        .collect();
    let first = best_window_start(&matched);
    let last = (first + WORDS_SHOWN).min(words.len()) - 1;

    let mut parts = Vec::new();
    let mut plain = String::new();
    if first > 0 {
        plain.push('…');
    }
    let mut at = words[first].0;
    for (i, &(start, end)) in words.iter().enumerate().take(last + 1).skip(first) {
        if matched[i] {
            plain.push_str(&text[at..start]);
            push(&mut parts, std::mem::take(&mut plain), false);
            push(&mut parts, text[start..end].to_string(), true);
            at = end;
        }
    }
    if last + 1 < words.len() {
        plain.push_str(&text[at..words[last].1]);
        plain.push('…');
    } else {
        // The end of the text, with its full stop.
        plain.push_str(text[at..].trim_end());
    }
    push(&mut parts, plain, false);
    parts
}

fn push(parts: &mut Vec<SnippetPart>, text: String, highlighted: bool) {
    if !text.is_empty() {
        parts.push(SnippetPart { text, highlighted });
    }
}

/// Where the window of [`WORDS_SHOWN`] words with the most matches starts.
fn best_window_start(matched: &[bool]) -> usize {
    let width = WORDS_SHOWN.min(matched.len());
    let mut count = matched[..width].iter().filter(|m| **m).count();
    let (mut best, mut best_count) = (0, count);
    for start in 1..=matched.len() - width {
        count += usize::from(matched[start + width - 1]);
        count -= usize::from(matched[start - 1]);
        if count > best_count {
            (best, best_count) = (start, count);
        }
    }
    // A little text before the first match reads better than starting on it.
    if best_count > 0 && best > 0 {
        let lead = matched[best..].iter().position(|m| *m).unwrap_or(0);
        if lead == 0 {
            best = best.saturating_sub(2);
        }
    }
    best
}

/// Each word's byte range: runs of letters and digits (as the search index splits text).
fn words_of(text: &str) -> Vec<(usize, usize)> {
    let mut words = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (is_word_char(c), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                words.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        words.push((s, text.len()));
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matcher_for(typed: &str) -> WordMatcher {
        WordMatcher::new(&typed_words(typed))
    }

    fn marked(parts: &[SnippetPart]) -> Vec<&str> {
        parts
            .iter()
            .filter(|p| p.highlighted)
            .map(|p| p.text.as_str())
            .collect()
    }

    fn whole(parts: &[SnippetPart]) -> String {
        parts.iter().map(|p| p.text.as_str()).collect()
    }

    #[test]
    fn the_words_searched_for_are_marked_in_the_text_around_them() {
        let text = "The hospitals in our area face cuts.";
        let parts = around_matches(text, &mut matcher_for("hospital cut"));
        assert_eq!(marked(&parts), ["hospitals", "cuts"]);
        assert_eq!(whole(&parts), "The hospitals in our area face cuts.");
        // The index's stemming decides: "policy" finds "policies", so it is marked there.
        let parts = around_matches("Local policies on care.", &mut matcher_for("policy"));
        assert_eq!(marked(&parts), ["policies"]);
    }

    #[test]
    fn a_long_text_is_cut_around_the_matches_with_marks_where_it_was_cut() {
        let mut text = "word ".repeat(40);
        text.push_str("the Integrated Care Board met in private ");
        text.push_str(&"more ".repeat(40));
        let parts = around_matches(&text, &mut matcher_for("integrated care"));
        let shown = whole(&parts);
        assert!(shown.starts_with('…') && shown.ends_with('…'), "{shown}");
        assert_eq!(marked(&parts), ["Integrated", "Care"]);
        assert_eq!(shown.split_whitespace().count(), WORDS_SHOWN);
    }

    #[test]
    fn accents_case_and_other_scripts_match_as_the_search_does() {
        let parts = around_matches(
            "Cadwch y GIG yn GYHOEDDUS, café",
            &mut matcher_for("gyhoeddus cafe"),
        );
        assert_eq!(marked(&parts), ["GYHOEDDUS", "café"]);
        let parts = around_matches("یہ ہمارا ہسپتال ہے", &mut matcher_for("ہسپتال"));
        assert_eq!(marked(&parts), ["ہسپتال"]);
    }

    #[test]
    fn a_section_without_the_words_shows_its_start() {
        let parts = around_matches(
            "Only the title matched this one.",
            &mut matcher_for("zebra"),
        );
        assert!(marked(&parts).is_empty());
        assert_eq!(whole(&parts), "Only the title matched this one.");
        assert!(around_matches("", &mut matcher_for("zebra")).is_empty());
    }
}
