//! A legal consultation made offline at a kiosk reaches the legal aid office of its county
//! through the real server; the office's answer comes back to the kiosk by the feed.

use borderdesk_local::legal_aid::ConsultationDraft;
use borderdesk_local::{sync, SyncClient};
use borderdesk_protocol::{
    LegalAidAction, LegalAidActionKind, PROTOCOL_HEADER, PROTOCOL_VERSION, STAFF_HEADER,
};
use chrono::Utc;

mod common;
use common::{device_store, start_server_with_reference, ADMIN};

/// The store enrolled as a kiosk of the Luoyang hall, and its sync client.
async fn enrolled_kiosk(
    store: &borderdesk_local::Store,
    server: &borderdesk_server::RunningServer,
) -> SyncClient {
    sync::enroll(
        store,
        &server.url(),
        ADMIN,
        "罗阳 自助机",
        "taishun-luoyang",
    )
    .await
    .unwrap();
    SyncClient::new(store.clone())
}

#[tokio::test]
async fn a_consultation_reaches_the_office_and_its_answer_comes_back() {
    let server = start_server_with_reference().await;
    let dir = tempfile::tempdir().unwrap();
    let store = device_store(&dir).await;
    let receipt = store
        .submit_consultation(
            &ConsultationDraft {
                topic: "拖欠工资".into(),
                question: "老板欠了三个月工资怎么办？".into(),
                callback_time: None,
                phone: "13800138000".into(),
                name: Some("李四".into()),
            },
            "330329",
            Utc::now(),
        )
        .await
        .unwrap();
    let kiosk = enrolled_kiosk(&store, &server).await;
    let first = kiosk.sync_once().await.unwrap();
    assert_eq!((first.pushed, first.rejected), (1, 0));

    // An officer of the Taishun centre answers it from the office desk.
    let http = reqwest::Client::new();
    let created = http
        .post(format!("{}/v1/admin/staff", server.url()))
        .bearer_auth(ADMIN)
        .json(&serde_json::json!({
            "user_name": "officer-wu", "display_name": "吴律师", "role": "legal_aid_officer",
            "site_id": "taishun-luoyang", "office_code": "LA-330329",
            "password": "long enough secret"
        }))
        .send()
        .await
        .unwrap();
    assert!(created.status().is_success());
    let session = kiosk
        .staff_login("officer-wu", "long enough secret")
        .await
        .unwrap();
    let device = store.device().await.unwrap();
    let request_id: uuid::Uuid =
        sqlx::query_scalar("SELECT id FROM legal_aid_requests WHERE tracking_number = $1")
            .bind(receipt.tracking_number.as_str())
            .fetch_one(server.pool())
            .await
            .unwrap();
    let answered = http
        .post(format!(
            "{}/v1/sync/legal-aid/requests/{request_id}/actions",
            server.url()
        ))
        .bearer_auth(device.device_token.as_deref().unwrap())
        .header(PROTOCOL_HEADER, PROTOCOL_VERSION.to_string())
        .header(STAFF_HEADER, session.session_token.as_deref().unwrap())
        .json(&LegalAidAction {
            action_id: uuid::Uuid::now_v7(),
            step: LegalAidActionKind::Answer {
                note: "已电话答复：可申请劳动仲裁".into(),
            },
        })
        .send()
        .await
        .unwrap();
    assert!(
        answered.status().is_success(),
        "{}",
        answered.text().await.unwrap()
    );

    // The answer reaches the kiosk (the feed may lag behind other work on the cluster).
    let mut status = String::new();
    for _ in 0..100 {
        kiosk.sync_once().await.unwrap();
        status = sqlx::query_scalar("SELECT status FROM legal_aid_requests")
            .fetch_one(store.pool())
            .await
            .unwrap();
        if status == "answered" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(status, "answered");
}

#[tokio::test]
async fn an_officer_works_an_application_through_the_queue_and_exports_the_figures() {
    let server = start_server_with_reference().await;
    let dir = tempfile::tempdir().unwrap();
    let store = device_store(&dir).await;
    sync::enroll(&store, &server.url(), ADMIN, "罗阳 窗口", "taishun-luoyang")
        .await
        .unwrap();
    let form = borderdesk_local::legal_aid::ApplicationForm {
        eligibility: borderdesk_core::legal_aid::EligibilityAnswers {
            matter: borderdesk_core::legal_aid::Art31Matter::LabourRelationsOrWages,
            situations: Vec::new(),
            statuses: Vec::new(),
            household_size: 3,
            household_monthly_income_fen: Some(100_000),
            household_assets_fen: None,
            deciding_province: None,
            deciding_county: None,
        },
        applicant_name: "李四".into(),
        applicant_id_number: "330329199001011235".into(),
        applicant_phone: "13800138000".into(),
        applicant_address: None,
        agent_name: None,
        agent_id_number: None,
        agent_relation: None,
        events_date: None,
        opposing_name: "某某建筑公司".into(),
        opposing_is_organisation: true,
        facts: "工地拖欠三个月工资。".into(),
        events_county: Some("330329".into()),
        obligor_county: None,
        court: None,
        court_county: None,
        deadline: Some(
            (borderdesk_core::validate::today_in_china() + chrono::Days::new(2)).to_string(),
        ),
        evidence_at_risk: false,
        property_at_risk: false,
        pledge: true,
        attachments: Vec::new(),
        signature: None,
        sign_at_office: true,
        family_phone: None,
        family_consent: false,
    };
    // A page of the case papers scanned with it.
    let page = store
        .attach(
            borderdesk_local::attachments::MaterialsOf::LegalAid,
            2,
            b"%PDF-1.7 the IOU from the building company",
        )
        .await
        .unwrap();
    let mut form = form;
    form.attachments = vec![page.id];
    let made = store
        .submit_legal_aid_application(
            &form,
            "330329",
            Utc::now(),
            borderdesk_core::validate::today_in_china(),
        )
        .await
        .unwrap();
    let kiosk = SyncClient::new(store.clone());
    let first = kiosk.sync_once().await.unwrap();
    assert_eq!(
        (first.pushed, first.files_uploaded),
        (1, 1),
        "the request and its page"
    );
    let (_, stored) = borderdesk_server::attachments::content(server.pool(), page.id)
        .await
        .unwrap();
    assert_eq!(stored, b"%PDF-1.7 the IOU from the building company");
    assert!(
        store.attachment_content(page.id).await.is_err(),
        "the page left the device"
    );

    reqwest::Client::new()
        .post(format!("{}/v1/admin/staff", server.url()))
        .bearer_auth(ADMIN)
        .json(&serde_json::json!({
            "user_name": "officer-wu", "display_name": "吴律师", "role": "legal_aid_officer",
            "site_id": "taishun-luoyang", "office_code": "LA-330329",
            "password": "long enough secret"
        }))
        .send()
        .await
        .unwrap();
    let session = kiosk
        .staff_login("officer-wu", "long enough secret")
        .await
        .unwrap();
    let queue = kiosk.legal_aid_queue(&session, "LA-330329").await.unwrap();
    let item = queue
        .items
        .iter()
        .find(|i| i.tracking_number == made.receipt.tracking_number.as_str())
        .expect("in the office's queue");
    assert!(item.urgent, "a deadline in two days puts it first");
    let step = |kind| LegalAidAction {
        action_id: uuid::Uuid::now_v7(),
        step: kind,
    };
    let accept = step(LegalAidActionKind::Accept);
    kiosk
        .legal_aid_act(&session, item.request_id, &accept)
        .await
        .unwrap();
    // The same press retried after a cut is answered the same, applied once.
    let again = kiosk
        .legal_aid_act(&session, item.request_id, &accept)
        .await
        .unwrap();
    assert_eq!(again.status, borderdesk_protocol::LegalAidStatus::Accepted);
    kiosk
        .legal_aid_act(
            &session,
            item.request_id,
            &step(LegalAidActionKind::Decide {
                approve: true,
                reasons: None,
            }),
        )
        .await
        .unwrap();
    let assigned = kiosk
        .legal_aid_act(
            &session,
            item.request_id,
            &step(LegalAidActionKind::Assign {
                lawyer: borderdesk_protocol::LawyerContact {
                    name: "王律师".into(),
                    firm: "泰顺某律师事务所".into(),
                    phone: "13900139000".into(),
                },
            }),
        )
        .await
        .unwrap();
    assert_eq!(
        assigned.status,
        borderdesk_protocol::LegalAidStatus::Assigned
    );

    let today = borderdesk_core::validate::today_in_china();
    let figures = kiosk
        .legal_aid_figures(
            &session,
            today - chrono::Days::new(1),
            today + chrono::Days::new(1),
            "LA-330329",
        )
        .await
        .unwrap();
    let office = &figures.offices[0];
    assert_eq!((office.applications_received, office.assigned), (1, 1));
    let csv = kiosk
        .legal_aid_figures_csv(
            &session,
            today - chrono::Days::new(1),
            today + chrono::Days::new(1),
            "LA-330329",
            "zh-CN",
        )
        .await
        .unwrap();
    assert!(
        csv.starts_with(&[0xEF, 0xBB, 0xBF]),
        "UTF-8 with BOM for Excel"
    );
    let text = String::from_utf8(csv[3..].to_vec()).unwrap();
    assert!(text.contains("泰顺县法律援助中心"), "{text}");
}

#[tokio::test]
async fn a_county_import_changes_what_a_kiosk_decides_offline() {
    use borderdesk_core::legal_aid::{Art31Matter, Eligibility, EligibilityAnswers};
    let server = start_server_with_reference().await;
    let dir = tempfile::tempdir().unwrap();
    let store = device_store(&dir).await;
    let kiosk = enrolled_kiosk(&store, &server).await;
    // One person earning 3,000 yuan a month: above the standard the county ships with.
    let check = |store: &borderdesk_local::Store| {
        let answers = EligibilityAnswers {
            matter: Art31Matter::LabourRelationsOrWages,
            situations: Vec::new(),
            statuses: Vec::new(),
            household_size: 1,
            household_monthly_income_fen: Some(300_000),
            household_assets_fen: None,
            deciding_province: None,
            deciding_county: None,
        };
        store
            .legal_aid_eligibility(answers, "330329", common::today())
            .unwrap()
            .outcome
    };
    kiosk.sync_once().await.unwrap();
    assert!(matches!(check(&store), Eligibility::LikelyNot { .. }));

    // The county raises its standard on the server; one sync later the kiosk, offline from
    // then on, decides with the new figure.
    let mut raised: borderdesk_core::legal_aid::LegalAidReference =
        serde_json::from_str(borderdesk_local::legal_aid::BUNDLED_LEGAL_AID).unwrap();
    for standard in &mut raised.hardship_standards {
        standard.monthly_income_per_person_fen = 400_000;
    }
    borderdesk_server::import_legal_aid(server.pool(), &raised)
        .await
        .unwrap();
    kiosk.sync_once().await.unwrap();
    server.shutdown().await;
    assert!(matches!(check(&store), Eligibility::LikelyEligible { .. }));
}
