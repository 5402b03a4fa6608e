//! The app's one piece of state: the data store, opened on a background thread as the app
//! starts (never while the window is being drawn) and re-tried on every call until it opens.

use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard};

use campaign_kit_core::petitions::PetitionError;
use campaign_kit_core::petitions::kiosk::{self, KioskView, PinGuard};
use campaign_kit_core::petitions::signatures::{self, NewSignature, Source};
use campaign_kit_core::petitions::signer::SignerInput;
use campaign_kit_core::petitions::sync_folder;
use campaign_kit_core::problem::ProblemReport;
use campaign_kit_core::protection::{self, ProtectionError, RecoveryKey, switch};
use campaign_kit_core::startup;
use campaign_kit_core::store::{self, Store, StoreError, StoreStatus};

pub struct AppState {
    data_dir: PathBuf,
    store: Mutex<Option<Store>>,
    /// The running kiosk, if any. Locked before the store whenever both are needed.
    kiosk: Mutex<Option<KioskSession>>,
    /// The recovery key once the passphrase has been typed, when the data is protected.
    key: Mutex<Option<RecoveryKey>>,
    /// Wrong passphrases typed since the last right one: each makes the next try wait longer.
    wrong_tries: Mutex<u32>,
}

/// A kiosk at a stall: which petition it collects for, and the wrong-PIN counter.
struct KioskSession {
    petition_id: i64,
    stall_id: Option<i64>,
    guard: PinGuard,
}

impl AppState {
    pub fn new(data_dir: PathBuf) -> Self {
        AppState {
            data_dir,
            store: Mutex::new(None),
            kiosk: Mutex::new(None),
            key: Mutex::new(None),
            wrong_tries: Mutex::new(0),
        }
    }

    fn key(&self) -> Option<RecoveryKey> {
        self.key
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }

    fn set_key(&self, key: Option<RecoveryKey>) {
        *self.key.lock().unwrap_or_else(|p| p.into_inner()) = key;
    }

    fn lock(&self) -> MutexGuard<'_, Option<Store>> {
        // A panic in another call must not lock the user out of their data for good.
        self.store
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn ensure_open<'a>(&self, slot: &'a mut Option<Store>) -> Result<&'a mut Store, StoreError> {
        if slot.is_none() {
            *slot = Some(startup::open(&self.data_dir, self.key().as_ref())?);
        }
        // Just filled above, so this is always Some.
        slot.as_mut().ok_or(StoreError::Database {
            detail: "store not open".into(),
        })
    }

    /// Closes the data as the app ends (see `run` in lib.rs).
    pub fn close_store(&self) {
        drop(self.lock().take());
    }

    /// Opens the data while the window is still starting (WebKit takes some 300 ms before the
    /// page asks), so the first screen does not wait for it. A problem (locked, damaged) is
    /// left for [`AppState::status`] to meet again and report.
    pub fn open_ahead(&self) {
        let mut slot = self.lock();
        let _ = self.ensure_open(&mut slot);
    }

    /// Opens the store if need be and says how it is.
    pub fn status(&self) -> StoreStatus {
        let mut slot = self.lock();
        let problem = self.ensure_open(&mut slot).err();
        StoreStatus::describe(&self.data_dir, problem.as_ref(), self.key().as_ref())
    }

    /// Opens protected data with the passphrase or recovery key typed at start-up. A wrong
    /// one makes the next try wait a little longer (never a limit: that could lock a group
    /// out of its own data).
    pub fn unlock(&self, typed: &str) -> Result<StoreStatus, ProblemReport> {
        let tries = *self.wrong_tries.lock().unwrap_or_else(|p| p.into_inner());
        std::thread::sleep(std::time::Duration::from_secs(u64::from(tries.min(10))));
        match protection::unlock(&self.data_dir, typed) {
            Ok(key) => {
                *self.wrong_tries.lock().unwrap_or_else(|p| p.into_inner()) = 0;
                self.set_key(Some(key));
                Ok(self.status())
            }
            Err(e) => {
                if matches!(e, ProtectionError::WrongSecret) {
                    *self.wrong_tries.lock().unwrap_or_else(|p| p.into_inner()) += 1;
                }
                Err(e.into())
            }
        }
    }

    /// One round of sharing through the synced folder, if it is set up and the data is open
    /// (a locked laptop waits for its passphrase). Run by the background thread in `lib.rs`.
    pub fn sync_round(&self) {
        let mut slot = self.lock();
        let Some(store) = slot.as_mut() else {
            return;
        };
        if let Err(problem) = sync_folder::run_round(store) {
            // Shown on the petitions page at the next look; the data here is safe either way.
            eprintln!("campaign-kit: sharing through the folder: {problem}");
        }
    }

    /// Turns protection on, saving the recovery sheet at `sheet`.
    pub fn protect(
        &self,
        passphrase: &str,
        confirm: &str,
        sheet: &std::path::Path,
    ) -> Result<(), ProblemReport> {
        let mut slot = self.lock();
        self.ensure_open(&mut slot).map_err(ProblemReport::from)?;
        let store = slot
            .take()
            .ok_or_else(|| ProblemReport::internal("store not open"))?;
        let (store, key) = switch::protect(store, passphrase, confirm, sheet)?;
        self.set_key(Some(key));
        *slot = Some(store);
        Ok(())
    }

    /// Changes the passphrase; `typed` is the one in use now (or the recovery key).
    pub fn change_passphrase(
        &self,
        typed: &str,
        passphrase: &str,
        confirm: &str,
    ) -> Result<(), ProblemReport> {
        let _slot = self.lock(); // one change at a time
        switch::check_new_passphrase(passphrase, confirm, &[])?;
        switch::change_passphrase(&self.data_dir, typed, passphrase)?;
        Ok(())
    }

    /// Turns protection off, after the passphrase (or recovery key) is typed again.
    pub fn unprotect(&self, typed: &str) -> Result<(), ProblemReport> {
        let mut slot = self.lock();
        self.ensure_open(&mut slot).map_err(ProblemReport::from)?;
        let store = slot
            .take()
            .ok_or_else(|| ProblemReport::internal("store not open"))?;
        let store = switch::turn_off(store, typed)?;
        self.set_key(None);
        *slot = Some(store);
        Ok(())
    }

    /// Replaces a damaged database with the newest good backup (a healthy one is left alone).
    pub fn restore_backup(&self) -> StoreStatus {
        let mut slot = self.lock();
        *slot = None; // close the connection before the file is moved aside
        let key = self.key();
        match store::recover_damaged(&self.data_dir, key.as_ref()) {
            Ok(store) => {
                *slot = Some(store);
                StoreStatus::describe(&self.data_dir, None, key.as_ref())
            }
            Err(problem) => StoreStatus::describe(&self.data_dir, Some(&problem), key.as_ref()),
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

    fn kiosk_slot(&self) -> MutexGuard<'_, Option<KioskSession>> {
        self.kiosk
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub fn kiosk_running(&self) -> bool {
        self.kiosk_slot().is_some()
    }

    pub fn start_kiosk(
        &self,
        petition_id: i64,
        stall_id: Option<i64>,
    ) -> Result<KioskView, ProblemReport> {
        let mut slot = self.kiosk_slot();
        if slot.is_some() {
            return Err(PetitionError::NotReady("The kiosk is already running.".into()).into());
        }
        let view = self.with_store(|store| {
            if !kiosk::has_pin(store.conn())? {
                return Err(PetitionError::Pin(
                    "Set an organiser's PIN first: it is needed to leave the kiosk.".into(),
                ));
            }
            kiosk::view(store.conn(), petition_id, stall_id)
        })?;
        *slot = Some(KioskSession {
            petition_id,
            stall_id,
            guard: PinGuard::default(),
        });
        Ok(view)
    }

    pub fn kiosk_view(&self) -> Result<Option<KioskView>, ProblemReport> {
        let slot = self.kiosk_slot();
        let Some(session) = slot.as_ref() else {
            return Ok(None);
        };
        let (petition, stall) = (session.petition_id, session.stall_id);
        self.with_store(|store| kiosk::view(store.conn(), petition, stall).map(Some))
    }

    /// Saves one kiosk signature (durably, before returning) and says nothing about it.
    pub fn kiosk_sign(&self, signer: SignerInput) -> Result<(), ProblemReport> {
        let slot = self.kiosk_slot();
        let Some(session) = slot.as_ref() else {
            return Err(PetitionError::NotReady("The kiosk is not running.".into()).into());
        };
        let new = NewSignature {
            signer,
            stall_id: session.stall_id,
            source: Source::Kiosk,
        };
        let petition = session.petition_id;
        self.with_store(|store| signatures::add(store, petition, &new).map(|_| ()))
    }

    /// Leaves the kiosk if `pin` is the organiser's.
    pub fn leave_kiosk(&self, pin: &str) -> Result<(), ProblemReport> {
        let mut slot = self.kiosk_slot();
        let Some(session) = slot.as_mut() else {
            return Ok(());
        };
        self.with_store(|store| session.guard.try_pin(store.conn(), pin))?;
        *slot = None;
        Ok(())
    }
}
