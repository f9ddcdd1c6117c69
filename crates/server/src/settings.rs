//! Every setting of `borderdesk-server`, in one table: its key in the config file, its
//! environment variable, its default and what it does. The config loader, `check-config`,
//! the limits and the README's table all read this one list.
//!
//! Where a value comes from, strongest first: a command-line flag, the environment, the
//! config file (`/etc/borderdesk/server.toml`, or `--config PATH`, or `BORDERDESK_CONFIG`),
//! the default.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The config file read when neither `--config` nor `BORDERDESK_CONFIG` names one; it may be
/// missing.
pub const DEFAULT_CONFIG_PATH: &str = "/etc/borderdesk/server.toml";
/// The environment variable that names the config file.
pub const CONFIG_ENV: &str = "BORDERDESK_CONFIG";

/// What values a setting takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Any text.
    Text,
    /// Text that is never printed (shown masked).
    Secret,
    /// A PostgreSQL URL; its password is masked when shown.
    Url,
    /// A file path.
    Path,
    /// `host:port`.
    Address,
    /// A whole number in `min..=max`.
    Count { min: u64, max: u64 },
    /// One of these words.
    Choice(&'static [&'static str]),
    /// A log filter in tracing-subscriber's `EnvFilter` syntax.
    LogFilter,
    /// An app version, `MAJOR.MINOR.PATCH`.
    Version,
}

/// A setting's value when nothing sets it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Default {
    /// Unset.
    None,
    Text(&'static str),
    Count(u64),
    /// All cores but one, at least one.
    CoresButOne,
}

/// One row of the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Setting {
    /// The key in the config file.
    pub key: &'static str,
    /// The environment variable.
    pub env: &'static str,
    pub kind: Kind,
    pub default: Default,
    /// What it does (one line; the README says more).
    pub doc: &'static str,
}

const fn count(min: u64, max: u64) -> Kind {
    Kind::Count { min, max }
}

pub const DATABASE_URL: Setting = Setting {
    key: "database_url",
    env: "BORDERDESK_DATABASE_URL",
    kind: Kind::Url,
    default: Default::None,
    doc: "PostgreSQL URL (or --database-url)",
};
pub const LISTEN: Setting = Setting {
    key: "listen",
    env: "BORDERDESK_LISTEN",
    kind: Kind::Address,
    default: Default::Text("127.0.0.1:8080"),
    doc: "address the API listens on (or --listen)",
};
pub const ADMIN_TOKEN: Setting = Setting {
    key: "admin_token",
    env: "BORDERDESK_ADMIN_TOKEN",
    kind: Kind::Secret,
    default: Default::None,
    doc: "bearer token of the admin endpoints (or --admin-token); a config file that holds it must not be readable by others",
};
pub const ADMIN_TOKEN_FILE: Setting = Setting {
    key: "admin_token_file",
    env: "BORDERDESK_ADMIN_TOKEN_FILE",
    kind: Kind::Path,
    default: Default::None,
    doc: "a file holding the admin token (used when admin_token is not set)",
};
pub const METRICS_TOKEN: Setting = Setting {
    key: "metrics_token",
    env: "BORDERDESK_METRICS_TOKEN",
    kind: Kind::Secret,
    default: Default::None,
    doc: "bearer token that may read /metrics from anywhere (loopback and the admin token always may)",
};
pub const LOG_FORMAT: Setting = Setting {
    key: "log_format",
    env: "BORDERDESK_LOG_FORMAT",
    kind: Kind::Choice(&["text", "json"]),
    default: Default::Text("text"),
    doc: "log lines as text or as one JSON object each",
};
pub const LOG_FILTER: Setting = Setting {
    key: "log_filter",
    env: "RUST_LOG",
    kind: Kind::LogFilter,
    default: Default::Text("info,tower_http=info,sqlx=warn"),
    doc: "which log lines are written (tracing-subscriber's EnvFilter syntax)",
};
pub const SHUTDOWN_GRACE_SECONDS: Setting = Setting {
    key: "shutdown_grace_seconds",
    env: "BORDERDESK_SHUTDOWN_GRACE_SECONDS",
    kind: count(1, 3600),
    default: Default::Count(20),
    doc: "seconds running requests get to finish after SIGTERM or SIGINT",
};
pub const STATEMENT_TIMEOUT: Setting = Setting {
    key: "statement_timeout",
    env: "BORDERDESK_STATEMENT_TIMEOUT",
    kind: count(1, 86_400),
    default: Default::Count(20),
    doc: "seconds one statement may run; a connection idle in a transaction is ended after twice that",
};
pub const DB_CONNECTIONS: Setting = Setting {
    key: "db_connections",
    env: "BORDERDESK_DB_CONNECTIONS",
    kind: count(1, 1000),
    default: Default::Count(16),
    doc: "PostgreSQL connections this process keeps at most; with several processes (or PgBouncer) their sum must stay under the database's max_connections",
};
pub const FEED_LAG_ALARM: Setting = Setting {
    key: "feed_lag_alarm",
    env: "BORDERDESK_FEED_LAG_ALARM",
    kind: count(0, 86_400),
    default: Default::Count(60),
    doc:
        "seconds a transaction may hold the change feed's horizon before /healthz answers degraded",
};
pub const HEALTH_HISTORY_DAYS: Setting = Setting {
    key: "health_history_days",
    env: "BORDERDESK_HEALTH_HISTORY_DAYS",
    kind: count(1, 3650),
    default: Default::Count(crate::health::DEFAULT_HISTORY_DAYS as u64),
    doc: "days of device health history kept",
};
pub const LIMIT_TRACK_PER_DEVICE: Setting = Setting {
    key: "limit_track_per_device",
    env: "BORDERDESK_LIMIT_TRACK_PER_DEVICE",
    kind: count(1, u32::MAX as u64),
    default: Default::Count(60),
    doc: "tracking lookups per device in 10 minutes",
};
pub const LIMIT_TRACK_FAILURES: Setting = Setting {
    key: "limit_track_failures",
    env: "BORDERDESK_LIMIT_TRACK_FAILURES",
    kind: count(1, u32::MAX as u64),
    default: Default::Count(5),
    doc: "failed lookups of one tracking number in an hour, from any device",
};
pub const LIMIT_CANCEL_CODE_FAILURES: Setting = Setting {
    key: "limit_cancel_code_failures",
    env: "BORDERDESK_LIMIT_CANCEL_CODE_FAILURES",
    kind: count(1, u32::MAX as u64),
    default: Default::Count(5),
    doc: "wrong cancel codes tried against one booking",
};
pub const LIMIT_BOOKINGS_PER_DEVICE: Setting = Setting {
    key: "limit_bookings_per_device",
    env: "BORDERDESK_LIMIT_BOOKINGS_PER_DEVICE",
    kind: count(1, u32::MAX as u64),
    default: Default::Count(200),
    doc: "bookings one device may make in a day",
};
pub const LIMIT_BOOKINGS_PER_PERSON: Setting = Setting {
    key: "limit_bookings_per_person",
    env: "BORDERDESK_LIMIT_BOOKINGS_PER_PERSON",
    kind: count(1, u32::MAX as u64),
    default: Default::Count(3),
    doc: "bookings one person may make in a day",
};
pub const LIMIT_SMS_PER_PHONE: Setting = Setting {
    key: "limit_sms_per_phone",
    env: "BORDERDESK_LIMIT_SMS_PER_PHONE",
    kind: count(1, u32::MAX as u64),
    default: Default::Count(10),
    doc: "SMS planned for one phone number in a day",
};
pub const PASSWORD_HASHING_THREADS: Setting = Setting {
    key: "password_hashing_threads",
    env: "BORDERDESK_PASSWORD_HASHING_THREADS",
    kind: count(1, 1024),
    default: Default::CoresButOne,
    doc: "password hashes computed at once",
};
pub const PASSWORD_HASHING_QUEUE: Setting = Setting {
    key: "password_hashing_queue",
    env: "BORDERDESK_PASSWORD_HASHING_QUEUE",
    kind: count(1, u32::MAX as u64),
    default: Default::Count(64),
    doc: "logins that may wait for a hashing thread",
};
pub const PAGE_SIZE: Setting = Setting {
    key: "page_size",
    env: "BORDERDESK_PAGE_SIZE",
    kind: count(1, u32::MAX as u64),
    default: Default::Count(50),
    doc: "rows a page of a list route holds when the request gives no limit",
};
pub const PAGE_MAX: Setting = Setting {
    key: "page_max",
    env: "BORDERDESK_PAGE_MAX",
    kind: count(1, u32::MAX as u64),
    default: Default::Count(200),
    doc: "most rows a page holds",
};

pub const PUBLIC_URL: Setting = Setting {
    key: "public_url",
    env: "BORDERDESK_PUBLIC_URL",
    kind: Kind::Text,
    default: Default::None,
    doc: "the address devices reach this server at (https://…), for update links; else the Host they asked",
};
pub const RELEASE_MAX_BYTES: Setting = Setting {
    key: "release_max_bytes",
    env: "BORDERDESK_RELEASE_MAX_BYTES",
    kind: count(1, 4 * 1024 * 1024 * 1024),
    default: Default::Count(512 * 1024 * 1024),
    doc: "largest app release artifact publish-release takes, in bytes",
};

pub const UPDATE_DOWNLOADS_AT_ONCE: Setting = Setting {
    key: "update_downloads_at_once",
    env: "BORDERDESK_UPDATE_DOWNLOADS_AT_ONCE",
    kind: count(1, 10_000),
    default: Default::Count(8),
    doc: "app packages served at the same time; more devices get 429 with Retry-After and try at their next check",
};
pub const MIN_APP_VERSION: Setting = Setting {
    key: "min_app_version",
    env: "BORDERDESK_MIN_APP_VERSION",
    kind: Kind::Version,
    default: Default::None,
    doc: "devices below this app version may only update (their pushes and pulls get 426, their work waits)",
};

pub const CONSOLE_IDLE_MINUTES: Setting = Setting {
    key: "console_idle_minutes",
    env: "BORDERDESK_CONSOLE_IDLE_MINUTES",
    kind: count(1, 24 * 60),
    default: Default::Count(30),
    doc: "a console session unused this long ends (it ends after 12 hours in any case)",
};
pub const CONSOLE_COOKIE_SECURE: Setting = Setting {
    key: "console_cookie_secure",
    env: "BORDERDESK_CONSOLE_COOKIE_SECURE",
    kind: Kind::Choice(&["yes", "no"]),
    default: Default::Text("yes"),
    doc: "the console's session cookie is sent over HTTPS only; `no` only for a test on loopback",
};
pub const FLEET_SILENT_MINUTES: Setting = Setting {
    key: "fleet_silent_minutes",
    env: "BORDERDESK_FLEET_SILENT_MINUTES",
    kind: count(1, 365 * 24 * 60),
    default: Default::Count(24 * 60),
    doc: "a device not heard from this long stands out as silent in the console's fleet list",
};
pub const FLEET_STUCK_MINUTES: Setting = Setting {
    key: "fleet_stuck_minutes",
    env: "BORDERDESK_FLEET_STUCK_MINUTES",
    kind: count(1, 365 * 24 * 60),
    default: Default::Count(120),
    doc: "an outbox whose oldest entry waited this long stands out as stuck in the fleet list",
};
pub const ENROLLMENT_CODE_MINUTES: Setting = Setting {
    key: "enrollment_code_minutes",
    env: "BORDERDESK_ENROLLMENT_CODE_MINUTES",
    kind: count(5, 7 * 24 * 60),
    default: Default::Count(60),
    doc: "a device enrollment code made in the console works this long, once",
};
pub const ENROLLMENT_CODES_OPEN_MAX: Setting = Setting {
    key: "enrollment_codes_open_max",
    env: "BORDERDESK_ENROLLMENT_CODES_OPEN_MAX",
    kind: count(1, 10_000),
    default: Default::Count(50),
    doc: "enrollment codes open (made, not yet used, cancelled or expired) at once, county-wide",
};
pub const LIMIT_ENROLLMENT_ATTEMPTS: Setting = Setting {
    key: "limit_enrollment_attempts",
    env: "BORDERDESK_LIMIT_ENROLLMENT_ATTEMPTS",
    kind: count(1, 100_000),
    default: Default::Count(20),
    doc: "enrollment code redemptions one client address may try in an hour (a guess costs one)",
};
pub const RATING_FOLLOW_UP_DAYS: Setting = Setting {
    key: "rating_follow_up_working_days",
    env: "BORDERDESK_RATING_FOLLOW_UP_WORKING_DAYS",
    kind: count(1, 60),
    default: Default::Count(borderdesk_core::rating::DEFAULT_FOLLOW_UP_WORKING_DAYS as u64),
    doc: "working days a site has to follow up a poor rating (不满意 or worse) and record the outcome (15 by the national 好差评 rule)",
};

/// The table.
pub const ALL: &[Setting] = &[
    DATABASE_URL,
    LISTEN,
    ADMIN_TOKEN,
    ADMIN_TOKEN_FILE,
    METRICS_TOKEN,
    LOG_FORMAT,
    LOG_FILTER,
    SHUTDOWN_GRACE_SECONDS,
    STATEMENT_TIMEOUT,
    DB_CONNECTIONS,
    FEED_LAG_ALARM,
    HEALTH_HISTORY_DAYS,
    LIMIT_TRACK_PER_DEVICE,
    LIMIT_TRACK_FAILURES,
    LIMIT_CANCEL_CODE_FAILURES,
    LIMIT_BOOKINGS_PER_DEVICE,
    LIMIT_BOOKINGS_PER_PERSON,
    LIMIT_SMS_PER_PHONE,
    PASSWORD_HASHING_THREADS,
    PASSWORD_HASHING_QUEUE,
    PAGE_SIZE,
    PAGE_MAX,
    PUBLIC_URL,
    RELEASE_MAX_BYTES,
    MIN_APP_VERSION,
    UPDATE_DOWNLOADS_AT_ONCE,
    CONSOLE_IDLE_MINUTES,
    CONSOLE_COOKIE_SECURE,
    FLEET_SILENT_MINUTES,
    FLEET_STUCK_MINUTES,
    ENROLLMENT_CODE_MINUTES,
    ENROLLMENT_CODES_OPEN_MAX,
    LIMIT_ENROLLMENT_ATTEMPTS,
    RATING_FOLLOW_UP_DAYS,
];

/// Where a value came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Default,
    File(PathBuf),
    Env,
    Flag,
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Default => f.write_str("default"),
            Self::File(p) => write!(f, "file {}", p.display()),
            Self::Env => f.write_str("env"),
            Self::Flag => f.write_str("flag"),
        }
    }
}

/// A value, checked against its setting's kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Text(String),
    Count(u64),
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Text(t) => f.write_str(t),
            Self::Count(n) => write!(f, "{n}"),
        }
    }
}

/// One thing wrong with the configuration, said in one line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem(pub String);

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The effective settings, each with where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    values: BTreeMap<&'static str, (Value, Source)>,
    /// The config file that was read, if any.
    pub file: Option<PathBuf>,
}

/// What the loader reads besides the file: the environment and the command line.
#[derive(Debug, Clone, Default)]
pub struct Inputs {
    /// `--config`.
    pub config: Option<PathBuf>,
    /// Environment variables (name, value).
    pub env: BTreeMap<String, String>,
    /// Flags given on the command line (setting key, value).
    pub flags: Vec<(&'static str, String)>,
    /// Whether to read a config file at all (the library's own defaults read none).
    pub read_file: bool,
}

impl Inputs {
    /// The process's environment and no flags.
    pub fn from_process_env() -> Self {
        Self {
            config: None,
            env: std::env::vars().collect(),
            flags: Vec::new(),
            read_file: true,
        }
    }
}

/// Checks `raw` (text from the environment or a flag) against `setting`.
fn parse_text(setting: &Setting, raw: &str) -> Result<Value, String> {
    match setting.kind {
        Kind::Count { .. } => {
            let n: u64 = raw
                .trim()
                .parse()
                .map_err(|_| format!("{raw:?} is not a whole number"))?;
            check_count(setting, n)
        }
        _ => check_text(setting, raw.to_string()),
    }
}

fn check_count(setting: &Setting, n: u64) -> Result<Value, String> {
    match setting.kind {
        Kind::Count { min, max } if n < min || n > max => {
            Err(format!("{n} is out of range ({min}..={max})"))
        }
        _ => Ok(Value::Count(n)),
    }
}

fn check_text(setting: &Setting, text: String) -> Result<Value, String> {
    match setting.kind {
        Kind::Address => {
            text.parse::<std::net::SocketAddr>()
                .map_err(|_| format!("{text:?} is not an address like 127.0.0.1:8080"))?;
        }
        Kind::LogFilter => {
            tracing_subscriber::EnvFilter::try_new(&text)
                .map_err(|e| format!("{text:?} is not a log filter: {e}"))?;
        }
        Kind::Version if borderdesk_core::rollout::AppVersion::parse(text.trim()).is_none() => {
            return Err(format!("{text:?} is not a version like 0.2.0"));
        }
        Kind::Choice(words) if !words.contains(&text.as_str()) => {
            return Err(format!("{text:?} is not one of {}", words.join(", ")));
        }
        Kind::Secret | Kind::Url | Kind::Path if text.trim().is_empty() => {
            return Err("must not be empty".into());
        }
        _ => {}
    }
    Ok(Value::Text(text))
}

/// Checks a value from the config file against `setting`.
fn parse_toml(setting: &Setting, value: &toml::Value) -> Result<Value, String> {
    match (setting.kind, value) {
        (Kind::Count { .. }, toml::Value::Integer(n)) => match u64::try_from(*n) {
            Ok(n) => check_count(setting, n),
            Err(_) => Err(format!("{n} is out of range")),
        },
        (Kind::Count { .. }, other) => Err(format!(
            "wrong type: expected a whole number, found {}",
            other.type_str()
        )),
        (_, toml::Value::String(s)) => check_text(setting, s.clone()),
        (_, other) => Err(format!(
            "wrong type: expected a string, found {}",
            other.type_str()
        )),
    }
}

/// The known key nearest to `key`, when it is near enough to be a typo.
pub fn suggest(key: &str) -> Option<&'static str> {
    ALL.iter()
        .map(|s| (edit_distance(key, s.key), s.key))
        .filter(|(d, k)| *d <= 3.max(k.len() / 4))
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let current = row[j + 1];
            row[j + 1] = if ca == *cb {
                previous
            } else {
                1 + previous.min(row[j]).min(current)
            };
            previous = current;
        }
    }
    row[b.len()]
}

#[cfg(unix)]
fn readable_by_others(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path)
        .map(|m| m.permissions().mode() & 0o004 != 0)
        .unwrap_or(false)
}

#[cfg(not(unix))]
fn readable_by_others(_path: &Path) -> bool {
    false
}

impl Settings {
    /// The defaults alone.
    pub fn defaults() -> Self {
        let mut values = BTreeMap::new();
        for s in ALL {
            let value = match s.default {
                Default::None => continue,
                Default::Text(t) => Value::Text(t.into()),
                Default::Count(n) => Value::Count(n),
                Default::CoresButOne => Value::Count(
                    std::thread::available_parallelism()
                        .map(|n| (n.get() as u64).saturating_sub(1).max(1))
                        .unwrap_or(1),
                ),
            };
            values.insert(s.key, (value, Source::Default));
        }
        Self { values, file: None }
    }

    /// Reads the config file, then the environment, then the flags, each over the one
    /// before; returns what it could make of them and every problem it met. A missing
    /// default file is no problem; a file named explicitly that is missing is.
    pub fn load(inputs: &Inputs) -> (Self, Vec<Problem>) {
        let mut settings = Self::defaults();
        let mut problems = Vec::new();
        let (path, explicit) = match (&inputs.config, inputs.env.get(CONFIG_ENV)) {
            (Some(p), _) => (p.clone(), true),
            (None, Some(p)) if !p.is_empty() => (PathBuf::from(p), true),
            _ => (PathBuf::from(DEFAULT_CONFIG_PATH), false),
        };
        let read = if inputs.read_file || inputs.config.is_some() {
            std::fs::read_to_string(&path)
        } else {
            Err(std::io::ErrorKind::NotFound.into())
        };
        let explicit = explicit && (inputs.read_file || inputs.config.is_some());
        match read {
            Ok(text) => {
                settings.file = Some(path.clone());
                settings.read_file(&path, &text, &mut problems);
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !explicit => {}
            Err(e) => problems.push(Problem(format!(
                "{}: cannot read the config file: {e}",
                path.display()
            ))),
        }
        for s in ALL {
            if let Some(raw) = inputs.env.get(s.env) {
                match parse_text(s, raw) {
                    Ok(v) => {
                        settings.values.insert(s.key, (v, Source::Env));
                    }
                    Err(e) => problems.push(Problem(format!("{}: {e}", s.env))),
                }
            }
        }
        for (key, raw) in &inputs.flags {
            if let Some(s) = ALL.iter().find(|s| s.key == *key) {
                match parse_text(s, raw) {
                    Ok(v) => {
                        settings.values.insert(s.key, (v, Source::Flag));
                    }
                    Err(e) => problems.push(Problem(format!("--{}: {e}", key.replace('_', "-")))),
                }
            }
        }
        if settings.count(&PAGE_SIZE) > settings.count(&PAGE_MAX) {
            problems.push(Problem(format!(
                "page_size ({}) is larger than page_max ({})",
                settings.count(&PAGE_SIZE),
                settings.count(&PAGE_MAX)
            )));
        }
        (settings, problems)
    }

    fn read_file(&mut self, path: &Path, text: &str, problems: &mut Vec<Problem>) {
        let table: toml::Table = match text.parse() {
            Ok(t) => t,
            Err(e) => {
                let message = e.message().to_string();
                let line = e
                    .span()
                    .map(|s| text[..s.start.min(text.len())].lines().count().max(1));
                problems.push(Problem(match line {
                    Some(l) => format!("{}:{l}: not TOML: {message}", path.display()),
                    None => format!("{}: not TOML: {message}", path.display()),
                }));
                return;
            }
        };
        for (key, value) in &table {
            let Some(s) = ALL.iter().find(|s| s.key == key) else {
                problems.push(Problem(match suggest(key) {
                    Some(k) => format!(
                        "{}: unknown key {key:?} (did you mean {k:?}?)",
                        path.display()
                    ),
                    None => format!("{}: unknown key {key:?}", path.display()),
                }));
                continue;
            };
            match parse_toml(s, value) {
                Ok(v) => {
                    self.values
                        .insert(s.key, (v, Source::File(path.to_path_buf())));
                }
                Err(e) => problems.push(Problem(format!("{}: {key}: {e}", path.display()))),
            }
        }
        let secrets_inline: Vec<&str> = [ADMIN_TOKEN.key, METRICS_TOKEN.key]
            .into_iter()
            .filter(|k| table.contains_key(*k))
            .collect();
        if !secrets_inline.is_empty() && readable_by_others(path) {
            problems.push(Problem(format!(
                "{}: holds {} but is readable by others; `chmod o-r {}` (or move the token to admin_token_file)",
                path.display(),
                secrets_inline.join(" and "),
                path.display()
            )));
        }
    }

    /// The value of `setting` and where it came from, if it has one.
    pub fn get(&self, setting: &Setting) -> Option<&(Value, Source)> {
        self.values.get(setting.key)
    }

    /// A text setting's value.
    pub fn text(&self, setting: &Setting) -> Option<&str> {
        match self.get(setting) {
            Some((Value::Text(t), _)) => Some(t),
            _ => None,
        }
    }

    /// A number setting's value (its default when the table has a number default).
    pub fn count(&self, setting: &Setting) -> u64 {
        match (self.get(setting), setting.default) {
            (Some((Value::Count(n), _)), _) => *n,
            (_, Default::Count(n)) => n,
            _ => 1,
        }
    }

    /// The admin token: `admin_token`, else the first line of `admin_token_file`.
    pub fn admin_token(&self) -> Result<Option<String>, Problem> {
        if let Some(t) = self.text(&ADMIN_TOKEN) {
            return Ok(Some(t.to_string()));
        }
        let Some(path) = self.text(&ADMIN_TOKEN_FILE) else {
            return Ok(None);
        };
        let text = std::fs::read_to_string(path)
            .map_err(|e| Problem(format!("admin_token_file {path}: cannot read it: {e}")))?;
        if readable_by_others(Path::new(path)) {
            return Err(Problem(format!(
                "admin_token_file {path}: readable by others; `chmod o-r {path}`"
            )));
        }
        let token = text.lines().next().unwrap_or("").trim().to_string();
        if token.is_empty() {
            return Err(Problem(format!("admin_token_file {path}: is empty")));
        }
        Ok(Some(token))
    }

    /// `key = value  (source)` for every setting, secrets masked, unset ones said so.
    pub fn describe(&self) -> Vec<String> {
        ALL.iter()
            .map(|s| match self.get(s) {
                Some((value, source)) => {
                    format!("{} = {}  ({source})", s.key, shown(s, value))
                }
                None => format!("{} unset", s.key),
            })
            .collect()
    }
}

/// A value as it may be printed: secrets masked, a URL's password masked.
pub fn shown(setting: &Setting, value: &Value) -> String {
    match (setting.kind, value) {
        (Kind::Secret, _) => "********".into(),
        (Kind::Url, Value::Text(url)) => mask_url_password(url),
        _ => value.to_string(),
    }
}

fn mask_url_password(url: &str) -> String {
    // scheme://user:password@host/...
    let Some(scheme_end) = url.find("://") else {
        return url.to_string();
    };
    let rest = &url[scheme_end + 3..];
    let authority_end = rest.find('/').unwrap_or(rest.len());
    let authority = &rest[..authority_end];
    match (authority.rfind('@'), authority.find(':')) {
        (Some(at), Some(colon)) if colon < at => format!(
            "{}{}:********{}",
            &url[..scheme_end + 3],
            &authority[..colon],
            &rest[at..]
        ),
        _ => {
            // A password may also come as `?password=`.
            match url.find("password=") {
                Some(i) => {
                    let end = url[i..].find('&').map(|e| i + e).unwrap_or(url.len());
                    format!("{}password=********{}", &url[..i], &url[end..])
                }
                None => url.to_string(),
            }
        }
    }
}

static INSTALLED: OnceLock<Settings> = OnceLock::new();

/// Makes `settings` the ones the server runs with (the binary does this once, at start).
/// Returns false when settings were in force already.
pub fn install(settings: Settings) -> bool {
    INSTALLED.set(settings).is_ok()
}

/// The settings in force: those installed at start, else the environment over the defaults
/// (a value the environment gets wrong is left at its default there; `borderdesk-server`
/// itself refuses to start with one).
pub fn current() -> &'static Settings {
    INSTALLED.get_or_init(|| {
        // Library use (tests): no config file.
        let inputs = Inputs {
            read_file: false,
            ..Inputs::from_process_env()
        };
        let (settings, _problems) = Settings::load(&inputs);
        settings
    })
}

/// A number setting as it stands now: the installed settings' value, else the environment's
/// (read again on every call, as the server always did for these), else the default.
pub fn count_now(setting: &Setting) -> u64 {
    if let Some(installed) = INSTALLED.get() {
        return installed.count(setting);
    }
    match std::env::var(setting.env)
        .ok()
        .map(|raw| parse_text(setting, &raw))
    {
        Some(Ok(Value::Count(n))) => n,
        _ => match setting.default {
            Default::Count(n) => n,
            _ => Settings::defaults().count(setting),
        },
    }
}

/// A text setting's value now, as [`count_now`] reads a number: the installed settings, else
/// the environment (so that library use never freezes the settings on a hot path).
pub fn text_now(setting: &Setting) -> Option<String> {
    if let Some(installed) = INSTALLED.get() {
        return installed.text(setting).map(str::to_string);
    }
    match std::env::var(setting.env)
        .ok()
        .map(|raw| parse_text(setting, &raw))
    {
        Some(Ok(Value::Text(t))) => Some(t),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_and_variable_is_unique() {
        let mut keys: Vec<_> = ALL.iter().map(|s| s.key).collect();
        let mut envs: Vec<_> = ALL.iter().map(|s| s.env).collect();
        keys.sort();
        keys.dedup();
        envs.sort();
        envs.dedup();
        assert_eq!(keys.len(), ALL.len());
        assert_eq!(envs.len(), ALL.len());
    }

    /// The example config file and the README's table are written by hand from this table:
    /// neither may miss a setting.
    #[test]
    fn the_example_file_and_the_readme_name_every_setting() {
        let example = include_str!("../../../packaging/server.toml.example");
        let readme = include_str!("../../../README.md");
        for s in ALL {
            assert!(
                example.contains(&format!("\n#{} = ", s.key)),
                "packaging/server.toml.example lacks {}",
                s.key
            );
            assert!(
                example.contains(&format!("({}", s.env))
                    || example.contains(&format!(" {}", s.env)),
                "packaging/server.toml.example does not name {}",
                s.env
            );
            assert!(
                readme.contains(&format!("| `{}` | `{}` |", s.key, s.env)),
                "README.md's settings table lacks {} / {}",
                s.key,
                s.env
            );
        }
        // Every key in the example is a setting, and the example parses as it stands.
        let uncommented: String = example
            .lines()
            .map(|l| {
                l.strip_prefix('#')
                    .filter(|r| r.contains(" = "))
                    .unwrap_or("")
            })
            .collect::<Vec<_>>()
            .join("\n");
        let table: toml::Table = uncommented.parse().unwrap();
        for (key, value) in &table {
            let s = ALL.iter().find(|s| s.key == key).unwrap();
            if !matches!((s.kind, value), (Kind::Secret, toml::Value::String(v)) if v.is_empty()) {
                assert!(parse_toml(s, value).is_ok(), "{key}");
            }
        }
        assert_eq!(table.len(), ALL.len());
    }

    #[test]
    fn a_typo_gets_the_key_it_meant() {
        assert_eq!(suggest("databse_url"), Some("database_url"));
        assert_eq!(suggest("page_sise"), Some("page_size"));
        assert_eq!(suggest("completely_different_thing"), None);
    }

    #[test]
    fn a_url_password_is_never_shown() {
        let s = mask_url_password("postgres://bd:s3cret@db.example:5432/borderdesk");
        assert_eq!(s, "postgres://bd:********@db.example:5432/borderdesk");
        assert_eq!(
            mask_url_password("postgres://db/x?user=a&password=p&sslmode=require"),
            "postgres://db/x?user=a&password=********&sslmode=require"
        );
        assert_eq!(
            mask_url_password("postgres://bd@db/x"),
            "postgres://bd@db/x"
        );
    }

    #[test]
    fn flags_beat_the_environment_which_beats_the_defaults() {
        let mut inputs = Inputs::default();
        inputs.env.insert("BORDERDESK_PAGE_SIZE".into(), "7".into());
        inputs
            .env
            .insert("BORDERDESK_LISTEN".into(), "127.0.0.1:1".into());
        inputs.flags.push(("listen", "127.0.0.1:2".into()));
        let (s, problems) = Settings::load(&inputs);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(s.count(&PAGE_SIZE), 7);
        assert_eq!(s.text(&LISTEN), Some("127.0.0.1:2"));
        assert_eq!(s.get(&PAGE_MAX).map(|v| &v.1), Some(&Source::Default));
    }
}
