//! The config file, the environment over it, flags over both, and `check-config` explaining
//! what is wrong: the real binary, run as a county would run it.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use borderdesk_testkit::TestPostgres;

const BIN: &str = env!("CARGO_BIN_EXE_borderdesk-server");

/// A temp dir with a config file of `body` (mode 0600) and a token file (mode 0600).
struct Setup {
    dir: tempfile::TempDir,
}

impl Setup {
    fn new(body: &str) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let token = dir.path().join("admin.token");
        std::fs::write(&token, "file-token\n").unwrap();
        std::fs::set_permissions(&token, std::fs::Permissions::from_mode(0o600)).unwrap();
        let s = Self { dir };
        s.write(body, 0o600);
        s
    }

    fn config(&self) -> PathBuf {
        self.dir.path().join("server.toml")
    }

    fn token_file(&self) -> PathBuf {
        self.dir.path().join("admin.token")
    }

    fn write(&self, body: &str, mode: u32) {
        std::fs::write(self.config(), body).unwrap();
        std::fs::set_permissions(self.config(), std::fs::Permissions::from_mode(mode)).unwrap();
    }
}

/// `borderdesk-server ARGS` with only `env` in its environment (no BORDERDESK_* of ours).
fn run(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut c = Command::new(BIN);
    c.env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default());
    for (k, v) in env {
        c.env(k, v);
    }
    c.args(args).output().unwrap()
}

fn check(config: &Path, env: &[(&str, &str)]) -> (i32, String, String) {
    let o = run(&["check-config", "--config", config.to_str().unwrap()], env);
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

async fn database() -> String {
    TestPostgres::shared().fresh_database().await
}

fn good_config(s: &Setup, database_url: &str, extra: &str) -> String {
    format!(
        "database_url = {database_url:?}\nadmin_token_file = {:?}\nlisten = \"127.0.0.1:8181\"\n{extra}",
        s.token_file().to_str().unwrap()
    )
}

#[tokio::test]
async fn a_good_file_passes_and_its_values_are_in_force() {
    let url = database().await;
    let s = Setup::new("");
    s.write(
        &good_config(&s, &url, "page_size = 7\nlog_format = \"json\"\n"),
        0o600,
    );
    let (code, out, err) = check(&s.config(), &[]);
    assert_eq!(code, 0, "{out}\n{err}");
    let file = format!("(file {})", s.config().display());
    assert!(out.contains(&format!("page_size = 7  {file}")), "{out}");
    assert!(
        out.contains(&format!("listen = 127.0.0.1:8181  {file}")),
        "{out}"
    );
    assert!(out.contains(&format!("log_format = json  {file}")), "{out}");
    assert!(out.contains("page_max = 200  (default)"), "{out}");
    assert!(out.trim_end().ends_with("ok"), "{out}");
}

#[tokio::test]
async fn the_environment_overrides_the_file_and_a_flag_overrides_both() {
    let url = database().await;
    let s = Setup::new("");
    s.write(
        &good_config(
            &s,
            "postgres://nobody@127.0.0.1:1/none",
            "page_size = 7\npage_max = 100\n",
        ),
        0o600,
    );
    let o = run(
        &[
            "check-config",
            "--config",
            s.config().to_str().unwrap(),
            "--database-url",
            &url,
        ],
        &[
            ("BORDERDESK_PAGE_SIZE", "9"),
            (
                "BORDERDESK_DATABASE_URL",
                "postgres://nobody@127.0.0.1:2/none",
            ),
        ],
    );
    let out = String::from_utf8_lossy(&o.stdout);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{out}\n{err}");
    assert!(out.contains("page_size = 9  (env)"), "{out}");
    assert!(out.contains("page_max = 100  (file"), "{out}");
    let url_line = out
        .lines()
        .find(|l| l.trim_start().starts_with("database_url ="))
        .unwrap();
    assert!(url_line.ends_with("(flag)"), "{out}");
}

#[tokio::test]
async fn the_config_file_may_be_named_by_the_environment() {
    let url = database().await;
    let s = Setup::new("");
    s.write(&good_config(&s, &url, "page_size = 11\n"), 0o600);
    let o = run(
        &["check-config"],
        &[("BORDERDESK_CONFIG", s.config().to_str().unwrap())],
    );
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(0), "{out}");
    assert!(out.contains("page_size = 11  (file"), "{out}");
}

#[tokio::test]
async fn an_unknown_key_is_reported_with_the_key_it_likely_meant() {
    let url = database().await;
    let s = Setup::new("");
    s.write(&good_config(&s, &url, "page_sise = 7\n"), 0o600);
    let (code, out, err) = check(&s.config(), &[]);
    assert_eq!(code, 1, "{out}\n{err}");
    assert!(
        err.contains(r#"unknown key "page_sise" (did you mean "page_size"?)"#),
        "{err}"
    );
    assert!(err.contains("1 problem(s)"), "{err}");
}

#[tokio::test]
async fn a_bad_value_is_reported_one_line_each() {
    let url = database().await;
    let s = Setup::new("");
    s.write(
        &good_config(
            &s,
            &url,
            "page_max = 0\nstatement_timeout = \"twenty\"\nlog_format = \"xml\"\n",
        ),
        0o600,
    );
    let (code, out, err) = check(
        &s.config(),
        &[
            ("BORDERDESK_LIMIT_TRACK_FAILURES", "many"),
            ("RUST_LOG", "sqlx=loud"),
        ],
    );
    assert_eq!(code, 1, "{out}\n{err}");
    let problems: Vec<&str> = err.lines().filter(|l| l.starts_with("problem: ")).collect();
    assert_eq!(problems.len(), 5, "{err}");
    assert!(
        err.contains(r#"RUST_LOG: "sqlx=loud" is not a log filter"#),
        "{err}"
    );
    assert!(err.contains("page_max: 0 is out of range"), "{err}");
    assert!(
        err.contains("statement_timeout: wrong type: expected a whole number, found string"),
        "{err}"
    );
    assert!(
        err.contains(r#"log_format: "xml" is not one of text, json"#),
        "{err}"
    );
    assert!(
        err.contains(r#"BORDERDESK_LIMIT_TRACK_FAILURES: "many" is not a whole number"#),
        "{err}"
    );
}

#[tokio::test]
async fn serve_refuses_to_start_with_a_bad_setting() {
    let s = Setup::new("");
    s.write(
        &good_config(&s, "postgres://nobody@127.0.0.1:1/none", "page_max = -3\n"),
        0o600,
    );
    let o = run(&["--config", s.config().to_str().unwrap(), "serve"], &[]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("page_max"), "{err}");
    assert!(err.contains("check-config"), "{err}");
}

#[tokio::test]
async fn a_token_inline_in_a_file_others_can_read_is_refused() {
    let url = database().await;
    let s = Setup::new("");
    let body = format!("database_url = {url:?}\nadmin_token = \"inline-secret\"\n");
    s.write(&body, 0o644);
    let (code, out, err) = check(&s.config(), &[]);
    assert_eq!(code, 1, "{out}\n{err}");
    assert!(
        err.contains("holds admin_token but is readable by others"),
        "{err}"
    );
    assert!(!out.contains("inline-secret") && !err.contains("inline-secret"));
    assert!(out.contains("admin_token = ********"), "{out}");

    s.write(&body, 0o640);
    let (code, out, err) = check(&s.config(), &[]);
    assert_eq!(code, 0, "{out}\n{err}");
}

#[tokio::test]
async fn an_unreadable_token_file_and_an_unreachable_database_are_reported() {
    let s = Setup::new("");
    let missing = s.dir.path().join("no-such.token");
    s.write(
        &format!(
            "database_url = \"postgres://nobody@127.0.0.1:1/none\"\nadmin_token_file = {:?}\n",
            missing.to_str().unwrap()
        ),
        0o600,
    );
    let (code, out, err) = check(&s.config(), &[]);
    assert_eq!(code, 1, "{out}\n{err}");
    assert!(
        err.contains("admin_token_file") && err.contains("cannot read it"),
        "{err}"
    );
    assert!(err.contains("database: cannot connect"), "{err}");
}

#[tokio::test]
async fn a_named_config_file_that_is_missing_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("server.toml");
    let (code, _out, err) = check(&missing, &[]);
    assert_eq!(code, 1);
    assert!(err.contains("cannot read the config file"), "{err}");
}

#[tokio::test]
async fn a_file_that_is_not_toml_says_where() {
    let s = Setup::new("");
    s.write("page_size = 7\nlisten = [\n", 0o600);
    let (code, _out, err) = check(&s.config(), &[]);
    assert_eq!(code, 1);
    assert!(err.contains("not TOML"), "{err}");
}
