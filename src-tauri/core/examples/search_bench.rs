//! Search benchmark: the bundled briefings plus 1,000 imported ones, then 2,000 searches of
//! the kind people type (whole words, prefixes, two words). Prints the time of the first
//! search, which builds the search index, then the median and 99th percentile time per query.
//!
//!     cargo run --release -p campaign-kit-core --example search_bench

use std::time::Instant;

use campaign_kit_core::briefings::library;
use campaign_kit_core::store::Store;

const WORDS: &[&str] = &[
    "integrated",
    "care",
    "system",
    "board",
    "partnership",
    "council",
    "hospital",
    "funding",
    "contract",
    "private",
    "provider",
    "public",
    "health",
    "data",
    "patients",
    "staff",
    "pay",
    "accountable",
    "local",
    "social",
    "procurement",
    "commissioning",
    "population",
    "management",
];

/// A varied, repeatable briefing body. Words follow a skewed (Zipf-like) spread, as in real
/// text: the campaign words above are common, most of a 5,000-word vocabulary is rare.
fn body(n: usize) -> String {
    let mut seed = n as u64 * 2_654_435_761 + 1;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let r = (seed % 1_000_000) as f64 / 1_000_000.0;
        let index = (r.powi(3) * 5000.0) as usize;
        match WORDS.get(index) {
            Some(word) => word.to_string(),
            None => format!("word{index}"),
        }
    };
    let mut text = format!("# Local briefing {n}\n\n");
    for section in 0..5 {
        text.push_str(&format!("## Section {section} on {}\n\n", next()));
        for _ in 0..80 {
            text.push_str(&next());
            text.push(' ');
        }
        text.push_str("\n\n");
    }
    text
}

fn main() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    // CAMPAIGN_KIT_BENCH_DIR=FOLDER builds the library there, to look at afterwards.
    let folder = std::env::var_os("CAMPAIGN_KIT_BENCH_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| dir.path().to_path_buf());
    let mut store = Store::open(&folder).expect("a store");
    library::sync_bundled(&mut store).expect("bundled briefings");
    let t = Instant::now();
    for n in 0..1000 {
        campaign_kit_core::briefings::own::import_file(
            &mut store,
            &format!("b{n}.md"),
            body(n).as_bytes(),
        )
        .expect("import");
    }
    println!(
        "imported 1,000 briefings (5,000 sections) in {:.1} s",
        t.elapsed().as_secs_f64()
    );

    // The first search builds the index kept in memory (and each search after the briefings
    // change builds it again); the searches timed below use it as the app's searches do.
    let t = Instant::now();
    library::search(&store, "hospital", 20).expect("search");
    println!(
        "the first search, which builds the index: {:.1} ms",
        t.elapsed().as_secs_f64() * 1000.0
    );

    let queries = [
        "hospital",
        "hosp",
        "integrated care",
        "privat",
        "judicial reviews",
        "pay staff",
        "commissioning",
        "zzz",
    ];
    let mut all = Vec::new();
    for q in queries {
        let mut times = Vec::new();
        let mut found = 0;
        for _ in 0..250 {
            let t = Instant::now();
            found = library::search(&store, q, 20).expect("search").len();
            times.push(t.elapsed().as_secs_f64() * 1000.0);
        }
        let sections: i64 = store
            .conn()
            .query_row(
                "SELECT count(*) FROM briefing_search WHERE briefing_search MATCH ?1",
                [library::fts_query(q).unwrap_or_default()],
                |r| r.get(0),
            )
            .unwrap_or(0);
        times.sort_by(f64::total_cmp);
        println!(
            "  {q:>18}: {found:>2} shown, {sections:>4} sections match, median {:.2} ms",
            times[times.len() / 2]
        );
        all.extend(times);
    }
    all.sort_by(f64::total_cmp);
    let at = |p: f64| all[((all.len() as f64 * p) as usize).min(all.len() - 1)];
    println!(
        "{} searches: median {:.2} ms, 99th percentile {:.2} ms, slowest {:.2} ms",
        all.len(),
        at(0.5),
        at(0.99),
        all[all.len() - 1]
    );
}
