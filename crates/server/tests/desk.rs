//! The clerk desk on a real server and PostgreSQL: the site's one queue, opening an
//! application, checking its materials, accepting it, and applications filled in for a citizen
//! (代办).

mod common;

use borderdesk_core::materials::{MaterialCheck, MaterialCheckEntry};
use borderdesk_core::staff::Role;
use borderdesk_core::{AssistedBy, CatalogItem};
use borderdesk_protocol::{
    Change, DeskApplication, DeskQueue, DeskQueueKind, MaterialChecksRequest, Page, StaffCall,
    StaffCallRequest, PROTOCOL_HEADER, PROTOCOL_VERSION, STAFF_HEADER,
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

/// Every page of the desk's queue, `limit` rows at a time, in the order served.
async fn walk_queue(
    h: &Harness,
    dev: &Dev,
    session: &str,
    limit: u32,
) -> Vec<(DeskQueueKind, Uuid)> {
    let mut seen = Vec::new();
    let mut after: Option<String> = None;
    for _ in 0..1000 {
        let mut req = as_staff(h, dev, session, Method::GET, "/v1/desk/queue")
            .await
            .query(&[("limit", limit.to_string())]);
        if let Some(a) = after.take() {
            req = req.query(&[("after", a)]);
        }
        let r = req.send().await.unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        let page: DeskQueue = r.json().await.unwrap();
        assert!(page.entries.len() <= limit as usize);
        seen.extend(page.entries.iter().map(|e| (e.kind, e.id)));
        match page.next {
            Some(next) => after = Some(next),
            None => return seen,
        }
    }
    panic!("the queue's pages never end");
}

#[tokio::test]
async fn the_queue_comes_in_pages_that_hold_every_row_once_in_queue_order() {
    let h = harness_with_item().await;
    let desk = h.enroll("luoyang").await;
    let kiosk = h.enroll("luoyang").await;
    let clerk = staff_session(&h, &desk, "clerk-ly", Role::Clerk).await;
    // Three pushes of 70: the applications of one push are received at the same instant.
    let mut seq = 0;
    for _ in 0..3 {
        let batch: Vec<_> = (0..70)
            .map(|_| {
                seq += 1;
                submit(application(kiosk.code, seq))
            })
            .collect();
        h.push(&kiosk, batch).await;
    }
    // Legal aid received at the same instant as the first push, some urgent.
    let first_push: chrono::DateTime<chrono::Utc> =
        sqlx::query_scalar("SELECT min(received_at) FROM applications")
            .fetch_one(h.server.pool())
            .await
            .unwrap();
    for i in 0..12 {
        sqlx::query(
            "INSERT INTO legal_aid_requests (id, tracking_number, kind, device_id, site_id,
                 office_code, status, body, urgent, made_at, first_received_at, received_at)
             VALUES ($1, $2, $3, $4, 'luoyang', 'LA-330329', 'received', '{}', $5, $6, $6, $6)",
        )
        .bind(Uuid::now_v7())
        .bind(format!("LA-PAGE-{i}"))
        .bind(if i % 3 == 0 {
            "consultation"
        } else {
            "application"
        })
        .bind(kiosk.id)
        .bind(i % 2 == 0)
        .bind(first_push)
        .execute(h.server.pool())
        .await
        .unwrap();
    }
    // Calls for help from five kiosks, three of them at the same instant.
    for _ in 0..5 {
        let caller = h.enroll("luoyang").await;
        let r = h
            .http
            .post(h.url("/v1/sync/staff-calls"))
            .bearer_auth(&caller.token)
            .header(PROTOCOL_HEADER, PROTOCOL_VERSION.to_string())
            .json(&StaffCallRequest { id: Uuid::now_v7() })
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::NO_CONTENT);
    }
    sqlx::query(
        "UPDATE staff_calls SET called_at = (SELECT min(called_at) FROM staff_calls)
          WHERE id IN (SELECT id FROM staff_calls ORDER BY called_at DESC LIMIT 3)",
    )
    .execute(h.server.pool())
    .await
    .unwrap();
    let total = 210 + 12 + 5;

    // The most the server gives is one page of 200, however many are asked for.
    let r = as_staff(&h, &desk, &clerk, Method::GET, "/v1/desk/queue?limit=10000")
        .await
        .send()
        .await
        .unwrap();
    let capped: DeskQueue = r.json().await.unwrap();
    assert_eq!(capped.entries.len(), 200);
    assert!(capped.next.is_some());

    let walked = walk_queue(&h, &desk, &clerk, 9).await;
    assert_eq!(walked.len(), total, "every row, none twice");
    let distinct: std::collections::HashSet<_> = walked.iter().collect();
    assert_eq!(distinct.len(), total);
    // The order: calls oldest first, then the rest newest first, urgent first at one instant,
    // then by id; the same as the database's own sort of all rows.
    let expected: Vec<(String, Uuid)> = sqlx::query_as(
        "SELECT kind, id FROM (
            SELECT 'call' AS kind, id, called_at AS at, 0 AS grp, true AS nu FROM staff_calls
             WHERE answered_at IS NULL
            UNION ALL SELECT 'app', id, received_at, 1, true FROM applications
            UNION ALL SELECT 'la', id, first_received_at, 1, NOT urgent FROM legal_aid_requests
         ) q ORDER BY grp, CASE WHEN grp = 0 THEN at END, at DESC, nu, id",
    )
    .fetch_all(h.server.pool())
    .await
    .unwrap();
    let expected_ids: Vec<Uuid> = expected.iter().map(|(_, id)| *id).collect();
    let walked_ids: Vec<Uuid> = walked.iter().map(|(_, id)| *id).collect();
    assert_eq!(walked_ids, expected_ids);
    assert!(walked[..5]
        .iter()
        .all(|(k, _)| *k == DeskQueueKind::StaffCall));
    // A page of one walks the same rows.
    assert_eq!(walk_queue(&h, &desk, &clerk, 1).await, walked);
}

#[tokio::test]
async fn a_bad_limit_or_cursor_of_the_queue_or_the_calls_answers_400_with_its_code() {
    let h = harness_with_item().await;
    let desk = h.enroll("luoyang").await;
    let clerk = staff_session(&h, &desk, "clerk-ly", Role::Clerk).await;
    let of_another_list =
        borderdesk_protocol::page::cursor("audit", &[borderdesk_protocol::KeyPart::Int(1)]);
    let cases = [
        ("limit=0", "error-page-limit-invalid"),
        ("limit=-5", "error-page-limit-invalid"),
        ("limit=1.5", "error-page-limit-invalid"),
        ("limit=%00", "error-page-limit-invalid"),
        ("after=", "error-page-cursor-invalid"),
        ("after=%00", "error-page-cursor-invalid"),
        ("after=!!!!", "error-page-cursor-invalid"),
        ("after=cDE6ZGVzay1xdWV1ZTppMA", "error-page-cursor-invalid"),
        (
            &format!("after={}", "A".repeat(5000)) as &str,
            "error-page-cursor-invalid",
        ),
        (
            &format!("after={of_another_list}") as &str,
            "error-page-cursor-invalid",
        ),
    ];
    for (query, code) in cases {
        for path in ["/v1/desk/queue", "/v1/sync/staff-calls"] {
            let r = as_staff(&h, &desk, &clerk, Method::GET, &format!("{path}?{query}"))
                .await
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{path}?{query}");
            assert_eq!(code_of(r).await, code, "{path}?{query}");
        }
    }
}

#[tokio::test]
async fn the_open_calls_come_in_pages_oldest_first_each_once() {
    let h = harness_with_item().await;
    let desk = h.enroll("luoyang").await;
    let clerk = staff_session(&h, &desk, "clerk-ly", Role::Clerk).await;
    for _ in 0..30 {
        let caller = h.enroll("luoyang").await;
        let r = h
            .http
            .post(h.url("/v1/sync/staff-calls"))
            .bearer_auth(&caller.token)
            .header(PROTOCOL_HEADER, PROTOCOL_VERSION.to_string())
            .json(&StaffCallRequest { id: Uuid::now_v7() })
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::NO_CONTENT);
    }
    // Half of them at one instant.
    sqlx::query(
        "UPDATE staff_calls SET called_at = (SELECT max(called_at) FROM staff_calls)
          WHERE id IN (SELECT id FROM staff_calls ORDER BY id LIMIT 15)",
    )
    .execute(h.server.pool())
    .await
    .unwrap();
    let expected: Vec<Uuid> =
        sqlx::query_scalar("SELECT id FROM staff_calls ORDER BY called_at, id")
            .fetch_all(h.server.pool())
            .await
            .unwrap();
    let mut seen = Vec::new();
    let mut after: Option<String> = None;
    for _ in 0..100 {
        let mut path = "/v1/sync/staff-calls?limit=4".to_string();
        if let Some(a) = after.take() {
            path.push_str(&format!("&after={a}"));
        }
        let r = as_staff(&h, &desk, &clerk, Method::GET, &path)
            .await
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        let page: Page<StaffCall> = r.json().await.unwrap();
        assert!(page.items.len() <= 4);
        seen.extend(page.items.iter().map(|c| c.id));
        match page.next {
            Some(next) => after = Some(next),
            None => break,
        }
    }
    assert_eq!(seen, expected);
}

#[tokio::test]
async fn the_openapi_document_gives_every_list_route_its_limit_and_cursor() {
    let h = harness().await;
    let doc = h.openapi().await;
    for path in [
        "/v1/desk/queue",
        "/v1/sync/staff-calls",
        "/v1/sync/legal-aid/queue",
        "/v1/sync/notary/day",
        "/v1/sync/notary/sms",
        "/v1/sync/staff/audit",
        "/v1/admin/audit",
    ] {
        let get = &doc["paths"][path]["get"];
        let params: Vec<&str> = get["parameters"]
            .as_array()
            .unwrap_or_else(|| panic!("{path} has no parameters"))
            .iter()
            .filter(|p| p["in"] == "query")
            .filter_map(|p| p["name"].as_str())
            .collect();
        assert!(
            params.contains(&"limit") && params.contains(&"after"),
            "{path}: {params:?}"
        );
        assert!(
            get["responses"].get("400").is_some(),
            "{path} declares no 400"
        );
        let ok = get["responses"]["200"]["content"]["application/json"]["schema"].to_string();
        assert!(
            !ok.contains("\"array\""),
            "{path} answers a bare list: {ok}"
        );
    }
    for page in ["Page_StaffCall", "Page_AuditEntry"] {
        let schema = &doc["components"]["schemas"][page];
        assert!(
            schema["properties"]["items"].is_object(),
            "{page}: {schema}"
        );
        assert!(schema["properties"]["next"].is_object(), "{page}: {schema}");
    }
}
