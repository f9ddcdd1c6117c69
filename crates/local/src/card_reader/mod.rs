//! Where a kiosk or a clerk desk reads a citizen's resident ID card instead of having them type
//! it. Behind a trait, like the scanner; the real adapter speaks the SAM frames of the common
//! second-generation readers that attach over a USB serial line (`/dev/ttyUSB0`), so any of
//! them does, configured by device path. What is read is personal data: it goes to the screen
//! that asked and nowhere else (no copy here, no log line).

pub mod card_text;
pub mod frame;

use std::fs::File;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use borderdesk_core::id_card::IdCard;

use crate::error::{LocalError, Result};
use frame::{status, Command, Decoder, FrameError, Reply};

/// Environment variable naming the reader's serial device.
pub const CARD_READER_ENV: &str = "BORDERDESK_CARD_READER";
/// Environment variable: seconds a read waits for a card to be put on the reader.
pub const CARD_WAIT_ENV: &str = "BORDERDESK_CARD_READER_WAIT";
/// How long a read waits for a card unless the device says otherwise.
pub const DEFAULT_CARD_WAIT: Duration = Duration::from_secs(20);
/// The shortest wait the setting accepts: an elderly person needs time to find the card.
pub const MIN_CARD_WAIT_SECONDS: u64 = 3;

/// A resident ID card reader. Blocking, as serial lines are; callers run it off the UI thread.
pub trait CardReader: Send + Sync {
    /// Whether a reader is configured at all (the screens offer 读身份证 only then).
    fn available(&self) -> bool;
    /// Waits up to `wait` for a card on the reader and reads its text; stops when a cancel
    /// comes after the count of cancels was `cancels_seen` (the caller reads [`Self::cancels`]
    /// when the person asks, so a cancel that comes before the read starts still counts).
    fn read_since(&self, wait: Duration, cancels_seen: u64) -> Result<IdCard>;
    /// [`Self::read_since`] from now.
    fn read(&self, wait: Duration) -> Result<IdCard> {
        self.read_since(wait, self.cancels())
    }
    /// Stops a read that waits for a card (the citizen pressed 取消, or walked away).
    fn cancel(&self) {}
    /// How many cancels there have been.
    fn cancels(&self) -> u64 {
        0
    }
    /// Whether the reader answers on its line now (`borderdesk-ctl doctor`).
    fn probe(&self) -> CardReaderState {
        CardReaderState::NotConfigured
    }
}

/// A reader as `borderdesk-ctl doctor` reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CardReaderState {
    /// No reader is set: names and ID numbers are typed.
    NotConfigured,
    /// Set, and it answered a 寻找证/卡.
    Ready,
    /// Set, and its line cannot be opened or nothing answers on it.
    NotAnswering,
}

impl CardReaderState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::NotConfigured => "not_configured",
            Self::Ready => "ready",
            Self::NotAnswering => "not_answering",
        }
    }
}

/// No reader at this machine.
#[derive(Debug, Default)]
pub struct NoCardReader;

impl CardReader for NoCardReader {
    fn available(&self) -> bool {
        false
    }
    fn read_since(&self, _wait: Duration, _cancels_seen: u64) -> Result<IdCard> {
        Err(LocalError::CardReaderUnavailable)
    }
}

/// A SAM-protocol reader on a serial line (115200 8N1, the modules' default).
#[derive(Debug)]
pub struct SamSerialReader {
    path: PathBuf,
    /// How long one answer may take; a card read takes about a second on real readers.
    reply_timeout: Duration,
    /// How often to ask whether a card is there while waiting for one.
    poll_every: Duration,
    /// One read at a time in this process: two would interleave their frames on the one
    /// line (another process is kept off by a lock on the device, see `Line::open`).
    line: Mutex<()>,
    cancels: AtomicU64,
}

impl SamSerialReader {
    pub fn new(path: impl Into<PathBuf>) -> Self {
        Self {
            path: path.into(),
            reply_timeout: Duration::from_secs(3),
            poll_every: Duration::from_millis(300),
            line: Mutex::new(()),
            cancels: AtomicU64::new(0),
        }
    }

    /// A shorter time for an answer (tests, whose simulated reader answers at once).
    pub fn with_reply_timeout(mut self, timeout: Duration) -> Self {
        self.reply_timeout = timeout;
        self
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn open(&self) -> Result<Line> {
        Line::open(&self.path, self.reply_timeout)
    }

    fn read_card(&self, line: &mut Line, deadline: Instant, cancels_seen: u64) -> Result<IdCard> {
        // Wait for a card.
        loop {
            if self.cancels.load(Ordering::SeqCst) != cancels_seen {
                return Err(LocalError::CardReadCancelled);
            }
            let reply = line.ask(Command::FindCard)?;
            match reply.status() {
                status::CARD_FOUND => break,
                status::NO_CARD => {}
                other => return Err(refusal(other)),
            }
            if Instant::now() >= deadline {
                return Err(LocalError::CardNotPresent);
            }
            std::thread::sleep(self.poll_every);
        }
        let reply = line.ask(Command::SelectCard)?;
        match reply.status() {
            status::OK => {}
            status::SELECT_FAILED | status::NO_CARD => return Err(LocalError::CardRemoved),
            other => return Err(refusal(other)),
        }
        let reply = match line.ask(Command::ReadBase) {
            // The card's text is long: the answer is cut off when the card leaves mid-read.
            Err(LocalError::CardReaderNotAnswering) => return Err(LocalError::CardRemoved),
            other => other?,
        };
        match reply.status() {
            status::OK => {}
            status::READ_FAILED | status::NO_CARD => return Err(LocalError::CardRemoved),
            other => return Err(refusal(other)),
        }
        // Text length (2 bytes), photo length (2 bytes), then the text.
        let text_len = reply
            .data
            .get(..2)
            .map(|b| usize::from(u16::from_be_bytes([b[0], b[1]])));
        match text_len {
            Some(len) if len >= card_text::TEXT_BYTES && reply.data.len() >= 4 + len => {
                card_text::decode(&reply.data[4..4 + card_text::TEXT_BYTES])
                    .map_err(|_| LocalError::CardReadFailed)
            }
            _ => Err(LocalError::CardReadFailed),
        }
    }
}

/// What a status other than the expected ones means to the person at the reader.
fn refusal(sw3: u8) -> LocalError {
    match sw3 {
        status::CARD_AUTH_FAILED
        | status::READER_AUTH_FAILED
        | status::VERIFY_FAILED
        | status::WRONG_CARD => LocalError::CardNotAnIdCard,
        status::READ_FAILED | status::SELECT_FAILED => LocalError::CardRemoved,
        status::SELF_TEST_FAILED | status::NOT_AUTHORISED => LocalError::CardReaderNotAnswering,
        // BAD_CHECKSUM, BAD_LENGTH, BAD_COMMAND: our frame was garbled on the way.
        _ => LocalError::CardReadFailed,
    }
}

impl CardReader for SamSerialReader {
    fn available(&self) -> bool {
        true
    }

    fn read_since(&self, wait: Duration, cancels_seen: u64) -> Result<IdCard> {
        let Ok(_line) = self.line.try_lock() else {
            return Err(LocalError::CardReaderBusy);
        };
        let mut line = self.open()?;
        let deadline = Instant::now() + wait;
        match self.read_card(&mut line, deadline, cancels_seen) {
            // One garbled answer is line noise: read once more before troubling the person.
            Err(LocalError::CardReadFailed) => self.read_card(&mut line, deadline, cancels_seen),
            other => other,
        }
    }

    fn cancel(&self) {
        self.cancels.fetch_add(1, Ordering::SeqCst);
    }

    fn cancels(&self) -> u64 {
        self.cancels.load(Ordering::SeqCst)
    }

    fn probe(&self) -> CardReaderState {
        let Ok(_line) = self.line.try_lock() else {
            // Reading a card right now: it answers.
            return CardReaderState::Ready;
        };
        match self.open().and_then(|mut line| line.ask(Command::FindCard)) {
            Ok(_) => CardReaderState::Ready,
            // The app is reading a card on it: it answers, and is left alone.
            Err(LocalError::CardReaderBusy) => CardReaderState::Ready,
            Err(_) => CardReaderState::NotAnswering,
        }
    }
}

/// The serial line, raw, with reads that give up after a tenth of a second without a byte.
struct Line {
    file: File,
    decoder: Decoder,
    reply_timeout: Duration,
}

impl Line {
    fn open(path: &Path, reply_timeout: Duration) -> Result<Self> {
        use rustix::termios::{self, OptionalActions, SpecialCodeIndex};
        use std::os::unix::fs::OpenOptionsExt;
        let file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .custom_flags(rustix::fs::OFlags::NOCTTY.bits() as i32)
            .open(path)
            .map_err(|_| LocalError::CardReaderNotAnswering)?;
        // One process on the line at a time: `borderdesk-ctl doctor` must not break a read the
        // app is making (its flush and frames would land in the middle of it).
        match rustix::fs::flock(&file, rustix::fs::FlockOperation::NonBlockingLockExclusive) {
            Ok(()) => {}
            Err(e) if e == rustix::io::Errno::WOULDBLOCK => return Err(LocalError::CardReaderBusy),
            Err(_) => return Err(LocalError::CardReaderNotAnswering),
        }
        let setup = || -> rustix::io::Result<()> {
            let mut tty = termios::tcgetattr(&file)?;
            tty.make_raw();
            tty.set_speed(115_200)?;
            tty.special_codes[SpecialCodeIndex::VMIN] = 0;
            tty.special_codes[SpecialCodeIndex::VTIME] = 1;
            termios::tcsetattr(&file, OptionalActions::Now, &tty)?;
            // Whatever an earlier exchange left on the line is not an answer to this one.
            termios::tcflush(&file, termios::QueueSelector::IFlush)
        };
        setup().map_err(|_| LocalError::CardReaderNotAnswering)?;
        Ok(Self {
            file,
            decoder: Decoder::default(),
            reply_timeout,
        })
    }

    /// Sends one command and waits for its answer.
    fn ask(&mut self, command: Command) -> Result<Reply> {
        self.decoder.clear();
        self.file
            .write_all(&frame::command(command))
            .map_err(|_| LocalError::CardReaderNotAnswering)?;
        let deadline = Instant::now() + self.reply_timeout;
        let mut buf = [0u8; 512];
        loop {
            match self.decoder.next_reply() {
                Some(Ok(reply)) => return Ok(reply),
                Some(Err(FrameError::Checksum | FrameError::Length)) => {
                    return Err(LocalError::CardReadFailed)
                }
                None => {}
            }
            if Instant::now() >= deadline {
                return Err(LocalError::CardReaderNotAnswering);
            }
            match self.file.read(&mut buf) {
                Ok(n) => self.decoder.push(&buf[..n]),
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(_) => return Err(LocalError::CardReaderNotAnswering),
            }
        }
    }
}

/// The wait for a card the device is set to (`BORDERDESK_CARD_READER_WAIT`, seconds).
pub fn card_wait() -> Duration {
    std::env::var(CARD_WAIT_ENV)
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
        .filter(|s| *s >= MIN_CARD_WAIT_SECONDS)
        .map_or(DEFAULT_CARD_WAIT, Duration::from_secs)
}

/// The reader on `BORDERDESK_CARD_READER`, else none.
pub fn default_card_reader() -> std::sync::Arc<dyn CardReader> {
    match std::env::var_os(CARD_READER_ENV).filter(|p| !p.is_empty()) {
        Some(path) => std::sync::Arc::new(SamSerialReader::new(PathBuf::from(path))),
        None => std::sync::Arc::new(NoCardReader),
    }
}
