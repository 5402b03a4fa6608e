//! A petition: what it asks, of whom, the target and deadline, which details it collects, its
//! privacy notice, and whether it is open, closed or handed in.

use chrono::{DateTime, Local, NaiveDate};
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::notice::{self, NoticeFacts};
use super::signer::Fields;
use super::{PetitionError, ids, timestamp};
use crate::group;
use crate::problem::FieldProblem;
use crate::store::Store;

pub const MAX_TITLE_CHARS: usize = 200;
pub const MAX_TEXT_CHARS: usize = 4_000;
pub const MAX_TARGET: u32 = 10_000_000;

/// Who the petition goes to. For the Commons the sheets follow the House's paper form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum AddresseeKind {
    Council,
    Mp,
    IcsBoard,
    Commons,
    Other,
}

impl AddresseeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            AddresseeKind::Council => "council",
            AddresseeKind::Mp => "mp",
            AddresseeKind::IcsBoard => "ics_board",
            AddresseeKind::Commons => "commons",
            AddresseeKind::Other => "other",
        }
    }

    fn parse(text: &str) -> AddresseeKind {
        match text {
            "council" => AddresseeKind::Council,
            "mp" => AddresseeKind::Mp,
            "ics_board" => AddresseeKind::IcsBoard,
            "commons" => AddresseeKind::Commons,
            _ => AddresseeKind::Other,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "PetitionStatus")]
pub enum Status {
    Open,
    Closed,
    HandedIn,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::Closed => "closed",
            Status::HandedIn => "handed_in",
        }
    }

    /// How a message says it: "closed", "handed in".
    pub fn words(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::Closed => "closed",
            Status::HandedIn => "handed in",
        }
    }

    fn parse(text: &str) -> Status {
        match text {
            "open" => Status::Open,
            "handed_in" => Status::HandedIn,
            _ => Status::Closed,
        }
    }
}

/// What an organiser types to make or change a petition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PetitionDraft {
    pub title: String,
    /// Why: the full text, printed on sheet 1 and shown at the kiosk.
    pub background: String,
    /// What is asked: repeated on every sheet.
    pub prayer: String,
    pub addressee_kind: AddresseeKind,
    /// "Camden Council", "Keir Starmer MP", "North Central London ICB".
    pub addressee: String,
    /// Who is petitioning, as "residents of Camden" (used by the Commons form).
    pub petitioners: String,
    pub target: u32,
    /// `YYYY-MM-DD`, or empty for none.
    pub deadline: String,
    pub fields: Fields,
    /// The "keep me informed" box's words; empty for no box.
    pub opt_in_text: String,
    /// How long after hand-in the personal details are kept.
    pub retention_months: u32,
}

impl Default for PetitionDraft {
    fn default() -> Self {
        PetitionDraft {
            title: String::new(),
            background: String::new(),
            prayer: String::new(),
            addressee_kind: AddresseeKind::Council,
            addressee: String::new(),
            petitioners: String::new(),
            target: 1000,
            deadline: String::new(),
            fields: Fields {
                postcode: true,
                email: false,
                phone: false,
            },
            opt_in_text: "Keep me informed about this campaign by email.".into(),
            retention_months: 6,
        }
    }
}

/// A saved petition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Petition {
    #[ts(type = "number")]
    pub id: i64,
    pub uid: String,
    /// Short code printed on every sheet, so a loose sheet finds its petition.
    pub code: String,
    #[serde(flatten)]
    pub draft: PetitionDraft,
    pub status: Status,
    pub handed_in_on: Option<String>,
    pub erased_on: Option<String>,
    pub notice_version: u32,
    pub created_at: String,
}

impl Petition {
    /// Refuses new signatures unless the petition is open and its notice is complete.
    pub fn ready_to_sign(&self, notice_text: &str) -> Result<(), PetitionError> {
        if self.status != Status::Open {
            return Err(PetitionError::NotOpen {
                status: self.status.words(),
            });
        }
        match notice::missing_details(notice_text) {
            Some(message) => Err(PetitionError::NotReady(message)),
            None => Ok(()),
        }
    }

    pub fn offers_opt_in(&self) -> bool {
        !self.draft.opt_in_text.trim().is_empty()
    }
}

impl PetitionDraft {
    /// Checks and tidies the draft; each problem names its field.
    pub fn checked(&self) -> Result<PetitionDraft, PetitionError> {
        let mut draft = self.clone();
        for text in [
            &mut draft.title,
            &mut draft.background,
            &mut draft.prayer,
            &mut draft.addressee,
            &mut draft.petitioners,
            &mut draft.deadline,
            &mut draft.opt_in_text,
        ] {
            *text = text.trim().to_string();
        }
        if draft.addressee_kind == AddresseeKind::Commons {
            draft.addressee = "the House of Commons".into();
        }
        let mut problems = Vec::new();
        let mut problem = |field: &str, message: String| {
            problems.push(FieldProblem {
                field: field.into(),
                message,
            })
        };
        let chars = |t: &str| t.chars().count();
        if draft.title.is_empty() || chars(&draft.title) > MAX_TITLE_CHARS {
            problem(
                "title",
                format!("Give the petition a title of up to {MAX_TITLE_CHARS} characters."),
            );
        }
        if draft.prayer.is_empty() || chars(&draft.prayer) > MAX_TEXT_CHARS {
            problem(
                "prayer",
                format!("Write what the petition asks for, in up to {MAX_TEXT_CHARS} characters."),
            );
        }
        if chars(&draft.background) > MAX_TEXT_CHARS {
            problem(
                "background",
                format!("The full text can be at most {MAX_TEXT_CHARS} characters."),
            );
        }
        if draft.addressee.is_empty() || chars(&draft.addressee) > MAX_TITLE_CHARS {
            problem(
                "addressee",
                "Say who the petition is to, such as Camden Council.".into(),
            );
        }
        if draft.addressee_kind == AddresseeKind::Commons && draft.petitioners.is_empty() {
            problem(
                "petitioners",
                "A petition to the House of Commons says who is petitioning, such as \
                 \"residents of Camden\"."
                    .into(),
            );
        }
        if !(1..=MAX_TARGET).contains(&draft.target) {
            problem(
                "target",
                "The target is a number of signatures from 1 to 10 million.".into(),
            );
        }
        if !draft.deadline.is_empty()
            && NaiveDate::parse_from_str(&draft.deadline, "%Y-%m-%d").is_err()
        {
            problem(
                "deadline",
                "The deadline must be a real day, month and year, such as 31 March 2027.".into(),
            );
        }
        if !(1..=60).contains(&draft.retention_months) {
            problem(
                "retentionMonths",
                "Keep personal details for 1 to 60 months after hand-in.".into(),
            );
        }
        if chars(&draft.opt_in_text) > MAX_TITLE_CHARS {
            problem(
                "optInText",
                format!("The keep-me-informed words can be at most {MAX_TITLE_CHARS} characters."),
            );
        }
        if problems.is_empty() {
            Ok(draft)
        } else {
            Err(PetitionError::InvalidPetition(problems))
        }
    }
}

/// Makes a petition, with its privacy notice (version 1) from the template.
pub fn create(store: &mut Store, draft: &PetitionDraft) -> Result<Petition, PetitionError> {
    create_at(store, draft, Local::now())
}

pub fn create_at(
    store: &mut Store,
    draft: &PetitionDraft,
    now: DateTime<Local>,
) -> Result<Petition, PetitionError> {
    let draft = draft.checked()?;
    let group = group::load(store).map(|p| p.details).unwrap_or_default();
    let notice_text = notice::template(&NoticeFacts {
        group: &group,
        addressee: &draft.addressee,
        to_commons: draft.addressee_kind == AddresseeKind::Commons,
        fields: draft.fields,
        offers_opt_in: !draft.opt_in_text.is_empty(),
        retention_months: draft.retention_months,
    });
    let at = timestamp(now);
    let uid = ids::random();
    let code = code_for(&uid);
    let tx = store.conn_mut().transaction()?;
    let id = insert_blank(&tx, &uid, &code, &at)?;
    write_details(&tx, id, &draft, &at)?;
    notice::save(&tx, id, &notice_text, &at)?;
    tx.commit()?;
    get(store.conn(), id)
}

/// Changes a petition's details. Which fields it asks for can change too; signatures already
/// taken keep what they have.
pub fn update(
    store: &mut Store,
    id: i64,
    draft: &PetitionDraft,
) -> Result<Petition, PetitionError> {
    let draft = draft.checked()?;
    let at = timestamp(Local::now());
    let changed = write_details(store.conn(), id, &draft, &at)?;
    if changed == 0 {
        return Err(PetitionError::NotFound);
    }
    get(store.conn(), id)
}

/// A new petition row with only its ids, for [`write_details`] to fill in.
pub(crate) fn insert_blank(
    conn: &Connection,
    uid: &str,
    code: &str,
    created_at: &str,
) -> Result<i64, PetitionError> {
    conn.execute(
        "INSERT INTO petitions (uid, code, title, background, prayer, addressee_kind, addressee,
             petitioners, target, ask_postcode, ask_email, ask_phone, status, created_at,
             updated_at)
         VALUES (?1, ?2, '', '', '', 'other', '', '', 1, 0, 0, 0, 'open', ?3, ?3)",
        params![uid, code, created_at],
    )?;
    Ok(conn.last_insert_rowid())
}

/// Writes a checked draft's details to petition `id`. Returns how many rows changed (0 when
/// there is no such petition). The one place these columns are written.
pub(crate) fn write_details(
    conn: &Connection,
    id: i64,
    draft: &PetitionDraft,
    updated_at: &str,
) -> Result<usize, PetitionError> {
    Ok(conn.execute(
        "UPDATE petitions SET title = ?2, background = ?3, prayer = ?4, addressee_kind = ?5,
             addressee = ?6, petitioners = ?7, target = ?8, deadline = ?9, ask_postcode = ?10,
             ask_email = ?11, ask_phone = ?12, opt_in_text = ?13, retention_months = ?14,
             updated_at = ?15
         WHERE id = ?1",
        params![
            id,
            draft.title,
            draft.background,
            draft.prayer,
            draft.addressee_kind.as_str(),
            draft.addressee,
            draft.petitioners,
            draft.target,
            none_if_empty(&draft.deadline),
            draft.fields.postcode,
            draft.fields.email,
            draft.fields.phone,
            none_if_empty(&draft.opt_in_text),
            draft.retention_months,
            updated_at,
        ],
    )?)
}

/// Saves an edited privacy notice as a new version (signers so far keep the one they saw).
pub fn save_notice(
    store: &mut Store,
    id: i64,
    text: &str,
) -> Result<notice::Notice, PetitionError> {
    get(store.conn(), id)?;
    let at = timestamp(Local::now());
    notice::save(store.conn(), id, text, &at)?;
    notice::current(store.conn(), id)
}

/// Opens, closes or marks a petition handed in (on `handed_in_on`, `YYYY-MM-DD`).
pub fn set_status(
    store: &mut Store,
    id: i64,
    status: Status,
    handed_in_on: Option<&str>,
) -> Result<Petition, PetitionError> {
    let petition = get(store.conn(), id)?;
    if petition.erased_on.is_some() && status == Status::Open {
        return Err(PetitionError::Erased {
            on: petition.erased_on.unwrap_or_default(),
        });
    }
    let handed_in_on = match status {
        Status::HandedIn => {
            let day = handed_in_on.unwrap_or_default().trim().to_string();
            let day = if day.is_empty() {
                super::date(Local::now())
            } else {
                day
            };
            if NaiveDate::parse_from_str(&day, "%Y-%m-%d").is_err() {
                return Err(PetitionError::InvalidPetition(vec![FieldProblem {
                    field: "handedInOn".into(),
                    message: "The hand-in date must be a real day, month and year, such as 31 March 2027.".into(),
                }]));
            }
            Some(day)
        }
        _ => None,
    };
    store.conn().execute(
        "UPDATE petitions SET status = ?2, handed_in_on = ?3, updated_at = ?4 WHERE id = ?1",
        params![id, status.as_str(), handed_in_on, timestamp(Local::now())],
    )?;
    get(store.conn(), id)
}

/// Deletes a petition and every signature in it. The UI asks twice; the audit log keeps a note.
pub fn delete(store: &mut Store, id: i64) -> Result<(), PetitionError> {
    let petition = get(store.conn(), id)?;
    let tx = store.conn_mut().transaction()?;
    let count: i64 = tx.query_row(
        "SELECT count(*) FROM signatures WHERE petition_id = ?1",
        [id],
        |r| r.get(0),
    )?;
    tx.execute("DELETE FROM petitions WHERE id = ?1", [id])?;
    crate::audit::record(
        &tx,
        "petition_deleted",
        &format!(
            "petition {} deleted with {}",
            petition.code,
            crate::words::count(count.unsigned_abs(), "signature", "signatures")
        ),
        Local::now(),
    )?;
    tx.commit()?;
    Ok(())
}

/// A petition in the list, with its count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PetitionSummary {
    pub petition: Petition,
    /// Counted signatures (see [`super::progress`]).
    pub valid: u32,
}

/// Every petition with its count, newest first.
pub fn summaries(conn: &Connection) -> Result<Vec<PetitionSummary>, PetitionError> {
    list(conn)?
        .into_iter()
        .map(|petition| {
            let valid = super::progress::progress(conn, petition.id)?.valid;
            Ok(PetitionSummary { petition, valid })
        })
        .collect()
}

pub fn get(conn: &Connection, id: i64) -> Result<Petition, PetitionError> {
    let sql = format!("{SELECT} WHERE p.id = ?1");
    conn.query_row(&sql, [id], row_to_petition)
        .optional()?
        .ok_or(PetitionError::NotFound)
}

pub fn find_by_uid(conn: &Connection, uid: &str) -> Result<Option<Petition>, PetitionError> {
    let sql = format!("{SELECT} WHERE p.uid = ?1");
    Ok(conn.query_row(&sql, [uid], row_to_petition).optional()?)
}

/// Every petition, newest first.
pub fn list(conn: &Connection) -> Result<Vec<Petition>, PetitionError> {
    let sql = format!("{SELECT} WHERE p.binned = 0 ORDER BY p.id DESC");
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map([], row_to_petition)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

const SELECT: &str = "SELECT p.id, p.uid, p.code, p.title, p.background, p.prayer,
        p.addressee_kind, p.addressee, p.petitioners, p.target, p.deadline, p.ask_postcode,
        p.ask_email, p.ask_phone, p.opt_in_text, p.retention_months, p.status, p.handed_in_on,
        p.erased_on, p.created_at,
        (SELECT max(version) FROM privacy_notices n WHERE n.petition_id = p.id)
    FROM petitions p";

fn row_to_petition(r: &rusqlite::Row) -> rusqlite::Result<Petition> {
    let kind: String = r.get(6)?;
    let status: String = r.get(16)?;
    Ok(Petition {
        id: r.get(0)?,
        uid: r.get(1)?,
        code: r.get(2)?,
        draft: PetitionDraft {
            title: r.get(3)?,
            background: r.get(4)?,
            prayer: r.get(5)?,
            addressee_kind: AddresseeKind::parse(&kind),
            addressee: r.get(7)?,
            petitioners: r.get(8)?,
            target: r.get(9)?,
            deadline: r.get::<_, Option<String>>(10)?.unwrap_or_default(),
            fields: Fields {
                postcode: r.get(11)?,
                email: r.get(12)?,
                phone: r.get(13)?,
            },
            opt_in_text: r.get::<_, Option<String>>(14)?.unwrap_or_default(),
            retention_months: r.get(15)?,
        },
        status: Status::parse(&status),
        handed_in_on: r.get(17)?,
        erased_on: r.get(18)?,
        created_at: r.get(19)?,
        notice_version: r.get::<_, Option<u32>>(20)?.unwrap_or(1),
    })
}

/// A short code for the sheets: "P-" and six characters of the id, without letters that are
/// easy to misread (0/O, 1/I).
pub(crate) fn code_for(uid: &str) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let bytes = uid.as_bytes();
    let code: String = (0..6)
        .map(|i| {
            let b = bytes.get(i).copied().unwrap_or(b'0') as usize;
            let c = bytes.get(i + 6).copied().unwrap_or(b'0') as usize;
            ALPHABET[(b * 7 + c) % ALPHABET.len()] as char
        })
        .collect();
    format!("P-{code}")
}

pub(crate) fn none_if_empty(text: &str) -> Option<&str> {
    (!text.is_empty()).then_some(text)
}
