//! The document writer: A4 pages filled top to bottom, for everything that is not a leaflet.
//!
//! Letters, motions, press releases, FOI requests and the petition hand-in pack are all made
//! with it. It flows paragraphs, headings and list items down the page, starting a new page
//! when one is full (a long paragraph carries on over the page, line by line); it places
//! text and pictures at fixed spots (a letterhead, the address in an envelope's window); it
//! draws signature lines; and it numbers pages from page 2. Pages are tagged like the
//! leaflets (headings, paragraphs, lists, the logo's description), so they can be read aloud.
//!
//! A document may hold several parts (one letter per person in a mail merge): each part
//! starts on a new page, and its page numbers start again.
//!
//! Only the page being filled is held; earlier ones are already written into the PDF, so a
//! list of 100,000 signers or a very long letter costs no more memory than one page.

use krilla::page::PageSettings;

use super::compose::{DesignPage, Op, Role};
use super::design::PhotoSettings;
use super::impose::{Drawing, Tagger, draw_design_page, finish, new_document};
use super::paper::{Paper, mm};
use super::picture;
use super::qr::{QUIET_ZONE, Qr};
use super::scheme::Rgb;
use super::text::{FontCache, Paragraph, TextStyle, Typesetter};

/// How a piece of text looks. Sizes suit a letter read at arm's length.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Style {
    /// The document's title (18 pt, bold).
    Title,
    /// A heading within it (13 pt, bold).
    Heading,
    /// The main text (11 pt).
    Body,
    /// Main text in bold.
    Strong,
    /// Contact details, page numbers, notes (9 pt).
    Small,
    /// Any size, bold or not, in a colour: a letterhead's name, "PRESS RELEASE".
    Custom { size: f32, bold: bool, colour: Rgb },
}

impl Style {
    fn text_style(self) -> TextStyle {
        let (size, bold, colour) = match self {
            Style::Title => (18.0, true, Rgb::BLACK),
            Style::Heading => (13.0, true, Rgb::BLACK),
            Style::Body => (11.0, false, Rgb::BLACK),
            Style::Strong => (11.0, true, Rgb::BLACK),
            Style::Small => (9.0, false, Rgb::BLACK),
            Style::Custom { size, bold, colour } => (size, bold, colour),
        };
        let style = TextStyle::new(size, colour);
        if bold { style.bold() } else { style }
    }

    fn role(self) -> Role {
        match self {
            Style::Title => Role::Heading,
            Style::Heading => Role::Subheading,
            _ => Role::Paragraph,
        }
    }
}

/// A rectangle on the page, in millimetres from the top-left corner.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Area {
    pub x: f32,
    pub y: f32,
    pub width: f32,
    pub height: f32,
}

/// An A4 document being written.
pub struct DocumentWriter {
    document: krilla::Document,
    typesetter: Typesetter,
    fonts: FontCache,
    tagger: Tagger,
    page: Option<DesignPage>,
    /// Where the next flowing text goes, in points from the top of the page.
    y: f32,
    /// The page's number within the current part (a letter of a mail merge).
    page_in_part: u32,
    margin: f32,
    pages: u32,
}

const MARGIN_MM: f32 = 20.0;
/// Space after a paragraph, as a share of its font size.
const PARAGRAPH_SPACE: f32 = 0.6;
/// A list item's text starts this far in from its marker.
const LIST_INDENT_MM: f32 = 7.0;
/// A heading needs room for itself and about three lines after it, or it goes over the page.
const KEEP_WITH_HEADING_PT: f32 = 48.0;

impl DocumentWriter {
    /// A new document; `title` is the PDF's title, shown by PDF viewers.
    pub fn new(title: &str) -> DocumentWriter {
        DocumentWriter {
            document: new_document(title),
            typesetter: Typesetter::default(),
            fonts: FontCache::default(),
            tagger: Tagger::default(),
            page: None,
            y: 0.0,
            page_in_part: 0,
            margin: mm(MARGIN_MM),
            pages: 0,
        }
    }

    fn size() -> (f32, f32) {
        Paper::A4.size_pt()
    }

    /// The width text flows in, in points.
    fn text_width(&self) -> f32 {
        Self::size().0 - 2.0 * self.margin
    }

    /// The lowest point flowing text may reach: above the page number.
    fn bottom(&self) -> f32 {
        Self::size().1 - self.margin
    }

    /// Starts a new part (a letter): a new page, numbered 1 again.
    pub fn start_part(&mut self) {
        self.page_in_part = 0;
        self.new_page();
    }

    /// Starts a new page in the current part.
    pub fn new_page(&mut self) {
        self.close_page();
        self.page_in_part += 1;
        self.pages += 1;
        self.page = Some(DesignPage::default());
        self.y = self.margin;
    }

    /// Pages made so far.
    pub fn page_count(&self) -> u32 {
        self.pages
    }

    fn ensure_page(&mut self) {
        if self.page.is_none() {
            self.new_page();
        }
    }

    /// Moves the flowing text down to `y_mm` from the top (never up).
    pub fn move_down_to(&mut self, y_mm: f32) {
        self.ensure_page();
        self.y = self.y.max(mm(y_mm));
    }

    /// Empty space of `millimetres` before the next piece of text.
    pub fn gap(&mut self, millimetres: f32) {
        self.ensure_page();
        self.y += mm(millimetres);
    }

    /// A paragraph across the text width. Line breaks in `text` are kept.
    pub fn paragraph(&mut self, text: &str, style: Style) {
        if matches!(style, Style::Title | Style::Heading) {
            self.ensure_page();
            let room = self.bottom() - self.y;
            if room < KEEP_WITH_HEADING_PT + style.text_style().size * 2.0 {
                self.new_page();
            }
        }
        self.flow(text, style, 0.0, None);
    }

    /// A list item: `marker` ("•", "3.") hanging to the left of its text.
    pub fn list_item(&mut self, marker: &str, text: &str, style: Style) {
        self.flow(text, style, mm(LIST_INDENT_MM), Some(marker));
    }

    /// Lays out `text` at an indent and draws it down the page, carrying the lines that do
    /// not fit over to the next page.
    fn flow(&mut self, text: &str, style: Style, indent: f32, marker: Option<&str>) {
        self.ensure_page();
        let text_style = style.text_style();
        let width = self.text_width() - indent;
        let mut rest = text.to_string();
        let mut marker = marker.map(str::to_string);
        loop {
            // A very long paragraph is laid out a page's worth at a time: lines are broken
            // first to last, so the lines of its start do not depend on what comes after.
            // (Laying out the whole rest again for each page made 100,000 characters slow.)
            let start = page_sized_start(&rest).len();
            let whole = start == rest.len();
            let paragraph = self.typesetter.plain(&rest[..start], text_style, width);
            let room = self.bottom() - self.y;
            if paragraph.height() <= room && whole {
                self.put_flowing(paragraph, indent, marker.take(), style);
                self.y += text_style.size * PARAGRAPH_SPACE;
                return;
            }
            // Of a page-sized start, the last line is never kept: it may end differently
            // once the text after it is there.
            let limit = if whole {
                room
            } else {
                room.min(paragraph.height() - 0.5)
            };
            let split = match fitting_prefix(&paragraph, limit) {
                // Some lines fit here.
                Some(split) if split < start => split,
                // Not one line fits: a new page, unless this page is empty already (then a
                // line is drawn anyway, as there is nowhere better for it).
                _ if self.y > self.margin + 1.0 => {
                    self.new_page();
                    continue;
                }
                _ => first_line_end(&paragraph).unwrap_or(start),
            };
            // Draw the lines that fit, and carry on with the rest on the next page.
            let (here, after) = rest.split_at(split);
            let here = self.typesetter.plain(here.trim_end(), text_style, width);
            self.put_flowing(here, indent, marker.take(), style);
            rest = after.trim_start().to_string();
            if rest.is_empty() {
                self.y += text_style.size * PARAGRAPH_SPACE;
                return;
            }
            self.new_page();
        }
    }

    fn put_flowing(
        &mut self,
        paragraph: Paragraph,
        indent: f32,
        marker: Option<String>,
        style: Style,
    ) {
        let (x, y) = (self.margin + indent, self.y);
        self.y += paragraph.height();
        if let Some(marker) = marker {
            let mark = self.typesetter.plain(&marker, style.text_style(), indent);
            self.push(Op::Text {
                paragraph: Box::new(mark),
                x: self.margin,
                y,
                role: Role::Decoration,
            });
        }
        let role = if marker_role(indent) {
            Role::ListItem
        } else {
            style.role()
        };
        self.push(Op::Text {
            paragraph: Box::new(paragraph),
            x,
            y,
            role,
        });
    }

    fn push(&mut self, op: Op) {
        self.ensure_page();
        if let Some(page) = self.page.as_mut() {
            page.ops.push(op);
        }
    }

    /// Text at a fixed place, which does not move the flowing text. Returns the height it
    /// took, in millimetres.
    pub fn place_text(&mut self, text: &str, style: Style, area: Area) -> f32 {
        let paragraph = self
            .typesetter
            .plain(text, style.text_style(), mm(area.width));
        let height = paragraph.height();
        self.push(Op::Text {
            paragraph: Box::new(paragraph),
            x: mm(area.x),
            y: mm(area.y),
            role: style.role(),
        });
        height / mm(1.0)
    }

    /// The height `text` would take in `width_mm`, in millimetres, without drawing it.
    pub fn measure(&mut self, text: &str, style: Style, width_mm: f32) -> f32 {
        self.typesetter
            .plain(text, style.text_style(), mm(width_mm))
            .height()
            / mm(1.0)
    }

    /// A picture (a logo) fitted whole inside `area`, read aloud as `description`. A picture
    /// that cannot be read is left out: the caller checked it when it was saved.
    pub fn place_picture(&mut self, bytes: &[u8], area: Area, description: &str) -> bool {
        let settings = PhotoSettings {
            fit: super::design::PhotoFit::Fit,
            ..PhotoSettings::default()
        };
        let resolution = picture::Resolution::Print;
        let Ok(placed) = picture::place(
            bytes,
            mm(area.width),
            mm(area.height),
            &settings,
            resolution,
        ) else {
            return false;
        };
        self.push(Op::Picture {
            placed,
            x: mm(area.x),
            y: mm(area.y),
            w: mm(area.width),
            h: mm(area.height),
            description: description.to_string(),
        });
        true
    }

    /// A QR code with its white margin `size_mm` wide, top-left corner at (`x_mm`, `y_mm`).
    pub fn place_qr(&mut self, qr: Qr, x_mm: f32, y_mm: f32, size_mm: f32) {
        let with_margin = (qr.modules + 2 * QUIET_ZONE) as f32;
        let size = mm(size_mm) * qr.modules as f32 / with_margin;
        self.push(Op::Qr {
            qr,
            x: mm(x_mm),
            y: mm(y_mm),
            size,
        });
    }

    /// A line across the text width, in a colour (under a letterhead).
    pub fn rule(&mut self, y_mm: f32, colour: Rgb) {
        let width = self.text_width();
        self.push(Op::Band {
            x: self.margin,
            y: mm(y_mm),
            w: width,
            h: 1.2,
            colour,
        });
    }

    /// A label and a line to sign on, kept together on one page.
    pub fn signature_line(&mut self, label: &str) {
        self.ensure_page();
        if self.bottom() - self.y < mm(20.0) {
            self.new_page();
        }
        self.paragraph(label, Style::Small);
        let y = self.y + mm(8.0);
        self.push(Op::Band {
            x: self.margin,
            y,
            w: mm(90.0),
            h: 0.7,
            colour: Rgb::BLACK,
        });
        self.y = y + mm(6.0);
    }

    /// Writes the page being filled into the PDF, with its number from page 2 of a part.
    fn close_page(&mut self) {
        let Some(mut page) = self.page.take() else {
            return;
        };
        if self.page_in_part >= 2 {
            let (w, h) = Self::size();
            let number = self.typesetter.plain(
                &format!("Page {}", self.page_in_part),
                Style::Small.text_style().centred(),
                w,
            );
            // Marked as decoration: a screen reader skips page numbers, as it should.
            page.ops.push(Op::Text {
                paragraph: Box::new(number),
                x: 0.0,
                y: h - mm(12.0),
                role: Role::Decoration,
            });
        }
        let (w, h) = Self::size();
        let Some(size) = krilla::geom::Size::from_wh(w, h) else {
            return;
        };
        let mut pdf_page = self.document.start_page_with(PageSettings::new(size));
        let mut surface = pdf_page.surface();
        let mut drawing = Drawing {
            fonts: &mut self.fonts,
            tagger: &mut self.tagger,
            preview: false,
        };
        draw_design_page(&mut surface, &page, (w, h), 0.0, true, &mut drawing);
        surface.finish();
        pdf_page.finish();
    }

    /// The finished PDF.
    pub fn finish(mut self) -> Vec<u8> {
        self.ensure_page();
        self.close_page();
        let mut document = self.document;
        document.set_tag_tree(self.tagger.tree());
        finish(document)
    }
}

/// Where a paragraph's first line ends.
fn first_line_end(paragraph: &Paragraph) -> Option<usize> {
    paragraph
        .layout
        .lines()
        .next()
        .map(|line| line.text_range().end)
        .filter(|&end| end > 0)
}

/// More text than a page holds at 9 pt (about 6,600 characters); if a page ever held more,
/// the text would still all be drawn, only in more steps.
const PAGE_OF_TEXT_BYTES: usize = 8_000;

/// The start of `text`, cut after a space, if it is longer than a page could hold; else all.
fn page_sized_start(text: &str) -> &str {
    if text.len() <= PAGE_OF_TEXT_BYTES {
        return text;
    }
    let mut cut = PAGE_OF_TEXT_BYTES;
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    match text[..cut].rfind([' ', '\n']) {
        Some(space) if space > 0 => &text[..space],
        _ => &text[..cut],
    }
}

fn marker_role(indent: f32) -> bool {
    indent > 0.0
}

/// Where to cut a paragraph's text so that its first lines fit in `room` points: the byte
/// offset after the last line that fits, or `None` if not even one does.
fn fitting_prefix(paragraph: &Paragraph, room: f32) -> Option<usize> {
    let mut end = None;
    for line in paragraph.layout.lines() {
        if line.metrics().block_max_coord > room {
            break;
        }
        end = Some(line.text_range().end);
    }
    end.filter(|&e| e > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_paragraph_longer_than_a_page_carries_on_over_the_page() {
        let mut writer = DocumentWriter::new("Long");
        let long = "The board meets in public four times a year. ".repeat(800);
        writer.paragraph(&long, Style::Body);
        assert!(writer.page_count() >= 5, "{} pages", writer.page_count());
        let pdf = writer.finish();
        assert!(pdf.starts_with(b"%PDF"));
    }

    #[test]
    fn a_long_text_is_cut_after_a_whole_word_and_a_whole_character() {
        let text = "Siân ŷ مرحبا ".repeat(2000);
        let start = page_sized_start(&text);
        assert!(start.len() <= PAGE_OF_TEXT_BYTES && start.len() > PAGE_OF_TEXT_BYTES / 2);
        assert!(text[start.len()..].starts_with(' '), "cut before a space");
        assert_eq!(page_sized_start("short"), "short");
        let mut writer = DocumentWriter::new("Welsh and Arabic");
        writer.paragraph(&text, Style::Body);
        assert!(writer.page_count() >= 3);
    }

    #[test]
    fn parts_start_on_new_pages() {
        let mut writer = DocumentWriter::new("Merge");
        for n in 0..3 {
            writer.start_part();
            writer.paragraph(&format!("Letter {n}"), Style::Body);
        }
        assert_eq!(writer.page_count(), 3);
        assert!(writer.finish().starts_with(b"%PDF"));
    }
}
