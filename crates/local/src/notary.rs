//! Remote video notarization on the device: the notary reference data (the server's copy from
//! the feed, else the bundled snapshot),
//! offices competent for a matter, slots with the seats the server last reported, and
//! bookings made offline as pending (their outbox entry in the same transaction) that the
//! server confirms or rejects with alternatives at sync.

use std::sync::{Arc, OnceLock};

use borderdesk_core::notary::{
    self, CompetenceFacts, NotaryError, NotaryMatter, NotaryOffice, NotaryReference, Slot,
};
use borderdesk_core::validate;
use borderdesk_core::{CoreError, LocalizedText, TrackingNumber};
use borderdesk_protocol::{Booking, BookingStatus, MutationBody, SlotAvailability};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use crate::error::{LocalError, Result};
use crate::store::{enqueue, next_tracking_number, now, Store};

/// The sample notary reference data shipped with the app (offices, calendars, matters).
pub const BUNDLED_NOTARY: &str = include_str!("../data/sample-notary.json");

impl crate::reference::ReferenceKind for NotaryReference {
    const TABLE: &'static str = "notary_reference";
    const BUNDLED: &'static str = BUNDLED_NOTARY;
    const NAME: &'static str = "notary reference";

    /// Offices and matters, and calendars the server would accept.
    fn usable(&self) -> bool {
        !self.offices.is_empty()
            && !self.matters.is_empty()
            && self.offices.iter().all(|o| o.calendar.check().is_ok())
    }

    fn bundled_cell() -> &'static OnceLock<std::result::Result<Arc<Self>, String>> {
        static BUNDLED: OnceLock<std::result::Result<Arc<NotaryReference>, String>> =
            OnceLock::new();
        &BUNDLED
    }
}

/// Where a booking stands on this device.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum LocalBookingStatus {
    /// Saved here, not yet decided by the server (made offline).
    Pending,
    Confirmed,
    /// The slot was taken meanwhile: see the alternatives.
    Rejected,
    /// Cancelled here, waiting for the server.
    CancelPending,
    Cancelled,
}

impl LocalBookingStatus {
    fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Confirmed => "confirmed",
            Self::Rejected => "rejected",
            Self::CancelPending => "cancel_pending",
            Self::Cancelled => "cancelled",
        }
    }

    fn parse(s: &str) -> Self {
        match s {
            "confirmed" => Self::Confirmed,
            "rejected" => Self::Rejected,
            "cancel_pending" => Self::CancelPending,
            "cancelled" => Self::Cancelled,
            _ => Self::Pending,
        }
    }
}

/// A slot as the slot screen shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct SlotChoice {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub capacity: u32,
    pub taken: u32,
}

/// The slots of an office and how fresh the seat counts are (None: never heard from the
/// server; every seat is shown as free and the server decides at sync).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct SlotChoices {
    pub office_code: String,
    pub slots: Vec<SlotChoice>,
    pub as_of: Option<DateTime<Utc>>,
}

/// What the person enters to book.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BookingRequest {
    pub matter_code: String,
    pub office_code: String,
    pub slot_start: DateTime<Utc>,
    pub applicant_name: String,
    pub applicant_id_number: String,
    pub phone: String,
    /// A family member's mobile for the same SMS; empty: none.
    #[serde(default)]
    pub family_phone: String,
    /// The citizen says the family member agreed to get them.
    #[serde(default)]
    pub family_consent: bool,
}

/// A booking as the receipt and the lookup screen show it; no personal data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct BookingReceipt {
    pub booking_id: Uuid,
    pub tracking_number: TrackingNumber,
    pub tracking_number_grouped: String,
    pub matter_name: LocalizedText,
    pub office_code: String,
    pub office_name: LocalizedText,
    pub slot_start: DateTime<Utc>,
    pub slot_end: DateTime<Utc>,
    pub status: LocalBookingStatus,
    /// The nearest free slots the server offered when it rejected the booking.
    pub alternatives: Vec<DateTime<Utc>>,
    /// Shown and printed once, when the booking is made; never stored in clear.
    #[ts(optional)]
    pub cancel_code: Option<String>,
    /// The notary's video link, for a confirmed booking.
    #[ts(optional)]
    pub video_link: Option<String>,
    pub materials: Vec<LocalizedText>,
    /// A move to this slot waits for the server (the booking keeps its slot until then).
    #[ts(optional)]
    pub requested_slot: Option<DateTime<Utc>>,
}

#[derive(Serialize, Deserialize)]
struct Applicant {
    name: String,
    id_number: String,
    phone: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    family_phone: Option<String>,
}

type BookingRow = (
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    String,
);

impl Store {
    /// The notary reference data in use: the server's latest from the feed, else the bundled
    /// snapshot.
    pub fn notary_reference(&self) -> Result<Arc<NotaryReference>> {
        self.notary.current()
    }

    pub fn notary_matters(&self) -> Result<Vec<NotaryMatter>> {
        Ok(self.notary_reference()?.matters.clone())
    }

    /// The matter with this code in the reference in force.
    pub fn notary_matter(&self, code: &str) -> Result<NotaryMatter> {
        self.notary_reference()?
            .matter(code)
            .cloned()
            .ok_or(LocalError::Notary(NotaryError::MatterNotOffered))
    }

    /// The office with this code in the reference in force.
    pub fn notary_office(&self, code: &str) -> Result<NotaryOffice> {
        self.notary_reference()?
            .office(code)
            .cloned()
            .ok_or(LocalError::Notary(NotaryError::MatterNotOffered))
    }

    /// Every notary office in the reference data (the notary desk picks its own).
    pub fn notary_office_list(&self) -> Result<Vec<NotaryOffice>> {
        Ok(self.notary_reference()?.offices.clone())
    }

    /// Offices competent for the matter by the applicant's places, best basis first; with no
    /// places given, every office that takes the matter.
    pub fn notary_offices(
        &self,
        matter_code: &str,
        facts: &CompetenceFacts,
    ) -> Result<Vec<NotaryOffice>> {
        let matter = self.notary_matter(matter_code)?;
        let reference = self.notary_reference()?;
        let offices = &reference.offices;
        let given = *facts != CompetenceFacts::default();
        Ok(if given {
            notary::competent_offices(&matter, offices, facts)
                .into_iter()
                .cloned()
                .collect()
        } else {
            offices
                .iter()
                .filter(|o| o.matters.contains(&matter.code))
                .cloned()
                .collect()
        })
    }

    /// Keeps the seat counts the server reported for an office.
    pub async fn save_availability(&self, availability: &SlotAvailability) -> Result<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query("DELETE FROM slot_availability WHERE office_code = ?")
            .bind(&availability.office_code)
            .execute(&mut *tx)
            .await?;
        let rows: Vec<serde_json::Value> = availability
            .slots
            .iter()
            .map(|s| serde_json::json!([s.slot_start.to_rfc3339(), s.capacity, s.taken]))
            .collect();
        sqlx::query(
            "INSERT INTO slot_availability (office_code, slot_start, capacity, taken, as_of)
             SELECT ?, json_extract(value, '$[0]'), json_extract(value, '$[1]'),
                    json_extract(value, '$[2]'), ? FROM json_each(?)",
        )
        .bind(&availability.office_code)
        .bind(availability.as_of.to_rfc3339())
        .bind(serde_json::to_string(&rows)?)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Seats taken per slot start (as the server last said), and when it said so.
    async fn cached_seats(
        &self,
        office_code: &str,
    ) -> Result<(Vec<(DateTime<Utc>, u32, u32)>, Option<DateTime<Utc>>)> {
        let rows: Vec<(String, i64, i64, String)> = sqlx::query_as(
            "SELECT slot_start, capacity, taken, as_of FROM slot_availability WHERE office_code = ?",
        )
        .bind(office_code)
        .fetch_all(self.pool())
        .await?;
        let as_of = rows.first().and_then(|r| parse_utc(&r.3));
        let seats = rows
            .into_iter()
            .filter_map(|(start, cap, taken, _)| {
                Some((parse_utc(&start)?, cap as u32, taken as u32))
            })
            .collect();
        Ok((seats, as_of))
    }

    /// The office's bookable slots from `now` to its horizon, with seats as last reported.
    /// Bookings of this device still waiting for the server count as taken.
    pub async fn slot_choices(&self, office_code: &str, now: DateTime<Utc>) -> Result<SlotChoices> {
        let office = self.notary_office(office_code)?;
        let (seats, as_of) = self.cached_seats(office_code).await?;
        let pending = self.pending_seats(office_code).await?;
        let slots = notary::slots(&office.calendar, now, now)
            .into_iter()
            .map(|s: Slot| {
                let start = s.start.with_timezone(&Utc);
                let (capacity, taken) = seats
                    .iter()
                    .find(|(t, _, _)| *t == start)
                    .map(|&(_, c, t)| (c, t))
                    .unwrap_or((s.capacity, 0));
                let mine = pending.iter().filter(|t| **t == start).count() as u32;
                SlotChoice {
                    start,
                    end: s.end.with_timezone(&Utc),
                    capacity,
                    taken: (taken + mine).min(capacity),
                }
            })
            .collect();
        Ok(SlotChoices {
            office_code: office_code.to_string(),
            slots,
            as_of,
        })
    }

    async fn pending_seats(&self, office_code: &str) -> Result<Vec<DateTime<Utc>>> {
        let rows: Vec<String> = sqlx::query_scalar(
            "SELECT slot_start FROM bookings WHERE office_code = ? AND status = 'pending'",
        )
        .bind(office_code)
        .fetch_all(self.pool())
        .await?;
        Ok(rows.iter().filter_map(|s| parse_utc(s)).collect())
    }

    /// Books a slot: checks the rules here (the server checks again), saves the booking as
    /// pending with its outbox entry in one transaction, and returns the receipt with the
    /// one-time cancel code. Works offline.
    pub async fn book_slot(
        &self,
        request: &BookingRequest,
        now: DateTime<Utc>,
        today: NaiveDate,
    ) -> Result<BookingReceipt> {
        let matter = self.notary_matter(&request.matter_code)?;
        notary::can_book_remotely(&matter)?;
        let office = self.notary_office(&request.office_code)?;
        if !office.matters.contains(&matter.code) {
            return Err(LocalError::Notary(NotaryError::MatterNotOffered));
        }
        let name = request.applicant_name.trim();
        if name.is_empty() {
            return Err(LocalError::Answer {
                question_id: "applicant_name".into(),
                error: CoreError::AnswerRequired,
            });
        }
        let id_number =
            validate::id_number(&request.applicant_id_number, today).map_err(|error| {
                LocalError::Answer {
                    question_id: "applicant_id_number".into(),
                    error,
                }
            })?;
        let phone = validate::mobile_phone(&request.phone).map_err(|error| LocalError::Answer {
            question_id: "phone".into(),
            error,
        })?;
        let family_phone =
            validate::family_phone(&phone, &request.family_phone, request.family_consent).map_err(
                |error| LocalError::Answer {
                    question_id: "family_phone".into(),
                    error,
                },
            )?;
        // The calendar's rules (notice, horizon, holidays, a real slot), then the seats as last
        // reported (a slot staff closed has none).
        notary::check_booking(&office.calendar, request.slot_start, now, 0)?;
        let choices = self.slot_choices(&office.code, now).await?;
        if choices
            .slots
            .iter()
            .any(|s| s.start == request.slot_start && s.taken >= s.capacity)
        {
            return Err(LocalError::Notary(NotaryError::SlotFull));
        }

        let id = Uuid::now_v7();
        let code = notary::new_cancel_code();
        let applicant = Applicant {
            name: name.to_string(),
            id_number: id_number.value.clone(),
            phone: phone.clone(),
            family_phone: family_phone.clone(),
        };
        let mut tx = self.begin_write().await?;
        let tracking_number = next_tracking_number(&mut tx).await?;
        let booking = Booking {
            id,
            office_code: office.code.clone(),
            matter_code: matter.code.clone(),
            slot_start: request.slot_start,
            tracking_number: tracking_number.clone(),
            cancel_code_hash: notary::cancel_code_hash(id, &code),
            made_at: now,
            // For the reminders the office sends by SMS (the day before, an hour before).
            phone: Some(phone.clone()),
            // Counted per person on the server (which keeps a keyed hash of it only).
            applicant_id_number: Some(id_number.value.clone()),
            family_consent_at: family_phone.as_ref().map(|_| now),
            family_phone,
        };
        sqlx::query(
            "INSERT INTO bookings (id, tracking_number, office_code, matter_code, slot_start,
                 applicant, cancel_code_hash, status, made_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', ?)",
        )
        .bind(id.to_string())
        .bind(tracking_number.as_str())
        .bind(&booking.office_code)
        .bind(&booking.matter_code)
        .bind(booking.slot_start.to_rfc3339())
        .bind(
            self.key
                .seal(&serde_json::to_vec(&applicant)?, &id.to_string())?,
        )
        .bind(&booking.cancel_code_hash)
        .bind(now.to_rfc3339())
        .execute(&mut *tx)
        .await?;
        enqueue(
            &mut tx,
            &self.key,
            &id.to_string(),
            MutationBody::BookSlot { booking },
        )
        .await?;
        tx.commit().await?;
        self.outbox_changed().notify_one();
        let mut receipt = self.booking_receipt(tracking_number.as_str()).await?;
        receipt.cancel_code = Some(code);
        Ok(receipt)
    }

    async fn booking_row(&self, tracking_number: &str) -> Result<BookingRow> {
        let number = TrackingNumber::parse(tracking_number)?;
        sqlx::query_as(
            "SELECT id, tracking_number, office_code, matter_code, slot_start, status, alternatives, applicant
             FROM bookings WHERE tracking_number = ?",
        )
        .bind(number.as_str())
        .fetch_optional(self.pool())
        .await?
        .ok_or(LocalError::BookingNotFound)
    }

    /// A booking held here, as its receipt shows it.
    pub async fn booking_receipt(&self, tracking_number: &str) -> Result<BookingReceipt> {
        let (id, number, office_code, matter_code, start, status, alternatives, _) =
            self.booking_row(tracking_number).await?;
        let office = self.notary_office(&office_code)?;
        let matter = self.notary_matter(&matter_code)?;
        let slot_start = parse_utc(&start).ok_or(LocalError::BookingNotFound)?;
        let status = LocalBookingStatus::parse(&status);
        let tracking_number = TrackingNumber::parse(&number)?;
        Ok(BookingReceipt {
            booking_id: Uuid::parse_str(&id).map_err(|_| LocalError::BookingNotFound)?,
            tracking_number_grouped: tracking_number.grouped(),
            tracking_number,
            matter_name: matter.name.clone(),
            office_code: office.code.clone(),
            office_name: office.name.clone(),
            slot_start,
            slot_end: slot_start
                + chrono::Duration::minutes(i64::from(office.calendar.slot_minutes)),
            status,
            alternatives: serde_json::from_str(&alternatives)?,
            cancel_code: None,
            video_link: (status == LocalBookingStatus::Confirmed).then(|| {
                format!(
                    "{}/{}",
                    office.video_link_base.trim_end_matches('/'),
                    number
                )
            }),
            materials: matter.materials.iter().map(|m| m.name.clone()).collect(),
            requested_slot: requested_slot(self, &id).await?,
        })
    }

    /// Looks a booking up for the person who made it: the last four characters of their ID
    /// number must match (a wrong one reads as "not found").
    pub async fn find_booking(
        &self,
        tracking_number: &str,
        id_last_four: &str,
    ) -> Result<BookingReceipt> {
        let row = self.booking_row(tracking_number).await?;
        let last_four = id_last_four.trim().to_ascii_uppercase();
        // The sealed applicant, or its check value once a kiosk dropped it (crate::forget).
        if !self.booking_id_matches(&row.0, &row.7, &last_four).await? {
            return Err(LocalError::BookingNotFound);
        }
        self.booking_receipt(tracking_number).await
    }

    /// Cancels a booking with the code from its receipt, subject to the office's notice. The
    /// server frees the seat at sync; a booking not yet sent is simply withdrawn.
    pub async fn cancel_booking(
        &self,
        tracking_number: &str,
        cancel_code: &str,
        now: DateTime<Utc>,
    ) -> Result<BookingReceipt> {
        let (id, _, office_code, _, start, status, _, _) =
            self.booking_row(tracking_number).await?;
        let booking_id = Uuid::parse_str(&id).map_err(|_| LocalError::BookingNotFound)?;
        self.check_cancel_code(&id, booking_id, cancel_code).await?;
        let status = LocalBookingStatus::parse(&status);
        if !matches!(
            status,
            LocalBookingStatus::Pending | LocalBookingStatus::Confirmed
        ) {
            return Err(LocalError::BookingNotActive);
        }
        let office = self.notary_office(&office_code)?;
        let slot_start = parse_utc(&start).ok_or(LocalError::BookingNotFound)?;
        notary::check_cancel(&office.calendar, slot_start, now)?;
        let mut tx = self.begin_write().await?;
        sqlx::query("UPDATE bookings SET status = 'cancel_pending' WHERE id = ?")
            .bind(&id)
            .execute(&mut *tx)
            .await?;
        enqueue(
            &mut tx,
            &self.key,
            &id,
            MutationBody::CancelBooking {
                booking_id,
                cancel_code: notary::normalize_cancel_code(cancel_code),
            },
        )
        .await?;
        tx.commit().await?;
        self.outbox_changed().notify_one();
        self.booking_receipt(tracking_number).await
    }

    /// Moves a confirmed booking to another slot of the same office, with the code from its
    /// receipt, subject to the office's notice. The booking keeps its slot until the server
    /// has moved it (at sync; at once when online).
    pub async fn reschedule_booking(
        &self,
        tracking_number: &str,
        cancel_code: &str,
        new_start: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<BookingReceipt> {
        let (id, _, office_code, _, start, status, _, _) =
            self.booking_row(tracking_number).await?;
        let booking_id = Uuid::parse_str(&id).map_err(|_| LocalError::BookingNotFound)?;
        self.check_cancel_code(&id, booking_id, cancel_code).await?;
        if LocalBookingStatus::parse(&status) != LocalBookingStatus::Confirmed {
            return Err(LocalError::BookingNotActive);
        }
        let office = self.notary_office(&office_code)?;
        let old_start = parse_utc(&start).ok_or(LocalError::BookingNotFound)?;
        notary::check_reschedule(&office.calendar, old_start, new_start, now, 0)?;
        let choices = self.slot_choices(&office.code, now).await?;
        if choices
            .slots
            .iter()
            .any(|s| s.start == new_start && s.taken >= s.capacity)
        {
            return Err(LocalError::Notary(NotaryError::SlotFull));
        }
        let mut tx = self.begin_write().await?;
        sqlx::query("UPDATE bookings SET requested_slot = ? WHERE id = ?")
            .bind(new_start.to_rfc3339())
            .bind(&id)
            .execute(&mut *tx)
            .await?;
        enqueue(
            &mut tx,
            &self.key,
            &id,
            MutationBody::RescheduleBooking {
                booking_id,
                new_slot_start: new_start,
                cancel_code: notary::normalize_cancel_code(cancel_code),
            },
        )
        .await?;
        tx.commit().await?;
        self.outbox_changed().notify_one();
        self.booking_receipt(tracking_number).await
    }

    async fn check_cancel_code(&self, id: &str, booking_id: Uuid, code: &str) -> Result<()> {
        let hash: String = sqlx::query_scalar("SELECT cancel_code_hash FROM bookings WHERE id = ?")
            .bind(id)
            .fetch_one(self.pool())
            .await?;
        if notary::cancel_code_hash(booking_id, code) == hash {
            Ok(())
        } else {
            Err(LocalError::CancelCodeWrong)
        }
    }

    /// The nearest free slots the server offered for a booking it could not seat.
    pub async fn record_slot_alternatives(
        &self,
        mutation_id: Uuid,
        alternatives: &[DateTime<Utc>],
    ) -> Result<()> {
        sqlx::query(
            "UPDATE bookings SET alternatives = ?
             WHERE id = (SELECT record_id FROM outbox WHERE mutation_id = ?)",
        )
        .bind(serde_json::to_string(alternatives)?)
        .bind(mutation_id.to_string())
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// A booking decision from the feed (confirmed, rejected with alternatives, cancelled,
    /// or moved), for bookings this device holds.
    pub(crate) async fn apply_booking_change(
        tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>,
        booking_id: Uuid,
        status: BookingStatus,
        slot_start: DateTime<Utc>,
        alternatives: &[DateTime<Utc>],
    ) -> Result<()> {
        sqlx::query(
            "UPDATE bookings SET status = ?1, slot_start = ?2, alternatives = ?3, decided_at = ?4,
                 requested_slot = CASE WHEN requested_slot = ?2 THEN NULL ELSE requested_slot END
             WHERE id = ?5 AND status != 'cancel_pending'",
        )
        .bind(local_status(status).as_str())
        .bind(slot_start.to_rfc3339())
        .bind(serde_json::to_string(alternatives)?)
        .bind(now())
        .bind(booking_id.to_string())
        .execute(&mut **tx)
        .await?;
        Ok(())
    }
}

async fn requested_slot(store: &Store, id: &str) -> Result<Option<DateTime<Utc>>> {
    let slot: Option<String> =
        sqlx::query_scalar("SELECT requested_slot FROM bookings WHERE id = ?")
            .bind(id)
            .fetch_one(store.pool())
            .await?;
    Ok(slot.as_deref().and_then(parse_utc))
}

fn local_status(status: BookingStatus) -> LocalBookingStatus {
    match status {
        BookingStatus::Confirmed => LocalBookingStatus::Confirmed,
        BookingStatus::Rejected => LocalBookingStatus::Rejected,
        BookingStatus::Cancelled => LocalBookingStatus::Cancelled,
    }
}

fn parse_utc(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// How long a kiosk waits for the server to decide a booking before showing it as pending.
pub const DECIDE_WITHIN: std::time::Duration = std::time::Duration::from_secs(8);

impl crate::sync::SyncClient {
    /// On an enrolled device, gives the server up to `within` to take what waits (a booking,
    /// its cancellation, a new time) and answer; offline or slow, the sync task sends it later.
    pub async fn send_within(&self, within: std::time::Duration) {
        if self.store().device().await.is_ok_and(|d| d.enrolled()) {
            let _ = tokio::time::timeout(within, self.sync_once()).await;
        }
    }

    /// Books a slot (saved first: works offline) and, on an enrolled device, gives the server
    /// up to `within` to decide it at once: the receipt as it then stands, confirmed, rejected
    /// with alternatives or still pending, with the one-time cancel code. Offline or slow, the
    /// booking stays pending and the sync task sends it later.
    pub async fn book_and_decide(
        &self,
        request: &BookingRequest,
        now: DateTime<Utc>,
        today: NaiveDate,
        within: std::time::Duration,
    ) -> Result<BookingReceipt> {
        let made = self.store().book_slot(request, now, today).await?;
        self.send_within(within).await;
        let mut receipt = self
            .store()
            .booking_receipt(made.tracking_number.as_str())
            .await?;
        receipt.cancel_code = made.cancel_code;
        Ok(receipt)
    }
}
