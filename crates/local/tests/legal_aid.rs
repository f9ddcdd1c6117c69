//! Legal aid at the kiosk, on real SQLite files: the eligibility check against the deciding
//! province's standard, and consultations saved with their outbox entry.

use borderdesk_core::legal_aid::{Art31Matter, Art42Status, Eligibility, EligibilityAnswers};
use borderdesk_local::legal_aid::ConsultationDraft;
use borderdesk_protocol::{LegalAidBody, MutationBody};
use chrono::Utc;

mod common;
use common::{database_bytes, open, today};

fn answers(matter: Art31Matter, size: u32, income_yuan: Option<u32>) -> EligibilityAnswers {
    EligibilityAnswers {
        matter,
        situations: Vec::new(),
        statuses: Vec::new(),
        household_size: size,
        household_monthly_income_fen: income_yuan.map(|y| y * 100),
        household_assets_fen: None,
        deciding_province: None,
        deciding_county: None,
    }
}

#[tokio::test]
async fn the_check_uses_the_office_of_the_kiosks_county_and_never_ends_in_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir).await;
    let poor = store
        .legal_aid_eligibility(
            answers(Art31Matter::LabourRelationsOrWages, 3, Some(1000)),
            "330329",
            today(),
        )
        .unwrap();
    assert_eq!(poor.office.code, "LA-330329");
    assert!(matches!(poor.outcome, Eligibility::LikelyEligible { .. }));
    let rich = store
        .legal_aid_eligibility(
            answers(Art31Matter::LabourRelationsOrWages, 1, Some(100_000)),
            "330329",
            today(),
        )
        .unwrap();
    let Eligibility::LikelyNot { alternatives, .. } = rich.outcome else {
        panic!("a high income is likely not eligible: {rich:?}");
    };
    assert!(!alternatives.is_empty(), "always somewhere else to turn");
    let unknown = store
        .legal_aid_eligibility(
            answers(Art31Matter::SupportPayments, 2, None),
            "350982",
            today(),
        )
        .unwrap();
    assert_eq!(
        unknown.office.code, "LA-350982",
        "a Fujian kiosk asks its own office"
    );
    assert!(matches!(
        unknown.outcome,
        Eligibility::ClerkMustDecide { .. }
    ));
    let mut presumed = answers(Art31Matter::LabourRelationsOrWages, 1, Some(100_000));
    presumed.statuses = vec![Art42Status::MigrantWorkerWagesOrInjury];
    assert!(matches!(
        store
            .legal_aid_eligibility(presumed, "330329", today())
            .unwrap()
            .outcome,
        Eligibility::LikelyEligible { .. }
    ));
    let err = store
        .legal_aid_eligibility(
            answers(Art31Matter::SupportPayments, 0, Some(1)),
            "330329",
            today(),
        )
        .unwrap_err();
    assert_eq!(err.code(), "error-legal-aid-household-size-zero");
}

#[tokio::test]
async fn a_consultation_is_saved_with_its_outbox_entry_and_checked_first() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir).await;
    let mut draft = ConsultationDraft {
        topic: "拖欠工资".into(),
        question: "老板欠了三个月工资怎么办？".into(),
        callback_time: Some("工作日上午".into()),
        phone: "12345".into(),
        name: None,
    };
    let err = store
        .submit_consultation(&draft, "330329", Utc::now())
        .await
        .unwrap_err();
    assert_eq!(
        (err.code(), err.question_id()),
        ("error-phone-format", Some("phone"))
    );
    draft.phone = "13800138000".into();
    let receipt = store
        .submit_consultation(&draft, "330329", Utc::now())
        .await
        .unwrap();
    assert_eq!(receipt.office.code, "LA-330329");
    let pending = store.pending(10).await.unwrap();
    let MutationBody::SubmitLegalAid { request } = &pending[0].mutation.body else {
        panic!("the consultation waits in the outbox");
    };
    assert_eq!(request.tracking_number, receipt.tracking_number);
    let LegalAidBody::Consultation(c) = &request.body else {
        panic!("a consultation");
    };
    assert_eq!(
        (c.phone.as_str(), c.county.as_str()),
        ("13800138000", "330329")
    );
    // Nothing readable of it in the database files.
    let raw = database_bytes(&store, &dir).await;
    for needle in ["13800138000", "老板欠了三个月工资"] {
        assert!(
            !raw.windows(needle.len()).any(|w| w == needle.as_bytes()),
            "{needle}"
        );
    }
}

/// What submitting `form` is refused with: the code and the question it belongs to.
async fn refusal(
    store: &borderdesk_local::Store,
    form: &borderdesk_local::legal_aid::ApplicationForm,
) -> (String, Option<String>) {
    let e = store
        .submit_legal_aid_application(form, "330329", Utc::now(), today())
        .await
        .expect_err("the form is refused");
    (e.code().to_string(), e.question_id().map(str::to_string))
}

fn form() -> borderdesk_local::legal_aid::ApplicationForm {
    common::legal_aid_form("330329199001011235")
}

#[tokio::test]
async fn an_application_is_routed_flagged_and_saved_with_its_outbox_entry() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir).await;
    // Same county, with a scanned page of the case papers.
    let code = || borderdesk_local::attachments::MaterialsOf::LegalAid;
    assert_eq!(
        store
            .attach(code(), 9, b"%PDF-1.7 x")
            .await
            .unwrap_err()
            .code(),
        "error-unknown-material"
    );
    let page = store.attach(code(), 2, b"%PDF-1.7 the IOU").await.unwrap();
    let mut with_page = form();
    with_page.attachments = vec![page.id];
    let here = store
        .submit_legal_aid_application(&with_page, "330329", Utc::now(), today())
        .await
        .unwrap();
    let owner: Option<String> =
        sqlx::query_scalar("SELECT legal_aid_request_id FROM attachments WHERE id = ?")
            .bind(page.id.to_string())
            .fetch_one(store.pool())
            .await
            .unwrap();
    assert!(owner.is_some(), "the page belongs to the saved request");
    assert_eq!(store.files_waiting().await.unwrap(), 1);
    assert_eq!(here.receipt.office.code, "LA-330329");
    assert_eq!(here.routing_ids, vec!["legal-aid-routing-events-location"]);
    assert!(here.urgent_ids.is_empty());
    // The other party is across the border and the deadline is in three days.
    let mut f = form();
    f.events_county = None;
    f.obligor_county = Some("350982".into());
    f.deadline = Some((today() + chrono::Days::new(3)).to_string());
    let across = store
        .submit_legal_aid_application(&f, "330329", Utc::now(), today())
        .await
        .unwrap();
    assert_eq!(across.receipt.office.code, "LA-350982");
    assert!(across
        .routing_ids
        .contains(&"legal-aid-routing-cross-province".to_string()));
    assert_eq!(across.urgent_ids, vec!["legal-aid-urgent-deadline-soon"]);
    // Decided in Fujian: checked again against Fujian's standard.
    assert!(matches!(
        across.eligibility,
        Eligibility::LikelyEligible { .. }
    ));
    assert_eq!(store.pending(10).await.unwrap().len(), 2);

    // No pledge without an exemption; no place at all; a bad ID number: each says what.
    let mut f = form();
    f.pledge = false;
    let e = store
        .submit_legal_aid_application(&f, "330329", Utc::now(), today())
        .await
        .unwrap_err();
    assert_eq!(
        (e.code(), e.question_id()),
        ("error-answer-required", Some("pledge"))
    );
    f.eligibility.statuses = vec![Art42Status::MigrantWorkerWagesOrInjury];
    assert!(store
        .submit_legal_aid_application(&f, "330329", Utc::now(), today())
        .await
        .is_ok());
    let mut f = form();
    f.events_county = None;
    let e = store
        .submit_legal_aid_application(&f, "330329", Utc::now(), today())
        .await
        .unwrap_err();
    assert_eq!(e.code(), "error-legal-aid-no-place-given");
    // An agent applying for the applicant: their ID is checked too, and travels with it.
    let mut f = form();
    f.agent_name = Some("李小四".into());
    f.agent_id_number = Some("330329199001011236".into());
    f.agent_relation = Some("子女".into());
    let e = store
        .submit_legal_aid_application(&f, "330329", Utc::now(), today())
        .await
        .unwrap_err();
    assert_eq!(e.question_id(), Some("agent_id_number"));
    f.agent_id_number = Some("330329199001019990".into());
    store
        .submit_legal_aid_application(&f, "330329", Utc::now(), today())
        .await
        .unwrap();
    let pending = store.pending(10).await.unwrap();
    let MutationBody::SubmitLegalAid { request } = &pending.last().unwrap().mutation.body else {
        panic!("the application waits in the outbox");
    };
    let LegalAidBody::Application(a) = &request.body else {
        panic!("an application");
    };
    assert_eq!(a.agent.as_ref().map(|g| g.relation.as_str()), Some("子女"));
    // Dates as typed: a wrong one is an error at its field, a future event too.
    let mut f = form();
    f.deadline = Some("2026-13-01".into());
    let e = store
        .submit_legal_aid_application(&f, "330329", Utc::now(), today())
        .await
        .unwrap_err();
    assert_eq!(
        (e.code(), e.question_id()),
        ("error-date-format", Some("deadline"))
    );
    let mut f = form();
    f.events_date = Some((today() + chrono::Days::new(1)).to_string());
    let e = store
        .submit_legal_aid_application(&f, "330329", Utc::now(), today())
        .await
        .unwrap_err();
    assert_eq!(e.question_id(), Some("events_date"));
    let mut f = form();
    f.applicant_id_number = "330329199001011236".into();
    let e = store
        .submit_legal_aid_application(&f, "330329", Utc::now(), today())
        .await
        .unwrap_err();
    assert_eq!(e.question_id(), Some("applicant_id_number"));
    assert_eq!(
        store.pending(10).await.unwrap().len(),
        4,
        "refused forms save nothing"
    );
}

#[tokio::test]
async fn a_pulled_legal_aid_reference_changes_what_the_kiosk_decides_offline() {
    use borderdesk_core::legal_aid::LegalAidReference;
    use borderdesk_protocol::Change;
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir).await;
    // A household of one at 3,000 yuan a month is above the bundled sample's standard.
    let middling = || answers(Art31Matter::LabourRelationsOrWages, 1, Some(3000));
    let decided = |store: &borderdesk_local::Store| {
        store
            .legal_aid_eligibility(middling(), "330329", today())
            .unwrap()
    };
    assert!(matches!(
        decided(&store).outcome,
        Eligibility::LikelyNot { .. }
    ));

    // The county raised its standard and renamed its office; the server imported that.
    let mut reference: LegalAidReference =
        serde_json::from_str(borderdesk_local::legal_aid::BUNDLED_LEGAL_AID).unwrap();
    for s in &mut reference.hardship_standards {
        s.monthly_income_per_person_fen = 400_000;
    }
    let office = reference
        .offices
        .iter_mut()
        .find(|o| o.code == "LA-330329")
        .unwrap();
    office.name.zh_cn = "泰顺县法律援助中心（新址）".into();
    store
        .apply_pull(
            vec![Change::LegalAidReference {
                reference: Box::new(reference.clone()),
            }],
            "cursor-1",
            false,
        )
        .await
        .unwrap();
    let follows = |store: &borderdesk_local::Store| {
        let view = decided(store);
        assert!(
            matches!(view.outcome, Eligibility::LikelyEligible { .. }),
            "{view:?}"
        );
        assert_eq!(view.office.name.zh_cn, "泰顺县法律援助中心（新址）");
    };
    follows(&store);

    // One that does not hold together (an office code twice) is skipped; the cursor moves.
    let mut bad = reference.clone();
    let twin = bad.offices[0].clone();
    bad.offices.push(twin);
    store
        .apply_pull(
            vec![Change::LegalAidReference {
                reference: Box::new(bad),
            }],
            "cursor-2",
            false,
        )
        .await
        .unwrap();
    follows(&store);
    assert_eq!(
        store.queue_state().await.unwrap().cursor.as_deref(),
        Some("cursor-2")
    );

    // Kept on disk across a restart; a server that starts over sends the device back to the
    // bundled snapshot.
    store.close().await;
    let store = open(&dir).await;
    follows(&store);
    store
        .apply_pull(Vec::new(), "cursor-0", true)
        .await
        .unwrap();
    assert!(matches!(
        decided(&store).outcome,
        Eligibility::LikelyNot { .. }
    ));
}

#[tokio::test]
async fn the_office_the_server_chose_is_the_one_the_kiosk_shows() {
    use borderdesk_protocol::{Change, LegalAidKind, LegalAidStatus};
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir).await;
    let submitted = store
        .submit_legal_aid_application(&form(), "330329", Utc::now(), today())
        .await
        .unwrap();
    let number = submitted.receipt.tracking_number.clone();
    assert_eq!(submitted.receipt.office.code, "LA-330329");
    let request_id = store
        .track_legal_aid_here(number.as_str(), "1235")
        .await
        .unwrap()
        .request_id;
    // The server routed it across the border, to an office this kiosk's data does not know.
    let mut office = store
        .legal_aid_offices()
        .unwrap()
        .into_iter()
        .find(|o| o.code == "LA-350982")
        .unwrap();
    office.code = "LA-350982-2".into();
    office.name.zh_cn = "福鼎市法律援助中心第二窗口".into();
    store
        .apply_pull(
            vec![Change::LegalAidStatus {
                request_id,
                tracking_number: number.clone(),
                kind: LegalAidKind::Application,
                status: LegalAidStatus::Accepted,
                note: None,
                office: Box::new(office.clone()),
                routing_notes: Vec::new(),
                missing_materials: Vec::new(),
                lawyer: None,
                urgent: false,
                at: Utc::now(),
            }],
            "cursor-1",
            false,
        )
        .await
        .unwrap();
    let tracked = store
        .track_legal_aid_here(number.as_str(), "1235")
        .await
        .unwrap();
    assert_eq!(tracked.status, LegalAidStatus::Accepted);
    assert_eq!(tracked.office, office);
}

#[tokio::test]
async fn an_empty_form_is_refused_with_every_answer_that_is_missing_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir).await;
    let mut empty = common::legal_aid_form("");
    empty.applicant_name = " ".into();
    empty.applicant_phone = String::new();
    empty.opposing_name = String::new();
    empty.facts = String::new();
    empty.pledge = false;
    // Someone applying for the applicant who gave only their relation.
    empty.agent_relation = Some("子女".into());
    empty.deadline = Some("2026-13-01".into());
    let all = |e: &borderdesk_local::LocalError| {
        e.problems()
            .into_iter()
            .map(|(id, err)| (id.to_string(), err.code().to_string()))
            .collect::<Vec<_>>()
    };
    let err = store
        .submit_legal_aid_application(&empty, "330329", Utc::now(), today())
        .await
        .unwrap_err();
    let expected: Vec<(String, String)> = [
        ("applicant_name", "error-answer-required"),
        ("applicant_id_number", "error-answer-required"),
        ("applicant_phone", "error-answer-required"),
        ("agent_name", "error-answer-required"),
        ("agent_id_number", "error-answer-required"),
        ("opposing_name", "error-answer-required"),
        ("facts", "error-answer-required"),
        ("deadline", "error-date-format"),
        ("pledge", "error-answer-required"),
    ]
    .into_iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    let got = all(&err);
    // The codes of an empty ID number and phone are whatever core's validators say for blank;
    // what matters is that each field is named once, in the form's order.
    assert_eq!(
        got.iter().map(|(id, _)| id.as_str()).collect::<Vec<_>>(),
        expected
            .iter()
            .map(|(id, _)| id.as_str())
            .collect::<Vec<_>>(),
        "{got:?}"
    );
    assert_eq!(err.question_id(), Some("applicant_name"));
    assert_eq!(
        got.iter().find(|(id, _)| id == "deadline").unwrap().1,
        "error-date-format"
    );
    // The same list is what the kiosk asks before each 下一步; a good form has none.
    assert_eq!(
        borderdesk_local::legal_aid::legal_aid_form_problems(&empty, today()).len(),
        expected.len()
    );
    assert!(borderdesk_local::legal_aid::legal_aid_form_problems(
        &common::legal_aid_form("330329199001011235"),
        today()
    )
    .is_empty());
    // No place to route it by: asked on the screen of places; a court without its county, on
    // the court's.
    let mut nowhere = common::legal_aid_form("330329199001011235");
    nowhere.events_county = None;
    let codes = |f: &borderdesk_local::legal_aid::ApplicationForm| {
        borderdesk_local::legal_aid::legal_aid_form_problems(f, today())
            .into_iter()
            .map(|p| (p.question_id, p.error.code().to_string()))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        codes(&nowhere),
        vec![(
            "events_county".to_string(),
            "error-legal-aid-no-place-given".to_string()
        )]
    );
    nowhere.court = Some("泰顺县人民法院".into());
    assert_eq!(
        codes(&nowhere),
        vec![(
            "court_county".to_string(),
            "error-answer-required".to_string()
        )]
    );
    // A NUL is named at its own field, each field once; one in the eligibility answers is
    // told for the form as a whole.
    let mut nul = common::legal_aid_form("330329199001011235");
    nul.facts = "工地\0拖欠".into();
    nul.opposing_name = "某\0公司".into();
    assert_eq!(
        codes(&nul),
        vec![
            (
                "opposing_name".to_string(),
                "error-text-control-character".to_string()
            ),
            (
                "facts".to_string(),
                "error-text-control-character".to_string()
            ),
        ]
    );
    let mut hidden = common::legal_aid_form("330329199001011235");
    hidden.eligibility.deciding_county = Some("33\u{0}0329".into());
    assert_eq!(
        codes(&hidden),
        vec![(
            "form".to_string(),
            "error-text-control-character".to_string()
        )]
    );
    // Nothing was saved.
    let saved: i64 = sqlx::query_scalar("SELECT count(*) FROM legal_aid_requests")
        .fetch_one(store.pool())
        .await
        .unwrap();
    assert_eq!(saved, 0);
}

fn signature() -> borderdesk_core::signature::Signature {
    let p = |x, y| borderdesk_core::signature::SignaturePoint { x, y };
    borderdesk_core::signature::Signature {
        width: 600,
        height: 240,
        strokes: vec![
            vec![p(60, 150), p(140, 60), p(220, 170)],
            vec![p(300, 60), p(320, 200)],
        ],
    }
}

#[tokio::test]
async fn a_signature_is_checked_sealed_with_the_request_sent_and_printed_only_for_its_maker() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir).await;
    // A tap is not a signature: refused at the signature, with nothing saved.
    let mut tapped = form();
    tapped.signature = Some(borderdesk_core::signature::Signature {
        strokes: vec![vec![borderdesk_core::signature::SignaturePoint {
            x: 5,
            y: 5,
        }]],
        ..signature()
    });
    assert_eq!(
        refusal(&store, &tapped).await,
        (
            "error-signature-empty".to_string(),
            Some("signature".to_string())
        )
    );
    assert_eq!(
        borderdesk_local::legal_aid::legal_aid_form_problems(&tapped, today())
            .iter()
            .map(|p| p.question_id.as_str())
            .collect::<Vec<_>>(),
        ["signature"],
        "the kiosk asks the same before 下一步"
    );
    // A name longer than a form's cell holds is refused at its field.
    let mut long = form();
    long.opposing_name = "某".repeat(101);
    assert_eq!(
        refusal(&store, &long).await,
        (
            "error-answer-too-long".to_string(),
            Some("opposing_name".to_string())
        )
    );
    // Neither signed nor to be signed at the office: the form asks for one or the other.
    let mut neither = form();
    neither.sign_at_office = false;
    assert_eq!(
        refusal(&store, &neither).await,
        (
            "error-signature-empty".to_string(),
            Some("signature".to_string())
        )
    );
    assert!(store.pending(10).await.unwrap().is_empty());

    let mut signed = form();
    signed.sign_at_office = false;
    signed.signature = Some(signature());
    let made = store
        .submit_legal_aid_application(&signed, "330329", Utc::now(), today())
        .await
        .unwrap();
    assert!(made.receipt.signed, "the receipt says it was signed");
    let unsigned = store
        .submit_legal_aid_application(&form(), "330329", Utc::now(), today())
        .await
        .unwrap();
    assert!(!unsigned.receipt.signed);
    // A reprint says it again.
    let slip = store
        .legal_aid_receipt(made.receipt.tracking_number.as_str())
        .await
        .unwrap();
    assert!(slip.receipt.signed);
    // It travels with the request to the office.
    let pending = store.pending(10).await.unwrap();
    let MutationBody::SubmitLegalAid { request } = &pending[0].mutation.body else {
        panic!("the application waits in the outbox");
    };
    let LegalAidBody::Application(a) = &request.body else {
        panic!("an application");
    };
    assert_eq!(a.signature.as_ref(), Some(&signature()));
    // What prints the form gets it back from the sealed row; the file holds no stroke of it.
    let record = store
        .legal_aid_form(made.receipt.tracking_number.as_str())
        .await
        .unwrap();
    assert_eq!(record.application.signature, Some(signature()));
    assert_eq!(record.application.applicant.name, "李四");
    let raw = database_bytes(&store, &dir).await;
    let strokes = serde_json::to_string(&signature().strokes).unwrap();
    assert!(!raw.windows(strokes.len()).any(|w| w == strokes.as_bytes()));
    assert!(!raw.windows(18).any(|w| w == b"330329199001011235"));
    // A consultation has no form.
    let consultation = store
        .submit_consultation(
            &ConsultationDraft {
                topic: "劳动".into(),
                question: "工资被拖欠怎么办？".into(),
                callback_time: None,
                phone: "13800138000".into(),
                name: None,
            },
            "330329",
            Utc::now(),
        )
        .await
        .unwrap();
    assert!(!consultation.signed);
    assert_eq!(
        store
            .legal_aid_form(consultation.tracking_number.as_str())
            .await
            .unwrap_err()
            .code(),
        "error-application-not-found"
    );
}

#[tokio::test]
async fn a_family_members_number_for_the_status_sms_needs_their_agreement_and_travels() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir).await;
    let mut f = form();
    f.family_phone = Some("139 0013 9000".into());
    assert_eq!(
        refusal(&store, &f).await,
        (
            "error-family-consent-needed".to_string(),
            Some("family_phone".to_string())
        )
    );
    f.family_phone = Some("13800138000".into());
    f.family_consent = true;
    assert_eq!(
        borderdesk_local::legal_aid::legal_aid_form_problems(&f, today())[0]
            .error
            .code(),
        "error-family-phone-same",
        "never the applicant's own"
    );
    f.family_phone = Some("139 0013 9000".into());
    store
        .submit_legal_aid_application(&f, "330329", Utc::now(), today())
        .await
        .unwrap();
    let pending = store.pending(10).await.unwrap();
    let MutationBody::SubmitLegalAid { request } = &pending[0].mutation.body else {
        panic!("the application waits in the outbox");
    };
    let LegalAidBody::Application(a) = &request.body else {
        panic!("an application");
    };
    assert_eq!(a.family_phone.as_deref(), Some("13900139000"));
    assert!(a.family_consent_at.is_some());
    assert!(
        request.body.problem(today()).is_none(),
        "the server's check agrees"
    );
}
