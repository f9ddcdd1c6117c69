//! A TCP fault proxy for tests: it listens on loopback and relays each connection to the
//! server's current address (which can change, so a restarted server may come back on another
//! port). While faults are on, each connection, by a seeded random draw, is
//!
//! - **refused**: accepted and closed at once, before a byte reaches the server;
//! - **delayed**: relayed, but held back before the request reaches the server or before the
//!   server's answer reaches the client (a slow township line);
//! - **cut**: relayed to the server, and closed on the client as soon as the server starts to
//!   answer (the server has done the work by then), after none or a part of the answer's first
//!   bytes: the client never learns what became of its request;
//! - or forwarded as it is.
//!
//! Every fault injected is counted ([`FaultCounts`]). Plain threads and std sockets: the proxy
//! needs no runtime and keeps working whatever the test's runtime is doing. Loopback only.

use std::io::{self, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};
use std::time::Duration;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

/// How likely each fault is per connection while faults are on (the rest are forwarded).
#[derive(Debug, Clone, Copy)]
pub struct FaultPlan {
    pub refuse: f64,
    pub delay: f64,
    pub cut: f64,
    /// The longest hold-back of a delayed connection.
    pub max_delay: Duration,
}

impl Default for FaultPlan {
    fn default() -> Self {
        Self {
            refuse: 0.15,
            delay: 0.15,
            cut: 0.25,
            max_delay: Duration::from_millis(1500),
        }
    }
}

/// What the proxy did, connection by connection.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FaultCounts {
    /// Accepted and closed at once.
    pub refused: u64,
    /// Held back before the request or before the answer.
    pub delayed: u64,
    /// Closed on the client after the server had started to answer.
    pub cut: u64,
    /// Relayed as they were (including those while faults were off).
    pub forwarded: u64,
    /// The server could not be reached (it was down): the client's connection was closed.
    /// Not a fault the proxy chose, so not counted in [`FaultCounts::injected`].
    pub upstream_down: u64,
}

impl FaultCounts {
    /// Faults the proxy chose to inject.
    pub fn injected(&self) -> u64 {
        self.refused + self.delayed + self.cut
    }
}

#[derive(Debug, Clone, Copy)]
enum Mode {
    Forward,
    Refuse,
    DelayRequest(Duration),
    DelayAnswer(Duration),
    /// Cut once the answer starts, passing on this share (0..1) of its first bytes.
    Cut(f64),
}

#[derive(Default)]
struct Counters {
    refused: AtomicU64,
    delayed: AtomicU64,
    cut: AtomicU64,
    forwarded: AtomicU64,
    upstream_down: AtomicU64,
}

struct Shared {
    upstream: Mutex<SocketAddr>,
    rng: Mutex<StdRng>,
    plan: Mutex<FaultPlan>,
    faults: AtomicBool,
    stop: AtomicBool,
    /// Connections being relayed now.
    open: AtomicU64,
    counts: Counters,
}

impl Shared {
    fn choose(&self) -> Mode {
        if !self.faults.load(Ordering::SeqCst) {
            return Mode::Forward;
        }
        let plan = *self.plan.lock().unwrap_or_else(|e| e.into_inner());
        let mut rng = self.rng.lock().unwrap_or_else(|e| e.into_inner());
        let draw: f64 = rng.gen();
        let max_ms = plan.max_delay.as_millis().max(1) as u64;
        if draw < plan.refuse {
            Mode::Refuse
        } else if draw < plan.refuse + plan.delay {
            let d = Duration::from_millis(rng.gen_range(1..=max_ms));
            if rng.gen_bool(0.5) {
                Mode::DelayRequest(d)
            } else {
                Mode::DelayAnswer(d)
            }
        } else if draw < plan.refuse + plan.delay + plan.cut {
            // A third of the cuts pass nothing on; the others a part of the first bytes.
            Mode::Cut(if rng.gen_bool(1.0 / 3.0) {
                0.0
            } else {
                rng.gen_range(0.0..1.0)
            })
        } else {
            Mode::Forward
        }
    }
}

/// A running fault proxy; dropping it stops it (connections being relayed run to their end).
pub struct FaultProxy {
    addr: SocketAddr,
    shared: Arc<Shared>,
    accept: Option<JoinHandle<()>>,
}

fn check_loopback(addr: SocketAddr) -> io::Result<()> {
    if addr.ip().is_loopback() {
        Ok(())
    } else {
        Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("the fault proxy relays to loopback only, not {addr}"),
        ))
    }
}

impl FaultProxy {
    /// Listens on a free loopback port and relays to `upstream`, faults off until
    /// [`FaultProxy::set_faults`]. The same `seed` gives the same sequence of draws.
    pub fn start(upstream: SocketAddr, seed: u64, plan: FaultPlan) -> io::Result<Self> {
        check_loopback(upstream)?;
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared {
            upstream: Mutex::new(upstream),
            rng: Mutex::new(StdRng::seed_from_u64(seed)),
            plan: Mutex::new(plan),
            faults: AtomicBool::new(false),
            stop: AtomicBool::new(false),
            open: AtomicU64::new(0),
            counts: Counters::default(),
        });
        let accept = {
            let shared = shared.clone();
            thread::Builder::new()
                .name("fault-proxy".into())
                .spawn(move || {
                    for conn in listener.incoming() {
                        if shared.stop.load(Ordering::SeqCst) {
                            return;
                        }
                        let Ok(client) = conn else { continue };
                        let mode = shared.choose();
                        let shared = shared.clone();
                        let _ = thread::Builder::new()
                            .name("fault-proxy-conn".into())
                            .spawn(move || relay(&shared, client, mode));
                    }
                })?
        };
        Ok(Self {
            addr,
            shared,
            accept: Some(accept),
        })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:port`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Where new connections go from now on (a restarted server's address).
    pub fn set_upstream(&self, upstream: SocketAddr) -> io::Result<()> {
        check_loopback(upstream)?;
        *self
            .shared
            .upstream
            .lock()
            .unwrap_or_else(|e| e.into_inner()) = upstream;
        Ok(())
    }

    /// Turns faults on or off for connections accepted from now on.
    pub fn set_faults(&self, on: bool) {
        self.shared.faults.store(on, Ordering::SeqCst);
    }

    pub fn set_plan(&self, plan: FaultPlan) {
        *self.shared.plan.lock().unwrap_or_else(|e| e.into_inner()) = plan;
    }

    /// Connections being relayed at this moment.
    pub fn open_connections(&self) -> u64 {
        self.shared.open.load(Ordering::SeqCst)
    }

    pub fn counts(&self) -> FaultCounts {
        let c = &self.shared.counts;
        FaultCounts {
            refused: c.refused.load(Ordering::SeqCst),
            delayed: c.delayed.load(Ordering::SeqCst),
            cut: c.cut.load(Ordering::SeqCst),
            forwarded: c.forwarded.load(Ordering::SeqCst),
            upstream_down: c.upstream_down.load(Ordering::SeqCst),
        }
    }
}

impl Drop for FaultProxy {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so it sees the stop flag.
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_secs(1));
        if let Some(t) = self.accept.take() {
            let _ = t.join();
        }
    }
}

struct OpenGuard<'a>(&'a AtomicU64);

impl Drop for OpenGuard<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

fn relay(shared: &Shared, client: TcpStream, mode: Mode) {
    shared.open.fetch_add(1, Ordering::SeqCst);
    let _open = OpenGuard(&shared.open);
    let counts = &shared.counts;
    match mode {
        Mode::Refuse => {
            counts.refused.fetch_add(1, Ordering::SeqCst);
            let _ = client.shutdown(Shutdown::Both);
            return;
        }
        Mode::DelayRequest(d) => thread::sleep(d),
        _ => {}
    }
    let upstream_addr = *shared.upstream.lock().unwrap_or_else(|e| e.into_inner());
    let Ok(upstream) = TcpStream::connect_timeout(&upstream_addr, Duration::from_secs(2)) else {
        counts.upstream_down.fetch_add(1, Ordering::SeqCst);
        let _ = client.shutdown(Shutdown::Both);
        return;
    };
    let _ = client.set_nodelay(true);
    let _ = upstream.set_nodelay(true);
    let (Ok(client_in), Ok(upstream_out)) = (client.try_clone(), upstream.try_clone()) else {
        return;
    };
    // Client to server, as it comes.
    let up = thread::Builder::new()
        .name("fault-proxy-up".into())
        .spawn(move || {
            let mut from = client_in;
            let mut to = upstream_out;
            let _ = io::copy(&mut from, &mut to);
            let _ = to.shutdown(Shutdown::Write);
        });
    // Server to client, with the fault at the first bytes of the answer.
    let mut from = upstream;
    let mut to = client;
    let mut buf = vec![0u8; 64 * 1024];
    let mut first = true;
    loop {
        let n = match from.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        if first {
            first = false;
            match mode {
                Mode::DelayAnswer(d) => thread::sleep(d),
                Mode::Cut(share) => {
                    // The server is answering: its work is done. The client gets part of the
                    // first bytes at most, then the line goes dead.
                    counts.cut.fetch_add(1, Ordering::SeqCst);
                    let pass = ((n as f64) * share) as usize;
                    if pass > 0 {
                        let _ = to.write_all(&buf[..pass.min(n - 1)]);
                    }
                    break;
                }
                _ => {}
            }
        }
        if to.write_all(&buf[..n]).is_err() {
            break;
        }
    }
    match mode {
        Mode::DelayRequest(_) | Mode::DelayAnswer(_) => {
            counts.delayed.fetch_add(1, Ordering::SeqCst);
        }
        Mode::Forward => {
            counts.forwarded.fetch_add(1, Ordering::SeqCst);
        }
        // A cut connection whose server never answered was not cut after the work: it
        // counts as forwarded.
        Mode::Cut(_) if first => {
            counts.forwarded.fetch_add(1, Ordering::SeqCst);
        }
        _ => {}
    }
    // Either side ended: both connections close, which also ends the other direction.
    let _ = to.shutdown(Shutdown::Both);
    let _ = from.shutdown(Shutdown::Both);
    if let Ok(up) = up {
        let _ = up.join();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A server that answers each connection's first read with "ok:" and what it read.
    fn echo_server() -> SocketAddr {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = l.local_addr().unwrap();
        thread::spawn(move || {
            for c in l.incoming() {
                let Ok(mut c) = c else { continue };
                thread::spawn(move || {
                    let mut buf = [0u8; 1024];
                    if let Ok(n) = c.read(&mut buf) {
                        let mut answer = b"ok:".to_vec();
                        answer.extend_from_slice(&buf[..n]);
                        let _ = c.write_all(&answer);
                    }
                });
            }
        });
        addr
    }

    fn ask(proxy: &FaultProxy) -> Vec<u8> {
        let mut c = TcpStream::connect(proxy.addr()).unwrap();
        c.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        let _ = c.write_all(b"hello");
        let mut got = Vec::new();
        let _ = c.read_to_end(&mut got);
        got
    }

    #[test]
    fn without_faults_it_relays_and_follows_a_new_upstream() {
        let proxy = FaultProxy::start(echo_server(), 1, FaultPlan::default()).unwrap();
        assert_eq!(ask(&proxy), b"ok:hello");
        proxy.set_upstream(echo_server()).unwrap();
        assert_eq!(ask(&proxy), b"ok:hello");
        assert_eq!(proxy.counts().forwarded, 2);
        assert_eq!(proxy.counts().injected(), 0);
        assert!(proxy.set_upstream("10.0.0.1:80".parse().unwrap()).is_err());
    }

    #[test]
    fn each_fault_does_what_it_says_and_is_counted() {
        let server = echo_server();
        let only = |refuse, delay, cut| FaultPlan {
            refuse,
            delay,
            cut,
            max_delay: Duration::from_millis(20),
        };
        let proxy = FaultProxy::start(server, 7, only(1.0, 0.0, 0.0)).unwrap();
        proxy.set_faults(true);
        assert_eq!(ask(&proxy), b"");
        proxy.set_plan(only(0.0, 1.0, 0.0));
        assert_eq!(ask(&proxy), b"ok:hello");
        proxy.set_plan(only(0.0, 0.0, 1.0));
        let cut = ask(&proxy);
        assert!(cut.len() < b"ok:hello".len(), "{cut:?}");
        let c = proxy.counts();
        assert_eq!((c.refused, c.delayed, c.cut), (1, 1, 1), "{c:?}");
        assert_eq!(c.injected(), 3);
    }
}
