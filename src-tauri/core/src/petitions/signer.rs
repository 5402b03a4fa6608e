//! A signer's details as typed (at the kiosk, from a paper sheet, from a file), checked and
//! tidied, plus the keys that duplicate checks compare.
//!
//! Names are kept exactly as typed (after trimming): `<script>` or `=HYPERLINK(...)` is a
//! string like any other, shown as text by the UI and made inert when exported to CSV.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::postcode::{self, PostcodeCheck};
use crate::problem::FieldProblem;

/// The longest name we keep. Real names are far shorter; a page of text is a mistake.
pub const MAX_NAME_CHARS: usize = 200;
const MAX_EMAIL_CHARS: usize = 254;
const MAX_PHONE_CHARS: usize = 30;

/// What a signer gives. Empty strings mean "not given".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export)]
pub struct SignerInput {
    pub name: String,
    pub postcode: String,
    pub email: String,
    pub phone: String,
    /// The separate "keep me informed" box; never ticked for them.
    pub opted_in: bool,
}

/// Which details a petition asks for. The name is always asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "SignerFields")]
pub struct Fields {
    pub postcode: bool,
    pub email: bool,
    pub phone: bool,
}

/// Details that passed the checks, in their standard form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedSigner {
    pub name: String,
    pub postcode: Option<String>,
    pub district: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub opted_in: bool,
    pub name_key: String,
    pub email_key: Option<String>,
}

impl SignerInput {
    /// Checks every field the petition asks for; the problems name each field, in plain words.
    /// A field the petition does not ask for is dropped, so it is never stored.
    pub fn check(&self, fields: Fields) -> Result<CheckedSigner, Vec<FieldProblem>> {
        let mut problems = Vec::new();
        let mut problem = |field: &str, message: String| {
            problems.push(FieldProblem {
                field: field.into(),
                message,
            })
        };

        let name = tidy(&self.name);
        let name_chars = name.chars().count();
        if name.is_empty() {
            problem("name", "Please write a name.".into());
        } else if name_chars > MAX_NAME_CHARS {
            problem(
                "name",
                format!(
                    "A name can be at most {MAX_NAME_CHARS} characters; this one has \
                     {name_chars}."
                ),
            );
        }

        let (mut postcode, mut district) = (None, None);
        if fields.postcode && !self.postcode.trim().is_empty() {
            match postcode::check(&self.postcode) {
                PostcodeCheck::Valid {
                    postcode: p,
                    district: d,
                } => (postcode, district) = (Some(p), Some(d)),
                PostcodeCheck::Invalid { reason, suggestion } => {
                    let message = match suggestion {
                        Some(fix) => format!("{reason} Did you mean {fix}?"),
                        None => reason,
                    };
                    problem("postcode", message);
                }
            }
        }

        let mut email = None;
        if fields.email && !self.email.trim().is_empty() {
            let typed = self.email.trim();
            match email_problem(typed) {
                None => email = Some(typed.to_string()),
                Some(why) => problem("email", why.into()),
            }
        }

        let mut phone = None;
        if fields.phone && !self.phone.trim().is_empty() {
            let typed = tidy(&self.phone);
            let digits = typed.chars().filter(char::is_ascii_digit).count();
            let allowed = |c: char| c.is_ascii_digit() || " +()-".contains(c);
            if typed.chars().count() > MAX_PHONE_CHARS || !typed.chars().all(allowed) {
                problem(
                    "phone",
                    "A phone number has only numbers, spaces and + ( ) -.".into(),
                );
            } else if !(10..=15).contains(&digits) {
                problem(
                    "phone",
                    "A phone number has 10 to 15 digits, such as 020 7946 0000.".into(),
                );
            } else {
                phone = Some(typed);
            }
        }

        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(CheckedSigner {
            name_key: name_key(&name),
            email_key: email.as_deref().map(email_key),
            name,
            postcode,
            district,
            email,
            phone,
            opted_in: self.opted_in,
        })
    }
}

/// Trims, turns runs of spaces (and tabs, new lines) into one space and drops other control
/// characters, which no one means to type.
fn tidy(text: &str) -> String {
    let spaced: String = text
        .chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .filter(|c| !c.is_control())
        .collect();
    spaced.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Why an email address cannot be right, or `None`. Deliberately loose: it catches slips
/// (no @, spaces, no dot in the domain), not every rule of the standard.
pub fn email_problem(email: &str) -> Option<&'static str> {
    if email.chars().count() > MAX_EMAIL_CHARS {
        return Some("An email address can be at most 254 characters.");
    }
    let Some((local, domain)) = email.rsplit_once('@') else {
        return Some("An email address has an @ in it, as name@example.org.");
    };
    if local.is_empty() || local.contains('@') {
        return Some("An email address has one @, with a name before it.");
    }
    if email.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Some("An email address has no spaces in it.");
    }
    let labels: Vec<&str> = domain.split('.').collect();
    let label_ok = |l: &&str| {
        !l.is_empty()
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.chars().all(|c| c.is_alphanumeric() || c == '-')
    };
    if labels.len() < 2 || !labels.iter().all(label_ok) {
        return Some("The part after the @ should look like example.org.");
    }
    None
}

/// Providers where `+anything` before the @ reaches the same inbox.
const PLUS_TAG_DOMAINS: &[&str] = &[
    "gmail.com",
    "googlemail.com",
    "outlook.com",
    "hotmail.com",
    "hotmail.co.uk",
    "live.co.uk",
    "icloud.com",
    "me.com",
    "proton.me",
    "protonmail.com",
    "fastmail.com",
];

/// The form two addresses are compared in: lower case; for Gmail, dots in the name do not
/// count and googlemail.com is gmail.com; for providers with sub-addressing, `+tag` is dropped.
pub fn email_key(email: &str) -> String {
    let lower = email.trim().to_lowercase();
    let Some((local, domain)) = lower.rsplit_once('@') else {
        return lower;
    };
    let domain = if domain == "googlemail.com" {
        "gmail.com"
    } else {
        domain
    };
    let mut local = local.to_string();
    if PLUS_TAG_DOMAINS.contains(&domain)
        && let Some((before, _tag)) = local.split_once('+')
    {
        local = before.to_string();
    }
    if domain == "gmail.com" {
        local.retain(|c| c != '.');
    }
    format!("{local}@{domain}")
}

/// The form two names are compared in: lower case, with full stops, commas and apostrophes
/// dropped and hyphens read as spaces, so "Mary-Jane O'Neil" matches "mary jane oneil".
pub fn name_key(name: &str) -> String {
    let lower: String = name
        .to_lowercase()
        .chars()
        .filter(|c| !matches!(c, '.' | ',' | '\'' | '’'))
        .map(|c| if c == '-' { ' ' } else { c })
        .collect();
    lower.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: Fields = Fields {
        postcode: true,
        email: true,
        phone: true,
    };

    fn input(name: &str, postcode: &str, email: &str) -> SignerInput {
        SignerInput {
            name: name.into(),
            postcode: postcode.into(),
            email: email.into(),
            ..SignerInput::default()
        }
    }

    fn fields_of(problems: &[FieldProblem]) -> Vec<&str> {
        problems.iter().map(|p| p.field.as_str()).collect()
    }

    #[test]
    fn details_are_tidied_and_keys_made() {
        let checked = input(
            "  Mary-Jane   O'Neil ",
            "n19gu",
            "Mary.Jane+petition@GoogleMail.com",
        )
        .check(ALL)
        .unwrap();
        assert_eq!(checked.name, "Mary-Jane O'Neil");
        assert_eq!(checked.postcode.as_deref(), Some("N1 9GU"));
        assert_eq!(checked.district.as_deref(), Some("N1"));
        assert_eq!(checked.name_key, "mary jane oneil");
        assert_eq!(
            checked.email_key.as_deref(),
            Some("maryjane@gmail.com"),
            "Gmail aliases fold together"
        );
    }

    #[test]
    fn email_aliases_fold_only_where_the_provider_does() {
        assert_eq!(email_key("A.B+x@gmail.com"), "ab@gmail.com");
        assert_eq!(email_key("a.b+x@outlook.com"), "a.b@outlook.com");
        // Elsewhere a dot or a plus may be a different person.
        assert_eq!(email_key("A.B+x@example.org"), "a.b+x@example.org");
    }

    #[test]
    fn empty_and_huge_names_are_refused_with_reasons() {
        let empty = input("   ", "", "").check(ALL).unwrap_err();
        assert_eq!(fields_of(&empty), ["name"]);
        let huge = input(&"x".repeat(10_000), "", "").check(ALL).unwrap_err();
        assert!(huge[0].message.contains("10000"), "{}", huge[0].message);
    }

    #[test]
    fn hostile_and_non_latin_names_are_kept_as_typed() {
        for name in [
            "<script>alert(1)</script>",
            "=HYPERLINK(\"http://evil\",\"x\")",
            "Siân Llŷr",
            "Zofia Łukasiewicz",
            "আমিনা বেগম",
            "محمد علی",
        ] {
            assert_eq!(input(name, "", "").check(ALL).unwrap().name, name);
        }
    }

    #[test]
    fn bad_postcodes_emails_and_phones_each_name_their_field() {
        let problems = input("Ann", "SW1A OAA", "ann.example.org")
            .check(ALL)
            .unwrap_err();
        assert_eq!(fields_of(&problems), ["postcode", "email"]);
        assert!(problems[0].message.contains("Did you mean SW1A 0AA?"));
        let phone = SignerInput {
            name: "Ann".into(),
            phone: "call me".into(),
            ..SignerInput::default()
        };
        assert_eq!(fields_of(&phone.check(ALL).unwrap_err()), ["phone"]);
        for bad in ["a@b", "a @b.org", "@b.org", "a@b..org", "a@-b.org"] {
            assert!(email_problem(bad).is_some(), "{bad}");
        }
        assert_eq!(email_problem("ann+x@bbc.co.uk"), None);
    }

    #[test]
    fn fields_the_petition_does_not_ask_for_are_not_kept() {
        let only_name = Fields {
            postcode: false,
            email: false,
            phone: false,
        };
        let checked = input("Ann", "not a postcode", "not an email")
            .check(only_name)
            .unwrap();
        assert_eq!((checked.postcode, checked.email), (None, None));
    }
}
