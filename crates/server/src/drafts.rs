//! Saved unfinished applications, for resuming at another kiosk with the printed code. The
//! server stores what it cannot read and hands it out until the application is submitted or
//! saved again (then a device uses the code up here, and its content goes).

use borderdesk_protocol::{ClaimedDraft, DraftClaim, DraftUpload, MAX_DRAFT_BYTES};
use chrono::{Duration, Utc};
use sqlx::PgPool;
use uuid::Uuid;

use crate::{Device, ServerError};

fn check_lookup(lookup: &str) -> Result<(), ServerError> {
    if lookup.len() == 64 && lookup.bytes().all(|b| b.is_ascii_hexdigit()) {
        Ok(())
    } else {
        Err(ServerError::BadRequest(
            "lookup must be 64 hex digits".into(),
        ))
    }
}

/// Keeps a draft a device saved. Sending it again changes nothing.
pub async fn save(pool: &PgPool, device: &Device, draft: &DraftUpload) -> Result<(), ServerError> {
    check_lookup(&draft.lookup)?;
    if draft.sealed.is_empty() || draft.sealed.len() > MAX_DRAFT_BYTES {
        return Err(ServerError::PayloadTooLarge);
    }
    if draft.item_code.trim().is_empty() || draft.item_code.len() > 64 {
        return Err(ServerError::BadRequest(
            "the item code is missing or malformed".into(),
        ));
    }
    // A device clock far ahead must not keep personal data longer than the rule says.
    let latest = Utc::now() + Duration::days(borderdesk_core::resume::VALID_DAYS + 1);
    let expires_at = draft.expires_at.min(latest);
    // Drafts nobody came back for leave after their time (plus a day's grace for clocks).
    sqlx::query("DELETE FROM drafts WHERE expires_at < now() - interval '1 day'")
        .execute(pool)
        .await?;
    sqlx::query(
        "INSERT INTO drafts (id, lookup, sealed, item_code, device_id, site_id, expires_at)
         VALUES ($1, lower($2), $3, $4, $5, $6, $7)
         ON CONFLICT DO NOTHING",
    )
    .bind(draft.id)
    .bind(&draft.lookup)
    .bind(&draft.sealed)
    .bind(&draft.item_code)
    .bind(device.id)
    .bind(&device.site_id)
    .bind(expires_at)
    .execute(pool)
    .await?;
    Ok(())
}

/// Hands a draft out without using it up: the person may leave and come back with the same
/// slip until the application is submitted or saved again.
pub async fn open(pool: &PgPool, request: &DraftClaim) -> Result<ClaimedDraft, ServerError> {
    check_lookup(&request.lookup)?;
    let lookup = request.lookup.to_ascii_lowercase();
    let found: Option<(Uuid, String, String)> = sqlx::query_as(
        "SELECT id, sealed, item_code FROM drafts
         WHERE lookup = $1 AND claimed_at IS NULL AND expires_at > now()",
    )
    .bind(&lookup)
    .fetch_optional(pool)
    .await?;
    match found {
        Some((id, sealed, item_code)) => Ok(ClaimedDraft {
            id,
            sealed,
            item_code,
        }),
        None => Err(why_not(pool, &lookup).await?),
    }
}

/// Uses a draft up (its application was submitted or saved again) and forgets its content in
/// the same statement; answers with what it held. A code used before, or kept past its time,
/// says so (the person is told which).
pub async fn claim(
    pool: &PgPool,
    device: &Device,
    request: &DraftClaim,
) -> Result<ClaimedDraft, ServerError> {
    check_lookup(&request.lookup)?;
    let lookup = request.lookup.to_ascii_lowercase();
    let claimed: Option<(Uuid, String, String)> = sqlx::query_as(
        "WITH taken AS (
             SELECT id, sealed FROM drafts
             WHERE lookup = $1 AND claimed_at IS NULL AND expires_at > now()
             FOR UPDATE
         )
         UPDATE drafts d SET claimed_at = now(), claimed_by = $2, sealed = ''
         FROM taken WHERE d.id = taken.id
         RETURNING d.id, taken.sealed, d.item_code",
    )
    .bind(&lookup)
    .bind(device.id)
    .fetch_optional(pool)
    .await?;
    match claimed {
        Some((id, sealed, item_code)) => Ok(ClaimedDraft {
            id,
            sealed,
            item_code,
        }),
        None => Err(why_not(pool, &lookup).await?),
    }
}

/// Why a lookup names no draft that can be handed out.
async fn why_not(pool: &PgPool, lookup: &str) -> Result<ServerError, ServerError> {
    let state: Option<(bool, bool)> = sqlx::query_as(
        "SELECT claimed_at IS NOT NULL, expires_at <= now() FROM drafts WHERE lookup = $1",
    )
    .bind(lookup)
    .fetch_optional(pool)
    .await?;
    Ok(match state {
        Some((true, _)) => ServerError::ResumeCodeUsed,
        Some((false, true)) => ServerError::ResumeCodeExpired,
        _ => ServerError::ResumeCodeUnknown,
    })
}
