//! The county console's API: logging in with a cookie, CSRF on every change, idle and
//! ended sessions, what each role may see, the fleet with what stands out, revoking a
//! device, accounts (create, reset, disable), the audit search and the figures.

mod common;

use borderdesk_core::legal_aid::LegalAidReference;
use borderdesk_core::staff::{ConsoleSection, Role};
use borderdesk_protocol::console::{CSRF_HEADER, SESSION_COOKIE};
use borderdesk_protocol::{
    codes, AuditLine, ConsoleSession, CreateStaffRequest, DeviceHealth, ErrorBody, Fleet,
    LegalAidFigures, LoginRequest, Page, PasswordReset, PrinterState, ScannerFolderState,
    StaffAccount, PROTOCOL_HEADER, PROTOCOL_VERSION,
};
use common::*;
use reqwest::{Method, StatusCode};

const PASSWORD: &str = "county console 1";
const LA_TAISHUN: &str = "LA-330329";

/// A logged-in browser: its cookie and its CSRF token.
struct Browser {
    cookie: String,
    session: ConsoleSession,
}

async fn account(h: &Harness, user: &str, role: Role, office: Option<&str>) {
    let r = h
        .http
        .post(h.url("/v1/admin/staff"))
        .bearer_auth(ADMIN)
        .json(&CreateStaffRequest {
            user_name: user.into(),
            display_name: format!("{user} 名"),
            role,
            site_id: "county".into(),
            office_code: office.map(str::to_string),
            password: PASSWORD.into(),
        })
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK, "{user}");
}

/// The sample legal aid reference (its offices: officers need one).
async fn legal_aid_offices(h: &Harness) {
    let reference: LegalAidReference =
        serde_json::from_str(include_str!("../../local/data/sample-legal-aid.json")).unwrap();
    borderdesk_server::import_legal_aid(h.server.pool(), &reference)
        .await
        .unwrap();
}

async fn login_raw(h: &Harness, user: &str, password: &str) -> reqwest::Response {
    h.http
        .post(h.url("/console/api/login"))
        .json(&LoginRequest {
            user_name: user.into(),
            password: password.into(),
        })
        .send()
        .await
        .unwrap()
}

fn cookie_of(r: &reqwest::Response) -> String {
    let set = r
        .headers()
        .get("set-cookie")
        .expect("a cookie is set")
        .to_str()
        .unwrap()
        .to_string();
    set.split(';').next().unwrap().to_string()
}

async fn login(h: &Harness, user: &str) -> Browser {
    let r = login_raw(h, user, PASSWORD).await;
    assert_eq!(r.status(), StatusCode::OK);
    let cookie = cookie_of(&r);
    Browser {
        cookie,
        session: r.json().await.unwrap(),
    }
}

impl Browser {
    fn request(&self, h: &Harness, method: Method, path: &str) -> reqwest::RequestBuilder {
        let r = h
            .http
            .request(method.clone(), h.url(path))
            .header("cookie", &self.cookie);
        if method == Method::GET {
            r
        } else {
            r.header(CSRF_HEADER, &self.session.csrf_token)
        }
    }

    async fn get(&self, h: &Harness, path: &str) -> reqwest::Response {
        self.request(h, Method::GET, path).send().await.unwrap()
    }

    /// A GET that must answer 200, read as `T`.
    async fn get_json<T: serde::de::DeserializeOwned>(&self, h: &Harness, path: &str) -> T {
        let r = self.get(h, path).await;
        assert_eq!(r.status(), StatusCode::OK, "{path}");
        r.json().await.unwrap()
    }

    async fn post(&self, h: &Harness, path: &str, body: serde_json::Value) -> reqwest::Response {
        self.request(h, Method::POST, path)
            .json(&body)
            .send()
            .await
            .unwrap()
    }
}

async fn code(r: reqwest::Response) -> String {
    r.json::<ErrorBody>().await.unwrap().code
}

fn health(oldest: Option<u64>, set_aside: u32) -> DeviceHealth {
    DeviceHealth {
        app_version: "0.3.0".into(),
        mode: "kiosk".into(),
        outbox_waiting: u32::from(oldest.is_some()),
        oldest_waiting_seconds: oldest,
        set_aside,
        last_error_code: None,
        free_disk_bytes: Some(50_000_000_000),
        printer: PrinterState::Ready,
        scanner_folder: ScannerFolderState::NotConfigured,
        clock_offset_ms: Some(20),
        update_refused: None,
    }
}

async fn report(h: &Harness, dev: &Dev, health: &DeviceHealth) {
    let r = h
        .http
        .post(h.url("/v1/sync/health"))
        .bearer_auth(&dev.token)
        .header(PROTOCOL_HEADER, PROTOCOL_VERSION.to_string())
        .json(health)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn a_login_sets_a_strict_http_only_cookie_and_the_session_reads_back() {
    let h = harness().await;
    account(&h, "admin1", Role::Admin, None).await;
    let r = login_raw(&h, "admin1", PASSWORD).await;
    assert_eq!(r.status(), StatusCode::OK);
    let set = r.headers()["set-cookie"].to_str().unwrap().to_string();
    for part in ["HttpOnly", "SameSite=Strict", "Secure", "Path=/console"] {
        assert!(set.contains(part), "{set} lacks {part}");
    }
    assert!(set.starts_with(&format!("{SESSION_COOKIE}=")));
    let cookie = cookie_of(&r);
    let session: ConsoleSession = r.json().await.unwrap();
    assert_eq!(session.staff.user_name, "admin1");
    assert_eq!(
        session.sections,
        vec![
            ConsoleSection::Fleet,
            ConsoleSection::Staff,
            ConsoleSection::Reference,
            ConsoleSection::Offices,
            ConsoleSection::Audit,
            ConsoleSection::Figures
        ]
    );
    // The token is only in the cookie: the database keeps its hash.
    let token = cookie.split_once('=').unwrap().1;
    let stored: i64 =
        sqlx::query_scalar("SELECT count(*) FROM console_sessions WHERE token_hash = $1")
            .bind(token)
            .fetch_one(h.server.pool())
            .await
            .unwrap();
    assert_eq!(stored, 0);
    let again: ConsoleSession = h
        .http
        .get(h.url("/console/api/session"))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(again.csrf_token, session.csrf_token);
    // No cookie, a made-up one: the session has ended (the page shows the login).
    for cookie in ["", "borderdesk_console=0123abcd"] {
        let r = h
            .http
            .get(h.url("/console/api/fleet"))
            .header("cookie", cookie)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(code(r).await, "error-staff-session-expired");
    }
}

#[tokio::test]
async fn wrong_passwords_lock_the_name_and_a_clerk_has_no_console() {
    let h = harness().await;
    account(&h, "admin1", Role::Admin, None).await;
    account(&h, "clerk1", Role::Clerk, None).await;
    let r = login_raw(&h, "clerk1", PASSWORD).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert!(r.headers().get("set-cookie").is_none());
    assert_eq!(code(r).await, "error-console-not-for-role");
    for _ in 0..4 {
        let r = login_raw(&h, "admin1", "not the password").await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(code(r).await, "error-login-failed");
    }
    // An unknown name reads the same as a wrong password.
    let r = login_raw(&h, "nobody", "not the password").await;
    assert_eq!(code(r).await, "error-login-failed");
    let r = login_raw(&h, "admin1", "not the password").await;
    assert_eq!(r.status(), StatusCode::LOCKED);
    assert!(r.headers().get("retry-after").is_some());
    // Even the right password waits out the lock.
    let r = login_raw(&h, "admin1", PASSWORD).await;
    assert_eq!(r.status(), StatusCode::LOCKED);
    // The console's lock is not the devices': the admin can still log in at a desk.
    let dev = h.enroll("county").await;
    let r = h
        .http
        .post(h.url("/v1/sync/staff/login"))
        .bearer_auth(&dev.token)
        .header(PROTOCOL_HEADER, PROTOCOL_VERSION.to_string())
        .json(&LoginRequest {
            user_name: "admin1".into(),
            password: PASSWORD.into(),
        })
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let actions: Vec<String> = sqlx::query_scalar(
        "SELECT action FROM audit_log WHERE detail ->> 'via' = 'console' ORDER BY id",
    )
    .fetch_all(h.server.pool())
    .await
    .unwrap();
    assert!(actions.contains(&"login_refused_console_role".to_string()));
    assert!(actions.contains(&"account_locked".to_string()));
    assert!(actions.contains(&"login_refused_locked".to_string()));
}

#[tokio::test]
async fn a_change_without_the_sessions_csrf_token_is_refused() {
    let h = harness().await;
    account(&h, "admin1", Role::Admin, None).await;
    let b = login(&h, "admin1").await;
    let dev = h.enroll("taishun-hall").await;
    let path = format!("/console/api/devices/{}/revoke", dev.id);
    for token in [None, Some("wrong"), Some("")] {
        let mut r = h.http.post(h.url(&path)).header("cookie", &b.cookie);
        if let Some(t) = token {
            r = r.header(CSRF_HEADER, t);
        }
        let r = r.send().await.unwrap();
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{token:?}");
        assert_eq!(code(r).await, codes::CSRF_TOKEN_INVALID);
    }
    assert_eq!(
        h.pull_raw(&dev, None, None).await.status(),
        StatusCode::OK,
        "nothing was revoked"
    );
    let r = b.post(&h, &path, serde_json::json!({})).await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn the_fleet_shows_what_needs_attention_and_a_revoked_device_is_refused() {
    let h = harness().await;
    account(&h, "admin1", Role::Admin, None).await;
    let b = login(&h, "admin1").await;
    let fine = h.enroll("taishun-hall").await;
    let stuck = h.enroll("luoyang-hall").await;
    let never = h.enroll("fuding-hall").await;
    report(&h, &fine, &health(None, 0)).await;
    report(&h, &stuck, &health(Some(3 * 3600), 2)).await;

    let fleet: Fleet = b.get_json(&h, "/console/api/fleet").await;
    assert_eq!(fleet.totals.devices, 3);
    assert_eq!(fleet.totals.silent, 1);
    assert_eq!(fleet.totals.outbox_stuck, 1);
    assert_eq!(fleet.totals.set_aside, 1);
    assert_eq!(fleet.silent_after_minutes, 24 * 60);
    let of = |id| {
        fleet
            .items
            .iter()
            .find(|d| d.device.device_id == id)
            .unwrap()
            .attention
            .iter()
            .map(|a| {
                serde_json::to_value(a)
                    .unwrap()
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .collect::<Vec<_>>()
    };
    assert!(of(fine.id).is_empty());
    assert_eq!(of(stuck.id), ["outbox_stuck", "set_aside"]);
    assert_eq!(of(never.id), ["silent"]);
    let reported = fleet
        .items
        .iter()
        .find(|d| d.device.device_id == stuck.id)
        .unwrap();
    assert_eq!(reported.device.health.as_ref().unwrap().set_aside, 2);

    // The filters narrow the list; pages follow one another.
    let silent: Fleet = b.get_json(&h, "/console/api/fleet?attention=silent").await;
    assert_eq!(silent.items.len(), 1);
    assert_eq!(silent.items[0].device.device_id, never.id);
    let first: Fleet = b.get_json(&h, "/console/api/fleet?limit=2").await;
    assert_eq!(first.items.len(), 2);
    let next = first.next.clone().expect("a second page");
    let second: Fleet = b
        .get_json(&h, &format!("/console/api/fleet?limit=2&after={next}"))
        .await;
    assert_eq!(second.items.len(), 1);
    assert!(second.next.is_none());
    let r = b.get(&h, "/console/api/fleet?attention=printer").await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);

    let r = b
        .post(
            &h,
            &format!("/console/api/devices/{}/revoke", stuck.id),
            serde_json::json!({}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        h.pull_raw(&stuck, None, None).await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(h.pull_raw(&fine, None, None).await.status(), StatusCode::OK);
    let r = b
        .post(
            &h,
            &format!("/console/api/devices/{}/revoke", stuck.id),
            serde_json::json!({}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND, "revoked already");
    let fleet: Fleet = b.get_json(&h, "/console/api/fleet").await;
    assert_eq!(fleet.totals.revoked, 1);
    assert_eq!(
        fleet.totals.outbox_stuck, 0,
        "a revoked device is no one's work"
    );
    let revoked = fleet
        .items
        .iter()
        .find(|d| d.device.device_id == stuck.id)
        .unwrap();
    assert!(revoked.device.revoked_at.is_some() && revoked.attention.is_empty());

    // The audit log says who revoked it.
    let lines: Page<AuditLine> = b
        .get_json(&h, &format!("/console/api/audit?subject={}", stuck.id))
        .await;
    assert_eq!(lines.items.len(), 1);
    assert_eq!(lines.items[0].entry.action, "device_revoked");
    assert_eq!(lines.items[0].user_name.as_deref(), Some("admin1"));
    assert_eq!(
        lines.items[0].device_name.as_deref(),
        Some("kiosk at luoyang-hall")
    );
}

#[tokio::test]
async fn accounts_are_made_reset_and_disabled_and_their_sessions_end() {
    let h = harness().await;
    account(&h, "admin1", Role::Admin, None).await;
    let b = login(&h, "admin1").await;
    let new = |user: &str, password: &str| {
        serde_json::to_value(CreateStaffRequest {
            user_name: user.into(),
            display_name: "王窗口".into(),
            role: Role::Clerk,
            site_id: "taishun-hall".into(),
            office_code: None,
            password: password.into(),
        })
        .unwrap()
    };
    let r = b
        .post(&h, "/console/api/staff", new("clerk1", "short"))
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(code(r).await, "error-password-too-short");
    let r = b
        .post(&h, "/console/api/staff", new("clerk1", PASSWORD))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let made: StaffAccount = r.json().await.unwrap();
    assert_eq!(made.staff.role, Role::Clerk);
    let r = b
        .post(&h, "/console/api/staff", new("clerk1", PASSWORD))
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let list: Page<StaffAccount> = b.get_json(&h, "/console/api/staff").await;
    let names: Vec<&str> = list
        .items
        .iter()
        .map(|a| a.staff.user_name.as_str())
        .collect();
    assert_eq!(names, ["admin1", "clerk1"]);

    // The clerk works at the desk of their site.
    let dev = h.enroll("taishun-hall").await;
    let desk_login = |password: &'static str| {
        h.http
            .post(h.url("/v1/sync/staff/login"))
            .bearer_auth(&dev.token)
            .header(PROTOCOL_HEADER, PROTOCOL_VERSION.to_string())
            .json(&LoginRequest {
                user_name: "clerk1".into(),
                password: password.into(),
            })
            .send()
    };
    let r = desk_login(PASSWORD).await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let desk_session = r
        .json::<borderdesk_protocol::LoginResponse>()
        .await
        .unwrap()
        .session_token;
    let me = || {
        h.http
            .get(h.url("/v1/sync/staff/me"))
            .bearer_auth(&dev.token)
            .header(PROTOCOL_HEADER, PROTOCOL_VERSION.to_string())
            .header(borderdesk_protocol::STAFF_HEADER, &desk_session)
            .send()
    };
    assert_eq!(me().await.unwrap().status(), StatusCode::OK);

    // A reset ends the desk session; the new password works, the old one not.
    let reset = serde_json::to_value(PasswordReset {
        password: "a new password 2".into(),
    })
    .unwrap();
    let r = b
        .post(&h, "/console/api/staff/clerk1/password", reset)
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_eq!(me().await.unwrap().status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        desk_login(PASSWORD).await.unwrap().status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        desk_login("a new password 2").await.unwrap().status(),
        StatusCode::OK
    );
    let r = b
        .post(
            &h,
            "/console/api/staff/nobody/password",
            serde_json::json!({"password": "long enough 1"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);

    // Nobody disables themselves; disabling another ends their console session.
    let r = b
        .post(
            &h,
            "/console/api/staff/admin1/disable",
            serde_json::json!({}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(code(r).await, "error-staff-disable-self");
    account(&h, "admin2", Role::Admin, None).await;
    let other = login(&h, "admin2").await;
    assert_eq!(
        other.get(&h, "/console/api/fleet").await.status(),
        StatusCode::OK
    );
    let r = b
        .post(
            &h,
            "/console/api/staff/admin2/disable",
            serde_json::json!({}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        other.get(&h, "/console/api/fleet").await.status(),
        StatusCode::UNAUTHORIZED
    );
    let list: Page<StaffAccount> = b.get_json(&h, "/console/api/staff").await;
    let admin2 = list
        .items
        .iter()
        .find(|a| a.staff.user_name == "admin2")
        .unwrap();
    assert!(admin2.disabled_at.is_some());

    // The audit log by person and by period.
    let by_admin: Page<AuditLine> = b.get_json(&h, "/console/api/audit?user_name=admin1").await;
    let actions: Vec<&str> = by_admin
        .items
        .iter()
        .map(|l| l.entry.action.as_str())
        .collect();
    assert!(actions.contains(&"password_reset"), "{actions:?}");
    assert!(actions.contains(&"staff_created"), "{actions:?}");
    assert!(actions.contains(&"staff_disabled"), "{actions:?}");
    assert!(actions.contains(&"login"), "{actions:?}");
    let of_clerk: Page<AuditLine> = b
        .get_json(&h, "/console/api/audit?user_name=clerk1&subject=clerk1")
        .await;
    assert!(of_clerk
        .items
        .iter()
        .all(|l| l.entry.subject.as_deref() == Some("clerk1")));
    let reset = of_clerk
        .items
        .iter()
        .find(|l| l.entry.action == "password_reset")
        .expect("the reset is in the clerk's lines");
    // The line is the clerk's; who did it is named too.
    assert_eq!(reset.user_name.as_deref(), Some("clerk1"));
    assert_eq!(reset.by_user_name.as_deref(), Some("admin1"));
    let future: Page<AuditLine> = b
        .get_json(&h, "/console/api/audit?from=2099-01-01&to=2099-01-31")
        .await;
    assert!(future.items.is_empty());
    let r = b
        .get(&h, "/console/api/audit?from=2026-02-01&to=2026-01-01")
        .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn an_office_officer_sees_only_the_figures_of_their_office() {
    let h = harness().await;
    legal_aid_offices(&h).await;
    account(&h, "officer1", Role::LegalAidOfficer, Some(LA_TAISHUN)).await;
    let b = login(&h, "officer1").await;
    assert_eq!(
        b.session.sections,
        vec![ConsoleSection::Offices, ConsoleSection::Figures]
    );
    for path in [
        "/console/api/fleet",
        "/console/api/staff",
        "/console/api/audit",
    ] {
        let r = b.get(&h, path).await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{path}");
        assert_eq!(code(r).await, "error-permission-denied");
    }
    let figures: LegalAidFigures = b
        .get_json(
            &h,
            "/console/api/figures/legal-aid?from=2026-01-01&to=2026-12-31",
        )
        .await;
    assert_eq!(figures.offices.len(), 1);
    assert_eq!(figures.offices[0].office_code, LA_TAISHUN);
    let r = b
        .get(
            &h,
            "/console/api/figures/legal-aid?from=2026-01-01&to=2026-12-31&office_code=LA-350982",
        )
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = b
        .get(
            &h,
            "/console/api/figures/legal-aid.csv?from=2026-01-01&to=2026-12-31&lang=en",
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    let csv = r.text().await.unwrap();
    assert!(csv.starts_with('\u{feff}'), "Excel reads the BOM");
    assert!(csv.contains(LA_TAISHUN) && !csv.contains("LA-350982"));
}

#[tokio::test]
async fn a_session_ends_at_logout_and_after_its_idle_time() {
    let h = harness().await;
    account(&h, "admin1", Role::Admin, None).await;
    let b = login(&h, "admin1").await;
    let r = b
        .post(&h, "/console/api/logout", serde_json::json!({}))
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert!(r.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .contains("Max-Age=0"));
    assert_eq!(
        b.get(&h, "/console/api/fleet").await.status(),
        StatusCode::UNAUTHORIZED
    );

    let b = login(&h, "admin1").await;
    assert_eq!(
        b.get(&h, "/console/api/fleet").await.status(),
        StatusCode::OK
    );
    sqlx::query("UPDATE console_sessions SET last_used_at = now() - interval '31 minutes'")
        .execute(h.server.pool())
        .await
        .unwrap();
    assert_eq!(
        b.get(&h, "/console/api/fleet").await.status(),
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn the_page_is_served_with_a_strict_content_security_policy() {
    let h = harness().await;
    for path in ["/console", "/console/fleet", "/console/assets/missing.js"] {
        let r = h.http.get(h.url(path)).send().await.unwrap();
        // 200 with the built page, 503 with a note when ui/console was not built.
        assert!(
            [StatusCode::OK, StatusCode::SERVICE_UNAVAILABLE].contains(&r.status()),
            "{path}: {}",
            r.status()
        );
        let csp = r.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .to_string();
        assert!(csp.contains("default-src 'self'") && csp.contains("frame-ancestors 'none'"));
        assert_eq!(r.headers()["x-frame-options"], "DENY");
        assert!(r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html"));
    }
    let r = h
        .http
        .get(h.url("/console/api/messages/en"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r
        .text()
        .await
        .unwrap()
        .contains("error-console-not-for-role"));
}

impl Browser {
    async fn upload(&self, h: &Harness, path: &str, body: &str) -> reqwest::Response {
        self.request(h, Method::POST, path)
            .header("content-type", "text/csv")
            .body(body.to_string())
            .send()
            .await
            .unwrap()
    }

    /// An upload that must answer 200, read as `T`.
    async fn upload_json<T: serde::de::DeserializeOwned>(
        &self,
        h: &Harness,
        path: &str,
        body: &str,
    ) -> T {
        let r = self.upload(h, path, body).await;
        assert_eq!(r.status(), StatusCode::OK, "{path}");
        r.json().await.unwrap()
    }
}

const CSV_HEADER: &str =
    "code,name_zh_cn,category,handling_side,handling_office_zh_cn,mode,time_limit_working_days";

/// Every catalog change a fresh device pulls: the items it is given and the codes withdrawn.
async fn pulled_catalog(h: &Harness, dev: &Dev) -> (Vec<(String, u32)>, Vec<String>) {
    let (mut items, mut removed, mut cursor) = (Vec::new(), Vec::new(), None::<String>);
    loop {
        let page = h.pull(dev, cursor.as_deref(), Some(500)).await;
        for c in &page.changes {
            match c {
                borderdesk_protocol::Change::CatalogItem { item } => {
                    items.push((item.code.clone(), item.time_limit_working_days))
                }
                borderdesk_protocol::Change::CatalogItemRemoved { code } => {
                    removed.push(code.clone())
                }
                _ => {}
            }
        }
        cursor = Some(page.cursor);
        if !page.has_more {
            return (items, removed);
        }
    }
}

#[tokio::test]
async fn a_catalog_file_is_checked_imported_compared_and_gone_back_from() {
    use borderdesk_protocol::{CatalogCheck, CatalogVersion, CatalogVersionDiff};
    let h = harness().await;
    legal_aid_offices(&h).await;
    account(&h, "admin1", Role::Admin, None).await;
    account(&h, "officer1", Role::LegalAidOfficer, Some(LA_TAISHUN)).await;
    let b = login(&h, "admin1").await;
    assert!(b.session.sections.contains(&ConsoleSection::Reference));
    let good = format!(
        "{CSV_HEADER}\nZM-T-001,测试事项一,household,zhejiang,泰顺县公安局,collected_and_forwarded,3\n\
         ZM-T-002,测试事项二,household,fujian,福鼎市公安局,fully_online,1\n"
    );

    // A bad row: every problem named with its line and column, and nothing changes.
    let bad = format!("{good}ZM-T-003,测试事项三,household,zhejiang,泰顺县公安局,by_pigeon,2\n");
    let check: CatalogCheck = b
        .upload_json(&h, "/console/api/catalog/check?name=items.csv", &bad)
        .await;
    assert_eq!(check.errors.len(), 1, "{check:?}");
    assert_eq!(check.errors[0].row, 4);
    assert_eq!(check.errors[0].column.as_deref(), Some("mode"));
    let r = b
        .upload(&h, "/console/api/catalog/import?name=items.csv", &bad)
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(code(r).await, codes::CATALOG_FILE_BAD);
    let versions: Page<CatalogVersion> = b.get_json(&h, "/console/api/catalog/versions").await;
    assert!(versions.items.is_empty(), "a refused file makes no version");

    // The good file: the check says what it adds, the import makes version 1 by admin1.
    let check: CatalogCheck = b
        .upload_json(&h, "/console/api/catalog/check?name=items.csv", &good)
        .await;
    assert!(check.errors.is_empty() && check.rows == 2);
    assert_eq!(check.diff.added.len(), 2);
    // Without the CSRF token nothing is imported.
    let r = h
        .http
        .post(h.url("/console/api/catalog/import?name=items.csv"))
        .header("cookie", &b.cookie)
        .body(good.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let v1: CatalogVersion = b
        .upload_json(&h, "/console/api/catalog/import?name=items.csv", &good)
        .await;
    assert_eq!((v1.rows, v1.changed, v1.kept), (2, 2, true));
    assert_eq!(v1.by_user_name.as_deref(), Some("admin1"));

    // A change and an addition: the check names the changed field; version 2.
    let next = format!(
        "{CSV_HEADER}\nZM-T-001,测试事项一,household,zhejiang,泰顺县公安局,collected_and_forwarded,5\n\
         ZM-T-004,测试事项四,household,zhejiang,泰顺县民政局,fully_online,2\n"
    );
    let check: CatalogCheck = b
        .upload_json(&h, "/console/api/catalog/check?name=items.csv", &next)
        .await;
    assert_eq!(check.diff.changed.len(), 1);
    assert_eq!(check.diff.changed[0].fields, ["time_limit_working_days"]);
    assert_eq!(check.diff.added[0].code, "ZM-T-004");
    let v2: CatalogVersion = b
        .upload_json(&h, "/console/api/catalog/import?name=items.csv", &next)
        .await;
    let d: CatalogVersionDiff = b
        .get_json(
            &h,
            &format!("/console/api/catalog/versions/{}/diff", v2.version),
        )
        .await;
    assert_eq!(d.against, Some(v1.version));
    assert_eq!(d.diff.added.len(), 1);
    assert_eq!(d.diff.changed.len(), 1);
    assert_eq!(d.diff.unchanged, 1, "ZM-T-002 stayed");

    // Not while an application for ZM-T-004 (added in version 2) is being handled.
    let application = uuid::Uuid::now_v7();
    sqlx::query(
        "INSERT INTO applications (id, tracking_number, device_id, site_id, item_code, answers,
                                   status, submitted_at)
         VALUES ($1, '100010000017', $1, 'luoyang-hall', 'ZM-T-004', '{}', 'accepted', now())",
    )
    .bind(application)
    .execute(h.server.pool())
    .await
    .unwrap();
    let restore = format!("/console/api/catalog/versions/{}/restore", v1.version);
    let r = b.post(&h, &restore, serde_json::json!({})).await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert_eq!(code(r).await, codes::CATALOG_ITEMS_IN_USE);
    sqlx::query("UPDATE applications SET status = 'completed' WHERE id = $1")
        .bind(application)
        .execute(h.server.pool())
        .await
        .unwrap();

    // Back to version 1: ZM-T-004 is withdrawn and ZM-T-001 is 3 days again, for devices too.
    let v3: CatalogVersion = b
        .post(
            &h,
            &format!("/console/api/catalog/versions/{}/restore", v1.version),
            serde_json::json!({}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v3.restored_from, Some(v1.version));
    assert_eq!(v3.changed, 2);
    let dev = h.enroll("luoyang-hall").await;
    let (items, removed) = pulled_catalog(&h, &dev).await;
    assert_eq!(removed, ["ZM-T-004"]);
    let last = |code: &str| items.iter().rev().find(|(c, _)| c == code).map(|(_, d)| *d);
    assert_eq!(last("ZM-T-001"), Some(3));
    let versions: Page<CatalogVersion> = b
        .get_json(&h, "/console/api/catalog/versions?limit=2")
        .await;
    assert_eq!(
        versions.items.iter().map(|v| v.version).collect::<Vec<_>>(),
        [v3.version, v2.version],
        "newest first"
    );
    let rest: Page<CatalogVersion> = b
        .get_json(
            &h,
            &format!(
                "/console/api/catalog/versions?limit=2&after={}",
                versions.next.unwrap()
            ),
        )
        .await;
    assert_eq!(rest.items.len(), 1);
    assert!(rest.next.is_none());

    // The audit log has both, by admin1.
    let lines: Page<AuditLine> = b.get_json(&h, "/console/api/audit?user_name=admin1").await;
    let actions: Vec<&str> = lines
        .items
        .iter()
        .map(|l| l.entry.action.as_str())
        .collect();
    assert!(actions.contains(&"catalog_imported") && actions.contains(&"catalog_restored"));

    // An unknown version; an officer may not touch the catalog.
    let r = b.get(&h, "/console/api/catalog/versions/999/diff").await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let o = login(&h, "officer1").await;
    let r = o
        .upload(&h, "/console/api/catalog/check?name=items.csv", &good)
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(code(r).await, "error-permission-denied");
}

#[tokio::test]
async fn a_version_from_before_the_console_kept_no_catalog() {
    let h = harness().await;
    account(&h, "admin1", Role::Admin, None).await;
    let b = login(&h, "admin1").await;
    // An import from the shell, then that version's copy gone as in a database from before.
    borderdesk_server::import_catalog(h.server.pool(), &[catalog_item("ZM-OLD-1")])
        .await
        .unwrap();
    sqlx::query("UPDATE catalog_versions SET snapshot = NULL")
        .execute(h.server.pool())
        .await
        .unwrap();
    let r = b
        .post(
            &h,
            "/console/api/catalog/versions/1/restore",
            serde_json::json!({}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert_eq!(code(r).await, codes::CATALOG_VERSION_NOT_KEPT);
}

/// Reads the QR code of an SVG made by the server (one `M{x} {y}h1v1h-1z` square per dark
/// module): drawn at 4 px a module and decoded.
fn decode_qr_svg(svg: &str) -> String {
    let size: usize = svg
        .split("viewBox=\"0 0 ")
        .nth(1)
        .and_then(|r| r.split(' ').next())
        .and_then(|n| n.parse().ok())
        .expect("a square viewBox");
    let path = svg
        .split(" d=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    let mut dark = vec![false; size * size];
    for square in path.split('M').filter(|s| !s.is_empty()) {
        let xy = square.trim_end_matches("h1v1h-1z");
        let (x, y) = xy.split_once(' ').unwrap();
        dark[y.parse::<usize>().unwrap() * size + x.parse::<usize>().unwrap()] = true;
    }
    let scale = 4;
    let w = size * scale;
    let mut img = rqrr::PreparedImage::prepare_from_greyscale(w, w, |x, y| {
        if dark[(y / scale) * size + x / scale] {
            0
        } else {
            255
        }
    });
    let grids = img.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code");
    grids[0].decode().expect("the QR code decodes").1
}

/// An enrollment code made in the console for a device at luoyang-hall.
async fn make_code(h: &Harness, b: &Browser, name: &str) -> borderdesk_protocol::NewEnrollmentCode {
    let r = b
        .post(
            h,
            "/console/api/enrollment-codes",
            serde_json::json!({ "site_id": "luoyang-hall", "name": name }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    r.json().await.unwrap()
}

async fn redeem(h: &Harness, code: &str) -> reqwest::Response {
    h.http
        .post(h.url("/v1/devices/enroll"))
        .json(&serde_json::json!({ "code": code, "provisional_code": null }))
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_device_enrolls_once_with_a_code_made_in_the_console() {
    use borderdesk_protocol::{EnrollResponse, NewEnrollmentCode, PendingEnrollment};
    let h = harness().await;
    account(&h, "admin1", Role::Admin, None).await;
    let b = login(&h, "admin1").await;
    let made: NewEnrollmentCode = make_code(&h, &b, "罗阳 自助机7").await;
    assert_eq!(made.pending.site_id, "luoyang-hall");
    assert_eq!(made.pending.created_by.as_deref(), Some("admin1"));
    assert!(made.pending.expires_at > made.pending.created_at + chrono::Duration::minutes(59));
    // The QR code says the code and where to redeem it.
    assert_eq!(decode_qr_svg(&made.qr_svg), made.ticket);
    assert_eq!(
        made.ticket,
        format!("borderdesk-enroll:{}@{}", made.code, h.url(""))
    );
    let open: Page<PendingEnrollment> = b.get_json(&h, "/console/api/enrollment-codes").await;
    assert_eq!(open.items.len(), 1);

    // A typo is caught by the check character; a well-formed stranger is unknown.
    let mut typo: Vec<char> = made.code.chars().collect();
    typo[0] = if typo[0] == '7' { '8' } else { '7' };
    let r = redeem(&h, &typo.into_iter().collect::<String>()).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(code(r).await, "error-enrollment-code-check");
    let stranger = borderdesk_core::enrollment::EnrollmentCode::generate();
    let r = redeem(&h, stranger.as_str()).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert_eq!(code(r).await, codes::ENROLLMENT_CODE_UNKNOWN);

    // Typed in lower case without the dash, it enrolls the device at the code's site.
    let r = redeem(&h, &made.code.replace('-', "").to_lowercase()).await;
    assert_eq!(r.status(), StatusCode::OK);
    let enrolled: EnrollResponse = r.json().await.unwrap();
    assert_eq!(enrolled.site_id, "luoyang-hall");
    let dev = Dev {
        id: enrolled.device_id,
        token: enrolled.device_token.clone(),
        code: enrolled.device_code,
        site: enrolled.site_id.clone(),
    };
    assert_eq!(
        h.pull_raw(&dev, None, Some(1)).await.status(),
        StatusCode::OK
    );
    // Once only.
    let r = redeem(&h, &made.code).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let open: Page<PendingEnrollment> = b.get_json(&h, "/console/api/enrollment-codes").await;
    assert!(open.items.is_empty());
    let lines: Page<AuditLine> = b.get_json(&h, "/console/api/audit?user_name=admin1").await;
    let actions: Vec<&str> = lines
        .items
        .iter()
        .map(|l| l.entry.action.as_str())
        .collect();
    assert!(
        actions.contains(&"enrollment_code_created") && actions.contains(&"device_enrolled"),
        "{actions:?}"
    );

    // A cancelled code enrolls nothing.
    let second: NewEnrollmentCode = make_code(&h, &b, "罗阳 自助机8").await;
    let r = b
        .post(
            &h,
            &format!("/console/api/enrollment-codes/{}/cancel", second.pending.id),
            serde_json::json!({}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        redeem(&h, &second.code).await.status(),
        StatusCode::NOT_FOUND
    );

    // A code stops working when the admin who made it is disabled.
    account(&h, "admin2", Role::Admin, None).await;
    let b2 = login(&h, "admin2").await;
    let theirs = make_code(&h, &b2, "罗阳 自助机9").await;
    let r = b
        .post(
            &h,
            "/console/api/staff/admin2/disable",
            serde_json::json!({}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let r = redeem(&h, &theirs.code).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert_eq!(code(r).await, codes::ENROLLMENT_CODE_UNKNOWN);
}

#[tokio::test]
async fn enrollment_codes_are_limited_in_number_and_in_tries() {
    let h = harness().await;
    legal_aid_offices(&h).await;
    account(&h, "admin1", Role::Admin, None).await;
    account(&h, "officer1", Role::LegalAidOfficer, Some(LA_TAISHUN)).await;
    let b = login(&h, "admin1").await;
    let make = |name: String| {
        let b = &b;
        let h = &h;
        async move {
            b.post(
                h,
                "/console/api/enrollment-codes",
                serde_json::json!({ "site_id": "luoyang-hall", "name": name }),
            )
            .await
        }
    };
    for i in 0..50 {
        assert_eq!(make(format!("kiosk {i}")).await.status(), StatusCode::OK);
    }
    let r = make("one too many".into()).await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert_eq!(code(r).await, codes::ENROLLMENT_CODES_TOO_MANY);
    let r = make(String::new()).await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST, "a device needs a name");

    // Guessing: twenty tries an hour from one address, then 429 even for a good code.
    for _ in 0..20 {
        let guess = borderdesk_core::enrollment::EnrollmentCode::generate();
        assert_eq!(
            redeem(&h, guess.as_str()).await.status(),
            StatusCode::NOT_FOUND
        );
    }
    let r = redeem(
        &h,
        borderdesk_core::enrollment::EnrollmentCode::generate().as_str(),
    )
    .await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(r.headers().contains_key("retry-after"));

    // An officer cannot make codes.
    let o = login(&h, "officer1").await;
    let r = o
        .post(
            &h,
            "/console/api/enrollment-codes",
            serde_json::json!({ "site_id": "x", "name": "y" }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn office_pages_are_read_by_admins_and_by_the_offices_own_staff() {
    use borderdesk_protocol::{ConsoleOffices, OfficeOverdue, SlotAvailability, SmsReport};
    let h = harness().await;
    legal_aid_offices(&h).await;
    let notary: borderdesk_core::notary::NotaryReference =
        serde_json::from_str(include_str!("../../local/data/sample-notary.json")).unwrap();
    borderdesk_server::import_notary(h.server.pool(), &notary)
        .await
        .unwrap();
    account(&h, "admin1", Role::Admin, None).await;
    account(&h, "notary1", Role::NotaryStaff, Some("GZC-330329")).await;
    account(&h, "officer1", Role::LegalAidOfficer, Some(LA_TAISHUN)).await;

    // An admin sees every office and reads any office's pages.
    let admin = login(&h, "admin1").await;
    let all: ConsoleOffices = admin.get_json(&h, "/console/api/offices").await;
    assert_eq!(all.notary.len(), notary.offices.len());
    assert!(all.legal_aid.len() > 1);
    let calendar: SlotAvailability = admin
        .get_json(&h, "/console/api/offices/notary/GZC-350982/calendar")
        .await;
    assert!(!calendar.slots.is_empty(), "the coming weeks have slots");
    let _: OfficeOverdue = admin
        .get_json(
            &h,
            &format!("/console/api/offices/legal-aid/{LA_TAISHUN}/overdue"),
        )
        .await;
    let r = admin
        .get(&h, "/console/api/offices/notary/GZC-000000/calendar")
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);

    // Notary staff: their own office only, and no legal aid office.
    let n = login(&h, "notary1").await;
    assert_eq!(n.session.sections, vec![ConsoleSection::Offices]);
    let own: ConsoleOffices = n.get_json(&h, "/console/api/offices").await;
    assert_eq!(
        own.notary
            .iter()
            .map(|o| o.code.as_str())
            .collect::<Vec<_>>(),
        ["GZC-330329"]
    );
    assert!(own.legal_aid.is_empty());
    let _: SlotAvailability = n
        .get_json(&h, "/console/api/offices/notary/GZC-330329/calendar")
        .await;
    let sms: SmsReport = n
        .get_json(
            &h,
            "/console/api/offices/notary/GZC-330329/sms?date=2026-12-07&limit=10",
        )
        .await;
    assert!(sms.messages.is_empty() && sms.next.is_none());
    for (path, expected) in [
        (
            "/console/api/offices/notary/GZC-350982/calendar",
            "error-staff-wrong-office",
        ),
        (
            "/console/api/offices/legal-aid/LA-330329/overdue",
            "error-permission-denied",
        ),
        ("/console/api/fleet", "error-permission-denied"),
    ] {
        let r = n.get(&h, path).await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{path}");
        assert_eq!(code(r).await, expected, "{path}");
    }
    // A legal aid officer: their own office's list.
    let o = login(&h, "officer1").await;
    let own: ConsoleOffices = o.get_json(&h, "/console/api/offices").await;
    assert!(own.notary.is_empty());
    assert_eq!(own.legal_aid.len(), 1);
    let r = o
        .get(&h, "/console/api/offices/notary/GZC-330329/calendar")
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn an_account_is_given_a_new_role_site_and_office_but_not_by_itself() {
    use borderdesk_protocol::StaffInfo;
    let h = harness().await;
    legal_aid_offices(&h).await;
    account(&h, "admin1", Role::Admin, None).await;
    account(&h, "clerk1", Role::Clerk, None).await;
    let b = login(&h, "admin1").await;
    // A clerk has no console; as a legal aid officer they will.
    assert_eq!(
        login_raw(&h, "clerk1", PASSWORD).await.status(),
        StatusCode::FORBIDDEN
    );
    let path = "/console/api/staff/clerk1/assignment";
    let r = b
        .post(
            &h,
            path,
            serde_json::json!({ "role": "legal_aid_officer", "site_id": "county" }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(code(r).await, "error-staff-office-required");
    let r = b
        .post(
            &h,
            path,
            serde_json::json!({ "role": "legal_aid_officer", "site_id": "taishun-luoyang",
                                "office_code": LA_TAISHUN }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let info: StaffInfo = r.json().await.unwrap();
    assert_eq!(info.role, Role::LegalAidOfficer);
    assert_eq!(info.site_id, "taishun-luoyang");
    let officer = login(&h, "clerk1").await;
    assert_eq!(
        officer.session.staff.office_code.as_deref(),
        Some(LA_TAISHUN)
    );
    let accounts: Page<StaffAccount> = b.get_json(&h, "/console/api/staff").await;
    let listed = accounts
        .items
        .iter()
        .find(|a| a.staff.user_name == "clerk1")
        .unwrap();
    assert_eq!(listed.staff.role, Role::LegalAidOfficer);
    // Reassigned again, their console session ends.
    let r = b
        .post(
            &h,
            path,
            serde_json::json!({ "role": "clerk", "site_id": "taishun-luoyang" }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        officer.get(&h, "/console/api/session").await.status(),
        StatusCode::UNAUTHORIZED
    );

    // Not one's own role; not an account that is not there.
    let r = b
        .post(
            &h,
            "/console/api/staff/admin1/assignment",
            serde_json::json!({ "role": "clerk", "site_id": "county" }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(code(r).await, "error-staff-change-own-role");
    let r = b
        .post(
            &h,
            "/console/api/staff/nobody/assignment",
            serde_json::json!({ "role": "clerk", "site_id": "county" }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let lines: Page<AuditLine> = b.get_json(&h, "/console/api/audit?subject=clerk1").await;
    let reassigned = lines
        .items
        .iter()
        .filter(|l| l.entry.action == "staff_reassigned")
        .count();
    assert_eq!(reassigned, 2);
}

#[tokio::test]
async fn the_countys_ratings_are_counted_per_service_and_level_for_admins_only() {
    use borderdesk_core::rating::{RatedService, RatingLevel};
    use borderdesk_protocol::{Mutation, MutationBody, RatingFigures, RatingUpload};
    let h = harness().await;
    borderdesk_server::import_catalog(h.server.pool(), &[catalog_item("ZM-HJ-001")])
        .await
        .unwrap();
    let kiosk = h.enroll("luoyang").await;
    let rate = |number: &str, level: RatingLevel, reasons: &[&str]| Mutation {
        id: uuid::Uuid::now_v7(),
        body: MutationBody::SubmitRating {
            rating: RatingUpload {
                id: uuid::Uuid::now_v7(),
                service: RatedService::Application,
                tracking_number: number.to_string(),
                level,
                reasons: reasons.iter().map(|r| r.to_string()).collect(),
                rated_at: chrono::Utc::now(),
            },
        },
    };
    let levels = [
        RatingLevel::VerySatisfied,
        RatingLevel::Satisfied,
        RatingLevel::Satisfied,
        RatingLevel::Dissatisfied,
    ];
    for (i, level) in levels.into_iter().enumerate() {
        let app = application(kiosk.code, i as u32 + 1);
        let number = app.tracking_number.as_str().to_string();
        h.push(&kiosk, vec![submit(app)]).await;
        let reasons: &[&str] = if level.is_poor() { &["long_wait"] } else { &[] };
        let r = h.push(&kiosk, vec![rate(&number, level, reasons)]).await;
        assert_eq!(r.results[0].outcome, borderdesk_protocol::Outcome::Applied);
    }
    account(&h, "admin1", Role::Admin, None).await;
    let admin = login(&h, "admin1").await;
    let today = borderdesk_core::validate::today_in_china();
    let figures: RatingFigures = admin
        .get_json(
            &h,
            &format!("/console/api/figures/ratings?from={today}&to={today}"),
        )
        .await;
    let services: Vec<RatedService> = figures.services.iter().map(|s| s.service).collect();
    assert_eq!(services, RatedService::ALL, "every service, rated or not");
    let apps = &figures.services[0];
    assert_eq!(
        (
            apps.given,
            apps.very_satisfied,
            apps.satisfied,
            apps.dissatisfied
        ),
        (4, 1, 2, 1)
    );
    assert_eq!((apps.followed_up, apps.follow_up_overdue), (0, 0));
    assert_eq!(apps.satisfied_percent, Some(75.0));
    assert_eq!(figures.services[1].given, 0);
    assert_eq!(figures.services[1].satisfied_percent, None);
    // Another period counts none of them.
    let before: RatingFigures = admin
        .get_json(
            &h,
            "/console/api/figures/ratings?from=2026-01-01&to=2026-01-31",
        )
        .await;
    assert!(before.services.iter().all(|s| s.given == 0));
    let r = admin
        .get(
            &h,
            "/console/api/figures/ratings?from=2026-02-01&to=2026-01-01",
        )
        .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    // An office's officer has the office's own (in its legal aid figures), not the county's.
    legal_aid_offices(&h).await;
    account(&h, "officer1", Role::LegalAidOfficer, Some(LA_TAISHUN)).await;
    let officer = login(&h, "officer1").await;
    let r = officer
        .get(
            &h,
            &format!("/console/api/figures/ratings?from={today}&to={today}"),
        )
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    // Without a session: 401.
    let r = h
        .http
        .get(h.url("/console/api/figures/ratings?from=2026-01-01&to=2026-01-31"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
}
