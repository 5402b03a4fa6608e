//! The group's own briefings: packs (round trip, repeat imports, hostile packs), the edit form,
//! and the glossary.

use std::io::Write;

use campaign_kit_core::briefings::BriefingDraft;
use campaign_kit_core::briefings::library::{self, ImportOutcome, LibraryError, Origin};
use campaign_kit_core::briefings::own;
use campaign_kit_core::briefings::pack::PackError;
use campaign_kit_core::problem::Problem;
use campaign_kit_core::startup;
use campaign_kit_core::store::Store;

fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = startup::open(dir.path(), None).unwrap();
    (dir, store)
}

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n-a-tiny-picture-";

fn briefing_file(id: &str, version: u32, body: &str) -> String {
    format!("+++\nid = \"{id}\"\ntitle = \"Title of {id}\"\nversion = {version}\n+++\n{body}")
}

/// Builds a zip by hand, so tests can make packs our own writer never would.
fn zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in entries {
        w.start_file(*name, zip::write::SimpleFileOptions::default())
            .unwrap();
        w.write_all(bytes).unwrap();
    }
    w.finish().unwrap().into_inner()
}

fn manifest(entries: &str) -> String {
    format!(
        "format = \"campaign-kit-briefing-pack\"\nformat_version = 1\ntitle = \"Test\"\n{entries}"
    )
}

/// A pack with one briefing that shows a picture.
fn pack_with_picture() -> Vec<u8> {
    let md = briefing_file(
        "our-hospital",
        1,
        "## The site\n\n![Map of the site](images/map.png)\n",
    );
    let list = manifest(
        "[[briefings]]\nid = \"our-hospital\"\nversion = 1\nfile = \"briefings/our-hospital.md\"\nimages = [\"images/our-hospital/map.png\"]\n",
    );
    zip(&[
        ("pack.toml", list.as_bytes()),
        ("briefings/our-hospital.md", md.as_bytes()),
        ("images/our-hospital/map.png", PNG),
    ])
}

fn group_ids(store: &Store) -> Vec<String> {
    library::list(store)
        .unwrap()
        .into_iter()
        .filter(|b| b.origin == Origin::Group)
        .map(|b| b.id)
        .collect()
}

#[test]
fn a_pack_goes_from_one_group_to_another_with_its_pictures() {
    let (_a_dir, mut a) = store();
    own::import_file(&mut a, "p.zip", &pack_with_picture()).unwrap();
    own::import_file(
        &mut a,
        "notes.md",
        "# Stall rota\n\nSaturdays, 10 till 1. Ça va, Zoë?".as_bytes(),
    )
    .unwrap();
    let (bytes, report) = own::export_pack(&a, &[]).unwrap();
    assert_eq!(report.count, 2);

    let (_b_dir, mut b) = store();
    let reports = own::import_file(&mut b, "from-a.zip", &bytes).unwrap();
    assert_eq!(reports.len(), 2);
    assert!(reports.iter().all(|r| r.outcome == ImportOutcome::Added));
    assert_eq!(group_ids(&b), group_ids(&a));
    for id in group_ids(&a) {
        let there = library::get(&a, Origin::Group, &id).unwrap();
        let here = library::get(&b, Origin::Group, &id).unwrap();
        assert_eq!(here, there, "{id} arrives exactly as it left");
    }
    let hospital = library::get(&b, Origin::Group, "our-hospital").unwrap();
    assert!(
        hospital.sections[0]
            .html
            .contains("src=\"data:image/png;base64,"),
        "the picture travels inside the pack: {}",
        hospital.sections[0].html
    );
    assert!(
        library::get(&b, Origin::Group, "stall-rota")
            .unwrap()
            .plain_text()
            .contains("Zoë")
    );
}

#[test]
fn importing_a_pack_twice_changes_nothing_and_a_newer_version_updates() {
    let (_a_dir, mut a) = store();
    own::import_file(&mut a, "p.zip", &pack_with_picture()).unwrap();
    let (first, _) = own::export_pack(&a, &[]).unwrap();

    let (_b_dir, mut b) = store();
    own::import_file(&mut b, "p.zip", &first).unwrap();
    let again = own::import_file(&mut b, "p.zip", &first).unwrap();
    assert_eq!(again[0].outcome, ImportOutcome::Unchanged);
    assert_eq!(group_ids(&b).len(), 1, "no duplicate");

    // Group A edits its briefing (version 2) and shares it again.
    let mut draft = own::draft(&a, Origin::Group, "our-hospital").unwrap();
    draft.body.push_str("\nThe new wing opens in May.\n");
    own::save_draft(&mut a, &draft).unwrap();
    let (second, _) = own::export_pack(&a, &[]).unwrap();
    assert_eq!(
        own::import_file(&mut b, "p.zip", &second).unwrap()[0].outcome,
        ImportOutcome::Updated
    );
    let updated = library::get(&b, Origin::Group, "our-hospital").unwrap();
    assert_eq!(updated.meta.version, 2);
    assert!(updated.plain_text().contains("new wing"));
    assert!(
        updated.sections[0].html.contains("data:image/png"),
        "the picture is kept"
    );
    // The old pack, arriving late, does not undo the update.
    assert_eq!(
        own::import_file(&mut b, "p.zip", &first).unwrap()[0].outcome,
        ImportOutcome::Unchanged
    );
    assert_eq!(
        library::get(&b, Origin::Group, "our-hospital")
            .unwrap()
            .meta
            .version,
        2
    );
}

#[test]
fn bad_packs_are_refused_with_a_reason_and_import_nothing() {
    let good_md = briefing_file("fine", 1, "## Fine\n\nText.");
    let good_entry = "[[briefings]]\nid = \"fine\"\nversion = 1\nfile = \"briefings/fine.md\"\n";
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "a path that climbs out",
            zip(&[
                ("pack.toml", manifest(good_entry).as_bytes()),
                ("briefings/fine.md", good_md.as_bytes()),
                ("../../x", b"gotcha"),
            ]),
            "pack_unsafe_path",
        ),
        (
            "an absolute path",
            zip(&[
                ("pack.toml", manifest(good_entry).as_bytes()),
                ("/etc/x", b"x"),
            ]),
            "pack_unsafe_path",
        ),
        (
            "a broken manifest",
            zip(&[(
                "pack.toml",
                b"format = \"campaign-kit-briefing-pack\"\nformat_version = 1\n[[briefings]\n",
            )]),
            "pack_manifest",
        ),
        (
            "a manifest from a newer app",
            zip(&[(
                "pack.toml",
                b"format = \"campaign-kit-briefing-pack\"\nformat_version = 9\nnew_thing = 1\n",
            )]),
            "pack_newer_format",
        ),
        (
            "no manifest",
            zip(&[("briefings/fine.md", good_md.as_bytes())]),
            "pack_not_a_pack",
        ),
        (
            "a damaged zip",
            b"PK\x03\x04 this is not really a zip".to_vec(),
            "pack_not_a_pack",
        ),
        (
            "a listed file that is missing",
            zip(&[("pack.toml", manifest(good_entry).as_bytes())]),
            "pack_missing_file",
        ),
        (
            "a broken briefing",
            zip(&[
                ("pack.toml", manifest(good_entry).as_bytes()),
                ("briefings/fine.md", b"+++\nid = \"fine\"\ntitle = \n+++\n"),
            ]),
            "pack_briefing",
        ),
        (
            "a picture that is really a script",
            zip(&[
                (
                    "pack.toml",
                    manifest(&format!("{good_entry}images = [\"images/fine/x.png\"]\n")).as_bytes(),
                ),
                ("briefings/fine.md", good_md.as_bytes()),
                ("images/fine/x.png", b"<svg onload=alert(1)>"),
            ]),
            "pack_bad_image",
        ),
        (
            "an empty pack",
            zip(&[("pack.toml", manifest("").as_bytes())]),
            "pack_empty",
        ),
    ];
    let (_dir, mut store) = store();
    own::import_file(&mut store, "p.zip", &pack_with_picture()).unwrap();
    let before = library::list(&store).unwrap();
    for (what, bytes, code) in cases {
        let err = own::import_file(&mut store, "pack.zip", &bytes).expect_err(what);
        assert_eq!(err.code(), code, "{what}: {err}");
        assert!(
            err.to_string().ends_with('.'),
            "{what}: a sentence, not a dump: {err}"
        );
        assert_eq!(
            library::list(&store).unwrap(),
            before,
            "{what}: nothing changed"
        );
    }
    assert!(matches!(
        own::import_file(&mut store, "x.zip", b"PK\x03\x04").unwrap_err(),
        LibraryError::Pack(PackError::NotAPack)
    ));
}

#[test]
fn a_pack_that_lies_about_its_sizes_cannot_fill_memory() {
    // 6 MB of one letter squeezes to a few kilobytes; the briefing limit is 5 MB.
    let huge = format!(
        "{}{}",
        briefing_file("big", 1, "## Big\n\n"),
        "a".repeat(6 * 1024 * 1024)
    );
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let deflated = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    w.start_file("pack.toml", deflated).unwrap();
    w.write_all(
        manifest("[[briefings]]\nid = \"big\"\nversion = 1\nfile = \"briefings/big.md\"\n")
            .as_bytes(),
    )
    .unwrap();
    w.start_file("briefings/big.md", deflated).unwrap();
    w.write_all(huge.as_bytes()).unwrap();
    let bytes = w.finish().unwrap().into_inner();
    assert!(bytes.len() < 100_000);
    let (_dir, mut store) = store();
    let err = own::import_file(&mut store, "big.zip", &bytes).unwrap_err();
    assert_eq!(err.code(), "pack_too_large");
    assert!(group_ids(&store).is_empty());
}

#[test]
fn the_edit_form_writes_new_briefings_and_raises_the_version_of_edited_ones() {
    let (_dir, mut store) = store();
    let draft = BriefingDraft {
        id: String::new(),
        title: "  Our   local hospital\n".into(),
        summary: "What is changing at the Whittington.".into(),
        audience: "Members".into(),
        facts_date: "November 2026".into(),
        sources: "Board papers, March https://example.org/board.pdf\nA conversation with a porter"
            .into(),
        body: "## Beds\n\nThe ward is closing. <script>alert(1)</script>\n".into(),
    };
    let id = own::save_draft(&mut store, &draft).unwrap();
    assert_eq!(id, "our-local-hospital");
    let saved = library::get(&store, Origin::Group, &id).unwrap();
    assert_eq!(saved.meta.title, "Our local hospital");
    assert_eq!(saved.meta.version, 1);
    assert_eq!(saved.meta.sources.len(), 2);
    assert_eq!(saved.meta.sources[0].url, "https://example.org/board.pdf");
    assert_eq!(saved.meta.sources[1].url, "");
    assert!(!saved.sections[0].html.contains("<script"));

    // A second new briefing with the same title gets its own id, not an overwrite.
    assert_eq!(
        own::save_draft(&mut store, &draft).unwrap(),
        "our-local-hospital-2"
    );

    let mut edit = own::draft(&store, Origin::Group, &id).unwrap();
    assert_eq!(edit.title, "Our local hospital");
    edit.body = edit.body.replace("closing", "staying open");
    assert_eq!(own::save_draft(&mut store, &edit).unwrap(), id);
    let edited = library::get(&store, Origin::Group, &id).unwrap();
    assert_eq!(edited.meta.version, 2);
    assert!(edited.plain_text().contains("staying open"));
    assert!(
        library::search(&store, "staying", 5)
            .unwrap()
            .iter()
            .any(|h| h.id == id)
    );

    let blank = BriefingDraft {
        title: "  ".into(),
        ..edit
    };
    assert_eq!(
        own::save_draft(&mut store, &blank).unwrap_err().code(),
        "briefing_title_missing"
    );
    assert_eq!(
        library::get(&store, Origin::Group, &id)
            .unwrap()
            .meta
            .version,
        2
    );
}

#[test]
fn a_bundled_briefing_is_edited_as_a_copy_of_our_own() {
    let (_dir, mut store) = store();
    let draft = own::draft(&store, Origin::Bundled, "ics-in-two-minutes").unwrap();
    assert!(draft.id.is_empty());
    assert_eq!(draft.title, "ICSs in two minutes (our copy)");
    assert!(draft.sources.contains("https://"));
    let id = own::save_draft(&mut store, &draft).unwrap();
    let copy = library::get(&store, Origin::Group, &id).unwrap();
    let original = library::get(&store, Origin::Bundled, "ics-in-two-minutes").unwrap();
    assert_eq!(copy.sections, original.sections);
    assert!(matches!(
        own::delete(&mut store, "ics-in-two-minutes").unwrap_err(),
        LibraryError::NotFound
    ));
}

#[test]
fn the_glossary_explains_every_abbreviation_the_bundled_briefings_use() {
    let (_dir, store) = store();
    let glossary = library::glossary(&store).unwrap();
    let terms: Vec<&str> = glossary.iter().map(|e| e.term.as_str()).collect();
    let must_have = [
        "ICS",
        "ICP",
        "ICB",
        "PCN",
        "CCG",
        "STP",
        "HSSF",
        "PHM",
        "NHSE",
        "NEL",
        "H&WG",
        "PSR",
        "ICS NHS body",
        "ICS Health and Care Partnership",
        "Foundation trust",
        "Judicial review",
        "Personal health budget",
    ];
    for must in must_have {
        assert!(terms.contains(&must), "{must} is in the issue's list");
    }
    // Everyday abbreviations and a company's name are not jargon.
    let everyday = ["UK", "US", "USA", "TV", "PA"];
    for (briefing, file) in library::bundled().unwrap() {
        let body = campaign_kit_core::briefings::body_of(file);
        let prose = body.lines().filter(|l| !l.starts_with('|'));
        for word in prose.flat_map(|l| l.split(|c: char| !(c.is_alphanumeric() || c == '&'))) {
            // "ICSs" and "MPs" are the plurals of glossary terms.
            let word = word.strip_suffix('s').unwrap_or(word);
            let is_abbreviation =
                word.len() >= 2 && word.chars().all(|c| c.is_ascii_uppercase() || c == '&');
            if is_abbreviation && !everyday.contains(&word) {
                assert!(
                    terms.contains(&word),
                    "{word} (in {}) is not in the glossary",
                    briefing.meta.id
                );
            }
        }
    }
}

#[test]
fn a_groups_own_glossary_adds_and_replaces_terms() {
    let (_dir, mut store) = store();
    let ours = "# Our glossary\n\n- **ICS** (Integrated Care System): our own words for it.\n- **HOSC** (Health Overview and Scrutiny Committee): the council committee.\n";
    own::import_file(&mut store, "our-glossary.md", ours.as_bytes()).unwrap();
    let glossary = library::glossary(&store).unwrap();
    let ics: Vec<_> = glossary.iter().filter(|e| e.term == "ICS").collect();
    assert_eq!(ics.len(), 1);
    assert_eq!(ics[0].meaning, "our own words for it.");
    assert!(glossary.iter().any(|e| e.term == "HOSC"));
}

/// The deepest nesting of one tag in some HTML.
fn deepest(html: &str, tag: &str) -> usize {
    let (open, close) = (format!("<{tag}>"), format!("</{tag}>"));
    let (mut depth, mut deepest) = (0usize, 0usize);
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        rest = &rest[at..];
        if rest.starts_with(&open) {
            depth += 1;
            deepest = deepest.max(depth);
        } else if rest.starts_with(&close) {
            depth = depth.saturating_sub(1);
        }
        rest = &rest[1..];
    }
    deepest
}

/// Files a few kilobytes long that nest lists, quotes or raw HTML tens of thousands deep once
/// took seconds to import (the sanitiser is slower the deeper the nesting). Nesting past 32 is
/// flattened and so much raw HTML is shown as text; the words stay. (The times are in the
/// closing note, not asserted: speed lives in benchmarks.)
#[test]
fn deeply_nested_files_import_with_their_words_and_bounded_nesting() {
    let (_dir, mut store) = store();
    let cases = [
        (
            "lists",
            format!("# Lists\n\n{}deep words\n", "- ".repeat(20_000)),
            "ul",
        ),
        (
            "numbers",
            format!("# Numbers\n\n{}deep words\n", "1. ".repeat(20_000)),
            "ol",
        ),
        (
            "quotes",
            format!("# Quotes\n\n{}deep words\n", ">".repeat(100_000)),
            "blockquote",
        ),
    ];
    for (name, text, tag) in &cases {
        let reports = own::import_file(&mut store, &format!("{name}.md"), text.as_bytes())
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let briefing = library::get(&store, Origin::Group, &reports[0].id).unwrap();
        let html: String = briefing.sections.iter().map(|s| s.html.as_str()).collect();
        assert!(html.contains("deep words"), "{name}: the words are kept");
        let depth = deepest(&html, tag);
        assert!((1..=32).contains(&depth), "{name}: nested {depth} deep");
    }
    let raw = format!("# Raw\n\n{}raw words\n", "<div>".repeat(100_000));
    let reports = own::import_file(&mut store, "raw.md", raw.as_bytes()).unwrap();
    let briefing = library::get(&store, Origin::Group, &reports[0].id).unwrap();
    let html: String = briefing.sections.iter().map(|s| s.html.as_str()).collect();
    assert!(
        html.contains("raw words") && html.contains("&lt;div&gt;"),
        "shown as text"
    );
}
