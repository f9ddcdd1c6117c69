//! Staff accounts: admins create them, people log in through an enrolled device (argon2id,
//! lockout after repeated failures counted here), and every handler that acts for a person
//! takes the [`Staff`] extractor and asks it for a permission. Every login, failure, lock and
//! logout goes to the audit log, which never holds a password or a citizen's data.

use std::sync::OnceLock;

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::SaltString;
use argon2::{Argon2, PasswordHasher};
use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::routing::{get, post};
use axum::{middleware, Router};
use borderdesk_core::staff::{
    self as rules, Lockout, OfficeKind, Permission, Role, StaffError, LOCKOUT_MINUTES,
    SESSION_HOURS,
};
use borderdesk_protocol::{
    codes, AuditEntry, CreateStaffRequest, ErrorBody, LoginRequest, LoginResponse, Mutation,
    MutationBody, OfflineCredential, Outcome, Page, PageQuery, StaffAuditUpload, StaffInfo,
    DEVICE_AUDIT_ACTIONS, STAFF_HEADER,
};
use chrono::{DateTime, Duration, Utc};
use rand::RngCore;
use serde_json::{json, Value};
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use crate::extract::{token_hash, Admin, Device, Json, Paging};
use crate::{AppState, ServerError};

/// Every staff route: `/v1/sync/staff/*` (device token and protocol header, like the other
/// sync routes) and `/v1/admin/staff`, `/v1/admin/audit` (admin token).
pub fn routes(state: &AppState) -> Router<AppState> {
    let sync = Router::new()
        .route("/v1/sync/staff/login", post(login))
        .route("/v1/sync/staff/logout", post(logout))
        .route("/v1/sync/staff/me", get(me))
        .route("/v1/sync/staff/audit", get(audit_for_staff))
        .route_layer(middleware::from_fn_with_state(
            state.clone(),
            crate::extract::require_protocol,
        ));
    Router::new()
        .route("/v1/admin/staff", post(create))
        .route("/v1/admin/audit", get(audit_for_admin))
        .merge(sync)
}

/// A member of staff acting through an enrolled device: the device's bearer token and a live
/// session (made through that same device) in the `x-borderdesk-staff` header.
#[derive(Debug, Clone)]
pub struct Staff {
    pub info: StaffInfo,
    pub device: Device,
    session_hash: String,
}

impl Staff {
    /// `403 error-permission-denied` unless this person's role allows it.
    pub fn require(&self, permission: Permission) -> Result<(), ServerError> {
        Ok(rules::require(self.info.role, permission)?)
    }

    pub fn id(&self) -> Uuid {
        self.info.id
    }

    pub fn role(&self) -> Role {
        self.info.role
    }

    /// `403` unless this person works at `office`'s desk: `error-staff-wrong-office` for
    /// someone of that kind of office working for another one, `error-permission-denied` for
    /// a role with no such desk.
    pub fn require_office(&self, kind: OfficeKind, office: &str) -> Result<(), ServerError> {
        Ok(rules::check_office(
            self.info.role,
            self.info.office_code.as_deref(),
            kind,
            office,
        )?)
    }
}

fn staff_token(parts: &Parts) -> Option<&str> {
    let value = parts.headers.get(STAFF_HEADER)?.to_str().ok()?.trim();
    let token = match value.split_once(' ') {
        Some((scheme, rest)) if scheme.eq_ignore_ascii_case("bearer") => rest.trim(),
        _ => value,
    };
    (!token.is_empty()).then_some(token)
}

impl FromRequestParts<AppState> for Staff {
    type Rejection = ServerError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let device = Device::from_request_parts(parts, state).await?;
        let token = staff_token(parts).ok_or(StaffError::SessionExpired)?;
        let session_hash = token_hash(token);
        let row: Option<(Uuid, String, String, String, String, Option<String>)> = sqlx::query_as(
            "SELECT s.id, s.user_name, s.display_name, s.role, s.site_id, s.office_code
               FROM staff_sessions ss JOIN staff s ON s.id = ss.staff_id
              WHERE ss.token_hash = $1 AND ss.device_id = $2 AND ss.expires_at > now()
                AND s.disabled_at IS NULL",
        )
        .bind(&session_hash)
        .bind(device.id)
        .fetch_optional(&state.pool)
        .await?;
        let (id, user_name, display_name, role, site_id, office_code) =
            row.ok_or(StaffError::SessionExpired)?;
        let role = parse_role(&role)?;
        // The site rule holds for the whole session, not only at login: a person moved to
        // another site, or a device enrolled again elsewhere, ends the session.
        rules::check_login_site(role, &site_id, Some(&device.site_id))
            .map_err(|_| StaffError::SessionExpired)?;
        Ok(Staff {
            info: StaffInfo {
                id,
                user_name,
                display_name,
                role,
                site_id,
                office_code,
            },
            device,
            session_hash,
        })
    }
}

fn parse_role(s: &str) -> Result<Role, ServerError> {
    Role::parse(s).ok_or_else(|| ServerError::Internal(format!("unknown role {s:?} in staff")))
}

// ----- passwords --------------------------------------------------------------------------

/// Runs `work` (argon2: about 19 MiB and tens of milliseconds of one core) on a blocking
/// thread, at most `password_hashing_threads` at once, so that a flood of logins cannot take
/// every core from the other requests (`/healthz` stays quick). Past the queue's length, or
/// after a while in it, the login is answered 429, never held until the request times out.
async fn hashing<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, ServerError> {
    use std::sync::atomic::{AtomicU32, Ordering};
    static GATE: OnceLock<tokio::sync::Semaphore> = OnceLock::new();
    static WAITING: AtomicU32 = AtomicU32::new(0);
    let limits = crate::limits::limits();
    let gate = GATE.get_or_init(|| {
        tokio::sync::Semaphore::new(limits.password_hashing_threads.max(1) as usize)
    });
    let busy = ServerError::TooManyRequests { retry_after: 5 };
    if WAITING.fetch_add(1, Ordering::SeqCst) >= limits.password_hashing_queue {
        WAITING.fetch_sub(1, Ordering::SeqCst);
        return Err(busy);
    }
    let permit = tokio::time::timeout(std::time::Duration::from_secs(10), gate.acquire()).await;
    WAITING.fetch_sub(1, Ordering::SeqCst);
    let Ok(Ok(_permit)) = permit else {
        return Err(busy);
    };
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| ServerError::Internal(e.to_string()))
}

/// argon2id with the crate's defaults (19 MiB, 2 passes), in PHC form.
pub async fn hash_password(password: &str) -> Result<String, ServerError> {
    let password = password.to_owned();
    hashing(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| ServerError::Internal(format!("argon2: {e}")))
    })
    .await?
}

/// Whether `password` matches the PHC `hash` (false for an unreadable hash). With no hash
/// (an unknown or disabled name) a decoy is checked, so that the answer takes as long.
pub async fn verify_password(password: &str, hash: Option<&str>) -> Result<bool, ServerError> {
    let (password, hash) = (password.to_owned(), hash.map(str::to_owned));
    hashing(move || {
        let known = hash.is_some();
        let hash = hash.unwrap_or_else(|| decoy_hash().to_owned());
        let matches = borderdesk_core::staff::password_matches(&password, &hash);
        known && matches
    })
    .await
}

/// A hash of nothing anyone knows, checked against for unknown user names so that they take
/// as long to refuse as a wrong password.
fn decoy_hash() -> &'static str {
    static DECOY: OnceLock<String> = OnceLock::new();
    DECOY.get_or_init(|| {
        let mut raw = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut raw);
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(hex::encode(raw).as_bytes(), &salt)
            .map(|h| h.to_string())
            .unwrap_or_default()
    })
}

// ----- audit ------------------------------------------------------------------------------

/// Appends to the audit log. `subject` is a user name or record id, `detail` codes and
/// counts: never a password, never a citizen's data.
pub async fn audit(
    conn: &mut PgConnection,
    staff_id: Option<Uuid>,
    device_id: Option<Uuid>,
    action: &str,
    subject: Option<&str>,
    detail: Value,
) -> Result<(), ServerError> {
    sqlx::query(
        "INSERT INTO audit_log (staff_id, device_id, action, subject, detail)
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(staff_id)
    .bind(device_id)
    .bind(action)
    .bind(subject)
    .bind(detail)
    .execute(conn)
    .await?;
    Ok(())
}

/// The audit log, newest first (by id: the order lines were written in), one page.
pub async fn read_audit(pool: &PgPool, paging: &Paging) -> Result<Page<AuditEntry>, ServerError> {
    let page = crate::console::audit::search(pool, paging, &Default::default()).await?;
    Ok(Page {
        items: page.items.into_iter().map(|line| line.entry).collect(),
        next: page.next,
    })
}

// ----- the devices' login logs ------------------------------------------------------------

/// Why a device's login-log line is not taken (it never will be: the device sets it aside).
fn audit_line_problem(entry: &StaffAuditUpload) -> Option<&'static str> {
    if !DEVICE_AUDIT_ACTIONS.contains(&entry.action.as_str()) {
        return Some("unknown action");
    }
    if entry
        .user_name
        .as_deref()
        .is_some_and(|u| u.is_empty() || u.len() > 100)
    {
        return Some("user_name must be 1 to 100 bytes");
    }
    // Codes and counts only: a handful of keys with small numbers, booleans or short codes.
    // A code has a letter in it, so an ID or phone number never passes as one.
    let short_code = |s: &str| {
        s.len() <= 40
            && s.bytes().any(|b| b.is_ascii_lowercase())
            && s.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
    };
    let small_number = |n: &serde_json::Number| n.as_u64().is_some_and(|n| n < 100_000);
    match &entry.detail {
        Value::Null => None,
        Value::Object(map) if map.len() <= 8 => {
            let fine = map.iter().all(|(k, v)| {
                short_code(k)
                    && match v {
                        Value::Bool(_) | Value::Null => true,
                        Value::Number(n) => small_number(n),
                        Value::String(s) => short_code(s),
                        _ => false,
                    }
            });
            (!fine).then_some("detail holds only short codes and numbers")
        }
        _ => Some("detail holds only short codes and numbers"),
    }
}

/// Adds a line of a device's login log to the audit log, once per mutation id (a replay is
/// answered as before). The line keeps the device's time; its detail says it came from the
/// device (`"source": "device"`).
pub async fn apply_device_audit(
    pool: &PgPool,
    device: &Device,
    mutation: &Mutation,
) -> Result<Outcome, ServerError> {
    let MutationBody::StaffAudit { entry } = &mutation.body else {
        return Err(ServerError::Internal("not a staff audit mutation".into()));
    };
    let refused = audit_line_problem(entry).map(|why| Outcome::Rejected {
        code: codes::BAD_REQUEST.to_string(),
        message: why.to_string(),
    });
    let mut tx = pool.begin().await?;
    if let crate::once::Claim::Replay(outcome) =
        crate::once::claim(&mut tx, device, mutation.id).await?
    {
        tx.rollback().await?;
        return Ok(outcome);
    }
    if let Some(outcome) = refused {
        crate::once::settle(&mut tx, mutation.id, &outcome).await?;
        tx.commit().await?;
        return Ok(outcome);
    }
    let mut detail = match &entry.detail {
        Value::Object(map) => map.clone(),
        _ => serde_json::Map::new(),
    };
    detail.insert("source".into(), json!("device"));
    detail.insert("mutation_id".into(), json!(mutation.id));
    // The device's clock is kept (the line happened then), but never later than now: the
    // server's own time of receipt goes beside it.
    let now = chrono::Utc::now();
    detail.insert("received_at".into(), json!(now));
    let at = entry.at.min(now);
    // A name is kept only when it is an account's (a failed login's name may be a mistyped
    // password), and an id only when it is that of an account of this device's site that
    // logged in through this very device (a device cannot put lines in anyone's name).
    let known: Option<(Uuid, String)> = match (entry.staff_id, entry.user_name.as_deref()) {
        (Some(id), _) => {
            sqlx::query_as(
                "SELECT id, user_name FROM staff
                  WHERE id = $1 AND (site_id = $2 OR role = 'admin')
                    AND EXISTS (SELECT 1 FROM audit_log l WHERE l.action = 'login'
                                   AND l.staff_id = staff.id AND l.device_id = $3)",
            )
            .bind(id)
            .bind(&device.site_id)
            .bind(device.id)
            .fetch_optional(&mut *tx)
            .await?
        }
        (None, Some(name)) => {
            sqlx::query_as(
                "SELECT id, user_name FROM staff
                  WHERE user_name = $1 AND (site_id = $2 OR role = 'admin')
                    AND EXISTS (SELECT 1 FROM audit_log l WHERE l.action = 'login'
                                   AND l.staff_id = staff.id AND l.device_id = $3)",
            )
            .bind(name)
            .bind(&device.site_id)
            .bind(device.id)
            .fetch_optional(&mut *tx)
            .await?
        }
        (None, None) => None,
    };
    let (staff_id, user_name) = match known {
        Some((id, name)) if entry.user_name.as_deref().is_none_or(|u| u == name) => {
            (Some(id), Some(name))
        }
        _ => (None, None),
    };
    sqlx::query(
        "INSERT INTO audit_log (at, staff_id, device_id, action, subject, detail)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(at)
    .bind(staff_id)
    .bind(device.id)
    .bind(&entry.action)
    .bind(user_name.as_deref())
    .bind(Value::Object(detail))
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Outcome::Applied)
}

// ----- accounts and logins ----------------------------------------------------------------

/// Creates an account with an initial password (admin).
pub async fn create_staff(
    pool: &PgPool,
    request: &CreateStaffRequest,
) -> Result<StaffInfo, ServerError> {
    create_staff_by(pool, request, None).await
}

/// Gives the account `user_name` a new role, site and office (checked as for a new account),
/// by the console user `by`; its sessions end so that the new permissions apply at once.
pub async fn reassign_staff_by(
    pool: &PgPool,
    user_name: &str,
    assignment: &borderdesk_protocol::StaffAssignment,
    by: &StaffInfo,
) -> Result<StaffInfo, ServerError> {
    let site_id = assignment.site_id.trim();
    if site_id.is_empty() || site_id.len() > 100 {
        return Err(ServerError::BadRequest(
            "site_id must be 1 to 100 bytes".into(),
        ));
    }
    let office_code = assignment
        .office_code
        .as_deref()
        .map(str::trim)
        .filter(|o| !o.is_empty());
    rules::check_reassign(&by.user_name, by.role, user_name, assignment.role)?;
    rules::check_office_assignment(assignment.role, office_code)?;
    if let (Some(kind), Some(code)) = (assignment.role.office_kind(), office_code) {
        if !office_exists(pool, kind, code).await? {
            return Err(StaffError::OfficeUnknown.into());
        }
    }
    let mut tx = pool.begin().await?;
    let row: Option<(Uuid, String)> = sqlx::query_as(
        "UPDATE staff SET role = $2, site_id = $3, office_code = $4
          WHERE user_name = $1 AND disabled_at IS NULL
          RETURNING id, display_name",
    )
    .bind(user_name.trim())
    .bind(assignment.role.as_str())
    .bind(site_id)
    .bind(office_code)
    .fetch_optional(&mut *tx)
    .await?;
    let (id, display_name) = row.ok_or(ServerError::NotFound)?;
    end_sessions(&mut tx, id).await?;
    audit(
        &mut tx,
        Some(id),
        None,
        "staff_reassigned",
        Some(user_name.trim()),
        json!({ "role": assignment.role.as_str(), "site_id": site_id,
                "office_code": office_code, "by": by.id }),
    )
    .await?;
    tx.commit().await?;
    Ok(StaffInfo {
        id,
        user_name: user_name.trim().to_string(),
        display_name,
        role: assignment.role,
        site_id: site_id.to_string(),
        office_code: office_code.map(str::to_string),
    })
}

/// [`create_staff`], recording who made the account (`detail.by`, a console user's id).
pub async fn create_staff_by(
    pool: &PgPool,
    request: &CreateStaffRequest,
    by: Option<Uuid>,
) -> Result<StaffInfo, ServerError> {
    let user_name = request.user_name.trim();
    let display_name = request.display_name.trim();
    let site_id = request.site_id.trim();
    for (field, value) in [
        ("user_name", user_name),
        ("display_name", display_name),
        ("site_id", site_id),
    ] {
        if value.is_empty() || value.len() > 100 {
            return Err(ServerError::BadRequest(format!(
                "{field} must be 1 to 100 bytes"
            )));
        }
    }
    let office_code = request
        .office_code
        .as_deref()
        .map(str::trim)
        .filter(|o| !o.is_empty());
    rules::check_office_assignment(request.role, office_code)?;
    if let (Some(kind), Some(code)) = (request.role.office_kind(), office_code) {
        if !office_exists(pool, kind, code).await? {
            return Err(StaffError::OfficeUnknown.into());
        }
    }
    rules::check_password(&request.password)?;
    let hash = hash_password(&request.password).await?;
    let id = Uuid::now_v7();
    let mut tx = pool.begin().await?;
    let inserted = sqlx::query(
        "INSERT INTO staff (id, user_name, display_name, role, site_id, password_hash, office_code)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (user_name) DO NOTHING",
    )
    .bind(id)
    .bind(user_name)
    .bind(display_name)
    .bind(request.role.as_str())
    .bind(site_id)
    .bind(&hash)
    .bind(office_code)
    .execute(&mut *tx)
    .await?;
    if inserted.rows_affected() == 0 {
        return Err(StaffError::UserNameTaken.into());
    }
    audit(
        &mut tx,
        Some(id),
        None,
        "staff_created",
        Some(user_name),
        json!({"role": request.role.as_str(), "site_id": site_id, "office_code": office_code,
               "by": by}),
    )
    .await?;
    tx.commit().await?;
    Ok(StaffInfo {
        id,
        user_name: user_name.into(),
        display_name: display_name.into(),
        role: request.role,
        site_id: site_id.into(),
        office_code: office_code.map(str::to_string),
    })
}

/// Whether the reference data holds an office of this kind with this code.
async fn office_exists(pool: &PgPool, kind: OfficeKind, code: &str) -> Result<bool, ServerError> {
    let sql = match kind {
        OfficeKind::LegalAid => {
            "SELECT EXISTS (SELECT 1 FROM legal_aid_reference r,
                                jsonb_array_elements(r.body -> 'offices') o
                             WHERE r.id AND o ->> 'code' = $1)"
        }
        OfficeKind::Notary => "SELECT EXISTS (SELECT 1 FROM notary_offices WHERE code = $1)",
    };
    Ok(sqlx::query_scalar(sql).bind(code).fetch_one(pool).await?)
}

type StaffRow = (
    Uuid,
    String,
    String,
    String,
    String,
    String,
    i32,
    Option<DateTime<Utc>>,
    Option<DateTime<Utc>>,
    Option<String>,
);

/// How many failed logins of every name together lock a device's logins (one device
/// spraying names); each name at each device locks after `LOCKOUT_AFTER_FAILURES`.
pub const DEVICE_LOCKOUT_AFTER_FAILURES: u32 = 50;

fn throttle_key(user_name: &str) -> String {
    token_hash(&user_name.trim().to_lowercase())
}

/// Where failed logins are counted: the name at one place, and every name at one place
/// together. For a device both are the device; for the console the name is counted across
/// the whole console and every name together per client address (see `console`).
#[derive(Debug, Clone, Copy)]
pub(crate) struct ThrottlePlaces {
    pub name_at: Uuid,
    pub all_names_at: Uuid,
}

impl ThrottlePlaces {
    fn device(device: &Device) -> Self {
        ThrottlePlaces {
            name_at: device.id,
            all_names_at: device.id,
        }
    }
}

/// The lock on a name at its place and on every name at the other, whichever holds longer.
async fn throttle_check(
    pool: &PgPool,
    key: &str,
    places: ThrottlePlaces,
    now: DateTime<Utc>,
) -> Result<(), StaffError> {
    let until: Option<DateTime<Utc>> = sqlx::query_scalar(
        "SELECT max(locked_until) FROM login_throttle
          WHERE ((device_id = $2 AND user_key = $1) OR (device_id = $3 AND user_key = '*'))
            AND locked_until > now()",
    )
    .bind(key)
    .bind(places.name_at)
    .bind(places.all_names_at)
    .fetch_one(pool)
    .await
    .unwrap_or(None);
    Lockout {
        failed_attempts: 0,
        locked_until: until,
    }
    .check(now)
}

/// Counts a failed login of `key` (and of every name together), atomically, and returns
/// whether the name is now locked there.
async fn throttle_fail(
    tx: &mut PgConnection,
    key: &str,
    places: ThrottlePlaces,
) -> Result<(bool, u32), ServerError> {
    let mut locked = false;
    let mut count = 0;
    for (k, place, after) in [
        (key, places.name_at, rules::LOCKOUT_AFTER_FAILURES),
        ("*", places.all_names_at, DEVICE_LOCKOUT_AFTER_FAILURES),
    ] {
        // An expired lock starts the count again; reaching the limit locks and resets it.
        let (failed, until): (i32, Option<DateTime<Utc>>) = sqlx::query_as(
            "INSERT INTO login_throttle AS t (user_key, device_id, failed_attempts)
             VALUES ($1, $2, 1)
             ON CONFLICT (user_key, device_id) DO UPDATE SET
                 failed_attempts = CASE WHEN t.failed_attempts + 1 >= $3 THEN 0
                                        ELSE t.failed_attempts + 1 END,
                 locked_until = CASE WHEN t.failed_attempts + 1 >= $3
                                     THEN now() + make_interval(mins => $4)
                                     WHEN t.locked_until <= now() THEN NULL
                                     ELSE t.locked_until END
             RETURNING failed_attempts, locked_until",
        )
        .bind(k)
        .bind(place)
        .bind(after as i32)
        .bind(LOCKOUT_MINUTES as i32)
        .fetch_one(&mut *tx)
        .await?;
        if k == key {
            count = failed.max(0) as u32;
            locked = until.is_some_and(|u| u > Utc::now()) && failed == 0;
        }
    }
    Ok((locked, count))
}

/// An account whose password was just checked.
pub(crate) struct CheckedAccount {
    pub info: StaffInfo,
}

/// The password half of every login, the app's and the console's: throttled, the same answer
/// for an unknown user, a disabled account and a wrong password, every outcome audited
/// (`device` is the device the person logs in through, `via` goes into the audit detail).
/// The password is checked outside any transaction (argon2 takes a while; a flood must not
/// hold connections). A success clears the name's failures at its place.
pub(crate) async fn check_password(
    pool: &PgPool,
    places: ThrottlePlaces,
    device: Option<Uuid>,
    via: Option<&str>,
    request: &LoginRequest,
) -> Result<CheckedAccount, ServerError> {
    let with_via = |mut detail: Value| {
        if let (Some(via), Value::Object(map)) = (via, &mut detail) {
            map.insert("via".into(), Value::String(via.into()));
        }
        detail
    };
    let user_name = request.user_name.trim();
    let key = throttle_key(user_name);
    let now = Utc::now();
    let row: Option<StaffRow> = sqlx::query_as(
        "SELECT id, user_name, display_name, role, site_id, password_hash, failed_attempts,
                locked_until, disabled_at, office_code
           FROM staff WHERE user_name = $1",
    )
    .bind(user_name)
    .fetch_optional(pool)
    .await?;
    let staff_id = row.as_ref().map(|r| r.0);
    // The name is recorded only when it is an account's (an unknown one may be a password).
    let subject = row.as_ref().map(|r| r.1.clone());
    if let Err(locked) = throttle_check(pool, &key, places, now).await {
        let mut conn = pool.acquire().await?;
        audit(
            &mut conn,
            staff_id,
            device,
            "login_refused_locked",
            subject.as_deref(),
            with_via(json!({})),
        )
        .await?;
        return Err(locked.into());
    }
    let usable = row.as_ref().filter(|r| r.8.is_none());
    // Spend the time a real check takes also for an unknown or disabled name.
    let password_ok = verify_password(&request.password, usable.map(|r| r.5.as_str())).await?;
    if !password_ok {
        let reason = match &row {
            None => "unknown_user",
            Some(r) if r.8.is_some() => "disabled",
            Some(_) => "wrong_password",
        };
        let mut tx = pool.begin().await?;
        let (locked_now, failed) = throttle_fail(&mut tx, &key, places).await?;
        let action = if reason == "disabled" {
            "login_refused_disabled"
        } else {
            "login_failed"
        };
        let detail = match reason {
            "wrong_password" => json!({"reason": reason, "failed_attempts": failed}),
            "disabled" => json!({}),
            _ => json!({"reason": reason}),
        };
        audit(
            &mut tx,
            staff_id,
            device,
            action,
            subject.as_deref(),
            with_via(detail),
        )
        .await?;
        if locked_now && staff_id.is_some() {
            audit(
                &mut tx,
                staff_id,
                device,
                "account_locked",
                subject.as_deref(),
                with_via(json!({"minutes": LOCKOUT_MINUTES})),
            )
            .await?;
        }
        tx.commit().await?;
        return Err(if locked_now {
            StaffError::AccountLocked {
                minutes: LOCKOUT_MINUTES,
            }
        } else {
            StaffError::LoginFailed
        }
        .into());
    }
    let Some((id, user_name, display_name, role, site_id, _, _, _, _, office_code)) = row else {
        return Err(StaffError::LoginFailed.into());
    };
    sqlx::query("DELETE FROM login_throttle WHERE user_key = $1 AND device_id = $2")
        .bind(&key)
        .bind(places.name_at)
        .execute(pool)
        .await?;
    Ok(CheckedAccount {
        info: StaffInfo {
            id,
            user_name,
            display_name,
            role: parse_role(&role)?,
            site_id,
            office_code,
        },
    })
}

/// Checks a user name and password given at `device`. Unknown user, disabled account and
/// wrong password give the same `error-login-failed`; the fifth failure in a row of one
/// name at one device locks that name there for 15 minutes, during which even the right
/// password is refused, and an unknown name locks the same way. Whatever happens is audited.
pub async fn log_in(
    pool: &PgPool,
    device: &Device,
    request: &LoginRequest,
) -> Result<LoginResponse, ServerError> {
    let now = Utc::now();
    let CheckedAccount { info } = check_password(
        pool,
        ThrottlePlaces::device(device),
        Some(device.id),
        None,
        request,
    )
    .await?;
    let StaffInfo {
        id,
        user_name,
        display_name,
        role,
        site_id,
        office_code,
    } = info;
    let subject = Some(user_name.as_str());
    let mut tx = pool.begin().await?;
    // The password is right: only now say that the site is wrong (a stranger learns nothing).
    if let Err(e) = rules::check_login_site(role, &site_id, Some(&device.site_id)) {
        audit(
            &mut tx,
            Some(id),
            Some(device.id),
            "login_refused_wrong_site",
            subject,
            json!({"staff_site": site_id, "device_site": device.site_id}),
        )
        .await?;
        tx.commit().await?;
        return Err(e.into());
    }

    let mut raw = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut raw);
    let session_token = hex::encode(raw);
    let expires_at = now + Duration::hours(SESSION_HOURS);
    sqlx::query("DELETE FROM staff_sessions WHERE staff_id = $1 AND expires_at <= now()")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO staff_sessions (token_hash, staff_id, device_id, expires_at)
         VALUES ($1, $2, $3, $4)",
    )
    .bind(token_hash(&session_token))
    .bind(id)
    .bind(device.id)
    .bind(expires_at)
    .execute(&mut *tx)
    .await?;
    audit(
        &mut tx,
        Some(id),
        Some(device.id),
        "login",
        subject,
        json!({}),
    )
    .await?;
    tx.commit().await?;

    // A hash of its own (fresh salt) for the device: the server's stored hash never leaves it.
    let offline_hash = hash_password(&request.password).await?;
    Ok(LoginResponse {
        session_token,
        staff: StaffInfo {
            id,
            user_name,
            display_name,
            role,
            site_id,
            office_code,
        },
        expires_at,
        offline_credential: OfflineCredential {
            password_hash: offline_hash,
            issued_at: now,
        },
    })
}

/// Ends every session of an account, on devices and in the console.
pub async fn end_sessions(conn: &mut PgConnection, staff_id: Uuid) -> Result<(), ServerError> {
    sqlx::query("DELETE FROM staff_sessions WHERE staff_id = $1")
        .bind(staff_id)
        .execute(&mut *conn)
        .await?;
    sqlx::query("DELETE FROM console_sessions WHERE staff_id = $1")
        .bind(staff_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Gives an account a new password (an admin's act in the console): its failed-login counts
/// stay, every session of it ends, and the audit log says who did it.
pub async fn reset_password(
    pool: &PgPool,
    user_name: &str,
    password: &str,
    by: Uuid,
) -> Result<(), ServerError> {
    rules::check_password(password)?;
    let hash = hash_password(password).await?;
    let mut tx = pool.begin().await?;
    let id: Option<Uuid> =
        sqlx::query_scalar("UPDATE staff SET password_hash = $2 WHERE user_name = $1 RETURNING id")
            .bind(user_name)
            .bind(&hash)
            .fetch_optional(&mut *tx)
            .await?;
    let id = id.ok_or(ServerError::NotFound)?;
    end_sessions(&mut tx, id).await?;
    audit(
        &mut tx,
        Some(id),
        None,
        "password_reset",
        Some(user_name),
        json!({ "by": by }),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Ends this session.
pub async fn log_out(pool: &PgPool, staff: &Staff) -> Result<(), ServerError> {
    let mut tx = pool.begin().await?;
    sqlx::query("DELETE FROM staff_sessions WHERE token_hash = $1")
        .bind(&staff.session_hash)
        .execute(&mut *tx)
        .await?;
    audit(
        &mut tx,
        Some(staff.id()),
        Some(staff.device.id),
        "logout",
        Some(&staff.info.user_name),
        json!({}),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

// ----- handlers ---------------------------------------------------------------------------

/// Creates a staff account with an initial password (admin).
#[utoipa::path(post, path = "/v1/admin/staff", tag = "admin", request_body = CreateStaffRequest,
    security(("admin_token" = [])),
    responses((status = 200, body = StaffInfo),
              (status = 401, body = ErrorBody),
              (status = 409, body = ErrorBody, description = "error-user-name-taken"),
              (status = 422, body = ErrorBody, description = "error-password-too-short, error-staff-office-required, error-staff-office-not-for-role, error-staff-office-unknown")))]
pub async fn create(
    State(state): State<AppState>,
    _admin: Admin,
    Json(request): Json<CreateStaffRequest>,
) -> Result<Json<StaffInfo>, ServerError> {
    Ok(Json(create_staff(&state.pool, &request).await?))
}

/// Logs a member of staff in through this device: a session token for the
/// `x-borderdesk-staff` header and a credential the device caches for offline logins.
#[utoipa::path(post, path = "/v1/sync/staff/login", tag = "staff", request_body = LoginRequest,
    security(("device_token" = [])),
    responses((status = 200, body = LoginResponse),
              (status = 401, body = ErrorBody, description = "error-login-failed (unknown user or wrong password), or error-unauthorized (device)"),
              (status = 403, body = ErrorBody, description = "error-staff-wrong-site: the account belongs to another site than the device (admins excepted)"),
              (status = 423, body = ErrorBody, description = "error-account-locked; Retry-After gives the seconds left")))]
pub async fn login(
    State(state): State<AppState>,
    device: Device,
    Json(request): Json<LoginRequest>,
) -> Result<Json<LoginResponse>, ServerError> {
    Ok(Json(log_in(&state.pool, &device, &request).await?))
}

/// Ends the staff session of the `x-borderdesk-staff` header.
#[utoipa::path(post, path = "/v1/sync/staff/logout", tag = "staff",
    security(("device_token" = [], "staff_session" = [])),
    responses((status = 204), (status = 401, body = ErrorBody)))]
pub async fn logout(
    State(state): State<AppState>,
    staff: Staff,
) -> Result<axum::http::StatusCode, ServerError> {
    log_out(&state.pool, &staff).await?;
    Ok(axum::http::StatusCode::NO_CONTENT)
}

/// Who the `x-borderdesk-staff` session belongs to.
#[utoipa::path(get, path = "/v1/sync/staff/me", tag = "staff",
    security(("device_token" = [], "staff_session" = [])),
    responses((status = 200, body = StaffInfo), (status = 401, body = ErrorBody)))]
pub async fn me(staff: Staff) -> Json<StaffInfo> {
    Json(staff.info)
}

/// The audit log, for staff whose role may manage staff.
#[utoipa::path(get, path = "/v1/sync/staff/audit", tag = "staff", params(PageQuery),
    security(("device_token" = [], "staff_session" = [])),
    responses((status = 200, body = Page<AuditEntry>),
              (status = 400, body = ErrorBody, description = "`error-page-limit-invalid` or `error-page-cursor-invalid`"),
              (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody, description = "error-permission-denied")))]
pub async fn audit_for_staff(
    State(state): State<AppState>,
    staff: Staff,
    paging: Paging,
) -> Result<Json<Page<AuditEntry>>, ServerError> {
    staff.require(Permission::ManageStaff)?;
    Ok(Json(read_audit(&state.pool, &paging).await?))
}

/// The audit log (admin).
#[utoipa::path(get, path = "/v1/admin/audit", tag = "admin", params(PageQuery),
    security(("admin_token" = [])),
    responses((status = 200, body = Page<AuditEntry>),
              (status = 400, body = ErrorBody, description = "`error-page-limit-invalid` or `error-page-cursor-invalid`"),
              (status = 401, body = ErrorBody)))]
pub async fn audit_for_admin(
    State(state): State<AppState>,
    _admin: Admin,
    paging: Paging,
) -> Result<Json<Page<AuditEntry>>, ServerError> {
    Ok(Json(read_audit(&state.pool, &paging).await?))
}
