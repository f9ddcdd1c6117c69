use borderdesk_core::Language;
use borderdesk_local::LocalError;
use serde::Serialize;
use ts_rs::TS;

/// What a command's failure looks like to the UI: the stable code (also the Fluent id), the
/// message already in the person's language, and the question it concerns, if any.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS, thiserror::Error)]
#[ts(export)]
#[error("{code}")]
pub struct UiError {
    pub code: String,
    pub message: String,
    pub question_id: Option<String>,
}

impl UiError {
    pub fn localize(e: &LocalError, language: Language) -> Self {
        if !e.is_transient() {
            tracing::warn!(code = e.code(), "command failed");
        }
        Self {
            code: e.code().to_string(),
            message: borderdesk_i18n::message(language.tag(), e.code(), &e.args()),
            question_id: e.question_id().map(str::to_string),
        }
    }

    /// An error known by its code (a Fluent id) and arguments.
    pub fn coded(code: &str, args: &[(&'static str, String)], language: Language) -> Self {
        Self {
            code: code.to_string(),
            message: borderdesk_i18n::message(language.tag(), code, args),
            question_id: None,
        }
    }

    pub fn from_receipt(e: &borderdesk_receipt::ReceiptError, language: Language) -> Self {
        tracing::warn!(code = e.code(), "receipt failed");
        Self {
            code: e.code().to_string(),
            message: borderdesk_i18n::message(language.tag(), e.code(), &[]),
            question_id: None,
        }
    }
}
