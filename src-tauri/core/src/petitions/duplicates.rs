//! Spotting people who signed twice. Repeats are flagged for an organiser to decide on, never
//! dropped: a flagged signature still counts until someone rejects it.
//!
//! The rules, applied to each signature against the ones signed before it (by time, then id,
//! so every laptop reaches the same answer whatever order the signatures arrived in):
//! - the same name (compared loosely, see [`super::signer::name_key`]) and the same postcode;
//! - the same email (with Gmail-style aliases folded), except that two people of one household
//!   may share an email: a second signature is fine when its name differs and its postcode is
//!   the same. A third is flagged.
//!
//! Signatures withdrawn, erased or rejected by an organiser do not count as "before".

use std::collections::HashMap;

use rusqlite::{Connection, params};

use super::PetitionError;

/// What the rules look at in one signature.
#[derive(Debug, Clone)]
struct Keys {
    uid: String,
    signed_at: String,
    name_key: Option<String>,
    postcode: Option<String>,
    email_key: Option<String>,
}

// In the lookups below `+petition_id` tells SQLite not to use the petition index, so it uses
// the name or email index, which finds the few rows that matter.
const LIVE: &str = "erased = 0 AND withdrawn = 0 AND review != 'rejected'";

/// The earlier signature that `uid` repeats, if any.
fn repeats(conn: &Connection, petition_id: i64, me: &Keys) -> rusqlite::Result<Option<String>> {
    if let (Some(name), Some(postcode)) = (&me.name_key, &me.postcode) {
        let sql = format!(
            "SELECT uid FROM signatures
             WHERE +petition_id = ?1 AND name_key = ?2 AND postcode = ?3 AND {LIVE}
               AND (signed_at, uid) < (?4, ?5)
             ORDER BY signed_at, uid LIMIT 1"
        );
        let mut stmt = conn.prepare_cached(&sql)?;
        let mut rows = stmt.query(params![petition_id, name, postcode, me.signed_at, me.uid])?;
        if let Some(row) = rows.next()? {
            return row.get(0);
        }
    }
    let Some(email) = &me.email_key else {
        return Ok(None);
    };
    let sql = format!(
        "SELECT uid, name_key, postcode FROM signatures
         WHERE +petition_id = ?1 AND email_key = ?2 AND {LIVE} AND (signed_at, uid) < (?3, ?4)
         ORDER BY signed_at, uid LIMIT 2"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let earlier: Vec<(String, Option<String>, Option<String>)> = stmt
        .query_map(params![petition_id, email, me.signed_at, me.uid], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })?
        .collect::<Result<_, _>>()?;
    Ok(email_rule(me, &earlier))
}

/// The email rule, given (up to two of) the earlier signatures with the same email.
fn email_rule(me: &Keys, earlier: &[(String, Option<String>, Option<String>)]) -> Option<String> {
    match earlier {
        [] => None,
        // A second person in the same household.
        [(_, name, postcode)]
            if name != &me.name_key && me.postcode.is_some() && postcode == &me.postcode =>
        {
            None
        }
        [(first, ..), ..] => Some(first.clone()),
    }
}

fn keys_of(conn: &Connection, uid: &str) -> rusqlite::Result<Keys> {
    conn.query_row(
        "SELECT uid, signed_at, name_key, postcode, email_key FROM signatures WHERE uid = ?1",
        [uid],
        |r| {
            Ok(Keys {
                uid: r.get(0)?,
                signed_at: r.get(1)?,
                name_key: r.get(2)?,
                postcode: r.get(3)?,
                email_key: r.get(4)?,
            })
        },
    )
}

/// Re-checks one signature and every later one that shares its name and postcode or its
/// email, after it was added, changed, rejected or withdrawn. `old` holds keys it had
/// before a change, whose neighbours need checking too. Call inside the change's transaction.
pub(crate) fn refresh_around(
    conn: &Connection,
    petition_id: i64,
    uid: &str,
    old: Option<(Option<String>, Option<String>, Option<String>)>,
) -> Result<(), PetitionError> {
    let me = keys_of(conn, uid)?;
    let mut to_check = vec![me.uid.clone()];
    let mut key_sets = vec![(
        me.name_key.clone(),
        me.postcode.clone(),
        me.email_key.clone(),
    )];
    key_sets.extend(old);
    for (name, postcode, email) in key_sets {
        // Two lookups joined by UNION rather than one with OR, so each uses its index.
        let mut stmt = conn.prepare_cached(
            "SELECT uid, signed_at FROM signatures
             WHERE +petition_id = ?1 AND uid != ?2 AND name_key = ?3 AND postcode = ?4
             UNION
             SELECT uid, signed_at FROM signatures
             WHERE +petition_id = ?1 AND uid != ?2 AND email_key = ?5
             ORDER BY signed_at, uid",
        )?;
        let uids = stmt.query_map(params![petition_id, uid, name, postcode, email], |r| {
            r.get::<_, String>(0)
        })?;
        for other in uids {
            let other = other?;
            if !to_check.contains(&other) {
                to_check.push(other);
            }
        }
    }
    for other in to_check {
        let keys = keys_of(conn, &other)?;
        let found = repeats(conn, petition_id, &keys)?;
        conn.execute(
            "UPDATE signatures SET duplicate_of = ?2 WHERE uid = ?1 AND duplicate_of IS NOT ?2",
            params![other, found],
        )?;
    }
    Ok(())
}

/// After many signatures were added at once (a file import), works out the flags of every
/// signature that shares a name and postcode or an email with one of them, and only those:
/// no other flag can have changed. Much faster than [`recompute_all`] on a big petition.
pub(crate) fn recompute_around(
    conn: &Connection,
    petition_id: i64,
    uids: &[String],
) -> Result<usize, PetitionError> {
    conn.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS dup_uids (uid TEXT PRIMARY KEY);
         CREATE TEMP TABLE IF NOT EXISTS dup_names (name_key TEXT, postcode TEXT,
             PRIMARY KEY (name_key, postcode));
         CREATE TEMP TABLE IF NOT EXISTS dup_emails (email_key TEXT PRIMARY KEY);
         DELETE FROM dup_uids; DELETE FROM dup_names; DELETE FROM dup_emails;",
    )?;
    {
        let mut add = conn.prepare_cached("INSERT OR IGNORE INTO dup_uids (uid) VALUES (?1)")?;
        for uid in uids {
            add.execute([uid])?;
        }
    }
    // The keys of the new rows, then of every row sharing one of them (so each such row's
    // own name and email groups are complete when its flag is worked out). CROSS JOIN makes
    // SQLite start from these few keys and use the indexes, rather than read every signature.
    let gather_keys = "
        INSERT OR IGNORE INTO temp.dup_names
            SELECT name_key, postcode FROM signatures
            WHERE uid IN (SELECT uid FROM temp.dup_uids)
              AND name_key IS NOT NULL AND postcode IS NOT NULL;
        INSERT OR IGNORE INTO temp.dup_emails
            SELECT email_key FROM signatures
            WHERE uid IN (SELECT uid FROM temp.dup_uids) AND email_key IS NOT NULL;";
    conn.execute_batch(gather_keys)?;
    let neighbours = format!(
        "SELECT s.uid FROM temp.dup_names d
             CROSS JOIN signatures s ON s.name_key = d.name_key AND s.postcode = d.postcode
             WHERE +s.petition_id = {petition_id}
         UNION
         SELECT s.uid FROM temp.dup_emails e
             CROSS JOIN signatures s ON s.email_key = e.email_key
             WHERE +s.petition_id = {petition_id}"
    );
    let affected: std::collections::HashSet<String> = {
        let mut stmt = conn.prepare(&neighbours)?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        rows.collect::<Result<_, _>>()?
    };
    conn.execute_batch(&format!(
        "INSERT OR IGNORE INTO temp.dup_uids {neighbours};
         {gather_keys}"
    ))?;
    let universe = format!(
        "SELECT uid, signed_at, name_key, postcode, email_key, duplicate_of, {LIVE} FROM (
             SELECT s.* FROM temp.dup_names d
                 CROSS JOIN signatures s ON s.name_key = d.name_key AND s.postcode = d.postcode
                 WHERE +s.petition_id = ?1
             UNION
             SELECT s.* FROM temp.dup_emails e
                 CROSS JOIN signatures s ON s.email_key = e.email_key
                 WHERE +s.petition_id = ?1)
         ORDER BY signed_at, uid"
    );
    let changes = flags_in_order(conn, &universe, petition_id)?
        .into_iter()
        .filter(|(uid, _)| affected.contains(uid))
        .collect::<Vec<_>>();
    apply(conn, &changes)?;
    conn.execute_batch("DELETE FROM dup_uids; DELETE FROM dup_names; DELETE FROM dup_emails;")?;
    Ok(changes.len())
}

/// Works out every signature's flag again, in one pass (after a bundle is merged in).
/// Returns how many flags changed.
pub(crate) fn recompute_all(conn: &Connection, petition_id: i64) -> Result<usize, PetitionError> {
    let sql = format!(
        "SELECT uid, signed_at, name_key, postcode, email_key, duplicate_of, {LIVE}
         FROM signatures WHERE petition_id = ?1 ORDER BY signed_at, uid"
    );
    let changes = flags_in_order(conn, &sql, petition_id)?;
    apply(conn, &changes)?;
    Ok(changes.len())
}

fn apply(conn: &Connection, changes: &[(String, Option<String>)]) -> Result<(), PetitionError> {
    let mut update =
        conn.prepare_cached("UPDATE signatures SET duplicate_of = ?2 WHERE uid = ?1")?;
    for (uid, found) in changes {
        update.execute(params![uid, found])?;
    }
    Ok(())
}

/// Applies the rules to the rows `sql` gives (in signing order, with their current flag and
/// whether they are live); returns the rows whose flag should change, and to what.
fn flags_in_order(
    conn: &Connection,
    sql: &str,
    petition_id: i64,
) -> Result<Vec<(String, Option<String>)>, PetitionError> {
    let mut first_by_name: HashMap<(String, String), String> = HashMap::new();
    type Earlier = Vec<(String, Option<String>, Option<String>)>;
    let mut by_email: HashMap<String, Earlier> = HashMap::new();
    let mut changes: Vec<(String, Option<String>)> = Vec::new();
    {
        let mut stmt = conn.prepare(sql)?;
        let mut rows = stmt.query([petition_id])?;
        while let Some(row) = rows.next()? {
            let me = Keys {
                uid: row.get(0)?,
                signed_at: row.get(1)?,
                name_key: row.get(2)?,
                postcode: row.get(3)?,
                email_key: row.get(4)?,
            };
            let was: Option<String> = row.get(5)?;
            let live: bool = row.get(6)?;
            let name_pair = me.name_key.clone().zip(me.postcode.clone());
            let by_name = name_pair
                .as_ref()
                .and_then(|pair| first_by_name.get(pair).cloned());
            let found = by_name.or_else(|| {
                me.email_key
                    .as_ref()
                    .and_then(|e| email_rule(&me, by_email.get(e).map_or(&[][..], |v| v)))
            });
            if found != was {
                changes.push((me.uid.clone(), found));
            }
            if live {
                if let Some(pair) = name_pair {
                    first_by_name.entry(pair).or_insert_with(|| me.uid.clone());
                }
                if let Some(email) = &me.email_key {
                    let earlier = by_email.entry(email.clone()).or_default();
                    if earlier.len() < 2 {
                        earlier.push((me.uid.clone(), me.name_key.clone(), me.postcode.clone()));
                    }
                }
            }
        }
    }
    Ok(changes)
}
