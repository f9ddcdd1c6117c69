//! Legal aid on a real server and PostgreSQL (issue 4): pushed requests are routed to the
//! competent office (same county, another city, across the border, first to receive), urgent
//! ones lead the queue, every office step happens only from the right state, for a legal aid
//! officer, once per action id; deadlines follow the settings; figures come as JSON and CSV;
//! and the kiosk where it was made hears of every status on the feed.

mod common;

use std::sync::atomic::{AtomicU32, Ordering};

use borderdesk_core::legal_aid::{DayCount, LegalAidReference, RoutingFacts, UrgencyFacts};
use borderdesk_core::staff::Role;
use borderdesk_core::{DeviceCode, TrackingNumber};
use borderdesk_protocol::{
    legal_aid_codes, Applicant, CaseStage, Change, ErrorBody, HardshipProof, LawyerContact,
    LegalAidAction, LegalAidActionKind, LegalAidActionResult, LegalAidApplication, LegalAidBody,
    LegalAidFigures, LegalAidQueue, LegalAidQueueItem, LegalAidRequest, LegalAidStatus,
    LegalAidTrackResponse, LegalConsultation, Mutation, MutationBody, OpposingParty, Outcome,
    PROTOCOL_HEADER, PROTOCOL_VERSION, STAFF_HEADER,
};
use borderdesk_server::import_legal_aid;
use chrono::{DateTime, Duration, Utc};
use common::{harness, staff_session, staff_session_at, Dev, Harness};
use reqwest::StatusCode;
use serde_json::json;
use uuid::Uuid;

const SAMPLE: &str = include_str!("../../local/data/sample-legal-aid.json");
const ID_NUMBER: &str = "11010519491231002X";
const TAISHUN: &str = "330329";
const FUDING: &str = "350982";
const LA_TAISHUN: &str = "LA-330329";
const LA_FUDING: &str = "LA-350982";
const LA_CITY: &str = "LA-330100";

struct Setup {
    h: Harness,
    /// A kiosk in the Taishun service hall.
    taishun: Dev,
    /// A kiosk across the border, in Fuding.
    fuding: Dev,
    /// An officer of the Taishun office.
    officer: String,
    /// Officers of the other offices requests go to (their desks, their queues).
    fuding_officer: String,
    city_officer: String,
    clerk: String,
    admin: String,
    seq: AtomicU32,
}

fn sample() -> LegalAidReference {
    serde_json::from_str(SAMPLE).unwrap()
}

async fn setup() -> Setup {
    let h = harness().await;
    import_legal_aid(h.server.pool(), &sample()).await.unwrap();
    let taishun = h.enroll("taishun-hall").await;
    let fuding = h.enroll("fuding-hall").await;
    let officer = staff_session_at(
        &h,
        &taishun,
        "officer1",
        Role::LegalAidOfficer,
        Some(LA_TAISHUN),
    )
    .await;
    let fuding_officer = staff_session_at(
        &h,
        &taishun,
        "officer-fuding",
        Role::LegalAidOfficer,
        Some(LA_FUDING),
    )
    .await;
    let city_officer = staff_session_at(
        &h,
        &taishun,
        "officer-city",
        Role::LegalAidOfficer,
        Some(LA_CITY),
    )
    .await;
    let clerk = staff_session(&h, &taishun, "clerk1", Role::Clerk).await;
    let admin = staff_session(&h, &taishun, "admin1", Role::Admin).await;
    Setup {
        h,
        taishun,
        fuding,
        officer,
        fuding_officer,
        city_officer,
        clerk,
        admin,
        seq: AtomicU32::new(1),
    }
}

/// Where things are for one application.
#[derive(Clone, Default)]
struct Places {
    court: Option<&'static str>,
    obligor: Option<&'static str>,
    events: Option<&'static str>,
}

impl Setup {
    fn number(&self, dev: &Dev) -> TrackingNumber {
        let seq = self.seq.fetch_add(1, Ordering::SeqCst);
        TrackingNumber::issue(DeviceCode(dev.code), seq).unwrap()
    }

    fn application(&self, dev: &Dev, applicant_county: &str, places: Places) -> LegalAidRequest {
        LegalAidRequest {
            id: Uuid::now_v7(),
            tracking_number: self.number(dev),
            body: LegalAidBody::Application(Box::new(LegalAidApplication {
                applicant: Applicant {
                    name: "张三".into(),
                    id_number: ID_NUMBER.into(),
                    phone: "13812345678".into(),
                    address: None,
                },
                agent: None,
                opposing_party: OpposingParty {
                    name: "某建筑公司".into(),
                    is_organisation: true,
                    address: None,
                },
                facts: "工地干了八个月，工资一直没有结清。".into(),
                events_place: Some("泰顺县罗阳镇".into()),
                events_date: None,
                case_stage: match places.court {
                    Some(_) => CaseStage::InCourt {
                        court: "法院".into(),
                        procedure: None,
                    },
                    None => CaseStage::NotInCourt,
                },
                hardship: HardshipProof::Pledge,
                eligibility: serde_json::from_value(json!({
                    "matter": "labour_relations_or_wages",
                    "household_size": 3,
                    "household_monthly_income_fen": 300000
                }))
                .unwrap(),
                routing: RoutingFacts {
                    court_or_authority_county: places.court.map(str::to_owned),
                    obligor_county: places.obligor.map(str::to_owned),
                    events_county: places.events.map(str::to_owned),
                    applicant_county: applicant_county.into(),
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

    /// An application at the Taishun kiosk about wages owed in Taishun.
    fn local_application(&self) -> LegalAidRequest {
        self.application(
            &self.taishun,
            TAISHUN,
            Places {
                obligor: Some(TAISHUN),
                ..Places::default()
            },
        )
    }

    fn consultation(&self) -> LegalAidRequest {
        LegalAidRequest {
            id: Uuid::now_v7(),
            tracking_number: self.number(&self.taishun),
            body: LegalAidBody::Consultation(LegalConsultation {
                topic: "劳动报酬".into(),
                question: "老板拖欠工资三个月，我该怎么办？".into(),
                callback_time: Some("工作日上午".into()),
                phone: "13912345678".into(),
                name: Some("李四".into()),
                county: TAISHUN.into(),
            }),
            made_at: Utc::now(),
        }
    }

    async fn push(&self, dev: &Dev, request: &LegalAidRequest) -> (Uuid, Outcome) {
        let m = Mutation {
            id: Uuid::now_v7(),
            body: MutationBody::SubmitLegalAid {
                request: Box::new(request.clone()),
            },
        };
        let mid = m.id;
        let r = self.h.push(dev, vec![m]).await;
        (mid, r.results[0].outcome.clone())
    }

    async fn submit(&self, dev: &Dev, request: &LegalAidRequest) {
        assert_eq!(self.push(dev, request).await.1, Outcome::Applied);
    }

    fn get(&self, session: &str, path: &str) -> reqwest::RequestBuilder {
        self.h
            .http
            .get(self.h.url(path))
            .bearer_auth(&self.taishun.token)
            .header(PROTOCOL_HEADER, PROTOCOL_VERSION.to_string())
            .header(STAFF_HEADER, session)
    }

    async fn act_raw(
        &self,
        session: &str,
        request_id: Uuid,
        action_id: Uuid,
        step: LegalAidActionKind,
    ) -> reqwest::Response {
        self.h
            .http
            .post(
                self.h
                    .url(&format!("/v1/sync/legal-aid/requests/{request_id}/actions")),
            )
            .bearer_auth(&self.taishun.token)
            .header(PROTOCOL_HEADER, PROTOCOL_VERSION.to_string())
            .header(STAFF_HEADER, session)
            .json(&LegalAidAction { action_id, step })
            .send()
            .await
            .unwrap()
    }

    /// A step by the officer with a fresh action id, which must succeed.
    async fn act(&self, request_id: Uuid, step: LegalAidActionKind) -> LegalAidActionResult {
        let r = self
            .act_raw(&self.officer, request_id, Uuid::now_v7(), step)
            .await;
        assert_eq!(r.status(), StatusCode::OK, "{}", r.text().await.unwrap());
        r.json().await.unwrap()
    }

    /// A step by the officer that must be refused with this status and code.
    async fn refused(&self, request_id: Uuid, step: LegalAidActionKind, status: u16, code: &str) {
        let r = self
            .act_raw(&self.officer, request_id, Uuid::now_v7(), step)
            .await;
        assert_eq!(r.status().as_u16(), status);
        assert_eq!(r.json::<ErrorBody>().await.unwrap().code, code);
    }

    async fn queue(&self, office: &str, as_of: Option<DateTime<Utc>>) -> LegalAidQueue {
        let mut q = vec![("office_code", office.to_owned())];
        if let Some(t) = as_of {
            q.push(("as_of", t.to_rfc3339()));
        }
        // Each office's queue is read by one of its own officers.
        let officer = match office {
            LA_FUDING => &self.fuding_officer,
            LA_CITY => &self.city_officer,
            _ => &self.officer,
        };
        let r = self
            .get(officer, "/v1/sync/legal-aid/queue")
            .query(&q)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        r.json().await.unwrap()
    }

    /// The legal aid changes the device pulled for this request: (status, change).
    async fn feed_now(&self, dev: &Dev, request_id: Uuid) -> Vec<(LegalAidStatus, Change)> {
        self.h
            .pull(dev, None, Some(1000))
            .await
            .changes
            .into_iter()
            .filter_map(|c| match &c {
                Change::LegalAidStatus {
                    request_id: id,
                    status,
                    ..
                } if *id == request_id => Some((*status, c.clone())),
                _ => None,
            })
            .collect()
    }

    /// At least `n` changes for the request. The feed serves a change only once every older
    /// transaction of the cluster has ended (tests of other files run beside this one), so it
    /// may take a moment to appear.
    async fn feed_of(
        &self,
        dev: &Dev,
        request_id: Uuid,
        n: usize,
    ) -> Vec<(LegalAidStatus, Change)> {
        for _ in 0..100 {
            let feed = self.feed_now(dev, request_id).await;
            if feed.len() >= n {
                return feed;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        self.feed_now(dev, request_id).await
    }

    async fn office_of_receipt(&self, dev: &Dev, request_id: Uuid) -> (String, Vec<String>) {
        let feed = self.feed_of(dev, request_id, 1).await;
        match &feed[0] {
            (
                LegalAidStatus::Received,
                Change::LegalAidStatus {
                    office,
                    routing_notes,
                    ..
                },
            ) => (office.code.clone(), routing_notes.clone()),
            other => panic!("first change is not the receipt: {other:?}"),
        }
    }
}

fn decide(approve: bool, reasons: Option<&str>) -> LegalAidActionKind {
    LegalAidActionKind::Decide {
        approve,
        reasons: reasons.map(str::to_owned),
    }
}

fn lawyer() -> LegalAidActionKind {
    LegalAidActionKind::Assign {
        lawyer: LawyerContact {
            name: "王律师".into(),
            firm: "浙江泰顺某律师事务所".into(),
            phone: "0577-12345678".into(),
        },
    }
}

fn shanghai(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

// ----- routing ---------------------------------------------------------------------------------

#[tokio::test]
async fn wages_owed_in_taishun_go_to_the_taishun_office_once_however_often_pushed() {
    let s = setup().await;
    let req = s.local_application();
    let m = Mutation {
        id: Uuid::now_v7(),
        body: MutationBody::SubmitLegalAid {
            request: Box::new(req.clone()),
        },
    };
    let first = s.h.push(&s.taishun, vec![m.clone()]).await;
    assert_eq!(first.results[0].outcome, Outcome::Applied);
    let again = s.h.push(&s.taishun, vec![m]).await;
    assert_eq!(again.results[0].outcome, Outcome::Duplicate);
    // The same request under a new mutation id (a restored backup) is not stored twice.
    assert_eq!(s.push(&s.taishun, &req).await.1, Outcome::Duplicate);
    let rows: i64 = sqlx::query_scalar("SELECT count(*) FROM legal_aid_requests")
        .fetch_one(s.h.server.pool())
        .await
        .unwrap();
    assert_eq!(rows, 1);
    let (office, notes) = s.office_of_receipt(&s.taishun, req.id).await;
    assert_eq!(office, LA_TAISHUN);
    assert_eq!(notes, vec!["legal-aid-routing-obligor-location"]);
    assert_eq!(s.feed_now(&s.taishun, req.id).await.len(), 1);
    // The Fuding kiosk never hears of it: it was not made there.
    assert!(s.feed_now(&s.fuding, req.id).await.is_empty());
    let q = s.queue(LA_TAISHUN, None).await;
    assert_eq!(q.items.len(), 1);
    assert_eq!(q.items[0].status, LegalAidStatus::Received);
}

#[tokio::test]
async fn a_court_case_in_hangzhou_goes_to_the_hangzhou_office_in_another_city() {
    let s = setup().await;
    let req = s.application(
        &s.taishun,
        TAISHUN,
        Places {
            court: Some("330102"),
            obligor: Some(TAISHUN),
            ..Places::default()
        },
    );
    s.submit(&s.taishun, &req).await;
    let (office, notes) = s.office_of_receipt(&s.taishun, req.id).await;
    assert_eq!(office, "LA-330100");
    assert_eq!(
        notes,
        vec![
            "legal-aid-routing-court-seat",
            "legal-aid-routing-cross-city"
        ]
    );
    assert_eq!(s.queue(LA_CITY, None).await.items.len(), 1);
    assert!(s.queue(LA_TAISHUN, None).await.items.is_empty());
}

#[tokio::test]
async fn an_employer_across_the_border_sends_it_to_the_fuding_office() {
    let s = setup().await;
    let req = s.application(
        &s.taishun,
        TAISHUN,
        Places {
            obligor: Some(FUDING),
            ..Places::default()
        },
    );
    s.submit(&s.taishun, &req).await;
    let (office, notes) = s.office_of_receipt(&s.taishun, req.id).await;
    assert_eq!(office, LA_FUDING);
    assert_eq!(
        notes,
        vec![
            "legal-aid-routing-obligor-location",
            "legal-aid-routing-cross-province"
        ]
    );
    assert_eq!(s.queue(LA_FUDING, None).await.items.len(), 1);
}

#[tokio::test]
async fn of_two_competent_offices_the_first_to_receive_keeps_the_matter() {
    let s = setup().await;
    // Employer in Fuding, work done in Taishun: both offices are competent. Applied for in
    // Taishun first, Taishun's office receives it.
    let places = Places {
        obligor: Some(FUDING),
        events: Some(TAISHUN),
        ..Places::default()
    };
    let first = s.application(&s.taishun, TAISHUN, places.clone());
    s.submit(&s.taishun, &first).await;
    let (office, notes) = s.office_of_receipt(&s.taishun, first.id).await;
    assert_eq!(office, LA_TAISHUN);
    assert!(notes.contains(&"legal-aid-routing-first-to-receive".to_string()));
    // The same person then applies for the same matter at a Fuding kiosk, which alone would
    // pick Fuding's office: the office that received it first keeps it.
    let second = s.application(&s.fuding, FUDING, places);
    s.submit(&s.fuding, &second).await;
    let (office, notes) = s.office_of_receipt(&s.fuding, second.id).await;
    assert_eq!(office, LA_TAISHUN);
    assert!(notes.contains(&"legal-aid-routing-first-to-receive".to_string()));
    let q = s.queue(LA_TAISHUN, None).await;
    assert_eq!(q.items.len(), 2);
    assert!(q.items.iter().all(|i| i.first_to_receive));
    assert!(s.queue(LA_FUDING, None).await.items.is_empty());
}

#[tokio::test]
async fn a_request_naming_no_place_is_rejected_with_the_rule_code() {
    let s = setup().await;
    let req = s.application(&s.taishun, TAISHUN, Places::default());
    match s.push(&s.taishun, &req).await.1 {
        Outcome::Rejected { code, .. } => assert_eq!(code, "error-legal-aid-no-place-given"),
        other => panic!("{other:?}"),
    }
}

/// The server refuses what the kiosk would have refused (the same check, `LegalAidBody::problem`),
/// and only the bad one: the good request pushed with them is applied.
#[tokio::test]
async fn a_request_the_kiosk_would_refuse_is_refused_here_too_and_blocks_nothing() {
    let s = setup().await;
    let mut bads = Vec::new();
    type Edit = fn(&mut LegalAidBody);
    let edits: [(&str, Edit); 6] = [
        ("applicant_id_number", |b| {
            if let LegalAidBody::Application(a) = b {
                a.applicant.id_number = "330329199001011234".into();
            }
        }),
        ("applicant_phone", |b| {
            if let LegalAidBody::Application(a) = b {
                a.applicant.phone = "1234".into();
            }
        }),
        ("events_date", |b| {
            if let LegalAidBody::Application(a) = b {
                a.events_date = Some((Utc::now() + Duration::days(30)).date_naive());
            }
        }),
        ("phone", |b| {
            if let LegalAidBody::Consultation(c) = b {
                c.phone = "not a phone".into();
            }
        }),
        // A name no form cell holds.
        ("opposing_name", |b| {
            if let LegalAidBody::Application(a) = b {
                a.opposing_party.name = "某".repeat(101);
            }
        }),
        // A "signature" no pad draws: a point far off the pad.
        ("signature", |b| {
            if let LegalAidBody::Application(a) = b {
                a.signature = Some(borderdesk_core::signature::Signature {
                    width: 600,
                    height: 240,
                    strokes: vec![vec![
                        borderdesk_core::signature::SignaturePoint { x: 0, y: 0 },
                        borderdesk_core::signature::SignaturePoint { x: 90_000, y: 10 },
                    ]],
                });
            }
        }),
    ];
    for (field, edit) in edits {
        let mut r = if field == "phone" {
            s.consultation()
        } else {
            s.local_application()
        };
        edit(&mut r.body);
        bads.push((field, r));
    }
    for (field, r) in &bads {
        match s.push(&s.taishun, r).await.1 {
            Outcome::Rejected { code, message } => {
                assert_eq!(code, "error-legal-aid-request-malformed");
                assert!(message.starts_with(field), "{field}: {message}");
            }
            other => panic!("{field}: {other:?}"),
        }
    }
    s.submit(&s.taishun, &s.consultation()).await;
    // A signature made on a pad is kept with the application, for the office's form.
    let mut signed = s.local_application();
    if let LegalAidBody::Application(a) = &mut signed.body {
        a.applicant.id_number = "330329199001011235".into();
        a.signature = Some(borderdesk_core::signature::Signature {
            width: 600,
            height: 240,
            strokes: vec![vec![
                borderdesk_core::signature::SignaturePoint { x: 40, y: 120 },
                borderdesk_core::signature::SignaturePoint { x: 560, y: 110 },
            ]],
        });
    }
    s.submit(&s.taishun, &signed).await;
    let points: i32 = sqlx::query_scalar(
        "SELECT jsonb_array_length(body->'signature'->'strokes'->0) FROM legal_aid_requests
          WHERE id = $1",
    )
    .bind(signed.id)
    .fetch_one(s.h.server.pool())
    .await
    .unwrap();
    assert_eq!(points, 2);
}

// ----- queue and urgency -----------------------------------------------------------------------

#[tokio::test]
async fn urgent_requests_come_first_in_the_queue() {
    let s = setup().await;
    let calm = s.local_application();
    s.submit(&s.taishun, &calm).await;
    let mut urgent = s.local_application();
    if let LegalAidBody::Application(a) = &mut urgent.body {
        a.applicant.id_number = "330329199001011235".into();
        a.urgency.deadline = Some((Utc::now() + Duration::days(3)).date_naive());
    }
    s.submit(&s.taishun, &urgent).await;
    let q = s.queue(LA_TAISHUN, None).await;
    assert_eq!(q.items.len(), 2);
    assert_eq!(q.items[0].request_id, urgent.id);
    assert!(q.items[0].urgent);
    assert!(!q.items[0].urgency.is_empty());
    assert_eq!(q.items[1].request_id, calm.id);
    assert!(!q.items[1].urgent);
}

// ----- the office workflow ---------------------------------------------------------------------

#[tokio::test]
async fn an_officer_works_only_the_queue_cases_and_figures_of_their_own_office() {
    let s = setup().await;
    let req = s.local_application();
    s.submit(&s.taishun, &req).await;
    let code = |r: reqwest::Response| async move {
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
        r.json::<ErrorBody>().await.unwrap().code
    };
    // Fuding's officer cannot read Taishun's queue or one of its cases, nor act on it.
    let r = s
        .get(&s.fuding_officer, "/v1/sync/legal-aid/queue")
        .query(&[("office_code", LA_TAISHUN)])
        .send()
        .await
        .unwrap();
    assert_eq!(code(r).await, "error-staff-wrong-office");
    let r = s
        .get(
            &s.fuding_officer,
            &format!("/v1/sync/legal-aid/requests/{}", req.id),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(code(r).await, "error-staff-wrong-office");
    let r = s
        .act_raw(
            &s.fuding_officer,
            req.id,
            Uuid::now_v7(),
            LegalAidActionKind::Accept,
        )
        .await;
    assert_eq!(code(r).await, "error-staff-wrong-office");
    // A clerk and an admin have no legal aid desk: no queue, no case.
    for session in [&s.clerk, &s.admin] {
        let r = s
            .get(session, "/v1/sync/legal-aid/queue")
            .query(&[("office_code", LA_TAISHUN)])
            .send()
            .await
            .unwrap();
        assert_eq!(code(r).await, "error-permission-denied");
    }
    // Taishun's own officer reads both.
    assert_eq!(s.queue(LA_TAISHUN, None).await.items.len(), 1);
    let r = s
        .get(
            &s.officer,
            &format!("/v1/sync/legal-aid/requests/{}", req.id),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);

    // Figures: an officer's own office (asking for all gives theirs), never another's; an
    // admin any office or all.
    let today = Utc::now()
        .with_timezone(&borderdesk_core::legal_aid::shanghai())
        .date_naive()
        .to_string();
    let figures = |session: &str, office: Option<&str>| {
        let mut q = vec![("from", today.clone()), ("to", today.clone())];
        if let Some(o) = office {
            q.push(("office_code", o.to_string()));
        }
        s.get(session, "/v1/sync/legal-aid/figures")
            .query(&q)
            .send()
    };
    let r = figures(&s.officer, None).await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let f: LegalAidFigures = r.json().await.unwrap();
    assert_eq!(
        f.offices
            .iter()
            .map(|o| o.office_code.as_str())
            .collect::<Vec<_>>(),
        [LA_TAISHUN]
    );
    let r = figures(&s.officer, Some(LA_FUDING)).await.unwrap();
    assert_eq!(code(r).await, "error-staff-wrong-office");
    let r = figures(&s.admin, None).await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.json::<LegalAidFigures>().await.unwrap().offices.len() > 1);
    let r = s
        .get(&s.officer, "/v1/sync/legal-aid/figures.csv")
        .query(&[
            ("from", today.as_str()),
            ("to", today.as_str()),
            ("office_code", LA_FUDING),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(code(r).await, "error-staff-wrong-office");
}

#[tokio::test]
async fn a_clerk_without_the_permission_cannot_accept() {
    let s = setup().await;
    let req = s.local_application();
    s.submit(&s.taishun, &req).await;
    let r = s
        .act_raw(&s.clerk, req.id, Uuid::now_v7(), LegalAidActionKind::Accept)
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        r.json::<ErrorBody>().await.unwrap().code,
        "error-permission-denied"
    );
}

#[tokio::test]
async fn each_step_only_from_its_state_once_and_the_kiosk_hears_of_each() {
    let s = setup().await;
    let req = s.local_application();
    s.submit(&s.taishun, &req).await;
    let wrong = legal_aid_codes::WRONG_STATE;
    s.refused(req.id, decide(true, None), 409, wrong).await;
    s.refused(req.id, lawyer(), 409, wrong).await;

    let accept_id = Uuid::now_v7();
    let r = s
        .act_raw(&s.officer, req.id, accept_id, LegalAidActionKind::Accept)
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let accepted: LegalAidActionResult = r.json().await.unwrap();
    assert_eq!(accepted.status, LegalAidStatus::Accepted);
    // A replay of the same action answers the same; a new accept is refused.
    let r = s
        .act_raw(&s.officer, req.id, accept_id, LegalAidActionKind::Accept)
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.json::<LegalAidActionResult>().await.unwrap(), accepted);
    s.refused(req.id, LegalAidActionKind::Accept, 409, wrong)
        .await;
    // The same action id for another step is refused.
    let r = s
        .act_raw(&s.officer, req.id, accept_id, decide(true, None))
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert_eq!(
        r.json::<ErrorBody>().await.unwrap().code,
        legal_aid_codes::ACTION_ID_REUSED
    );
    s.refused(
        req.id,
        LegalAidActionKind::Answer { note: "x".into() },
        409,
        legal_aid_codes::WRONG_KIND,
    )
    .await;

    assert_eq!(
        s.act(req.id, decide(true, None)).await.status,
        LegalAidStatus::Approved
    );
    s.refused(req.id, decide(true, None), 409, wrong).await;
    s.refused(req.id, LegalAidActionKind::Accept, 409, wrong)
        .await;
    assert_eq!(
        s.act(req.id, lawyer()).await.status,
        LegalAidStatus::Assigned
    );
    s.refused(req.id, lawyer(), 409, wrong).await;
    s.refused(
        req.id,
        LegalAidActionKind::Transfer {
            to_office: LA_FUDING.into(),
            reason: "x".into(),
        },
        409,
        wrong,
    )
    .await;

    let feed = s.feed_of(&s.taishun, req.id, 4).await;
    let statuses: Vec<LegalAidStatus> = feed.iter().map(|(st, _)| *st).collect();
    assert_eq!(
        statuses,
        vec![
            LegalAidStatus::Received,
            LegalAidStatus::Accepted,
            LegalAidStatus::Approved,
            LegalAidStatus::Assigned
        ]
    );
    match &feed[3].1 {
        Change::LegalAidStatus { lawyer, .. } => {
            assert_eq!(lawyer.as_ref().unwrap().name, "王律师")
        }
        _ => unreachable!(),
    }
    // The citizen sees the lawyer at any kiosk with the last four of the ID number.
    let r =
        s.h.http
            .post(s.h.url("/v1/sync/legal-aid/track"))
            .bearer_auth(&s.fuding.token)
            .header(PROTOCOL_HEADER, PROTOCOL_VERSION.to_string())
            .json(&json!({"tracking_number": req.tracking_number.as_str(), "last_four": "002x"}))
            .send()
            .await
            .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let t: LegalAidTrackResponse = r.json().await.unwrap();
    assert_eq!(t.status, LegalAidStatus::Assigned);
    assert_eq!(t.lawyer.unwrap().firm, "浙江泰顺某律师事务所");
    // Every step is in the audit log, without the citizen's data.
    let actions: Vec<String> = sqlx::query_scalar(
        "SELECT action FROM audit_log WHERE action LIKE 'legal_aid_%' ORDER BY id",
    )
    .fetch_all(s.h.server.pool())
    .await
    .unwrap();
    assert_eq!(
        actions,
        vec!["legal_aid_accept", "legal_aid_decide", "legal_aid_assign"]
    );
    let leaked: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM audit_log WHERE detail::text LIKE '%' || $1 || '%'",
    )
    .bind(ID_NUMBER)
    .fetch_one(s.h.server.pool())
    .await
    .unwrap();
    assert_eq!(leaked, 0);
}

#[tokio::test]
async fn missing_materials_are_asked_for_in_one_notice_only() {
    let s = setup().await;
    let req = s.local_application();
    s.submit(&s.taishun, &req).await;
    s.refused(
        req.id,
        LegalAidActionKind::RequestMaterials {
            items: vec![" ".into()],
            note: None,
        },
        422,
        legal_aid_codes::MATERIALS_EMPTY,
    )
    .await;
    let items = vec!["劳动合同或工资条".to_string(), "身份证复印件".to_string()];
    let r = s
        .act(
            req.id,
            LegalAidActionKind::RequestMaterials {
                items: items.clone(),
                note: Some("请一次带齐".into()),
            },
        )
        .await;
    assert_eq!(r.status, LegalAidStatus::MaterialsRequested);
    s.refused(
        req.id,
        LegalAidActionKind::RequestMaterials {
            items: vec!["银行流水".into()],
            note: None,
        },
        409,
        legal_aid_codes::MATERIALS_REQUESTED_ALREADY,
    )
    .await;
    let feed = s.feed_of(&s.taishun, req.id, 2).await;
    match &feed.last().unwrap().1 {
        Change::LegalAidStatus {
            missing_materials, ..
        } => assert_eq!(missing_materials, &items),
        _ => unreachable!(),
    }
    // Once the materials are in, the office decides.
    assert_eq!(
        s.act(req.id, decide(true, None)).await.status,
        LegalAidStatus::Approved
    );
}

#[tokio::test]
async fn a_refusal_needs_written_reasons_and_the_citizen_reads_them() {
    let s = setup().await;
    let req = s.local_application();
    s.submit(&s.taishun, &req).await;
    s.act(req.id, LegalAidActionKind::Accept).await;
    s.refused(
        req.id,
        decide(false, None),
        422,
        legal_aid_codes::REASONS_REQUIRED,
    )
    .await;
    s.refused(
        req.id,
        decide(false, Some("  ")),
        422,
        legal_aid_codes::REASONS_REQUIRED,
    )
    .await;
    let reasons = "家庭人均收入高于本省经济困难标准。";
    assert_eq!(
        s.act(req.id, decide(false, Some(reasons))).await.status,
        LegalAidStatus::Refused
    );
    let feed = s.feed_of(&s.taishun, req.id, 3).await;
    match &feed.last().unwrap().1 {
        Change::LegalAidStatus { status, note, .. } => {
            assert_eq!(*status, LegalAidStatus::Refused);
            assert_eq!(note.as_deref(), Some(reasons));
        }
        _ => unreachable!(),
    }
    // A refused request leaves the queue.
    assert!(s.queue(LA_TAISHUN, None).await.items.is_empty());
}

#[tokio::test]
async fn a_transfer_moves_the_request_into_the_other_office_queue() {
    let s = setup().await;
    let req = s.local_application();
    s.submit(&s.taishun, &req).await;
    let to = |office: &str, reason: &str| LegalAidActionKind::Transfer {
        to_office: office.into(),
        reason: reason.into(),
    };
    s.refused(
        req.id,
        to(LA_FUDING, ""),
        422,
        legal_aid_codes::NOTE_REQUIRED,
    )
    .await;
    s.refused(
        req.id,
        to(LA_TAISHUN, "x"),
        422,
        legal_aid_codes::TRANSFER_SAME_OFFICE,
    )
    .await;
    s.refused(
        req.id,
        to("LA-999999", "x"),
        404,
        legal_aid_codes::OFFICE_UNKNOWN,
    )
    .await;
    let r = s
        .act(req.id, to(LA_FUDING, "用人单位在福鼎，由福鼎办理"))
        .await;
    assert_eq!(r.status, LegalAidStatus::Transferred);
    assert_eq!(r.office_code, LA_FUDING);
    assert!(s.queue(LA_TAISHUN, None).await.items.is_empty());
    let q = s.queue(LA_FUDING, None).await;
    assert_eq!(q.items.len(), 1);
    assert_eq!(q.items[0].status, LegalAidStatus::Transferred);
    // The sending office no longer works it; the receiving office accepts it; the kiosk sees
    // where it went.
    s.refused(
        req.id,
        LegalAidActionKind::Accept,
        403,
        "error-staff-wrong-office",
    )
    .await;
    let r = s
        .act_raw(
            &s.fuding_officer,
            req.id,
            Uuid::now_v7(),
            LegalAidActionKind::Accept,
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        r.json::<LegalAidActionResult>().await.unwrap().status,
        LegalAidStatus::Accepted
    );
    let feed = s.feed_of(&s.taishun, req.id, 3).await;
    match &feed[1].1 {
        Change::LegalAidStatus {
            status,
            office,
            note,
            ..
        } => {
            assert_eq!(*status, LegalAidStatus::Transferred);
            assert_eq!(office.code, LA_FUDING);
            assert!(note.as_deref().unwrap().contains("福鼎"));
        }
        _ => unreachable!(),
    }
}

#[tokio::test]
async fn a_consultation_is_answered_with_a_note() {
    let s = setup().await;
    let req = s.consultation();
    s.submit(&s.taishun, &req).await;
    let (office, _) = s.office_of_receipt(&s.taishun, req.id).await;
    assert_eq!(office, LA_TAISHUN);
    s.refused(
        req.id,
        LegalAidActionKind::Accept,
        409,
        legal_aid_codes::WRONG_KIND,
    )
    .await;
    s.refused(
        req.id,
        LegalAidActionKind::Answer { note: " ".into() },
        422,
        legal_aid_codes::NOTE_REQUIRED,
    )
    .await;
    let r = s
        .act(
            req.id,
            LegalAidActionKind::Answer {
                note: "已电话答复：可先向劳动保障监察投诉。".into(),
            },
        )
        .await;
    assert_eq!(r.status, LegalAidStatus::Answered);
    s.refused(
        req.id,
        LegalAidActionKind::Answer {
            note: "again".into(),
        },
        409,
        legal_aid_codes::WRONG_STATE,
    )
    .await;
    let statuses: Vec<LegalAidStatus> = s
        .feed_of(&s.taishun, req.id, 2)
        .await
        .into_iter()
        .map(|(st, _)| st)
        .collect();
    assert_eq!(
        statuses,
        vec![LegalAidStatus::Received, LegalAidStatus::Answered]
    );
}

// ----- deadlines -------------------------------------------------------------------------------

#[tokio::test]
async fn deadlines_and_overdue_follow_the_settings_in_working_or_calendar_days() {
    let s = setup().await;
    let req = s.local_application();
    s.submit(&s.taishun, &req).await;
    // Received on Wednesday 30 September 2026, 10:00, the day before the National Day break
    // (1–7 October; Saturday 10 October is a working day).
    sqlx::query("UPDATE legal_aid_requests SET received_at = $2 WHERE id = $1")
        .bind(req.id)
        .bind(shanghai("2026-09-30T10:00:00+08:00"))
        .execute(s.h.server.pool())
        .await
        .unwrap();
    let friday_noon = shanghai("2026-10-09T12:00:00+08:00");

    // Sample settings: 7 working days, and the county's same-day target.
    let q = s.queue(LA_TAISHUN, Some(friday_noon)).await;
    let item = &q.items[0];
    let clock = item.clock.unwrap();
    assert_eq!(clock.due, shanghai("2026-10-15T23:59:59+08:00"));
    assert_eq!(clock.target, Some(shanghai("2026-09-30T17:00:00+08:00")));
    assert!(!item.overdue);
    assert!(item.misses_target);
    // On the same day before 17:00 nothing is late.
    let q = s
        .queue(LA_TAISHUN, Some(shanghai("2026-09-30T16:00:00+08:00")))
        .await;
    assert!(!q.items[0].overdue && !q.items[0].misses_target);

    // Calendar days: 30 Sep + 7 = 7 Oct, a holiday, so the limit runs to 8 Oct: overdue.
    let mut reference = sample();
    reference.deadlines.decide_in = DayCount::Calendar;
    reference.deadlines.same_day_target = false;
    import_legal_aid(s.h.server.pool(), &reference)
        .await
        .unwrap();
    let q = s.queue(LA_TAISHUN, Some(friday_noon)).await;
    let item = &q.items[0];
    let clock = item.clock.unwrap();
    assert_eq!(clock.due, shanghai("2026-10-08T23:59:59+08:00"));
    assert_eq!(clock.target, None);
    assert!(item.overdue);
    assert!(item.misses_target);
}

#[tokio::test]
async fn the_queue_puts_the_nearer_deadline_first_and_times_assignment_after_approval() {
    let s = setup().await;
    let older = s.local_application();
    s.submit(&s.taishun, &older).await;
    let mut newer = s.local_application();
    if let LegalAidBody::Application(a) = &mut newer.body {
        a.applicant.id_number = "330329199001011235".into();
    }
    s.submit(&s.taishun, &newer).await;
    // The newer one was received earlier (moved back), so its deadline is nearer.
    sqlx::query("UPDATE legal_aid_requests SET received_at = $2 WHERE id = $1")
        .bind(newer.id)
        .bind(shanghai("2026-11-02T09:00:00+08:00"))
        .execute(s.h.server.pool())
        .await
        .unwrap();
    let q = s.queue(LA_TAISHUN, None).await;
    assert_eq!(q.items[0].request_id, newer.id);
    assert!(q.items[0].overdue);
    // After approval the clock is the assignment's (3 working days).
    s.act(older.id, LegalAidActionKind::Accept).await;
    let approved = s.act(older.id, decide(true, None)).await;
    let q = s.queue(LA_TAISHUN, None).await;
    let item = q.items.iter().find(|i| i.request_id == older.id).unwrap();
    let clock = item.clock.unwrap();
    assert_eq!(clock.step, borderdesk_core::legal_aid::LegalAidStep::Assign);
    assert_eq!(clock.started, approved.at);
}

// ----- figures ---------------------------------------------------------------------------------

#[tokio::test]
async fn figures_for_a_period_as_json_and_as_csv() {
    let s = setup().await;
    let assigned = s.local_application();
    s.submit(&s.taishun, &assigned).await;
    s.act(assigned.id, LegalAidActionKind::Accept).await;
    s.act(assigned.id, decide(true, None)).await;
    s.act(assigned.id, lawyer()).await;
    let mut waiting = s.local_application();
    if let LegalAidBody::Application(a) = &mut waiting.body {
        a.applicant.id_number = "330329199001011235".into();
    }
    s.submit(&s.taishun, &waiting).await;
    let consultation = s.consultation();
    s.submit(&s.taishun, &consultation).await;
    s.act(
        consultation.id,
        LegalAidActionKind::Answer {
            note: "已答复".into(),
        },
    )
    .await;

    // 好差评 of the office's work: the application rated well, the consultation poorly.
    for (request, service, level) in [
        (
            &assigned,
            borderdesk_core::rating::RatedService::LegalAid,
            borderdesk_core::rating::RatingLevel::Satisfied,
        ),
        (
            &consultation,
            borderdesk_core::rating::RatedService::Consultation,
            borderdesk_core::rating::RatingLevel::VeryDissatisfied,
        ),
    ] {
        let rated =
            s.h.push(
                &s.taishun,
                vec![Mutation {
                    id: Uuid::now_v7(),
                    body: MutationBody::SubmitRating {
                        rating: borderdesk_protocol::RatingUpload {
                            id: Uuid::now_v7(),
                            service,
                            tracking_number: request.tracking_number.as_str().to_string(),
                            level,
                            reasons: vec![],
                            rated_at: Utc::now(),
                        },
                    },
                }],
            )
            .await;
        assert_eq!(rated.results[0].outcome, Outcome::Applied);
    }

    let today = Utc::now()
        .with_timezone(&borderdesk_core::legal_aid::shanghai())
        .date_naive();
    let period = [
        ("from", today.to_string()),
        ("to", today.to_string()),
        ("office_code", LA_TAISHUN.to_string()),
    ];
    // A clerk does not see figures; an officer and an admin do.
    let r = s
        .get(&s.clerk, "/v1/sync/legal-aid/figures")
        .query(&period)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = s
        .get(&s.admin, "/v1/sync/legal-aid/figures")
        .query(&period)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let f: LegalAidFigures = r.json().await.unwrap();
    assert_eq!(f.offices.len(), 1);
    let o = &f.offices[0];
    assert_eq!(o.office_code, LA_TAISHUN);
    assert_eq!(o.consultations_answered, 1);
    assert_eq!(o.applications_received, 2);
    assert_eq!(o.accepted, 1);
    assert_eq!(o.approved, 1);
    assert_eq!(o.assigned, 1);
    assert_eq!(o.assigned_same_day, 1);
    assert!(o.average_hours_to_assignment.unwrap() < 1.0);
    assert_eq!((o.ratings_given, o.ratings_poor), (2, 1));

    // Yesterday nothing happened.
    let yesterday = today.pred_opt().unwrap().to_string();
    let r = s
        .get(&s.officer, "/v1/sync/legal-aid/figures")
        .query(&[
            ("from", yesterday.as_str()),
            ("to", yesterday.as_str()),
            ("office_code", LA_TAISHUN),
        ])
        .send()
        .await
        .unwrap();
    let f: LegalAidFigures = r.json().await.unwrap();
    assert_eq!(f.offices[0].applications_received, 0);
    assert_eq!(f.offices[0].average_hours_to_assignment, None);

    let r = s
        .get(&s.officer, "/v1/sync/legal-aid/figures.csv")
        .query(&period)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    let bytes = r.bytes().await.unwrap();
    assert_eq!(
        &bytes[..3],
        b"\xEF\xBB\xBF",
        "UTF-8 byte-order mark for Excel"
    );
    let text = std::str::from_utf8(&bytes[3..]).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2);
    assert!(lines[0].contains("当日指派"), "{}", lines[0]);
    let cells: Vec<&str> = lines[1].split(',').collect();
    assert_eq!(cells[0], LA_TAISHUN);
    assert_eq!(cells[1], "泰顺县法律援助中心");
    assert_eq!(&cells[3..10], &["1", "2", "1", "1", "0", "1", "1"]);
    assert_eq!(&cells[11..13], &["2", "1"]);
    let exports: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM audit_log WHERE action = 'legal_aid_figures_export'",
    )
    .fetch_one(s.h.server.pool())
    .await
    .unwrap();
    assert_eq!(exports, 1);
}

#[tokio::test]
async fn pushed_at_once_at_two_kiosks_the_same_matter_lands_at_one_office() {
    let s = setup().await;
    let places = Places {
        obligor: Some(FUDING),
        events: Some(TAISHUN),
        ..Places::default()
    };
    let a = s.application(&s.taishun, TAISHUN, places.clone());
    let b = s.application(&s.fuding, FUDING, places);
    let (ra, rb) = tokio::join!(s.push(&s.taishun, &a), s.push(&s.fuding, &b));
    assert_eq!((ra.1, rb.1), (Outcome::Applied, Outcome::Applied));
    let offices: Vec<String> =
        sqlx::query_scalar("SELECT DISTINCT office_code FROM legal_aid_requests")
            .fetch_all(s.h.server.pool())
            .await
            .unwrap();
    assert_eq!(offices.len(), 1, "{offices:?}");
}

// ----- reference data and the API document -----------------------------------------------------

#[tokio::test]
async fn without_reference_data_a_push_waits_and_the_command_line_imports_it() {
    let h = harness().await;
    let kiosk = h.enroll("taishun-hall").await;
    let s = Setup {
        officer: String::new(),
        fuding_officer: String::new(),
        city_officer: String::new(),
        clerk: String::new(),
        admin: String::new(),
        taishun: kiosk.clone(),
        fuding: kiosk.clone(),
        seq: AtomicU32::new(1),
        h,
    };
    let req = s.local_application();
    let m = Mutation {
        id: Uuid::now_v7(),
        body: MutationBody::SubmitLegalAid {
            request: Box::new(req.clone()),
        },
    };
    // Not a rejection, and no 5xx: the request gets no answer (the device keeps it and
    // pushes again later) while the application beside it in the batch applies.
    let app = common::submit(common::application(kiosk.code, 1));
    let r = s.h.push(&kiosk, vec![m.clone(), app.clone()]).await;
    assert_eq!(r.results.len(), 1, "{:?}", r.results);
    assert_eq!(
        (r.results[0].id, &r.results[0].outcome),
        (app.id, &Outcome::Applied)
    );
    // The reference itself answers 409 with its code, not 503.
    let r =
        s.h.http
            .get(s.h.url("/v1/sync/legal-aid/reference"))
            .bearer_auth(&kiosk.token)
            .header(
                borderdesk_protocol::PROTOCOL_HEADER,
                borderdesk_protocol::PROTOCOL_VERSION.to_string(),
            )
            .send()
            .await
            .unwrap();
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert_eq!(
        r.json::<ErrorBody>().await.unwrap().code,
        legal_aid_codes::REFERENCE_MISSING
    );

    let dir = std::env::temp_dir().join(format!("borderdesk-legal-aid-{}", Uuid::now_v7()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("legal-aid.json");
    let mut bad = sample();
    bad.offices.push(bad.offices[0].clone());
    std::fs::write(&path, serde_json::to_string(&bad).unwrap()).unwrap();
    let run = |path: &std::path::Path| {
        std::process::Command::new(env!("CARGO_BIN_EXE_borderdesk-server"))
            .arg("import-legal-aid")
            .arg(path)
            .env("BORDERDESK_DATABASE_URL", &s.h.database_url)
            .output()
            .unwrap()
    };
    let out = run(&path);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("used twice"));
    std::fs::write(&path, SAMPLE).unwrap();
    let out = run(&path);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::remove_dir_all(&dir).ok();

    assert_eq!(
        s.h.push(&kiosk, vec![m]).await.results[0].outcome,
        Outcome::Applied
    );
    // Devices cache the same reference data.
    let r =
        s.h.http
            .get(s.h.url("/v1/sync/legal-aid/reference"))
            .bearer_auth(&kiosk.token)
            .header(PROTOCOL_HEADER, PROTOCOL_VERSION.to_string())
            .send()
            .await
            .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.json::<LegalAidReference>().await.unwrap(), sample());
}

#[tokio::test]
async fn the_openapi_document_lists_the_legal_aid_routes() {
    let s = setup().await;
    let doc = s.h.openapi().await;
    for path in [
        "/v1/sync/legal-aid/reference",
        "/v1/sync/legal-aid/track",
        "/v1/sync/legal-aid/queue",
        "/v1/sync/legal-aid/requests/{id}",
        "/v1/sync/legal-aid/requests/{id}/actions",
        "/v1/sync/legal-aid/figures",
        "/v1/sync/legal-aid/figures.csv",
    ] {
        assert!(doc["paths"].get(path).is_some(), "{path} missing");
    }
}

/// Every reference change a device pulls from the start of the feed.
async fn legal_aid_references_in_feed(h: &Harness, dev: &Dev) -> Vec<LegalAidReference> {
    references_after(h, dev, None).await.0
}

/// The reference changes a device pulls after `cursor`, and its cursor then.
async fn references_after(
    h: &Harness,
    dev: &Dev,
    mut cursor: Option<String>,
) -> (Vec<LegalAidReference>, Option<String>) {
    let mut found = Vec::new();
    loop {
        let page = h.pull(dev, cursor.as_deref(), Some(500)).await;
        for change in page.changes {
            if let Change::LegalAidReference { reference } = change {
                found.push(*reference);
            }
        }
        cursor = Some(page.cursor);
        if !page.has_more {
            return (found, cursor);
        }
    }
}

/// The reference changes in the feed once it shows at least `n` of them: a pull serves a
/// change once no transaction that could still write before it is open, which on a shared
/// test cluster can take a moment after the import commits.
async fn feed_once_it_holds(h: &Harness, dev: &Dev, n: usize) -> Vec<LegalAidReference> {
    for _ in 0..150 {
        let found = legal_aid_references_in_feed(h, dev).await;
        if found.len() >= n {
            return found;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    legal_aid_references_in_feed(h, dev).await
}

#[tokio::test]
async fn an_import_reaches_every_device_by_the_feed_once() {
    let s = setup().await;
    // The setup's import: in the feed of both sides of the border.
    for dev in [&s.taishun, &s.fuding] {
        assert_eq!(feed_once_it_holds(&s.h, dev, 1).await, vec![sample()]);
    }
    let (_, seen) = references_after(&s.h, &s.taishun, None).await;
    // The same data again adds nothing; a changed standard adds exactly it.
    let last = || async {
        sqlx::query_scalar::<_, Option<i64>>("SELECT max(seq) FROM changes")
            .fetch_one(s.h.server.pool())
            .await
            .unwrap()
    };
    let before = last().await;
    import_legal_aid(s.h.server.pool(), &sample())
        .await
        .unwrap();
    assert_eq!(last().await, before, "no change was written");
    assert_eq!(
        references_after(&s.h, &s.taishun, seen.clone()).await.0,
        vec![]
    );
    let mut raised = sample();
    for standard in &mut raised.hardship_standards {
        standard.monthly_income_per_person_fen += 10_000;
    }
    import_legal_aid(s.h.server.pool(), &raised).await.unwrap();
    // A device that had the first gets the new one after its cursor; the feed keeps only the
    // latest, so a new device gets that alone.
    let mut after = Vec::new();
    for _ in 0..150 {
        after = references_after(&s.h, &s.taishun, seen.clone()).await.0;
        if !after.is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(after, vec![raised.clone()]);
    assert_eq!(
        legal_aid_references_in_feed(&s.h, &s.fuding).await,
        vec![raised.clone()]
    );
    // A reference that does not hold together changes nothing, on the server or in the feed.
    let mut twice = raised.clone();
    twice.offices.push(twice.offices[0].clone());
    assert!(import_legal_aid(s.h.server.pool(), &twice).await.is_err());
    assert_eq!(
        legal_aid_references_in_feed(&s.h, &s.taishun).await.last(),
        Some(&raised)
    );
}

/// Every page of an office's queue, `limit` at a time, in the order served.
async fn walk_queue(s: &Setup, limit: u32) -> Vec<LegalAidQueueItem> {
    let mut seen = Vec::new();
    let mut after: Option<String> = None;
    for _ in 0..1000 {
        let mut q = vec![
            ("office_code", LA_TAISHUN.to_string()),
            ("limit", limit.to_string()),
        ];
        if let Some(a) = after.take() {
            q.push(("after", a));
        }
        let r = s
            .get(&s.officer, "/v1/sync/legal-aid/queue")
            .query(&q)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        let page: LegalAidQueue = r.json().await.unwrap();
        assert!(page.items.len() <= limit as usize);
        seen.extend(page.items);
        match page.next {
            Some(next) => after = Some(next),
            None => return seen,
        }
    }
    panic!("the queue's pages never end");
}

#[tokio::test]
async fn the_queue_comes_in_pages_each_request_once_urgent_first_then_by_due_time() {
    let s = setup().await;
    // Three pushes of 40: the requests of one push are received at the same instant. Some are
    // urgent, some consultations (no due time: last).
    let mut pushed = std::collections::HashSet::new();
    for _ in 0..3 {
        let mut batch = Vec::new();
        for i in 0..40 {
            let mut request = if i % 5 == 0 {
                s.consultation()
            } else {
                s.local_application()
            };
            if i % 7 == 1 {
                if let LegalAidBody::Application(a) = &mut request.body {
                    a.urgency.deadline = Some((Utc::now() + Duration::days(3)).date_naive());
                }
            }
            pushed.insert(request.id);
            batch.push(Mutation {
                id: Uuid::now_v7(),
                body: MutationBody::SubmitLegalAid {
                    request: Box::new(request),
                },
            });
        }
        let r = s.h.push(&s.taishun, batch).await;
        assert!(r.results.iter().all(|m| m.outcome == Outcome::Applied));
    }
    let walked = walk_queue(&s, 7).await;
    assert_eq!(walked.len(), 120, "every request, none twice");
    let ids: std::collections::HashSet<Uuid> = walked.iter().map(|i| i.request_id).collect();
    assert_eq!(ids, pushed);
    assert!(walked.iter().any(|i| i.urgent) && walked.iter().any(|i| i.clock.is_none()));
    // Urgent first, then by due time (none last), then as received, then by id.
    let place = |i: &LegalAidQueueItem| {
        let due = i.clock.as_ref().map(|c| c.due);
        (!i.urgent, due.is_none(), due, i.received_at, i.request_id)
    };
    for pair in walked.windows(2) {
        assert!(
            place(&pair[0]) < place(&pair[1]),
            "{:?} before {:?}",
            place(&pair[0]),
            place(&pair[1])
        );
    }
    // One big page holds the same order.
    let r = s
        .get(&s.officer, "/v1/sync/legal-aid/queue")
        .query(&[("office_code", LA_TAISHUN), ("limit", "200")])
        .send()
        .await
        .unwrap();
    let whole: LegalAidQueue = r.json().await.unwrap();
    let whole_ids: Vec<Uuid> = whole.items.iter().map(|i| i.request_id).collect();
    let walked_ids: Vec<Uuid> = walked.iter().map(|i| i.request_id).collect();
    assert_eq!(whole_ids, walked_ids);
    assert_eq!(whole.next, None);
    // A bad cursor answers its code.
    let r = s
        .get(&s.officer, "/v1/sync/legal-aid/queue")
        .query(&[("office_code", LA_TAISHUN), ("after", "cDE6YXVkaXQ6aTU")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert_eq!(
        r.json::<ErrorBody>().await.unwrap().code,
        "error-page-cursor-invalid"
    );
}

/// Logs `user` into the county console (the password every test account has); its cookie.
async fn console_cookie(h: &Harness, user: &str) -> String {
    let r = h
        .http
        .post(h.url("/console/api/login"))
        .json(&json!({ "user_name": user, "password": common::STAFF_PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK, "{user} logs into the console");
    let set = r.headers()["set-cookie"].to_str().unwrap();
    set.split(';').next().unwrap().to_string()
}

#[tokio::test]
async fn the_console_lists_an_offices_overdue_requests_without_names() {
    let s = setup().await;
    let late = s.local_application();
    s.submit(&s.taishun, &late).await;
    let fresh = s.local_application();
    s.submit(&s.taishun, &fresh).await;
    // One of them came in long ago and nobody decided it.
    sqlx::query(
        "UPDATE legal_aid_requests SET received_at = now() - interval '40 days'
          WHERE tracking_number = $1",
    )
    .bind(late.tracking_number.to_string())
    .execute(s.h.server.pool())
    .await
    .unwrap();
    let path = format!("/console/api/offices/legal-aid/{LA_TAISHUN}/overdue");
    for user in ["admin1", "officer1"] {
        let cookie = console_cookie(&s.h, user).await;
        let r =
            s.h.http
                .get(s.h.url(&path))
                .header("cookie", &cookie)
                .send()
                .await
                .unwrap();
        assert_eq!(r.status(), StatusCode::OK, "{user}");
        let text = r.text().await.unwrap();
        assert!(
            !text.contains("张三"),
            "no names in the console's list: {text}"
        );
        let list: borderdesk_protocol::OfficeOverdue = serde_json::from_str(&text).unwrap();
        let numbers: Vec<&str> = list
            .items
            .iter()
            .map(|i| i.tracking_number.as_str())
            .collect();
        assert_eq!(numbers, [late.tracking_number.to_string()], "{user}");
        assert!(list.items[0].overdue);
    }
    // Another office's officer may not read it.
    let cookie = console_cookie(&s.h, "officer-fuding").await;
    let r =
        s.h.http
            .get(s.h.url(&path))
            .header("cookie", &cookie)
            .send()
            .await
            .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        r.json::<ErrorBody>().await.unwrap().code,
        "error-staff-wrong-office"
    );
}

// ----- status SMS -----------------------------------------------------------------------------

#[tokio::test]
async fn the_applicant_and_the_family_member_they_named_hear_of_each_decision_by_sms() {
    use borderdesk_server::sms::{run_due_reminders, LogGateway};
    let s = setup().await;
    // A family number without the applicant's word that they agreed is refused, as the kiosk
    // refuses it.
    let mut unagreed = s.local_application();
    if let LegalAidBody::Application(a) = &mut unagreed.body {
        a.family_phone = Some("13900139000".into());
    }
    match s.push(&s.taishun, &unagreed).await.1 {
        Outcome::Rejected { message, .. } => {
            assert!(message.starts_with("family_phone"), "{message}")
        }
        other => panic!("{other:?}"),
    }
    let mut req = s.local_application();
    if let LegalAidBody::Application(a) = &mut req.body {
        a.family_phone = Some("13900139000".into());
        a.family_consent_at = Some(Utc::now());
    }
    s.submit(&s.taishun, &req).await;
    let planned = |s: &Setup| {
        let pool = s.h.server.pool().clone();
        let id = req.id;
        async move {
            sqlx::query_as::<_, (String, String)>(
                "SELECT event, recipient FROM sms_outbox WHERE legal_aid_request_id = $1
                  ORDER BY id",
            )
            .bind(id)
            .fetch_all(&pool)
            .await
            .unwrap()
        }
    };
    assert!(
        planned(&s).await.is_empty(),
        "the kiosk's own receipt is not texted"
    );
    s.act(req.id, LegalAidActionKind::Accept).await;
    s.act(req.id, decide(true, None)).await;
    s.act(req.id, lawyer()).await;
    let both = |event: &str| {
        [
            (event.to_string(), "applicant".to_string()),
            (event.to_string(), "family".to_string()),
        ]
    };
    assert_eq!(
        planned(&s).await,
        [both("accepted"), both("approved"), both("assigned")].concat()
    );
    let gw = LogGateway::new(s.h.server.pool().clone());
    let sent = run_due_reminders(s.h.server.pool(), &gw, Utc::now())
        .await
        .unwrap();
    assert_eq!((sent.sent, sent.failed), (6, 0));
    let log: Vec<(String, String)> =
        sqlx::query_as("SELECT phone_masked, body FROM sms_log ORDER BY id")
            .fetch_all(s.h.server.pool())
            .await
            .unwrap();
    let number = req.tracking_number.as_str();
    let to = |masked: &str| -> Vec<&String> {
        log.iter()
            .filter(|(m, _)| m == masked)
            .map(|(_, b)| b)
            .collect()
    };
    let (own, family) = (to("138****5678"), to("139****9000"));
    assert_eq!((own.len(), family.len()), (3, 3), "{log:?}");
    for words in [
        "已由泰顺县法律援助中心受理",
        "决定给予您法律援助",
        "指派律师",
    ] {
        assert!(
            own.iter().any(|b| b.contains(words) && b.contains(number)),
            "{words}: {own:?}"
        );
    }
    assert!(
        family.iter().all(|b| b.starts_with("【家人提醒】")),
        "{family:?}"
    );
    for (_, body) in &log {
        assert!(
            !body.contains(ID_NUMBER) && !body.contains("张三"),
            "{body}"
        );
    }
    // One family number named on many applications gets no more than the daily limit,
    // counted with every other message planned for that number.
    let limit = borderdesk_server::limits::Limits::DEFAULT.sms_per_phone_per_day as i64;
    for i in 0..limit {
        let mut other = s.local_application();
        if let LegalAidBody::Application(a) = &mut other.body {
            a.opposing_party.name = format!("第{i}建筑公司");
            a.family_phone = Some("13900139000".into());
            a.family_consent_at = Some(Utc::now());
        }
        s.submit(&s.taishun, &other).await;
        s.act(other.id, LegalAidActionKind::Accept).await;
    }
    let to_family: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM sms_outbox o JOIN legal_aid_requests r ON r.id = o.legal_aid_request_id
          WHERE o.recipient = 'family' AND r.family_phone = '13900139000'",
    )
    .fetch_one(s.h.server.pool())
    .await
    .unwrap();
    assert_eq!(to_family, limit, "3 sent above, and only so many more");
}
