//! Closing the window with unsent work (外出服务): an outreach laptop works a day offline, then
//! syncs once. Before its window closes with work still waiting to be sent, the person is
//! asked; a kiosk is never closed by the person in front of it.

use borderdesk_local::forget::DeviceMode;
use serde::Serialize;
use tauri::{Emitter, Manager};
use ts_rs::TS;

use crate::desk::Desk;
use crate::WindowMode;

/// What a close request leads to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CloseDecision {
    /// Close now.
    Allow,
    /// Ask first: there is unsent work.
    Ask,
    /// Never (a kiosk).
    Never,
}

/// The event the UI gets when a close waits for its answer.
pub const CLOSE_ASKED_EVENT: &str = "close-asked";

/// What waits to be sent when the window is asked to close.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct CloseAsked {
    /// Applications, bookings and legal aid requests not yet all with the server (the count
    /// the status line shows).
    pub unsent: u32,
}

/// Whether a window in `mode` may close with `unsent` records and files waiting.
pub fn close_decision(mode: WindowMode, unsent: u32) -> CloseDecision {
    match mode {
        WindowMode::Kiosk => CloseDecision::Never,
        WindowMode::Desk | WindowMode::Field if unsent > 0 => CloseDecision::Ask,
        WindowMode::Desk | WindowMode::Field => CloseDecision::Allow,
    }
}

impl WindowMode {
    /// How the store treats personal data on this device (a kiosk forgets).
    pub fn device_mode(self) -> DeviceMode {
        match self {
            WindowMode::Kiosk => DeviceMode::Kiosk,
            WindowMode::Desk => DeviceMode::Desk,
            WindowMode::Field => DeviceMode::Field,
        }
    }
}

/// The records waiting to send (what the dialog counts), and whether anything at all waits
/// (a staff record, a file); nothing when the store cannot be read (never trap the window).
fn unsent<R: tauri::Runtime>(window: &tauri::Window<R>) -> (u32, u32) {
    let Some(desk) = window.try_state::<Desk>() else {
        return (0, 0);
    };
    match tauri::async_runtime::block_on(desk.sync.status()) {
        Ok(s) => (
            s.records_waiting,
            s.records_waiting
                .saturating_add(s.waiting)
                .saturating_add(s.files_waiting),
        ),
        Err(_) => (0, 0),
    }
}

/// Decides a close request: true lets the window close; false keeps it open (and, with
/// unsent work, asks the UI to show its dialog).
pub fn may_close<R: tauri::Runtime>(window: &tauri::Window<R>, mode: WindowMode) -> bool {
    if mode == WindowMode::Kiosk {
        return false;
    }
    let (unsent, any) = unsent(window);
    match close_decision(mode, any) {
        CloseDecision::Allow => true,
        CloseDecision::Never => false,
        CloseDecision::Ask => {
            tracing::info!(unsent, "close asked: unsent work");
            let _ = window.emit(CLOSE_ASKED_EVENT, CloseAsked { unsent });
            false
        }
    }
}

/// "仍然关闭": closes the window for real, unsent work and all (it stays on disk and is sent at
/// the next sync). A kiosk window is never closed this way.
#[tauri::command]
pub fn confirm_close<R: tauri::Runtime>(window: tauri::WebviewWindow<R>) -> Result<(), String> {
    if WindowMode::from_args_and_env(std::env::args().skip(1)) == WindowMode::Kiosk {
        return Ok(());
    }
    window.destroy().map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_field_laptop_or_desk_with_unsent_work_asks_before_closing() {
        assert_eq!(close_decision(WindowMode::Field, 3), CloseDecision::Ask);
        assert_eq!(close_decision(WindowMode::Desk, 1), CloseDecision::Ask);
    }

    #[test]
    fn with_nothing_waiting_the_window_just_closes() {
        assert_eq!(close_decision(WindowMode::Field, 0), CloseDecision::Allow);
        assert_eq!(close_decision(WindowMode::Desk, 0), CloseDecision::Allow);
    }

    #[test]
    fn a_kiosk_never_closes_whatever_waits() {
        assert_eq!(close_decision(WindowMode::Kiosk, 0), CloseDecision::Never);
        assert_eq!(close_decision(WindowMode::Kiosk, 5), CloseDecision::Never);
    }

    #[test]
    fn each_window_mode_sets_how_the_store_treats_personal_data() {
        assert_eq!(WindowMode::Kiosk.device_mode(), DeviceMode::Kiosk);
        assert_eq!(WindowMode::Desk.device_mode(), DeviceMode::Desk);
        assert_eq!(WindowMode::Field.device_mode(), DeviceMode::Field);
    }
}
