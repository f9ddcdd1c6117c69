use borderdesk_core::CoreError;

/// Everything the device's store and sync client can fail with. `code()` is stable and is the
/// Fluent id the app shows; nothing here carries personal data.
#[derive(Debug, thiserror::Error)]
pub enum LocalError {
    #[error(transparent)]
    Rule(#[from] CoreError),
    #[error("answer to {question_id} is not valid: {error}")]
    Answer {
        question_id: String,
        error: CoreError,
    },
    /// A form checked as a whole: every answer that is not valid, in the form's order (never
    /// empty; the first one gives the code).
    #[error("{} answers are not valid", .0.len())]
    Answers(Vec<AnswerProblem>),
    #[error("local database: {0}")]
    Storage(#[from] sqlx::Error),
    #[error("local database migration: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
    #[error("stored data is unreadable: {0}")]
    Corrupt(#[from] serde_json::Error),
    #[error("device key: {0}")]
    Key(String),
    /// Reference data shipped inside the app (a bundled snapshot) does not parse: a broken
    /// build, never the device's own data.
    #[error("bundled reference data: {0}")]
    BundledData(String),
    #[error("application not found")]
    ApplicationNotFound,
    #[error("attachment not found")]
    AttachmentNotFound,
    #[error("no scanner is connected")]
    ScannerUnavailable,
    #[error("nothing has been scanned")]
    ScannerEmpty,
    #[error("no ID card reader is connected")]
    CardReaderUnavailable,
    /// The reader's line cannot be opened, or no answer came in time (unplugged, not a SAM).
    #[error("the ID card reader does not answer")]
    CardReaderNotAnswering,
    #[error("the ID card reader is reading another card")]
    CardReaderBusy,
    #[error("no card was put on the reader in time")]
    CardNotPresent,
    /// The card left the reader before its text was read.
    #[error("the card was taken away before it was read")]
    CardRemoved,
    /// What came off the line was garbled (check byte, length, not a card's text), twice.
    #[error("the card could not be read")]
    CardReadFailed,
    /// The reader and the card did not authenticate each other: not a resident ID card.
    #[error("the card is not a resident ID card")]
    CardNotAnIdCard,
    #[error("the card read was cancelled")]
    CardReadCancelled,
    /// 好差评 is the citizen's: not given while a member of staff is logged in at the screen.
    #[error("a rating is not given while staff are logged in")]
    RatingByStaff,
    /// The signed form of a legal aid application is printed only for the person who just
    /// made it, in their session, as often as `legal_aid_form_prints` allows, and only while
    /// the device still holds its answers.
    #[error("this application form cannot be printed here")]
    FormNotAvailable,
    /// This session printed as many checklists as `checklist_prints` allows.
    #[error("no more checklists can be printed in this session")]
    ChecklistPrintLimit { max: u32 },
    /// A resume code that cannot be used (the code is the Fluent id: unknown, used, expired,
    /// or not resumable offline).
    #[error("resume code: {0}")]
    ResumeCode(&'static str),
    #[error(transparent)]
    Notary(#[from] borderdesk_core::notary::NotaryError),
    #[error(transparent)]
    LegalAid(#[from] borderdesk_core::legal_aid::LegalAidError),
    #[error("booking not found")]
    BookingNotFound,
    #[error("the cancel code does not match")]
    CancelCodeWrong,
    #[error("the booking is not active")]
    BookingNotActive,
    #[error("this needs a staff login made online")]
    StaffOnlineRequired,
    #[error("last four characters of the ID number are needed")]
    IdLastFour,
    #[error("read aloud is not available on this device")]
    SpeechUnavailable,
    #[error("this device is not enrolled with a server")]
    NotEnrolled,
    /// Enrollment sends the admin token and receives the device's: over plain http only to
    /// this machine itself.
    #[error("the server must be reached over https")]
    ServerNotHttps,
    /// A bare enrollment code (not the QR code's text) says no server: `--server` is needed.
    #[error("the server's address is needed with a bare enrollment code")]
    ServerUrlMissing,
    #[error("server unreachable: {0}")]
    Unreachable(String),
    /// The server answered with an error body (or an unreadable one).
    #[error("server answered {status}: {code}")]
    Server { status: u16, code: String },
    #[error("no outbox entry has this number or id")]
    OutboxEntryNotFound,
    /// Retry and discard are for entries set aside, not for ones still waiting their turn.
    #[error("this outbox entry is not set aside")]
    NotSetAside,
    #[error("a reason (one line, at most 500 characters) is required")]
    ReasonRequired,
    #[error("the file is not a BorderDesk device database")]
    NotABorderDeskDatabase,
    #[error("the database is open in another process (the app): close it first")]
    DatabaseInUse,
    #[error("the backup file exists already")]
    BackupExists,
    /// The backup's sealed data does not open with this device's key.
    #[error("the backup was sealed with another device key")]
    BackupOtherKey,
    /// The database file was written by a newer BorderDesk (a migration this one does not
    /// know): it is not opened, nor changed, so the newer version can still use it.
    #[error("the database was written by a newer version (migration {version})")]
    DatabaseNewer { version: i64 },
    /// Updates need the county's public key in the device settings (`update_public_key`).
    #[error("no update public key is set")]
    UpdateKeyMissing,
    /// The package does not carry a valid signature of the county's key for its version.
    #[error("the update's signature does not verify: {0}")]
    UpdateSignature(String),
    /// A package that is not this app's, or cannot be read as one.
    #[error("not a BorderDesk package: {0}")]
    UpdateNotOurs(String),
    /// Updates only go up: the package is not newer than what is installed.
    #[error("the package {offered} is not newer than the installed {installed}")]
    UpdateNotNewer { offered: String, installed: String },
    #[error("the package manager failed: {0}")]
    UpdateInstallFailed(String),
}

/// One answer of a form that is not valid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnswerProblem {
    pub question_id: String,
    pub error: CoreError,
}

impl LocalError {
    /// Every answer this error is about, in the form's order (none for other errors).
    pub fn problems(&self) -> Vec<(&str, &CoreError)> {
        match self {
            Self::Answer { question_id, error } => vec![(question_id.as_str(), error)],
            Self::Answers(all) => all
                .iter()
                .map(|p| (p.question_id.as_str(), &p.error))
                .collect(),
            _ => Vec::new(),
        }
    }

    pub fn code(&self) -> &str {
        match self {
            Self::Answers(all) => all
                .first()
                .map_or("error-answer-required", |p| p.error.code()),
            Self::Rule(e) | Self::Answer { error: e, .. } => e.code(),
            Self::Storage(_) | Self::Migration(_) | Self::Corrupt(_) | Self::Key(_) => {
                "error-storage"
            }
            Self::BundledData(_) => "error-bundled-data",
            Self::ApplicationNotFound => "error-application-not-found",
            Self::AttachmentNotFound => "error-attachment-not-found",
            Self::ScannerUnavailable => "error-scanner-unavailable",
            Self::ScannerEmpty => "error-scanner-empty",
            Self::CardReaderUnavailable => "error-card-reader-unavailable",
            Self::CardReaderNotAnswering => "error-card-reader-not-answering",
            Self::CardReaderBusy => "error-card-reader-busy",
            Self::CardNotPresent => "error-card-not-present",
            Self::CardRemoved => "error-card-removed",
            Self::CardReadFailed => "error-card-read-failed",
            Self::CardNotAnIdCard => "error-card-not-an-id-card",
            Self::CardReadCancelled => "error-card-read-cancelled",
            Self::RatingByStaff => "error-rating-by-staff",
            Self::FormNotAvailable => "error-legal-aid-form-unavailable",
            Self::ChecklistPrintLimit { .. } => "error-checklist-print-limit",
            Self::ResumeCode(code) => code,
            Self::Notary(e) => e.code(),
            Self::LegalAid(e) => e.code(),
            Self::BookingNotFound => borderdesk_protocol::codes::BOOKING_NOT_FOUND,
            Self::CancelCodeWrong => borderdesk_protocol::codes::CANCEL_CODE_WRONG,
            Self::BookingNotActive => borderdesk_protocol::codes::BOOKING_NOT_ACTIVE,
            Self::StaffOnlineRequired => "error-staff-online-required",
            Self::IdLastFour => "error-id-last-four",
            Self::SpeechUnavailable => "error-speech-unavailable",
            Self::NotEnrolled => "error-not-enrolled",
            Self::ServerNotHttps => "error-server-not-https",
            Self::ServerUrlMissing => "error-server-url-missing",
            Self::Unreachable(_) => "error-server-unreachable",
            Self::Server { code, .. } => code,
            Self::OutboxEntryNotFound => "error-outbox-entry-not-found",
            Self::NotSetAside => "error-outbox-not-set-aside",
            Self::ReasonRequired => "error-reason-required",
            Self::NotABorderDeskDatabase => "error-not-borderdesk-database",
            Self::DatabaseInUse => "error-database-in-use",
            Self::BackupExists => "error-backup-exists",
            Self::BackupOtherKey => "error-backup-other-key",
            Self::DatabaseNewer { .. } => "error-database-newer",
            Self::UpdateKeyMissing => "error-update-key-missing",
            Self::UpdateSignature(_) => "error-update-signature",
            Self::UpdateNotOurs(_) => "error-update-not-ours",
            Self::UpdateNotNewer { .. } => "error-update-not-newer",
            Self::UpdateInstallFailed(_) => "error-update-install-failed",
        }
    }

    pub fn args(&self) -> Vec<(&'static str, String)> {
        match self {
            Self::Answers(all) => all.first().map(|p| p.error.args()).unwrap_or_default(),
            Self::Rule(e) | Self::Answer { error: e, .. } => e.args(),
            Self::Notary(e) => e.args(),
            Self::LegalAid(e) => e.args(),
            Self::UpdateNotNewer { offered, installed } => vec![
                ("offered", offered.clone()),
                ("installed", installed.clone()),
            ],
            Self::ChecklistPrintLimit { max } => vec![("max", max.to_string())],
            _ => Vec::new(),
        }
    }

    /// The question a bad answer belongs to, so the UI can go back to it.
    pub fn question_id(&self) -> Option<&str> {
        match self {
            Self::Answer { question_id, .. } => Some(question_id),
            Self::Answers(all) => all.first().map(|p| p.question_id.as_str()),
            _ => None,
        }
    }

    /// Worth retrying later without anyone doing anything (network down, server busy).
    pub fn is_transient(&self) -> bool {
        match self {
            Self::Unreachable(_) => true,
            Self::Server { status, .. } => *status >= 500 || *status == 429 || *status == 408,
            _ => false,
        }
    }
}

pub type Result<T, E = LocalError> = std::result::Result<T, E>;
