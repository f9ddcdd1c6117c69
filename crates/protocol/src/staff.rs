//! Staff accounts on the wire: an admin creates an account, a member of staff logs in through
//! an enrolled device and gets a session token plus a credential the device caches for offline
//! logins, and an admin reads the audit log.

use borderdesk_core::staff::Role;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use utoipa::ToSchema;
use uuid::Uuid;

/// Header that carries a staff session token (`Bearer <token>` or the bare token), next to the
/// device's own `Authorization: Bearer` token.
pub const STAFF_HEADER: &str = "x-borderdesk-staff";

/// `POST /v1/sync/staff/login` (device). Sent only over the device's authenticated channel.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct LoginRequest {
    pub user_name: String,
    pub password: String,
}

impl std::fmt::Debug for LoginRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LoginRequest")
            .field("user_name", &self.user_name)
            .field("password", &"<hidden>")
            .finish()
    }
}

/// Who is logged in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema, TS)]
#[ts(export)]
pub struct StaffInfo {
    pub id: Uuid,
    pub user_name: String,
    pub display_name: String,
    #[schema(value_type = String, example = "clerk")]
    pub role: Role,
    pub site_id: String,
    /// The office a legal aid officer or a member of notary staff works for (`LA-330329`,
    /// `GZC-330329`); their desk opens on it and the server refuses any other. None for the
    /// roles not tied to an office.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub office_code: Option<String>,
}

/// What lets a device log this person in while the server cannot be reached: an argon2id
/// hash of the password in PHC form (`$argon2id$v=19$...`), made for this login with its own
/// salt, and when the server issued it (offline logins end
/// [`borderdesk_core::staff::OFFLINE_LOGIN_DAYS`] later).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct OfflineCredential {
    pub password_hash: String,
    pub issued_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct LoginResponse {
    /// Send it in the `x-borderdesk-staff` header; the server keeps only its SHA-256.
    pub session_token: String,
    pub staff: StaffInfo,
    pub expires_at: DateTime<Utc>,
    pub offline_credential: OfflineCredential,
}

/// `POST /v1/admin/staff` (admin): an account with an initial password (at least 8
/// characters).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema, TS)]
#[ts(export)]
pub struct CreateStaffRequest {
    pub user_name: String,
    pub display_name: String,
    #[schema(value_type = String, example = "clerk")]
    pub role: Role,
    pub site_id: String,
    /// Required for `legal_aid_officer` (a legal aid office's code) and `notary_staff` (a
    /// notary office's code), checked against the reference data; refused for other roles.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub office_code: Option<String>,
    pub password: String,
}

impl std::fmt::Debug for CreateStaffRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CreateStaffRequest")
            .field("user_name", &self.user_name)
            .field("role", &self.role)
            .field("site_id", &self.site_id)
            .field("office_code", &self.office_code)
            .finish_non_exhaustive()
    }
}

/// One line of the audit log: who (staff and device) did what to which subject. Never personal
/// data of citizens and never a password; `subject` is a user name or a record id.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema, TS)]
#[ts(export)]
pub struct AuditEntry {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub staff_id: Option<Uuid>,
    pub device_id: Option<Uuid>,
    /// `login`, `login_failed`, `login_refused_locked`, `account_locked`, `login_refused_disabled`,
    /// `logout`, `staff_created`, ...
    pub action: String,
    pub subject: Option<String>,
    #[schema(value_type = Object)]
    #[ts(type = "Record<string, unknown>")]
    pub detail: serde_json::Value,
}

/// A line of a device's own log of staff logins, uploaded through the outbox
/// (`MutationBody::StaffAudit`): who (the account's id and user name, only for accounts the
/// device knows), what (`offline_login`, `offline_login_failed`, `offline_login_refused_locked`,
/// `offline_login_expired`, `offline_account_locked`, `offline_login_refused_wrong_site`,
/// `online_login`, `logout`), when (device clock) and codes and counts. Never a password,
/// never a citizen's data: the server refuses a line whose detail is anything but a few short
/// codes and numbers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct StaffAuditUpload {
    /// Device clock.
    pub at: DateTime<Utc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub staff_id: Option<Uuid>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_name: Option<String>,
    pub action: String,
    #[schema(value_type = Object)]
    #[serde(default)]
    pub detail: serde_json::Value,
}

/// The actions a device's audit log may upload: its logins, and the support engineer's
/// `outbox_retry` and `outbox_discard` of a set-aside entry (`borderdesk-ctl`).
pub const DEVICE_AUDIT_ACTIONS: [&str; 10] = [
    "offline_login",
    "offline_login_failed",
    "offline_login_refused_locked",
    "offline_login_expired",
    "offline_account_locked",
    "offline_login_refused_wrong_site",
    "online_login",
    "logout",
    "outbox_retry",
    "outbox_discard",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_login_request_never_prints_its_password() {
        let r = LoginRequest {
            user_name: "wang".into(),
            password: "secret-pass".into(),
        };
        assert!(!format!("{r:?}").contains("secret-pass"));
        let c = CreateStaffRequest {
            user_name: "wang".into(),
            display_name: "王".into(),
            role: Role::Clerk,
            site_id: "s".into(),
            office_code: None,
            password: "secret-pass".into(),
        };
        assert!(!format!("{c:?}").contains("secret-pass"));
    }

    #[test]
    fn roles_travel_in_snake_case() {
        let s = StaffInfo {
            id: Uuid::nil(),
            user_name: "li".into(),
            display_name: "李".into(),
            role: Role::LegalAidOfficer,
            site_id: "s".into(),
            office_code: Some("LA-330329".into()),
        };
        assert_eq!(
            serde_json::to_value(&s).unwrap()["role"],
            "legal_aid_officer"
        );
        assert_eq!(
            serde_json::to_value(&s).unwrap()["office_code"],
            "LA-330329"
        );
    }
}
