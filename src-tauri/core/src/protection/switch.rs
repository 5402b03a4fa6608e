//! Turning protection on and off, and changing the passphrase, so that a laptop dying at any
//! moment loses nothing.
//!
//! Turning on: (1) the recovery sheet is saved; (2) the data is copied, encrypted, into
//! `campaign-kit.sqlite3.converting`; (3) the key file is written; (4) the copy is renamed
//! over the data file, the moment protection is on; (5) the backups are encrypted one by one
//! (each its own copy and rename) and damaged copies locked with age.
//! Turning off runs the other way: backups, then the data file, then the key file goes.
//!
//! So at the next start: a `.converting` file is always an unfinished copy, and removed; a
//! key file beside a plain data file means protection did not finish coming on (or had
//! nearly finished going off), so the key file goes and the data is as it was; and plain
//! backups beside an encrypted data file are encrypted then ([`finish_with_key`]).

use std::path::{Path, PathBuf};

use age::secrecy::SecretString;
use rusqlite::{Connection, params};

use super::key_file::{self, KeyFile};
use super::keys::RecoveryKey;
use super::{ProtectionError, strength};
use crate::paths::DataPaths;
use crate::store::{Store, StoreError, backup, migrations::current_version};

/// The first 16 bytes of every unencrypted SQLite file.
const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";
const CONVERTING: &str = "converting";
/// scrypt's cost for damaged copies, locked with the recovery key (160 random bits need no
/// slowing down).
const DAMAGED_WORK: u8 = 10;

/// Whether the file at `path` is an unencrypted SQLite database.
pub fn is_plain_sqlite(path: &Path) -> bool {
    use std::io::Read;
    let mut header = [0u8; 16];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut header))
        .is_ok_and(|()| &header == SQLITE_HEADER)
}

fn converting_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".");
    name.push(CONVERTING);
    PathBuf::from(name)
}

/// Makes a rename in `folder` durable where the system allows it (Linux and macOS; Windows
/// commits renames itself).
pub(crate) fn sync_folder(folder: &Path) {
    if cfg!(unix) {
        let _ = std::fs::File::open(folder).and_then(|dir| dir.sync_all());
    }
}

fn store_io(path: &Path) -> impl Fn(std::io::Error) -> ProtectionError + '_ {
    move |e| StoreError::from_io(e, path).into()
}

fn store_sqlite(path: &Path) -> impl Fn(rusqlite::Error) -> ProtectionError + '_ {
    move |e| StoreError::from_sqlite(e, path).into()
}

/// Tidies what a switch cut short left behind. Runs at every start, before the data is
/// opened, and needs no key.
pub fn finish_unfinished(paths: &DataPaths) -> Result<(), StoreError> {
    let leftover = converting_path(&paths.database);
    if leftover.exists() {
        std::fs::remove_file(&leftover).map_err(|e| StoreError::from_io(e, &leftover))?;
    }
    if let Ok(entries) = std::fs::read_dir(&paths.backups) {
        for entry in entries.flatten() {
            let path = entry.path();
            if path.extension().is_some_and(|e| e == CONVERTING) {
                std::fs::remove_file(&path).map_err(|e| StoreError::from_io(e, &path))?;
            }
        }
    }
    if super::is_on(&paths.root) && is_plain_sqlite(&paths.database) {
        let key = key_file::path(&paths.root);
        std::fs::remove_file(&key).map_err(|e| StoreError::from_io(e, &key))?;
        sync_folder(&paths.root);
    }
    Ok(())
}

/// With protection on: encrypts any backup still in plain form and locks any damaged copy,
/// finishing a switch cut short. Does nothing when all is done.
pub fn finish_with_key(paths: &DataPaths, key: &RecoveryKey) -> Result<(), ProtectionError> {
    for file in backup::list_backups(paths) {
        if is_plain_sqlite(&file.path) {
            convert_file(&file.path, None, Some(key))?;
        }
    }
    lock_damaged_copies(paths, key)
}

/// Copies the database open on `conn` into a new file at `to`, encrypted with `to_key` or
/// plain, with its data version. The new file is made durable before this returns.
fn export_copy(
    conn: &Connection,
    to: &Path,
    to_key: Option<&RecoveryKey>,
) -> Result<(), ProtectionError> {
    let _ = std::fs::remove_file(to);
    let sqlite = store_sqlite(to);
    let version = current_version(conn).map_err(&sqlite)?;
    let key = to_key
        .map(|k| k.data_key().sqlcipher_value())
        .unwrap_or_default();
    conn.execute(
        "ATTACH DATABASE ?1 AS converted KEY ?2",
        params![to.to_string_lossy(), key],
    )
    .map_err(&sqlite)?;
    let exported = conn
        .query_row("SELECT sqlcipher_export('converted')", [], |_| Ok(()))
        .and_then(|()| conn.execute_batch(&format!("PRAGMA converted.user_version = {version}")));
    let detached = conn.execute_batch("DETACH DATABASE converted");
    if let Err(e) = exported.and(detached) {
        let _ = std::fs::remove_file(to);
        return Err(sqlite(e));
    }
    // Opened for writing: Windows flushes a file to disk only through a handle that may write.
    std::fs::OpenOptions::new()
        .write(true)
        .open(to)
        .and_then(|file| file.sync_all())
        .map_err(store_io(to))
}

/// Re-encrypts one closed database file (a backup) in place: copy, then rename.
fn convert_file(
    path: &Path,
    from: Option<&RecoveryKey>,
    to: Option<&RecoveryKey>,
) -> Result<(), ProtectionError> {
    let conn = crate::store::open_keyed(path, from)?;
    let copy = converting_path(path);
    export_copy(&conn, &copy, to)?;
    drop(conn);
    std::fs::rename(&copy, path).map_err(store_io(path))?;
    if let Some(folder) = path.parent() {
        sync_folder(folder);
    }
    Ok(())
}

/// Damaged copies kept aside may not be readable by SQLite at all, so they are locked whole
/// with age, the recovery key as the passphrase: a helper can open one with the `age` tool
/// and the key typed as printed on the sheet.
fn lock_damaged_copies(paths: &DataPaths, key: &RecoveryKey) -> Result<(), ProtectionError> {
    let Ok(entries) = std::fs::read_dir(&paths.damaged) else {
        return Ok(());
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if !path.is_file()
            || path
                .extension()
                .is_some_and(|e| e == "age" || e == "partial")
        {
            continue;
        }
        let bytes = std::fs::read(&path).map_err(store_io(&path))?;
        let mut recipient = age::scrypt::Recipient::new(SecretString::from(key.grouped()));
        recipient.set_work_factor(DAMAGED_WORK);
        let locked = age::encrypt(&recipient, &bytes)
            .map_err(|e| ProtectionError::KeyFile(e.to_string()))?;
        let mut target = path.clone().into_os_string();
        target.push(".age");
        crate::files::write_whole(Path::new(&target), &locked).map_err(|reason| {
            StoreError::Folder {
                path: path.clone(),
                reason,
            }
        })?;
        std::fs::remove_file(&path).map_err(store_io(&path))?;
    }
    sync_folder(&paths.damaged);
    Ok(())
}

/// Swaps the finished copy in for the data file. The store must be closed: with its last
/// connection closed, SQLite has moved the write-ahead log into the file and removed it, so
/// a log still there means someone else has the data open.
fn swap_in(paths: &DataPaths, copy: &Path) -> Result<(), ProtectionError> {
    let mut wal = paths.database.clone().into_os_string();
    wal.push("-wal");
    if std::fs::metadata(&wal).is_ok_and(|m| m.len() > 0) {
        return Err(ProtectionError::InUse);
    }
    for suffix in ["-wal", "-shm"] {
        let mut companion = paths.database.clone().into_os_string();
        companion.push(suffix);
        let _ = std::fs::remove_file(companion);
    }
    std::fs::rename(copy, &paths.database).map_err(store_io(&paths.database))?;
    sync_folder(&paths.root);
    Ok(())
}

/// Checks a new passphrase: safe enough, and typed the same twice.
pub fn check_new_passphrase(
    passphrase: &str,
    confirm: &str,
    about_us: &[&str],
) -> Result<(), ProtectionError> {
    let rated = strength::rate(passphrase.trim(), about_us);
    if !rated.good_enough {
        return Err(ProtectionError::Weak {
            words: rated.words.to_lowercase(),
            advice: rated.advice,
        });
    }
    if passphrase.trim() != confirm.trim() {
        return Err(ProtectionError::Mismatch);
    }
    Ok(())
}

/// Turns protection on. `save_sheet` saves the recovery sheet for the new key; nothing else
/// happens unless it succeeds. The store is closed during the switch; on an error it is
/// dropped and the caller opens the data again (it is as it was).
pub fn turn_on(
    store: Store,
    passphrase: &str,
    save_sheet: impl FnOnce(&RecoveryKey) -> Result<(), String>,
) -> Result<(Store, RecoveryKey), ProtectionError> {
    let paths = store.paths().clone();
    if super::is_on(&paths.root) {
        return Err(ProtectionError::AlreadyOn);
    }
    let recovery = RecoveryKey::generate().map_err(|e| ProtectionError::Random(e.to_string()))?;
    save_sheet(&recovery).map_err(ProtectionError::Sheet)?;
    let copy = converting_path(&paths.database);
    export_copy(store.conn(), &copy, Some(&recovery))?;
    drop(store);
    let switched = KeyFile::lock(&recovery, passphrase.trim())
        .and_then(|file| file.write(&paths.root))
        .and_then(|()| swap_in(&paths, &copy));
    if let Err(e) = switched {
        let _ = std::fs::remove_file(&copy);
        let _ = std::fs::remove_file(key_file::path(&paths.root));
        return Err(e);
    }
    finish_with_key(&paths, &recovery)?;
    let store = Store::open_unlocked(&paths.root, Some(&recovery))?;
    record(&store, "protection_on")?;
    Ok((store, recovery))
}

/// Turns protection off, after the passphrase (or recovery key) is typed again.
pub fn turn_off(store: Store, typed: &str) -> Result<Store, ProtectionError> {
    let paths = store.paths().clone();
    let recovery = super::unlock(&paths.root, typed)?;
    for file in backup::list_backups(&paths) {
        if !is_plain_sqlite(&file.path) {
            convert_file(&file.path, Some(&recovery), None)?;
        }
    }
    let copy = converting_path(&paths.database);
    export_copy(store.conn(), &copy, None)?;
    drop(store);
    if let Err(e) = swap_in(&paths, &copy) {
        let _ = std::fs::remove_file(&copy);
        return Err(e);
    }
    let key = key_file::path(&paths.root);
    std::fs::remove_file(&key).map_err(store_io(&key))?;
    sync_folder(&paths.root);
    let store = Store::open_unlocked(&paths.root, None)?;
    record(&store, "protection_off")?;
    Ok(store)
}

/// Changes the passphrase: only the key file is rewritten, in one rename.
pub fn change_passphrase(
    root: &Path,
    typed: &str,
    new_passphrase: &str,
) -> Result<(), ProtectionError> {
    let recovery = super::unlock(root, typed)?;
    KeyFile::lock(&recovery, new_passphrase.trim())?.write(root)
}

/// Notes the switch in the audit log (which records what was done, never whose data).
fn record(store: &Store, what: &str) -> Result<(), ProtectionError> {
    crate::audit::record(store.conn(), what, "", chrono::Local::now())
        .map_err(|e| store.error(e).into())
}

/// What the "Protect this laptop's data" button and `campaign-kit protect on` do: checks the
/// new passphrase (the group's own name is the first thing a guesser tries), saves the
/// recovery sheet at `sheet_path`, then turns protection on.
pub fn protect(
    store: Store,
    passphrase: &str,
    confirm: &str,
    sheet_path: &Path,
) -> Result<(Store, RecoveryKey), ProtectionError> {
    let group = crate::group::load(&store)
        .map(|profile| profile.details.name)
        .unwrap_or_default();
    let about_us: Vec<&str> = group.split_whitespace().collect();
    check_new_passphrase(passphrase, confirm, &about_us)?;
    let folder = store.paths().root.display().to_string();
    turn_on(store, passphrase, |key| {
        let details = super::sheet::SheetDetails {
            group: &group,
            data_folder: &folder,
            made_on: chrono::Local::now().date_naive(),
        };
        crate::files::write_whole(sheet_path, &super::sheet::recovery_sheet(key, &details))
    })
}

/// Whether the data folder needs a passphrase to open, after tidying any switch cut short.
pub fn needs_key(paths: &DataPaths) -> Result<bool, StoreError> {
    finish_unfinished(paths)?;
    Ok(super::is_on(&paths.root))
}
