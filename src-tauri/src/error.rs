use borderdesk_core::Language;
use borderdesk_local::LocalError;
use serde::Serialize;
use ts_rs::TS;

/// What a command's failure looks like to the UI: the stable code (also the Fluent id), the
/// message already in the person's language, and the question it concerns, if any; for a form
/// checked as a whole, every answer that is not valid (`fields`), so all show at once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS, thiserror::Error)]
#[ts(export)]
#[error("{code}")]
pub struct UiError {
    pub code: String,
    pub message: String,
    pub question_id: Option<String>,
    pub fields: Vec<FieldError>,
}

/// One answer of a form that is not valid, in the person's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct FieldError {
    pub question_id: String,
    pub code: String,
    pub message: String,
}

impl FieldError {
    /// Every answer `e` is about, in `language`.
    pub fn all_of(e: &LocalError, language: Language) -> Vec<Self> {
        e.problems()
            .into_iter()
            .map(|(question_id, error)| Self {
                question_id: question_id.to_string(),
                code: error.code().to_string(),
                message: borderdesk_i18n::message(language.tag(), error.code(), &error.args()),
            })
            .collect()
    }
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
            fields: FieldError::all_of(e, language),
        }
    }

    /// An error known by its code (a Fluent id) and arguments.
    pub fn coded(code: &str, args: &[(&'static str, String)], language: Language) -> Self {
        Self {
            code: code.to_string(),
            message: borderdesk_i18n::message(language.tag(), code, args),
            question_id: None,
            fields: Vec::new(),
        }
    }

    pub fn from_receipt(e: &borderdesk_receipt::ReceiptError, language: Language) -> Self {
        tracing::warn!(code = e.code(), "receipt failed");
        Self {
            code: e.code().to_string(),
            message: borderdesk_i18n::message(language.tag(), e.code(), &[]),
            question_id: None,
            fields: Vec::new(),
        }
    }
}
