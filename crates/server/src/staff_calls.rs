//! 呼叫工作人员: a kiosk's call for help reaches the clerk desks of its site, which take it
//! (once). Kept for two hours: an older call was answered in person or is moot.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::post;
use axum::{middleware, Router};
use borderdesk_core::staff::Permission;
use borderdesk_protocol::{
    ErrorBody, KeyPart, Page, PageError, PageQuery, StaffCall, StaffCallRequest,
};
use uuid::Uuid;

use crate::extract::{Device, Json, Paging, Path};
use crate::staff::Staff;
use crate::{AppState, ServerError};

/// `/v1/sync/staff-calls*`, with the protocol-version gate.
pub fn routes(state: &AppState) -> Router<AppState> {
    Router::new()
        .route("/v1/sync/staff-calls", post(call).get(open_calls))
        .route("/v1/sync/staff-calls/{id}/answer", post(answer))
        .route_layer(middleware::from_fn_with_state(
            state.clone(),
            crate::extract::require_protocol,
        ))
}

/// A kiosk asks for help.
#[utoipa::path(post, path = "/v1/sync/staff-calls", tag = "sync", request_body = StaffCallRequest,
    security(("device_token" = [])), responses((status = 204, description = "the call is on the desks")))]
pub async fn call(
    State(state): State<AppState>,
    device: Device,
    Json(request): Json<StaffCallRequest>,
) -> Result<StatusCode, ServerError> {
    // One open call per kiosk: pressing again, or a flood, adds nothing. A call nobody
    // answered in the two hours the desks show it is closed, so that the kiosk may call anew.
    let mut tx = state.pool.begin().await?;
    sqlx::query(
        "UPDATE staff_calls SET answered_at = now()
         WHERE device_id = $1 AND answered_at IS NULL AND called_at <= now() - interval '2 hours'",
    )
    .bind(device.id)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO staff_calls (id, device_id, site_id) VALUES ($1, $2, $3)
         ON CONFLICT DO NOTHING",
    )
    .bind(request.id)
    .bind(device.id)
    .bind(&device.site_id)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    tracing::info!(site = %device.site_id, "staff called");
    Ok(StatusCode::NO_CONTENT)
}

/// Which list a cursor of the open calls belongs to.
const CALLS: &str = "calls";

/// The open calls of the desk's site, oldest first (staff who work the queue), one page.
#[utoipa::path(get, path = "/v1/sync/staff-calls", tag = "sync", params(PageQuery),
    security(("device_token" = []), ("staff_session" = [])),
    responses((status = 200, body = Page<StaffCall>),
              (status = 400, body = ErrorBody, description = "`error-page-limit-invalid` or `error-page-cursor-invalid`")))]
pub async fn open_calls(
    State(state): State<AppState>,
    staff: Staff,
    paging: Paging,
) -> Result<Json<Page<StaffCall>>, ServerError> {
    staff.require(Permission::ViewQueue)?;
    let after = match paging.after(CALLS)?.as_deref() {
        None => None,
        Some([KeyPart::Time(t), KeyPart::Id(id)]) => Some((*t, *id)),
        Some(_) => return Err(PageError::Cursor.into()),
    };
    let rows: Vec<(Uuid, String, chrono::DateTime<chrono::Utc>)> = sqlx::query_as(
        "SELECT c.id, d.name, c.called_at FROM staff_calls c JOIN devices d ON d.id = c.device_id
         WHERE c.site_id = $1 AND c.answered_at IS NULL AND c.called_at > now() - interval '2 hours'
           AND ($2::timestamptz IS NULL OR (c.called_at, c.id) > ($2, $3))
         ORDER BY c.called_at, c.id LIMIT $4",
    )
    .bind(&staff.device.site_id)
    .bind(after.map(|a| a.0))
    .bind(after.map(|a| a.1))
    .bind(paging.fetch())
    .fetch_all(&state.pool)
    .await?;
    let (rows, next) = paging.page(CALLS, rows, |(id, _, at)| {
        vec![KeyPart::Time(*at), KeyPart::Id(*id)]
    });
    let items = rows
        .into_iter()
        .map(|(id, device_name, called_at)| StaffCall {
            id,
            device_name,
            called_at,
        })
        .collect();
    Ok(Json(Page { items, next }))
}

/// A member of staff takes a call; a call taken already answers 409.
#[utoipa::path(post, path = "/v1/sync/staff-calls/{id}/answer", tag = "sync",
    params(("id" = Uuid, Path)), security(("device_token" = []), ("staff_session" = [])),
    responses((status = 204), (status = 404), (status = 409)))]
pub async fn answer(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<Uuid>,
) -> Result<StatusCode, ServerError> {
    staff.require(Permission::ViewQueue)?;
    let taken = sqlx::query(
        "UPDATE staff_calls SET answered_at = now(), answered_by = $2
         WHERE id = $1 AND site_id = $3 AND answered_at IS NULL",
    )
    .bind(id)
    .bind(staff.id())
    .bind(&staff.device.site_id)
    .execute(&state.pool)
    .await?;
    if taken.rows_affected() == 1 {
        return Ok(StatusCode::NO_CONTENT);
    }
    let exists: Option<bool> = sqlx::query_scalar(
        "SELECT answered_at IS NOT NULL FROM staff_calls WHERE id = $1 AND site_id = $2",
    )
    .bind(id)
    .bind(&staff.device.site_id)
    .fetch_optional(&state.pool)
    .await?;
    match exists {
        Some(true) => Err(ServerError::Rule(
            borderdesk_core::CoreError::StatusTransition,
        )),
        _ => Err(ServerError::NotFound),
    }
}
