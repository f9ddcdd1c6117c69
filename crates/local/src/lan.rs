//! 呼叫工作人员 over the site's local network, for when the server cannot be reached: a kiosk
//! broadcasts its call on the hall's LAN, the clerk desks of the same site listen, show it and
//! acknowledge it, so the kiosk can say the desks were told. A desk that takes the call tells
//! the other desks, which drop it. The datagrams carry no personal data: a site, a call id and
//! the kiosk's name.
//!
//! Every datagram is signed with the site's LAN key, which the server hands out at enrollment
//! (and on `GET /v1/sync/site-key`): an envelope of the payload, the sender's clock
//! (`sent_at`, unix seconds), a random 16-byte nonce and an HMAC-SHA256 over all of them and
//! the site. A receiver drops a datagram whose MAC is wrong or missing, whose `sent_at` is
//! further than `BORDERDESK_LAN_MAX_SKEW_SECONDS` (default 120) from its own clock, and one
//! whose nonce it has already seen in that window (a replay). A device without the key sends
//! nothing and hears nothing: its calls go through the server only.

use std::collections::{HashSet, VecDeque};
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

use borderdesk_protocol::StaffCall;
use chrono::Utc;
use hmac::{Hmac, Mac};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use tokio::net::UdpSocket;
use uuid::Uuid;

use crate::error::{LocalError, Result};

/// UDP port the desks listen on (`BORDERDESK_LAN_PORT`).
pub const LAN_PORT_ENV: &str = "BORDERDESK_LAN_PORT";
pub const DEFAULT_LAN_PORT: u16 = 47_810;
/// Where a kiosk sends its call (`BORDERDESK_LAN_BROADCAST`, default the LAN broadcast).
pub const LAN_BROADCAST_ENV: &str = "BORDERDESK_LAN_BROADCAST";
/// A call older than this was answered in person or is moot (as on the server).
const CALL_LIFETIME_HOURS: i64 = 2;
/// Largest datagram read; ours are a few hundred bytes.
const MAX_DATAGRAM: usize = 2048;
/// Calls a desk holds at most: the oldest go first (a flood of calls cannot grow it).
const MAX_OPEN_CALLS: usize = 32;
/// How far a datagram's `sent_at` may be from the receiver's clock, in seconds
/// (`BORDERDESK_LAN_MAX_SKEW_SECONDS`); it is also how long a nonce is remembered.
pub const LAN_MAX_SKEW_ENV: &str = "BORDERDESK_LAN_MAX_SKEW_SECONDS";
pub const DEFAULT_LAN_MAX_SKEW_SECONDS: i64 = 120;
/// Nonces a desk remembers at most: the oldest go first, so a flood cannot grow the memory.
/// Only datagrams with a good MAC are remembered, so a flood needs the key.
pub const MAX_REMEMBERED_NONCES: usize = 4096;
/// Starts what the MAC covers: another use of the key, or another version of the envelope,
/// never yields the same bytes.
const MAC_DOMAIN: &[u8] = b"borderdesk lan datagram v1\0";
const NONCE_LEN: usize = 16;

type HmacSha256 = Hmac<Sha256>;

/// A site's LAN key: 32 bytes, the same on every device of the site.
#[derive(Clone, PartialEq, Eq)]
pub struct LanKey([u8; 32]);

impl LanKey {
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }

    /// The key as the server sends it: 64 hex digits.
    pub fn from_hex(text: &str) -> Result<Self> {
        let bytes =
            hex::decode(text.trim()).map_err(|_| LocalError::Key("LAN key: not hex".into()))?;
        let bytes: [u8; 32] = bytes
            .try_into()
            .map_err(|_| LocalError::Key("LAN key: not 32 bytes".into()))?;
        Ok(Self(bytes))
    }

    pub(crate) fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    fn mac(&self) -> HmacSha256 {
        // HMAC pads a key shorter than the hash's block with zeros; this is that padded key,
        // so keying cannot fail (`new_from_slice` with the 32 bytes is the same HMAC).
        let mut block = hmac::digest::Key::<HmacSha256>::default();
        block[..self.0.len()].copy_from_slice(&self.0);
        <HmacSha256 as hmac::digest::KeyInit>::new(&block)
    }
}

impl std::fmt::Debug for LanKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("LanKey(..)")
    }
}

/// How far `sent_at` may be from the receiver's clock: the environment, else the default.
pub fn lan_max_skew_seconds() -> i64 {
    std::env::var(LAN_MAX_SKEW_ENV)
        .ok()
        .and_then(|v| v.trim().parse::<i64>().ok())
        .filter(|s| *s > 0)
        .unwrap_or(DEFAULT_LAN_MAX_SKEW_SECONDS)
}

/// A kiosk names itself by its device code: a few digits, nothing else is shown.
fn plausible_device_code(name: &str) -> bool {
    (1..=8).contains(&name.len()) && name.bytes().all(|b| b.is_ascii_digit())
}

/// What a datagram says (its envelope names the site).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum Datagram {
    /// A kiosk asks for help.
    Call { id: Uuid, device_name: String },
    /// A desk of the site has the call on its screen.
    Ack { id: Uuid },
    /// A desk took the call: the others drop it.
    Answered { id: Uuid },
}

/// A datagram on the wire: the payload (a [`Datagram`] as JSON) signed for one site.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Envelope {
    site_id: String,
    /// The sender's clock, unix seconds.
    sent_at: i64,
    /// 16 random bytes, hex.
    nonce: String,
    payload: String,
    /// HMAC-SHA256 of [`mac_input`], hex. Optional here only so that a datagram without one
    /// is told apart (and dropped) rather than taken for something else.
    #[serde(default)]
    mac: Option<String>,
}

/// The canonical bytes the MAC covers: a domain tag, then the site, the time, the nonce and
/// the payload, the variable-length ones with their lengths first so no two messages share
/// their bytes (site "ab" + payload "c" is not site "a" + payload "bc").
fn mac_input(
    key: &LanKey,
    site_id: &str,
    sent_at: i64,
    nonce: &[u8],
    payload: &[u8],
) -> HmacSha256 {
    let mut mac = key.mac();
    mac.update(MAC_DOMAIN);
    mac.update(&(site_id.len() as u64).to_be_bytes());
    mac.update(site_id.as_bytes());
    mac.update(&sent_at.to_be_bytes());
    mac.update(nonce);
    mac.update(&(payload.len() as u64).to_be_bytes());
    mac.update(payload);
    mac
}

fn seal_with_nonce(
    key: &LanKey,
    site_id: &str,
    payload: &str,
    sent_at: i64,
    nonce: [u8; NONCE_LEN],
) -> Vec<u8> {
    let mac = mac_input(key, site_id, sent_at, &nonce, payload.as_bytes()).finalize();
    let envelope = Envelope {
        site_id: site_id.to_string(),
        sent_at,
        nonce: hex::encode(nonce),
        payload: payload.to_string(),
        mac: Some(hex::encode(mac.into_bytes())),
    };
    // An envelope of strings and a number always serializes.
    serde_json::to_vec(&envelope).unwrap_or_default()
}

/// Signs `payload` (a datagram's JSON) for the desks of `site_id`, as sent at `sent_at`
/// (unix seconds), with a fresh random nonce: the bytes that go on the wire.
pub fn seal_datagram(key: &LanKey, site_id: &str, payload: &str, sent_at: i64) -> Vec<u8> {
    let mut nonce = [0u8; NONCE_LEN];
    rand::thread_rng().fill_bytes(&mut nonce);
    seal_with_nonce(key, site_id, payload, sent_at, nonce)
}

fn seal(key: &LanKey, site_id: &str, datagram: &Datagram) -> Vec<u8> {
    let payload = serde_json::to_string(datagram).unwrap_or_default();
    seal_datagram(key, site_id, &payload, Utc::now().timestamp())
}

/// Why a datagram was dropped (for the debug log; nothing is answered).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Dropped {
    /// Not an envelope of ours, or a payload we do not read.
    NotOurs,
    OtherSite,
    NoMac,
    BadMac,
    OutsideWindow,
    Replayed,
}

/// A datagram whose MAC, site and time were good.
#[derive(Debug, Clone, PartialEq)]
struct Opened {
    nonce: [u8; NONCE_LEN],
    sent_at: i64,
    datagram: Datagram,
}

/// Checks an envelope for `site_id` against `key` and the clock `now` (unix seconds): the MAC
/// first (in constant time), then the time. Replays are for a [`ReplayGuard`] to tell.
fn open(
    key: &LanKey,
    site_id: &str,
    bytes: &[u8],
    now: i64,
    max_skew: i64,
) -> std::result::Result<Opened, Dropped> {
    let envelope: Envelope = serde_json::from_slice(bytes).map_err(|_| Dropped::NotOurs)?;
    if envelope.site_id != site_id {
        return Err(Dropped::OtherSite);
    }
    let mac = envelope
        .mac
        .as_deref()
        .filter(|m| !m.is_empty())
        .ok_or(Dropped::NoMac)?;
    let mac = hex::decode(mac).map_err(|_| Dropped::BadMac)?;
    let nonce: [u8; NONCE_LEN] = hex::decode(&envelope.nonce)
        .ok()
        .and_then(|n| n.try_into().ok())
        .ok_or(Dropped::NotOurs)?;
    mac_input(
        key,
        &envelope.site_id,
        envelope.sent_at,
        &nonce,
        envelope.payload.as_bytes(),
    )
    .verify_slice(&mac)
    .map_err(|_| Dropped::BadMac)?;
    if now.abs_diff(envelope.sent_at) > max_skew.unsigned_abs() {
        return Err(Dropped::OutsideWindow);
    }
    let datagram = serde_json::from_str(&envelope.payload).map_err(|_| Dropped::NotOurs)?;
    Ok(Opened {
        nonce,
        sent_at: envelope.sent_at,
        datagram,
    })
}

/// The nonces of the datagrams taken within the window, at most `capacity` of them: a nonce
/// seen again is a replay. One whose `sent_at` left the window is forgotten (the time check
/// drops its datagram anyway).
struct ReplayGuard {
    max_skew: i64,
    capacity: usize,
    order: VecDeque<([u8; NONCE_LEN], i64)>,
    seen: HashSet<[u8; NONCE_LEN]>,
}

impl ReplayGuard {
    fn new(max_skew: i64, capacity: usize) -> Self {
        Self {
            max_skew,
            capacity: capacity.max(1),
            order: VecDeque::new(),
            seen: HashSet::new(),
        }
    }

    /// Whether a datagram with this nonce is new (and remembers it).
    fn admit(&mut self, nonce: [u8; NONCE_LEN], sent_at: i64, now: i64) -> bool {
        while let Some(&(old, at)) = self.order.front() {
            if at.saturating_add(self.max_skew) >= now {
                break;
            }
            self.order.pop_front();
            self.seen.remove(&old);
        }
        if self.seen.contains(&nonce) {
            return false;
        }
        if self.order.len() >= self.capacity {
            if let Some((old, _)) = self.order.pop_front() {
                self.seen.remove(&old);
            }
        }
        self.order.push_back((nonce, sent_at));
        self.seen.insert(nonce);
        true
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.order.len()
    }
}

/// The port from the environment, else the default.
pub fn lan_port() -> u16 {
    std::env::var(LAN_PORT_ENV)
        .ok()
        .and_then(|p| p.trim().parse().ok())
        .unwrap_or(DEFAULT_LAN_PORT)
}

/// Where calls go: the broadcast address from the environment (or the LAN broadcast) and port.
pub fn lan_target() -> SocketAddr {
    let ip = std::env::var(LAN_BROADCAST_ENV)
        .ok()
        .and_then(|a| a.trim().parse().ok())
        .unwrap_or(std::net::IpAddr::V4(Ipv4Addr::BROADCAST));
    SocketAddr::new(ip, lan_port())
}

/// A desk's listener: the calls of its site heard on the LAN and not yet taken.
pub struct LanDesk {
    site_id: String,
    socket: Arc<UdpSocket>,
    calls: Mutex<Vec<StaffCall>>,
    /// Where "taken" notices go (the same broadcast the kiosks use).
    target: SocketAddr,
    /// Someone who works the queue is logged in here: only then is a call acknowledged, so a
    /// kiosk never tells a citizen that an empty desk was told.
    on_duty: AtomicBool,
    /// The site's LAN key; without it the desk hears nothing and sends nothing.
    key: RwLock<Option<LanKey>>,
    /// How far a datagram's `sent_at` may be from this desk's clock, in seconds.
    max_skew: i64,
    seen: Mutex<ReplayGuard>,
}

impl LanDesk {
    /// Listens on `bind` for calls of `site_id` signed with `key`; runs until the process
    /// ends. Without a key (not yet fetched) it drops every datagram until [`Self::set_key`].
    pub async fn listen(
        site_id: String,
        key: Option<LanKey>,
        bind: SocketAddr,
        target: SocketAddr,
    ) -> std::io::Result<Arc<Self>> {
        let socket = UdpSocket::bind(bind).await?;
        socket.set_broadcast(true)?;
        let max_skew = lan_max_skew_seconds();
        let desk = Arc::new(Self {
            site_id,
            socket: Arc::new(socket),
            calls: Mutex::new(Vec::new()),
            target,
            on_duty: AtomicBool::new(false),
            key: RwLock::new(key),
            max_skew,
            seen: Mutex::new(ReplayGuard::new(max_skew, MAX_REMEMBERED_NONCES)),
        });
        let listener = Arc::clone(&desk);
        tokio::spawn(async move { listener.receive().await });
        Ok(desk)
    }

    /// Whether someone who works the queue is logged in at this desk.
    pub fn set_on_duty(&self, on_duty: bool) {
        self.on_duty.store(on_duty, Ordering::Relaxed);
    }

    /// Sets the site's LAN key (fetched after the desk started listening).
    pub fn set_key(&self, key: Option<LanKey>) {
        if let Ok(mut k) = self.key.write() {
            *k = key;
        }
    }

    /// Whether the desk has the site's LAN key (and so hears calls at all).
    pub fn has_key(&self) -> bool {
        self.key().is_some()
    }

    fn key(&self) -> Option<LanKey> {
        self.key.read().ok().and_then(|k| k.clone())
    }

    /// The address the desk listens on (tests bind port 0).
    pub fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.socket.local_addr()
    }

    async fn receive(&self) {
        let mut buf = vec![0u8; MAX_DATAGRAM];
        loop {
            let Ok((n, from)) = self.socket.recv_from(&mut buf).await else {
                // A socket that keeps failing must not spin a core.
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            };
            // No key: nothing heard is to be believed.
            let Some(key) = self.key() else {
                continue;
            };
            let now = Utc::now().timestamp();
            // Anything that is not ours (another program on the port, a forgery, a replay) is
            // dropped without an answer.
            let opened = open(&key, &self.site_id, &buf[..n], now, self.max_skew).and_then(|o| {
                let new = self
                    .seen
                    .lock()
                    .map(|mut seen| seen.admit(o.nonce, o.sent_at, now))
                    .unwrap_or(false);
                if new {
                    Ok(o)
                } else {
                    Err(Dropped::Replayed)
                }
            });
            let datagram = match opened {
                Ok(o) => o.datagram,
                Err(why) => {
                    tracing::debug!(?why, "LAN datagram dropped");
                    continue;
                }
            };
            match datagram {
                Datagram::Call { id, device_name } if plausible_device_code(&device_name) => {
                    self.hold(id, device_name);
                    if self.on_duty.load(Ordering::Relaxed) {
                        let ack = seal(&key, &self.site_id, &Datagram::Ack { id });
                        let _ = self.socket.send_to(&ack, from).await;
                    }
                }
                Datagram::Answered { id } => {
                    self.drop_call(id);
                }
                _ => {}
            }
        }
    }

    fn hold(&self, id: Uuid, device_name: String) {
        let oldest = Utc::now() - chrono::Duration::hours(CALL_LIFETIME_HOURS);
        if let Ok(mut calls) = self.calls.lock() {
            calls.retain(|c| c.called_at > oldest);
            if !calls.iter().any(|c| c.id == id) {
                if calls.len() >= MAX_OPEN_CALLS {
                    calls.remove(0);
                }
                tracing::info!(site = %self.site_id, "staff called over the LAN");
                calls.push(StaffCall {
                    id,
                    device_name,
                    called_at: Utc::now(),
                });
            }
        }
    }

    fn drop_call(&self, id: Uuid) -> bool {
        self.calls
            .lock()
            .map(|mut calls| {
                let before = calls.len();
                calls.retain(|c| c.id != id);
                calls.len() != before
            })
            .unwrap_or(false)
    }

    /// The calls heard and not yet taken, oldest first.
    pub fn open_calls(&self) -> Vec<StaffCall> {
        let oldest = Utc::now() - chrono::Duration::hours(CALL_LIFETIME_HOURS);
        self.calls
            .lock()
            .map(|mut calls| {
                calls.retain(|c| c.called_at > oldest);
                calls.clone()
            })
            .unwrap_or_default()
    }

    /// Takes a call heard on the LAN; `false` when it is not one of them. The other desks are
    /// told so they drop it.
    pub async fn answer(&self, id: Uuid) -> bool {
        if !self.drop_call(id) {
            return false;
        }
        if let Some(key) = self.key() {
            let notice = seal(&key, &self.site_id, &Datagram::Answered { id });
            let _ = self.socket.send_to(&notice, self.target).await;
        }
        true
    }
}

/// Sends a kiosk's call to the desks of `site_id` on the LAN, signed with the site's `key`,
/// and waits up to `wait` for one to acknowledge it (sent three times, each with a new nonce:
/// UDP may lose one). `Ok(true)` when a desk has it. Without a key nothing is sent: `Ok(false)`.
///
/// An acknowledgement counts only with a good MAC, for this site, in the time window and for
/// this call's id (which is new for every call, so an old acknowledgement replayed names
/// another call).
pub async fn call_over_lan(
    key: Option<&LanKey>,
    site_id: &str,
    device_name: &str,
    id: Uuid,
    target: SocketAddr,
    wait: Duration,
) -> std::io::Result<bool> {
    let Some(key) = key else {
        tracing::info!("no LAN key yet: the call is not sent on the LAN");
        return Ok(false);
    };
    let socket = UdpSocket::bind(SocketAddr::new(
        std::net::IpAddr::V4(Ipv4Addr::UNSPECIFIED),
        0,
    ))
    .await?;
    socket.set_broadcast(true)?;
    let max_skew = lan_max_skew_seconds();
    let call = Datagram::Call {
        id,
        device_name: device_name.to_string(),
    };
    let deadline = tokio::time::Instant::now() + wait;
    let mut buf = vec![0u8; MAX_DATAGRAM];
    for attempt in 0..3u32 {
        // A new nonce each time: a desk drops the same bytes heard twice.
        socket.send_to(&seal(key, site_id, &call), target).await?;
        let until = (tokio::time::Instant::now() + wait / 3).min(deadline);
        while let Ok(Ok((n, _))) = tokio::time::timeout_at(until, socket.recv_from(&mut buf)).await
        {
            let now = Utc::now().timestamp();
            if matches!(
                open(key, site_id, &buf[..n], now, max_skew),
                Ok(Opened { datagram: Datagram::Ack { id: acked }, .. }) if acked == id
            ) {
                return Ok(true);
            }
        }
        tracing::debug!(attempt, "no desk acknowledged the LAN call yet");
    }
    Ok(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SITE: &str = "taishun-luoyang";
    const NOW: i64 = 1_764_700_000;

    fn key(b: u8) -> LanKey {
        LanKey::from_bytes([b; 32])
    }

    fn call_payload(id: Uuid) -> String {
        serde_json::to_string(&Datagram::Call {
            id,
            device_name: "10001".into(),
        })
        .unwrap()
    }

    fn envelope(bytes: &[u8]) -> Envelope {
        serde_json::from_slice(bytes).unwrap()
    }

    #[test]
    fn a_sealed_datagram_opens_with_the_sites_key() {
        let id = Uuid::now_v7();
        let bytes = seal_datagram(&key(1), SITE, &call_payload(id), NOW);
        let opened = open(&key(1), SITE, &bytes, NOW, 120).unwrap();
        assert_eq!(opened.sent_at, NOW);
        assert_eq!(
            opened.datagram,
            Datagram::Call {
                id,
                device_name: "10001".into()
            }
        );
        assert_eq!(hex::encode(opened.nonce), envelope(&bytes).nonce);
    }

    #[test]
    fn every_seal_has_a_new_nonce() {
        let payload = call_payload(Uuid::now_v7());
        let a = envelope(&seal_datagram(&key(1), SITE, &payload, NOW));
        let b = envelope(&seal_datagram(&key(1), SITE, &payload, NOW));
        assert_ne!(a.nonce, b.nonce);
        assert_ne!(a.mac, b.mac);
        assert_eq!(hex::decode(&a.nonce).unwrap().len(), NONCE_LEN);
    }

    #[test]
    fn another_key_or_another_site_does_not_open_it() {
        let bytes = seal_datagram(&key(1), SITE, &call_payload(Uuid::now_v7()), NOW);
        assert_eq!(open(&key(2), SITE, &bytes, NOW, 120), Err(Dropped::BadMac));
        assert_eq!(
            open(&key(1), "fuding", &bytes, NOW, 120),
            Err(Dropped::OtherSite)
        );
        // The site renamed on the way: the MAC covers it.
        let mut moved = envelope(&bytes);
        moved.site_id = "fuding".into();
        let moved = serde_json::to_vec(&moved).unwrap();
        assert_eq!(
            open(&key(1), "fuding", &moved, NOW, 120),
            Err(Dropped::BadMac)
        );
    }

    #[test]
    fn a_changed_payload_time_or_nonce_breaks_the_mac() {
        let bytes = seal_datagram(&key(1), SITE, &call_payload(Uuid::now_v7()), NOW);
        let mut payload = envelope(&bytes);
        payload.payload = call_payload(Uuid::now_v7());
        let mut time = envelope(&bytes);
        time.sent_at += 1;
        let mut nonce = envelope(&bytes);
        nonce.nonce = hex::encode([7u8; NONCE_LEN]);
        for changed in [payload, time, nonce] {
            let changed = serde_json::to_vec(&changed).unwrap();
            assert_eq!(
                open(&key(1), SITE, &changed, NOW, 120),
                Err(Dropped::BadMac)
            );
        }
    }

    #[test]
    fn a_datagram_without_a_mac_is_dropped() {
        let bytes = seal_datagram(&key(1), SITE, &call_payload(Uuid::now_v7()), NOW);
        let mut none = envelope(&bytes);
        none.mac = None;
        let mut empty = envelope(&bytes);
        empty.mac = Some(String::new());
        for unsigned in [none, empty] {
            let unsigned = serde_json::to_vec(&unsigned).unwrap();
            assert_eq!(
                open(&key(1), SITE, &unsigned, NOW, 120),
                Err(Dropped::NoMac)
            );
        }
        // The old unsigned datagrams, and noise, are not ours.
        let old = serde_json::json!({
            "kind": "answered", "site_id": SITE, "id": Uuid::now_v7()
        });
        assert_eq!(
            open(&key(1), SITE, old.to_string().as_bytes(), NOW, 120),
            Err(Dropped::NotOurs)
        );
        assert_eq!(
            open(&key(1), SITE, b"hello", NOW, 120),
            Err(Dropped::NotOurs)
        );
    }

    #[test]
    fn a_datagram_from_outside_the_window_is_dropped_either_way() {
        let payload = call_payload(Uuid::now_v7());
        for (sent_at, ok) in [
            (NOW - 120, true),
            (NOW + 120, true),
            (NOW - 121, false),
            (NOW + 121, false),
            (i64::MIN, false),
            (i64::MAX, false),
        ] {
            let bytes = seal_datagram(&key(1), SITE, &payload, sent_at);
            let opened = open(&key(1), SITE, &bytes, NOW, 120);
            if ok {
                assert!(opened.is_ok(), "{sent_at}");
            } else {
                assert_eq!(opened, Err(Dropped::OutsideWindow), "{sent_at}");
            }
        }
    }

    #[test]
    fn the_mac_covers_canonical_bytes_that_no_other_message_shares() {
        let nonce = [3u8; NONCE_LEN];
        let a = envelope(&seal_with_nonce(&key(1), "ab", "c", NOW, nonce));
        let b = envelope(&seal_with_nonce(&key(1), "a", "bc", NOW, nonce));
        assert_ne!(a.mac, b.mac);
        // The same inputs give the same MAC: HMAC-SHA256 with the key as given.
        let again = envelope(&seal_with_nonce(&key(1), "ab", "c", NOW, nonce));
        assert_eq!(a.mac, again.mac);
        let mut plain = <HmacSha256 as Mac>::new_from_slice(&[1u8; 32]).unwrap();
        plain.update(MAC_DOMAIN);
        plain.update(&2u64.to_be_bytes());
        plain.update(b"ab");
        plain.update(&NOW.to_be_bytes());
        plain.update(&nonce);
        plain.update(&1u64.to_be_bytes());
        plain.update(b"c");
        assert_eq!(a.mac.unwrap(), hex::encode(plain.finalize().into_bytes()));
    }

    #[test]
    fn a_nonce_is_taken_once_within_the_window() {
        let mut guard = ReplayGuard::new(120, MAX_REMEMBERED_NONCES);
        assert!(guard.admit([1; NONCE_LEN], NOW, NOW));
        assert!(!guard.admit([1; NONCE_LEN], NOW, NOW + 60), "a replay");
        assert!(guard.admit([2; NONCE_LEN], NOW, NOW + 60));
        // Once its time left the window it is forgotten (the time check drops it by then).
        assert!(guard.admit([3; NONCE_LEN], NOW + 200, NOW + 200));
        assert_eq!(guard.len(), 1);
    }

    #[test]
    fn a_flood_of_nonces_cannot_grow_the_memory() {
        let mut guard = ReplayGuard::new(120, 64);
        for i in 0..1000u32 {
            let mut nonce = [0u8; NONCE_LEN];
            nonce[..4].copy_from_slice(&i.to_be_bytes());
            assert!(guard.admit(nonce, NOW, NOW));
        }
        assert_eq!(guard.len(), 64);
        assert_eq!(guard.seen.len(), 64);
        // The newest are still known.
        let mut last = [0u8; NONCE_LEN];
        last[..4].copy_from_slice(&999u32.to_be_bytes());
        assert!(!guard.admit(last, NOW, NOW));
    }

    #[test]
    fn a_lan_key_is_32_bytes_of_hex_and_is_never_printed() {
        let k = LanKey::from_hex(&"ab".repeat(32)).unwrap();
        assert_eq!(k.as_bytes(), &[0xab; 32]);
        assert!(LanKey::from_hex(&"ab".repeat(31)).is_err());
        assert!(LanKey::from_hex("not hex").is_err());
        assert_eq!(format!("{k:?}"), "LanKey(..)");
    }
}
