//! The commands the UI calls. Each one only moves the call onto a blocking thread and hands
//! it to campaign-kit-core; the rules are all there.

use std::sync::Arc;

use base64::Engine;
use campaign_kit_core::bin::{self, BinItem};
use campaign_kit_core::display::{self, Display};
use campaign_kit_core::group::{self, GroupDetails, GroupProfile};
use campaign_kit_core::problem::ProblemReport;
use campaign_kit_core::store::StoreStatus;
use tauri::State;
use tauri::ipc::{InvokeBody, Request};

use crate::state::AppState;

pub mod briefings;
pub mod leaflets;
pub mod paperwork;
pub mod petitions;
pub mod present;
pub mod protection;

pub(crate) type Reply<T> = Result<T, ProblemReport>;

/// Runs blocking work (SQLite, image decoding) off the async runtime and the UI thread.
pub(crate) async fn blocking<T: Send + 'static>(
    state: &State<'_, Arc<AppState>>,
    work: impl FnOnce(&AppState) -> Reply<T> + Send + 'static,
) -> Reply<T> {
    let state = Arc::clone(state.inner());
    tauri::async_runtime::spawn_blocking(move || work(&state))
        .await
        .map_err(|e| ProblemReport::internal(&e.to_string()))?
}

#[tauri::command]
pub async fn app_status(state: State<'_, Arc<AppState>>) -> Reply<StoreStatus> {
    blocking(&state, |s| Ok(s.status())).await
}

#[tauri::command]
pub async fn restore_backup(state: State<'_, Arc<AppState>>) -> Reply<StoreStatus> {
    blocking(&state, |s| Ok(s.restore_backup())).await
}

#[tauri::command]
pub async fn group_get(state: State<'_, Arc<AppState>>) -> Reply<GroupProfile> {
    blocking(&state, |s| s.with_store(|store| group::load(store))).await
}

#[tauri::command]
pub async fn group_save(
    state: State<'_, Arc<AppState>>,
    details: GroupDetails,
) -> Reply<GroupProfile> {
    blocking(&state, move |s| {
        s.with_store(|store| group::save(store, &details))
    })
    .await
}

/// A file sent by the UI as the raw request body (not a JSON array of numbers).
pub(crate) fn raw_body(request: &Request<'_>) -> Reply<Vec<u8>> {
    match request.body() {
        InvokeBody::Raw(data) => Ok(data.clone()),
        InvokeBody::Json(_) => Err(ProblemReport::internal("the file did not arrive")),
    }
}

/// A header sent beside a raw body, with the text the UI put in it. Headers carry ASCII
/// only, so the UI percent-encodes anything else (a file name in Welsh, say); this decodes it.
pub(crate) fn header_text(request: &Request<'_>, name: &str) -> Option<String> {
    let value = request.headers().get(name)?.to_str().ok()?;
    Some(
        percent_encoding::percent_decode_str(value)
            .decode_utf8_lossy()
            .into_owned(),
    )
}

/// A header that holds a number, such as the id of the petition a file is for.
pub(crate) fn header_number(request: &Request<'_>, name: &str) -> Option<i64> {
    header_text(request, name)?.parse().ok()
}

#[tauri::command]
pub async fn group_set_logo(
    state: State<'_, Arc<AppState>>,
    request: Request<'_>,
) -> Reply<GroupProfile> {
    let data = raw_body(&request)?;
    blocking(&state, move |s| {
        s.with_store(|store| group::save_logo(store, data))
    })
    .await
}

#[tauri::command]
pub async fn group_remove_logo(state: State<'_, Arc<AppState>>) -> Reply<BinItem> {
    blocking(&state, |s| s.with_store(bin::logo)).await
}

/// Text size and contrast for every screen, as last chosen on this data.
#[tauri::command]
pub async fn display_get(state: State<'_, Arc<AppState>>) -> Reply<Display> {
    blocking(&state, |s| s.with_store(|store| display::load(store))).await
}

#[tauri::command]
pub async fn display_set(state: State<'_, Arc<AppState>>, display: Display) -> Reply<Display> {
    blocking(&state, move |s| {
        s.with_store(|store| display::save(store, &display))
    })
    .await
}

/// What is in the bin, most recent first.
#[tauri::command]
pub async fn bin_list(state: State<'_, Arc<AppState>>) -> Reply<Vec<BinItem>> {
    blocking(&state, |s| s.with_store(|store| bin::list(store))).await
}

/// Puts something back from the bin ("Undo" after removing it, or from the bin's list).
#[tauri::command]
pub async fn bin_put_back(state: State<'_, Arc<AppState>>, id: i64) -> Reply<BinItem> {
    blocking(&state, move |s| {
        s.with_store(|store| bin::put_back(store, id))
    })
    .await
}

/// The logo as a `data:` URL for an `<img>`, or nothing when no logo is set.
#[tauri::command]
pub async fn group_logo(state: State<'_, Arc<AppState>>) -> Reply<Option<String>> {
    blocking(&state, |s| {
        s.with_store(|store| {
            let logo = group::load_logo(store)?;
            Ok::<_, group::GroupError>(logo.map(|(mime, data)| {
                format!(
                    "data:{mime};base64,{}",
                    base64::engine::general_purpose::STANDARD.encode(data)
                )
            }))
        })
    })
    .await
}
