//! Sync throughput through the real sync client and the real server on loopback, each figure
//! beside a plain batched INSERT of the same rows into the same PostgreSQL, measured in the
//! same run. Prints medians of several runs. Run with `make bench` (release build).
//!
//! The push is measured twice: from an outreach laptop (field mode), which is what pushes
//! thousands at once (a day's work offline, then one sync), and from a kiosk, which on top
//! drops each citizen's personal data as the server confirms it (opening every sealed record
//! for its ID check value, overwriting, and checkpointing the write-ahead log).
//!
//! `SYNC_BENCH_ONLY=pull` (or `plain`, `field`, `kiosk`, comma-separated) runs only those parts,
//! for a quicker look while working on one of them.

mod common;

use std::time::Instant;

use borderdesk_core::CatalogItem;
use borderdesk_local::forget::DeviceMode;
use borderdesk_local::{sync, Store, SyncClient};
use borderdesk_testkit::TestPostgres;
use sqlx::{PgPool, Postgres, QueryBuilder};

const N: usize = 10_000;
const RUNS: usize = 3;
use common::ADMIN;

async fn server() -> (borderdesk_server::RunningServer, PgPool) {
    let server = common::server().await;
    let pool = server.pool().clone();
    (server, pool)
}

async fn enrolled_store(dir: &tempfile::TempDir, addr: std::net::SocketAddr, name: &str) -> Store {
    let store = Store::open(&dir.path().join(format!("{name}.sqlite")))
        .await
        .expect("store");
    sync::enroll(&store, &format!("http://{addr}"), ADMIN, name, "bench-site")
        .await
        .expect("enroll");
    store
}

/// Rows per second for N mutations pushed by one device used as `mode`.
async fn push_rate(mode: DeviceMode) -> f64 {
    let (server, _pool) = server().await;
    let dir = tempfile::tempdir().expect("tempdir");
    let store = enrolled_store(&dir, server.addr, "push").await;
    store.set_device_mode(mode).await.expect("mode");
    let draft = common::draft(&store);
    for _ in 0..N {
        store
            .submit_application(&draft, common::today())
            .await
            .expect("submit");
    }
    let client = SyncClient::new(store.clone());
    let t = Instant::now();
    let report = client.sync_once().await.expect("sync");
    let secs = t.elapsed().as_secs_f64();
    assert_eq!(report.pushed as usize, N);
    server.shutdown().await;
    N as f64 / secs
}

/// Rows per second for N reference rows pulled by a fresh device.
async fn pull_rate() -> f64 {
    let (server, pool) = server().await;
    let dir = tempfile::tempdir().expect("tempdir");
    let template = Store::open(&dir.path().join("template.sqlite"))
        .await
        .expect("store");
    let base = template.catalog_item("ZM-HJ-001").expect("item");
    let items: Vec<CatalogItem> = (0..N)
        .map(|i| {
            let mut it = base.clone();
            it.code = format!("BENCH-{i:05}");
            it.name.zh_cn = format!("{}{i}", base.name.zh_cn);
            it
        })
        .collect();
    borderdesk_server::catalog::import_catalog(&pool, &items)
        .await
        .expect("import");
    let store = enrolled_store(&dir, server.addr, "pull").await;
    let client = SyncClient::new(store.clone());
    let t = Instant::now();
    let report = client.sync_once().await.expect("sync");
    let secs = t.elapsed().as_secs_f64();
    assert!(report.pulled as usize >= N, "pulled {}", report.pulled);
    server.shutdown().await;
    N as f64 / secs
}

/// Rows per second for a plain INSERT of N application-shaped rows, 100 per statement.
async fn plain_insert_rate() -> f64 {
    let url = TestPostgres::shared().fresh_database().await;
    let pool = PgPool::connect(&url).await.expect("connect");
    sqlx::query(
        "CREATE TABLE plain (id uuid PRIMARY KEY, tracking_number text UNIQUE, item_code text,
             answers jsonb, status text, submitted_at timestamptz)",
    )
    .execute(&pool)
    .await
    .expect("table");
    let answers = serde_json::json!({"applicant_name": "王五", "applicant_id_number": "350825199001011230", "phone": "13700137000"});
    let now = chrono::Utc::now();
    let t = Instant::now();
    for chunk in 0..N / 100 {
        let mut q: QueryBuilder<Postgres> = QueryBuilder::new(
            "INSERT INTO plain (id, tracking_number, item_code, answers, status, submitted_at) ",
        );
        q.push_values(0..100, |mut b, i| {
            b.push_bind(uuid::Uuid::now_v7())
                .push_bind(format!("{:012}", chunk * 100 + i))
                .push_bind("ZM-HJ-001")
                .push_bind(&answers)
                .push_bind("submitted")
                .push_bind(now);
        });
        q.build().execute(&pool).await.expect("insert");
    }
    N as f64 / t.elapsed().as_secs_f64()
}

fn main() {
    // `cargo bench` passes --bench; nothing to parse. Both sides of the comparison run on a
    // cluster that syncs to disk, as a production server does.
    std::env::set_var(borderdesk_testkit::DURABLE_ENV, "1");
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    rt.block_on(async {
        let mut push = Vec::new();
        let mut kiosk = Vec::new();
        let mut pull = Vec::new();
        let mut plain = Vec::new();
        let only = std::env::var("SYNC_BENCH_ONLY").unwrap_or_default();
        let on = |k: &str| only.is_empty() || only.split(',').any(|o| o == k);
        for run in 1..=RUNS {
            plain.push(if on("plain") { plain_insert_rate().await } else { f64::NAN });
            push.push(if on("field") { push_rate(DeviceMode::Field).await } else { f64::NAN });
            kiosk.push(if on("kiosk") { push_rate(DeviceMode::Kiosk).await } else { f64::NAN });
            pull.push(if on("pull") { pull_rate().await } else { f64::NAN });
            let i = run - 1;
            eprintln!(
                "run {run}: plain {:.0}/s push (field) {:.0}/s push (kiosk) {:.0}/s pull {:.0}/s",
                plain[i], push[i], kiosk[i], pull[i]
            );
        }
        let (plain, push, kiosk, pull) = (
            common::median(&mut plain),
            common::median(&mut push),
            common::median(&mut kiosk),
            common::median(&mut pull),
        );
        println!("sync benchmark, {N} records, median of {RUNS} runs, loopback, one device, PostgreSQL with fsync on:");
        println!("  plain batched INSERT (100/statement): {plain:>9.0} rows/s   (reference)");
        println!("  push via sync client + server:        {push:>9.0} rows/s   ({:.0}% of plain; target >= 50%, >= 20000/s) from a field laptop", 100.0 * push / plain);
        println!("  push, kiosk dropping personal data:   {kiosk:>9.0} rows/s   ({:.0}% of plain)", 100.0 * kiosk / plain);
        println!("  pull via sync client + server:        {pull:>9.0} rows/s   (target >= 20000/s)");
    });
}
