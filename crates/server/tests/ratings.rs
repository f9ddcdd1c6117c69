//! 好差评 on a real server and PostgreSQL: a rating of a transaction of the site is kept once
//! per transaction (a replay answers the same, a second rating from anywhere is refused), a
//! poor one shows in the site's desk queue with its follow-up deadline, and the site records
//! the outcome once.

mod common;

use borderdesk_core::rating::{RatedService, RatingLevel};
use borderdesk_core::staff::Role;
use borderdesk_protocol::{
    DeskQueue, DeskQueueKind, Mutation, MutationBody, Outcome, RatingFollowUp,
    RatingFollowUpRequest, RatingUpload, PROTOCOL_HEADER, PROTOCOL_VERSION, STAFF_HEADER,
};
use chrono::Utc;
use common::*;
use reqwest::{Method, StatusCode};
use uuid::Uuid;

fn rating(number: &str, level: RatingLevel, reasons: &[&str]) -> Mutation {
    Mutation {
        id: Uuid::now_v7(),
        body: MutationBody::SubmitRating {
            rating: RatingUpload {
                id: Uuid::now_v7(),
                service: RatedService::Application,
                tracking_number: number.to_string(),
                level,
                reasons: reasons.iter().map(|r| r.to_string()).collect(),
                rated_at: Utc::now(),
            },
        },
    }
}

fn staff_request(
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

fn code_of(outcome: &Outcome) -> &str {
    match outcome {
        Outcome::Rejected { code, .. } => code,
        other => panic!("not refused: {other:?}"),
    }
}

/// A server whose catalog holds the item the applications are for.
async fn harness_with_item() -> Harness {
    let h = harness().await;
    borderdesk_server::import_catalog(h.server.pool(), &[catalog_item("ZM-HJ-001")])
        .await
        .unwrap();
    h
}

#[tokio::test]
async fn a_rating_is_kept_once_per_transaction_of_the_site() {
    let h = harness_with_item().await;
    let kiosk = h.enroll("luoyang").await;
    let other_kiosk = h.enroll("luoyang").await;
    let elsewhere = h.enroll("fuding").await;
    let app = application(kiosk.code, 1);
    let number = app.tracking_number.as_str().to_string();
    h.push(&kiosk, vec![submit(app)]).await;

    let first = rating(&number, RatingLevel::Satisfied, &[]);
    let answered = h.push(&kiosk, vec![first.clone()]).await;
    assert_eq!(answered.results[0].outcome, Outcome::Applied);
    // A replay of the same mutation: the same answer, nothing new.
    let again = h.push(&kiosk, vec![first]).await;
    assert!(matches!(
        again.results[0].outcome,
        Outcome::Applied | Outcome::Duplicate
    ));
    // A second rating of the same transaction: refused.
    let second = h
        .push(
            &kiosk,
            vec![rating(&number, RatingLevel::VeryDissatisfied, &[])],
        )
        .await;
    assert_eq!(
        code_of(&second.results[0].outcome),
        "error-rating-already-given"
    );
    // Only the device that took it rates it, not another device of the site.
    let other = h
        .push(
            &other_kiosk,
            vec![rating(&number, RatingLevel::VeryDissatisfied, &[])],
        )
        .await;
    assert_eq!(code_of(&other.results[0].outcome), "error-not-found");
    // Another site cannot rate this site's work; a number nobody made is refused too.
    let foreign = h
        .push(
            &elsewhere,
            vec![rating(&number, RatingLevel::Satisfied, &[])],
        )
        .await;
    assert_eq!(code_of(&foreign.results[0].outcome), "error-not-found");
    // Reasons only with a poor rating, and only offered ones; the rest of the batch goes on.
    let app2 = application(kiosk.code, 2);
    let n2 = app2.tracking_number.as_str().to_string();
    let app3 = application(kiosk.code, 3);
    let n3 = app3.tracking_number.as_str().to_string();
    h.push(&kiosk, vec![submit(app2), submit(app3)]).await;
    let batch = h
        .push(
            &kiosk,
            vec![
                rating(&n2, RatingLevel::Satisfied, &["long_wait"]),
                rating(&n3, RatingLevel::Basic, &[]),
            ],
        )
        .await;
    assert_eq!(
        code_of(&batch.results[0].outcome),
        "error-rating-reason-unknown"
    );
    assert_eq!(batch.results[1].outcome, Outcome::Applied);

    let kept: Vec<(String, String)> =
        sqlx::query_as("SELECT tracking_number, level FROM ratings ORDER BY rated_at")
            .fetch_all(h.server.pool())
            .await
            .unwrap();
    assert_eq!(
        kept,
        vec![(number, "satisfied".to_string()), (n3, "basic".to_string())]
    );
}

#[tokio::test]
async fn a_poor_rating_waits_in_the_sites_queue_until_its_follow_up_is_recorded() {
    let h = harness_with_item().await;
    let desk = h.enroll("luoyang").await;
    let kiosk = h.enroll("luoyang").await;
    let elsewhere_desk = h.enroll("fuding").await;
    let good = application(kiosk.code, 1);
    let poor = application(kiosk.code, 2);
    let (good_n, poor_n) = (
        good.tracking_number.as_str().to_string(),
        poor.tracking_number.as_str().to_string(),
    );
    h.push(&kiosk, vec![submit(good), submit(poor)]).await;
    h.push(
        &kiosk,
        vec![
            rating(&good_n, RatingLevel::VerySatisfied, &[]),
            rating(
                &poor_n,
                RatingLevel::Dissatisfied,
                &["long_wait", "more_trips"],
            ),
        ],
    )
    .await;

    // Newer work of the site comes after; the poor rating still heads the queue's first page.
    let later: Vec<_> = (3..8).map(|n| application(kiosk.code, n)).collect();
    h.push(&kiosk, later.into_iter().map(submit).collect())
        .await;
    let clerk = staff_session(&h, &desk, "clerk-ly", Role::Clerk).await;
    let first: DeskQueue = staff_request(&h, &desk, &clerk, Method::GET, "/v1/desk/queue")
        .query(&[("limit", "2")])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        first.entries[0].kind,
        DeskQueueKind::PoorRating,
        "{:?}",
        first.entries
    );
    assert_eq!(first.entries[1].kind, DeskQueueKind::Application);
    assert!(first.next.is_some());
    let r = staff_request(&h, &desk, &clerk, Method::GET, "/v1/desk/queue")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let queue: DeskQueue = r.json().await.unwrap();
    let ratings: Vec<_> = queue
        .entries
        .iter()
        .filter(|e| e.kind == DeskQueueKind::PoorRating)
        .collect();
    assert_eq!(ratings.len(), 1, "only the poor one: {:?}", queue.entries);
    let row = ratings[0];
    assert_eq!(row.tracking_number.as_deref(), Some(poor_n.as_str()));
    assert_eq!(row.code.as_deref(), Some("dissatisfied"));
    assert_eq!(row.status, "open");
    let due = row.due.expect("a deadline");
    let days = (due - row.at).num_days();
    // 15 working days: three weeks, give or take the weekend it starts on.
    assert!((20..=23).contains(&days), "due in {days} days");

    let path = format!("/v1/desk/ratings/{}/follow-up", row.id);
    // Another site's desk does not see it.
    let other_clerk = staff_session(&h, &elsewhere_desk, "clerk-fd", Role::Clerk).await;
    let r = staff_request(&h, &elsewhere_desk, &other_clerk, Method::POST, &path)
        .json(&RatingFollowUpRequest {
            outcome: "已回访".into(),
        })
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    // An empty or control-character outcome is refused and changes nothing.
    for bad in ["  ", "回访\u{0}"] {
        let r = staff_request(&h, &desk, &clerk, Method::POST, &path)
            .json(&RatingFollowUpRequest {
                outcome: bad.into(),
            })
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "{bad:?}");
    }
    let r = staff_request(&h, &desk, &clerk, Method::POST, &path)
        .json(&RatingFollowUpRequest {
            outcome: "已电话回访，说明了办理时限，群众表示理解".into(),
        })
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let done: RatingFollowUp = r.json().await.unwrap();
    assert_eq!(done.id, row.id);
    // Once.
    let r = staff_request(&h, &desk, &clerk, Method::POST, &path)
        .json(&RatingFollowUpRequest {
            outcome: "再次回访".into(),
        })
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let queue: DeskQueue = staff_request(&h, &desk, &clerk, Method::GET, "/v1/desk/queue")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let row = queue
        .entries
        .iter()
        .find(|e| e.kind == DeskQueueKind::PoorRating)
        .unwrap();
    assert_eq!(row.status, "followed_up");
    let audited: i64 =
        sqlx::query_scalar("SELECT count(*) FROM audit_log WHERE action = 'desk_rating_follow_up'")
            .fetch_one(h.server.pool())
            .await
            .unwrap();
    assert_eq!(audited, 1);
}

fn reason(code: &str, zh: &str) -> borderdesk_core::rating::RatingReason {
    borderdesk_core::rating::RatingReason {
        code: code.into(),
        label: borderdesk_core::LocalizedText {
            zh_cn: zh.into(),
            zh_tw: None,
            en: None,
        },
    }
}

#[tokio::test]
async fn the_countys_reasons_reach_every_device_and_a_reason_once_offered_stays_acceptable() {
    use borderdesk_core::rating::RatingReasons;
    use borderdesk_protocol::Change;
    let h = harness_with_item().await;
    let kiosk = h.enroll("luoyang").await;
    // A bad list changes nothing.
    let twice = RatingReasons(vec![reason("queue", "排队久"), reason("queue", "排队久")]);
    assert!(
        borderdesk_server::import_rating_reasons(h.server.pool(), &twice)
            .await
            .is_err()
    );
    let county = RatingReasons(vec![
        reason("queue_at_window", "窗口排队太久"),
        reason("other", "其他"),
    ]);
    assert_eq!(
        borderdesk_server::import_rating_reasons(h.server.pool(), &county)
            .await
            .unwrap(),
        2
    );
    // The same list again sends nothing new.
    borderdesk_server::import_rating_reasons(h.server.pool(), &county)
        .await
        .unwrap();
    let pulled = h.pull(&kiosk, None, None).await;
    let lists: Vec<&RatingReasons> = pulled
        .changes
        .iter()
        .filter_map(|c| match c {
            Change::RatingReasons { reasons } => Some(reasons),
            _ => None,
        })
        .collect();
    assert_eq!(lists, [&county], "one change, for every site");

    // A poor rating with the county's own reason is kept; one nobody offered is refused.
    let app = application(kiosk.code, 1);
    let number = app.tracking_number.as_str().to_string();
    h.push(&kiosk, vec![submit(app)]).await;
    let made_up = h
        .push(
            &kiosk,
            vec![rating(&number, RatingLevel::Dissatisfied, &["bribe_asked"])],
        )
        .await;
    assert_eq!(
        code_of(&made_up.results[0].outcome),
        "error-rating-reason-unknown"
    );
    // The county drops the reason; a kiosk offline since still rates with it.
    borderdesk_server::import_rating_reasons(
        h.server.pool(),
        &RatingReasons(vec![reason("other", "其他")]),
    )
    .await
    .unwrap();
    let kept = h
        .push(
            &kiosk,
            vec![rating(
                &number,
                RatingLevel::Dissatisfied,
                &["queue_at_window"],
            )],
        )
        .await;
    assert_eq!(kept.results[0].outcome, Outcome::Applied);
    let stored: serde_json::Value =
        sqlx::query_scalar("SELECT reasons FROM ratings WHERE tracking_number = $1")
            .bind(&number)
            .fetch_one(h.server.pool())
            .await
            .unwrap();
    assert_eq!(stored, serde_json::json!(["queue_at_window"]));
}
