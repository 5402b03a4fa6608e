//! Imposition: putting the composed sides of a design on sheets of paper.
//!
//! - **Home printer**: as many copies as fit on A4 (2 × A5 on landscape A4, 4 × A6 on
//!   portrait A4), shrunk a little so that each colour runs 2.5 mm past the outer cut lines
//!   (a cut a little off never shows white) and the crop marks stay clear of the edge that
//!   home printers cannot reach. A4 and bigger designs print one to a sheet, full width, in a
//!   white frame, with nothing to cut. Backs are arranged for the printer's flip edge.
//! - **Print shop**: one side per page at full size, with 3 mm bleed, TrimBox and BleedBox,
//!   and optional crop marks outside the bleed.
//! - **Tiled poster**: an A3 or A2 poster at actual size on several A4 sheets, overlapping,
//!   with labels and alignment marks.

use krilla::geom::{PathBuilder, Point, Rect, Transform};
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{FillRule, Stroke, StrokeDash};
use krilla::surface::Surface;
use krilla::{Document, SerializeSettings};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use std::num::NonZeroU16;

use krilla::tagging::{
    Artifact, ArtifactType, ContentTag, Identifier, ListNumbering, SpanTag, Tag, TagGroup, TagTree,
};

use super::compose::{Composed, DesignPage, Op, Role};
use super::paper::{Paper, mm};
use super::picture::Placed;
use super::scheme::Rgb;
use super::seams;
use super::text::{self, FontCache, TextStyle, Typesetter, fill};

/// The edge a home printer cannot print. Some printers lose more than 5 mm, so crop marks
/// start further in than that.
const HOME_EDGE_MM: f32 = 5.0;
const HOME_MARKS_FROM_EDGE_MM: f32 = 6.5;
/// Home crop marks: their length, and the gap between a mark and the colour's bleed.
const HOME_MARK_MM: f32 = 3.0;
const HOME_MARK_GAP_MM: f32 = 0.5;
/// How far colour runs past an outer cut line on a home sheet.
const HOME_BLEED_MM: f32 = 2.5;
/// From the sheet's edge to the outer cut lines of a sheet of several copies.
const HOME_FRAME_MM: f32 =
    HOME_MARKS_FROM_EDGE_MM + HOME_MARK_MM + HOME_MARK_GAP_MM + HOME_BLEED_MM;
/// Print shops usually ask for 3 mm bleed.
pub const BLEED_MM: f32 = 3.0;
/// Crop marks start at the bleed's edge and are this long.
const CROP_MARK_MM: f32 = 5.0;
/// Tiles overlap by at least this much; seams move within the room left over (see `seams`).
const TILE_OVERLAP_MM: f32 = 10.0;
/// The strip at the foot of each tile with its label.
const TILE_LABEL_MM: f32 = 7.0;
/// Cut lines and labels on a tile keep this far from the sheet's edge, where some printers
/// clip.
const TILE_EDGE_MM: f32 = 7.0;

/// How the design goes on paper.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum Layout {
    /// Several per A4 sheet for a home or office printer. `flip` is the printer's setting
    /// for two-sided printing (or, printing the backs by hand, the way the stack is turned:
    /// the duplex test sheet tells which). The PDF is the same either way round; printing
    /// by hand only changes how it is sent to the printer.
    #[serde(rename_all = "camelCase")]
    Home { flip: Flip },
    /// Full size, one side per page, for a print shop.
    #[serde(rename_all = "camelCase")]
    PrintShop { crop_marks: bool },
    /// A poster at actual size on several A4 sheets.
    #[serde(rename_all = "camelCase")]
    Tiled { poster: Paper },
}

/// Which edge the printer turns the sheet over on when it prints the back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub enum Flip {
    LongEdge,
    ShortEdge,
}

/// How many copies of the design one sheet carries in this layout.
pub fn copies_per_sheet(paper: Paper, layout: &Layout) -> u32 {
    match layout {
        Layout::Home { .. } => {
            let grid = home_grid(paper);
            grid.cols * grid.rows
        }
        _ => 1,
    }
}

/// The PDF for a composed design in a layout.
pub fn impose(composed: &Composed, layout: &Layout, preview: bool) -> Vec<u8> {
    let mut document = new_document(&composed.title);
    let mut fonts = FontCache::default();
    let mut tagger = Tagger::default();
    let mut drawing = Drawing {
        fonts: &mut fonts,
        tagger: &mut tagger,
        preview,
    };
    match layout {
        Layout::Home { flip } => home(&mut document, composed, *flip, &mut drawing),
        Layout::PrintShop { crop_marks } => {
            print_shop(&mut document, composed, *crop_marks, &mut drawing)
        }
        Layout::Tiled { poster } => tiled(&mut document, composed, *poster, &mut drawing),
    }
    document.set_tag_tree(tagger.tree());
    finish(document)
}

pub(crate) fn new_document(title: &str) -> Document {
    // Tagged PDF (krilla's default): a screen reader reads headings, paragraphs, lists and
    // the photo's description in order; see `Tagger`.
    let mut document = Document::new_with(SerializeSettings::default());
    let title = if title.is_empty() { "Leaflet" } else { title };
    document.set_metadata(
        krilla::metadata::Metadata::new()
            .title(title.to_string())
            .creator("Campaign Kit".to_string())
            .language("en-GB".to_string()),
    );
    document
}

pub(crate) fn finish(document: Document) -> Vec<u8> {
    // Our own content only: krilla refuses nothing we write (validation is off), so a failure
    // here is a bug, reported as an empty PDF that the caller turns into a message.
    document.finish().unwrap_or_default()
}

/// Cells across and down on a home sheet, and whether the sheet is landscape.
struct HomeGrid {
    cols: u32,
    rows: u32,
    landscape: bool,
}

fn home_grid(paper: Paper) -> HomeGrid {
    match paper {
        Paper::A5 => HomeGrid {
            cols: 2,
            rows: 1,
            landscape: true,
        },
        Paper::A6 => HomeGrid {
            cols: 2,
            rows: 2,
            landscape: false,
        },
        _ => HomeGrid {
            cols: 1,
            rows: 1,
            landscape: false,
        },
    }
}

/// Whether a design prints one to a sheet at home: A4 and bigger, full width, nothing to cut.
fn one_up(paper: Paper) -> bool {
    let grid = home_grid(paper);
    grid.cols * grid.rows == 1
}

/// How much a design shrinks on a home sheet: about 0.88 for A5 and A6 (room for the bleed and
/// the marks), 1 for A4, and whatever brings a poster down to A4.
fn home_scale(paper: Paper) -> f32 {
    let grid = home_grid(paper);
    let (sheet_w, sheet_h) = a4(grid.landscape);
    let (design_w, design_h) = paper.size_pt();
    let frame = if one_up(paper) {
        0.0
    } else {
        2.0 * mm(HOME_FRAME_MM)
    };
    ((sheet_w - frame) / (grid.cols as f32 * design_w))
        .min((sheet_h - frame) / (grid.rows as f32 * design_h))
        .min(1.0)
}

/// How big the design prints compared with its own size, and the paper it is seen at.
pub fn printed_scale(paper: Paper, layout: &Layout) -> (f32, Paper) {
    match layout {
        // Bigger designs print on one A4 at home and are seen as an A4.
        Layout::Home { .. } if paper.size_mm().0 > Paper::A4.size_mm().0 => {
            (home_scale(paper), Paper::A4)
        }
        Layout::Home { .. } => (home_scale(paper), paper),
        Layout::PrintShop { .. } => (1.0, paper),
        Layout::Tiled { poster } => (poster.size_mm().0 / paper.size_mm().0, *poster),
    }
}

/// A4 in points, portrait or landscape.
fn a4(landscape: bool) -> (f32, f32) {
    let (w, h) = Paper::A4.size_pt();
    if landscape { (h, w) } else { (w, h) }
}

fn home(document: &mut Document, composed: &Composed, flip: Flip, drawing: &mut Drawing<'_>) {
    let grid = home_grid(composed.paper);
    let (sheet_w, sheet_h) = a4(grid.landscape);
    let (design_w, design_h) = composed.paper.size_pt();
    let scale = home_scale(composed.paper);
    let (cell_w, cell_h) = (design_w * scale, design_h * scale);
    let grid_x = (sheet_w - cell_w * grid.cols as f32) / 2.0;
    let grid_y = (sheet_h - cell_h * grid.rows as f32) / 2.0;
    // One to a sheet: the printer's own white edge is the frame, and nothing is cut. Several:
    // colour runs past the cut lines (in design units, so it prints at 2.5 mm).
    let bleed = if one_up(composed.paper) {
        0.0
    } else {
        mm(HOME_BLEED_MM) / scale
    };
    let printable = Rect::from_xywh(
        mm(HOME_EDGE_MM),
        mm(HOME_EDGE_MM),
        sheet_w - 2.0 * mm(HOME_EDGE_MM),
        sheet_h - 2.0 * mm(HOME_EDGE_MM),
    )
    .and_then(rect_path);

    // The back is upright with its columns mirrored, so each copy's back lands behind its
    // front; when the printer turns the sheet the "wrong" way for its shape, the whole back
    // is turned round instead (field notes: landscape wants short edge, portrait long).
    let turn_back = grid.landscape == (flip == Flip::LongEdge);
    for (side, page) in composed.pages.iter().enumerate() {
        let is_back = side == 1;
        let mut sheet = document.start_page_with(page_settings(sheet_w, sheet_h));
        let mut surface = sheet.surface();
        if let Some(printable) = &printable {
            surface.push_clip_path(printable, &FillRule::NonZero);
        }
        if is_back && turn_back {
            surface.push_transform(&Transform::from_rotate_at(
                180.0,
                sheet_w / 2.0,
                sheet_h / 2.0,
            ));
        }
        for row in 0..grid.rows {
            for col in 0..grid.cols {
                let shown_col = if is_back { grid.cols - 1 - col } else { col };
                let x = grid_x + shown_col as f32 * cell_w;
                let y = grid_y + row as f32 * cell_h;
                surface.push_transform(&Transform::from_row(scale, 0.0, 0.0, scale, x, y));
                // The first copy is the one a screen reader reads; the others are marked as
                // repeats (artifacts).
                let tagged = row == 0 && col == 0;
                draw_design_page(
                    &mut surface,
                    page,
                    (design_w, design_h),
                    bleed,
                    tagged,
                    drawing,
                );
                surface.pop();
            }
        }
        if !one_up(composed.paper) {
            crop_marks_at_home(&mut surface, &grid, (grid_x, grid_y), (cell_w, cell_h));
        }
        if is_back && turn_back {
            surface.pop();
        }
        if printable.is_some() {
            surface.pop();
        }
        surface.finish();
        sheet.finish();
    }
}

fn page_settings(w: f32, h: f32) -> PageSettings {
    // Sizes are ours and never zero; A4 is the fallback that cannot fail.
    PageSettings::from_wh(w, h).unwrap_or_else(|| {
        let (w, h) = Paper::A4.size_pt();
        PageSettings::new(krilla::geom::Size::from_wh(w, h).expect("A4 is a valid size"))
    })
}

/// Crop marks in the white frame, in line with every cut: outside the colour's bleed, and at
/// least 6.5 mm from the sheet's edge.
fn crop_marks_at_home(
    surface: &mut Surface<'_>,
    grid: &HomeGrid,
    origin: (f32, f32),
    cell: (f32, f32),
) {
    let (gx, gy) = origin;
    let (right, bottom) = (
        gx + cell.0 * grid.cols as f32,
        gy + cell.1 * grid.rows as f32,
    );
    let near = mm(HOME_BLEED_MM + HOME_MARK_GAP_MM);
    let far = near + mm(HOME_MARK_MM);
    let mut path = PathBuilder::new();
    for col in 0..=grid.cols {
        let x = gx + col as f32 * cell.0;
        path.move_to(x, gy - near);
        path.line_to(x, gy - far);
        path.move_to(x, bottom + near);
        path.line_to(x, bottom + far);
    }
    for row in 0..=grid.rows {
        let y = gy + row as f32 * cell.1;
        path.move_to(gx - near, y);
        path.line_to(gx - far, y);
        path.move_to(right + near, y);
        path.line_to(right + far, y);
    }
    stroke(surface, path, 0.5, None);
}

pub(crate) fn stroke(surface: &mut Surface<'_>, path: PathBuilder, width: f32, dash: Option<f32>) {
    let Some(path) = path.finish() else {
        return;
    };
    surface.start_tagged(artifact());
    surface.set_fill(None);
    surface.set_stroke(Some(Stroke {
        paint: krilla::color::rgb::Color::black().into(),
        width,
        dash: dash.map(|d| StrokeDash {
            array: vec![d, d],
            offset: 0.0,
        }),
        ..Stroke::default()
    }));
    surface.draw_path(&path);
    surface.set_stroke(None);
    surface.end_tagged();
}

fn print_shop(
    document: &mut Document,
    composed: &Composed,
    crop_marks: bool,
    drawing: &mut Drawing<'_>,
) {
    let (w, h) = composed.paper.size_pt();
    let bleed = mm(BLEED_MM);
    let slug = if crop_marks {
        mm(CROP_MARK_MM + 2.0)
    } else {
        0.0
    };
    let offset = bleed + slug;
    let (media_w, media_h) = (w + 2.0 * offset, h + 2.0 * offset);
    for page in &composed.pages {
        let settings = page_settings(media_w, media_h)
            .with_trim_box(Rect::from_xywh(offset, offset, w, h))
            .with_bleed_box(Rect::from_xywh(
                slug,
                slug,
                w + 2.0 * bleed,
                h + 2.0 * bleed,
            ));
        let mut sheet = document.start_page_with(settings);
        let mut surface = sheet.surface();
        surface.push_transform(&Transform::from_translate(offset, offset));
        draw_design_page(&mut surface, page, (w, h), bleed, true, drawing);
        surface.pop();
        if crop_marks {
            crop_mark_lines(&mut surface, offset, (w, h), bleed);
        }
        surface.finish();
        sheet.finish();
    }
}

/// Crop marks in line with the trim, starting outside the bleed.
fn crop_mark_lines(surface: &mut Surface<'_>, offset: f32, (w, h): (f32, f32), bleed: f32) {
    let start = bleed;
    let end = bleed + mm(CROP_MARK_MM);
    let (left, top, right, bottom) = (offset, offset, offset + w, offset + h);
    let mut path = PathBuilder::new();
    for x in [left, right] {
        path.move_to(x, top - start);
        path.line_to(x, top - end);
        path.move_to(x, bottom + start);
        path.line_to(x, bottom + end);
    }
    for y in [top, bottom] {
        path.move_to(left - start, y);
        path.line_to(left - end, y);
        path.move_to(right + start, y);
        path.line_to(right + end, y);
    }
    stroke(surface, path, 0.25, None);
}

/// Rows and columns of A4 needed for a poster, and the sheet's way round.
pub struct Tiling {
    pub cols: u32,
    pub rows: u32,
    pub landscape: bool,
}

/// The fewest A4 sheets that cover `poster`, trying both ways round.
pub fn tiling(poster: Paper) -> Tiling {
    let (pw, ph) = poster.size_mm();
    let count = |landscape: bool| {
        let (sw, sh) = if landscape {
            (297.0, 210.0)
        } else {
            (210.0, 297.0)
        };
        let area_w = sw - 2.0 * TILE_EDGE_MM;
        let area_h = sh - 2.0 * TILE_EDGE_MM - TILE_LABEL_MM;
        let cols = ((pw - TILE_OVERLAP_MM) / (area_w - TILE_OVERLAP_MM)).ceil() as u32;
        let rows = ((ph - TILE_OVERLAP_MM) / (area_h - TILE_OVERLAP_MM)).ceil() as u32;
        Tiling {
            cols: cols.max(1),
            rows: rows.max(1),
            landscape,
        }
    };
    let (portrait, landscape) = (count(false), count(true));
    if landscape.cols * landscape.rows < portrait.cols * portrait.rows {
        landscape
    } else {
        portrait
    }
}

fn tiled(document: &mut Document, composed: &Composed, poster: Paper, drawing: &mut Drawing<'_>) {
    let plan = tiling(poster);
    let (sheet_w, sheet_h) = a4(plan.landscape);
    let (design_w, design_h) = composed.paper.size_pt();
    let (poster_w, poster_h) = poster.size_pt();
    let scale = poster_w / design_w;
    let edge = mm(TILE_EDGE_MM);
    let (area_w, area_h) = (
        sheet_w - 2.0 * edge,
        sheet_h - 2.0 * edge - mm(TILE_LABEL_MM),
    );
    let overlap = mm(TILE_OVERLAP_MM);
    let mut typesetter = Typesetter::default();
    let Some(page) = composed.pages.first() else {
        return;
    };
    // Where each column and row of sheets starts on the poster, seams moved off the QR code
    // and text (costs are measured on the design, so poster lengths are scaled down).
    let obstacles = seams::obstacles(page);
    let clearance = mm(1.0);
    let xs = seams::starts(poster_w, area_w, plan.cols, overlap, |x| {
        seams::vertical_cost(&obstacles, x / scale, clearance)
    });
    let ys = seams::starts(poster_h, area_h, plan.rows, overlap, |y| {
        seams::horizontal_cost(&obstacles, y / scale, clearance)
    });
    for (row, &shift_y) in (0..plan.rows).zip(&ys) {
        for (col, &shift_x) in (0..plan.cols).zip(&xs) {
            let mut sheet = document.start_page_with(page_settings(sheet_w, sheet_h));
            let mut surface = sheet.surface();
            let area = Rect::from_xywh(edge, edge, area_w, area_h);
            if let Some(clip) = area.and_then(rect_path) {
                surface.push_clip_path(&clip, &FillRule::NonZero);
            }
            surface.push_transform(&Transform::from_row(
                scale,
                0.0,
                0.0,
                scale,
                edge - shift_x,
                edge - shift_y,
            ));
            // Each piece of text is cut across sheets, so the tiles are read as labels only.
            draw_design_page(
                &mut surface,
                page,
                (design_w, design_h),
                0.0,
                false,
                drawing,
            );
            surface.pop();
            surface.pop();
            // Where the next sheet's cut edge goes, on this sheet, in its own coordinates.
            let next_x = xs.get(col as usize + 1).map(|x| edge + x - shift_x);
            let next_y = ys.get(row as usize + 1).map(|y| edge + y - shift_y);
            tile_marks(
                &mut surface,
                (edge, edge),
                (area_w, area_h),
                (next_x, next_y),
                (row, col),
            );
            let label = tile_label(row, col, &plan);
            let style = TextStyle::new(7.5, Rgb::BLACK);
            let paragraph = typesetter.plain(&label, style, area_w);
            let id = surface.start_tagged(ContentTag::Span(SpanTag::empty()));
            text::draw(
                &mut surface,
                &paragraph,
                Point::from_xy(edge, edge + area_h + mm(1.5)),
                drawing.fonts,
            );
            surface.end_tagged();
            drawing.tagger.items.push((Role::Paragraph, id, None));
            surface.finish();
            sheet.finish();
        }
    }
}

/// "A1" is the top-left sheet: letters go down the rows, numbers across the columns.
pub fn tile_name(row: u32, col: u32) -> String {
    let letter = char::from(b'A' + (row % 26) as u8);
    format!("{letter}{}", col + 1)
}

fn tile_label(row: u32, col: u32, plan: &Tiling) -> String {
    let mut label = format!(
        "Sheet {} (row {} of {}, column {} of {}). Print at \"Actual size\", not \"Fit to page\".",
        tile_name(row, col),
        row + 1,
        plan.rows,
        col + 1,
        plan.cols
    );
    if col > 0 || row > 0 {
        label.push_str(" Cut off the white edge on the dashed sides, then lay this sheet over the one before, with its cut edge on the line printed there.");
    }
    label
}

/// Dashed lines where a sheet is cut (its top and left edges, when a sheet lies before it),
/// and, where the next sheet will lie over this one, a line for its cut edge with short ticks
/// on the side it covers: once the sheets are taped together, no mark is left in view.
fn tile_marks(
    surface: &mut Surface<'_>,
    (x, y): (f32, f32),
    (w, h): (f32, f32),
    (next_x, next_y): (Option<f32>, Option<f32>),
    (row, col): (u32, u32),
) {
    let mut dashed = PathBuilder::new();
    if col > 0 {
        dashed.move_to(x, y);
        dashed.line_to(x, y + h);
    }
    if row > 0 {
        dashed.move_to(x, y);
        dashed.line_to(x + w, y);
    }
    stroke(surface, dashed, 0.5, Some(3.0));

    // The line sits a hair inside the covered side, so a sheet laid a little off hides it.
    let inside = mm(0.3);
    let tick = mm(3.0);
    let mut guide = PathBuilder::new();
    if let Some(nx) = next_x {
        guide.move_to(nx + inside, y);
        guide.line_to(nx + inside, y + h);
        for t in [h / 4.0, h / 2.0, 3.0 * h / 4.0] {
            guide.move_to(nx + inside, y + t);
            guide.line_to(nx + inside + tick, y + t);
        }
    }
    if let Some(ny) = next_y {
        guide.move_to(x, ny + inside);
        guide.line_to(x + w, ny + inside);
        for t in [w / 4.0, w / 2.0, 3.0 * w / 4.0] {
            guide.move_to(x + t, ny + inside);
            guide.line_to(x + t, ny + inside + tick);
        }
    }
    stroke(surface, guide, 0.4, None);
}

fn rect_path(rect: Rect) -> Option<krilla::geom::Path> {
    let mut builder = PathBuilder::new();
    builder.push_rect(rect);
    builder.finish()
}

/// What every drawing call needs: the fonts made so far, the tags collected so far, and
/// whether this is the editor's preview.
pub(crate) struct Drawing<'a> {
    pub fonts: &'a mut FontCache,
    pub tagger: &'a mut Tagger,
    pub preview: bool,
}

/// Collects the tagged pieces in reading order, then builds the PDF's structure tree.
#[derive(Default)]
pub(crate) struct Tagger {
    items: Vec<(Role, Identifier, Option<String>)>,
}

fn artifact() -> ContentTag<'static> {
    ContentTag::Artifact(Artifact::with_kind(ArtifactType::Other))
}

impl Tagger {
    pub(crate) fn tree(self) -> TagTree {
        let mut tree = TagTree::new().with_lang(Some("en-GB".to_string()));
        let mut list: Option<TagGroup> = None;
        for (role, id, alt) in self.items {
            if role != Role::ListItem
                && let Some(done) = list.take()
            {
                tree.push(done);
            }
            let group = match role {
                Role::Heading => {
                    TagGroup::with_children(Tag::Hn(NonZeroU16::MIN, alt), vec![id.into()])
                }
                Role::Subheading => TagGroup::with_children(
                    Tag::Hn(NonZeroU16::new(2).unwrap_or(NonZeroU16::MIN), alt),
                    vec![id.into()],
                ),
                Role::Quote => TagGroup::with_children(Tag::BlockQuote, vec![id.into()]),
                Role::Figure => TagGroup::with_children(Tag::Figure(alt), vec![id.into()]),
                Role::ListItem => {
                    let body = TagGroup::with_children(Tag::LBody, vec![id.into()]);
                    let item = TagGroup::with_children(Tag::LI, vec![body.into()]);
                    list.get_or_insert_with(|| TagGroup::new(Tag::L(ListNumbering::Circle)))
                        .push(item);
                    continue;
                }
                Role::Paragraph | Role::SmallPrint | Role::Decoration => {
                    TagGroup::with_children(Tag::P, vec![id.into()])
                }
            };
            tree.push(group);
        }
        if let Some(done) = list {
            tree.push(done);
        }
        tree
    }
}

/// Draws one side of a design with its trim's top-left at the current origin, clipped to the
/// trim plus `bleed` on every side. With `tagged`, its words and photo go in the structure
/// tree; otherwise (a repeated copy) everything is marked as an artifact.
pub(crate) fn draw_design_page(
    surface: &mut Surface<'_>,
    page: &DesignPage,
    (w, h): (f32, f32),
    bleed: f32,
    tagged: bool,
    drawing: &mut Drawing<'_>,
) {
    let clip =
        Rect::from_xywh(-bleed, -bleed, w + 2.0 * bleed, h + 2.0 * bleed).and_then(rect_path);
    if let Some(clip) = &clip {
        surface.push_clip_path(clip, &FillRule::NonZero);
    }
    // The paper itself is white; nothing to draw.
    let reach = mm(BLEED_MM);
    for op in &page.ops {
        match op {
            Op::Band {
                x,
                y,
                w: bw,
                h: bh,
                colour,
            } => {
                // Edges on the trim carry on into the bleed, so trimming never leaves a white
                // sliver.
                let left = if *x <= 0.0 { -reach } else { *x };
                let top = if *y <= 0.0 { -reach } else { *y };
                let right = if x + bw >= w - 0.01 {
                    w + reach
                } else {
                    x + bw
                };
                let bottom = if y + bh >= h - 0.01 {
                    h + reach
                } else {
                    y + bh
                };
                if let Some(path) = Rect::from_ltrb(left, top, right, bottom).and_then(rect_path) {
                    surface.start_tagged(artifact());
                    surface.set_stroke(None);
                    surface.set_fill(Some(fill(*colour)));
                    surface.draw_path(&path);
                    surface.end_tagged();
                }
            }
            Op::Text {
                paragraph,
                x,
                y,
                role,
            } => {
                let read = tagged && *role != Role::Decoration;
                let id = surface.start_tagged(if read {
                    ContentTag::Span(SpanTag::empty())
                } else {
                    artifact()
                });
                text::draw(surface, paragraph, Point::from_xy(*x, *y), drawing.fonts);
                surface.end_tagged();
                if read {
                    let alt = matches!(role, Role::Heading | Role::Subheading)
                        .then(|| paragraph.text.clone());
                    drawing.tagger.items.push((*role, id, alt));
                }
            }
            Op::Picture {
                placed,
                x,
                y,
                w: fw,
                h: fh,
                description,
            } => {
                // A copied JPEG is drawn whole, so it is clipped to the part shown; a picture
                // cropped to its box needs only the frame's edge.
                let clip = if placed.fills_its_box() {
                    Rect::from_xywh(*x, *y, *fw, *fh)
                } else {
                    Rect::from_xywh(x + placed.x, y + placed.y, placed.width, placed.height)
                };
                let frame = clip.and_then(rect_path);
                let id = surface.start_tagged(if tagged {
                    ContentTag::Other
                } else {
                    artifact()
                });
                if let Some(frame) = &frame {
                    surface.push_clip_path(frame, &FillRule::NonZero);
                }
                draw_picture(surface, placed, *x, *y);
                if frame.is_some() {
                    surface.pop();
                }
                surface.end_tagged();
                if tagged {
                    let alt = if description.trim().is_empty() {
                        "Photo".to_string()
                    } else {
                        description.clone()
                    };
                    drawing.tagger.items.push((Role::Figure, id, Some(alt)));
                }
            }
            Op::Qr { qr, x, y, size } => {
                // The link is printed in words beside it, and that is what gets read.
                surface.start_tagged(artifact());
                qr.draw(surface, *x, *y, *size);
                surface.end_tagged();
            }
            Op::Overflow { y, message: _ } => {
                if drawing.preview {
                    surface.start_tagged(artifact());
                    overflow_mark(surface, *y, w);
                    surface.end_tagged();
                }
            }
        }
    }
    if clip.is_some() {
        surface.pop();
    }
}

/// A red dashed line with a triangle: "text stops fitting here" (preview only).
fn overflow_mark(surface: &mut Surface<'_>, y: f32, w: f32) {
    let red = krilla::color::rgb::Color::new(0xd0, 0x00, 0x00);
    let mut line = PathBuilder::new();
    line.move_to(0.0, y);
    line.line_to(w, y);
    if let Some(path) = line.finish() {
        surface.set_fill(None);
        surface.set_stroke(Some(Stroke {
            paint: red.into(),
            width: 2.0,
            dash: Some(StrokeDash {
                array: vec![6.0, 3.0],
                offset: 0.0,
            }),
            opacity: NormalizedF32::ONE,
            ..Stroke::default()
        }));
        surface.draw_path(&path);
        surface.set_stroke(None);
    }
    let mut triangle = PathBuilder::new();
    triangle.move_to(w / 2.0 - 8.0, y + 2.0);
    triangle.line_to(w / 2.0 + 8.0, y + 2.0);
    triangle.line_to(w / 2.0, y + 14.0);
    triangle.close();
    if let Some(path) = triangle.finish() {
        surface.set_fill(Some(fill(Rgb(0xd0, 0, 0))));
        surface.draw_path(&path);
    }
}

/// Draws a picture whose frame's top-left corner is at (`x`, `y`), turned the right way up.
fn draw_picture(surface: &mut Surface, placed: &Placed, x: f32, y: f32) {
    let drawn = &placed.drawn;
    surface.push_transform(&Transform::from_translate(x + drawn.x, y + drawn.y));
    let (size, turn) = drawn.unturned();
    if let Some(turn) = &turn {
        surface.push_transform(turn);
    }
    if let Some(size) = krilla::geom::Size::from_wh(size.0, size.1) {
        surface.draw_image(placed.image.clone(), size);
    }
    if turn.is_some() {
        surface.pop();
    }
    surface.pop();
}
