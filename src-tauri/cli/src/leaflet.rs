//! `campaign-kit leaflet …`: the print engine from the command line, for scripts and for the
//! benchmark.

use std::io::Write;
use std::path::{Path, PathBuf};

use campaign_kit_core::files::read_limited;
use campaign_kit_core::group;
use campaign_kit_core::print::compose::Assets;
use campaign_kit_core::print::design_file::{self, DesignFile};
use campaign_kit_core::print::impose::{Flip, Layout};
use campaign_kit_core::print::paper::Paper;
use campaign_kit_core::print::{self, picture, templates, test_sheet};
use campaign_kit_core::words;
use clap::{Args, Subcommand};

use crate::{CliResult, explain};

#[derive(Debug, Subcommand)]
pub enum LeafletCommand {
    /// List the templates.
    Templates,
    /// Make a PDF from a template (by its id, as `leaflet templates` shows) or a design file
    /// (.ckdesign.json), with your group's details from "Our group".
    Render(LeafletRender),
    /// Save a template as a design file, to edit or share.
    New {
        /// The template id.
        template: String,
        #[arg(short, long, value_name = "OUT")]
        out: PathBuf,
    },
    /// A two-sided test sheet that shows which flip setting your printer needs.
    TestSheet {
        #[arg(short, long, value_name = "OUT")]
        out: PathBuf,
        /// Portrait A4 (as for 4 x A6) instead of landscape (as for 2 x A5).
        #[arg(long)]
        portrait: bool,
        #[arg(long, value_enum, default_value = "short")]
        flip: FlipArg,
    },
}

#[derive(Debug, Args)]
pub struct LeafletRender {
    /// A template id or a design file.
    #[arg(value_name = "DESIGN")]
    pub design: String,
    /// Where to save the PDF.
    #[arg(short, long, value_name = "OUT.pdf")]
    pub out: PathBuf,
    /// home: several per A4 sheet; shop: full size with bleed; tiles: a poster on A4 sheets.
    #[arg(long, value_enum, default_value = "home")]
    pub layout: LayoutArg,
    /// For home printing: the edge your printer flips the paper on for the back.
    #[arg(long, value_enum, default_value = "short")]
    pub flip: FlipArg,
    /// For a print shop: add crop marks outside the bleed.
    #[arg(long)]
    pub crop_marks: bool,
    /// For tiles: the poster's size.
    #[arg(long, value_enum, default_value = "a2")]
    pub poster: PosterArg,
    /// A photo (PNG or JPEG) for templates that have one; replaces the design's own.
    #[arg(long, value_name = "FILE")]
    pub photo: Option<PathBuf>,
    /// How many leaflets you need: prints how many sheets of paper that is.
    #[arg(long, value_name = "N")]
    pub copies: Option<u32>,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum LayoutArg {
    Home,
    Shop,
    Tiles,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum FlipArg {
    Long,
    Short,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum PosterArg {
    A3,
    A2,
}

pub(crate) fn run(data_dir: &Path, command: LeafletCommand, out: &mut dyn Write) -> CliResult {
    let text = match command {
        LeafletCommand::Templates => {
            let mut text = String::new();
            for t in templates::summaries() {
                let sides = if t.sides == 2 {
                    "two sides"
                } else {
                    "one side"
                };
                text.push_str(&format!(
                    "{} ({}, {sides})\n  {}\n  id: {}\n",
                    t.name, t.paper, t.description, t.id
                ));
            }
            text
        }
        LeafletCommand::New { template, out } => {
            let design = templates::by_id(&template)
                .ok_or_else(|| unknown_template(&template))?
                .new_design();
            let bytes = design_file::write(&template, &design, None);
            write_file(&out, &bytes)?;
            format!(
                "Saved a new design from \"{template}\" to {}\n",
                out.display()
            )
        }
        LeafletCommand::TestSheet {
            out,
            portrait,
            flip,
        } => {
            write_file(
                &out,
                &test_sheet::duplex_test_sheet(!portrait, flip_of(flip)),
            )?;
            format!(
                "Saved the duplex test sheet to {}. Print it on both sides of one sheet.\n",
                out.display()
            )
        }
        LeafletCommand::Render(render) => render_design(data_dir, render)?,
    };
    out.write_all(text.as_bytes()).map_err(|e| e.to_string())
}

fn unknown_template(id: &str) -> String {
    format!(
        "there is no template \"{id}\" and no file of that name. `campaign-kit leaflet templates` lists the templates."
    )
}

fn flip_of(flip: FlipArg) -> Flip {
    match flip {
        FlipArg::Long => Flip::LongEdge,
        FlipArg::Short => Flip::ShortEdge,
    }
}

fn render_design(data_dir: &Path, args: LeafletRender) -> Result<String, String> {
    let DesignFile { design, photo, .. } = load_design(&args.design)?;
    let photo = match &args.photo {
        Some(path) => {
            let bytes = read_limited(path, picture::MAX_BYTES as u64)
                .map_err(|e| format!("{} was not read: {e}", path.display()))?;
            picture::check(&bytes).map_err(|e| e.to_string())?;
            Some(bytes)
        }
        None => photo,
    };
    let store = crate::open_synced(data_dir)?;
    let group = group::load(&store).map_err(|e| explain(&e))?.details;
    let logo = group::load_logo(&store)
        .map_err(|e| explain(&e))?
        .map(|(_, bytes)| bytes);
    drop(store);
    let layout = match args.layout {
        LayoutArg::Home => Layout::Home {
            flip: flip_of(args.flip),
        },
        LayoutArg::Shop => Layout::PrintShop {
            crop_marks: args.crop_marks,
        },
        LayoutArg::Tiles => Layout::Tiled {
            poster: match args.poster {
                PosterArg::A3 => Paper::A3,
                PosterArg::A2 => Paper::A2,
            },
        },
    };
    let assets = Assets {
        photo: photo.as_deref(),
        logo: logo.as_deref(),
        group,
    };
    let rendered = print::render(&design, &assets, &layout, false).map_err(|e| explain(&e))?;
    write_file(&args.out, &rendered.pdf)?;
    let report = &rendered.report;
    let mut text = format!(
        "Saved {} ({}).\n",
        args.out.display(),
        words::count(report.pages, "page", "pages")
    );
    for warning in &report.warnings {
        text.push_str(&format!("Warning: {}\n", warning.message));
    }
    if let Some(copies) = args.copies {
        let sheets = print::sheets_needed(copies, report.copies_per_sheet);
        text.push_str(&format!(
            "{} = {} ({} on each sheet).\n",
            words::count(copies, "leaflet", "leaflets"),
            words::count(sheets, "sheet", "sheets"),
            report.copies_per_sheet
        ));
    }
    Ok(text)
}

/// A template id, or a design file if a file of that name exists.
fn load_design(what: &str) -> Result<DesignFile, String> {
    let path = Path::new(what);
    if path.is_file() {
        let bytes = read_limited(path, design_file::MAX_FILE_BYTES as u64)
            .map_err(|e| format!("{what} was not read: {e}"))?;
        return design_file::read(&bytes).map_err(|e| explain(&e));
    }
    let template = templates::by_id(what).ok_or_else(|| unknown_template(what))?;
    Ok(DesignFile {
        name: template.name.clone(),
        design: template.new_design(),
        photo: None,
    })
}

/// Writes the whole file or nothing (a full disk never leaves half a PDF).
fn write_file(path: &Path, bytes: &[u8]) -> Result<(), String> {
    campaign_kit_core::files::write_whole(path, bytes)
        .map_err(|reason| format!("could not save {}: {reason}", path.display()))
}
