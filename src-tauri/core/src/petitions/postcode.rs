//! UK postcodes, checked by the shape Royal Mail uses.
//!
//! People type postcodes in every form: `n19gu`, `N1  9GU`, `n1 9gu `. All of those are the
//! same postcode, so we accept them and show it the standard way, `N1 9GU` (GOV.UK's advice).
//! A postcode that cannot exist is refused with the reason, and when swapping O for 0 or I for
//! 1 in the last three characters (an easy slip when typing from paper) would make it valid,
//! that fix is offered.
//!
//! The shapes (A is a letter, 9 a digit), outward part then inward part:
//! A9 9AA, A99 9AA, AA9 9AA, AA99 9AA, A9A 9AA, AA9A 9AA; plus GIR 0AA and BFPO numbers.

use serde::Serialize;
use ts_rs::TS;

/// The result of checking one typed postcode.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "kind", rename_all = "camelCase")]
#[ts(export)]
pub enum PostcodeCheck {
    /// A real-shaped postcode, written the standard way.
    Valid { postcode: String, district: String },
    /// Not a postcode; `reason` says why, and `suggestion` is the likely one if there is one.
    Invalid {
        reason: String,
        suggestion: Option<String>,
    },
}

/// Letters never used first (Q, V, X), second (I, J, Z) or in the inward part (C I K M O V).
const NOT_FIRST: &[char] = &['Q', 'V', 'X'];
const NOT_SECOND: &[char] = &['I', 'J', 'Z'];
const NOT_INWARD: &[char] = &['C', 'I', 'K', 'M', 'O', 'V'];
/// Letters allowed in the third place of A9A (as W1A) and the fourth of AA9A (as SW1A).
const THIRD_OF_A9A: &str = "ABCDEFGHJKPSTUW";
const FOURTH_OF_AA9A: &str = "ABEHMNPRVWXY";

/// Checks a postcode as typed. Case and spaces do not matter.
pub fn check(typed: &str) -> PostcodeCheck {
    let compact: String = typed
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_uppercase)
        .collect();
    match shape_problem(&compact) {
        None => valid(&compact),
        Some(reason) => PostcodeCheck::Invalid {
            reason: reason.to_string(),
            suggestion: swap_fix(&compact),
        },
    }
}

/// The standard form (`N1 9GU`), or `None` when it is not a valid postcode.
pub fn normalise(typed: &str) -> Option<String> {
    match check(typed) {
        PostcodeCheck::Valid { postcode, .. } => Some(postcode),
        PostcodeCheck::Invalid { .. } => None,
    }
}

/// The postcode district (outward part, as `N1` or `SW1A`) of a normalised postcode. Progress
/// counts signatures by district, and the hand-in list shows only the district.
pub fn district_of(postcode: &str) -> &str {
    postcode.split(' ').next().unwrap_or(postcode)
}

fn valid(compact: &str) -> PostcodeCheck {
    let postcode = if let Some(number) = compact.strip_prefix("BFPO") {
        format!("BFPO {number}")
    } else {
        let (outward, inward) = compact.split_at(compact.len() - 3);
        format!("{outward} {inward}")
    };
    let district = district_of(&postcode).to_string();
    PostcodeCheck::Valid { postcode, district }
}

/// Why `compact` (no spaces, upper case) is not a postcode, or `None` if it is one.
fn shape_problem(compact: &str) -> Option<&'static str> {
    if compact.is_empty() {
        return Some("The postcode is empty.");
    }
    if compact == "GIR0AA" {
        return None;
    }
    if let Some(number) = compact.strip_prefix("BFPO") {
        let ok = (1..=4).contains(&number.len()) && number.chars().all(|c| c.is_ascii_digit());
        return (!ok).then_some("A BFPO address is BFPO followed by a number of 1 to 4 digits.");
    }
    if !compact.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Some("A postcode has only letters and numbers.");
    }
    if !(5..=7).contains(&compact.len()) {
        return Some("A postcode has 5 to 7 letters and numbers, such as N1 9GU or SW1A 1AA.");
    }
    let (outward, inward) = compact.split_at(compact.len() - 3);
    inward_problem(inward).or_else(|| outward_problem(outward))
}

fn inward_problem(inward: &str) -> Option<&'static str> {
    let c: Vec<char> = inward.chars().collect();
    if !(c[0].is_ascii_digit() && c[1].is_ascii_alphabetic() && c[2].is_ascii_alphabetic()) {
        return Some(
            "The last three characters of a postcode are a number then two letters, as 9GU.",
        );
    }
    if NOT_INWARD.contains(&c[1]) || NOT_INWARD.contains(&c[2]) {
        return Some("The last two letters of a postcode are never C, I, K, M, O or V.");
    }
    None
}

fn outward_problem(outward: &str) -> Option<&'static str> {
    let c: Vec<char> = outward.chars().collect();
    let letter = |i: usize| c.get(i).is_some_and(|ch| ch.is_ascii_alphabetic());
    let digit = |i: usize| c.get(i).is_some_and(|ch| ch.is_ascii_digit());
    let shape_ok = match c.len() {
        2 => letter(0) && digit(1),
        3 => letter(0) && ((digit(1) && (digit(2) || letter(2))) || (letter(1) && digit(2))),
        4 => letter(0) && letter(1) && digit(2) && (digit(3) || letter(3)),
        _ => false,
    };
    if !shape_ok {
        return Some(
            "The first part of a postcode is one or two letters then a number, as N1, SW1A or B33.",
        );
    }
    if NOT_FIRST.contains(&c[0]) {
        return Some("A postcode never starts with Q, V or X.");
    }
    if letter(1) && NOT_SECOND.contains(&c[1]) {
        return Some("The second letter of a postcode is never I, J or Z.");
    }
    if c.len() == 3 && digit(1) && letter(2) && !THIRD_OF_A9A.contains(c[2]) {
        return Some("That letter cannot follow the number in the first part of a postcode.");
    }
    if c.len() == 4 && letter(3) && !FOURTH_OF_AA9A.contains(c[3]) {
        return Some("That letter cannot follow the number in the first part of a postcode.");
    }
    None
}

/// When the number in the last three characters was typed as the letter O or I, the
/// postcode with 0 or 1 there, if that one is valid.
fn swap_fix(compact: &str) -> Option<String> {
    if compact.len() < 5 || !compact.is_ascii() {
        return None;
    }
    let (outward, inward) = compact.split_at(compact.len() - 3);
    let fixed_digit = match inward.as_bytes()[0] {
        b'O' => '0',
        b'I' => '1',
        _ => return None,
    };
    let candidate = format!("{outward}{fixed_digit}{}", &inward[1..]);
    shape_problem(&candidate)
        .is_none()
        .then(|| match valid(&candidate) {
            PostcodeCheck::Valid { postcode, .. } => postcode,
            PostcodeCheck::Invalid { .. } => candidate,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(typed: &str) -> String {
        match check(typed) {
            PostcodeCheck::Valid { postcode, .. } => postcode,
            other => panic!("{typed:?} should be valid, got {other:?}"),
        }
    }

    fn bad(typed: &str) -> (String, Option<String>) {
        match check(typed) {
            PostcodeCheck::Invalid { reason, suggestion } => (reason, suggestion),
            other => panic!("{typed:?} should be invalid, got {other:?}"),
        }
    }

    #[test]
    fn every_royal_mail_shape_is_accepted_and_written_the_standard_way() {
        let table = [
            ("m1 1ae", "M1 1AE"),      // A9 9AA
            ("B33 8TH", "B33 8TH"),    // A99 9AA
            ("cr26xh", "CR2 6XH"),     // AA9 9AA
            ("DN55 1PT", "DN55 1PT"),  // AA99 9AA
            ("w1a 1hq", "W1A 1HQ"),    // A9A 9AA
            ("EC1A1BB", "EC1A 1BB"),   // AA9A 9AA
            ("n19gu", "N1 9GU"),       // the issue's own example
            ("  N1   9GU ", "N1 9GU"), // extra spaces
            ("sw1a 0aa", "SW1A 0AA"),  // the House of Commons
            ("gir0aa", "GIR 0AA"),     // Girobank, a special case
            ("BFPO 801", "BFPO 801"),  // forces post
            ("bfpo1234", "BFPO 1234"),
        ];
        for (typed, standard) in table {
            assert_eq!(ok(typed), standard, "{typed}");
        }
    }

    #[test]
    fn districts_are_the_first_part() {
        for (typed, district) in [("n19gu", "N1"), ("EC1A 1BB", "EC1A"), ("BFPO 801", "BFPO")] {
            match check(typed) {
                PostcodeCheck::Valid { district: d, .. } => assert_eq!(d, district),
                other => panic!("{other:?}"),
            }
        }
    }

    #[test]
    fn impossible_postcodes_are_refused_with_a_reason() {
        let table = [
            ("", "empty"),
            ("N1", "5 to 7"),
            ("N1 9GU 12", "a number then two letters"),
            ("SW1A 1AAA", "5 to 7"),
            ("N1-9GU", "only letters and numbers"),
            ("N1 99U", "a number then two letters"),
            ("Q1 1AA", "never starts with Q"),
            ("VA1 1AA", "never starts with Q"),
            ("XX1 1AA", "never starts with Q"),
            ("AZ1 1AA", "second letter"),
            ("AI1 1AA", "second letter"),
            ("N1 9GC", "never C, I, K"),
            ("N1 9OU", "never C, I, K"),
            ("111 1AA", "first part"),
            ("NNN 1AA", "first part"),
            ("W1I 1AA", "cannot follow"),
            ("EC1C 1AA", "cannot follow"),
            ("BFPO", "BFPO followed by"),
            ("BFPO 12345", "BFPO followed by"),
            ("N1 9GÜ", "only letters and numbers"),
            ("ن1 9GU", "only letters and numbers"),
        ];
        for (typed, why) in table {
            let (reason, _) = bad(typed);
            assert!(reason.contains(why), "{typed:?}: {reason}");
        }
    }

    #[test]
    fn o_and_i_typed_for_0_and_1_are_offered_as_a_fix() {
        assert_eq!(bad("SW1A OAA").1.as_deref(), Some("SW1A 0AA"));
        assert_eq!(bad("n1 igu").1.as_deref(), Some("N1 1GU"));
        // No fix is offered when swapping would not help.
        assert_eq!(bad("Q1 OAA").1, None);
        assert_eq!(bad("N1 99U").1, None);
    }

    #[test]
    fn normalise_and_district() {
        assert_eq!(normalise("n19gu").as_deref(), Some("N1 9GU"));
        assert_eq!(normalise("nonsense"), None);
        assert_eq!(district_of("SW1A 0AA"), "SW1A");
    }
}
