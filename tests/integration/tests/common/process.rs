//! Workspace binaries as child processes: `borderdesk-server serve` on a test database, started
//! and killed (SIGKILL) as a county's machine would lose it.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant, SystemTime};

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn newest_mtime(dir: &Path, newest: &mut (SystemTime, PathBuf)) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let path = e.path();
        let Ok(meta) = e.metadata() else { continue };
        if meta.is_dir() {
            newest_mtime(&path, newest);
        } else if let Ok(m) = meta.modified() {
            if m > newest.0 {
                *newest = (m, path);
            }
        }
    }
}

/// A binary of the workspace: `$env`, else beside the test executable's profile folder. A
/// binary older than the sources it is built from would test old code: refused.
pub fn binary(name: &str, env: &str, crates: &[&str]) -> PathBuf {
    if let Some(p) = std::env::var_os(env).filter(|p| !p.is_empty()) {
        return PathBuf::from(p);
    }
    let exe = std::env::current_exe().unwrap();
    // target/<profile>/deps/fault-<hash>
    let profile_dir = exe.parent().and_then(Path::parent).unwrap();
    let path = profile_dir.join(name);
    assert!(
        path.exists(),
        "{} not found: build it first (cargo build -p {name}) or set {env}",
        path.display()
    );
    let built = std::fs::metadata(&path).unwrap().modified().unwrap();
    let mut newest = (SystemTime::UNIX_EPOCH, PathBuf::new());
    for c in crates {
        let dir = workspace_root().join("crates").join(c);
        // What cargo builds the binary again for (data files and translations that a debug
        // build reads at run time are left out: a change there rebuilds nothing).
        for sub in ["src", "migrations", "Cargo.toml", "build.rs"] {
            let p = dir.join(sub);
            if p.is_dir() {
                newest_mtime(&p, &mut newest);
            } else if let Ok(m) = std::fs::metadata(&p).and_then(|m| m.modified()) {
                if m > newest.0 {
                    newest = (m, p);
                }
            }
        }
    }
    assert!(
        newest.0 <= built,
        "{} is older than {}: rebuild it (cargo build -p borderdesk-server -p borderdesk-ctl) or set {env}",
        path.display(),
        newest.1.display()
    );
    path
}

pub fn free_port() -> u16 {
    borderdesk_testkit::free_port().expect("a free port")
}

/// `borderdesk-server serve` as a child process on one database; killed with SIGKILL.
pub struct ServerProcess {
    bin: PathBuf,
    database_url: String,
    admin_token: String,
    log: PathBuf,
    env: Vec<(String, String)>,
    child: Option<std::process::Child>,
    pub addr: SocketAddr,
    pub starts: u32,
}

impl ServerProcess {
    pub fn new(bin: PathBuf, database_url: String, admin_token: &str, log: PathBuf) -> Self {
        Self {
            bin,
            database_url,
            admin_token: admin_token.to_string(),
            log,
            env: Vec::new(),
            child: None,
            addr: SocketAddr::from(([127, 0, 0, 1], free_port())),
            starts: 0,
        }
    }

    /// Starts it (on its last port, or on a new one when `new_port`) and waits until it answers.
    /// A setting of its own (an environment variable), from its next start.
    pub fn with_env(mut self, key: &str, value: &str) -> Self {
        self.env.push((key.to_string(), value.to_string()));
        self
    }

    pub fn is_running(&self) -> bool {
        self.child.is_some()
    }

    /// The server's own address, not the load balancer's.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub async fn start(&mut self, new_port: bool) -> SocketAddr {
        assert!(self.child.is_none(), "the server is running already");
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(2))
            .build()
            .unwrap();
        let mut new_port = new_port;
        for attempt in 0..10 {
            if new_port {
                self.addr = SocketAddr::from(([127, 0, 0, 1], free_port()));
            }
            let log = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(&self.log)
                .unwrap();
            // Held by `self` at once, so that it is killed however this start ends.
            self.child = Some(
                std::process::Command::new(&self.bin)
                    .arg("serve")
                    .env("BORDERDESK_DATABASE_URL", &self.database_url)
                    .env("BORDERDESK_LISTEN", self.addr.to_string())
                    .env("BORDERDESK_ADMIN_TOKEN", &self.admin_token)
                    .envs(self.env.iter().map(|(k, v)| (k, v)))
                    .env("RUST_LOG", "warn")
                    .env("NO_COLOR", "1")
                    .stdin(Stdio::null())
                    .stdout(log.try_clone().unwrap())
                    .stderr(log)
                    .spawn()
                    .unwrap_or_else(|e| panic!("cannot start {}: {e}", self.bin.display())),
            );
            let deadline = Instant::now() + Duration::from_secs(60);
            loop {
                if let Some(status) = self.exited() {
                    // Most likely its port was taken meanwhile: another port.
                    eprintln!(
                        "server exited at start ({status}), attempt {attempt}; see {}",
                        self.log.display()
                    );
                    new_port = true;
                    break;
                }
                let up = http
                    .get(format!("http://{}/healthz", self.addr))
                    .send()
                    .await
                    .is_ok_and(|r| r.status().is_success());
                // Answered by this child, not by another process on a port taken meanwhile.
                if up && self.exited().is_none() {
                    self.starts += 1;
                    return self.addr;
                }
                if Instant::now() > deadline {
                    self.kill();
                    panic!(
                        "the server did not answer within 60 s; see {}",
                        self.log.display()
                    );
                }
                tokio::time::sleep(Duration::from_millis(25)).await;
            }
        }
        panic!(
            "the server would not start; see {}\n{}",
            self.log.display(),
            tail(&self.log, 30)
        );
    }

    /// How the child ended, if it has (and then it is no longer held).
    fn exited(&mut self) -> Option<std::process::ExitStatus> {
        let status = self.child.as_mut()?.try_wait().ok().flatten()?;
        self.child = None;
        Some(status)
    }

    /// SIGKILL, no goodbye. True when it was running.
    pub fn kill(&mut self) -> bool {
        match self.child.take() {
            Some(mut c) => {
                let _ = c.kill();
                let _ = c.wait();
                true
            }
            None => false,
        }
    }
}

/// Two `borderdesk-server serve` processes on one database, `db_connections` each, logging to
/// `a.log` and `b.log` in `dir`, started at once (one migrates, the other waits for it).
pub async fn two_processes(
    database_url: &str,
    admin_token: &str,
    dir: &Path,
    db_connections: u32,
) -> (ServerProcess, ServerProcess) {
    let bin = binary(
        "borderdesk-server",
        "BORDERDESK_SERVER_BIN",
        &["core", "protocol", "i18n", "server"],
    );
    let process = |name: &str| {
        ServerProcess::new(
            bin.clone(),
            database_url.to_string(),
            admin_token,
            dir.join(format!("{name}.log")),
        )
        .with_env("BORDERDESK_DB_CONNECTIONS", &db_connections.to_string())
    };
    let (mut a, mut b) = (process("a"), process("b"));
    tokio::join!(a.start(false), b.start(false));
    (a, b)
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        self.kill();
    }
}

pub fn tail(path: &Path, lines: usize) -> String {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let all: Vec<&str> = text.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}
