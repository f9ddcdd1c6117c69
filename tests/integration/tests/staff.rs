//! Staff login through the real sync client against the real server, then offline with the
//! server stopped.

use borderdesk_core::staff::{Role, StaffError};
use borderdesk_local::staff::StaffLoginError;
use borderdesk_local::{sync, Store, SyncClient};
use borderdesk_protocol::{
    AuditEntry, CreateStaffRequest, Page, StaffInfo, PROTOCOL_HEADER, PROTOCOL_VERSION,
    STAFF_HEADER,
};
use borderdesk_testkit::TestPostgres;

const ADMIN: &str = "integration-admin-token";
const PASSWORD: &str = "clerk-desk-2026";

#[tokio::test]
async fn a_clerk_logs_in_online_then_offline_once_the_server_is_gone() {
    let database_url = TestPostgres::shared().fresh_database().await;
    let server = borderdesk_server::start(borderdesk_server::Config {
        database_url: database_url.clone(),
        listen: "127.0.0.1:0".parse().unwrap(),
        admin_token: ADMIN.into(),
    })
    .await
    .unwrap();
    let addr = server.addr;
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
            office_code: None,
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
        Err(StaffLoginError::Staff(StaffError::OfflineFirstLogin))
    ));

    let log = store.staff_audit_log().await.unwrap();
    let actions: Vec<&str> = log.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        [
            "online_login",
            "offline_login",
            "offline_login_failed",
            "offline_login_failed"
        ]
    );
    assert!(log.iter().all(|e| !e.uploaded));

    // The server is back (same database, same address): one sync uploads the device's log,
    // and the offline login is in the server's audit log once, however often it is synced.
    let again = borderdesk_server::start(borderdesk_server::Config {
        database_url,
        listen: addr,
        admin_token: ADMIN.into(),
    })
    .await
    .unwrap();
    let report = client.sync_once().await.unwrap();
    assert_eq!(report.pushed, 4, "{report:?}");
    client.sync_once().await.unwrap();
    assert!(store
        .staff_audit_log()
        .await
        .unwrap()
        .iter()
        .all(|e| e.uploaded));
    let audit: Vec<AuditEntry> = http
        .get(format!("{url}/v1/admin/audit?limit=200"))
        .bearer_auth(ADMIN)
        .send()
        .await
        .unwrap()
        .error_for_status()
        .unwrap()
        .json::<Page<AuditEntry>>()
        .await
        .unwrap()
        .items;
    let from_device: Vec<&AuditEntry> = audit
        .iter()
        .filter(|e| e.detail["source"] == "device")
        .collect();
    let offline: Vec<&&AuditEntry> = from_device
        .iter()
        .filter(|e| e.action == "offline_login")
        .collect();
    assert_eq!(offline.len(), 1, "{from_device:?}");
    assert_eq!(offline[0].staff_id, Some(created.id));
    assert_eq!(
        offline[0].device_id,
        store.device().await.unwrap().device_id
    );
    assert_eq!(offline[0].subject.as_deref(), Some("chen"));
    assert_eq!(
        from_device
            .iter()
            .filter(|e| e.action == "offline_login_failed")
            .count(),
        2
    );
    let text = serde_json::to_string(&audit).unwrap();
    assert!(!text.contains(PASSWORD) && !text.contains("not-the-password"));
    again.shutdown().await;
}

#[tokio::test]
async fn a_login_through_a_device_of_another_site_is_refused() {
    let server = borderdesk_server::start(borderdesk_server::Config {
        database_url: TestPostgres::shared().fresh_database().await,
        listen: "127.0.0.1:0".parse().unwrap(),
        admin_token: ADMIN.into(),
    })
    .await
    .unwrap();
    let url = server.url();
    let http = reqwest::Client::new();
    http.post(format!("{url}/v1/admin/staff"))
        .bearer_auth(ADMIN)
        .json(&CreateStaffRequest {
            user_name: "chen".into(),
            display_name: "陈窗口".into(),
            role: Role::Clerk,
            site_id: "taishun-luoyang".into(),
            office_code: None,
            password: PASSWORD.into(),
        })
        .send()
        .await
        .unwrap()
        .error_for_status()
        .unwrap();

    // A desk in Fuding: the Luoyang clerk's right password does not open it, and the refusal
    // is final (no offline fallback); nothing is cached there.
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("fuding.sqlite"))
        .await
        .unwrap();
    sync::enroll(&store, &url, ADMIN, "福鼎 窗口1", "fuding-hall")
        .await
        .unwrap();
    let client = SyncClient::new(store.clone());
    let refused = client.staff_login("chen", PASSWORD).await;
    match refused {
        Err(StaffLoginError::Staff(e)) => {
            assert_eq!(e, StaffError::WrongSite);
            assert_eq!(e.code(), "error-staff-wrong-site");
            let zh = borderdesk_i18n::message("zh-CN", e.code(), &[]);
            assert!(zh.contains("站点"), "{zh}");
        }
        other => panic!("expected error-staff-wrong-site, got {other:?}"),
    }
    server.shutdown().await;
    let offline = client.staff_login("chen", PASSWORD).await;
    assert!(
        matches!(
            offline,
            Err(StaffLoginError::Staff(StaffError::OfflineFirstLogin))
        ),
        "no credential was cached here: {offline:?}"
    );
}
