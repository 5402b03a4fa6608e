//! Typing in the briefing editor, kept as it is typed. The editor hands its fields over a
//! moment after each pause; they are kept in the data file (so a flat battery or a closed
//! window loses nothing) until the briefing is saved or the person throws the changes away.
//! One kept draft per briefing, and one for a new briefing not yet saved.

use chrono::{Local, NaiveDateTime};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::BriefingDraft;
use super::library::{LibraryError, db, write_error};
use crate::store::{Store, settings};

/// A draft kept from an earlier visit to the editor, and when it was kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct KeptDraft {
    pub draft: BriefingDraft,
    /// Local time, `YYYY-MM-DDTHH:MM:SS`.
    pub kept_at: String,
}

/// The settings key for a briefing's kept draft; `new` for a briefing not yet saved.
pub(super) fn key(briefing_id: &str) -> String {
    let id = if briefing_id.is_empty() {
        "new"
    } else {
        briefing_id
    };
    format!("kept_briefing_draft:{id}")
}

/// Keeps the editor's fields, replacing what was kept for the same briefing before.
pub fn keep(store: &Store, draft: &BriefingDraft) -> Result<(), LibraryError> {
    keep_at(store, draft, Local::now().naive_local())
}

pub fn keep_at(
    store: &Store,
    draft: &BriefingDraft,
    now: NaiveDateTime,
) -> Result<(), LibraryError> {
    if draft.body.len() > super::MAX_BRIEFING_BYTES {
        return Err(super::BriefingError::TooLarge.into());
    }
    let kept = KeptDraft {
        draft: draft.clone(),
        kept_at: now.format("%Y-%m-%dT%H:%M:%S").to_string(),
    };
    let json = serde_json::to_string(&kept).map_err(|_| LibraryError::PackWrite)?;
    settings::set(store.conn(), &key(&draft.id), &json).map_err(write_error(store))
}

/// What was kept for this briefing (`""`: a new one), if anything. A kept value that cannot
/// be read (written by a later version, say) counts as nothing kept.
pub fn kept(store: &Store, briefing_id: &str) -> Result<Option<KeptDraft>, LibraryError> {
    let json = settings::get(store.conn(), &key(briefing_id)).map_err(db(store))?;
    Ok(json.and_then(|j| serde_json::from_str(&j).ok()))
}

/// Forgets the kept draft: after a save, or when the person throws the changes away.
pub fn forget(store: &Store, briefing_id: &str) -> Result<(), LibraryError> {
    settings::remove(store.conn(), &key(briefing_id)).map_err(write_error(store))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    fn draft(id: &str, body: &str) -> BriefingDraft {
        BriefingDraft {
            id: id.into(),
            title: "Our notes".into(),
            summary: String::new(),
            audience: String::new(),
            facts_date: String::new(),
            sources: String::new(),
            body: body.into(),
        }
    }

    #[test]
    fn a_kept_draft_comes_back_until_it_is_forgotten() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let when =
            NaiveDateTime::parse_from_str("2026-11-27 10:20:00", "%Y-%m-%d %H:%M:%S").unwrap();
        keep_at(&store, &draft("", "## Why\n\nFirst words"), when).unwrap();
        keep_at(&store, &draft("our-notes", "Other briefing"), when).unwrap();

        let back = kept(&store, "").unwrap().unwrap();
        assert_eq!(back.draft.body, "## Why\n\nFirst words");
        assert_eq!(back.kept_at, "2026-11-27T10:20:00");
        assert_eq!(
            kept(&store, "our-notes").unwrap().unwrap().draft.body,
            "Other briefing"
        );

        forget(&store, "").unwrap();
        assert_eq!(kept(&store, "").unwrap(), None);
        assert!(
            kept(&store, "our-notes").unwrap().is_some(),
            "only the one forgotten goes"
        );
    }

    #[test]
    fn a_draft_too_big_to_save_is_refused_and_the_old_one_kept() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        keep(&store, &draft("", "small")).unwrap();
        let huge = "x".repeat(super::super::MAX_BRIEFING_BYTES + 1);
        assert!(keep(&store, &draft("", &huge)).is_err());
        assert_eq!(kept(&store, "").unwrap().unwrap().draft.body, "small");
    }
}
