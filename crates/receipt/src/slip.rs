//! The resume slip (暂存凭条): the one-time code that brings a saved, unfinished application
//! back at any kiosk. Same page as the receipt, other words; no personal data.

use borderdesk_core::resume::ResumeCode;
use borderdesk_core::{CatalogItem, Language};
use borderdesk_i18n::message;
use chrono::{DateTime, Utc};

use crate::document::{local_date_time, official_name, ReceiptDocument};

/// Prefix of the QR payload of a resume slip: `BDR:<code>`.
pub const RESUME_QR_PREFIX: &str = "BDR:";

/// The slip for a draft of `item` saved with `code` until `expires_at`, at `site`.
pub fn resume_slip_document(
    item: &CatalogItem,
    code: &ResumeCode,
    saved_at: DateTime<Utc>,
    expires_at: DateTime<Utc>,
    language: Language,
    site: &str,
) -> ReceiptDocument {
    let tag = language.tag();
    let m = |id: &str| message(tag, id, &[]);
    let rows = vec![
        (m("receipt-item-label"), official_name(&item.name, language)),
        (m("slip-saved-label"), local_date_time(saved_at, language)),
        (m("slip-valid-label"), local_date_time(expires_at, language)),
        (m("receipt-site-label"), site.to_string()),
    ];
    ReceiptDocument {
        language: tag.to_string(),
        header: m("receipt-header"),
        title: m("slip-title"),
        number_label: m("slip-code-label"),
        tracking_number: code.as_str().to_string(),
        tracking_number_grouped: code.grouped(),
        qr_payload: format!("{RESUME_QR_PREFIX}{code}"),
        qr_caption: m("slip-qr-caption"),
        rows,
        materials_label: String::new(),
        materials: Vec::new(),
        materials_none: String::new(),
        waiting_to_send: None,
        sample_notice: None,
        track_hint: m("slip-hint"),
        keep_note: m("slip-keep"),
    }
}
