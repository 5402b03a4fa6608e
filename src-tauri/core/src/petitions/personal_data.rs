//! The signers' rights and the group's duties under UK GDPR:
//! - find a person across every petition, to answer them;
//! - give them a copy of what we hold (subject access);
//! - erase their details on request (before hand-in their signature is withdrawn, as they
//!   asked; after hand-in the count already given stays);
//! - after hand-in, erase every signer's details in one go and keep only the counts, with a
//!   reminder when the retention period has passed.
//!
//! Exports and erasures are written to the audit log, saying how many and never whose.

use std::path::Path;

use chrono::{Local, Months, NaiveDate};
use rusqlite::{Connection, TransactionBehavior, named_params, params, params_from_iter};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::petition::{self, Status};
use super::signatures::{self, Signature};
use super::signer::{email_key, name_key};
use super::{PetitionError, duplicates, postcode, timestamp};
use crate::audit;
use crate::store::Store;

/// What an organiser knows about the person asking.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export)]
pub struct PersonQuery {
    pub name: String,
    pub email: String,
    pub postcode: String,
}

/// One signature that may be theirs, with the petition it is on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PersonMatch {
    pub petition_title: String,
    pub petition_code: String,
    pub signature: Signature,
}

/// Signatures matching any of the details given: the same email (aliases folded), the same
/// postcode, or a name containing the words typed. At most 200.
pub fn find(conn: &Connection, query: &PersonQuery) -> Result<Vec<PersonMatch>, PetitionError> {
    let name = name_key(&query.name);
    let email = query.email.trim();
    let postcode = postcode::normalise(&query.postcode);
    if name.is_empty() && email.is_empty() && postcode.is_none() {
        return Err(PetitionError::NotReady(
            "Type the person's name, email or postcode to look for them.".into(),
        ));
    }
    let mut conditions = Vec::new();
    let mut values: Vec<String> = Vec::new();
    if !name.is_empty() {
        values.push(format!("%{}%", name.replace(['%', '_'], "")));
        conditions.push(format!("s.name_key LIKE ?{}", values.len()));
    }
    if !email.is_empty() {
        values.push(email_key(email));
        conditions.push(format!("s.email_key = ?{}", values.len()));
    }
    if let Some(postcode) = postcode {
        values.push(postcode);
        conditions.push(format!("s.postcode = ?{}", values.len()));
    }
    let sql = format!(
        "SELECT s.id, p.title, p.code FROM signatures s JOIN petitions p ON p.id = s.petition_id
         WHERE s.erased = 0 AND ({}) ORDER BY s.signed_at LIMIT 200",
        conditions.join(" OR ")
    );
    let mut stmt = conn.prepare(&sql)?;
    let found: Vec<(i64, String, String)> = stmt
        .query_map(params_from_iter(values.iter()), |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })?
        .collect::<Result<_, _>>()?;
    found
        .into_iter()
        .map(|(id, petition_title, petition_code)| {
            Ok(PersonMatch {
                signature: signatures::get(conn, id)?,
                petition_title,
                petition_code,
            })
        })
        .collect()
}

/// Writes a plain-text copy of everything held about the chosen signatures, for the person
/// who asked, and notes the export in the audit log.
pub fn subject_access(
    store: &Store,
    signature_ids: &[i64],
    path: &Path,
) -> Result<u32, PetitionError> {
    let conn = store.conn();
    let group = crate::group::load(store)
        .map(|g| g.details)
        .unwrap_or_default();
    let mut text = format!(
        "What {} holds about you\nMade on {}\n\n",
        if group.name.is_empty() {
            "we"
        } else {
            group.name.as_str()
        },
        Local::now().format("%-d %B %Y")
    );
    let mut count = 0;
    for id in signature_ids {
        let s = signatures::get(conn, *id)?;
        if s.erased {
            continue;
        }
        let petition = petition::get(conn, signatures::petition_of(conn, *id)?)?;
        let notice = match s.notice_version {
            Some(v) => {
                super::notice::version(conn, petition.id, v)?.map_or_else(String::new, |n| n.text)
            }
            None => "Not known: this signature was imported from a file.".into(),
        };
        text.push_str(&format!(
            "Petition: {} ({})\nAsking: {}\nName: {}\nPostcode: {}\nEmail: {}\nPhone: {}\n\
             Keep me informed: {}\nSigned: {}\nHow: {}\n\nThe privacy notice you saw:\n{}\n\n\
             ----------\n\n",
            petition.draft.title,
            petition.draft.addressee,
            petition.draft.prayer,
            s.name.as_deref().unwrap_or(""),
            s.postcode.as_deref().unwrap_or("not given"),
            s.email.as_deref().unwrap_or("not given"),
            s.phone.as_deref().unwrap_or("not given"),
            if s.opted_in { "yes" } else { "no" },
            s.signed_at.replace('T', " at "),
            s.source.words(),
            notice
        ));
        count += 1;
    }
    if count == 0 {
        return Err(PetitionError::SignatureNotFound);
    }
    // Notepad before Windows 10 (2018) shows a file with bare LF line ends as one long line.
    let text = if cfg!(windows) {
        text.replace('\n', "\r\n")
    } else {
        text
    };
    crate::leftovers::guarded(conn, path, || {
        crate::files::write_whole(path, text.as_bytes()).map_err(|reason| PetitionError::File {
            message: format!("The copy was not saved: {reason}."),
        })
    })?;
    audit::record(
        conn,
        "subject_access_export",
        &format!(
            "a copy of {} given to the person they belong to",
            crate::words::count(count, "signature", "signatures")
        ),
        Local::now(),
    )?;
    Ok(count)
}

/// Erases the chosen signatures' personal details at the person's request.
pub fn erase(store: &mut Store, signature_ids: &[i64]) -> Result<u32, PetitionError> {
    let at = timestamp(Local::now());
    let tx = store
        .conn_mut()
        .transaction_with_behavior(TransactionBehavior::Immediate)?;
    let mut count = 0;
    for id in signature_ids {
        let s = signatures::get(&tx, *id)?;
        if s.erased {
            continue;
        }
        let petition_id = signatures::petition_of(&tx, *id)?;
        let handed_in = petition::get(&tx, petition_id)?.status == Status::HandedIn;
        let old: (Option<String>, Option<String>, Option<String>) = tx.query_row(
            "SELECT name_key, postcode, email_key FROM signatures WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?;
        tx.execute(
            &format!("UPDATE signatures SET {ERASE}, withdrawn = :withdrawn WHERE id = :id"),
            named_params! {":id": id, ":withdrawn": !handed_in, ":at": at},
        )?;
        duplicates::refresh_around(&tx, petition_id, &s.uid, Some(old))?;
        count += 1;
    }
    audit::record(
        &tx,
        "signatures_erased",
        &format!(
            "{} erased at the signer's request",
            crate::words::count(count, "signature", "signatures")
        ),
        Local::now(),
    )?;
    tx.commit()?;
    Ok(count)
}

/// What erasing sets: no personal details; district, date, stall and source stay for counts.
const ERASE: &str = "name = NULL, name_key = NULL, postcode = NULL, email = NULL,
    email_key = NULL, phone = NULL, opted_in = 0, duplicate_of = NULL, erased = 1,
    revision = revision + 1, updated_at = :at";

/// After hand-in: erases every signer's personal details, keeping the counts.
pub fn erase_after_hand_in(store: &mut Store, petition_id: i64) -> Result<u32, PetitionError> {
    let tx = store
        .conn_mut()
        .transaction_with_behavior(TransactionBehavior::Immediate)?;
    let petition = petition::get(&tx, petition_id)?;
    if petition.status != Status::HandedIn {
        return Err(PetitionError::NotReady(
            "Mark the petition as handed in first. Its signers' details are needed until then."
                .into(),
        ));
    }
    let count = anonymise_petition(&tx, petition_id, &timestamp(Local::now()))?;
    tx.execute(
        "UPDATE petitions SET erased_on = ?2, updated_at = ?3 WHERE id = ?1",
        params![
            petition_id,
            super::date(Local::now()),
            timestamp(Local::now())
        ],
    )?;
    audit::record(
        &tx,
        "petition_personal_data_erased",
        &format!(
            "{}: personal details of {} erased after hand-in; counts kept",
            petition.code,
            crate::words::count(count, "signature", "signatures")
        ),
        Local::now(),
    )?;
    tx.commit()?;
    Ok(count)
}

/// Erases every signature of a petition that still has details. Returns how many.
pub(crate) fn anonymise_petition(
    conn: &Connection,
    petition_id: i64,
    at: &str,
) -> Result<u32, PetitionError> {
    let changed = conn.execute(
        &format!("UPDATE signatures SET {ERASE} WHERE petition_id = :petition AND erased = 0"),
        named_params! {":petition": petition_id, ":at": at},
    )?;
    Ok(changed as u32)
}

/// A petition whose signers' details should now be erased.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RetentionReminder {
    #[ts(type = "number")]
    pub petition_id: i64,
    pub title: String,
    pub handed_in_on: String,
    pub erase_by: String,
    pub message: String,
}

/// [`reminders`] as of today.
pub fn reminders_today(conn: &Connection) -> Result<Vec<RetentionReminder>, PetitionError> {
    reminders(conn, Local::now().date_naive())
}

/// Handed-in petitions past their retention period whose details are not yet erased.
pub fn reminders(
    conn: &Connection,
    today: NaiveDate,
) -> Result<Vec<RetentionReminder>, PetitionError> {
    let mut due = Vec::new();
    for p in petition::list(conn)? {
        let (Status::HandedIn, Some(handed), None) = (p.status, &p.handed_in_on, &p.erased_on)
        else {
            continue;
        };
        let Ok(handed_day) = NaiveDate::parse_from_str(handed, "%Y-%m-%d") else {
            continue;
        };
        let Some(erase_by) = handed_day.checked_add_months(Months::new(p.draft.retention_months))
        else {
            continue;
        };
        if erase_by <= today {
            due.push(RetentionReminder {
                petition_id: p.id,
                message: format!(
                    "\"{}\" was handed in on {}. Its privacy notice promises to delete signers' \
                     details within {} months, by {}. Erase them now; the counts are kept.",
                    p.draft.title,
                    handed_day.format("%-d %B %Y"),
                    p.draft.retention_months,
                    erase_by.format("%-d %B %Y")
                ),
                title: p.draft.title,
                handed_in_on: handed.clone(),
                erase_by: erase_by.format("%Y-%m-%d").to_string(),
            });
        }
    }
    Ok(due)
}
