//! The Tauri commands: doorways, not rooms. Each one crosses the boundary, calls the store or
//! the sync client, and puts errors into the person's language. Rules live in `core`.

use std::collections::BTreeMap;

use borderdesk_core::catalog::Category;
use borderdesk_core::validate::today_in_china;
use borderdesk_core::{ApplicationDraft, CatalogItem, Language, Receipt};
use borderdesk_local::{SyncStatus, TrackedApplication};
use serde::Serialize;
use tauri::State;
use ts_rs::TS;

use crate::desk::Desk;
use crate::error::UiError;

/// What the UI needs to know about this device at start.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct AppInfo {
    pub language: Language,
    pub version: String,
    pub device_code: u32,
    pub provisional: bool,
    pub site_id: Option<String>,
    pub database_path: String,
}

/// The Fluent source of one language, for the UI's @fluent/bundle.
#[tauri::command]
pub fn ui_messages(language: Language) -> String {
    borderdesk_i18n::ftl_source(language.tag())
}

#[tauri::command]
pub async fn app_info(desk: State<'_, Desk>) -> Result<AppInfo, UiError> {
    let device = desk.store.device().await.map_err(|e| desk.ui(e))?;
    Ok(AppInfo {
        language: desk.language(),
        version: env!("CARGO_PKG_VERSION").to_string(),
        device_code: device.device_code.0,
        provisional: device.device_code.is_provisional(),
        site_id: device.site_id,
        database_path: desk.store.path().display().to_string(),
    })
}

#[tauri::command]
pub async fn set_language(desk: State<'_, Desk>, language: Language) -> Result<(), UiError> {
    desk.set_language(language).await.map_err(|e| desk.ui(e))
}

#[tauri::command]
pub fn catalog_search(
    desk: State<'_, Desk>,
    query: String,
    category: Option<Category>,
) -> Vec<CatalogItem> {
    desk.store.catalog_search(&query, category)
}

#[tauri::command]
pub fn catalog_item(desk: State<'_, Desk>, code: String) -> Result<CatalogItem, UiError> {
    desk.store.catalog_item(&code).map_err(|e| desk.ui(e))
}

/// Checks one answer before the interview moves on; returns it normalised.
#[tauri::command]
pub fn check_answer(
    desk: State<'_, Desk>,
    item_code: String,
    question_id: String,
    value: String,
    answers: BTreeMap<String, String>,
) -> Result<String, UiError> {
    // The answers so far decide branching; a question that is not asked has nothing to check.
    let _ = answers;
    desk.store
        .check_answer(&item_code, &question_id, &value, today_in_china())
        .map_err(|e| desk.ui(e))
}

/// Saves a finished application and returns its receipt. Works offline.
#[tauri::command]
pub async fn submit_application(
    desk: State<'_, Desk>,
    draft: ApplicationDraft,
) -> Result<Receipt, UiError> {
    let receipt = desk
        .store
        .submit_application(&draft, today_in_china())
        .await
        .map_err(|e| desk.ui(e))?;
    desk.sync.refresh().await;
    Ok(receipt)
}

#[tauri::command]
pub async fn track_application(
    desk: State<'_, Desk>,
    tracking_number: String,
    id_last_four: String,
) -> Result<TrackedApplication, UiError> {
    desk.store
        .track(&tracking_number, &id_last_four)
        .await
        .map_err(|e| desk.ui(e))
}

#[tauri::command]
pub async fn sync_status(desk: State<'_, Desk>) -> Result<SyncStatus, UiError> {
    desk.sync.status().await.map_err(|e| desk.ui(e))
}

/// Syncs now (a clerk's "force sync"); the error, if any, is in the person's language.
#[tauri::command]
pub async fn sync_now(desk: State<'_, Desk>) -> Result<SyncStatus, UiError> {
    desk.sync.sync_once().await.map_err(|e| desk.ui(e))?;
    desk.sync.status().await.map_err(|e| desk.ui(e))
}
