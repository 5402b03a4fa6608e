//! Leaflet and poster commands. Each loads what it needs from the store, lets the store go,
//! and renders on a blocking thread; the rules are all in campaign-kit-core's `print`.

use std::path::PathBuf;
use std::sync::Arc;

use campaign_kit_core::bin::{self, BinItem};
use campaign_kit_core::print::designs::{
    self, DesignError, DesignSummary, PrintInputs, SavedDesign,
};
use campaign_kit_core::print::impose::{Flip, Layout};
use campaign_kit_core::print::printer::{self, PrintPass};
use campaign_kit_core::print::scheme::{self, SchemeChoice};
use campaign_kit_core::print::templates::{self, TemplateSummary};
use campaign_kit_core::print::{self, Preview, RenderReport, Rendered, design::Design, test_sheet};
use tauri::ipc::{Request, Response};
use tauri::{AppHandle, State};
use tauri_plugin_opener::OpenerExt;

use super::{Reply, blocking, header_number, raw_body};
use crate::state::AppState;

#[tauri::command]
pub fn leaflet_templates() -> Vec<TemplateSummary> {
    templates::summaries()
}

#[tauri::command]
pub fn leaflet_schemes() -> Vec<SchemeChoice> {
    scheme::choices()
}

#[tauri::command]
pub fn leaflet_can_print() -> bool {
    printer::available()
}

#[tauri::command]
pub async fn design_list(state: State<'_, Arc<AppState>>) -> Reply<Vec<DesignSummary>> {
    blocking(&state, |s| s.with_store(|store| designs::list(store))).await
}

#[tauri::command]
pub async fn design_get(state: State<'_, Arc<AppState>>, id: i64) -> Reply<SavedDesign> {
    blocking(&state, move |s| {
        s.with_store(|store| designs::get(store, id))
    })
    .await
}

#[tauri::command]
pub async fn design_create(
    state: State<'_, Arc<AppState>>,
    template: String,
) -> Reply<SavedDesign> {
    blocking(&state, move |s| {
        s.with_store(|store| designs::create(store, &template))
    })
    .await
}

#[tauri::command]
pub async fn design_save(
    state: State<'_, Arc<AppState>>,
    id: i64,
    name: String,
    design: Design,
) -> Reply<SavedDesign> {
    blocking(&state, move |s| {
        s.with_store(|store| designs::save(store, id, &name, &design))
    })
    .await
}

#[tauri::command]
pub async fn design_duplicate(state: State<'_, Arc<AppState>>, id: i64) -> Reply<SavedDesign> {
    blocking(&state, move |s| {
        s.with_store(|store| designs::duplicate(store, id))
    })
    .await
}

#[tauri::command]
pub async fn design_delete(state: State<'_, Arc<AppState>>, id: i64) -> Reply<BinItem> {
    blocking(&state, move |s| {
        s.with_store(|store| bin::leaflet(store, id))
    })
    .await
}

/// The photo arrives as the raw body; the design's id in the `x-design-id` header.
#[tauri::command]
pub async fn design_set_photo(
    state: State<'_, Arc<AppState>>,
    request: Request<'_>,
) -> Reply<SavedDesign> {
    let data = raw_body(&request)?;
    let id = header_number(&request, "x-design-id").unwrap_or(-1);
    blocking(&state, move |s| {
        s.with_store(|store| designs::set_photo(store, id, &data))
    })
    .await
}

#[tauri::command]
pub async fn design_remove_photo(state: State<'_, Arc<AppState>>, id: i64) -> Reply<SavedDesign> {
    blocking(&state, move |s| {
        s.with_store(|store| designs::remove_photo(store, id))
    })
    .await
}

/// Loads the photo and group (holding the store briefly), then renders without it.
fn render(
    state: &AppState,
    id: i64,
    design: &Design,
    layout: &Layout,
    preview: bool,
) -> Reply<Rendered> {
    let inputs = state.with_store(|store| PrintInputs::load(store, id))?;
    print::render(design, &inputs.assets(), layout, preview).map_err(Into::into)
}

/// The preview as raw bytes (see `Rendered::into_preview_frame`), not base64 in JSON.
#[tauri::command]
pub async fn design_preview(
    state: State<'_, Arc<AppState>>,
    id: i64,
    design: Design,
    layout: Layout,
) -> Reply<Response> {
    blocking(&state, move |s| {
        let started = std::time::Instant::now();
        let rendered = render(s, id, &design, &layout, true)?;
        let render_ms = started.elapsed().as_secs_f64() * 1000.0;
        Ok(Response::new(rendered.into_preview_frame(render_ms)))
    })
    .await
}

/// A template as it would first print, for its picture in the list of templates: full size,
/// with the group's own name and logo, nothing saved.
#[tauri::command]
pub async fn leaflet_template_picture(
    state: State<'_, Arc<AppState>>,
    template: String,
) -> Reply<Preview> {
    blocking(&state, move |s| {
        let chosen = templates::by_id(&template)
            .ok_or_else(|| DesignError::UnknownTemplate(template.clone()))?;
        let inputs =
            s.with_store(|store| Ok::<_, DesignError>(PrintInputs::for_template(store)))?;
        let layout = Layout::PrintShop { crop_marks: false };
        let rendered = print::render(&chosen.new_design(), &inputs.assets(), &layout, false)?;
        Ok(rendered.into_preview())
    })
    .await
}

/// `path` is where the person chose in the save dialog.
#[tauri::command]
pub async fn design_save_pdf(
    state: State<'_, Arc<AppState>>,
    id: i64,
    design: Design,
    layout: Layout,
    path: PathBuf,
) -> Reply<RenderReport> {
    blocking(&state, move |s| {
        let rendered = render(s, id, &design, &layout, false)?;
        designs::write_file(&path, &rendered.pdf)?;
        Ok(rendered.report)
    })
    .await
}

/// A copy of the PDF in the temporary folder, for the PDF viewer or the printer.
fn temporary_pdf(name: &str, pdf: &[u8]) -> Reply<PathBuf> {
    let folder = std::env::temp_dir().join("campaign-kit");
    std::fs::create_dir_all(&folder)
        .map_err(|_| DesignError::SaveFile("the temporary folder cannot be used".into()))?;
    let path = folder.join(format!("{}.pdf", designs::file_stem(name)));
    designs::write_file(&path, pdf)?;
    Ok(path)
}

/// Opens the PDF in the system's PDF viewer (from Rust: the window itself cannot open files).
#[tauri::command]
pub async fn design_open_pdf(
    app: AppHandle,
    state: State<'_, Arc<AppState>>,
    id: i64,
    name: String,
    design: Design,
    layout: Layout,
) -> Reply<()> {
    let path = blocking(&state, move |s| {
        let rendered = render(s, id, &design, &layout, false)?;
        temporary_pdf(&name, &rendered.pdf)
    })
    .await?;
    app.opener()
        .open_path(path.display().to_string(), None::<&str>)
        .map_err(|_| {
            campaign_kit_core::problem::ProblemReport::internal(
                "no PDF viewer opened; use Save PDF instead",
            )
        })
}

/// Sends `sheets` copies to the printer with `lp`; `pass` is both sides, or fronts or backs
/// when printing the backs by hand. Returns what the print system said.
#[tauri::command]
pub async fn design_print(
    state: State<'_, Arc<AppState>>,
    id: i64,
    name: String,
    design: Design,
    layout: Layout,
    sheets: u32,
    pass: PrintPass,
) -> Reply<String> {
    blocking(&state, move |s| {
        let rendered = render(s, id, &design, &layout, false)?;
        let path = temporary_pdf(&name, &rendered.pdf)?;
        let two_sided = match (&layout, rendered.report.pages) {
            (Layout::Home { flip }, 2) => Some(*flip),
            _ => None::<Flip>,
        };
        printer::print(&path, sheets, pass, two_sided).map_err(|e| DesignError::from(e).into())
    })
    .await
}

#[tauri::command]
pub async fn design_export(state: State<'_, Arc<AppState>>, id: i64, path: PathBuf) -> Reply<()> {
    blocking(&state, move |s| {
        let bytes = s.with_store(|store| designs::export_file(store, id))?;
        designs::write_file(&path, &bytes).map_err(Into::into)
    })
    .await
}

#[tauri::command]
pub async fn design_import(
    state: State<'_, Arc<AppState>>,
    request: Request<'_>,
) -> Reply<SavedDesign> {
    let data = raw_body(&request)?;
    blocking(&state, move |s| {
        s.with_store(|store| designs::import_file(store, &data))
    })
    .await
}

#[tauri::command]
pub async fn leaflet_test_sheet(
    state: State<'_, Arc<AppState>>,
    landscape: bool,
    flip: Flip,
    path: PathBuf,
) -> Reply<()> {
    blocking(&state, move |_| {
        designs::write_file(&path, &test_sheet::duplex_test_sheet(landscape, flip))
            .map_err(Into::into)
    })
    .await
}
