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

/// The keys a newly added signature brings: what the repeat rules compare it by.
pub(crate) struct AddedKeys<'a> {
    pub name_key: &'a str,
    pub postcode: Option<&'a str>,
    pub email_key: Option<&'a str>,
}

/// After many signatures were added at once (a file import), works out the flags of every
/// signature that shares a name and postcode or an email with one of them, and only those:
/// no other flag can have changed. Much faster than [`recompute_all`] on a big petition.
///
/// The new rows' keys are known already, so this looks up each name and email group once
/// through its index and applies the rules in memory. (Gathering the same groups with SQL
/// joins and a sorted UNION took five seconds for 100,000 rows into a million.)
pub(crate) fn recompute_around<'a>(
    conn: &Connection,
    petition_id: i64,
    added: impl IntoIterator<Item = AddedKeys<'a>>,
) -> Result<usize, PetitionError> {
    let mut groups = Groups::new(conn, petition_id)?;
    for keys in added {
        if let Some(postcode) = keys.postcode {
            groups.name(keys.name_key, postcode)?;
        }
        if let Some(email) = keys.email_key {
            groups.email(email)?;
        }
    }
    // Every row sharing a key with a new one may change. Its own other keys are looked up
    // too, so each of its groups is complete when its flag is worked out.
    let affected: std::collections::HashSet<String> = groups.rows.keys().cloned().collect();
    let their_keys: Vec<Keys> = groups.rows.values().map(|row| row.keys.clone()).collect();
    for keys in their_keys {
        if let Some((name, postcode)) = keys.name_pair() {
            groups.name(&name, &postcode)?;
        }
        if let Some(email) = &keys.email_key {
            groups.email(email)?;
        }
    }
    let mut universe: Vec<Stored> = groups.rows.into_values().collect();
    universe
        .sort_by(|a, b| (&a.keys.signed_at, &a.keys.uid).cmp(&(&b.keys.signed_at, &b.keys.uid)));
    let mut rules = Rules::default();
    let changes: Vec<(String, Option<String>)> = universe
        .into_iter()
        .filter_map(|row| rules.flag_change(row))
        .filter(|(uid, _)| affected.contains(uid))
        .collect();
    apply(conn, &changes)?;
    Ok(changes.len())
}

/// The rows of one petition that share a name and postcode or an email with the keys asked
/// about, each group read once, keyed by uid.
struct Groups<'c> {
    by_name: rusqlite::CachedStatement<'c>,
    by_email: rusqlite::CachedStatement<'c>,
    petition_id: i64,
    names_seen: std::collections::HashSet<(String, String)>,
    emails_seen: std::collections::HashSet<String>,
    rows: HashMap<String, Stored>,
}

impl<'c> Groups<'c> {
    fn new(conn: &'c Connection, petition_id: i64) -> rusqlite::Result<Self> {
        let columns =
            format!("uid, signed_at, name_key, postcode, email_key, duplicate_of, {LIVE}");
        Ok(Groups {
            by_name: conn.prepare_cached(&format!(
                "SELECT {columns} FROM signatures
                 WHERE name_key = ?1 AND postcode = ?2 AND +petition_id = ?3"
            ))?,
            by_email: conn.prepare_cached(&format!(
                "SELECT {columns} FROM signatures WHERE email_key = ?1 AND +petition_id = ?2"
            ))?,
            petition_id,
            names_seen: Default::default(),
            emails_seen: Default::default(),
            rows: HashMap::new(),
        })
    }

    fn name(&mut self, name_key: &str, postcode: &str) -> rusqlite::Result<()> {
        if !self
            .names_seen
            .insert((name_key.to_owned(), postcode.to_owned()))
        {
            return Ok(());
        }
        let found = self
            .by_name
            .query(params![name_key, postcode, self.petition_id])?;
        keep_each(found, &mut self.rows)
    }

    fn email(&mut self, email_key: &str) -> rusqlite::Result<()> {
        if !self.emails_seen.insert(email_key.to_owned()) {
            return Ok(());
        }
        let found = self.by_email.query(params![email_key, self.petition_id])?;
        keep_each(found, &mut self.rows)
    }
}

/// Adds each row found to `rows`, once.
fn keep_each(
    mut found: rusqlite::Rows,
    rows: &mut HashMap<String, Stored>,
) -> rusqlite::Result<()> {
    while let Some(row) = found.next()? {
        let stored = Stored::read(row)?;
        rows.entry(stored.keys.uid.clone()).or_insert(stored);
    }
    Ok(())
}

/// Works out every signature's flag again, in one pass (after a bundle is merged in).
/// Returns how many flags changed.
pub(crate) fn recompute_all(conn: &Connection, petition_id: i64) -> Result<usize, PetitionError> {
    let sql = format!(
        "SELECT uid, signed_at, name_key, postcode, email_key, duplicate_of, {LIVE}
         FROM signatures WHERE petition_id = ?1 ORDER BY signed_at, uid"
    );
    let mut rules = Rules::default();
    let mut changes = Vec::new();
    {
        let mut stmt = conn.prepare(&sql)?;
        let mut rows = stmt.query([petition_id])?;
        while let Some(row) = rows.next()? {
            changes.extend(rules.flag_change(Stored::read(row)?));
        }
    }
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

/// A signature as stored: its keys, its current flag, and whether it counts as "before"
/// for later ones. Read from the columns `uid, signed_at, name_key, postcode, email_key,
/// duplicate_of, {LIVE}`.
struct Stored {
    keys: Keys,
    was: Option<String>,
    live: bool,
}

impl Stored {
    fn read(row: &rusqlite::Row) -> rusqlite::Result<Stored> {
        Ok(Stored {
            keys: Keys {
                uid: row.get(0)?,
                signed_at: row.get(1)?,
                name_key: row.get(2)?,
                postcode: row.get(3)?,
                email_key: row.get(4)?,
            },
            was: row.get(5)?,
            live: row.get(6)?,
        })
    }
}

impl Keys {
    fn name_pair(&self) -> Option<(String, String)> {
        self.name_key.clone().zip(self.postcode.clone())
    }
}

/// The first (up to two) live signatures with one email: their uid, name key and postcode.
type Earlier = Vec<(String, Option<String>, Option<String>)>;

/// The rules applied to signatures one by one in signing order: remembers the first live
/// signature of each name and postcode, and the first two of each email.
#[derive(Default)]
struct Rules {
    first_by_name: HashMap<(String, String), String>,
    by_email: HashMap<String, Earlier>,
}

impl Rules {
    /// The signature's new flag, when it differs from the one it has.
    fn flag_change(&mut self, row: Stored) -> Option<(String, Option<String>)> {
        let me = row.keys;
        let name_pair = me.name_pair();
        let by_name = name_pair
            .as_ref()
            .and_then(|pair| self.first_by_name.get(pair).cloned());
        let found = by_name.or_else(|| {
            me.email_key
                .as_ref()
                .and_then(|e| email_rule(&me, self.by_email.get(e).map_or(&[][..], |v| v)))
        });
        if row.live {
            if let Some(pair) = name_pair {
                self.first_by_name
                    .entry(pair)
                    .or_insert_with(|| me.uid.clone());
            }
            if let Some(email) = &me.email_key {
                let earlier = self.by_email.entry(email.clone()).or_default();
                if earlier.len() < 2 {
                    earlier.push((me.uid.clone(), me.name_key.clone(), me.postcode.clone()));
                }
            }
        }
        (found != row.was).then_some((me.uid, found))
    }
}
