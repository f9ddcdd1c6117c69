//! The sync client may keep batches of new applications on the wire together (see
//! `PUSH_WINDOW`); everything else goes alone and in outbox order. A booking and its cancel,
//! queued between thousands of applications, reach the server in that order: the seat is
//! taken, then freed, and the device ends with the booking cancelled, whether the two went
//! in one batch or in two.

use borderdesk_local::notary::{BookingRequest, LocalBookingStatus};
use borderdesk_local::{sync, SyncClient};
use chrono::Utc;

mod common;
use common::{device_store, draft, start_server_with_reference, today, ADMIN};

const OFFICE: &str = "GZC-330329";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cancel_queued_behind_its_booking_never_overtakes_it_among_many_applications() {
    // The booking ends the first batch, its cancel opens the second.
    book_and_cancel_between(sync::PUSH_BATCH as usize - 1, 1499).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_booking_and_its_cancel_sent_in_one_batch_end_cancelled() {
    book_and_cancel_between(3, 20).await;
}

/// `before` applications, a booking, its cancel, `after` applications; then one sync.
async fn book_and_cancel_between(before: usize, after: usize) {
    let server = start_server_with_reference().await;
    let dir = tempfile::tempdir().unwrap();
    let store = device_store(&dir).await;
    sync::enroll(&store, &server.url(), ADMIN, "kiosk", "taishun-siqian")
        .await
        .unwrap();
    let d = draft(&store);
    let submit = |n: usize| {
        let (store, d) = (store.clone(), d.clone());
        async move {
            for _ in 0..n {
                store.submit_application(&d, today()).await.unwrap();
            }
        }
    };
    submit(before).await;
    let slot = store
        .slot_choices(OFFICE, Utc::now())
        .await
        .unwrap()
        .slots
        .last()
        .unwrap()
        .start;
    let booked = store
        .book_slot(
            &BookingRequest {
                matter_code: "GZ-QSGX".into(),
                office_code: OFFICE.into(),
                slot_start: slot,
                applicant_name: "张三".into(),
                applicant_id_number: "330329199001011235".into(),
                phone: "13800138000".into(),
                family_phone: String::new(),
                family_consent: false,
            },
            Utc::now(),
            today(),
        )
        .await
        .unwrap();
    store
        .cancel_booking(
            booked.tracking_number.as_str(),
            &booked.cancel_code.clone().unwrap(),
            Utc::now(),
        )
        .await
        .unwrap();
    submit(after).await;

    let report = SyncClient::new(store.clone()).sync_once().await.unwrap();
    assert_eq!(
        (report.pushed, report.duplicates, report.rejected),
        ((before + after + 2) as u32, 0, 0)
    );
    assert_eq!(store.queue_state().await.unwrap().waiting, 0);
    let booking = store
        .booking_receipt(booked.tracking_number.as_str())
        .await
        .unwrap();
    assert_eq!(booking.status, LocalBookingStatus::Cancelled);
    let seats = borderdesk_server::booking::seat_counts(server.pool(), OFFICE)
        .await
        .unwrap();
    let seat = seats.iter().find(|s| s.0 == slot).map(|s| (s.2, s.3));
    assert!(
        matches!(seat, None | Some((0, 0))),
        "the seat was taken, then freed: {seat:?}"
    );
    let apps: i64 = sqlx::query_scalar("SELECT count(*) FROM applications")
        .fetch_one(server.pool())
        .await
        .unwrap();
    assert_eq!(apps, (before + after) as i64);
}
