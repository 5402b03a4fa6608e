//! Everything a document is turned into, from what the editor holds: the preview, the PDF,
//! the Word file (a zip of them for a mail merge) and the email. The app and the command line
//! both come here.
//!
//! [`Inputs::load`] reads what a document needs from the store (the group, its logo, the
//! people it goes to); rendering then runs without holding the store.

use chrono::{Local, NaiveDate};
use serde::Serialize;
use ts_rs::TS;

use super::documents::{self, DocumentText};
use super::email::{self, EmailDraft};
use super::fill::{self, Details};
use super::layout::{self, Letterhead};
use super::people::{self, PersonDetails};
use super::word;
use super::{PaperworkError, templates::Kind};
use crate::group::{self, GroupDetails};
use crate::print::compose::Warning;
use crate::store::Store;

/// What a document is made with besides its words.
pub struct Inputs {
    pub group: GroupDetails,
    pub logo: Option<Vec<u8>>,
    pub people: Vec<PersonDetails>,
    /// The day on the letter: the day it was sent, or today for a draft.
    pub date: NaiveDate,
}

impl Inputs {
    /// Reads the group, its logo and `recipients` (in order); the date is the document's
    /// sent date if it has one.
    pub fn load(
        store: &Store,
        document_id: Option<i64>,
        recipients: &[i64],
    ) -> Result<Inputs, PaperworkError> {
        let profile = group::load(store).map_err(|e| PaperworkError::NotReady(e.to_string()))?;
        let logo = group::load_logo(store)
            .map_err(|e| PaperworkError::NotReady(e.to_string()))?
            .map(|(_, bytes)| bytes);
        let people = recipients
            .iter()
            .map(|id| people::get(store, *id).map(|p| p.details))
            .collect::<Result<Vec<_>, _>>()?;
        let sent_on = match document_id {
            Some(id) => documents::get(store, id)?.sent_on,
            None => None,
        };
        Ok(Inputs {
            group: profile.details,
            logo,
            people,
            date: layout::document_date(sent_on.as_deref(), Local::now().date_naive()),
        })
    }

    fn letterhead(&self) -> Letterhead<'_> {
        Letterhead {
            group: &self.group,
            logo: self.logo.as_deref(),
        }
    }
}

/// The preview the editor shows: the real PDF, and what to fix before it goes.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PaperworkPreview {
    /// The PDF, base64.
    pub pdf: String,
    pub warnings: Vec<Warning>,
    pub pages: u32,
    /// Letters in it (one per person written to).
    pub letters: u32,
}

pub fn pdf(text: &DocumentText, inputs: &Inputs) -> layout::Rendered {
    layout::render(text, &inputs.people, &inputs.letterhead(), inputs.date)
}

/// Only the first person's letter is drawn for the preview of a mail merge, so that typing
/// stays quick however many are chosen; the warnings still cover everyone.
pub fn preview(text: &DocumentText, inputs: &Inputs) -> PaperworkPreview {
    use base64::Engine;
    let first: Vec<PersonDetails> = inputs.people.iter().take(1).cloned().collect();
    let rendered = layout::render(text, &first, &inputs.letterhead(), inputs.date);
    let mut warnings = rendered.warnings;
    for person in inputs.people.iter().skip(1) {
        let details = Details {
            group: &inputs.group,
            person: Some(person),
            date: inputs.date,
        };
        for warning in layout::warnings(text, &details) {
            if !warnings.iter().any(|w| w.message == warning.message) {
                warnings.push(warning);
            }
        }
    }
    PaperworkPreview {
        pdf: base64::engine::general_purpose::STANDARD.encode(&rendered.pdf),
        warnings,
        pages: rendered.pages,
        letters: inputs.people.len().max(1) as u32,
    }
}

/// The Word file to save: one `.docx`, or for several people a `.zip` with one each.
pub struct WordFile {
    pub bytes: Vec<u8>,
    pub extension: &'static str,
}

pub fn word(text: &DocumentText, inputs: &Inputs) -> Result<WordFile, PaperworkError> {
    if inputs.people.len() > 1 {
        return Ok(WordFile {
            bytes: word::docx_zip(text, &inputs.people, &inputs.letterhead(), inputs.date)?,
            extension: "zip",
        });
    }
    Ok(WordFile {
        bytes: word::docx(
            text,
            inputs.people.first(),
            &inputs.letterhead(),
            inputs.date,
        )?,
        extension: "docx",
    })
}

/// One email to everyone chosen. Written to several people, it greets them all by name.
pub fn email(text: &DocumentText, inputs: &Inputs) -> EmailDraft {
    let together;
    let person = match inputs.people.as_slice() {
        [] => None,
        [one] => Some(one),
        several => {
            let names: Vec<&str> = several.iter().map(|p| p.name.as_str()).collect();
            together = PersonDetails {
                name: names.join(", "),
                ..several[0].clone()
            };
            Some(&together)
        }
    };
    let details = Details {
        group: &inputs.group,
        person,
        date: inputs.date,
    };
    let subject = match text.kind {
        Kind::PressRelease => format!("Press release: {}", fill::fill(&text.title, &details)),
        _ => fill::fill(&text.title, &details),
    };
    let to: Vec<(String, String)> = inputs
        .people
        .iter()
        .map(|p| (p.name.clone(), p.email.clone()))
        .collect();
    email::draft(&to, subject.trim(), &word::email_text(text, &details))
}
