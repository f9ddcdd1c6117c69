//! `GET /metrics`: the counters move by exactly what was done, by route template.

mod common;

use std::collections::BTreeMap;

use borderdesk_core::ApplicationStatus;
use common::{application, harness, submit, Harness};

/// `name{labels}` → value, from the text exposition format.
async fn scrape(h: &Harness) -> BTreeMap<String, f64> {
    let r = h.http.get(h.url("/metrics")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let content_type = r.headers()["content-type"].to_str().unwrap().to_string();
    assert!(
        content_type.starts_with("text/plain; version=0.0.4"),
        "{content_type}"
    );
    let text = r.text().await.unwrap();
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(|l| {
            let (name, value) = l.rsplit_once(' ').unwrap();
            (name.to_string(), value.parse::<f64>().unwrap())
        })
        .collect()
}

fn moved(before: &BTreeMap<String, f64>, after: &BTreeMap<String, f64>, name: &str) -> f64 {
    after.get(name).copied().unwrap_or(0.0) - before.get(name).copied().unwrap_or(0.0)
}

#[tokio::test]
async fn the_counters_move_by_exactly_the_pushes_and_pulls_made() {
    let h = harness().await;
    let dev = h.enroll("site-metrics").await;
    let before = scrape(&h).await;

    let first = submit(application(dev.code, 1));
    let r = h.push(&dev, vec![first.clone()]).await;
    assert_eq!(r.results[0].outcome, borderdesk_protocol::Outcome::Applied);
    let r = h.push(&dev, vec![first]).await;
    assert_eq!(
        r.results[0].outcome,
        borderdesk_protocol::Outcome::Duplicate
    );
    let mut refused = application(dev.code, 2);
    refused.status = ApplicationStatus::Accepted;
    let r = h.push(&dev, vec![submit(refused)]).await;
    assert!(matches!(
        r.results[0].outcome,
        borderdesk_protocol::Outcome::Rejected { .. }
    ));
    h.pull(&dev, None, None).await;
    let r = h
        .http
        .post(h.url("/v1/sync/health"))
        .bearer_auth(&dev.token)
        .header(
            borderdesk_protocol::PROTOCOL_HEADER,
            borderdesk_protocol::PROTOCOL_VERSION.to_string(),
        )
        .json(&borderdesk_protocol::DeviceHealth {
            app_version: "0.1.0".into(),
            mode: "kiosk".into(),
            outbox_waiting: 0,
            oldest_waiting_seconds: None,
            set_aside: 0,
            last_error_code: None,
            free_disk_bytes: None,
            printer: borderdesk_protocol::PrinterState::Ready,
            scanner_folder: borderdesk_protocol::ScannerFolderState::Ready,
            clock_offset_ms: None,
            update_refused: None,
        })
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success(), "{}", r.status());
    // A device that syncs without reporting its health (an older app) is not counted.
    let quiet = h.enroll("site-metrics").await;
    h.push(&quiet, vec![submit(application(quiet.code, 1))])
        .await;
    let r = h
        .http
        .get(h.url("/v1/admin/applications/ZZ-NOT-A-NUMBER"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    let r = h.http.get(h.url("/no/such/route")).send().await.unwrap();
    assert_eq!(r.status(), 404);

    let after = scrape(&h).await;
    let m = |name: &str| moved(&before, &after, name);
    assert_eq!(
        m(r#"borderdesk_push_mutations_total{outcome="applied"}"#),
        2.0
    );
    assert_eq!(
        m(r#"borderdesk_push_mutations_total{outcome="duplicate"}"#),
        1.0
    );
    assert_eq!(
        m(r#"borderdesk_push_mutations_total{outcome="rejected"}"#),
        1.0
    );
    assert_eq!(
        m(r#"borderdesk_push_mutations_total{outcome="conflict"}"#),
        0.0
    );
    assert_eq!(m("borderdesk_pulls_total"), 1.0);
    assert_eq!(
        m(r#"borderdesk_http_requests_total{route="/v1/sync/push",status="200"}"#),
        4.0
    );
    assert_eq!(
        m(r#"borderdesk_http_requests_total{route="/v1/sync/pull",status="200"}"#),
        1.0
    );
    assert_eq!(
        m(r#"borderdesk_http_requests_total{route="/metrics",status="200"}"#),
        1.0,
        "the first scrape is counted once it was answered"
    );
    // Route templates, never raw paths: no tracking number or made-up path becomes a label.
    assert_eq!(
        m(
            r#"borderdesk_http_requests_total{route="/v1/admin/applications/{tracking_number}",status="401"}"#
        ),
        1.0
    );
    assert_eq!(
        m(r#"borderdesk_http_requests_total{route="unmatched",status="404"}"#),
        1.0
    );
    assert!(after
        .keys()
        .all(|k| !k.contains("ZZ-NOT-A-NUMBER") && !k.contains("/no/such")));
    assert_eq!(
        m(r#"borderdesk_http_request_duration_seconds_count{route="/v1/sync/push"}"#),
        4.0
    );
    assert_eq!(
        after[r#"borderdesk_http_request_duration_seconds_bucket{route="/v1/sync/push",le="+Inf"}"#],
        after[r#"borderdesk_http_request_duration_seconds_count{route="/v1/sync/push"}"#]
    );
    // Gauges read from the database.
    assert_eq!(after["borderdesk_devices_seen_last_hour"], 1.0);
    assert_eq!(after["borderdesk_sms_queue_depth"], 0.0);
    assert!(after["borderdesk_feed_horizon_lag_seconds"] >= 0.0);
    assert_eq!(after["borderdesk_metrics_gauge_errors"], 0.0);
    assert_eq!(after["borderdesk_sms_failures_total"], 0.0);
}

#[tokio::test]
async fn metrics_are_in_the_openapi_document() {
    let h = harness().await;
    let doc = h.openapi().await;
    let get = &doc["paths"]["/metrics"]["get"];
    assert!(
        get["responses"]["200"]["content"]["text/plain"].is_object(),
        "{get}"
    );
}
