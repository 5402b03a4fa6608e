//! Composing a design: where each piece of a leaflet or poster goes on its page(s).
//!
//! Every template shares one arrangement, top to bottom: a coloured band with the headline
//! and subheading; the photo; the meeting details (meeting poster); the main text, flowing
//! from the front to the back of a two-sided leaflet; the pull quote; the sources in small
//! print; and a footer band with the call to action, the group's details and the QR code.
//! Sizes come from the template, so an A3 poster is the same arrangement in bigger type.
//!
//! Nothing is ever cut off silently: a block that does not fit is left out *and* reported
//! with the side it should have gone on, and the preview marks the place in red.

use serde::Serialize;
use ts_rs::TS;

use super::design::Design;
use super::impose::{Flip, Layout, printed_scale};
use super::paper::{Paper, mm};
use super::picture::{self, Placed, Resolution};
use super::qr::{self, Qr};
use super::rich::{self, BlockKind};
use super::scheme::{self, Rgb, Scheme};
use super::templates::Template;
use super::text::{Paragraph, TextStyle, Typesetter};
use super::typography;
use crate::group::GroupDetails;

/// What a PDF element is, for the tagged PDF's structure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Heading,
    Subheading,
    Paragraph,
    ListItem,
    Quote,
    SmallPrint,
    /// Drawn only to mark something (a bullet point): not part of the text.
    Decoration,
    /// A photo or logo.
    Figure,
}

/// One thing drawn on a design page. Positions are in points from the trim's top-left.
pub enum Op {
    /// A filled rectangle. Edges that touch the trim carry on into the bleed.
    Band {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        colour: Rgb,
    },
    Text {
        paragraph: Box<Paragraph>,
        x: f32,
        y: f32,
        role: Role,
    },
    Picture {
        placed: Placed,
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        description: String,
    },
    Qr {
        qr: Qr,
        x: f32,
        y: f32,
        size: f32,
    },
    /// Preview only: where text stopped fitting.
    Overflow {
        y: f32,
        message: String,
    },
}

/// One side of the finished leaflet or poster.
#[derive(Default)]
pub struct DesignPage {
    pub ops: Vec<Op>,
}

/// A warning the editor shows beside the preview.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct Warning {
    /// `text_overflow`, `missing_characters`, `photo`, `qr`, `empty`, `shrunk`.
    pub code: String,
    pub message: String,
    /// The design field it is about (`body`, `headline`…), for the editor to highlight.
    pub field: String,
    /// The side, from 1 (front).
    pub side: u8,
}

pub struct Composed {
    pub paper: Paper,
    pub pages: Vec<DesignPage>,
    pub warnings: Vec<Warning>,
    pub title: String,
}

/// What a design draws on besides its own words.
#[derive(Default)]
pub struct Assets<'a> {
    pub photo: Option<&'a [u8]>,
    pub logo: Option<&'a [u8]>,
    pub group: GroupDetails,
}

/// The body text may shrink to this share of its template size, and no further.
const SMALLEST_SHRINK: f32 = 0.75;

/// Composes a design. Main text that does not fit is made smaller if the design asks for it;
/// main text that leaves the page part empty is made bigger, up to the template's limit, so a
/// short text fills the page as a designer would set it.
pub fn compose(design: &Design, template: &Template, assets: &Assets<'_>) -> Composed {
    compose_enlarged(design, template, assets, 1.0, Resolution::Print)
}

/// Like `compose`, for a design that will print `enlarged` times its size (a poster tiled
/// to A2): its photo keeps enough of its pixels to stay sharp at that size. `pictures` says
/// whether they are for paper or for the preview on screen.
pub fn compose_enlarged(
    design: &Design,
    template: &Template,
    assets: &Assets<'_>,
    enlarged: f32,
    pictures: Resolution,
) -> Composed {
    let design = &polished(design);
    let mut typesetter = Typesetter::default();
    let scheme = scheme::by_id(&design.scheme);
    let mut fixed = FixedParts::prepare(design, template, assets, enlarged.max(1.0), pictures);
    let mut at = |scale: f32| {
        compose_at(
            design,
            template,
            &scheme,
            &mut fixed,
            &mut typesetter,
            scale,
        )
    };
    // Short texts (posters, flyers) fit at the largest size: one try settles it.
    let steps = growth_steps(template.fill_max);
    if steps > 0 {
        let largest = at(1.0 + steps as f32 * GROWTH_STEP);
        if !overflows(&largest) {
            return largest;
        }
    }
    let first = at(1.0);
    if !overflows(&first) {
        return grown(first, steps, &mut at);
    }
    let mut scale = 1.0;
    let mut composed = first;
    while design.shrink_to_fit && overflows(&composed) && scale > SMALLEST_SHRINK {
        scale -= 0.025;
        composed = at(scale);
    }
    if design.shrink_to_fit && scale < 1.0 && !overflows(&composed) {
        composed.warnings.push(Warning {
            code: "shrunk".into(),
            message: format!(
                "The main text was made smaller to fit: {:.1} point instead of {:.1}.",
                template.body_pt * scale,
                template.body_pt
            ),
            field: "body".into(),
            side: 1,
        });
    }
    composed
}

/// The design's words as a typesetter would set them: curly quotes, and no line break inside
/// a place's name or a meeting's time (see `typography`).
fn polished(design: &Design) -> Design {
    let event = &design.event;
    let speakers: Vec<String> = event.speakers.lines().map(typography::polish).collect();
    Design {
        headline: typography::polish(&design.headline),
        subheading: typography::polish(&design.subheading),
        body: typography::polish(&design.body),
        pull_quote: typography::polish(&design.pull_quote),
        call_to_action: typography::polish(&design.call_to_action),
        sources: typography::polish(&design.sources),
        event: super::design::EventDetails {
            date: typography::detail_line(&event.date),
            time: typography::detail_line(&event.time),
            place: typography::detail_line(&event.place),
            speakers: speakers.join("\n"),
        },
        ..design.clone()
    }
}

fn overflows(composed: &Composed) -> bool {
    composed.warnings.iter().any(|w| w.code == "text_overflow")
}

/// Growth goes in steps of 5 %, so the text does not change size at every keystroke.
const GROWTH_STEP: f32 = 0.05;

fn growth_steps(most: f32) -> u32 {
    ((most - 1.0) / GROWTH_STEP).floor().max(0.0) as u32
}

/// The biggest step below `steps` at which everything still fits (found by halving), given
/// that the text fits at its own size and not at the largest.
fn grown(fits: Composed, steps: u32, at: &mut impl FnMut(f32) -> Composed) -> Composed {
    let (mut best, mut low, mut high) = (fits, 0, steps.saturating_sub(1));
    while low < high {
        let mid = (low + high).div_ceil(2);
        let candidate = at(1.0 + mid as f32 * GROWTH_STEP);
        if overflows(&candidate) {
            high = mid - 1;
        } else {
            best = candidate;
            low = mid;
        }
    }
    best
}

/// The slow parts that do not change when the text shrinks: the photo, logo and QR code.
struct FixedParts {
    photo: Option<Placed>,
    photo_frame: (f32, f32),
    logo: Option<Placed>,
    qr: Option<Qr>,
    /// The group's name and contact details, one per line.
    group_text: String,
    warnings: Vec<Warning>,
}

impl FixedParts {
    fn prepare(
        design: &Design,
        template: &Template,
        assets: &Assets<'_>,
        enlarged: f32,
        pictures: Resolution,
    ) -> Self {
        let (page_w, page_h) = template.paper.size_pt();
        let margin = mm(template.margin_mm);
        let photo_frame = (page_w - 2.0 * margin, page_h * template.photo_share);
        let mut warnings = Vec::new();
        let photo = match assets.photo {
            Some(bytes) if template.photo_share > 0.0 => {
                let (w, h) = (photo_frame.0 * enlarged, photo_frame.1 * enlarged);
                match picture::place(bytes, w, h, &design.photo, pictures) {
                    Ok(placed) => Some(placed.scaled(1.0 / enlarged)),
                    Err(problem) => {
                        warnings.push(warning("photo", problem.to_string(), "photo", 1));
                        None
                    }
                }
            }
            Some(_) => {
                let message = "This template has no room for a photo, so it is left out. \
                               Choose the A5 leaflet or a poster to use one."
                    .to_string();
                warnings.push(warning("photo", message, "photo", 1));
                None
            }
            None => None,
        };
        let logo_settings = super::design::PhotoSettings {
            fit: super::design::PhotoFit::Fit,
            ..Default::default()
        };
        let logo = match assets.logo {
            Some(bytes) if design.show_group => {
                picture::place(bytes, mm(30.0), mm(12.0), &logo_settings, pictures).ok()
            }
            _ => None,
        };
        let link = design.qr_link.trim();
        let qr = if link.is_empty() {
            None
        } else {
            match qr::encode(link) {
                Ok(qr) => Some(qr),
                Err(problem) => {
                    let side = template.sides;
                    warnings.push(warning("qr", problem.to_string(), "qrLink", side));
                    None
                }
            }
        };
        FixedParts {
            photo,
            photo_frame,
            logo,
            qr,
            group_text: group_text(&assets.group, &link_as_text(&design.qr_link)),
            warnings,
        }
    }
}

fn warning(code: &str, message: String, field: &str, side: u8) -> Warning {
    Warning {
        code: code.into(),
        message,
        field: field.into(),
        side,
    }
}

/// The sizes everything is set in, from the template and the shrink factor.
struct Sizes {
    margin: f32,
    page_w: f32,
    page_h: f32,
    headline: f32,
    subheading: f32,
    body: f32,
    /// The template's body size, before any growing or shrinking.
    body_unscaled: f32,
    /// The sources line.
    small: f32,
    /// The group's name and contact details.
    contact: f32,
    gap: f32,
}

/// The smallest sizes, in points as printed, that people can read on a leaflet from a home
/// printer (which shrinks an A5 or A6 to about 88 %, and a poster to A4).
pub const SMALLEST_CONTACT_PT: f32 = 8.5;
pub const SMALLEST_SOURCES_PT: f32 = 7.0;

impl Sizes {
    fn new(template: &Template, scale: f32) -> Self {
        let (page_w, page_h) = template.paper.size_pt();
        let body = template.body_pt * scale;
        // A little above the smallest, so rounding never takes it under.
        let home = home_printed_scale(template);
        Sizes {
            margin: mm(template.margin_mm),
            page_w,
            page_h,
            headline: template.headline_pt,
            subheading: (template.headline_pt * 0.45).max(template.body_pt * 1.15),
            body,
            body_unscaled: template.body_pt,
            small: (template.body_pt * 0.6).max((SMALLEST_SOURCES_PT + 0.1) / home),
            contact: (template.body_pt * 0.6).max((SMALLEST_CONTACT_PT + 0.1) / home),
            gap: template.body_pt * 0.6,
        }
    }

    fn content_width(&self) -> f32 {
        self.page_w - 2.0 * self.margin
    }
}

fn compose_at(
    design: &Design,
    template: &Template,
    scheme: &Scheme,
    fixed: &mut FixedParts,
    ts: &mut Typesetter,
    scale: f32,
) -> Composed {
    let sizes = Sizes::new(template, scale);
    let sides = template.sides.clamp(1, 2) as usize;
    let mut pages: Vec<DesignPage> = (0..sides).map(|_| DesignPage::default()).collect();
    let mut warnings = fixed.warnings.clone();
    let last = sides - 1;

    let mut y = band(&mut pages[0], design, template, scheme, &sizes, ts);
    if let Some(placed) = fixed.photo.clone() {
        let (w, h) = fixed.photo_frame;
        pages[0].ops.push(Op::Picture {
            placed,
            x: sizes.margin,
            y: y + sizes.gap,
            w,
            h,
            description: design.photo.description.clone(),
        });
        y += h + sizes.gap;
    }
    y += sizes.gap;
    if template.event {
        y = event(&mut pages[0], design, scheme, &sizes, ts, y);
    }

    // The foot of the last side is laid out first (the text flows down to it) but added to
    // the page after the text, so a screen reader meets it in reading order.
    let mut foot = DesignPage::default();
    let footer_top = footer(&mut foot, design, scheme, &sizes, fixed, ts);
    let mut small_print = DesignPage::default();
    let mut bottom_of_text = footer_top - sizes.gap;
    if !design.sources.trim().is_empty() {
        let style = TextStyle::new(sizes.small, scheme.ink);
        let sources = ts.plain(design.sources.trim(), style, sizes.content_width());
        bottom_of_text -= sources.height();
        small_print.ops.push(Op::Text {
            paragraph: Box::new(sources),
            x: sizes.margin,
            y: bottom_of_text,
            role: Role::SmallPrint,
        });
        bottom_of_text -= sizes.gap * 0.5;
    }

    // The text flows through each column of each side in turn.
    let columns = usize::from(template.columns.max(1));
    let gutter = sizes.body * 1.6;
    let column_w = (sizes.content_width() - gutter * (columns - 1) as f32) / columns as f32;
    let regions: Vec<Region> = (0..sides)
        .flat_map(|side| (0..columns).map(move |column| (side, column)))
        .map(|(side, column)| Region {
            side,
            x: sizes.margin + column as f32 * (column_w + gutter),
            top: if side == 0 { y } else { sizes.margin },
            bottom: if side == last {
                bottom_of_text
            } else {
                sizes.page_h - sizes.margin
            },
        })
        .collect();
    let blocks = body_blocks(design, scheme, &sizes, ts, column_w);
    flow(&mut pages, &regions, blocks, &sizes, &mut warnings);
    pages[last].ops.append(&mut small_print.ops);
    pages[last].ops.append(&mut foot.ops);

    if design.headline.trim().is_empty() && design.body.trim().is_empty() {
        warnings.push(warning(
            "empty",
            "There is no headline or main text yet: type some in the form.".into(),
            "headline",
            1,
        ));
    }
    warnings.extend(unfilled_blanks(design));
    if let Some(w) = missing_characters(&pages) {
        warnings.push(w);
    }
    Composed {
        paper: template.paper,
        pages,
        warnings,
        title: design.headline.trim().to_string(),
    }
}

/// How big the design comes out of a home printer, against its own size.
fn home_printed_scale(template: &Template) -> f32 {
    let home = Layout::Home {
        flip: Flip::ShortEdge,
    };
    printed_scale(template.paper, &home).0
}

/// The coloured band across the top with the headline and subheading; returns its bottom.
fn band(
    page: &mut DesignPage,
    design: &Design,
    template: &Template,
    scheme: &Scheme,
    sizes: &Sizes,
    ts: &mut Typesetter,
) -> f32 {
    let width = sizes.content_width();
    let headline_style = TextStyle {
        leading: 1.1,
        ..TextStyle::new(sizes.headline, scheme.on_accent).bold()
    };
    let sub_style = TextStyle::new(sizes.subheading, scheme.on_accent);
    let headline = ts.balanced(design.headline.trim(), headline_style, width);
    let subheading = ts.balanced(design.subheading.trim(), sub_style, width);
    let padding = sizes.margin;
    let mut texts = vec![(headline, Role::Heading), (subheading, Role::Subheading)];
    if template.event {
        // On the meeting poster the subheading ("Public meeting") is a label above the title.
        texts.reverse();
    }
    let mut y = padding;
    let mut placed = Vec::new();
    for (paragraph, role) in texts {
        if paragraph.text.is_empty() {
            continue;
        }
        let height = paragraph.height();
        placed.push(Op::Text {
            paragraph: Box::new(paragraph),
            x: sizes.margin,
            y,
            role,
        });
        y += height + sizes.gap * 0.5;
    }
    let bottom = y - sizes.gap * 0.5 + padding * 0.8;
    page.ops.push(Op::Band {
        x: 0.0,
        y: 0.0,
        w: sizes.page_w,
        h: bottom,
        colour: scheme.accent,
    });
    page.ops.extend(placed);
    bottom
}

/// Date, time, place and speakers of a public meeting; returns the bottom.
fn event(
    page: &mut DesignPage,
    design: &Design,
    scheme: &Scheme,
    sizes: &Sizes,
    ts: &mut Typesetter,
    mut y: f32,
) -> f32 {
    let width = sizes.content_width();
    // The meeting's date, time and place are already big: they keep their size when a short
    // text makes the main text grow.
    let big = TextStyle {
        leading: 1.15,
        ..TextStyle::new(sizes.body_unscaled * 1.9, scheme.emphasis).bold()
    };
    let event = &design.event;
    for line in [&event.date, &event.time, &event.place] {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let paragraph = ts.balanced(line, big, width);
        let height = paragraph.height();
        page.ops.push(Op::Text {
            paragraph: Box::new(paragraph),
            x: sizes.margin,
            y,
            role: Role::Subheading,
        });
        y += height;
    }
    let speakers: Vec<&str> = event
        .speakers
        .lines()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    if !speakers.is_empty() {
        y += sizes.gap;
        let label = TextStyle::new(sizes.body * 1.15, scheme.ink).bold();
        let heading = ts.plain("Speakers", label, width);
        let height = heading.height();
        page.ops.push(Op::Text {
            paragraph: Box::new(heading),
            x: sizes.margin,
            y,
            role: Role::Subheading,
        });
        y += height;
        let style = TextStyle::new(sizes.body * 1.15, scheme.ink);
        for speaker in speakers {
            let paragraph = ts.balanced(speaker, style, width);
            let height = paragraph.height();
            page.ops.push(Op::Text {
                paragraph: Box::new(paragraph),
                x: sizes.margin,
                y,
                role: Role::ListItem,
            });
            y += height;
        }
    }
    y + sizes.gap
}

/// The footer band on the last side: call to action, the group, and the QR code with its
/// link in words. Returns the band's top.
fn footer(
    page: &mut DesignPage,
    design: &Design,
    scheme: &Scheme,
    sizes: &Sizes,
    fixed: &mut FixedParts,
    ts: &mut Typesetter,
) -> f32 {
    // At least 6 mm, so a cut a little off never reaches the QR code's white box.
    let padding = (sizes.margin * 0.6).max(mm(6.0));
    let inner_w = sizes.content_width();
    let qr_size = mm(design.qr_size_mm.max(1.0));
    let qr_column = fixed.qr.as_ref().map(|qr| qr.outer_size(qr_size));
    let text_w = match qr_column {
        Some(column) => (inner_w - column - sizes.gap).max(inner_w * 0.3),
        None => inner_w,
    };

    // The left column, measured first so the band can be sized.
    let mut left: Vec<(Paragraph, Role)> = Vec::new();
    let cta = design.call_to_action.trim();
    if !cta.is_empty() {
        let style = TextStyle {
            leading: 1.15,
            ..TextStyle::new(sizes.body * 1.35, scheme.on_accent).bold()
        };
        left.push((ts.balanced(cta, style, text_w), Role::Subheading));
    }
    if fixed.qr.is_some() {
        let style = TextStyle::new(sizes.contact, scheme.on_accent).bold();
        left.push((
            ts.plain(&link_as_text(&design.qr_link), style, text_w),
            Role::Paragraph,
        ));
    }
    let mut left_h: f32 = left.iter().map(|(p, _)| p.height() + sizes.gap * 0.4).sum();
    let group_para = (design.show_group && !fixed.group_text.is_empty()).then(|| {
        let style = TextStyle::new(sizes.contact, scheme.on_accent);
        ts.plain(&fixed.group_text, style, text_w)
    });
    if let Some(logo) = &fixed.logo {
        left_h += logo.y * 2.0 + logo.height;
    }
    if let Some(p) = &group_para {
        left_h += p.height() + sizes.gap * 0.4;
    }

    let right_h = qr_column.unwrap_or(0.0);
    if left_h <= 0.0 && right_h <= 0.0 {
        return sizes.page_h - sizes.margin;
    }
    let height = left_h.max(right_h) + 2.0 * padding;
    let top = sizes.page_h - height;
    page.ops.push(Op::Band {
        x: 0.0,
        y: top,
        w: sizes.page_w,
        h: height,
        colour: scheme.accent,
    });

    let mut y = top + padding;
    for (paragraph, role) in left {
        let h = paragraph.height();
        page.ops.push(Op::Text {
            paragraph: Box::new(paragraph),
            x: sizes.margin,
            y,
            role,
        });
        y += h + sizes.gap * 0.4;
    }
    if let Some(paragraph) = group_para {
        let h = paragraph.height();
        page.ops.push(Op::Text {
            paragraph: Box::new(paragraph),
            x: sizes.margin,
            y,
            role: Role::SmallPrint,
        });
        y += h + sizes.gap * 0.5;
    }
    if let Some(logo) = fixed.logo.clone() {
        let (w, h) = (logo.x * 2.0 + logo.width, logo.y * 2.0 + logo.height);
        page.ops.push(Op::Picture {
            placed: logo,
            x: sizes.margin,
            y,
            w,
            h,
            description: "Our group's logo".into(),
        });
    }
    if let (Some(qr), Some(column)) = (fixed.qr.clone(), qr_column) {
        page.ops.push(Op::Qr {
            qr,
            x: sizes.page_w - sizes.margin - column,
            y: top + padding,
            size: qr_size,
        });
    }
    top
}

/// A web address as people type it: no `https://`, no slash at the end.
fn link_as_text(link: &str) -> String {
    let link = link.trim();
    let link = link
        .strip_prefix("https://")
        .or_else(|| link.strip_prefix("http://"))
        .unwrap_or(link);
    link.strip_suffix('/').unwrap_or(link).to_string()
}

/// The group's name and contact details, one per line, leaving out what is not filled in and
/// the website when it is the address already printed under the QR code.
fn group_text(group: &GroupDetails, printed_link: &str) -> String {
    let website = link_as_text(&group.website);
    let website = if website == printed_link {
        ""
    } else {
        group.website.as_str()
    };
    [
        group.name.as_str(),
        &group.contact_email,
        &group.phone,
        website,
    ]
    .iter()
    .map(|line| line.trim())
    .filter(|line| !line.is_empty())
    .collect::<Vec<_>>()
    .join("\n")
}

/// The main text as paragraphs ready to place, then the pull quote.
struct Piece {
    paragraph: Paragraph,
    /// Distance from the margin (bullets and the quote are indented).
    indent: f32,
    role: Role,
    /// Space after it.
    after: f32,
    /// Something drawn beside it: a bullet point or the quote's bar.
    marker: Option<Marker>,
}

enum Marker {
    Bullet(Box<Paragraph>),
    Bar(Rgb),
}

fn body_blocks(
    design: &Design,
    scheme: &Scheme,
    sizes: &Sizes,
    ts: &mut Typesetter,
    width: f32,
) -> Vec<Piece> {
    let bullet_indent = sizes.body * 1.3;
    let mut pieces = Vec::new();
    for block in rich::blocks(&design.body) {
        let block = without_lone_last_word(block);
        let piece = match block.kind {
            BlockKind::Paragraph => Piece {
                paragraph: ts.rich(
                    &block.text,
                    &block.spans,
                    TextStyle::new(sizes.body, scheme.ink),
                    width,
                ),
                indent: 0.0,
                role: Role::Paragraph,
                after: sizes.gap,
                marker: None,
            },
            BlockKind::Heading => Piece {
                paragraph: ts.rich(
                    &block.text,
                    &block.spans,
                    TextStyle::new(sizes.body * 1.25, scheme.emphasis).bold(),
                    width,
                ),
                indent: 0.0,
                role: Role::Subheading,
                after: sizes.gap * 0.4,
                marker: None,
            },
            BlockKind::Bullet => Piece {
                paragraph: ts.rich(
                    &block.text,
                    &block.spans,
                    TextStyle::new(sizes.body, scheme.ink),
                    width - bullet_indent,
                ),
                indent: bullet_indent,
                role: Role::ListItem,
                after: sizes.gap * 0.45,
                marker: Some(Marker::Bullet(Box::new(ts.plain(
                    "\u{2022}",
                    TextStyle::new(sizes.body, scheme.emphasis).bold(),
                    bullet_indent,
                )))),
            },
        };
        pieces.push(piece);
    }
    // A bullet list is followed by the usual paragraph space.
    for index in 1..pieces.len() {
        if pieces[index - 1].role == Role::ListItem && pieces[index].role != Role::ListItem {
            pieces[index - 1].after = sizes.gap;
        }
    }
    let quote = design.pull_quote.trim();
    if !quote.is_empty() {
        let bar = sizes.body * 0.35;
        let indent = bar + sizes.body;
        let style = TextStyle::new(sizes.body * 1.4, scheme.emphasis)
            .italic()
            .bold();
        pieces.push(Piece {
            paragraph: ts.balanced(quote, style, width - indent),
            indent,
            role: Role::Quote,
            after: sizes.gap,
            marker: Some(Marker::Bar(scheme.emphasis)),
        });
    }
    pieces
}

/// A stretch of a page the main text flows through: one column of one side.
#[derive(Clone, Copy)]
struct Region {
    side: usize,
    x: f32,
    top: f32,
    bottom: f32,
}

/// A paragraph or list item whose last two words are joined, so it never ends with one short
/// word alone on its line. Bold and italic stretches after the join move up by the one byte
/// the no-break space adds.
fn without_lone_last_word(block: rich::Block) -> rich::Block {
    let (text, Some(at)) = typography::no_lone_last_word(&block.text) else {
        return block;
    };
    let shift = |i: usize| if i > at { i + 1 } else { i };
    let spans = block
        .spans
        .into_iter()
        .map(|span| super::text::Span {
            range: shift(span.range.start)..shift(span.range.end),
            ..span
        })
        .collect();
    rich::Block {
        kind: block.kind,
        text,
        spans,
    }
}

/// Places the pieces through the regions in order. A piece that does not fit in what is left
/// of a region moves to the next, and a heading moves with the paragraph after it; on the last
/// region a piece that does not fit is left out and reported. Space left over in a region is
/// shared out between its pieces, mostly before headings and the quote, so the text fills the
/// page rather than leaving a band of white under it.
fn flow(
    pages: &mut [DesignPage],
    regions: &[Region],
    pieces: Vec<Piece>,
    sizes: &Sizes,
    warnings: &mut Vec<Warning>,
) {
    let (assigned, overflow) = assign_regions(&balanced(regions, &pieces), &pieces);
    let mut pieces = pieces.into_iter();
    let fitting: Vec<Piece> = pieces.by_ref().take(assigned.len()).collect();
    let left_out: Vec<Piece> = pieces.collect();
    let mut pieces = fitting.into_iter().zip(assigned).peekable();
    for (index, region) in regions.iter().enumerate() {
        let mut here = Vec::new();
        while let Some((piece, _)) = pieces.next_if(|(_, r)| *r == index) {
            here.push(piece);
        }
        let needed: f32 = here.iter().map(|p| p.paragraph.height() + p.after).sum();
        let spare = (region.bottom - region.top - needed).max(0.0);
        let weights: Vec<f32> = (0..here.len())
            .map(|i| {
                here.get(i + 1)
                    .map_or(0.0, |next| space_weight(&here[i], next))
            })
            .collect();
        let total: f32 = weights.iter().sum();
        let unit = if total > 0.0 {
            (spare / total).min(sizes.body * MOST_EXTRA_SPACE_IN_LINES)
        } else {
            0.0
        };
        let mut y = region.top;
        for (piece, weight) in here.into_iter().zip(weights) {
            let after = piece.after + unit * weight;
            y = place(&mut pages[region.side], piece, region.x, y, sizes) + after;
        }
    }
    if let Some((_, index)) = overflow {
        report_overflow(pages, regions, &left_out, index, warnings);
    }
}

/// The regions with the columns of the last side made as short as they can be while the text
/// still fits, so that two columns come out about the same length rather than one full and
/// one nearly empty. Only where the page has columns and everything fits.
fn balanced(regions: &[Region], pieces: &[Piece]) -> Vec<Region> {
    let copy = |bottom_of: &dyn Fn(&Region) -> f32| -> Vec<Region> {
        regions
            .iter()
            .map(|r| Region {
                bottom: bottom_of(r),
                ..*r
            })
            .collect()
    };
    let last_side = regions.last().map_or(0, |r| r.side);
    let columns = regions.iter().filter(|r| r.side == last_side).count();
    if columns < 2 || assign_regions(regions, pieces).1.is_some() {
        return copy(&|r| r.bottom);
    }
    let (mut short, mut tall) = (0.0_f32, regions.last().map_or(0.0, |r| r.bottom - r.top));
    for _ in 0..20 {
        let height = (short + tall) / 2.0;
        let trial = copy(&|r| {
            if r.side == last_side {
                (r.top + height).min(r.bottom)
            } else {
                r.bottom
            }
        });
        if assign_regions(&trial, pieces).1.is_some() {
            short = height;
        } else {
            tall = height;
        }
    }
    copy(&|r| {
        if r.side == last_side {
            (r.top + tall).min(r.bottom)
        } else {
            r.bottom
        }
    })
}

/// Extra space for each share of a region's spare room, at most this many body lines.
const MOST_EXTRA_SPACE_IN_LINES: f32 = 0.8;

/// How much of a region's spare room goes between two pieces: most before a heading or the
/// quote, little between the items of a list.
fn space_weight(piece: &Piece, next: &Piece) -> f32 {
    match (piece.role, next.role) {
        (_, Role::Subheading | Role::Quote) => 3.0,
        (Role::ListItem, Role::ListItem) => 0.3,
        _ => 1.0,
    }
}

/// Which region each piece goes in, and the first piece that fits nowhere (with its region).
fn assign_regions(regions: &[Region], pieces: &[Piece]) -> (Vec<usize>, Option<(usize, usize)>) {
    let mut assigned = Vec::with_capacity(pieces.len());
    let mut index = 0;
    let mut y = regions.first().map_or(0.0, |r| r.top);
    for (i, piece) in pieces.iter().enumerate() {
        let height = piece.paragraph.height();
        // A heading goes with the paragraph after it (paragraphs are never split).
        let with_next = match pieces.get(i + 1) {
            Some(next) if piece.role == Role::Subheading => piece.after + next.paragraph.height(),
            _ => 0.0,
        };
        while y + height + with_next > regions[index].bottom && index + 1 < regions.len() {
            index += 1;
            y = regions[index].top;
        }
        if y + height > regions[index].bottom {
            return (assigned, Some((i, index)));
        }
        assigned.push(index);
        y += height + piece.after;
    }
    (assigned, None)
}

/// Reports the pieces that did not fit, and marks the place on the preview.
fn report_overflow(
    pages: &mut [DesignPage],
    regions: &[Region],
    left_out: &[Piece],
    index: usize,
    warnings: &mut Vec<Warning>,
) {
    let region = &regions[index];
    let side = region.side;
    let two_sided = regions.iter().any(|r| r.side == 1);
    let quote_only = left_out.len() == 1 && left_out[0].role == Role::Quote;
    let what = if quote_only {
        "The pull quote does not fit".to_string()
    } else if left_out.len() == 1 {
        "The last paragraph of the main text does not fit".to_string()
    } else {
        format!(
            "The last {} paragraphs of the main text (and the quote, if any) do not fit",
            left_out.len()
        )
    };
    let place = if two_sided { " on the back" } else { "" };
    warnings.push(warning(
        "text_overflow",
        format!("{what}{place}. Shorten the text, or choose \"Make the main text smaller if it does not fit\"."),
        if quote_only { "pullQuote" } else { "body" },
        (side + 1) as u8,
    ));
    let y = pages[side]
        .ops
        .iter()
        .filter_map(|op| match op {
            Op::Text { paragraph, y, .. } => Some(y + paragraph.height()),
            _ => None,
        })
        .filter(|bottom| *bottom <= region.bottom)
        .fold(region.top, f32::max);
    pages[side].ops.push(Op::Overflow {
        y: y.min(region.bottom),
        message: format!("{what} here."),
    });
}

/// Draws one piece (and its bullet or bar) at `y`; returns its bottom.
fn place(page: &mut DesignPage, piece: Piece, left: f32, y: f32, sizes: &Sizes) -> f32 {
    let height = piece.paragraph.height();
    let x = left + piece.indent;
    match piece.marker {
        Some(Marker::Bullet(dot)) => page.ops.push(Op::Text {
            paragraph: dot,
            x: left + sizes.body * 0.2,
            y,
            role: Role::Decoration,
        }),
        Some(Marker::Bar(colour)) => page.ops.push(Op::Band {
            x: left,
            y,
            w: sizes.body * 0.35,
            h: height,
            colour,
        }),
        None => {}
    }
    page.ops.push(Op::Text {
        paragraph: Box::new(piece.paragraph),
        x,
        y,
        role: piece.role,
    });
    y + height
}

/// Words in square brackets, such as "[Day and date]", are a blank for the group to fill in.
/// A template uses them wherever its starting text would otherwise print a made-up claim (a
/// date, a venue, step-free access). A blank prints as it is, so a forgotten one shows on the
/// proof, and the editor names each one until it is filled.
fn unfilled_blanks(design: &Design) -> Vec<Warning> {
    let event = &design.event;
    let fields = [
        ("headline", &design.headline),
        ("subheading", &design.subheading),
        ("body", &design.body),
        ("pullQuote", &design.pull_quote),
        ("callToAction", &design.call_to_action),
        ("eventDate", &event.date),
        ("eventTime", &event.time),
        ("eventPlace", &event.place),
        ("eventSpeakers", &event.speakers),
    ];
    fields
        .into_iter()
        .flat_map(|(field, text)| {
            blanks_in(text).into_iter().map(move |blank| {
                let message =
                    format!("Fill in \"{blank}\" before you print: it would print as it is.");
                warning("blank", message, field, 1)
            })
        })
        .collect()
}

/// The blanks in a text: short runs of words in square brackets, not Markdown links.
pub(crate) fn blanks_in(text: &str) -> Vec<&str> {
    let mut blanks = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        let after = &rest[open + 1..];
        let Some(close) = after.find([']', '[']) else {
            break;
        };
        let inside = &after[..close];
        let is_link = after[close..].starts_with("](");
        if after[close..].starts_with(']')
            && !is_link
            && !inside.trim().is_empty()
            && inside.len() <= 80
        {
            blanks.push(&rest[open..open + close + 2]);
        }
        rest = &after[close..];
    }
    blanks
}

/// Characters no bundled font has, named in one warning.
fn missing_characters(pages: &[DesignPage]) -> Option<Warning> {
    let mut missing = std::collections::BTreeSet::new();
    for page in pages {
        for op in &page.ops {
            if let Op::Text { paragraph, .. } = op {
                missing.extend(paragraph.missing_characters());
            }
        }
    }
    if missing.is_empty() {
        return None;
    }
    let list: String = missing
        .iter()
        .map(|c| format!("{c} (U+{:04X})", u32::from(*c)))
        .collect::<Vec<_>>()
        .join(", ");
    Some(warning(
        "missing_characters",
        format!(
            "Campaign Kit has no font for these characters, so they would print as empty boxes: {list}. Please remove them or use other words."
        ),
        "body",
        1,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::print::templates;

    /// Every line of every piece of text, as its words.
    fn lines(composed: &Composed) -> Vec<(Role, Vec<Vec<String>>)> {
        let mut all = Vec::new();
        for page in &composed.pages {
            for op in &page.ops {
                let Op::Text {
                    paragraph, role, ..
                } = op
                else {
                    continue;
                };
                let words = paragraph
                    .layout
                    .lines()
                    .map(|line| {
                        let text = paragraph.text.get(line.text_range()).unwrap_or("");
                        text.split_whitespace().map(str::to_string).collect()
                    })
                    .collect();
                all.push((*role, words));
            }
        }
        all
    }

    #[test]
    fn no_template_leaves_one_word_alone_on_the_last_line() {
        for template in templates::all() {
            let composed = compose(&template.new_design(), &template, &Assets::default());
            for (role, words) in lines(&composed) {
                let Some(last) = words.last() else { continue };
                if words.len() > 1 && role != Role::Decoration {
                    assert!(
                        last.len() > 1,
                        "{}: {role:?} ends with one word alone: {words:?}",
                        template.id
                    );
                }
            }
        }
    }

    #[test]
    fn a_venue_breaks_only_after_a_comma_and_quotes_are_curly() {
        let template = templates::by_id("meeting-poster").expect("shipped");
        let mut design = template.new_design();
        design.event.place = "St Mary's Church Hall, High Street, Kentish Town".into();
        design.body = "Ask \"who decides?\" at the meeting.".into();
        let composed = compose(&design, &template, &Assets::default());
        let all = lines(&composed);
        let text: String = all
            .iter()
            .flat_map(|(_, lines)| lines.iter().flatten())
            .map(|w| format!("{w} "))
            .collect();
        assert!(
            text.contains('\u{201c}') && text.contains("decides?\u{201d}"),
            "{text}"
        );
        assert!(text.contains("Mary\u{2019}s"), "{text}");
        for (_, lines) in &all {
            for line in lines {
                let joined = line.join(" ");
                assert!(
                    !joined.ends_with("High") && !joined.ends_with("Church"),
                    "a break inside a name: {joined}"
                );
            }
        }
    }

    #[test]
    fn a_photo_for_a_template_without_room_for_one_is_named_not_dropped_silently() {
        let mut template = templates::by_id("a6-flyer").expect("shipped");
        template.photo_share = 0.0;
        let photo = [0_u8; 16];
        let assets = Assets {
            photo: Some(&photo),
            ..Assets::default()
        };
        let composed = compose(&template.new_design(), &template, &assets);
        let warning = composed.warnings.iter().find(|w| w.code == "photo");
        assert!(
            warning.is_some_and(|w| w.message.contains("no room for a photo")),
            "{:?}",
            composed.warnings
        );
    }
}
