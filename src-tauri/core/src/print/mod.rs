//! The print engine: leaflets and posters from a design, as print-ready PDFs.
//!
//! - `templates`, `design`, `scheme`: what a leaflet is made of.
//! - `compose`: where each piece goes on each side (text by parley, see `text`; pictures,
//!   `picture`; QR codes, `qr`).
//! - `impose`: the sides on sheets of paper, for a home printer, a print shop or as tiles.
//! - `test_sheet`: the one-page check of which way a printer turns paper over.
//!
//! Fonts are compiled in (`fonts`), subset and embedded by krilla, with every glyph mapped
//! back to its text so PDFs can be searched and copied.

pub mod compose;
pub mod design;
pub mod design_file;
pub mod designs;
pub mod document;
pub mod fonts;
pub mod impose;
mod jpeg_copy;
pub mod paper;
pub mod picture;
pub mod printer;
pub mod qr;
pub mod rich;
pub mod scheme;
pub mod seams;
pub mod templates;
pub mod test_sheet;
pub mod text;
pub mod typography;

use serde::Serialize;
use thiserror::Error;
use ts_rs::TS;

use crate::problem::Problem;
use compose::{Assets, Warning};
use design::Design;
use impose::Layout;

#[derive(Debug, Error)]
pub enum PrintError {
    #[error(
        "Campaign Kit does not have the template \"{0}\". It may come from a newer version: please update Campaign Kit."
    )]
    UnknownTemplate(String),
    #[error(
        "The QR code would print {printed_mm:.0} mm wide, too small for phones to read on {paper}: it needs at least {minimum_mm:.0} mm. Make it {needed_mm:.0} mm or more."
    )]
    QrTooSmall {
        printed_mm: f32,
        minimum_mm: f32,
        needed_mm: f32,
        paper: &'static str,
    },
    #[error(
        "A {poster} poster cannot be made from a {design} design by tiling: choose a poster size bigger than the design."
    )]
    TileTooSmall {
        poster: &'static str,
        design: &'static str,
    },
    #[error("The PDF could not be made. Nothing has been saved; please try again.")]
    Pdf,
}

impl Problem for PrintError {
    fn code(&self) -> &'static str {
        match self {
            PrintError::UnknownTemplate(_) => "print_unknown_template",
            PrintError::QrTooSmall { .. } => "print_qr_too_small",
            PrintError::TileTooSmall { .. } => "print_tile_too_small",
            PrintError::Pdf => "print_pdf",
        }
    }
}

/// A finished PDF and what the editor should say about it.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct RenderReport {
    pub warnings: Vec<Warning>,
    /// Copies of the design on each sheet of paper (2 for A5 at home).
    pub copies_per_sheet: u32,
    pub pages: u32,
}

pub struct Rendered {
    pub pdf: Vec<u8>,
    pub report: RenderReport,
}

/// A rendered PDF as the editor's preview receives it.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct Preview {
    /// The PDF, base64.
    pub pdf: String,
    pub report: RenderReport,
}

/// What comes before the PDF in a [`Rendered::into_preview_frame`].
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct PreviewHeader {
    pub report: RenderReport,
    /// How long the PDF took to make, for the preview's timing figures.
    pub render_ms: f64,
}

impl Rendered {
    /// The live preview's answer as raw bytes: the [`PreviewHeader`]'s length (4 bytes, little
    /// end first), the header as JSON, then the PDF. Raw bytes travel to the window as they
    /// are; the same PDF in base64 inside JSON is a third bigger and is encoded and decoded
    /// again on every keystroke.
    pub fn into_preview_frame(self, render_ms: f64) -> Vec<u8> {
        let header = PreviewHeader {
            report: self.report,
            render_ms,
        };
        // Plain numbers and strings: turning them into JSON cannot fail.
        let json = serde_json::to_vec(&header).unwrap_or_else(|_| b"{}".to_vec());
        let mut frame = Vec::with_capacity(4 + json.len() + self.pdf.len());
        frame.extend((json.len() as u32).to_le_bytes());
        frame.extend(json);
        frame.extend(self.pdf);
        frame
    }

    pub fn into_preview(self) -> Preview {
        use base64::Engine;
        Preview {
            pdf: base64::engine::general_purpose::STANDARD.encode(&self.pdf),
            report: self.report,
        }
    }
}

/// Renders a design to a PDF in a layout. `preview` adds red marks where text does not fit.
pub fn render(
    design: &Design,
    assets: &Assets<'_>,
    layout: &Layout,
    preview: bool,
) -> Result<Rendered, PrintError> {
    let template = templates::by_id(&design.template)
        .ok_or_else(|| PrintError::UnknownTemplate(design.template.clone()))?;
    check_layout(design, template.paper, layout)?;
    let enlarged = impose::printed_scale(template.paper, layout).0;
    let pictures = if preview {
        picture::Resolution::Screen
    } else {
        picture::Resolution::Print
    };
    let composed = compose::compose_enlarged(design, &template, assets, enlarged, pictures);
    let pdf = impose::impose(&composed, layout, preview);
    if pdf.is_empty() {
        return Err(PrintError::Pdf);
    }
    let pages = match layout {
        Layout::Tiled { poster } => {
            let plan = impose::tiling(*poster);
            plan.rows * plan.cols
        }
        _ => composed.pages.len() as u32,
    };
    Ok(Rendered {
        pdf,
        report: RenderReport {
            warnings: composed.warnings,
            copies_per_sheet: impose::copies_per_sheet(template.paper, layout),
            pages,
        },
    })
}

/// Refuses what would print badly: a QR code too small to scan at its printed size, or a
/// tiled poster no bigger than one sheet.
fn check_layout(design: &Design, paper: paper::Paper, layout: &Layout) -> Result<(), PrintError> {
    if let Layout::Tiled { poster } = layout
        && poster.size_mm().0 <= paper.size_mm().0
    {
        return Err(PrintError::TileTooSmall {
            poster: poster.name(),
            design: paper.name(),
        });
    }
    if design.qr_link.trim().is_empty() {
        return Ok(());
    }
    let (scale, seen_at) = impose::printed_scale(paper, layout);
    let printed = design.qr_size_mm * scale;
    let minimum = seen_at.qr_minimum_mm();
    if printed + 0.05 < minimum {
        return Err(PrintError::QrTooSmall {
            printed_mm: printed,
            minimum_mm: minimum,
            needed_mm: (minimum / scale).ceil(),
            paper: seen_at.name(),
        });
    }
    Ok(())
}

/// How many sheets of paper make `copies` leaflets: "200 leaflets = 100 sheets".
pub fn sheets_needed(copies: u32, copies_per_sheet: u32) -> u32 {
    copies.div_ceil(copies_per_sheet.max(1))
}
