//! QR codes (the `qrcode` crate), drawn as filled squares so they stay sharp at any size,
//! always on white with a quiet zone of 4 modules, which phones need to find the code.

use krilla::geom::{PathBuilder, Rect};
use krilla::surface::Surface;
use qrcode::{Color, EcLevel, QrCode};
use thiserror::Error;

use super::scheme::Rgb;
use super::text::fill;

/// Blank modules around the code on every side.
pub const QUIET_ZONE: usize = 4;

#[derive(Debug, Error, PartialEq)]
pub enum QrError {
    #[error("The web address is too long to fit in a QR code. Please use a shorter one.")]
    TooLong,
}

/// A QR code's modules, row by row; `true` is dark.
#[derive(Clone)]
pub struct Qr {
    pub modules: usize,
    dark: Vec<bool>,
}

/// Encodes a link with medium error correction (survives a smudge or a fold).
pub fn encode(link: &str) -> Result<Qr, QrError> {
    let code = QrCode::with_error_correction_level(link.as_bytes(), EcLevel::M)
        .map_err(|_| QrError::TooLong)?;
    Ok(Qr {
        modules: code.width(),
        dark: code
            .to_colors()
            .into_iter()
            .map(|c| c == Color::Dark)
            .collect(),
    })
}

impl Qr {
    /// The white square's side, quiet zone included, for a code `size` points wide.
    pub fn outer_size(&self, size: f32) -> f32 {
        size * (self.modules + 2 * QUIET_ZONE) as f32 / self.modules as f32
    }

    /// Draws the code `size` points wide (quiet zone not included) with the white quiet zone
    /// starting at (`x`, `y`).
    pub fn draw(&self, surface: &mut Surface<'_>, x: f32, y: f32, size: f32) {
        let module = size / self.modules as f32;
        let outer = self.outer_size(size);
        if let Some(rect) = Rect::from_xywh(x, y, outer, outer) {
            let mut white = PathBuilder::new();
            white.push_rect(rect);
            if let Some(path) = white.finish() {
                surface.set_fill(Some(fill(Rgb::WHITE)));
                surface.draw_path(&path);
            }
        }
        let origin = (
            x + QUIET_ZONE as f32 * module,
            y + QUIET_ZONE as f32 * module,
        );
        let mut dark = PathBuilder::new();
        for (index, is_dark) in self.dark.iter().enumerate() {
            if !*is_dark {
                continue;
            }
            let (row, col) = (index / self.modules, index % self.modules);
            // A hair of overlap so no white seam shows between neighbouring squares.
            if let Some(rect) = Rect::from_xywh(
                origin.0 + col as f32 * module,
                origin.1 + row as f32 * module,
                module + 0.01,
                module + 0.01,
            ) {
                dark.push_rect(rect);
            }
        }
        if let Some(path) = dark.finish() {
            surface.set_fill(Some(fill(Rgb::BLACK)));
            surface.draw_path(&path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_encodes_and_a_huge_one_is_refused() {
        let qr = encode("https://keepournhspublic.com/").expect("encodes");
        assert!(qr.modules >= 21);
        assert_eq!(qr.outer_size(qr.modules as f32), (qr.modules + 8) as f32);
        assert_eq!(encode(&"x".repeat(5000)).err(), Some(QrError::TooLong));
    }
}
