use std::sync::RwLock;
use std::time::Instant;

use std::path::PathBuf;

use borderdesk_core::staff::{KioskSessionEnd, Permission};
use borderdesk_core::Language;
use borderdesk_local::card_reader::{default_card_reader, CardReader};
use borderdesk_local::forget::DeviceMode;
use borderdesk_local::scanner::{default_scanner, Scanner};
use borderdesk_local::staff::{SeatError, StaffSeat, StaffSession};
use borderdesk_local::{LocalError, Store, SyncClient};
use borderdesk_receipt::{FilePrinter, LpPrinter, Printer};

use crate::error::UiError;

/// The app's state, shared by all commands: the store, the sync client, the chosen language.
pub struct Desk {
    pub store: Store,
    pub sync: SyncClient,
    /// Where receipts go: the system printer (CUPS `lp`), or a folder when
    /// `BORDERDESK_RECEIPT_DIR` names one (kiosks without a printer, tests).
    pub printer: Box<dyn Printer + Send + Sync>,
    /// Seconds of no touch before a kiosk warns and then forgets the citizen
    /// (`BORDERDESK_IDLE_TIMEOUT`, default 120).
    pub idle_timeout_seconds: u32,
    /// The county this device serves (6-digit code): its legal aid office answers here.
    pub county: String,
    /// The document scanner: scan-to-folder on `BORDERDESK_SCAN_DIR`, else none.
    pub scanner: std::sync::Arc<dyn Scanner>,
    /// The resident ID card reader on `BORDERDESK_CARD_READER`, else none.
    pub card_reader: std::sync::Arc<dyn CardReader>,
    language: RwLock<Language>,
    /// The member of staff logged in here, if any (clerk desk). On a kiosk the session ends
    /// on the home screen, with a citizen flow and when nobody is at the screen.
    pub seat: StaffSeat,
    /// What the person at the screen may print on request (their signed form, checklists),
    /// and the saved files with personal data that go when they leave.
    papers: std::sync::Mutex<borderdesk_local::papers::SessionPapers>,
}

/// Environment variable setting the idle timeout in seconds.
pub const IDLE_TIMEOUT_ENV: &str = "BORDERDESK_IDLE_TIMEOUT";
const DEFAULT_IDLE_TIMEOUT: u32 = 120;

fn idle_timeout_from_env() -> u32 {
    std::env::var(IDLE_TIMEOUT_ENV)
        .ok()
        .and_then(|v| v.trim().parse::<u32>().ok())
        .filter(|s| *s >= 10)
        .unwrap_or(DEFAULT_IDLE_TIMEOUT)
}

/// Environment variable naming the county the device serves (6 digits, e.g. 330329 泰顺县).
pub const COUNTY_ENV: &str = "BORDERDESK_COUNTY";

fn county_from_env() -> String {
    std::env::var(COUNTY_ENV)
        .ok()
        .map(|c| c.trim().to_string())
        .filter(|c| c.len() == 6 && c.bytes().all(|b| b.is_ascii_digit()))
        .unwrap_or_else(|| "330329".to_string())
}

/// Environment variable naming a folder to save receipts in instead of printing them.
pub const RECEIPT_DIR_ENV: &str = "BORDERDESK_RECEIPT_DIR";
/// Environment variable naming the CUPS destination for receipts (the default one if unset).
pub const PRINTER_ENV: &str = "BORDERDESK_PRINTER";

fn printer_from_env() -> Box<dyn Printer + Send + Sync> {
    if let Some(dir) = std::env::var_os(RECEIPT_DIR_ENV).filter(|d| !d.is_empty()) {
        return Box::new(FilePrinter::new(PathBuf::from(dir)));
    }
    match std::env::var(PRINTER_ENV)
        .ok()
        .filter(|p| !p.trim().is_empty())
    {
        Some(destination) => Box::new(LpPrinter::new().destination(destination.trim())),
        None => Box::new(LpPrinter::new()),
    }
}

impl Desk {
    pub async fn open(store: Store) -> Result<Self, LocalError> {
        let language = borderdesk_local::device_config::home_language();
        let sync = SyncClient::new(store.clone());
        let idle_timeout_seconds = idle_timeout_from_env();
        // The window mode the app recorded at start (a kiosk unless told otherwise).
        let seat = match store.device_mode().await? {
            DeviceMode::Kiosk => StaffSeat::kiosk(borderdesk_core::staff::kiosk_staff_idle_limit(
                idle_timeout_seconds,
            )),
            DeviceMode::Desk | DeviceMode::Field => StaffSeat::desk(),
        };
        Ok(Self {
            store,
            sync,
            printer: printer_from_env(),
            idle_timeout_seconds,
            scanner: std::sync::Arc::from(default_scanner()),
            card_reader: default_card_reader(),
            county: county_from_env(),
            language: RwLock::new(language),
            seat,
            papers: Default::default(),
        })
    }

    pub fn language(&self) -> Language {
        self.language.read().map(|l| *l).unwrap_or_default()
    }

    /// The language for this person's errors, receipts and messages. Kept in memory only: a
    /// restart, like the next citizen, starts in the device's home language.
    pub fn set_language(&self, language: Language) {
        match self.language.write() {
            Ok(mut l) => *l = language,
            Err(e) => *e.into_inner() = language,
        }
    }

    /// Who is logged in here, if anyone (on a kiosk: not someone whose session it ended).
    pub fn staff(&self) -> Option<StaffSession> {
        self.end_staff_if_idle();
        self.seat.current(Instant::now())
    }

    /// The logged-in person, for staff work that needs `permission`: refused in the person's
    /// language with nobody logged in (`error-staff-login-required`), once a kiosk ended the
    /// session (`error-staff-session-expired`) or for a role without it
    /// (`error-permission-denied`).
    pub fn require_staff(&self, permission: Permission) -> Result<StaffSession, UiError> {
        self.end_staff_if_idle();
        self.seat
            .require(permission, Instant::now())
            .map_err(|e| self.seat_error(&e))
    }

    /// The logged-in person, to start 代办 (refused on a kiosk: `error-kiosk-no-assist`).
    pub fn require_assisting(&self) -> Result<StaffSession, UiError> {
        self.end_staff_if_idle();
        self.seat
            .require_assisting(Instant::now())
            .map_err(|e| self.seat_error(&e))
    }

    fn seat_error(&self, e: &SeatError) -> UiError {
        UiError::coded(e.code(), &e.args(), self.language())
    }

    /// On a kiosk, ends the staff session for `why` (the home screen, a citizen flow) and
    /// logs it out; a desk keeps it.
    pub fn end_staff_on_kiosk(&self, why: KioskSessionEnd) {
        if let Some(session) = self.seat.end_on_kiosk(why) {
            self.log_out_later(session, why);
        }
    }

    /// A command of the citizen flow ran: on a kiosk nobody stays logged in behind it.
    pub fn citizen_flow(&self) {
        self.end_staff_on_kiosk(KioskSessionEnd::CitizenFlowStarted);
    }

    fn end_staff_if_idle(&self) {
        if let Some(session) = self.seat.end_if_idle(Instant::now()) {
            self.log_out_later(session, KioskSessionEnd::Idle);
        }
    }

    /// Tells the server and the device's log, off the caller's path (the session is already
    /// gone here).
    fn log_out_later(&self, session: StaffSession, why: KioskSessionEnd) {
        let store = self.store.clone();
        tauri::async_runtime::spawn(async move {
            if let Err(e) =
                borderdesk_local::staff::staff_session_ended(&store, &session, why).await
            {
                tracing::warn!(code = e.code(), "kiosk staff session end not logged");
            }
        });
    }

    /// The place printed on slips (提交地点): the device setting `site_name`, else the name of
    /// the county it serves, in the person's language; never a code people cannot read
    /// (nothing, and the slip leaves the row out, when neither is known).
    pub async fn site_name(&self) -> Result<String, LocalError> {
        if let Some(name) = borderdesk_local::device_config::site_name() {
            return Ok(name);
        }
        let county = self
            .store
            .legal_aid_counties()
            .ok()
            .and_then(|cs| cs.into_iter().find(|c| c.code == self.county));
        Ok(county
            .map(|c| c.name.get(self.language()).to_string())
            .unwrap_or_default())
    }

    /// Refuses, in the person's language, desk work on an office that is not the logged-in
    /// person's own (`error-staff-wrong-office`) or on a desk their role has none of
    /// (`error-permission-denied`); the server refuses it again.
    pub fn require_office(
        &self,
        session: &StaffSession,
        kind: borderdesk_core::staff::OfficeKind,
        office: &str,
    ) -> Result<(), UiError> {
        borderdesk_core::staff::check_office(
            session.staff.role,
            session.staff.office_code.as_deref(),
            kind,
            office,
        )
        .map_err(|e| UiError::coded(e.code(), &e.args(), self.language()))
    }

    /// The papers of the session at the screen; a poisoned lock (a panic elsewhere) still
    /// guards them.
    pub fn papers(&self) -> std::sync::MutexGuard<'_, borderdesk_local::papers::SessionPapers> {
        self.papers.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The person left (home screen, idle wipe, end of session): nothing of theirs may be
    /// printed any more, and what was saved with their personal data is deleted.
    pub fn end_papers(&self) {
        let saved = self.papers().end();
        for path in saved {
            if let Err(e) = std::fs::remove_file(&path) {
                if e.kind() != std::io::ErrorKind::NotFound {
                    tracing::warn!(error = %e, "a saved form could not be deleted");
                }
            }
        }
    }

    /// Puts a store error into the person's language for the UI.
    pub fn ui(&self, e: LocalError) -> UiError {
        UiError::localize(&e, self.language())
    }
}
