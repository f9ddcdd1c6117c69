//! A randomized fault test of sync, with real processes and nothing mocked.
//!
//! A device (a real SQLite store made with the local crate, enrolled) holds thousands of
//! applications saved offline through the normal submit path, and among them a few malformed
//! outbox entries written straight into its outbox, as an old or hostile app version would
//! have. It syncs with `borderdesk-ctl sync`, a separate process that the test kills with
//! SIGKILL at random moments, through a fault proxy (`borderdesk_testkit::proxy`) that refuses
//! connections, delays them, and cuts the server's answers after the server did the work. The
//! server is a real `borderdesk-server serve` child on a throwaway PostgreSQL database, killed
//! with SIGKILL at random moments and restarted on the same database (sometimes on another
//! port). While the faults go on, the kiosk keeps taking applications.
//!
//! When the faults are done, a few clean rounds let the outbox drain, and then:
//! every good application is on the server exactly once (by id and by tracking number),
//! every malformed one is not on the server and its outbox entry is `rejected` with an error
//! code (what `borderdesk-ctl status` shows staff), and no entry is `pending`.
//!
//! Settings (environment):
//!
//! | variable | default | what |
//! | --- | --- | --- |
//! | `BORDERDESK_FAULT_POINTS` | 100 | faults to inject (proxy faults + sync kills + server kills) |
//! | `BORDERDESK_FAULT_SEED` | random | the seed of every random choice; printed at start, to replay a failure (the same data and the same sequence of draws; timings differ from run to run) |
//! | `BORDERDESK_FAULT_APPLICATIONS` | 2000 | applications saved offline before the first sync |
//! | `BORDERDESK_FAULT_MALFORMED` | `all` | `none`, or a comma list of: nul, other-device, empty-item, no-answers, not-submitted, unreadable |
//! | `BORDERDESK_FAULT_KEEP` | unset | `1`: keep the device database, its key and the server log (the folder is printed) |
//! | `BORDERDESK_FAULT_TIME_LIMIT` | 100 + points/2 s | the fault phase ends at this many seconds even if short of its points |
//! | `BORDERDESK_SERVER_BIN`, `BORDERDESK_CTL_BIN` | beside the test | the binaries (built by `cargo test --workspace`, or `cargo build -p borderdesk-server -p borderdesk-ctl`) |
//!
//! The bench runs it with at least 1,000 fault points (about 5 minutes on the 2-core VM):
//! `BORDERDESK_FAULT_POINTS=1000 BORDERDESK_FAULT_APPLICATIONS=10000 cargo test -p borderdesk-integration-tests --test fault -- --nocapture`.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use borderdesk_core::{
    Application, ApplicationDraft, ApplicationStatus, DeviceCode, QuestionKind, TrackingNumber,
};
use borderdesk_local::crypto::DeviceKey;
use borderdesk_local::{sync, Store};
use borderdesk_protocol::MutationBody;
use borderdesk_testkit::proxy::{FaultCounts, FaultPlan, FaultProxy};
use borderdesk_testkit::TestPostgres;
use chrono::{NaiveDate, Utc};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use tokio::io::AsyncReadExt;
use uuid::Uuid;

mod common;
use common::process::{binary, tail, ServerProcess};

const ADMIN: &str = "fault-test-admin-token";
const SITE: &str = "taishun-luoyang";

// ----- settings ----------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Malformed {
    /// An answer holding a NUL character (PostgreSQL cannot store it in jsonb).
    Nul,
    /// A tracking number of another (enrolled) device.
    OtherDevice,
    /// An empty item code.
    EmptyItem,
    /// An empty answers map.
    NoAnswers,
    /// A new application whose status is not `submitted`.
    NotSubmitted,
    /// A body the server cannot read at all (a tracking number that is not one).
    Unreadable,
}

impl Malformed {
    const ALL: [Malformed; 6] = [
        Malformed::Nul,
        Malformed::OtherDevice,
        Malformed::EmptyItem,
        Malformed::NoAnswers,
        Malformed::NotSubmitted,
        Malformed::Unreadable,
    ];

    fn name(self) -> &'static str {
        match self {
            Malformed::Nul => "nul",
            Malformed::OtherDevice => "other-device",
            Malformed::EmptyItem => "empty-item",
            Malformed::NoAnswers => "no-answers",
            Malformed::NotSubmitted => "not-submitted",
            Malformed::Unreadable => "unreadable",
        }
    }
}

struct Settings {
    seed: u64,
    fault_points: u64,
    applications: usize,
    malformed: Vec<Malformed>,
    time_limit: Duration,
}

fn env_num<T: std::str::FromStr>(name: &str) -> Option<T> {
    let v = std::env::var(name).ok()?;
    let v = v.trim();
    if v.is_empty() {
        return None;
    }
    Some(
        v.replace('_', "")
            .parse()
            .unwrap_or_else(|_| panic!("{name}={v:?} is not a number")),
    )
}

impl Settings {
    fn from_env() -> Self {
        let seed = env_num("BORDERDESK_FAULT_SEED").unwrap_or_else(rand::random);
        let fault_points = env_num("BORDERDESK_FAULT_POINTS").unwrap_or(100u64);
        let applications = env_num("BORDERDESK_FAULT_APPLICATIONS").unwrap_or(2000usize);
        let malformed = match std::env::var("BORDERDESK_FAULT_MALFORMED")
            .unwrap_or_default()
            .trim()
        {
            "" | "all" => Malformed::ALL.to_vec(),
            "none" | "0" => Vec::new(),
            list => list
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(|s| {
                    *Malformed::ALL
                        .iter()
                        .find(|m| m.name() == s)
                        .unwrap_or_else(|| panic!("BORDERDESK_FAULT_MALFORMED: unknown kind {s:?}"))
                })
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect(),
        };
        let time_limit = Duration::from_secs(
            env_num("BORDERDESK_FAULT_TIME_LIMIT").unwrap_or(100 + fault_points / 2),
        );
        Self {
            seed,
            fault_points,
            applications,
            malformed,
            time_limit,
        }
    }
}

// ----- the sync process --------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum RoundEnd {
    /// The round finished.
    Synced,
    /// The round ended with an error: its code.
    Failed(String),
    /// SIGKILLed by the test while it ran.
    Killed,
}

struct Device {
    ctl: PathBuf,
    db: PathBuf,
    key: PathBuf,
}

impl Device {
    /// One `borderdesk-ctl sync`, killed with SIGKILL after `kill_after` if it still runs.
    async fn sync(&self, kill_after: Option<Duration>) -> (RoundEnd, Duration, String) {
        let started = Instant::now();
        let mut child = tokio::process::Command::new(&self.ctl)
            .arg("--db")
            .arg(&self.db)
            .arg("sync")
            .env("BORDERDESK_KEY_FILE", &self.key)
            .env("BORDERDESK_LANG", "en")
            .env("RUST_LOG", "error")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", self.ctl.display()));
        let mut out = child.stdout.take().unwrap();
        let mut err = child.stderr.take().unwrap();
        let output = tokio::spawn(async move {
            let mut o = String::new();
            let mut e = String::new();
            let _ = out.read_to_string(&mut o).await;
            let _ = err.read_to_string(&mut e).await;
            format!("{o}{e}")
        });
        // A hung round would be a finding too: the client's own timeouts are 60 s.
        let limit = kill_after.unwrap_or(Duration::from_secs(180));
        let status = tokio::select! {
            s = child.wait() => Some(s.unwrap()),
            _ = tokio::time::sleep(limit) => None,
        };
        let end = match status {
            Some(s) if s.success() => RoundEnd::Synced,
            Some(_) => RoundEnd::Failed(String::new()),
            None => {
                let _ = child.start_kill();
                let _ = child.wait().await;
                if kill_after.is_none() {
                    panic!("a sync round ran for 180 s without ending");
                }
                RoundEnd::Killed
            }
        };
        let text = output.await.unwrap_or_default();
        let end = match end {
            // The last "[code]" of its error line.
            RoundEnd::Failed(_) => RoundEnd::Failed(
                text.rsplit_once('[')
                    .and_then(|(_, rest)| rest.split_once(']'))
                    .map(|(code, _)| code.to_string())
                    .unwrap_or_else(|| "no-code".into()),
            ),
            other => other,
        };
        (end, started.elapsed(), text)
    }
}

// ----- the device's data -------------------------------------------------------------------

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()
}

const NAMES: [&str; 6] = ["李四", "王芳", "陈建国", "林美玲", "张伟", "吴晓燕"];

/// Answers every asked question of `item` as a person would.
fn draft_for(item: &borderdesk_core::CatalogItem, n: usize) -> ApplicationDraft {
    let mut answers = BTreeMap::new();
    for q in &item.questions {
        if !q.is_asked(&answers) {
            continue;
        }
        let v = match q.kind {
            QuestionKind::Name => NAMES[n % NAMES.len()].to_string(),
            QuestionKind::IdNumber => "330329195803120013".to_string(),
            QuestionKind::Phone => "13900139000".to_string(),
            QuestionKind::Choice => q.options[n % q.options.len().max(1)].value.clone(),
            QuestionKind::Date => "2026-11-20".to_string(),
            QuestionKind::Address => "浙江省温州市泰顺县罗阳镇".to_string(),
            _ => format!("测试 {n}"),
        };
        answers.insert(q.id.clone(), v);
    }
    ApplicationDraft {
        item_code: item.code.clone(),
        answers,
        attachments: Vec::new(),
        resumed_from: None,
    }
}

/// The catalog items whose applications this filler gets through submit's checks.
async fn usable_items(store: &Store) -> Vec<borderdesk_core::CatalogItem> {
    let mut usable = Vec::new();
    for item in store.catalog_most_asked(1000) {
        let draft = draft_for(&item, 0);
        let checked = item.check_answers(&draft.answers, today());
        if checked.is_ok() {
            usable.push(item);
        }
    }
    assert!(
        !usable.is_empty(),
        "no catalog item takes the test's answers"
    );
    usable
}

struct MalformedRow {
    kind: Malformed,
    mutation_id: Uuid,
    application_id: Uuid,
    tracking_number: String,
}

/// Writes a malformed `submit_application` straight into the outbox, sealed as the app seals
/// its outbox bodies: what an old or hostile app version would have left there.
async fn insert_malformed(
    store: &Store,
    key: &DeviceKey,
    kind: Malformed,
    n: u32,
    item: &borderdesk_core::CatalogItem,
) -> MalformedRow {
    let device = store.device().await.unwrap();
    let own = device.device_code;
    let other = DeviceCode::new(if own.0 == 49_999 { 49_998 } else { 49_999 }).unwrap();
    // Numbers far above the device's own sequence: never taken by a good application.
    let sequence = 900_000 + n;
    let mut application = Application {
        id: Uuid::now_v7(),
        tracking_number: TrackingNumber::issue(own, sequence).unwrap(),
        item_code: item.code.clone(),
        answers: draft_for(item, n as usize).answers,
        status: ApplicationStatus::Submitted,
        submitted_at: Utc::now(),
        assisted_by: None,
    };
    match kind {
        Malformed::Nul => {
            let first = application.answers.values_mut().next().unwrap();
            *first = format!("李\u{0}四{first}");
        }
        Malformed::OtherDevice => {
            application.tracking_number = TrackingNumber::issue(other, sequence).unwrap();
        }
        Malformed::EmptyItem => application.item_code = String::new(),
        Malformed::NoAnswers => application.answers.clear(),
        Malformed::NotSubmitted => application.status = ApplicationStatus::Accepted,
        Malformed::Unreadable => {}
    }
    let tracking_number = application.tracking_number.as_str().to_string();
    let application_id = application.id;
    let mut body = serde_json::to_value(MutationBody::SubmitApplication { application }).unwrap();
    if kind == Malformed::Unreadable {
        body["payload"]["application"]["tracking_number"] = serde_json::json!("12-34");
    }
    let mutation_id = Uuid::now_v7();
    let sealed = key
        .seal(body.to_string().as_bytes(), &mutation_id.to_string())
        .unwrap();
    sqlx::query(
        "INSERT INTO outbox (mutation_id, kind, record_id, body, created_at)
         VALUES (?, 'submit_application', ?, ?, ?)",
    )
    .bind(mutation_id.to_string())
    .bind(application_id.to_string())
    .bind(sealed)
    .bind(Utc::now().to_rfc3339())
    .execute(store.pool())
    .await
    .unwrap();
    MalformedRow {
        kind,
        mutation_id,
        application_id,
        tracking_number,
    }
}

async fn pending(store: &Store) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM outbox WHERE state = 'pending'")
        .fetch_one(store.pool())
        .await
        .unwrap()
}

/// Sums of what finished `borderdesk-ctl sync` rounds printed.
#[derive(Default)]
struct Moved {
    pushed: u64,
    duplicates: u64,
    rejected: u64,
}

impl Moved {
    fn add(&mut self, text: &str) {
        if let Some(line) = text.lines().find(|l| l.starts_with("pushed ")) {
            self.pushed += number_after_in(line, "pushed ");
            self.duplicates += number_after_in(line, "duplicates ");
            self.rejected += number_after_in(line, "rejected ");
        }
    }
}

fn number_after_in(text: &str, word: &str) -> u64 {
    text.split_once(word)
        .and_then(|(_, rest)| {
            rest.split(|c: char| !c.is_ascii_digit())
                .next()
                .and_then(|n| n.parse().ok())
        })
        .unwrap_or(0)
}

/// The test's folder: removed at the end unless kept.
enum KeptOrTemp {
    Kept(PathBuf),
    Temp(tempfile::TempDir),
}

impl KeptOrTemp {
    fn path(&self) -> &Path {
        match self {
            KeptOrTemp::Kept(p) => p,
            KeptOrTemp::Temp(t) => t.path(),
        }
    }
}

// ----- the test ----------------------------------------------------------------------------

#[derive(Default)]
struct Tally {
    sync_kills: AtomicU64,
    server_kills: AtomicU64,
    /// Server kills while the proxy was relaying a connection.
    server_kills_mid_request: AtomicU64,
}

fn fault_points(proxy: &FaultProxy, tally: &Tally) -> u64 {
    proxy.counts().injected()
        + tally.sync_kills.load(Ordering::SeqCst)
        + tally.server_kills.load(Ordering::SeqCst)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sync_delivers_everything_exactly_once_through_random_faults() {
    let began = Instant::now();
    let s = Settings::from_env();
    let malformed_names: Vec<&str> = s.malformed.iter().map(|m| m.name()).collect();
    println!(
        "fault test: seed {} ({} fault points, {} offline applications, malformed: [{}], fault phase at most {} s)\n\
         replay: BORDERDESK_FAULT_SEED={} BORDERDESK_FAULT_POINTS={} BORDERDESK_FAULT_APPLICATIONS={} BORDERDESK_FAULT_MALFORMED={}",
        s.seed,
        s.fault_points,
        s.applications,
        malformed_names.join(","),
        s.time_limit.as_secs(),
        s.seed,
        s.fault_points,
        s.applications,
        if malformed_names.is_empty() { "none".to_string() } else { malformed_names.join(",") },
    );
    let mut rng = StdRng::seed_from_u64(s.seed);

    let server_bin = binary(
        "borderdesk-server",
        "BORDERDESK_SERVER_BIN",
        &["core", "protocol", "i18n", "server"],
    );
    let ctl_bin = binary(
        "borderdesk-ctl",
        "BORDERDESK_CTL_BIN",
        &["core", "protocol", "i18n", "local", "ctl"],
    );
    let dir = tempfile::tempdir().unwrap();
    // BORDERDESK_FAULT_KEEP=1: the device database, key and server log stay for a look.
    let dir = if std::env::var_os("BORDERDESK_FAULT_KEEP").is_some_and(|v| v == "1") {
        let kept = dir.keep();
        println!("keeping {}", kept.display());
        KeptOrTemp::Kept(kept)
    } else {
        KeptOrTemp::Temp(dir)
    };
    let database_url = TestPostgres::shared().fresh_database().await;
    let server = Arc::new(tokio::sync::Mutex::new(ServerProcess::new(
        server_bin,
        database_url.clone(),
        ADMIN,
        dir.path().join("server.log"),
    )));
    let first_addr = server.lock().await.start(false).await;
    let proxy = Arc::new(
        FaultProxy::start(
            first_addr,
            s.seed ^ 0x9E37_79B9_7F4A_7C15,
            FaultPlan::default(),
        )
        .unwrap(),
    );

    // The device: enrolled through the proxy (faults off), then a day offline.
    let db = dir.path().join("device.sqlite");
    let key_path = dir.path().join("device.key");
    let store = Store::open_with_key(&db, &key_path).await.unwrap();
    let key = DeviceKey::load_or_create(&key_path).unwrap();
    let enrolled = sync::enroll(&store, &proxy.url(), ADMIN, "故障测试 自助机", SITE)
        .await
        .unwrap();
    let items = usable_items(&store).await;
    let mut malformed_at: BTreeMap<usize, Vec<Malformed>> = BTreeMap::new();
    for m in &s.malformed {
        malformed_at
            .entry(rng.gen_range(0..s.applications.max(1)))
            .or_default()
            .push(*m);
    }
    let mut malformed = Vec::new();
    let saving = Instant::now();
    for n in 0..s.applications {
        for m in malformed_at.get(&n).into_iter().flatten() {
            let row = insert_malformed(&store, &key, *m, malformed.len() as u32, &items[0]).await;
            malformed.push(row);
        }
        let item = &items[rng.gen_range(0..items.len())];
        store
            .submit_application(&draft_for(item, n), today())
            .await
            .unwrap();
    }
    println!(
        "saved {} applications offline ({} items) and {} malformed outbox entries in {:.1} s",
        s.applications,
        items.len(),
        malformed.len(),
        saving.elapsed().as_secs_f64()
    );

    let device = Device {
        ctl: ctl_bin,
        db: db.clone(),
        key: key_path.clone(),
    };
    let tally = Arc::new(Tally::default());
    let stop = Arc::new(AtomicBool::new(false));

    // The server dies now and then, and comes back on the same database.
    let killer = {
        let (server, proxy, tally, stop) =
            (server.clone(), proxy.clone(), tally.clone(), stop.clone());
        let mut rng = StdRng::seed_from_u64(s.seed ^ 0x5E4F_E12A);
        tokio::spawn(async move {
            while !stop.load(Ordering::SeqCst) {
                let wait = Duration::from_millis(rng.gen_range(300..3000));
                tokio::time::sleep(wait).await;
                if stop.load(Ordering::SeqCst) {
                    break;
                }
                let mut server = server.lock().await;
                let mid_request = proxy.open_connections() > 0;
                if server.kill() {
                    tally.server_kills.fetch_add(1, Ordering::SeqCst);
                    if mid_request {
                        tally
                            .server_kills_mid_request
                            .fetch_add(1, Ordering::SeqCst);
                    }
                }
                tokio::time::sleep(Duration::from_millis(rng.gen_range(0..400))).await;
                let addr = server.start(rng.gen_bool(0.5)).await;
                proxy.set_upstream(addr).unwrap();
            }
        })
    };

    // The kiosk keeps taking applications meanwhile.
    let live_cap = (s.applications / 2).max(s.fault_points as usize * 4);
    let submitter = {
        let (store, stop, items) = (store.clone(), stop.clone(), items.clone());
        let mut rng = StdRng::seed_from_u64(s.seed ^ 0xC0FF_EE00);
        tokio::spawn(async move {
            let mut made = 0usize;
            let mut failed = Vec::new();
            while !stop.load(Ordering::SeqCst) && made < live_cap {
                tokio::time::sleep(Duration::from_millis(rng.gen_range(10..120))).await;
                let item = &items[rng.gen_range(0..items.len())];
                match store
                    .submit_application(&draft_for(item, made), today())
                    .await
                {
                    Ok(_) => made += 1,
                    Err(e) => failed.push(format!("{e:?}")),
                }
            }
            (made, failed)
        })
    };

    // The fault phase: sync rounds, some killed at a random moment, until enough faults.
    proxy.set_faults(true);
    let fault_phase = Instant::now();
    let max_rounds = s.fault_points * 4 + 100;
    let mut rounds = 0u64;
    let mut ends: BTreeMap<RoundEnd, u64> = BTreeMap::new();
    let mut typical = 0.5f64;
    // What the rounds that ended said they moved ("pushed P (duplicates D, rejected R)"):
    // duplicates are answers to work the server had done for a round that never heard back.
    let mut moved = Moved::default();
    while fault_points(&proxy, &tally) < s.fault_points
        && fault_phase.elapsed() < s.time_limit
        && rounds < max_rounds
    {
        rounds += 1;
        let kill_after = rng
            .gen_bool(0.35)
            .then(|| Duration::from_secs_f64(rng.gen_range(0.0..typical * 1.3).max(0.005)));
        let (end, took, text) = device.sync(kill_after).await;
        moved.add(&text);
        if end == RoundEnd::Killed {
            tally.sync_kills.fetch_add(1, Ordering::SeqCst);
        } else {
            typical = 0.8 * typical + 0.2 * took.as_secs_f64();
        }
        *ends.entry(end).or_default() += 1;
    }
    let fault_phase_took = fault_phase.elapsed();
    stop.store(true, Ordering::SeqCst);
    killer.await.unwrap();
    let (live, submit_failures) = submitter.await.unwrap();
    proxy.set_faults(false);
    let faults = proxy.counts();
    let injected = fault_points(&proxy, &tally);

    // The clean phase: the line is good again; the outbox must drain.
    {
        let mut server = server.lock().await;
        if !server.is_running() {
            let addr = server.start(false).await;
            proxy.set_upstream(addr).unwrap();
        }
    }
    let clean = Instant::now();
    let mut clean_rounds = 0;
    let mut stuck = 0;
    let mut last_pending = pending(&store).await;
    let mut last_clean = (RoundEnd::Synced, String::new());
    while clean_rounds < 30 && clean.elapsed() < Duration::from_secs(90) {
        clean_rounds += 1;
        let (end, _, text) = device.sync(None).await;
        moved.add(&text);
        let now_pending = pending(&store).await;
        let done = end == RoundEnd::Synced && now_pending == 0;
        last_clean = (end, text);
        if done {
            break;
        }
        stuck = if now_pending >= last_pending {
            stuck + 1
        } else {
            0
        };
        last_pending = now_pending;
        if stuck >= 5 {
            break; // no progress in five rounds: wedged
        }
    }

    let sync_kills = tally.sync_kills.load(Ordering::SeqCst);
    let server_kills = tally.server_kills.load(Ordering::SeqCst);
    let FaultCounts {
        refused,
        delayed,
        cut,
        forwarded,
        upstream_down,
    } = faults;
    println!(
        "fault points injected: {injected} (target {}) in {:.1} s over {rounds} sync rounds:\n  \
         proxy refused {refused}, delayed {delayed}, cut after the work {cut} (forwarded {forwarded}; \
         {upstream_down} connections found the server down)\n  \
         sync process killed {sync_kills}, server killed {server_kills} ({} with a connection open; {} server starts)",
        s.fault_points,
        fault_phase_took.as_secs_f64(),
        tally.server_kills_mid_request.load(Ordering::SeqCst),
        server.lock().await.starts,
    );
    let ends_text: Vec<String> = ends
        .iter()
        .map(|(e, n)| match e {
            RoundEnd::Synced => format!("synced {n}"),
            RoundEnd::Killed => format!("killed {n}"),
            RoundEnd::Failed(c) => format!("failed [{c}] {n}"),
        })
        .collect();
    println!("  rounds: {}", ends_text.join(", "));
    println!(
        "  {live} applications taken during the faults; then {clean_rounds} clean round(s) in {:.1} s; \
         finished rounds reported {} applied, {} duplicates (replays of work whose answer was lost), {} rejected",
        clean.elapsed().as_secs_f64(),
        moved.pushed,
        moved.duplicates,
        moved.rejected
    );

    // ----- what must hold ----------------------------------------------------------------
    let mut problems: Vec<String> = Vec::new();
    if !submit_failures.is_empty() {
        problems.push(format!(
            "{} submits failed during the sync rounds, first: {}",
            submit_failures.len(),
            submit_failures[0]
        ));
    }
    if injected < s.fault_points / 2 {
        problems.push(format!(
            "only {injected} of {} fault points in {} s",
            s.fault_points,
            s.time_limit.as_secs()
        ));
    }

    let still_pending = pending(&store).await;
    if still_pending > 0 {
        let q = store.queue_state().await.unwrap();
        problems.push(format!(
            "{still_pending} outbox entries still pending after {clean_rounds} clean rounds (last error {:?}; last round {:?}: {})",
            q.last_error_code,
            last_clean.0,
            last_clean.1.trim()
        ));
    }

    // Every good application, exactly once.
    let on_device: Vec<(String, String, Option<String>)> =
        sqlx::query_as("SELECT id, tracking_number, sent_at FROM applications")
            .fetch_all(store.pool())
            .await
            .unwrap();
    let expected = s.applications + live;
    if on_device.len() != expected {
        problems.push(format!(
            "the device holds {} applications, {expected} were saved",
            on_device.len()
        ));
    }
    let unsent = on_device.iter().filter(|(_, _, s)| s.is_none()).count();
    if unsent > 0 {
        problems.push(format!(
            "{unsent} applications not marked sent on the device"
        ));
    }
    let pg = sqlx::PgPool::connect(&database_url).await.unwrap();
    let on_server: Vec<(Uuid, String, Uuid)> =
        sqlx::query_as("SELECT id, tracking_number, device_id FROM applications")
            .fetch_all(&pg)
            .await
            .unwrap();
    let mut by_id: HashMap<String, u32> = HashMap::new();
    let mut by_number: HashMap<&str, u32> = HashMap::new();
    for (id, tn, device_id) in &on_server {
        *by_id.entry(id.to_string()).or_default() += 1;
        *by_number.entry(tn.as_str()).or_default() += 1;
        if *device_id != enrolled.device_id {
            problems.push(format!(
                "application {id} on the server from another device"
            ));
        }
    }
    let server_pairs: HashMap<String, &str> = on_server
        .iter()
        .map(|(id, tn, _)| (id.to_string(), tn.as_str()))
        .collect();
    let mut missing = 0;
    let mut wrong_number = 0;
    for (id, tn, _) in &on_device {
        match server_pairs.get(id) {
            None => missing += 1,
            Some(n) if n != tn => wrong_number += 1,
            Some(_) => {}
        }
    }
    let twice_id = by_id.values().filter(|n| **n > 1).count();
    let twice_number = by_number.values().filter(|n| **n > 1).count();
    let device_ids: BTreeSet<&str> = on_device.iter().map(|(id, _, _)| id.as_str()).collect();
    let extra: Vec<&String> = by_id
        .keys()
        .filter(|id| !device_ids.contains(id.as_str()))
        .collect();
    println!(
        "server: {} applications for {} good ones on the device ({missing} missing, {} not the device's, \
         {twice_id} ids and {twice_number} tracking numbers more than once)",
        on_server.len(),
        on_device.len(),
        extra.len()
    );
    // On the server, but the device never heard so (its answer was lost): fine while the
    // entry still waits (the next push is answered "duplicate"), shown to read a failure.
    let unheard: Vec<i64> = {
        let mut seqs = Vec::new();
        for (id, _, sent) in &on_device {
            if sent.is_none() && server_pairs.contains_key(id) {
                let seq: Option<i64> =
                    sqlx::query_scalar("SELECT seq FROM outbox WHERE record_id = ?")
                        .bind(id)
                        .fetch_optional(store.pool())
                        .await
                        .unwrap();
                seqs.extend(seq);
            }
        }
        seqs.sort();
        seqs
    };
    if !unheard.is_empty() {
        println!(
            "{} applications are on the server but still wait on the device (outbox positions {}..={})",
            unheard.len(),
            unheard[0],
            unheard[unheard.len() - 1]
        );
    }
    if missing > 0 {
        problems.push(format!("{missing} good applications are not on the server"));
    }
    if wrong_number > 0 {
        problems.push(format!(
            "{wrong_number} applications have another tracking number on the server"
        ));
    }
    if twice_id > 0 || twice_number > 0 {
        problems.push(format!(
            "duplicates on the server: {twice_id} ids, {twice_number} tracking numbers"
        ));
    }

    // Every malformed one: refused, kept on the device for staff, not on the server.
    let mut rejected_codes = Vec::new();
    for m in &malformed {
        let row: Option<(String, Option<String>)> =
            sqlx::query_as("SELECT state, error_code FROM outbox WHERE mutation_id = ?")
                .bind(m.mutation_id.to_string())
                .fetch_optional(store.pool())
                .await
                .unwrap();
        let on_server_too = by_id.contains_key(&m.application_id.to_string())
            || by_number.contains_key(m.tracking_number.as_str());
        if on_server_too {
            problems.push(format!(
                "the malformed {} application is on the server",
                m.kind.name()
            ));
        }
        match row {
            Some((state, Some(code))) if state == "rejected" && !code.is_empty() => {
                rejected_codes.push(format!("{} [{code}]", m.kind.name()));
            }
            other => problems.push(format!(
                "the malformed {} entry is not rejected with a code (state, code: {other:?})",
                m.kind.name()
            )),
        }
    }
    for m in &malformed {
        let seq: Option<i64> = sqlx::query_scalar("SELECT seq FROM outbox WHERE mutation_id = ?")
            .bind(m.mutation_id.to_string())
            .fetch_optional(store.pool())
            .await
            .unwrap();
        if let Some(seq) = seq {
            print!("{} at outbox position {seq}; ", m.kind.name());
        }
    }
    if !malformed.is_empty() {
        println!();
        println!("malformed entries rejected: {}", rejected_codes.join(", "));
    }
    // Staff see them: `borderdesk-ctl status` counts them, and nothing waits.
    let status = std::process::Command::new(&device.ctl)
        .arg("--db")
        .arg(&db)
        .arg("status")
        .env("BORDERDESK_KEY_FILE", &key_path)
        .env("BORDERDESK_LANG", "en")
        .output()
        .unwrap();
    let status_text = String::from_utf8_lossy(&status.stdout).to_string();
    let outbox_line = status_text
        .lines()
        .find(|l| l.starts_with("outbox "))
        .unwrap_or("")
        .to_string();
    let want = format!("0 waiting, {} rejected", malformed.len());
    if !outbox_line.contains(&want) {
        problems.push(format!(
            "borderdesk-ctl status says {outbox_line:?}, expected {want:?}"
        ));
    }

    println!("took {:.1} s in all", began.elapsed().as_secs_f64());
    if !problems.is_empty() {
        let log = dir.path().join("server.log");
        panic!(
            "seed {} (replay with BORDERDESK_FAULT_SEED={}):\n- {}\nserver log, last lines:\n{}",
            s.seed,
            s.seed,
            problems.join("\n- "),
            tail(&log, 15)
        );
    }
    pg.close().await;
    store.close().await;
    drop(proxy);
    server.lock().await.kill();
}
