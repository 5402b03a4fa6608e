//! The kiosk's lock: an organiser's PIN, needed to leave kiosk mode, so a passer-by at the
//! stall cannot get from the signing form to everyone else's details.
//!
//! The PIN is kept only as an Argon2id hash (a deliberately slow one), so reading the data
//! file does not give it away easily. After several wrong tries the kiosk waits before taking
//! another, which makes guessing at the stall impractical.

use std::time::{Duration, Instant};

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use rusqlite::Connection;

use super::PetitionError;
use crate::store::settings;
use crate::words;

const SETTING: &str = "kiosk_pin";
pub const MIN_PIN_DIGITS: usize = 4;
pub const MAX_PIN_DIGITS: usize = 12;
/// Wrong tries allowed before a wait.
const FREE_TRIES: u32 = 5;
const WAIT: Duration = Duration::from_secs(30);

/// Sets (or changes) the organiser's PIN.
pub fn set_pin(conn: &Connection, pin: &str) -> Result<(), PetitionError> {
    let pin = pin.trim();
    let digits_only = pin.chars().all(|c| c.is_ascii_digit());
    if !digits_only || !(MIN_PIN_DIGITS..=MAX_PIN_DIGITS).contains(&pin.len()) {
        return Err(PetitionError::Pin(format!(
            "A PIN is {MIN_PIN_DIGITS} to {MAX_PIN_DIGITS} numbers, such as 4821."
        )));
    }
    // A fresh random salt from the operating system comes with each hash.
    let hash = Argon2::default()
        .hash_password(pin.as_bytes())
        .map_err(|_| hash_failed())?
        .to_string();
    settings::set(conn, SETTING, &hash)?;
    Ok(())
}

pub fn has_pin(conn: &Connection) -> Result<bool, PetitionError> {
    Ok(stored(conn)?.is_some())
}

fn stored(conn: &Connection) -> Result<Option<String>, PetitionError> {
    Ok(settings::get(conn, SETTING)?)
}

/// Whether `pin` is the organiser's PIN.
pub fn pin_matches(conn: &Connection, pin: &str) -> Result<bool, PetitionError> {
    let Some(hash) = stored(conn)? else {
        return Err(PetitionError::Pin(
            "No organiser's PIN is set yet. Set one before starting the kiosk.".into(),
        ));
    };
    let parsed = PasswordHash::new(&hash).map_err(|_| hash_failed())?;
    Ok(Argon2::default()
        .verify_password(pin.trim().as_bytes(), &parsed)
        .is_ok())
}

/// What the kiosk shows: the petition and its notice, and never anyone's details.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct KioskView {
    #[ts(type = "number")]
    pub petition_id: i64,
    pub title: String,
    pub addressee: String,
    pub background: String,
    pub prayer: String,
    pub fields: super::signer::Fields,
    /// Empty when there is no "keep me informed" box.
    pub opt_in_text: String,
    pub notice: String,
    pub notice_version: u32,
    /// Where the stall is, for the thank-you screen's small print.
    pub stall: Option<String>,
    /// How many have signed so far, if the organiser chose to show signers the count.
    pub count: Option<u32>,
    /// Seconds without a touch before a half-filled form asks "Still there?".
    pub idle_seconds: u32,
}

/// The organiser's choices for the kiosk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct KioskOptions {
    /// Show signers how many people have signed so far.
    pub show_count: bool,
    /// Seconds without a touch before a half-filled form asks "Still there?" and is then
    /// cleared, so the next person never sees it.
    pub idle_seconds: u32,
}

impl Default for KioskOptions {
    fn default() -> Self {
        KioskOptions {
            show_count: false,
            idle_seconds: 90,
        }
    }
}

const OPTIONS_SETTING: &str = "kiosk_options";
/// Shorter than this and a slow writer is interrupted; longer and a walked-away form stays up.
pub const IDLE_SECONDS: std::ops::RangeInclusive<u32> = 5..=600;

/// The organiser's kiosk choices (the defaults if none were saved, or if they cannot be read).
pub fn options(conn: &Connection) -> Result<KioskOptions, PetitionError> {
    Ok(settings::get(conn, OPTIONS_SETTING)?
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_default())
}

pub fn set_options(conn: &Connection, options: &KioskOptions) -> Result<(), PetitionError> {
    if !IDLE_SECONDS.contains(&options.idle_seconds) {
        return Err(PetitionError::KioskOptions(format!(
            "The kiosk waits between {} and {} seconds before asking \"Still there?\".",
            IDLE_SECONDS.start(),
            IDLE_SECONDS.end()
        )));
    }
    let json = serde_json::to_string(options)
        .map_err(|_| PetitionError::KioskOptions("The kiosk choices could not be saved.".into()))?;
    settings::set(conn, OPTIONS_SETTING, &json)?;
    Ok(())
}

/// Checks the petition can take signatures and gathers what the kiosk shows.
pub fn view(
    conn: &Connection,
    petition_id: i64,
    stall_id: Option<i64>,
) -> Result<KioskView, PetitionError> {
    let petition = super::petition::get(conn, petition_id)?;
    let notice = super::notice::current(conn, petition_id)?;
    petition.ready_to_sign(&notice.text)?;
    let stall = match stall_id {
        Some(id) => Some(super::stalls::check_belongs(conn, id, petition_id)?.label()),
        None => None,
    };
    let options = options(conn)?;
    let count = if options.show_count {
        Some(super::progress::progress(conn, petition_id)?.valid)
    } else {
        None
    };
    Ok(KioskView {
        count,
        idle_seconds: options.idle_seconds,
        petition_id,
        title: petition.draft.title,
        addressee: petition.draft.addressee,
        background: petition.draft.background,
        prayer: petition.draft.prayer,
        fields: petition.draft.fields,
        opt_in_text: petition.draft.opt_in_text,
        notice: notice.text,
        notice_version: notice.version,
        stall,
    })
}

/// Counts wrong tries while the kiosk is running. Kept in memory: restarting the app does not
/// unlock the kiosk anyway, it starts again on the signing form.
#[derive(Debug, Default)]
pub struct PinGuard {
    wrong: u32,
    wait_until: Option<Instant>,
}

impl PinGuard {
    /// Checks a PIN typed to leave the kiosk.
    pub fn try_pin(&mut self, conn: &Connection, pin: &str) -> Result<(), PetitionError> {
        self.try_pin_at(conn, pin, Instant::now())
    }

    pub fn try_pin_at(
        &mut self,
        conn: &Connection,
        pin: &str,
        now: Instant,
    ) -> Result<(), PetitionError> {
        if let Some(until) = self.wait_until
            && now < until
        {
            let seconds = (until - now).as_secs() + 1;
            return Err(PetitionError::WrongPin(format!(
                "Too many wrong tries: please wait {}.",
                words::count(seconds, "second", "seconds")
            )));
        }
        if pin_matches(conn, pin)? {
            *self = PinGuard::default();
            return Ok(());
        }
        self.wrong += 1;
        if self.wrong >= FREE_TRIES {
            self.wait_until = Some(now + WAIT);
            return Err(PetitionError::WrongPin(format!(
                "Too many wrong tries: please wait {} seconds.",
                WAIT.as_secs()
            )));
        }
        Err(PetitionError::WrongPin("Please try again.".into()))
    }
}

fn hash_failed() -> PetitionError {
    PetitionError::Pin("The PIN could not be saved. Please try again.".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn conn() -> Connection {
        let mut conn = Connection::open_in_memory().unwrap();
        crate::store::migrations::migrate_to(&mut conn, crate::store::migrations::LATEST_VERSION)
            .unwrap();
        conn
    }

    #[test]
    fn the_pin_is_kept_only_as_a_slow_hash() {
        let conn = conn();
        assert!(set_pin(&conn, "12").is_err());
        assert!(set_pin(&conn, "12ab").is_err());
        set_pin(&conn, "4821").unwrap();
        let kept = stored(&conn).unwrap().unwrap();
        assert!(kept.starts_with("$argon2id$"), "{kept}");
        assert!(!kept.contains("4821"));
        assert!(pin_matches(&conn, "4821").unwrap());
        assert!(!pin_matches(&conn, "4822").unwrap());
    }

    #[test]
    fn the_organisers_kiosk_choices_are_kept_and_checked() {
        let conn = conn();
        assert_eq!(options(&conn).unwrap(), KioskOptions::default());
        assert_eq!(options(&conn).unwrap().idle_seconds, 90);
        let chosen = KioskOptions {
            show_count: true,
            idle_seconds: 30,
        };
        set_options(&conn, &chosen).unwrap();
        assert_eq!(options(&conn).unwrap(), chosen);
        let too_short = KioskOptions {
            idle_seconds: 2,
            ..chosen
        };
        assert!(matches!(
            set_options(&conn, &too_short),
            Err(PetitionError::KioskOptions(_))
        ));
        assert_eq!(
            options(&conn).unwrap(),
            chosen,
            "a refused choice changes nothing"
        );
    }

    #[test]
    fn wrong_tries_make_the_kiosk_wait() {
        let conn = conn();
        set_pin(&conn, "4821").unwrap();
        let mut guard = PinGuard::default();
        let start = Instant::now();
        for _ in 0..FREE_TRIES {
            assert!(guard.try_pin_at(&conn, "0000", start).is_err());
        }
        // Even the right PIN waits now...
        let err = guard.try_pin_at(&conn, "4821", start).unwrap_err();
        assert!(err.to_string().contains("wait"), "{err}");
        // ...and works once the wait is over.
        guard.try_pin_at(&conn, "4821", start + WAIT).unwrap();
    }
}
