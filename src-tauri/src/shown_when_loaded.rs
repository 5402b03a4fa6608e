//! The main window is shown once its page has loaded, not before.
//!
//! Shown straight away, the window is an empty white box until the page arrives. Worse, on
//! Linux without a graphics chip, WebKitGTK may paint that empty window while the page is still
//! being fetched from this process, and then waits up to half a second for the page's first
//! picture, which cannot come while it waits: one start in two took 0.9 s instead of 0.4 s
//! (measured with `tests/bench/startup.mjs`).
//!
//! If the page never says it has loaded, the window is shown anyway after a few seconds, so it
//! can never stay hidden.

use std::time::Duration;

use tauri::webview::{PageLoadEvent, PageLoadPayload};
use tauri::{Manager, Runtime, Webview};

/// The window this applies to: the one `tauri.conf.json` creates hidden.
const MAIN: &str = "main";

/// How long the window may stay hidden if its page never finishes loading.
const AT_THE_LATEST: Duration = Duration::from_secs(3);

/// For `tauri::Builder::on_page_load`: shows the main window when its page has loaded.
pub fn on_page_load<R: Runtime>(webview: &Webview<R>, payload: &PageLoadPayload<'_>) {
    if webview.label() == MAIN && payload.event() == PageLoadEvent::Finished {
        show(webview.app_handle());
    }
}

/// Shows the main window after [`AT_THE_LATEST`] whatever happens; showing it twice is harmless.
pub fn show_at_the_latest<R: Runtime>(app: &tauri::AppHandle<R>) {
    let app = app.clone();
    std::thread::spawn(move || {
        std::thread::sleep(AT_THE_LATEST);
        show(&app);
    });
}

fn show<R: Runtime>(app: &tauri::AppHandle<R>) {
    if let Some(window) = app.get_webview_window(MAIN)
        && let Err(error) = window.show()
    {
        eprintln!("campaign-kit: the window could not be shown: {error}");
    }
}
