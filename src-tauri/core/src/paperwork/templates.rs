//! Paperwork templates: the starting text of a letter, motion, press release, question or
//! FOI request. Each is one TOML file in `resources/paperwork/` (compiled in, like the
//! leaflet templates): a new template is a new file. A group can keep its own copies, changed
//! to suit it; those live in the data store, in the same format.
//!
//! In a template's words, `{recipient.name}`, `{group.name}` and the like are filled in for
//! each person written to (see [`super::fill`]), and `[words in square brackets]` are blanks
//! for the writer to fill.

use rusqlite::OptionalExtension;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{PaperworkError, now_text};
use crate::store::Store;

static BUNDLED: include_dir::Dir<'_> =
    include_dir::include_dir!("$CARGO_MANIFEST_DIR/../../resources/paperwork");

/// What a piece of paperwork is, which decides how it is laid out on the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "PaperworkKind")]
pub enum Kind {
    /// A letter on the group's letterhead, with the address in the envelope window. Public
    /// questions to a board go this way too.
    Letter,
    /// A model motion: title, what the meeting notes, believes and resolves, and lines for
    /// the proposer and seconder.
    Motion,
    /// "PRESS RELEASE", the date and embargo, headline, text, "ENDS", notes to editors.
    PressRelease,
    /// A Freedom of Information request: a letter with numbered questions, due in 20 working
    /// days.
    Foi,
}

/// A template as its file describes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Template {
    pub id: String,
    pub name: String,
    pub kind: Kind,
    pub description: String,
    /// Who it is usually sent to, in words ("Your MP").
    pub for_whom: String,
    /// The role to look for in the address book ("MP", "Councillor"); empty for any.
    #[serde(default)]
    pub role: String,
    /// The details it fills in, such as `recipient.name` or `group.email`, so the editor can
    /// say which are missing before anything is printed.
    #[serde(default)]
    pub needs: Vec<String>,
    /// When the facts in it were last checked.
    #[serde(default)]
    pub facts_as_of: String,
    /// Where its facts come from (shipped briefings and their sources).
    #[serde(default)]
    pub sources: Vec<String>,
    /// The subject line, the motion's title or the press release's headline.
    pub subject: String,
    pub body: String,
    /// A press release's notes to editors.
    #[serde(default)]
    pub notes: String,
    /// A press release's embargo line.
    #[serde(default)]
    pub embargo: String,
    /// An FOI request's questions, each a tick box.
    #[serde(default)]
    pub questions: Vec<String>,
}

/// What the list of templates shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "PaperworkTemplate")]
pub struct TemplateSummary {
    pub id: String,
    pub name: String,
    pub kind: Kind,
    pub description: String,
    pub for_whom: String,
    /// The role to list first when choosing who it is to.
    pub role: String,
    pub facts_as_of: String,
    /// The group's own copy (it can be deleted), not one that ships with the app.
    pub own: bool,
}

impl Template {
    /// Reads a template file, with a plain message for a broken one.
    pub fn parse(text: &str) -> Result<Template, PaperworkError> {
        let template: Template = toml::from_str(text).map_err(|e| {
            PaperworkError::BadTemplate(format!(
                "its file does not read as a template ({})",
                e.message()
            ))
        })?;
        if template.id.trim().is_empty() || template.name.trim().is_empty() {
            return Err(PaperworkError::BadTemplate(
                "it has no id or no name".into(),
            ));
        }
        Ok(template)
    }

    /// The file's text: what `parse` reads back.
    pub fn to_file(&self) -> String {
        toml::to_string(self).unwrap_or_default()
    }

    fn summary(&self, own: bool) -> TemplateSummary {
        TemplateSummary {
            id: self.id.clone(),
            name: self.name.clone(),
            kind: self.kind,
            description: self.description.clone(),
            for_whom: self.for_whom.clone(),
            role: self.role.clone(),
            facts_as_of: self.facts_as_of.clone(),
            own,
        }
    }
}

/// The templates that ship with the app, in a stable order (letters first).
pub fn bundled() -> Vec<Template> {
    let mut all: Vec<Template> = BUNDLED
        .files()
        .filter(|f| f.path().extension().is_some_and(|e| e == "toml"))
        .filter_map(|f| f.contents_utf8())
        // The test `every_bundled_template_reads` makes sure none is dropped here.
        .filter_map(|text| Template::parse(text).ok())
        .collect();
    all.sort_by_key(|t| (kind_order(t.kind), t.name.clone()));
    all
}

fn kind_order(kind: Kind) -> u8 {
    match kind {
        Kind::Letter => 0,
        Kind::Foi => 1,
        Kind::Motion => 2,
        Kind::PressRelease => 3,
    }
}

/// The group's own templates.
fn own(store: &Store) -> Result<Vec<Template>, PaperworkError> {
    let mut stmt = store
        .conn()
        .prepare("SELECT source FROM paperwork_templates ORDER BY name")?;
    let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
    let mut templates = Vec::new();
    for source in rows {
        // A copy saved by this app always reads; one that does not is skipped, not fatal.
        if let Ok(template) = Template::parse(&source?) {
            templates.push(template);
        }
    }
    Ok(templates)
}

/// Every template: the group's own first, then those that ship.
pub fn summaries(store: &Store) -> Result<Vec<TemplateSummary>, PaperworkError> {
    let mut list: Vec<TemplateSummary> = own(store)?.iter().map(|t| t.summary(true)).collect();
    list.extend(bundled().iter().map(|t| t.summary(false)));
    Ok(list)
}

/// One template by its id, the group's own or a bundled one.
pub fn get(store: &Store, id: &str) -> Result<Template, PaperworkError> {
    let source: Option<String> = store
        .conn()
        .query_row(
            "SELECT source FROM paperwork_templates WHERE id = ?1",
            [id],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(source) = source {
        return Template::parse(&source);
    }
    bundled_by_id(id)
}

pub fn bundled_by_id(id: &str) -> Result<Template, PaperworkError> {
    bundled()
        .into_iter()
        .find(|t| t.id == id)
        .ok_or_else(|| PaperworkError::UnknownTemplate(id.to_string()))
}

/// Saves `template` as one of the group's own, under a new id made from its name.
pub fn save_own(store: &Store, mut template: Template) -> Result<TemplateSummary, PaperworkError> {
    let name = template.name.trim().to_string();
    if name.is_empty() {
        return Err(PaperworkError::NotReady(
            "Give the template a name first, so you can find it again.".into(),
        ));
    }
    let stem = crate::files::slug(&name, "our-template");
    let mut id = format!("own-{stem}");
    let mut n = 2;
    while store.conn().query_row(
        "SELECT count(*) FROM paperwork_templates WHERE id = ?1",
        [&id],
        |r| r.get::<_, i64>(0),
    )? > 0
    {
        id = format!("own-{stem}-{n}");
        n += 1;
    }
    template.id = id;
    template.name = name;
    store.conn().execute(
        "INSERT INTO paperwork_templates (id, name, source, created_at) VALUES (?1, ?2, ?3, ?4)",
        rusqlite::params![template.id, template.name, template.to_file(), now_text()],
    )?;
    Ok(template.summary(true))
}

/// Deletes one of the group's own templates (the bundled ones cannot be).
pub fn delete_own(store: &Store, id: &str) -> Result<(), PaperworkError> {
    let gone = store
        .conn()
        .execute("DELETE FROM paperwork_templates WHERE id = ?1", [id])?;
    if gone == 0 {
        return Err(PaperworkError::UnknownTemplate(id.to_string()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bundled_template_reads() {
        let files = BUNDLED
            .files()
            .filter(|f| f.path().extension().is_some_and(|e| e == "toml"))
            .count();
        assert!(files >= 10, "{files} template files");
        for file in BUNDLED.files() {
            let text = file.contents_utf8().expect("UTF-8");
            let template =
                Template::parse(text).unwrap_or_else(|e| panic!("{}: {e}", file.path().display()));
            assert_eq!(
                file.path().file_stem().and_then(|s| s.to_str()),
                Some(template.id.as_str()),
                "a template's file is named after its id"
            );
            assert!(
                !template.facts_as_of.is_empty(),
                "{} is not dated",
                template.id
            );
            assert!(
                !template.sources.is_empty(),
                "{} cites nothing",
                template.id
            );
            if template.kind == Kind::Foi {
                assert!(template.questions.len() >= 5, "{}", template.id);
            }
        }
        assert_eq!(bundled().len(), files);
    }

    /// `needs` lists exactly the details a template's words fill in, so it can be trusted.
    #[test]
    fn every_template_needs_what_it_uses() {
        for template in bundled() {
            let mut words = vec![
                template.subject.as_str(),
                template.body.as_str(),
                template.notes.as_str(),
                template.embargo.as_str(),
            ];
            words.extend(template.questions.iter().map(String::as_str));
            let mut used: Vec<String> = Vec::new();
            for text in words {
                for piece in text.split('{').skip(1) {
                    let Some((name, _)) = piece.split_once('}') else {
                        continue;
                    };
                    if name != "questions" && name != "today" && !used.iter().any(|u| u == name) {
                        used.push(name.to_string());
                    }
                }
            }
            used.sort();
            let mut needs = template.needs.clone();
            needs.sort();
            assert_eq!(
                used, needs,
                "{}: needs does not match the details used",
                template.id
            );
        }
    }

    #[test]
    fn a_template_survives_being_written_out_and_read_back() {
        for template in bundled() {
            assert_eq!(Template::parse(&template.to_file()).ok(), Some(template));
        }
    }

    #[test]
    fn a_broken_template_file_is_refused_in_words() {
        let err = Template::parse("id = \"x\"\nname = ").unwrap_err();
        assert!(err.to_string().starts_with("That template cannot be used"));
    }
}
