//! The Tauri commands: doorways, not rooms. Each one crosses the boundary, calls the store or
//! the sync client, and puts errors into the person's language. Rules live in `core`.

use std::collections::BTreeMap;

use borderdesk_core::attachment::Attachment;
use borderdesk_core::catalog::{Category, LifeEvent};
use borderdesk_core::validate::today_in_china;
use borderdesk_core::{ApplicationDraft, CatalogItem, Language, Receipt};
use borderdesk_local::resume::{DraftContent, ResumedDraft};
use borderdesk_local::{LocalError, SearchPage, SyncStatus, TrackedApplication};
use borderdesk_receipt::PrintOutcome;
use serde::Serialize;
use tauri::State;
use ts_rs::TS;
use uuid::Uuid;

use crate::desk::Desk;
use crate::error::UiError;

/// What the UI needs to know about this device at start.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct AppInfo {
    pub language: Language,
    /// The device's own language, which every new citizen starts in (`language` setting).
    pub home_language: Language,
    pub version: String,
    pub device_code: u32,
    pub provisional: bool,
    pub site_id: Option<String>,
    pub database_path: String,
    /// A kiosk forgets an idle citizen after this many seconds (a warning comes first).
    pub idle_timeout_seconds: u32,
    /// A document scanner is connected (the materials step offers 扫描).
    pub scanner_available: bool,
    /// An ID card reader is connected (name and ID number screens offer 读身份证).
    pub card_reader_available: bool,
    /// Seconds the rating stays offered after a finished transaction (`rating_seconds`).
    pub rating_seconds: u32,
}

/// The Fluent source of one language, for the UI's @fluent/bundle.
#[tauri::command]
pub fn ui_messages(language: Language) -> String {
    borderdesk_i18n::ftl_source(language.tag())
}

#[tauri::command]
pub async fn app_info(desk: State<'_, Desk>) -> Result<AppInfo, UiError> {
    AppInfo::of(&desk).await.map_err(|e| desk.ui(e))
}

impl AppInfo {
    /// The device as it is now (also injected into the page before it loads, see `boot_script`).
    pub async fn of(desk: &Desk) -> Result<Self, LocalError> {
        let device = desk.store.device().await?;
        Ok(AppInfo {
            language: desk.language(),
            home_language: borderdesk_local::device_config::home_language(),
            version: env!("CARGO_PKG_VERSION").to_string(),
            device_code: device.device_code.0,
            provisional: device.device_code.is_provisional(),
            site_id: device.site_id,
            database_path: desk.store.path().display().to_string(),
            idle_timeout_seconds: desk.idle_timeout_seconds,
            scanner_available: desk.scanner.available(),
            card_reader_available: desk.card_reader.available(),
            rating_seconds: borderdesk_local::rating::rating_seconds(),
        })
    }
}

#[tauri::command]
pub async fn set_language(desk: State<'_, Desk>, language: Language) -> Result<(), UiError> {
    desk.set_language(language);
    Ok(())
}

/// The best matches (at most `limit`, at most 100) and the number of all matches.
#[tauri::command]
pub fn catalog_search(
    desk: State<'_, Desk>,
    query: String,
    category: Option<Category>,
    limit: u32,
) -> SearchPage {
    desk.citizen_flow();
    desk.store
        .catalog_search_page(&query, category, limit.min(100) as usize)
}

/// The items a life event (搬家, 退休, 生孩子 ...) calls for, most asked first.
#[tauri::command]
pub fn catalog_life_event(desk: State<'_, Desk>, event: LifeEvent) -> Vec<CatalogItem> {
    desk.citizen_flow();
    desk.store.catalog_by_life_event(event)
}

/// The most asked items, reachable without a keyboard.
#[tauri::command]
pub fn catalog_most_asked(desk: State<'_, Desk>, limit: u32) -> Vec<CatalogItem> {
    desk.citizen_flow();
    desk.store.catalog_most_asked(limit.min(100) as usize)
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
    desk.citizen_flow();
    desk.store
        .check_answer(&item_code, &question_id, &value, &answers, today_in_china())
        .map_err(|e| desk.ui(e))
}

/// Saves a finished application and returns its receipt. Works offline.
#[tauri::command]
pub async fn submit_application(
    desk: State<'_, Desk>,
    assisting: State<'_, crate::clerk::Assisting>,
    draft: ApplicationDraft,
) -> Result<Receipt, UiError> {
    let assisted_by = assisting.current(&desk);
    desk.citizen_flow();
    let receipt = desk
        .store
        .submit_application_as(&draft, today_in_china(), assisted_by)
        .await
        .map_err(|e| desk.ui(e))?;
    desk.sync.refresh().await;
    Ok(receipt)
}

/// Scans one document for material `material_index` of a services item or of a legal aid
/// application (`owner`) and keeps it, sealed, for the application being filled in.
#[tauri::command]
pub async fn scan_material(
    desk: State<'_, Desk>,
    owner: borderdesk_local::attachments::MaterialsOf,
    material_index: u32,
) -> Result<Attachment, UiError> {
    desk.citizen_flow();
    let scanner = desk.scanner.clone();
    // Scanner drivers block; keep them off the async runtime's threads.
    let scanned = tauri::async_runtime::spawn_blocking(move || scanner.scan())
        .await
        .map_err(|_| desk.ui(LocalError::ScannerUnavailable))?
        .map_err(|e| desk.ui(e))?;
    desk.store
        .attach(owner, material_index, &scanned.bytes)
        .await
        .map_err(|e| desk.ui(e))
}

/// Removes a scanned document from the application being filled in.
#[tauri::command]
pub async fn remove_attachment(desk: State<'_, Desk>, id: Uuid) -> Result<(), UiError> {
    desk.store
        .remove_attachment(id)
        .await
        .map_err(|e| desk.ui(e))
}

/// The citizen is done or gone (home, idle timeout): every file of an unfinished application
/// leaves the device, and so does every page still waiting in the scanner's folder.
#[tauri::command]
pub async fn end_session(desk: State<'_, Desk>) -> Result<(), UiError> {
    // Pages scanned and never taken go too: the next person must not be offered them.
    let scanner = desk.scanner.clone();
    let _ = tauri::async_runtime::spawn_blocking(move || scanner.clear()).await;
    // A read still waiting for this person's card stops: the next person's card is theirs.
    desk.card_reader.cancel();
    // Their signed form cannot be printed by whoever comes next.
    desk.end_papers();
    desk.store
        .discard_held_attachments()
        .await
        .map(|_| ())
        .map_err(|e| desk.ui(e))
}

#[tauri::command]
pub async fn track_application(
    desk: State<'_, Desk>,
    tracking_number: String,
    id_last_four: String,
) -> Result<TrackedApplication, UiError> {
    desk.citizen_flow();
    desk.sync
        .track(&tracking_number, &id_last_four)
        .await
        .map_err(|e| desk.ui(e))
}

#[tauri::command]
pub async fn sync_status(desk: State<'_, Desk>) -> Result<SyncStatus, UiError> {
    desk.sync.status().await.map_err(|e| desk.ui(e))
}

/// What happened to a printed receipt, in the person's language.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct PrintResult {
    /// `printed`, `saved` or `no_printer`.
    pub outcome: String,
    pub message: String,
}

/// Prints (or reprints) the receipt of an application made on this device, in the language
/// on screen now: the slip must read like the screens the person used.
#[tauri::command]
pub async fn print_receipt(
    desk: State<'_, Desk>,
    tracking_number: String,
) -> Result<PrintResult, UiError> {
    let (receipt, item) = desk
        .store
        .receipt(&tracking_number)
        .await
        .map_err(|e| desk.ui(e))?;
    let printed_before = desk
        .store
        .receipt_printed_before(&tracking_number)
        .await
        .map_err(|e| desk.ui(e))?;
    print_application_receipt(&desk, &receipt, &item, printed_before).await
}

/// Prints an application's receipt (`reprint`: marked 补打) and notes that one came out: the
/// original is the first that did, a print that failed does not count.
pub(crate) async fn print_application_receipt(
    desk: &Desk,
    receipt: &borderdesk_core::Receipt,
    item: &borderdesk_core::CatalogItem,
    reprint: bool,
) -> Result<PrintResult, UiError> {
    let language = desk.language();
    let site = desk.site_name().await.map_err(|e| desk.ui(e))?;
    let mut doc = borderdesk_receipt::receipt_document_for_item(receipt, item, language, &site);
    if reprint {
        doc = doc.with_reprint_mark(chrono::Utc::now(), language);
    }
    let result = print_document(desk, &doc, Paper::Receipt)?;
    if result.outcome != "no_printer" {
        desk.store
            .note_receipt_printed(receipt.tracking_number.as_str())
            .await
            .map_err(|e| desk.ui(e))?;
    }
    Ok(result)
}

/// Which paper it is, for the words about its fate ("回执已打印" / "凭条已打印").
#[derive(Clone, Copy)]
pub(crate) enum Paper {
    Receipt,
    ResumeSlip,
    /// A signed form (申请表, 承诺书).
    Form,
    /// A materials checklist printed on request.
    Checklist,
}

/// Renders a slip and sends it to the printer (or the receipts folder), off the async
/// workers' backs; says what became of it in the person's language.
pub(crate) fn print_document(
    desk: &Desk,
    doc: &borderdesk_receipt::ReceiptDocument,
    slip: Paper,
) -> Result<PrintResult, UiError> {
    let outcome = tokio::task::block_in_place(|| {
        borderdesk_receipt::print_receipt(doc, desk.printer.as_ref())
    });
    print_result(desk, outcome, slip)
}

/// What became of a print, in the person's language.
pub(crate) fn print_result(
    desk: &Desk,
    outcome: Result<PrintOutcome, borderdesk_receipt::ReceiptError>,
    slip: Paper,
) -> Result<PrintResult, UiError> {
    let language = desk.language();
    let outcome = outcome.map_err(|e| UiError::from_receipt(&e, language))?;
    let kind = match &outcome {
        PrintOutcome::Printed { .. } => "printed",
        PrintOutcome::Saved { .. } => "saved",
        PrintOutcome::NoPrinter => "no_printer",
    };
    let id = match slip {
        Paper::Receipt => outcome.message_id().to_string(),
        Paper::ResumeSlip => format!("slip-{kind}").replace('_', "-"),
        Paper::Form => format!("form-{kind}").replace('_', "-"),
        Paper::Checklist => format!("checklist-{kind}").replace('_', "-"),
    };
    Ok(PrintResult {
        outcome: kind.to_string(),
        message: borderdesk_i18n::message(language.tag(), &id, &[]),
    })
}

/// A draft saved for later: the code to read out and the printed slip's fate.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct SavedDraftView {
    /// `K7M2Q-9XAB3`
    pub code_grouped: String,
    pub expires_at: chrono::DateTime<chrono::Utc>,
    pub print: PrintResult,
}

/// Saves the application being filled in under a new resume code and prints the slip; the code
/// of the slip it was resumed from (`resumed_from`), if any, is used up. Works offline; the next
/// sync lets other kiosks resume it.
#[tauri::command]
pub async fn save_draft(
    desk: State<'_, Desk>,
    draft: DraftContent,
    resumed_from: Option<String>,
) -> Result<SavedDraftView, UiError> {
    desk.citizen_flow();
    let saved = desk
        .store
        .save_draft_again(&draft, resumed_from.as_deref())
        .await
        .map_err(|e| desk.ui(e))?;
    // The sync task wakes for new work; the draft should reach the server soon.
    desk.store.outbox_changed().notify_one();
    let item = desk
        .store
        .catalog_item(&draft.item_code)
        .map_err(|e| desk.ui(e))?;
    let site = desk.site_name().await.map_err(|e| desk.ui(e))?;
    let doc = borderdesk_receipt::resume_slip_document(
        &item,
        &saved.code,
        saved.saved_at,
        saved.expires_at,
        desk.language(),
        &site,
    );
    // A failed print does not lose the draft: the screen shows the code to write down.
    let print = print_document(&desk, &doc, Paper::ResumeSlip).unwrap_or_else(|e| PrintResult {
        outcome: "failed".into(),
        message: e.message,
    });
    Ok(SavedDraftView {
        code_grouped: saved.code.grouped(),
        expires_at: saved.expires_at,
        print,
    })
}

/// Brings back an application saved with a resume code, here or at another kiosk; the code
/// stays good until the application is submitted or saved again.
#[tauri::command]
pub async fn resume_draft(desk: State<'_, Desk>, code: String) -> Result<ResumedDraft, UiError> {
    desk.citizen_flow();
    desk.sync.resume_draft(&code).await.map_err(|e| desk.ui(e))
}

/// The family QR code of an item (给家人拍一下): plain text with the item, the tracking number
/// when there is one, the office and the materials checklist, and its picture as SVG.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct FamilyQr {
    pub text: String,
    pub svg: String,
}

#[tauri::command]
pub fn family_qr(
    desk: State<'_, Desk>,
    item_code: String,
    tracking_number: Option<String>,
) -> Result<FamilyQr, UiError> {
    let item = desk
        .store
        .catalog_item(&item_code)
        .map_err(|e| desk.ui(e))?;
    family_qr_of(
        &desk,
        borderdesk_receipt::FamilySubject::item(&item),
        tracking_number,
    )
}

/// The family QR code of a video notarization matter (on the materials list, before an office
/// is chosen) or booking: the matter, the office once chosen, what to bring.
#[tauri::command]
pub fn family_qr_booking(
    desk: State<'_, Desk>,
    matter_code: String,
    office_code: Option<String>,
    tracking_number: Option<String>,
) -> Result<FamilyQr, UiError> {
    let matter = desk
        .store
        .notary_matter(&matter_code)
        .map_err(|e| desk.ui(e))?;
    let office = match office_code {
        Some(code) => Some(desk.store.notary_office(&code).map_err(|e| desk.ui(e))?),
        None => None,
    };
    family_qr_of(
        &desk,
        borderdesk_receipt::FamilySubject::notary(&matter, office.as_ref()),
        tracking_number,
    )
}

/// The family QR code of a legal aid application or consultation made here: the office that
/// handles it, the tracking number and, for an application, what it may bring.
#[tauri::command]
pub async fn family_qr_legal_aid(
    desk: State<'_, Desk>,
    tracking_number: String,
) -> Result<FamilyQr, UiError> {
    let slip = desk
        .store
        .legal_aid_receipt(&tracking_number)
        .await
        .map_err(|e| desk.ui(e))?;
    let name = borderdesk_receipt::legal_aid_service_name(slip.consultation);
    let materials = if slip.consultation {
        Vec::new()
    } else {
        borderdesk_core::legal_aid::legal_aid_materials()
    };
    family_qr_of(
        &desk,
        borderdesk_receipt::FamilySubject::legal_aid(&name, &slip.receipt.office.name, &materials),
        Some(tracking_number),
    )
}

fn family_qr_of(
    desk: &Desk,
    subject: borderdesk_receipt::FamilySubject<'_>,
    tracking_number: Option<String>,
) -> Result<FamilyQr, UiError> {
    let number = tracking_number
        .map(|n| borderdesk_core::TrackingNumber::parse(&n))
        .transpose()
        .map_err(|e| desk.ui(LocalError::Rule(e)))?;
    let note = borderdesk_receipt::family_subject_note(subject, number.as_ref(), desk.language())
        .map_err(|e| UiError::from_receipt(&e, desk.language()))?;
    Ok(FamilyQr {
        text: note.text,
        svg: note.svg,
    })
}
