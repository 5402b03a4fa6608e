//! What can go wrong with petitions, in words a volunteer can act on.

use crate::problem::{FieldProblem, Problem};
use crate::store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum PetitionError {
    #[error(transparent)]
    Store(#[from] StoreError),

    #[error("That petition is not here any more. It may have been deleted.")]
    NotFound,

    #[error("That signature is not here any more.")]
    SignatureNotFound,

    #[error("That stall is not here any more.")]
    StallNotFound,

    // The problems themselves go beside their fields (see `field_problems`).
    #[error("Please check the petition's details marked below.")]
    InvalidPetition(Vec<FieldProblem>),

    #[error("Please check the details marked below.")]
    InvalidSigner(Vec<FieldProblem>),

    #[error("Please check the stall's details marked below.")]
    InvalidStall(Vec<FieldProblem>),

    #[error(
        "This petition is {status}, so it takes no more signatures. An organiser can open it \
         again from its page."
    )]
    NotOpen { status: &'static str },

    #[error(
        "The signers' personal details for this petition were erased on {on}, after it was \
         handed in. The counts are kept; names can no longer be added, shown or exported."
    )]
    Erased { on: String },

    #[error("{0}")]
    NotReady(String),

    #[error("Sheet {sheet} has lines 1 to {rows}; there is no line {line}.")]
    NoSuchLine { sheet: u32, line: u32, rows: u32 },

    #[error("That PIN is not right. {0}")]
    WrongPin(String),

    #[error("{0}")]
    Pin(String),
    #[error("{0}")]
    KioskOptions(String),

    #[error("{message}")]
    File { message: String },

    #[error("{message}")]
    Import {
        message: String,
        bad_rows: Vec<super::csv_in::BadRow>,
    },

    #[error("{0}")]
    Bundle(String),

    #[error(
        "This bundle is locked with a passphrase. Type the passphrase the organisers agreed \
         when it was saved. Nothing was imported."
    )]
    BundleLocked,

    #[error(
        "That passphrase does not open this bundle. Check it with the organiser who saved it \
         (and that Caps Lock is off). Nothing was imported."
    )]
    BundleWrongPassphrase,
}

impl Problem for PetitionError {
    fn code(&self) -> &'static str {
        match self {
            PetitionError::Store(e) => e.code(),
            PetitionError::NotFound => "petition_not_found",
            PetitionError::SignatureNotFound => "signature_not_found",
            PetitionError::StallNotFound => "stall_not_found",
            PetitionError::InvalidPetition(_) => "petition_invalid",
            PetitionError::InvalidSigner(_) => "signer_invalid",
            PetitionError::InvalidStall(_) => "stall_invalid",
            PetitionError::NotOpen { .. } => "petition_not_open",
            PetitionError::Erased { .. } => "petition_erased",
            PetitionError::NotReady(_) => "petition_not_ready",
            PetitionError::NoSuchLine { .. } => "sheet_no_such_line",
            PetitionError::WrongPin(_) => "kiosk_wrong_pin",
            PetitionError::Pin(_) => "kiosk_pin",
            PetitionError::KioskOptions(_) => "kiosk_options",
            PetitionError::File { .. } => "petition_file",
            PetitionError::Import { .. } => "petition_import",
            PetitionError::Bundle(_) => "petition_bundle",
            PetitionError::BundleLocked => "bundle_locked",
            PetitionError::BundleWrongPassphrase => "bundle_wrong_passphrase",
        }
    }

    fn field_problems(&self) -> Vec<FieldProblem> {
        match self {
            PetitionError::InvalidPetition(p)
            | PetitionError::InvalidSigner(p)
            | PetitionError::InvalidStall(p) => p.clone(),
            // Each bad row of an import, by its line in the file, for the list on screen.
            PetitionError::Import { bad_rows, .. } => super::csv_in::bad_rows_as_fields(bad_rows),
            PetitionError::BundleLocked | PetitionError::BundleWrongPassphrase => {
                vec![FieldProblem {
                    field: "bundlePassphrase".into(),
                    message: self.to_string(),
                }]
            }
            _ => Vec::new(),
        }
    }
}

impl From<rusqlite::Error> for PetitionError {
    /// Sorts a SQLite error as the store does (disk full, read-only, damaged), so `?` works in
    /// the petition modules. The file's name is not known here; the start-up check names it.
    fn from(err: rusqlite::Error) -> Self {
        PetitionError::Store(StoreError::from_sqlite(err, std::path::Path::new("")))
    }
}
