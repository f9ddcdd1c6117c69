//! A simulated device: enrolled through the admin route as a real one is, with its own token,
//! site and device code, then on its own schedule: a pull round every 30 s (following
//! `has_more`), a push of 1–5 new applications every 2 minutes, a citizen's tracking lookup
//! every 5 minutes, each at a random phase so that the devices do not fire together. Now and
//! then a push carries the device's previous batch again in front of the new one, as after an
//! answer lost on the way: those must come back `duplicate` and be stored once.

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use borderdesk_core::TrackingNumber;
use borderdesk_protocol::{
    EnrollRequest, EnrollResponse, Mutation, MutationBody, Outcome, PushRequest, PushResponse,
    TrackRequest, TrackResponse, MAX_PULL_PAGE, PROTOCOL_HEADER, PROTOCOL_VERSION,
};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde::de::DeserializeOwned;
use tokio::task::JoinSet;
use tokio::time::Instant;
use uuid::Uuid;

use crate::citizen;
use crate::stats::{Applied, Recorder, Route};

/// Enrollments (and first pulls) in flight at once: enough to keep the server busy, few
/// enough not to queue on its pool.
const SETUP_AT_ONCE: usize = 32;
/// One push in this many sends the previous batch again.
const REPLAY_EVERY: u64 = 10;

/// When things happen: the window, and how often each device does what.
#[derive(Debug, Clone, Copy)]
pub struct Schedule {
    pub start: Instant,
    pub end: Instant,
    pub pull: Duration,
    pub push: Duration,
    pub track: Duration,
}

impl Schedule {
    /// The schedule (pull 30 s, push 2 min, lookup 5 min), `speed` times faster, for a
    /// window of `seconds` from `start`.
    pub fn new(start: Instant, seconds: u64, speed: f64) -> Self {
        let every = |s: f64| Duration::from_secs_f64(s / speed);
        Schedule {
            start,
            end: start + Duration::from_secs(seconds),
            pull: every(30.0),
            push: every(120.0),
            track: every(300.0),
        }
    }
}

/// What every device and clerk of a run shares.
#[derive(Debug)]
pub struct Ctx {
    pub http: reqwest::Client,
    /// The server's root URL.
    pub base: String,
    pub seen: Recorder,
    /// Applications in, by tracking number and the last four of the ID number: citizens look
    /// up applications taken at any kiosk.
    tracked: Mutex<Vec<(TrackingNumber, String)>>,
    pushes: AtomicU64,
    replays_owed: AtomicU64,
}

impl Ctx {
    pub fn new(http: reqwest::Client, base: String) -> Self {
        Ctx {
            http,
            base,
            seen: Recorder::default(),
            tracked: Mutex::new(Vec::new()),
            pushes: AtomicU64::new(0),
            replays_owed: AtomicU64::new(0),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Whether this push sends its previous batch again. Every `REPLAY_EVERY`th push owes a
    /// replay, paid by the next push that has a previous batch: so it is one in ten whatever
    /// the phases, once devices have pushed twice.
    fn replay_due(&self, has_previous: bool) -> bool {
        if self.pushes.fetch_add(1, Ordering::Relaxed) % REPLAY_EVERY == REPLAY_EVERY - 1 {
            self.replays_owed.fetch_add(1, Ordering::Relaxed);
        }
        has_previous
            && self
                .replays_owed
                .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| n.checked_sub(1))
                .is_ok()
    }

    fn pick_tracked(&self, rng: &mut impl Rng) -> Option<(TrackingNumber, String)> {
        let tracked = self.tracked.lock().expect("tracked lock");
        (!tracked.is_empty()).then(|| tracked[rng.gen_range(0..tracked.len())].clone())
    }

    /// Sends `req` and reads the whole answer, timed from send to its last byte; the answer
    /// read as `T` when it is a success. Anything else is recorded as a problem.
    pub async fn send<T: DeserializeOwned>(
        &self,
        route: Route,
        req: reqwest::RequestBuilder,
    ) -> Option<T> {
        let sent = std::time::Instant::now();
        let answer = async {
            let resp = req.send().await?;
            let status = resp.status();
            Ok::<_, reqwest::Error>((status, resp.bytes().await?))
        }
        .await;
        let took = sent.elapsed();
        match answer {
            Ok((status, body)) => {
                self.seen.request(route, status.as_u16(), took);
                if !status.is_success() {
                    let text = String::from_utf8_lossy(&body[..body.len().min(200)]).into_owned();
                    self.seen
                        .problem(format!("{}: {status}: {text}", route.path()));
                    return None;
                }
                match serde_json::from_slice(&body) {
                    Ok(value) => Some(value),
                    Err(e) => {
                        self.seen
                            .problem(format!("{}: the answer does not read: {e}", route.path()));
                        None
                    }
                }
            }
            Err(e) => {
                self.seen.request(route, 0, took);
                self.seen
                    .problem(format!("{}: no answer: {}", route.path(), e.without_url()));
                None
            }
        }
    }
}

/// A request as a device makes it: its bearer token and the protocol version it speaks (the
/// app version goes on every request of the client, as the app's does).
pub fn as_device(req: reqwest::RequestBuilder, token: &str) -> reqwest::RequestBuilder {
    req.bearer_auth(token)
        .header(PROTOCOL_HEADER, PROTOCOL_VERSION.to_string())
}

/// One simulated device.
#[derive(Debug)]
pub struct Device {
    pub index: usize,
    pub id: Uuid,
    pub token: String,
    pub code: u32,
    pub site: String,
    cursor: Option<String>,
    /// The last sequence its tracking numbers used.
    sequence: u32,
    last_batch: Vec<Mutation>,
    rng: StdRng,
}

/// About five devices per site, as in a county's halls: `site-0001` …
pub fn site_count(devices: usize) -> usize {
    (devices / 5).max(1)
}

fn site_of(index: usize, devices: usize) -> String {
    format!("site-{:04}", index % site_count(devices) + 1)
}

/// Enrolls `n` devices through `POST /v1/devices`, `SETUP_AT_ONCE` at a time.
pub async fn enroll_all(ctx: &Arc<Ctx>, admin: &str, n: usize) -> Vec<Device> {
    let next = Arc::new(AtomicUsize::new(0));
    let mut workers = JoinSet::new();
    for _ in 0..SETUP_AT_ONCE.min(n) {
        let (ctx, next, admin) = (ctx.clone(), next.clone(), admin.to_string());
        workers.spawn(async move {
            let mut mine = Vec::new();
            loop {
                let index = next.fetch_add(1, Ordering::Relaxed);
                if index >= n {
                    return mine;
                }
                mine.push(enroll(&ctx, &admin, index, n).await);
            }
        });
    }
    let mut devices: Vec<Device> = workers.join_all().await.into_iter().flatten().collect();
    devices.sort_by_key(|d| d.index);
    devices
}

async fn enroll(ctx: &Ctx, admin: &str, index: usize, n: usize) -> Device {
    let site = site_of(index, n);
    let request = EnrollRequest {
        name: format!("{site} 自助机 {index}"),
        site_id: site.clone(),
        provisional_code: None,
    };
    let resp = ctx
        .http
        .post(ctx.url("/v1/devices"))
        .bearer_auth(admin)
        .header(PROTOCOL_HEADER, PROTOCOL_VERSION.to_string())
        .json(&request)
        .send()
        .await
        .unwrap_or_else(|e| panic!("enrolling device {index}: no answer: {e}"));
    let status = resp.status();
    if !status.is_success() {
        let body = resp.text().await.unwrap_or_default();
        panic!("enrolling device {index}: {status}: {body}");
    }
    let enrolled: EnrollResponse = resp.json().await.expect("an enrollment answer");
    Device {
        index,
        id: enrolled.device_id,
        token: enrolled.device_token,
        code: enrolled.device_code,
        site: enrolled.site_id,
        cursor: None,
        sequence: 0,
        last_batch: Vec::new(),
        rng: StdRng::seed_from_u64(index as u64),
    }
}

/// Every device's first pull from the start of the feed, as after enrollment, so that the
/// pulls of the window start from a device's usual cursor.
pub async fn catch_up(ctx: &Arc<Ctx>, devices: Vec<Device>) -> Vec<Device> {
    let per_worker = devices.len().div_ceil(SETUP_AT_ONCE).max(1);
    let mut chunks = Vec::new();
    let mut rest = devices;
    while !rest.is_empty() {
        let tail = rest.split_off(per_worker.min(rest.len()));
        chunks.push(std::mem::replace(&mut rest, tail));
    }
    let mut workers = JoinSet::new();
    for mut chunk in chunks {
        let ctx = ctx.clone();
        workers.spawn(async move {
            for device in &mut chunk {
                pull_round(device, &ctx).await;
            }
            chunk
        });
    }
    let mut devices: Vec<Device> = workers.join_all().await.into_iter().flatten().collect();
    devices.sort_by_key(|d| d.index);
    devices
}

#[derive(Debug, Clone, Copy)]
enum Action {
    Pull,
    Push,
    Track,
}

/// The device's life during the window; it ends with the window (an action started before
/// the end finishes).
pub async fn run(mut device: Device, ctx: Arc<Ctx>, schedule: Schedule) {
    let every = [schedule.pull, schedule.push, schedule.track];
    let mut next = every.map(|e| schedule.start + e.mul_f64(device.rng.gen::<f64>()));
    loop {
        let (i, at) = next
            .iter()
            .copied()
            .enumerate()
            .min_by_key(|(_, at)| *at)
            .expect("three actions");
        if at >= schedule.end {
            return;
        }
        tokio::time::sleep_until(at).await;
        ctx.seen.late(at.elapsed());
        match [Action::Pull, Action::Push, Action::Track][i] {
            Action::Pull => pull_round(&mut device, &ctx).await,
            Action::Push => push(&mut device, &ctx).await,
            Action::Track => track(&mut device, &ctx).await,
        }
        next[i] += every[i];
    }
}

/// What the device reads of a pull page; the changes themselves are only counted.
#[derive(Debug, serde::Deserialize)]
struct PullPage {
    changes: Vec<serde::de::IgnoredAny>,
    cursor: String,
    has_more: bool,
}

/// Pulls from the device's cursor to the end of its feed, page by page.
async fn pull_round(device: &mut Device, ctx: &Ctx) {
    loop {
        let mut req = as_device(ctx.http.get(ctx.url("/v1/sync/pull")), &device.token)
            .query(&[("limit", MAX_PULL_PAGE)]);
        if let Some(cursor) = &device.cursor {
            req = req.query(&[("cursor", cursor)]);
        }
        let Some(page) = ctx.send::<PullPage>(Route::Pull, req).await else {
            return;
        };
        ctx.seen
            .note(|s| s.changes_pulled += page.changes.len() as u64);
        device.cursor = Some(page.cursor);
        if !page.has_more {
            ctx.seen.note(|s| s.pull_rounds += 1);
            return;
        }
    }
}

/// Pushes 1–5 new applications (behind the previous batch when a replay is due) and checks
/// every answer: new ones `applied`, replayed ones `duplicate`.
async fn push(device: &mut Device, ctx: &Ctx) {
    let fresh: Vec<Mutation> = (0..device.rng.gen_range(1..=5))
        .map(|_| submission(device))
        .collect();
    let replay = ctx.replay_due(!device.last_batch.is_empty());
    let mut mutations = if replay {
        std::mem::take(&mut device.last_batch)
    } else {
        Vec::new()
    };
    let replayed = mutations.len();
    mutations.extend(fresh.iter().cloned());
    let request = PushRequest {
        protocol: PROTOCOL_VERSION,
        mutations,
    };
    let req = as_device(ctx.http.post(ctx.url("/v1/sync/push")), &device.token).json(&request);
    let answer = ctx.send::<PushResponse>(Route::Push, req).await;
    ctx.seen.note(|s| {
        s.pushes += 1;
        s.replays += u64::from(replay);
    });
    match answer {
        Some(answer) => check_answers(device, ctx, &request.mutations, replayed, &answer),
        None => ctx.seen.note(|s| s.unanswered += fresh.len() as u64),
    }
    device.last_batch = fresh;
}

/// A new application as the device queues it.
fn submission(device: &mut Device) -> Mutation {
    device.sequence += 1;
    let application = citizen::application(device.code, device.sequence, &mut device.rng);
    Mutation {
        id: Uuid::now_v7(),
        body: MutationBody::SubmitApplication { application },
    }
}

/// One result per mutation, in order: the first `replayed` were sent before.
fn check_answers(
    device: &Device,
    ctx: &Ctx,
    sent: &[Mutation],
    replayed: usize,
    answer: &PushResponse,
) {
    if answer.results.len() != sent.len() {
        ctx.seen.problem(format!(
            "device {}: {} mutations pushed, {} results",
            device.code,
            sent.len(),
            answer.results.len()
        ));
    }
    for (i, (m, r)) in sent.iter().zip(&answer.results).enumerate() {
        let expected = if i < replayed {
            Outcome::Duplicate
        } else {
            Outcome::Applied
        };
        if r.id != m.id || r.outcome != expected {
            ctx.seen.problem(format!(
                "device {}: mutation {} answered {:?}, expected {expected:?}",
                device.code, m.id, r.outcome
            ));
            continue;
        }
        let MutationBody::SubmitApplication { application } = &m.body else {
            continue;
        };
        if i < replayed {
            ctx.seen.note(|s| s.duplicates += 1);
            continue;
        }
        ctx.tracked.lock().expect("tracked lock").push((
            application.tracking_number.clone(),
            citizen::id_last_four(application),
        ));
        ctx.seen.note(|s| {
            s.applied.push(Applied {
                id: application.id,
                tracking_number: application.tracking_number.as_str().to_string(),
                device_id: device.id,
            })
        });
    }
}

/// A citizen checks an application (taken at any kiosk) with the last four of the ID number.
async fn track(device: &mut Device, ctx: &Ctx) {
    let Some((number, id_last_four)) = ctx.pick_tracked(&mut device.rng) else {
        ctx.seen.note(|s| s.tracks_skipped += 1);
        return;
    };
    let req =
        as_device(ctx.http.post(ctx.url("/v1/sync/track")), &device.token).json(&TrackRequest {
            tracking_number: number.clone(),
            id_last_four,
        });
    if let Some(found) = ctx.send::<TrackResponse>(Route::Track, req).await {
        if found.tracking_number != number {
            ctx.seen.problem(format!(
                "looked up {number}, the server answered {}",
                found.tracking_number
            ));
        }
    }
}
