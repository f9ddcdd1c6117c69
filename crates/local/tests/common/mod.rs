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
