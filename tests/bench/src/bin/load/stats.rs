//! What a run saw: every request's latency by route, the answers by status, what the pushes
//! were answered, and the problems found on the way (a wrong outcome, an answer that does not
//! read). One lock for all of it: a few hundred requests a second do not contend on it.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::Duration;

use uuid::Uuid;

/// The routes under load.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Route {
    Pull,
    Push,
    Track,
    DeskQueue,
}

impl Route {
    pub const ALL: [Route; 4] = [Route::Pull, Route::Push, Route::Track, Route::DeskQueue];

    pub fn path(self) -> &'static str {
        match self {
            Route::Pull => "GET /v1/sync/pull",
            Route::Push => "POST /v1/sync/push",
            Route::Track => "POST /v1/sync/track",
            Route::DeskQueue => "GET /v1/desk/queue",
        }
    }
}

/// An application the server answered `applied`: what PostgreSQL must then hold.
#[derive(Debug, Clone)]
pub struct Applied {
    pub id: Uuid,
    pub tracking_number: String,
    pub device_id: Uuid,
}

/// Problems kept word for word; the rest are only counted.
const PROBLEMS_KEPT: usize = 10;

/// Everything seen, as figures.
#[derive(Debug, Default)]
pub struct Seen {
    /// Microseconds from send to the answer's last byte, per route (in `Route::ALL` order).
    micros: [Vec<u32>; 4],
    /// Answers per route and HTTP status; 0 is no answer at all (refused, reset, timed out).
    pub statuses: BTreeMap<(Route, u16), u64>,
    pub problems: Vec<String>,
    pub problem_count: u64,
    /// Pull rounds (each following `has_more` to the end) and the changes they brought.
    pub pull_rounds: u64,
    pub changes_pulled: u64,
    pub pushes: u64,
    /// Pushes that sent the device's previous batch again in front of the new one.
    pub replays: u64,
    pub applied: Vec<Applied>,
    /// Replayed mutations answered `duplicate`.
    pub duplicates: u64,
    /// Mutations of pushes that got no answer: applied or not, nobody knows.
    pub unanswered: u64,
    /// Lookups not made because no application was in yet.
    pub tracks_skipped: u64,
    /// How far behind its schedule a device or a clerk started an action, at worst.
    pub max_late: Duration,
}

impl Seen {
    pub fn requests(&self, route: Route) -> usize {
        self.micros[route as usize].len()
    }

    /// The `p`-quantile (0..=1) of a route's latency in milliseconds; None without requests.
    pub fn quantile_ms(&self, route: Route, p: f64) -> Option<f64> {
        let mut v = self.micros[route as usize].clone();
        if v.is_empty() {
            return None;
        }
        v.sort_unstable();
        let i = ((v.len() - 1) as f64 * p.clamp(0.0, 1.0)).round() as usize;
        Some(f64::from(v[i]) / 1000.0)
    }

    /// Answers that are no success, per route and status.
    pub fn errors(&self) -> impl Iterator<Item = (Route, u16, u64)> + '_ {
        self.statuses
            .iter()
            .filter(|((_, status), _)| !(200..300).contains(status))
            .map(|((route, status), n)| (*route, *status, *n))
    }

    /// Requests answered with a 5xx or not at all.
    pub fn failures(&self) -> u64 {
        self.errors()
            .filter(|(_, status, _)| *status == 0 || *status >= 500)
            .map(|(_, _, n)| n)
            .sum()
    }
}

/// Shared by every simulated device and clerk of a run.
#[derive(Debug, Default)]
pub struct Recorder {
    seen: Mutex<Seen>,
}

impl Recorder {
    pub fn request(&self, route: Route, status: u16, took: Duration) {
        let micros = u32::try_from(took.as_micros()).unwrap_or(u32::MAX);
        self.note(|s| {
            s.micros[route as usize].push(micros);
            *s.statuses.entry((route, status)).or_insert(0) += 1;
        });
    }

    pub fn problem(&self, text: String) {
        self.note(|s| {
            s.problem_count += 1;
            if s.problems.len() < PROBLEMS_KEPT {
                s.problems.push(text);
            }
        });
    }

    pub fn late(&self, by: Duration) {
        self.note(|s| s.max_late = s.max_late.max(by));
    }

    /// Changes the figures under the lock.
    pub fn note(&self, change: impl FnOnce(&mut Seen)) {
        change(&mut self.seen.lock().expect("recorder lock"));
    }

    /// Everything seen so far; the recorder starts again from nothing.
    pub fn take(&self) -> Seen {
        std::mem::take(&mut self.seen.lock().expect("recorder lock"))
    }
}
