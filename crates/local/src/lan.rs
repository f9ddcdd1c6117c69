//! 呼叫工作人员 over the site's local network, for when the server cannot be reached: a kiosk
//! broadcasts its call on the hall's LAN, the clerk desks of the same site listen, show it and
//! acknowledge it, so the kiosk can say the desks were told. A desk that takes the call tells
//! the other desks, which drop it. The datagrams carry no personal data: a site, a call id and
//! the kiosk's name.

use std::net::{Ipv4Addr, SocketAddr};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use borderdesk_protocol::StaffCall;
use chrono::Utc;
use serde::{Deserialize, Serialize};
use tokio::net::UdpSocket;
use uuid::Uuid;

/// UDP port the desks listen on (`BORDERDESK_LAN_PORT`).
pub const LAN_PORT_ENV: &str = "BORDERDESK_LAN_PORT";
pub const DEFAULT_LAN_PORT: u16 = 47_810;
/// Where a kiosk sends its call (`BORDERDESK_LAN_BROADCAST`, default the LAN broadcast).
pub const LAN_BROADCAST_ENV: &str = "BORDERDESK_LAN_BROADCAST";
/// A call older than this was answered in person or is moot (as on the server).
const CALL_LIFETIME_HOURS: i64 = 2;
/// Largest datagram read; ours are a few hundred bytes.
const MAX_DATAGRAM: usize = 2048;
/// Calls a desk holds at most: the oldest go first (a flood of forged calls cannot grow it).
const MAX_OPEN_CALLS: usize = 32;

/// A kiosk names itself by its device code: a few digits, nothing else is shown.
fn plausible_device_code(name: &str) -> bool {
    (1..=8).contains(&name.len()) && name.bytes().all(|b| b.is_ascii_digit())
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum Datagram {
    /// A kiosk asks for help.
    Call {
        site_id: String,
        id: Uuid,
        device_name: String,
    },
    /// A desk of the site has the call on its screen.
    Ack { id: Uuid },
    /// A desk took the call: the others drop it.
    Answered { site_id: String, id: Uuid },
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
}

impl LanDesk {
    /// Listens on `bind` for calls of `site_id`; runs until the process ends.
    pub async fn listen(
        site_id: String,
        bind: SocketAddr,
        target: SocketAddr,
    ) -> std::io::Result<Arc<Self>> {
        let socket = UdpSocket::bind(bind).await?;
        socket.set_broadcast(true)?;
        let desk = Arc::new(Self {
            site_id,
            socket: Arc::new(socket),
            calls: Mutex::new(Vec::new()),
            target,
            on_duty: AtomicBool::new(false),
        });
        let listener = Arc::clone(&desk);
        tokio::spawn(async move { listener.receive().await });
        Ok(desk)
    }

    /// Whether someone who works the queue is logged in at this desk.
    pub fn set_on_duty(&self, on_duty: bool) {
        self.on_duty.store(on_duty, Ordering::Relaxed);
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
            // Anything that is not ours (another program on the port) is ignored.
            let Ok(datagram) = serde_json::from_slice::<Datagram>(&buf[..n]) else {
                continue;
            };
            match datagram {
                Datagram::Call {
                    site_id,
                    id,
                    device_name,
                } if site_id == self.site_id && plausible_device_code(&device_name) => {
                    self.hold(id, device_name);
                    if self.on_duty.load(Ordering::Relaxed) {
                        let ack = serde_json::to_vec(&Datagram::Ack { id }).unwrap_or_default();
                        let _ = self.socket.send_to(&ack, from).await;
                    }
                }
                Datagram::Answered { site_id, id } if site_id == self.site_id => {
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
        let notice = Datagram::Answered {
            site_id: self.site_id.clone(),
            id,
        };
        if let Ok(bytes) = serde_json::to_vec(&notice) {
            let _ = self.socket.send_to(&bytes, self.target).await;
        }
        true
    }
}

/// Sends a kiosk's call to the desks of `site_id` on the LAN and waits up to `wait` for one to
/// acknowledge it (sent three times: UDP may lose one). `Ok(true)` when a desk has it.
pub async fn call_over_lan(
    site_id: &str,
    device_name: &str,
    id: Uuid,
    target: SocketAddr,
    wait: Duration,
) -> std::io::Result<bool> {
    let socket = UdpSocket::bind(SocketAddr::new(
        std::net::IpAddr::V4(Ipv4Addr::UNSPECIFIED),
        0,
    ))
    .await?;
    socket.set_broadcast(true)?;
    let call = serde_json::to_vec(&Datagram::Call {
        site_id: site_id.to_string(),
        id,
        device_name: device_name.to_string(),
    })
    .map_err(std::io::Error::other)?;
    let deadline = tokio::time::Instant::now() + wait;
    let mut buf = vec![0u8; MAX_DATAGRAM];
    for attempt in 0..3u32 {
        socket.send_to(&call, target).await?;
        let until = (tokio::time::Instant::now() + wait / 3).min(deadline);
        while let Ok(Ok((n, _))) = tokio::time::timeout_at(until, socket.recv_from(&mut buf)).await
        {
            if matches!(serde_json::from_slice(&buf[..n]), Ok(Datagram::Ack { id: acked }) if acked == id)
            {
                return Ok(true);
            }
        }
        tracing::debug!(attempt, "no desk acknowledged the LAN call yet");
    }
    Ok(false)
}
