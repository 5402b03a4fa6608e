//! The briefings library: bundled briefings kept in step, the group's own, and search.

use campaign_kit_core::briefings::library::{self, ImportOutcome, Origin};
use campaign_kit_core::briefings::own;
use campaign_kit_core::problem::Problem;
use campaign_kit_core::store::Store;

fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    (dir, store)
}

#[test]
fn every_bundled_briefing_is_complete_and_cites_its_sources() {
    let bundled = library::bundled().unwrap();
    assert!(!bundled.is_empty());
    let mut ids = Vec::new();
    for (b, _) in &bundled {
        let m = &b.meta;
        assert!(
            !m.summary.is_empty() && !m.audience.is_empty() && !m.facts_date.is_empty(),
            "{}: incomplete front matter",
            m.id
        );
        assert!(!m.sources.is_empty(), "{}: no sources", m.id);
        // Links are given where the source document gives one; every source has a title.
        assert!(
            m.sources.iter().all(|s| !s.title.is_empty()),
            "{}: a source without a title",
            m.id
        );
        assert!(
            m.sources.iter().any(|s| s.url.starts_with("http")),
            "{}: no source with a link",
            m.id
        );
        assert!(
            b.sections.iter().any(|s| !s.heading.is_empty()),
            "{}: no headings to present",
            m.id
        );
        ids.push(m.id.clone());
    }
    ids.dedup();
    assert_eq!(ids.len(), bundled.len(), "ids must be unique");
}

#[test]
fn bundled_briefings_are_synced_once_and_never_touch_the_groups_own() {
    let (_dir, mut store) = store();
    let shipped = library::bundled().unwrap().len();
    assert_eq!(library::sync_bundled(&mut store).unwrap(), shipped);
    assert_eq!(
        library::sync_bundled(&mut store).unwrap(),
        0,
        "nothing changed, nothing rewritten"
    );

    // The group has its own briefing with the same id as a bundled one.
    let own = "+++\nid = \"ics-in-two-minutes\"\ntitle = \"Our own ICS notes\"\n+++\n## Local\nOur notes.";
    own::import_file(&mut store, "ours.md", own.as_bytes()).unwrap();
    library::sync_bundled(&mut store).unwrap();
    let ours = library::get(&store, Origin::Group, "ics-in-two-minutes").unwrap();
    assert_eq!(ours.meta.title, "Our own ICS notes");
    let bundled = library::get(&store, Origin::Bundled, "ics-in-two-minutes").unwrap();
    assert_eq!(bundled.meta.title, "ICSs in two minutes");
    assert_eq!(library::list(&store).unwrap().len(), shipped + 1);
}

#[test]
fn importing_the_same_file_twice_adds_nothing_and_a_newer_version_updates() {
    let (_dir, mut store) = store();
    let v1 = "+++\nid = \"local-ics\"\ntitle = \"Our local ICS\"\nversion = 1\n+++\n## Board\nMeets monthly.";
    let v2 = v1
        .replace("version = 1", "version = 2")
        .replace("monthly", "every two months");
    assert_eq!(
        own::import_file(&mut store, "a.md", v1.as_bytes()).unwrap()[0].outcome,
        ImportOutcome::Added
    );
    assert_eq!(
        own::import_file(&mut store, "a.md", v1.as_bytes()).unwrap()[0].outcome,
        ImportOutcome::Unchanged
    );
    assert_eq!(
        own::import_file(&mut store, "a.md", v2.as_bytes()).unwrap()[0].outcome,
        ImportOutcome::Updated
    );
    assert_eq!(
        own::import_file(&mut store, "a.md", v1.as_bytes()).unwrap()[0].outcome,
        ImportOutcome::Unchanged,
        "an older version never replaces a newer one"
    );
    let got = library::get(&store, Origin::Group, "local-ics").unwrap();
    assert!(got.sections[0].html.contains("every two months"));
    let group_count = library::list(&store)
        .unwrap()
        .iter()
        .filter(|b| b.origin == Origin::Group)
        .count();
    assert_eq!(group_count, 1);
}

#[test]
fn a_bad_import_changes_nothing() {
    let (_dir, mut store) = store();
    library::sync_bundled(&mut store).unwrap();
    let before = library::list(&store).unwrap();
    let err =
        own::import_file(&mut store, "photo.md", &[0x89, b'P', b'N', b'G', 0, 1]).unwrap_err();
    assert_eq!(err.code(), "briefing_not_text");
    assert_eq!(library::list(&store).unwrap(), before);
}

#[test]
fn the_groups_briefings_can_be_deleted_but_not_bundled_ones() {
    let (_dir, mut store) = store();
    library::sync_bundled(&mut store).unwrap();
    own::import_file(&mut store, "x.md", b"# Temporary\n\nDelete me.").unwrap();
    own::delete(&mut store, "temporary").unwrap();
    assert!(
        library::search(&store, "delete", 10).unwrap().is_empty(),
        "its search rows go too"
    );
    assert_eq!(
        own::delete(&mut store, "ics-in-two-minutes")
            .unwrap_err()
            .code(),
        "briefing_not_found"
    );
    assert!(library::get(&store, Origin::Bundled, "ics-in-two-minutes").is_ok());
}

#[test]
fn search_stems_matches_prefixes_and_highlights() {
    let (_dir, mut store) = store();
    library::sync_bundled(&mut store).unwrap();
    own::import_file(
        &mut store,
        "h.md",
        b"# Hospital closures\n\n## Whittington\nThe hospitals in our area face cuts.",
    )
    .unwrap();

    let hits = library::search(&store, "hospital", 10).unwrap();
    assert_eq!(
        hits[0].title, "Hospital closures",
        "a title match ranks first"
    );
    let hit = library::search(&store, "hospitals cuts", 10)
        .unwrap()
        .into_iter()
        .next()
        .unwrap();
    assert_eq!(hit.heading, "Whittington");
    assert_eq!(hit.anchor, "s-2");
    let marked: Vec<&str> = hit
        .snippet
        .iter()
        .filter(|p| p.highlighted)
        .map(|p| p.text.as_str())
        .collect();
    assert_eq!(marked, ["hospitals", "cuts"]);

    // As you type: a prefix finds the whole word.
    let hits = library::search(&store, "judicial rev", 10).unwrap();
    let ids: Vec<&str> = hits.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids.first(), Some(&"ics-in-two-minutes"), "{ids:?}");
}

#[test]
fn search_survives_anything_typed() {
    let (_dir, mut store) = store();
    library::sync_bundled(&mut store).unwrap();
    for typed in [
        "",
        "   ",
        "\"",
        "*",
        "NEAR(",
        "a AND OR NOT",
        "-x",
        "'; DROP TABLE briefings; --",
        "<script>",
        "ICS\"*^",
    ] {
        library::search(&store, typed, 10).unwrap_or_else(|e| panic!("{typed:?}: {e}"));
    }
    assert!(library::search(&store, "", 10).unwrap().is_empty());
}

#[test]
fn search_finds_non_latin_text() {
    let (_dir, mut store) = store();
    own::import_file(
        &mut store,
        "ur.md",
        "# ہمارا ہسپتال\n\nیہ ہمارا این ایچ ایس ہے".as_bytes(),
    )
    .unwrap();
    own::import_file(
        &mut store,
        "cy.md",
        "# Ysbyty\n\nCadwch y GIG yn gyhoeddus".as_bytes(),
    )
    .unwrap();
    assert_eq!(library::search(&store, "ہسپتال", 5).unwrap().len(), 1);
    assert_eq!(library::search(&store, "gyhoeddus", 5).unwrap().len(), 1);
}

#[test]
fn search_finds_the_topics_campaigners_ask_about() {
    let (_dir, mut store) = store();
    library::sync_bundled(&mut store).unwrap();
    for (typed, expected) in [
        ("funding", "nhs-funding-and-integration"),
        ("integration save money", "nhs-funding-and-integration"),
        ("GPs", "gps-and-primary-care"),
        ("consultation", "the-governments-case-for-icss"),
        ("what happened next", "what-happened-next"),
        ("Health and Care Act 2022", "what-happened-next"),
        ("Covid contracts", "revolving-door-and-covid-contracts"),
        ("revolving door", "revolving-door-and-covid-contracts"),
        ("social care controls", "the-governments-case-for-icss"),
    ] {
        let hits = library::search(&store, typed, 10).unwrap();
        let ids: Vec<&str> = hits.iter().map(|h| h.id.as_str()).collect();
        assert!(
            ids.iter().take(3).any(|id| *id == expected),
            "\"{typed}\" should find {expected} near the top: {ids:?}"
        );
    }
}

/// The ranking kept in memory gives the order SQLite's own bm25 gives (same weights), so
/// moving the scoring out of SQLite changed no one's results.
#[test]
fn search_ranks_as_sqlite_bm25_does() {
    let (_dir, mut store) = store();
    library::sync_bundled(&mut store).unwrap();
    own::import_file(
        &mut store,
        "h.md",
        b"# Hospital closures\n\n## Whittington\nThe hospitals in our area face cuts.\n\n## Care\nIntegrated care boards decide.",
    )
    .unwrap();
    for typed in [
        "integrated care",
        "hospital",
        "hosp",
        "ics",
        "funding",
        "private companies",
        "board",
        "consultation",
        "GP",
        "what happened next",
        "Health and Care Act 2022",
        "revolving door",
        "social care controls",
        "accountable",
        "judicial rev",
    ] {
        let ours: Vec<(String, String)> = library::search(&store, typed, 10)
            .unwrap()
            .into_iter()
            .map(|h| (h.id, h.anchor))
            .collect();
        assert_eq!(ours, sqlite_bm25_order(&store, typed, 10), "\"{typed}\"");
    }
}

/// The best section of each of the `limit` best briefings, by FTS5's `rank`.
fn sqlite_bm25_order(store: &Store, typed: &str, limit: usize) -> Vec<(String, String)> {
    let query = library::fts_query(typed).unwrap();
    let mut stmt = store
        .conn()
        .prepare(
            "SELECT b.id, f.anchor FROM briefing_search f JOIN briefings b ON b.key = f.briefing_key
             WHERE briefing_search MATCH ?1 ORDER BY rank, f.rowid",
        )
        .unwrap();
    let rows: Vec<(String, String)> = stmt
        .query_map([query], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut best: Vec<(String, String)> = Vec::new();
    for (id, anchor) in rows {
        if best.len() < limit && !best.iter().any(|(seen, _)| *seen == id) {
            best.push((id, anchor));
        }
    }
    best
}

/// Searches rank from an index kept in memory: any change to the briefings, made here or by
/// another program on the same data (the command line while the app is open), shows in the
/// very next search.
#[test]
fn search_sees_every_change_to_the_briefings_at_once() {
    let (_dir, mut store) = store();
    own::import_file(&mut store, "a.md", b"# Wards\n\nThe xylophonic ward.").unwrap();
    assert_eq!(library::search(&store, "xylophonic", 5).unwrap().len(), 1);

    own::import_file(&mut store, "b.md", b"# Beds\n\nA xylophonic bed.").unwrap();
    assert_eq!(library::search(&store, "xylophonic", 5).unwrap().len(), 2);

    let other = rusqlite::Connection::open(&store.paths().database).unwrap();
    other
        .execute_batch(
            "DELETE FROM briefing_search WHERE briefing_key = (SELECT key FROM briefings WHERE id = 'beds');
             DELETE FROM briefings WHERE id = 'beds';",
        )
        .unwrap();
    let hits = library::search(&store, "xylophonic", 5).unwrap();
    let titles: Vec<&str> = hits.iter().map(|h| h.title.as_str()).collect();
    assert_eq!(titles, ["Wards"]);
}
