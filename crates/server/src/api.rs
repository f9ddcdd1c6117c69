//! HTTP handlers. Each reads like the sentence that describes it; the work is in `sync`,
//! `admin` and `catalog`.

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use borderdesk_core::TrackingNumber;
use borderdesk_protocol::{
    codes, AttachmentState, AttachmentUpload, ClaimedDraft, DraftClaim, DraftUpload, EnrollRequest,
    EnrollResponse, ErrorBody, PullQuery, PullResponse, PushRequest, PushResponse,
    RedeemEnrollmentRequest, ServerApplication, SetStatusRequest, SiteKeyResponse, TrackRequest,
    TrackResponse, UploadQuery,
};
use serde_json::json;
use utoipa::OpenApi;
use uuid::Uuid;

use crate::extract::{Admin, Device, Json, Path, Query};
use crate::{admin, attachments, drafts, sync, AppState, ServerError};

/// Liveness and database reachability, and whether the change feed moves: a transaction
/// that has held the feed's horizon for longer than `BORDERDESK_FEED_LAG_ALARM` seconds
/// (default 60) makes the answer `degraded`, and says so in the log.
#[utoipa::path(get, path = "/healthz", tag = "ops",
    responses((status = 200, description = "`ok`, or `degraded` with `feed_lag_seconds` while a transaction holds the feed back"),
              (status = 503, body = ErrorBody, description = "the database does not answer")))]
pub async fn healthz(State(state): State<AppState>) -> Response {
    let oldest: Result<Option<chrono::DateTime<chrono::Utc>>, sqlx::Error> =
        sqlx::query_scalar("SELECT oldest_writer_started FROM feed_horizon()")
            .fetch_one(&state.pool)
            .await;
    match oldest {
        Ok(oldest) => {
            let lag = oldest
                .map(|t| (chrono::Utc::now() - t).num_seconds().max(0))
                .unwrap_or(0);
            if lag > feed_lag_alarm_seconds() {
                tracing::warn!(
                    feed_lag_seconds = lag,
                    "the change feed is held back by an open transaction"
                );
                axum::Json(json!({"status": "degraded", "feed_lag_seconds": lag})).into_response()
            } else {
                axum::Json(json!({"status": "ok", "feed_lag_seconds": lag})).into_response()
            }
        }
        Err(e) => {
            tracing::warn!(error = %e, "health check: database does not answer");
            let body = ErrorBody {
                code: codes::INTERNAL.into(),
                message: "database unavailable".into(),
            };
            (StatusCode::SERVICE_UNAVAILABLE, axum::Json(body)).into_response()
        }
    }
}

/// How long the feed's horizon may stand still before `/healthz` says `degraded`.
fn feed_lag_alarm_seconds() -> i64 {
    let s = crate::settings::count_now(&crate::settings::FEED_LAG_ALARM);
    i64::try_from(s).unwrap_or(i64::MAX)
}

/// The OpenAPI 3 document of this API.
pub async fn openapi_json() -> Response {
    (
        [(header::CONTENT_TYPE, "application/json")],
        crate::openapi::ApiDoc::openapi()
            .to_pretty_json()
            .unwrap_or_default(),
    )
        .into_response()
}

/// Enrolls a device (admin).
#[utoipa::path(post, path = "/v1/devices", tag = "admin", request_body = EnrollRequest,
    security(("admin_token" = [])),
    responses((status = 200, body = EnrollResponse),
              (status = 400, body = ErrorBody), (status = 401, body = ErrorBody)))]
pub async fn enroll(
    State(state): State<AppState>,
    _admin: Admin,
    Json(request): Json<EnrollRequest>,
) -> Result<Json<EnrollResponse>, ServerError> {
    Ok(Json(admin::enroll(&state.pool, &request).await?))
}

/// Enrolls this device with a one-time code an admin made in the console (no token: the
/// code is the credential, used once; tries are limited per client address).
#[utoipa::path(post, path = "/v1/devices/enroll", tag = "sync", request_body = RedeemEnrollmentRequest,
    responses((status = 200, body = EnrollResponse),
              (status = 400, body = ErrorBody), (status = 422, body = ErrorBody, description = "error-enrollment-code-format, error-enrollment-code-check"),
              (status = 404, body = ErrorBody, description = "error-enrollment-code-unknown"),
              (status = 429, body = ErrorBody)))]
pub async fn enroll_with_code(
    State(state): State<AppState>,
    client: crate::extract::ClientAddress,
    Json(request): Json<RedeemEnrollmentRequest>,
) -> Result<Json<EnrollResponse>, ServerError> {
    Ok(Json(
        crate::enrollment::redeem(&state.pool, &request, client.0).await?,
    ))
}

/// Applies a batch of mutations exactly once each.
#[utoipa::path(post, path = "/v1/sync/push", tag = "sync", request_body = PushRequest,
    params(("x-borderdesk-protocol" = u32, Header, description = "protocol version of the app")),
    security(("device_token" = [])),
    responses((status = 200, body = PushResponse, description = "one result per mutation, in order"),
              (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
              (status = 413, body = ErrorBody, description = "body or batch too large"),
              (status = 426, body = ErrorBody, description = "protocol version not served")))]
pub async fn push(
    State(state): State<AppState>,
    device: Device,
    Json(request): Json<PushRequest>,
) -> Result<Json<PushResponse>, ServerError> {
    let response = sync::push(&state.pool, &device, &request).await?;
    state
        .metrics
        .push_outcomes(response.results.iter().map(|r| &r.outcome));
    Ok(Json(response))
}

/// The changes for this device since its cursor, one page.
#[utoipa::path(get, path = "/v1/sync/pull", tag = "sync", params(PullQuery,
        ("x-borderdesk-protocol" = u32, Header, description = "protocol version of the app")),
    security(("device_token" = [])),
    responses((status = 200, body = PullResponse),
              (status = 400, body = ErrorBody, description = "cursor invalid"),
              (status = 401, body = ErrorBody), (status = 426, body = ErrorBody)))]
pub async fn pull(
    State(state): State<AppState>,
    device: Device,
    Query(query): Query<PullQuery>,
) -> Result<Response, ServerError> {
    // Changes go out as stored, without a round trip through Rust types.
    let page = sync::pull_raw(&state.pool, &state.epoch, &device, &query).await?;
    state.metrics.pull();
    Ok(([(header::CONTENT_TYPE, "application/json")], page.to_json()).into_response())
}

/// The LAN key of the device's site, with which its calls for help on the hall's LAN are
/// signed (a device enrolled before there were LAN keys asks for it here).
#[utoipa::path(get, path = "/v1/sync/site-key", tag = "sync",
    params(("x-borderdesk-protocol" = u32, Header, description = "protocol version of the app")),
    security(("device_token" = [])),
    responses((status = 200, body = SiteKeyResponse),
              (status = 401, body = ErrorBody, description = "no token, or a revoked one"),
              (status = 426, body = ErrorBody)))]
pub async fn site_key(
    State(state): State<AppState>,
    device: Device,
) -> Result<Json<SiteKeyResponse>, ServerError> {
    Ok(Json(SiteKeyResponse {
        lan_key: admin::site_lan_key(&state.pool, &device.site_id).await?,
        site_id: device.site_id,
    }))
}

/// A citizen's progress check at any kiosk: tracking number plus the last four characters
/// of the applicant's ID number.
#[utoipa::path(post, path = "/v1/sync/track", tag = "sync", request_body = TrackRequest,
    params(("x-borderdesk-protocol" = u32, Header, description = "protocol version of the app")),
    security(("device_token" = [])),
    responses((status = 200, body = TrackResponse), (status = 401, body = ErrorBody),
              (status = 404, body = ErrorBody, description = "no such application, or the ID digits do not match"),
              (status = 429, body = ErrorBody, description = "`error-too-many-requests`: this device asked too often (`Retry-After`)")))]
pub async fn track(
    State(state): State<AppState>,
    device: Device,
    Json(request): Json<TrackRequest>,
) -> Result<Json<TrackResponse>, ServerError> {
    let lookup = admin::track(&state.pool, &request);
    let number = request.tracking_number.as_str();
    let found = crate::limits::track(&state.pool, device.id, number, lookup, || {
        ServerError::NotFound
    });
    Ok(Json(found.await?))
}

/// Announces a file of one of this device's applications; answers what is held of it.
#[utoipa::path(post, path = "/v1/sync/attachments", tag = "sync", request_body = AttachmentUpload,
    security(("device_token" = [])),
    responses((status = 200, body = AttachmentState),
              (status = 404, body = ErrorBody, description = "no such application of this device"),
              (status = 422, body = ErrorBody, description = "error-attachment-too-large")))]
pub async fn announce_attachment(
    State(state): State<AppState>,
    device: Device,
    Json(upload): Json<AttachmentUpload>,
) -> Result<Json<AttachmentState>, ServerError> {
    Ok(Json(
        attachments::announce(&state.pool, &device, &upload).await?,
    ))
}

/// What the server holds of a file: where an interrupted upload resumes.
#[utoipa::path(get, path = "/v1/sync/attachments/{id}", tag = "sync",
    params(("id" = Uuid, Path)), security(("device_token" = [])),
    responses((status = 200, body = AttachmentState), (status = 404, body = ErrorBody)))]
pub async fn attachment_status(
    State(state): State<AppState>,
    device: Device,
    Path(id): Path<Uuid>,
) -> Result<Json<AttachmentState>, ServerError> {
    Ok(Json(attachments::status(&state.pool, &device, id).await?))
}

/// One piece of a file's bytes, at the offset the server holds.
#[utoipa::path(put, path = "/v1/sync/attachments/{id}", tag = "sync",
    params(("id" = Uuid, Path), UploadQuery), request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    security(("device_token" = [])),
    responses((status = 200, body = AttachmentState),
              (status = 409, body = ErrorBody, description = "error-upload-offset: ask where to resume"),
              (status = 413, body = ErrorBody),
              (status = 422, body = ErrorBody, description = "error-upload-checksum: start over")))]
pub async fn upload_attachment(
    State(state): State<AppState>,
    device: Device,
    Path(id): Path<Uuid>,
    Query(query): Query<UploadQuery>,
    piece: axum::body::Bytes,
) -> Result<Json<AttachmentState>, ServerError> {
    Ok(Json(
        attachments::append(&state.pool, &device, id, query.offset, &piece).await?,
    ))
}

/// Keeps an unfinished application saved with a resume code (sealed; the server cannot read it).
#[utoipa::path(post, path = "/v1/sync/drafts", tag = "sync", request_body = DraftUpload,
    security(("device_token" = [])),
    responses((status = 204, description = "kept (or kept before)"),
              (status = 400, body = ErrorBody), (status = 413, body = ErrorBody)))]
pub async fn save_draft(
    State(state): State<AppState>,
    device: Device,
    Json(draft): Json<DraftUpload>,
) -> Result<StatusCode, ServerError> {
    drafts::save(&state.pool, &device, &draft).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Hands a saved application out to carry on with; the code stays good until the
/// application is submitted or saved again.
#[utoipa::path(post, path = "/v1/sync/drafts/open", tag = "sync", request_body = DraftClaim,
    security(("device_token" = [])),
    responses((status = 200, body = ClaimedDraft),
              (status = 404, body = ErrorBody, description = "error-resume-code-unknown"),
              (status = 410, body = ErrorBody, description = "error-resume-code-used or error-resume-code-expired")))]
pub async fn open_draft(
    State(state): State<AppState>,
    _device: Device,
    Json(request): Json<DraftClaim>,
) -> Result<Json<ClaimedDraft>, ServerError> {
    Ok(Json(drafts::open(&state.pool, &request).await?))
}

/// Uses a saved application's code up (submitted or saved again): its content goes.
#[utoipa::path(post, path = "/v1/sync/drafts/claim", tag = "sync", request_body = DraftClaim,
    security(("device_token" = [])),
    responses((status = 200, body = ClaimedDraft),
              (status = 404, body = ErrorBody, description = "error-resume-code-unknown"),
              (status = 410, body = ErrorBody, description = "error-resume-code-used or error-resume-code-expired")))]
pub async fn claim_draft(
    State(state): State<AppState>,
    device: Device,
    Json(request): Json<DraftClaim>,
) -> Result<Json<ClaimedDraft>, ServerError> {
    Ok(Json(drafts::claim(&state.pool, &device, &request).await?))
}

fn tracking(raw: &str) -> Result<TrackingNumber, ServerError> {
    // A number that cannot exist names no application.
    TrackingNumber::parse(raw).map_err(|_| ServerError::NotFound)
}

/// Moves an application's status (admin).
#[utoipa::path(post, path = "/v1/admin/applications/{tracking_number}/status", tag = "admin",
    params(("tracking_number" = String, Path)), request_body = SetStatusRequest,
    security(("admin_token" = [])),
    responses((status = 200, body = ServerApplication), (status = 401, body = ErrorBody),
              (status = 404, body = ErrorBody),
              (status = 409, body = ErrorBody, description = "error-status-transition")))]
pub async fn set_status(
    State(state): State<AppState>,
    _admin: Admin,
    Path(number): Path<String>,
    Json(request): Json<SetStatusRequest>,
) -> Result<Json<ServerApplication>, ServerError> {
    Ok(Json(
        admin::set_status(&state.pool, &tracking(&number)?, &request).await?,
    ))
}

/// Revokes a device (admin): its next request gets 401, and so do staff sessions opened
/// through it.
#[utoipa::path(post, path = "/v1/admin/devices/{device_id}/revoke", tag = "admin",
    params(("device_id" = Uuid, Path)),
    security(("admin_token" = [])),
    responses((status = 204, description = "revoked"), (status = 400, body = ErrorBody),
              (status = 401, body = ErrorBody),
              (status = 404, body = ErrorBody, description = "no such device, or revoked already")))]
pub async fn revoke_device(
    State(state): State<AppState>,
    _admin: Admin,
    Path(device_id): Path<Uuid>,
) -> Result<StatusCode, ServerError> {
    admin::revoke_device(&state.pool, device_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Disables a staff account (admin): its sessions end at once and it can no longer log in.
#[utoipa::path(post, path = "/v1/admin/staff/{user_name}/disable", tag = "admin",
    params(("user_name" = String, Path)),
    security(("admin_token" = [])),
    responses((status = 204, description = "disabled"), (status = 401, body = ErrorBody),
              (status = 404, body = ErrorBody, description = "no such account, or disabled already")))]
pub async fn disable_staff(
    State(state): State<AppState>,
    _admin: Admin,
    Path(user_name): Path<String>,
) -> Result<StatusCode, ServerError> {
    admin::disable_staff(&state.pool, &user_name).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// An application with its history (admin).
#[utoipa::path(get, path = "/v1/admin/applications/{tracking_number}", tag = "admin",
    params(("tracking_number" = String, Path)),
    security(("admin_token" = [])),
    responses((status = 200, body = ServerApplication), (status = 401, body = ErrorBody),
              (status = 404, body = ErrorBody)))]
pub async fn get_application(
    State(state): State<AppState>,
    _admin: Admin,
    Path(number): Path<String>,
) -> Result<Json<ServerApplication>, ServerError> {
    Ok(Json(
        admin::application(&state.pool, &tracking(&number)?).await?,
    ))
}

/// Unknown routes.
pub async fn not_found() -> ServerError {
    ServerError::NotFound
}

/// Safety net: any error response that is not JSON yet (from a tower layer: body limit,
/// timeout, method not allowed) becomes our `ErrorBody` with the same status.
pub async fn json_errors(response: Response) -> Response {
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json") || v.starts_with("text/html"));
    // JSON is ours already; an HTML page is the console's, for a person to read.
    if is_json {
        return response;
    }
    let (code, message) = match status {
        StatusCode::NOT_FOUND => (codes::NOT_FOUND, "not found"),
        StatusCode::PAYLOAD_TOO_LARGE => (codes::PAYLOAD_TOO_LARGE, "request body too large"),
        StatusCode::UNAUTHORIZED => (codes::UNAUTHORIZED, "a valid bearer token is required"),
        StatusCode::METHOD_NOT_ALLOWED => (codes::BAD_REQUEST, "method not allowed"),
        StatusCode::SERVICE_UNAVAILABLE => (codes::INTERNAL, "the request took too long"),
        s if s.is_server_error() => (codes::INTERNAL, "internal server error"),
        _ => (codes::BAD_REQUEST, "bad request"),
    };
    let body = ErrorBody {
        code: code.into(),
        message: message.into(),
    };
    (status, axum::Json(body)).into_response()
}
