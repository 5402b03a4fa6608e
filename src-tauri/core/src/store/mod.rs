//! The local data store: one SQLite database file in the data folder.
//!
//! Durability first: WAL journal with `synchronous=FULL` (a committed change survives the
//! battery dying), foreign keys on, numbered migrations each in a transaction, a backup before
//! any migration and once a day. A database from a newer version, a damaged file, a read-only
//! folder or a full disk each give a clear [`StoreError`] and change nothing.
//!
//! [`Store`] is blocking; callers in async code (the desktop app) run it on a blocking thread.

pub mod backup;
mod error;
mod in_use;
pub mod migrations;
pub mod settings;

use std::io::ErrorKind;
use std::path::Path;

use chrono::{DateTime, Local};
use rusqlite::{Connection, OpenFlags};

pub use error::StoreError;
use migrations::{LATEST_VERSION, current_version, migrate_to};

use crate::audit;
use crate::paths::DataPaths;
use crate::protection::{self, RecoveryKey};
use backup::{BackupReason, has_backup_on, make_backup, prune_backups};

/// An open, migrated database.
pub struct Store {
    conn: Connection,
    paths: DataPaths,
    /// The recovery key when the data is protected: backups are encrypted with it too.
    key: Option<RecoveryKey>,
    /// Says to the next program to open the data whether this one closed it (see `in_use`).
    _in_use: Option<in_use::InUseMark>,
    /// The briefings' search index, built on the first search (see `briefings::search_index`).
    search_index: SearchIndexSlot,
}

/// Where a store keeps its search index between searches.
pub(crate) type SearchIndexSlot =
    std::sync::Mutex<Option<std::sync::Arc<crate::briefings::search_index::SearchIndex>>>;

/// What happened while opening, for the log and for tests.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct OpenReport {
    pub created: bool,
    pub migrated_from: Option<i64>,
    pub backup_made: Option<String>,
    /// Whether every page of the file was checked (see [`full_check_due`]).
    pub checked_in_full: bool,
}

impl Store {
    /// Opens (or creates) the database in `data_dir`, backing up and migrating as needed.
    /// Protected data gives [`StoreError::Locked`]: see [`Store::open_unlocked`].
    pub fn open(data_dir: &Path) -> Result<Store, StoreError> {
        Self::open_at(data_dir, Local::now()).map(|(store, _)| store)
    }

    /// Opens the data with its recovery key (from [`protection::unlock`]) if it is protected.
    pub fn open_unlocked(data_dir: &Path, key: Option<&RecoveryKey>) -> Result<Store, StoreError> {
        Self::open_unlocked_at(data_dir, Local::now(), key).map(|(store, _)| store)
    }

    /// [`Store::open`] with the clock passed in, so tests can play out several days.
    pub fn open_at(
        data_dir: &Path,
        now: DateTime<Local>,
    ) -> Result<(Store, OpenReport), StoreError> {
        Self::open_unlocked_at(data_dir, now, None)
    }

    /// [`Store::open_unlocked`] with the clock passed in.
    pub fn open_unlocked_at(
        data_dir: &Path,
        now: DateTime<Local>,
        key: Option<&RecoveryKey>,
    ) -> Result<(Store, OpenReport), StoreError> {
        let paths = DataPaths::new(data_dir);
        std::fs::create_dir_all(&paths.root).map_err(|e| StoreError::from_io(e, &paths.root))?;
        protection::switch::finish_unfinished(&paths)?;
        let key = if protection::is_on(&paths.root) {
            Some(key.ok_or(StoreError::Locked)?.clone())
        } else {
            None
        };
        let existed = std::fs::metadata(&paths.database).is_ok_and(|m| m.len() > 0);
        if !existed {
            refuse_if_data_was_lost(&paths)?;
        }
        check_can_write(&paths)?;

        let unclean_end = in_use::unclean_end_found(&paths.in_use);
        let mark = in_use::InUseMark::claim(&paths.in_use);
        let mut conn = open_keyed(&paths.database, key.as_ref())?;
        let sqlite = |e| StoreError::from_sqlite(e, &paths.database);

        // Look before touching anything: reading the version and checking the file's health
        // write nothing, so a newer or damaged database is left exactly as it was.
        let version = if existed {
            current_version(&conn).map_err(sqlite)?
        } else {
            0
        };
        let checked_in_full = existed
            && full_check_due(
                &conn,
                version,
                unclean_end || mark.is_none(),
                now.date_naive(),
            );
        if checked_in_full {
            quick_check(&conn).map_err(|detail| StoreError::Corrupt {
                path: paths.database.clone(),
                detail,
            })?;
        }
        if version > LATEST_VERSION {
            return Err(StoreError::NewerVersion {
                found: version,
                supported: LATEST_VERSION,
            });
        }
        if conn.is_readonly(rusqlite::MAIN_DB).map_err(sqlite)? {
            return Err(StoreError::ReadOnly {
                path: paths.root.clone(),
            });
        }
        set_durability_pragmas(&conn).map_err(sqlite)?;

        let mut report = OpenReport {
            created: !existed,
            checked_in_full,
            ..Default::default()
        };
        if existed {
            let reason = if version < LATEST_VERSION {
                Some(BackupReason::BeforeUpgrade {
                    to_version: LATEST_VERSION,
                })
            } else if !has_backup_on(&paths, now.date_naive()) {
                Some(BackupReason::Daily)
            } else {
                None
            };
            if let Some(reason) = reason {
                let made = make_backup(&conn, &paths, key.as_ref(), reason, now)?;
                report.backup_made = Some(made.name);
                prune_backups(&paths)?;
            }
        }
        if version < LATEST_VERSION {
            migrate_to(&mut conn, LATEST_VERSION).map_err(sqlite)?;
            if existed {
                report.migrated_from = Some(version);
                let detail = format!("from data version {version} to {LATEST_VERSION}");
                audit::record(&conn, "database_upgraded", &detail, now).map_err(sqlite)?;
            }
        }
        // Half-written exports of people's data from a save cut short (see `leftovers`).
        let removed = crate::leftovers::sweep(&conn).map_err(sqlite)?;
        if !removed.is_empty() {
            let detail = format!(
                "{} removed",
                crate::words::count(
                    removed.len() as u64,
                    "half-written export",
                    "half-written exports"
                )
            );
            audit::record(&conn, "leftovers_removed", &detail, now).map_err(sqlite)?;
        }
        if checked_in_full {
            let today = now.date_naive().to_string();
            settings::set(&conn, CHECKED_ON_SETTING, &today).map_err(sqlite)?;
        }
        if let Some(key) = &key {
            protection::switch::finish_with_key(&paths, key).map_err(StoreError::from)?;
        }
        let store = Store {
            conn,
            paths,
            key,
            _in_use: mark,
            search_index: SearchIndexSlot::default(),
        };
        Ok((store, report))
    }

    /// The connection, for the domain modules' queries.
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// The search index kept for this store's briefings.
    pub(crate) fn search_index_slot(&self) -> &SearchIndexSlot {
        &self.search_index
    }

    /// The connection for work that needs a transaction.
    pub fn conn_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }

    pub fn paths(&self) -> &DataPaths {
        &self.paths
    }

    /// The recovery key, when the data is protected.
    pub fn key(&self) -> Option<&RecoveryKey> {
        self.key.as_ref()
    }

    pub fn schema_version(&self) -> Result<i64, StoreError> {
        current_version(&self.conn).map_err(|e| self.error(e))
    }

    /// Makes a backup copy now (the "Back up now" button and `campaign-kit backup`).
    pub fn backup_now(&self) -> Result<backup::BackupFile, StoreError> {
        let file = make_backup(
            &self.conn,
            &self.paths,
            self.key.as_ref(),
            BackupReason::Manual,
            Local::now(),
        )?;
        prune_backups(&self.paths)?;
        Ok(file)
    }

    /// Turns a SQLite error from this store into a [`StoreError`] naming its file.
    pub fn error(&self, err: rusqlite::Error) -> StoreError {
        StoreError::from_sqlite(err, &self.paths.database)
    }
}

/// A data file that is missing or empty is normal in a new folder. In a folder that has backup
/// copies it means the data was lost (a file deleted or truncated, a restore cut short), and
/// starting a new, empty database there would hide that, then push the good backups out one
/// day at a time. So it is refused, and the newest backup offered.
fn refuse_if_data_was_lost(paths: &DataPaths) -> Result<(), StoreError> {
    match backup::list_backups(paths).first() {
        Some(newest) => Err(StoreError::Missing {
            folder: paths.root.clone(),
            newest_backup: newest.made_on_words(),
        }),
        None => Ok(()),
    }
}

/// Finds out before SQLite does whether the folder and the file can be written. SQLite, given
/// a read-only folder (a locked USB stick) cannot make its shared-memory file and reports the
/// database as damaged, which would send a person to restore a backup over good data; given a
/// read-only file, it leaves a read-only `-shm` file behind that blocks the next start.
fn check_can_write(paths: &DataPaths) -> Result<(), StoreError> {
    if std::fs::metadata(&paths.database).is_ok_and(|m| m.permissions().readonly()) {
        return Err(StoreError::ReadOnlyFile {
            path: paths.database.clone(),
        });
    }
    let probe = paths.root.join(".campaign-kit-write-check");
    match std::fs::File::create(&probe) {
        Ok(_) => {
            let _ = std::fs::remove_file(&probe);
            Ok(())
        }
        // A folder that exists but takes no new file is read-only to us, whichever way the
        // system says it (a read-only file system, or no permission).
        Err(e)
            if matches!(
                e.kind(),
                ErrorKind::ReadOnlyFilesystem | ErrorKind::PermissionDenied
            ) =>
        {
            Err(StoreError::ReadOnly {
                path: paths.root.clone(),
            })
        }
        Err(e) => Err(StoreError::from_io(e, &paths.root)),
    }
}

/// Opens a database file (the data, or a backup), encrypted with `key` or plain.
pub(crate) fn open_keyed(path: &Path, key: Option<&RecoveryKey>) -> Result<Connection, StoreError> {
    open_keyed_with(
        path,
        key,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE,
    )
}

pub(crate) fn open_keyed_with(
    path: &Path,
    key: Option<&RecoveryKey>,
    flags: OpenFlags,
) -> Result<Connection, StoreError> {
    let sqlite = |e| StoreError::from_sqlite(e, path);
    let conn = Connection::open_with_flags(path, flags | OpenFlags::SQLITE_OPEN_NO_MUTEX)
        .map_err(sqlite)?;
    // SQLCipher writes its own messages to the terminal when a key does not fit; we say what
    // happened in words of our own instead.
    conn.execute_batch("PRAGMA cipher_log_level = NONE")
        .map_err(sqlite)?;
    if let Some(key) = key {
        let value = key.data_key().sqlcipher_value();
        conn.execute_batch(&format!("PRAGMA key = \"{value}\""))
            .map_err(sqlite)?;
    }
    // Another process (the command line) may be writing: wait for it rather than failing.
    conn.busy_timeout(std::time::Duration::from_secs(10))
        .map_err(sqlite)?;
    Ok(conn)
}

fn set_durability_pragmas(conn: &Connection) -> rusqlite::Result<()> {
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        // WAL is refused on some network or FAT folders; the default journal is still safe.
        eprintln!("campaign-kit: journal mode is {mode}, not WAL, in this folder");
    }
    // A 64 MB page cache (SQLite's default is 2 MB): a petition of a million signatures has
    // indexes far bigger than 2 MB, and re-reading them from disk is what makes imports slow.
    // The memory is only taken as the data grows.
    conn.execute_batch(
        "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA cache_size = -65536;",
    )
}

/// The settings entry holding the day the file was last checked in full.
const CHECKED_ON_SETTING: &str = "store.checked_on";

/// Whether to check every page of the file on this open: after a program ended without
/// closing the data (the one time a half-written page can be left), before an upgrade, and
/// otherwise once a day, so damage from a failing disk or stick is found within a day and
/// before that day's backup. Not on every open: at a million signatures it takes most of a
/// second, which every start of the app and every command would wait for. Damage found later
/// by an ordinary query is reported the same way ([`StoreError::from_sqlite`]).
fn full_check_due(
    conn: &Connection,
    version: i64,
    unclean_end: bool,
    today: chrono::NaiveDate,
) -> bool {
    if unclean_end || version < LATEST_VERSION {
        return true;
    }
    // Unreadable counts as due: the check will say what is wrong.
    let checked_on = settings::get(conn, CHECKED_ON_SETTING).ok().flatten();
    checked_on.as_deref() != Some(today.to_string().as_str())
}

/// SQLite's quick structural check. `Err` holds what it found, for the damaged-file message.
pub(crate) fn quick_check(conn: &Connection) -> Result<(), String> {
    let result: rusqlite::Result<String> =
        conn.query_row("PRAGMA quick_check(1)", [], |r| r.get(0));
    match result {
        Ok(ok) if ok == "ok" => Ok(()),
        Ok(found) => Err(found),
        Err(e) => Err(e.to_string()),
    }
}

/// Replaces a damaged database with the newest usable backup, then opens it. The damaged file
/// is kept in `damaged/`. Call only while no other connection to the database is open.
pub fn restore_newest_backup(
    data_dir: &Path,
    key: Option<&RecoveryKey>,
) -> Result<(Store, backup::BackupFile), StoreError> {
    let now = Local::now();
    let paths = DataPaths::new(data_dir);
    let used = backup::restore_newest_backup(&paths, key, now)?;
    let (store, _) = Store::open_unlocked_at(data_dir, now, key)?;
    audit::record(store.conn(), "backup_restored", &used.name, now).map_err(|e| store.error(e))?;
    Ok((store, used))
}

/// How the data store is doing, for the app's start-up and its "Our group" page.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct StoreStatus {
    pub data_dir: String,
    /// `None` when the store is open and working.
    pub problem: Option<crate::problem::ProblemReport>,
    /// Whether a usable backup exists to restore from (offered when the file is damaged).
    pub can_restore: bool,
    pub backup_count: u32,
    /// When the newest backup was made ("27 November 2026, 10.20am"), if there is one.
    pub newest_backup: Option<String>,
    /// Whether the data is protected with a passphrase.
    pub protected: bool,
}

impl StoreStatus {
    /// Describes the data folder, with the problem (if any) met while opening it.
    pub fn describe(
        data_dir: &Path,
        problem: Option<&StoreError>,
        key: Option<&RecoveryKey>,
    ) -> StoreStatus {
        let paths = DataPaths::new(data_dir);
        let backups = backup::list_backups(&paths);
        // Checking backups costs a file open each; only worth it when a restore is on offer.
        let can_restore = problem.is_some_and(StoreError::can_be_restored)
            && backups.iter().any(|b| backup::is_usable(b, key));
        StoreStatus {
            data_dir: data_dir.display().to_string(),
            problem: problem.map(|p| crate::problem::ProblemReport::from_problem(p)),
            can_restore,
            backup_count: backups.len() as u32,
            newest_backup: backups.first().map(|b| b.made_when()),
            protected: protection::is_on(&paths.root),
        }
    }
}

/// What the app's "Restore" button does: restores the newest backup only if the database
/// really is damaged or lost. A healthy database is opened as it is, so a stray click (or a second
/// window) can never replace good data with an older copy.
pub fn recover_damaged(data_dir: &Path, key: Option<&RecoveryKey>) -> Result<Store, StoreError> {
    match Store::open_unlocked(data_dir, key) {
        Err(e) if e.can_be_restored() => {
            restore_newest_backup(data_dir, key).map(|(store, _)| store)
        }
        other => other,
    }
}
