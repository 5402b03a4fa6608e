//! Saving a file where a person chose (a PDF, a pack, a design file): written under a
//! temporary name first and renamed when complete, so a full USB stick or a pulled-out cable
//! never leaves half a file with the real name.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

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
    if out.is_empty() { fallback.into() } else { out }
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
    let partial = path.with_extension("partial");
    let result = File::create(&partial).and_then(|file| {
        let mut out = BufWriter::new(file);
        fill(&mut out)?;
        let file = out.into_inner().map_err(|e| e.into_error())?;
        file.sync_all()?;
        std::fs::rename(&partial, path)
    });
    result.map_err(|e| {
        let _ = std::fs::remove_file(&partial);
        plain_reason(&e).to_string()
    })
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

    #[test]
    fn a_name_with_no_letters_falls_back() {
        assert_eq!(slug("Stall, 12 March!", "leaflet"), "stall-12-march");
        assert_eq!(slug("!!!", "leaflet"), "leaflet");
        assert_eq!(slug("", "briefing"), "briefing");
    }
}
