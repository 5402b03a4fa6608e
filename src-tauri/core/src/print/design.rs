//! A design: a template plus the words, photo settings and colours a group chose. This is
//! what the editor edits, what is saved in the database and what goes in a design file.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Bumped when a design file changes in a way an older Campaign Kit could not read.
pub const DESIGN_FORMAT_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase", default)]
pub struct Design {
    /// The template id, such as `a5-public`.
    pub template: String,
    /// The colour scheme id, such as `nhs-blue`.
    pub scheme: String,
    pub headline: String,
    pub subheading: String,
    /// Paragraphs, `- ` bullets, `**bold**`, `*italic*`.
    pub body: String,
    pub pull_quote: String,
    pub call_to_action: String,
    /// Printed as a QR code and as text. Empty for none.
    pub qr_link: String,
    /// The QR code's printed width, quiet zone not included.
    pub qr_size_mm: f32,
    /// Where the facts come from, in small print.
    pub sources: String,
    /// Only the meeting poster uses these.
    pub event: EventDetails,
    pub photo: PhotoSettings,
    /// Print the group's name, contact details and logo from "Our group".
    pub show_group: bool,
    /// Make the main text smaller, down to three quarters, until it fits.
    pub shrink_to_fit: bool,
}

impl Default for Design {
    fn default() -> Self {
        Design {
            template: String::new(),
            scheme: String::new(),
            headline: String::new(),
            subheading: String::new(),
            body: String::new(),
            pull_quote: String::new(),
            call_to_action: String::new(),
            qr_link: String::new(),
            qr_size_mm: 25.0,
            sources: String::new(),
            event: EventDetails::default(),
            photo: PhotoSettings::default(),
            show_group: true,
            shrink_to_fit: false,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase", default)]
pub struct EventDetails {
    pub date: String,
    pub time: String,
    pub place: String,
    /// One speaker per line.
    pub speakers: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase", default)]
pub struct PhotoSettings {
    pub fit: PhotoFit,
    /// Which part of the photo to keep when it is cropped to fill: 0 is the left (or top)
    /// edge, 1 the right (or bottom), 0.5 the middle.
    pub focus_x: f32,
    pub focus_y: f32,
    /// 1 shows the whole photo (fit) or the least crop (fill); 2 crops to the middle half.
    pub zoom: f32,
    /// What the photo shows, for people who cannot see it (tagged PDF).
    pub description: String,
}

impl Default for PhotoSettings {
    fn default() -> Self {
        PhotoSettings {
            fit: PhotoFit::Fill,
            focus_x: 0.5,
            focus_y: 0.5,
            zoom: 1.0,
            description: String::new(),
        }
    }
}

/// A number in a design outside what can make sense on paper, named as a person and as the
/// design file call it.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{what} ({field}) must be from {min} to {max}{unit}; this design has {found}.")]
pub struct OutOfRange {
    pub what: &'static str,
    pub field: &'static str,
    pub min: f32,
    pub max: f32,
    pub unit: &'static str,
    pub found: f32,
}

impl Design {
    /// Checks every number against the range the editor offers. A design file is text anyone
    /// can edit: a QR code 1000 mm wide left a blank page, and 1e308 wrote "-inf" into the PDF.
    pub fn check_numbers(&self) -> Result<(), OutOfRange> {
        let numbers = [
            (
                "The QR code's size",
                "qrSizeMm",
                self.qr_size_mm,
                10.0,
                120.0,
                " mm",
            ),
            (
                "The photo's focus across",
                "photo.focusX",
                self.photo.focus_x,
                0.0,
                1.0,
                "",
            ),
            (
                "The photo's focus down",
                "photo.focusY",
                self.photo.focus_y,
                0.0,
                1.0,
                "",
            ),
            (
                "The photo's zoom",
                "photo.zoom",
                self.photo.zoom,
                1.0,
                3.0,
                "",
            ),
        ];
        for (what, field, found, min, max, unit) in numbers {
            if !(found.is_finite() && (min..=max).contains(&found)) {
                return Err(OutOfRange {
                    what,
                    field,
                    min,
                    max,
                    unit,
                    found,
                });
            }
        }
        Ok(())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub enum PhotoFit {
    /// The whole photo, with space around it if the shapes differ.
    Fit,
    /// Fill the space, cropping the photo's edges.
    Fill,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_number_is_checked_and_the_message_names_its_field() {
        assert_eq!(Design::default().check_numbers(), Ok(()));
        let mut design = Design {
            qr_size_mm: 1000.0,
            ..Design::default()
        };
        let problem = design.check_numbers().expect_err("too big").to_string();
        assert_eq!(
            problem,
            "The QR code's size (qrSizeMm) must be from 10 to 120 mm; this design has 1000."
        );
        design.qr_size_mm = f32::INFINITY;
        assert!(design.check_numbers().is_err(), "infinity");
        design.qr_size_mm = f32::NAN;
        assert!(design.check_numbers().is_err(), "not a number");
        design.qr_size_mm = 25.0;
        design.photo.focus_x = -0.5;
        assert_eq!(
            design.check_numbers().expect_err("focus").field,
            "photo.focusX"
        );
        design.photo.focus_x = 0.5;
        design.photo.zoom = 1e30;
        assert_eq!(
            design.check_numbers().expect_err("zoom").field,
            "photo.zoom"
        );
    }
}
