//! The desktop app: a window, and a thin command layer that hands each call from the UI to
//! campaign-kit-core on a blocking thread. No rules live here.

mod commands;
mod state;

use std::path::PathBuf;
use std::sync::Arc;

/// Opens the app window; returns when the user closes it.
pub fn run(data_dir: PathBuf) {
    let result = tauri::Builder::default()
        // Save dialogs (a briefing pack, later a PDF) and opening links in the system browser.
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .manage(Arc::new(state::AppState::new(data_dir)))
        .invoke_handler(tauri::generate_handler![
            commands::app_status,
            commands::restore_backup,
            commands::group_get,
            commands::group_save,
            commands::group_set_logo,
            commands::group_remove_logo,
            commands::group_logo,
            commands::briefings::briefing_list,
            commands::briefings::briefing_get,
            commands::briefings::briefing_search,
            commands::briefings::briefing_glossary,
            commands::briefings::briefing_import,
            commands::briefings::briefing_delete,
            commands::briefings::briefing_draft,
            commands::briefings::briefing_save,
            commands::briefings::briefing_export_pack,
            commands::present::present_open_presenter,
        ])
        .run(tauri::generate_context!("tauri.conf.json"));
    if let Err(error) = result {
        // Only reached if the window system itself fails (no display, say).
        eprintln!("Campaign Kit could not open its window: {error}");
        std::process::exit(1);
    }
}
