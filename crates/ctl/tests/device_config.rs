//! The device's settings file as IT staff write it at install: `borderdesk-ctl` (like the app)
//! takes its settings from it, an environment variable wins over it, and a bad file is named
//! and changes nothing.

use std::path::Path;
use std::process::{Command, Output};

fn status(config: &Path, env: &[(&str, &Path)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_borderdesk-ctl"));
    command
        .arg("status")
        .env("BORDERDESK_DEVICE_CONFIG", config)
        .env_remove("BORDERDESK_DB")
        .env_remove("BORDERDESK_KEY_FILE")
        .env_remove("LANG");
    for (name, value) in env {
        command.env(name, value);
    }
    command.output().expect("run borderdesk-ctl")
}

fn database_line(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout)
        .lines()
        .find(|l| l.starts_with("数据库"))
        .unwrap_or_default()
        .to_string()
}

#[test]
fn the_settings_file_places_the_database_and_the_environment_wins() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("device.toml");
    let from_file = dir.path().join("from-file.sqlite");
    std::fs::write(
        &config,
        format!(
            "mode = \"kiosk\"\ncounty = \"330329\"\ndatabase = \"{}\"\nkey_file = \"{}\"\n",
            from_file.display(),
            dir.path().join("device.key").display()
        ),
    )
    .unwrap();
    let out = status(&config, &[]);
    assert!(out.status.success(), "{out:?}");
    assert!(database_line(&out).ends_with("from-file.sqlite"), "{out:?}");
    assert!(from_file.exists());
    assert!(
        dir.path().join("device.key").exists(),
        "the key where the file says"
    );

    let from_env = dir.path().join("from-env.sqlite");
    let out = status(&config, &[("BORDERDESK_DB", &from_env)]);
    assert!(out.status.success(), "{out:?}");
    assert!(database_line(&out).ends_with("from-env.sqlite"), "{out:?}");
}

#[test]
fn a_bad_settings_file_is_named_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("device.toml");
    let elsewhere = dir.path().join("from-file.sqlite");
    std::fs::write(
        &config,
        format!(
            "mdoe = \"kiosk\"\nidle_timeout_seconds = 2\ndatabase = \"{}\"\n",
            elsewhere.display()
        ),
    )
    .unwrap();
    let env_db = dir.path().join("env.sqlite");
    let out = status(
        &config,
        &[
            ("BORDERDESK_DB", &env_db),
            ("BORDERDESK_KEY_FILE", &dir.path().join("k.key")),
        ],
    );
    assert!(out.status.success(), "{out:?}");
    let said = String::from_utf8_lossy(&out.stderr);
    // Said in the technician's language (zh-CN when LANG names none), a line per key.
    assert!(
        said.contains("设置文件未被采用：mdoe：没有这个设置项"),
        "{said}"
    );
    assert!(
        said.contains("idle_timeout_seconds：必须是秒数（整数），至少 10"),
        "{said}"
    );
    assert!(!elsewhere.exists(), "nothing of a bad file is used");
    assert!(database_line(&out).ends_with("env.sqlite"));
}

#[test]
fn doctor_names_what_is_wrong_with_the_settings_file() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("device.toml");
    let doctor = |config: &Path| {
        let out = Command::new(env!("CARGO_BIN_EXE_borderdesk-ctl"))
            .args(["--lang", "en", "doctor", "--json"])
            .env("BORDERDESK_DEVICE_CONFIG", config)
            .env("BORDERDESK_DB", dir.path().join("d.sqlite"))
            .env("BORDERDESK_KEY_FILE", dir.path().join("d.key"))
            .output()
            .unwrap();
        let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let settings = doc["checks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["check"] == "settings")
            .cloned()
            .unwrap();
        (out.status.success(), settings)
    };
    let (_, absent) = doctor(&config);
    assert_eq!(
        (absent["status"].as_str(), absent["value"].as_str()),
        (Some("ok"), Some("absent"))
    );
    std::fs::write(&config, "county = \"330329\"\nspeech = \"off\"\n").unwrap();
    let (_, good) = doctor(&config);
    assert_eq!(
        (good["status"].as_str(), good["value"].as_u64()),
        (Some("ok"), Some(2))
    );
    std::fs::write(&config, "mdoe = \"kiosk\"\n").unwrap();
    let (passed, bad) = doctor(&config);
    assert!(!passed, "a bad settings file fails the doctor");
    assert_eq!(bad["status"], "fail");
    let problem = &bad["value"][0];
    assert_eq!(problem["key"], "mdoe", "{bad}");
    assert_eq!(problem["code"], "device-setting-unknown-key", "{bad}");
    assert!(
        problem["message"]
            .as_str()
            .unwrap()
            .starts_with("mdoe: unknown key (known: mode, server_url"),
        "{bad}"
    );
}
