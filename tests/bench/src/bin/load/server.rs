//! The real `borderdesk-server serve` as a child process, as a county runs it: its own
//! process, so that its CPU and memory can be read apart from the load generator's. It never
//! outlives the generator: SIGTERM at the end, SIGKILL from `Drop` on any other way out
//! (a panic included), and the kernel's parent-death signal if the generator is killed.

use std::io::{BufRead, BufReader, Seek};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// How long the server may take to answer `/healthz` after its start (a debug build on a
/// busy machine runs its migrations slowly).
const START_TIMEOUT: Duration = Duration::from_secs(120);
/// Longer than the server's own shutdown grace (20 s by default).
const STOP_TIMEOUT: Duration = Duration::from_secs(30);

/// The server binary of the generator's own build profile: beside the generator in
/// `target/<profile>/`. Err: what to build.
pub fn binary() -> Result<PathBuf, String> {
    let exe = std::env::current_exe().map_err(|e| format!("cannot find this program: {e}"))?;
    let dir = exe.parent().unwrap_or(Path::new("."));
    let path = dir.join("borderdesk-server");
    if path.exists() {
        return Ok(path);
    }
    let profile = match dir.file_name().and_then(|n| n.to_str()) {
        Some("debug") | None => String::new(),
        Some("release") => " --release".into(),
        Some(other) => format!(" --profile {other}"),
    };
    Err(format!(
        "{} not found: build it first with `cargo build{profile} -p borderdesk-server`",
        path.display()
    ))
}

/// A running server.
#[derive(Debug)]
pub struct ServerProcess {
    child: Option<Child>,
    /// `http://127.0.0.1:port`
    pub url: String,
    log: tempfile::NamedTempFile,
}

impl ServerProcess {
    /// Starts the server on `database_url` with `env` on top of its address and tokens, and
    /// waits until `/healthz` answers. A port taken meanwhile means another try.
    pub async fn start(
        bin: &Path,
        database_url: &str,
        admin: &str,
        env: &[(&str, String)],
    ) -> Self {
        for _ in 0..5 {
            let port = borderdesk_testkit::free_port().expect("a free port");
            let log = tempfile::NamedTempFile::new().expect("a log file");
            let mut command = Command::new(bin);
            command
                .arg("serve")
                .env("BORDERDESK_DATABASE_URL", database_url)
                .env("BORDERDESK_LISTEN", format!("127.0.0.1:{port}"))
                .env("BORDERDESK_ADMIN_TOKEN", admin)
                .env("RUST_LOG", "warn")
                .env("NO_COLOR", "1")
                .envs(env.iter().map(|(k, v)| (k, v)))
                .stdin(Stdio::null())
                .stdout(log.reopen().expect("log file"))
                .stderr(log.reopen().expect("log file"));
            // SAFETY: prctl is async-signal-safe and touches nothing of the parent. The signal
            // comes when the thread that forked ends: this runs on the main thread (the
            // runtime's `block_on`), which lives as long as the generator.
            unsafe {
                command.pre_exec(|| {
                    libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGTERM);
                    Ok(())
                });
            }
            let child = command
                .spawn()
                .unwrap_or_else(|e| panic!("cannot start {}: {e}", bin.display()));
            let mut server = ServerProcess {
                child: Some(child),
                url: format!("http://127.0.0.1:{port}"),
                log,
            };
            if server.wait_until_up().await {
                return server;
            }
            eprintln!("the server exited at start:\n{}", server.log_tail(20));
        }
        panic!("the server would not start (see above)");
    }

    pub fn pid(&self) -> u32 {
        self.child.as_ref().map(Child::id).unwrap_or(0)
    }

    /// True once `/healthz` answers 200; false when the process ended first.
    async fn wait_until_up(&mut self) -> bool {
        let http = reqwest::Client::new();
        let deadline = Instant::now() + START_TIMEOUT;
        let healthz = format!("{}/healthz", self.url);
        while Instant::now() < deadline {
            let child = self.child.as_mut().expect("a child");
            if child.try_wait().expect("child status").is_some() {
                self.child = None;
                return false;
            }
            let up = http
                .get(&healthz)
                .timeout(Duration::from_secs(2))
                .send()
                .await
                .is_ok_and(|r| r.status().is_success());
            if up {
                return true;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!(
            "the server did not answer /healthz within {} s:\n{}",
            START_TIMEOUT.as_secs(),
            self.log_tail(20)
        );
    }

    /// The last `lines` lines the server logged.
    pub fn log_tail(&self, lines: usize) -> String {
        let mut file = self.log.reopen().expect("log file");
        let _ = file.rewind();
        let all: Vec<String> = BufReader::new(file).lines().map_while(Result::ok).collect();
        all[all.len().saturating_sub(lines)..].join("\n")
    }

    /// SIGTERM, as systemd stops it, and waits; SIGKILL when it takes longer than its grace.
    /// True when it exited by itself with success.
    pub async fn stop(mut self) -> bool {
        let Some(mut child) = self.child.take() else {
            return false;
        };
        let pid = libc::pid_t::try_from(child.id()).expect("a pid");
        // SAFETY: the pid is our own child's, not yet reaped.
        unsafe { libc::kill(pid, libc::SIGTERM) };
        let deadline = Instant::now() + STOP_TIMEOUT;
        while Instant::now() < deadline {
            if let Some(status) = child.try_wait().expect("child status") {
                return status.success();
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let _ = child.kill();
        let _ = child.wait();
        false
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}
