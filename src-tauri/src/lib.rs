//! The desktop app: a window, and a thin command layer that hands each call from the UI to
//! campaign-kit-core on a blocking thread. No rules live here.

mod commands;
mod kiosk_gate;
mod light_window;
mod shown_when_loaded;
mod state;

use std::path::PathBuf;
use std::sync::Arc;

use tauri::Manager;

/// Puts the kiosk gate ([`kiosk_gate`]) in front of every command.
fn gated(
    commands: impl Fn(tauri::ipc::Invoke) -> bool + Send + Sync + 'static,
) -> impl Fn(tauri::ipc::Invoke) -> bool + Send + Sync + 'static {
    move |invoke| {
        let kiosk_running = invoke
            .message
            .webview()
            .state::<Arc<state::AppState>>()
            .kiosk_running();
        if kiosk_running && !kiosk_gate::allowed_in_kiosk(invoke.message.command()) {
            invoke.resolver.reject(kiosk_gate::refusal());
            return true;
        }
        commands(invoke)
    }
}

/// How often the synced folder is looked at: other laptops' signatures show up within this
/// time of the sync software delivering them, and this laptop's within this time of signing.
const SHARING_EVERY: std::time::Duration = std::time::Duration::from_secs(15);

/// A background thread (never the UI thread or the async runtime: it reads and writes files
/// and the database) that shares petitions through the synced folder, once soon after start
/// and then every [`SHARING_EVERY`].
fn share_through_the_folder(state: Arc<state::AppState>) {
    std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_secs(2));
        loop {
            state.sync_round();
            std::thread::sleep(SHARING_EVERY);
        }
    });
}

/// Ends the app as if its window were closed when the system asks it to end (SIGTERM: at
/// shut-down or log-out, or from a test harness), so the data is closed cleanly rather than
/// left for a full check at the next start.
fn close_cleanly_when_told_to_end(app: &tauri::AppHandle) {
    #[cfg(unix)]
    {
        let app = app.clone();
        tauri::async_runtime::spawn(async move {
            use tokio::signal::unix::{SignalKind, signal};
            if let Ok(mut terminate) = signal(SignalKind::terminate()) {
                terminate.recv().await;
                app.exit(0);
            }
        });
    }
    #[cfg(not(unix))]
    let _ = app;
}

/// Opens the app window; returns when the user closes it.
pub fn run(data_dir: PathBuf) {
    light_window::paint_with_the_processor_without_a_graphics_chip();
    let result = tauri::Builder::default()
        // Save dialogs (a briefing pack, later a PDF) and opening links in the system browser.
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .manage(Arc::new(state::AppState::new(data_dir)))
        .on_page_load(shown_when_loaded::on_page_load)
        .setup(|app| {
            shown_when_loaded::show_at_the_latest(app.handle());
            close_cleanly_when_told_to_end(app.handle());
            for window in app.webview_windows().values() {
                light_window::make_light(window);
            }
            let state = app.state::<Arc<state::AppState>>().inner();
            let opening = Arc::clone(state);
            std::thread::spawn(move || opening.open_ahead());
            share_through_the_folder(Arc::clone(state));
            Ok(())
        })
        .invoke_handler(gated(tauri::generate_handler![
            commands::app_status,
            commands::restore_backup,
            commands::group_get,
            commands::group_save,
            commands::group_set_logo,
            commands::group_remove_logo,
            commands::group_logo,
            commands::display_get,
            commands::display_set,
            commands::bin_list,
            commands::bin_put_back,
            commands::briefings::briefing_list,
            commands::briefings::briefing_get,
            commands::briefings::briefing_search,
            commands::briefings::briefing_glossary,
            commands::briefings::briefing_import,
            commands::briefings::briefing_delete,
            commands::briefings::briefing_draft,
            commands::briefings::briefing_save,
            commands::briefings::briefing_keep_draft,
            commands::briefings::briefing_preview,
            commands::briefings::briefing_kept_draft,
            commands::briefings::briefing_forget_draft,
            commands::briefings::briefing_export_pack,
            commands::present::present_open_presenter,
            commands::leaflets::leaflet_templates,
            commands::leaflets::leaflet_template_picture,
            commands::leaflets::leaflet_schemes,
            commands::leaflets::leaflet_can_print,
            commands::leaflets::leaflet_test_sheet,
            commands::leaflets::design_list,
            commands::leaflets::design_get,
            commands::leaflets::design_create,
            commands::leaflets::design_save,
            commands::leaflets::design_duplicate,
            commands::leaflets::design_delete,
            commands::leaflets::design_set_photo,
            commands::leaflets::design_remove_photo,
            commands::leaflets::design_preview,
            commands::leaflets::design_save_pdf,
            commands::leaflets::design_open_pdf,
            commands::leaflets::design_print,
            commands::leaflets::design_export,
            commands::leaflets::design_import,
            commands::petitions::petition_list,
            commands::petitions::petition_hand_in_pack,
            commands::petitions::postcode_check,
            commands::petitions::petition_new_draft,
            commands::petitions::petition_create,
            commands::petitions::petition_update,
            commands::petitions::petition_get,
            commands::petitions::petition_delete,
            commands::petitions::petition_notice,
            commands::petitions::petition_save_notice,
            commands::petitions::petition_set_status,
            commands::petitions::petition_progress,
            commands::petitions::stall_list,
            commands::petitions::stall_add,
            commands::petitions::signature_add,
            commands::petitions::signature_list,
            commands::petitions::signature_correct,
            commands::petitions::signature_review,
            commands::petitions::sheets_print,
            commands::petitions::sheet_list,
            commands::petitions::sheet_summary,
            commands::petitions::sheet_set_status,
            commands::petitions::petition_csv_preview,
            commands::petitions::petition_csv_import,
            commands::petitions::petition_csv_export,
            commands::petitions::petition_bundle_save,
            commands::petitions::petition_bundle_merge,
            commands::petitions::petition_bundle_check_passphrase,
            commands::petitions::sync_status,
            commands::petitions::sync_set_up,
            commands::petitions::sync_stop,
            commands::petitions::sync_now,
            commands::petitions::person_find,
            commands::petitions::person_export,
            commands::petitions::person_erase,
            commands::petitions::petition_erase_personal_data,
            commands::petitions::retention_reminders,
            commands::petitions::kiosk_has_pin,
            commands::petitions::kiosk_set_pin,
            commands::petitions::kiosk_options,
            commands::petitions::kiosk_set_options,
            commands::petitions::kiosk_start,
            commands::petitions::kiosk_current,
            commands::petitions::kiosk_sign,
            commands::petitions::kiosk_leave,
            commands::paperwork::paperwork_templates,
            commands::paperwork::paperwork_list,
            commands::paperwork::paperwork_overdue,
            commands::paperwork::paperwork_create,
            commands::paperwork::paperwork_get,
            commands::paperwork::paperwork_save,
            commands::paperwork::paperwork_delete,
            commands::paperwork::paperwork_preview,
            commands::paperwork::paperwork_save_pdf,
            commands::paperwork::paperwork_save_word,
            commands::paperwork::paperwork_email,
            commands::paperwork::paperwork_mark_sent,
            commands::paperwork::paperwork_mark_replied,
            commands::paperwork::paperwork_attach_reply,
            commands::paperwork::paperwork_save_reply_file,
            commands::paperwork::paperwork_mark_no_reply,
            commands::paperwork::paperwork_save_template,
            commands::paperwork::paperwork_delete_template,
            commands::paperwork::people_list,
            commands::paperwork::people_save,
            commands::paperwork::people_delete,
            commands::paperwork::people_csv_preview,
            commands::paperwork::people_csv_import,
            commands::paperwork::people_csv_export,
            commands::protection::protection_strength,
            commands::protection::protection_unlock,
            commands::protection::protection_turn_on,
            commands::protection::protection_change,
            commands::protection::protection_turn_off,
        ]))
        // While the kiosk runs, closing the window needs the PIN too.
        .on_window_event(|window, event| {
            if let tauri::WindowEvent::CloseRequested { api, .. } = event {
                let state = window.state::<Arc<state::AppState>>();
                if state.kiosk_running() {
                    api.prevent_close();
                }
            }
        })
        .build(tauri::generate_context!("tauri.conf.json"));
    match result {
        Ok(app) => app.run(|app, event| {
            // Tauri ends the process without running destructors, so the data is closed here:
            // SQLite tidies its write-ahead log, and the mark that says the app has the data
            // open goes, so the next start knows it ended cleanly and skips the full check.
            if let tauri::RunEvent::Exit = event {
                app.state::<Arc<state::AppState>>().close_store();
            }
        }),
        Err(error) => {
            // Only reached if the window system itself fails (no display, say).
            eprintln!("Campaign Kit could not open its window: {error}");
            std::process::exit(1);
        }
    }
}
