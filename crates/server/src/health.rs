//! Remote support (issue 13): each device reports its health once per sync round
//! (`POST /v1/sync/health`); admins list the devices with their latest report
//! (`GET /v1/admin/devices`) and read one device's recent history
//! (`GET /v1/admin/devices/{device_id}/health`). A report is codes, counts and states only.
//!
//! The history keeps `BORDERDESK_HEALTH_HISTORY_DAYS` days (default 14), pruned when a report
//! arrives, and at most one report per device per [`HISTORY_EVERY`]: a device that reports in
//! a loop moves its latest report, not the table's size.

use std::sync::OnceLock;

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{middleware, Router};
use borderdesk_protocol::{
    DeviceHealth, DeviceSummary, ErrorBody, HealthReport, KeyPart, Page, PageError, PageQuery,
};
use chrono::{DateTime, Utc};
use sqlx::types::Json as Jsonb;
use uuid::Uuid;

use crate::extract::{Admin, Device, Json, Paging, Path};
use crate::{AppState, ServerError};

/// Most one history row per device per this many minutes.
pub const HISTORY_EVERY_MINUTES: i32 = 5;
/// Days of history kept when `BORDERDESK_HEALTH_HISTORY_DAYS` does not say.
pub const DEFAULT_HISTORY_DAYS: i32 = 14;

/// `health_history_days` (`BORDERDESK_HEALTH_HISTORY_DAYS`, 1..=3650; default 14), read once.
pub fn history_days() -> i32 {
    static DAYS: OnceLock<i32> = OnceLock::new();
    *DAYS.get_or_init(|| {
        let days = crate::settings::current().count(&crate::settings::HEALTH_HISTORY_DAYS);
        i32::try_from(days).unwrap_or(DEFAULT_HISTORY_DAYS)
    })
}

/// Which list a cursor of a device's history belongs to.
const HISTORY: &str = "device-health";

/// `/v1/sync/health` (with the protocol-version gate) and the admin routes.
pub fn routes(state: &AppState) -> Router<AppState> {
    let sync = Router::new()
        .route("/v1/sync/health", post(report))
        .route_layer(middleware::from_fn_with_state(
            state.clone(),
            crate::extract::require_protocol,
        ));
    Router::new()
        .route("/v1/admin/devices", get(devices))
        .route("/v1/admin/devices/{device_id}/health", get(history))
        .merge(sync)
}

/// A device reports its health (once per sync round). The latest report replaces the one
/// before; the history takes it when the device's last history row is five minutes old.
#[utoipa::path(post, path = "/v1/sync/health", tag = "sync", request_body = DeviceHealth,
    security(("device_token" = [])),
    responses((status = 204, description = "kept"),
              (status = 400, body = ErrorBody, description = "`error-bad-request`: a field is too long, holds a control character, or a code is not a message id"),
              (status = 401, body = ErrorBody, description = "not an enrolled device, or a revoked one")))]
pub async fn report(
    State(state): State<AppState>,
    device: Device,
    Json(health): Json<DeviceHealth>,
) -> Result<StatusCode, ServerError> {
    if let Some(problem) = health.problem() {
        return Err(ServerError::BadRequest(problem));
    }
    store(&state.pool, device.id, &health).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Keeps a report: the latest, the history (throttled), and drops history past its days.
pub async fn store(
    pool: &sqlx::PgPool,
    device_id: Uuid,
    health: &DeviceHealth,
) -> Result<(), ServerError> {
    let mut tx = pool.begin().await?;
    // The upsert locks the device's row first: two reports of one device at once take their
    // turns, and the second sees the first's history row below.
    sqlx::query(
        "INSERT INTO device_health (device_id, received_at, report) VALUES ($1, now(), $2)
         ON CONFLICT (device_id) DO UPDATE SET received_at = now(), report = EXCLUDED.report",
    )
    .bind(device_id)
    .bind(Jsonb(health))
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO device_health_history (device_id, report)
         SELECT $1, $2 WHERE NOT EXISTS (
             SELECT 1 FROM device_health_history
              WHERE device_id = $1 AND received_at > now() - make_interval(mins => $3))",
    )
    .bind(device_id)
    .bind(Jsonb(health))
    .bind(HISTORY_EVERY_MINUTES)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "DELETE FROM device_health_history WHERE received_at < now() - make_interval(days => $1)",
    )
    .bind(history_days())
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Every device, oldest enrolled first, with its site, name, when it last reported and its
/// latest health (admin), one page.
#[utoipa::path(get, path = "/v1/admin/devices", tag = "admin", params(PageQuery),
    security(("admin_token" = [])),
    responses((status = 200, body = Page<DeviceSummary>),
              (status = 400, body = ErrorBody, description = "`error-page-limit-invalid` or `error-page-cursor-invalid`"),
              (status = 401, body = ErrorBody)))]
pub async fn devices(
    State(state): State<AppState>,
    _admin: Admin,
    paging: Paging,
) -> Result<Json<Page<DeviceSummary>>, ServerError> {
    let filter = crate::console::fleet::FleetFilter::default();
    let limits = crate::console::fleet::thresholds();
    Ok(Json(
        crate::console::fleet::devices_page(&state.pool, &paging, &filter, limits).await?,
    ))
}

/// One device's health history, newest first (admin), one page; 404 for a device that is
/// not enrolled here.
#[utoipa::path(get, path = "/v1/admin/devices/{device_id}/health", tag = "admin",
    params(("device_id" = Uuid, Path), PageQuery),
    security(("admin_token" = [])),
    responses((status = 200, body = Page<HealthReport>),
              (status = 400, body = ErrorBody, description = "`error-page-limit-invalid` or `error-page-cursor-invalid`"),
              (status = 401, body = ErrorBody),
              (status = 404, body = ErrorBody, description = "no such device")))]
pub async fn history(
    State(state): State<AppState>,
    _admin: Admin,
    Path(device_id): Path<Uuid>,
    paging: Paging,
) -> Result<Json<Page<HealthReport>>, ServerError> {
    let before = match paging.after(HISTORY)?.as_deref() {
        None => None,
        Some([KeyPart::Int(id)]) => Some(*id),
        Some(_) => return Err(PageError::Cursor.into()),
    };
    let known: Option<Uuid> = sqlx::query_scalar("SELECT id FROM devices WHERE id = $1")
        .bind(device_id)
        .fetch_optional(&state.pool)
        .await?;
    if known.is_none() {
        return Err(ServerError::NotFound);
    }
    let rows: Vec<(i64, DateTime<Utc>, Jsonb<DeviceHealth>)> = sqlx::query_as(
        "SELECT id, received_at, report FROM device_health_history
          WHERE device_id = $1 AND ($2::bigint IS NULL OR id < $2)
          ORDER BY id DESC LIMIT $3",
    )
    .bind(device_id)
    .bind(before)
    .bind(paging.fetch())
    .fetch_all(&state.pool)
    .await?;
    let (rows, next) = paging.page(HISTORY, rows, |row| vec![KeyPart::Int(row.0)]);
    let items = rows
        .into_iter()
        .map(|(_, received_at, report)| HealthReport {
            received_at,
            health: report.0,
        })
        .collect();
    Ok(Json(Page { items, next }))
}
