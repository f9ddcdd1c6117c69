//! Logs never hold personal data: everything the device and the server log at the most
//! verbose level while a citizen applies, syncs and checks progress is searched for the
//! applicant's ID number, name and phone.

use std::collections::BTreeMap;
use std::io::Write;
use std::sync::{Arc, Mutex};

use borderdesk_core::{ApplicationDraft, ApplicationStatus, QuestionKind};
use borderdesk_local::{sync, Store, SyncClient};
use borderdesk_protocol::SetStatusRequest;
use borderdesk_testkit::TestPostgres;

const ID: &str = "330329195803120013";
const NAME: &str = "林秀英";
const PHONE: &str = "13912345678";

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn no_personal_data_reaches_the_logs() {
    let captured = Captured::default();
    let writer = captured.clone();
    tracing_subscriber::fmt()
        .with_env_filter("trace")
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .init();

    let url = TestPostgres::shared().fresh_database().await;
    let server = borderdesk_server::start(borderdesk_server::Config {
        database_url: url,
        listen: "127.0.0.1:0".parse().unwrap(),
        admin_token: "logs-admin".into(),
    })
    .await
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("kiosk.sqlite")).await.unwrap();
    let item = store.catalog_item("ZM-HJ-001").unwrap();
    let mut answers = BTreeMap::new();
    for q in &item.questions {
        if !q.is_asked(&answers) {
            continue;
        }
        let v = match q.kind {
            QuestionKind::Name => NAME.to_string(),
            QuestionKind::IdNumber => ID.to_string(),
            QuestionKind::Phone => PHONE.to_string(),
            QuestionKind::Choice => q.options[0].value.clone(),
            QuestionKind::Date => "2026-11-20".to_string(),
            _ => "测试".to_string(),
        };
        answers.insert(q.id.clone(), v);
    }
    // A bad answer first (its error is logged), then the real one.
    let mut bad = answers.clone();
    bad.insert("applicant_id_number".into(), "330329195803120014".into());
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
    let draft = |a: BTreeMap<String, String>| ApplicationDraft {
        item_code: item.code.clone(),
        answers: a,
        attachments: Vec::new(),
        resumed_from: None,
    };
    assert!(store.submit_application(&draft(bad), today).await.is_err());
    let receipt = store
        .submit_application(&draft(answers), today)
        .await
        .unwrap();
    sync::enroll(
        &store,
        &server.url(),
        "logs-admin",
        "自助机",
        "taishun-luoyang",
    )
    .await
    .unwrap();
    let client = SyncClient::new(store.clone());
    client.sync_once().await.unwrap();
    reqwest::Client::new()
        .post(format!(
            "{}/v1/admin/applications/{}/status",
            server.url(),
            receipt.tracking_number
        ))
        .bearer_auth("logs-admin")
        .json(&SetStatusRequest {
            status: ApplicationStatus::Accepted,
            note: None,
        })
        .send()
        .await
        .unwrap();
    client.sync_once().await.unwrap();
    client
        .track_remote(receipt.tracking_number.as_str(), "0013")
        .await
        .unwrap();
    assert!(client
        .track_remote(receipt.tracking_number.as_str(), "9999")
        .await
        .is_err());
    server.shutdown().await;

    let logs = String::from_utf8_lossy(&captured.0.lock().unwrap()).into_owned();
    assert!(
        logs.len() > 1000,
        "the logs were captured ({} bytes)",
        logs.len()
    );
    for secret in [ID, "330329195803120014", NAME, PHONE] {
        assert!(!logs.contains(secret), "{secret} appears in the logs");
    }
}
