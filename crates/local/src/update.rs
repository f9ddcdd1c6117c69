//! App updates on the device (issue 13). The shell's updater (tauri-plugin-updater) asks the
//! county's server, downloads and checks the signature; installing needs root, so the package
//! goes to `borderdesk-ctl install-update`: run by the app itself when it runs as root, else by
//! the root service `borderdesk-update.service` on the spool folder the kiosk user writes to.
//! That command trusts nothing it is given: it copies the package where only root writes,
//! checks the county's signature again (bound to the package's version), checks that it is
//! BorderDesk's package and newer than the one installed, and only then runs dpkg. So a
//! hostile kiosk user can install county-signed BorderDesk upgrades and nothing else.
//!
//! The outbox needs nothing from an update: it lives in the database, which the new version
//! opens (migrating forward) and sends from where the old one stopped.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use base64::Engine as _;
use borderdesk_core::rollout::AppVersion;

use crate::error::{LocalError, Result};

/// The county's update public key: the base64 text `tauri signer generate` writes to `.pub`.
pub const UPDATE_PUBLIC_KEY_ENV: &str = "BORDERDESK_UPDATE_PUBLIC_KEY";
/// The release channel this device follows (`stable` when unset).
pub const UPDATE_CHANNEL_ENV: &str = "BORDERDESK_UPDATE_CHANNEL";
/// Seconds between update checks.
pub const UPDATE_CHECK_ENV: &str = "BORDERDESK_UPDATE_CHECK_SECONDS";
/// An hour: a fleet of thousands asks often enough, and a release is not urgent by the minute.
pub const DEFAULT_CHECK_SECONDS: u64 = 3600;
/// The shortest interval the device accepts (tests use it).
pub const MIN_CHECK_SECONDS: u64 = 5;
/// The package a BorderDesk update must be.
pub const PACKAGE: &str = "borderdesk";
/// Largest package `install-update` reads (the server's `release_max_bytes` default).
pub const MAX_PACKAGE_BYTES: u64 = 512 * 1024 * 1024;

static REFUSED: std::sync::Mutex<Option<String>> = std::sync::Mutex::new(None);

/// Notes that this run refused `version` (its package failed the checks): the health report
/// says so, so that the county sees it in the fleet list.
pub fn note_refused(version: &str) {
    if let Ok(mut refused) = REFUSED.lock() {
        *refused = Some(version.to_string());
    }
}

/// The release this run last refused, if any.
pub fn refused() -> Option<String> {
    REFUSED.lock().ok().and_then(|r| r.clone())
}

/// What the device's settings say about updates; `None` from [`UpdateSettings::from_env`]
/// when no public key is set: then the device never updates itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpdateSettings {
    pub public_key: String,
    pub channel: String,
    pub check_every: Duration,
}

impl UpdateSettings {
    pub fn from_env() -> Option<Self> {
        let public_key = std::env::var(UPDATE_PUBLIC_KEY_ENV)
            .ok()
            .map(|k| k.trim().to_string())
            .filter(|k| !k.is_empty())?;
        let channel = std::env::var(UPDATE_CHANNEL_ENV)
            .ok()
            .map(|c| c.trim().to_string())
            .filter(|c| channel_ok(c))
            .unwrap_or_else(|| "stable".into());
        let seconds = std::env::var(UPDATE_CHECK_ENV)
            .ok()
            .and_then(|s| s.trim().parse::<u64>().ok())
            .filter(|s| *s >= MIN_CHECK_SECONDS)
            .unwrap_or(DEFAULT_CHECK_SECONDS);
        Some(Self {
            public_key,
            channel,
            check_every: Duration::from_secs(seconds),
        })
    }

    /// The update check the shell's updater asks: the server's `GET /v1/sync/update`, with the
    /// updater's own `{{current_version}}`, `{{target}}` and `{{arch}}` filled in by it.
    pub fn endpoint(&self, server_url: &str) -> String {
        format!(
            "{}/v1/sync/update?current_version={{{{current_version}}}}&target={{{{target}}}}-{{{{arch}}}}&channel={}",
            server_url.trim_end_matches('/'),
            self.channel
        )
    }
}

/// A channel name as the server takes it: 1 to 32 of `a-z 0-9 - _`.
fn channel_ok(name: &str) -> bool {
    (1..=32).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

fn base64_text(what: &str, b64: &str) -> Result<String> {
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(b64.trim())
        .map_err(|_| LocalError::UpdateSignature(format!("the {what} is not base64")))?;
    String::from_utf8(bytes)
        .map_err(|_| LocalError::UpdateSignature(format!("the {what} is not text")))
}

/// Whether `public_key` (base64 of a minisign public key file, as Tauri writes it) is one.
pub fn check_public_key(public_key: &str) -> Result<()> {
    let text = base64_text("public key", public_key)?;
    minisign_verify::PublicKey::decode(&text)
        .map(|_| ())
        .map_err(|e| LocalError::UpdateSignature(format!("the public key: {e}")))
}

/// Checks that `signature` (base64 of a `.sig` file) is the county key's signature of `bytes`
/// and that what it signed was `version`: the version is in the signed comment
/// (`tauri signer sign --app-version`), so an old signed package cannot pose as a new one.
pub fn verify_release(
    public_key: &str,
    signature: &str,
    bytes: &[u8],
    version: &str,
) -> Result<()> {
    let key = minisign_verify::PublicKey::decode(&base64_text("public key", public_key)?)
        .map_err(|e| LocalError::UpdateSignature(format!("the public key: {e}")))?;
    let signature = minisign_verify::Signature::decode(&base64_text("signature", signature)?)
        .map_err(|e| LocalError::UpdateSignature(format!("the signature: {e}")))?;
    key.verify(bytes, &signature, true)
        .map_err(|e| LocalError::UpdateSignature(e.to_string()))?;
    // Read only now: the trusted comment is covered by the signature just checked.
    let signed = signature
        .trusted_comment()
        .split('\t')
        .find_map(|field| field.strip_prefix("version:"));
    match signed {
        Some(v) if AppVersion::parse(v.trim_start_matches('v')) == AppVersion::parse(version) => {
            Ok(())
        }
        Some(v) => Err(LocalError::UpdateSignature(format!(
            "signed for version {v}, offered as {version}"
        ))),
        None => Err(LocalError::UpdateSignature(
            "the signature names no version (sign with --app-version)".into(),
        )),
    }
}

/// A field of a Debian package's control file.
fn deb_field(package: &Path, field: &str) -> Result<String> {
    let out = Command::new("dpkg-deb")
        .arg("-f")
        .arg(package)
        .arg(field)
        .output()
        .map_err(|e| LocalError::UpdateNotOurs(format!("dpkg-deb: {e}")))?;
    if !out.status.success() {
        return Err(LocalError::UpdateNotOurs("not a Debian package".into()));
    }
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// The version of BorderDesk dpkg has installed, if any.
pub fn installed_version() -> Option<String> {
    let out = Command::new("dpkg-query")
        .args(["-W", "-f=${Version}", PACKAGE])
        .output()
        .ok()?;
    let v = String::from_utf8_lossy(&out.stdout).trim().to_string();
    (out.status.success() && !v.is_empty()).then_some(v)
}

/// What `install-update` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Installed {
    pub version: String,
    pub before: Option<String>,
}

/// Installs a county-signed BorderDesk package: see the module's comment for what is checked.
/// `public_key` comes from the device settings, never from the caller.
pub fn install_package(package: &Path, signature: &str, public_key: &str) -> Result<Installed> {
    let size = std::fs::metadata(package)
        .map_err(|e| LocalError::UpdateNotOurs(e.to_string()))?
        .len();
    if size > MAX_PACKAGE_BYTES {
        return Err(LocalError::UpdateNotOurs(format!(
            "larger than {MAX_PACKAGE_BYTES} bytes"
        )));
    }
    // Checked and installed from a copy only this process can write, so the file cannot be
    // swapped between the check and dpkg.
    let private = PrivateDir::new()?;
    let copy = private.0.join("update.deb");
    std::fs::copy(package, &copy).map_err(|e| LocalError::UpdateNotOurs(e.to_string()))?;
    let bytes = std::fs::read(&copy).map_err(|e| LocalError::UpdateNotOurs(e.to_string()))?;
    let name = deb_field(&copy, "Package")?;
    if name != PACKAGE {
        return Err(LocalError::UpdateNotOurs(format!(
            "the package is {name:?}"
        )));
    }
    let version = deb_field(&copy, "Version")?;
    let offered = AppVersion::parse(&version)
        .ok_or_else(|| LocalError::UpdateNotOurs(format!("version {version:?}")))?;
    verify_release(public_key, signature, &bytes, &version)?;
    let before = installed_version();
    if let Some(installed) = &before {
        if AppVersion::parse(installed).is_some_and(|v| v >= offered) {
            return Err(LocalError::UpdateNotNewer {
                offered: version,
                installed: installed.clone(),
            });
        }
    }
    let out = Command::new("dpkg")
        .arg("-i")
        .arg(&copy)
        .env("DEBIAN_FRONTEND", "noninteractive")
        .output()
        .map_err(|e| LocalError::UpdateInstallFailed(e.to_string()))?;
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        return Err(LocalError::UpdateInstallFailed(
            err.lines()
                .last()
                .unwrap_or("dpkg failed")
                .chars()
                .take(300)
                .collect(),
        ));
    }
    Ok(Installed { version, before })
}

/// A fresh directory of mode 0700, removed when dropped.
struct PrivateDir(PathBuf);

impl PrivateDir {
    fn new() -> Result<Self> {
        use std::os::unix::fs::DirBuilderExt;
        let path = std::env::temp_dir().join(format!("borderdesk-update-{}", uuid::Uuid::new_v4()));
        std::fs::DirBuilder::new()
            .mode(0o700)
            .create(&path)
            .map_err(|e| LocalError::UpdateInstallFailed(e.to_string()))?;
        Ok(Self(path))
    }
}

impl Drop for PrivateDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Where an app that does not run as root leaves a checked package for the root service
/// `borderdesk-update.service` (started by `borderdesk-update.path` when a package appears),
/// which runs `borderdesk-ctl install-update --spool` on it. The kiosk's unit keeps
/// `NoNewPrivileges`, so the app itself can never become root.
pub const UPDATE_SPOOL_ENV: &str = "BORDERDESK_UPDATE_SPOOL";
pub const DEFAULT_UPDATE_SPOOL: &str = "/var/lib/borderdesk/updates";

pub fn spool_dir() -> PathBuf {
    std::env::var_os(UPDATE_SPOOL_ENV)
        .filter(|p| !p.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(DEFAULT_UPDATE_SPOOL))
}

/// Whether this process runs as root (then the app installs through `borderdesk-ctl` itself).
pub fn running_as_root() -> bool {
    std::fs::metadata("/proc/self")
        .map(|m| std::os::unix::fs::MetadataExt::uid(&m) == 0)
        .unwrap_or(false)
}

/// `borderdesk-ctl install-update <package> --signature <sig>`, the ctl beside the app's own
/// binary (an app running as root installs this way).
pub fn installer_command(app_binary: &Path, package: &Path, signature: &Path) -> Command {
    let mut command = Command::new(app_binary.with_file_name("borderdesk-ctl"));
    command
        .arg("install-update")
        .arg(package)
        .arg("--signature")
        .arg(signature);
    command
}

/// `install-update --spool`: installs the newest package waiting in `dir` (each `X.deb`
/// with its `X.deb.sig`) and removes every package there, installed or refused, so that a bad
/// one is never tried twice. The last outcome comes back (None: nothing was waiting).
pub fn install_spooled(dir: &Path, public_key: &str) -> Option<Result<Installed>> {
    let mut packages: Vec<PathBuf> = std::fs::read_dir(dir)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "deb"))
        .collect();
    packages.sort();
    let mut outcome = None;
    for package in &packages {
        let mut sig = package.as_os_str().to_owned();
        sig.push(".sig");
        let sig = PathBuf::from(sig);
        let result = std::fs::read_to_string(&sig)
            .map_err(|e| LocalError::UpdateSignature(format!("{}: {e}", sig.display())))
            .and_then(|signature| install_package(package, &signature, public_key));
        let _ = std::fs::remove_file(package);
        let _ = std::fs::remove_file(&sig);
        outcome = Some(result);
    }
    outcome
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b64(text: &str) -> String {
        base64::engine::general_purpose::STANDARD.encode(text)
    }

    struct Key {
        public: String,
        pair: minisign::KeyPair,
    }

    fn key() -> Key {
        let pair = minisign::KeyPair::generate_unencrypted_keypair().unwrap();
        let public = b64(&pair.pk.to_box().unwrap().to_string());
        Key { public, pair }
    }

    fn sign(key: &Key, bytes: &[u8], comment: &str) -> String {
        let sig = minisign::sign(
            Some(&key.pair.pk),
            &key.pair.sk,
            std::io::Cursor::new(bytes),
            Some(comment),
            Some("signature from tauri secret key"),
        )
        .unwrap();
        b64(&sig.to_string())
    }

    #[test]
    fn a_package_signed_for_its_version_verifies() {
        let k = key();
        let sig = sign(
            &k,
            b"package",
            "timestamp:1\tfile:borderdesk.deb\tversion:0.1.2",
        );
        verify_release(&k.public, &sig, b"package", "0.1.2").unwrap();
        check_public_key(&k.public).unwrap();
    }

    #[test]
    fn tampered_bytes_another_key_or_another_version_are_refused() {
        let k = key();
        let sig = sign(&k, b"package", "timestamp:1\tversion:0.1.2");
        for (public, bytes, version) in [
            (k.public.clone(), &b"packagE"[..], "0.1.2"),
            (key().public, &b"package"[..], "0.1.2"),
            (k.public.clone(), &b"package"[..], "0.1.3"),
        ] {
            let e = verify_release(&public, &sig, bytes, version).unwrap_err();
            assert_eq!(e.code(), "error-update-signature", "{e}");
        }
        let unversioned = sign(&k, b"package", "timestamp:1\tfile:borderdesk.deb");
        let e = verify_release(&k.public, &unversioned, b"package", "0.1.2").unwrap_err();
        assert!(e.to_string().contains("names no version"), "{e}");
        for junk in ["", "not base64!", "AAAA", &b64("untrusted comment: x\nRWQ")] {
            assert!(verify_release(junk, &sig, b"package", "0.1.2").is_err());
            assert!(verify_release(&k.public, junk, b"package", "0.1.2").is_err());
            assert!(check_public_key(junk).is_err());
        }
    }

    #[test]
    fn the_endpoint_asks_for_this_channel_and_lets_the_updater_fill_in_the_rest() {
        let settings = UpdateSettings {
            public_key: "k".into(),
            channel: "pilot".into(),
            check_every: Duration::from_secs(60),
        };
        assert_eq!(
            settings.endpoint("https://bd.taishun.gov.cn/"),
            "https://bd.taishun.gov.cn/v1/sync/update?current_version={{current_version}}&target={{target}}-{{arch}}&channel=pilot"
        );
        assert!(channel_ok("stable") && !channel_ok("Stable") && !channel_ok("a b"));
    }

    #[test]
    fn the_installer_is_the_ctl_beside_the_app() {
        let c = installer_command(
            Path::new("/usr/bin/borderdesk"),
            Path::new("/var/lib/borderdesk/updates/u.deb"),
            Path::new("/var/lib/borderdesk/updates/u.deb.sig"),
        );
        assert_eq!(c.get_program(), "/usr/bin/borderdesk-ctl");
        let args: Vec<_> = c.get_args().collect();
        assert_eq!(
            args,
            [
                "install-update",
                "/var/lib/borderdesk/updates/u.deb",
                "--signature",
                "/var/lib/borderdesk/updates/u.deb.sig"
            ]
        );
    }

    #[test]
    fn a_spooled_package_is_tried_once_whatever_comes_of_it() {
        let dir = tempfile::tempdir().unwrap();
        assert!(install_spooled(dir.path(), "key").is_none());
        std::fs::write(dir.path().join("borderdesk_9.9.9.deb"), b"not a package").unwrap();
        std::fs::write(dir.path().join("borderdesk_9.9.9.deb.sig"), b"c2ln").unwrap();
        let outcome = install_spooled(dir.path(), "key").unwrap();
        assert!(outcome.is_err());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
