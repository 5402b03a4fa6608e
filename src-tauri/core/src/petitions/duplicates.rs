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

use std::borrow::Cow;
use std::collections::HashMap;

use rusqlite::{Connection, params};

use super::PetitionError;

/// What the rules look at in one signature. Read from the data, it owns its text; taken
/// from rows being imported, it borrows theirs, so a big file is not held twice in memory.
#[derive(Debug, Clone)]
struct Keys<'a> {
    uid: Cow<'a, str>,
    signed_at: Cow<'a, str>,
    name_key: Option<Cow<'a, str>>,
    postcode: Option<Cow<'a, str>>,
    email_key: Option<Cow<'a, str>>,
}

/// An earlier signature with the same email: its uid, name key and postcode.
type SameEmail<'a> = (Cow<'a, str>, Option<Cow<'a, str>>, Option<Cow<'a, str>>);

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
    let earlier: Vec<SameEmail> = stmt
        .query_map(params![petition_id, email, me.signed_at, me.uid], |r| {
            let text = |n| -> rusqlite::Result<_> { Ok(r.get::<_, Option<String>>(n)?.map(owned)) };
            Ok((owned(r.get(0)?), text(1)?, text(2)?))
        })?
        .collect::<Result<_, _>>()?;
    Ok(email_rule(me, &earlier))
}

fn owned(text: String) -> Cow<'static, str> {
    Cow::Owned(text)
}

/// The email rule, given (up to two of) the earlier signatures with the same email.
fn email_rule(me: &Keys, earlier: &[SameEmail]) -> Option<String> {
    match earlier {
        [] => None,
        // A second person in the same household.
        [(_, name, postcode)]
            if name != &me.name_key && me.postcode.is_some() && postcode == &me.postcode =>
        {
            None
        }
        [(first, ..), ..] => Some(first.to_string()),
    }
}

fn keys_of(conn: &Connection, uid: &str) -> rusqlite::Result<Keys<'static>> {
    conn.query_row(
        "SELECT uid, signed_at, name_key, postcode, email_key FROM signatures WHERE uid = ?1",
        [uid],
        Keys::read,
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
    let mut to_check = vec![me.uid.to_string()];
    let text = |key: &Option<Cow<str>>| key.as_deref().map(String::from);
    let mut key_sets = vec![(text(&me.name_key), text(&me.postcode), text(&me.email_key))];
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

/// A signature just added by an import: its id, when it was signed and its keys.
pub(crate) struct AddedSignature<'a> {
    pub uid: &'a str,
    pub signed_at: &'a str,
    pub keys: AddedKeys<'a>,
}

/// Flags the rows of a petition's first import: the petition had no signatures before, so
/// the rows just added are all of it and the rules run over them in memory, with nothing read
/// back from the data file. Only the repeats found are written. Returns how many.
pub(crate) fn flag_first_import<'a>(
    conn: &Connection,
    added: impl IntoIterator<Item = AddedSignature<'a>>,
) -> Result<usize, PetitionError> {
    let mut rows: Vec<Stored> = added
        .into_iter()
        .map(|row| Stored {
            keys: Keys {
                uid: Cow::Borrowed(row.uid),
                signed_at: Cow::Borrowed(row.signed_at),
                name_key: Some(Cow::Borrowed(row.keys.name_key)),
                postcode: row.keys.postcode.map(Cow::Borrowed),
                email_key: row.keys.email_key.map(Cow::Borrowed),
            },
            was: None,
            live: true,
        })
        .collect();
    rows.sort_by(|a, b| (&a.keys.signed_at, &a.keys.uid).cmp(&(&b.keys.signed_at, &b.keys.uid)));
    let mut rules = Rules::default();
    let changes: Vec<(String, Option<String>)> = rows
        .into_iter()
        .filter_map(|row| rules.flag_change(row))
        .collect();
    apply(conn, &changes)?;
    Ok(changes.len())
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
    // Looked up in the indexes' own order, so each page of an index is read once, not once
    // for every key on it: at a million signatures the indexes outgrow SQLite's cache.
    let mut names = Vec::new();
    let mut emails = Vec::new();
    for keys in added {
        if let Some(postcode) = keys.postcode {
            names.push((keys.name_key, postcode));
        }
        if let Some(email) = keys.email_key {
            emails.push(email);
        }
    }
    names.sort_unstable();
    emails.sort_unstable();
    for (name_key, postcode) in names {
        groups.name(name_key, postcode)?;
    }
    for email in emails {
        groups.email(email)?;
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
    rows: HashMap<String, Stored<'static>>,
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
    rows: &mut HashMap<String, Stored<'static>>,
) -> rusqlite::Result<()> {
    while let Some(row) = found.next()? {
        let stored = Stored::read(row)?;
        rows.entry(stored.keys.uid.to_string()).or_insert(stored);
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
struct Stored<'a> {
    keys: Keys<'a>,
    was: Option<String>,
    live: bool,
}

impl Stored<'static> {
    fn read(row: &rusqlite::Row) -> rusqlite::Result<Self> {
        Ok(Stored {
            keys: Keys::read(row)?,
            was: row.get(5)?,
            live: row.get(6)?,
        })
    }
}

impl Keys<'_> {
    /// From the columns `uid, signed_at, name_key, postcode, email_key`.
    fn read(row: &rusqlite::Row) -> rusqlite::Result<Keys<'static>> {
        let text = |n| -> rusqlite::Result<_> { Ok(row.get::<_, Option<String>>(n)?.map(owned)) };
        Ok(Keys {
            uid: owned(row.get(0)?),
            signed_at: owned(row.get(1)?),
            name_key: text(2)?,
            postcode: text(3)?,
            email_key: text(4)?,
        })
    }
}

impl<'a> Keys<'a> {
    fn name_pair(&self) -> Option<(Cow<'a, str>, Cow<'a, str>)> {
        self.name_key.clone().zip(self.postcode.clone())
    }
}

/// The first (up to two) live signatures with one email.
type Earlier<'a> = Vec<SameEmail<'a>>;

/// The rules applied to signatures one by one in signing order: remembers the first live
/// signature of each name and postcode, and the first two of each email.
#[derive(Default)]
struct Rules<'a> {
    first_by_name: HashMap<(Cow<'a, str>, Cow<'a, str>), Cow<'a, str>>,
    by_email: HashMap<Cow<'a, str>, Earlier<'a>>,
}

impl<'a> Rules<'a> {
    /// The signature's new flag, when it differs from the one it has.
    fn flag_change(&mut self, row: Stored<'a>) -> Option<(String, Option<String>)> {
        let me = row.keys;
        let name_pair = me.name_pair();
        let by_name = name_pair
            .as_ref()
            .and_then(|pair| self.first_by_name.get(pair).map(|uid| uid.to_string()));
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
        (found != row.was).then(|| (me.uid.into_owned(), found))
    }
}
