//! The device's health, as it reports it to the server once per sync round and as
//! `borderdesk-ctl doctor` shows it: outbox depth, set-aside entries, free disk, printer,
//! scanner folder, clock offset. Codes, counts and states only: never personal data, never a
//! path or a printer's name.

use std::path::Path;
use std::time::Duration;

use borderdesk_protocol::{DeviceHealth, PrinterState, ScannerFolderState};
use chrono::Utc;

use crate::error::Result;
use crate::scanner::SCAN_DIR_ENV;
use crate::store::Store;

/// The version of this crate, which is the app's unless the shell says otherwise.
pub const APP_VERSION: &str = env!("CARGO_PKG_VERSION");

static RUNNING_VERSION: std::sync::OnceLock<String> = std::sync::OnceLock::new();

/// Tells the crate the version of the app that runs it (the shell's package version, which the
/// updater compares), once at start-up, before any request. Later calls change nothing.
pub fn set_app_version(version: &str) {
    let _ = RUNNING_VERSION.set(version.to_string());
}

/// The app version this device reports and declares on every request.
pub fn app_version() -> &'static str {
    RUNNING_VERSION
        .get()
        .map(String::as_str)
        .unwrap_or(APP_VERSION)
}

/// Longest `lpstat` may take before the printer is `unknown` (a hung CUPS must not hold up a
/// sync round).
const LPSTAT_TIMEOUT: Duration = Duration::from_secs(5);

/// Where the printer's state comes from: the real adapter runs CUPS' `lpstat -p -d`; tests
/// give canned output.
pub trait PrinterProbe: Send + Sync {
    /// What `lpstat -p -d` printed (stdout then stderr), or `None` when there is no `lpstat`
    /// to run.
    fn lpstat(&self) -> Option<String>;
}

/// Runs `lpstat -p -d` (in the C locale, so its words are English).
#[derive(Debug, Default, Clone, Copy)]
pub struct Lpstat;

impl PrinterProbe for Lpstat {
    fn lpstat(&self) -> Option<String> {
        let program = std::env::var_os("BORDERDESK_LPSTAT").unwrap_or_else(|| "lpstat".into());
        match std::process::Command::new(program)
            .args(["-p", "-d"])
            .env("LC_ALL", "C")
            .stdin(std::process::Stdio::null())
            .output()
        {
            Ok(out) => {
                let mut text = String::from_utf8_lossy(&out.stdout).into_owned();
                text.push('\n');
                text.push_str(&String::from_utf8_lossy(&out.stderr));
                Some(text)
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(_) => Some(String::new()),
        }
    }
}

/// Canned `lpstat` output (tests, and machines where support pastes it in).
#[derive(Debug, Clone)]
pub struct CannedLpstat(pub Option<String>);

impl PrinterProbe for CannedLpstat {
    fn lpstat(&self) -> Option<String> {
        self.0.clone()
    }
}

/// Reads `lpstat -p -d`: the default destination's block (else the first printer's) decides.
/// A disabled printer is paused, unless CUPS says its paper is out.
pub fn parse_lpstat(output: Option<&str>) -> PrinterState {
    let Some(text) = output else {
        return PrinterState::LpstatMissing;
    };
    let default = text.lines().find_map(|l| {
        l.trim()
            .strip_prefix("system default destination:")
            .map(|d| d.trim().to_string())
    });
    // Each printer: its name, its "printer ..." line and the indented lines after it.
    let mut printers: Vec<(String, String)> = Vec::new();
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("printer ") {
            let name = rest.split_whitespace().next().unwrap_or("").to_string();
            printers.push((name, line.to_ascii_lowercase()));
        } else if line.starts_with([' ', '\t']) {
            if let Some((_, block)) = printers.last_mut() {
                block.push('\n');
                block.push_str(&line.to_ascii_lowercase());
            }
        }
    }
    let chosen = default
        .as_deref()
        .and_then(|d| printers.iter().find(|(name, _)| name == d))
        .or_else(|| printers.first());
    let Some((_, block)) = chosen else {
        let lower = text.to_ascii_lowercase();
        return if lower.contains("no destinations added")
            || lower.contains("no system default destination")
        {
            PrinterState::NoPrinter
        } else {
            PrinterState::Unknown
        };
    };
    let out_of_paper = ["media-empty", "media empty", "out of paper", "paper out"]
        .iter()
        .any(|w| block.contains(w));
    if out_of_paper {
        PrinterState::OutOfPaper
    } else if block.contains(" disabled") || block.contains("paused") {
        PrinterState::Paused
    } else if block.contains(" idle") || block.contains("now printing") || block.contains("enabled")
    {
        PrinterState::Ready
    } else {
        PrinterState::Unknown
    }
}

/// The printer's state now (runs the probe off the async threads, at most five seconds).
pub async fn printer_state(probe: std::sync::Arc<dyn PrinterProbe>) -> PrinterState {
    let run = tokio::task::spawn_blocking(move || probe.lpstat());
    match tokio::time::timeout(LPSTAT_TIMEOUT, run).await {
        Ok(Ok(output)) => parse_lpstat(output.as_deref()),
        _ => PrinterState::Unknown,
    }
}

/// The scan-to-folder folder `dir` (`None`: no scanner set up).
pub fn scanner_folder_state(dir: Option<&Path>) -> ScannerFolderState {
    let Some(dir) = dir else {
        return ScannerFolderState::NotConfigured;
    };
    if !dir.is_dir() {
        return ScannerFolderState::Missing;
    }
    // Taking a page removes it from the folder: that needs write access to the folder.
    match rustix::fs::access(
        dir,
        rustix::fs::Access::WRITE_OK | rustix::fs::Access::EXEC_OK,
    ) {
        Ok(()) => ScannerFolderState::Ready,
        Err(_) => ScannerFolderState::NotWritable,
    }
}

/// The folder `BORDERDESK_SCAN_DIR` names, as the app reads it.
pub fn scanner_folder_from_env() -> ScannerFolderState {
    let dir = std::env::var_os(SCAN_DIR_ENV).filter(|d| !d.is_empty());
    scanner_folder_state(dir.as_deref().map(Path::new))
}

/// Free bytes (for this user) of the file system holding `path` (or its nearest existing
/// parent).
pub fn free_disk_bytes(path: &Path) -> Option<u64> {
    let mut at = Some(path);
    while let Some(p) = at {
        if p.exists() {
            let fs = rustix::fs::statvfs(p).ok()?;
            return Some(fs.f_bavail.saturating_mul(fs.f_frsize));
        }
        at = p.parent();
    }
    None
}

/// Numbers of the outbox for a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct OutboxDepth {
    pub waiting: u32,
    /// Seconds since the oldest waiting entry was saved (device clock).
    pub oldest_waiting_seconds: Option<u64>,
    pub set_aside: u32,
}

impl Store {
    /// How many entries wait, how old the oldest is, how many are set aside.
    pub async fn outbox_depth(&self) -> Result<OutboxDepth> {
        let (waiting, oldest, set_aside): (i64, Option<String>, i64) = sqlx::query_as(
            "SELECT (SELECT count(*) FROM outbox WHERE state = 'pending'),
                    (SELECT created_at FROM outbox WHERE state = 'pending' ORDER BY seq LIMIT 1),
                    (SELECT count(*) FROM outbox WHERE state = 'rejected')",
        )
        .fetch_one(self.pool())
        .await?;
        let oldest_waiting_seconds = oldest
            .and_then(|t| chrono::DateTime::parse_from_rfc3339(&t).ok())
            .map(|t| (Utc::now() - t.with_timezone(&Utc)).num_seconds().max(0) as u64);
        Ok(OutboxDepth {
            waiting: waiting.clamp(0, u32::MAX as i64) as u32,
            oldest_waiting_seconds,
            set_aside: set_aside.clamp(0, u32::MAX as i64) as u32,
        })
    }

    /// The health this device reports, with the printer's state and the clock offset
    /// measured by the caller.
    pub async fn health(
        &self,
        printer: PrinterState,
        clock_offset_ms: Option<i64>,
    ) -> Result<DeviceHealth> {
        let depth = self.outbox_depth().await?;
        let q = self.queue_state().await?;
        Ok(DeviceHealth {
            app_version: app_version().to_string(),
            mode: self.device_mode().await?.as_str().to_string(),
            outbox_waiting: depth.waiting,
            oldest_waiting_seconds: depth.oldest_waiting_seconds,
            set_aside: depth.set_aside,
            last_error_code: q
                .last_error_code
                .filter(|c| borderdesk_protocol::health::is_fluent_id(c)),
            free_disk_bytes: free_disk_bytes(self.path()),
            printer,
            scanner_folder: scanner_folder_from_env(),
            clock_offset_ms,
            update_refused: crate::update::refused(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const READY: &str =
        "printer Kiosk_Receipt is idle.  enabled since Tue 01 Dec 2026 09:12:01 AM CST\n\
system default destination: Kiosk_Receipt\n";
    const PRINTING: &str = "printer Kiosk_Receipt now printing Kiosk_Receipt-41.  enabled since Tue 01 Dec 2026 09:12:01 AM CST\n\
system default destination: Kiosk_Receipt\n";
    const PAUSED: &str = "printer Kiosk_Receipt disabled since Tue 01 Dec 2026 09:12:01 AM CST -\n\
\tPaused\n\
system default destination: Kiosk_Receipt\n";
    const NO_PAPER: &str = "printer Office is idle.  enabled since Tue 01 Dec 2026\n\
printer Kiosk_Receipt disabled since Tue 01 Dec 2026 09:12:01 AM CST -\n\
\tMedia empty or out of paper\n\
system default destination: Kiosk_Receipt\n";
    const NONE: &str = "\nlpstat: No destinations added.\n";

    #[test]
    fn lpstat_output_reads_as_the_default_printers_state() {
        assert_eq!(parse_lpstat(Some(READY)), PrinterState::Ready);
        assert_eq!(parse_lpstat(Some(PRINTING)), PrinterState::Ready);
        assert_eq!(parse_lpstat(Some(PAUSED)), PrinterState::Paused);
        assert_eq!(parse_lpstat(Some(NO_PAPER)), PrinterState::OutOfPaper);
        assert_eq!(parse_lpstat(Some(NONE)), PrinterState::NoPrinter);
        assert_eq!(parse_lpstat(None), PrinterState::LpstatMissing);
        assert_eq!(
            parse_lpstat(Some("lpstat: Bad file descriptor\n")),
            PrinterState::Unknown
        );
    }

    #[test]
    fn the_default_destination_decides_among_several_printers() {
        let office_default = NO_PAPER.replace(
            "system default destination: Kiosk_Receipt",
            "system default destination: Office",
        );
        assert_eq!(parse_lpstat(Some(&office_default)), PrinterState::Ready);
    }

    #[test]
    fn the_scanner_folder_is_missing_unset_or_ready() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(
            scanner_folder_state(None),
            ScannerFolderState::NotConfigured
        );
        assert_eq!(
            scanner_folder_state(Some(&dir.path().join("nope"))),
            ScannerFolderState::Missing
        );
        assert_eq!(
            scanner_folder_state(Some(dir.path())),
            ScannerFolderState::Ready
        );
    }

    #[test]
    fn free_disk_is_read_from_the_databases_file_system() {
        let dir = tempfile::tempdir().unwrap();
        let free = free_disk_bytes(&dir.path().join("not-yet.sqlite")).unwrap();
        assert!(free > 0);
    }
}
