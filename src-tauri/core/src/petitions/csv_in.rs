//! Spreadsheet (CSV) import: signatures collected by another tool or typed into a
//! spreadsheet by a volunteer.
//!
//! First [`preview`]: the columns, the first rows and a suggested mapping, for the organiser
//! to confirm. Then [`import`], all or nothing: every row is checked first, and if any row has
//! a problem nothing is saved and the bad rows are listed with their line numbers. Each row's
//! id is made from its contents (or taken from the "Id" column of our own export), so
//! importing the same rows again adds nothing.
//!
//! Files saved by Excel are often in Windows-1252 or UTF-16, or start with a byte-order mark;
//! all are read.

use std::path::Path;

use chrono::{Local, NaiveDate, NaiveDateTime};
use rusqlite::TransactionBehavior;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::signatures::{RowValues, Source, insert_row_unless_there};
use super::signer::{Fields, SignerInput};
use super::{PetitionError, csv_out, duplicates, ids, petition, stalls, tallies, timestamp};
use crate::store::Store;

/// Bigger than any real petition file (a million signatures is about 80 MB).
pub const MAX_IMPORT_BYTES: u64 = 200 * 1024 * 1024;
/// How many bad rows are listed; the message gives the total.
const MAX_BAD_ROWS_LISTED: usize = 100;
const SAMPLE_ROWS: usize = 5;

/// Which column (counting from 0) holds each detail; `None` for "not in this file".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export)]
pub struct ColumnMapping {
    pub name: Option<u32>,
    pub postcode: Option<u32>,
    pub email: Option<u32>,
    pub phone: Option<u32>,
    pub opted_in: Option<u32>,
    pub signed: Option<u32>,
    /// The "Id" column of a Campaign Kit export, so re-importing it adds nothing.
    pub id: Option<u32>,
}

/// What the mapping screen shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CsvPreview {
    pub columns: Vec<String>,
    pub sample: Vec<Vec<String>>,
    /// Data rows (not counting the header).
    pub rows: u32,
    /// How the file's text was read, in words, when it was not plain UTF-8.
    pub encoding_note: Option<String>,
    pub suggested: ColumnMapping,
}

/// A row that stopped the import, with its line in the file (the header is line 1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BadRow {
    pub line: u32,
    pub problems: Vec<String>,
}

/// Bad rows as the import screen lists them: each a "field" named by its line in the file.
pub fn bad_rows_as_fields(bad_rows: &[BadRow]) -> Vec<crate::problem::FieldProblem> {
    bad_rows
        .iter()
        .map(|row| crate::problem::FieldProblem {
            field: format!("line {}", row.line),
            message: row.problems.join(" "),
        })
        .collect()
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "CsvImportOutcome")]
pub struct ImportOutcome {
    pub added: u32,
    /// Rows that were already in (imported before, or repeated in the file).
    pub already_there: u32,
    /// New signatures flagged as possible repeats, for review.
    pub flagged: u32,
}

/// A file's text, decoded.
#[derive(Debug, Clone)]
pub struct CsvText {
    pub text: String,
    pub encoding_note: Option<String>,
}

/// Reads a file for import, refusing one too big to be a petition before reading it.
pub fn read_file(path: &Path) -> Result<CsvText, PetitionError> {
    let bytes = crate::files::read_limited(path, MAX_IMPORT_BYTES).map_err(|refused| {
        file_error(&format!(
            "That file was not read: {refused}. Check you chose the right file. Nothing was imported."
        ))
    })?;
    decode(&bytes)
}

/// Turns a file's bytes into text: UTF-8 (with or without a byte-order mark), UTF-16 with a
/// mark, or else Windows-1252, which older Excel uses for "CSV".
pub fn decode(bytes: &[u8]) -> Result<CsvText, PetitionError> {
    if bytes.len() as u64 > MAX_IMPORT_BYTES {
        return Err(file_error(
            "That file is too big to be a list of signatures.",
        ));
    }
    if bytes.contains(&0) && encoding_rs::Encoding::for_bom(bytes).is_none() {
        return Err(file_error(
            "That file is not a spreadsheet saved as CSV (it looks like a program, a picture \
             or an .xlsx file). In your spreadsheet, choose Save As, then CSV. Nothing was \
             imported.",
        ));
    }
    if let Some((encoding, bom_length)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _, _) = encoding.decode(&bytes[bom_length..]);
        let note =
            (encoding != encoding_rs::UTF_8).then(|| format!("Read as {}.", encoding.name()));
        return Ok(CsvText {
            text: text.into_owned(),
            encoding_note: note,
        });
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(CsvText {
            text: text.to_string(),
            encoding_note: None,
        }),
        Err(_) => {
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
            Ok(CsvText {
                text: text.into_owned(),
                encoding_note: Some(
                    "This file is not in UTF-8, so it was read as Windows (Western European) \
                     text, as older Excel saves it. Check that accented names look right below."
                        .into(),
                ),
            })
        }
    }
}

/// The columns, the first rows and a suggested mapping for a petition asking for `fields`.
pub fn preview(file: &CsvText, fields: Fields) -> Result<CsvPreview, PetitionError> {
    let table = table(file)?;
    Ok(CsvPreview {
        suggested: suggest(&table.columns, fields),
        columns: table.columns,
        sample: table.sample,
        rows: table.rows,
        encoding_note: file.encoding_note.clone(),
    })
}

/// What any mapping screen shows of a file: its column names, first rows and row count.
pub struct Table {
    pub columns: Vec<String>,
    pub sample: Vec<Vec<String>>,
    pub rows: u32,
}

/// Reads a file's column names, first rows and number of rows (blank rows not counted).
pub fn table(file: &CsvText) -> Result<Table, PetitionError> {
    let mut reader = reader(&file.text);
    let columns: Vec<String> = reader
        .headers()
        .map_err(|_| not_csv())?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    if columns.iter().all(String::is_empty) {
        return Err(file_error(
            "That file is empty, or its first line has no column names. Nothing was imported.",
        ));
    }
    let mut sample = Vec::new();
    let mut rows = 0u32;
    for record in reader.records() {
        let record = record.map_err(|_| not_csv())?;
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if sample.len() < SAMPLE_ROWS {
            sample.push(record.iter().map(str::to_string).collect());
        }
        rows += 1;
    }
    Ok(Table {
        columns,
        sample,
        rows,
    })
}

/// The data rows of a file, each with its line number (the header is line 1), blank rows
/// left out. A row that cannot be read stops the whole file.
pub fn records(file: &CsvText) -> Result<Vec<(u32, Vec<String>)>, PetitionError> {
    let mut reader = reader(&file.text);
    reader.headers().map_err(|_| not_csv())?;
    let mut lines = LineCounter::new(&file.text);
    let mut out = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|_| not_csv())?;
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let line = lines.line_of(&record);
        out.push((line, record.iter().map(str::to_string).collect()));
    }
    Ok(out)
}

/// Guesses the mapping from the column names, for the details the petition asks for.
pub fn suggest(columns: &[String], fields: Fields) -> ColumnMapping {
    let find = |names: &[&str]| {
        columns.iter().position(|c| {
            let c = c.to_lowercase().replace(['-', '_'], " ");
            names.iter().any(|n| c == *n)
        })
    };
    let to_u32 = |i: Option<usize>| i.map(|i| i as u32);
    ColumnMapping {
        name: to_u32(find(&[
            "name",
            "full name",
            "your name",
            "signer",
            "signatory",
        ])),
        postcode: to_u32(find(&["postcode", "post code", "postal code", "zip"]))
            .filter(|_| fields.postcode),
        email: to_u32(find(&[
            "email",
            "e mail",
            "email address",
            "e mail address",
        ]))
        .filter(|_| fields.email),
        phone: to_u32(find(&[
            "phone",
            "telephone",
            "mobile",
            "phone number",
            "tel",
        ]))
        .filter(|_| fields.phone),
        opted_in: to_u32(find(&[
            "keep me informed",
            "opt in",
            "opted in",
            "keep informed",
            "contact me",
            "mailing list",
        ])),
        signed: to_u32(find(&[
            "signed",
            "date",
            "signed on",
            "date signed",
            "timestamp",
        ])),
        id: to_u32(find(&["id"])),
    }
}

/// How far an import has gone, for the window's progress bar: a big file takes seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ImportProgress {
    pub stage: ImportStage,
    /// Rows done in this stage, of `total`.
    pub done: u32,
    pub total: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum ImportStage {
    /// Reading and checking every row (nothing is added until all are sound).
    Checking,
    /// Adding the rows.
    Adding,
    /// Looking for people who signed twice.
    Flagging,
}

/// About fifty steps per stage, whatever the file's size: enough for a smooth bar, few
/// enough messages to cost nothing.
fn progress_step(total: usize) -> usize {
    (total / 50).max(500)
}

/// Imports every row, or none. `stall_id` is the stall the rows were collected at, if any.
pub fn import(
    store: &mut Store,
    petition_id: i64,
    file: &CsvText,
    mapping: &ColumnMapping,
    stall_id: Option<i64>,
) -> Result<ImportOutcome, PetitionError> {
    import_telling(store, petition_id, file, mapping, stall_id, &mut |_| {})
}

/// [`import`], telling `progress` how far it has gone as it goes.
pub fn import_telling(
    store: &mut Store,
    petition_id: i64,
    file: &CsvText,
    mapping: &ColumnMapping,
    stall_id: Option<i64>,
    progress: &mut dyn FnMut(ImportProgress),
) -> Result<ImportOutcome, PetitionError> {
    let petition = petition::get(store.conn(), petition_id)?;
    if let Some(on) = &petition.erased_on {
        return Err(PetitionError::Erased { on: on.clone() });
    }
    if petition.status == super::petition::Status::HandedIn {
        return Err(PetitionError::NotOpen {
            status: "handed in",
        });
    }
    check_mapping(mapping, petition.draft.fields)?;
    let rows = read_rows(
        file,
        mapping,
        petition.draft.fields,
        &petition.uid,
        progress,
    )?;
    let total = u32::try_from(rows.len()).unwrap_or(u32::MAX);
    let tell = |stage, done: usize| ImportProgress {
        stage,
        done: u32::try_from(done).unwrap_or(u32::MAX),
        total,
    };

    let now = timestamp(Local::now());
    let tx = store
        .conn_mut()
        .transaction_with_behavior(TransactionBehavior::Immediate)?;
    if let Some(id) = stall_id {
        stalls::check_belongs(&tx, id, petition_id)?;
    }
    // New rows get ids above every existing one, so they can be found again as a range.
    let last_id_before: i64 =
        tx.query_row("SELECT coalesce(max(id), 0) FROM signatures", [], |r| {
            r.get(0)
        })?;
    let first_import: bool = tx.query_row(
        "SELECT NOT EXISTS (SELECT 1 FROM signatures WHERE petition_id = ?1)",
        [petition_id],
        |r| r.get(0),
    )?;
    let batch = ImportBatch {
        petition_id,
        stall_id,
        at: &now,
    };
    let tally_trigger = tallies::set_insert_trigger_aside(&tx)?;
    let added = add_rows(&tx, &petition.uid, &batch, &rows, &mut |done| {
        progress(tell(ImportStage::Adding, done))
    })?;
    // Before any repeat is flagged: flagging moves a signature from one tally to another.
    tally_trigger.count_and_restore(&tx, last_id_before)?;
    progress(tell(ImportStage::Flagging, 0));
    flag_repeats(&tx, petition_id, first_import, &rows, &added)?;
    let outcome = ImportOutcome {
        added: u32::try_from(added.len()).unwrap_or(u32::MAX),
        already_there: u32::try_from(rows.len() - added.len()).unwrap_or(u32::MAX),
        flagged: tx.query_row(
            "SELECT count(*) FROM signatures WHERE id > ?1 AND duplicate_of IS NOT NULL",
            [last_id_before],
            |r| r.get(0),
        )?,
    };
    crate::audit::record(
        &tx,
        "petition_imported",
        &format!(
            "{}: {} added from a CSV file, {} already there",
            petition.code,
            crate::words::count(outcome.added, "row", "rows"),
            outcome.already_there
        ),
        Local::now(),
    )?;
    tx.commit()?;
    Ok(outcome)
}

/// A row of the file that was added, and the id it was saved under when that is not the
/// row's own (a row exported from another petition).
struct AddedRow {
    row: usize,
    own_uid: Option<String>,
}

impl AddedRow {
    fn uid<'a>(&'a self, rows: &'a [ReadyRow]) -> &'a str {
        self.own_uid.as_deref().unwrap_or(&rows[self.row].uid)
    }
}

/// What every row of one imported file shares.
struct ImportBatch<'a> {
    petition_id: i64,
    stall_id: Option<i64>,
    at: &'a str,
}

impl ImportBatch<'_> {
    fn values<'r>(&'r self, uid: &'r str, row: &'r ReadyRow) -> RowValues<'r> {
        RowValues {
            uid,
            petition_id: self.petition_id,
            stall_id: self.stall_id,
            source: Source::Import,
            checked: &row.checked,
            notice_version: None,
            signed_at: &row.signed_at,
            at: self.at,
        }
    }
}

/// Adds the rows not in the data already, telling `done` how far it has got about fifty
/// times. A row exported from another petition is added under an id of this petition's
/// own: those people signed that one, not this.
///
/// One row to a statement: with the tally trigger set aside (see [`tallies`]), a one-row
/// INSERT needs no copy of the pages it changes to undo it, which a statement of many rows,
/// or one that fires a trigger, does. That copy had been a tenth of the import's time.
fn add_rows(
    tx: &rusqlite::Transaction,
    petition_uid: &str,
    batch: &ImportBatch,
    rows: &[ReadyRow],
    done: &mut dyn FnMut(usize),
) -> Result<Vec<AddedRow>, PetitionError> {
    let mut added_rows = Vec::with_capacity(rows.len());
    let mut owner = tx.prepare_cached("SELECT petition_id FROM signatures WHERE uid = ?1")?;
    let step = progress_step(rows.len());
    for (n, row) in rows.iter().enumerate() {
        if n % step == 0 {
            done(n);
        }
        if insert_row_unless_there(tx, &batch.values(&row.uid, row))? {
            added_rows.push(AddedRow {
                row: n,
                own_uid: None,
            });
            continue;
        }
        // Already there: in this petition (imported before, or a line in the file twice),
        // or in another.
        let owner: i64 = owner.query_row([&row.uid], |r| r.get(0))?;
        if owner == batch.petition_id {
            continue;
        }
        let own_uid = ids::derived(&[petition_uid, "import-id", &row.uid]);
        if insert_row_unless_there(tx, &batch.values(&own_uid, row))? {
            added_rows.push(AddedRow {
                row: n,
                own_uid: Some(own_uid),
            });
        }
    }
    Ok(added_rows)
}

/// Works out which signatures are repeats now that `added` are in.
fn flag_repeats(
    tx: &rusqlite::Transaction,
    petition_id: i64,
    first_import: bool,
    rows: &[ReadyRow],
    added: &[AddedRow],
) -> Result<(), PetitionError> {
    let keys_of = |n: usize| {
        let checked = &rows[n].checked;
        duplicates::AddedKeys {
            name_key: &checked.name_key,
            postcode: checked.postcode.as_deref(),
            email_key: checked.email_key.as_deref(),
        }
    };
    if first_import {
        duplicates::flag_first_import(
            tx,
            added.iter().map(|a| duplicates::AddedSignature {
                uid: a.uid(rows),
                signed_at: &rows[a.row].signed_at,
                keys: keys_of(a.row),
            }),
        )?;
        return Ok(());
    }
    // A file that is most of the petition is quickest checked in one pass; a file added to a
    // big petition, around the new rows only.
    let total: i64 = tx.query_row(
        "SELECT count(*) FROM signatures WHERE petition_id = ?1",
        [petition_id],
        |r| r.get(0),
    )?;
    let added_count = i64::try_from(added.len()).unwrap_or(i64::MAX);
    if added_count.saturating_mul(4) > total {
        duplicates::recompute_all(tx, petition_id)?;
    } else {
        duplicates::recompute_around(tx, petition_id, added.iter().map(|a| keys_of(a.row)))?;
    }
    Ok(())
}

struct ReadyRow {
    uid: String,
    checked: super::signer::CheckedSigner,
    signed_at: String,
}

fn check_mapping(mapping: &ColumnMapping, fields: Fields) -> Result<(), PetitionError> {
    if mapping.name.is_none() {
        return Err(file_error(
            "Choose which column holds the names. Nothing was imported.",
        ));
    }
    let unasked = [
        (mapping.postcode.is_some() && !fields.postcode, "postcodes"),
        (mapping.email.is_some() && !fields.email, "email addresses"),
        (mapping.phone.is_some() && !fields.phone, "phone numbers"),
    ];
    if let Some((_, what)) = unasked.iter().find(|(bad, _)| *bad) {
        return Err(file_error(&format!(
            "This petition does not collect {what}, and its privacy notice does not mention \
             them, so they cannot be imported. Set that column to \"Do not import\", or change \
             the petition first."
        )));
    }
    Ok(())
}

/// Checks every row; any problem stops the import and lists the bad rows.
fn read_rows(
    file: &CsvText,
    mapping: &ColumnMapping,
    fields: Fields,
    petition_uid: &str,
    progress: &mut dyn FnMut(ImportProgress),
) -> Result<Vec<ReadyRow>, PetitionError> {
    // Lines in the file, near enough (a quoted cell may hold more), for the progress bar.
    let total = file.text.lines().count().saturating_sub(1);
    let step = progress_step(total);
    let mut reader = reader(&file.text);
    let width = reader.headers().map_err(|_| not_csv())?.len();
    let now = timestamp(Local::now());
    let mut ready = Vec::new();
    let mut bad = Vec::new();
    let mut bad_total = 0usize;
    let mut lines = LineCounter::new(&file.text);
    for (n, record) in reader.records().enumerate() {
        if n % step == 0 {
            progress(ImportProgress {
                stage: ImportStage::Checking,
                done: u32::try_from(n.min(total)).unwrap_or(u32::MAX),
                total: u32::try_from(total).unwrap_or(u32::MAX),
            });
        }
        let record = record.map_err(|_| not_csv())?;
        let line = lines.line_of(&record);
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        match read_row(&record, width, mapping, fields, petition_uid, &now) {
            Ok(row) => ready.push(row),
            Err(problems) => {
                bad_total += 1;
                if bad.len() < MAX_BAD_ROWS_LISTED {
                    bad.push(BadRow { line, problems });
                }
            }
        }
    }
    if bad_total > 0 {
        let (rows, them) = if bad_total == 1 {
            ("1 row has a problem".to_string(), "it")
        } else {
            (format!("{bad_total} rows have problems"), "them")
        };
        return Err(PetitionError::Import {
            message: format!(
                "{rows}, so nothing was imported. Fix {them} in the spreadsheet and import the \
                 file again."
            ),
            bad_rows: bad,
        });
    }
    if ready.is_empty() {
        return Err(file_error(
            "That file has no signatures in it. Nothing was imported.",
        ));
    }
    Ok(ready)
}

fn read_row(
    record: &csv::StringRecord,
    width: usize,
    mapping: &ColumnMapping,
    fields: Fields,
    petition_uid: &str,
    now: &str,
) -> Result<ReadyRow, Vec<String>> {
    if record.len() != width {
        return Err(vec![format!(
            "This row has {} columns; the first line has {width}.",
            record.len()
        )]);
    }
    // The formula guard our own export adds comes off, so an export imports back unchanged.
    let cell = |column: Option<u32>| {
        let text = column.and_then(|c| record.get(c as usize)).unwrap_or("");
        csv_out::without_guard(text.trim()).trim().to_string()
    };
    let mut problems = Vec::new();
    let opted_in = match parse_yes_no(&cell(mapping.opted_in)) {
        Some(yes) => yes,
        None => {
            problems.push(format!(
                "\"{}\" in the keep-me-informed column should be yes or no.",
                cell(mapping.opted_in)
            ));
            false
        }
    };
    let signed_at = match parse_when(&cell(mapping.signed)) {
        Some(Some(when)) => when,
        Some(None) => now.to_string(),
        None => {
            problems.push(format!(
                "\"{}\" is not a date Campaign Kit knows (use 2026-03-14 or 14/03/2026).",
                cell(mapping.signed)
            ));
            now.to_string()
        }
    };
    let input = SignerInput {
        name: cell(mapping.name),
        postcode: cell(mapping.postcode),
        email: cell(mapping.email),
        phone: cell(mapping.phone),
        opted_in,
    };
    let checked = match input.check(fields) {
        Ok(checked) => Some(checked),
        Err(field_problems) => {
            problems.extend(field_problems.into_iter().map(|p| p.message));
            None
        }
    };
    let (Some(checked), true) = (checked, problems.is_empty()) else {
        return Err(problems);
    };
    let given_id = cell(mapping.id);
    let uid = if given_id.len() == 32 && given_id.chars().all(|c| c.is_ascii_hexdigit()) {
        given_id.to_lowercase()
    } else {
        ids::derived(&[
            petition_uid,
            "import",
            &checked.name,
            checked.postcode.as_deref().unwrap_or(""),
            checked.email.as_deref().unwrap_or(""),
            checked.phone.as_deref().unwrap_or(""),
            &cell(mapping.signed),
        ])
    };
    Ok(ReadyRow {
        uid,
        checked,
        signed_at,
    })
}

/// `Some(true/false)` for the ways people write yes and no; `None` for anything else.
fn parse_yes_no(text: &str) -> Option<bool> {
    match text.to_lowercase().as_str() {
        "yes" | "y" | "true" | "1" | "x" | "✓" | "✔" | "ticked" => Some(true),
        "no" | "n" | "false" | "0" | "" => Some(false),
        _ => None,
    }
}

/// `Some(Some(timestamp))` for a date we read, `Some(None)` for an empty cell, `None` when it
/// is not a date. UK order (day first) for slashes.
fn parse_when(text: &str) -> Option<Option<String>> {
    if text.is_empty() {
        return Some(None);
    }
    let stamp = |t: NaiveDateTime| Some(Some(t.format("%Y-%m-%dT%H:%M:%S%.3f").to_string()));
    let formats = [
        "%Y-%m-%dT%H:%M:%S%.f", // our own export
        "%Y-%m-%d %H:%M:%S%.f",
        "%d/%m/%Y %H:%M",
        "%Y-%m-%d %H:%M",
    ];
    // Only a cell with a time of day is tried against the formats with one: a big file
    // of dates alone would otherwise fail each of them on every row.
    let has_time = text.contains(':');
    for format in formats.into_iter().filter(|_| has_time) {
        if let Ok(t) = NaiveDateTime::parse_from_str(text, format) {
            return stamp(t);
        }
    }
    for format in ["%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y"] {
        if let Ok(day) = NaiveDate::parse_from_str(text, format) {
            return stamp(day.and_hms_opt(0, 0, 0)?);
        }
    }
    None
}

/// The line of the file (from 1) each record starts on, counted from its byte offset. The csv
/// crate's own line number is one short after lines ending in CR LF, as Excel on Windows
/// writes them; counting is done once through the file, however many rows it has.
struct LineCounter<'a> {
    text: &'a [u8],
    byte: usize,
    line: u32,
}

impl<'a> LineCounter<'a> {
    fn new(text: &'a str) -> Self {
        LineCounter {
            text: text.as_bytes(),
            byte: 0,
            line: 1,
        }
    }

    fn line_of(&mut self, record: &csv::StringRecord) -> u32 {
        let start = record.position().map_or(self.byte, |p| p.byte() as usize);
        // After a CR LF, the record is said to start at the LF: step over line ends.
        let mut end = start.min(self.text.len()).max(self.byte);
        while end < self.text.len() && matches!(self.text[end], b'\r' | b'\n') {
            end += 1;
        }
        self.line += self.text[self.byte..end]
            .iter()
            .filter(|&&b| b == b'\n')
            .count() as u32;
        self.byte = end;
        self.line
    }
}

fn reader(text: &str) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .flexible(true)
        .delimiter(separator(text))
        .from_reader(text.as_bytes())
}

/// What separates the columns: a comma as UK spreadsheets save "CSV", unless the first line
/// has more semicolons (Excel set up for much of Europe) or tabs (Excel's "Unicode Text", or
/// a table copied from a web page). Only separators outside quotes count, so a column name
/// such as "Name, as written" does not mislead it.
fn separator(text: &str) -> u8 {
    let first_line = text.split('\n').next().unwrap_or_default();
    let mut counts = [(b',', 0u32), (b';', 0), (b'\t', 0)];
    let mut quoted = false;
    for byte in first_line.bytes() {
        if byte == b'"' {
            quoted = !quoted;
        } else if !quoted && let Some(entry) = counts.iter_mut().find(|(s, _)| *s == byte) {
            entry.1 += 1;
        }
    }
    // Ties go to the comma, which comes first.
    counts
        .iter()
        .fold(
            (b',', 0),
            |best, &(s, n)| if n > best.1 { (s, n) } else { best },
        )
        .0
}

fn not_csv() -> PetitionError {
    file_error(
        "That file could not be read as a spreadsheet (CSV). In your spreadsheet, choose Save \
         As, then CSV, and try again. Nothing was imported.",
    )
}

fn file_error(message: &str) -> PetitionError {
    PetitionError::File {
        message: message.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_order_marks_utf16_and_windows_1252_are_read() {
        let utf8_bom = decode("\u{feff}Name\nSiân\n".as_bytes()).unwrap();
        assert_eq!(utf8_bom.text, "Name\nSiân\n");
        assert_eq!(utf8_bom.encoding_note, None);

        let mut utf16 = vec![0xFF, 0xFE];
        for unit in "Name\nZoë\n".encode_utf16() {
            utf16.extend(unit.to_le_bytes());
        }
        let read = decode(&utf16).unwrap();
        assert_eq!(read.text, "Name\nZoë\n");
        assert!(read.encoding_note.unwrap().contains("UTF-16LE"));

        let cp1252 = b"Name\nSi\xe2n\n";
        let read = decode(cp1252).unwrap();
        assert_eq!(read.text, "Name\nSiân\n");
        assert!(read.encoding_note.unwrap().contains("Windows"));

        assert!(decode(b"PK\x03\x04\x00\x00binary").is_err());
    }

    #[test]
    fn columns_split_on_commas_semicolons_or_tabs_as_the_first_line_shows() {
        let columns = |text: &str| {
            let file = CsvText {
                text: text.to_string(),
                encoding_note: None,
            };
            let table = table(&file).expect("read");
            (table.columns, table.sample)
        };
        let (names, rows) = columns("Name;Postcode\nAnn Lee;N1 9GU\n");
        assert_eq!(names, ["Name", "Postcode"]);
        assert_eq!(rows, [["Ann Lee", "N1 9GU"]]);
        let (names, rows) = columns("Name\tPostcode\tEmail\nZoë\tE1 6AN\tz@example.org\n");
        assert_eq!(names, ["Name", "Postcode", "Email"]);
        assert_eq!(rows[0][2], "z@example.org");
        // A comma file whose names or rows hold semicolons stays a comma file.
        let (names, rows) = columns("\"Name; as written\",Postcode\nLee; Ann,N1 9GU\n");
        assert_eq!(names, ["Name; as written", "Postcode"]);
        assert_eq!(rows, [["Lee; Ann", "N1 9GU"]]);
        let (names, _) = columns("Name\nAnn; Lee\n");
        assert_eq!(names, ["Name"], "one column, no separator at all");
    }

    #[test]
    fn mapping_is_guessed_from_common_column_names() {
        let columns: Vec<String> = ["Full name", "Post code", "E-mail", "Keep me informed", "Id"]
            .map(String::from)
            .to_vec();
        let all = Fields {
            postcode: true,
            email: true,
            phone: true,
        };
        let m = suggest(&columns, all);
        assert_eq!(
            (m.name, m.postcode, m.email, m.opted_in, m.id, m.phone),
            (Some(0), Some(1), Some(2), Some(3), Some(4), None)
        );
    }

    #[test]
    fn progress_steps_stay_few_whatever_the_size() {
        assert_eq!(
            progress_step(200),
            500,
            "a small file: one report per stage"
        );
        assert_eq!(progress_step(100_000), 2_000);
        assert_eq!(100_000 / progress_step(100_000), 50);
    }

    #[test]
    fn dates_and_yes_no_are_read_the_uk_way() {
        assert_eq!(
            parse_when("14/03/2026"),
            Some(Some("2026-03-14T00:00:00.000".into()))
        );
        assert_eq!(
            parse_when("2026-03-14T10:31:05.250"),
            Some(Some("2026-03-14T10:31:05.250".into()))
        );
        assert_eq!(parse_when(""), Some(None));
        assert_eq!(parse_when("next Tuesday"), None);
        assert_eq!(parse_yes_no("✓"), Some(true));
        assert_eq!(parse_yes_no(""), Some(false));
        assert_eq!(parse_yes_no("maybe"), None);
    }
}
