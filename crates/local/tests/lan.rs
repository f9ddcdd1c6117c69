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

/// A desk of `site` with someone logged in.
async fn desk_on_duty(site: &str, target: SocketAddr) -> std::sync::Arc<LanDesk> {
    let desk = LanDesk::listen(site.into(), loopback(), target)
        .await
        .unwrap();
    desk.set_on_duty(true);
    desk
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
    let desk = desk_on_duty("luoyang", nowhere()).await;
    let at = desk.local_addr().unwrap();
    let id = Uuid::now_v7();
    // Something else on the port first: ignored.
    let stray = tokio::net::UdpSocket::bind(loopback()).await.unwrap();
    stray.send_to(b"hello", at).await.unwrap();

    let heard = call_over_lan("luoyang", "10001", id, at, Duration::from_secs(2))
        .await
        .unwrap();
    assert!(heard, "the desk acknowledged the call");
    // The same call again (the kiosk resends): still one on the desk.
    assert!(
        call_over_lan("luoyang", "10001", id, at, Duration::from_secs(2))
            .await
            .unwrap()
    );
    let calls = desk.open_calls();
    assert_eq!(calls.len(), 1);
    assert_eq!(calls[0].id, id);
    assert_eq!(calls[0].device_name, "10001");
}

#[tokio::test]
async fn another_sites_desk_ignores_the_call_and_the_kiosk_hears_no_acknowledgement() {
    let desk = desk_on_duty("fuding", nowhere()).await;
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
    let second = desk_on_duty("luoyang", nowhere()).await;
    // The first desk's "taken" notice reaches the second (a broadcast does on a real LAN).
    let first = desk_on_duty("luoyang", second.local_addr().unwrap()).await;
    let id = Uuid::now_v7();
    for desk in [&first, &second] {
        let at = desk.local_addr().unwrap();
        assert!(
            call_over_lan("luoyang", "10002", id, at, Duration::from_secs(2))
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

#[tokio::test]
async fn a_desk_with_nobody_logged_in_holds_the_call_but_does_not_say_it_was_heard() {
    let desk = LanDesk::listen("luoyang".into(), loopback(), nowhere())
        .await
        .unwrap();
    let at = desk.local_addr().unwrap();
    let id = Uuid::now_v7();
    let heard = call_over_lan("luoyang", "10001", id, at, Duration::from_millis(600))
        .await
        .unwrap();
    assert!(
        !heard,
        "nobody at the desk: the kiosk must not say the desk was told"
    );
    // Whoever logs in next sees it.
    assert_eq!(desk.open_calls().len(), 1);
    desk.set_on_duty(true);
    assert!(
        call_over_lan("luoyang", "10001", id, at, Duration::from_secs(2))
            .await
            .unwrap()
    );
}

#[tokio::test]
async fn forged_calls_cannot_grow_the_list_or_show_text_of_their_own() {
    let desk = desk_on_duty("luoyang", nowhere()).await;
    let at = desk.local_addr().unwrap();
    let sock = tokio::net::UdpSocket::bind(loopback()).await.unwrap();
    for _ in 0..100 {
        let call = serde_json::json!({
            "kind": "call", "site_id": "luoyang", "id": Uuid::now_v7(), "device_name": "10001"
        });
        sock.send_to(call.to_string().as_bytes(), at).await.unwrap();
    }
    let text = serde_json::json!({
        "kind": "call", "site_id": "luoyang", "id": Uuid::now_v7(), "device_name": "请到二楼"
    });
    sock.send_to(text.to_string().as_bytes(), at).await.unwrap();
    // The acknowledgements come back to `sock`; the desk keeps at most 32 calls.
    eventually("the flood to arrive", || desk.open_calls().len() == 32).await;
    tokio::time::sleep(Duration::from_millis(100)).await;
    let calls = desk.open_calls();
    assert_eq!(calls.len(), 32);
    assert!(calls.iter().all(|c| c.device_name == "10001"));
}
