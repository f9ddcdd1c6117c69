//! Staff accounts: creation, login through an enrolled device, lockout, sessions and roles,
//! and the audit log.

mod common;

use argon2::{Argon2, PasswordHash, PasswordVerifier};
use borderdesk_core::staff::Role;
use borderdesk_protocol::{
    codes, AuditEntry, CreateStaffRequest, ErrorBody, LoginRequest, LoginResponse, StaffInfo,
    PROTOCOL_HEADER, PROTOCOL_VERSION, STAFF_HEADER,
};
use common::*;
use reqwest::StatusCode;

const PASSWORD: &str = "correct horse 7";

async fn create(h: &Harness, user: &str, role: Role) -> reqwest::Response {
    h.http
        .post(h.url("/v1/admin/staff"))
        .bearer_auth(ADMIN)
        .json(&CreateStaffRequest {
            user_name: user.into(),
            display_name: format!("{user} 显示名"),
            role,
            site_id: "site-a".into(),
            password: PASSWORD.into(),
        })
        .send()
        .await
        .unwrap()
}

async fn staff(h: &Harness, user: &str, role: Role) -> StaffInfo {
    let r = create(h, user, role).await;
    assert_eq!(r.status(), StatusCode::OK);
    r.json().await.unwrap()
}

async fn login_raw(
    h: &Harness,
    dev: Option<&Dev>,
    user: &str,
    password: &str,
) -> reqwest::Response {
    let mut req = h
        .http
        .post(h.url("/v1/sync/staff/login"))
        .header(PROTOCOL_HEADER, PROTOCOL_VERSION.to_string())
        .json(&LoginRequest {
            user_name: user.into(),
            password: password.into(),
        });
    if let Some(d) = dev {
        req = req.bearer_auth(&d.token);
    }
    req.send().await.unwrap()
}

async fn login(h: &Harness, dev: &Dev, user: &str) -> LoginResponse {
    let r = login_raw(h, Some(dev), user, PASSWORD).await;
    assert_eq!(r.status(), StatusCode::OK);
    r.json().await.unwrap()
}

async fn code_of(r: reqwest::Response) -> String {
    r.json::<ErrorBody>().await.unwrap().code
}

async fn as_staff(h: &Harness, dev: &Dev, session: &str, path: &str) -> reqwest::Response {
    h.http
        .get(h.url(path))
        .bearer_auth(&dev.token)
        .header(PROTOCOL_HEADER, PROTOCOL_VERSION.to_string())
        .header(STAFF_HEADER, session)
        .send()
        .await
        .unwrap()
}

async fn audit(h: &Harness) -> Vec<AuditEntry> {
    h.http
        .get(h.url("/v1/admin/audit"))
        .bearer_auth(ADMIN)
        .send()
        .await
        .unwrap()
        .error_for_status()
        .unwrap()
        .json()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_created_account_logs_in_and_gets_an_argon2id_credential_that_verifies() {
    let h = harness().await;
    let dev = h.enroll("site-a").await;
    let created = staff(&h, "wang.clerk", Role::Clerk).await;
    assert_eq!(created.role, Role::Clerk);

    let r = login(&h, &dev, "wang.clerk").await;
    assert_eq!(r.staff, created);
    assert_eq!(r.session_token.len(), 64);
    assert!(r.expires_at > chrono::Utc::now());
    let hash = &r.offline_credential.password_hash;
    assert!(hash.starts_with("$argon2id$v=19$"), "{hash}");
    let parsed = PasswordHash::new(hash).unwrap();
    assert!(Argon2::default()
        .verify_password(PASSWORD.as_bytes(), &parsed)
        .is_ok());
    assert!(Argon2::default()
        .verify_password(b"something else", &parsed)
        .is_err());

    let stored: String = sqlx::query_scalar("SELECT password_hash FROM staff WHERE id = $1")
        .bind(created.id)
        .fetch_one(h.server.pool())
        .await
        .unwrap();
    assert_ne!(
        &stored, hash,
        "the device gets a hash of its own, not the server's"
    );
    let session_rows: i64 =
        sqlx::query_scalar("SELECT count(*) FROM staff_sessions WHERE token_hash = $1")
            .bind(borderdesk_server::extract::token_hash(&r.session_token))
            .fetch_one(h.server.pool())
            .await
            .unwrap();
    assert_eq!(session_rows, 1, "only the session token's hash is kept");

    let me = as_staff(&h, &dev, &r.session_token, "/v1/sync/staff/me").await;
    assert_eq!(me.status(), StatusCode::OK);
    assert_eq!(me.json::<StaffInfo>().await.unwrap(), created);
}

#[tokio::test]
async fn creating_staff_needs_the_admin_token_a_long_password_and_a_free_name() {
    let h = harness().await;
    let r = h
        .http
        .post(h.url("/v1/admin/staff"))
        .json(&serde_json::json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);

    let short = h
        .http
        .post(h.url("/v1/admin/staff"))
        .bearer_auth(ADMIN)
        .json(&CreateStaffRequest {
            user_name: "li".into(),
            display_name: "李".into(),
            role: Role::Clerk,
            site_id: "site-a".into(),
            password: "1234567".into(),
        })
        .send()
        .await
        .unwrap();
    assert_eq!(short.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(code_of(short).await, "error-password-too-short");

    staff(&h, "li", Role::Clerk).await;
    let again = create(&h, "li", Role::Admin).await;
    assert_eq!(again.status(), StatusCode::CONFLICT);
    assert_eq!(code_of(again).await, "error-user-name-taken");
}

#[tokio::test]
async fn a_wrong_password_and_an_unknown_user_read_the_same() {
    let h = harness().await;
    let dev = h.enroll("site-a").await;
    staff(&h, "zhao", Role::Clerk).await;

    let wrong = login_raw(&h, Some(&dev), "zhao", "not the password").await;
    let unknown = login_raw(&h, Some(&dev), "nobody", PASSWORD).await;
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(unknown.status(), StatusCode::UNAUTHORIZED);
    let (wrong, unknown) = (
        wrong.json::<ErrorBody>().await.unwrap(),
        unknown.json::<ErrorBody>().await.unwrap(),
    );
    assert_eq!(wrong, unknown, "same code and same message");
    assert_eq!(wrong.code, "error-login-failed");
}

#[tokio::test]
async fn five_failures_lock_the_account_for_fifteen_minutes_even_for_the_right_password() {
    let h = harness().await;
    let dev = h.enroll("site-a").await;
    let s = staff(&h, "sun", Role::Clerk).await;

    for _ in 0..4 {
        let r = login_raw(&h, Some(&dev), "sun", "wrong password").await;
        assert_eq!(code_of(r).await, "error-login-failed");
    }
    let fifth = login_raw(&h, Some(&dev), "sun", "wrong password").await;
    assert_eq!(fifth.status(), StatusCode::LOCKED);
    assert_eq!(code_of(fifth).await, "error-account-locked");

    let right = login_raw(&h, Some(&dev), "sun", PASSWORD).await;
    assert_eq!(
        right.status(),
        StatusCode::LOCKED,
        "the right password waits too"
    );
    let retry: i64 = right.headers()[reqwest::header::RETRY_AFTER]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((14 * 60..=15 * 60).contains(&retry), "{retry}");
    assert_eq!(code_of(right).await, "error-account-locked");

    let until: chrono::DateTime<chrono::Utc> =
        sqlx::query_scalar("SELECT locked_until FROM staff WHERE id = $1")
            .bind(s.id)
            .fetch_one(h.server.pool())
            .await
            .unwrap();
    let minutes = (until - chrono::Utc::now()).num_seconds();
    assert!((14 * 60..=15 * 60).contains(&minutes), "{minutes}");

    // Fourteen minutes later: still locked, with one minute left.
    sqlx::query("UPDATE staff SET locked_until = now() + interval '50 seconds' WHERE id = $1")
        .bind(s.id)
        .execute(h.server.pool())
        .await
        .unwrap();
    let r = login_raw(&h, Some(&dev), "sun", PASSWORD).await;
    assert_eq!(r.status(), StatusCode::LOCKED);
    assert_eq!(r.headers()[reqwest::header::RETRY_AFTER], "60");

    // Fifteen minutes later: the lock has passed.
    sqlx::query("UPDATE staff SET locked_until = now() - interval '1 second' WHERE id = $1")
        .bind(s.id)
        .execute(h.server.pool())
        .await
        .unwrap();
    login(&h, &dev, "sun").await;
}

#[tokio::test]
async fn a_disabled_account_cannot_log_in() {
    let h = harness().await;
    let dev = h.enroll("site-a").await;
    let s = staff(&h, "qian", Role::Clerk).await;
    let session = login(&h, &dev, "qian").await.session_token;
    sqlx::query("UPDATE staff SET disabled_at = now() WHERE id = $1")
        .bind(s.id)
        .execute(h.server.pool())
        .await
        .unwrap();

    let r = login_raw(&h, Some(&dev), "qian", PASSWORD).await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(code_of(r).await, "error-login-failed");
    let me = as_staff(&h, &dev, &session, "/v1/sync/staff/me").await;
    assert_eq!(
        me.status(),
        StatusCode::UNAUTHORIZED,
        "open sessions end too"
    );
    assert_eq!(code_of(me).await, "error-staff-session-expired");
}

#[tokio::test]
async fn a_session_reaches_a_guarded_handler_only_when_the_role_allows_it() {
    let h = harness().await;
    let dev = h.enroll("site-a").await;
    staff(&h, "boss", Role::Admin).await;
    staff(&h, "zhou", Role::Clerk).await;
    let admin = login(&h, &dev, "boss").await.session_token;
    let clerk = login(&h, &dev, "zhou").await.session_token;

    let ok = as_staff(&h, &dev, &admin, "/v1/sync/staff/audit").await;
    assert_eq!(ok.status(), StatusCode::OK);
    assert!(!ok.json::<Vec<AuditEntry>>().await.unwrap().is_empty());

    let denied = as_staff(&h, &dev, &clerk, "/v1/sync/staff/audit").await;
    assert_eq!(denied.status(), StatusCode::FORBIDDEN);
    assert_eq!(code_of(denied).await, "error-permission-denied");

    let bearer = as_staff(&h, &dev, &format!("Bearer {admin}"), "/v1/sync/staff/audit").await;
    assert_eq!(bearer.status(), StatusCode::OK, "Bearer prefix is accepted");

    let bogus = as_staff(&h, &dev, "0".repeat(64).as_str(), "/v1/sync/staff/me").await;
    assert_eq!(bogus.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(code_of(bogus).await, "error-staff-session-expired");

    let other = h.enroll("site-a").await;
    let elsewhere = as_staff(&h, &other, &admin, "/v1/sync/staff/me").await;
    assert_eq!(
        elsewhere.status(),
        StatusCode::UNAUTHORIZED,
        "a session works only through the device it was opened on"
    );
}

#[tokio::test]
async fn logging_out_ends_the_session() {
    let h = harness().await;
    let dev = h.enroll("site-a").await;
    staff(&h, "wu", Role::Outreach).await;
    let session = login(&h, &dev, "wu").await.session_token;
    let r = h
        .http
        .post(h.url("/v1/sync/staff/logout"))
        .bearer_auth(&dev.token)
        .header(PROTOCOL_HEADER, PROTOCOL_VERSION.to_string())
        .header(STAFF_HEADER, &session)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let me = as_staff(&h, &dev, &session, "/v1/sync/staff/me").await;
    assert_eq!(me.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn logging_in_needs_an_enrolled_device() {
    let h = harness().await;
    staff(&h, "zheng", Role::Clerk).await;
    let r = login_raw(&h, None, "zheng", PASSWORD).await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(code_of(r).await, codes::UNAUTHORIZED);
    let fake = Dev {
        id: uuid::Uuid::nil(),
        token: "f".repeat(64),
        code: 0,
        site: "site-a".into(),
    };
    let r = login_raw(&h, Some(&fake), "zheng", PASSWORD).await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(code_of(r).await, codes::UNAUTHORIZED);
}

#[tokio::test]
async fn the_audit_log_holds_every_login_and_never_a_password() {
    let h = harness().await;
    let dev = h.enroll("site-a").await;
    let s = staff(&h, "feng", Role::Clerk).await;
    login(&h, &dev, "feng").await;
    login_raw(&h, Some(&dev), "feng", "typo-password-1").await;
    login_raw(&h, Some(&dev), "ghost-user", "typo-password-2").await;
    for _ in 0..4 {
        login_raw(&h, Some(&dev), "feng", "typo-password-1").await;
    }
    login_raw(&h, Some(&dev), "feng", PASSWORD).await;

    let entries = audit(&h).await;
    let actions: Vec<&str> = entries.iter().rev().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        [
            "staff_created",
            "login",
            "login_failed",
            "login_failed",
            "login_failed",
            "login_failed",
            "login_failed",
            "login_failed",
            "account_locked",
            "login_refused_locked",
        ]
    );
    let login = entries.iter().find(|e| e.action == "login").unwrap();
    assert_eq!(login.staff_id, Some(s.id));
    assert_eq!(login.device_id, Some(dev.id));
    assert_eq!(login.subject.as_deref(), Some("feng"));
    let unknown = entries
        .iter()
        .find(|e| e.action == "login_failed" && e.staff_id.is_none())
        .unwrap();
    assert_eq!(unknown.subject, None, "an unknown name is not recorded");

    let everything: String =
        sqlx::query_scalar("SELECT coalesce(string_agg(a::text, ' '), '') FROM audit_log a")
            .fetch_one(h.server.pool())
            .await
            .unwrap();
    for secret in [PASSWORD, "typo-password-1", "typo-password-2", "ghost-user"] {
        assert!(!everything.contains(secret), "{secret} is in the audit log");
    }
}
