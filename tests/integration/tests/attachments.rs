//! A scanned file goes up with its application; a connection cut mid-file resumes where the
//! server's copy ends, on the real sync client, server and PostgreSQL.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

use borderdesk_local::{sync, Store, SyncClient};
use borderdesk_testkit::TestPostgres;

const ADMIN: &str = "integration-admin-token";

mod common;
use common::{cutting_relay, draft, today};

#[tokio::test]
async fn a_file_cut_off_mid_upload_resumes_where_the_server_holds_it() {
    let server = borderdesk_server::start(borderdesk_server::Config {
        database_url: TestPostgres::shared().fresh_database().await,
        listen: "127.0.0.1:0".parse().unwrap(),
        admin_token: ADMIN.into(),
    })
    .await
    .unwrap();
    let budget = Arc::new(AtomicI64::new(i64::MAX));
    let relay = cutting_relay(server.addr, budget.clone()).await;

    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_with_key(
        &dir.path().join("kiosk.sqlite"),
        &dir.path().join("device.key"),
    )
    .await
    .unwrap();
    sync::enroll(&store, &relay, ADMIN, "司前 自助机1", "taishun-siqian")
        .await
        .unwrap();

    // A 1.5 MB photo page: six pieces of 256 KiB.
    let scan: Vec<u8> = b"\x89PNG\r\n\x1a\n"
        .iter()
        .copied()
        .chain((0..1_500_000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8))
        .collect();
    let photo = store.attach("ZM-HJ-001", 1, &scan).await.unwrap();
    let mut application = draft(&store);
    application.attachments = vec![photo.id];
    store
        .submit_application(&application, today())
        .await
        .unwrap();

    // The line carries the application and about two pieces, then drops.
    budget.store(600_000, Ordering::SeqCst);
    let client = SyncClient::new(store.clone());
    assert!(
        client.sync_once().await.is_err(),
        "the round ends with the cut"
    );
    assert_eq!(
        store.pending(10).await.unwrap().len(),
        0,
        "the application got through"
    );
    let held_before: i64 = sqlx::query_scalar("SELECT received FROM attachments WHERE id = $1")
        .bind(photo.id)
        .fetch_one(server.pool())
        .await
        .unwrap();
    assert!(
        held_before > 0 && (held_before as usize) < scan.len(),
        "part of the file is on the server: {held_before}"
    );
    assert_eq!(store.files_waiting().await.unwrap(), 1);

    // The line is back: only the rest goes up.
    budget.store(i64::MAX, Ordering::SeqCst);
    let report = client.sync_once().await.unwrap();
    assert_eq!(report.files_uploaded, 1);
    assert_eq!(
        report.bytes_uploaded,
        scan.len() as u64 - held_before as u64,
        "nothing the server held was sent again"
    );
    let (_, stored) = borderdesk_server::attachments::content(server.pool(), photo.id)
        .await
        .unwrap();
    assert!(
        stored == scan,
        "the server's copy is the scan, byte for byte"
    );
    // Held by the server: the device keeps no copy of the page.
    assert_eq!(store.files_waiting().await.unwrap(), 0);
    assert!(store.attachment_content(photo.id).await.is_err());
    let again = client.sync_once().await.unwrap();
    assert_eq!(again.bytes_uploaded, 0);
}
