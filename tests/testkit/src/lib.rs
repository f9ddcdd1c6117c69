//! Test support for BorderDesk: a throwaway PostgreSQL cluster started from the system's
//! binaries (initdb + pg_ctl in a temp dir, on a free port), shared by the tests of one
//! process, with a fresh database per test so that tests never see each other's rows.
//!
//! Set `BORDERDESK_TEST_DATABASE_URL` to use an existing server instead (its user must be
//! allowed to create databases).

pub mod cluster;
pub mod flood;
pub mod proxy;

use std::io;
use std::net::TcpListener;
use std::os::unix::fs::MetadataExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;

use rand::Rng;
use sqlx::Connection;

/// Where the PostgreSQL server binaries are looked for, first match wins.
const PG_BIN_DIRS: &[&str] = &[
    "/usr/lib/postgresql/17/bin",
    "/usr/lib/postgresql/16/bin",
    "/usr/lib/postgresql/15/bin",
    "/usr/lib/postgresql/14/bin",
];

/// Set to 1 for a cluster that fsyncs like a production server (benchmarks).
pub const DURABLE_ENV: &str = "BORDERDESK_TEST_PG_DURABLE";

/// A PostgreSQL server for tests.
#[derive(Debug)]
pub struct TestPostgres {
    /// `postgres://user@host:port` without a database name, plus a query string if any.
    base: BaseUrl,
    /// The temp dir of a cluster this process started (None for an external server).
    dir: Option<PathBuf>,
}

#[derive(Debug, Clone)]
struct BaseUrl {
    /// Everything before the database name, ending in `/`.
    prefix: String,
    /// The database of the given URL (used for `CREATE DATABASE`).
    admin_db: String,
    /// `?...` or empty.
    query: String,
}

impl BaseUrl {
    fn parse(url: &str) -> Self {
        let (main, query) = match url.find('?') {
            Some(i) => (&url[..i], url[i..].to_string()),
            None => (url, String::new()),
        };
        let after_scheme = main.find("://").map(|i| i + 3).unwrap_or(0);
        match main[after_scheme..].find('/') {
            Some(i) => {
                let cut = after_scheme + i + 1;
                let db = &main[cut..];
                Self {
                    prefix: main[..cut].to_string(),
                    admin_db: if db.is_empty() {
                        "postgres".into()
                    } else {
                        db.to_string()
                    },
                    query,
                }
            }
            None => Self {
                prefix: format!("{main}/"),
                admin_db: "postgres".into(),
                query,
            },
        }
    }

    fn url(&self, db: &str) -> String {
        format!("{}{}{}", self.prefix, db, self.query)
    }
}

static SHARED: OnceLock<TestPostgres> = OnceLock::new();
static COUNTER: AtomicU64 = AtomicU64::new(0);

impl TestPostgres {
    /// The cluster of this test process, started on first use. Panics when PostgreSQL cannot
    /// be started: a test without its database cannot say anything useful.
    pub fn shared() -> &'static TestPostgres {
        SHARED.get_or_init(|| {
            if let Ok(url) = std::env::var("BORDERDESK_TEST_DATABASE_URL") {
                if !url.trim().is_empty() {
                    return TestPostgres {
                        base: BaseUrl::parse(url.trim()),
                        dir: None,
                    };
                }
            }
            Self::start_cluster().unwrap_or_else(|e| panic!("cannot start a test PostgreSQL: {e}"))
        })
    }

    /// The URL of the server's maintenance database.
    pub fn admin_url(&self) -> String {
        self.base.url(&self.base.admin_db)
    }

    /// The temp dir of the cluster, when this process started one.
    pub fn dir(&self) -> Option<&Path> {
        self.dir.as_deref()
    }

    /// Creates a new, empty, uniquely named database and returns its URL.
    pub async fn fresh_database(&self) -> String {
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let name = format!(
            "bd_test_{}_{}_{:08x}",
            std::process::id(),
            n,
            rand::thread_rng().gen::<u32>()
        );
        let mut conn = sqlx::PgConnection::connect(&self.admin_url())
            .await
            .unwrap_or_else(|e| panic!("cannot connect to the test PostgreSQL: {e}"));
        sqlx::query(&format!("CREATE DATABASE \"{name}\""))
            .execute(&mut conn)
            .await
            .unwrap_or_else(|e| panic!("cannot create test database {name}: {e}"));
        let _ = conn.close().await;
        self.base.url(&name)
    }

    fn start_cluster() -> io::Result<TestPostgres> {
        let bin = server_bin_dir(&["initdb"])?;
        let as_root = running_as_root();
        let dir = cluster_dir("borderdesk-pg-", as_root)?;
        // The watchdog first, so the dir goes away whatever happens next.
        spawn_watchdog(&bin, &dir, as_root)?;

        let data = dir.join("data");
        let pg = |tool: &str| -> Command {
            let exe = bin.join(tool);
            if as_root {
                let mut c = Command::new("runuser");
                c.args(["-u", "postgres", "--"]).arg(exe);
                c
            } else {
                Command::new(exe)
            }
        };
        run(pg("initdb").arg("-D").arg(&data).args([
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--no-locale",
            "--no-sync",
        ]))?;

        let mut last_err = None;
        for _ in 0..5 {
            let port = free_port()?;
            // Tests trade durability for speed; benchmarks ask for a server that syncs to disk
            // like a production one (BORDERDESK_TEST_PG_DURABLE=1).
            let durability = if std::env::var_os(DURABLE_ENV).is_some_and(|v| v == "1") {
                ""
            } else {
                "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
            };
            let opts = format!(
                "-p {port} -k {} -c listen_addresses=127.0.0.1 {durability}\
                 -c max_connections=300 -c shared_buffers=64MB",
                dir.display()
            );
            let started = run(pg("pg_ctl")
                .arg("-D")
                .arg(&data)
                .arg("-l")
                .arg(dir.join("log"))
                .args(["-w", "-t", "60", "-o", &opts, "start"]));
            match started {
                Ok(()) => {
                    let base =
                        BaseUrl::parse(&format!("postgres://postgres@127.0.0.1:{port}/postgres"));
                    return Ok(TestPostgres {
                        base,
                        dir: Some(dir),
                    });
                }
                Err(e) => last_err = Some(e),
            }
        }
        let log = std::fs::read_to_string(dir.join("log")).unwrap_or_default();
        Err(io::Error::other(format!(
            "pg_ctl start failed: {}; log:\n{log}",
            last_err.map(|e| e.to_string()).unwrap_or_default()
        )))
    }
}

/// The first of Debian's PostgreSQL bin folders that holds every program of `needs`.
fn server_bin_dir(needs: &[&str]) -> io::Result<PathBuf> {
    PG_BIN_DIRS
        .iter()
        .map(PathBuf::from)
        .find(|d| needs.iter().all(|p| d.join(p).exists()))
        .ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::NotFound,
                "no PostgreSQL server binaries under /usr/lib/postgresql/*/bin (apt-get install postgresql)",
            )
        })
}

/// PostgreSQL refuses to run as root: then its programs run as `postgres`.
fn running_as_root() -> bool {
    std::fs::metadata("/proc/self")
        .map(|m| m.uid() == 0)
        .unwrap_or(false)
}

/// A kept temp folder for a cluster, owned by `postgres` when we run as root.
fn cluster_dir(prefix: &str, as_root: bool) -> io::Result<PathBuf> {
    let dir = tempfile::Builder::new().prefix(prefix).tempdir()?.keep();
    if as_root {
        run(Command::new("chown").arg("postgres:").arg(&dir))?;
    }
    Ok(dir)
}

fn run(cmd: &mut Command) -> io::Result<()> {
    let out = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()?;
    if out.status.success() {
        Ok(())
    } else {
        Err(io::Error::other(format!(
            "{:?} failed ({}): {}",
            cmd.get_program(),
            out.status,
            String::from_utf8_lossy(&out.stderr)
        )))
    }
}

/// A TCP port on 127.0.0.1 that was free a moment ago (for a process a test starts).
pub fn free_port() -> io::Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// Statics are never dropped, so a small shell loop outlives this process by a moment: when
/// the test process is gone, it stops the cluster and removes its dir.
fn spawn_watchdog(bin: &Path, dir: &Path, as_root: bool) -> io::Result<()> {
    let pg_ctl = bin.join("pg_ctl");
    let run_as = if as_root {
        "runuser -u postgres -- "
    } else {
        ""
    };
    let script = format!(
        "while kill -0 {pid} 2>/dev/null; do sleep 0.5; done; \
         if [ -f '{dir}/data/postmaster.pid' ]; then {run_as}'{pg_ctl}' -D '{dir}/data' -m immediate -w stop >/dev/null 2>&1; fi; \
         rm -rf '{dir}'",
        pid = std::process::id(),
        dir = dir.display(),
        pg_ctl = pg_ctl.display(),
    );
    Command::new("sh")
        .arg("-c")
        .arg(script)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        // Its own process group: a Ctrl-C on the test run must not take the watchdog with it.
        .process_group(0)
        .spawn()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_get_the_new_database_name() {
        let b = BaseUrl::parse("postgres://u:p@h:5432/app?sslmode=disable");
        assert_eq!(b.url("x"), "postgres://u:p@h:5432/x?sslmode=disable");
        assert_eq!(b.admin_db, "app");
        let b = BaseUrl::parse("postgres://u@h:1");
        assert_eq!(b.url("x"), "postgres://u@h:1/x");
        assert_eq!(b.admin_db, "postgres");
    }

    #[test]
    fn two_fresh_databases_are_different_and_usable() {
        let rt = tokio_rt();
        rt.block_on(async {
            let pg = TestPostgres::shared();
            let a = pg.fresh_database().await;
            let b = pg.fresh_database().await;
            assert_ne!(a, b);
            let mut c = sqlx::PgConnection::connect(&a).await.unwrap();
            let one: i32 = sqlx::query_scalar("SELECT 1")
                .fetch_one(&mut c)
                .await
                .unwrap();
            assert_eq!(one, 1);
        });
    }

    fn tokio_rt() -> tokio::runtime::Runtime {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
    }
}
