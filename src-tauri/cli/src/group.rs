//! `campaign-kit group …`: show or change the group's details ("Our group").

use std::io::Write;
use std::path::{Path, PathBuf};

use campaign_kit_core::files::read_limited;
use campaign_kit_core::group::{self, GroupDetails};
use clap::{Args, Subcommand};

use crate::{CliResult, explain, open};

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

pub(crate) fn run(data_dir: &Path, command: GroupCommand, out: &mut dyn Write) -> CliResult {
    match command {
        GroupCommand::Show { json } => show(data_dir, json, out),
        GroupCommand::Set(changes) => change(data_dir, changes, out),
    }
}

fn show(data_dir: &Path, json: bool, out: &mut dyn Write) -> CliResult {
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

fn change(data_dir: &Path, set: GroupSet, out: &mut dyn Write) -> CliResult {
    let mut store = open(data_dir)?;
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
            let data = read_limited(path, group::MAX_LOGO_BYTES as u64)
                .map_err(|e| format!("{} was not read: {e}", path.display()))?;
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
        // As in the app: into the bin, from where Our group can put it back for 30 days.
        match campaign_kit_core::bin::logo(&mut store) {
            Ok(_) | Err(campaign_kit_core::bin::BinError::NotFound) => {}
            Err(e) => return Err(explain(&e)),
        }
    }
    writeln!(out, "Saved.").map_err(|e| e.to_string())
}
