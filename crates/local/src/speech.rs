//! Read aloud (朗读): a speech engine behind a trait. On Linux the engine is `espeak-ng` where
//! it is installed (it speaks Mandarin); otherwise there is none, and the app says so.
//!
//! The text goes to the engine on its standard input, never on its command line (the text may
//! hold a person's answers, and a command line is visible to every user of the machine). An
//! utterance is spawned and watched by a thread, so a stuck engine never blocks the caller; the
//! thread tells how it ended. espeak-ng exits 0 even when it could not open the sound device
//! (it says so on its error output), so that output counts too: a kiosk whose speakers are
//! missing says "no sound" instead of pretending to read.

use std::ffi::OsStr;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use borderdesk_core::Language;
use serde::Serialize;
use ts_rs::TS;

use crate::error::{LocalError, Result};

/// Environment variable that turns read aloud off (`off`), whatever is installed.
pub const SPEECH_ENV: &str = "BORDERDESK_SPEECH";
/// The engine's program name, looked up on `PATH`.
pub const ESPEAK_NG: &str = "espeak-ng";
/// The longest text read at once (a screen's question and options fit easily).
pub const MAX_TEXT_CHARS: usize = 4000;
/// An utterance still running after this long is stopped (a stuck audio device).
const MAX_UTTERANCE: Duration = Duration::from_secs(180);

/// How the last reading stands, for the button to follow it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ReadingState {
    /// Nothing is being read (the last reading ended, or was stopped).
    Idle,
    Reading,
    /// The last reading could not be heard: the engine failed or found no sound device.
    NoSound,
}

/// A speech engine.
pub trait Speech: Send + Sync {
    /// Whether this engine can speak at all on this machine.
    fn available(&self) -> bool;
    /// Starts reading `text` in `language`, stopping whatever was being read. Returns as soon
    /// as the engine has started; it does not wait for the reading to end.
    fn speak(&self, text: &str, language: Language) -> Result<()>;
    /// Stops the current reading, if any.
    fn stop(&self);
    /// How the last reading stands.
    fn state(&self) -> ReadingState;
}

/// No engine: read aloud is not available here.
#[derive(Debug, Default, Clone, Copy)]
pub struct NoSpeech;

impl Speech for NoSpeech {
    fn available(&self) -> bool {
        false
    }

    fn speak(&self, _text: &str, _language: Language) -> Result<()> {
        Err(LocalError::SpeechUnavailable)
    }

    fn stop(&self) {}

    fn state(&self) -> ReadingState {
        ReadingState::Idle
    }
}

type Slot = Arc<Mutex<Option<Child>>>;

/// `espeak-ng` as a child process, one utterance at a time.
pub struct EspeakNg {
    program: PathBuf,
    /// The utterance being read, if any. Held for the whole of `speak` and `stop`, so two
    /// readings started at once cannot both become the current one.
    current: Mutex<Option<Slot>>,
    /// How the last reading stands, and which utterance that is about: a watcher of an older
    /// one finds another number there and leaves it alone (compared under this lock).
    state: Arc<Mutex<(u64, ReadingState)>>,
}

impl EspeakNg {
    pub fn new(program: impl Into<PathBuf>) -> Self {
        Self {
            program: program.into(),
            current: Mutex::new(None),
            state: Arc::new(Mutex::new((0, ReadingState::Idle))),
        }
    }

    /// A new utterance (or none): its number, with `state` as how it stands.
    fn next_utterance(&self, state: ReadingState) -> u64 {
        match self.state.lock() {
            Ok(mut s) => {
                *s = (s.0 + 1, state);
                s.0
            }
            Err(_) => 0,
        }
    }

    /// Kills the current utterance, if any (`current` is the caller's locked slot).
    fn stop_locked(&self, current: &mut Option<Slot>) {
        self.next_utterance(ReadingState::Idle);
        if let Some(slot) = current.take() {
            kill_slot(&slot);
        }
    }

    /// The engine found on a `PATH`-style list of folders, if any.
    pub fn on_path(path: &OsStr) -> Option<Self> {
        find_program(ESPEAK_NG, path).map(Self::new)
    }

    /// The espeak-ng voice for a language: Mandarin for both Chinese scripts (the people who
    /// read Traditional characters here speak Mandarin too), English for English.
    pub fn voice(language: Language) -> &'static str {
        match language {
            Language::ZhCn | Language::ZhTw => "cmn",
            Language::En => "en",
        }
    }
}

/// Kills and reaps the child in `slot`, if it still runs.
fn kill_slot(slot: &Slot) {
    if let Ok(mut guard) = slot.lock() {
        if let Some(mut child) = guard.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

impl Speech for EspeakNg {
    fn available(&self) -> bool {
        true
    }

    fn speak(&self, text: &str, language: Language) -> Result<()> {
        let Ok(mut current) = self.current.lock() else {
            return Err(LocalError::SpeechUnavailable);
        };
        self.stop_locked(&mut current);
        let text: String = text.chars().take(MAX_TEXT_CHARS).collect();
        if text.trim().is_empty() {
            return Ok(());
        }
        let mut child = Command::new(&self.program)
            // -b 1: the input is UTF-8; --stdin: the text comes on standard input.
            .args([
                "-v",
                Self::voice(language),
                "-s",
                "150",
                "-b",
                "1",
                "--stdin",
            ])
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| {
                tracing::warn!(error = %e, "speech engine did not start");
                self.next_utterance(ReadingState::NoSound);
                LocalError::SpeechUnavailable
            })?;
        let stdin = child.stdin.take();
        let stderr = child.stderr.take();
        let slot: Slot = Arc::new(Mutex::new(Some(child)));
        *current = Some(slot.clone());
        let this = self.next_utterance(ReadingState::Reading);
        let state = self.state.clone();
        std::thread::spawn(move || {
            // What the engine says on its error output, read from the start so it never
            // blocks on a full pipe; handed over through a channel, so an engine whose child
            // keeps the pipe open cannot keep this watcher waiting.
            let (said_tx, said_rx) = std::sync::mpsc::channel();
            if let Some(e) = stderr {
                std::thread::spawn(move || {
                    let _ = said_tx.send(first_bytes(e, 4096));
                });
            }
            // A full pipe or an engine that already gave up (no sound card) must not block
            // the caller: the text is written here. A broken pipe means it exited: fine.
            if let Some(mut stdin) = stdin {
                let _ = stdin.write_all(text.as_bytes());
                let _ = stdin.write_all(b"\n");
            }
            let ended = watch(&slot);
            let said = said_rx
                .recv_timeout(Duration::from_secs(2))
                .unwrap_or_default();
            let outcome = match ended {
                Ended::Stopped => ReadingState::Idle,
                Ended::Exited(ok) if ok && !no_sound_device(&said) => ReadingState::Idle,
                Ended::Exited(_) | Ended::TooLong => {
                    tracing::info!(said = %said.trim(), "speech could not be heard");
                    ReadingState::NoSound
                }
            };
            if let Ok(mut s) = state.lock() {
                if s.0 == this {
                    s.1 = outcome;
                }
            }
        });
        Ok(())
    }

    fn stop(&self) {
        // A stopped reading is nobody's failure: a watcher of it leaves the state alone.
        if let Ok(mut current) = self.current.lock() {
            self.stop_locked(&mut current);
        }
    }

    fn state(&self) -> ReadingState {
        self.state.lock().map(|s| s.1).unwrap_or(ReadingState::Idle)
    }
}

/// How a watched utterance ended.
enum Ended {
    /// It exited by itself (`true`: with success).
    Exited(bool),
    /// It ran past [`MAX_UTTERANCE`] and was stopped.
    TooLong,
    /// It was stopped (a new reading, the stop button).
    Stopped,
}

/// Waits for the child in `slot` to end, stopping it after [`MAX_UTTERANCE`].
fn watch(slot: &Slot) -> Ended {
    let started = Instant::now();
    loop {
        {
            let Ok(mut guard) = slot.lock() else {
                return Ended::Stopped;
            };
            let Some(child) = guard.as_mut() else {
                return Ended::Stopped;
            };
            match child.try_wait() {
                Ok(Some(status)) => {
                    *guard = None;
                    return Ended::Exited(status.success());
                }
                Ok(None) if started.elapsed() > MAX_UTTERANCE => {
                    let _ = child.kill();
                    let _ = child.wait();
                    *guard = None;
                    return Ended::TooLong;
                }
                Ok(None) => {}
                Err(_) => {
                    *guard = None;
                    return Ended::Exited(false);
                }
            }
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The first `max` bytes of a stream (the rest is read and dropped, so the writer never
/// blocks on a full pipe), as text.
fn first_bytes(mut from: impl std::io::Read, max: usize) -> String {
    let mut kept = Vec::new();
    let mut buf = [0u8; 1024];
    while let Ok(n) = from.read(&mut buf) {
        if n == 0 {
            break;
        }
        let room = max.saturating_sub(kept.len());
        kept.extend_from_slice(&buf[..n.min(room)]);
    }
    String::from_utf8_lossy(&kept).into_owned()
}

/// Whether the engine's error output says it could not open a sound device (espeak-ng's own
/// `error:` line, or ALSA failing on the default device), which it says while still exiting
/// 0. ALSA's other chatter (an unknown surround PCM on a machine whose sound works) is not.
fn no_sound_device(said: &str) -> bool {
    said.lines()
        .map(|l| l.trim().to_ascii_lowercase())
        .any(|l| {
            l.starts_with("error:")
                || l.ends_with("unknown pcm default")
                || l.contains("cannot find card '0'")
                || l.contains("cannot open audio")
        })
}

impl Drop for EspeakNg {
    fn drop(&mut self) {
        self.stop();
    }
}

/// The first executable file named `name` in the folders of a `PATH`-style list.
pub fn find_program(name: &str, path: &OsStr) -> Option<PathBuf> {
    std::env::split_paths(path)
        .map(|dir| dir.join(name))
        .find(|p| is_executable(p))
}

fn is_executable(p: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        p.metadata()
            .map(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
            .unwrap_or(false)
    }
    #[cfg(not(unix))]
    {
        p.is_file()
    }
}

/// The engine this machine offers: espeak-ng on `PATH`, unless `BORDERDESK_SPEECH=off`.
pub fn system_speech() -> Box<dyn Speech> {
    let off = std::env::var(SPEECH_ENV)
        .map(|v| v.trim().eq_ignore_ascii_case("off"))
        .unwrap_or(false);
    if off {
        return Box::new(NoSpeech);
    }
    match std::env::var_os("PATH").and_then(|p| EspeakNg::on_path(&p)) {
        Some(engine) => Box::new(engine),
        None => Box::new(NoSpeech),
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    /// Writes an executable script from a child process: a file this (multi-threaded) test
    /// process held open for writing could leak into another test's fork and make exec fail
    /// with ETXTBSY.
    fn write_program(program: &Path, script: &str) {
        let mut writer = std::process::Command::new("sh")
            .arg("-c")
            .arg("cat > \"$0\" && chmod 755 \"$0\"")
            .arg(program)
            .stdin(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        std::io::Write::write_all(&mut writer.stdin.take().unwrap(), script.as_bytes()).unwrap();
        assert!(writer.wait().unwrap().success());
    }

    /// A stand-in `espeak-ng` that writes its arguments and its standard input to files.
    fn stand_in(dir: &Path) -> PathBuf {
        let program = dir.join(ESPEAK_NG);
        let script = format!(
            "#!/bin/sh\nprintf '%s\\n' \"$@\" > '{0}/args.tmp'\ncat > '{0}/stdin.tmp'\nmv '{0}/args.tmp' '{0}/args'\nmv '{0}/stdin.tmp' '{0}/stdin'\n",
            dir.display()
        );
        write_program(&program, &script);
        program
    }

    fn wait_for(p: &Path) -> Vec<u8> {
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(10) {
            if let Ok(b) = std::fs::read(p) {
                return b;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("{} never appeared", p.display());
    }

    fn read_with(language: Language, text: &str) -> (Vec<String>, Vec<u8>) {
        let dir = tempfile::tempdir().unwrap();
        stand_in(dir.path());
        let engine = EspeakNg::on_path(dir.path().as_os_str()).expect("found on PATH");
        assert!(engine.available());
        engine.speak(text, language).unwrap();
        let stdin = wait_for(&dir.path().join("stdin"));
        let args = String::from_utf8(wait_for(&dir.path().join("args"))).unwrap();
        (args.lines().map(str::to_string).collect(), stdin)
    }

    #[test]
    fn the_text_goes_to_espeak_on_stdin_in_utf8_never_as_an_argument() {
        let text = "请输入身份证号码 330102199001011234";
        let (args, stdin) = read_with(Language::ZhCn, text);
        assert_eq!(String::from_utf8(stdin).unwrap().trim_end(), text);
        assert!(args.iter().all(|a| !a.contains("3301")), "{args:?}");
        assert!(args.contains(&"--stdin".to_string()));
    }

    #[test]
    fn each_language_gets_its_voice() {
        for (language, voice) in [
            (Language::ZhCn, "cmn"),
            (Language::ZhTw, "cmn"),
            (Language::En, "en"),
        ] {
            let (args, _) = read_with(language, "你好 hello");
            let v = args.iter().position(|a| a == "-v").expect("a voice");
            assert_eq!(args[v + 1], voice, "{language:?}");
        }
    }

    #[test]
    fn a_new_reading_stops_the_one_before_and_a_hung_engine_does_not_block() {
        let dir = tempfile::tempdir().unwrap();
        let program = dir.path().join(ESPEAK_NG);
        // Never reads its input and never ends, like an engine stuck on a missing sound card.
        write_program(&program, "#!/bin/sh\nexec sleep 600\n");
        let engine = EspeakNg::new(&program);
        let long = "长".repeat(MAX_TEXT_CHARS);
        let start = Instant::now();
        engine.speak(&long, Language::ZhCn).unwrap();
        engine.speak(&long, Language::ZhCn).unwrap();
        assert!(start.elapsed() < Duration::from_secs(5));
        let first_gone = engine.current.lock().unwrap().is_some();
        assert!(first_gone, "the second reading is the current one");
        engine.stop();
        assert!(engine.current.lock().unwrap().is_none());
    }

    fn wait_state(engine: &EspeakNg, want: ReadingState) {
        let start = Instant::now();
        while engine.state() != want {
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "still {:?}, not {want:?}",
                engine.state()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn engine_from(dir: &Path, script: &str) -> EspeakNg {
        let program = dir.join(ESPEAK_NG);
        write_program(&program, script);
        EspeakNg::new(&program)
    }

    #[test]
    fn a_reading_that_ends_well_goes_back_to_idle() {
        let dir = tempfile::tempdir().unwrap();
        let engine = engine_from(dir.path(), "#!/bin/sh\ncat > /dev/null\n");
        engine.speak("你好", Language::ZhCn).unwrap();
        wait_state(&engine, ReadingState::Idle);
    }

    #[test]
    fn no_sound_device_is_told_though_the_engine_exits_0() {
        // What espeak-ng prints on a machine without a sound card, and then exits 0.
        let dir = tempfile::tempdir().unwrap();
        let engine = engine_from(
            dir.path(),
            "#!/bin/sh\ncat > /dev/null\necho \"ALSA lib pcm.c:2666:(snd_pcm_open_noupdate) Unknown PCM default\" >&2\necho 'error: No such file or directory' >&2\nexit 0\n",
        );
        engine.speak("你好", Language::ZhCn).unwrap();
        wait_state(&engine, ReadingState::NoSound);
        // An engine that fails outright says the same.
        let failing = engine_from(dir.path(), "#!/bin/sh\ncat > /dev/null\nexit 1\n");
        failing.speak("你好", Language::ZhCn).unwrap();
        wait_state(&failing, ReadingState::NoSound);
    }

    #[test]
    fn alsa_chatter_on_a_machine_with_sound_is_not_no_sound() {
        assert!(!no_sound_device(
            "ALSA lib pcm.c:2666:(snd_pcm_open_noupdate) Unknown PCM cards.pcm.rear\n"
        ));
        assert!(no_sound_device(
            "ALSA lib pcm.c:2666:(snd_pcm_open_noupdate) Unknown PCM default\n"
        ));
        assert!(no_sound_device("error: No such file or directory\n"));
    }

    #[test]
    fn a_stopped_reading_is_not_a_failure() {
        let dir = tempfile::tempdir().unwrap();
        let engine = engine_from(dir.path(), "#!/bin/sh\nexec sleep 600\n");
        engine.speak("你好", Language::ZhCn).unwrap();
        assert_eq!(engine.state(), ReadingState::Reading);
        engine.stop();
        std::thread::sleep(Duration::from_millis(300));
        assert_eq!(engine.state(), ReadingState::Idle);
    }

    #[test]
    fn with_no_engine_reading_says_it_is_not_available() {
        let dir = tempfile::tempdir().unwrap();
        assert!(EspeakNg::on_path(dir.path().as_os_str()).is_none());
        let none = NoSpeech;
        assert!(!none.available());
        assert_eq!(
            none.speak("你好", Language::ZhCn).unwrap_err().code(),
            "error-speech-unavailable"
        );
    }
}
