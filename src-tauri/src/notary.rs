//! Commands of remote video notarization: matters, competent offices, slots, booking (online:
//! decided at once; offline: pending until sync), lookup and cancel. Thin: the rules are in
//! `borderdesk_core::notary`, the records in `borderdesk_local::notary`.

use borderdesk_core::notary::{CompetenceFacts, NotaryMatter, NotaryOffice};
use borderdesk_core::validate::today_in_china;
use borderdesk_local::notary::{BookingReceipt, BookingRequest, LocalBookingStatus, SlotChoices};
use chrono::Utc;
use serde::Serialize;
use tauri::State;
use ts_rs::TS;

use crate::commands::{print_document, Paper, PrintResult};
use crate::desk::Desk;
use crate::error::UiError;

#[tauri::command]
pub fn notary_matters(desk: State<'_, Desk>) -> Result<Vec<NotaryMatter>, UiError> {
    desk.store.notary_matters().map_err(|e| desk.ui(e))
}

/// Offices that can take the matter for these places (best first); all that take it when no
/// place is given.
#[tauri::command]
pub fn notary_offices(
    desk: State<'_, Desk>,
    matter_code: String,
    facts: CompetenceFacts,
) -> Result<Vec<NotaryOffice>, UiError> {
    desk.store
        .notary_offices(&matter_code, &facts)
        .map_err(|e| desk.ui(e))
}

/// The office's slots with seats: fresh from the server when it answers, else as last cached
/// (the screen says as of when).
#[tauri::command]
pub async fn notary_slots(
    desk: State<'_, Desk>,
    office_code: String,
) -> Result<SlotChoices, UiError> {
    desk.citizen_flow();
    if let Err(e) = desk.sync.refresh_availability(&office_code).await {
        tracing::info!(
            code = e.code(),
            "availability not refreshed; using the cache"
        );
    }
    desk.store
        .slot_choices(&office_code, Utc::now())
        .await
        .map_err(|e| desk.ui(e))
}

/// A booking just made, with its printed receipt's fate.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct BookingMade {
    pub receipt: BookingReceipt,
    pub print: PrintResult,
}

/// Books a slot. Saved first (works offline); then, when the server answers within a few
/// seconds, it is confirmed or rejected with alternatives at once. The receipt with the
/// cancel code is printed either way.
#[tauri::command]
pub async fn book_notary(
    desk: State<'_, Desk>,
    request: BookingRequest,
) -> Result<BookingMade, UiError> {
    desk.citizen_flow();
    let receipt = desk
        .sync
        .book_and_decide(
            &request,
            Utc::now(),
            today_in_china(),
            borderdesk_local::notary::DECIDE_WITHIN,
        )
        .await
        .map_err(|e| desk.ui(e))?;
    let print = print_booking(&desk, &receipt, false).await?;
    desk.sync.refresh().await;
    Ok(BookingMade { receipt, print })
}

/// Prints a booking's receipt; `reprint` marks it 补打 (a desk's copy).
pub(crate) async fn print_booking(
    desk: &Desk,
    receipt: &BookingReceipt,
    reprint: bool,
) -> Result<PrintResult, UiError> {
    let language = desk.language();
    let site = desk.site_name().await.map_err(|e| desk.ui(e))?;
    let fields = borderdesk_receipt::BookingSlipFields {
        tracking_number: &receipt.tracking_number,
        matter: &receipt.matter_name,
        office: &receipt.office_name,
        slot_start: receipt.slot_start,
        confirmed: receipt.status == LocalBookingStatus::Confirmed,
        cancel_code: receipt.cancel_code.as_deref(),
        materials: receipt
            .materials
            .iter()
            .map(|m| m.get(language).to_string())
            .collect(),
    };
    let mut doc = borderdesk_receipt::booking_slip_document(&fields, language, &site);
    if reprint {
        doc = doc.with_reprint_mark(chrono::Utc::now(), language);
    }
    print_document(desk, &doc, Paper::Receipt)
}

/// A booking of this device, for its applicant (tracking number + last four of the ID).
#[tauri::command]
pub async fn find_booking(
    desk: State<'_, Desk>,
    tracking_number: String,
    id_last_four: String,
) -> Result<BookingReceipt, UiError> {
    desk.citizen_flow();
    desk.store
        .find_booking(&tracking_number, &id_last_four)
        .await
        .map_err(|e| desk.ui(e))
}

/// Cancels a booking with the code from its receipt; sent to the server at once when online.
#[tauri::command]
pub async fn cancel_notary(
    desk: State<'_, Desk>,
    tracking_number: String,
    cancel_code: String,
) -> Result<BookingReceipt, UiError> {
    desk.store
        .cancel_booking(&tracking_number, &cancel_code, Utc::now())
        .await
        .map_err(|e| desk.ui(e))?;
    desk.sync
        .send_within(borderdesk_local::notary::DECIDE_WITHIN)
        .await;
    desk.sync.refresh().await;
    desk.store
        .booking_receipt(&tracking_number)
        .await
        .map_err(|e| desk.ui(e))
}

/// Moves a confirmed booking to another slot with the code from its receipt; the server moves
/// it atomically (at once when online, else at sync).
#[tauri::command]
pub async fn reschedule_notary(
    desk: State<'_, Desk>,
    tracking_number: String,
    cancel_code: String,
    new_start: chrono::DateTime<Utc>,
) -> Result<BookingReceipt, UiError> {
    desk.store
        .reschedule_booking(&tracking_number, &cancel_code, new_start, Utc::now())
        .await
        .map_err(|e| desk.ui(e))?;
    desk.sync
        .send_within(borderdesk_local::notary::DECIDE_WITHIN)
        .await;
    desk.sync.refresh().await;
    desk.store
        .booking_receipt(&tracking_number)
        .await
        .map_err(|e| desk.ui(e))
}

/// The video link of a confirmed booking whose session is open now (from a quarter of an hour
/// before the slot until its end); its applicant proves it with the last four of the ID.
async fn session_link(
    desk: &Desk,
    tracking_number: &str,
    id_last_four: &str,
) -> Result<tauri::Url, UiError> {
    let booking = desk
        .store
        .find_booking(tracking_number, id_last_four)
        .await
        .map_err(|e| desk.ui(e))?;
    if booking.status != LocalBookingStatus::Confirmed {
        return Err(desk.ui(borderdesk_local::LocalError::BookingNotActive));
    }
    let minutes = (booking.slot_end - booking.slot_start).num_minutes().max(0) as u32;
    borderdesk_core::notary::video_session_open(booking.slot_start, minutes, Utc::now())
        .map_err(|e| desk.ui(e.into()))?;
    booking
        .video_link
        .as_deref()
        .and_then(|l| tauri::Url::parse(l).ok())
        .ok_or_else(|| desk.ui(borderdesk_local::LocalError::BookingNotActive))
}

/// Opens the video session of a confirmed booking in its own window.
#[tauri::command]
pub async fn open_video_session<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    desk: State<'_, Desk>,
    tracking_number: String,
    id_last_four: String,
) -> Result<(), UiError> {
    let link = session_link(&desk, &tracking_number, &id_last_four).await?;
    crate::video::open(&app, &link)
        .map_err(|_| UiError::coded("error-video-window", &[], desk.language()))
}

/// Where the app's own window cannot do the video call (no WebRTC in this WebKitGTK), the
/// same session in the system browser (`xdg-open`, or `BORDERDESK_BROWSER`).
#[tauri::command]
pub async fn open_video_in_browser(
    desk: State<'_, Desk>,
    tracking_number: String,
    id_last_four: String,
) -> Result<(), UiError> {
    let link = session_link(&desk, &tracking_number, &id_last_four).await?;
    crate::video::open_in_browser(&link)
        .map_err(|_| UiError::coded("error-video-window", &[], desk.language()))
}

/// Prints the materials checklist of a notarization matter (with the office, once chosen) on
/// request: no personal data, at most `checklist_prints` a session
/// (`error-checklist-print-limit`).
#[tauri::command]
pub async fn print_notary_checklist(
    desk: State<'_, Desk>,
    matter_code: String,
    office_code: Option<String>,
) -> Result<PrintResult, UiError> {
    let max = borderdesk_local::papers::checklist_prints();
    let asked = desk
        .papers()
        .reserve_checklist(max)
        .map_err(|e| desk.ui(e))?;
    let printed = print_checklist(&desk, &matter_code, office_code).await;
    if !matches!(&printed, Ok(r) if r.outcome != "no_printer") {
        desk.papers().refund_checklist(asked);
    }
    printed
}

async fn print_checklist(
    desk: &Desk,
    matter_code: &str,
    office_code: Option<String>,
) -> Result<PrintResult, UiError> {
    let matter = desk
        .store
        .notary_matter(matter_code)
        .map_err(|e| desk.ui(e))?;
    let office = match office_code {
        Some(code) => Some(desk.store.notary_office(&code).map_err(|e| desk.ui(e))?),
        None => None,
    };
    let site = desk.site_name().await.map_err(|e| desk.ui(e))?;
    let language = desk.language();
    let outcome = tokio::task::block_in_place(|| {
        let doc = borderdesk_receipt::notary_checklist_document(
            &matter,
            office.as_ref(),
            language,
            &site,
            chrono::Utc::now(),
        );
        borderdesk_receipt::print_form(&doc, desk.printer.as_ref())
    });
    crate::commands::print_result(desk, outcome, Paper::Checklist)
}
