//! The site's LAN key from the real server: devices of one site get the same key at
//! enrollment (and one enrolled before there were keys fetches it at its next sync), so a
//! kiosk's call signed with it is heard by the site's desk and by no other site's.

use std::time::Duration;

use borderdesk_local::lan::{call_over_lan, LanDesk};
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
async fn a_kiosks_call_signed_with_the_servers_key_reaches_its_sites_desk_only() {
    let server = start_server().await;
    let url = server.url();
    let dir = tempfile::tempdir().unwrap();
    let kiosk = device(&dir, "luoyang-kiosk", "taishun-luoyang", &url).await;
    let desk = device(&dir, "luoyang-desk", "taishun-luoyang", &url).await;
    let elsewhere = device(&dir, "siqian-desk", "taishun-siqian", &url).await;

    let key = kiosk
        .store()
        .lan_key()
        .await
        .unwrap()
        .expect("kept at enrollment");
    assert_eq!(desk.store().lan_key().await.unwrap().as_ref(), Some(&key));
    let other = elsewhere.store().lan_key().await.unwrap().unwrap();
    assert_ne!(other, key);

    let loopback = "127.0.0.1:0".parse().unwrap();
    let nowhere = "127.0.0.1:9".parse().unwrap();
    let luoyang = LanDesk::listen(
        "taishun-luoyang".into(),
        Some(key.clone()),
        loopback,
        nowhere,
    )
    .await
    .unwrap();
    luoyang.set_on_duty(true);
    let siqian = LanDesk::listen("taishun-siqian".into(), Some(other), loopback, nowhere)
        .await
        .unwrap();
    siqian.set_on_duty(true);
    let id = uuid::Uuid::now_v7();
    let wait = Duration::from_secs(2);
    let at = luoyang.local_addr().unwrap();
    assert!(
        call_over_lan(Some(&key), "taishun-luoyang", "10001", id, at, wait)
            .await
            .unwrap()
    );
    assert_eq!(luoyang.open_calls().len(), 1);
    let at = siqian.local_addr().unwrap();
    let wait = Duration::from_millis(600);
    assert!(
        !call_over_lan(Some(&key), "taishun-luoyang", "10001", id, at, wait)
            .await
            .unwrap()
    );
    assert!(siqian.open_calls().is_empty());
}

#[tokio::test]
async fn a_device_enrolled_before_there_were_lan_keys_fetches_its_sites_key_at_sync() {
    let server = start_server().await;
    let url = server.url();
    let dir = tempfile::tempdir().unwrap();
    let kiosk = device(&dir, "old-kiosk", "taishun-luoyang", &url).await;
    let key = kiosk.store().lan_key().await.unwrap().unwrap();
    sqlx::query("UPDATE device SET lan_key = NULL")
        .execute(kiosk.store().pool())
        .await
        .unwrap();
    assert_eq!(kiosk.store().lan_key().await.unwrap(), None);

    kiosk.sync_once().await.unwrap();
    assert_eq!(kiosk.store().lan_key().await.unwrap(), Some(key.clone()));
    // Once kept, it stays as it is.
    kiosk.sync_once().await.unwrap();
    assert_eq!(kiosk.store().lan_key().await.unwrap(), Some(key));
}
