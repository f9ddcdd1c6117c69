//! 登记本机 from the app: the installer types the one-time code the county console shows (or
//! scans its QR code, whose text also names the server) on the staff login screen of a device
//! not yet enrolled. No admin token ever reaches the device.

use serde::Serialize;
use tauri::State;
use ts_rs::TS;

use crate::desk::Desk;
use crate::error::UiError;
use borderdesk_local::LocalError;

/// What the screen says once the device is enrolled.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct EnrolledDevice {
    pub site_id: String,
    pub device_code: u32,
}

/// Enrolls this device with a code from the county console; the server is the one the code's
/// QR text names, else the device setting `server_url`. Refused on a device already enrolled
/// (`error-device-already-enrolled`): a kiosk in use is never moved to another site from its
/// screen. The server limits how often codes may be tried.
#[tauri::command]
pub async fn enroll_device(desk: State<'_, Desk>, code: String) -> Result<EnrolledDevice, UiError> {
    if desk.store.device().await.is_ok_and(|d| d.enrolled()) {
        return Err(UiError::coded(
            "error-device-already-enrolled",
            &[],
            desk.language(),
        ));
    }
    let server = std::env::var("BORDERDESK_SERVER_URL")
        .ok()
        .filter(|s| !s.trim().is_empty());
    let enrolled = borderdesk_local::sync::enroll_with_code(&desk.store, server.as_deref(), &code)
        .await
        .map_err(|e| match e {
            LocalError::ServerUrlMissing => {
                UiError::coded("error-enroll-server-missing", &[], desk.language())
            }
            other => desk.ui(other),
        })?;
    desk.sync.refresh().await;
    Ok(EnrolledDevice {
        site_id: enrolled.site_id,
        device_code: enrolled.device_code,
    })
}
