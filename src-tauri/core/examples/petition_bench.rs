//! Petition benchmark at a million signatures:
//! `cargo run --release -p campaign-kit-core --example petition_bench [SIGNATURES] [--protected]`
//!
//! With `--protected` the data is protected with a passphrase first (SQLCipher encrypts
//! every page), so the two runs give the cost of protection.
//!
//! Builds a data folder holding one petition with SIGNATURES (default 1,000,000) signatures
//! (imported from a generated CSV, so the import itself is timed too), then times:
//! - opening the data, as the app and every command do at start-up (the day's full check of
//!   the file falls on the first of five opens, which the median leaves out);
//! - the progress figures (count, by day, stall, source and district);
//! - adding one signature, duplicate check and durable commit included;
//! - exporting a 100,000-row petition to CSV;
//! - importing 100,000 rows from CSV into the million-signature petition,
//!   beside the `sqlite3` command-line tool's `.import` of the same file into the same
//!   database file (a plain table: no checks, no duplicate flags), and the ratio.
//!
//! Figures are medians; the README and the note quote them.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use campaign_kit_core::group::{self, GroupDetails};
use campaign_kit_core::petitions::csv_in;
use campaign_kit_core::petitions::csv_out::{self, ExportKind};
use campaign_kit_core::petitions::petition::{self, PetitionDraft};
use campaign_kit_core::petitions::progress;
use campaign_kit_core::petitions::signatures::{self, NewSignature, Source};
use campaign_kit_core::petitions::signer::{Fields, SignerInput};
use campaign_kit_core::protection::{RecoveryKey, switch};
use campaign_kit_core::store::Store;

const FIRST: &[&str] = &[
    "Ann", "Bilal", "Chris", "Dee", "Esther", "Farid", "Grace", "Hamza", "Iris", "Jon", "Kemi",
    "Liam", "Maya", "Nadia", "Owen", "Priya", "Rhys", "Sian", "Tomasz", "Uma", "Vik", "Wen",
    "Yusuf", "Zofia",
];
const LAST: &[&str] = &[
    "Lee", "Khan", "Odu", "Smith", "Jones", "Patel", "Nowak", "Evans", "Begum", "Murphy", "Hughes",
    "Ali", "Clarke", "Davies", "Rahman", "Wright", "Ahmed", "Walker", "Kaur", "Green",
];
const DISTRICTS: &[&str] = &[
    "N1", "N7", "N19", "NW1", "NW5", "E1", "E8", "SE1", "SW1A", "EC1A", "WC1E", "M1", "B33", "CR2",
    "DN55", "LS6", "BS3", "CF10", "G12", "EH8",
];
const INWARD_LETTERS: &[u8] = b"ABDEFGHJLNPQRSTUWXYZ";

/// A made-up but valid signer; about 1 in 100 repeats an earlier one.
fn signer_row(n: usize) -> String {
    let k = if n % 100 == 99 { n / 2 } else { n };
    let first = FIRST[k % FIRST.len()];
    let last = LAST[(k / FIRST.len()) % LAST.len()];
    let district = DISTRICTS[(k / 7) % DISTRICTS.len()];
    let a = INWARD_LETTERS[k % INWARD_LETTERS.len()] as char;
    let b = INWARD_LETTERS[(k / 20) % INWARD_LETTERS.len()] as char;
    let digit = (k / 400) % 10;
    let email = if k % 3 == 0 {
        format!(
            "{}.{}{k}@example.org",
            first.to_lowercase(),
            last.to_lowercase()
        )
    } else {
        String::new()
    };
    // A repeat signs on a different day, so it is a second signature to flag, not the same
    // row twice.
    let day = 1 + ((k + usize::from(k != n)) % 28);
    format!(
        "{first} {last} {k},{district} {digit}{a}{b},{email},{},2026-02-{day:02}\n",
        if k % 4 == 0 { "yes" } else { "no" }
    )
}

fn write_csv(path: &Path, from: usize, count: usize) {
    let mut text = String::from("Name,Postcode,Email,Keep me informed,Signed\n");
    for n in from..from + count {
        text.push_str(&signer_row(n));
    }
    std::fs::write(path, text).expect("CSV written");
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn draft(title: &str) -> PetitionDraft {
    PetitionDraft {
        title: title.into(),
        prayer: "We ask the ICB to keep the walk-in centre open.".into(),
        addressee: "North Central London ICB".into(),
        target: 1_000_000,
        fields: Fields {
            postcode: true,
            email: true,
            phone: false,
        },
        ..PetitionDraft::default()
    }
}

fn import(store: &mut Store, petition: i64, path: &Path) -> (Duration, u32) {
    let start = Instant::now();
    let text = csv_in::read_file(path).expect("read");
    let mapping = csv_in::preview(&text, draft("").fields)
        .expect("preview")
        .suggested;
    let outcome = csv_in::import(store, petition, &text, &mapping, None).expect("imported");
    (start.elapsed(), outcome.added)
}

fn main() {
    let total: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let protected = std::env::args().any(|a| a == "--protected");
    let temp = tempfile::tempdir().expect("temp dir");
    // CAMPAIGN_KIT_BENCH_DIR=FOLDER works there and leaves the database to look at afterwards.
    let root = std::env::var_os("CAMPAIGN_KIT_BENCH_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| temp.path().to_path_buf());
    let data = root.join("data");
    let mut store = Store::open(&data).expect("store");
    let details = GroupDetails {
        name: "KONP Camden".into(),
        contact_email: "camden@example.org".into(),
        ..GroupDetails::default()
    };
    group::save(&store, &details).expect("group");
    let mut key: Option<RecoveryKey> = None;
    if protected {
        let phrase = "kettle orange bicycle tuesday";
        let sheet = root.join("recovery-sheet.pdf");
        let (locked, recovery) = switch::protect(store, phrase, phrase, &sheet).expect("protected");
        store = locked;
        key = Some(recovery);
        println!("Protection is on: every page is encrypted (SQLCipher)");
    }
    let big = petition::create(&mut store, &draft("A million"))
        .expect("petition")
        .id;

    let all_csv = root.join("all.csv");
    write_csv(&all_csv, 0, total);
    let (took, added) = import(&mut store, big, &all_csv);
    println!(
        "Build: imported {added} signatures in {:.1} s",
        took.as_secs_f64()
    );

    drop(store);
    let open_times: Vec<Duration> = (0..5)
        .map(|_| {
            let start = Instant::now();
            let opened = Store::open_unlocked(&data, key.as_ref()).expect("opens");
            let took = start.elapsed();
            drop(opened);
            took
        })
        .collect();
    println!(
        "Open the data at {total} signatures (as every start and command does; the whole file is checked only once a day): {}",
        ms(median(open_times))
    );
    let mut store = Store::open_unlocked(&data, key.as_ref()).expect("opens");

    let progress_times: Vec<Duration> = (0..5)
        .map(|_| {
            let start = Instant::now();
            progress::progress(store.conn(), big).expect("progress");
            start.elapsed()
        })
        .collect();
    let figures = progress::progress(store.conn(), big).expect("progress");
    println!(
        "Progress figures at {} signatures ({} flagged): {}",
        figures.valid,
        figures.flagged,
        ms(median(progress_times))
    );

    let add_times: Vec<Duration> = (0..200)
        .map(|n| {
            // Every other one repeats an existing signer, so the check finds something.
            let row = signer_row(if n % 2 == 0 { n * 37 } else { total + n });
            let cells: Vec<&str> = row.trim_end().split(',').collect();
            let new = NewSignature {
                signer: SignerInput {
                    name: cells[0].into(),
                    postcode: cells[1].into(),
                    email: cells[2].into(),
                    ..SignerInput::default()
                },
                stall_id: None,
                source: Source::Kiosk,
            };
            let start = Instant::now();
            signatures::add(&mut store, big, &new).expect("added");
            start.elapsed()
        })
        .collect();
    println!(
        "Add one signature (duplicate check and durable commit): {} median",
        ms(median(add_times))
    );

    let hundred_k = root.join("100k.csv");
    write_csv(&hundred_k, total + 10_000, 100_000);
    let small = petition::create(&mut store, &draft("A hundred thousand"))
        .expect("petition")
        .id;
    import(&mut store, small, &hundred_k);
    let out = root.join("export.csv");
    let start = Instant::now();
    let rows = csv_out::save(store.conn(), small, ExportKind::All, &out).expect("exported");
    println!("CSV export of {rows} rows: {}", ms(start.elapsed()));

    let fresh = root.join("100k-new.csv");
    write_csv(&fresh, total + 500_000, 100_000);
    let (ours, added) = import(&mut store, big, &fresh);
    println!(
        "CSV import of {added} rows into the {total}-signature petition: {}",
        ms(ours)
    );
    drop(store);
    if protected {
        println!(
            "(sqlite3's .import cannot open encrypted data: compare with a run without --protected)"
        );
        return;
    }

    let database = data.join("campaign-kit.sqlite3");
    let sqlite = Command::new("sqlite3")
        .arg(&database)
        .arg("CREATE TABLE bench_import (name TEXT, postcode TEXT, email TEXT, opted TEXT, signed TEXT);")
        .arg(format!(".import --csv --skip 1 {} bench_import", fresh.display()))
        .output();
    let start = Instant::now();
    let again = Command::new("sqlite3")
        .arg(&database)
        .arg(format!(
            ".import --csv --skip 1 {} bench_import",
            fresh.display()
        ))
        .status();
    let theirs = start.elapsed();
    match (sqlite, again) {
        (Ok(first), Ok(status)) if first.status.success() && status.success() => println!(
            "sqlite3 .import of the same file into the same database: {} (ours is {:.1} times that)",
            ms(theirs),
            ours.as_secs_f64() / theirs.as_secs_f64()
        ),
        _ => println!("sqlite3 is not installed (apt install sqlite3), so there is no comparison"),
    }
}
