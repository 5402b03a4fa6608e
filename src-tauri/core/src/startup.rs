//! Opening the data folder the way the app and the command line both need it: the store,
//! migrated and backed up, with the bundled briefings brought in step with this version.

use std::path::Path;

use crate::briefings::library::{self, LibraryError};
use crate::store::{Store, StoreError};

pub fn open(data_dir: &Path) -> Result<Store, StoreError> {
    let mut store = Store::open(data_dir)?;
    library::sync_bundled(&mut store).map_err(|e| match e {
        LibraryError::Store(e) => e,
        other => StoreError::Database {
            detail: other.to_string(),
        },
    })?;
    Ok(store)
}
