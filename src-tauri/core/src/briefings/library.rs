//! The briefings library in the database: the bundled briefings (kept in step with the app),
//! the group's own, and full-text search over both.

use std::sync::Arc;

use chrono::Local;
use rusqlite::{OptionalExtension, Transaction, params};
use serde::Serialize;
use ts_rs::TS;

use super::glossary::{self, GlossaryEntry, is_glossary};
use super::pack::PackError;
use super::search_index::{SearchIndex, WordMatcher};
use super::{Briefing, BriefingError, BriefingMeta, Section, parse};
use crate::problem::Problem;
use crate::store::{Store, StoreError};

/// The briefings shipped with the app (`resources/briefings`), compiled in so that the app,
/// the command line and the tests all see the same set.
static BUNDLED: include_dir::Dir<'_> =
    include_dir::include_dir!("$CARGO_MANIFEST_DIR/../../resources/briefings");

/// Who a briefing belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum Origin {
    /// Shipped with Campaign Kit; replaced when the app is updated.
    Bundled,
    /// Imported or written by the group; never touched by an update.
    Group,
}

impl Origin {
    pub(super) fn as_str(self) -> &'static str {
        match self {
            Origin::Bundled => "bundled",
            Origin::Group => "group",
        }
    }
}

/// A line in the list of briefings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BriefingSummary {
    pub id: String,
    pub origin: Origin,
    pub title: String,
    pub summary: String,
    pub version: u32,
}

/// A piece of a search snippet: matched words are `highlighted`, so the UI can mark them
/// without ever handling HTML.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct SnippetPart {
    pub text: String,
    pub highlighted: bool,
}

/// One briefing found by a search, at its best-matching section.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SearchHit {
    pub id: String,
    pub origin: Origin,
    pub title: String,
    pub heading: String,
    pub anchor: String,
    pub snippet: Vec<SnippetPart>,
}

/// What an import did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum ImportOutcome {
    Added,
    Updated,
    /// The same or a newer version is already there; nothing changed.
    Unchanged,
}

/// What the UI is told after an import.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ImportReport {
    pub outcome: ImportOutcome,
    pub id: String,
    pub title: String,
}

#[derive(Debug, thiserror::Error)]
pub enum LibraryError {
    #[error(transparent)]
    Briefing(#[from] BriefingError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Pack(#[from] PackError),
    #[error("There are no briefings of your own to put in a pack yet. Write or import one first.")]
    NothingToExport,
    #[error("The pack could not be made. Please try again.")]
    PackWrite,
    #[error(
        "The pack could not be saved there: {0}. Try another folder, or a USB stick with more space."
    )]
    SaveFile(String),
    #[error("That briefing could not be found. It may have been deleted.")]
    NotFound,
    #[error("A bundled briefing ({0}) could not be read. Please reinstall Campaign Kit.")]
    BrokenBundle(String),
}

impl Problem for LibraryError {
    fn code(&self) -> &'static str {
        match self {
            LibraryError::Briefing(e) => e.code(),
            LibraryError::Store(e) => e.code(),
            LibraryError::Pack(e) => e.code(),
            LibraryError::NothingToExport => "pack_nothing_to_export",
            LibraryError::PackWrite => "pack_write",
            LibraryError::SaveFile(_) => "pack_save_file",
            LibraryError::NotFound => "briefing_not_found",
            LibraryError::BrokenBundle(_) => "briefing_broken_bundle",
        }
    }
}

/// The bundled briefings, parsed. Fails only if a shipped file is broken, which the tests
/// rule out before a release.
pub fn bundled() -> Result<Vec<(Briefing, &'static str)>, LibraryError> {
    let mut out = Vec::new();
    for file in BUNDLED
        .files()
        .filter(|f| f.path().extension().is_some_and(|e| e == "md"))
    {
        let name = file.path().display().to_string();
        let text = file
            .contents_utf8()
            .ok_or_else(|| LibraryError::BrokenBundle(name.clone()))?;
        out.push((
            parse(text).map_err(|_| LibraryError::BrokenBundle(name))?,
            text,
        ));
    }
    out.sort_by(|a, b| a.0.meta.id.cmp(&b.0.meta.id));
    Ok(out)
}

/// Brings the bundled briefings in the database in step with this version of the app: adds
/// new ones, replaces changed ones, removes ones no longer shipped. The group's own briefings
/// are never touched. Returns how many were added or replaced.
pub fn sync_bundled(store: &mut Store) -> Result<usize, LibraryError> {
    if bundled_in_step(store)? {
        return Ok(0);
    }
    let shipped = bundled()?;
    let err = write_error(store);
    let tx = store.conn_mut().transaction().map_err(&err)?;
    let changed = sync_in(&tx, &shipped).map_err(&err)?;
    tx.commit().map_err(&err)?;
    Ok(changed)
}

/// Whether the bundled briefings stored are exactly the files this version ships, compared by
/// their text alone. Nearly always so; parsing every file to find out took most of the time of
/// each start and each command.
fn bundled_in_step(store: &Store) -> Result<bool, LibraryError> {
    let mut stmt = store
        .conn()
        .prepare_cached("SELECT markdown FROM briefings WHERE origin = 'bundled'")
        .map_err(db(store))?;
    let stored: std::collections::HashSet<String> = stmt
        .query_map([], |r| r.get(0))
        .map_err(db(store))?
        .collect::<Result<_, _>>()
        .map_err(db(store))?;
    let mut shipped = 0;
    for file in BUNDLED
        .files()
        .filter(|f| f.path().extension().is_some_and(|e| e == "md"))
    {
        shipped += 1;
        if !file
            .contents_utf8()
            .is_some_and(|text| stored.contains(text))
        {
            return Ok(false);
        }
    }
    Ok(stored.len() == shipped)
}

fn sync_in(tx: &Transaction<'_>, shipped: &[(Briefing, &str)]) -> rusqlite::Result<usize> {
    let mut changed = 0;
    for (briefing, markdown) in shipped {
        let stored: Option<String> = tx
            .query_row(
                "SELECT markdown FROM briefings WHERE origin = 'bundled' AND id = ?1",
                [&briefing.meta.id],
                |r| r.get(0),
            )
            .optional()?;
        if stored.as_deref() != Some(*markdown) {
            upsert(tx, Origin::Bundled, briefing, markdown)?;
            changed += 1;
        }
    }
    let ids: Vec<String> = {
        let mut stmt = tx.prepare("SELECT id FROM briefings WHERE origin = 'bundled'")?;
        stmt.query_map([], |r| r.get(0))?
            .collect::<Result<_, _>>()?
    };
    for id in ids
        .iter()
        .filter(|id| !shipped.iter().any(|(b, _)| &b.meta.id == *id))
    {
        delete_in(tx, Origin::Bundled, id)?;
    }
    Ok(changed)
}

/// Writes a briefing and its search rows, replacing any with the same origin and id.
pub(super) fn upsert(
    tx: &Transaction<'_>,
    origin: Origin,
    briefing: &Briefing,
    markdown: &str,
) -> rusqlite::Result<()> {
    delete_in(tx, origin, &briefing.meta.id)?;
    let m = &briefing.meta;
    tx.execute(
        "INSERT INTO briefings (id, origin, version, title, summary, meta_json, sections_json, markdown, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            m.id,
            origin.as_str(),
            m.version,
            m.title,
            m.summary,
            to_json(m),
            to_json(&briefing.sections),
            markdown,
            Local::now().format("%Y-%m-%dT%H:%M:%S").to_string()
        ],
    )?;
    let key = tx.last_insert_rowid();
    let mut insert = tx.prepare(
        "INSERT INTO briefing_search (title, heading, body, briefing_key, anchor) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for section in &briefing.sections {
        insert.execute(params![
            m.title,
            section.heading,
            section.text,
            key,
            section.anchor
        ])?;
    }
    Ok(())
}

pub(super) fn delete_in(tx: &Transaction<'_>, origin: Origin, id: &str) -> rusqlite::Result<bool> {
    let key: Option<i64> = tx
        .query_row(
            "SELECT key FROM briefings WHERE origin = ?1 AND id = ?2",
            params![origin.as_str(), id],
            |r| r.get(0),
        )
        .optional()?;
    let Some(key) = key else { return Ok(false) };
    tx.execute("DELETE FROM briefing_search WHERE briefing_key = ?1", [key])?;
    tx.execute("DELETE FROM briefings WHERE key = ?1", [key])?;
    Ok(true)
}

/// JSON for storage. Our own plain structs always serialise, so there is no error to handle.
fn to_json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

/// For work inside a transaction, where the store itself is borrowed mutably.
pub(super) fn write_error(store: &Store) -> impl Fn(rusqlite::Error) -> LibraryError + use<> {
    let path = store.paths().database.clone();
    move |e| LibraryError::Store(StoreError::from_sqlite(e, &path))
}

pub(super) fn db(store: &Store) -> impl Fn(rusqlite::Error) -> LibraryError + '_ {
    move |e| LibraryError::Store(store.error(e))
}

/// All briefings, bundled first, then the group's own, each by title.
pub fn list(store: &Store) -> Result<Vec<BriefingSummary>, LibraryError> {
    let mut stmt = store
        .conn()
        .prepare("SELECT id, origin, title, summary, version FROM briefings ORDER BY origin, title COLLATE NOCASE")
        .map_err(db(store))?;
    let rows = stmt
        .query_map([], |r| {
            Ok(BriefingSummary {
                id: r.get(0)?,
                origin: origin_from(&r.get::<_, String>(1)?),
                title: r.get(2)?,
                summary: r.get(3)?,
                version: r.get(4)?,
            })
        })
        .map_err(db(store))?;
    rows.collect::<Result<_, _>>().map_err(db(store))
}

fn origin_from(text: &str) -> Origin {
    if text == "group" {
        Origin::Group
    } else {
        Origin::Bundled
    }
}

/// One whole briefing, ready to show.
pub fn get(store: &Store, origin: Origin, id: &str) -> Result<Briefing, LibraryError> {
    let row: Option<(String, String)> = store
        .conn()
        .query_row(
            "SELECT meta_json, sections_json FROM briefings WHERE origin = ?1 AND id = ?2",
            params![origin.as_str(), id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()
        .map_err(db(store))?;
    let (meta, sections) = row.ok_or(LibraryError::NotFound)?;
    let broken = |_| LibraryError::BrokenBundle(id.to_string());
    let meta: BriefingMeta = serde_json::from_str(&meta).map_err(broken)?;
    let mut sections: Vec<Section> = serde_json::from_str(&sections).map_err(broken)?;
    if origin == Origin::Group {
        super::own::show_images(store, id, &mut sections)?;
    }
    Ok(Briefing { meta, sections })
}

/// Turns what someone typed into an FTS5 query: every word must appear, and the words match
/// as prefixes. Only letters and digits reach FTS5, so no input can break the query syntax.
/// Searches rank in memory ([`search`]); this is for checking them against SQLite's own
/// ranking, in the tests and the search benchmark.
pub fn fts_query(typed: &str) -> Option<String> {
    let words: Vec<String> = super::snippet::typed_words(typed)
        .iter()
        .map(|w| format!("\"{w}\"*"))
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

/// Searches titles, headings and text of every briefing. Title matches weigh most.
pub fn search(store: &Store, typed: &str, limit: usize) -> Result<Vec<SearchHit>, LibraryError> {
    let words = super::snippet::typed_words(typed);
    let rowids = best_sections(store, &words, limit)?;
    // A plain look-up by row id: no second search for each result.
    let mut one = store
        .conn()
        .prepare_cached(
            "SELECT b.id, b.origin, b.title, f.heading, f.anchor, f.body
             FROM briefing_search f JOIN briefings b ON b.key = f.briefing_key
             WHERE f.rowid = ?1",
        )
        .map_err(db(store))?;
    // One matcher for every snippet: each word's stem is worked out once per search.
    let mut matcher = WordMatcher::new(&words);
    let mut hits = Vec::with_capacity(rowids.len());
    for rowid in rowids {
        let hit = one
            .query_row([rowid], |r| {
                Ok(SearchHit {
                    id: r.get(0)?,
                    origin: origin_from(&r.get::<_, String>(1)?),
                    title: r.get(2)?,
                    heading: r.get(3)?,
                    anchor: r.get(4)?,
                    snippet: super::snippet::around_matches(&r.get::<_, String>(5)?, &mut matcher),
                })
            })
            .map_err(db(store))?;
        hits.push(hit);
    }
    Ok(hits)
}

/// The row ids of the best-matching section of each of the `limit` best briefings.
fn best_sections(store: &Store, words: &[String], limit: usize) -> Result<Vec<i64>, LibraryError> {
    let index = search_index(store)?;
    let mut seen = std::collections::HashSet::new();
    let mut rowids = Vec::new();
    for (_, section) in index.ranked(words) {
        if seen.insert(section.briefing_key) {
            rowids.push(section.rowid);
            if rowids.len() == limit {
                break;
            }
        }
    }
    Ok(rowids)
}

/// The store's search index, built again first if the briefings changed since it was made.
fn search_index(store: &Store) -> Result<Arc<SearchIndex>, LibraryError> {
    // A search that panicked while holding the lock left nothing half-made: the slot is only
    // ever replaced whole.
    let mut slot = store
        .search_index_slot()
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some(index) = slot.as_ref()
        && !index.is_stale(store.conn()).map_err(db(store))?
    {
        return Ok(Arc::clone(index));
    }
    let index = Arc::new(SearchIndex::build(store.conn()).map_err(db(store))?);
    *slot = Some(Arc::clone(&index));
    Ok(index)
}

/// Every glossary entry: the bundled glossary first, then the group's own glossaries, whose
/// entries replace bundled ones with the same term.
pub fn glossary(store: &Store) -> Result<Vec<GlossaryEntry>, LibraryError> {
    let mut stmt = store
        .conn()
        // Only glossary briefings: reading every briefing's text here would grow with the library.
        .prepare(
            "SELECT id, markdown FROM briefings WHERE id = 'glossary' OR id LIKE '%-glossary'
             ORDER BY origin, id",
        )
        .map_err(db(store))?;
    let files: Vec<(String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .map_err(db(store))?
        .collect::<Result<_, _>>()
        .map_err(db(store))?;
    let mut entries: Vec<GlossaryEntry> = Vec::new();
    for (_, file) in files.iter().filter(|(id, _)| is_glossary(id)) {
        for entry in glossary::entries(super::body_of(file)) {
            entries.retain(|e| e.term != entry.term);
            entries.push(entry);
        }
    }
    Ok(entries)
}
