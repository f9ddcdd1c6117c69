//! Pushing mutations: exactly once, authenticated, versioned, and never a plain-text error.

mod common;

use borderdesk_core::ApplicationStatus;
use borderdesk_protocol::{
    codes, ErrorBody, Outcome, PushRequest, MAX_PUSH_BATCH, PROTOCOL_HEADER, PROTOCOL_VERSION,
};
use common::*;
use reqwest::StatusCode;

async fn count(h: &Harness, sql: &str) -> i64 {
    sqlx::query_scalar(sql)
        .fetch_one(h.server.pool())
        .await
        .unwrap()
}

#[tokio::test]
async fn the_same_mutation_pushed_twice_is_applied_once() {
    let h = harness().await;
    let dev = h.enroll("site-a").await;
    let m = submit(application(dev.code, 1));
    let first = h.push(&dev, vec![m.clone()]).await;
    assert_eq!(first.results[0].outcome, Outcome::Applied);
    let second = h.push(&dev, vec![m.clone()]).await;
    assert_eq!(second.results[0].id, m.id);
    assert_eq!(second.results[0].outcome, Outcome::Duplicate);
    assert_eq!(count(&h, "SELECT count(*) FROM applications").await, 1);
    assert_eq!(
        history_len(&h, &m).await,
        1,
        "one 'submitted' step, not two"
    );
    assert_eq!(count(&h, "SELECT count(*) FROM applied_mutations").await, 1);
    h.server.shutdown().await;
}

/// New mutations go in with plain inserts; one replay among them sends the whole batch the
/// careful way, and the new ones are still applied once each.
#[tokio::test]
async fn a_replay_inside_a_batch_of_new_mutations_is_a_duplicate_and_the_rest_apply() {
    let h = harness().await;
    let dev = h.enroll("site-a").await;
    let (m0, m1, m2) = (
        submit(application(dev.code, 1)),
        submit(application(dev.code, 2)),
        submit(application(dev.code, 3)),
    );
    assert_eq!(
        h.push(&dev, vec![m1.clone()]).await.results[0].outcome,
        Outcome::Applied
    );
    let r = h.push(&dev, vec![m0.clone(), m1.clone(), m2.clone()]).await;
    let outcomes: Vec<_> = r.results.iter().map(|m| m.outcome.clone()).collect();
    assert_eq!(
        outcomes,
        vec![Outcome::Applied, Outcome::Duplicate, Outcome::Applied]
    );
    assert_eq!(count(&h, "SELECT count(*) FROM applications").await, 3);
    assert_eq!(count(&h, "SELECT count(*) FROM applied_mutations").await, 3);
    for m in [&m0, &m1, &m2] {
        assert_eq!(history_len(&h, m).await, 1);
    }
    h.server.shutdown().await;
}

#[tokio::test]
async fn a_mutation_repeated_inside_one_batch_is_applied_once() {
    let h = harness().await;
    let dev = h.enroll("site-a").await;
    let m = submit(application(dev.code, 1));
    let r = h.push(&dev, vec![m.clone(), m.clone()]).await;
    assert_eq!(r.results.len(), 2);
    assert_eq!(r.results[0].outcome, Outcome::Applied);
    assert_eq!(r.results[1].outcome, Outcome::Duplicate);
    assert_eq!(count(&h, "SELECT count(*) FROM applications").await, 1);
}

#[tokio::test]
async fn concurrent_pushes_of_one_mutation_apply_it_once() {
    let h = harness().await;
    let dev = h.enroll("site-a").await;
    for round in 1..=5u32 {
        // A batch around the contested mutation makes the race window wide.
        let shared = submit(application(dev.code, round * 1000));
        let mut a: Vec<_> = (1..50)
            .map(|i| submit(application(dev.code, round * 1000 + i)))
            .collect();
        a.push(shared.clone());
        let b = vec![shared.clone()];
        let (ra, rb) = tokio::join!(h.push(&dev, a), h.push(&dev, b));
        let outcomes = [
            ra.results.last().unwrap().outcome.clone(),
            rb.results[0].outcome.clone(),
        ];
        assert!(outcomes.contains(&Outcome::Applied), "{outcomes:?}");
        assert!(outcomes.contains(&Outcome::Duplicate), "{outcomes:?}");
        let id = match &shared.body {
            borderdesk_protocol::MutationBody::SubmitApplication { application } => application.id,
            other => panic!("not an application: {}", other.kind()),
        };
        let rows: i64 = sqlx::query_scalar("SELECT count(*) FROM applications WHERE id = $1")
            .bind(id)
            .fetch_one(h.server.pool())
            .await
            .unwrap();
        assert_eq!(rows, 1);
    }
}

#[tokio::test]
async fn a_push_without_a_valid_token_is_refused() {
    let h = harness().await;
    let dev = h.enroll("site-a").await;
    let m = submit(application(dev.code, 1));

    // No token at all.
    let r = h
        .http
        .post(h.url("/v1/sync/push"))
        .header(PROTOCOL_HEADER, PROTOCOL_VERSION.to_string())
        .json(&PushRequest {
            protocol: PROTOCOL_VERSION,
            mutations: vec![m.clone()],
        })
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        r.json::<ErrorBody>().await.unwrap().code,
        codes::UNAUTHORIZED
    );

    // A wrong token; the admin token is no device token either.
    for wrong in ["0".repeat(64), ADMIN.to_string()] {
        let r = h.push_raw(&wrong, vec![m.clone()]).await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(
            r.json::<ErrorBody>().await.unwrap().code,
            codes::UNAUTHORIZED
        );
    }

    // A revoked device.
    borderdesk_server::revoke_device(h.server.pool(), dev.id)
        .await
        .unwrap();
    let r = h.push_raw(&dev.token, vec![m]).await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        r.json::<ErrorBody>().await.unwrap().code,
        codes::UNAUTHORIZED
    );
    assert_eq!(count(&h, "SELECT count(*) FROM applications").await, 0);
}

#[tokio::test]
async fn an_unknown_protocol_version_is_refused_with_a_clear_code() {
    let h = harness().await;
    let dev = h.enroll("site-a").await;
    let body = PushRequest {
        protocol: PROTOCOL_VERSION,
        mutations: vec![],
    };
    for header in [None, Some("0"), Some("999"), Some("abc")] {
        let mut req = h
            .http
            .post(h.url("/v1/sync/push"))
            .bearer_auth(&dev.token)
            .json(&body);
        if let Some(v) = header {
            req = req.header(PROTOCOL_HEADER, v);
        }
        let r = req.send().await.unwrap();
        assert_eq!(r.status(), StatusCode::UPGRADE_REQUIRED, "{header:?}");
        assert_eq!(
            r.json::<ErrorBody>().await.unwrap().code,
            codes::PROTOCOL_UNSUPPORTED
        );
    }
    // The pull is gated the same way.
    let r = h
        .http
        .get(h.url("/v1/sync/pull"))
        .bearer_auth(&dev.token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UPGRADE_REQUIRED);
    // And the version inside the body must be one the server serves too.
    let r = h
        .http
        .post(h.url("/v1/sync/push"))
        .bearer_auth(&dev.token)
        .header(PROTOCOL_HEADER, PROTOCOL_VERSION.to_string())
        .json(&PushRequest {
            protocol: 999,
            mutations: vec![],
        })
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UPGRADE_REQUIRED);
    assert_eq!(
        r.json::<ErrorBody>().await.unwrap().code,
        codes::PROTOCOL_UNSUPPORTED
    );
}

#[tokio::test]
async fn a_malformed_push_body_gets_a_json_error_and_the_server_keeps_serving() {
    let h = harness().await;
    let dev = h.enroll("site-a").await;
    let bad_bodies: [(&str, &str); 4] = [
        ("application/json", "{not json"),
        (
            "application/json",
            r#"{"protocol": 1, "mutations": [{"id": "nope"}]}"#,
        ),
        (
            "application/json",
            r#"{"protocol": 1, "mutations": [{"id": "0190a0b0-0000-7000-8000-000000000000", "kind": "submit_application", "payload": {"application": {"tracking_number": "123"}}}]}"#,
        ),
        ("text/plain", r#"{"protocol": 1, "mutations": []}"#),
    ];
    for (content_type, body) in bad_bodies {
        let r = h
            .http
            .post(h.url("/v1/sync/push"))
            .bearer_auth(&dev.token)
            .header(PROTOCOL_HEADER, PROTOCOL_VERSION.to_string())
            .header("content-type", content_type)
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{body}");
        let e: ErrorBody = r.json().await.expect("a JSON error body");
        assert_eq!(e.code, codes::BAD_REQUEST);
    }
    // Still serving.
    let ok = h.push(&dev, vec![submit(application(dev.code, 1))]).await;
    assert_eq!(ok.results[0].outcome, Outcome::Applied);
    // Unknown routes and wrong methods answer JSON too.
    let r = h.http.get(h.url("/v1/nothing-here")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert_eq!(r.json::<ErrorBody>().await.unwrap().code, codes::NOT_FOUND);
    let r = h.http.get(h.url("/v1/devices")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert!(r.json::<ErrorBody>().await.is_ok());
}

#[tokio::test]
async fn a_too_large_body_is_refused_with_413() {
    let h = harness().await;
    let dev = h.enroll("site-a").await;
    let big = vec![b'x'; borderdesk_server::BODY_LIMIT + 1024];
    let r = h
        .http
        .post(h.url("/v1/sync/push"))
        .bearer_auth(&dev.token)
        .header(PROTOCOL_HEADER, PROTOCOL_VERSION.to_string())
        .header("content-type", "application/json")
        .body(big)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(
        r.json::<ErrorBody>().await.unwrap().code,
        codes::PAYLOAD_TOO_LARGE
    );

    // Too many mutations in one push, though the body is small enough.
    let many: Vec<_> = (1..=(MAX_PUSH_BATCH as u32 + 1))
        .map(|i| submit(application(dev.code, i)))
        .collect();
    let r = h.push_raw(&dev.token, many).await;
    assert_eq!(r.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(
        r.json::<ErrorBody>().await.unwrap().code,
        codes::BATCH_TOO_LARGE
    );
    assert_eq!(count(&h, "SELECT count(*) FROM applications").await, 0);
    // Still serving.
    assert_eq!(
        h.push(&dev, vec![submit(application(dev.code, 1))])
            .await
            .results[0]
            .outcome,
        Outcome::Applied
    );
}

#[tokio::test]
async fn bad_submissions_are_rejected_each_with_its_reason_and_the_rest_applied() {
    let h = harness().await;
    let dev = h.enroll("site-a").await;
    let other = h.enroll("site-a").await;

    let good = submit(application(dev.code, 1));
    let mut accepted = application(dev.code, 2);
    accepted.status = ApplicationStatus::Accepted;
    let foreign = application(other.code, 3);
    let mut empty = application(dev.code, 4);
    empty.answers.clear();
    let provisional = application(54321, 5);

    let refused = submit(accepted);
    let r = h
        .push(
            &dev,
            vec![
                good,
                refused.clone(),
                submit(foreign),
                submit(empty),
                submit(provisional),
            ],
        )
        .await;
    let codes_of: Vec<Option<String>> = r
        .results
        .iter()
        .map(|m| match &m.outcome {
            Outcome::Rejected { code, .. } => Some(code.clone()),
            Outcome::Applied => None,
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(
        codes_of,
        vec![
            None,
            Some("error-status-transition".into()),
            Some("error-device-code".into()),
            Some("error-answer-required".into()),
            // A provisional code this device never held.
            Some("error-device-code".into()),
        ]
    );
    assert_eq!(count(&h, "SELECT count(*) FROM applications").await, 1);
    // A rejected mutation pushed again is answered the same way, not applied.
    let again = h.push(&dev, vec![refused]).await;
    assert!(
        matches!(&again.results[0].outcome, Outcome::Rejected { code, .. } if code == "error-status-transition")
    );
    assert_eq!(count(&h, "SELECT count(*) FROM applications").await, 1);
}

#[tokio::test]
async fn a_taken_tracking_number_is_a_conflict() {
    let h = harness().await;
    let dev = h.enroll("site-a").await;
    let first = application(dev.code, 7);
    let mut second = application(dev.code, 7);
    second.id = uuid::Uuid::now_v7();
    let r = h.push(&dev, vec![submit(first)]).await;
    assert_eq!(r.results[0].outcome, Outcome::Applied);
    let m = submit(second);
    let r = h.push(&dev, vec![m.clone()]).await;
    match &r.results[0].outcome {
        Outcome::Conflict { code, .. } => assert_eq!(code, codes::TRACKING_NUMBER_TAKEN),
        other => panic!("{other:?}"),
    }
    // The replay answers the same conflict.
    let r = h.push(&dev, vec![m]).await;
    assert!(
        matches!(&r.results[0].outcome, Outcome::Conflict { code, .. } if code == codes::TRACKING_NUMBER_TAKEN)
    );
    assert_eq!(count(&h, "SELECT count(*) FROM applications").await, 1);
}

#[tokio::test]
async fn an_application_sent_under_a_new_mutation_id_is_not_applied_again() {
    let h = harness().await;
    let dev = h.enroll("site-a").await;
    let app = application(dev.code, 1);
    let (a, b, c) = (submit(app.clone()), submit(app.clone()), submit(app));
    let r = h.push(&dev, vec![a, b]).await;
    assert_eq!(r.results[0].outcome, Outcome::Applied);
    assert_eq!(r.results[1].outcome, Outcome::Duplicate);
    let r = h.push(&dev, vec![c.clone()]).await;
    assert_eq!(r.results[0].outcome, Outcome::Duplicate);
    let r = h.push(&dev, vec![c.clone()]).await;
    assert_eq!(r.results[0].outcome, Outcome::Duplicate);
    assert_eq!(count(&h, "SELECT count(*) FROM applications").await, 1);
    assert_eq!(
        history_len(&h, &c).await,
        1,
        "one 'submitted' step, not several"
    );
}

/// Steps in the server's history of the application a submit mutation carries.
async fn history_len(h: &Harness, m: &borderdesk_protocol::Mutation) -> usize {
    let borderdesk_protocol::MutationBody::SubmitApplication { application } = &m.body else {
        panic!("not a submit");
    };
    borderdesk_server::application(h.server.pool(), &application.tracking_number)
        .await
        .unwrap()
        .history
        .len()
}

fn rejected_code(o: &Outcome) -> Option<&str> {
    match o {
        Outcome::Rejected { code, .. } => Some(code),
        _ => None,
    }
}

/// One bad mutation used to answer 500 for its whole batch, for ever: nothing behind it
/// arrived again. Now it alone is refused, with a stable code.
#[tokio::test]
async fn an_application_holding_a_nul_is_rejected_and_the_rest_of_its_batch_applies() {
    let h = harness().await;
    let dev = h.enroll("site-a").await;
    let mut batch: Vec<_> = (1..=3).map(|i| submit(application(dev.code, i))).collect();
    let mut bad = application(dev.code, 4);
    bad.answers.insert("name".into(), "张\u{0}三".into());
    let bad = submit(bad);
    batch.push(bad.clone());
    batch.extend((5..=7).map(|i| submit(application(dev.code, i))));

    let r = h.push(&dev, batch.clone()).await;
    let codes_of: Vec<Option<&str>> = r
        .results
        .iter()
        .map(|m| rejected_code(&m.outcome))
        .collect();
    assert_eq!(
        codes_of,
        vec![
            None,
            None,
            None,
            Some(codes::TEXT_CONTROL_CHARACTER),
            None,
            None,
            None
        ]
    );
    assert_eq!(count(&h, "SELECT count(*) FROM applications").await, 6);
    // Pushed again (an answer lost on the way): the good ones are duplicates, the bad one
    // is refused the same way, nothing is applied twice.
    let again = h.push(&dev, batch).await;
    assert_eq!(
        rejected_code(&again.results[3].outcome),
        Some(codes::TEXT_CONTROL_CHARACTER)
    );
    assert!(again
        .results
        .iter()
        .enumerate()
        .all(|(i, m)| i == 3 || m.outcome == Outcome::Duplicate));
    assert_eq!(count(&h, "SELECT count(*) FROM applications").await, 6);
}

/// A value that passes every check the server knows of but that PostgreSQL still refuses
/// (here a date beyond what `timestamptz` holds) fails only its own mutation: the batch is
/// applied again one by one, and the one that cannot be stored is rejected and recorded.
#[tokio::test]
async fn a_mutation_the_database_cannot_store_is_rejected_alone() {
    let h = harness().await;
    let dev = h.enroll("site-a").await;
    let mut far = application(dev.code, 2);
    far.submitted_at = chrono::NaiveDate::from_ymd_opt(-5000, 1, 1)
        .unwrap()
        .and_hms_opt(0, 0, 0)
        .unwrap()
        .and_utc();
    let far = submit(far);
    let batch = vec![
        submit(application(dev.code, 1)),
        far.clone(),
        submit(application(dev.code, 3)),
    ];
    let r = h.push(&dev, batch).await;
    let codes_of: Vec<Option<&str>> = r
        .results
        .iter()
        .map(|m| rejected_code(&m.outcome))
        .collect();
    assert_eq!(
        codes_of,
        vec![None, Some(codes::MUTATION_UNAPPLIABLE), None]
    );
    assert_eq!(count(&h, "SELECT count(*) FROM applications").await, 2);
    // Its rejection is kept: a replay is answered from it.
    let again = h.push(&dev, vec![far]).await;
    assert_eq!(
        rejected_code(&again.results[0].outcome),
        Some(codes::MUTATION_UNAPPLIABLE)
    );
}

#[tokio::test]
async fn a_booking_holding_a_nul_is_rejected_and_the_applications_beside_it_apply() {
    let h = harness().await;
    let dev = h.enroll("site-a").await;
    let booking = serde_json::json!({
        "id": uuid::Uuid::now_v7(),
        "kind": "book_slot",
        "payload": {"booking": {
            "id": uuid::Uuid::now_v7(),
            "tracking_number": borderdesk_core::TrackingNumber::issue(borderdesk_core::DeviceCode(dev.code), 2).unwrap(),
            "office_code": "GZC\u{0}330329",
            "matter_code": "will",
            "slot_start": "2030-01-07T01:00:00Z",
            "cancel_code_hash": "00",
            "made_at": "2026-12-01T01:00:00Z"
        }}
    });
    let app = serde_json::to_value(submit(application(dev.code, 1))).unwrap();
    let r = h
        .http
        .post(h.url("/v1/sync/push"))
        .bearer_auth(&dev.token)
        .header(PROTOCOL_HEADER, PROTOCOL_VERSION.to_string())
        .json(&serde_json::json!({"protocol": PROTOCOL_VERSION, "mutations": [booking, app]}))
        .send()
        .await
        .unwrap();
    let status = r.status();
    let text = r.text().await.unwrap();
    assert_eq!(status, StatusCode::OK, "{text}");
    let r: borderdesk_protocol::PushResponse = serde_json::from_str(&text).unwrap();
    assert_eq!(
        rejected_code(&r.results[0].outcome),
        Some(codes::TEXT_CONTROL_CHARACTER),
        "{:?}",
        r.results
    );
    assert_eq!(r.results[1].outcome, Outcome::Applied);
}

#[tokio::test]
async fn a_nul_in_a_query_parameter_is_a_bad_request_not_a_server_error() {
    let h = harness().await;
    let dev = h.enroll("site-a").await;
    for path in [
        "/v1/sync/notary/availability?office_code=GZC%00330329",
        "/v1/sync/pull?cursor=v1.%00.1.2",
    ] {
        let r = h
            .http
            .get(h.url(path))
            .bearer_auth(&dev.token)
            .header(PROTOCOL_HEADER, PROTOCOL_VERSION.to_string())
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{path}");
        assert_eq!(
            r.json::<ErrorBody>().await.unwrap().code,
            codes::BAD_REQUEST
        );
    }
}

/// A device that issued numbers offline under a provisional code keeps that code; another
/// device pushing numbers with it (to take them before their owner syncs) is refused.
#[tokio::test]
async fn provisional_tracking_numbers_are_accepted_only_from_the_device_that_holds_the_code() {
    let h = harness().await;
    let enroll = |provisional: u32| {
        let h = &h;
        async move {
            h.http
                .post(h.url("/v1/devices"))
                .bearer_auth(ADMIN)
                .json(&borderdesk_protocol::EnrollRequest {
                    name: "笔记本".into(),
                    site_id: "site-a".into(),
                    provisional_code: Some(provisional),
                })
                .send()
                .await
                .unwrap()
                .json::<borderdesk_protocol::EnrollResponse>()
                .await
                .unwrap()
        }
    };
    let laptop = enroll(61234).await;
    assert_eq!(laptop.device_code, 61234);
    // A second device that claims the same provisional code gets a code of its own.
    let thief = enroll(61234).await;
    assert_ne!(thief.device_code, 61234);
    let mine = submit(application(61234, 7));
    let theirs = submit(application(61234, 8));
    let r = h.push_raw(&thief.device_token, vec![theirs]).await;
    let r: borderdesk_protocol::PushResponse = r.json().await.unwrap();
    assert_eq!(
        rejected_code(&r.results[0].outcome),
        Some("error-device-code")
    );
    let r = h.push_raw(&laptop.device_token, vec![mine]).await;
    let r: borderdesk_protocol::PushResponse = r.json().await.unwrap();
    assert_eq!(r.results[0].outcome, Outcome::Applied);
    assert_eq!(count(&h, "SELECT count(*) FROM applications").await, 1);
}

async fn track(
    h: &Harness,
    dev: &Dev,
    number: &borderdesk_core::TrackingNumber,
    last_four: &str,
) -> reqwest::Response {
    h.http
        .post(h.url("/v1/sync/track"))
        .bearer_auth(&dev.token)
        .header(PROTOCOL_HEADER, PROTOCOL_VERSION.to_string())
        .json(&borderdesk_protocol::TrackRequest {
            tracking_number: number.clone(),
            id_last_four: last_four.into(),
        })
        .send()
        .await
        .unwrap()
}

/// Tracking numbers are sequential, and the last four of the ID could be tried without end
/// (about 170 a second), confirming them and showing the status. Failed lookups of a number
/// are counted from every device; after five that hour it answers "not found" even to the
/// right digits; and every device may look up only so often.
#[tokio::test]
async fn tracking_lookups_are_limited_per_number_and_per_device() {
    let h = harness().await;
    let kiosk = h.enroll("site-a").await;
    let (walker, owner, busy) = (
        h.enroll("site-b").await,
        h.enroll("site-c").await,
        h.enroll("site-d").await,
    );
    let mut apps = Vec::new();
    for seq in 1..=2 {
        let mut app = application(kiosk.code, seq);
        app.answers.insert("id".into(), "330329195803120013".into());
        apps.push(app.tracking_number.clone());
        assert_eq!(
            h.push(&kiosk, vec![submit(app)]).await.results[0].outcome,
            Outcome::Applied
        );
    }
    assert_eq!(
        track(&h, &owner, &apps[0], "0013").await.status(),
        StatusCode::OK
    );
    for guess in ["0000", "0001", "0002", "0003", "0004"] {
        assert_eq!(
            track(&h, &walker, &apps[0], guess).await.status(),
            StatusCode::NOT_FOUND
        );
    }
    let r = track(&h, &owner, &apps[0], "0013").await;
    assert_eq!(
        r.status(),
        StatusCode::NOT_FOUND,
        "the number answers nothing more this hour"
    );

    for _ in 0..60 {
        assert_eq!(
            track(&h, &busy, &apps[1], "0013").await.status(),
            StatusCode::OK
        );
    }
    let r = track(&h, &busy, &apps[1], "0013").await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(r.headers().contains_key(reqwest::header::RETRY_AFTER));
    assert_eq!(
        r.json::<ErrorBody>().await.unwrap().code,
        codes::TOO_MANY_REQUESTS
    );
    // Another device is not held back by it.
    assert_eq!(
        track(&h, &owner, &apps[1], "0013").await.status(),
        StatusCode::OK
    );
}
