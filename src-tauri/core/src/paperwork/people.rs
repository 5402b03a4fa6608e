//! The people the group writes to: MPs, councillors, the ICB's chair, the local paper.
//!
//! A small address book. Email addresses and postcodes are checked the same way as a
//! petition signer's, and every problem is named beside its field; nothing is saved until all
//! are right. Names are kept exactly as typed (markup included) and only ever shown as text.

use rusqlite::{OptionalExtension, Row, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{PaperworkError, now_text};
use crate::petitions::{postcode, signer};
use crate::problem::FieldProblem;
use crate::store::Store;

/// Longest a single detail may be; an address or a note may be longer.
const MAX_LINE_CHARS: usize = 200;
const MAX_BLOCK_CHARS: usize = 2000;

/// One person's details as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export)]
pub struct PersonDetails {
    pub name: String,
    /// "MP", "Councillor", "Chair of the ICB", "Editor".
    pub role: String,
    /// "House of Commons", "Camden Council", "NHS North Central London ICB".
    pub organisation: String,
    /// The postal address without the postcode, a line each; the town on the last line.
    pub address: String,
    pub postcode: String,
    pub email: String,
    /// Constituency or ward.
    pub area: String,
    pub notes: String,
}

/// A person in the address book.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Person {
    #[ts(type = "number")]
    pub id: i64,
    pub details: PersonDetails,
}

impl PersonDetails {
    /// The address as the envelope shows it, the way Royal Mail asks: the name, the lines of
    /// the address without punctuation at their ends, the post town in capitals, and the
    /// postcode on a line of its own.
    pub fn envelope_lines(&self) -> Vec<String> {
        let mut lines = vec![self.name.trim().to_string()];
        let role_line = [self.role.trim(), self.organisation.trim()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(", ");
        if !role_line.is_empty() {
            lines.push(role_line);
        }
        let address: Vec<String> = self
            .address
            .lines()
            .map(|l| {
                l.trim()
                    .trim_end_matches([',', '.', ';'])
                    .trim()
                    .to_string()
            })
            .filter(|l| !l.is_empty())
            .collect();
        let count = address.len();
        for (i, line) in address.into_iter().enumerate() {
            lines.push(if i + 1 == count {
                line.to_uppercase()
            } else {
                line
            });
        }
        if !self.postcode.trim().is_empty() {
            lines.push(self.postcode.trim().to_string());
        }
        lines.retain(|l| !l.is_empty());
        lines
    }
}

/// Trims every detail, writes the postcode the standard way, and lists every problem.
pub fn validate(details: &PersonDetails) -> Result<PersonDetails, Vec<FieldProblem>> {
    let mut problems = Vec::new();
    let mut clean = PersonDetails {
        name: details.name.trim().to_string(),
        role: details.role.trim().to_string(),
        organisation: details.organisation.trim().to_string(),
        address: details
            .address
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join("\n"),
        postcode: details.postcode.trim().to_string(),
        email: details.email.trim().to_string(),
        area: details.area.trim().to_string(),
        notes: details.notes.trim().to_string(),
    };
    let mut problem = |field: &str, message: String| {
        problems.push(FieldProblem {
            field: field.into(),
            message,
        })
    };
    if clean.name.is_empty() {
        problem("name", "Enter the person's name.".into());
    }
    for (field, text, limit) in [
        ("name", &clean.name, MAX_LINE_CHARS),
        ("role", &clean.role, MAX_LINE_CHARS),
        ("organisation", &clean.organisation, MAX_LINE_CHARS),
        ("area", &clean.area, MAX_LINE_CHARS),
        ("address", &clean.address, MAX_BLOCK_CHARS),
        ("notes", &clean.notes, MAX_BLOCK_CHARS),
    ] {
        if text.chars().count() > limit {
            problem(field, format!("This can be at most {limit} characters."));
        }
    }
    if !clean.email.is_empty()
        && let Some(why) = signer::email_problem(&clean.email)
    {
        problem("email", why.into());
    }
    if !clean.postcode.is_empty() {
        match postcode::check(&clean.postcode) {
            postcode::PostcodeCheck::Valid { postcode, .. } => clean.postcode = postcode,
            postcode::PostcodeCheck::Invalid { reason, suggestion } => problem(
                "postcode",
                match suggestion {
                    Some(s) => format!("{reason} Did you mean {s}?"),
                    None => reason,
                },
            ),
        }
    }
    if problems.is_empty() {
        Ok(clean)
    } else {
        Err(problems)
    }
}

fn from_row(r: &Row<'_>) -> rusqlite::Result<Person> {
    Ok(Person {
        id: r.get(0)?,
        details: PersonDetails {
            name: r.get(1)?,
            role: r.get(2)?,
            organisation: r.get(3)?,
            address: r.get(4)?,
            postcode: r.get(5)?,
            email: r.get(6)?,
            area: r.get(7)?,
            notes: r.get(8)?,
        },
    })
}

const COLUMNS: &str = "id, name, role, organisation, address, postcode, email, area, notes";

/// Everyone, by name.
pub fn list(store: &Store) -> Result<Vec<Person>, PaperworkError> {
    let mut stmt = store.conn().prepare(&format!(
        "SELECT {COLUMNS} FROM people ORDER BY name COLLATE NOCASE, id"
    ))?;
    let rows = stmt.query_map([], from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn get(store: &Store, id: i64) -> Result<Person, PaperworkError> {
    store
        .conn()
        .query_row(
            &format!("SELECT {COLUMNS} FROM people WHERE id = ?1"),
            [id],
            from_row,
        )
        .optional()?
        .ok_or(PaperworkError::PersonNotFound)
}

/// Adds a person, or saves changes to one (`id`), after checking every detail.
pub fn save(
    store: &Store,
    id: Option<i64>,
    details: &PersonDetails,
) -> Result<Person, PaperworkError> {
    let clean = validate(details).map_err(PaperworkError::InvalidPerson)?;
    let now = now_text();
    let id = match id {
        Some(id) => {
            let changed = store.conn().execute(
                "UPDATE people SET name = ?2, role = ?3, organisation = ?4, address = ?5,
                        postcode = ?6, email = ?7, area = ?8, notes = ?9, updated_at = ?10
                 WHERE id = ?1",
                params![
                    id,
                    clean.name,
                    clean.role,
                    clean.organisation,
                    clean.address,
                    clean.postcode,
                    clean.email,
                    clean.area,
                    clean.notes,
                    now
                ],
            )?;
            if changed == 0 {
                return Err(PaperworkError::PersonNotFound);
            }
            id
        }
        None => insert(store.conn(), &clean, &now)?,
    };
    get(store, id)
}

/// Inserts checked details; used by `save` and by the import, inside its transaction.
pub(crate) fn insert(
    conn: &rusqlite::Connection,
    clean: &PersonDetails,
    now: &str,
) -> Result<i64, PaperworkError> {
    conn.execute(
        "INSERT INTO people (name, role, organisation, address, postcode, email, area, notes,
                             created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)",
        params![
            clean.name,
            clean.role,
            clean.organisation,
            clean.address,
            clean.postcode,
            clean.email,
            clean.area,
            clean.notes,
            now
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

/// Removes a person. Letters already sent keep the names they went to.
pub fn delete(store: &Store, id: i64) -> Result<(), PaperworkError> {
    let gone = store
        .conn()
        .execute("DELETE FROM people WHERE id = ?1", [id])?;
    if gone == 0 {
        return Err(PaperworkError::PersonNotFound);
    }
    Ok(())
}

/// A person by number, or by name (whole, any case) for the command line's `--to`.
pub fn find(store: &Store, which: &str) -> Result<Person, PaperworkError> {
    if let Ok(id) = which.trim().parse::<i64>() {
        return get(store, id);
    }
    let wanted = which.trim().to_lowercase();
    let matches: Vec<Person> = list(store)?
        .into_iter()
        .filter(|p| p.details.name.to_lowercase() == wanted)
        .collect();
    match matches.len() {
        1 => Ok(matches
            .into_iter()
            .next()
            .ok_or(PaperworkError::PersonNotFound)?),
        0 => Err(PaperworkError::NotReady(format!(
            "No one called \"{}\" is in the address book. See the list with: campaign-kit letter people list",
            which.trim()
        ))),
        n => Err(PaperworkError::NotReady(format!(
            "{n} people are called \"{}\": use their number instead.",
            which.trim()
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_envelope_address_follows_royal_mail() {
        let person = PersonDetails {
            name: "Jane Smith MP".into(),
            role: "MP".into(),
            organisation: "House of Commons".into(),
            address: "Westminster,\nLondon.".into(),
            postcode: "SW1A 0AA".into(),
            ..PersonDetails::default()
        };
        assert_eq!(
            person.envelope_lines(),
            [
                "Jane Smith MP",
                "MP, House of Commons",
                "Westminster",
                "LONDON",
                "SW1A 0AA"
            ]
        );
    }

    #[test]
    fn bad_email_and_postcode_are_named_beside_their_fields() {
        let details = PersonDetails {
            name: "Cllr Ahmed".into(),
            email: "ahmed.example.org".into(),
            postcode: "NW1 QXX".into(),
            ..PersonDetails::default()
        };
        let problems = validate(&details).unwrap_err();
        let fields: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
        assert_eq!(fields, ["email", "postcode"]);
    }

    #[test]
    fn a_postcode_is_written_the_standard_way() {
        let details = PersonDetails {
            name: "A".into(),
            postcode: "nw11tf".into(),
            ..PersonDetails::default()
        };
        assert_eq!(
            validate(&details).map(|d| d.postcode),
            Ok("NW1 1TF".to_string())
        );
    }
}
