//! The app's one piece of state: the data store, opened on first use (on a blocking thread,
//! never while the window is being drawn) and re-tried on every call until it opens.

use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard};

use campaign_kit_core::problem::ProblemReport;
use campaign_kit_core::startup;
use campaign_kit_core::store::{self, Store, StoreError, StoreStatus};

pub struct AppState {
    data_dir: PathBuf,
    store: Mutex<Option<Store>>,
}

impl AppState {
    pub fn new(data_dir: PathBuf) -> Self {
        AppState {
            data_dir,
            store: Mutex::new(None),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Option<Store>> {
        // A panic in another call must not lock the user out of their data for good.
        self.store
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn ensure_open<'a>(&self, slot: &'a mut Option<Store>) -> Result<&'a mut Store, StoreError> {
        if slot.is_none() {
            *slot = Some(startup::open(&self.data_dir)?);
        }
        // Just filled above, so this is always Some.
        slot.as_mut().ok_or(StoreError::Database {
            detail: "store not open".into(),
        })
    }

    /// Opens the store if need be and says how it is.
    pub fn status(&self) -> StoreStatus {
        let mut slot = self.lock();
        let problem = self.ensure_open(&mut slot).err();
        StoreStatus::describe(&self.data_dir, problem.as_ref())
    }

    /// Replaces a damaged database with the newest good backup (a healthy one is left alone).
    pub fn restore_backup(&self) -> StoreStatus {
        let mut slot = self.lock();
        *slot = None; // close the connection before the file is moved aside
        match store::recover_damaged(&self.data_dir) {
            Ok(store) => {
                *slot = Some(store);
                StoreStatus::describe(&self.data_dir, None)
            }
            Err(problem) => StoreStatus::describe(&self.data_dir, Some(&problem)),
        }
    }

    /// Runs `work` with the open store.
    pub fn with_store<T, E>(
        &self,
        work: impl FnOnce(&mut Store) -> Result<T, E>,
    ) -> Result<T, ProblemReport>
    where
        E: Into<ProblemReport>,
    {
        let mut slot = self.lock();
        let store = self.ensure_open(&mut slot).map_err(ProblemReport::from)?;
        work(store).map_err(Into::into)
    }
}
