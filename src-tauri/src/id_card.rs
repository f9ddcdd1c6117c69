//! Reading a citizen's resident ID card into the screen that asks for it. The card goes to
//! the screen and nowhere else: nothing is kept here, nothing is logged.

use std::collections::BTreeMap;

use borderdesk_core::id_card::IdCard;
use borderdesk_core::validate::today_in_china;
use borderdesk_local::card_reader::card_wait;
use borderdesk_local::LocalError;
use serde::Serialize;
use tauri::State;
use ts_rs::TS;

use crate::desk::Desk;
use crate::error::UiError;

/// A card as read, and the answers it fills of the item being applied for (none without one).
#[derive(Clone, Serialize, TS)]
#[ts(export)]
pub struct CardRead {
    pub card: IdCard,
    pub answers: BTreeMap<String, String>,
}

/// Waits for a card on the reader (the device's `card_reader_wait_seconds`), reads it, and
/// refuses one that is out of date or garbled; with `item_code`, says which of the item's
/// answers it fills (the applicant's name, ID number, address).
#[tauri::command]
pub async fn read_id_card(
    desk: State<'_, Desk>,
    item_code: Option<String>,
) -> Result<CardRead, UiError> {
    let reader = desk.card_reader.clone();
    // A cancel from here on (取消, leaving the screen, the session's end) stops this read.
    let cancels_seen = reader.cancels();
    // Serial lines block; keep them off the async runtime's threads.
    let card =
        tauri::async_runtime::spawn_blocking(move || reader.read_since(card_wait(), cancels_seen))
            .await
            .map_err(|_| desk.ui(LocalError::CardReaderNotAnswering))?
            .map_err(|e| desk.ui(e))?;
    card.check(today_in_china())
        .map_err(|e| desk.ui(LocalError::Rule(e)))?;
    let answers = match item_code {
        Some(code) => desk
            .store
            .catalog_item(&code)
            .map_err(|e| desk.ui(e))?
            .answers_from_card(&card),
        None => BTreeMap::new(),
    };
    Ok(CardRead { card, answers })
}

/// Stops a read that is waiting for a card (取消, or the citizen left).
#[tauri::command]
pub fn cancel_id_card_read(desk: State<'_, Desk>) {
    desk.card_reader.cancel();
}
