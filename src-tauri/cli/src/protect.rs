//! `campaign-kit protect …`: lock this laptop's data with a passphrase, change it, or turn
//! protection off; and the passphrase prompt every other command uses on protected data.
//!
//! A passphrase is never taken as an argument (it would show to anyone listing the running
//! programs): it is typed at a prompt that does not show it, or, for scripts, read from
//! `CAMPAIGN_KIT_PASSPHRASE` (and `CAMPAIGN_KIT_NEW_PASSPHRASE` for a new one).

use std::io::Write;
use std::path::{Path, PathBuf};

use campaign_kit_core::paths::DataPaths;
use campaign_kit_core::protection::{self, RecoveryKey, switch};
use campaign_kit_core::store::Store;
use clap::Subcommand;

use crate::{CliResult, explain};

pub const PASSPHRASE_ENV: &str = "CAMPAIGN_KIT_PASSPHRASE";
pub const NEW_PASSPHRASE_ENV: &str = "CAMPAIGN_KIT_NEW_PASSPHRASE";
pub const BUNDLE_PASSPHRASE_ENV: &str = "CAMPAIGN_KIT_BUNDLE_PASSPHRASE";

#[derive(Debug, Subcommand)]
pub enum ProtectCommand {
    /// Say whether this laptop's data is protected.
    Status,
    /// Protect the data with a passphrase, and save the recovery sheet to print.
    On {
        /// Where to save the recovery sheet (a PDF to print and keep at home).
        #[arg(long, value_name = "FILE.pdf")]
        recovery_sheet: PathBuf,
    },
    /// Change the passphrase (the recovery sheet stays the same).
    Change,
    /// Turn protection off: the data is stored unencrypted again.
    Off,
}

pub(crate) fn run(data_dir: &Path, command: ProtectCommand, out: &mut dyn Write) -> CliResult {
    let io = |e: std::io::Error| format!("could not write the output: {e}");
    match command {
        ProtectCommand::Status => {
            let on = switch::needs_key(&DataPaths::new(data_dir)).map_err(|e| explain(&e))?;
            let words = if on {
                "This laptop's data is protected with a passphrase."
            } else {
                "This laptop's data is not protected. Turn it on with: campaign-kit protect on --recovery-sheet FILE.pdf"
            };
            writeln!(out, "{words}").map_err(io)
        }
        ProtectCommand::On { recovery_sheet } => {
            let store = crate::open(data_dir)?;
            let passphrase = new_passphrase()?;
            let (_, _) = switch::protect(store, &passphrase.0, &passphrase.1, &recovery_sheet)
                .map_err(|e| explain(&e))?;
            writeln!(
                out,
                "This laptop's data is now protected. Print the recovery sheet ({}), keep it at home, then delete the file.",
                recovery_sheet.display()
            )
            .map_err(io)
        }
        ProtectCommand::Change => {
            let typed = passphrase("Passphrase now (or recovery key): ")?;
            let new = new_passphrase()?;
            switch::check_new_passphrase(&new.0, &new.1, &[]).map_err(|e| explain(&e))?;
            switch::change_passphrase(data_dir, &typed, &new.0).map_err(|e| explain(&e))?;
            writeln!(
                out,
                "The passphrase is changed. The recovery sheet still works."
            )
            .map_err(io)
        }
        ProtectCommand::Off => {
            let typed = passphrase("Passphrase (or recovery key): ")?;
            let key = protection::unlock(data_dir, &typed).map_err(|e| explain(&e))?;
            let store = Store::open_unlocked(data_dir, Some(&key)).map_err(|e| explain(&e))?;
            switch::turn_off(store, &typed).map_err(|e| explain(&e))?;
            writeln!(
                out,
                "Protection is off: the data is stored unencrypted again. Shred the old recovery sheet."
            )
            .map_err(io)
        }
    }
}

/// The recovery key for protected data (`None` if the data is not protected).
pub(crate) fn unlock(data_dir: &Path) -> Result<Option<RecoveryKey>, String> {
    if !switch::needs_key(&DataPaths::new(data_dir)).map_err(|e| explain(&e))? {
        return Ok(None);
    }
    let typed = passphrase("Passphrase (or recovery key): ")?;
    protection::unlock(data_dir, &typed)
        .map(Some)
        .map_err(|e| explain(&e))
}

/// The passphrase from `CAMPAIGN_KIT_PASSPHRASE`, or typed without being shown.
fn passphrase(prompt: &str) -> Result<String, String> {
    from_env_or_prompt(PASSPHRASE_ENV, prompt)
}

/// A new passphrase and its confirmation: from `CAMPAIGN_KIT_NEW_PASSPHRASE` (used for
/// both), or typed twice.
fn new_passphrase() -> Result<(String, String), String> {
    if let Some(new) = std::env::var(NEW_PASSPHRASE_ENV)
        .ok()
        .filter(|p| !p.is_empty())
    {
        return Ok((new.clone(), new));
    }
    let first = from_env_or_prompt(NEW_PASSPHRASE_ENV, "New passphrase: ")?;
    let again = from_env_or_prompt(NEW_PASSPHRASE_ENV, "The new passphrase again: ")?;
    Ok((first, again))
}

/// The passphrase that locks a new petition bundle: safe enough, and typed the same twice
/// (or from `CAMPAIGN_KIT_BUNDLE_PASSPHRASE`).
pub(crate) fn new_bundle_passphrase() -> Result<String, String> {
    let (first, again) = match std::env::var(BUNDLE_PASSPHRASE_ENV)
        .ok()
        .filter(|p| !p.is_empty())
    {
        Some(set) => (set.clone(), set),
        None => (
            from_env_or_prompt(
                BUNDLE_PASSPHRASE_ENV,
                "Passphrase to lock the bundle with: ",
            )?,
            from_env_or_prompt(BUNDLE_PASSPHRASE_ENV, "The passphrase again: ")?,
        ),
    };
    switch::check_new_passphrase(&first, &again, &[]).map_err(|e| explain(&e))?;
    Ok(first)
}

/// The passphrase of a locked bundle being merged.
pub(crate) fn bundle_passphrase() -> Result<String, String> {
    from_env_or_prompt(BUNDLE_PASSPHRASE_ENV, "The bundle's passphrase: ")
}

fn from_env_or_prompt(variable: &str, prompt: &str) -> Result<String, String> {
    if let Some(value) = std::env::var(variable).ok().filter(|p| !p.is_empty()) {
        return Ok(value);
    }
    rpassword::prompt_password(prompt).map_err(|_| {
        format!(
            "a passphrase is needed, and there is no terminal to type it in. Run the command \
             in a terminal, or set {variable} for a script."
        )
    })
}
