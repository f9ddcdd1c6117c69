//! A mutation on which the server keeps failing is narrowed down, counted and, after a few
//! rounds, set aside for staff; everything before and after it arrives, and the pull goes on
//! while the push fails.

use borderdesk_core::ApplicationStatus;
use borderdesk_local::{sync, LocalError, SyncClient};
use borderdesk_protocol::SetStatusRequest;

mod common;
use common::{device_store, draft, start_server, today};

const ADMIN: &str = "integration-admin-token";

#[tokio::test]
async fn a_mutation_the_server_fails_on_every_time_is_set_aside_and_nothing_else_waits() {
    let dir = tempfile::tempdir().unwrap();
    let store = device_store(&dir).await;
    let server = start_server().await;
    let url = server.url();
    sync::enroll(&store, &url, ADMIN, "罗阳镇 自助机1", "taishun-luoyang")
        .await
        .unwrap();
    let client = SyncClient::new(store.clone()).set_aside_after(2);
    let first = store
        .submit_application(&draft(&store), today())
        .await
        .unwrap();
    assert_eq!(client.sync_once().await.unwrap().pushed, 1);
    let resp = reqwest::Client::new()
        .post(format!(
            "{url}/v1/admin/applications/{}/status",
            first.tracking_number
        ))
        .bearer_auth(ADMIN)
        .json(&SetStatusRequest {
            status: ApplicationStatus::Accepted,
            note: None,
        })
        .send()
        .await
        .unwrap();
    assert!(resp.status().is_success());

    let mut receipts = Vec::new();
    for _ in 0..7 {
        receipts.push(
            store
                .submit_application(&draft(&store), today())
                .await
                .unwrap(),
        );
    }
    // A server bug that fails on one application every time (a trigger stands in for it:
    // an error that is not about the data, so the server answers 500, not `rejected`).
    let poison = receipts[3].tracking_number.clone();
    sqlx::query(&format!(
        "CREATE FUNCTION poison() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN
           IF NEW.tracking_number = '{poison}' THEN
             RAISE EXCEPTION 'server bug' USING ERRCODE = 'XX000';
           END IF;
           RETURN NEW;
         END $$"
    ))
    .execute(server.pool())
    .await
    .unwrap();
    sqlx::query(
        "CREATE TRIGGER poison BEFORE INSERT ON applications FOR EACH ROW EXECUTE FUNCTION poison()",
    )
    .execute(server.pool())
    .await
    .unwrap();

    // Round 1: the push fails on the one application, narrowed down to it; the ones before
    // it arrive, and the pull still brings the status decided on the server.
    let failed = client.sync_once().await.unwrap_err();
    assert!(
        matches!(&failed, LocalError::Server { status: 500, .. }),
        "{failed:?}"
    );
    let on_server: i64 = sqlx::query_scalar("SELECT count(*) FROM applications")
        .fetch_one(server.pool())
        .await
        .unwrap();
    assert_eq!(on_server, 4, "the first and the three before the bad one");
    let tracked = store
        .track(first.tracking_number.as_str(), "0013")
        .await
        .unwrap();
    assert_eq!(tracked.receipt.status, ApplicationStatus::Accepted);

    // Round 2: it fails alone a second time and is set aside; the rest go through.
    let second = client.sync_once().await.unwrap();
    assert_eq!((second.pushed, second.rejected), (3, 1));
    let on_server: i64 = sqlx::query_scalar("SELECT count(*) FROM applications")
        .fetch_one(server.pool())
        .await
        .unwrap();
    assert_eq!(on_server, 7);
    let status = client.status().await.unwrap();
    assert_eq!((status.waiting, status.rejected), (0, 1));
    let (state, code): (String, Option<String>) = sqlx::query_as(
        "SELECT o.state, o.error_code FROM outbox o JOIN applications a ON a.id = o.record_id
         WHERE a.tracking_number = ?",
    )
    .bind(poison.as_str())
    .fetch_one(store.pool())
    .await
    .unwrap();
    assert_eq!(state, "rejected");
    assert_eq!(code.as_deref(), Some("error-internal"));
    server.shutdown().await;
}
