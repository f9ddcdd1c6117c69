//! `borderdesk-ctl install-update`, the one command a kiosk user may run as root: it installs
//! nothing that is not BorderDesk's own package signed with the county's key (from the device
//! settings) for its own version. Every refusal here leaves dpkg's state as it was.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use base64::Engine as _;

fn b64(text: &str) -> String {
    base64::engine::general_purpose::STANDARD.encode(text)
}

/// A tiny Debian package named `name` at `version`.
fn deb(dir: &Path, name: &str, version: &str) -> PathBuf {
    let root = dir.join(format!("{name}-{version}"));
    std::fs::create_dir_all(root.join("DEBIAN")).unwrap();
    std::fs::write(
        root.join("DEBIAN/control"),
        format!(
            "Package: {name}\nVersion: {version}\nArchitecture: all\nMaintainer: test <t@example.org>\nDescription: test package\n"
        ),
    )
    .unwrap();
    let out = dir.join(format!("{name}_{version}.deb"));
    let built = Command::new("dpkg-deb")
        .args(["--build", "--root-owner-group"])
        .arg(&root)
        .arg(&out)
        .output()
        .unwrap();
    assert!(built.status.success(), "{built:?}");
    out
}

struct Key {
    public: String,
    pair: minisign::KeyPair,
}

fn key() -> Key {
    let pair = minisign::KeyPair::generate_unencrypted_keypair().unwrap();
    Key {
        public: b64(&pair.pk.to_box().unwrap().to_string()),
        pair,
    }
}

/// Writes `<package>.sig` as `tauri signer sign --app-version` would, over `bytes`.
fn sign(key: &Key, package: &Path, bytes: &[u8], version: &str) {
    let sig = minisign::sign(
        Some(&key.pair.pk),
        &key.pair.sk,
        std::io::Cursor::new(bytes),
        Some(&format!("timestamp:1\tfile:x.deb\tversion:{version}")),
        Some("signature from tauri secret key"),
    )
    .unwrap();
    let mut path = package.as_os_str().to_owned();
    path.push(".sig");
    std::fs::write(PathBuf::from(path), b64(&sig.to_string())).unwrap();
}

fn install(dir: &Path, public_key: Option<&str>, package: &Path) -> Output {
    let config = dir.join("device.toml");
    let mut text = String::new();
    if let Some(k) = public_key {
        text.push_str(&format!("update_public_key = \"{k}\"\n"));
    }
    std::fs::write(&config, text).unwrap();
    Command::new(env!("CARGO_BIN_EXE_borderdesk-ctl"))
        .args(["--lang", "zh-CN", "--json", "install-update"])
        .arg(package)
        .env("BORDERDESK_DEVICE_CONFIG", &config)
        .env_remove("BORDERDESK_UPDATE_PUBLIC_KEY")
        .output()
        .unwrap()
}

fn refused_with(o: &Output, code: &str) {
    assert!(!o.status.success(), "{o:?}");
    let stdout = String::from_utf8_lossy(&o.stdout);
    let answer: serde_json::Value = serde_json::from_str(stdout.trim()).unwrap();
    assert_eq!(answer["code"], code, "{answer}");
    assert_eq!(answer["ok"], false);
    // Localized, never the bare code.
    let message = answer["message"].as_str().unwrap();
    assert!(
        message.contains("未安装") || message.contains("不能安装"),
        "{message}"
    );
}

fn dpkg_state() -> String {
    let o = Command::new("dpkg-query")
        .args(["-W", "-f=${Package} ${Version} ${Status}\n"])
        .output()
        .unwrap();
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn only_a_county_signed_borderdesk_package_for_its_own_version_gets_past_the_checks() {
    let dir = tempfile::tempdir().unwrap();
    let county = key();
    let before = dpkg_state();

    // No key in the settings: nothing is installed, whatever the package.
    let ours = deb(dir.path(), "borderdesk", "99.0.0");
    let bytes = std::fs::read(&ours).unwrap();
    sign(&county, &ours, &bytes, "99.0.0");
    refused_with(
        &install(dir.path(), None, &ours),
        "error-update-key-missing",
    );

    // Signed by another key.
    refused_with(
        &install(dir.path(), Some(&key().public), &ours),
        "error-update-signature",
    );

    // Changed after signing (a byte of the signed package flipped).
    let mut tampered = bytes.clone();
    let last = tampered.len() - 1;
    tampered[last] ^= 0x01;
    let tampered_path = dir.path().join("tampered.deb");
    std::fs::write(&tampered_path, &tampered).unwrap();
    std::fs::copy(
        format!("{}.sig", ours.display()),
        format!("{}.sig", tampered_path.display()),
    )
    .unwrap();
    refused_with(
        &install(dir.path(), Some(&county.public), &tampered_path),
        "error-update-signature",
    );

    // A genuine signature of an older version cannot carry a package that says it is newer.
    sign(&county, &ours, &bytes, "0.0.1");
    refused_with(
        &install(dir.path(), Some(&county.public), &ours),
        "error-update-signature",
    );

    // Another package, even signed by the county, is not installed through this door.
    let other = deb(dir.path(), "borderdesk-helper", "1.0.0");
    let other_bytes = std::fs::read(&other).unwrap();
    sign(&county, &other, &other_bytes, "1.0.0");
    refused_with(
        &install(dir.path(), Some(&county.public), &other),
        "error-update-not-ours",
    );

    // Not a package at all.
    let junk = dir.path().join("junk.deb");
    std::fs::write(&junk, b"not a package").unwrap();
    sign(&county, &junk, b"not a package", "1.0.0");
    refused_with(
        &install(dir.path(), Some(&county.public), &junk),
        "error-update-not-ours",
    );

    assert_eq!(
        dpkg_state(),
        before,
        "a refused package changed what dpkg has"
    );
}
