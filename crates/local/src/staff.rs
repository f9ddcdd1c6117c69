//! Staff logins on a device. Online, the server checks the password (and counts failures) and
//! hands back a session token plus an argon2id hash made for this device; the hash is cached
//! here with the person's role. Offline, the cached hash lets the same person in for
//! [`OFFLINE_LOGIN_DAYS`] after the last online login, with the same lockout rule counted on
//! the device. Every login made here is written to a local log kept for a later upload.
//! No password is ever stored.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use borderdesk_core::staff::{self as rules, Lockout, Role, StaffError};
use borderdesk_protocol::{
    codes, ErrorBody, LoginRequest, LoginResponse, MutationBody, StaffAuditUpload, StaffInfo,
    PROTOCOL_HEADER, PROTOCOL_VERSION, STAFF_HEADER,
};
use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serialize;
use serde_json::{json, Value};
use ts_rs::TS;
use uuid::Uuid;

pub use borderdesk_core::staff::OFFLINE_LOGIN_DAYS;

use crate::error::LocalError;
use crate::store::{enqueue, Store};

/// A member of staff logged in on this device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct StaffSession {
    pub staff: StaffInfo,
    /// Logged in against the cached credential because the server could not be reached:
    /// server-side actions wait until an online login.
    pub offline: bool,
    /// Online only: when the server session ends.
    pub expires_at: Option<DateTime<Utc>>,
    /// Online only: goes in the `x-borderdesk-staff` header. Kept out of the UI.
    #[serde(skip)]
    #[ts(skip)]
    pub session_token: Option<String>,
    /// What the role may do (`core::staff::permissions`): the screens ask this, and each
    /// command and the server check again.
    pub permissions: Vec<rules::Permission>,
}

impl StaffSession {
    /// `PermissionDenied` unless this person's role allows it (the server checks again).
    pub fn require(&self, permission: rules::Permission) -> Result<(), StaffError> {
        rules::require(self.staff.role, permission)
    }
}

/// Why a login on the device did not happen: a staff rule (wrong password, locked, expired
/// offline login) or the store or network.
#[derive(Debug, thiserror::Error)]
pub enum StaffLoginError {
    #[error(transparent)]
    Staff(#[from] StaffError),
    #[error(transparent)]
    Local(#[from] LocalError),
}

impl StaffLoginError {
    /// The stable code, which is also the Fluent id.
    pub fn code(&self) -> &str {
        match self {
            Self::Staff(e) => e.code(),
            Self::Local(e) => e.code(),
        }
    }

    pub fn args(&self) -> Vec<(&'static str, String)> {
        match self {
            Self::Staff(e) => e.args(),
            Self::Local(e) => e.args(),
        }
    }
}

impl From<sqlx::Error> for StaffLoginError {
    fn from(e: sqlx::Error) -> Self {
        Self::Local(e.into())
    }
}

type Outcome<T> = std::result::Result<T, StaffLoginError>;

/// One line of the device's login log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalAuditEntry {
    pub id: i64,
    pub at: String,
    pub staff_id: Option<Uuid>,
    pub user_name: Option<String>,
    pub action: String,
    pub detail: String,
    /// The server has taken it (its outbox mutation was answered).
    pub uploaded: bool,
}

fn time_text(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Micros, true)
}

fn parse_time(s: &str) -> Result<DateTime<Utc>, LocalError> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| LocalError::Rule(borderdesk_core::CoreError::DateFormat))
}

/// argon2id check, off the async threads (it takes tens of milliseconds on purpose).
async fn verify(password: &str, hash: &str) -> bool {
    let (password, hash) = (password.to_owned(), hash.to_owned());
    tokio::task::spawn_blocking(move || borderdesk_core::staff::password_matches(&password, &hash))
        .await
        .unwrap_or(false)
}

type CredentialRow = (
    String,
    String,
    String,
    String,
    String,
    String,
    i64,
    Option<String>,
    Option<String>,
);

type AuditRow = (
    i64,
    String,
    Option<String>,
    Option<String>,
    String,
    String,
    bool,
);

/// A log line not yet queued for upload: id, at, staff id, user name, action, detail.
type UnqueuedRow = (i64, String, Option<String>, Option<String>, String, String);

impl Store {
    /// Keeps what an online login returned so the same person can log in offline: the hash,
    /// when it was issued, who they are. A new login replaces the old entry and clears its
    /// failed-attempt count.
    pub async fn cache_staff_credential(&self, login: &LoginResponse) -> crate::Result<()> {
        let s = &login.staff;
        sqlx::query(
            "INSERT INTO staff_credentials
                 (user_name, staff_id, display_name, role, site_id, password_hash, issued_at,
                  failed_attempts, locked_until, office_code)
             VALUES (?, ?, ?, ?, ?, ?, ?, 0, NULL, ?)
             ON CONFLICT (user_name) DO UPDATE SET
                 staff_id = excluded.staff_id, display_name = excluded.display_name,
                 role = excluded.role, site_id = excluded.site_id,
                 office_code = excluded.office_code,
                 password_hash = excluded.password_hash, issued_at = excluded.issued_at,
                 failed_attempts = 0, locked_until = NULL",
        )
        .bind(&s.user_name)
        .bind(s.id.to_string())
        .bind(&s.display_name)
        .bind(s.role.as_str())
        .bind(&s.site_id)
        .bind(&login.offline_credential.password_hash)
        .bind(time_text(login.offline_credential.issued_at))
        .bind(&s.office_code)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Drops a cached credential (an account closed, a device handed over).
    pub async fn forget_staff_credential(&self, user_name: &str) -> crate::Result<()> {
        sqlx::query("DELETE FROM staff_credentials WHERE user_name = ?")
            .bind(user_name.trim())
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// The later of `now` and the latest time this device's clock has shown here: time
    /// never runs backwards for a cached credential (a clock set back revives nothing).
    async fn clock_not_before(&self, now: DateTime<Utc>) -> Result<DateTime<Utc>, LocalError> {
        let seen: Option<String> = sqlx::query_scalar("SELECT clock_high_water FROM device")
            .fetch_one(self.pool())
            .await?;
        if let Some(seen) = seen.as_deref().map(parse_time).transpose()? {
            if seen > now {
                return Ok(seen);
            }
        }
        sqlx::query("UPDATE device SET clock_high_water = ?")
            .bind(now.to_rfc3339())
            .execute(self.pool())
            .await?;
        Ok(now)
    }

    /// Logs a member of staff in against the credential cached at their last online login,
    /// for when the server cannot be reached. Refused with `error-offline-first-login` (never
    /// logged in here: nothing to check against), `error-login-failed` (wrong password), `error-account-locked` (5 failures in a row on this device, for 15
    /// minutes) or `error-offline-login-expired` (7 days after the online login).
    pub async fn staff_login_offline(
        &self,
        user_name: &str,
        password: &str,
        now: DateTime<Utc>,
    ) -> Outcome<StaffSession> {
        let now = self.clock_not_before(now).await?;
        let user_name = user_name.trim();
        let row: Option<CredentialRow> = sqlx::query_as(
            "SELECT staff_id, user_name, display_name, role, site_id, password_hash,
                    failed_attempts, locked_until, office_code
               FROM staff_credentials WHERE user_name = ?",
        )
        .bind(user_name)
        .fetch_optional(self.pool())
        .await?;
        let Some((
            staff_id,
            user_name,
            display_name,
            role,
            site_id,
            hash,
            failed,
            locked,
            office_code,
        )) = row
        else {
            self.staff_audit(
                now,
                None,
                None,
                "offline_login_failed",
                json!({"reason": "unknown_user"}),
            )
            .await?;
            return Err(StaffError::OfflineFirstLogin.into());
        };
        let staff_id = Uuid::parse_str(&staff_id)
            .map_err(|_| LocalError::Key("cached staff credential has a malformed id".into()))?;
        let mut lockout = Lockout {
            failed_attempts: failed.max(0) as u32,
            locked_until: locked.as_deref().map(parse_time).transpose()?,
        };
        let who = (Some(staff_id), Some(user_name.as_str()));
        if let Err(e) = lockout.check(now) {
            self.staff_audit(now, who.0, who.1, "offline_login_refused_locked", json!({}))
                .await?;
            return Err(e.into());
        }
        let issued_at = self.staff_issued_at(&user_name).await?;
        if let Err(e) = rules::check_offline_validity(issued_at, now) {
            self.staff_audit(now, who.0, who.1, "offline_login_expired", json!({}))
                .await?;
            return Err(e.into());
        }
        if !verify(password, &hash).await {
            let locked_now = lockout.fail(now);
            self.save_staff_lockout(&user_name, &lockout).await?;
            self.staff_audit(
                now,
                who.0,
                who.1,
                "offline_login_failed",
                json!({"reason": "wrong_password", "failed_attempts": lockout.failed_attempts}),
            )
            .await?;
            if locked_now {
                self.staff_audit(now, who.0, who.1, "offline_account_locked", json!({}))
                    .await?;
                return Err(StaffError::AccountLocked {
                    minutes: rules::LOCKOUT_MINUTES,
                }
                .into());
            }
            return Err(StaffError::LoginFailed.into());
        }
        lockout.succeed();
        self.save_staff_lockout(&user_name, &lockout).await?;
        let role = Role::parse(&role)
            .ok_or_else(|| LocalError::Key("cached staff credential has an unknown role".into()))?;
        // The password is right; the account must still belong to this device's site (a
        // credential cached before the device moved, or before the rule): refused here as
        // the server would refuse it.
        let device_site = self.device().await?.site_id;
        if let Err(e) = rules::check_login_site(role, &site_id, device_site.as_deref()) {
            self.staff_audit(
                now,
                who.0,
                who.1,
                "offline_login_refused_wrong_site",
                json!({}),
            )
            .await?;
            return Err(e.into());
        }
        self.staff_audit(now, who.0, who.1, "offline_login", json!({}))
            .await?;
        Ok(StaffSession {
            staff: StaffInfo {
                id: staff_id,
                user_name,
                display_name,
                role,
                site_id,
                office_code,
            },
            offline: true,
            expires_at: None,
            session_token: None,
            permissions: rules::permissions(role),
        })
    }

    async fn staff_issued_at(&self, user_name: &str) -> Outcome<DateTime<Utc>> {
        let text: String =
            sqlx::query_scalar("SELECT issued_at FROM staff_credentials WHERE user_name = ?")
                .bind(user_name)
                .fetch_one(self.pool())
                .await?;
        Ok(parse_time(&text)?)
    }

    async fn save_staff_lockout(&self, user_name: &str, lockout: &Lockout) -> Outcome<()> {
        sqlx::query(
            "UPDATE staff_credentials SET failed_attempts = ?, locked_until = ? WHERE user_name = ?",
        )
        .bind(lockout.failed_attempts as i64)
        .bind(lockout.locked_until.map(time_text))
        .bind(user_name)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Appends to the device's login log: who, what, codes and counts; never a password. The
    /// line goes to the outbox in the same transaction (`MutationBody::StaffAudit`), and so
    /// does any older line not queued yet (written before the upload existed).
    async fn staff_audit(
        &self,
        at: DateTime<Utc>,
        staff_id: Option<Uuid>,
        user_name: Option<&str>,
        action: &str,
        detail: Value,
    ) -> Outcome<()> {
        let mut tx = self.begin_write().await?;
        audit_line(
            &mut tx,
            &self.key,
            AuditLine {
                at,
                staff_id,
                user_name,
                action,
                detail,
                note: None,
            },
        )
        .await?;
        tx.commit().await?;
        self.outbox_changed().notify_one();
        Ok(())
    }

    /// The device's login log, oldest first.
    pub async fn staff_audit_log(&self) -> crate::Result<Vec<LocalAuditEntry>> {
        let rows: Vec<AuditRow> = sqlx::query_as(
            "SELECT id, at, staff_id, user_name, action, detail,
                    mutation_id IS NOT NULL
                        AND mutation_id NOT IN (SELECT mutation_id FROM outbox)
               FROM staff_audit ORDER BY id",
        )
        .fetch_all(self.pool())
        .await?;
        Ok(rows
            .into_iter()
            .map(
                |(id, at, staff_id, user_name, action, detail, uploaded)| LocalAuditEntry {
                    id,
                    at,
                    staff_id: staff_id.and_then(|s| Uuid::parse_str(&s).ok()),
                    user_name,
                    action,
                    detail,
                    uploaded,
                },
            )
            .collect())
    }
}

fn http_client() -> reqwest::Client {
    crate::sync::http_client_with(Duration::from_secs(30))
}

/// The server URL and device token, or `NotEnrolled`.
async fn enrolled(store: &Store) -> Outcome<(String, String)> {
    let device = store.device().await?;
    match (device.server_url, device.device_token) {
        (Some(url), Some(token)) => Ok((url.trim_end_matches('/').to_string(), token)),
        _ => Err(LocalError::NotEnrolled.into()),
    }
}

/// Reads a refusal: the login rules become [`StaffError`]s (a lock with the minutes from
/// `Retry-After`), anything else the server's code.
async fn refusal(resp: reqwest::Response) -> StaffLoginError {
    let status = resp.status().as_u16();
    let retry_after = resp
        .headers()
        .get(reqwest::header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<i64>().ok());
    let code = match resp.json::<ErrorBody>().await {
        Ok(body) => body.code,
        Err(_) if status >= 500 => codes::INTERNAL.to_string(),
        Err(_) => "error-server-error".to_string(),
    };
    let staff = StaffError::LoginFailed;
    if code == staff.code() {
        return staff.into();
    }
    if code == (StaffError::AccountLocked { minutes: 0 }).code() {
        let minutes = retry_after.map_or(rules::LOCKOUT_MINUTES, |s| (s + 59) / 60);
        return StaffError::AccountLocked { minutes }.into();
    }
    for known in [
        StaffError::SessionExpired,
        StaffError::WrongSite,
        StaffError::WrongOffice,
        StaffError::PermissionDenied,
    ] {
        if code == known.code() {
            return known.into();
        }
    }
    LocalError::Server { status, code }.into()
}

/// Logs in through the server (device token + protocol header) and caches the credential it
/// returns for offline logins.
pub async fn staff_login_online(
    store: &Store,
    http: &reqwest::Client,
    user_name: &str,
    password: &str,
    now: DateTime<Utc>,
) -> Outcome<StaffSession> {
    let (url, token) = enrolled(store).await?;
    let resp = http
        .post(format!("{url}/v1/sync/staff/login"))
        .bearer_auth(token)
        .header(PROTOCOL_HEADER, PROTOCOL_VERSION.to_string())
        .json(&LoginRequest {
            user_name: user_name.trim().to_string(),
            password: password.to_string(),
        })
        .send()
        .await
        .map_err(|e| LocalError::Unreachable(e.without_url().to_string()))?;
    if !resp.status().is_success() {
        return Err(refusal(resp).await);
    }
    let login: LoginResponse = resp
        .json()
        .await
        .map_err(|e| LocalError::Unreachable(e.without_url().to_string()))?;
    store.cache_staff_credential(&login).await?;
    store
        .staff_audit(
            now,
            Some(login.staff.id),
            Some(&login.staff.user_name),
            "online_login",
            json!({}),
        )
        .await?;
    Ok(StaffSession {
        permissions: rules::permissions(login.staff.role),
        staff: login.staff,
        offline: false,
        expires_at: Some(login.expires_at),
        session_token: Some(login.session_token),
    })
}

/// Logs in through the server when it answers; when it cannot be reached (network down,
/// server failing), against the cached credential. A refusal from the server (wrong
/// password, locked) is final: it never falls back to the cache.
pub async fn staff_login(
    store: &Store,
    http: &reqwest::Client,
    user_name: &str,
    password: &str,
    now: DateTime<Utc>,
) -> Outcome<StaffSession> {
    match staff_login_online(store, http, user_name, password, now).await {
        Err(StaffLoginError::Local(e)) if e.is_transient() => {
            tracing::info!(
                code = e.code(),
                "server unreachable; trying an offline login"
            );
            store.staff_login_offline(user_name, password, now).await
        }
        other => other,
    }
}

/// Ends a session: on the server when it was an online one (a server that cannot be reached
/// lets the session run out by itself), and in the device's log either way.
pub async fn staff_logout(store: &Store, session: &StaffSession) -> Outcome<()> {
    send_logout(store, session).await;
    store
        .staff_audit(
            Utc::now(),
            Some(session.staff.id),
            Some(&session.staff.user_name),
            "logout",
            json!({"offline": session.offline}),
        )
        .await
}

/// Ends an online session on the server (a server that cannot be reached lets it run out by
/// itself).
async fn send_logout(store: &Store, session: &StaffSession) {
    if let Some(session_token) = &session.session_token {
        if let Ok((url, token)) = enrolled(store).await {
            let sent = http_client()
                .post(format!("{url}/v1/sync/staff/logout"))
                .bearer_auth(token)
                .header(PROTOCOL_HEADER, PROTOCOL_VERSION.to_string())
                .header(STAFF_HEADER, session_token)
                .send()
                .await;
            if let Err(e) = sent {
                tracing::info!(error = %e.without_url(), "logout not sent; the session will expire");
            }
        }
    }
}

/// Why a staff command found nobody to act for. The code is the Fluent id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SeatError {
    /// Nobody is logged in on this device.
    #[error("a member of staff must log in first")]
    LoginRequired,
    /// 代办 on a kiosk: the application would be the start of a citizen flow, which ends the
    /// session on a kiosk; staff fill applications in on their own desk.
    #[error("applications are filled in for citizens at a desk, not at a kiosk")]
    NoAssistOnKiosk,
    /// A staff rule: the session ended (on a kiosk: home, a citizen flow, idle), or the role
    /// does not allow it.
    #[error(transparent)]
    Staff(#[from] StaffError),
}

impl SeatError {
    /// The stable code, which is also the Fluent id.
    pub fn code(&self) -> &'static str {
        match self {
            Self::LoginRequired => "error-staff-login-required",
            Self::NoAssistOnKiosk => "error-kiosk-no-assist",
            Self::Staff(e) => e.code(),
        }
    }

    pub fn args(&self) -> Vec<(&'static str, String)> {
        match self {
            Self::Staff(e) => e.args(),
            _ => Vec::new(),
        }
    }
}

#[derive(Debug)]
enum Seated {
    Nobody,
    /// Logged in; on a kiosk, someone last touched the screen at `active_at`.
    In {
        session: StaffSession,
        active_at: Instant,
    },
    /// A kiosk ended the session (home, citizen flow, idle): staff commands are told so
    /// until the next login.
    Ended,
}

/// The member of staff logged in on this device, kept in memory (with the server token) for
/// the desk commands. On a kiosk ([`StaffSeat::kiosk`]) the rule of
/// [`KioskSessionEnd`](borderdesk_core::staff::KioskSessionEnd) applies: the session ends when
/// the home screen shows, when a citizen flow starts, and after the idle limit with nobody
/// touching the screen; the next staff command is refused with `error-staff-session-expired`.
/// Methods that end a session hand it back, so the caller can log it out (server and log).
#[derive(Debug)]
pub struct StaffSeat {
    /// `Some` on a kiosk: how long a session lasts with nobody at the screen.
    kiosk_idle_limit: Option<Duration>,
    seated: Mutex<Seated>,
}

impl StaffSeat {
    /// A desk or field laptop: a session lasts until logout.
    pub fn desk() -> Self {
        Self {
            kiosk_idle_limit: None,
            seated: Mutex::new(Seated::Nobody),
        }
    }

    /// A kiosk: a session lasts while someone is at the screen (`idle_limit`, see
    /// [`rules::kiosk_staff_idle_limit`]), and ends on the home screen and with a citizen flow.
    pub fn kiosk(idle_limit: Duration) -> Self {
        Self {
            kiosk_idle_limit: Some(idle_limit),
            seated: Mutex::new(Seated::Nobody),
        }
    }

    pub fn is_kiosk(&self) -> bool {
        self.kiosk_idle_limit.is_some()
    }

    fn seated(&self) -> std::sync::MutexGuard<'_, Seated> {
        // A panic elsewhere while holding the lock leaves a valid state behind.
        self.seated.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Someone logged in (replaces whoever was).
    pub fn log_in(&self, session: StaffSession, now: Instant) {
        *self.seated() = Seated::In {
            session,
            active_at: now,
        };
    }

    /// Logged out: nobody is logged in any more. Returns who was.
    pub fn log_out(&self) -> Option<StaffSession> {
        match std::mem::replace(&mut *self.seated(), Seated::Nobody) {
            Seated::In { session, .. } => Some(session),
            _ => None,
        }
    }

    /// Someone is at the screen (the page reports touches and keys): on a kiosk this keeps a
    /// session that has not yet gone idle.
    pub fn activity(&self, now: Instant) {
        let limit = self.kiosk_idle_limit;
        if let Seated::In { active_at, .. } = &mut *self.seated() {
            let idle = now.saturating_duration_since(*active_at);
            if limit.is_none_or(|l| rules::check_kiosk_activity(idle, l).is_ok()) {
                *active_at = now;
            }
        }
    }

    /// On a kiosk, ends the session for `why`; returns it (to log out). Nothing happens on a
    /// desk, nor when nobody is logged in.
    pub fn end_on_kiosk(&self, why: rules::KioskSessionEnd) -> Option<StaffSession> {
        if !self.is_kiosk() {
            return None;
        }
        let mut seated = self.seated();
        match std::mem::replace(&mut *seated, Seated::Ended) {
            Seated::In { session, .. } => {
                tracing::info!(reason = why.as_str(), "kiosk staff session ended");
                Some(session)
            }
            before => {
                *seated = before;
                None
            }
        }
    }

    /// On a kiosk, ends a session nobody has touched the screen for within the idle limit;
    /// returns it (to log out).
    pub fn end_if_idle(&self, now: Instant) -> Option<StaffSession> {
        let limit = self.kiosk_idle_limit?;
        let mut seated = self.seated();
        let Seated::In { active_at, .. } = &*seated else {
            return None;
        };
        let idle = now.saturating_duration_since(*active_at);
        if rules::check_kiosk_activity(idle, limit).is_ok() {
            return None;
        }
        let Seated::In { session, .. } = std::mem::replace(&mut *seated, Seated::Ended) else {
            return None;
        };
        tracing::info!(
            reason = rules::KioskSessionEnd::Idle.as_str(),
            "kiosk staff session ended"
        );
        Some(session)
    }

    /// The session for a staff command: `LoginRequired` with nobody logged in,
    /// `SessionExpired` once a kiosk ended it or it went idle there, `PermissionDenied` when
    /// the role does not allow `permission`.
    pub fn require(
        &self,
        permission: rules::Permission,
        now: Instant,
    ) -> Result<StaffSession, SeatError> {
        let session = self.session(now)?;
        session.require(permission)?;
        Ok(session)
    }

    /// The session as it stands, without a permission to check.
    pub fn session(&self, now: Instant) -> Result<StaffSession, SeatError> {
        match &*self.seated() {
            Seated::Nobody => Err(SeatError::LoginRequired),
            Seated::Ended => Err(StaffError::SessionExpired.into()),
            Seated::In { session, active_at } => {
                if let Some(limit) = self.kiosk_idle_limit {
                    rules::check_kiosk_activity(now.saturating_duration_since(*active_at), limit)?;
                }
                Ok(session.clone())
            }
        }
    }

    /// Who is logged in, if anyone (a session a kiosk ended, or one gone idle there, is
    /// nobody).
    pub fn current(&self, now: Instant) -> Option<StaffSession> {
        self.session(now).ok()
    }

    /// 代办 may start: refused on a kiosk (a citizen flow ends the session there), else as
    /// [`require`](Self::require) for `AssistApplication`.
    pub fn require_assisting(&self, now: Instant) -> Result<StaffSession, SeatError> {
        if self.is_kiosk() {
            return Err(SeatError::NoAssistOnKiosk);
        }
        self.require(rules::Permission::AssistApplication, now)
    }
}

/// Logs out a session a kiosk ended (`why`): on the server when it was an online one, and in
/// the device's log with the reason.
pub async fn staff_session_ended(
    store: &Store,
    session: &StaffSession,
    why: rules::KioskSessionEnd,
) -> Outcome<()> {
    send_logout(store, session).await;
    store
        .staff_audit(
            Utc::now(),
            Some(session.staff.id),
            Some(&session.staff.user_name),
            "session_ended",
            json!({"offline": session.offline, "reason": why.as_str()}),
        )
        .await
}

/// A line of the device's audit log, as [`audit_line`] writes it.
pub(crate) struct AuditLine<'a> {
    pub at: DateTime<Utc>,
    pub staff_id: Option<Uuid>,
    pub user_name: Option<&'a str>,
    pub action: &'a str,
    /// Uploaded: codes and counts only (the server refuses anything else).
    pub detail: Value,
    /// Kept on this device only (a support engineer's reason, in their words).
    pub note: Option<&'a str>,
}

/// Appends to the device's audit log in the caller's transaction: who, what, codes and
/// counts; never a password. The line goes to the outbox in the same transaction
/// (`MutationBody::StaffAudit`), and so does any older line not queued yet (written before
/// the upload existed). The note stays here.
pub(crate) async fn audit_line(
    tx: &mut sqlx::Transaction<'static, sqlx::Sqlite>,
    key: &crate::crypto::DeviceKey,
    line: AuditLine<'_>,
) -> Result<(), LocalError> {
    sqlx::query(
        "INSERT INTO staff_audit (at, staff_id, user_name, action, detail, note) VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(time_text(line.at))
    .bind(line.staff_id.map(|i| i.to_string()))
    .bind(line.user_name)
    .bind(line.action)
    .bind(line.detail.to_string())
    .bind(line.note)
    .execute(&mut **tx)
    .await?;
    let unqueued: Vec<UnqueuedRow> = sqlx::query_as(
        "SELECT id, at, staff_id, user_name, action, detail FROM staff_audit
              WHERE mutation_id IS NULL ORDER BY id",
    )
    .fetch_all(&mut **tx)
    .await?;
    for (id, at, staff_id, user_name, action, detail) in unqueued {
        let entry = StaffAuditUpload {
            at: parse_time(&at)?,
            staff_id: staff_id.and_then(|s| Uuid::parse_str(&s).ok()),
            user_name,
            action,
            detail: serde_json::from_str(&detail).unwrap_or(Value::Null),
        };
        let record_id = format!("staff_audit:{id}");
        enqueue(tx, key, &record_id, MutationBody::StaffAudit { entry }).await?;
        // The outbox row just written (same connection, same transaction).
        sqlx::query(
            "UPDATE staff_audit SET mutation_id =
                 (SELECT mutation_id FROM outbox WHERE seq = last_insert_rowid())
             WHERE id = ?",
        )
        .bind(id)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}
