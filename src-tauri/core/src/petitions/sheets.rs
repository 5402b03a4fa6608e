//! Paper sheets: numbered when printed, typed in line by line afterwards, and marked
//! "entered" then "checked" by the volunteers. Counting the filled lines on the paper and
//! comparing with what was typed catches a skipped line.

use chrono::Local;
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{PetitionError, petition, timestamp};
use crate::words;

/// Lines on one printed sheet (A4 portrait, large enough to write in).
pub const ROWS_PER_SHEET: u32 = 15;
/// More sheets than this in one go is almost certainly a typing slip.
pub const MAX_SHEETS_PER_BATCH: u32 = 200;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum SheetStatus {
    /// Some lines typed in.
    Entering,
    /// Whoever typed it says every line is in.
    Entered,
    /// A second person has checked it against the paper.
    Checked,
}

impl SheetStatus {
    fn as_str(self) -> &'static str {
        match self {
            SheetStatus::Entering => "entering",
            SheetStatus::Entered => "entered",
            SheetStatus::Checked => "checked",
        }
    }

    fn parse(text: &str) -> SheetStatus {
        match text {
            "entered" => SheetStatus::Entered,
            "checked" => SheetStatus::Checked,
            _ => SheetStatus::Entering,
        }
    }
}

/// One sheet's state, for the sheet-entry screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SheetSummary {
    pub sheet: u32,
    #[ts(type = "number | null")]
    pub stall_id: Option<i64>,
    pub status: SheetStatus,
    /// Lines typed in (not counting withdrawn ones).
    pub lines_typed: u32,
    /// Lines the volunteer counted on the paper, if they have said.
    pub lines_on_paper: Option<u32>,
    /// Line numbers between 1 and the last typed line that have nothing typed.
    pub gaps: Vec<u32>,
    /// A plain-words warning when the counts do not agree.
    pub warning: Option<String>,
}

/// Sheets printed in one go.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SheetBatch {
    pub first_sheet: u32,
    pub last_sheet: u32,
    pub notice_version: u32,
}

pub(crate) fn check_line(line: u32, sheet: u32) -> Result<(), PetitionError> {
    if sheet == 0 || !(1..=ROWS_PER_SHEET).contains(&line) {
        return Err(PetitionError::NoSuchLine {
            sheet,
            line,
            rows: ROWS_PER_SHEET,
        });
    }
    Ok(())
}

/// Numbers the next `count` sheets for printing, remembering which notice they carry.
pub fn reserve(
    conn: &Connection,
    petition_id: i64,
    count: u32,
) -> Result<SheetBatch, PetitionError> {
    let petition = petition::get(conn, petition_id)?;
    let count = count.clamp(1, MAX_SHEETS_PER_BATCH);
    let last_printed: Option<u32> = conn.query_row(
        "SELECT max(last_sheet) FROM sheet_batches WHERE petition_id = ?1",
        [petition_id],
        |r| r.get(0),
    )?;
    let last_typed: Option<u32> = conn.query_row(
        "SELECT max(sheet) FROM sheets WHERE petition_id = ?1",
        [petition_id],
        |r| r.get(0),
    )?;
    let first = last_printed.max(last_typed).unwrap_or(0) + 1;
    let batch = SheetBatch {
        first_sheet: first,
        last_sheet: first + count - 1,
        notice_version: petition.notice_version,
    };
    conn.execute(
        "INSERT INTO sheet_batches (petition_id, first_sheet, last_sheet, notice_version, printed_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            petition_id,
            batch.first_sheet,
            batch.last_sheet,
            batch.notice_version,
            timestamp(Local::now())
        ],
    )?;
    Ok(batch)
}

/// The notice version printed on `sheet`, if the sheet was printed by this app.
pub(crate) fn notice_version_for(
    conn: &Connection,
    petition_id: i64,
    sheet: u32,
) -> Result<Option<u32>, PetitionError> {
    Ok(conn
        .query_row(
            "SELECT notice_version FROM sheet_batches
             WHERE petition_id = ?1 AND first_sheet <= ?2 AND last_sheet >= ?2",
            params![petition_id, sheet],
            |r| r.get(0),
        )
        .optional()?)
}

/// Records that a line of `sheet` was typed (the sheet is "entering" until marked otherwise).
pub(crate) fn note_entry(
    conn: &Connection,
    petition_id: i64,
    sheet: u32,
    stall_id: Option<i64>,
) -> Result<(), PetitionError> {
    conn.execute(
        "INSERT INTO sheets (petition_id, sheet, stall_id, status) VALUES (?1, ?2, ?3, 'entering')
         ON CONFLICT (petition_id, sheet) DO UPDATE SET stall_id = coalesce(?3, stall_id)",
        params![petition_id, sheet, stall_id],
    )?;
    Ok(())
}

/// Marks a sheet entered or checked, with the number of filled lines counted on the paper.
pub fn set_status(
    conn: &Connection,
    petition_id: i64,
    sheet: u32,
    status: SheetStatus,
    lines_on_paper: Option<u32>,
) -> Result<SheetSummary, PetitionError> {
    check_line(1, sheet)?;
    if let Some(lines) = lines_on_paper
        && lines > ROWS_PER_SHEET
    {
        return Err(PetitionError::NoSuchLine {
            sheet,
            line: lines,
            rows: ROWS_PER_SHEET,
        });
    }
    conn.execute(
        "INSERT INTO sheets (petition_id, sheet, status, lines_on_paper) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (petition_id, sheet) DO UPDATE SET status = ?3,
             lines_on_paper = coalesce(?4, lines_on_paper)",
        params![petition_id, sheet, status.as_str(), lines_on_paper],
    )?;
    summary(conn, petition_id, sheet)
}

/// One sheet's state, with the line-count check.
pub fn summary(
    conn: &Connection,
    petition_id: i64,
    sheet: u32,
) -> Result<SheetSummary, PetitionError> {
    let row: Option<(Option<i64>, String, Option<u32>)> = conn
        .query_row(
            "SELECT stall_id, status, lines_on_paper FROM sheets
             WHERE petition_id = ?1 AND sheet = ?2",
            params![petition_id, sheet],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let (stall_id, status, lines_on_paper) = row.unwrap_or((None, "entering".into(), None));
    let mut stmt = conn.prepare_cached(
        "SELECT line FROM signatures WHERE petition_id = ?1 AND sheet = ?2 AND withdrawn = 0
         ORDER BY line",
    )?;
    let lines: Vec<u32> = stmt
        .query_map(params![petition_id, sheet], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let last = lines.last().copied().unwrap_or(0);
    let gaps: Vec<u32> = (1..=last).filter(|l| !lines.contains(l)).collect();
    let typed = lines.len() as u32;
    let warning = line_check(sheet, typed, lines_on_paper, &gaps);
    Ok(SheetSummary {
        sheet,
        stall_id,
        status: SheetStatus::parse(&status),
        lines_typed: typed,
        lines_on_paper,
        gaps,
        warning,
    })
}

fn line_check(sheet: u32, typed: u32, on_paper: Option<u32>, gaps: &[u32]) -> Option<String> {
    let gap_words = match gaps {
        [] => String::new(),
        [one] => format!(" Line {one} has nothing typed."),
        many => format!(
            " Lines {} have nothing typed.",
            many.iter()
                .map(u32::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    match on_paper {
        Some(paper) if paper != typed => Some(format!(
            "Sheet {sheet}: {} on the paper, {typed} typed in.{gap_words}",
            words::count(paper, "line", "lines")
        )),
        _ if !gaps.is_empty() => Some(format!("Sheet {sheet}:{gap_words}")),
        _ => None,
    }
}

/// Every sheet typed or printed for a petition, in order.
pub fn list(conn: &Connection, petition_id: i64) -> Result<Vec<SheetSummary>, PetitionError> {
    let mut stmt =
        conn.prepare("SELECT sheet FROM sheets WHERE petition_id = ?1 ORDER BY sheet")?;
    let numbers: Vec<u32> = stmt
        .query_map([petition_id], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    numbers
        .into_iter()
        .map(|n| summary(conn, petition_id, n))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_check_names_what_is_missing() {
        assert_eq!(line_check(4, 15, Some(15), &[]), None);
        assert_eq!(
            line_check(4, 14, Some(15), &[12]).as_deref(),
            Some("Sheet 4: 15 lines on the paper, 14 typed in. Line 12 has nothing typed.")
        );
        assert_eq!(
            line_check(2, 3, None, &[2, 4]).as_deref(),
            Some("Sheet 2: Lines 2, 4 have nothing typed.")
        );
    }
}
