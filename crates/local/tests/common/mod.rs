//! Helpers shared by the store's test files.
#![allow(dead_code)]

use std::collections::BTreeMap;

use borderdesk_core::ApplicationDraft;
use borderdesk_local::Store;
use chrono::NaiveDate;

pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()
}

pub fn draft(id_number: &str) -> ApplicationDraft {
    let answers: BTreeMap<String, String> = [
        ("applicant_name", "张三"),
        ("applicant_id_number", id_number),
        ("phone", "138 0013 8000"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    ApplicationDraft {
        item_code: "ZM-HJ-001".into(),
        answers: fill_item_questions(answers),
        attachments: Vec::new(),
        resumed_from: None,
    }
}

/// Answers the item-specific questions of the bundled ZM-HJ-001 with their first option or text.
pub fn fill_item_questions(mut answers: BTreeMap<String, String>) -> BTreeMap<String, String> {
    let item: Vec<borderdesk_core::CatalogItem> =
        serde_json::from_str(borderdesk_local::store::BUNDLED_CATALOG).unwrap();
    let item = item.into_iter().find(|i| i.code == "ZM-HJ-001").unwrap();
    for q in &item.questions {
        if answers.contains_key(&q.id) || !q.is_asked(&answers) {
            continue;
        }
        let v = match q.kind {
            borderdesk_core::QuestionKind::Choice => q.options[0].value.clone(),
            borderdesk_core::QuestionKind::Date => "2026-11-20".into(),
            _ => "测试".into(),
        };
        answers.insert(q.id.clone(), v);
    }
    answers
}

pub async fn open(dir: &tempfile::TempDir) -> Store {
    Store::open(&dir.path().join("borderdesk.sqlite"))
        .await
        .unwrap()
}

/// Every byte of the store's files (the write-ahead log checkpointed first): what someone
/// who copies the device's disk can read.
pub async fn database_bytes(store: &Store, dir: &tempfile::TempDir) -> Vec<u8> {
    sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
        .execute(store.pool())
        .await
        .unwrap();
    let mut raw = Vec::new();
    for f in std::fs::read_dir(dir.path()).unwrap() {
        raw.extend(std::fs::read(f.unwrap().path()).unwrap());
    }
    raw
}

/// A legal aid application as the kiosk's form fills it in: wages owed, a household of three
/// at 1,000 yuan a month, the applicant's ID number as given.
pub fn legal_aid_form(id_number: &str) -> borderdesk_local::legal_aid::ApplicationForm {
    borderdesk_local::legal_aid::ApplicationForm {
        eligibility: borderdesk_core::legal_aid::EligibilityAnswers {
            matter: borderdesk_core::legal_aid::Art31Matter::LabourRelationsOrWages,
            situations: Vec::new(),
            statuses: Vec::new(),
            household_size: 3,
            household_monthly_income_fen: Some(100_000),
            household_assets_fen: None,
            deciding_province: None,
            deciding_county: None,
        },
        applicant_name: "李四".into(),
        applicant_id_number: id_number.into(),
        applicant_phone: "13800138000".into(),
        applicant_address: None,
        agent_name: None,
        agent_id_number: None,
        agent_relation: None,
        events_date: None,
        opposing_name: "某某建筑公司".into(),
        opposing_is_organisation: true,
        facts: "工地拖欠三个月工资。".into(),
        events_county: Some("330329".into()),
        obligor_county: None,
        court: None,
        court_county: None,
        deadline: None,
        evidence_at_risk: false,
        property_at_risk: false,
        pledge: true,
        attachments: Vec::new(),
        signature: None,
        sign_at_office: true,
        family_phone: None,
        family_consent: false,
    }
}
