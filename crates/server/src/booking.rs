//! Video-notarization bookings: the server decides, with its own clock, whether a pushed
//! booking gets a seat. Every decision about a slot serializes on that slot's `slot_seats`
//! row (`UPDATE ... SET taken = taken + 1 WHERE taken < capacity`), so capacity holds however
//! many devices push at once; each mutation is decided in its own transaction together with
//! its `applied_mutations` row, so a retry never books twice.

use std::collections::HashMap;

use borderdesk_core::notary::{
    check_booking, check_cancel, check_reschedule, nearest_free, shanghai_date, NotaryError,
    NotaryMatter, NotaryOffice, NotaryReference, ALTERNATIVES_ON_REJECT,
};
use borderdesk_protocol::{codes, Booking, BookingStatus, Change, Mutation, MutationBody, Outcome};
use chrono::{DateTime, Utc};
use sqlx::{PgPool, Postgres, Transaction};
use uuid::Uuid;

use crate::extract::Device;
use crate::ServerError;

type Tx<'c> = Transaction<'c, Postgres>;

/// The hash a device sends in `Booking::cancel_code_hash`; one rule with the device's.
pub use borderdesk_core::notary::cancel_code_hash;

/// What an import of notary reference data did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotaryImportSummary {
    pub offices: usize,
    pub matters: usize,
}

/// Stores the notary reference data (offices with their calendars, matters) as JSONB, all or
/// nothing. A calendar that `OfficeCalendar::check` refuses stops the import.
pub async fn import_notary(
    pool: &PgPool,
    reference: &NotaryReference,
) -> Result<NotaryImportSummary, ServerError> {
    for office in &reference.offices {
        if office.code.trim().is_empty() {
            return Err(ServerError::BadRequest("an office has no code".into()));
        }
        office
            .calendar
            .check()
            .map_err(|e| ServerError::BadRequest(format!("office {}: {e}", office.code)))?;
    }
    let office_codes: Vec<&str> = reference.offices.iter().map(|o| o.code.as_str()).collect();
    let office_bodies: Vec<serde_json::Value> = reference
        .offices
        .iter()
        .map(to_json)
        .collect::<Result<_, _>>()?;
    let matter_codes: Vec<&str> = reference.matters.iter().map(|m| m.code.as_str()).collect();
    let matter_bodies: Vec<serde_json::Value> = reference
        .matters
        .iter()
        .map(to_json)
        .collect::<Result<_, _>>()?;
    let mut tx = pool.begin().await?;
    // One import at a time, as for the catalog: the feed keeps only the latest reference, so
    // the one appended last must be the one that committed last.
    sqlx::query("SELECT pg_advisory_xact_lock(hashtextextended('notary-import', 0))")
        .execute(&mut *tx)
        .await?;
    let offices = sqlx::query(
        "INSERT INTO notary_offices (code, body)
         SELECT * FROM UNNEST($1::text[], $2::jsonb[])
         ON CONFLICT (code) DO UPDATE SET body = EXCLUDED.body, updated_at = now()
         WHERE notary_offices.body IS DISTINCT FROM EXCLUDED.body",
    )
    .bind(&office_codes)
    .bind(&office_bodies)
    .execute(&mut *tx)
    .await?;
    let matters = sqlx::query(
        "INSERT INTO notary_matters (code, body)
         SELECT * FROM UNNEST($1::text[], $2::jsonb[])
         ON CONFLICT (code) DO UPDATE SET body = EXCLUDED.body, updated_at = now()
         WHERE notary_matters.body IS DISTINCT FROM EXCLUDED.body",
    )
    .bind(&matter_codes)
    .bind(&matter_bodies)
    .execute(&mut *tx)
    .await?;
    let changed = offices.rows_affected() + matters.rows_affected() > 0;
    let published = append_notary_change(&mut tx, reference, changed).await?;
    tx.commit().await?;
    tracing::info!(
        offices = office_codes.len(),
        matters = matter_codes.len(),
        published,
        "notary reference data imported"
    );
    Ok(NotaryImportSummary {
        offices: office_codes.len(),
        matters: matter_codes.len(),
    })
}

/// Appends the reference devices should now use to the feed (for every site), when the
/// import changed something or the feed carries none yet: the imported offices and matters in
/// their order, then any others the server still holds (an import never removes one), so a
/// device books against the same data the server decides with. Returns whether it appended.
async fn append_notary_change(
    tx: &mut Tx<'_>,
    imported: &NotaryReference,
    changed: bool,
) -> Result<bool, ServerError> {
    if !changed {
        let published: bool = sqlx::query_scalar(
            "SELECT EXISTS (SELECT 1 FROM changes WHERE subject = 'notary_reference')",
        )
        .fetch_one(&mut **tx)
        .await?;
        if published {
            return Ok(false);
        }
    }
    let mut reference = imported.clone();
    let office_codes: Vec<&str> = imported.offices.iter().map(|o| o.code.as_str()).collect();
    let others: Vec<sqlx::types::Json<NotaryOffice>> = sqlx::query_scalar(
        "SELECT body FROM notary_offices WHERE NOT (code = ANY($1)) ORDER BY code",
    )
    .bind(&office_codes)
    .fetch_all(&mut **tx)
    .await?;
    reference.offices.extend(others.into_iter().map(|o| o.0));
    let matter_codes: Vec<&str> = imported.matters.iter().map(|m| m.code.as_str()).collect();
    let others: Vec<sqlx::types::Json<NotaryMatter>> = sqlx::query_scalar(
        "SELECT body FROM notary_matters WHERE NOT (code = ANY($1)) ORDER BY code",
    )
    .bind(&matter_codes)
    .fetch_all(&mut **tx)
    .await?;
    reference.matters.extend(others.into_iter().map(|m| m.0));
    let change = to_json(&Change::NotaryReference {
        reference: Box::new(reference),
    })?;
    sqlx::query("INSERT INTO changes (site_id, body) VALUES (NULL, $1)")
        .bind(change)
        .execute(&mut **tx)
        .await?;
    Ok(true)
}

fn to_json<T: serde::Serialize>(v: &T) -> Result<serde_json::Value, ServerError> {
    serde_json::to_value(v).map_err(|e| ServerError::Internal(e.to_string()))
}

fn rejected(code: &str, message: impl Into<String>) -> Outcome {
    Outcome::Rejected {
        code: code.to_string(),
        message: message.into(),
    }
}

fn rule(e: NotaryError) -> Outcome {
    rejected(e.code(), e.to_string())
}

/// Decides one booking mutation (book, cancel, reschedule) in its own transaction, with its
/// `applied_mutations` row (see `once`). Returns the outcome to answer; a replay gets the
/// stored one.
pub async fn apply(
    pool: &PgPool,
    device: &Device,
    mutation: &Mutation,
) -> Result<Outcome, ServerError> {
    crate::once::retrying(device, "booking", || apply_once(pool, device, mutation)).await
}

async fn apply_once(
    pool: &PgPool,
    device: &Device,
    mutation: &Mutation,
) -> Result<Outcome, ServerError> {
    let mut tx = pool.begin().await?;
    // Claim the mutation id (a concurrent push of the same id waits here for the first) and,
    // for a booking, read its office, its matter and whether it exists, in one round trip.
    let booking = match &mutation.body {
        MutationBody::BookSlot { booking } => Some(booking),
        _ => None,
    };
    let (claimed, office, matter, exists): (
        bool,
        Option<sqlx::types::Json<NotaryOffice>>,
        Option<sqlx::types::Json<NotaryMatter>>,
        bool,
    ) = sqlx::query_as(
        "WITH claim AS (
             INSERT INTO applied_mutations (mutation_id, device_id, result) VALUES ($1, $2, 'null')
             ON CONFLICT (mutation_id) DO NOTHING RETURNING mutation_id
         )
         SELECT EXISTS (SELECT 1 FROM claim),
                (SELECT body FROM notary_offices WHERE code = $3),
                (SELECT body FROM notary_matters WHERE code = $4),
                EXISTS (SELECT 1 FROM bookings WHERE id = $5)",
    )
    .bind(mutation.id)
    .bind(device.id)
    .bind(booking.map(|b| b.office_code.as_str()))
    .bind(booking.map(|b| b.matter_code.as_str()))
    .bind(booking.map(|b| b.id))
    .fetch_one(&mut *tx)
    .await?;
    if !claimed {
        let stored = crate::once::stored(&mut tx, mutation.id).await?;
        tx.rollback().await?;
        return Ok(stored);
    }
    // Server time decides, never the device's clock.
    let now = Utc::now();
    let decided = match &mutation.body {
        MutationBody::BookSlot { booking } => {
            let lookup = Lookup {
                office: office.map(|o| o.0),
                matter: matter.map(|m| m.0),
                exists,
            };
            book(&mut tx, device, mutation.id, booking, lookup, now).await?
        }
        MutationBody::CancelBooking {
            booking_id,
            cancel_code,
        } => Decided::answer(cancel(&mut tx, *booking_id, cancel_code, now).await?),
        MutationBody::RescheduleBooking {
            booking_id,
            new_slot_start,
            cancel_code,
        } => Decided::answer(
            reschedule(&mut tx, *booking_id, *new_slot_start, cancel_code, now).await?,
        ),
        MutationBody::SubmitApplication { .. }
        | MutationBody::SubmitLegalAid { .. }
        | MutationBody::StaffAudit { .. }
        | MutationBody::SubmitRating { .. } => {
            return Err(ServerError::Internal(
                "an application is not a booking mutation".into(),
            ))
        }
    };
    let outcome = decided.outcome;
    if !decided.recorded {
        crate::once::settle(&mut tx, mutation.id, &outcome).await?;
    }
    tx.commit().await?;
    Ok(outcome)
}

async fn office(tx: &mut Tx<'_>, code: &str) -> Result<Option<NotaryOffice>, ServerError> {
    let body: Option<sqlx::types::Json<NotaryOffice>> =
        sqlx::query_scalar("SELECT body FROM notary_offices WHERE code = $1")
            .bind(code)
            .fetch_optional(&mut **tx)
            .await?;
    Ok(body.map(|b| b.0))
}

/// Re-checks what the server can check without the database.
fn check_shape(device: &Device, booking: &Booking) -> Result<(), Outcome> {
    let code = booking.tracking_number.device_code();
    if !device.holds_code(code) {
        return Err(rejected(
            codes::BOOKING_MALFORMED,
            "the tracking number belongs to another device",
        ));
    }
    let hash = &booking.cancel_code_hash;
    if hash.len() != 64 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(rejected(
            codes::BOOKING_MALFORMED,
            "the cancel code hash is not a hex SHA-256",
        ));
    }
    if booking.office_code.trim().is_empty() || booking.matter_code.trim().is_empty() {
        return Err(rejected(
            codes::BOOKING_MALFORMED,
            "the office or matter code is missing",
        ));
    }
    Ok(())
}

/// Makes sure the slot's seat row exists (capacity from the calendar at first use).
async fn ensure_seat(
    tx: &mut Tx<'_>,
    office: &NotaryOffice,
    slot_start: DateTime<Utc>,
) -> Result<(), ServerError> {
    sqlx::query(
        "INSERT INTO slot_seats (office_code, slot_start, capacity, taken) VALUES ($1, $2, $3, 0)
         ON CONFLICT (office_code, slot_start) DO NOTHING",
    )
    .bind(&office.code)
    .bind(slot_start)
    .bind(office.calendar.capacity_per_slot.min(i32::MAX as u32) as i32)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Takes one seat if one is left. Waits for a concurrent decision on the same slot.
async fn take_seat(
    tx: &mut Tx<'_>,
    office_code: &str,
    slot_start: DateTime<Utc>,
) -> Result<bool, ServerError> {
    let taken: Option<i32> = sqlx::query_scalar(
        "UPDATE slot_seats SET taken = taken + 1
         WHERE office_code = $1 AND slot_start = $2 AND taken < capacity
         RETURNING taken",
    )
    .bind(office_code)
    .bind(slot_start)
    .fetch_optional(&mut **tx)
    .await?;
    Ok(taken.is_some())
}

async fn free_seat(
    tx: &mut Tx<'_>,
    office_code: &str,
    slot_start: DateTime<Utc>,
) -> Result<(), ServerError> {
    sqlx::query(
        "UPDATE slot_seats SET taken = taken - 1
         WHERE office_code = $1 AND slot_start = $2 AND taken > 0",
    )
    .bind(office_code)
    .bind(slot_start)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The nearest bookable slots with a seat left, as the seat table stands now.
async fn alternatives(
    tx: &mut Tx<'_>,
    office: &NotaryOffice,
    wanted: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<Vec<DateTime<Utc>>, ServerError> {
    let rows: Vec<(DateTime<Utc>, i32, i32)> = sqlx::query_as(
        "SELECT slot_start, taken, capacity FROM slot_seats
         WHERE office_code = $1 AND slot_start >= $2",
    )
    .bind(&office.code)
    .bind(now)
    .fetch_all(&mut **tx)
    .await?;
    // The stored row decides (staff may have closed or resized the slot): the calendar's
    // capacity less the seats the row has left.
    let cap = office.calendar.capacity_per_slot;
    let taken: HashMap<DateTime<Utc>, u32> = rows
        .into_iter()
        .map(|(start, taken, capacity)| {
            let left = (capacity - taken).max(0) as u32;
            (start, cap.saturating_sub(left))
        })
        .collect();
    Ok(nearest_free(
        &office.calendar,
        wanted,
        now,
        |s| {
            taken
                .get(&s.with_timezone(&Utc))
                .copied()
                .unwrap_or_default()
        },
        ALTERNATIVES_ON_REJECT,
    )
    .into_iter()
    .map(|s| s.start.with_timezone(&Utc))
    .collect())
}

#[allow(clippy::too_many_arguments)]
async fn append_booking_change(
    tx: &mut Tx<'_>,
    site_id: &str,
    booking_id: Uuid,
    tracking_number: &str,
    status: BookingStatus,
    slot_start: DateTime<Utc>,
    alternatives: Vec<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<(), ServerError> {
    let tracking_number = borderdesk_core::TrackingNumber::parse(tracking_number)
        .map_err(|e| ServerError::Internal(format!("stored tracking number: {e}")))?;
    let change = Change::Booking {
        booking_id,
        tracking_number,
        status,
        slot_start,
        alternatives,
        at: now,
    };
    let body = serde_json::to_value(&change).map_err(|e| ServerError::Internal(e.to_string()))?;
    sqlx::query("INSERT INTO changes (site_id, body) VALUES ($1, $2)")
        .bind(site_id)
        .bind(body)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Takes a seat in a slot nobody tried before, or in one that has room: the hot path is one
/// `UPDATE`, which waits only while another decision on the same slot is open.
async fn take_seat_or_open(
    tx: &mut Tx<'_>,
    office: &NotaryOffice,
    slot_start: DateTime<Utc>,
) -> Result<bool, ServerError> {
    // One statement: take a seat in an existing row with room, or open the row with the
    // first seat taken. `seen` says whether the row was there for this statement; when it was
    // and no seat came back, the slot is full (the UPDATE re-read its newest version).
    let (got, seen): (bool, bool) = sqlx::query_as(
        "WITH upd AS (
             UPDATE slot_seats SET taken = taken + 1
             WHERE office_code = $1 AND slot_start = $2 AND taken < capacity
             RETURNING taken
         ), ins AS (
             INSERT INTO slot_seats (office_code, slot_start, capacity, taken)
             SELECT $1, $2, $3, 1 WHERE NOT EXISTS (SELECT 1 FROM upd)
             ON CONFLICT (office_code, slot_start) DO NOTHING
             RETURNING taken
         )
         SELECT EXISTS (SELECT 1 FROM upd) OR EXISTS (SELECT 1 FROM ins),
                EXISTS (SELECT 1 FROM slot_seats WHERE office_code = $1 AND slot_start = $2)",
    )
    .bind(&office.code)
    .bind(slot_start)
    .bind(office.calendar.capacity_per_slot.min(i32::MAX as u32) as i32)
    .fetch_one(&mut **tx)
    .await?;
    if got || seen {
        return Ok(got);
    }
    // A concurrent decision opened the row meanwhile: try it as it stands now.
    take_seat(tx, &office.code, slot_start).await
}

async fn book(
    tx: &mut Tx<'_>,
    device: &Device,
    mutation_id: Uuid,
    booking: &Booking,
    lookup: Lookup,
    now: DateTime<Utc>,
) -> Result<Decided, ServerError> {
    if let Err(o) = check_shape(device, booking) {
        return Ok(Decided::answer(o));
    }
    let Lookup {
        office,
        matter,
        exists,
    } = lookup;
    if exists {
        // Decided before, under another mutation id.
        return Ok(Decided::answer(Outcome::Duplicate));
    }
    let Some(office) = office else {
        return Ok(Decided::answer(rejected(
            codes::NOTARY_OFFICE_UNKNOWN,
            "no such notary office",
        )));
    };
    if !office.matters.contains(&booking.matter_code) {
        return Ok(Decided::answer(rule(NotaryError::MatterNotOffered)));
    }
    let Some(matter) = matter else {
        return Ok(Decided::answer(rule(NotaryError::MatterNotOffered)));
    };
    if let Err(e) = borderdesk_core::notary::can_book_remotely(&matter) {
        return Ok(Decided::answer(rule(e)));
    }
    let person = match &booking.applicant_id_number {
        None => None,
        Some(raw) => match borderdesk_core::validate::id_number(raw, shanghai_date(&now)) {
            Ok(id) => Some(person_hash(tx, &id.value).await?),
            Err(e) => return Ok(Decided::answer(rejected(e.code(), e.to_string()))),
        },
    };
    // One booking per tracking number (a receipt's number stands for one booking), and only
    // so many a day from one device and for one person: one push cannot take every seat of
    // an office, nor one name every seat of a week.
    let (number_taken, today, for_person): (bool, i64, i64) = sqlx::query_as(
        "SELECT EXISTS (SELECT 1 FROM bookings WHERE tracking_number = $1 AND id <> $2),
                (SELECT count(*) FROM bookings WHERE device_id = $3
                    AND received_at > now() - interval '1 day'),
                (SELECT count(*) FROM bookings WHERE $4::bytea IS NOT NULL AND person_hash = $4
                    AND status <> 'rejected' AND received_at > now() - interval '1 day')",
    )
    .bind(booking.tracking_number.as_str())
    .bind(booking.id)
    .bind(device.id)
    .bind(&person)
    .fetch_one(&mut **tx)
    .await?;
    if number_taken {
        return Ok(Decided::answer(Outcome::Conflict {
            code: codes::TRACKING_NUMBER_TAKEN.to_string(),
            message: "this tracking number is already used by another booking".to_string(),
        }));
    }
    if today >= i64::from(crate::limits::limits().bookings_per_device_per_day) {
        return Ok(Decided::answer(rejected(
            codes::TOO_MANY_REQUESTS,
            "this device made as many bookings today as a device may",
        )));
    }
    if for_person >= i64::from(crate::limits::limits().bookings_per_person_per_day) {
        return Ok(Decided::answer(rejected(
            codes::BOOKINGS_PER_PERSON,
            "this person made as many bookings today as a person may",
        )));
    }
    let slot_start = booking.slot_start;
    let (status, outcome, alts) = match check_booking(&office.calendar, slot_start, now, 0) {
        // Never bookable (too soon, holiday, not a slot ...): rejected, with alternatives.
        Err(e) => {
            let alts = alternatives(tx, &office, slot_start, now).await?;
            (BookingStatus::Rejected, rule(e), alts)
        }
        Ok(()) => {
            if take_seat_or_open(tx, &office, slot_start).await? {
                (BookingStatus::Confirmed, Outcome::Applied, Vec::new())
            } else {
                let alts = alternatives(tx, &office, slot_start, now).await?;
                let outcome = Outcome::SlotTaken {
                    code: codes::SLOT_FULL.to_string(),
                    message: NotaryError::SlotFull.to_string(),
                    alternatives: alts.clone(),
                };
                (BookingStatus::Rejected, outcome, alts)
            }
        }
    };
    let change = Change::Booking {
        booking_id: booking.id,
        tracking_number: booking.tracking_number.clone(),
        status,
        slot_start,
        alternatives: alts.clone(),
        at: now,
    };
    let result = match outcome {
        Outcome::Applied => serde_json::Value::Null,
        ref other => to_json(other)?,
    };
    let phone = crate::sms::normalized_phone(booking.phone.as_deref());
    // A second number only with the citizen's word that its owner agreed, and never the
    // citizen's own again.
    let family_phone = booking
        .family_consent_at
        .and(crate::sms::normalized_phone(
            booking.family_phone.as_deref(),
        ))
        .filter(|f| phone.as_ref() != Some(f));
    let family_consent_at = family_phone
        .as_ref()
        .and(booking.family_consent_at.map(|t| t.min(now)));
    // The booking, its change and the mutation's result in one statement. A concurrent
    // mutation for the same booking id that got here first makes this fail with a unique
    // violation; the retry then answers duplicate.
    sqlx::query(
        "WITH booked AS (
             INSERT INTO bookings (id, office_code, matter_code, slot_start, status, tracking_number,
                                   device_id, site_id, cancel_code_hash, made_at, alternatives, phone,
                                   person_hash, family_phone, family_consent_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $15, $16, $17, $18)
         ), changed AS (
             INSERT INTO changes (site_id, body) VALUES ($8, $12)
         )
         UPDATE applied_mutations SET result = $14 WHERE mutation_id = $13",
    )
    .bind(booking.id)
    .bind(&booking.office_code)
    .bind(&booking.matter_code)
    .bind(slot_start)
    .bind(status.as_str())
    .bind(booking.tracking_number.as_str())
    .bind(device.id)
    .bind(&device.site_id)
    .bind(booking.cancel_code_hash.to_ascii_lowercase())
    .bind(booking.made_at)
    .bind(to_json(&alts)?)
    .bind(to_json(&change)?)
    .bind(mutation_id)
    .bind(result)
    .bind(&phone)
    .bind(&person)
    .bind(&family_phone)
    .bind(family_consent_at)
    .execute(&mut **tx)
    .await?;
    // A booking the server could not seat is answered at the kiosk (with the nearest free
    // slots) and sends no SMS: a forged one must not text someone's phone.
    if phone.is_some() && status == BookingStatus::Confirmed {
        crate::sms::plan_decision(tx, booking.id, status.as_str(), slot_start, now).await?;
        crate::sms::plan_reminders(tx, booking.id, slot_start, now).await?;
    }
    Ok(Decided {
        outcome,
        recorded: true,
    })
}

/// The keyed hash bookings are counted by per person: HMAC-SHA256 of the ID number with the
/// database's own key, so a copy of the bookings table names nobody.
async fn person_hash(tx: &mut Tx<'_>, id_number: &str) -> Result<Vec<u8>, ServerError> {
    use hmac::{Hmac, Mac};
    let key: Vec<u8> = sqlx::query_scalar("SELECT key FROM server_keys WHERE name = 'person'")
        .fetch_one(&mut **tx)
        .await?;
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(&key)
        .map_err(|_| ServerError::Internal("the person key cannot key an HMAC".into()))?;
    mac.update(id_number.as_bytes());
    Ok(mac.finalize().into_bytes().to_vec())
}

/// What the claim statement read for a booking.
struct Lookup {
    office: Option<NotaryOffice>,
    matter: Option<NotaryMatter>,
    exists: bool,
}

/// A decision and whether its result is already in `applied_mutations`.
struct Decided {
    outcome: Outcome,
    recorded: bool,
}

impl Decided {
    fn answer(outcome: Outcome) -> Self {
        Self {
            outcome,
            recorded: false,
        }
    }
}

/// A booking as stored, locked for this transaction.
struct Stored {
    office_code: String,
    slot_start: DateTime<Utc>,
    status: String,
    tracking_number: String,
    site_id: String,
    cancel_code_hash: String,
    phone: Option<String>,
}

async fn lock_booking(tx: &mut Tx<'_>, id: Uuid) -> Result<Option<Stored>, ServerError> {
    type Row = (
        String,
        DateTime<Utc>,
        String,
        String,
        String,
        String,
        Option<String>,
    );
    let row: Option<Row> = sqlx::query_as(
        "SELECT office_code, slot_start, status, tracking_number, site_id, cancel_code_hash, phone
         FROM bookings WHERE id = $1 FOR UPDATE",
    )
    .bind(id)
    .fetch_optional(&mut **tx)
    .await?;
    Ok(row.map(
        |(office_code, slot_start, status, tracking_number, site_id, cancel_code_hash, phone)| {
            Stored {
                office_code,
                slot_start,
                status,
                tracking_number,
                site_id,
                cancel_code_hash,
                phone,
            }
        },
    ))
}

/// Compares without stopping at the first differing byte.
fn same_hash(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    a.len() == b.len()
        && a.iter().zip(b).fold(0u8, |acc, (x, y)| {
            acc | (x.to_ascii_lowercase() ^ y.to_ascii_lowercase())
        }) == 0
}

/// Loads and checks a booking the citizen wants to cancel or move: it exists, the code is
/// right. `Err` is the answer to give.
async fn owned_booking(
    tx: &mut Tx<'_>,
    booking_id: Uuid,
    cancel_code: &str,
) -> Result<Result<(Stored, NotaryOffice), Outcome>, ServerError> {
    let Some(stored) = lock_booking(tx, booking_id).await? else {
        return Ok(Err(rejected(codes::BOOKING_NOT_FOUND, "no such booking")));
    };
    // Wrong codes are counted per booking (the row is locked: one after the other); after a
    // few, even the right one is refused here, so a code cannot be walked.
    let tried: i32 = sqlx::query_scalar("SELECT wrong_code_attempts FROM bookings WHERE id = $1")
        .bind(booking_id)
        .fetch_one(&mut **tx)
        .await?;
    if tried as i64 >= i64::from(crate::limits::limits().cancel_code_failures) {
        return Ok(Err(rejected(
            codes::CANCEL_CODE_LOCKED,
            "too many wrong cancel codes were tried against this booking",
        )));
    }
    if !same_hash(
        &cancel_code_hash(booking_id, cancel_code),
        &stored.cancel_code_hash,
    ) {
        sqlx::query(
            "UPDATE bookings SET wrong_code_attempts = wrong_code_attempts + 1 WHERE id = $1",
        )
        .bind(booking_id)
        .execute(&mut **tx)
        .await?;
        return Ok(Err(rejected(
            codes::CANCEL_CODE_WRONG,
            "the cancel code does not match this booking",
        )));
    }
    let Some(office) = office(tx, &stored.office_code).await? else {
        return Ok(Err(rejected(
            codes::NOTARY_OFFICE_UNKNOWN,
            "no such notary office",
        )));
    };
    Ok(Ok((stored, office)))
}

async fn cancel(
    tx: &mut Tx<'_>,
    booking_id: Uuid,
    cancel_code: &str,
    now: DateTime<Utc>,
) -> Result<Outcome, ServerError> {
    let (stored, office) = match owned_booking(tx, booking_id, cancel_code).await? {
        Ok(found) => found,
        Err(answer) => return Ok(answer),
    };
    match BookingStatus::parse(&stored.status) {
        Some(BookingStatus::Confirmed) => {}
        // Cancelled before: the seat was freed then, once.
        Some(BookingStatus::Cancelled) => return Ok(Outcome::Duplicate),
        _ => {
            return Ok(rejected(
                codes::BOOKING_NOT_ACTIVE,
                "the booking is not confirmed",
            ))
        }
    }
    if let Err(e) = check_cancel(&office.calendar, stored.slot_start, now) {
        return Ok(rule(e));
    }
    let done = sqlx::query(
        "UPDATE bookings SET status = 'cancelled', decided_at = now()
         WHERE id = $1 AND status = 'confirmed'",
    )
    .bind(booking_id)
    .execute(&mut **tx)
    .await?;
    if done.rows_affected() == 0 {
        return Ok(Outcome::Duplicate);
    }
    free_seat(tx, &stored.office_code, stored.slot_start).await?;
    crate::sms::drop_reminders(tx, booking_id).await?;
    if stored.phone.is_some() {
        crate::sms::plan_decision(tx, booking_id, "cancelled", stored.slot_start, now).await?;
    }
    append_booking_change(
        tx,
        &stored.site_id,
        booking_id,
        &stored.tracking_number,
        BookingStatus::Cancelled,
        stored.slot_start,
        Vec::new(),
        now,
    )
    .await?;
    Ok(Outcome::Applied)
}

async fn reschedule(
    tx: &mut Tx<'_>,
    booking_id: Uuid,
    new_start: DateTime<Utc>,
    cancel_code: &str,
    now: DateTime<Utc>,
) -> Result<Outcome, ServerError> {
    let (stored, office) = match owned_booking(tx, booking_id, cancel_code).await? {
        Ok(found) => found,
        Err(answer) => return Ok(answer),
    };
    if BookingStatus::parse(&stored.status) != Some(BookingStatus::Confirmed) {
        return Ok(rejected(
            codes::BOOKING_NOT_ACTIVE,
            "the booking is not confirmed",
        ));
    }
    if stored.slot_start == new_start {
        return Ok(Outcome::Duplicate);
    }
    if let Err(e) = check_reschedule(&office.calendar, stored.slot_start, new_start, now, 0) {
        return Ok(rule(e));
    }
    // Both seat rows exist, then are locked in one order: two moves in opposite directions
    // cannot deadlock.
    ensure_seat(tx, &office, new_start).await?;
    ensure_seat(tx, &office, stored.slot_start).await?;
    sqlx::query(
        "SELECT 1 FROM slot_seats WHERE office_code = $1 AND slot_start = ANY($2)
         ORDER BY slot_start FOR UPDATE",
    )
    .bind(&office.code)
    .bind(vec![stored.slot_start, new_start])
    .execute(&mut **tx)
    .await?;
    // The new seat first: if it is full, nothing changes.
    if !take_seat(tx, &office.code, new_start).await? {
        let alts = alternatives(tx, &office, new_start, now).await?;
        return Ok(Outcome::SlotTaken {
            code: codes::SLOT_FULL.to_string(),
            message: NotaryError::SlotFull.to_string(),
            alternatives: alts,
        });
    }
    free_seat(tx, &office.code, stored.slot_start).await?;
    sqlx::query("UPDATE bookings SET slot_start = $2, decided_at = now() WHERE id = $1")
        .bind(booking_id)
        .bind(new_start)
        .execute(&mut **tx)
        .await?;
    crate::sms::drop_reminders(tx, booking_id).await?;
    if stored.phone.is_some() {
        crate::sms::plan_reminders(tx, booking_id, new_start, now).await?;
        crate::sms::plan_decision(tx, booking_id, "rescheduled", new_start, now).await?;
    }
    append_booking_change(
        tx,
        &stored.site_id,
        booking_id,
        &stored.tracking_number,
        BookingStatus::Confirmed,
        new_start,
        Vec::new(),
        now,
    )
    .await?;
    Ok(Outcome::Applied)
}

/// Seats taken and confirmed bookings per slot of an office: what tests and the bench
/// compare to the capacity.
pub async fn seat_counts(
    pool: &PgPool,
    office_code: &str,
) -> Result<Vec<(DateTime<Utc>, i32, i32, i64)>, ServerError> {
    Ok(sqlx::query_as(
        "SELECT s.slot_start, s.capacity, s.taken,
                (SELECT count(*) FROM bookings b
                 WHERE b.office_code = s.office_code AND b.slot_start = s.slot_start
                   AND b.status = 'confirmed')
         FROM slot_seats s WHERE s.office_code = $1 ORDER BY s.slot_start",
    )
    .bind(office_code)
    .fetch_all(pool)
    .await?)
}
