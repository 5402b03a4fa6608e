//! Three laptops sharing petitions through one synced folder (issue 15). Each laptop has its
//! own copy of the folder, as Syncthing or Nextcloud would keep; the test plays the sync
//! software, copying files between the copies in odd orders, with a half-copied file in the
//! middle. Nothing is counted twice, nothing is lost, and a half-copied file is never merged.

use std::path::{Path, PathBuf};

use campaign_kit_core::group::{self, GroupDetails};
use campaign_kit_core::petitions::petition::{self, PetitionDraft};
use campaign_kit_core::petitions::progress;
use campaign_kit_core::petitions::signatures::{self, NewSignature, Source};
use campaign_kit_core::petitions::signer::SignerInput;
use campaign_kit_core::petitions::sync_folder;
use campaign_kit_core::store::Store;

const PASSPHRASE: &str = "kettle orange bicycle tuesday";

struct Laptop {
    store: Store,
    /// This laptop's copy of the shared folder.
    folder: PathBuf,
    _dir: tempfile::TempDir,
}

fn laptop(name: &str) -> Laptop {
    let dir = tempfile::tempdir().expect("temp dir");
    let folder = dir.path().join("Sync");
    std::fs::create_dir_all(&folder).expect("folder");
    let store = Store::open(&dir.path().join("data")).expect("store");
    let details = GroupDetails {
        name: "KONP Camden".into(),
        contact_email: "camden@example.org".into(),
        ..GroupDetails::default()
    };
    group::save(&store, &details).expect("group");
    sync_folder::set_up(&store, &folder, PASSPHRASE, name).expect("set up");
    Laptop {
        store,
        folder,
        _dir: dir,
    }
}

fn sign(laptop: &mut Laptop, petition: i64, name: &str) {
    let new = NewSignature {
        signer: SignerInput {
            name: name.into(),
            postcode: "N1 9GU".into(),
            ..SignerInput::default()
        },
        stall_id: None,
        source: Source::Kiosk,
    };
    signatures::add(&mut laptop.store, petition, &new).expect("signed");
}

/// The one petition on a laptop (merged in, or made there).
fn the_petition(laptop: &Laptop) -> Option<i64> {
    petition::list(laptop.store.conn())
        .expect("list")
        .first()
        .map(|p| p.id)
}

fn count(laptop: &Laptop) -> u32 {
    the_petition(laptop).map_or(0, |p| {
        progress::progress(laptop.store.conn(), p)
            .expect("progress")
            .valid
    })
}

/// The sync software copying every file from one laptop's folder to another's.
fn copy_all(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).expect("read").flatten() {
        let name = entry.file_name();
        if !name.to_string_lossy().starts_with('.') {
            std::fs::copy(entry.path(), to.join(&name)).expect("copied");
        }
    }
}

fn own_file(laptop: &Laptop) -> PathBuf {
    let settings = sync_folder::settings(laptop.store.conn())
        .expect("settings")
        .expect("set up");
    laptop
        .folder
        .join(format!("campaign-kit-{}.cksync", settings.laptop_id))
}

#[test]
fn three_laptops_share_one_petition_through_a_synced_folder() {
    let mut a = laptop("Stall laptop A");
    let mut b = laptop("Stall laptop B");
    let mut c = laptop("Organiser's laptop");

    // A makes the petition and shares it; B and C get it through the folder.
    let draft = PetitionDraft {
        title: "Keep the walk-in centre open".into(),
        prayer: "We ask the ICB to keep it open.".into(),
        addressee: "The ICB".into(),
        ..PetitionDraft::default()
    };
    let pa = petition::create(&mut a.store, &draft).expect("petition").id;
    sign(&mut a, pa, "Ann Lee");
    assert!(
        sync_folder::run_round(&mut a.store)
            .expect("round")
            .wrote_own
    );
    let raw = std::fs::read(own_file(&a)).expect("A's file");
    assert!(
        !raw.windows(7).any(|w| w == b"Ann Lee"),
        "the shared file is locked"
    );
    copy_all(&a.folder, &b.folder);
    copy_all(&a.folder, &c.folder);
    sync_folder::run_round(&mut b.store).expect("round");
    sync_folder::run_round(&mut c.store).expect("round");
    let (pb, pc) = (
        the_petition(&b).expect("B has it"),
        the_petition(&c).expect("C has it"),
    );

    // A stall day: each laptop collects its own signatures, offline.
    for n in 0..30 {
        sign(&mut a, pa, &format!("Signer A{n}"));
        sign(&mut b, pb, &format!("Signer B{n}"));
    }
    for n in 0..5 {
        sign(&mut c, pc, &format!("Signer C{n}"));
    }
    for laptop in [&mut a, &mut b, &mut c] {
        sync_folder::run_round(&mut laptop.store).expect("round");
    }

    // The sync software, in an odd order: B's file reaches C only half-copied at first.
    let b_file = own_file(&b);
    let bytes = std::fs::read(&b_file).expect("B's file");
    std::fs::write(
        c.folder.join(b_file.file_name().expect("name")),
        &bytes[..bytes.len() / 2],
    )
    .expect("half");
    copy_all(&a.folder, &c.folder);
    let round = sync_folder::run_round(&mut c.store).expect("round");
    assert_eq!(
        round.skipped.len(),
        1,
        "the half-copied file is left for later: {round:?}"
    );
    assert_eq!(
        count(&c),
        1 + 30 + 5,
        "A's signatures arrived, none of B's half file"
    );

    // Later the whole file arrives; C's own file, now with A's too, reaches B; B's reaches A.
    std::fs::copy(&b_file, c.folder.join(b_file.file_name().expect("name"))).expect("whole");
    sync_folder::run_round(&mut c.store).expect("round");
    copy_all(&c.folder, &b.folder);
    sync_folder::run_round(&mut b.store).expect("round");
    copy_all(&b.folder, &a.folder);
    sync_folder::run_round(&mut a.store).expect("round");

    for (who, laptop) in [("A", &a), ("B", &b), ("C", &c)] {
        assert_eq!(count(laptop), 66, "{who}: every signature, none twice");
    }
    // Merging everything again changes nothing.
    let again = sync_folder::run_round(&mut a.store).expect("round");
    assert_eq!(again.added, 0);
    assert_eq!(count(&a), 66);

    let status = sync_folder::status(c.store.conn()).expect("status");
    let names: Vec<&str> = status.others.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(status.others.len(), 2, "{names:?}");
    assert!(
        names.contains(&"Stall laptop A") && names.contains(&"Stall laptop B"),
        "{names:?}"
    );
    assert!(
        status.others.iter().all(|o| o.last_seen.contains(" 20")),
        "{:?}",
        status.others
    );

    // A file locked with another passphrase is left alone, not merged and not an error.
    let mut stranger = laptop("Another group");
    sync_folder::set_up(
        &stranger.store,
        &stranger.folder,
        "window lantern seventeen marmalade",
        "Another group",
    )
    .expect("set up");
    let pd = petition::create(&mut stranger.store, &draft)
        .expect("petition")
        .id;
    sign(&mut stranger, pd, "Someone Else");
    sync_folder::run_round(&mut stranger.store).expect("round");
    copy_all(&stranger.folder, &a.folder);
    let round = sync_folder::run_round(&mut a.store).expect("round");
    assert_eq!(round.skipped.len(), 1, "{round:?}");
    assert_eq!(count(&a), 66);
}
