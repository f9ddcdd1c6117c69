//! The notary office's side of video notarization on a real server and PostgreSQL: kiosks
//! read availability (taken seats, closed slots), notary staff read the day, mark outcomes
//! exactly once, close, open and resize slots within the seats taken, and SMS about bookings
//! are queued, sent through a gateway, retried after passing failures and reported to clerks.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use borderdesk_core::notary::{
    shanghai_date, slots, NotaryOffice, NotaryReference, OpeningPeriod, WeeklyHours,
};
use borderdesk_core::staff::Role;
use borderdesk_core::{DeviceCode, TrackingNumber};
use borderdesk_protocol::{
    codes, notary_codes, Booking, BookingOutcome, BookingStatus, ErrorBody, Mutation, MutationBody,
    NotaryDay, Outcome, OutcomeRecorded, SlotAvailability, SlotSeats, SmsKind, SmsReport,
    SmsStatus, PROTOCOL_HEADER, PROTOCOL_VERSION, STAFF_HEADER,
};
use borderdesk_server::sms::{
    run_due_reminders, BoxFuture, GatewayReceipt, LogGateway, SmsError, SmsGateway, MAX_ATTEMPTS,
};
use borderdesk_server::{cancel_code_hash, import_notary};
use chrono::{DateTime, Days, Duration, Utc};
use common::{harness, staff_session, staff_session_at, Dev, Harness};
use reqwest::StatusCode;
use serde_json::json;
use uuid::Uuid;

const SAMPLE: &str = include_str!("../../local/data/sample-notary.json");
const OFFICE: &str = "GZC-OPS";
const PHONE: &str = "13812345678";

/// Open every day 08:30–17:00, 30-minute slots of capacity 2, 24 h notice, 14 days ahead,
/// no holidays.
fn test_office(reference: &NotaryReference) -> NotaryOffice {
    let mut office = reference.offices[0].clone();
    office.code = OFFICE.into();
    office.matters = reference.matters.iter().map(|m| m.code.clone()).collect();
    let day = vec![OpeningPeriod {
        start: "08:30".parse().unwrap(),
        end: "17:00".parse().unwrap(),
    }];
    let cal = &mut office.calendar;
    cal.weekly = WeeklyHours {
        monday: day.clone(),
        tuesday: day.clone(),
        wednesday: day.clone(),
        thursday: day.clone(),
        friday: day.clone(),
        saturday: day.clone(),
        sunday: day,
    };
    cal.extra_workday_hours = Vec::new();
    cal.slot_minutes = 30;
    cal.capacity_per_slot = 2;
    cal.buffer_before_minutes = 0;
    cal.buffer_after_minutes = 0;
    cal.min_notice_hours = 24;
    cal.horizon_days = 14;
    cal.cancel_notice_hours = 24;
    cal.extra_workdays = Vec::new();
    cal.holidays = Vec::new();
    office
}

struct Setup {
    h: Harness,
    office: NotaryOffice,
    kiosk: Dev,
    /// Session of a notary_staff account.
    notary: String,
    /// Session of a window clerk (no notary permissions).
    clerk: String,
    /// Session of notary staff of another office.
    other_notary: String,
    matter: String,
    seq: AtomicUsize,
}

async fn setup() -> Setup {
    let h = harness().await;
    let mut reference: NotaryReference = serde_json::from_str(SAMPLE).unwrap();
    let office = test_office(&reference);
    reference.offices.push(office.clone());
    import_notary(h.server.pool(), &reference).await.unwrap();
    let matter = reference
        .matters
        .iter()
        .find(|m| m.remote_allowed)
        .unwrap()
        .code
        .clone();
    let kiosk = h.enroll("site-a").await;
    let notary = staff_session_at(&h, &kiosk, "notary1", Role::NotaryStaff, Some(OFFICE)).await;
    let clerk = staff_session(&h, &kiosk, "clerk1", Role::Clerk).await;
    let elsewhere = reference
        .offices
        .iter()
        .find(|o| o.code != OFFICE)
        .unwrap()
        .code
        .clone();
    let other_notary =
        staff_session_at(&h, &kiosk, "notary2", Role::NotaryStaff, Some(&elsewhere)).await;
    Setup {
        h,
        office,
        kiosk,
        notary,
        clerk,
        other_notary,
        matter,
        seq: AtomicUsize::new(1),
    }
}

impl Setup {
    /// The `index`th slot `days` days from today (Asia/Shanghai).
    fn slot(&self, days: u64, index: usize) -> DateTime<Utc> {
        let date = shanghai_date(&Utc::now())
            .checked_add_days(Days::new(days))
            .unwrap();
        self.office.calendar.day_slots(date)[index]
            .start
            .with_timezone(&Utc)
    }

    fn booking(&self, slot: DateTime<Utc>, phone: Option<&str>) -> (Booking, String) {
        let seq = self.seq.fetch_add(1, Ordering::SeqCst) as u32;
        let id = Uuid::now_v7();
        let code = format!("{:06}", seq * 7919 % 1_000_000);
        (
            Booking {
                id,
                office_code: OFFICE.into(),
                matter_code: self.matter.clone(),
                slot_start: slot,
                tracking_number: TrackingNumber::issue(DeviceCode(self.kiosk.code), seq).unwrap(),
                cancel_code_hash: cancel_code_hash(id, &code),
                made_at: Utc::now(),
                phone: phone.map(str::to_string),
                applicant_id_number: None,
                family_phone: None,
                family_consent_at: None,
            },
            code,
        )
    }

    async fn push(&self, body: MutationBody) -> Outcome {
        let m = Mutation {
            id: Uuid::now_v7(),
            body,
        };
        let mut r = self.h.push(&self.kiosk, vec![m]).await;
        r.results.remove(0).outcome
    }

    async fn book(&self, slot: DateTime<Utc>, phone: Option<&str>) -> (Booking, String) {
        let (b, code) = self.booking(slot, phone);
        let outcome = self
            .push(MutationBody::BookSlot { booking: b.clone() })
            .await;
        assert_eq!(outcome, Outcome::Applied);
        (b, code)
    }

    fn get(&self, path: &str, session: Option<&str>) -> reqwest::RequestBuilder {
        let mut r = self
            .h
            .http
            .get(self.h.url(path))
            .bearer_auth(&self.kiosk.token)
            .header(PROTOCOL_HEADER, PROTOCOL_VERSION.to_string());
        if let Some(s) = session {
            r = r.header(STAFF_HEADER, s);
        }
        r
    }

    fn post(&self, path: &str, session: &str, body: serde_json::Value) -> reqwest::RequestBuilder {
        self.h
            .http
            .post(self.h.url(path))
            .bearer_auth(&self.kiosk.token)
            .header(PROTOCOL_HEADER, PROTOCOL_VERSION.to_string())
            .header(STAFF_HEADER, session)
            .json(&body)
    }

    async fn availability(&self) -> SlotAvailability {
        let r = self
            .get(
                &format!("/v1/sync/notary/availability?office_code={OFFICE}"),
                None,
            )
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        r.json().await.unwrap()
    }

    async fn seats_at(&self, slot: DateTime<Utc>) -> SlotSeats {
        *self
            .availability()
            .await
            .slots
            .iter()
            .find(|s| s.slot_start == slot)
            .expect("slot listed")
    }

    async fn change_slot(
        &self,
        session: &str,
        slot: DateTime<Utc>,
        action: serde_json::Value,
    ) -> reqwest::Response {
        self.post(
            "/v1/sync/notary/slots",
            session,
            json!({"office_code": OFFICE, "slot_start": slot, "action": action}),
        )
        .send()
        .await
        .unwrap()
    }

    async fn mark(&self, session: &str, id: Uuid, outcome: &str) -> reqwest::Response {
        self.post(
            &format!("/v1/sync/notary/bookings/{id}/outcome"),
            session,
            json!({ "outcome": outcome }),
        )
        .send()
        .await
        .unwrap()
    }

    async fn day(&self, slot: DateTime<Utc>) -> NotaryDay {
        let date = shanghai_date(&slot);
        let r = self
            .get(
                &format!("/v1/sync/notary/day?office_code={OFFICE}&date={date}"),
                Some(&self.notary),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        r.json().await.unwrap()
    }

    async fn sms(&self, slot: DateTime<Utc>) -> SmsReport {
        let date = shanghai_date(&slot);
        let r = self
            .get(
                &format!("/v1/sync/notary/sms?office_code={OFFICE}&date={date}"),
                Some(&self.notary),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        r.json().await.unwrap()
    }

    /// Sends whatever is due now through the log gateway (the decision messages).
    async fn flush_now(&self) {
        let gw = LogGateway::new(self.h.server.pool().clone());
        run_due_reminders(self.h.server.pool(), &gw, Utc::now())
            .await
            .unwrap();
    }
}

async fn code_of(r: reqwest::Response) -> String {
    r.json::<ErrorBody>().await.unwrap().code
}

// ----- availability ------------------------------------------------------------------------

#[tokio::test]
async fn availability_counts_the_seats_that_pushed_bookings_took() {
    let s = setup().await;
    let (a, b) = (s.slot(2, 0), s.slot(2, 1));
    s.book(a, None).await;
    s.book(a, None).await;
    s.book(b, None).await;
    let before = Utc::now();
    let av = s.availability().await;
    assert_eq!(av.office_code, OFFICE);
    assert!(av.as_of >= before - Duration::seconds(1) && av.as_of <= Utc::now());
    let expected: Vec<DateTime<Utc>> = slots(&s.office.calendar, av.as_of, av.as_of)
        .into_iter()
        .map(|x| x.start.with_timezone(&Utc))
        .collect();
    let listed: Vec<DateTime<Utc>> = av.slots.iter().map(|x| x.slot_start).collect();
    assert_eq!(
        listed, expected,
        "every bookable slot to the horizon, in order"
    );
    let at = |t| *av.slots.iter().find(|x| x.slot_start == t).unwrap();
    assert_eq!((at(a).capacity, at(a).taken), (2, 2));
    assert_eq!((at(b).capacity, at(b).taken), (2, 1));
    assert!(av
        .slots
        .iter()
        .filter(|x| x.slot_start != a && x.slot_start != b)
        .all(|x| x.capacity == 2 && x.taken == 0));
}

#[tokio::test]
async fn availability_of_an_unknown_office_is_404_and_needs_the_protocol_header() {
    let s = setup().await;
    let r = s
        .get("/v1/sync/notary/availability?office_code=NOPE", None)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert_eq!(code_of(r).await, codes::NOTARY_OFFICE_UNKNOWN);
    let r =
        s.h.http
            .get(s.h.url(&format!(
                "/v1/sync/notary/availability?office_code={OFFICE}"
            )))
            .bearer_auth(&s.kiosk.token)
            .send()
            .await
            .unwrap();
    assert_eq!(r.status(), StatusCode::UPGRADE_REQUIRED);
    let r =
        s.h.http
            .get(s.h.url(&format!(
                "/v1/sync/notary/availability?office_code={OFFICE}"
            )))
            .header(PROTOCOL_HEADER, PROTOCOL_VERSION.to_string())
            .send()
            .await
            .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
}

// ----- slots -------------------------------------------------------------------------------

#[tokio::test]
async fn a_closed_slot_shows_capacity_zero_and_refuses_bookings_until_reopened() {
    let s = setup().await;
    let slot = s.slot(3, 4);
    let r = s.change_slot(&s.notary, slot, json!("close")).await;
    assert_eq!(r.status(), StatusCode::OK);
    let seats: SlotSeats = r.json().await.unwrap();
    assert_eq!((seats.capacity, seats.taken), (0, 0));
    assert_eq!(s.seats_at(slot).await.capacity, 0);

    let (b, _) = s.booking(slot, None);
    match s.push(MutationBody::BookSlot { booking: b }).await {
        Outcome::SlotTaken { alternatives, .. } => {
            assert_eq!(alternatives.len(), 3);
            assert!(
                !alternatives.contains(&slot),
                "a closed slot is never offered"
            );
        }
        other => panic!("a booking into a closed slot must be rejected, got {other:?}"),
    }
    assert_eq!(s.seats_at(slot).await.taken, 0);

    let r = s.change_slot(&s.notary, slot, json!("open")).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(s.seats_at(slot).await.capacity, 2);
    s.book(slot, None).await;
}

#[tokio::test]
async fn a_slot_with_bookings_cannot_be_closed() {
    let s = setup().await;
    let slot = s.slot(3, 2);
    s.book(slot, None).await;
    let r = s.change_slot(&s.notary, slot, json!("close")).await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert_eq!(code_of(r).await, notary_codes::SLOT_HAS_BOOKINGS);
    let seats = s.seats_at(slot).await;
    assert_eq!((seats.capacity, seats.taken), (2, 1));
}

#[tokio::test]
async fn resizing_never_goes_below_the_seats_taken_and_a_bigger_slot_takes_more() {
    let s = setup().await;
    let slot = s.slot(4, 1);
    s.book(slot, None).await;
    s.book(slot, None).await;
    let r = s
        .change_slot(&s.notary, slot, json!({"resize": {"capacity": 1}}))
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert_eq!(code_of(r).await, notary_codes::SLOT_BELOW_TAKEN);
    assert_eq!(s.seats_at(slot).await.capacity, 2);

    let r = s
        .change_slot(&s.notary, slot, json!({"resize": {"capacity": 3}}))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(s.seats_at(slot).await.capacity, 3);
    s.book(slot, None).await;
    let seats = s.seats_at(slot).await;
    assert_eq!((seats.capacity, seats.taken), (3, 3));
    let (b, _) = s.booking(slot, None);
    assert!(matches!(
        s.push(MutationBody::BookSlot { booking: b }).await,
        Outcome::SlotTaken { .. }
    ));
    // Resizing to exactly the seats taken is allowed.
    let r = s
        .change_slot(&s.notary, slot, json!({"resize": {"capacity": 3}}))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
}

#[tokio::test]
async fn only_real_slots_can_be_changed() {
    let s = setup().await;
    let off_grid = s.slot(3, 0) + Duration::minutes(7);
    let r = s.change_slot(&s.notary, off_grid, json!("close")).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(code_of(r).await, "error-slot-not-offered");
}

#[tokio::test]
async fn only_notary_staff_manage_slots_and_see_the_day() {
    let s = setup().await;
    let slot = s.slot(3, 3);
    let r = s.change_slot(&s.clerk, slot, json!("close")).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(code_of(r).await, "error-permission-denied");
    assert_eq!(s.seats_at(slot).await.capacity, 2);
    let date = shanghai_date(&slot);
    for path in [
        format!("/v1/sync/notary/day?office_code={OFFICE}&date={date}"),
        format!("/v1/sync/notary/sms?office_code={OFFICE}&date={date}"),
    ] {
        let r = s.get(&path, Some(&s.clerk)).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{path}");
        let r = s.get(&path, None).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED, "{path}");
    }
    let (b, _) = s.book(slot, None).await;
    let r = s.mark(&s.clerk, b.id, "completed").await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn notary_staff_of_another_office_cannot_touch_this_calendar() {
    let s = setup().await;
    let slot = s.slot(3, 3);
    let r = s.change_slot(&s.other_notary, slot, json!("close")).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(code_of(r).await, "error-staff-wrong-office");
    assert_eq!(s.seats_at(slot).await.capacity, 2, "nothing changed");
    let date = shanghai_date(&slot);
    for path in [
        format!("/v1/sync/notary/day?office_code={OFFICE}&date={date}"),
        format!("/v1/sync/notary/sms?office_code={OFFICE}&date={date}"),
    ] {
        let r = s.get(&path, Some(&s.other_notary)).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{path}");
        assert_eq!(code_of(r).await, "error-staff-wrong-office");
    }
    let (b, _) = s.book(slot, None).await;
    let_time_pass(&s, b.id).await;
    let r = s.mark(&s.other_notary, b.id, "completed").await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(code_of(r).await, "error-staff-wrong-office");
    // The office's own staff still can.
    let r = s.mark(&s.notary, b.id, "completed").await;
    assert_eq!(r.status(), StatusCode::OK);
}

// ----- the day and outcomes ----------------------------------------------------------------

/// Moves a booking's slot into the past, as if its time had come.
async fn let_time_pass(s: &Setup, id: Uuid) {
    sqlx::query("UPDATE bookings SET slot_start = now() - interval '5 minutes' WHERE id = $1")
        .bind(id)
        .execute(s.h.server.pool())
        .await
        .unwrap();
}

#[tokio::test]
async fn the_day_lists_bookings_with_tracking_number_and_masked_phone_only() {
    let s = setup().await;
    let slot = s.slot(2, 5);
    let (a, _) = s.book(slot, Some(PHONE)).await;
    let (b, code) = s.book(slot + Duration::minutes(30), None).await;
    s.push(MutationBody::CancelBooking {
        booking_id: b.id,
        cancel_code: code,
    })
    .await;
    let day = s.day(slot).await;
    assert_eq!(
        day.slots.len(),
        s.office.calendar.day_slots(shanghai_date(&slot)).len()
    );
    assert_eq!(day.bookings.len(), 2);
    let first = &day.bookings[0];
    assert_eq!(first.booking_id, a.id);
    assert_eq!(first.tracking_number, a.tracking_number.to_string());
    assert_eq!(first.matter_code, s.matter);
    assert_eq!(first.status, BookingStatus::Confirmed);
    assert_eq!(first.phone_masked.as_deref(), Some("138****5678"));
    assert_eq!(day.bookings[1].status, BookingStatus::Cancelled);
    let raw = serde_json::to_string(&day).unwrap();
    assert!(
        !raw.contains(PHONE),
        "the full number never leaves the server"
    );
}

#[tokio::test]
async fn an_outcome_is_recorded_once_after_the_slot_started_for_confirmed_bookings_only() {
    let s = setup().await;
    let slot = s.slot(2, 6);
    let (b, _) = s.book(slot, None).await;
    let r = s.mark(&s.notary, b.id, "completed").await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert_eq!(code_of(r).await, notary_codes::OUTCOME_TOO_EARLY);

    let_time_pass(&s, b.id).await;
    let r = s.mark(&s.notary, b.id, "no_show").await;
    assert_eq!(r.status(), StatusCode::OK);
    let rec: OutcomeRecorded = r.json().await.unwrap();
    assert_eq!(
        (rec.booking_id, rec.outcome),
        (b.id, BookingOutcome::NoShow)
    );
    for again in ["no_show", "completed"] {
        let r = s.mark(&s.notary, b.id, again).await;
        assert_eq!(r.status(), StatusCode::CONFLICT);
        assert_eq!(code_of(r).await, notary_codes::OUTCOME_RECORDED);
    }
    let stored: Option<String> = sqlx::query_scalar("SELECT outcome FROM bookings WHERE id = $1")
        .bind(b.id)
        .fetch_one(s.h.server.pool())
        .await
        .unwrap();
    assert_eq!(stored.as_deref(), Some("no_show"));

    // A cancelled booking gets none, even after its time.
    let (c, code) = s.book(slot, None).await;
    s.push(MutationBody::CancelBooking {
        booking_id: c.id,
        cancel_code: code,
    })
    .await;
    let_time_pass(&s, c.id).await;
    let r = s.mark(&s.notary, c.id, "completed").await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert_eq!(code_of(r).await, notary_codes::OUTCOME_NOT_CONFIRMED);

    let r = s.mark(&s.notary, Uuid::now_v7(), "completed").await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let r = s.mark(&s.notary, b.id, "slept_in").await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn concurrent_marks_of_one_booking_record_exactly_one_outcome() {
    let s = Arc::new(setup().await);
    let (b, _) = s.book(s.slot(2, 7), None).await;
    let_time_pass(&s, b.id).await;
    let mut tasks = Vec::new();
    for i in 0..8 {
        let s = s.clone();
        let outcome = if i % 2 == 0 { "completed" } else { "no_show" };
        tasks.push(tokio::spawn(async move {
            s.mark(&s.notary, b.id, outcome).await.status()
        }));
    }
    let mut ok = 0;
    for t in tasks {
        match t.await.unwrap() {
            StatusCode::OK => ok += 1,
            StatusCode::CONFLICT => {}
            other => panic!("unexpected {other}"),
        }
    }
    assert_eq!(ok, 1);
}

// ----- SMS ---------------------------------------------------------------------------------

/// Fails the first `transient_failures` sends passingly, then accepts; or always refuses.
struct TestGateway {
    transient_failures: usize,
    permanent: bool,
    calls: AtomicUsize,
}

impl TestGateway {
    fn flaky(transient_failures: usize) -> Self {
        Self {
            transient_failures,
            permanent: false,
            calls: AtomicUsize::new(0),
        }
    }

    fn refusing() -> Self {
        Self {
            transient_failures: 0,
            permanent: true,
            calls: AtomicUsize::new(0),
        }
    }
}

impl SmsGateway for TestGateway {
    fn send<'a>(
        &'a self,
        _phone: &'a str,
        _text: &'a str,
    ) -> BoxFuture<'a, Result<GatewayReceipt, SmsError>> {
        Box::pin(async move {
            let n = self.calls.fetch_add(1, Ordering::SeqCst);
            if self.permanent {
                Err(SmsError::permanent(
                    "isv.MOBILE_NUMBER_ILLEGAL",
                    "number refused",
                ))
            } else if n < self.transient_failures {
                Err(SmsError::transient(
                    "isv.BUSINESS_LIMIT_CONTROL",
                    "rate limited",
                ))
            } else {
                Ok(GatewayReceipt {
                    message_id: format!("test-{n}"),
                })
            }
        })
    }
}

async fn outbox(
    s: &Setup,
    booking: Uuid,
) -> Vec<(String, Option<String>, String, DateTime<Utc>, i32)> {
    sqlx::query_as(
        "SELECT kind, event, status, due_at, attempts FROM sms_outbox WHERE booking_id = $1 ORDER BY id",
    )
    .bind(booking)
    .fetch_all(s.h.server.pool())
    .await
    .unwrap()
}

#[tokio::test]
async fn a_confirmed_booking_gets_its_decision_at_once_and_two_reminders_planned() {
    let s = setup().await;
    let slot = s.slot(3, 8);
    let (b, _) = s.book(slot, Some("+86 138 1234 5678")).await;
    let rows = outbox(&s, b.id).await;
    assert_eq!(rows.len(), 3);
    assert_eq!(
        (rows[0].0.as_str(), rows[0].1.as_deref()),
        ("decision", Some("confirmed"))
    );
    assert_eq!(
        (rows[1].0.as_str(), rows[1].3),
        ("day_before", slot - Duration::hours(24))
    );
    assert_eq!(
        (rows[2].0.as_str(), rows[2].3),
        ("hour_before", slot - Duration::hours(1))
    );

    s.flush_now().await;
    let gw = LogGateway::new(s.h.server.pool().clone());
    let summary = run_due_reminders(s.h.server.pool(), &gw, slot - Duration::hours(24))
        .await
        .unwrap();
    assert_eq!(
        summary.sent, 1,
        "the day-before reminder, and nothing else yet"
    );
    let summary = run_due_reminders(s.h.server.pool(), &gw, slot - Duration::minutes(59))
        .await
        .unwrap();
    assert_eq!(summary.sent, 1);
    assert!(outbox(&s, b.id).await.iter().all(|r| r.2 == "sent"));

    let log: Vec<(String, String)> =
        sqlx::query_as("SELECT phone_masked, body FROM sms_log ORDER BY id")
            .fetch_all(s.h.server.pool())
            .await
            .unwrap();
    assert_eq!(log.len(), 3);
    let tracking = b.tracking_number.to_string();
    for (masked, body) in &log {
        assert_eq!(masked, "138****5678");
        assert!(body.contains(&tracking), "{body}");
        assert!(!body.contains(PHONE));
    }
    assert!(log[0].1.contains("已确认"), "{}", log[0].1);
    assert!(log[1].1.contains("明天"), "{}", log[1].1);

    let report = s.sms(slot).await;
    assert_eq!(report.messages.len(), 3);
    assert!(report.messages.iter().all(|m| m.status == SmsStatus::Sent
        && m.gateway_message_id.is_some()
        && m.phone_masked.as_deref() == Some("138****5678")));
}

#[tokio::test]
async fn a_family_number_given_with_consent_gets_the_same_messages_marked_for_family() {
    let s = setup().await;
    let slot = s.slot(3, 8);
    let (mut with_family, _) = s.booking(slot, Some("13812345678"));
    with_family.family_phone = Some("+86 139 0013 9000".into());
    with_family.family_consent_at = Some(Utc::now());
    assert_eq!(
        s.push(MutationBody::BookSlot {
            booking: with_family.clone()
        })
        .await,
        Outcome::Applied
    );
    // Without the citizen's word that the family member agreed, no second number is kept.
    let (mut unasked, _) = s.booking(slot, Some("13812345679"));
    unasked.family_phone = Some("13900139001".into());
    assert_eq!(
        s.push(MutationBody::BookSlot {
            booking: unasked.clone()
        })
        .await,
        Outcome::Applied
    );
    let kept: Vec<(Option<String>, bool)> = sqlx::query_as(
        "SELECT family_phone, family_consent_at IS NOT NULL FROM bookings WHERE id = ANY($1) ORDER BY made_at",
    )
    .bind(vec![with_family.id, unasked.id])
    .fetch_all(s.h.server.pool())
    .await
    .unwrap();
    assert_eq!(
        kept,
        vec![(Some("13900139000".to_string()), true), (None, false)]
    );
    let planned: Vec<(String, String)> =
        sqlx::query_as("SELECT kind, recipient FROM sms_outbox WHERE booking_id = $1 ORDER BY id")
            .bind(with_family.id)
            .fetch_all(s.h.server.pool())
            .await
            .unwrap();
    assert_eq!(planned.len(), 6, "{planned:?}");
    assert_eq!(planned.iter().filter(|p| p.1 == "family").count(), 3);
    assert_eq!(outbox(&s, unasked.id).await.len(), 3);

    s.flush_now().await;
    let gw = LogGateway::new(s.h.server.pool().clone());
    run_due_reminders(s.h.server.pool(), &gw, Utc::now() + Duration::minutes(1))
        .await
        .unwrap();
    let log: Vec<(String, String)> =
        sqlx::query_as("SELECT phone_masked, body FROM sms_log WHERE body LIKE $1 ORDER BY id")
            .bind(format!("%{}%", with_family.tracking_number))
            .fetch_all(s.h.server.pool())
            .await
            .unwrap();
    assert_eq!(log.len(), 2, "{log:?}");
    let family = log
        .iter()
        .find(|l| l.0 == "139****9000")
        .expect("to the family");
    assert!(family.1.starts_with("【家人提醒】"), "{}", family.1);
    let own = log
        .iter()
        .find(|l| l.0 == "138****5678")
        .expect("to the citizen");
    assert!(!own.1.contains("家人提醒"), "{}", own.1);
    // The office's SMS report lists both, each with its own masked number.
    let report = s.sms(slot).await;
    let masked: Vec<_> = report
        .messages
        .iter()
        .filter(|m| m.tracking_number == with_family.tracking_number.as_str())
        .filter_map(|m| m.phone_masked.clone())
        .collect();
    assert!(masked.contains(&"139****9000".to_string()), "{masked:?}");
}

#[tokio::test]
async fn a_booking_without_a_valid_number_plans_no_sms() {
    let s = setup().await;
    let (a, _) = s.book(s.slot(3, 9), None).await;
    let (b, _) = s.book(s.slot(3, 9), Some("12345")).await;
    assert!(outbox(&s, a.id).await.is_empty());
    assert!(outbox(&s, b.id).await.is_empty());
}

/// 500 bookings of a past or full slot carrying someone's phone number used to write 500
/// SMS. A booking the server could not seat is answered at the kiosk and texts nobody.
#[tokio::test]
async fn a_rejected_booking_sends_no_sms() {
    let s = setup().await;
    let slot = s.slot(3, 10);
    s.change_slot(&s.notary, slot, json!("close")).await;
    let (b, _) = s.booking(slot, Some(PHONE));
    assert!(matches!(
        s.push(MutationBody::BookSlot { booking: b.clone() }).await,
        Outcome::SlotTaken { .. }
    ));
    assert!(outbox(&s, b.id).await.is_empty());
    let past = Utc::now() - Duration::days(1);
    let (b, _) = s.booking(past, Some(PHONE));
    assert!(matches!(
        s.push(MutationBody::BookSlot { booking: b.clone() }).await,
        Outcome::Rejected { .. }
    ));
    assert!(outbox(&s, b.id).await.is_empty());
}

/// One phone number gets at most a few SMS a day, whatever bookings name it; one tracking
/// number stands for one booking; one device makes only so many bookings a day.
#[tokio::test]
async fn a_family_number_on_many_bookings_hits_the_same_daily_limit() {
    let s = setup().await;
    let limit = borderdesk_server::limits::Limits::DEFAULT.sms_per_phone_per_day as usize;
    for i in 0..5u64 {
        // Five citizens, each with their own number, all giving one family number.
        let (mut b, _) = s.booking(s.slot(3 + i, 2), Some(&format!("1381234560{i}")));
        b.family_phone = Some("13900139000".into());
        b.family_consent_at = Some(Utc::now());
        assert_eq!(
            s.push(MutationBody::BookSlot { booking: b }).await,
            Outcome::Applied
        );
    }
    let (family, own): (i64, i64) = sqlx::query_as(
        "SELECT count(*) FILTER (WHERE recipient = 'family'),
                count(*) FILTER (WHERE recipient = 'applicant') FROM sms_outbox",
    )
    .fetch_one(s.h.server.pool())
    .await
    .unwrap();
    assert_eq!(
        family as usize, limit,
        "five bookings would plan fifteen to the family"
    );
    assert_eq!(own, 15, "each citizen's own number is under its limit");
}

#[tokio::test]
async fn bookings_and_their_sms_are_limited() {
    let s = setup().await;
    let mut planned = 0;
    for i in 0..5 {
        let (b, _) = s.book(s.slot(3 + i, 1), Some(PHONE)).await;
        planned += outbox(&s, b.id).await.len();
    }
    assert_eq!(
        planned,
        borderdesk_server::limits::Limits::DEFAULT.sms_per_phone_per_day as usize,
        "five bookings would plan fifteen"
    );

    let (first, _) = s.book(s.slot(2, 3), None).await;
    let (mut again, _) = s.booking(s.slot(2, 4), None);
    again.tracking_number = first.tracking_number.clone();
    assert!(matches!(
        s.push(MutationBody::BookSlot { booking: again }).await,
        Outcome::Conflict { code, .. } if code == codes::TRACKING_NUMBER_TAKEN
    ));

    // One push of as many bookings as a device may make in a day, and one more: all of them
    // for one slot (two seats), so the rest are rejected but counted.
    let limit = borderdesk_server::limits::Limits::DEFAULT.bookings_per_device_per_day as usize;
    let slot = s.slot(5, 5);
    let made_already = 6;
    let mutations: Vec<Mutation> = (0..=(limit - made_already))
        .map(|_| Mutation {
            id: Uuid::now_v7(),
            body: MutationBody::BookSlot {
                booking: s.booking(slot, None).0,
            },
        })
        .collect();
    let r = s.h.push(&s.kiosk, mutations).await;
    let last = &r.results.last().unwrap().outcome;
    assert!(
        matches!(last, Outcome::Rejected { code, .. } if code == codes::TOO_MANY_REQUESTS),
        "{last:?}"
    );
    let confirmed = r
        .results
        .iter()
        .filter(|m| m.outcome == Outcome::Applied)
        .count();
    assert_eq!(confirmed, 2);
}

#[tokio::test]
async fn cancelling_drops_the_reminders_and_moving_plans_them_again() {
    let s = setup().await;
    let (slot, new_slot) = (s.slot(3, 11), s.slot(4, 11));
    let (b, code) = s.book(slot, Some(PHONE)).await;
    let moved = s
        .push(MutationBody::RescheduleBooking {
            booking_id: b.id,
            new_slot_start: new_slot,
            cancel_code: code.clone(),
        })
        .await;
    assert_eq!(moved, Outcome::Applied);
    let rows = outbox(&s, b.id).await;
    let reminders: Vec<_> = rows.iter().filter(|r| r.0 != "decision").collect();
    assert_eq!(reminders.len(), 2);
    assert_eq!(reminders[0].3, new_slot - Duration::hours(24));
    assert_eq!(reminders[1].3, new_slot - Duration::hours(1));
    assert!(rows.iter().any(|r| r.1.as_deref() == Some("rescheduled")));

    s.push(MutationBody::CancelBooking {
        booking_id: b.id,
        cancel_code: code,
    })
    .await;
    let rows = outbox(&s, b.id).await;
    assert!(rows.iter().all(|r| r.0 == "decision"), "{rows:?}");
    assert!(rows.iter().any(|r| r.1.as_deref() == Some("cancelled")));
}

#[tokio::test]
async fn a_passing_gateway_failure_is_retried_with_backoff_then_sent() {
    let s = setup().await;
    let slot = s.slot(3, 12);
    let (b, _) = s.book(slot, Some(PHONE)).await;
    s.flush_now().await;
    let gw = TestGateway::flaky(1);
    let due = slot - Duration::hours(24);
    let first = run_due_reminders(s.h.server.pool(), &gw, due)
        .await
        .unwrap();
    assert_eq!((first.sent, first.retried, first.failed), (0, 1, 0));
    // Not again before its backoff.
    let early = run_due_reminders(s.h.server.pool(), &gw, due + Duration::seconds(30))
        .await
        .unwrap();
    assert_eq!(early.sent + early.retried, 0);
    let report = s.sms(slot).await;
    let m = report
        .messages
        .iter()
        .find(|m| m.kind == SmsKind::DayBefore)
        .unwrap();
    assert_eq!((m.status, m.attempts), (SmsStatus::Queued, 1));
    assert_eq!(
        m.last_error_code.as_deref(),
        Some("isv.BUSINESS_LIMIT_CONTROL")
    );

    let later = run_due_reminders(s.h.server.pool(), &gw, due + Duration::minutes(2))
        .await
        .unwrap();
    assert_eq!(later.sent, 1);
    let report = s.sms(slot).await;
    let m = report
        .messages
        .iter()
        .find(|m| m.kind == SmsKind::DayBefore)
        .unwrap();
    assert_eq!((m.status, m.attempts), (SmsStatus::Sent, 2));
    assert_eq!(m.gateway_message_id.as_deref(), Some("test-1"));
    assert_eq!(gw.calls.load(Ordering::SeqCst), 2);
    assert!(outbox(&s, b.id)
        .await
        .iter()
        .any(|r| r.0 == "hour_before" && r.2 == "queued"));
}

#[tokio::test]
async fn a_permanent_failure_is_not_retried_and_clerks_see_why() {
    let s = setup().await;
    let slot = s.slot(3, 13);
    s.book(slot, Some(PHONE)).await;
    s.flush_now().await;
    let gw = TestGateway::refusing();
    let due = slot - Duration::hours(24);
    let run = run_due_reminders(s.h.server.pool(), &gw, due)
        .await
        .unwrap();
    assert_eq!((run.sent, run.retried, run.failed), (0, 0, 1));
    let again = run_due_reminders(s.h.server.pool(), &gw, due + Duration::hours(2))
        .await
        .unwrap();
    assert_eq!(again.failed, 0, "a failed message stays failed");
    assert_eq!(gw.calls.load(Ordering::SeqCst), 1);
    let report = s.sms(slot).await;
    let m = report
        .messages
        .iter()
        .find(|m| m.kind == SmsKind::DayBefore)
        .unwrap();
    assert_eq!(m.status, SmsStatus::Failed);
    assert_eq!(
        m.last_error_code.as_deref(),
        Some("isv.MOBILE_NUMBER_ILLEGAL")
    );
    assert_eq!(m.last_error.as_deref(), Some("number refused"));
}

#[tokio::test]
async fn a_message_that_keeps_failing_is_given_up_after_the_last_attempt() {
    let s = setup().await;
    let slot = s.slot(3, 14);
    s.book(slot, Some(PHONE)).await;
    s.flush_now().await;
    let gw = TestGateway::flaky(usize::MAX);
    let mut now = slot - Duration::hours(24);
    for _ in 0..MAX_ATTEMPTS {
        run_due_reminders(s.h.server.pool(), &gw, now)
            .await
            .unwrap();
        now += Duration::minutes(30);
    }
    let report = s.sms(slot).await;
    let m = report
        .messages
        .iter()
        .find(|m| m.kind == SmsKind::DayBefore)
        .unwrap();
    assert_eq!(
        (m.status, m.attempts),
        (SmsStatus::Failed, MAX_ATTEMPTS as u32)
    );
    assert!(m.last_error.as_deref().unwrap().contains("gave up"));
    assert_eq!(gw.calls.load(Ordering::SeqCst), MAX_ATTEMPTS as usize);
}

#[tokio::test]
async fn a_reminder_due_long_ago_is_not_sent_after_the_slot_started() {
    let s = setup().await;
    let slot = s.slot(3, 15);
    s.book(slot, Some(PHONE)).await;
    s.flush_now().await;
    let gw = TestGateway::flaky(0);
    let run = run_due_reminders(s.h.server.pool(), &gw, slot + Duration::minutes(1))
        .await
        .unwrap();
    assert_eq!((run.sent, run.failed), (0, 2));
    assert_eq!(gw.calls.load(Ordering::SeqCst), 0);
    let report = s.sms(slot).await;
    assert!(report
        .messages
        .iter()
        .filter(|m| m.kind != SmsKind::Decision)
        .all(|m| m.last_error_code.as_deref() == Some("too-late")));
}

#[tokio::test]
async fn the_openapi_document_lists_the_notary_routes() {
    let s = setup().await;
    let doc = s.h.openapi().await;
    for path in [
        "/v1/sync/notary/availability",
        "/v1/sync/notary/day",
        "/v1/sync/notary/sms",
        "/v1/sync/notary/bookings/{id}/outcome",
        "/v1/sync/notary/slots",
    ] {
        assert!(doc["paths"].get(path).is_some(), "{path} missing");
    }
}

#[tokio::test]
async fn the_servers_own_worker_sends_a_due_decision_through_the_log_gateway() {
    let s = setup().await;
    let (b, _) = s.book(s.slot(3, 16), Some(PHONE)).await;
    let deadline = tokio::time::Instant::now()
        + borderdesk_server::sms::WORKER_PERIOD
        + std::time::Duration::from_secs(15);
    loop {
        let rows = outbox(&s, b.id).await;
        if rows.iter().any(|r| r.0 == "decision" && r.2 == "sent") {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "the worker did not send the decision: {rows:?}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    }
    let logged: i64 = sqlx::query_scalar("SELECT count(*) FROM sms_log")
        .fetch_one(s.h.server.pool())
        .await
        .unwrap();
    assert_eq!(logged, 1);
}

#[tokio::test]
async fn a_booking_cannot_be_moved_into_a_closed_slot() {
    let s = setup().await;
    let (from, to) = (s.slot(3, 1), s.slot(3, 3));
    let (b, code) = s.book(from, None).await;
    assert_eq!(
        s.change_slot(&s.notary, to, json!("close")).await.status(),
        StatusCode::OK
    );
    let moved = s
        .push(MutationBody::RescheduleBooking {
            booking_id: b.id,
            new_slot_start: to,
            cancel_code: code,
        })
        .await;
    assert!(matches!(moved, Outcome::SlotTaken { .. }), "{moved:?}");
    assert_eq!(s.seats_at(from).await.taken, 1);
    let closed = s.seats_at(to).await;
    assert_eq!((closed.capacity, closed.taken), (0, 0));
}

/// Every page of a notary list (`day` or `sms`), `limit` at a time: the raw pages.
async fn walk(s: &Setup, list: &str, slot: DateTime<Utc>, limit: u32) -> Vec<serde_json::Value> {
    let date = shanghai_date(&slot);
    let mut pages = Vec::new();
    let mut after: Option<String> = None;
    for _ in 0..1000 {
        let mut path =
            format!("/v1/sync/notary/{list}?office_code={OFFICE}&date={date}&limit={limit}");
        if let Some(a) = after.take() {
            path.push_str(&format!("&after={a}"));
        }
        let r = s.get(&path, Some(&s.notary)).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        let page: serde_json::Value = r.json().await.unwrap();
        let next = page["next"].as_str().map(str::to_owned);
        pages.push(page);
        match next {
            Some(next) => after = Some(next),
            None => return pages,
        }
    }
    panic!("the pages never end");
}

#[tokio::test]
async fn the_day_and_its_sms_come_in_pages_each_row_once_in_time_order() {
    let s = setup().await;
    let slots = [s.slot(2, 0), s.slot(2, 1), s.slot(2, 2)];
    let received = Utc::now() - Duration::hours(1);
    // 120 bookings over three slots, received at two instants; each with a reminder, due at
    // two instants.
    for i in 0..120usize {
        let id = Uuid::new_v4();
        sqlx::query(
            "INSERT INTO bookings (id, office_code, matter_code, slot_start, status,
                 tracking_number, device_id, site_id, cancel_code_hash, made_at, received_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, 'site-a', 'x', now(), $8)",
        )
        .bind(id)
        .bind(OFFICE)
        .bind(&s.matter)
        .bind(slots[i % 3])
        .bind(if i % 4 == 0 { "cancelled" } else { "confirmed" })
        .bind(format!("PAGE-{i}"))
        .bind(s.kiosk.id)
        .bind(received + Duration::seconds((i % 2) as i64))
        .execute(s.h.server.pool())
        .await
        .unwrap();
        sqlx::query(
            "INSERT INTO sms_outbox (booking_id, kind, slot_start, due_at, next_attempt_at)
             VALUES ($1, 'day_before', $2, $3, $3)",
        )
        .bind(id)
        .bind(slots[i % 3])
        .bind(received + Duration::minutes((i % 2) as i64))
        .execute(s.h.server.pool())
        .await
        .unwrap();
    }
    let expected: Vec<Uuid> = sqlx::query_scalar(
        "SELECT id FROM bookings WHERE tracking_number LIKE 'PAGE-%'
          ORDER BY slot_start, received_at, id",
    )
    .fetch_all(s.h.server.pool())
    .await
    .unwrap();
    let pages = walk(&s, "day", slots[0], 7).await;
    assert_eq!(pages.len(), 120usize.div_ceil(7));
    let mut walked = Vec::new();
    for page in &pages {
        let day: NotaryDay = serde_json::from_value(page.clone()).unwrap();
        assert!(day.bookings.len() <= 7);
        assert_eq!(
            day.slots.len(),
            s.office.calendar.day_slots(shanghai_date(&slots[0])).len(),
            "every page holds the whole day's slots"
        );
        walked.extend(day.bookings.iter().map(|b| b.booking_id));
    }
    assert_eq!(
        walked, expected,
        "every booking once, by slot then as received"
    );

    let expected: Vec<i64> = sqlx::query_scalar("SELECT id FROM sms_outbox ORDER BY due_at, id")
        .fetch_all(s.h.server.pool())
        .await
        .unwrap();
    let mut walked = Vec::new();
    for page in walk(&s, "sms", slots[0], 11).await {
        let report: SmsReport = serde_json::from_value(page).unwrap();
        assert!(report.messages.len() <= 11);
        walked.extend(report.messages.iter().map(|m| m.id));
    }
    assert_eq!(walked, expected, "every message once, oldest due first");

    // A cursor of the day is not one of the SMS report.
    let day_cursor = pages[0]["next"].as_str().unwrap().to_owned();
    let date = shanghai_date(&slots[0]);
    let r = s
        .get(
            &format!("/v1/sync/notary/sms?office_code={OFFICE}&date={date}&after={day_cursor}"),
            Some(&s.notary),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert_eq!(code_of(r).await, "error-page-cursor-invalid");
}
