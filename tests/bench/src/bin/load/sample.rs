//! What the machine spent: CPU time of the server, of PostgreSQL (the postmaster and its
//! backends) and of this generator from `/proc/<pid>/stat`, the machine's busy share from
//! `/proc/stat`, the server's memory from `/proc/<pid>/status`, and PostgreSQL's connections
//! to the run's database, asked once a second.

use std::time::Duration;

use sqlx::Connection;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use tokio::time::Instant;

/// utime+stime of a process (its own) and cutime+cstime (of its children it reaped), in
/// clock ticks, and its parent.
#[derive(Debug, Clone, Copy, Default)]
struct ProcTimes {
    parent: u32,
    own: u64,
    reaped: u64,
}

fn proc_times(pid: &str) -> Option<ProcTimes> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name may hold spaces and parentheses: the fields start after the last ')'.
    let fields: Vec<&str> = stat.get(stat.rfind(')')? + 2..)?.split(' ').collect();
    // fields[0] is field 3 of proc(5): ppid is field 4, utime..cstime fields 14..17.
    let n = |i: usize| fields.get(i - 3)?.parse::<u64>().ok();
    Some(ProcTimes {
        parent: u32::try_from(n(4)?).ok()?,
        own: n(14)? + n(15)?,
        reaped: n(16)? + n(17)?,
    })
}

/// CPU ticks PostgreSQL spent so far: the postmaster, the backends it reaped, and the ones
/// alive now (a backend's ticks move into the postmaster's when it ends).
fn postgres_ticks(postmaster: u32) -> u64 {
    let Some(main) = proc_times(&postmaster.to_string()) else {
        return 0;
    };
    let alive: u64 = std::fs::read_dir("/proc")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|name| name.bytes().all(|b| b.is_ascii_digit()))
        .filter_map(|pid| proc_times(&pid))
        .filter(|t| t.parent == postmaster)
        .map(|t| t.own)
        .sum();
    main.own + main.reaped + alive
}

/// The pid of the test cluster's postmaster, when this process started the cluster.
pub fn postmaster_pid() -> Option<u32> {
    let dir = borderdesk_testkit::TestPostgres::shared().dir()?;
    let text = std::fs::read_to_string(dir.join("data").join("postmaster.pid")).ok()?;
    text.lines().next()?.trim().parse().ok()
}

/// Busy and total ticks of the whole machine (all cores).
fn machine_ticks() -> (u64, u64) {
    let stat = std::fs::read_to_string("/proc/stat").unwrap_or_default();
    let ticks: Vec<u64> = stat
        .lines()
        .next()
        .unwrap_or("")
        .split_whitespace()
        .skip(1)
        .filter_map(|t| t.parse().ok())
        .collect();
    let total: u64 = ticks.iter().sum();
    // idle and iowait are the 4th and 5th.
    let idle = ticks.get(3).copied().unwrap_or(0) + ticks.get(4).copied().unwrap_or(0);
    (total - idle, total)
}

/// CPU counters at one moment.
#[derive(Debug, Clone, Copy)]
pub struct CpuClock {
    at: Instant,
    server: u64,
    postgres: Option<u64>,
    generator: u64,
    machine: (u64, u64),
}

/// CPU used between two moments, in percent of one core (the machine's: of all cores).
#[derive(Debug, Clone, Copy, Default)]
pub struct CpuUse {
    pub server: f64,
    pub postgres: Option<f64>,
    pub generator: f64,
    pub machine_busy: f64,
}

impl CpuClock {
    pub fn now(server_pid: u32, postmaster: Option<u32>) -> Self {
        let own = |pid: &str| proc_times(pid).map(|t| t.own).unwrap_or(0);
        CpuClock {
            at: Instant::now(),
            server: own(&server_pid.to_string()),
            postgres: postmaster.map(postgres_ticks),
            generator: own("self"),
            machine: machine_ticks(),
        }
    }

    pub fn since(&self, earlier: &CpuClock) -> CpuUse {
        // SAFETY: sysconf only reads a constant of the system.
        let hz = unsafe { libc::sysconf(libc::_SC_CLK_TCK) }.max(1) as f64;
        let secs = (self.at - earlier.at).as_secs_f64().max(1e-9);
        let pct = |ticks: u64| 100.0 * ticks as f64 / hz / secs;
        let (busy, total) = (
            self.machine.0.saturating_sub(earlier.machine.0),
            self.machine.1.saturating_sub(earlier.machine.1),
        );
        CpuUse {
            server: pct(self.server.saturating_sub(earlier.server)),
            postgres: self
                .postgres
                .zip(earlier.postgres)
                .map(|(now, then)| pct(now.saturating_sub(then))),
            generator: pct(self.generator.saturating_sub(earlier.generator)),
            machine_busy: 100.0 * busy as f64 / total.max(1) as f64,
        }
    }
}

/// A line of `/proc/<pid>/status` in KiB (`VmRSS`, `VmHWM`).
pub fn memory_kib(pid: u32, field: &str) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix(field)?.strip_prefix(':'))?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

/// The peaks seen once a second.
#[derive(Debug, Clone, Copy, Default)]
pub struct Peaks {
    pub rss_kib: u64,
    pub connections: i64,
    /// Connections busy with a statement when sampled.
    pub active: i64,
}

/// Samples the server's RSS and PostgreSQL's connections to `database_url` once a second
/// until stopped.
#[derive(Debug)]
pub struct Sampler {
    stop: oneshot::Sender<()>,
    task: JoinHandle<Peaks>,
}

impl Sampler {
    pub async fn start(server_pid: u32, database_url: &str) -> Self {
        let mut conn = sqlx::PgConnection::connect(database_url)
            .await
            .expect("a connection for the sampler");
        let (stop, mut stopped) = oneshot::channel();
        let task = tokio::spawn(async move {
            let mut peaks = Peaks::default();
            loop {
                peaks.rss_kib = peaks
                    .rss_kib
                    .max(memory_kib(server_pid, "VmRSS").unwrap_or(0));
                // Every backend on the run's database but this one, and those running a
                // statement at that moment.
                let (open, active): (i64, i64) = sqlx::query_as(
                    "SELECT count(*), count(*) FILTER (WHERE state = 'active')
                       FROM pg_stat_activity
                      WHERE datname = current_database() AND pid <> pg_backend_pid()",
                )
                .fetch_one(&mut conn)
                .await
                .unwrap_or((0, 0));
                peaks.connections = peaks.connections.max(open);
                peaks.active = peaks.active.max(active);
                tokio::select! {
                    _ = &mut stopped => break,
                    _ = tokio::time::sleep(Duration::from_secs(1)) => {}
                }
            }
            let _ = conn.close().await;
            peaks
        });
        Sampler { stop, task }
    }

    pub async fn finish(self) -> Peaks {
        let _ = self.stop.send(());
        self.task.await.expect("the sampler")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn this_process_has_cpu_times_and_memory() {
        let me = proc_times("self").expect("own stat");
        assert!(me.parent > 0);
        assert!(memory_kib(std::process::id(), "VmRSS").unwrap() > 0);
        let (busy, total) = machine_ticks();
        assert!(total >= busy && total > 0);
    }
}
