//! The bundled templates (`resources/templates/*.toml`): a paper size, a few layout numbers
//! and the text a new design starts with. Compiled in, like the briefings, so the app, the
//! command line and the tests see the same set.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::design::{Design, EventDetails};
use super::paper::Paper;

static BUNDLED: include_dir::Dir<'_> =
    include_dir::include_dir!("$CARGO_MANIFEST_DIR/../../resources/templates");

/// A template as its file describes it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Template {
    pub id: String,
    pub name: String,
    pub description: String,
    pub paper: Paper,
    pub sides: u8,
    pub scheme: String,
    pub margin_mm: f32,
    pub headline_pt: f32,
    pub body_pt: f32,
    /// The share of the page height a photo takes (0 for templates without one).
    pub photo_share: f32,
    pub qr_size_mm: f32,
    /// The meeting poster: date, time, place and speakers.
    #[serde(default)]
    pub event: bool,
    /// How much bigger the main text may grow when the starting text (or the group's) leaves
    /// the page part empty: 1.3 lets 11 pt grow to 14.3 pt.
    #[serde(default = "default_fill_max")]
    pub fill_max: f32,
    /// Columns of main text: 2 keeps the lines of an A4 leaflet short enough to read easily.
    #[serde(default)]
    pub columns: u8,
    pub text: TemplateText,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TemplateText {
    pub headline: String,
    pub subheading: String,
    pub body: String,
    pub pull_quote: String,
    pub call_to_action: String,
    pub qr_link: String,
    pub sources: String,
    #[serde(default)]
    pub event: Option<TemplateEvent>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TemplateEvent {
    pub date: String,
    pub time: String,
    pub place: String,
    pub speakers: String,
}

fn default_fill_max() -> f32 {
    1.3
}

/// A template as the editor lists it.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct TemplateSummary {
    pub id: String,
    pub name: String,
    pub description: String,
    /// "A5", "A4"…
    pub paper: String,
    pub sides: u8,
    pub has_photo: bool,
    pub has_event: bool,
    /// The smallest QR code, in mm, that phones read on this size.
    pub qr_minimum_mm: f32,
    /// Posters can also be printed as tiles on A4.
    pub can_tile: bool,
}

/// The order the editor offers them in: the leaflets most groups make first.
const ORDER: &[&str] = &[
    "a5-public",
    "a5-staff",
    "a4-leaflet",
    "a6-flyer",
    "meeting-poster",
    "a4-poster",
    "a3-poster",
];

/// Every bundled template, in the editor's order (any not listed there last, by file name).
pub fn all() -> Vec<Template> {
    let mut templates = by_file_name();
    templates.sort_by_key(|t| {
        ORDER
            .iter()
            .position(|id| *id == t.id)
            .unwrap_or(ORDER.len())
    });
    templates
}

fn by_file_name() -> Vec<Template> {
    let mut files: Vec<_> = BUNDLED
        .files()
        .filter(|file| file.path().extension().is_some_and(|ext| ext == "toml"))
        .collect();
    files.sort_by_key(|file| file.path().to_path_buf());
    files
        .into_iter()
        .filter_map(|file| {
            // The files are ours and a test parses every one, so a bad file is a bug caught
            // before release; it is skipped rather than stopping the app.
            toml::from_str(file.contents_utf8()?).ok()
        })
        .collect()
}

pub fn by_id(id: &str) -> Option<Template> {
    all().into_iter().find(|template| template.id == id)
}

pub fn summaries() -> Vec<TemplateSummary> {
    all()
        .into_iter()
        .map(|t| TemplateSummary {
            paper: t.paper.name().to_string(),
            has_photo: t.photo_share > 0.0,
            has_event: t.event,
            qr_minimum_mm: t.paper.qr_minimum_mm(),
            can_tile: matches!(t.paper, Paper::A4 | Paper::A3),
            id: t.id,
            name: t.name,
            description: t.description,
            sides: t.sides,
        })
        .collect()
}

impl Template {
    /// A new design with this template's words.
    pub fn new_design(&self) -> Design {
        let text = &self.text;
        let event = text
            .event
            .as_ref()
            .map_or_else(EventDetails::default, |e| EventDetails {
                date: e.date.clone(),
                time: e.time.clone(),
                place: e.place.clone(),
                speakers: e.speakers.trim().to_string(),
            });
        Design {
            template: self.id.clone(),
            scheme: self.scheme.clone(),
            headline: text.headline.clone(),
            subheading: text.subheading.clone(),
            body: text.body.trim().to_string(),
            pull_quote: text.pull_quote.clone(),
            call_to_action: text.call_to_action.clone(),
            qr_link: text.qr_link.clone(),
            qr_size_mm: self.qr_size_mm,
            sources: text.sources.clone(),
            event,
            ..Design::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_file_parses() {
        let files = BUNDLED
            .files()
            .filter(|f| f.path().extension().is_some_and(|e| e == "toml"))
            .count();
        assert_eq!(all().len(), files, "a template file did not parse");
        assert!(files >= 7);
        for t in all() {
            assert!(t.sides == 1 || t.sides == 2, "{}", t.id);
            assert!(!t.text.headline.is_empty(), "{}", t.id);
            let min = t.paper.qr_minimum_mm();
            assert!(t.qr_size_mm >= min, "{}: QR below {min} mm", t.id);
        }
    }

    #[test]
    fn the_issue_s_templates_are_there() {
        for id in [
            "a5-public",
            "a5-staff",
            "a4-leaflet",
            "a4-poster",
            "a3-poster",
            "meeting-poster",
            "a6-flyer",
        ] {
            assert!(by_id(id).is_some(), "{id}");
        }
        assert!(by_id("meeting-poster").is_some_and(|t| t.event));
        assert_eq!(all()[0].id, "a5-public", "the most used first");
    }
}
