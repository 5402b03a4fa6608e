//! Knowing whether the last program to use the data ended cleanly.
//!
//! Checking every page of the data file takes most of a second at a million signatures, too
//! slow for every start of the app and every command. It is needed after the one thing that
//! can leave a file half-written: a program stopped mid-write (killed, crashed, the battery
//! ran out). So each program that opens the data leaves a mark in `in-use/` and keeps it
//! locked until it closes the data, when it removes it. The system drops the lock when a
//! program ends, however it ends; so a mark nobody holds was left by a program that did not
//! close the data, and the next start checks the file in full.

use std::fs::{File, TryLockError};
use std::path::{Path, PathBuf};

/// This program's mark: held locked while the data is open, removed when it is closed.
#[derive(Debug)]
pub(crate) struct InUseMark {
    file: Option<File>,
    path: PathBuf,
}

impl InUseMark {
    /// Leaves a mark in `folder` and locks it. `None` where the folder or its file system
    /// cannot hold a locked file (then every open checks the file, as it would after a crash).
    pub(crate) fn claim(folder: &Path) -> Option<InUseMark> {
        std::fs::create_dir_all(folder).ok()?;
        let name = format!("{}-{}", std::process::id(), uuid::Uuid::new_v4().simple());
        let path = folder.join(name);
        let file = File::create(&path).ok()?;
        if file.try_lock().is_err() {
            let _ = std::fs::remove_file(&path);
            return None;
        }
        Some(InUseMark {
            file: Some(file),
            path,
        })
    }
}

impl Drop for InUseMark {
    fn drop(&mut self) {
        // Closed first: Windows will not delete a file that is still open.
        drop(self.file.take());
        let _ = std::fs::remove_file(&self.path);
    }
}

/// Whether a program that had the data open ended without closing it. Its marks are removed,
/// so the next start does not check again for the same reason. A folder that cannot be read
/// counts as an unclean end: checking once too often costs a second, missing damage costs data.
pub(crate) fn unclean_end_found(folder: &Path) -> bool {
    let entries = match std::fs::read_dir(folder) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return false,
        Err(_) => return true,
    };
    let mut found = false;
    for entry in entries {
        let Ok(entry) = entry else {
            found = true;
            continue;
        };
        found |= left_behind(&entry.path());
    }
    found
}

/// Whether the mark at `path` was left by a program that is no longer running; if so it is
/// removed. A mark another running program holds is left alone.
fn left_behind(path: &Path) -> bool {
    let Ok(file) = File::options().read(true).write(true).open(path) else {
        // Gone already (its program closed the data just now), or not ours to open.
        return path.exists();
    };
    match file.try_lock() {
        Ok(()) => {
            drop(file);
            let _ = std::fs::remove_file(path);
            true
        }
        Err(TryLockError::WouldBlock) => false,
        Err(TryLockError::Error(_)) => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_held_mark_is_in_use_and_a_released_one_is_gone() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("in-use");
        let mark = InUseMark::claim(&folder).expect("a temp folder can hold a lock");
        assert!(!unclean_end_found(&folder), "a live program's mark");
        assert_eq!(std::fs::read_dir(&folder).unwrap().count(), 1);
        drop(mark);
        assert_eq!(std::fs::read_dir(&folder).unwrap().count(), 0);
        assert!(!unclean_end_found(&folder));
    }

    #[test]
    fn a_mark_nobody_holds_is_an_unclean_end_found_once() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("in-use");
        std::fs::create_dir_all(&folder).unwrap();
        // What a killed program leaves: the file, with its lock dropped by the system.
        std::fs::write(folder.join("4242-killed"), b"").unwrap();
        assert!(unclean_end_found(&folder));
        assert!(!unclean_end_found(&folder), "the mark was cleared");
    }

    #[test]
    fn no_folder_means_no_program_has_used_the_data() {
        let dir = tempfile::tempdir().unwrap();
        assert!(!unclean_end_found(&dir.path().join("in-use")));
    }
}
