//! Limits on what a device may repeat: every repeatable action has one, every limit is a
//! setting (a row of `crate::settings`: a config file key and an environment variable), and the counts live in PostgreSQL so
//! that every server process behind a load balancer sees the same ones.

use std::sync::OnceLock;

use chrono::{DateTime, DurationRound, TimeDelta, Utc};
use sqlx::PgPool;

use crate::ServerError;

/// The limits in force, read once from the settings (`crate::settings`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Tracking lookups (applications and legal aid) one device may make in ten minutes
    /// (`BORDERDESK_LIMIT_TRACK_PER_DEVICE`, default 60).
    pub track_per_device: u32,
    /// Failed lookups of one tracking number in an hour, from any device, before it answers
    /// nothing more that hour (`BORDERDESK_LIMIT_TRACK_FAILURES`, default 5).
    pub track_failures_per_number: u32,
    /// Wrong cancel codes tried against one booking before its cancel and reschedule are
    /// refused from devices (`BORDERDESK_LIMIT_CANCEL_CODE_FAILURES`, default 5).
    pub cancel_code_failures: u32,
    /// Bookings one device may make in a day (`BORDERDESK_LIMIT_BOOKINGS_PER_DEVICE`,
    /// default 200; a hall's busiest kiosk makes a few dozen).
    pub bookings_per_device_per_day: u32,
    /// Bookings one person (by ID number) may make in a day, not counting rejected ones
    /// (`BORDERDESK_LIMIT_BOOKINGS_PER_PERSON`, default 3).
    pub bookings_per_person_per_day: u32,
    /// SMS planned for one phone number in a day, over all its bookings
    /// (`BORDERDESK_LIMIT_SMS_PER_PHONE`, default 10: a booking plans up to three).
    pub sms_per_phone_per_day: u32,
    /// Password hashes (argon2) computed at once (`BORDERDESK_PASSWORD_HASHING_THREADS`,
    /// default all cores but one): a flood of logins waits its turn and leaves a core to
    /// everything else.
    pub password_hashing_threads: u32,
    /// Logins that may wait for a hashing thread; more are answered 429 at once
    /// (`BORDERDESK_PASSWORD_HASHING_QUEUE`, default 64).
    pub password_hashing_queue: u32,
    /// Rows a page of a list route holds when the request does not say
    /// (`BORDERDESK_PAGE_SIZE`, default 50; never more than `page_max`).
    pub page_size: u32,
    /// Most rows a page holds whatever `limit` asks (`BORDERDESK_PAGE_MAX`, default 200).
    pub page_max: u32,
}

impl Limits {
    /// The defaults of the settings table (one hashing thread where the default is "all
    /// cores but one").
    pub const DEFAULT: Limits = {
        use crate::settings as k;
        const fn d(s: &k::Setting) -> u32 {
            match s.default {
                k::Default::Count(n) => n as u32,
                _ => 1,
            }
        }
        Limits {
            track_per_device: d(&k::LIMIT_TRACK_PER_DEVICE),
            track_failures_per_number: d(&k::LIMIT_TRACK_FAILURES),
            cancel_code_failures: d(&k::LIMIT_CANCEL_CODE_FAILURES),
            bookings_per_device_per_day: d(&k::LIMIT_BOOKINGS_PER_DEVICE),
            bookings_per_person_per_day: d(&k::LIMIT_BOOKINGS_PER_PERSON),
            sms_per_phone_per_day: d(&k::LIMIT_SMS_PER_PHONE),
            password_hashing_threads: d(&k::PASSWORD_HASHING_THREADS),
            password_hashing_queue: d(&k::PASSWORD_HASHING_QUEUE),
            page_size: d(&k::PAGE_SIZE),
            page_max: d(&k::PAGE_MAX),
        }
    };

    /// The limits of these settings.
    pub fn from_settings(s: &crate::settings::Settings) -> Self {
        use crate::settings as k;
        let n = |setting: &k::Setting| u32::try_from(s.count(setting)).unwrap_or(u32::MAX);
        Self {
            track_per_device: n(&k::LIMIT_TRACK_PER_DEVICE),
            track_failures_per_number: n(&k::LIMIT_TRACK_FAILURES),
            cancel_code_failures: n(&k::LIMIT_CANCEL_CODE_FAILURES),
            bookings_per_device_per_day: n(&k::LIMIT_BOOKINGS_PER_DEVICE),
            bookings_per_person_per_day: n(&k::LIMIT_BOOKINGS_PER_PERSON),
            sms_per_phone_per_day: n(&k::LIMIT_SMS_PER_PHONE),
            password_hashing_threads: n(&k::PASSWORD_HASHING_THREADS),
            password_hashing_queue: n(&k::PASSWORD_HASHING_QUEUE),
            page_size: n(&k::PAGE_SIZE),
            page_max: n(&k::PAGE_MAX),
        }
    }
}

/// The server's limits.
pub fn limits() -> &'static Limits {
    static LIMITS: OnceLock<Limits> = OnceLock::new();
    LIMITS.get_or_init(|| Limits::from_settings(crate::settings::current()))
}

/// A fixed window of `length` and when it started.
fn window(now: DateTime<Utc>, length: TimeDelta) -> DateTime<Utc> {
    now.duration_trunc(length).unwrap_or(now)
}

/// Seconds until the window of `length` that holds `now` ends.
fn retry_after(now: DateTime<Utc>, length: TimeDelta) -> u64 {
    let end = window(now, length) + length;
    (end - now).num_seconds().max(1) as u64
}

/// Counts one more `scope` action of `key` in the current window and refuses it (429 with
/// `Retry-After`) once more than `limit` were counted there.
pub async fn hit(
    pool: &PgPool,
    scope: &str,
    key: &str,
    limit: u32,
    length: TimeDelta,
) -> Result<(), ServerError> {
    let now = Utc::now();
    let count: i32 = sqlx::query_scalar(
        "INSERT INTO rate_counters AS r (scope, key, window_start, count) VALUES ($1, $2, $3, 1)
         ON CONFLICT (scope, key, window_start) DO UPDATE SET count = r.count + 1
         RETURNING count",
    )
    .bind(scope)
    .bind(key)
    .bind(window(now, length))
    .fetch_one(pool)
    .await?;
    if count as i64 > i64::from(limit) {
        return Err(ServerError::TooManyRequests {
            retry_after: retry_after(now, length),
        });
    }
    Ok(())
}

/// Whether `key` has already used up `limit` in the current window (without counting).
pub async fn used_up(
    pool: &PgPool,
    scope: &str,
    key: &str,
    limit: u32,
    length: TimeDelta,
) -> Result<bool, ServerError> {
    let count: Option<i32> = sqlx::query_scalar(
        "SELECT count FROM rate_counters WHERE scope = $1 AND key = $2 AND window_start = $3",
    )
    .bind(scope)
    .bind(key)
    .bind(window(Utc::now(), length))
    .fetch_optional(pool)
    .await?;
    Ok(count.is_some_and(|c| c as i64 >= i64::from(limit)))
}

/// Tracking: every lookup counts against the device; a failed one against the number too,
/// and a number that failed too often this hour answers "not found" even to the right
/// digits, so the last four cannot be walked from many devices either.
pub async fn track<T>(
    pool: &PgPool,
    device_id: uuid::Uuid,
    tracking_number: &str,
    lookup: impl std::future::Future<Output = Result<T, ServerError>>,
    not_found: impl Fn() -> ServerError,
) -> Result<T, ServerError> {
    let l = limits();
    hit(
        pool,
        "track-device",
        &device_id.to_string(),
        l.track_per_device,
        TimeDelta::minutes(10),
    )
    .await?;
    let number = tracking_number.trim();
    let hour = TimeDelta::hours(1);
    if used_up(
        pool,
        "track-failed",
        number,
        l.track_failures_per_number,
        hour,
    )
    .await?
    {
        return Err(not_found());
    }
    match lookup.await {
        Err(e) if e.status() == axum::http::StatusCode::NOT_FOUND => {
            // Counted, never refused here: the answer stays "not found".
            let _ = hit(pool, "track-failed", number, u32::MAX, hour).await;
            Err(e)
        }
        other => other,
    }
}

/// Old windows are dropped now and then (on a tracking lookup's way).
pub async fn forget_old_windows(pool: &PgPool) -> Result<(), ServerError> {
    sqlx::query("DELETE FROM rate_counters WHERE window_start < now() - interval '2 hours'")
        .execute(pool)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_limits_are_the_settings_tables_defaults() {
        let from_table = Limits::from_settings(&crate::settings::Settings::defaults());
        assert_eq!(
            Limits {
                password_hashing_threads: Limits::DEFAULT.password_hashing_threads,
                ..from_table
            },
            Limits::DEFAULT
        );
    }
}
