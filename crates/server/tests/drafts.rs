//! Saved drafts on a real PostgreSQL: kept sealed, handed out until used up, never after
//! their time.

mod common;

use borderdesk_protocol::{
    ClaimedDraft, DraftClaim, DraftUpload, ErrorBody, MAX_DRAFT_BYTES, PROTOCOL_HEADER,
    PROTOCOL_VERSION,
};
use chrono::{Duration, Utc};
use common::{harness, Dev, Harness};
use reqwest::StatusCode;
use uuid::Uuid;

fn draft(lookup: &str) -> DraftUpload {
    DraftUpload {
        id: Uuid::now_v7(),
        lookup: lookup.to_string(),
        sealed: "c2VhbGVk".into(),
        item_code: "ZM-HJ-001".into(),
        expires_at: Utc::now() + Duration::days(7),
    }
}

async fn post<T: serde::Serialize>(
    h: &Harness,
    dev: &Dev,
    path: &str,
    body: &T,
) -> reqwest::Response {
    h.http
        .post(h.url(path))
        .bearer_auth(&dev.token)
        .header(PROTOCOL_HEADER, PROTOCOL_VERSION.to_string())
        .json(body)
        .send()
        .await
        .unwrap()
}

async fn claim(h: &Harness, dev: &Dev, lookup: &str) -> (StatusCode, Option<ClaimedDraft>, String) {
    ask(h, dev, "/v1/sync/drafts/claim", lookup).await
}

async fn ask(
    h: &Harness,
    dev: &Dev,
    path: &str,
    lookup: &str,
) -> (StatusCode, Option<ClaimedDraft>, String) {
    let resp = post(
        h,
        dev,
        path,
        &DraftClaim {
            lookup: lookup.into(),
        },
    )
    .await;
    let status = resp.status();
    if status.is_success() {
        (status, Some(resp.json().await.unwrap()), String::new())
    } else {
        (status, None, resp.json::<ErrorBody>().await.unwrap().code)
    }
}

#[tokio::test]
async fn a_draft_is_handed_out_to_any_device_until_it_is_used_up_and_then_its_content_goes() {
    let h = harness().await;
    let a = h.enroll("taishun-siqian").await;
    let b = h.enroll("taishun-luoyang").await;
    let lookup = "ab".repeat(32);
    let saved = draft(&lookup);
    assert_eq!(
        post(&h, &a, "/v1/sync/drafts", &saved).await.status(),
        StatusCode::NO_CONTENT
    );
    // Sent again after a lost answer: nothing changes.
    assert_eq!(
        post(&h, &a, "/v1/sync/drafts", &saved).await.status(),
        StatusCode::NO_CONTENT
    );

    // Opened (the person carries on, and may walk away again): it stays.
    for dev in [&b, &a, &b] {
        let (status, found, _) = ask(&h, dev, "/v1/sync/drafts/open", &lookup.to_uppercase()).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(found.unwrap().sealed, "c2VhbGVk");
    }
    let (status, found, _) = claim(&h, &b, &lookup.to_uppercase()).await;
    assert_eq!(status, StatusCode::OK);
    let found = found.unwrap();
    assert_eq!((found.id, found.sealed.as_str()), (saved.id, "c2VhbGVk"));
    let (status, _, code) = claim(&h, &a, &lookup).await;
    assert_eq!(
        (status, code.as_str()),
        (StatusCode::GONE, "error-resume-code-used")
    );
    let (status, _, code) = ask(&h, &a, "/v1/sync/drafts/open", &lookup).await;
    assert_eq!(
        (status, code.as_str()),
        (StatusCode::GONE, "error-resume-code-used")
    );
    let left: String = sqlx::query_scalar("SELECT sealed FROM drafts WHERE id = $1")
        .bind(saved.id)
        .fetch_one(h.server.pool())
        .await
        .unwrap();
    assert_eq!(left, "");
    let (status, _, code) = claim(&h, &a, &"cd".repeat(32)).await;
    assert_eq!(
        (status, code.as_str()),
        (StatusCode::NOT_FOUND, "error-resume-code-unknown")
    );
}

#[tokio::test]
async fn an_expired_draft_says_so_and_bad_drafts_are_refused() {
    let h = harness().await;
    let dev = h.enroll("taishun-siqian").await;
    let lookup = "ef".repeat(32);
    post(&h, &dev, "/v1/sync/drafts", &draft(&lookup)).await;
    sqlx::query("UPDATE drafts SET expires_at = now() - interval '1 minute'")
        .execute(h.server.pool())
        .await
        .unwrap();
    let (status, _, code) = claim(&h, &dev, &lookup).await;
    assert_eq!(
        (status, code.as_str()),
        (StatusCode::GONE, "error-resume-code-expired")
    );
    let (status, _, code) = ask(&h, &dev, "/v1/sync/drafts/open", &lookup).await;
    assert_eq!(
        (status, code.as_str()),
        (StatusCode::GONE, "error-resume-code-expired")
    );
    let (status, _, _) = ask(&h, &dev, "/v1/sync/drafts/open", "not-hex").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    // A device clock years ahead cannot keep a draft longer than the rule.
    let mut far = draft(&"12".repeat(32));
    far.expires_at = Utc::now() + Duration::days(3650);
    post(&h, &dev, "/v1/sync/drafts", &far).await;
    let kept_until: chrono::DateTime<Utc> =
        sqlx::query_scalar("SELECT expires_at FROM drafts WHERE id = $1")
            .bind(far.id)
            .fetch_one(h.server.pool())
            .await
            .unwrap();
    assert!(kept_until < Utc::now() + Duration::days(9));

    let mut bad = draft("not-hex");
    assert_eq!(
        post(&h, &dev, "/v1/sync/drafts", &bad).await.status(),
        StatusCode::BAD_REQUEST
    );
    bad.lookup = "34".repeat(32);
    bad.sealed = "x".repeat(MAX_DRAFT_BYTES + 1);
    assert_eq!(
        post(&h, &dev, "/v1/sync/drafts", &bad).await.status(),
        StatusCode::PAYLOAD_TOO_LARGE
    );
}
