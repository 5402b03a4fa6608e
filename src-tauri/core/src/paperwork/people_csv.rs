//! The address book to and from a spreadsheet (CSV): a council's list of committee members,
//! say, or a copy for another laptop.
//!
//! Import works as for petitions: [`preview`] shows the columns, the first rows and a
//! suggested mapping; [`import`] checks every row first and adds all of them or none,
//! listing the bad rows by their line in the file. A cell that looks like a formula is kept
//! as plain text; the export makes such cells inert again, so a spreadsheet never runs them.

use std::path::Path;

use rusqlite::TransactionBehavior;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::people::{self, PersonDetails};
use super::{PaperworkError, now_text};
use crate::petitions::csv_in::{self, BadRow, CsvText};
use crate::petitions::csv_out;
use crate::store::Store;

const MAX_BAD_ROWS_LISTED: usize = 100;
/// An address book this long is a mistake (a petition's list of signers, perhaps).
const MAX_PEOPLE_PER_FILE: usize = 10_000;

/// Which column (from 0) holds each detail; `None` for "not in this file".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export)]
pub struct PeopleColumns {
    pub name: Option<u32>,
    pub role: Option<u32>,
    pub organisation: Option<u32>,
    pub address: Option<u32>,
    pub postcode: Option<u32>,
    pub email: Option<u32>,
    pub area: Option<u32>,
    pub notes: Option<u32>,
}

/// What the mapping screen shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PeopleCsvPreview {
    pub columns: Vec<String>,
    pub sample: Vec<Vec<String>>,
    pub rows: u32,
    pub encoding_note: Option<String>,
    pub suggested: PeopleColumns,
}

const HEADERS: [&str; 8] = [
    "Name",
    "Role",
    "Organisation",
    "Address",
    "Postcode",
    "Email",
    "Constituency or ward",
    "Notes",
];

fn file_problem(e: crate::petitions::PetitionError) -> PaperworkError {
    // The petition reader's words fit here too ("Nothing was imported").
    PaperworkError::File(e.to_string())
}

/// Reads a file's bytes as CSV text (UTF-8, UTF-16 or Windows-1252).
pub fn decode(bytes: &[u8]) -> Result<CsvText, PaperworkError> {
    csv_in::decode(bytes).map_err(file_problem)
}

pub fn read_file(path: &Path) -> Result<CsvText, PaperworkError> {
    csv_in::read_file(path).map_err(file_problem)
}

pub fn preview(file: &CsvText) -> Result<PeopleCsvPreview, PaperworkError> {
    let table = csv_in::table(file).map_err(file_problem)?;
    Ok(PeopleCsvPreview {
        suggested: suggest(&table.columns),
        columns: table.columns,
        sample: table.sample,
        rows: table.rows,
        encoding_note: file.encoding_note.clone(),
    })
}

/// Guesses the mapping from the column names (our own export's among them).
pub fn suggest(columns: &[String]) -> PeopleColumns {
    let find = |names: &[&str]| {
        columns
            .iter()
            .position(|c| {
                let c = c.to_lowercase().replace(['-', '_'], " ");
                names.iter().any(|n| c.trim() == *n)
            })
            .map(|i| i as u32)
    };
    PeopleColumns {
        name: find(&["name", "full name", "councillor", "member"]),
        role: find(&["role", "title", "position", "job title"]),
        organisation: find(&["organisation", "organization", "body", "council", "party"]),
        address: find(&["address", "postal address", "street address"]),
        postcode: find(&["postcode", "post code", "postal code"]),
        email: find(&["email", "e mail", "email address"]),
        area: find(&["constituency or ward", "constituency", "ward", "area"]),
        notes: find(&["notes", "note", "comments"]),
    }
}

fn cell(row: &[String], column: Option<u32>) -> String {
    column
        .and_then(|c| row.get(c as usize))
        // Our own export's formula guard comes off, so an export imports back unchanged.
        .map(|text| csv_out::without_guard(text.trim()).trim().to_string())
        .unwrap_or_default()
}

/// Adds every row, or none. Returns how many were added.
pub fn import(
    store: &mut Store,
    file: &CsvText,
    mapping: &PeopleColumns,
) -> Result<u32, PaperworkError> {
    if mapping.name.is_none() {
        return Err(PaperworkError::NotReady(
            "Choose which column holds the names. Nothing was imported.".into(),
        ));
    }
    let records = csv_in::records(file).map_err(file_problem)?;
    if records.len() > MAX_PEOPLE_PER_FILE {
        return Err(PaperworkError::File(format!(
            "That file has {} rows: an address book here holds at most {MAX_PEOPLE_PER_FILE}. \
             Check you chose the right file. Nothing was imported.",
            records.len()
        )));
    }
    let mut people = Vec::new();
    let mut bad_rows = Vec::new();
    for (line, row) in &records {
        let details = PersonDetails {
            name: cell(row, mapping.name),
            role: cell(row, mapping.role),
            organisation: cell(row, mapping.organisation),
            address: cell(row, mapping.address),
            postcode: cell(row, mapping.postcode),
            email: cell(row, mapping.email),
            area: cell(row, mapping.area),
            notes: cell(row, mapping.notes),
        };
        match people::validate(&details) {
            Ok(clean) => people.push(clean),
            Err(problems) => bad_rows.push(BadRow {
                line: *line,
                problems: problems
                    .into_iter()
                    .map(|p| format!("{}: {}", field_words(&p.field), p.message))
                    .collect(),
            }),
        }
    }
    if !bad_rows.is_empty() {
        let total = bad_rows.len();
        bad_rows.truncate(MAX_BAD_ROWS_LISTED);
        return Err(PaperworkError::Import {
            message: format!(
                "{} of the file {} fixing, so nobody was added. Fix {} in the spreadsheet, save \
                 it as CSV and import it again.",
                crate::words::count(total as u64, "row", "rows"),
                if total == 1 { "needs" } else { "need" },
                if total == 1 { "it" } else { "them" }
            ),
            bad_rows,
        });
    }
    if people.is_empty() {
        return Err(PaperworkError::File(
            "That file has no one in it. Nothing was imported.".into(),
        ));
    }
    let now = now_text();
    let tx = store
        .conn_mut()
        .transaction_with_behavior(TransactionBehavior::Immediate)?;
    for person in &people {
        people::insert(&tx, person, &now)?;
    }
    tx.commit()?;
    Ok(people.len() as u32)
}

fn field_words(field: &str) -> &str {
    match field {
        "name" => "Name",
        "email" => "Email",
        "postcode" => "Postcode",
        "address" => "Address",
        "notes" => "Notes",
        "role" => "Role",
        "organisation" => "Organisation",
        _ => "Constituency or ward",
    }
}

/// The whole address book as CSV, every cell safe to open in a spreadsheet.
pub fn export(store: &Store) -> Result<Vec<u8>, PaperworkError> {
    let mut out = "\u{feff}".as_bytes().to_vec();
    {
        let mut csv = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(&mut out);
        let fail = |_| PaperworkError::Output;
        csv.write_record(HEADERS).map_err(fail)?;
        for person in people::list(store)? {
            let d = &person.details;
            let cells = [
                &d.name,
                &d.role,
                &d.organisation,
                &d.address,
                &d.postcode,
                &d.email,
                &d.area,
                &d.notes,
            ];
            csv.write_record(cells.iter().map(|c| csv_out::inert(c)))
                .map_err(fail)?;
        }
        csv.flush().map_err(|_| PaperworkError::Output)?;
    }
    Ok(out)
}

/// Saves the export at `path`, whole or not at all.
pub fn save(store: &Store, path: &Path) -> Result<usize, PaperworkError> {
    let bytes = export(store)?;
    crate::files::write_whole(path, &bytes).map_err(PaperworkError::File)?;
    Ok(people::list(store)?.len())
}
