//! Pages of a list route: `?limit=…&after=…` in, [`Page`] (or a route's own struct with a
//! `next` field) out. `after` is an opaque cursor: base64url of the ordering key of the last
//! row sent (keyset pagination: no row is skipped or repeated while rows come and go). This is
//! the one place that writes and reads cursors and limits; a device passes `next` back as it
//! came. Reading never panics: whatever it is given is a key or a [`PageError`].

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

/// One page of a list, in the route's order. `next` is absent on the last page; otherwise
/// send it back as `after` for the rest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema, TS)]
#[ts(export)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next: Option<String>,
}

/// `?limit=…&after=…` of a list route. Both are read by [`PageQuery::limit`] and
/// [`PageQuery::after`], which answer a [`PageError`] for anything else than a positive
/// number and a cursor this server made.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// Rows per page (server default `BORDERDESK_PAGE_SIZE`; more than
    /// `BORDERDESK_PAGE_MAX` is read as that).
    #[param(value_type = Option<u32>, minimum = 1)]
    pub limit: Option<String>,
    /// The `next` of the page before; absent for the first page.
    pub after: Option<String>,
}

/// Why `limit` or `after` was refused. The code doubles as the Fluent message id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageError {
    /// `limit` is not a positive whole number.
    Limit,
    /// `after` is not a cursor of this route made by this server.
    Cursor,
}

impl PageError {
    pub fn code(self) -> &'static str {
        match self {
            Self::Limit => crate::codes::PAGE_LIMIT_INVALID,
            Self::Cursor => crate::codes::PAGE_CURSOR_INVALID,
        }
    }
}

impl std::fmt::Display for PageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Limit => "limit must be a whole number of at least 1",
            Self::Cursor => "`after` is not a page cursor of this list",
        })
    }
}

impl std::error::Error for PageError {}

/// Longest cursor read at all; the longest one made (five parts) is well under it.
pub const MAX_CURSOR_LEN: usize = 256;

/// One value of a row's ordering key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyPart {
    /// An instant, to the microsecond (what PostgreSQL keeps).
    Time(DateTime<Utc>),
    Int(i64),
    Id(Uuid),
    Flag(bool),
    /// No value (a request without a due time).
    Null,
}

impl PageQuery {
    /// The rows to send: `default` when absent, at most `max`; 0, a negative number or
    /// anything else than digits is refused.
    pub fn limit(&self, default: u32, max: u32) -> Result<u32, PageError> {
        let max = max.max(1);
        let Some(raw) = self.limit.as_deref() else {
            return Ok(default.clamp(1, max));
        };
        let raw = raw.trim();
        if raw.is_empty() || raw.len() > 64 || !raw.bytes().all(|b| b.is_ascii_digit()) {
            return Err(PageError::Limit);
        }
        if raw.bytes().all(|b| b == b'0') {
            return Err(PageError::Limit);
        }
        // All digits and not zero: a number too large for u64 is "more than the most" too.
        Ok(raw
            .parse::<u64>()
            .map_or(max, |n| n.min(u64::from(max)) as u32))
    }

    /// The key of the last row already sent, for the list `scope`; `None` for the first page.
    pub fn after(&self, scope: &str) -> Result<Option<Vec<KeyPart>>, PageError> {
        match self.after.as_deref() {
            None => Ok(None),
            Some(raw) => parse_cursor(scope, raw).map(Some),
        }
    }
}

/// The cursor after a row whose ordering key is `key`, in the list `scope`.
pub fn cursor(scope: &str, key: &[KeyPart]) -> String {
    let mut text = String::from("p1:");
    text.push_str(scope);
    for part in key {
        text.push(':');
        match part {
            KeyPart::Time(t) => {
                text.push('t');
                text.push_str(&t.timestamp_micros().to_string());
            }
            KeyPart::Int(n) => {
                text.push('i');
                text.push_str(&n.to_string());
            }
            KeyPart::Id(id) => {
                text.push('u');
                text.push_str(&id.simple().to_string());
            }
            KeyPart::Flag(b) => text.push_str(if *b { "b1" } else { "b0" }),
            KeyPart::Null => text.push('n'),
        }
    }
    URL_SAFE_NO_PAD.encode(text)
}

/// Reads a cursor of the list `scope`: its key, or [`PageError::Cursor`] for anything that is
/// not one (another list's, a truncated one, any other text).
pub fn parse_cursor(scope: &str, raw: &str) -> Result<Vec<KeyPart>, PageError> {
    if raw.is_empty() || raw.len() > MAX_CURSOR_LEN {
        return Err(PageError::Cursor);
    }
    let bytes = URL_SAFE_NO_PAD
        .decode(raw.as_bytes())
        .map_err(|_| PageError::Cursor)?;
    let text = String::from_utf8(bytes).map_err(|_| PageError::Cursor)?;
    let mut parts = text.split(':');
    if parts.next() != Some("p1") || parts.next() != Some(scope) {
        return Err(PageError::Cursor);
    }
    let key = parts.map(key_part).collect::<Result<Vec<_>, _>>()?;
    // What this server writes reads back to the same text; nothing else is one of its cursors.
    if key.is_empty() || cursor(scope, &key) != raw {
        return Err(PageError::Cursor);
    }
    Ok(key)
}

fn key_part(part: &str) -> Result<KeyPart, PageError> {
    let (tag, value) = part.split_at_checked(1).ok_or(PageError::Cursor)?;
    match tag {
        "t" => {
            let micros: i64 = value.parse().map_err(|_| PageError::Cursor)?;
            DateTime::from_timestamp_micros(micros)
                .map(KeyPart::Time)
                .ok_or(PageError::Cursor)
        }
        "i" => value
            .parse()
            .map(KeyPart::Int)
            .map_err(|_| PageError::Cursor),
        "u" => Uuid::try_parse(value)
            .map(KeyPart::Id)
            .map_err(|_| PageError::Cursor),
        "b" => match value {
            "0" => Ok(KeyPart::Flag(false)),
            "1" => Ok(KeyPart::Flag(true)),
            _ => Err(PageError::Cursor),
        },
        "n" if value.is_empty() => Ok(KeyPart::Null),
        _ => Err(PageError::Cursor),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(limit: Option<&str>, after: Option<&str>) -> PageQuery {
        PageQuery {
            limit: limit.map(str::to_owned),
            after: after.map(str::to_owned),
        }
    }

    #[test]
    fn a_limit_is_a_positive_number_capped_at_the_most() {
        assert_eq!(query(None, None).limit(50, 200), Ok(50));
        assert_eq!(query(Some("7"), None).limit(50, 200), Ok(7));
        assert_eq!(query(Some("10000"), None).limit(50, 200), Ok(200));
        assert_eq!(
            query(Some("99999999999999999999999"), None).limit(50, 200),
            Ok(200)
        );
        for bad in ["0", "000", "-1", "", " ", "1.5", "abc", "1e3", "+3", "\0"] {
            assert_eq!(
                query(Some(bad), None).limit(50, 200),
                Err(PageError::Limit),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn a_cursor_reads_back_only_in_its_own_list() {
        let t = DateTime::from_timestamp_micros(1_780_000_000_123_456).unwrap();
        let id = Uuid::from_u128(0x0190_a0b0_0000_7000_8000_0000_0000_0001);
        let key = vec![
            KeyPart::Time(t),
            KeyPart::Id(id),
            KeyPart::Flag(true),
            KeyPart::Null,
        ];
        let c = cursor("desk", &key);
        assert_eq!(parse_cursor("desk", &c), Ok(key));
        assert_eq!(parse_cursor("calls", &c), Err(PageError::Cursor));
        assert_eq!(
            parse_cursor("desk", &c[..c.len() - 1]),
            Err(PageError::Cursor)
        );
        assert_eq!(parse_cursor("desk", "a\0b"), Err(PageError::Cursor));
    }
}
