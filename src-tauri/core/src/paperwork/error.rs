//! What can go wrong with the paperwork, in words a volunteer can act on.

use crate::problem::{FieldProblem, Problem};
use crate::store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum PaperworkError {
    #[error(transparent)]
    Store(#[from] StoreError),

    #[error(
        "Campaign Kit does not have the template \"{0}\". It may come from a newer version, or \
         have been deleted."
    )]
    UnknownTemplate(String),

    #[error("That template cannot be used: {0}")]
    BadTemplate(String),

    #[error("That letter is not here any more. It may have been deleted.")]
    DocumentNotFound,

    #[error("That person is not in the address book any more.")]
    PersonNotFound,

    // The problems themselves go beside their fields (see `field_problems`).
    #[error("Please check the details marked below.")]
    InvalidPerson(Vec<FieldProblem>),

    #[error("{0}")]
    NotReady(String),

    #[error("{message}")]
    Import {
        message: String,
        bad_rows: Vec<crate::petitions::csv_in::BadRow>,
    },

    #[error("{0}")]
    File(String),

    #[error("The file could not be made. Nothing has been saved; please try again.")]
    Output,
}

impl Problem for PaperworkError {
    fn code(&self) -> &'static str {
        match self {
            PaperworkError::Store(e) => e.code(),
            PaperworkError::UnknownTemplate(_) => "paperwork_unknown_template",
            PaperworkError::BadTemplate(_) => "paperwork_bad_template",
            PaperworkError::DocumentNotFound => "paperwork_not_found",
            PaperworkError::PersonNotFound => "person_not_found",
            PaperworkError::InvalidPerson(_) => "person_invalid",
            PaperworkError::NotReady(_) => "paperwork_not_ready",
            PaperworkError::Import { .. } => "people_import",
            PaperworkError::File(_) => "paperwork_file",
            PaperworkError::Output => "paperwork_output",
        }
    }

    fn field_problems(&self) -> Vec<FieldProblem> {
        match self {
            PaperworkError::InvalidPerson(p) => p.clone(),
            // Each bad row of an import, by its line in the file, for the list on screen.
            PaperworkError::Import { bad_rows, .. } => {
                crate::petitions::csv_in::bad_rows_as_fields(bad_rows)
            }
            _ => Vec::new(),
        }
    }
}

impl From<rusqlite::Error> for PaperworkError {
    /// Sorts a SQLite error as the store does (disk full, read-only, damaged).
    fn from(err: rusqlite::Error) -> Self {
        PaperworkError::Store(StoreError::from_sqlite(err, std::path::Path::new("")))
    }
}
