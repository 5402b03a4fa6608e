//! Petitions shared between laptops through a folder that sync software the group already
//! trusts keeps in step (Syncthing on a hall's Wi-Fi, Nextcloud, a shared drive), instead of
//! a server of our own.
//!
//! Each laptop writes one file there, named by its own id and replaced whole (written beside
//! it, then renamed), so no two laptops ever write the same file. It holds every petition
//! as a bundle, locked with the passphrase the organisers chose. Each laptop merges every
//! other laptop's file when it changes: the merge is a union with one rule for the same
//! signature changed twice (see `bundle`), so the order files arrive in does not matter and
//! merging one twice changes nothing. A file still being copied fails its check and is
//! left for next time, never merged in part. The folder may be offline for days.

use std::path::{Path, PathBuf};

use chrono::Local;
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::bundle::{self, Bundle};
use super::{PetitionError, bundle_lock, petition};
use crate::store::Store;

const FORMAT: &str = "campaign-kit-sync";
const FORMAT_VERSION: u32 = 1;
const PREFIX: &str = "campaign-kit-";
const SUFFIX: &str = ".cksync";
/// A laptop's file holds every petition; allow for several of a million signatures.
const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024 * 1024;

/// One laptop's file in the shared folder.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct SyncFile {
    format: String,
    format_version: u32,
    laptop_id: String,
    laptop_name: String,
    written_at: String,
    bundles: Vec<Bundle>,
}

/// How sharing is set up on this laptop.
#[derive(Debug, Clone)]
pub struct SyncSettings {
    pub folder: PathBuf,
    passphrase: String,
    pub laptop_id: String,
    pub laptop_name: String,
    written_checksum: String,
}

/// Another laptop, as last heard from through the folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PeerLaptop {
    pub name: String,
    /// When that laptop last wrote its file, as "27 November 2026, 10.20am".
    pub last_seen: String,
    pub signatures: u32,
}

/// What the petitions page shows about sharing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SyncStatus {
    /// The shared folder, or `None` when sharing is not set up.
    pub folder: Option<String>,
    pub laptop_name: String,
    pub others: Vec<PeerLaptop>,
}

/// What one round of sharing did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyncRound {
    pub wrote_own: bool,
    /// Other laptops' files merged this round.
    pub merged: u32,
    pub added: u32,
    /// Files left for next time: still copying, damaged, or locked with another passphrase.
    pub skipped: Vec<String>,
}

fn file_name(laptop_id: &str) -> String {
    format!("{PREFIX}{laptop_id}{SUFFIX}")
}

/// Sets up sharing through `folder`, with the organisers' `passphrase` (checked by the
/// caller) and a name for this laptop that the others will show.
pub fn set_up(
    store: &Store,
    folder: &Path,
    passphrase: &str,
    laptop_name: &str,
) -> Result<(), PetitionError> {
    if !folder.is_dir() {
        return Err(PetitionError::NotReady(
            "That folder cannot be found. Choose the folder your sync software keeps in step \
             (for example the Syncthing or Nextcloud folder)."
                .into(),
        ));
    }
    let name = laptop_name.trim();
    let name = if name.is_empty() { "A laptop" } else { name };
    let existing: Option<String> = store
        .conn()
        .query_row(
            "SELECT laptop_id FROM sync_settings WHERE id = 1",
            [],
            |r| r.get(0),
        )
        .optional()?;
    let laptop_id = existing.unwrap_or_else(|| uuid::Uuid::new_v4().simple().to_string());
    store.conn().execute(
        "INSERT INTO sync_settings (id, folder, passphrase, laptop_id, laptop_name)
         VALUES (1, ?1, ?2, ?3, ?4)
         ON CONFLICT (id) DO UPDATE SET folder = ?1, passphrase = ?2, laptop_name = ?4,
             written_checksum = ''",
        params![folder.to_string_lossy(), passphrase.trim(), laptop_id, name],
    )?;
    crate::audit::record(
        store.conn(),
        "sync_set_up",
        "petitions shared through a folder",
        Local::now(),
    )?;
    Ok(())
}

/// Stops sharing. This laptop's file is taken out of the folder; the others keep theirs.
pub fn stop(store: &Store) -> Result<(), PetitionError> {
    if let Some(settings) = settings(store.conn())? {
        let _ = std::fs::remove_file(settings.folder.join(file_name(&settings.laptop_id)));
    }
    store.conn().execute("DELETE FROM sync_settings", [])?;
    store.conn().execute("DELETE FROM sync_peers", [])?;
    crate::audit::record(store.conn(), "sync_stopped", "", Local::now())?;
    Ok(())
}

pub fn settings(conn: &Connection) -> Result<Option<SyncSettings>, PetitionError> {
    Ok(conn
        .query_row(
            "SELECT folder, passphrase, laptop_id, laptop_name, written_checksum
             FROM sync_settings WHERE id = 1",
            [],
            |r| {
                Ok(SyncSettings {
                    folder: PathBuf::from(r.get::<_, String>(0)?),
                    passphrase: r.get(1)?,
                    laptop_id: r.get(2)?,
                    laptop_name: r.get(3)?,
                    written_checksum: r.get(4)?,
                })
            },
        )
        .optional()?)
}

/// One round: merges what the other laptops wrote since last time, then writes this
/// laptop's file if its petitions changed. Does nothing when sharing is not set up. A
/// folder that is missing (a drive not plugged in) is not an error: there is nothing to do.
pub fn run_round(store: &mut Store) -> Result<SyncRound, PetitionError> {
    let Some(settings) = settings(store.conn())? else {
        return Ok(SyncRound::default());
    };
    let mut round = SyncRound::default();
    if !settings.folder.is_dir() {
        return Ok(round);
    }
    merge_others(store, &settings, &mut round)?;
    round.wrote_own = write_own(store.conn(), &settings)?;
    Ok(round)
}

/// Writes this laptop's file if what it would hold has changed since it was last written.
fn write_own(conn: &Connection, settings: &SyncSettings) -> Result<bool, PetitionError> {
    let bundles = petition::list(conn)?
        .iter()
        .map(|p| bundle::export(conn, p.id))
        .collect::<Result<Vec<_>, _>>()?;
    let checksum = {
        use sha2::{Digest, Sha256};
        let mut hash = Sha256::new();
        for b in &bundles {
            hash.update(b.checksum.as_deref().unwrap_or_default());
        }
        format!("{:x}", hash.finalize())
    };
    let target = settings.folder.join(file_name(&settings.laptop_id));
    if checksum == settings.written_checksum && target.exists() {
        return Ok(false);
    }
    let file = SyncFile {
        format: FORMAT.into(),
        format_version: FORMAT_VERSION,
        laptop_id: settings.laptop_id.clone(),
        laptop_name: settings.laptop_name.clone(),
        written_at: Local::now().format("%Y-%m-%dT%H:%M:%S").to_string(),
        bundles,
    };
    // Written under a name the other laptops do not look at, then renamed: they only ever
    // see a whole file (the sync software may still be copying it to them, which the lock's
    // checks catch).
    let partial = settings
        .folder
        .join(format!(".{}.partial", file_name(&settings.laptop_id)));
    let written = std::fs::File::create(&partial).and_then(|f| {
        let mut out = std::io::BufWriter::new(f);
        bundle_lock::write_locked(
            &mut out,
            bundle_lock::SHARED_INTRODUCTION,
            &settings.passphrase,
            |w| serde_json::to_writer(w, &file).map_err(std::io::Error::other),
        )?;
        let f = out.into_inner().map_err(|e| e.into_error())?;
        f.sync_all()
    });
    if let Err(e) = written.and_then(|()| std::fs::rename(&partial, &target)) {
        let _ = std::fs::remove_file(&partial);
        return Err(PetitionError::File {
            message: format!(
                "This laptop's petitions could not be written to the shared folder ({e}). They \
                 are safe here; Campaign Kit will try again."
            ),
        });
    }
    conn.execute(
        "UPDATE sync_settings SET written_checksum = ?1 WHERE id = 1",
        [checksum],
    )?;
    Ok(true)
}

fn modified_stamp(meta: &std::fs::Metadata) -> String {
    meta.modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map(|d| d.as_nanos().to_string())
        .unwrap_or_default()
}

/// Merges each other laptop's file that is new or changed since it was last merged.
fn merge_others(
    store: &mut Store,
    settings: &SyncSettings,
    round: &mut SyncRound,
) -> Result<(), PetitionError> {
    let Ok(entries) = std::fs::read_dir(&settings.folder) else {
        return Ok(());
    };
    let own = file_name(&settings.laptop_id);
    let mut files: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            name.starts_with(PREFIX) && name.ends_with(SUFFIX) && name != own
        })
        .collect();
    files.sort();
    for path in files {
        let Ok(meta) = std::fs::metadata(&path) else {
            continue;
        };
        let size = meta.len() as i64;
        let modified = modified_stamp(&meta);
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let laptop_id = name
            .trim_start_matches(PREFIX)
            .trim_end_matches(SUFFIX)
            .to_string();
        let seen: Option<(i64, String)> = store
            .conn()
            .query_row(
                "SELECT file_size, file_modified FROM sync_peers WHERE laptop_id = ?1",
                [&laptop_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        if seen == Some((size, modified.clone())) {
            continue;
        }
        match read_peer(&path, &settings.passphrase) {
            Ok(file) if file.laptop_id == laptop_id => {
                let mut signatures = 0u32;
                for b in &file.bundles {
                    bundle::verify(b)?;
                    signatures += b.signatures.len() as u32;
                    round.added += bundle::merge(store, b)?.added;
                }
                store.conn().execute(
                    "INSERT INTO sync_peers (laptop_id, laptop_name, written_at, file_size,
                         file_modified, signatures, merged_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                     ON CONFLICT (laptop_id) DO UPDATE SET laptop_name = ?2, written_at = ?3,
                         file_size = ?4, file_modified = ?5, signatures = ?6, merged_at = ?7",
                    params![
                        laptop_id,
                        file.laptop_name,
                        file.written_at,
                        size,
                        modified,
                        signatures,
                        Local::now().format("%Y-%m-%dT%H:%M:%S").to_string()
                    ],
                )?;
                round.merged += 1;
            }
            // Still copying, damaged, renamed by hand or locked with another passphrase:
            // left as it is, and tried again next round.
            _ => round.skipped.push(name),
        }
    }
    Ok(())
}

fn read_peer(path: &Path, passphrase: &str) -> Result<SyncFile, PetitionError> {
    let bytes = crate::files::read_limited(path, MAX_FILE_BYTES)
        .map_err(|e| PetitionError::Bundle(e.to_string()))?;
    let plain = bundle_lock::open_locked(&bytes, passphrase, MAX_FILE_BYTES)?;
    let file: SyncFile = serde_json::from_slice(&plain)
        .map_err(|_| PetitionError::Bundle("not a Campaign Kit sync file".into()))?;
    if file.format != FORMAT || file.format_version > FORMAT_VERSION {
        return Err(PetitionError::Bundle(
            "a newer or different kind of file".into(),
        ));
    }
    Ok(file)
}

/// What the petitions page shows: the folder, and the other laptops heard from.
pub fn status(conn: &Connection) -> Result<SyncStatus, PetitionError> {
    let Some(settings) = settings(conn)? else {
        return Ok(SyncStatus {
            folder: None,
            laptop_name: String::new(),
            others: Vec::new(),
        });
    };
    let mut stmt = conn.prepare(
        "SELECT laptop_name, written_at, signatures FROM sync_peers ORDER BY written_at DESC",
    )?;
    let others = stmt
        .query_map([], |r| {
            let at: String = r.get(1)?;
            Ok(PeerLaptop {
                name: r.get(0)?,
                last_seen: when_in_words(&at),
                signatures: r.get(2)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(SyncStatus {
        folder: Some(settings.folder.display().to_string()),
        laptop_name: settings.laptop_name,
        others,
    })
}

/// "2026-11-27T10:20:00" as "27 November 2026, 10.20am".
fn when_in_words(stamp: &str) -> String {
    chrono::NaiveDateTime::parse_from_str(stamp, "%Y-%m-%dT%H:%M:%S")
        .map(|at| format!("{}, {}", at.format("%-d %B %Y"), at.format("%-I.%M%P")))
        .unwrap_or_else(|_| stamp.to_string())
}
