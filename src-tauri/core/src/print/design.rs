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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub enum PhotoFit {
    /// The whole photo, with space around it if the shapes differ.
    Fit,
    /// Fill the space, cropping the photo's edges.
    Fill,
}
