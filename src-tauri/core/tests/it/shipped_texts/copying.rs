//! Runs of words shared with the campaign's source material. Facts carry over from the
//! sources; sentences do not. Words inside quotation marks are a marked quotation and do not
//! count, nor do words that are part of a cited source's title, nor web addresses.

use std::collections::HashSet;

/// The shortest run of shared words that counts as copying.
pub const RUN: usize = 8;

/// Lower-case words, with web addresses and punctuation gone. Apostrophes join ("don't" is
/// one word, as in the sources), and any other character separates.
pub fn words(text: &str) -> Vec<String> {
    text.split_whitespace()
        .filter(|w| !is_web_address(w))
        .flat_map(|w| {
            w.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '\u{2019}'))
                .map(|part| {
                    part.chars()
                        .filter(|c| c.is_alphanumeric())
                        .flat_map(char::to_lowercase)
                        .collect::<String>()
                })
                .filter(|part| !part.is_empty())
                .collect::<Vec<_>>()
        })
        .collect()
}

fn is_web_address(word: &str) -> bool {
    let w = word.trim_start_matches(['(', '<', '[']);
    w.contains("://") || w.starts_with("www.")
}

/// Every run of [`RUN`] words in the text, joined by spaces.
pub fn runs(words: &[String]) -> impl Iterator<Item = String> + '_ {
    words.windows(RUN).map(|w| w.join(" "))
}

/// The runs of the source material, for looking up.
pub fn source_runs(sources: &[String]) -> HashSet<String> {
    sources
        .iter()
        .flat_map(|s| runs(&words(s)).collect::<Vec<_>>())
        .collect()
}

/// The stretches of a shipped text that are our own words: everything outside quotation
/// marks. Each block is cut at every quotation, so a run can never jump over one; an
/// unclosed quotation ends with its block.
pub fn own_words(blocks: &[String]) -> Vec<Vec<String>> {
    let mut stretches = vec![Vec::new()];
    for block in blocks {
        let mut inside_quote = false;
        let mut outside = String::new();
        for c in block.chars() {
            match c {
                '"' | '\u{201c}' | '\u{201d}' => {
                    if !inside_quote {
                        if let Some(last) = stretches.last_mut() {
                            last.extend(words(&outside));
                        }
                        stretches.push(Vec::new());
                        outside.clear();
                    }
                    inside_quote = !inside_quote;
                }
                _ if !inside_quote => outside.push(c),
                _ => {}
            }
        }
        if let Some(last) = stretches.last_mut() {
            last.extend(words(&outside));
        }
    }
    stretches
}

/// Runs found both in a shipped text's own words and in the sources, leaving out any that
/// lie inside one of the titles the text cites. Overlapping runs are merged into one
/// passage, so each copied passage is reported once, in full.
pub fn copied_passages(
    blocks: &[String],
    source_titles: &[String],
    sources: &HashSet<String>,
) -> Vec<String> {
    let titles = source_runs(source_titles);
    let mut passages = Vec::new();
    for stretch in own_words(blocks) {
        let mut passage: Option<(usize, usize)> = None; // word range [start, end)
        for (i, run) in runs(&stretch).enumerate() {
            if !sources.contains(&run) || titles.contains(&run) {
                continue;
            }
            passage = match passage {
                Some((start, end)) if i <= end => Some((start, i + RUN)),
                Some((start, end)) => {
                    passages.push(stretch[start..end].join(" "));
                    Some((i, i + RUN))
                }
                None => Some((i, i + RUN)),
            };
        }
        if let Some((start, end)) = passage {
            passages.push(stretch[start..end].join(" "));
        }
    }
    passages
}
