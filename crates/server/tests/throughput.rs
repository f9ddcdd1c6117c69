//! 10,000 mutations in batches over loopback HTTP, one batch after another as one device's
//! sync task sends them: every one is applied, once. The rate is printed for a look
//! (`--nocapture`); it is measured against its target in `tests/bench` (`make bench`), not
//! asserted here.

mod common;

use std::time::Instant;

use borderdesk_protocol::Outcome;
use common::*;

const TOTAL: u32 = 10_000;

/// The measurements take turns, so they do not slow each other down.
static SERIAL: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

async fn push_all(batch: u32) {
    let h = harness().await;
    let dev = h.enroll("site-a").await;
    let mutations: Vec<_> = (1..=TOTAL)
        .map(|i| submit(application(dev.code, i)))
        .collect();
    // Warm the connection and the pool.
    h.push(&dev, vec![]).await;
    let started = Instant::now();
    for chunk in mutations.chunks(batch as usize) {
        let r = h.push(&dev, chunk.to_vec()).await;
        assert!(r.results.iter().all(|m| m.outcome == Outcome::Applied));
    }
    let secs = started.elapsed().as_secs_f64();
    let rows: i64 = sqlx::query_scalar("SELECT count(*) FROM applications")
        .fetch_one(h.server.pool())
        .await
        .unwrap();
    assert_eq!(rows, TOTAL as i64);
    let rate = TOTAL as f64 / secs;
    println!("batch {batch}: {TOTAL} mutations in {secs:.3} s = {rate:.0}/s");
    h.server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_thousand_pushed_mutations_are_each_applied_in_batches_of_any_size() {
    let _serial = SERIAL.lock().await;
    for batch in [100, 250, 500] {
        push_all(batch).await;
    }
}

/// The same work without HTTP: what the database part costs.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_thousand_mutations_are_applied_without_http() {
    let _serial = SERIAL.lock().await;
    let h = harness().await;
    let dev = h.enroll("site-a").await;
    let device = borderdesk_server::Device {
        id: dev.id,
        site_id: dev.site.clone(),
        device_code: dev.code,
        provisional_code: None,
    };
    let mutations: Vec<_> = (1..=TOTAL)
        .map(|i| submit(application(dev.code, i)))
        .collect();
    let started = Instant::now();
    for chunk in mutations.chunks(250) {
        let request = borderdesk_protocol::PushRequest {
            protocol: borderdesk_protocol::PROTOCOL_VERSION,
            mutations: chunk.to_vec(),
        };
        let r = borderdesk_server::sync::push(h.server.pool(), &device, &request)
            .await
            .unwrap();
        assert!(r.results.iter().all(|m| m.outcome == Outcome::Applied));
    }
    let secs = started.elapsed().as_secs_f64();
    println!("library, batch 250: {:.0}/s", TOTAL as f64 / secs);
    let rows: i64 = sqlx::query_scalar("SELECT count(*) FROM applied_mutations")
        .fetch_one(h.server.pool())
        .await
        .unwrap();
    assert_eq!(rows, TOTAL as i64);
}
