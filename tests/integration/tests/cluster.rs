//! More than one server: two `borderdesk-server serve` processes on one PostgreSQL database,
//! behind Debian's nginx running the shipped site file with both in its upstream, as the README
//! tells a county to grow past one process. Devices enroll and sync through nginx, over TLS.
//!
//! - The work spreads: both processes answer pushes (read from each one's `/metrics`).
//! - Exactly once across processes: one device's batch sent to both processes at the same
//!   moment, twice each, is stored once, and every answer says applied or duplicate.
//! - Capacity across processes: kiosks on both sides book the same slot at once; the office's
//!   seats are never exceeded and every seat is taken.
//! - One process killed (SIGKILL): its devices carry on through the other, nothing lost.

use std::collections::HashSet;
use std::time::Duration;

use borderdesk_local::notary::LocalBookingStatus;
use borderdesk_local::{sync, Store, SyncClient};
use borderdesk_protocol::{Outcome, PushResponse, PROTOCOL_HEADER, PROTOCOL_VERSION};
use borderdesk_testkit::TestPostgres;
use chrono::Utc;
use uuid::Uuid;

mod common;
use common::nginx::{certificates, site_config, start_nginx};
use common::process::{free_port, two_processes, ServerProcess};
use common::{
    draft, id_number, import_bundled_notary, named_store, notary_booking, today, ADMIN,
    NOTARY_OFFICE,
};

const DEVICES: usize = 6;
const APPLICATIONS_EACH: usize = 20;

/// Pushes answered 200 by one process, from its `/metrics`.
async fn pushes_answered(server: &ServerProcess) -> u64 {
    let text = reqwest::get(format!("{}/metrics", server.url()))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    text.lines()
        .find(|l| {
            l.starts_with("borderdesk_http_requests_total{route=\"/v1/sync/push\",status=\"200\"}")
        })
        .and_then(|l| l.rsplit(' ').next())
        .map_or(0, |n| n.parse().unwrap())
}

async fn count(pool: &sqlx::PgPool, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(pool).await.unwrap()
}

/// Every kiosk syncs at once; how many syncs had to be tried again.
async fn all_sync(kiosks: &[SyncClient]) -> u32 {
    let mut set = tokio::task::JoinSet::new();
    for k in kiosks {
        let k = k.clone();
        set.spawn(async move { sync_through(&k).await });
    }
    set.join_all().await.into_iter().sum()
}

/// A sync through the load balancer, tried up to three times: a request that was on its way
/// to a process when it died is answered 502 by nginx, and the device tries again, as its
/// sync loop does.
async fn sync_through(client: &SyncClient) -> u32 {
    let mut failed = 0;
    loop {
        match client.sync_once().await {
            Ok(_) => return failed,
            Err(e) if failed < 2 => {
                eprintln!("sync failed once ({e}); again");
                failed += 1;
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
            Err(e) => panic!("sync failed three times: {e}"),
        }
    }
}

async fn pending(store: &Store) -> usize {
    store.pending(10_000).await.unwrap().len()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_server_processes_behind_nginx_share_the_work_and_one_can_be_lost() {
    let dir = tempfile::tempdir().unwrap();
    std::env::set_var(sync::SERVER_CA_ENV, certificates(dir.path()));
    let database_url = TestPostgres::shared().fresh_database().await;
    // Both start on an empty database at once; two processes share what one would hold.
    let (mut a, b) = two_processes(&database_url, ADMIN, dir.path(), 4).await;
    let pool = borderdesk_server::connect(&database_url).await.unwrap();
    import_bundled_notary(&pool).await;

    let (http, https) = (free_port(), free_port());
    let site = site_config(dir.path(), &[a.addr, b.addr], http, https);
    let _nginx = start_nginx(dir.path(), &site, https);
    let url = format!("https://localhost:{https}");

    // Kiosks of three townships enroll and take applications and one booking each offline,
    // all for the same slot.
    let mut kiosks = Vec::new();
    for i in 0..DEVICES {
        let store = named_store(&dir, &format!("kiosk-{i}")).await;
        let site = ["taishun-luoyang", "taishun-siqian", "shouning-nanyang"][i % 3];
        sync::enroll(&store, &url, ADMIN, &format!("自助机{i}"), site)
            .await
            .unwrap();
        let client = SyncClient::new(store);
        // The first pull brings the notary offices and their slots.
        client.sync_once().await.unwrap();
        kiosks.push(client);
    }
    let slot = kiosks[0]
        .store()
        .slot_choices(NOTARY_OFFICE, Utc::now())
        .await
        .unwrap()
        .slots[0]
        .start;
    let mut receipts = Vec::new();
    for (i, k) in kiosks.iter().enumerate() {
        let d = draft(k.store());
        for _ in 0..APPLICATIONS_EACH {
            k.store().submit_application(&d, today()).await.unwrap();
        }
        let receipt = k
            .store()
            .book_slot(&notary_booking(slot, &id_number(i)), Utc::now(), today())
            .await
            .unwrap();
        receipts.push(receipt.tracking_number);
    }
    let before = (pushes_answered(&a).await, pushes_answered(&b).await);
    // All at once: the bookings race for the seats on both processes.
    all_sync(&kiosks).await;
    for k in &kiosks {
        assert_eq!(
            pending(k.store()).await,
            0,
            "a kiosk still has work waiting"
        );
    }
    assert_eq!(
        count(&pool, "SELECT count(*) FROM applications").await,
        (DEVICES * APPLICATIONS_EACH) as i64
    );
    let after = (pushes_answered(&a).await, pushes_answered(&b).await);
    assert!(
        after.0 > before.0 && after.1 > before.1,
        "both processes take pushes: a {before:?} → {after:?}"
    );

    // The office's seats: taken as often as confirmed, never more than it has, all used.
    let seats = borderdesk_server::booking::seat_counts(&pool, NOTARY_OFFICE)
        .await
        .unwrap();
    let (_, capacity, taken, confirmed) = seats
        .iter()
        .find(|(start, ..)| *start == slot)
        .copied()
        .expect("the slot has seats");
    assert!(capacity >= 1 && (capacity as usize) < DEVICES, "{capacity}");
    assert_eq!(i64::from(taken), confirmed);
    assert_eq!(
        confirmed,
        i64::from(capacity),
        "every seat is taken, none twice"
    );
    let mut seated = 0;
    for (k, number) in kiosks.iter().zip(&receipts) {
        let receipt = k.store().booking_receipt(number.as_str()).await.unwrap();
        match receipt.status {
            LocalBookingStatus::Confirmed => seated += 1,
            LocalBookingStatus::Rejected => {}
            other => panic!("a booking is still {other:?}"),
        }
    }
    assert_eq!(seated, capacity, "the kiosks know who got a seat");

    // One batch at both processes at the same moment, twice each: stored once.
    let device = &kiosks[0];
    let d = draft(device.store());
    for _ in 0..30 {
        device
            .store()
            .submit_application(&d, today())
            .await
            .unwrap();
    }
    let batch = device.store().outgoing_after(0, 100).await.unwrap();
    assert_eq!(batch.len(), 30);
    let body = format!(
        "{{\"protocol\":{},\"mutations\":[{}]}}",
        PROTOCOL_VERSION,
        batch
            .iter()
            .map(|m| m.json.as_str())
            .collect::<Vec<_>>()
            .join(",")
    );
    let token = device.store().device().await.unwrap().device_token.unwrap();
    let http_client = reqwest::Client::new();
    let push_to = |server: &ServerProcess| {
        http_client
            .post(format!("{}/v1/sync/push", server.url()))
            .bearer_auth(&token)
            .header(PROTOCOL_HEADER, PROTOCOL_VERSION.to_string())
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .body(body.clone())
            .send()
    };
    let answers = tokio::join!(push_to(&a), push_to(&b), push_to(&a), push_to(&b));
    let ids: HashSet<Uuid> = batch.iter().map(|m| m.id).collect();
    for answer in [answers.0, answers.1, answers.2, answers.3] {
        let answer = answer.unwrap();
        assert_eq!(answer.status(), 200);
        let pushed: PushResponse = answer.json().await.unwrap();
        assert_eq!(pushed.results.len(), 30);
        for r in &pushed.results {
            assert!(ids.contains(&r.id));
            assert!(
                matches!(r.outcome, Outcome::Applied | Outcome::Duplicate),
                "{:?}",
                r.outcome
            );
        }
    }
    let total = (DEVICES * APPLICATIONS_EACH + 30) as i64;
    assert_eq!(
        count(&pool, "SELECT count(*) FROM applications").await,
        total
    );
    // The device's own sync then learns its work arrived, and adds nothing.
    sync_through(device).await;
    assert_eq!(pending(device.store()).await, 0);
    assert_eq!(
        count(&pool, "SELECT count(*) FROM applications").await,
        total
    );

    // Process a dies. Every kiosk carries on through b: new applications, a new booking.
    assert!(a.kill());
    let b_before = pushes_answered(&b).await;
    let later = kiosks[0]
        .store()
        .slot_choices(NOTARY_OFFICE, Utc::now())
        .await
        .unwrap()
        .slots[1]
        .start;
    for (i, k) in kiosks.iter().enumerate() {
        let d = draft(k.store());
        for _ in 0..5 {
            k.store().submit_application(&d, today()).await.unwrap();
        }
        if i == 0 {
            k.store()
                .book_slot(&notary_booking(later, &id_number(100)), Utc::now(), today())
                .await
                .unwrap();
        }
    }
    let retried = all_sync(&kiosks).await;
    eprintln!("syncs tried again after the kill: {retried}");
    for k in &kiosks {
        assert_eq!(
            pending(k.store()).await,
            0,
            "a kiosk lost its way after the kill"
        );
    }
    assert_eq!(
        count(&pool, "SELECT count(*) FROM applications").await,
        total + (DEVICES * 5) as i64
    );
    assert!(pushes_answered(&b).await >= b_before + DEVICES as u64);
    assert_eq!(
        count(
            &pool,
            "SELECT count(*) FROM bookings WHERE status = 'confirmed'"
        )
        .await,
        i64::from(capacity) + 1
    );
    pool.close().await;
}
