//! `campaign-kit petition ...`: petitions from the command line, over the same library as the
//! app. A signature's id is printed only once it is safely saved.

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

use campaign_kit_core::petitions::csv_in::{self, ColumnMapping};
use campaign_kit_core::petitions::csv_out::{self, ExportKind};
use campaign_kit_core::petitions::hand_in::{self, SignerList};
use campaign_kit_core::petitions::petition::{self, AddresseeKind, Petition, PetitionDraft};
use campaign_kit_core::petitions::signatures::{self, NewSignature, Source};
use campaign_kit_core::petitions::signer::{Fields, SignerInput};
use campaign_kit_core::petitions::stalls::{self, StallDraft};
use campaign_kit_core::petitions::{PetitionError, bundle, paper_sheets, progress, sync_folder};
use campaign_kit_core::store::Store;
use campaign_kit_core::words;
use clap::{Args, Subcommand, ValueEnum};

use crate::{CliResult, explain};

#[derive(Debug, Subcommand)]
pub enum PetitionCommand {
    /// List the petitions, with their codes and counts.
    List,
    /// Make a petition. Its privacy notice starts from the template, naming "Our group".
    Create(Create),
    /// Add a stall (a collecting session) to a petition; prints its number.
    Stall {
        /// The petition's code (P-...) or number.
        petition: String,
        #[arg(long)]
        place: String,
        /// The day, as 2026-03-14.
        #[arg(long)]
        date: String,
        #[arg(long, default_value = "")]
        volunteers: String,
    },
    /// Add a signature; prints its id once it is saved.
    Sign(Sign),
    /// Show the count against the target, by day, stall, source and postcode district.
    Progress {
        petition: String,
        /// Print the figures as JSON, for scripts.
        #[arg(long)]
        json: bool,
    },
    /// Save the signatures as a CSV file for a spreadsheet.
    Export {
        petition: String,
        #[arg(short, long, value_name = "OUT.csv")]
        out: PathBuf,
        /// Only people who ticked "keep me informed": name and email, for the mailing list.
        #[arg(long)]
        mailing_list: bool,
    },
    /// Add the signatures in a CSV file. All rows or none; the same rows again add nothing.
    Import {
        petition: String,
        #[arg(value_name = "FILE.csv")]
        file: PathBuf,
        /// The stall the rows were collected at (its number, from `petition stall`).
        #[arg(long)]
        stall: Option<i64>,
        /// Which column holds a detail, when its heading is not one Campaign Kit recognises:
        /// FIELD=HEADING, for example --column "name=Nom complet". Fields: name, postcode,
        /// email, phone, opted-in, signed.
        #[arg(long = "column", value_name = "FIELD=HEADING")]
        columns: Vec<String>,
    },
    /// Save a bundle of the petition for another laptop to merge. It is locked with a
    /// passphrase the two organisers agree, typed when asked (or set in
    /// CAMPAIGN_KIT_BUNDLE_PASSPHRASE for a script).
    Bundle {
        petition: String,
        #[arg(short, long, value_name = "OUT.ckpetition")]
        out: PathBuf,
        /// Save it unlocked, so anyone who finds the file can read the signers' details.
        #[arg(long)]
        no_passphrase: bool,
    },
    /// Merge a bundle saved on another laptop. Merging it again changes nothing. A locked
    /// bundle asks for its passphrase (or reads CAMPAIGN_KIT_BUNDLE_PASSPHRASE).
    Merge {
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
    /// Share petitions with other laptops through a folder kept in step by sync software
    /// (Syncthing, Nextcloud, a shared drive). With --folder, starts sharing there (the
    /// passphrase is asked for, or read from CAMPAIGN_KIT_BUNDLE_PASSPHRASE); with --stop,
    /// stops; with neither, shares now and says which laptops were heard from.
    Share {
        #[arg(long, value_name = "FOLDER")]
        folder: Option<PathBuf>,
        /// A name for this laptop, shown on the others.
        #[arg(long, default_value = "")]
        name: String,
        #[arg(long, conflicts_with = "folder")]
        stop: bool,
    },
    /// Number new paper signature sheets and save them as a PDF to print. Each sheet gets the
    /// next number, so lines typed in later can be traced to their sheet.
    Sheets {
        petition: String,
        #[arg(short, long, value_name = "OUT.pdf")]
        out: PathBuf,
        /// How many sheets.
        #[arg(long, default_value_t = 1)]
        count: u32,
    },
    /// Save the pack to hand in: a covering letter, a certificate of the count, and the list
    /// of signers.
    HandIn {
        petition: String,
        #[arg(short, long, value_name = "OUT.pdf")]
        out: PathBuf,
        /// What the list of signers shows: name and postcode district (N1), name and full
        /// postcode, or no list.
        #[arg(long, value_enum, default_value = "district")]
        list: SignerListArg,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum SignerListArg {
    District,
    Postcode,
    None,
}

#[derive(Debug, Args)]
pub struct Create {
    #[arg(long)]
    pub title: String,
    /// What the petition asks for.
    #[arg(long)]
    pub request: String,
    /// Why: the full text for sheet 1 and the kiosk.
    #[arg(long, default_value = "")]
    pub background: String,
    /// Who it goes to, as "Camden Council".
    #[arg(long)]
    pub to: String,
    #[arg(long, value_enum, default_value = "council")]
    pub kind: KindArg,
    /// For the House of Commons: who is petitioning, as "residents of Camden".
    #[arg(long, default_value = "")]
    pub petitioners: String,
    #[arg(long)]
    pub target: u32,
    /// As 2027-03-31.
    #[arg(long, default_value = "")]
    pub deadline: String,
    /// Do not ask for a postcode.
    #[arg(long)]
    pub no_postcode: bool,
    #[arg(long)]
    pub ask_email: bool,
    #[arg(long)]
    pub ask_phone: bool,
    /// No "keep me informed" box.
    #[arg(long)]
    pub no_opt_in: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum KindArg {
    Council,
    Mp,
    IcsBoard,
    Commons,
    Other,
}

#[derive(Debug, Args)]
pub struct Sign {
    pub petition: String,
    #[arg(long, required_unless_present = "stdin", default_value = "")]
    pub name: String,
    #[arg(long, default_value = "")]
    pub postcode: String,
    #[arg(long, default_value = "")]
    pub email: String,
    #[arg(long, default_value = "")]
    pub phone: String,
    /// They ticked "keep me informed".
    #[arg(long)]
    pub opt_in: bool,
    #[arg(long)]
    pub stall: Option<i64>,
    /// From a paper sheet: its number (with --line).
    #[arg(long, requires = "line")]
    pub sheet: Option<u32>,
    #[arg(long, requires = "sheet")]
    pub line: Option<u32>,
    /// Read signatures from standard input, one JSON object per line
    /// ({"name": "...", "postcode": "..."}), printing "saved ID" after each is saved.
    #[arg(long, conflicts_with_all = ["name", "sheet"])]
    pub stdin: bool,
}

pub fn run(data_dir: &Path, command: PetitionCommand, out: &mut dyn Write) -> CliResult {
    let mut store = crate::open_synced(data_dir)?;
    let store = &mut store;
    let fail = |e: PetitionError| explain(&e);
    let text = match command {
        PetitionCommand::List => list(store).map_err(fail)?,
        PetitionCommand::Create(create) => {
            let p = petition::create(store, &draft_of(create)).map_err(fail)?;
            format!(
                "Made petition {} (number {}): {}\n",
                p.code, p.id, p.draft.title
            )
        }
        PetitionCommand::Stall {
            petition,
            place,
            date,
            volunteers,
        } => {
            let p = find(store, &petition)?;
            let draft = StallDraft {
                place,
                held_on: date,
                volunteers,
            };
            let stall = stalls::add(store.conn(), p.id, &draft).map_err(fail)?;
            format!("Stall {}: {}\n", stall.id, stall.label())
        }
        PetitionCommand::Sign(sign) if sign.stdin => return sign_stream(store, &sign, out),
        PetitionCommand::Sign(sign) => {
            let p = find(store, &sign.petition)?;
            let source = match (sign.sheet, sign.line) {
                (Some(sheet), Some(line)) => Source::Paper { sheet, line },
                _ => Source::Typed,
            };
            let new = NewSignature {
                signer: SignerInput {
                    name: sign.name,
                    postcode: sign.postcode,
                    email: sign.email,
                    phone: sign.phone,
                    opted_in: sign.opt_in,
                },
                stall_id: sign.stall,
                source,
            };
            let added = signatures::add(store, p.id, &new).map_err(fail)?;
            let note = if added.flagged {
                " (flagged: it may repeat an earlier signature; review it in the app)"
            } else {
                ""
            };
            format!("saved {}{note}\n", added.uid)
        }
        PetitionCommand::Progress { petition, json } => {
            let p = find(store, &petition)?;
            let figures = progress::progress(store.conn(), p.id).map_err(fail)?;
            if json {
                serde_json::to_string_pretty(&figures).map_err(|e| e.to_string())? + "\n"
            } else {
                progress_text(&p, &figures)
            }
        }
        PetitionCommand::Export {
            petition,
            out: path,
            mailing_list,
        } => {
            let p = find(store, &petition)?;
            let kind = if mailing_list {
                ExportKind::MailingList
            } else {
                ExportKind::All
            };
            let rows = csv_out::save(store.conn(), p.id, kind, &path).map_err(fail)?;
            format!(
                "Saved {} to {}\n",
                words::count(rows, "row", "rows"),
                path.display()
            )
        }
        PetitionCommand::Import {
            petition,
            file,
            stall,
            columns,
        } => {
            let p = find(store, &petition)?;
            let text = csv_in::read_file(&file).map_err(fail)?;
            let preview = csv_in::preview(&text, p.draft.fields).map_err(fail)?;
            let mut mapping = preview.suggested.clone();
            for choice in &columns {
                choose_column(&mut mapping, &preview.columns, choice)?;
            }
            let outcome =
                csv_in::import(store, p.id, &text, &mapping, stall).map_err(|e| explain(&e))?;
            format!(
                "Added {} ({} already there, {} flagged as {}).\n",
                words::count(outcome.added, "signature", "signatures"),
                outcome.already_there,
                outcome.flagged,
                if outcome.flagged == 1 {
                    "a possible repeat"
                } else {
                    "possible repeats"
                }
            )
        }
        PetitionCommand::Bundle {
            petition,
            out: path,
            no_passphrase,
        } => {
            let p = find(store, &petition)?;
            let passphrase = if no_passphrase {
                None
            } else {
                Some(crate::protect::new_bundle_passphrase()?)
            };
            let count =
                bundle::save(store.conn(), p.id, &path, passphrase.as_deref()).map_err(fail)?;
            if passphrase.is_some() {
                format!(
                    "Saved {} to {}, locked with the passphrase. Tell the other \
                     organiser the passphrase in person or by phone, not in the same email as \
                     the file. Delete the file once merged.\n",
                    words::count(count, "signature", "signatures"),
                    path.display()
                )
            } else {
                format!(
                    "Saved {} to {} WITHOUT a passphrase: anyone who finds the \
                     file can read the signers' details. Pass it by hand and delete it once \
                     merged.\n",
                    words::count(count, "signature", "signatures"),
                    path.display()
                )
            }
        }
        PetitionCommand::Sheets {
            petition,
            out: path,
            count,
        } => {
            let p = find(store, &petition)?;
            let (batch, pdf) = paper_sheets::print(store.conn(), p.id, count).map_err(fail)?;
            save_pdf(&path, &pdf, "The sheets were not saved")?;
            let sheets = if batch.first_sheet == batch.last_sheet {
                format!("sheet {}", batch.first_sheet)
            } else {
                format!("sheets {} to {}", batch.first_sheet, batch.last_sheet)
            };
            format!(
                "Saved {sheets} of \"{}\" to {}.\n",
                p.draft.title,
                path.display()
            )
        }
        PetitionCommand::HandIn {
            petition,
            out: path,
            list,
        } => {
            let p = find(store, &petition)?;
            let list = match list {
                SignerListArg::District => SignerList::NameAndDistrict,
                SignerListArg::Postcode => SignerList::NameAndPostcode,
                SignerListArg::None => SignerList::None,
            };
            hand_in::save(store, p.id, list, &path).map_err(fail)?;
            format!(
                "Saved the hand-in pack for \"{}\" to {}.\n",
                p.draft.title,
                path.display()
            )
        }
        PetitionCommand::Share { folder, name, stop } => {
            if stop {
                sync_folder::stop(store).map_err(fail)?;
                "Sharing has stopped. This laptop's file was taken out of the folder.\n".to_string()
            } else {
                if let Some(folder) = folder {
                    let passphrase = crate::protect::new_bundle_passphrase()?;
                    sync_folder::set_up(store, &folder, &passphrase, &name).map_err(fail)?;
                }
                share_now(store).map_err(fail)?
            }
        }
        PetitionCommand::Merge { file } => {
            let read = match bundle::read_file(&file, None) {
                Err(PetitionError::BundleLocked) => {
                    let passphrase = crate::protect::bundle_passphrase()?;
                    bundle::read_file(&file, Some(&passphrase))
                }
                other => other,
            }
            .map_err(fail)?;
            let m = bundle::merge(store, &read).map_err(fail)?;
            format!(
                "Merged \"{}\": {} added, {} updated, {} already here.\n",
                m.title, m.added, m.updated, m.unchanged
            )
        }
    };
    out.write_all(text.as_bytes()).map_err(|e| e.to_string())
}

/// Saves a PDF whole or not at all, saying what was not saved and why.
fn save_pdf(path: &Path, pdf: &[u8], not_saved: &str) -> CliResult {
    campaign_kit_core::files::write_whole(path, pdf)
        .map_err(|reason| format!("{not_saved}: {reason}."))
}

/// Adds one signature per line of standard input, printing "saved ID" after each commit, so
/// a script (or the crash test) knows exactly which were saved.
fn sign_stream(store: &mut Store, sign: &Sign, out: &mut dyn Write) -> CliResult {
    let p = find(store, &sign.petition)?;
    let stdin = std::io::stdin();
    for (number, line) in stdin.lock().lines().enumerate() {
        let line = line.map_err(|e| format!("could not read standard input: {e}"))?;
        if line.trim().is_empty() {
            continue;
        }
        let signer: SignerInput = serde_json::from_str(&line)
            .map_err(|e| format!("line {}: not a signer as JSON ({e})", number + 1))?;
        let new = NewSignature {
            signer,
            stall_id: sign.stall,
            source: Source::Typed,
        };
        let added = signatures::add(store, p.id, &new)
            .map_err(|e| format!("line {}: {}", number + 1, explain(&e)))?;
        writeln!(out, "saved {}", added.uid).map_err(|e| e.to_string())?;
        out.flush().map_err(|e| e.to_string())?;
    }
    Ok(())
}

fn list(store: &Store) -> Result<String, PetitionError> {
    let petitions = petition::list(store.conn())?;
    if petitions.is_empty() {
        return Ok("No petitions yet. Make one with `petition create`.\n".into());
    }
    let mut text = String::new();
    for p in petitions {
        let figures = progress::progress(store.conn(), p.id)?;
        text.push_str(&format!(
            "{} (number {}) {}: {} of {}, {}\n",
            p.code,
            p.id,
            p.draft.title,
            words::with_commas(figures.valid),
            words::count(figures.target, "signature", "signatures"),
            p.status.words()
        ));
    }
    Ok(text)
}

fn progress_text(p: &Petition, f: &progress::Progress) -> String {
    let percent = u64::from(f.valid) * 100 / u64::from(f.target.max(1));
    let mut text = format!(
        "{} ({})\n{} of {} ({percent}%)\n{}\n",
        p.draft.title,
        p.code,
        words::with_commas(f.valid),
        words::count(f.target, "signature", "signatures"),
        f.valid_means
    );
    for (heading, tallies) in [
        ("By day", &f.by_day),
        ("By stall", &f.by_stall),
        ("By source", &f.by_source),
        ("By postcode district", &f.by_district),
    ] {
        text.push_str(&format!("{heading}:\n"));
        for t in tallies {
            text.push_str(&format!("  {}: {}\n", t.label, t.count));
        }
    }
    text
}

/// A petition by its code (P-...) or number.
/// One round of sharing, and who has been heard from.
fn share_now(store: &mut Store) -> Result<String, PetitionError> {
    let round = sync_folder::run_round(store)?;
    let status = sync_folder::status(store.conn())?;
    let Some(folder) = status.folder else {
        return Ok("Not sharing through a folder. Start with: campaign-kit petition share --folder FOLDER --name \"Stall laptop 1\"\n".into());
    };
    let merged = match round.merged {
        1 => "1 other laptop's file".to_string(),
        n => format!("{n} other laptops' files"),
    };
    let mut text = format!(
        "Sharing through {folder}: merged {merged} now ({} new signatures){}.\n",
        round.added,
        if round.wrote_own {
            "; this laptop's file written"
        } else {
            ""
        }
    );
    for name in &round.skipped {
        text.push_str(&format!(
            "  Left for later (still copying, or another passphrase): {name}\n"
        ));
    }
    for other in &status.others {
        text.push_str(&format!(
            "  {}: {}, last seen {}\n",
            other.name,
            words::count(other.signatures, "signature", "signatures"),
            other.last_seen
        ));
    }
    Ok(text)
}

fn find(store: &Store, key: &str) -> Result<Petition, String> {
    let key = key.trim();
    let all = petition::list(store.conn()).map_err(|e| explain(&e))?;
    all.into_iter()
        .find(|p| p.code.eq_ignore_ascii_case(key) || p.id.to_string() == key)
        .ok_or_else(|| {
            format!("there is no petition {key}. `petition list` shows their codes and numbers.")
        })
}

fn draft_of(c: Create) -> PetitionDraft {
    let defaults = PetitionDraft::default();
    PetitionDraft {
        title: c.title,
        background: c.background,
        prayer: c.request,
        addressee_kind: match c.kind {
            KindArg::Council => AddresseeKind::Council,
            KindArg::Mp => AddresseeKind::Mp,
            KindArg::IcsBoard => AddresseeKind::IcsBoard,
            KindArg::Commons => AddresseeKind::Commons,
            KindArg::Other => AddresseeKind::Other,
        },
        addressee: c.to,
        petitioners: c.petitioners,
        target: c.target,
        deadline: c.deadline,
        fields: Fields {
            postcode: !c.no_postcode,
            email: c.ask_email,
            phone: c.ask_phone,
        },
        opt_in_text: if c.no_opt_in {
            String::new()
        } else {
            defaults.opt_in_text
        },
        retention_months: defaults.retention_months,
    }
}

/// Applies one `--column FIELD=HEADING` to the suggested mapping, as the window's column
/// screen lets a person do.
fn choose_column(mapping: &mut ColumnMapping, headings: &[String], choice: &str) -> CliResult {
    let (field, heading) = choice.split_once('=').ok_or_else(|| {
        format!("--column {choice}: write it as FIELD=HEADING, such as name=Full name")
    })?;
    let index = headings
        .iter()
        .position(|h| h.trim().eq_ignore_ascii_case(heading.trim()))
        .ok_or_else(|| {
            format!(
                "--column {choice}: the file has no column headed \"{heading}\". Its columns are: {}",
                headings.join(", ")
            )
        })? as u32;
    let slot = match field.trim().to_ascii_lowercase().as_str() {
        "name" => &mut mapping.name,
        "postcode" => &mut mapping.postcode,
        "email" => &mut mapping.email,
        "phone" => &mut mapping.phone,
        "opted-in" => &mut mapping.opted_in,
        "signed" => &mut mapping.signed,
        _ => {
            return Err(format!(
                "--column {choice}: \"{field}\" is not a detail; use name, postcode, email, phone, opted-in or signed"
            ));
        }
    };
    *slot = Some(index);
    Ok(())
}
