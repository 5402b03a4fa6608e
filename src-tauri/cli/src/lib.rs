//! The `campaign-kit` command line. The desktop binary calls [`dispatch`] first: with no
//! command it opens the window, otherwise it runs the command here and exits, without ever
//! starting the GUI. So one installed program serves both, and both find the same data.

use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};

use campaign_kit_core::paths::{DataPaths, resolve_data_dir};
use campaign_kit_core::problem::Problem;
use campaign_kit_core::store::{self, Store, backup};
use clap::{Parser, Subcommand};

mod briefing;
mod group;
mod leaflet;
mod letter;
mod petition;
mod protect;

/// Campaign Kit: briefings, leaflets, petitions and letters for local health campaigns.
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
    Group(group::GroupCommand),
    /// List, search and import briefings.
    #[command(subcommand)]
    Briefing(briefing::BriefingCommand),
    /// Make leaflets and posters as print-ready PDFs.
    #[command(subcommand)]
    Leaflet(leaflet::LeafletCommand),
    /// Petitions: make one, add signatures, import and export, merge laptops, see progress.
    #[command(subcommand)]
    Petition(petition::PetitionCommand),
    /// Letters, motions, press releases and FOI requests, and the people you write to.
    #[command(subcommand)]
    Letter(letter::LetterCommand),
    /// Protect this laptop's data with a passphrase, change it, or turn protection off.
    /// The passphrase is typed when asked (or set in CAMPAIGN_KIT_PASSPHRASE for scripts).
    #[command(subcommand)]
    Protect(protect::ProtectCommand),
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

/// Opens the data, asking for the passphrase first if it is protected.
fn open(data_dir: &Path) -> Result<Store, String> {
    let key = protect::unlock(data_dir)?;
    Store::open_unlocked(data_dir, key.as_ref()).map_err(|e| explain(&e))
}

/// Opens the data as the app does, with the bundled briefings brought up to date.
fn open_synced(data_dir: &Path) -> Result<Store, String> {
    let key = protect::unlock(data_dir)?;
    campaign_kit_core::startup::open(data_dir, key.as_ref()).map_err(|e| explain(&e))
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
            let key = protect::unlock(data_dir)?;
            let (_, used) =
                store::restore_newest_backup(data_dir, key.as_ref()).map_err(|e| explain(&e))?;
            writeln!(
                out,
                "Restored the backup {}. The previous file is kept in {}.",
                used.name,
                DataPaths::new(data_dir).damaged.display()
            )
            .map_err(io)
        }
        Command::Group(command) => group::run(data_dir, command, out),
        Command::Briefing(command) => briefing::run(data_dir, command, out),
        Command::Leaflet(command) => leaflet::run(data_dir, command, out),
        Command::Petition(command) => petition::run(data_dir, command, out),
        Command::Letter(command) => letter::run(data_dir, command, out),
        Command::Protect(command) => protect::run(data_dir, command, out),
    }
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
