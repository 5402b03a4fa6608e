//! Laying out a paragraph and drawing it into a PDF page.

use std::collections::HashMap;

use krilla::geom::Point;
use krilla::surface::Surface;
use krilla::text::{Font, GlyphId, KrillaGlyph};
use parley::{
    Alignment, AlignmentOptions, Layout, LayoutContext, PositionedLayoutItem, StyleProperty,
};

use super::fonts;

/// A paragraph laid out to a width, in points.
pub struct Paragraph {
    pub text: String,
    pub layout: Layout<()>,
}

impl Paragraph {
    pub fn height(&self) -> f32 {
        self.layout.height()
    }
}

/// Lays out `text` in `size` points, broken into lines no wider than `width` points.
pub fn lay_out(
    fcx: &mut parley::FontContext,
    lcx: &mut LayoutContext<()>,
    text: &str,
    size: f32,
    width: f32,
) -> Paragraph {
    let mut builder = lcx.ranged_builder(fcx, text, 1.0, false);
    builder.push_default(StyleProperty::FontFamily(fonts::family()));
    builder.push_default(StyleProperty::FontSize(size));
    let mut layout = builder.build(text);
    layout.break_all_lines(Some(width));
    layout.align(Alignment::Start, AlignmentOptions::default());
    Paragraph {
        text: text.to_string(),
        layout,
    }
}

/// Draws a laid-out paragraph with its top-left corner at `origin`. Each glyph keeps the range
/// of text it came from, so the PDF's text can be copied and searched (ToUnicode).
pub fn draw(
    surface: &mut Surface<'_>,
    paragraph: &Paragraph,
    origin: Point,
    font_cache: &mut HashMap<u64, Font>,
) {
    for line in paragraph.layout.lines() {
        for item in line.items() {
            let PositionedLayoutItem::GlyphRun(glyph_run) = item else {
                continue;
            };
            let run = glyph_run.run();
            let font_data = run.font();
            let size = run.font_size();
            let key = font_data.data.id() ^ u64::from(font_data.index);
            let font = match font_cache.get(&key) {
                Some(font) => font.clone(),
                None => {
                    // Our own bundled fonts; one that failed to load is skipped, not a panic.
                    let data: krilla::Data = font_data.data.data().to_vec().into();
                    let Some(font) = Font::new(data, font_data.index) else {
                        continue;
                    };
                    font_cache.insert(key, font.clone());
                    font
                }
            };
            let mut glyphs = Vec::new();
            for cluster in run.visual_clusters() {
                for glyph in cluster.glyphs() {
                    glyphs.push(KrillaGlyph::new(
                        GlyphId::new(glyph.id),
                        glyph.advance / size,
                        glyph.x / size,
                        glyph.y / size,
                        0.0,
                        cluster.text_range(),
                        None,
                    ));
                }
            }
            let start = Point::from_xy(
                origin.x + glyph_run.offset(),
                origin.y + glyph_run.baseline(),
            );
            surface.draw_glyphs(start, &glyphs, font, &paragraph.text, size, false);
        }
    }
}
