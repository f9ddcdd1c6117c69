//! "A device holds only its own site's personal data" (issue 5), on a real server and
//! PostgreSQL: citizens apply, book and ask for legal aid at a kiosk of site A, the offices
//! work them, and a device of site B — pulling the whole feed and calling what a device may
//! call — never receives a name, an ID number, a phone number or the facts of A's citizens,
//! nor even which records A holds.

mod common;

use std::collections::BTreeMap;

use borderdesk_core::legal_aid::{LegalAidReference, RoutingFacts, UrgencyFacts};
use borderdesk_core::notary::NotaryReference;
use borderdesk_core::staff::Role;
use borderdesk_core::{Application, DeviceCode, TrackingNumber};
use borderdesk_protocol::{
    Applicant, Booking, CaseStage, HardshipProof, LegalAidAction, LegalAidActionKind,
    LegalAidApplication, LegalAidBody, LegalAidRequest, LegalAidTrackRequest, LegalConsultation,
    Mutation, MutationBody, OpposingParty, Outcome, PullResponse, SlotAvailability,
    StaffCallRequest, TrackRequest, PROTOCOL_HEADER, PROTOCOL_VERSION, STAFF_HEADER,
};
use borderdesk_server::{cancel_code_hash, import_legal_aid, import_notary};
use chrono::Utc;
use common::{harness, staff_session, staff_session_at, Dev, Harness};
use reqwest::StatusCode;
use serde_json::json;
use uuid::Uuid;

const SAMPLE_LEGAL_AID: &str = include_str!("../../local/data/sample-legal-aid.json");
const SAMPLE_NOTARY: &str = include_str!("../../local/data/sample-notary.json");
const NOTARY_OFFICE: &str = "GZC-330329";
const LA_TAISHUN: &str = "LA-330329";

/// Every personal value A's citizens gave.
const PERSONAL: [&str; 13] = [
    // An application for a certificate.
    "赵六六",
    "330329195803120013",
    "13900139000",
    // A booking's reminder number.
    "13700001111",
    // A legal aid application: applicant, opposing party, facts, place.
    "王小明",
    "11010519491231002X",
    "13812345678",
    "工地干了八个月工资没结清",
    "泰顺县罗阳镇某工地",
    // A consultation.
    "李四四",
    "13912345678",
    "老板拖欠工资三个月我该怎么办",
    "工作日上午九点后",
];

fn assert_no_personal_data(what: &str, text: &str) {
    for value in PERSONAL {
        assert!(!text.contains(value), "{what} holds {value:?}: {text}");
    }
}

fn certificate_application(dev: &Dev, sequence: u32) -> Application {
    let answers: BTreeMap<String, String> = [
        ("applicant_name", "赵六六"),
        ("applicant_id_number", "330329195803120013"),
        ("phone", "13900139000"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    Application {
        answers,
        ..common::application(dev.code, sequence)
    }
}

fn legal_aid_application(dev: &Dev, sequence: u32) -> LegalAidRequest {
    LegalAidRequest {
        id: Uuid::now_v7(),
        tracking_number: TrackingNumber::issue(DeviceCode(dev.code), sequence).unwrap(),
        body: LegalAidBody::Application(Box::new(LegalAidApplication {
            applicant: Applicant {
                name: "王小明".into(),
                id_number: "11010519491231002X".into(),
                phone: "13812345678".into(),
                address: None,
            },
            agent: None,
            opposing_party: OpposingParty {
                name: "某建筑公司".into(),
                is_organisation: true,
                address: None,
            },
            facts: "工地干了八个月工资没结清".into(),
            events_place: Some("泰顺县罗阳镇某工地".into()),
            events_date: None,
            case_stage: CaseStage::NotInCourt,
            hardship: HardshipProof::Pledge,
            eligibility: serde_json::from_value(json!({
                "matter": "labour_relations_or_wages",
                "household_size": 3,
                "household_monthly_income_fen": 300000
            }))
            .unwrap(),
            routing: RoutingFacts {
                court_or_authority_county: None,
                obligor_county: Some("330329".into()),
                events_county: None,
                applicant_county: "330329".into(),
            },
            urgency: UrgencyFacts::default(),
            attachments: Vec::new(),
            signature: None,
            family_phone: None,
            family_consent_at: None,
        })),
        made_at: Utc::now(),
    }
}

fn consultation(dev: &Dev, sequence: u32) -> LegalAidRequest {
    LegalAidRequest {
        id: Uuid::now_v7(),
        tracking_number: TrackingNumber::issue(DeviceCode(dev.code), sequence).unwrap(),
        body: LegalAidBody::Consultation(LegalConsultation {
            topic: "劳动报酬".into(),
            question: "老板拖欠工资三个月我该怎么办".into(),
            callback_time: Some("工作日上午九点后".into()),
            phone: "13912345678".into(),
            name: Some("李四四".into()),
            county: "330329".into(),
        }),
        made_at: Utc::now(),
    }
}

fn device_get(h: &Harness, dev: &Dev, path: &str) -> reqwest::RequestBuilder {
    h.http
        .get(h.url(path))
        .bearer_auth(&dev.token)
        .header(PROTOCOL_HEADER, PROTOCOL_VERSION.to_string())
}

fn device_post(h: &Harness, dev: &Dev, path: &str) -> reqwest::RequestBuilder {
    h.http
        .post(h.url(path))
        .bearer_auth(&dev.token)
        .header(PROTOCOL_HEADER, PROTOCOL_VERSION.to_string())
}

/// The whole feed as a device reads it, page by page, as the raw JSON it was sent.
async fn pull_everything(h: &Harness, dev: &Dev) -> String {
    let mut cursor: Option<String> = None;
    let mut all = String::new();
    loop {
        let r = h.pull_raw(dev, cursor.as_deref(), Some(50)).await;
        assert_eq!(r.status(), StatusCode::OK);
        let text = r.text().await.unwrap();
        let page: PullResponse = serde_json::from_str(&text).unwrap();
        all.push_str(&text);
        cursor = Some(page.cursor);
        if !page.has_more {
            return all;
        }
    }
}

#[tokio::test]
async fn a_device_of_site_b_never_receives_the_personal_data_of_site_a() {
    let h = harness().await;
    let la: LegalAidReference = serde_json::from_str(SAMPLE_LEGAL_AID).unwrap();
    import_legal_aid(h.server.pool(), &la).await.unwrap();
    let notary: NotaryReference = serde_json::from_str(SAMPLE_NOTARY).unwrap();
    import_notary(h.server.pool(), &notary).await.unwrap();
    let a = h.enroll("site-a").await;
    let b = h.enroll("site-b").await;

    // ----- site A: a certificate application, a booking, a legal aid application and a
    // consultation, each with the citizen's personal data.
    let app = certificate_application(&a, 1);
    let legal = legal_aid_application(&a, 2);
    let consult = consultation(&a, 3);
    let availability: SlotAvailability = device_get(
        &h,
        &a,
        &format!("/v1/sync/notary/availability?office_code={NOTARY_OFFICE}"),
    )
    .send()
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    let slot = availability
        .slots
        .iter()
        .find(|s| s.capacity > s.taken)
        .expect("a free slot")
        .slot_start;
    let matter = notary
        .matters
        .iter()
        .find(|m| m.remote_allowed)
        .unwrap()
        .code
        .clone();
    let booking_id = Uuid::now_v7();
    let booking = Booking {
        id: booking_id,
        office_code: NOTARY_OFFICE.into(),
        matter_code: matter,
        slot_start: slot,
        tracking_number: TrackingNumber::issue(DeviceCode(a.code), 4).unwrap(),
        cancel_code_hash: cancel_code_hash(booking_id, "246810"),
        made_at: Utc::now(),
        phone: Some("13700001111".into()),
        applicant_id_number: None,
        family_phone: None,
        family_consent_at: None,
    };
    let pushed = h
        .push(
            &a,
            vec![
                Mutation {
                    id: Uuid::now_v7(),
                    body: MutationBody::SubmitApplication {
                        application: app.clone(),
                    },
                },
                Mutation {
                    id: Uuid::now_v7(),
                    body: MutationBody::BookSlot {
                        booking: booking.clone(),
                    },
                },
                Mutation {
                    id: Uuid::now_v7(),
                    body: MutationBody::SubmitLegalAid {
                        request: Box::new(legal.clone()),
                    },
                },
                Mutation {
                    id: Uuid::now_v7(),
                    body: MutationBody::SubmitLegalAid {
                        request: Box::new(consult.clone()),
                    },
                },
            ],
        )
        .await;
    assert!(
        pushed.results.iter().all(|r| r.outcome == Outcome::Applied),
        "{pushed:?}"
    );
    // The offices work them, so that every kind of change is on the feed.
    assert!(h
        .set_status(&app.tracking_number, "accepted")
        .await
        .status()
        .is_success());
    let officer =
        staff_session_at(&h, &a, "officer-a", Role::LegalAidOfficer, Some(LA_TAISHUN)).await;
    for (id, step) in [
        (legal.id, LegalAidActionKind::Accept),
        (
            consult.id,
            LegalAidActionKind::Answer {
                note: "可以先向劳动监察大队投诉。".into(),
            },
        ),
    ] {
        let r = device_post(&h, &a, &format!("/v1/sync/legal-aid/requests/{id}/actions"))
            .header(STAFF_HEADER, &officer)
            .json(&LegalAidAction {
                action_id: Uuid::now_v7(),
                step,
            })
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK, "{}", r.text().await.unwrap());
    }
    let r = device_post(&h, &a, "/v1/sync/staff-calls")
        .json(&StaffCallRequest { id: Uuid::now_v7() })
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success());

    // Site A's own feed has all of it (the test would prove nothing otherwise)...
    let feed_a = pull_everything(&h, &a).await;
    for number in [
        &app.tracking_number,
        &booking.tracking_number,
        &legal.tracking_number,
        &consult.tracking_number,
    ] {
        assert!(feed_a.contains(number.as_str()), "A's feed lacks {number}");
    }
    // ...and even there, no personal field travels: changes carry statuses, not people.
    assert_no_personal_data("A's feed", &feed_a);

    // ----- site B: the whole feed, from the start.
    let feed_b = pull_everything(&h, &b).await;
    assert_no_personal_data("B's feed", &feed_b);
    for (what, id) in [
        ("application", app.id),
        ("booking", booking.id),
        ("legal aid application", legal.id),
        ("consultation", consult.id),
    ] {
        assert!(
            !feed_b.contains(&id.to_string()),
            "B's feed names A's {what}"
        );
    }
    for number in [
        &app.tracking_number,
        &booking.tracking_number,
        &legal.tracking_number,
        &consult.tracking_number,
    ] {
        assert!(
            !feed_b.contains(number.as_str()),
            "B's feed holds A's {number}"
        );
    }
    // B still gets the shared reference data (catalog, offices).
    assert!(feed_b.contains(NOTARY_OFFICE));

    // ----- site B's desks: A's call for help is not theirs; A's legal aid office's queue and
    // cases are not for an officer of another office; A's notary day is not for B's notary
    // staff of another office.
    let clerk_b = staff_session(&h, &b, "clerk-b", Role::Clerk).await;
    let calls = device_get(&h, &b, "/v1/sync/staff-calls")
        .header(STAFF_HEADER, &clerk_b)
        .send()
        .await
        .unwrap();
    assert_eq!(calls.status(), StatusCode::OK);
    let calls: serde_json::Value = calls.json().await.unwrap();
    assert_eq!(calls, serde_json::json!({"items": [], "next": null}));
    let officer_b = staff_session_at(
        &h,
        &b,
        "officer-b",
        Role::LegalAidOfficer,
        Some("LA-350982"),
    )
    .await;
    for path in [
        format!("/v1/sync/legal-aid/queue?office_code={LA_TAISHUN}&include_closed=true"),
        format!("/v1/sync/legal-aid/requests/{}", legal.id),
        format!("/v1/sync/legal-aid/requests/{}", consult.id),
    ] {
        for session in [&officer_b, &clerk_b] {
            let r = device_get(&h, &b, &path)
                .header(STAFF_HEADER, session)
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), StatusCode::FORBIDDEN, "{path}");
            assert_no_personal_data(&path, &r.text().await.unwrap());
        }
    }
    let notary_b =
        staff_session_at(&h, &b, "notary-b", Role::NotaryStaff, Some("GZC-350982")).await;
    let date = borderdesk_core::notary::shanghai_date(&slot);
    let r = device_get(
        &h,
        &b,
        &format!("/v1/sync/notary/day?office_code={NOTARY_OFFICE}&date={date}"),
    )
    .header(STAFF_HEADER, &notary_b)
    .send()
    .await
    .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_no_personal_data("notary day", &r.text().await.unwrap());

    // ----- a citizen of A at B's kiosk: tracking needs the last four of the ID number, and
    // even the right answer shows status and office, never the person.
    let wrong = device_post(&h, &b, "/v1/sync/track")
        .json(&TrackRequest {
            tracking_number: app.tracking_number.clone(),
            id_last_four: "9999".into(),
        })
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), StatusCode::NOT_FOUND);
    let right = device_post(&h, &b, "/v1/sync/track")
        .json(&TrackRequest {
            tracking_number: app.tracking_number.clone(),
            id_last_four: "0013".into(),
        })
        .send()
        .await
        .unwrap();
    assert_eq!(right.status(), StatusCode::OK);
    assert_no_personal_data("tracking at B", &right.text().await.unwrap());
    for (number, last_four) in [
        (&legal.tracking_number, "002X"),
        (&consult.tracking_number, "5678"),
    ] {
        let r = device_post(&h, &b, "/v1/sync/legal-aid/track")
            .json(&LegalAidTrackRequest {
                tracking_number: number.to_string(),
                last_four: last_four.into(),
            })
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK, "{number}");
        assert_no_personal_data("legal aid tracking at B", &r.text().await.unwrap());
    }
}
