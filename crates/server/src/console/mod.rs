//! The county console: a web page for the people who run the service, served under
//! `/console` (static files built from `ui/console`, embedded in release builds) with its
//! API under `/console/api`. A person logs in with their staff account ([`session`]); what
//! they see follows from their role (core's `console_sections`).

pub mod assets;
pub mod audit;
pub mod fleet;
pub mod offices;
pub mod reference;
pub mod session;

use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use borderdesk_core::staff::{self as staff_rules, ConsoleSection};
use borderdesk_protocol::{
    AuditLine, AuditSearch, ConsoleSession, CreateStaffRequest, EnrollmentCodeRequest, ErrorBody,
    Fleet, LegalAidFigures, LegalAidFiguresQuery, LoginRequest, NewEnrollmentCode, Page, PageQuery,
    PasswordReset, PendingEnrollment, RatingFigures, RatingFiguresQuery, StaffAccount,
    StaffAssignment, StaffInfo,
};
use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::extract::{Json, Paging, Path, Query};
use crate::legal_aid::{audit_figures_export, figures_csv_response, office_figures};
use crate::staff::create_staff_by;
use crate::{AppState, ServerError};
use session::{session_cookie, set_cookie, ConsoleStaff, LoginContext};

/// `/console` (the page) and `/console/api/*`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/console/api/login", post(login))
        .route("/console/api/logout", post(logout))
        .route("/console/api/session", get(current_session))
        .route("/console/api/messages/{lang}", get(messages))
        .route("/console/api/fleet", get(fleet_page))
        .route("/console/api/devices/{device_id}/revoke", post(revoke))
        .route("/console/api/staff", get(staff_list).post(staff_create))
        .route(
            "/console/api/staff/{user_name}/password",
            post(staff_password),
        )
        .route(
            "/console/api/staff/{user_name}/disable",
            post(staff_disable),
        )
        .route(
            "/console/api/staff/{user_name}/assignment",
            post(staff_assignment),
        )
        .route("/console/api/audit", get(audit_search))
        .route("/console/api/offices", get(offices::offices))
        .route(
            "/console/api/offices/notary/{code}/calendar",
            get(offices::notary_calendar),
        )
        .route(
            "/console/api/offices/notary/{code}/sms",
            get(offices::notary_sms),
        )
        .route(
            "/console/api/offices/legal-aid/{code}/overdue",
            get(offices::legal_aid_overdue),
        )
        .route(
            "/console/api/enrollment-codes",
            get(enrollment_codes).post(enrollment_code_create),
        )
        .route(
            "/console/api/enrollment-codes/{id}/cancel",
            post(enrollment_code_cancel),
        )
        .route("/console/api/catalog/check", post(reference::catalog_check))
        .route(
            "/console/api/catalog/import",
            post(reference::catalog_import),
        )
        .route(
            "/console/api/catalog/versions",
            get(reference::catalog_versions),
        )
        .route(
            "/console/api/catalog/versions/{version}/diff",
            get(reference::catalog_version_diff),
        )
        .route(
            "/console/api/catalog/versions/{version}/restore",
            post(reference::catalog_version_restore),
        )
        .route("/console/api/figures/legal-aid", get(legal_aid_figures))
        .route("/console/api/figures/ratings", get(rating_figures))
        .route(
            "/console/api/figures/legal-aid.csv",
            get(legal_aid_figures_csv),
        )
        .route("/console", get(assets::index))
        .route("/console/", get(assets::index))
        .route("/console/{*path}", get(assets::file))
}

/// Logs in to the console: a session cookie, and the session (with its CSRF token) in the
/// body. The body must be JSON, which a form of another site cannot send.
#[utoipa::path(post, path = "/console/api/login", tag = "console", request_body = LoginRequest,
    responses((status = 200, body = ConsoleSession, description = "`Set-Cookie: borderdesk_console=…`"),
              (status = 401, body = ErrorBody, description = "error-login-failed"),
              (status = 403, body = ErrorBody, description = "error-console-not-for-role"),
              (status = 423, body = ErrorBody, description = "error-account-locked; Retry-After gives the seconds left"),
              (status = 429, body = ErrorBody, description = "too many logins at once")))]
pub async fn login(
    State(state): State<AppState>,
    context: LoginContext,
    Json(request): Json<LoginRequest>,
) -> Result<Response, ServerError> {
    let (session, token) = session::log_in(&state.pool, &context, &request).await?;
    Ok((
        set_cookie(session_cookie(Some(&token))),
        axum::Json(session),
    )
        .into_response())
}

/// Ends the session and removes the cookie.
#[utoipa::path(post, path = "/console/api/logout", tag = "console",
    security(("console_session" = [])),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody, description = "error-csrf-token-invalid")))]
pub async fn logout(
    State(state): State<AppState>,
    staff: ConsoleStaff,
) -> Result<Response, ServerError> {
    session::log_out(&state.pool, &staff).await?;
    Ok((StatusCode::NO_CONTENT, set_cookie(session_cookie(None))).into_response())
}

/// The session of the cookie (the page asks after a reload).
#[utoipa::path(get, path = "/console/api/session", tag = "console",
    security(("console_session" = [])),
    responses((status = 200, body = ConsoleSession), (status = 401, body = ErrorBody, description = "error-staff-session-expired")))]
pub async fn current_session(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Json<ConsoleSession>, ServerError> {
    Ok(Json(session::current(&state.pool, &headers).await?))
}

/// The Fluent messages of a language (`zh-CN`, `zh-TW`, `en`; others get zh-CN): the same
/// files the app uses, so an error code reads the same everywhere.
#[utoipa::path(get, path = "/console/api/messages/{lang}", tag = "console",
    params(("lang" = String, Path)),
    responses((status = 200, content_type = "text/plain", body = String)))]
pub async fn messages(Path(lang): Path<String>) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        borderdesk_i18n::ftl_source(&lang),
    )
        .into_response()
}

/// The fleet, one page, with the totals and why each device needs attention.
#[utoipa::path(get, path = "/console/api/fleet", tag = "console",
    params(PageQuery, fleet::FleetFilter),
    security(("console_session" = [])),
    responses((status = 200, body = Fleet),
              (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody, description = "error-permission-denied")))]
pub async fn fleet_page(
    State(state): State<AppState>,
    staff: ConsoleStaff,
    paging: Paging,
    Query(filter): Query<fleet::FleetFilter>,
) -> Result<Json<Fleet>, ServerError> {
    staff.require(ConsoleSection::Fleet)?;
    Ok(Json(fleet::fleet(&state.pool, &paging, &filter).await?))
}

/// Revokes a device: its next sync is refused and its staff sessions end.
#[utoipa::path(post, path = "/console/api/devices/{device_id}/revoke", tag = "console",
    params(("device_id" = Uuid, Path)),
    security(("console_session" = [])),
    responses((status = 204), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody, description = "no such device, or revoked already")))]
pub async fn revoke(
    State(state): State<AppState>,
    staff: ConsoleStaff,
    Path(device_id): Path<Uuid>,
) -> Result<StatusCode, ServerError> {
    staff.require(ConsoleSection::Fleet)?;
    crate::admin::revoke_device_by(&state.pool, device_id, Some(staff.id())).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Makes a one-time code that enrolls one device (shown once, with its QR code).
#[utoipa::path(post, path = "/console/api/enrollment-codes", tag = "console",
    request_body = EnrollmentCodeRequest,
    security(("console_session" = [])),
    responses((status = 200, body = NewEnrollmentCode), (status = 400, body = ErrorBody),
              (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 409, body = ErrorBody, description = "error-enrollment-codes-too-many")))]
pub async fn enrollment_code_create(
    State(state): State<AppState>,
    staff: ConsoleStaff,
    headers: HeaderMap,
    Json(request): Json<EnrollmentCodeRequest>,
) -> Result<Json<NewEnrollmentCode>, ServerError> {
    staff.require(ConsoleSection::Fleet)?;
    let server_url = crate::updates::public_url(&headers);
    Ok(Json(
        crate::enrollment::create_code(&state.pool, &request, staff.id(), &server_url).await?,
    ))
}

/// The enrollment codes still open (not used, cancelled or expired), newest first.
#[utoipa::path(get, path = "/console/api/enrollment-codes", tag = "console", params(PageQuery),
    security(("console_session" = [])),
    responses((status = 200, body = Page<PendingEnrollment>), (status = 400, body = ErrorBody),
              (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn enrollment_codes(
    State(state): State<AppState>,
    staff: ConsoleStaff,
    paging: Paging,
) -> Result<Json<Page<PendingEnrollment>>, ServerError> {
    staff.require(ConsoleSection::Fleet)?;
    Ok(Json(
        crate::enrollment::open_codes(&state.pool, &paging).await?,
    ))
}

/// Cancels an open enrollment code.
#[utoipa::path(post, path = "/console/api/enrollment-codes/{id}/cancel", tag = "console",
    params(("id" = Uuid, Path)),
    security(("console_session" = [])),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody, description = "no such open code")))]
pub async fn enrollment_code_cancel(
    State(state): State<AppState>,
    staff: ConsoleStaff,
    Path(id): Path<Uuid>,
) -> Result<StatusCode, ServerError> {
    staff.require(ConsoleSection::Fleet)?;
    crate::enrollment::cancel_code(&state.pool, id, staff.id()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Which list a cursor of the staff accounts belongs to.
const STAFF: &str = "console-staff";

type AccountRow = (
    Uuid,
    String,
    String,
    String,
    String,
    Option<String>,
    DateTime<Utc>,
    Option<DateTime<Utc>>,
);

/// Every staff account, oldest first, one page.
#[utoipa::path(get, path = "/console/api/staff", tag = "console", params(PageQuery),
    security(("console_session" = [])),
    responses((status = 200, body = Page<StaffAccount>), (status = 400, body = ErrorBody),
              (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn staff_list(
    State(state): State<AppState>,
    staff: ConsoleStaff,
    paging: Paging,
) -> Result<Json<Page<StaffAccount>>, ServerError> {
    use borderdesk_protocol::{KeyPart, PageError};
    staff.require(ConsoleSection::Staff)?;
    let after = match paging.after(STAFF)?.as_deref() {
        None => None,
        Some([KeyPart::Time(t), KeyPart::Id(id)]) => Some((*t, *id)),
        Some(_) => return Err(PageError::Cursor.into()),
    };
    let rows: Vec<AccountRow> = sqlx::query_as(
        "SELECT id, user_name, display_name, role, site_id, office_code, created_at, disabled_at
           FROM staff
          WHERE $1::timestamptz IS NULL OR (created_at, id) > ($1, $2)
          ORDER BY created_at, id LIMIT $3",
    )
    .bind(after.map(|a| a.0))
    .bind(after.map(|a| a.1))
    .bind(paging.fetch())
    .fetch_all(&state.pool)
    .await?;
    let (rows, next) = paging.page(STAFF, rows, |r| vec![KeyPart::Time(r.6), KeyPart::Id(r.0)]);
    let items = rows
        .into_iter()
        .map(|r| {
            let role = staff_rules::Role::parse(&r.3)
                .ok_or_else(|| ServerError::Internal(format!("unknown role {:?}", r.3)))?;
            Ok(StaffAccount {
                staff: borderdesk_protocol::StaffInfo {
                    id: r.0,
                    user_name: r.1,
                    display_name: r.2,
                    role,
                    site_id: r.4,
                    office_code: r.5,
                },
                created_at: r.6,
                disabled_at: r.7,
            })
        })
        .collect::<Result<Vec<_>, ServerError>>()?;
    Ok(Json(Page { items, next }))
}

/// Creates an account (the admin route's checks), recording who did it.
#[utoipa::path(post, path = "/console/api/staff", tag = "console", request_body = CreateStaffRequest,
    security(("console_session" = [])),
    responses((status = 200, body = StaffAccount), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody), (status = 409, body = ErrorBody, description = "error-user-name-taken"),
              (status = 422, body = ErrorBody, description = "error-password-too-short, error-staff-office-*")))]
pub async fn staff_create(
    State(state): State<AppState>,
    staff: ConsoleStaff,
    Json(request): Json<CreateStaffRequest>,
) -> Result<Json<StaffAccount>, ServerError> {
    staff.require(ConsoleSection::Staff)?;
    let info = create_staff_by(&state.pool, &request, Some(staff.id())).await?;
    Ok(Json(StaffAccount {
        staff: info,
        created_at: Utc::now(),
        disabled_at: None,
    }))
}

/// Changes an account's role, site and office; its sessions end.
#[utoipa::path(post, path = "/console/api/staff/{user_name}/assignment", tag = "console",
    params(("user_name" = String, Path)), request_body = StaffAssignment,
    security(("console_session" = [])),
    responses((status = 200, body = StaffInfo), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody, description = "no such account, or disabled"),
              (status = 422, body = ErrorBody, description = "error-staff-change-own-role, error-staff-office-*")))]
pub async fn staff_assignment(
    State(state): State<AppState>,
    staff: ConsoleStaff,
    Path(user_name): Path<String>,
    Json(assignment): Json<StaffAssignment>,
) -> Result<Json<StaffInfo>, ServerError> {
    staff.require(ConsoleSection::Staff)?;
    Ok(Json(
        crate::staff::reassign_staff_by(&state.pool, &user_name, &assignment, &staff.info).await?,
    ))
}

/// Sets a new password; every session of the account ends.
#[utoipa::path(post, path = "/console/api/staff/{user_name}/password", tag = "console",
    params(("user_name" = String, Path)), request_body = PasswordReset,
    security(("console_session" = [])),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 422, body = ErrorBody, description = "error-password-too-short")))]
pub async fn staff_password(
    State(state): State<AppState>,
    staff: ConsoleStaff,
    Path(user_name): Path<String>,
    Json(reset): Json<PasswordReset>,
) -> Result<StatusCode, ServerError> {
    staff.require(ConsoleSection::Staff)?;
    crate::staff::reset_password(&state.pool, &user_name, &reset.password, staff.id()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Disables an account; its sessions end at once. Nobody disables their own account here
/// (a county would be left without anyone to undo it).
#[utoipa::path(post, path = "/console/api/staff/{user_name}/disable", tag = "console",
    params(("user_name" = String, Path)),
    security(("console_session" = [])),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody, description = "no such account, or disabled already"),
              (status = 422, body = ErrorBody, description = "error-staff-disable-self")))]
pub async fn staff_disable(
    State(state): State<AppState>,
    staff: ConsoleStaff,
    Path(user_name): Path<String>,
) -> Result<StatusCode, ServerError> {
    staff.require(ConsoleSection::Staff)?;
    staff_rules::check_disable(&staff.info.user_name, &user_name)?;
    crate::admin::disable_staff_by(&state.pool, &user_name, Some(staff.id())).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The audit log, newest first, narrowed to a person, a record and a period.
#[utoipa::path(get, path = "/console/api/audit", tag = "console", params(PageQuery, AuditSearch),
    security(("console_session" = [])),
    responses((status = 200, body = Page<AuditLine>), (status = 400, body = ErrorBody),
              (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn audit_search(
    State(state): State<AppState>,
    staff: ConsoleStaff,
    paging: Paging,
    Query(search): Query<AuditSearch>,
) -> Result<Json<Page<AuditLine>>, ServerError> {
    staff.require(ConsoleSection::Audit)?;
    Ok(Json(audit::search(&state.pool, &paging, &search).await?))
}

/// Figures are for admins (any office) and an office's own officers (their office).
fn figures_scope(
    staff: &ConsoleStaff,
    query: &LegalAidFiguresQuery,
) -> Result<LegalAidFiguresQuery, ServerError> {
    staff.require(ConsoleSection::Figures)?;
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

/// Each legal aid office's figures for a period.
#[utoipa::path(get, path = "/console/api/figures/legal-aid", tag = "console", params(LegalAidFiguresQuery),
    security(("console_session" = [])),
    responses((status = 200, body = LegalAidFigures), (status = 400, body = ErrorBody),
              (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn legal_aid_figures(
    State(state): State<AppState>,
    staff: ConsoleStaff,
    Query(query): Query<LegalAidFiguresQuery>,
) -> Result<Json<LegalAidFigures>, ServerError> {
    let query = figures_scope(&staff, &query)?;
    Ok(Json(office_figures(&state.pool, &query).await?))
}

/// The county's 好差评 for a period, per service: for admins (ratings belong to sites, not to
/// one office; an office's own are in its legal aid figures).
#[utoipa::path(get, path = "/console/api/figures/ratings", tag = "console", params(RatingFiguresQuery),
    security(("console_session" = [])),
    responses((status = 200, body = RatingFigures), (status = 400, body = ErrorBody),
              (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn rating_figures(
    State(state): State<AppState>,
    staff: ConsoleStaff,
    Query(query): Query<RatingFiguresQuery>,
) -> Result<Json<RatingFigures>, ServerError> {
    staff.require(ConsoleSection::Figures)?;
    if staff.role() != borderdesk_core::staff::Role::Admin {
        return Err(borderdesk_core::staff::StaffError::PermissionDenied.into());
    }
    Ok(Json(crate::ratings::figures(&state.pool, &query).await?))
}

/// The same figures as CSV (UTF-8 with a byte-order mark, header in `lang`); audited.
#[utoipa::path(get, path = "/console/api/figures/legal-aid.csv", tag = "console", params(LegalAidFiguresQuery),
    security(("console_session" = [])),
    responses((status = 200, content_type = "text/csv", body = String), (status = 400, body = ErrorBody),
              (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn legal_aid_figures_csv(
    State(state): State<AppState>,
    staff: ConsoleStaff,
    Query(query): Query<LegalAidFiguresQuery>,
) -> Result<Response, ServerError> {
    let query = figures_scope(&staff, &query)?;
    let figures = office_figures(&state.pool, &query).await?;
    let response = figures_csv_response(&figures, query.lang.as_deref())?;
    audit_figures_export(
        &state.pool,
        staff.id(),
        None,
        &figures,
        query.office_code.as_deref(),
    )
    .await?;
    Ok(response)
}
