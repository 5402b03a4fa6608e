//! Leaflets and posters, checked from the PDFs themselves with the tools a print shop would
//! use: `qpdf --check` for a sound file, `pdfinfo -box` for the page boxes, `pdftotext` for
//! the words (in order) and `pdftotext -bbox` for where they landed on the sheet, and
//! `pdftoppm` plus a QR reader for the QR code.

use std::path::Path;
use std::process::Command;

use campaign_kit_core::group::GroupDetails;
use campaign_kit_core::print::compose::Assets;
use campaign_kit_core::print::design::Design;
use campaign_kit_core::print::impose::{Flip, Layout};
use campaign_kit_core::print::paper::{Paper, mm};
use campaign_kit_core::print::{self, PrintError, Rendered, templates};

use crate::pdf_tools::{self, PdfFolder, Word};

fn group() -> GroupDetails {
    GroupDetails {
        name: "KONP Camden".into(),
        contact_email: "camden@example.org".into(),
        ..GroupDetails::default()
    }
}

fn render(design: &Design, layout: Layout) -> Rendered {
    let assets = Assets {
        group: group(),
        ..Assets::default()
    };
    print::render(design, &assets, &layout, false).expect("renders")
}

fn text_of(path: &Path) -> String {
    // Curly quotes are set by the engine; the templates are typed with straight ones.
    pdf_tools::text(path)
        .replace(['\u{2018}', '\u{2019}'], "'")
        .replace(['\u{201c}', '\u{201d}'], "\"")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn word_boxes(path: &Path, word: &str) -> Vec<Word> {
    pdf_tools::words(path)
        .into_iter()
        .filter(|b| b.text == word)
        .collect()
}

/// The page boxes `pdfinfo -box` reports for page 1: name -> (left, bottom, right, top).
fn boxes(path: &Path) -> Vec<(String, [f32; 4])> {
    let out = Command::new("pdfinfo")
        .args(["-box"])
        .arg(path)
        .output()
        .expect("pdfinfo");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|line| {
            let (name, rest) = line.split_once(':')?;
            let name = name.trim();
            if !name.ends_with("Box") {
                return None;
            }
            let numbers: Vec<f32> = rest
                .split_whitespace()
                .filter_map(|n| n.parse().ok())
                .collect();
            (numbers.len() == 4).then(|| {
                (
                    name.to_string(),
                    [numbers[0], numbers[1], numbers[2], numbers[3]],
                )
            })
        })
        .collect()
}

fn page_size(path: &Path) -> (f32, f32) {
    let info = pdf_tools::info(path);
    let line = info
        .lines()
        .find(|l| l.starts_with("Page size:"))
        .expect("page size");
    let numbers: Vec<f32> = line
        .split_whitespace()
        .filter_map(|n| n.parse().ok())
        .collect();
    (numbers[0], numbers[1])
}

fn layouts_for(paper: Paper) -> Vec<(&'static str, Layout)> {
    let mut layouts = vec![
        (
            "home-long",
            Layout::Home {
                flip: Flip::LongEdge,
            },
        ),
        (
            "home-short",
            Layout::Home {
                flip: Flip::ShortEdge,
            },
        ),
        ("shop", Layout::PrintShop { crop_marks: false }),
        ("shop-marks", Layout::PrintShop { crop_marks: true }),
    ];
    if matches!(paper, Paper::A4 | Paper::A3) {
        layouts.push(("tiled-a2", Layout::Tiled { poster: Paper::A2 }));
    }
    if paper == Paper::A4 {
        layouts.push(("tiled-a3", Layout::Tiled { poster: Paper::A3 }));
    }
    layouts
}

/// The first few words of a text, for an in-order check.
fn opening(text: &str, words: usize) -> String {
    text.split_whitespace()
        .take(words)
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
#[cfg_attr(
    windows,
    ignore = "needs qpdf and poppler-utils, which are Linux tools"
)]
fn every_template_renders_in_every_layout_and_gives_its_words_back_in_order() {
    let pdfs = PdfFolder::new();
    for template in templates::all() {
        let design = template.new_design();
        for (name, layout) in layouts_for(template.paper) {
            let rendered = render(&design, layout);
            let path = pdfs.save(&format!("{}-{name}", template.id), &rendered.pdf);
            let text = text_of(&path);
            // Blanks left for the group to fill are expected; anything else is a fault.
            let warnings: Vec<_> = rendered
                .report
                .warnings
                .iter()
                .filter(|w| w.code != "blank")
                .map(|w| &w.message)
                .collect();
            assert!(warnings.is_empty(), "{} {name}: {warnings:?}", template.id);
            if matches!(layout, Layout::Tiled { .. }) {
                // Words cut by a seam come back in pieces; the labels must be there.
                assert!(text.contains("Sheet A1"), "{} {name}", template.id);
                continue;
            }
            let headline = opening(&design.headline, 3);
            let body = opening(&design.body.replace("**", ""), 6);
            let cta = design.call_to_action.clone();
            let h = text
                .find(&headline)
                .unwrap_or_else(|| panic!("{} {name}: headline in {text}", template.id));
            let b = text
                .find(&body)
                .unwrap_or_else(|| panic!("{} {name}: body {body:?} in {text}", template.id));
            let c = text
                .find(&cta)
                .unwrap_or_else(|| panic!("{} {name}: call to action in {text}", template.id));
            assert!(h < b && b < c, "{} {name}: out of order", template.id);
            assert!(
                text.contains("KONP Camden"),
                "{} {name}: the group",
                template.id
            );
            assert!(
                text.contains("keepournhspublic.com"),
                "{} {name}: the link as text",
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
fn the_pdf_has_its_title_and_embeds_subset_fonts() {
    let pdfs = PdfFolder::new();
    let design = templates::by_id("a5-public")
        .expect("template")
        .new_design();
    let rendered = render(&design, Layout::PrintShop { crop_marks: true });
    let path = pdfs.save("title-and-fonts", &rendered.pdf);
    let info = pdf_tools::info(&path);
    let title = info
        .lines()
        .find_map(|l| l.strip_prefix("Title:"))
        .map(str::trim);
    assert_eq!(title, Some("Who runs your NHS now?"), "{info}");
    let fonts = Command::new("pdffonts")
        .arg(&path)
        .output()
        .expect("pdffonts");
    let fonts = String::from_utf8_lossy(&fonts.stdout);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(!rows.is_empty());
    for row in rows {
        let columns: Vec<&str> = row.split_whitespace().collect();
        // name ... emb sub uni object id: the three yes/no columns before the object number.
        let n = columns.len();
        assert_eq!(
            &columns[n - 5..n - 2],
            &["yes", "yes", "yes"],
            "embedded, subset, ToUnicode: {row}"
        );
    }
}

#[test]
#[cfg_attr(
    windows,
    ignore = "needs qpdf and poppler-utils, which are Linux tools"
)]
fn print_shop_pages_have_3mm_bleed_and_the_trim_inside_it() {
    let pdfs = PdfFolder::new();
    let design = templates::by_id("a5-public")
        .expect("template")
        .new_design();
    for crop_marks in [false, true] {
        let rendered = render(&design, Layout::PrintShop { crop_marks });
        let path = pdfs.save(&format!("shop-boxes-{crop_marks}"), &rendered.pdf);
        assert_eq!(pdf_tools::page_count(&path), 2, "front and back");
        let boxes = boxes(&path);
        let get = |name: &str| {
            boxes
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, b)| *b)
                .expect(name)
        };
        let (media, bleed, trim) = (get("MediaBox"), get("BleedBox"), get("TrimBox"));
        let (a5_w, a5_h) = Paper::A5.size_pt();
        assert!(
            (trim[2] - trim[0] - a5_w).abs() < 0.1,
            "trim is A5 wide: {trim:?}"
        );
        assert!(
            (trim[3] - trim[1] - a5_h).abs() < 0.1,
            "trim is A5 tall: {trim:?}"
        );
        for i in 0..2 {
            assert!(
                (trim[i] - bleed[i] - mm(3.0)).abs() < 0.1,
                "3 mm bleed: {bleed:?} {trim:?}"
            );
            assert!(
                (bleed[i + 2] - trim[i + 2] - mm(3.0)).abs() < 0.1,
                "3 mm bleed: {bleed:?} {trim:?}"
            );
            assert!(media[i] <= bleed[i] && media[i + 2] >= bleed[i + 2]);
        }
        let room = bleed[0] - media[0];
        if crop_marks {
            assert!(
                room >= mm(5.0),
                "crop marks need room outside the bleed: {room}"
            );
        } else {
            assert!(room.abs() < 0.1, "no marks, no slug: {room}");
        }
    }
}

#[test]
#[cfg_attr(
    windows,
    ignore = "needs qpdf and poppler-utils, which are Linux tools"
)]
fn two_a5_go_side_by_side_on_landscape_a4_inside_a_5mm_frame_and_backs_follow_the_flip() {
    let pdfs = PdfFolder::new();
    let mut design = templates::by_id("a5-public")
        .expect("template")
        .new_design();
    design.headline = "Frontmark".into();
    design.body = "Short.".into();
    design.call_to_action = "Backmark".into();
    for flip in [Flip::ShortEdge, Flip::LongEdge] {
        let rendered = render(&design, Layout::Home { flip });
        assert_eq!(rendered.report.copies_per_sheet, 2);
        let path = pdfs.save(&format!("a5-2up-{flip:?}"), &rendered.pdf);
        let (w, h) = page_size(&path);
        assert!(
            (w - 841.89).abs() < 0.5 && (h - 595.28).abs() < 0.5,
            "landscape A4: {w} x {h}"
        );
        assert_eq!(pdf_tools::page_count(&path), 2);

        let fronts = word_boxes(&path, "Frontmark");
        assert_eq!(fronts.len(), 2, "two copies on the front: {fronts:?}");
        assert!(fronts.iter().all(|b| b.page == 1));
        let (left, right) = (
            fronts[0].x_min.min(fronts[1].x_min),
            fronts[0].x_min.max(fronts[1].x_min),
        );
        assert!(
            left < w / 2.0 && right > w / 2.0,
            "one copy in each half: {fronts:?}"
        );
        // Same height on both copies, and the same distance apart as the cells.
        assert!((fronts[0].y_min - fronts[1].y_min).abs() < 0.5);
        let cell = right - left;
        assert!(cell > mm(130.0) && cell < mm(148.0), "cell width {cell}");
        // The design is scaled inside the frame: nothing printed within 5 mm of the edge.
        let margin = mm(5.0);
        for b in &fronts {
            assert!(b.x_min > margin && b.x_max < w - margin && b.y_min > margin);
        }

        let backs = word_boxes(&path, "Backmark");
        assert_eq!(backs.len(), 2, "two copies on the back: {backs:?}");
        assert!(backs.iter().all(|b| b.page == 2));
        // The call to action sits at the foot of the back. When the printer turns a
        // landscape sheet on its long edge, the back is printed turned round, so the words
        // land at the top of the PDF page.
        for b in &backs {
            match flip {
                Flip::ShortEdge => assert!(b.y_min > h / 2.0, "upright back: {b:?}"),
                Flip::LongEdge => assert!(b.y_max < h / 2.0, "back turned round: {b:?}"),
            }
            assert!(b.y_min > margin && b.y_max < h - margin);
        }
    }
}

#[test]
#[cfg_attr(
    windows,
    ignore = "needs qpdf and poppler-utils, which are Linux tools"
)]
fn four_a6_fill_the_quarters_of_portrait_a4() {
    let pdfs = PdfFolder::new();
    let mut design = templates::by_id("a6-flyer").expect("template").new_design();
    design.headline = "Quartermark".into();
    let rendered = render(
        &design,
        Layout::Home {
            flip: Flip::LongEdge,
        },
    );
    assert_eq!(rendered.report.copies_per_sheet, 4);
    assert_eq!(print::sheets_needed(200, 4), 50);
    let path = pdfs.save("a6-4up", &rendered.pdf);
    let (w, h) = page_size(&path);
    assert!(w < h, "portrait");
    let marks = word_boxes(&path, "Quartermark");
    assert_eq!(marks.len(), 4, "{marks:?}");
    let mut quarters: Vec<(bool, bool)> = marks
        .iter()
        .map(|b| (b.x_min > w / 2.0, b.y_min > h / 2.0))
        .collect();
    quarters.sort();
    assert_eq!(
        quarters,
        vec![(false, false), (false, true), (true, false), (true, true)]
    );
}

#[test]
#[cfg_attr(
    windows,
    ignore = "needs qpdf and poppler-utils, which are Linux tools"
)]
fn an_a3_poster_tiles_onto_a4_with_overlap_labels_and_every_sheet_printed() {
    let pdfs = PdfFolder::new();
    let design = templates::by_id("a3-poster")
        .expect("template")
        .new_design();
    let rendered = render(&design, Layout::Tiled { poster: Paper::A2 });
    let path = pdfs.save("a3-as-a2-tiles", &rendered.pdf);
    let pages = pdf_tools::page_count(&path);
    assert_eq!(pages as u32, rendered.report.pages);
    // A2 is 420 x 594 mm; A4 less 5 mm edges and a 10 mm overlap covers it in 8 or 9 sheets.
    assert!((8..=9).contains(&pages), "{pages} sheets");
    let text = text_of(&path);
    for name in ["Sheet A1", "Sheet A2", "Sheet B1"] {
        assert!(text.contains(name), "{name} in {text}");
    }
    assert!(text.contains("Actual size"));
    // The top-left sheet carries the start of the headline, at twice the A3 size (A2 is
    // 1.41 times as wide: type grows with it).
    let words = word_boxes(&path, "Our");
    let first = words
        .iter()
        .find(|b| b.page == 1)
        .expect("headline on sheet A1");
    let height = first.y_max - first.y_min;
    assert!(
        height > 80.0 * 1.3,
        "headline printed at poster size: {height}"
    );

    let too_small = print::render(
        &design,
        &Assets::default(),
        &Layout::Tiled { poster: Paper::A3 },
        false,
    );
    assert!(matches!(too_small, Err(PrintError::TileTooSmall { .. })));
}

#[test]
#[cfg_attr(
    windows,
    ignore = "needs qpdf and poppler-utils, which are Linux tools"
)]
fn the_qr_code_scans_back_to_the_link() {
    let pdfs = PdfFolder::new();
    let mut design = templates::by_id("a4-poster")
        .expect("template")
        .new_design();
    design.qr_link = "https://example.org/camden-petition?from=poster".into();
    let rendered = render(&design, Layout::PrintShop { crop_marks: false });
    let path = pdfs.save("qr", &rendered.pdf);
    let stem = pdfs.path().join("qr-page");
    let status = Command::new("pdftoppm")
        .args(["-png", "-r", "150", "-singlefile"])
        .arg(&path)
        .arg(&stem)
        .status()
        .expect("pdftoppm");
    assert!(status.success());
    let picture = image::open(stem.with_extension("png"))
        .expect("png")
        .to_luma8();
    let mut prepared = rqrr::PreparedImage::prepare(picture);
    let grids = prepared.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code found");
    let (_, content) = grids[0].decode().expect("decodes");
    assert_eq!(content, design.qr_link);
    assert!(
        text_of(&path).contains("example.org/camden-petition"),
        "link printed as text"
    );
}

#[test]
fn a_qr_code_too_small_for_the_format_is_refused_with_the_reason() {
    let mut design = templates::by_id("a5-public")
        .expect("template")
        .new_design();
    design.qr_size_mm = 21.0;
    // Full size at a print shop, 21 mm is enough on A5…
    assert!(
        print::render(
            &design,
            &Assets::default(),
            &Layout::PrintShop { crop_marks: false },
            false
        )
        .is_ok()
    );
    // …but two to a sheet at home shrinks it under 20 mm.
    let refused = print::render(
        &design,
        &Assets::default(),
        &Layout::Home {
            flip: Flip::ShortEdge,
        },
        false,
    );
    let Err(problem) = refused else {
        panic!("an 18 mm QR code on A5 must be refused");
    };
    let message = problem.to_string();
    assert!(message.contains("at least 20 mm"), "{message}");
    assert!(message.contains("Make it 23 mm or more"), "{message}");
}

#[test]
#[cfg_attr(
    windows,
    ignore = "needs qpdf and poppler-utils, which are Linux tools"
)]
fn text_that_does_not_fit_is_reported_with_its_side_and_shrink_to_fit_makes_it_fit() {
    let pdfs = PdfFolder::new();
    let mut design = templates::by_id("a5-public")
        .expect("template")
        .new_design();
    let extra = "The hospital trust's plans for our area were discussed at a board meeting that few people knew about. ";
    design.body = format!(
        "{}\n\n{}\n\nLastparagraph here.",
        design.body,
        extra.repeat(22)
    );
    let rendered = render(&design, Layout::PrintShop { crop_marks: false });
    let overflow = rendered
        .report
        .warnings
        .iter()
        .find(|w| w.code == "text_overflow")
        .expect("warned");
    assert_eq!(overflow.side, 2, "the back: {overflow:?}");
    assert!(
        overflow.message.contains("do not fit on the back"),
        "{}",
        overflow.message
    );
    let path = pdfs.save("overflow", &rendered.pdf);
    assert!(
        !text_of(&path).contains("Lastparagraph"),
        "left out, never drawn half off the page"
    );

    design.shrink_to_fit = true;
    let shrunk = render(&design, Layout::PrintShop { crop_marks: false });
    let codes: Vec<&str> = shrunk
        .report
        .warnings
        .iter()
        .map(|w| w.code.as_str())
        .collect();
    assert_eq!(codes, vec!["shrunk"], "{:?}", shrunk.report.warnings);
    let path = pdfs.save("shrunk", &shrunk.pdf);
    assert!(text_of(&path).contains("Lastparagraph"));
}

#[test]
#[cfg_attr(
    windows,
    ignore = "needs qpdf and poppler-utils, which are Linux tools"
)]
fn hostile_huge_and_many_script_text_makes_a_sound_pdf() {
    let pdfs = PdfFolder::new();
    let template = templates::by_id("a5-public").expect("template");
    let mut design = template.new_design();
    design.headline = "Cadwch y GIG yn gyhoeddus: ŵyr".into();
    design.subheading = "نحن ندعم الخدمة الصحية — ہم این ایچ ایس کی حمایت کرتے ہیں".into();
    design.body = "Zachowajmy publiczną służbę zdrowia.\n\nSağlık hizmetimizi kamusal tutalım.\n\n১০০ জন স্বাক্ষর\n\n<script>alert(1)</script> =HYPERLINK(\"x\")".into();
    let rendered = render(
        &design,
        Layout::Home {
            flip: Flip::ShortEdge,
        },
    );
    assert!(
        rendered.report.warnings.is_empty(),
        "{:?}",
        rendered.report.warnings
    );
    let path = pdfs.save("scripts", &rendered.pdf);
    let text = text_of(&path);
    for words in [
        "Cadwch y GIG yn gyhoeddus: ŵyr",
        "publiczną służbę",
        "Sağlık hizmetimizi",
        "স্বাক্ষর",
        "الصحية",
        "<script>alert(1)</script>",
    ] {
        assert!(text.contains(words), "{words} in {text}");
    }

    // Emoji and a private-use character: no bundled font has them, so the editor is told
    // which ones, and the PDF is still sound.
    design.body = "We ❤ the NHS 😀 \u{E000}".into();
    let rendered = render(&design, Layout::PrintShop { crop_marks: false });
    let warning = rendered
        .report
        .warnings
        .iter()
        .find(|w| w.code == "missing_characters")
        .expect("warned");
    assert!(warning.message.contains("😀"), "{}", warning.message);
    pdfs.save("emoji", &rendered.pdf);

    // 100,000 characters: told it does not fit, never a panic or a broken file.
    design.body = "word ".repeat(20_000);
    design.headline = "H".repeat(2_000);
    let rendered = render(
        &design,
        Layout::Home {
            flip: Flip::LongEdge,
        },
    );
    assert!(
        rendered
            .report
            .warnings
            .iter()
            .any(|w| w.code == "text_overflow")
    );
    pdfs.save("huge", &rendered.pdf);

    // An empty design: a blank leaflet and a nudge, not an error.
    let empty = Design {
        template: template.id.clone(),
        ..Design::default()
    };
    let rendered = render(&empty, Layout::PrintShop { crop_marks: false });
    assert!(rendered.report.warnings.iter().any(|w| w.code == "empty"));
    pdfs.save("empty", &rendered.pdf);

    let unknown = Design {
        template: "from-the-future".into(),
        ..Design::default()
    };
    assert!(matches!(
        print::render(
            &unknown,
            &Assets::default(),
            &Layout::PrintShop { crop_marks: false },
            false
        ),
        Err(PrintError::UnknownTemplate(_))
    ));
}

#[test]
#[cfg_attr(
    windows,
    ignore = "needs qpdf and poppler-utils, which are Linux tools"
)]
fn a_photo_is_placed_scaled_and_a_broken_one_is_a_warning() {
    let pdfs = PdfFolder::new();
    let mut photo = image::RgbImage::new(3000, 2000);
    for (x, y, pixel) in photo.enumerate_pixels_mut() {
        *pixel = image::Rgb([(x % 256) as u8, (y % 256) as u8, 120]);
    }
    let design = templates::by_id("a5-public")
        .expect("template")
        .new_design();
    // The frame is 128 mm wide on A5: 1512 pixels at 300 dpi. A JPEG with up to 3 times
    // that is copied as it is (no second compression); other pictures are scaled to 300 dpi.
    for (format, kept_width, encoding) in [
        (image::ImageFormat::Jpeg, 3000..=3000, "jpeg"),
        (image::ImageFormat::Png, 1500..=1520, "jpeg"),
    ] {
        let mut bytes = std::io::Cursor::new(Vec::new());
        photo.write_to(&mut bytes, format).expect("encoded");
        let bytes = bytes.into_inner();
        let assets = Assets {
            photo: Some(&bytes),
            group: group(),
            ..Assets::default()
        };
        let rendered = print::render(
            &design,
            &assets,
            &Layout::PrintShop { crop_marks: false },
            false,
        )
        .expect("renders");
        assert!(
            rendered.report.warnings.is_empty(),
            "{:?}",
            rendered.report.warnings
        );
        let path = pdfs.save(&format!("photo-{format:?}"), &rendered.pdf);
        let list = Command::new("pdfimages")
            .arg("-list")
            .arg(&path)
            .output()
            .expect("pdfimages");
        let list = String::from_utf8_lossy(&list.stdout);
        let row = list.lines().nth(2).expect("one image");
        let columns: Vec<&str> = row.split_whitespace().collect();
        let width: u32 = columns[3].parse().expect("w");
        assert!(kept_width.contains(&width), "{format:?}: {row}");
        assert_eq!(columns[8], encoding, "{row}");
        // Sharp: at least 300 pixels per inch where it prints.
        let ppi: f32 = columns[12].parse().expect("ppi");
        assert!(ppi >= 299.0, "{row}");
    }
    // A file cut short: the leaflet still renders, and says why the photo is missing.
    let mut png = std::io::Cursor::new(Vec::new());
    photo
        .write_to(&mut png, image::ImageFormat::Png)
        .expect("png");
    let png = png.into_inner();
    let broken = &png[..png.len() / 3];
    let assets = Assets {
        photo: Some(broken),
        ..Assets::default()
    };
    let rendered = print::render(
        &design,
        &assets,
        &Layout::PrintShop { crop_marks: false },
        false,
    )
    .expect("renders");
    assert!(
        rendered.report.warnings.iter().any(|w| w.code == "photo"),
        "{:?}",
        rendered.report.warnings
    );
}

#[test]
#[cfg_attr(
    windows,
    ignore = "needs qpdf and poppler-utils, which are Linux tools"
)]
fn the_duplex_test_sheet_has_a_front_and_a_back() {
    let pdfs = PdfFolder::new();
    let pdf = print::test_sheet::duplex_test_sheet(true, Flip::ShortEdge);
    let path = pdfs.save("duplex-test", &pdf);
    assert_eq!(pdf_tools::page_count(&path), 2);
    let text = text_of(&path);
    assert!(text.find("FRONT") < text.find("BACK"));
    assert!(text.contains("choose \"long edge\" instead"), "{text}");
    // Which way to turn, in words (and drawn beside them).
    assert!(text.contains("like the page of a book"), "{text}");
    assert!(text.contains("like a wall calendar"), "{text}");
    // Where the printer stops, and how far the back lands from the front.
    assert!(text.contains("where your printer starts"), "{text}");
    assert!(text.contains("how far the back is shifted"), "{text}");
    // The frame is in the same place on both sides: 30 mm in from the top and left.
    for page in [1, 2] {
        let pixels = Pixels::of(&path, page, 100);
        let on_line = (0..8).any(|i| !is_white(pixels.at_mm(80.0, 29.6 + i as f32 * 0.1)));
        assert!(
            on_line,
            "page {page}: the frame's top line 30 mm from the top"
        );
        assert!(
            is_white(pixels.at_mm(80.0, 26.0)),
            "page {page}: white above the frame"
        );
    }
}

#[test]
fn the_meeting_poster_starts_with_blanks_that_are_named_until_filled() {
    let template = templates::by_id("meeting-poster").expect("shipped");
    let mut design = template.new_design();
    let blanks = |design: &Design| -> Vec<(String, String)> {
        render(design, Layout::PrintShop { crop_marks: false })
            .report
            .warnings
            .into_iter()
            .filter(|w| w.code == "blank")
            .map(|w| (w.field, w.message))
            .collect()
    };
    let fields: Vec<String> = blanks(&design).into_iter().map(|(f, _)| f).collect();
    for field in [
        "eventDate",
        "eventTime",
        "eventPlace",
        "eventSpeakers",
        "body",
    ] {
        assert!(
            fields.iter().any(|f| f == field),
            "{field} not named: {fields:?}"
        );
    }
    assert!(
        !design.event.date.chars().any(|c| c.is_ascii_digit()),
        "the starting date must be a blank, not a made-up date: {}",
        design.event.date
    );
    assert!(!design.body.to_lowercase().contains("step-free access."));

    design.event.date = "Thursday 4 March".into();
    design.event.time = "7pm to 8.30pm".into();
    design.event.place = "Friends Meeting House, Mill Lane".into();
    design.event.speakers = "Dr A Khan, a local GP".into();
    design.body = "Come and ask questions. See [our website](https://example.org) too.".into();
    assert_eq!(blanks(&design), Vec::<(String, String)>::new());
}

/// A page of a PDF as pixels, `dpi` to the inch, read back through `pdftoppm`.
struct Pixels {
    width: usize,
    height: usize,
    dpi: f32,
    rgb: Vec<u8>,
}

impl Pixels {
    fn of(path: &Path, page: u32, dpi: u32) -> Pixels {
        let out = Command::new("pdftoppm")
            .args([
                "-r",
                &dpi.to_string(),
                "-f",
                &page.to_string(),
                "-l",
                &page.to_string(),
            ])
            .arg(path)
            .output()
            .expect("pdftoppm runs");
        // A binary PPM: "P6", width, height, 255, then the pixels.
        let data = out.stdout;
        let mut fields = Vec::new();
        let mut at = 0;
        while fields.len() < 4 {
            while data[at].is_ascii_whitespace() {
                at += 1;
            }
            let start = at;
            while !data[at].is_ascii_whitespace() {
                at += 1;
            }
            fields.push(String::from_utf8_lossy(&data[start..at]).into_owned());
        }
        assert_eq!(fields[0], "P6");
        Pixels {
            width: fields[1].parse().unwrap(),
            height: fields[2].parse().unwrap(),
            dpi: dpi as f32,
            rgb: data[at + 1..].to_vec(),
        }
    }

    /// The colour at a point given in millimetres from the page's top-left corner.
    fn at_mm(&self, x: f32, y: f32) -> [u8; 3] {
        let px = ((x / 25.4 * self.dpi) as usize).min(self.width - 1);
        let py = ((y / 25.4 * self.dpi) as usize).min(self.height - 1);
        let i = (py * self.width + px) * 3;
        [self.rgb[i], self.rgb[i + 1], self.rgb[i + 2]]
    }

    /// Whether anything but white is printed within `edge` mm of the page's edges.
    fn printed_near_edge(&self, edge: f32) -> bool {
        let band = (edge / 25.4 * self.dpi) as usize;
        (0..self.height).any(|y| {
            (0..self.width).any(|x| {
                let near =
                    x < band || y < band || x >= self.width - band || y >= self.height - band;
                let i = (y * self.width + x) * 3;
                near && self.rgb[i..i + 3].iter().any(|&c| c < 200)
            })
        })
    }
}

fn is_white(c: [u8; 3]) -> bool {
    c.iter().all(|&v| v > 240)
}

#[test]
#[cfg_attr(
    windows,
    ignore = "needs qpdf and poppler-utils, which are Linux tools"
)]
fn at_home_colour_runs_past_the_cuts_and_the_marks_keep_clear_of_the_edge() {
    let pdfs = PdfFolder::new();
    for id in ["a5-public", "a6-flyer"] {
        let design = templates::by_id(id).expect("template").new_design();
        let rendered = render(
            &design,
            Layout::Home {
                flip: Flip::ShortEdge,
            },
        );
        let path = pdfs.save(&format!("{id}-home-bleed"), &rendered.pdf);
        let page = Pixels::of(&path, 1, 150);
        // Crop marks and everything else stay at least 6.5 mm from the sheet's edge.
        assert!(
            !page.printed_near_edge(6.4),
            "{id}: something printed within 6.5 mm of the edge"
        );

        // Walk in from the left along a row inside the top-left copy's header band: the
        // first colour is where the bleed starts, 2.5 mm before the cut.
        let row = 20.0;
        let sheet_w = page.width as f32 / page.dpi * 25.4;
        let first_colour = (0..(sheet_w * 10.0) as usize)
            .map(|tenth| tenth as f32 / 10.0)
            .find(|&x| !is_white(page.at_mm(x, row)))
            .expect("a coloured band");
        let band = page.at_mm(first_colour + 5.0, row);
        assert!(!is_white(band));
        // The colour reaches 2.5 mm beyond the cut, so a cut 2 mm off still shows colour.
        let cut = first_colour + 2.5;
        assert_eq!(
            page.at_mm(cut - 2.0, row),
            band,
            "{id}: colour 2 mm outside the cut"
        );
        assert!(
            is_white(page.at_mm(cut - 3.2, row)),
            "{id}: the bleed stops near 2.5 mm"
        );
    }
}

#[test]
#[cfg_attr(
    windows,
    ignore = "needs qpdf and poppler-utils, which are Linux tools"
)]
fn an_a4_leaflet_prints_full_size_at_home_in_a_white_frame_with_nothing_to_cut() {
    let pdfs = PdfFolder::new();
    let mut design = templates::by_id("a4-leaflet")
        .expect("template")
        .new_design();
    design.headline = "Fullsize".into();
    let home = pdfs.save(
        "a4-home-fullsize",
        &render(
            &design,
            Layout::Home {
                flip: Flip::ShortEdge,
            },
        )
        .pdf,
    );
    let shop = pdfs.save(
        "a4-shop-fullsize",
        &render(&design, Layout::PrintShop { crop_marks: false }).pdf,
    );
    let (at_home, at_shop) = (
        &word_boxes(&home, "Fullsize")[0],
        &word_boxes(&shop, "Fullsize")[0],
    );
    // The shop page has 3 mm of bleed round the trim; at home the sheet is the trim.
    let bleed = mm(3.0);
    assert!(
        (at_home.x_min - (at_shop.x_min - bleed)).abs() < 0.5,
        "{at_home:?} {at_shop:?}"
    );
    let width_home = at_home.x_max - at_home.x_min;
    let width_shop = at_shop.x_max - at_shop.x_min;
    assert!(
        (width_home - width_shop).abs() < 0.5,
        "same size as the shop's: {width_home} {width_shop}"
    );

    let page = Pixels::of(&home, 1, 100);
    let band = page.at_mm(8.0, 8.0);
    assert!(
        !is_white(band),
        "the header's colour reaches the white frame"
    );
    assert!(
        is_white(page.at_mm(3.0, 3.0)),
        "a white frame the printer can leave blank"
    );
    // No crop marks: nothing printed in the frame's corner.
    assert!((0..50).all(|i| is_white(page.at_mm(1.0 + i as f32 * 0.07, 1.0 + i as f32 * 0.07))));
}

/// The two ways most leaflets are printed: at home (shrunk, several to a sheet) and at a shop.
fn home_and_shop() -> [(&'static str, Layout); 2] {
    [
        (
            "home",
            Layout::Home {
                flip: Flip::ShortEdge,
            },
        ),
        ("shop", Layout::PrintShop { crop_marks: false }),
    ]
}

/// poppler's word boxes for Noto Sans are 1.362 times the type size tall (ascender to
/// descender), measured on body text of a known size.
const WORD_BOX_PER_POINT: f32 = 1.362;

/// The type size of a word as printed, read back from the PDF.
fn printed_size(path: &Path, word: &str) -> Option<f32> {
    word_boxes(path, word)
        .iter()
        .map(|b| (b.y_max - b.y_min) / WORD_BOX_PER_POINT)
        .reduce(f32::min)
}

#[test]
#[cfg_attr(
    windows,
    ignore = "needs qpdf and poppler-utils, which are Linux tools"
)]
fn type_stays_readable_after_the_home_printer_shrinks_it() {
    let pdfs = PdfFolder::new();
    let mut problems = Vec::new();
    for template in templates::all() {
        let design = template.new_design();
        for (name, layout) in home_and_shop() {
            let rendered = render(&design, layout);
            let path = pdfs.save(&format!("{}-{name}-sizes", template.id), &rendered.pdf);
            let body_word = design
                .body
                .split_whitespace()
                .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
                .find(|w| w.len() > 4 && !design.body.contains(&format!("**{w}")))
                .expect("a body word");
            let sources_word = design.sources.split_whitespace().next();
            let checks = [
                ("main text", Some(body_word), 9.5),
                ("contact details", Some("camden@example.org"), 8.5),
                ("sources", sources_word, 7.0),
            ];
            for (what, word, smallest) in checks {
                let Some(word) = word else { continue };
                match printed_size(&path, word) {
                    Some(size) if size + 0.05 >= smallest => {}
                    Some(size) => problems.push(format!(
                        "{} {name}: {what} (\"{word}\") prints at {size:.1} pt, under {smallest} pt",
                        template.id
                    )),
                    None => problems.push(format!("{} {name}: \"{word}\" not found", template.id)),
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The tallest stretch of a page with no text on it, as a share of the page's height.
fn largest_empty_band(path: &Path) -> Vec<f32> {
    let (_, height) = page_size(path);
    let words = pdf_tools::words(path);
    let pages = words.iter().map(|w| w.page).max().unwrap_or(0);
    (1..=pages)
        .map(|page| {
            let mut lines: Vec<(f32, f32)> = words
                .iter()
                .filter(|w| w.page == page)
                .map(|w| (w.y_min, w.y_max))
                .collect();
            lines.push((height, height));
            lines.sort_by(|a, b| a.0.total_cmp(&b.0));
            let (mut reached, mut largest) = (0.0_f32, 0.0_f32);
            for (top, bottom) in lines {
                largest = largest.max(top - reached);
                reached = reached.max(bottom);
            }
            largest / height
        })
        .collect()
}

#[test]
#[cfg_attr(
    windows,
    ignore = "needs qpdf and poppler-utils, which are Linux tools"
)]
fn every_template_fills_its_page_with_no_empty_band_over_a_quarter() {
    let pdfs = PdfFolder::new();
    let mut problems = Vec::new();
    for template in templates::all() {
        let design = template.new_design();
        for (name, layout) in home_and_shop() {
            let path = pdfs.save(
                &format!("{}-{name}-fill", template.id),
                &render(&design, layout).pdf,
            );
            for (side, share) in largest_empty_band(&path).into_iter().enumerate() {
                if share > 0.25 {
                    problems.push(format!(
                        "{} {name}, side {}: an empty band {:.0} % of the page tall",
                        template.id,
                        side + 1,
                        share * 100.0
                    ));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The QR codes found on a page, decoded, at 100 dpi.
fn qr_codes_on_page(dir: &Path, path: &Path, page: usize) -> Vec<String> {
    let stem = dir.join(format!("tile-{page}"));
    let status = Command::new("pdftoppm")
        .args([
            "-png",
            "-r",
            "150",
            "-singlefile",
            "-f",
            &page.to_string(),
            "-l",
            &page.to_string(),
        ])
        .arg(path)
        .arg(&stem)
        .status()
        .expect("pdftoppm");
    assert!(status.success());
    let picture = image::open(stem.with_extension("png"))
        .expect("png")
        .to_luma8();
    let mut prepared = rqrr::PreparedImage::prepare(picture);
    prepared
        .detect_grids()
        .iter()
        .filter_map(|grid| grid.decode().ok().map(|(_, content)| content))
        .collect()
}

#[test]
#[cfg_attr(
    windows,
    ignore = "needs qpdf and poppler-utils, which are Linux tools"
)]
fn a_tiled_poster_keeps_its_qr_code_whole_on_one_sheet_and_its_photo_sharp() {
    let pdfs = PdfFolder::new();
    // A phone photo: 4032 x 3024.
    let mut photo = image::RgbImage::new(4032, 3024);
    for (x, y, pixel) in photo.enumerate_pixels_mut() {
        *pixel = image::Rgb([(x % 251) as u8, (y % 241) as u8, ((x + y) % 239) as u8]);
    }
    let mut bytes = std::io::Cursor::new(Vec::new());
    photo
        .write_to(&mut bytes, image::ImageFormat::Jpeg)
        .expect("jpeg");
    let bytes = bytes.into_inner();
    for id in ["a3-poster", "a4-poster", "meeting-poster"] {
        let mut design = templates::by_id(id).expect("template").new_design();
        design.qr_link = "https://example.org/camden-petition?from=tiles".into();
        // The photo only where its sharpness is checked: decoding it is slow in a debug build.
        let assets = Assets {
            photo: (id == "a3-poster").then_some(bytes.as_slice()),
            group: group(),
            ..Assets::default()
        };
        let layout = Layout::Tiled { poster: Paper::A2 };
        let rendered = print::render(&design, &assets, &layout, false).expect("renders");
        let path = pdfs.save(&format!("{id}-tiles-a2"), &rendered.pdf);
        let pages = pdf_tools::page_count(&path);
        let whole: Vec<usize> = (1..=pages)
            .filter(|&page| qr_codes_on_page(pdfs.path(), &path, page).contains(&design.qr_link))
            .collect();
        assert!(
            !whole.is_empty(),
            "{id}: no single sheet carries a QR code that scans"
        );

        if id == "a3-poster" {
            // The photo keeps its pixels when the poster is enlarged: about 270 ppi at A2.
            let list = Command::new("pdfimages")
                .arg("-list")
                .arg(&path)
                .output()
                .expect("pdfimages");
            let list = String::from_utf8_lossy(&list.stdout);
            let best_ppi = list
                .lines()
                .skip(2)
                .filter_map(|line| line.split_whitespace().nth(12)?.parse::<f32>().ok())
                .fold(0.0, f32::max);
            assert!(
                best_ppi >= 250.0,
                "{id}: the photo prints at {best_ppi} ppi at A2:\n{list}"
            );
        }
    }
}

/// Page 1 of `path` drawn at 50 dpi, as a print preview shows it.
fn first_page(path: &Path) -> image::RgbImage {
    let name = path.file_stem().expect("a file name").to_string_lossy();
    let stem = path.with_file_name(format!("{name}-page"));
    let status = Command::new("pdftoppm")
        .args(["-png", "-r", "50", "-singlefile", "-f", "1", "-l", "1"])
        .arg(path)
        .arg(&stem)
        .status()
        .expect("pdftoppm");
    assert!(status.success());
    image::open(stem.with_extension("png"))
        .expect("png")
        .to_rgb8()
}

#[test]
#[cfg_attr(
    windows,
    ignore = "needs qpdf and poppler-utils, which are Linux tools"
)]
fn a_phone_photo_stored_sideways_prints_upright_without_its_location() {
    let pdfs = PdfFolder::new();
    // As a phone held upright stores it: on its side, 1600 x 1200, with EXIF orientation 6
    // (turn a quarter clockwise to show). Stored left half red, right half blue; upright,
    // red is on top and blue below. Its EXIF also carries a made-up GPS-like marker.
    let stored = image::RgbImage::from_fn(1600, 1200, |x, _| {
        if x < 800 {
            image::Rgb([220, 0, 0])
        } else {
            image::Rgb([0, 0, 220])
        }
    });
    let mut jpeg = std::io::Cursor::new(Vec::new());
    stored
        .write_to(&mut jpeg, image::ImageFormat::Jpeg)
        .expect("jpeg");
    let jpeg = jpeg.into_inner();
    let mut exif =
        b"Exif\0\0MM\0\x2A\0\0\0\x08\0\x01\x01\x12\0\x03\0\0\0\x01\0\x06\0\0\0\0\0\0".to_vec();
    exif.extend(b"GPS 51.5390N 0.1426W");
    let mut phone = vec![0xFF, 0xD8, 0xFF, 0xE1];
    phone.extend(((exif.len() + 2) as u16).to_be_bytes());
    phone.extend(&exif);
    phone.extend(&jpeg[2..]);

    let design = templates::by_id("a5-public")
        .expect("template")
        .new_design();
    let assets = Assets {
        photo: Some(&phone),
        group: group(),
        ..Assets::default()
    };
    for (name, preview) in [("sideways-print", false), ("sideways-preview", true)] {
        let rendered = print::render(
            &design,
            &assets,
            &Layout::PrintShop { crop_marks: false },
            preview,
        )
        .expect("renders");
        let path = pdfs.save(name, &rendered.pdf);
        let pdf = std::fs::read(&path).expect("pdf");
        assert!(
            !pdf.windows(6).any(|w| w == b"GPS 51"),
            "{name}: the photo's EXIF is not in the PDF"
        );
        // Down the middle of the page: the photo's red half above its blue half.
        let page = first_page(&path);
        let x = page.width() / 2;
        let column: Vec<char> = (0..page.height())
            .map(|y| match page.get_pixel(x, y).0 {
                [r, g, b] if r > 150 && g < 60 && b < 90 => 'r',
                [r, g, b] if b > 150 && g < 60 && r < 90 => 'b',
                _ => '.',
            })
            .collect();
        let reds = column.iter().filter(|c| **c == 'r').count();
        let blues = column.iter().filter(|c| **c == 'b').count();
        let last_red = column.iter().rposition(|c| *c == 'r');
        let first_blue = column.iter().position(|c| *c == 'b');
        assert!(reds > 20 && blues > 20, "{name}: {reds} red, {blues} blue");
        assert!(
            last_red < first_blue,
            "{name}: red should be above blue, upright: {}",
            column.iter().collect::<String>()
        );
    }
}
