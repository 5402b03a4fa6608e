//! The bin over a real data store: a leaflet, a briefing, a petition and the logo can each be
//! put back after removing them, and go for good 30 days later.

use campaign_kit_core::bin::{self, BinError, BinKind};
use campaign_kit_core::briefings::BriefingDraft;
use campaign_kit_core::briefings::library::{self, Origin};
use campaign_kit_core::briefings::own;
use campaign_kit_core::group;
use campaign_kit_core::petitions::petition::{self, AddresseeKind, PetitionDraft};
use campaign_kit_core::petitions::progress;
use campaign_kit_core::petitions::signatures::{self, NewSignature, Source};
use campaign_kit_core::petitions::signer::SignerInput;
use campaign_kit_core::print::designs;
use campaign_kit_core::store::Store;
use chrono::{Duration, Local};
use tempfile::TempDir;

fn data() -> (TempDir, Store) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open(dir.path()).expect("store opens");
    let details = group::GroupDetails {
        name: "KONP Camden".into(),
        contact_email: "camden@example.org".into(),
        ..group::GroupDetails::default()
    };
    group::save(&store, &details).expect("group saved");
    (dir, store)
}

fn petition_with_a_signer(store: &mut Store) -> i64 {
    let draft = PetitionDraft {
        title: "Keep our walk-in centre open".into(),
        background: "The ICB plans to close it.".into(),
        prayer: "We ask the council to oppose the closure.".into(),
        addressee_kind: AddresseeKind::Council,
        addressee: "Camden Council".into(),
        target: 500,
        ..PetitionDraft::default()
    };
    let p = petition::create(store, &draft).expect("created");
    let signer = SignerInput {
        name: "Ann Lee".into(),
        ..SignerInput::default()
    };
    signatures::add(
        store,
        p.id,
        &NewSignature {
            signer,
            stall_id: None,
            source: Source::Kiosk,
        },
    )
    .expect("signed");
    p.id
}

#[test]
fn a_leaflet_in_the_bin_leaves_the_list_and_comes_back_whole() {
    let (_dir, mut store) = data();
    let saved = designs::create(&store, "a5-public").expect("created");
    let item = bin::leaflet(&mut store, saved.id).expect("binned");
    assert_eq!(item.kind, BinKind::Leaflet);
    assert_eq!(item.title, saved.name);
    assert!(designs::list(&store).expect("list").is_empty());
    assert_eq!(bin::list(&store).expect("bin").len(), 1);

    bin::put_back(&mut store, item.id).expect("put back");
    let back = designs::list(&store).expect("list");
    assert_eq!(back.len(), 1);
    assert_eq!(
        designs::get(&store, back[0].id).expect("get").design,
        saved.design
    );
    assert!(bin::list(&store).expect("bin").is_empty());
    assert!(matches!(
        bin::put_back(&mut store, item.id),
        Err(BinError::NotFound)
    ));
}

#[test]
fn a_petition_in_the_bin_keeps_its_signatures_and_counts_for_when_it_comes_back() {
    let (_dir, mut store) = data();
    let id = petition_with_a_signer(&mut store);
    let item = bin::petition(&mut store, id).expect("binned");
    assert!(petition::list(store.conn()).expect("list").is_empty());
    bin::put_back(&mut store, item.id).expect("put back");
    assert_eq!(petition::list(store.conn()).expect("list").len(), 1);
    assert_eq!(
        progress::progress(store.conn(), id)
            .expect("progress")
            .valid,
        1
    );
}

#[test]
fn a_briefing_in_the_bin_is_not_found_by_search_until_it_is_put_back() {
    let (_dir, mut store) = data();
    let draft = BriefingDraft {
        id: String::new(),
        title: "Our walk-in centre".into(),
        summary: "Why it matters".into(),
        audience: String::new(),
        facts_date: "November 2026".into(),
        sources: String::new(),
        body: "## Why\n\nThe xylophonic centre serves 40,000 people a year.".into(),
    };
    let id = own::save_draft(&mut store, &draft).expect("saved");
    let item = bin::briefing(&mut store, &id).expect("binned");
    assert_eq!(item.title, "Our walk-in centre");
    assert!(library::get(&store, Origin::Group, &id).is_err());
    assert!(
        library::search(&store, "xylophonic", 5)
            .expect("search")
            .is_empty()
    );

    bin::put_back(&mut store, item.id).expect("put back");
    let back = library::get(&store, Origin::Group, &id).expect("back");
    assert!(back.plain_text().contains("40,000 people"));
    assert_eq!(
        library::search(&store, "xylophonic", 5)
            .expect("search")
            .len(),
        1
    );
}

#[test]
fn the_logo_in_the_bin_comes_back_as_it_was() {
    let (_dir, mut store) = data();
    let image = image::RgbImage::from_pixel(120, 60, image::Rgb([0, 94, 184]));
    let mut png = std::io::Cursor::new(Vec::new());
    image
        .write_to(&mut png, image::ImageFormat::Png)
        .expect("png");
    group::save_logo(&store, png.into_inner()).expect("logo");
    let before = group::load_logo(&store).expect("load");
    let item = bin::logo(&mut store).expect("binned");
    assert!(group::load_logo(&store).expect("load").is_none());
    bin::put_back(&mut store, item.id).expect("put back");
    assert_eq!(group::load_logo(&store).expect("load"), before);
}

#[test]
fn after_thirty_days_the_bin_empties_itself_for_good() {
    let (_dir, mut store) = data();
    let saved = designs::create(&store, "a5-public").expect("created");
    let petition = petition_with_a_signer(&mut store);
    bin::leaflet(&mut store, saved.id).expect("binned");
    let item = bin::petition(&mut store, petition).expect("binned");

    let now = Local::now().naive_local();
    assert_eq!(
        bin::empty_old(&mut store, now + Duration::days(29)).expect("kept"),
        0
    );
    assert_eq!(bin::list(&store).expect("bin").len(), 2);
    assert_eq!(
        bin::empty_old(&mut store, now + Duration::days(31)).expect("emptied"),
        2
    );
    assert!(bin::list(&store).expect("bin").is_empty());
    assert!(
        designs::get(&store, saved.id).is_err(),
        "the leaflet is gone for good"
    );
    assert!(
        petition::get(store.conn(), petition).is_err(),
        "so is the petition"
    );
    let signers: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM signatures", [], |r| r.get(0))
        .expect("count");
    assert_eq!(signers, 0, "and its signers' details with it");
    assert!(matches!(
        bin::put_back(&mut store, item.id),
        Err(BinError::NotFound)
    ));
}
