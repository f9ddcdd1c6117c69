//! Shared set-up for the benchmarks.
#![allow(dead_code)]

use std::collections::BTreeMap;

use borderdesk_core::{ApplicationDraft, QuestionKind};
use borderdesk_local::Store;

/// The admin token of the benchmarks' servers.
pub const ADMIN: &str = "bench-admin";

/// A server on a fresh database of the shared test cluster, on a port of its own.
pub async fn server() -> borderdesk_server::RunningServer {
    let url = borderdesk_testkit::TestPostgres::shared()
        .fresh_database()
        .await;
    borderdesk_server::start(borderdesk_server::Config {
        database_url: url,
        listen: "127.0.0.1:0".parse().expect("addr"),
        admin_token: ADMIN.into(),
    })
    .await
    .expect("server")
}

pub fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 27).expect("date")
}

/// A complete, valid draft for the bundled 临时身份证明 item.
pub fn draft(store: &Store) -> ApplicationDraft {
    let item = store.catalog_item("ZM-HJ-001").expect("bundled item");
    let mut answers = BTreeMap::new();
    for q in &item.questions {
        if !q.is_asked(&answers) {
            continue;
        }
        let v = match q.kind {
            QuestionKind::Name => "王五".to_string(),
            QuestionKind::IdNumber => "350825199001011230".to_string(),
            QuestionKind::Phone => "13700137000".to_string(),
            QuestionKind::Choice => q.options[0].value.clone(),
            QuestionKind::Date => "2026-11-20".to_string(),
            _ => "基准测试".to_string(),
        };
        answers.insert(q.id.clone(), v);
    }
    ApplicationDraft {
        item_code: item.code,
        answers,
        attachments: Vec::new(),
        resumed_from: None,
    }
}

pub fn median(v: &mut [f64]) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

pub fn percentile(v: &mut [f64], p: f64) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    let i = ((v.len() as f64 - 1.0) * p).round() as usize;
    v[i]
}
