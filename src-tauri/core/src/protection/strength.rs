//! How easy a passphrase is to guess, in words, by zxcvbn (the estimator Dropbox made, which
//! knows common passwords, names, dates, keyboard runs and words with numbers stuck on).

use serde::Serialize;
use ts_rs::TS;

/// What the protection screen shows under the passphrase box as it is typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Strength {
    /// 0 (guessed at once) to 4 (strong), for the meter.
    pub score: u8,
    /// "Too easy to guess", "Could be guessed", "Nearly strong enough" or "Strong".
    pub words: String,
    /// What would make it better, if anything.
    pub advice: String,
    /// Whether it is good enough to protect the data with.
    pub good_enough: bool,
}

/// The lowest score accepted: zxcvbn's top one, more than ten thousand million guesses.
/// Signers' political opinions are worth guarding well, and four ordinary words reach it.
const GOOD_ENOUGH: u8 = 4;

const ADVICE: &str = "Try four or more ordinary words that do not usually go together, such \
                      as \"kettle orange bicycle Tuesday\".";

/// Rates `passphrase`. `about_us` are words a guesser would try first (the group's name).
pub fn rate(passphrase: &str, about_us: &[&str]) -> Strength {
    if passphrase.is_empty() {
        return Strength {
            score: 0,
            words: "Type a passphrase".into(),
            advice: ADVICE.into(),
            good_enough: false,
        };
    }
    // zxcvbn compares its dictionaries with the passphrase in lower case.
    let about_us: Vec<String> = about_us.iter().map(|w| w.to_lowercase()).collect();
    let about_us: Vec<&str> = about_us.iter().map(String::as_str).collect();
    let entropy = zxcvbn::zxcvbn(passphrase, &about_us);
    let score = u8::from(entropy.score());
    let words = match score {
        0 | 1 => "Too easy to guess",
        2 => "Could be guessed",
        3 => "Nearly strong enough",
        _ => "Strong",
    };
    let warning = entropy
        .feedback()
        .and_then(|f| f.warning())
        .map(|w| format!("{w} "))
        .unwrap_or_default();
    let good_enough = score >= GOOD_ENOUGH;
    Strength {
        score,
        words: words.into(),
        advice: if good_enough {
            String::new()
        } else {
            format!("{warning}{ADVICE}")
        },
        good_enough,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_and_personal_passwords_are_refused_and_long_phrases_pass() {
        for weak in [
            "password1",
            "Password123!",
            "qwertyuiop",
            "nhs2026",
            "Keep Our NHS",
        ] {
            let rated = rate(weak, &["Keep", "Our", "NHS", "Public"]);
            assert!(!rated.good_enough, "{weak}: {rated:?}");
            assert!(rated.advice.contains("ordinary words"), "{rated:?}");
        }
        for strong in [
            "kettle orange bicycle tuesday",
            "window lantern seventeen marmalade",
        ] {
            let rated = rate(strong, &[]);
            assert!(rated.good_enough, "{strong}: {rated:?}");
        }
        let strong = rate("kettle orange bicycle tuesday", &[]);
        assert!(strong.advice.is_empty());
        assert_eq!(rate("", &[]).words, "Type a passphrase");
    }
}
