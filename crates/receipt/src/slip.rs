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
        reprint: None,
        track_hint: m("slip-hint"),
        keep_note: m("slip-keep"),
    }
}

/// What a notarization booking receipt (预约回执) prints; the device fills it from its booking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BookingSlipFields<'a> {
    pub tracking_number: &'a borderdesk_core::TrackingNumber,
    pub matter: &'a borderdesk_core::LocalizedText,
    pub office: &'a borderdesk_core::LocalizedText,
    pub slot_start: DateTime<Utc>,
    pub confirmed: bool,
    /// Printed once, at booking; reprints leave it out.
    pub cancel_code: Option<&'a str>,
    pub materials: Vec<String>,
}

/// The booking receipt: number, matter, office, time (Asia/Shanghai), whether the office has
/// confirmed it, the cancel code, and the materials to have at hand for the video call.
pub fn booking_slip_document(
    fields: &BookingSlipFields<'_>,
    language: Language,
    site: &str,
) -> ReceiptDocument {
    let tag = language.tag();
    let m = |id: &str| message(tag, id, &[]);
    let mut rows = vec![
        (
            m("booking-matter-label"),
            official_name(fields.matter, language),
        ),
        (
            m("booking-office-label"),
            official_name(fields.office, language),
        ),
        (
            m("booking-time-label"),
            local_date_time(fields.slot_start, language),
        ),
        (
            m("booking-status-label"),
            m(if fields.confirmed {
                "booking-status-confirmed"
            } else {
                "booking-status-pending"
            }),
        ),
    ];
    if let Some(code) = fields.cancel_code {
        rows.push((m("booking-cancel-code-label"), code.to_string()));
    }
    rows.push((m("receipt-site-label"), site.to_string()));
    let tracking = fields.tracking_number.as_str().to_string();
    ReceiptDocument {
        language: tag.to_string(),
        header: m("booking-header"),
        title: m("booking-title"),
        number_label: m("receipt-number-label"),
        qr_payload: format!("{}{tracking}", crate::QR_PREFIX),
        tracking_number_grouped: fields.tracking_number.grouped(),
        tracking_number: tracking,
        qr_caption: m("receipt-qr-caption"),
        rows,
        materials_label: m("booking-materials-label"),
        materials: fields.materials.clone(),
        materials_none: m("receipt-materials-none"),
        waiting_to_send: (!fields.confirmed).then(|| m("booking-pending-note")),
        sample_notice: None,
        reprint: None,
        track_hint: m("booking-hint"),
        keep_note: m("booking-keep"),
    }
}

/// What a legal aid receipt (法律援助申请回执 / 法律咨询回执) prints.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LegalAidSlipFields<'a> {
    pub tracking_number: &'a borderdesk_core::TrackingNumber,
    pub consultation: bool,
    pub office: &'a borderdesk_core::LocalizedText,
    /// Why this office, and the notes (another city, across the border ...), already worded.
    pub routing: Vec<String>,
    /// Why it is urgent, already worded; empty when it is not.
    pub urgent: Vec<String>,
    pub made_at: DateTime<Utc>,
    /// An application's form and pledge were signed on the screen (false: to be signed at
    /// the office); a consultation has no form and says nothing.
    pub signed: bool,
}

/// The receipt of a legal aid application or consultation: number, office and why, urgency,
/// what happens next. No personal data.
pub fn legal_aid_slip_document(
    fields: &LegalAidSlipFields<'_>,
    language: Language,
    site: &str,
) -> ReceiptDocument {
    let tag = language.tag();
    let m = |id: &str| message(tag, id, &[]);
    let mut rows = vec![
        (
            m("legal-slip-office-label"),
            official_name(fields.office, language),
        ),
        (
            m("receipt-submitted-label"),
            local_date_time(fields.made_at, language),
        ),
        (m("receipt-site-label"), site.to_string()),
    ];
    if !fields.routing.is_empty() {
        rows.insert(1, (m("legal-slip-why-label"), fields.routing.join("\n")));
    }
    if !fields.urgent.is_empty() {
        rows.insert(1, (m("legal-slip-urgent-label"), fields.urgent.join("\n")));
    }
    if !fields.consultation {
        let signed = m(if fields.signed {
            "legal-slip-signed"
        } else {
            "legal-slip-unsigned"
        });
        rows.insert(rows.len() - 2, (m("legal-slip-signed-label"), signed));
    }
    let tracking = fields.tracking_number.as_str().to_string();
    ReceiptDocument {
        language: tag.to_string(),
        header: m("legal-slip-header"),
        title: m(if fields.consultation {
            "legal-slip-title-consultation"
        } else {
            "legal-slip-title-application"
        }),
        number_label: m("receipt-number-label"),
        qr_payload: format!("{}{tracking}", crate::QR_PREFIX),
        tracking_number_grouped: fields.tracking_number.grouped(),
        tracking_number: tracking,
        qr_caption: m("receipt-qr-caption"),
        rows,
        materials_label: String::new(),
        materials: Vec::new(),
        materials_none: String::new(),
        waiting_to_send: None,
        sample_notice: None,
        reprint: None,
        track_hint: m(if fields.consultation {
            "legal-slip-hint-consultation"
        } else {
            "legal-slip-hint-application"
        }),
        keep_note: m("receipt-keep"),
    }
}
