//! A lighter window on Linux, where WebKitGTK draws it: the "document viewer" cache model
//! (one page, no back-and-forward cache of old pages, small memory caches), which is what an
//! app with a single page is.
//!
//! Turning accelerated compositing off would save more (some 70 MiB of idle memory under a
//! virtual display, measured with `tests/bench/startup.mjs`), but with it off WebKitWebDriver's
//! screenshots hang in the end-to-end tests (a presenter window, a restart), so what ships
//! could no longer be checked: it stays on.
//!
//! Where the laptop has no graphics chip WebKit can use, pages are painted by the processor
//! directly (see [`paint_with_the_processor_without_a_graphics_chip`]).
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

/// The setting that makes WebKit's drawing library (Skia) paint with the processor.
#[cfg(target_os = "linux")]
const PAINT_WITH_THE_PROCESSOR: &str = "WEBKIT_SKIA_ENABLE_CPU_RENDERING";

/// With no graphics chip to use (no render node under `/dev/dri`: a virtual machine, or an old
/// laptop without a working driver), Mesa imitates one on the processor (llvmpipe), and
/// WebKit's "graphics chip" painting goes through that imitation. Painting with the processor
/// directly is then leaner: 22 MiB less idle memory in WebKit's web process, with the same
/// start-up and preview times (measured with `tests/bench/startup.mjs` and the e2e figures).
///
/// Must be called before WebKit starts and while this is the program's only thread. A value
/// the person has set themselves is left alone.
pub fn paint_with_the_processor_without_a_graphics_chip() {
    #[cfg(target_os = "linux")]
    if std::env::var_os(PAINT_WITH_THE_PROCESSOR).is_none()
        && !has_render_node(std::path::Path::new("/dev/dri"))
    {
        // SAFETY: called first thing in `run`, before Tauri, WebKit or the async runtime have
        // started a thread that could read the environment at the same time.
        unsafe { std::env::set_var(PAINT_WITH_THE_PROCESSOR, "1") };
    }
}

/// Whether `dri` (normally `/dev/dri`) holds a render node: a graphics chip programs may draw
/// with.
#[cfg(target_os = "linux")]
fn has_render_node(dri: &std::path::Path) -> bool {
    std::fs::read_dir(dri).is_ok_and(|entries| {
        entries
            .flatten()
            .any(|entry| entry.file_name().to_string_lossy().starts_with("renderD"))
    })
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::has_render_node;

    #[test]
    fn a_render_node_is_a_graphics_chip_to_draw_with() {
        let dri = tempfile::tempdir().expect("temp dir");
        assert!(!has_render_node(&dri.path().join("missing")));
        std::fs::write(dri.path().join("card0"), "").expect("written");
        assert!(
            !has_render_node(dri.path()),
            "a card alone is only a display"
        );
        std::fs::write(dri.path().join("renderD128"), "").expect("written");
        assert!(has_render_node(dri.path()));
    }
}
