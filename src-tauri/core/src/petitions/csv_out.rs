//! Spreadsheet (CSV) export: every signature with all its fields, or only the people who
//! asked to be kept informed (for the mailing list).
//!
//! A cell that starts with `=`, `+`, `-` or `@` (or a tab or carriage return) would be run as
//! a formula by Excel or LibreOffice, so a signer named `=HYPERLINK(...)` could plant a link
//! in an organiser's spreadsheet. Such cells get a leading apostrophe, which spreadsheets
//! show as plain text. Every export is noted in the audit log (how many rows, never whose).

use std::io::Write;
use std::path::Path;

use chrono::Local;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::progress::COUNTED;
use super::{PetitionError, petition};
use crate::audit;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum ExportKind {
    /// Every signature and every field, with its status.
    All,
    /// Name and email of counted signers who ticked "keep me informed".
    MailingList,
}

/// Makes a cell safe to open in a spreadsheet.
pub fn inert(cell: &str) -> String {
    // A cell that already starts with ' gets the guard too, so that `without_guard` can take
    // exactly one off again: an export always imports back unchanged.
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r' | '\'') => format!("'{cell}"),
        _ => cell.to_string(),
    }
}

/// Undoes [`inert`] on a cell read back from a CSV file: the leading ' comes off where it is
/// the guard (followed by a character that a spreadsheet would act on, or another '), so
/// "'+44 20 7946 0000" is the phone number again.
pub fn without_guard(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r', '\'']) => rest,
        _ => cell,
    }
}

const ALL_HEADERS: [&str; 11] = [
    "Name",
    "Postcode",
    "Email",
    "Phone",
    "Keep me informed",
    "Signed",
    "Source",
    "Stall",
    "Privacy notice version",
    "Status",
    "Id",
];

/// Writes the export to `out`; returns the number of rows.
pub fn write(
    conn: &Connection,
    petition_id: i64,
    kind: ExportKind,
    out: impl Write,
) -> Result<u64, PetitionError> {
    let petition = petition::get(conn, petition_id)?;
    if let Some(on) = petition.erased_on {
        return Err(PetitionError::Erased { on });
    }
    // Lines end in CR LF, as RFC 4180 and Excel itself write them; with the UTF-8 byte order
    // mark, Excel on Windows opens the file with every accent and script intact.
    let mut csv = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    let rows = match kind {
        ExportKind::All => write_all(conn, petition_id, &mut csv)?,
        ExportKind::MailingList => write_mailing_list(conn, petition_id, &mut csv)?,
    };
    csv.flush().map_err(|e| file_error(&e.to_string()))?;
    Ok(rows)
}

/// Saves the export at `path` (whole or not at all) and notes it in the audit log.
pub fn save(
    conn: &Connection,
    petition_id: i64,
    kind: ExportKind,
    path: &Path,
) -> Result<u64, PetitionError> {
    let mut rows = 0;
    let mut failure = None;
    crate::leftovers::guarded(conn, path, || {
        crate::files::write_streamed(path, |out| {
            // A UTF-8 mark first, so Excel reads accented and non-Latin names correctly.
            out.write_all("\u{feff}".as_bytes())?;
            match write(conn, petition_id, kind, out) {
                Ok(n) => {
                    rows = n;
                    Ok(())
                }
                Err(e) => {
                    failure = Some(e);
                    Err(std::io::Error::other("export stopped"))
                }
            }
        })
        .map_err(|reason| {
            failure.take().unwrap_or_else(|| {
                file_error(&format!(
                    "The file was not saved: {reason}. Nothing else changed."
                ))
            })
        })
    })?;
    let what = match kind {
        ExportKind::All => "all signatures",
        ExportKind::MailingList => "mailing list",
    };
    let code = petition::get(conn, petition_id)?.code;
    // The file is saved by now: if the log cannot take the entry (a full data disk), say that,
    // not "this was not saved".
    audit::record(
        conn,
        "petition_exported",
        &format!(
            "{code}: {what}, {}, to a CSV file",
            crate::words::count(rows, "row", "rows")
        ),
        Local::now(),
    )
    .map_err(|e| {
        let why = if e.sqlite_error_code() == Some(rusqlite::ErrorCode::DiskFull) {
            "the disk that holds its data is full; free some space"
        } else {
            "its data file could not be written"
        };
        let saved = crate::words::count(rows, "row", "rows");
        file_error(&format!(
            "The file was saved ({saved}), but Campaign Kit could not note the export in its \
             log: {why}."
        ))
    })?;
    Ok(rows)
}

fn write_all<W: Write>(
    conn: &Connection,
    petition_id: i64,
    csv: &mut csv::Writer<W>,
) -> Result<u64, PetitionError> {
    csv.write_record(ALL_HEADERS)
        .map_err(|e| file_error(&e.to_string()))?;
    let mut stmt = conn.prepare(
        "SELECT s.name, s.postcode, s.email, s.phone, s.opted_in, s.signed_at, s.source,
                s.sheet, s.line, st.place, st.held_on, s.notice_version,
                CASE WHEN s.withdrawn THEN 'withdrawn'
                     WHEN s.review = 'rejected' THEN 'rejected repeat'
                     WHEN s.duplicate_of IS NOT NULL AND s.review = 'none' THEN 'possible repeat'
                     ELSE 'counted' END,
                s.uid
         FROM signatures s LEFT JOIN stalls st ON st.id = s.stall_id
         WHERE s.petition_id = ?1 ORDER BY s.signed_at, s.id",
    )?;
    let mut rows = stmt.query([petition_id])?;
    let mut count = 0;
    while let Some(r) = rows.next()? {
        let text = |i: usize| -> rusqlite::Result<String> {
            Ok(r.get::<_, Option<String>>(i)?.unwrap_or_default())
        };
        let source = match (
            text(6)?.as_str(),
            r.get::<_, Option<u32>>(7)?,
            r.get::<_, Option<u32>>(8)?,
        ) {
            ("paper", Some(sheet), Some(line)) => format!("paper sheet {sheet} line {line}"),
            (other, ..) => other.to_string(),
        };
        let stall = match (text(9)?, text(10)?) {
            (place, _) if place.is_empty() => String::new(),
            (place, day) => format!("{place}, {day}"),
        };
        let notice = r
            .get::<_, Option<u32>>(11)?
            .map_or("not known".to_string(), |v| v.to_string());
        let opted: bool = r.get(4)?;
        let record = [
            text(0)?,
            text(1)?,
            text(2)?,
            text(3)?,
            if opted { "yes" } else { "no" }.to_string(),
            text(5)?,
            source,
            stall,
            notice,
            text(12)?,
            text(13)?,
        ];
        csv.write_record(record.iter().map(|c| inert(c)))
            .map_err(|e| file_error(&e.to_string()))?;
        count += 1;
    }
    Ok(count)
}

fn write_mailing_list<W: Write>(
    conn: &Connection,
    petition_id: i64,
    csv: &mut csv::Writer<W>,
) -> Result<u64, PetitionError> {
    csv.write_record(["Name", "Email", "Postcode", "Signed"])
        .map_err(|e| file_error(&e.to_string()))?;
    // One line per address: a household sharing an email gets one message.
    let mut stmt = conn.prepare(&format!(
        // SQLite takes the bare columns from the row holding min(): the first to sign.
        "SELECT name, email, coalesce(postcode, ''), min(signed_at) AS first FROM signatures
         WHERE petition_id = ?1 AND opted_in AND email IS NOT NULL AND erased = 0 AND {COUNTED}
         GROUP BY email_key ORDER BY first"
    ))?;
    let mut rows = stmt.query([petition_id])?;
    let mut count = 0;
    while let Some(r) = rows.next()? {
        let record: [String; 4] = [r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?];
        csv.write_record(record.iter().map(|c| inert(c)))
            .map_err(|e| file_error(&e.to_string()))?;
        count += 1;
    }
    Ok(count)
}

fn file_error(detail: &str) -> PetitionError {
    PetitionError::File {
        message: detail.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_starts_are_made_inert_and_nothing_else_changes() {
        assert_eq!(
            inert("=HYPERLINK(\"http://x\")"),
            "'=HYPERLINK(\"http://x\")"
        );
        assert_eq!(inert("+44 20 7946 0000"), "'+44 20 7946 0000");
        assert_eq!(inert("-1"), "'-1");
        assert_eq!(inert("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(inert("\tx"), "'\tx");
        assert_eq!(inert("Ann = Bob"), "Ann = Bob");
        assert_eq!(inert("<script>"), "<script>");
        assert_eq!(inert(""), "");
        assert_eq!(inert("'tis"), "''tis");
    }

    #[test]
    fn the_guard_comes_off_again_and_nothing_else_does() {
        for cell in [
            "=1+1",
            "+44 20 7946 0000",
            "-1",
            "@x",
            "\tx",
            "'tis",
            "''",
            "O'Neil",
            "",
            "Ann",
        ] {
            assert_eq!(without_guard(&inert(cell)), cell, "{cell:?}");
        }
        assert_eq!(without_guard("'plain"), "'plain", "not a guard");
    }

    #[test]
    fn quotes_commas_and_new_lines_survive_a_round_trip() {
        let mut csv = csv::Writer::from_writer(Vec::new());
        let tricky = ["O'Neil, \"Mary\"", "line one\nline two", "محمد"];
        csv.write_record(tricky).unwrap();
        let bytes = csv.into_inner().unwrap();
        let mut back = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(&bytes[..]);
        let record = back.records().next().unwrap().unwrap();
        assert_eq!(record.iter().collect::<Vec<_>>(), tricky);
    }
}
