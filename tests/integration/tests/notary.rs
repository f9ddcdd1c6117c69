//! Bookings made offline at a kiosk, decided by the real server at sync: one confirmed, one
//! rejected with the nearest free slots because other kiosks took the seats meanwhile.

use borderdesk_local::notary::LocalBookingStatus;
use borderdesk_local::{sync, SyncClient};
use chrono::Utc;

mod common;
use common::{
    named_store, notary_booking, start_server, start_server_with_reference, today, ADMIN,
    NOTARY_OFFICE,
};

async fn kiosk(dir: &tempfile::TempDir, name: &str, url: &str) -> SyncClient {
    let store = named_store(dir, name).await;
    sync::enroll(&store, url, ADMIN, name, "taishun-siqian")
        .await
        .unwrap();
    SyncClient::new(store)
}

#[tokio::test]
async fn offline_bookings_are_confirmed_or_rejected_with_alternatives_at_sync() {
    let server = start_server_with_reference().await;
    let dir = tempfile::tempdir().unwrap();
    let a = kiosk(&dir, "kiosk-a", &server.url()).await;
    let b = kiosk(&dir, "kiosk-b", &server.url()).await;
    let slots = a
        .store()
        .slot_choices(NOTARY_OFFICE, Utc::now())
        .await
        .unwrap()
        .slots;
    let (full, free) = (slots[0].start, slots[1].start);

    // Kiosk A books both slots while offline (no sync yet): pending receipts.
    let lost = a
        .store()
        .book_slot(
            &notary_booking(full, "330329199001011235"),
            Utc::now(),
            today(),
        )
        .await
        .unwrap();
    let kept = a
        .store()
        .book_slot(
            &notary_booking(free, "330329199001011235"),
            Utc::now(),
            today(),
        )
        .await
        .unwrap();
    let kept_code = kept.cancel_code.clone().unwrap();
    assert_eq!(lost.status, LocalBookingStatus::Pending);

    // Meanwhile kiosk B fills the first slot (capacity 2) and gets through first.
    for _ in 0..2 {
        b.store()
            .book_slot(
                &notary_booking(full, "330329199001019990"),
                Utc::now(),
                today(),
            )
            .await
            .unwrap();
    }
    b.sync_once().await.unwrap();

    // A's sync: the server seats one booking and refuses the other with alternatives.
    let report = a.sync_once().await.unwrap();
    assert_eq!((report.pushed, report.rejected), (1, 1));
    let kept = a
        .store()
        .booking_receipt(kept.tracking_number.as_str())
        .await
        .unwrap();
    assert_eq!(kept.status, LocalBookingStatus::Confirmed);
    assert!(kept.video_link.is_some());
    let lost = a
        .store()
        .booking_receipt(lost.tracking_number.as_str())
        .await
        .unwrap();
    assert_eq!(lost.status, LocalBookingStatus::Rejected);
    assert!(
        !lost.alternatives.is_empty() && lost.alternatives.len() <= 3,
        "{:?}",
        lost.alternatives
    );
    assert!(
        !lost.alternatives.contains(&full),
        "the full slot is not offered"
    );
    let seats = borderdesk_server::booking::seat_counts(server.pool(), NOTARY_OFFICE)
        .await
        .unwrap();
    let taken_full = seats.iter().find(|s| s.0 == full).map(|s| s.2).unwrap();
    assert_eq!(taken_full, 2, "never more than the capacity");

    // The kept booking moves to a later slot with its code: atomically on the server.
    let later = slots[3].start;
    let asked = a
        .store()
        .reschedule_booking(kept.tracking_number.as_str(), &kept_code, later, Utc::now())
        .await
        .unwrap();
    assert_eq!(asked.requested_slot, Some(later));
    a.sync_once().await.unwrap();
    let moved = a
        .store()
        .booking_receipt(kept.tracking_number.as_str())
        .await
        .unwrap();
    assert_eq!((moved.slot_start, moved.requested_slot), (later, None));
    let seats = borderdesk_server::booking::seat_counts(server.pool(), NOTARY_OFFICE)
        .await
        .unwrap();
    let taken = |at| seats.iter().find(|s| s.0 == at).map(|s| s.2).unwrap_or(0);
    assert_eq!(
        (taken(free), taken(later)),
        (0, 1),
        "the old seat freed, the new one taken"
    );
}

#[tokio::test]
async fn notary_staff_see_the_day_and_a_closed_slot_reaches_the_kiosk() {
    let server = start_server_with_reference().await;
    let resp = reqwest::Client::new()
        .post(format!("{}/v1/admin/staff", server.url()))
        .bearer_auth(ADMIN)
        .json(&serde_json::json!({
            "user_name": "notary-li", "display_name": "李公证员", "role": "notary_staff",
            "site_id": "taishun-siqian", "office_code": NOTARY_OFFICE,
            "password": "long enough secret"
        }))
        .send()
        .await
        .unwrap();
    assert!(resp.status().is_success(), "{}", resp.status());
    let dir = tempfile::tempdir().unwrap();
    let kiosk_a = kiosk(&dir, "kiosk-a", &server.url()).await;
    let desk = kiosk(&dir, "notary-desk", &server.url()).await;

    let slots = kiosk_a
        .store()
        .slot_choices(NOTARY_OFFICE, Utc::now())
        .await
        .unwrap()
        .slots;
    let (booked, closing) = (slots[0].start, slots[1].start);
    // Online: booked and decided by the server at once, as the kiosk's 预约 does.
    let made = kiosk_a
        .book_and_decide(
            &notary_booking(booked, "330329199001011235"),
            Utc::now(),
            today(),
            borderdesk_local::notary::DECIDE_WITHIN,
        )
        .await
        .unwrap();
    assert_eq!(made.status, LocalBookingStatus::Confirmed);
    assert!(
        made.cancel_code.is_some(),
        "the cancel code, shown this once"
    );

    let session = desk
        .staff_login("notary-li", "long enough secret")
        .await
        .unwrap();
    let date = booked
        .with_timezone(&borderdesk_core::notary::shanghai())
        .date_naive();
    let day = desk
        .notary_day(&session, NOTARY_OFFICE, date)
        .await
        .unwrap();
    let row = day
        .bookings
        .iter()
        .find(|b| b.tracking_number == made.tracking_number.as_str())
        .expect("the booking is on the office's day");
    // The slot has not started: no outcome yet.
    let early = desk
        .record_outcome(
            &session,
            row.booking_id,
            borderdesk_protocol::BookingOutcome::NoShow,
        )
        .await
        .unwrap_err();
    assert_eq!(early.code(), "error-outcome-too-early");

    // The office closes an empty slot; the kiosk sees it at its next look and cannot book it.
    let closed = desk
        .change_slot(
            &session,
            &borderdesk_protocol::SlotChangeRequest {
                office_code: NOTARY_OFFICE.into(),
                slot_start: closing,
                action: borderdesk_protocol::SlotAction::Close,
            },
        )
        .await
        .unwrap();
    assert_eq!(closed.capacity, 0);
    kiosk_a.refresh_availability(NOTARY_OFFICE).await.unwrap();
    let seen = kiosk_a
        .store()
        .slot_choices(NOTARY_OFFICE, Utc::now())
        .await
        .unwrap();
    assert!(seen.as_of.is_some());
    let slot = seen.slots.iter().find(|s| s.start == closing).unwrap();
    assert_eq!(slot.capacity, 0);
    let refused = kiosk_a
        .store()
        .book_slot(
            &notary_booking(closing, "330329199001011235"),
            Utc::now(),
            today(),
        )
        .await
        .unwrap_err();
    assert_eq!(refused.code(), "error-slot-full");
    // The decision SMS for the first booking is queued for the office to see.
    let sms = desk
        .sms_report(&session, NOTARY_OFFICE, date)
        .await
        .unwrap();
    assert!(sms
        .messages
        .iter()
        .any(|m| m.tracking_number == made.tracking_number.as_str()));
}

#[tokio::test]
async fn an_imported_notary_reference_reaches_the_kiosk_at_sync() {
    let server = start_server().await;
    let mut reference: borderdesk_core::notary::NotaryReference =
        serde_json::from_str(borderdesk_local::notary::BUNDLED_NOTARY).unwrap();
    borderdesk_server::import_notary(server.pool(), &reference)
        .await
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let kiosk = kiosk(&dir, "kiosk-ref", &server.url()).await;
    kiosk.sync_once().await.unwrap();
    let capacity = |choices: &borderdesk_local::notary::SlotChoices| choices.slots[0].capacity;
    assert_eq!(
        capacity(
            &kiosk
                .store()
                .slot_choices(NOTARY_OFFICE, Utc::now())
                .await
                .unwrap()
        ),
        2
    );

    // The office now seats four per slot and takes a new matter.
    let office = reference
        .offices
        .iter_mut()
        .find(|o| o.code == NOTARY_OFFICE)
        .unwrap();
    office.calendar.capacity_per_slot = 4;
    office.matters.push("GZ-NEW".into());
    let mut matter = reference.matters[0].clone();
    matter.code = "GZ-NEW".into();
    reference.matters.push(matter);
    borderdesk_server::import_notary(server.pool(), &reference)
        .await
        .unwrap();

    // The feed serves a change once every older transaction in the cluster has ended: sync
    // until it is there.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        kiosk.sync_once().await.unwrap();
        let matters = kiosk.store().notary_matters().unwrap();
        if matters.iter().any(|m| m.code == "GZ-NEW") {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the reference never came"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let choices = kiosk
        .store()
        .slot_choices(NOTARY_OFFICE, Utc::now())
        .await
        .unwrap();
    assert_eq!(capacity(&choices), 4);

    // A booking of the new matter is decided by the server against the same data.
    let mut r = notary_booking(choices.slots[0].start, "330329199001011235");
    r.matter_code = "GZ-NEW".into();
    let receipt = kiosk
        .store()
        .book_slot(&r, Utc::now(), today())
        .await
        .unwrap();
    kiosk.sync_once().await.unwrap();
    let decided = kiosk
        .store()
        .booking_receipt(receipt.tracking_number.as_str())
        .await
        .unwrap();
    assert_eq!(decided.status, LocalBookingStatus::Confirmed);
}
