//! An email made ready in the person's own mail program: a `mailto:` address (RFC 6068) with
//! the recipients, subject and text filled in. Nothing is sent by Campaign Kit itself.
//!
//! Mail programs and Windows cut such addresses short: beyond about 2,000 characters the end
//! of the letter can be lost without a word. Past that the app says so and offers to copy
//! the text instead, to paste into a new email.

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};
use serde::Serialize;
use ts_rs::TS;

/// The longest `mailto:` address that opens whole in the common mail programs.
pub const MAX_MAILTO_CHARS: usize = 2000;

/// Everything but the characters RFC 6068 allows unencoded in a query value.
const QUERY: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'&')
    .add(b'+')
    .add(b',')
    .add(b'/')
    .add(b':')
    .add(b';')
    .add(b'<')
    .add(b'=')
    .add(b'>')
    .add(b'?')
    .add(b'@')
    .add(b'[')
    .add(b'\\')
    .add(b']')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// The email, ready to open or to copy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct EmailDraft {
    /// The `mailto:` address; `None` when it would be too long to open whole.
    pub mailto: Option<String>,
    pub to: Vec<String>,
    pub subject: String,
    pub body: String,
    /// People chosen who have no email address in the address book.
    pub without_email: Vec<String>,
}

/// The email to `to` (name, address) with `subject` and `body`.
pub fn draft(to: &[(String, String)], subject: &str, body: &str) -> EmailDraft {
    let addresses: Vec<String> = to
        .iter()
        .filter(|(_, email)| !email.trim().is_empty())
        .map(|(_, email)| email.trim().to_string())
        .collect();
    let without_email = to
        .iter()
        .filter(|(_, email)| email.trim().is_empty())
        .map(|(name, _)| name.clone())
        .collect();
    // Line ends as CR LF, as the standard asks.
    let body_crlf = body.replace("\r\n", "\n").replace('\n', "\r\n");
    let recipients: Vec<String> = addresses
        .iter()
        .map(|a| {
            utf8_percent_encode(a, QUERY)
                .to_string()
                .replace("%40", "@")
        })
        .collect();
    let address = format!(
        "mailto:{}?subject={}&body={}",
        recipients.join(","),
        utf8_percent_encode(subject, QUERY),
        utf8_percent_encode(&body_crlf, QUERY)
    );
    EmailDraft {
        mailto: (address.len() <= MAX_MAILTO_CHARS).then_some(address),
        to: addresses,
        subject: subject.to_string(),
        body: body.to_string(),
        without_email,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_email_opens_with_everything_filled_in() {
        let to = [(
            "Jane Smith".to_string(),
            "jane.smith.mp@parliament.uk".to_string(),
        )];
        let email = draft(&to, "Our NHS & you", "Dear Jane,\n\nIs 5 > 4? Yes.");
        assert_eq!(
            email.mailto.as_deref(),
            Some(
                "mailto:jane.smith.mp@parliament.uk?subject=Our%20NHS%20%26%20you\
                 &body=Dear%20Jane%2C%0D%0A%0D%0AIs%205%20%3E%204%3F%20Yes."
            )
        );
    }

    #[test]
    fn a_long_email_is_offered_for_copying_instead() {
        let to = [("A".to_string(), "a@example.org".to_string())];
        let email = draft(&to, "Subject", &"word ".repeat(1000));
        assert_eq!(email.mailto, None);
        assert_eq!(email.body.len(), 5000);
    }

    #[test]
    fn people_without_an_email_are_named() {
        let to = [
            ("A".to_string(), "a@example.org".to_string()),
            ("B".to_string(), String::new()),
        ];
        let email = draft(&to, "S", "B");
        assert_eq!(email.without_email, ["B"]);
        assert!(
            email
                .mailto
                .is_some_and(|m| m.starts_with("mailto:a@example.org?"))
        );
    }
}
