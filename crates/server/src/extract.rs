//! Extractors: JSON/query/path with our JSON errors, the authenticated `Device`, the `Admin`
//! guard and the protocol-version gate. Handlers never parse headers themselves.

use axum::extract::{FromRequest, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use borderdesk_core::rollout::AppVersion;
use borderdesk_protocol::{MIN_SUPPORTED_VERSION, PROTOCOL_HEADER, PROTOCOL_VERSION};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::{AppState, ServerError};

/// `axum::Json` whose rejections are our JSON errors.
#[derive(Debug, FromRequest)]
#[from_request(via(axum::Json), rejection(ServerError))]
pub struct Json<T>(pub T);

impl<T: serde::Serialize> IntoResponse for Json<T> {
    fn into_response(self) -> Response {
        axum::Json(self.0).into_response()
    }
}

/// `axum::extract::Query` whose rejections are our JSON errors; a query holding a NUL or
/// another control character (as `%00` …) is refused before any handler sees it.
#[derive(Debug)]
pub struct Query<T>(pub T);

impl<T, S> FromRequestParts<S> for Query<T>
where
    T: serde::de::DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ServerError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        refuse_control_characters(parts.uri.query().unwrap_or(""))?;
        let axum::extract::Query(value) =
            axum::extract::Query::<T>::from_request_parts(parts, state).await?;
        Ok(Query(value))
    }
}

/// `axum::extract::Path` whose rejections are our JSON errors; a path segment holding a
/// control character is refused.
#[derive(Debug)]
pub struct Path<T>(pub T);

impl<T, S> FromRequestParts<S> for Path<T>
where
    T: serde::de::DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = ServerError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        refuse_control_characters(parts.uri.path())?;
        let axum::extract::Path(value) =
            axum::extract::Path::<T>::from_request_parts(parts, state).await?;
        Ok(Path(value))
    }
}

/// A URL part (still percent-encoded) that decodes to a control character is bad input:
/// PostgreSQL cannot store a NUL, and nothing we serve needs one.
pub(crate) fn refuse_control_characters(raw: &str) -> Result<(), ServerError> {
    let bytes = raw.as_bytes();
    let hex = |b: u8| (b as char).to_digit(16);
    let mut i = 0;
    while i < bytes.len() {
        let byte = match bytes[i] {
            b'%' if i + 2 < bytes.len() => match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                (Some(h), Some(l)) => {
                    i += 2;
                    (h * 16 + l) as u8
                }
                _ => b'%',
            },
            b => b,
        };
        if byte < 0x20 || byte == 0x7f {
            return Err(ServerError::BadRequest(
                "the request holds a control character".into(),
            ));
        }
        i += 1;
    }
    Ok(())
}

/// An enrolled, not revoked device, authenticated by its bearer token.
#[derive(Debug, Clone)]
pub struct Device {
    pub id: Uuid,
    pub site_id: String,
    pub device_code: u32,
    /// The provisional code it issued tracking numbers with before enrollment, when it
    /// holds that code (see `holds_code`).
    pub provisional_code: Option<u32>,
}

impl Device {
    /// Whether tracking numbers with this device code are this device's to issue: its own
    /// code, or the provisional one it used offline before enrollment. Nobody else's.
    pub fn holds_code(&self, code: borderdesk_core::DeviceCode) -> bool {
        code.0 == self.device_code || Some(code.0) == self.provisional_code
    }
}

pub(crate) fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("bearer") {
        return None;
    }
    let token = token.trim();
    (!token.is_empty()).then_some(token)
}

/// SHA-256 of a token, hex: what the devices table keeps.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

impl FromRequestParts<AppState> for Device {
    type Rejection = ServerError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let token = bearer(&parts.headers).ok_or(ServerError::Unauthorized)?;
        let row: Option<(Uuid, String, i32, Option<i32>)> = sqlx::query_as(
            "SELECT id, site_id, device_code, provisional_code FROM devices
             WHERE token_hash = $1 AND revoked_at IS NULL",
        )
        .bind(token_hash(token))
        .fetch_optional(&state.pool)
        .await?;
        let (id, site_id, code, provisional) = row.ok_or(ServerError::Unauthorized)?;
        Ok(Device {
            id,
            site_id,
            device_code: code as u32,
            provisional_code: provisional.map(|p| p as u32),
        })
    }
}

/// The request carries the admin token.
#[derive(Debug, Clone, Copy)]
pub struct Admin;

/// Compares two secrets in time that does not depend on where they differ.
pub(crate) fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    // Hash first so lengths are equal and the length of the secret leaks nothing either.
    let (a, b) = (Sha256::digest(a), Sha256::digest(b));
    a.iter()
        .zip(b.iter())
        .fold(0u8, |acc, (x, y)| acc | (x ^ y))
        == 0
}

impl FromRequestParts<AppState> for Admin {
    type Rejection = ServerError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let token = bearer(&parts.headers).ok_or(ServerError::Unauthorized)?;
        if state.admin_token.is_empty()
            || !constant_time_eq(token.as_bytes(), state.admin_token.as_bytes())
        {
            return Err(ServerError::Unauthorized);
        }
        Ok(Admin)
    }
}

/// The protocol version a request declares, when it is one this server serves.
pub(crate) fn protocol_version(headers: &HeaderMap) -> Result<u32, ServerError> {
    let raw = headers
        .get(PROTOCOL_HEADER)
        .ok_or_else(|| ServerError::ProtocolUnsupported("(missing)".into()))?;
    let text = raw.to_str().unwrap_or("").trim();
    check_version_text(text)
}

pub(crate) fn check_version_text(text: &str) -> Result<u32, ServerError> {
    match text.parse::<u32>() {
        Ok(v) if (MIN_SUPPORTED_VERSION..=PROTOCOL_VERSION).contains(&v) => Ok(v),
        _ => Err(ServerError::ProtocolUnsupported(
            text.chars().take(20).collect(),
        )),
    }
}

/// Middleware on `/v1/sync/*`: refuses a missing or unsupported protocol version with 426,
/// before authentication, so an old app gets a message it can show.
pub(crate) async fn require_protocol(
    State(_): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    match protocol_version(request.headers()) {
        Ok(_) => next.run(request).await,
        Err(e) => e.into_response(),
    }
}

/// Middleware on the routes that move work (push, pull, tracking, files, drafts): when the
/// county set `min_app_version`, a device below it (or not saying its version) gets 426
/// `error-app-version-old`. Its work waits in its outbox; the update routes stay open to it.
pub(crate) async fn require_app_version(request: Request, next: Next) -> Response {
    let Some(min) = crate::settings::text_now(&crate::settings::MIN_APP_VERSION)
        .and_then(|m| AppVersion::parse(m.trim()))
    else {
        return next.run(request).await;
    };
    let declared = request
        .headers()
        .get(borderdesk_protocol::APP_VERSION_HEADER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| AppVersion::parse(v.trim()));
    match declared {
        Some(v) if v >= min => next.run(request).await,
        _ => ServerError::AppVersionOld(min.to_string()).into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_url_with_an_encoded_control_character_is_refused() {
        for bad in ["office_code=GZC%00", "a=%1b%5B", "x=%7F", "a=\u{1}"] {
            assert!(refuse_control_characters(bad).is_err(), "{bad}");
        }
        for good in [
            "office_code=GZC-330329",
            "q=%E4%B8%AD",
            "a=%",
            "a=%2",
            "a=%zz",
            "",
        ] {
            assert!(refuse_control_characters(good).is_ok(), "{good}");
        }
    }

    #[test]
    fn equal_secrets_compare_equal_and_others_not() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"abcd"));
    }

    #[test]
    fn versions_outside_the_served_range_are_refused() {
        assert!(check_version_text(&PROTOCOL_VERSION.to_string()).is_ok());
        assert!(check_version_text("0").is_err());
        assert!(check_version_text(&(PROTOCOL_VERSION + 1).to_string()).is_err());
        assert!(check_version_text("one").is_err());
    }
}

/// `?limit=…&after=…` of a list route, read before the rest of the query: a bad limit or
/// cursor (a NUL in it included) answers `400 error-page-limit-invalid` or
/// `error-page-cursor-invalid`, never anything else. The default and the most are the
/// server's `BORDERDESK_PAGE_SIZE` and `BORDERDESK_PAGE_MAX`.
#[derive(Debug, Clone)]
pub struct Paging {
    /// Rows of this page.
    pub limit: u32,
    query: borderdesk_protocol::PageQuery,
}

impl Paging {
    /// A page of `limit` rows after `after` (tests and callers inside the server).
    pub fn new(limit: u32, after: Option<String>) -> Self {
        Paging {
            limit: limit.max(1),
            query: borderdesk_protocol::PageQuery { limit: None, after },
        }
    }

    /// The key of the last row sent before, in the list `scope`; `None` on the first page.
    pub fn after(
        &self,
        scope: &str,
    ) -> Result<Option<Vec<borderdesk_protocol::KeyPart>>, ServerError> {
        Ok(self.query.after(scope)?)
    }

    /// Rows to fetch: one more than the page, to know whether another page follows.
    pub fn fetch(&self) -> i64 {
        i64::from(self.limit) + 1
    }

    /// Cuts `rows` (fetched with [`Paging::fetch`], in the list's order) to the page and
    /// says where the next one starts: after the key of the page's last row.
    pub fn page<T>(
        &self,
        scope: &str,
        mut rows: Vec<T>,
        key: impl Fn(&T) -> Vec<borderdesk_protocol::KeyPart>,
    ) -> (Vec<T>, Option<String>) {
        let limit = self.limit as usize;
        if rows.len() <= limit {
            return (rows, None);
        }
        rows.truncate(limit);
        let next = rows
            .last()
            .map(|last| borderdesk_protocol::page::cursor(scope, &key(last)));
        (rows, next)
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Paging {
    type Rejection = ServerError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let axum::extract::Query(query) =
            axum::extract::Query::<borderdesk_protocol::PageQuery>::from_request_parts(
                parts, state,
            )
            .await?;
        let l = crate::limits::limits();
        let limit = query.limit(l.page_size, l.page_max)?;
        // Read now, so that a cursor of no list at all fails before the handler works.
        if let Some(raw) = query.after.as_deref() {
            if raw.is_empty() || raw.len() > borderdesk_protocol::page::MAX_CURSOR_LEN {
                return Err(borderdesk_protocol::PageError::Cursor.into());
            }
        }
        Ok(Paging { limit, query })
    }
}

/// The client's address: the peer, or behind a proxy on this machine the address it passed
/// on (`X-Real-IP`, else the last `X-Forwarded-For` hop). Counted against, never trusted.
pub struct ClientAddress(pub Option<std::net::IpAddr>);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddress {
    type Rejection = ServerError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(ClientAddress(crate::console::session::client_address(
            parts,
        )))
    }
}
