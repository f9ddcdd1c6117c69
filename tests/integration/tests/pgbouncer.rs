//! Server processes sharing one database's connections through PgBouncer: Debian's own
//! (1.18) running the shipped `packaging/pgbouncer/pgbouncer.ini` in session mode, only its
//! addresses, paths, authentication (the test cluster trusts local users) and pool size
//! changed.
//!
//! - The server's statement and idle-in-transaction timeouts hold behind PgBouncer (they are
//!   set after connecting: 1.18 refuses a client that sends them as start-up `options`).
//! - Two processes (db_connections = 2 each) on a pool of 6 (theirs and a spare each, as the
//!   shipped file says; with no spare a request was seen waiting 10 s for a connection):
//!   kiosks on both push, book the same slot and pull the feed; everything lands once, no
//!   seat is sold twice, and PostgreSQL never sees more connections from PgBouncer than its
//!   pool.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use borderdesk_local::notary::LocalBookingStatus;
use borderdesk_local::{sync, SyncClient};
use borderdesk_testkit::TestPostgres;
use chrono::Utc;
use sqlx::Connection;

mod common;
use common::process::{free_port, two_processes};
use common::{
    draft, import_bundled_notary, named_store, notary_booking, today, ADMIN, NOTARY_OFFICE,
};

const POOL: i64 = 6;

struct PgBouncer {
    child: Child,
    port: u16,
    log: PathBuf,
}

impl Drop for PgBouncer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The shipped file with the test's addresses; every change must find its line, so the test
/// breaks when the documented file changes shape.
fn pgbouncer_ini(dir: &Path, pg_port: u16, database: &str, port: u16) -> PathBuf {
    let shipped = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../packaging/pgbouncer/pgbouncer.ini"
    );
    let mut text = std::fs::read_to_string(shipped).unwrap();
    let d = dir.display();
    for (from, to) in [
        (
            "borderdesk = host=127.0.0.1 port=5432 dbname=borderdesk".to_string(),
            format!("{database} = host=127.0.0.1 port={pg_port} dbname={database}"),
        ),
        ("listen_port = 6432".into(), format!("listen_port = {port}")),
        (
            "unix_socket_dir = /var/run/postgresql".into(),
            "unix_socket_dir =".into(),
        ),
        (
            "auth_type = scram-sha-256".into(),
            "auth_type = trust".into(),
        ),
        (
            "auth_file = /etc/pgbouncer/userlist.txt".into(),
            format!("auth_file = {d}/userlist.txt"),
        ),
        (
            "logfile = /var/log/postgresql/pgbouncer.log".into(),
            format!("logfile = {d}/pgbouncer.log"),
        ),
        (
            "pidfile = /var/run/postgresql/pgbouncer.pid".into(),
            format!("pidfile = {d}/pgbouncer.pid"),
        ),
        (
            "default_pool_size = 64".into(),
            format!("default_pool_size = {POOL}"),
        ),
    ] {
        assert!(
            text.contains(&from),
            "the shipped pgbouncer.ini has no {from:?}"
        );
        text = text.replace(&from, &to);
    }
    assert!(text.contains("pool_mode = session"));
    std::fs::write(dir.join("userlist.txt"), "\"postgres\" \"\"\n").unwrap();
    let ini = dir.join("pgbouncer.ini");
    std::fs::write(&ini, text).unwrap();
    ini
}

fn start_pgbouncer(dir: &Path, pg_port: u16, database: &str) -> PgBouncer {
    let bin = "/usr/sbin/pgbouncer";
    assert!(
        Path::new(bin).exists(),
        "pgbouncer is not installed: run scripts/ensure-system-deps.sh"
    );
    let port = free_port();
    let ini = pgbouncer_ini(dir, pg_port, database, port);
    let mut command = Command::new(bin);
    // PgBouncer will not run as root: then as the PostgreSQL user, which owns the folder.
    if borderdesk_local::update::running_as_root() {
        let owned = Command::new("chown")
            .arg("-R")
            .arg("postgres:")
            .arg(dir)
            .status()
            .unwrap();
        assert!(owned.success());
        command.args(["-u", "postgres"]);
    }
    let running = PgBouncer {
        child: command
            .arg(&ini)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
        port,
        log: dir.join("pgbouncer.log"),
    };
    for _ in 0..100 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return running;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!(
        "pgbouncer did not start: {}",
        std::fs::read_to_string(&running.log).unwrap_or_default()
    );
}

/// A URL's port and database name (`postgres://user@host:port/db`).
fn port_and_database(url: &str) -> (u16, String) {
    let (rest, db) = url.rsplit_once('/').unwrap();
    let port = rest.rsplit_once(':').unwrap().1.parse().unwrap();
    (port, db.split('?').next().unwrap().to_string())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn server_processes_share_a_pgbouncer_pool_in_session_mode() {
    let dir = tempfile::tempdir().unwrap();
    let direct_url = TestPostgres::shared().fresh_database().await;
    let (pg_port, database) = port_and_database(&direct_url);
    let bouncer = start_pgbouncer(dir.path(), pg_port, &database);
    let url = format!("postgres://postgres@127.0.0.1:{}/{database}", bouncer.port);

    // Migrated through PgBouncer, and the timeouts hold on its connections.
    let pool = borderdesk_server::connect(&url)
        .await
        .unwrap_or_else(|e| panic!("{e}: {}", common::process::tail(&bouncer.log, 20)));
    let timeout: String = sqlx::query_scalar("SHOW statement_timeout")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(timeout, "20s");
    let idle: String = sqlx::query_scalar("SHOW idle_in_transaction_session_timeout")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(idle, "40s");
    import_bundled_notary(&pool).await;
    // Its connection goes back to PgBouncer's pool for the processes.
    pool.close().await;

    let (a, b) = two_processes(&url, ADMIN, dir.path(), 2).await;

    // What PostgreSQL sees, sampled while the kiosks work.
    let mut direct = sqlx::PgConnection::connect(&direct_url).await.unwrap();
    let most = Arc::new(AtomicI64::new(0));
    let done = Arc::new(AtomicBool::new(false));
    let sampler = {
        let (most, done, database) = (most.clone(), done.clone(), database.clone());
        tokio::spawn(async move {
            while !done.load(Ordering::SeqCst) {
                let n: i64 = sqlx::query_scalar(
                    "SELECT count(*) FROM pg_stat_activity
                      WHERE datname = $1 AND pid <> pg_backend_pid()
                        AND backend_type = 'client backend'",
                )
                .bind(&database)
                .fetch_one(&mut direct)
                .await
                .unwrap();
                most.fetch_max(n, Ordering::SeqCst);
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
            direct
        })
    };

    let people = [
        "330329199001011235",
        "330329199001019990",
        "350825199001011230",
        "330329195803120013",
    ];
    let mut kiosks = Vec::new();
    for (i, server) in [&a, &b, &a, &b].into_iter().enumerate() {
        let store = named_store(&dir, &format!("kiosk-{i}")).await;
        sync::enroll(
            &store,
            &server.url(),
            ADMIN,
            &format!("自助机{i}"),
            "taishun-luoyang",
        )
        .await
        .unwrap();
        let client = SyncClient::new(store);
        let first = client.sync_once().await.unwrap_or_else(|e| {
            panic!(
                "{e}\n{}\n{}\n{}",
                common::process::tail(&dir.path().join("a.log"), 10),
                common::process::tail(&dir.path().join("b.log"), 10),
                common::process::tail(&bouncer.log, 60)
            )
        });
        assert!(
            first.pulled > 0,
            "the feed reaches the kiosk through PgBouncer"
        );
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
    for (k, person) in kiosks.iter().zip(people) {
        let d = draft(k.store());
        for _ in 0..10 {
            k.store().submit_application(&d, today()).await.unwrap();
        }
        receipts.push(
            k.store()
                .book_slot(&notary_booking(slot, person), Utc::now(), today())
                .await
                .unwrap()
                .tracking_number,
        );
    }
    let mut set = tokio::task::JoinSet::new();
    for k in &kiosks {
        let k = k.clone();
        set.spawn(async move { k.sync_once().await });
    }
    for synced in set.join_all().await {
        synced.unwrap();
    }
    done.store(true, Ordering::SeqCst);
    sampler.await.unwrap().close().await.unwrap();

    let direct = sqlx::PgPool::connect(&direct_url).await.unwrap();
    let applications: i64 = sqlx::query_scalar("SELECT count(*) FROM applications")
        .fetch_one(&direct)
        .await
        .unwrap();
    assert_eq!(applications, 40);
    let seats = borderdesk_server::booking::seat_counts(&direct, NOTARY_OFFICE)
        .await
        .unwrap();
    let (_, capacity, taken, confirmed) = seats
        .into_iter()
        .find(|(start, ..)| *start == slot)
        .expect("the slot has seats");
    assert_eq!(i64::from(taken), confirmed);
    assert_eq!(confirmed, i64::from(capacity).min(4));
    let mut seated = 0;
    for (k, number) in kiosks.iter().zip(&receipts) {
        match k
            .store()
            .booking_receipt(number.as_str())
            .await
            .unwrap()
            .status
        {
            LocalBookingStatus::Confirmed => seated += 1,
            LocalBookingStatus::Rejected => {}
            other => panic!("a booking is still {other:?}"),
        }
    }
    assert_eq!(i64::from(seated), confirmed);
    let most = most.load(Ordering::SeqCst);
    assert!(
        (1..=POOL).contains(&most),
        "PostgreSQL saw {most} connections from PgBouncer; its pool is {POOL}"
    );
    eprintln!("most PostgreSQL connections at once: {most} (pool {POOL})");
}
