//! What the group wrote, to whom, when it went and what came back.
//!
//! A document starts as a draft from a template. When it goes, it is marked sent (the day,
//! and how: post, email or by hand), and the names it went to are kept with it, so the record
//! stays right even if someone later leaves the address book. A reply can be pasted in or
//! attached (a PDF or a text file). An FOI request also gets its legal due date, and is
//! overdue when that passes without a reply.

use chrono::{Local, NaiveDate};
use rusqlite::{OptionalExtension, Row, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::due_dates;
use super::templates::{self, Kind};
use super::{PaperworkError, now_text};
use crate::store::Store;

/// A reply file bigger than this is not a letter.
pub const MAX_REPLY_BYTES: usize = 20 * 1024 * 1024;
/// Longest text a document may hold: about 150 pages.
pub const MAX_TEXT_CHARS: usize = 500_000;

/// One FOI question and whether it is asked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "FoiQuestion")]
pub struct Question {
    pub text: String,
    pub chosen: bool,
}

/// The words of a document, as the editor changes them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "PaperworkText")]
pub struct DocumentText {
    pub template: String,
    pub kind: Kind,
    /// The subject line, the motion's title or the press release's headline.
    pub title: String,
    pub body: String,
    /// A press release's notes to editors.
    pub notes: String,
    /// A press release's embargo line.
    pub embargo: String,
    /// An FOI request's questions.
    pub questions: Vec<Question>,
}

impl DocumentText {
    /// A new document's words, from a template.
    pub fn from_template(template: &templates::Template) -> DocumentText {
        DocumentText {
            template: template.id.clone(),
            kind: template.kind,
            title: template.subject.clone(),
            body: template.body.clone(),
            notes: template.notes.clone(),
            embargo: template.embargo.clone(),
            questions: template
                .questions
                .iter()
                .map(|q| Question {
                    text: q.clone(),
                    chosen: false,
                })
                .collect(),
        }
    }

    /// The questions ticked, in order.
    pub fn chosen_questions(&self) -> Vec<&str> {
        self.questions
            .iter()
            .filter(|q| q.chosen)
            .map(|q| q.text.as_str())
            .collect()
    }

    fn check(&self) -> Result<(), PaperworkError> {
        let length = self.title.chars().count()
            + self.body.chars().count()
            + self.notes.chars().count()
            + self.questions.iter().map(|q| q.text.len()).sum::<usize>();
        if length > MAX_TEXT_CHARS {
            return Err(PaperworkError::NotReady(format!(
                "This is too long to keep as one document (over {} characters). Split it into \
                 two. The last saved version is kept.",
                MAX_TEXT_CHARS
            )));
        }
        Ok(())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "PaperworkState")]
pub enum State {
    Draft,
    Sent,
    Replied,
    NoReply,
}

impl State {
    fn parse(text: &str) -> State {
        match text {
            "sent" => State::Sent,
            "replied" => State::Replied,
            "noReply" => State::NoReply,
            _ => State::Draft,
        }
    }
}

/// How it went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum SentHow {
    Post,
    Email,
    ByHand,
}

impl SentHow {
    fn as_str(self) -> &'static str {
        match self {
            SentHow::Post => "post",
            SentHow::Email => "email",
            SentHow::ByHand => "byHand",
        }
    }

    fn parse(text: &str) -> Option<SentHow> {
        match text {
            "post" => Some(SentHow::Post),
            "email" => Some(SentHow::Email),
            "byHand" => Some(SentHow::ByHand),
            _ => None,
        }
    }
}

/// A document with its record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "SavedPaperwork")]
pub struct SavedDocument {
    #[ts(type = "number")]
    pub id: i64,
    pub text: DocumentText,
    /// Who it is to, from the address book, in order.
    #[ts(type = "number[]")]
    pub recipients: Vec<i64>,
    pub state: State,
    /// `YYYY-MM-DD`.
    pub sent_on: Option<String>,
    pub sent_how: Option<SentHow>,
    /// The names it went to, kept when it was marked sent.
    pub sent_to: String,
    pub replied_on: Option<String>,
    pub reply_text: String,
    pub reply_file_name: Option<String>,
    /// An FOI request's legal due date, once sent.
    pub due_on: Option<String>,
    /// False when the due date reaches past the bank holidays Campaign Kit knows.
    pub due_certain: bool,
    pub overdue: bool,
    pub updated_at: String,
}

/// A line of the list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "PaperworkSummary")]
pub struct DocumentSummary {
    #[ts(type = "number")]
    pub id: i64,
    pub kind: Kind,
    pub title: String,
    /// Who it is (or went) to, in words.
    pub to: String,
    pub state: State,
    pub sent_on: Option<String>,
    pub due_on: Option<String>,
    pub overdue: bool,
    pub updated_at: String,
}

const COLUMNS: &str = "id, text, state, sent_on, sent_how, sent_to, replied_on, reply_text,
                       reply_file_name, updated_at";

fn parse_day(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

fn from_row(r: &Row<'_>, today: NaiveDate) -> rusqlite::Result<(SavedDocument, String)> {
    let raw: String = r.get(1)?;
    let text: DocumentText = serde_json::from_str(&raw).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(1, rusqlite::types::Type::Text, Box::new(e))
    })?;
    let state = State::parse(&r.get::<_, String>(2)?);
    let sent_on: Option<String> = r.get(3)?;
    let due = match (text.kind, sent_on.as_deref().and_then(parse_day)) {
        (Kind::Foi, Some(sent)) => Some(sent),
        _ => None,
    };
    let due_on = due.map(due_dates::foi_due);
    let overdue = state == State::Sent && due_on.is_some_and(|d| d < today);
    let document = SavedDocument {
        id: r.get(0)?,
        text,
        recipients: Vec::new(),
        state,
        sent_on,
        sent_how: r
            .get::<_, Option<String>>(4)?
            .as_deref()
            .and_then(SentHow::parse),
        sent_to: r.get(5)?,
        replied_on: r.get(6)?,
        reply_text: r.get(7)?,
        reply_file_name: r.get(8)?,
        due_on: due_on.map(|d| d.format("%Y-%m-%d").to_string()),
        due_certain: due.is_none_or(due_dates::due_date_is_certain),
        overdue,
        updated_at: r.get(9)?,
    };
    Ok((document, raw))
}

/// Today, on this laptop's clock.
pub fn today() -> NaiveDate {
    Local::now().date_naive()
}

fn recipients(store: &Store, id: i64) -> Result<Vec<i64>, PaperworkError> {
    let mut stmt = store.conn().prepare(
        "SELECT person_id FROM paperwork_recipients WHERE document_id = ?1 ORDER BY position",
    )?;
    let rows = stmt.query_map([id], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn get(store: &Store, id: i64) -> Result<SavedDocument, PaperworkError> {
    let found = store
        .conn()
        .query_row(
            &format!("SELECT {COLUMNS} FROM paperwork WHERE id = ?1"),
            [id],
            |r| from_row(r, today()),
        )
        .optional()?;
    let (mut document, _) = found.ok_or(PaperworkError::DocumentNotFound)?;
    document.recipients = recipients(store, id)?;
    Ok(document)
}

/// A new draft from a template.
pub fn create(store: &Store, template_id: &str) -> Result<SavedDocument, PaperworkError> {
    let template = templates::get(store, template_id)?;
    let text = DocumentText::from_template(&template);
    let now = now_text();
    store.conn().execute(
        "INSERT INTO paperwork (text, state, sent_to, reply_text, created_at, updated_at)
         VALUES (?1, 'draft', '', '', ?2, ?2)",
        params![json(&text)?, now],
    )?;
    get(store, store.conn().last_insert_rowid())
}

fn json(text: &DocumentText) -> Result<String, PaperworkError> {
    serde_json::to_string(text).map_err(|_| PaperworkError::Output)
}

/// Saves the words and who it is to, in one transaction.
pub fn save(
    store: &mut Store,
    id: i64,
    text: &DocumentText,
    to: &[i64],
) -> Result<SavedDocument, PaperworkError> {
    text.check()?;
    let tx = store.conn_mut().transaction()?;
    let changed = tx.execute(
        "UPDATE paperwork SET text = ?2, updated_at = ?3 WHERE id = ?1",
        params![id, json(text)?, now_text()],
    )?;
    if changed == 0 {
        return Err(PaperworkError::DocumentNotFound);
    }
    tx.execute(
        "DELETE FROM paperwork_recipients WHERE document_id = ?1",
        [id],
    )?;
    for (position, person) in to.iter().enumerate() {
        let known: i64 =
            tx.query_row("SELECT count(*) FROM people WHERE id = ?1", [person], |r| {
                r.get(0)
            })?;
        if known == 0 {
            return Err(PaperworkError::PersonNotFound);
        }
        tx.execute(
            "INSERT OR IGNORE INTO paperwork_recipients (document_id, person_id, position)
             VALUES (?1, ?2, ?3)",
            params![id, person, position as i64],
        )?;
    }
    tx.commit()?;
    get(store, id)
}

/// Every document, newest first.
pub fn list(store: &Store) -> Result<Vec<DocumentSummary>, PaperworkError> {
    list_as_of(store, today())
}

pub fn list_as_of(store: &Store, today: NaiveDate) -> Result<Vec<DocumentSummary>, PaperworkError> {
    let mut stmt = store.conn().prepare(&format!(
        "SELECT {COLUMNS},
                (SELECT group_concat(name, ', ') FROM
                    (SELECT p.name FROM paperwork_recipients r JOIN people p ON p.id = r.person_id
                     WHERE r.document_id = paperwork.id ORDER BY r.position))
         FROM paperwork ORDER BY updated_at DESC, id DESC"
    ))?;
    let rows = stmt.query_map([], |r| {
        let (document, _) = from_row(r, today)?;
        let names: Option<String> = r.get(10)?;
        Ok((document, names.unwrap_or_default()))
    })?;
    let mut list = Vec::new();
    for row in rows {
        let (d, names) = row?;
        list.push(DocumentSummary {
            id: d.id,
            kind: d.text.kind,
            title: d.text.title.clone(),
            to: if d.sent_to.is_empty() {
                names
            } else {
                d.sent_to
            },
            state: d.state,
            sent_on: d.sent_on,
            due_on: d.due_on,
            overdue: d.overdue,
            updated_at: d.updated_at,
        });
    }
    Ok(list)
}

/// FOI requests past their due date with no reply.
pub fn overdue(store: &Store, today: NaiveDate) -> Result<Vec<DocumentSummary>, PaperworkError> {
    Ok(list_as_of(store, today)?
        .into_iter()
        .filter(|d| d.overdue)
        .collect())
}

fn check_day(day: &str, what: &str) -> Result<NaiveDate, PaperworkError> {
    let date = parse_day(day).ok_or_else(|| {
        PaperworkError::NotReady(format!(
            "Enter the day it was {what} as day, month and year."
        ))
    })?;
    if date > today() {
        return Err(PaperworkError::NotReady(format!(
            "The day it was {what} cannot be in the future."
        )));
    }
    Ok(date)
}

/// Marks it sent on `on`, by `how`, keeping the names it went to.
pub fn mark_sent(
    store: &Store,
    id: i64,
    on: &str,
    how: SentHow,
) -> Result<SavedDocument, PaperworkError> {
    let day = check_day(on, "sent")?;
    let document = get(store, id)?;
    let mut names = Vec::new();
    for person in &document.recipients {
        if let Ok(p) = super::people::get(store, *person) {
            names.push(p.details.name);
        }
    }
    store.conn().execute(
        "UPDATE paperwork SET state = 'sent', sent_on = ?2, sent_how = ?3, sent_to = ?4,
                updated_at = ?5 WHERE id = ?1",
        params![
            id,
            day.format("%Y-%m-%d").to_string(),
            how.as_str(),
            names.join(", "),
            now_text()
        ],
    )?;
    get(store, id)
}

/// A reply that came: its day, pasted text and an attached file (PDF or text), any of them.
pub fn mark_replied(
    store: &Store,
    id: i64,
    on: &str,
    text: &str,
    file: Option<(String, Vec<u8>)>,
) -> Result<SavedDocument, PaperworkError> {
    let day = check_day(on, "answered")?;
    let document = get(store, id)?;
    if document.state == State::Draft {
        return Err(PaperworkError::NotReady(
            "Mark it as sent first: a reply comes to something that went.".into(),
        ));
    }
    if text.chars().count() > MAX_TEXT_CHARS {
        return Err(PaperworkError::NotReady(
            "That reply is too long to paste in. Attach it as a file instead.".into(),
        ));
    }
    if let Some((_, bytes)) = &file {
        check_reply_file(bytes)?;
    }
    let (name, bytes) = match file {
        Some((name, bytes)) => (Some(name), Some(bytes)),
        None => (document.reply_file_name, None),
    };
    store.conn().execute(
        "UPDATE paperwork SET state = 'replied', replied_on = ?2, reply_text = ?3,
                reply_file_name = ?4, reply_file = coalesce(?5, reply_file), updated_at = ?6
         WHERE id = ?1",
        params![
            id,
            day.format("%Y-%m-%d").to_string(),
            text.trim(),
            name,
            bytes,
            now_text()
        ],
    )?;
    get(store, id)
}

/// A reply file must be a PDF or plain text.
fn check_reply_file(bytes: &[u8]) -> Result<(), PaperworkError> {
    if bytes.len() > MAX_REPLY_BYTES {
        return Err(PaperworkError::File(
            "That file is too big to be a reply (over 20 MB). Nothing was changed.".into(),
        ));
    }
    if bytes.starts_with(b"%PDF") || std::str::from_utf8(bytes).is_ok() {
        return Ok(());
    }
    Err(PaperworkError::File(
        "A reply can be a PDF or a text file. Save it as PDF and attach it again. Nothing was \
         changed."
            .into(),
    ))
}

/// The attached reply file, if any: its name and bytes.
pub fn reply_file(store: &Store, id: i64) -> Result<Option<(String, Vec<u8>)>, PaperworkError> {
    let row: Option<(Option<String>, Option<Vec<u8>>)> = store
        .conn()
        .query_row(
            "SELECT reply_file_name, reply_file FROM paperwork WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    match row {
        None => Err(PaperworkError::DocumentNotFound),
        Some((Some(name), Some(bytes))) => Ok(Some((name, bytes))),
        Some(_) => Ok(None),
    }
}

/// Gives up waiting: no reply came.
pub fn mark_no_reply(store: &Store, id: i64) -> Result<SavedDocument, PaperworkError> {
    let document = get(store, id)?;
    if document.state == State::Draft {
        return Err(PaperworkError::NotReady(
            "It has not been sent yet, so no reply is due.".into(),
        ));
    }
    store.conn().execute(
        "UPDATE paperwork SET state = 'noReply', updated_at = ?2 WHERE id = ?1",
        params![id, now_text()],
    )?;
    get(store, id)
}

pub fn delete(store: &Store, id: i64) -> Result<(), PaperworkError> {
    let gone = store
        .conn()
        .execute("DELETE FROM paperwork WHERE id = ?1", [id])?;
    if gone == 0 {
        return Err(PaperworkError::DocumentNotFound);
    }
    Ok(())
}

/// Attaches a reply file (a PDF or text) to a document that was sent.
pub fn attach_reply(
    store: &Store,
    id: i64,
    name: &str,
    bytes: Vec<u8>,
) -> Result<SavedDocument, PaperworkError> {
    if get(store, id)?.state == State::Draft {
        return Err(PaperworkError::NotReady(
            "Mark it as sent first: a reply comes to something that went.".into(),
        ));
    }
    check_reply_file(&bytes)?;
    let name = if name.trim().is_empty() {
        "reply"
    } else {
        name.trim()
    };
    store.conn().execute(
        "UPDATE paperwork SET reply_file_name = ?2, reply_file = ?3, updated_at = ?4
         WHERE id = ?1",
        params![id, name, bytes, now_text()],
    )?;
    get(store, id)
}
