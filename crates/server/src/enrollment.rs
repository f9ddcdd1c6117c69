//! Device enrollment with a one-time code (core's `enrollment`): an admin makes a code for a
//! site and a device name in the console; the device redeems it at `POST /v1/devices/enroll`
//! without any token. A code works once, for `enrollment_code_minutes`; at most
//! `enrollment_codes_open_max` are open at once; each client address may try
//! `limit_enrollment_attempts` redemptions an hour, so guessing gains nothing.

use std::net::IpAddr;

use borderdesk_core::enrollment::{read_ticket, ticket, EnrollmentCode};
use borderdesk_protocol::{
    EnrollRequest, EnrollResponse, EnrollmentCodeRequest, KeyPart, NewEnrollmentCode, Page,
    PageError, PendingEnrollment, RedeemEnrollmentRequest,
};
use chrono::{DateTime, TimeDelta, Utc};
use serde_json::json;
use sqlx::PgPool;
use uuid::Uuid;

use crate::extract::{token_hash, Paging};
use crate::settings;
use crate::ServerError;

/// Which list a cursor of the open codes belongs to.
const OPEN: &str = "enrollment-codes";

/// The QR code of `text` as an SVG image (see `core::qr`).
pub fn qr_svg(text: &str) -> Result<String, ServerError> {
    borderdesk_core::qr::qr_svg(text).map_err(|e| ServerError::Internal(format!("QR code: {e}")))
}

type PendingRow = (
    Uuid,
    String,
    String,
    DateTime<Utc>,
    DateTime<Utc>,
    Option<String>,
);

fn to_pending(row: PendingRow) -> PendingEnrollment {
    let (id, site_id, name, created_at, expires_at, created_by) = row;
    PendingEnrollment {
        id,
        site_id,
        name,
        created_at,
        expires_at,
        created_by,
    }
}

const PENDING_COLUMNS: &str = "e.id, e.site_id, e.name, e.created_at, e.expires_at, s.user_name
    FROM enrollment_codes e LEFT JOIN staff s ON s.id = e.created_by";

/// Makes a code for one device at `request.site_id` named `request.name`; `server_url` is
/// where devices reach this server (it goes into the QR code).
pub async fn create_code(
    pool: &PgPool,
    request: &EnrollmentCodeRequest,
    by: Uuid,
    server_url: &str,
) -> Result<NewEnrollmentCode, ServerError> {
    let (name, site_id) = crate::admin::device_name_and_site(&request.name, &request.site_id)?;
    let minutes = settings::count_now(&settings::ENROLLMENT_CODE_MINUTES);
    let open_max = settings::count_now(&settings::ENROLLMENT_CODES_OPEN_MAX);
    let code = EnrollmentCode::generate();
    let id = Uuid::now_v7();
    let mut tx = pool.begin().await?;
    // One maker at a time, so the count of open codes holds.
    sqlx::query("LOCK TABLE enrollment_codes IN SHARE ROW EXCLUSIVE MODE")
        .execute(&mut *tx)
        .await?;
    let open: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM enrollment_codes
          WHERE used_at IS NULL AND cancelled_at IS NULL AND expires_at > now()",
    )
    .fetch_one(&mut *tx)
    .await?;
    if u64::try_from(open).unwrap_or(0) >= open_max {
        return Err(ServerError::EnrollmentCodesTooMany);
    }
    let row: PendingRow = sqlx::query_as(&format!(
        "WITH made AS (
             INSERT INTO enrollment_codes (id, code_hash, site_id, name, created_by, expires_at)
             VALUES ($1, $2, $3, $4, $5, now() + make_interval(mins => $6))
             RETURNING *
         )
         SELECT {} ",
        PENDING_COLUMNS.replace("enrollment_codes e", "made e")
    ))
    .bind(id)
    .bind(token_hash(code.as_str()))
    .bind(site_id)
    .bind(name)
    .bind(by)
    .bind(i32::try_from(minutes).unwrap_or(i32::MAX))
    .fetch_one(&mut *tx)
    .await?;
    crate::staff::audit(
        &mut tx,
        Some(by),
        None,
        "enrollment_code_created",
        Some(&id.to_string()),
        json!({ "site_id": site_id, "name": name, "minutes": minutes }),
    )
    .await?;
    tx.commit().await?;
    let ticket = ticket(&code, server_url);
    Ok(NewEnrollmentCode {
        pending: to_pending(row),
        code: code.grouped(),
        qr_svg: qr_svg(&ticket)?,
        ticket,
    })
}

/// The codes still open, newest first.
pub async fn open_codes(
    pool: &PgPool,
    paging: &Paging,
) -> Result<Page<PendingEnrollment>, ServerError> {
    let before = match paging.after(OPEN)?.as_deref() {
        None => None,
        Some([KeyPart::Id(id)]) => Some(*id),
        Some(_) => return Err(PageError::Cursor.into()),
    };
    let rows: Vec<PendingRow> = sqlx::query_as(&format!(
        "SELECT {PENDING_COLUMNS}
          WHERE e.used_at IS NULL AND e.cancelled_at IS NULL AND e.expires_at > now()
            AND ($1::uuid IS NULL OR e.id < $1)
          ORDER BY e.id DESC LIMIT $2"
    ))
    .bind(before)
    .bind(paging.fetch())
    .fetch_all(pool)
    .await?;
    let (rows, next) = paging.page(OPEN, rows, |r| vec![KeyPart::Id(r.0)]);
    Ok(Page {
        items: rows.into_iter().map(to_pending).collect(),
        next,
    })
}

/// Cancels an open code (`NotFound` when it is not open).
pub async fn cancel_code(pool: &PgPool, id: Uuid, by: Uuid) -> Result<(), ServerError> {
    let mut tx = pool.begin().await?;
    let done = sqlx::query(
        "UPDATE enrollment_codes SET cancelled_at = now()
          WHERE id = $1 AND used_at IS NULL AND cancelled_at IS NULL AND expires_at > now()",
    )
    .bind(id)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 0 {
        return Err(ServerError::NotFound);
    }
    crate::staff::audit(
        &mut tx,
        Some(by),
        None,
        "enrollment_code_cancelled",
        Some(&id.to_string()),
        json!({}),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Enrolls the device that sent `request` with the site and name of its code. Each try
/// counts against the client address's hourly limit first; an unknown, used, cancelled or
/// expired code is one answer, `error-enrollment-code-unknown`.
pub async fn redeem(
    pool: &PgPool,
    request: &RedeemEnrollmentRequest,
    client: Option<IpAddr>,
) -> Result<EnrollResponse, ServerError> {
    let address = client.map_or_else(|| "unknown".to_string(), |a| a.to_string());
    let limit = settings::count_now(&settings::LIMIT_ENROLLMENT_ATTEMPTS);
    crate::limits::hit(
        pool,
        "enrollment-redeem",
        &address,
        u32::try_from(limit).unwrap_or(u32::MAX),
        TimeDelta::hours(1),
    )
    .await?;
    let (code, _server) = read_ticket(&request.code)?;
    // Spent, enrolled, linked and audited in one transaction: a failure leaves the code open.
    // A code works only while the admin who made it still is one.
    let mut tx = pool.begin().await?;
    let taken: Option<(Uuid, String, String, Option<Uuid>)> = sqlx::query_as(
        "UPDATE enrollment_codes e SET used_at = now()
          WHERE e.code_hash = $1 AND e.used_at IS NULL AND e.cancelled_at IS NULL
            AND e.expires_at > now()
            AND EXISTS (SELECT 1 FROM staff s WHERE s.id = e.created_by
                         AND s.role = 'admin' AND s.disabled_at IS NULL)
          RETURNING e.id, e.site_id, e.name, e.created_by",
    )
    .bind(token_hash(code.as_str()))
    .fetch_optional(&mut *tx)
    .await?;
    let (id, site_id, name, created_by) = taken.ok_or(ServerError::EnrollmentCodeUnknown)?;
    let enrolled = crate::admin::enroll_in(
        &mut tx,
        &EnrollRequest {
            name,
            site_id,
            provisional_code: request.provisional_code,
        },
    )
    .await?;
    sqlx::query("UPDATE enrollment_codes SET device_id = $2 WHERE id = $1")
        .bind(id)
        .bind(enrolled.device_id)
        .execute(&mut *tx)
        .await?;
    crate::staff::audit(
        &mut tx,
        None,
        Some(enrolled.device_id),
        "device_enrolled",
        Some(&enrolled.device_id.to_string()),
        json!({ "enrollment_code": id, "by": created_by, "via": "enrollment_code" }),
    )
    .await?;
    tx.commit().await?;
    Ok(enrolled)
}
