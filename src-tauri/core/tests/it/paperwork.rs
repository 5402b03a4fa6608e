//! Letters, motions, press releases and FOI requests, checked as a volunteer and the person
//! receiving them would: the PDF opened with poppler (`pdftotext`, `pdffonts`) and qpdf, the
//! Word file opened again, the address inside the envelope window, the FOI due dates, and
//! spreadsheets of people that are wrong or hostile.

use std::path::PathBuf;
use std::process::Command;

use campaign_kit_core::group::{self, GroupDetails};
use campaign_kit_core::paperwork::documents::{self, SentHow, State};
use campaign_kit_core::paperwork::layout::{self, Letterhead, WINDOW};
use campaign_kit_core::paperwork::people::{self, PersonDetails};
use campaign_kit_core::paperwork::templates::{self, Kind};
use campaign_kit_core::paperwork::{people_csv, word};
use campaign_kit_core::store::Store;
use chrono::NaiveDate;

use crate::pdf_tools::{self, PdfFolder, Word};

fn group_details() -> GroupDetails {
    GroupDetails {
        name: "KONP Camden".into(),
        contact_email: "camden@example.org".into(),
        phone: "020 7946 0000".into(),
        local_area: "Camden".into(),
        ..GroupDetails::default()
    }
}

fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().expect("dir");
    let store = Store::open(dir.path()).expect("store");
    group::save(&store, &group_details()).expect("group");
    (dir, store)
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a date")
}

fn councillor(n: usize) -> PersonDetails {
    PersonDetails {
        name: format!("Cllr Person{n:02} Example"),
        role: "Councillor".into(),
        organisation: "Camden Council".into(),
        address: format!("Town Hall\n{n} Judd Street\nLondon"),
        postcode: "WC1H 9JE".into(),
        email: format!("person{n}@camden.example.org"),
        area: format!("Ward {n}"),
        notes: String::new(),
    }
}

/// Points, as poppler measures, in millimetres, as the letter's layout is set.
fn mm(points: f32) -> f32 {
    points * 25.4 / 72.0
}

/// Whether a word lies inside the envelope window.
fn in_window(word: &Word) -> bool {
    let (x0, y0) = (mm(word.x_min), mm(word.y_min));
    let (x1, y1) = (mm(word.x_max), mm(word.y_max));
    x0 >= WINDOW.x - 0.5
        && x1 <= WINDOW.x + WINDOW.width + 0.5
        && y0 >= WINDOW.y - 0.5
        && y1 <= WINDOW.y + WINDOW.height + 0.5
}

/// The Word file made into a PDF by LibreOffice, headless, if LibreOffice is installed (it is
/// not on the CI machine, where this check is skipped; on a developer's laptop it runs).
fn libreoffice_pdf(docx: &[u8], name: &str) -> Option<(tempfile::TempDir, PathBuf)> {
    let program = ["soffice", "libreoffice"].into_iter().find(|p| {
        Command::new(p)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    })?;
    let folder = tempfile::tempdir().ok()?;
    let dir = folder.path().to_path_buf();
    let input = dir.join(format!("{name}.docx"));
    std::fs::write(&input, docx).ok()?;
    let status = Command::new(program)
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(&dir)
        .arg(&input)
        .status()
        .ok()?;
    assert!(
        status.success(),
        "LibreOffice could not open the Word file for {name}"
    );
    Some((folder, dir.join(format!("{name}.pdf"))))
}

/// A new document from a template, to `people`, with the first three FOI questions ticked.
fn written(store: &mut Store, template: &str, to: &[i64]) -> documents::SavedDocument {
    let mut document = documents::create(store, template).expect("created");
    for question in document.text.questions.iter_mut().take(3) {
        question.chosen = true;
    }
    documents::save(store, document.id, &document.text, to).expect("saved")
}

#[test]
#[cfg_attr(
    windows,
    ignore = "needs qpdf and poppler-utils, which are Linux tools"
)]
fn every_template_makes_a_sound_pdf_and_word_file_with_its_words_in_order() {
    let (_dir, mut store) = store();
    let mp = people::save(
        &store,
        None,
        &PersonDetails {
            name: "Siân Zoë O'Brien MP".into(),
            role: "MP".into(),
            organisation: "House of Commons".into(),
            address: "London".into(),
            postcode: "SW1A 0AA".into(),
            area: "Holborn and St Pancras".into(),
            ..PersonDetails::default()
        },
    )
    .expect("person");
    let group = group_details();
    let head = Letterhead {
        group: &group,
        logo: None,
    };
    let pdfs = PdfFolder::new();
    for template in templates::bundled() {
        let document = written(&mut store, &template.id, &[mp.id]);
        let rendered = layout::render(
            &document.text,
            std::slice::from_ref(&mp.details),
            &head,
            day(2026, 11, 27),
        );
        let path = pdfs.save(&template.id, &rendered.pdf);
        assert!(
            pdf_tools::fonts_all_embedded(&path),
            "{}: a font is not embedded",
            template.id
        );
        let text = pdf_tools::text(&path);
        let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
        // What each kind must say, in this order.
        let expected: Vec<&str> = match template.kind {
            Kind::Letter | Kind::Foi => {
                vec!["KONP Camden", "SW1A 0AA", "27 November 2026", "Yours"]
            }
            Kind::Motion => vec![
                "Motion from KONP Camden",
                "notes",
                "believes",
                "resolves",
                "Proposed by",
                "Seconded by",
            ],
            Kind::PressRelease => vec![
                "PRESS RELEASE",
                "27 November 2026",
                "For immediate release",
                "ENDS",
                "Notes to editors",
                "Contact",
                "camden@example.org",
            ],
        };
        let mut from = 0;
        for words in &expected {
            let at = flat[from..].find(words).unwrap_or_else(|| {
                panic!(
                    "{}: \"{words}\" missing or out of order in:\n{flat}",
                    template.id
                )
            });
            from += at + words.len();
        }
        if template.kind == Kind::Foi {
            let first = &document.text.questions[0].text;
            let start: String = first
                .split_whitespace()
                .take(4)
                .collect::<Vec<_>>()
                .join(" ");
            assert!(
                flat.contains(&format!("1. {start}")),
                "{}: question 1 not numbered",
                template.id
            );
            assert!(!flat.contains("{questions}"));
        }
        assert!(
            !flat.contains('{'),
            "{}: a detail was not filled in: {flat}",
            template.id
        );

        // The Word file, opened again: the same words, a paragraph each.
        let docx =
            word::docx(&document.text, Some(&mp.details), &head, day(2026, 11, 27)).expect("docx");
        let paragraphs = word::read_back(&docx).expect("reads back");
        assert!(
            paragraphs.len() >= 8,
            "{}: {} paragraphs",
            template.id,
            paragraphs.len()
        );
        let joined = paragraphs.join(" ");
        let joined = joined.split_whitespace().collect::<Vec<_>>().join(" ");
        let mut from = 0;
        for words in &expected {
            let at = joined[from..].find(words).unwrap_or_else(|| {
                panic!(
                    "{} (Word): \"{words}\" missing or out of order in:\n{joined}",
                    template.id
                )
            });
            from += at + words.len();
        }
        if template.kind != Kind::Motion {
            assert_eq!(
                paragraphs[0], "KONP Camden",
                "{}: the letterhead comes first",
                template.id
            );
        }
        if let Some((_folder, converted)) = libreoffice_pdf(&docx, &template.id) {
            let text = pdf_tools::text(&converted);
            let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
            assert!(
                flat.contains(expected[0]),
                "{} (LibreOffice): {flat}",
                template.id
            );
        }
    }
}

#[test]
#[cfg_attr(
    windows,
    ignore = "needs qpdf and poppler-utils, which are Linux tools"
)]
fn a_mail_merge_to_twelve_gives_twelve_letters_each_addressed_in_the_window() {
    let (_dir, mut store) = store();
    let ids: Vec<i64> = (1..=12)
        .map(|n| {
            people::save(&store, None, &councillor(n))
                .expect("person")
                .id
        })
        .collect();
    let document = written(&mut store, "letter-to-councillor", &ids);
    let people: Vec<PersonDetails> = document
        .recipients
        .iter()
        .map(|id| people::get(&store, *id).expect("person").details)
        .collect();
    assert_eq!(people.len(), 12);
    let group = group_details();
    let head = Letterhead {
        group: &group,
        logo: None,
    };
    let rendered = layout::render(&document.text, &people, &head, day(2026, 11, 27));
    let pdfs = PdfFolder::new();
    let path = pdfs.save("merge-12", &rendered.pdf);
    let words = pdf_tools::words(&path);
    // A letter starts on each page that has a name in the window.
    let mut letters = Vec::new();
    for page in 1..=rendered.pages as usize {
        let window: Vec<&str> = words
            .iter()
            .filter(|w| w.page == page && in_window(w))
            .map(|w| w.text.as_str())
            .collect();
        if window.is_empty() {
            continue;
        }
        let joined = window.join(" ");
        letters.push((page, joined));
    }
    assert_eq!(letters.len(), 12, "{letters:?}");
    for (n, (page, window)) in letters.iter().enumerate() {
        let person = &people[n];
        let expected = person.envelope_lines().join(" ");
        assert_eq!(
            window, &expected,
            "page {page}: the window shows the wrong address"
        );
        // The letter itself greets the same person.
        let greeting = format!("Dear {}", person.name);
        let page_text: Vec<&str> = words
            .iter()
            .filter(|w| w.page == *page)
            .map(|w| w.text.as_str())
            .collect();
        assert!(
            page_text.join(" ").contains(&greeting),
            "page {page}: wrong greeting"
        );
    }
    // Nothing outside the window sits in the window's band on a first page but the date.
    let zip = word::docx_zip(&document.text, &people, &head, day(2026, 11, 27)).expect("zip");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip)).expect("a zip");
    assert_eq!(archive.len(), 12);
    for (n, person) in people.iter().enumerate() {
        let mut file = archive.by_index(n).expect("file");
        let name = file.name().expect("a name").to_string();
        assert!(
            name.starts_with(&format!("{:02}-cllr-person{:02}", n + 1, n + 1)),
            "{name}"
        );
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut file, &mut bytes).expect("read");
        let paragraphs = word::read_back(&bytes).expect("docx");
        assert!(
            paragraphs
                .iter()
                .any(|p| p.starts_with(&format!("Dear {}", person.name)))
        );
    }
}

#[test]
fn foi_requests_get_their_due_date_and_are_listed_when_overdue() {
    let (_dir, mut store) = store();
    let document = written(&mut store, "foi-request", &[]);
    assert_eq!(document.due_on, None, "a draft has no due date");
    let sent =
        documents::mark_sent(&store, document.id, "2026-11-27", SentHow::Email).expect("sent");
    assert_eq!(sent.state, State::Sent);
    // St Andrew's Day (Scotland only), Christmas and Boxing Day in lieu all count.
    assert_eq!(sent.due_on.as_deref(), Some("2026-12-30"));
    assert!(sent.due_certain);
    assert!(
        documents::overdue(&store, day(2026, 12, 30))
            .expect("list")
            .is_empty()
    );
    let late = documents::overdue(&store, day(2026, 12, 31)).expect("list");
    assert_eq!(late.len(), 1);
    assert_eq!(late[0].id, document.id);
    documents::mark_replied(
        &store,
        document.id,
        "2026-11-27",
        "We hold no such list.",
        None,
    )
    .expect("replied");
    assert!(
        documents::overdue(&store, day(2027, 2, 1))
            .expect("list")
            .is_empty()
    );
    // A letter has no legal due date, so it is never overdue.
    let letter = written(&mut store, "letter-to-mp", &[]);
    documents::mark_sent(&store, letter.id, "2026-01-05", SentHow::Post).expect("sent");
    assert!(
        documents::overdue(&store, day(2026, 12, 31))
            .expect("list")
            .is_empty()
    );
}

#[test]
fn replies_and_sending_are_checked_and_nothing_is_half_saved() {
    let (_dir, mut store) = store();
    let document = written(&mut store, "letter-to-mp", &[]);
    let early = documents::mark_replied(&store, document.id, "2026-11-27", "Thanks", None);
    assert!(
        early
            .unwrap_err()
            .to_string()
            .starts_with("Mark it as sent first")
    );
    let future = documents::mark_sent(&store, document.id, "2999-01-01", SentHow::Post);
    assert!(
        future
            .unwrap_err()
            .to_string()
            .contains("cannot be in the future")
    );
    let garbled = documents::mark_sent(&store, document.id, "next Tuesday", SentHow::Post);
    assert!(
        garbled
            .unwrap_err()
            .to_string()
            .contains("day, month and year")
    );
    assert_eq!(
        documents::get(&store, document.id).expect("kept").state,
        State::Draft
    );
    documents::mark_sent(&store, document.id, "2026-11-20", SentHow::Post).expect("sent");
    let picture = documents::mark_replied(
        &store,
        document.id,
        "2026-11-26",
        "",
        Some(("reply.png".into(), vec![0x89, b'P', b'N', b'G', 0, 0, 0xff])),
    );
    assert!(
        picture
            .unwrap_err()
            .to_string()
            .starts_with("A reply can be a PDF")
    );
    let pdf = b"%PDF-1.7 a reply".to_vec();
    let replied = documents::mark_replied(
        &store,
        document.id,
        "2026-11-26",
        "See attached",
        Some(("reply.pdf".into(), pdf.clone())),
    )
    .expect("replied");
    assert_eq!(replied.state, State::Replied);
    assert_eq!(
        documents::reply_file(&store, document.id).expect("file"),
        Some(("reply.pdf".into(), pdf))
    );
}

#[test]
#[cfg_attr(
    windows,
    ignore = "needs qpdf and poppler-utils, which are Linux tools"
)]
fn hostile_names_and_a_100000_character_letter_print_as_text_over_many_pages() {
    let (_dir, mut store) = store();
    let person = people::save(
        &store,
        None,
        &PersonDetails {
            name: "<script>alert('x')</script> =HYPERLINK(\"http://x\")".into(),
            address: "1 High Street\nLondon".into(),
            ..PersonDetails::default()
        },
    )
    .expect("a name is kept as typed");
    let mut document = written(&mut store, "letter-to-mp", &[person.id]);
    document.text.body = format!(
        "Dear {{recipient.name}},\n\n{}",
        "Our NHS matters to us all. ".repeat(3800)
    );
    assert!(document.text.body.chars().count() >= 100_000);
    let document =
        documents::save(&mut store, document.id, &document.text, &[person.id]).expect("saved");
    let group = group_details();
    let head = Letterhead {
        group: &group,
        logo: None,
    };
    let rendered = layout::render(
        &document.text,
        std::slice::from_ref(&person.details),
        &head,
        day(2026, 11, 27),
    );
    assert!(rendered.pages >= 15, "{} pages", rendered.pages);
    let pdfs = PdfFolder::new();
    let path = pdfs.save("long-letter", &rendered.pdf);
    let text = pdf_tools::text(&path);
    assert!(
        text.contains("Dear <script>alert('x')</script>"),
        "the name prints as text"
    );
    assert!(text.contains("Page 2") && text.contains(&format!("Page {}", rendered.pages)));
    assert!(!text.contains("Page 1\n"), "page 1 carries no number");
    // Far too long to keep: refused in words, the saved version kept.
    let mut huge = document.text.clone();
    huge.body = "x".repeat(documents::MAX_TEXT_CHARS + 1);
    let refused = documents::save(&mut store, document.id, &huge, &[]).unwrap_err();
    assert!(refused.to_string().starts_with("This is too long"));
    assert_eq!(
        documents::get(&store, document.id).expect("kept").text.body,
        document.text.body
    );
}

#[test]
fn an_address_book_csv_with_broken_rows_adds_no_one_and_formulas_stay_text() {
    let (_dir, mut store) = store();
    let broken = "Name,Email,Postcode,Notes\r\n\
                  Cllr Ahmed,ahmed@camden.example.org,NW1 1TF,=HYPERLINK(\"http://evil\")\r\n\
                  ,nobody@example.org,,\r\n\
                  Cllr Bad,not-an-email,ZZ9 9ZZZ,\r\n";
    let file = people_csv::decode(broken.as_bytes()).expect("text");
    let preview = people_csv::preview(&file).expect("preview");
    assert_eq!(preview.rows, 3);
    assert_eq!(preview.suggested.email, Some(1));
    let refused = people_csv::import(&mut store, &file, &preview.suggested).unwrap_err();
    let report = campaign_kit_core::problem::ProblemReport::from_problem(&refused);
    assert!(
        report
            .message
            .starts_with("2 rows of the file need fixing, so nobody was added")
    );
    let lines: Vec<&str> = report.fields.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(lines, ["line 3", "line 4"], "{:?}", report.fields);
    let one_bad = "Name;Email\nCllr Bad;not-an-email\n";
    let file = people_csv::decode(one_bad.as_bytes()).expect("text");
    let mapping = people_csv::preview(&file).expect("preview").suggested;
    let refused = people_csv::import(&mut store, &file, &mapping).unwrap_err();
    let report = campaign_kit_core::problem::ProblemReport::from_problem(&refused);
    assert!(
        report
            .message
            .starts_with("1 row of the file needs fixing, so nobody was added. Fix it in"),
        "{}",
        report.message
    );
    assert!(
        people::list(&store).expect("list").is_empty(),
        "all or nothing"
    );

    let good = "Name,Email,Postcode,Notes\r\nCllr Ahmed,ahmed@camden.example.org,nw11tf,=HYPERLINK(\"http://evil\")\r\nSiân 王,,,\r\n";
    let file = people_csv::decode(good.as_bytes()).expect("text");
    let mapping = people_csv::preview(&file).expect("preview").suggested;
    assert_eq!(
        people_csv::import(&mut store, &file, &mapping).expect("imported"),
        2
    );
    let everyone = people::list(&store).expect("list");
    assert_eq!(everyone[0].details.postcode, "NW1 1TF");
    assert_eq!(everyone[0].details.notes, "=HYPERLINK(\"http://evil\")");
    assert_eq!(everyone[1].details.name, "Siân 王");
    let exported = String::from_utf8(people_csv::export(&store).expect("csv")).expect("UTF-8");
    assert!(
        exported.contains("\"'=HYPERLINK(\"\"http://evil\"\")\""),
        "{exported}"
    );
    // The export imports back unchanged.
    let again = people_csv::decode(exported.as_bytes()).expect("text");
    let mapping = people_csv::preview(&again).expect("preview").suggested;
    let (_dir2, mut other) = self::store();
    people_csv::import(&mut other, &again, &mapping).expect("imported");
    let copied: Vec<PersonDetails> = people::list(&other)
        .expect("list")
        .into_iter()
        .map(|p| p.details)
        .collect();
    let original: Vec<PersonDetails> = everyone.into_iter().map(|p| p.details).collect();
    assert_eq!(copied, original);
}

#[test]
fn missing_details_and_blanks_are_named_before_anything_goes() {
    let (_dir, mut store) = store();
    let document = written(&mut store, "letter-to-mp", &[]);
    let empty_group = GroupDetails::default();
    let head = Letterhead {
        group: &empty_group,
        logo: None,
    };
    let rendered = layout::render(&document.text, &[], &head, day(2026, 11, 27));
    let codes: Vec<&str> = rendered.warnings.iter().map(|w| w.code.as_str()).collect();
    assert!(
        codes.contains(&"missing_detail") && codes.contains(&"blank"),
        "{codes:?}"
    );
    assert!(
        rendered
            .warnings
            .iter()
            .any(|w| w.message.starts_with("Choose who it is to"))
    );
    assert!(
        rendered
            .warnings
            .iter()
            .any(|w| w.message.contains("[add one local fact"))
    );
    let foi = written(&mut store, "foi-request", &[]);
    let mut none_ticked = foi.text.clone();
    for q in none_ticked.questions.iter_mut() {
        q.chosen = false;
    }
    let rendered = layout::render(&none_ticked, &[], &head, day(2026, 11, 27));
    assert!(rendered.warnings.iter().any(|w| w.code == "no_questions"));
}

#[test]
fn a_group_keeps_its_own_copy_of_a_template() {
    let (_dir, store) = store();
    let mut copy = templates::bundled_by_id("letter-to-mp").expect("template");
    copy.name = "Our letter to the MP".into();
    copy.body = "Dear {recipient.name},\n\nOur own words.".into();
    let saved = templates::save_own(&store, copy).expect("saved");
    assert!(saved.own && saved.id.starts_with("own-"));
    let listed = templates::summaries(&store).expect("list");
    assert_eq!(listed[0].id, saved.id, "the group's own come first");
    let document = documents::create(&store, &saved.id).expect("created from it");
    assert_eq!(
        document.text.body,
        "Dear {recipient.name},\n\nOur own words."
    );
    templates::delete_own(&store, &saved.id).expect("deleted");
    assert!(
        templates::delete_own(&store, "letter-to-mp").is_err(),
        "bundled ones stay"
    );
}

/// A small PNG logo, as a group would choose: a blue square.
fn logo_png() -> Vec<u8> {
    let image = image::RgbImage::from_pixel(120, 60, image::Rgb([0, 94, 184]));
    let mut bytes = std::io::Cursor::new(Vec::new());
    image
        .write_to(&mut bytes, image::ImageFormat::Png)
        .expect("png");
    bytes.into_inner()
}

#[test]
#[cfg_attr(
    windows,
    ignore = "needs qpdf and poppler-utils, which are Linux tools"
)]
fn the_letterhead_carries_the_logo_and_the_pdf_is_tagged_for_reading_aloud() {
    let group = group_details();
    let logo = logo_png();
    let head = Letterhead {
        group: &group,
        logo: Some(&logo),
    };
    let template = templates::bundled_by_id("letter-to-mp").expect("template");
    let text = documents::DocumentText::from_template(&template);
    let rendered = layout::render(&text, &[councillor(1)], &head, day(2026, 11, 27));
    let pdfs = PdfFolder::new();
    let path = pdfs.save("logo", &rendered.pdf);
    let images = Command::new("pdfimages")
        .arg("-list")
        .arg(&path)
        .output()
        .expect("pdfimages");
    let listing = String::from_utf8_lossy(&images.stdout).into_owned();
    assert_eq!(listing.lines().count(), 3, "one image: {listing}");
    let info = pdf_tools::info(&path);
    assert!(
        info.lines()
            .any(|l| l.starts_with("Tagged:") && l.trim_end().ends_with("yes")),
        "{info}"
    );
    assert!(
        info.contains("Title:           The NHS in Ward 1: who decides"),
        "the PDF's title is filled in: {info}"
    );
    // The logo is above the rule, beside the group's name, and the name still reads first.
    let words = pdf_tools::words(&path);
    let name = words.iter().find(|w| w.text == "KONP").expect("the name");
    assert!(
        mm(name.x_min) >= 59.0,
        "the name sits right of the logo: {name:?}"
    );

    let docx = word::docx(&text, Some(&councillor(1)), &head, day(2026, 11, 27)).expect("docx");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(docx)).expect("a zip");
    let media = (0..archive.len())
        .filter(|&i| {
            archive
                .by_index(i)
                .ok()
                .and_then(|f| {
                    f.name()
                        .ok()
                        .map(|n| n.starts_with("word/media/") && n.ends_with(".png"))
                })
                .unwrap_or(false)
        })
        .count();
    assert_eq!(media, 1, "the Word file has the logo");
}
