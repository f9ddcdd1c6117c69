//! Remote support: a device's health report is kept (latest and a throttled history), a bad
//! or anonymous one is refused, and admins list devices and histories page by page.

mod common;

use borderdesk_protocol::{
    DeviceHealth, DeviceSummary, HealthReport, Page, PrinterState, ScannerFolderState,
    PROTOCOL_HEADER, PROTOCOL_VERSION,
};
use common::{harness, Dev, Harness, ADMIN};
use reqwest::StatusCode;

fn health(waiting: u32) -> DeviceHealth {
    DeviceHealth {
        app_version: "0.1.0".into(),
        mode: "kiosk".into(),
        outbox_waiting: waiting,
        oldest_waiting_seconds: (waiting > 0).then_some(90),
        set_aside: 1,
        last_error_code: Some("error-server-unreachable".into()),
        free_disk_bytes: Some(5_000_000_000),
        printer: PrinterState::OutOfPaper,
        scanner_folder: ScannerFolderState::Ready,
        clock_offset_ms: Some(-1500),
        update_refused: None,
    }
}

async fn report_json(h: &Harness, token: &str, body: &serde_json::Value) -> reqwest::Response {
    h.http
        .post(h.url("/v1/sync/health"))
        .bearer_auth(token)
        .header(PROTOCOL_HEADER, PROTOCOL_VERSION.to_string())
        .json(body)
        .send()
        .await
        .unwrap()
}

async fn report(h: &Harness, dev: &Dev, health: &DeviceHealth) -> reqwest::Response {
    report_json(h, &dev.token, &serde_json::to_value(health).unwrap()).await
}

async fn devices_page(h: &Harness, query: &[(&str, &str)]) -> Page<DeviceSummary> {
    let r = h
        .http
        .get(h.url("/v1/admin/devices"))
        .bearer_auth(ADMIN)
        .query(query)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    r.json().await.unwrap()
}

async fn history_page(h: &Harness, dev: &Dev, query: &[(&str, &str)]) -> Page<HealthReport> {
    let r = h
        .http
        .get(h.url(&format!("/v1/admin/devices/{}/health", dev.id)))
        .bearer_auth(ADMIN)
        .query(query)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    r.json().await.unwrap()
}

async fn history_rows(h: &Harness, dev: &Dev) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM device_health_history WHERE device_id = $1")
        .bind(dev.id)
        .fetch_one(h.server.pool())
        .await
        .unwrap()
}

#[tokio::test]
async fn a_report_is_kept_and_the_admin_list_shows_it_with_the_device() {
    let h = harness().await;
    let dev = h.enroll("taishun-luoyang").await;
    let silent = h.enroll("fuding-guanyang").await;
    assert_eq!(
        report(&h, &dev, &health(7)).await.status(),
        StatusCode::NO_CONTENT
    );
    let page = devices_page(&h, &[]).await;
    assert_eq!(page.items.len(), 2);
    let listed = page.items.iter().find(|d| d.device_id == dev.id).unwrap();
    assert_eq!(listed.site_id, "taishun-luoyang");
    assert_eq!(listed.name, "kiosk at taishun-luoyang");
    assert!(listed.last_seen_at.is_some());
    assert_eq!(listed.health.as_ref(), Some(&health(7)));
    let never = page
        .items
        .iter()
        .find(|d| d.device_id == silent.id)
        .unwrap();
    assert!(never.health.is_none() && never.last_seen_at.is_none());

    // A later report replaces the latest.
    report(&h, &dev, &health(2)).await;
    let page = devices_page(&h, &[]).await;
    let listed = page.items.iter().find(|d| d.device_id == dev.id).unwrap();
    assert_eq!(listed.health.as_ref().unwrap().outbox_waiting, 2);
}

#[tokio::test]
async fn the_history_keeps_one_report_per_five_minutes_and_forgets_old_ones() {
    let h = harness().await;
    let dev = h.enroll("taishun-luoyang").await;
    for n in 0..20 {
        assert_eq!(
            report(&h, &dev, &health(n)).await.status(),
            StatusCode::NO_CONTENT
        );
    }
    assert_eq!(history_rows(&h, &dev).await, 1, "a flood adds one row");
    let hist = history_page(&h, &dev, &[]).await;
    assert_eq!(hist.items.len(), 1);
    assert_eq!(hist.items[0].health.outbox_waiting, 0, "the first is kept");

    // Rows from before the throttle window and past the kept days.
    sqlx::query(
        "UPDATE device_health_history SET received_at = now() - interval '6 minutes'
          WHERE device_id = $1",
    )
    .bind(dev.id)
    .execute(h.server.pool())
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO device_health_history (device_id, received_at, report)
         SELECT device_id, now() - interval '15 days', report FROM device_health_history
          WHERE device_id = $1",
    )
    .bind(dev.id)
    .execute(h.server.pool())
    .await
    .unwrap();
    assert_eq!(history_rows(&h, &dev).await, 2);
    report(&h, &dev, &health(3)).await;
    // The 15-day-old row is gone; the 6-minute-old one stays and the new one is added.
    assert_eq!(history_rows(&h, &dev).await, 2);
    let hist = history_page(&h, &dev, &[]).await;
    assert_eq!(hist.items[0].health.outbox_waiting, 3, "newest first");
    assert!(hist.items[0].received_at > hist.items[1].received_at);
}

#[tokio::test]
async fn a_report_with_a_nul_or_a_huge_string_or_a_name_for_a_code_is_refused() {
    let h = harness().await;
    let dev = h.enroll("taishun-luoyang").await;
    let good = serde_json::to_value(health(1)).unwrap();
    let with = |field: &str, value: serde_json::Value| {
        let mut v = good.clone();
        v[field] = value;
        v
    };
    for bad in [
        with("app_version", "0.1.0\u{0}".into()),
        with("app_version", "9".repeat(100_000).into()),
        with("last_error_code", "张三 330329199001011234".into()),
        with(
            "last_error_code",
            format!("error-{}", "a".repeat(200)).into(),
        ),
        with("mode", "laptop".into()),
    ] {
        let r = report_json(&h, &dev.token, &bad).await;
        assert_eq!(r.status(), StatusCode::BAD_REQUEST);
        let body: serde_json::Value = r.json().await.unwrap();
        assert_eq!(body["code"], "error-bad-request", "{body}");
    }
    // An unknown printer state is not a report either (the JSON does not read).
    let r = report_json(&h, &dev.token, &with("printer", "on_fire".into())).await;
    assert!(r.status().is_client_error());
    assert_eq!(history_rows(&h, &dev).await, 0, "nothing was kept");
}

#[tokio::test]
async fn a_revoked_or_unknown_device_cannot_report() {
    let h = harness().await;
    let dev = h.enroll("taishun-luoyang").await;
    let body = serde_json::to_value(health(0)).unwrap();
    assert_eq!(
        report_json(&h, "not-a-token", &body).await.status(),
        StatusCode::UNAUTHORIZED
    );
    let r = h
        .http
        .post(h.url(&format!("/v1/admin/devices/{}/revoke", dev.id)))
        .bearer_auth(ADMIN)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let r = report_json(&h, &dev.token, &body).await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body["code"], "error-unauthorized");
    // The admin routes want the admin token.
    let r = h
        .http
        .get(h.url("/v1/admin/devices"))
        .bearer_auth(&dev.token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn the_device_list_and_a_history_come_in_pages() {
    let h = harness().await;
    let mut enrolled = Vec::new();
    for i in 0..5 {
        enrolled.push(h.enroll(&format!("site-{i}")).await.id);
    }
    let mut seen = Vec::new();
    let mut page = devices_page(&h, &[("limit", "2")]).await;
    loop {
        assert!(page.items.len() <= 2);
        seen.extend(page.items.iter().map(|d| d.device_id));
        let Some(next) = page.next.clone() else { break };
        page = devices_page(&h, &[("limit", "2"), ("after", &next)]).await;
    }
    assert_eq!(seen, enrolled, "every device once, oldest enrolled first");

    let dev = Dev {
        id: enrolled[0],
        token: String::new(),
        code: 0,
        site: String::new(),
    };
    for n in 0..3 {
        sqlx::query(
            "INSERT INTO device_health_history (device_id, received_at, report)
             VALUES ($1, now() - make_interval(mins => $2), $3)",
        )
        .bind(dev.id)
        .bind(60 - n)
        .bind(sqlx::types::Json(health(n as u32)))
        .execute(h.server.pool())
        .await
        .unwrap();
    }
    let first = history_page(&h, &dev, &[("limit", "2")]).await;
    assert_eq!(first.items.len(), 2);
    let next = first.next.clone().expect("a second page");
    let second = history_page(&h, &dev, &[("limit", "2"), ("after", &next)]).await;
    assert_eq!(second.items.len(), 1);
    assert!(second.next.is_none());
    let waiting: Vec<u32> = first
        .items
        .iter()
        .chain(&second.items)
        .map(|r| r.health.outbox_waiting)
        .collect();
    assert_eq!(waiting, vec![2, 1, 0], "newest first, each once");

    // A cursor of another list, and an unknown device.
    let r = h
        .http
        .get(h.url(&format!("/v1/admin/devices/{}/health", dev.id)))
        .bearer_auth(ADMIN)
        .query(&[("after", page.next.unwrap_or_else(|| next.clone()).as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK, "its own cursor reads");
    let devices_cursor = devices_page(&h, &[("limit", "1")]).await.next.unwrap();
    let r = h
        .http
        .get(h.url(&format!("/v1/admin/devices/{}/health", dev.id)))
        .bearer_auth(ADMIN)
        .query(&[("after", devices_cursor.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let r = h
        .http
        .get(h.url(&format!(
            "/v1/admin/devices/{}/health",
            uuid::Uuid::now_v7()
        )))
        .bearer_auth(ADMIN)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_openapi_document_lists_the_health_routes() {
    let h = harness().await;
    let doc = h.openapi().await;
    let post = &doc["paths"]["/v1/sync/health"]["post"];
    assert!(post["security"][0]["device_token"].is_array(), "{post}");
    for path in ["/v1/admin/devices", "/v1/admin/devices/{device_id}/health"] {
        let get = &doc["paths"][path]["get"];
        let params: Vec<&str> = get["parameters"]
            .as_array()
            .unwrap_or_else(|| panic!("{path} has no parameters"))
            .iter()
            .filter_map(|p| p["name"].as_str())
            .collect();
        assert!(
            params.contains(&"limit") && params.contains(&"after"),
            "{path}"
        );
    }
    assert!(
        doc["components"]["schemas"]["DeviceHealth"]["properties"]["clock_offset_ms"].is_object()
    );
}
