//! Commands of the notary office's desk (公证处工作人员): the day's bookings, completed or
//! no-show, the calendar's slots (close, open, resize) and the SMS sent. Online only: the
//! server is the calendar; roles and the person's own office are checked here and again on
//! the server.

use borderdesk_core::notary::NotaryOffice;
use borderdesk_core::staff::{OfficeKind, Permission};
use borderdesk_protocol::{
    BookingOutcome, NotaryDay, OutcomeRecorded, SlotChangeRequest, SlotSeats, SmsReport,
};
use chrono::NaiveDate;
use tauri::State;
use uuid::Uuid;

use crate::clerk::require;
use crate::desk::Desk;
use crate::error::UiError;

#[tauri::command]
pub fn notary_office_list(desk: State<'_, Desk>) -> Result<Vec<NotaryOffice>, UiError> {
    desk.store.notary_office_list().map_err(|e| desk.ui(e))
}

#[tauri::command]
pub async fn notary_day(
    desk: State<'_, Desk>,
    office_code: String,
    date: NaiveDate,
) -> Result<NotaryDay, UiError> {
    let session = require(&desk, Permission::MarkBooking)?;
    desk.require_office(&session, OfficeKind::Notary, &office_code)?;
    desk.sync
        .notary_day(&session, &office_code, date)
        .await
        .map_err(|e| desk.ui(e))
}

#[tauri::command]
pub async fn notary_outcome(
    desk: State<'_, Desk>,
    booking_id: Uuid,
    outcome: BookingOutcome,
) -> Result<OutcomeRecorded, UiError> {
    let session = require(&desk, Permission::MarkBooking)?;
    desk.sync
        .record_outcome(&session, booking_id, outcome)
        .await
        .map_err(|e| desk.ui(e))
}

#[tauri::command]
pub async fn notary_slot_change(
    desk: State<'_, Desk>,
    change: SlotChangeRequest,
) -> Result<SlotSeats, UiError> {
    let session = require(&desk, Permission::ManageCalendar)?;
    desk.require_office(&session, OfficeKind::Notary, &change.office_code)?;
    desk.sync
        .change_slot(&session, &change)
        .await
        .map_err(|e| desk.ui(e))
}

#[tauri::command]
pub async fn notary_sms(
    desk: State<'_, Desk>,
    office_code: String,
    date: NaiveDate,
) -> Result<SmsReport, UiError> {
    let session = require(&desk, Permission::MarkBooking)?;
    desk.require_office(&session, OfficeKind::Notary, &office_code)?;
    desk.sync
        .sms_report(&session, &office_code, date)
        .await
        .map_err(|e| desk.ui(e))
}
