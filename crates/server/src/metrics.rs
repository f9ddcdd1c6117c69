//! `GET /metrics` in Prometheus' text exposition format (version 0.0.4), written by hand:
//! counters of this process (requests by route template and status, their durations, push
//! outcomes, pulls, SMS failures) and gauges read from PostgreSQL at scrape time under a
//! short timeout (feed horizon lag, SMS queue depth, devices seen in the last hour).
//!
//! Labels are route templates (`/v1/admin/applications/{tracking_number}`), status codes
//! and outcome names: never a raw path, a token or anything a person typed.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{ConnectInfo, MatchedPath, Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use borderdesk_protocol::Outcome;
use sqlx::PgPool;

use crate::{AppState, ServerError};

/// Upper bounds of the duration histogram's buckets, in seconds.
pub const BUCKETS: [f64; 12] = [
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
];

/// How long a scrape waits for each gauge read from the database.
pub const GAUGE_TIMEOUT: Duration = Duration::from_secs(2);

/// The route label of a request that matched no route.
pub const UNMATCHED: &str = "unmatched";

/// Push outcomes, in the order they are written.
const OUTCOMES: [&str; 5] = ["applied", "duplicate", "rejected", "conflict", "slot_taken"];

#[derive(Debug, Default, Clone)]
struct Histogram {
    /// Per bucket (not cumulative); the last one is `+Inf`.
    buckets: [u64; BUCKETS.len() + 1],
    sum: f64,
    count: u64,
}

impl Histogram {
    fn observe(&mut self, seconds: f64) {
        let i = BUCKETS
            .iter()
            .position(|b| seconds <= *b)
            .unwrap_or(BUCKETS.len());
        self.buckets[i] += 1;
        self.sum += seconds;
        self.count += 1;
    }
}

#[derive(Debug, Default)]
struct Http {
    requests: BTreeMap<(String, u16), u64>,
    durations: BTreeMap<String, Histogram>,
}

/// The counters of one server.
#[derive(Debug, Default)]
pub struct Metrics {
    http: Mutex<Http>,
    outcomes: [AtomicU64; OUTCOMES.len()],
    pulls: AtomicU64,
    sms_failures: AtomicU64,
}

impl Metrics {
    pub fn new() -> Arc<Self> {
        Arc::new(Self::default())
    }

    /// One answered request.
    pub fn request(&self, route: &str, status: u16, took: Duration) {
        let Ok(mut http) = self.http.lock() else {
            return;
        };
        *http
            .requests
            .entry((route.to_string(), status))
            .or_default() += 1;
        http.durations
            .entry(route.to_string())
            .or_default()
            .observe(took.as_secs_f64());
    }

    /// The outcomes a push answered.
    pub fn push_outcomes<'a>(&self, outcomes: impl IntoIterator<Item = &'a Outcome>) {
        for o in outcomes {
            let i = match o {
                Outcome::Applied => 0,
                Outcome::Duplicate => 1,
                Outcome::Rejected { .. } => 2,
                Outcome::Conflict { .. } => 3,
                Outcome::SlotTaken { .. } => 4,
            };
            self.outcomes[i].fetch_add(1, Ordering::Relaxed);
        }
    }

    /// One pull answered.
    pub fn pull(&self) {
        self.pulls.fetch_add(1, Ordering::Relaxed);
    }

    /// SMS sends that failed (passingly or for good).
    pub fn sms_failures(&self, n: u64) {
        self.sms_failures.fetch_add(n, Ordering::Relaxed);
    }

    /// The counters, in the exposition format.
    fn write_counters(&self, out: &mut String) {
        let http = match self.http.lock() {
            Ok(h) => h,
            Err(poisoned) => poisoned.into_inner(),
        };
        out.push_str("# HELP borderdesk_http_requests_total HTTP requests answered, by route template and status.\n");
        out.push_str("# TYPE borderdesk_http_requests_total counter\n");
        for ((route, status), n) in &http.requests {
            let _ = writeln!(
                out,
                "borderdesk_http_requests_total{{route=\"{}\",status=\"{status}\"}} {n}",
                escape(route)
            );
        }
        out.push_str("# HELP borderdesk_http_request_duration_seconds Time to answer a request, by route template.\n");
        out.push_str("# TYPE borderdesk_http_request_duration_seconds histogram\n");
        for (route, h) in &http.durations {
            let route = escape(route);
            let mut cumulative = 0;
            for (i, bound) in BUCKETS.iter().enumerate() {
                cumulative += h.buckets[i];
                let _ = writeln!(
                    out,
                    "borderdesk_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"{bound}\"}} {cumulative}"
                );
            }
            let _ = writeln!(
                out,
                "borderdesk_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"+Inf\"}} {}",
                h.count
            );
            let _ = writeln!(
                out,
                "borderdesk_http_request_duration_seconds_sum{{route=\"{route}\"}} {}",
                h.sum
            );
            let _ = writeln!(
                out,
                "borderdesk_http_request_duration_seconds_count{{route=\"{route}\"}} {}",
                h.count
            );
        }
        drop(http);
        out.push_str(
            "# HELP borderdesk_push_mutations_total Pushed mutations answered, by outcome.\n",
        );
        out.push_str("# TYPE borderdesk_push_mutations_total counter\n");
        for (name, n) in OUTCOMES.iter().zip(&self.outcomes) {
            let _ = writeln!(
                out,
                "borderdesk_push_mutations_total{{outcome=\"{name}\"}} {}",
                n.load(Ordering::Relaxed)
            );
        }
        out.push_str("# HELP borderdesk_pulls_total Pulls answered.\n");
        out.push_str("# TYPE borderdesk_pulls_total counter\n");
        let _ = writeln!(
            out,
            "borderdesk_pulls_total {}",
            self.pulls.load(Ordering::Relaxed)
        );
        out.push_str("# HELP borderdesk_sms_failures_total SMS sends that failed in this process (retried or given up).\n");
        out.push_str("# TYPE borderdesk_sms_failures_total counter\n");
        let _ = writeln!(
            out,
            "borderdesk_sms_failures_total {}",
            self.sms_failures.load(Ordering::Relaxed)
        );
    }
}

/// A label value as the format wants it.
fn escape(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

/// Counts every request by its route template, status and duration.
pub async fn track(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_string())
        .unwrap_or_else(|| UNMATCHED.to_string());
    let started = Instant::now();
    let response = next.run(request).await;
    state
        .metrics
        .request(&route, response.status().as_u16(), started.elapsed());
    response
}

/// One gauge read from the database, or nothing when it takes longer than [`GAUGE_TIMEOUT`].
async fn gauge(pool: &PgPool, sql: &str) -> Option<f64> {
    let read = sqlx::query_scalar::<_, f64>(sql).fetch_one(pool);
    match tokio::time::timeout(GAUGE_TIMEOUT, read).await {
        Ok(Ok(v)) => Some(v),
        Ok(Err(e)) => {
            tracing::warn!(error = %e, "metrics: a gauge could not be read");
            None
        }
        Err(_) => {
            tracing::warn!("metrics: a gauge took too long to read");
            None
        }
    }
}

/// The gauges read from the database; a gauge that cannot be read is left out (and
/// `borderdesk_metrics_gauge_errors` counts it).
async fn write_gauges(pool: &PgPool, out: &mut String) {
    let gauges: [(&str, &str, &str); 3] = [
        (
            "borderdesk_feed_horizon_lag_seconds",
            "Seconds the oldest open writer holds the change feed's horizon back (0 when none).",
            "SELECT COALESCE(EXTRACT(EPOCH FROM now() - oldest_writer_started), 0)::float8
             FROM feed_horizon()",
        ),
        (
            "borderdesk_sms_queue_depth",
            "SMS planned and not sent yet.",
            "SELECT count(*)::float8 FROM sms_outbox WHERE status = 'queued'",
        ),
        (
            "borderdesk_devices_seen_last_hour",
            "Devices that reported their health (every sync round does) in the last hour.",
            // One row per device: cheap at any age of the county's feed.
            "SELECT count(*)::float8 FROM device_health
             WHERE received_at > now() - interval '1 hour'",
        ),
    ];
    let mut errors = 0;
    for (name, help, sql) in gauges {
        match gauge(pool, sql).await {
            Some(v) => {
                let _ = writeln!(
                    out,
                    "# HELP {name} {help}\n# TYPE {name} gauge\n{name} {}",
                    v.max(0.0)
                );
            }
            None => errors += 1,
        }
    }
    out.push_str("# HELP borderdesk_metrics_gauge_errors Gauges this scrape could not read from the database.\n");
    out.push_str("# TYPE borderdesk_metrics_gauge_errors gauge\n");
    let _ = writeln!(out, "borderdesk_metrics_gauge_errors {errors}");
}

/// Who may scrape: a client on this machine, or one with the admin or the metrics token.
fn may_scrape(
    admin_token: &str,
    metrics_token: Option<&str>,
    peer: Option<std::net::SocketAddr>,
    headers: &HeaderMap,
) -> bool {
    if peer.is_some_and(|p| p.ip().is_loopback()) {
        return true;
    }
    let Some(token) = crate::extract::bearer(headers) else {
        return false;
    };
    let same = |secret: &str| {
        !secret.is_empty() && crate::extract::constant_time_eq(token.as_bytes(), secret.as_bytes())
    };
    same(admin_token) || metrics_token.is_some_and(same)
}

/// The metrics of this server.
#[utoipa::path(get, path = "/metrics", tag = "ops",
    security((), ("admin_token" = [])),
    responses((status = 200, content_type = "text/plain", body = String,
                description = "Prometheus text exposition format 0.0.4; from loopback, or with the admin token or the metrics token"),
              (status = 401, body = borderdesk_protocol::ErrorBody)))]
pub async fn metrics(
    State(state): State<AppState>,
    request: Request,
) -> Result<Response, ServerError> {
    let peer = request
        .extensions()
        .get::<ConnectInfo<std::net::SocketAddr>>()
        .map(|c| c.0);
    if !may_scrape(
        &state.admin_token,
        state.metrics_token.as_deref(),
        peer,
        request.headers(),
    ) {
        return Err(ServerError::Unauthorized);
    }
    let mut out = String::with_capacity(8 * 1024);
    state.metrics.write_counters(&mut out);
    write_gauges(&state.pool, &mut out).await;
    Ok((
        StatusCode::OK,
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        out,
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_histogram_counts_each_duration_in_its_bucket_and_all_above() {
        let m = Metrics::default();
        m.request("/healthz", 200, Duration::from_millis(3));
        m.request("/healthz", 200, Duration::from_millis(300));
        m.request("/healthz", 503, Duration::from_secs(60));
        let mut out = String::new();
        m.write_counters(&mut out);
        assert!(
            out.contains("borderdesk_http_requests_total{route=\"/healthz\",status=\"200\"} 2\n")
        );
        assert!(
            out.contains("borderdesk_http_requests_total{route=\"/healthz\",status=\"503\"} 1\n")
        );
        assert!(out.contains("_bucket{route=\"/healthz\",le=\"0.005\"} 1\n"));
        assert!(out.contains("_bucket{route=\"/healthz\",le=\"0.25\"} 1\n"));
        assert!(out.contains("_bucket{route=\"/healthz\",le=\"0.5\"} 2\n"));
        assert!(out.contains("_bucket{route=\"/healthz\",le=\"30\"} 2\n"));
        assert!(out.contains("_bucket{route=\"/healthz\",le=\"+Inf\"} 3\n"));
        assert!(
            out.contains("borderdesk_http_request_duration_seconds_count{route=\"/healthz\"} 3\n")
        );
    }

    #[test]
    fn outcomes_are_counted_by_name() {
        let m = Metrics::default();
        m.push_outcomes(&[
            Outcome::Applied,
            Outcome::Applied,
            Outcome::Rejected {
                code: "x".into(),
                message: "y".into(),
            },
        ]);
        let mut out = String::new();
        m.write_counters(&mut out);
        assert!(out.contains("borderdesk_push_mutations_total{outcome=\"applied\"} 2\n"));
        assert!(out.contains("borderdesk_push_mutations_total{outcome=\"rejected\"} 1\n"));
        assert!(out.contains("borderdesk_push_mutations_total{outcome=\"duplicate\"} 0\n"));
    }

    #[test]
    fn only_loopback_or_a_token_may_scrape() {
        let bearer = |t: &str| {
            let mut h = HeaderMap::new();
            h.insert(
                header::AUTHORIZATION,
                format!("Bearer {t}").parse().unwrap(),
            );
            h
        };
        let local = Some("127.0.0.1:5000".parse().unwrap());
        let remote = Some("10.1.2.3:5000".parse().unwrap());
        let none = HeaderMap::new();
        assert!(may_scrape("admin", None, local, &none));
        assert!(!may_scrape("admin", None, remote, &none));
        assert!(!may_scrape("admin", None, None, &none));
        assert!(may_scrape("admin", None, remote, &bearer("admin")));
        assert!(!may_scrape("admin", None, remote, &bearer("wrong")));
        assert!(may_scrape("admin", Some("prom"), remote, &bearer("prom")));
        assert!(!may_scrape("", None, remote, &bearer("")));
    }

    #[test]
    fn label_values_are_escaped() {
        assert_eq!(escape("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
    }
}
