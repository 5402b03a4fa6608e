//! The briefings' search index, kept in memory and ranked here.
//!
//! SQLite's FTS5 finds the sections matching a common search ("integrated care": 3,571 of
//! 6,113 sections in the search benchmark) in 0.6 ms, but scoring them with its bm25 took
//! 2.7 ms more: for every section it looks up the section's length with an SQL statement of its
//! own and decodes where each word sits. This index keeps what bm25 needs instead: for each
//! word stem, the sections holding it with their weighted counts, and each section's length.
//! It is built from the `briefing_search` table when first needed, and again whenever the
//! briefings change (counted by a trigger, see migration 11).
//!
//! The score is FTS5's bm25 with the same weights (title 10, heading 4, text 1), so results
//! come in the order they did before; only the stemmer differs (Snowball English here).

use std::collections::{BTreeMap, HashMap};
use std::ops::Bound;

use rusqlite::Connection;
use rust_stemmers::{Algorithm, Stemmer};
use unicode_normalization::{UnicodeNormalization, char::is_combining_mark};

/// How much a word counts in each column of `briefing_search`: title, heading, text.
const COLUMN_WEIGHTS: [f32; 3] = [10.0, 4.0, 1.0];
/// bm25's usual constants, as FTS5 sets them.
const K1: f64 = 1.2;
const B: f64 = 0.75;
/// At most this many words of a search are used, so no search can take long.
pub const MAX_WORDS: usize = 12;

/// A section as the index knows it.
#[derive(Debug, Clone, Copy)]
pub struct IndexedSection {
    /// Its row in `briefing_search`.
    pub rowid: i64,
    /// The briefing it belongs to (`briefings.key`).
    pub briefing_key: i64,
    /// How many words it has, title and heading included (bm25's document length).
    words: u32,
}

/// Where a word stem appears: a section, and its count there weighted by column.
#[derive(Debug, Clone, Copy)]
struct Posting {
    section: u32,
    weight: f32,
}

pub struct SearchIndex {
    /// The count of changes to the briefings this index was built at.
    built_at_change: i64,
    sections: Vec<IndexedSection>,
    /// Sorted by stem, so the stems starting with what was typed are one range.
    stems: BTreeMap<String, Vec<Posting>>,
    average_words: f64,
}

impl SearchIndex {
    /// Reads every section of every briefing and indexes its words.
    pub fn build(conn: &Connection) -> rusqlite::Result<SearchIndex> {
        let built_at_change = change_count(conn)?;
        let mut rows =
            conn.prepare("SELECT rowid, briefing_key, title, heading, body FROM briefing_search")?;
        let mut rows = rows.query([])?;
        let mut words = Words::new();
        let mut sections = Vec::new();
        // Postings by stem number (see `Words`), and this section's weight for each stem.
        let mut postings: Vec<Vec<Posting>> = Vec::new();
        let mut in_section: Vec<(u32, f32)> = Vec::new();
        while let Some(row) = rows.next()? {
            let mut count = 0;
            for (column, weight) in COLUMN_WEIGHTS.iter().enumerate() {
                let text = row.get_ref(2 + column)?.as_str().unwrap_or_default();
                words.each_stem(text, |stem| {
                    count += 1;
                    in_section.push((stem, *weight));
                });
            }
            let section = sections.len() as u32;
            in_section.sort_unstable_by_key(|(stem, _)| *stem);
            for run in in_section.chunk_by(|a, b| a.0 == b.0) {
                let stem = run[0].0 as usize;
                if postings.len() <= stem {
                    postings.resize_with(stem + 1, Vec::new);
                }
                let weight = run.iter().map(|(_, w)| w).sum();
                postings[stem].push(Posting { section, weight });
            }
            in_section.clear();
            sections.push(IndexedSection {
                rowid: row.get(0)?,
                briefing_key: row.get(1)?,
                words: count,
            });
        }
        postings.resize_with(words.stems.len(), Vec::new);
        let stems = words.stems.into_iter().zip(postings).collect();
        let total: f64 = sections.iter().map(|s| f64::from(s.words)).sum();
        Ok(SearchIndex {
            built_at_change,
            average_words: total / sections.len().max(1) as f64,
            sections,
            stems,
        })
    }

    /// Whether the briefings have changed since this index was built.
    pub fn is_stale(&self, conn: &Connection) -> rusqlite::Result<bool> {
        Ok(change_count(conn)? != self.built_at_change)
    }

    /// The sections holding every typed word (each as a prefix of a stem, so results come as
    /// you type), best first, with their bm25 scores. Equal scores keep the sections' order.
    pub fn ranked(&self, typed: &[String]) -> Vec<(f64, IndexedSection)> {
        let prefixes = query_stems(typed);
        if prefixes.is_empty() {
            return Vec::new();
        }
        let counts: Vec<Vec<f32>> = prefixes.iter().map(|p| self.counts_of(p)).collect();
        let n = self.sections.len() as f64;
        let idf: Vec<f64> = counts
            .iter()
            .map(|c| {
                let hits = c.iter().filter(|w| **w > 0.0).count() as f64;
                // FTS5 keeps a word found in most sections worth a little, never nothing.
                ((n - hits + 0.5) / (hits + 0.5)).ln().max(1e-6)
            })
            .collect();
        let mut ranked = Vec::new();
        for (i, section) in self.sections.iter().enumerate() {
            if counts.iter().any(|c| c[i] == 0.0) {
                continue;
            }
            let length = 1.0 - B + B * f64::from(section.words) / self.average_words;
            let score: f64 = counts
                .iter()
                .zip(&idf)
                .map(|(c, idf)| {
                    let f = f64::from(c[i]);
                    idf * f * (K1 + 1.0) / (f + K1 * length)
                })
                .sum();
            ranked.push((score, *section));
        }
        ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.rowid.cmp(&b.1.rowid)));
        ranked
    }

    /// Each section's weighted count of the stems starting with `prefix` (0 where none).
    fn counts_of(&self, prefix: &str) -> Vec<f32> {
        let mut counts = vec![0.0; self.sections.len()];
        let matching = self
            .stems
            .range::<str, _>((Bound::Included(prefix), Bound::Unbounded))
            .take_while(|(stem, _)| stem.starts_with(prefix));
        for (_, postings) in matching {
            for p in postings {
                counts[p.section as usize] += p.weight;
            }
        }
        counts
    }
}

/// The stems the typed words are looked up by: each must start a stem in a matching section.
fn query_stems(typed: &[String]) -> Vec<String> {
    let mut words = Words::new();
    typed
        .iter()
        .take(MAX_WORDS)
        .filter_map(|w| words.query_stem(w))
        .collect()
}

/// Tells which words of a text a search matched, by the index's own rule, so that the words
/// marked in a snippet are the ones the search found.
pub struct WordMatcher {
    words: Words,
    prefixes: Vec<String>,
}

impl WordMatcher {
    pub fn new(typed: &[String]) -> WordMatcher {
        WordMatcher {
            words: Words::new(),
            prefixes: query_stems(typed),
        }
    }

    /// Whether `word` (letters and digits, as in the text) matches one of the typed words.
    pub fn matches(&mut self, word: &str) -> bool {
        fold_into(word, &mut self.words.folded);
        // A stem keeps the start of its word, bar its last letter ("happy" gives "happi"):
        // a word not starting that way cannot match, and is not worth stemming.
        let folded = &self.words.folded;
        let may_match = self.prefixes.iter().any(|p| {
            let cut = p.char_indices().last().map_or(0, |(i, _)| i);
            folded.starts_with(&p[..cut])
        });
        if !may_match {
            return false;
        }
        let number = self.words.number_of_folded();
        let stem = &self.words.stems[number as usize];
        self.prefixes.iter().any(|p| stem.starts_with(p.as_str()))
    }
}

fn change_count(conn: &Connection) -> rusqlite::Result<i64> {
    conn.prepare_cached("SELECT count FROM briefing_changes")?
        .query_row([], |r| r.get(0))
}

/// Splits text into words and stems them, numbering each different stem. Each word's stem
/// is remembered: most words recur, and stemming is the slow part of building the index.
struct Words {
    stemmer: Stemmer,
    /// Each word seen (folded) and the number of its stem.
    known: HashMap<String, u32>,
    /// The stems, by number.
    stems: Vec<String>,
    numbers: HashMap<String, u32>,
    folded: String,
}

impl Words {
    fn new() -> Words {
        Words {
            stemmer: Stemmer::create(Algorithm::English),
            known: HashMap::new(),
            stems: Vec::new(),
            numbers: HashMap::new(),
            folded: String::new(),
        }
    }

    /// Calls `each` with the number of the stem of every word of `text`, in order.
    fn each_stem(&mut self, text: &str, mut each: impl FnMut(u32)) {
        for word in text.split(|c: char| !is_word_char(c)) {
            if word.is_empty() {
                continue;
            }
            fold_into(word, &mut self.folded);
            if self.folded.is_empty() {
                continue;
            }
            each(self.number_of_folded());
        }
    }

    /// The number of the stem of the word in `folded`, stemming it if it is new.
    fn number_of_folded(&mut self) -> u32 {
        if let Some(number) = self.known.get(&self.folded) {
            return *number;
        }
        let stem = self.stemmer.stem(&self.folded).into_owned();
        let next = self.stems.len() as u32;
        let number = *self.numbers.entry(stem.clone()).or_insert(next);
        if number == next {
            self.stems.push(stem);
        }
        self.known.insert(self.folded.clone(), number);
        number
    }

    /// The stem a typed word is looked up by, if it has any letters or digits.
    fn query_stem(&mut self, typed: &str) -> Option<String> {
        let mut first = None;
        self.each_stem(typed, |number| {
            first.get_or_insert(number);
        });
        first.map(|number| self.stems[number as usize].clone())
    }
}

/// Letters and digits make words; everything else (spaces, punctuation, symbols) parts them.
/// Combining accents belong to the letter before them.
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c)
}

/// `word` in lower case with its accents taken off ("Café" → "cafe"), written into `out`.
pub fn fold_into(word: &str, out: &mut String) {
    out.clear();
    if word.is_ascii() {
        out.extend(word.chars().map(|c| c.to_ascii_lowercase()));
    } else {
        out.extend(
            word.chars()
                .flat_map(char::to_lowercase)
                .nfd()
                .filter(|c| !is_combining_mark(*c)),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stems(text: &str) -> Vec<String> {
        let mut words = Words::new();
        let mut numbers = Vec::new();
        words.each_stem(text, |n| numbers.push(n));
        numbers
            .into_iter()
            .map(|n| words.stems[n as usize].clone())
            .collect()
    }

    #[test]
    fn words_are_folded_and_stemmed() {
        assert_eq!(
            stems("Hospitals, CAFÉ-closures; naïve 2022"),
            ["hospit", "cafe", "closur", "naiv", "2022"]
        );
        assert_eq!(stems("ہمارا ہسپتال"), ["ہمارا", "ہسپتال"]);
        assert!(stems(" \"*^ -- ").is_empty());
    }
}
