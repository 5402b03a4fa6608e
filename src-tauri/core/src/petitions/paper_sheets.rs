//! Blank paper sheets for a clipboard at the stall, made with the print engine: A4 portrait,
//! numbered lines big enough to write on, the request on every sheet (the full text on sheet
//! 1), the privacy notice, and the sheet number and petition code so a loose sheet finds its
//! way home and can be typed in by sheet and line.
//!
//! For the House of Commons the wording follows the House's paper petition form: "To the House
//! of Commons. The petition of ..., Declares that ... The petitioners therefore request that
//! the House of Commons ... And the petitioners remain, etc.", and the lines ask for name,
//! address and signature only (no email, phone or "keep me informed" box on the sheet).

use krilla::geom::{PathBuilder, Point, Size};
use krilla::page::PageSettings;

use super::PetitionError;
use super::petition::{AddresseeKind, Petition};
use super::sheets::{ROWS_PER_SHEET, SheetBatch};
use crate::print::impose::{finish, new_document, stroke};
use crate::print::paper::{Paper, mm};
use crate::print::scheme::Rgb;
use crate::print::text::{FontCache, TextStyle, Typesetter, draw};

const MARGIN_MM: f32 = 12.0;
/// Tall enough to write a name in by hand.
const ROW_HEIGHT_MM: f32 = 11.0;

/// The words at the top of a sheet: the full form on the first sheet, the request on the rest.
pub fn heading_text(petition: &Petition, first_sheet: bool) -> String {
    let d = &petition.draft;
    if d.addressee_kind == AddresseeKind::Commons {
        let declares = if first_sheet && !d.background.is_empty() {
            format!(" Declares that {}", d.background)
        } else {
            String::new()
        };
        return format!(
            "To the House of Commons. The petition of {},{declares} The petitioners therefore \
             request that the House of Commons {} And the petitioners remain, etc.",
            d.petitioners, d.prayer
        );
    }
    if first_sheet && !d.background.is_empty() {
        format!("{}\n\n{}", d.background, d.prayer)
    } else {
        d.prayer.clone()
    }
}

/// Numbers the next `count` sheets and makes their PDF. Refused while the privacy notice has
/// gaps, or once the petition is handed in.
pub fn print(
    conn: &rusqlite::Connection,
    petition_id: i64,
    count: u32,
) -> Result<(SheetBatch, Vec<u8>), PetitionError> {
    let petition = super::petition::get(conn, petition_id)?;
    if petition.status == super::petition::Status::HandedIn {
        return Err(PetitionError::NotOpen {
            status: "handed in",
        });
    }
    let notice = super::notice::current(conn, petition_id)?;
    if let Some(message) = super::notice::missing_details(&notice.text) {
        return Err(PetitionError::NotReady(message));
    }
    let batch = super::sheets::reserve(conn, petition_id, count)?;
    let pdf = render(&petition, &notice.text, &batch);
    Ok((batch, pdf))
}

/// The PDF of the sheets in `batch`.
pub fn render(petition: &Petition, notice_text: &str, batch: &SheetBatch) -> Vec<u8> {
    let (w, h) = Paper::A4.size_pt();
    let Some(size) = Size::from_wh(w, h) else {
        return Vec::new();
    };
    let mut document = new_document(&format!("Petition sheets: {}", petition.draft.title));
    let mut fonts = FontCache::default();
    let mut typesetter = Typesetter::default();
    for sheet in batch.first_sheet..=batch.last_sheet {
        let mut page = document.start_page_with(PageSettings::new(size));
        let mut surface = page.surface();
        let mut sheet_page = SheetPage {
            surface: &mut surface,
            fonts: &mut fonts,
            typesetter: &mut typesetter,
            width: w - 2.0 * mm(MARGIN_MM),
            y: mm(MARGIN_MM),
        };
        sheet_page.header(petition, sheet, batch.notice_version);
        sheet_page.text(&heading_text(petition, sheet == 1), 10.5, false);
        sheet_page.rows(petition, h);
        sheet_page.notice(notice_text, h);
        surface.finish();
        page.finish();
    }
    finish(document)
}

struct SheetPage<'a, 'b> {
    surface: &'a mut krilla::surface::Surface<'b>,
    fonts: &'a mut FontCache,
    typesetter: &'a mut Typesetter,
    width: f32,
    y: f32,
}

impl SheetPage<'_, '_> {
    fn left(&self) -> f32 {
        mm(MARGIN_MM)
    }

    fn text(&mut self, text: &str, size: f32, bold: bool) {
        let mut style = TextStyle::new(size, Rgb::BLACK);
        if bold {
            style = style.bold();
        }
        let paragraph = self.typesetter.plain(text, style, self.width);
        draw(
            self.surface,
            &paragraph,
            Point::from_xy(self.left(), self.y),
            self.fonts,
        );
        self.y += paragraph.height() + mm(2.5);
    }

    fn header(&mut self, petition: &Petition, sheet: u32, notice_version: u32) {
        let to = format!("Petition to {}", petition.draft.addressee);
        self.text(&to, 10.0, false);
        self.text(&petition.draft.title, 18.0, true);
        let line = format!(
            "Sheet {sheet}   ·   Petition {}   ·   Privacy notice version {notice_version}   ·   \
             One person per line, in your own handwriting.",
            petition.code
        );
        self.text(&line, 8.5, false);
    }

    /// The numbered lines, with the columns the petition asks for.
    fn rows(&mut self, petition: &Petition, page_height: f32) {
        let fields = petition.draft.fields;
        let commons = petition.draft.addressee_kind == AddresseeKind::Commons;
        let mut columns: Vec<(&str, f32)> = vec![("No.", 9.0), ("Name", 0.0)];
        if commons {
            // The House's form: name, address and signature, and nothing else on the sheet.
            columns.push(("Address, with postcode", 80.0));
        } else if fields.postcode {
            columns.push(("Postcode", 24.0));
        }
        if fields.email && !commons {
            columns.push(("Email", 48.0));
        }
        if fields.phone && !commons {
            columns.push(("Phone", 30.0));
        }
        columns.push(("Signature", 34.0));
        let opt_in = petition.offers_opt_in() && !commons;
        if opt_in {
            columns.push(("Keep me informed", 16.0));
        }
        // The name column takes what is left.
        let fixed: f32 = columns.iter().map(|(_, w)| mm(*w)).sum();
        let name_width = (self.width - fixed).max(mm(30.0));
        let widths: Vec<f32> = columns
            .iter()
            .map(|(title, w)| if *title == "Name" { name_width } else { mm(*w) })
            .collect();

        let top = self.y + mm(1.0);
        let header_height = mm(9.0);
        let rows = ROWS_PER_SHEET as f32;
        // Leave room for the notice: if the text was long, the rows get shorter, never fewer.
        let room = page_height - mm(48.0) - top - header_height;
        let row_height = mm(ROW_HEIGHT_MM).min(room / rows);
        let bottom = top + header_height + rows * row_height;

        let mut x = self.left();
        for ((title, _), width) in columns.iter().zip(&widths) {
            let label = self.typesetter.plain(
                title,
                TextStyle::new(7.5, Rgb::BLACK).bold(),
                width - mm(2.0),
            );
            draw(
                self.surface,
                &label,
                Point::from_xy(x + mm(1.0), top + mm(1.5)),
                self.fonts,
            );
            x += width;
        }
        for line in 1..=ROWS_PER_SHEET {
            let y = top + header_height + (line - 1) as f32 * row_height;
            let number = self.typesetter.plain(
                &line.to_string(),
                TextStyle::new(10.0, Rgb::BLACK),
                widths[0] - mm(2.0),
            );
            draw(
                self.surface,
                &number,
                Point::from_xy(self.left() + mm(1.5), y + row_height / 2.0 - 6.0),
                self.fonts,
            );
            if opt_in {
                self.tick_box(self.left() + self.width - mm(10.5), y + row_height / 2.0);
            }
        }
        // The grid.
        let mut grid = PathBuilder::new();
        let right = self.left() + self.width;
        for i in 0..=(ROWS_PER_SHEET + 1) {
            let y = if i == 0 {
                top
            } else {
                top + header_height + (i - 1) as f32 * row_height
            };
            grid.move_to(self.left(), y);
            grid.line_to(right, y);
        }
        let mut x = self.left();
        grid.move_to(x, top);
        grid.line_to(x, bottom);
        for width in &widths {
            x += width;
            grid.move_to(x, top);
            grid.line_to(x, bottom);
        }
        stroke(self.surface, grid, 0.6, None);
        self.y = bottom + mm(3.0);
    }

    fn tick_box(&mut self, x: f32, centre_y: f32) {
        let side = mm(5.0);
        let mut square = PathBuilder::new();
        square.move_to(x, centre_y - side / 2.0);
        square.line_to(x + side, centre_y - side / 2.0);
        square.line_to(x + side, centre_y + side / 2.0);
        square.line_to(x, centre_y + side / 2.0);
        square.close();
        stroke(self.surface, square, 0.8, None);
    }

    fn notice(&mut self, notice_text: &str, page_height: f32) {
        let text = format!(
            "How we look after your details. {}",
            notice_text.replace("\n\n", " ")
        );
        let paragraph = self
            .typesetter
            .plain(&text, TextStyle::new(6.5, Rgb::BLACK), self.width);
        let y = self.y.max(page_height - mm(MARGIN_MM) - paragraph.height());
        draw(
            self.surface,
            &paragraph,
            Point::from_xy(self.left(), y),
            self.fonts,
        );
    }
}
