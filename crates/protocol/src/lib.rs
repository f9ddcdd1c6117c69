//! The sync API between a BorderDesk device and the BorderDesk server: what is pushed, what is
//! pulled, and how either side says no. Both sides compile against these types, so they cannot
//! drift; [`PROTOCOL_VERSION`] travels with every request so that a server can refuse an app it
//! can no longer understand, with a message the app can show.

use borderdesk_core::{Application, ApplicationStatus, CatalogItem, TrackingNumber};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

pub mod staff;
pub use staff::*;
pub mod notary;
pub use notary::*;
pub mod legal_aid;
pub use legal_aid::*;
pub mod desk;
pub use desk::*;
pub mod health;
pub use health::{DeviceHealth, DeviceSummary, HealthReport, PrinterState, ScannerFolderState};
pub mod console;
pub use console::{
    AuditLine, AuditSearch, CatalogCheck, CatalogRowError, CatalogVersion, CatalogVersionDiff,
    ConsoleOffices, ConsoleSession, EnrollmentCodeRequest, Fleet, FleetDevice, FleetTotals,
    NewEnrollmentCode, OfficeDateQuery, OfficeOverdue, OfficeRef, OverdueRequest, PasswordReset,
    PendingEnrollment, RatingFigures, RatingFiguresQuery, ServiceRatingFigures, StaffAccount,
    StaffAssignment, UploadName,
};
pub mod page;
pub use page::{KeyPart, Page, PageError, PageQuery};
pub mod updates;
pub use updates::{ReleaseSummary, RolloutRequest, UpdateManifest, UpdateQuery};

/// The version this build speaks.
pub const PROTOCOL_VERSION: u32 = 1;
/// The oldest version a server of this build still serves.
pub const MIN_SUPPORTED_VERSION: u32 = 1;
/// Header that carries the version on every request.
pub const PROTOCOL_HEADER: &str = "x-borderdesk-protocol";
/// Header that carries the app's own version (`MAJOR.MINOR.PATCH`) on every device request, so
/// that a county can require an update before a device sends more work.
pub const APP_VERSION_HEADER: &str = "x-borderdesk-app-version";
/// Most mutations one push may carry; the client sends smaller batches.
pub const MAX_PUSH_BATCH: usize = 1000;
/// Most changes one pull page holds.
pub const MAX_PULL_PAGE: u32 = 1000;
pub const DEFAULT_PULL_PAGE: u32 = 500;

/// One change made on a device. `id` is made on the device (UUIDv7) and is the idempotency
/// key: the server applies a mutation once however often it arrives.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Mutation {
    pub id: Uuid,
    #[serde(flatten)]
    #[schema(inline)]
    pub body: MutationBody,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "kind", content = "payload", rename_all = "snake_case")]
pub enum MutationBody {
    /// A citizen submitted an application at the device.
    SubmitApplication {
        #[schema(value_type = Object)]
        application: Application,
    },
    /// A citizen booked a video-notarization slot at the device. Online it is confirmed at
    /// once; offline it is `pending` on the receipt until the server decides at sync: the
    /// answer is `applied` (confirmed) or `slot_taken` with the nearest free alternatives.
    BookSlot { booking: Booking },
    /// Cancel a confirmed booking. `cancel_code` is the one-time code from the receipt; the
    /// server checks it against the booking's `cancel_code_hash` (see [`Booking`]) and keeps
    /// only the hash.
    CancelBooking {
        booking_id: Uuid,
        cancel_code: String,
    },
    /// Move a confirmed booking to another slot of the same office, atomically: either the
    /// new seat is taken and the old one freed, or nothing changes.
    RescheduleBooking {
        booking_id: Uuid,
        new_slot_start: DateTime<Utc>,
        cancel_code: String,
    },
    /// A citizen applied for legal aid or asked for a legal consultation at the device. The
    /// server routes it to the competent office (Art. 38) and answers `applied`; the office
    /// and every later status come on the feed as `Change::LegalAidStatus`.
    SubmitLegalAid { request: Box<LegalAidRequest> },
    /// One line of the device's log of staff logins (offline ones included), written in the
    /// same transaction as the line; the server adds it to its audit log once. Never a
    /// password, never a citizen's data.
    StaffAudit { entry: StaffAuditUpload },
    /// A citizen rated a finished transaction of this device (好差评), once per transaction.
    /// The server keeps it with the site, and a poor one goes to the site's desk queue.
    SubmitRating { rating: RatingUpload },
}

/// A rating as the device sends it: what was rated (by its tracking number), the level and the
/// reasons ticked (codes of the rating reference). No personal data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct RatingUpload {
    /// Made on the device (UUIDv7).
    pub id: Uuid,
    #[schema(value_type = String, example = "application")]
    pub service: borderdesk_core::rating::RatedService,
    pub tracking_number: String,
    #[schema(value_type = String, example = "dissatisfied")]
    pub level: borderdesk_core::rating::RatingLevel,
    #[serde(default)]
    pub reasons: Vec<String>,
    pub rated_at: DateTime<Utc>,
}

/// A video-notarization booking as the device makes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Booking {
    /// Made on the device (UUIDv7).
    pub id: Uuid,
    pub office_code: String,
    pub matter_code: String,
    /// The slot's start; the server compares instants, so any offset reads the same.
    pub slot_start: DateTime<Utc>,
    #[schema(value_type = String)]
    pub tracking_number: TrackingNumber,
    /// Lowercase hex SHA-256 of `"{id}:{code}"` (the booking id in hyphenated lowercase form,
    /// a colon, the one-time cancel code as printed). The clear code is never stored.
    pub cancel_code_hash: String,
    /// Device clock: shown, never used to decide anything.
    pub made_at: DateTime<Utc>,
    /// Mobile number for the decision and the reminders (SMS); never logged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// The applicant's ID number, so that the server can count one person's bookings. The
    /// server keeps only a keyed hash of it (never the number) and refuses a malformed one.
    /// Devices older than this field send none; their bookings are counted per device only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub applicant_id_number: Option<String>,
    /// A family member's mobile number that gets the same SMS (an elderly citizen's son or
    /// daughter), with when the citizen said the family member agreed; without that time the
    /// server keeps no second number. Never logged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub family_phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub family_consent_at: Option<DateTime<Utc>>,
}

/// Where a booking stands on the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema, TS)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum BookingStatus {
    Confirmed,
    Rejected,
    Cancelled,
}

impl BookingStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Confirmed => "confirmed",
            Self::Rejected => "rejected",
            Self::Cancelled => "cancelled",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "confirmed" => Some(Self::Confirmed),
            "rejected" => Some(Self::Rejected),
            "cancelled" => Some(Self::Cancelled),
            _ => None,
        }
    }
}

impl MutationBody {
    pub fn kind(&self) -> &'static str {
        match self {
            Self::SubmitApplication { .. } => "submit_application",
            Self::BookSlot { .. } => "book_slot",
            Self::CancelBooking { .. } => "cancel_booking",
            Self::RescheduleBooking { .. } => "reschedule_booking",
            Self::SubmitLegalAid { .. } => "submit_legal_aid",
            Self::StaffAudit { .. } => "staff_audit",
            Self::SubmitRating { .. } => "submit_rating",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct PushRequest {
    pub protocol: u32,
    pub mutations: Vec<Mutation>,
}

/// The server's answer for one mutation, in the order they were pushed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct MutationResult {
    pub id: Uuid,
    #[serde(flatten)]
    pub outcome: Outcome,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema, TS)]
#[serde(tag = "outcome", rename_all = "snake_case")]
#[ts(export)]
pub enum Outcome {
    /// Applied now.
    Applied,
    /// Applied before (a retry); nothing changed.
    Duplicate,
    /// Never applicable (bad data): the device marks it rejected and moves on.
    Rejected { code: String, message: String },
    /// Applicable in principle, but it clashes with what the server holds.
    Conflict { code: String, message: String },
    /// A booking (or a reschedule) found its slot full: the `alternatives` are the nearest
    /// slots of the same office with a seat left when the server decided (at most three),
    /// nearest first. Nothing was booked.
    SlotTaken {
        code: String,
        message: String,
        alternatives: Vec<DateTime<Utc>>,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct PushResponse {
    pub results: Vec<MutationResult>,
    pub server_time: DateTime<Utc>,
}

/// `GET /v1/sync/pull?cursor=...&limit=...`
#[derive(
    Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema, utoipa::IntoParams,
)]
pub struct PullQuery {
    /// Opaque; absent on the first pull.
    pub cursor: Option<String>,
    pub limit: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct PullResponse {
    pub changes: Vec<Change>,
    /// Where the next pull starts. Save it in the same transaction as the changes.
    pub cursor: String,
    pub has_more: bool,
    /// The cursor sent was from an earlier life of the server: drop cached server data and
    /// pull again from the start.
    pub reset: bool,
    pub server_time: DateTime<Utc>,
}

/// One entry of the change feed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "entity", rename_all = "snake_case")]
pub enum Change {
    /// An application's status moved (set by the handling office).
    ApplicationStatus {
        application_id: Uuid,
        #[schema(value_type = String)]
        tracking_number: TrackingNumber,
        #[schema(value_type = String)]
        status: ApplicationStatus,
        note: Option<String>,
        at: DateTime<Utc>,
    },
    /// A catalog item was added or changed.
    CatalogItem {
        #[schema(value_type = Object)]
        item: Box<CatalogItem>,
    },
    /// A catalog item was withdrawn (tombstone).
    CatalogItemRemoved { code: String },
    /// The notary reference data (offices with their calendars, matters) as the server holds
    /// it after an import; the latest one replaces the device's copy.
    NotaryReference {
        #[schema(value_type = Object)]
        reference: Box<borderdesk_core::notary::NotaryReference>,
    },
    /// The legal aid reference data (offices, routing rules, hardship standards) as the server
    /// holds it after an import; the latest one replaces the device's copy, so a kiosk routes
    /// and checks eligibility offline as the server would.
    LegalAidReference {
        #[schema(value_type = Object)]
        reference: Box<borderdesk_core::legal_aid::LegalAidReference>,
    },
    /// The reasons offered with a poor rating (好差评) as the county last imported them; the
    /// latest list replaces the device's.
    RatingReasons {
        #[schema(value_type = Vec<Object>)]
        reasons: borderdesk_core::rating::RatingReasons,
    },
    /// The server decided a booking made at this site: confirmed, rejected (with the nearest
    /// free alternatives) or cancelled; a reschedule comes as `confirmed` with the new slot.
    Booking {
        booking_id: Uuid,
        #[schema(value_type = String)]
        tracking_number: TrackingNumber,
        status: BookingStatus,
        slot_start: DateTime<Utc>,
        #[serde(default)]
        alternatives: Vec<DateTime<Utc>>,
        at: DateTime<Utc>,
    },
    /// A legal aid request or consultation made at this site moved: received by an office
    /// (with the office and why), accepted, materials asked for, approved, refused (the
    /// reasons in `note`), a lawyer assigned (`lawyer`), transferred, answered.
    LegalAidStatus {
        request_id: Uuid,
        #[schema(value_type = String)]
        tracking_number: TrackingNumber,
        kind: LegalAidKind,
        status: LegalAidStatus,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        note: Option<String>,
        #[schema(value_type = Object)]
        office: Box<borderdesk_core::legal_aid::LegalAidOffice>,
        /// Fluent ids of why this office (routing reason and notes), at receipt.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        routing_notes: Vec<String>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        missing_materials: Vec<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        lawyer: Option<LawyerContact>,
        #[serde(default)]
        urgent: bool,
        at: DateTime<Utc>,
    },
    /// A change this version of the app does not know (the server is newer): skipped, so one
    /// kind of data added later never stops a device's sync. Never sent.
    #[serde(other)]
    Unknown,
}

/// `POST /v1/devices` (admin): enroll a device at a site.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct EnrollRequest {
    pub name: String,
    pub site_id: String,
    /// The provisional code the device already used for tracking numbers, if any; the server
    /// keeps it when no other device holds it.
    pub provisional_code: Option<u32>,
}

/// `POST /v1/devices/enroll` (no token): enrolls this device with a one-time code an admin
/// made in the console; the site and name are the code's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct RedeemEnrollmentRequest {
    /// As typed or scanned (`K7M2Q-9XAB3`, any case, with or without the dash).
    pub code: String,
    /// As in [`EnrollRequest`].
    pub provisional_code: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct EnrollResponse {
    pub device_id: Uuid,
    /// Shown once; the server keeps only its hash.
    pub device_token: String,
    pub device_code: u32,
    pub site_id: String,
    /// The site's LAN key, 32 bytes as 64 hex digits: the devices of the site sign their calls
    /// for help on the hall's LAN with it (see [`SiteKeyResponse`]). Absent from a server that
    /// has none yet; the device then asks `GET /v1/sync/site-key`.
    #[serde(default)]
    pub lan_key: Option<String>,
}

/// `GET /v1/sync/site-key` (device): the LAN key of the device's site, for a device enrolled
/// before there were LAN keys. Secret: it lets whoever holds it call for help, and take calls,
/// on the site's LAN.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct SiteKeyResponse {
    pub site_id: String,
    /// 32 bytes as 64 hex digits.
    pub lan_key: String,
}

/// `POST /v1/admin/applications/{tracking_number}/status` (admin, until clerk screens exist).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct SetStatusRequest {
    #[schema(value_type = String)]
    pub status: ApplicationStatus,
    pub note: Option<String>,
}

/// An application as the server holds it, with its history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ServerApplication {
    pub id: Uuid,
    #[schema(value_type = String)]
    pub tracking_number: TrackingNumber,
    pub item_code: String,
    #[schema(value_type = String)]
    pub status: ApplicationStatus,
    pub device_id: Uuid,
    pub site_id: String,
    pub received_at: DateTime<Utc>,
    pub history: Vec<ServerStatusChange>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ServerStatusChange {
    #[schema(value_type = String)]
    pub status: ApplicationStatus,
    pub note: Option<String>,
    pub at: DateTime<Utc>,
}

/// `POST /v1/sync/track` (device): a citizen checks an application at any kiosk. The last
/// four characters of the applicant's ID number prove it is theirs; they travel in the body,
/// never in a URL.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct TrackRequest {
    #[schema(value_type = String)]
    pub tracking_number: TrackingNumber,
    pub id_last_four: String,
}

/// What a kiosk may show about an application it did not take: no personal data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct TrackResponse {
    pub application_id: Uuid,
    #[schema(value_type = String)]
    pub tracking_number: TrackingNumber,
    pub item_code: String,
    #[schema(value_type = String)]
    pub status: ApplicationStatus,
    pub submitted_at: DateTime<Utc>,
    pub history: Vec<ServerStatusChange>,
}

/// Every error the server sends: a stable code (also the app's Fluent id) and an English
/// message for logs and curl users.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ErrorBody {
    pub code: String,
    pub message: String,
}

/// The stable error codes of the API.
/// `POST /v1/sync/attachments` (device): announces a file of one of this device's
/// applications before its bytes go up. Sent again after a cut, it changes nothing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct AttachmentUpload {
    pub id: Uuid,
    pub application_id: Uuid,
    pub material_index: u32,
    #[schema(value_type = String)]
    pub kind: borderdesk_core::attachment::AttachmentKind,
    pub size: u64,
    /// SHA-256 of the whole file, lowercase hex: checked when the last byte arrives.
    pub sha256: String,
}

/// How much of a file the server holds. An upload resumes at `received`; bytes go up with
/// `PUT /v1/sync/attachments/{id}?offset=N` in pieces of at most [`MAX_UPLOAD_CHUNK`] bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct AttachmentState {
    pub id: Uuid,
    pub received: u64,
    pub size: u64,
    pub complete: bool,
}

/// Query of the attachment content upload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, IntoParams)]
pub struct UploadQuery {
    /// Where this piece starts; must equal what the server holds.
    pub offset: u64,
}

/// `POST /v1/sync/drafts` (device): an unfinished application saved with a resume code, so it
/// can be resumed at another kiosk. The server cannot read it: `sealed` is encrypted with a
/// key derived from the code, which only the printed slip holds; `lookup` is derived from the
/// code the same slow way, so the table does not lead back to codes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct DraftUpload {
    pub id: Uuid,
    /// 64 hex digits.
    pub lookup: String,
    /// Base64 of nonce + ciphertext; at most [`MAX_DRAFT_BYTES`] characters.
    pub sealed: String,
    pub item_code: String,
    pub expires_at: DateTime<Utc>,
}

/// `POST /v1/sync/drafts/open` (device): hands a saved application out to carry on with;
/// `POST /v1/sync/drafts/claim`: uses its code up (submitted or saved again).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct DraftClaim {
    pub lookup: String,
}

/// A draft handed out; after a claim the server keeps nothing of its content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ClaimedDraft {
    pub id: Uuid,
    pub sealed: String,
    pub item_code: String,
}

/// Largest sealed draft (answers only; files are not part of a draft).
pub const MAX_DRAFT_BYTES: usize = 256 * 1024;

/// `GET /v1/sync/notary/availability?office_code=…` (device): seats per slot of an office's
/// calendar from now to its booking horizon, as the server counts them. Devices cache it and
/// show how fresh it is ("as of 10:42").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema, TS)]
#[ts(export)]
pub struct SlotAvailability {
    pub office_code: String,
    pub as_of: DateTime<Utc>,
    pub slots: Vec<SlotSeats>,
}

/// One slot: how many appointments it takes and how many are taken. A slot the office
/// closed has capacity 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema, TS)]
#[ts(export)]
pub struct SlotSeats {
    pub slot_start: DateTime<Utc>,
    pub capacity: u32,
    pub taken: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, IntoParams)]
pub struct AvailabilityQuery {
    pub office_code: String,
}

/// `POST /v1/sync/staff-calls` (device): a citizen at this kiosk asks for help. Sent again
/// after a cut, it changes nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct StaffCallRequest {
    pub id: Uuid,
}

/// A call for help as the clerk desks of the site see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema, TS)]
#[ts(export)]
pub struct StaffCall {
    pub id: Uuid,
    /// The kiosk's name as enrolled ("罗阳镇便民服务中心 自助机1").
    pub device_name: String,
    pub called_at: DateTime<Utc>,
}

/// Largest piece of one attachment upload request.
pub const MAX_UPLOAD_CHUNK: usize = 1024 * 1024;

pub mod codes {
    pub const UNAUTHORIZED: &str = "error-unauthorized";
    pub const FORBIDDEN: &str = "error-forbidden";
    /// A console request that changes something came without its session's CSRF token.
    pub const CSRF_TOKEN_INVALID: &str = "error-csrf-token-invalid";
    /// An uploaded reference file has rows that cannot be used (`rows`: how many problems);
    /// nothing changed.
    pub const CATALOG_FILE_BAD: &str = "error-catalog-file-bad";
    /// The catalog version asked for keeps no copy of the catalog (made before the console).
    pub const CATALOG_VERSION_NOT_KEPT: &str = "error-catalog-version-not-kept";
    /// Going back to a catalog version would withdraw items that applications still being
    /// handled are for.
    pub const CATALOG_ITEMS_IN_USE: &str = "error-catalog-items-in-use";
    /// No enrollment code matches (or it was used, cancelled, or expired).
    pub const ENROLLMENT_CODE_UNKNOWN: &str = "error-enrollment-code-unknown";
    /// An admin has as many open enrollment codes as the setting allows.
    pub const ENROLLMENT_CODES_TOO_MANY: &str = "error-enrollment-codes-too-many";
    pub const PROTOCOL_UNSUPPORTED: &str = "error-protocol-unsupported";
    /// The county requires a newer app before this device syncs again; it may still update.
    pub const APP_VERSION_OLD: &str = "error-app-version-old";
    pub const BAD_REQUEST: &str = "error-bad-request";
    pub const PAYLOAD_TOO_LARGE: &str = "error-payload-too-large";
    pub const BATCH_TOO_LARGE: &str = "error-batch-too-large";
    pub const NOT_FOUND: &str = "error-not-found";
    pub const CURSOR_INVALID: &str = "error-cursor-invalid";
    /// `limit` of a list route is not a whole number of at least 1.
    pub const PAGE_LIMIT_INVALID: &str = "error-page-limit-invalid";
    /// `after` of a list route is not a page cursor of that list.
    pub const PAGE_CURSOR_INVALID: &str = "error-page-cursor-invalid";
    pub const SITE_MISMATCH: &str = "error-site-mismatch";
    pub const TRACKING_NUMBER_TAKEN: &str = "error-tracking-number-taken";
    /// The slot is full (`Outcome::SlotTaken`); same id as core's `NotaryError::SlotFull`.
    pub const SLOT_FULL: &str = "error-slot-full";
    pub const BOOKING_NOT_FOUND: &str = "error-booking-not-found";
    pub const CANCEL_CODE_WRONG: &str = "error-cancel-code-wrong";
    /// The booking is not confirmed (rejected or cancelled already).
    pub const BOOKING_NOT_ACTIVE: &str = "error-booking-not-active";
    pub const BOOKING_MALFORMED: &str = "error-booking-malformed";
    pub const NOTARY_OFFICE_UNKNOWN: &str = "error-notary-office-unknown";
    /// An upload piece does not start where the server's copy ends; ask and resume.
    pub const UPLOAD_OFFSET: &str = "error-upload-offset";
    /// The whole file does not match its announced SHA-256; the upload starts over.
    pub const UPLOAD_CHECKSUM: &str = "error-upload-checksum";
    /// No saved application has this resume code.
    pub const RESUME_CODE_UNKNOWN: &str = "error-resume-code-unknown";
    /// The saved application was resumed already (codes work once).
    pub const RESUME_CODE_USED: &str = "error-resume-code-used";
    /// The saved application was kept for its seven days and is gone.
    pub const RESUME_CODE_EXPIRED: &str = "error-resume-code-expired";
    pub const INTERNAL: &str = "error-internal";
    /// The server could not apply this one mutation (a value it cannot store, a rule it
    /// breaks); the rest of its batch applied. It is set aside on the device for staff.
    pub const MUTATION_UNAPPLIABLE: &str = "error-mutation-unappliable";
    /// This device (or this tracking number) asked too often; `Retry-After` says when to
    /// ask again.
    pub const TOO_MANY_REQUESTS: &str = "error-too-many-requests";
    /// Too many wrong cancel codes were tried against this booking: it can be cancelled or
    /// moved only at the notary office now.
    pub const CANCEL_CODE_LOCKED: &str = "error-cancel-code-locked";
    /// One person (by ID number) made as many bookings in a day as a person may.
    pub const BOOKINGS_PER_PERSON: &str = "error-bookings-per-person";
    /// Text holds a NUL or another control character (core's `TextControlCharacter`).
    pub const TEXT_CONTROL_CHARACTER: &str = "error-text-control-character";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mutation_reads_as_kind_and_payload_on_the_wire() {
        let app = Application {
            id: Uuid::nil(),
            tracking_number: TrackingNumber::issue(borderdesk_core::DeviceCode(10001), 1).unwrap(),
            item_code: "ZM-HJ-001".into(),
            answers: Default::default(),
            status: ApplicationStatus::Submitted,
            submitted_at: DateTime::from_timestamp(0, 0).unwrap(),
            assisted_by: None,
        };
        let m = Mutation {
            id: Uuid::nil(),
            body: MutationBody::SubmitApplication { application: app },
        };
        let v = serde_json::to_value(&m).unwrap();
        assert_eq!(v["kind"], "submit_application");
        assert_eq!(v["payload"]["application"]["item_code"], "ZM-HJ-001");
        let back: Mutation = serde_json::from_value(v).unwrap();
        assert_eq!(back, m);
    }

    #[test]
    fn a_change_this_version_does_not_know_is_read_as_unknown_and_the_rest_of_the_page_stays() {
        let page: PullResponse = serde_json::from_value(serde_json::json!({
            "changes": [
                {"entity": "something_added_next_year", "payload": {"x": 1}},
                {"entity": "catalog_item_removed", "code": "ZM-HJ-001"}
            ],
            "cursor": "c2",
            "has_more": false,
            "reset": false,
            "server_time": "2026-12-08T00:00:00Z"
        }))
        .unwrap();
        assert_eq!(page.changes[0], Change::Unknown);
        assert_eq!(
            page.changes[1],
            Change::CatalogItemRemoved {
                code: "ZM-HJ-001".into()
            }
        );
    }

    #[test]
    fn outcomes_are_tagged() {
        let r = MutationResult {
            id: Uuid::nil(),
            outcome: Outcome::Rejected {
                code: "error-x".into(),
                message: "no".into(),
            },
        };
        let v = serde_json::to_value(&r).unwrap();
        assert_eq!(v["outcome"], "rejected");
        assert_eq!(v["code"], "error-x");
        let d = serde_json::to_value(MutationResult {
            id: Uuid::nil(),
            outcome: Outcome::Duplicate,
        })
        .unwrap();
        assert_eq!(d["outcome"], "duplicate");
    }

    #[test]
    fn booking_mutations_and_slot_taken_read_back() {
        let b = Booking {
            id: Uuid::nil(),
            office_code: "GZC-330329".into(),
            matter_code: "GZ-QSGX".into(),
            slot_start: DateTime::from_timestamp(1_800_000_000, 0).unwrap(),
            tracking_number: TrackingNumber::issue(borderdesk_core::DeviceCode(10001), 2).unwrap(),
            cancel_code_hash: "ab".repeat(32),
            made_at: DateTime::from_timestamp(0, 0).unwrap(),
            phone: None,
            applicant_id_number: None,
            family_phone: None,
            family_consent_at: None,
        };
        let m = Mutation {
            id: Uuid::nil(),
            body: MutationBody::BookSlot { booking: b },
        };
        let v = serde_json::to_value(&m).unwrap();
        assert_eq!(v["kind"], "book_slot");
        assert_eq!(m.body.kind(), "book_slot");
        assert_eq!(serde_json::from_value::<Mutation>(v).unwrap(), m);
        let t = serde_json::to_value(Outcome::SlotTaken {
            code: codes::SLOT_FULL.into(),
            message: "full".into(),
            alternatives: vec![DateTime::from_timestamp(1_800_000_000, 0).unwrap()],
        })
        .unwrap();
        assert_eq!(t["outcome"], "slot_taken");
        assert_eq!(t["alternatives"].as_array().unwrap().len(), 1);
        // The old variants keep their wire form.
        let c = serde_json::to_value(Outcome::Conflict {
            code: "x".into(),
            message: "y".into(),
        })
        .unwrap();
        assert_eq!(
            c,
            serde_json::json!({"outcome": "conflict", "code": "x", "message": "y"})
        );
    }
}
