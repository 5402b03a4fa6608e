//! Campaign Kit's domain library.
//!
//! Everything a volunteer relies on lives here, so that it can be tested without a window and
//! used the same way by the desktop app and the `campaign-kit` command line:
//! - [`paths`]: where the data lives (the OS app-data folder, or one the user chooses);
//! - [`store`]: the SQLite database, its migrations, backups and recovery;
//! - [`group`]: "Our group", the details that leaflets and petitions print;
//! - [`audit`]: a log of what was done to the data (backups, restores, upgrades);
//! - [`briefings`]: the briefing format, parsed into sections of sanitised HTML.
//!
//! Errors are typed per module and implement [`problem::Problem`], which gives each a stable
//! code and a message in plain words for the user.

pub mod audit;
pub mod briefings;
pub mod files;
pub mod group;
pub mod paths;
pub mod petitions;
pub mod print;
pub mod problem;
pub mod startup;
pub mod store;
