//! Property tests: every reader of a file from outside (CSV imports, briefing Markdown, briefing
//! packs, design files, petition bundles, logos and photos) is given generated input, valid-
//! looking and broken. None may panic or hang, a refusal changes nothing, and what is accepted
//! is sound. The suite runs 48 cases of each; `bash tests/fuzz-readers.sh` runs thousands.

use campaign_kit_core::briefings::library::{self, Origin};
use campaign_kit_core::briefings::{own, pack};
use campaign_kit_core::group::{self, GroupDetails};
use campaign_kit_core::petitions::bundle;
use campaign_kit_core::petitions::csv_in;
use campaign_kit_core::petitions::petition::{self, PetitionDraft};
use campaign_kit_core::petitions::signatures::{self, ListFilter, NewSignature, Source};
use campaign_kit_core::petitions::signer::{Fields, SignerInput};
use campaign_kit_core::print::{design_file, picture};
use campaign_kit_core::store::Store;
use proptest::prelude::*;
use proptest::test_runner::Config;

fn config() -> Config {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(48);
    Config {
        cases,
        // Failures are printed with the input that caused them; nothing is written to the tree.
        failure_persistence: None,
        ..Config::default()
    }
}

/// Text made of the pieces that matter to each reader: markup, separators, quotes, formula
/// starts, scripts, and non-Latin letters.
fn pieces(choices: &'static [&'static str], most: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(choices), 0..most).prop_map(|v| v.concat())
}

const MARKDOWN: &[&str] = &[
    "# ",
    "## ",
    "- ",
    "> ",
    "1. ",
    "**",
    "*",
    "_",
    "`",
    "```",
    "\n",
    "\n\n",
    "words ",
    "|",
    "---",
    "[a](https://x.org)",
    "![p](images/p.png)",
    "<script>alert(1)</script>",
    "<div>",
    "</div>",
    "<img src=x onerror=y>",
    "javascript:",
    "+++\n",
    "::: notes\n",
    ":::\n",
    "ŵ",
    "محمد",
    "\t",
    "\\",
];

const CSV: &[&str] = &[
    "Name",
    "Postcode",
    "Email",
    "Phone",
    "Keep me informed",
    "Date",
    ",",
    "\n",
    "\r\n",
    "\"",
    "Ann Lee",
    "N1 9GU",
    "XX1 1XX",
    "ann@example.org",
    "notanemail",
    "=HYPERLINK(\"x\")",
    "'+44",
    "+44 20 7946 0000",
    "yes",
    "no",
    "14/03/2026",
    "2026-03-14",
    "محمد علی",
    "",
    " ",
];

/// No tag in the HTML can run anything: no script, no event handler, no `javascript:` link.
/// (Text that merely says "javascript:" is escaped, so only real tags start with `<`.)
fn runs_nothing(html: &str) -> bool {
    html.split('<').skip(1).all(|rest| {
        let tag = rest.split('>').next().unwrap_or("").to_lowercase();
        !tag.starts_with("script")
            && !tag.contains("javascript:")
            && !tag
                .split_whitespace()
                .skip(1)
                .any(|attribute| attribute.starts_with("on"))
    })
}

fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().expect("dir");
    let store = Store::open(dir.path()).expect("store");
    (dir, store)
}

fn a_petition(store: &mut Store) -> i64 {
    group::save(
        store,
        &GroupDetails {
            name: "KONP Camden".into(),
            contact_email: "camden@example.org".into(),
            ..GroupDetails::default()
        },
    )
    .expect("group");
    let draft = PetitionDraft {
        title: "Keep it open".into(),
        prayer: "We ask the council to keep it open.".into(),
        addressee: "Camden Council".into(),
        target: 100,
        fields: Fields {
            postcode: true,
            email: true,
            phone: true,
        },
        ..PetitionDraft::default()
    };
    petition::create(store, &draft).expect("petition").id
}

fn count(store: &Store, petition: i64) -> u32 {
    signatures::list(store.conn(), petition, &ListFilter::default())
        .expect("list")
        .total
}

proptest! {
    #![proptest_config(config())]

    /// A CSV import is all or nothing: it adds exactly what it says, or nothing at all.
    #[test]
    fn csv_imports_add_what_they_say_or_nothing(text in pieces(CSV, 60), bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        let (_dir, mut store) = store();
        let p = a_petition(&mut store);
        for input in [text.into_bytes(), bytes] {
            let before = count(&store, p);
            let Ok(file) = csv_in::decode(&input) else { continue };
            let Ok(preview) = csv_in::preview(&file, Fields { postcode: true, email: true, phone: true }) else { continue };
            match csv_in::import(&mut store, p, &file, &preview.suggested, None) {
                Ok(outcome) => prop_assert_eq!(count(&store, p), before + outcome.added),
                Err(_) => prop_assert_eq!(count(&store, p), before),
            }
        }
    }

    /// Any Markdown imports or is refused in words; what is kept runs nothing.
    #[test]
    fn briefing_markdown_is_kept_safe(text in pieces(MARKDOWN, 80)) {
        let (_dir, mut store) = store();
        if let Ok(reports) = own::import_file(&mut store, "ours.md", text.as_bytes()) {
            for report in reports {
                let briefing = library::get(&store, Origin::Group, &report.id).expect("saved");
                for section in &briefing.sections {
                    prop_assert!(runs_nothing(&section.html), "{}", section.html);
                }
            }
        }
    }

    /// Broken zip files are refused, never a panic.
    #[test]
    fn briefing_packs_that_are_not_whole_are_refused(tail in prop::collection::vec(any::<u8>(), 0..400)) {
        let mut bytes = b"PK\x03\x04".to_vec();
        bytes.extend(tail);
        prop_assert!(pack::read(&bytes).is_err());
    }

    /// A design file edited anyhow is either refused or gives a design whose numbers make sense.
    #[test]
    fn design_files_edited_by_hand_are_sound_or_refused(qr in any::<f32>(), zoom in any::<f32>(), focus in any::<f32>(), junk in pieces(CSV, 4)) {
        let text = format!(
            r#"{{"format":"campaign-kit-design","formatVersion":1,"name":"{junk:?}","design":{{"template":"a6-flyer","qrSizeMm":{qr},"photo":{{"zoom":{zoom},"focusX":{focus}}}}}}}"#
        );
        if let Ok(file) = design_file::read(text.as_bytes()) {
            prop_assert!(file.design.check_numbers().is_ok());
        }
    }

    /// A bundle with any one byte changed is refused or merges to what its checks allow; it
    /// never adds a signature nobody signed.
    #[test]
    fn bundles_with_a_changed_byte_never_add_a_phantom(at in any::<prop::sample::Index>(), byte in any::<u8>()) {
        let (_a, mut a) = store();
        let pa = a_petition(&mut a);
        signatures::add(&mut a, pa, &NewSignature {
            signer: SignerInput { name: "Ann Lee".into(), postcode: "N1 9GU".into(), ..SignerInput::default() },
            stall_id: None,
            source: Source::Kiosk,
        }).expect("signed");
        let mut bytes = serde_json::to_vec(&bundle::export(a.conn(), pa).expect("bundle")).expect("json");
        let i = at.index(bytes.len());
        bytes[i] = byte;
        let (_b, mut b) = store();
        if let Ok(parsed) = bundle::parse(&bytes)
            && let Ok(outcome) = bundle::merge(&mut b, &parsed)
        {
            prop_assert!(count(&b, outcome.petition_id) <= 1);
        }
    }

    /// Logos and photos: any bytes are refused or measured, never a panic.
    #[test]
    fn pictures_of_any_bytes_are_refused_or_measured(mut bytes in prop::collection::vec(any::<u8>(), 0..600), png in any::<bool>()) {
        if png {
            bytes.splice(0..0, *b"\x89PNG\r\n\x1a\n");
        }
        if let Ok((width, height)) = picture::check(&bytes) {
            prop_assert!(width > 0 && height > 0);
        }
        let _ = group::check_logo(bytes);
    }
}
