//! Backups that lose nothing a device was told was received (README.md, "Backups and
//! restore"): a PostgreSQL cluster of its own with continuous archiving (`wal_level=replica`,
//! `archive_mode=on`, a plain `archive_command`; `borderdesk_testkit::cluster`), a base backup
//! taken with `pg_basebackup` while the server works, the real server and real device stores
//! syncing with the real sync client.
//!
//! - `every_confirmed_mutation_survives_a_restore`: the database server dies and its disk is
//!   lost after the devices were told their applications, a booking and a legal aid request
//!   were received and the WAL holding them was archived. The base backup plus the archived
//!   WAL, restored into a fresh cluster, holds every one of them exactly once, and the
//!   device syncing with the new server sees no reset and has nothing to resend.
//! - `a_restore_to_an_older_point_makes_devices_resync`: a point-in-time restore to before a
//!   second batch. While the restored database keeps its old epoch, a device misses a change
//!   made after the restore (its cursor points past the reused feed keys); after the operator
//!   starts a new epoch, the device's next pull answers `reset`, it pulls the feed again from
//!   the start and pushes what it still held unsent. What the devices had been told was
//!   received after the restore point is not resent: the test shows where it still is (the
//!   device's own records) and that the server does not have it.
//! - `with_a_synchronous_wal_receiver_nothing_confirmed_waits_for_the_archive`: with
//!   `pg_receivewal --synchronous` as the synchronous standby, the database server dies right
//!   after the devices were told (no WAL switch, no archive_timeout): restored from the
//!   receiver's folder, every confirmed mutation is there.
//!
//! The first test closes the segment and waits for the archiver before the crash: it proves
//! that base backup + archive hold everything committed up to the archived WAL, not that a
//! plain `archive_command` loses nothing (up to `archive_timeout` of confirmed pushes sit
//! only in the primary's `pg_wal` until their segment is archived). The third test proves the
//! set-up that closes that gap.

use std::net::SocketAddr;

use borderdesk_core::{ApplicationStatus, TrackingNumber};
use borderdesk_local::forget::DeviceMode;
use borderdesk_local::legal_aid::ConsultationDraft;
use borderdesk_local::notary::BookingRequest;
use borderdesk_local::{sync, Store, SyncClient};
use borderdesk_protocol::SetStatusRequest;
use borderdesk_testkit::cluster::{ArchivingCluster, RecoveryTarget, WalArchive};
use chrono::Utc;

mod common;
use common::{draft, today, ADMIN};

const DB: &str = "borderdesk";
const SITE: &str = "taishun-luoyang";
const OFFICE: &str = "GZC-330329";

async fn start_server(db_url: String, listen: SocketAddr) -> borderdesk_server::RunningServer {
    borderdesk_server::start(borderdesk_server::Config {
        database_url: db_url,
        listen,
        admin_token: ADMIN.into(),
    })
    .await
    .unwrap()
}

/// A new server on a new database of `cluster`, with the bundled notary and legal aid
/// reference data.
async fn first_server(cluster: &ArchivingCluster) -> borderdesk_server::RunningServer {
    let url = cluster.create_database(DB).await.unwrap();
    let server = start_server(url, "127.0.0.1:0".parse().unwrap()).await;
    let notary: borderdesk_core::notary::NotaryReference =
        serde_json::from_str(borderdesk_local::notary::BUNDLED_NOTARY).unwrap();
    borderdesk_server::import_notary(server.pool(), &notary)
        .await
        .unwrap();
    let legal_aid: borderdesk_core::legal_aid::LegalAidReference =
        serde_json::from_str(borderdesk_local::legal_aid::BUNDLED_LEGAL_AID).unwrap();
    borderdesk_server::import_legal_aid(server.pool(), &legal_aid)
        .await
        .unwrap();
    server
}

async fn device(
    dir: &tempfile::TempDir,
    name: &str,
    mode: DeviceMode,
    server: &borderdesk_server::RunningServer,
) -> SyncClient {
    let store = Store::open_with_key(
        &dir.path().join(format!("{name}.sqlite")),
        &dir.path().join(format!("{name}.key")),
    )
    .await
    .unwrap();
    store.set_device_mode(mode).await.unwrap();
    sync::enroll(&store, &server.url(), ADMIN, name, SITE)
        .await
        .unwrap();
    SyncClient::new(store)
}

/// Saves `n` applications on the device; their tracking numbers.
async fn applications(client: &SyncClient, n: usize) -> Vec<String> {
    let store = client.store();
    let mut out = Vec::new();
    for _ in 0..n {
        let r = store
            .submit_application(&draft(store), today())
            .await
            .unwrap();
        out.push(r.tracking_number.as_str().to_string());
    }
    out
}

async fn booking(client: &SyncClient, pick: usize) -> String {
    let store = client.store();
    let slots = store.slot_choices(OFFICE, Utc::now()).await.unwrap().slots;
    let r = store
        .book_slot(
            &BookingRequest {
                matter_code: "GZ-QSGX".into(),
                office_code: OFFICE.into(),
                slot_start: slots[pick].start,
                applicant_name: "张三".into(),
                applicant_id_number: "330329199001011235".into(),
                phone: "13800138000".into(),
                family_phone: String::new(),
                family_consent: false,
            },
            Utc::now(),
            today(),
        )
        .await
        .unwrap();
    r.tracking_number.as_str().to_string()
}

async fn consultation(client: &SyncClient) -> String {
    let r = client
        .store()
        .submit_consultation(
            &ConsultationDraft {
                topic: "拖欠工资".into(),
                question: "老板欠了三个月工资怎么办？".into(),
                callback_time: None,
                phone: "13800138000".into(),
                name: Some("李四".into()),
            },
            "330329",
            Utc::now(),
        )
        .await
        .unwrap();
    r.tracking_number.as_str().to_string()
}

/// What the device was told the server received, by table: the tracking numbers of its
/// applications marked sent, its confirmed bookings and its received legal aid requests.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
struct Confirmed {
    applications: Vec<String>,
    bookings: Vec<String>,
    legal_aid: Vec<String>,
}

async fn confirmed_on_device(store: &Store) -> Confirmed {
    let col = |sql: &'static str| async move {
        sqlx::query_scalar::<_, String>(sql)
            .fetch_all(store.pool())
            .await
            .unwrap()
    };
    Confirmed {
        applications: col(
            "SELECT tracking_number FROM applications WHERE sent_at IS NOT NULL ORDER BY 1",
        )
        .await,
        bookings: col("SELECT tracking_number FROM bookings WHERE status = 'confirmed' ORDER BY 1")
            .await,
        legal_aid: col(
            "SELECT tracking_number FROM legal_aid_requests WHERE status = 'received' ORDER BY 1",
        )
        .await,
    }
}

/// How many rows of `table` the server holds for each tracking number.
async fn server_counts(pool: &sqlx::PgPool, table: &str, tracking: &[String]) -> Vec<i64> {
    let mut out = Vec::new();
    for t in tracking {
        let n: i64 = sqlx::query_scalar(&format!(
            "SELECT count(*) FROM {table} WHERE tracking_number = $1"
        ))
        .bind(t)
        .fetch_one(pool)
        .await
        .unwrap();
        out.push(n);
    }
    out
}

async fn outbox_len(store: &Store) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM outbox")
        .fetch_one(store.pool())
        .await
        .unwrap()
}

async fn epoch(pool: &sqlx::PgPool) -> String {
    sqlx::query_scalar("SELECT value FROM server_meta WHERE key = 'epoch'")
        .fetch_one(pool)
        .await
        .unwrap()
}

async fn local_status(store: &Store, tracking: &str) -> String {
    sqlx::query_scalar("SELECT status FROM applications WHERE tracking_number = ?")
        .bind(tracking)
        .fetch_one(store.pool())
        .await
        .unwrap()
}

/// The feed key (`xid`) of the device's cursor (`v1.<epoch>.<xid>.<seq>`).
async fn cursor_key(store: &Store) -> i64 {
    let cursor = store.queue_state().await.unwrap().cursor.unwrap();
    cursor.split('.').nth(2).unwrap().parse().unwrap()
}

async fn set_status(pool: &sqlx::PgPool, tracking: &str, status: ApplicationStatus) {
    borderdesk_server::set_status(
        pool,
        &TrackingNumber::parse(tracking).unwrap(),
        &SetStatusRequest { status, note: None },
    )
    .await
    .unwrap();
}

/// Syncs until the device holds `status` for `tracking` (a change is served once the feed's
/// horizon passed it), at most `rounds` rounds; whether it got there.
async fn sync_until_status(
    client: &SyncClient,
    tracking: &str,
    status: &str,
    rounds: usize,
) -> bool {
    for _ in 0..rounds {
        client.sync_once().await.unwrap();
        if local_status(client.store(), tracking).await == status {
            return true;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    false
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_confirmed_mutation_survives_a_restore() {
    let archive = WalArchive::new().unwrap();
    let mut primary = archive.init_cluster("primary").unwrap();
    let server = first_server(&primary).await;
    let dir = tempfile::tempdir().unwrap();
    let kiosk = device(&dir, "罗阳 自助机1", DeviceMode::Kiosk, &server).await;

    // A first batch, then the nightly base backup while the server keeps working.
    applications(&kiosk, 3).await;
    kiosk.sync_once().await.unwrap();
    let backup = primary.base_backup("nightly").unwrap();

    // The day goes on: applications, a booking and a legal aid request, all answered
    // `applied` by the server (the device then marks them sent and drops their outbox
    // entries, and a kiosk forgets the person's data).
    applications(&kiosk, 5).await;
    booking(&kiosk, 1).await;
    consultation(&kiosk).await;
    let report = kiosk.sync_once().await.unwrap();
    assert_eq!((report.pushed, report.rejected), (7, 0), "{report:?}");
    applications(&kiosk, 2).await;
    let report = kiosk.sync_once().await.unwrap();
    assert_eq!((report.pushed, report.rejected), (2, 0), "{report:?}");
    assert_eq!(outbox_len(kiosk.store()).await, 0, "nothing left to send");
    let confirmed = confirmed_on_device(kiosk.store()).await;
    assert_eq!(
        (
            confirmed.applications.len(),
            confirmed.bookings.len(),
            confirmed.legal_aid.len()
        ),
        (10, 1, 1),
        "{confirmed:?}"
    );
    let old_epoch = epoch(server.pool()).await;

    // The archive must hold the WAL of every push the devices were told about before the
    // primary can be lost: the segment is closed and copied (archive_timeout does the same
    // within its seconds; see README for the gap and how to close it).
    primary.switch_wal_and_wait_archived().await.unwrap();

    // The database server dies and its disk with it; the app server goes too.
    primary.crash_and_lose_disk().unwrap();
    let addr = server.addr;
    server.shutdown().await;

    // Base backup + archived WAL into a fresh cluster; a new server on it, same address.
    let restored = archive
        .restore(&backup, "restored", &RecoveryTarget::End)
        .await
        .unwrap();
    let server = start_server(restored.url(DB), addr).await;
    let pool = server.pool();
    assert_eq!(
        epoch(pool).await,
        old_epoch,
        "the same life of the database"
    );
    assert_eq!(
        server_counts(pool, "applications", &confirmed.applications).await,
        vec![1; confirmed.applications.len()],
        "every confirmed application is there exactly once ({confirmed:?}); log:\n{}",
        restored.log()
    );
    assert_eq!(
        server_counts(pool, "bookings", &confirmed.bookings).await,
        vec![1]
    );
    assert_eq!(
        server_counts(pool, "legal_aid_requests", &confirmed.legal_aid).await,
        vec![1]
    );
    let on_server: i64 = sqlx::query_scalar("SELECT count(*) FROM applications")
        .fetch_one(pool)
        .await
        .unwrap();
    assert_eq!(on_server, 10, "nothing more either");

    // The device carries on as if nothing happened: no reset, nothing to resend.
    let report = kiosk.sync_once().await.unwrap();
    assert!(!report.reset, "{report:?}");
    assert_eq!(
        (report.pushed, report.duplicates, report.rejected),
        (0, 0, 0)
    );
    // And what it does next reaches the restored server.
    let later = applications(&kiosk, 1).await;
    let report = kiosk.sync_once().await.unwrap();
    assert_eq!((report.pushed, report.rejected), (1, 0), "{report:?}");
    assert_eq!(server_counts(pool, "applications", &later).await, vec![1]);
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restore_to_an_older_point_makes_devices_resync() {
    let archive = WalArchive::new().unwrap();
    let mut primary = archive.init_cluster("primary").unwrap();
    let server = first_server(&primary).await;
    let dir = tempfile::tempdir().unwrap();
    let kiosk = device(&dir, "罗阳 自助机1", DeviceMode::Kiosk, &server).await;
    let desk = device(&dir, "罗阳 综合窗口", DeviceMode::Desk, &server).await;

    // Before the restore point: applications from both, one accepted by the office.
    let before_kiosk = applications(&kiosk, 2).await;
    let before_desk = applications(&desk, 1).await;
    kiosk.sync_once().await.unwrap();
    desk.sync_once().await.unwrap();
    set_status(server.pool(), &before_kiosk[0], ApplicationStatus::Accepted).await;
    assert!(sync_until_status(&kiosk, &before_kiosk[0], "accepted", 100).await);
    let backup = primary.base_backup("nightly").unwrap();
    let old_epoch = epoch(server.pool()).await;

    // The restore point: a time the operator picks (here read from the database's clock).
    let point: String = sqlx::query_scalar("SELECT clock_timestamp()::text")
        .fetch_one(server.pool())
        .await
        .unwrap();

    // After it: more applications and a booking the server confirmed, an application the
    // office accepted, other work on the database (each transaction takes a transaction id,
    // which the feed keys follow) ...
    let after_kiosk = applications(&kiosk, 2).await;
    let after_booking = booking(&kiosk, 2).await;
    let after_desk = applications(&desk, 2).await;
    let r = kiosk.sync_once().await.unwrap();
    assert_eq!((r.pushed, r.rejected), (3, 0), "{r:?}");
    let r = desk.sync_once().await.unwrap();
    assert_eq!((r.pushed, r.rejected), (2, 0), "{r:?}");
    for _ in 0..50 {
        sqlx::query("SELECT pg_current_xact_id()")
            .execute(server.pool())
            .await
            .unwrap();
    }
    set_status(server.pool(), &before_kiosk[1], ApplicationStatus::Accepted).await;
    assert!(sync_until_status(&kiosk, &before_kiosk[1], "accepted", 100).await);
    // Both devices of the site have read the feed that far.
    desk.sync_once().await.unwrap();
    let cursor = cursor_key(desk.store()).await;
    assert_eq!(cursor, cursor_key(kiosk.store()).await);
    // ... and one application saved offline at the kiosk, still in its outbox.
    let unsent = applications(&kiosk, 1).await;
    let told = confirmed_on_device(kiosk.store()).await;
    assert!(
        told.applications.contains(&after_kiosk[0]) && told.bookings == vec![after_booking.clone()]
    );
    primary.switch_wal_and_wait_archived().await.unwrap();

    // Something goes wrong and the operator restores to the point (from the nightly base
    // backup and the archive). The app server is stopped first.
    let addr = server.addr;
    server.shutdown().await;
    primary.stop().unwrap();
    let restored = archive
        .restore(&backup, "restored", &RecoveryTarget::Time(point))
        .await
        .unwrap();

    // Without a new epoch: the restored database holds the epoch of before, so cursors are
    // believed. Transaction ids start again from the restore point, so the feed keys of
    // changes made now are below where the devices' cursors point: they never see them.
    let server = start_server(restored.url(DB), addr).await;
    assert_eq!(epoch(server.pool()).await, old_epoch);
    set_status(server.pool(), &before_desk[0], ApplicationStatus::Accepted).await;
    let newest: i64 = sqlx::query_scalar("SELECT max(xid) FROM changes")
        .fetch_one(server.pool())
        .await
        .unwrap();
    assert!(
        newest < cursor,
        "the new change's key {newest} is behind the cursor {cursor}"
    );
    assert!(
        !sync_until_status(&desk, &before_desk[0], "accepted", 10).await,
        "a change behind the cursor is missed silently while the epoch stays the same"
    );
    assert_eq!(
        local_status(desk.store(), &before_desk[0]).await,
        "submitted"
    );
    server.shutdown().await;

    // The operator's step after a point-in-time restore, with the app servers stopped:
    // `borderdesk-server new-epoch`.
    let c = sqlx::PgPool::connect(&restored.url(DB)).await.unwrap();
    borderdesk_server::admin::new_epoch(&c).await.unwrap();
    c.close().await;
    let server = start_server(restored.url(DB), addr).await;
    let pool = server.pool();
    assert_ne!(epoch(pool).await, old_epoch);

    // Each device's next pull answers `reset`: it drops what the server sent it before and
    // pulls the feed again from the start, and so gets the change it had missed.
    let r = desk.sync_once().await.unwrap();
    assert!(r.reset, "{r:?}");
    assert!(sync_until_status(&desk, &before_desk[0], "accepted", 100).await);
    let r = kiosk.sync_once().await.unwrap();
    assert!(r.reset, "{r:?}");
    // What the kiosk still held unsent is delivered.
    assert_eq!((r.pushed, r.rejected), (1, 0), "{r:?}");
    assert_eq!(server_counts(pool, "applications", &unsent).await, vec![1]);
    let r = kiosk.sync_once().await.unwrap();
    assert!(!r.reset && r.pushed + r.duplicates == 0, "{r:?}");

    // Before the restore point: all there.
    let before: Vec<String> = before_kiosk.iter().chain(&before_desk).cloned().collect();
    assert_eq!(
        server_counts(pool, "applications", &before).await,
        vec![1; 3]
    );

    // After it, what the devices had been told was received is gone from the server and is
    // not resent: the devices marked it sent and dropped its outbox entries.
    let lost: Vec<String> = after_kiosk.iter().chain(&after_desk).cloned().collect();
    assert_eq!(server_counts(pool, "applications", &lost).await, vec![0; 4]);
    assert_eq!(
        server_counts(pool, "bookings", std::slice::from_ref(&after_booking)).await,
        vec![0]
    );
    assert_eq!(outbox_len(kiosk.store()).await, 0);
    assert_eq!(outbox_len(desk.store()).await, 0);
    // Each device still has them as its own records, marked sent. The kiosk forgot the
    // person's answers when the server confirmed them; the desk kept them, so staff can
    // enter them again.
    let answers = |store: &Store, t: &str| {
        let store = store.clone();
        let t = t.to_string();
        async move {
            sqlx::query_as::<_, (String, Option<String>)>(
                "SELECT answers, sent_at FROM applications WHERE tracking_number = ?",
            )
            .bind(t)
            .fetch_one(store.pool())
            .await
            .unwrap()
        }
    };
    for t in &after_kiosk {
        let (a, sent) = answers(kiosk.store(), t).await;
        assert!(a.is_empty() && sent.is_some(), "kiosk {t}: {a:?} {sent:?}");
    }
    for t in &after_desk {
        let (a, sent) = answers(desk.store(), t).await;
        assert!(!a.is_empty() && sent.is_some(), "desk {t}: {sent:?}");
    }
    // The booking the kiosk was told was confirmed still shows confirmed there; the server
    // no longer holds its seat.
    let status: String =
        sqlx::query_scalar("SELECT status FROM bookings WHERE tracking_number = ?")
            .bind(&after_booking)
            .fetch_one(kiosk.store().pool())
            .await
            .unwrap();
    assert_eq!(status, "confirmed");
    // A status the device learnt after the point stays as it was learnt: the reset
    // refreshes reference data, not the statuses of the device's own records.
    assert_eq!(
        local_status(kiosk.store(), &before_kiosk[1]).await,
        "accepted"
    );
    let on_server =
        borderdesk_server::application(pool, &TrackingNumber::parse(&before_kiosk[1]).unwrap())
            .await
            .unwrap();
    assert_eq!(on_server.status, ApplicationStatus::Submitted);
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_a_synchronous_wal_receiver_nothing_confirmed_waits_for_the_archive() {
    let archive = WalArchive::new().unwrap();
    let mut primary = archive.init_cluster("primary").unwrap();
    // pg_receivewal --synchronous is the synchronous standby: a push is answered only once
    // its commit is on the receiver's disk.
    let receiver = primary.stream_wal_synchronously().await.unwrap();
    let server = first_server(&primary).await;
    let dir = tempfile::tempdir().unwrap();
    let kiosk = device(&dir, "罗阳 自助机1", DeviceMode::Kiosk, &server).await;
    applications(&kiosk, 2).await;
    kiosk.sync_once().await.unwrap();
    let backup = primary.base_backup("nightly").unwrap();

    applications(&kiosk, 4).await;
    booking(&kiosk, 1).await;
    consultation(&kiosk).await;
    let report = kiosk.sync_once().await.unwrap();
    assert_eq!((report.pushed, report.rejected), (6, 0), "{report:?}");
    let confirmed = confirmed_on_device(kiosk.store()).await;
    assert_eq!(confirmed.applications.len(), 6);

    // The database server dies at once: no WAL switch, nothing waits for archive_timeout.
    primary.crash_and_lose_disk().unwrap();
    let addr = server.addr;
    server.shutdown().await;
    let wal = receiver.finish().unwrap();

    let restored = archive
        .restore_from(&backup, "restored", &RecoveryTarget::End, &wal)
        .await
        .unwrap();
    let server = start_server(restored.url(DB), addr).await;
    let pool = server.pool();
    assert_eq!(
        server_counts(pool, "applications", &confirmed.applications).await,
        vec![1; 6],
        "{confirmed:?}; log:\n{}",
        restored.log()
    );
    assert_eq!(
        server_counts(pool, "bookings", &confirmed.bookings).await,
        vec![1]
    );
    assert_eq!(
        server_counts(pool, "legal_aid_requests", &confirmed.legal_aid).await,
        vec![1]
    );
    let report = kiosk.sync_once().await.unwrap();
    assert!(
        !report.reset && report.pushed + report.duplicates == 0,
        "{report:?}"
    );
    // The restored cluster does not wait for a receiver that is not there.
    let later = applications(&kiosk, 1).await;
    let report = kiosk.sync_once().await.unwrap();
    assert_eq!((report.pushed, report.rejected), (1, 0), "{report:?}");
    assert_eq!(server_counts(pool, "applications", &later).await, vec![1]);
    server.shutdown().await;
}
