//! Pulling the change feed: pages, cursors, scope, late commits, resets.
//!
//! The feed serves only changes of transactions older than every running one, cluster-wide;
//! tests in this file run one at a time so that one test's open transaction cannot hold back
//! another's feed.

mod common;

use borderdesk_protocol::{codes, Change, ErrorBody, Outcome};
use common::*;
use reqwest::StatusCode;
use sqlx::Connection;
use tokio::sync::{Mutex, MutexGuard};

static SERIAL: Mutex<()> = Mutex::const_new(());

async fn one_at_a_time() -> MutexGuard<'static, ()> {
    SERIAL.lock().await
}

fn removed(code: &str) -> serde_json::Value {
    serde_json::to_value(Change::CatalogItemRemoved { code: code.into() }).unwrap()
}

fn removed_codes(changes: &[Change]) -> Vec<String> {
    changes
        .iter()
        .filter_map(|c| match c {
            Change::CatalogItemRemoved { code } => Some(code.clone()),
            _ => None,
        })
        .collect()
}

#[tokio::test]
async fn a_status_change_is_pulled_exactly_once() {
    let _serial = one_at_a_time().await;
    let h = harness().await;
    let dev = h.enroll("site-a").await;
    let app = application(dev.code, 1);
    assert_eq!(
        h.push(&dev, vec![submit(app.clone())]).await.results[0].outcome,
        Outcome::Applied
    );

    let first = h.pull(&dev, None, None).await;
    assert!(first.changes.is_empty(), "a submission is not echoed back");
    assert!(!first.reset);

    assert_eq!(
        h.set_status(&app.tracking_number, "accepted")
            .await
            .status(),
        StatusCode::OK
    );
    let second = h.pull(&dev, Some(&first.cursor), None).await;
    assert_eq!(second.changes.len(), 1);
    match &second.changes[0] {
        Change::ApplicationStatus {
            application_id,
            tracking_number,
            status,
            note,
            ..
        } => {
            assert_eq!(*application_id, app.id);
            assert_eq!(tracking_number, &app.tracking_number);
            assert_eq!(status.as_str(), "accepted");
            assert_eq!(note.as_deref(), Some("test"));
        }
        other => panic!("{other:?}"),
    }
    assert!(!second.has_more);
    let third = h.pull(&dev, Some(&second.cursor), None).await;
    assert!(third.changes.is_empty());
    assert_eq!(third.cursor, second.cursor);
    h.server.shutdown().await;
}

#[tokio::test]
async fn pull_pages_and_cursors_walk_the_whole_feed() {
    let _serial = one_at_a_time().await;
    let h = harness().await;
    let dev = h.enroll("site-a").await;
    let items: Vec<_> = (1..=25)
        .map(|i| catalog_item(&format!("ZM-T-{i:03}")))
        .collect();
    let summary = borderdesk_server::import_catalog(h.server.pool(), &items)
        .await
        .unwrap();
    assert_eq!(summary.changed, 25);

    let mut cursor: Option<String> = None;
    let mut seen = Vec::new();
    let mut pages = Vec::new();
    loop {
        let page = h.pull(&dev, cursor.as_deref(), Some(10)).await;
        pages.push(page.changes.len());
        for c in &page.changes {
            match c {
                Change::CatalogItem { item } => seen.push(item.code.clone()),
                other => panic!("{other:?}"),
            }
        }
        cursor = Some(page.cursor.clone());
        if !page.has_more {
            break;
        }
    }
    assert_eq!(pages, vec![10, 10, 5]);
    let expected: Vec<String> = items.iter().map(|i| i.code.clone()).collect();
    assert_eq!(seen, expected);

    // Importing the same items again changes nothing and puts nothing on the feed.
    assert_eq!(
        borderdesk_server::import_catalog(h.server.pool(), &items)
            .await
            .unwrap()
            .changed,
        0
    );
    let after = h.pull(&dev, cursor.as_deref(), Some(10)).await;
    assert!(after.changes.is_empty());

    // A bad cursor is a clear error, not an empty page.
    let r = h.pull_raw(&dev, Some("not-a-cursor"), None).await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert_eq!(
        r.json::<ErrorBody>().await.unwrap().code,
        codes::CURSOR_INVALID
    );
    // A limit beyond the maximum is capped, not refused.
    let all = h.pull(&dev, None, Some(1_000_000)).await;
    assert_eq!(all.changes.len(), 25);
}

#[tokio::test]
async fn a_late_committing_change_is_not_skipped_by_the_cursor() {
    let _serial = one_at_a_time().await;
    let h = harness().await;
    let dev = h.enroll("site-a").await;

    // Writer 1 appends a change and holds its transaction open: it took the lower seq and xid.
    let mut slow = sqlx::PgConnection::connect(&h.database_url).await.unwrap();
    let mut slow_tx = slow.begin().await.unwrap();
    sqlx::query("INSERT INTO changes (site_id, body) VALUES (NULL, $1)")
        .bind(removed("SLOW"))
        .execute(&mut *slow_tx)
        .await
        .unwrap();

    // Writer 2 appends and commits.
    let mut fast = sqlx::PgConnection::connect(&h.database_url).await.unwrap();
    let mut fast_tx = fast.begin().await.unwrap();
    sqlx::query("INSERT INTO changes (site_id, body) VALUES (NULL, $1)")
        .bind(removed("FAST"))
        .execute(&mut *fast_tx)
        .await
        .unwrap();
    fast_tx.commit().await.unwrap();

    // A plain seq cursor would now hand out FAST and move past SLOW for good.
    let early = h.pull(&dev, None, None).await;
    assert!(
        removed_codes(&early.changes).is_empty(),
        "nothing may be served past a running transaction: {:?}",
        early.changes
    );

    slow_tx.commit().await.unwrap();
    let late = h.pull(&dev, Some(&early.cursor), None).await;
    assert_eq!(
        removed_codes(&late.changes),
        vec!["SLOW".to_string(), "FAST".to_string()]
    );
    let after = h.pull(&dev, Some(&late.cursor), None).await;
    assert!(after.changes.is_empty());
}

#[tokio::test]
async fn concurrent_writers_never_leave_a_gap_behind_the_cursor() {
    let _serial = one_at_a_time().await;
    let h = harness().await;
    let dev = h.enroll("site-a").await;
    let writers = 6;
    let per_writer = 40;
    let mut tasks = Vec::new();
    for w in 0..writers {
        let url = h.database_url.clone();
        tasks.push(tokio::spawn(async move {
            let mut conn = sqlx::PgConnection::connect(&url).await.unwrap();
            for i in 0..per_writer {
                let mut tx = conn.begin().await.unwrap();
                sqlx::query("INSERT INTO changes (site_id, body) VALUES (NULL, $1)")
                    .bind(removed(&format!("W{w}-{i}")))
                    .execute(&mut *tx)
                    .await
                    .unwrap();
                // Commit in a different order than the sequence was taken.
                tokio::time::sleep(std::time::Duration::from_micros(
                    ((w * 7 + i * 13) % 5) as u64 * 300,
                ))
                .await;
                tx.commit().await.unwrap();
            }
        }));
    }
    let mut cursor: Option<String> = None;
    let mut got = Vec::new();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while got.len() < writers * per_writer {
        assert!(
            std::time::Instant::now() < deadline,
            "only {} of {} arrived",
            got.len(),
            writers * per_writer
        );
        let page = h.pull(&dev, cursor.as_deref(), Some(7)).await;
        got.extend(removed_codes(&page.changes));
        cursor = Some(page.cursor);
    }
    for t in tasks {
        t.await.unwrap();
    }
    let final_page = h.pull(&dev, cursor.as_deref(), None).await;
    got.extend(removed_codes(&final_page.changes));
    let mut sorted = got.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted.len(), got.len(), "no change delivered twice");
    assert_eq!(got.len(), writers * per_writer, "no change lost");
}

#[tokio::test]
async fn a_cursor_from_another_server_life_resets() {
    let _serial = one_at_a_time().await;
    let old = harness().await;
    let old_dev = old.enroll("site-a").await;
    borderdesk_server::import_catalog(old.server.pool(), &[catalog_item("ZM-OLD-1")])
        .await
        .unwrap();
    let old_cursor = old.pull(&old_dev, None, None).await.cursor;
    old.server.shutdown().await;

    // The server is recreated: a new database, its catalog imported again.
    let new = harness().await;
    let dev = new.enroll("site-a").await;
    borderdesk_server::import_catalog(new.server.pool(), &[catalog_item("ZM-NEW-1")])
        .await
        .unwrap();
    let page = new.pull(&dev, Some(&old_cursor), None).await;
    assert!(page.reset, "the device must drop its cache and resync");
    assert_eq!(
        page.changes.len(),
        1,
        "the reset page starts from the beginning"
    );
    let next = new.pull(&dev, Some(&page.cursor), None).await;
    assert!(!next.reset);
    assert!(next.changes.is_empty());
}

#[tokio::test]
async fn a_device_pulls_only_its_own_site() {
    let _serial = one_at_a_time().await;
    let h = harness().await;
    let a = h.enroll("site-a").await;
    let b = h.enroll("site-b").await;
    let app_a = application(a.code, 1);
    let app_b = application(b.code, 1);
    h.push(&a, vec![submit(app_a.clone())]).await;
    h.push(&b, vec![submit(app_b.clone())]).await;
    assert_eq!(
        h.set_status(&app_a.tracking_number, "accepted")
            .await
            .status(),
        StatusCode::OK
    );
    assert_eq!(
        h.set_status(&app_b.tracking_number, "refused")
            .await
            .status(),
        StatusCode::OK
    );
    borderdesk_server::import_catalog(h.server.pool(), &[catalog_item("ZM-ALL-1")])
        .await
        .unwrap();

    for (dev, mine) in [(&a, &app_a), (&b, &app_b)] {
        let page = h.pull(dev, None, None).await;
        let ids: Vec<_> = page
            .changes
            .iter()
            .filter_map(|c| match c {
                Change::ApplicationStatus { application_id, .. } => Some(*application_id),
                _ => None,
            })
            .collect();
        assert_eq!(ids, vec![mine.id], "only this site's records");
        let catalog = page
            .changes
            .iter()
            .filter(|c| matches!(c, Change::CatalogItem { .. }))
            .count();
        assert_eq!(catalog, 1, "reference data goes to every site");
    }
}

/// Any open transaction on the cluster (another database's, or one of ours that writes
/// elsewhere) used to freeze every device's feed. Now only a transaction that has written
/// to the feed holds back what comes after it, and a change written late is still not
/// skipped. A horizon held too long shows in `/healthz`.
#[tokio::test]
async fn only_a_transaction_writing_to_the_feed_holds_it_back() {
    let _serial = one_at_a_time().await;
    let h = harness().await;
    let dev = h.enroll("site-a").await;
    let insert = |code: &str| {
        sqlx::query("INSERT INTO changes (site_id, body) VALUES (NULL, $1)").bind(removed(code))
    };

    // Transactions that hold a transaction id but write nothing to the feed: one in another
    // database of the cluster, one in ours.
    let admin_url = borderdesk_testkit::TestPostgres::shared().admin_url();
    let mut elsewhere = sqlx::PgConnection::connect(&admin_url).await.unwrap();
    let mut elsewhere_tx = elsewhere.begin().await.unwrap();
    sqlx::query("SELECT pg_current_xact_id()")
        .execute(&mut *elsewhere_tx)
        .await
        .unwrap();
    let mut ours = sqlx::PgConnection::connect(&h.database_url).await.unwrap();
    let mut ours_tx = ours.begin().await.unwrap();
    sqlx::query("INSERT INTO server_meta (key, value) VALUES ('test-open', 'x')")
        .execute(&mut *ours_tx)
        .await
        .unwrap();

    insert("FIRST").execute(h.server.pool()).await.unwrap();
    let first = h.pull(&dev, None, None).await;
    assert_eq!(removed_codes(&first.changes), vec!["FIRST".to_string()]);

    // The open transaction of ours now writes to the feed (its id is older than FIRST's key)
    // and stays open: what is written after it waits, and nothing is skipped.
    insert("LATE").execute(&mut *ours_tx).await.unwrap();
    insert("AFTER").execute(h.server.pool()).await.unwrap();
    let held = h.pull(&dev, Some(&first.cursor), None).await;
    assert!(
        removed_codes(&held.changes).is_empty(),
        "{:?}",
        held.changes
    );

    std::env::set_var("BORDERDESK_FEED_LAG_ALARM", "0");
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let health: serde_json::Value = h
        .http
        .get(h.url("/healthz"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(health["status"], "degraded", "{health}");
    assert!(health["feed_lag_seconds"].as_i64().unwrap() >= 1);

    ours_tx.commit().await.unwrap();
    let caught_up = h.pull(&dev, Some(&held.cursor), None).await;
    assert_eq!(
        removed_codes(&caught_up.changes),
        vec!["LATE".to_string(), "AFTER".to_string()]
    );
    let health: serde_json::Value = h
        .http
        .get(h.url("/healthz"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    std::env::remove_var("BORDERDESK_FEED_LAG_ALARM");
    assert_eq!(health["status"], "ok", "{health}");
    elsewhere_tx.rollback().await.unwrap();
}

/// Every change after `cursor`, page by page, and the cursor at the end.
async fn pull_all(h: &Harness, dev: &Dev, mut cursor: Option<String>) -> (Vec<Change>, String) {
    let mut changes = Vec::new();
    loop {
        let page = h.pull(dev, cursor.as_deref(), Some(100)).await;
        changes.extend(page.changes);
        cursor = Some(page.cursor);
        if !page.has_more {
            return (changes, cursor.unwrap_or_default());
        }
    }
}

/// The catalog items in `changes`, as code and Chinese name, and the codes removed.
fn catalog_in(changes: &[Change]) -> (Vec<(String, String)>, Vec<String>) {
    let items = changes
        .iter()
        .filter_map(|c| match c {
            Change::CatalogItem { item } => Some((item.code.clone(), item.name.zh_cn.clone())),
            _ => None,
        })
        .collect();
    (items, removed_codes(changes))
}

#[tokio::test]
async fn a_superseded_reference_change_leaves_the_feed_and_a_status_history_stays() {
    let _serial = one_at_a_time().await;
    let h = harness().await;
    let pool = h.server.pool();
    let dev = h.enroll("site-a").await;
    let renamed = |code: &str, name: &str| {
        let mut item = catalog_item(code);
        item.name.zh_cn = name.into();
        item
    };
    let v1 =
        borderdesk_server::import_catalog(pool, &[renamed("ZM-A", "一"), renamed("ZM-B", "乙")])
            .await
            .unwrap()
            .version;
    let (first, cursor) = pull_all(&h, &dev, None).await;
    assert_eq!(catalog_in(&first).0.len(), 2);

    // A renamed twice, C added and then gone again (the catalog back at version 1).
    for name in ["二", "三"] {
        borderdesk_server::import_catalog(pool, &[renamed("ZM-A", name)])
            .await
            .unwrap();
    }
    borderdesk_server::import_catalog(pool, &[renamed("ZM-C", "丙")])
        .await
        .unwrap();
    borderdesk_server::catalog::restore_catalog_version(pool, v1, None)
        .await
        .unwrap();

    // The feed holds one change per item: the latest.
    let per_subject: Vec<(String, i64)> = sqlx::query_as(
        "SELECT subject, count(*) FROM changes WHERE site_id IS NULL GROUP BY subject ORDER BY subject",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    assert_eq!(
        per_subject,
        vec![
            ("catalog_item:ZM-A".to_string(), 1),
            ("catalog_item:ZM-B".to_string(), 1),
            ("catalog_item:ZM-C".to_string(), 1),
        ]
    );
    // The device that had version 1 gets what changed since, once: A as it is now (the
    // restore wrote back 一) and C's removal; C itself is gone from the feed.
    let (since, _) = pull_all(&h, &dev, Some(cursor)).await;
    assert_eq!(
        catalog_in(&since),
        (
            vec![("ZM-A".to_string(), "一".to_string())],
            vec!["ZM-C".to_string()]
        )
    );
    // A new device gets the current catalog and nothing of its history.
    let fresh = h.enroll("site-b").await;
    let (all, _) = pull_all(&h, &fresh, None).await;
    let (mut items, removed) = catalog_in(&all);
    items.sort();
    assert_eq!(
        items,
        vec![
            ("ZM-A".to_string(), "一".to_string()),
            ("ZM-B".to_string(), "乙".to_string())
        ]
    );
    assert_eq!(removed, vec!["ZM-C".to_string()]);

    // An application's statuses are its history: each stays in its site's feed.
    let app = application(dev.code, 1);
    h.push(&dev, vec![submit(app.clone())]).await;
    for status in ["accepted", "in_progress"] {
        assert_eq!(
            h.set_status(&app.tracking_number, status).await.status(),
            StatusCode::OK
        );
    }
    let (statuses, _) = pull_all(&h, &dev, None).await;
    let seen: Vec<&str> = statuses
        .iter()
        .filter_map(|c| match c {
            Change::ApplicationStatus { status, .. } => Some(status.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(seen, vec!["accepted", "in_progress"]);
    h.server.shutdown().await;
}

/// A county's database from before compaction, upgraded: the feed keeps the latest row of
/// each reference subject, in its place, and every status of a site.
#[tokio::test]
async fn the_upgrade_to_compaction_keeps_the_latest_of_each_subject_and_every_status() {
    let url = borderdesk_testkit::TestPostgres::shared()
        .fresh_database()
        .await;
    let pool = sqlx::PgPool::connect(&url).await.unwrap();
    let mut before = sqlx::migrate!("./migrations");
    before.migrations = std::borrow::Cow::Owned(
        before
            .migrations
            .iter()
            .filter(|m| m.version <= 33)
            .cloned()
            .collect(),
    );
    before.run(&pool).await.unwrap();
    let history = [
        (
            None,
            r#"{"entity":"catalog_item","item":{"code":"A","v":1}}"#,
        ),
        (None, r#"{"entity":"notary_reference","reference":{"v":1}}"#),
        (
            Some("site-a"),
            r#"{"entity":"application_status","status":"accepted"}"#,
        ),
        (
            None,
            r#"{"entity":"catalog_item","item":{"code":"A","v":2}}"#,
        ),
        (
            None,
            r#"{"entity":"catalog_item","item":{"code":"B","v":1}}"#,
        ),
        (
            None,
            r#"{"entity":"catalog_item","item":{"code":"C","v":1}}"#,
        ),
        (None, r#"{"entity":"catalog_item_removed","code":"C"}"#),
        (
            Some("site-a"),
            r#"{"entity":"application_status","status":"in_progress"}"#,
        ),
        (None, r#"{"entity":"notary_reference","reference":{"v":2}}"#),
        (
            None,
            r#"{"entity":"catalog_item","item":{"code":"A","v":3}}"#,
        ),
    ];
    for (site, body) in history {
        // One transaction each, as they were written.
        sqlx::query("INSERT INTO changes (site_id, body) VALUES ($1, $2::json)")
            .bind(site)
            .bind(body)
            .execute(&pool)
            .await
            .unwrap();
    }
    pool.close().await;

    let pool = borderdesk_server::connect(&url).await.unwrap();
    let kept: Vec<(Option<String>, Option<String>, String)> =
        sqlx::query_as("SELECT site_id, subject, body::text FROM changes ORDER BY xid, seq")
            .fetch_all(&pool)
            .await
            .unwrap();
    let subject = |s: &str| Some(s.to_string());
    assert_eq!(
        kept,
        vec![
            (subject("site-a"), None, history[2].1.to_string()),
            (None, subject("catalog_item:B"), history[4].1.to_string()),
            (None, subject("catalog_item:C"), history[6].1.to_string()),
            (subject("site-a"), None, history[7].1.to_string()),
            (None, subject("notary_reference"), history[8].1.to_string()),
            (None, subject("catalog_item:A"), history[9].1.to_string()),
        ]
    );
    pool.close().await;
}
