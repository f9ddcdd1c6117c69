//! TLS through a reverse proxy, as the README tells a county to run it: Debian's nginx with
//! the shipped `packaging/nginx/borderdesk.conf` (only its addresses and certificate paths
//! changed for the test) in front of a real server. A device that trusts the county's own CA
//! (`server_ca_file`) enrolls and syncs over https; one that does not refuses the server; plain
//! http is sent to https; the server sees the proxy's scheme and host (update links name the
//! https address).

use borderdesk_local::{sync, LocalError, SyncClient};
use borderdesk_protocol::UpdateManifest;

mod common;
use common::nginx::{certificates, site_config, start_nginx};
use common::process::free_port;
use common::{device_store, draft, start_server, today, ADMIN};

#[tokio::test]
async fn a_device_syncs_over_tls_through_the_documented_nginx_and_trusts_only_the_county_ca() {
    let dir = tempfile::tempdir().unwrap();
    let ca = certificates(dir.path());
    let server = start_server().await;
    let (http, https) = (free_port(), free_port());
    let site = site_config(dir.path(), &[server.addr], http, https);
    let _nginx = start_nginx(dir.path(), &site, https);
    let url = format!("https://localhost:{https}");

    // A device without the county's CA does not talk to this server at all.
    let device_dir = tempfile::tempdir().unwrap();
    let store = device_store(&device_dir).await;
    let receipt = store
        .submit_application(&draft(&store), today())
        .await
        .unwrap();
    std::env::remove_var(sync::SERVER_CA_ENV);
    let refused = sync::enroll(&store, &url, ADMIN, "罗阳镇 自助机1", "taishun-luoyang").await;
    assert!(
        matches!(refused, Err(LocalError::Unreachable(_))),
        "{refused:?}"
    );

    // With it (server_ca_file), it enrolls and its work arrives, over https only.
    std::env::set_var(sync::SERVER_CA_ENV, &ca);
    sync::enroll(&store, &url, ADMIN, "罗阳镇 自助机1", "taishun-luoyang")
        .await
        .unwrap();
    let client = SyncClient::new(store.clone());
    let report = client.sync_once().await.unwrap();
    assert_eq!(report.pushed, 1);
    let on_server = reqwest::Client::new()
        .get(format!(
            "http://{}/v1/admin/applications/{}",
            server.addr, receipt.tracking_number
        ))
        .bearer_auth(ADMIN)
        .send()
        .await
        .unwrap();
    assert_eq!(on_server.status(), 200);

    // The proxy's scheme and host reach the server: an update link names the https address.
    let release = borderdesk_server::updates::NewRelease {
        channel: "stable".into(),
        target: "linux-x86_64".into(),
        version: "9.0.0".into(),
        notes: String::new(),
        signature: "c2lnbmF0dXJl".into(),
        artifact: b"package".to_vec(),
    };
    borderdesk_server::updates::publish(server.pool(), &release)
        .await
        .unwrap();
    let trusted = reqwest::Client::builder()
        .add_root_certificate(reqwest::Certificate::from_pem(&std::fs::read(&ca).unwrap()).unwrap())
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let rolled = trusted
        .post(format!(
            "{url}/v1/admin/releases/stable/linux-x86_64/9.0.0/rollout"
        ))
        .bearer_auth(ADMIN)
        .json(&serde_json::json!({"percent": 100}))
        .send()
        .await
        .unwrap();
    assert_eq!(rolled.status(), 200);
    let token = store.device().await.unwrap().device_token.unwrap();
    let offered = trusted
        .get(format!(
            "{url}/v1/sync/update?current_version=0.1.0&target=linux-x86_64"
        ))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(offered.status(), 200);
    assert!(offered.headers().contains_key("x-request-id"));
    let manifest: UpdateManifest = offered.json().await.unwrap();
    assert!(
        manifest.url.starts_with(&format!("{url}/v1/sync/update/")),
        "{}",
        manifest.url
    );

    // Plain http goes nowhere but to https.
    let plain = trusted
        .get(format!("http://127.0.0.1:{http}/healthz"))
        .send()
        .await
        .unwrap();
    assert_eq!(plain.status(), 301);
    assert_eq!(
        plain.headers()["location"].to_str().unwrap(),
        "https://127.0.0.1/healthz"
    );

    server.shutdown().await;
}
