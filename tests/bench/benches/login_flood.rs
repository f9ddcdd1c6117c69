//! `/healthz` while 24 clients flood staff logins: each client is an enrolled device (half of
//! them kiosks of the clerk's own site) sending wrong passwords back to back, for 10 s
//! (`BORDERDESK_FLOOD_SECONDS`), against the real server (release build) on a PostgreSQL
//! cluster that syncs to disk. Prints the logins answered by status and the `/healthz`
//! latency (p50, p99, max; asked every 20 ms). Target: p99 under 100 ms. The short version
//! with its assertions runs in `make test` (crates/server/tests/staff.rs).
//! Run with `cargo bench -p borderdesk-bench --bench login_flood`.

use std::time::Duration;

use borderdesk_core::staff::Role;
use borderdesk_protocol::{CreateStaffRequest, EnrollRequest, PROTOCOL_HEADER, PROTOCOL_VERSION};
use borderdesk_testkit::TestPostgres;

const CLIENTS: usize = 24;
const TARGET_MS: f64 = 100.0;

#[tokio::main]
async fn main() {
    std::env::set_var(borderdesk_testkit::DURABLE_ENV, "1");
    let url = TestPostgres::shared().fresh_database().await;
    let server = borderdesk_server::start(borderdesk_server::Config {
        database_url: url,
        listen: "127.0.0.1:0".parse().expect("addr"),
        admin_token: "bench-admin".into(),
    })
    .await
    .expect("server");
    let pool = server.pool().clone();
    borderdesk_server::staff::create_staff(
        &pool,
        &CreateStaffRequest {
            user_name: "chen".into(),
            display_name: "陈".into(),
            role: Role::Clerk,
            site_id: "site-a".into(),
            office_code: None,
            password: "correct horse 7".into(),
        },
    )
    .await
    .expect("clerk");
    let mut tokens = Vec::with_capacity(CLIENTS);
    for i in 0..CLIENTS {
        let device = borderdesk_server::enroll(
            &pool,
            &EnrollRequest {
                name: format!("flood kiosk {i}"),
                site_id: if i % 2 == 0 { "site-a" } else { "site-b" }.into(),
                provisional_code: None,
            },
        )
        .await
        .expect("enroll");
        tokens.push(device.device_token);
    }
    let seconds = std::env::var("BORDERDESK_FLOOD_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10);
    let flood = borderdesk_testkit::flood::flood_logins(
        &format!("http://{}", server.addr),
        &tokens,
        "chen",
        (PROTOCOL_HEADER, &PROTOCOL_VERSION.to_string()),
        Duration::from_secs(seconds),
    )
    .await;
    let p99 = flood.healthz_quantile(0.99);
    println!(
        "login flood, {CLIENTS} clients for {seconds} s: {}",
        flood.summary()
    );
    println!(
        "/healthz p99 {p99:.1} ms (target under {TARGET_MS} ms): {}; answers of 5xx or none: {}",
        if p99 < TARGET_MS { "met" } else { "MISSED" },
        flood.failures()
    );
    server.shutdown().await;
}
