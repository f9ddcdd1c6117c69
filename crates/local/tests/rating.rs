//! 好差评 at the device: one rating per transaction made here, queued for the server with no
//! personal data; a number this device did not make, a second rating and reasons not offered
//! are refused and leave nothing behind.

use borderdesk_core::rating::{RatedService, RatingLevel};
use borderdesk_local::LocalError;
use borderdesk_protocol::MutationBody;

mod common;
use common::{draft, open, today};

#[tokio::test]
async fn a_transaction_is_rated_once_and_the_rating_goes_to_the_outbox() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir).await;
    let receipt = store
        .submit_application(&draft("11010519491231002X"), today())
        .await
        .unwrap();
    let number = receipt.tracking_number.as_str().to_string();
    assert!(!store
        .is_rated(RatedService::Application, &number)
        .await
        .unwrap());

    store
        .rate(
            RatedService::Application,
            &receipt.tracking_number_grouped,
            RatingLevel::Dissatisfied,
            &["more_trips".to_string(), "long_wait".to_string()],
        )
        .await
        .unwrap();
    assert!(store
        .is_rated(RatedService::Application, &number)
        .await
        .unwrap());
    let pending = store.pending(10).await.unwrap();
    let rating = pending
        .iter()
        .find_map(|p| match &p.mutation.body {
            MutationBody::SubmitRating { rating } => Some(rating.clone()),
            _ => None,
        })
        .expect("the rating is queued");
    assert_eq!(rating.tracking_number, number);
    assert_eq!(rating.level, RatingLevel::Dissatisfied);
    // In the reference's order, whatever order they were ticked in.
    assert_eq!(rating.reasons, vec!["long_wait", "more_trips"]);
    let json = serde_json::to_string(&rating).unwrap();
    assert!(!json.contains("11010519491231002X") && !json.contains("13800138000"));

    // Once per transaction.
    let again = store
        .rate(
            RatedService::Application,
            &number,
            RatingLevel::VerySatisfied,
            &[],
        )
        .await
        .unwrap_err();
    assert_eq!(again.code(), "error-rating-already-given");

    // Not a transaction of this device; the wrong kind of transaction; reasons on a good one.
    let other =
        borderdesk_core::TrackingNumber::issue(borderdesk_core::DeviceCode(4242), 7).unwrap();
    let unknown = store
        .rate(
            RatedService::Application,
            other.as_str(),
            RatingLevel::Satisfied,
            &[],
        )
        .await
        .unwrap_err();
    assert!(
        matches!(unknown, LocalError::ApplicationNotFound),
        "{unknown:?}"
    );
    let wrong_kind = store
        .rate(RatedService::Booking, &number, RatingLevel::Satisfied, &[])
        .await
        .unwrap_err();
    assert!(
        matches!(wrong_kind, LocalError::ApplicationNotFound),
        "{wrong_kind:?}"
    );
    let second = store
        .submit_application(&draft("11010519491231002X"), today())
        .await
        .unwrap();
    let reasons = store
        .rate(
            RatedService::Application,
            second.tracking_number.as_str(),
            RatingLevel::Satisfied,
            &["long_wait".to_string()],
        )
        .await
        .unwrap_err();
    assert_eq!(reasons.code(), "error-rating-reason-unknown");
    assert!(!store
        .is_rated(RatedService::Application, second.tracking_number.as_str())
        .await
        .unwrap());
    let ratings_queued = store
        .pending(10)
        .await
        .unwrap()
        .iter()
        .filter(|p| matches!(p.mutation.body, MutationBody::SubmitRating { .. }))
        .count();
    assert_eq!(ratings_queued, 1);
    // Every reason offered has a name in every language.
    for r in store.rating_reasons() {
        assert!(
            r.label.zh_tw.is_some() && r.label.en.is_some(),
            "{}",
            r.code
        );
    }
}

#[tokio::test]
async fn the_countys_reasons_from_the_feed_are_offered_kept_over_a_restart_and_checked() {
    use borderdesk_core::rating::{RatingReason, RatingReasons};
    use borderdesk_core::LocalizedText;
    use borderdesk_protocol::Change;
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir).await;
    let bundled = store.rating_reasons();
    assert!(bundled.iter().any(|r| r.code == "long_wait"));
    let county = RatingReasons(vec![RatingReason {
        code: "queue_at_window".into(),
        label: LocalizedText {
            zh_cn: "窗口排队太久".into(),
            zh_tw: Some("窗口排隊太久".into()),
            en: Some("Queued too long at the window".into()),
        },
    }]);
    // A list that does not hold together (a code twice) is skipped; the sync goes on.
    let broken = RatingReasons(vec![county.0[0].clone(), county.0[0].clone()]);
    store
        .apply_pull(
            vec![Change::RatingReasons { reasons: broken }],
            "cursor-1",
            false,
        )
        .await
        .unwrap();
    assert_eq!(store.rating_reasons(), bundled);
    store
        .apply_pull(
            vec![Change::RatingReasons {
                reasons: county.clone(),
            }],
            "cursor-2",
            false,
        )
        .await
        .unwrap();
    assert_eq!(store.rating_reasons(), county.0);

    // Offered now, and the only ones a rating may carry.
    let receipt = store
        .submit_application(&draft("11010519491231002X"), today())
        .await
        .unwrap();
    let number = receipt.tracking_number.as_str().to_string();
    let e = store
        .rate(
            RatedService::Application,
            &number,
            RatingLevel::Dissatisfied,
            &["long_wait".to_string()],
        )
        .await
        .unwrap_err();
    assert_eq!(e.code(), "error-rating-reason-unknown");
    store
        .rate(
            RatedService::Application,
            &number,
            RatingLevel::Dissatisfied,
            &["queue_at_window".to_string()],
        )
        .await
        .unwrap();

    // Kept over a restart; forgotten when the server's data starts over.
    drop(store);
    let store = open(&dir).await;
    assert_eq!(store.rating_reasons(), county.0);
    store
        .apply_pull(Vec::new(), "cursor-0", true)
        .await
        .unwrap();
    assert_eq!(store.rating_reasons(), bundled);
}
