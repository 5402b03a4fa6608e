//! Where Campaign Kit keeps its data. The desktop app and the command line both call
//! [`resolve_data_dir`], so they always agree.

use std::path::{Path, PathBuf};

/// The app's identifier; also the name of its folder inside the OS app-data folder.
/// Must match `identifier` in `tauri.conf.json`.
pub const APP_IDENTIFIER: &str = "uk.campaignkit.CampaignKit";

/// Set this to run from another folder (a USB stick, say) without typing `--data-dir`.
pub const DATA_DIR_ENV: &str = "CAMPAIGN_KIT_DATA_DIR";

/// The database file's name inside the data folder.
pub const DATABASE_FILE: &str = "campaign-kit.sqlite3";

/// Where the data lives, in order of precedence: the `--data-dir` option, the
/// `CAMPAIGN_KIT_DATA_DIR` environment variable, then the OS app-data folder
/// (`~/.local/share/uk.campaignkit.CampaignKit` on Linux).
pub fn resolve_data_dir(option: Option<&Path>) -> PathBuf {
    if let Some(dir) = option {
        return dir.to_path_buf();
    }
    if let Some(dir) = std::env::var_os(DATA_DIR_ENV).filter(|v| !v.is_empty()) {
        return PathBuf::from(dir);
    }
    default_data_dir()
}

/// The OS app-data folder for Campaign Kit. Falls back to the working folder only on a system
/// with no home folder at all, where there is nowhere better.
pub fn default_data_dir() -> PathBuf {
    dirs::data_dir()
        .unwrap_or_else(|| PathBuf::from("."))
        .join(APP_IDENTIFIER)
}

/// The files and folders inside one data folder.
#[derive(Debug, Clone)]
pub struct DataPaths {
    pub root: PathBuf,
    pub database: PathBuf,
    pub backups: PathBuf,
    /// Damaged database files are moved here, never deleted.
    pub damaged: PathBuf,
}

impl DataPaths {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        let root = root.into();
        DataPaths {
            database: root.join(DATABASE_FILE),
            backups: root.join("backups"),
            damaged: root.join("damaged"),
            root,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_explicit_folder_wins_over_everything() {
        let chosen = Path::new("/media/usb/campaign");
        assert_eq!(resolve_data_dir(Some(chosen)), chosen);
    }

    #[test]
    fn default_folder_is_named_after_the_app() {
        assert!(default_data_dir().ends_with(APP_IDENTIFIER));
    }

    #[test]
    fn data_paths_keep_everything_inside_the_folder() {
        let p = DataPaths::new("/data");
        assert_eq!(p.database, Path::new("/data/campaign-kit.sqlite3"));
        assert!(p.backups.starts_with("/data") && p.damaged.starts_with("/data"));
    }
}
