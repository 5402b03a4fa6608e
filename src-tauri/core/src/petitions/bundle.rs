//! Merging laptops. At a big stall two or three laptops collect signatures; afterwards each
//! saves a petition bundle (`.ckpetition`, locked with a passphrase: see `bundle_lock`) and
//! the others merge it.
//!
//! Every signature, stall and petition has an id that is the same on every laptop, so a merge
//! is a union: a signature already here is not added again (importing twice changes nothing),
//! and the result does not depend on which laptop merges first.
//!
//! When the same signature was changed on two laptops (a typo corrected on one, a repeat
//! rejected on the other) one version wins, by this rule, the same on every laptop:
//! 1. an erased signature stays erased (an erasure is never undone by a merge);
//! 2. otherwise the version changed more times wins (each correction or review adds one);
//! 3. then the one changed last; 4. then, for a tie, the one whose details sort last.
//!
//! Possible repeats are then worked out again over the whole petition.

use std::path::Path;

use chrono::Local;
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::petition::{self, Petition, PetitionDraft, Status};
use super::postcode::{self, PostcodeCheck};
use super::signer::{Fields, SignerInput};
use super::{PetitionError, bundle_lock, duplicates, ids, timestamp};
use crate::store::Store;

pub const FORMAT: &str = "campaign-kit-petition";
pub const FORMAT_VERSION: u32 = 1;
/// Bundles bigger than this are refused before reading (a million signatures is ~300 MB).
pub const MAX_BUNDLE_BYTES: u64 = 1024 * 1024 * 1024;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Bundle {
    pub format: String,
    pub format_version: u32,
    pub petition: BundlePetition,
    pub notices: Vec<BundleNotice>,
    pub stalls: Vec<BundleStall>,
    pub sheets: Vec<BundleSheet>,
    pub signatures: Vec<BundleSignature>,
    /// A SHA-256 of everything above, so a bundle damaged on a stick or edited by hand is
    /// refused. Bundles saved before this was added have none, and are still read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checksum: Option<String>,
}

impl Bundle {
    /// The checksum of the bundle's contents, as written in its file.
    fn contents_checksum(&self) -> String {
        let contents = Bundle {
            checksum: None,
            ..self.clone()
        };
        let json = serde_json::to_string(&contents).unwrap_or_default();
        super::ids::derived(&[&json])
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BundlePetition {
    pub uid: String,
    pub code: String,
    pub draft: PetitionDraft,
    pub status: Status,
    pub handed_in_on: Option<String>,
    pub erased_on: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BundleNotice {
    pub version: u32,
    pub text: String,
    pub created_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BundleStall {
    pub uid: String,
    pub place: String,
    pub held_on: String,
    pub volunteers: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BundleSheet {
    pub sheet: u32,
    pub stall_uid: Option<String>,
    pub status: String,
    pub lines_on_paper: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BundleSignature {
    pub uid: String,
    pub stall_uid: Option<String>,
    pub source: String,
    pub sheet: Option<u32>,
    pub line: Option<u32>,
    pub name: Option<String>,
    pub name_key: Option<String>,
    pub postcode: Option<String>,
    pub district: Option<String>,
    pub email: Option<String>,
    pub email_key: Option<String>,
    pub phone: Option<String>,
    pub opted_in: bool,
    pub notice_version: Option<u32>,
    pub signed_at: String,
    pub review: String,
    pub withdrawn: bool,
    pub erased: bool,
    pub revision: u32,
    pub updated_at: String,
}

impl BundleSignature {
    /// The merge rule as a sort key: the greater version wins.
    fn precedence(&self) -> (bool, u32, String, String) {
        let details = serde_json::to_string(self).unwrap_or_default();
        (
            self.erased,
            self.revision,
            self.updated_at.clone(),
            ids::derived(&[&details]),
        )
    }
}

/// What a merge did, for the message after importing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct MergeOutcome {
    #[ts(type = "number")]
    pub petition_id: i64,
    pub title: String,
    /// True when the petition was new to this laptop.
    pub new_petition: bool,
    pub added: u32,
    /// Signatures here that took the other laptop's newer version.
    pub updated: u32,
    pub unchanged: u32,
}

/// Gathers a petition into a bundle.
pub fn export(conn: &Connection, petition_id: i64) -> Result<Bundle, PetitionError> {
    let p = petition::get(conn, petition_id)?;
    let updated_at: String = conn.query_row(
        "SELECT updated_at FROM petitions WHERE id = ?1",
        [petition_id],
        |r| r.get(0),
    )?;
    let mut bundle = Bundle {
        checksum: None,
        format: FORMAT.into(),
        format_version: FORMAT_VERSION,
        notices: notices(conn, petition_id)?,
        stalls: stalls(conn, petition_id)?,
        sheets: sheets(conn, petition_id)?,
        signatures: signatures(conn, petition_id)?,
        petition: BundlePetition {
            uid: p.uid,
            code: p.code,
            draft: p.draft,
            status: p.status,
            handed_in_on: p.handed_in_on,
            erased_on: p.erased_on,
            created_at: p.created_at,
            updated_at,
        },
    };
    bundle.checksum = Some(bundle.contents_checksum());
    Ok(bundle)
}

/// Saves a bundle to `path` (whole or not at all) and notes it in the audit log. With a
/// `passphrase` it is locked (see [`bundle_lock`]); without one it is plain JSON, which only
/// an organiser's explicit choice should make.
pub fn save(
    conn: &Connection,
    petition_id: i64,
    path: &Path,
    passphrase: Option<&str>,
) -> Result<u32, PetitionError> {
    let bundle = export(conn, petition_id)?;
    let count = bundle.signatures.len() as u32;
    crate::leftovers::guarded(conn, path, || {
        crate::files::write_streamed(path, |out| write(out, &bundle, passphrase)).map_err(
            |reason| PetitionError::File {
                message: format!("The bundle was not saved: {reason}. Nothing else changed."),
            },
        )
    })?;
    let how = if passphrase.is_some() {
        "locked with a passphrase"
    } else {
        "NOT locked (the organiser chose so)"
    };
    crate::audit::record(
        conn,
        "petition_bundle_saved",
        &format!(
            "{}: {}, to a bundle file {how}",
            bundle.petition.code,
            crate::words::count(count, "signature", "signatures")
        ),
        Local::now(),
    )?;
    Ok(count)
}

/// Writes `bundle` to `out`, locked with `passphrase` if there is one.
pub fn write(
    out: &mut dyn std::io::Write,
    bundle: &Bundle,
    passphrase: Option<&str>,
) -> std::io::Result<()> {
    let json = |w: &mut dyn std::io::Write| {
        serde_json::to_writer(w, bundle).map_err(std::io::Error::other)
    };
    match passphrase {
        Some(passphrase) => {
            bundle_lock::write_locked(out, bundle_lock::INTRODUCTION, passphrase.trim(), json)
        }
        None => json(out),
    }
}

/// Reads a bundle file, refusing a wrong or newer one before anything is saved. A locked
/// bundle needs its `passphrase`.
pub fn read_file(path: &Path, passphrase: Option<&str>) -> Result<Bundle, PetitionError> {
    let bytes = crate::files::read_limited(path, MAX_BUNDLE_BYTES).map_err(|refused| {
        bundle_error(&format!(
            "That was not read: {refused}. Check you chose the petition bundle (.ckpetition)."
        ))
    })?;
    open(&bytes, passphrase)
}

/// Reads a bundle's bytes, locked or plain.
pub fn open(bytes: &[u8], passphrase: Option<&str>) -> Result<Bundle, PetitionError> {
    if !bundle_lock::is_locked(bytes) {
        return parse(bytes);
    }
    let passphrase = passphrase
        .filter(|p| !p.trim().is_empty())
        .ok_or(PetitionError::BundleLocked)?;
    parse(&bundle_lock::open_locked(
        bytes,
        passphrase,
        MAX_BUNDLE_BYTES,
    )?)
}

pub fn parse(bytes: &[u8]) -> Result<Bundle, PetitionError> {
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Header {
        format: String,
        format_version: u32,
    }
    let not_bundle = || {
        bundle_error(
            "That file is not a Campaign Kit petition bundle. Choose a file saved with \"Save \
             a bundle for another laptop\". Nothing was imported.",
        )
    };
    let header: Header = serde_json::from_slice(bytes).map_err(|_| not_bundle())?;
    if header.format != FORMAT {
        return Err(not_bundle());
    }
    if header.format_version > FORMAT_VERSION {
        return Err(bundle_error(
            "That bundle was saved by a newer version of Campaign Kit. Please update Campaign \
             Kit on this laptop, then import it. Nothing was imported.",
        ));
    }
    let bundle: Bundle = serde_json::from_slice(bytes).map_err(|_| {
        bundle_error(
            "That bundle is damaged (it may not have finished copying). Nothing was imported.",
        )
    })?;
    match &bundle.checksum {
        Some(sum) if *sum != bundle.contents_checksum() => Err(bundle_error(
            "That bundle is damaged or was changed after it was saved: its contents do not \
             match its checksum. Save it again on the other laptop. Nothing was imported.",
        )),
        _ => Ok(bundle),
    }
}

/// Checks a bundle read from inside another file (a synced folder's) against its checksum,
/// as [`parse`] does for a bundle file.
pub fn verify(bundle: &Bundle) -> Result<(), PetitionError> {
    match &bundle.checksum {
        Some(sum) if *sum == bundle.contents_checksum() => Ok(()),
        _ => Err(bundle_error(
            "A bundle in the shared folder is damaged: its contents do not match its checksum.",
        )),
    }
}

/// Merges a bundle into this laptop's data, in one transaction.
pub fn merge(store: &mut Store, bundle: &Bundle) -> Result<MergeOutcome, PetitionError> {
    check(bundle)?;
    let tx = store
        .conn_mut()
        .transaction_with_behavior(TransactionBehavior::Immediate)?;
    let (petition, new_petition) = merge_petition(&tx, &bundle.petition)?;
    let notice_map = merge_notices(&tx, petition.id, &bundle.notices)?;
    merge_stalls(&tx, petition.id, &bundle.stalls)?;
    merge_sheets(&tx, petition.id, &bundle.sheets)?;
    let mut outcome = MergeOutcome {
        petition_id: petition.id,
        title: petition.draft.title.clone(),
        new_petition,
        added: 0,
        updated: 0,
        unchanged: 0,
    };
    let erased_here = petition::get(&tx, petition.id)?.erased_on.is_some();
    for incoming in &bundle.signatures {
        let mut incoming = incoming.clone();
        incoming.notice_version = incoming.notice_version.map(|v| {
            notice_map
                .iter()
                .find(|(from, _)| *from == v)
                .map_or(v, |(_, to)| *to)
        });
        if erased_here {
            anonymise(&mut incoming);
        }
        match merge_signature(&tx, petition.id, &incoming)? {
            Merged::Added => outcome.added += 1,
            Merged::Updated => outcome.updated += 1,
            Merged::Unchanged => outcome.unchanged += 1,
        }
    }
    if erased_here || petition::get(&tx, petition.id)?.erased_on.is_some() {
        // The other laptop erased the personal details after hand-in: so does this one.
        super::personal_data::anonymise_petition(&tx, petition.id, &timestamp(Local::now()))?;
    }
    duplicates::recompute_all(&tx, petition.id)?;
    crate::audit::record(
        &tx,
        "petition_bundle_merged",
        &format!(
            "{}: {} added, {} updated, {} already here",
            petition.code, outcome.added, outcome.updated, outcome.unchanged
        ),
        Local::now(),
    )?;
    tx.commit()?;
    Ok(outcome)
}

/// The petition: made here if new; otherwise the details changed last win, and an erasure
/// or a hand-in on either laptop stands.
fn merge_petition(
    conn: &Connection,
    incoming: &BundlePetition,
) -> Result<(Petition, bool), PetitionError> {
    let draft = incoming.draft.checked()?;
    let Some(local) = petition::find_by_uid(conn, &incoming.uid)? else {
        let id = petition::insert_blank(conn, &incoming.uid, &incoming.code, &incoming.created_at)?;
        write_petition(conn, id, &draft, incoming)?;
        return Ok((petition::get(conn, id)?, true));
    };
    let local_updated: String = conn.query_row(
        "SELECT updated_at FROM petitions WHERE id = ?1",
        [local.id],
        |r| r.get(0),
    )?;
    let local_json = serde_json::to_string(&local.draft).unwrap_or_default();
    let incoming_json = serde_json::to_string(&draft).unwrap_or_default();
    if (&incoming.updated_at, &incoming_json) > (&local_updated, &local_json) {
        write_petition(conn, local.id, &draft, incoming)?;
    }
    // Whichever laptop erased or handed in, that stands.
    conn.execute(
        "UPDATE petitions SET
             erased_on = coalesce(min(erased_on, ?2), erased_on, ?2),
             status = CASE WHEN ?3 = 'handed_in' OR status = 'handed_in' THEN 'handed_in'
                           ELSE status END,
             handed_in_on = coalesce(handed_in_on, ?4)
         WHERE id = ?1",
        params![
            local.id,
            incoming.erased_on,
            incoming.status.as_str(),
            incoming.handed_in_on
        ],
    )?;
    Ok((petition::get(conn, local.id)?, false))
}

/// The other laptop's details and status, as they were when it saved the bundle.
fn write_petition(
    conn: &Connection,
    id: i64,
    draft: &PetitionDraft,
    incoming: &BundlePetition,
) -> Result<(), PetitionError> {
    petition::write_details(conn, id, draft, &incoming.updated_at)?;
    conn.execute(
        "UPDATE petitions SET status = ?2, handed_in_on = ?3, erased_on = ?4 WHERE id = ?1",
        params![
            id,
            incoming.status.as_str(),
            incoming.handed_in_on,
            incoming.erased_on
        ],
    )?;
    Ok(())
}

/// Notices are matched by their text. A version number already used here for other words
/// (both laptops edited the notice) is given the next free number. Returns how incoming
/// version numbers map to ours.
fn merge_notices(
    conn: &Connection,
    petition_id: i64,
    incoming: &[BundleNotice],
) -> Result<Vec<(u32, u32)>, PetitionError> {
    let mut map = Vec::new();
    let mut sorted = incoming.to_vec();
    sorted.sort_by_key(|n| n.version);
    for notice in sorted {
        let same_text: Option<u32> = conn
            .query_row(
                "SELECT version FROM privacy_notices WHERE petition_id = ?1 AND text = ?2",
                params![petition_id, notice.text],
                |r| r.get(0),
            )
            .optional()?;
        let version = match same_text {
            Some(v) => v,
            None => {
                let taken: bool = conn.query_row(
                    "SELECT count(*) > 0 FROM privacy_notices WHERE petition_id = ?1 AND version = ?2",
                    params![petition_id, notice.version],
                    |r| r.get(0),
                )?;
                let version = if taken {
                    conn.query_row(
                        "SELECT max(version) + 1 FROM privacy_notices WHERE petition_id = ?1",
                        [petition_id],
                        |r| r.get(0),
                    )?
                } else {
                    notice.version
                };
                conn.execute(
                    "INSERT INTO privacy_notices (petition_id, version, text, created_at)
                     VALUES (?1, ?2, ?3, ?4)",
                    params![petition_id, version, notice.text, notice.created_at],
                )?;
                version
            }
        };
        map.push((notice.version, version));
    }
    Ok(map)
}

/// Stalls by id; if both laptops changed one, the details that sort last win.
fn merge_stalls(
    conn: &Connection,
    petition_id: i64,
    incoming: &[BundleStall],
) -> Result<(), PetitionError> {
    for stall in incoming {
        conn.execute(
            "INSERT INTO stalls (uid, petition_id, place, held_on, volunteers)
             VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (uid) DO UPDATE SET place = ?3, held_on = ?4, volunteers = ?5
             WHERE (?3, ?4, ?5) > (place, held_on, volunteers)",
            params![
                stall.uid,
                petition_id,
                stall.place,
                stall.held_on,
                stall.volunteers
            ],
        )?;
    }
    Ok(())
}

/// Sheets by number; the further status wins (checked over entered over entering).
fn merge_sheets(
    conn: &Connection,
    petition_id: i64,
    incoming: &[BundleSheet],
) -> Result<(), PetitionError> {
    for sheet in incoming {
        let stall_id = stall_id_of(conn, sheet.stall_uid.as_deref())?;
        conn.execute(
            "INSERT INTO sheets (petition_id, sheet, stall_id, status, lines_on_paper)
             VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (petition_id, sheet) DO UPDATE SET
                 stall_id = coalesce(stall_id, ?3),
                 lines_on_paper = max(coalesce(lines_on_paper, ?5), coalesce(?5, lines_on_paper)),
                 status = CASE WHEN 'checked' IN (status, ?4) THEN 'checked'
                               WHEN 'entered' IN (status, ?4) THEN 'entered'
                               ELSE 'entering' END",
            params![
                petition_id,
                sheet.sheet,
                stall_id,
                sheet.status,
                sheet.lines_on_paper
            ],
        )?;
    }
    Ok(())
}

enum Merged {
    Added,
    Updated,
    Unchanged,
}

fn merge_signature(
    conn: &Connection,
    petition_id: i64,
    incoming: &BundleSignature,
) -> Result<Merged, PetitionError> {
    let local = signature_by_uid(conn, &incoming.uid)?;
    let stall_id = stall_id_of(conn, incoming.stall_uid.as_deref())?;
    // The winner replaces every column, so both laptops end with identical rows and a second
    // merge of the same bundle finds nothing to change.
    let merged = match &local {
        None => Merged::Added,
        Some(here) if incoming.precedence() > here.precedence() => Merged::Updated,
        Some(_) => return Ok(Merged::Unchanged),
    };
    let s = incoming;
    conn.execute(
        "INSERT INTO signatures (uid, petition_id, stall_id, source, sheet, line, name, name_key,
             postcode, district, email, email_key, phone, opted_in, notice_version, signed_at,
             review, withdrawn, erased, revision, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,
             ?19, ?20, ?21)
         ON CONFLICT (uid) DO UPDATE SET stall_id = ?3, source = ?4, sheet = ?5, line = ?6,
             notice_version = ?15, signed_at = ?16, name = ?7, name_key = ?8, postcode = ?9,
             district = ?10, email = ?11, email_key = ?12, phone = ?13, opted_in = ?14,
             review = ?17, withdrawn = ?18, erased = ?19, revision = ?20, updated_at = ?21",
        params![
            s.uid,
            petition_id,
            stall_id,
            s.source,
            s.sheet,
            s.line,
            s.name,
            s.name_key,
            s.postcode,
            s.district,
            s.email,
            s.email_key,
            s.phone,
            s.opted_in,
            s.notice_version,
            s.signed_at,
            s.review,
            s.withdrawn,
            s.erased,
            s.revision,
            s.updated_at
        ],
    )?;
    Ok(merged)
}

/// Refuses a bundle whose rows this version could not have written (a damaged or edited
/// file), before anything is saved.
fn check(bundle: &Bundle) -> Result<(), PetitionError> {
    let id_ok = |uid: &str| uid.len() == 32 && uid.chars().all(|c| c.is_ascii_hexdigit());
    let damaged =
        || bundle_error("That bundle is damaged or was changed by hand. Nothing was imported.");
    if !id_ok(&bundle.petition.uid) || !bundle.stalls.iter().all(|s| id_ok(&s.uid)) {
        return Err(damaged());
    }
    for (n, s) in bundle.signatures.iter().enumerate() {
        let ok = id_ok(&s.uid)
            && ["kiosk", "paper", "import", "typed"].contains(&s.source.as_str())
            && ["none", "kept", "rejected"].contains(&s.review.as_str());
        if !ok {
            return Err(damaged());
        }
        if let Err(problem) = check_signature(s) {
            return Err(bundle_error(&format!(
                "Signature {} in that bundle cannot be right: {problem} Nothing was imported.",
                n + 1
            )));
        }
    }
    Ok(())
}

/// Checks a signature from a bundle as if it were typed in here: the same checks as the
/// kiosk and imports, and its keys and district worked out again, never trusted.
fn check_signature(s: &BundleSignature) -> Result<(), String> {
    check_time(&s.signed_at).map_err(|why| format!("its signing time {why}"))?;
    check_time(&s.updated_at).map_err(|why| format!("its last change {why}"))?;
    let plausible = |n: Option<u32>, max: u32| n.is_none_or(|n| (1..=max).contains(&n));
    if !plausible(s.sheet, 100_000) || !plausible(s.line, 100) || s.revision > 1_000_000 {
        return Err("its sheet, line or version number is out of range.".into());
    }
    if s.erased {
        // Only the district is kept, for the district counts.
        let district_ok = s.district.as_deref().is_none_or(|d| {
            matches!(
                postcode::check(&format!("{d} 1AA")),
                PostcodeCheck::Valid { .. }
            )
        });
        let details = [
            &s.name,
            &s.name_key,
            &s.postcode,
            &s.email,
            &s.email_key,
            &s.phone,
        ];
        return if district_ok && details.iter().all(|d| d.is_none()) {
            Ok(())
        } else {
            Err("it is marked as erased but still has details, or an unknown district.".into())
        };
    }
    let typed = SignerInput {
        name: s.name.clone().unwrap_or_default(),
        postcode: s.postcode.clone().unwrap_or_default(),
        email: s.email.clone().unwrap_or_default(),
        phone: s.phone.clone().unwrap_or_default(),
        opted_in: s.opted_in,
    };
    // Each detail the signature has is checked. (Which details a petition asks for can change
    // after people have signed, so the petition's present choice is not the test.)
    let fields = Fields {
        postcode: s.postcode.is_some(),
        email: s.email.is_some(),
        phone: s.phone.is_some(),
    };
    let checked = typed.check(fields).map_err(|problems| {
        problems
            .iter()
            .map(|p| format!("{}: {}", p.field, p.message))
            .collect::<Vec<_>>()
            .join(" ")
    })?;
    let same = Some(checked.name) == s.name
        && checked.name_key == s.name_key.clone().unwrap_or_default()
        && checked.postcode == s.postcode
        && checked.district == s.district
        && checked.email == s.email
        && checked.email_key == s.email_key
        && checked.phone == s.phone;
    if same {
        Ok(())
    } else {
        Err("its details are not as Campaign Kit saves them.".into())
    }
}

/// A time as the database keeps it, from 2000 to a day from now.
fn check_time(text: &str) -> Result<(), &'static str> {
    let time = text.get(..19).unwrap_or(text);
    let at = chrono::NaiveDateTime::parse_from_str(time, "%Y-%m-%dT%H:%M:%S")
        .map_err(|_| "is not a date and time.")?;
    let latest = Local::now().naive_local() + chrono::Duration::days(1);
    let earliest = chrono::NaiveDate::from_ymd_opt(2000, 1, 1)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .unwrap_or_default();
    if (earliest..=latest).contains(&at) {
        Ok(())
    } else {
        Err("is not between 2000 and today.")
    }
}

/// Drops the personal details, keeping what the counts need.
fn anonymise(s: &mut BundleSignature) {
    s.name = None;
    s.name_key = None;
    s.postcode = None;
    s.email = None;
    s.email_key = None;
    s.phone = None;
    s.opted_in = false;
    s.erased = true;
}

fn stall_id_of(conn: &Connection, uid: Option<&str>) -> Result<Option<i64>, PetitionError> {
    let Some(uid) = uid else { return Ok(None) };
    Ok(conn
        .query_row("SELECT id FROM stalls WHERE uid = ?1", [uid], |r| r.get(0))
        .optional()?)
}

fn notices(conn: &Connection, petition_id: i64) -> Result<Vec<BundleNotice>, PetitionError> {
    let mut stmt = conn.prepare(
        "SELECT version, text, created_at FROM privacy_notices WHERE petition_id = ?1
         ORDER BY version",
    )?;
    let rows = stmt.query_map([petition_id], |r| {
        Ok(BundleNotice {
            version: r.get(0)?,
            text: r.get(1)?,
            created_at: r.get(2)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn stalls(conn: &Connection, petition_id: i64) -> Result<Vec<BundleStall>, PetitionError> {
    let mut stmt = conn.prepare(
        "SELECT uid, place, held_on, volunteers FROM stalls WHERE petition_id = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([petition_id], |r| {
        Ok(BundleStall {
            uid: r.get(0)?,
            place: r.get(1)?,
            held_on: r.get(2)?,
            volunteers: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn sheets(conn: &Connection, petition_id: i64) -> Result<Vec<BundleSheet>, PetitionError> {
    let mut stmt = conn.prepare(
        "SELECT s.sheet, st.uid, s.status, s.lines_on_paper FROM sheets s
         LEFT JOIN stalls st ON st.id = s.stall_id WHERE s.petition_id = ?1 ORDER BY s.sheet",
    )?;
    let rows = stmt.query_map([petition_id], |r| {
        Ok(BundleSheet {
            sheet: r.get(0)?,
            stall_uid: r.get(1)?,
            status: r.get(2)?,
            lines_on_paper: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

const SIGNATURE_COLUMNS: &str = "s.uid, st.uid, s.source, s.sheet, s.line, s.name, s.name_key,
    s.postcode, s.district, s.email, s.email_key, s.phone, s.opted_in, s.notice_version,
    s.signed_at, s.review, s.withdrawn, s.erased, s.revision, s.updated_at";

fn signatures(conn: &Connection, petition_id: i64) -> Result<Vec<BundleSignature>, PetitionError> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {SIGNATURE_COLUMNS} FROM signatures s LEFT JOIN stalls st ON st.id = s.stall_id
         WHERE s.petition_id = ?1 ORDER BY s.id"
    ))?;
    let rows = stmt.query_map([petition_id], row_to_bundle_signature)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn signature_by_uid(
    conn: &Connection,
    uid: &str,
) -> Result<Option<BundleSignature>, PetitionError> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {SIGNATURE_COLUMNS} FROM signatures s LEFT JOIN stalls st ON st.id = s.stall_id
         WHERE s.uid = ?1"
    ))?;
    Ok(stmt.query_row([uid], row_to_bundle_signature).optional()?)
}

fn row_to_bundle_signature(r: &rusqlite::Row) -> rusqlite::Result<BundleSignature> {
    Ok(BundleSignature {
        uid: r.get(0)?,
        stall_uid: r.get(1)?,
        source: r.get(2)?,
        sheet: r.get(3)?,
        line: r.get(4)?,
        name: r.get(5)?,
        name_key: r.get(6)?,
        postcode: r.get(7)?,
        district: r.get(8)?,
        email: r.get(9)?,
        email_key: r.get(10)?,
        phone: r.get(11)?,
        opted_in: r.get(12)?,
        notice_version: r.get(13)?,
        signed_at: r.get(14)?,
        review: r.get(15)?,
        withdrawn: r.get(16)?,
        erased: r.get(17)?,
        revision: r.get(18)?,
        updated_at: r.get(19)?,
    })
}

fn bundle_error(message: &str) -> PetitionError {
    PetitionError::Bundle(message.to_string())
}
