//! The privacy notice signers read before they sign: who holds their details, why, who sees
//! them, for how long, and their rights. It starts from a plain-English template naming the
//! group from "Our group" as the controller, and the organiser can edit it. Every change is a
//! new version, and each signature keeps the version its signer saw.

use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;
use ts_rs::TS;

use super::PetitionError;
use super::signer::Fields;
use crate::group::GroupDetails;

/// Stands in for the group's name until "Our group" is filled in; the kiosk and the paper
/// sheets refuse to start while it is there, so no one signs under an unnamed controller.
pub const NAME_PLACEHOLDER: &str = "[your group's name]";
const EMAIL_PLACEHOLDER: &str = "[your group's email]";
pub const MAX_NOTICE_CHARS: usize = 6_000;

/// One version of a petition's privacy notice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "PrivacyNotice")]
pub struct Notice {
    pub version: u32,
    pub text: String,
    pub created_at: String,
}

/// What the template needs to know about the petition.
pub struct NoticeFacts<'a> {
    pub group: &'a GroupDetails,
    pub addressee: &'a str,
    /// For the House of Commons the signed paper sheets themselves are handed in.
    pub to_commons: bool,
    pub fields: Fields,
    pub offers_opt_in: bool,
    pub retention_months: u32,
}

/// The notice a new petition starts with, in our own plain words.
pub fn template(facts: &NoticeFacts) -> String {
    let group = non_empty(&facts.group.name, NAME_PLACEHOLDER);
    let email = non_empty(&facts.group.contact_email, EMAIL_PLACEHOLDER);
    let mut collected = vec!["your name"];
    if facts.to_commons {
        collected.push("your address (written on the paper sheet)");
    }
    if facts.fields.postcode {
        collected.push("your postcode");
    }
    if facts.fields.email {
        collected.push("your email address");
    }
    if facts.fields.phone {
        collected.push("your phone number");
    }
    let collected = join_words(&collected);
    let months = facts.retention_months;
    let mut text = format!(
        "Who has your details: {group}, a local campaign group, looks after them (the law \
         calls us the controller). Contact us at {email}.\n\n\
         What we keep: {collected}, and when and where you signed.\n\n\
         Why: to show {addressee} how many local people back this petition. Signing shows your \
         view on a political question, so the law treats your details with extra care. We use \
         them only because you agree to it by signing after reading this.\n\n\
         Who sees them: our organisers. {handed_in} Nobody else gets your details, and we \
         never sell them.\n\n\
         How long: we delete your details within {months} months of handing the petition in, \
         and keep only the number of people who signed.",
        addressee = facts.addressee,
        handed_in = if facts.to_commons {
            "The paper sheets you sign, with your name and address, are given to an MP to \
             present to the House of Commons, as the House's rules require."
                .to_string()
        } else {
            format!(
                "When we hand the petition in, {} gets your name and the first part of your \
                 postcode (such as N1).",
                facts.addressee
            )
        },
    );
    if facts.offers_opt_in {
        text.push_str(
            "\n\nKeeping in touch: we will email you about other campaigns only if you tick the \
             separate box, and you can ask us to stop at any time.",
        );
    }
    text.push_str(&format!(
        "\n\nYour rights: you can ask to see your details, to correct them, or to have them \
         deleted. Write to {email}. If you are unhappy with how we look after them, you can \
         complain to the Information Commissioner's Office: ico.org.uk or 0303 123 1113."
    ));
    text
}

/// Whether a notice still has a gap the organiser must fill before anyone signs under it.
pub fn missing_details(text: &str) -> Option<String> {
    if text.contains(NAME_PLACEHOLDER) || text.contains(EMAIL_PLACEHOLDER) {
        return Some(
            "The privacy notice does not name your group or its email yet. Fill them in on \
             the Our group page, or edit the notice, before anyone signs."
                .into(),
        );
    }
    None
}

fn non_empty<'a>(value: &'a str, otherwise: &'a str) -> &'a str {
    if value.trim().is_empty() {
        otherwise
    } else {
        value.trim()
    }
}

/// "a, b and c".
fn join_words(words: &[&str]) -> String {
    match words {
        [] => String::new(),
        [one] => (*one).to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// The current (newest) notice of a petition.
pub fn current(conn: &Connection, petition_id: i64) -> Result<Notice, PetitionError> {
    conn.query_row(
        "SELECT version, text, created_at FROM privacy_notices WHERE petition_id = ?1
         ORDER BY version DESC LIMIT 1",
        [petition_id],
        row_to_notice,
    )
    .optional()?
    .ok_or(PetitionError::NotFound)
}

/// One version, as a signer saw it.
pub fn version(
    conn: &Connection,
    petition_id: i64,
    version: u32,
) -> Result<Option<Notice>, PetitionError> {
    Ok(conn
        .query_row(
            "SELECT version, text, created_at FROM privacy_notices
             WHERE petition_id = ?1 AND version = ?2",
            params![petition_id, version],
            row_to_notice,
        )
        .optional()?)
}

/// Saves `text` as a new version if it differs from the current one. Returns the version in
/// force afterwards.
pub(crate) fn save(
    conn: &Connection,
    petition_id: i64,
    text: &str,
    at: &str,
) -> Result<u32, PetitionError> {
    let text = text.trim();
    if text.is_empty() || text.chars().count() > MAX_NOTICE_CHARS {
        return Err(PetitionError::InvalidPetition(vec![
            crate::problem::FieldProblem {
                field: "notice".into(),
                message: format!(
                    "The privacy notice must have some text, and at most {MAX_NOTICE_CHARS} \
                     characters."
                ),
            },
        ]));
    }
    let newest: Option<(u32, String)> = conn
        .query_row(
            "SELECT version, text FROM privacy_notices WHERE petition_id = ?1
             ORDER BY version DESC LIMIT 1",
            [petition_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    match newest {
        Some((version, same)) if same == text => Ok(version),
        newest => {
            let version = newest.map_or(1, |(v, _)| v + 1);
            conn.execute(
                "INSERT INTO privacy_notices (petition_id, version, text, created_at)
                 VALUES (?1, ?2, ?3, ?4)",
                params![petition_id, version, text, at],
            )?;
            Ok(version)
        }
    }
}

fn row_to_notice(r: &rusqlite::Row) -> rusqlite::Result<Notice> {
    Ok(Notice {
        version: r.get(0)?,
        text: r.get(1)?,
        created_at: r.get(2)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(group: &GroupDetails) -> NoticeFacts<'_> {
        NoticeFacts {
            group,
            addressee: "Camden Council",
            to_commons: false,
            fields: Fields {
                postcode: true,
                email: true,
                phone: false,
            },
            offers_opt_in: true,
            retention_months: 6,
        }
    }

    #[test]
    fn the_template_names_the_group_the_fields_and_the_time_kept() {
        let group = GroupDetails {
            name: "KONP Camden".into(),
            contact_email: "camden@example.org".into(),
            ..GroupDetails::default()
        };
        let text = template(&facts(&group));
        assert!(text.contains("KONP Camden, a local campaign group"));
        assert!(text.contains("your name, your postcode and your email address"));
        assert!(text.contains("within 6 months"));
        assert!(text.contains("tick the separate box"));
        assert!(text.contains("ico.org.uk"));
        assert!(!text.contains("phone number"));
        assert_eq!(missing_details(&text), None);
    }

    #[test]
    fn for_the_commons_it_says_the_signed_sheets_go_to_an_mp() {
        let group = GroupDetails {
            name: "KONP Camden".into(),
            contact_email: "camden@example.org".into(),
            ..GroupDetails::default()
        };
        let text = template(&NoticeFacts {
            addressee: "the House of Commons",
            to_commons: true,
            ..facts(&group)
        });
        assert!(
            text.contains("with your name and address, are given to an MP"),
            "{text}"
        );
        assert!(!text.contains("first part of your postcode"));
    }

    #[test]
    fn a_group_without_a_name_leaves_a_gap_that_blocks_signing() {
        let text = template(&facts(&GroupDetails::default()));
        assert!(text.contains(NAME_PLACEHOLDER));
        assert!(missing_details(&text).is_some());
    }
}
