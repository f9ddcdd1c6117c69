//! The staff client reads a list route page after page: with pages of two rows on the server,
//! the desk still gets every call for help, and the site's queue its newest pages only.
//! Alone in its binary: the page size is a setting of the server process.

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

#[tokio::test]
async fn the_desk_follows_the_pages_of_its_lists_to_the_end_or_its_bound() {
    // Before the server reads its settings (once per process).
    std::env::set_var("BORDERDESK_PAGE_SIZE", "2");
    std::env::set_var("BORDERDESK_PAGE_MAX", "2");
    let server = start_server().await;
    let url = server.url();
    let dir = tempfile::tempdir().unwrap();
    let desk = device(&dir, "罗阳 窗口", "taishun-luoyang", &url).await;
    let resp = reqwest::Client::new()
        .post(format!("{url}/v1/admin/staff"))
        .bearer_auth(ADMIN)
        .json(&serde_json::json!({
            "user_name": "wang", "display_name": "窗口", "role": "clerk",
            "site_id": "taishun-luoyang", "password": "long enough secret"
        }))
        .send()
        .await
        .unwrap();
    assert!(resp.status().is_success());
    let mut called = Vec::new();
    for i in 0..11 {
        let kiosk = device(&dir, &format!("罗阳 自助机{i}"), "taishun-luoyang", &url).await;
        let id = uuid::Uuid::now_v7();
        assert!(kiosk.call_staff(id).await.unwrap());
        called.push(id);
    }
    let wang = desk
        .staff_login("wang", "long enough secret")
        .await
        .unwrap();
    // Six pages of at most two: every call, oldest first.
    let calls = desk.staff_calls(&wang).await.unwrap();
    assert_eq!(calls.iter().map(|c| c.id).collect::<Vec<_>>(), called);
    // The site's queue: four pages, the eight oldest calls.
    let queue = desk.desk_queue(&wang).await.unwrap();
    assert!(queue.from_server);
    assert_eq!(queue.entries.len(), 8);
}
