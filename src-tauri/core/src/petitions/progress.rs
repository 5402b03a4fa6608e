//! Progress to the target: every signature counts, paper and kiosk alike, except repeats an
//! organiser has rejected and signatures withdrawn at the signer's request. Flagged repeats
//! not yet reviewed still count, and the page says how many there are.

use rusqlite::{Connection, params};
use serde::Serialize;
use ts_rs::TS;

use super::{PetitionError, petition};
use crate::words;

/// Counted signatures: not rejected as a repeat, not withdrawn.
pub(crate) const COUNTED: &str = "withdrawn = 0 AND review != 'rejected'";
/// How many districts the page lists before "other districts".
const TOP_DISTRICTS: usize = 30;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Progress {
    /// Counted signatures.
    pub valid: u32,
    pub target: u32,
    /// Flagged as possible repeats, waiting for an organiser (included in `valid`).
    pub flagged: u32,
    /// Rejected as repeats (not in `valid`).
    pub rejected: u32,
    /// Withdrawn at the signer's request (not in `valid`).
    pub withdrawn: u32,
    /// What "valid" means, in words, for the page.
    pub valid_means: String,
    pub by_day: Vec<Tally>,
    pub by_stall: Vec<Tally>,
    pub by_source: Vec<Tally>,
    pub by_district: Vec<Tally>,
    pub opted_in: u32,
}

/// One bar of a chart: a label and a count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Tally {
    pub label: String,
    pub count: u32,
}

pub fn progress(conn: &Connection, petition_id: i64) -> Result<Progress, PetitionError> {
    let petition = petition::get(conn, petition_id)?;
    // The running tallies (kept by triggers, see migration 7): a few hundred rows at most.
    let (valid, flagged, rejected, withdrawn, opted_in): (u32, u32, u32, u32, u32) = conn
        .query_row(
            "SELECT coalesce(sum(CASE WHEN state = 'counted' THEN n END), 0),
                    coalesce(sum(CASE WHEN flagged THEN n END), 0),
                    coalesce(sum(CASE WHEN state = 'rejected' THEN n END), 0),
                    coalesce(sum(CASE WHEN state = 'withdrawn' THEN n END), 0),
                    coalesce(sum(CASE WHEN opted_in AND state = 'counted' THEN n END), 0)
             FROM signature_tallies WHERE petition_id = ?1",
            [petition_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )?;
    let by_day = tallies(conn, petition_id, "day", "label", usize::MAX)?;
    let by_stall = tallies(
        conn,
        petition_id,
        "coalesce((SELECT place || ', ' || held_on FROM stalls WHERE stalls.id = stall_id),
                  'No stall')",
        "count DESC, label",
        usize::MAX,
    )?;
    let by_source = tallies(
        conn,
        petition_id,
        "CASE source WHEN 'kiosk' THEN 'Kiosk' WHEN 'paper' THEN 'Paper sheets'
                     WHEN 'import' THEN 'Imported files' ELSE 'Typed in' END",
        "count DESC, label",
        usize::MAX,
    )?;
    let by_district = tallies(
        conn,
        petition_id,
        "CASE district WHEN '' THEN 'No postcode' ELSE district END",
        "count DESC, label",
        TOP_DISTRICTS,
    )?;
    Ok(Progress {
        valid,
        target: petition.draft.target,
        flagged,
        rejected,
        withdrawn,
        valid_means: valid_means(flagged, rejected, withdrawn),
        by_day,
        by_stall,
        by_source,
        by_district,
        opted_in,
    })
}

fn valid_means(flagged: u32, rejected: u32, withdrawn: u32) -> String {
    let mut text = String::from(
        "Counted: every signature from the kiosk, paper sheets and files, except repeats an \
         organiser has rejected and signatures withdrawn at the signer's request.",
    );
    if rejected + withdrawn > 0 {
        let rejected = words::count(rejected, "rejected as a repeat", "rejected as repeats");
        text.push_str(&format!(" Not counted: {rejected}, {withdrawn} withdrawn."));
    }
    if flagged > 0 {
        let waiting = if flagged == 1 {
            "1 possible repeat is".to_string()
        } else {
            format!("{flagged} possible repeats are")
        };
        text.push_str(&format!(
            " {waiting} waiting for review and counted until then."
        ));
    }
    text
}

/// Counted signatures grouped by `label_sql`, at most `top` groups (the rest summed as
/// "Other districts").
fn tallies(
    conn: &Connection,
    petition_id: i64,
    label_sql: &str,
    order: &str,
    top: usize,
) -> Result<Vec<Tally>, PetitionError> {
    let sql = format!(
        "SELECT {label_sql} AS label, sum(n) AS count FROM signature_tallies
         WHERE petition_id = ?1 AND state = 'counted' GROUP BY label HAVING count > 0
         ORDER BY {order}"
    );
    let mut stmt = conn.prepare(&sql)?;
    let all: Vec<Tally> = stmt
        .query_map(params![petition_id], |r| {
            Ok(Tally {
                label: r.get(0)?,
                count: r.get(1)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    if all.len() <= top {
        return Ok(all);
    }
    let rest: u32 = all[top..].iter().map(|t| t.count).sum();
    let mut shown = all[..top].to_vec();
    shown.push(Tally {
        label: format!("Other districts ({})", all.len() - top),
        count: rest,
    });
    Ok(shown)
}
