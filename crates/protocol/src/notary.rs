//! Wire types of the notary office's side of video notarization (issue 6): the day's
//! bookings, marking them completed or missed, opening, closing and resizing slots, and the
//! SMS report (what was sent, what failed and why). Staff call these through an enrolled
//! device with a staff session; kiosks see the effect in `SlotAvailability` at once.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::BookingStatus;

/// `?office_code=…&date=…`: one office's day (Asia/Shanghai).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, IntoParams)]
pub struct OfficeDayQuery {
    pub office_code: String,
    /// `YYYY-MM-DD`, Asia/Shanghai.
    #[param(value_type = String, format = Date)]
    pub date: NaiveDate,
}

/// `GET /v1/sync/notary/day` (notary staff): the day's bookings and slots.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema, TS)]
#[ts(export)]
pub struct NotaryDay {
    pub office_code: String,
    #[schema(value_type = String, format = Date)]
    pub date: NaiveDate,
    /// Every slot of the day with its seats (capacity 0: closed by staff).
    pub slots: Vec<crate::SlotSeats>,
    /// Confirmed and cancelled bookings of the day, by time, one page (the slots come whole
    /// on every page). Never an ID number.
    pub bookings: Vec<DayBooking>,
    /// More bookings follow: send this back as `after`.
    pub next: Option<String>,
}

/// One booking as the clerk sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema, TS)]
#[ts(export)]
pub struct DayBooking {
    pub booking_id: Uuid,
    pub slot_start: DateTime<Utc>,
    pub matter_code: String,
    pub tracking_number: String,
    pub status: BookingStatus,
    /// Set once the slot has started and staff marked it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<BookingOutcome>,
    /// The reminder number with the middle digits hidden (`138****5678`), if one was given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_masked: Option<String>,
}

/// What happened at a confirmed booking's slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema, TS)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum BookingOutcome {
    Completed,
    NoShow,
}

impl BookingOutcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Completed => "completed",
            Self::NoShow => "no_show",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "completed" => Some(Self::Completed),
            "no_show" => Some(Self::NoShow),
            _ => None,
        }
    }
}

/// `POST /v1/sync/notary/bookings/{id}/outcome` (notary staff, `mark_booking`): once per
/// confirmed booking, after its slot has started.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct OutcomeRequest {
    pub outcome: BookingOutcome,
}

/// The recorded outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema, TS)]
#[ts(export)]
pub struct OutcomeRecorded {
    pub booking_id: Uuid,
    pub outcome: BookingOutcome,
    pub at: DateTime<Utc>,
}

/// What staff do to one slot. On the wire: `"close"`, `"open"` or
/// `{"resize": {"capacity": 3}}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema, TS)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum SlotAction {
    /// No more bookings (capacity 0); refused while the slot holds bookings.
    Close,
    /// Back to the calendar's capacity (never below the seats taken).
    Open,
    /// Any capacity not below the seats already taken.
    Resize { capacity: u32 },
}

/// `POST /v1/sync/notary/slots` (notary staff, `manage_calendar`). Answers the slot's
/// `SlotSeats` as it now stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema, TS)]
#[ts(export)]
pub struct SlotChangeRequest {
    pub office_code: String,
    pub slot_start: DateTime<Utc>,
    pub action: SlotAction,
}

/// Why an SMS is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema, TS)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum SmsKind {
    /// 24 hours before the slot.
    DayBefore,
    /// One hour before the slot.
    HourBefore,
    /// The server decided the booking: confirmed, rejected, cancelled or moved.
    Decision,
    /// A legal aid application reached a status the applicant is told of.
    LegalAidStatus,
}

impl SmsKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::DayBefore => "day_before",
            Self::HourBefore => "hour_before",
            Self::Decision => "decision",
            Self::LegalAidStatus => "legal_aid_status",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "day_before" => Some(Self::DayBefore),
            "hour_before" => Some(Self::HourBefore),
            "decision" => Some(Self::Decision),
            "legal_aid_status" => Some(Self::LegalAidStatus),
            _ => None,
        }
    }
}

/// Where a queued SMS stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema, TS)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum SmsStatus {
    /// Waiting for its time, or for a retry after a passing failure.
    Queued,
    Sent,
    /// Given up: a permanent failure, too many attempts, or too late to be useful.
    Failed,
}

impl SmsStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Queued => "queued",
            Self::Sent => "sent",
            Self::Failed => "failed",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "queued" => Some(Self::Queued),
            "sent" => Some(Self::Sent),
            "failed" => Some(Self::Failed),
            _ => None,
        }
    }
}

/// `GET /v1/sync/notary/sms?office_code=…&date=…` (notary staff): the messages about the
/// day's bookings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema, TS)]
#[ts(export)]
pub struct SmsReport {
    pub office_code: String,
    #[schema(value_type = String, format = Date)]
    pub date: NaiveDate,
    /// Oldest due first, one page.
    pub messages: Vec<SmsEntry>,
    /// More messages follow: send this back as `after`.
    pub next: Option<String>,
}

/// One message: what, for which booking, and how sending went.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema, TS)]
#[ts(export)]
pub struct SmsEntry {
    pub id: i64,
    pub booking_id: Uuid,
    pub tracking_number: String,
    pub slot_start: DateTime<Utc>,
    pub kind: SmsKind,
    /// For `decision`: the booking status it announces (`confirmed`, `rejected`,
    /// `cancelled`, `rescheduled`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event: Option<String>,
    pub status: SmsStatus,
    pub due_at: DateTime<Utc>,
    pub attempts: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sent_at: Option<DateTime<Utc>>,
    /// The gateway's id of the sent message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gateway_message_id: Option<String>,
    /// The last failure's code (the gateway's, or ours such as `too-late`) and text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_error_code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_error: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_masked: Option<String>,
}

/// Stable error codes of these endpoints (also Fluent ids).
pub mod notary_codes {
    /// Closing a slot that holds bookings.
    pub const SLOT_HAS_BOOKINGS: &str = "error-slot-has-bookings";
    /// Resizing (or opening) a slot below the seats already taken.
    pub const SLOT_BELOW_TAKEN: &str = "error-slot-below-taken";
    /// An outcome for a booking that is not confirmed.
    pub const OUTCOME_NOT_CONFIRMED: &str = "error-outcome-not-confirmed";
    /// An outcome before the slot has started.
    pub const OUTCOME_TOO_EARLY: &str = "error-outcome-too-early";
    /// The booking's outcome was recorded already.
    pub const OUTCOME_RECORDED: &str = "error-outcome-recorded";
}
