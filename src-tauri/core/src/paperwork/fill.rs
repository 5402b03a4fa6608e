//! Putting the details in: `{recipient.name}`, `{group.name}`, `{today}` and the rest are
//! replaced by the person's, the group's and today's details when a letter is previewed,
//! printed or saved, so one text serves a mail merge to twelve councillors.
//!
//! A detail that is not known (no one chosen yet, no group email in "Our group") becomes a
//! blank in square brackets, which the warnings name, so it can never print unnoticed.

use chrono::NaiveDate;

use super::people::PersonDetails;
use crate::group::GroupDetails;
use crate::print::compose::Warning;

/// What the details are filled from.
pub struct Details<'a> {
    pub group: &'a GroupDetails,
    pub person: Option<&'a PersonDetails>,
    pub date: NaiveDate,
}

/// The date as a letter gives it: "27 November 2026".
pub fn date_words(date: NaiveDate) -> String {
    date.format("%-d %B %Y").to_string()
}

/// Every detail a text can use, with the blank it becomes when not known.
const PLACEHOLDERS: [(&str, &str); 11] = [
    ("recipient.name", "[their name]"),
    ("recipient.role", "[their role]"),
    ("recipient.organisation", "[their organisation]"),
    ("recipient.area", "[their constituency or ward]"),
    ("group.name", "[your group's name]"),
    ("group.email", "[your group's email]"),
    ("group.phone", "[your group's phone number]"),
    ("group.website", "[your group's website]"),
    ("group.area", "[your area]"),
    ("today", "[today's date]"),
    ("questions", ""),
];

fn value(key: &str, details: &Details<'_>) -> Option<String> {
    let person = details.person;
    let group = details.group;
    let text = match key {
        "recipient.name" => person.map(|p| p.name.clone()),
        "recipient.role" => person.map(|p| p.role.clone()),
        "recipient.organisation" => person.map(|p| p.organisation.clone()),
        "recipient.area" => person.map(|p| p.area.clone()),
        "group.name" => Some(group.name.clone()),
        "group.email" => Some(group.contact_email.clone()),
        "group.phone" => Some(group.phone.clone()),
        "group.website" => Some(group.website.clone()),
        "group.area" => Some(group.local_area.clone()),
        "today" => Some(date_words(details.date)),
        _ => None,
    };
    text.map(|t| t.trim().to_string()).filter(|t| !t.is_empty())
}

/// `text` with every known detail put in; details not known become blanks. `{questions}` is
/// left for the layout, which sets the ticked questions as a numbered list there.
pub fn fill(text: &str, details: &Details<'_>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let key = after.find('}').map(|close| &after[..close]);
        match key.and_then(|k| PLACEHOLDERS.iter().find(|(name, _)| *name == k)) {
            Some(("questions", _)) => out.push_str("{questions}"),
            Some((name, blank)) => match value(name, details) {
                Some(v) => out.push_str(&v),
                None => out.push_str(blank),
            },
            None => {
                out.push('{');
                rest = after;
                continue;
            }
        }
        rest = &after[key.map_or(0, str::len) + 1..];
    }
    out.push_str(rest);
    out
}

/// The details a text uses that are not known, as warnings saying where to add them.
pub fn missing_details(texts: &[&str], details: &Details<'_>) -> Vec<Warning> {
    let mut warnings = Vec::new();
    for (name, _) in PLACEHOLDERS.iter().filter(|(n, _)| *n != "questions") {
        let used = texts.iter().any(|t| t.contains(&format!("{{{name}}}")));
        if !used || value(name, details).is_some() {
            continue;
        }
        let message = match name.split_once('.') {
            Some(("recipient", _)) if details.person.is_none() => {
                "Choose who it is to: their name and address are filled in from the address book."
                    .to_string()
            }
            Some(("recipient", what)) => format!(
                "The address book has no {} for {}: add it there, or fill the blank by hand.",
                recipient_words(what),
                details
                    .person
                    .map(|p| p.name.as_str())
                    .unwrap_or("this person")
            ),
            _ => format!(
                "This uses your group's {}, which is not in Our group yet: add it there.",
                group_words(name)
            ),
        };
        if !warnings.iter().any(|w: &Warning| w.message == message) {
            warnings.push(Warning {
                code: "missing_detail".into(),
                message,
                field: (*name).into(),
                side: 1,
            });
        }
    }
    warnings
}

fn recipient_words(what: &str) -> &'static str {
    match what {
        "name" => "name",
        "role" => "role",
        "organisation" => "organisation",
        _ => "constituency or ward",
    }
}

fn group_words(name: &str) -> &'static str {
    match name {
        "group.name" => "name",
        "group.email" => "email",
        "group.phone" => "phone number",
        "group.website" => "website",
        _ => "area",
    }
}

/// Blanks still in a text (`[like this]`), each as a warning.
pub fn blanks(field: &str, text: &str) -> Vec<Warning> {
    crate::print::compose::blanks_in(text)
        .into_iter()
        .map(|blank| Warning {
            code: "blank".into(),
            message: format!("Fill in \"{blank}\": it would go out as it is."),
            field: field.into(),
            side: 1,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn group() -> GroupDetails {
        GroupDetails {
            name: "KONP Camden".into(),
            contact_email: "camden@example.org".into(),
            ..GroupDetails::default()
        }
    }

    fn person() -> PersonDetails {
        PersonDetails {
            name: "Jane Smith".into(),
            role: "MP".into(),
            area: "Holborn and St Pancras".into(),
            ..PersonDetails::default()
        }
    }

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 27).unwrap_or_default()
    }

    #[test]
    fn details_are_put_in() {
        let (g, p) = (group(), person());
        let details = Details {
            group: &g,
            person: Some(&p),
            date: day(),
        };
        assert_eq!(
            fill(
                "Dear {recipient.name}, MP for {recipient.area}. {today}. {group.name}",
                &details
            ),
            "Dear Jane Smith, MP for Holborn and St Pancras. 27 November 2026. KONP Camden"
        );
        assert!(missing_details(&["Dear {recipient.name}"], &details).is_empty());
    }

    #[test]
    fn unknown_details_become_blanks_and_are_named() {
        let g = GroupDetails::default();
        let details = Details {
            group: &g,
            person: None,
            date: day(),
        };
        let text = "Dear {recipient.name}, from {group.name} ({group.email})";
        let filled = fill(text, &details);
        assert_eq!(
            filled,
            "Dear [their name], from [your group's name] ([your group's email])"
        );
        assert_eq!(blanks("body", &filled).len(), 3);
        let warnings = missing_details(&[text], &details);
        assert_eq!(warnings.len(), 3, "{warnings:?}");
        assert!(warnings[0].message.starts_with("Choose who it is to"));
        assert!(warnings.iter().any(|w| w.message.contains("group's email")));
    }

    #[test]
    fn braces_that_are_not_details_stay_as_they_are() {
        let g = group();
        let details = Details {
            group: &g,
            person: None,
            date: day(),
        };
        assert_eq!(fill("a {b} c { d", &details), "a {b} c { d");
        assert_eq!(fill("{questions}", &details), "{questions}");
        assert_eq!(fill("ends with {", &details), "ends with {");
    }
}
