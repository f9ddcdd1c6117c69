//! Booking contention: 1,000 booking pushes at once (100 enrolled devices × 10 attempts, one
//! tokio task and one loopback HTTP connection each) for 10 slots of one notary office, against
//! the real server on a PostgreSQL cluster that syncs to disk. Prints the wall time of each run
//! (all 1,000 answered; each on a connection opened beforehand), the confirmed count and the over-booking count, which must be 0.
//! Target: under 1 s. Run with `cargo bench -p borderdesk-bench --bench booking`.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use borderdesk_core::notary::{slots, NotaryOffice, NotaryReference, OpeningPeriod, WeeklyHours};
use borderdesk_core::{DeviceCode, TrackingNumber};
use borderdesk_protocol::{
    Booking, EnrollRequest, Mutation, MutationBody, Outcome, PushRequest, PushResponse,
    PROTOCOL_HEADER, PROTOCOL_VERSION,
};
mod common;
use chrono::{DateTime, Utc};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use uuid::Uuid;

const DEVICES: usize = 100;
const ATTEMPTS_PER_DEVICE: usize = 10;
const SLOTS: usize = 10;
const CAPACITY: u32 = 2;
const RUNS: usize = 3;
const LIMIT: Duration = Duration::from_secs(1);
const OFFICE: &str = "GZC-BENCH";
const SAMPLE: &str = include_str!("../../../crates/local/data/sample-notary.json");

/// An office open every day 08:30–17:00, 30-minute slots of `CAPACITY` seats.
fn reference() -> (NotaryReference, NotaryOffice) {
    let mut reference: NotaryReference = serde_json::from_str(SAMPLE).expect("sample");
    let mut office = reference.offices[0].clone();
    office.code = OFFICE.into();
    office.matters = reference.matters.iter().map(|m| m.code.clone()).collect();
    let day = vec![OpeningPeriod {
        start: "08:30".parse().expect("time"),
        end: "17:00".parse().expect("time"),
    }];
    let cal = &mut office.calendar;
    cal.weekly = WeeklyHours {
        monday: day.clone(),
        tuesday: day.clone(),
        wednesday: day.clone(),
        thursday: day.clone(),
        friday: day.clone(),
        saturday: day.clone(),
        sunday: day,
    };
    cal.slot_minutes = 30;
    cal.capacity_per_slot = CAPACITY;
    cal.buffer_before_minutes = 0;
    cal.buffer_after_minutes = 0;
    cal.min_notice_hours = 24;
    cal.horizon_days = 14;
    cal.holidays = Vec::new();
    cal.extra_workdays = Vec::new();
    reference.offices.push(office.clone());
    (reference, office)
}

/// A loopback connection to the server, opened before the clock starts (kiosks keep theirs
/// alive; a storm of 1,000 simultaneous connects would measure the kernel's accept queue).
async fn connect(addr: std::net::SocketAddr) -> tokio::net::TcpStream {
    let stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
    stream.set_nodelay(true).expect("nodelay");
    stream
}

/// One POST over its own open connection; the answer's body.
async fn post(
    mut stream: tokio::net::TcpStream,
    addr: std::net::SocketAddr,
    token: &str,
    body: &str,
) -> String {
    let request = format!(
        "POST /v1/sync/push HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\n\
         {PROTOCOL_HEADER}: {PROTOCOL_VERSION}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream
        .write_all(request.as_bytes())
        .await
        .expect("write request");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await.expect("read answer");
    let text = String::from_utf8(raw).expect("utf-8 answer");
    let (head, rest) = text.split_once("\r\n\r\n").expect("http answer");
    assert!(
        head.starts_with("HTTP/1.1 200"),
        "push failed: {head}\n{rest}"
    );
    if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        dechunk(rest)
    } else {
        rest.to_string()
    }
}

fn dechunk(mut rest: &str) -> String {
    let mut out = String::new();
    loop {
        let (size, tail) = rest.split_once("\r\n").expect("chunk size");
        let size = usize::from_str_radix(size.trim(), 16).expect("hex chunk size");
        if size == 0 {
            return out;
        }
        out.push_str(&tail[..size]);
        rest = &tail[size + 2..];
    }
}

struct Figures {
    secs: f64,
    confirmed: usize,
    slot_taken: usize,
    other: usize,
    overbooked: i64,
}

async fn run() -> Figures {
    let server = common::server().await;
    let pool = server.pool().clone();
    let (reference, office) = reference();
    borderdesk_server::import_notary(&pool, &reference)
        .await
        .expect("import");
    let now = Utc::now();
    let wanted: Vec<DateTime<Utc>> = slots(&office.calendar, now + chrono::TimeDelta::days(2), now)
        .into_iter()
        .take(SLOTS)
        .map(|s| s.start.with_timezone(&Utc))
        .collect();
    let mut devices = Vec::with_capacity(DEVICES);
    for i in 0..DEVICES {
        let r = borderdesk_server::enroll(
            &pool,
            &EnrollRequest {
                name: format!("bench kiosk {i}"),
                site_id: format!("bench-site-{}", i % 10),
                provisional_code: None,
            },
        )
        .await
        .expect("enroll");
        devices.push(r);
    }
    // Every request body made before the clock starts.
    let mut requests = Vec::with_capacity(DEVICES * ATTEMPTS_PER_DEVICE);
    for (d, dev) in devices.iter().enumerate() {
        for a in 0..ATTEMPTS_PER_DEVICE {
            let id = Uuid::now_v7();
            let booking = Booking {
                id,
                office_code: OFFICE.into(),
                matter_code: "GZ-QSGX".into(),
                slot_start: wanted[(d + a) % SLOTS],
                tracking_number: TrackingNumber::issue(DeviceCode(dev.device_code), a as u32 + 1)
                    .expect("tracking number"),
                cancel_code_hash: borderdesk_server::cancel_code_hash(id, "123456"),
                made_at: now,
                phone: None,
                applicant_id_number: None,
                family_phone: None,
                family_consent_at: None,
            };
            let body = serde_json::to_string(&PushRequest {
                protocol: PROTOCOL_VERSION,
                mutations: vec![Mutation {
                    id: Uuid::now_v7(),
                    body: MutationBody::BookSlot { booking },
                }],
            })
            .expect("json");
            requests.push((dev.device_token.clone(), body));
        }
    }
    // Open the server's database connections before timing.
    let mut warm = Vec::new();
    for _ in 0..16 {
        let pool = pool.clone();
        warm.push(tokio::spawn(async move {
            sqlx::query("SELECT pg_sleep(0.01)")
                .execute(&pool)
                .await
                .expect("warm")
        }));
    }
    for w in warm {
        w.await.expect("warm task");
    }

    let addr = server.addr;
    let mut streams = Vec::with_capacity(requests.len());
    for _ in 0..requests.len() {
        streams.push(connect(addr).await);
    }
    let start = Instant::now();
    let tasks: Vec<_> = requests
        .into_iter()
        .zip(streams)
        .map(|((token, body), stream)| {
            tokio::spawn(async move { post(stream, addr, &token, &body).await })
        })
        .collect();
    let mut answers = Vec::with_capacity(tasks.len());
    for t in tasks {
        answers.push(t.await.expect("task"));
    }
    let secs = start.elapsed().as_secs_f64();

    let (mut confirmed, mut slot_taken, mut other) = (0, 0, 0);
    for a in answers {
        let r: PushResponse = serde_json::from_str(&a).expect("push response");
        match &r.results[0].outcome {
            Outcome::Applied => confirmed += 1,
            Outcome::SlotTaken { .. } => slot_taken += 1,
            _ => other += 1,
        }
    }
    let rows = borderdesk_server::booking::seat_counts(&pool, OFFICE)
        .await
        .expect("seats");
    let per_slot: HashMap<DateTime<Utc>, i64> = rows.iter().map(|r| (r.0, r.3)).collect();
    let overbooked: i64 = rows
        .iter()
        .map(|(_, capacity, taken, booked)| {
            (booked - i64::from(*capacity)).max(0) + i64::from(*taken - *capacity).max(0)
        })
        .sum();
    let in_db: i64 = per_slot.values().sum();
    assert_eq!(in_db, confirmed as i64, "answers and database disagree");
    server.shutdown().await;
    Figures {
        secs,
        confirmed,
        slot_taken,
        other,
        overbooked,
    }
}

fn main() {
    // `cargo bench` passes --bench; nothing to parse. The cluster syncs to disk, as a
    // production server does.
    std::env::set_var(borderdesk_testkit::DURABLE_ENV, "1");
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    rt.block_on(async {
        let attempts = DEVICES * ATTEMPTS_PER_DEVICE;
        let mut times = Vec::new();
        let mut failed = false;
        for n in 1..=RUNS {
            let f = run().await;
            println!(
                "booking run {n}: {attempts} concurrent attempts on {SLOTS} slots × {CAPACITY} seats \
                 decided in {:.3} s ({:.0}/s): {} confirmed, {} slot_taken, {} other, over-booked {}",
                f.secs,
                attempts as f64 / f.secs,
                f.confirmed,
                f.slot_taken,
                f.other,
                f.overbooked
            );
            failed |= f.overbooked != 0 || f.confirmed != SLOTS * CAPACITY as usize;
            times.push(f.secs);
        }
        times.sort_by(|a, b| a.total_cmp(b));
        let median = times[times.len() / 2];
        let ok = median < LIMIT.as_secs_f64() && !failed;
        println!(
            "booking: median {median:.3} s for {attempts} attempts (target < {:.1} s, 0 over-booked): {}",
            LIMIT.as_secs_f64(),
            if ok { "PASS" } else { "FAIL" }
        );
        if !ok {
            std::process::exit(1);
        }
    });
}
