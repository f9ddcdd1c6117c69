//! A kiosk forgets a citizen's personal data once the server has confirmed receipt, keeping
//! the tracking number, the status and what is needed to track with the ID's last four.
//! Desks and field laptops keep it.

use borderdesk_local::forget::DeviceMode;
use borderdesk_local::notary::BookingRequest;
use borderdesk_local::Store;
use chrono::Utc;

mod common;
use common::{draft, today};

const ID: &str = "11010519491231002X";
const BOOKING_ID: &str = "330329199001011235";

struct Device {
    dir: tempfile::TempDir,
    key: tempfile::TempDir,
}

impl Device {
    fn new() -> Self {
        Self {
            dir: tempfile::tempdir().unwrap(),
            key: tempfile::tempdir().unwrap(),
        }
    }

    async fn open(&self) -> Store {
        Store::open_with_key(
            &self.dir.path().join("kiosk.sqlite"),
            &self.key.path().join("device.key"),
        )
        .await
        .unwrap()
    }

    /// Every byte of the database files (main, WAL, shared memory).
    fn raw(&self) -> Vec<u8> {
        let mut raw = Vec::new();
        for f in std::fs::read_dir(self.dir.path()).unwrap() {
            raw.extend(std::fs::read(f.unwrap().path()).unwrap());
        }
        raw
    }
}

fn contains(raw: &[u8], s: &str) -> bool {
    raw.windows(s.len()).any(|w| w == s.as_bytes())
}

async fn sealed_answers(store: &Store, tracking: &str) -> String {
    sqlx::query_scalar("SELECT answers FROM applications WHERE tracking_number = ?")
        .bind(tracking)
        .fetch_one(store.pool())
        .await
        .unwrap()
}

/// Submits an application and a booking, and lets the server confirm both.
async fn submit_and_confirm(store: &Store) -> (String, String) {
    let r = store.submit_application(&draft(ID), today()).await.unwrap();
    let choices = store.slot_choices("GZC-330329", Utc::now()).await.unwrap();
    let booking = store
        .book_slot(
            &BookingRequest {
                matter_code: "GZ-QSGX".into(),
                office_code: "GZC-330329".into(),
                slot_start: choices.slots[0].start,
                applicant_name: "张三".into(),
                applicant_id_number: BOOKING_ID.into(),
                phone: "13800138000".into(),
                family_phone: String::new(),
                family_consent: false,
            },
            Utc::now(),
            today(),
        )
        .await
        .unwrap();
    let received: Vec<_> = store
        .pending(10)
        .await
        .unwrap()
        .into_iter()
        .map(|e| (e.mutation.id, Ok(())))
        .collect();
    assert!(received.len() >= 2);
    store.record_results(&received).await.unwrap();
    (
        r.tracking_number.as_str().to_string(),
        booking.tracking_number.as_str().to_string(),
    )
}

#[tokio::test]
async fn a_kiosk_forgets_the_citizen_once_the_server_has_the_application() {
    let device = Device::new();
    let store = device.open().await;
    assert_eq!(store.device_mode().await.unwrap(), DeviceMode::Kiosk);
    let r = store.submit_application(&draft(ID), today()).await.unwrap();
    let tracking = r.tracking_number.as_str().to_string();
    let sealed_before = sealed_answers(&store, &tracking).await;
    assert!(!sealed_before.is_empty());
    let (tracking2, booking) = submit_and_confirm(&store).await;
    // The first one was confirmed too (it was in the outbox with the others).
    assert_eq!(sealed_answers(&store, &tracking).await, "");
    assert_eq!(sealed_answers(&store, &tracking2).await, "");
    let applicant: String = sqlx::query_scalar("SELECT applicant FROM bookings")
        .fetch_one(store.pool())
        .await
        .unwrap();
    assert_eq!(applicant, "", "the booking's applicant is dropped too");
    store.close().await;

    // Not even the sealed copy (which the device key could open) stays in the files.
    let raw = device.raw();
    assert!(
        !contains(&raw, &sealed_before),
        "the sealed answers are still on disk"
    );
    for secret in [ID, BOOKING_ID, "13800138000", "张三"] {
        assert!(!contains(&raw, secret), "{secret} is in the database files");
    }
    assert!(contains(&raw, &tracking), "the tracking number stays");

    // Tracking by number and last four still works, and a wrong last four still fails.
    let store = device.open().await;
    let tracked = store.track(&tracking, "002x").await.unwrap();
    assert_eq!(tracked.receipt.application_id, r.application_id);
    assert!(!tracked.receipt.waiting_to_send);
    assert_eq!(
        store.track(&tracking, "1234").await.unwrap_err().code(),
        "error-application-not-found"
    );
    assert!(store.find_booking(&booking, "1235").await.is_ok());
    assert_eq!(
        store
            .find_booking(&booking, "9999")
            .await
            .unwrap_err()
            .code(),
        "error-booking-not-found"
    );
}

#[tokio::test]
async fn a_desk_or_field_laptop_keeps_what_it_took() {
    for mode in [DeviceMode::Desk, DeviceMode::Field] {
        let device = Device::new();
        let store = device.open().await;
        store.set_device_mode(mode).await.unwrap();
        let (tracking, booking) = submit_and_confirm(&store).await;
        assert_ne!(sealed_answers(&store, &tracking).await, "", "{mode:?}");
        let applicant: String = sqlx::query_scalar("SELECT applicant FROM bookings")
            .fetch_one(store.pool())
            .await
            .unwrap();
        assert_ne!(applicant, "", "{mode:?}");
        let tracked = store.track(&tracking, "002X").await.unwrap();
        assert!(!tracked.receipt.waiting_to_send);
        assert!(store.find_booking(&booking, "1235").await.is_ok());
        store.close().await;
        assert_eq!(device.open().await.device_mode().await.unwrap(), mode);
    }
}

#[tokio::test]
async fn nothing_is_dropped_while_the_server_has_not_confirmed() {
    let device = Device::new();
    let store = device.open().await;
    let r = store.submit_application(&draft(ID), today()).await.unwrap();
    let pending = store.pending(10).await.unwrap();
    store
        .record_results(&[(pending[0].mutation.id, Err("error-unknown-item".into()))])
        .await
        .unwrap();
    let tracking = r.tracking_number.as_str();
    assert_ne!(sealed_answers(&store, tracking).await, "");
    assert!(store.track(tracking, "002X").await.is_ok());
}

async fn legal_aid_bodies(store: &Store) -> Vec<String> {
    sqlx::query_scalar("SELECT body FROM legal_aid_requests ORDER BY tracking_number")
        .fetch_all(store.pool())
        .await
        .unwrap()
}

/// Legal aid applications and consultations hold a name, an ID number, a phone and the
/// facts of a case: a kiosk keeps them only until the server has them.
#[tokio::test]
async fn a_kiosk_forgets_legal_aid_requests_and_consultations_once_the_server_has_them() {
    let device = Device::new();
    let store = device.open().await;
    let form = common::legal_aid_form(BOOKING_ID);
    let application = store
        .submit_legal_aid_application(&form, "330329", Utc::now(), today())
        .await
        .unwrap();
    let consultation = store
        .submit_consultation(
            &borderdesk_local::legal_aid::ConsultationDraft {
                topic: "拖欠工资".into(),
                question: "老板欠了三个月工资怎么办？".into(),
                callback_time: None,
                phone: "13900139000".into(),
                name: None,
            },
            "330329",
            Utc::now(),
        )
        .await
        .unwrap();
    let sealed_before = legal_aid_bodies(&store).await;
    assert!(sealed_before.iter().all(|b| !b.is_empty()));
    // Not yet confirmed: both still track from their sealed bodies.
    let number = application.receipt.tracking_number.as_str().to_string();
    let consult = consultation.tracking_number.as_str().to_string();
    assert!(store.track_legal_aid_here(&number, "1235").await.is_ok());

    let received: Vec<_> = store
        .pending(10)
        .await
        .unwrap()
        .into_iter()
        .map(|e| (e.mutation.id, Ok(())))
        .collect();
    assert_eq!(received.len(), 2);
    store.record_results(&received).await.unwrap();
    assert_eq!(
        legal_aid_bodies(&store).await,
        vec![String::new(), String::new()]
    );
    store.close().await;
    let raw = device.raw();
    for sealed in &sealed_before {
        assert!(!contains(&raw, sealed), "a sealed request is still on disk");
    }

    // Tracking here still works with the right last four, and only with it.
    let store = device.open().await;
    let tracked = store.track_legal_aid_here(&number, "1235").await.unwrap();
    assert_eq!(tracked.tracking_number, number);
    assert!(store.track_legal_aid_here(&number, "1234").await.is_err());
    assert!(store.track_legal_aid_here(&consult, "9000").await.is_ok());
    assert!(store.track_legal_aid_here(&consult, "1235").await.is_err());
}
