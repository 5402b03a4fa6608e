//! A lighter window on Linux, where WebKitGTK draws it: the "document viewer" cache model
//! (one page, no back-and-forward cache of old pages, small memory caches), which is what an
//! app with a single page is.
//!
//! Turning accelerated compositing off would save more (some 70 MiB of idle memory under a
//! virtual display, measured with `tests/bench/startup.mjs`), but with it off WebKitWebDriver's
//! screenshots hang in the end-to-end tests (a presenter window, a restart), so what ships
//! could no longer be checked: it stays on.
//!
//! Windows (WebView2) and macOS (WKWebView) manage this themselves.

/// Applies the settings to a window's web view.
pub fn make_light(window: &tauri::WebviewWindow) {
    #[cfg(target_os = "linux")]
    {
        let applied = window.with_webview(|webview| {
            use webkit2gtk::{CacheModel, WebContextExt, WebViewExt};
            if let Some(context) = webview.inner().context() {
                context.set_cache_model(CacheModel::DocumentViewer);
            }
        });
        // Only memory is at stake: the window works the same without these settings.
        if let Err(error) = applied {
            eprintln!("campaign-kit: the window's memory settings were not applied: {error}");
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = window;
}
