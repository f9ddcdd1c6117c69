//! Calls for help over the LAN, on loopback sockets: a desk of the site hears the call and
//! acknowledges it, another site's desk ignores it, and a call taken at one desk leaves the
//! others.

use std::net::SocketAddr;
use std::time::Duration;

use borderdesk_local::lan::{call_over_lan, LanDesk};
use uuid::Uuid;

fn loopback() -> SocketAddr {
    "127.0.0.1:0".parse().unwrap()
}

/// Where nothing listens: a desk's "taken" notices go nowhere.
fn nowhere() -> SocketAddr {
    "127.0.0.1:9".parse().unwrap()
}

async fn eventually(what: &str, mut check: impl FnMut() -> bool) {
    for _ in 0..50 {
        if check() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("{what} did not happen");
}

#[tokio::test]
async fn a_desk_of_the_site_hears_the_call_once_and_acknowledges_it() {
    let desk = LanDesk::listen("luoyang".into(), loopback(), nowhere())
        .await
        .unwrap();
    let at = desk.local_addr().unwrap();
    let id = Uuid::now_v7();
    // Something else on the port first: ignored.
    let stray = tokio::net::UdpSocket::bind(loopback()).await.unwrap();
    stray.send_to(b"hello", at).await.unwrap();

    let heard = call_over_lan("luoyang", "自助机1", id, at, Duration::from_secs(2))
        .await
        .unwrap();
    assert!(heard, "the desk acknowledged the call");
    // The same call again (the kiosk resends): still one on the desk.
    assert!(
        call_over_lan("luoyang", "自助机1", id, at, Duration::from_secs(2))
            .await
            .unwrap()
    );
    let calls = desk.open_calls();
    assert_eq!(calls.len(), 1);
    assert_eq!(calls[0].id, id);
    assert_eq!(calls[0].device_name, "自助机1");
}

#[tokio::test]
async fn another_sites_desk_ignores_the_call_and_the_kiosk_hears_no_acknowledgement() {
    let desk = LanDesk::listen("fuding".into(), loopback(), nowhere())
        .await
        .unwrap();
    let at = desk.local_addr().unwrap();
    let heard = call_over_lan(
        "luoyang",
        "自助机1",
        Uuid::now_v7(),
        at,
        Duration::from_millis(600),
    )
    .await
    .unwrap();
    assert!(!heard);
    assert!(desk.open_calls().is_empty());
}

#[tokio::test]
async fn a_call_taken_at_one_desk_leaves_the_other_desks() {
    let second = LanDesk::listen("luoyang".into(), loopback(), nowhere())
        .await
        .unwrap();
    // The first desk's "taken" notice reaches the second (a broadcast does on a real LAN).
    let first = LanDesk::listen("luoyang".into(), loopback(), second.local_addr().unwrap())
        .await
        .unwrap();
    let id = Uuid::now_v7();
    for desk in [&first, &second] {
        let at = desk.local_addr().unwrap();
        assert!(
            call_over_lan("luoyang", "自助机2", id, at, Duration::from_secs(2))
                .await
                .unwrap()
        );
    }
    assert_eq!(second.open_calls().len(), 1);
    assert!(first.answer(id).await, "taken at the first desk");
    assert!(first.open_calls().is_empty());
    eventually("the second desk dropping the call", || {
        second.open_calls().is_empty()
    })
    .await;
    assert!(!first.answer(id).await, "a call is taken once");
    assert!(!first.answer(Uuid::now_v7()).await, "not a LAN call");
}
