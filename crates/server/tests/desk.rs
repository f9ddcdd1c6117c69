//! The clerk desk on a real server and PostgreSQL: the site's one queue, opening an
//! application, checking its materials, accepting it, and applications filled in for a citizen
//! (代办).

mod common;

use borderdesk_core::materials::{MaterialCheck, MaterialCheckEntry};
use borderdesk_core::staff::Role;
use borderdesk_core::{AssistedBy, CatalogItem};
use borderdesk_protocol::{
    Change, DeskApplication, DeskQueue, DeskQueueKind, MaterialChecksRequest, StaffCallRequest,
    PROTOCOL_HEADER, PROTOCOL_VERSION, STAFF_HEADER,
};
use common::*;
use reqwest::{Method, StatusCode};
use uuid::Uuid;

/// An item with a required paper, a required one an e-licence can replace, and an optional one.
fn item_with_materials() -> CatalogItem {
    serde_json::from_value(serde_json::json!({
        "code": "ZM-HJ-001",
        "name": {"zh-CN": "临时身份证明"},
        "category": "household",
        "handling_side": "zhejiang",
        "handling_office": {"zh-CN": "户籍窗口"},
        "mode": "collected_and_forwarded",
        "time_limit_working_days": 5,
        "materials": [
            {"name": {"zh-CN": "户口簿"}, "required": true},
            {"name": {"zh-CN": "身份证"}, "required": true, "e_licence": true},
            {"name": {"zh-CN": "照片"}, "required": false}
        ],
        "questions": [{"id": "name", "kind": "name"}]
    }))
    .unwrap()
}

async fn harness_with_item() -> Harness {
    let h = harness().await;
    borderdesk_server::import_catalog(h.server.pool(), &[item_with_materials()])
        .await
        .unwrap();
    h
}

async fn as_staff(
    h: &Harness,
    dev: &Dev,
    session: &str,
    method: Method,
    path: &str,
) -> reqwest::RequestBuilder {
    h.http
        .request(method, h.url(path))
        .bearer_auth(&dev.token)
        .header(PROTOCOL_HEADER, PROTOCOL_VERSION.to_string())
        .header(STAFF_HEADER, session)
}

async fn queue(h: &Harness, dev: &Dev, session: &str) -> DeskQueue {
    let r = as_staff(h, dev, session, Method::GET, "/v1/desk/queue")
        .await
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    r.json().await.unwrap()
}

async fn check(
    h: &Harness,
    dev: &Dev,
    session: &str,
    number: &str,
    checks: &[(u32, MaterialCheck)],
) -> reqwest::Response {
    let body = MaterialChecksRequest {
        checks: checks
            .iter()
            .map(|&(material_index, check)| MaterialCheckEntry {
                material_index,
                check,
            })
            .collect(),
    };
    as_staff(
        h,
        dev,
        session,
        Method::POST,
        &format!("/v1/desk/applications/{number}/materials"),
    )
    .await
    .json(&body)
    .send()
    .await
    .unwrap()
}

async fn accept(h: &Harness, dev: &Dev, session: &str, number: &str) -> reqwest::Response {
    as_staff(
        h,
        dev,
        session,
        Method::POST,
        &format!("/v1/desk/applications/{number}/accept"),
    )
    .await
    .send()
    .await
    .unwrap()
}

async fn code_of(r: reqwest::Response) -> String {
    let body: serde_json::Value = r.json().await.unwrap();
    body["code"].as_str().unwrap_or_default().to_string()
}

async fn audit_actions(h: &Harness, subject: &str) -> Vec<String> {
    sqlx::query_scalar("SELECT action FROM audit_log WHERE subject = $1 ORDER BY id")
        .bind(subject)
        .fetch_all(h.server.pool())
        .await
        .unwrap()
}

#[tokio::test]
async fn the_queue_holds_the_whole_sites_work_with_calls_first_and_nothing_of_other_sites() {
    let h = harness_with_item().await;
    let desk = h.enroll("luoyang").await;
    let kiosk = h.enroll("luoyang").await;
    let elsewhere = h.enroll("fuding").await;
    let here = application(kiosk.code, 1);
    let there = application(elsewhere.code, 1);
    h.push(&kiosk, vec![submit(here.clone())]).await;
    h.push(&elsewhere, vec![submit(there.clone())]).await;
    let r = h
        .http
        .post(h.url("/v1/sync/staff-calls"))
        .bearer_auth(&kiosk.token)
        .header(PROTOCOL_HEADER, PROTOCOL_VERSION.to_string())
        .json(&StaffCallRequest { id: Uuid::now_v7() })
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success());

    let clerk = staff_session(&h, &desk, "clerk-ly", Role::Clerk).await;
    let q = queue(&h, &desk, &clerk).await;
    assert_eq!(q.entries.len(), 2, "{q:?}");
    assert_eq!(q.entries[0].kind, DeskQueueKind::StaffCall);
    assert_eq!(q.entries[0].device_name, "kiosk at luoyang");
    assert_eq!(q.entries[1].kind, DeskQueueKind::Application);
    assert_eq!(
        q.entries[1].tracking_number.as_deref(),
        Some(here.tracking_number.as_str())
    );
    assert_eq!(q.entries[1].code.as_deref(), Some("ZM-HJ-001"));
    assert!(!q.entries[1].assisted);
    // The list itself carries no personal data.
    assert!(!serde_json::to_string(&q).unwrap().contains("张三"));

    let other = staff_session(&h, &elsewhere, "clerk-fd", Role::Clerk).await;
    let q = queue(&h, &elsewhere, &other).await;
    assert_eq!(q.entries.len(), 1);
    assert_eq!(
        q.entries[0].tracking_number.as_deref(),
        Some(there.tracking_number.as_str())
    );

    // Opening another site's application reads as not found.
    let r = as_staff(
        &h,
        &elsewhere,
        &other,
        Method::GET,
        &format!("/v1/desk/applications/{}", here.tracking_number.as_str()),
    )
    .await
    .send()
    .await
    .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn an_application_is_accepted_only_once_every_required_material_is_in_order() {
    let h = harness_with_item().await;
    let desk = h.enroll("luoyang").await;
    let kiosk = h.enroll("luoyang").await;
    let app = application(kiosk.code, 1);
    let number = app.tracking_number.as_str().to_string();
    h.push(&kiosk, vec![submit(app.clone())]).await;
    let clerk = staff_session(&h, &desk, "clerk-ly", Role::Clerk).await;

    let r = as_staff(
        &h,
        &desk,
        &clerk,
        Method::GET,
        &format!("/v1/desk/applications/{number}"),
    )
    .await
    .send()
    .await
    .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let opened: DeskApplication = r.json().await.unwrap();
    assert_eq!(opened.answers["name"], "张三");
    assert_eq!(opened.outstanding, vec![0, 1]);
    assert_eq!(
        audit_actions(&h, &app.id.to_string()).await,
        vec!["desk_open_application"]
    );

    let r = accept(&h, &desk, &clerk, &number).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(code_of(r).await, "error-materials-outstanding");

    // The paper one cannot be replaced by an e-licence; nothing of the request is kept.
    let r = check(
        &h,
        &desk,
        &clerk,
        &number,
        &[(1, MaterialCheck::ELicence), (0, MaterialCheck::ELicence)],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(code_of(r).await, "error-material-no-e-licence");
    let r = check(&h, &desk, &clerk, &number, &[(7, MaterialCheck::Seen)]).await;
    assert_eq!(code_of(r).await, "error-unknown-material");

    let r = check(
        &h,
        &desk,
        &clerk,
        &number,
        &[(0, MaterialCheck::Missing), (1, MaterialCheck::ELicence)],
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    let now: DeskApplication = r.json().await.unwrap();
    assert_eq!(now.outstanding, vec![0]);
    let r = accept(&h, &desk, &clerk, &number).await;
    assert_eq!(code_of(r).await, "error-materials-outstanding");

    let r = check(&h, &desk, &clerk, &number, &[(0, MaterialCheck::Seen)]).await;
    let now: DeskApplication = r.json().await.unwrap();
    assert!(now.outstanding.is_empty());
    assert_eq!(now.material_checks.len(), 2);

    let r = accept(&h, &desk, &clerk, &number).await;
    assert_eq!(r.status(), StatusCode::OK);
    let r = accept(&h, &desk, &clerk, &number).await;
    assert_eq!(r.status(), StatusCode::CONFLICT, "accepted once only");
    // What was found stands once it is accepted.
    let r = check(&h, &desk, &clerk, &number, &[(0, MaterialCheck::Missing)]).await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert_eq!(code_of(r).await, "error-status-transition");

    // The kiosk that took it hears of it (the feed shows a change once every older
    // transaction in the cluster has ended, so it may take a moment under parallel tests).
    let mut heard = false;
    for _ in 0..600 {
        let feed = h.pull(&kiosk, None, None).await;
        heard = feed.changes.iter().any(|c| {
            matches!(
                c,
                Change::ApplicationStatus { tracking_number, status, .. }
                    if tracking_number.as_str() == number
                        && *status == borderdesk_core::ApplicationStatus::Accepted
            )
        });
        if heard {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(heard, "the kiosk's feed has the acceptance");
    let actions = audit_actions(&h, &app.id.to_string()).await;
    assert!(actions.contains(&"desk_check_materials".to_string()));
    assert!(actions.contains(&"desk_accept_application".to_string()));
}

#[tokio::test]
async fn only_roles_that_verify_materials_may_open_check_or_accept() {
    let h = harness_with_item().await;
    let desk = h.enroll("luoyang").await;
    let app = application(desk.code, 1);
    let number = app.tracking_number.as_str().to_string();
    h.push(&desk, vec![submit(app)]).await;
    let admin = staff_session(&h, &desk, "admin-ly", Role::Admin).await;
    let r = check(&h, &desk, &admin, &number, &[(0, MaterialCheck::Seen)]).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = accept(&h, &desk, &admin, &number).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    // Nor read a citizen's answers.
    let r = as_staff(
        &h,
        &desk,
        &admin,
        Method::GET,
        &format!("/v1/desk/applications/{number}"),
    )
    .await
    .send()
    .await
    .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    // An admin still sees the queue.
    assert_eq!(queue(&h, &desk, &admin).await.entries.len(), 1);
}

#[tokio::test]
async fn an_application_filled_in_by_staff_is_recorded_as_assisted_by_a_known_member_of_the_site() {
    let h = harness_with_item().await;
    let desk = h.enroll("luoyang").await;
    let clerk = staff_session(&h, &desk, "clerk-ly", Role::Clerk).await;
    let staff_id: Uuid = sqlx::query_scalar("SELECT id FROM staff WHERE user_name = 'clerk-ly'")
        .fetch_one(h.server.pool())
        .await
        .unwrap();
    let mut assisted = application(desk.code, 1);
    assisted.assisted_by = Some(AssistedBy {
        staff_id,
        user_name: "clerk-ly".into(),
    });
    let mut forged = application(desk.code, 2);
    forged.assisted_by = Some(AssistedBy {
        staff_id: Uuid::now_v7(),
        user_name: "nobody".into(),
    });
    // An admin's name does not count either: the role does not fill applications in.
    staff_session(&h, &desk, "admin-ly", Role::Admin).await;
    let admin_id: Uuid = sqlx::query_scalar("SELECT id FROM staff WHERE user_name = 'admin-ly'")
        .fetch_one(h.server.pool())
        .await
        .unwrap();
    let mut by_admin = application(desk.code, 3);
    by_admin.assisted_by = Some(AssistedBy {
        staff_id: admin_id,
        user_name: "admin-ly".into(),
    });
    h.push(
        &desk,
        vec![
            submit(assisted.clone()),
            submit(forged.clone()),
            submit(by_admin.clone()),
        ],
    )
    .await;

    let q = queue(&h, &desk, &clerk).await;
    let flag = |n: &str| {
        q.entries
            .iter()
            .find(|e| e.tracking_number.as_deref() == Some(n))
            .unwrap()
            .assisted
    };
    assert!(flag(assisted.tracking_number.as_str()));
    assert!(!flag(forged.tracking_number.as_str()));
    assert!(!flag(by_admin.tracking_number.as_str()));

    let r = as_staff(
        &h,
        &desk,
        &clerk,
        Method::GET,
        &format!(
            "/v1/desk/applications/{}",
            assisted.tracking_number.as_str()
        ),
    )
    .await
    .send()
    .await
    .unwrap();
    let opened: DeskApplication = r.json().await.unwrap();
    assert_eq!(opened.assisted_by.unwrap().user_name, "clerk-ly");
    assert_eq!(
        audit_actions(&h, &assisted.id.to_string()).await,
        vec!["assisted_application", "desk_open_application"]
    );
    assert!(audit_actions(&h, &forged.id.to_string()).await.is_empty());
}

#[tokio::test]
async fn a_session_ends_when_its_member_of_staff_moves_to_another_site() {
    let h = harness_with_item().await;
    let desk = h.enroll("luoyang").await;
    let clerk = staff_session(&h, &desk, "clerk-ly", Role::Clerk).await;
    assert_eq!(queue(&h, &desk, &clerk).await.entries.len(), 0);
    sqlx::query("UPDATE staff SET site_id = 'fuding' WHERE user_name = 'clerk-ly'")
        .execute(h.server.pool())
        .await
        .unwrap();
    let r = as_staff(&h, &desk, &clerk, Method::GET, "/v1/desk/queue")
        .await
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(code_of(r).await, "error-staff-session-expired");
}
