//! Video-notarization bookings on the device, on real SQLite files: competence, slots with
//! the seats last reported, offline booking as pending with its outbox entry, cancel codes.

use borderdesk_core::notary::{cancel_code_hash, CompetenceFacts};
use borderdesk_local::notary::{BookingRequest, LocalBookingStatus};
use borderdesk_local::Store;
use borderdesk_protocol::{BookingStatus, Change, MutationBody, SlotAvailability, SlotSeats};
use chrono::{Duration, Utc};

mod common;
use common::{database_bytes, open, today};

const OFFICE: &str = "GZC-330329";
const MATTER: &str = "GZ-QSGX";

async fn request(store: &Store) -> BookingRequest {
    let choices = store.slot_choices(OFFICE, Utc::now()).await.unwrap();
    BookingRequest {
        matter_code: MATTER.into(),
        office_code: OFFICE.into(),
        slot_start: choices.slots[0].start,
        applicant_name: "张三".into(),
        applicant_id_number: "330329199001011235".into(),
        phone: "13800138000".into(),
        family_phone: String::new(),
        family_consent: false,
    }
}

fn code_of(r: Result<impl Sized, borderdesk_local::LocalError>) -> String {
    r.err().map(|e| e.code().to_string()).unwrap_or_default()
}

#[tokio::test]
async fn offices_follow_the_applicants_places_and_some_matters_are_never_remote() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir).await;
    let facts = CompetenceFacts {
        domicile_county: Some("350982".into()),
        ..Default::default()
    };
    let offices = store.notary_offices(MATTER, &facts).unwrap();
    assert_eq!(offices[0].code, "GZC-350982", "福鼎 for a 福鼎 domicile");
    assert!(
        store
            .notary_offices(MATTER, &CompetenceFacts::default())
            .unwrap()
            .len()
            > 1
    );
    let will = store
        .notary_matters()
        .unwrap()
        .into_iter()
        .find(|m| !m.remote_allowed)
        .expect("a matter that needs an in-person visit");
    let mut r = request(&store).await;
    r.matter_code = will.code;
    assert_eq!(
        code_of(store.book_slot(&r, Utc::now(), today()).await),
        "error-notary-not-remote"
    );
}

#[tokio::test]
async fn an_offline_booking_is_pending_with_its_outbox_entry_and_a_cancel_code() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir).await;
    let r = request(&store).await;
    let receipt = store.book_slot(&r, Utc::now(), today()).await.unwrap();
    assert_eq!(receipt.status, LocalBookingStatus::Pending);
    let cancel = receipt.cancel_code.clone().unwrap();
    assert_eq!(cancel.len(), 9, "two groups of four: {cancel}");
    assert!(
        receipt.video_link.is_none(),
        "no link before the server confirms"
    );
    let pending = store.pending(10).await.unwrap();
    let MutationBody::BookSlot { booking } = &pending[0].mutation.body else {
        panic!("a booking waits in the outbox");
    };
    assert_eq!(
        booking.cancel_code_hash,
        cancel_code_hash(booking.id, &cancel)
    );
    assert_eq!(booking.slot_start, r.slot_start);
    assert_eq!(
        booking.applicant_id_number.as_deref(),
        Some(r.applicant_id_number.as_str()),
        "the server counts bookings per person"
    );
    // The seat counts as taken here until the server decides.
    let choices = store.slot_choices(OFFICE, Utc::now()).await.unwrap();
    assert_eq!(choices.slots[0].taken, 1);
    assert!(choices.as_of.is_none(), "no seat counts from a server yet");
    // Found again with the last four of the ID number, and only with them.
    let number = receipt.tracking_number.as_str();
    assert!(store.find_booking(number, "1235").await.is_ok());
    assert_eq!(
        code_of(store.find_booking(number, "9999").await),
        "error-booking-not-found"
    );
    // Nothing personal is readable in the database files.
    let raw = database_bytes(&store, &dir).await;
    for needle in ["330329199001011235", "13800138000", cancel.as_str()] {
        assert!(
            !raw.windows(needle.len()).any(|w| w == needle.as_bytes()),
            "{needle}"
        );
    }
}

#[tokio::test]
async fn a_family_number_goes_with_the_booking_only_with_consent_and_stays_sealed() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir).await;
    let mut r = request(&store).await;
    r.family_phone = "139 0013 9000".into();
    // Not agreed to: refused at its field, nothing saved.
    let e = store.book_slot(&r, Utc::now(), today()).await.unwrap_err();
    assert_eq!(e.code(), "error-family-consent-needed");
    assert_eq!(e.question_id(), Some("family_phone"));
    r.family_phone = r.phone.clone();
    r.family_consent = true;
    let e = store.book_slot(&r, Utc::now(), today()).await.unwrap_err();
    assert_eq!(e.code(), "error-family-phone-same");
    assert!(store.pending(10).await.unwrap().is_empty());

    r.family_phone = "139 0013 9000".into();
    store.book_slot(&r, Utc::now(), today()).await.unwrap();
    let pending = store.pending(10).await.unwrap();
    let MutationBody::BookSlot { booking } = &pending[0].mutation.body else {
        panic!("a booking waits in the outbox");
    };
    assert_eq!(booking.family_phone.as_deref(), Some("13900139000"));
    assert!(booking.family_consent_at.is_some());
    let raw = database_bytes(&store, &dir).await;
    assert!(!raw.windows(11).any(|w| w == b"13900139000"), "sealed");
}

#[tokio::test]
async fn bad_details_and_full_slots_are_refused_before_anything_is_saved() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir).await;
    let mut r = request(&store).await;
    r.applicant_id_number = "330329199001011236".into();
    let err = store.book_slot(&r, Utc::now(), today()).await.unwrap_err();
    assert_eq!(err.code(), "error-id-number-check-char");
    assert_eq!(err.question_id(), Some("applicant_id_number"));
    // The server said this slot is full.
    let r = request(&store).await;
    store
        .save_availability(&SlotAvailability {
            office_code: OFFICE.into(),
            as_of: Utc::now(),
            slots: vec![SlotSeats {
                slot_start: r.slot_start,
                capacity: 2,
                taken: 2,
            }],
        })
        .await
        .unwrap();
    assert_eq!(
        code_of(store.book_slot(&r, Utc::now(), today()).await),
        "error-slot-full"
    );
    assert!(store
        .slot_choices(OFFICE, Utc::now())
        .await
        .unwrap()
        .as_of
        .is_some());
    // Too soon for the office's minimum notice.
    let mut soon = request(&store).await;
    soon.slot_start = Utc::now() + Duration::minutes(5);
    assert!(store.book_slot(&soon, Utc::now(), today()).await.is_err());
    assert_eq!(store.pending(10).await.unwrap().len(), 0);
}

#[tokio::test]
async fn a_cancel_needs_the_code_and_a_server_rejection_brings_alternatives() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir).await;
    let r = request(&store).await;
    let receipt = store.book_slot(&r, Utc::now(), today()).await.unwrap();
    let number = receipt.tracking_number.as_str().to_string();
    let wrong = if receipt.cancel_code.as_deref() == Some("000000") {
        "000001"
    } else {
        "000000"
    };
    assert_eq!(
        code_of(store.cancel_booking(&number, wrong, Utc::now()).await),
        "error-cancel-code-wrong"
    );
    // Past the office's cancel notice (a clock far ahead).
    let late = r.slot_start - Duration::minutes(1);
    assert_eq!(
        code_of(
            store
                .cancel_booking(&number, receipt.cancel_code.as_deref().unwrap(), late)
                .await
        ),
        "error-cancel-too-late"
    );

    // The server could not seat it: the feed says rejected, with three nearest free slots.
    let alternatives = vec![
        r.slot_start + Duration::hours(1),
        r.slot_start + Duration::hours(2),
    ];
    store
        .apply_pull(
            vec![Change::Booking {
                booking_id: receipt.booking_id,
                tracking_number: receipt.tracking_number.clone(),
                status: BookingStatus::Rejected,
                slot_start: r.slot_start,
                alternatives: alternatives.clone(),
                at: Utc::now(),
            }],
            "cursor-1",
            false,
        )
        .await
        .unwrap();
    let now = store.booking_receipt(&number).await.unwrap();
    assert_eq!(now.status, LocalBookingStatus::Rejected);
    assert_eq!(now.alternatives, alternatives);
    assert_eq!(
        code_of(
            store
                .cancel_booking(&number, receipt.cancel_code.as_deref().unwrap(), Utc::now())
                .await
        ),
        "error-booking-not-active"
    );
}

#[tokio::test]
async fn a_confirmed_booking_can_be_cancelled_with_its_code() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir).await;
    let r = request(&store).await;
    let receipt = store.book_slot(&r, Utc::now(), today()).await.unwrap();
    let pending = store.pending(10).await.unwrap();
    store
        .record_results(&[(pending[0].mutation.id, Ok(()))])
        .await
        .unwrap();
    let number = receipt.tracking_number.as_str().to_string();
    let confirmed = store.booking_receipt(&number).await.unwrap();
    assert_eq!(confirmed.status, LocalBookingStatus::Confirmed);
    assert!(confirmed.video_link.unwrap().contains(&number));
    let cancelled = store
        .cancel_booking(&number, receipt.cancel_code.as_deref().unwrap(), Utc::now())
        .await
        .unwrap();
    assert_eq!(cancelled.status, LocalBookingStatus::CancelPending);
    let pending = store.pending(10).await.unwrap();
    assert!(matches!(
        pending[0].mutation.body,
        MutationBody::CancelBooking { .. }
    ));
    store
        .record_results(&[(pending[0].mutation.id, Ok(()))])
        .await
        .unwrap();
    assert_eq!(
        store.booking_receipt(&number).await.unwrap().status,
        LocalBookingStatus::Cancelled
    );
}

#[tokio::test]
async fn a_confirmed_booking_moves_to_another_slot_only_when_the_server_has_moved_it() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir).await;
    let r = request(&store).await;
    let receipt = store.book_slot(&r, Utc::now(), today()).await.unwrap();
    let code = receipt.cancel_code.clone().unwrap();
    let number = receipt.tracking_number.as_str().to_string();
    let later = store.slot_choices(OFFICE, Utc::now()).await.unwrap().slots[3].start;
    // Not yet confirmed: nothing to move.
    assert_eq!(
        code_of(
            store
                .reschedule_booking(&number, &code, later, Utc::now())
                .await
        ),
        "error-booking-not-active"
    );
    let pending = store.pending(10).await.unwrap();
    store
        .record_results(&[(pending[0].mutation.id, Ok(()))])
        .await
        .unwrap();
    assert_eq!(
        code_of(
            store
                .reschedule_booking(&number, "999999x", later, Utc::now())
                .await
        ),
        "error-cancel-code-wrong"
    );
    let asked = store
        .reschedule_booking(&number, &code, later, Utc::now())
        .await
        .unwrap();
    assert_eq!(
        asked.slot_start, r.slot_start,
        "the old slot holds until the server moves it"
    );
    assert_eq!(asked.requested_slot, Some(later));
    let pending = store.pending(10).await.unwrap();
    assert!(matches!(
        pending[0].mutation.body,
        MutationBody::RescheduleBooking { new_slot_start, .. } if new_slot_start == later
    ));
    store
        .record_results(&[(pending[0].mutation.id, Ok(()))])
        .await
        .unwrap();
    let moved = store.booking_receipt(&number).await.unwrap();
    assert_eq!(moved.slot_start, later);
    assert_eq!(moved.requested_slot, None);
    assert_eq!(moved.status, LocalBookingStatus::Confirmed);
}

#[tokio::test]
async fn a_pulled_notary_reference_replaces_the_bundled_one_and_a_bad_one_is_skipped() {
    use borderdesk_core::notary::NotaryReference;
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir).await;
    let minutes = |choices: &borderdesk_local::notary::SlotChoices| {
        let s = &choices.slots[0];
        (s.end - s.start).num_minutes()
    };
    assert_eq!(
        minutes(&store.slot_choices(OFFICE, Utc::now()).await.unwrap()),
        30
    );

    // The server's copy: hour-long slots of three seats at this office, and a new matter.
    let mut reference: NotaryReference =
        serde_json::from_str(borderdesk_local::notary::BUNDLED_NOTARY).unwrap();
    let office = reference
        .offices
        .iter_mut()
        .find(|o| o.code == OFFICE)
        .unwrap();
    office.calendar.slot_minutes = 60;
    office.calendar.capacity_per_slot = 3;
    office.matters.push("GZ-NEW".into());
    let mut matter = reference.matters[0].clone();
    matter.code = "GZ-NEW".into();
    reference.matters.push(matter);
    store
        .apply_pull(
            vec![Change::NotaryReference {
                reference: Box::new(reference.clone()),
            }],
            "cursor-1",
            false,
        )
        .await
        .unwrap();
    let follows = |store: Store| async move {
        let choices = store.slot_choices(OFFICE, Utc::now()).await.unwrap();
        assert_eq!(minutes(&choices), 60);
        assert_eq!(choices.slots[0].capacity, 3);
        assert!(store
            .notary_matters()
            .unwrap()
            .iter()
            .any(|m| m.code == "GZ-NEW"));
        assert!(store
            .notary_offices("GZ-NEW", &CompetenceFacts::default())
            .unwrap()
            .iter()
            .any(|o| o.code == OFFICE));
    };
    follows(store.clone()).await;

    // A page without one, and a page with an unusable one (no offices; a calendar the server
    // would refuse), keep it; the cursor still moves.
    let mut bad_calendar = reference.clone();
    bad_calendar.offices[0].calendar.slot_minutes = 0;
    for (changes, cursor) in [
        (vec![], "cursor-2"),
        (
            vec![Change::NotaryReference {
                reference: Box::default(),
            }],
            "cursor-3",
        ),
        (
            vec![Change::NotaryReference {
                reference: Box::new(bad_calendar),
            }],
            "cursor-4",
        ),
    ] {
        store.apply_pull(changes, cursor, false).await.unwrap();
        follows(store.clone()).await;
    }
    assert_eq!(
        store.queue_state().await.unwrap().cursor.as_deref(),
        Some("cursor-4")
    );

    // Kept on disk: a restart uses it too.
    store.close().await;
    let store = open(&dir).await;
    follows(store.clone()).await;

    // The server started over and sent none: back to the bundled snapshot.
    store
        .apply_pull(Vec::new(), "cursor-0", true)
        .await
        .unwrap();
    assert_eq!(
        minutes(&store.slot_choices(OFFICE, Utc::now()).await.unwrap()),
        30
    );
}
