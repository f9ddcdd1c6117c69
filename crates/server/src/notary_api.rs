//! The notary side of video notarization over HTTP: kiosks read an office's availability
//! (seats per slot from now to the booking horizon, staff changes included at once); notary
//! staff read the day's bookings, mark them completed or missed once their slot has started
//! (exactly once), open, close and resize slots (never below the seats taken), and see the
//! SMS report. Every route sits behind the device token and the protocol-version gate.

use std::collections::HashMap;

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{middleware, Router};
use borderdesk_core::notary::{self, shanghai_date, NotaryError, NotaryOffice};
use borderdesk_core::staff::{OfficeKind, Permission};
use borderdesk_protocol::{
    codes, notary_codes, AvailabilityQuery, BookingOutcome, BookingStatus, DayBooking, ErrorBody,
    KeyPart, NotaryDay, OfficeDayQuery, OutcomeRecorded, OutcomeRequest, PageError, PageQuery,
    SlotAction, SlotAvailability, SlotChangeRequest, SlotSeats, SmsReport,
};
use chrono::{DateTime, NaiveDate, Utc};
use serde_json::json;
use sqlx::PgPool;
use uuid::Uuid;

use crate::extract::{Device, Json, Paging, Path, Query};
use crate::staff::Staff;
use crate::{AppState, ServerError};

/// Largest capacity staff may give a slot.
pub const MAX_SLOT_CAPACITY: u32 = 1000;

/// `/v1/sync/notary/*`, with the protocol-version gate.
pub fn routes(state: &AppState) -> Router<AppState> {
    Router::new()
        .route("/v1/sync/notary/availability", get(availability))
        .route("/v1/sync/notary/day", get(day))
        .route("/v1/sync/notary/sms", get(sms_report))
        .route("/v1/sync/notary/bookings/{id}/outcome", post(outcome))
        .route("/v1/sync/notary/slots", post(change_slot))
        .route_layer(middleware::from_fn_with_state(
            state.clone(),
            crate::extract::require_protocol,
        ))
}

/// Why a notary office operation was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NotaryOpsError {
    #[error("no such notary office")]
    OfficeUnknown,
    #[error("no such booking")]
    BookingUnknown,
    #[error("the slot holds {taken} bookings and cannot be closed")]
    SlotHasBookings { taken: u32 },
    #[error("the slot holds {taken} bookings; its capacity cannot go below that")]
    SlotBelowTaken { taken: u32 },
    #[error("only a confirmed booking gets an outcome")]
    OutcomeNotConfirmed,
    #[error("the booking's slot has not started yet")]
    OutcomeTooEarly,
    #[error("the booking's outcome was recorded already")]
    OutcomeRecorded,
    #[error("{0}")]
    Rule(NotaryError),
}

impl NotaryOpsError {
    pub fn status(&self) -> StatusCode {
        match self {
            Self::OfficeUnknown | Self::BookingUnknown => StatusCode::NOT_FOUND,
            Self::SlotHasBookings { .. }
            | Self::SlotBelowTaken { .. }
            | Self::OutcomeNotConfirmed
            | Self::OutcomeTooEarly
            | Self::OutcomeRecorded => StatusCode::CONFLICT,
            Self::Rule(_) => StatusCode::UNPROCESSABLE_ENTITY,
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            Self::OfficeUnknown => codes::NOTARY_OFFICE_UNKNOWN,
            Self::BookingUnknown => codes::BOOKING_NOT_FOUND,
            Self::SlotHasBookings { .. } => notary_codes::SLOT_HAS_BOOKINGS,
            Self::SlotBelowTaken { .. } => notary_codes::SLOT_BELOW_TAKEN,
            Self::OutcomeNotConfirmed => notary_codes::OUTCOME_NOT_CONFIRMED,
            Self::OutcomeTooEarly => notary_codes::OUTCOME_TOO_EARLY,
            Self::OutcomeRecorded => notary_codes::OUTCOME_RECORDED,
            Self::Rule(e) => e.code(),
        }
    }
}

/// An office's reference data, if it exists.
pub async fn load_office(pool: &PgPool, code: &str) -> Result<Option<NotaryOffice>, ServerError> {
    let body: Option<sqlx::types::Json<NotaryOffice>> =
        sqlx::query_scalar("SELECT body FROM notary_offices WHERE code = $1")
            .bind(code)
            .fetch_optional(pool)
            .await?;
    Ok(body.map(|b| b.0))
}

pub(crate) async fn office_or_404(pool: &PgPool, code: &str) -> Result<NotaryOffice, ServerError> {
    Ok(load_office(pool, code)
        .await?
        .ok_or(NotaryOpsError::OfficeUnknown)?)
}

/// Stored seat rows of an office between two instants: (capacity, taken) per slot start.
async fn seat_rows(
    pool: &PgPool,
    office_code: &str,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<HashMap<DateTime<Utc>, (u32, u32)>, ServerError> {
    let rows: Vec<(DateTime<Utc>, i32, i32)> = sqlx::query_as(
        "SELECT slot_start, capacity, taken FROM slot_seats
         WHERE office_code = $1 AND slot_start >= $2 AND slot_start < $3",
    )
    .bind(office_code)
    .bind(from)
    .bind(to)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(s, c, t)| (s, (c.max(0) as u32, t.max(0) as u32)))
        .collect())
}

fn seats_of(slots: &[notary::Slot], rows: &HashMap<DateTime<Utc>, (u32, u32)>) -> Vec<SlotSeats> {
    slots
        .iter()
        .map(|s| {
            let start = s.start.with_timezone(&Utc);
            let (capacity, taken) = rows.get(&start).copied().unwrap_or((s.capacity, 0));
            SlotSeats {
                slot_start: start,
                capacity,
                taken,
            }
        })
        .collect()
}

/// Seats per bookable slot of an office, from `now` to its horizon, as the server counts them.
pub async fn office_availability(
    pool: &PgPool,
    office_code: &str,
    now: DateTime<Utc>,
) -> Result<SlotAvailability, ServerError> {
    let office = office_or_404(pool, office_code).await?;
    let slots = notary::slots(&office.calendar, now, now);
    let seats = match (slots.first(), slots.last()) {
        (Some(first), Some(last)) => {
            let from = first.start.with_timezone(&Utc);
            let to = last.start.with_timezone(&Utc) + chrono::Duration::seconds(1);
            seats_of(&slots, &seat_rows(pool, &office.code, from, to).await?)
        }
        _ => Vec::new(),
    };
    Ok(SlotAvailability {
        office_code: office.code,
        as_of: now,
        slots: seats,
    })
}

/// Seats of an office's slots, bookable from now to the horizon, with capacity and taken.
#[utoipa::path(get, path = "/v1/sync/notary/availability", tag = "notary",
    params(AvailabilityQuery,
           ("x-borderdesk-protocol" = u32, Header, description = "protocol version of the app")),
    security(("device_token" = [])),
    responses((status = 200, body = SlotAvailability),
              (status = 401, body = ErrorBody),
              (status = 404, body = ErrorBody, description = "`error-notary-office-unknown`")))]
pub async fn availability(
    State(state): State<AppState>,
    _device: Device,
    Query(q): Query<AvailabilityQuery>,
) -> Result<Json<SlotAvailability>, ServerError> {
    Ok(Json(
        office_availability(&state.pool, &q.office_code, Utc::now()).await?,
    ))
}

/// Which list a cursor of a notary day belongs to.
const DAY: &str = "notary-day";

/// A day of an office: every slot with its seats, and a page of its confirmed and cancelled
/// bookings (by slot, then as received).
pub async fn office_day(
    pool: &PgPool,
    office_code: &str,
    date: NaiveDate,
    paging: &Paging,
) -> Result<NotaryDay, ServerError> {
    let after = match paging.after(DAY)?.as_deref() {
        None => None,
        Some([KeyPart::Time(slot), KeyPart::Time(received), KeyPart::Id(id)]) => {
            Some((*slot, *received, *id))
        }
        Some(_) => return Err(PageError::Cursor.into()),
    };
    let office = office_or_404(pool, office_code).await?;
    let (from, to) = crate::sms::day_bounds(date);
    let slots = office.calendar.day_slots(date);
    let seats = seats_of(&slots, &seat_rows(pool, &office.code, from, to).await?);
    type Row = (
        Uuid,
        DateTime<Utc>,
        String,
        String,
        String,
        Option<String>,
        Option<String>,
        DateTime<Utc>,
    );
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT id, slot_start, matter_code, tracking_number, status, outcome, phone, received_at
         FROM bookings
         WHERE office_code = $1 AND slot_start >= $2 AND slot_start < $3
           AND status IN ('confirmed', 'cancelled')
           AND ($4::timestamptz IS NULL OR (slot_start, received_at, id) > ($4, $5, $6))
         ORDER BY slot_start, received_at, id LIMIT $7",
    )
    .bind(&office.code)
    .bind(from)
    .bind(to)
    .bind(after.map(|a| a.0))
    .bind(after.map(|a| a.1))
    .bind(after.map(|a| a.2))
    .bind(paging.fetch())
    .fetch_all(pool)
    .await?;
    let (rows, next) = paging.page(DAY, rows, |r| {
        vec![KeyPart::Time(r.1), KeyPart::Time(r.7), KeyPart::Id(r.0)]
    });
    let bookings = rows
        .into_iter()
        .map(
            |(booking_id, slot_start, matter_code, tracking_number, status, outcome, phone, _)| {
                Ok(DayBooking {
                    booking_id,
                    slot_start,
                    matter_code,
                    tracking_number,
                    status: BookingStatus::parse(&status).ok_or_else(|| {
                        ServerError::Internal(format!("booking status {status:?}"))
                    })?,
                    outcome: outcome.as_deref().and_then(BookingOutcome::parse),
                    phone_masked: phone.as_deref().map(crate::sms::mask_phone),
                })
            },
        )
        .collect::<Result<_, ServerError>>()?;
    Ok(NotaryDay {
        office_code: office.code,
        date,
        slots: seats,
        bookings,
        next,
    })
}

/// The day's bookings and slots of an office (notary staff).
#[utoipa::path(get, path = "/v1/sync/notary/day", tag = "notary",
    params(OfficeDayQuery, PageQuery,
           ("x-borderdesk-protocol" = u32, Header, description = "protocol version of the app")),
    security(("device_token" = [], "staff_session" = [])),
    responses((status = 200, body = NotaryDay),
              (status = 400, body = ErrorBody, description = "`error-page-limit-invalid` or `error-page-cursor-invalid`"),
              (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody, description = "`error-permission-denied`, or `error-staff-wrong-office` (another office)"),
              (status = 404, body = ErrorBody, description = "`error-notary-office-unknown`")))]
pub async fn day(
    State(state): State<AppState>,
    staff: Staff,
    paging: Paging,
    Query(q): Query<OfficeDayQuery>,
) -> Result<Json<NotaryDay>, ServerError> {
    staff.require(Permission::MarkBooking)?;
    staff.require_office(OfficeKind::Notary, &q.office_code)?;
    Ok(Json(
        office_day(&state.pool, &q.office_code, q.date, &paging).await?,
    ))
}

/// What was sent, what failed and why, for the bookings of an office's day (notary staff).
#[utoipa::path(get, path = "/v1/sync/notary/sms", tag = "notary",
    params(OfficeDayQuery, PageQuery,
           ("x-borderdesk-protocol" = u32, Header, description = "protocol version of the app")),
    security(("device_token" = [], "staff_session" = [])),
    responses((status = 200, body = SmsReport),
              (status = 400, body = ErrorBody, description = "`error-page-limit-invalid` or `error-page-cursor-invalid`"),
              (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody, description = "`error-permission-denied`, or `error-staff-wrong-office` (another office)"),
              (status = 404, body = ErrorBody, description = "`error-notary-office-unknown`")))]
pub async fn sms_report(
    State(state): State<AppState>,
    staff: Staff,
    paging: Paging,
    Query(q): Query<OfficeDayQuery>,
) -> Result<Json<SmsReport>, ServerError> {
    staff.require(Permission::MarkBooking)?;
    staff.require_office(OfficeKind::Notary, &q.office_code)?;
    office_or_404(&state.pool, &q.office_code).await?;
    Ok(Json(
        crate::sms::report(&state.pool, &q.office_code, q.date, &paging).await?,
    ))
}

async fn audit(
    tx: &mut sqlx::PgConnection,
    staff: &Staff,
    action: &str,
    subject: &str,
    detail: serde_json::Value,
) -> Result<(), ServerError> {
    sqlx::query(
        "INSERT INTO audit_log (staff_id, device_id, action, subject, detail)
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(staff.id())
    .bind(staff.device.id)
    .bind(action)
    .bind(subject)
    .bind(detail)
    .execute(tx)
    .await?;
    Ok(())
}

/// Records what happened at a confirmed booking whose slot has started, once.
pub async fn record_outcome(
    pool: &PgPool,
    staff: &Staff,
    booking_id: Uuid,
    outcome: BookingOutcome,
    now: DateTime<Utc>,
) -> Result<OutcomeRecorded, ServerError> {
    let mut tx = pool.begin().await?;
    let row: Option<(String, DateTime<Utc>, Option<String>, String)> = sqlx::query_as(
        "SELECT status, slot_start, outcome, office_code FROM bookings WHERE id = $1 FOR UPDATE",
    )
    .bind(booking_id)
    .fetch_optional(&mut *tx)
    .await?;
    let (status, slot_start, recorded, office_code) = row.ok_or(NotaryOpsError::BookingUnknown)?;
    staff.require_office(OfficeKind::Notary, &office_code)?;
    if recorded.is_some() {
        return Err(NotaryOpsError::OutcomeRecorded.into());
    }
    if status != BookingStatus::Confirmed.as_str() {
        return Err(NotaryOpsError::OutcomeNotConfirmed.into());
    }
    if slot_start > now {
        return Err(NotaryOpsError::OutcomeTooEarly.into());
    }
    sqlx::query("UPDATE bookings SET outcome = $2, outcome_at = $3, outcome_by = $4 WHERE id = $1")
        .bind(booking_id)
        .bind(outcome.as_str())
        .bind(now)
        .bind(staff.id())
        .execute(&mut *tx)
        .await?;
    audit(
        &mut tx,
        staff,
        "notary_booking_outcome",
        &booking_id.to_string(),
        json!({ "outcome": outcome.as_str() }),
    )
    .await?;
    tx.commit().await?;
    Ok(OutcomeRecorded {
        booking_id,
        outcome,
        at: now,
    })
}

/// Marks a confirmed booking completed or missed, once its slot has started (notary staff).
#[utoipa::path(post, path = "/v1/sync/notary/bookings/{id}/outcome", tag = "notary",
    request_body = OutcomeRequest,
    params(("id" = Uuid, Path, description = "the booking"),
           ("x-borderdesk-protocol" = u32, Header, description = "protocol version of the app")),
    security(("device_token" = [], "staff_session" = [])),
    responses((status = 200, body = OutcomeRecorded),
              (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody, description = "`error-permission-denied`, or `error-staff-wrong-office` (another office)"),
              (status = 404, body = ErrorBody, description = "`error-booking-not-found`"),
              (status = 409, body = ErrorBody, description = "not confirmed, not started, or marked already")))]
pub async fn outcome(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<Uuid>,
    Json(request): Json<OutcomeRequest>,
) -> Result<Json<OutcomeRecorded>, ServerError> {
    staff.require(Permission::MarkBooking)?;
    Ok(Json(
        record_outcome(&state.pool, &staff, id, request.outcome, Utc::now()).await?,
    ))
}

/// Closes, opens or resizes one slot of an office's calendar; kiosks see it in the next
/// availability they read.
pub async fn apply_slot_change(
    pool: &PgPool,
    staff: &Staff,
    request: &SlotChangeRequest,
) -> Result<SlotSeats, ServerError> {
    let office = office_or_404(pool, &request.office_code).await?;
    let slot_start = request.slot_start;
    let is_slot = office
        .calendar
        .day_slots(shanghai_date(&slot_start))
        .iter()
        .any(|s| s.start == slot_start);
    if !is_slot {
        return Err(NotaryOpsError::Rule(NotaryError::NotASlot).into());
    }
    let default_capacity = office.calendar.capacity_per_slot.min(MAX_SLOT_CAPACITY);
    let mut tx = pool.begin().await?;
    // The seat row every decision on the slot serializes on; locked until commit.
    sqlx::query(
        "INSERT INTO slot_seats (office_code, slot_start, capacity, taken) VALUES ($1, $2, $3, 0)
         ON CONFLICT (office_code, slot_start) DO NOTHING",
    )
    .bind(&office.code)
    .bind(slot_start)
    .bind(default_capacity as i32)
    .execute(&mut *tx)
    .await?;
    let (old_capacity, taken): (i32, i32) = sqlx::query_as(
        "SELECT capacity, taken FROM slot_seats
         WHERE office_code = $1 AND slot_start = $2 FOR UPDATE",
    )
    .bind(&office.code)
    .bind(slot_start)
    .fetch_one(&mut *tx)
    .await?;
    let taken = taken.max(0) as u32;
    let new_capacity = match request.action {
        SlotAction::Close if taken > 0 => {
            return Err(NotaryOpsError::SlotHasBookings { taken }.into())
        }
        SlotAction::Close => 0,
        SlotAction::Open => default_capacity.max(taken),
        SlotAction::Resize { capacity } if capacity < taken => {
            return Err(NotaryOpsError::SlotBelowTaken { taken }.into())
        }
        SlotAction::Resize { capacity } if capacity > MAX_SLOT_CAPACITY => {
            return Err(ServerError::BadRequest(format!(
                "a slot takes at most {MAX_SLOT_CAPACITY} appointments"
            )))
        }
        SlotAction::Resize { capacity } => capacity,
    };
    sqlx::query(
        "UPDATE slot_seats SET capacity = $3, changed_by = $4, changed_at = now()
         WHERE office_code = $1 AND slot_start = $2",
    )
    .bind(&office.code)
    .bind(slot_start)
    .bind(new_capacity as i32)
    .bind(staff.id())
    .execute(&mut *tx)
    .await?;
    audit(
        &mut tx,
        staff,
        "notary_slot_change",
        &format!("{}@{}", office.code, slot_start.to_rfc3339()),
        json!({ "from": old_capacity, "to": new_capacity, "taken": taken }),
    )
    .await?;
    tx.commit().await?;
    Ok(SlotSeats {
        slot_start,
        capacity: new_capacity,
        taken,
    })
}

/// Closes, opens or resizes a slot (notary staff): never below the seats already taken.
#[utoipa::path(post, path = "/v1/sync/notary/slots", tag = "notary",
    request_body = SlotChangeRequest,
    params(("x-borderdesk-protocol" = u32, Header, description = "protocol version of the app")),
    security(("device_token" = [], "staff_session" = [])),
    responses((status = 200, body = SlotSeats, description = "the slot as it now stands"),
              (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody, description = "`error-permission-denied`, or `error-staff-wrong-office` (another office)"),
              (status = 404, body = ErrorBody, description = "`error-notary-office-unknown`"),
              (status = 409, body = ErrorBody, description = "the slot holds bookings (close) or more bookings than the new capacity"),
              (status = 422, body = ErrorBody, description = "`error-slot-not-offered`: not a slot of the calendar")))]
pub async fn change_slot(
    State(state): State<AppState>,
    staff: Staff,
    Json(request): Json<SlotChangeRequest>,
) -> Result<Json<SlotSeats>, ServerError> {
    staff.require(Permission::ManageCalendar)?;
    staff.require_office(OfficeKind::Notary, &request.office_code)?;
    Ok(Json(
        apply_slot_change(&state.pool, &staff, &request).await?,
    ))
}
