//! Commands of the clerk desk: staff login (online, or offline against the cached credential),
//! the site's queue (calls for help heard on the LAN included), an application's materials
//! check and acceptance, 代办, reprints and a forced sync. Each clerk action checks the role here; the
//! server checks again for what reaches it.

use std::sync::{Arc, RwLock};
use std::time::Instant;

use borderdesk_core::materials::{self, MaterialCheckEntry};
use borderdesk_core::staff::{KioskSessionEnd, Permission};
use borderdesk_core::AssistedBy;
use borderdesk_local::lan;
use borderdesk_local::queue::{QueueEntry, SiteQueue};
use borderdesk_local::staff::StaffSession;
use borderdesk_local::SyncStatus;
use borderdesk_protocol::{DeskApplication, DeskQueueKind};
use tauri::State;

use crate::commands::PrintResult;
use crate::desk::Desk;
use crate::error::UiError;

/// Logs a member of staff in; the session lives in the app until logout or the idle timeout.
#[tauri::command]
pub async fn staff_login(
    desk: State<'_, Desk>,
    lan: State<'_, LanCalls>,
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
    desk.seat.log_in(session.clone(), Instant::now());
    lan.set_on_duty(session.require(Permission::ViewQueue).is_ok());
    Ok(session)
}

#[tauri::command]
pub async fn staff_logout(
    desk: State<'_, Desk>,
    assisting: State<'_, Assisting>,
    lan: State<'_, LanCalls>,
) -> Result<(), UiError> {
    assisting.set(None);
    lan.set_on_duty(false);
    if let Some(session) = desk.seat.log_out() {
        // Offline, the server session simply runs out; the local log has the logout.
        let _ = borderdesk_local::staff::staff_logout(&desk.store, &session).await;
    }
    Ok(())
}

/// The home screen shows. On a kiosk the staff session ends there; says who is still logged
/// in (on a desk, whoever was).
#[tauri::command]
pub fn home_shown(
    desk: State<'_, Desk>,
    busy: State<'_, crate::update::Busy>,
) -> Option<StaffSession> {
    busy.citizen_flow(false);
    desk.end_staff_on_kiosk(KioskSessionEnd::HomeShown);
    // Whoever was at the screen has gone: their papers go with them.
    desk.end_papers();
    desk.staff()
}

/// A citizen flow starts (a service, tracking, a resume code, notarization, legal aid). On a
/// kiosk the staff session ends; says who is still logged in.
#[tauri::command]
pub fn citizen_flow_started(
    desk: State<'_, Desk>,
    busy: State<'_, crate::update::Busy>,
) -> Option<StaffSession> {
    busy.citizen_flow(true);
    desk.end_staff_on_kiosk(KioskSessionEnd::CitizenFlowStarted);
    desk.staff()
}

/// Someone is at the screen (touch, pointer, keys; the page reports it every few seconds at
/// most): keeps a kiosk's staff session from ending as idle.
#[tauri::command]
pub fn staff_activity(desk: State<'_, Desk>) {
    desk.seat.activity(Instant::now());
}

/// Who is logged in on this device, if anyone.
#[tauri::command]
pub fn current_staff(desk: State<'_, Desk>) -> Option<StaffSession> {
    desk.staff()
}

pub(crate) fn require(desk: &Desk, permission: Permission) -> Result<StaffSession, UiError> {
    desk.require_staff(permission)
}

/// The site's queue from the server (applications, bookings, legal aid, consultations, calls
/// for help), or this device's own work when the server cannot be asked.
#[tauri::command]
pub async fn clerk_queue(
    desk: State<'_, Desk>,
    lan: State<'_, LanCalls>,
) -> Result<SiteQueue, UiError> {
    let session = require(&desk, Permission::ViewQueue)?;
    let mut queue = desk
        .sync
        .desk_queue(&session)
        .await
        .map_err(|e| desk.ui(e))?;
    // Calls heard on the LAN (their kiosk could not reach the server) come first too.
    lan.pick_up_key(&desk.store).await;
    let heard = lan.entries(desk.language());
    queue
        .entries
        .retain(|e| !heard.iter().any(|h| h.id == e.id));
    queue.entries.splice(0..0, heard);
    Ok(queue)
}

/// Opens an application of the site: answers, attached files, the materials checked so far.
#[tauri::command]
pub async fn clerk_open_application(
    desk: State<'_, Desk>,
    tracking_number: String,
) -> Result<DeskApplication, UiError> {
    let session = require(&desk, Permission::VerifyMaterials)?;
    desk.sync
        .desk_application(&session, &tracking_number)
        .await
        .map_err(|e| desk.ui(e))
}

/// Records the clerk's check of some materials (核验材料): checked here against the item first,
/// then by the server.
#[tauri::command]
pub async fn clerk_check_materials(
    desk: State<'_, Desk>,
    tracking_number: String,
    item_code: String,
    checks: Vec<MaterialCheckEntry>,
) -> Result<DeskApplication, UiError> {
    let session = require(&desk, Permission::VerifyMaterials)?;
    let item = desk
        .store
        .catalog_item(&item_code)
        .map_err(|e| desk.ui(e))?;
    for entry in &checks {
        materials::check_entry(&item.materials, entry)
            .map_err(|e| desk.ui(borderdesk_local::LocalError::Rule(e)))?;
    }
    desk.sync
        .desk_check_materials(&session, &tracking_number, checks)
        .await
        .map_err(|e| desk.ui(e))
}

/// Accepts (受理) an application once every required material is in order.
#[tauri::command]
pub async fn clerk_accept_application(
    desk: State<'_, Desk>,
    tracking_number: String,
) -> Result<(), UiError> {
    let session = require(&desk, Permission::VerifyMaterials)?;
    desk.sync
        .desk_accept(&session, &tracking_number)
        .await
        .map_err(|e| desk.ui(e))
}

/// Who is filling applications in for citizens right now (代办), if anyone: set from the desk,
/// used by the next submit while the same person is still logged in.
#[derive(Default)]
pub struct Assisting(RwLock<Option<AssistedBy>>);

impl Assisting {
    /// The member of staff an application submitted now is filled in by: only while that
    /// person is still logged in with a role that may assist.
    pub fn current(&self, desk: &Desk) -> Option<AssistedBy> {
        let by = self.0.read().ok()?.clone()?;
        let session = desk.staff()?;
        (session.staff.id == by.staff_id && session.require(Permission::AssistApplication).is_ok())
            .then_some(by)
    }

    fn set(&self, by: Option<AssistedBy>) {
        if let Ok(mut a) = self.0.write() {
            *a = by;
        }
    }
}

/// Starts filling applications in on a citizen's behalf: they are recorded as assisted by the
/// member of staff logged in.
#[tauri::command]
pub fn clerk_start_assisting(
    desk: State<'_, Desk>,
    assisting: State<'_, Assisting>,
) -> Result<AssistedBy, UiError> {
    let session = desk.require_assisting()?;
    let by = AssistedBy {
        staff_id: session.staff.id,
        user_name: session.staff.user_name,
    };
    assisting.set(Some(by.clone()));
    Ok(by)
}

#[tauri::command]
pub fn clerk_stop_assisting(assisting: State<'_, Assisting>) {
    assisting.set(None);
}

/// Whether applications are being filled in for a citizen now, and by whom.
#[tauri::command]
pub fn clerk_assisting(
    desk: State<'_, Desk>,
    assisting: State<'_, Assisting>,
) -> Option<AssistedBy> {
    assisting.current(&desk)
}

/// Reprints (补打, and marked so) the receipt of an application, a booking, a legal aid request
/// or a consultation made on this device (a booking's reprint leaves the cancel code out: it is
/// printed once). A number this device does not hold says so.
#[tauri::command]
pub async fn clerk_reprint(
    desk: State<'_, Desk>,
    tracking_number: String,
) -> Result<PrintResult, UiError> {
    require(&desk, Permission::ReprintReceipt)?;
    let language = desk.language();
    let number = tracking_number.replace(' ', "");
    match desk.store.receipt(&number).await {
        // A desk's print is always a copy (补打).
        Ok((receipt, item)) => {
            crate::commands::print_application_receipt(&desk, &receipt, &item, true).await
        }
        Err(borderdesk_local::LocalError::ApplicationNotFound) => {
            if let Ok(booking) = desk.store.booking_receipt(&number).await {
                return crate::notary::print_booking(&desk, &booking, true).await;
            }
            let slip = desk
                .store
                .legal_aid_receipt(&number)
                .await
                .map_err(|e| desk.ui(e))?;
            // Says what the first receipt said: the office, why, how urgent.
            let routing =
                crate::legal_aid::slip_lines(&slip.reasons.routing_ids, &slip.receipt, language);
            let urgent =
                crate::legal_aid::slip_lines(&slip.reasons.urgent_ids, &slip.receipt, language);
            let print = crate::legal_aid::print_legal_aid(
                &desk,
                &slip.receipt,
                slip.consultation,
                routing,
                urgent,
                true,
            )
            .await;
            if print.outcome == "failed" {
                return Err(UiError {
                    code: "error-receipt-print-failed".into(),
                    message: print.message,
                    question_id: None,
                    fields: Vec::new(),
                });
            }
            Ok(print)
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
/// answers, else over the hall's LAN when a desk there acknowledges it; says whether it did
/// (the kiosk confirms the call on screen either way).
#[tauri::command]
pub async fn call_staff(desk: State<'_, Desk>) -> Result<bool, UiError> {
    let id = uuid::Uuid::now_v7();
    match desk.sync.call_staff(id).await {
        Ok(true) => return Ok(true),
        Ok(false) => {}
        Err(e) => tracing::info!(code = e.code(), "server not reached; calling over the LAN"),
    }
    let Ok(device) = desk.store.device().await else {
        return Ok(false);
    };
    let Some(site) = device.site_id else {
        return Ok(false);
    };
    let code = device.device_code.0.to_string();
    // Without the site's LAN key nothing goes on the LAN: the call waits for the server.
    let key = desk.store.lan_key().await.ok().flatten();
    match lan::call_over_lan(key.as_ref(), &site, &code, id, lan::lan_target(), LAN_WAIT).await {
        Ok(heard) => Ok(heard),
        Err(e) => {
            tracing::info!(error = %e, "staff call stayed on the kiosk");
            Ok(false)
        }
    }
}

/// How long a kiosk waits for a desk on the LAN to acknowledge its call.
const LAN_WAIT: std::time::Duration = std::time::Duration::from_millis(1500);

/// The desk's listener for calls over the LAN (desk and field devices of an enrolled site).
#[derive(Default)]
pub struct LanCalls(Option<Arc<lan::LanDesk>>);

impl LanCalls {
    /// Listens for the site's calls, signed with its LAN key; without a site, or when the
    /// port is taken, the desk still gets calls through the server. Without the key yet it
    /// hears nothing until a sync has fetched it (see [`Self::pick_up_key`]).
    pub async fn start(site_id: Option<String>, key: Option<lan::LanKey>) -> Self {
        let Some(site) = site_id else {
            return Self(None);
        };
        let bind = std::net::SocketAddr::from(([0, 0, 0, 0], lan::lan_port()));
        match lan::LanDesk::listen(site, key, bind, lan::lan_target()).await {
            Ok(desk) => Self(Some(desk)),
            Err(e) => {
                tracing::warn!(error = %e, "not listening for calls on the LAN");
                Self(None)
            }
        }
    }

    /// A listener still without the site's LAN key takes it once a sync has stored it.
    async fn pick_up_key(&self, store: &borderdesk_local::Store) {
        let Some(lan) = &self.0 else {
            return;
        };
        if !lan.has_key() {
            if let Ok(Some(key)) = store.lan_key().await {
                lan.set_key(Some(key));
            }
        }
    }

    /// Whether someone who works the queue is logged in here (only then are calls
    /// acknowledged to the kiosk).
    fn set_on_duty(&self, on_duty: bool) {
        if let Some(lan) = &self.0 {
            lan.set_on_duty(on_duty);
        }
    }

    /// The LAN calls as queue rows, each kiosk named in the desk's language.
    fn entries(&self, language: borderdesk_core::Language) -> Vec<QueueEntry> {
        let Some(lan) = &self.0 else {
            return Vec::new();
        };
        lan.open_calls()
            .into_iter()
            .map(|c| QueueEntry {
                kind: DeskQueueKind::StaffCall,
                id: c.id,
                tracking_number: None,
                tracking_number_grouped: None,
                code: None,
                status: "open".into(),
                at: c.called_at,
                waiting_to_send: false,
                refused_code: None,
                title: None,
                device_name: Some(borderdesk_i18n::message(
                    language.tag(),
                    "clerk-lan-device",
                    &[("code", c.device_name)],
                )),
                assisted: false,
                urgent: false,
                due: None,
            })
            .collect()
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
pub async fn clerk_answer_call(
    desk: State<'_, Desk>,
    lan: State<'_, LanCalls>,
    id: uuid::Uuid,
) -> Result<(), UiError> {
    let session = require(&desk, Permission::ViewQueue)?;
    if let Some(lan) = &lan.0 {
        if lan.answer(id).await {
            return Ok(());
        }
    }
    desk.sync
        .answer_staff_call(&session, id)
        .await
        .map_err(|e| desk.ui(e))
}
