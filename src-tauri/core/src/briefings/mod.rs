//! Briefings: campaign briefings written in Markdown with a TOML front matter block.
//!
//! ```text
//! +++
//! id = "ics-in-two-minutes"
//! title = "ICSs in two minutes"
//! summary = "What Integrated Care Systems are, and when they came in."
//! audience = "Anyone new to the campaign"
//! facts_date = "June 2021"
//! version = 1
//!
//! [[sources]]
//! title = "…"
//! publisher = "Keep Our NHS Public"
//! url = "https://…"
//! +++
//!
//! ## A heading starts a new section (and a new slide when presenting)
//! Text…
//!
//! ::: notes
//! Speaker notes for this slide: shown only in the presenter window.
//! :::
//! ```
//!
//! [`parse`] turns such a file (bundled or imported) into a [`Briefing`] whose HTML is already
//! sanitised: whatever the file holds, no script, event handler or remote image survives.

mod draft;
mod error;
pub mod glossary;
pub mod kept_draft;
pub mod library;
mod markdown;
pub mod own;
pub mod pack;
pub(crate) mod search_index;
mod snippet;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use draft::BriefingDraft;
pub use error::BriefingError;
pub use markdown::{escape_markdown, sanitise_html};

/// The largest file accepted as a briefing. Real briefings are a few kilobytes.
pub const MAX_BRIEFING_BYTES: usize = 5 * 1024 * 1024;

/// Where a briefing's facts come from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct Source {
    pub title: String,
    #[serde(default)]
    pub publisher: String,
    /// Shown as text; opened in the system browser only when clicked.
    #[serde(default)]
    pub url: String,
    /// When the source was published, as the source gives it (e.g. "June 2021").
    #[serde(default)]
    pub date: String,
}

/// What the front matter says about a briefing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BriefingMeta {
    /// Stable identifier: same id and a higher version means an update.
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub audience: String,
    /// When the facts date from, in words ("June 2021").
    #[serde(default)]
    pub facts_date: String,
    #[serde(default = "first_version")]
    pub version: u32,
    #[serde(default)]
    pub sources: Vec<Source>,
}

fn first_version() -> u32 {
    1
}

/// The front matter as written in a file: snake_case keys, and a misspelt key is an error
/// rather than silently ignored.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    id: String,
    title: String,
    #[serde(default)]
    summary: String,
    #[serde(default)]
    audience: String,
    #[serde(default)]
    facts_date: String,
    #[serde(default = "first_version")]
    version: u32,
    #[serde(default)]
    sources: Vec<Source>,
}

impl From<&BriefingMeta> for FrontMatter {
    fn from(m: &BriefingMeta) -> Self {
        FrontMatter {
            id: m.id.clone(),
            title: m.title.clone(),
            summary: m.summary.clone(),
            audience: m.audience.clone(),
            facts_date: m.facts_date.clone(),
            version: m.version,
            sources: m.sources.clone(),
        }
    }
}

impl From<FrontMatter> for BriefingMeta {
    fn from(f: FrontMatter) -> Self {
        BriefingMeta {
            id: f.id,
            title: f.title,
            summary: f.summary,
            audience: f.audience,
            facts_date: f.facts_date,
            version: f.version,
            sources: f.sources,
        }
    }
}

/// One section of a briefing: a heading and what follows it, up to the next heading. When
/// presenting, each section is a slide.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Section {
    /// Empty for text before the first heading.
    pub heading: String,
    /// 1 to 6; 0 for text before the first heading.
    pub level: u8,
    /// For links from the contents list: `s-1`, `s-2`, …
    pub anchor: String,
    /// Sanitised HTML of the section's body, without the heading or the speaker notes.
    pub html: String,
    /// Sanitised HTML of the speaker notes, if any.
    pub notes_html: Option<String>,
    /// The body as plain text, for search.
    pub text: String,
}

/// A parsed, sanitised briefing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Briefing {
    pub meta: BriefingMeta,
    pub sections: Vec<Section>,
}

impl Briefing {
    /// The whole briefing as plain text (headings and bodies, no notes), for search.
    pub fn plain_text(&self) -> String {
        let mut text = String::new();
        for s in &self.sections {
            text.push_str(&s.heading);
            text.push('\n');
            text.push_str(&s.text);
            text.push('\n');
        }
        text
    }
}

/// Parses a bundled briefing: the front matter is required and must be complete.
pub fn parse(source: &str) -> Result<Briefing, BriefingError> {
    let (front, body) = split_front_matter(source).ok_or(BriefingError::NoFrontMatter)?;
    let front: FrontMatter =
        toml::from_str(front).map_err(|e| BriefingError::FrontMatter(e.message().to_string()))?;
    let meta = BriefingMeta::from(front);
    check_meta(&meta)?;
    Ok(Briefing {
        meta,
        sections: markdown::sections(body),
    })
}

/// Parses a file a group imports: checks it is a reasonable text file first, and accepts
/// Markdown without front matter (the title then comes from the first heading, or the file's
/// name) and plain text. Returns the briefing and its canonical file (front matter and
/// Markdown), which is what gets stored, exported and edited.
pub fn parse_import(file_name: &str, bytes: &[u8]) -> Result<(Briefing, String), BriefingError> {
    if bytes.len() > MAX_BRIEFING_BYTES {
        return Err(BriefingError::TooLarge);
    }
    if bytes.contains(&0) {
        return Err(BriefingError::NotText);
    }
    let text = std::str::from_utf8(bytes).map_err(|_| BriefingError::NotUtf8)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(BriefingError::Empty);
    }
    if split_front_matter(text).is_some() {
        return Ok((parse(text)?, text.to_string()));
    }
    let is_plain_text = file_name.to_ascii_lowercase().ends_with(".txt");
    let body = if is_plain_text {
        markdown::plain_text_to_markdown(text)
    } else {
        text.to_string()
    };
    let title = markdown::sections(&body)
        .iter()
        .find(|s| !s.heading.is_empty())
        .map_or_else(|| title_from_file_name(file_name), |s| s.heading.clone());
    let meta = BriefingMeta {
        id: slug(&title),
        title,
        summary: String::new(),
        audience: String::new(),
        facts_date: String::new(),
        version: 1,
        sources: Vec::new(),
    };
    check_meta(&meta)?;
    let file = to_file(&meta, &body);
    Ok((parse(&file)?, file))
}

fn title_from_file_name(file_name: &str) -> String {
    let stem = file_name.rsplit(['/', '\\']).next().unwrap_or(file_name);
    let stem = stem.rsplit_once('.').map_or(stem, |(s, _)| s);
    stem.replace(['_', '-'], " ")
}

/// A briefing file: the front matter written from `meta`, then the Markdown body.
pub fn to_file(meta: &BriefingMeta, body: &str) -> String {
    // Our own plain struct always serialises; an empty block would fail `parse` loudly.
    let front = toml::to_string(&FrontMatter::from(meta)).unwrap_or_default();
    format!(
        "+++\n{}+++\n\n{}",
        front,
        body.trim_start_matches(['\r', '\n'])
    )
}

/// The Markdown body of a briefing file (everything after the front matter).
pub fn body_of(file: &str) -> &str {
    split_front_matter(file).map_or(file, |(_, body)| body)
}

/// `+++` on the first line, TOML, `+++` on a line of its own, then the Markdown body.
fn split_front_matter(source: &str) -> Option<(&str, &str)> {
    let rest = source
        .strip_prefix("+++\n")
        .or_else(|| source.strip_prefix("+++\r\n"))?;
    let end = rest.find("\n+++")?;
    let body = &rest[end + 4..];
    let body = body.strip_prefix('\r').unwrap_or(body);
    Some((&rest[..end], body.strip_prefix('\n').unwrap_or(body)))
}

fn check_meta(meta: &BriefingMeta) -> Result<(), BriefingError> {
    if meta.title.trim().is_empty() {
        return Err(BriefingError::FrontMatter("the title is missing".into()));
    }
    if meta.title.chars().count() > draft::MAX_TITLE_CHARS {
        return Err(BriefingError::TitleTooLong);
    }
    if meta.id.is_empty()
        || !meta
            .id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        return Err(BriefingError::FrontMatter(
            "the id must be lower-case letters, digits and hyphens, like ics-in-two-minutes".into(),
        ));
    }
    for source in &meta.sources {
        let is_web_address =
            source.url.starts_with("https://") || source.url.starts_with("http://");
        if !source.url.is_empty() && !is_web_address {
            return Err(BriefingError::FrontMatter(format!(
                "the link for '{}' is not a web address",
                source.title
            )));
        }
    }
    Ok(())
}

/// A briefing's id from its title: "ICSs in 2 minutes!" becomes "icss-in-2-minutes".
pub fn slug(title: &str) -> String {
    crate::files::slug(title, "briefing")
}
