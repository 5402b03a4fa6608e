//! The core's integration tests: one module per part of the app, built as one test program.
//! One program compiles and links once, where one per file linked fourteen times over (about a
//! minute of every run of the suite, most of it on the Windows build). Run one part with, for
//! example, `cargo test -p campaign-kit-core --test it library::`.

mod bin;
mod briefings;
mod library;
mod own_briefings;
mod paperwork;
mod pdf_tools;
mod petition_sheets;
mod petitions;
mod print_leaflets;
mod print_text;
mod protection;
mod readers;
mod shipped_texts;
mod store;
mod sync_folder;
