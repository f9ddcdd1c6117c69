//! The one error type of the server and how each case answers over HTTP.

use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use borderdesk_core::staff::StaffError;
use borderdesk_core::CoreError;
use borderdesk_protocol::{codes, ErrorBody};

#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    #[error("a valid bearer token is required")]
    Unauthorized,
    #[error("protocol version {0} is not supported (this server serves {min}..={max})", min = borderdesk_protocol::MIN_SUPPORTED_VERSION, max = borderdesk_protocol::PROTOCOL_VERSION)]
    ProtocolUnsupported(String),
    #[error("this app version is below {0}, the lowest the county accepts: update first (the update route still answers)")]
    AppVersionOld(String),
    #[error("bad request: {0}")]
    BadRequest(String),
    #[error("request body too large")]
    PayloadTooLarge,
    #[error("a push may carry at most {max} mutations, got {got}", max = borderdesk_protocol::MAX_PUSH_BATCH)]
    BatchTooLarge { got: usize },
    #[error("not found")]
    NotFound,
    #[error("cursor is not one this server made")]
    CursorInvalid,
    #[error("{0}")]
    Page(#[from] borderdesk_protocol::PageError),
    #[error("{0}")]
    Rule(#[from] CoreError),
    #[error("{0}")]
    Staff(#[from] StaffError),
    #[error("{0}")]
    Notary(#[from] crate::notary_api::NotaryOpsError),
    #[error("{0}")]
    LegalAid(#[from] crate::legal_aid::LegalAidOpsError),
    #[error("configuration: {0}")]
    Config(String),
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    #[error("migration: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("io: {0}")]
    Io(#[from] std::io::Error),
    #[error("upload piece does not start at {received}")]
    UploadOffset { received: u64 },
    #[error("uploaded file does not match its checksum")]
    UploadChecksum,
    #[error("no saved application has this code")]
    ResumeCodeUnknown,
    #[error("this saved application was resumed already")]
    ResumeCodeUsed,
    #[error("this saved application has expired")]
    ResumeCodeExpired,
    #[error("this page is out of date; reload it and try again")]
    CsrfTokenInvalid,
    #[error("the file has {problems} problem(s); nothing was imported")]
    CatalogFileBad { problems: usize },
    #[error("this catalog version keeps no copy of the catalog")]
    CatalogVersionNotKept,
    #[error("{items} item(s) added since that version still have applications being handled")]
    CatalogItemsInUse { items: usize },
    #[error("no open enrollment code matches")]
    EnrollmentCodeUnknown,
    #[error("too many enrollment codes are open")]
    EnrollmentCodesTooMany,
    #[error("this rating was followed up already")]
    RatingFollowedUp,
    #[error("too many requests; try again in {retry_after} s")]
    TooManyRequests { retry_after: u64 },
    #[error("internal: {0}")]
    Internal(String),
}

impl ServerError {
    pub fn status(&self) -> StatusCode {
        match self {
            Self::Unauthorized => StatusCode::UNAUTHORIZED,
            Self::ProtocolUnsupported(_) | Self::AppVersionOld(_) => StatusCode::UPGRADE_REQUIRED,
            Self::BadRequest(_) => StatusCode::BAD_REQUEST,
            Self::PayloadTooLarge | Self::BatchTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::CursorInvalid | Self::Page(_) => StatusCode::BAD_REQUEST,
            Self::UploadOffset { .. } => StatusCode::CONFLICT,
            Self::UploadChecksum => StatusCode::UNPROCESSABLE_ENTITY,
            Self::ResumeCodeUnknown => StatusCode::NOT_FOUND,
            Self::ResumeCodeUsed | Self::ResumeCodeExpired => StatusCode::GONE,
            Self::RatingFollowedUp => StatusCode::CONFLICT,
            Self::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            Self::CsrfTokenInvalid => StatusCode::FORBIDDEN,
            Self::CatalogFileBad { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            Self::CatalogVersionNotKept => StatusCode::CONFLICT,
            Self::EnrollmentCodeUnknown => StatusCode::NOT_FOUND,
            Self::CatalogItemsInUse { .. } => StatusCode::CONFLICT,
            Self::EnrollmentCodesTooMany => StatusCode::CONFLICT,
            Self::Rule(CoreError::StatusTransition) => StatusCode::CONFLICT,
            Self::Rule(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::Staff(e) => staff_status(e),
            Self::Notary(e) => e.status(),
            Self::LegalAid(e) => e.status(),
            // A value PostgreSQL refuses to store or compare is the request's fault.
            Self::Database(e) if is_data_exception(e) => StatusCode::BAD_REQUEST,
            // The database cannot be reached just now: try again later (a device counts a
            // 500, "this failed here", against the mutation; never this).
            Self::Database(
                sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_),
            ) => StatusCode::SERVICE_UNAVAILABLE,
            Self::Config(_)
            | Self::Database(_)
            | Self::Migrate(_)
            | Self::Io(_)
            | Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            Self::Unauthorized => codes::UNAUTHORIZED,
            Self::ProtocolUnsupported(_) => codes::PROTOCOL_UNSUPPORTED,
            Self::AppVersionOld(_) => codes::APP_VERSION_OLD,
            Self::BadRequest(_) => codes::BAD_REQUEST,
            Self::PayloadTooLarge => codes::PAYLOAD_TOO_LARGE,
            Self::BatchTooLarge { .. } => codes::BATCH_TOO_LARGE,
            Self::NotFound => codes::NOT_FOUND,
            Self::CursorInvalid => codes::CURSOR_INVALID,
            Self::Page(e) => e.code(),
            Self::UploadOffset { .. } => codes::UPLOAD_OFFSET,
            Self::UploadChecksum => codes::UPLOAD_CHECKSUM,
            Self::ResumeCodeUnknown => codes::RESUME_CODE_UNKNOWN,
            Self::ResumeCodeUsed => codes::RESUME_CODE_USED,
            Self::RatingFollowedUp => "error-rating-followed-up",
            Self::ResumeCodeExpired => codes::RESUME_CODE_EXPIRED,
            Self::TooManyRequests { .. } => codes::TOO_MANY_REQUESTS,
            Self::CsrfTokenInvalid => codes::CSRF_TOKEN_INVALID,
            Self::CatalogFileBad { .. } => codes::CATALOG_FILE_BAD,
            Self::CatalogVersionNotKept => codes::CATALOG_VERSION_NOT_KEPT,
            Self::EnrollmentCodeUnknown => codes::ENROLLMENT_CODE_UNKNOWN,
            Self::CatalogItemsInUse { .. } => codes::CATALOG_ITEMS_IN_USE,
            Self::EnrollmentCodesTooMany => codes::ENROLLMENT_CODES_TOO_MANY,
            Self::Rule(e) => e.code(),
            Self::Staff(e) => e.code(),
            Self::Notary(e) => e.code(),
            Self::LegalAid(e) => e.code(),
            Self::Database(e) if is_data_exception(e) => codes::BAD_REQUEST,
            Self::Config(_)
            | Self::Database(_)
            | Self::Migrate(_)
            | Self::Io(_)
            | Self::Internal(_) => codes::INTERNAL,
        }
    }

    pub fn body(&self) -> ErrorBody {
        let message = if self.status().is_server_error() {
            // Details stay in the log; the client gets the code.
            "internal server error".to_string()
        } else {
            self.to_string()
        };
        ErrorBody {
            code: self.code().to_string(),
            message,
        }
    }
}

impl IntoResponse for ServerError {
    fn into_response(self) -> Response {
        let status = self.status();
        if status.is_server_error() {
            // sqlx errors name tables and constraints, never row values; still, log the kind.
            tracing::error!(code = self.code(), error = %self, "request failed");
        }
        let mut response = (status, axum::Json(self.body())).into_response();
        if let Self::TooManyRequests { retry_after } = self {
            response.headers_mut().insert(
                axum::http::header::RETRY_AFTER,
                axum::http::HeaderValue::from(retry_after),
            );
        }
        if let Self::Staff(StaffError::AccountLocked { minutes }) = self {
            let seconds = axum::http::HeaderValue::from(minutes.max(1) * 60);
            response
                .headers_mut()
                .insert(axum::http::header::RETRY_AFTER, seconds);
        }
        response
    }
}

/// SQLSTATE class 22, "data exception": a NUL in text, a number out of range, a malformed
/// value. It follows from what was sent, never from the server's state.
fn is_data_exception(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(d) if d.code().is_some_and(|c| c.starts_with("22")))
}

/// Turns a rejection's status and text into our error (keeps 413 as 413).
fn rejection(status: StatusCode, text: String) -> ServerError {
    if status == StatusCode::PAYLOAD_TOO_LARGE {
        ServerError::PayloadTooLarge
    } else {
        ServerError::BadRequest(text)
    }
}

impl From<JsonRejection> for ServerError {
    fn from(r: JsonRejection) -> Self {
        rejection(r.status(), r.body_text())
    }
}

impl From<QueryRejection> for ServerError {
    fn from(r: QueryRejection) -> Self {
        rejection(r.status(), r.body_text())
    }
}

impl From<PathRejection> for ServerError {
    fn from(r: PathRejection) -> Self {
        rejection(r.status(), r.body_text())
    }
}

/// How a refused login or staff action answers; a locked account also says `Retry-After`.
fn staff_status(e: &StaffError) -> StatusCode {
    match e {
        StaffError::LoginFailed
        | StaffError::SessionExpired
        | StaffError::OfflineLoginExpired
        | StaffError::OfflineFirstLogin => StatusCode::UNAUTHORIZED,
        StaffError::AccountLocked { .. } => StatusCode::LOCKED,
        StaffError::PermissionDenied
        | StaffError::WrongSite
        | StaffError::WrongOffice
        | StaffError::ConsoleNotForRole => StatusCode::FORBIDDEN,
        StaffError::OfficeRequired | StaffError::OfficeNotForRole | StaffError::OfficeUnknown => {
            StatusCode::UNPROCESSABLE_ENTITY
        }
        StaffError::PasswordTooShort | StaffError::DisableSelf | StaffError::ChangeOwnRole => {
            StatusCode::UNPROCESSABLE_ENTITY
        }
        StaffError::UserNameTaken => StatusCode::CONFLICT,
    }
}
