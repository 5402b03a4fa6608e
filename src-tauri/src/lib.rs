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
            commands::leaflets::leaflet_templates,
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
        ])
        .run(tauri::generate_context!("tauri.conf.json"));
    if let Err(error) = result {
        // Only reached if the window system itself fails (no display, say).
        eprintln!("Campaign Kit could not open its window: {error}");
        std::process::exit(1);
    }
}
