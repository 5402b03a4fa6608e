//! A lighter window on Linux, where WebKitGTK draws it: the "document viewer" cache model
//! (one page, no back-and-forward cache of old pages, small memory caches), which is what an
//! app with a single page is.
//!
//! Where the laptop has no graphics chip WebKit can use, pages are painted by the processor
//! directly, without the layers meant for a graphics chip (see
//! [`paint_with_the_processor_without_a_graphics_chip`]).
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

/// The settings, as (name, value), that make WebKit and GTK paint with the processor alone.
/// WebKit's drawing library (Skia) paints on the processor, and pages are drawn straight into
/// the window instead of as layers put together by a graphics chip ("accelerated
/// compositing"). Without compositing there is nothing for the graphics chip's ways of
/// handing pictures over (DMA-BUF) or for GTK's own OpenGL to do, yet setting them up loads
/// and starts Mesa's imitation of a chip all the same: turning both off saves 11 MiB (230.5 to
/// 219.3 MiB, `tests/bench/startup.mjs`, 5 December).
///
/// The last setting names the graphics chip WebKit should hand to its web process. Left unset,
/// the app's own process opens Mesa (and its 17 MiB LLVM library) only to ask which chip it
/// draws with, and learns there is none. A path under `/dev/null` can never exist, so it says
/// "no chip" without that question: 20 MiB less in the app's process, 5 December. Nothing
/// opens it, since only the DMA-BUF renderer, turned off above, would draw with the chip.
#[cfg(target_os = "linux")]
const PAINT_WITH_THE_PROCESSOR: [(&str, &str); 5] = [
    ("WEBKIT_SKIA_ENABLE_CPU_RENDERING", "1"),
    ("WEBKIT_DISABLE_COMPOSITING_MODE", "1"),
    ("WEBKIT_DISABLE_DMABUF_RENDERER", "1"),
    ("GDK_GL", "disable"),
    ("WEBKIT_WEB_RENDER_DEVICE_FILE", "/dev/null/no-render-node"),
];

/// With no graphics chip to use (no render node under `/dev/dri`: a virtual machine, or an old
/// laptop without a working driver), Mesa imitates one on the processor (llvmpipe), and
/// WebKit's "graphics chip" painting and layers go through that imitation. Painting with the
/// processor directly is then leaner: 74 MiB less idle memory (305 to 231 MiB) and a quicker
/// leaflet preview (median 51 to about 40 ms), measured with `tests/bench/startup.mjs` and the
/// e2e figures. Without compositing, WebKitGTK must not be shown an empty window while the
/// page loads (see `shown_when_loaded`).
///
/// Must be called before WebKit starts and while this is the program's only thread. A value
/// the person has set themselves is left alone.
pub fn paint_with_the_processor_without_a_graphics_chip() {
    #[cfg(target_os = "linux")]
    if !has_render_node(std::path::Path::new("/dev/dri")) {
        for (setting, value) in PAINT_WITH_THE_PROCESSOR {
            if std::env::var_os(setting).is_none() {
                // SAFETY: called first thing in `run`, before Tauri, WebKit or the async
                // runtime have started a thread that could read the environment at the same
                // time.
                unsafe { std::env::set_var(setting, value) };
            }
        }
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
