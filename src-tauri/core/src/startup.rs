//! Opening the data folder the way the app and the command line both need it: the store,
//! migrated and backed up, with the bundled briefings brought in step with this version.

use std::path::Path;

use crate::briefings::library::{self, LibraryError};
use crate::protection::RecoveryKey;
use crate::store::{Store, StoreError};

/// Opens the data folder (with its recovery key, if it is protected).
pub fn open(data_dir: &Path, key: Option<&RecoveryKey>) -> Result<Store, StoreError> {
    let mut store = Store::open_unlocked(data_dir, key)?;
    library::sync_bundled(&mut store).map_err(|e| match e {
        LibraryError::Store(e) => e,
        other => StoreError::Database {
            detail: other.to_string(),
        },
    })?;
    // Things binned more than 30 days ago go for good. If that fails the data still opens:
    // the bin is emptied next time.
    let _ = crate::bin::empty_old(&mut store, chrono::Local::now().naive_local());
    Ok(store)
}
