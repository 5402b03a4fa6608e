//! A briefing as the group edits it in the app: plain fields and a Markdown body, so nobody
//! has to write the `+++` details block by hand.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{Briefing, BriefingError, BriefingMeta, Source, body_of, parse, slug, to_file};

/// The longest title accepted; a title is a line, not a paragraph.
pub(crate) const MAX_TITLE_CHARS: usize = 200;

/// What the edit form shows and sends back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BriefingDraft {
    /// Empty for a new briefing; the id of the briefing being edited otherwise.
    pub id: String,
    pub title: String,
    pub summary: String,
    pub audience: String,
    pub facts_date: String,
    /// One source per line: its title, then (optionally) a space and its web address.
    pub sources: String,
    /// The text, in Markdown: `## Heading` starts a section.
    pub body: String,
}

impl BriefingDraft {
    /// The draft for editing a stored briefing file.
    pub fn from_file(meta: &BriefingMeta, file: &str) -> Self {
        BriefingDraft {
            id: meta.id.clone(),
            title: meta.title.clone(),
            summary: meta.summary.clone(),
            audience: meta.audience.clone(),
            facts_date: meta.facts_date.clone(),
            sources: meta
                .sources
                .iter()
                .map(source_line)
                .collect::<Vec<_>>()
                .join("\n"),
            body: body_of(file).to_string(),
        }
    }

    /// Checks the draft and turns it into a briefing file and its parsed form. `id` and
    /// `version` are decided by the library (a new id, or the old one with the version
    /// raised), not by the form.
    pub fn to_briefing(&self, id: &str, version: u32) -> Result<(Briefing, String), BriefingError> {
        let title = one_line(&self.title);
        if title.is_empty() {
            return Err(BriefingError::TitleMissing);
        }
        if title.chars().count() > MAX_TITLE_CHARS {
            return Err(BriefingError::TitleTooLong);
        }
        if self.body.len() > super::MAX_BRIEFING_BYTES {
            return Err(BriefingError::TooLarge);
        }
        if self.body.contains('\0') {
            return Err(BriefingError::NotText);
        }
        let meta = BriefingMeta {
            id: id.to_string(),
            title,
            summary: one_line(&self.summary),
            audience: one_line(&self.audience),
            facts_date: one_line(&self.facts_date),
            version,
            sources: parse_sources(&self.sources),
        };
        let file = to_file(&meta, &self.body);
        Ok((parse(&file)?, file))
    }

    /// The briefing as it would read and present, for the editor's preview. A title is not
    /// needed yet: the preview shows the text while the person is still writing.
    pub fn preview(&self) -> Result<Briefing, BriefingError> {
        let mut draft = self.clone();
        if one_line(&draft.title).is_empty() {
            draft.title = "(no title yet)".into();
        }
        draft.title = draft.title.chars().take(MAX_TITLE_CHARS).collect();
        Ok(draft.to_briefing("preview", 1)?.0)
    }

    /// The id a new briefing gets from its title.
    pub fn new_id(&self) -> String {
        slug(&self.title)
    }
}

/// A source as one line: publisher and date (which the form has no fields for) stay in the
/// title's text, so editing never loses them.
fn source_line(source: &Source) -> String {
    let words: Vec<&str> = [&source.title, &source.publisher, &source.date]
        .into_iter()
        .map(String::as_str)
        .filter(|w| !w.is_empty())
        .collect();
    format!("{} {}", words.join(", "), source.url)
        .trim()
        .to_string()
}

/// Control characters and line breaks out; a field like the title is a single line.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// "Corporate Bonanza leaflet https://keepournhspublic.com" becomes a source with a title and
/// a link. A line without a web address is a source without a link.
fn parse_sources(text: &str) -> Vec<Source> {
    text.lines()
        .map(one_line)
        .filter(|line| !line.is_empty())
        .map(|line| {
            let (title, url) = match line.rsplit_once(' ') {
                Some((title, last)) if is_web_address(last) => {
                    (title.to_string(), last.to_string())
                }
                _ if is_web_address(&line) => (line.clone(), line.clone()),
                _ => (line.clone(), String::new()),
            };
            Source {
                title,
                publisher: String::new(),
                url,
                date: String::new(),
            }
        })
        .collect()
}

fn is_web_address(word: &str) -> bool {
    word.starts_with("https://") || word.starts_with("http://")
}
