//! The real sync client against the real server on loopback, with a real PostgreSQL.

use std::net::SocketAddr;

use borderdesk_core::ApplicationStatus;
use borderdesk_local::{sync, LocalError, Store, SyncClient};
use borderdesk_protocol::{ServerApplication, SetStatusRequest};
use borderdesk_testkit::TestPostgres;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const ADMIN: &str = "integration-admin-token";

mod common;
use common::{draft, today};

async fn start_server() -> borderdesk_server::RunningServer {
    let url = TestPostgres::shared().fresh_database().await;
    borderdesk_server::start(borderdesk_server::Config {
        database_url: url,
        listen: "127.0.0.1:0".parse().unwrap(),
        admin_token: ADMIN.into(),
    })
    .await
    .unwrap()
}

async fn server_application(addr: SocketAddr, tracking: &str) -> ServerApplication {
    let resp = reqwest::Client::new()
        .get(format!("http://{addr}/v1/admin/applications/{tracking}"))
        .bearer_auth(ADMIN)
        .send()
        .await
        .unwrap();
    assert!(resp.status().is_success(), "{}", resp.status());
    resp.json().await.unwrap()
}

#[tokio::test]
async fn an_application_made_offline_reaches_the_server_once_and_its_status_comes_back() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("kiosk.sqlite")).await.unwrap();
    // No server anywhere: the citizen still gets a receipt.
    let receipt = store
        .submit_application(&draft(&store), today())
        .await
        .unwrap();
    assert!(receipt.waiting_to_send);

    let server = start_server().await;
    let url = format!("http://{}", server.addr);
    sync::enroll(&store, &url, ADMIN, "罗阳镇 自助机1", "taishun-luoyang")
        .await
        .unwrap();
    let client = SyncClient::new(store.clone());
    let first = client.sync_once().await.unwrap();
    assert_eq!((first.pushed, first.duplicates, first.rejected), (1, 0, 0));
    let again = client.sync_once().await.unwrap();
    assert_eq!(again.pushed + again.duplicates, 0, "nothing is sent twice");

    let on_server = server_application(server.addr, receipt.tracking_number.as_str()).await;
    assert_eq!(on_server.id, receipt.application_id);
    assert_eq!(on_server.site_id, "taishun-luoyang");
    assert_eq!(on_server.status, ApplicationStatus::Submitted);

    let resp = reqwest::Client::new()
        .post(format!(
            "{url}/v1/admin/applications/{}/status",
            receipt.tracking_number
        ))
        .bearer_auth(ADMIN)
        .json(&SetStatusRequest {
            status: ApplicationStatus::Accepted,
            note: Some("材料齐全".into()),
        })
        .send()
        .await
        .unwrap();
    assert!(resp.status().is_success(), "{}", resp.status());

    // A change is served once every transaction that started before it has ended (other
    // work on the cluster can hold it back for a moment), so a device may need another round.
    let mut pulled = 0;
    for _ in 0..100 {
        pulled += client.sync_once().await.unwrap().pulled;
        if pulled > 0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(pulled, 1, "the status change arrives exactly once");
    assert_eq!(client.sync_once().await.unwrap().pulled, 0);
    let tracked = store
        .track(receipt.tracking_number.as_str(), "0013")
        .await
        .unwrap();
    assert_eq!(tracked.receipt.status, ApplicationStatus::Accepted);
    assert!(!tracked.receipt.waiting_to_send);
    assert_eq!(
        tracked.history.last().unwrap().note.as_deref(),
        Some("材料齐全")
    );
    let status = client.status().await.unwrap();
    assert!(status.online && status.enrolled && status.last_synced_at.is_some());
    assert_eq!(status.waiting, 0);
    server.shutdown().await;
}

#[tokio::test]
async fn a_server_that_goes_down_loses_nothing_and_the_next_sync_catches_up() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("laptop.sqlite"))
        .await
        .unwrap();
    let server = start_server().await;
    let addr = server.addr;
    sync::enroll(
        &store,
        &format!("http://{addr}"),
        ADMIN,
        "外勤笔记本",
        "taishun-siqian",
    )
    .await
    .unwrap();
    let client = SyncClient::new(store.clone());
    server.shutdown().await;

    let receipt = store
        .submit_application(&draft(&store), today())
        .await
        .unwrap();
    let err = client.sync_once().await.unwrap_err();
    assert!(matches!(err, LocalError::Unreachable(_)), "{err:?}");
    assert!(err.is_transient());
    let status = client.status().await.unwrap();
    assert!(!status.online);
    assert_eq!(status.waiting, 1);
    assert_eq!(
        status.last_error_code.as_deref(),
        Some("error-server-unreachable")
    );

    // The same database, a new server process on the same port.
    let url = TestPostgres::shared().fresh_database().await;
    let again = borderdesk_server::start(borderdesk_server::Config {
        database_url: url,
        listen: addr,
        admin_token: ADMIN.into(),
    })
    .await
    .unwrap();
    // A new server life: this device must enroll again there (a fresh database).
    sync::enroll(
        &store,
        &format!("http://{addr}"),
        ADMIN,
        "外勤笔记本",
        "taishun-siqian",
    )
    .await
    .unwrap();
    let r = client.sync_once().await.unwrap();
    assert_eq!(r.pushed, 1);
    server_application(addr, receipt.tracking_number.as_str()).await;
    again.shutdown().await;
}

/// A stand-in for a broken server: answers every request with one fixed response.
async fn fixed_response_server(status_line: &'static str, body: &'static str) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        loop {
            let Ok((mut sock, _)) = listener.accept().await else {
                return;
            };
            tokio::spawn(async move {
                let mut buf = vec![0u8; 65536];
                let _ = sock.read(&mut buf).await;
                let resp = format!(
                    "HTTP/1.1 {status_line}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = sock.write_all(resp.as_bytes()).await;
            });
        }
    });
    addr
}

async fn enrolled_store_against(dir: &tempfile::TempDir, addr: SocketAddr) -> Store {
    let store = Store::open(&dir.path().join("kiosk.sqlite")).await.unwrap();
    let enrolled = borderdesk_protocol::EnrollResponse {
        device_id: uuid::Uuid::now_v7(),
        device_token: "token".into(),
        device_code: 10001,
        site_id: "taishun-luoyang".into(),
        lan_key: None,
    };
    store
        .save_enrollment(&format!("http://{addr}"), &enrolled)
        .await
        .unwrap();
    store
}

#[tokio::test]
async fn a_server_answering_500_is_retried_later_and_nothing_is_lost() {
    let addr = fixed_response_server("500 Internal Server Error", "oops, not json").await;
    let dir = tempfile::tempdir().unwrap();
    let store = enrolled_store_against(&dir, addr).await;
    store
        .submit_application(&draft(&store), today())
        .await
        .unwrap();
    let client = SyncClient::new(store.clone());
    let err = client.sync_once().await.unwrap_err();
    assert_eq!(err.code(), "error-internal");
    assert!(err.is_transient());
    assert_eq!(store.queue_state().await.unwrap().waiting, 1);
}

#[tokio::test]
async fn a_server_that_no_longer_speaks_this_version_says_so_clearly() {
    let addr = fixed_response_server(
        "426 Upgrade Required",
        r#"{"code":"error-protocol-unsupported","message":"protocol 1 is no longer served"}"#,
    )
    .await;
    let dir = tempfile::tempdir().unwrap();
    let store = enrolled_store_against(&dir, addr).await;
    store
        .submit_application(&draft(&store), today())
        .await
        .unwrap();
    let client = SyncClient::new(store.clone());
    let err = client.sync_once().await.unwrap_err();
    assert_eq!(err.code(), "error-protocol-unsupported");
    assert!(!err.is_transient());
    assert_eq!(
        store.queue_state().await.unwrap().waiting,
        1,
        "the application stays queued"
    );
    let status = client.status().await.unwrap();
    assert_eq!(
        status.last_error_code.as_deref(),
        Some("error-protocol-unsupported")
    );
}

/// A stand-in server that cannot read any batch holding the `poison` tracking number (400) and
/// applies everything else; it serves an empty feed.
async fn picky_server(poison: String) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        loop {
            let Ok((mut sock, _)) = listener.accept().await else {
                return;
            };
            let poison = poison.clone();
            tokio::spawn(async move {
                loop {
                    // Read one request: headers, then content-length bytes of body.
                    let mut buf = Vec::new();
                    let mut chunk = [0u8; 65536];
                    let head_end = loop {
                        let Ok(n) = sock.read(&mut chunk).await else {
                            return;
                        };
                        if n == 0 {
                            return;
                        }
                        buf.extend_from_slice(&chunk[..n]);
                        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                            break i + 4;
                        }
                    };
                    let head = String::from_utf8_lossy(&buf[..head_end]).to_lowercase();
                    let len: usize = head
                        .lines()
                        .find_map(|l| l.strip_prefix("content-length:"))
                        .and_then(|v| v.trim().parse().ok())
                        .unwrap_or(0);
                    while buf.len() < head_end + len {
                        let Ok(n) = sock.read(&mut chunk).await else {
                            return;
                        };
                        if n == 0 {
                            return;
                        }
                        buf.extend_from_slice(&chunk[..n]);
                    }
                    let body = &buf[head_end..head_end + len];
                    let (status, reply) = if head.starts_with("post /v1/sync/push") {
                        let req: serde_json::Value = serde_json::from_slice(body).unwrap();
                        let muts = req["mutations"].as_array().unwrap();
                        let poisoned = muts.iter().any(|m| {
                            m["payload"]["application"]["tracking_number"] == poison.as_str()
                        });
                        if poisoned {
                            (
                                "400 Bad Request",
                                serde_json::json!({"code": "error-bad-request", "message": "unreadable"}),
                            )
                        } else {
                            let results: Vec<_> = muts
                                .iter()
                                .map(|m| serde_json::json!({"id": m["id"], "outcome": "applied"}))
                                .collect();
                            (
                                "200 OK",
                                serde_json::json!({"results": results, "server_time": "2026-11-27T00:00:00Z"}),
                            )
                        }
                    } else {
                        (
                            "200 OK",
                            serde_json::json!({"changes": [], "cursor": "v1.e.0.0", "has_more": false, "reset": false, "server_time": "2026-11-27T00:00:00Z"}),
                        )
                    };
                    let reply = reply.to_string();
                    let resp = format!(
                        "HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{reply}",
                        reply.len()
                    );
                    if sock.write_all(resp.as_bytes()).await.is_err() {
                        return;
                    }
                }
            });
        }
    });
    addr
}

#[tokio::test]
async fn one_mutation_the_server_cannot_read_is_set_aside_and_the_rest_go_through() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("kiosk.sqlite")).await.unwrap();
    let mut receipts = Vec::new();
    for _ in 0..7 {
        receipts.push(
            store
                .submit_application(&draft(&store), today())
                .await
                .unwrap(),
        );
    }
    let poison = receipts[4].tracking_number.to_string();
    let addr = picky_server(poison).await;
    let enrolled = borderdesk_protocol::EnrollResponse {
        device_id: uuid::Uuid::now_v7(),
        device_token: "token".into(),
        device_code: 10001,
        site_id: "taishun-luoyang".into(),
        lan_key: None,
    };
    store
        .save_enrollment(&format!("http://{addr}"), &enrolled)
        .await
        .unwrap();
    let client = SyncClient::new(store.clone());
    let report = client.sync_once().await.unwrap();
    assert_eq!((report.pushed, report.rejected), (6, 1));
    let q = store.queue_state().await.unwrap();
    assert_eq!(
        (q.waiting, q.rejected),
        (0, 1),
        "the bad one waits for staff, out of the queue's way"
    );
    // Nothing saved is lost: the refused application is still on the device.
    let tracked = store
        .track(receipts[4].tracking_number.as_str(), "0013")
        .await
        .unwrap();
    assert!(tracked.receipt.waiting_to_send);
}

#[tokio::test]
async fn a_citizen_can_check_progress_at_another_kiosk_with_the_last_four_of_the_id() {
    let server = start_server().await;
    let url = server.url();
    let dir = tempfile::tempdir().unwrap();
    let kiosk_a = Store::open(&dir.path().join("a.sqlite")).await.unwrap();
    let kiosk_b = Store::open(&dir.path().join("b.sqlite")).await.unwrap();
    sync::enroll(&kiosk_a, &url, ADMIN, "罗阳 自助机", "taishun-luoyang")
        .await
        .unwrap();
    sync::enroll(&kiosk_b, &url, ADMIN, "泗溪 自助机", "taishun-sixi")
        .await
        .unwrap();
    let receipt = kiosk_a
        .submit_application(&draft(&kiosk_a), today())
        .await
        .unwrap();
    SyncClient::new(kiosk_a.clone()).sync_once().await.unwrap();
    reqwest::Client::new()
        .post(format!(
            "{url}/v1/admin/applications/{}/status",
            receipt.tracking_number
        ))
        .bearer_auth(ADMIN)
        .json(&SetStatusRequest {
            status: ApplicationStatus::Accepted,
            note: None,
        })
        .send()
        .await
        .unwrap()
        .error_for_status()
        .unwrap();

    let b = SyncClient::new(kiosk_b.clone());
    let found = b
        .track(&receipt.tracking_number_grouped, "0013")
        .await
        .unwrap();
    assert_eq!(found.receipt.tracking_number, receipt.tracking_number);
    assert_eq!(found.receipt.status, ApplicationStatus::Accepted);
    assert_eq!(found.history.len(), 2);
    assert!(!found.receipt.waiting_to_send);
    // Kiosk B keeps nothing of it: it never held this person's data.
    assert_eq!(kiosk_b.application_count().await.unwrap(), 0);

    let wrong = b
        .track(receipt.tracking_number.as_str(), "9999")
        .await
        .unwrap_err();
    assert!(
        matches!(wrong, LocalError::ApplicationNotFound),
        "{wrong:?}"
    );
    server.shutdown().await;
    let down = b
        .track(receipt.tracking_number.as_str(), "0013")
        .await
        .unwrap_err();
    assert_eq!(down.code(), "error-server-unreachable");
}
