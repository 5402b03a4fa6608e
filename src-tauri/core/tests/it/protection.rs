//! Protecting a laptop's data (issue 15): with protection on, no signer's name or email can
//! be found in any file under the data folder; the passphrase and the recovery key open it;
//! a wrong one is refused without touching anything; and each switch cut short loses nothing.

use std::path::{Path, PathBuf};

use campaign_kit_core::briefings::library;
use campaign_kit_core::group::{self, GroupDetails};
use campaign_kit_core::paths::DataPaths;
use campaign_kit_core::petitions::petition::{self, PetitionDraft};
use campaign_kit_core::petitions::signatures::{self, NewSignature, Source};
use campaign_kit_core::petitions::signer::{Fields, SignerInput};
use campaign_kit_core::problem::Problem;
use campaign_kit_core::protection::{self, ProtectionError, RecoveryKey, switch};
use campaign_kit_core::startup;
use campaign_kit_core::store::{self, Store, StoreError, backup};

const PASSPHRASE: &str = "kettle orange bicycle tuesday";
/// Names and emails no file may hold in plain form.
const SECRETS: [&str; 4] = [
    "Zebedee Quartermaine",
    "zebedee@example.org",
    "Ifeoluwa Adeyemi-Okonkwo",
    "Łucja Wróblewska",
];

fn sign(store: &mut Store, petition: i64, name: &str, email: &str) {
    let new = NewSignature {
        signer: SignerInput {
            name: name.into(),
            postcode: "N1 9GU".into(),
            email: email.into(),
            ..SignerInput::default()
        },
        stall_id: None,
        source: Source::Typed,
    };
    signatures::add(store, petition, &new).expect("signed");
}

fn a_petition(store: &mut Store) -> i64 {
    let details = GroupDetails {
        name: "KONP Camden".into(),
        contact_email: "camden@example.org".into(),
        ..GroupDetails::default()
    };
    group::save(store, &details).expect("group");
    let draft = PetitionDraft {
        title: "Keep the walk-in centre open".into(),
        prayer: "We ask the ICB to keep it open.".into(),
        addressee: "The ICB".into(),
        fields: Fields {
            postcode: true,
            email: true,
            phone: false,
        },
        ..PetitionDraft::default()
    };
    petition::create(store, &draft).expect("petition").id
}

/// Every file under `dir`, however deep.
fn all_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).expect("readable").flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(all_files(&path));
        } else {
            files.push(path);
        }
    }
    files
}

/// Which secrets (in UTF-8 or, for good measure, UTF-16) are in which files under `dir`.
fn secrets_found(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    for file in all_files(dir) {
        let bytes = std::fs::read(&file).expect("read");
        for secret in SECRETS {
            let utf16: Vec<u8> = secret.encode_utf16().flat_map(u16::to_le_bytes).collect();
            let lower = secret.to_lowercase();
            for needle in [secret.as_bytes(), &utf16, lower.as_bytes()] {
                if bytes.windows(needle.len()).any(|w| w == needle) {
                    found.push(format!("{secret} in {}", file.display()));
                    break;
                }
            }
        }
    }
    found
}

/// A data folder with a petition, two signers, a backup and a damaged copy set aside, and
/// protection turned on. Gives the recovery key and the sheet's path.
fn protected_folder(dir: &Path) -> (RecoveryKey, PathBuf, i64) {
    let mut store = Store::open(dir).expect("store");
    let petition = a_petition(&mut store);
    sign(&mut store, petition, SECRETS[0], SECRETS[1]);
    sign(&mut store, petition, SECRETS[2], "ifeoluwa@example.org");
    store.backup_now().expect("backup");
    drop(store);
    // A damaged copy set aside by an earlier restore: a plain copy of the data.
    let damaged = dir.join("damaged");
    std::fs::create_dir_all(&damaged).expect("damaged folder");
    std::fs::copy(
        dir.join("campaign-kit.sqlite3"),
        damaged.join("campaign-kit-old.sqlite3"),
    )
    .expect("copied");
    assert!(
        !secrets_found(dir).is_empty(),
        "the test must start with plain data"
    );

    let store = Store::open(dir).expect("store");
    let sheet = dir.parent().expect("parent").join(format!(
        "sheet-{}.pdf",
        dir.file_name().expect("name").to_string_lossy()
    ));
    let (store, key) = switch::protect(store, PASSPHRASE, PASSPHRASE, &sheet).expect("protected");
    drop(store);
    (key, sheet, petition)
}

#[test]
fn no_signer_can_be_found_in_any_file_once_protection_is_on() {
    let base = tempfile::tempdir().expect("temp dir");
    let dir = base.path().join("data");
    let (key, _sheet, petition) = protected_folder(&dir);
    assert_eq!(secrets_found(&dir), Vec::<String>::new());

    // Signing with protection on: the write-ahead log and the new backups are encrypted too.
    let mut store = startup::open(&dir, Some(&key)).expect("opens with the key");
    sign(&mut store, petition, SECRETS[3], "lucja@example.org");
    let wal = dir.join("campaign-kit.sqlite3-wal");
    assert!(
        std::fs::metadata(&wal).is_ok_and(|m| m.len() > 0),
        "the log is in use"
    );
    store.backup_now().expect("backup");
    assert_eq!(
        secrets_found(&dir),
        Vec::<String>::new(),
        "with the log and a new backup"
    );
    let count: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM signatures", [], |r| r.get(0))
        .expect("count");
    assert_eq!(count, 3);
    // Search (FTS5) works on encrypted data.
    let hits = library::search(&store, "integrated care", 5).expect("search");
    assert!(!hits.is_empty(), "briefing search works when protected");
    drop(store);

    // Every backup is one the key opens, and none opens without it.
    for b in backup::list_backups(&DataPaths::new(&dir)) {
        assert!(backup::is_usable(&b, Some(&key)), "{}", b.name);
        assert!(!backup::is_usable(&b, None), "{}", b.name);
    }
    let damaged: Vec<_> = all_files(&dir.join("damaged"));
    assert!(
        damaged
            .iter()
            .all(|p| p.extension().is_some_and(|e| e == "age")),
        "{damaged:?}"
    );
}

#[test]
fn without_the_passphrase_the_data_stays_shut_and_unchanged() {
    let base = tempfile::tempdir().expect("temp dir");
    let dir = base.path().join("data");
    let _ = protected_folder(&dir);
    let before: Vec<Vec<u8>> = all_files(&dir)
        .iter()
        .map(|f| std::fs::read(f).expect("read"))
        .collect();

    assert!(matches!(Store::open(&dir), Err(StoreError::Locked)));
    let wrong = protection::unlock(&dir, "kettle orange bicycle wednesday").expect_err("refused");
    assert!(matches!(wrong, ProtectionError::WrongSecret));
    assert_eq!(wrong.code(), "protection_wrong_passphrase");
    assert!(
        wrong.to_string().contains("recovery key"),
        "says what else to do"
    );
    let not_a_key = protection::unlock(&dir, "0000-0000-0000-0000-0000-0000-0000-0000");
    assert!(matches!(not_a_key, Err(ProtectionError::WrongSecret)));

    let after: Vec<Vec<u8>> = all_files(&dir)
        .iter()
        .map(|f| std::fs::read(f).expect("read"))
        .collect();
    assert!(before == after, "a wrong passphrase changes no file");
}

/// The key as printed on the sheet, read back from the PDF's text.
fn key_on_sheet(sheet: &Path) -> Option<String> {
    let text = std::process::Command::new("pdftotext")
        .args([sheet.as_os_str(), "-".as_ref()])
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&text.stdout);
    let mut lines = text
        .lines()
        .skip_while(|l| !l.contains("Your recovery key"))
        .skip(1);
    let groups: String = lines
        .by_ref()
        .filter(|l| !l.trim().is_empty())
        .take(2)
        .collect::<Vec<_>>()
        .join(" ");
    Some(groups)
}

#[test]
fn the_recovery_sheet_opens_a_copy_of_the_data_on_another_laptop() {
    let base = tempfile::tempdir().expect("temp dir");
    let dir = base.path().join("data");
    let (key, sheet, _) = protected_folder(&dir);
    let pdf = std::fs::read(&sheet).expect("sheet saved");
    assert!(pdf.starts_with(b"%PDF"));

    // The copy: the data file and the key file, as on a second laptop or a copied stick.
    let other = base.path().join("other");
    std::fs::create_dir_all(&other).expect("folder");
    for name in ["campaign-kit.sqlite3", "protection.key"] {
        std::fs::copy(dir.join(name), other.join(name)).expect("copied");
    }
    let typed = match key_on_sheet(&sheet) {
        Some(printed) => {
            assert!(printed.replace(' ', "").contains(&key.plain()), "{printed}");
            printed.to_lowercase() // as a person might type it
        }
        None if cfg!(windows) => key.grouped(), // no poppler to read the PDF with
        None => panic!("pdftotext (poppler-utils) is needed to read the sheet"),
    };
    let opened = protection::unlock(&other, &typed).expect("the sheet's key opens it");
    let store = Store::open_unlocked(&other, Some(&opened)).expect("opens");
    let count: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM signatures", [], |r| r.get(0))
        .expect("count");
    assert_eq!(count, 2);
}

#[test]
fn changing_the_passphrase_keeps_the_recovery_key_and_turning_off_restores_plain_files() {
    let base = tempfile::tempdir().expect("temp dir");
    let dir = base.path().join("data");
    let (key, _, petition) = protected_folder(&dir);

    let weak = switch::check_new_passphrase("password1", "password1", &[]).expect_err("weak");
    assert_eq!(weak.field_problems()[0].field, "passphrase");
    let mismatch =
        switch::check_new_passphrase(PASSPHRASE, "kettle orange", &[]).expect_err("mismatch");
    assert_eq!(mismatch.field_problems()[0].field, "confirm");

    let new = "window lantern seventeen marmalade";
    switch::change_passphrase(&dir, PASSPHRASE, new).expect("changed");
    assert!(matches!(
        protection::unlock(&dir, PASSPHRASE),
        Err(ProtectionError::WrongSecret)
    ));
    assert_eq!(protection::unlock(&dir, new).expect("new one works"), key);
    assert_eq!(
        protection::unlock(&dir, &key.grouped()).expect("sheet still works"),
        key
    );

    let mut store = Store::open_unlocked(&dir, Some(&key)).expect("opens");
    sign(&mut store, petition, SECRETS[3], "lucja@example.org");
    let store = switch::turn_off(store, new).expect("turned off");
    drop(store);
    assert!(!protection::is_on(&dir));
    let store = Store::open(&dir).expect("opens without a passphrase");
    let count: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM signatures", [], |r| r.get(0))
        .expect("count");
    assert_eq!(count, 3, "nothing lost on the way");
    for b in backup::list_backups(store.paths()) {
        assert!(backup::is_usable(&b, None), "{} is plain again", b.name);
    }
}

#[test]
fn a_switch_cut_short_leaves_the_data_as_it_was() {
    let base = tempfile::tempdir().expect("temp dir");
    let dir = base.path().join("data");
    let mut store = Store::open(&dir).expect("store");
    let petition = a_petition(&mut store);
    sign(&mut store, petition, SECRETS[0], SECRETS[1]);
    drop(store);

    // Cut short after the key file was written, before the encrypted copy was swapped in:
    // a key file beside plain data, and a half-made copy.
    let key = RecoveryKey::generate().expect("random");
    protection::key_file::KeyFile::lock(&key, PASSPHRASE)
        .and_then(|f| f.write(&dir))
        .expect("key file");
    std::fs::write(dir.join("campaign-kit.sqlite3.converting"), b"half a copy").expect("leftover");
    let store = Store::open(&dir).expect("plain data opens as before");
    assert!(!protection::is_on(&dir), "the unfinished switch is undone");
    assert!(!dir.join("campaign-kit.sqlite3.converting").exists());
    let count: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM signatures", [], |r| r.get(0))
        .expect("count");
    assert_eq!(count, 1);
}

/// Turning off cut short after the plain data file was swapped in, before the key file went:
/// the next start asks for no passphrase, finds protection off, and every backup opens
/// without a key. (The crash test once met this window and checked the backups with the old
/// key; this plays the same moment out on purpose.)
#[test]
fn turning_off_cut_short_before_the_key_file_went_finishes_turning_off() {
    let base = tempfile::tempdir().expect("temp dir");
    let dir = base.path().join("data");
    let (key, _, _) = protected_folder(&dir);
    let key_file = protection::key_file::path(&dir);
    let kept = std::fs::read(&key_file).expect("key file");
    let store = Store::open_unlocked(&dir, Some(&key)).expect("opens");
    drop(switch::turn_off(store, PASSPHRASE).expect("turned off"));
    std::fs::write(&key_file, kept).expect("key file put back, as the cut left it");

    let paths = DataPaths::new(&dir);
    assert!(
        !switch::needs_key(&paths).expect("tidied"),
        "no passphrase asked"
    );
    assert!(!key_file.exists(), "the key file left behind is removed");
    let store = Store::open_unlocked(&dir, Some(&key)).expect("opens");
    assert!(
        store.key().is_none(),
        "the data is plain, so the store holds no key"
    );
    let backups = backup::list_backups(store.paths());
    assert!(!backups.is_empty());
    for b in backups {
        assert!(
            backup::is_usable(&b, None),
            "{} opens without a key",
            b.name
        );
        assert!(
            !backup::is_usable(&b, Some(&key)),
            "and not with the old one"
        );
    }
}

#[test]
fn a_damaged_protected_file_is_restored_from_its_encrypted_backup() {
    let base = tempfile::tempdir().expect("temp dir");
    let dir = base.path().join("data");
    let (key, _, _) = protected_folder(&dir);
    // Overwrite the middle of the data file, as a failing disk might.
    let data = dir.join("campaign-kit.sqlite3");
    let mut bytes = std::fs::read(&data).expect("read");
    let middle = bytes.len() / 2;
    bytes[middle..].iter_mut().for_each(|b| *b = 0x5a);
    std::fs::write(&data, &bytes).expect("damaged");

    let err = Store::open_unlocked(&dir, Some(&key))
        .err()
        .expect("damaged");
    assert!(err.can_be_restored(), "{err}");
    let store = store::recover_damaged(&dir, Some(&key)).expect("restored");
    let count: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM signatures", [], |r| r.get(0))
        .expect("count");
    assert_eq!(count, 2);
    drop(store);
    assert_eq!(
        secrets_found(&dir),
        Vec::<String>::new(),
        "the damaged file set aside is locked too"
    );
}
