//! Plain English for counts, so a message never says "1 signatures".

/// `n` with the word that fits it: `count(1, "repeat", "repeats")` is "1 repeat",
/// `count(3, ...)` is "3 repeats", and so is 0.
pub fn count(n: impl Into<u64>, one: &str, many: &str) -> String {
    match n.into() {
        1 => format!("1 {one}"),
        n => format!("{n} {many}"),
    }
}

#[cfg(test)]
mod tests {
    use super::count;

    #[test]
    fn one_takes_the_singular_and_every_other_count_the_plural() {
        assert_eq!(count(0u32, "row", "rows"), "0 rows");
        assert_eq!(count(1u32, "row", "rows"), "1 row");
        assert_eq!(count(2u32, "row", "rows"), "2 rows");
        assert_eq!(count(11u64, "copy", "copies"), "11 copies");
    }
}
