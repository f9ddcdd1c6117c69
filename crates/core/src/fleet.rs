//! What makes a device stand out in the county's fleet list: silent for too long, an outbox
//! that does not empty, work set aside for staff, a failing sync, a printer or disk that will
//! stop the next citizen, a clock that is off, a release it refused. One rule for the console
//! and anything else that reads the fleet.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Less free disk than this is worth a look (a day of scans and receipts with room).
pub const LOW_DISK_BYTES: u64 = 1024 * 1024 * 1024;
/// A clock further off than this makes receipts and deadlines read wrong.
pub const CLOCK_OFF_MS: i64 = 5 * 60 * 1000;

/// Why a device needs someone's attention, most pressing first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Attention {
    /// Not heard from for longer than the silence threshold (or never).
    Silent,
    /// Its oldest waiting outbox entry is older than the stuck threshold.
    OutboxStuck,
    /// Entries refused for good wait for staff on the device.
    SetAside,
    /// Its last sync round failed.
    SyncFailing,
    /// It refused a release its server handed out (signature check failed).
    UpdateRefused,
    /// The printer is paused, out of paper or missing.
    Printer,
    /// Less than [`LOW_DISK_BYTES`] free.
    LowDisk,
    /// Its clock is more than [`CLOCK_OFF_MS`] off the server's.
    ClockOff,
}

/// When a device counts as silent and an outbox as stuck (both are server settings).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Thresholds {
    pub silent_after: Duration,
    pub stuck_after: Duration,
}

/// What the fleet knows of one device, in plain values.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facts<'a> {
    pub revoked: bool,
    pub last_seen_at: Option<DateTime<Utc>>,
    pub oldest_waiting_seconds: Option<u64>,
    pub set_aside: u32,
    pub last_error_code: Option<&'a str>,
    pub update_refused: bool,
    /// `paused`, `out_of_paper` or `no_printer` (a printer the citizen will miss); other
    /// states (ready, no CUPS client, unknown) are not counted.
    pub printer_needs_care: bool,
    pub free_disk_bytes: Option<u64>,
    pub clock_offset_ms: Option<i64>,
}

/// Why this device needs attention now; empty when it is fine or revoked (a revoked device
/// is no one's work any more).
pub fn attention(facts: &Facts<'_>, now: DateTime<Utc>, limits: Thresholds) -> Vec<Attention> {
    if facts.revoked {
        return Vec::new();
    }
    let mut out = Vec::new();
    if facts
        .last_seen_at
        .is_none_or(|seen| now - seen > limits.silent_after)
    {
        out.push(Attention::Silent);
    }
    let stuck = limits.stuck_after.num_seconds().max(0);
    if facts
        .oldest_waiting_seconds
        .is_some_and(|age| i64::try_from(age).unwrap_or(i64::MAX) > stuck)
    {
        out.push(Attention::OutboxStuck);
    }
    if facts.set_aside > 0 {
        out.push(Attention::SetAside);
    }
    if facts.last_error_code.is_some() {
        out.push(Attention::SyncFailing);
    }
    if facts.update_refused {
        out.push(Attention::UpdateRefused);
    }
    if facts.printer_needs_care {
        out.push(Attention::Printer);
    }
    if facts.free_disk_bytes.is_some_and(|b| b < LOW_DISK_BYTES) {
        out.push(Attention::LowDisk);
    }
    if facts
        .clock_offset_ms
        .is_some_and(|ms| ms.unsigned_abs() > CLOCK_OFF_MS.unsigned_abs())
    {
        out.push(Attention::ClockOff);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits() -> Thresholds {
        Thresholds {
            silent_after: Duration::minutes(60),
            stuck_after: Duration::minutes(30),
        }
    }

    #[test]
    fn a_device_heard_from_lately_with_an_empty_outbox_is_fine() {
        let now = Utc::now();
        let facts = Facts {
            last_seen_at: Some(now - Duration::minutes(59)),
            oldest_waiting_seconds: Some(30 * 60),
            free_disk_bytes: Some(LOW_DISK_BYTES),
            clock_offset_ms: Some(-CLOCK_OFF_MS),
            ..Facts::default()
        };
        assert_eq!(attention(&facts, now, limits()), vec![]);
    }

    #[test]
    fn silence_a_stuck_outbox_and_the_rest_each_stand_out() {
        let now = Utc::now();
        let facts = Facts {
            last_seen_at: Some(now - Duration::minutes(61)),
            oldest_waiting_seconds: Some(30 * 60 + 1),
            set_aside: 1,
            last_error_code: Some("error-network"),
            update_refused: true,
            printer_needs_care: true,
            free_disk_bytes: Some(LOW_DISK_BYTES - 1),
            clock_offset_ms: Some(CLOCK_OFF_MS + 1),
            revoked: false,
        };
        assert_eq!(
            attention(&facts, now, limits()),
            vec![
                Attention::Silent,
                Attention::OutboxStuck,
                Attention::SetAside,
                Attention::SyncFailing,
                Attention::UpdateRefused,
                Attention::Printer,
                Attention::LowDisk,
                Attention::ClockOff
            ]
        );
    }

    #[test]
    fn a_device_never_heard_from_is_silent_and_a_revoked_one_is_no_ones_work() {
        let now = Utc::now();
        assert_eq!(
            attention(&Facts::default(), now, limits()),
            vec![Attention::Silent]
        );
        let revoked = Facts {
            revoked: true,
            set_aside: 3,
            ..Facts::default()
        };
        assert_eq!(attention(&revoked, now, limits()), vec![]);
    }
}
