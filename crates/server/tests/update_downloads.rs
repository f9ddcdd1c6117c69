//! A fleet told of a release at once: packages are served a few at a time
//! (`update_downloads_at_once`), piece by piece from the database, and the device that finds
//! no room gets 429 with `Retry-After` instead of the server holding every copy in memory.

mod common;

use borderdesk_server::updates::{publish, NewRelease};
use common::{harness, ADMIN};
use reqwest::StatusCode;
use serde_json::json;
use sha2::{Digest, Sha256};

#[tokio::test]
async fn packages_go_out_one_at_a_time_whole_and_the_next_device_is_told_when_to_come_back() {
    // Before the first request: the server sizes its download slots once.
    std::env::set_var("BORDERDESK_UPDATE_DOWNLOADS_AT_ONCE", "1");
    let h = harness().await;
    let dev = h.enroll("hall-1").await;
    // Many pieces of 1 MiB (more than the sockets between hold) and a ragged end, bytes that
    // differ along the way.
    let artifact: Vec<u8> = (0..(32 * 1024 * 1024 + 12_345_u32))
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8)
        .collect();
    publish(
        h.server.pool(),
        &NewRelease {
            channel: "stable".into(),
            target: "linux-x86_64".into(),
            version: "9.1.0".into(),
            notes: String::new(),
            signature: "c2ln".into(),
            artifact: artifact.clone(),
        },
    )
    .await
    .unwrap();
    let r = h
        .http
        .post(h.url("/v1/admin/releases/stable/linux-x86_64/9.1.0/rollout"))
        .bearer_auth(ADMIN)
        .json(&json!({"percent": 100}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let url = h.url("/v1/sync/update/stable/linux-x86_64/9.1.0");
    // Each download on a connection of its own, as from different devices.
    let get = || {
        reqwest::Client::new()
            .get(&url)
            .bearer_auth(&dev.token)
            .send()
    };

    // The first download is under way (its body not read yet): the second finds no room.
    let first = get().await.unwrap();
    assert_eq!(first.status(), StatusCode::OK);
    assert_eq!(first.content_length(), Some(artifact.len() as u64));
    let second = get().await.unwrap();
    assert_eq!(second.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(second.headers()["retry-after"], "60");

    // The first arrives whole, and then there is room again.
    let bytes = first.bytes().await.unwrap();
    assert_eq!(Sha256::digest(&bytes), Sha256::digest(&artifact));
    let mut third = None;
    for _ in 0..50 {
        let r = get().await.unwrap();
        if r.status() == StatusCode::OK {
            third = Some(r);
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let third = third.expect("a slot frees when a download ends");
    assert_eq!(third.bytes().await.unwrap().as_ref(), artifact.as_slice());
}
