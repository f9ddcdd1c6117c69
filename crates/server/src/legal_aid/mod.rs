//! Legal aid (法律援助) and legal consultation (法律咨询) on the server, issue 4.
//!
//! A device pushes `SubmitLegalAid`; the server routes it with core's Art. 38 rules and the
//! imported reference data to the competent office (when the same matter already reached
//! another competent office, the first to receive it keeps it), flags Art. 44 urgent cases,
//! and stores it exactly once (its `applied_mutations` row in the same transaction). Office
//! staff then work a queue, urgent first and by deadline, with each step (accept, one notice of
//! missing materials, decide, assign a lawyer, transfer, answer a consultation) allowed only
//! from the right state, for a legal aid officer, once per client-made action id. Every status
//! goes on the feed of the site where the request was made, and every step to the audit log.
//! Offices read their figures for any period as JSON or CSV.
//!
//! Split as notary is: this file holds the routes, the handlers, the errors and the reference
//! data; `push` takes what devices send, `stored` reads rows and records steps, `workflow` is
//! the office's steps, `queue` the queue and one request, `figures` the office's numbers.

use std::collections::HashMap;

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{middleware, Router};
use borderdesk_core::legal_aid::{
    self as rules, shanghai, step_clock, urgency, LegalAidError, LegalAidOffice, LegalAidReference,
    LegalAidStep, Routing, StepClock, UrgencyReason,
};
use borderdesk_core::staff::{self as staff_rules, OfficeKind, Permission};
use borderdesk_core::TrackingNumber;
use borderdesk_protocol::{
    codes, legal_aid_codes, Change, ErrorBody, KeyPart, LawyerContact, LegalAidAction,
    LegalAidActionKind, LegalAidActionResult, LegalAidBody, LegalAidCase, LegalAidEvent,
    LegalAidFigures, LegalAidFiguresQuery, LegalAidKind, LegalAidQueue, LegalAidQueueItem,
    LegalAidQueueQuery, LegalAidRequest, LegalAidStatus, LegalAidTrackRequest,
    LegalAidTrackResponse, Mutation, MutationBody, OfficeFigures, Outcome, PageError, PageQuery,
};
use chrono::{DateTime, Days, NaiveDate, NaiveTime, SubsecRound, TimeZone, Utc};
use serde_json::json;
use sha2::{Digest, Sha256};
use sqlx::types::Json as SqlJson;
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use crate::extract::{Device, Json, Paging, Path, Query};
use crate::staff::{audit, Staff};
use crate::{AppState, ServerError};

pub(crate) mod figures;
mod push;
mod queue;
mod stored;
mod workflow;

pub use figures::*;
pub use push::*;
pub use queue::*;
use stored::*;
pub use workflow::*;

/// Longest free text accepted in a request or a step (facts, reasons, notes).
pub const MAX_TEXT: usize = 20_000;

/// `/v1/sync/legal-aid/*`, with the protocol-version gate.
pub fn routes(state: &AppState) -> Router<AppState> {
    Router::new()
        .route("/v1/sync/legal-aid/reference", get(reference))
        .route("/v1/sync/legal-aid/track", post(track))
        .route("/v1/sync/legal-aid/queue", get(queue))
        .route("/v1/sync/legal-aid/requests/{id}", get(case))
        .route("/v1/sync/legal-aid/requests/{id}/actions", post(action))
        .route("/v1/sync/legal-aid/figures", get(figures))
        .route("/v1/sync/legal-aid/figures.csv", get(figures_csv))
        .route_layer(middleware::from_fn_with_state(
            state.clone(),
            crate::extract::require_protocol,
        ))
}

// ----- errors -------------------------------------------------------------------------------

/// Why a legal aid request or step was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LegalAidOpsError {
    #[error("no such legal aid request")]
    RequestUnknown,
    #[error("this step is not allowed while the request is {status}")]
    WrongState { status: &'static str },
    #[error("the notice of missing materials was sent already (one notice per request)")]
    MaterialsRequestedAlready,
    #[error("a notice of missing materials lists at least one item")]
    MaterialsEmpty,
    #[error("a refusal needs written reasons")]
    ReasonsRequired,
    #[error("a note is required")]
    NoteRequired,
    #[error("the lawyer's name, firm and phone are required")]
    LawyerIncomplete,
    #[error("no such legal aid office")]
    OfficeUnknown,
    #[error("the request is at this office already")]
    TransferSameOffice,
    #[error("this action id was used for another step")]
    ActionIdReused,
    #[error("this step does not apply to a {kind}")]
    WrongKind { kind: &'static str },
    #[error("the server has no legal aid reference data yet")]
    ReferenceMissing,
    #[error("{0}")]
    Rule(LegalAidError),
}

impl LegalAidOpsError {
    pub fn status(&self) -> StatusCode {
        match self {
            Self::RequestUnknown | Self::OfficeUnknown => StatusCode::NOT_FOUND,
            Self::WrongState { .. }
            | Self::MaterialsRequestedAlready
            | Self::ActionIdReused
            | Self::WrongKind { .. } => StatusCode::CONFLICT,
            Self::MaterialsEmpty
            | Self::ReasonsRequired
            | Self::NoteRequired
            | Self::LawyerIncomplete
            | Self::TransferSameOffice
            | Self::Rule(_) => StatusCode::UNPROCESSABLE_ENTITY,
            // Not set up yet: the device keeps the request and asks again later.
            Self::ReferenceMissing => StatusCode::CONFLICT,
        }
    }

    pub fn code(&self) -> &'static str {
        use legal_aid_codes as c;
        match self {
            Self::RequestUnknown => c::REQUEST_UNKNOWN,
            Self::WrongState { .. } => c::WRONG_STATE,
            Self::MaterialsRequestedAlready => c::MATERIALS_REQUESTED_ALREADY,
            Self::MaterialsEmpty => c::MATERIALS_EMPTY,
            Self::ReasonsRequired => c::REASONS_REQUIRED,
            Self::NoteRequired => c::NOTE_REQUIRED,
            Self::LawyerIncomplete => c::LAWYER_INCOMPLETE,
            Self::OfficeUnknown => c::OFFICE_UNKNOWN,
            Self::TransferSameOffice => c::TRANSFER_SAME_OFFICE,
            Self::ActionIdReused => c::ACTION_ID_REUSED,
            Self::WrongKind { .. } => c::WRONG_KIND,
            Self::ReferenceMissing => c::REFERENCE_MISSING,
            Self::Rule(e) => e.code(),
        }
    }
}

impl From<LegalAidError> for ServerError {
    fn from(e: LegalAidError) -> Self {
        LegalAidOpsError::Rule(e).into()
    }
}

fn internal(e: impl std::fmt::Display) -> ServerError {
    ServerError::Internal(e.to_string())
}

// ----- reference data -----------------------------------------------------------------------

/// What an import of legal aid reference data did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LegalAidImportSummary {
    pub offices: usize,
    pub routing_rules: usize,
    pub hardship_standards: usize,
}

/// Replaces the legal aid reference data (offices, routing rules, hardship standards, deadline
/// settings, holidays), all or nothing, after `LegalAidReference::check`.
pub async fn import_legal_aid(
    pool: &PgPool,
    reference: &LegalAidReference,
) -> Result<LegalAidImportSummary, ServerError> {
    reference
        .check()
        .map_err(|e| ServerError::BadRequest(format!("legal aid reference: {e}")))?;
    let body = serde_json::to_value(reference).map_err(internal)?;
    let mut tx = pool.begin().await?;
    // A new or changed reference goes to every device by the feed, in the same transaction;
    // the same one imported again adds nothing (unless none was ever published).
    let changed: bool = sqlx::query_scalar(
        "WITH before AS (SELECT body FROM legal_aid_reference WHERE id),
              stored AS (
                  INSERT INTO legal_aid_reference (id, body) VALUES (true, $1)
                  ON CONFLICT (id) DO UPDATE SET body = EXCLUDED.body, updated_at = now())
         SELECT NOT EXISTS (SELECT 1 FROM before WHERE body = $1)
             OR NOT EXISTS (SELECT 1 FROM changes WHERE subject = 'legal_aid_reference')",
    )
    .bind(&body)
    .fetch_one(&mut *tx)
    .await?;
    if changed {
        let change = Change::LegalAidReference {
            reference: Box::new(reference.clone()),
        };
        crate::admin::append_change(&mut tx, None, &change).await?;
    }
    tx.commit().await?;
    tracing::info!(
        offices = reference.offices.len(),
        "legal aid reference data imported"
    );
    Ok(LegalAidImportSummary {
        offices: reference.offices.len(),
        routing_rules: reference.routing_rules.len(),
        hardship_standards: reference.hardship_standards.len(),
    })
}

/// The current reference data; an error the device retries on when none was imported.
pub async fn load_reference(conn: &mut PgConnection) -> Result<LegalAidReference, ServerError> {
    let body: Option<SqlJson<LegalAidReference>> =
        sqlx::query_scalar("SELECT body FROM legal_aid_reference WHERE id")
            .fetch_optional(conn)
            .await?;
    Ok(body.ok_or(LegalAidOpsError::ReferenceMissing)?.0)
}

fn office<'a>(
    reference: &'a LegalAidReference,
    code: &str,
) -> Result<&'a LegalAidOffice, LegalAidOpsError> {
    reference
        .offices
        .iter()
        .find(|o| o.code == code)
        .ok_or(LegalAidOpsError::OfficeUnknown)
}

// ----- handlers --------------------------------------------------------------------------------

/// The legal aid reference data, for devices to cache (eligibility and routing offline).
#[utoipa::path(get, path = "/v1/sync/legal-aid/reference", tag = "legal_aid",
    params(("x-borderdesk-protocol" = u32, Header, description = "protocol version of the app")),
    security(("device_token" = [])),
    responses((status = 200, body = Object, description = "core::legal_aid::LegalAidReference"),
              (status = 401, body = ErrorBody),
              (status = 409, body = ErrorBody, description = "`error-legal-aid-reference-missing`")))]
pub async fn reference(
    State(state): State<AppState>,
    _device: Device,
) -> Result<Json<LegalAidReference>, ServerError> {
    let mut conn = state.pool.acquire().await?;
    Ok(Json(load_reference(&mut conn).await?))
}

/// A citizen tracks a request at any kiosk (device).
#[utoipa::path(post, path = "/v1/sync/legal-aid/track", tag = "legal_aid",
    request_body = LegalAidTrackRequest,
    params(("x-borderdesk-protocol" = u32, Header, description = "protocol version of the app")),
    security(("device_token" = [])),
    responses((status = 200, body = LegalAidTrackResponse),
              (status = 401, body = ErrorBody),
              (status = 404, body = ErrorBody, description = "`error-legal-aid-request-unknown` (also for wrong last four)")))]
pub async fn track(
    State(state): State<AppState>,
    device: Device,
    Json(request): Json<LegalAidTrackRequest>,
) -> Result<Json<LegalAidTrackResponse>, ServerError> {
    let lookup = track_request(&state.pool, &request);
    let found = crate::limits::track(
        &state.pool,
        device.id,
        &request.tracking_number,
        lookup,
        || LegalAidOpsError::RequestUnknown.into(),
    );
    Ok(Json(found.await?))
}

/// An office's queue (staff who view queues): urgent first, then by deadline, with overdue
/// flags against the Art. 43 limit and the same-day target.
#[utoipa::path(get, path = "/v1/sync/legal-aid/queue", tag = "legal_aid",
    params(LegalAidQueueQuery, PageQuery,
           ("x-borderdesk-protocol" = u32, Header, description = "protocol version of the app")),
    security(("device_token" = [], "staff_session" = [])),
    responses((status = 200, body = LegalAidQueue),
              (status = 400, body = ErrorBody, description = "`error-page-limit-invalid` or `error-page-cursor-invalid`"),
              (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody, description = "`error-staff-wrong-office` (another office's queue) or `error-permission-denied` (not a legal aid officer)"),
              (status = 404, body = ErrorBody, description = "`error-legal-aid-office-unknown`")))]
pub async fn queue(
    State(state): State<AppState>,
    staff: Staff,
    paging: Paging,
    Query(query): Query<LegalAidQueueQuery>,
) -> Result<Json<LegalAidQueue>, ServerError> {
    staff.require(Permission::ViewQueue)?;
    staff.require_office(OfficeKind::LegalAid, &query.office_code)?;
    Ok(Json(
        office_queue(&state.pool, &query, &paging, Utc::now()).await?,
    ))
}

/// One request in full, with its history (staff who view queues).
#[utoipa::path(get, path = "/v1/sync/legal-aid/requests/{id}", tag = "legal_aid",
    params(("id" = Uuid, Path, description = "the request"),
           ("x-borderdesk-protocol" = u32, Header, description = "protocol version of the app")),
    security(("device_token" = [], "staff_session" = [])),
    responses((status = 200, body = LegalAidCase),
              (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody, description = "`error-staff-wrong-office` (another office's request) or `error-permission-denied`"),
              (status = 404, body = ErrorBody, description = "`error-legal-aid-request-unknown`")))]
pub async fn case(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<Uuid>,
) -> Result<Json<LegalAidCase>, ServerError> {
    staff.require(Permission::ViewQueue)?;
    let office_code: Option<String> =
        sqlx::query_scalar("SELECT office_code FROM legal_aid_requests WHERE id = $1")
            .bind(id)
            .fetch_optional(&state.pool)
            .await?;
    let office_code = office_code.ok_or(LegalAidOpsError::RequestUnknown)?;
    staff.require_office(OfficeKind::LegalAid, &office_code)?;
    Ok(Json(load_case(&state.pool, id).await?.0))
}

/// One step of the office workflow (legal aid officers), once per `action_id`.
#[utoipa::path(post, path = "/v1/sync/legal-aid/requests/{id}/actions", tag = "legal_aid",
    request_body = LegalAidAction,
    params(("id" = Uuid, Path, description = "the request"),
           ("x-borderdesk-protocol" = u32, Header, description = "protocol version of the app")),
    security(("device_token" = [], "staff_session" = [])),
    responses((status = 200, body = LegalAidActionResult, description = "done now, or the first answer to this action id"),
              (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody, description = "`error-permission-denied`, or `error-staff-wrong-office` (a request of another office)"),
              (status = 404, body = ErrorBody, description = "request or office unknown"),
              (status = 409, body = ErrorBody, description = "wrong state, materials asked already, wrong kind, action id reused"),
              (status = 422, body = ErrorBody, description = "reasons, note, items or lawyer missing")))]
pub async fn action(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<Uuid>,
    Json(request): Json<LegalAidAction>,
) -> Result<Json<LegalAidActionResult>, ServerError> {
    Ok(Json(
        act(&state.pool, &staff, id, &request, Utc::now()).await?,
    ))
}

/// An office's (or every office's) figures for a period, as JSON.
#[utoipa::path(get, path = "/v1/sync/legal-aid/figures", tag = "legal_aid",
    params(LegalAidFiguresQuery,
           ("x-borderdesk-protocol" = u32, Header, description = "protocol version of the app")),
    security(("device_token" = [], "staff_session" = [])),
    responses((status = 200, body = LegalAidFigures),
              (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn figures(
    State(state): State<AppState>,
    staff: Staff,
    Query(query): Query<LegalAidFiguresQuery>,
) -> Result<Json<LegalAidFigures>, ServerError> {
    let query = figures_query(&staff, &query)?;
    Ok(Json(office_figures(&state.pool, &query).await?))
}

/// The same figures as CSV (UTF-8 with BOM), to open in Excel.
#[utoipa::path(get, path = "/v1/sync/legal-aid/figures.csv", tag = "legal_aid",
    params(LegalAidFiguresQuery,
           ("x-borderdesk-protocol" = u32, Header, description = "protocol version of the app")),
    security(("device_token" = [], "staff_session" = [])),
    responses((status = 200, content_type = "text/csv", body = String),
              (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn figures_csv(
    State(state): State<AppState>,
    staff: Staff,
    Query(query): Query<LegalAidFiguresQuery>,
) -> Result<Response, ServerError> {
    let query = figures_query(&staff, &query)?;
    let figures = office_figures(&state.pool, &query).await?;
    let response = figures_csv_response(&figures, query.lang.as_deref())?;
    audit_figures_export(
        &state.pool,
        staff.id(),
        Some(staff.device.id),
        &figures,
        query.office_code.as_deref(),
    )
    .await?;
    Ok(response)
}
