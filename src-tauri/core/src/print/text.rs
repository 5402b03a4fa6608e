//! Laying out a paragraph (parley) and drawing it into a PDF page (krilla).
//!
//! A paragraph is plain text plus styled ranges (bold, italic, a colour). Parley shapes it,
//! picks a font for each character from the bundled list, breaks it into lines and aligns
//! them; `draw` hands each glyph run to krilla with the text it came from, so the PDF's text
//! can be searched and copied (ToUnicode).

use std::collections::{BTreeSet, HashMap};
use std::ops::Range;

use krilla::geom::Point;
use krilla::num::NormalizedF32;
use krilla::paint::{Fill, FillRule};
use krilla::surface::Surface;
use krilla::text::{Font, GlyphId, KrillaGlyph};
use parley::{
    Alignment, AlignmentOptions, FontStyle, FontWeight, Layout, LayoutContext, LineHeight,
    OverflowWrap, PositionedLayoutItem, StyleProperty,
};

use super::fonts;
use super::scheme::Rgb;

/// How a paragraph looks as a whole.
#[derive(Debug, Clone, Copy)]
pub struct TextStyle {
    pub size: f32,
    pub bold: bool,
    pub italic: bool,
    pub colour: Rgb,
    pub align: Align,
    /// Line spacing as a multiple of the font size.
    pub leading: f32,
}

impl TextStyle {
    pub fn new(size: f32, colour: Rgb) -> Self {
        TextStyle {
            size,
            bold: false,
            italic: false,
            colour,
            align: Align::Start,
            leading: 1.3,
        }
    }

    pub fn bold(mut self) -> Self {
        self.bold = true;
        self
    }

    pub fn italic(mut self) -> Self {
        self.italic = true;
        self
    }

    pub fn centred(mut self) -> Self {
        self.align = Align::Centre;
        self
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Left for left-to-right text, right for Arabic and Urdu.
    Start,
    Centre,
}

/// A stretch of a paragraph in bold or italic.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Span {
    pub range: Range<usize>,
    pub bold: bool,
    pub italic: bool,
}

/// A paragraph laid out to a width, in points.
#[derive(Clone)]
pub struct Paragraph {
    pub text: String,
    pub layout: Layout<Rgb>,
}

impl Paragraph {
    /// Breaks the lines again at `width`, keeping the shaped text: shaping is the slow part
    /// of setting a paragraph, and it does not depend on the width.
    fn break_at(&mut self, width: f32, align: Align) {
        self.layout.break_all_lines(Some(width));
        let alignment = match align {
            Align::Start => Alignment::Start,
            Align::Centre => Alignment::Center,
        };
        self.layout.align(alignment, AlignmentOptions::default());
    }

    pub fn height(&self) -> f32 {
        self.layout.height()
    }

    pub fn line_count(&self) -> usize {
        self.layout.len()
    }

    /// Whether every line ends where words end, not inside a word (or inside words joined by a
    /// no-break space) squeezed onto the line.
    pub fn breaks_between_words(&self) -> bool {
        let count = self.layout.len();
        self.layout
            .lines()
            .take(count.saturating_sub(1))
            .all(|line| {
                let before = self.text.get(..line.text_range().end).unwrap_or("");
                before.ends_with([' ', '\n', '-', '/', '\u{2013}', '\u{2014}'])
            })
    }

    /// Characters that no bundled font can draw (they would print as empty boxes).
    pub fn missing_characters(&self) -> BTreeSet<char> {
        let mut missing = BTreeSet::new();
        for line in self.layout.lines() {
            for item in line.items() {
                let PositionedLayoutItem::GlyphRun(glyph_run) = item else {
                    continue;
                };
                for cluster in glyph_run.run().visual_clusters() {
                    if cluster.glyphs().any(|glyph| glyph.id == 0) {
                        let text = self.text.get(cluster.text_range()).unwrap_or("");
                        missing.extend(text.chars().filter(|c| !c.is_whitespace()));
                    }
                }
            }
        }
        missing
    }
}

/// The two contexts parley needs; made once per document and reused, because building the
/// font collection is the slow part.
pub struct Typesetter {
    pub fonts: parley::FontContext,
    pub layouts: LayoutContext<Rgb>,
    /// Paragraphs already set in this document. While the main text is tried at several
    /// sizes to fill its space, the headline, the contact details and each bullet's mark stay
    /// the same: they are shaped once, not at every try.
    set: HashMap<SetKey, Paragraph>,
    /// The width each balanced paragraph was set at, so a headline is balanced once per
    /// document, not again each time the main text is tried at another size.
    balanced_widths: HashMap<SetKey, f32>,
}

/// Everything that decides how a paragraph is set.
#[derive(PartialEq, Eq, Hash)]
struct SetKey {
    text: String,
    spans: Vec<Span>,
    size: u32,
    leading: u32,
    width: u32,
    bold: bool,
    italic: bool,
    colour: (u8, u8, u8),
    centred: bool,
}

impl SetKey {
    fn new(text: &str, spans: &[Span], style: TextStyle, width: f32) -> Self {
        SetKey {
            text: text.to_string(),
            spans: spans.to_vec(),
            size: style.size.to_bits(),
            leading: style.leading.to_bits(),
            width: width.to_bits(),
            bold: style.bold,
            italic: style.italic,
            colour: (style.colour.0, style.colour.1, style.colour.2),
            centred: style.align == Align::Centre,
        }
    }
}

impl Default for Typesetter {
    fn default() -> Self {
        Typesetter {
            fonts: fonts::context(),
            layouts: LayoutContext::new(),
            set: HashMap::new(),
            balanced_widths: HashMap::new(),
        }
    }
}

impl Typesetter {
    /// Lays out `text` in one style, broken into lines no wider than `width` points.
    pub fn plain(&mut self, text: &str, style: TextStyle, width: f32) -> Paragraph {
        self.rich(text, &[], style, width)
    }

    /// Like `plain`, with the lines made as even as they can be without adding one, as a
    /// designer sets a headline: two lines split about evenly, never one word left alone.
    pub fn balanced(&mut self, text: &str, style: TextStyle, width: f32) -> Paragraph {
        let key = SetKey::new(text, &[], style, width);
        let mut paragraph = self.plain(text, style, width);
        let chosen = match self.balanced_widths.get(&key) {
            Some(&known) => known,
            None => {
                let chosen = balanced_width(&mut paragraph, style, width);
                self.balanced_widths.insert(key, chosen);
                chosen
            }
        };
        paragraph.break_at(chosen, style.align);
        paragraph
    }

    /// Lays out `text` with bold and italic `spans`, broken into lines no wider than `width`.
    pub fn rich(&mut self, text: &str, spans: &[Span], style: TextStyle, width: f32) -> Paragraph {
        let key = SetKey::new(text, spans, style, width);
        if let Some(known) = self.set.get(&key) {
            return known.clone();
        }
        let mut builder = self
            .layouts
            .ranged_builder(&mut self.fonts, text, 1.0, false);
        builder.push_default(StyleProperty::FontFamily(fonts::family()));
        builder.push_default(StyleProperty::FontSize(style.size));
        builder.push_default(StyleProperty::Brush(style.colour));
        // A word wider than its column (a long web address) breaks rather than run off the page.
        builder.push_default(StyleProperty::OverflowWrap(OverflowWrap::Anywhere));
        builder.push_default(StyleProperty::LineHeight(LineHeight::FontSizeRelative(
            style.leading,
        )));
        if style.bold {
            builder.push_default(StyleProperty::FontWeight(FontWeight::BOLD));
        }
        if style.italic {
            builder.push_default(StyleProperty::FontStyle(FontStyle::Italic));
        }
        for span in spans {
            if span.bold {
                builder.push(
                    StyleProperty::FontWeight(FontWeight::BOLD),
                    span.range.clone(),
                );
            }
            if span.italic {
                builder.push(
                    StyleProperty::FontStyle(FontStyle::Italic),
                    span.range.clone(),
                );
            }
        }
        let mut paragraph = Paragraph {
            text: text.to_string(),
            layout: builder.build(text),
        };
        paragraph.break_at(width, style.align);
        self.set.insert(key, paragraph.clone());
        paragraph
    }
}

/// The narrowest width that sets `paragraph` in no more lines than `width` does, breaking
/// only between words, found by halving the range ten times. Each try breaks the lines
/// again; the text is shaped once.
fn balanced_width(paragraph: &mut Paragraph, style: TextStyle, width: f32) -> f32 {
    let lines = paragraph.line_count();
    // Right-to-left text is aligned to the right edge, which a narrower box would move.
    let right_to_left = paragraph
        .text
        .chars()
        .any(|c| ('\u{590}'..='\u{8ff}').contains(&c));
    if lines < 2 || style.align != Align::Start || right_to_left {
        return width;
    }
    let (mut narrow, mut wide) = (width * 0.4, width);
    for _ in 0..10 {
        let middle = (narrow + wide) / 2.0;
        paragraph.break_at(middle, style.align);
        if paragraph.line_count() > lines || !paragraph.breaks_between_words() {
            narrow = middle;
        } else {
            wide = middle;
        }
    }
    wide
}

/// Krilla fonts made from parley's, kept per document so each font is embedded once.
#[derive(Default)]
pub struct FontCache(HashMap<(u64, u32), Font>);

impl FontCache {
    fn get(&mut self, font_data: &parley::FontData) -> Option<Font> {
        let key = (font_data.data.id(), font_data.index);
        if let Some(font) = self.0.get(&key) {
            return Some(font.clone());
        }
        let data: krilla::Data = font_data.data.data().to_vec().into();
        let font = Font::new(data, font_data.index)?;
        self.0.insert(key, font.clone());
        Some(font)
    }
}

/// Draws a laid-out paragraph with its top-left corner at `origin`. Each glyph keeps the range
/// of text it came from, so the PDF's text can be copied and searched (ToUnicode).
pub fn draw(
    surface: &mut Surface<'_>,
    paragraph: &Paragraph,
    origin: Point,
    fonts: &mut FontCache,
) {
    for line in paragraph.layout.lines() {
        for item in line.items() {
            let PositionedLayoutItem::GlyphRun(glyph_run) = item else {
                continue;
            };
            let run = glyph_run.run();
            let size = run.font_size();
            // Our own bundled fonts; one that failed to load is skipped, not a panic.
            let Some(font) = fonts.get(run.font()) else {
                continue;
            };
            let ligatures = ligature_ranges(run);
            let mut glyphs = Vec::new();
            for cluster in run.visual_clusters() {
                let range = cluster.text_range();
                // A ligature ("fi") is one glyph for several characters: it carries them all,
                // so copying the text gives "fi", not "f".
                let range = ligatures
                    .iter()
                    .find(|r| r.start == range.start)
                    .cloned()
                    .unwrap_or(range);
                for glyph in cluster.glyphs() {
                    glyphs.push(KrillaGlyph::new(
                        GlyphId::new(glyph.id),
                        glyph.advance / size,
                        glyph.x / size,
                        glyph.y / size,
                        0.0,
                        range.clone(),
                        None,
                    ));
                }
            }
            let start = Point::from_xy(
                origin.x + glyph_run.offset(),
                origin.y + glyph_run.baseline(),
            );
            surface.set_fill(Some(fill(glyph_run.style().brush)));
            surface.draw_glyphs(start, &glyphs, font, &paragraph.text, size, false);
        }
    }
}

/// The whole text range of each ligature in a run: its first cluster plus the continuation
/// clusters that follow it in logical order.
fn ligature_ranges(run: &parley::Run<'_, Rgb>) -> Vec<Range<usize>> {
    let mut ranges: Vec<Range<usize>> = Vec::new();
    for cluster in run.clusters() {
        if cluster.is_ligature_start() {
            ranges.push(cluster.text_range());
        } else if cluster.is_ligature_continuation()
            && let Some(last) = ranges.last_mut()
        {
            last.end = last.end.max(cluster.text_range().end);
        }
    }
    ranges
}

/// A solid fill in one of our colours.
pub fn fill(colour: Rgb) -> Fill {
    Fill {
        paint: krilla::color::rgb::Color::new(colour.0, colour.1, colour.2).into(),
        opacity: NormalizedF32::ONE,
        rule: FillRule::NonZero,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Where each line starts and ends, and every glyph's id and place: each run's offset
    /// from the line's start (which alignment sets) and each glyph's position.
    type Fingerprint = Vec<(Range<usize>, Vec<(u32, u32, u32, u32)>)>;

    fn lines_and_glyphs(paragraph: &Paragraph) -> Fingerprint {
        paragraph
            .layout
            .lines()
            .map(|line| {
                let mut glyphs = Vec::new();
                for item in line.items() {
                    if let PositionedLayoutItem::GlyphRun(run) = item {
                        let offset = run.offset().to_bits();
                        glyphs.extend(
                            run.positioned_glyphs()
                                .map(|g| (g.id, offset, g.x.to_bits(), g.y.to_bits())),
                        );
                    }
                }
                (line.text_range(), glyphs)
            })
            .collect()
    }

    #[test]
    fn lines_broken_again_match_a_paragraph_set_afresh_at_that_width() {
        let texts = [
            "Who runs your NHS now? One board decides how the money in our area is spent.",
            "نحن ندعم الخدمة الصحية العامة في كل مكان، اليوم وغدا",
            "১০০ জন স্বাক্ষর করেছেন, আরও অনেকে আসবেন",
        ];
        for text in texts {
            // The first word in bold, so runs in two fonts are broken again too.
            let bold = [Span {
                range: 0..text.find(' ').unwrap_or(text.len()),
                bold: true,
                italic: false,
            }];
            for centred in [false, true] {
                let mut style = TextStyle::new(14.0, Rgb::BLACK);
                if centred {
                    style = style.centred();
                }
                let mut reused = Typesetter::default().rich(text, &bold, style, 400.0);
                for width in [220.0, 130.0, 75.5] {
                    reused.break_at(width, style.align);
                    let afresh = Typesetter::default().rich(text, &bold, style, width);
                    assert!(
                        afresh.line_count() > 1 || width > 200.0,
                        "{text} at {width}"
                    );
                    assert_eq!(
                        lines_and_glyphs(&reused),
                        lines_and_glyphs(&afresh),
                        "{text} at {width}"
                    );
                }
            }
        }
    }

    #[test]
    fn a_paragraph_set_again_in_the_same_document_is_the_same() {
        let mut typesetter = Typesetter::default();
        let style = TextStyle::new(12.0, Rgb::BLACK);
        let text = "Sign our petition today. Come to our next meeting: bring a friend.";
        let first = typesetter.balanced(text, style, 150.0);
        let again = typesetter.balanced(text, style, 150.0);
        let other_size = typesetter.balanced(text, TextStyle::new(13.0, Rgb::BLACK), 150.0);
        let afresh = Typesetter::default().balanced(text, style, 150.0);
        assert_eq!(lines_and_glyphs(&first), lines_and_glyphs(&again));
        assert_eq!(lines_and_glyphs(&first), lines_and_glyphs(&afresh));
        assert_ne!(lines_and_glyphs(&first), lines_and_glyphs(&other_size));
    }
}
