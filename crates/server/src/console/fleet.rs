//! The fleet: every device with its latest health, what needs attention (the rule is core's
//! `fleet::attention`), and the totals over the whole fleet. The admin route
//! `/v1/admin/devices` and the console's fleet page read the same list.

use borderdesk_core::fleet::{self, Attention, Facts, Thresholds};
use borderdesk_protocol::{
    DeviceHealth, DeviceSummary, Fleet, FleetDevice, FleetTotals, KeyPart, Page, PageError,
    PrinterState,
};
use chrono::{DateTime, Duration, Utc};
use serde::Deserialize;
use sqlx::types::Json as Jsonb;
use sqlx::PgPool;
use utoipa::IntoParams;
use uuid::Uuid;

use crate::extract::Paging;
use crate::{settings, ServerError};

/// Which list a cursor of the devices belongs to.
const DEVICES: &str = "devices";

/// The thresholds in force (`fleet_silent_minutes`, `fleet_stuck_minutes`).
pub fn thresholds() -> Thresholds {
    let minutes = |s: &settings::Setting| {
        Duration::minutes(i64::try_from(settings::count_now(s)).unwrap_or(i64::MAX / 60_000))
    };
    Thresholds {
        silent_after: minutes(&settings::FLEET_SILENT_MINUTES),
        stuck_after: minutes(&settings::FLEET_STUCK_MINUTES),
    }
}

/// `?attention=…` of the fleet page: only the devices that need this (and are not revoked).
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FleetFilter {
    /// `silent`, `outbox_stuck` or `set_aside`; absent: every device.
    #[serde(default)]
    #[param(value_type = Option<String>)]
    pub attention: Option<Attention>,
}

/// The SQL condition of a filter, or `BadRequest` for one the list cannot filter by.
fn filter_word(filter: &FleetFilter) -> Result<Option<&'static str>, ServerError> {
    Ok(match filter.attention {
        None => None,
        Some(Attention::Silent) => Some("silent"),
        Some(Attention::OutboxStuck) => Some("outbox_stuck"),
        Some(Attention::SetAside) => Some("set_aside"),
        Some(other) => {
            return Err(ServerError::BadRequest(format!(
                "the fleet is filtered by silent, outbox_stuck or set_aside, not {other:?}"
            )))
        }
    })
}

type DeviceRow = (
    Uuid,
    String,
    String,
    i32,
    DateTime<Utc>,
    Option<DateTime<Utc>>,
    Option<DateTime<Utc>>,
    Option<Jsonb<DeviceHealth>>,
);

/// One page of devices, oldest enrolled first, narrowed by `filter`.
pub async fn devices_page(
    pool: &PgPool,
    paging: &Paging,
    filter: &FleetFilter,
    limits: Thresholds,
) -> Result<Page<DeviceSummary>, ServerError> {
    let after = match paging.after(DEVICES)?.as_deref() {
        None => None,
        Some([KeyPart::Time(t), KeyPart::Id(id)]) => Some((*t, *id)),
        Some(_) => return Err(PageError::Cursor.into()),
    };
    let rows: Vec<DeviceRow> = sqlx::query_as(
        "SELECT d.id, d.name, d.site_id, d.device_code, d.enrolled_at, d.revoked_at,
                h.received_at, h.report
           FROM devices d LEFT JOIN device_health h ON h.device_id = d.id
          WHERE ($1::timestamptz IS NULL OR (d.enrolled_at, d.id) > ($1, $2))
            AND ($4::text IS NULL OR (d.revoked_at IS NULL AND CASE $4
                 WHEN 'silent' THEN h.received_at IS NULL
                                 OR h.received_at < now() - make_interval(secs => $5)
                 WHEN 'outbox_stuck' THEN (h.report ->> 'oldest_waiting_seconds')::bigint > $6
                 WHEN 'set_aside' THEN (h.report ->> 'set_aside')::bigint > 0
                 END))
          ORDER BY d.enrolled_at, d.id LIMIT $3",
    )
    .bind(after.map(|a| a.0))
    .bind(after.map(|a| a.1))
    .bind(paging.fetch())
    .bind(filter_word(filter)?)
    .bind(limits.silent_after.num_seconds() as f64)
    .bind(limits.stuck_after.num_seconds())
    .fetch_all(pool)
    .await?;
    let (rows, next) = paging.page(DEVICES, rows, |row| {
        vec![KeyPart::Time(row.4), KeyPart::Id(row.0)]
    });
    let items = rows
        .into_iter()
        .map(
            |(device_id, name, site_id, code, enrolled_at, revoked_at, seen, report)| {
                DeviceSummary {
                    device_id,
                    name,
                    site_id,
                    device_code: code.max(0) as u32,
                    enrolled_at,
                    revoked_at,
                    last_seen_at: seen,
                    health: report.map(|r| r.0),
                }
            },
        )
        .collect();
    Ok(Page { items, next })
}

/// Why one device needs attention now.
pub fn attention_of(
    device: &DeviceSummary,
    now: DateTime<Utc>,
    limits: Thresholds,
) -> Vec<Attention> {
    let health = device.health.as_ref();
    let facts = Facts {
        revoked: device.revoked_at.is_some(),
        last_seen_at: device.last_seen_at,
        oldest_waiting_seconds: health.and_then(|h| h.oldest_waiting_seconds),
        set_aside: health.map_or(0, |h| h.set_aside),
        last_error_code: health.and_then(|h| h.last_error_code.as_deref()),
        update_refused: health.is_some_and(|h| h.update_refused.is_some()),
        printer_needs_care: health.is_some_and(|h| {
            matches!(
                h.printer,
                PrinterState::Paused | PrinterState::OutOfPaper | PrinterState::NoPrinter
            )
        }),
        free_disk_bytes: health.and_then(|h| h.free_disk_bytes),
        clock_offset_ms: health.and_then(|h| h.clock_offset_ms),
    };
    fleet::attention(&facts, now, limits)
}

/// Counts over the whole fleet.
async fn totals(pool: &PgPool, limits: Thresholds) -> Result<FleetTotals, ServerError> {
    let (devices, revoked, silent, stuck, set_aside): (i64, i64, i64, i64, i64) = sqlx::query_as(
        "SELECT count(*),
                count(*) FILTER (WHERE d.revoked_at IS NOT NULL),
                count(*) FILTER (WHERE d.revoked_at IS NULL AND (h.received_at IS NULL
                                 OR h.received_at < now() - make_interval(secs => $1))),
                count(*) FILTER (WHERE d.revoked_at IS NULL
                                 AND (h.report ->> 'oldest_waiting_seconds')::bigint > $2),
                count(*) FILTER (WHERE d.revoked_at IS NULL
                                 AND (h.report ->> 'set_aside')::bigint > 0)
           FROM devices d LEFT JOIN device_health h ON h.device_id = d.id",
    )
    .bind(limits.silent_after.num_seconds() as f64)
    .bind(limits.stuck_after.num_seconds())
    .fetch_one(pool)
    .await?;
    let n = |v: i64| u32::try_from(v.max(0)).unwrap_or(u32::MAX);
    Ok(FleetTotals {
        devices: n(devices),
        revoked: n(revoked),
        silent: n(silent),
        outbox_stuck: n(stuck),
        set_aside: n(set_aside),
    })
}

/// The console's fleet page.
pub async fn fleet(
    pool: &PgPool,
    paging: &Paging,
    filter: &FleetFilter,
) -> Result<Fleet, ServerError> {
    let limits = thresholds();
    let page = devices_page(pool, paging, filter, limits).await?;
    let now = Utc::now();
    let minutes = |d: Duration| u32::try_from(d.num_minutes()).unwrap_or(u32::MAX);
    Ok(Fleet {
        items: page
            .items
            .into_iter()
            .map(|device| FleetDevice {
                attention: attention_of(&device, now, limits),
                device,
            })
            .collect(),
        next: page.next,
        totals: totals(pool, limits).await?,
        silent_after_minutes: minutes(limits.silent_after),
        stuck_after_minutes: minutes(limits.stuck_after),
    })
}
