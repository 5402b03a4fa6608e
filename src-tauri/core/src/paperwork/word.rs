//! The same documents as Word files (`.docx`, written with the `docx-rs` crate), for a group
//! that wants to finish a letter in Word or LibreOffice, and as plain text for an email.
//!
//! Both are made from one list of [`Piece`]s in reading order, so the Word file, the email
//! and the PDF say the same. A mail merge in Word is one file per person, in a zip.

use std::io::{Cursor, Write};

use chrono::NaiveDate;
use docx_rs::{
    AlignmentType, BreakType, Docx, LineSpacing, PageMargin, Paragraph, Pic, Run, RunFonts,
    SpecialIndentType,
};

use super::PaperworkError;
use super::documents::DocumentText;
use super::fill::{self, Details};
use super::layout::{Block, Letterhead, blocks, filled_blocks};
use super::people::PersonDetails;
use super::templates::Kind;

/// One piece of a document in reading order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    /// The group's name at the top.
    Name(String),
    Title(String),
    Heading(String),
    Strong(String),
    Text(String),
    /// Contact details and the like.
    Small(String),
    Item(String, String),
    /// An empty line.
    Space,
    /// A line to sign on, with its label.
    Signature(String),
}

/// The pieces of one person's copy, letterhead and address included.
pub fn pieces(text: &DocumentText, details: &Details<'_>) -> Vec<Piece> {
    let group = details.group;
    let mut out = Vec::new();
    let contact = || {
        [&group.contact_email, &group.phone, &group.website]
            .into_iter()
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
    };
    let group_name = || {
        let name = group.name.trim();
        if name.is_empty() {
            "[your group's name]".to_string()
        } else {
            name.to_string()
        }
    };
    let date = fill::date_words(details.date);
    let title = fill::fill(text.title.trim(), details);
    match text.kind {
        Kind::Letter | Kind::Foi => {
            out.push(Piece::Name(group_name()));
            if !contact().is_empty() {
                out.push(Piece::Small(contact().join("  ·  ")));
            }
            out.push(Piece::Space);
            let lines = match details.person {
                Some(p) => p.envelope_lines(),
                None => vec!["[their name]".into(), "[their address]".into()],
            };
            out.push(Piece::Text(lines.join("\n")));
            out.push(Piece::Space);
            out.push(Piece::Text(date));
            out.push(Piece::Space);
            let mut body = filled_blocks(text, details);
            if let Some(Block::Paragraph(first)) = body.first()
                && first.starts_with("Dear")
            {
                out.push(Piece::Text(first.clone()));
                body.remove(0);
            }
            if !title.is_empty() {
                out.push(Piece::Strong(title));
            }
            out.extend(body.into_iter().map(piece));
        }
        Kind::Motion => {
            let label = if group.name.trim().is_empty() {
                "Motion".to_string()
            } else {
                format!("Motion from {}", group.name.trim())
            };
            out.push(Piece::Strong(label));
            out.push(Piece::Title(title));
            out.extend(filled_blocks(text, details).into_iter().map(piece));
            out.push(Piece::Space);
            for label in ["Proposed by", "Seconded by", "Date passed"] {
                out.push(Piece::Signature(label.into()));
            }
        }
        Kind::PressRelease => {
            out.push(Piece::Name(group_name()));
            if !contact().is_empty() {
                out.push(Piece::Small(contact().join("  ·  ")));
            }
            out.push(Piece::Title("PRESS RELEASE".into()));
            out.push(Piece::Text(date));
            let embargo = fill::fill(text.embargo.trim(), details);
            out.push(Piece::Strong(if embargo.is_empty() {
                "For immediate release".into()
            } else {
                embargo
            }));
            out.push(Piece::Title(title));
            out.extend(filled_blocks(text, details).into_iter().map(piece));
            out.push(Piece::Strong("ENDS".into()));
            let notes = fill::fill(&text.notes, details);
            if !notes.trim().is_empty() {
                out.push(Piece::Heading("Notes to editors".into()));
                out.extend(blocks(&notes).into_iter().map(piece));
            }
            out.push(Piece::Heading("Contact".into()));
            let mut who = vec![group_name()];
            who.extend(contact());
            out.push(Piece::Text(who.join("\n")));
        }
    }
    out
}

fn piece(block: Block) -> Piece {
    match block {
        Block::Heading(t) => Piece::Heading(t),
        Block::Paragraph(t) => Piece::Text(t),
        Block::Bullet(t) => Piece::Item("•".into(), t),
        Block::Numbered(n, t) => Piece::Item(format!("{n}."), t),
        Block::Gap => Piece::Space,
    }
}

/// The words for an email: no letterhead, no address (the mail program has them).
pub fn email_text(text: &DocumentText, details: &Details<'_>) -> String {
    let mut lines: Vec<String> = Vec::new();
    let all = pieces(text, details);
    // A letter's email starts at "Dear ...": the letterhead, address and date are left out.
    let start = match text.kind {
        Kind::Letter | Kind::Foi => all
            .iter()
            .position(|p| matches!(p, Piece::Text(t) if t.starts_with("Dear")))
            .unwrap_or(0),
        _ => 0,
    };
    for piece in &all[start..] {
        match piece {
            Piece::Name(t)
            | Piece::Title(t)
            | Piece::Heading(t)
            | Piece::Strong(t)
            | Piece::Text(t)
            | Piece::Small(t) => lines.push(t.clone()),
            Piece::Item(marker, t) => lines.push(format!("{marker} {t}")),
            Piece::Space => {}
            Piece::Signature(label) => lines.push(format!("{label}: ")),
        }
    }
    lines.join("\n\n")
}

/// Twentieths of a point per millimetre, the unit Word measures pages in.
fn twips(mm: f32) -> i32 {
    (mm * 56.693).round() as i32
}

fn run(text: &str) -> Run {
    // Each line of the text is kept as a line in Word.
    let mut run = Run::new();
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            run = run.add_break(BreakType::TextWrapping);
        }
        run = run.add_text(line);
    }
    run
}

fn paragraph(piece: &Piece) -> Paragraph {
    match piece {
        Piece::Name(t) => Paragraph::new().add_run(run(t).bold().size(32)),
        Piece::Title(t) => Paragraph::new().add_run(run(t).bold().size(36)),
        Piece::Heading(t) => Paragraph::new().add_run(run(t).bold().size(26)),
        Piece::Strong(t) => Paragraph::new().add_run(run(t).bold()),
        Piece::Text(t) => Paragraph::new().add_run(run(t)),
        Piece::Small(t) => Paragraph::new().add_run(run(t).size(18)),
        Piece::Item(marker, t) => Paragraph::new()
            .add_run(run(&format!("{marker}\t{t}")))
            .indent(
                Some(twips(7.0)),
                Some(SpecialIndentType::Hanging(twips(7.0))),
                None,
                None,
            ),
        Piece::Space => Paragraph::new(),
        Piece::Signature(label) => {
            Paragraph::new().add_run(run(&format!("{label}: ______________________________")))
        }
    }
}

/// The group's logo as Word wants it (PNG), at most 34 by 18 mm; `None` if it cannot be read.
fn logo_picture(bytes: &[u8]) -> Option<Pic> {
    let image = image::load_from_memory(bytes).ok()?;
    let (w, h) = (image.width().max(1) as f32, image.height().max(1) as f32);
    let mut png = Cursor::new(Vec::new());
    image.write_to(&mut png, image::ImageFormat::Png).ok()?;
    let scale = (34.0 / w).min(18.0 / h);
    let emu = |mm: f32| (mm * 36_000.0).round() as u32;
    Some(
        Pic::new_with_dimensions(png.into_inner(), w as u32, h as u32)
            .size(emu(w * scale), emu(h * scale)),
    )
}

/// One person's copy (or one with blanks, for no one) as a Word file.
pub fn docx(
    text: &DocumentText,
    person: Option<&PersonDetails>,
    head: &Letterhead<'_>,
    date: NaiveDate,
) -> Result<Vec<u8>, PaperworkError> {
    let details = Details {
        group: head.group,
        person,
        date,
    };
    let mut doc = Docx::new()
        .page_size(11906, 16838) // A4, in twips
        .page_margin(
            PageMargin::new()
                .top(twips(20.0))
                .bottom(twips(20.0))
                .left(twips(20.0))
                .right(twips(20.0)),
        )
        .default_size(22) // 11 pt, in half-points
        // Arial is on every Windows and Mac; LibreOffice shows its twin, Liberation Sans.
        .default_fonts(RunFonts::new().ascii("Arial").hi_ansi("Arial").cs("Arial"));
    let with_letterhead = matches!(text.kind, Kind::Letter | Kind::Foi | Kind::PressRelease);
    if with_letterhead && let Some(picture) = head.logo.and_then(logo_picture) {
        doc = doc.add_paragraph(Paragraph::new().add_run(Run::new().add_image(picture)));
    }
    for piece in pieces(text, &details) {
        // Space after each paragraph, as in the PDF (in twentieths of a point).
        let after = match piece {
            Piece::Item(..) | Piece::Name(_) => 80,
            _ => 140,
        };
        let mut p = paragraph(&piece).line_spacing(LineSpacing::new().after(after));
        if piece == Piece::Strong("ENDS".into()) {
            p = p.align(AlignmentType::Center);
        }
        doc = doc.add_paragraph(p);
    }
    let mut out = Cursor::new(Vec::new());
    doc.build()
        .pack(&mut out)
        .map_err(|_| PaperworkError::Output)?;
    Ok(out.into_inner())
}

/// A mail merge as Word files: one per person, named after them, in one zip.
pub fn docx_zip(
    text: &DocumentText,
    people: &[PersonDetails],
    head: &Letterhead<'_>,
    date: NaiveDate,
) -> Result<Vec<u8>, PaperworkError> {
    let mut out = Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut out);
        let options = zip::write::SimpleFileOptions::default();
        let stem = crate::files::slug(&text.title, "letter");
        for (n, person) in people.iter().enumerate() {
            let file = docx(text, Some(person), head, date)?;
            let name = format!(
                "{:02}-{}-{}.docx",
                n + 1,
                crate::files::slug(&person.name, "person"),
                stem
            );
            zip.start_file(name, options)
                .map_err(|_| PaperworkError::Output)?;
            zip.write_all(&file).map_err(|_| PaperworkError::Output)?;
        }
        zip.finish().map_err(|_| PaperworkError::Output)?;
    }
    Ok(out.into_inner())
}

/// The text of a Word file, a paragraph a line: for the tests, which open each file again.
pub fn read_back(bytes: &[u8]) -> Result<Vec<String>, PaperworkError> {
    let doc = docx_rs::read_docx(bytes)
        .map_err(|_| PaperworkError::File("That Word file could not be read.".into()))?;
    let mut paragraphs = Vec::new();
    for child in doc.document.children {
        let docx_rs::DocumentChild::Paragraph(p) = child else {
            continue;
        };
        let mut text = String::new();
        for child in &p.children {
            let docx_rs::ParagraphChild::Run(run) = child else {
                continue;
            };
            for part in &run.children {
                match part {
                    docx_rs::RunChild::Text(t) => text.push_str(&t.text),
                    docx_rs::RunChild::Break(_) => text.push('\n'),
                    _ => {}
                }
            }
        }
        paragraphs.push(text);
    }
    Ok(paragraphs)
}
