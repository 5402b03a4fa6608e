//! What can go wrong with the data store, in words a volunteer can act on.

use std::path::PathBuf;

use crate::problem::Problem;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "This data was saved by a newer version of Campaign Kit (data version {found}; this \
         version understands up to {supported}). Please install the newer Campaign Kit to open \
         it. Nothing has been changed."
    )]
    NewerVersion { found: i64, supported: i64 },

    #[error(
        "Campaign Kit's data file is damaged and cannot be read. You can restore the newest \
         backup copy; the damaged file will be kept aside, not deleted."
    )]
    Corrupt { path: PathBuf, detail: String },

    #[error(
        "Campaign Kit's data file is missing or empty, but this folder has backup copies, the \
         newest made {newest_backup}. Restore it to get your data back; nothing else has been \
         changed. (Folder: {folder})"
    )]
    Missing {
        folder: PathBuf,
        newest_backup: String,
    },

    #[error(
        "Campaign Kit cannot save in its data folder because it is read-only (for example a \
         locked USB stick). Nothing has been changed. Choose a folder you can write to, or \
         unlock the stick. (Folder: {path})"
    )]
    ReadOnly { path: PathBuf },

    #[error(
        "Campaign Kit's data file is marked read-only, so nothing could be saved. Nothing has \
         been changed. Make it writable again (on Windows: right-click it, Properties, untick \
         Read-only), then start Campaign Kit again. (File: {path})"
    )]
    ReadOnlyFile { path: PathBuf },

    #[error(
        "The disk is full, so this was not saved. Nothing already saved has been lost. Free \
         some space (empty the wastebasket, remove old downloads) and try again."
    )]
    DiskFull,

    #[error(
        "Campaign Kit cannot use its data folder: {reason}. Nothing has been changed. \
         (Folder: {path})"
    )]
    Folder { path: PathBuf, reason: String },

    #[error(
        "This laptop's Campaign Kit data is protected. Type the passphrase (or the recovery \
         key from the recovery sheet) to open it."
    )]
    Locked,

    #[error("There is no backup copy to restore from yet. Backups are made once a day.")]
    NoBackup,

    #[error(
        "Something went wrong while saving or reading data ({detail}). Nothing already saved \
         has been lost. Please try again."
    )]
    Database { detail: String },
}

impl Problem for StoreError {
    fn code(&self) -> &'static str {
        match self {
            StoreError::NewerVersion { .. } => "store_newer_version",
            StoreError::Corrupt { .. } => "store_corrupt",
            StoreError::Missing { .. } => "store_missing",
            StoreError::ReadOnly { .. } => "store_read_only",
            StoreError::ReadOnlyFile { .. } => "store_read_only_file",
            StoreError::DiskFull => "store_disk_full",
            StoreError::Folder { .. } => "store_folder",
            StoreError::Locked => "store_locked",
            StoreError::NoBackup => "store_no_backup",
            StoreError::Database { .. } => "store_database",
        }
    }
}

impl StoreError {
    /// Whether restoring a backup is the way out: the data file is damaged, or gone while its
    /// backups are still there.
    pub fn can_be_restored(&self) -> bool {
        matches!(
            self,
            StoreError::Corrupt { .. } | StoreError::Missing { .. }
        )
    }

    /// Sorts a SQLite error into the cases a user can do something about. `path` is the file
    /// or folder the error concerns, named in the message so a helper can find it.
    pub fn from_sqlite(err: rusqlite::Error, path: &std::path::Path) -> StoreError {
        use rusqlite::ErrorCode as C;
        match err.sqlite_error_code() {
            Some(C::DatabaseCorrupt | C::NotADatabase) => StoreError::Corrupt {
                path: path.to_path_buf(),
                detail: err.to_string(),
            },
            Some(C::ReadOnly) => StoreError::ReadOnly {
                path: folder_of(path),
            },
            Some(C::DiskFull) => StoreError::DiskFull,
            Some(C::CannotOpen | C::PermissionDenied) => StoreError::Folder {
                path: folder_of(path),
                reason: "the data file could not be opened (check the folder exists and that \
                         you are allowed to use it)"
                    .into(),
            },
            _ => StoreError::Database {
                detail: err.to_string(),
            },
        }
    }

    /// Sorts a file-system error the same way.
    pub fn from_io(err: std::io::Error, path: &std::path::Path) -> StoreError {
        use std::io::ErrorKind as K;
        match err.kind() {
            K::ReadOnlyFilesystem => StoreError::ReadOnly {
                path: path.to_path_buf(),
            },
            K::StorageFull => StoreError::DiskFull,
            K::PermissionDenied => StoreError::Folder {
                path: path.to_path_buf(),
                reason: "you are not allowed to write there".into(),
            },
            _ => StoreError::Folder {
                path: path.to_path_buf(),
                reason: err.to_string(),
            },
        }
    }
}

/// A problem met while finishing a switch of protection at start-up, in the store's terms.
impl From<crate::protection::ProtectionError> for StoreError {
    fn from(err: crate::protection::ProtectionError) -> StoreError {
        match err {
            crate::protection::ProtectionError::Store(e) => e,
            other => StoreError::Database {
                detail: other.to_string(),
            },
        }
    }
}

fn folder_of(path: &std::path::Path) -> PathBuf {
    if path.is_dir() {
        return path.to_path_buf();
    }
    path.parent().map(|p| p.to_path_buf()).unwrap_or_default()
}
