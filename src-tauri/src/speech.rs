//! Read aloud (朗读): the UI sends the text of the screen; the device's speech engine reads it
//! in the chosen language. With no engine the UI is told so and shows it.

use borderdesk_local::speech::{system_speech, ReadingState, Speech};
use tauri::State;

use crate::desk::Desk;
use crate::error::UiError;

/// The speech engine chosen at start (espeak-ng on PATH, unless `BORDERDESK_SPEECH=off`).
pub struct Reader(pub Box<dyn Speech>);

impl Reader {
    pub fn from_system() -> Self {
        let engine = system_speech();
        tracing::info!(available = engine.available(), "read aloud");
        Self(engine)
    }
}

/// Whether this device can read aloud.
#[tauri::command]
pub fn speech_available(reader: State<'_, Reader>) -> bool {
    reader.0.available()
}

/// Reads `text` in the chosen language, stopping what was being read. Returns once reading has
/// started.
#[tauri::command]
pub fn read_aloud(
    desk: State<'_, Desk>,
    reader: State<'_, Reader>,
    text: String,
) -> Result<(), UiError> {
    reader
        .0
        .speak(&text, desk.language())
        .map_err(|e| desk.ui(e))
}

/// How the last reading stands: the button follows it, and says when nothing could be heard.
#[tauri::command]
pub fn reading_state(reader: State<'_, Reader>) -> ReadingState {
    reader.0.state()
}

/// Stops reading.
#[tauri::command]
pub fn stop_reading(reader: State<'_, Reader>) {
    reader.0.stop();
}
