//! Offline staff logins against the cached credential, on a real SQLite file.

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::SaltString;
use argon2::{Argon2, PasswordHasher};
use borderdesk_core::staff::{Role, StaffError};
use borderdesk_local::staff::StaffLoginError;
use borderdesk_local::Store;
use borderdesk_protocol::{
    EnrollResponse, LoginResponse, MutationBody, OfflineCredential, StaffInfo,
};
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
            office_code: None,
        },
        expires_at: issued() + Duration::hours(12),
        offline_credential: OfflineCredential {
            password_hash: hash,
            issued_at: issued(),
        },
    }
}

/// This device, enrolled at `site`.
async fn enrolled_at(dir: &tempfile::TempDir, site: &str) -> Store {
    let store = open(dir).await;
    store
        .save_enrollment(
            "http://127.0.0.1:9",
            &EnrollResponse {
                device_id: Uuid::now_v7(),
                device_token: "d".repeat(64),
                device_code: 10001,
                site_id: site.into(),
                lan_key: None,
            },
        )
        .await
        .unwrap();
    store
}

async fn cached(dir: &tempfile::TempDir, user: &str) -> (Store, LoginResponse) {
    let store = enrolled_at(dir, "site-a").await;
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
    // The screens read what the role may do from the session, as the commands decide it.
    use borderdesk_core::staff::Permission;
    for p in Permission::ALL {
        assert_eq!(
            session.permissions.contains(&p),
            session.require(p).is_ok(),
            "{p:?}"
        );
    }
    assert!(session.permissions.contains(&Permission::VerifyMaterials));
    let log = store.staff_audit_log().await.unwrap();
    assert_eq!(log.last().unwrap().action, "offline_login");
    assert_eq!(log.last().unwrap().staff_id, Some(login.staff.id));
}

#[tokio::test]
async fn offline_a_wrong_password_is_refused_and_a_first_login_is_told_it_needs_the_network() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = cached(&dir, "wang").await;
    let now = issued() + Duration::hours(1);
    assert_eq!(
        staff_error(store.staff_login_offline("wang", "wrong", now).await),
        StaffError::LoginFailed
    );
    // Nobody called li ever logged in here: not "wrong password", but "needs the network".
    assert_eq!(
        staff_error(store.staff_login_offline("li", PASSWORD, now).await),
        StaffError::OfflineFirstLogin
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
        StaffError::WrongSite,
        StaffError::WrongOffice,
        StaffError::OfficeRequired,
        StaffError::OfficeNotForRole,
        StaffError::OfficeUnknown,
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
        assert!(borderdesk_i18n::has(tag, "error-staff-no-office"), "{tag}");
    }
    assert_eq!(
        borderdesk_i18n::message("zh-CN", "role-clerk", &[]),
        "窗口工作人员"
    );
}

#[tokio::test]
async fn a_credential_of_another_site_does_not_log_in_offline_here_but_an_admins_does() {
    let dir = tempfile::tempdir().unwrap();
    // The device was moved to site B after the clerk of site A logged in on it.
    let store = enrolled_at(&dir, "site-b").await;
    let clerk = login_response("wang");
    store.cache_staff_credential(&clerk).await.unwrap();
    let now = issued() + Duration::hours(1);
    let e = staff_error(store.staff_login_offline("wang", PASSWORD, now).await);
    assert_eq!(e, StaffError::WrongSite);
    assert_eq!(e.code(), "error-staff-wrong-site");
    // A wrong password says only that: the site is not revealed to a stranger.
    assert_eq!(
        staff_error(store.staff_login_offline("wang", "wrong", now).await),
        StaffError::LoginFailed
    );
    let log = store.staff_audit_log().await.unwrap();
    assert!(log
        .iter()
        .any(|e| e.action == "offline_login_refused_wrong_site"));
    assert!(log.iter().all(|e| e.action != "offline_login"));

    let mut admin = login_response("boss");
    admin.staff.role = Role::Admin;
    store.cache_staff_credential(&admin).await.unwrap();
    let session = store
        .staff_login_offline("boss", PASSWORD, now)
        .await
        .unwrap();
    assert_eq!(session.staff.role, Role::Admin);
}

#[tokio::test]
async fn an_unenrolled_device_logs_nobody_in_offline_but_an_admin() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir).await;
    store
        .cache_staff_credential(&login_response("wang"))
        .await
        .unwrap();
    let now = issued() + Duration::hours(1);
    assert_eq!(
        staff_error(store.staff_login_offline("wang", PASSWORD, now).await),
        StaffError::WrongSite
    );
}

#[tokio::test]
async fn the_cached_office_comes_back_with_an_offline_login() {
    let dir = tempfile::tempdir().unwrap();
    let store = enrolled_at(&dir, "site-a").await;
    let mut officer = login_response("wu");
    officer.staff.role = Role::LegalAidOfficer;
    officer.staff.office_code = Some("LA-330329".into());
    store.cache_staff_credential(&officer).await.unwrap();
    let session = store
        .staff_login_offline("wu", PASSWORD, issued() + Duration::hours(2))
        .await
        .unwrap();
    assert_eq!(session.staff, officer.staff);
    assert_eq!(session.staff.office_code.as_deref(), Some("LA-330329"));
}

#[tokio::test]
async fn every_line_of_the_login_log_waits_in_the_outbox_without_a_password() {
    let dir = tempfile::tempdir().unwrap();
    let (store, login) = cached(&dir, "wang").await;
    let now = issued() + Duration::hours(1);
    let _ = store
        .staff_login_offline("wang", "Typo-Password-Unique-9", now)
        .await;
    let _ = store.staff_login_offline("ghost", PASSWORD, now).await;
    store
        .staff_login_offline("wang", PASSWORD, now)
        .await
        .unwrap();

    let log = store.staff_audit_log().await.unwrap();
    assert_eq!(log.len(), 3);
    assert!(log.iter().all(|e| !e.uploaded), "nothing sent yet");
    let pending = store.pending(100).await.unwrap();
    let lines: Vec<_> = pending
        .iter()
        .filter_map(|e| match &e.mutation.body {
            MutationBody::StaffAudit { entry } => Some((e.mutation.id, entry.clone())),
            _ => None,
        })
        .collect();
    assert_eq!(lines.len(), 3, "one mutation per line, in order");
    let actions: Vec<&str> = lines.iter().map(|(_, e)| e.action.as_str()).collect();
    assert_eq!(
        actions,
        [
            "offline_login_failed",
            "offline_login_failed",
            "offline_login"
        ]
    );
    assert_eq!(lines[2].1.staff_id, Some(login.staff.id));
    assert_eq!(lines[2].1.user_name.as_deref(), Some("wang"));
    assert_eq!(lines[1].1.user_name, None, "an unknown name is not sent");
    assert_eq!(lines[0].1.detail["reason"], "wrong_password");
    let mutations: Vec<_> = pending.iter().map(|e| &e.mutation).collect();
    let text = serde_json::to_string(&mutations).unwrap();
    for secret in [PASSWORD, "Typo-Password-Unique-9", "ghost"] {
        assert!(!text.contains(secret), "{secret} in the outbox");
    }

    // The server took the first two: they are marked uploaded and leave the outbox.
    let answered: Vec<_> = lines[..2].iter().map(|(id, _)| (*id, Ok(()))).collect();
    store.record_results(&answered).await.unwrap();
    let log = store.staff_audit_log().await.unwrap();
    assert_eq!(
        log.iter().map(|e| e.uploaded).collect::<Vec<_>>(),
        [true, true, false]
    );
}

#[tokio::test]
async fn log_lines_written_before_the_upload_existed_go_out_with_the_next_one() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = cached(&dir, "wang").await;
    // A line from before the upgrade: no mutation.
    sqlx::query(
        "INSERT INTO staff_audit (at, staff_id, user_name, action, detail)
         VALUES ('2026-11-01T08:00:00.000000Z', NULL, 'wang', 'logout', '{\"offline\":true}')",
    )
    .execute(store.pool())
    .await
    .unwrap();
    store
        .staff_login_offline("wang", PASSWORD, issued() + Duration::hours(1))
        .await
        .unwrap();
    let pending = store.pending(100).await.unwrap();
    let actions: Vec<String> = pending
        .iter()
        .filter_map(|e| match &e.mutation.body {
            MutationBody::StaffAudit { entry } => Some(entry.action.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(actions, ["logout", "offline_login"], "in the log's order");
}

mod kiosk_seat {
    //! A kiosk lets a member of staff's session go: on the home screen, with a citizen flow,
    //! and when nobody touches the screen; a desk keeps it until logout.
    use super::*;
    use borderdesk_core::staff::{kiosk_staff_idle_limit, KioskSessionEnd, Permission};
    use borderdesk_local::staff::{SeatError, StaffSeat, StaffSession};
    use std::time::{Duration as Span, Instant};

    fn clerk() -> StaffSession {
        let staff = login_response("wang").staff;
        StaffSession {
            permissions: borderdesk_core::staff::permissions(staff.role),
            staff,
            offline: true,
            expires_at: None,
            session_token: None,
        }
    }

    fn logged_in(seat: &StaffSeat, at: Instant) {
        seat.log_in(clerk(), at);
        assert!(seat.require(Permission::ViewQueue, at).is_ok());
    }

    const EXPIRED: SeatError = SeatError::Staff(StaffError::SessionExpired);

    #[test]
    fn a_kiosk_staff_session_ends_when_the_home_screen_shows() {
        let seat = StaffSeat::kiosk(kiosk_staff_idle_limit(120));
        let now = Instant::now();
        logged_in(&seat, now);
        let ended = seat.end_on_kiosk(KioskSessionEnd::HomeShown);
        assert_eq!(ended.unwrap().staff.user_name, "wang");
        assert_eq!(seat.require(Permission::ViewQueue, now), Err(EXPIRED));
        assert_eq!(seat.require(Permission::VerifyMaterials, now), Err(EXPIRED));
        assert_eq!(seat.current(now), None);
        // Only a new login opens the desk again.
        logged_in(&seat, now);
    }

    #[test]
    fn a_kiosk_staff_session_ends_when_a_citizen_flow_starts() {
        let seat = StaffSeat::kiosk(kiosk_staff_idle_limit(120));
        let now = Instant::now();
        logged_in(&seat, now);
        assert!(seat
            .end_on_kiosk(KioskSessionEnd::CitizenFlowStarted)
            .is_some());
        assert_eq!(seat.require(Permission::ReprintReceipt, now), Err(EXPIRED));
        // Ending it again hands nothing back to log out.
        assert!(seat
            .end_on_kiosk(KioskSessionEnd::CitizenFlowStarted)
            .is_none());
    }

    #[test]
    fn a_kiosk_staff_session_ends_after_the_idle_limit_with_nobody_at_the_screen() {
        let limit = kiosk_staff_idle_limit(120);
        let seat = StaffSeat::kiosk(limit);
        let t0 = Instant::now();
        logged_in(&seat, t0);
        // Someone at the screen keeps it.
        seat.activity(t0 + limit - Span::from_secs(1));
        let later = t0 + limit + Span::from_secs(10);
        assert!(seat.require(Permission::ViewQueue, later).is_ok());
        assert!(seat.end_if_idle(later).is_none());
        // Nobody for the whole limit: refused, and a touch after that does not bring it back.
        let idle = t0 + limit * 2;
        assert_eq!(seat.require(Permission::ViewQueue, idle), Err(EXPIRED));
        seat.activity(idle);
        assert_eq!(seat.require(Permission::ViewQueue, idle), Err(EXPIRED));
        assert_eq!(seat.end_if_idle(idle).unwrap().staff.user_name, "wang");
        assert_eq!(seat.require(Permission::ViewQueue, idle), Err(EXPIRED));
    }

    #[test]
    fn a_desk_keeps_its_staff_session_until_logout() {
        let seat = StaffSeat::desk();
        let t0 = Instant::now();
        logged_in(&seat, t0);
        assert!(seat.end_on_kiosk(KioskSessionEnd::HomeShown).is_none());
        assert!(seat
            .end_on_kiosk(KioskSessionEnd::CitizenFlowStarted)
            .is_none());
        let much_later = t0 + Span::from_secs(8 * 3600);
        assert!(seat.end_if_idle(much_later).is_none());
        assert!(seat.require(Permission::ViewQueue, much_later).is_ok());
        assert!(seat.require_assisting(much_later).is_ok());
        assert_eq!(seat.log_out().unwrap().staff.user_name, "wang");
        assert_eq!(
            seat.require(Permission::ViewQueue, much_later),
            Err(SeatError::LoginRequired)
        );
    }

    #[test]
    fn a_kiosk_does_not_start_assisting() {
        let seat = StaffSeat::kiosk(kiosk_staff_idle_limit(120));
        let now = Instant::now();
        logged_in(&seat, now);
        assert_eq!(seat.require_assisting(now), Err(SeatError::NoAssistOnKiosk));
    }

    #[test]
    fn every_seat_refusal_has_a_message_in_every_language() {
        for tag in ["zh-CN", "zh-TW", "en"] {
            for e in [
                SeatError::LoginRequired,
                SeatError::NoAssistOnKiosk,
                EXPIRED,
            ] {
                assert!(borderdesk_i18n::has(tag, e.code()), "{tag} {}", e.code());
            }
        }
    }

    #[tokio::test]
    async fn a_session_a_kiosk_ended_is_in_the_login_log_with_its_reason() {
        let dir = tempfile::tempdir().unwrap();
        let (store, _) = cached(&dir, "wang").await;
        borderdesk_local::staff::staff_session_ended(
            &store,
            &clerk(),
            KioskSessionEnd::CitizenFlowStarted,
        )
        .await
        .unwrap();
        let last = store.staff_audit_log().await.unwrap().pop().unwrap();
        assert_eq!(last.action, "session_ended");
        assert!(
            last.detail.contains("kiosk_citizen_flow"),
            "{}",
            last.detail
        );
    }
}

/// A device clock set back used to revive an expired cached credential. The device keeps
/// the latest time its clock showed at a staff login, and time never runs back from it.
#[tokio::test]
async fn a_clock_set_back_does_not_revive_an_expired_offline_login() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = cached(&dir, "wang").await;
    let r = store
        .staff_login_offline("wang", PASSWORD, issued() + Duration::days(8))
        .await;
    assert_eq!(staff_error(r), StaffError::OfflineLoginExpired);
    // Someone sets the clock back to the day after the online login.
    let r = store
        .staff_login_offline("wang", PASSWORD, issued() + Duration::days(1))
        .await;
    assert_eq!(staff_error(r), StaffError::OfflineLoginExpired);
    store.close().await;
    let store = open(&dir).await;
    let r = store
        .staff_login_offline("wang", PASSWORD, issued() + Duration::hours(2))
        .await;
    assert_eq!(
        staff_error(r),
        StaffError::OfflineLoginExpired,
        "also after a restart"
    );
}
