//! Remote support with `borderdesk-ctl`: the real binary on a real device database (and a
//! real server where the command talks to one): doctor, outbox, retry, discard, backup and
//! restore.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use borderdesk_local::Store;
use borderdesk_testkit::TestPostgres;

const ADMIN: &str = "ctl-support-admin-token";
/// What the test device's applications hold: none of it may ever be printed.
const NAME: &str = "李四";
const ID_NUMBER: &str = "330329195803120013";
const PHONE: &str = "13900139000";

/// A device folder: its database, its key, a scanner folder, a fake `lpstat`.
struct Device {
    dir: tempfile::TempDir,
}

impl Device {
    fn new() -> Self {
        let d = Self {
            dir: tempfile::tempdir().unwrap(),
        };
        std::fs::create_dir(d.scans()).unwrap();
        d.lpstat("printer Kiosk is idle.  enabled since Tue 01 Dec 2026\nsystem default destination: Kiosk\n");
        d
    }
    fn db(&self) -> PathBuf {
        self.dir.path().join("kiosk.sqlite")
    }
    fn key(&self) -> PathBuf {
        self.dir.path().join("device.key")
    }
    fn scans(&self) -> PathBuf {
        self.dir.path().join("scans")
    }
    /// `lpstat` prints `output`.
    fn lpstat(&self, output: &str) {
        let script = self.dir.path().join("lpstat");
        let body = format!("#!/bin/sh\ncat <<'EOF'\n{output}EOF\n");
        std::fs::write(&script, body).unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    async fn store(&self) -> Store {
        Store::open_with_key(&self.db(), &self.key()).await.unwrap()
    }
    fn ctl(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_borderdesk-ctl"))
            .arg("--db")
            .arg(self.db())
            .args(args)
            .env("BORDERDESK_KEY_FILE", self.key())
            .env("BORDERDESK_SCAN_DIR", self.scans())
            .env("BORDERDESK_LPSTAT", self.dir.path().join("lpstat"))
            .env_remove("BORDERDESK_LANG")
            .env_remove("LANG")
            .env_remove("BORDERDESK_ADMIN_TOKEN")
            .env_remove("BORDERDESK_CARD_READER")
            .output()
            .expect("run borderdesk-ctl")
    }
    /// `ctl` off the async threads (the test's server runs on them).
    async fn run(&self, args: &[&str]) -> Output {
        let (bin_args, db, key, scans, dir) = (
            args.iter().map(|a| a.to_string()).collect::<Vec<_>>(),
            self.db(),
            self.key(),
            self.scans(),
            self.dir.path().to_path_buf(),
        );
        tokio::task::spawn_blocking(move || {
            Command::new(env!("CARGO_BIN_EXE_borderdesk-ctl"))
                .arg("--db")
                .arg(db)
                .args(bin_args)
                .env("BORDERDESK_KEY_FILE", key)
                .env("BORDERDESK_SCAN_DIR", scans)
                .env("BORDERDESK_LPSTAT", dir.join("lpstat"))
                .env_remove("BORDERDESK_LANG")
                .env_remove("LANG")
                .env_remove("BORDERDESK_CARD_READER")
                .output()
                .expect("run borderdesk-ctl")
        })
        .await
        .unwrap()
    }
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", stdout(o)))
}

fn check<'a>(doc: &'a serde_json::Value, name: &str) -> &'a serde_json::Value {
    doc["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["check"] == name)
        .unwrap_or_else(|| panic!("no {name} check in {doc}"))
}

fn draft(store: &Store) -> borderdesk_core::ApplicationDraft {
    let item = store.catalog_item("ZM-HJ-001").unwrap();
    let mut answers = BTreeMap::new();
    for q in &item.questions {
        if !q.is_asked(&answers) {
            continue;
        }
        let v = match q.kind {
            borderdesk_core::QuestionKind::Name => NAME.to_string(),
            borderdesk_core::QuestionKind::IdNumber => ID_NUMBER.to_string(),
            borderdesk_core::QuestionKind::Phone => PHONE.to_string(),
            borderdesk_core::QuestionKind::Choice => q.options[0].value.clone(),
            borderdesk_core::QuestionKind::Date => "2026-11-20".to_string(),
            _ => "测试".to_string(),
        };
        answers.insert(q.id.clone(), v);
    }
    borderdesk_core::ApplicationDraft {
        item_code: item.code,
        answers,
        attachments: Vec::new(),
        resumed_from: None,
    }
}

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()
}

/// A device with two applications waiting, the first of them set aside with a code.
async fn device_with_a_set_aside_entry() -> Device {
    let d = Device::new();
    let store = d.store().await;
    for _ in 0..2 {
        store
            .submit_application(&draft(&store), today())
            .await
            .unwrap();
    }
    sqlx::query(
        "UPDATE outbox SET state = 'rejected', attempts = 5, error_code = 'error-mutation-unappliable'
          WHERE seq = (SELECT min(seq) FROM outbox)",
    )
    .execute(store.pool())
    .await
    .unwrap();
    store.close().await;
    d
}

fn never_personal(text: &str) {
    for secret in [NAME, ID_NUMBER, PHONE, "测试", "0013"] {
        assert!(!text.contains(secret), "{secret} printed: {text}");
    }
}

async fn start_server() -> borderdesk_server::RunningServer {
    borderdesk_server::start(borderdesk_server::Config {
        database_url: TestPostgres::shared().fresh_database().await,
        listen: "127.0.0.1:0".parse().unwrap(),
        admin_token: ADMIN.into(),
    })
    .await
    .unwrap()
}

#[tokio::test]
async fn doctor_on_an_enrolled_device_checks_everything_and_says_when_the_server_is_gone() {
    let d = Device::new();
    let server = start_server().await;
    let store = d.store().await;
    borderdesk_local::sync::enroll(&store, &server.url(), ADMIN, "自助机1", "taishun-luoyang")
        .await
        .unwrap();
    store.close().await;

    let out = d.run(&["doctor", "--json"]).await;
    let doc = json(&out);
    assert!(out.status.success(), "{doc}");
    assert_eq!(doc["ok"], true);
    assert_eq!(check(&doc, "server")["status"], "ok");
    assert_eq!(check(&doc, "tls")["value"], "loopback_http");
    let offset = check(&doc, "clock")["value"].as_i64().expect("an offset");
    assert!(offset.abs() < 5_000, "same machine, same clock: {offset}");
    assert_eq!(check(&doc, "clock")["status"], "ok");
    assert!(check(&doc, "disk")["value"].as_u64().unwrap() > 0);
    assert_eq!(check(&doc, "integrity")["value"], "ok");
    assert_eq!(check(&doc, "key")["value"], "0600");
    assert_eq!(check(&doc, "printer")["value"], "ready");
    assert_eq!(check(&doc, "scanner")["value"], "ready");
    // No reader set: skipped, names and ID numbers are typed.
    assert_eq!(check(&doc, "card_reader")["value"], "not_configured");
    assert_eq!(check(&doc, "card_reader")["status"], "skip");

    // One line per check, in Chinese by default, and in English when asked.
    let text = stdout(&d.run(&["doctor"]).await);
    assert_eq!(text.lines().count(), 12, "{text}");
    assert!(
        text.contains("[正常] 服务器") && text.contains("没有发现问题"),
        "{text}"
    );
    let text = stdout(&d.run(&["--lang", "en", "doctor"]).await);
    assert!(
        text.contains("[OK] Server") && text.contains("loopback"),
        "{text}"
    );

    server.shutdown().await;
    let out = d.run(&["doctor", "--json"]).await;
    assert!(!out.status.success(), "a dead server is something wrong");
    let doc = json(&out);
    assert_eq!(check(&doc, "server")["status"], "fail");
    assert_eq!(check(&doc, "server")["value"], "error-server-unreachable");
    assert_eq!(check(&doc, "clock")["status"], "skip");
}

#[test]
fn doctor_fails_on_a_card_reader_that_does_not_answer() {
    let d = Device::new();
    let out = Command::new(env!("CARGO_BIN_EXE_borderdesk-ctl"))
        .arg("--db")
        .arg(d.db())
        .args(["--lang", "en", "doctor", "--json"])
        .env("BORDERDESK_KEY_FILE", d.key())
        .env("BORDERDESK_SCAN_DIR", d.scans())
        .env("BORDERDESK_LPSTAT", d.dir.path().join("lpstat"))
        .env(
            "BORDERDESK_CARD_READER",
            d.dir.path().join("ttyUSB-unplugged"),
        )
        .output()
        .unwrap();
    assert!(!out.status.success());
    let doc = json(&out);
    assert_eq!(check(&doc, "card_reader")["value"], "not_answering");
    assert_eq!(check(&doc, "card_reader")["status"], "fail");
    assert!(check(&doc, "card_reader")["text"]
        .as_str()
        .unwrap()
        .contains("USB"));
}

#[tokio::test]
async fn doctor_fails_on_a_paused_printer_and_a_missing_scanner_folder() {
    let d = Device::new();
    d.lpstat("printer Kiosk disabled since Tue 01 Dec 2026 -\n\tPaused\nsystem default destination: Kiosk\n");
    std::fs::remove_dir(d.scans()).unwrap();
    let out = d.ctl(&["doctor", "--json"]);
    assert!(!out.status.success());
    let doc = json(&out);
    assert_eq!(doc["ok"], false);
    assert_eq!(check(&doc, "printer")["value"], "paused");
    assert_eq!(check(&doc, "printer")["status"], "fail");
    assert_eq!(check(&doc, "scanner")["value"], "missing");
    // No card reader set: not part of what fails here.
    assert_eq!(check(&doc, "card_reader")["status"], "skip");
    // Not enrolled: said, and not a failure by itself.
    assert_eq!(check(&doc, "server")["status"], "warn");

    d.lpstat("printer Kiosk disabled since Tue 01 Dec 2026 -\n\tMedia empty or out of paper\nsystem default destination: Kiosk\n");
    let doc = json(&d.ctl(&["doctor", "--json"]));
    assert_eq!(check(&doc, "printer")["value"], "out_of_paper");
    let text = stdout(&d.ctl(&["doctor"]));
    assert!(
        text.contains("[故障] 打印机") && text.contains("缺纸"),
        "{text}"
    );
}

#[tokio::test]
async fn doctor_fails_on_a_key_file_others_can_read() {
    let d = Device::new();
    d.store().await.close().await;
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(d.key(), std::fs::Permissions::from_mode(0o644)).unwrap();
    let out = d.ctl(&["doctor", "--json"]);
    assert!(!out.status.success());
    let doc = json(&out);
    assert_eq!(check(&doc, "key")["status"], "fail");
    assert_eq!(check(&doc, "key")["value"], "0644");
    let text = stdout(&d.ctl(&["--lang", "en", "doctor"]));
    assert!(text.contains("mode is 0644, should be 0600"), "{text}");
}

#[tokio::test]
async fn outbox_lists_waiting_and_set_aside_entries_and_no_ones_data() {
    let d = device_with_a_set_aside_entry().await;
    let out = d.ctl(&["outbox", "--json"]);
    assert!(out.status.success());
    never_personal(&stdout(&out));
    let doc = json(&out);
    let entries = doc["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[0]["kind"], "submit_application");
    assert_eq!(entries[0]["state"], "set_aside");
    assert_eq!(entries[0]["attempts"], 5);
    assert_eq!(entries[0]["error_code"], "error-mutation-unappliable");
    assert_eq!(entries[1]["state"], "waiting");
    assert!(entries[1]["age_seconds"].as_u64().is_some());

    let text = stdout(&d.ctl(&["outbox"]));
    never_personal(&text);
    assert!(text.contains("已搁置") && text.contains("排队中"), "{text}");
    assert!(text.contains("error-mutation-unappliable"), "{text}");
}

#[tokio::test]
async fn retry_puts_a_set_aside_entry_back_and_refuses_one_still_waiting() {
    let d = device_with_a_set_aside_entry().await;
    let entries = json(&d.ctl(&["outbox", "--json"]))["entries"].clone();
    let (set_aside, waiting) = (
        entries[0]["seq"].to_string(),
        entries[1]["mutation_id"].as_str().unwrap().to_string(),
    );
    let out = d.ctl(&["retry", &waiting]);
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("[error-outbox-not-set-aside]"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let out = d.ctl(&["retry", &set_aside, "--reason", "服务器已修复"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout(&out).contains("已放回队列"), "{}", stdout(&out));
    let doc = json(&d.ctl(&["outbox", "--json"]));
    let states: Vec<&str> = doc["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "submit_application")
        .map(|e| e["state"].as_str().unwrap())
        .collect();
    assert_eq!(states, ["waiting", "waiting"]);
    let store = d.store().await;
    let audit = store.support_audit().await.unwrap();
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0].1, "outbox_retry");
    assert_eq!(audit[0].3.as_deref(), Some("服务器已修复"));
    // Retried twice is refused: it is no longer set aside.
    store.close().await;
    assert!(!d.ctl(&["retry", &set_aside]).status.success());
    assert!(!d.ctl(&["retry", "999"]).status.success());
}

#[tokio::test]
async fn discard_wants_a_reason_removes_the_entry_and_the_audit_reaches_the_server() {
    let d = device_with_a_set_aside_entry().await;
    let server = start_server().await;
    let store = d.store().await;
    borderdesk_local::sync::enroll(&store, &server.url(), ADMIN, "自助机1", "taishun-luoyang")
        .await
        .unwrap();
    store.close().await;
    let seq = json(&d.run(&["outbox", "--json"]).await)["entries"][0]["seq"].to_string();

    let out = d.run(&["discard", &seq, "--reason", " "]).await;
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("[error-reason-required]"));

    let out = d
        .run(&[
            "discard",
            &seq,
            "--reason",
            "重复提交，已在窗口办结",
            "--json",
        ])
        .await;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(json(&out)["action"], "discarded");
    let doc = json(&d.run(&["outbox", "--json"]).await);
    let kinds: Vec<&str> = doc["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["submit_application", "staff_audit"], "{doc}");

    let sync = d.run(&["sync"]).await;
    assert!(
        sync.status.success(),
        "{}",
        String::from_utf8_lossy(&sync.stderr)
    );
    let (action, detail): (String, serde_json::Value) =
        sqlx::query_as("SELECT action, detail FROM audit_log WHERE action = 'outbox_discard'")
            .fetch_one(server.pool())
            .await
            .unwrap();
    assert_eq!(action, "outbox_discard");
    assert_eq!(detail["kind"], "submit_application");
    assert_eq!(detail["code"], "error-mutation-unappliable");
    assert!(
        !detail.to_string().contains("重复提交"),
        "the reason stays on the device: {detail}"
    );
    let store = d.store().await;
    let audit = store.support_audit().await.unwrap();
    assert_eq!(audit[0].3.as_deref(), Some("重复提交，已在窗口办结"));
    store.close().await;
    server.shutdown().await;
}

async fn count_applications(db: &Path) -> i64 {
    let opts = sqlx::sqlite::SqliteConnectOptions::new().filename(db);
    let pool = sqlx::SqlitePool::connect_with(opts).await.unwrap();
    let n: i64 = sqlx::query_scalar("SELECT count(*) FROM applications")
        .fetch_one(&pool)
        .await
        .unwrap();
    pool.close().await;
    n
}

#[tokio::test]
async fn backup_and_restore_bring_the_database_back_and_keep_the_one_before() {
    let d = device_with_a_set_aside_entry().await;
    let backup = d.dir.path().join("backup.sqlite");
    let out = d.ctl(&["backup", backup.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout(&out).contains("密钥文件不在备份中"),
        "{}",
        stdout(&out)
    );
    let bytes = std::fs::read(&backup).unwrap();
    assert!(bytes.starts_with(b"SQLite format 3\0"));
    let raw = String::from_utf8_lossy(&bytes);
    assert!(
        !raw.contains(ID_NUMBER) && !raw.contains(NAME),
        "sealed data stays sealed"
    );
    let again = d.ctl(&["backup", backup.to_str().unwrap(), "--json"]);
    assert!(
        !again.status.success(),
        "an existing file is not overwritten"
    );
    assert_eq!(json(&again)["code"], "error-backup-exists");

    // Later work, then the restore takes the database back to the backup.
    let store = d.store().await;
    store
        .submit_application(&draft(&store), today())
        .await
        .unwrap();
    // While the app has it open, no restore.
    let out = d.run(&["restore", backup.to_str().unwrap()]).await;
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("[error-database-in-use]"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    store.close().await;

    let out = d
        .run(&["restore", backup.to_str().unwrap(), "--json"])
        .await;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let previous = PathBuf::from(json(&out)["previous"].as_str().unwrap());
    assert!(previous.to_string_lossy().ends_with(".before-restore"));
    assert_eq!(count_applications(&d.db()).await, 2, "as backed up");
    assert_eq!(
        count_applications(&previous).await,
        3,
        "the later work is kept aside"
    );
    // The restored database opens with the device's key and reads.
    let doc = json(&d.ctl(&["outbox", "--json"]));
    assert_eq!(doc["entries"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn restore_refuses_what_is_not_a_borderdesk_database_or_is_sealed_with_another_key() {
    let d = device_with_a_set_aside_entry().await;
    let junk = d.dir.path().join("junk.sqlite");
    std::fs::write(&junk, b"not a database at all").unwrap();
    let out = d.ctl(&["restore", junk.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("[error-not-borderdesk-database]"));

    // An SQLite file of something else.
    let other = d.dir.path().join("other.sqlite");
    let opts = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(&other)
        .create_if_missing(true);
    let pool = sqlx::SqlitePool::connect_with(opts).await.unwrap();
    sqlx::query("CREATE TABLE t (x)")
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;
    let out = d.ctl(&["restore", other.to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("[error-not-borderdesk-database]"));

    // Another device's database: its sealed data does not open with this key.
    // (Its backup as `backup` makes it: one file, whatever its write-ahead log still held.)
    let stranger = device_with_a_set_aside_entry().await;
    let strangers_backup = stranger.dir.path().join("stranger-backup.sqlite");
    assert!(stranger
        .ctl(&["backup", strangers_backup.to_str().unwrap()])
        .status
        .success());
    let out = d.ctl(&["restore", strangers_backup.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("[error-backup-other-key]"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Nothing moved.
    assert!(!PathBuf::from(format!("{}.before-restore", d.db().display())).exists());
    assert_eq!(
        json(&d.ctl(&["outbox", "--json"]))["entries"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
}

#[test]
fn the_language_comes_from_the_flag_then_borderdesk_lang_then_lang() {
    let d = Device::new();
    let outbox = |envs: &[(&str, &str)], args: &[&str]| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_borderdesk-ctl"));
        cmd.arg("--db")
            .arg(d.db())
            .args(args)
            .arg("outbox")
            .env("BORDERDESK_KEY_FILE", d.key())
            .env_remove("BORDERDESK_LANG")
            .env_remove("LANG");
        for (k, v) in envs {
            cmd.env(k, v);
        }
        stdout(&cmd.output().unwrap()).trim().to_string()
    };
    assert_eq!(outbox(&[], &[]), "发件箱是空的。");
    assert_eq!(outbox(&[("LANG", "C.UTF-8")], &[]), "发件箱是空的。");
    assert_eq!(
        outbox(&[("LANG", "en_US.UTF-8")], &[]),
        "The outbox is empty."
    );
    assert_eq!(outbox(&[("LANG", "zh_TW.UTF-8")], &[]), "寄件匣是空的。");
    assert_eq!(
        outbox(
            &[("LANG", "en_US.UTF-8"), ("BORDERDESK_LANG", "zh-TW")],
            &[]
        ),
        "寄件匣是空的。"
    );
    assert_eq!(
        outbox(&[("BORDERDESK_LANG", "zh-TW")], &["--lang", "en"]),
        "The outbox is empty."
    );
}
