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

/// A page of the fleet, the devices needing attention first, then by site and name.
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

/// One line of the audit log as the console shows it: the line, and the names of the account
/// and device it names (as they are now).
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
}
