//! Paper sizes and units. PDF measures in points (1/72 inch); people measure in millimetres.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Millimetres to PDF points.
pub fn mm(value: f32) -> f32 {
    value * 72.0 / 25.4
}

/// PDF points to millimetres.
pub fn to_mm(points: f32) -> f32 {
    points * 25.4 / 72.0
}

/// ISO 216 sizes, portrait.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub enum Paper {
    A6,
    A5,
    A4,
    A3,
    A2,
}

impl Paper {
    /// Width and height in millimetres, portrait.
    pub fn size_mm(self) -> (f32, f32) {
        match self {
            Paper::A6 => (105.0, 148.0),
            Paper::A5 => (148.0, 210.0),
            Paper::A4 => (210.0, 297.0),
            Paper::A3 => (297.0, 420.0),
            Paper::A2 => (420.0, 594.0),
        }
    }

    /// Width and height in points, portrait.
    pub fn size_pt(self) -> (f32, f32) {
        let (w, h) = self.size_mm();
        (mm(w), mm(h))
    }

    pub fn name(self) -> &'static str {
        match self {
            Paper::A6 => "A6",
            Paper::A5 => "A5",
            Paper::A4 => "A4",
            Paper::A3 => "A3",
            Paper::A2 => "A2",
        }
    }

    /// The smallest QR code, in mm, phones read from the distance people look at this size
    /// (about ten times the code's width): 20 mm on A5, 25 on A4, 40 on A3 (field notes).
    pub fn qr_minimum_mm(self) -> f32 {
        match self {
            Paper::A6 | Paper::A5 => 20.0,
            Paper::A4 => 25.0,
            Paper::A3 => 40.0,
            Paper::A2 => 50.0,
        }
    }
}
