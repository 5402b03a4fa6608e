//! The printed page of each kind of paperwork, made with the print engine's document writer.
//!
//! - A letter (and an FOI request, and a public question) is on the group's letterhead: its
//!   logo, name and contact details. The person's address sits where the window of a DL or C5
//!   envelope shows it (DIN 5008 form B: 20 mm from the left edge, 45 mm from the top, 85 by
//!   45 mm), as Royal Mail asks: post town in capitals, postcode on its own line.
//! - A motion: its title, what the meeting notes, believes and resolves, and lines for the
//!   proposer and seconder.
//! - A press release by the usual pattern: "PRESS RELEASE", the date and embargo, the
//!   headline, the story, "ENDS", notes to editors and who to contact.
//!
//! A mail merge is one part per person: each letter starts on a new page, numbered from 1.
//! The words are written as short Markdown-like text (see [`blocks`]).

use chrono::NaiveDate;

use super::documents::DocumentText;
use super::fill::{self, Details};
use super::people::PersonDetails;
use super::templates::Kind;
use crate::group::GroupDetails;
use crate::print::compose::Warning;
use crate::print::document::{Area, DocumentWriter, Style};
use crate::print::scheme::Rgb;

/// The address field of a window envelope, in mm from the page's top-left corner.
pub const WINDOW: Area = Area {
    x: 20.0,
    y: 45.0,
    width: 85.0,
    height: 45.0,
};
/// Where the letter's text starts, below the window.
const TEXT_STARTS_MM: f32 = 98.0;

/// The group's side of the page: its details and logo.
pub struct Letterhead<'a> {
    pub group: &'a GroupDetails,
    pub logo: Option<&'a [u8]>,
}

/// A finished PDF and what the writer should know before sending it.
pub struct Rendered {
    pub pdf: Vec<u8>,
    pub warnings: Vec<Warning>,
    pub pages: u32,
}

/// One block of a document's words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// `## Heading`
    Heading(String),
    Paragraph(String),
    /// `- item` (or `* item`)
    Bullet(String),
    /// `1. item`
    Numbered(u32, String),
    /// An extra empty line: room to sign above a name.
    Gap,
}

/// Splits words into blocks: paragraphs are separated by an empty line; a line starting
/// `## ` is a heading, `- ` a bullet, `1. ` a numbered item; each extra empty line is a gap.
pub fn blocks(text: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut paragraph: Vec<&str> = Vec::new();
    let mut blank_run = 0;
    let flush = |paragraph: &mut Vec<&str>, out: &mut Vec<Block>| {
        if !paragraph.is_empty() {
            out.push(Block::Paragraph(paragraph.join("\n")));
            paragraph.clear();
        }
    };
    for line in text.lines() {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            flush(&mut paragraph, &mut out);
            blank_run += 1;
            if blank_run > 1 && !out.is_empty() {
                out.push(Block::Gap);
            }
            continue;
        }
        blank_run = 0;
        if let Some(heading) = trimmed.strip_prefix("## ") {
            flush(&mut paragraph, &mut out);
            out.push(Block::Heading(heading.trim().to_string()));
        } else if let Some(item) = trimmed
            .strip_prefix("- ")
            .or_else(|| trimmed.strip_prefix("* "))
        {
            flush(&mut paragraph, &mut out);
            out.push(Block::Bullet(item.trim().to_string()));
        } else if let Some((n, item)) = numbered(trimmed) {
            flush(&mut paragraph, &mut out);
            out.push(Block::Numbered(n, item.to_string()));
        } else if paragraph.is_empty()
            && let Some(last) = out.last_mut()
            && matches!(last, Block::Bullet(_) | Block::Numbered(..))
            && line.starts_with([' ', '\t'])
        {
            // An indented line carries on the item above it.
            match last {
                Block::Bullet(t) | Block::Numbered(_, t) => {
                    t.push(' ');
                    t.push_str(trimmed);
                }
                _ => {}
            }
        } else {
            paragraph.push(trimmed);
        }
    }
    flush(&mut paragraph, &mut out);
    while out.last() == Some(&Block::Gap) {
        out.pop();
    }
    out
}

fn numbered(line: &str) -> Option<(u32, &str)> {
    let (number, rest) = line.split_once(". ")?;
    if number.is_empty() || number.len() > 3 || !number.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    Some((number.parse().ok()?, rest.trim()))
}

/// The document's words for one person, filled in, as blocks: the ticked FOI questions are
/// numbered where the text says `{questions}`.
pub fn filled_blocks(text: &DocumentText, details: &Details<'_>) -> Vec<Block> {
    let body = fill::fill(&text.body, details);
    let mut out = Vec::new();
    for block in blocks(&body) {
        if block == Block::Paragraph("{questions}".into()) {
            for (n, question) in text.chosen_questions().iter().enumerate() {
                out.push(Block::Numbered(n as u32 + 1, fill::fill(question, details)));
            }
        } else {
            out.push(block);
        }
    }
    out
}

/// The date a document carries: the day it was sent, or today for a draft.
pub fn document_date(sent_on: Option<&str>, today: NaiveDate) -> NaiveDate {
    sent_on
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        .unwrap_or(today)
}

/// Everything the writer should hear about before it goes: blanks, missing details, no
/// questions ticked.
pub fn warnings(text: &DocumentText, details: &Details<'_>) -> Vec<Warning> {
    let mut texts = vec![text.title.as_str(), text.body.as_str()];
    if text.kind == Kind::PressRelease {
        texts.extend([text.notes.as_str(), text.embargo.as_str()]);
    }
    let chosen = text.chosen_questions();
    texts.extend(chosen.iter().copied());
    let mut warnings = fill::missing_details(&texts, details);
    for (field, words) in [
        ("title", &text.title),
        ("body", &text.body),
        ("notes", &text.notes),
        ("embargo", &text.embargo),
    ] {
        warnings.extend(fill::blanks(field, &fill::fill(words, details)));
    }
    for question in &chosen {
        warnings.extend(fill::blanks("questions", question));
    }
    if text.kind == Kind::Foi && chosen.is_empty() {
        warnings.push(Warning {
            code: "no_questions".into(),
            message: "Tick at least one question to ask.".into(),
            field: "questions".into(),
            side: 1,
        });
    }
    // A detail missing for every person is named once.
    let mut seen = std::collections::HashSet::new();
    warnings.retain(|w| seen.insert(w.message.clone()));
    warnings
}

/// The PDF: one part per person (or one with blanks where the person goes, if none).
pub fn render(
    text: &DocumentText,
    people: &[PersonDetails],
    letterhead: &Letterhead<'_>,
    date: NaiveDate,
) -> Rendered {
    // The PDF's own title (shown by PDF viewers and read aloud first), for the first person.
    let first = Details {
        group: letterhead.group,
        person: people.first(),
        date,
    };
    let title = match fill::fill(text.title.trim(), &first) {
        title if title.is_empty() => "Letter".to_string(),
        title => title,
    };
    let mut writer = DocumentWriter::new(&title);
    let mut warnings = Vec::new();
    let everyone: Vec<Option<&PersonDetails>> = if people.is_empty() {
        vec![None]
    } else {
        people.iter().map(Some).collect()
    };
    for person in everyone {
        let details = Details {
            group: letterhead.group,
            person,
            date,
        };
        warnings.extend(self::warnings(text, &details));
        writer.start_part();
        match text.kind {
            Kind::Letter | Kind::Foi => letter(&mut writer, text, &details, letterhead),
            Kind::Motion => motion(&mut writer, text, &details),
            Kind::PressRelease => press_release(&mut writer, text, &details, letterhead),
        }
    }
    let mut seen = std::collections::HashSet::new();
    warnings.retain(|w| seen.insert(w.message.clone()));
    let pages = writer.page_count();
    Rendered {
        pdf: writer.finish(),
        warnings,
        pages,
    }
}

/// The group's colour if it reads well as text on white paper; black otherwise.
fn brand(group: &GroupDetails) -> Rgb {
    let hex = group.brand_colour.trim_start_matches('#');
    let channel = |i: usize| {
        hex.get(i..i + 2)
            .and_then(|h| u8::from_str_radix(h, 16).ok())
    };
    match (channel(0), channel(2), channel(4)) {
        (Some(r), Some(g), Some(b)) if Rgb(r, g, b).contrast(Rgb::WHITE) >= 4.5 => Rgb(r, g, b),
        _ => Rgb::BLACK,
    }
}

/// The group's logo, name and contact details across the top of the first page.
fn letterhead(writer: &mut DocumentWriter, head: &Letterhead<'_>) {
    let group = head.group;
    let colour = brand(group);
    let mut text_x = 20.0;
    if let Some(logo) = head.logo {
        let area = Area {
            x: 20.0,
            y: 12.0,
            width: 34.0,
            height: 18.0,
        };
        let description = format!("{} logo", group.name.trim());
        if writer.place_picture(logo, area, description.trim()) {
            text_x = 60.0;
        }
    }
    let width = 190.0 - text_x;
    let name = if group.name.trim().is_empty() {
        "[your group's name]"
    } else {
        group.name.trim()
    };
    let name_style = Style::Custom {
        size: 16.0,
        bold: true,
        colour,
    };
    let used = writer.place_text(
        name,
        name_style,
        Area {
            x: text_x,
            y: 12.0,
            width,
            height: 12.0,
        },
    );
    let contact: Vec<&str> = [&group.contact_email, &group.phone, &group.website]
        .into_iter()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .collect();
    if !contact.is_empty() {
        writer.place_text(
            &contact.join("  ·  "),
            Style::Small,
            Area {
                x: text_x,
                y: 12.0 + used + 1.0,
                width,
                height: 8.0,
            },
        );
    }
    writer.rule(33.0, colour);
}

fn letter(
    writer: &mut DocumentWriter,
    text: &DocumentText,
    details: &Details<'_>,
    head: &Letterhead<'_>,
) {
    letterhead(writer, head);
    address(writer, details.person);
    writer.place_text(
        &fill::date_words(details.date),
        Style::Body,
        Area {
            x: 125.0,
            y: WINDOW.y,
            width: 65.0,
            height: 10.0,
        },
    );
    writer.move_down_to(TEXT_STARTS_MM);
    let subject = fill::fill(text.title.trim(), details);
    let mut blocks = filled_blocks(text, details);
    // By custom the subject line comes after "Dear ...,".
    let greeting = matches!(blocks.first(), Some(Block::Paragraph(p)) if p.starts_with("Dear"));
    if greeting && let Some(first) = blocks.first().cloned() {
        draw_block(writer, &first);
        blocks.remove(0);
    }
    if !subject.is_empty() {
        writer.paragraph(&subject, Style::Strong);
    }
    for block in &blocks {
        draw_block(writer, block);
    }
}

/// The person's name and address in the envelope window, at 11 pt or smaller if the address
/// is long, never outside the window.
fn address(writer: &mut DocumentWriter, person: Option<&PersonDetails>) {
    let lines = match person {
        Some(p) => p.envelope_lines(),
        None => vec!["[their name]".into(), "[their address]".into()],
    };
    let text = lines.join("\n");
    let mut size = 11.0;
    while size > 7.0 {
        let style = Style::Custom {
            size,
            bold: false,
            colour: Rgb::BLACK,
        };
        if writer.measure(&text, style, WINDOW.width) <= WINDOW.height {
            break;
        }
        size -= 0.5;
    }
    writer.place_text(
        &text,
        Style::Custom {
            size,
            bold: false,
            colour: Rgb::BLACK,
        },
        WINDOW,
    );
}

fn motion(writer: &mut DocumentWriter, text: &DocumentText, details: &Details<'_>) {
    let group = details.group.name.trim();
    let label = if group.is_empty() {
        "Motion".to_string()
    } else {
        format!("Motion from {group}")
    };
    writer.paragraph(
        &label,
        Style::Custom {
            size: 11.0,
            bold: true,
            colour: brand(details.group),
        },
    );
    writer.paragraph(&fill::fill(text.title.trim(), details), Style::Title);
    for block in filled_blocks(text, details) {
        draw_block(writer, &block);
    }
    writer.gap(8.0);
    writer.signature_line("Proposed by");
    writer.signature_line("Seconded by");
    writer.signature_line("Date passed");
}

fn press_release(
    writer: &mut DocumentWriter,
    text: &DocumentText,
    details: &Details<'_>,
    head: &Letterhead<'_>,
) {
    letterhead(writer, head);
    writer.move_down_to(40.0);
    writer.paragraph(
        "PRESS RELEASE",
        Style::Custom {
            size: 22.0,
            bold: true,
            colour: brand(details.group),
        },
    );
    writer.paragraph(&fill::date_words(details.date), Style::Body);
    let embargo = fill::fill(text.embargo.trim(), details);
    let embargo = if embargo.is_empty() {
        "For immediate release".to_string()
    } else {
        embargo
    };
    writer.paragraph(&embargo, Style::Strong);
    writer.gap(2.0);
    writer.paragraph(&fill::fill(text.title.trim(), details), Style::Title);
    for block in filled_blocks(text, details) {
        draw_block(writer, &block);
    }
    writer.paragraph("ENDS", Style::Strong);
    let notes = fill::fill(&text.notes, details);
    if !notes.trim().is_empty() {
        writer.paragraph("Notes to editors", Style::Heading);
        for block in blocks(&notes) {
            draw_block(writer, &block);
        }
    }
    writer.paragraph("Contact", Style::Heading);
    let group = details.group;
    let contact: Vec<&str> = [
        &group.name,
        &group.contact_email,
        &group.phone,
        &group.website,
    ]
    .into_iter()
    .map(|s| s.trim())
    .filter(|s| !s.is_empty())
    .collect();
    let contact = if contact.is_empty() {
        "[your group's name, email and phone number]".to_string()
    } else {
        contact.join("\n")
    };
    writer.paragraph(&contact, Style::Body);
}

fn draw_block(writer: &mut DocumentWriter, block: &Block) {
    match block {
        Block::Heading(t) => writer.paragraph(t, Style::Heading),
        Block::Paragraph(t) => writer.paragraph(t, Style::Body),
        Block::Bullet(t) => writer.list_item("•", t, Style::Body),
        Block::Numbered(n, t) => writer.list_item(&format!("{n}."), t, Style::Body),
        Block::Gap => writer.gap(6.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_become_blocks() {
        let text = "Dear Jane,\n\n## This branch notes\n\n1. One\n2. Two\n   and more\n- A\n\nYours,\n\n\n\nKONP";
        assert_eq!(
            blocks(text),
            [
                Block::Paragraph("Dear Jane,".into()),
                Block::Heading("This branch notes".into()),
                Block::Numbered(1, "One".into()),
                Block::Numbered(2, "Two and more".into()),
                Block::Bullet("A".into()),
                Block::Paragraph("Yours,".into()),
                Block::Gap,
                Block::Gap,
                Block::Paragraph("KONP".into()),
            ]
        );
    }

    #[test]
    fn a_year_at_the_start_of_a_line_is_not_a_list() {
        assert_eq!(
            blocks("2022. A big year"),
            [Block::Paragraph("2022. A big year".into())]
        );
    }
}
