//! Receipts and tools shared by the receipt tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

use borderdesk_core::{ApplicationStatus, DeviceCode, LocalizedText, Receipt, TrackingNumber};
use chrono::{TimeZone, Utc};

pub const ITEM_ZH: &str = "城乡居民基本医疗保险参保登记";
pub const ITEM_TW: &str = "城鄉居民基本醫療保險參保登記";
pub const ITEM_EN: &str = "Enrol in resident basic medical insurance";
pub const OFFICE_ZH: &str = "福鼎市医疗保障局";
pub const OFFICE_EN: &str = "Fuding Medical Security Bureau";
pub const SITE: &str = "泰顺县司前畲族镇便民服务中心 自助终端 1";
/// Personal data the citizen typed; must never reach a receipt.
pub const ID_NUMBER: &str = "330329199001011234";
pub const PHONE: &str = "13800138000";

pub fn receipt(waiting_to_send: bool) -> Receipt {
    let number = TrackingNumber::issue(DeviceCode(10001), 427).expect("tracking number");
    Receipt {
        application_id: uuid::Uuid::nil(),
        tracking_number_grouped: number.grouped(),
        tracking_number: number,
        item_code: "FJ-YB-001".into(),
        item_name: LocalizedText {
            zh_cn: ITEM_ZH.into(),
            zh_tw: Some(ITEM_TW.into()),
            en: Some(ITEM_EN.into()),
        },
        handling_office: LocalizedText {
            zh_cn: OFFICE_ZH.into(),
            zh_tw: Some("福鼎市醫療保障局".into()),
            en: Some(OFFICE_EN.into()),
        },
        time_limit_working_days: 5,
        // 14:05 in Asia/Shanghai
        submitted_at: Utc.with_ymd_and_hms(2026, 11, 27, 6, 5, 0).unwrap(),
        status: ApplicationStatus::Submitted,
        waiting_to_send,
        materials: Vec::new(),
    }
}

pub fn materials_zh() -> Vec<String> {
    vec![
        "居民身份证或户口簿".into(),
        "新生儿出生医学证明（新生儿参保时）".into(),
    ]
}

pub fn have(tool: &str) -> bool {
    Command::new(tool).arg("-v").output().is_ok()
}

/// The text of a PDF as pdftotext reads it (layout kept).
pub fn pdftotext(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .arg("-layout")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs (apt-get install poppler-utils)");
    assert!(
        out.status.success(),
        "pdftotext failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8 text")
}

pub fn write_pdf(dir: &Path, name: &str, pdf: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, pdf).unwrap();
    path
}
