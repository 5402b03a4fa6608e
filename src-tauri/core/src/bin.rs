//! The bin: a leaflet, a briefing of the group's own, a petition or the logo that someone
//! removes goes here first, and can be put back for 30 days. After that it is removed for
//! good when the data is next opened. Erasing signers' details never goes through the bin:
//! the law and the privacy notice say that is permanent.

use chrono::{Duration, Local, NaiveDateTime};
use rusqlite::{OptionalExtension, params};
use serde::Serialize;
use ts_rs::TS;

use crate::briefings::library::LibraryError;
use crate::briefings::own;
use crate::group::{self, GroupError};
use crate::petitions::PetitionError;
use crate::print::designs::{self, DesignError};
use crate::problem::Problem;
use crate::store::{Store, StoreError};

/// How long the bin keeps things.
pub const KEPT_DAYS: i64 = 30;

const STAMP: &str = "%Y-%m-%dT%H:%M:%S";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum BinKind {
    Leaflet,
    Briefing,
    Petition,
    Logo,
}

impl BinKind {
    fn as_str(self) -> &'static str {
        match self {
            BinKind::Leaflet => "leaflet",
            BinKind::Briefing => "briefing",
            BinKind::Petition => "petition",
            BinKind::Logo => "logo",
        }
    }

    fn parse(text: &str) -> Option<Self> {
        [
            BinKind::Leaflet,
            BinKind::Briefing,
            BinKind::Petition,
            BinKind::Logo,
        ]
        .into_iter()
        .find(|kind| kind.as_str() == text)
    }
}

/// Something in the bin, as the window lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BinItem {
    #[ts(type = "number")]
    pub id: i64,
    pub kind: BinKind,
    pub title: String,
    /// Local time, `YYYY-MM-DDTHH:MM:SS`.
    pub binned_at: String,
    /// The day it goes for good, `YYYY-MM-DD`.
    pub kept_until: String,
}

#[derive(Debug, thiserror::Error)]
pub enum BinError {
    #[error("That is no longer in the bin. Things are kept there for {KEPT_DAYS} days.")]
    NotFound,
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Design(#[from] DesignError),
    #[error(transparent)]
    Briefing(#[from] LibraryError),
    #[error(transparent)]
    Petition(#[from] PetitionError),
    #[error(transparent)]
    Group(#[from] GroupError),
}

impl Problem for BinError {
    fn code(&self) -> &'static str {
        match self {
            BinError::NotFound => "bin_not_found",
            BinError::Store(e) => e.code(),
            BinError::Design(e) => e.code(),
            BinError::Briefing(e) => e.code(),
            BinError::Petition(e) => e.code(),
            BinError::Group(e) => e.code(),
        }
    }
}

fn db(store: &Store) -> impl Fn(rusqlite::Error) -> BinError + '_ {
    move |e| BinError::Store(store.error(e))
}

fn now() -> NaiveDateTime {
    Local::now().naive_local()
}

/// Runs `work` in one transaction, so a thing is never half in the bin.
fn in_one_go<T>(
    store: &mut Store,
    work: impl FnOnce(&rusqlite::Transaction<'_>) -> rusqlite::Result<T>,
) -> Result<T, BinError> {
    let path = store.paths().database.clone();
    let err = |e| BinError::Store(StoreError::from_sqlite(e, &path));
    let tx = store.conn_mut().transaction().map_err(err)?;
    let result = work(&tx).map_err(err)?;
    tx.commit().map_err(err)?;
    Ok(result)
}

/// Puts a leaflet in the bin.
pub fn leaflet(store: &mut Store, id: i64) -> Result<BinItem, BinError> {
    let saved = designs::get(store, id)?;
    let bin_id = in_one_go(store, |tx| {
        tx.execute("UPDATE designs SET binned = 1 WHERE id = ?1", [id])?;
        add(
            tx,
            BinKind::Leaflet,
            &id.to_string(),
            &saved.name,
            None,
            now(),
        )
    })?;
    get(store, bin_id)
}

/// Puts one of the group's own briefings in the bin: kept as a briefing pack (its file and
/// pictures), then removed from the library and the search.
pub fn briefing(store: &mut Store, id: &str) -> Result<BinItem, BinError> {
    let (pack, report) = own::export_pack(store, &[id.to_string()])?;
    let title = report
        .titles
        .first()
        .cloned()
        .unwrap_or_else(|| id.to_string());
    // In the bin before it leaves the library: a crash in between leaves it in both, never
    // in neither.
    let bin_id = in_one_go(store, |tx| {
        add(tx, BinKind::Briefing, id, &title, Some((pack, None)), now())
    })?;
    own::delete(store, id)?;
    get(store, bin_id)
}

/// Puts a petition in the bin. Its signatures stay where they are, so the counts, a person's
/// request to see or erase their details, and the retention reminders all still find them.
pub fn petition(store: &mut Store, id: i64) -> Result<BinItem, BinError> {
    let petition = crate::petitions::petition::get(store.conn(), id)?;
    let bin_id = in_one_go(store, |tx| {
        tx.execute("UPDATE petitions SET binned = 1 WHERE id = ?1", [id])?;
        crate::audit::record(
            tx,
            "petition_binned",
            &format!("petition {} put in the bin", petition.code),
            Local::now(),
        )?;
        add(
            tx,
            BinKind::Petition,
            &id.to_string(),
            &petition.draft.title,
            None,
            now(),
        )
    })?;
    get(store, bin_id)
}

/// Puts the group's logo in the bin.
pub fn logo(store: &mut Store) -> Result<BinItem, BinError> {
    let Some((mime, bytes)) = group::load_logo(store)? else {
        return Err(BinError::NotFound);
    };
    let bin_id = in_one_go(store, |tx| {
        add(
            tx,
            BinKind::Logo,
            "",
            "Our logo",
            Some((bytes, Some(mime))),
            now(),
        )
    })?;
    group::remove_logo(store)?;
    get(store, bin_id)
}

/// Adds a row to the bin; returns its id.
fn add(
    conn: &rusqlite::Connection,
    kind: BinKind,
    item: &str,
    title: &str,
    kept: Option<(Vec<u8>, Option<String>)>,
    at: NaiveDateTime,
) -> rusqlite::Result<i64> {
    let (bytes, mime) = kept.unzip();
    conn.execute(
        "INSERT INTO bin (kind, item, title, binned_at, kept, kept_type)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            kind.as_str(),
            item,
            title,
            at.format(STAMP).to_string(),
            bytes,
            mime.flatten()
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

fn get(store: &Store, id: i64) -> Result<BinItem, BinError> {
    store
        .conn()
        .query_row(
            "SELECT id, kind, title, binned_at FROM bin WHERE id = ?1",
            [id],
            row_to_item,
        )
        .optional()
        .map_err(db(store))?
        .flatten()
        .ok_or(BinError::NotFound)
}

fn row_to_item(r: &rusqlite::Row) -> rusqlite::Result<Option<BinItem>> {
    let kind: String = r.get(1)?;
    let binned_at: String = r.get(3)?;
    let until = NaiveDateTime::parse_from_str(&binned_at, STAMP)
        .map(|at| {
            (at + Duration::days(KEPT_DAYS))
                .format("%Y-%m-%d")
                .to_string()
        })
        .unwrap_or_default();
    let (id, title) = (r.get(0)?, r.get(2)?);
    Ok(BinKind::parse(&kind).map(|kind| BinItem {
        id,
        kind,
        title,
        binned_at,
        kept_until: until,
    }))
}

/// Everything in the bin, most recent first.
pub fn list(store: &Store) -> Result<Vec<BinItem>, BinError> {
    let mut statement = store
        .conn()
        .prepare("SELECT id, kind, title, binned_at FROM bin ORDER BY binned_at DESC, id DESC")
        .map_err(db(store))?;
    let rows = statement
        .query_map([], row_to_item)
        .map_err(db(store))?
        .collect::<Result<Vec<_>, _>>()
        .map_err(db(store))?;
    Ok(rows.into_iter().flatten().collect())
}

/// Takes something out of the bin and puts it back where it was.
pub fn put_back(store: &mut Store, id: i64) -> Result<BinItem, BinError> {
    let item = get(store, id)?;
    let (target, kept): (String, Option<Vec<u8>>) = store
        .conn()
        .query_row("SELECT item, kept FROM bin WHERE id = ?1", [id], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .map_err(db(store))?;
    match item.kind {
        BinKind::Leaflet => {
            store
                .conn()
                .execute("UPDATE designs SET binned = 0 WHERE id = ?1", [&target])
                .map_err(db(store))?;
        }
        BinKind::Petition => {
            store
                .conn()
                .execute("UPDATE petitions SET binned = 0 WHERE id = ?1", [&target])
                .map_err(db(store))?;
        }
        BinKind::Briefing => {
            own::import_file(store, "bin.zip", &kept.unwrap_or_default())?;
        }
        // The logo is checked again as it goes back, like any logo chosen.
        BinKind::Logo => {
            group::save_logo(store, kept.unwrap_or_default())?;
        }
    }
    store
        .conn()
        .execute("DELETE FROM bin WHERE id = ?1", [id])
        .map_err(db(store))?;
    Ok(item)
}

/// Removes for good whatever has been in the bin longer than [`KEPT_DAYS`]. Run when the data
/// is opened; returns how many things went.
pub fn empty_old(store: &mut Store, now: NaiveDateTime) -> Result<usize, BinError> {
    let cutoff = (now - Duration::days(KEPT_DAYS)).format(STAMP).to_string();
    let old: Vec<(i64, String, String)> = {
        let mut statement = store
            .conn()
            .prepare("SELECT id, kind, item FROM bin WHERE binned_at < ?1")
            .map_err(db(store))?;
        statement
            .query_map([&cutoff], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .map_err(db(store))?
            .collect::<Result<_, _>>()
            .map_err(db(store))?
    };
    for (id, kind, item) in &old {
        let row_id = item.parse::<i64>().unwrap_or(-1);
        match BinKind::parse(kind) {
            Some(BinKind::Leaflet) => match designs::delete(store, row_id) {
                Ok(()) | Err(DesignError::NotFound) => {}
                Err(e) => return Err(e.into()),
            },
            Some(BinKind::Petition) => match crate::petitions::petition::delete(store, row_id) {
                Ok(()) | Err(PetitionError::NotFound) => {}
                Err(e) => return Err(e.into()),
            },
            _ => {}
        }
        store
            .conn()
            .execute("DELETE FROM bin WHERE id = ?1", [id])
            .map_err(db(store))?;
    }
    Ok(old.len())
}
