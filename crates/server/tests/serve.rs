//! `borderdesk-server serve` as a process: JSON log lines that carry the request id the
//! response echoed (and no personal data), and a SIGTERM in the middle of pushes that loses
//! nothing, applies nothing twice and exits 0.

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use borderdesk_protocol::{
    EnrollRequest, EnrollResponse, Mutation, Outcome, PushRequest, PushResponse, PROTOCOL_HEADER,
    PROTOCOL_VERSION,
};
use borderdesk_testkit::TestPostgres;
use common::{application, submit};

const BIN: &str = env!("CARGO_BIN_EXE_borderdesk-server");
const ADMIN: &str = "serve-test-admin-token";

/// A `borderdesk-server serve` child on its own config file; killed if the test ends early.
struct Server {
    child: Option<Child>,
    url: String,
    log: PathBuf,
    _dir: tempfile::TempDir,
}

fn free_port() -> u16 {
    borderdesk_testkit::free_port().expect("a free port")
}

impl Server {
    async fn start(database_url: &str, extra: &str) -> Self {
        Self::start_with(database_url, extra, &[], None).await
    }

    /// With environment variables `env` and, when `listen` is given, `serve --listen` (the
    /// config file then names another port).
    async fn start_with(
        database_url: &str,
        extra: &str,
        env: &[(&str, &str)],
        listen: Option<u16>,
    ) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let token = dir.path().join("admin.token");
        std::fs::write(&token, ADMIN).unwrap();
        std::fs::set_permissions(&token, std::fs::Permissions::from_mode(0o600)).unwrap();
        let file_port = free_port();
        let port = listen.unwrap_or(file_port);
        let config = dir.path().join("server.toml");
        std::fs::write(
            &config,
            format!(
                "database_url = {database_url:?}\nlisten = \"127.0.0.1:{file_port}\"\nadmin_token_file = {:?}\n{extra}",
                token.to_str().unwrap()
            ),
        )
        .unwrap();
        let log = dir.path().join("server.log");
        let out = std::fs::File::create(&log).unwrap();
        let mut args = vec![
            "--config".to_string(),
            config.to_str().unwrap().to_string(),
            "serve".to_string(),
        ];
        if let Some(p) = listen {
            args.extend(["--listen".to_string(), format!("127.0.0.1:{p}")]);
        }
        let child = Command::new(BIN)
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .envs(env.iter().copied())
            .args(&args)
            .stdout(Stdio::from(out.try_clone().unwrap()))
            .stderr(Stdio::from(out))
            .spawn()
            .unwrap();
        let s = Self {
            child: Some(child),
            url: format!("http://127.0.0.1:{port}"),
            log,
            _dir: dir,
        };
        let http = reqwest::Client::new();
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if let Ok(r) = http.get(format!("{}/healthz", s.url)).send().await {
                if r.status().is_success() {
                    break;
                }
            }
            assert!(
                Instant::now() < deadline,
                "server did not start: {}",
                s.log_text()
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        s
    }

    fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    fn signal(&self, signal: libc::c_int) {
        let pid = self.child.as_ref().unwrap().id() as libc::pid_t;
        // SAFETY: kill(2) on the pid of our own child, which has not been waited for yet.
        assert_eq!(unsafe { libc::kill(pid, signal) }, 0);
    }

    /// Waits (up to `within`) for the process to end; its exit code.
    async fn exit_code(&mut self, within: Duration) -> Option<i32> {
        let deadline = Instant::now() + within;
        let child = self.child.as_mut().unwrap();
        loop {
            if let Some(status) = child.try_wait().unwrap() {
                self.child = None;
                return status.code();
            }
            if Instant::now() > deadline {
                return None;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(c) = self.child.as_mut() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

async fn enroll(http: &reqwest::Client, url: &str) -> EnrollResponse {
    http.post(format!("{url}/v1/devices"))
        .bearer_auth(ADMIN)
        .json(&EnrollRequest {
            name: "kiosk".into(),
            site_id: "site-serve".into(),
            provisional_code: None,
        })
        .send()
        .await
        .unwrap()
        .error_for_status()
        .unwrap()
        .json()
        .await
        .unwrap()
}

async fn push(
    http: &reqwest::Client,
    url: &str,
    token: &str,
    mutations: Vec<Mutation>,
) -> Result<PushResponse, String> {
    let r = http
        .post(format!("{url}/v1/sync/push"))
        .bearer_auth(token)
        .header(PROTOCOL_HEADER, PROTOCOL_VERSION.to_string())
        .json(&PushRequest {
            protocol: PROTOCOL_VERSION,
            mutations,
        })
        .send()
        .await
        .map_err(|e| format!("no answer: {e}"))?;
    if !r.status().is_success() {
        return Err(format!("status {}", r.status()));
    }
    r.json().await.map_err(|e| format!("cut off: {e}"))
}

#[tokio::test]
async fn json_log_lines_carry_the_request_id_the_response_echoed_and_no_personal_data() {
    // (and SIGINT stops the server as SIGTERM does)
    json_logs().await
}

async fn json_logs() {
    let database_url = TestPostgres::shared().fresh_database().await;
    let mut server = Server::start(&database_url, "log_format = \"json\"\n").await;
    let http = reqwest::Client::new();

    let r = http
        .get(format!("{}/healthz", server.url))
        .send()
        .await
        .unwrap();
    let made = r.headers()["x-request-id"].to_str().unwrap().to_string();
    assert!(!made.is_empty());
    let r = http
        .get(format!("{}/healthz", server.url))
        .header("x-request-id", "probe-42")
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["x-request-id"], "probe-42");
    let odd = "x".repeat(65);
    let r = http
        .get(format!("{}/healthz", server.url))
        .header("x-request-id", &odd)
        .send()
        .await
        .unwrap();
    let replaced = r.headers()["x-request-id"].to_str().unwrap().to_string();
    assert_ne!(
        replaced, odd,
        "an overlong request id is replaced by one of ours"
    );
    assert_eq!(replaced.len(), 36);

    let dev = enroll(&http, &server.url).await;
    let app = application(dev.device_code, 1);
    let number = app.tracking_number.to_string();
    push(&http, &server.url, &dev.device_token, vec![submit(app)])
        .await
        .unwrap();

    server.signal(libc::SIGINT);
    assert_eq!(server.exit_code(Duration::from_secs(30)).await, Some(0));
    let log = server.log_text();
    let lines: Vec<serde_json::Value> = log
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect();
    let with_id = |id: &str| {
        lines
            .iter()
            .filter(|l| l["span"]["request_id"] == id)
            .count()
    };
    assert!(with_id(&made) >= 1, "{log}");
    assert!(with_id("probe-42") >= 1, "{log}");
    let answered = lines
        .iter()
        .find(|l| l["span"]["request_id"] == "probe-42")
        .unwrap();
    assert_eq!(answered["span"]["route"], "/healthz", "{answered}");
    // The applicant's name and the tracking number never reach the log.
    assert!(!log.contains("张三"), "{log}");
    assert!(!log.contains(&number), "{log}");
}

#[tokio::test]
async fn sigterm_during_pushes_loses_nothing_applies_nothing_twice_and_exits_0() {
    let database_url = TestPostgres::shared().fresh_database().await;
    let mut server = Server::start(&database_url, "shutdown_grace_seconds = 20\n").await;
    let http = reqwest::Client::new();
    let dev = enroll(&http, &server.url).await;

    let batches: Vec<Vec<Mutation>> = (0..4u32)
        .map(|b| {
            (1..=borderdesk_protocol::MAX_PUSH_BATCH as u32)
                .map(|i| submit(application(dev.device_code, b * 10_000 + i)))
                .collect()
        })
        .collect();
    let total: usize = batches.iter().map(Vec::len).sum();
    let mut running = Vec::new();
    for batch in &batches {
        let (http, url, token, batch) = (
            http.clone(),
            server.url.clone(),
            dev.device_token.clone(),
            batch.clone(),
        );
        running.push(tokio::spawn(async move {
            push(&http, &url, &token, batch).await
        }));
    }
    // The signal comes while the server is applying a push: one of its statements is running.
    let pool = sqlx::PgPool::connect(&database_url).await.unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut caught_in_flight = false;
    while Instant::now() < deadline && !caught_in_flight {
        let active: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM pg_stat_activity
             WHERE datname = current_database() AND state = 'active' AND pid <> pg_backend_pid()
               AND query ILIKE '%applications%'",
        )
        .fetch_one(&pool)
        .await
        .unwrap();
        caught_in_flight = active > 0;
    }
    server.signal(libc::SIGTERM);
    let mut answered_applied = Vec::new();
    let mut answered = 0;
    for (batch, task) in batches.iter().zip(running) {
        match task.await.unwrap() {
            Ok(r) => {
                answered += 1;
                assert_eq!(r.results.len(), batch.len());
                for (m, result) in batch.iter().zip(&r.results) {
                    assert_eq!(m.id, result.id);
                    assert_eq!(result.outcome, Outcome::Applied);
                    answered_applied.push(m.id);
                }
            }
            Err(e) => eprintln!("a push got no answer: {e}"),
        }
    }
    let code = server.exit_code(Duration::from_secs(30)).await;
    assert_eq!(code, Some(0), "{}", server.log_text());
    eprintln!(
        "{answered} of {} pushes were answered before the stop (caught in flight: {caught_in_flight})",
        batches.len()
    );
    assert!(
        caught_in_flight,
        "no push was seen running before the signal"
    );
    assert!(
        answered >= 1,
        "the push running at the signal was cut off: {}",
        server.log_text()
    );

    // Every mutation answered `applied` is in the database, once.
    let ids: Vec<uuid::Uuid> = answered_applied.clone();
    let found: i64 =
        sqlx::query_scalar("SELECT count(*) FROM applied_mutations WHERE mutation_id = ANY($1)")
            .bind(&ids)
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(found as usize, ids.len());

    // After a restart, pushing everything again applies the rest, once.
    let server = Server::start(&database_url, "").await;
    for batch in &batches {
        let r = push(&http, &server.url, &dev.device_token, batch.clone())
            .await
            .unwrap();
        for (m, result) in batch.iter().zip(&r.results) {
            if answered_applied.contains(&m.id) {
                assert_eq!(result.outcome, Outcome::Duplicate);
            } else {
                assert!(
                    matches!(result.outcome, Outcome::Applied | Outcome::Duplicate),
                    "{result:?}"
                );
            }
        }
    }
    let mutations: i64 = sqlx::query_scalar("SELECT count(*) FROM applied_mutations")
        .fetch_one(&pool)
        .await
        .unwrap();
    let applications: i64 = sqlx::query_scalar("SELECT count(*) FROM applications")
        .fetch_one(&pool)
        .await
        .unwrap();
    let distinct_numbers: i64 =
        sqlx::query_scalar("SELECT count(DISTINCT tracking_number) FROM applications")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(mutations as usize, total);
    assert_eq!(applications as usize, total);
    assert_eq!(distinct_numbers as usize, total);
    drop(server);
}

#[tokio::test]
async fn a_push_still_running_after_the_grace_is_cut_off_and_applies_nothing() {
    let database_url = TestPostgres::shared().fresh_database().await;
    let mut server = Server::start(&database_url, "shutdown_grace_seconds = 1\n").await;
    let http = reqwest::Client::new();
    let dev = enroll(&http, &server.url).await;
    let batch: Vec<Mutation> = (1..=50)
        .map(|i| submit(application(dev.device_code, i)))
        .collect();

    // A transaction of ours holds the applications table: the push waits on it.
    let pool = sqlx::PgPool::connect(&database_url).await.unwrap();
    let mut blocker = pool.begin().await.unwrap();
    sqlx::query("LOCK TABLE applications IN ACCESS EXCLUSIVE MODE")
        .execute(&mut *blocker)
        .await
        .unwrap();
    let pushing = {
        let (http, url, token, batch) = (
            http.clone(),
            server.url.clone(),
            dev.device_token.clone(),
            batch.clone(),
        );
        tokio::spawn(async move { push(&http, &url, &token, batch).await })
    };
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let waiting: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM pg_stat_activity
             WHERE datname = current_database() AND wait_event_type = 'Lock'",
        )
        .fetch_one(&pool)
        .await
        .unwrap();
        if waiting > 0 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the push never waited on the lock"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    server.signal(libc::SIGTERM);
    let code = server.exit_code(Duration::from_secs(15)).await;
    assert_eq!(
        code,
        Some(1),
        "cut off requests make a failing exit: {}",
        server.log_text()
    );
    assert!(
        pushing.await.unwrap().is_err(),
        "the cut-off push got no answer"
    );
    blocker.rollback().await.unwrap();

    let applied: i64 = sqlx::query_scalar("SELECT count(*) FROM applied_mutations")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(applied, 0, "nothing of a push without an answer is applied");

    let server = Server::start(&database_url, "").await;
    let r = push(&http, &server.url, &dev.device_token, batch.clone())
        .await
        .unwrap();
    assert!(r.results.iter().all(|m| m.outcome == Outcome::Applied));
    let applications: i64 = sqlx::query_scalar("SELECT count(*) FROM applications")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(applications as usize, batch.len());
}

#[tokio::test]
async fn serve_takes_the_environment_over_the_file_and_a_flag_over_both() {
    let database_url = TestPostgres::shared().fresh_database().await;
    let flag_port = free_port();
    // The file says JSON logs, the environment text; the file names one port, the flag another.
    let mut server = Server::start_with(
        &database_url,
        "log_format = \"json\"\n",
        &[("BORDERDESK_LOG_FORMAT", "text")],
        Some(flag_port),
    )
    .await;
    assert_eq!(server.url, format!("http://127.0.0.1:{flag_port}"));
    server.signal(libc::SIGTERM);
    assert_eq!(server.exit_code(Duration::from_secs(30)).await, Some(0));
    let log = server.log_text();
    assert!(log.contains("BorderDesk server listening"), "{log}");
    assert!(
        !log.contains('\u{1b}'),
        "no colour codes in a log file: {log}"
    );
    assert!(
        log.lines()
            .all(|l| serde_json::from_str::<serde_json::Value>(l).is_err()),
        "text logs, as the environment says: {log}"
    );
}
