//! The duplex test sheet: one sheet, printed on both sides, that shows in a minute which flip
//! setting a printer needs, before 100 sheets come out with the backs upside down.

use krilla::geom::{PathBuilder, Point};

use super::impose::{Flip, finish, new_document};
use super::paper::{Paper, mm};
use super::scheme::Rgb;
use super::text::{FontCache, TextStyle, Typesetter, draw, fill};

/// A two-page PDF on A4 (landscape, like 2 × A5, or portrait, like 4 × A6): a big arrow and
/// "FRONT" on page 1, a big arrow and "BACK" on page 2, and what to do in plain words.
pub fn duplex_test_sheet(landscape: bool, flip: Flip) -> Vec<u8> {
    let (w, h) = if landscape {
        let (w, h) = Paper::A4.size_pt();
        (h, w)
    } else {
        Paper::A4.size_pt()
    };
    let mut document = new_document("Duplex test sheet");
    let mut fonts = FontCache::default();
    let mut typesetter = Typesetter::default();
    let setting = match flip {
        Flip::LongEdge => "long edge",
        Flip::ShortEdge => "short edge",
    };
    let other = match flip {
        Flip::LongEdge => "short edge",
        Flip::ShortEdge => "long edge",
    };
    let sides = [
        (
            "FRONT",
            format!(
                "Print this test sheet on both sides of one sheet of paper, with the printer set to flip on the {setting}. Then turn to the back."
            ),
        ),
        (
            "BACK",
            format!(
                "Does this arrow point the same way as the arrow on the front? Yes: keep \"{setting}\" for your leaflets. No, it is upside down: choose \"{other}\" instead."
            ),
        ),
    ];
    let Some(size) = krilla::geom::Size::from_wh(w, h) else {
        return Vec::new();
    };
    for (word, advice) in sides {
        let mut page = document.start_page_with(krilla::page::PageSettings::new(size));
        let mut surface = page.surface();
        arrow(&mut surface, w, h);
        let margin = mm(20.0);
        let width = w - 2.0 * margin;
        let title = typesetter.plain(
            word,
            TextStyle::new(72.0, Rgb::BLACK).bold().centred(),
            width,
        );
        draw(
            &mut surface,
            &title,
            Point::from_xy(margin, h * 0.5),
            &mut fonts,
        );
        let body = typesetter.plain(&advice, TextStyle::new(16.0, Rgb::BLACK).centred(), width);
        draw(
            &mut surface,
            &body,
            Point::from_xy(margin, h * 0.5 + 100.0),
            &mut fonts,
        );
        surface.finish();
        page.finish();
    }
    finish(document)
}

/// A thick arrow pointing to the top of the page.
fn arrow(surface: &mut krilla::surface::Surface<'_>, w: f32, h: f32) {
    let (cx, top) = (w / 2.0, h * 0.08);
    let (head, shaft) = (mm(30.0), mm(10.0));
    let mut path = PathBuilder::new();
    path.move_to(cx, top);
    path.line_to(cx + head / 2.0, top + head * 0.8);
    path.line_to(cx + shaft / 2.0, top + head * 0.8);
    path.line_to(cx + shaft / 2.0, h * 0.45);
    path.line_to(cx - shaft / 2.0, h * 0.45);
    path.line_to(cx - shaft / 2.0, top + head * 0.8);
    path.line_to(cx - head / 2.0, top + head * 0.8);
    path.close();
    if let Some(path) = path.finish() {
        surface.set_fill(Some(fill(Rgb::BLACK)));
        surface.draw_path(&path);
    }
}
