//! TLS through a reverse proxy, as the README tells a county to run it: Debian's nginx with
//! the shipped `packaging/nginx/borderdesk.conf` (only its addresses and certificate paths
//! changed for the test) in front of a real server. A device that trusts the county's own CA
//! (`server_ca_file`) enrolls and syncs over https; one that does not refuses the server; plain
//! http is sent to https; the server sees the proxy's scheme and host (update links name the
//! https address).

use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::time::Duration;

use borderdesk_local::{sync, LocalError, SyncClient};
use borderdesk_protocol::UpdateManifest;

mod common;
use common::{device_store, draft, start_server, today, ADMIN};

fn free_port() -> u16 {
    borderdesk_testkit::free_port().expect("a free port")
}

fn run(command: &mut Command) {
    let out = command.output().expect("run openssl");
    assert!(out.status.success(), "{command:?}: {out:?}");
}

/// A county CA and a certificate it signed for `localhost` and 127.0.0.1.
fn certificates(dir: &Path) -> PathBuf {
    let p = |name: &str| dir.join(name);
    run(Command::new("openssl")
        .args([
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
        ])
        .args(["-subj", "/CN=Taishun County Test CA"])
        .arg("-keyout")
        .arg(p("ca.key"))
        .arg("-out")
        .arg(p("ca.pem")));
    run(Command::new("openssl")
        .args([
            "req",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-subj",
            "/CN=localhost",
        ])
        .arg("-keyout")
        .arg(p("privkey.pem"))
        .arg("-out")
        .arg(p("server.csr")));
    std::fs::write(
        p("san.ext"),
        "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n",
    )
    .unwrap();
    run(Command::new("openssl")
        .args(["x509", "-req", "-days", "2", "-CAcreateserial"])
        .arg("-in")
        .arg(p("server.csr"))
        .arg("-CA")
        .arg(p("ca.pem"))
        .arg("-CAkey")
        .arg(p("ca.key"))
        .arg("-extfile")
        .arg(p("san.ext"))
        .arg("-out")
        .arg(p("fullchain.pem")));
    p("ca.pem")
}

/// The shipped site file with the test's addresses; every change must find its line, so the
/// test breaks when the documented file changes shape.
fn site_config(dir: &Path, upstream: std::net::SocketAddr, http: u16, https: u16) -> PathBuf {
    let shipped = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../packaging/nginx/borderdesk.conf"
    );
    let mut text = std::fs::read_to_string(shipped).unwrap();
    let cert = dir.join("fullchain.pem");
    let key = dir.join("privkey.pem");
    for (from, to) in [
        (
            "server 127.0.0.1:8080;".to_string(),
            format!("server {upstream};"),
        ),
        ("    listen [::]:80;\n".into(), String::new()),
        ("    listen [::]:443 ssl http2;\n".into(), String::new()),
        ("listen 80;".into(), format!("listen 127.0.0.1:{http};")),
        (
            "listen 443 ssl http2;".into(),
            format!("listen 127.0.0.1:{https} ssl http2;"),
        ),
        (
            "/etc/ssl/borderdesk/fullchain.pem".into(),
            cert.display().to_string(),
        ),
        (
            "/etc/ssl/borderdesk/privkey.pem".into(),
            key.display().to_string(),
        ),
    ] {
        assert!(
            text.contains(&from),
            "the shipped nginx file has no {from:?}"
        );
        text = text.replace(&from, &to);
    }
    let site = dir.join("borderdesk.conf");
    std::fs::write(&site, text).unwrap();
    site
}

struct Nginx(Child);

impl Drop for Nginx {
    fn drop(&mut self) {
        // SIGTERM: the master ends its workers too (SIGKILL would leave them running).
        let _ = Command::new("kill")
            .arg("-TERM")
            .arg(self.0.id().to_string())
            .status();
        let _ = self.0.wait();
    }
}

fn start_nginx(dir: &Path, site: &Path, https: u16) -> Nginx {
    let nginx = ["/usr/sbin/nginx", "/usr/bin/nginx"]
        .into_iter()
        .find(|p| Path::new(p).exists())
        .expect("nginx is not installed: run scripts/ensure-system-deps.sh");
    let d = dir.display();
    // Workers run as root when the test does (they read nothing but the test's files).
    let user = if borderdesk_local::update::running_as_root() {
        "user root;"
    } else {
        ""
    };
    let main = format!(
        "{user}\nworker_processes 1;\ndaemon off;\npid {d}/nginx.pid;\nerror_log {d}/error.log;\n\
         events {{}}\nhttp {{\n  access_log off;\n  client_body_temp_path {d}/body;\n  proxy_temp_path {d}/proxy;\n\
         fastcgi_temp_path {d}/fastcgi;\n  uwsgi_temp_path {d}/uwsgi;\n  scgi_temp_path {d}/scgi;\n\
         include {};\n}}\n",
        site.display()
    );
    let conf = dir.join("nginx.conf");
    std::fs::write(&conf, main).unwrap();
    let child = Command::new(nginx)
        .arg("-p")
        .arg(dir)
        .arg("-c")
        .arg(&conf)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let running = Nginx(child);
    for _ in 0..100 {
        if std::net::TcpStream::connect(("127.0.0.1", https)).is_ok() {
            return running;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!(
        "nginx did not start: {}",
        std::fs::read_to_string(dir.join("error.log")).unwrap_or_default()
    );
}

#[tokio::test]
async fn a_device_syncs_over_tls_through_the_documented_nginx_and_trusts_only_the_county_ca() {
    let dir = tempfile::tempdir().unwrap();
    let ca = certificates(dir.path());
    let server = start_server().await;
    let (http, https) = (free_port(), free_port());
    let site = site_config(dir.path(), server.addr, http, https);
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
