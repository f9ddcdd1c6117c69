//! Console sessions: a staff login from a browser, kept in a cookie (`HttpOnly`,
//! `SameSite=Strict`, `Secure` unless the county turns it off for a loopback test), checked
//! on every request, ended by logout, by the idle time (`console_idle_minutes`), after
//! [`SESSION_HOURS`], and when the account is disabled or its password reset. A request that
//! changes something must also carry the session's CSRF token in `x-csrf-token`.
//!
//! Failed logins are counted like the app's: a name locks after five failures (across the
//! whole console, so that guessing from many addresses gains nothing), and every name
//! together locks one client address after fifty.

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::header::{COOKIE, SET_COOKIE};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method};
use borderdesk_core::staff::{self as rules, ConsoleSection, Role, SESSION_HOURS};
use borderdesk_protocol::console::{CSRF_HEADER, SESSION_COOKIE};
use borderdesk_protocol::{ConsoleSession, LoginRequest, StaffInfo};
use chrono::{DateTime, Duration, Utc};
use rand::RngCore;
use serde_json::json;
use sha2::{Digest, Sha256};
use sqlx::PgPool;
use uuid::Uuid;

use crate::extract::{constant_time_eq, token_hash};
use crate::staff::{audit, check_password, CheckedAccount, ThrottlePlaces};
use crate::{settings, AppState, ServerError};
use borderdesk_core::staff::StaffError;

/// The place the console counts a name's failed logins at (no device has this id).
const CONSOLE_PLACE: Uuid = Uuid::from_u128(0xb0d0_c0de_0000_0000_0000_0000_c0a5_0001);

/// A person logged in to the console.
#[derive(Debug, Clone)]
pub struct ConsoleStaff {
    pub info: StaffInfo,
    session_hash: String,
}

impl ConsoleStaff {
    pub fn id(&self) -> Uuid {
        self.info.id
    }

    pub fn role(&self) -> Role {
        self.info.role
    }

    /// `403 error-permission-denied` unless this person's role has `section`.
    pub fn require(&self, section: ConsoleSection) -> Result<(), ServerError> {
        Ok(rules::require_section(self.info.role, section)?)
    }
}

fn random_token() -> String {
    let mut raw = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut raw);
    hex::encode(raw)
}

fn idle_minutes() -> i64 {
    i64::try_from(settings::count_now(&settings::CONSOLE_IDLE_MINUTES)).unwrap_or(30)
}

fn cookie_secure() -> bool {
    settings::text_now(&settings::CONSOLE_COOKIE_SECURE).as_deref() != Some("no")
}

/// The `Set-Cookie` value that holds `token` (or, with `None`, removes the cookie).
pub fn session_cookie(token: Option<&str>) -> HeaderValue {
    let secure = if cookie_secure() { "; Secure" } else { "" };
    let value = match token {
        Some(t) => format!(
            "{SESSION_COOKIE}={t}; Path=/console; HttpOnly; SameSite=Strict; Max-Age={}{secure}",
            SESSION_HOURS * 3600
        ),
        None => format!(
            "{SESSION_COOKIE}=; Path=/console; HttpOnly; SameSite=Strict; Max-Age=0{secure}"
        ),
    };
    // Only hex and fixed ASCII go in: always a valid header value.
    HeaderValue::from_str(&value).unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// The session token of the request's cookie, if any.
fn cookie_token(headers: &HeaderMap) -> Option<&str> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == SESSION_COOKIE)
        .map(|(_, value)| value.trim())
        .filter(|t| !t.is_empty() && t.len() <= 128)
}

/// Where a request comes from: the peer, or, when the peer is this machine (nginx in front
/// of the server), the client nginx names in `X-Real-IP` or last in `X-Forwarded-For`.
pub(crate) fn client_address(parts: &Parts) -> Option<IpAddr> {
    let peer = parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip())?;
    if !peer.is_loopback() {
        return Some(peer);
    }
    let header = |name: &str| {
        parts
            .headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let forwarded = header("x-real-ip").or_else(|| {
        header("x-forwarded-for").and_then(|v| v.rsplit(',').next().map(str::to_string))
    });
    Some(
        forwarded
            .and_then(|f| f.trim().parse().ok())
            .unwrap_or(peer),
    )
}

/// The place every name's failures from `address` are counted at together.
fn address_place(address: Option<IpAddr>) -> Uuid {
    let text = address.map_or_else(|| "unknown".to_string(), |a| a.to_string());
    let digest = Sha256::digest(format!("console-client:{text}").as_bytes());
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    Uuid::from_bytes(bytes)
}

/// What a login needs to know about the request.
pub struct LoginContext {
    places: ThrottlePlaces,
}

impl<S: Send + Sync> FromRequestParts<S> for LoginContext {
    type Rejection = ServerError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(LoginContext {
            places: ThrottlePlaces {
                name_at: CONSOLE_PLACE,
                all_names_at: address_place(client_address(parts)),
            },
        })
    }
}

/// Logs a person in to the console: the password check of every login, then the role (a
/// clerk's work is on a device), then a new session. Returns the session and its token (for
/// the cookie).
pub async fn log_in(
    pool: &PgPool,
    context: &LoginContext,
    request: &LoginRequest,
) -> Result<(ConsoleSession, String), ServerError> {
    let CheckedAccount { info } =
        check_password(pool, context.places, None, Some("console"), request).await?;
    let mut tx = pool.begin().await?;
    if let Err(e) = rules::check_console_login(info.role) {
        audit(
            &mut tx,
            Some(info.id),
            None,
            "login_refused_console_role",
            Some(&info.user_name),
            json!({"via": "console", "role": info.role.as_str()}),
        )
        .await?;
        tx.commit().await?;
        return Err(e.into());
    }
    let token = random_token();
    let csrf_token = random_token();
    let expires_at = Utc::now() + Duration::hours(SESSION_HOURS);
    sqlx::query(
        "DELETE FROM console_sessions
          WHERE staff_id = $1
            AND (expires_at <= now() OR last_used_at <= now() - make_interval(mins => $2))",
    )
    .bind(info.id)
    .bind(idle_minutes() as i32)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO console_sessions (token_hash, staff_id, csrf_token, expires_at)
         VALUES ($1, $2, $3, $4)",
    )
    .bind(token_hash(&token))
    .bind(info.id)
    .bind(&csrf_token)
    .bind(expires_at)
    .execute(&mut *tx)
    .await?;
    audit(
        &mut tx,
        Some(info.id),
        None,
        "login",
        Some(&info.user_name),
        json!({"via": "console"}),
    )
    .await?;
    tx.commit().await?;
    let session = ConsoleSession {
        sections: rules::console_sections(info.role),
        staff: info,
        csrf_token,
        expires_at,
    };
    Ok((session, token))
}

/// Ends this session.
pub async fn log_out(pool: &PgPool, staff: &ConsoleStaff) -> Result<(), ServerError> {
    let mut tx = pool.begin().await?;
    sqlx::query("DELETE FROM console_sessions WHERE token_hash = $1")
        .bind(&staff.session_hash)
        .execute(&mut *tx)
        .await?;
    audit(
        &mut tx,
        Some(staff.id()),
        None,
        "logout",
        Some(&staff.info.user_name),
        json!({"via": "console"}),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

type SessionRow = (
    Uuid,
    String,
    String,
    String,
    String,
    Option<String>,
    String,
    DateTime<Utc>,
);

/// The live session of a request, touched (its idle time starts again).
async fn live_session(
    pool: &PgPool,
    session_hash: &str,
) -> Result<Option<SessionRow>, ServerError> {
    Ok(sqlx::query_as(
        "UPDATE console_sessions cs SET last_used_at = now()
           FROM staff s
          WHERE cs.token_hash = $1 AND s.id = cs.staff_id AND s.disabled_at IS NULL
            AND cs.expires_at > now()
            AND cs.last_used_at > now() - make_interval(mins => $2)
         RETURNING s.id, s.user_name, s.display_name, s.role, s.site_id, s.office_code,
                   cs.csrf_token, cs.expires_at",
    )
    .bind(session_hash)
    .bind(idle_minutes() as i32)
    .fetch_optional(pool)
    .await?)
}

/// The session as the page needs it again after a reload.
pub async fn current(pool: &PgPool, headers: &HeaderMap) -> Result<ConsoleSession, ServerError> {
    let token = cookie_token(headers).ok_or(StaffError::SessionExpired)?;
    let row = live_session(pool, &token_hash(token))
        .await?
        .ok_or(StaffError::SessionExpired)?;
    let (info, csrf_token, expires_at) = staff_of(row)?;
    Ok(ConsoleSession {
        sections: rules::console_sections(info.role),
        staff: info,
        csrf_token,
        expires_at,
    })
}

fn staff_of(row: SessionRow) -> Result<(StaffInfo, String, DateTime<Utc>), ServerError> {
    let (id, user_name, display_name, role, site_id, office_code, csrf, expires_at) = row;
    let role = Role::parse(&role)
        .ok_or_else(|| ServerError::Internal(format!("unknown role {role:?} in staff")))?;
    Ok((
        StaffInfo {
            id,
            user_name,
            display_name,
            role,
            site_id,
            office_code,
        },
        csrf,
        expires_at,
    ))
}

impl FromRequestParts<AppState> for ConsoleStaff {
    type Rejection = ServerError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let token = cookie_token(&parts.headers).ok_or(StaffError::SessionExpired)?;
        let session_hash = token_hash(token);
        let row = live_session(&state.pool, &session_hash)
            .await?
            .ok_or(StaffError::SessionExpired)?;
        let (info, csrf_token, _) = staff_of(row)?;
        // A role moved away from the console ends its sessions' use.
        rules::check_console_login(info.role).map_err(|_| StaffError::SessionExpired)?;
        let reads_only = matches!(parts.method, Method::GET | Method::HEAD);
        if !reads_only {
            let sent = parts
                .headers
                .get(CSRF_HEADER)
                .map(|v| v.as_bytes())
                .unwrap_or_default();
            if !constant_time_eq(sent, csrf_token.as_bytes()) {
                return Err(ServerError::CsrfTokenInvalid);
            }
        }
        Ok(ConsoleStaff { info, session_hash })
    }
}

/// `Set-Cookie` for a response.
pub fn set_cookie(value: HeaderValue) -> [(axum::http::HeaderName, HeaderValue); 1] {
    [(SET_COOKIE, value)]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_session_cookie_is_found_among_others_and_odd_ones_are_not_read() {
        let mut h = HeaderMap::new();
        h.insert(
            COOKIE,
            HeaderValue::from_static("a=1; borderdesk_console=abc123 ; b=2"),
        );
        assert_eq!(cookie_token(&h), Some("abc123"));
        let mut h = HeaderMap::new();
        h.insert(COOKIE, HeaderValue::from_static("borderdesk_console="));
        assert_eq!(cookie_token(&h), None);
        let long = format!("borderdesk_console={}", "a".repeat(200));
        let mut h = HeaderMap::new();
        h.insert(COOKIE, HeaderValue::from_str(&long).unwrap());
        assert_eq!(cookie_token(&h), None);
    }

    #[test]
    fn each_client_address_counts_its_failures_apart() {
        let a = address_place(Some("10.0.0.1".parse().unwrap()));
        let b = address_place(Some("10.0.0.2".parse().unwrap()));
        assert_ne!(a, b);
        assert_eq!(a, address_place(Some("10.0.0.1".parse().unwrap())));
        assert_ne!(a, CONSOLE_PLACE);
    }
}
