//! What a receipt says, already in the citizen's language: the data side of the slip.

use borderdesk_core::attachment::MaterialState;
use borderdesk_core::{CatalogItem, Language, LocalizedText, Receipt};
use borderdesk_i18n::message;
use chrono::{DateTime, Datelike, FixedOffset, Timelike, Utc};
use serde::Serialize;

/// Everything printed on one receipt (回执), localized. It holds no personal data: a receipt
/// is the tracking number, the item and the office, never the answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReceiptDocument {
    /// The language it is written in, as a BCP 47 tag (`zh-CN`, `zh-TW`, `en`).
    pub language: String,
    /// `浙闽通办自助服务`: the service name above the title.
    pub header: String,
    /// `申请回执`
    pub title: String,
    pub number_label: String,
    /// `100010000427`: names the saved file and the print job.
    pub tracking_number: String,
    /// `1000 1000 0427`: printed large.
    pub tracking_number_grouped: String,
    /// What the QR code holds: `BD:100010000427`, the tracking number and nothing else.
    pub qr_payload: String,
    pub qr_caption: String,
    /// Label and value rows, in print order: item, office, time limit, submitted, site.
    /// A value may hold line breaks (`\n`).
    pub rows: Vec<(String, String)>,
    pub materials_label: String,
    /// Names of the materials handed in; empty prints "none".
    pub materials: Vec<String>,
    pub materials_none: String,
    /// Present when the application is saved on the device and not yet sent.
    pub waiting_to_send: Option<String>,
    /// Present when the item is sample data, not the official list.
    pub sample_notice: Option<String>,
    /// `补打 2026年12月7日 15:30`: on every print after the first, so an office can tell a
    /// copy from the original.
    pub reprint: Option<String>,
    /// How to check progress with the number.
    pub track_hint: String,
    pub keep_note: String,
}

/// Prefix of the QR payload; a scanner at a kiosk or a window reads `BD:<12 digits>`.
pub const QR_PREFIX: &str = "BD:";

impl ReceiptDocument {
    /// The print job title and the saved file's name: the plain tracking number.
    pub fn print_title(&self) -> &str {
        &self.tracking_number
    }

    /// Marks the receipt as one for a sample-data item.
    pub fn with_sample_notice(mut self, language: Language) -> Self {
        self.sample_notice = Some(message(language.tag(), "receipt-sample", &[]));
        self
    }

    /// Marks the slip as a reprint (补打) made at `at`.
    pub fn with_reprint_mark(mut self, at: DateTime<Utc>, language: Language) -> Self {
        self.reprint = Some(message(
            language.tag(),
            "receipt-reprint",
            &[("time", local_date_time(at, language))],
        ));
        self
    }

    /// Every piece of text that gets printed, for font selection and checks.
    pub fn all_text(&self) -> String {
        let mut parts: Vec<&str> = vec![
            &self.header,
            &self.title,
            &self.number_label,
            &self.tracking_number_grouped,
            &self.qr_payload,
            &self.qr_caption,
            &self.materials_label,
            &self.materials_none,
            &self.track_hint,
            &self.keep_note,
        ];
        for (label, value) in &self.rows {
            parts.push(label);
            parts.push(value);
        }
        parts.extend(self.materials.iter().map(String::as_str));
        parts.extend(self.waiting_to_send.as_deref());
        parts.extend(self.sample_notice.as_deref());
        parts.extend(self.reprint.as_deref());
        parts.join("\n")
    }
}

/// The receipt for `receipt`, in `language`, for the materials handed in (names already in
/// that language), printed at `site` (the hall or kiosk name). Every label comes from
/// `receipt.ftl`; item and office names come from the catalog in the same language.
///
/// `Receipt` does not say whether the item is sample data: use [`receipt_document_for_item`]
/// or [`ReceiptDocument::with_sample_notice`] for that.
pub fn receipt_document(
    receipt: &Receipt,
    materials: &[String],
    language: Language,
    site: &str,
) -> ReceiptDocument {
    let tag = language.tag();
    let m = |id: &str| message(tag, id, &[]);
    let days = receipt.time_limit_working_days;
    let office = receipt.handling_office.get(language).to_string();
    let rows = vec![
        (
            m("receipt-item-label"),
            official_name(&receipt.item_name, language),
        ),
        (
            m("receipt-office-label"),
            official_name(&receipt.handling_office, language),
        ),
        (
            m("receipt-time-limit-label"),
            message(
                tag,
                "receipt-time-limit",
                &[
                    ("days", days.to_string()),
                    ("days-plural", plural_en(days).to_string()),
                    ("office", office),
                ],
            ),
        ),
        (
            m("receipt-submitted-label"),
            submitted_at(receipt.submitted_at, language),
        ),
        (m("receipt-site-label"), site.to_string()),
    ];
    let tracking = receipt.tracking_number.as_str().to_string();
    ReceiptDocument {
        language: tag.to_string(),
        header: m("receipt-header"),
        title: m("receipt-title"),
        number_label: m("receipt-number-label"),
        qr_payload: format!("{QR_PREFIX}{tracking}"),
        tracking_number_grouped: receipt.tracking_number.grouped(),
        tracking_number: tracking,
        qr_caption: m("receipt-qr-caption"),
        rows,
        materials_label: m("receipt-materials-label"),
        materials: materials.to_vec(),
        materials_none: m("receipt-materials-none"),
        waiting_to_send: receipt.waiting_to_send.then(|| m("receipt-waiting")),
        sample_notice: None,
        reprint: None,
        track_hint: m("receipt-track-hint"),
        keep_note: m("receipt-keep"),
    }
}

/// [`receipt_document`] with each of the item's materials marked as handed in (scanned), an
/// electronic licence, or to be brought to the window; and the item's sample-data flag.
pub fn receipt_document_for_item(
    receipt: &Receipt,
    item: &CatalogItem,
    language: Language,
    site: &str,
) -> ReceiptDocument {
    let tag = language.tag();
    let materials: Vec<String> = receipt
        .materials
        .iter()
        .filter_map(|m| {
            let id = match m.state {
                MaterialState::Attached => "receipt-material-attached",
                MaterialState::ELicence => "receipt-material-e-licence",
                MaterialState::Missing => "receipt-material-missing",
                MaterialState::NotNeeded => return None,
            };
            Some(message(
                tag,
                id,
                &[("name", m.name.get(language).to_string())],
            ))
        })
        .collect();
    let mut doc = receipt_document(receipt, &materials, language, site);
    if receipt.materials.is_empty() && !item.materials.is_empty() {
        // Taken at another device: this one does not know what was handed in.
        doc.materials_none = message(tag, "receipt-materials-unknown", &[]);
    }
    if item.sample {
        doc.with_sample_notice(language)
    } else {
        doc
    }
}

/// The name in `language`; on an English receipt the official Chinese name follows on its
/// own line, so the clerk and the office read the name they file it under.
pub(crate) fn official_name(name: &LocalizedText, language: Language) -> String {
    let shown = name.get(language);
    if language == Language::En && shown != name.zh_cn {
        format!("{shown}\n{}", name.zh_cn)
    } else {
        shown.to_string()
    }
}

/// China has kept UTC+8 without daylight saving since 1991, so Asia/Shanghai is a fixed offset
/// (no time-zone database needed).
const SHANGHAI_OFFSET_SECONDS: i32 = 8 * 3600;

/// `2026年11月27日 14:05` (zh), `2026-11-27 14:05` (en), in Asia/Shanghai.
pub(crate) fn local_date_time(at: DateTime<Utc>, language: Language) -> String {
    submitted_at(at, language)
}

fn submitted_at(at: DateTime<Utc>, language: Language) -> String {
    let local = match FixedOffset::east_opt(SHANGHAI_OFFSET_SECONDS) {
        Some(offset) => at.with_timezone(&offset),
        None => at.fixed_offset(),
    };
    message(
        language.tag(),
        "receipt-submitted-at",
        &[
            ("year", local.year().to_string()),
            ("month", local.month().to_string()),
            ("day", local.day().to_string()),
            ("month2", format!("{:02}", local.month())),
            ("day2", format!("{:02}", local.day())),
            ("time", format!("{:02}:{:02}", local.hour(), local.minute())),
        ],
    )
}

/// English plural category for a count. `message` passes arguments as strings, and Fluent
/// does not pick plural variants for strings, so the category travels as its own argument.
fn plural_en(n: u32) -> &'static str {
    if n == 1 {
        "one"
    } else {
        "other"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use borderdesk_core::application::ReceiptMaterial;
    use borderdesk_core::{ApplicationStatus, DeviceCode, TrackingNumber};
    use chrono::TimeZone;

    fn receipt(days: u32, waiting: bool) -> Receipt {
        let number = TrackingNumber::issue(DeviceCode(10001), 427).unwrap();
        Receipt {
            application_id: uuid::Uuid::nil(),
            tracking_number_grouped: number.grouped(),
            tracking_number: number,
            item_code: "ZM-HJ-001".into(),
            item_name: LocalizedText {
                zh_cn: "临时身份证明".into(),
                zh_tw: Some("臨時身分證明".into()),
                en: Some("Temporary identity certificate".into()),
            },
            handling_office: LocalizedText {
                zh_cn: "泰顺县公安局".into(),
                zh_tw: None,
                en: None,
            },
            time_limit_working_days: days,
            submitted_at: Utc.with_ymd_and_hms(2026, 11, 27, 6, 5, 0).unwrap(),
            status: ApplicationStatus::Submitted,
            waiting_to_send: waiting,
            materials: Vec::new(),
        }
    }

    fn value<'a>(doc: &'a ReceiptDocument, label_id: &str) -> &'a str {
        let label = message(&doc.language, label_id, &[]);
        &doc.rows.iter().find(|(l, _)| *l == label).unwrap().1
    }

    #[test]
    fn the_submitted_time_is_shanghai_time() {
        let zh = receipt_document(&receipt(1, false), &[], Language::ZhCn, "hall");
        assert_eq!(
            value(&zh, "receipt-submitted-label"),
            "2026年11月27日 14:05"
        );
        let en = receipt_document(&receipt(1, false), &[], Language::En, "hall");
        assert_eq!(value(&en, "receipt-submitted-label"), "2026-11-27 14:05");
    }

    #[test]
    fn the_qr_code_holds_only_the_tracking_number() {
        let doc = receipt_document(&receipt(1, false), &[], Language::ZhCn, "hall");
        assert_eq!(doc.qr_payload, "BD:100010004272");
        assert_eq!(doc.tracking_number_grouped, "1000 1000 4272");
        assert_eq!(doc.print_title(), "100010004272");
    }

    #[test]
    fn every_label_is_in_the_chosen_language() {
        for language in Language::ALL {
            let doc = receipt_document(&receipt(5, true), &[], language, "hall")
                .with_sample_notice(language);
            let text = doc.all_text();
            assert!(
                !text.contains("receipt-"),
                "{language:?} has a raw id: {text}"
            );
            assert_eq!(doc.language, language.tag());
        }
        let en = receipt_document(&receipt(5, true), &[], Language::En, "hall");
        assert_eq!(en.number_label, "Tracking number");
        let tw = receipt_document(&receipt(5, true), &[], Language::ZhTw, "hall");
        assert_eq!(tw.number_label, "查詢編號");
        assert_eq!(value(&tw, "receipt-item-label"), "臨時身分證明");
    }

    #[test]
    fn an_english_receipt_keeps_the_official_chinese_name_under_the_english_one() {
        let en = receipt_document(&receipt(5, false), &[], Language::En, "hall");
        assert_eq!(
            value(&en, "receipt-item-label"),
            "Temporary identity certificate\n临时身份证明"
        );
        // No English name in the catalog: the Chinese one, once.
        assert_eq!(value(&en, "receipt-office-label"), "泰顺县公安局");
    }

    #[test]
    fn english_says_one_working_day_and_five_working_days() {
        let one = receipt_document(&receipt(1, false), &[], Language::En, "hall");
        assert_eq!(
            value(&one, "receipt-time-limit-label"),
            "Done within 1 working day of acceptance"
        );
        let five = receipt_document(&receipt(5, false), &[], Language::En, "hall");
        assert_eq!(
            value(&five, "receipt-time-limit-label"),
            "Done within 5 working days of acceptance"
        );
        let zh = receipt_document(&receipt(5, false), &[], Language::ZhCn, "hall");
        assert_eq!(
            value(&zh, "receipt-time-limit-label"),
            "自受理之日起 5 个工作日内办结"
        );
    }

    #[test]
    fn the_waiting_line_shows_only_while_the_application_is_not_sent() {
        let waiting = receipt_document(&receipt(1, true), &[], Language::ZhCn, "hall");
        assert!(waiting.waiting_to_send.is_some());
        let sent = receipt_document(&receipt(1, false), &[], Language::ZhCn, "hall");
        assert!(sent.waiting_to_send.is_none());
    }

    #[test]
    fn each_material_is_printed_with_how_it_was_handed_in() {
        let item: CatalogItem = serde_json::from_value(serde_json::json!({
            "code": "T-1", "name": { "zh-CN": "测试" }, "category": "household",
            "handling_side": "zhejiang", "handling_office": { "zh-CN": "泰顺县" },
            "mode": "fully_online", "time_limit_working_days": 1,
            "materials": [], "questions": []
        }))
        .unwrap();
        let mut r = receipt(1, false);
        let name = |zh: &str| LocalizedText {
            zh_cn: zh.into(),
            ..Default::default()
        };
        r.materials = vec![
            ReceiptMaterial {
                name: name("身份证"),
                state: MaterialState::Attached,
            },
            ReceiptMaterial {
                name: name("户口簿"),
                state: MaterialState::ELicence,
            },
            ReceiptMaterial {
                name: name("结婚证"),
                state: MaterialState::Missing,
            },
            ReceiptMaterial {
                name: name("照片"),
                state: MaterialState::NotNeeded,
            },
        ];
        let doc = receipt_document_for_item(&r, &item, Language::ZhCn, "hall");
        assert_eq!(
            doc.materials,
            vec![
                "身份证（已扫描提交）",
                "户口簿（调用电子证照，无需纸质）",
                "结婚证（待补交：请带原件到窗口）",
            ]
        );
    }

    #[test]
    fn a_sample_item_gets_the_sample_notice_and_its_materials() {
        let item: CatalogItem = serde_json::from_value(serde_json::json!({
            "code": "ZM-HJ-001",
            "name": { "zh-CN": "临时身份证明", "en": "Temporary identity certificate" },
            "category": "household",
            "handling_side": "zhejiang",
            "handling_office": { "zh-CN": "泰顺县公安局" },
            "mode": "collected_and_forwarded",
            "time_limit_working_days": 1,
            "materials": [
                { "name": { "zh-CN": "户口簿", "en": "Household register" }, "required": true }
            ],
            "questions": [],
            "sample": true
        }))
        .unwrap();
        // Printed where it was taken: the device knows each material's state.
        let mut taken_here = receipt(1, false);
        taken_here.materials = vec![ReceiptMaterial {
            name: item.materials[0].name.clone(),
            state: MaterialState::Missing,
        }];
        let doc = receipt_document_for_item(&taken_here, &item, Language::En, "hall");
        assert_eq!(
            doc.materials,
            vec!["Household register (still needed: bring the original to the window)".to_string()]
        );
        // Looked up from elsewhere: no claim about what was handed in.
        let doc = receipt_document_for_item(&receipt(1, false), &item, Language::En, "hall");
        assert!(doc.materials.is_empty());
        assert_eq!(
            doc.materials_none,
            message("en", "receipt-materials-unknown", &[])
        );
        assert_eq!(
            doc.sample_notice.as_deref(),
            Some(message("en", "receipt-sample", &[]).as_str())
        );
        let official = CatalogItem {
            sample: false,
            ..item
        };
        let doc = receipt_document_for_item(&receipt(1, false), &official, Language::En, "hall");
        assert!(doc.sample_notice.is_none());
    }
}
