//! Stalls: one collecting session, with its place, date and volunteers. Every kiosk signature
//! and every paper sheet belongs to one, so progress can be shown per stall.

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{PetitionError, ids, petition};
use crate::problem::FieldProblem;

/// What an organiser types for a stall.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export)]
pub struct StallDraft {
    pub place: String,
    /// `YYYY-MM-DD`.
    pub held_on: String,
    /// Names, as typed: "Ann, Bilal and Chris".
    pub volunteers: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Stall {
    #[ts(type = "number")]
    pub id: i64,
    pub uid: String,
    #[serde(flatten)]
    pub draft: StallDraft,
}

impl Stall {
    /// "Camden High Street, Saturday 14 March 2026".
    pub fn label(&self) -> String {
        match NaiveDate::parse_from_str(&self.draft.held_on, "%Y-%m-%d") {
            Ok(day) => format!("{}, {}", self.draft.place, day.format("%A %-d %B %Y")),
            Err(_) => self.draft.place.clone(),
        }
    }
}

impl StallDraft {
    fn checked(&self) -> Result<StallDraft, PetitionError> {
        let draft = StallDraft {
            place: self.place.trim().to_string(),
            held_on: self.held_on.trim().to_string(),
            volunteers: self.volunteers.trim().to_string(),
        };
        let mut problems = Vec::new();
        if draft.place.is_empty() || draft.place.chars().count() > 200 {
            problems.push(FieldProblem {
                field: "place".into(),
                message: "Say where the stall is, such as Camden High Street.".into(),
            });
        }
        if NaiveDate::parse_from_str(&draft.held_on, "%Y-%m-%d").is_err() {
            problems.push(FieldProblem {
                field: "heldOn".into(),
                message:
                    "Give the stall's date: a real day, month and year, such as 14 March 2026."
                        .into(),
            });
        }
        if draft.volunteers.chars().count() > 1000 {
            problems.push(FieldProblem {
                field: "volunteers".into(),
                message: "The volunteers' names can be at most 1,000 characters.".into(),
            });
        }
        if problems.is_empty() {
            Ok(draft)
        } else {
            Err(PetitionError::InvalidStall(problems))
        }
    }
}

pub fn add(
    conn: &Connection,
    petition_id: i64,
    draft: &StallDraft,
) -> Result<Stall, PetitionError> {
    petition::get(conn, petition_id)?;
    let draft = draft.checked()?;
    let uid = ids::random();
    conn.execute(
        "INSERT INTO stalls (uid, petition_id, place, held_on, volunteers)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            uid,
            petition_id,
            draft.place,
            draft.held_on,
            draft.volunteers
        ],
    )?;
    get(conn, conn.last_insert_rowid())
}

pub fn update(conn: &Connection, id: i64, draft: &StallDraft) -> Result<Stall, PetitionError> {
    let draft = draft.checked()?;
    let changed = conn.execute(
        "UPDATE stalls SET place = ?2, held_on = ?3, volunteers = ?4 WHERE id = ?1",
        params![id, draft.place, draft.held_on, draft.volunteers],
    )?;
    if changed == 0 {
        return Err(PetitionError::StallNotFound);
    }
    get(conn, id)
}

pub fn get(conn: &Connection, id: i64) -> Result<Stall, PetitionError> {
    conn.query_row(
        "SELECT id, uid, place, held_on, volunteers FROM stalls WHERE id = ?1",
        [id],
        row_to_stall,
    )
    .optional()?
    .ok_or(PetitionError::StallNotFound)
}

/// A petition's stalls, newest first.
pub fn list(conn: &Connection, petition_id: i64) -> Result<Vec<Stall>, PetitionError> {
    let mut stmt = conn.prepare(
        "SELECT id, uid, place, held_on, volunteers FROM stalls WHERE petition_id = ?1
         ORDER BY held_on DESC, id DESC",
    )?;
    let rows = stmt.query_map([petition_id], row_to_stall)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Checks that a stall belongs to the petition (a stale page could send another's).
pub(crate) fn check_belongs(
    conn: &Connection,
    stall_id: i64,
    petition_id: i64,
) -> Result<Stall, PetitionError> {
    let owner: Option<i64> = conn
        .query_row(
            "SELECT petition_id FROM stalls WHERE id = ?1",
            [stall_id],
            |r| r.get(0),
        )
        .optional()?;
    match owner {
        Some(p) if p == petition_id => get(conn, stall_id),
        _ => Err(PetitionError::StallNotFound),
    }
}

fn row_to_stall(r: &rusqlite::Row) -> rusqlite::Result<Stall> {
    Ok(Stall {
        id: r.get(0)?,
        uid: r.get(1)?,
        draft: StallDraft {
            place: r.get(2)?,
            held_on: r.get(3)?,
            volunteers: r.get(4)?,
        },
    })
}
