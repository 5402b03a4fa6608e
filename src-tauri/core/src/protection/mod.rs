//! Protecting a laptop's data with a passphrase (UK GDPR: a petition records political
//! opinion, and the ICO's advice for laptops and USB sticks is encryption).
//!
//! - The database, its write-ahead log and its backups are encrypted by SQLCipher, with a
//!   data key worked out from a random **recovery key** ([`keys`]).
//! - The recovery key is printed on a **recovery sheet** ([`sheet`]) to keep at home, and
//!   kept on the laptop only locked with the organiser's **passphrase** ([`key_file`]).
//! - Either opens the data. Changing the passphrase rewrites only the key file.
//! - Turning protection on or off copies the data into a new file and swaps it in with one
//!   rename, so a laptop that dies half-way has either the old file or the new ([`switch`]).

pub mod key_file;
pub mod keys;
pub mod sheet;
pub mod strength;
pub mod switch;

use std::path::Path;

use crate::problem::{FieldProblem, Problem};
use crate::store::StoreError;
use key_file::KeyFile;
pub use keys::{DataKey, RecoveryKey};

/// What can go wrong while locking or unlocking, in words an organiser can act on.
#[derive(Debug, thiserror::Error)]
pub enum ProtectionError {
    #[error(
        "That passphrase does not open this laptop's data. Check that Caps Lock is off and try \
         again. If the passphrase is lost, type the recovery key from the recovery sheet instead."
    )]
    WrongSecret,

    #[error("That passphrase is not safe enough: {words}. {advice}")]
    Weak { words: String, advice: String },

    #[error("The two passphrases are not the same. Type it again in the second box.")]
    Mismatch,

    #[error("This laptop's data is already protected.")]
    AlreadyOn,

    #[error("This laptop's data is not protected, so there is no passphrase to use.")]
    NotOn,

    #[error(
        "Campaign Kit's key file could not be used ({0}). Nothing has been changed. Type the \
         recovery key from the recovery sheet instead of the passphrase."
    )]
    KeyFile(String),

    #[error(
        "This computer could not give Campaign Kit the random numbers a key needs ({0}). \
         Nothing has been changed."
    )]
    Random(String),

    #[error(
        "The recovery sheet could not be saved ({0}). Protection has not been turned on: \
         choose another place for the sheet and try again."
    )]
    Sheet(String),

    #[error(
        "Campaign Kit's data is open somewhere else too (another Campaign Kit window, or a \
         command). Close it, then try again. Nothing has been changed."
    )]
    InUse,

    #[error(transparent)]
    Store(#[from] StoreError),
}

impl Problem for ProtectionError {
    fn code(&self) -> &'static str {
        match self {
            ProtectionError::WrongSecret => "protection_wrong_passphrase",
            ProtectionError::Weak { .. } => "protection_weak",
            ProtectionError::Mismatch => "protection_mismatch",
            ProtectionError::AlreadyOn => "protection_already_on",
            ProtectionError::NotOn => "protection_not_on",
            ProtectionError::KeyFile(_) => "protection_key_file",
            ProtectionError::Random(_) => "protection_random",
            ProtectionError::Sheet(_) => "protection_sheet",
            ProtectionError::InUse => "protection_in_use",
            ProtectionError::Store(e) => e.code(),
        }
    }

    fn field_problems(&self) -> Vec<FieldProblem> {
        let field = |field: &str| {
            vec![FieldProblem {
                field: field.into(),
                message: self.to_string(),
            }]
        };
        match self {
            ProtectionError::Weak { .. } => field("passphrase"),
            ProtectionError::Mismatch => field("confirm"),
            ProtectionError::WrongSecret => field("secret"),
            _ => Vec::new(),
        }
    }
}

/// Whether the data folder at `root` is protected (it has a key file).
pub fn is_on(root: &Path) -> bool {
    key_file::path(root).exists()
}

/// Opens the protection with what the person typed: the passphrase, or the recovery key
/// from the sheet (in any case, with or without dashes). Gives the recovery key, which the
/// store needs for its backups and the switch for finishing a change cut short.
pub fn unlock(root: &Path, typed: &str) -> Result<RecoveryKey, ProtectionError> {
    let key_file = KeyFile::read(root)?.ok_or(ProtectionError::NotOn)?;
    if let Some(recovery) = RecoveryKey::parse(typed)
        && recovery.data_key().check() == key_file.check
    {
        return Ok(recovery);
    }
    // Passphrases are taken exactly as typed, except for spaces at the ends, which nobody
    // means and a phone keyboard adds.
    key_file.open(typed.trim())
}
