//! 呼叫工作人员: a kiosk's call reaches the clerk desks of its own site through the real server,
//! is taken once, and never shows at another site.

use borderdesk_local::{sync, Store, SyncClient};

mod common;
use common::{start_server, ADMIN};

async fn device(dir: &tempfile::TempDir, name: &str, site: &str, url: &str) -> SyncClient {
    let store = Store::open_with_key(
        &dir.path().join(format!("{name}.sqlite")),
        &dir.path().join(format!("{name}.key")),
    )
    .await
    .unwrap();
    sync::enroll(&store, url, ADMIN, name, site).await.unwrap();
    SyncClient::new(store)
}

async fn clerk(url: &str, user: &str, site: &str) {
    let resp = reqwest::Client::new()
        .post(format!("{url}/v1/admin/staff"))
        .bearer_auth(ADMIN)
        .json(&serde_json::json!({
            "user_name": user, "display_name": "窗口", "role": "clerk",
            "site_id": site, "password": "long enough secret"
        }))
        .send()
        .await
        .unwrap();
    assert!(resp.status().is_success());
}

#[tokio::test]
async fn a_call_for_staff_reaches_the_desks_of_its_site_and_is_taken_once() {
    let server = start_server().await;
    let url = server.url();
    let dir = tempfile::tempdir().unwrap();
    let kiosk = device(&dir, "罗阳 自助机1", "taishun-luoyang", &url).await;
    let desk = device(&dir, "罗阳 窗口", "taishun-luoyang", &url).await;
    let elsewhere = device(&dir, "司前 窗口", "taishun-siqian", &url).await;
    clerk(&url, "wang", "taishun-luoyang").await;
    clerk(&url, "li", "taishun-siqian").await;

    let call = uuid::Uuid::now_v7();
    assert!(
        kiosk.call_staff(call).await.unwrap(),
        "the call reached the server"
    );
    assert!(
        kiosk.call_staff(call).await.unwrap(),
        "sent again after a cut: one call"
    );

    let wang = desk
        .staff_login("wang", "long enough secret")
        .await
        .unwrap();
    let calls = desk.staff_calls(&wang).await.unwrap();
    assert_eq!(calls.len(), 1);
    assert_eq!(calls[0].device_name, "罗阳 自助机1");
    let li = elsewhere
        .staff_login("li", "long enough secret")
        .await
        .unwrap();
    assert!(
        elsewhere.staff_calls(&li).await.unwrap().is_empty(),
        "another site's call"
    );
    assert!(elsewhere.answer_staff_call(&li, call).await.is_err());

    desk.answer_staff_call(&wang, call).await.unwrap();
    let again = desk.answer_staff_call(&wang, call).await.unwrap_err();
    assert_eq!(again.code(), "error-status-transition", "taken already");
    assert!(desk.staff_calls(&wang).await.unwrap().is_empty());

    // A kiosk without a server confirms the call on its own screen only.
    let lone = Store::open_with_key(
        &dir.path().join("lone.sqlite"),
        &dir.path().join("lone.key"),
    )
    .await
    .unwrap();
    assert!(!SyncClient::new(lone)
        .call_staff(uuid::Uuid::now_v7())
        .await
        .unwrap());
}

/// A kiosk pressing 呼叫工作人员 again and again (or a hostile one) used to fill the desks'
/// queue with its calls, first of all. One open call per kiosk: the rest add nothing, and
/// once it is taken the kiosk may call anew.
#[tokio::test]
async fn a_kiosk_has_at_most_one_open_call() {
    let server = start_server().await;
    let url = server.url();
    let dir = tempfile::tempdir().unwrap();
    let kiosk = device(&dir, "罗阳 自助机2", "taishun-luoyang", &url).await;
    let other = device(&dir, "罗阳 自助机3", "taishun-luoyang", &url).await;
    let desk = device(&dir, "罗阳 窗口2", "taishun-luoyang", &url).await;
    clerk(&url, "zhou", "taishun-luoyang").await;
    let first = uuid::Uuid::now_v7();
    assert!(kiosk.call_staff(first).await.unwrap());
    for _ in 0..30 {
        assert!(kiosk.call_staff(uuid::Uuid::now_v7()).await.unwrap());
    }
    assert!(other.call_staff(uuid::Uuid::now_v7()).await.unwrap());
    let zhou = desk
        .staff_login("zhou", "long enough secret")
        .await
        .unwrap();
    let calls = desk.staff_calls(&zhou).await.unwrap();
    let names: Vec<&str> = calls.iter().map(|c| c.device_name.as_str()).collect();
    assert_eq!(names, vec!["罗阳 自助机2", "罗阳 自助机3"]);
    assert_eq!(calls[0].id, first, "the first call stands");

    desk.answer_staff_call(&zhou, first).await.unwrap();
    let again = uuid::Uuid::now_v7();
    assert!(kiosk.call_staff(again).await.unwrap());
    let calls = desk.staff_calls(&zhou).await.unwrap();
    assert!(calls.iter().any(|c| c.id == again));
    assert_eq!(calls.len(), 2);
}
