//! Adding, correcting, reviewing and listing signatures.
//!
//! Each signature is saved in its own transaction with `synchronous=FULL`, so once `add`
//! returns it survives a crash or a flat battery: the kiosk shows "thank you" only then.

use chrono::{DateTime, Local};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::petition::{self, Petition, Status};
use super::signer::{CheckedSigner, SignerInput};
use super::{PetitionError, duplicates, ids, notice, precise_timestamp, sheets, stalls};
use crate::store::Store;

/// How a signature reached us.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "camelCase")]
#[ts(export, rename = "SignatureSource")]
pub enum Source {
    /// Signed on the laptop at a stall.
    Kiosk,
    /// Typed in by an organiser from a letter, an email or a phone call.
    Typed,
    /// A line of a paper sheet.
    Paper { sheet: u32, line: u32 },
    /// A row of a spreadsheet file.
    Import,
}

impl Source {
    fn as_str(self) -> &'static str {
        match self {
            Source::Kiosk => "kiosk",
            Source::Typed => "typed",
            Source::Paper { .. } => "paper",
            Source::Import => "import",
        }
    }

    fn from_row(kind: &str, sheet: Option<u32>, line: Option<u32>) -> Source {
        match (kind, sheet, line) {
            ("paper", Some(sheet), Some(line)) => Source::Paper { sheet, line },
            ("kiosk", ..) => Source::Kiosk,
            ("import", ..) => Source::Import,
            _ => Source::Typed,
        }
    }

    /// "kiosk", "paper sheet 4 line 12", "imported file".
    pub fn words(self) -> String {
        match self {
            Source::Kiosk => "kiosk".into(),
            Source::Typed => "typed in".into(),
            Source::Paper { sheet, line } => format!("paper sheet {sheet} line {line}"),
            Source::Import => "imported file".into(),
        }
    }
}

/// One signature to add.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct NewSignature {
    pub signer: SignerInput,
    #[ts(type = "number | null")]
    pub stall_id: Option<i64>,
    pub source: Source,
}

/// What adding a signature tells the caller. The kiosk shows only "thank you": whether it
/// repeats an earlier one is for the organiser, never for the next person at the stall.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "SignatureAdded")]
pub struct Added {
    pub uid: String,
    /// True when this replaced what was typed before for the same paper line.
    pub replaced: bool,
    pub flagged: bool,
}

/// A signature as an organiser sees it in the list. Erased details are `None`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Signature {
    #[ts(type = "number")]
    pub id: i64,
    pub uid: String,
    pub name: Option<String>,
    pub postcode: Option<String>,
    pub district: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub opted_in: bool,
    pub source: Source,
    #[ts(type = "number | null")]
    pub stall_id: Option<i64>,
    pub signed_at: String,
    pub notice_version: Option<u32>,
    /// The uid of the earlier signature this one repeats, while an organiser has not decided.
    pub duplicate_of: Option<String>,
    pub review: Review,
    pub withdrawn: bool,
    pub erased: bool,
}

/// An organiser's decision on a flagged signature.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum Review {
    /// Not decided (or never flagged).
    None,
    /// A different person after all, or a signature the organiser wants counted.
    Kept,
    /// A repeat: not counted, still listed.
    Rejected,
}

impl Review {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Review::None => "none",
            Review::Kept => "kept",
            Review::Rejected => "rejected",
        }
    }

    pub(crate) fn parse(text: &str) -> Review {
        match text {
            "kept" => Review::Kept,
            "rejected" => Review::Rejected,
            _ => Review::None,
        }
    }
}

/// Adds a signature now.
pub fn add(
    store: &mut Store,
    petition_id: i64,
    new: &NewSignature,
) -> Result<Added, PetitionError> {
    add_at(store.conn_mut(), petition_id, new, Local::now())
}

/// [`add`] with the clock passed in.
pub fn add_at(
    conn: &mut Connection,
    petition_id: i64,
    new: &NewSignature,
    now: DateTime<Local>,
) -> Result<Added, PetitionError> {
    // IMMEDIATE: take the write lock first, so the duplicate check and the insert see the
    // same data even if the command line is writing at the same moment.
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let petition = petition::get(&tx, petition_id)?;
    check_accepting(&tx, &petition, new.source)?;
    let checked = new
        .signer
        .check(petition.draft.fields)
        .map_err(PetitionError::InvalidSigner)?;
    let stall = match new.stall_id {
        Some(id) => Some(stalls::check_belongs(&tx, id, petition_id)?),
        None => None,
    };
    let (uid, notice_version, signed_at) = match new.source {
        Source::Paper { sheet, line } => {
            sheets::check_line(line, sheet)?;
            let uid = paper_uid(&petition.uid, sheet, line);
            let version = sheets::notice_version_for(&tx, petition_id, sheet)?
                .unwrap_or(petition.notice_version);
            // Paper is signed on the stall's day, whenever it is typed in.
            let signed_at = stall
                .as_ref()
                .map(|s| format!("{}T00:00:00", s.draft.held_on))
                .unwrap_or_else(|| precise_timestamp(now));
            (uid, Some(version), signed_at)
        }
        _ => (
            ids::random(),
            Some(petition.notice_version),
            precise_timestamp(now),
        ),
    };
    let replaced = write_row(
        &tx,
        &RowValues {
            uid: &uid,
            petition_id,
            stall_id: new.stall_id,
            source: new.source,
            checked: &checked,
            notice_version,
            signed_at: &signed_at,
            at: &precise_timestamp(now),
        },
    )?;
    if let Source::Paper { sheet, .. } = new.source {
        sheets::note_entry(&tx, petition_id, sheet, new.stall_id)?;
    }
    let flagged = flag_of(&tx, &uid)?;
    tx.commit()?;
    Ok(Added {
        uid,
        replaced,
        flagged,
    })
}

/// The id of a paper line: the same on every laptop that types it.
pub fn paper_uid(petition_uid: &str, sheet: u32, line: u32) -> String {
    ids::derived(&[petition_uid, "paper", &sheet.to_string(), &line.to_string()])
}

/// Kiosk and typed signatures need an open petition with a complete privacy notice. Paper
/// sheets and files collected while it was open can still be typed in once it is closed, but
/// not after hand-in, when the count has been given.
fn check_accepting(
    conn: &Connection,
    petition: &Petition,
    source: Source,
) -> Result<(), PetitionError> {
    if let Some(on) = &petition.erased_on {
        return Err(PetitionError::Erased { on: on.clone() });
    }
    match (source, petition.status) {
        (Source::Paper { .. } | Source::Import, Status::Closed) => Ok(()),
        (_, Status::Open) => {
            let text = notice::current(conn, petition.id)?.text;
            petition.ready_to_sign(&text)
        }
        (_, status) => Err(PetitionError::NotOpen {
            status: status.words(),
        }),
    }
}

pub(crate) struct RowValues<'a> {
    pub uid: &'a str,
    pub petition_id: i64,
    pub stall_id: Option<i64>,
    pub source: Source,
    pub checked: &'a CheckedSigner,
    pub notice_version: Option<u32>,
    pub signed_at: &'a str,
    pub at: &'a str,
}

/// Inserts the row, or for a uid already there (a paper line typed again) replaces its
/// details as a new revision. Returns whether it replaced one. Flags are refreshed.
pub(crate) fn write_row(conn: &Connection, v: &RowValues) -> Result<bool, PetitionError> {
    let c = v.checked;
    let old: Option<(Option<String>, Option<String>, Option<String>)> = conn
        .query_row(
            "SELECT name_key, postcode, email_key FROM signatures WHERE uid = ?1",
            [v.uid],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    if old.is_some() {
        conn.execute(
            "UPDATE signatures SET stall_id = ?2, name = ?3, name_key = ?4, postcode = ?5,
                 district = ?6, email = ?7, email_key = ?8, phone = ?9, opted_in = ?10,
                 review = 'none', revision = revision + 1, updated_at = ?11
             WHERE uid = ?1 AND erased = 0",
            params![
                v.uid,
                v.stall_id,
                c.name,
                c.name_key,
                c.postcode,
                c.district,
                c.email,
                c.email_key,
                c.phone,
                c.opted_in,
                v.at
            ],
        )?;
    } else {
        insert_row(conn, v)?;
    }
    duplicates::refresh_around(conn, v.petition_id, v.uid, old.clone())?;
    Ok(old.is_some())
}

/// Inserts a new signature row, without refreshing flags.
pub(crate) fn insert_row(conn: &Connection, v: &RowValues) -> Result<(), PetitionError> {
    insert(conn, v, "")?;
    Ok(())
}

/// Inserts a new signature row unless its uid is taken, without refreshing flags (a bulk
/// import works them out once at the end); says whether it did. One step, where a look-up
/// and then an insert would search the uid index twice.
pub(crate) fn insert_row_unless_there(
    conn: &Connection,
    v: &RowValues,
) -> Result<bool, PetitionError> {
    Ok(insert(conn, v, "ON CONFLICT (uid) DO NOTHING")? == 1)
}

fn insert(conn: &Connection, v: &RowValues, on_conflict: &str) -> Result<usize, PetitionError> {
    let (sheet, line) = match v.source {
        Source::Paper { sheet, line } => (Some(sheet), Some(line)),
        _ => (None, None),
    };
    let c = v.checked;
    let mut stmt = conn.prepare_cached(&format!(
        "INSERT INTO signatures (uid, petition_id, stall_id, source, sheet, line, name,
             name_key, postcode, district, email, email_key, phone, opted_in,
             notice_version, signed_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)
         {on_conflict}"
    ))?;
    Ok(stmt.execute(params![
        v.uid,
        v.petition_id,
        v.stall_id,
        v.source.as_str(),
        sheet,
        line,
        c.name,
        c.name_key,
        c.postcode,
        c.district,
        c.email,
        c.email_key,
        c.phone,
        c.opted_in,
        v.notice_version,
        v.signed_at,
        v.at
    ])?)
}

fn flag_of(conn: &Connection, uid: &str) -> Result<bool, PetitionError> {
    Ok(conn.query_row(
        "SELECT duplicate_of IS NOT NULL AND review = 'none' FROM signatures WHERE uid = ?1",
        [uid],
        |r| r.get(0),
    )?)
}

/// Corrects a signature's details (a typo spotted later). Keeps its source and date.
pub fn correct(
    store: &mut Store,
    signature_id: i64,
    signer: &SignerInput,
) -> Result<Signature, PetitionError> {
    let tx = store
        .conn_mut()
        .transaction_with_behavior(TransactionBehavior::Immediate)?;
    let current = get(&tx, signature_id)?;
    let petition_id = petition_of(&tx, signature_id)?;
    let petition = petition::get(&tx, petition_id)?;
    if let Some(on) = &petition.erased_on {
        return Err(PetitionError::Erased { on: on.clone() });
    }
    if current.erased {
        return Err(PetitionError::SignatureNotFound);
    }
    let checked = signer
        .check(petition.draft.fields)
        .map_err(PetitionError::InvalidSigner)?;
    write_row(
        &tx,
        &RowValues {
            uid: &current.uid,
            petition_id,
            stall_id: current.stall_id,
            source: current.source,
            checked: &checked,
            notice_version: current.notice_version,
            signed_at: &current.signed_at,
            at: &precise_timestamp(Local::now()),
        },
    )?;
    tx.commit()?;
    get(store.conn(), signature_id)
}

/// Records an organiser's decision on a flagged signature.
pub fn review(
    store: &mut Store,
    signature_id: i64,
    decision: Review,
) -> Result<Signature, PetitionError> {
    let tx = store
        .conn_mut()
        .transaction_with_behavior(TransactionBehavior::Immediate)?;
    let current = get(&tx, signature_id)?;
    let petition_id = petition_of(&tx, signature_id)?;
    tx.execute(
        "UPDATE signatures SET review = ?2, revision = revision + 1, updated_at = ?3
         WHERE id = ?1",
        params![
            signature_id,
            decision.as_str(),
            precise_timestamp(Local::now())
        ],
    )?;
    // A rejected signature no longer counts as "before", so later ones may change.
    duplicates::refresh_around(&tx, petition_id, &current.uid, None)?;
    tx.commit()?;
    get(store.conn(), signature_id)
}

/// What to show in the organiser's list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export)]
pub struct ListFilter {
    /// Words to find in the name, postcode or email.
    pub search: String,
    pub flagged_only: bool,
    /// Only this paper sheet.
    pub sheet: Option<u32>,
    pub offset: u32,
    /// At most this many (capped at 500; 0 means 100).
    pub limit: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SignaturePage {
    pub signatures: Vec<Signature>,
    /// How many match the filter in all.
    pub total: u32,
}

pub fn list(
    conn: &Connection,
    petition_id: i64,
    filter: &ListFilter,
) -> Result<SignaturePage, PetitionError> {
    let limit = match filter.limit {
        0 => 100,
        n => n.min(500),
    };
    let search = format!(
        "%{}%",
        filter
            .search
            .trim()
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_")
    );
    let condition = "petition_id = ?1
        AND (?2 = '%%' OR name LIKE ?2 ESCAPE '\\' OR postcode LIKE ?2 ESCAPE '\\'
             OR email LIKE ?2 ESCAPE '\\')
        AND (?3 = 0 OR (duplicate_of IS NOT NULL AND review = 'none'))
        AND (?4 IS NULL OR sheet = ?4)";
    let total: u32 = conn.query_row(
        &format!("SELECT count(*) FROM signatures WHERE {condition}"),
        params![petition_id, search, filter.flagged_only, filter.sheet],
        |r| r.get(0),
    )?;
    let order = if filter.sheet.is_some() {
        "line"
    } else {
        "signed_at DESC, id DESC"
    };
    let sql = format!("{SELECT} WHERE {condition} ORDER BY {order} LIMIT ?5 OFFSET ?6");
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map(
        params![
            petition_id,
            search,
            filter.flagged_only,
            filter.sheet,
            limit,
            filter.offset
        ],
        row_to_signature,
    )?;
    Ok(SignaturePage {
        signatures: rows.collect::<Result<_, _>>()?,
        total,
    })
}

pub fn get(conn: &Connection, id: i64) -> Result<Signature, PetitionError> {
    conn.query_row(&format!("{SELECT} WHERE id = ?1"), [id], row_to_signature)
        .optional()?
        .ok_or(PetitionError::SignatureNotFound)
}

pub fn get_by_uid(conn: &Connection, uid: &str) -> Result<Option<Signature>, PetitionError> {
    Ok(conn
        .query_row(&format!("{SELECT} WHERE uid = ?1"), [uid], row_to_signature)
        .optional()?)
}

pub(crate) fn petition_of(conn: &Connection, signature_id: i64) -> Result<i64, PetitionError> {
    conn.query_row(
        "SELECT petition_id FROM signatures WHERE id = ?1",
        [signature_id],
        |r| r.get(0),
    )
    .optional()?
    .ok_or(PetitionError::SignatureNotFound)
}

pub(crate) const SELECT: &str = "SELECT id, uid, name, postcode, district, email, phone,
    opted_in, source, sheet, line, stall_id, signed_at, notice_version,
    CASE WHEN review = 'none' THEN duplicate_of END, review, withdrawn, erased
    FROM signatures";

pub(crate) fn row_to_signature(r: &rusqlite::Row) -> rusqlite::Result<Signature> {
    let source: String = r.get(8)?;
    let review: String = r.get(15)?;
    Ok(Signature {
        id: r.get(0)?,
        uid: r.get(1)?,
        name: r.get(2)?,
        postcode: r.get(3)?,
        district: r.get(4)?,
        email: r.get(5)?,
        phone: r.get(6)?,
        opted_in: r.get(7)?,
        source: Source::from_row(&source, r.get(9)?, r.get(10)?),
        stall_id: r.get(11)?,
        signed_at: r.get(12)?,
        notice_version: r.get(13)?,
        duplicate_of: r.get(14)?,
        review: Review::parse(&review),
        withdrawn: r.get(16)?,
        erased: r.get(17)?,
    })
}
