//! Shared test support: a real server on 127.0.0.1:0 over a fresh PostgreSQL database.
#![allow(dead_code)]

use std::collections::BTreeMap;

use borderdesk_core::staff::Role;
use borderdesk_core::{Application, ApplicationStatus, CatalogItem, DeviceCode, TrackingNumber};
use borderdesk_protocol::{
    CreateStaffRequest, EnrollRequest, EnrollResponse, LoginRequest, LoginResponse, Mutation,
    MutationBody, PullResponse, PushRequest, PushResponse, PROTOCOL_HEADER, PROTOCOL_VERSION,
};
use borderdesk_server::{Config, RunningServer};
use borderdesk_testkit::TestPostgres;
use chrono::Utc;
use reqwest::StatusCode;
use uuid::Uuid;

pub const ADMIN: &str = "test-admin-token";

pub struct Harness {
    pub server: RunningServer,
    pub http: reqwest::Client,
    pub database_url: String,
}

pub async fn harness() -> Harness {
    let database_url = TestPostgres::shared().fresh_database().await;
    harness_on(database_url).await
}

pub async fn harness_on(database_url: String) -> Harness {
    let server = borderdesk_server::start(Config {
        database_url: database_url.clone(),
        listen: "127.0.0.1:0".parse().unwrap(),
        admin_token: ADMIN.into(),
    })
    .await
    .expect("server starts");
    Harness {
        server,
        http: reqwest::Client::new(),
        database_url,
    }
}

/// An enrolled device.
#[derive(Debug, Clone)]
pub struct Dev {
    pub id: Uuid,
    pub token: String,
    pub code: u32,
    pub site: String,
}

impl Harness {
    /// The server's own OpenAPI document.
    pub async fn openapi(&self) -> serde_json::Value {
        let r = self
            .http
            .get(self.url("/openapi.json"))
            .send()
            .await
            .unwrap();
        assert!(r.status().is_success(), "{}", r.status());
        r.json().await.unwrap()
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.server.url(), path)
    }

    pub async fn enroll(&self, site: &str) -> Dev {
        let r: EnrollResponse = self
            .http
            .post(self.url("/v1/devices"))
            .bearer_auth(ADMIN)
            .json(&EnrollRequest {
                name: format!("kiosk at {site}"),
                site_id: site.into(),
                provisional_code: None,
            })
            .send()
            .await
            .unwrap()
            .error_for_status()
            .unwrap()
            .json()
            .await
            .unwrap();
        Dev {
            id: r.device_id,
            token: r.device_token,
            code: r.device_code,
            site: r.site_id,
        }
    }

    pub async fn push_raw(&self, token: &str, mutations: Vec<Mutation>) -> reqwest::Response {
        self.http
            .post(self.url("/v1/sync/push"))
            .bearer_auth(token)
            .header(PROTOCOL_HEADER, PROTOCOL_VERSION.to_string())
            .json(&PushRequest {
                protocol: PROTOCOL_VERSION,
                mutations,
            })
            .send()
            .await
            .unwrap()
    }

    pub async fn push(&self, dev: &Dev, mutations: Vec<Mutation>) -> PushResponse {
        let r = self.push_raw(&dev.token, mutations).await;
        assert_eq!(r.status(), StatusCode::OK);
        r.json().await.unwrap()
    }

    pub async fn pull_raw(
        &self,
        dev: &Dev,
        cursor: Option<&str>,
        limit: Option<u32>,
    ) -> reqwest::Response {
        let mut q: Vec<(&str, String)> = Vec::new();
        if let Some(c) = cursor {
            q.push(("cursor", c.to_string()));
        }
        if let Some(l) = limit {
            q.push(("limit", l.to_string()));
        }
        self.http
            .get(self.url("/v1/sync/pull"))
            .bearer_auth(&dev.token)
            .header(PROTOCOL_HEADER, PROTOCOL_VERSION.to_string())
            .query(&q)
            .send()
            .await
            .unwrap()
    }

    pub async fn pull(&self, dev: &Dev, cursor: Option<&str>, limit: Option<u32>) -> PullResponse {
        let r = self.pull_raw(dev, cursor, limit).await;
        assert_eq!(r.status(), StatusCode::OK);
        r.json().await.unwrap()
    }

    pub async fn set_status(&self, number: &TrackingNumber, status: &str) -> reqwest::Response {
        self.http
            .post(self.url(&format!("/v1/admin/applications/{number}/status")))
            .bearer_auth(ADMIN)
            .json(&serde_json::json!({"status": status, "note": "test"}))
            .send()
            .await
            .unwrap()
    }
}

/// The password of staff accounts made by [`staff_session`].
pub const STAFF_PASSWORD: &str = "correct horse 7";

/// Creates a staff account at `dev`'s site and logs it in through `dev`; the session token.
pub async fn staff_session(h: &Harness, dev: &Dev, user: &str, role: Role) -> String {
    staff_session_at(h, dev, user, role, None).await
}

/// A member of staff of the device's site working for `office` (legal aid officers and notary
/// staff need one), logged in through the device.
pub async fn staff_session_at(
    h: &Harness,
    dev: &Dev,
    user: &str,
    role: Role,
    office: Option<&str>,
) -> String {
    let r = h
        .http
        .post(h.url("/v1/admin/staff"))
        .bearer_auth(ADMIN)
        .json(&CreateStaffRequest {
            user_name: user.into(),
            display_name: user.into(),
            role,
            site_id: dev.site.clone(),
            office_code: office.map(str::to_string),
            password: STAFF_PASSWORD.into(),
        })
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let r = h
        .http
        .post(h.url("/v1/sync/staff/login"))
        .bearer_auth(&dev.token)
        .header(PROTOCOL_HEADER, PROTOCOL_VERSION.to_string())
        .json(&LoginRequest {
            user_name: user.into(),
            password: STAFF_PASSWORD.into(),
        })
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    r.json::<LoginResponse>().await.unwrap().session_token
}

pub fn application(device_code: u32, sequence: u32) -> Application {
    let mut answers = BTreeMap::new();
    answers.insert("name".to_string(), "张三".to_string());
    Application {
        id: Uuid::now_v7(),
        tracking_number: TrackingNumber::issue(DeviceCode(device_code), sequence).unwrap(),
        item_code: "ZM-HJ-001".into(),
        answers,
        status: ApplicationStatus::Submitted,
        submitted_at: Utc::now(),
        assisted_by: None,
    }
}

pub fn submit(application: Application) -> Mutation {
    Mutation {
        id: Uuid::now_v7(),
        body: MutationBody::SubmitApplication { application },
    }
}

pub fn catalog_item(code: &str) -> CatalogItem {
    serde_json::from_value(serde_json::json!({
        "code": code,
        "name": {"zh-CN": format!("事项 {code}")},
        "category": "household",
        "handling_side": "zhejiang",
        "handling_office": {"zh-CN": "户籍窗口"},
        "mode": "collected_and_forwarded",
        "time_limit_working_days": 5,
        "materials": [],
        "questions": [{"id": "name", "kind": "name"}]
    }))
    .unwrap()
}
