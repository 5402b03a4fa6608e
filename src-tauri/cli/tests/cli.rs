//! The command line as an organiser's script uses it.

use std::path::Path;

use campaign_kit_cli::{Outcome, dispatch};

struct Run {
    outcome: Outcome,
    out: String,
    err: String,
}

fn run(args: &[&str]) -> Run {
    let mut out = Vec::new();
    let mut err = Vec::new();
    let mut argv = vec!["campaign-kit"];
    argv.extend_from_slice(args);
    let outcome = dispatch(argv, &mut out, &mut err);
    Run {
        outcome,
        out: String::from_utf8(out).unwrap(),
        err: String::from_utf8(err).unwrap(),
    }
}

fn in_dir<'a>(dir: &'a Path, args: &[&'a str]) -> Run {
    let mut all = vec!["--data-dir", dir.to_str().unwrap()];
    all.extend_from_slice(args);
    run(&all)
}

#[test]
fn no_command_means_open_the_window_with_the_chosen_folder() {
    let r = run(&["--data-dir", "/media/usb/ck"]);
    assert_eq!(
        r.outcome,
        Outcome::OpenWindow {
            data_dir: "/media/usb/ck".into()
        }
    );
}

#[test]
fn help_is_in_plain_words_and_succeeds() {
    let r = run(&["--help"]);
    assert_eq!(r.outcome, Outcome::Exit(0));
    assert!(
        r.out.contains("Run it with no command to open the app"),
        "{}",
        r.out
    );
    assert!(r.out.contains("--data-dir <FOLDER>"));
    assert!(r.out.contains("USB stick"));
}

#[test]
fn a_wrong_command_says_so_and_fails() {
    let r = run(&["frobnicate"]);
    assert_eq!(r.outcome, Outcome::Exit(2));
    assert!(r.err.contains("unrecognized subcommand"), "{}", r.err);
}

#[test]
fn group_details_set_on_the_command_line_are_read_back() {
    let dir = tempfile::tempdir().unwrap();
    let set = in_dir(
        dir.path(),
        &[
            "group",
            "set",
            "--name",
            "KONP Bristol",
            "--email",
            "bristol@example.org",
            "--colour",
            "#00703c",
        ],
    );
    assert_eq!(set.outcome, Outcome::Exit(0), "{}", set.err);
    let show = in_dir(dir.path(), &["group", "show", "--json"]);
    let json: serde_json::Value = serde_json::from_str(&show.out).unwrap();
    assert_eq!(json["details"]["name"], "KONP Bristol");
    assert_eq!(json["details"]["contactEmail"], "bristol@example.org");
    assert_eq!(json["details"]["brandColour"], "#00703C");
    // Setting one field leaves the others alone.
    in_dir(dir.path(), &["group", "set", "--phone", "0117 496 0000"]);
    let show = in_dir(dir.path(), &["group", "show"]);
    assert!(
        show.out.contains("Name: KONP Bristol") && show.out.contains("Phone: 0117 496 0000"),
        "{}",
        show.out
    );
}

#[test]
fn bad_details_are_refused_with_every_reason_and_nothing_saved() {
    let dir = tempfile::tempdir().unwrap();
    in_dir(dir.path(), &["group", "set", "--name", "Original name"]);
    let r = in_dir(
        dir.path(),
        &[
            "group",
            "set",
            "--name",
            "New name",
            "--email",
            "nope",
            "--website",
            "x",
        ],
    );
    assert_eq!(r.outcome, Outcome::Exit(1));
    assert!(
        r.err
            .contains("contactEmail: That email address does not look right"),
        "{}",
        r.err
    );
    assert!(r.err.contains("website:"), "{}", r.err);
    let show = in_dir(dir.path(), &["group", "show"]);
    assert!(show.out.contains("Name: Original name"));
}

#[test]
fn a_bad_logo_file_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let fake = dir.path().join("logo.png");
    std::fs::write(&fake, b"this is not a picture").unwrap();
    let r = in_dir(
        dir.path(),
        &[
            "group",
            "set",
            "--name",
            "Should not be saved",
            "--logo",
            fake.to_str().unwrap(),
        ],
    );
    assert_eq!(r.outcome, Outcome::Exit(1));
    assert!(r.err.contains("not a PNG or JPEG"), "{}", r.err);
    assert!(
        in_dir(dir.path(), &["group", "show"])
            .out
            .contains("Name: \n")
    );
}

#[test]
fn backup_status_and_where() {
    let dir = tempfile::tempdir().unwrap();
    let r = in_dir(dir.path(), &["backup"]);
    assert_eq!(r.outcome, Outcome::Exit(0), "{}", r.err);
    assert!(r.out.starts_with("Backup saved: "));
    let status = in_dir(dir.path(), &["status"]);
    assert!(status.out.contains("Backup copies: 1"), "{}", status.out);
    assert!(status.out.contains("Data file: OK"));
    assert_eq!(
        in_dir(dir.path(), &["where"]).out.trim(),
        dir.path().to_str().unwrap()
    );
}

/// A copy of the program on a USB stick with a `data` folder beside it keeps its data there,
/// on Windows and Linux alike; without the folder it uses the usual one.
#[test]
fn a_data_folder_beside_the_program_makes_it_portable() {
    let stick = tempfile::tempdir().unwrap();
    let program = Path::new(env!("CARGO_BIN_EXE_campaign-kit-cli"));
    let copy = stick.path().join(program.file_name().unwrap());
    std::fs::copy(program, &copy).unwrap();
    // Any library the program needs beside it (under wine, the test-only stand-in DLL).
    for entry in std::fs::read_dir(program.parent().unwrap()).unwrap() {
        let path = entry.unwrap().path();
        if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("dll"))
        {
            std::fs::copy(&path, stick.path().join(path.file_name().unwrap())).unwrap();
        }
    }
    let where_is = || {
        let output = std::process::Command::new(&copy)
            .arg("where")
            .env_remove("CAMPAIGN_KIT_DATA_DIR")
            .output()
            .unwrap();
        assert!(output.status.success());
        String::from_utf8(output.stdout).unwrap().trim().to_string()
    };
    assert!(where_is().ends_with("uk.campaignkit.CampaignKit"));
    std::fs::create_dir(stick.path().join("data")).unwrap();
    assert_eq!(
        Path::new(&where_is()),
        stick.path().join("data"),
        "the stick's data folder"
    );
    // An explicit choice still wins.
    let chosen = in_dir(Path::new("/somewhere/else"), &["where"]);
    assert_eq!(chosen.out.trim(), "/somewhere/else");
}

#[test]
fn restore_without_a_backup_explains() {
    let dir = tempfile::tempdir().unwrap();
    let r = in_dir(dir.path(), &["restore"]);
    assert_eq!(r.outcome, Outcome::Exit(1));
    assert!(r.err.contains("no backup copy"), "{}", r.err);
}

#[test]
fn briefings_are_listed_searched_and_imported() {
    let dir = tempfile::tempdir().unwrap();
    let list = in_dir(dir.path(), &["briefing", "list"]);
    assert_eq!(list.outcome, Outcome::Exit(0), "{}", list.err);
    assert!(list.out.contains("ICSs in two minutes\n"), "{}", list.out);

    let found = in_dir(dir.path(), &["briefing", "search", "judicial", "reviews"]);
    assert!(
        found
            .out
            .contains("ICSs in two minutes > Where they came from"),
        "{}",
        found.out
    );
    assert!(found.out.contains("[judicial] [reviews]"), "{}", found.out);
    let none = in_dir(dir.path(), &["briefing", "search", "zebra"]);
    assert!(none.out.starts_with("No briefing mentions that"));

    let file = dir.path().join("our-notes.md");
    std::fs::write(
        &file,
        "# Our ICS board\n\nIt meets in public every other month.",
    )
    .unwrap();
    let path = file.to_str().unwrap();
    let added = in_dir(dir.path(), &["briefing", "import", path]);
    assert_eq!(
        added.out, "Added \"Our ICS board\" (id: our-ics-board)\n",
        "{}",
        added.err
    );
    let again = in_dir(dir.path(), &["briefing", "import", path]);
    assert!(again.out.starts_with("Already there, unchanged"));
    assert!(
        in_dir(dir.path(), &["briefing", "list"])
            .out
            .contains("Our ICS board (ours)")
    );
}

#[test]
fn a_bad_briefing_file_is_refused_plainly() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("empty.md");
    std::fs::write(&file, "").unwrap();
    let r = in_dir(dir.path(), &["briefing", "import", file.to_str().unwrap()]);
    assert_eq!(r.outcome, Outcome::Exit(1));
    assert!(r.err.contains("That file is empty"), "{}", r.err);
}

#[test]
fn a_pack_exported_by_one_group_is_imported_by_another() {
    let ours = tempfile::tempdir().unwrap();
    let theirs = tempfile::tempdir().unwrap();
    let empty = in_dir(ours.path(), &["briefing", "export-pack", "x.zip"]);
    assert_eq!(empty.outcome, Outcome::Exit(1));
    assert!(
        empty.err.contains("no briefings of your own"),
        "{}",
        empty.err
    );

    let notes = ours.path().join("notes.md");
    std::fs::write(&notes, "# Stall rota\n\nSaturdays 10 till 1.").unwrap();
    in_dir(
        ours.path(),
        &["briefing", "import", notes.to_str().unwrap()],
    );
    let pack = ours.path().join("our-briefings.zip");
    let pack = pack.to_str().unwrap();
    let saved = in_dir(ours.path(), &["briefing", "export-pack", pack]);
    assert!(
        saved.out.starts_with("Saved 1 briefing to"),
        "{}",
        saved.err
    );

    let first = in_dir(theirs.path(), &["briefing", "import", pack]);
    assert_eq!(
        first.out, "Added \"Stall rota\" (id: stall-rota)\n",
        "{}",
        first.err
    );
    let second = in_dir(theirs.path(), &["briefing", "import", pack]);
    assert!(second.out.starts_with("Already there, unchanged"));
    let found = in_dir(theirs.path(), &["briefing", "search", "saturdays"]);
    assert!(found.out.contains("Stall rota"), "{}", found.out);
}

#[test]
#[cfg_attr(
    windows,
    ignore = "needs qpdf and poppler-utils, which are Linux tools"
)]
fn a_leaflet_renders_from_a_template_or_a_design_file_with_the_group_on_it() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let r = in_dir(d, &["group", "set", "--name", "KONP Haringey"]);
    assert_eq!(r.outcome, Outcome::Exit(0), "{}", r.err);
    let listed = in_dir(d, &["leaflet", "templates"]);
    assert!(listed.out.contains("id: a5-public"), "{}", listed.out);

    let pdf = d.join("leaflet.pdf");
    let r = in_dir(
        d,
        &[
            "leaflet",
            "render",
            "a5-public",
            "-o",
            pdf.to_str().unwrap(),
            "--copies",
            "200",
        ],
    );
    assert_eq!(r.outcome, Outcome::Exit(0), "{}", r.err);
    assert!(r.out.contains("200 leaflets = 100 sheets"), "{}", r.out);
    let text = std::process::Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&text.stdout).contains("KONP Haringey"));

    // A design file, edited as a script would, then rendered for a print shop.
    let file = d.join("stall.ckdesign.json");
    let r = in_dir(
        d,
        &["leaflet", "new", "a6-flyer", "-o", file.to_str().unwrap()],
    );
    assert_eq!(r.outcome, Outcome::Exit(0), "{}", r.err);
    let edited = std::fs::read_to_string(&file)
        .unwrap()
        .replace("Have you heard of your ICS?", "Stall on Saturday");
    std::fs::write(&file, edited).unwrap();
    let r = in_dir(
        d,
        &[
            "leaflet",
            "render",
            file.to_str().unwrap(),
            "-o",
            pdf.to_str().unwrap(),
            "--layout",
            "shop",
            "--crop-marks",
        ],
    );
    assert_eq!(r.outcome, Outcome::Exit(0), "{}", r.err);
    let text = std::process::Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&text.stdout).contains("Stall on Saturday"));
}

/// Text with no bundled font (Chinese here) gets the leaflet's own warning in plain words, and
/// nothing from the libraries underneath ("ICU4X data error…") on the terminal.
#[test]
fn characters_without_a_font_get_one_plain_warning() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let file = d.join("chinese.ckdesign.json");
    let r = in_dir(
        d,
        &["leaflet", "new", "a6-flyer", "-o", file.to_str().unwrap()],
    );
    assert_eq!(r.outcome, Outcome::Exit(0), "{}", r.err);
    let edited = std::fs::read_to_string(&file)
        .unwrap()
        .replace("Have you heard of your ICS?", "保护我们的医院");
    std::fs::write(&file, edited).unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_campaign-kit-cli"))
        .args(["--data-dir", d.to_str().unwrap(), "leaflet", "render"])
        .arg(&file)
        .arg("-o")
        .arg(d.join("chinese.pdf"))
        .output()
        .unwrap();
    assert!(output.status.success());
    let out = String::from_utf8_lossy(&output.stdout);
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(out.contains("no font for these characters"), "{out}");
    assert!(out.contains("保 (U+4FDD)"), "{out}");
    // (Under wine the terminal may also carry wine's own notes, so only ours are looked for.)
    assert!(
        !err.contains("ICU4X") && !err.contains("segmentation"),
        "nothing else on the terminal: {err}"
    );
}

#[test]
fn leaflet_mistakes_are_explained_and_leave_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let pdf = d.join("out.pdf");
    let r = in_dir(
        d,
        &[
            "leaflet",
            "render",
            "no-such-thing",
            "-o",
            pdf.to_str().unwrap(),
        ],
    );
    assert_eq!(r.outcome, Outcome::Exit(1));
    assert!(r.err.contains("leaflet templates"), "{}", r.err);

    let newer = d.join("newer.ckdesign.json");
    std::fs::write(
        &newer,
        r#"{"format":"campaign-kit-design","formatVersion":7}"#,
    )
    .unwrap();
    let r = in_dir(
        d,
        &[
            "leaflet",
            "render",
            newer.to_str().unwrap(),
            "-o",
            pdf.to_str().unwrap(),
        ],
    );
    assert_eq!(r.outcome, Outcome::Exit(1));
    assert!(r.err.contains("newer Campaign Kit"), "{}", r.err);

    let photo = d.join("photo.jpg");
    std::fs::write(&photo, b"not really a photo").unwrap();
    let r = in_dir(
        d,
        &[
            "leaflet",
            "render",
            "a5-public",
            "-o",
            pdf.to_str().unwrap(),
            "--photo",
            photo.to_str().unwrap(),
        ],
    );
    assert_eq!(r.outcome, Outcome::Exit(1));
    assert!(r.err.contains("not a PNG or JPEG"), "{}", r.err);
    assert!(!pdf.exists(), "nothing written");
}

fn petition_laptop() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    in_dir(
        d,
        &[
            "group",
            "set",
            "--name",
            "KONP Camden",
            "--email",
            "camden@example.org",
        ],
    );
    let made = in_dir(
        d,
        &[
            "petition",
            "create",
            "--title",
            "Keep our walk-in centre open",
            "--request",
            "We ask Camden Council to oppose the closure.",
            "--to",
            "Camden Council",
            "--target",
            "500",
            "--ask-email",
        ],
    );
    assert_eq!(made.outcome, Outcome::Exit(0), "{}", made.err);
    assert!(made.out.contains("Made petition P-"), "{}", made.out);
    dir
}

#[test]
fn a_petition_is_made_signed_exported_and_merged_on_a_second_laptop() {
    let a = petition_laptop();
    let d = a.path();
    let signed = in_dir(
        d,
        &[
            "petition",
            "sign",
            "1",
            "--name",
            "Ann Lee",
            "--postcode",
            "n19gu",
        ],
    );
    assert_eq!(signed.outcome, Outcome::Exit(0), "{}", signed.err);
    let uid = signed
        .out
        .trim()
        .strip_prefix("saved ")
        .unwrap()
        .to_string();
    assert_eq!(uid.len(), 32);
    let again = in_dir(
        d,
        &[
            "petition",
            "sign",
            "1",
            "--name",
            "ann lee",
            "--postcode",
            "N1 9GU",
        ],
    );
    assert!(again.out.contains("flagged"), "{}", again.out);
    let hostile = in_dir(
        d,
        &[
            "petition",
            "sign",
            "1",
            "--name",
            "=HYPERLINK(\"http://x\")",
        ],
    );
    assert_eq!(hostile.outcome, Outcome::Exit(0));

    let progress = in_dir(d, &["petition", "progress", "1"]);
    assert!(
        progress.out.contains("3 of 500 signatures"),
        "{}",
        progress.out
    );
    assert!(progress.out.contains("  N1: 2"), "{}", progress.out);

    let csv = d.join("signatures.csv");
    in_dir(d, &["petition", "export", "1", "-o", csv.to_str().unwrap()]);
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(
        text.contains(&uid) && text.contains("'=HYPERLINK"),
        "{text}"
    );

    // A second laptop merges the bundle, twice: the same three, once.
    let b = tempfile::tempdir().unwrap();
    let file = d.join("petition.ckpetition.json");
    // Unlocked, by explicit choice (locked bundles are tested in the crash test, which runs
    // the program with the passphrase in its environment), with the warning said.
    let saved = in_dir(
        d,
        &[
            "petition",
            "bundle",
            "1",
            "-o",
            file.to_str().unwrap(),
            "--no-passphrase",
        ],
    );
    assert!(saved.out.contains("WITHOUT a passphrase"), "{}", saved.out);
    let merged = in_dir(b.path(), &["petition", "merge", file.to_str().unwrap()]);
    assert!(
        merged.out.contains("3 added"),
        "{} {}",
        merged.out,
        merged.err
    );
    let twice = in_dir(b.path(), &["petition", "merge", file.to_str().unwrap()]);
    assert!(
        twice.out.contains("0 added, 0 updated, 3 already here"),
        "{}",
        twice.out
    );
    let on_b = in_dir(b.path(), &["petition", "progress", "1"]);
    assert!(on_b.out.contains("3 of 500 signatures"), "{}", on_b.out);
}

#[test]
fn petition_mistakes_are_explained_and_change_nothing() {
    let a = petition_laptop();
    let d = a.path();
    let bad = in_dir(
        d,
        &[
            "petition",
            "sign",
            "1",
            "--name",
            "Bob",
            "--postcode",
            "SW1A OAA",
        ],
    );
    assert_eq!(bad.outcome, Outcome::Exit(1));
    assert!(bad.err.contains("Did you mean SW1A 0AA?"), "{}", bad.err);
    let nowhere = in_dir(d, &["petition", "progress", "P-NOPE"]);
    assert!(
        nowhere.err.contains("no petition P-NOPE"),
        "{}",
        nowhere.err
    );

    let file = d.join("bad.csv");
    std::fs::write(&file, "Name,Postcode\nAnn,N1 9GU\nDee,Q1 1AA\n").unwrap();
    let import = in_dir(d, &["petition", "import", "1", file.to_str().unwrap()]);
    assert_eq!(import.outcome, Outcome::Exit(1));
    assert!(
        import.err.contains("nothing was imported"),
        "{}",
        import.err
    );
    assert!(
        import
            .err
            .contains("line 3: A postcode never starts with Q"),
        "{}",
        import.err
    );
    let progress = in_dir(d, &["petition", "progress", "1"]);
    assert!(progress.out.contains("0 of 500"), "{}", progress.out);

    let not_bundle = in_dir(d, &["petition", "merge", file.to_str().unwrap()]);
    assert!(
        not_bundle
            .err
            .contains("not a Campaign Kit petition bundle"),
        "{}",
        not_bundle.err
    );
}

/// A device that never ends, given where a file belongs, is refused at once by every command
/// that reads a file (each used to grow to gigabytes of memory).
#[cfg(unix)]
#[test]
fn a_device_given_as_a_file_is_refused_at_once() {
    let a = petition_laptop();
    let d = a.path();
    let commands: [&[&str]; 5] = [
        &["petition", "import", "1", "/dev/zero"],
        &["petition", "merge", "/dev/zero"],
        &["briefing", "import", "/dev/zero"],
        &["group", "set", "--logo", "/dev/zero"],
        &[
            "leaflet",
            "render",
            "a6-flyer",
            "-o",
            "flyer.pdf",
            "--photo",
            "/dev/zero",
        ],
    ];
    for args in commands {
        let started = std::time::Instant::now();
        let r = in_dir(d, args);
        assert_eq!(r.outcome, Outcome::Exit(1), "{args:?}");
        assert!(r.err.contains("not a file"), "{args:?}: {}", r.err);
        assert!(started.elapsed().as_secs() < 5, "{args:?} took too long");
    }
}

/// A design file edited by hand: each number out of range, or a field of the wrong type, is
/// refused with a message that names it, and no PDF is made.
#[test]
fn a_hand_edited_design_file_is_refused_naming_the_field() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let file = d.join("flyer.ckdesign.json");
    let made = in_dir(
        d,
        &["leaflet", "new", "a6-flyer", "-o", file.to_str().unwrap()],
    );
    assert_eq!(made.outcome, Outcome::Exit(0), "{}", made.err);
    let original = std::fs::read_to_string(&file).unwrap();
    let cases = [
        (
            "\"qrSizeMm\": 1000.0",
            "(qrSizeMm) must be from 10 to 120 mm; this design has 1000",
        ),
        (
            "\"qrSizeMm\": 1e308",
            "(qrSizeMm) must be from 10 to 120 mm; this design has inf",
        ),
        ("\"zoom\": 40.0", "(photo.zoom) must be from 1 to 3"),
        (
            "\"qrSizeMm\": \"big\"",
            "has a mistake in it, so it was not used: invalid type: string \"big\"",
        ),
    ];
    for (replacement, expected) in cases {
        let field = replacement.split(':').next().unwrap();
        let start = original.find(field).expect(field);
        let end = start + original[start..].find([',', '\n']).unwrap();
        std::fs::write(
            &file,
            format!("{}{replacement}{}", &original[..start], &original[end..]),
        )
        .unwrap();
        let pdf = d.join("flyer.pdf");
        let r = in_dir(
            d,
            &[
                "leaflet",
                "render",
                file.to_str().unwrap(),
                "-o",
                pdf.to_str().unwrap(),
            ],
        );
        assert_eq!(r.outcome, Outcome::Exit(1), "{replacement}");
        assert!(r.err.contains(expected), "{replacement}: {}", r.err);
        assert!(!pdf.exists(), "{replacement}: no PDF");
    }
}

/// Small things a careful tester met: each is said once, and says what is wrong.
#[test]
fn mistakes_in_files_are_named_once_and_for_what_they_are() {
    let a = petition_laptop();
    let d = a.path();
    let csv = d.join("bad.csv");
    std::fs::write(&csv, "Name,Postcode\nAnn,N1 9GU\n,XX1 1XX\n").unwrap();
    let r = in_dir(d, &["petition", "import", "1", csv.to_str().unwrap()]);
    assert_eq!(
        r.err.matches("line 3:").count(),
        1,
        "listed once: {}",
        r.err
    );

    let zip = d.join("random.zip");
    std::fs::write(&zip, [7u8; 3000]).unwrap();
    let r = in_dir(d, &["briefing", "import", zip.to_str().unwrap()]);
    assert!(
        r.err.contains("not a Campaign Kit briefing pack"),
        "{}",
        r.err
    );

    let long = d.join("long.md");
    std::fs::write(&long, format!("# {}\n\nBody.", "T".repeat(100_000))).unwrap();
    let r = in_dir(d, &["briefing", "import", long.to_str().unwrap()]);
    assert!(r.err.contains("That title is too long"), "{}", r.err);
}

/// A CSV whose name column has a heading Campaign Kit does not know can still be imported, by
/// saying which column it is, as the window's column screen allows.
#[test]
fn the_name_column_can_be_chosen_when_its_heading_is_not_recognised() {
    let a = petition_laptop();
    let d = a.path();
    let csv = d.join("nom.csv");
    std::fs::write(
        &csv,
        "Nom complet,Code postal\nAnn Lee,N1 9GU\nBob Ray,E1 6AN\n",
    )
    .unwrap();
    let file = csv.to_str().unwrap();
    let guessed = in_dir(d, &["petition", "import", "1", file]);
    assert_eq!(
        guessed.outcome,
        Outcome::Exit(1),
        "no name column found: {}",
        guessed.out
    );
    let wrong = in_dir(
        d,
        &[
            "petition",
            "import",
            "1",
            file,
            "--column",
            "name=Full name",
        ],
    );
    assert!(
        wrong
            .err
            .contains("Its columns are: Nom complet, Code postal"),
        "{}",
        wrong.err
    );
    let chosen = in_dir(
        d,
        &[
            "petition",
            "import",
            "1",
            file,
            "--column",
            "name=nom complet",
            "--column",
            "postcode=Code postal",
        ],
    );
    assert_eq!(chosen.outcome, Outcome::Exit(0), "{}", chosen.err);
    assert!(chosen.out.contains("Added 2 signatures"), "{}", chosen.out);
}

fn pdf_text(path: &Path) -> String {
    let output = std::process::Command::new("pdftotext")
        .arg("-layout")
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
#[cfg_attr(windows, ignore = "needs pdftotext, a Linux tool")]
fn paper_sheets_and_the_hand_in_pack_are_made_from_the_command_line() {
    let laptop = petition_laptop();
    let d = laptop.path();
    let sheets = d.join("sheets.pdf");
    let sheets_arg = sheets.to_str().unwrap();
    let made = in_dir(
        d,
        &["petition", "sheets", "1", "-o", sheets_arg, "--count", "3"],
    );
    assert_eq!(made.outcome, Outcome::Exit(0), "{}", made.err);
    assert!(made.out.contains("Saved sheets 1 to 3"), "{}", made.out);
    let text = pdf_text(&sheets);
    assert_eq!(text.matches('\u{c}').count(), 3, "three pages");
    assert!(text.contains("We ask Camden Council to oppose the closure."));
    assert!(
        text.contains("Sheet 1") && text.contains("Sheet 3"),
        "{text}"
    );

    // The next sheets carry on the numbering, so no two paper sheets share a number.
    let more = in_dir(d, &["petition", "sheets", "1", "-o", sheets_arg]);
    assert!(pdf_text(&sheets).contains("Sheet 4"));
    assert!(
        more.out.contains("Saved sheet 4 of"),
        "{} {}",
        more.out,
        more.err
    );

    for name in ["Amira Haddad", "Tomás Ó Briain"] {
        let signed = in_dir(
            d,
            &[
                "petition",
                "sign",
                "1",
                "--name",
                name,
                "--postcode",
                "NW1 2DB",
            ],
        );
        assert_eq!(signed.outcome, Outcome::Exit(0), "{}", signed.err);
    }
    let pack = d.join("pack.pdf");
    let pack_arg = pack.to_str().unwrap();
    let made = in_dir(d, &["petition", "hand-in", "1", "-o", pack_arg]);
    assert_eq!(made.outcome, Outcome::Exit(0), "{}", made.err);
    let text = pdf_text(&pack);
    assert!(text.contains("Keep our walk-in centre open"), "{text}");
    assert!(
        text.contains("Tomás Ó Briain") && text.contains("NW1"),
        "{text}"
    );
    assert!(
        !text.contains("NW1 2DB"),
        "district only by default: {text}"
    );

    let made = in_dir(
        d,
        &["petition", "hand-in", "1", "-o", pack_arg, "--list", "none"],
    );
    assert_eq!(made.outcome, Outcome::Exit(0), "{}", made.err);
    assert!(!pdf_text(&pack).contains("Amira Haddad"));

    // A petition that does not exist: a plain message and no file.
    let missing = d.join("missing.pdf");
    let refused = in_dir(
        d,
        &["petition", "hand-in", "99", "-o", missing.to_str().unwrap()],
    );
    assert_ne!(refused.outcome, Outcome::Exit(0));
    assert!(!missing.exists());
}

#[test]
fn letters_from_the_command_line_a_mail_merge_and_word_files() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let data = data.to_str().unwrap();
    let csv = dir.path().join("councillors.csv");
    std::fs::write(
        &csv,
        "Name,Role,Address,Postcode,Email,Ward\r\n\
         Cllr Ann Lee,Councillor,\"Town Hall\nLondon\",WC1H 9JE,ann@camden.example.org,Ward 1\r\n\
         Cllr Bo Khan,Councillor,\"Town Hall\nLondon\",WC1H 9JE,,Ward 2\r\n",
    )
    .unwrap();
    let csv = csv.to_str().unwrap();
    let r = run(&["--data-dir", data, "letter", "people", "import", csv]);
    assert_eq!(r.outcome, Outcome::Exit(0), "{}", r.err);
    assert_eq!(r.out, "Added 2 to the address book.\n");

    let file = dir.path().join("foi.toml");
    let file = file.to_str().unwrap();
    let r = run(&[
        "--data-dir",
        data,
        "letter",
        "new",
        "foi-request",
        "-o",
        file,
    ]);
    assert_eq!(r.outcome, Outcome::Exit(0), "{}", r.err);
    // Changed in a text editor: the group's own words.
    let edited = std::fs::read_to_string(file)
        .unwrap()
        .replace("Please tell me:", "Please tell me, for Camden:");
    std::fs::write(file, edited).unwrap();

    let pdf = dir.path().join("merge.pdf");
    let pdf = pdf.to_str().unwrap();
    let r = run(&[
        "--data-dir",
        data,
        "letter",
        "render",
        file,
        "-o",
        pdf,
        "--to",
        "Cllr Ann Lee",
        "--to",
        "2",
    ]);
    assert_eq!(r.outcome, Outcome::Exit(0), "{}", r.err);
    assert!(r.out.contains("Note: Fill in \"[your name]\""), "{}", r.out);
    let bytes = std::fs::read(pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF"));

    let one = dir.path().join("one.docx");
    let r = run(&[
        "--data-dir",
        data,
        "letter",
        "render",
        file,
        "-o",
        one.to_str().unwrap(),
        "--to",
        "1",
        "--to",
        "2",
    ]);
    assert_eq!(r.outcome, Outcome::Exit(1));
    assert!(r.err.contains("and .zip for several"), "{}", r.err);
    assert!(!one.exists(), "nothing half-written");
    let zip = dir.path().join("all.zip");
    let r = run(&[
        "--data-dir",
        data,
        "letter",
        "render",
        file,
        "-o",
        zip.to_str().unwrap(),
        "--to",
        "1",
        "--to",
        "2",
    ]);
    assert_eq!(r.outcome, Outcome::Exit(0), "{}", r.err);
    let r = run(&[
        "--data-dir",
        data,
        "letter",
        "render",
        file,
        "-o",
        pdf,
        "--to",
        "Nobody",
    ]);
    assert_eq!(r.outcome, Outcome::Exit(1));
    assert!(r.err.contains("No one called \"Nobody\""), "{}", r.err);
    let r = run(&["--data-dir", data, "letter", "list", "--overdue"]);
    assert_eq!(r.out, "Nothing is overdue.\n");
}
