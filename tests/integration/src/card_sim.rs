//! A resident ID card reader on a pseudo-terminal: it answers the SAM frames the app sends as a
//! real reader's module does (the same codec builds them), with a card put on it or not, and
//! with the faults a hall sees: a card taken away mid-read, a garbled answer, a card that is
//! not an ID card. The app opens the pty's slave path as it would `/dev/ttyUSB0`.

use std::io::{Read, Write};
use std::os::fd::OwnedFd;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use borderdesk_core::id_card::IdCard;
use borderdesk_local::card_reader::card_text;
use borderdesk_local::card_reader::frame::{status, Command, Decoder, Reply};
use rustix::fs::OFlags;
use rustix::pty::{grantpt, openpt, ptsname, unlockpt, OpenptFlags};
use serde::Deserialize;

/// What goes wrong on the next read of the card.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Fault {
    #[default]
    None,
    /// The card leaves the reader halfway through sending its text.
    RemovedMidRead,
    /// The next `n` answers with the card's text have a wrong check byte.
    BadChecksum(u32),
    /// A bank card or a bus card: found, but it does not authenticate.
    NotAnIdCard,
}

#[derive(Debug, Default)]
struct State {
    card: Option<IdCard>,
    fault: Fault,
    /// Every command received, in order (tests read it).
    received: Vec<Command>,
    /// Hears everything and answers nothing.
    silent: bool,
}

/// A simulated reader, answering until dropped.
pub struct SimulatedReader {
    path: PathBuf,
    state: Arc<Mutex<State>>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
    /// Held open so the line stays up while the app opens and closes its end.
    _slave: std::fs::File,
}

impl SimulatedReader {
    pub fn start() -> std::io::Result<Self> {
        let master = openpt(OpenptFlags::RDWR | OpenptFlags::NOCTTY)?;
        grantpt(&master)?;
        unlockpt(&master)?;
        let name = ptsname(&master, Vec::new())?;
        let path = PathBuf::from(name.to_string_lossy().into_owned());
        let slave = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open(&path)?;
        // Raw from the start: a cooked pty would echo the answers back to us.
        let mut tty = rustix::termios::tcgetattr(&slave)?;
        tty.make_raw();
        rustix::termios::tcsetattr(&slave, rustix::termios::OptionalActions::Now, &tty)?;
        rustix::fs::fcntl_setfl(&master, OFlags::NONBLOCK | OFlags::RDWR)?;
        let state = Arc::new(Mutex::new(State::default()));
        let stop = Arc::new(AtomicBool::new(false));
        let thread = {
            let (state, stop) = (state.clone(), stop.clone());
            std::thread::spawn(move || serve(master, &state, &stop))
        };
        Ok(Self {
            path,
            state,
            stop,
            thread: Some(thread),
            _slave: slave,
        })
    }

    /// The device path the app is given.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Puts a card on the reader (and what will go wrong reading it).
    pub fn put(&self, card: IdCard, fault: Fault) {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        state.card = Some(card);
        state.fault = fault;
    }

    /// From now on the reader answers nothing (hung, or not a SAM at all).
    pub fn go_silent(&self) {
        self.state.lock().unwrap_or_else(|e| e.into_inner()).silent = true;
    }

    pub fn take_away(&self) {
        self.state.lock().unwrap_or_else(|e| e.into_inner()).card = None;
    }

    /// The commands received so far.
    pub fn received(&self) -> Vec<Command> {
        self.state
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .received
            .clone()
    }
}

impl Drop for SimulatedReader {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn serve(master: OwnedFd, state: &Mutex<State>, stop: &AtomicBool) {
    let mut line = std::fs::File::from(master);
    let mut decoder = Decoder::default();
    let mut buf = [0u8; 256];
    while !stop.load(Ordering::SeqCst) {
        match line.read(&mut buf) {
            Ok(0) => std::thread::sleep(Duration::from_millis(2)),
            Ok(n) => decoder.push(&buf[..n]),
            // Nothing to read (non-blocking), or the app's end is closed for now.
            Err(_) => std::thread::sleep(Duration::from_millis(2)),
        }
        while let Some(body) = decoder.next_body() {
            let answer = match body {
                Err(_) => reply(status::BAD_CHECKSUM, vec![]).encode(),
                Ok(body) => match body.get(..2).and_then(|c| Command::from_code(c[0], c[1])) {
                    None => reply(status::BAD_COMMAND, vec![]).encode(),
                    Some(command) => {
                        let mut state = state.lock().unwrap_or_else(|e| e.into_inner());
                        state.received.push(command);
                        if state.silent {
                            continue;
                        }
                        answer(&mut state, command)
                    }
                },
            };
            let _ = line.write_all(&answer);
        }
    }
}

fn reply(sw3: u8, data: Vec<u8>) -> Reply {
    Reply {
        sw: [0, 0, sw3],
        data,
    }
}

fn answer(state: &mut State, command: Command) -> Vec<u8> {
    let Some(card) = state.card.clone() else {
        return match command {
            Command::FindCard => reply(status::NO_CARD, vec![]),
            Command::SelectCard => reply(status::SELECT_FAILED, vec![]),
            Command::ReadBase => reply(status::READ_FAILED, vec![]),
        }
        .encode();
    };
    match command {
        Command::FindCard => reply(status::CARD_FOUND, vec![0; 4]).encode(),
        Command::SelectCard => reply(status::OK, vec![0; 8]).encode(),
        Command::ReadBase => {
            if state.fault == Fault::NotAnIdCard {
                return reply(status::CARD_AUTH_FAILED, vec![]).encode();
            }
            // Text length, photo length, the text, and a photo this side never looks at.
            let mut data = Vec::with_capacity(4 + 256 + 1024);
            data.extend_from_slice(&256u16.to_be_bytes());
            data.extend_from_slice(&1024u16.to_be_bytes());
            data.extend_from_slice(&card_text::encode(&card));
            data.extend(std::iter::repeat_n(0x5A, 1024));
            let mut bytes = reply(status::OK, data).encode();
            match state.fault {
                Fault::RemovedMidRead => {
                    bytes.truncate(bytes.len() / 2);
                    state.card = None;
                    state.fault = Fault::None;
                }
                Fault::BadChecksum(n) if n > 0 => {
                    if let Some(last) = bytes.last_mut() {
                        *last ^= 0xFF;
                    }
                    state.fault = Fault::BadChecksum(n - 1);
                }
                _ => {}
            }
            bytes
        }
    }
}

/// What the `card-reader-sim` program reads from its card file: the card, and a fault.
#[derive(Debug, Deserialize)]
pub struct CardFile {
    pub card: IdCard,
    #[serde(default)]
    pub fault: Fault,
}

impl SimulatedReader {
    /// Follows a card file: a card is on the reader while the file exists (tests write it to
    /// put a card down and remove it to take it away). Polls every 100 ms until dropped.
    pub fn follow(&self, card_file: PathBuf) -> JoinHandle<()> {
        let state = self.state.clone();
        let stop = self.stop.clone();
        std::thread::spawn(move || {
            let mut last: Option<String> = None;
            while !stop.load(Ordering::SeqCst) {
                let now = std::fs::read_to_string(&card_file).ok();
                if now != last {
                    let mut s = state.lock().unwrap_or_else(|e| e.into_inner());
                    match now.as_deref().map(serde_json::from_str::<CardFile>) {
                        Some(Ok(file)) => {
                            s.card = Some(file.card);
                            s.fault = file.fault;
                        }
                        // Half-written or gone: no card.
                        _ => s.card = None,
                    }
                    last = now;
                }
                std::thread::sleep(Duration::from_millis(100));
            }
        })
    }
}
