//! Numbered schema migrations. The database's `user_version` is the number of the last one
//! applied. Each runs in its own transaction together with the version bump, so a crash in the
//! middle leaves the database at the previous version, never half-way.
//!
//! To change the schema: append a migration. Never edit one that has shipped.

use rusqlite::Connection;

pub struct Migration {
    pub version: i64,
    pub what: &'static str,
    pub sql: &'static str,
}

pub const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        what: "audit log",
        sql: "CREATE TABLE audit_log (
                  id INTEGER PRIMARY KEY,
                  at TEXT NOT NULL,          -- local time, ISO 8601
                  action TEXT NOT NULL,      -- e.g. 'backup_restored'
                  detail TEXT NOT NULL DEFAULT ''
              );",
    },
    Migration {
        version: 2,
        what: "our group's details",
        sql: "CREATE TABLE group_profile (
                  id INTEGER PRIMARY KEY CHECK (id = 1),  -- one group per data folder
                  name TEXT NOT NULL DEFAULT '',
                  contact_email TEXT NOT NULL DEFAULT '',
                  phone TEXT NOT NULL DEFAULT '',
                  website TEXT NOT NULL DEFAULT '',
                  local_area TEXT NOT NULL DEFAULT '',
                  brand_colour TEXT NOT NULL DEFAULT '#005EB8',
                  logo BLOB,
                  logo_mime TEXT,
                  logo_width INTEGER,
                  logo_height INTEGER,
                  updated_at TEXT
              );
              INSERT INTO group_profile (id) VALUES (1);",
    },
    Migration {
        version: 3,
        what: "briefings and their search index",
        sql: "CREATE TABLE briefings (
                  key INTEGER PRIMARY KEY,
                  id TEXT NOT NULL,
                  origin TEXT NOT NULL CHECK (origin IN ('bundled', 'group')),
                  version INTEGER NOT NULL,
                  title TEXT NOT NULL,
                  summary TEXT NOT NULL,
                  meta_json TEXT NOT NULL,       -- BriefingMeta
                  sections_json TEXT NOT NULL,   -- Vec<Section>, HTML already sanitised
                  markdown TEXT NOT NULL,        -- the file as written, for export
                  updated_at TEXT NOT NULL,
                  UNIQUE (origin, id)
              );
              -- One row per section, so a hit can jump to the right heading. Porter stemming:
              -- 'hospitals' finds 'hospital'.
              CREATE VIRTUAL TABLE briefing_search USING fts5(
                  title, heading, body,
                  briefing_key UNINDEXED, anchor UNINDEXED,
                  tokenize = 'porter unicode61 remove_diacritics 2',
                  prefix = '2 3 4'   -- prefix indexes: results as you type stay fast
              );
              -- Title matches weigh most, then headings, then text.
              INSERT INTO briefing_search (briefing_search, rank) VALUES ('rank', 'bm25(10.0, 4.0, 1.0)');",
    },
    Migration {
        version: 4,
        what: "pictures inside the group's own briefings",
        // Keyed by the briefing's id rather than its row, because an update replaces the row.
        sql: "CREATE TABLE briefing_images (
                  briefing_id TEXT NOT NULL,
                  name TEXT NOT NULL,          -- as written in the Markdown: images/NAME
                  mime TEXT NOT NULL CHECK (mime IN ('image/png', 'image/jpeg')),
                  bytes BLOB NOT NULL,
                  PRIMARY KEY (briefing_id, name)
              );",
    },
    Migration {
        version: 5,
        what: "leaflet and poster designs",
        // The design itself is JSON (print::design::Design), so a new field needs no
        // migration; the photo is kept beside it as it came, and scaled only when printed.
        sql: "CREATE TABLE designs (
                  id INTEGER PRIMARY KEY,
                  name TEXT NOT NULL,
                  template TEXT NOT NULL,
                  design TEXT NOT NULL,
                  photo BLOB,
                  updated_at TEXT NOT NULL
              );",
    },
    Migration {
        version: 6,
        what: "petitions, their stalls, paper sheets and signatures",
        // `uid`s are the same on every laptop, so bundles from two laptops merge row by row.
        // A signature's personal fields become NULL when erased; the row stays, so the counts
        // (per day, stall and district) are kept.
        sql: "CREATE TABLE petitions (
                  id INTEGER PRIMARY KEY,
                  uid TEXT NOT NULL UNIQUE,
                  code TEXT NOT NULL,              -- printed on every paper sheet
                  title TEXT NOT NULL,
                  background TEXT NOT NULL,        -- the full text: why
                  prayer TEXT NOT NULL,            -- the request
                  addressee_kind TEXT NOT NULL
                      CHECK (addressee_kind IN ('council', 'mp', 'ics_board', 'commons', 'other')),
                  addressee TEXT NOT NULL,
                  petitioners TEXT NOT NULL,       -- 'residents of Camden', for the Commons form
                  target INTEGER NOT NULL CHECK (target > 0),
                  deadline TEXT,                   -- YYYY-MM-DD
                  ask_postcode INTEGER NOT NULL,
                  ask_email INTEGER NOT NULL,
                  ask_phone INTEGER NOT NULL,
                  opt_in_text TEXT,                -- NULL: no 'keep me informed' box
                  status TEXT NOT NULL CHECK (status IN ('open', 'closed', 'handed_in')),
                  handed_in_on TEXT,
                  retention_months INTEGER NOT NULL DEFAULT 6,
                  erased_on TEXT,                  -- personal data erased after hand-in
                  created_at TEXT NOT NULL,
                  updated_at TEXT NOT NULL
              );
              CREATE TABLE privacy_notices (
                  petition_id INTEGER NOT NULL REFERENCES petitions(id) ON DELETE CASCADE,
                  version INTEGER NOT NULL,
                  text TEXT NOT NULL,
                  created_at TEXT NOT NULL,
                  PRIMARY KEY (petition_id, version)
              );
              CREATE TABLE stalls (
                  id INTEGER PRIMARY KEY,
                  uid TEXT NOT NULL UNIQUE,
                  petition_id INTEGER NOT NULL REFERENCES petitions(id) ON DELETE CASCADE,
                  place TEXT NOT NULL,
                  held_on TEXT NOT NULL,           -- YYYY-MM-DD
                  volunteers TEXT NOT NULL DEFAULT ''
              );
              -- Blank sheets printed, so a typed-in line knows which notice its signer saw.
              CREATE TABLE sheet_batches (
                  petition_id INTEGER NOT NULL REFERENCES petitions(id) ON DELETE CASCADE,
                  first_sheet INTEGER NOT NULL,
                  last_sheet INTEGER NOT NULL,
                  notice_version INTEGER NOT NULL,
                  printed_at TEXT NOT NULL,
                  PRIMARY KEY (petition_id, first_sheet)
              );
              CREATE TABLE sheets (
                  petition_id INTEGER NOT NULL REFERENCES petitions(id) ON DELETE CASCADE,
                  sheet INTEGER NOT NULL,
                  stall_id INTEGER REFERENCES stalls(id) ON DELETE SET NULL,
                  lines_on_paper INTEGER,          -- counted by the person typing it in
                  status TEXT NOT NULL CHECK (status IN ('entering', 'entered', 'checked')),
                  PRIMARY KEY (petition_id, sheet)
              );
              CREATE TABLE signatures (
                  id INTEGER PRIMARY KEY,
                  uid TEXT NOT NULL UNIQUE,
                  petition_id INTEGER NOT NULL REFERENCES petitions(id) ON DELETE CASCADE,
                  stall_id INTEGER REFERENCES stalls(id) ON DELETE SET NULL,
                  source TEXT NOT NULL CHECK (source IN ('kiosk', 'paper', 'import', 'typed')),
                  sheet INTEGER,
                  line INTEGER,
                  name TEXT,
                  name_key TEXT,
                  postcode TEXT,
                  district TEXT,                   -- kept after erasure, for the counts
                  email TEXT,
                  email_key TEXT,
                  phone TEXT,
                  opted_in INTEGER NOT NULL DEFAULT 0,
                  notice_version INTEGER,          -- NULL: not known (imported from elsewhere)
                  signed_at TEXT NOT NULL,         -- local time, ISO 8601
                  duplicate_of TEXT,               -- uid of the earlier signature it repeats
                  review TEXT NOT NULL DEFAULT 'none'
                      CHECK (review IN ('none', 'kept', 'rejected')),
                  withdrawn INTEGER NOT NULL DEFAULT 0,  -- erased on request before hand-in
                  erased INTEGER NOT NULL DEFAULT 0,
                  revision INTEGER NOT NULL DEFAULT 1,
                  updated_at TEXT NOT NULL
              );
              CREATE INDEX signatures_by_petition ON signatures (petition_id, signed_at);
              CREATE INDEX signatures_by_email ON signatures (petition_id, email_key)
                  WHERE email_key IS NOT NULL;
              CREATE INDEX signatures_by_name ON signatures (petition_id, name_key, postcode)
                  WHERE name_key IS NOT NULL;
              CREATE INDEX signatures_by_sheet ON signatures (petition_id, sheet, line)
                  WHERE sheet IS NOT NULL;
              CREATE TABLE settings (
                  key TEXT PRIMARY KEY,            -- e.g. 'kiosk_pin'
                  value TEXT NOT NULL
              );",
    },
    Migration {
        version: 7,
        what: "petition counts kept up to date, and faster repeat checks",
        // Progress figures read these running tallies (a few hundred rows) instead of
        // scanning a million signatures. Triggers keep them in step inside the same
        // transaction as the change, so they can never disagree with the signatures.
        sql: "DROP INDEX signatures_by_email;
              DROP INDEX signatures_by_name;
              -- Name or email first: the repeat checks look these up directly.
              CREATE INDEX signatures_by_name_key ON signatures (name_key, postcode);
              CREATE INDEX signatures_by_email_key ON signatures (email_key);
              CREATE TABLE signature_tallies (
                  petition_id INTEGER NOT NULL REFERENCES petitions(id) ON DELETE CASCADE,
                  day TEXT NOT NULL,
                  stall_id INTEGER NOT NULL,       -- 0: no stall
                  source TEXT NOT NULL,
                  district TEXT NOT NULL,          -- '': no postcode
                  state TEXT NOT NULL,             -- counted, rejected or withdrawn
                  flagged INTEGER NOT NULL,        -- a possible repeat waiting for review
                  opted_in INTEGER NOT NULL,       -- ticked the box and not erased
                  n INTEGER NOT NULL,
                  PRIMARY KEY (petition_id, day, stall_id, source, district, state, flagged,
                               opted_in)
              ) WITHOUT ROWID;
              CREATE VIEW signature_tally_keys AS
                  SELECT id, petition_id, substr(signed_at, 1, 10) AS day,
                         coalesce(stall_id, 0) AS stall_id, source,
                         coalesce(district, '') AS district,
                         CASE WHEN withdrawn THEN 'withdrawn'
                              WHEN review = 'rejected' THEN 'rejected'
                              ELSE 'counted' END AS state,
                         (duplicate_of IS NOT NULL AND review = 'none' AND NOT withdrawn)
                             AS flagged,
                         (opted_in AND NOT erased) AS opted_in
                  FROM signatures;
              CREATE TRIGGER signature_tally_insert AFTER INSERT ON signatures BEGIN
                  INSERT INTO signature_tallies
                      SELECT petition_id, day, stall_id, source, district, state, flagged,
                             opted_in, 1
                      FROM signature_tally_keys WHERE id = NEW.id
                  ON CONFLICT DO UPDATE SET n = n + 1;
              END;
              CREATE TRIGGER signature_tally_delete BEFORE DELETE ON signatures BEGIN
                  UPDATE signature_tallies SET n = n - 1
                  WHERE (petition_id, day, stall_id, source, district, state, flagged, opted_in)
                      = (SELECT petition_id, day, stall_id, source, district, state, flagged,
                                opted_in
                         FROM signature_tally_keys WHERE id = OLD.id);
              END;
              CREATE TRIGGER signature_tally_before_update BEFORE UPDATE OF signed_at, stall_id,
                      source, district, withdrawn, review, duplicate_of, opted_in, erased
                  ON signatures BEGIN
                  UPDATE signature_tallies SET n = n - 1
                  WHERE (petition_id, day, stall_id, source, district, state, flagged, opted_in)
                      = (SELECT petition_id, day, stall_id, source, district, state, flagged,
                                opted_in
                         FROM signature_tally_keys WHERE id = OLD.id);
              END;
              CREATE TRIGGER signature_tally_after_update AFTER UPDATE OF signed_at, stall_id,
                      source, district, withdrawn, review, duplicate_of, opted_in, erased
                  ON signatures BEGIN
                  INSERT INTO signature_tallies
                      SELECT petition_id, day, stall_id, source, district, state, flagged,
                             opted_in, 1
                      FROM signature_tally_keys WHERE id = NEW.id
                  ON CONFLICT DO UPDATE SET n = n + 1;
              END;
              INSERT INTO signature_tallies
                  SELECT petition_id, day, stall_id, source, district, state, flagged,
                         opted_in, count(*)
                  FROM signature_tally_keys
                  GROUP BY petition_id, day, stall_id, source, district, state, flagged,
                           opted_in;",
    },
    Migration {
        version: 8,
        what: "letters, motions, press releases and FOI requests, and the people written to",
        sql: "CREATE TABLE people (
                  id INTEGER PRIMARY KEY,
                  name TEXT NOT NULL,
                  role TEXT NOT NULL,
                  organisation TEXT NOT NULL,
                  address TEXT NOT NULL,           -- lines, the post town last
                  postcode TEXT NOT NULL,
                  email TEXT NOT NULL,
                  area TEXT NOT NULL,              -- constituency or ward
                  notes TEXT NOT NULL,
                  created_at TEXT NOT NULL,
                  updated_at TEXT NOT NULL
              );
              CREATE TABLE paperwork (
                  id INTEGER PRIMARY KEY,
                  text TEXT NOT NULL,              -- JSON: the words (paperwork::documents)
                  state TEXT NOT NULL DEFAULT 'draft'
                      CHECK (state IN ('draft', 'sent', 'replied', 'noReply')),
                  sent_on TEXT,                    -- YYYY-MM-DD
                  sent_how TEXT,
                  sent_to TEXT NOT NULL DEFAULT '', -- the names, kept when it went
                  replied_on TEXT,
                  reply_text TEXT NOT NULL DEFAULT '',
                  reply_file_name TEXT,
                  reply_file BLOB,
                  created_at TEXT NOT NULL,
                  updated_at TEXT NOT NULL
              );
              CREATE TABLE paperwork_recipients (
                  document_id INTEGER NOT NULL REFERENCES paperwork(id) ON DELETE CASCADE,
                  person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
                  position INTEGER NOT NULL,
                  PRIMARY KEY (document_id, person_id)
              );
              CREATE INDEX paperwork_recipients_by_person ON paperwork_recipients (person_id);
              CREATE TABLE paperwork_templates (
                  id TEXT PRIMARY KEY,             -- own-...
                  name TEXT NOT NULL,
                  source TEXT NOT NULL,            -- the template file's TOML
                  created_at TEXT NOT NULL
              );",
    },
    Migration {
        version: 9,
        what: "petitions shared between laptops through a synced folder",
        sql: "CREATE TABLE sync_settings (
                  id INTEGER PRIMARY KEY CHECK (id = 1),
                  folder TEXT NOT NULL,
                  passphrase TEXT NOT NULL,        -- locks the files in the shared folder
                  laptop_id TEXT NOT NULL,         -- this laptop's file is named by it
                  laptop_name TEXT NOT NULL,
                  written_checksum TEXT NOT NULL DEFAULT ''
              );
              CREATE TABLE sync_peers (
                  laptop_id TEXT PRIMARY KEY,
                  laptop_name TEXT NOT NULL,
                  written_at TEXT NOT NULL,        -- when that laptop wrote its file
                  file_size INTEGER NOT NULL,      -- the file as last merged, to skip it
                  file_modified TEXT NOT NULL,     -- until it changes
                  signatures INTEGER NOT NULL,
                  merged_at TEXT NOT NULL
              );",
    },
    Migration {
        version: 10,
        what: "a bin for leaflets, briefings, petitions and the logo, kept 30 days",
        // A binned leaflet or petition stays in its own table, marked, so that putting it
        // back is one flag and a petition's signers are still found (and still erased on
        // request) while it waits. A briefing or a logo is kept in the bin itself.
        sql: "ALTER TABLE designs ADD COLUMN binned INTEGER NOT NULL DEFAULT 0;
              ALTER TABLE petitions ADD COLUMN binned INTEGER NOT NULL DEFAULT 0;
              CREATE TABLE bin (
                  id INTEGER PRIMARY KEY,
                  kind TEXT NOT NULL CHECK (kind IN ('leaflet', 'briefing', 'petition', 'logo')),
                  item TEXT NOT NULL,          -- the leaflet's or petition's row id, the briefing's id
                  title TEXT NOT NULL,         -- what it was called, to show in the bin
                  binned_at TEXT NOT NULL,     -- local time, ISO 8601
                  kept BLOB,                   -- a briefing pack, or the logo file
                  kept_type TEXT               -- the logo's MIME type
              );",
    },
    Migration {
        version: 11,
        what: "a count of changes to the briefings, for the search index kept in memory",
        // The search index (briefings/search_index.rs) is rebuilt when this count moves. A
        // trigger keeps it, so every writer counts, another program on the same data included.
        sql: "CREATE TABLE briefing_changes (
                  id INTEGER PRIMARY KEY CHECK (id = 1),
                  count INTEGER NOT NULL
              );
              INSERT INTO briefing_changes (id, count) VALUES (1, 0);
              CREATE TRIGGER briefing_added AFTER INSERT ON briefings
                  BEGIN UPDATE briefing_changes SET count = count + 1; END;
              CREATE TRIGGER briefing_changed AFTER UPDATE ON briefings
                  BEGIN UPDATE briefing_changes SET count = count + 1; END;
              CREATE TRIGGER briefing_removed AFTER DELETE ON briefings
                  BEGIN UPDATE briefing_changes SET count = count + 1; END;",
    },
    Migration {
        version: 12,
        what: "the email index holds only signatures that have an email",
        // Many signers leave the email out and many petitions never ask for it; an entry
        // for each of them made every import and every new signature slower for nothing.
        // Every lookup asks for one email (`email_key = ?`), which this index still serves.
        sql: "DROP INDEX signatures_by_email_key;
              CREATE INDEX signatures_by_email_key ON signatures (email_key)
                  WHERE email_key IS NOT NULL;",
    },
];

/// The schema version this build of Campaign Kit writes.
pub const LATEST_VERSION: i64 = MIGRATIONS[MIGRATIONS.len() - 1].version;

pub fn current_version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("PRAGMA user_version", [], |row| row.get(0))
}

/// Applies every migration above the database's version, up to `target`, one transaction each.
/// Returns the versions applied.
pub fn migrate_to(conn: &mut Connection, target: i64) -> rusqlite::Result<Vec<i64>> {
    let mut applied = Vec::new();
    for migration in MIGRATIONS.iter().filter(|m| m.version <= target) {
        if migration.version <= current_version(conn)? {
            continue;
        }
        let tx = conn.transaction()?;
        tx.execute_batch(migration.sql)?;
        // PRAGMA cannot take a bound parameter; the number is our own constant.
        tx.execute_batch(&format!("PRAGMA user_version = {}", migration.version))?;
        tx.commit()?;
        applied.push(migration.version);
    }
    Ok(applied)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_are_numbered_one_by_one() {
        for (i, m) in MIGRATIONS.iter().enumerate() {
            assert_eq!(
                m.version,
                i as i64 + 1,
                "migration '{}' is out of order",
                m.what
            );
        }
    }

    #[test]
    fn an_empty_database_migrates_to_the_latest_version() {
        let mut conn = Connection::open_in_memory().unwrap();
        let applied = migrate_to(&mut conn, LATEST_VERSION).unwrap();
        assert_eq!(applied.len() as i64, LATEST_VERSION);
        assert_eq!(current_version(&conn).unwrap(), LATEST_VERSION);
        // Running again changes nothing.
        assert!(migrate_to(&mut conn, LATEST_VERSION).unwrap().is_empty());
    }

    #[test]
    fn a_failing_migration_leaves_the_previous_version() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate_to(&mut conn, 1).unwrap();
        // Sabotage: a table that migration 2 wants to create already exists.
        conn.execute_batch("CREATE TABLE group_profile (x)")
            .unwrap();
        assert!(migrate_to(&mut conn, LATEST_VERSION).is_err());
        assert_eq!(current_version(&conn).unwrap(), 1);
    }
}
