//! Province scale (issue 17): a load generator that speaks the real protocol for N simulated
//! devices against the real `borderdesk-server` binary, run as a process of its own on a
//! fresh PostgreSQL database. Each device is enrolled with its own token, site and device
//! code; then each pulls every 30 s, pushes 1–5 applications every 2 minutes (one push in ten
//! sends its previous batch again, to check exactly-once), and looks an application up every
//! 5 minutes; a handful of clerks read their site's desk queue, about once per 50 devices per
//! minute. Reported per N: syncs per second offered and achieved, p50/p99/max latency per
//! route, errors by status, the server's CPU and memory, PostgreSQL's CPU and connections, and
//! the applications in PostgreSQL against what was pushed; then the largest N with every
//! route's p99 under 200 ms. The reference beside it: the same rows written by plain batched
//! INSERTs from 8 clients.
//!
//! The generator shares the machine with the server and PostgreSQL: its own CPU is printed
//! too, so that a run where it, and not the server, is the bottleneck shows as one.
//!
//!   cargo build --release -p borderdesk-server -p borderdesk-bench --bin borderdesk-server --bin load
//!   target/release/load --devices 500,2000,5000 --seconds 90
//!
//! `--check` (what `make test` runs, in a debug build) asserts correctness only, never
//! latency: it exits 1 when any request got a 5xx, no answer or any other error status, when a
//! pushed mutation was not answered `applied` (`duplicate` when replayed), or when the
//! applications in PostgreSQL are not exactly those pushed. It runs the schedule 10 times
//! faster (`--speed`) so that a short run replays batches and reaches every route.
//!
//!   cargo run -p borderdesk-bench --bin load -- --devices 50 --seconds 15 --check

// Beside this file, not in src/bin/ itself, where cargo would take each for a binary.
#[path = "load/citizen.rs"]
mod citizen;
#[path = "load/device.rs"]
mod device;
#[path = "load/reference.rs"]
mod reference;
#[path = "load/sample.rs"]
mod sample;
#[path = "load/server.rs"]
mod server;
#[path = "load/staff.rs"]
mod staff;
#[path = "load/stats.rs"]
mod stats;

use std::collections::HashMap;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use clap::Parser;
use sqlx::Connection;
use tokio::task::JoinSet;
use tokio::time::Instant;
use uuid::Uuid;

use device::{Ctx, Schedule};
use sample::{CpuClock, CpuUse, Peaks, Sampler};
use server::ServerProcess;
use stats::{Route, Seen};

const ADMIN: &str = "load-admin-token";
/// The target for every route.
const TARGET_P99_MS: f64 = 200.0;
/// The reference's clients, as the issue measured it.
const PLAIN_CLIENTS: usize = 8;

#[derive(Debug, Parser)]
#[command(
    name = "load",
    about = "N simulated devices against the real server: latency per route, CPU, memory, connections"
)]
struct Args {
    /// Fleet sizes to run, one fresh database and server each (comma-separated).
    #[arg(long, value_delimiter = ',', default_value = "500,2000,5000")]
    devices: Vec<usize>,
    /// Length of each run's window, in seconds.
    #[arg(long, default_value_t = 120)]
    seconds: u64,
    /// Correctness only, for `make test`: exit 1 on any error; no latency target. PostgreSQL
    /// does not sync to disk, and the schedule runs 10 times faster unless --speed says.
    #[arg(long)]
    check: bool,
    /// Runs every device's schedule this many times faster (1 is the schedule).
    #[arg(long)]
    speed: Option<f64>,
    /// The server's PostgreSQL pool (BORDERDESK_DB_CONNECTIONS).
    #[arg(long, default_value_t = 16)]
    db_connections: u32,
}

impl Args {
    fn speed(&self) -> f64 {
        self.speed
            .unwrap_or(if self.check { 10.0 } else { 1.0 })
            .max(0.01)
    }
}

fn main() -> ExitCode {
    let args = Args::parse();
    if !args.check {
        // Before the cluster starts: fsync on, as on a production server.
        std::env::set_var(borderdesk_testkit::DURABLE_ENV, "1");
    }
    let bin = match server::binary() {
        Ok(bin) => bin,
        Err(what) => {
            eprintln!("{what}");
            return ExitCode::from(2);
        }
    };
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    // The server is started from this thread (see `ServerProcess::start`).
    let failed = runtime.block_on(run_all(&args, &bin));
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// Every N, the reference, the summary. True when `--check` found something wrong.
async fn run_all(args: &Args, bin: &std::path::Path) -> bool {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "province scale: {} s per run, schedule x{}, {cores} cores shared by the server, PostgreSQL \
         (fsync {}) and this generator",
        args.seconds,
        args.speed(),
        if args.check { "off" } else { "on" },
    );
    let rows_each = if args.check { 1_000 } else { 12_500 };
    let plain = reference::plain_insert_rate(PLAIN_CLIENTS, rows_each).await;
    println!(
        "reference: plain batched INSERT (100 rows/statement) from {PLAIN_CLIENTS} clients: \
         {plain:.0} rows/s"
    );
    let mut failed = false;
    let mut held = Vec::new();
    for &n in &args.devices {
        let run = run_once(n, args, bin).await;
        run.print(plain);
        if run.holds_target() {
            held.push(n);
        }
        if args.check {
            let problems = run.check();
            for p in &problems {
                println!("  CHECK FAILED: {p}");
            }
            failed |= !problems.is_empty();
        }
    }
    match held.iter().max() {
        Some(n) => println!("largest N with every route's p99 under {TARGET_P99_MS} ms: {n}"),
        None => println!("largest N with every route's p99 under {TARGET_P99_MS} ms: none"),
    }
    if args.check {
        println!("check: {}", if failed { "FAILED" } else { "ok" });
    }
    failed
}

/// What one run of N devices measured.
struct Run {
    devices: usize,
    clerks: usize,
    speed: f64,
    seconds: u64,
    /// From the window's start until the last action ended.
    elapsed: Duration,
    enrolled_in: Duration,
    setup: Seen,
    seen: Seen,
    cpu: CpuUse,
    peaks: Peaks,
    hwm_kib: Option<u64>,
    stored: Stored,
    stopped_cleanly: bool,
}

/// Enrolls, logs clerks in, catches every device up, then runs the window and checks what
/// PostgreSQL holds. A fresh database and server process for every run.
async fn run_once(n: usize, args: &Args, bin: &std::path::Path) -> Run {
    let url = borderdesk_testkit::TestPostgres::shared()
        .fresh_database()
        .await;
    let env = [
        ("BORDERDESK_DB_CONNECTIONS", args.db_connections.to_string()),
        // Lookups come far below the default (60 per device in 10 minutes); a faster
        // schedule must not meet the limit either.
        ("BORDERDESK_LIMIT_TRACK_PER_DEVICE", "100000".to_string()),
    ];
    let server = ServerProcess::start(bin, &url, ADMIN, &env).await;
    let ctx = Arc::new(Ctx::new(http_client(), server.url.clone()));

    let t = Instant::now();
    let devices = device::enroll_all(&ctx, ADMIN, n).await;
    let enrolled_in = t.elapsed();
    let clerks = staff::log_in_clerks(&ctx, ADMIN, &devices).await;
    let devices = device::catch_up(&ctx, devices).await;
    let setup = ctx.seen.take();

    let speed = args.speed();
    let schedule = Schedule::new(
        Instant::now() + Duration::from_millis(500),
        args.seconds,
        speed,
    );
    let read_every = staff::read_every(n, speed);
    let clerk_count = clerks.len();
    let mut actors = JoinSet::new();
    for d in devices {
        actors.spawn(device::run(d, ctx.clone(), schedule));
    }
    for c in clerks {
        actors.spawn(staff::read_queue(c, ctx.clone(), schedule, read_every));
    }
    let postmaster = sample::postmaster_pid();
    let sampler = Sampler::start(server.pid(), &url).await;
    tokio::time::sleep_until(schedule.start).await;
    let before = CpuClock::now(server.pid(), postmaster);
    while let Some(done) = actors.join_next().await {
        done.expect("a device or clerk task");
    }
    let after = CpuClock::now(server.pid(), postmaster);
    let elapsed = schedule.start.elapsed();
    let peaks = sampler.finish().await;
    let hwm_kib = sample::memory_kib(server.pid(), "VmHWM");
    let seen = ctx.seen.take();
    let stored = Stored::read(&url, &seen).await;
    // The client's keep-alive connections go first, so that the server's graceful shutdown
    // has nothing to wait for.
    drop(ctx);
    let stopped_cleanly = server.stop().await;
    Run {
        devices: n,
        clerks: clerk_count,
        speed,
        seconds: args.seconds,
        elapsed,
        enrolled_in,
        setup,
        seen,
        cpu: after.since(&before),
        peaks,
        hwm_kib,
        stored,
        stopped_cleanly,
    }
}

/// One client for the whole fleet (HTTP/1.1, keep-alive pool), with the headers the app's
/// client sends on every request.
fn http_client() -> reqwest::Client {
    let version = env!("CARGO_PKG_VERSION");
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(
        borderdesk_protocol::APP_VERSION_HEADER,
        reqwest::header::HeaderValue::from_static(version),
    );
    reqwest::Client::builder()
        .connect_timeout(Duration::from_secs(5))
        .timeout(Duration::from_secs(30))
        .tcp_nodelay(true)
        .user_agent(format!("borderdesk/{version}"))
        .default_headers(headers)
        .build()
        .expect("an HTTP client")
}

/// What PostgreSQL holds after the window, against the applications answered `applied`.
#[derive(Debug, Default)]
struct Stored {
    applications: usize,
    /// Answered applied, not in the table.
    missing: usize,
    /// In the table, never answered applied (a push without an answer may explain some).
    unexpected: usize,
    /// In the table with another tracking number or device than pushed.
    mismatched: usize,
    mutations: i64,
}

impl Stored {
    async fn read(url: &str, seen: &Seen) -> Stored {
        let mut conn = sqlx::PgConnection::connect(url).await.expect("connect");
        let rows: Vec<(Uuid, String, Uuid)> =
            sqlx::query_as("SELECT id, tracking_number, device_id FROM applications")
                .fetch_all(&mut conn)
                .await
                .expect("applications");
        let mutations: i64 = sqlx::query_scalar("SELECT count(*) FROM applied_mutations")
            .fetch_one(&mut conn)
            .await
            .expect("applied mutations");
        let _ = conn.close().await;
        let held: HashMap<Uuid, (String, Uuid)> = rows
            .into_iter()
            .map(|(id, tn, dev)| (id, (tn, dev)))
            .collect();
        let mut stored = Stored {
            applications: held.len(),
            mutations,
            ..Stored::default()
        };
        for a in &seen.applied {
            match held.get(&a.id) {
                None => stored.missing += 1,
                Some((tn, dev)) if *tn != a.tracking_number || *dev != a.device_id => {
                    stored.mismatched += 1
                }
                Some(_) => {}
            }
        }
        stored.unexpected = (held.len() + stored.missing).saturating_sub(seen.applied.len());
        stored
    }
}

impl Run {
    fn secs(&self) -> f64 {
        self.elapsed.as_secs_f64().max(1e-9)
    }

    /// Per second, offered by the schedule: (pull rounds, pushes, lookups, queue reads).
    fn offered(&self) -> (f64, f64, f64, f64) {
        let n = self.devices as f64 * self.speed;
        (n / 30.0, n / 120.0, n / 300.0, n / 3000.0)
    }

    /// Every route's p99 under the target, and every request answered without a 5xx.
    fn holds_target(&self) -> bool {
        self.seen.failures() == 0
            && Route::ALL.iter().all(|r| {
                self.seen
                    .quantile_ms(*r, 0.99)
                    .is_none_or(|p99| p99 < TARGET_P99_MS)
            })
    }

    fn print(&self, plain: f64) {
        let s = &self.seen;
        let (pulls, pushes, tracks, reads) = self.offered();
        println!();
        println!(
            "== N = {} devices ({} sites, {} clerks), window {} s, schedule x{} ==",
            self.devices,
            device::site_count(self.devices),
            self.clerks,
            self.seconds,
            self.speed
        );
        println!(
            "  setup: enrolled in {:.1} s ({:.0}/s), not counted below",
            self.enrolled_in.as_secs_f64(),
            self.devices as f64 / self.enrolled_in.as_secs_f64().max(1e-9)
        );
        println!(
            "  syncs/s: offered {:.1}, achieved {:.1} ({} pull rounds, {} pushes of which {} replays; {} changes pulled)",
            pulls + pushes,
            (s.pull_rounds + s.pushes) as f64 / self.secs(),
            s.pull_rounds,
            s.pushes,
            s.replays,
            s.changes_pulled
        );
        println!(
            "  offered per s: {pulls:.1} pulls, {pushes:.1} pushes, {tracks:.2} lookups, {reads:.2} queue reads; \
             an action started at worst {:.0} ms late",
            s.max_late.as_secs_f64() * 1000.0
        );
        self.print_routes();
        self.print_machine();
        let rows = s.applied.len() as f64 / self.secs();
        println!(
            "  push rows/s: {rows:.1} (offered {:.1}); plain INSERT from {PLAIN_CLIENTS} clients: {plain:.0} rows/s",
            pushes * 3.0
        );
        let st = &self.stored;
        println!(
            "  applications: {} answered applied, {} in PostgreSQL (missing {}, unexpected {}, mismatched {}); \
             {} replayed answered duplicate; {} without an answer; {} mutation ids stored",
            s.applied.len(),
            st.applications,
            st.missing,
            st.unexpected,
            st.mismatched,
            s.duplicates,
            s.unanswered,
            st.mutations
        );
        for p in self.setup.problems.iter().chain(&s.problems) {
            println!("  problem: {p}");
        }
        if s.problem_count > s.problems.len() as u64 {
            println!("  … {} problems in all", s.problem_count);
        }
    }

    fn print_routes(&self) {
        let s = &self.seen;
        println!(
            "  {:<22} {:>8} {:>9} {:>9} {:>9}  errors",
            "route", "requests", "p50 ms", "p99 ms", "max ms"
        );
        let ms = |v: Option<f64>| v.map_or("-".to_string(), |v| format!("{v:.1}"));
        for route in Route::ALL {
            let errors: Vec<String> = s
                .errors()
                .filter(|(r, _, _)| *r == route)
                .map(|(_, status, n)| match status {
                    0 => format!("no answer x{n}"),
                    _ => format!("{status} x{n}"),
                })
                .collect();
            println!(
                "  {:<22} {:>8} {:>9} {:>9} {:>9}  {}",
                route.path(),
                s.requests(route),
                ms(s.quantile_ms(route, 0.5)),
                ms(s.quantile_ms(route, 0.99)),
                ms(s.quantile_ms(route, 1.0)),
                if errors.is_empty() {
                    "none".to_string()
                } else {
                    errors.join(", ")
                }
            );
        }
        if s.tracks_skipped > 0 {
            println!(
                "  ({} lookups not made: no application was in yet)",
                s.tracks_skipped
            );
        }
    }

    fn print_machine(&self) {
        let mib = |kib: u64| kib as f64 / 1024.0;
        println!(
            "  server: CPU {:.0}% of one core, RSS max {:.1} MiB (VmHWM {})",
            self.cpu.server,
            mib(self.peaks.rss_kib),
            self.hwm_kib
                .map_or("-".to_string(), |k| format!("{:.1} MiB", mib(k)))
        );
        println!(
            "  PostgreSQL: CPU {}, at most {} connections to the run's database ({} busy at one sample)",
            self.cpu
                .postgres
                .map_or("- (not our cluster)".to_string(), |p| format!(
                    "{p:.0}% of one core"
                )),
            self.peaks.connections,
            self.peaks.active
        );
        println!(
            "  machine: {:.0}% busy (all cores); this generator {:.0}% of one core",
            self.cpu.machine_busy, self.cpu.generator
        );
    }

    /// What `--check` finds wrong with this run; empty when all is right.
    fn check(&self) -> Vec<String> {
        let s = &self.seen;
        let mut problems = Vec::new();
        let setup_errors: u64 = self.setup.errors().map(|(_, _, n)| n).sum();
        if setup_errors > 0 || self.setup.problem_count > 0 {
            problems.push(format!(
                "{} failed requests while catching the devices up",
                setup_errors.max(self.setup.problem_count)
            ));
        }
        for (route, status, n) in s.errors() {
            problems.push(format!("{} answered {status} {n} times", route.path()));
        }
        if s.problem_count > 0 {
            problems.push(format!(
                "{} problems (wrong outcomes, answers that do not read)",
                s.problem_count
            ));
        }
        let st = &self.stored;
        if st.missing + st.unexpected + st.mismatched > 0 {
            problems.push(format!(
                "PostgreSQL holds {} applications, {} were answered applied",
                st.applications,
                s.applied.len()
            ));
        }
        if st.mutations != s.applied.len() as i64 {
            problems.push(format!(
                "{} mutation ids stored for {} applied mutations",
                st.mutations,
                s.applied.len()
            ));
        }
        if s.replays == 0 {
            problems.push("no push replayed a batch: run longer".into());
        }
        for route in Route::ALL {
            if s.requests(route) == 0 {
                problems.push(format!("{} was never asked: run longer", route.path()));
            }
        }
        if !self.stopped_cleanly {
            problems.push("the server did not stop cleanly on SIGTERM".into());
        }
        problems
    }
}
