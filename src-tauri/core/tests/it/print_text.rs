//! The print engine's text: laid out by parley, written by krilla, read back with the
//! tools a print shop or a screen reader would use (qpdf, pdftotext).

use campaign_kit_core::print::scheme::Rgb;
use campaign_kit_core::print::text::{self, FontCache, TextStyle, Typesetter};
use krilla::Document;
use krilla::geom::Point;
use krilla::page::PageSettings;

use crate::pdf_tools::{self, PdfFolder};

fn pdf_of(paragraphs: &[&str]) -> Vec<u8> {
    let mut typesetter = Typesetter::default();
    let mut document = Document::new();
    let mut page = document.start_page_with(PageSettings::from_wh(420.0, 595.0).unwrap());
    let mut surface = page.surface();
    let mut cache = FontCache::default();
    let mut y = 40.0;
    for p in paragraphs {
        let laid = typesetter.plain(p, TextStyle::new(12.0, Rgb::BLACK), 340.0);
        text::draw(&mut surface, &laid, Point::from_xy(40.0, y), &mut cache);
        y += laid.height() + 10.0;
    }
    surface.finish();
    page.finish();
    document.finish().unwrap()
}

#[test]
#[cfg_attr(
    windows,
    ignore = "needs qpdf and poppler-utils, which are Linux tools"
)]
fn typed_text_comes_back_from_the_pdf_in_order_in_every_script() {
    let lines = [
        "Find the office: keep our NHS public, the long paragraph wraps onto several lines without losing a single word of what was typed.",
        "Cadwch y GIG yn gyhoeddus – ŵyr, ŷd.",
        "Zachowajmy publiczną służbę zdrowia: żółć.",
        "Sağlık hizmetimizi kamusal tutalım: ığüşöç.",
        "১০০ জন স্বাক্ষর",
        "نحن ندعم الخدمة الصحية",
    ];
    let pdfs = PdfFolder::new();
    let path = pdfs.save("print-text", &pdf_of(&lines));
    let text = pdf_tools::text(&path);
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for line in &lines[..4] {
        assert!(flat.contains(line), "missing {line:?} in {flat:?}");
    }
    assert!(flat.contains("স্বাক্ষর"), "Bengali comes back: {flat:?}");
    assert!(flat.contains("الصحية"), "Arabic comes back: {flat:?}");
}
