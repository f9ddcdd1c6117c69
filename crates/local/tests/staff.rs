//! Offline staff logins against the cached credential, on a real SQLite file.

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::SaltString;
use argon2::{Argon2, PasswordHasher};
use borderdesk_core::staff::{Role, StaffError};
use borderdesk_local::staff::StaffLoginError;
use borderdesk_local::Store;
use borderdesk_protocol::{LoginResponse, OfflineCredential, StaffInfo};
use chrono::{DateTime, Duration, Utc};
use uuid::Uuid;

mod common;
use common::open;

const PASSWORD: &str = "Kiosk-Password-Unique-7731";

fn issued() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-27T08:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

fn login_response(user: &str) -> LoginResponse {
    let salt = SaltString::generate(&mut OsRng);
    let hash = Argon2::default()
        .hash_password(PASSWORD.as_bytes(), &salt)
        .unwrap()
        .to_string();
    LoginResponse {
        session_token: "0".repeat(64),
        staff: StaffInfo {
            id: Uuid::now_v7(),
            user_name: user.into(),
            display_name: "王窗口".into(),
            role: Role::Clerk,
            site_id: "site-a".into(),
        },
        expires_at: issued() + Duration::hours(12),
        offline_credential: OfflineCredential {
            password_hash: hash,
            issued_at: issued(),
        },
    }
}

async fn cached(dir: &tempfile::TempDir, user: &str) -> (Store, LoginResponse) {
    let store = open(dir).await;
    let login = login_response(user);
    store.cache_staff_credential(&login).await.unwrap();
    (store, login)
}

fn staff_error(r: Result<impl std::fmt::Debug, StaffLoginError>) -> StaffError {
    match r {
        Err(StaffLoginError::Staff(e)) => e,
        other => panic!("expected a staff refusal, got {other:?}"),
    }
}

#[tokio::test]
async fn the_right_password_logs_in_offline_with_the_cached_role() {
    let dir = tempfile::tempdir().unwrap();
    let (store, login) = cached(&dir, "wang").await;
    let session = store
        .staff_login_offline("wang", PASSWORD, issued() + Duration::hours(30))
        .await
        .unwrap();
    assert!(session.offline);
    assert_eq!(session.staff, login.staff);
    assert_eq!(session.session_token, None);
    assert!(session
        .require(borderdesk_core::staff::Permission::AssistApplication)
        .is_ok());
    assert_eq!(
        session.require(borderdesk_core::staff::Permission::ManageStaff),
        Err(StaffError::PermissionDenied)
    );
    let log = store.staff_audit_log().await.unwrap();
    assert_eq!(log.last().unwrap().action, "offline_login");
    assert_eq!(log.last().unwrap().staff_id, Some(login.staff.id));
}

#[tokio::test]
async fn a_wrong_password_and_an_unknown_user_are_refused_alike() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = cached(&dir, "wang").await;
    let now = issued() + Duration::hours(1);
    assert_eq!(
        staff_error(store.staff_login_offline("wang", "wrong", now).await),
        StaffError::LoginFailed
    );
    assert_eq!(
        staff_error(store.staff_login_offline("li", PASSWORD, now).await),
        StaffError::LoginFailed
    );
    let log = store.staff_audit_log().await.unwrap();
    assert!(
        log.iter().all(|e| e.user_name.as_deref() != Some("li")),
        "unknown names are not logged"
    );
}

#[tokio::test]
async fn an_offline_login_expires_seven_days_after_the_online_one() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = cached(&dir, "wang").await;
    let almost = issued() + Duration::days(7) - Duration::minutes(1);
    store
        .staff_login_offline("wang", PASSWORD, almost)
        .await
        .unwrap();
    let r = store
        .staff_login_offline("wang", PASSWORD, issued() + Duration::days(7))
        .await;
    let e = staff_error(r);
    assert_eq!(e, StaffError::OfflineLoginExpired);
    assert_eq!(e.code(), "error-offline-login-expired");

    // A new online login renews it.
    let mut renewed = login_response("wang");
    renewed.offline_credential.issued_at = issued() + Duration::days(7);
    store.cache_staff_credential(&renewed).await.unwrap();
    store
        .staff_login_offline("wang", PASSWORD, issued() + Duration::days(8))
        .await
        .unwrap();
}

#[tokio::test]
async fn five_wrong_passwords_lock_offline_logins_for_fifteen_minutes() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = cached(&dir, "wang").await;
    let t0 = issued() + Duration::hours(1);
    for i in 0..4 {
        let r = store
            .staff_login_offline("wang", "wrong", t0 + Duration::seconds(i))
            .await;
        assert_eq!(staff_error(r), StaffError::LoginFailed);
    }
    let fifth = store
        .staff_login_offline("wang", "wrong", t0 + Duration::seconds(4))
        .await;
    assert_eq!(
        staff_error(fifth),
        StaffError::AccountLocked { minutes: 15 }
    );
    let right = store
        .staff_login_offline("wang", PASSWORD, t0 + Duration::minutes(10))
        .await;
    assert_eq!(
        staff_error(right),
        StaffError::AccountLocked { minutes: 6 },
        "the right password waits too"
    );
    // The lock survives closing the app.
    store.close().await;
    let store = open(&dir).await;
    let still = store
        .staff_login_offline("wang", PASSWORD, t0 + Duration::minutes(14))
        .await;
    assert!(matches!(
        staff_error(still),
        StaffError::AccountLocked { .. }
    ));
    store
        .staff_login_offline("wang", PASSWORD, t0 + Duration::minutes(16))
        .await
        .unwrap();
    let actions: Vec<String> = store
        .staff_audit_log()
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert!(actions.contains(&"offline_account_locked".to_string()));
    assert!(actions.contains(&"offline_login_refused_locked".to_string()));
}

#[tokio::test]
async fn the_database_file_never_holds_the_password() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = cached(&dir, "wang").await;
    let now = issued() + Duration::hours(1);
    store
        .staff_login_offline("wang", PASSWORD, now)
        .await
        .unwrap();
    let _ = store
        .staff_login_offline("wang", "Typo-Password-Unique-9", now)
        .await;
    store.close().await;
    let mut raw = Vec::new();
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        raw.extend(std::fs::read(entry.unwrap().path()).unwrap_or_default());
    }
    let text = String::from_utf8_lossy(&raw);
    assert!(text.contains("$argon2id$"), "the hash is there");
    for secret in [PASSWORD, "Typo-Password-Unique-9"] {
        assert!(
            !text.contains(secret),
            "{secret} found in the database files"
        );
    }
}

#[test]
fn every_staff_refusal_and_role_has_a_message_in_every_language() {
    let refusals = [
        StaffError::LoginFailed,
        StaffError::AccountLocked { minutes: 12 },
        StaffError::OfflineLoginExpired,
        StaffError::PermissionDenied,
        StaffError::PasswordTooShort,
        StaffError::SessionExpired,
        StaffError::UserNameTaken,
    ];
    for tag in ["zh-CN", "zh-TW", "en"] {
        for e in &refusals {
            assert!(borderdesk_i18n::has(tag, e.code()), "{tag} {}", e.code());
        }
        for role in Role::ALL {
            assert!(borderdesk_i18n::has(tag, role.label_id()), "{tag} {role:?}");
        }
        let locked = StaffError::AccountLocked { minutes: 12 };
        let text = borderdesk_i18n::message(tag, locked.code(), &locked.args());
        assert!(text.contains("12"), "{tag}: {text}");
    }
    assert_eq!(
        borderdesk_i18n::message("zh-CN", "role-clerk", &[]),
        "窗口工作人员"
    );
}
