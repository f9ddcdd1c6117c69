//! Admin endpoints, catalog import, health and the OpenAPI document.

mod common;

use borderdesk_protocol::{codes, EnrollRequest, EnrollResponse, ErrorBody, ServerApplication};
use common::*;
use reqwest::StatusCode;

#[tokio::test]
async fn enrollment_requires_the_admin_token_and_stores_only_a_hash() {
    let h = harness().await;
    let body = EnrollRequest {
        name: "kiosk 1".into(),
        site_id: "site-a".into(),
        provisional_code: Some(54321),
    };
    for token in [None, Some("wrong"), Some("test-admin-token-but-longer")] {
        let mut req = h.http.post(h.url("/v1/devices")).json(&body);
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        let r = req.send().await.unwrap();
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED, "{token:?}");
        assert_eq!(
            r.json::<ErrorBody>().await.unwrap().code,
            codes::UNAUTHORIZED
        );
    }
    let devices: i64 = sqlx::query_scalar("SELECT count(*) FROM devices")
        .fetch_one(h.server.pool())
        .await
        .unwrap();
    assert_eq!(devices, 0);

    let r = h
        .http
        .post(h.url("/v1/devices"))
        .bearer_auth(ADMIN)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let first: EnrollResponse = r.json().await.unwrap();
    assert_eq!(first.device_code, 54321, "a free provisional code is kept");
    assert_eq!(first.device_token.len(), 64);
    let stored: String = sqlx::query_scalar("SELECT token_hash FROM devices WHERE id = $1")
        .bind(first.device_id)
        .fetch_one(h.server.pool())
        .await
        .unwrap();
    assert_ne!(
        stored, first.device_token,
        "the token itself is never stored"
    );
    assert_eq!(
        stored,
        borderdesk_server::extract::token_hash(&first.device_token)
    );
    let anywhere: i64 =
        sqlx::query_scalar("SELECT count(*) FROM devices WHERE position($1 in devices::text) > 0")
            .bind(&first.device_token)
            .fetch_one(h.server.pool())
            .await
            .unwrap();
    assert_eq!(anywhere, 0);

    // The same provisional code for another device: it gets an assigned code instead.
    let second: EnrollResponse = h
        .http
        .post(h.url("/v1/devices"))
        .bearer_auth(ADMIN)
        .json(&body)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(second.device_code, 10000);
    let third: EnrollResponse = h
        .http
        .post(h.url("/v1/devices"))
        .bearer_auth(ADMIN)
        .json(&EnrollRequest {
            provisional_code: Some(123),
            ..body.clone()
        })
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        third.device_code, 10001,
        "a code outside the provisional range is not kept"
    );
    assert_ne!(first.device_token, second.device_token);
}

#[tokio::test]
async fn a_disallowed_status_change_is_refused() {
    let h = harness().await;
    let dev = h.enroll("site-a").await;
    let app = application(dev.code, 1);
    h.push(&dev, vec![submit(app.clone())]).await;

    let r = h.set_status(&app.tracking_number, "completed").await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert_eq!(
        r.json::<ErrorBody>().await.unwrap().code,
        "error-status-transition"
    );

    assert_eq!(
        h.set_status(&app.tracking_number, "accepted")
            .await
            .status(),
        StatusCode::OK
    );
    assert_eq!(
        h.set_status(&app.tracking_number, "in_progress")
            .await
            .status(),
        StatusCode::OK
    );
    assert_eq!(
        h.set_status(&app.tracking_number, "completed")
            .await
            .status(),
        StatusCode::OK
    );
    let r = h.set_status(&app.tracking_number, "in_progress").await;
    assert_eq!(
        r.status(),
        StatusCode::CONFLICT,
        "a finished application is not reopened"
    );

    // Unknown application, malformed number, no admin token.
    let unknown = application(dev.code, 2);
    let r = h.set_status(&unknown.tracking_number, "accepted").await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert_eq!(r.json::<ErrorBody>().await.unwrap().code, codes::NOT_FOUND);
    let r = h
        .http
        .post(h.url("/v1/admin/applications/123/status"))
        .bearer_auth(ADMIN)
        .json(&serde_json::json!({"status": "accepted"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let r = h
        .http
        .post(h.url(&format!(
            "/v1/admin/applications/{}/status",
            app.tracking_number
        )))
        .json(&serde_json::json!({"status": "refused"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let r = h
        .http
        .post(h.url(&format!(
            "/v1/admin/applications/{}/status",
            app.tracking_number
        )))
        .bearer_auth(ADMIN)
        .json(&serde_json::json!({"status": "lost"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);

    // The history tells the whole story.
    let got: ServerApplication = h
        .http
        .get(h.url(&format!("/v1/admin/applications/{}", app.tracking_number)))
        .bearer_auth(ADMIN)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let steps: Vec<&str> = got.history.iter().map(|s| s.status.as_str()).collect();
    assert_eq!(
        steps,
        vec!["submitted", "accepted", "in_progress", "completed"]
    );
    assert_eq!(got.status.as_str(), "completed");
    assert_eq!(got.device_id, dev.id);
    assert_eq!(got.site_id, "site-a");
}

#[tokio::test]
async fn a_catalog_import_with_a_bad_row_changes_nothing() {
    let h = harness().await;
    let good = serde_json::to_value(catalog_item("ZM-GOOD-1")).unwrap();
    let mut bad = good.clone();
    bad["category"] = "not-a-category".into();
    let mut dup = good.clone();
    dup["name"]["zh-CN"] = "另一个".into();
    let file = serde_json::to_string(&vec![good.clone(), bad]).unwrap();
    let errors = borderdesk_server::parse_catalog(&file).unwrap_err();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].row, 2);
    assert!(errors[0].to_string().starts_with("row 2:"));
    let file = serde_json::to_string(&vec![good.clone(), dup]).unwrap();
    assert_eq!(
        borderdesk_server::parse_catalog(&file).unwrap_err()[0].row,
        2,
        "a code given twice"
    );
    assert!(borderdesk_server::parse_catalog("{}").is_err());

    // The command line tool refuses the file and leaves the database as it was.
    let dir = tempfile_dir();
    let path = dir.join("catalog.json");
    std::fs::write(
        &path,
        serde_json::to_string(&vec![good.clone(), serde_json::json!({"code": 1})]).unwrap(),
    )
    .unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_borderdesk-server"))
        .arg("import-catalog")
        .arg(&path)
        .env("BORDERDESK_DATABASE_URL", &h.database_url)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("row 2"), "{stderr}");
    let (items, changes): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT count(*) FROM catalog_items), (SELECT count(*) FROM changes)",
    )
    .fetch_one(h.server.pool())
    .await
    .unwrap();
    assert_eq!((items, changes), (0, 0));

    // A good file goes in, with one change per item.
    std::fs::write(&path, serde_json::to_string(&vec![good]).unwrap()).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_borderdesk-server"))
        .arg("import-catalog")
        .arg(&path)
        .env("BORDERDESK_DATABASE_URL", &h.database_url)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (items, changes): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT count(*) FROM catalog_items), (SELECT count(*) FROM changes WHERE site_id IS NULL)",
    )
    .fetch_one(h.server.pool())
    .await
    .unwrap();
    assert_eq!((items, changes), (1, 1));
    let _ = std::fs::remove_dir_all(dir);
}

fn tempfile_dir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("borderdesk-import-{}", uuid::Uuid::now_v7()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[tokio::test]
async fn set_status_on_the_command_line_does_what_the_endpoint_does() {
    let h = harness().await;
    let dev = h.enroll("site-a").await;
    let app = application(dev.code, 1);
    h.push(&dev, vec![submit(app.clone())]).await;
    let run = |status: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_borderdesk-server"))
            .args([
                "set-status",
                &app.tracking_number.grouped(),
                status,
                "--note",
                "窗口受理",
            ])
            .env("BORDERDESK_DATABASE_URL", &h.database_url)
            .output()
            .unwrap()
    };
    assert!(run("accepted").status.success());
    let out = run("submitted");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("error-status-transition"));
    let changes: i64 = sqlx::query_scalar("SELECT count(*) FROM changes WHERE site_id = 'site-a'")
        .fetch_one(h.server.pool())
        .await
        .unwrap();
    assert_eq!(changes, 1);
}

#[tokio::test]
async fn openapi_document_lists_the_sync_endpoints() {
    let h = harness().await;
    let r = h.http.get(h.url("/openapi.json")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let doc: serde_json::Value = r.json().await.unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    for path in [
        "/v1/sync/push",
        "/v1/sync/pull",
        "/v1/devices",
        "/v1/admin/applications/{tracking_number}/status",
        "/v1/admin/applications/{tracking_number}",
        "/healthz",
    ] {
        assert!(doc["paths"][path].is_object(), "{path} missing");
    }
    for schema in [
        "PushRequest",
        "PushResponse",
        "PullResponse",
        "ErrorBody",
        "Outcome",
    ] {
        assert!(
            doc["components"]["schemas"][schema].is_object(),
            "{schema} missing"
        );
    }
}

#[tokio::test]
async fn health_answers_ok_while_the_database_answers() {
    let h = harness().await;
    let r = h.http.get(h.url("/healthz")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.json::<serde_json::Value>().await.unwrap()["status"], "ok");
    h.server.pool().close().await;
    let r = h.http.get(h.url("/healthz")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(r.json::<ErrorBody>().await.unwrap().code, codes::INTERNAL);
}

#[tokio::test]
async fn the_binary_serves_by_default_and_stops_cleanly_on_sigterm() {
    let database_url = borderdesk_testkit::TestPostgres::shared()
        .fresh_database()
        .await;
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_borderdesk-server"))
        .env("BORDERDESK_DATABASE_URL", &database_url)
        .env("BORDERDESK_LISTEN", format!("127.0.0.1:{port}"))
        .env("BORDERDESK_ADMIN_TOKEN", ADMIN)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let http = reqwest::Client::new();
    let mut healthy = false;
    for _ in 0..100 {
        if let Ok(r) = http
            .get(format!("http://127.0.0.1:{port}/healthz"))
            .send()
            .await
        {
            healthy = r.status() == StatusCode::OK;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let killed = std::process::Command::new("kill")
        .arg(child.id().to_string())
        .status()
        .unwrap();
    assert!(killed.success());
    let status = child.wait().unwrap();
    assert!(healthy, "the binary did not answer /healthz");
    assert!(status.success(), "{status:?}");
}

async fn me(h: &Harness, dev: &Dev, session: &str) -> StatusCode {
    h.http
        .get(h.url("/v1/sync/staff/me"))
        .bearer_auth(&dev.token)
        .header(
            borderdesk_protocol::PROTOCOL_HEADER,
            borderdesk_protocol::PROTOCOL_VERSION.to_string(),
        )
        .header(borderdesk_protocol::STAFF_HEADER, session)
        .send()
        .await
        .unwrap()
        .status()
}

fn server_cli(h: &Harness, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_borderdesk-server"))
        .args(args)
        .env("BORDERDESK_DATABASE_URL", &h.database_url)
        .output()
        .unwrap()
}

/// A stolen kiosk or a clerk who left: the county revokes or disables, by route or from the
/// server's shell, and the very next request is refused.
#[tokio::test]
async fn a_revoked_device_and_a_disabled_clerk_are_refused_at_once() {
    use borderdesk_core::staff::Role;
    let h = harness().await;
    let (stolen, lost, kept) = (
        h.enroll("site-a").await,
        h.enroll("site-a").await,
        h.enroll("site-a").await,
    );
    let on_stolen = staff_session(&h, &stolen, "clerk-on-stolen", Role::Clerk).await;
    let leaver = staff_session(&h, &kept, "leaver", Role::Clerk).await;
    let gone = staff_session(&h, &kept, "gone", Role::Clerk).await;
    let stays = staff_session(&h, &kept, "stays", Role::Clerk).await;
    assert_eq!(me(&h, &stolen, &on_stolen).await, StatusCode::OK);

    // By route.
    let r = h
        .http
        .post(h.url(&format!("/v1/admin/devices/{}/revoke", stolen.id)))
        .bearer_auth(ADMIN)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let push = h
        .push_raw(&stolen.token, vec![submit(application(stolen.code, 1))])
        .await;
    assert_eq!(push.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(me(&h, &stolen, &on_stolen).await, StatusCode::UNAUTHORIZED);
    let r = h
        .http
        .post(h.url("/v1/admin/staff/leaver/disable"))
        .bearer_auth(ADMIN)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_eq!(me(&h, &kept, &leaver).await, StatusCode::UNAUTHORIZED);
    // Twice, or unknown: 404, never a 5xx; and only with the admin token.
    let r = h
        .http
        .post(h.url("/v1/admin/staff/leaver/disable"))
        .bearer_auth(ADMIN)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let r = h
        .http
        .post(h.url(&format!("/v1/admin/devices/{}/revoke", kept.id)))
        .bearer_auth(&kept.token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);

    // From the server's shell.
    let out = server_cli(&h, &["revoke-device", &lost.id.to_string()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let push = h
        .push_raw(&lost.token, vec![submit(application(lost.code, 1))])
        .await;
    assert_eq!(push.status(), StatusCode::UNAUTHORIZED);
    let out = server_cli(&h, &["disable-staff", "gone"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(me(&h, &kept, &gone).await, StatusCode::UNAUTHORIZED);
    let out = server_cli(&h, &["disable-staff", "nobody"]);
    assert!(!out.status.success());

    // Everyone else carries on.
    assert_eq!(me(&h, &kept, &stays).await, StatusCode::OK);
    assert_eq!(
        h.push(&kept, vec![submit(application(kept.code, 1))])
            .await
            .results[0]
            .outcome,
        borderdesk_protocol::Outcome::Applied
    );
    let audited: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM audit_log WHERE action IN ('device_revoked', 'staff_disabled')",
    )
    .fetch_one(h.server.pool())
    .await
    .unwrap();
    assert_eq!(audited, 4);
}
