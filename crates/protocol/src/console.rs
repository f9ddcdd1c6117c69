//! The county console's API (`/console/api/*`), used by the web page the server serves under
//! `/console`. A person logs in with their staff account; the session is a cookie
//! (`HttpOnly`, `SameSite=Strict`) and every request that changes something also carries the
//! session's CSRF token in [`CSRF_HEADER`].

use borderdesk_core::fleet::Attention;
use borderdesk_core::staff::ConsoleSection;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use utoipa::{IntoParams, ToSchema};

use crate::{DeviceSummary, StaffInfo};

/// The cookie that holds a console session's token (the server keeps only its SHA-256).
pub const SESSION_COOKIE: &str = "borderdesk_console";
/// The header that carries the session's CSRF token on every request that changes something.
pub const CSRF_HEADER: &str = "x-csrf-token";

/// A live console session: who, until when, which pages, and the CSRF token to send back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema, TS)]
#[ts(export)]
pub struct ConsoleSession {
    pub staff: StaffInfo,
    #[schema(value_type = Vec<String>)]
    pub sections: Vec<ConsoleSection>,
    pub csrf_token: String,
    /// The session ends then at the latest, and sooner after the idle time the server sets.
    pub expires_at: DateTime<Utc>,
}

/// One device in the fleet list, with why it needs attention (empty: it is fine).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema, TS)]
#[ts(export)]
pub struct FleetDevice {
    pub device: DeviceSummary,
    #[schema(value_type = Vec<String>)]
    pub attention: Vec<Attention>,
}

/// How many devices there are, and how many need which attention (over the whole fleet, not
/// only the page).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema, TS)]
#[ts(export)]
pub struct FleetTotals {
    pub devices: u32,
    pub revoked: u32,
    pub silent: u32,
    pub outbox_stuck: u32,
    pub set_aside: u32,
}

/// A page of the fleet, in the order the devices were enrolled; those needing attention say
/// why (and the `attention` filter lists them alone).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema, TS)]
#[ts(export)]
pub struct Fleet {
    pub items: Vec<FleetDevice>,
    pub next: Option<String>,
    pub totals: FleetTotals,
    /// The thresholds in force, in minutes, so the page can say what "silent" means.
    pub silent_after_minutes: u32,
    pub stuck_after_minutes: u32,
}

/// A staff account as the console lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema, TS)]
#[ts(export)]
pub struct StaffAccount {
    pub staff: StaffInfo,
    pub created_at: DateTime<Utc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub disabled_at: Option<DateTime<Utc>>,
}

/// `POST /console/api/staff/{user_name}/password`: a new password, set by an admin; every
/// session of the account ends.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema, TS)]
#[ts(export)]
pub struct PasswordReset {
    pub password: String,
}

impl std::fmt::Debug for PasswordReset {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PasswordReset { <hidden> }")
    }
}

/// `GET /console/api/audit`: the audit log narrowed to a person, a record and a period
/// (days in Asia/Shanghai, both included). Paged like every list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, IntoParams, TS)]
#[into_params(parameter_in = Query)]
#[ts(export)]
pub struct AuditSearch {
    /// A staff account's user name (exact).
    #[serde(default)]
    #[ts(optional)]
    pub user_name: Option<String>,
    /// A record: a user name, a device id, a tracking number (exact).
    #[serde(default)]
    #[ts(optional)]
    pub subject: Option<String>,
    #[serde(default)]
    #[param(value_type = Option<String>, format = Date)]
    #[ts(optional, type = "string")]
    pub from: Option<NaiveDate>,
    #[serde(default)]
    #[param(value_type = Option<String>, format = Date)]
    #[ts(optional, type = "string")]
    pub to: Option<NaiveDate>,
}

/// One line of the audit log as the console shows it: the line, and the names of the account,
/// the device and the member of staff who did it to the account (`detail.by`), as they are now.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema, TS)]
#[ts(export)]
pub struct AuditLine {
    pub entry: crate::AuditEntry,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub user_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub device_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub by_user_name: Option<String>,
}

/// A row of an uploaded reference file that cannot be used: where (for a CSV the line, the
/// header being line 1; for JSON the position in the array; 0 for the file as a whole), the
/// column when there is one, and what is wrong (the parser's words).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema, TS)]
#[ts(export)]
pub struct CatalogRowError {
    pub row: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub column: Option<String>,
    pub message: String,
}

/// `POST /console/api/catalog/check`: what an upload would do, before anything changes. With
/// any error nothing can be imported; otherwise `diff` says what the import would add and
/// change (an import removes nothing).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema, TS)]
#[ts(export)]
pub struct CatalogCheck {
    /// Items the file holds (0 when it has errors).
    pub rows: u32,
    pub errors: Vec<CatalogRowError>,
    #[schema(value_type = Object)]
    pub diff: borderdesk_core::catalog::CatalogDiff,
}

/// One catalog version: every import, and every return to an earlier version, makes one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema, TS)]
#[ts(export)]
pub struct CatalogVersion {
    #[ts(type = "number")]
    pub version: i64,
    pub imported_at: DateTime<Utc>,
    /// Items in the file (or in the version gone back to).
    pub rows: u32,
    /// Items the version added, changed or removed.
    pub changed: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub file_sha256: Option<String>,
    /// Who made it in the console (none for a shell import).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub by_user_name: Option<String>,
    /// The version this one went back to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional, type = "number")]
    pub restored_from: Option<i64>,
    /// The whole catalog as it stood after this version is kept, so one can see its
    /// differences and go back to it (versions from before the console have none).
    pub kept: bool,
}

/// `GET /console/api/catalog/versions/{version}/diff`: how the catalog after `version`
/// differs from the catalog after the kept version before it (`against`; none for the
/// first kept version, which is then compared with an empty catalog).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema, TS)]
#[ts(export)]
pub struct CatalogVersionDiff {
    #[ts(type = "number")]
    pub version: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional, type = "number")]
    pub against: Option<i64>,
    #[schema(value_type = Object)]
    pub diff: borderdesk_core::catalog::CatalogDiff,
}

/// `?name=` of an upload: the file's name, whose extension (`.csv`, `.json`) says its format
/// (by content otherwise).
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
pub struct UploadName {
    #[serde(default)]
    pub name: Option<String>,
}

/// `POST /console/api/enrollment-codes`: a one-time code that enrolls one device at `site_id`
/// under `name`, instead of the admin token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema, TS)]
#[ts(export)]
pub struct EnrollmentCodeRequest {
    pub site_id: String,
    pub name: String,
}

/// A code just made: shown once (the server keeps only its hash), as text and as a QR code
/// of `ticket` (the code and this server's address).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema, TS)]
#[ts(export)]
pub struct NewEnrollmentCode {
    pub pending: PendingEnrollment,
    /// `K7M2Q-9XAB3`.
    pub code: String,
    /// What the QR code says: `borderdesk-enroll:K7M2Q-9XAB3@https://…`.
    pub ticket: String,
    /// The QR code of `ticket`, an SVG image.
    pub qr_svg: String,
}

/// A code not yet used, cancelled or expired.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema, TS)]
#[ts(export)]
pub struct PendingEnrollment {
    pub id: uuid::Uuid,
    pub site_id: String,
    pub name: String,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub created_by: Option<String>,
}

/// An office as the console names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema, TS)]
#[ts(export)]
pub struct OfficeRef {
    pub code: String,
    #[schema(value_type = Object)]
    pub name: borderdesk_core::LocalizedText,
}

/// `GET /console/api/offices`: the offices whose pages this person may read (an admin every
/// one, an office's staff their own).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema, TS)]
#[ts(export)]
pub struct ConsoleOffices {
    pub notary: Vec<OfficeRef>,
    pub legal_aid: Vec<OfficeRef>,
}

/// A legal aid request past its time limit or the county's same-day target, as the console
/// lists it: no name and no matter (the office's desk in the app shows those).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema, TS)]
#[ts(export)]
pub struct OverdueRequest {
    pub tracking_number: String,
    pub kind: crate::LegalAidKind,
    pub status: crate::LegalAidStatus,
    pub urgent: bool,
    pub received_at: DateTime<Utc>,
    /// When the step now timed is due (none when the holidays of the year are not loaded).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub due: Option<DateTime<Utc>>,
    /// Past the Art. 43 time limit.
    pub overdue: bool,
    /// Past the county's 当日受理、当日指派 target.
    pub misses_target: bool,
}

/// `GET /console/api/offices/legal-aid/{code}/overdue`: every open request of the office
/// past its limit or target, most urgent first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema, TS)]
#[ts(export)]
pub struct OfficeOverdue {
    pub office_code: String,
    pub as_of: DateTime<Utc>,
    pub items: Vec<OverdueRequest>,
}

/// `?date=` of an office's SMS report (Asia/Shanghai).
#[derive(Debug, Clone, Deserialize, IntoParams)]
pub struct OfficeDateQuery {
    #[param(value_type = String, format = Date)]
    pub date: NaiveDate,
}

/// `POST /console/api/staff/{user_name}/assignment`: what an account is employed as and where
/// (the same checks as a new account's); its sessions end so the new permissions apply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema, TS)]
#[ts(export)]
pub struct StaffAssignment {
    #[schema(value_type = String, example = "clerk")]
    pub role: borderdesk_core::staff::Role,
    pub site_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub office_code: Option<String>,
}

/// The period of the county's 好差评 figures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, IntoParams, ToSchema)]
#[into_params(parameter_in = Query)]
pub struct RatingFiguresQuery {
    /// First day, Asia/Shanghai.
    #[param(value_type = String, format = Date)]
    pub from: NaiveDate,
    /// Last day (included), Asia/Shanghai.
    #[param(value_type = String, format = Date)]
    pub to: NaiveDate,
}

/// The county's 好差评 for a period (by the server's time of receipt): each rated service with
/// its count per level, and how the poor ones were followed up.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema, TS)]
#[ts(export)]
pub struct RatingFigures {
    #[schema(value_type = String, format = Date)]
    pub from: NaiveDate,
    #[schema(value_type = String, format = Date)]
    pub to: NaiveDate,
    /// Every service, in the order the kiosk offers them, with or without ratings.
    pub services: Vec<ServiceRatingFigures>,
}

/// One service's ratings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema, TS)]
#[ts(export)]
pub struct ServiceRatingFigures {
    #[schema(value_type = String)]
    pub service: borderdesk_core::rating::RatedService,
    pub given: u32,
    pub very_satisfied: u32,
    pub satisfied: u32,
    pub basic: u32,
    pub dissatisfied: u32,
    pub very_dissatisfied: u32,
    /// Poor ratings whose follow-up was recorded.
    pub followed_up: u32,
    /// Poor ratings past their follow-up deadline with none recorded.
    pub follow_up_overdue: u32,
    /// 好评率: 非常满意, 满意 and 基本满意 of all given, in per cent; none without ratings.
    #[ts(optional)]
    pub satisfied_percent: Option<f64>,
}
