//! Calls for help over the LAN, on loopback sockets: a desk of the site hears the call and
//! acknowledges it, another site's desk ignores it, and a call taken at one desk leaves the
//! others. Every datagram is signed with the site's key: a forged, unsigned, stale or replayed
//! one changes nothing, and a device without the key neither sends nor hears.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use borderdesk_local::lan::{call_over_lan, seal_datagram, LanDesk, LanKey};
use tokio::net::UdpSocket;
use uuid::Uuid;

fn loopback() -> SocketAddr {
    "127.0.0.1:0".parse().unwrap()
}

/// Where nothing listens: a desk's "taken" notices go nowhere.
fn nowhere() -> SocketAddr {
    "127.0.0.1:9".parse().unwrap()
}

/// The key of the site "luoyang" in these tests.
fn luoyang_key() -> LanKey {
    LanKey::from_bytes([0x4c; 32])
}

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

/// A desk of `site` with someone logged in.
async fn desk_on_duty(site: &str, key: LanKey, target: SocketAddr) -> Arc<LanDesk> {
    let desk = LanDesk::listen(site.into(), Some(key), loopback(), target)
        .await
        .unwrap();
    desk.set_on_duty(true);
    desk
}

async fn call(key: &LanKey, site: &str, device: &str, id: Uuid, at: SocketAddr) -> bool {
    call_over_lan(Some(key), site, device, id, at, Duration::from_secs(2))
        .await
        .unwrap()
}

fn call_json(id: Uuid, device_name: &str) -> String {
    serde_json::json!({"kind": "call", "id": id, "device_name": device_name}).to_string()
}

fn answered_json(id: Uuid) -> String {
    serde_json::json!({"kind": "answered", "id": id}).to_string()
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

/// Sends a good call for a fresh id after whatever was sent before and waits until the desk
/// holds it: by then the desk has read everything sent before it (one socket, in order).
async fn barrier(desk: &LanDesk, from: &UdpSocket) -> Uuid {
    let id = Uuid::now_v7();
    let bytes = seal_datagram(&luoyang_key(), "luoyang", &call_json(id, "10099"), now());
    from.send_to(&bytes, desk.local_addr().unwrap())
        .await
        .unwrap();
    eventually("the desk reading the datagrams before", || {
        desk.open_calls().iter().any(|c| c.id == id)
    })
    .await;
    id
}

fn holds(desk: &LanDesk, id: Uuid) -> bool {
    desk.open_calls().iter().any(|c| c.id == id)
}

#[tokio::test]
async fn a_desk_of_the_site_hears_the_signed_call_once_and_acknowledges_it() {
    let desk = desk_on_duty("luoyang", luoyang_key(), nowhere()).await;
    let at = desk.local_addr().unwrap();
    let id = Uuid::now_v7();
    // Something else on the port first: ignored.
    let stray = UdpSocket::bind(loopback()).await.unwrap();
    stray.send_to(b"hello", at).await.unwrap();

    assert!(
        call(&luoyang_key(), "luoyang", "10001", id, at).await,
        "the desk acknowledged the call"
    );
    // The same call again (the kiosk resends, with a new nonce): still one on the desk.
    assert!(call(&luoyang_key(), "luoyang", "10001", id, at).await);
    let calls = desk.open_calls();
    assert_eq!(calls.len(), 1);
    assert_eq!(calls[0].id, id);
    assert_eq!(calls[0].device_name, "10001");
}

#[tokio::test]
async fn another_sites_desk_ignores_the_call_and_the_kiosk_hears_no_acknowledgement() {
    let fuding_key = LanKey::from_bytes([0xfd; 32]);
    let desk = desk_on_duty("fuding", fuding_key.clone(), nowhere()).await;
    let at = desk.local_addr().unwrap();
    for (key, site) in [(&luoyang_key(), "luoyang"), (&fuding_key, "luoyang")] {
        let heard = call_over_lan(
            Some(key),
            site,
            "10001",
            Uuid::now_v7(),
            at,
            Duration::from_millis(600),
        )
        .await
        .unwrap();
        assert!(!heard);
    }
    assert!(desk.open_calls().is_empty());
}

#[tokio::test]
async fn a_call_signed_with_another_key_is_not_heard() {
    let desk = desk_on_duty("luoyang", luoyang_key(), nowhere()).await;
    let at = desk.local_addr().unwrap();
    let stolen_name = LanKey::from_bytes([0x13; 32]);
    let heard = call_over_lan(
        Some(&stolen_name),
        "luoyang",
        "10001",
        Uuid::now_v7(),
        at,
        Duration::from_millis(600),
    )
    .await
    .unwrap();
    assert!(!heard, "a desk acknowledged a call it must not believe");
    assert!(desk.open_calls().is_empty());
}

#[tokio::test]
async fn a_call_taken_at_one_desk_leaves_the_other_desks() {
    let second = desk_on_duty("luoyang", luoyang_key(), nowhere()).await;
    // The first desk's "taken" notice reaches the second (a broadcast does on a real LAN).
    let first = desk_on_duty("luoyang", luoyang_key(), second.local_addr().unwrap()).await;
    let id = Uuid::now_v7();
    for desk in [&first, &second] {
        assert!(
            call(
                &luoyang_key(),
                "luoyang",
                "10002",
                id,
                desk.local_addr().unwrap()
            )
            .await
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

/// Someone on the hall's LAN sends "answered" for a real call: signed with a wrong key, or
/// not signed at all (the old format, or an envelope without its MAC). The call stays on the
/// desk until a desk of the site really takes it.
#[tokio::test]
async fn a_forged_answered_notice_does_not_hide_a_real_call() {
    let desk = desk_on_duty("luoyang", luoyang_key(), nowhere()).await;
    let at = desk.local_addr().unwrap();
    let id = Uuid::now_v7();
    assert!(call(&luoyang_key(), "luoyang", "10003", id, at).await);

    let forger = UdpSocket::bind(loopback()).await.unwrap();
    let wrong_key = LanKey::from_bytes([0x66; 32]);
    let signed_wrong = seal_datagram(&wrong_key, "luoyang", &answered_json(id), now());
    let old_format = serde_json::json!({"kind": "answered", "site_id": "luoyang", "id": id});
    let mut no_mac: serde_json::Value = serde_json::from_slice(&seal_datagram(
        &luoyang_key(),
        "luoyang",
        &answered_json(id),
        now(),
    ))
    .unwrap();
    no_mac.as_object_mut().unwrap().remove("mac");
    let mut empty_mac = no_mac.clone();
    empty_mac["mac"] = serde_json::json!("");
    let mut other_id: serde_json::Value = serde_json::from_slice(&seal_datagram(
        &luoyang_key(),
        "luoyang",
        &answered_json(Uuid::now_v7()),
        now(),
    ))
    .unwrap();
    // A good signature over another call's notice, with this call's id put in.
    other_id["payload"] = serde_json::json!(answered_json(id));
    for forged in [
        signed_wrong,
        old_format.to_string().into_bytes(),
        no_mac.to_string().into_bytes(),
        empty_mac.to_string().into_bytes(),
        other_id.to_string().into_bytes(),
    ] {
        forger.send_to(&forged, at).await.unwrap();
    }
    barrier(&desk, &forger).await;
    assert!(holds(&desk, id), "a forged notice hid a real call");

    // The site's own notice does take it off.
    let real = seal_datagram(&luoyang_key(), "luoyang", &answered_json(id), now());
    forger.send_to(&real, at).await.unwrap();
    eventually("a signed notice taking the call", || !holds(&desk, id)).await;
}

/// A recorded call played back after it was taken does not bring it back on the screen; the
/// same bytes twice count once.
#[tokio::test]
async fn a_replayed_datagram_is_ignored() {
    let desk = desk_on_duty("luoyang", luoyang_key(), nowhere()).await;
    let at = desk.local_addr().unwrap();
    let sock = UdpSocket::bind(loopback()).await.unwrap();
    let id = Uuid::now_v7();
    let recorded = seal_datagram(&luoyang_key(), "luoyang", &call_json(id, "10004"), now());
    sock.send_to(&recorded, at).await.unwrap();
    eventually("the call to arrive", || holds(&desk, id)).await;
    assert!(desk.answer(id).await, "taken");
    assert!(!holds(&desk, id));

    sock.send_to(&recorded, at).await.unwrap();
    barrier(&desk, &sock).await;
    assert!(!holds(&desk, id), "the replayed call is back on the desk");

    // The same call made afresh (a new nonce) is heard again: only the replay was dropped.
    let fresh = seal_datagram(&luoyang_key(), "luoyang", &call_json(id, "10004"), now());
    sock.send_to(&fresh, at).await.unwrap();
    eventually("a fresh call to arrive", || holds(&desk, id)).await;
}

/// A datagram whose clock is further from the desk's than the window (default 120 s) is old
/// or made up: dropped, whichever way it is off. Within the window it counts.
#[tokio::test]
async fn a_datagram_sent_outside_the_window_is_ignored() {
    let desk = desk_on_duty("luoyang", luoyang_key(), nowhere()).await;
    let at = desk.local_addr().unwrap();
    let sock = UdpSocket::bind(loopback()).await.unwrap();
    let (old, future, skewed) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
    for (id, sent_at) in [
        (old, now() - 3600),
        (future, now() + 3600),
        (skewed, now() - 60),
    ] {
        let bytes = seal_datagram(&luoyang_key(), "luoyang", &call_json(id, "10005"), sent_at);
        sock.send_to(&bytes, at).await.unwrap();
    }
    barrier(&desk, &sock).await;
    assert!(!holds(&desk, old), "an hour-old call was taken");
    assert!(!holds(&desk, future), "a call from an hour ahead was taken");
    assert!(
        holds(&desk, skewed),
        "a minute of clock skew is within the window"
    );

    // A stale "answered" leaves a real call in place.
    let stale = seal_datagram(
        &luoyang_key(),
        "luoyang",
        &answered_json(skewed),
        now() - 3600,
    );
    sock.send_to(&stale, at).await.unwrap();
    barrier(&desk, &sock).await;
    assert!(holds(&desk, skewed));
}

#[tokio::test]
async fn a_kiosk_without_the_key_sends_nothing() {
    let listener = UdpSocket::bind(loopback()).await.unwrap();
    let at = listener.local_addr().unwrap();
    let heard = call_over_lan(
        None,
        "luoyang",
        "10006",
        Uuid::now_v7(),
        at,
        Duration::from_millis(300),
    )
    .await
    .unwrap();
    assert!(!heard);
    let mut buf = [0u8; 2048];
    let got = tokio::time::timeout(Duration::from_millis(300), listener.recv_from(&mut buf)).await;
    assert!(got.is_err(), "a keyless kiosk put a datagram on the LAN");
}

#[tokio::test]
async fn a_desk_without_the_key_hears_nothing_until_it_has_it() {
    let desk = LanDesk::listen("luoyang".into(), None, loopback(), nowhere())
        .await
        .unwrap();
    desk.set_on_duty(true);
    assert!(!desk.has_key());
    let at = desk.local_addr().unwrap();
    let id = Uuid::now_v7();
    let heard = call_over_lan(
        Some(&luoyang_key()),
        "luoyang",
        "10007",
        id,
        at,
        Duration::from_millis(600),
    )
    .await
    .unwrap();
    assert!(!heard, "a keyless desk acknowledged a call");
    let sock = UdpSocket::bind(loopback()).await.unwrap();
    let unsigned = serde_json::json!({
        "kind": "call", "site_id": "luoyang", "id": Uuid::now_v7(), "device_name": "10007"
    });
    sock.send_to(unsigned.to_string().as_bytes(), at)
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(desk.open_calls().is_empty(), "a keyless desk took a call");
    // Nothing goes out when a call is taken either (there is none to take).
    assert!(!desk.answer(id).await);

    // The key arrives with a sync: from then on calls are heard.
    desk.set_key(Some(luoyang_key()));
    assert!(call(&luoyang_key(), "luoyang", "10007", id, at).await);
    assert!(holds(&desk, id));
}

#[tokio::test]
async fn a_desk_with_nobody_logged_in_holds_the_call_but_does_not_say_it_was_heard() {
    let desk = LanDesk::listen("luoyang".into(), Some(luoyang_key()), loopback(), nowhere())
        .await
        .unwrap();
    let at = desk.local_addr().unwrap();
    let id = Uuid::now_v7();
    let heard = call_over_lan(
        Some(&luoyang_key()),
        "luoyang",
        "10001",
        id,
        at,
        Duration::from_millis(600),
    )
    .await
    .unwrap();
    assert!(
        !heard,
        "nobody at the desk: the kiosk must not say the desk was told"
    );
    // Whoever logs in next sees it.
    assert_eq!(desk.open_calls().len(), 1);
    desk.set_on_duty(true);
    assert!(call(&luoyang_key(), "luoyang", "10001", id, at).await);
}

/// Even a device of the site (one that has the key) cannot flood a desk's list, nor put
/// text of its own on the clerk's screen.
#[tokio::test]
async fn signed_calls_cannot_grow_the_list_or_show_text_of_their_own() {
    let desk = desk_on_duty("luoyang", luoyang_key(), nowhere()).await;
    let at = desk.local_addr().unwrap();
    let sock = UdpSocket::bind(loopback()).await.unwrap();
    for _ in 0..100 {
        let bytes = seal_datagram(
            &luoyang_key(),
            "luoyang",
            &call_json(Uuid::now_v7(), "10001"),
            now(),
        );
        sock.send_to(&bytes, at).await.unwrap();
    }
    let text = seal_datagram(
        &luoyang_key(),
        "luoyang",
        &call_json(Uuid::now_v7(), "请到二楼"),
        now(),
    );
    sock.send_to(&text, at).await.unwrap();
    // The acknowledgements come back to `sock`; the desk keeps at most 32 calls.
    eventually("the flood to arrive", || desk.open_calls().len() == 32).await;
    tokio::time::sleep(Duration::from_millis(100)).await;
    let calls = desk.open_calls();
    assert_eq!(calls.len(), 32);
    assert!(calls.iter().all(|c| c.device_name == "10001"));
}
