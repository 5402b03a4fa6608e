//! Small typesetting rules applied to a design's words before they are laid out, as a
//! typesetter would: curly quotes and apostrophes, and words that belong together kept on one
//! line ("High Street", "42 areas", "Dr Khan", "7pm to 8.30pm").

/// A space that lines never break at.
pub const NO_BREAK: char = '\u{a0}';

/// Words that, after a capitalised word, make a place's name: "High Street", "Barnet
/// Hospital", "Church Hall".
const PLACE_WORDS: &[&str] = &[
    "Avenue", "Centre", "Center", "Church", "Close", "Court", "Crescent", "Drive", "Gardens",
    "Green", "Hall", "Hill", "Hospital", "House", "Lane", "Park", "Place", "Road", "Row", "Square",
    "Street", "Terrace", "Way",
];

/// Titles that stay with the name after them.
const TITLES: &[&str] = &["Dr", "Mr", "Mrs", "Ms", "Mx", "Sir", "St", "Cllr", "Prof"];

/// Curly quotes, and no line break inside a place's name, after a title, or between a number
/// and the word it counts.
pub fn polish(text: &str) -> String {
    keep_together(&curly_quotes(text))
}

/// A short line of a meeting's details (date, time, place): it may break after a comma, and
/// nowhere else, so "St Mary's Church Hall, High Street" never splits inside "High Street".
pub fn detail_line(text: &str) -> String {
    polish(text)
        .split(", ")
        .map(|part| {
            if part.chars().count() <= 28 {
                part.replace(' ', &NO_BREAK.to_string())
            } else {
                part.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// A paragraph's last two words joined, so that it never ends with one word alone on its line
/// (when the last word is short enough for that to look right).
pub fn no_lone_last_word(text: &str) -> (String, Option<usize>) {
    let trimmed = text.trim_end();
    let Some(at) = trimmed.rfind(' ') else {
        return (text.to_string(), None);
    };
    let last_word = &trimmed[at + 1..];
    let words = trimmed.split_whitespace().count();
    if words < 4 || last_word.chars().count() > 12 {
        return (text.to_string(), None);
    }
    let mut joined = String::with_capacity(text.len() + 1);
    joined.push_str(&text[..at]);
    joined.push(NO_BREAK);
    joined.push_str(&text[at + 1..]);
    (joined, Some(at))
}

fn curly_quotes(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut previous: Option<char> = None;
    for c in text.chars() {
        let opens =
            previous.is_none_or(|p| p.is_whitespace() || "([{\u{2014}\u{2013}-/".contains(p));
        let replaced = match c {
            '"' if opens => '\u{201c}',
            '"' => '\u{201d}',
            '\'' if opens => '\u{2018}',
            '\'' => '\u{2019}',
            other => other,
        };
        out.push(replaced);
        previous = Some(c);
    }
    out
}

fn keep_together(text: &str) -> String {
    let words: Vec<&str> = text.split(' ').collect();
    let mut out = String::with_capacity(text.len() + 8);
    for (i, word) in words.iter().enumerate() {
        out.push_str(word);
        let Some(next) = words.get(i + 1) else { break };
        let joined = bare(next).is_some_and(|n| PLACE_WORDS.contains(&n)) && starts_upper(word)
            || TITLES.contains(&word.trim_matches(|c: char| !c.is_alphanumeric()))
                && starts_upper(next)
            || is_number(word) && next.chars().next().is_some_and(char::is_alphabetic);
        out.push(if joined { NO_BREAK } else { ' ' });
    }
    out
}

/// A word without punctuation after it ("Street," is "Street").
fn bare(word: &str) -> Option<&str> {
    let word = word.trim_end_matches(|c: char| !c.is_alphanumeric());
    (!word.is_empty()).then_some(word)
}

fn starts_upper(word: &str) -> bool {
    word.trim_start_matches(|c: char| !c.is_alphanumeric())
        .chars()
        .next()
        .is_some_and(char::is_uppercase)
}

/// "42", "£2", "3,000", "2021": a number, perhaps with a currency sign.
fn is_number(word: &str) -> bool {
    let digits = word.trim_start_matches(['£', '$', '€', '*']);
    !digits.is_empty()
        && digits
            .chars()
            .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
        && digits.chars().next().is_some_and(|c| c.is_ascii_digit())
        && digits.chars().last().is_some_and(|c| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_and_apostrophes_are_curly() {
        assert_eq!(
            curly_quotes(r#"England's "not yet clear" ('single pot')"#),
            "England\u{2019}s \u{201c}not yet clear\u{201d} (\u{2018}single pot\u{2019})"
        );
    }

    #[test]
    fn names_places_and_numbers_stay_on_one_line() {
        let nb = NO_BREAK;
        assert_eq!(
            polish("St Mary's Church Hall, High Street"),
            format!("St{nb}Mary\u{2019}s{nb}Church{nb}Hall, High{nb}Street")
        );
        assert_eq!(
            polish("England has 42 areas"),
            format!("England has 42{nb}areas")
        );
        assert_eq!(polish("Dr Khan spoke"), format!("Dr{nb}Khan spoke"));
        assert_eq!(polish("the high street"), "the high street", "only names");
        assert_eq!(
            polish("in 2021, they"),
            "in 2021, they",
            "not across a comma"
        );
    }

    #[test]
    fn meeting_details_break_only_after_commas() {
        let nb = NO_BREAK;
        assert_eq!(detail_line("7pm to 8.30pm"), format!("7pm{nb}to{nb}8.30pm"));
        assert_eq!(
            detail_line("Friends Meeting House, Mill Lane, Camden"),
            format!("Friends{nb}Meeting{nb}House, Mill{nb}Lane, Camden")
        );
    }

    #[test]
    fn a_paragraph_never_ends_with_one_short_word_alone() {
        let (text, at) = no_lone_last_word("Sign the petition and join us");
        assert_eq!(text, format!("Sign the petition and join{NO_BREAK}us"));
        assert_eq!(at, Some(26));
        assert_eq!(no_lone_last_word("Join us").1, None, "too short to matter");
    }
}
