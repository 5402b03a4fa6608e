//! Design files, for sharing a leaflet with another group: one JSON file holding the design
//! and its photo (base64), named `*.ckdesign.json` so any computer can open it as text.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::design::{DESIGN_FORMAT_VERSION, Design};
use super::picture::{self, PictureError};
use crate::problem::Problem;

const FORMAT: &str = "campaign-kit-design";
/// A photo is at most 50 MB, which base64 makes about 67 MB.
pub const MAX_FILE_BYTES: usize = 70 * 1024 * 1024;

#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct FileContents {
    format: String,
    format_version: u32,
    name: String,
    design: Design,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    photo: Option<String>,
}

/// A design read from a file.
#[derive(Debug, Clone, PartialEq)]
pub struct DesignFile {
    pub name: String,
    pub design: Design,
    pub photo: Option<Vec<u8>>,
}

#[derive(Debug, Error)]
pub enum DesignFileError {
    #[error("This file is too big to be a Campaign Kit design (over 70 MB).")]
    TooLarge,
    #[error("This is not a Campaign Kit design file. Design files end in .ckdesign.json.")]
    NotADesign,
    #[error(
        "This design was made with a newer Campaign Kit (design format {0}). Please update Campaign Kit to open it."
    )]
    Newer(u32),
    #[error("The design's photo cannot be used: {0}")]
    Photo(PictureError),
    /// The file is a design file, but something in it is mistyped: serde's words, with the
    /// line and column, point a person editing it to the place.
    #[error("This design file has a mistake in it, so it was not used: {0}.")]
    Mistake(String),
    #[error("This design file cannot be used: {0}")]
    OutOfRange(#[from] super::design::OutOfRange),
}

impl Problem for DesignFileError {
    fn code(&self) -> &'static str {
        match self {
            DesignFileError::TooLarge => "design_too_large",
            DesignFileError::NotADesign => "design_not_a_design",
            DesignFileError::Newer(_) => "design_newer",
            DesignFileError::Photo(_) => "design_photo",
            DesignFileError::Mistake(_) => "design_mistake",
            DesignFileError::OutOfRange(_) => "design_out_of_range",
        }
    }
}

pub fn write(name: &str, design: &Design, photo: Option<&[u8]>) -> Vec<u8> {
    let contents = FileContents {
        format: FORMAT.into(),
        format_version: DESIGN_FORMAT_VERSION,
        name: name.into(),
        design: design.clone(),
        photo: photo.map(|bytes| STANDARD.encode(bytes)),
    };
    // Serialising our own plain struct to JSON cannot fail.
    serde_json::to_vec_pretty(&contents).unwrap_or_default()
}

/// Reads a design file, checking everything before anything is used.
pub fn read(bytes: &[u8]) -> Result<DesignFile, DesignFileError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(DesignFileError::TooLarge);
    }
    // The format and version first, so a newer file gets the right message even if the
    // rest has changed shape.
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Header {
        format: String,
        format_version: u32,
    }
    let header: Header = serde_json::from_slice(bytes).map_err(|_| DesignFileError::NotADesign)?;
    if header.format != FORMAT {
        return Err(DesignFileError::NotADesign);
    }
    if header.format_version > DESIGN_FORMAT_VERSION {
        return Err(DesignFileError::Newer(header.format_version));
    }
    let contents: FileContents =
        serde_json::from_slice(bytes).map_err(|e| DesignFileError::Mistake(e.to_string()))?;
    contents.design.check_numbers()?;
    let photo = match contents.photo {
        Some(text) => {
            let bytes = STANDARD
                .decode(text.as_bytes())
                .map_err(|_| DesignFileError::Photo(PictureError::Damaged))?;
            picture::check(&bytes).map_err(DesignFileError::Photo)?;
            Some(bytes)
        }
        None => None,
    };
    Ok(DesignFile {
        name: contents.name,
        design: contents.design,
        photo,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::print::templates;

    #[test]
    fn a_design_survives_the_round_trip() {
        let design = templates::by_id("a5-public")
            .expect("template")
            .new_design();
        let bytes = write("Saturday stall", &design, None);
        let back = read(&bytes).expect("reads");
        assert_eq!(back.name, "Saturday stall");
        assert_eq!(back.design, design);
        assert!(back.photo.is_none());
    }

    #[test]
    fn newer_foreign_and_broken_files_are_refused_in_plain_words() {
        let newer = br#"{"format":"campaign-kit-design","formatVersion":99,"something":"new"}"#;
        assert!(matches!(read(newer), Err(DesignFileError::Newer(99))));
        assert!(matches!(
            read(b"{\"format\":\"other\",\"formatVersion\":1}"),
            Err(DesignFileError::NotADesign)
        ));
        assert!(matches!(read(b"\x89PNG"), Err(DesignFileError::NotADesign)));
        assert!(matches!(read(b""), Err(DesignFileError::NotADesign)));
        let design = templates::by_id("a6-flyer").expect("template").new_design();
        let bad_photo = write("x", &design, Some(b"not a picture"));
        assert!(matches!(
            read(&bad_photo),
            Err(DesignFileError::Photo(PictureError::NotAPicture))
        ));
    }
}
