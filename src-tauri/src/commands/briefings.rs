//! Briefing commands: each hands the call to campaign-kit-core on a blocking thread.

use std::path::PathBuf;
use std::sync::Arc;

use campaign_kit_core::bin::{self, BinItem};
use campaign_kit_core::briefings::glossary::GlossaryEntry;
use campaign_kit_core::briefings::kept_draft::{self, KeptDraft};
use campaign_kit_core::briefings::library::{
    self, BriefingSummary, ImportReport, Origin, SearchHit,
};
use campaign_kit_core::briefings::own::{self, ExportReport};
use campaign_kit_core::briefings::{Briefing, BriefingDraft};
use campaign_kit_core::problem::ProblemReport;
use tauri::State;
use tauri::ipc::Request;

use super::{Reply, blocking, header_text, raw_body};
use crate::state::AppState;

#[tauri::command]
pub async fn briefing_list(state: State<'_, Arc<AppState>>) -> Reply<Vec<BriefingSummary>> {
    blocking(&state, |s| s.with_store(|store| library::list(store))).await
}

#[tauri::command]
pub async fn briefing_get(
    state: State<'_, Arc<AppState>>,
    origin: Origin,
    id: String,
) -> Reply<Briefing> {
    blocking(&state, move |s| {
        s.with_store(|store| library::get(store, origin, &id))
    })
    .await
}

#[tauri::command]
pub async fn briefing_search(
    state: State<'_, Arc<AppState>>,
    query: String,
) -> Reply<Vec<SearchHit>> {
    blocking(&state, move |s| {
        s.with_store(|store| library::search(store, &query, 20))
    })
    .await
}

#[tauri::command]
pub async fn briefing_glossary(state: State<'_, Arc<AppState>>) -> Reply<Vec<GlossaryEntry>> {
    blocking(&state, |s| s.with_store(|store| library::glossary(store))).await
}

/// The file (a briefing or a pack) arrives as the raw body, its name (URI-encoded, as headers
/// are ASCII only) in the `x-file-name` header.
#[tauri::command]
pub async fn briefing_import(
    state: State<'_, Arc<AppState>>,
    request: Request<'_>,
) -> Reply<Vec<ImportReport>> {
    let data = raw_body(&request)?;
    let name = header_text(&request, "x-file-name").unwrap_or_else(|| "briefing.md".into());
    blocking(&state, move |s| {
        s.with_store(|store| own::import_file(store, &name, &data))
    })
    .await
}

#[tauri::command]
pub async fn briefing_delete(state: State<'_, Arc<AppState>>, id: String) -> Reply<BinItem> {
    blocking(&state, move |s| {
        s.with_store(|store| bin::briefing(store, &id))
    })
    .await
}

#[tauri::command]
pub async fn briefing_draft(
    state: State<'_, Arc<AppState>>,
    origin: Origin,
    id: String,
) -> Reply<BriefingDraft> {
    blocking(&state, move |s| {
        s.with_store(|store| own::draft(store, origin, &id))
    })
    .await
}

#[tauri::command]
pub async fn briefing_save(state: State<'_, Arc<AppState>>, draft: BriefingDraft) -> Reply<String> {
    blocking(&state, move |s| {
        s.with_store(|store| own::save_draft(store, &draft))
    })
    .await
}

/// The editor's preview: the draft as it would read (nothing is saved).
#[tauri::command]
pub async fn briefing_preview(
    state: State<'_, Arc<AppState>>,
    draft: BriefingDraft,
) -> Reply<Briefing> {
    blocking(&state, move |_| {
        draft.preview().map_err(ProblemReport::from)
    })
    .await
}

/// Keeps the editor's typing in the data file as it is typed (see `kept_draft`).
#[tauri::command]
pub async fn briefing_keep_draft(
    state: State<'_, Arc<AppState>>,
    draft: BriefingDraft,
) -> Reply<()> {
    blocking(&state, move |s| {
        s.with_store(|store| kept_draft::keep(store, &draft))
    })
    .await
}

#[tauri::command]
pub async fn briefing_kept_draft(
    state: State<'_, Arc<AppState>>,
    id: String,
) -> Reply<Option<KeptDraft>> {
    blocking(&state, move |s| {
        s.with_store(|store| kept_draft::kept(store, &id))
    })
    .await
}

#[tauri::command]
pub async fn briefing_forget_draft(state: State<'_, Arc<AppState>>, id: String) -> Reply<()> {
    blocking(&state, move |s| {
        s.with_store(|store| kept_draft::forget(store, &id))
    })
    .await
}

/// `path` is where the person chose in the save dialog.
#[tauri::command]
pub async fn briefing_export_pack(
    state: State<'_, Arc<AppState>>,
    path: PathBuf,
    ids: Vec<String>,
) -> Reply<ExportReport> {
    blocking(&state, move |s| {
        s.with_store(|store| {
            let (bytes, report) = own::export_pack(store, &ids)?;
            own::save_pack_file(&path, &bytes)?;
            Ok::<_, library::LibraryError>(report)
        })
    })
    .await
}
