//! The recovery sheet: one A4 page with the recovery key in large print and as a QR code,
//! and what to do with it, in plain words. Printed and kept at home, it opens the data if
//! the passphrase is forgotten.

use chrono::NaiveDate;

use super::keys::RecoveryKey;
use crate::print::document::{Area, DocumentWriter, Style};
use crate::print::qr;
use crate::print::scheme::Rgb;

/// What the sheet says about where it belongs.
pub struct SheetDetails<'a> {
    /// The group's name from Our group, or empty.
    pub group: &'a str,
    /// The data folder, so a group with two laptops knows which sheet is which.
    pub data_folder: &'a str,
    pub made_on: NaiveDate,
}

const KEY_STYLE: Style = Style::Custom {
    size: 22.0,
    bold: true,
    colour: Rgb::BLACK,
};

/// The sheet as a PDF.
pub fn recovery_sheet(key: &RecoveryKey, details: &SheetDetails) -> Vec<u8> {
    let mut doc = DocumentWriter::new("Campaign Kit recovery sheet");
    doc.paragraph("Campaign Kit recovery sheet", Style::Title);
    let whose = match details.group.trim() {
        "" => "your group".to_string(),
        name => name.chars().take(80).collect(),
    };
    doc.paragraph(
        &format!(
            "This sheet opens the petitions and other data of {whose} on the laptop if the \
             passphrase is forgotten. Keep it safe, like a spare house key."
        ),
        Style::Body,
    );
    doc.gap(4.0);
    doc.paragraph("Your recovery key", Style::Heading);
    // The key sits beside its QR code, at a fixed place, so it is never split over lines.
    let top = 62.0;
    let groups: Vec<String> = key.grouped().split('-').map(str::to_owned).collect();
    doc.place_text(
        &groups[..4].join("  "),
        KEY_STYLE,
        Area {
            x: 20.0,
            y: top,
            width: 120.0,
            height: 12.0,
        },
    );
    doc.place_text(
        &groups[4..].join("  "),
        KEY_STYLE,
        Area {
            x: 20.0,
            y: top + 12.0,
            width: 120.0,
            height: 12.0,
        },
    );
    doc.place_text(
        "Type it with or without the spaces. Capital letters do not matter. The square code \
         holds the same key.",
        Style::Small,
        Area {
            x: 20.0,
            y: top + 27.0,
            width: 115.0,
            height: 8.0,
        },
    );
    if let Ok(code) = qr::encode(&key.plain()) {
        doc.place_qr(code, 150.0, top - 6.0, 40.0);
    }
    doc.move_down_to(top + 40.0);
    doc.paragraph(
        &format!(
            "Made on {} for the data in: {}",
            details.made_on.format("%-d %B %Y"),
            details.data_folder
        ),
        Style::Small,
    );
    doc.gap(3.0);
    doc.paragraph("Keep it at home", Style::Heading);
    for line in [
        "Print this sheet and keep it at home, with your other important papers.",
        "Never keep it in the laptop bag or stick it to the laptop. Anyone with this sheet and the laptop can read the signers' details.",
        "Once it is printed, delete the PDF file from the laptop.",
    ] {
        doc.list_item("•", line, Style::Body);
    }
    doc.gap(3.0);
    doc.paragraph("If the passphrase is forgotten", Style::Heading);
    for line in [
        "Start Campaign Kit. Where it asks for the passphrase, type the recovery key instead.",
        "Then open Our group and choose a new passphrase, so the next person can carry on.",
        "The key opens the backup copies of the data too.",
    ] {
        doc.list_item("•", line, Style::Body);
    }
    doc.gap(3.0);
    doc.paragraph("If protection is turned off and on again", Style::Heading);
    doc.paragraph(
        "A new recovery sheet is made and this one stops working. Then shred this one.",
        Style::Body,
    );
    doc.finish()
}
