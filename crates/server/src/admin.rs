//! Admin work: enrolling devices, moving an application's status, reading an application.

use borderdesk_core::{ApplicationStatus, DeviceCode, TrackingNumber};
use borderdesk_protocol::{
    Change, EnrollRequest, EnrollResponse, ServerApplication, ServerStatusChange, SetStatusRequest,
    TrackRequest, TrackResponse,
};
use chrono::{DateTime, Utc};
use rand::RngCore;
use sqlx::{PgConnection, PgPool, Postgres, Transaction};
use uuid::Uuid;

use crate::extract::token_hash;
use crate::ServerError;

/// Enrolls a device at a site and hands out its token (shown once; only its hash is kept)
/// and its device code.
/// A device's name and site as enrolled: trimmed, 1 to 200 and 1 to 100 bytes.
pub fn device_name_and_site<'a>(
    name: &'a str,
    site_id: &'a str,
) -> Result<(&'a str, &'a str), ServerError> {
    let (name, site_id) = (name.trim(), site_id.trim());
    if name.is_empty() || name.len() > 200 {
        return Err(ServerError::BadRequest(
            "name must be 1 to 200 bytes".into(),
        ));
    }
    if site_id.is_empty() || site_id.len() > 100 {
        return Err(ServerError::BadRequest(
            "site_id must be 1 to 100 bytes".into(),
        ));
    }
    Ok((name, site_id))
}

pub async fn enroll(pool: &PgPool, request: &EnrollRequest) -> Result<EnrollResponse, ServerError> {
    let mut tx = pool.begin().await?;
    let enrolled = enroll_in(&mut tx, request).await?;
    tx.commit().await?;
    Ok(enrolled)
}

/// [`enroll`] inside the caller's transaction (an enrollment code is spent in the same one).
pub async fn enroll_in(
    conn: &mut PgConnection,
    request: &EnrollRequest,
) -> Result<EnrollResponse, ServerError> {
    let (name, site_id) = device_name_and_site(&request.name, &request.site_id)?;
    // The site's key first: a device is never enrolled without it.
    let lan_key = site_lan_key_in(&mut *conn, site_id).await?;
    let mut raw = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut raw);
    let token = hex::encode(raw);
    let hash = token_hash(&token);
    let id = Uuid::now_v7();

    let mut code: Option<i32> = None;
    if let Some(p) = request
        .provisional_code
        .filter(|p| DeviceCode::PROVISIONAL.contains(p))
    {
        // Its own numbers keep their code when nobody holds it yet, as its device code
        // and its provisional one.
        code = sqlx::query_scalar(
            "INSERT INTO devices (id, name, site_id, device_code, token_hash, provisional_code)
             SELECT $1, $2, $3, $4, $5, $4
             WHERE NOT EXISTS (SELECT 1 FROM devices WHERE device_code = $4 OR provisional_code = $4)
             ON CONFLICT DO NOTHING RETURNING device_code",
        )
        .bind(id)
        .bind(name)
        .bind(site_id)
        .bind(p as i32)
        .bind(&hash)
        .fetch_optional(&mut *conn)
        .await?;
    }
    let code = match code {
        Some(c) => c,
        None => {
            sqlx::query_scalar(
                "INSERT INTO devices (id, name, site_id, device_code, token_hash)
                 VALUES ($1, $2, $3, nextval('device_code_seq'), $4) RETURNING device_code",
            )
            .bind(id)
            .bind(name)
            .bind(site_id)
            .bind(&hash)
            .fetch_one(&mut *conn)
            .await?
        }
    };
    tracing::info!(device = %id, device_code = code, "device enrolled");
    Ok(EnrollResponse {
        device_id: id,
        device_token: token,
        device_code: code as u32,
        site_id: site_id.to_string(),
        lan_key: Some(lan_key),
    })
}

/// The LAN key of a site (64 hex digits), made on first need: 32 random bytes, the same for
/// every device of the site, another for every other site.
pub async fn site_lan_key(pool: &PgPool, site_id: &str) -> Result<String, ServerError> {
    let mut conn = pool.acquire().await?;
    site_lan_key_in(&mut conn, site_id).await
}

async fn site_lan_key_in(conn: &mut PgConnection, site_id: &str) -> Result<String, ServerError> {
    let mut fresh = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut fresh);
    // Two statements: when another request makes the site's key at the same moment, the
    // insert waits for it and does nothing, and the select (a new snapshot) reads theirs.
    sqlx::query("INSERT INTO site_lan_keys (site_id, key) VALUES ($1, $2) ON CONFLICT DO NOTHING")
        .bind(site_id)
        .bind(fresh.as_slice())
        .execute(&mut *conn)
        .await?;
    let key: Vec<u8> = sqlx::query_scalar("SELECT key FROM site_lan_keys WHERE site_id = $1")
        .bind(site_id)
        .fetch_one(&mut *conn)
        .await?;
    Ok(hex::encode(key))
}

/// Withdraws a device's token: its next request, and that of every staff session opened
/// through it, is refused (401) at once. Audited.
/// Starts a new life of the feed (after a restore to an older point): every cursor a device
/// holds is then from an earlier epoch, so each device's next pull answers `reset` and it pulls
/// the feed again from the start. Returns the new epoch. Servers read the epoch when they
/// start: restart them after this.
pub async fn new_epoch(pool: &PgPool) -> Result<String, ServerError> {
    let epoch = Uuid::new_v4().simple().to_string();
    let updated = sqlx::query("UPDATE server_meta SET value = $1 WHERE key = 'epoch'")
        .bind(&epoch)
        .execute(pool)
        .await?;
    if updated.rows_affected() != 1 {
        return Err(ServerError::Internal("server_meta holds no epoch".into()));
    }
    tracing::warn!(%epoch, "new epoch: every device resyncs from the start");
    Ok(epoch)
}

pub async fn revoke_device(pool: &PgPool, device_id: Uuid) -> Result<(), ServerError> {
    revoke_device_by(pool, device_id, None).await
}

/// [`revoke_device`], recording who did it (a console user; `None`: the admin token or the
/// server's command line).
pub async fn revoke_device_by(
    pool: &PgPool,
    device_id: Uuid,
    by: Option<Uuid>,
) -> Result<(), ServerError> {
    let mut tx = pool.begin().await?;
    let done =
        sqlx::query("UPDATE devices SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL")
            .bind(device_id)
            .execute(&mut *tx)
            .await?;
    if done.rows_affected() == 0 {
        return Err(ServerError::NotFound);
    }
    sqlx::query("DELETE FROM staff_sessions WHERE device_id = $1")
        .bind(device_id)
        .execute(&mut *tx)
        .await?;
    crate::staff::audit(
        &mut tx,
        by,
        Some(device_id),
        "device_revoked",
        Some(&device_id.to_string()),
        serde_json::json!({}),
    )
    .await?;
    tx.commit().await?;
    tracing::info!(device = %device_id, "device revoked");
    Ok(())
}

/// Disables a staff account: its sessions end at once (their next request gets 401) and
/// it can no longer log in, online or with a device's cached credential once that device
/// syncs. Audited.
pub async fn disable_staff(pool: &PgPool, user_name: &str) -> Result<(), ServerError> {
    disable_staff_by(pool, user_name, None).await
}

/// [`disable_staff`], recording who did it (`detail.by`, the acting account's id).
pub async fn disable_staff_by(
    pool: &PgPool,
    user_name: &str,
    by: Option<Uuid>,
) -> Result<(), ServerError> {
    let mut tx = pool.begin().await?;
    let id: Option<Uuid> = sqlx::query_scalar(
        "UPDATE staff SET disabled_at = now() WHERE user_name = $1 AND disabled_at IS NULL
         RETURNING id",
    )
    .bind(user_name)
    .fetch_optional(&mut *tx)
    .await?;
    let id = id.ok_or(ServerError::NotFound)?;
    crate::staff::end_sessions(&mut tx, id).await?;
    crate::staff::audit(
        &mut tx,
        Some(id),
        None,
        "staff_disabled",
        Some(user_name),
        match by {
            Some(by) => serde_json::json!({ "by": by }),
            None => serde_json::json!({}),
        },
    )
    .await?;
    tx.commit().await?;
    tracing::info!(staff = %id, "staff account disabled");
    Ok(())
}

fn parse_status(raw: &str) -> Result<ApplicationStatus, ServerError> {
    ApplicationStatus::parse(raw)
        .map_err(|_| ServerError::Internal(format!("stored status {raw:?} unknown")))
}

/// Moves an application's status by the office's rules, records it in its history and puts
/// it on its site's change feed, all in one transaction.
pub async fn set_status(
    pool: &PgPool,
    tracking_number: &TrackingNumber,
    request: &SetStatusRequest,
) -> Result<ServerApplication, ServerError> {
    let mut tx = pool.begin().await?;
    set_status_in(&mut tx, tracking_number, request).await?;
    tx.commit().await?;
    application(pool, tracking_number).await
}

/// [`set_status`] inside the caller's transaction (which commits it), for a step that must
/// happen together with checks and records of its own (the clerk desk's acceptance).
pub async fn set_status_in(
    tx: &mut Transaction<'_, Postgres>,
    tracking_number: &TrackingNumber,
    request: &SetStatusRequest,
) -> Result<ApplicationStatus, ServerError> {
    let row: Option<(Uuid, String, String)> = sqlx::query_as(
        "SELECT id, status, site_id FROM applications WHERE tracking_number = $1 FOR UPDATE",
    )
    .bind(tracking_number.as_str())
    .fetch_optional(&mut **tx)
    .await?;
    let (id, current, site_id) = row.ok_or(ServerError::NotFound)?;
    let next = parse_status(&current)?.transition(request.status)?;
    let note = request
        .note
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty());
    sqlx::query("UPDATE applications SET status = $2 WHERE id = $1")
        .bind(id)
        .bind(next.as_str())
        .execute(&mut **tx)
        .await?;
    let at: DateTime<Utc> = sqlx::query_scalar(
        "INSERT INTO status_history (application_id, status, note) VALUES ($1, $2, $3) RETURNING at",
    )
    .bind(id)
    .bind(next.as_str())
    .bind(note)
    .fetch_one(&mut **tx)
    .await?;
    let change = Change::ApplicationStatus {
        application_id: id,
        tracking_number: tracking_number.clone(),
        status: next,
        note: note.map(str::to_string),
        at,
    };
    append_change(tx, Some(&site_id), &change).await?;
    tracing::info!(application = %id, status = next.as_str(), "status changed");
    Ok(next)
}

/// Appends one change to the feed, inside the caller's transaction.
pub async fn append_change(
    tx: &mut Transaction<'_, Postgres>,
    site_id: Option<&str>,
    change: &Change,
) -> Result<(), ServerError> {
    sqlx::query("INSERT INTO changes (site_id, body) VALUES ($1, $2)")
        .bind(site_id)
        .bind(sqlx::types::Json(change))
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// An application with its history, by tracking number.
pub async fn application(
    pool: &PgPool,
    tracking_number: &TrackingNumber,
) -> Result<ServerApplication, ServerError> {
    type Row = (Uuid, String, String, Uuid, String, DateTime<Utc>);
    let row: Option<Row> = sqlx::query_as(
        "SELECT id, item_code, status, device_id, site_id, received_at FROM applications WHERE tracking_number = $1",
    )
    .bind(tracking_number.as_str())
    .fetch_optional(pool)
    .await?;
    let (id, item_code, status, device_id, site_id, received_at) =
        row.ok_or(ServerError::NotFound)?;
    let history: Vec<(String, Option<String>, DateTime<Utc>)> = sqlx::query_as(
        "SELECT status, note, at FROM status_history WHERE application_id = $1 ORDER BY id",
    )
    .bind(id)
    .fetch_all(pool)
    .await?;
    // Receipt is the first step of every history; it is not stored twice (see sync::push).
    let received = ServerStatusChange {
        status: ApplicationStatus::Submitted,
        note: None,
        at: received_at,
    };
    let history = std::iter::once(Ok(received))
        .chain(history.into_iter().map(|(s, note, at)| {
            Ok(ServerStatusChange {
                status: parse_status(&s)?,
                note,
                at,
            })
        }))
        .collect::<Result<Vec<_>, ServerError>>()?;
    Ok(ServerApplication {
        id,
        tracking_number: tracking_number.clone(),
        item_code,
        status: parse_status(&status)?,
        device_id,
        site_id,
        received_at,
        history,
    })
}

/// Looks an application up for a citizen at any kiosk: found only when the last four
/// characters of an ID number among its answers match (a wrong one reads as not found).
pub async fn track(pool: &PgPool, request: &TrackRequest) -> Result<TrackResponse, ServerError> {
    let last_four = request.id_last_four.trim().to_ascii_uppercase();
    if last_four.chars().count() != 4 {
        return Err(ServerError::NotFound);
    }
    type Row = (
        Uuid,
        String,
        sqlx::types::Json<std::collections::BTreeMap<String, String>>,
        DateTime<Utc>,
    );
    let row: Option<Row> = sqlx::query_as(
        "SELECT id, item_code, answers, submitted_at FROM applications WHERE tracking_number = $1",
    )
    .bind(request.tracking_number.as_str())
    .fetch_optional(pool)
    .await?;
    let (_, _, answers, submitted_at) = row.ok_or(ServerError::NotFound)?;
    // Any answer that is a valid ID number counts: the server needs no catalog for this.
    let today = borderdesk_core::validate::today_in_china();
    let owner = answers.0.values().any(|v| {
        borderdesk_core::validate::id_number(v, today)
            .map(|id| id.last_four() == last_four)
            .unwrap_or(false)
    });
    if !owner {
        return Err(ServerError::NotFound);
    }
    let found = application(pool, &request.tracking_number).await?;
    Ok(TrackResponse {
        application_id: found.id,
        tracking_number: found.tracking_number,
        item_code: found.item_code,
        status: found.status,
        submitted_at,
        history: found.history,
    })
}
