//! App updates from the county's server, staged: a release published with its signature goes
//! to named pilot devices first, then to a share of the fleet that only grows, stops when
//! paused, never goes down a version, and its artifact is served only to devices it has
//! reached.

mod common;

use borderdesk_protocol::{
    ErrorBody, Page, ReleaseSummary, UpdateManifest, PROTOCOL_HEADER, PROTOCOL_VERSION,
};
use borderdesk_server::updates::{publish, NewRelease};
use common::{harness, Dev, Harness, ADMIN};
use reqwest::StatusCode;
use serde_json::json;
use sha2::{Digest, Sha256};

const TARGET: &str = "linux-x86_64";
/// What `tauri signer sign` writes is base64 text; the server hands it on untouched.
const SIGNATURE: &str = "dW50cnVzdGVkIGNvbW1lbnQ6IHNpZ25hdHVyZSBmcm9tIHRhdXJpIHNlY3JldCBrZXkK";

fn release(version: &str, artifact: &[u8]) -> NewRelease {
    NewRelease {
        channel: "stable".into(),
        target: TARGET.into(),
        version: version.into(),
        notes: "修正回执打印".into(),
        signature: SIGNATURE.into(),
        artifact: artifact.to_vec(),
    }
}

async fn check(h: &Harness, dev: &Dev, current: &str) -> reqwest::Response {
    h.http
        .get(h.url("/v1/sync/update"))
        .query(&[("current_version", current), ("target", TARGET)])
        .bearer_auth(&dev.token)
        .header(PROTOCOL_HEADER, PROTOCOL_VERSION.to_string())
        .send()
        .await
        .unwrap()
}

/// The version offered to `dev` running `current`, if any.
async fn offered(h: &Harness, dev: &Dev, current: &str) -> Option<UpdateManifest> {
    let r = check(h, dev, current).await;
    match r.status() {
        StatusCode::NO_CONTENT => None,
        StatusCode::OK => Some(r.json().await.unwrap()),
        other => panic!("update check answered {other}"),
    }
}

async fn rollout(h: &Harness, version: &str, body: serde_json::Value) -> reqwest::Response {
    h.http
        .post(h.url(&format!(
            "/v1/admin/releases/stable/{TARGET}/{version}/rollout"
        )))
        .bearer_auth(ADMIN)
        .json(&body)
        .send()
        .await
        .unwrap()
}

async fn download(h: &Harness, dev: &Dev, url: &str) -> reqwest::Response {
    h.http
        .get(url)
        .bearer_auth(&dev.token)
        .header(PROTOCOL_HEADER, PROTOCOL_VERSION.to_string())
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_release_reaches_pilots_then_a_growing_share_and_stops_when_paused() {
    let h = harness().await;
    let mut fleet = Vec::new();
    for i in 0..40 {
        fleet.push(h.enroll(&format!("hall-{}", i % 4)).await);
    }
    let artifact = b"!<arch>\ndebian-binary   a .deb as the bundler makes it".repeat(1000);
    let published = publish(h.server.pool(), &release("0.2.0", &artifact))
        .await
        .unwrap();
    assert_eq!(published.sha256, hex::encode(Sha256::digest(&artifact)));
    assert_eq!((published.percent, published.paused), (0, false));
    // Published is not rolled out: nobody is offered it yet.
    for dev in &fleet {
        assert!(offered(&h, dev, "0.1.0").await.is_none());
    }

    // Two pilot kiosks first.
    let pilots = [&fleet[0], &fleet[1]];
    let r = rollout(
        &h,
        "0.2.0",
        json!({"devices": [pilots[0].id, pilots[1].id], "percent": 0}),
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    for dev in &fleet {
        let got = offered(&h, dev, "0.1.0").await;
        assert_eq!(got.is_some(), pilots.iter().any(|p| p.id == dev.id));
    }
    let manifest = offered(&h, pilots[0], "0.1.0").await.unwrap();
    assert_eq!(manifest.version, "0.2.0");
    assert_eq!(manifest.signature, SIGNATURE);
    assert_eq!(manifest.notes, "修正回执打印");
    // The artifact, byte for byte, for a device it reached; not for one it did not.
    let got = download(&h, pilots[0], &manifest.url).await;
    assert_eq!(got.status(), StatusCode::OK);
    assert_eq!(got.bytes().await.unwrap().as_ref(), artifact.as_slice());
    assert_eq!(
        download(&h, &fleet[2], &manifest.url).await.status(),
        StatusCode::NOT_FOUND
    );

    // A share: about that many, the pilots still in, and raising it only adds devices.
    rollout(
        &h,
        "0.2.0",
        json!({"devices": [pilots[0].id, pilots[1].id], "percent": 30}),
    )
    .await;
    let mut at_30 = Vec::new();
    for dev in &fleet {
        if offered(&h, dev, "0.1.0").await.is_some() {
            at_30.push(dev.id);
        }
    }
    assert!(at_30.contains(&pilots[0].id) && at_30.contains(&pilots[1].id));
    assert!(
        (4..=24).contains(&at_30.len()),
        "{} of 40 at 30%",
        at_30.len()
    );
    rollout(
        &h,
        "0.2.0",
        json!({"devices": [pilots[0].id, pilots[1].id], "percent": 60}),
    )
    .await;
    for id in &at_30 {
        let dev = fleet.iter().find(|d| d.id == *id).unwrap();
        assert!(
            offered(&h, dev, "0.1.0").await.is_some(),
            "a device is never taken back"
        );
    }

    // Paused: nobody, the pilots neither; then everyone.
    rollout(
        &h,
        "0.2.0",
        json!({"devices": [pilots[0].id], "percent": 60, "paused": true}),
    )
    .await;
    for dev in &fleet {
        assert!(offered(&h, dev, "0.1.0").await.is_none());
    }
    assert_eq!(
        download(&h, pilots[0], &manifest.url).await.status(),
        StatusCode::NOT_FOUND
    );
    rollout(&h, "0.2.0", json!({"percent": 100})).await;
    for dev in &fleet {
        assert_eq!(offered(&h, dev, "0.1.0").await.unwrap().version, "0.2.0");
        // Already there, or newer: nothing, never a downgrade.
        assert!(offered(&h, dev, "0.2.0").await.is_none());
        assert!(offered(&h, dev, "0.3.1").await.is_none());
    }

    // The newest release that reaches a device is the one offered.
    publish(h.server.pool(), &release("0.10.0", b"newer"))
        .await
        .unwrap();
    assert_eq!(
        offered(&h, &fleet[5], "0.1.0").await.unwrap().version,
        "0.2.0"
    );
    rollout(&h, "0.10.0", json!({"percent": 100})).await;
    assert_eq!(
        offered(&h, &fleet[5], "0.1.0").await.unwrap().version,
        "0.10.0"
    );

    // The admin list, newest first, a page at a time.
    let page: Page<ReleaseSummary> = h
        .http
        .get(h.url("/v1/admin/releases"))
        .query(&[("limit", "1")])
        .bearer_auth(ADMIN)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(page.items.len(), 1);
    assert_eq!(page.items[0].version, "0.10.0");
    let next: Page<ReleaseSummary> = h
        .http
        .get(h.url("/v1/admin/releases"))
        .query(&[("limit", "1"), ("after", page.next.as_deref().unwrap())])
        .bearer_auth(ADMIN)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(next.items[0].version, "0.2.0");
    assert_eq!(next.items[0].percent, 100);
}

#[tokio::test]
async fn bad_releases_checks_and_rollouts_are_refused_without_a_server_error() {
    let h = harness().await;
    let dev = h.enroll("hall-1").await;
    let pool = h.server.pool();
    publish(pool, &release("0.2.0", b"x")).await.unwrap();
    // Published once: a fix is a new version, never the same one replaced.
    assert!(publish(pool, &release("0.2.0", b"other bytes"))
        .await
        .is_err());
    for bad in [
        NewRelease {
            version: "v0.3.0".into(),
            ..release("0", b"x")
        },
        NewRelease {
            channel: "Stable Channel".into(),
            ..release("0.3.0", b"x")
        },
        NewRelease {
            signature: "not base64 !".into(),
            ..release("0.3.0", b"x")
        },
        NewRelease {
            notes: "notes\u{0}".into(),
            ..release("0.3.0", b"x")
        },
        release("0.3.0", b""),
    ] {
        assert!(publish(pool, &bad).await.is_err(), "{bad:?}");
    }

    for current in ["", "0.1", "0.1.0-beta", "0.1.0\u{0}", "1.2.3.4"] {
        let r = check(&h, &dev, current).await;
        assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{current:?}");
    }
    let r = h
        .http
        .get(h.url("/v1/sync/update"))
        .query(&[("current_version", "0.1.0"), ("target", "../../etc")])
        .bearer_auth(&dev.token)
        .header(PROTOCOL_HEADER, PROTOCOL_VERSION.to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let r = rollout(&h, "0.2.0", json!({"percent": 150})).await;
    assert!(r.status().is_client_error());
    let r = rollout(&h, "9.9.9", json!({"percent": 10})).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    // Only the admin moves a rollout; only an enrolled device checks.
    let r = h
        .http
        .post(h.url(&format!("/v1/admin/releases/stable/{TARGET}/0.2.0/rollout")))
        .bearer_auth(&dev.token)
        .json(&json!({"percent": 100}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let revoked = h
        .http
        .post(h.url(&format!("/v1/admin/devices/{}/revoke", dev.id)))
        .bearer_auth(ADMIN)
        .send()
        .await
        .unwrap();
    assert!(revoked.status().is_success());
    let r = check(&h, &dev, "0.1.0").await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let body: ErrorBody = r.json().await.unwrap();
    assert!(!body.code.is_empty());
}

#[tokio::test]
async fn publish_release_takes_the_artifact_and_its_signature_file() {
    let h = harness().await;
    let dir = tempfile::tempdir().unwrap();
    let deb = dir.path().join("borderdesk_0.3.0_amd64.deb");
    std::fs::write(&deb, b"a deb").unwrap();
    std::fs::write(
        dir.path().join("borderdesk_0.3.0_amd64.deb.sig"),
        format!("{SIGNATURE}\n"),
    )
    .unwrap();
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_borderdesk-server"))
            .arg("--database-url")
            .arg(&h.database_url)
            .args(args)
            .env("BORDERDESK_CONFIG", dir.path().join("none.toml"))
            .env_remove("BORDERDESK_DATABASE_URL")
            .output()
            .unwrap()
    };
    std::fs::write(dir.path().join("none.toml"), "").unwrap();
    let deb_path = deb.to_str().unwrap();
    let out = run(&[
        "publish-release",
        deb_path,
        "--version",
        "0.3.0",
        "--notes",
        "更稳",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (signature, size): (String, i64) = sqlx::query_as(
        "SELECT signature, size_bytes FROM releases WHERE version = '0.3.0' AND channel = 'stable'",
    )
    .fetch_one(h.server.pool())
    .await
    .unwrap();
    assert_eq!((signature.as_str(), size), (SIGNATURE, 5));
    // The same version again, or one that is not a version: refused, exit non-zero.
    assert!(!run(&["publish-release", deb_path, "--version", "0.3.0"])
        .status
        .success());
    assert!(!run(&["publish-release", deb_path, "--version", "latest"])
        .status
        .success());
}
