//! The two secrets behind a protected data folder.
//!
//! The **recovery key** is 160 random bits, written for people as 32 letters and digits in
//! groups of four (`7K3M-Q9XD-…`). The **data key** that SQLCipher uses is worked out from
//! it, so the recovery sheet opens the data even if the key file next to it is lost. The
//! organiser's passphrase only locks a copy of the recovery key (see `key_file`): changing
//! the passphrase never re-encrypts the data.

use sha2::{Digest, Sha256};

/// Crockford's base-32 letters: no I, L, O or U, so nothing reads as another character.
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const KEY_BYTES: usize = 20;
/// 160 bits at 5 bits a character.
const KEY_CHARS: usize = 32;
const GROUP: usize = 4;

/// The recovery key, as printed on the recovery sheet.
#[derive(Clone, PartialEq, Eq)]
pub struct RecoveryKey([u8; KEY_BYTES]);

/// The key SQLCipher encrypts the data with. Never written down anywhere.
#[derive(Clone, PartialEq, Eq)]
pub struct DataKey([u8; 32]);

// Secrets are never printed by accident in a log or a panic message.
impl std::fmt::Debug for RecoveryKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RecoveryKey(…)")
    }
}
impl std::fmt::Debug for DataKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DataKey(…)")
    }
}

impl RecoveryKey {
    /// A new key from the operating system's random numbers.
    pub fn generate() -> Result<RecoveryKey, getrandom::Error> {
        let mut bytes = [0u8; KEY_BYTES];
        getrandom::fill(&mut bytes)?;
        Ok(RecoveryKey(bytes))
    }

    pub(crate) fn from_bytes(bytes: &[u8]) -> Option<RecoveryKey> {
        bytes.try_into().ok().map(RecoveryKey)
    }

    pub(crate) fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// Reads a key as a person types it: any case, with or without spaces and dashes, and
    /// with O for 0 and I or L for 1, which people mix up. `None` if it is not a recovery key.
    pub fn parse(typed: &str) -> Option<RecoveryKey> {
        let mut bits: u64 = 0;
        let mut held = 0u32;
        let mut bytes = Vec::with_capacity(KEY_BYTES);
        let mut count = 0;
        for c in typed.chars() {
            if c.is_whitespace() || c == '-' {
                continue;
            }
            let c = match c.to_ascii_uppercase() {
                'O' => '0',
                'I' | 'L' => '1',
                other => other,
            };
            let value = ALPHABET.iter().position(|&a| a as char == c)? as u64;
            count += 1;
            bits = (bits << 5) | value;
            held += 5;
            if held >= 8 {
                held -= 8;
                bytes.push((bits >> held) as u8);
                bits &= (1 << held) - 1;
            }
        }
        (count == KEY_CHARS).then_some(())?;
        RecoveryKey::from_bytes(&bytes)
    }

    /// The key in groups of four, as printed: `7K3M-Q9XD-…` (eight groups).
    pub fn grouped(&self) -> String {
        let chars = self.plain();
        chars
            .as_bytes()
            .chunks(GROUP)
            .map(|group| String::from_utf8_lossy(group).into_owned())
            .collect::<Vec<_>>()
            .join("-")
    }

    /// The key's 32 characters with no dashes (what the QR code holds).
    pub fn plain(&self) -> String {
        let mut out = String::with_capacity(KEY_CHARS);
        let mut bits: u64 = 0;
        let mut held = 0u32;
        for &byte in &self.0 {
            bits = (bits << 8) | u64::from(byte);
            held += 8;
            while held >= 5 {
                held -= 5;
                out.push(ALPHABET[((bits >> held) & 31) as usize] as char);
            }
            bits &= (1 << held) - 1;
        }
        out
    }

    /// The data key this recovery key stands for.
    pub fn data_key(&self) -> DataKey {
        let mut hash = Sha256::new();
        hash.update(b"campaign-kit data key v1\0");
        hash.update(self.0);
        DataKey(hash.finalize().into())
    }
}

impl DataKey {
    /// The value for SQLCipher's `PRAGMA key` and `ATTACH … KEY`: a raw key in hex, so
    /// SQLCipher skips its own slow key stretching (the stretching is done once, by scrypt,
    /// on the passphrase).
    pub(crate) fn sqlcipher_value(&self) -> String {
        let hex: String = self.0.iter().map(|b| format!("{b:02X}")).collect();
        format!("x'{hex}'")
    }

    /// A short fingerprint kept in the key file, so a mistyped recovery key is told apart
    /// from a damaged data file without touching the data. It reveals nothing useful: the key
    /// has 160 random bits behind it.
    pub(crate) fn check(&self) -> String {
        let mut hash = Sha256::new();
        hash.update(b"campaign-kit key check v1\0");
        hash.update(self.0);
        hash.finalize()[..8]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_reads_back_however_it_is_typed() {
        let key = RecoveryKey::generate().expect("random");
        let grouped = key.grouped();
        assert_eq!(grouped.len(), 32 + 7, "{grouped}");
        assert_eq!(RecoveryKey::parse(&grouped), Some(key.clone()));
        let sloppy = grouped.to_lowercase().replace('-', " ");
        assert_eq!(RecoveryKey::parse(&sloppy), Some(key.clone()));
        let with_letter_o = key.plain().replace('0', "O").replace('1', "l");
        assert_eq!(RecoveryKey::parse(&with_letter_o), Some(key));
    }

    #[test]
    fn anything_else_is_not_a_recovery_key() {
        for typed in [
            "",
            "my long passphrase",
            "ABCD-EFGH",
            "UUUU-UUUU-UUUU-UUUU-UUUU-UUUU-UUUU-UUUU",
        ] {
            assert_eq!(RecoveryKey::parse(typed), None, "{typed}");
        }
        let key = RecoveryKey::generate().expect("random").plain();
        assert_eq!(RecoveryKey::parse(&key[..31]), None, "one character short");
        assert_eq!(RecoveryKey::parse(&format!("{key}7")), None, "one too many");
    }

    #[test]
    fn the_data_key_depends_on_every_part_of_the_recovery_key() {
        let a = RecoveryKey([0; KEY_BYTES]);
        let mut other = [0; KEY_BYTES];
        other[KEY_BYTES - 1] = 1;
        let b = RecoveryKey(other);
        assert_ne!(a.data_key(), b.data_key());
        assert_ne!(a.data_key().check(), b.data_key().check());
        assert!(a.data_key().sqlcipher_value().starts_with("x'"));
        assert_eq!(a.data_key().sqlcipher_value().len(), 64 + 3);
    }
}
