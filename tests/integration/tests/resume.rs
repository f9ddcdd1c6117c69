//! A saved application resumed at another kiosk through the real server until it is submitted;
//! and one saved again offline at the kiosk that saved it, whose old server copy is then used
//! up at the next sync.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

use borderdesk_core::resume::DraftPosition;
use borderdesk_local::resume::DraftContent;
use borderdesk_local::{sync, Store, SyncClient};

mod common;
use common::{cutting_relay, start_server, ADMIN};

async fn kiosk(dir: &tempfile::TempDir, name: &str, url: &str) -> SyncClient {
    let store = Store::open_with_key(
        &dir.path().join(format!("{name}.sqlite")),
        &dir.path().join(format!("{name}.key")),
    )
    .await
    .unwrap();
    sync::enroll(&store, url, ADMIN, name, "taishun-siqian")
        .await
        .unwrap();
    SyncClient::new(store)
}

fn content() -> DraftContent {
    let answers: BTreeMap<String, String> = [("applicant_name", "赵六")]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    DraftContent {
        item_code: "ZM-HJ-001".into(),
        answers,
        position: DraftPosition::Check,
    }
}

fn code(r: Result<impl Sized, borderdesk_local::LocalError>) -> String {
    r.err().map(|e| e.code().to_string()).unwrap_or_default()
}

#[tokio::test]
async fn a_draft_saved_at_one_kiosk_is_resumed_at_another_until_it_is_submitted() {
    let server = start_server().await;
    let url = server.url();
    let dir = tempfile::tempdir().unwrap();
    let a = kiosk(&dir, "kiosk-a", &url).await;
    let b = kiosk(&dir, "kiosk-b", &url).await;

    let saved = a.store().save_draft(&content()).await.unwrap();
    // Before kiosk A has synced, the other kiosk cannot know the draft.
    assert_eq!(
        code(b.resume_draft(saved.code.as_str()).await),
        "error-resume-code-unknown"
    );
    a.sync_once().await.unwrap();
    let on_server: String = sqlx::query_scalar("SELECT sealed FROM drafts")
        .fetch_one(server.pool())
        .await
        .unwrap();
    assert!(
        !on_server.contains("赵六"),
        "the server cannot read a draft"
    );

    let resumed = b.resume_draft(&saved.code.grouped()).await.unwrap();
    assert_eq!(resumed.answers["applicant_name"], "赵六");
    assert_eq!(resumed.position, DraftPosition::Check);
    // The person walked away before submitting: the slip still works, at either kiosk.
    let again = b.resume_draft(saved.code.as_str()).await.unwrap();
    assert_eq!(again.answers["applicant_name"], "赵六");
    a.resume_draft(saved.code.as_str()).await.unwrap();

    // Submitted at B: used up there at once, and on the server at B's next sync.
    let mut submitted = common::draft(b.store());
    submitted.resumed_from = Some(again.resumed_from.clone());
    b.store()
        .submit_application(&submitted, chrono::Utc::now().date_naive())
        .await
        .unwrap();
    assert_eq!(
        code(b.resume_draft(saved.code.as_str()).await),
        "error-resume-code-used"
    );
    b.sync_once().await.unwrap();
    assert!(b.store().drafts_to_burn().await.unwrap().is_empty());
    // Kiosk A, which saved it, hears so from the server.
    assert_eq!(
        code(a.resume_draft(saved.code.as_str()).await),
        "error-resume-code-used"
    );
    let left: String = sqlx::query_scalar("SELECT sealed FROM drafts")
        .fetch_one(server.pool())
        .await
        .unwrap();
    assert_eq!(left, "", "the server keeps nothing of a used draft");
}

#[tokio::test]
async fn a_draft_saved_again_offline_where_it_was_saved_is_used_up_on_the_server_at_the_next_sync()
{
    let server = start_server().await;
    let budget = Arc::new(AtomicI64::new(i64::MAX));
    let relay = cutting_relay(server.addr, budget.clone()).await;
    let dir = tempfile::tempdir().unwrap();
    let a = kiosk(&dir, "kiosk-a", &relay).await;
    let b = kiosk(&dir, "kiosk-b", &server.url()).await;

    let saved = a.store().save_draft(&content()).await.unwrap();
    a.sync_once().await.unwrap();
    // The line is down at kiosk A: the person resumes there anyway, and saves again.
    budget.store(0, Ordering::SeqCst);
    let resumed = a.resume_draft(saved.code.as_str()).await.unwrap();
    assert_eq!(resumed.answers["applicant_name"], "赵六");
    let second = a
        .store()
        .save_draft_again(&content(), Some(&resumed.resumed_from))
        .await
        .unwrap();
    // Back online: A's next sync uses up the old slip on the server and hands it the new one.
    budget.store(i64::MAX, Ordering::SeqCst);
    a.sync_once().await.unwrap();
    assert_eq!(
        code(b.resume_draft(saved.code.as_str()).await),
        "error-resume-code-used"
    );
    let moved = b.resume_draft(second.code.as_str()).await.unwrap();
    assert_eq!(moved.answers["applicant_name"], "赵六");
    assert!(a.store().drafts_to_burn().await.unwrap().is_empty());
}
