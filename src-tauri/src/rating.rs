//! 好差评 commands: the citizen's rating of what they just finished (kiosk), and the desk's
//! record of how a poor one was followed up. The rules are `core::rating`.

use borderdesk_core::rating::{RatedService, RatingLevel, RatingReason};
use borderdesk_core::staff::Permission;
use borderdesk_protocol::RatingFollowUp;
use tauri::State;
use uuid::Uuid;

use crate::clerk::require;
use crate::desk::Desk;
use crate::error::UiError;

/// The reasons offered with a poor rating.
#[tauri::command]
pub fn rating_reasons(desk: State<'_, Desk>) -> Vec<RatingReason> {
    desk.store.rating_reasons()
}

/// Keeps the citizen's rating of a transaction made here (once), for the server.
#[tauri::command]
pub async fn rate_service(
    desk: State<'_, Desk>,
    service: RatedService,
    tracking_number: String,
    level: RatingLevel,
    reasons: Vec<String>,
) -> Result<(), UiError> {
    // The citizen's own judgement: not while a member of staff holds the screen (代办, a desk).
    if desk.staff().is_some() {
        return Err(desk.ui(borderdesk_local::LocalError::RatingByStaff));
    }
    desk.store
        .rate(service, &tracking_number, level, &reasons)
        .await
        .map_err(|e| desk.ui(e))
}

/// Records how the site followed up a poor rating (online; the server checks the site).
#[tauri::command]
pub async fn clerk_rating_follow_up(
    desk: State<'_, Desk>,
    id: Uuid,
    outcome: String,
) -> Result<RatingFollowUp, UiError> {
    let session = require(&desk, Permission::VerifyMaterials)?;
    let outcome = borderdesk_core::rating::check_outcome(&outcome)
        .map_err(|e| desk.ui(borderdesk_local::LocalError::Rule(e)))?;
    desk.sync
        .desk_rating_follow_up(&session, id, &outcome)
        .await
        .map_err(|e| desk.ui(e))
}
