//! The device's settings file, `/etc/borderdesk/device.toml`: what a county's IT staff set once
//! per machine when they install it (mode, county, idle timeout, printer, scanner folder ...).
//! Every key stands for one of the environment variables the app and `borderdesk-ctl` already
//! read; an environment variable that is set wins over the file, so a test or a technician can
//! still override one setting for one run. The file holds nothing secret.

use std::path::{Path, PathBuf};

/// Environment variable naming another settings file.
pub const DEVICE_CONFIG_ENV: &str = "BORDERDESK_DEVICE_CONFIG";
/// Where the packaged app looks by default.
pub const DEFAULT_DEVICE_CONFIG: &str = "/etc/borderdesk/device.toml";
/// Environment variable naming the device's home language (zh-CN unless set).
pub const HOME_LANGUAGE_ENV: &str = "BORDERDESK_LANGUAGE";

/// Environment variable naming the place printed on slips as 提交地点.
pub const SITE_NAME_ENV: &str = "BORDERDESK_SITE_NAME";
/// Longest place name a slip prints.
pub const MAX_SITE_NAME_CHARS: usize = 40;

/// The place this device stands (`泰顺县泗溪镇便民服务中心`), as the county set it; None when
/// unset or unusable (the loader refuses a bad one in the file).
pub fn site_name() -> Option<String> {
    std::env::var(SITE_NAME_ENV)
        .ok()
        .map(|s| s.trim().to_string())
        .filter(|s| {
            !s.is_empty()
                && s.chars().count() <= MAX_SITE_NAME_CHARS
                && !s.chars().any(char::is_control)
        })
}

/// The language the app starts in and returns to for every new person: the device's setting,
/// else 简体中文. What a citizen picks is never stored, so it cannot stay for the next one.
pub fn home_language() -> borderdesk_core::Language {
    std::env::var(HOME_LANGUAGE_ENV)
        .ok()
        .and_then(|tag| borderdesk_core::Language::from_tag(tag.trim()))
        .unwrap_or_default()
}

/// A settings file larger than this is not a settings file.
const MAX_FILE_BYTES: u64 = 64 * 1024;

/// What a value of a key must be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SettingKind {
    /// One of these words.
    OneOf(&'static [&'static str]),
    /// Six digits (GB/T 2260 area code of a county).
    County,
    /// Whole seconds, at least this many.
    Seconds { min: u64 },
    /// A whole number from `min` to `max`.
    Count { min: u64, max: u64 },
    /// A UDP or TCP port.
    Port,
    /// An absolute path.
    Path,
    /// An `https://` address (or `http://` to this machine, as enrollment accepts).
    Url,
    /// A short name or address without spaces (a CUPS destination, a broadcast address).
    Word,
    /// A place's name as people write it (spaces allowed), at most this many characters.
    PlaceName { max: usize },
    /// A minisign public key as `tauri signer generate` writes it (base64 of the `.pub` file).
    PublicKey,
}

/// One key of the file and the environment variable it sets.
#[derive(Debug, Clone, Copy)]
pub struct DeviceSetting {
    pub key: &'static str,
    pub env: &'static str,
    pub kind: SettingKind,
    pub doc: &'static str,
    /// A value as it is written in the file (TOML), for the example file.
    pub example: &'static str,
}

/// Every key the file may hold: the one list the loader, the example file and the README
/// follow.
pub const DEVICE_SETTINGS: &[DeviceSetting] = &[
    DeviceSetting {
        key: "mode",
        env: "BORDERDESK_MODE",
        kind: SettingKind::OneOf(&["kiosk", "desk", "field"]),
        doc: "kiosk (full screen, citizens), desk (a clerk's window) or field (an outreach laptop)",
        example: r#""kiosk""#,
    },
    DeviceSetting {
        key: "server_url",
        env: "BORDERDESK_SERVER_URL",
        kind: SettingKind::Url,
        doc: "the county's BorderDesk server, used by `borderdesk-ctl enroll`",
        example: r#""https://borderdesk.example.gov.cn""#,
    },
    DeviceSetting {
        key: "server_ca_file",
        env: crate::sync::SERVER_CA_ENV,
        kind: SettingKind::Path,
        doc: "the county's own certificate authority (PEM), when a public one did not sign the server's certificate",
        example: r#""/etc/borderdesk/county-ca.pem""#,
    },
    DeviceSetting {
        key: "county",
        env: "BORDERDESK_COUNTY",
        kind: SettingKind::County,
        doc: "the county the device serves, 6 digits (330329 泰顺县)",
        example: r#""330329""#,
    },
    DeviceSetting {
        key: "idle_timeout_seconds",
        env: "BORDERDESK_IDLE_TIMEOUT",
        kind: SettingKind::Seconds { min: 10 },
        doc: "seconds without a touch before a kiosk asks, then starts over",
        example: r#"120"#,
    },
    DeviceSetting {
        key: "printer",
        env: "BORDERDESK_PRINTER",
        kind: SettingKind::Word,
        doc: "CUPS destination for receipts (lp -d); the default printer when absent",
        example: r#""hall-front""#,
    },
    DeviceSetting {
        key: "receipt_folder",
        env: "BORDERDESK_RECEIPT_DIR",
        kind: SettingKind::Path,
        doc: "save receipts as PDF files here instead of printing",
        example: r#""/var/lib/borderdesk/receipts""#,
    },
    DeviceSetting {
        key: "scanner_folder",
        env: "BORDERDESK_SCAN_DIR",
        kind: SettingKind::Path,
        doc: "the folder a scan-to-folder scanner writes into",
        example: r#""/var/lib/borderdesk/scans""#,
    },
    DeviceSetting {
        key: "card_reader",
        env: crate::card_reader::CARD_READER_ENV,
        kind: SettingKind::Path,
        doc: "the resident ID card reader's serial device (a SAM-protocol reader on USB serial); screens asking for name and ID number offer 读身份证",
        example: r#""/dev/ttyUSB0""#,
    },
    DeviceSetting {
        key: "card_reader_wait_seconds",
        env: crate::card_reader::CARD_WAIT_ENV,
        kind: SettingKind::Seconds { min: crate::card_reader::MIN_CARD_WAIT_SECONDS },
        doc: "seconds a card read waits for the card to be put on the reader",
        example: r#"20"#,
    },
    DeviceSetting {
        key: "rating_seconds",
        env: crate::rating::RATING_SECONDS_ENV,
        kind: SettingKind::Seconds { min: crate::rating::MIN_RATING_SECONDS },
        doc: "seconds the 好差评 rating stays offered after a finished transaction before it steps aside unasked",
        example: r#"90"#,
    },
    DeviceSetting {
        key: "legal_aid_form_prints",
        env: crate::papers::FORM_PRINTS_ENV,
        kind: SettingKind::Count { min: 1, max: crate::papers::MAX_FORM_PRINTS as u64 },
        doc: "how many times the person who just made a legal aid application may print its signed form and pledge at the kiosk",
        example: r#"2"#,
    },
    DeviceSetting {
        key: "checklist_prints",
        env: crate::papers::CHECKLIST_PRINTS_ENV,
        kind: SettingKind::Count { min: 1, max: crate::papers::MAX_CHECKLIST_PRINTS as u64 },
        doc: "how many notarization materials checklists (打印材料清单) one person may print in a session",
        example: r#"3"#,
    },
    DeviceSetting {
        key: "database",
        env: "BORDERDESK_DB",
        kind: SettingKind::Path,
        doc: "the device's SQLite file (default: the user's data folder)",
        example: r#""/var/lib/borderdesk/borderdesk.sqlite""#,
    },
    DeviceSetting {
        key: "key_file",
        env: "BORDERDESK_KEY_FILE",
        kind: SettingKind::Path,
        doc: "the device key (default: beside the database, mode 0600)",
        example: r#""/var/lib/borderdesk/device.key""#,
    },
    DeviceSetting {
        key: "export_folder",
        env: "BORDERDESK_EXPORT_DIR",
        kind: SettingKind::Path,
        doc: "where the legal aid desk saves its CSV exports",
        example: r#""/var/lib/borderdesk/exports""#,
    },
    DeviceSetting {
        key: "lan_port",
        env: "BORDERDESK_LAN_PORT",
        kind: SettingKind::Port,
        doc: "UDP port of calls for help on the hall's network",
        example: r#"47810"#,
    },
    DeviceSetting {
        key: "lan_broadcast",
        env: "BORDERDESK_LAN_BROADCAST",
        kind: SettingKind::Word,
        doc: "where a kiosk broadcasts its calls (default the LAN broadcast)",
        example: r#""192.168.1.255""#,
    },
    DeviceSetting {
        key: "update_public_key",
        env: crate::update::UPDATE_PUBLIC_KEY_ENV,
        kind: SettingKind::PublicKey,
        doc: "the county's update signing key (public half); without it the device never updates itself",
        example: r#""dW50cnVzdGVkIGNvbW1lbnQ6IG1pbmlzaWduIHB1YmxpYyBrZXk6IDRGNzA4MTRCNUMzQzNBRTgKUldUb09qeGNTNEZ3VHkyTi9PNWYya3U5U3MzREdKM1c0TXpYYzN1L1R6TzA3c0dxZlMvWGwvRXIK""#,
    },
    DeviceSetting {
        key: "update_channel",
        env: crate::update::UPDATE_CHANNEL_ENV,
        kind: SettingKind::Word,
        doc: "the release channel this device follows",
        example: r#""stable""#,
    },
    DeviceSetting {
        key: "update_check_seconds",
        env: crate::update::UPDATE_CHECK_ENV,
        kind: SettingKind::Seconds { min: crate::update::MIN_CHECK_SECONDS },
        doc: "seconds between update checks",
        example: r#"3600"#,
    },
    DeviceSetting {
        key: "language",
        env: HOME_LANGUAGE_ENV,
        kind: SettingKind::OneOf(&["zh-CN", "zh-TW", "en"]),
        doc: "the language the app starts in and goes back to for each new citizen (a citizen's pick lasts for that citizen only)",
        example: r#""zh-CN""#,
    },
    DeviceSetting {
        key: "site_name",
        env: SITE_NAME_ENV,
        kind: SettingKind::PlaceName { max: MAX_SITE_NAME_CHARS },
        doc: "the place printed on receipts and slips as where they were made (default: the county's name)",
        example: r#""泰顺县泗溪镇便民服务中心""#,
    },
    DeviceSetting {
        key: "speech",
        env: "BORDERDESK_SPEECH",
        kind: SettingKind::OneOf(&["on", "off"]),
        doc: "read-aloud with espeak-ng (off: never)",
        example: r#""on""#,
    },
];

/// One thing wrong with the settings file: a Fluent id and its arguments, which
/// `borderdesk-ctl` shows in the technician's language, and the same in English for the log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The key it is about (none: the file as a whole).
    pub key: Option<String>,
    pub code: &'static str,
    pub args: Vec<(&'static str, String)>,
    english: String,
}

impl Problem {
    fn new(
        key: Option<&str>,
        code: &'static str,
        args: Vec<(&'static str, String)>,
        english: String,
    ) -> Self {
        let mut args = args;
        if let Some(k) = key {
            args.push(("key", k.to_string()));
        }
        Self {
            key: key.map(str::to_string),
            code,
            args,
            english,
        }
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.key {
            Some(key) => write!(f, "{key}: {}", self.english),
            None => f.write_str(&self.english),
        }
    }
}

/// Why a value is refused: its Fluent id, arguments and the English line.
type Refusal = (&'static str, Vec<(&'static str, String)>, String);

fn refuse(
    code: &'static str,
    args: Vec<(&'static str, String)>,
    english: impl Into<String>,
) -> Refusal {
    (code, args, english.into())
}

/// The settings file in force: `BORDERDESK_DEVICE_CONFIG`, else the default path.
pub fn device_config_path() -> PathBuf {
    std::env::var_os(DEVICE_CONFIG_ENV)
        .filter(|p| !p.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(DEFAULT_DEVICE_CONFIG))
}

/// Reads a settings file's text: the environment each key stands for, or every problem found
/// (one line each, naming the key).
pub fn parse_device_config(text: &str) -> Result<Vec<(&'static str, String)>, Vec<Problem>> {
    let table: toml::Table = text.parse().map_err(|e: toml::de::Error| {
        let why = e.message().trim().to_string();
        vec![Problem::new(
            None,
            "device-setting-not-toml",
            vec![("reason", why.clone())],
            format!("not TOML: {why}"),
        )]
    })?;
    let mut problems = Vec::new();
    let mut values = Vec::new();
    for (key, value) in &table {
        let Some(setting) = DEVICE_SETTINGS.iter().find(|s| s.key == key) else {
            let known = DEVICE_SETTINGS
                .iter()
                .map(|s| s.key)
                .collect::<Vec<_>>()
                .join(", ");
            problems.push(Problem::new(
                Some(key),
                "device-setting-unknown-key",
                vec![("known", known.clone())],
                format!("unknown key (known: {known})"),
            ));
            continue;
        };
        match check(setting.kind, value) {
            Ok(v) => values.push((setting.env, v)),
            Err((code, args, english)) => {
                problems.push(Problem::new(Some(key), code, args, english))
            }
        }
    }
    if problems.is_empty() {
        Ok(values)
    } else {
        Err(problems)
    }
}

fn check(kind: SettingKind, value: &toml::Value) -> Result<String, Refusal> {
    let text = || {
        value
            .as_str()
            .map(str::trim)
            .filter(|s| !s.is_empty() && !s.chars().any(char::is_control))
            .ok_or_else(|| {
                refuse(
                    "device-setting-text",
                    vec![],
                    "must be a non-empty text in quotes",
                )
            })
    };
    match kind {
        SettingKind::OneOf(words) => {
            let v = text()?;
            if words.contains(&v) {
                Ok(v.to_string())
            } else {
                let words = words.join(", ");
                Err(refuse(
                    "device-setting-one-of",
                    vec![("words", words.clone())],
                    format!("must be one of {words}"),
                ))
            }
        }
        SettingKind::County => {
            let v = text()?;
            if v.len() == 6 && v.bytes().all(|b| b.is_ascii_digit()) {
                Ok(v.to_string())
            } else {
                Err(refuse(
                    "device-setting-county",
                    vec![],
                    "must be a 6-digit county code, e.g. \"330329\"",
                ))
            }
        }
        SettingKind::Seconds { min } => match value.as_integer() {
            Some(n) if n >= 0 && n as u64 >= min => Ok(n.to_string()),
            _ => Err(refuse(
                "device-setting-seconds",
                vec![("min", min.to_string())],
                format!("must be a whole number of seconds, at least {min}"),
            )),
        },
        SettingKind::Count { min, max } => match value.as_integer() {
            Some(n) if n >= 0 && (min..=max).contains(&(n as u64)) => Ok(n.to_string()),
            _ => Err(refuse(
                "device-setting-count",
                vec![("min", min.to_string()), ("max", max.to_string())],
                format!("must be a whole number from {min} to {max}"),
            )),
        },
        SettingKind::Port => match value.as_integer() {
            Some(n) if (1..=65_535).contains(&n) => Ok(n.to_string()),
            _ => Err(refuse(
                "device-setting-port",
                vec![],
                "must be a port number from 1 to 65535",
            )),
        },
        SettingKind::Path => {
            let v = text()?;
            if Path::new(v).is_absolute() {
                Ok(v.to_string())
            } else {
                Err(refuse(
                    "device-setting-path",
                    vec![],
                    "must be an absolute path",
                ))
            }
        }
        SettingKind::Url => {
            let v = text()?;
            let loopback = ["http://127.0.0.1", "http://localhost", "http://[::1]"];
            if v.starts_with("https://") || loopback.iter().any(|l| v.starts_with(l)) {
                Ok(v.trim_end_matches('/').to_string())
            } else {
                Err(refuse(
                    "device-setting-url",
                    vec![],
                    "must start with https:// (plain http only to this machine)",
                ))
            }
        }
        SettingKind::Word => {
            let v = text()?;
            if v.len() <= 128 && !v.contains(char::is_whitespace) {
                Ok(v.to_string())
            } else {
                Err(refuse(
                    "device-setting-word",
                    vec![],
                    "must be one word of at most 128 characters",
                ))
            }
        }
        SettingKind::PlaceName { max } => {
            let v = text()?;
            if v.chars().count() <= max {
                Ok(v.to_string())
            } else {
                Err(refuse(
                    "device-setting-place-name",
                    vec![("max", max.to_string())],
                    format!("must be a place name in quotes, at most {max} characters"),
                ))
            }
        }
        SettingKind::PublicKey => {
            let v = text()?;
            crate::update::check_public_key(v)
                .map(|()| v.to_string())
                .map_err(|_| {
                    refuse(
                    "device-setting-public-key",
                    vec![],
                    "must be the county's update public key (the text of its .pub file, base64)",
                )
                })
        }
    }
}

/// Reads the settings file without applying it (for `borderdesk-ctl doctor`): its path and
/// how many settings it holds, None when there is no file, or every problem found.
pub fn check_device_config() -> Result<Option<(PathBuf, usize)>, Vec<Problem>> {
    let path = device_config_path();
    match read_small(&path) {
        Ok(None) => Ok(None),
        Ok(Some(text)) => parse_device_config(&text).map(|values| Some((path, values.len()))),
        Err(e) => Err(vec![unreadable(&path, &e)]),
    }
}

fn unreadable(path: &Path, e: &std::io::Error) -> Problem {
    Problem::new(
        None,
        "device-setting-unreadable",
        vec![
            ("path", path.display().to_string()),
            ("reason", e.to_string()),
        ],
        format!("{}: {e}", path.display()),
    )
}

/// What loading the settings file did.
#[derive(Debug, PartialEq, Eq)]
pub enum DeviceConfigLoad {
    /// No file: the environment and the built-in defaults.
    Absent,
    /// Read; these variables were taken from it (the others were set in the environment).
    Applied {
        path: PathBuf,
        taken: Vec<&'static str>,
    },
}

/// Reads the settings file, if there is one, and sets each variable it names that the
/// environment does not already set. Call at start-up, before any thread starts. A file that
/// cannot be read or holds problems changes nothing and says why.
pub fn load_device_config() -> Result<DeviceConfigLoad, Vec<Problem>> {
    let path = device_config_path();
    let text = match read_small(&path) {
        Ok(Some(text)) => text,
        Ok(None) => return Ok(DeviceConfigLoad::Absent),
        Err(e) => return Err(vec![unreadable(&path, &e)]),
    };
    let values = parse_device_config(&text)?;
    let mut taken = Vec::new();
    for (env, value) in values {
        if std::env::var_os(env).is_none() {
            std::env::set_var(env, value);
            taken.push(env);
        }
    }
    Ok(DeviceConfigLoad::Applied { path, taken })
}

fn read_small(path: &Path) -> std::io::Result<Option<String>> {
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    if !meta.is_file() || meta.len() > MAX_FILE_BYTES {
        return Err(std::io::Error::other(format!(
            "not a settings file (a regular file of at most {MAX_FILE_BYTES} bytes)"
        )));
    }
    std::fs::read_to_string(path).map(Some)
}

/// The example file shipped with the package: every key, commented out, with what it does.
pub fn example_device_config() -> String {
    let mut out = String::from(
        "# BorderDesk device settings. An environment variable of the same setting wins.\n",
    );
    for s in DEVICE_SETTINGS {
        out.push_str(&format!("\n# {} ({})\n#{} = ", s.doc, s.env, s.key));
        out.push_str(s.example);
        out.push('\n');
    }
    out
}

/// A whole number from the environment variable `env` when it lies in `range`; anything else
/// (unset, not a number, out of range) is `None` and the caller's default holds.
pub fn count_from_env(env: &str, range: std::ops::RangeInclusive<u32>) -> Option<u32> {
    std::env::var(env)
        .ok()
        .and_then(|v| v.trim().parse::<u32>().ok())
        .filter(|n| range.contains(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_names_a_distinct_variable() {
        let mut envs: Vec<&str> = DEVICE_SETTINGS.iter().map(|s| s.env).collect();
        envs.sort();
        envs.dedup();
        assert_eq!(envs.len(), DEVICE_SETTINGS.len());
    }

    #[test]
    fn a_good_file_gives_the_variables_it_stands_for() {
        let values = parse_device_config(
            "mode = \"kiosk\"\ncounty = \"350982\"\nidle_timeout_seconds = 90\n\
             printer = \"hall-front\"\nscanner_folder = \"/var/lib/borderdesk/scans\"\n\
             server_url = \"https://bd.taishun.gov.cn/\"\nlan_port = 47811\n",
        )
        .unwrap();
        let get = |env: &str| {
            values
                .iter()
                .find(|(e, _)| *e == env)
                .map(|(_, v)| v.as_str())
        };
        assert_eq!(get("BORDERDESK_MODE"), Some("kiosk"));
        assert_eq!(get("BORDERDESK_COUNTY"), Some("350982"));
        assert_eq!(get("BORDERDESK_IDLE_TIMEOUT"), Some("90"));
        assert_eq!(get("BORDERDESK_PRINTER"), Some("hall-front"));
        assert_eq!(
            get("BORDERDESK_SCAN_DIR"),
            Some("/var/lib/borderdesk/scans")
        );
        assert_eq!(
            get("BORDERDESK_SERVER_URL"),
            Some("https://bd.taishun.gov.cn")
        );
        assert_eq!(get("BORDERDESK_LAN_PORT"), Some("47811"));
    }

    #[test]
    fn every_problem_is_named_with_its_key() {
        let problems = parse_device_config(
            "mode = \"tablet\"\ncounty = 330329\nidle_timeout_seconds = 3\n\
             scanner_folder = \"scans\"\nserver_url = \"http://10.0.0.5\"\n\
             printer = \"two words\"\nlan_port = 70000\nmod = \"kiosk\"\nspeech = \"x\\u0000\"\n\
             site_name = \"泰顺县泗溪镇便民服务中心泰顺县泗溪镇便民服务中心泰顺县泗溪镇便民服务中心泰顺县泗溪镇\"\n",
        )
        .unwrap_err();
        for key in [
            "mode:",
            "county:",
            "idle_timeout_seconds:",
            "scanner_folder:",
            "server_url:",
            "printer:",
            "lan_port:",
            "mod: unknown key",
            "speech:",
            "site_name:",
        ] {
            assert!(
                problems.iter().any(|p| p.to_string().starts_with(key)),
                "{key} not in {problems:?}"
            );
        }
        assert_eq!(problems.len(), 10, "{problems:?}");
        assert!(parse_device_config("mode = [")
            .unwrap_err()
            .iter()
            .all(|p| p.to_string().starts_with("not TOML") && p.code == "device-setting-not-toml"));
    }

    #[test]
    fn the_packaged_example_file_is_the_generated_one() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../packaging/device.toml.example"
        );
        let generated = example_device_config();
        if std::env::var_os("BORDERDESK_BLESS").is_some() {
            std::fs::write(path, &generated).unwrap();
        }
        let shipped = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            shipped == generated,
            "{path} differs from DEVICE_SETTINGS: run BORDERDESK_BLESS=1 cargo test -p borderdesk-local --lib device_config"
        );
    }

    #[test]
    fn the_example_file_reads_back_with_every_key_uncommented() {
        let example = example_device_config();
        for s in DEVICE_SETTINGS {
            assert!(example.contains(&format!("#{} = ", s.key)), "{}", s.key);
        }
        // Uncommented, it is a good file.
        let live: String = example
            .lines()
            .filter(|l| l.starts_with('#') && l.contains(" = "))
            .map(|l| l.trim_start_matches('#').to_string() + "\n")
            .collect();
        assert!(parse_device_config(&live).is_ok(), "{live}");
    }
}
