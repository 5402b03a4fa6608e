//! Petitions over a real data store: signing, paper sheets, repeats, progress, CSV in and
//! out, merging laptops, and the signers' personal data.

use campaign_kit_core::group::{self, GroupDetails};
use campaign_kit_core::petitions::bundle;
use campaign_kit_core::petitions::csv_in::{self, ColumnMapping};
use campaign_kit_core::petitions::csv_out::{self, ExportKind};
use campaign_kit_core::petitions::personal_data::{self, PersonQuery};
use campaign_kit_core::petitions::petition::{self, AddresseeKind, PetitionDraft, Status};
use campaign_kit_core::petitions::progress;
use campaign_kit_core::petitions::sheets::{self, SheetStatus};
use campaign_kit_core::petitions::signatures::{self, ListFilter, NewSignature, Review, Source};
use campaign_kit_core::petitions::signer::{Fields, SignerInput};
use campaign_kit_core::petitions::stalls::{self, StallDraft};
use campaign_kit_core::petitions::{PetitionError, notice};
use campaign_kit_core::problem::Problem;
use campaign_kit_core::store::Store;
use chrono::{Local, NaiveDate, TimeZone};
use tempfile::TempDir;

fn laptop() -> (TempDir, Store) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open(dir.path()).expect("store opens");
    group::save(
        &store,
        &GroupDetails {
            name: "KONP Camden".into(),
            contact_email: "camden@example.org".into(),
            ..GroupDetails::default()
        },
    )
    .expect("group saved");
    (dir, store)
}

fn draft() -> PetitionDraft {
    PetitionDraft {
        title: "Keep our walk-in centre open".into(),
        background: "The ICB plans to close the walk-in centre.".into(),
        prayer: "We ask Camden Council to oppose the closure.".into(),
        addressee_kind: AddresseeKind::Council,
        addressee: "Camden Council".into(),
        target: 500,
        fields: Fields {
            postcode: true,
            email: true,
            phone: false,
        },
        ..PetitionDraft::default()
    }
}

fn person(name: &str, postcode: &str, email: &str) -> SignerInput {
    SignerInput {
        name: name.into(),
        postcode: postcode.into(),
        email: email.into(),
        ..SignerInput::default()
    }
}

fn sign(store: &mut Store, petition: i64, who: SignerInput, source: Source) -> signatures::Added {
    signatures::add(
        store,
        petition,
        &NewSignature {
            signer: who,
            stall_id: None,
            source,
        },
    )
    .expect("signature added")
}

fn sign_at(store: &mut Store, petition: i64, who: SignerInput, day: u32, second: u32) -> String {
    let at = Local
        .with_ymd_and_hms(2026, 3, day, 10, 0, second)
        .single()
        .expect("a real time");
    signatures::add_at(
        store.conn_mut(),
        petition,
        &NewSignature {
            signer: who,
            stall_id: None,
            source: Source::Kiosk,
        },
        at,
    )
    .expect("signature added")
    .uid
}

fn valid(store: &Store, petition: i64) -> u32 {
    let figures = progress::progress(store.conn(), petition).expect("progress");
    tallies_match_a_full_count(store, petition, &figures);
    figures.valid
}

/// The progress figures come from running tallies kept by triggers; they must always agree
/// with counting the signatures one by one.
fn tallies_match_a_full_count(store: &Store, petition: i64, figures: &progress::Progress) {
    let counted: (u32, u32, u32, u32) = store
        .conn()
        .query_row(
            "SELECT count(*) FILTER (WHERE withdrawn = 0 AND review != 'rejected'),
                    count(*) FILTER (WHERE duplicate_of IS NOT NULL AND review = 'none'
                                     AND withdrawn = 0),
                    count(*) FILTER (WHERE review = 'rejected' AND withdrawn = 0),
                    count(*) FILTER (WHERE withdrawn = 1)
             FROM signatures WHERE petition_id = ?1",
            [petition],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .expect("counted");
    assert_eq!(
        counted,
        (
            figures.valid,
            figures.flagged,
            figures.rejected,
            figures.withdrawn
        ),
        "tallies and a full count disagree"
    );
}

#[test]
fn a_new_petition_has_a_notice_naming_the_group_and_takes_kiosk_signatures() {
    let (_dir, mut store) = laptop();
    let p = petition::create(&mut store, &draft()).expect("created");
    assert!(p.code.starts_with("P-") && p.code.len() == 8, "{}", p.code);
    let text = notice::current(store.conn(), p.id).expect("notice").text;
    assert!(text.contains("KONP Camden"), "{text}");
    assert!(text.contains("Camden Council"));

    let added = sign(
        &mut store,
        p.id,
        person("Ann Lee", "n19gu", ""),
        Source::Kiosk,
    );
    assert!(!added.flagged);
    let page = signatures::list(store.conn(), p.id, &ListFilter::default()).expect("list");
    let s = &page.signatures[0];
    assert_eq!(s.postcode.as_deref(), Some("N1 9GU"));
    assert_eq!(s.notice_version, Some(1));
    assert_eq!(valid(&store, p.id), 1);
}

#[test]
fn editing_the_notice_makes_a_new_version_and_signers_keep_the_one_they_saw() {
    let (_dir, mut store) = laptop();
    let p = petition::create(&mut store, &draft()).expect("created");
    sign(&mut store, p.id, person("Ann", "", ""), Source::Kiosk);
    let edited = petition::save_notice(&mut store, p.id, "KONP Camden holds your name. Ask us.")
        .expect("saved");
    assert_eq!(edited.version, 2);
    // Saving the same words again is not a new version.
    let again = petition::save_notice(&mut store, p.id, "KONP Camden holds your name. Ask us.");
    assert_eq!(again.expect("saved").version, 2);
    sign(&mut store, p.id, person("Bob", "", ""), Source::Kiosk);
    let page = signatures::list(store.conn(), p.id, &ListFilter::default()).expect("list");
    let versions: Vec<_> = page.signatures.iter().map(|s| s.notice_version).collect();
    assert_eq!(versions, [Some(2), Some(1)], "newest first");
}

#[test]
fn a_petition_without_the_groups_name_cannot_start_signing() {
    let dir = tempfile::tempdir().expect("dir");
    let mut store = Store::open(dir.path()).expect("store");
    let p = petition::create(&mut store, &draft()).expect("created");
    let err = signatures::add(
        &mut store,
        p.id,
        &NewSignature {
            signer: person("Ann", "", ""),
            stall_id: None,
            source: Source::Kiosk,
        },
    )
    .expect_err("refused");
    assert!(err.to_string().contains("Our group"), "{err}");
}

#[test]
fn repeats_are_flagged_not_dropped_and_households_may_share_an_email() {
    let (_dir, mut store) = laptop();
    let p = petition::create(&mut store, &draft()).expect("created").id;
    let ann = sign_at(
        &mut store,
        p,
        person("Ann Lee", "N1 9GU", "ann.lee@gmail.com"),
        1,
        0,
    );
    // Her partner, same household email and postcode: fine.
    sign_at(
        &mut store,
        p,
        person("Sam Lee", "N1 9GU", "annlee+petition@googlemail.com"),
        1,
        1,
    );
    // A third name on the same email: flagged.
    let third = sign_at(
        &mut store,
        p,
        person("Kid Lee", "N1 9GU", "ann.lee@gmail.com"),
        1,
        2,
    );
    // Ann again, typed a little differently: flagged by name and postcode.
    let again = sign_at(&mut store, p, person("ann  lee", "n19gu", ""), 2, 0);

    let flagged = signatures::list(
        store.conn(),
        p,
        &ListFilter {
            flagged_only: true,
            ..ListFilter::default()
        },
    )
    .expect("list");
    let mut uids: Vec<_> = flagged.signatures.iter().map(|s| s.uid.clone()).collect();
    uids.sort();
    let mut expected = vec![third.clone(), again.clone()];
    expected.sort();
    assert_eq!(uids, expected);
    assert!(
        flagged
            .signatures
            .iter()
            .all(|s| s.duplicate_of.as_deref() == Some(&ann))
    );

    // Flagged ones count until an organiser decides.
    let before = progress::progress(store.conn(), p).expect("progress");
    tallies_match_a_full_count(&store, p, &before);
    assert_eq!((before.valid, before.flagged), (4, 2));
    assert!(
        before
            .valid_means
            .contains("2 possible repeats are waiting for review"),
        "{}",
        before.valid_means
    );

    let again_id = flagged
        .signatures
        .iter()
        .find(|s| s.uid == again)
        .expect("there")
        .id;
    signatures::review(&mut store, again_id, Review::Rejected).expect("rejected");
    // One of each: the words are singular.
    let halfway = progress::progress(store.conn(), p).expect("progress");
    assert_eq!((halfway.flagged, halfway.rejected), (1, 1));
    assert!(
        halfway
            .valid_means
            .ends_with("Not counted: 1 rejected as a repeat, 0 withdrawn. 1 possible repeat is waiting for review and counted until then."),
        "{}",
        halfway.valid_means
    );
    let third_id = flagged
        .signatures
        .iter()
        .find(|s| s.uid == third)
        .expect("there")
        .id;
    signatures::review(&mut store, third_id, Review::Kept).expect("kept");
    let after = progress::progress(store.conn(), p).expect("progress");
    tallies_match_a_full_count(&store, p, &after);
    assert_eq!((after.valid, after.flagged, after.rejected), (3, 0, 1));
    assert!(
        !after.valid_means.contains("waiting for review"),
        "{}",
        after.valid_means
    );
}

/// A stall on Camden High Street on 14 March 2026.
fn high_street_stall(store: &Store, p: i64) -> stalls::Stall {
    stalls::add(
        store.conn(),
        p,
        &StallDraft {
            place: "Camden High Street".into(),
            held_on: "2026-03-14".into(),
            volunteers: "Ann and Bilal".into(),
        },
    )
    .expect("stall")
}

#[test]
fn paper_sheets_are_typed_in_by_sheet_and_line_and_checked_against_the_paper() {
    let (_dir, mut store) = laptop();
    let p = petition::create(&mut store, &draft()).expect("created").id;
    let stall = high_street_stall(&store, p);
    let batch = sheets::reserve(store.conn(), p, 3).expect("sheets numbered");
    assert_eq!((batch.first_sheet, batch.last_sheet), (1, 3));
    // The notice changes after the sheets were printed: the sheets keep version 1.
    petition::save_notice(&mut store, p, "KONP Camden, new words.").expect("saved");

    for (line, name) in [(1, "Ann"), (2, "Bob"), (4, "Dee")] {
        signatures::add(
            &mut store,
            p,
            &NewSignature {
                signer: person(name, "", ""),
                stall_id: Some(stall.id),
                source: Source::Paper { sheet: 2, line },
            },
        )
        .expect("line typed");
    }
    // Line 2 was misread: typing it again replaces it.
    let fixed = signatures::add(
        &mut store,
        p,
        &NewSignature {
            signer: person("Rob", "", ""),
            stall_id: Some(stall.id),
            source: Source::Paper { sheet: 2, line: 2 },
        },
    )
    .expect("line typed again");
    assert!(fixed.replaced);

    let summary =
        sheets::set_status(store.conn(), p, 2, SheetStatus::Entered, Some(4)).expect("status");
    assert_eq!(summary.lines_typed, 3);
    assert_eq!(summary.gaps, [3]);
    assert_eq!(
        summary.warning.as_deref(),
        Some("Sheet 2: 4 lines on the paper, 3 typed in. Line 3 has nothing typed.")
    );

    let lines = signatures::list(
        store.conn(),
        p,
        &ListFilter {
            sheet: Some(2),
            ..ListFilter::default()
        },
    )
    .expect("list");
    let names: Vec<_> = lines
        .signatures
        .iter()
        .map(|s| s.name.clone().unwrap_or_default())
        .collect();
    assert_eq!(names, ["Ann", "Rob", "Dee"]);
    assert!(lines.signatures.iter().all(|s| s.notice_version == Some(1)));
    assert!(
        lines
            .signatures
            .iter()
            .all(|s| s.signed_at == "2026-03-14T00:00:00")
    );
    let by_stall = progress::progress(store.conn(), p)
        .expect("progress")
        .by_stall;
    assert_eq!(by_stall[0].label, "Camden High Street, 2026-03-14");
    assert_eq!(by_stall[0].count, 3);

    let no_line = signatures::add(
        &mut store,
        p,
        &NewSignature {
            signer: person("Eve", "", ""),
            stall_id: None,
            source: Source::Paper { sheet: 2, line: 99 },
        },
    );
    assert!(matches!(no_line, Err(PetitionError::NoSuchLine { .. })));
}

#[test]
fn a_closed_petition_takes_paper_but_not_the_kiosk_and_a_handed_in_one_takes_nothing() {
    let (_dir, mut store) = laptop();
    let p = petition::create(&mut store, &draft()).expect("created").id;
    petition::set_status(&mut store, p, Status::Closed, None).expect("closed");
    let kiosk = NewSignature {
        signer: person("Ann", "", ""),
        stall_id: None,
        source: Source::Kiosk,
    };
    let err = signatures::add(&mut store, p, &kiosk).expect_err("kiosk refused");
    assert!(err.to_string().contains("closed"), "{err}");
    let paper = NewSignature {
        source: Source::Paper { sheet: 1, line: 1 },
        ..kiosk.clone()
    };
    signatures::add(&mut store, p, &paper).expect("paper still typed in");
    petition::set_status(&mut store, p, Status::HandedIn, Some("2026-04-01")).expect("handed in");
    let err = signatures::add(&mut store, p, &paper).expect_err("refused after hand-in");
    assert!(err.to_string().contains("handed in"), "{err}");
}

#[test]
fn bad_signer_details_are_refused_with_reasons_and_nothing_is_saved() {
    let (_dir, mut store) = laptop();
    let p = petition::create(&mut store, &draft()).expect("created").id;
    for who in [
        person("", "", ""),
        person(&"x".repeat(10_000), "", ""),
        person("Ann", "SW1A OAA", ""),
        person("Ann", "", "ann at example"),
    ] {
        let err = signatures::add(
            &mut store,
            p,
            &NewSignature {
                signer: who,
                stall_id: None,
                source: Source::Kiosk,
            },
        )
        .expect_err("refused");
        assert!(matches!(err, PetitionError::InvalidSigner(_)), "{err}");
    }
    let err = signatures::add(
        &mut store,
        p,
        &NewSignature {
            signer: person("Ann", "SW1A OAA", ""),
            stall_id: None,
            source: Source::Kiosk,
        },
    )
    .expect_err("refused");
    let fields = campaign_kit_core::problem::Problem::field_problems(&err);
    assert_eq!(fields[0].field, "postcode");
    assert!(
        fields[0].message.contains("Did you mean SW1A 0AA?"),
        "{err}"
    );
    assert_eq!(valid(&store, p), 0);
}

fn export(store: &Store, petition: i64, kind: ExportKind) -> String {
    let mut out = Vec::new();
    csv_out::write(store.conn(), petition, kind, &mut out).expect("exported");
    String::from_utf8(out).expect("utf-8")
}

#[test]
fn csv_export_is_inert_in_a_spreadsheet_and_the_mailing_list_has_only_opted_in_people() {
    let (dir, mut store) = laptop();
    let p = petition::create(&mut store, &draft()).expect("created").id;
    sign(
        &mut store,
        p,
        person("=HYPERLINK(\"http://evil\",\"x\")", "", ""),
        Source::Kiosk,
    );
    sign(
        &mut store,
        p,
        person("<script>alert(1)</script>", "", ""),
        Source::Kiosk,
    );
    let mut keen = person("Zofia Łukasiewicz", "E1 6AN", "zofia@example.org");
    keen.opted_in = true;
    sign(&mut store, p, keen, Source::Kiosk);
    sign(
        &mut store,
        p,
        person("Quiet", "", "quiet@example.org"),
        Source::Kiosk,
    );

    let all = export(&store, p, ExportKind::All);
    assert!(
        all.contains("\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\""),
        "{all}"
    );
    assert!(all.contains("<script>alert(1)</script>"));
    assert!(
        all.lines()
            .next()
            .expect("header")
            .starts_with("Name,Postcode,Email")
    );
    assert_eq!(all.lines().count(), 5);

    let list = export(&store, p, ExportKind::MailingList);
    assert_eq!(list.lines().count(), 2, "{list}");
    assert!(list.contains("zofia@example.org") && !list.contains("quiet@"));

    // Saved to a file: whole, with a UTF-8 mark for Excel, and noted in the audit log.
    let path = dir.path().join("signatures.csv");
    let rows = csv_out::save(store.conn(), p, ExportKind::All, &path).expect("saved");
    assert_eq!(rows, 4);
    let saved = std::fs::read(&path).expect("read");
    assert!(saved.starts_with("\u{feff}".as_bytes()));
    // Every line ends in CR LF, as Excel writes CSV itself.
    let saved = String::from_utf8(saved).expect("UTF-8");
    assert_eq!(saved.matches("\r\n").count(), 5, "{saved:?}");
    assert_eq!(saved.matches('\n').count(), 5, "no bare line feeds");
    let log = campaign_kit_core::audit::recent(store.conn(), 5).expect("log");
    assert!(
        log.iter()
            .any(|e| e.action == "petition_exported" && e.detail.contains("4 rows"))
    );
    assert!(!log.iter().any(|e| e.detail.contains("Zofia")));
}

fn csv_file(text: &str) -> csv_in::CsvText {
    csv_in::decode(text.as_bytes()).expect("decoded")
}

#[test]
fn csv_import_is_all_or_nothing_and_the_same_rows_twice_add_nothing() {
    let (_dir, mut store) = laptop();
    let p = petition::create(&mut store, &draft()).expect("created").id;
    let good = "Full name,Post code,E-mail,Keep me informed,Date\n\
                Ann Lee,n19gu,ann@example.org,yes,14/03/2026\n\
                Bilal Khan,E1 6AN,,no,14/03/2026\n\
                محمد علی,,,,15/03/2026\n";
    let preview = csv_in::preview(&csv_file(good), draft().fields).expect("preview");
    assert_eq!(preview.rows, 3);
    let mapping = preview.suggested.clone();
    assert_eq!(mapping.name, Some(0));
    assert_eq!(mapping.signed, Some(4));

    let bad = format!("{good}Dee,Q1 1AA,,,\n,N1 9GU,,,\nEve,,,maybe,\nFay,N1\n");
    let err = csv_in::import(&mut store, p, &csv_file(&bad), &mapping, None).expect_err("refused");
    let PetitionError::Import { message, bad_rows } = err else {
        panic!("wrong error");
    };
    assert!(
        message.contains("4 rows have problems, so nothing was imported"),
        "{message}"
    );
    let lines: Vec<u32> = bad_rows.iter().map(|r| r.line).collect();
    assert_eq!(lines, [5, 6, 7, 8]);
    // Excel on Windows ends lines with CR LF: the same lines are named.
    let crlf = bad.replace('\n', "\r\n");
    let err = csv_in::import(&mut store, p, &csv_file(&crlf), &mapping, None).expect_err("refused");
    let PetitionError::Import { bad_rows, .. } = err else {
        panic!("wrong error");
    };
    let lines: Vec<u32> = bad_rows.iter().map(|r| r.line).collect();
    assert_eq!(lines, [5, 6, 7, 8], "CR LF line ends");
    assert!(bad_rows[0].problems[0].contains("never starts with Q"));
    assert!(bad_rows[3].problems[0].contains("columns"));
    assert_eq!(valid(&store, p), 0, "nothing half-imported");

    let first = csv_in::import(&mut store, p, &csv_file(good), &mapping, None).expect("imported");
    assert_eq!((first.added, first.already_there), (3, 0));
    let again = csv_in::import(&mut store, p, &csv_file(good), &mapping, None).expect("imported");
    assert_eq!((again.added, again.already_there), (0, 3));
    assert_eq!(valid(&store, p), 3);
    let by_day = progress::progress(store.conn(), p)
        .expect("progress")
        .by_day;
    assert_eq!(by_day.len(), 2);
    assert_eq!(
        (by_day[0].label.as_str(), by_day[0].count),
        ("2026-03-14", 2)
    );
}

#[test]
fn repeats_found_on_import_match_a_full_recount() {
    // A file that is most of the petition is checked in one pass over it.
    import_repeats_and_compare_with_a_full_recount(0);
}

#[test]
fn repeats_found_on_import_into_a_bigger_petition_match_a_full_recount() {
    // A file that is a small part of the petition is checked around its own rows only.
    import_repeats_and_compare_with_a_full_recount(40);
}

/// Imports a file with every kind of repeat into a petition holding three signers and
/// `strangers` others, then checks the flags against a second laptop that works every flag
/// out from scratch when it merges the petition.
fn import_repeats_and_compare_with_a_full_recount(strangers: u32) {
    let (_dir, mut store) = laptop();
    let p = petition::create(&mut store, &draft()).expect("created").id;
    sign_at(
        &mut store,
        p,
        person("Ann Lee", "N1 9GU", "ann@example.org"),
        1,
        0,
    );
    sign_at(
        &mut store,
        p,
        person("Bo Chan", "E1 6AN", "bo@example.org"),
        1,
        1,
    );
    // Gus signed at the stall on the 5th, but he had signed on paper on the 2nd: the paper
    // signature, imported later, comes first, so the stall one becomes the repeat.
    sign_at(&mut store, p, person("Gus Roe", "N7 6LB", ""), 5, 0);
    for n in 0..strangers {
        sign_at(
            &mut store,
            p,
            person(&format!("Stranger {n}"), "SW1A 1AA", ""),
            1,
            2 + n,
        );
    }
    // Repeats of Ann by name and postcode, a household sharing Bo's email, a third on it,
    // a repeat within the file itself, Gus's earlier signature, and someone new.
    let file = "Name,Postcode,Email,Date\n\
                ann lee,n19gu,,2026-03-02\n\
                Cy Chan,E1 6AN,bo@example.org,2026-03-02\n\
                Di Chan,E1 6AN,bo@example.org,2026-03-03\n\
                Ed Wu,SE1 7PB,ed@example.org,2026-03-02\n\
                ed wu,se17pb,,2026-03-04\n\
                gus roe,n7 6lb,,2026-03-02\n\
                Fay Ng,M1 1AE,,2026-03-02\n";
    let outcome = import_as_suggested(&mut store, p, file);
    assert_eq!((outcome.added, outcome.flagged), (7, 3));
    let ours = names_and_flags(&store, p);
    assert!(ours.contains(&(Some("Gus Roe".into()), true)), "{ours:?}");
    assert!(ours.contains(&(Some("gus roe".into()), false)), "{ours:?}");
    assert_eq!(ours, flags_after_a_full_recount(&store, p));
}

/// Every signature of a small petition, as the organiser's list shows them.
fn all_signatures(store: &Store, p: i64) -> Vec<signatures::Signature> {
    signatures::list(
        store.conn(),
        p,
        &ListFilter {
            limit: 500,
            ..ListFilter::default()
        },
    )
    .expect("list")
    .signatures
}

/// Imports a file's text with the columns as the mapping screen suggests them.
fn import_as_suggested(store: &mut Store, p: i64, file: &str) -> csv_in::ImportOutcome {
    let text = csv_file(file);
    let mapping = csv_in::preview(&text, draft().fields)
        .expect("preview")
        .suggested;
    csv_in::import(store, p, &text, &mapping, None).expect("imported")
}

/// The flags a second laptop works out from scratch when it merges the petition.
fn flags_after_a_full_recount(store: &Store, p: i64) -> Vec<(Option<String>, bool)> {
    let (_other_dir, mut other) = laptop();
    let merged = bundle::merge(
        &mut other,
        &bundle::export(store.conn(), p).expect("bundle"),
    )
    .expect("merged");
    names_and_flags(&other, merged.petition_id)
}

/// Each signer's name and whether it is flagged as a repeat, sorted.
fn names_and_flags(store: &Store, p: i64) -> Vec<(Option<String>, bool)> {
    let mut flags: Vec<_> = all_signatures(store, p)
        .into_iter()
        .map(|s| (s.name, s.duplicate_of.is_some()))
        .collect();
    flags.sort();
    flags
}

/// The first import into an empty petition works its flags out from the file alone, without
/// reading the signatures back: they must be the ones a full recount gives.
#[test]
fn repeats_found_on_a_first_import_match_a_full_recount() {
    let (_dir, mut store) = laptop();
    let p = petition::create(&mut store, &draft()).expect("created").id;
    // Later lines sign earlier: the rules follow the time signed, not the order in the file.
    let file = "Name,Postcode,Email,Date\n\
                ann lee,n19gu,,2026-03-02\n\
                Ann Lee,N1 9GU,ann@example.org,2026-03-01\n\
                Bo Chan,E1 6AN,bo@example.org,2026-03-01\n\
                Cy Chan,E1 6AN,bo@example.org,2026-03-02\n\
                Di Chan,E1 6AN,bo@example.org,2026-03-03\n\
                Ed Wu,SE1 7PB,ed@example.org,2026-03-02\n\
                ed wu,se17pb,,2026-03-04\n\
                Fay Ng,M1 1AE,,2026-03-02\n\
                Fay Ng,M1 1AE,,2026-03-02\n";
    let outcome = import_as_suggested(&mut store, p, file);
    // Fay's second line is the same row twice, not a second signature.
    assert_eq!((outcome.added, outcome.already_there), (8, 1));
    // Ann's later line, Di (the third on Bo's email) and Ed's later line.
    assert_eq!(outcome.flagged, 3);
    let ours = names_and_flags(&store, p);
    assert!(ours.contains(&(Some("ann lee".into()), true)), "{ours:?}");
    assert!(ours.contains(&(Some("Ann Lee".into()), false)), "{ours:?}");
    assert!(ours.contains(&(Some("Cy Chan".into()), false)), "{ours:?}");
    assert_eq!(ours, flags_after_a_full_recount(&store, p));
    assert_eq!(valid(&store, p), 8);
}

/// A big file, with lines repeated in the file and a stretch exported from another petition,
/// adds each signer once and counts every row.
#[test]
fn a_big_file_adds_each_signer_once() {
    let (_dir, mut store) = laptop();
    let other = petition::create(&mut store, &draft()).expect("created").id;
    for n in 0..30 {
        sign(
            &mut store,
            other,
            person(&format!("Elsewhere {n}"), "N7 6LB", ""),
            Source::Kiosk,
        );
    }
    let exported = export(&store, other, ExportKind::All);
    let mut lines: Vec<String> = exported.lines().skip(1).map(String::from).collect();
    let header = exported.lines().next().expect("a header").to_string();
    let id_column = header
        .split(',')
        .position(|h| h == "Id")
        .expect("an Id column");
    let width = header.split(',').count();
    let row = |name: String| {
        let mut cells = vec![String::new(); width];
        cells[0] = name;
        cells.join(",")
    };
    assert_eq!(id_column, width - 1, "the id is the last column: {header}");
    for n in 0..250 {
        lines.push(row(format!("Signer {n}")));
    }
    // The same lines again, some landing in the same statement and some in a later one.
    lines.push(row("Signer 99".into()));
    lines.push(row("Signer 100".into()));
    lines.push(row("Signer 0".into()));
    let file = csv_file(&format!("{header}\n{}\n", lines.join("\n")));
    let mapping = csv_in::preview(&file, draft().fields)
        .expect("preview")
        .suggested;
    let p = petition::create(&mut store, &draft()).expect("created").id;
    let outcome = csv_in::import(&mut store, p, &file, &mapping, None).expect("imported");
    assert_eq!((outcome.added, outcome.already_there), (280, 3));
    assert_eq!(valid(&store, p), 280);
    assert_eq!(valid(&store, other), 30, "the other petition is untouched");
    let again = csv_in::import(&mut store, p, &file, &mapping, None).expect("imported");
    assert_eq!((again.added, again.already_there), (0, 283));
}

/// An import counts its rows into the progress tallies all at once, with the trigger that
/// counts each new signature set aside meanwhile. Every tally (by day, stall, source,
/// district, repeat and opt-in) must be what counting the signatures gives, and the trigger
/// must be back, unchanged, for the next signature.
#[test]
fn an_import_keeps_every_tally_as_a_recount_gives_it() {
    let (_dir, mut store) = laptop();
    let p = petition::create(&mut store, &draft()).expect("created").id;
    let stall = high_street_stall(&store, p);
    sign_at(
        &mut store,
        p,
        person("Ann Lee", "N1 9GU", "ann@example.org"),
        1,
        0,
    );
    let elsewhere = petition::create(&mut store, &draft()).expect("created").id;
    sign(
        &mut store,
        elsewhere,
        person("Bo Chan", "E1 6AN", ""),
        Source::Kiosk,
    );
    let trigger_before = tally_trigger_sql(&store);

    // Ann again (a repeat), a household on one email, someone without a postcode, people
    // opting in or not, over three days, and a row exported from the other petition.
    let exported = export(&store, elsewhere, ExportKind::All);
    let mut exported_lines = exported.lines();
    let header = exported_lines.next().expect("a header");
    let from_elsewhere = exported_lines.next().expect("a row");
    let cells = header.split(',').count();
    // Name, postcode, email, phone, keep me informed, signed: the export's first columns.
    let row = |values: [&str; 6]| {
        let mut row: Vec<&str> = values.to_vec();
        row.resize(cells, "");
        row.join(",")
    };
    let ours = [
        row(["ann lee", "n19gu", "", "", "yes", "2026-03-02"]),
        row([
            "Cy Chan",
            "E1 6AN",
            "cy@example.org",
            "",
            "yes",
            "2026-03-02",
        ]),
        row([
            "Di Chan",
            "E1 6AN",
            "cy@example.org",
            "",
            "no",
            "2026-03-03",
        ]),
        row(["Ed Wu", "", "", "", "", "2026-03-03"]),
        row(["Fay Ng", "M1 1AE", "", "", "yes", "2026-03-04"]),
    ];
    let file = csv_file(&format!(
        "{header}\n{}\n{from_elsewhere}\n",
        ours.join("\n")
    ));
    let mapping = csv_in::preview(&file, draft().fields)
        .expect("preview")
        .suggested;
    assert!(
        mapping.opted_in.is_some() && mapping.id.is_some(),
        "{mapping:?}"
    );
    let outcome = csv_in::import(&mut store, p, &file, &mapping, Some(stall.id)).expect("imported");
    assert_eq!((outcome.added, outcome.flagged), (6, 1));
    tallies_match_a_recount_row_by_row(&store);
    assert_eq!(tally_trigger_sql(&store), trigger_before);

    // The next signature is counted by the trigger again.
    let before = valid(&store, p);
    sign(
        &mut store,
        p,
        person("Gus Roe", "N7 6LB", ""),
        Source::Kiosk,
    );
    assert_eq!(valid(&store, p), before + 1);
    tallies_match_a_recount_row_by_row(&store);
}

/// The SQL of the trigger that counts each new signature, as the data file holds it.
fn tally_trigger_sql(store: &Store) -> String {
    store
        .conn()
        .query_row(
            "SELECT sql FROM sqlite_schema
             WHERE type = 'trigger' AND name = 'signature_tally_insert'",
            [],
            |r| r.get(0),
        )
        .expect("the trigger is there")
}

/// Every running tally, row by row, against counting the signatures afresh.
fn tallies_match_a_recount_row_by_row(store: &Store) {
    // Each tally's key as one piece of text, and its count.
    let key = "printf('%d %s stall %d %s %s %s flagged %d opted in %d', petition_id, day,
                      stall_id, source, district, state, flagged, opted_in)";
    let read = |sql: String| -> Vec<(String, i64)> {
        store
            .conn()
            .prepare(&sql)
            .expect("prepared")
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .expect("read")
            .collect::<Result<_, _>>()
            .expect("rows")
    };
    let kept = read(format!(
        "SELECT {key}, n FROM signature_tallies WHERE n != 0 ORDER BY 1"
    ));
    let recounted = read(format!(
        "SELECT {key}, count(*) FROM signature_tally_keys GROUP BY 1 ORDER BY 1"
    ));
    assert!(kept.len() >= 6, "tallies of several kinds: {kept:?}");
    assert_eq!(kept, recounted);
}

/// Only signatures with an email are in the email index; the repeat checks, which ask for one
/// email at a time, must still find them through it rather than reading every signature.
#[test]
fn the_repeat_check_by_email_uses_the_email_index() {
    let (_dir, store) = laptop();
    let plan: Vec<String> = store
        .conn()
        .prepare(
            "EXPLAIN QUERY PLAN SELECT uid FROM signatures
             WHERE email_key = ?1 AND +petition_id = ?2",
        )
        .expect("prepared")
        .query_map(rusqlite::params!["ann@example.org", 1], |r| r.get(3))
        .expect("plan")
        .collect::<Result<_, _>>()
        .expect("plan read");
    assert!(
        plan.iter()
            .any(|step| step.contains("signatures_by_email_key")),
        "{plan:?}"
    );
}

#[test]
fn our_own_export_imports_back_into_another_petition_without_clashing() {
    let (_dir, mut store) = laptop();
    let a = petition::create(&mut store, &draft()).expect("created").id;
    sign(&mut store, a, person("Ann", "N1 9GU", ""), Source::Kiosk);
    let exported = export(&store, a, ExportKind::All);
    let b = petition::create(&mut store, &draft()).expect("created").id;
    let file = csv_file(&exported);
    let mapping = csv_in::preview(&file, draft().fields)
        .expect("preview")
        .suggested;
    assert!(mapping.id.is_some());
    let outcome = csv_in::import(&mut store, b, &file, &mapping, None).expect("imported");
    assert_eq!(outcome.added, 1);
    let again = csv_in::import(&mut store, b, &file, &mapping, None).expect("imported");
    assert_eq!(again.added, 0);
}

/// Every field of an export comes back as it was when the file is imported again, including
/// values the formula guard touched: a phone number starting with +, a name starting with =,
/// - or @, and one starting with a quote.
#[test]
fn an_export_imports_back_unchanged_in_every_field() {
    let (_dir, mut store) = laptop();
    let mut every_field = draft();
    every_field.fields.phone = true;
    let a = petition::create(&mut store, &every_field)
        .expect("created")
        .id;
    let people = [
        (
            "=1+1",
            "N1 9GU",
            "ann@example.org",
            "+44 20 7946 0000",
            true,
        ),
        ("-Dee", "E1 6AN", "dee@example.org", "020 7946 0001", false),
        ("@Eve", "", "", "+44 7700 900123", true),
        ("'Tis Fay", "SE1 7PB", "fay@example.org", "", false),
        ("Siân Lloyd", "CF10 1EP", "", "", false),
    ];
    for (name, postcode, email, phone, opted_in) in people {
        let mut who = person(name, postcode, email);
        who.phone = phone.into();
        who.opted_in = opted_in;
        sign(&mut store, a, who, Source::Kiosk);
    }
    let b = petition::create(&mut store, &every_field)
        .expect("created")
        .id;
    let file = csv_file(&export(&store, a, ExportKind::All));
    let mapping = csv_in::preview(&file, every_field.fields)
        .expect("preview")
        .suggested;
    let outcome = csv_in::import(&mut store, b, &file, &mapping, None).expect("imported");
    assert_eq!(outcome.added, people.len() as u32);
    let fields = |p: i64| {
        let mut rows: Vec<_> = signatures::list(store.conn(), p, &ListFilter::default())
            .expect("list")
            .signatures
            .into_iter()
            .map(|s| (s.name, s.postcode, s.email, s.phone, s.opted_in))
            .collect();
        rows.sort();
        rows
    };
    assert_eq!(fields(b), fields(a));
}

/// The data disk full after the CSV was written elsewhere: the message says the file was saved
/// and only the log entry failed (it used to say "this was not saved").
#[test]
fn an_export_saved_while_the_data_disk_is_full_says_what_was_saved() {
    let (dir, mut store) = laptop();
    let p = petition::create(&mut store, &draft()).expect("created").id;
    sign(&mut store, p, person("Ann", "N1 9GU", ""), Source::Kiosk);
    // No more pages for the data file: SQLite reports it as a full disk.
    let pages: i64 = store
        .conn()
        .query_row("PRAGMA page_count", [], |r| r.get(0))
        .expect("pages");
    store
        .conn()
        .query_row(&format!("PRAGMA max_page_count = {pages}"), [], |_| Ok(()))
        .expect("pragma");
    let out = dir.path().join("signatures.csv");
    let mut filled = 0;
    // Fill the last free space, so the log entry cannot fit.
    while store
        .conn()
        .execute(
            "INSERT INTO audit_log (at, action, detail) VALUES ('x', 'x', ?1)",
            ["x".repeat(2000)],
        )
        .is_ok()
    {
        filled += 1;
        assert!(filled < 10_000, "the data file never filled up");
    }
    let err = csv_out::save(store.conn(), p, ExportKind::All, &out).expect_err("log full");
    assert!(
        err.to_string()
            .contains("The file was saved (1 row), but Campaign Kit could not note the export in its log: the disk that holds its data is full"),
        "{err}"
    );
    assert!(
        std::fs::read_to_string(&out)
            .expect("saved")
            .contains("Ann")
    );
}

/// An export cut short leaves a half-written file of names beside where it was going; the next
/// start removes it (and a note for a stick that is not plugged in waits for a later start).
#[test]
fn a_half_written_export_is_removed_at_the_next_start() {
    let (dir, store) = laptop();
    let elsewhere = tempfile::tempdir().expect("folder");
    let target = elsewhere.path().join("signatures.csv");
    let partial = campaign_kit_core::files::partial_path(&target);
    campaign_kit_core::leftovers::note(store.conn(), &partial).expect("noted");
    std::fs::write(&partial, "Name\nAnn Lee\n").expect("half written");
    let unplugged = std::path::Path::new("/no/such/stick/signatures.partial");
    campaign_kit_core::leftovers::note(store.conn(), unplugged).expect("noted");
    drop(store);

    let store = Store::open(dir.path()).expect("reopened");
    assert!(!partial.exists(), "the half-written file is gone");
    let log = campaign_kit_core::audit::recent(store.conn(), 3).expect("log");
    assert!(
        log.iter()
            .any(|e| e.detail == "1 half-written export removed")
    );
    let waiting: i64 = store
        .conn()
        .query_row(
            "SELECT count(*) FROM settings WHERE value = ?1",
            [unplugged.display().to_string()],
            |r| r.get(0),
        )
        .expect("count");
    assert_eq!(waiting, 1, "kept for when the stick is back");
}

#[test]
fn importing_a_field_the_petition_does_not_collect_is_refused() {
    let (_dir, mut store) = laptop();
    let mut only_names = draft();
    only_names.fields = Fields {
        postcode: false,
        email: false,
        phone: false,
    };
    let p = petition::create(&mut store, &only_names)
        .expect("created")
        .id;
    let file = csv_file("Name,Email\nAnn,ann@example.org\n");
    let mapping = csv_in::preview(&file, draft().fields)
        .expect("preview")
        .suggested;
    let err = csv_in::import(&mut store, p, &file, &mapping, None).expect_err("refused");
    assert!(err.to_string().contains("does not collect email"), "{err}");
    let names_only = ColumnMapping {
        email: None,
        ..mapping
    };
    csv_in::import(&mut store, p, &file, &names_only, None).expect("names imported");
}

#[test]
fn a_file_too_big_to_be_a_petition_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("huge.csv");
    let file = std::fs::File::create(&path).expect("file");
    file.set_len(1024 * 1024 * 1024).expect("sparse 1 GB file");
    let err = csv_in::read_file(&path).expect_err("refused");
    assert!(
        err.to_string()
            .contains("it is bigger than the 200 MB Campaign Kit reads"),
        "{err}"
    );
}

/// Two laptops with the same petition: the first makes it and gives the second a bundle.
fn two_laptops() -> ((TempDir, Store), (TempDir, Store), i64, i64) {
    let (dir_a, mut a) = laptop();
    let (dir_b, mut b) = laptop();
    let pa = petition::create(&mut a, &draft()).expect("created").id;
    let bundle = bundle::export(a.conn(), pa).expect("bundle");
    let outcome = bundle::merge(&mut b, &bundle).expect("merged");
    assert!(outcome.new_petition);
    ((dir_a, a), (dir_b, b), pa, outcome.petition_id)
}

/// (counted, flagged, rejected, every signature's id, name, review and flag), to compare laptops.
type LaptopState = (
    u32,
    u32,
    u32,
    Vec<(String, Option<String>, Review, Option<String>)>,
);

fn state(store: &Store, petition: i64) -> LaptopState {
    let figures = progress::progress(store.conn(), petition).expect("progress");
    tallies_match_a_full_count(store, petition, &figures);
    let mut rows: Vec<_> = all_signatures(store, petition)
        .into_iter()
        .map(|s| (s.uid, s.name, s.review, s.duplicate_of))
        .collect();
    rows.sort();
    (figures.valid, figures.flagged, figures.rejected, rows)
}

#[test]
fn merging_laptops_is_idempotent_and_the_same_whichever_merges_first() {
    let ((_da, mut a), (_db, mut b), pa, pb) = two_laptops();
    // Each laptop collects; Ann signs on both (a repeat across laptops).
    sign_at(
        &mut a,
        pa,
        person("Ann Lee", "N1 9GU", "ann@example.org"),
        1,
        0,
    );
    sign_at(&mut a, pa, person("Bilal Khan", "E1 6AN", ""), 1, 5);
    sign_at(
        &mut b,
        pb,
        person("Ann Lee", "N1 9GU", "ann@example.org"),
        1,
        3,
    );
    sign_at(&mut b, pb, person("Chris Odu", "SE1 7PB", ""), 2, 0);
    // Both typed sheet 1 line 1, and read the name differently.
    for (store, p, name) in [(&mut a, pa, "Dee Smith"), (&mut b, pb, "Dee Smyth")] {
        sign(
            store,
            p,
            person(name, "", ""),
            Source::Paper { sheet: 1, line: 1 },
        );
    }
    // Laptop B checks the line again and corrects it once more: its version has more edits.
    sign(
        &mut b,
        pb,
        person("Dee Smith", "", ""),
        Source::Paper { sheet: 1, line: 1 },
    );

    let bundle_a = bundle::export(a.conn(), pa).expect("bundle a");
    let bundle_b = bundle::export(b.conn(), pb).expect("bundle b");
    // A merges B's bundle; B merges A's (the original A, before it merged).
    let into_a = bundle::merge(&mut a, &bundle_b).expect("merged into a");
    let into_b = bundle::merge(&mut b, &bundle_a).expect("merged into b");
    assert_eq!((into_a.added, into_a.updated), (2, 1));
    assert_eq!((into_b.added, into_b.updated), (2, 0));

    let state_a = state(&a, pa);
    let state_b = state(&b, pb);
    assert_eq!(state_a, state_b, "both laptops agree");
    assert_eq!(
        (state_a.0, state_a.1),
        (5, 1),
        "5 counted, Ann's second flagged"
    );
    let dee: Vec<_> = state_a
        .3
        .iter()
        .filter_map(|r| r.1.clone())
        .filter(|n| n.starts_with("Dee"))
        .collect();
    assert_eq!(dee, ["Dee Smith"], "the version with more edits wins");

    // Merging the same bundle again changes nothing.
    let twice = bundle::merge(&mut a, &bundle_b).expect("merged again");
    assert_eq!((twice.added, twice.updated), (0, 0));
    assert_eq!(state(&a, pa), state_a);
}

#[test]
fn an_erasure_on_one_laptop_is_not_undone_by_merging_an_older_bundle() {
    let ((_da, mut a), (_db, mut b), pa, pb) = two_laptops();
    sign(&mut a, pa, person("Ann Lee", "N1 9GU", ""), Source::Kiosk);
    let old_bundle = bundle::export(a.conn(), pa).expect("bundle");
    bundle::merge(&mut b, &old_bundle).expect("merged");
    // Ann asks laptop B's organiser to erase her details.
    let found = personal_data::find(
        b.conn(),
        &PersonQuery {
            name: "ann".into(),
            ..PersonQuery::default()
        },
    )
    .expect("found");
    assert_eq!(found.len(), 1);
    personal_data::erase(&mut b, &[found[0].signature.id]).expect("erased");
    // Then A's old bundle arrives again, and B's bundle reaches A.
    bundle::merge(&mut b, &old_bundle).expect("merged");
    let newer = bundle::export(b.conn(), pb).expect("bundle");
    bundle::merge(&mut a, &newer).expect("merged");
    for (store, p) in [(&a, pa), (&b, pb)] {
        let page = signatures::list(store.conn(), p, &ListFilter::default()).expect("list");
        assert_eq!(page.signatures[0].name, None);
        assert!(page.signatures[0].withdrawn);
        assert_eq!(valid(store, p), 0, "withdrawn before hand-in: not counted");
    }
}

/// Every signature in a bundle is checked as if typed in here, and a bundle changed after it
/// was saved is refused: nothing from a bad bundle is stored or counted.
#[test]
fn a_bundle_with_impossible_signatures_or_a_changed_byte_is_refused() {
    let ((_a_dir, mut a), (_b_dir, mut b), pa, pb) = two_laptops();
    sign(
        &mut a,
        pa,
        person("Ann Lee", "N1 9GU", "ann@example.org"),
        Source::Kiosk,
    );
    let good = bundle::export(a.conn(), pa).expect("bundle");
    type Spoil = fn(&mut bundle::BundleSignature);
    let spoilt: [(&str, Spoil, &str); 8] = [
        (
            "empty name",
            |s| s.name = Some(String::new()),
            "name: Please write a name.",
        ),
        (
            "postcode",
            |s| s.postcode = Some("XX1 1XX".into()),
            "postcode:",
        ),
        (
            "district",
            |s| s.district = Some("ZZZ".into()),
            "not as Campaign Kit saves them",
        ),
        ("email", |s| s.email = Some("notanemail".into()), "email:"),
        ("phone", |s| s.phone = Some("=cmd|calc".into()), "phone:"),
        (
            "date",
            |s| s.signed_at = "not a date".into(),
            "signing time is not a date",
        ),
        (
            "1066",
            |s| s.signed_at = "1066-10-14T09:00:00".into(),
            "not between 2000 and today",
        ),
        (
            "sheet",
            |s| s.sheet = Some(4_294_967_295),
            "sheet, line or version number",
        ),
    ];
    for (what, spoil, expected) in spoilt {
        let mut hostile = good.clone();
        spoil(&mut hostile.signatures[0]);
        let err = bundle::merge(&mut b, &hostile).expect_err(what);
        assert!(err.to_string().contains(expected), "{what}: {err}");
        assert!(
            err.to_string().contains("Nothing was imported"),
            "{what}: {err}"
        );
    }
    let before = signatures::list(b.conn(), pb, &ListFilter::default())
        .expect("list")
        .total;
    assert_eq!(before, 0, "nothing from a bad bundle was stored");

    // One changed byte in the saved file: refused, not counted.
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("a.ckpetition.json");
    bundle::save(a.conn(), pa, &path, None).expect("saved");
    let text = std::fs::read_to_string(&path).expect("read");
    let flipped = text.replacen("Ann Lee", "Ann Lea", 1);
    assert_ne!(text, flipped);
    let err = bundle::parse(flipped.as_bytes()).expect_err("changed");
    assert!(
        err.to_string().contains("do not match its checksum"),
        "{err}"
    );
    bundle::merge(&mut b, &bundle::parse(text.as_bytes()).expect("whole")).expect("merged");
}

#[test]
fn a_locked_bundle_hides_every_signer_and_merges_only_with_its_passphrase() {
    let (_da, mut a) = laptop();
    let (_db, mut b) = laptop();
    let pa = petition::create(&mut a, &draft()).expect("created").id;
    for (name, email) in [
        ("Zebedee Quartermaine", "zebedee@example.org"),
        ("Łucja Wróblewska", "lucja@example.org"),
    ] {
        let new = NewSignature {
            signer: person(name, "N1 9GU", email),
            stall_id: None,
            source: Source::Typed,
        };
        signatures::add(&mut a, pa, &new).expect("signed");
    }
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("stall.ckpetition");
    bundle::save(a.conn(), pa, &path, Some("kettle orange bicycle tuesday")).expect("saved");
    let bytes = std::fs::read(&path).expect("read");
    for secret in ["Zebedee", "zebedee@example.org", "Łucja", "N1 9GU"] {
        assert!(
            !bytes.windows(secret.len()).any(|w| w == secret.as_bytes()),
            "{secret} is readable"
        );
    }
    assert!(String::from_utf8_lossy(&bytes).starts_with("Campaign Kit petition bundle, locked"));

    let locked = bundle::read_file(&path, None).expect_err("needs the passphrase");
    assert_eq!(locked.code(), "bundle_locked");
    let wrong = bundle::read_file(&path, Some("kettle orange bicycle")).expect_err("wrong");
    assert_eq!(wrong.code(), "bundle_wrong_passphrase");
    assert_eq!(wrong.field_problems()[0].field, "bundlePassphrase");
    let read = bundle::read_file(&path, Some("kettle orange bicycle tuesday")).expect("opens");
    let merged = bundle::merge(&mut b, &read).expect("merged");
    assert_eq!(merged.added, 2);

    let log = campaign_kit_core::audit::recent(a.conn(), 5).expect("log");
    assert!(
        log.iter().any(|e| e.action == "petition_bundle_saved"
            && e.detail.contains("locked with a passphrase")),
        "{log:?}"
    );
    let plain = dir.path().join("plain.ckpetition.json");
    bundle::save(a.conn(), pa, &plain, None).expect("saved plain by choice");
    let log = campaign_kit_core::audit::recent(a.conn(), 5).expect("log");
    assert!(
        log.iter().any(|e| e.detail.contains("NOT locked")),
        "{log:?}"
    );
}

#[test]
fn wrong_and_newer_bundles_are_refused_before_anything_is_saved() {
    let (_dir, mut store) = laptop();
    assert!(bundle::parse(b"{\"hello\": 1}").is_err());
    assert!(bundle::parse(b"not json").is_err());
    let newer = br#"{"format":"campaign-kit-petition","formatVersion":99}"#;
    let err = bundle::parse(newer).expect_err("refused");
    assert!(err.to_string().contains("newer version"), "{err}");
    let p = petition::create(&mut store, &draft()).expect("created").id;
    let mut hostile = bundle::export(store.conn(), p).expect("bundle");
    hostile.petition.uid = "'; DROP TABLE signatures; --".into();
    assert!(bundle::merge(&mut store, &hostile).is_err());
    assert_eq!(petition::list(store.conn()).expect("list").len(), 1);
}

#[test]
fn subject_access_erasure_and_erasing_after_hand_in_keep_the_counts_and_the_audit_log() {
    let (dir, mut store) = laptop();
    let p = petition::create(&mut store, &draft()).expect("created").id;
    sign(
        &mut store,
        p,
        person("Ann Lee", "N1 9GU", "Ann.Lee+x@gmail.com"),
        Source::Kiosk,
    );
    sign(
        &mut store,
        p,
        person("Bilal Khan", "E1 6AN", ""),
        Source::Kiosk,
    );
    sign(
        &mut store,
        p,
        person("Chris Odu", "SE1 7PB", ""),
        Source::Kiosk,
    );

    let found = personal_data::find(
        store.conn(),
        &PersonQuery {
            email: "annlee@gmail.com".into(),
            ..PersonQuery::default()
        },
    )
    .expect("found by email alias");
    assert_eq!(found.len(), 1);
    let copy = dir.path().join("ann.txt");
    personal_data::subject_access(&store, &[found[0].signature.id], &copy).expect("copy saved");
    let text = std::fs::read_to_string(&copy).expect("read");
    assert!(text.contains("Ann Lee") && text.contains("The privacy notice you saw"));

    // Before hand-in, erasing on request withdraws the signature.
    personal_data::erase(&mut store, &[found[0].signature.id]).expect("erased");
    assert_eq!(valid(&store, p), 2);

    // Hand in, then erase everyone's details: the counts stay.
    let erase_early = personal_data::erase_after_hand_in(&mut store, p);
    assert!(erase_early.is_err(), "only after hand-in");
    petition::set_status(&mut store, p, Status::HandedIn, Some("2026-04-01")).expect("handed in");
    let by_district_before = progress::progress(store.conn(), p)
        .expect("progress")
        .by_district;
    let reminders = personal_data::reminders(
        store.conn(),
        NaiveDate::from_ymd_opt(2026, 10, 2).expect("date"),
    )
    .expect("reminders");
    assert_eq!(reminders.len(), 1);
    assert!(
        reminders[0].message.contains("by 1 October 2026"),
        "{}",
        reminders[0].message
    );
    let none_yet = personal_data::reminders(
        store.conn(),
        NaiveDate::from_ymd_opt(2026, 9, 30).expect("date"),
    )
    .expect("reminders");
    assert!(none_yet.is_empty());

    assert_eq!(
        personal_data::erase_after_hand_in(&mut store, p).expect("erased"),
        2
    );
    let after = progress::progress(store.conn(), p).expect("progress");
    tallies_match_a_full_count(&store, p, &after);
    assert_eq!(after.valid, 2);
    assert_eq!(after.by_district, by_district_before);
    let page = signatures::list(store.conn(), p, &ListFilter::default()).expect("list");
    assert!(
        page.signatures
            .iter()
            .all(|s| s.name.is_none() && s.email.is_none())
    );
    assert!(csv_out::write(store.conn(), p, ExportKind::All, Vec::new()).is_err());
    let reminders = personal_data::reminders(
        store.conn(),
        NaiveDate::from_ymd_opt(2026, 10, 2).expect("date"),
    )
    .expect("reminders");
    assert!(reminders.is_empty(), "done, so no reminder");

    let log = campaign_kit_core::audit::recent(store.conn(), 10).expect("log");
    let actions: Vec<_> = log.iter().map(|e| e.action.as_str()).collect();
    for action in [
        "subject_access_export",
        "signatures_erased",
        "petition_personal_data_erased",
    ] {
        assert!(actions.contains(&action), "{actions:?}");
    }
    assert!(
        !log.iter()
            .any(|e| e.detail.contains("Ann") || e.detail.contains("Bilal"))
    );
}
