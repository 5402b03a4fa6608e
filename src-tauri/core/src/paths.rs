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

/// The folder name that makes a copy of the app portable: when a folder called `data` sits
/// beside the program (on a USB stick, say), the app keeps its data there, so a group can
/// carry the app and its data together and use any laptop.
pub const PORTABLE_DATA_FOLDER: &str = "data";

/// Where the data lives, in order of precedence: the `--data-dir` option, the
/// `CAMPAIGN_KIT_DATA_DIR` environment variable, a `data` folder beside the program, then the
/// OS app-data folder (`%APPDATA%\uk.campaignkit.CampaignKit` on Windows,
/// `~/.local/share/uk.campaignkit.CampaignKit` on Linux).
pub fn resolve_data_dir(option: Option<&Path>) -> PathBuf {
    if let Some(dir) = option {
        return dir.to_path_buf();
    }
    if let Some(dir) = std::env::var_os(DATA_DIR_ENV).filter(|v| !v.is_empty()) {
        return PathBuf::from(dir);
    }
    let program = std::env::current_exe().ok();
    if let Some(dir) = program.as_deref().and_then(portable_data_dir) {
        return dir;
    }
    default_data_dir()
}

/// The `data` folder beside `program`, if there is one.
pub fn portable_data_dir(program: &Path) -> Option<PathBuf> {
    let dir = program.parent()?.join(PORTABLE_DATA_FOLDER);
    dir.is_dir().then_some(dir)
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
    /// One locked mark per program that has the data open (see `store::in_use`).
    pub in_use: PathBuf,
}

impl DataPaths {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        let root = root.into();
        DataPaths {
            database: root.join(DATABASE_FILE),
            backups: root.join("backups"),
            damaged: root.join("damaged"),
            in_use: root.join("in-use"),
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
    fn a_data_folder_beside_the_program_makes_it_portable() {
        let stick = tempfile::tempdir().expect("dir");
        let program = stick.path().join("Campaign Kit.exe");
        assert_eq!(portable_data_dir(&program), None, "no data folder yet");
        std::fs::create_dir(stick.path().join("data")).expect("mkdir");
        assert_eq!(portable_data_dir(&program), Some(stick.path().join("data")));
    }

    #[test]
    fn a_file_called_data_is_not_a_data_folder() {
        let stick = tempfile::tempdir().expect("dir");
        std::fs::write(stick.path().join("data"), b"not a folder").expect("write");
        assert_eq!(portable_data_dir(&stick.path().join("campaign-kit")), None);
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
