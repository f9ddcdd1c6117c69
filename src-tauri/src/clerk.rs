//! Commands of the clerk desk: staff login (online, or offline against the cached credential),
//! the device's queue, reprints and a forced sync. Each clerk action checks the role here; the
//! server checks again for what reaches it.

use borderdesk_core::staff::Permission;
use borderdesk_local::queue::QueueEntry;
use borderdesk_local::staff::StaffSession;
use borderdesk_local::SyncStatus;
use tauri::State;

use crate::commands::{print_document, PrintResult, Slip};
use crate::desk::Desk;
use crate::error::UiError;

/// Logs a member of staff in; the session lives in the app until logout or the idle timeout.
#[tauri::command]
pub async fn staff_login(
    desk: State<'_, Desk>,
    user_name: String,
    password: String,
) -> Result<StaffSession, UiError> {
    let enrolled = desk.store.device().await.is_ok_and(|d| d.enrolled());
    // A device with no server yet can only check the credentials cached on it.
    let session = if enrolled {
        desk.sync.staff_login(&user_name, &password).await
    } else {
        desk.store
            .staff_login_offline(&user_name, &password, chrono::Utc::now())
            .await
    }
    .map_err(|e| UiError::coded(e.code(), &e.args(), desk.language()))?;
    desk.set_staff(Some(session.clone()));
    Ok(session)
}

#[tauri::command]
pub async fn staff_logout(desk: State<'_, Desk>) -> Result<(), UiError> {
    if let Some(session) = desk.staff() {
        // Offline, the server session simply runs out; the local log has the logout.
        let _ = borderdesk_local::staff::staff_logout(&desk.store, &session).await;
    }
    desk.set_staff(None);
    Ok(())
}

/// Who is logged in on this device, if anyone.
#[tauri::command]
pub fn current_staff(desk: State<'_, Desk>) -> Option<StaffSession> {
    desk.staff()
}

pub(crate) fn require(desk: &Desk, permission: Permission) -> Result<StaffSession, UiError> {
    let language = desk.language();
    let session = desk
        .staff()
        .ok_or_else(|| UiError::coded("error-staff-login-required", &[], language))?;
    session
        .require(permission)
        .map_err(|e| UiError::coded(e.code(), &e.args(), language))?;
    Ok(session)
}

/// The newest applications and bookings of this device, for the clerk desk.
#[tauri::command]
pub async fn clerk_queue(desk: State<'_, Desk>) -> Result<Vec<QueueEntry>, UiError> {
    require(&desk, Permission::ViewQueue)?;
    desk.store.site_queue(200).await.map_err(|e| desk.ui(e))
}

/// Reprints the receipt of an application or a booking made on this device (a booking's
/// reprint leaves the cancel code out: it is printed once).
#[tauri::command]
pub async fn clerk_reprint(
    desk: State<'_, Desk>,
    tracking_number: String,
) -> Result<PrintResult, UiError> {
    require(&desk, Permission::ReprintReceipt)?;
    let language = desk.language();
    let site = desk.site_name().await.map_err(|e| desk.ui(e))?;
    let number = tracking_number.replace(' ', "");
    match desk.store.receipt(&number).await {
        Ok((receipt, item)) => {
            let doc =
                borderdesk_receipt::receipt_document_for_item(&receipt, &item, language, &site);
            print_document(&desk, &doc, Slip::Receipt)
        }
        Err(borderdesk_local::LocalError::ApplicationNotFound) => {
            let booking = desk
                .store
                .booking_receipt(&number)
                .await
                .map_err(|_| desk.ui(borderdesk_local::LocalError::ApplicationNotFound))?;
            crate::notary::print_booking(&desk, &booking).await
        }
        Err(e) => Err(desk.ui(e)),
    }
}

/// Syncs now and says how it went (a clerk's "force sync").
#[tauri::command]
pub async fn clerk_sync(desk: State<'_, Desk>) -> Result<SyncStatus, UiError> {
    require(&desk, Permission::ForceSync)?;
    desk.sync.sync_once().await.map_err(|e| desk.ui(e))?;
    desk.sync.status().await.map_err(|e| desk.ui(e))
}

/// 呼叫工作人员 from the kiosk: reaches the clerk desks of the site through the server when it
/// answers; says whether it did (the kiosk confirms the call on screen either way).
#[tauri::command]
pub async fn call_staff(desk: State<'_, Desk>) -> Result<bool, UiError> {
    match desk.sync.call_staff(uuid::Uuid::now_v7()).await {
        Ok(reached) => Ok(reached),
        Err(e) => {
            tracing::info!(code = e.code(), "staff call stayed on the kiosk");
            Ok(false)
        }
    }
}

/// The open calls for help of this desk's site.
#[tauri::command]
pub async fn clerk_staff_calls(
    desk: State<'_, Desk>,
) -> Result<Vec<borderdesk_protocol::StaffCall>, UiError> {
    let session = require(&desk, Permission::ViewQueue)?;
    desk.sync
        .staff_calls(&session)
        .await
        .map_err(|e| desk.ui(e))
}

/// Takes a call for help, so other desks stop showing it.
#[tauri::command]
pub async fn clerk_answer_call(desk: State<'_, Desk>, id: uuid::Uuid) -> Result<(), UiError> {
    let session = require(&desk, Permission::ViewQueue)?;
    desk.sync
        .answer_staff_call(&session, id)
        .await
        .map_err(|e| desk.ui(e))
}
