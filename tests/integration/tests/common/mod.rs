//! Helpers shared by the app <-> server scenarios.
#![allow(dead_code)]

pub mod nginx;
pub mod process;

use std::collections::BTreeMap;

use borderdesk_core::ApplicationDraft;
use borderdesk_local::Store;
use chrono::NaiveDate;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

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
        resumed_from: None,
    }
}

/// A TCP relay to the server that cuts every connection once `budget` bytes have gone from
/// the device to the server: a township line dropping in the middle of an upload.
pub async fn cutting_relay(server: std::net::SocketAddr, budget: Arc<AtomicI64>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((device, _)) = listener.accept().await {
            let budget = budget.clone();
            tokio::spawn(async move {
                let Ok(upstream) = TcpStream::connect(server).await else {
                    return;
                };
                let (mut dr, mut dw) = device.into_split();
                let (mut ur, mut uw) = upstream.into_split();
                let up = async {
                    let mut buf = vec![0u8; 16 * 1024];
                    loop {
                        let n = match dr.read(&mut buf).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => n,
                        };
                        let left = budget.fetch_sub(n as i64, Ordering::SeqCst);
                        if left < n as i64 {
                            // The line drops: what fits goes through, then nothing.
                            if left > 0 {
                                let _ = uw.write_all(&buf[..left as usize]).await;
                            }
                            return;
                        }
                        if uw.write_all(&buf[..n]).await.is_err() {
                            return;
                        }
                    }
                };
                let down = async {
                    let _ = tokio::io::copy(&mut ur, &mut dw).await;
                };
                // When either side ends, both connections close.
                tokio::select! { _ = up => {}, _ = down => {} }
            });
        }
    });
    format!("http://{addr}")
}

pub const ADMIN: &str = "integration-admin-token";

/// A server on a fresh database that holds the bundled notary and legal aid reference data.
pub async fn start_server_with_reference() -> borderdesk_server::RunningServer {
    let server = start_server().await;
    import_bundled_notary(server.pool()).await;
    let legal_aid: borderdesk_core::legal_aid::LegalAidReference =
        serde_json::from_str(borderdesk_local::legal_aid::BUNDLED_LEGAL_AID).unwrap();
    borderdesk_server::import_legal_aid(server.pool(), &legal_aid)
        .await
        .unwrap();
    server
}

/// A device store in `dir`, its key in a file beside it.
pub async fn device_store(dir: &tempfile::TempDir) -> Store {
    Store::open_with_key(&dir.path().join("k.sqlite"), &dir.path().join("k.key"))
        .await
        .unwrap()
}

/// A server on a fresh database.
pub async fn start_server() -> borderdesk_server::RunningServer {
    borderdesk_server::start(borderdesk_server::Config {
        database_url: borderdesk_testkit::TestPostgres::shared()
            .fresh_database()
            .await,
        listen: "127.0.0.1:0".parse().unwrap(),
        admin_token: ADMIN.into(),
    })
    .await
    .unwrap()
}

/// The notary office of the bundled reference that the booking scenarios use.
pub const NOTARY_OFFICE: &str = "GZC-330329";

/// A booking of the bundled 亲属关系 matter at [`NOTARY_OFFICE`] for the person `id_number`.
pub fn notary_booking(
    slot: chrono::DateTime<chrono::Utc>,
    id_number: &str,
) -> borderdesk_local::notary::BookingRequest {
    borderdesk_local::notary::BookingRequest {
        matter_code: "GZ-QSGX".into(),
        office_code: NOTARY_OFFICE.into(),
        slot_start: slot,
        applicant_name: "张三".into(),
        applicant_id_number: id_number.into(),
        phone: "13800138000".into(),
        family_phone: String::new(),
        family_consent: false,
    }
}

/// An 18-digit resident ID number that passes its check digit (GB 11643), one per person `n`.
pub fn id_number(n: usize) -> String {
    let body = format!("33032919800101{:03}", n % 1000);
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = body
        .bytes()
        .zip(WEIGHTS)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    let check = b"10X98765432"[(sum % 11) as usize] as char;
    format!("{body}{check}")
}

/// A device store named `name` in `dir`, its key beside it.
pub async fn named_store(dir: &tempfile::TempDir, name: &str) -> Store {
    Store::open_with_key(
        &dir.path().join(format!("{name}.sqlite")),
        &dir.path().join(format!("{name}.key")),
    )
    .await
    .unwrap()
}

/// The bundled notary reference, imported as a county would.
pub async fn import_bundled_notary(pool: &sqlx::PgPool) {
    let notary: borderdesk_core::notary::NotaryReference =
        serde_json::from_str(borderdesk_local::notary::BUNDLED_NOTARY).unwrap();
    borderdesk_server::import_notary(pool, &notary)
        .await
        .unwrap();
}
