//! Backup copies of the database, made with SQLite's online backup API (consistent even while
//! the app is using the database). They live in `backups/` inside the data folder; the newest
//! seven are kept.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Local, NaiveDate};
use rusqlite::{Connection, OpenFlags};

use super::error::StoreError;
use super::migrations::{LATEST_VERSION, current_version};
use crate::paths::DataPaths;
use crate::protection::RecoveryKey;

/// How many backup copies to keep.
pub const BACKUPS_KEPT: usize = 7;

const PREFIX: &str = "campaign-kit-";
const SUFFIX: &str = ".sqlite3";
/// Sorts the same way as time runs, so the newest name sorts last.
const STAMP: &str = "%Y-%m-%dT%H-%M-%S";

/// Why a backup was made; part of its file name so a helper can tell them apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BackupReason {
    Daily,
    BeforeUpgrade { to_version: i64 },
    BeforeRestore,
    Manual,
}

impl BackupReason {
    fn label(self) -> String {
        match self {
            BackupReason::Daily => "daily".into(),
            BackupReason::BeforeUpgrade { to_version } => {
                format!("before-upgrade-to-v{to_version}")
            }
            BackupReason::BeforeRestore => "before-restore".into(),
            BackupReason::Manual => "manual".into(),
        }
    }
}

/// One backup file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupFile {
    pub path: PathBuf,
    /// The file name, e.g. `campaign-kit-2026-11-22T09-30-00-daily.sqlite3`.
    pub name: String,
}

impl BackupFile {
    /// The day the backup was made, read from its name.
    pub fn date(&self) -> Option<NaiveDate> {
        let stamp = self.name.strip_prefix(PREFIX)?.get(..10)?;
        NaiveDate::parse_from_str(stamp, "%Y-%m-%d").ok()
    }

    /// When it was made, as a date and time: "27 November 2026, 10.20am". Falls back to the
    /// file's name if the name was changed by hand.
    pub fn made_when(&self) -> String {
        let stamp = self.name.strip_prefix(PREFIX).and_then(|s| s.get(..19));
        match stamp.and_then(|s| chrono::NaiveDateTime::parse_from_str(s, STAMP).ok()) {
            Some(at) => format!("{}, {}", at.format("%-d %B %Y"), at.format("%-I.%M%P")),
            None => self.name.clone(),
        }
    }

    /// When it was made, as a person says it: "on 27 November 2026 at 10.20am". Falls back to
    /// the file's name if the name was changed by hand.
    pub fn made_on_words(&self) -> String {
        let stamp = self.name.strip_prefix(PREFIX).and_then(|s| s.get(..19));
        match stamp.and_then(|s| chrono::NaiveDateTime::parse_from_str(s, STAMP).ok()) {
            Some(at) => {
                let time = at.format("%-I.%M%P").to_string();
                format!("on {} at {time}", at.format("%-d %B %Y"))
            }
            None => format!("({})", self.name),
        }
    }
}

/// Copies the open database into a new backup file, encrypted with the same key when the
/// data is protected. The copy is written under a temporary name and renamed when complete,
/// so a half-written file is never taken for a backup.
pub fn make_backup(
    conn: &Connection,
    paths: &DataPaths,
    key: Option<&RecoveryKey>,
    reason: BackupReason,
    now: DateTime<Local>,
) -> Result<BackupFile, StoreError> {
    std::fs::create_dir_all(&paths.backups).map_err(|e| StoreError::from_io(e, &paths.backups))?;
    let target = free_name(
        &paths.backups,
        &format!("{}-{}", now.format(STAMP), reason.label()),
    );
    let partial = target.with_extension("partial");
    let result = copy_database(conn, &partial, key).and_then(|()| {
        std::fs::rename(&partial, &target).map_err(|e| StoreError::from_io(e, &paths.backups))
    });
    if let Err(err) = result {
        let _ = std::fs::remove_file(&partial); // a partial copy is worthless; the error says why
        return Err(err);
    }
    Ok(backup_file(target))
}

/// Copies the database open on `from` into a new file at `to`, keyed the same way. (SQLite's
/// backup copies pages as they are, so both ends must have the same key.)
fn copy_database(
    from: &Connection,
    to: &Path,
    key: Option<&RecoveryKey>,
) -> Result<(), StoreError> {
    let mut target = super::open_keyed(to, key)?;
    rusqlite::backup::Backup::new(from, &mut target)
        .and_then(|b| b.run_to_completion(1024, std::time::Duration::ZERO, None))
        .map_err(|e| StoreError::from_sqlite(e, to))
}

/// A name for a new backup that does not overwrite one made in the same second.
fn free_name(folder: &Path, stem: &str) -> PathBuf {
    let mut candidate = folder.join(format!("{PREFIX}{stem}{SUFFIX}"));
    let mut n = 2;
    while candidate.exists() {
        candidate = folder.join(format!("{PREFIX}{stem}-{n}{SUFFIX}"));
        n += 1;
    }
    candidate
}

fn backup_file(path: PathBuf) -> BackupFile {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    BackupFile { path, name }
}

/// The backups in a data folder, newest first. A missing folder means no backups.
pub fn list_backups(paths: &DataPaths) -> Vec<BackupFile> {
    let Ok(entries) = std::fs::read_dir(&paths.backups) else {
        return Vec::new();
    };
    let mut files: Vec<BackupFile> = entries
        .filter_map(|e| e.ok())
        .map(|e| backup_file(e.path()))
        .filter(|b| b.name.starts_with(PREFIX) && b.name.ends_with(SUFFIX))
        .collect();
    files.sort_by(|a, b| b.name.cmp(&a.name));
    files
}

/// Whether a backup was already made on this day.
pub fn has_backup_on(paths: &DataPaths, day: NaiveDate) -> bool {
    list_backups(paths).iter().any(|b| b.date() == Some(day))
}

/// Deletes all but the newest [`BACKUPS_KEPT`] backups, with one exception: an older copy
/// bigger than every copy kept is kept too. After an accident that emptied the data, the
/// newer copies are all of the empty data; the older, bigger one is what can bring it back.
pub fn prune_backups(paths: &DataPaths) -> Result<(), StoreError> {
    let backups = list_backups(paths);
    let size = |b: &BackupFile| std::fs::metadata(&b.path).map_or(0, |m| m.len());
    let largest_kept = backups
        .iter()
        .take(BACKUPS_KEPT)
        .map(size)
        .max()
        .unwrap_or(0);
    let older = backups.get(BACKUPS_KEPT..).unwrap_or_default();
    let fullest_older = older
        .iter()
        .max_by_key(|b| size(b))
        .filter(|b| size(b) > largest_kept);
    for old in older {
        if Some(old) != fullest_older {
            std::fs::remove_file(&old.path).map_err(|e| StoreError::from_io(e, &paths.backups))?;
        }
    }
    Ok(())
}

/// Whether a backup file is a sound database this version can open.
pub fn is_usable(backup: &BackupFile, key: Option<&RecoveryKey>) -> bool {
    let Ok(conn) = super::open_keyed_with(&backup.path, key, OpenFlags::SQLITE_OPEN_READ_ONLY)
    else {
        return false;
    };
    let healthy = super::quick_check(&conn).is_ok();
    let version = current_version(&conn).unwrap_or(i64::MAX);
    healthy && version <= LATEST_VERSION
}

/// Replaces the database with the newest usable backup, whole or not at all. The backup is
/// first copied to a temporary file beside the database and made durable; only then is the
/// file being replaced (and its write-ahead log) moved into `damaged/`, never deleted, and
/// the copy renamed into place. A restore cut short (the laptop's battery, say) leaves either
/// the old file, or no data file and the backups, which the next start reports as missing
/// and offers to restore again: never a half-copied database taken for a good one.
/// Call this only while no connection to the database is open.
pub fn restore_newest_backup(
    paths: &DataPaths,
    key: Option<&RecoveryKey>,
    now: DateTime<Local>,
) -> Result<BackupFile, StoreError> {
    let backup = list_backups(paths)
        .into_iter()
        .find(|b| is_usable(b, key))
        .ok_or(StoreError::NoBackup)?;
    let mut restoring = paths.database.clone().into_os_string();
    restoring.push(".restoring");
    let restoring = PathBuf::from(restoring);
    let copied = copy_backup(&backup, &restoring, key);
    if let Err(err) = copied {
        let _ = std::fs::remove_file(&restoring);
        return Err(err);
    }
    move_aside(paths, now)?;
    std::fs::rename(&restoring, &paths.database)
        .map_err(|e| StoreError::from_io(e, &paths.root))?;
    sync_folder(&paths.root);
    Ok(backup)
}

/// A complete, durable copy of a backup at `to`, replacing any leftover from a restore that
/// was cut short.
fn copy_backup(
    backup: &BackupFile,
    to: &Path,
    key: Option<&RecoveryKey>,
) -> Result<(), StoreError> {
    let _ = std::fs::remove_file(to);
    let source = super::open_keyed_with(&backup.path, key, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    copy_database(&source, to, key)?;
    // Opened for writing: Windows flushes a file to disk only through a handle that may write.
    std::fs::OpenOptions::new()
        .write(true)
        .open(to)
        .and_then(|file| file.sync_all())
        .map_err(|e| StoreError::from_io(e, to))
}

/// Makes a rename in `folder` durable where the system allows it (Linux and macOS; Windows
/// commits renames itself).
fn sync_folder(folder: &Path) {
    if cfg!(unix) {
        let _ = std::fs::File::open(folder).and_then(|dir| dir.sync_all());
    }
}

/// Moves the database file and its `-wal`/`-shm` companions into `damaged/`.
fn move_aside(paths: &DataPaths, now: DateTime<Local>) -> Result<(), StoreError> {
    std::fs::create_dir_all(&paths.damaged).map_err(|e| StoreError::from_io(e, &paths.damaged))?;
    let stamp = now.format(STAMP).to_string();
    for suffix in ["", "-wal", "-shm"] {
        let mut from = paths.database.clone().into_os_string();
        from.push(suffix);
        let from = PathBuf::from(from);
        if !from.exists() {
            continue;
        }
        let to = free_name(&paths.damaged, &format!("{stamp}{suffix}"));
        std::fs::rename(&from, &to).map_err(|e| StoreError::from_io(e, &paths.damaged))?;
    }
    Ok(())
}
