//! The duplex test sheet: one sheet, printed on both sides, that answers in a minute the
//! questions people have before 100 sheets come out wrong:
//! - which flip setting the printer needs (a big arrow on each side, and the two ways of
//!   turning a sheet drawn and named: "like a book" and "like a calendar");
//! - how far the back lands from the front (the same frame on both sides, with a millimetre
//!   scale across it on the front: hold the sheet up to a window and read the offset);
//! - where the printer stops printing (a millimetre ruler running in from each edge).

use krilla::geom::{PathBuilder, Point};
use krilla::surface::Surface;

use super::impose::{Flip, finish, new_document, stroke};
use super::paper::{Paper, mm};
use super::scheme::Rgb;
use super::text::{FontCache, TextStyle, Typesetter, draw, fill};

/// The frame printed on both sides, this far in from each edge.
const FRAME_INSET_MM: f32 = 30.0;
/// The rulers at the edges run this far in.
const EDGE_RULER_MM: u32 = 12;

/// A two-page PDF on A4 (landscape, like 2 × A5, or portrait, like 4 × A6): "FRONT" and
/// "BACK", each with its arrow, the frame and the rulers, and what to do in plain words.
pub fn duplex_test_sheet(landscape: bool, flip: Flip) -> Vec<u8> {
    let (w, h) = if landscape {
        let (w, h) = Paper::A4.size_pt();
        (h, w)
    } else {
        Paper::A4.size_pt()
    };
    let mut document = new_document("Duplex test sheet");
    let mut sheet = Sheet {
        fonts: FontCache::default(),
        typesetter: Typesetter::default(),
        w,
        h,
    };
    let (setting, other) = match flip {
        Flip::LongEdge => ("long edge", "short edge"),
        Flip::ShortEdge => ("short edge", "long edge"),
    };
    let sides = [
        (
            "FRONT",
            format!(
                "Print this sheet on both sides of one sheet of paper, with the printer set to flip on the {setting}. Then turn it over."
            ),
        ),
        (
            "BACK",
            format!(
                "Does this arrow point the same way as the arrow on the front? Yes: keep \"{setting}\" for your leaflets. No, it is upside down: choose \"{other}\" instead. Then hold the sheet up to a window: where this frame's line falls on the front's scale is how far the back is shifted (0 to 2 mm is normal)."
            ),
        ),
    ];
    let Some(size) = krilla::geom::Size::from_wh(w, h) else {
        return Vec::new();
    };
    for (index, (word, advice)) in sides.into_iter().enumerate() {
        let front = index == 0;
        let mut page = document.start_page_with(krilla::page::PageSettings::new(size));
        let mut surface = page.surface();
        sheet.arrow(&mut surface);
        sheet.words(&mut surface, word, &advice);
        sheet.frame(&mut surface, front);
        sheet.edge_rulers(&mut surface);
        if front {
            sheet.ways_to_turn(&mut surface);
        }
        surface.finish();
        page.finish();
    }
    finish(document)
}

struct Sheet {
    fonts: FontCache,
    typesetter: Typesetter,
    w: f32,
    h: f32,
}

impl Sheet {
    fn text(
        &mut self,
        surface: &mut Surface<'_>,
        text: &str,
        style: TextStyle,
        at: (f32, f32),
        width: f32,
    ) {
        let paragraph = self.typesetter.plain(text, style, width);
        draw(
            surface,
            &paragraph,
            Point::from_xy(at.0, at.1),
            &mut self.fonts,
        );
    }

    /// "FRONT" or "BACK" and what to do.
    fn words(&mut self, surface: &mut Surface<'_>, word: &str, advice: &str) {
        let margin = mm(FRAME_INSET_MM + 8.0);
        let width = self.w - 2.0 * margin;
        let title = TextStyle::new(60.0, Rgb::BLACK).bold().centred();
        self.text(surface, word, title, (margin, self.h * 0.42), width);
        let body = TextStyle::new(13.0, Rgb::BLACK).centred();
        self.text(surface, advice, body, (margin, self.h * 0.42 + 80.0), width);
    }

    /// A thick arrow pointing to the top of the page.
    fn arrow(&self, surface: &mut Surface<'_>) {
        let (cx, top) = (self.w / 2.0, mm(FRAME_INSET_MM + 8.0));
        let (head, shaft) = (mm(26.0), mm(9.0));
        let bottom = self.h * 0.40;
        let mut path = PathBuilder::new();
        path.move_to(cx, top);
        path.line_to(cx + head / 2.0, top + head * 0.8);
        path.line_to(cx + shaft / 2.0, top + head * 0.8);
        path.line_to(cx + shaft / 2.0, bottom);
        path.line_to(cx - shaft / 2.0, bottom);
        path.line_to(cx - shaft / 2.0, top + head * 0.8);
        path.line_to(cx - head / 2.0, top + head * 0.8);
        path.close();
        if let Some(path) = path.finish() {
            surface.set_fill(Some(fill(Rgb::BLACK)));
            surface.draw_path(&path);
        }
    }

    /// The frame, in the same place on both sides (it is centred, so it lands on itself
    /// whichever edge the sheet turns on). On the front, a scale in millimetres crosses the
    /// middle of each side, numbered outwards from 0 at the line.
    fn frame(&mut self, surface: &mut Surface<'_>, front: bool) {
        let inset = mm(FRAME_INSET_MM);
        let (left, top, right, bottom) = (inset, inset, self.w - inset, self.h - inset);
        let mut line = PathBuilder::new();
        line.move_to(left, top);
        line.line_to(right, top);
        line.line_to(right, bottom);
        line.line_to(left, bottom);
        line.close();
        stroke(surface, line, if front { 0.4 } else { 1.2 }, None);
        if !front {
            return;
        }
        let (mid_x, mid_y) = (self.w / 2.0, self.h / 2.0);
        let mut ticks = PathBuilder::new();
        for k in -5_i32..=5 {
            let d = mm(k as f32);
            let long = if k % 5 == 0 { mm(3.0) } else { mm(1.5) };
            // Across the top and bottom sides (the scale runs up and down)…
            for y in [top, bottom] {
                ticks.move_to(mid_x + mm(20.0), y + d);
                ticks.line_to(mid_x + mm(20.0) + long, y + d);
            }
            // …and across the left and right sides (the scale runs across).
            for x in [left, right] {
                ticks.move_to(x + d, mid_y + mm(20.0));
                ticks.line_to(x + d, mid_y + mm(20.0) + long);
            }
        }
        stroke(surface, ticks, 0.3, None);
        let small = TextStyle::new(6.5, Rgb::BLACK);
        for y in [top, bottom] {
            self.text(
                surface,
                "mm: 5 0 5",
                small,
                (mid_x + mm(24.0), y - mm(1.5)),
                mm(30.0),
            );
        }
    }

    /// Rulers from each edge inwards, ticked every millimetre: the first tick that prints
    /// shows where the printer starts.
    fn edge_rulers(&mut self, surface: &mut Surface<'_>) {
        let (w, h) = (self.w, self.h);
        let mut ticks = PathBuilder::new();
        for k in 0..=EDGE_RULER_MM {
            let d = mm(k as f32);
            let long = if k % 5 == 0 { mm(4.0) } else { mm(2.0) };
            let (x0, y0) = (w * 0.25, h * 0.25);
            ticks.move_to(x0, d);
            ticks.line_to(x0 + long, d);
            ticks.move_to(x0, h - d);
            ticks.line_to(x0 + long, h - d);
            ticks.move_to(d, y0);
            ticks.line_to(d, y0 + long);
            ticks.move_to(w - d, y0);
            ticks.line_to(w - d, y0 + long);
        }
        stroke(surface, ticks, 0.3, None);
        let small = TextStyle::new(7.0, Rgb::BLACK);
        let note = "Ruler from the edge, 1 mm a line: the first line you see is where your printer starts.";
        self.text(
            surface,
            note,
            small,
            (w * 0.25 + mm(6.0), mm(6.0)),
            mm(90.0),
        );
        self.text(
            surface,
            note,
            small,
            (w * 0.25 + mm(6.0), h - mm(12.0)),
            mm(90.0),
        );
    }

    /// The two ways a sheet turns over, drawn and named, so "long edge" and "short edge" mean
    /// something to someone printing the backs by hand.
    fn ways_to_turn(&mut self, surface: &mut Surface<'_>) {
        let y = self.h - mm(FRAME_INSET_MM) - mm(30.0);
        let card = (mm(14.0), mm(19.0));
        let label = TextStyle::new(8.0, Rgb::BLACK);
        let ways = [
            (
                self.w * 0.30,
                true,
                "Long edge: the sheet turns like the page of a book, from side to side.",
            ),
            (
                self.w * 0.56,
                false,
                "Short edge: the sheet turns like a wall calendar, over the top.",
            ),
        ];
        for (x, sideways, words) in ways {
            let mut outline = PathBuilder::new();
            outline.move_to(x, y);
            outline.line_to(x + card.0, y);
            outline.line_to(x + card.0, y + card.1);
            outline.line_to(x, y + card.1);
            outline.close();
            let mut turn = PathBuilder::new();
            if sideways {
                turn.move_to(x + card.0 * 0.2, y + card.1 * 0.5);
                turn.quad_to(
                    x + card.0 * 0.5,
                    y - mm(3.0),
                    x + card.0 + mm(6.0),
                    y + card.1 * 0.4,
                );
                turn.line_to(x + card.0 + mm(4.0), y + card.1 * 0.25);
            } else {
                turn.move_to(x + card.0 * 0.5, y + card.1 * 0.8);
                turn.quad_to(x - mm(5.0), y + card.1 * 0.5, x + card.0 * 0.4, y - mm(6.0));
                turn.line_to(x + card.0 * 0.6, y - mm(4.0));
            }
            stroke(surface, outline, 0.6, None);
            stroke(surface, turn, 0.8, None);
            self.text(surface, words, label, (x + card.0 + mm(8.0), y), mm(38.0));
        }
    }
}
