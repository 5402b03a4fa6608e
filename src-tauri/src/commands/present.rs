//! Present mode: the presenter window, which shows the speaker notes on the laptop's own
//! screen while the main window shows the slides on the projector.

use campaign_kit_core::briefings::library::Origin;
use campaign_kit_core::problem::ProblemReport;
use tauri::{AppHandle, Manager, WebviewUrl, WebviewWindowBuilder};

use super::Reply;

const PRESENTER: &str = "presenter";

/// Opens (or brings forward) the presenter window for one briefing. The two windows then
/// keep to the same slide through `present:slide` events.
#[tauri::command]
pub async fn present_open_presenter(app: AppHandle, origin: Origin, id: String) -> Reply<()> {
    if let Some(window) = app.get_webview_window(PRESENTER) {
        return window
            .set_focus()
            .map_err(|e| ProblemReport::internal(&e.to_string()));
    }
    let origin = match origin {
        Origin::Bundled => "bundled",
        Origin::Group => "group",
    };
    // The id is one of ours (letters, digits, hyphens); encode it anyway, it goes in a URL.
    let id: String = id
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    let url = format!("index.html#/presenter/{origin}/{id}");
    WebviewWindowBuilder::new(&app, PRESENTER, WebviewUrl::App(url.into()))
        .title("Campaign Kit: presenter view")
        .inner_size(900.0, 640.0)
        .build()
        .map(|window| crate::light_window::make_light(&window))
        .map_err(|e| ProblemReport::internal(&e.to_string()))
}
