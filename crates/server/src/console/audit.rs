//! The audit log as the console searches it: by person, by record, by period.

use borderdesk_protocol::{AuditEntry, AuditLine, AuditSearch, KeyPart, Page, PageError};
use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
use serde_json::Value;
use sqlx::PgPool;
use uuid::Uuid;

use crate::extract::Paging;
use crate::ServerError;

/// Which list a cursor of the search belongs to (the same order as the admin's audit list).
const AUDIT: &str = "audit";

/// Midnight of `date` in China (UTC+8 all year).
fn day_start(date: NaiveDate) -> DateTime<Utc> {
    date.and_time(NaiveTime::MIN).and_utc() - Duration::hours(8)
}

type Row = (
    i64,
    DateTime<Utc>,
    Option<Uuid>,
    Option<Uuid>,
    String,
    Option<String>,
    Value,
    Option<String>,
    Option<String>,
    Option<String>,
);

/// Newest first; a user name matches the lines of that account and what it did to others
/// (`detail.by`), a subject the lines about
/// that record; `from` and `to` are days (both included).
pub async fn search(
    pool: &PgPool,
    paging: &Paging,
    search: &AuditSearch,
) -> Result<Page<AuditLine>, ServerError> {
    let before = match paging.after(AUDIT)?.as_deref() {
        None => None,
        Some([KeyPart::Int(id)]) => Some(*id),
        Some(_) => return Err(PageError::Cursor.into()),
    };
    if let (Some(from), Some(to)) = (search.from, search.to) {
        if to < from {
            return Err(ServerError::BadRequest("`to` is before `from`".into()));
        }
    }
    let text = |v: &Option<String>| {
        v.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT a.id, a.at, a.staff_id, a.device_id, a.action, a.subject, a.detail,
                s.user_name, d.name, b.user_name
           FROM audit_log a
           LEFT JOIN staff s ON s.id = a.staff_id
           LEFT JOIN devices d ON d.id = a.device_id
           LEFT JOIN staff b ON b.id::text = a.detail ->> 'by'
          WHERE ($1::bigint IS NULL OR a.id < $1)
            AND ($2::text IS NULL OR s.user_name = $2
                 OR a.detail ->> 'by' = (SELECT id::text FROM staff WHERE user_name = $2))
            AND ($3::text IS NULL OR a.subject = $3)
            AND ($4::timestamptz IS NULL OR a.at >= $4)
            AND ($5::timestamptz IS NULL OR a.at < $5)
          ORDER BY a.id DESC LIMIT $6",
    )
    .bind(before)
    .bind(text(&search.user_name))
    .bind(text(&search.subject))
    .bind(search.from.map(day_start))
    .bind(search.to.map(|d| day_start(d) + Duration::days(1)))
    .bind(paging.fetch())
    .fetch_all(pool)
    .await?;
    let (rows, next) = paging.page(AUDIT, rows, |row| vec![KeyPart::Int(row.0)]);
    let items = rows
        .into_iter()
        .map(
            |(id, at, staff_id, device_id, action, subject, detail, user_name, device_name, by)| {
                AuditLine {
                    entry: AuditEntry {
                        id,
                        at,
                        staff_id,
                        device_id,
                        action,
                        subject,
                        detail,
                    },
                    user_name,
                    device_name,
                    by_user_name: by,
                }
            },
        )
        .collect();
    Ok(Page { items, next })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_day_starts_at_midnight_in_china() {
        let d = NaiveDate::from_ymd_opt(2026, 12, 3).unwrap();
        assert_eq!(day_start(d).to_rfc3339(), "2026-12-02T16:00:00+00:00");
    }
}
