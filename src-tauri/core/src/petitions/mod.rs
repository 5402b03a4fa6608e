//! Petitions: signatures collected at a stall (the kiosk), typed in from paper sheets or read
//! from a file; progress to the target; handing in; and the signers' personal data, which
//! reveals a political opinion and so is special category data under UK GDPR.
//!
//! One module per concept:
//! - [`postcode`], [`signer`]: checking what a signer typed;
//! - [`petition`], [`notice`], [`stalls`]: the petition, its versioned privacy notice, stalls;
//! - [`signatures`], [`duplicates`]: adding signatures and flagging repeats for review;
//! - [`sheets`], [`paper_sheets`]: paper sheets, printed and typed in; [`progress`]: figures,
//!   from running tallies (`tallies`);
//! - [`csv_out`], [`csv_in`]: spreadsheets; [`bundle`]: merging two laptops;
//! - [`hand_in`]: the hand-in pack (letter, count certificate, list of signers);
//! - [`personal_data`]: subject access, erasure, retention; [`kiosk`]: the organiser's PIN.

pub mod bundle;
pub mod bundle_lock;
pub mod csv_in;
pub mod csv_out;
pub mod duplicates;
mod error;
pub mod hand_in;
pub mod ids;
pub mod kiosk;
pub mod notice;
pub mod paper_sheets;
pub mod personal_data;
pub mod petition;
pub mod postcode;
pub mod progress;
pub mod sheets;
pub mod signatures;
pub mod signer;
pub mod stalls;
pub mod sync_folder;
mod tallies;

pub use error::PetitionError;

use chrono::{DateTime, Local};

/// Local time as the database keeps it: `2026-03-14T10:31:05`.
pub(crate) fn timestamp(at: DateTime<Local>) -> String {
    at.format("%Y-%m-%dT%H:%M:%S").to_string()
}

/// A signature's time, to the millisecond, so two signed in the same second still have an
/// order (the earlier one is the original when they repeat each other).
pub(crate) fn precise_timestamp(at: DateTime<Local>) -> String {
    at.format("%Y-%m-%dT%H:%M:%S%.3f").to_string()
}

/// A date as the database keeps it: `2026-03-14`.
pub(crate) fn date(at: DateTime<Local>) -> String {
    at.format("%Y-%m-%d").to_string()
}
