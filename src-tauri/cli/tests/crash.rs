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
use campaign_kit_core::protection::{self, RecoveryKey, switch};
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

/// The group's details and one petition, ready for signatures.
fn a_petition(store: &mut Store, title: &str) -> i64 {
    let details = GroupDetails {
        name: "KONP Camden".into(),
        contact_email: "camden@example.org".into(),
        ..GroupDetails::default()
    };
    group::save(store, &details).expect("group");
    let draft = PetitionDraft {
        title: title.into(),
        prayer: "We ask that nothing is lost.".into(),
        addressee: "Camden Council".into(),
        ..PetitionDraft::default()
    };
    petition::create(store, &draft).expect("petition").id
}

#[test]
fn signatures_reported_saved_survive_being_killed_at_random_moments() {
    kill_while_signing(false);
}

/// The same with protection on: the encrypted file and its log survive the kills too.
#[test]
fn signatures_reported_saved_survive_being_killed_with_protection_on() {
    kill_while_signing(true);
}

const PASSPHRASE: &str = "kettle orange bicycle tuesday";
const NEW_PASSPHRASE: &str = "window lantern seventeen marmalade";

/// Turns protection on for the data in `dir`; gives the recovery key.
fn protect(dir: &std::path::Path) -> RecoveryKey {
    let store = Store::open(dir).expect("store");
    let sheet = dir.with_extension("sheet.pdf");
    let (_, key) = switch::protect(store, PASSPHRASE, PASSPHRASE, &sheet).expect("protected");
    key
}

fn kill_while_signing(protected: bool) {
    let dir = tempfile::tempdir().expect("temp dir");
    let petition_id = {
        let mut store = Store::open(dir.path()).expect("store");
        a_petition(&mut store, "Crash test")
    };
    let key = protected.then(|| protect(dir.path()));

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
            .env("CAMPAIGN_KIT_PASSPHRASE", PASSPHRASE)
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
        let (first_saved, saving) = std::sync::mpsc::channel();
        let reader = std::thread::spawn(move || {
            let mut saved = Vec::new();
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(uid) = line.strip_prefix("saved ") {
                    saved.push(uid.to_string());
                    let _ = first_saved.send(());
                }
            }
            saved
        });

        // The kill falls while signatures are being saved, however slowly the program starts
        // (under wine, or beside other tests, starting takes longer than the kill window).
        let _ = saving.recv_timeout(Duration::from_secs(30));
        std::thread::sleep(Duration::from_millis(random.below(150)));
        child.kill().expect("SIGKILL");
        child.wait().expect("child reaped");
        let reported = reader.join().expect("reader");
        feeder.join().expect("feeder");

        let (store, report) =
            Store::open_unlocked_at(dir.path(), chrono::Local::now(), key.as_ref())
                .expect("opens after the kill");
        // Earlier rounds checked the file today already: this check is for the kill.
        assert!(
            report.checked_in_full,
            "round {round}: the open after a kill checks the whole file"
        );
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
        reported_in_all.len() >= KILLS,
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
    // How long a whole restore takes here (starting the program included), so the kills fall
    // before, during and after it.
    lose_the_data_file();
    let started = std::time::Instant::now();
    let done = Command::new(env!("CARGO_BIN_EXE_campaign-kit-cli"))
        .arg("--data-dir")
        .arg(dir.path())
        .arg("restore")
        .output()
        .expect("restore runs");
    assert!(
        done.status.success(),
        "{}",
        String::from_utf8_lossy(&done.stderr)
    );
    // Kills within that time: most fall during a restore, a few after it ends.
    let window = started.elapsed().as_millis() as u64 + 1;
    let seed = clock_seed();
    println!("seed {seed}; a whole restore took {window} ms");
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
        std::thread::sleep(Duration::from_millis(random.below(window)));
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
                let (store, _) = campaign_kit_core::store::restore_newest_backup(dir.path(), None)
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

/// Starts `campaign-kit-cli ARGS` on `dir` and kills it after up to `most_ms` milliseconds.
fn kill_part_way(dir: &std::path::Path, args: &[&str], random: &mut Random, most_ms: u64) {
    kill_part_way_with(dir, args, &[], random, most_ms);
}

/// [`kill_part_way`] with environment variables set (a passphrase for a script).
fn kill_part_way_with(
    dir: &std::path::Path,
    args: &[&str],
    env: &[(&str, &str)],
    random: &mut Random,
    most_ms: u64,
) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_campaign-kit-cli"))
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        .envs(env.iter().copied())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("child starts");
    std::thread::sleep(Duration::from_millis(random.below(most_ms)));
    child.kill().expect("kill");
    child.wait().expect("child reaped");
}

fn clock_seed() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(1, |d| d.as_nanos() as u64)
        | 1
}

/// A backup killed part-way: the data is untouched, and a half-written copy is never listed
/// as a backup (it would be restored over good data one day).
#[test]
fn a_backup_killed_part_way_leaves_the_data_and_only_whole_backups() {
    let dir = tempfile::tempdir().expect("temp dir");
    {
        let store = Store::open(dir.path()).expect("store");
        store
            .conn()
            .execute_batch(
                "CREATE TABLE filler(x BLOB);
                 WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000)
                 INSERT INTO filler SELECT randomblob(10000) FROM n;",
            )
            .expect("filler");
    }
    let seed = clock_seed();
    println!("seed {seed}");
    let mut random = Random(seed);
    for round in 0..20 {
        kill_part_way(dir.path(), &["backup"], &mut random, 300);
        let store = Store::open(dir.path()).expect("opens after the kill");
        let rows: i64 = store
            .conn()
            .query_row("SELECT count(*) FROM filler", [], |r| r.get(0))
            .expect("rows");
        assert_eq!(rows, 3000, "round {round} (seed {seed})");
        for backup in campaign_kit_core::store::backup::list_backups(store.paths()) {
            assert!(
                campaign_kit_core::store::backup::is_usable(&backup, None),
                "round {round} (seed {seed}): {} is listed but not whole",
                backup.name
            );
        }
    }
}

/// A bundle merge killed part-way adds all of the bundle or none of it.
#[test]
fn a_merge_killed_part_way_adds_all_or_nothing() {
    const SIGNERS: usize = 2000;
    let a = tempfile::tempdir().expect("laptop a");
    let bundle_path = a.path().join("stall.ckpetition.json");
    {
        let mut store = Store::open(a.path()).expect("store");
        let id = a_petition(&mut store, "Merge test");
        for n in 0..SIGNERS {
            let signer = campaign_kit_core::petitions::signer::SignerInput {
                name: format!("Signer {n}"),
                postcode: "N1 9GU".into(),
                ..Default::default()
            };
            campaign_kit_core::petitions::signatures::add(
                &mut store,
                id,
                &campaign_kit_core::petitions::signatures::NewSignature {
                    signer,
                    stall_id: None,
                    source: campaign_kit_core::petitions::signatures::Source::Kiosk,
                },
            )
            .expect("signed");
        }
        // Locked, as bundles are by default: the merge reads the passphrase from its
        // environment, and a kill while it decrypts must add nothing either.
        campaign_kit_core::petitions::bundle::save(
            store.conn(),
            id,
            &bundle_path,
            Some(PASSPHRASE),
        )
        .expect("bundle");
    }
    let merge = ["petition", "merge", bundle_path.to_str().expect("path")];
    // How long a whole merge takes here, so the kills fall before, during and after it.
    let scratch = tempfile::tempdir().expect("scratch");
    drop(Store::open(scratch.path()).expect("store"));
    let started = std::time::Instant::now();
    let done = Command::new(env!("CARGO_BIN_EXE_campaign-kit-cli"))
        .arg("--data-dir")
        .arg(scratch.path())
        .args(merge)
        .env("CAMPAIGN_KIT_BUNDLE_PASSPHRASE", PASSPHRASE)
        .output()
        .expect("merge runs");
    assert!(
        done.status.success(),
        "{}",
        String::from_utf8_lossy(&done.stderr)
    );
    let window = started.elapsed().as_millis() as u64 * 3 / 2 + 1;
    let seed = clock_seed();
    println!("seed {seed}; a whole merge took {} ms", window * 2 / 3);
    let mut random = Random(seed);
    let (mut whole, mut none) = (0, 0);
    for round in 0..12 {
        let b = tempfile::tempdir().expect("laptop b");
        drop(Store::open(b.path()).expect("store"));
        let env = [("CAMPAIGN_KIT_BUNDLE_PASSPHRASE", PASSPHRASE)];
        kill_part_way_with(b.path(), &merge, &env, &mut random, window);
        let store = Store::open(b.path()).expect("opens after the kill");
        let count: i64 = store
            .conn()
            .query_row("SELECT count(*) FROM signatures", [], |r| r.get(0))
            .expect("count");
        match count {
            0 => none += 1,
            n if n == SIGNERS as i64 => whole += 1,
            n => panic!("round {round} (seed {seed}): {n} of {SIGNERS} merged"),
        }
    }
    println!("{whole} merges finished before the kill, {none} added nothing");
}

/// Opening an older data file backs it up and upgrades it. Killed at any moment of that, the
/// next start still finds every row, upgraded or ready to upgrade again.
#[test]
fn an_upgrade_killed_part_way_keeps_every_row() {
    use campaign_kit_core::store::migrations::{LATEST_VERSION, migrate_to};
    const ROWS: i64 = 2000;
    let template = tempfile::tempdir().expect("template");
    let old_file = template.path().join("campaign-kit.sqlite3");
    {
        // A data file as the first version of the app left it, with data to copy.
        let mut conn = rusqlite::Connection::open(&old_file).expect("open");
        migrate_to(&mut conn, 1).expect("version 1");
        conn.execute_batch(&format!(
            "CREATE TABLE filler(x BLOB);
             WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {ROWS})
             INSERT INTO filler SELECT randomblob(10000) FROM n;"
        ))
        .expect("filler");
    }
    let fresh_copy = || {
        let dir = tempfile::tempdir().expect("dir");
        std::fs::copy(&old_file, dir.path().join("campaign-kit.sqlite3")).expect("copy");
        dir
    };
    // How long a whole upgrade takes, so the kills fall before, during and after it.
    let timing = fresh_copy();
    let started = std::time::Instant::now();
    drop(Store::open(timing.path()).expect("upgrades"));
    let window = started.elapsed().as_millis() as u64 * 3 / 2 + 1;
    let seed = clock_seed();
    println!("seed {seed}; a whole upgrade took {} ms", window * 2 / 3);
    let mut random = Random(seed);
    for round in 0..15 {
        let dir = fresh_copy();
        kill_part_way(dir.path(), &["status"], &mut random, window);
        let store = Store::open(dir.path()).expect("opens after the kill");
        assert_eq!(store.schema_version().expect("version"), LATEST_VERSION);
        let rows: i64 = store
            .conn()
            .query_row("SELECT count(*) FROM filler", [], |r| r.get(0))
            .expect("rows");
        assert_eq!(rows, ROWS, "round {round} (seed {seed})");
        for backup in campaign_kit_core::store::backup::list_backups(store.paths()) {
            assert!(
                campaign_kit_core::store::backup::is_usable(&backup, None),
                "round {round}: {} is listed but not whole",
                backup.name
            );
        }
    }
}

/// Protection switched on, off, and its passphrase changed, each killed at a random moment,
/// over and over. After every kill the data opens (with whichever passphrase is in force, or
/// none), every signature is there, and SQLite finds the file sound.
#[test]
fn switching_protection_killed_part_way_loses_nothing() {
    const SIGNERS: i64 = 300;
    let dir = tempfile::tempdir().expect("temp dir");
    {
        let mut store = Store::open(dir.path()).expect("store");
        let petition = a_petition(&mut store, "Protection test");
        for n in 0..SIGNERS {
            let new = campaign_kit_core::petitions::signatures::NewSignature {
                signer: campaign_kit_core::petitions::signer::SignerInput {
                    name: format!("Signer {n}"),
                    ..Default::default()
                },
                stall_id: None,
                source: campaign_kit_core::petitions::signatures::Source::Typed,
            };
            campaign_kit_core::petitions::signatures::add(&mut store, petition, &new)
                .expect("signed");
        }
        store.backup_now().expect("a backup to convert too");
    }
    let sheet = dir.path().with_extension("sheet.pdf");
    let sheet = sheet.to_string_lossy().into_owned();
    let seed = clock_seed();
    println!("seed {seed}");
    let mut random = Random(seed);
    let (mut ons, mut offs, mut changes) = (0, 0, 0);
    for round in 0..30 {
        let on = protection::is_on(dir.path());
        // Either passphrase may be in force: a change may or may not have landed.
        let both = [PASSPHRASE, NEW_PASSPHRASE];
        let current = both
            .into_iter()
            .find(|p| !on || protection::unlock(dir.path(), p).is_ok())
            .expect("one passphrase opens the data");
        let other = if current == PASSPHRASE {
            NEW_PASSPHRASE
        } else {
            PASSPHRASE
        };
        let env = [
            ("CAMPAIGN_KIT_PASSPHRASE", current),
            ("CAMPAIGN_KIT_NEW_PASSPHRASE", other),
        ];
        match (on, random.below(2)) {
            (false, _) => {
                ons += 1;
                kill_part_way_with(
                    dir.path(),
                    &["protect", "on", "--recovery-sheet", &sheet],
                    &env,
                    &mut random,
                    1500,
                );
            }
            (true, 0) => {
                offs += 1;
                kill_part_way_with(dir.path(), &["protect", "off"], &env, &mut random, 700);
            }
            (true, _) => {
                changes += 1;
                kill_part_way_with(dir.path(), &["protect", "change"], &env, &mut random, 700);
            }
        }
        let key =
            if protection::is_on(dir.path()) {
                let opened = both
                    .iter()
                    .find_map(|p| protection::unlock(dir.path(), p).ok());
                Some(opened.unwrap_or_else(|| {
                    panic!("round {round} (seed {seed}): no passphrase opens it")
                }))
            } else {
                None
            };
        let store = Store::open_unlocked(dir.path(), key.as_ref())
            .unwrap_or_else(|e| panic!("round {round} (seed {seed}): {e}"));
        let integrity: String = store
            .conn()
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .expect("integrity check runs");
        assert_eq!(integrity, "ok", "round {round} (seed {seed})");
        let signers: i64 = store
            .conn()
            .query_row("SELECT count(*) FROM signatures", [], |r| r.get(0))
            .expect("count");
        assert_eq!(signers, SIGNERS, "round {round} (seed {seed})");
        // The store's own key, not the one unlocked above: a "protect off" killed after the
        // plain data file was swapped in leaves the key file behind, so the data looked
        // protected until opening it tidied the key file away, and every backup is plain.
        for backup in campaign_kit_core::store::backup::list_backups(store.paths()) {
            assert!(
                campaign_kit_core::store::backup::is_usable(&backup, store.key()),
                "round {round} (seed {seed}): {} does not open with the data's key",
                backup.name
            );
        }
    }
    println!(
        "{ons} turned on, {offs} turned off, {changes} changes of passphrase, each killed part-way"
    );
}
