//! Staff accounts: creation, login through an enrolled device, lockout, sessions and roles,
//! and the audit log.

mod common;

use argon2::{Argon2, PasswordHash, PasswordVerifier};
use borderdesk_core::staff::Role;
use borderdesk_protocol::{
    codes, AuditEntry, CreateStaffRequest, ErrorBody, KeyPart, LoginRequest, LoginResponse,
    Mutation, MutationBody, Outcome, Page, StaffAuditUpload, StaffInfo, PROTOCOL_HEADER,
    PROTOCOL_VERSION, STAFF_HEADER,
};
use common::*;
use reqwest::StatusCode;

const PASSWORD: &str = "correct horse 7";

async fn create(h: &Harness, user: &str, role: Role) -> reqwest::Response {
    create_at(h, user, role, "site-a", None).await
}

/// An account of `site`, working for `office` (legal aid officers and notary staff need one).
async fn create_at(
    h: &Harness,
    user: &str,
    role: Role,
    site: &str,
    office: Option<&str>,
) -> reqwest::Response {
    h.http
        .post(h.url("/v1/admin/staff"))
        .bearer_auth(ADMIN)
        .json(&CreateStaffRequest {
            user_name: user.into(),
            display_name: format!("{user} 显示名"),
            role,
            site_id: site.into(),
            office_code: office.map(str::to_string),
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

/// One page of the admin's audit log.
async fn audit_page(h: &Harness, query: &[(&str, &str)]) -> Page<AuditEntry> {
    h.http
        .get(h.url("/v1/admin/audit"))
        .bearer_auth(ADMIN)
        .query(query)
        .send()
        .await
        .unwrap()
        .error_for_status()
        .unwrap()
        .json()
        .await
        .unwrap()
}

/// The newest lines of the audit log (one page of the most the server gives).
async fn audit(h: &Harness) -> Vec<AuditEntry> {
    audit_page(h, &[("limit", "200")]).await.items
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
            office_code: None,
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

    let until: chrono::DateTime<chrono::Utc> = sqlx::query_scalar(
        "SELECT locked_until FROM login_throttle WHERE device_id = $1 AND user_key != '*'",
    )
    .bind(dev.id)
    .fetch_one(h.server.pool())
    .await
    .unwrap();
    let minutes = (until - chrono::Utc::now()).num_seconds();
    assert!((14 * 60..=15 * 60).contains(&minutes), "{minutes}");
    let _ = s;

    // Fourteen minutes later: still locked, with one minute left.
    sqlx::query(
        "UPDATE login_throttle SET locked_until = now() + interval '50 seconds'
          WHERE device_id = $1 AND user_key != '*'",
    )
    .bind(dev.id)
    .execute(h.server.pool())
    .await
    .unwrap();
    let r = login_raw(&h, Some(&dev), "sun", PASSWORD).await;
    assert_eq!(r.status(), StatusCode::LOCKED);
    assert_eq!(r.headers()[reqwest::header::RETRY_AFTER], "60");

    // Fifteen minutes later: the lock has passed.
    sqlx::query(
        "UPDATE login_throttle SET locked_until = now() - interval '1 second'
          WHERE device_id = $1 AND user_key != '*'",
    )
    .bind(dev.id)
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
    assert!(!ok
        .json::<Page<AuditEntry>>()
        .await
        .unwrap()
        .items
        .is_empty());

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

// ----- site and office ----------------------------------------------------------------------

const SAMPLE_LEGAL_AID: &str = include_str!("../../local/data/sample-legal-aid.json");
const SAMPLE_NOTARY: &str = include_str!("../../local/data/sample-notary.json");

async fn with_reference(h: &Harness) {
    let la: borderdesk_core::legal_aid::LegalAidReference =
        serde_json::from_str(SAMPLE_LEGAL_AID).unwrap();
    borderdesk_server::import_legal_aid(h.server.pool(), &la)
        .await
        .unwrap();
    let notary: borderdesk_core::notary::NotaryReference =
        serde_json::from_str(SAMPLE_NOTARY).unwrap();
    borderdesk_server::import_notary(h.server.pool(), &notary)
        .await
        .unwrap();
}

#[tokio::test]
async fn a_login_works_only_through_a_device_of_the_accounts_own_site_admins_excepted() {
    let h = harness().await;
    let own = h.enroll("site-a").await;
    let other = h.enroll("site-b").await;
    let clerk = staff(&h, "qian", Role::Clerk).await;
    staff(&h, "boss", Role::Admin).await;

    // The right password at another site's device: refused with its own code, no session.
    let r = login_raw(&h, Some(&other), "qian", PASSWORD).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(code_of(r).await, "error-staff-wrong-site");
    let sessions: i64 =
        sqlx::query_scalar("SELECT count(*) FROM staff_sessions WHERE staff_id = $1")
            .bind(clerk.id)
            .fetch_one(h.server.pool())
            .await
            .unwrap();
    assert_eq!(sessions, 0);
    // A wrong password there reads as any wrong password: the site is not revealed.
    let r = login_raw(&h, Some(&other), "qian", "not the password").await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(code_of(r).await, "error-login-failed");
    // At home it works; an admin works anywhere.
    login(&h, &own, "qian").await;
    login(&h, &other, "boss").await;

    let entries = audit(&h).await;
    let refused = entries
        .iter()
        .find(|e| e.action == "login_refused_wrong_site")
        .unwrap();
    assert_eq!(refused.staff_id, Some(clerk.id));
    assert_eq!(refused.device_id, Some(other.id));
    assert_eq!(refused.detail["device_site"], "site-b");
}

#[tokio::test]
async fn legal_aid_officers_and_notary_staff_are_made_with_an_office_of_the_reference_data() {
    let h = harness().await;
    with_reference(&h).await;
    let dev = h.enroll("site-a").await;
    for (role, office, status, code) in [
        (
            Role::LegalAidOfficer,
            None,
            422,
            "error-staff-office-required",
        ),
        (
            Role::NotaryStaff,
            Some(" "),
            422,
            "error-staff-office-required",
        ),
        (
            Role::LegalAidOfficer,
            Some("LA-999999"),
            422,
            "error-staff-office-unknown",
        ),
        // A notary office is no legal aid office, and the other way round.
        (
            Role::LegalAidOfficer,
            Some("GZC-330329"),
            422,
            "error-staff-office-unknown",
        ),
        (
            Role::NotaryStaff,
            Some("LA-330329"),
            422,
            "error-staff-office-unknown",
        ),
        (
            Role::Clerk,
            Some("LA-330329"),
            422,
            "error-staff-office-not-for-role",
        ),
    ] {
        let r = create_at(&h, "someone", role, "site-a", office).await;
        assert_eq!(r.status().as_u16(), status, "{role:?} {office:?}");
        assert_eq!(code_of(r).await, code, "{role:?} {office:?}");
    }
    let count: i64 = sqlx::query_scalar("SELECT count(*) FROM staff")
        .fetch_one(h.server.pool())
        .await
        .unwrap();
    assert_eq!(count, 0, "nothing was made");

    let r = create_at(&h, "wu", Role::LegalAidOfficer, "site-a", Some("LA-330329")).await;
    assert_eq!(r.status(), StatusCode::OK);
    let made: StaffInfo = r.json().await.unwrap();
    assert_eq!(made.office_code.as_deref(), Some("LA-330329"));
    let r = create_at(&h, "zhao", Role::NotaryStaff, "site-a", Some("GZC-330329")).await;
    assert_eq!(r.status(), StatusCode::OK);

    // The login answer and the session carry the office.
    let l = login(&h, &dev, "wu").await;
    assert_eq!(l.staff.office_code.as_deref(), Some("LA-330329"));
    let me = as_staff(&h, &dev, &l.session_token, "/v1/sync/staff/me").await;
    assert_eq!(
        me.json::<StaffInfo>().await.unwrap().office_code.as_deref(),
        Some("LA-330329")
    );
    let clerk = staff(&h, "sun", Role::Clerk).await;
    assert_eq!(clerk.office_code, None);
    assert!(
        serde_json::to_value(&clerk)
            .unwrap()
            .get("office_code")
            .is_none(),
        "no office travels as no field"
    );
}

#[tokio::test]
async fn an_account_made_before_offices_logs_in_but_works_no_office_desk() {
    let h = harness().await;
    with_reference(&h).await;
    let dev = h.enroll("site-a").await;
    // As the migration leaves an officer made before it: no office.
    sqlx::query(
        "INSERT INTO staff (id, user_name, display_name, role, site_id, password_hash)
         VALUES ($1, 'old-officer', '老', 'legal_aid_officer', 'site-a', $2)",
    )
    .bind(uuid::Uuid::now_v7())
    .bind(
        borderdesk_server::staff::hash_password(PASSWORD)
            .await
            .unwrap(),
    )
    .execute(h.server.pool())
    .await
    .unwrap();
    let l = login(&h, &dev, "old-officer").await;
    assert_eq!(l.staff.office_code, None);
    let r = as_staff(
        &h,
        &dev,
        &l.session_token,
        "/v1/sync/legal-aid/queue?office_code=LA-330329",
    )
    .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(code_of(r).await, "error-staff-wrong-office");
}

// ----- the devices' login logs ----------------------------------------------------------------

fn device_line(action: &str, staff_id: Option<uuid::Uuid>, detail: serde_json::Value) -> Mutation {
    Mutation {
        id: uuid::Uuid::now_v7(),
        body: MutationBody::StaffAudit {
            entry: StaffAuditUpload {
                at: chrono::Utc::now() - chrono::Duration::hours(3),
                staff_id,
                user_name: Some("feng".into()),
                action: action.into(),
                detail,
            },
        },
    }
}

#[tokio::test]
async fn a_devices_login_log_reaches_the_audit_log_once_per_line() {
    let h = harness().await;
    let dev = h.enroll("site-a").await;
    let s = staff(&h, "feng", Role::Clerk).await;
    // Offline logins are made with a credential an online login on this device cached.
    login(&h, &dev, "feng").await;
    let line = device_line("offline_login", Some(s.id), serde_json::json!({}));
    let failed = device_line(
        "offline_login_failed",
        Some(s.id),
        serde_json::json!({"reason": "wrong_password", "failed_attempts": 2}),
    );
    let r = h.push(&dev, vec![line.clone(), failed.clone()]).await;
    assert!(
        r.results.iter().all(|r| r.outcome == Outcome::Applied),
        "{r:?}"
    );
    // Sent again (an answer lost on the way), and twice in one batch: nothing new.
    let r = h.push(&dev, vec![line.clone(), line.clone()]).await;
    assert!(
        r.results.iter().all(|r| r.outcome == Outcome::Duplicate),
        "{r:?}"
    );

    let entries = audit(&h).await;
    let from_device: Vec<&AuditEntry> = entries
        .iter()
        .filter(|e| e.detail["source"] == "device")
        .collect();
    assert_eq!(from_device.len(), 2);
    let login = from_device
        .iter()
        .find(|e| e.action == "offline_login")
        .unwrap();
    assert_eq!(login.staff_id, Some(s.id));
    assert_eq!(login.device_id, Some(dev.id));
    assert_eq!(login.subject.as_deref(), Some("feng"));
    assert_eq!(login.detail["mutation_id"], line.id.to_string());
    let at = match &line.body {
        MutationBody::StaffAudit { entry } => entry.at,
        _ => unreachable!(),
    };
    assert!(
        (login.at - at).num_milliseconds().abs() < 1,
        "the device's time is kept"
    );
    let f = from_device
        .iter()
        .find(|e| e.action == "offline_login_failed")
        .unwrap();
    assert_eq!(f.detail["failed_attempts"], 2);
}

#[tokio::test]
async fn a_login_log_line_with_anything_but_codes_and_counts_is_refused() {
    let h = harness().await;
    let dev = h.enroll("site-a").await;
    let bad = [
        device_line(
            "offline_login",
            None,
            serde_json::json!({"password": "秘密 secret"}),
        ),
        device_line(
            "offline_login",
            None,
            serde_json::json!({"note": {"id": "11010519491231002X"}}),
        ),
        device_line(
            "offline_login",
            None,
            serde_json::json!({"reason": "13800138000"}),
        ),
        device_line(
            "offline_login",
            None,
            serde_json::json!({"failed_attempts": 13800138000u64}),
        ),
        device_line("drop_table", None, serde_json::json!({})),
        device_line("offline_login", None, serde_json::json!("张三")),
    ];
    let r = h.push(&dev, bad.to_vec()).await;
    for result in &r.results {
        match &result.outcome {
            Outcome::Rejected { code, .. } => assert_eq!(code, codes::BAD_REQUEST),
            other => panic!("expected a rejection, got {other:?}"),
        }
    }
    // Refused once, refused the same way again.
    let again = h.push(&dev, vec![bad[0].clone()]).await;
    assert!(matches!(again.results[0].outcome, Outcome::Rejected { .. }));
    let entries = audit(&h).await;
    assert!(entries.iter().all(|e| e.detail["source"] != "device"));
    let text = serde_json::to_string(&entries).unwrap();
    assert!(!text.contains("secret") && !text.contains("11010519491231002X"));
    assert!(!text.contains("13800138000"));
}

#[tokio::test]
async fn a_login_log_line_keeps_only_a_known_name_of_the_site_and_never_a_time_ahead() {
    let h = harness().await;
    let dev = h.enroll("site-a").await;
    let elsewhere = h.enroll("site-b").await;
    let neighbour = h.enroll("site-a").await;
    let s = staff(&h, "feng", Role::Clerk).await;
    login(&h, &dev, "feng").await;
    // A failed login's name may be a mistyped password: an unknown name is not kept.
    let mut typo = device_line("offline_login_failed", None, serde_json::json!({}));
    let mut ahead = device_line("offline_login", Some(s.id), serde_json::json!({}));
    if let MutationBody::StaffAudit { entry } = &mut typo.body {
        entry.user_name = Some("correct horse 7".into());
    }
    if let MutationBody::StaffAudit { entry } = &mut ahead.body {
        entry.at = chrono::Utc::now() + chrono::Duration::days(30);
    }
    // Another site's device cannot write lines in this member of staff's name.
    let foreign = device_line("offline_login", Some(s.id), serde_json::json!({}));
    h.push(&dev, vec![typo.clone(), ahead.clone()]).await;
    h.push(&elsewhere, vec![foreign.clone()]).await;
    // Nor can a device of the same site where this person never logged in.
    let forged = device_line("offline_login", Some(s.id), serde_json::json!({}));
    h.push(&neighbour, vec![forged.clone()]).await;

    let entries = audit(&h).await;
    let line = |m: &Mutation| {
        entries
            .iter()
            .find(|e| e.detail["mutation_id"] == m.id.to_string())
            .unwrap()
            .clone()
    };
    let typo = line(&typo);
    assert_eq!(typo.subject, None);
    assert_eq!(typo.staff_id, None);
    assert!(!serde_json::to_string(&entries)
        .unwrap()
        .contains("correct horse"));
    let ahead = line(&ahead);
    assert_eq!(ahead.staff_id, Some(s.id));
    assert!(ahead.at <= chrono::Utc::now(), "not later than its receipt");
    let foreign = line(&foreign);
    assert_eq!(foreign.staff_id, None);
    assert_eq!(foreign.device_id, Some(elsewhere.id));
    let forged = line(&forged);
    assert_eq!((forged.staff_id, forged.subject), (None, None));
}

/// Five wrong passwords typed at any kiosk used to lock a clerk out everywhere, and a locked
/// name answered differently from an unknown one. Now a name locks only at the device where
/// it was mistyped, and an unknown name locks exactly like a real one.
#[tokio::test]
async fn failed_logins_lock_a_name_only_at_that_device_and_unknown_names_alike() {
    let h = harness().await;
    let hostile = h.enroll("site-b").await;
    let desk = h.enroll("site-a").await;
    staff(&h, "wu", Role::Clerk).await;
    let mut answers = Vec::new();
    for name in ["wu", "no-such-clerk"] {
        let mut last = None;
        for _ in 0..5 {
            last = Some(login_raw(&h, Some(&hostile), name, "guess-123456").await);
        }
        let last = last.unwrap();
        answers.push((last.status(), code_of(last).await));
        let again = login_raw(&h, Some(&hostile), name, "guess-123456").await;
        answers.push((again.status(), code_of(again).await));
    }
    assert_eq!(
        answers[0], answers[2],
        "a real name and an unknown one lock alike"
    );
    assert_eq!(answers[1], answers[3]);
    assert_eq!(
        answers[0],
        (StatusCode::LOCKED, "error-account-locked".to_string())
    );
    // The clerk's own desk is not locked.
    login(&h, &desk, "wu").await;
}

/// argon2 runs outside any transaction: a flood of logins does not drain the connection
/// pool, and the health check still answers fast.
#[tokio::test]
async fn a_flood_of_logins_leaves_the_health_check_fast() {
    let h = harness().await;
    let dev = h.enroll("site-a").await;
    staff(&h, "zheng", Role::Clerk).await;
    let flood: Vec<_> = (0..24)
        .map(|i| {
            let (http, url, token) = (h.http.clone(), h.url("/v1/sync/staff/login"), dev.token.clone());
            tokio::spawn(async move {
                for _ in 0..4 {
                    let _ = http
                        .post(&url)
                        .bearer_auth(&token)
                        .header(PROTOCOL_HEADER, PROTOCOL_VERSION.to_string())
                        .json(&serde_json::json!({"user_name": format!("zheng{i}"), "password": "wrong-password"}))
                        .send()
                        .await;
                }
            })
        })
        .collect();
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    // Connections held across argon2 would show here: the pool has 16, the flood 24.
    let in_tx: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM pg_stat_activity
          WHERE datname = current_database() AND state = 'idle in transaction'",
    )
    .fetch_one(h.server.pool())
    .await
    .unwrap();
    // (How fast it answers is measured in `make bench`, not here.)
    let r = h.http.get(h.url("/healthz")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    for f in flood {
        f.await.unwrap();
    }
    assert!(in_tx <= 2, "{in_tx} connections wait in a transaction");
}

/// 24 clients flood wrong logins (half of them kiosks of the clerk's own site) while
/// `/healthz` is asked every 20 ms: every answer comes, none is a 5xx, and the clerk still
/// logs in at once from a desk of the site. The latency figures are printed here and measured
/// in release by `make bench` (target: `/healthz` under 100 ms).
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_login_flood_neither_starves_healthz_nor_locks_the_clerk_out() {
    let h = harness().await;
    staff(&h, "chen", Role::Clerk).await;
    let mut tokens = Vec::new();
    for i in 0..24 {
        let site = if i % 2 == 0 { "site-a" } else { "site-b" };
        tokens.push(h.enroll(site).await.token);
    }
    let seconds = std::env::var("BORDERDESK_FLOOD_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(3);
    let flood = borderdesk_testkit::flood::flood_logins(
        h.url("").trim_end_matches('/'),
        &tokens,
        "chen",
        (PROTOCOL_HEADER, &PROTOCOL_VERSION.to_string()),
        std::time::Duration::from_secs(seconds),
    )
    .await;
    println!("login flood: {}", flood.summary());
    assert_eq!(flood.failures(), 0, "{}", flood.summary());
    assert!(flood.healthz_ms.len() >= 10, "{}", flood.summary());
    assert_eq!(
        flood.healthz.keys().copied().collect::<Vec<_>>(),
        vec![200],
        "{}",
        flood.summary()
    );
    assert!(
        flood.logins.keys().all(|s| [401, 423, 429].contains(s)),
        "wrong passwords are refused (or the name locked at that kiosk), nothing else: {}",
        flood.summary()
    );
    let desk = h.enroll("site-a").await;
    let l = login(&h, &desk, "chen").await;
    assert!(!l.session_token.is_empty());
}

#[tokio::test]
async fn the_audit_log_comes_in_pages_every_line_once_newest_first() {
    let h = harness().await;
    // 120 lines written in one statement: one instant for all of them.
    sqlx::query(
        "INSERT INTO audit_log (action, subject) SELECT 'paging_test', g::text
           FROM generate_series(1, 120) g",
    )
    .execute(h.server.pool())
    .await
    .unwrap();
    let expected: Vec<i64> = sqlx::query_scalar("SELECT id FROM audit_log ORDER BY id DESC")
        .fetch_all(h.server.pool())
        .await
        .unwrap();
    assert!(expected.len() >= 120);
    let mut seen = Vec::new();
    let mut after: Option<String> = None;
    let mut pages = 0;
    loop {
        let mut query = vec![("limit", "7".to_string())];
        if let Some(a) = after.take() {
            query.push(("after", a));
        }
        let query: Vec<(&str, &str)> = query.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let page = audit_page(&h, &query).await;
        assert!(page.items.len() <= 7);
        pages += 1;
        seen.extend(page.items.iter().map(|e| e.id));
        match page.next {
            Some(next) => after = Some(next),
            None => break,
        }
        assert!(pages < 100, "the pages never end");
    }
    assert_eq!(seen, expected, "every line once, newest first");
    assert_eq!(pages, expected.len().div_ceil(7));
}

#[tokio::test]
async fn a_bad_page_of_the_audit_log_is_refused_with_its_code() {
    let h = harness().await;
    let dev = h.enroll("site-a").await;
    staff(&h, "boss", Role::Admin).await;
    let admin = login(&h, &dev, "boss").await.session_token;
    let other_list = borderdesk_protocol::page::cursor("calls", &[KeyPart::Int(5)]);
    for (query, code) in [
        ("limit=0", "error-page-limit-invalid"),
        ("limit=-1", "error-page-limit-invalid"),
        ("limit=ten", "error-page-limit-invalid"),
        ("after=bm90IGEgY3Vyc29y", "error-page-cursor-invalid"),
        ("after=%00", "error-page-cursor-invalid"),
        ("after=cDE6YXVkaXQ6aTU%00", "error-page-cursor-invalid"),
        (
            &format!("after={other_list}") as &str,
            "error-page-cursor-invalid",
        ),
    ] {
        for path in ["/v1/admin/audit", "/v1/sync/staff/audit"] {
            let r = h
                .http
                .get(h.url(&format!("{path}?{query}")))
                .bearer_auth(if path.starts_with("/v1/admin") {
                    ADMIN
                } else {
                    &dev.token
                })
                .header(PROTOCOL_HEADER, PROTOCOL_VERSION.to_string())
                .header(STAFF_HEADER, &admin)
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{path}?{query}");
            assert_eq!(code_of(r).await, code, "{path}?{query}");
        }
    }
    // A limit past the most is read as the most.
    let page = audit_page(&h, &[("limit", "10000")]).await;
    assert!(page.items.len() <= 200);
}
