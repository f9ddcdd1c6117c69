//! Staff login through the real sync client against the real server, then offline with the
//! server stopped.

use borderdesk_core::staff::{Role, StaffError};
use borderdesk_local::staff::StaffLoginError;
use borderdesk_local::{sync, Store, SyncClient};
use borderdesk_protocol::{
    CreateStaffRequest, StaffInfo, PROTOCOL_HEADER, PROTOCOL_VERSION, STAFF_HEADER,
};
use borderdesk_testkit::TestPostgres;

const ADMIN: &str = "integration-admin-token";
const PASSWORD: &str = "clerk-desk-2026";

#[tokio::test]
async fn a_clerk_logs_in_online_then_offline_once_the_server_is_gone() {
    let server = borderdesk_server::start(borderdesk_server::Config {
        database_url: TestPostgres::shared().fresh_database().await,
        listen: "127.0.0.1:0".parse().unwrap(),
        admin_token: ADMIN.into(),
    })
    .await
    .unwrap();
    let url = server.url();
    let http = reqwest::Client::new();
    let created: StaffInfo = http
        .post(format!("{url}/v1/admin/staff"))
        .bearer_auth(ADMIN)
        .json(&CreateStaffRequest {
            user_name: "chen".into(),
            display_name: "陈窗口".into(),
            role: Role::Clerk,
            site_id: "taishun-luoyang".into(),
            password: PASSWORD.into(),
        })
        .send()
        .await
        .unwrap()
        .error_for_status()
        .unwrap()
        .json()
        .await
        .unwrap();

    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("desk.sqlite")).await.unwrap();
    sync::enroll(&store, &url, ADMIN, "罗阳镇 窗口1", "taishun-luoyang")
        .await
        .unwrap();
    let client = SyncClient::new(store.clone());

    // Online: the server decides, and its refusal is final (no fallback to the cache).
    let wrong = client.staff_login("chen", "not-the-password").await;
    assert!(matches!(
        wrong,
        Err(StaffLoginError::Staff(StaffError::LoginFailed))
    ));
    let online = client.staff_login("chen", PASSWORD).await.unwrap();
    assert!(!online.offline);
    assert_eq!(online.staff, created);
    let token = online.session_token.clone().unwrap();
    let device_token = store.device().await.unwrap().device_token.unwrap();
    let me: StaffInfo = http
        .get(format!("{url}/v1/sync/staff/me"))
        .bearer_auth(&device_token)
        .header(PROTOCOL_HEADER, PROTOCOL_VERSION.to_string())
        .header(STAFF_HEADER, &token)
        .send()
        .await
        .unwrap()
        .error_for_status()
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(me, created, "the session token works with the device token");

    // The server goes away: the cached credential lets the same person in, and no other.
    server.shutdown().await;
    let offline = client.staff_login("chen", PASSWORD).await.unwrap();
    assert!(offline.offline);
    assert_eq!(offline.staff, created);
    assert_eq!(offline.session_token, None);
    let refused = client.staff_login("chen", "not-the-password").await;
    assert!(matches!(
        refused,
        Err(StaffLoginError::Staff(StaffError::LoginFailed))
    ));
    let stranger = client.staff_login("nobody", PASSWORD).await;
    assert!(matches!(
        stranger,
        Err(StaffLoginError::Staff(StaffError::LoginFailed))
    ));

    let actions: Vec<String> = store
        .staff_audit_log()
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert_eq!(
        actions,
        [
            "online_login",
            "offline_login",
            "offline_login_failed",
            "offline_login_failed"
        ]
    );
}
