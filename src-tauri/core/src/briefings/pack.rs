//! Briefing packs: several briefings and their pictures in one file, to pass between groups on
//! a USB stick or by email.
//!
//! A pack is a zip file (every computer can open one, and email accepts it) laid out as
//!
//! ```text
//! pack.toml                        the manifest: format, version, title, and what is inside
//! briefings/<id>.md                each briefing, front matter and Markdown
//! images/<id>/<name>.png|.jpg      pictures, written in the Markdown as images/<name>
//! ```
//!
//! Reading checks everything before anything is stored: every name in the zip, the manifest,
//! each briefing and each picture. A pack that fails any check imports nothing.

use std::io::{Cursor, Read, Write};

use serde::{Deserialize, Serialize};

use super::{Briefing, BriefingError, BriefingMeta, parse};
use crate::problem::Problem;

/// What the manifest's `format` says; anything else is not one of our packs.
const FORMAT: &str = "campaign-kit-briefing-pack";
/// The pack layout this build writes and reads. A higher number means a newer Campaign Kit.
pub const FORMAT_VERSION: u32 = 1;
const MANIFEST: &str = "pack.toml";

/// Limits that no real pack comes near, so a hostile one cannot fill the disk or memory.
pub const MAX_PACK_BYTES: usize = 100 * 1024 * 1024;
const MAX_ENTRIES: usize = 1000;
const MAX_UNPACKED_BYTES: usize = 200 * 1024 * 1024;
pub const MAX_IMAGE_BYTES: usize = 10 * 1024 * 1024;
const MAX_MANIFEST_BYTES: usize = 1024 * 1024;

/// A picture inside a briefing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackImage {
    /// The file name the Markdown uses after `images/`.
    pub name: String,
    pub mime: &'static str,
    pub bytes: Vec<u8>,
}

/// One briefing read from a pack, checked and parsed.
#[derive(Debug, Clone)]
pub struct PackBriefing {
    pub briefing: Briefing,
    /// The briefing file as written (front matter and Markdown).
    pub file: String,
    pub images: Vec<PackImage>,
}

/// A whole pack, checked.
#[derive(Debug, Clone)]
pub struct Pack {
    pub title: String,
    pub created: String,
    pub briefings: Vec<PackBriefing>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PackError {
    #[error("That pack is too big (over 100 MB). Nothing was imported.")]
    TooLarge,
    #[error(
        "That pack holds more than 1,000 files; a briefing pack never needs that many. Nothing was imported."
    )]
    TooManyFiles,
    #[error(
        "That file is not a Campaign Kit briefing pack, or it is damaged. Nothing was imported."
    )]
    NotAPack,
    #[error(
        "The pack holds a file with an unsafe name ({0}) that could write outside the pack. Nothing was imported."
    )]
    UnsafePath(String),
    #[error("The pack's list of contents has a mistake: {0}. Nothing was imported.")]
    Manifest(String),
    #[error(
        "This pack was made by a newer version of Campaign Kit. Please update Campaign Kit, then import it again. Nothing was imported."
    )]
    NewerFormat,
    #[error("The pack's list names {0}, but that file is not in the pack. Nothing was imported.")]
    MissingFile(String),
    #[error("{file} in the pack could not be read. {reason} Nothing was imported.")]
    Briefing { file: String, reason: String },
    #[error(
        "The picture {0} in the pack is not a PNG or JPEG image, or is over 10 MB. Nothing was imported."
    )]
    BadImage(String),
    #[error("That pack has no briefings in it.")]
    Empty,
}

impl Problem for PackError {
    fn code(&self) -> &'static str {
        match self {
            PackError::TooLarge => "pack_too_large",
            PackError::TooManyFiles => "pack_too_many_files",
            PackError::NotAPack => "pack_not_a_pack",
            PackError::UnsafePath(_) => "pack_unsafe_path",
            PackError::Manifest(_) => "pack_manifest",
            PackError::NewerFormat => "pack_newer_format",
            PackError::MissingFile(_) => "pack_missing_file",
            PackError::Briefing { .. } => "pack_briefing",
            PackError::BadImage(_) => "pack_bad_image",
            PackError::Empty => "pack_empty",
        }
    }
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Manifest {
    format: String,
    format_version: u32,
    #[serde(default)]
    title: String,
    #[serde(default)]
    created: String,
    #[serde(default)]
    briefings: Vec<ManifestEntry>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ManifestEntry {
    id: String,
    version: u32,
    file: String,
    #[serde(default)]
    images: Vec<String>,
}

/// Zip files start with these bytes; used to tell a pack from a Markdown file.
pub fn looks_like_pack(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

/// Reads and checks a whole pack.
pub fn read(bytes: &[u8]) -> Result<Pack, PackError> {
    if bytes.len() > MAX_PACK_BYTES {
        return Err(PackError::TooLarge);
    }
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| PackError::NotAPack)?;
    if zip.len() > MAX_ENTRIES {
        return Err(PackError::TooManyFiles);
    }
    check_names(&mut zip)?;
    let mut budget = MAX_UNPACKED_BYTES;
    let manifest = read_manifest(&mut zip, &mut budget)?;
    if manifest.briefings.is_empty() {
        return Err(PackError::Empty);
    }
    let mut briefings = Vec::new();
    for entry in &manifest.briefings {
        briefings.push(read_briefing(&mut zip, entry, &mut budget)?);
    }
    Ok(Pack {
        title: manifest.title,
        created: manifest.created,
        briefings,
    })
}

/// Every name in the zip must stay inside the pack: no `..`, no absolute paths, no drive
/// letters or backslashes. Checked for all entries before any is read.
fn check_names(zip: &mut zip::ZipArchive<Cursor<&[u8]>>) -> Result<(), PackError> {
    for i in 0..zip.len() {
        let file = zip.by_index_raw(i).map_err(|_| PackError::NotAPack)?;
        let name = file.name().map_err(|_| PackError::NotAPack)?.into_owned();
        if !is_safe_name(&name) || file.enclosed_name().is_none() {
            return Err(PackError::UnsafePath(name));
        }
    }
    Ok(())
}

fn is_safe_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('/')
        && !name.contains(['\\', ':', '\0'])
        && name
            .trim_end_matches('/')
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != "..")
}

fn read_manifest(
    zip: &mut zip::ZipArchive<Cursor<&[u8]>>,
    budget: &mut usize,
) -> Result<Manifest, PackError> {
    let bytes = read_entry(zip, MANIFEST, MAX_MANIFEST_BYTES, budget).map_err(|e| match e {
        PackError::MissingFile(_) => PackError::NotAPack,
        other => other,
    })?;
    let text =
        std::str::from_utf8(&bytes).map_err(|_| PackError::Manifest("it is not text".into()))?;
    // The format fields first, so a newer pack says "update" rather than "mistake".
    #[derive(Deserialize)]
    struct Header {
        format: String,
        format_version: u32,
    }
    let header: Header =
        toml::from_str(text).map_err(|e| PackError::Manifest(e.message().to_string()))?;
    if header.format != FORMAT {
        return Err(PackError::NotAPack);
    }
    if header.format_version > FORMAT_VERSION {
        return Err(PackError::NewerFormat);
    }
    toml::from_str(text).map_err(|e| PackError::Manifest(e.message().to_string()))
}

fn read_briefing(
    zip: &mut zip::ZipArchive<Cursor<&[u8]>>,
    entry: &ManifestEntry,
    budget: &mut usize,
) -> Result<PackBriefing, PackError> {
    let bytes = read_entry(zip, &entry.file, super::MAX_BRIEFING_BYTES, budget)?;
    let failed = |reason: String| PackError::Briefing {
        file: entry.file.clone(),
        reason,
    };
    let file = std::str::from_utf8(&bytes)
        .map_err(|_| failed(BriefingError::NotUtf8.to_string()))?
        .to_string();
    let briefing = parse(&file).map_err(|e| failed(e.to_string()))?;
    if briefing.meta.id != entry.id || briefing.meta.version != entry.version {
        return Err(failed(
            "Its details do not match the pack's list of contents.".into(),
        ));
    }
    let mut images = Vec::new();
    for path in &entry.images {
        images.push(read_image(zip, &entry.id, path, budget)?);
    }
    Ok(PackBriefing {
        briefing,
        file,
        images,
    })
}

fn read_image(
    zip: &mut zip::ZipArchive<Cursor<&[u8]>>,
    id: &str,
    path: &str,
    budget: &mut usize,
) -> Result<PackImage, PackError> {
    let bad = || PackError::BadImage(path.to_string());
    let name = path
        .strip_prefix(&format!("images/{id}/"))
        .filter(|n| is_image_name(n))
        .ok_or_else(bad)?;
    let bytes = read_entry(zip, path, MAX_IMAGE_BYTES, budget).map_err(|e| match e {
        PackError::TooLarge => bad(),
        other => other,
    })?;
    let mime = image_type(&bytes).ok_or_else(bad)?;
    Ok(PackImage {
        name: name.to_string(),
        mime,
        bytes,
    })
}

/// Letters, digits, dots, hyphens and underscores, ending in .png, .jpg or .jpeg.
pub fn is_image_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    name.len() <= 100
        && !name.starts_with('.')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
        && [".png", ".jpg", ".jpeg"].iter().any(|e| lower.ends_with(e))
}

/// The picture's type from its first bytes (never from its name).
pub fn image_type(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if bytes.starts_with(b"\xFF\xD8\xFF") {
        Some("image/jpeg")
    } else {
        None
    }
}

/// Reads one entry, never more than `limit` bytes nor more than the pack's remaining budget,
/// whatever size the zip claims.
fn read_entry(
    zip: &mut zip::ZipArchive<Cursor<&[u8]>>,
    name: &str,
    limit: usize,
    budget: &mut usize,
) -> Result<Vec<u8>, PackError> {
    let file = zip
        .by_name(name)
        .map_err(|_| PackError::MissingFile(name.to_string()))?;
    let cap = limit.min(*budget);
    let mut bytes = Vec::new();
    file.take(cap as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|_| PackError::NotAPack)?;
    if bytes.len() > cap {
        return Err(PackError::TooLarge);
    }
    *budget -= bytes.len();
    Ok(bytes)
}

/// One briefing to put in a pack.
pub struct ToPack<'a> {
    pub meta: &'a BriefingMeta,
    pub file: &'a str,
    pub images: &'a [PackImage],
}

/// Writes a pack. Only fails if memory runs out, which the zip writer reports as an error.
pub fn write(title: &str, created: &str, items: &[ToPack<'_>]) -> std::io::Result<Vec<u8>> {
    let manifest = Manifest {
        format: FORMAT.into(),
        format_version: FORMAT_VERSION,
        title: title.into(),
        created: created.into(),
        briefings: items
            .iter()
            .map(|item| ManifestEntry {
                id: item.meta.id.clone(),
                version: item.meta.version,
                file: format!("briefings/{}.md", item.meta.id),
                images: item
                    .images
                    .iter()
                    .map(|i| format!("images/{}/{}", item.meta.id, i.name))
                    .collect(),
            })
            .collect(),
    };
    let manifest_text = toml::to_string(&manifest).map_err(std::io::Error::other)?;
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    zip.start_file(MANIFEST, options)
        .map_err(std::io::Error::other)?;
    zip.write_all(manifest_text.as_bytes())?;
    for (item, entry) in items.iter().zip(&manifest.briefings) {
        zip.start_file(entry.file.as_str(), options)
            .map_err(std::io::Error::other)?;
        zip.write_all(item.file.as_bytes())?;
        for (image, path) in item.images.iter().zip(&entry.images) {
            zip.start_file(path.as_str(), options)
                .map_err(std::io::Error::other)?;
            zip.write_all(&image.bytes)?;
        }
    }
    Ok(zip.finish().map_err(std::io::Error::other)?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_that_leave_the_pack_are_unsafe() {
        for name in [
            "../x",
            "../../x",
            "a/../../x",
            "/etc/passwd",
            "C:\\x",
            "a\\..\\x",
            "a//b",
            "./x",
        ] {
            assert!(!is_safe_name(name), "{name}");
        }
        for name in ["pack.toml", "briefings/a.md", "images/a/map.png", "images/"] {
            assert!(is_safe_name(name), "{name}");
        }
    }

    #[test]
    fn picture_names_are_plain_and_types_come_from_the_bytes() {
        assert!(is_image_name("map-2021_v2.png"));
        assert!(!is_image_name("../map.png"));
        assert!(!is_image_name("map.svg"));
        assert!(!is_image_name(".hidden.png"));
        assert_eq!(image_type(b"\x89PNG\r\n\x1a\nrest"), Some("image/png"));
        assert_eq!(image_type(b"<svg onload=alert(1)>"), None);
    }
}
