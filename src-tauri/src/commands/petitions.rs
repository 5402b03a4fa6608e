//! Petition commands. Each moves the call onto a blocking thread and hands it to
//! campaign-kit-core's `petitions`; the rules are all there.
//!
//! While the kiosk is running, every command but the kiosk's own is refused before it gets
//! here, by the gate in `kiosk_gate.rs`.

use std::path::PathBuf;
use std::sync::Arc;

use campaign_kit_core::bin::{self, BinItem};
use campaign_kit_core::petitions::bundle::{self, MergeOutcome};
use campaign_kit_core::petitions::csv_in::{self, ColumnMapping, CsvPreview, ImportOutcome};
use campaign_kit_core::petitions::csv_out::{self, ExportKind};
use campaign_kit_core::petitions::hand_in::{self, SignerList};
use campaign_kit_core::petitions::kiosk::{self, KioskOptions, KioskView};
use campaign_kit_core::petitions::notice::{self, Notice};
use campaign_kit_core::petitions::personal_data::{
    self, PersonMatch, PersonQuery, RetentionReminder,
};
use campaign_kit_core::petitions::petition::{
    self, Petition, PetitionDraft, PetitionSummary, Status,
};
use campaign_kit_core::petitions::postcode::{self, PostcodeCheck};
use campaign_kit_core::petitions::progress::{self, Progress};
use campaign_kit_core::petitions::sheets::{self, SheetBatch, SheetStatus, SheetSummary};
use campaign_kit_core::petitions::signatures::{
    self, Added, ListFilter, NewSignature, Review, Signature, SignaturePage, Source,
};
use campaign_kit_core::petitions::signer::SignerInput;
use campaign_kit_core::petitions::stalls::{self, Stall, StallDraft};
use campaign_kit_core::petitions::sync_folder::{self, SyncStatus};
use campaign_kit_core::petitions::{PetitionError, paper_sheets};
use campaign_kit_core::problem::ProblemReport;
use tauri::ipc::Request;
use tauri::{AppHandle, Emitter, Manager, State};

use super::{Reply, blocking, header_number, header_text, raw_body};
use crate::state::AppState;

/// Runs `work` with the store (the kiosk gate in `lib.rs` has already refused it if the
/// kiosk is running).
async fn organiser<T: Send + 'static>(
    state: &State<'_, Arc<AppState>>,
    work: impl FnOnce(&mut campaign_kit_core::store::Store) -> Result<T, PetitionError> + Send + 'static,
) -> Reply<T> {
    blocking(state, move |s| s.with_store(work)).await
}

#[tauri::command]
pub async fn petition_list(state: State<'_, Arc<AppState>>) -> Reply<Vec<PetitionSummary>> {
    organiser(&state, |store| petition::summaries(store.conn())).await
}

/// Checks a postcode as it is typed (nothing is stored), to offer the O/0 fix at once.
#[tauri::command]
pub fn postcode_check(text: String) -> PostcodeCheck {
    postcode::check(&text)
}

#[tauri::command]
pub fn petition_new_draft() -> PetitionDraft {
    PetitionDraft::default()
}

#[tauri::command]
pub async fn petition_create(
    state: State<'_, Arc<AppState>>,
    draft: PetitionDraft,
) -> Reply<Petition> {
    organiser(&state, move |store| petition::create(store, &draft)).await
}

#[tauri::command]
pub async fn petition_update(
    state: State<'_, Arc<AppState>>,
    id: i64,
    draft: PetitionDraft,
) -> Reply<Petition> {
    organiser(&state, move |store| petition::update(store, id, &draft)).await
}

#[tauri::command]
pub async fn petition_get(state: State<'_, Arc<AppState>>, id: i64) -> Reply<Petition> {
    organiser(&state, move |store| petition::get(store.conn(), id)).await
}

#[tauri::command]
pub async fn petition_delete(state: State<'_, Arc<AppState>>, id: i64) -> Reply<BinItem> {
    // The kiosk gate has already refused this while the kiosk runs.
    blocking(&state, move |s| {
        s.with_store(|store| bin::petition(store, id))
    })
    .await
}

#[tauri::command]
pub async fn petition_notice(state: State<'_, Arc<AppState>>, id: i64) -> Reply<Notice> {
    organiser(&state, move |store| notice::current(store.conn(), id)).await
}

#[tauri::command]
pub async fn petition_save_notice(
    state: State<'_, Arc<AppState>>,
    id: i64,
    text: String,
) -> Reply<Notice> {
    organiser(&state, move |store| petition::save_notice(store, id, &text)).await
}

#[tauri::command]
pub async fn petition_set_status(
    state: State<'_, Arc<AppState>>,
    id: i64,
    status: Status,
    handed_in_on: Option<String>,
) -> Reply<Petition> {
    organiser(&state, move |store| {
        petition::set_status(store, id, status, handed_in_on.as_deref())
    })
    .await
}

#[tauri::command]
pub async fn petition_progress(state: State<'_, Arc<AppState>>, id: i64) -> Reply<Progress> {
    organiser(&state, move |store| progress::progress(store.conn(), id)).await
}

#[tauri::command]
pub async fn stall_list(state: State<'_, Arc<AppState>>, petition: i64) -> Reply<Vec<Stall>> {
    organiser(&state, move |store| stalls::list(store.conn(), petition)).await
}

#[tauri::command]
pub async fn stall_add(
    state: State<'_, Arc<AppState>>,
    petition: i64,
    draft: StallDraft,
) -> Reply<Stall> {
    organiser(&state, move |store| {
        stalls::add(store.conn(), petition, &draft)
    })
    .await
}

/// A signature typed in by an organiser or from a paper sheet (the kiosk has its own).
#[tauri::command]
pub async fn signature_add(
    state: State<'_, Arc<AppState>>,
    petition: i64,
    signature: NewSignature,
) -> Reply<Added> {
    if signature.source == Source::Kiosk {
        return Err(ProblemReport::internal(
            "kiosk signatures come through the kiosk",
        ));
    }
    organiser(&state, move |store| {
        signatures::add(store, petition, &signature)
    })
    .await
}

#[tauri::command]
pub async fn signature_list(
    state: State<'_, Arc<AppState>>,
    petition: i64,
    filter: ListFilter,
) -> Reply<SignaturePage> {
    organiser(&state, move |store| {
        signatures::list(store.conn(), petition, &filter)
    })
    .await
}

#[tauri::command]
pub async fn signature_correct(
    state: State<'_, Arc<AppState>>,
    id: i64,
    signer: SignerInput,
) -> Reply<Signature> {
    organiser(&state, move |store| signatures::correct(store, id, &signer)).await
}

#[tauri::command]
pub async fn signature_review(
    state: State<'_, Arc<AppState>>,
    id: i64,
    review: Review,
) -> Reply<Signature> {
    organiser(&state, move |store| signatures::review(store, id, review)).await
}

/// Numbers `count` new sheets and saves their PDF at `path`.
#[tauri::command]
pub async fn sheets_print(
    state: State<'_, Arc<AppState>>,
    petition: i64,
    count: u32,
    path: PathBuf,
) -> Reply<SheetBatch> {
    organiser(&state, move |store| {
        let (batch, pdf) = paper_sheets::print(store.conn(), petition, count)?;
        campaign_kit_core::files::write_whole(&path, &pdf).map_err(|reason| {
            PetitionError::File {
                message: format!("The sheets were not saved: {reason}."),
            }
        })?;
        Ok(batch)
    })
    .await
}

#[tauri::command]
pub async fn sheet_list(
    state: State<'_, Arc<AppState>>,
    petition: i64,
) -> Reply<Vec<SheetSummary>> {
    organiser(&state, move |store| sheets::list(store.conn(), petition)).await
}

#[tauri::command]
pub async fn sheet_summary(
    state: State<'_, Arc<AppState>>,
    petition: i64,
    sheet: u32,
) -> Reply<SheetSummary> {
    organiser(&state, move |store| {
        sheets::summary(store.conn(), petition, sheet)
    })
    .await
}

#[tauri::command]
pub async fn sheet_set_status(
    state: State<'_, Arc<AppState>>,
    petition: i64,
    sheet: u32,
    status: SheetStatus,
    lines_on_paper: Option<u32>,
) -> Reply<SheetSummary> {
    organiser(&state, move |store| {
        sheets::set_status(store.conn(), petition, sheet, status, lines_on_paper)
    })
    .await
}

/// The CSV file arrives as the raw body; the petition in `x-petition-id`.
#[tauri::command]
pub async fn petition_csv_preview(
    state: State<'_, Arc<AppState>>,
    request: Request<'_>,
) -> Reply<CsvPreview> {
    let data = raw_body(&request)?;
    let petition = header_number(&request, "x-petition-id").unwrap_or(-1);
    organiser(&state, move |store| {
        let fields = petition::get(store.conn(), petition)?.draft.fields;
        csv_in::preview(&csv_in::decode(&data)?, fields)
    })
    .await
}

/// The event a CSV import's progress is sent as (an `ImportProgress`).
const CSV_IMPORT_PROGRESS: &str = "csv-import-progress";

/// The same file again, with the mapping the organiser confirmed in `x-mapping` (JSON) and
/// the stall, if any, in `x-stall-id`.
#[tauri::command]
pub async fn petition_csv_import(
    app: AppHandle,
    state: State<'_, Arc<AppState>>,
    request: Request<'_>,
) -> Reply<ImportOutcome> {
    let data = raw_body(&request)?;
    let petition = header_number(&request, "x-petition-id").unwrap_or(-1);
    let stall = header_number(&request, "x-stall-id");
    let mapping: ColumnMapping = header_text(&request, "x-mapping")
        .and_then(|v| serde_json::from_str(&v).ok())
        .ok_or_else(|| ProblemReport::internal("the column choices did not arrive"))?;
    organiser(&state, move |store| {
        let file = csv_in::decode(&data)?;
        // The window draws a progress bar from these (a big file takes seconds).
        let mut tell = |progress| {
            let _ = app.emit(CSV_IMPORT_PROGRESS, progress);
        };
        csv_in::import_telling(store, petition, &file, &mapping, stall, &mut tell)
    })
    .await
}

#[tauri::command]
pub async fn petition_csv_export(
    state: State<'_, Arc<AppState>>,
    petition: i64,
    kind: ExportKind,
    path: PathBuf,
) -> Reply<u64> {
    organiser(&state, move |store| {
        csv_out::save(store.conn(), petition, kind, &path)
    })
    .await
}

/// Saves the hand-in pack (letter, count certificate, list of signers) at `path`.
#[tauri::command]
pub async fn petition_hand_in_pack(
    state: State<'_, Arc<AppState>>,
    petition: i64,
    list: SignerList,
    path: PathBuf,
) -> Reply<()> {
    organiser(&state, move |store| {
        hand_in::save(store, petition, list, &path)
    })
    .await
}

#[tauri::command]
pub async fn petition_bundle_save(
    state: State<'_, Arc<AppState>>,
    petition: i64,
    path: PathBuf,
    passphrase: Option<String>,
) -> Reply<u32> {
    organiser(&state, move |store| {
        bundle::save(store.conn(), petition, &path, passphrase.as_deref())
    })
    .await
}

/// How sharing through a synced folder stands: the folder, and the other laptops heard from.
#[tauri::command]
pub async fn sync_status(state: State<'_, Arc<AppState>>) -> Reply<SyncStatus> {
    organiser(&state, |store| sync_folder::status(store.conn())).await
}

/// Starts sharing petitions through `folder`, then shares at once.
#[tauri::command]
pub async fn sync_set_up(
    state: State<'_, Arc<AppState>>,
    folder: PathBuf,
    passphrase: String,
    confirm: String,
    laptop_name: String,
) -> Reply<SyncStatus> {
    blocking(&state, move |s| {
        campaign_kit_core::protection::switch::check_new_passphrase(&passphrase, &confirm, &[])?;
        s.with_store(|store| {
            sync_folder::set_up(store, &folder, &passphrase, &laptop_name)?;
            sync_folder::run_round(store)?;
            sync_folder::status(store.conn())
        })
    })
    .await
}

#[tauri::command]
pub async fn sync_stop(state: State<'_, Arc<AppState>>) -> Reply<SyncStatus> {
    organiser(&state, |store| {
        sync_folder::stop(store)?;
        sync_folder::status(store.conn())
    })
    .await
}

/// Shares now, without waiting for the next round (the "Share now" button).
#[tauri::command]
pub async fn sync_now(state: State<'_, Arc<AppState>>) -> Reply<SyncStatus> {
    organiser(&state, |store| {
        sync_folder::run_round(store)?;
        sync_folder::status(store.conn())
    })
    .await
}

/// Checks the passphrase for a new bundle before the save dialog opens: safe enough, and
/// typed the same twice.
#[tauri::command]
pub async fn petition_bundle_check_passphrase(
    state: State<'_, Arc<AppState>>,
    passphrase: String,
    confirm: String,
) -> Reply<()> {
    blocking(&state, move |_| {
        campaign_kit_core::protection::switch::check_new_passphrase(&passphrase, &confirm, &[])
            .map_err(|e| e.into())
    })
    .await
}

#[tauri::command]
pub async fn petition_bundle_merge(
    state: State<'_, Arc<AppState>>,
    request: Request<'_>,
) -> Reply<MergeOutcome> {
    let data = raw_body(&request)?;
    let passphrase = header_text(&request, "bundle-passphrase").filter(|p| !p.is_empty());
    organiser(&state, move |store| {
        bundle::merge(store, &bundle::open(&data, passphrase.as_deref())?)
    })
    .await
}

#[tauri::command]
pub async fn person_find(
    state: State<'_, Arc<AppState>>,
    query: PersonQuery,
) -> Reply<Vec<PersonMatch>> {
    organiser(&state, move |store| {
        personal_data::find(store.conn(), &query)
    })
    .await
}

#[tauri::command]
pub async fn person_export(
    state: State<'_, Arc<AppState>>,
    ids: Vec<i64>,
    path: PathBuf,
) -> Reply<u32> {
    organiser(&state, move |store| {
        personal_data::subject_access(store, &ids, &path)
    })
    .await
}

#[tauri::command]
pub async fn person_erase(state: State<'_, Arc<AppState>>, ids: Vec<i64>) -> Reply<u32> {
    organiser(&state, move |store| personal_data::erase(store, &ids)).await
}

#[tauri::command]
pub async fn petition_erase_personal_data(state: State<'_, Arc<AppState>>, id: i64) -> Reply<u32> {
    organiser(&state, move |store| {
        personal_data::erase_after_hand_in(store, id)
    })
    .await
}

#[tauri::command]
pub async fn retention_reminders(state: State<'_, Arc<AppState>>) -> Reply<Vec<RetentionReminder>> {
    organiser(&state, |store| personal_data::reminders_today(store.conn())).await
}

#[tauri::command]
pub async fn kiosk_has_pin(state: State<'_, Arc<AppState>>) -> Reply<bool> {
    organiser(&state, |store| kiosk::has_pin(store.conn())).await
}

#[tauri::command]
pub async fn kiosk_set_pin(state: State<'_, Arc<AppState>>, pin: String) -> Reply<()> {
    organiser(&state, move |store| kiosk::set_pin(store.conn(), &pin)).await
}

#[tauri::command]
pub async fn kiosk_options(state: State<'_, Arc<AppState>>) -> Reply<KioskOptions> {
    organiser(&state, |store| kiosk::options(store.conn())).await
}

#[tauri::command]
pub async fn kiosk_set_options(
    state: State<'_, Arc<AppState>>,
    options: KioskOptions,
) -> Reply<()> {
    organiser(&state, move |store| {
        kiosk::set_options(store.conn(), &options)
    })
    .await
}

/// Starts the kiosk for a petition (and stall): checks it can take signatures, locks the other
/// commands and fills the screen.
#[tauri::command]
pub async fn kiosk_start(
    app: AppHandle,
    state: State<'_, Arc<AppState>>,
    petition: i64,
    stall: Option<i64>,
) -> Reply<KioskView> {
    let view = blocking(&state, move |s| s.start_kiosk(petition, stall)).await?;
    set_fullscreen(&app, true);
    Ok(view)
}

/// What the kiosk shows, for a window reloaded while the kiosk runs.
#[tauri::command]
pub async fn kiosk_current(state: State<'_, Arc<AppState>>) -> Reply<Option<KioskView>> {
    blocking(&state, |s| s.kiosk_view()).await
}

/// One signer at the kiosk. The answer says only that it is saved: nothing about anyone.
#[tauri::command]
pub async fn kiosk_sign(state: State<'_, Arc<AppState>>, signer: SignerInput) -> Reply<()> {
    blocking(&state, move |s| s.kiosk_sign(signer)).await
}

/// Leaves the kiosk with the organiser's PIN.
#[tauri::command]
pub async fn kiosk_leave(
    app: AppHandle,
    state: State<'_, Arc<AppState>>,
    pin: String,
) -> Reply<()> {
    blocking(&state, move |s| s.leave_kiosk(&pin)).await?;
    set_fullscreen(&app, false);
    Ok(())
}

fn set_fullscreen(app: &AppHandle, on: bool) {
    if let Some(window) = app.get_webview_window("main") {
        // Some window managers refuse full screen; the kiosk still works in a window.
        let _ = window.set_fullscreen(on);
    }
}
