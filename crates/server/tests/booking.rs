//! Video-notarization bookings against a real server on a real PostgreSQL: the server decides
//! with its own clock, capacity holds under a crowd of concurrent devices, a retry books once,
//! a cancellation frees its seat once, a reschedule is atomic, and the kiosk learns the
//! decision by pull.

mod common;

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use borderdesk_core::notary::{
    check_booking, shanghai_date, slots, NotaryOffice, NotaryReference, OpeningPeriod, WeeklyHours,
};
use borderdesk_core::{DeviceCode, TrackingNumber};
use borderdesk_protocol::{codes, Booking, BookingStatus, Change, Mutation, MutationBody, Outcome};
use borderdesk_server::{booking::seat_counts, cancel_code_hash, import_notary};
use chrono::{DateTime, Days, Utc};
use common::{harness, Dev, Harness};
use uuid::Uuid;

const SAMPLE: &str = include_str!("../../local/data/sample-notary.json");
const OFFICE: &str = "GZC-TEST";
const MATTER: &str = "GZ-QSGX";

/// An office open every day 08:30–17:00 in 30-minute slots of capacity 2, 24 h notice,
/// 14 days ahead, closed on a holiday five days from today (Asia/Shanghai).
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
    cal.holidays = vec![holiday()];
    office
}

fn holiday() -> chrono::NaiveDate {
    shanghai_date(&Utc::now())
        .checked_add_days(Days::new(5))
        .unwrap()
}

struct Setup {
    h: Arc<Harness>,
    office: NotaryOffice,
}

async fn setup() -> Setup {
    let h = harness().await;
    let mut reference: NotaryReference = serde_json::from_str(SAMPLE).unwrap();
    let office = test_office(&reference);
    reference.offices.push(office.clone());
    let summary = import_notary(h.server.pool(), &reference).await.unwrap();
    assert_eq!(summary.offices, reference.offices.len());
    Setup {
        h: Arc::new(h),
        office,
    }
}

impl Setup {
    /// Bookable slots two days or more from now, not on the holiday.
    fn free_slots(&self, n: usize) -> Vec<DateTime<Utc>> {
        let now = Utc::now();
        let from = now + chrono::TimeDelta::days(2);
        let out: Vec<DateTime<Utc>> = slots(&self.office.calendar, from, now)
            .into_iter()
            .map(|s| s.start.with_timezone(&Utc))
            .filter(|s| shanghai_date(s) != holiday())
            .take(n)
            .collect();
        assert_eq!(out.len(), n);
        out
    }
}

fn booking(dev: &Dev, seq: u32, slot: DateTime<Utc>) -> (Booking, String) {
    let id = Uuid::now_v7();
    let code = borderdesk_core::notary::new_cancel_code();
    (
        Booking {
            id,
            office_code: OFFICE.into(),
            matter_code: MATTER.into(),
            slot_start: slot,
            tracking_number: TrackingNumber::issue(DeviceCode(dev.code), seq).unwrap(),
            cancel_code_hash: cancel_code_hash(id, &code),
            made_at: Utc::now(),
            phone: None,
            applicant_id_number: None,
            family_phone: None,
            family_consent_at: None,
        },
        code,
    )
}

fn mutation(body: MutationBody) -> Mutation {
    Mutation {
        id: Uuid::now_v7(),
        body,
    }
}

fn book(b: &Booking) -> Mutation {
    mutation(MutationBody::BookSlot { booking: b.clone() })
}

async fn one(h: &Harness, dev: &Dev, m: Mutation) -> Outcome {
    let mut r = h.push(dev, vec![m]).await;
    assert_eq!(r.results.len(), 1);
    r.results.remove(0).outcome
}

/// (capacity, taken, confirmed bookings) per slot.
async fn seats(h: &Harness) -> HashMap<DateTime<Utc>, (i32, i32, i64)> {
    seat_counts(h.server.pool(), OFFICE)
        .await
        .unwrap()
        .into_iter()
        .map(|(s, cap, taken, confirmed)| (s, (cap, taken, confirmed)))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_devices_racing_for_three_slots_never_overbook() {
    let s = setup().await;
    // Three slots far enough apart that their nearest alternatives are not each other.
    let all = s.free_slots(40);
    let wanted = [all[0], all[17], all[34]];
    let mut devices = Vec::new();
    for i in 0..60 {
        devices.push(s.h.enroll(&format!("site-{}", i % 5)).await);
    }
    // Each device pushes two bookings (one per request), all at once.
    let mut tasks = Vec::new();
    for (i, dev) in devices.iter().enumerate() {
        for k in 0..2u32 {
            let h = s.h.clone();
            let dev = dev.clone();
            let slot = wanted[(i + k as usize) % 3];
            tasks.push(tokio::spawn(async move {
                let (b, _) = booking(&dev, k + 1, slot);
                let outcome = one(&h, &dev, book(&b)).await;
                (slot, outcome)
            }));
        }
    }
    let mut confirmed: HashMap<DateTime<Utc>, usize> = HashMap::new();
    let mut losers = Vec::new();
    for t in tasks {
        let (slot, outcome) = t.await.unwrap();
        match outcome {
            Outcome::Applied => *confirmed.entry(slot).or_default() += 1,
            Outcome::SlotTaken {
                code, alternatives, ..
            } => {
                assert_eq!(code, codes::SLOT_FULL);
                losers.push(alternatives);
            }
            other => panic!("unexpected outcome {other:?}"),
        }
    }
    assert_eq!(confirmed.values().sum::<usize>(), 2 * 3, "{confirmed:?}");
    for slot in &wanted {
        assert_eq!(confirmed.get(slot), Some(&2), "slot {slot}");
    }
    assert_eq!(losers.len(), 120 - 6);
    let table = seats(&s.h).await;
    for slot in &wanted {
        assert_eq!(table[slot], (2, 2, 2), "seat row of {slot}");
    }
    let full: HashSet<DateTime<Utc>> = wanted.iter().copied().collect();
    let now = Utc::now();
    for alts in losers {
        assert!(!alts.is_empty() && alts.len() <= 3, "{alts:?}");
        for a in alts {
            assert!(!full.contains(&a), "a full slot offered: {a}");
            assert_eq!(check_booking(&s.office.calendar, a, now, 0), Ok(()));
            let (cap, taken, _) = table.get(&a).copied().unwrap_or((2, 0, 0));
            assert!(taken < cap, "{a} offered but full");
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_retried_booking_push_books_once() {
    let s = setup().await;
    let dev = s.h.enroll("site-a").await;
    let slot = s.free_slots(1)[0];
    let (b, _) = booking(&dev, 1, slot);
    let m = book(&b);
    assert_eq!(one(&s.h, &dev, m.clone()).await, Outcome::Applied);
    // The same mutation again, sequentially and five times at once.
    assert_eq!(one(&s.h, &dev, m.clone()).await, Outcome::Duplicate);
    let mut tasks = Vec::new();
    for _ in 0..5 {
        let (h, dev, m) = (s.h.clone(), dev.clone(), m.clone());
        tasks.push(tokio::spawn(async move { one(&h, &dev, m).await }));
    }
    for t in tasks {
        assert_eq!(t.await.unwrap(), Outcome::Duplicate);
    }
    // The same booking under a new mutation id (a re-queued outbox entry), and twice in a batch.
    assert_eq!(one(&s.h, &dev, book(&b)).await, Outcome::Duplicate);
    let r = s.h.push(&dev, vec![m.clone(), m.clone()]).await;
    assert!(r.results.iter().all(|r| r.outcome == Outcome::Duplicate));
    assert_eq!(seats(&s.h).await[&slot], (2, 1, 1));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_cancellation_frees_the_seat_exactly_once() {
    let s = setup().await;
    let dev = s.h.enroll("site-a").await;
    let slot = s.free_slots(1)[0];
    let (b1, code1) = booking(&dev, 1, slot);
    let (b2, _) = booking(&dev, 2, slot);
    assert_eq!(one(&s.h, &dev, book(&b1)).await, Outcome::Applied);
    assert_eq!(one(&s.h, &dev, book(&b2)).await, Outcome::Applied);
    assert_eq!(seats(&s.h).await[&slot], (2, 2, 2));

    // A wrong code changes nothing.
    let wrong = mutation(MutationBody::CancelBooking {
        booking_id: b1.id,
        cancel_code: "000000x".into(),
    });
    assert!(matches!(
        one(&s.h, &dev, wrong).await,
        Outcome::Rejected { code, .. } if code == codes::CANCEL_CODE_WRONG
    ));
    assert_eq!(seats(&s.h).await[&slot], (2, 2, 2));

    // Typed as a citizen may type it (small letters, a space for the dash): the server
    // compares the code as printed.
    let typed = code1.replace('-', " ").to_lowercase();
    let cancel = || {
        mutation(MutationBody::CancelBooking {
            booking_id: b1.id,
            cancel_code: typed.clone(),
        })
    };
    // Several cancellations of the same booking at once: one frees the seat.
    let mut tasks = Vec::new();
    for _ in 0..6 {
        let (h, dev, m) = (s.h.clone(), dev.clone(), cancel());
        tasks.push(tokio::spawn(async move { one(&h, &dev, m).await }));
    }
    let mut applied = 0;
    for t in tasks {
        match t.await.unwrap() {
            Outcome::Applied => applied += 1,
            Outcome::Duplicate => {}
            other => panic!("unexpected {other:?}"),
        }
    }
    assert_eq!(applied, 1);
    assert_eq!(seats(&s.h).await[&slot], (2, 1, 1));
    // And once more later: a no-op.
    assert_eq!(one(&s.h, &dev, cancel()).await, Outcome::Duplicate);
    assert_eq!(seats(&s.h).await[&slot], (2, 1, 1));
    // The freed seat can be booked again, and then the slot is full.
    let (b3, _) = booking(&dev, 3, slot);
    let (b4, _) = booking(&dev, 4, slot);
    assert_eq!(one(&s.h, &dev, book(&b3)).await, Outcome::Applied);
    assert!(matches!(
        one(&s.h, &dev, book(&b4)).await,
        Outcome::SlotTaken { .. }
    ));
    assert_eq!(seats(&s.h).await[&slot], (2, 2, 2));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_reschedule_is_atomic() {
    let s = setup().await;
    let dev = s.h.enroll("site-a").await;
    let slots = s.free_slots(3);
    let (a, b, c) = (slots[0], slots[1], slots[2]);
    let (mine, code) = booking(&dev, 1, a);
    assert_eq!(one(&s.h, &dev, book(&mine)).await, Outcome::Applied);
    // Fill b.
    for seq in 2..4 {
        let (x, _) = booking(&dev, seq, b);
        assert_eq!(one(&s.h, &dev, book(&x)).await, Outcome::Applied);
    }
    let move_to = |to: DateTime<Utc>| {
        mutation(MutationBody::RescheduleBooking {
            booking_id: mine.id,
            new_slot_start: to,
            cancel_code: code.clone(),
        })
    };
    // To a full slot: nothing changes, alternatives offered.
    match one(&s.h, &dev, move_to(b)).await {
        Outcome::SlotTaken { alternatives, .. } => {
            assert!(!alternatives.is_empty() && alternatives.len() <= 3);
            assert!(!alternatives.contains(&b));
        }
        other => panic!("unexpected {other:?}"),
    }
    let t = seats(&s.h).await;
    assert_eq!(t[&a], (2, 1, 1));
    assert_eq!(t[&b], (2, 2, 2));
    // With a wrong code: nothing changes either.
    let wrong = mutation(MutationBody::RescheduleBooking {
        booking_id: mine.id,
        new_slot_start: c,
        cancel_code: "nope".into(),
    });
    assert!(matches!(
        one(&s.h, &dev, wrong).await,
        Outcome::Rejected { .. }
    ));
    assert_eq!(seats(&s.h).await.get(&c).map(|r| r.1).unwrap_or(0), 0);
    // To a free slot: the old seat freed, the new one taken, in one go.
    assert_eq!(one(&s.h, &dev, move_to(c)).await, Outcome::Applied);
    let t = seats(&s.h).await;
    assert_eq!(t[&a], (2, 0, 0));
    assert_eq!(t[&c], (2, 1, 1));
    assert_eq!(t[&b], (2, 2, 2));
    let start: DateTime<Utc> = sqlx::query_scalar("SELECT slot_start FROM bookings WHERE id = $1")
        .bind(mine.id)
        .fetch_one(s.h.server.pool())
        .await
        .unwrap();
    assert_eq!(start, c);
    // Many moves of one booking at once between two slots never hold both seats.
    let mut tasks = Vec::new();
    for i in 0..10 {
        let to = if i % 2 == 0 { a } else { c };
        let (h, dev, m) = (s.h.clone(), dev.clone(), move_to(to));
        tasks.push(tokio::spawn(async move { one(&h, &dev, m).await }));
    }
    for t in tasks {
        let o = t.await.unwrap();
        assert!(matches!(o, Outcome::Applied | Outcome::Duplicate), "{o:?}");
    }
    let t = seats(&s.h).await;
    assert_eq!(t[&a].1 + t[&c].1, 1, "{t:?}");
    assert_eq!(t[&a].1 as i64, t[&a].2);
    assert_eq!(t[&c].1 as i64, t[&c].2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_booking_too_soon_or_on_a_holiday_is_rejected() {
    let s = setup().await;
    let dev = s.h.enroll("site-a").await;
    let now = Utc::now();
    // The first slot of the calendar from now on, ignoring notice: inside the 24 h notice.
    let soon = s
        .office
        .calendar
        .day_slots(shanghai_date(&now).succ_opt().unwrap())
        .into_iter()
        .map(|s| s.start.with_timezone(&Utc))
        .find(|t| *t > now && *t < now + chrono::TimeDelta::hours(24))
        .unwrap_or_else(|| {
            // Late in the day: tomorrow's first slot is within 24 h anyway.
            now + chrono::TimeDelta::hours(1)
        });
    let (b, _) = booking(&dev, 1, soon);
    let o = one(&s.h, &dev, book(&b)).await;
    assert!(
        matches!(&o, Outcome::Rejected { code, .. } if code == "error-slot-too-soon" || code == "error-slot-not-offered"),
        "{o:?}"
    );
    // A device whose clock is days ahead does not make it bookable: the server's clock decides.
    let (mut b, _) = booking(&dev, 2, soon);
    b.made_at = now + chrono::TimeDelta::days(3);
    assert!(matches!(
        one(&s.h, &dev, book(&b)).await,
        Outcome::Rejected { .. }
    ));
    // A holiday.
    let on_holiday = s.office.calendar.weekly.monday[0]
        .start
        .signed_duration_since(chrono::NaiveTime::MIN);
    let t = holiday().and_hms_opt(0, 0, 0).unwrap() + on_holiday;
    let t = t
        .and_local_timezone(borderdesk_core::notary::shanghai())
        .unwrap()
        .with_timezone(&Utc);
    let (b, _) = booking(&dev, 3, t);
    assert!(matches!(
        one(&s.h, &dev, book(&b)).await,
        Outcome::Rejected { code, .. } if code == "error-slot-on-holiday"
    ));
    // Not a slot at all, and an unknown office.
    let (b, _) = booking(&dev, 4, s.free_slots(1)[0] + chrono::TimeDelta::minutes(7));
    assert!(matches!(
        one(&s.h, &dev, book(&b)).await,
        Outcome::Rejected { code, .. } if code == "error-slot-not-offered"
    ));
    let (mut b, _) = booking(&dev, 5, s.free_slots(1)[0]);
    b.office_code = "GZC-NOWHERE".into();
    assert!(matches!(
        one(&s.h, &dev, book(&b)).await,
        Outcome::Rejected { code, .. } if code == codes::NOTARY_OFFICE_UNKNOWN
    ));
    // Nothing was taken.
    assert!(seats(&s.h).await.values().all(|r| r.1 == 0));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_kiosk_learns_the_decision_by_pull() {
    let s = setup().await;
    let here = s.h.enroll("site-a").await;
    let elsewhere = s.h.enroll("site-b").await;
    let slot = s.free_slots(1)[0];
    let (first, code) = booking(&here, 1, slot);
    let (second, _) = booking(&here, 2, slot);
    let (third, _) = booking(&here, 3, slot);
    // Pushed offline-style in one batch: two fit, the third is taken; the batch still commits.
    let r =
        s.h.push(&here, vec![book(&first), book(&second), book(&third)])
            .await;
    assert_eq!(r.results[0].outcome, Outcome::Applied);
    assert_eq!(r.results[1].outcome, Outcome::Applied);
    assert!(matches!(r.results[2].outcome, Outcome::SlotTaken { .. }));
    let cancel = mutation(MutationBody::CancelBooking {
        booking_id: first.id,
        cancel_code: code,
    });
    assert_eq!(one(&s.h, &here, cancel).await, Outcome::Applied);

    // The feed serves a change once every older transaction of the cluster has ended (other
    // tests share the cluster), so pull until the four decisions are there.
    let mut changes = Vec::new();
    let mut cursor: Option<String> = None;
    for _ in 0..200 {
        let page = s.h.pull(&here, cursor.as_deref(), None).await;
        changes.extend(page.changes);
        cursor = Some(page.cursor);
        if changes
            .iter()
            .filter(|c| matches!(c, Change::Booking { .. }))
            .count()
            >= 4
        {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    let decisions: Vec<(Uuid, BookingStatus, Vec<DateTime<Utc>>)> = changes
        .iter()
        .filter_map(|c| match c {
            Change::Booking {
                booking_id,
                status,
                alternatives,
                slot_start,
                tracking_number,
                ..
            } => {
                assert_eq!(*slot_start, slot);
                assert_eq!(tracking_number.device_code().0, here.code);
                Some((*booking_id, *status, alternatives.clone()))
            }
            _ => None,
        })
        .collect();
    assert_eq!(decisions.len(), 4, "{decisions:?}");
    assert_eq!(
        (decisions[0].0, decisions[0].1),
        (first.id, BookingStatus::Confirmed)
    );
    assert_eq!(
        (decisions[1].0, decisions[1].1),
        (second.id, BookingStatus::Confirmed)
    );
    assert_eq!(
        (decisions[2].0, decisions[2].1),
        (third.id, BookingStatus::Rejected)
    );
    assert!(!decisions[2].2.is_empty() && decisions[2].2.len() <= 3);
    assert_eq!(
        (decisions[3].0, decisions[3].1),
        (first.id, BookingStatus::Cancelled)
    );
    // Another site never sees these bookings.
    let other = s.h.pull(&elsewhere, None, None).await;
    assert!(other
        .changes
        .iter()
        .all(|c| !matches!(c, Change::Booking { .. })));
}

/// A six-digit cancel code could be walked by any device at about 420 tries a second.
/// Wrong codes are counted per booking; after five even the right one is refused, and the
/// booking keeps its seat.
#[tokio::test]
async fn wrong_cancel_codes_lock_the_booking_after_a_few() {
    let s = setup().await;
    let dev = s.h.enroll("site-a").await;
    let thief = s.h.enroll("site-b").await;
    let slot = s.free_slots(1)[0];
    let (b, code) = booking(&dev, 1, slot);
    assert_eq!(one(&s.h, &dev, book(&b)).await, Outcome::Applied);
    let cancel = |code: String| {
        mutation(MutationBody::CancelBooking {
            booking_id: b.id,
            cancel_code: code,
        })
    };
    for guess in 0..5 {
        let outcome = one(&s.h, &thief, cancel(format!("{guess:06}"))).await;
        assert!(
            matches!(&outcome, Outcome::Rejected { code, .. } if code == codes::CANCEL_CODE_WRONG),
            "{outcome:?}"
        );
    }
    for device in [&thief, &dev] {
        let outcome = one(&s.h, device, cancel(code.clone())).await;
        assert!(
            matches!(&outcome, Outcome::Rejected { code, .. } if code == codes::CANCEL_CODE_LOCKED),
            "{outcome:?}"
        );
    }
    assert_eq!(
        seats(&s.h).await[&slot],
        (2, 1, 1),
        "the booking keeps its seat"
    );
}

#[tokio::test]
async fn one_person_books_only_so_many_a_day_from_any_device() {
    let s = setup().await;
    let kiosk = s.h.enroll("site-a").await;
    let other = s.h.enroll("site-b").await;
    let slots = s.free_slots(8);
    let person = "330329199001011235";
    let for_person = |dev: &Dev, seq: u32, slot: DateTime<Utc>, id: &str| {
        let (mut b, _) = booking(dev, seq, slot);
        b.applicant_id_number = Some(id.to_string());
        b
    };
    let per_person = borderdesk_server::limits::Limits::DEFAULT.bookings_per_person_per_day;
    for seq in 1..=per_person {
        let b = for_person(&kiosk, seq, slots[seq as usize], person);
        assert_eq!(one(&s.h, &kiosk, book(&b)).await, Outcome::Applied);
    }
    // The next one, from this kiosk or from a kiosk of another site.
    for (dev, seq) in [(&kiosk, 10), (&other, 11)] {
        let b = for_person(dev, seq, slots[0], person);
        let outcome = one(&s.h, dev, book(&b)).await;
        assert!(
            matches!(&outcome, Outcome::Rejected { code, .. } if code == codes::BOOKINGS_PER_PERSON),
            "{outcome:?}"
        );
    }
    // Someone else books the same slot; an ID number that fails its check digit is refused.
    let b = for_person(&kiosk, 12, slots[0], "11010519491231002X");
    assert_eq!(one(&s.h, &kiosk, book(&b)).await, Outcome::Applied);
    let b = for_person(&kiosk, 13, slots[7], "330329199001011234");
    let outcome = one(&s.h, &kiosk, book(&b)).await;
    assert!(
        matches!(&outcome, Outcome::Rejected { code, .. } if code == "error-id-number-check-char"),
        "{outcome:?}"
    );
    // The server keeps a keyed hash, never the number.
    let leaks: i64 = sqlx::query_scalar(
        "SELECT (SELECT count(*) FROM bookings WHERE row_to_json(bookings)::text LIKE '%' || $1 || '%')
              + (SELECT count(*) FROM applied_mutations WHERE result::text LIKE '%' || $1 || '%')
              + (SELECT count(*) FROM changes WHERE body::text LIKE '%' || $1 || '%')",
    )
    .bind(person)
    .fetch_one(s.h.server.pool())
    .await
    .unwrap();
    assert_eq!(leaks, 0);
    let hashed: i64 = sqlx::query_scalar(
        "SELECT count(DISTINCT person_hash) FROM bookings WHERE person_hash IS NOT NULL",
    )
    .fetch_one(s.h.server.pool())
    .await
    .unwrap();
    assert_eq!(hashed, 2, "one hash per person");
}
