//! The audit log: what was done to the data and when (upgrades, restores, and later exports
//! and erasures of personal data). Entries are never edited.

use chrono::{DateTime, Local};
use rusqlite::{Connection, params};

/// One line of the audit log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    pub at: String,
    pub action: String,
    pub detail: String,
}

pub fn record(
    conn: &Connection,
    action: &str,
    detail: &str,
    at: DateTime<Local>,
) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO audit_log (at, action, detail) VALUES (?1, ?2, ?3)",
        params![at.format("%Y-%m-%dT%H:%M:%S").to_string(), action, detail],
    )?;
    Ok(())
}

/// The newest entries first.
pub fn recent(conn: &Connection, limit: u32) -> rusqlite::Result<Vec<AuditEntry>> {
    let mut stmt =
        conn.prepare("SELECT at, action, detail FROM audit_log ORDER BY id DESC LIMIT ?1")?;
    let rows = stmt.query_map([limit], |r| {
        Ok(AuditEntry {
            at: r.get(0)?,
            action: r.get(1)?,
            detail: r.get(2)?,
        })
    })?;
    rows.collect()
}
