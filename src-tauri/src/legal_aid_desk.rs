//! Commands of the legal aid office's desk: its queue (urgent first, overdue marked), each step
//! of the workflow (accept, ask for materials once, decide, assign a lawyer, transfer, answer a
//! consultation), and its figures for a period, shown and exported as CSV. Online only; roles
//! are checked here and again on the server.

use std::path::PathBuf;

use borderdesk_core::legal_aid::LegalAidOffice;
use borderdesk_core::staff::{self as staff_rules, OfficeKind, Permission};
use borderdesk_protocol::{
    LegalAidAction, LegalAidActionKind, LegalAidActionResult, LegalAidFigures, LegalAidQueue,
};
use chrono::NaiveDate;
use tauri::State;
use uuid::Uuid;

use crate::clerk::require;
use crate::desk::Desk;
use crate::error::UiError;

/// Environment variable naming the folder exported figures go to (default: the documents
/// folder, else the temporary one).
pub const EXPORT_DIR_ENV: &str = "BORDERDESK_EXPORT_DIR";

fn export_dir() -> PathBuf {
    std::env::var_os(EXPORT_DIR_ENV)
        .filter(|d| !d.is_empty())
        .map(PathBuf::from)
        .or_else(dirs::document_dir)
        .unwrap_or_else(std::env::temp_dir)
}

#[tauri::command]
pub fn legal_aid_offices(desk: State<'_, Desk>) -> Result<Vec<LegalAidOffice>, UiError> {
    desk.store.legal_aid_offices().map_err(|e| desk.ui(e))
}

#[tauri::command]
pub async fn legal_aid_queue(
    desk: State<'_, Desk>,
    office_code: String,
) -> Result<LegalAidQueue, UiError> {
    let session = require(&desk, Permission::ViewQueue)?;
    desk.require_office(&session, OfficeKind::LegalAid, &office_code)?;
    desk.sync
        .legal_aid_queue(&session, &office_code)
        .await
        .map_err(|e| desk.ui(e))
}

/// One step on a request. `action_id` comes from the screen, made once per press, so a step
/// retried after a cut is applied once.
#[tauri::command]
pub async fn legal_aid_act(
    desk: State<'_, Desk>,
    request_id: Uuid,
    action_id: Uuid,
    step: LegalAidActionKind,
) -> Result<LegalAidActionResult, UiError> {
    let session = require(&desk, Permission::DecideLegalAid)?;
    desk.sync
        .legal_aid_act(&session, request_id, &LegalAidAction { action_id, step })
        .await
        .map_err(|e| desk.ui(e))
}

/// A period as typed (YYYY-MM-DD each); a wrong date is a localized error, not a crash.
fn period(desk: &Desk, from: &str, to: &str) -> Result<(NaiveDate, NaiveDate), UiError> {
    let day = |d: &str| {
        borderdesk_core::validate::date(d.trim())
            .map_err(|e| desk.ui(borderdesk_local::LocalError::Rule(e)))
    };
    Ok((day(from)?, day(to)?))
}

/// The office whose figures this person may read: a legal aid officer only their own (asked
/// for another: `error-staff-wrong-office`), an admin the one asked for.
fn figures_office(
    desk: &Desk,
    session: &borderdesk_local::staff::StaffSession,
    office_code: &str,
) -> Result<String, UiError> {
    staff_rules::figures_scope(
        session.staff.role,
        session.staff.office_code.as_deref(),
        Some(office_code),
    )
    .map(|o| o.unwrap_or_else(|| office_code.to_string()))
    .map_err(|e| UiError::coded(e.code(), &e.args(), desk.language()))
}

#[tauri::command]
pub async fn legal_aid_figures(
    desk: State<'_, Desk>,
    from: String,
    to: String,
    office_code: String,
) -> Result<LegalAidFigures, UiError> {
    let (from, to) = period(&desk, &from, &to)?;
    let session = require(&desk, Permission::DecideLegalAid)
        .or_else(|_| require(&desk, Permission::ViewFigures))?;
    let office_code = figures_office(&desk, &session, &office_code)?;
    desk.sync
        .legal_aid_figures(&session, from, to, &office_code)
        .await
        .map_err(|e| desk.ui(e))
}

/// Saves the figures as a CSV file (headed in the language on screen); returns its path.
#[tauri::command]
pub async fn legal_aid_export_csv(
    desk: State<'_, Desk>,
    from: String,
    to: String,
    office_code: String,
) -> Result<String, UiError> {
    let (from, to) = period(&desk, &from, &to)?;
    let session = require(&desk, Permission::DecideLegalAid)
        .or_else(|_| require(&desk, Permission::ViewFigures))?;
    let office_code = figures_office(&desk, &session, &office_code)?;
    let csv = desk
        .sync
        .legal_aid_figures_csv(&session, from, to, &office_code, desk.language().tag())
        .await
        .map_err(|e| desk.ui(e))?;
    let dir = export_dir();
    let path = dir.join(format!("legal-aid-figures-{office_code}-{from}-{to}.csv"));
    std::fs::create_dir_all(&dir)
        .and_then(|_| std::fs::write(&path, csv))
        .map_err(|_| UiError::coded("error-export-failed", &[], desk.language()))?;
    Ok(path.display().to_string())
}
