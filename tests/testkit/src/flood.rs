//! A login flood for tests and benchmarks: many clients, each a device of its own, send wrong
//! staff passwords as fast as the server answers, while a prober asks `/healthz` every few
//! milliseconds and times each answer. What the hardening issue asks to hold: logins never
//! take the server's database connections from everyone else, so `/healthz` stays quick.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

/// What one flood saw.
#[derive(Debug, Default)]
pub struct LoginFlood {
    /// Login answers by HTTP status (0: no answer at all).
    pub logins: BTreeMap<u16, u64>,
    /// `/healthz` answers by HTTP status (0: no answer at all).
    pub healthz: BTreeMap<u16, u64>,
    /// Milliseconds each `/healthz` took, in the order asked.
    pub healthz_ms: Vec<f64>,
}

impl LoginFlood {
    /// The `p`-quantile (0..=1) of the `/healthz` times, in milliseconds.
    pub fn healthz_quantile(&self, p: f64) -> f64 {
        let mut v = self.healthz_ms.clone();
        if v.is_empty() {
            return f64::NAN;
        }
        v.sort_by(|a, b| a.total_cmp(b));
        v[((v.len() as f64 - 1.0) * p.clamp(0.0, 1.0)).round() as usize]
    }

    /// Answers with a status of 500 or more, or none at all.
    pub fn failures(&self) -> u64 {
        let bad = |m: &BTreeMap<u16, u64>| {
            m.iter()
                .filter(|(s, _)| **s == 0 || **s >= 500)
                .map(|(_, n)| n)
                .sum::<u64>()
        };
        bad(&self.logins) + bad(&self.healthz)
    }

    /// One line of figures for a test log or a benchmark report.
    pub fn summary(&self) -> String {
        format!(
            "{} logins {:?}; {} /healthz {:?}: p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
            self.logins.values().sum::<u64>(),
            self.logins,
            self.healthz_ms.len(),
            self.healthz,
            self.healthz_quantile(0.5),
            self.healthz_quantile(0.99),
            self.healthz_quantile(1.0),
        )
    }
}

/// Floods `base` (the server's root URL) for `duration`: one client per device token, each
/// sending logins for `user_name` and for names nobody has, with wrong passwords, one after
/// the other on its own connection. `protocol` is the protocol header every device sends.
pub async fn flood_logins(
    base: &str,
    device_tokens: &[String],
    user_name: &str,
    protocol: (&str, &str),
    duration: Duration,
) -> LoginFlood {
    let deadline = Instant::now() + duration;
    let mut clients = Vec::new();
    for (i, token) in device_tokens.iter().enumerate() {
        let (url, token) = (format!("{base}/v1/sync/staff/login"), token.clone());
        let (header, version) = (protocol.0.to_string(), protocol.1.to_string());
        let user_name = user_name.to_string();
        clients.push(tokio::spawn(async move {
            let http = reqwest::Client::new();
            let mut seen = BTreeMap::new();
            let mut n = 0u64;
            while Instant::now() < deadline {
                n += 1;
                // Every other try names nobody: unknown names cost the server as much.
                let name = if n.is_multiple_of(2) {
                    user_name.clone()
                } else {
                    format!("nobody-{i}-{n}")
                };
                let status = http
                    .post(&url)
                    .bearer_auth(&token)
                    .header(&header, &version)
                    .json(&serde_json::json!({ "user_name": name, "password": "wrong-password-1" }))
                    .timeout(Duration::from_secs(30))
                    .send()
                    .await
                    .map(|r| r.status().as_u16())
                    .unwrap_or(0);
                *seen.entry(status).or_insert(0u64) += 1;
            }
            seen
        }));
    }
    let http = reqwest::Client::new();
    let mut flood = LoginFlood::default();
    let healthz = format!("{base}/healthz");
    while Instant::now() < deadline {
        let asked = Instant::now();
        let status = http
            .get(&healthz)
            .timeout(Duration::from_secs(30))
            .send()
            .await
            .map(|r| r.status().as_u16())
            .unwrap_or(0);
        flood
            .healthz_ms
            .push(asked.elapsed().as_secs_f64() * 1000.0);
        *flood.healthz.entry(status).or_insert(0) += 1;
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    for client in clients {
        if let Ok(seen) = client.await {
            for (status, n) in seen {
                *flood.logins.entry(status).or_insert(0) += n;
            }
        }
    }
    flood
}
