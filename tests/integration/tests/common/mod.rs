//! Helpers shared by the app <-> server scenarios.
#![allow(dead_code)]

use std::collections::BTreeMap;

use borderdesk_core::ApplicationDraft;
use borderdesk_local::Store;
use chrono::NaiveDate;

pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()
}

pub fn draft(store: &Store) -> ApplicationDraft {
    let item = store.catalog_item("ZM-HJ-001").unwrap();
    let mut answers = BTreeMap::new();
    for q in &item.questions {
        if !q.is_asked(&answers) {
            continue;
        }
        let v = match q.kind {
            borderdesk_core::QuestionKind::Name => "李四".to_string(),
            borderdesk_core::QuestionKind::IdNumber => "330329195803120013".to_string(),
            borderdesk_core::QuestionKind::Phone => "13900139000".to_string(),
            borderdesk_core::QuestionKind::Choice => q.options[0].value.clone(),
            borderdesk_core::QuestionKind::Date => "2026-11-20".to_string(),
            _ => "测试".to_string(),
        };
        answers.insert(q.id.clone(), v);
    }
    ApplicationDraft {
        item_code: item.code,
        answers,
        attachments: Vec::new(),
    }
}
