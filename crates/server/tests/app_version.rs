//! A county that requires a newer app (`min_app_version`): a device below it, or one that does
//! not say its version, gets 426 `error-app-version-old` on the routes that move work, and its
//! push is not applied; the update routes still answer it, so it can update and then deliver.

mod common;

use borderdesk_protocol::{
    codes, ErrorBody, Outcome, PushRequest, PushResponse, APP_VERSION_HEADER, PROTOCOL_HEADER,
    PROTOCOL_VERSION,
};
use common::{application, harness, submit, Dev, Harness};
use reqwest::StatusCode;

/// Set before the first request: the server reads its settings once per process.
fn county_requires_0_3_0() {
    std::env::set_var("BORDERDESK_MIN_APP_VERSION", "0.3.0");
}

async fn push_as(
    h: &Harness,
    dev: &Dev,
    version: Option<&str>,
    mutations: Vec<borderdesk_protocol::Mutation>,
) -> reqwest::Response {
    let mut req = h
        .http
        .post(h.url("/v1/sync/push"))
        .bearer_auth(&dev.token)
        .header(PROTOCOL_HEADER, PROTOCOL_VERSION.to_string());
    if let Some(v) = version {
        req = req.header(APP_VERSION_HEADER, v);
    }
    req.json(&PushRequest {
        protocol: PROTOCOL_VERSION,
        mutations,
    })
    .send()
    .await
    .unwrap()
}

#[tokio::test]
async fn an_app_below_the_county_minimum_may_update_but_not_push_until_it_has() {
    county_requires_0_3_0();
    let h = harness().await;
    let dev = h.enroll("hall-1").await;
    let app = application(dev.code, 1);
    let number = app.tracking_number.clone();
    let mutation = submit(app);

    for version in [None, Some("0.2.9"), Some("0.3"), Some("v0.3.0")] {
        let r = push_as(&h, &dev, version, vec![mutation.clone()]).await;
        assert_eq!(r.status(), StatusCode::UPGRADE_REQUIRED, "{version:?}");
        let body: ErrorBody = r.json().await.unwrap();
        assert_eq!(body.code, codes::APP_VERSION_OLD);
        assert!(body.message.contains("0.3.0"), "{}", body.message);
    }
    // Refused means not applied: the server does not know the application.
    let r = h.set_status(&number, "accepted").await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);

    // The update routes answer the old app (nothing published: nothing to install).
    let r = h
        .http
        .get(h.url("/v1/sync/update"))
        .query(&[("current_version", "0.2.9"), ("target", "linux-x86_64")])
        .bearer_auth(&dev.token)
        .header(APP_VERSION_HEADER, "0.2.9")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);

    // Updated, the same mutation goes through, once.
    for (version, outcome) in [("0.3.0", Outcome::Applied), ("1.0.0", Outcome::Duplicate)] {
        let r = push_as(&h, &dev, Some(version), vec![mutation.clone()]).await;
        assert_eq!(r.status(), StatusCode::OK, "{version}");
        let pushed: PushResponse = r.json().await.unwrap();
        assert_eq!(pushed.results.len(), 1);
        assert_eq!(pushed.results[0].outcome, outcome, "{version}");
    }
    let r = h.set_status(&number, "accepted").await;
    assert!(r.status().is_success(), "{}", r.status());
}
