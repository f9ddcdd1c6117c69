//! A PostgreSQL cluster of its own with continuous archiving, for backup and restore tests:
//! `wal_level=replica`, `archive_mode=on` and a plain `archive_command` that copies each
//! finished WAL segment into an archive folder, as `README.md` ("Backups and restore") tells
//! operators to set up. Base backups are taken with `pg_basebackup` while it runs; a restore
//! copies a base backup into a fresh data dir and replays the archived WAL into it
//! (`restore_command`, `recovery.signal`), to the end or to a target, on a new port.
//!
//! Unlike [`crate::TestPostgres`] this cluster commits like a production server
//! (`synchronous_commit=on`, `full_page_writes=on`): a commit a device was told about is in
//! the WAL before the answer goes out. Only `fsync` is off, which matters for a power cut of
//! the test machine, not for a database server that is killed.
//!
//! Every cluster of one [`WalArchive`] lives in its temp dir; a watchdog stops them all and
//! removes the dir when the test process ends, however it ends.

use std::io;
use std::os::unix::fs::MetadataExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use sqlx::Connection;

use super::{cluster_dir, free_port, run, running_as_root, server_bin_dir};

/// How long a cluster is given to start, finish recovery, or archive a segment.
const WAIT: Duration = Duration::from_secs(60);

/// The folder that holds the WAL archive, the base backups and the data dirs of the
/// clusters that archive into it.
#[derive(Debug)]
struct Root {
    bin: PathBuf,
    as_root: bool,
    dir: PathBuf,
}

impl Root {
    /// A command for one of PostgreSQL's programs, run as `postgres` when we are root.
    fn pg(&self, tool: &str) -> Command {
        let exe = self.bin.join(tool);
        if self.as_root {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(exe);
            c
        } else {
            Command::new(exe)
        }
    }

    /// A plain command (cp, mkdir), as the user that owns the data.
    fn as_owner(&self, program: &str) -> Command {
        if self.as_root {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--", program]);
            c
        } else {
            Command::new(program)
        }
    }
}

/// The archive side: where WAL segments are copied to and base backups are kept.
#[derive(Debug, Clone)]
pub struct WalArchive {
    root: Arc<Root>,
}

/// Where a restore stops replaying the archived WAL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecoveryTarget {
    /// Everything the archive holds.
    End,
    /// Up to a time (`recovery_target_time`, e.g. `2026-12-03 07:30:00.123456+00`): the
    /// transactions that committed after it are not replayed.
    Time(String),
    /// Up to a restore point made with `pg_create_restore_point` (`recovery_target_name`).
    Name(String),
    /// Up to a WAL location (`recovery_target_lsn`).
    Lsn(String),
}

/// One running (or stopped) cluster that archives into a [`WalArchive`].
#[derive(Debug)]
pub struct ArchivingCluster {
    archive: WalArchive,
    data: PathBuf,
    log: PathBuf,
    port: u16,
    running: bool,
}

impl WalArchive {
    /// A new temp dir with an empty archive folder.
    pub fn new() -> io::Result<Self> {
        let bin = server_bin_dir(&["initdb", "pg_basebackup"])?;
        let as_root = running_as_root();
        let dir = cluster_dir("borderdesk-pitr-", as_root)?;
        let root = Root { bin, as_root, dir };
        spawn_watchdog(&root)?;
        run(root.as_owner("mkdir").arg(root.dir.join("archive")))?;
        run(root.as_owner("mkdir").arg(root.dir.join("backups")))?;
        Ok(Self {
            root: Arc::new(root),
        })
    }

    /// The folder the archive_command copies segments into.
    pub fn archive_dir(&self) -> PathBuf {
        self.root.dir.join("archive")
    }

    /// The names of the archived files (WAL segments, timeline histories), sorted.
    pub fn archived(&self) -> io::Result<Vec<String>> {
        let mut names: Vec<String> = std::fs::read_dir(self.archive_dir())?
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        Ok(names)
    }

    /// The temp dir of everything (archive, backups, data dirs, logs).
    pub fn dir(&self) -> &Path {
        &self.root.dir
    }

    /// initdb + start: a new cluster that archives here.
    pub fn init_cluster(&self, name: &str) -> io::Result<ArchivingCluster> {
        let data = self.root.dir.join(name);
        run(self.root.pg("initdb").arg("-D").arg(&data).args([
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--no-locale",
            "--no-sync",
        ]))?;
        let conf = format!(
            "\n# borderdesk-testkit: continuous archiving\n\
             listen_addresses = '127.0.0.1'\n\
             unix_socket_directories = '{dir}'\n\
             wal_level = replica\n\
             archive_mode = on\n\
             archive_command = 'test ! -f {archive}/%f && cp %p {archive}/%f'\n\
             archive_timeout = 5\n\
             synchronous_commit = on\n\
             full_page_writes = on\n\
             fsync = off\n\
             max_wal_senders = 4\n\
             max_connections = 100\n\
             shared_buffers = 32MB\n",
            dir = self.root.dir.display(),
            archive = self.archive_dir().display(),
        );
        self.append(&data.join("postgresql.conf"), &conf)?;
        let mut cluster = ArchivingCluster {
            archive: self.clone(),
            log: self.root.dir.join(format!("{name}.log")),
            data,
            port: 0,
            running: false,
        };
        cluster.start()?;
        Ok(cluster)
    }

    /// A fresh cluster `name` from base backup `backup` and the archived WAL, replayed up to
    /// `target` and promoted (a new timeline), started on a new port, recovery finished.
    pub async fn restore(
        &self,
        backup: &Path,
        name: &str,
        target: &RecoveryTarget,
    ) -> io::Result<ArchivingCluster> {
        self.restore_from(backup, name, target, &self.archive_dir())
            .await
    }

    /// [`WalArchive::restore`] with the WAL read from `wal_dir` (e.g. the folder of a
    /// [`WalReceiver`]) instead of the archive folder.
    pub async fn restore_from(
        &self,
        backup: &Path,
        name: &str,
        target: &RecoveryTarget,
        wal_dir: &Path,
    ) -> io::Result<ArchivingCluster> {
        let data = self.root.dir.join(name);
        run(self.root.as_owner("cp").arg("-a").arg(backup).arg(&data))?;
        let archive = wal_dir;
        let mut conf = format!(
            "\n# borderdesk-testkit: restore\n\
             restore_command = 'cp {archive}/%f %p'\n\
             recovery_target_timeline = 'latest'\n",
            archive = archive.display()
        );
        let (key, value) = match target {
            RecoveryTarget::End => ("", ""),
            RecoveryTarget::Time(t) => ("recovery_target_time", t.as_str()),
            RecoveryTarget::Name(n) => ("recovery_target_name", n.as_str()),
            RecoveryTarget::Lsn(l) => ("recovery_target_lsn", l.as_str()),
        };
        if !key.is_empty() {
            conf.push_str(&format!(
                "{key} = '{value}'\nrecovery_target_action = 'promote'\n"
            ));
        }
        self.append(&data.join("postgresql.conf"), &conf)?;
        // A synchronous standby set with ALTER SYSTEM came along in the backup: the restored
        // cluster would wait for it at every commit.
        self.append(
            &data.join("postgresql.auto.conf"),
            "synchronous_standby_names = ''\n",
        )?;
        run(self
            .root
            .as_owner("touch")
            .arg(data.join("recovery.signal")))?;
        let mut cluster = ArchivingCluster {
            archive: self.clone(),
            log: self.root.dir.join(format!("{name}.log")),
            data,
            port: 0,
            running: false,
        };
        cluster.start()?;
        cluster.wait_recovered().await?;
        Ok(cluster)
    }

    fn append(&self, file: &Path, text: &str) -> io::Result<()> {
        use std::io::Write;
        let mut f = std::fs::OpenOptions::new().append(true).open(file)?;
        f.write_all(text.as_bytes())
    }
}

impl ArchivingCluster {
    /// `postgres://postgres@127.0.0.1:PORT/DB`
    pub fn url(&self, db: &str) -> String {
        format!("postgres://postgres@127.0.0.1:{}/{db}", self.port)
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn data_dir(&self) -> &Path {
        &self.data
    }

    /// The server log so far (for failure messages).
    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    async fn connect(&self) -> io::Result<sqlx::PgConnection> {
        sqlx::PgConnection::connect(&self.url("postgres"))
            .await
            .map_err(io::Error::other)
    }

    /// `CREATE DATABASE name`
    pub async fn create_database(&self, name: &str) -> io::Result<String> {
        let mut c = self.connect().await?;
        sqlx::query(&format!("CREATE DATABASE \"{name}\""))
            .execute(&mut c)
            .await
            .map_err(io::Error::other)?;
        let _ = c.close().await;
        Ok(self.url(name))
    }

    fn start(&mut self) -> io::Result<()> {
        let mut last_err = None;
        for _ in 0..5 {
            let port = free_port()?;
            let opts = format!("-p {port}");
            let started = run(self
                .archive
                .root
                .pg("pg_ctl")
                .arg("-D")
                .arg(&self.data)
                .arg("-l")
                .arg(&self.log)
                .args(["-w", "-t", "60", "-o", &opts, "start"]));
            match started {
                Ok(()) => {
                    self.port = port;
                    self.running = true;
                    return Ok(());
                }
                Err(e) => last_err = Some(e),
            }
        }
        Err(io::Error::other(format!(
            "pg_ctl start failed: {}; log:\n{}",
            last_err.map(|e| e.to_string()).unwrap_or_default(),
            self.log()
        )))
    }

    /// Waits until the cluster has left recovery (a restore replayed what it was asked to and
    /// was promoted) and accepts writes.
    pub async fn wait_recovered(&self) -> io::Result<()> {
        let deadline = Instant::now() + WAIT;
        loop {
            if let Ok(mut c) = self.connect().await {
                let in_recovery: Result<bool, _> = sqlx::query_scalar("SELECT pg_is_in_recovery()")
                    .fetch_one(&mut c)
                    .await;
                let _ = c.close().await;
                if let Ok(false) = in_recovery {
                    return Ok(());
                }
            }
            if Instant::now() > deadline {
                return Err(io::Error::other(format!(
                    "the cluster did not finish recovery; log:\n{}",
                    self.log()
                )));
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// `pg_basebackup -Fp -Xnone -c fast` into the archive's backups folder, while the cluster
    /// runs. The backup holds no WAL of its own: a restore of it needs the archive.
    pub fn base_backup(&self, name: &str) -> io::Result<PathBuf> {
        let dest = self.archive.root.dir.join("backups").join(name);
        run(self
            .archive
            .root
            .pg("pg_basebackup")
            .args(["-h", "127.0.0.1", "-U", "postgres", "-p"])
            .arg(self.port.to_string())
            .arg("-D")
            .arg(&dest)
            .args(["-F", "p", "-X", "none", "-c", "fast", "--no-sync"]))?;
        Ok(dest)
    }

    /// Ends the current WAL segment (`pg_switch_wal()`) and waits until the archiver has
    /// copied it: from then on the archive holds every transaction committed before the call.
    /// Returns the segment's file name.
    pub async fn switch_wal_and_wait_archived(&self) -> io::Result<String> {
        let mut c = self.connect().await?;
        let segment: String = sqlx::query_scalar("SELECT pg_walfile_name(pg_switch_wal())")
            .fetch_one(&mut c)
            .await
            .map_err(io::Error::other)?;
        let deadline = Instant::now() + WAIT;
        loop {
            let (last, failed): (Option<String>, Option<String>) =
                sqlx::query_as("SELECT last_archived_wal, last_failed_wal FROM pg_stat_archiver")
                    .fetch_one(&mut c)
                    .await
                    .map_err(io::Error::other)?;
            // Segment names are fixed-width hex (timeline, log, segment): they sort in order.
            if last.as_deref().is_some_and(|l| l >= segment.as_str()) {
                let _ = c.close().await;
                return Ok(segment);
            }
            if Instant::now() > deadline {
                return Err(io::Error::other(format!(
                    "segment {segment} not archived (last archived {last:?}, last failed {failed:?}); log:\n{}",
                    self.log()
                )));
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Starts `pg_receivewal --synchronous` into a folder of its own (through a replication
    /// slot made for it) and makes it the synchronous standby (`synchronous_standby_names`):
    /// from then on a commit returns only once the receiver has the WAL on its disk.
    pub async fn stream_wal_synchronously(&self) -> io::Result<WalReceiver> {
        let root = &self.archive.root;
        let dir = root.dir.join("stream");
        run(root.as_owner("mkdir").arg("-p").arg(&dir))?;
        let conn_args = |c: &mut Command| {
            c.args(["-h", "127.0.0.1", "-U", "postgres", "-p"])
                .arg(self.port.to_string())
                .arg("-D")
                .arg(&dir)
                .args(["--slot", "borderdesk_wal"]);
        };
        let mut create = Command::new(root.bin.join("pg_receivewal"));
        conn_args(&mut create);
        create.args(["--create-slot", "--if-not-exists"]);
        let mut receive = Command::new(root.bin.join("pg_receivewal"));
        conn_args(&mut receive);
        // -n: no reconnect loop; it ends when the server goes.
        receive.args(["--synchronous", "-n"]);
        if root.as_root {
            // Directly as postgres (not through runuser), so the pid is its own.
            let owner = std::fs::metadata(&root.dir)?;
            for c in [&mut create, &mut receive] {
                c.uid(owner.uid()).gid(owner.gid());
            }
        }
        run(&mut create)?;
        let log = root.dir.join("pg_receivewal.log");
        let child = receive
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::from(std::fs::File::create(&log)?))
            .spawn()?;
        let receiver = WalReceiver { child, dir, log };
        let mut c = self.connect().await?;
        for sql in [
            "ALTER SYSTEM SET synchronous_standby_names = 'pg_receivewal'",
            "SELECT pg_reload_conf()",
        ] {
            sqlx::query(sql)
                .execute(&mut c)
                .await
                .map_err(io::Error::other)?;
        }
        let deadline = Instant::now() + WAIT;
        loop {
            let sync: Option<String> = sqlx::query_scalar(
                "SELECT sync_state FROM pg_stat_replication WHERE application_name = 'pg_receivewal'",
            )
            .fetch_optional(&mut c)
            .await
            .map_err(io::Error::other)?;
            if sync.as_deref() == Some("sync") {
                break;
            }
            if Instant::now() > deadline {
                return Err(io::Error::other(format!(
                    "pg_receivewal did not become the synchronous standby ({sync:?}): {}",
                    receiver.log()
                )));
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let _ = c.close().await;
        Ok(receiver)
    }

    /// Stops the cluster the hard way (`pg_ctl -m immediate`: no checkpoint, no final WAL
    /// switch, as a crash would) and throws its data dir away: whatever is not in the
    /// archive is gone.
    pub fn crash_and_lose_disk(&mut self) -> io::Result<()> {
        self.stop_mode("immediate")?;
        run(self.archive.root.as_owner("rm").arg("-rf").arg(&self.data))
    }

    /// `pg_ctl -m fast stop` (a clean shutdown).
    pub fn stop(&mut self) -> io::Result<()> {
        self.stop_mode("fast")
    }

    fn stop_mode(&mut self, mode: &str) -> io::Result<()> {
        if !self.running {
            return Ok(());
        }
        self.running = false;
        run(self
            .archive
            .root
            .pg("pg_ctl")
            .arg("-D")
            .arg(&self.data)
            .args(["-m", mode, "-w", "stop"]))
    }
}

impl Drop for ArchivingCluster {
    fn drop(&mut self) {
        let _ = self.stop_mode("immediate");
    }
}

/// Statics and leaked handles are never dropped, so a small shell loop outlives this process
/// by a moment: when the test process is gone it stops every cluster under the dir and
/// removes it.
fn spawn_watchdog(root: &Root) -> io::Result<()> {
    let run_as = if root.as_root {
        "runuser -u postgres -- "
    } else {
        ""
    };
    let script = format!(
        "while kill -0 {pid} 2>/dev/null; do sleep 0.5; done; \
         for d in '{dir}'/*/; do if [ -f \"$d/postmaster.pid\" ]; then \
           {run_as}'{pg_ctl}' -D \"$d\" -m immediate -w stop >/dev/null 2>&1; fi; done; \
         rm -rf '{dir}'",
        pid = std::process::id(),
        dir = root.dir.display(),
        pg_ctl = root.bin.join("pg_ctl").display(),
    );
    Command::new("sh")
        .arg("-c")
        .arg(script)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .process_group(0)
        .spawn()?;
    Ok(())
}

/// A running `pg_receivewal --synchronous` (see [`ArchivingCluster::stream_wal_synchronously`]).
#[derive(Debug)]
pub struct WalReceiver {
    child: std::process::Child,
    dir: PathBuf,
    log: PathBuf,
}

impl WalReceiver {
    /// The folder it writes WAL segments into.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// After the primary is gone: waits for the receiver to end, then renames the segment it
    /// was writing (`….partial`) to its plain name, so that a restore reads it like any other
    /// (what an operator does before restoring from this folder). Returns the folder.
    pub fn finish(mut self) -> io::Result<PathBuf> {
        let deadline = Instant::now() + WAIT;
        while self.child.try_wait()?.is_none() {
            if Instant::now() > deadline {
                return Err(io::Error::other("pg_receivewal did not end"));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        for entry in std::fs::read_dir(&self.dir)? {
            let path = entry?.path();
            if path.extension().is_some_and(|e| e == "partial") {
                std::fs::rename(&path, path.with_extension(""))?;
            }
        }
        Ok(self.dir.clone())
    }

    /// What it logged.
    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

impl Drop for WalReceiver {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}
