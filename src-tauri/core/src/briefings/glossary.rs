//! The glossary: terms the reader marks in every briefing and explains on hover, tap or
//! keyboard focus.
//!
//! Entries come from the bundled briefing `glossary` and from any of the group's own
//! briefings whose id ends in `glossary` (for example one titled "Our glossary"). Each entry
//! is one list item in the form
//!
//! ```text
//! - **ICS** (Integrated Care System): one of 42 areas of England where …
//! - **Single pot**: the one budget each ICS holds …
//! ```

use serde::Serialize;
use ts_rs::TS;

/// One explained term.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct GlossaryEntry {
    /// As it appears in text: "ICS", "Section 75".
    pub term: String,
    /// What the letters stand for, if the term is an abbreviation.
    pub expansion: String,
    pub meaning: String,
}

/// Whether a briefing with this id supplies glossary entries.
pub fn is_glossary(id: &str) -> bool {
    id == "glossary" || id.ends_with("-glossary")
}

/// The entries written in a glossary briefing's Markdown, in order. Lines in any other form
/// are ordinary text and are skipped.
pub fn entries(markdown: &str) -> Vec<GlossaryEntry> {
    markdown.lines().filter_map(entry).collect()
}

fn entry(line: &str) -> Option<GlossaryEntry> {
    let rest = line.trim().strip_prefix("- **")?;
    let (term, rest) = rest.split_once("**")?;
    let (expansion, rest) = match rest.strip_prefix(" (") {
        Some(bracketed) => bracketed.split_once(')')?,
        None => ("", rest),
    };
    let meaning = rest.strip_prefix(':')?.trim();
    let term = term.trim();
    if term.is_empty() || meaning.is_empty() || term.chars().count() > 60 {
        return None;
    }
    Some(GlossaryEntry {
        term: term.to_string(),
        expansion: expansion.trim().to_string(),
        meaning: meaning.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_abbreviations_and_phrases_and_skips_other_lines() {
        let md = "Intro text.\n\n- **ICS** (Integrated Care System): one of 42 areas.\n\
                  - **Single pot**: the one budget.\n- a plain item\n- **Bold** but no colon\n";
        let found = entries(md);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].term, "ICS");
        assert_eq!(found[0].expansion, "Integrated Care System");
        assert_eq!(found[0].meaning, "one of 42 areas.");
        assert_eq!(found[1].term, "Single pot");
        assert_eq!(found[1].expansion, "");
    }

    #[test]
    fn only_glossary_briefings_supply_terms() {
        assert!(is_glossary("glossary"));
        assert!(is_glossary("our-glossary"));
        assert!(!is_glossary("ics-in-two-minutes"));
    }
}
