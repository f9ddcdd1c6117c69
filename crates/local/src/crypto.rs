//! Personal data at rest: answers and outbox bodies are sealed with XChaCha20-Poly1305 under a
//! device key. The key lives in its own file, readable only by the app's user, in the
//! platform's config folder — never beside the database — so a copied database file alone
//! reveals no ID number, name or phone.

use std::io::Write;
use std::path::{Path, PathBuf};

use base64::engine::general_purpose::STANDARD_NO_PAD as B64;
use base64::Engine;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use rand::RngCore;
use sha2::{Digest, Sha256};

use crate::error::{LocalError, Result};
use crate::store::APP_IDENTIFIER;

/// Environment variable that points at another key file.
pub const KEY_ENV: &str = "BORDERDESK_KEY_FILE";
const PREFIX: &str = "v1:";

/// Whether `value` is what [`DeviceKey::seal`] makes (rather than clear text saved by an
/// older version).
pub(crate) fn is_sealed(value: &str) -> bool {
    value.starts_with(PREFIX)
}

/// `$BORDERDESK_KEY_FILE`, else `<config dir>/cn.borderdesk.app/device.key`. Never a temp
/// folder: a key there could be read, or planted, by any user of the machine.
pub fn default_key_path() -> Result<PathBuf> {
    if let Some(p) = std::env::var_os(KEY_ENV).filter(|p| !p.is_empty()) {
        return Ok(PathBuf::from(p));
    }
    dirs::config_dir()
        .map(|d| d.join(APP_IDENTIFIER).join("device.key"))
        .ok_or_else(|| key_error("key folder", format!("no config folder: set {KEY_ENV}")))
}

/// An existing key file is used only when it is this user's own regular file that nobody
/// else may read or write (mode 0600): one readable by others may be known to them, one
/// written by someone else may be theirs.
#[cfg(unix)]
fn check_key_file(path: &Path) -> Result<()> {
    use std::os::unix::fs::MetadataExt;
    let meta = std::fs::symlink_metadata(path).map_err(|e| key_error("read key", e))?;
    if !meta.file_type().is_file() {
        return Err(key_error("key file", "not a regular file"));
    }
    // This process's own user is the owner of /proc/self (Linux).
    if let Ok(me) = std::fs::metadata("/proc/self").map(|m| m.uid()) {
        if meta.uid() != me {
            return Err(key_error("key file", "owned by another user"));
        }
    }
    if meta.mode() & 0o077 != 0 {
        return Err(key_error(
            "key file",
            "readable or writable by others (chmod 600)",
        ));
    }
    Ok(())
}

#[cfg(not(unix))]
fn check_key_file(_: &Path) -> Result<()> {
    Ok(())
}

#[derive(Clone)]
pub struct DeviceKey {
    cipher: XChaCha20Poly1305,
    /// Keys `check`: derived from the device key, so a copied database alone cannot be
    /// searched for the short values (last four of an ID number) that `check` hides.
    check_key: [u8; 32],
}

fn key_error(what: &str, e: impl std::fmt::Display) -> LocalError {
    LocalError::Key(format!("{what}: {e}"))
}

impl DeviceKey {
    /// Reads the key file, or makes a new random key there (mode 0600) on first start.
    pub fn load_or_create(path: &Path) -> Result<Self> {
        let bytes = match std::fs::read(path) {
            Ok(b) => {
                check_key_file(path)?;
                b
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Self::create(path)?,
            Err(e) => return Err(key_error("read key", e)),
        };
        let key: [u8; 32] = bytes
            .as_slice()
            .try_into()
            .map_err(|_| key_error("key file", "not 32 bytes"))?;
        let check_key = Sha256::new()
            .chain_update(b"borderdesk id-check v1\0")
            .chain_update(key)
            .finalize()
            .into();
        Ok(Self {
            cipher: XChaCha20Poly1305::new(&key.into()),
            check_key,
        })
    }

    fn create(path: &Path) -> Result<Vec<u8>> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| key_error("key folder", e))?;
        }
        let mut key = vec![0u8; 32];
        rand::thread_rng().fill_bytes(&mut key);
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        match options.open(path) {
            Ok(mut f) => {
                f.write_all(&key).map_err(|e| key_error("write key", e))?;
                f.sync_all().map_err(|e| key_error("write key", e))?;
                Ok(key)
            }
            // Another process made it first: use theirs.
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                std::fs::read(path).map_err(|e| key_error("read key", e))
            }
            Err(e) => Err(key_error("create key", e)),
        }
    }

    /// Seals `plain`, bound to `aad` (the record's id), as `v1:<base64 nonce+ciphertext>`.
    pub fn seal(&self, plain: &[u8], aad: &str) -> Result<String> {
        Ok(format!(
            "{PREFIX}{}",
            B64.encode(self.seal_bytes(plain, aad)?)
        ))
    }

    /// Seals `plain` as raw `nonce + ciphertext` (files: no base64 inflation).
    pub fn seal_bytes(&self, plain: &[u8], aad: &str) -> Result<Vec<u8>> {
        let mut nonce = [0u8; 24];
        rand::thread_rng().fill_bytes(&mut nonce);
        let sealed = self
            .cipher
            .encrypt(
                XNonce::from_slice(&nonce),
                Payload {
                    msg: plain,
                    aad: aad.as_bytes(),
                },
            )
            .map_err(|e| key_error("seal", e))?;
        let mut out = nonce.to_vec();
        out.extend_from_slice(&sealed);
        Ok(out)
    }

    /// A keyed one-way check value of `value` (hex SHA-256 over the derived check key and the
    /// value): the same value gives the same check, and it cannot be turned back without the
    /// key file. Used to keep "last four of the ID number" checkable after the data is dropped.
    pub fn check(&self, value: &str) -> String {
        hex::encode(
            Sha256::new()
                .chain_update(self.check_key)
                .chain_update(value.as_bytes())
                .finalize(),
        )
    }

    /// Opens what `seal` made for the same `aad`; any tampering or a wrong key fails.
    pub fn open(&self, sealed: &str, aad: &str) -> Result<Vec<u8>> {
        let raw = sealed
            .strip_prefix(PREFIX)
            .and_then(|b| B64.decode(b).ok())
            .ok_or_else(|| key_error("open", "not a sealed value"))?;
        self.open_bytes(&raw, aad)
    }

    /// Opens what `seal_bytes` made for the same `aad`.
    pub fn open_bytes(&self, raw: &[u8], aad: &str) -> Result<Vec<u8>> {
        if raw.len() <= 24 {
            return Err(key_error("open", "not a sealed value"));
        }
        let (nonce, body) = raw.split_at(24);
        self.cipher
            .decrypt(
                XNonce::from_slice(nonce),
                Payload {
                    msg: body,
                    aad: aad.as_bytes(),
                },
            )
            .map_err(|e| key_error("open", e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_value_opens_only_with_its_key_and_record() {
        let dir = tempfile::tempdir().unwrap();
        let key = DeviceKey::load_or_create(&dir.path().join("k")).unwrap();
        let sealed = key.seal(b"11010519491231002X", "record-1").unwrap();
        assert!(!sealed.contains("11010519491231002X"));
        assert_eq!(
            key.open(&sealed, "record-1").unwrap(),
            b"11010519491231002X"
        );
        assert!(
            key.open(&sealed, "record-2").is_err(),
            "bound to its record"
        );
        let other = DeviceKey::load_or_create(&dir.path().join("other")).unwrap();
        assert!(
            other.open(&sealed, "record-1").is_err(),
            "another key cannot open it"
        );
        let again = DeviceKey::load_or_create(&dir.path().join("k")).unwrap();
        assert_eq!(
            again.open(&sealed, "record-1").unwrap(),
            b"11010519491231002X"
        );
    }

    #[cfg(unix)]
    #[test]
    fn the_key_file_is_readable_only_by_its_owner() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub").join("device.key");
        DeviceKey::load_or_create(&path).unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }

    /// A key file others can read may be known to them: it is refused, not used.
    #[cfg(unix)]
    #[test]
    fn a_key_file_others_can_read_or_a_link_is_refused() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("device.key");
        DeviceKey::load_or_create(&path).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        let err = DeviceKey::load_or_create(&path).err().unwrap();
        assert!(err.to_string().contains("chmod 600"), "{err}");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        assert!(DeviceKey::load_or_create(&path).is_ok());
        let link = dir.path().join("link.key");
        std::os::unix::fs::symlink(&path, &link).unwrap();
        assert!(DeviceKey::load_or_create(&link).is_err());
    }
}
