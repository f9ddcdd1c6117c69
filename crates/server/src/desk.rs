//! The clerk desk over HTTP: the site's one queue (applications, bookings, legal aid,
//! consultations, calls for help from every device of the site), an application opened at the
//! desk, the clerk's check of its materials (核验材料) and accepting it (受理). A desk sees only
//! its own site: the site is the one of the device the member of staff logged in through.

use std::collections::{BTreeMap, HashMap};

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{middleware, Router};
use borderdesk_core::materials::{self, MaterialCheck, MaterialCheckEntry};
use borderdesk_core::staff::Permission;
use borderdesk_core::{ApplicationStatus, AssistedBy, CatalogItem, TrackingNumber};
use borderdesk_protocol::{
    DeskApplication, DeskAttachment, DeskQueue, DeskQueueEntry, DeskQueueKind, ErrorBody, KeyPart,
    MaterialChecksRequest, PageError, PageQuery, ServerApplication, SetStatusRequest,
};
use chrono::{DateTime, Utc};
use serde_json::json;
use sqlx::PgConnection;
use uuid::Uuid;

use crate::extract::{Json, Paging, Path};
use crate::staff::{audit, Staff};
use crate::{AppState, ServerError};

/// Which list a cursor of the desk queue belongs to.
const QUEUE: &str = "desk-queue";

/// `/v1/desk/*`, with the protocol-version gate.
pub fn routes(state: &AppState) -> Router<AppState> {
    Router::new()
        .route("/v1/desk/queue", get(queue))
        .route(
            "/v1/desk/applications/{tracking_number}",
            get(open_application),
        )
        .route(
            "/v1/desk/applications/{tracking_number}/materials",
            post(check_materials),
        )
        .route(
            "/v1/desk/applications/{tracking_number}/accept",
            post(accept),
        )
        .route(
            "/v1/desk/ratings/{id}/follow-up",
            post(crate::ratings::follow_up),
        )
        .route_layer(middleware::from_fn_with_state(
            state.clone(),
            crate::extract::require_protocol,
        ))
}

type QueueRow = (
    String,
    Uuid,
    Option<String>,
    Option<String>,
    String,
    DateTime<Utc>,
    String,
    bool,
    bool,
    i32,
    bool,
    Option<DateTime<Utc>>,
);

/// A row's place in the queue: its group (0: calls for help and open poor ratings, oldest
/// first; 1: the rest,
/// newest first), its time, whether it is *not* urgent (urgent first), its id.
fn queue_key(row: &QueueRow) -> Vec<KeyPart> {
    vec![
        KeyPart::Int(i64::from(row.9)),
        KeyPart::Time(row.5),
        KeyPart::Flag(row.10),
        KeyPart::Id(row.1),
    ]
}

/// The site's queue, one page: open calls for help and poor ratings still to follow up first
/// (oldest first: they wait longest, and a rating's deadline runs), then the applications,
/// bookings, legal aid applications, consultations and the week's followed-up ratings of every
/// device of the site, newest first, urgent legal aid before the rest of its moment, and by id when
/// all that is equal. Each branch reads only the rows after the cursor, in that order.
#[utoipa::path(get, path = "/v1/desk/queue", tag = "desk", params(PageQuery),
    security(("device_token" = []), ("staff_session" = [])),
    responses((status = 200, body = DeskQueue),
              (status = 400, body = ErrorBody, description = "`error-page-limit-invalid` or `error-page-cursor-invalid`")))]
pub async fn queue(
    State(state): State<AppState>,
    staff: Staff,
    paging: Paging,
) -> Result<Json<DeskQueue>, ServerError> {
    staff.require(Permission::ViewQueue)?;
    let after = match paging.after(QUEUE)?.as_deref() {
        None => None,
        Some(
            [KeyPart::Int(group @ (0 | 1)), KeyPart::Time(at), KeyPart::Flag(not_urgent), KeyPart::Id(id)],
        ) => Some((*group as i32, *at, *not_urgent, *id)),
        Some(_) => return Err(PageError::Cursor.into()),
    };
    // $2..$5: the cursor's group, time, not-urgent and id. A call comes after the cursor when
    // the cursor is a call before it; any other row when the cursor is a call, or an older row,
    // or one as old that is less urgent or has a larger id.
    let rows: Vec<QueueRow> = sqlx::query_as(
        "SELECT kind, id, tracking_number, code, status, at, device_name, assisted, urgent, grp, nu, due
           FROM (
         (SELECT 'staff_call' AS kind, c.id, NULL::text AS tracking_number, NULL::text AS code,
                 'open' AS status, c.called_at AS at, d.name AS device_name, false AS assisted,
                 false AS urgent, 0 AS grp, true AS nu, NULL::timestamptz AS due
            FROM staff_calls c JOIN devices d ON d.id = c.device_id
           WHERE c.site_id = $1 AND c.answered_at IS NULL AND c.called_at > now() - interval '2 hours'
             AND ($2::int IS NULL OR ($2 = 0 AND (c.called_at, true, c.id) > ($3::timestamptz, $4::bool, $5::uuid)))
           ORDER BY c.called_at, c.id LIMIT $6)
         UNION ALL
         (SELECT 'application', a.id, a.tracking_number, a.item_code, a.status, a.received_at, d.name,
                 a.assisted_by IS NOT NULL, false, 1, true, NULL
            FROM applications a JOIN devices d ON d.id = a.device_id
           WHERE a.site_id = $1
             AND ($2 IS NULL OR $2 = 0 OR a.received_at < $3
                  OR (a.received_at = $3 AND (true, a.id) > ($4, $5)))
           ORDER BY a.received_at DESC, a.id LIMIT $6)
         UNION ALL
         (SELECT 'booking', b.id, b.tracking_number, b.matter_code, b.status, b.received_at, d.name,
                 false, false, 1, true, NULL
            FROM bookings b JOIN devices d ON d.id = b.device_id
           WHERE b.site_id = $1
             AND ($2 IS NULL OR $2 = 0 OR b.received_at < $3
                  OR (b.received_at = $3 AND (true, b.id) > ($4, $5)))
           ORDER BY b.received_at DESC, b.id LIMIT $6)
         UNION ALL
         (SELECT CASE r.kind WHEN 'application' THEN 'legal_aid' ELSE 'consultation' END, r.id,
                 r.tracking_number, NULL::text, r.status, r.first_received_at, d.name, false,
                 r.urgent, 1, NOT r.urgent, NULL
            FROM legal_aid_requests r JOIN devices d ON d.id = r.device_id
           WHERE r.site_id = $1
             AND ($2 IS NULL OR $2 = 0 OR r.first_received_at < $3
                  OR (r.first_received_at = $3 AND (NOT r.urgent, r.id) > ($4, $5)))
           ORDER BY r.first_received_at DESC, NOT r.urgent, r.id LIMIT $6)
         UNION ALL
         (SELECT 'poor_rating', g.id, g.tracking_number, g.level, 'open', g.rated_at, d.name,
                 false, false, 0, true, g.follow_up_due
            FROM ratings g JOIN devices d ON d.id = g.device_id
           WHERE g.site_id = $1 AND g.follow_up_due IS NOT NULL AND g.followed_up_at IS NULL
             AND ($2::int IS NULL OR ($2 = 0 AND (g.rated_at, true, g.id) > ($3::timestamptz, $4::bool, $5::uuid)))
           ORDER BY g.rated_at, g.id LIMIT $6)
         UNION ALL
         (SELECT 'poor_rating', g.id, g.tracking_number, g.level, 'followed_up', g.rated_at, d.name,
                 false, false, 1, true, g.follow_up_due
            FROM ratings g JOIN devices d ON d.id = g.device_id
           WHERE g.site_id = $1 AND g.followed_up_at > now() - interval '7 days'
             AND ($2 IS NULL OR $2 = 0 OR g.rated_at < $3
                  OR (g.rated_at = $3 AND (true, g.id) > ($4, $5)))
           ORDER BY g.rated_at DESC, g.id LIMIT $6)
         ) q
         ORDER BY grp, CASE WHEN grp = 0 THEN at END, at DESC, nu, id
         LIMIT $6",
    )
    .bind(&staff.device.site_id)
    .bind(after.map(|a| a.0))
    .bind(after.map(|a| a.1))
    .bind(after.map(|a| a.2))
    .bind(after.map(|a| a.3))
    .bind(paging.fetch())
    .fetch_all(&state.pool)
    .await?;
    let (rows, next) = paging.page(QUEUE, rows, queue_key);
    let entries = rows
        .into_iter()
        .map(
            |(
                kind,
                id,
                tracking_number,
                code,
                status,
                at,
                device_name,
                assisted,
                urgent,
                _,
                _,
                due,
            )| {
                DeskQueueEntry {
                    kind: match kind.as_str() {
                        "staff_call" => DeskQueueKind::StaffCall,
                        "booking" => DeskQueueKind::Booking,
                        "legal_aid" => DeskQueueKind::LegalAid,
                        "consultation" => DeskQueueKind::Consultation,
                        "poor_rating" => DeskQueueKind::PoorRating,
                        _ => DeskQueueKind::Application,
                    },
                    id,
                    tracking_number,
                    code,
                    status,
                    at,
                    device_name,
                    assisted,
                    urgent,
                    due,
                }
            },
        )
        .collect();
    Ok(Json(DeskQueue { entries, next }))
}

struct SiteApplication {
    id: Uuid,
    tracking_number: String,
    item_code: String,
    status: ApplicationStatus,
    answers: BTreeMap<String, String>,
    submitted_at: DateTime<Utc>,
    device_name: String,
    assisted_by: Option<AssistedBy>,
}

/// An application of the staff member's site; 404 for any other (another site's applications
/// are not this desk's business, and their numbers are not confirmed either).
async fn site_application(
    conn: &mut PgConnection,
    staff: &Staff,
    tracking_number: &str,
    lock: bool,
) -> Result<SiteApplication, ServerError> {
    let number = TrackingNumber::parse(&tracking_number.replace(' ', ""))?;
    let sql = format!(
        "SELECT a.id, a.tracking_number, a.item_code, a.status, a.answers, a.submitted_at, d.name,
                a.assisted_by
           FROM applications a JOIN devices d ON d.id = a.device_id
          WHERE a.tracking_number = $1 AND a.site_id = $2{}",
        if lock { " FOR UPDATE OF a" } else { "" }
    );
    type Row = (
        Uuid,
        String,
        String,
        String,
        serde_json::Value,
        DateTime<Utc>,
        String,
        Option<serde_json::Value>,
    );
    let row: Option<Row> = sqlx::query_as(&sql)
        .bind(number.as_str())
        .bind(&staff.device.site_id)
        .fetch_optional(&mut *conn)
        .await?;
    let (id, tracking_number, item_code, status, answers, submitted_at, device_name, assisted) =
        row.ok_or(ServerError::NotFound)?;
    Ok(SiteApplication {
        id,
        tracking_number,
        item_code,
        status: ApplicationStatus::parse(&status)?,
        answers: serde_json::from_value(answers).unwrap_or_default(),
        submitted_at,
        device_name,
        assisted_by: assisted.and_then(|v| serde_json::from_value(v).ok()),
    })
}

async fn catalog_item(conn: &mut PgConnection, code: &str) -> Result<CatalogItem, ServerError> {
    let body: Option<serde_json::Value> =
        sqlx::query_scalar("SELECT body FROM catalog_items WHERE code = $1")
            .bind(code)
            .fetch_optional(&mut *conn)
            .await?;
    let body = body.ok_or(ServerError::Rule(borderdesk_core::CoreError::UnknownItem))?;
    serde_json::from_value(body).map_err(|e| ServerError::Internal(e.to_string()))
}

async fn material_checks(
    conn: &mut PgConnection,
    application_id: Uuid,
) -> Result<Vec<MaterialCheckEntry>, ServerError> {
    let rows: Vec<(i32, String)> = sqlx::query_as(
        "SELECT material_index, state FROM material_checks WHERE application_id = $1
         ORDER BY material_index",
    )
    .bind(application_id)
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(i, state)| {
            Some(MaterialCheckEntry {
                material_index: u32::try_from(i).ok()?,
                check: MaterialCheck::parse(&state)?,
            })
        })
        .collect())
}

async fn desk_view(
    conn: &mut PgConnection,
    app: SiteApplication,
) -> Result<DeskApplication, ServerError> {
    let item = catalog_item(conn, &app.item_code).await?;
    let checks = material_checks(conn, app.id).await?;
    let files: Vec<(Uuid, i32, String, i64, bool)> = sqlx::query_as(
        "SELECT id, material_index, kind, size, completed_at IS NOT NULL FROM attachments
         WHERE application_id = $1 ORDER BY material_index, created_at",
    )
    .bind(app.id)
    .fetch_all(&mut *conn)
    .await?;
    Ok(DeskApplication {
        id: app.id,
        tracking_number: app.tracking_number,
        item_code: app.item_code,
        status: app.status,
        submitted_at: app.submitted_at,
        device_name: app.device_name,
        assisted_by: app.assisted_by,
        answers: app.answers,
        outstanding: materials::outstanding(&item.materials, &checks),
        material_checks: checks,
        attachments: files
            .into_iter()
            .map(|(id, index, kind, size, complete)| DeskAttachment {
                id,
                material_index: index.max(0) as u32,
                kind,
                size,
                complete,
            })
            .collect(),
    })
}

/// Opens an application of the site at the desk (written to the audit log: the answers are
/// personal data).
#[utoipa::path(get, path = "/v1/desk/applications/{tracking_number}", tag = "desk",
    params(("tracking_number" = String, Path)),
    security(("device_token" = []), ("staff_session" = [])),
    responses((status = 200, body = DeskApplication), (status = 404)))]
pub async fn open_application(
    State(state): State<AppState>,
    staff: Staff,
    Path(tracking_number): Path<String>,
) -> Result<Json<DeskApplication>, ServerError> {
    // The answers are personal data: only the roles that check applications see them.
    staff.require(Permission::VerifyMaterials)?;
    let mut tx = state.pool.begin().await?;
    let app = site_application(&mut tx, &staff, &tracking_number, false).await?;
    let subject = app.id.to_string();
    let view = desk_view(&mut tx, app).await?;
    audit(
        &mut tx,
        Some(staff.id()),
        Some(staff.device.id),
        "desk_open_application",
        Some(&subject),
        json!({}),
    )
    .await?;
    tx.commit().await?;
    Ok(Json(view))
}

/// Records the clerk's check of some materials; answers the application as it now stands.
#[utoipa::path(post, path = "/v1/desk/applications/{tracking_number}/materials", tag = "desk",
    params(("tracking_number" = String, Path)), request_body = MaterialChecksRequest,
    security(("device_token" = []), ("staff_session" = [])),
    responses((status = 200, body = DeskApplication), (status = 404), (status = 422)))]
pub async fn check_materials(
    State(state): State<AppState>,
    staff: Staff,
    Path(tracking_number): Path<String>,
    Json(request): Json<MaterialChecksRequest>,
) -> Result<Json<DeskApplication>, ServerError> {
    staff.require(Permission::VerifyMaterials)?;
    if request.checks.is_empty() || request.checks.len() > 100 {
        return Err(ServerError::BadRequest(
            "checks must hold 1 to 100 entries".into(),
        ));
    }
    let mut tx = state.pool.begin().await?;
    let app = site_application(&mut tx, &staff, &tracking_number, true).await?;
    materials::may_check(app.status)?;
    let item = catalog_item(&mut tx, &app.item_code).await?;
    for entry in &request.checks {
        materials::check_entry(&item.materials, entry)?;
    }
    let mut latest: HashMap<u32, MaterialCheck> = HashMap::new();
    for entry in &request.checks {
        latest.insert(entry.material_index, entry.check);
    }
    let (indices, states): (Vec<i32>, Vec<&str>) =
        latest.iter().map(|(i, c)| (*i as i32, c.as_str())).unzip();
    sqlx::query(
        "INSERT INTO material_checks (application_id, material_index, state, staff_id)
         SELECT $1, i, s, $4 FROM UNNEST($2::int[], $3::text[]) AS t(i, s)
         ON CONFLICT (application_id, material_index)
         DO UPDATE SET state = EXCLUDED.state, staff_id = EXCLUDED.staff_id, at = now()",
    )
    .bind(app.id)
    .bind(&indices)
    .bind(&states)
    .bind(staff.id())
    .execute(&mut *tx)
    .await?;
    let subject = app.id.to_string();
    let detail: BTreeMap<String, &str> = latest
        .iter()
        .map(|(i, c)| (i.to_string(), c.as_str()))
        .collect();
    audit(
        &mut tx,
        Some(staff.id()),
        Some(staff.device.id),
        "desk_check_materials",
        Some(&subject),
        json!(detail),
    )
    .await?;
    let view = desk_view(&mut tx, app).await?;
    tx.commit().await?;
    Ok(Json(view))
}

/// Accepts (受理) an application of the site once every required material is in order; the
/// kiosk that took it learns the new status from the feed.
#[utoipa::path(post, path = "/v1/desk/applications/{tracking_number}/accept", tag = "desk",
    params(("tracking_number" = String, Path)),
    security(("device_token" = []), ("staff_session" = [])),
    responses((status = 200, body = ServerApplication), (status = 404),
              (status = 409, description = "`error-status-transition`"),
              (status = 422, description = "`error-materials-outstanding`")))]
pub async fn accept(
    State(state): State<AppState>,
    staff: Staff,
    Path(tracking_number): Path<String>,
) -> Result<(StatusCode, Json<ServerApplication>), ServerError> {
    staff.require(Permission::VerifyMaterials)?;
    // One transaction with the row locked: no check can change between reading the checks
    // and the new status, and the acceptance and its audit line stand or fall together.
    let mut tx = state.pool.begin().await?;
    let app = site_application(&mut tx, &staff, &tracking_number, true).await?;
    let item = catalog_item(&mut tx, &app.item_code).await?;
    let checks = material_checks(&mut tx, app.id).await?;
    app.status.transition(ApplicationStatus::Accepted)?;
    materials::ready_to_accept(&item.materials, &checks)?;
    let number = TrackingNumber::parse(&app.tracking_number)?;
    crate::admin::set_status_in(
        &mut tx,
        &number,
        &SetStatusRequest {
            status: ApplicationStatus::Accepted,
            note: None,
        },
    )
    .await?;
    audit(
        &mut tx,
        Some(staff.id()),
        Some(staff.device.id),
        "desk_accept_application",
        Some(&app.id.to_string()),
        json!({}),
    )
    .await?;
    tx.commit().await?;
    let accepted = crate::admin::application(&state.pool, &number).await?;
    Ok((StatusCode::OK, Json(accepted)))
}

/// Keeps who filled in the newly inserted applications of a push for a citizen (代办), with an
/// audit entry each, in the push's transaction. Only an active member of staff of the pushing
/// device's site whose role may assist counts: any other name is logged and left out (the
/// application itself is kept).
pub(crate) async fn record_assisted(
    conn: &mut PgConnection,
    device: &crate::extract::Device,
    applied: &[(Uuid, &borderdesk_core::Application)],
    inserted: &std::collections::HashSet<Uuid>,
) -> Result<(), ServerError> {
    for (_, app) in applied {
        let Some(by) = app.assisted_by.as_ref() else {
            continue;
        };
        if !inserted.contains(&app.id) {
            continue;
        }
        let role: Option<String> = sqlx::query_scalar(
            "SELECT role FROM staff
              WHERE id = $1 AND user_name = $2 AND site_id = $3 AND disabled_at IS NULL
                AND EXISTS (SELECT 1 FROM audit_log l WHERE l.action = 'login'
                               AND l.staff_id = staff.id AND l.device_id = $4)",
        )
        .bind(by.staff_id)
        .bind(&by.user_name)
        .bind(&device.site_id)
        .bind(device.id)
        .fetch_optional(&mut *conn)
        .await?;
        let may_assist = role
            .as_deref()
            .and_then(borderdesk_core::staff::Role::parse)
            .is_some_and(|r| borderdesk_core::staff::allows(r, Permission::AssistApplication));
        if !may_assist {
            tracing::warn!(device = %device.id, "assisted application names unknown staff");
            continue;
        }
        sqlx::query("UPDATE applications SET assisted_by = $2 WHERE id = $1")
            .bind(app.id)
            .bind(sqlx::types::Json(by))
            .execute(&mut *conn)
            .await?;
        audit(
            conn,
            Some(by.staff_id),
            Some(device.id),
            "assisted_application",
            Some(&app.id.to_string()),
            json!({ "item_code": app.item_code }),
        )
        .await?;
    }
    Ok(())
}
