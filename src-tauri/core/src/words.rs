//! Plain English for numbers, so a message never says "1 signatures" and a big count reads
//! the UK way: 12,345.

/// `n` with the word that fits it: `count(1, "repeat", "repeats")` is "1 repeat",
/// `count(12345, ...)` is "12,345 repeats", and 0 takes the plural too.
pub fn count(n: impl Into<u64>, one: &str, many: &str) -> String {
    match n.into() {
        1 => format!("1 {one}"),
        n => format!("{} {many}", with_commas(n)),
    }
}

/// A whole number written the UK way: 1,234,567.
pub fn with_commas(n: impl Into<u64>) -> String {
    let digits = n.into().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{count, with_commas};

    #[test]
    fn one_takes_the_singular_and_every_other_count_the_plural() {
        assert_eq!(count(0u32, "row", "rows"), "0 rows");
        assert_eq!(count(1u32, "row", "rows"), "1 row");
        assert_eq!(count(2u32, "row", "rows"), "2 rows");
        assert_eq!(count(12_345u64, "copy", "copies"), "12,345 copies");
    }

    #[test]
    fn thousands_are_marked_with_commas() {
        assert_eq!(with_commas(1_234_567u32), "1,234,567");
        assert_eq!(with_commas(999u32), "999");
        assert_eq!(with_commas(1000u32), "1,000");
        assert_eq!(with_commas(0u32), "0");
    }
}
