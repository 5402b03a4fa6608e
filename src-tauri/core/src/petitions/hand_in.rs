//! The hand-in pack: one PDF for the council, MP or board receiving the petition.
//!
//! 1. A cover letter from the group (its details from "Our group"): what is asked, how many
//!    signed, and when and where the signatures were collected.
//! 2. A count certificate: the count, what was and was not counted, by source and stall, with
//!    a line for an organiser to sign.
//! 3. The list of signers with only what the recipient needs: name and postcode district
//!    (as N1) by default, never email or phone.
//!
//! The PDF is tagged (headings, paragraphs, in reading order), so it can be read aloud.

use chrono::{Local, NaiveDate};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::PetitionError;
use super::petition::{self, Petition};
use super::progress::{self, COUNTED, Progress};
use crate::group::GroupDetails;
use crate::print::document::{DocumentWriter, Style};
use crate::words;

/// What goes in the list of signers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "HandInList")]
pub enum SignerList {
    /// Name and postcode district (N1): what most recipients need.
    NameAndDistrict,
    /// Name and full postcode, for a recipient who checks each signer's address.
    NameAndPostcode,
    /// No list: the letter and the certificate only.
    None,
}

/// Makes the pack's PDF. `today` is the letter's date.
pub fn render(
    conn: &Connection,
    petition_id: i64,
    group: &GroupDetails,
    list: SignerList,
    today: NaiveDate,
) -> Result<Vec<u8>, PetitionError> {
    let petition = petition::get(conn, petition_id)?;
    let figures = progress::progress(conn, petition_id)?;
    let signers = match (list, &petition.erased_on) {
        (SignerList::None, _) | (_, Some(_)) => Vec::new(),
        (kind, None) => signers(conn, petition_id, kind)?,
    };
    let mut pages = DocumentWriter::new(&format!("Petition: {}", petition.draft.title));
    cover_letter(&mut pages, &petition, &figures, group, today);
    certificate(&mut pages, &petition, &figures, group, today);
    if !signers.is_empty() {
        signer_list(&mut pages, &petition, &signers);
    }
    Ok(pages.finish())
}

/// Counted signers, in signing order: (name, district or postcode).
fn signers(
    conn: &Connection,
    petition_id: i64,
    kind: SignerList,
) -> Result<Vec<(String, String)>, PetitionError> {
    let place = if kind == SignerList::NameAndPostcode {
        "coalesce(postcode, '')"
    } else {
        "coalesce(district, '')"
    };
    let mut stmt = conn.prepare(&format!(
        "SELECT name, {place} FROM signatures
         WHERE petition_id = ?1 AND {COUNTED} AND erased = 0 AND name IS NOT NULL
         ORDER BY signed_at, id"
    ))?;
    let rows = stmt.query_map([petition_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn words_date(day: &str) -> String {
    NaiveDate::parse_from_str(day, "%Y-%m-%d")
        .map(|d| d.format("%-d %B %Y").to_string())
        .unwrap_or_else(|_| day.to_string())
}

fn cover_letter(
    pages: &mut DocumentWriter,
    petition: &Petition,
    figures: &Progress,
    group: &GroupDetails,
    today: NaiveDate,
) {
    pages.new_page();
    let contact: Vec<&str> = [
        group.name.as_str(),
        group.contact_email.as_str(),
        group.phone.as_str(),
        group.website.as_str(),
    ]
    .into_iter()
    .filter(|t| !t.trim().is_empty())
    .collect();
    pages.paragraph(&contact.join("\n"), Style::Small);
    pages.paragraph(&today.format("%-d %B %Y").to_string(), Style::Small);
    pages.paragraph(&format!("To {}", petition.draft.addressee), Style::Body);
    pages.gap(4.0);
    pages.paragraph(&format!("Petition: {}", petition.draft.title), Style::Title);
    let group_name = if group.name.trim().is_empty() {
        "our group"
    } else {
        group.name.trim()
    };
    pages.paragraph(
        &format!(
            "On behalf of {group_name}, we hand you this petition, signed by {}.",
            words::count(figures.valid, "person", "people")
        ),
        Style::Body,
    );
    pages.paragraph("What the petitioners ask", Style::Heading);
    pages.paragraph(&petition.draft.prayer, Style::Body);
    if !petition.draft.background.is_empty() {
        pages.paragraph("Why", Style::Heading);
        pages.paragraph(&petition.draft.background, Style::Body);
    }
    pages.paragraph("How the signatures were collected", Style::Heading);
    pages.paragraph(&collected_words(figures), Style::Body);
    let reply = if group.contact_email.trim().is_empty() {
        "We would be grateful for your reply.".to_string()
    } else {
        format!(
            "We would be grateful for your reply to {}.",
            group.contact_email.trim()
        )
    };
    pages.paragraph(&reply, Style::Body);
    pages.paragraph(&format!("Yours sincerely,\n\n\n{group_name}"), Style::Body);
}

/// "Between 14 March 2026 and 2 April 2026, at 3 stalls (...), by 120 on paper sheets ..."
fn collected_words(figures: &Progress) -> String {
    let days: Vec<&str> = figures.by_day.iter().map(|t| t.label.as_str()).collect();
    let when = match (days.first(), days.last()) {
        (Some(first), Some(last)) if first == last => format!("On {}", words_date(first)),
        (Some(first), Some(last)) => {
            format!("Between {} and {}", words_date(first), words_date(last))
        }
        _ => "So far no one has signed".to_string(),
    };
    // Signatures with no stall (typed in, or from files) are covered by "How" below.
    let places: Vec<String> = figures
        .by_stall
        .iter()
        .filter(|t| t.label != "No stall")
        .map(|t| format!("{} ({})", t.label, words::with_commas(t.count)))
        .collect();
    let where_words = if places.is_empty() {
        String::new()
    } else {
        format!(" Where: {}.", places.join("; "))
    };
    let how: Vec<String> = figures
        .by_source
        .iter()
        .map(|t| format!("{}: {}", t.label, words::with_commas(t.count)))
        .collect();
    format!("{when}.{where_words} How: {}.", how.join("; "))
}

fn certificate(
    pages: &mut DocumentWriter,
    petition: &Petition,
    figures: &Progress,
    group: &GroupDetails,
    today: NaiveDate,
) {
    pages.new_page();
    pages.paragraph("Count certificate", Style::Title);
    pages.paragraph(
        &format!(
            "The petition \"{}\" to {} was signed by {}.",
            petition.draft.title,
            petition.draft.addressee,
            words::count(figures.valid, "person", "people")
        ),
        Style::Strong,
    );
    pages.paragraph(&collected_words(figures), Style::Body);
    pages.paragraph(
        &format!(
            "Not counted: {} that repeated an earlier one, and {} withdrawn at the signer's \
             request. Possible repeats still waiting for review when this was made, and so \
             counted: {}.",
            words::count(figures.rejected, "signature", "signatures"),
            words::count(figures.withdrawn, "signature", "signatures"),
            words::with_commas(figures.flagged)
        ),
        Style::Body,
    );
    pages.paragraph(
        &format!(
            "Counted by Campaign Kit on {}. Petition code {}.",
            today.format("%-d %B %Y"),
            petition.code
        ),
        Style::Small,
    );
    pages.gap(18.0);
    let who = if group.name.trim().is_empty() {
        String::new()
    } else {
        format!(" for {}", group.name.trim())
    };
    pages.signature_line(&format!("Signed{who}"));
    pages.signature_line("Name");
    pages.signature_line("Date");
}

fn signer_list(pages: &mut DocumentWriter, petition: &Petition, signers: &[(String, String)]) {
    pages.new_page();
    pages.paragraph("The signers", Style::Title);
    pages.paragraph(
        &format!(
            "{} signed \"{}\". Each is listed with the first part of their postcode only.",
            words::count(signers.len() as u64, "person", "people"),
            petition.draft.title
        ),
        Style::Small,
    );
    for (n, (name, place)) in signers.iter().enumerate() {
        let line = if place.is_empty() {
            format!("{}. {name}", n + 1)
        } else {
            format!("{}. {name}, {place}", n + 1)
        };
        pages.paragraph(&line, Style::Small);
    }
}

/// The pack as of today.
pub fn render_today(
    conn: &Connection,
    petition_id: i64,
    group: &GroupDetails,
    list: SignerList,
) -> Result<Vec<u8>, PetitionError> {
    render(conn, petition_id, group, list, Local::now().date_naive())
}

/// Makes today's pack with the group's details and saves it at `path` (whole or not at all).
/// A pack with a list of signers holds personal data, so saving one is noted in the audit
/// log, as CSV exports are.
pub fn save(
    store: &crate::store::Store,
    petition_id: i64,
    list: SignerList,
    path: &std::path::Path,
) -> Result<(), PetitionError> {
    let group = crate::group::load(store)
        .map(|g| g.details)
        .unwrap_or_default();
    let pdf = render_today(store.conn(), petition_id, &group, list)?;
    crate::files::write_whole(path, &pdf).map_err(|reason| PetitionError::File {
        message: format!("The hand-in pack was not saved: {reason}."),
    })?;
    if list != SignerList::None {
        let code = petition::get(store.conn(), petition_id)?.code;
        let which = match list {
            SignerList::NameAndPostcode => "names and full postcodes",
            _ => "names and postcode districts",
        };
        crate::audit::record(
            store.conn(),
            "hand_in_pack_saved",
            &format!("{code}: a hand-in pack with the signers' {which}"),
            Local::now(),
        )?;
    }
    Ok(())
}
