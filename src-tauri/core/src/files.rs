//! Saving a file where a person chose (a PDF, a pack, a design file): written under a
//! temporary name first and renamed when complete, so a full USB stick or a pulled-out cable
//! never leaves half a file with the real name.

use std::fs::File;
use std::io::{BufWriter, Read, Write};
use std::path::Path;

/// Why a file a person chose was not read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadRefused {
    #[error("it is not a file (a folder or a device, perhaps)")]
    NotAFile,
    #[error("it is bigger than the {limit_mb} MB Campaign Kit reads for this")]
    TooBig { limit_mb: u64 },
    #[error("it could not be read ({0})")]
    Unreadable(String),
}

/// Reads a file a person chose, refusing anything that is not a regular file and stopping at
/// `limit` bytes whatever size the file claims: `/dev/zero`, a pipe or a file still growing
/// would otherwise fill the memory.
pub fn read_limited(path: &Path, limit: u64) -> Result<Vec<u8>, ReadRefused> {
    let unreadable = |e: std::io::Error| ReadRefused::Unreadable(e.to_string());
    // Looked at before opening: Windows cannot open a folder as a file at all.
    let metadata = std::fs::metadata(path).map_err(unreadable)?;
    if !metadata.is_file() {
        return Err(ReadRefused::NotAFile);
    }
    let file = File::open(path).map_err(unreadable)?;
    let too_big = ReadRefused::TooBig {
        limit_mb: limit.div_ceil(1024 * 1024),
    };
    // Refused at once when the file says it is too big; the reading below is capped anyway,
    // for a file that says less than it holds.
    if metadata.len() > limit {
        return Err(too_big);
    }
    // Room for what the file says it holds, plus the byte that shows where it ends: a 6 MB
    // phone photo is then read in place, not copied into a buffer doubled five times.
    let claimed = usize::try_from(metadata.len()).map_err(|_| too_big.clone())?;
    let mut bytes = Vec::with_capacity(claimed.saturating_add(1));
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    if bytes.len() as u64 > limit {
        return Err(too_big);
    }
    Ok(bytes)
}

/// A plain name made from a title, for ids and file names: lower-case letters, digits and
/// hyphens, at most 60 characters. "ICSs in 2 minutes!" becomes "icss-in-2-minutes". A title
/// with no letters or digits at all gives `fallback`.
pub fn slug(title: &str, fallback: &str) -> String {
    let mut out = String::new();
    for c in title.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out: String = out.trim_end_matches('-').chars().take(60).collect();
    if out.is_empty() {
        fallback.into()
    } else if is_windows_device_name(&out) {
        // "con.pdf" or "aux.zip" cannot be a file on Windows, whatever the folder.
        format!("{out}-{fallback}")
    } else {
        out
    }
}

/// The names Windows keeps for devices: no file may be called `CON`, `aux.pdf` or `com1.zip`.
fn is_windows_device_name(stem: &str) -> bool {
    let stem = stem.to_ascii_lowercase();
    matches!(stem.as_str(), "con" | "prn" | "aux" | "nul")
        || ["com", "lpt"].iter().any(|device| {
            stem.strip_prefix(device)
                .is_some_and(|n| n.len() == 1 && n.as_bytes()[0].is_ascii_digit() && n != "0")
        })
}

/// Writes `bytes` to `path` whole or not at all. The error is a reason in plain words.
pub fn write_whole(path: &Path, bytes: &[u8]) -> Result<(), String> {
    write_streamed(path, |out| out.write_all(bytes))
}

/// Like [`write_whole`] for a file made piece by piece (a large export), so it need not be
/// held in memory: `fill` writes to a temporary file that is renamed only when complete.
pub fn write_streamed(
    path: &Path,
    fill: impl FnOnce(&mut BufWriter<File>) -> std::io::Result<()>,
) -> Result<(), String> {
    if cfg!(windows) {
        // Windows reads "con.tar.gz" and "con .pdf" as CON too.
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        let stem = name.split('.').next().unwrap_or_default().trim_end();
        if is_windows_device_name(stem) {
            return Err(format!(
                "Windows keeps the name \"{stem}\" for a device, so no file can have it: choose another name"
            ));
        }
    }
    refuse_to_replace_anything_but_a_file(path)?;
    let partial = partial_path(path);
    let written = File::create(&partial).and_then(|file| {
        let mut out = BufWriter::new(file);
        fill(&mut out)?;
        let file = out.into_inner().map_err(|e| e.into_error())?;
        file.sync_all()
    });
    let result = match written {
        Ok(()) => std::fs::rename(&partial, path).map_err(|e| replace_reason(&e, path)),
        Err(e) => Err(plain_reason(&e).to_string()),
    };
    if result.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
    result
}

/// Where a file being saved is written until it is complete: beside it, so the final rename
/// stays on the same disk.
pub fn partial_path(path: &Path) -> std::path::PathBuf {
    path.with_extension("partial")
}

/// A save replaces an ordinary file of the same name, and nothing else: not a folder, not a
/// device such as `/dev/full`, and not a link (which would leave its target as it was while
/// the link became a copy).
fn refuse_to_replace_anything_but_a_file(path: &Path) -> Result<(), String> {
    let Ok(there) = std::fs::symlink_metadata(path) else {
        return Ok(()); // nothing there yet
    };
    if there.is_file() {
        Ok(())
    } else if there.is_dir() {
        Err("that is a folder: add a file name to it, such as leaflet.pdf".into())
    } else {
        Err("that is not an ordinary file (a link or a device), so Campaign Kit will not write over it: choose another name".into())
    }
}

/// Why the finished file could not take the old one's place. The folder took the temporary
/// file, so a refusal here means the old file is in use: on Windows a file open in another
/// program (a PDF viewer, a spreadsheet) cannot be replaced. The old file is left as it was.
fn replace_reason(e: &std::io::Error, path: &Path) -> String {
    // ERROR_ACCESS_DENIED (5), ERROR_SHARING_VIOLATION (32), ERROR_LOCK_VIOLATION (33).
    let in_use = e.kind() == std::io::ErrorKind::PermissionDenied
        || (cfg!(windows) && matches!(e.raw_os_error(), Some(32 | 33)));
    if in_use && path.is_file() {
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        format!(
            "{name} is open in another program (a PDF viewer or a spreadsheet, say), so it cannot be replaced: close it there and save again, or save under another name"
        )
    } else {
        plain_reason(e).to_string()
    }
}

fn plain_reason(e: &std::io::Error) -> &'static str {
    match e.kind() {
        std::io::ErrorKind::PermissionDenied => "Campaign Kit is not allowed to write there",
        std::io::ErrorKind::NotFound => "that folder does not exist",
        std::io::ErrorKind::StorageFull => "the disk is full",
        _ => "the disk reported a problem",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_written_whole_or_not_at_all() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("leaflet.pdf");
        write_whole(&path, b"%PDF").expect("written");
        assert_eq!(std::fs::read(&path).expect("read"), b"%PDF");
        let nowhere = dir.path().join("no-such-folder").join("x.pdf");
        assert_eq!(
            write_whole(&nowhere, b"x"),
            Err("that folder does not exist".to_string())
        );
        assert!(!dir.path().join("no-such-folder").exists());
    }

    #[cfg(windows)]
    #[test]
    fn a_name_windows_keeps_for_a_device_is_refused_in_words() {
        let dir = tempfile::tempdir().expect("dir");
        let refused = write_whole(&dir.path().join("CON.pdf"), b"%PDF").expect_err("refused");
        assert!(
            refused.contains("Windows keeps the name \"CON\""),
            "{refused}"
        );
    }

    /// Windows only: a file held open by another program, as a PDF viewer holds the PDF it
    /// shows, cannot be replaced; the save says so and the old file stays whole.
    #[cfg(windows)]
    #[test]
    fn a_file_open_in_another_program_is_named_and_left_whole() {
        use std::os::windows::fs::OpenOptionsExt;
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("leaflet.pdf");
        write_whole(&path, b"%PDF old").expect("written");
        const FILE_SHARE_READ: u32 = 1;
        let viewer = std::fs::OpenOptions::new()
            .read(true)
            .share_mode(FILE_SHARE_READ)
            .open(&path)
            .expect("open like a viewer");
        let refused = write_whole(&path, b"%PDF new").expect_err("refused");
        assert!(
            refused.contains("leaflet.pdf is open in another program"),
            "{refused}"
        );
        drop(viewer);
        assert_eq!(std::fs::read(&path).expect("read"), b"%PDF old");
        assert!(!dir.path().join("leaflet.partial").exists());
        write_whole(&path, b"%PDF new").expect("closed, so saved");
    }

    #[test]
    fn reading_stops_at_the_limit_and_refuses_what_is_not_a_file() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("notes.md");
        std::fs::write(&path, vec![b'x'; 1000]).expect("write");
        assert_eq!(read_limited(&path, 1000).map(|b| b.len()), Ok(1000));
        assert_eq!(
            read_limited(&path, 999),
            Err(ReadRefused::TooBig { limit_mb: 1 })
        );
        assert_eq!(read_limited(dir.path(), 10), Err(ReadRefused::NotAFile));
        assert!(matches!(
            read_limited(&dir.path().join("gone.md"), 10),
            Err(ReadRefused::Unreadable(_))
        ));
    }

    /// The device that never ends: refused at once, without reading a byte.
    #[cfg(unix)]
    #[test]
    fn dev_zero_is_refused_at_once() {
        assert_eq!(
            read_limited(Path::new("/dev/zero"), 1024),
            Err(ReadRefused::NotAFile)
        );
    }

    #[test]
    fn only_an_ordinary_file_is_ever_replaced() {
        let dir = tempfile::tempdir().expect("dir");
        let refused = write_whole(dir.path(), b"%PDF").expect_err("a folder");
        assert!(refused.contains("that is a folder"), "{refused}");
        assert!(dir.path().is_dir());
        #[cfg(unix)]
        {
            let target = dir.path().join("target.pdf");
            std::fs::write(&target, b"theirs").expect("write");
            let link = dir.path().join("link.pdf");
            std::os::unix::fs::symlink(&target, &link).expect("link");
            let refused = write_whole(&link, b"%PDF").expect_err("a link");
            assert!(refused.contains("not an ordinary file"), "{refused}");
            assert_eq!(std::fs::read(&target).expect("read"), b"theirs");
            assert!(
                write_whole(Path::new("/dev/null"), b"%PDF")
                    .expect_err("a device")
                    .contains("not an ordinary file")
            );
        }
    }

    #[test]
    fn a_name_with_no_letters_falls_back() {
        assert_eq!(slug("Stall, 12 March!", "leaflet"), "stall-12-march");
        assert_eq!(slug("!!!", "leaflet"), "leaflet");
        assert_eq!(slug("", "briefing"), "briefing");
    }

    #[test]
    fn names_windows_keeps_for_devices_are_never_file_names() {
        assert_eq!(slug("CON", "leaflet"), "con-leaflet");
        assert_eq!(slug("Aux", "briefing"), "aux-briefing");
        assert_eq!(slug("com1", "leaflet"), "com1-leaflet");
        assert_eq!(slug("LPT9", "leaflet"), "lpt9-leaflet");
        assert_eq!(slug("com0", "leaflet"), "com0");
        assert_eq!(slug("Console", "leaflet"), "console");
        assert_eq!(slug("Con: a leaflet?", "leaflet"), "con-a-leaflet");
    }
}
