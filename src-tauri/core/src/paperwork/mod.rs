//! The campaign's paperwork: letters to MPs, councillors and the ICB, model motions, press
//! releases, public questions and Freedom of Information requests.
//!
//! One module per concept:
//! - [`templates`]: the starting texts (`resources/paperwork/*.toml`, and the group's copies);
//! - [`people`], [`people_csv`]: the people the group writes to, and their spreadsheets;
//! - [`fill`]: a text with the group's, the person's and today's details put in;
//! - [`documents`]: what was written, to whom, when it was sent and what came back;
//! - [`due_dates`]: when an FOI reply is due, in working days, with the UK's bank holidays;
//! - [`layout`]: the printed page (letterhead, the address in the envelope window);
//! - [`word`]: the same as a Word file, one per person in a zip for a mail merge;
//! - [`email`]: a `mailto:` address that opens the person's mail program;
//! - [`outputs`]: the preview, PDF, Word file and email made from what the editor holds.

pub mod documents;
pub mod due_dates;
pub mod email;
mod error;
pub mod fill;
pub mod layout;
pub mod outputs;
pub mod people;
pub mod people_csv;
pub mod templates;
pub mod word;

pub use error::PaperworkError;

use chrono::Local;

/// Local time as the database keeps it: `2026-03-14T10:31:05`.
fn now_text() -> String {
    Local::now().format("%Y-%m-%dT%H:%M:%S").to_string()
}
