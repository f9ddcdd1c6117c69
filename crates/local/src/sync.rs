//! The sync client: pushes the outbox to the server and pulls the change feed, whenever the
//! server answers. A background task retries with exponential backoff and jitter while it
//! does not, and wakes at once when something new is saved.

use std::sync::Arc;
use std::time::Duration;

use borderdesk_protocol::{
    codes, AttachmentState, AttachmentUpload, ClaimedDraft, DraftClaim, DraftUpload, EnrollRequest,
    EnrollResponse, ErrorBody, MutationResult, Outcome, PullResponse, PushResponse,
    SiteKeyResponse, SlotAvailability, TrackRequest, TrackResponse, MAX_PULL_PAGE, PROTOCOL_HEADER,
    PROTOCOL_VERSION,
};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use tokio::sync::{watch, Mutex};
use ts_rs::TS;

use crate::error::{LocalError, Result};
use crate::lan::LanKey;
use crate::resume::{ResumedDraft, ServerDraft};
use crate::store::{OutgoingMutation, Store, TrackedApplication};

/// How many mutations one push carries (the server takes up to 1000).
pub const PUSH_BATCH: u32 = 1000;
/// Wait between syncs while all is well.
pub const IDLE_INTERVAL: Duration = Duration::from_secs(30);
/// How many rounds a mutation may fail on its own with a server error (500: the server is
/// up, and this mutation fails there) before it is set aside for staff, so that it stops
/// holding up what comes after it. `BORDERDESK_SET_ASIDE_AFTER` sets it.
pub const SET_ASIDE_AFTER: u32 = 5;
const BACKOFF_BASE: Duration = Duration::from_secs(1);
const BACKOFF_CAP: Duration = Duration::from_secs(300);

/// What the status line shows.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SyncStatus {
    pub enrolled: bool,
    /// The last attempt reached the server.
    pub online: bool,
    pub last_synced_at: Option<DateTime<Utc>>,
    /// Outbox entries waiting to be sent.
    pub waiting: u32,
    /// Entries the server refused for good (staff look at them).
    pub rejected: u32,
    /// Files of saved applications not yet held by the server.
    pub files_waiting: u32,
    /// Applications, bookings and legal aid requests not yet all with the server (a change or
    /// a file): what people are shown as "waiting to send", wherever they see it.
    pub records_waiting: u32,
    pub last_error_code: Option<String>,
    /// The county requires a newer app before this device sends more (`min_app_version`):
    /// the work waits for the update, which comes by itself.
    pub update_needed: bool,
}

/// What one round did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyncReport {
    pub pushed: u32,
    pub duplicates: u32,
    pub rejected: u32,
    pub pulled: u32,
    pub reset: bool,
    /// Files the server now holds whole.
    pub files_uploaded: u32,
    /// Bytes of file content sent this round.
    pub bytes_uploaded: u64,
}

#[derive(Clone)]
pub struct SyncClient {
    store: Store,
    http: reqwest::Client,
    // One round at a time: the background task and "sync now" must not interleave.
    round: Arc<Mutex<()>>,
    status: Arc<watch::Sender<SyncStatus>>,
    set_aside_after: u32,
    /// Where the health report reads the printer's state (`lpstat`, or canned in tests).
    printer: Arc<dyn crate::health::PrinterProbe>,
}

/// The county's own certificate authority (a PEM file), for a server whose certificate no
/// public authority signed; trusted besides the public ones.
pub const SERVER_CA_ENV: &str = "BORDERDESK_SERVER_CA_FILE";

fn county_ca() -> Option<reqwest::Certificate> {
    let path = std::env::var_os(SERVER_CA_ENV).filter(|p| !p.is_empty())?;
    match std::fs::read(&path).map(|pem| reqwest::Certificate::from_pem(&pem)) {
        Ok(Ok(ca)) => Some(ca),
        Ok(Err(e)) => {
            tracing::warn!(path = %std::path::Path::new(&path).display(), error = %e, "server_ca_file is not a PEM certificate");
            None
        }
        Err(e) => {
            tracing::warn!(path = %std::path::Path::new(&path).display(), error = %e, "server_ca_file cannot be read");
            None
        }
    }
}

fn http_client() -> reqwest::Client {
    http_client_with(Duration::from_secs(60))
}

/// The device's HTTP client: its version on every request, the county's CA if it has one.
pub(crate) fn http_client_with(timeout: Duration) -> reqwest::Client {
    let version = crate::health::app_version();
    let mut headers = reqwest::header::HeaderMap::new();
    // Every request says which app sends it, so that a county can require an update first.
    if let Ok(value) = reqwest::header::HeaderValue::from_str(version) {
        headers.insert(borderdesk_protocol::APP_VERSION_HEADER, value);
    }
    let mut builder = reqwest::Client::builder()
        .connect_timeout(Duration::from_secs(5))
        .timeout(timeout)
        .user_agent(format!("borderdesk/{version}"))
        .default_headers(headers);
    if let Some(ca) = county_ca() {
        builder = builder.add_root_certificate(ca);
    }
    builder.build().unwrap_or_default()
}

/// A spawned task that ends when its handle is dropped.
struct AbortOnDrop<T>(tokio::task::JoinHandle<T>);

impl<T> Drop for AbortOnDrop<T> {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// Turns a non-success answer into an error with the server's code.
pub(crate) async fn server_error(resp: reqwest::Response) -> LocalError {
    let status = resp.status().as_u16();
    let code = match resp.json::<ErrorBody>().await {
        Ok(body) => body.code,
        Err(_) if status >= 500 => codes::INTERNAL.to_string(),
        Err(_) => "error-server-error".to_string(),
    };
    LocalError::Server { status, code }
}

pub(crate) fn unreachable(e: reqwest::Error) -> LocalError {
    LocalError::Unreachable(e.without_url().to_string())
}

/// A request as a device makes it: its bearer token and the protocol version it speaks.
fn as_device(req: reqwest::RequestBuilder, token: &str) -> reqwest::RequestBuilder {
    req.bearer_auth(token)
        .header(PROTOCOL_HEADER, PROTOCOL_VERSION.to_string())
}

/// Sends a request and reads its JSON answer, or the server's error code.
pub(crate) async fn answer<T: serde::de::DeserializeOwned>(
    req: reqwest::RequestBuilder,
) -> Result<T> {
    let resp = req.send().await.map_err(unreachable)?;
    if !resp.status().is_success() {
        return Err(server_error(resp).await);
    }
    resp.json().await.map_err(unreachable)
}

/// Most pages a staff screen follows a list for: twenty of the largest pages the server gives
/// is more than a desk works through in a day; past that the screen shows what it has.
pub const MAX_PAGES: usize = 20;

/// Rows asked for per page; the server gives at most its `BORDERDESK_PAGE_MAX`.
pub const PAGE_LIMIT: u32 = 200;

/// A page of a list route that says where the next one starts.
pub(crate) trait Paged: Sized {
    /// The cursor of the rest, if any.
    fn next_mut(&mut self) -> &mut Option<String>;
    /// Adds the rows of a later page after this one's.
    fn append(&mut self, later: Self);
}

macro_rules! paged {
    ($($ty:ty => $rows:ident),* $(,)?) => {$(
        impl Paged for $ty {
            fn next_mut(&mut self) -> &mut Option<String> {
                &mut self.next
            }
            fn append(&mut self, later: Self) {
                self.$rows.extend(later.$rows);
            }
        }
    )*};
}

paged!(
    borderdesk_protocol::NotaryDay => bookings,
    borderdesk_protocol::SmsReport => messages,
    borderdesk_protocol::LegalAidQueue => items,
    borderdesk_protocol::DeskQueue => entries,
);

impl<T> Paged for borderdesk_protocol::Page<T> {
    fn next_mut(&mut self) -> &mut Option<String> {
        &mut self.next
    }
    fn append(&mut self, later: Self) {
        self.items.extend(later.items);
    }
}

/// A list route read to its end: `req`, then `req` with `after` set to each page's `next`,
/// for at most `max_pages` pages. The rows come in the server's order; `next` is left set
/// only when more rows were there than that many pages hold.
pub(crate) async fn all_pages<P: Paged + serde::de::DeserializeOwned>(
    req: reqwest::RequestBuilder,
    max_pages: usize,
) -> Result<P> {
    let limit = PAGE_LIMIT.to_string();
    let again = || {
        req.try_clone()
            .map(|r| r.query(&[("limit", limit.as_str())]))
            .ok_or_else(|| LocalError::Unreachable("a list request cannot be repeated".into()))
    };
    let mut all: P = answer(again()?).await?;
    for _ in 1..max_pages {
        let Some(after) = all.next_mut().take() else {
            break;
        };
        let mut page: P = answer(again()?.query(&[("after", after.as_str())])).await?;
        let rest = page.next_mut().take();
        all.append(page);
        *all.next_mut() = rest;
    }
    Ok(all)
}

/// The admin token goes out and the device's token comes back at enrollment: over https,
/// or plain http to this machine only (a server on loopback, behind a local TLS proxy).
pub fn check_enrollment_url(server_url: &str) -> Result<()> {
    let url = reqwest::Url::parse(server_url.trim()).map_err(|_| LocalError::ServerNotHttps)?;
    let host = url.host_str().unwrap_or("");
    let host = host.trim_start_matches('[').trim_end_matches(']');
    let loopback = host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback());
    match url.scheme() {
        "https" => Ok(()),
        "http" if loopback => Ok(()),
        _ => Err(LocalError::ServerNotHttps),
    }
}

/// Asks a server to enroll this device (admin token needed) and saves the answer.
pub async fn enroll(
    store: &Store,
    server_url: &str,
    admin_token: &str,
    name: &str,
    site_id: &str,
) -> Result<EnrollResponse> {
    let provisional = provisional_code(store).await?;
    let request = |r: reqwest::RequestBuilder| {
        r.bearer_auth(admin_token).json(&EnrollRequest {
            name: name.into(),
            site_id: site_id.into(),
            provisional_code: provisional,
        })
    };
    post_enrollment(store, server_url, "/v1/devices", request).await
}

/// Enrolls this device with a one-time code an admin made in the county console (typed, or
/// the text of its QR code, which also names the server): no admin token on the device.
pub async fn enroll_with_code(
    store: &Store,
    server_url: Option<&str>,
    code: &str,
) -> Result<EnrollResponse> {
    let (code, from_ticket) = borderdesk_core::enrollment::read_ticket(code)?;
    let server_url = server_url
        .map(str::to_string)
        .or(from_ticket)
        .ok_or(LocalError::ServerUrlMissing)?;
    let provisional = provisional_code(store).await?;
    let request = |r: reqwest::RequestBuilder| {
        r.json(&borderdesk_protocol::RedeemEnrollmentRequest {
            code: code.grouped(),
            provisional_code: provisional,
        })
    };
    post_enrollment(store, &server_url, "/v1/devices/enroll", request).await
}

/// The provisional code this device already numbered with, which the server keeps if free.
async fn provisional_code(store: &Store) -> Result<Option<u32>> {
    let device = store.device().await?;
    Ok(device
        .device_code
        .is_provisional()
        .then_some(device.device_code.0))
}

/// Sends an enrollment request (over https, or to this machine) and saves the answer.
async fn post_enrollment(
    store: &Store,
    server_url: &str,
    path: &str,
    request: impl FnOnce(reqwest::RequestBuilder) -> reqwest::RequestBuilder,
) -> Result<EnrollResponse> {
    check_enrollment_url(server_url)?;
    let resp = request(
        http_client()
            .post(format!("{}{path}", server_url.trim_end_matches('/')))
            .header(PROTOCOL_HEADER, PROTOCOL_VERSION.to_string()),
    )
    .send()
    .await
    .map_err(unreachable)?;
    if !resp.status().is_success() {
        return Err(server_error(resp).await);
    }
    let enrolled: EnrollResponse = resp.json().await.map_err(unreachable)?;
    store.save_enrollment(server_url, &enrolled).await?;
    Ok(enrolled)
}

impl SyncClient {
    pub fn new(store: Store) -> Self {
        let (tx, _rx) = watch::channel(SyncStatus::default());
        Self {
            store,
            http: http_client(),
            round: Arc::new(Mutex::new(())),
            status: Arc::new(tx),
            set_aside_after: std::env::var("BORDERDESK_SET_ASIDE_AFTER")
                .ok()
                .and_then(|v| v.trim().parse().ok())
                .filter(|n| *n > 0)
                .unwrap_or(SET_ASIDE_AFTER),
            printer: Arc::new(crate::health::Lpstat),
        }
    }

    /// Reads the printer's state for the health report from `probe` instead of `lpstat`.
    pub fn with_printer(mut self, probe: Arc<dyn crate::health::PrinterProbe>) -> Self {
        self.printer = probe;
        self
    }

    /// Sets after how many failed rounds alone a mutation is set aside (see [`SET_ASIDE_AFTER`]).
    pub fn set_aside_after(mut self, rounds: u32) -> Self {
        self.set_aside_after = rounds.max(1);
        self
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Follows the status line as it changes.
    pub fn subscribe(&self) -> watch::Receiver<SyncStatus> {
        self.status.subscribe()
    }

    /// The status now, read from the store (the online flag from the last attempt).
    pub async fn status(&self) -> Result<SyncStatus> {
        let online = self.status.borrow().online;
        self.read_status(online).await
    }

    async fn read_status(&self, online: bool) -> Result<SyncStatus> {
        let device = self.store.device().await?;
        let q = self.store.queue_state().await?;
        Ok(SyncStatus {
            enrolled: device.enrolled(),
            online: online && device.enrolled(),
            last_synced_at: q.last_synced_at,
            waiting: q.waiting,
            rejected: q.rejected,
            files_waiting: self.store.files_waiting().await?,
            records_waiting: self.store.records_waiting().await?,
            update_needed: q.last_error_code.as_deref() == Some(codes::APP_VERSION_OLD),
            last_error_code: q.last_error_code,
        })
    }

    async fn publish(&self, online: bool) {
        if let Ok(s) = self.read_status(online).await {
            self.status.send_replace(s);
        }
    }

    /// Tells the status line that something was saved (the count of waiting items moved).
    pub async fn refresh(&self) {
        let online = self.status.borrow().online;
        self.publish(online).await;
    }

    /// One full round: push everything waiting, then pull until the feed is drained.
    pub async fn sync_once(&self) -> Result<SyncReport> {
        let _round = self.round.lock().await;
        let result = self.round_inner().await;
        match &result {
            Ok(_) => {
                self.store.mark_synced().await?;
                self.publish(true).await;
            }
            Err(e) => {
                let online = matches!(e, LocalError::Server { status, .. } if *status < 500);
                self.store.record_sync_error(Some(e.code())).await?;
                tracing::warn!(code = e.code(), "sync round failed");
                self.publish(online).await;
            }
        }
        result
    }

    async fn round_inner(&self) -> Result<SyncReport> {
        let device = self.store.device().await?;
        let (Some(url), Some(token)) = (device.server_url, device.device_token) else {
            return Err(LocalError::NotEnrolled);
        };
        let url = url.trim_end_matches('/').to_string();
        let mut report = SyncReport::default();
        // A failed push never stops the pull: what the server sends (statuses, reference
        // data, decisions) still reaches the device. Only a server that cannot be reached
        // ends the round at once.
        let pushed = self.push_all(&url, &token, &mut report).await;
        if let Err(e @ LocalError::Unreachable(_)) = pushed {
            return Err(e);
        }
        // Files after their applications: the server takes a file only for an application
        // it holds, and a person's application should not wait behind their scans.
        let uploaded = match pushed {
            Ok(()) => self.upload_all(&url, &token, &mut report).await,
            Err(_) => Ok(()),
        };
        let drafts = self.send_drafts(&url, &token).await;
        let pulled = self.pull_all(&url, &token, &mut report).await;
        // The health report goes whatever the pull did (a failed pull is worth reporting),
        // unless the server cannot be reached at all; it never fails the round.
        if !matches!(pulled, Err(LocalError::Unreachable(_))) {
            let offset = pulled.as_ref().ok().copied().flatten();
            if let Err(e) = self.send_health(&url, &token, offset).await {
                tracing::warn!(code = e.code(), "the health report was not sent");
            }
        }
        pulled?;
        if let Err(e) = self.fetch_lan_key(&url, &token).await {
            // The records' sync never waits on it (nor does the status line go offline for
            // it): calls go through the server meanwhile, and the next round asks again.
            tracing::warn!(code = e.code(), "the site's LAN key was not fetched");
        }
        pushed?;
        uploaded?;
        drafts?;
        Ok(report)
    }

    /// Tells the server how this device is (no personal data): see [`DeviceHealth`]. A server
    /// from before health reports answers 404: nothing to report to, nothing wrong.
    ///
    /// [`DeviceHealth`]: borderdesk_protocol::DeviceHealth
    async fn send_health(
        &self,
        url: &str,
        token: &str,
        clock_offset_ms: Option<i64>,
    ) -> Result<()> {
        let printer = crate::health::printer_state(self.printer.clone()).await;
        let health = self.store.health(printer, clock_offset_ms).await?;
        let req = as_device(self.http.post(format!("{url}/v1/sync/health")), token)
            .json(&health)
            .timeout(Duration::from_secs(10));
        let resp = req.send().await.map_err(unreachable)?;
        match resp.status() {
            s if s.is_success() => Ok(()),
            reqwest::StatusCode::NOT_FOUND => Ok(()),
            _ => Err(server_error(resp).await),
        }
    }

    /// Device clock minus the server's (ms), which also proves the server takes this device:
    /// one page of the feed from where this device is, read and not applied
    /// (`borderdesk-ctl doctor`).
    pub async fn measure_clock(&self) -> Result<i64> {
        let device = self.store.device().await?;
        let (Some(url), Some(token)) = (device.server_url, device.device_token) else {
            return Err(LocalError::NotEnrolled);
        };
        let url = url.trim_end_matches('/').to_string();
        let cursor = self.store.queue_state().await?.cursor;
        let sent = Utc::now();
        let mut req = as_device(self.http.get(format!("{url}/v1/sync/pull")), &token)
            .query(&[("limit", 1)])
            .timeout(Duration::from_secs(10));
        if let Some(c) = cursor.as_deref() {
            req = req.query(&[("cursor", c)]);
        }
        let page: PullResponse = answer(req).await?;
        Ok(clock_offset_ms(sent, Utc::now(), page.server_time))
    }

    /// Asks the server for the site's LAN key when this device has none (it was enrolled
    /// before there were LAN keys, or by a server without them): until then its calls for
    /// help go through the server only.
    async fn fetch_lan_key(&self, url: &str, token: &str) -> Result<()> {
        if self.store.lan_key().await?.is_some() {
            return Ok(());
        }
        let req = as_device(self.http.get(format!("{url}/v1/sync/site-key")), token);
        let got: SiteKeyResponse = match answer(req).await {
            Ok(got) => got,
            // A server from before LAN keys: nothing to fetch, nothing wrong.
            Err(LocalError::Server { status: 404, .. }) => return Ok(()),
            Err(e) => return Err(e),
        };
        let device = self.store.device().await?;
        if device.site_id.as_deref() != Some(got.site_id.as_str()) {
            // The desks listen for this device's own site; another site's key is of no use.
            tracing::warn!("the server's LAN key is for another site; not kept");
            return Ok(());
        }
        self.store
            .set_lan_key(&LanKey::from_hex(&got.lan_key)?)
            .await?;
        tracing::info!("the site's LAN key is kept: calls for help can go over the LAN");
        Ok(())
    }

    /// Pushes the whole outbox in batches, in outbox order: the next batch, push it, write down
    /// its answers, again; nothing after a batch is sent before its answers are kept, so a
    /// cancel never overtakes its booking and the server decides bookings and requests in
    /// outbox order. (A pipeline with two batches on the wire measured no gain on a 2-core
    /// device: writing the answers down takes as long as the server applying them.)
    async fn push_all(&self, url: &str, token: &str, report: &mut SyncReport) -> Result<()> {
        // A kiosk drops personal data as the server confirms it; the write-ahead log is
        // emptied of the old pages once, after the last batch (also when a batch failed).
        let mut dropped = false;
        let pushed = self.push_batches(url, token, report, &mut dropped).await;
        if dropped {
            self.store.flush_forgotten().await?;
        }
        pushed
    }

    async fn push_batches(
        &self,
        url: &str,
        token: &str,
        report: &mut SyncReport,
        dropped: &mut bool,
    ) -> Result<()> {
        // Bookings the server could not seat, with the nearest free slots it offered.
        let mut alternatives_of = Vec::new();
        let mut after = 0;
        loop {
            let entries = self.store.outgoing_after(after, PUSH_BATCH).await?;
            let Some(last) = entries.last() else {
                break;
            };
            after = last.seq;
            let (results, error) = self.push_resolving(url, token, entries).await;
            let mut answered = Vec::with_capacity(results.len());
            for r in results {
                match r.outcome {
                    Outcome::Applied => {
                        report.pushed += 1;
                        answered.push((r.id, Ok(())));
                    }
                    Outcome::Duplicate => {
                        report.duplicates += 1;
                        answered.push((r.id, Ok(())));
                    }
                    // A booking the server could not seat is decided, not pending: it leaves
                    // the queue; its alternatives come back through the feed.
                    Outcome::SlotTaken {
                        code, alternatives, ..
                    } => {
                        report.rejected += 1;
                        answered.push((r.id, Err(code)));
                        alternatives_of.push((r.id, alternatives));
                    }
                    Outcome::Rejected { code, .. } | Outcome::Conflict { code, .. } => {
                        tracing::warn!(mutation = %r.id, code, "server refused a mutation");
                        report.rejected += 1;
                        answered.push((r.id, Err(code)));
                    }
                }
            }
            // What was answered is kept even when the batch stopped part way.
            if !answered.is_empty() {
                *dropped |= self.store.record_results_unflushed(&answered).await?;
                self.refresh().await;
            }
            if let Some(e) = error {
                return Err(e);
            }
        }
        for (id, alternatives) in alternatives_of {
            self.store
                .record_slot_alternatives(id, &alternatives)
                .await?;
        }
        Ok(())
    }

    /// Sends one batch and brings back an answer for each of its mutations. When the server
    /// cannot read the batch at all, it is narrowed down until the one unreadable mutation
    /// stands alone, which is then set aside so it blocks nobody. On a failure, the answers
    /// so far come back with it.
    async fn push_resolving(
        &self,
        url: &str,
        token: &str,
        mutations: Vec<OutgoingMutation>,
    ) -> (Vec<MutationResult>, Option<LocalError>) {
        let mut results = Vec::with_capacity(mutations.len());
        // Parts still to send, the next one last.
        let mut parts = Vec::new();
        parts.push(0..mutations.len());
        while let Some(part) = parts.pop() {
            match self.push(url, token, &mutations[part.clone()]).await {
                Ok(resp) => results.extend(resp.results),
                Err(LocalError::Server {
                    status: 400 | 413 | 422,
                    code,
                }) if code != codes::PROTOCOL_UNSUPPORTED => {
                    if part.len() > 1 {
                        let half = part.start + part.len() / 2;
                        parts.push(half..part.end);
                        parts.push(part.start..half);
                    } else {
                        results.push(MutationResult {
                            id: mutations[part.start].id,
                            outcome: Outcome::Rejected {
                                code,
                                message: "the server could not read this mutation".into(),
                            },
                        });
                    }
                }
                // The server is up and failed on this part: narrow it down, and count the
                // failure against the one mutation that fails alone; after a few rounds it
                // is set aside so that it blocks nobody.
                Err(LocalError::Server { status: 500, code }) => {
                    if part.len() > 1 {
                        let half = part.start + part.len() / 2;
                        parts.push(half..part.end);
                        parts.push(part.start..half);
                        continue;
                    }
                    let id = mutations[part.start].id;
                    match self.store.count_failed_push(id).await {
                        Ok(failures) if failures >= self.set_aside_after => {
                            tracing::warn!(mutation = %id, code, failures, "mutation set aside after failing alone");
                            results.push(MutationResult {
                                id,
                                outcome: Outcome::Rejected {
                                    code,
                                    message: "set aside: the server failed on it every time".into(),
                                },
                            });
                        }
                        Ok(_) => return (results, Some(LocalError::Server { status: 500, code })),
                        Err(e) => return (results, Some(e)),
                    }
                }
                Err(e) => return (results, Some(e)),
            }
        }
        (results, None)
    }

    /// Asks the server for the seats of an office's slots and keeps them; the slot screen
    /// shows them with their time. `None` when this device has no server.
    pub async fn refresh_availability(
        &self,
        office_code: &str,
    ) -> Result<Option<SlotAvailability>> {
        let device = self.store.device().await?;
        let (Some(url), Some(token)) = (device.server_url, device.device_token) else {
            return Ok(None);
        };
        let req = as_device(
            self.http.get(format!(
                "{}/v1/sync/notary/availability",
                url.trim_end_matches('/')
            )),
            &token,
        )
        .query(&[("office_code", office_code)])
        .timeout(std::time::Duration::from_secs(5));
        let availability: SlotAvailability = answer(req).await?;
        self.store.save_availability(&availability).await?;
        Ok(Some(availability))
    }

    async fn push(
        &self,
        url: &str,
        token: &str,
        mutations: &[OutgoingMutation],
    ) -> Result<PushResponse> {
        // A `PushRequest` written around the mutations' JSON as the outbox holds it.
        let size: usize = mutations.iter().map(|m| m.json.len() + 1).sum();
        let mut body = String::with_capacity(size + 40);
        body.push_str("{\"protocol\":");
        body.push_str(&PROTOCOL_VERSION.to_string());
        body.push_str(",\"mutations\":[");
        for (i, m) in mutations.iter().enumerate() {
            if i > 0 {
                body.push(',');
            }
            body.push_str(&m.json);
        }
        body.push_str("]}");
        let req = self
            .http
            .post(format!("{url}/v1/sync/push"))
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .body(body);
        answer(as_device(req, token)).await
    }

    /// Uploads every waiting file, piece by piece, each from where the server's copy ends:
    /// after a cut, the next round asks and goes on from there.
    async fn upload_all(&self, url: &str, token: &str, report: &mut SyncReport) -> Result<()> {
        loop {
            let files = self.store.pending_uploads(50).await?;
            if files.is_empty() {
                return Ok(());
            }
            for file in files {
                match self.upload_one(url, token, &file, report).await {
                    Ok(()) => {}
                    // The server will not take this file (unknown application, too large):
                    // set it aside for staff, go on with the others.
                    Err(LocalError::Server { status, code })
                        if (400..500).contains(&status) && status != 401 && status != 426 =>
                    {
                        tracing::warn!(attachment = %file.id, code, "server refused a file");
                        self.store.refuse_upload(file.id, &code).await?;
                    }
                    Err(e) => return Err(e),
                }
            }
        }
    }

    async fn upload_one(
        &self,
        url: &str,
        token: &str,
        file: &crate::attachments::PendingUpload,
        report: &mut SyncReport,
    ) -> Result<()> {
        let announce = AttachmentUpload {
            id: file.id,
            application_id: file.application_id,
            material_index: file.material_index,
            kind: file.kind,
            size: file.size,
            sha256: file.sha256.clone(),
        };
        let req = self.http.post(format!("{url}/v1/sync/attachments"));
        let mut held: AttachmentState = answer(as_device(req, token).json(&announce)).await?;
        let mut checksum_retried = false;
        while !held.complete {
            if held.received != file.uploaded {
                self.store
                    .record_upload(file.id, held.received, false)
                    .await?;
            }
            let piece = self.store.upload_piece(file.id, held.received).await?;
            let req = self
                .http
                .put(format!("{url}/v1/sync/attachments/{}", file.id));
            let resp = as_device(req, token)
                .header(reqwest::header::CONTENT_TYPE, "application/octet-stream")
                .query(&[("offset", held.received)])
                .body(piece.clone())
                .send()
                .await
                .map_err(unreachable)?;
            if resp.status().is_success() {
                held = resp.json().await.map_err(unreachable)?;
                report.bytes_uploaded += piece.len() as u64;
                continue;
            }
            match server_error(resp).await {
                // Another round or a lost answer moved the server's copy: ask where it ends.
                LocalError::Server { code, .. } if code == codes::UPLOAD_OFFSET => {
                    held = self.attachment_state(url, token, file.id).await?;
                }
                // The server threw the bytes away; send the file once more from the start.
                LocalError::Server { code, .. }
                    if code == codes::UPLOAD_CHECKSUM && !checksum_retried =>
                {
                    checksum_retried = true;
                    held = self.attachment_state(url, token, file.id).await?;
                }
                e => return Err(e),
            }
        }
        self.store
            .record_upload(file.id, held.received, true)
            .await?;
        report.files_uploaded += 1;
        Ok(())
    }

    /// Hands saved drafts to the server (so another kiosk can resume them) and uses up the
    /// server's copies of drafts resumed here while offline.
    /// Uses up on the server the drafts used up here, then hands it the new ones. One that
    /// fails does not hold back the others (the first error is returned after them all); an
    /// unreachable server ends the round.
    async fn send_drafts(&self, url: &str, token: &str) -> Result<()> {
        let mut first_error: Option<LocalError> = None;
        for lookup in self.store.drafts_to_burn().await? {
            match self.claim_draft_on(url, token, &lookup).await {
                // Used or gone there already: nothing left to use up.
                Ok(_) => {}
                Err(LocalError::Server { status, .. }) if status == 404 || status == 410 => {}
                Err(e) if e.is_transient() => return Err(e),
                Err(e) => {
                    first_error.get_or_insert(e);
                    continue;
                }
            }
            self.store.mark_draft_burnt(&lookup).await?;
        }
        for draft in self.store.unsent_drafts().await? {
            let req = as_device(self.http.post(format!("{url}/v1/sync/drafts")), token).json(
                &DraftUpload {
                    id: draft.id,
                    lookup: draft.lookup,
                    sealed: draft.sealed,
                    item_code: draft.item_code,
                    expires_at: draft.expires_at,
                },
            );
            let resp = req.send().await.map_err(unreachable)?;
            if !resp.status().is_success() {
                let e = server_error(resp).await;
                if e.is_transient() {
                    return Err(e);
                }
                first_error.get_or_insert(e);
                continue;
            }
            self.store.mark_draft_sent(draft.id).await?;
        }
        first_error.map_or(Ok(()), Err)
    }

    async fn claim_draft_on(&self, url: &str, token: &str, lookup: &str) -> Result<ClaimedDraft> {
        let req = as_device(self.http.post(format!("{url}/v1/sync/drafts/claim")), token);
        answer(req.json(&DraftClaim {
            lookup: lookup.to_string(),
        }))
        .await
    }

    /// Asks the server for a saved draft, leaving its code good. `None` when this device has
    /// no server.
    pub async fn open_draft(&self, lookup: String) -> Option<ServerDraft> {
        let device = self.store.device().await.ok()?;
        let (Some(url), Some(token)) = (device.server_url, device.device_token) else {
            return None;
        };
        let req = as_device(
            self.http
                .post(format!("{}/v1/sync/drafts/open", url.trim_end_matches('/'))),
            &token,
        );
        Some(match answer(req.json(&DraftClaim { lookup })).await {
            Ok(found) => ServerDraft::Found(found),
            Err(LocalError::Server { code, .. }) => match [
                codes::RESUME_CODE_USED,
                codes::RESUME_CODE_EXPIRED,
                codes::RESUME_CODE_UNKNOWN,
            ]
            .into_iter()
            .find(|known| *known == code)
            {
                Some(known) => ServerDraft::Refused(LocalError::ResumeCode(known)),
                None => ServerDraft::Unreachable,
            },
            Err(_) => ServerDraft::Unreachable,
        })
    }

    /// A request on behalf of a member of staff logged in online: the device's token and the
    /// staff session's. An offline login cannot act on the server.
    pub(crate) async fn as_staff(
        &self,
        session: &crate::staff::StaffSession,
        method: reqwest::Method,
        path: &str,
    ) -> Result<reqwest::RequestBuilder> {
        let token = session
            .session_token
            .as_deref()
            .ok_or(LocalError::StaffOnlineRequired)?;
        let device = self.store.device().await?;
        let (Some(url), Some(device_token)) = (device.server_url, device.device_token) else {
            return Err(LocalError::NotEnrolled);
        };
        let req = self
            .http
            .request(method, format!("{}{path}", url.trim_end_matches('/')));
        Ok(as_device(req, &device_token).header(borderdesk_protocol::STAFF_HEADER, token))
    }

    /// A notary office's day: slots with seats, bookings with their outcome (staff).
    pub async fn notary_day(
        &self,
        session: &crate::staff::StaffSession,
        office_code: &str,
        date: chrono::NaiveDate,
    ) -> Result<borderdesk_protocol::NotaryDay> {
        let req = self
            .as_staff(session, reqwest::Method::GET, "/v1/sync/notary/day")
            .await?
            .query(&[("office_code", office_code), ("date", &date.to_string())]);
        all_pages(req, MAX_PAGES).await
    }

    /// Marks a booking completed or a no-show, once (staff).
    pub async fn record_outcome(
        &self,
        session: &crate::staff::StaffSession,
        booking_id: uuid::Uuid,
        outcome: borderdesk_protocol::BookingOutcome,
    ) -> Result<borderdesk_protocol::OutcomeRecorded> {
        let path = format!("/v1/sync/notary/bookings/{booking_id}/outcome");
        let req = self.as_staff(session, reqwest::Method::POST, &path).await?;
        answer(req.json(&borderdesk_protocol::OutcomeRequest { outcome })).await
    }

    /// Opens, closes or resizes a slot of the office calendar (staff).
    pub async fn change_slot(
        &self,
        session: &crate::staff::StaffSession,
        change: &borderdesk_protocol::SlotChangeRequest,
    ) -> Result<borderdesk_protocol::SlotSeats> {
        let req = self
            .as_staff(session, reqwest::Method::POST, "/v1/sync/notary/slots")
            .await?;
        answer(req.json(change)).await
    }

    /// What the SMS gateway sent for an office's day, what failed and why (staff).
    pub async fn sms_report(
        &self,
        session: &crate::staff::StaffSession,
        office_code: &str,
        date: chrono::NaiveDate,
    ) -> Result<borderdesk_protocol::SmsReport> {
        let req = self
            .as_staff(session, reqwest::Method::GET, "/v1/sync/notary/sms")
            .await?
            .query(&[("office_code", office_code), ("date", &date.to_string())]);
        all_pages(req, MAX_PAGES).await
    }

    /// A legal aid office's queue: urgent first, then by due time (staff).
    pub async fn legal_aid_queue(
        &self,
        session: &crate::staff::StaffSession,
        office_code: &str,
    ) -> Result<borderdesk_protocol::LegalAidQueue> {
        let req = self
            .as_staff(session, reqwest::Method::GET, "/v1/sync/legal-aid/queue")
            .await?
            .query(&[("office_code", office_code)]);
        all_pages(req, MAX_PAGES).await
    }

    /// One step of the office workflow on a request, exactly once per `action_id` (staff).
    pub async fn legal_aid_act(
        &self,
        session: &crate::staff::StaffSession,
        request_id: uuid::Uuid,
        action: &borderdesk_protocol::LegalAidAction,
    ) -> Result<borderdesk_protocol::LegalAidActionResult> {
        let path = format!("/v1/sync/legal-aid/requests/{request_id}/actions");
        let req = self.as_staff(session, reqwest::Method::POST, &path).await?;
        answer(req.json(action)).await
    }

    /// An office's figures for a period (staff).
    pub async fn legal_aid_figures(
        &self,
        session: &crate::staff::StaffSession,
        from: chrono::NaiveDate,
        to: chrono::NaiveDate,
        office_code: &str,
    ) -> Result<borderdesk_protocol::LegalAidFigures> {
        let req = self
            .as_staff(session, reqwest::Method::GET, "/v1/sync/legal-aid/figures")
            .await?
            .query(&[
                ("from", from.to_string()),
                ("to", to.to_string()),
                ("office_code", office_code.to_string()),
            ]);
        answer(req).await
    }

    /// The same figures as a CSV file (UTF-8 with BOM, for Excel), headed in `lang`.
    pub async fn legal_aid_figures_csv(
        &self,
        session: &crate::staff::StaffSession,
        from: chrono::NaiveDate,
        to: chrono::NaiveDate,
        office_code: &str,
        lang: &str,
    ) -> Result<Vec<u8>> {
        let req = self
            .as_staff(
                session,
                reqwest::Method::GET,
                "/v1/sync/legal-aid/figures.csv",
            )
            .await?
            .query(&[
                ("from", from.to_string()),
                ("to", to.to_string()),
                ("office_code", office_code.to_string()),
                ("lang", lang.to_string()),
            ]);
        let resp = req.send().await.map_err(unreachable)?;
        if !resp.status().is_success() {
            return Err(server_error(resp).await);
        }
        Ok(resp.bytes().await.map_err(unreachable)?.to_vec())
    }

    /// A legal aid request for its applicant, from the server when it answers (the whole
    /// history, the lawyer's contact), else as this device knows it.
    pub async fn track_legal_aid(
        &self,
        tracking_number: &str,
        last_four: &str,
    ) -> Result<borderdesk_protocol::LegalAidTrackResponse> {
        let device = self.store.device().await?;
        if let (Some(url), Some(token)) = (device.server_url, device.device_token) {
            let req = as_device(
                self.http.post(format!(
                    "{}/v1/sync/legal-aid/track",
                    url.trim_end_matches('/')
                )),
                &token,
            )
            .json(&borderdesk_protocol::LegalAidTrackRequest {
                tracking_number: tracking_number.replace(' ', ""),
                last_four: last_four.trim().to_string(),
            })
            .timeout(std::time::Duration::from_secs(5));
            match answer(req).await {
                Ok(found) => return Ok(found),
                Err(e) if e.is_transient() => {}
                Err(LocalError::Server { status: 404, .. }) => {}
                Err(e) => return Err(e),
            }
        }
        self.store
            .track_legal_aid_here(tracking_number, last_four)
            .await
    }

    /// 呼叫工作人员: tells the clerk desks of the site, when the server answers within a few
    /// seconds. `Ok(false)` when this device has no server (the kiosk confirms it alone).
    pub async fn call_staff(&self, id: uuid::Uuid) -> Result<bool> {
        let device = self.store.device().await?;
        let (Some(url), Some(token)) = (device.server_url, device.device_token) else {
            return Ok(false);
        };
        let req = as_device(
            self.http
                .post(format!("{}/v1/sync/staff-calls", url.trim_end_matches('/'))),
            &token,
        )
        .json(&borderdesk_protocol::StaffCallRequest { id })
        .timeout(std::time::Duration::from_secs(5));
        let resp = req.send().await.map_err(unreachable)?;
        if !resp.status().is_success() {
            return Err(server_error(resp).await);
        }
        Ok(true)
    }

    /// The open calls for help of this desk's site (staff).
    pub async fn staff_calls(
        &self,
        session: &crate::staff::StaffSession,
    ) -> Result<Vec<borderdesk_protocol::StaffCall>> {
        let req = self
            .as_staff(session, reqwest::Method::GET, "/v1/sync/staff-calls")
            .await?;
        let calls: borderdesk_protocol::Page<borderdesk_protocol::StaffCall> =
            all_pages(req, MAX_PAGES).await?;
        Ok(calls.items)
    }

    /// Takes a call for help (once; a call taken already is refused).
    pub async fn answer_staff_call(
        &self,
        session: &crate::staff::StaffSession,
        id: uuid::Uuid,
    ) -> Result<()> {
        let path = format!("/v1/sync/staff-calls/{id}/answer");
        let resp = self
            .as_staff(session, reqwest::Method::POST, &path)
            .await?
            .send()
            .await
            .map_err(unreachable)?;
        if !resp.status().is_success() {
            return Err(server_error(resp).await);
        }
        Ok(())
    }

    /// Brings back a draft saved with a resume code, here or at another kiosk.
    pub async fn resume_draft(&self, code: &str) -> Result<ResumedDraft> {
        crate::resume::resume_draft(&self.store, code, |lookup| self.open_draft(lookup)).await
    }

    async fn attachment_state(
        &self,
        url: &str,
        token: &str,
        id: uuid::Uuid,
    ) -> Result<AttachmentState> {
        let req = self.http.get(format!("{url}/v1/sync/attachments/{id}"));
        answer(as_device(req, token)).await
    }

    async fn fetch_page(
        &self,
        url: &str,
        token: &str,
        cursor: Option<&str>,
    ) -> Result<PullResponse> {
        let mut req = as_device(self.http.get(format!("{url}/v1/sync/pull")), token)
            .query(&[("limit", MAX_PULL_PAGE)]);
        if let Some(c) = cursor {
            req = req.query(&[("cursor", c)]);
        }
        answer(req).await
    }

    /// Pulls until the feed is drained. Each page is written with its cursor in one
    /// transaction while the next page is already being fetched.
    /// Returns the device clock's offset from the server's, measured on the first page.
    async fn pull_all(
        &self,
        url: &str,
        token: &str,
        report: &mut SyncReport,
    ) -> Result<Option<i64>> {
        let cursor = self.store.queue_state().await?.cursor;
        let sent = Utc::now();
        let mut page = match self.fetch_page(url, token, cursor.as_deref()).await {
            Err(e) if e.code() == codes::CURSOR_INVALID => {
                // Start over rather than loop on a cursor the server cannot read.
                self.store.apply_pull(Vec::new(), "", true).await?;
                sqlx::query("UPDATE sync_state SET cursor = NULL")
                    .execute(self.store.pool())
                    .await?;
                report.reset = true;
                self.fetch_page(url, token, None).await?
            }
            other => other?,
        };
        let offset = clock_offset_ms(sent, Utc::now(), page.server_time);
        loop {
            report.pulled += page.changes.len() as u32;
            report.reset |= page.reset;
            if !page.has_more {
                self.store
                    .apply_pull(page.changes, &page.cursor, page.reset)
                    .await?;
                self.store.refresh_catalog().await?;
                return Ok(Some(offset));
            }
            // The next page is fetched and read on a task of its own, so that reading it
            // (JSON of thousands of items) runs on the other core while this one is written.
            // Stopped with this round, whatever ends it (an error, a sync given up on).
            let mut next = AbortOnDrop(tokio::spawn({
                let (this, url, token) = (self.clone(), url.to_string(), token.to_string());
                let cursor = page.cursor.clone();
                async move { this.fetch_page(&url, &token, Some(&cursor)).await }
            }));
            self.store
                .apply_pull(page.changes, &page.cursor, page.reset)
                .await?;
            page = match (&mut next.0).await {
                Ok(fetched) => fetched?,
                Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
                Err(e) => {
                    return Err(LocalError::Unreachable(format!(
                        "the page fetch stopped: {e}"
                    )))
                }
            };
        }
    }

    /// Asks the server about an application this device did not take (a citizen checking
    /// progress at another kiosk). Not found, or the ID digits do not match: ApplicationNotFound.
    pub async fn track_remote(
        &self,
        tracking_number: &str,
        id_last_four: &str,
    ) -> Result<TrackedApplication> {
        let tracking_number = borderdesk_core::TrackingNumber::parse(tracking_number)?;
        let device = self.store.device().await?;
        let (Some(url), Some(token)) = (device.server_url, device.device_token) else {
            return Err(LocalError::NotEnrolled);
        };
        let resp = self
            .http
            .post(format!("{}/v1/sync/track", url.trim_end_matches('/')))
            .bearer_auth(token)
            .header(PROTOCOL_HEADER, PROTOCOL_VERSION.to_string())
            .json(&TrackRequest {
                tracking_number,
                id_last_four: id_last_four.trim().to_string(),
            })
            .send()
            .await
            .map_err(unreachable)?;
        if resp.status() == reqwest::StatusCode::NOT_FOUND {
            return Err(LocalError::ApplicationNotFound);
        }
        if !resp.status().is_success() {
            return Err(server_error(resp).await);
        }
        let found: TrackResponse = resp.json().await.map_err(unreachable)?;
        self.store.tracked_from_server(&found)
    }

    /// Looks on this device first, then (for applications taken elsewhere) on the server.
    pub async fn track(
        &self,
        tracking_number: &str,
        id_last_four: &str,
    ) -> Result<TrackedApplication> {
        match self.store.track(tracking_number, id_last_four).await {
            Err(LocalError::ApplicationNotFound) => {
                match self.track_remote(tracking_number, id_last_four).await {
                    // Not enrolled: there is nowhere else to look.
                    Err(LocalError::NotEnrolled) => Err(LocalError::ApplicationNotFound),
                    other => other,
                }
            }
            other => other,
        }
    }

    /// Runs rounds forever: right away, then every [`IDLE_INTERVAL`] or as soon as something
    /// is saved; after a failure, waits with exponential backoff and full jitter.
    pub fn spawn(self) -> tokio::task::JoinHandle<()> {
        tokio::spawn(async move {
            let wake = self.store.outbox_changed();
            let mut failures: u32 = 0;
            self.refresh().await;
            loop {
                let enrolled = self
                    .store
                    .device()
                    .await
                    .map(|d| d.enrolled())
                    .unwrap_or(false);
                let wait = if !enrolled {
                    IDLE_INTERVAL
                } else {
                    match self.sync_once().await {
                        Ok(_) => {
                            failures = 0;
                            IDLE_INTERVAL
                        }
                        Err(_) => {
                            failures = failures.saturating_add(1);
                            backoff(failures, rand::random::<f64>())
                        }
                    }
                };
                tokio::select! {
                    _ = tokio::time::sleep(wait) => {}
                    _ = wake.notified() => {
                        self.refresh().await;
                        // Let a burst of submissions settle into one push.
                        tokio::time::sleep(Duration::from_millis(200)).await;
                    }
                }
            }
        })
    }

    /// Logs a member of staff in: through the server when it answers (and caches the
    /// credential for offline logins), otherwise against the cached credential. A refusal
    /// from the server never falls back to the cache. See [`crate::staff`].
    pub async fn staff_login(
        &self,
        user_name: &str,
        password: &str,
    ) -> std::result::Result<crate::staff::StaffSession, crate::staff::StaffLoginError> {
        crate::staff::staff_login(&self.store, &self.http, user_name, password, Utc::now()).await
    }
}

/// Device clock minus server clock, in ms, for an answer stamped `server_time` to a request
/// sent at `sent` and answered at `received` (device clock): the server stamped it about
/// halfway.
pub fn clock_offset_ms(
    sent: DateTime<Utc>,
    received: DateTime<Utc>,
    server_time: DateTime<Utc>,
) -> i64 {
    let midway = sent + (received - sent) / 2;
    (midway - server_time).num_milliseconds()
}

/// Delay before retry number `failures` (1-based): full jitter over an exponential ceiling.
pub fn backoff(failures: u32, jitter: f64) -> Duration {
    let ceiling = BACKOFF_BASE
        .saturating_mul(2u32.saturating_pow(failures.saturating_sub(1).min(16)))
        .min(BACKOFF_CAP);
    let j = jitter.clamp(0.0, 1.0);
    // Never zero: at least half the base, so a dead server is not hammered.
    ceiling.mul_f64(j).max(BACKOFF_BASE / 2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enrollment_goes_over_https_or_to_this_machine_only() {
        for ok in [
            "https://borderdesk.taishun.gov.cn",
            "http://127.0.0.1:8080",
            "http://localhost:8080/",
            "http://[::1]:8080",
        ] {
            assert!(check_enrollment_url(ok).is_ok(), "{ok}");
        }
        for bad in [
            "http://192.168.1.20:8080",
            "http://borderdesk.taishun.gov.cn",
            "ftp://127.0.0.1",
            "not a url",
        ] {
            assert_eq!(
                check_enrollment_url(bad).unwrap_err().code(),
                "error-server-not-https",
                "{bad}"
            );
        }
    }

    #[test]
    fn the_clock_offset_is_measured_from_the_middle_of_the_request() {
        let t = |ms: i64| DateTime::<Utc>::from_timestamp_millis(1_800_000_000_000 + ms).unwrap();
        // Sent at 0, answered at 200 ms, the server says 100 ms: the clocks agree.
        assert_eq!(clock_offset_ms(t(0), t(200), t(100)), 0);
        // The device is 90 s ahead.
        assert_eq!(clock_offset_ms(t(90_000), t(90_200), t(100)), 90_000);
        assert_eq!(clock_offset_ms(t(0), t(0), t(5_000)), -5_000);
    }

    #[test]
    fn backoff_grows_exponentially_and_is_capped() {
        assert_eq!(backoff(1, 1.0), Duration::from_secs(1));
        assert_eq!(backoff(2, 1.0), Duration::from_secs(2));
        assert_eq!(backoff(5, 1.0), Duration::from_secs(16));
        assert_eq!(backoff(30, 1.0), BACKOFF_CAP);
    }

    #[test]
    fn backoff_jitter_spreads_devices_but_never_reaches_zero() {
        assert_eq!(backoff(6, 0.5), Duration::from_secs(16));
        assert_eq!(backoff(6, 0.0), BACKOFF_BASE / 2);
    }
}
