//! A new kiosk's first sync on a server with years of feed behind it, beside the same sync on
//! a server that holds only the current state (issue 17: at most 1.5×).
//!
//! Both servers hold the same current reference: `ITEMS` catalog items and the bundled notary
//! reference. The one with history also holds `HISTORY` older changes written the way the
//! server writes them: superseded versions of every catalog item and old notary calendars
//! (which the feed compacts as they are written: migration 0034), and the application
//! statuses of other sites (kept: a site's history, never served to another site). Then a
//! fresh device, enrolled at a site of its own, syncs once; the time to an up-to-date store
//! is compared, median of `RUNS`.
//!
//! `FIRST_PULL_HISTORY` (default 1,000,000) and `FIRST_PULL_ITEMS` (default 2,000) change the
//! sizes.

mod common;

use std::time::Instant;

use borderdesk_core::CatalogItem;
use borderdesk_local::{sync, Store, SyncClient};
use common::ADMIN;
use sqlx::PgPool;

const RUNS: usize = 3;
/// Of the history, the share that is reference data (catalog versions, notary calendars);
/// the rest is other sites' statuses.
const REFERENCE_SHARE: f64 = 0.3;

fn env_count(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.replace('_', "").parse().ok())
        .unwrap_or(default)
}

struct Server {
    running: borderdesk_server::RunningServer,
    pool: PgPool,
}

async fn server() -> Server {
    let running = common::server().await;
    let pool = running.pool().clone();
    Server { running, pool }
}

/// `n` catalog items shaped like the bundled 临时身份证明.
fn catalog(n: usize) -> Vec<CatalogItem> {
    let items: Vec<CatalogItem> =
        serde_json::from_str(borderdesk_local::store::BUNDLED_CATALOG).expect("catalog");
    let base = items
        .into_iter()
        .find(|i| i.code == "ZM-HJ-001")
        .expect("item");
    (0..n)
        .map(|i| {
            let mut it = base.clone();
            it.code = format!("BENCH-{i:05}");
            it.name.zh_cn = format!("{}{i}", base.name.zh_cn);
            it
        })
        .collect()
}

/// The current state: the catalog and the notary reference, through the server's imports.
async fn current_state(pool: &PgPool, items: &[CatalogItem]) {
    let notary: borderdesk_core::notary::NotaryReference =
        serde_json::from_str(borderdesk_local::notary::BUNDLED_NOTARY).expect("notary");
    borderdesk_server::import_notary(pool, &notary)
        .await
        .expect("notary");
    borderdesk_server::import_catalog(pool, items)
        .await
        .expect("catalog");
}

/// `history` older changes, in the feed before the current state: earlier versions of each
/// catalog item and earlier notary calendars (one in a hundred of the reference share), and
/// statuses of applications at 500 other sites.
async fn history(pool: &PgPool, items: usize, history: usize) {
    let reference = (history as f64 * REFERENCE_SHARE) as i64;
    let calendars = reference / 100;
    let versions = reference - calendars;
    let notary = serde_json::to_string(&serde_json::json!({
        "entity": "notary_reference",
        "reference": serde_json::from_str::<serde_json::Value>(borderdesk_local::notary::BUNDLED_NOTARY).expect("notary"),
    }))
    .expect("json");
    let item = serde_json::to_value(&catalog(1)[0]).expect("item");
    // One catalog version per transaction, as imports come: a version renames every item.
    let mut written = 0;
    while written < versions {
        let n = (versions - written).min(items as i64);
        sqlx::query(
            "INSERT INTO changes (site_id, body)
             SELECT NULL, json_build_object('entity', 'catalog_item', 'item',
                        jsonb_set(jsonb_set($1::jsonb, '{code}', to_jsonb(format('BENCH-%s', lpad(g::text, 5, '0')))),
                                  '{name,zh_cn}', to_jsonb(format('旧版本 %s', $3 + g))))
               FROM generate_series(0, $2 - 1) g",
        )
        .bind(&item)
        .bind(n)
        .bind(written)
        .execute(pool)
        .await
        .expect("catalog versions");
        written += n;
    }
    for _ in 0..calendars {
        sqlx::query("INSERT INTO changes (site_id, body) VALUES (NULL, $1::json)")
            .bind(&notary)
            .execute(pool)
            .await
            .expect("notary calendar");
    }
    sqlx::query(
        "INSERT INTO changes (site_id, body)
         SELECT format('other-site-%s', g % 500),
                json_build_object('entity', 'application_status', 'application_id', gen_random_uuid(),
                    'tracking_number', lpad(g::text, 12, '0'), 'status', 'accepted', 'note', NULL,
                    'at', now())
           FROM generate_series(1, $1) g",
    )
    .bind(history as i64 - reference)
    .execute(pool)
    .await
    .expect("statuses");
    // What autovacuum does on a server within a minute or so of an import: the rows the
    // compaction deleted leave the table and its indexes.
    sqlx::query("VACUUM ANALYZE changes")
        .execute(pool)
        .await
        .expect("vacuum");
}

async fn rows(pool: &PgPool) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM changes")
        .fetch_one(pool)
        .await
        .expect("count")
}

/// Seconds from enrolment to an up-to-date store, for a new kiosk.
async fn first_sync(server: &Server, items: usize, run: usize) -> f64 {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(&dir.path().join("kiosk.sqlite"))
        .await
        .expect("store");
    sync::enroll(
        &store,
        &server.running.url(),
        ADMIN,
        &format!("新自助机{run}"),
        &format!("new-site-{run}"),
    )
    .await
    .expect("enroll");
    let client = SyncClient::new(store);
    let t = Instant::now();
    client.sync_once().await.expect("sync");
    let secs = t.elapsed().as_secs_f64();
    // The kiosk holds the current catalog, as it is now, whatever the feed held before.
    for code in ["BENCH-00000", &format!("BENCH-{:05}", items - 1)] {
        let item = client.store().catalog_item(code).expect("a current item");
        assert!(
            !item.name.zh_cn.starts_with("旧版本"),
            "{code} is an old version"
        );
    }
    secs
}

fn main() {
    std::env::set_var(borderdesk_testkit::DURABLE_ENV, "1");
    let items = env_count("FIRST_PULL_ITEMS", 2_000);
    let history_rows = env_count("FIRST_PULL_HISTORY", 1_000_000);
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    rt.block_on(async {
        let current = server().await;
        current_state(&current.pool, &catalog(items)).await;
        let with_history = server().await;
        let t = Instant::now();
        history(&with_history.pool, items, history_rows).await;
        current_state(&with_history.pool, &catalog(items)).await;
        eprintln!(
            "history written in {:.1} s; rows in the feed: {} (current state only: {})",
            t.elapsed().as_secs_f64(),
            rows(&with_history.pool).await,
            rows(&current.pool).await
        );
        let (mut plain, mut old) = (Vec::new(), Vec::new());
        for run in 0..RUNS {
            // Interleaved, so that a slow moment of the machine falls on both.
            plain.push(first_sync(&current, items, 2 * run).await);
            old.push(first_sync(&with_history, items, 2 * run + 1).await);
            eprintln!(
                "run {}: current state {:.0} ms, with history {:.0} ms",
                run + 1,
                plain[run] * 1e3,
                old[run] * 1e3
            );
        }
        let (plain, old) = (common::median(&mut plain), common::median(&mut old));
        println!("first sync of a new kiosk, {items} catalog items and the notary reference, median of {RUNS}:");
        println!("  server with the current state only:        {:>7.0} ms   (reference)", plain * 1e3);
        println!(
            "  server with {history_rows} older changes:     {:>7.0} ms   ({:.2}×; target <= 1.5×)",
            old * 1e3,
            old / plain
        );
        current.running.shutdown().await;
        with_history.running.shutdown().await;
    });
}
