//! The `campaign-kit` command line. The desktop binary calls [`dispatch`] first: with no
//! command it opens the window, otherwise it runs the command here and exits, without ever
//! starting the GUI. So one installed program serves both, and both find the same data.

use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};

use campaign_kit_core::briefings::library::{self, ImportOutcome, Origin};
use campaign_kit_core::briefings::own;
use campaign_kit_core::group::{self, GroupDetails};
use campaign_kit_core::paths::{DataPaths, resolve_data_dir};
use campaign_kit_core::problem::Problem;
use campaign_kit_core::store::{self, Store, backup};
use clap::{Args, Parser, Subcommand};

mod leaflet;
mod petition;

/// Campaign Kit: briefings, leaflets and petitions for local health campaigns.
///
/// Run it with no command to open the app. The commands below do the same jobs without a
/// window, for scripts and for checking on things.
#[derive(Debug, Parser)]
#[command(name = "campaign-kit", version)]
pub struct Cli {
    /// Keep data in this folder instead of the usual one (for example on a USB stick).
    /// You can also set CAMPAIGN_KIT_DATA_DIR.
    #[arg(long, value_name = "FOLDER", global = true)]
    pub data_dir: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Show the folder where Campaign Kit keeps its data.
    Where,
    /// Check the data file and list the backup copies.
    Status,
    /// Make a backup copy of the data now.
    Backup,
    /// Put back the newest good backup copy. The current file is kept aside, not deleted.
    Restore,
    /// Show or change your group's details ("Our group").
    #[command(subcommand)]
    Group(GroupCommand),
    /// List, search and import briefings.
    #[command(subcommand)]
    Briefing(BriefingCommand),
    /// Make leaflets and posters as print-ready PDFs.
    #[command(subcommand)]
    Leaflet(LeafletCommand),
    /// Petitions: make one, add signatures, import and export, merge laptops, see progress.
    #[command(subcommand)]
    Petition(petition::PetitionCommand),
}

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

#[derive(Debug, Subcommand)]
pub enum BriefingCommand {
    /// List every briefing, bundled and your group's own.
    List,
    /// Search all briefings; shows titles and the matching text.
    Search {
        /// The words to look for.
        #[arg(required = true, num_args = 1..)]
        words: Vec<String>,
    },
    /// Add a Markdown (.md) or plain-text (.txt) file, or a briefing pack (.zip), to your
    /// group's briefings.
    Import {
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
    /// Save your group's own briefings as one pack file to share with another group.
    ExportPack {
        /// Where to save the pack, for example our-briefings.zip.
        #[arg(value_name = "OUT")]
        out: PathBuf,
        /// Only these briefings (their ids, as `briefing list` shows); all of yours if none.
        #[arg(long = "id", value_name = "ID")]
        ids: Vec<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum GroupCommand {
    /// Show the group's details.
    Show {
        /// Print them as JSON, for scripts.
        #[arg(long)]
        json: bool,
    },
    /// Change some of the group's details; the others stay as they are.
    Set(GroupSet),
}

#[derive(Debug, Args)]
pub struct GroupSet {
    #[arg(long)]
    pub name: Option<String>,
    #[arg(long)]
    pub email: Option<String>,
    #[arg(long)]
    pub phone: Option<String>,
    #[arg(long)]
    pub website: Option<String>,
    /// The ICS or council area you campaign in.
    #[arg(long)]
    pub area: Option<String>,
    /// Brand colour as #RRGGBB.
    #[arg(long)]
    pub colour: Option<String>,
    /// A PNG or JPEG logo file (at most 2 MB).
    #[arg(long, value_name = "FILE")]
    pub logo: Option<PathBuf>,
    /// Remove the logo.
    #[arg(long, conflicts_with = "logo")]
    pub remove_logo: bool,
}

/// What the program should do after reading its arguments.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    /// No command was given: open the app window using this data folder.
    OpenWindow { data_dir: PathBuf },
    /// A command ran (or the arguments were wrong): exit with this code.
    Exit(i32),
}

/// Reads the arguments and runs a command if one was given.
pub fn dispatch<I, T>(args: I, out: &mut dyn Write, err: &mut dyn Write) -> Outcome
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            // Help and version go to standard output and are a success.
            let text = e.render().to_string();
            let _ = if e.use_stderr() {
                err.write_all(text.as_bytes())
            } else {
                out.write_all(text.as_bytes())
            };
            return Outcome::Exit(e.exit_code());
        }
    };
    let data_dir = resolve_data_dir(cli.data_dir.as_deref());
    let Some(command) = cli.command else {
        return Outcome::OpenWindow { data_dir };
    };
    match run(command, &data_dir, out) {
        Ok(()) => Outcome::Exit(0),
        Err(message) => {
            let _ = writeln!(err, "campaign-kit: {message}");
            Outcome::Exit(1)
        }
    }
}

/// An error already put into words for the person at the keyboard.
type CliResult = Result<(), String>;

fn explain(problem: &dyn Problem) -> String {
    let mut text = problem.to_string();
    for field in problem.field_problems() {
        text.push_str(&format!("\n  {}: {}", field.field, field.message));
    }
    text
}

fn open(data_dir: &Path) -> Result<Store, String> {
    Store::open(data_dir).map_err(|e| explain(&e))
}

fn run(command: Command, data_dir: &Path, out: &mut dyn Write) -> CliResult {
    let io = |e: std::io::Error| format!("could not write the output: {e}");
    match command {
        Command::Where => writeln!(out, "{}", data_dir.display()).map_err(io),
        Command::Status => status(data_dir, out),
        Command::Backup => {
            let file = open(data_dir)?.backup_now().map_err(|e| explain(&e))?;
            writeln!(out, "Backup saved: {}", file.path.display()).map_err(io)
        }
        Command::Restore => {
            let (_, used) = store::restore_newest_backup(data_dir).map_err(|e| explain(&e))?;
            writeln!(
                out,
                "Restored the backup {}. The previous file is kept in {}.",
                used.name,
                DataPaths::new(data_dir).damaged.display()
            )
            .map_err(io)
        }
        Command::Group(GroupCommand::Show { json }) => group_show(data_dir, json, out),
        Command::Group(GroupCommand::Set(set)) => group_set(data_dir, set, out),
        Command::Briefing(command) => briefing(data_dir, command, out),
        Command::Leaflet(command) => leaflet::run(data_dir, command, out),
        Command::Petition(command) => petition::run(data_dir, command, out),
    }
}

fn briefing(data_dir: &Path, command: BriefingCommand, out: &mut dyn Write) -> CliResult {
    let mut store = campaign_kit_core::startup::open(data_dir).map_err(|e| explain(&e))?;
    let text = match command {
        BriefingCommand::List => {
            let mut text = String::new();
            for b in library::list(&store).map_err(|e| explain(&e))? {
                let whose = if b.origin == Origin::Group {
                    " (ours)"
                } else {
                    ""
                };
                text.push_str(&format!(
                    "{}{whose}\n  {}\n  id: {}\n",
                    b.title, b.summary, b.id
                ));
            }
            text
        }
        BriefingCommand::Search { words } => {
            let hits = library::search(&store, &words.join(" "), 20).map_err(|e| explain(&e))?;
            if hits.is_empty() {
                "No briefing mentions that. Try fewer or different words.\n".to_string()
            } else {
                let mut text = String::new();
                for hit in hits {
                    // Matched words in [brackets]: the terminal has no highlighting to rely on.
                    let snippet: String = hit
                        .snippet
                        .iter()
                        .map(|p| {
                            if p.highlighted {
                                format!("[{}]", p.text)
                            } else {
                                p.text.clone()
                            }
                        })
                        .collect();
                    let place = if hit.heading.is_empty() {
                        String::new()
                    } else {
                        format!(" > {}", hit.heading)
                    };
                    text.push_str(&format!(
                        "{}{place}\n  {}\n",
                        hit.title,
                        snippet.replace('\n', " ")
                    ));
                }
                text
            }
        }
        BriefingCommand::Import { file } => {
            let bytes = std::fs::read(&file)
                .map_err(|e| format!("could not read {}: {e}", file.display()))?;
            let name = file
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let reports = own::import_file(&mut store, &name, &bytes).map_err(|e| explain(&e))?;
            let mut text = String::new();
            for report in reports {
                let what = match report.outcome {
                    ImportOutcome::Added => "Added",
                    ImportOutcome::Updated => "Updated",
                    ImportOutcome::Unchanged => "Already there, unchanged:",
                };
                text.push_str(&format!(
                    "{what} \"{}\" (id: {})\n",
                    report.title, report.id
                ));
            }
            text
        }
        BriefingCommand::ExportPack { out, ids } => {
            let (bytes, report) = own::export_pack(&store, &ids).map_err(|e| explain(&e))?;
            own::save_pack_file(&out, &bytes).map_err(|e| explain(&e))?;
            format!(
                "Saved {} briefing(s) to {}: {}\n",
                report.count,
                out.display(),
                report.titles.join(", ")
            )
        }
    };
    out.write_all(text.as_bytes()).map_err(|e| e.to_string())
}

fn status(data_dir: &Path, out: &mut dyn Write) -> CliResult {
    let store = open(data_dir)?;
    let version = store.schema_version().map_err(|e| explain(&e))?;
    let backups = backup::list_backups(store.paths());
    let mut text = format!(
        "Data folder: {}\nData file: OK (data version {version})\nBackup copies: {}\n",
        data_dir.display(),
        backups.len()
    );
    for b in &backups {
        text.push_str(&format!("  {}\n", b.name));
    }
    out.write_all(text.as_bytes()).map_err(|e| e.to_string())
}

fn group_show(data_dir: &Path, json: bool, out: &mut dyn Write) -> CliResult {
    let profile = group::load(&open(data_dir)?).map_err(|e| explain(&e))?;
    let text = if json {
        serde_json::to_string_pretty(&profile).map_err(|e| e.to_string())? + "\n"
    } else {
        let d = &profile.details;
        let logo = match &profile.logo {
            Some(l) => format!("{} x {} pixels ({})", l.width, l.height, l.mime),
            None => "none".into(),
        };
        format!(
            "Name: {}\nEmail: {}\nPhone: {}\nWebsite: {}\nLocal area: {}\nBrand colour: {}\nLogo: {logo}\n",
            d.name, d.contact_email, d.phone, d.website, d.local_area, d.brand_colour
        )
    };
    out.write_all(text.as_bytes()).map_err(|e| e.to_string())
}

fn group_set(data_dir: &Path, set: GroupSet, out: &mut dyn Write) -> CliResult {
    let store = open(data_dir)?;
    let current = group::load(&store).map_err(|e| explain(&e))?.details;
    let details = GroupDetails {
        name: set.name.unwrap_or(current.name),
        contact_email: set.email.unwrap_or(current.contact_email),
        phone: set.phone.unwrap_or(current.phone),
        website: set.website.unwrap_or(current.website),
        local_area: set.area.unwrap_or(current.local_area),
        brand_colour: set.colour.unwrap_or(current.brand_colour),
    };
    // Check the logo before saving anything, so a bad file changes nothing.
    let logo = match &set.logo {
        Some(path) => {
            let data = std::fs::read(path)
                .map_err(|e| format!("could not read {}: {e}", path.display()))?;
            Some(group::check_logo(data).map_err(|e| explain(&e))?)
        }
        None => None,
    };
    group::validate(&details).map_err(|problems| explain(&group::GroupError::Invalid(problems)))?;
    group::save(&store, &details).map_err(|e| explain(&e))?;
    if let Some(logo) = logo {
        group::save_logo(&store, logo.data).map_err(|e| explain(&e))?;
    }
    if set.remove_logo {
        group::remove_logo(&store).map_err(|e| explain(&e))?;
    }
    writeln!(out, "Saved.").map_err(|e| e.to_string())
}
