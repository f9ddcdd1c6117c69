//! A device's health, as it reports it to the server once per sync round
//! (`POST /v1/sync/health`) and as admins read it back (`GET /v1/admin/devices`, and
//! `GET /v1/admin/devices/{device_id}/health`). Codes, counts and states only: never a
//! person's name, ID number, phone or answer, never a path or a printer's name.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use utoipa::ToSchema;
use uuid::Uuid;

/// Longest `app_version` the server takes.
pub const MAX_APP_VERSION_LEN: usize = 32;
/// Longest `last_error_code` the server takes (a Fluent id).
pub const MAX_CODE_LEN: usize = 64;
/// How a device may be used (`DeviceMode` on the device).
pub const DEVICE_MODES: [&str; 3] = ["kiosk", "desk", "field"];

/// What a device says about itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema, TS)]
#[ts(export)]
pub struct DeviceHealth {
    /// The app's version, e.g. `0.1.0`.
    pub app_version: String,
    /// `kiosk`, `desk` or `field` (an outreach laptop).
    pub mode: String,
    /// Outbox entries waiting to be sent.
    pub outbox_waiting: u32,
    /// Age of the oldest waiting entry, in seconds (device clock); absent when none waits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional, type = "number")]
    pub oldest_waiting_seconds: Option<u64>,
    /// Entries set aside (refused for good, or failing alone too often) for staff.
    pub set_aside: u32,
    /// The code of the last failed sync round, if the last one failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub last_error_code: Option<String>,
    /// Free bytes of the file system that holds the database (for this user).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional, type = "number")]
    pub free_disk_bytes: Option<u64>,
    pub printer: PrinterState,
    pub scanner_folder: ScannerFolderState,
    /// Device clock minus server clock, in milliseconds (positive: the device is ahead),
    /// measured on this round's pull; absent when the pull did not answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional, type = "number")]
    pub clock_offset_ms: Option<i64>,
    /// A release this device refused since it started (its package failed the signature
    /// check): the county should look at what its server hands out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub update_refused: Option<String>,
}

/// The default printer as CUPS (`lpstat -p -d`) reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum PrinterState {
    /// Idle or printing, enabled.
    Ready,
    /// Disabled (paused) in CUPS.
    Paused,
    /// CUPS reports the paper (media) empty.
    OutOfPaper,
    /// CUPS answers, with no printer set up.
    NoPrinter,
    /// `lpstat` is not installed (no CUPS client on this machine).
    LpstatMissing,
    /// `lpstat` ran and said something else (CUPS not running, a timeout).
    Unknown,
}

impl PrinterState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Ready => "ready",
            Self::Paused => "paused",
            Self::OutOfPaper => "out_of_paper",
            Self::NoPrinter => "no_printer",
            Self::LpstatMissing => "lpstat_missing",
            Self::Unknown => "unknown",
        }
    }
}

/// The scan-to-folder folder (`BORDERDESK_SCAN_DIR`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ScannerFolderState {
    /// No folder is set: this device has no scanner.
    NotConfigured,
    /// The folder is set and is not there (or is not a folder).
    Missing,
    /// The folder is there and this user cannot write to it (nor take pages out of it).
    NotWritable,
    /// There and writable.
    Ready,
}

impl ScannerFolderState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::NotConfigured => "not_configured",
            Self::Missing => "missing",
            Self::NotWritable => "not_writable",
            Self::Ready => "ready",
        }
    }
}

/// One stored report: when the server received it, and what it said.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct HealthReport {
    pub received_at: DateTime<Utc>,
    pub health: DeviceHealth,
}

/// A device as the admin list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema, TS)]
#[ts(export)]
pub struct DeviceSummary {
    pub device_id: Uuid,
    pub name: String,
    pub site_id: String,
    pub device_code: u32,
    pub enrolled_at: DateTime<Utc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub revoked_at: Option<DateTime<Utc>>,
    /// When its latest health report arrived (it reports once per sync round).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub last_seen_at: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub health: Option<DeviceHealth>,
}

/// Whether `code` looks like a Fluent message id: a lowercase ASCII letter, then lowercase
/// letters, digits and dashes, at most [`MAX_CODE_LEN`] bytes.
pub fn is_fluent_id(code: &str) -> bool {
    code.len() <= MAX_CODE_LEN
        && code.bytes().next().is_some_and(|b| b.is_ascii_lowercase())
        && code
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

impl DeviceHealth {
    /// Why the server refuses this report, if it does: a field and what is wrong with it.
    pub fn problem(&self) -> Option<String> {
        let version_ok = !self.app_version.is_empty()
            && self.app_version.len() <= MAX_APP_VERSION_LEN
            && borderdesk_core::validate::plain_text(&self.app_version, false).is_ok()
            && self
                .app_version
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'+' | b'_'));
        if !version_ok {
            return Some(format!(
                "app_version must be 1 to {MAX_APP_VERSION_LEN} characters of a version"
            ));
        }
        if !DEVICE_MODES.contains(&self.mode.as_str()) {
            return Some("mode must be kiosk, desk or field".into());
        }
        if let Some(v) = &self.update_refused {
            if borderdesk_core::rollout::AppVersion::parse(v).is_none() {
                return Some("update_refused must be a version like 0.2.0".into());
            }
        }
        if let Some(code) = &self.last_error_code {
            if borderdesk_core::validate::plain_text(code, false).is_err() || !is_fluent_id(code) {
                return Some(format!(
                    "last_error_code must be a message id of at most {MAX_CODE_LEN} characters"
                ));
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn healthy() -> DeviceHealth {
        DeviceHealth {
            app_version: "0.1.0".into(),
            mode: "kiosk".into(),
            outbox_waiting: 0,
            oldest_waiting_seconds: None,
            set_aside: 0,
            last_error_code: None,
            free_disk_bytes: Some(1 << 30),
            printer: PrinterState::Ready,
            scanner_folder: ScannerFolderState::NotConfigured,
            clock_offset_ms: Some(-12),
            update_refused: None,
        }
    }

    #[test]
    fn a_plain_report_passes_and_a_bad_field_is_named() {
        assert_eq!(healthy().problem(), None);
        let nul = DeviceHealth {
            app_version: "0.1\0".into(),
            ..healthy()
        };
        assert!(nul.problem().unwrap().contains("app_version"));
        let long = DeviceHealth {
            last_error_code: Some(format!("error-{}", "x".repeat(100))),
            ..healthy()
        };
        assert!(long.problem().unwrap().contains("last_error_code"));
        let spaced = DeviceHealth {
            last_error_code: Some("Zhang San 330329".into()),
            ..healthy()
        };
        assert!(spaced.problem().is_some());
        let mode = DeviceHealth {
            mode: "laptop".into(),
            ..healthy()
        };
        assert!(mode.problem().unwrap().contains("mode"));
        // A refused release is named by its version, never by free text.
        for bad in ["张三", "0.2", "0.2.0\n"] {
            let refused = DeviceHealth {
                update_refused: Some(bad.into()),
                ..healthy()
            };
            assert!(
                refused.problem().unwrap().contains("update_refused"),
                "{bad:?}"
            );
        }
        let refused = DeviceHealth {
            update_refused: Some("0.2.0".into()),
            ..healthy()
        };
        assert_eq!(refused.problem(), None);
    }

    #[test]
    fn states_are_written_as_their_wire_names() {
        for s in [
            PrinterState::Ready,
            PrinterState::Paused,
            PrinterState::OutOfPaper,
            PrinterState::NoPrinter,
            PrinterState::LpstatMissing,
            PrinterState::Unknown,
        ] {
            assert_eq!(serde_json::to_value(s).unwrap(), s.as_str());
        }
        for s in [
            ScannerFolderState::NotConfigured,
            ScannerFolderState::Missing,
            ScannerFolderState::NotWritable,
            ScannerFolderState::Ready,
        ] {
            assert_eq!(serde_json::to_value(s).unwrap(), s.as_str());
        }
    }
}
