//! SMS about video-notarization bookings (the decision: confirmed, rejected, cancelled, moved;
//! the reminders the day before and an hour before) and about legal aid applications (each
//! status the applicant is told of), to the citizen and a family member they named. Messages are planned in
//! `sms_outbox` in the same transaction that decides the booking, and a worker sends the due
//! ones through an [`SmsGateway`], retrying passing failures with backoff until
//! [`MAX_ATTEMPTS`]; clerks see what was sent, what failed and why. The default gateway,
//! [`LogGateway`], writes each message to `sms_log`. Phone numbers never reach the logs.

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration as StdDuration;

use borderdesk_core::notary::shanghai;
use borderdesk_core::LocalizedText;
use borderdesk_protocol::{SmsEntry, SmsKind, SmsReport, SmsStatus};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use sqlx::{PgPool, Postgres, Transaction};
use tokio::task::JoinHandle;
use uuid::Uuid;

use crate::ServerError;

/// Attempts before a message that keeps failing passingly is given up.
pub const MAX_ATTEMPTS: i32 = 5;
/// How often the worker looks for due messages.
pub const WORKER_PERIOD: StdDuration = StdDuration::from_secs(30);
/// Messages one run claims at most.
const BATCH: i64 = 100;
/// A claimed message is retried after this long if its sender died before answering.
const LEASE_MINUTES: i64 = 5;

pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// What a gateway says when it accepted a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GatewayReceipt {
    /// The gateway's id for the message (shown to clerks).
    pub message_id: String,
}

/// Why a gateway did not take a message. `transient` failures (timeouts, rate limits, the
/// gateway being down) are retried; others (an invalid or blocked number, a refused text)
/// are not.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{code}: {message}")]
pub struct SmsError {
    /// The gateway's error code, as it gives it.
    pub code: String,
    pub message: String,
    pub transient: bool,
}

impl SmsError {
    pub fn transient(code: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            code: code.into(),
            message: message.into(),
            transient: true,
        }
    }

    pub fn permanent(code: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            code: code.into(),
            message: message.into(),
            transient: false,
        }
    }
}

/// Something that sends a text to a mainland mobile number (11 digits).
pub trait SmsGateway: Send + Sync {
    fn send<'a>(
        &'a self,
        phone: &'a str,
        text: &'a str,
    ) -> BoxFuture<'a, Result<GatewayReceipt, SmsError>>;
}

/// The default gateway: writes each message (number masked) to `sms_log`.
#[derive(Debug, Clone)]
pub struct LogGateway {
    pool: PgPool,
}

impl LogGateway {
    pub fn new(pool: PgPool) -> Self {
        Self { pool }
    }
}

impl SmsGateway for LogGateway {
    fn send<'a>(
        &'a self,
        phone: &'a str,
        text: &'a str,
    ) -> BoxFuture<'a, Result<GatewayReceipt, SmsError>> {
        Box::pin(async move {
            let message_id = format!("log-{}", Uuid::now_v7());
            sqlx::query("INSERT INTO sms_log (message_id, phone_masked, body) VALUES ($1, $2, $3)")
                .bind(&message_id)
                .bind(mask_phone(phone))
                .bind(text)
                .execute(&self.pool)
                .await
                .map_err(|e| SmsError::transient("log-unavailable", e.to_string()))?;
            Ok(GatewayReceipt { message_id })
        })
    }
}

/// `13812345678` → `138****5678`; anything shorter shows only its last two characters.
pub fn mask_phone(phone: &str) -> String {
    let chars: Vec<char> = phone.chars().collect();
    if chars.len() >= 11 {
        let head: String = chars[..3].iter().collect();
        let tail: String = chars[chars.len() - 4..].iter().collect();
        format!("{head}****{tail}")
    } else {
        let tail: String = chars[chars.len().saturating_sub(2)..].iter().collect();
        format!("****{tail}")
    }
}

/// The number a booking's SMS go to: a valid mainland mobile number, normalised, or none.
pub fn normalized_phone(raw: Option<&str>) -> Option<String> {
    raw.and_then(|p| borderdesk_core::validate::mobile_phone(p).ok())
}

type Tx<'c> = Transaction<'c, Postgres>;

/// Queues the message announcing a decision (`confirmed`, `rejected`, `cancelled`,
/// `rescheduled`), due at once.
pub(crate) async fn plan_decision(
    tx: &mut Tx<'_>,
    booking_id: Uuid,
    event: &str,
    slot_start: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<(), ServerError> {
    // A decision about a time already past tells nobody anything.
    if slot_start <= now {
        return Ok(());
    }
    for recipient in RECIPIENTS {
        sqlx::query(&format!(
            "INSERT INTO sms_outbox (booking_id, kind, event, slot_start, due_at, next_attempt_at, recipient)
             SELECT $1, 'decision', $2, $3, $4, $4, $6 WHERE {UNDER_PHONE_LIMIT}"
        ))
        .bind(booking_id)
        .bind(event)
        .bind(slot_start)
        .bind(now)
        .bind(crate::limits::limits().sms_per_phone_per_day as i64)
        .bind(recipient)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// Who a booking's messages go to: the citizen, and a family member when one was given.
const RECIPIENTS: [&str; 2] = ["applicant", "family"];

/// The condition under which one more SMS is planned for recipient `$6` of booking `$1`: the
/// booking has that number, and fewer than `$5` were planned for the number over the last
/// day, whichever bookings or legal aid requests and as whichever recipient (one number
/// cannot be flooded through many of them; `sms_planned_for` in the migrations).
const UNDER_PHONE_LIMIT: &str = "(SELECT CASE $6 WHEN 'family' THEN family_phone ELSE phone END
           FROM bookings WHERE id = $1) IS NOT NULL
     AND sms_planned_for((SELECT CASE $6 WHEN 'family' THEN family_phone ELSE phone END
           FROM bookings WHERE id = $1)) < $5";

/// The statuses of a legal aid application the applicant (and their family) are told of by
/// SMS: each a decision or a step they may have to act on. `received` is the kiosk's own
/// receipt, `answered` a consultation's call back.
pub fn legal_aid_status_is_texted(status: borderdesk_protocol::LegalAidStatus) -> bool {
    use borderdesk_protocol::LegalAidStatus::*;
    matches!(
        status,
        Accepted | MaterialsRequested | Approved | Refused | Assigned | Transferred
    )
}

/// Queues the message telling the applicant (and the family member they named) that their
/// legal aid application reached `status`, due at once, under the same per-number limit.
pub(crate) async fn plan_legal_aid_status(
    conn: &mut sqlx::PgConnection,
    request_id: Uuid,
    status: borderdesk_protocol::LegalAidStatus,
    now: DateTime<Utc>,
) -> Result<(), ServerError> {
    if !legal_aid_status_is_texted(status) {
        return Ok(());
    }
    for recipient in RECIPIENTS {
        sqlx::query(
            "INSERT INTO sms_outbox (legal_aid_request_id, kind, event, due_at, next_attempt_at,
                 recipient)
             SELECT $1, 'legal_aid_status', $2, $3, $3, $5
              WHERE (SELECT CASE $5 WHEN 'family' THEN family_phone ELSE phone END
                       FROM legal_aid_requests WHERE id = $1) IS NOT NULL
                AND sms_planned_for((SELECT CASE $5 WHEN 'family' THEN family_phone ELSE phone END
                       FROM legal_aid_requests WHERE id = $1)) < $4",
        )
        .bind(request_id)
        .bind(status.as_str())
        .bind(now)
        .bind(crate::limits::limits().sms_per_phone_per_day as i64)
        .bind(recipient)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// When each reminder of a slot is due.
pub fn reminder_times(slot_start: DateTime<Utc>) -> [(SmsKind, DateTime<Utc>); 2] {
    [
        (SmsKind::DayBefore, slot_start - Duration::hours(24)),
        (SmsKind::HourBefore, slot_start - Duration::hours(1)),
    ]
}

/// Queues the reminders of a confirmed booking whose time is still ahead.
pub(crate) async fn plan_reminders(
    tx: &mut Tx<'_>,
    booking_id: Uuid,
    slot_start: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<(), ServerError> {
    for (kind, due) in reminder_times(slot_start) {
        if due <= now {
            continue;
        }
        for recipient in RECIPIENTS {
            sqlx::query(&format!(
                "INSERT INTO sms_outbox (booking_id, kind, slot_start, due_at, next_attempt_at, recipient)
                 SELECT $1, $2, $3, $4, $4, $6 WHERE {UNDER_PHONE_LIMIT}"
            ))
            .bind(booking_id)
            .bind(kind.as_str())
            .bind(slot_start)
            .bind(due)
            .bind(crate::limits::limits().sms_per_phone_per_day as i64)
            .bind(recipient)
            .execute(&mut **tx)
            .await?;
        }
    }
    Ok(())
}

/// Forgets the reminders not sent yet (the booking was cancelled or moved).
pub(crate) async fn drop_reminders(tx: &mut Tx<'_>, booking_id: Uuid) -> Result<(), ServerError> {
    sqlx::query(
        "DELETE FROM sms_outbox
         WHERE booking_id = $1 AND kind <> 'decision' AND status = 'queued'",
    )
    .bind(booking_id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// What one run of the sender did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RunSummary {
    pub sent: usize,
    /// Failed passingly; queued again with backoff.
    pub retried: usize,
    /// Given up for good.
    pub failed: usize,
}

/// Wait before attempt `attempts + 1`: 1, 2, 4, 8 ... minutes, at most an hour.
pub fn backoff(attempts: i32) -> Duration {
    let exp = attempts.clamp(1, 7) - 1;
    Duration::minutes((1i64 << exp).min(60))
}

#[derive(sqlx::FromRow)]
struct Claimed {
    id: i64,
    kind: String,
    event: Option<String>,
    /// The slot a booking's message speaks of (none for a legal aid request's).
    slot_start: Option<DateTime<Utc>>,
    attempts: i32,
    recipient: String,
    phone: Option<String>,
    /// The booking's status now (empty for a legal aid request).
    status: String,
    booking_slot: Option<DateTime<Utc>>,
    tracking_number: String,
    office_code: String,
    /// A legal aid request's message (its office is a legal aid office).
    legal_aid: bool,
}

/// Sends every message due at `now` (claimed with `SKIP LOCKED`, so several server
/// processes share the work): the worker calls it every [`WORKER_PERIOD`]; tests call it
/// with the time they need.
pub async fn run_due_reminders<G: SmsGateway + ?Sized>(
    pool: &PgPool,
    gateway: &G,
    now: DateTime<Utc>,
) -> Result<RunSummary, ServerError> {
    let rows: Vec<Claimed> = sqlx::query_as(
        "WITH claimed AS (
             UPDATE sms_outbox o SET attempts = o.attempts + 1, next_attempt_at = $2
              WHERE o.id IN (
                  SELECT id FROM sms_outbox WHERE status = 'queued' AND next_attempt_at <= $1
                  ORDER BY next_attempt_at LIMIT $3 FOR UPDATE SKIP LOCKED)
             RETURNING o.id, o.kind, o.event, o.slot_start, o.attempts, o.recipient,
                       o.booking_id, o.legal_aid_request_id)
         SELECT c.id, c.kind, c.event, c.slot_start, c.attempts, c.recipient,
                CASE c.recipient WHEN 'family' THEN coalesce(b.family_phone, r.family_phone)
                                 ELSE coalesce(b.phone, r.phone) END AS phone,
                coalesce(b.status, '') AS status, b.slot_start AS booking_slot,
                coalesce(b.tracking_number, r.tracking_number) AS tracking_number,
                coalesce(b.office_code, r.office_code) AS office_code,
                c.legal_aid_request_id IS NOT NULL AS legal_aid
           FROM claimed c
           LEFT JOIN bookings b ON b.id = c.booking_id
           LEFT JOIN legal_aid_requests r ON r.id = c.legal_aid_request_id",
    )
    .bind(now)
    .bind(now + Duration::minutes(LEASE_MINUTES))
    .bind(BATCH)
    .fetch_all(pool)
    .await?;
    // Keyed by kind too: a notary office and a legal aid office may share a code.
    let mut offices: HashMap<(bool, String), Option<LocalizedText>> = HashMap::new();
    let mut legal_aid_offices: Option<Vec<borderdesk_core::legal_aid::LegalAidOffice>> = None;
    let mut summary = RunSummary::default();
    for c in rows {
        if c.legal_aid && legal_aid_offices.is_none() {
            let mut conn = pool.acquire().await?;
            // No reference (never imported): the office code stands in for its name.
            let reference = crate::legal_aid::load_reference(&mut conn).await.ok();
            legal_aid_offices = Some(reference.map(|r| r.offices).unwrap_or_default());
        }
        let key = (c.legal_aid, c.office_code.clone());
        if !offices.contains_key(&key) {
            let name = if c.legal_aid {
                legal_aid_offices
                    .iter()
                    .flatten()
                    .find(|o| o.code == c.office_code)
                    .map(|o| o.name.clone())
            } else {
                crate::notary_api::load_office(pool, &c.office_code)
                    .await?
                    .map(|o| o.name)
            };
            offices.insert(key.clone(), name);
        }
        let office = offices.get(&key).and_then(Option::as_ref);
        let result = match stale(&c, now) {
            Some(reason) => Err(reason),
            None => match (&c.phone, text_for(&c, office)) {
                (Some(phone), Some(text)) => gateway.send(phone, &text).await,
                (None, _) => Err(SmsError::permanent("no-phone", "the booking has no number")),
                (_, None) => Err(SmsError::permanent("no-text", "no text for this message")),
            },
        };
        match result {
            Ok(receipt) => {
                sqlx::query(
                    "UPDATE sms_outbox SET status = 'sent', sent_at = $2, gateway_message_id = $3
                     WHERE id = $1",
                )
                .bind(c.id)
                .bind(now)
                .bind(&receipt.message_id)
                .execute(pool)
                .await?;
                summary.sent += 1;
            }
            Err(e) if e.transient && c.attempts < MAX_ATTEMPTS => {
                tracing::warn!(sms = c.id, code = %e.code, attempt = c.attempts, "SMS failed, will retry");
                sqlx::query(
                    "UPDATE sms_outbox SET next_attempt_at = $2, last_error_code = $3, last_error = $4
                     WHERE id = $1",
                )
                .bind(c.id)
                .bind(now + backoff(c.attempts))
                .bind(&e.code)
                .bind(&e.message)
                .execute(pool)
                .await?;
                summary.retried += 1;
            }
            Err(e) => {
                let message = if e.transient {
                    format!("{} (gave up after {} attempts)", e.message, c.attempts)
                } else {
                    e.message.clone()
                };
                tracing::warn!(sms = c.id, code = %e.code, attempt = c.attempts, "SMS failed for good");
                sqlx::query(
                    "UPDATE sms_outbox SET status = 'failed', last_error_code = $2, last_error = $3
                     WHERE id = $1",
                )
                .bind(c.id)
                .bind(&e.code)
                .bind(message)
                .execute(pool)
                .await?;
                summary.failed += 1;
            }
        }
    }
    Ok(summary)
}

/// Why a reminder is no longer worth sending.
fn stale(c: &Claimed, now: DateTime<Utc>) -> Option<SmsError> {
    let kind = SmsKind::parse(&c.kind)?;
    if matches!(kind, SmsKind::Decision | SmsKind::LegalAidStatus) {
        return None;
    }
    let slot_start = c.slot_start?;
    if c.status != "confirmed" || c.booking_slot != Some(slot_start) {
        return Some(SmsError::permanent(
            "booking-changed",
            "the booking was cancelled or moved",
        ));
    }
    let latest = match kind {
        SmsKind::DayBefore => slot_start - Duration::hours(1),
        _ => slot_start,
    };
    (now >= latest).then(|| SmsError::permanent("too-late", "too late to be useful"))
}

/// The Chinese text of a message. Office name, time (Asia/Shanghai), tracking number; never
/// an ID number.
fn text_for(c: &Claimed, office: Option<&LocalizedText>) -> Option<String> {
    let legal_aid_id;
    let id = match (SmsKind::parse(&c.kind)?, c.event.as_deref()) {
        (SmsKind::LegalAidStatus, Some(status)) => {
            let status = borderdesk_protocol::LegalAidStatus::parse(status)?;
            if !legal_aid_status_is_texted(status) {
                return None;
            }
            legal_aid_id = format!("sms-legal-aid-{}", status.as_str().replace('_', "-"));
            legal_aid_id.as_str()
        }
        (SmsKind::DayBefore, _) => "sms-reminder-day-before",
        (SmsKind::HourBefore, _) => "sms-reminder-hour-before",
        (SmsKind::Decision, Some("confirmed")) => "sms-booking-confirmed",
        (SmsKind::Decision, Some("rejected")) => "sms-booking-rejected",
        (SmsKind::Decision, Some("cancelled")) => "sms-booking-cancelled",
        (SmsKind::Decision, Some("rescheduled")) => "sms-booking-rescheduled",
        _ => return None,
    };
    let office = office
        .map(|o| o.zh_cn.clone())
        .unwrap_or_else(|| c.office_code.clone());
    let time = c
        .slot_start
        .map(|t| {
            t.with_timezone(&shanghai())
                .format("%-m月%-d日 %H:%M")
                .to_string()
        })
        .unwrap_or_default();
    let text = borderdesk_i18n::message(
        "zh-CN",
        id,
        &[
            ("office", office),
            ("time", time),
            ("tracking", c.tracking_number.clone()),
        ],
    );
    // A family member is told whose booking it is about, not just the booking.
    Some(if c.recipient == "family" {
        format!(
            "{}{text}",
            borderdesk_i18n::message("zh-CN", "sms-family-prefix", &[])
        )
    } else {
        text
    })
}

/// Starts the sender: every [`WORKER_PERIOD`] it sends what is due; it stops once the pool
/// is closed (the server shut down).
pub fn spawn_worker(
    pool: PgPool,
    gateway: Arc<dyn SmsGateway>,
    metrics: Arc<crate::metrics::Metrics>,
) -> JoinHandle<()> {
    tokio::spawn(async move {
        let start = tokio::time::Instant::now() + WORKER_PERIOD;
        let mut tick = tokio::time::interval_at(start, WORKER_PERIOD);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
        loop {
            tick.tick().await;
            if pool.is_closed() {
                break;
            }
            match run_due_reminders(&pool, gateway.as_ref(), Utc::now()).await {
                Ok(s) if s != RunSummary::default() => {
                    metrics.sms_failures((s.retried + s.failed) as u64);
                    tracing::info!(
                        sent = s.sent,
                        retried = s.retried,
                        failed = s.failed,
                        "SMS run"
                    )
                }
                Ok(_) => {}
                Err(_) if pool.is_closed() => break,
                Err(e) => tracing::warn!(code = e.code(), error = %e, "SMS run failed"),
            }
        }
    })
}

/// Which list a cursor of an SMS report belongs to.
const REPORT: &str = "sms";

/// The messages about an office's bookings on a date (Asia/Shanghai), oldest due first, one
/// page.
pub async fn report(
    pool: &PgPool,
    office_code: &str,
    date: NaiveDate,
    paging: &crate::extract::Paging,
) -> Result<SmsReport, ServerError> {
    use borderdesk_protocol::{KeyPart, PageError};
    let after = match paging.after(REPORT)?.as_deref() {
        None => None,
        Some([KeyPart::Time(due), KeyPart::Int(id)]) => Some((*due, *id)),
        Some(_) => return Err(PageError::Cursor.into()),
    };
    let (from, to) = day_bounds(date);
    let rows: Vec<ReportRow> = sqlx::query_as(
        "SELECT o.id, o.booking_id, b.tracking_number, o.slot_start, o.kind, o.event, o.status,
                o.due_at, o.attempts, o.sent_at, o.gateway_message_id, o.last_error_code,
                o.last_error, CASE o.recipient WHEN 'family' THEN b.family_phone ELSE b.phone END
         FROM sms_outbox o JOIN bookings b ON b.id = o.booking_id
         WHERE b.office_code = $1
           AND ((o.slot_start >= $2 AND o.slot_start < $3)
                OR (b.slot_start >= $2 AND b.slot_start < $3))
           AND ($4::timestamptz IS NULL OR (o.due_at, o.id) > ($4, $5))
         ORDER BY o.due_at, o.id LIMIT $6",
    )
    .bind(office_code)
    .bind(from)
    .bind(to)
    .bind(after.map(|a| a.0))
    .bind(after.map(|a| a.1))
    .bind(paging.fetch())
    .fetch_all(pool)
    .await?;
    let (rows, next) = paging.page(REPORT, rows, |r: &ReportRow| {
        vec![KeyPart::Time(r.due_at), KeyPart::Int(r.id)]
    });
    let messages = rows
        .into_iter()
        .map(|r| {
            Ok(SmsEntry {
                id: r.id,
                booking_id: r.booking_id,
                tracking_number: r.tracking_number,
                slot_start: r.slot_start,
                kind: SmsKind::parse(&r.kind)
                    .ok_or_else(|| ServerError::Internal(format!("sms kind {:?}", r.kind)))?,
                event: r.event,
                status: SmsStatus::parse(&r.status)
                    .ok_or_else(|| ServerError::Internal(format!("sms status {:?}", r.status)))?,
                due_at: r.due_at,
                attempts: r.attempts.max(0) as u32,
                sent_at: r.sent_at,
                gateway_message_id: r.gateway_message_id,
                last_error_code: r.last_error_code,
                last_error: r.last_error,
                phone_masked: r.phone.as_deref().map(mask_phone),
            })
        })
        .collect::<Result<_, ServerError>>()?;
    Ok(SmsReport {
        office_code: office_code.to_string(),
        date,
        messages,
        next,
    })
}

#[derive(sqlx::FromRow)]
struct ReportRow {
    id: i64,
    booking_id: Uuid,
    tracking_number: String,
    slot_start: DateTime<Utc>,
    kind: String,
    event: Option<String>,
    status: String,
    due_at: DateTime<Utc>,
    attempts: i32,
    sent_at: Option<DateTime<Utc>>,
    gateway_message_id: Option<String>,
    last_error_code: Option<String>,
    last_error: Option<String>,
    phone: Option<String>,
}

/// The instants a date (Asia/Shanghai) starts and ends.
pub fn day_bounds(date: NaiveDate) -> (DateTime<Utc>, DateTime<Utc>) {
    let start = date
        .and_hms_opt(0, 0, 0)
        .and_then(|t| t.and_local_timezone(shanghai()).single())
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or(DateTime::<Utc>::MIN_UTC);
    (start, start + Duration::days(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_number_is_shown_with_its_middle_hidden() {
        assert_eq!(mask_phone("13812345678"), "138****5678");
        assert_eq!(mask_phone("12"), "****12");
    }

    #[test]
    fn only_valid_mainland_mobiles_get_sms_normalised() {
        assert_eq!(
            normalized_phone(Some("+86 138-1234-5678")).as_deref(),
            Some("13812345678")
        );
        assert_eq!(normalized_phone(Some("12345")), None);
        assert_eq!(normalized_phone(None), None);
    }

    #[test]
    fn retries_back_off_doubling_up_to_an_hour() {
        let mins: Vec<i64> = (1..=8).map(|a| backoff(a).num_minutes()).collect();
        assert_eq!(mins, vec![1, 2, 4, 8, 16, 32, 60, 60]);
    }
}
