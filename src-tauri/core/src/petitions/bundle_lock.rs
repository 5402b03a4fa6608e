//! Petition bundles that are safe to lose: locked with a passphrase the two organisers agree,
//! by age (scrypt, then ChaCha20-Poly1305 in chunks, each checked). Opened in a text editor,
//! a locked bundle says what it is and how to open it; the signers' details are not in it
//! in any readable form. A bundle cut short (a USB stick pulled out, a sync still copying)
//! fails its check and is refused whole, never merged in part.

use std::io::{Read, Write};

use age::armor::{ArmoredReader, ArmoredWriter, Format};
use age::secrecy::SecretString;

use super::PetitionError;

/// What a locked bundle says about itself, before the locked part.
pub const INTRODUCTION: &str = "\
Campaign Kit petition bundle, locked with a passphrase.
It holds signers' names and details, which cannot be read without the passphrase.
To use it: open Campaign Kit, go to Petitions, choose \"Merge a bundle from another laptop\",
and type the passphrase the organisers agreed when it was saved.

";
const BEGIN: &[u8] = b"-----BEGIN AGE ENCRYPTED FILE-----";
/// The same cost as the data's passphrase: a fifth of a second a try.
const WORK: u8 = 16;
const MAX_WORK: u8 = 20;

/// Whether `bytes` are a locked bundle.
pub fn is_locked(bytes: &[u8]) -> bool {
    locked_part(bytes).is_some()
}

fn locked_part(bytes: &[u8]) -> Option<&[u8]> {
    // The introduction is short; the armour starts within the first few hundred bytes.
    let head = &bytes[..bytes.len().min(2048)];
    let start = head.windows(BEGIN.len()).position(|w| w == BEGIN)?;
    Some(&bytes[start..])
}

/// What a laptop's file in a shared folder says about itself.
pub const SHARED_INTRODUCTION: &str = "\
Campaign Kit petitions from one of the group's laptops, locked with a passphrase.
It holds signers' names and details, which cannot be read without the passphrase.
Campaign Kit on the group's other laptops reads it from this shared folder: leave it here.

";

/// Writes `introduction`, then whatever `fill` writes, locked with `passphrase`.
pub fn write_locked(
    out: &mut dyn Write,
    introduction: &str,
    passphrase: &str,
    fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    out.write_all(introduction.as_bytes())?;
    let mut recipient = age::scrypt::Recipient::new(SecretString::from(passphrase.to_owned()));
    recipient.set_work_factor(WORK);
    let encryptor =
        age::Encryptor::with_recipients(std::iter::once(&recipient as &dyn age::Recipient))
            .map_err(std::io::Error::other)?;
    let armored = ArmoredWriter::wrap_output(out, Format::AsciiArmor)?;
    let mut writer = encryptor.wrap_output(armored)?;
    fill(&mut writer)?;
    writer.finish()?.finish()?;
    Ok(())
}

/// The contents of a locked bundle, read with `passphrase`, at most `limit` bytes.
pub fn open_locked(bytes: &[u8], passphrase: &str, limit: u64) -> Result<Vec<u8>, PetitionError> {
    let locked = locked_part(bytes).ok_or(PetitionError::BundleLocked)?;
    let damaged = || {
        PetitionError::Bundle(
            "That bundle is not complete or is damaged (it may not have finished copying). \
             Nothing was imported."
                .into(),
        )
    };
    let mut identity = age::scrypt::Identity::new(SecretString::from(passphrase.trim().to_owned()));
    identity.set_max_work_factor(MAX_WORK);
    let decryptor =
        age::Decryptor::new_buffered(ArmoredReader::new(locked)).map_err(|_| damaged())?;
    let reader = decryptor
        .decrypt(std::iter::once(&identity as &dyn age::Identity))
        .map_err(|e| match e {
            age::DecryptError::NoMatchingKeys | age::DecryptError::DecryptionFailed => {
                PetitionError::BundleWrongPassphrase
            }
            _ => damaged(),
        })?;
    let mut plain = Vec::new();
    // A chunk that fails its check (cut short, or changed) is an error here: nothing half-read
    // is ever passed on.
    reader
        .take(limit.saturating_add(1))
        .read_to_end(&mut plain)
        .map_err(|_| damaged())?;
    if plain.len() as u64 > limit {
        return Err(PetitionError::Bundle(
            "That bundle is too big for Campaign Kit to read. Nothing was imported.".into(),
        ));
    }
    Ok(plain)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn locked(text: &str, passphrase: &str) -> Vec<u8> {
        let mut out = Vec::new();
        write_locked(&mut out, INTRODUCTION, passphrase, |w| {
            w.write_all(text.as_bytes())
        })
        .expect("written");
        out
    }

    #[test]
    fn a_locked_bundle_says_what_it_is_and_opens_only_with_its_passphrase() {
        let bytes = locked(
            "{\"name\": \"Zebedee Quartermaine\"}",
            "kettle orange bicycle tuesday",
        );
        let text = String::from_utf8_lossy(&bytes);
        assert!(text.starts_with("Campaign Kit petition bundle, locked with a passphrase."));
        assert!(!text.contains("Zebedee"));
        assert!(is_locked(&bytes));
        let opened = open_locked(&bytes, " kettle orange bicycle tuesday ", 1000).expect("opens");
        assert_eq!(opened, b"{\"name\": \"Zebedee Quartermaine\"}");
        assert!(matches!(
            open_locked(&bytes, "kettle orange bicycle", 1000),
            Err(PetitionError::BundleWrongPassphrase)
        ));
    }

    #[test]
    fn a_bundle_cut_short_is_refused_whole() {
        let big: String = (0..20_000).map(|n| format!("Signer {n}\n")).collect();
        let bytes = locked(&big, "kettle orange bicycle tuesday");
        for keep in [
            bytes.len() * 9 / 10,
            bytes.len() / 2,
            INTRODUCTION.len() + 60,
        ] {
            let result = open_locked(&bytes[..keep], "kettle orange bicycle tuesday", 10_000_000);
            assert!(
                matches!(result, Err(PetitionError::Bundle(_))),
                "cut at {keep}: {result:?}"
            );
        }
    }
}
