//! The group's own briefings: import (a file or a pack), write and edit, delete, and export as
//! a pack. Bundled briefings are never changed here; an update of the app replaces them.

use base64::Engine;
use chrono::Local;
use rusqlite::{OptionalExtension, Transaction, params};
use serde::Serialize;
use ts_rs::TS;

use super::library::{
    ImportOutcome, ImportReport, LibraryError, Origin, db, delete_in, upsert, write_error,
};
use super::pack::{self, PackImage, ToPack};
use super::{Briefing, BriefingDraft, BriefingMeta, Section, parse, parse_import};
use crate::store::Store;

/// Imports a file: a briefing pack (recognised by its content, not its name), or one Markdown
/// or text file. Everything is checked first and written in one transaction, so a bad file
/// imports nothing.
pub fn import_file(
    store: &mut Store,
    file_name: &str,
    bytes: &[u8],
) -> Result<Vec<ImportReport>, LibraryError> {
    // A file named .zip is read as a pack even when it is not one, so that the message says
    // "not a briefing pack" rather than "not a text file".
    let named_zip = file_name.to_ascii_lowercase().ends_with(".zip");
    let items: Vec<(Briefing, String, Vec<PackImage>)> =
        if named_zip || pack::looks_like_pack(bytes) {
            pack::read(bytes)?
                .briefings
                .into_iter()
                .map(|b| (b.briefing, b.file, b.images))
                .collect()
        } else {
            let (briefing, file) = parse_import(file_name, bytes)?;
            vec![(briefing, file, Vec::new())]
        };
    let err = write_error(store);
    let tx = store.conn_mut().transaction().map_err(&err)?;
    let mut reports = Vec::new();
    for (briefing, file, images) in &items {
        let outcome = save_in(&tx, briefing, file).map_err(&err)?;
        if outcome != ImportOutcome::Unchanged {
            replace_images(&tx, &briefing.meta.id, images).map_err(&err)?;
        }
        reports.push(ImportReport {
            outcome,
            id: briefing.meta.id.clone(),
            title: briefing.meta.title.clone(),
        });
    }
    tx.commit().map_err(&err)?;
    Ok(reports)
}

/// Stores a group briefing unless the stored one is the same or newer. Importing the same
/// file or pack twice therefore changes nothing, and an older copy never replaces a newer one.
fn save_in(
    tx: &Transaction<'_>,
    briefing: &Briefing,
    file: &str,
) -> rusqlite::Result<ImportOutcome> {
    let existing: Option<(u32, String)> = tx
        .query_row(
            "SELECT version, markdown FROM briefings WHERE origin = 'group' AND id = ?1",
            [&briefing.meta.id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let outcome = match existing {
        None => ImportOutcome::Added,
        Some((version, stored)) if version > briefing.meta.version || stored == file => {
            return Ok(ImportOutcome::Unchanged);
        }
        Some(_) => ImportOutcome::Updated,
    };
    upsert(tx, Origin::Group, briefing, file)?;
    Ok(outcome)
}

fn replace_images(tx: &Transaction<'_>, id: &str, images: &[PackImage]) -> rusqlite::Result<()> {
    tx.execute("DELETE FROM briefing_images WHERE briefing_id = ?1", [id])?;
    let mut insert = tx.prepare(
        "INSERT OR REPLACE INTO briefing_images (briefing_id, name, mime, bytes) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for image in images {
        insert.execute(params![id, image.name, image.mime, image.bytes])?;
    }
    Ok(())
}

/// Puts a briefing's pictures into its HTML as `data:` addresses, so they show without any
/// file or network access. A picture the briefing names but does not have shows nothing.
pub(super) fn show_images(
    store: &Store,
    id: &str,
    sections: &mut [Section],
) -> Result<(), LibraryError> {
    if !sections.iter().any(|s| s.html.contains("src=\"images/")) {
        return Ok(());
    }
    for image in load_images(store, id)? {
        let data = base64::engine::general_purpose::STANDARD.encode(&image.bytes);
        let from = format!("src=\"images/{}\"", image.name);
        let to = format!("src=\"data:{};base64,{}\"", image.mime, data);
        for section in sections.iter_mut() {
            section.html = section.html.replace(&from, &to);
        }
    }
    for section in sections.iter_mut() {
        section.html = section
            .html
            .replace("src=\"images/", "data-missing=\"images/");
    }
    Ok(())
}

fn load_images(store: &Store, id: &str) -> Result<Vec<PackImage>, LibraryError> {
    let mut stmt = store
        .conn()
        .prepare(
            "SELECT name, mime, bytes FROM briefing_images WHERE briefing_id = ?1 ORDER BY name",
        )
        .map_err(db(store))?;
    let rows = stmt
        .query_map([id], |r| {
            let mime: String = r.get(1)?;
            Ok(PackImage {
                name: r.get(0)?,
                mime: if mime == "image/png" {
                    "image/png"
                } else {
                    "image/jpeg"
                },
                bytes: r.get(2)?,
            })
        })
        .map_err(db(store))?;
    rows.collect::<Result<_, _>>().map_err(db(store))
}

/// The edit form for a briefing. For a bundled briefing it is a new copy of the group's own,
/// since bundled ones cannot be changed.
pub fn draft(store: &Store, origin: Origin, id: &str) -> Result<BriefingDraft, LibraryError> {
    let (meta, file) = stored_file(store, origin, id)?;
    let mut draft = BriefingDraft::from_file(&meta, &file);
    if origin == Origin::Bundled {
        draft.id = String::new();
        draft.title = format!("{} (our copy)", meta.title);
    }
    Ok(draft)
}

fn stored_file(
    store: &Store,
    origin: Origin,
    id: &str,
) -> Result<(BriefingMeta, String), LibraryError> {
    let file: Option<String> = store
        .conn()
        .query_row(
            "SELECT markdown FROM briefings WHERE origin = ?1 AND id = ?2",
            params![origin.as_str(), id],
            |r| r.get(0),
        )
        .optional()
        .map_err(db(store))?;
    let file = file.ok_or(LibraryError::NotFound)?;
    let briefing = parse(&file)?;
    Ok((briefing.meta, file))
}

/// Saves the edit form: a new briefing gets an id from its title (made unique), an edited one
/// keeps its id and goes up one version, so a pack shared afterwards updates other groups'
/// copies. Returns the id.
pub fn save_draft(store: &mut Store, draft: &BriefingDraft) -> Result<String, LibraryError> {
    let (id, version) = if draft.id.is_empty() {
        (unused_id(store, &draft.new_id())?, 1)
    } else {
        let (meta, _) = stored_file(store, Origin::Group, &draft.id)?;
        (meta.id, meta.version.saturating_add(1))
    };
    let (briefing, file) = draft.to_briefing(&id, version)?;
    let err = write_error(store);
    let tx = store.conn_mut().transaction().map_err(&err)?;
    upsert(&tx, Origin::Group, &briefing, &file).map_err(&err)?;
    // Saved: the typing kept while editing is no longer needed.
    crate::store::settings::remove(&tx, &super::kept_draft::key(&draft.id)).map_err(&err)?;
    tx.commit().map_err(&err)?;
    Ok(id)
}

/// `our-notes`, or `our-notes-2`, `our-notes-3`… if taken.
fn unused_id(store: &Store, wanted: &str) -> Result<String, LibraryError> {
    let taken = |id: &str| -> Result<bool, LibraryError> {
        store
            .conn()
            .query_row(
                "SELECT 1 FROM briefings WHERE origin = 'group' AND id = ?1",
                [id],
                |_| Ok(()),
            )
            .optional()
            .map(|found| found.is_some())
            .map_err(db(store))
    };
    let mut id = wanted.to_string();
    let mut n = 2;
    while taken(&id)? {
        id = format!("{wanted}-{n}");
        n += 1;
    }
    Ok(id)
}

/// Deletes one of the group's own briefings and its pictures.
pub fn delete(store: &mut Store, id: &str) -> Result<(), LibraryError> {
    let err = write_error(store);
    let tx = store.conn_mut().transaction().map_err(&err)?;
    if !delete_in(&tx, Origin::Group, id).map_err(&err)? {
        return Err(LibraryError::NotFound);
    }
    tx.execute("DELETE FROM briefing_images WHERE briefing_id = ?1", [id])
        .map_err(&err)?;
    tx.commit().map_err(&err)
}

/// What an export made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ExportReport {
    pub count: u32,
    pub titles: Vec<String>,
}

/// A pack of the group's own briefings: those named, or all of them if `ids` is empty. Its
/// title names the group, so whoever receives it knows where it came from.
pub fn export_pack(store: &Store, ids: &[String]) -> Result<(Vec<u8>, ExportReport), LibraryError> {
    let wanted: Vec<String> = if ids.is_empty() {
        super::library::list(store)?
            .into_iter()
            .filter(|b| b.origin == Origin::Group)
            .map(|b| b.id)
            .collect()
    } else {
        ids.to_vec()
    };
    if wanted.is_empty() {
        return Err(LibraryError::NothingToExport);
    }
    let mut stored = Vec::new();
    for id in &wanted {
        let (meta, file) = stored_file(store, Origin::Group, id)?;
        stored.push((meta, file, load_images(store, id)?));
    }
    let items: Vec<ToPack<'_>> = stored
        .iter()
        .map(|(meta, file, images)| ToPack { meta, file, images })
        .collect();
    let created = Local::now().format("%Y-%m-%d").to_string();
    let group_name = crate::group::load(store)
        .map(|p| p.details.name)
        .unwrap_or_default();
    let title = if group_name.is_empty() {
        "Campaign briefings".to_string()
    } else {
        format!("Briefings from {group_name}")
    };
    let bytes = pack::write(&title, &created, &items).map_err(|_| LibraryError::PackWrite)?;
    let report = ExportReport {
        count: stored.len() as u32,
        titles: stored.iter().map(|(m, _, _)| m.title.clone()).collect(),
    };
    Ok((bytes, report))
}

/// Writes a pack file where the person chose, whole or not at all.
pub fn save_pack_file(path: &std::path::Path, bytes: &[u8]) -> Result<(), LibraryError> {
    crate::files::write_whole(path, bytes).map_err(LibraryError::SaveFile)
}
