//! Colour schemes. A group picks one of a few presets rather than free colours, because each
//! preset is checked (in the tests) to keep WCAG AA contrast, 4.5:1, for every pairing of text
//! and background a template uses.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A colour as red, green and blue from 0 to 255.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    pub const WHITE: Rgb = Rgb(255, 255, 255);
    pub const BLACK: Rgb = Rgb(0, 0, 0);

    /// Relative luminance as WCAG 2 defines it.
    pub fn luminance(self) -> f64 {
        let channel = |value: u8| {
            let c = f64::from(value) / 255.0;
            if c <= 0.040_45 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(self.0) + 0.7152 * channel(self.1) + 0.0722 * channel(self.2)
    }

    /// WCAG 2 contrast ratio between two colours, from 1 to 21.
    pub fn contrast(self, other: Rgb) -> f64 {
        let (a, b) = (self.luminance(), other.luminance());
        let (light, dark) = if a > b { (a, b) } else { (b, a) };
        (light + 0.05) / (dark + 0.05)
    }
}

/// The colours a template uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scheme {
    pub id: &'static str,
    pub name: &'static str,
    /// The page.
    pub paper: Rgb,
    /// Body text on the page.
    pub ink: Rgb,
    /// Bands behind the headline and the footer.
    pub accent: Rgb,
    /// Text on the bands.
    pub on_accent: Rgb,
    /// Coloured text on the page: pull quotes, subheadings, bullets.
    pub emphasis: Rgb,
}

/// The presets, first is the default.
pub const SCHEMES: &[Scheme] = &[
    Scheme {
        id: "nhs-blue",
        name: "NHS blue",
        paper: Rgb::WHITE,
        ink: Rgb(0x21, 0x2b, 0x32),
        accent: Rgb(0x00, 0x5e, 0xb8),
        on_accent: Rgb::WHITE,
        emphasis: Rgb(0x00, 0x5e, 0xb8),
    },
    Scheme {
        id: "campaign-red",
        name: "Campaign red",
        paper: Rgb::WHITE,
        ink: Rgb(0x1d, 0x1d, 0x1b),
        accent: Rgb(0xa4, 0x16, 0x1a),
        on_accent: Rgb::WHITE,
        emphasis: Rgb(0xa4, 0x16, 0x1a),
    },
    Scheme {
        id: "green",
        name: "Deep green",
        paper: Rgb::WHITE,
        ink: Rgb(0x1b, 0x26, 0x1f),
        accent: Rgb(0x00, 0x6b, 0x3c),
        on_accent: Rgb::WHITE,
        emphasis: Rgb(0x00, 0x6b, 0x3c),
    },
    Scheme {
        id: "purple",
        name: "Purple",
        paper: Rgb::WHITE,
        ink: Rgb(0x22, 0x1f, 0x2b),
        accent: Rgb(0x5b, 0x2a, 0x86),
        on_accent: Rgb::WHITE,
        emphasis: Rgb(0x5b, 0x2a, 0x86),
    },
    Scheme {
        id: "black-yellow",
        name: "Black and yellow (boldest)",
        paper: Rgb::WHITE,
        ink: Rgb::BLACK,
        accent: Rgb(0xff, 0xdd, 0x00),
        on_accent: Rgb::BLACK,
        emphasis: Rgb::BLACK,
    },
    Scheme {
        id: "ink-saver",
        name: "Black and white (saves ink)",
        paper: Rgb::WHITE,
        ink: Rgb::BLACK,
        accent: Rgb::WHITE,
        on_accent: Rgb::BLACK,
        emphasis: Rgb::BLACK,
    },
];

/// The scheme with this id, or the default when the id is unknown (an older design file).
pub fn by_id(id: &str) -> Scheme {
    SCHEMES
        .iter()
        .find(|scheme| scheme.id == id)
        .copied()
        .unwrap_or(SCHEMES[0])
}

/// A scheme as the editor lists it.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct SchemeChoice {
    pub id: String,
    pub name: String,
    /// The band colour as `#rrggbb`, for a swatch.
    pub swatch: String,
}

pub fn choices() -> Vec<SchemeChoice> {
    SCHEMES
        .iter()
        .map(|s| SchemeChoice {
            id: s.id.to_string(),
            name: s.name.to_string(),
            swatch: format!("#{:02x}{:02x}{:02x}", s.accent.0, s.accent.1, s.accent.2),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_preset_keeps_wcag_aa_contrast_for_every_pairing() {
        for s in SCHEMES {
            for (what, fg, bg) in [
                ("body text", s.ink, s.paper),
                ("band text", s.on_accent, s.accent),
                ("coloured text", s.emphasis, s.paper),
            ] {
                let ratio = fg.contrast(bg);
                assert!(ratio >= 4.5, "{}: {what} only {ratio:.2}:1", s.id);
            }
        }
    }

    #[test]
    fn contrast_matches_known_values() {
        assert!((Rgb::BLACK.contrast(Rgb::WHITE) - 21.0).abs() < 0.01);
        // NHS blue on white is about 6.4:1.
        let nhs = Rgb(0x00, 0x5e, 0xb8).contrast(Rgb::WHITE);
        assert!((6.0..6.8).contains(&nhs), "{nhs}");
    }

    #[test]
    fn an_unknown_scheme_falls_back_to_the_default() {
        assert_eq!(by_id("no-such").id, "nhs-blue");
    }
}
