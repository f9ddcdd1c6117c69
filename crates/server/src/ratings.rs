//! 好差评 on the server: a device's rating of a finished transaction is kept once per
//! transaction, with its site; a poor one gets its follow-up deadline (working days, a
//! setting) and shows in the site's desk queue until staff record the outcome.

use axum::extract::State;
use borderdesk_core::rating::{
    bundled_reasons, check_outcome, check_reasons, follow_up_due, RatedService, RatingReason,
    RatingReasons,
};
use borderdesk_core::staff::Permission;
use borderdesk_protocol::desk::{RatingFollowUp, RatingFollowUpRequest};
use borderdesk_protocol::{codes, ErrorBody, Mutation, MutationBody, Outcome};
use chrono::{DateTime, Utc};
use serde_json::json;
use sqlx::PgPool;
use uuid::Uuid;

use crate::extract::{Device, Json, Path};
use crate::staff::{audit, Staff};
use crate::AppState;
use crate::{settings, ServerError};

/// Imports the county's reasons for a poor rating, all or nothing, and sends them to every
/// device by the feed when they changed (or none were ever sent). Returns how many there are.
pub async fn import_rating_reasons(
    pool: &PgPool,
    reasons: &RatingReasons,
) -> Result<usize, ServerError> {
    reasons
        .check()
        .map_err(|e| ServerError::BadRequest(format!("rating reasons: {e}")))?;
    let body = serde_json::to_value(reasons).map_err(|e| ServerError::Internal(e.to_string()))?;
    let codes: Vec<&str> = reasons.0.iter().map(|r| r.code.as_str()).collect();
    let mut tx = pool.begin().await?;
    let changed: bool = sqlx::query_scalar(
        "WITH before AS (SELECT body FROM rating_reasons WHERE id),
              stored AS (
                  INSERT INTO rating_reasons (id, body, known_codes) VALUES (true, $1, $2)
                  ON CONFLICT (id) DO UPDATE SET
                      body = EXCLUDED.body,
                      known_codes = ARRAY(SELECT DISTINCT unnest(rating_reasons.known_codes || $2)),
                      updated_at = now())
         SELECT NOT EXISTS (SELECT 1 FROM before WHERE body = $1)
             OR NOT EXISTS (SELECT 1 FROM changes WHERE subject = 'rating_reasons')",
    )
    .bind(&body)
    .bind(&codes)
    .fetch_one(&mut *tx)
    .await?;
    if changed {
        let change = borderdesk_protocol::Change::RatingReasons {
            reasons: reasons.clone(),
        };
        crate::admin::append_change(&mut tx, None, &change).await?;
    }
    tx.commit().await?;
    tracing::info!(reasons = reasons.0.len(), "rating reasons imported");
    Ok(reasons.0.len())
}

/// Every reason a rating may carry: the bundled ones and each the county ever offered.
async fn known_reasons(tx: &mut sqlx::PgConnection) -> Result<Vec<RatingReason>, ServerError> {
    let mut known = bundled_reasons();
    let codes: Option<Vec<String>> =
        sqlx::query_scalar("SELECT known_codes FROM rating_reasons WHERE id")
            .fetch_optional(&mut *tx)
            .await?;
    for code in codes.unwrap_or_default() {
        if !known.iter().any(|r| r.code == code) {
            known.push(RatingReason {
                label: borderdesk_core::LocalizedText {
                    zh_cn: code.clone(),
                    zh_tw: None,
                    en: None,
                },
                code,
            });
        }
    }
    Ok(known)
}

type RatingRow = (String, i64, i64, i64, i64, i64, i64, i64, i64);

/// The county's ratings of the days `from..=to` (Asia/Shanghai, by the server's time of
/// receipt: a device's clock decides nothing), every service in its order.
pub async fn figures(
    pool: &PgPool,
    query: &borderdesk_protocol::RatingFiguresQuery,
) -> Result<borderdesk_protocol::RatingFigures, ServerError> {
    use crate::legal_aid::figures::day_start;
    if query.to < query.from {
        return Err(ServerError::BadRequest("`to` is before `from`".into()));
    }
    let end = query
        .to
        .checked_add_days(chrono::Days::new(1))
        .unwrap_or(query.to);
    let rows: Vec<RatingRow> = sqlx::query_as(
        "SELECT service, count(*),
                count(*) FILTER (WHERE level = 'very_satisfied'),
                count(*) FILTER (WHERE level = 'satisfied'),
                count(*) FILTER (WHERE level = 'basic'),
                count(*) FILTER (WHERE level = 'dissatisfied'),
                count(*) FILTER (WHERE level = 'very_dissatisfied'),
                count(*) FILTER (WHERE followed_up_at IS NOT NULL),
                count(*) FILTER (WHERE follow_up_due < now() AND followed_up_at IS NULL)
           FROM ratings WHERE received_at >= $1 AND received_at < $2
          GROUP BY service",
    )
    .bind(day_start(query.from))
    .bind(day_start(end))
    .fetch_all(pool)
    .await?;
    let n = |v: i64| u32::try_from(v).unwrap_or(u32::MAX);
    let services = RatedService::ALL
        .into_iter()
        .map(|service| {
            let row = rows.iter().find(|r| r.0 == service.as_str());
            let (given, vs, s, b, d, vd, done, overdue) = row
                .map(|r| (r.1, r.2, r.3, r.4, r.5, r.6, r.7, r.8))
                .unwrap_or_default();
            borderdesk_protocol::ServiceRatingFigures {
                service,
                given: n(given),
                very_satisfied: n(vs),
                satisfied: n(s),
                basic: n(b),
                dissatisfied: n(d),
                very_dissatisfied: n(vd),
                followed_up: n(done),
                follow_up_overdue: n(overdue),
                satisfied_percent: (given > 0)
                    .then(|| ((vs + s + b) as f64 * 1000.0 / given as f64).round() / 10.0),
            }
        })
        .collect();
    Ok(borderdesk_protocol::RatingFigures {
        from: query.from,
        to: query.to,
        services,
    })
}

fn refused(code: &str, message: &str) -> Outcome {
    Outcome::Rejected {
        code: code.to_string(),
        message: message.to_string(),
    }
}

/// Keeps a rating, once per mutation id: refused when the transaction is not one of the
/// device's site, when it was rated already (at any device), or with reasons not offered.
pub async fn apply(
    pool: &PgPool,
    device: &Device,
    mutation: &Mutation,
) -> Result<Outcome, ServerError> {
    let MutationBody::SubmitRating { rating } = &mutation.body else {
        return Err(ServerError::Internal("not a rating mutation".into()));
    };
    let mut tx = pool.begin().await?;
    if let crate::once::Claim::Replay(outcome) =
        crate::once::claim(&mut tx, device, mutation.id).await?
    {
        tx.rollback().await?;
        return Ok(outcome);
    }
    let outcome = decide(&mut tx, device, mutation.id, rating).await?;
    crate::once::settle(&mut tx, mutation.id, &outcome).await?;
    tx.commit().await?;
    Ok(outcome)
}

async fn decide(
    tx: &mut sqlx::PgConnection,
    device: &Device,
    mutation_id: Uuid,
    rating: &borderdesk_protocol::RatingUpload,
) -> Result<Outcome, ServerError> {
    let known = known_reasons(&mut *tx).await?;
    let reasons = match check_reasons(rating.level, &rating.reasons, &known) {
        Ok(r) => r,
        Err(e) => return Ok(refused(e.code(), &e.to_string())),
    };
    // Only the device that made the transaction rates it: the citizen at that screen, not
    // another device of the site getting in first. The transaction's own time of receipt
    // comes back, to keep the rating's time from before it.
    let table_sql = match rating.service {
        RatedService::Application => {
            "SELECT received_at FROM applications
              WHERE tracking_number = $1 AND site_id = $2 AND device_id = $3"
        }
        RatedService::Booking => {
            "SELECT received_at FROM bookings
              WHERE tracking_number = $1 AND site_id = $2 AND device_id = $3"
        }
        RatedService::LegalAid => {
            "SELECT first_received_at FROM legal_aid_requests
              WHERE tracking_number = $1 AND site_id = $2 AND device_id = $3 AND kind = 'application'"
        }
        RatedService::Consultation => {
            "SELECT first_received_at FROM legal_aid_requests
              WHERE tracking_number = $1 AND site_id = $2 AND device_id = $3 AND kind <> 'application'"
        }
    };
    let received: Option<DateTime<Utc>> = sqlx::query_scalar(table_sql)
        .bind(&rating.tracking_number)
        .bind(&device.site_id)
        .bind(device.id)
        .fetch_optional(&mut *tx)
        .await?;
    let Some(received) = received else {
        // A legal aid request waits on its device while the server has no legal aid
        // reference: its rating waits with it rather than being refused for good.
        if matches!(
            rating.service,
            RatedService::LegalAid | RatedService::Consultation
        ) && crate::legal_aid::load_reference(&mut *tx).await.is_err()
        {
            return Err(crate::legal_aid::LegalAidOpsError::ReferenceMissing.into());
        }
        return Ok(refused(
            codes::NOT_FOUND,
            "no such transaction of this device",
        ));
    };
    // The device's clock says when, but never before the transaction reached the server nor
    // after now. The deadline runs from now: a kiosk offline for a week hands the site a
    // rating it can still follow up in time.
    let now = Utc::now();
    let rated_at = rating.rated_at.max(received).min(now);
    let due: Option<DateTime<Utc>> = if rating.level.is_poor() {
        let days = u32::try_from(settings::count_now(&settings::RATING_FOLLOW_UP_DAYS))
            .unwrap_or(borderdesk_core::rating::DEFAULT_FOLLOW_UP_WORKING_DAYS);
        let holidays = crate::legal_aid::load_reference(&mut *tx)
            .await
            .ok()
            .map(|r| r.holidays);
        Some(follow_up_due(now, days, holidays.as_ref()))
    } else {
        None
    };
    let inserted: Option<Uuid> = sqlx::query_scalar(
        "INSERT INTO ratings (id, mutation_id, device_id, site_id, service, tracking_number, level,
                              reasons, rated_at, follow_up_due)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
         ON CONFLICT (service, tracking_number) DO NOTHING RETURNING id",
    )
    // The server's own row id: a device-made id that clashed would hold its outbox up.
    .bind(Uuid::now_v7())
    .bind(mutation_id)
    .bind(device.id)
    .bind(&device.site_id)
    .bind(rating.service.as_str())
    .bind(&rating.tracking_number)
    .bind(rating.level.as_str())
    .bind(json!(reasons))
    .bind(rated_at)
    .bind(due)
    .fetch_optional(&mut *tx)
    .await?;
    Ok(match inserted {
        Some(_) => Outcome::Applied,
        None => {
            let e = borderdesk_core::CoreError::RatingAlreadyGiven;
            refused(e.code(), &e.to_string())
        }
    })
}

/// Records how the site followed up a poor rating (回访, 整改), once; the staff member and the
/// time go with it, and a line to the audit log.
#[utoipa::path(post, path = "/v1/desk/ratings/{id}/follow-up", tag = "desk",
    params(("id" = Uuid, Path)),
    request_body = RatingFollowUpRequest,
    security(("device_token" = []), ("staff_session" = [])),
    responses((status = 200, body = RatingFollowUp),
              (status = 422, body = ErrorBody, description = "`error-answer-required`, `error-answer-too-long`, `error-text-control-character`"),
              (status = 404, body = ErrorBody, description = "not a poor rating of this site"),
              (status = 409, body = ErrorBody, description = "`error-rating-followed-up`")))]
pub async fn follow_up(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<Uuid>,
    Json(req): Json<RatingFollowUpRequest>,
) -> Result<Json<RatingFollowUp>, ServerError> {
    staff.require(Permission::VerifyMaterials)?;
    let outcome = check_outcome(&req.outcome)?;
    let mut tx = state.pool.begin().await?;
    let row: Option<(Option<DateTime<Utc>>,)> = sqlx::query_as(
        "SELECT followed_up_at FROM ratings
          WHERE id = $1 AND site_id = $2 AND follow_up_due IS NOT NULL FOR UPDATE",
    )
    .bind(id)
    .bind(&staff.device.site_id)
    .fetch_optional(&mut *tx)
    .await?;
    match row {
        None => return Err(ServerError::NotFound),
        Some((Some(_),)) => return Err(ServerError::RatingFollowedUp),
        Some((None,)) => {}
    }
    let now = Utc::now();
    sqlx::query(
        "UPDATE ratings SET followed_up_at = $2, followed_up_by = $3, outcome = $4 WHERE id = $1",
    )
    .bind(id)
    .bind(now)
    .bind(staff.id())
    .bind(&outcome)
    .execute(&mut *tx)
    .await?;
    audit(
        &mut tx,
        Some(staff.id()),
        Some(staff.device.id),
        "desk_rating_follow_up",
        Some(&id.to_string()),
        json!({}),
    )
    .await?;
    tx.commit().await?;
    Ok(Json(RatingFollowUp {
        id,
        followed_up_at: now,
        outcome,
    }))
}
