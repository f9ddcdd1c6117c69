//! `borderdesk-ctl` as support staff run it: the real binary on a real database file, against
//! the real server.

use std::path::Path;
use std::process::{Command, Output};

use borderdesk_testkit::TestPostgres;

const ADMIN: &str = "ctl-admin-token";

fn ctl(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_borderdesk-ctl"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("BORDERDESK_ADMIN_TOKEN")
        .env_remove("BORDERDESK_LANG")
        .env_remove("LANG")
        .output()
        .expect("run borderdesk-ctl")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn catalog_search_lists_the_best_match_first() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kiosk.sqlite");
    let out = ctl(&db, &["catalog", "search", "lssfzm"]);
    assert!(out.status.success());
    let first = stdout(&out).lines().next().unwrap_or_default().to_string();
    assert!(first.starts_with("ZM-HJ-001\t临时身份证明"), "{first}");
}

#[test]
fn status_shows_the_database_and_an_empty_outbox() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kiosk.sqlite");
    let out = ctl(&db, &["status"]);
    assert!(out.status.success());
    // Labels and values in the technician's language (zh-CN when LANG names none).
    let text = stdout(&out);
    assert!(
        text.contains(&format!("数据库    {}", db.display())),
        "{text}"
    );
    assert!(text.contains("发件箱    0 件待发送，0 件被退回"), "{text}");
    assert!(text.contains("临时编号"), "{text}");
    assert!(text.contains("上次同步  从未同步"), "{text}");
    let en = stdout(&ctl(&db, &["--lang", "en", "status"]));
    assert!(en.contains("outbox         0 waiting, 0 rejected"), "{en}");
    assert!(en.contains("(provisional"), "{en}");
    let json: serde_json::Value =
        serde_json::from_str(stdout(&ctl(&db, &["--json", "status"])).trim()).unwrap();
    assert_eq!(json["waiting"], 0);
    assert_eq!(json["provisional"], true);
    assert_eq!(json["database"], db.display().to_string());
}

#[test]
fn sync_on_an_unenrolled_device_fails_with_a_localized_message() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kiosk.sqlite");
    let out = ctl(&db, &["sync"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("本机尚未登记") && err.contains("[error-not-enrolled]"),
        "{err}"
    );
    let out = ctl(&db, &["--lang", "en", "sync"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("not registered"), "{err}");
}

#[tokio::test]
async fn enroll_then_sync_reaches_the_server() {
    let url = TestPostgres::shared().fresh_database().await;
    let server = borderdesk_server::start(borderdesk_server::Config {
        database_url: url,
        listen: "127.0.0.1:0".parse().unwrap(),
        admin_token: ADMIN.into(),
    })
    .await
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kiosk.sqlite");
    let server_url = server.url();
    let (db2, url2) = (db.clone(), server_url.clone());
    let enroll = tokio::task::spawn_blocking(move || {
        ctl(
            &db2,
            &[
                "enroll",
                "--server",
                &url2,
                "--admin-token",
                ADMIN,
                "--site",
                "taishun-luoyang",
                "--name",
                "自助机1",
            ],
        )
    })
    .await
    .unwrap();
    assert!(
        enroll.status.success(),
        "{}",
        String::from_utf8_lossy(&enroll.stderr)
    );
    assert!(stdout(&enroll).contains("site taishun-luoyang"));

    let wrong = tokio::task::spawn_blocking({
        let db = db.clone();
        let url = server_url.clone();
        move || {
            ctl(
                &db,
                &[
                    "enroll",
                    "--server",
                    &url,
                    "--admin-token",
                    "wrong",
                    "--site",
                    "s",
                    "--name",
                    "n",
                ],
            )
        }
    })
    .await
    .unwrap();
    assert!(!wrong.status.success());
    assert!(String::from_utf8_lossy(&wrong.stderr).contains("[error-unauthorized]"));

    let sync = tokio::task::spawn_blocking({
        let db = db.clone();
        move || ctl(&db, &["sync"])
    })
    .await
    .unwrap();
    assert!(
        sync.status.success(),
        "{}",
        String::from_utf8_lossy(&sync.stderr)
    );
    assert!(
        stdout(&sync).contains("还有 0 件待发送"),
        "{}",
        stdout(&sync)
    );
    let status = tokio::task::spawn_blocking(move || ctl(&db, &["status"]))
        .await
        .unwrap();
    let text = stdout(&status);
    assert!(
        text.contains(&server_url) && !text.contains("从未同步"),
        "{text}"
    );
    server.shutdown().await;
}
