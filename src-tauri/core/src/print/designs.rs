//! The group's saved designs: made from a template, edited, duplicated, deleted, shared as
//! design files. Every change is one SQL statement, so nothing is ever half-saved.

use chrono::Local;
use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};
use thiserror::Error;
use ts_rs::TS;

use super::compose::Assets;
use super::design::Design;
use super::design_file::{self, DesignFileError};
use super::picture::{self, PictureError};
use super::templates;
use crate::group::{self, GroupDetails};
use crate::problem::Problem;
use crate::store::{Store, StoreError};

/// Names longer than this are cut (a name is a label in a list, not a text).
const MAX_NAME_CHARS: usize = 120;

#[derive(Debug, Error)]
pub enum DesignError {
    #[error("That design is no longer there. It may have been deleted.")]
    NotFound,
    #[error("Campaign Kit does not have the template \"{0}\".")]
    UnknownTemplate(String),
    #[error("{0}")]
    Picture(#[from] PictureError),
    #[error("{0}")]
    File(#[from] DesignFileError),
    #[error("The design could not be read back from the data file. Please make it again.")]
    Damaged,
    #[error(
        "The file could not be saved: {0}. Nothing else has changed; try another place, such as your Documents folder."
    )]
    SaveFile(String),
    #[error("{0}")]
    Print(#[from] super::PrintError),
    #[error("{0}")]
    Printer(#[from] super::printer::PrinterError),
    #[error("{0}")]
    OutOfRange(#[from] super::design::OutOfRange),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl Problem for DesignError {
    fn code(&self) -> &'static str {
        match self {
            DesignError::NotFound => "design_not_found",
            DesignError::UnknownTemplate(_) => "design_unknown_template",
            DesignError::Picture(_) => "design_photo",
            DesignError::File(e) => e.code(),
            DesignError::Damaged => "design_damaged",
            DesignError::SaveFile(_) => "design_save_file",
            DesignError::Print(e) => e.code(),
            DesignError::Printer(e) => e.code(),
            DesignError::OutOfRange(_) => "design_out_of_range",
            DesignError::Store(e) => e.code(),
        }
    }
}

/// A line in the list of saved designs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct DesignSummary {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub template: String,
    pub template_name: String,
    pub updated_at: String,
    pub has_photo: bool,
}

/// A saved design as the editor opens it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct SavedDesign {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub design: Design,
    pub has_photo: bool,
}

fn now_text() -> String {
    Local::now().format("%Y-%m-%dT%H:%M:%S").to_string()
}

fn clean_name(name: &str, fallback: &str) -> String {
    let name: String = name.trim().chars().take(MAX_NAME_CHARS).collect();
    if name.is_empty() {
        fallback.to_string()
    } else {
        name
    }
}

fn sql(store: &Store) -> impl Fn(rusqlite::Error) -> DesignError + '_ {
    move |e| DesignError::Store(store.error(e))
}

pub fn list(store: &Store) -> Result<Vec<DesignSummary>, DesignError> {
    let names: std::collections::HashMap<String, String> = templates::all()
        .into_iter()
        .map(|t| (t.id, t.name))
        .collect();
    let mut statement = store
        .conn()
        .prepare("SELECT id, name, template, updated_at, photo IS NOT NULL FROM designs WHERE binned = 0 ORDER BY updated_at DESC, id DESC")
        .map_err(sql(store))?;
    let rows = statement
        .query_map([], |r| {
            let template: String = r.get(2)?;
            Ok(DesignSummary {
                id: r.get(0)?,
                name: r.get(1)?,
                template_name: names
                    .get(&template)
                    .cloned()
                    .unwrap_or_else(|| template.clone()),
                template,
                updated_at: r.get(3)?,
                has_photo: r.get(4)?,
            })
        })
        .map_err(sql(store))?;
    rows.collect::<Result<Vec<_>, _>>().map_err(sql(store))
}

pub fn get(store: &Store, id: i64) -> Result<SavedDesign, DesignError> {
    let row: Option<(String, String, bool)> = store
        .conn()
        .query_row(
            "SELECT name, design, photo IS NOT NULL FROM designs WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()
        .map_err(sql(store))?;
    let (name, json, has_photo) = row.ok_or(DesignError::NotFound)?;
    let design = serde_json::from_str(&json).map_err(|_| DesignError::Damaged)?;
    Ok(SavedDesign {
        id,
        name,
        design,
        has_photo,
    })
}

fn insert(
    store: &Store,
    name: &str,
    design: &Design,
    photo: Option<&[u8]>,
) -> Result<i64, DesignError> {
    let json = serde_json::to_string(design).map_err(|_| DesignError::Damaged)?;
    store
        .conn()
        .execute(
            "INSERT INTO designs (name, template, design, photo, updated_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![name, design.template, json, photo, now_text()],
        )
        .map_err(sql(store))?;
    Ok(store.conn().last_insert_rowid())
}

/// A new design with a template's words, named after the template.
pub fn create(store: &Store, template_id: &str) -> Result<SavedDesign, DesignError> {
    let template = templates::by_id(template_id)
        .ok_or_else(|| DesignError::UnknownTemplate(template_id.to_string()))?;
    let id = insert(store, &template.name, &template.new_design(), None)?;
    get(store, id)
}

/// Saves the editor's changes. The template cannot change: a design keeps its paper size.
pub fn save(
    store: &Store,
    id: i64,
    name: &str,
    design: &Design,
) -> Result<SavedDesign, DesignError> {
    design.check_numbers()?;
    let current = get(store, id)?;
    let mut design = design.clone();
    design.template = current.design.template;
    let json = serde_json::to_string(&design).map_err(|_| DesignError::Damaged)?;
    store
        .conn()
        .execute(
            "UPDATE designs SET name = ?1, design = ?2, updated_at = ?3 WHERE id = ?4",
            params![clean_name(name, &current.name), json, now_text(), id],
        )
        .map_err(sql(store))?;
    get(store, id)
}

pub fn duplicate(store: &Store, id: i64) -> Result<SavedDesign, DesignError> {
    let original = get(store, id)?;
    let photo = load_photo(store, id)?;
    let name = clean_name(&format!("{} (copy)", original.name), "Copy");
    let new_id = insert(store, &name, &original.design, photo.as_deref())?;
    get(store, new_id)
}

pub fn delete(store: &Store, id: i64) -> Result<(), DesignError> {
    let changed = store
        .conn()
        .execute("DELETE FROM designs WHERE id = ?1", [id])
        .map_err(sql(store))?;
    if changed == 0 {
        return Err(DesignError::NotFound);
    }
    Ok(())
}

/// Checks a photo and keeps it with the design.
pub fn set_photo(store: &Store, id: i64, bytes: &[u8]) -> Result<SavedDesign, DesignError> {
    picture::check(bytes)?;
    let changed = store
        .conn()
        .execute(
            "UPDATE designs SET photo = ?1, updated_at = ?2 WHERE id = ?3",
            params![bytes, now_text(), id],
        )
        .map_err(sql(store))?;
    if changed == 0 {
        return Err(DesignError::NotFound);
    }
    get(store, id)
}

pub fn remove_photo(store: &Store, id: i64) -> Result<SavedDesign, DesignError> {
    store
        .conn()
        .execute(
            "UPDATE designs SET photo = NULL, updated_at = ?1 WHERE id = ?2",
            params![now_text(), id],
        )
        .map_err(sql(store))?;
    get(store, id)
}

pub fn load_photo(store: &Store, id: i64) -> Result<Option<Vec<u8>>, DesignError> {
    store
        .conn()
        .query_row("SELECT photo FROM designs WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .optional()
        .map_err(sql(store))?
        .ok_or(DesignError::NotFound)
}

/// A design file's bytes, photo included.
pub fn export_file(store: &Store, id: i64) -> Result<Vec<u8>, DesignError> {
    let saved = get(store, id)?;
    let photo = load_photo(store, id)?;
    Ok(design_file::write(
        &saved.name,
        &saved.design,
        photo.as_deref(),
    ))
}

/// Adds a design from a file another group shared. Checked whole before anything is saved.
pub fn import_file(store: &Store, bytes: &[u8]) -> Result<SavedDesign, DesignError> {
    let file = design_file::read(bytes)?;
    if templates::by_id(&file.design.template).is_none() {
        return Err(DesignError::UnknownTemplate(file.design.template));
    }
    let name = clean_name(&file.name, "Shared design");
    let id = insert(store, &name, &file.design, file.photo.as_deref())?;
    get(store, id)
}

/// Writes a PDF or design file where the person chose, whole or not at all.
pub fn write_file(path: &std::path::Path, bytes: &[u8]) -> Result<(), DesignError> {
    crate::files::write_whole(path, bytes).map_err(DesignError::SaveFile)
}

/// A file name for a design's PDF: its name in plain letters, such as `stall-12-march`.
pub fn file_stem(name: &str) -> String {
    crate::files::slug(name, "leaflet")
}

/// What a saved design prints with besides its words: its photo and the group's details and
/// logo. Loaded while the store is held, then rendered after it is let go.
pub struct PrintInputs {
    pub photo: Option<Vec<u8>>,
    pub logo: Option<Vec<u8>>,
    pub group: GroupDetails,
}

impl PrintInputs {
    pub fn load(store: &Store, id: i64) -> Result<Self, DesignError> {
        let photo = load_photo(store, id)?;
        let group = group::load(store).map(|p| p.details).unwrap_or_default();
        let logo = group::load_logo(store)
            .ok()
            .flatten()
            .map(|(_, bytes)| bytes);
        Ok(PrintInputs { photo, logo, group })
    }

    /// What a template's picture prints with: the group's details and logo, no photo.
    pub fn for_template(store: &Store) -> Self {
        let group = group::load(store).map(|p| p.details).unwrap_or_default();
        let logo = group::load_logo(store)
            .ok()
            .flatten()
            .map(|(_, bytes)| bytes);
        PrintInputs {
            photo: None,
            logo,
            group,
        }
    }

    pub fn assets(&self) -> Assets<'_> {
        Assets {
            photo: self.photo.as_deref(),
            logo: self.logo.as_deref(),
            group: self.group.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().expect("dir");
        let store = Store::open(dir.path()).expect("store");
        (dir, store)
    }

    fn png() -> Vec<u8> {
        let mut out = std::io::Cursor::new(Vec::new());
        image::RgbImage::new(40, 30)
            .write_to(&mut out, image::ImageFormat::Png)
            .expect("png");
        out.into_inner()
    }

    #[test]
    fn make_edit_duplicate_and_delete() {
        let (_dir, store) = store();
        let made = create(&store, "a5-public").expect("made");
        assert_eq!(made.name, "A5 leaflet for the public");
        let mut design = made.design.clone();
        design.headline = "Save the Whittington".into();
        design.template = "a3-poster".into(); // ignored: a design keeps its template
        let saved = save(&store, made.id, "  Stall, 12 March ", &design).expect("saved");
        assert_eq!(saved.name, "Stall, 12 March");
        assert_eq!(saved.design.headline, "Save the Whittington");
        assert_eq!(saved.design.template, "a5-public");
        set_photo(&store, made.id, &png()).expect("photo");
        let copy = duplicate(&store, made.id).expect("copy");
        assert_eq!(copy.name, "Stall, 12 March (copy)");
        assert!(copy.has_photo);
        assert_eq!(list(&store).expect("list").len(), 2);
        delete(&store, made.id).expect("deleted");
        assert!(matches!(get(&store, made.id), Err(DesignError::NotFound)));
        assert_eq!(list(&store).expect("list").len(), 1);
    }

    #[test]
    fn a_bad_photo_or_unknown_template_changes_nothing() {
        let (_dir, store) = store();
        assert!(matches!(
            create(&store, "nope"),
            Err(DesignError::UnknownTemplate(_))
        ));
        let made = create(&store, "a6-flyer").expect("made");
        assert!(set_photo(&store, made.id, b"<script>").is_err());
        assert!(!get(&store, made.id).expect("still there").has_photo);
    }

    #[test]
    fn a_design_file_moves_between_groups_with_its_photo() {
        let (_a, first) = store();
        let (_b, second) = store();
        let made = create(&first, "meeting-poster").expect("made");
        set_photo(&first, made.id, &png()).expect("photo");
        let bytes = export_file(&first, made.id).expect("exported");
        let arrived = import_file(&second, &bytes).expect("imported");
        assert_eq!(arrived.design, made.design);
        assert_eq!(load_photo(&second, arrived.id).expect("photo"), Some(png()));
        assert!(import_file(&second, b"{}").is_err());
        assert_eq!(
            list(&second).expect("list").len(),
            1,
            "a bad file adds nothing"
        );
    }
}
