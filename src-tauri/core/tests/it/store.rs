//! The data store as a volunteer relies on it: data survives, upgrades are backed up first,
//! damaged or newer files are never overwritten, and a full disk loses nothing.

use std::path::Path;

use campaign_kit_core::audit;
use campaign_kit_core::group::{self, GroupDetails};
use campaign_kit_core::paths::DataPaths;
use campaign_kit_core::problem::Problem;
use campaign_kit_core::store::migrations::{LATEST_VERSION, migrate_to};
use campaign_kit_core::store::{self, Store, StoreError, StoreStatus, backup};
use chrono::{DateTime, Local, TimeZone};
use rusqlite::Connection;

fn day(d: u32) -> DateTime<Local> {
    Local.with_ymd_and_hms(2026, 11, d, 10, 0, 0).unwrap()
}

fn details(name: &str) -> GroupDetails {
    GroupDetails {
        name: name.into(),
        local_area: "North Central London".into(),
        ..Default::default()
    }
}

fn file_bytes(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

#[test]
fn a_new_store_is_durable_and_up_to_date() {
    let dir = tempfile::tempdir().unwrap();
    let (store, report) = Store::open_at(dir.path(), day(1)).unwrap();
    assert!(report.created);
    assert_eq!(store.schema_version().unwrap(), LATEST_VERSION);
    let pragma = |sql: &str| -> String {
        store
            .conn()
            .query_row(sql, [], |r| r.get::<_, rusqlite::types::Value>(0))
            .map(|v| format!("{v:?}"))
            .unwrap()
    };
    assert_eq!(pragma("PRAGMA journal_mode"), "Text(\"wal\")");
    assert_eq!(
        pragma("PRAGMA synchronous"),
        "Integer(2)",
        "synchronous must be FULL"
    );
    assert_eq!(pragma("PRAGMA foreign_keys"), "Integer(1)");
    // Full-text search (for briefings) is compiled in.
    store
        .conn()
        .execute_batch("CREATE VIRTUAL TABLE temp.t USING fts5(body)")
        .unwrap();
    assert!(DataPaths::new(dir.path()).database.exists());
}

#[test]
fn saved_details_are_there_after_reopening() {
    let dir = tempfile::tempdir().unwrap();
    {
        let store = Store::open(dir.path()).unwrap();
        group::save(&store, &details("Keep Our NHS Public Camden")).unwrap();
    }
    let store = Store::open(dir.path()).unwrap();
    let profile = group::load(&store).unwrap();
    assert_eq!(profile.details.name, "Keep Our NHS Public Camden");
    assert_eq!(profile.details.local_area, "North Central London");
    assert!(profile.updated_at.is_some());
}

#[test]
fn an_older_database_is_backed_up_then_upgraded_keeping_its_data() {
    let dir = tempfile::tempdir().unwrap();
    let paths = DataPaths::new(dir.path());
    {
        // A database as version 1 of the app left it.
        let mut conn = Connection::open(&paths.database).unwrap();
        migrate_to(&mut conn, 1).unwrap();
        audit::record(&conn, "petition_exported", "an earlier entry", day(1)).unwrap();
    }
    let (store, report) = Store::open_at(dir.path(), day(2)).unwrap();
    assert_eq!(report.migrated_from, Some(1));
    assert_eq!(store.schema_version().unwrap(), LATEST_VERSION);
    let made = report.backup_made.expect("a backup before the upgrade");
    assert!(
        made.contains(&format!("before-upgrade-to-v{LATEST_VERSION}")),
        "{made}"
    );

    // The backup is the old database, untouched.
    let backups = backup::list_backups(&paths);
    let old = Connection::open(&backups[0].path).unwrap();
    let v: i64 = old
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v, 1);

    let log = audit::recent(store.conn(), 10).unwrap();
    assert_eq!(log[0].action, "database_upgraded");
    assert_eq!(log[1].detail, "an earlier entry");
    assert_eq!(group::load(&store).unwrap().details.brand_colour, "#005EB8");
}

#[test]
fn a_database_from_a_newer_version_is_refused_and_left_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let paths = DataPaths::new(dir.path());
    {
        let conn = Connection::open(&paths.database).unwrap();
        conn.execute_batch("CREATE TABLE future (x); PRAGMA user_version = 99;")
            .unwrap();
    }
    let before = file_bytes(&paths.database);
    let err = Store::open(dir.path()).err().expect("must refuse");
    assert!(
        matches!(err, StoreError::NewerVersion { found: 99, .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("newer version of Campaign Kit"));
    assert!(err.to_string().contains("Nothing has been changed"));
    assert_eq!(file_bytes(&paths.database), before);
    assert!(backup::list_backups(&paths).is_empty());
}

#[test]
fn a_file_that_is_not_a_database_is_reported_and_kept() {
    let dir = tempfile::tempdir().unwrap();
    let paths = DataPaths::new(dir.path());
    std::fs::write(
        &paths.database,
        b"%PDF-1.7 this is somebody's leaflet, not a database".repeat(200),
    )
    .unwrap();
    let before = file_bytes(&paths.database);
    let err = Store::open(dir.path()).err().expect("must refuse");
    assert_eq!(err.code(), "store_corrupt");
    assert_eq!(
        file_bytes(&paths.database),
        before,
        "the damaged file must not be touched"
    );

    // No backup yet: the app says so and still changes nothing.
    let status = StoreStatus::describe(dir.path(), Some(&err), None);
    assert!(!status.can_restore);
    assert!(matches!(
        store::restore_newest_backup(dir.path(), None),
        Err(StoreError::NoBackup)
    ));
    assert_eq!(file_bytes(&paths.database), before);
}

/// Overwrites the middle of the file: the kind of damage a failing disk or a USB stick pulled
/// out mid-write leaves.
fn damage_inside(path: &Path) {
    let mut bytes = file_bytes(path);
    let page = 4096;
    for b in &mut bytes[page..page * 3] {
        *b = 0xA5;
    }
    std::fs::write(path, bytes).unwrap();
}

#[test]
fn a_damaged_database_can_be_restored_from_the_newest_backup() {
    let dir = tempfile::tempdir().unwrap();
    let paths = DataPaths::new(dir.path());
    {
        let (store, _) = Store::open_at(dir.path(), day(1)).unwrap();
        group::save(&store, &details("Before the damage")).unwrap();
        store
            .conn()
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
            .unwrap();
    }
    // Next day's start makes the daily backup.
    {
        let (store, report) = Store::open_at(dir.path(), day(2)).unwrap();
        assert!(report.backup_made.unwrap().contains("daily"));
        group::save(&store, &details("After the backup")).unwrap();
        store
            .conn()
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
            .unwrap();
    }
    damage_inside(&paths.database);
    let damaged = file_bytes(&paths.database);

    let err = Store::open(dir.path())
        .err()
        .expect("damage must be noticed");
    assert_eq!(err.code(), "store_corrupt");
    let status = StoreStatus::describe(dir.path(), Some(&err), None);
    assert!(status.can_restore);
    assert!(
        status
            .problem
            .unwrap()
            .message
            .contains("restore the newest backup")
    );

    let (store, used) = store::restore_newest_backup(dir.path(), None).unwrap();
    assert!(used.name.contains("daily"));
    assert_eq!(
        group::load(&store).unwrap().details.name,
        "Before the damage"
    );
    assert_eq!(
        audit::recent(store.conn(), 1).unwrap()[0].action,
        "backup_restored"
    );

    // The damaged file is kept, byte for byte, for anyone who can rescue it.
    let kept: Vec<_> = std::fs::read_dir(&paths.damaged)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert!(kept.iter().any(|p| std::fs::read(p).unwrap() == damaged));
}

/// Two days of a group's data: its details saved on day 1, the daily backup made on day 2.
fn a_folder_with_a_backup(dir: &Path) {
    let (store, _) = Store::open_at(dir, day(1)).unwrap();
    group::save(&store, &details("KONP Leeds")).unwrap();
    drop(store);
    let (_, report) = Store::open_at(dir, day(2)).unwrap();
    assert!(report.backup_made.is_some());
}

fn lose(database: &Path, how: &str) {
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", database.display()));
    }
    match how {
        "emptied" => std::fs::write(database, b"").unwrap(),
        _ => std::fs::remove_file(database).unwrap(),
    }
}

#[test]
fn an_emptied_or_deleted_data_file_beside_backups_is_reported_never_started_afresh() {
    for how in ["emptied", "deleted"] {
        let dir = tempfile::tempdir().unwrap();
        let paths = DataPaths::new(dir.path());
        a_folder_with_a_backup(dir.path());
        lose(&paths.database, how);

        let err = Store::open_at(dir.path(), day(3)).err().expect(how);
        assert_eq!(err.code(), "store_missing", "{how}");
        assert!(
            err.to_string()
                .contains("missing or empty, but this folder has backup copies, the newest made on 2 November 2026 at 10.00am"),
            "{err}"
        );
        // Nothing was changed: no new database, and every backup is still there.
        assert_eq!(paths.database.exists(), how == "emptied");
        assert_eq!(backup::list_backups(&paths).len(), 1);
        let status = StoreStatus::describe(dir.path(), Some(&err), None);
        assert!(status.can_restore, "{how}: the restore is offered");

        let store = store::recover_damaged(dir.path(), None).unwrap();
        assert_eq!(group::load(&store).unwrap().details.name, "KONP Leeds");
    }
}

#[test]
fn a_new_folder_with_no_backups_still_starts_empty() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("campaign-kit.sqlite3"), b"").unwrap();
    let (_, report) = Store::open_at(dir.path(), day(1)).unwrap();
    assert!(report.created);
}

/// Whatever emptied the data, the copy that still holds it is never pruned by seven newer,
/// emptier ones.
#[test]
fn the_backup_that_holds_the_data_outlives_newer_emptier_copies() {
    let dir = tempfile::tempdir().unwrap();
    let paths = DataPaths::new(dir.path());
    {
        let (store, _) = Store::open_at(dir.path(), day(1)).unwrap();
        store
            .conn()
            .execute_batch(
                "CREATE TABLE filler(x BLOB);
                 WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200)
                 INSERT INTO filler SELECT randomblob(10000) FROM n;",
            )
            .unwrap();
    }
    let (store, _) = Store::open_at(dir.path(), day(2)).unwrap();
    store
        .conn()
        .execute_batch("DELETE FROM filler; VACUUM;")
        .unwrap();
    drop(store);
    for d in 3..=12 {
        Store::open_at(dir.path(), day(d)).unwrap();
    }
    let names: Vec<String> = backup::list_backups(&paths)
        .into_iter()
        .map(|b| b.name)
        .collect();
    assert_eq!(names.len(), backup::BACKUPS_KEPT + 1, "{names:?}");
    assert!(
        names.last().unwrap().starts_with("campaign-kit-2026-11-02"),
        "the day-2 copy with the data is kept: {names:?}"
    );
}

#[test]
fn one_backup_a_day_and_only_the_newest_seven_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let paths = DataPaths::new(dir.path());
    let (first, report) = Store::open_at(dir.path(), day(1)).unwrap();
    assert_eq!(
        report.backup_made, None,
        "nothing to back up in a new, empty store"
    );
    drop(first);
    for d in 2..=12 {
        let (_, report) = Store::open_at(dir.path(), day(d)).unwrap();
        assert!(
            report.backup_made.is_some(),
            "day {d} should make its daily backup"
        );
        let (_, again) = Store::open_at(dir.path(), day(d)).unwrap();
        assert_eq!(
            again.backup_made, None,
            "a second start on day {d} makes no second backup"
        );
    }
    let names: Vec<String> = backup::list_backups(&paths)
        .into_iter()
        .map(|b| b.name)
        .collect();
    assert_eq!(names.len(), backup::BACKUPS_KEPT);
    assert!(
        names[0].starts_with("campaign-kit-2026-11-12"),
        "newest first: {names:?}"
    );
    assert!(
        names[6].starts_with("campaign-kit-2026-11-06"),
        "oldest kept: {names:?}"
    );
    assert!(
        backup::list_backups(&paths)
            .iter()
            .all(|b| backup::is_usable(b, None))
    );
}

#[test]
fn a_full_disk_gives_a_clear_message_and_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    group::save(&store, &details("Saved before the disk filled")).unwrap();
    // Cap the database at its current size: SQLite then answers as a full disk does.
    let pages: i64 = store
        .conn()
        .query_row("PRAGMA page_count", [], |r| r.get(0))
        .unwrap();
    store
        .conn()
        .query_row(&format!("PRAGMA max_page_count = {pages}"), [], |_| Ok(()))
        .unwrap();

    let big_logo = {
        let img = image::RgbImage::from_fn(1200, 1200, |x, y| {
            image::Rgb([(x * 7) as u8, (y * 13) as u8, (x ^ y) as u8])
        });
        let mut png = Vec::new();
        img.write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
            .unwrap();
        png
    };
    let err = group::save_logo(&store, big_logo).expect_err("the write must fail");
    assert_eq!(err.code(), "store_disk_full");
    assert!(
        err.to_string()
            .contains("Nothing already saved has been lost")
    );

    let profile = group::load(&store).unwrap();
    assert_eq!(profile.details.name, "Saved before the disk filled");
    assert!(profile.logo.is_none(), "no half-saved logo");
}

#[test]
fn a_read_only_database_is_explained_in_plain_words() {
    let dir = tempfile::tempdir().unwrap();
    let paths = DataPaths::new(dir.path());
    drop(Store::open(dir.path()).unwrap());
    // As root, folder permissions are not enforced, so make SQLite itself refuse the write.
    let conn =
        Connection::open_with_flags(&paths.database, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .unwrap();
    let raw = conn
        .execute("UPDATE group_profile SET name = 'x'", [])
        .unwrap_err();
    let err = StoreError::from_sqlite(raw, &paths.database);
    assert_eq!(err.code(), "store_read_only");
    assert!(err.to_string().contains("read-only"));
    assert!(err.to_string().contains(&dir.path().display().to_string()));
}

#[test]
fn a_data_folder_that_cannot_be_created_is_explained() {
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("not-a-folder");
    std::fs::write(&blocker, b"a file where the folder should be").unwrap();
    let err = Store::open(&blocker.join("data")).err().expect("must fail");
    assert_eq!(err.code(), "store_folder");
    assert!(err.to_string().contains("Nothing has been changed"));
}

#[test]
fn a_logo_is_kept_with_its_size_and_can_be_removed() {
    let dir = tempfile::tempdir().unwrap();
    let png = {
        let img = image::RgbaImage::from_pixel(240, 90, image::Rgba([200, 16, 46, 255]));
        let mut out = Vec::new();
        img.write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
            .unwrap();
        out
    };
    {
        let store = Store::open(dir.path()).unwrap();
        group::save(&store, &details("KONP Sheffield")).unwrap();
        let profile = group::save_logo(&store, png.clone()).unwrap();
        let logo = profile.logo.expect("logo saved");
        assert_eq!(
            (logo.width, logo.height, logo.mime.as_str()),
            (240, 90, "image/png")
        );
        assert_eq!(logo.bytes as usize, png.len());
    }
    let store = Store::open(dir.path()).unwrap();
    assert_eq!(
        group::load_logo(&store).unwrap(),
        Some(("image/png".to_string(), png))
    );
    assert_eq!(
        group::load(&store).unwrap().details.name,
        "KONP Sheffield",
        "details untouched"
    );
    let profile = group::remove_logo(&store).unwrap();
    assert!(profile.logo.is_none());
    assert_eq!(group::load_logo(&store).unwrap(), None);
}

#[test]
fn recovering_a_healthy_database_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    {
        let (store, _) = Store::open_at(dir.path(), day(1)).unwrap();
        group::save(&store, &details("Before the backup")).unwrap();
    }
    {
        let (store, _) = Store::open_at(dir.path(), day(2)).unwrap(); // daily backup
        group::save(&store, &details("Newer than the backup")).unwrap();
    }
    let store = store::recover_damaged(dir.path(), None).unwrap();
    assert_eq!(
        group::load(&store).unwrap().details.name,
        "Newer than the backup"
    );
    assert!(
        !DataPaths::new(dir.path()).damaged.exists(),
        "nothing moved aside"
    );
}

/// A data file marked read-only is named as such, and no shared-memory file is left behind to
/// block the next start once it is writable again.
#[test]
fn a_read_only_data_file_is_named_and_leaves_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    let paths = DataPaths::new(dir.path());
    drop(Store::open(dir.path()).unwrap());
    let mut permissions = std::fs::metadata(&paths.database).unwrap().permissions();
    permissions.set_readonly(true);
    std::fs::set_permissions(&paths.database, permissions.clone()).unwrap();

    let err = Store::open(dir.path()).err().expect("refused");
    assert_eq!(err.code(), "store_read_only_file");
    assert!(err.to_string().contains("marked read-only"), "{err}");
    assert!(!dir.path().join("campaign-kit.sqlite3-shm").exists());

    #[allow(clippy::permissions_set_readonly_false)]
    permissions.set_readonly(false);
    std::fs::set_permissions(&paths.database, permissions).unwrap();
    Store::open(dir.path()).expect("opens once writable again");
}

/// A USB stick locked after the data was saved (here a file system remounted read-only) is
/// "read-only", never "damaged" with advice to restore. Mounting needs root, as the test
/// suite has; without it the test says so and checks nothing.
#[cfg(target_os = "linux")]
#[test]
fn a_read_only_stick_is_called_read_only_not_damaged() {
    use std::process::Command;
    let mount_point = tempfile::tempdir().unwrap();
    let point = mount_point.path().to_str().unwrap();
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=20m", "tmpfs", point])
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        println!("skipped: mounting a file system needs root");
        return;
    }
    let data = mount_point.path().join("campaign-kit");
    {
        let store = Store::open(&data).unwrap();
        group::save(&store, &details("KONP Leeds")).unwrap();
    }
    let locked = Command::new("mount")
        .args(["-o", "remount,ro", point])
        .status()
        .is_ok_and(|s| s.success());
    let result = Store::open(&data);
    let _ = Command::new("umount").arg(point).status();
    assert!(locked, "remounted read-only");
    let err = result.err().expect("refused");
    assert_eq!(err.code(), "store_read_only", "{err}");
    assert!(err.to_string().contains("unlock the stick"), "{err}");
    let status = StoreStatus::describe(&data, Some(&err), None);
    assert!(
        !status.can_restore,
        "no restore is offered for a read-only stick"
    );
}

#[test]
fn the_whole_file_is_checked_once_a_day_not_on_every_open() {
    let dir = tempfile::tempdir().unwrap();
    let (store, report) = Store::open_at(dir.path(), day(1)).unwrap();
    assert!(
        report.created && !report.checked_in_full,
        "nothing to check yet"
    );
    drop(store);
    let (store, report) = Store::open_at(dir.path(), day(2)).unwrap();
    assert!(report.checked_in_full, "the first open of a day");
    drop(store);
    for _ in 0..3 {
        let (_, report) = Store::open_at(dir.path(), day(2)).unwrap();
        assert!(!report.checked_in_full, "later opens that day");
    }
    let (_, report) = Store::open_at(dir.path(), day(3)).unwrap();
    assert!(report.checked_in_full, "the next day");
}

#[test]
fn damage_left_by_a_program_that_never_closed_the_data_is_found_on_the_next_open() {
    let dir = tempfile::tempdir().unwrap();
    let paths = DataPaths::new(dir.path());
    {
        let (store, _) = Store::open_at(dir.path(), day(1)).unwrap();
        group::save(&store, &details("Before the damage")).unwrap();
        store
            .conn()
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
            .unwrap();
    }
    // Checked today already, so a clean second open skips the check...
    let (_, report) = Store::open_at(dir.path(), day(2)).unwrap();
    assert!(report.checked_in_full);
    let (store, report) = Store::open_at(dir.path(), day(2)).unwrap();
    assert!(!report.checked_in_full);
    // ...but a program killed with the data open leaves its mark unlocked behind it.
    assert_eq!(std::fs::read_dir(&paths.in_use).unwrap().count(), 1);
    drop(store);
    assert_eq!(std::fs::read_dir(&paths.in_use).unwrap().count(), 0);
    std::fs::write(paths.in_use.join("999999-killed"), b"").unwrap();
    damage_inside(&paths.database);
    let err = Store::open_at(dir.path(), day(2))
        .err()
        .expect("damage after an unclean end must be noticed");
    assert_eq!(err.code(), "store_corrupt");
}
