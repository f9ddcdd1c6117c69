//! A sync round tells the server how the device is: the real sync client against the real
//! server. The report never fails the round, also against a server that has no health route.

use std::sync::Arc;

use borderdesk_local::health::CannedLpstat;
use borderdesk_local::{sync, SyncClient};
use borderdesk_protocol::{DeviceSummary, Page, PrinterState};

mod common;
use common::{device_store, draft, start_server, today};

const ADMIN: &str = "integration-admin-token";

const OUT_OF_PAPER: &str = "printer Kiosk disabled since Tue 01 Dec 2026 -\n\tMedia empty or out of paper\nsystem default destination: Kiosk\n";

async fn listed(url: &str) -> Vec<DeviceSummary> {
    let page: Page<DeviceSummary> = reqwest::Client::new()
        .get(format!("{url}/v1/admin/devices"))
        .bearer_auth(ADMIN)
        .send()
        .await
        .unwrap()
        .error_for_status()
        .unwrap()
        .json()
        .await
        .unwrap();
    page.items
}

#[tokio::test]
async fn one_sync_round_shows_the_server_the_outbox_depth_and_the_clock_offset() {
    let dir = tempfile::tempdir().unwrap();
    let store = device_store(&dir).await;
    let server = start_server().await;
    let url = server.url();
    sync::enroll(&store, &url, ADMIN, "罗阳镇 自助机1", "taishun-luoyang")
        .await
        .unwrap();
    let client = SyncClient::new(store.clone())
        .set_aside_after(100)
        .with_printer(Arc::new(CannedLpstat(Some(OUT_OF_PAPER.into()))));
    for _ in 0..3 {
        store
            .submit_application(&draft(&store), today())
            .await
            .unwrap();
    }
    // The server fails on every application (a server bug): they stay waiting on the device.
    sqlx::query(
        "CREATE FUNCTION poison() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN RAISE EXCEPTION 'server bug' USING ERRCODE = 'XX000'; END $$",
    )
    .execute(server.pool())
    .await
    .unwrap();
    sqlx::query(
        "CREATE TRIGGER poison BEFORE INSERT ON applications FOR EACH ROW EXECUTE FUNCTION poison()",
    )
    .execute(server.pool())
    .await
    .unwrap();
    assert!(client.sync_once().await.is_err(), "the push failed");

    let devices = listed(&url).await;
    assert_eq!(devices.len(), 1);
    let health = devices[0].health.clone().expect("the round reported");
    assert_eq!(health.outbox_waiting, 3);
    assert!(health.oldest_waiting_seconds.is_some());
    assert_eq!(health.set_aside, 0);
    assert_eq!(health.mode, "kiosk");
    assert_eq!(health.printer, PrinterState::OutOfPaper);
    let offset = health.clock_offset_ms.expect("the pull measured the clock");
    assert!(offset.abs() < 5_000, "one machine, one clock: {offset}");
    assert!(health.free_disk_bytes.is_some_and(|b| b > 0));
    let first_seen = devices[0].last_seen_at.unwrap();

    // Fixed: the next round empties the outbox and says so, with the error of the last one.
    sqlx::query("DROP TRIGGER poison ON applications")
        .execute(server.pool())
        .await
        .unwrap();
    client.sync_once().await.unwrap();
    let devices = listed(&url).await;
    let health = devices[0].health.clone().unwrap();
    assert_eq!(health.outbox_waiting, 0);
    assert_eq!(health.oldest_waiting_seconds, None);
    assert_eq!(health.last_error_code.as_deref(), Some("error-internal"));
    assert!(devices[0].last_seen_at.unwrap() > first_seen);
    server.shutdown().await;
}

#[tokio::test]
async fn a_failing_health_report_never_fails_the_round() {
    let dir = tempfile::tempdir().unwrap();
    let store = device_store(&dir).await;
    let server = start_server().await;
    sync::enroll(
        &store,
        &server.url(),
        ADMIN,
        "罗阳镇 自助机1",
        "taishun-luoyang",
    )
    .await
    .unwrap();
    let client = SyncClient::new(store.clone()).with_printer(Arc::new(CannedLpstat(None)));
    // The server cannot keep reports (its table is gone): it answers 500 to them.
    sqlx::query("DROP TABLE device_health_history")
        .execute(server.pool())
        .await
        .unwrap();
    store
        .submit_application(&draft(&store), today())
        .await
        .unwrap();
    let report = client.sync_once().await.unwrap();
    assert_eq!(report.pushed, 1);
    assert_eq!(store.queue_state().await.unwrap().last_error_code, None);
    server.shutdown().await;
}

/// A server from before health reports: the real server's routes, with `/v1/sync/health`
/// answering 404 as an older server's fallback does.
async fn older_server(database_url: String) -> (String, tokio::task::JoinHandle<()>) {
    let pool = borderdesk_server::connect(&database_url).await.unwrap();
    let state = borderdesk_server::AppState::load(pool, ADMIN)
        .await
        .unwrap();
    let app = borderdesk_server::router(state).layer(axum::middleware::from_fn(
        |req: axum::extract::Request, next: axum::middleware::Next| async move {
            if req.uri().path() == "/v1/sync/health" {
                return axum::response::IntoResponse::into_response((
                    axum::http::StatusCode::NOT_FOUND,
                    axum::Json(
                        serde_json::json!({"code": "error-not-found", "message": "not found"}),
                    ),
                ));
            }
            next.run(req).await
        },
    ));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let task = tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    (url, task)
}

#[tokio::test]
async fn an_older_server_without_health_reports_still_syncs() {
    let database_url = borderdesk_testkit::TestPostgres::shared()
        .fresh_database()
        .await;
    let (url, task) = older_server(database_url).await;
    let dir = tempfile::tempdir().unwrap();
    let store = device_store(&dir).await;
    sync::enroll(&store, &url, ADMIN, "罗阳镇 自助机1", "taishun-luoyang")
        .await
        .unwrap();
    let client = SyncClient::new(store.clone()).with_printer(Arc::new(CannedLpstat(None)));
    store
        .submit_application(&draft(&store), today())
        .await
        .unwrap();
    let report = client.sync_once().await.unwrap();
    assert_eq!(report.pushed, 1);
    assert_eq!(store.queue_state().await.unwrap().waiting, 0);
    assert_eq!(store.queue_state().await.unwrap().last_error_code, None);
    task.abort();
}
