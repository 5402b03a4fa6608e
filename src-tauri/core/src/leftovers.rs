//! Half-written files of people's data. An export (a CSV of signatures, a petition bundle, a
//! person's copy of their data) is written under a temporary name beside where the person
//! chose, and renamed when complete. One cut short (the app killed, the battery flat) would
//! leave that half file, full of names, on the laptop or the stick. So each is noted in the
//! data file before writing and crossed off after, and every start removes any left over.

use std::path::{Path, PathBuf};

use rusqlite::Connection;

const KEY_PREFIX: &str = "unfinished_file:";

/// Notes that `partial` is about to be written.
pub fn note(conn: &Connection, partial: &Path) -> rusqlite::Result<()> {
    let path = partial.display().to_string();
    conn.execute(
        "INSERT OR REPLACE INTO settings (key, value) VALUES (?1, ?2)",
        [format!("{KEY_PREFIX}{path}"), path],
    )?;
    Ok(())
}

/// Crosses off `partial`: it was renamed into place, or removed.
pub fn cross_off(conn: &Connection, partial: &Path) -> rusqlite::Result<()> {
    conn.execute(
        "DELETE FROM settings WHERE key = ?1",
        [format!("{KEY_PREFIX}{}", partial.display())],
    )?;
    Ok(())
}

/// Removes every half-written file still noted, and returns the ones removed.
pub fn sweep(conn: &Connection) -> rusqlite::Result<Vec<PathBuf>> {
    let noted: Vec<String> = conn
        .prepare("SELECT value FROM settings WHERE key LIKE ?1")?
        .query_map([format!("{KEY_PREFIX}%")], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut removed = Vec::new();
    for path in noted.iter().map(PathBuf::from) {
        // A stick that is not plugged in now keeps its note for a later start.
        let folder_there = path.parent().is_some_and(Path::is_dir);
        if !folder_there {
            continue;
        }
        if std::fs::remove_file(&path).is_ok() {
            removed.push(path.clone());
        }
        cross_off(conn, &path)?;
    }
    Ok(removed)
}

/// Runs `save`, which writes `path` through [`crate::files::write_streamed`] or
/// [`crate::files::write_whole`], with its temporary file noted for the length of the save.
pub fn guarded<T, E: From<rusqlite::Error>>(
    conn: &Connection,
    path: &Path,
    save: impl FnOnce() -> Result<T, E>,
) -> Result<T, E> {
    let partial = crate::files::partial_path(path);
    note(conn, &partial)?;
    let result = save();
    cross_off(conn, &partial)?;
    result
}
