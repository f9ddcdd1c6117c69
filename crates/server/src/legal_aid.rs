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
             OR NOT EXISTS (SELECT 1 FROM changes WHERE body->>'entity' = 'legal_aid_reference')",
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

// ----- push ---------------------------------------------------------------------------------

fn rejected(code: &str, message: impl Into<String>) -> Outcome {
    Outcome::Rejected {
        code: code.to_string(),
        message: message.into(),
    }
}

/// Routes and stores one pushed request in its own transaction, with its `applied_mutations`
/// row (see `once`).
pub async fn apply(
    pool: &PgPool,
    device: &Device,
    mutation: &Mutation,
) -> Result<Outcome, ServerError> {
    let MutationBody::SubmitLegalAid { request } = &mutation.body else {
        return Err(internal("not a legal aid mutation"));
    };
    crate::once::retrying(device, "legal aid", || {
        apply_once(pool, device, mutation.id, request)
    })
    .await
}

async fn apply_once(
    pool: &PgPool,
    device: &Device,
    mutation_id: Uuid,
    request: &LegalAidRequest,
) -> Result<Outcome, ServerError> {
    let mut tx = pool.begin().await?;
    if let crate::once::Claim::Replay(outcome) =
        crate::once::claim(&mut tx, device, mutation_id).await?
    {
        tx.rollback().await?;
        return Ok(outcome);
    }
    // PostgreSQL keeps microseconds: so do the times the feed and the answers carry.
    let now = Utc::now().trunc_subsecs(6);
    let outcome = submit(&mut tx, device, request, now).await?;
    crate::once::settle(&mut tx, mutation_id, &outcome).await?;
    tx.commit().await?;
    Ok(outcome)
}

fn too_long(s: &str) -> bool {
    s.len() > MAX_TEXT
}

fn blank(s: &str) -> bool {
    s.trim().is_empty()
}

/// What the server re-checks of a pushed request.
fn check_shape(device: &Device, request: &LegalAidRequest) -> Result<(), Outcome> {
    let bad = |m: &str| Err(rejected(legal_aid_codes::REQUEST_MALFORMED, m));
    let code = request.tracking_number.device_code();
    if !device.holds_code(code) {
        return bad("the tracking number belongs to another device");
    }
    match &request.body {
        LegalAidBody::Application(a) => {
            if blank(&a.applicant.name)
                || blank(&a.applicant.id_number)
                || blank(&a.applicant.phone)
            {
                return bad("the applicant's name, ID number and phone are required");
            }
            if blank(&a.opposing_party.name) {
                return bad("the opposing party is required");
            }
            if blank(&a.facts) || too_long(&a.facts) {
                return bad("the facts are missing or too long");
            }
            if let Some(agent) = &a.agent {
                if blank(&agent.name) || blank(&agent.id_number) {
                    return bad("the agent's name and ID number are required");
                }
            }
        }
        LegalAidBody::Consultation(c) => {
            if blank(&c.topic) || blank(&c.question) || blank(&c.phone) {
                return bad("the topic, question and phone are required");
            }
            if too_long(&c.question) {
                return bad("the question is too long");
            }
        }
    }
    // Then everything the kiosk checked before saving it, by the same rule (a day's leeway:
    // a kiosk's today may be ahead of the server's near midnight).
    let today = Utc::now().with_timezone(&shanghai()).date_naive() + Days::new(1);
    if let Some(p) = request.body.problem(today) {
        return bad(&format!("{}: {}", p.field, p.error.code()));
    }
    Ok(())
}

/// The same matter pushed again (maybe at another kiosk, to another competent office): same
/// applicant, same Art. 31 matter, same opposing party. A hash; never the ID number itself.
fn match_key(request: &LegalAidRequest) -> Option<String> {
    let LegalAidBody::Application(a) = &request.body else {
        return None;
    };
    let matter = serde_json::to_string(&a.eligibility.matter).ok()?;
    let squash = |s: &str| -> String { s.chars().filter(|c| !c.is_whitespace()).collect() };
    let key = format!(
        "{}|{}|{}",
        squash(&a.applicant.id_number).to_uppercase(),
        matter,
        squash(&a.opposing_party.name)
    );
    Some(hex::encode(Sha256::digest(key.as_bytes())))
}

/// Routes, flags and stores a request whose mutation id was just claimed.
async fn submit(
    tx: &mut PgConnection,
    device: &Device,
    request: &LegalAidRequest,
    now: DateTime<Utc>,
) -> Result<Outcome, ServerError> {
    if let Err(outcome) = check_shape(device, request) {
        return Ok(outcome);
    }
    let reference = load_reference(&mut *tx).await?;
    let today = now.with_timezone(&shanghai()).date_naive();
    let mut first_to_receive = false;
    let mut key = None;
    let (office, routing, urgency_reasons) = match &request.body {
        LegalAidBody::Application(a) => {
            let mut routing =
                match rules::route(&a.routing, &reference.offices, &reference.routing_rules) {
                    Ok(r) => r,
                    Err(e) => return Ok(rejected(e.code(), e.to_string())),
                };
            key = match_key(request);
            if let Some(key) = &key {
                // Two pushes of the same matter decide one after the other.
                sqlx::query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))")
                    .bind(key)
                    .execute(&mut *tx)
                    .await?;
                let competent: Vec<&str> = std::iter::once(routing.office.code.as_str())
                    .chain(routing.alternatives.iter().map(|c| c.office.code.as_str()))
                    .collect();
                let earlier: Option<String> = sqlx::query_scalar(
                    "SELECT office_code FROM legal_aid_requests
                      WHERE match_key = $1 AND office_code = ANY($2) AND status <> 'refused'
                      ORDER BY first_received_at, id LIMIT 1",
                )
                .bind(key)
                .bind(&competent)
                .fetch_optional(&mut *tx)
                .await?;
                if let Some(earlier) = earlier {
                    routing = routing.first_received_by(&earlier, &a.routing.applicant_county);
                }
            }
            first_to_receive = !routing.alternatives.is_empty();
            (
                routing.office.clone(),
                Some(routing),
                urgency(&a.urgency, today),
            )
        }
        LegalAidBody::Consultation(c) => {
            match rules::office_for_area(&c.county, &reference.offices, &reference.routing_rules) {
                Ok(o) => (o.clone(), None, Vec::new()),
                Err(e) => return Ok(rejected(e.code(), e.to_string())),
            }
        }
    };
    let urgent = !urgency_reasons.is_empty();
    let inserted: Option<Uuid> = sqlx::query_scalar(
        "INSERT INTO legal_aid_requests (id, tracking_number, kind, device_id, site_id,
             office_code, status, body, routing, first_to_receive, match_key, urgent, urgency,
             made_at, first_received_at, received_at)
         VALUES ($1, $2, $3, $4, $5, $6, 'received', $7, $8, $9, $10, $11, $12, $13, $14, $14)
         ON CONFLICT DO NOTHING RETURNING id",
    )
    .bind(request.id)
    .bind(request.tracking_number.as_str())
    .bind(request.kind().as_str())
    .bind(device.id)
    .bind(&device.site_id)
    .bind(&office.code)
    .bind(SqlJson(request))
    .bind(routing.as_ref().map(SqlJson))
    .bind(first_to_receive)
    .bind(&key)
    .bind(urgent)
    .bind(SqlJson(&urgency_reasons))
    .bind(request.made_at)
    .bind(now)
    .fetch_optional(&mut *tx)
    .await?;
    if inserted.is_none() {
        let exists: bool =
            sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM legal_aid_requests WHERE id = $1)")
                .bind(request.id)
                .fetch_one(&mut *tx)
                .await?;
        return Ok(if exists {
            Outcome::Duplicate
        } else {
            Outcome::Conflict {
                code: codes::TRACKING_NUMBER_TAKEN.to_string(),
                message: "this tracking number is already used by another request".to_string(),
            }
        });
    }
    let notes: Vec<String> = routing
        .as_ref()
        .map(|r| {
            std::iter::once(r.reason.code())
                .chain(r.note_ids())
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    let row = Row {
        id: request.id,
        tracking_number: request.tracking_number.clone(),
        kind: request.kind(),
        site_id: device.site_id.clone(),
        office_code: office.code.clone(),
        status: LegalAidStatus::Received,
        urgent,
        received_at: now,
        materials_requested: false,
    };
    record(
        tx,
        &row,
        &office,
        None,
        Feed {
            status: LegalAidStatus::Received,
            note: None,
            routing_notes: notes,
            missing_materials: Vec::new(),
            lawyer: None,
        },
        now,
    )
    .await?;
    Ok(Outcome::Applied)
}

// ----- the stored request and its events ---------------------------------------------------

/// The columns a step needs.
#[derive(Debug, Clone)]
struct Row {
    id: Uuid,
    tracking_number: TrackingNumber,
    kind: LegalAidKind,
    site_id: String,
    office_code: String,
    status: LegalAidStatus,
    urgent: bool,
    received_at: DateTime<Utc>,
    materials_requested: bool,
}

type RowTuple = (
    Uuid,
    String,
    String,
    String,
    String,
    String,
    bool,
    DateTime<Utc>,
    Option<DateTime<Utc>>,
);

const ROW_COLUMNS: &str = "id, tracking_number, kind, site_id, office_code, status, urgent,
    received_at, materials_requested_at";

fn read_row(t: RowTuple) -> Result<Row, ServerError> {
    let (id, tn, kind, site_id, office_code, status, urgent, received_at, materials) = t;
    Ok(Row {
        id,
        tracking_number: TrackingNumber::parse(&tn).map_err(internal)?,
        kind: LegalAidKind::parse(&kind).ok_or_else(|| internal(format!("kind {kind:?}")))?,
        site_id,
        office_code,
        status: parse_status(&status)?,
        urgent,
        received_at,
        materials_requested: materials.is_some(),
    })
}

fn parse_status(s: &str) -> Result<LegalAidStatus, ServerError> {
    LegalAidStatus::parse(s).ok_or_else(|| internal(format!("legal aid status {s:?}")))
}

/// What the citizen's kiosk is told.
struct Feed {
    status: LegalAidStatus,
    note: Option<String>,
    routing_notes: Vec<String>,
    missing_materials: Vec<String>,
    lawyer: Option<LawyerContact>,
}

/// Writes the event (history and figures) and the change for the devices of the site where
/// the request was made, in the caller's transaction.
async fn record(
    tx: &mut PgConnection,
    row: &Row,
    office: &LegalAidOffice,
    staff: Option<Uuid>,
    feed: Feed,
    now: DateTime<Utc>,
) -> Result<(), ServerError> {
    sqlx::query(
        "INSERT INTO legal_aid_events (request_id, office_code, kind, status, staff_id, note,
             since, at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(row.id)
    .bind(&office.code)
    .bind(row.kind.as_str())
    .bind(feed.status.as_str())
    .bind(staff)
    .bind(&feed.note)
    .bind(row.received_at)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    let change = Change::LegalAidStatus {
        request_id: row.id,
        tracking_number: row.tracking_number.clone(),
        kind: row.kind,
        status: feed.status,
        note: feed.note,
        office: Box::new(office.clone()),
        routing_notes: feed.routing_notes,
        missing_materials: feed.missing_materials,
        lawyer: feed.lawyer,
        urgent: row.urgent,
        at: now,
    };
    sqlx::query("INSERT INTO changes (site_id, body) VALUES ($1, $2)")
        .bind(&row.site_id)
        .bind(serde_json::to_value(&change).map_err(internal)?)
        .execute(&mut *tx)
        .await?;
    Ok(())
}

// ----- the office workflow -----------------------------------------------------------------

fn required(s: &str, e: LegalAidOpsError) -> Result<String, LegalAidOpsError> {
    let t = s.trim();
    if t.is_empty() {
        Err(e)
    } else if too_long(t) {
        Err(LegalAidOpsError::NoteRequired)
    } else {
        Ok(t.to_owned())
    }
}

/// Checks what a step carries before looking at the request.
fn check_input(step: &LegalAidActionKind) -> Result<(), LegalAidOpsError> {
    match step {
        LegalAidActionKind::Accept => {}
        LegalAidActionKind::RequestMaterials { items, .. } => {
            if items.iter().all(|i| blank(i)) {
                return Err(LegalAidOpsError::MaterialsEmpty);
            }
        }
        LegalAidActionKind::Decide { approve, reasons } => {
            if !approve {
                required(
                    reasons.as_deref().unwrap_or(""),
                    LegalAidOpsError::ReasonsRequired,
                )?;
            }
        }
        LegalAidActionKind::Assign { lawyer } => {
            if blank(&lawyer.name) || blank(&lawyer.firm) || blank(&lawyer.phone) {
                return Err(LegalAidOpsError::LawyerIncomplete);
            }
        }
        LegalAidActionKind::Transfer { reason, .. } => {
            required(reason, LegalAidOpsError::NoteRequired)?;
        }
        LegalAidActionKind::Answer { note } => {
            required(note, LegalAidOpsError::NoteRequired)?;
        }
    }
    Ok(())
}

/// Does one step of the office workflow for a legal aid officer: only from the right state,
/// once per action id (a replay answers the first result).
pub async fn act(
    pool: &PgPool,
    staff: &Staff,
    request_id: Uuid,
    action: &LegalAidAction,
    now: DateTime<Utc>,
) -> Result<LegalAidActionResult, ServerError> {
    staff.require(Permission::DecideLegalAid)?;
    // PostgreSQL keeps microseconds: so do the times the feed and the answers carry.
    let now = now.trunc_subsecs(6);
    let step = &action.step;
    let mut tx = pool.begin().await?;
    // The request's row lock orders every step on it, replays included.
    let row: Option<RowTuple> = sqlx::query_as(&format!(
        "SELECT {ROW_COLUMNS} FROM legal_aid_requests WHERE id = $1 FOR UPDATE"
    ))
    .bind(request_id)
    .fetch_optional(&mut *tx)
    .await?;
    let row = read_row(row.ok_or(LegalAidOpsError::RequestUnknown)?)?;
    let earlier: Option<(Uuid, String, SqlJson<LegalAidActionResult>)> = sqlx::query_as(
        "SELECT request_id, action, result FROM legal_aid_actions WHERE action_id = $1",
    )
    .bind(action.action_id)
    .fetch_optional(&mut *tx)
    .await?;
    if let Some((rid, kind, result)) = earlier {
        tx.rollback().await?;
        if rid == request_id && kind == step.as_str() {
            return Ok(result.0);
        }
        return Err(LegalAidOpsError::ActionIdReused.into());
    }
    // Only the officers of the office that holds it (after a transfer: the new one's). A
    // replay above answers what its officer was told before, even after a transfer.
    staff.require_office(OfficeKind::LegalAid, &row.office_code)?;
    check_input(step)?;
    let reference = load_reference(&mut tx).await?;
    use LegalAidStatus as S;
    let application = row.kind == LegalAidKind::Application;
    let wrong_state = || LegalAidOpsError::WrongState {
        status: row.status.as_str(),
    };
    let wrong_kind = LegalAidOpsError::WrongKind {
        kind: row.kind.as_str(),
    };
    let mut feed = Feed {
        status: row.status,
        note: None,
        routing_notes: Vec::new(),
        missing_materials: Vec::new(),
        lawyer: None,
    };
    let mut office_code = row.office_code.clone();
    let mut audit_detail = json!({});
    match step {
        LegalAidActionKind::Accept => {
            if !application {
                return Err(wrong_kind.into());
            }
            if !matches!(row.status, S::Received | S::Transferred) {
                return Err(wrong_state().into());
            }
            feed.status = S::Accepted;
            sqlx::query(
                "UPDATE legal_aid_requests SET status = 'accepted', accepted_at = $2 WHERE id = $1",
            )
            .bind(row.id)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
        LegalAidActionKind::RequestMaterials { items, note } => {
            if !application {
                return Err(wrong_kind.into());
            }
            if row.materials_requested {
                return Err(LegalAidOpsError::MaterialsRequestedAlready.into());
            }
            if !matches!(row.status, S::Received | S::Transferred | S::Accepted) {
                return Err(wrong_state().into());
            }
            let items: Vec<String> = items
                .iter()
                .map(|i| i.trim().to_owned())
                .filter(|i| !i.is_empty())
                .collect();
            feed.status = S::MaterialsRequested;
            feed.note = note
                .as_deref()
                .map(str::trim)
                .filter(|n| !n.is_empty())
                .map(str::to_owned);
            sqlx::query(
                "UPDATE legal_aid_requests SET status = 'materials_requested',
                        materials_requested_at = $2, missing_materials = $3,
                        accepted_at = coalesce(accepted_at, $2)
                  WHERE id = $1",
            )
            .bind(row.id)
            .bind(now)
            .bind(SqlJson(&items))
            .execute(&mut *tx)
            .await?;
            audit_detail = json!({ "items": items.len() });
            feed.missing_materials = items;
        }
        LegalAidActionKind::Decide { approve, reasons } => {
            if !application {
                return Err(wrong_kind.into());
            }
            if !matches!(row.status, S::Accepted | S::MaterialsRequested) {
                return Err(wrong_state().into());
            }
            feed.status = if *approve { S::Approved } else { S::Refused };
            feed.note = reasons
                .as_deref()
                .map(str::trim)
                .filter(|r| !r.is_empty())
                .map(str::to_owned);
            sqlx::query(
                "UPDATE legal_aid_requests SET status = $2, decided_at = $3, note = $4,
                        approved_at = CASE WHEN $5 THEN $3 END
                  WHERE id = $1",
            )
            .bind(row.id)
            .bind(feed.status.as_str())
            .bind(now)
            .bind(&feed.note)
            .bind(*approve)
            .execute(&mut *tx)
            .await?;
            audit_detail = json!({ "approve": approve });
        }
        LegalAidActionKind::Assign { lawyer } => {
            if !application {
                return Err(wrong_kind.into());
            }
            if row.status != S::Approved {
                return Err(wrong_state().into());
            }
            let lawyer = LawyerContact {
                name: lawyer.name.trim().to_owned(),
                firm: lawyer.firm.trim().to_owned(),
                phone: lawyer.phone.trim().to_owned(),
            };
            feed.status = S::Assigned;
            sqlx::query(
                "UPDATE legal_aid_requests SET status = 'assigned', assigned_at = $2, lawyer = $3
                  WHERE id = $1",
            )
            .bind(row.id)
            .bind(now)
            .bind(SqlJson(&lawyer))
            .execute(&mut *tx)
            .await?;
            feed.lawyer = Some(lawyer);
        }
        LegalAidActionKind::Transfer { to_office, reason } => {
            if !matches!(
                row.status,
                S::Received | S::Transferred | S::Accepted | S::MaterialsRequested
            ) {
                return Err(wrong_state().into());
            }
            let to = office(&reference, to_office.trim())?;
            if to.code == row.office_code {
                return Err(LegalAidOpsError::TransferSameOffice.into());
            }
            feed.status = S::Transferred;
            feed.note = Some(reason.trim().to_owned());
            sqlx::query(
                "UPDATE legal_aid_requests SET status = 'transferred', office_code = $2,
                        received_at = $3, accepted_at = NULL
                  WHERE id = $1",
            )
            .bind(row.id)
            .bind(&to.code)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            audit_detail = json!({ "from": row.office_code, "to": to.code });
            office_code = to.code.clone();
        }
        LegalAidActionKind::Answer { note } => {
            if application {
                return Err(wrong_kind.into());
            }
            if !matches!(row.status, S::Received | S::Transferred) {
                return Err(wrong_state().into());
            }
            feed.status = S::Answered;
            feed.note = Some(note.trim().to_owned());
            sqlx::query(
                "UPDATE legal_aid_requests SET status = 'answered', decided_at = $2, note = $3
                  WHERE id = $1",
            )
            .bind(row.id)
            .bind(now)
            .bind(&feed.note)
            .execute(&mut *tx)
            .await?;
        }
    }
    let holder = office(&reference, &office_code)
        .cloned()
        .unwrap_or_else(|_| placeholder_office(&office_code));
    let status = feed.status;
    let mut recorded = row.clone();
    if matches!(step, LegalAidActionKind::Transfer { .. }) {
        recorded.received_at = now;
    }
    record(&mut tx, &recorded, &holder, Some(staff.id()), feed, now).await?;
    let mut detail = json!({
        "status": status.as_str(),
        "office": office_code,
        "action_id": action.action_id,
    });
    if let (Some(d), Some(extra)) = (detail.as_object_mut(), audit_detail.as_object()) {
        d.extend(extra.clone());
    }
    audit(
        &mut tx,
        Some(staff.id()),
        Some(staff.device.id),
        &format!("legal_aid_{}", step.as_str()),
        Some(&row.id.to_string()),
        detail,
    )
    .await?;
    let result = LegalAidActionResult {
        action_id: action.action_id,
        request_id: row.id,
        status,
        office_code,
        at: now,
    };
    sqlx::query(
        "INSERT INTO legal_aid_actions (action_id, request_id, action, staff_id, result)
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(action.action_id)
    .bind(row.id)
    .bind(step.as_str())
    .bind(staff.id())
    .bind(SqlJson(&result))
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(result)
}

/// An office no longer in the reference data (withdrawn after the request reached it).
fn placeholder_office(code: &str) -> LegalAidOffice {
    LegalAidOffice {
        code: code.to_owned(),
        name: borderdesk_core::LocalizedText {
            zh_cn: code.to_owned(),
            zh_tw: None,
            en: None,
        },
        province: borderdesk_core::catalog::Province::Zhejiang,
        city_code: String::new(),
        county_code: None,
    }
}

// ----- the queue -----------------------------------------------------------------------------

type QueueRow = (
    Uuid,
    String,
    String,
    String,
    bool,
    SqlJson<Vec<UrgencyReason>>,
    SqlJson<LegalAidRequest>,
    DateTime<Utc>,
    Option<DateTime<Utc>>,
    bool,
);

/// The clock of the step now due: deciding (from receipt by this office), then assigning (from
/// approval). None for consultations, closed requests, or a year without holidays loaded.
pub fn clock_for(
    kind: LegalAidKind,
    status: LegalAidStatus,
    received_at: DateTime<Utc>,
    approved_at: Option<DateTime<Utc>>,
    reference: &LegalAidReference,
) -> Option<StepClock> {
    use LegalAidStatus as S;
    if kind != LegalAidKind::Application {
        return None;
    }
    let (step, started) = match status {
        S::Received | S::Transferred | S::Accepted | S::MaterialsRequested => {
            (LegalAidStep::Decide, received_at)
        }
        S::Approved => (LegalAidStep::Assign, approved_at?),
        _ => return None,
    };
    step_clock(step, started, &reference.deadlines, &reference.holidays).ok()
}

/// Which list a cursor of a legal aid queue belongs to.
const QUEUE: &str = "legal-aid-queue";

/// Where an item stands in its office's queue: urgent first, then by due time (those without
/// one last), then by receipt, then by id. Times to the microsecond, as a cursor keeps them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct QueuePlace {
    not_urgent: bool,
    no_due: bool,
    due: Option<DateTime<Utc>>,
    received_at: DateTime<Utc>,
    id: Uuid,
}

fn micros(t: DateTime<Utc>) -> DateTime<Utc> {
    DateTime::from_timestamp_micros(t.timestamp_micros()).unwrap_or(t)
}

impl QueuePlace {
    fn of(item: &LegalAidQueueItem) -> Self {
        let due = item.clock.as_ref().map(|c| micros(c.due));
        QueuePlace {
            not_urgent: !item.urgent,
            no_due: due.is_none(),
            due,
            received_at: micros(item.received_at),
            id: item.request_id,
        }
    }

    fn key(&self) -> Vec<KeyPart> {
        vec![
            KeyPart::Flag(!self.not_urgent),
            self.due.map_or(KeyPart::Null, KeyPart::Time),
            KeyPart::Time(self.received_at),
            KeyPart::Id(self.id),
        ]
    }

    fn read(key: &[KeyPart]) -> Result<Self, PageError> {
        let [KeyPart::Flag(urgent), due, KeyPart::Time(received_at), KeyPart::Id(id)] = key else {
            return Err(PageError::Cursor);
        };
        let due = match due {
            KeyPart::Time(t) => Some(*t),
            KeyPart::Null => None,
            _ => return Err(PageError::Cursor),
        };
        Ok(QueuePlace {
            not_urgent: !urgent,
            no_due: due.is_none(),
            due,
            received_at: *received_at,
            id: *id,
        })
    }
}

/// An office's queue: open requests (or all), urgent first, then by due time, then by receipt,
/// one page. The due time comes from the reference data (holidays, deadlines), not from a
/// column, so the page is cut here rather than in SQL: still by the key of the last row sent,
/// so that no request is skipped or repeated.
pub async fn office_queue(
    pool: &PgPool,
    query: &LegalAidQueueQuery,
    paging: &Paging,
    now: DateTime<Utc>,
) -> Result<LegalAidQueue, ServerError> {
    let after = paging
        .after(QUEUE)?
        .as_deref()
        .map(QueuePlace::read)
        .transpose()?;
    let mut conn = pool.acquire().await?;
    let reference = load_reference(&mut conn).await?;
    office(&reference, &query.office_code)?;
    let as_of = query.as_of.unwrap_or(now);
    let rows: Vec<QueueRow> = sqlx::query_as(
        "SELECT id, tracking_number, kind, status, urgent, urgency, body, received_at,
                approved_at, first_to_receive
           FROM legal_aid_requests
          WHERE office_code = $1
            AND ($2 OR status NOT IN ('refused', 'assigned', 'answered'))",
    )
    .bind(&query.office_code)
    .bind(query.include_closed.unwrap_or(false))
    .fetch_all(&mut *conn)
    .await?;
    let mut items = Vec::with_capacity(rows.len());
    for (id, tn, kind, status, urgent, urgency, body, received_at, approved_at, first) in rows {
        let kind = LegalAidKind::parse(&kind).ok_or_else(|| internal("kind"))?;
        let status = parse_status(&status)?;
        let clock = clock_for(kind, status, received_at, approved_at, &reference);
        let (name, topic) = match &body.0.body {
            LegalAidBody::Application(a) => (
                Some(a.applicant.name.clone()),
                serde_json::to_value(a.eligibility.matter)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_default(),
            ),
            LegalAidBody::Consultation(c) => (c.name.clone(), c.topic.clone()),
        };
        items.push(LegalAidQueueItem {
            request_id: id,
            tracking_number: tn,
            kind,
            status,
            urgent,
            urgency: urgency.0,
            name,
            topic,
            received_at,
            overdue: clock.is_some_and(|c| c.is_overdue(as_of)),
            misses_target: clock.is_some_and(|c| c.misses_target(as_of)),
            clock,
            first_to_receive: first,
        });
    }
    let mut items: Vec<(QueuePlace, LegalAidQueueItem)> = items
        .into_iter()
        .map(|item| (QueuePlace::of(&item), item))
        .filter(|(place, _)| after.is_none_or(|after| *place > after))
        .collect();
    items.sort_by_key(|(place, _)| *place);
    items.truncate(paging.fetch() as usize);
    let (items, next) = paging.page(QUEUE, items, |(place, _)| place.key());
    Ok(LegalAidQueue {
        office_code: query.office_code.clone(),
        as_of,
        items: items.into_iter().map(|(_, item)| item).collect(),
        next,
    })
}

// ----- one request ---------------------------------------------------------------------------

type CaseRow = (
    SqlJson<LegalAidRequest>,
    String,
    String,
    Option<SqlJson<Routing>>,
    bool,
    bool,
    SqlJson<Vec<String>>,
    Option<SqlJson<LawyerContact>>,
    Option<String>,
);

async fn history(conn: &mut PgConnection, id: Uuid) -> Result<Vec<LegalAidEvent>, ServerError> {
    let rows: Vec<(String, String, Option<String>, DateTime<Utc>)> = sqlx::query_as(
        "SELECT status, office_code, note, at FROM legal_aid_events
          WHERE request_id = $1 ORDER BY id",
    )
    .bind(id)
    .fetch_all(conn)
    .await?;
    rows.into_iter()
        .map(|(status, office_code, note, at)| {
            Ok(LegalAidEvent {
                status: parse_status(&status)?,
                office_code,
                note,
                at,
            })
        })
        .collect()
}

async fn load_case(pool: &PgPool, id: Uuid) -> Result<(LegalAidCase, Option<String>), ServerError> {
    let mut conn = pool.acquire().await?;
    let row: Option<CaseRow> = sqlx::query_as(
        "SELECT body, status, office_code, routing, first_to_receive, urgent, missing_materials,
                lawyer, note
           FROM legal_aid_requests WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?;
    let (body, status, office_code, routing, first, urgent, missing, lawyer, note) =
        row.ok_or(LegalAidOpsError::RequestUnknown)?;
    let reference = load_reference(&mut conn).await?;
    let office = office(&reference, &office_code)
        .cloned()
        .unwrap_or_else(|_| placeholder_office(&office_code));
    let history = history(&mut conn, id).await?;
    Ok((
        LegalAidCase {
            request: body.0,
            status: parse_status(&status)?,
            office,
            routing: routing.map(|r| r.0),
            first_to_receive: first,
            urgent,
            missing_materials: missing.0,
            lawyer: lawyer.map(|l| l.0),
            history,
        },
        note,
    ))
}

/// What a kiosk may show a citizen who proves the request is theirs with the last four
/// characters of the applicant's ID number (or, for a consultation, of the phone number).
pub async fn track_request(
    pool: &PgPool,
    request: &LegalAidTrackRequest,
) -> Result<LegalAidTrackResponse, ServerError> {
    let id: Option<Uuid> =
        sqlx::query_scalar("SELECT id FROM legal_aid_requests WHERE tracking_number = $1")
            .bind(request.tracking_number.trim())
            .fetch_optional(pool)
            .await?;
    let id = id.ok_or(LegalAidOpsError::RequestUnknown)?;
    let (case, note) = load_case(pool, id).await?;
    let secret = match &case.request.body {
        LegalAidBody::Application(a) => a.applicant.id_number.trim().to_uppercase(),
        LegalAidBody::Consultation(c) => c.phone.trim().to_owned(),
    };
    let given = request.last_four.trim().to_uppercase();
    if given.chars().count() != 4 || !secret.ends_with(&given) {
        // The same answer as an unknown number: a guess learns nothing.
        return Err(LegalAidOpsError::RequestUnknown.into());
    }
    Ok(LegalAidTrackResponse {
        request_id: id,
        tracking_number: case.request.tracking_number.as_str().to_owned(),
        kind: case.request.kind(),
        status: case.status,
        office: case.office,
        note,
        missing_materials: case.missing_materials,
        lawyer: case.lawyer,
        history: case.history,
    })
}

// ----- figures ---------------------------------------------------------------------------------

fn day_start(date: NaiveDate) -> DateTime<Utc> {
    shanghai()
        .from_local_datetime(&date.and_time(NaiveTime::MIN))
        .single()
        .map(|d| d.with_timezone(&Utc))
        .unwrap_or(DateTime::<Utc>::MIN_UTC)
}

type FiguresRow = (String, i64, i64, i64, i64, i64, i64, i64, Option<f64>);

/// Each office's figures for the days `from..=to` (Asia/Shanghai).
pub async fn office_figures(
    pool: &PgPool,
    query: &LegalAidFiguresQuery,
) -> Result<LegalAidFigures, ServerError> {
    if query.to < query.from {
        return Err(ServerError::BadRequest("`to` is before `from`".into()));
    }
    let mut conn = pool.acquire().await?;
    let reference = load_reference(&mut conn).await?;
    let offices: Vec<&LegalAidOffice> = match &query.office_code {
        Some(code) => vec![office(&reference, code)?],
        None => reference.offices.iter().collect(),
    };
    let start = day_start(query.from);
    let end = day_start(query.to.checked_add_days(Days::new(1)).unwrap_or(query.to));
    let rows: Vec<FiguresRow> = sqlx::query_as(
        "SELECT office_code,
                count(*) FILTER (WHERE kind = 'consultation' AND status = 'answered'),
                count(*) FILTER (WHERE kind = 'application' AND status IN ('received', 'transferred')),
                count(*) FILTER (WHERE status = 'accepted'),
                count(*) FILTER (WHERE status = 'approved'),
                count(*) FILTER (WHERE status = 'refused'),
                count(*) FILTER (WHERE status = 'assigned'),
                count(*) FILTER (WHERE status = 'assigned'
                    AND ((at AT TIME ZONE 'UTC') + interval '8 hours')::date
                      = ((since AT TIME ZONE 'UTC') + interval '8 hours')::date),
                (avg(extract(epoch FROM at - since)) FILTER (WHERE status = 'assigned')
                    / 3600.0)::float8
           FROM legal_aid_events
          WHERE at >= $1 AND at < $2 AND ($3::text IS NULL OR office_code = $3)
          GROUP BY office_code",
    )
    .bind(start)
    .bind(end)
    .bind(&query.office_code)
    .fetch_all(&mut *conn)
    .await?;
    let by_office: HashMap<String, FiguresRow> =
        rows.into_iter().map(|r| (r.0.clone(), r)).collect();
    let n = |v: i64| v.max(0) as u64;
    Ok(LegalAidFigures {
        from: query.from,
        to: query.to,
        offices: offices
            .into_iter()
            .map(|o| {
                let r = by_office.get(&o.code);
                OfficeFigures {
                    office_code: o.code.clone(),
                    office_name: o.name.zh_cn.clone(),
                    consultations_answered: r.map_or(0, |r| n(r.1)),
                    applications_received: r.map_or(0, |r| n(r.2)),
                    accepted: r.map_or(0, |r| n(r.3)),
                    approved: r.map_or(0, |r| n(r.4)),
                    refused: r.map_or(0, |r| n(r.5)),
                    assigned: r.map_or(0, |r| n(r.6)),
                    assigned_same_day: r.map_or(0, |r| n(r.7)),
                    average_hours_to_assignment: r
                        .and_then(|r| r.8)
                        .map(|h| (h * 10.0).round() / 10.0),
                }
            })
            .collect(),
    })
}

/// Column ids of the CSV header (Fluent ids).
const CSV_COLUMNS: [&str; 11] = [
    "legal-aid-figures-office-code",
    "legal-aid-figures-office-name",
    "legal-aid-figures-period",
    "legal-aid-figures-consultations-answered",
    "legal-aid-figures-applications-received",
    "legal-aid-figures-accepted",
    "legal-aid-figures-approved",
    "legal-aid-figures-refused",
    "legal-aid-figures-assigned",
    "legal-aid-figures-assigned-same-day",
    "legal-aid-figures-average-hours-to-assignment",
];

/// The figures as CSV: UTF-8 with a byte-order mark (so Excel reads the Chinese right), a
/// header in `lang`, one row per office.
pub fn figures_to_csv(figures: &LegalAidFigures, lang: &str) -> Result<Vec<u8>, ServerError> {
    let mut out = Vec::from("\u{feff}".as_bytes());
    {
        let mut w = csv::Writer::from_writer(&mut out);
        let header: Vec<String> = CSV_COLUMNS
            .iter()
            .map(|id| borderdesk_i18n::message(lang, id, &[]))
            .collect();
        w.write_record(&header).map_err(internal)?;
        let period = format!("{}~{}", figures.from, figures.to);
        for o in &figures.offices {
            w.write_record([
                o.office_code.clone(),
                o.office_name.clone(),
                period.clone(),
                o.consultations_answered.to_string(),
                o.applications_received.to_string(),
                o.accepted.to_string(),
                o.approved.to_string(),
                o.refused.to_string(),
                o.assigned.to_string(),
                o.assigned_same_day.to_string(),
                o.average_hours_to_assignment
                    .map(|h| format!("{h:.1}"))
                    .unwrap_or_default(),
            ])
            .map_err(internal)?;
        }
        w.flush()?;
    }
    Ok(out)
}

/// Figures are for the office's own officers (their office only: asking for every office
/// gives theirs) and for admins (any office, or all). Returns the query narrowed to that.
fn figures_query(
    staff: &Staff,
    query: &LegalAidFiguresQuery,
) -> Result<LegalAidFiguresQuery, ServerError> {
    staff
        .require(Permission::ViewFigures)
        .or_else(|_| staff.require(Permission::DecideLegalAid))?;
    let office_code = staff_rules::figures_scope(
        staff.role(),
        staff.info.office_code.as_deref(),
        query.office_code.as_deref(),
    )?;
    Ok(LegalAidFiguresQuery {
        office_code,
        ..query.clone()
    })
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
    // A language we have, else the default.
    let lang = ["zh-TW", "en"]
        .into_iter()
        .find(|l| query.lang.as_deref() == Some(*l))
        .unwrap_or("zh-CN");
    let body = figures_to_csv(&figures, lang)?;
    let mut conn = state.pool.acquire().await?;
    audit(
        &mut conn,
        Some(staff.id()),
        Some(staff.device.id),
        "legal_aid_figures_export",
        query.office_code.as_deref(),
        json!({ "from": figures.from, "to": figures.to }),
    )
    .await?;
    let name = format!(
        "attachment; filename=\"legal-aid-figures-{}-{}.csv\"",
        figures.from, figures.to
    );
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (header::CONTENT_DISPOSITION, name),
        ],
        body,
    )
        .into_response())
}
