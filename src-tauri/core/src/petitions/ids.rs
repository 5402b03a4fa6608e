//! Ids that are the same on every laptop. A kiosk signature gets a random one. A line typed in
//! from a paper sheet, or a row read from a file, gets one made from what it is (the petition,
//! the sheet and line, or the row's contents), so typing the same line on two laptops, or
//! importing the same file twice, gives the same id, and merging adds it once.

use sha2::{Digest, Sha256};

/// A new random id: 32 hexadecimal characters.
pub fn random() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}

/// An id made from `parts`: the same parts always give the same id.
pub fn derived(parts: &[&str]) -> String {
    let mut hash = Sha256::new();
    for part in parts {
        // The length first, so ("ab", "c") and ("a", "bc") differ.
        hash.update((part.len() as u64).to_le_bytes());
        hash.update(part.as_bytes());
    }
    hex::encode(&hash.finalize()[..16])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derived_ids_depend_on_every_part_and_its_boundaries() {
        assert_eq!(derived(&["p", "3", "7"]), derived(&["p", "3", "7"]));
        assert_ne!(derived(&["p", "3", "7"]), derived(&["p", "3", "8"]));
        assert_ne!(derived(&["ab", "c"]), derived(&["a", "bc"]));
        assert_eq!(derived(&["x"]).len(), 32);
        // Ids already on laptops and in shared files must come out the same in every version.
        assert_eq!(
            derived(&["p", "3", "7"]),
            "60880a0515d95e1179d5659305769377"
        );
        assert_ne!(random(), random());
    }
}
