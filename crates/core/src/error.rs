use serde::Serialize;

/// Every way a rule in `core` can say no. The code is stable: it is the Fluent message id the
/// UI shows and the `code` the server puts in its JSON errors.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CoreError {
    #[error("ID number must be 18 characters: 17 digits and a digit or X")]
    IdNumberFormat,
    #[error("ID number starts with an unknown region code")]
    IdNumberRegion,
    #[error("birth date in the ID number is not a real date")]
    IdNumberBirthDate,
    #[error("ID number has a wrong check character")]
    IdNumberCheckChar,
    #[error("not a mainland mobile number")]
    PhoneFormat,
    #[error("credit code must be 18 characters of the allowed set")]
    CreditCodeFormat,
    #[error("credit code has a wrong check character")]
    CreditCodeCheckChar,
    #[error("tracking number must be 12 digits")]
    TrackingNumberFormat,
    #[error("tracking number has a mistyped digit")]
    TrackingNumberCheck,
    #[error("this answer is required")]
    AnswerRequired,
    #[error("this answer is too long (at most {max} characters)")]
    AnswerTooLong { max: usize },
    #[error("pick one of the offered options")]
    AnswerNotAnOption,
    #[error("date must be written as YYYY-MM-DD and be a real date")]
    DateFormat,
    #[error("unknown catalog item")]
    UnknownItem,
    #[error("unknown question")]
    UnknownQuestion,
    #[error("this status change is not allowed")]
    StatusTransition,
    #[error("device code out of range")]
    DeviceCode,
    #[error("the file is empty")]
    AttachmentEmpty,
    #[error("only images (JPEG, PNG) and PDF files can be attached")]
    AttachmentType,
    #[error("the file is larger than {max_mb} MB")]
    AttachmentTooLarge { max_mb: u64 },
    #[error("at most {max} files per application")]
    TooManyAttachments { max: usize },
    #[error("the item lists no such material")]
    UnknownMaterial,
    #[error("this material has no electronic licence that could stand in for it")]
    MaterialNoELicence,
    #[error("{count} required materials are not yet checked as in order")]
    MaterialsOutstanding { count: u32 },
    #[error("a resume code is 10 letters and digits")]
    ResumeCodeFormat,
    #[error("the resume code has a mistyped character")]
    ResumeCodeCheck,
    #[error("an enrollment code is 10 letters and digits")]
    EnrollmentCodeFormat,
    #[error("the enrollment code has a mistyped character")]
    EnrollmentCodeCheck,
    #[error("the text holds a control character (such as NUL) that cannot be saved")]
    TextControlCharacter,
    /// A legal aid application names no place to route it by (the court's county, or where the
    /// other party is or it happened): the same words as the router's refusal.
    #[error("say where the court sits, where the other party is, or where it happened")]
    PlaceNeeded,
    #[error("this ID card is out of date")]
    IdCardExpired,
    /// What came off the reader does not hold together (a birth date or sex other than the
    /// number's): a bad read, never a card to fill answers from.
    #[error("the ID card could not be read correctly")]
    IdCardInconsistent,
    #[error("this reason is not one of the offered ones")]
    RatingReasonUnknown,
    #[error("this service has been rated already")]
    RatingAlreadyGiven,
    #[error("the family member's number is the citizen's own")]
    FamilyPhoneSameAsOwn,
    #[error("the family member must have agreed to receive the messages")]
    FamilyConsentNeeded,
    #[error("nothing is written on the signature pad")]
    SignatureEmpty,
    #[error("the signature could not be read")]
    SignatureUnreadable,
}

impl CoreError {
    /// The stable code, which is also the Fluent message id.
    pub fn code(&self) -> &'static str {
        match self {
            Self::IdNumberFormat => "error-id-number-format",
            Self::IdNumberRegion => "error-id-number-region",
            Self::IdNumberBirthDate => "error-id-number-birth-date",
            Self::IdNumberCheckChar => "error-id-number-check-char",
            Self::PhoneFormat => "error-phone-format",
            Self::CreditCodeFormat => "error-credit-code-format",
            Self::CreditCodeCheckChar => "error-credit-code-check-char",
            Self::TrackingNumberFormat => "error-tracking-number-format",
            Self::TrackingNumberCheck => "error-tracking-number-check",
            Self::AnswerRequired => "error-answer-required",
            Self::AnswerTooLong { .. } => "error-answer-too-long",
            Self::AnswerNotAnOption => "error-answer-not-an-option",
            Self::DateFormat => "error-date-format",
            Self::UnknownItem => "error-unknown-item",
            Self::UnknownQuestion => "error-unknown-question",
            Self::StatusTransition => "error-status-transition",
            Self::DeviceCode => "error-device-code",
            Self::AttachmentEmpty => "error-attachment-empty",
            Self::AttachmentType => "error-attachment-type",
            Self::AttachmentTooLarge { .. } => "error-attachment-too-large",
            Self::TooManyAttachments { .. } => "error-too-many-attachments",
            Self::UnknownMaterial => "error-unknown-material",
            Self::MaterialNoELicence => "error-material-no-e-licence",
            Self::MaterialsOutstanding { .. } => "error-materials-outstanding",
            Self::ResumeCodeFormat => "error-resume-code-format",
            Self::ResumeCodeCheck => "error-resume-code-check",
            Self::EnrollmentCodeFormat => "error-enrollment-code-format",
            Self::EnrollmentCodeCheck => "error-enrollment-code-check",
            Self::TextControlCharacter => "error-text-control-character",
            Self::PlaceNeeded => "error-legal-aid-no-place-given",
            Self::IdCardExpired => "error-id-card-expired",
            Self::IdCardInconsistent => "error-id-card-inconsistent",
            Self::RatingReasonUnknown => "error-rating-reason-unknown",
            Self::RatingAlreadyGiven => "error-rating-already-given",
            Self::FamilyPhoneSameAsOwn => "error-family-phone-same",
            Self::FamilyConsentNeeded => "error-family-consent-needed",
            Self::SignatureEmpty => "error-signature-empty",
            Self::SignatureUnreadable => "error-signature-unreadable",
        }
    }

    /// Values the localized message needs, as Fluent arguments.
    pub fn args(&self) -> Vec<(&'static str, String)> {
        match self {
            Self::AnswerTooLong { max } | Self::TooManyAttachments { max } => {
                vec![("max", max.to_string())]
            }
            Self::AttachmentTooLarge { max_mb } => vec![("max_mb", max_mb.to_string())],
            Self::MaterialsOutstanding { count } => vec![("count", count.to_string())],
            _ => Vec::new(),
        }
    }
}

/// A rule failure tied to the question it concerns, so the UI can jump to that screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("question {question_id}: {error}")]
pub struct AnswerError {
    pub question_id: String,
    #[serde(skip)]
    pub error: CoreError,
}
