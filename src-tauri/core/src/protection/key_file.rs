//! `protection.key`, beside the data file: the recovery key, locked with the organiser's
//! passphrase by age (scrypt and ChaCha20-Poly1305). Opened in a text editor it says what it
//! is. Its presence is what marks a data folder as protected.

use std::io::Read;
use std::path::{Path, PathBuf};

use age::secrecy::SecretString;

use super::ProtectionError;
use super::keys::RecoveryKey;

pub const KEY_FILE: &str = "protection.key";

/// scrypt's cost, as a power of two: 2^16 takes about a fifth of a second and 64 MB on a
/// laptop, once per start. It makes each guess at a passphrase as slow, so there is no need
/// for a limit on tries (a limit could lock a group out of its own data).
const PASSPHRASE_WORK: u8 = 16;
/// Refuse files asking for more work than this (a file made to hang the app).
const MAX_WORK: u8 = 20;

const INTRODUCTION: &str = "\
Campaign Kit key file
This laptop's Campaign Kit data is protected. This file holds its key, locked with
the organiser's passphrase. Keep it beside the data file and do not change it.
If the passphrase is forgotten, the recovery sheet opens the data instead.
";

/// The key file's place in a data folder.
pub fn path(root: &Path) -> PathBuf {
    root.join(KEY_FILE)
}

/// The key file as read: the check of the data key, and the locked recovery key.
pub struct KeyFile {
    pub check: String,
    locked: Vec<u8>,
}

impl KeyFile {
    /// Locks `recovery` with `passphrase`.
    pub fn lock(recovery: &RecoveryKey, passphrase: &str) -> Result<KeyFile, ProtectionError> {
        let mut recipient = age::scrypt::Recipient::new(SecretString::from(passphrase.to_owned()));
        recipient.set_work_factor(PASSPHRASE_WORK);
        let locked = age::encrypt_and_armor(&recipient, recovery.as_bytes())
            .map_err(|e| ProtectionError::KeyFile(e.to_string()))?;
        Ok(KeyFile {
            check: recovery.data_key().check(),
            locked: locked.into_bytes(),
        })
    }

    /// The recovery key inside, if `passphrase` is the one it was locked with.
    pub fn open(&self, passphrase: &str) -> Result<RecoveryKey, ProtectionError> {
        let mut identity = age::scrypt::Identity::new(SecretString::from(passphrase.to_owned()));
        identity.set_max_work_factor(MAX_WORK);
        let reader = age::armor::ArmoredReader::new(&self.locked[..]);
        let decryptor = age::Decryptor::new_buffered(reader)
            .map_err(|e| ProtectionError::KeyFile(e.to_string()))?;
        let mut plain = Vec::new();
        decryptor
            .decrypt(std::iter::once(&identity as &dyn age::Identity))
            .and_then(|mut r| r.read_to_end(&mut plain).map_err(Into::into))
            .map_err(|e| match e {
                age::DecryptError::NoMatchingKeys | age::DecryptError::DecryptionFailed => {
                    ProtectionError::WrongSecret
                }
                other => ProtectionError::KeyFile(other.to_string()),
            })?;
        let recovery = RecoveryKey::from_bytes(&plain).ok_or_else(|| {
            ProtectionError::KeyFile("the key inside has the wrong length".into())
        })?;
        if recovery.data_key().check() != self.check {
            return Err(ProtectionError::KeyFile(
                "the key inside does not match".into(),
            ));
        }
        Ok(recovery)
    }

    /// Reads the key file in `root`; `Ok(None)` when there is none (not protected).
    pub fn read(root: &Path) -> Result<Option<KeyFile>, ProtectionError> {
        let text = match std::fs::read_to_string(path(root)) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(ProtectionError::KeyFile(e.to_string())),
        };
        let check = text
            .lines()
            .find_map(|line| line.strip_prefix("check: "))
            .map(str::trim)
            .filter(|c| c.len() == 16)
            .ok_or_else(|| ProtectionError::KeyFile("its check line is missing".into()))?;
        let start = text
            .find("-----BEGIN AGE ENCRYPTED FILE-----")
            .ok_or_else(|| ProtectionError::KeyFile("the locked key is missing".into()))?;
        Ok(Some(KeyFile {
            check: check.to_owned(),
            locked: text.as_bytes()[start..].to_vec(),
        }))
    }

    /// Writes the key file whole or not at all (a new one replaces the old in one rename, so
    /// a change of passphrase cut short leaves the old passphrase working).
    pub fn write(&self, root: &Path) -> Result<(), ProtectionError> {
        let mut text = INTRODUCTION.as_bytes().to_vec();
        text.extend_from_slice(format!("check: {}\n", self.check).as_bytes());
        text.extend_from_slice(&self.locked);
        crate::files::write_whole(&path(root), &text).map_err(ProtectionError::KeyFile)?;
        super::switch::sync_folder(root);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_right_passphrase_opens_the_key_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        let recovery = RecoveryKey::generate().expect("random");
        KeyFile::lock(&recovery, "correct horse battery staple")
            .and_then(|k| k.write(dir.path()))
            .expect("written");
        let text = std::fs::read_to_string(path(dir.path())).expect("read");
        assert!(text.starts_with("Campaign Kit key file"), "says what it is");
        assert!(
            !text.contains(&recovery.plain()),
            "the key is not in plain sight"
        );

        let file = KeyFile::read(dir.path()).expect("read").expect("there");
        assert_eq!(
            file.open("correct horse battery staple").expect("opens"),
            recovery
        );
        assert!(matches!(
            file.open("Correct horse battery staple"),
            Err(ProtectionError::WrongSecret)
        ));
        assert!(
            KeyFile::read(tempfile::tempdir().expect("dir").path())
                .expect("ok")
                .is_none()
        );
    }
}
