//! Protecting this laptop's data with a passphrase: the start-up unlock and the controls on
//! Our group. Each moves the call onto a blocking thread (scrypt and re-encrypting the data
//! take time) and hands it to campaign-kit-core's `protection`.

use std::path::PathBuf;
use std::sync::Arc;

use campaign_kit_core::protection::strength::{self, Strength};
use campaign_kit_core::store::StoreStatus;
use tauri::State;

use super::{Reply, blocking};
use crate::state::AppState;

/// How easy the passphrase being typed is to guess, in words, for the meter under the box.
#[tauri::command]
pub async fn protection_strength(
    state: State<'_, Arc<AppState>>,
    passphrase: String,
) -> Reply<Strength> {
    blocking(&state, move |_| Ok(strength::rate(&passphrase, &[]))).await
}

/// Opens protected data with the passphrase or the recovery key typed at start-up.
#[tauri::command]
pub async fn protection_unlock(
    state: State<'_, Arc<AppState>>,
    secret: String,
) -> Reply<StoreStatus> {
    blocking(&state, move |s| s.unlock(&secret)).await
}

/// Turns protection on; the recovery sheet is saved at `sheet` first.
#[tauri::command]
pub async fn protection_turn_on(
    state: State<'_, Arc<AppState>>,
    passphrase: String,
    confirm: String,
    sheet: PathBuf,
) -> Reply<()> {
    blocking(&state, move |s| s.protect(&passphrase, &confirm, &sheet)).await
}

/// Changes the passphrase (`secret` is the current one, or the recovery key).
#[tauri::command]
pub async fn protection_change(
    state: State<'_, Arc<AppState>>,
    secret: String,
    passphrase: String,
    confirm: String,
) -> Reply<()> {
    blocking(&state, move |s| {
        s.change_passphrase(&secret, &passphrase, &confirm)
    })
    .await
}

/// Turns protection off after the passphrase (or the recovery key) is typed again.
#[tauri::command]
pub async fn protection_turn_off(state: State<'_, Arc<AppState>>, secret: String) -> Reply<()> {
    blocking(&state, move |s| s.unprotect(&secret)).await
}
