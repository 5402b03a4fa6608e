//! Campaign Kit's domain library.
//!
//! Everything a volunteer relies on lives here, so that it can be tested without a window and
//! used the same way by the desktop app and the `campaign-kit` command line:
//! - [`paths`]: where the data lives (the OS app-data folder, or one the user chooses);
//! - [`store`]: the SQLite database, its migrations, backups and recovery;
//! - [`startup`]: opening the data folder as the app and the command line both need it;
//! - [`group`]: "Our group", the details that leaflets and petitions print;
//! - [`audit`]: a log of what was done to the data (backups, exports, erasures), never whose;
//! - [`files`]: saving a file whole or not at all, and plain names for files and ids;
//! - [`leftovers`]: half-written exports of people's data, removed at the next start;
//! - [`briefings`]: the briefing format, the library, search, the glossary, the group's own
//!   briefings and packs to share;
//! - [`print`]: the print engine: templates, designs, layout, PDFs for home, shop and tiles;
//! - [`petitions`]: petitions, signatures from the kiosk, paper and CSV, progress, merging
//!   laptops, the hand-in pack, and people's rights over their data;
//! - [`paperwork`]: letters, motions, press releases and FOI requests, the people written to,
//!   and what came back;
//! - [`protection`]: the passphrase that encrypts the data, the recovery sheet;
//! - [`problem`]: the plain message and code every error gives the person.
//!
//! Errors are typed per module and implement [`problem::Problem`], which gives each a stable
//! code and a message in plain words for the user.

pub mod audit;
pub mod bin;
pub mod briefings;
pub mod display;
pub mod files;
pub mod group;
pub mod leftovers;
pub mod paperwork;
pub mod paths;
pub mod petitions;
pub mod print;
pub mod problem;
pub mod protection;
pub mod startup;
pub mod store;
pub mod words;
