//! The running tallies behind the progress figures (`signature_tallies`, data version 7).
//!
//! Triggers keep them in step with the signatures, one row at a time, inside the same
//! transaction as the change, so the two can never disagree. For a big import the insert
//! trigger cost about a fifth of adding each row (a program of its own, a second read of the
//! row just written, an update of a tally), and because it writes to a second table SQLite
//! also kept a copy of every page the INSERT changed, to undo it should it fail.
//!
//! So an import sets that trigger aside, adds its rows, then counts them all at once and
//! puts the trigger back, all in its one transaction. Should anything fail in between,
//! rolling the transaction back brings the trigger back with everything else; nothing else
//! writes meanwhile, as the import holds the data file's write lock.

use std::collections::HashMap;

use rusqlite::{OptionalExtension, Transaction, params};

use super::PetitionError;

/// The trigger that counts each new signature.
const INSERT_TRIGGER: &str = "signature_tally_insert";

/// One row of `signature_tallies` without its count.
#[derive(PartialEq, Eq, Hash)]
struct TallyKey {
    petition_id: i64,
    day: String,
    stall_id: i64,
    source: String,
    district: String,
    state: String,
    flagged: bool,
    opted_in: bool,
}

/// The insert trigger, taken out until [`TriggerSetAside::count_and_restore`]. Its SQL is
/// kept as the data file had it, so it comes back exactly as it was.
#[must_use = "the tallies miss every row added until the trigger is restored"]
pub(crate) struct TriggerSetAside {
    /// `None` when the data file has no such trigger, so no tallies to keep.
    sql: Option<String>,
}

/// Takes the insert trigger out for the rest of `tx`, or until it is restored.
pub(crate) fn set_insert_trigger_aside(tx: &Transaction) -> Result<TriggerSetAside, PetitionError> {
    let sql: Option<String> = tx
        .query_row(
            "SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = ?1",
            [INSERT_TRIGGER],
            |r| r.get(0),
        )
        .optional()?;
    // Only a safeguard: a data file older than version 7 is upgraded before anything reads
    // or writes it.
    if sql.is_some() {
        tx.execute_batch(&format!("DROP TRIGGER {INSERT_TRIGGER}"))?;
    }
    Ok(TriggerSetAside { sql })
}

impl TriggerSetAside {
    /// Counts every signature with an id above `last_id_before` (new rows get ids above every
    /// existing one) into the tallies, as the trigger would have one by one, then puts the
    /// trigger back.
    pub(crate) fn count_and_restore(
        self,
        tx: &Transaction,
        last_id_before: i64,
    ) -> Result<(), PetitionError> {
        let Some(sql) = self.sql else { return Ok(()) };
        add_to_tallies(tx, count_rows_above(tx, last_id_before)?)?;
        tx.execute_batch(&sql)?;
        Ok(())
    }
}

/// How many signatures above `last_id` fall in each tally. Counted here rather than by SQL's
/// GROUP BY, which sorts every row first and took twice as long for a big import; the view
/// still says which tally each row belongs to.
fn count_rows_above(
    tx: &Transaction,
    last_id: i64,
) -> Result<HashMap<TallyKey, i64>, PetitionError> {
    let mut counts: HashMap<TallyKey, i64> = HashMap::new();
    let mut keys = tx.prepare(
        "SELECT petition_id, day, stall_id, source, district, state, flagged, opted_in
         FROM signature_tally_keys WHERE id > ?1",
    )?;
    let mut rows = keys.query([last_id])?;
    while let Some(row) = rows.next()? {
        let key = TallyKey {
            petition_id: row.get(0)?,
            day: row.get(1)?,
            stall_id: row.get(2)?,
            source: row.get(3)?,
            district: row.get(4)?,
            state: row.get(5)?,
            flagged: row.get(6)?,
            opted_in: row.get(7)?,
        };
        *counts.entry(key).or_default() += 1;
    }
    Ok(counts)
}

fn add_to_tallies(tx: &Transaction, counts: HashMap<TallyKey, i64>) -> Result<(), PetitionError> {
    let mut add = tx.prepare(
        "INSERT INTO signature_tallies
             (petition_id, day, stall_id, source, district, state, flagged, opted_in, n)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
         ON CONFLICT DO UPDATE SET n = n + excluded.n",
    )?;
    for (k, n) in counts {
        add.execute(params![
            k.petition_id,
            k.day,
            k.stall_id,
            k.source,
            k.district,
            k.state,
            k.flagged,
            k.opted_in,
            n
        ])?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use rusqlite::Connection;

    use super::*;
    use crate::store::migrations::{LATEST_VERSION, migrate_to};

    fn trigger_sql(conn: &Connection) -> Option<String> {
        conn.query_row(
            "SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = ?1",
            [INSERT_TRIGGER],
            |r| r.get(0),
        )
        .optional()
        .expect("schema read")
    }

    /// An import that fails part way is rolled back, and the trigger with it: the next
    /// signature is counted as usual.
    #[test]
    fn a_rolled_back_import_brings_the_trigger_back() {
        let mut conn = Connection::open_in_memory().expect("opened");
        migrate_to(&mut conn, LATEST_VERSION).expect("migrated");
        let before = trigger_sql(&conn).expect("the trigger is there");
        {
            let tx = conn.transaction().expect("transaction");
            let _aside = set_insert_trigger_aside(&tx).expect("set aside");
            assert_eq!(trigger_sql(&tx), None, "taken out inside the transaction");
            // Dropped without commit: rolled back.
        }
        assert_eq!(trigger_sql(&conn), Some(before));
    }
}
