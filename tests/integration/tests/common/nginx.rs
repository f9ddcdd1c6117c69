//! Debian's nginx running the shipped `packaging/nginx/borderdesk.conf`, with a county CA of
//! the test's own and the test's addresses: the reverse proxy (and load balancer) a county
//! puts in front of its server processes.

use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::time::Duration;

fn run(command: &mut Command) {
    let out = command.output().expect("run openssl");
    assert!(out.status.success(), "{command:?}: {out:?}");
}

/// A county CA and a certificate it signed for `localhost` and 127.0.0.1.
pub fn certificates(dir: &Path) -> PathBuf {
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

/// The shipped site file with the test's addresses, its upstream the given server processes;
/// every change must find its line, so the test breaks when the documented file changes shape.
pub fn site_config(
    dir: &Path,
    upstreams: &[std::net::SocketAddr],
    http: u16,
    https: u16,
) -> PathBuf {
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
            upstreams
                .iter()
                .map(|u| format!("server {u};"))
                .collect::<Vec<_>>()
                .join("\n    "),
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

pub struct Nginx(Child);

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

pub fn start_nginx(dir: &Path, site: &Path, https: u16) -> Nginx {
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
