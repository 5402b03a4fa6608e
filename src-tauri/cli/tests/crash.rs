//! The crash tests: a signature reported as saved is never lost, and a restore cut short never
//! leaves an empty database that passes for the real one.
//!
//! A child process (`campaign-kit-cli petition sign --stdin`) adds signatures in a loop and
//! prints "saved ID" after each commit. It is killed with SIGKILL at a random moment, 100
//! times over. After each kill every signature it reported is in the data file, and SQLite's
//! `PRAGMA integrity_check` says "ok".
//!
//! SIGKILL stops the process mid-write without any chance to tidy up. It does not cut the
//! power, so the operating system still writes out what it was given; a flat battery is
//! covered by `synchronous=FULL` (each commit waits for the disk), which this does not test.

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use campaign_kit_core::group::{self, GroupDetails};
use campaign_kit_core::petitions::petition::{self, PetitionDraft};
use campaign_kit_core::store::Store;

const KILLS: usize = 100;

/// A small random number generator (xorshift), seeded from the clock: no extra crate, and the
/// seed is printed so a failure can be replayed.
struct Random(u64);

impl Random {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

#[test]
fn signatures_reported_saved_survive_being_killed_at_random_moments() {
    let dir = tempfile::tempdir().expect("temp dir");
    let petition_id = {
        let mut store = Store::open(dir.path()).expect("store");
        let details = GroupDetails {
            name: "KONP Camden".into(),
            contact_email: "camden@example.org".into(),
            ..GroupDetails::default()
        };
        group::save(&store, &details).expect("group");
        let draft = PetitionDraft {
            title: "Crash test".into(),
            prayer: "We ask that nothing is lost.".into(),
            addressee: "Camden Council".into(),
            ..PetitionDraft::default()
        };
        petition::create(&mut store, &draft).expect("petition").id
    };

    let seed = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(1, |d| d.as_nanos() as u64)
        | 1;
    println!("seed {seed}");
    let mut random = Random(seed);
    let mut reported_in_all = Vec::new();

    for round in 0..KILLS {
        let mut child = Command::new(env!("CARGO_BIN_EXE_campaign-kit-cli"))
            .arg("--data-dir")
            .arg(dir.path())
            .args(["petition", "sign", &petition_id.to_string(), "--stdin"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("child starts");
        let mut stdin = child.stdin.take().expect("stdin");
        let feeder = std::thread::spawn(move || {
            // Feed signatures until the child dies and the pipe breaks.
            for n in 0.. {
                let line =
                    format!("{{\"name\": \"Signer {round}-{n}\", \"postcode\": \"N1 9GU\"}}\n");
                if stdin.write_all(line.as_bytes()).is_err() {
                    break;
                }
            }
        });
        let stdout = child.stdout.take().expect("stdout");
        let reader = std::thread::spawn(move || {
            BufReader::new(stdout)
                .lines()
                .map_while(Result::ok)
                .filter_map(|l| l.strip_prefix("saved ").map(str::to_string))
                .collect::<Vec<String>>()
        });

        std::thread::sleep(Duration::from_millis(5 + random.below(150)));
        child.kill().expect("SIGKILL");
        child.wait().expect("child reaped");
        let reported = reader.join().expect("reader");
        feeder.join().expect("feeder");

        let store = Store::open(dir.path()).expect("store opens after the kill");
        let integrity: String = store
            .conn()
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .expect("integrity check runs");
        assert_eq!(integrity, "ok", "round {round} (seed {seed})");
        let mut present = store
            .conn()
            .prepare("SELECT count(*) FROM signatures WHERE uid = ?1")
            .expect("query");
        for uid in &reported {
            let found: i64 = present.query_row([uid], |r| r.get(0)).expect("counted");
            assert_eq!(
                found, 1,
                "round {round}: {uid} was reported saved but is missing"
            );
        }
        reported_in_all.extend(reported);
    }
    // The test means something only if the child did save signatures before being killed.
    assert!(
        reported_in_all.len() > KILLS,
        "only {} signatures were saved in {KILLS} rounds",
        reported_in_all.len()
    );
    println!(
        "{} signatures reported saved over {KILLS} kills; all present",
        reported_in_all.len()
    );
}

/// A restore killed part-way. Afterwards the data folder holds either the restored data, or
/// no data file beside its backups, which opening reports as missing with the restore offered
/// again: never an empty database taken for a good one. Restoring again brings the data back.
#[test]
fn a_restore_killed_part_way_never_leaves_an_empty_database_taken_for_good() {
    const ROUNDS: usize = 20;
    const ROWS: i64 = 3000;
    let dir = tempfile::tempdir().expect("temp dir");
    {
        // About 30 MB of data, so that copying the backup back takes a while.
        let store = Store::open(dir.path()).expect("store");
        store
            .conn()
            .execute_batch(&format!(
                "CREATE TABLE filler(x BLOB);
                 WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {ROWS})
                 INSERT INTO filler SELECT randomblob(10000) FROM n;"
            ))
            .expect("filler");
        store.backup_now().expect("backup");
    }
    let rows = |store: &Store| -> i64 {
        store
            .conn()
            .query_row("SELECT count(*) FROM filler", [], |r| r.get(0))
            .unwrap_or(0)
    };
    let lose_the_data_file = || {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!(
                "{}{suffix}",
                dir.path().join("campaign-kit.sqlite3").display()
            ));
        }
    };
    let seed = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(1, |d| d.as_nanos() as u64)
        | 1;
    println!("seed {seed}");
    let mut random = Random(seed);
    let (mut restored, mut cut_short) = (0, 0);
    for round in 0..ROUNDS {
        lose_the_data_file();
        let mut child = Command::new(env!("CARGO_BIN_EXE_campaign-kit-cli"))
            .arg("--data-dir")
            .arg(dir.path())
            .arg("restore")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("child starts");
        std::thread::sleep(Duration::from_millis(random.below(250)));
        child.kill().expect("kill");
        child.wait().expect("child reaped");

        match Store::open(dir.path()) {
            Ok(store) => {
                assert_eq!(
                    rows(&store),
                    ROWS,
                    "round {round} (seed {seed}): opened, but not whole"
                );
                restored += 1;
            }
            Err(e) => {
                assert!(e.can_be_restored(), "round {round} (seed {seed}): {e}");
                let (store, _) = campaign_kit_core::store::restore_newest_backup(dir.path())
                    .expect("restoring again works");
                assert_eq!(rows(&store), ROWS, "round {round}: restored again, whole");
                cut_short += 1;
            }
        }
    }
    println!("{restored} restores finished before the kill, {cut_short} were cut short and redone");
    assert!(
        cut_short > 0,
        "no restore was cut short: the test proved nothing"
    );
}
