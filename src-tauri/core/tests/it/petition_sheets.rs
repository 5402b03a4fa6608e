//! Printed paper sheets, read back from the PDF with poppler's `pdftotext`, as a volunteer
//! would see them on paper.

use campaign_kit_core::group::{self, GroupDetails};
use campaign_kit_core::petitions::paper_sheets;
use campaign_kit_core::petitions::petition::{self, AddresseeKind, PetitionDraft};
use campaign_kit_core::petitions::signer::Fields;
use campaign_kit_core::store::Store;

use crate::pdf_tools::{self, PdfFolder};

fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().expect("dir");
    let store = Store::open(dir.path()).expect("store");
    let details = GroupDetails {
        name: "KONP Camden".into(),
        contact_email: "camden@example.org".into(),
        ..GroupDetails::default()
    };
    group::save(&store, &details).expect("group");
    (dir, store)
}

fn draft(kind: AddresseeKind) -> PetitionDraft {
    PetitionDraft {
        title: "Keep our walk-in centre open".into(),
        background: "the ICB plans to close the walk-in centre on the high street.".into(),
        prayer: "oppose the closure and keep the centre open.".into(),
        addressee_kind: kind,
        addressee: "Camden Council".into(),
        petitioners: "residents of Camden".into(),
        fields: Fields {
            postcode: true,
            email: true,
            phone: false,
        },
        ..PetitionDraft::default()
    }
}

/// The text of each page, as `pdftotext -layout` reads it, with its spacing squeezed.
fn pages(pdf: &[u8], name: &str) -> Vec<String> {
    let pdfs = PdfFolder::new();
    let path = pdfs.save(name, pdf);
    pdf_tools::text_as_laid_out(&path)
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect()
}

#[test]
#[cfg_attr(
    windows,
    ignore = "needs qpdf and poppler-utils, which are Linux tools"
)]
fn sheets_carry_the_request_numbered_lines_the_notice_and_their_number() {
    let (_dir, mut store) = store();
    let p = petition::create(&mut store, &draft(AddresseeKind::Council)).expect("petition");
    let (batch, pdf) = paper_sheets::print(store.conn(), p.id, 2).expect("printed");
    assert_eq!((batch.first_sheet, batch.last_sheet), (1, 2));
    let pages = pages(&pdf, "sheets");
    assert_eq!(pages.len(), 2);
    for (i, page) in pages.iter().enumerate() {
        let n = i + 1;
        assert!(page.contains("Petition to Camden Council"), "{page}");
        assert!(page.contains(&format!("Sheet {n}")), "{page}");
        assert!(page.contains(&p.code));
        assert!(page.contains("Privacy notice version 1"));
        assert!(page.contains("oppose the closure and keep the centre open."));
        for heading in ["Name", "Postcode", "Email", "Signature", "Keep me informed"] {
            assert!(page.contains(heading), "{heading} missing: {page}");
        }
        assert!(
            page.contains("1 2 3 4 5 6 7 8 9 10 11 12 13 14 15"),
            "{page}"
        );
        assert!(
            page.contains("KONP Camden, a local campaign group"),
            "the notice"
        );
    }
    assert!(
        pages[0].contains("the ICB plans to close"),
        "sheet 1 has the full text"
    );
    assert!(
        !pages[1].contains("the ICB plans to close"),
        "later sheets only the request"
    );

    // The next sheets printed carry on the numbering.
    let (next, _) = paper_sheets::print(store.conn(), p.id, 1).expect("printed");
    assert_eq!(next.first_sheet, 3);
}

#[test]
#[cfg_attr(
    windows,
    ignore = "needs qpdf and poppler-utils, which are Linux tools"
)]
fn sheets_to_the_commons_follow_the_house_paper_form() {
    let (_dir, mut store) = store();
    let p = petition::create(&mut store, &draft(AddresseeKind::Commons)).expect("petition");
    let (_, pdf) = paper_sheets::print(store.conn(), p.id, 2).expect("printed");
    let pages = pages(&pdf, "commons");
    assert!(
        pages[0].contains(
            "To the House of Commons. The petition of residents of Camden, Declares that the ICB \
         plans to close"
        ),
        "{}",
        pages[0]
    );
    for page in &pages {
        assert!(page.contains(
            "The petitioners therefore request that the House of Commons oppose the closure"
        ));
        assert!(page.contains("And the petitioners remain, etc."));
    }
    assert!(!pages[1].contains("Declares that"));
    for page in &pages {
        assert!(page.contains("Address, with postcode"), "{page}");
        assert!(
            !page.contains("Keep me informed") && !page.contains("Email"),
            "{page}"
        );
    }
}

#[test]
fn sheets_wait_for_a_complete_privacy_notice() {
    let dir = tempfile::tempdir().expect("dir");
    let mut store = Store::open(dir.path()).expect("store");
    let p = petition::create(&mut store, &draft(AddresseeKind::Council)).expect("petition");
    let err = paper_sheets::print(store.conn(), p.id, 1).expect_err("refused");
    assert!(err.to_string().contains("Our group"), "{err}");
}

#[test]
#[cfg_attr(
    windows,
    ignore = "needs qpdf and poppler-utils, which are Linux tools"
)]
fn the_hand_in_pack_has_a_letter_a_certificate_and_names_with_districts_only() {
    use campaign_kit_core::petitions::hand_in::{self, SignerList};
    use campaign_kit_core::petitions::signatures::{self, NewSignature, Review, Source};
    use campaign_kit_core::petitions::signer::SignerInput;

    let (_dir, mut store) = store();
    let p = petition::create(&mut store, &draft(AddresseeKind::Council)).expect("petition");
    for (name, postcode, email) in [
        ("Ann Lee", "N1 9GU", "ann@example.org"),
        ("محمد علی", "E1 6AN", ""),
        ("<script>alert(1)</script>", "SE1 7PB", ""),
        ("ann lee", "n19gu", ""),
    ] {
        let new = NewSignature {
            signer: SignerInput {
                name: name.into(),
                postcode: postcode.into(),
                email: email.into(),
                ..SignerInput::default()
            },
            stall_id: None,
            source: Source::Kiosk,
        };
        signatures::add(&mut store, p.id, &new).expect("signed");
    }
    let flagged = signatures::list(
        store.conn(),
        p.id,
        &signatures::ListFilter {
            flagged_only: true,
            ..Default::default()
        },
    )
    .expect("list");
    signatures::review(&mut store, flagged.signatures[0].id, Review::Rejected).expect("rejected");

    let group = group::load(&store).expect("group").details;
    let today = chrono::NaiveDate::from_ymd_opt(2027, 3, 31).expect("date");
    let pdf = hand_in::render(
        store.conn(),
        p.id,
        &group,
        SignerList::NameAndDistrict,
        today,
    )
    .expect("rendered");
    let pages = pages(&pdf, "hand-in");
    assert_eq!(pages.len(), 3, "{pages:?}");
    let letter = &pages[0];
    assert!(
        letter.contains("KONP Camden camden@example.org"),
        "{letter}"
    );
    assert!(letter.contains("31 March 2027"));
    assert!(letter.contains("To Camden Council"));
    assert!(letter.contains("signed by 3 people"), "{letter}");
    assert!(letter.contains("oppose the closure and keep the centre open."));
    assert!(pages[1].contains("Count certificate"));
    assert!(
        pages[1].contains(
            "Not counted: 1 signature that repeated an earlier one, and 0 signatures withdrawn"
        ),
        "{}",
        pages[1]
    );
    assert!(pages[1].contains(&p.code));
    let list = &pages[2];
    assert!(list.contains("1. Ann Lee, N1"), "{list}");
    assert!(list.contains("<script>alert(1)</script>, SE1"));
    assert!(list.contains("علی"), "non-Latin names come through: {list}");
    assert!(
        !list.contains("N1 9GU") && !list.contains("ann@example.org"),
        "no more than needed"
    );
    assert!(
        !list.contains("ann lee"),
        "the rejected repeat is not listed"
    );
}

#[test]
#[cfg_attr(
    windows,
    ignore = "needs qpdf and poppler-utils, which are Linux tools"
)]
fn a_pack_for_one_signer_speaks_of_one_person() {
    use campaign_kit_core::petitions::hand_in::{self, SignerList};
    use campaign_kit_core::petitions::signatures::{self, NewSignature, Source};
    use campaign_kit_core::petitions::signer::SignerInput;

    let (_dir, mut store) = store();
    let p = petition::create(&mut store, &draft(AddresseeKind::Council)).expect("petition");
    let new = NewSignature {
        signer: SignerInput {
            name: "Ann Lee".into(),
            postcode: "N1 9GU".into(),
            ..SignerInput::default()
        },
        stall_id: None,
        source: Source::Kiosk,
    };
    signatures::add(&mut store, p.id, &new).expect("signed");
    let group = group::load(&store).expect("group").details;
    let today = chrono::NaiveDate::from_ymd_opt(2027, 3, 31).expect("date");
    let pdf = hand_in::render(
        store.conn(),
        p.id,
        &group,
        SignerList::NameAndDistrict,
        today,
    )
    .expect("rendered");
    let pages = pages(&pdf, "hand-in-one");
    assert!(pages[0].contains("signed by 1 person."), "{}", pages[0]);
    assert!(pages[1].contains("was signed by 1 person."), "{}", pages[1]);
    assert!(pages[2].contains("1 person signed"), "{}", pages[2]);
}
