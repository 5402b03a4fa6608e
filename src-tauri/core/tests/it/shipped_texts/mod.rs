//! Checks on every text the app ships (briefings and leaflet templates):
//! - none repeats the campaign's source material word for word outside quotation marks;
//! - each reads at Flesch-Kincaid grade 8 or below, with no sentence of 30 words or more.
//!
//! Run with `--nocapture` to see each file's reading grade.

mod copying;
mod readability;
mod texts;

use std::fs;
use std::path::PathBuf;

/// The hardest reading grade a shipped text may have.
const HARDEST_GRADE: f64 = 8.0;
/// Sentences this long or longer lose most readers.
const LONGEST_SENTENCE: usize = 30;

/// The campaign's source material: `../shared/seeds/` beside the repository, or the folder
/// named by `CAMPAIGN_KIT_SEEDS`.
fn seeds_folder() -> PathBuf {
    std::env::var_os("CAMPAIGN_KIT_SEEDS").map_or_else(
        || texts::resources().join("../../shared/seeds"),
        PathBuf::from,
    )
}

fn seeds() -> Option<Vec<String>> {
    let folder = seeds_folder();
    let mut files: Vec<PathBuf> = fs::read_dir(&folder)
        .ok()?
        .filter_map(|e| Some(e.ok()?.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    let texts: Vec<String> = files
        .iter()
        .map(|p| fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display())))
        .collect();
    (!texts.is_empty()).then_some(texts)
}

#[test]
fn no_shipped_text_copies_the_sources() {
    let Some(seeds) = seeds() else {
        println!(
            "SKIPPED: the source material is not at {} (set CAMPAIGN_KIT_SEEDS to its folder)",
            seeds_folder().display()
        );
        return;
    };
    let source_runs = copying::source_runs(&seeds);
    let mut found = Vec::new();
    for text in texts::all() {
        for passage in copying::copied_passages(&text.blocks, &text.source_titles, &source_runs) {
            found.push(format!("{}: \"{passage}\"", text.name));
        }
    }
    assert!(
        found.is_empty(),
        "{} passages share {} or more words in a row with the source material. Say it in our \
         own words, or quote it (in quotation marks, saying who said it and when):\n{}",
        found.len(),
        copying::RUN,
        found.join("\n")
    );
}

#[test]
fn every_shipped_text_is_plain_english() {
    let mut problems = Vec::new();
    println!("{:<62} grade", "file");
    for text in texts::all() {
        let grade = readability::grade(&text.blocks);
        println!("{:<62} {grade:.1}", text.name);
        if grade > HARDEST_GRADE {
            problems.push(format!("{} reads at grade {grade:.1}", text.name));
        }
        for block in &text.blocks {
            for sentence in readability::sentences(block) {
                if sentence.len() >= LONGEST_SENTENCE {
                    problems.push(format!(
                        "{}: a sentence of {} words: \"{}\"",
                        text.name,
                        sentence.len(),
                        sentence.join(" ")
                    ));
                }
            }
        }
    }
    assert!(
        problems.is_empty(),
        "Shipped texts must read at grade {HARDEST_GRADE} or below, with sentences under \
         {LONGEST_SENTENCE} words:\n{}",
        problems.join("\n")
    );
}

/// Counted by hand, saying each word aloud.
const HAND_COUNTED: [(&str, usize); 86] = [
    ("the", 1),
    ("care", 1),
    ("cares", 1),
    ("health", 1),
    ("free", 1),
    ("makes", 1),
    ("rules", 1),
    ("jumped", 1),
    ("played", 1),
    ("great", 1),
    ("friends", 1),
    ("whole", 1),
    ("were", 1),
    ("there", 1),
    ("these", 1),
    ("since", 1),
    ("some", 1),
    ("lines", 1),
    ("trusts", 1),
    ("goes", 1),
    ("staff", 1),
    ("board", 1),
    ("money", 2),
    ("table", 2),
    ("tables", 2),
    ("little", 2),
    ("centre", 2),
    ("wanted", 2),
    ("needed", 2),
    ("carried", 2),
    ("agreed", 2),
    ("boxes", 2),
    ("charges", 2),
    ("changes", 2),
    ("uses", 2),
    ("service", 2),
    ("council", 2),
    ("decide", 2),
    ("decides", 2),
    ("private", 2),
    ("public", 2),
    ("system", 2),
    ("social", 2),
    ("nation", 2),
    ("patients", 2),
    ("people", 2),
    ("England", 2),
    ("doctor", 2),
    ("union", 2),
    ("million", 2),
    ("quiet", 2),
    ("client", 2),
    ("every", 2),
    ("business", 2),
    ("contract", 2),
    ("leaflet", 2),
    ("petition", 3),
    ("services", 3),
    ("companies", 3),
    ("hospital", 3),
    ("family", 3),
    ("councillors", 3),
    ("favourite", 3),
    ("financial", 3),
    ("opinion", 3),
    ("area", 3),
    ("annual", 3),
    ("radio", 3),
    ("period", 3),
    ("video", 3),
    ("media", 3),
    ("theory", 3),
    ("created", 3),
    ("NHS", 3),
    ("GP", 2),
    ("integrated", 4),
    ("experience", 4),
    ("situation", 4),
    ("variety", 4),
    ("suppliers", 3),
    ("earlier", 3),
    ("population", 4),
    ("accountable", 4),
    ("organisation", 5),
    ("consultation", 4),
    ("responsibility", 6),
];

#[test]
fn syllable_counter_agrees_with_hand_counted_words() {
    let wrong: Vec<String> = HAND_COUNTED
        .iter()
        .filter(|(word, count)| readability::syllables(word) != *count)
        .map(|(word, count)| {
            format!(
                "{word}: said {count}, counted {}",
                readability::syllables(word)
            )
        })
        .collect();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn grade_follows_the_flesch_kincaid_formula() {
    // 2 sentences, 7 words, 10 syllables ("hospital" 3, "people" 2, the rest 1).
    let blocks = ["The hospital is shut. People are cross.".to_string()];
    let expected = 0.39 * (7.0 / 2.0) + 11.8 * (10.0 / 7.0) - 15.59;
    assert!((readability::grade(&blocks) - expected).abs() < 1e-9);
    assert_eq!(
        readability::sentences("It costs £3.5 billion. Ask why!").len(),
        2
    );
}

#[test]
fn the_copy_check_finds_copies_and_spares_quotes_and_titles() {
    let source = "the quick brown fox jumps over the lazy dog every single morning";
    let sources = copying::source_runs(&[source.to_string()]);
    let find = |text: &str, titles: &[&str]| {
        let titles: Vec<String> = titles.iter().map(|t| t.to_string()).collect();
        copying::copied_passages(&[text.to_string()], &titles, &sources)
    };
    assert_eq!(
        find(
            "As they say, the quick brown fox jumps over the lazy dog! Yes.",
            &[]
        ),
        ["the quick brown fox jumps over the lazy dog"],
        "punctuation and case do not hide a copy"
    );
    assert!(
        find(
            "As they say, \u{201c}the quick brown fox jumps over the lazy dog\u{201d}.",
            &[]
        )
        .is_empty()
    );
    assert!(
        find(
            "They said \"the quick brown fox jumps over the lazy dog\" in 2021.",
            &[]
        )
        .is_empty()
    );
    assert!(
        find(
            "Read The Quick Brown Fox Jumps Over The Lazy Dog.",
            &["The quick brown fox jumps over the lazy dog"]
        )
        .is_empty(),
        "a cited source's title may be named"
    );
    assert!(find("the quick brown fox jumps over a lazy dog", &[]).is_empty());
    // Split across two list items, a copied run is still a copy.
    let items = [
        "the quick brown fox".to_string(),
        "jumps over the lazy dog".to_string(),
    ];
    assert_eq!(copying::copied_passages(&items, &[], &sources).len(), 1);
}
