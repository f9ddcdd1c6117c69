//! Wire types of legal aid (法律援助) and legal consultation (法律咨询), issue 4: what a kiosk
//! pushes (`MutationBody::SubmitLegalAid`), what the office's staff send and read (the queue,
//! one endpoint for every step of the workflow, the figures), and what the change feed tells the
//! kiosk (`Change::LegalAidStatus`). The rules themselves (eligibility, Art. 38 routing, Art. 44
//! urgency, Art. 43 deadlines) live in `borderdesk_core::legal_aid`; these types reuse them.

use borderdesk_core::legal_aid::{
    EligibilityAnswers, LegalAidOffice, Routing, RoutingFacts, StepClock, UrgencyFacts,
    UrgencyReason,
};
use borderdesk_core::TrackingNumber;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

/// A legal aid application or a consultation request, made on a device (works offline) and
/// pushed as `MutationBody::SubmitLegalAid`. The server routes it to the competent office with
/// its own clock and reference data; the office and why come back on the feed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct LegalAidRequest {
    /// Made on the device (UUIDv7).
    pub id: Uuid,
    #[schema(value_type = String)]
    pub tracking_number: TrackingNumber,
    /// `"kind": "application"` with its fields, or `"kind": "consultation"` with its fields.
    #[serde(flatten)]
    pub body: LegalAidBody,
    /// Device clock: shown, never used to order anything.
    pub made_at: DateTime<Utc>,
}

impl LegalAidRequest {
    pub fn kind(&self) -> LegalAidKind {
        match self.body {
            LegalAidBody::Application(_) => LegalAidKind::Application,
            LegalAidBody::Consultation(_) => LegalAidKind::Consultation,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum LegalAidBody {
    Application(Box<LegalAidApplication>),
    Consultation(LegalConsultation),
}

/// Longest facts of an application, in characters.
pub const MAX_FACTS_CHARS: usize = 4000;
/// Longest question of a consultation, in characters.
pub const MAX_QUESTION_CHARS: usize = 2000;
/// Longest name (applicant, agent, other party, court) or relation, in characters: a real one
/// is far shorter, and a form prints each in one cell.
pub const MAX_NAME_CHARS: usize = 100;
/// Longest address, in characters.
pub const MAX_ADDRESS_CHARS: usize = 200;

/// The first of `fields` (question id, text, longest) that is longer than it may be.
pub fn too_long<'a>(
    fields: impl IntoIterator<Item = (&'static str, Option<&'a str>, usize)>,
) -> Option<(&'static str, usize)> {
    fields
        .into_iter()
        .find(|(_, v, max)| v.is_some_and(|v| v.trim().chars().count() > *max))
        .map(|(id, _, max)| (id, max))
}

/// What is wrong with a request's content: the question it answers (the kiosk's question id)
/// and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestProblem {
    pub field: &'static str,
    pub error: borderdesk_core::CoreError,
}

impl LegalAidBody {
    /// The one check of what a request says, made by the kiosk before it saves one and by the
    /// server before it stores a pushed one: required answers, ID numbers with their check
    /// character, mobile numbers, lengths, no control characters, no future dates, and a
    /// pledge unless an exemption (Art. 32, Art. 42) was answered.
    pub fn problem(&self, today: NaiveDate) -> Option<RequestProblem> {
        use borderdesk_core::{validate, CoreError};
        let bad = |field, error| Some(RequestProblem { field, error });
        let texts = serde_json::to_value(self).unwrap_or_default();
        if let Some(field) = validate::control_text_in(&texts) {
            let field = match field.as_str() {
                f if f.contains("facts") => "facts",
                f if f.contains("question") => "question",
                _ => "text",
            };
            return bad(field, CoreError::TextControlCharacter);
        }
        let blank = |s: &str| s.trim().is_empty();
        match self {
            LegalAidBody::Application(a) => {
                if blank(&a.applicant.name) {
                    return bad("applicant_name", CoreError::AnswerRequired);
                }
                if let Err(e) = validate::id_number(&a.applicant.id_number, today) {
                    return bad("applicant_id_number", e);
                }
                if let Err(e) = validate::mobile_phone(&a.applicant.phone) {
                    return bad("applicant_phone", e);
                }
                if let Some(agent) = &a.agent {
                    if blank(&agent.name) {
                        return bad("agent_name", CoreError::AnswerRequired);
                    }
                    if let Err(e) = validate::id_number(&agent.id_number, today) {
                        return bad("agent_id_number", e);
                    }
                    if blank(&agent.relation) {
                        return bad("agent_relation", CoreError::AnswerRequired);
                    }
                }
                let court = match &a.case_stage {
                    CaseStage::InCourt { court, .. } => Some(court.as_str()),
                    CaseStage::NotInCourt => None,
                };
                let lengths = [
                    (
                        "applicant_name",
                        Some(a.applicant.name.as_str()),
                        MAX_NAME_CHARS,
                    ),
                    (
                        "applicant_address",
                        a.applicant.address.as_deref(),
                        MAX_ADDRESS_CHARS,
                    ),
                    (
                        "agent_name",
                        a.agent.as_ref().map(|g| g.name.as_str()),
                        MAX_NAME_CHARS,
                    ),
                    (
                        "agent_relation",
                        a.agent.as_ref().map(|g| g.relation.as_str()),
                        MAX_NAME_CHARS,
                    ),
                    (
                        "opposing_name",
                        Some(a.opposing_party.name.as_str()),
                        MAX_NAME_CHARS,
                    ),
                    ("court", court, MAX_NAME_CHARS),
                ];
                if let Some((field, max)) = too_long(lengths) {
                    return bad(field, CoreError::AnswerTooLong { max });
                }
                if a.events_date.is_some_and(|d| d > today) {
                    return bad("events_date", CoreError::DateFormat);
                }
                if blank(&a.opposing_party.name) {
                    return bad("opposing_name", CoreError::AnswerRequired);
                }
                if blank(&a.facts) {
                    return bad("facts", CoreError::AnswerRequired);
                }
                if a.facts.chars().count() > MAX_FACTS_CHARS {
                    return bad(
                        "facts",
                        CoreError::AnswerTooLong {
                            max: MAX_FACTS_CHARS,
                        },
                    );
                }
                let exempt =
                    !a.eligibility.situations.is_empty() || !a.eligibility.statuses.is_empty();
                if matches!(a.hardship, HardshipProof::Exemption { .. }) && !exempt {
                    return bad("pledge", CoreError::AnswerRequired);
                }
                if let Some(Err(e)) = a.signature.as_ref().map(|s| s.check()) {
                    return bad("signature", e);
                }
                if let Some(family) = &a.family_phone {
                    let own = validate::mobile_phone(&a.applicant.phone).unwrap_or_default();
                    let checked =
                        validate::family_phone(&own, family, a.family_consent_at.is_some());
                    match checked {
                        Ok(Some(f)) if f == *family => {}
                        Ok(_) => return bad("family_phone", CoreError::PhoneFormat),
                        Err(e) => return bad("family_phone", e),
                    }
                }
            }
            LegalAidBody::Consultation(c) => {
                if blank(&c.topic) {
                    return bad("topic", CoreError::AnswerRequired);
                }
                if blank(&c.question) {
                    return bad("question", CoreError::AnswerRequired);
                }
                if c.question.chars().count() > MAX_QUESTION_CHARS {
                    return bad(
                        "question",
                        CoreError::AnswerTooLong {
                            max: MAX_QUESTION_CHARS,
                        },
                    );
                }
                if let Err(e) = validate::mobile_phone(&c.phone) {
                    return bad("phone", e);
                }
            }
        }
        None
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema, TS)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum LegalAidKind {
    Application,
    Consultation,
}

impl LegalAidKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Application => "application",
            Self::Consultation => "consultation",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "application" => Some(Self::Application),
            "consultation" => Some(Self::Consultation),
            _ => None,
        }
    }
}

/// The application form (申请表), as collected at the kiosk or written down by staff from an
/// oral application.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct LegalAidApplication {
    pub applicant: Applicant,
    /// Someone applying for the applicant (a guardian, a relative with a power of attorney).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agent: Option<Agent>,
    pub opposing_party: OpposingParty,
    /// What happened, in the applicant's words.
    pub facts: String,
    /// Where it happened, as words (the area code goes into `routing.events_county`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub events_place: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>, format = Date)]
    pub events_date: Option<NaiveDate>,
    pub case_stage: CaseStage,
    pub hardship: HardshipProof,
    /// The answers of the short eligibility check (Art. 31, 32, 42, income).
    #[schema(value_type = Object)]
    pub eligibility: EligibilityAnswers,
    /// Where the court sits, the obligor is, it happened, and where the applicant applies.
    #[schema(value_type = Object)]
    pub routing: RoutingFacts,
    /// Art. 44: a deadline soon, evidence or property at risk.
    #[serde(default)]
    #[schema(value_type = Object)]
    pub urgency: UrgencyFacts,
    /// Attachments announced through `/v1/sync/attachments`, in the order of the materials.
    #[serde(default)]
    pub attachments: Vec<Uuid>,
    /// The applicant's (or agent's) signature made on the kiosk's screen, for the application
    /// form and the pledge; none when they sign the paper at the office. Personal data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    pub signature: Option<borderdesk_core::signature::Signature>,
    /// A family member's mobile that gets the status SMS too, never the applicant's own;
    /// only with the time the applicant said the family member agreed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub family_phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub family_consent_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Applicant {
    pub name: String,
    /// Resident ID number; personal data, never logged.
    pub id_number: String,
    pub phone: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Agent {
    pub name: String,
    pub id_number: String,
    /// e.g. 监护人, 近亲属.
    pub relation: String,
    /// A power of attorney or proof of guardianship is among the materials.
    pub proof_of_authority: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct OpposingParty {
    /// A person's or an organisation's name.
    pub name: String,
    #[serde(default)]
    pub is_organisation: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
}

/// Where the matter stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "stage", rename_all = "snake_case")]
pub enum CaseStage {
    /// No court or authority handles it yet.
    NotInCourt,
    /// Before a court or an authority (arbitration, police): which one.
    InCourt {
        court: String,
        /// e.g. 一审, 二审, 仲裁, 执行.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        procedure: Option<String>,
    },
}

/// How economic hardship is shown (Art. 41, 32, 42).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "basis", rename_all = "snake_case")]
pub enum HardshipProof {
    /// 个人诚信承诺: the applicant signed the integrity pledge.
    Pledge,
    /// Verified through shared government data.
    SharedData,
    /// No hardship check (Art. 32) or hardship presumed (Art. 42); the proof is attached.
    Exemption { proof: String },
}

/// 法律咨询: a lighter request, answered by a call back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct LegalConsultation {
    /// What it is about (free words, or an Art. 31 matter's label).
    pub topic: String,
    pub question: String,
    /// When to call back, in the person's words ("weekday mornings").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub callback_time: Option<String>,
    pub phone: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Where the person asks (the kiosk's county): its office answers.
    pub county: String,
}

/// Where a request stands. `Transferred` means: at another office now, not accepted there yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema, TS)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum LegalAidStatus {
    Received,
    Accepted,
    MaterialsRequested,
    Approved,
    Refused,
    Assigned,
    Transferred,
    Answered,
}

impl LegalAidStatus {
    pub const ALL: [LegalAidStatus; 8] = [
        Self::Received,
        Self::Accepted,
        Self::MaterialsRequested,
        Self::Approved,
        Self::Refused,
        Self::Assigned,
        Self::Transferred,
        Self::Answered,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Received => "received",
            Self::Accepted => "accepted",
            Self::MaterialsRequested => "materials_requested",
            Self::Approved => "approved",
            Self::Refused => "refused",
            Self::Assigned => "assigned",
            Self::Transferred => "transferred",
            Self::Answered => "answered",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.as_str() == s)
    }

    /// Done: nothing more happens to it.
    pub fn is_closed(self) -> bool {
        matches!(self, Self::Refused | Self::Assigned | Self::Answered)
    }

    /// Fluent id of the status as the citizen reads it.
    pub fn label_id(self) -> &'static str {
        match self {
            Self::Received => "legal-aid-progress-received",
            Self::Accepted => "legal-aid-progress-accepted",
            Self::MaterialsRequested => "legal-aid-progress-materials-requested",
            Self::Approved => "legal-aid-progress-approved",
            Self::Refused => "legal-aid-progress-refused",
            Self::Assigned => "legal-aid-progress-assigned",
            Self::Transferred => "legal-aid-progress-transferred",
            Self::Answered => "legal-aid-progress-answered",
        }
    }
}

/// The assigned lawyer, shown to the citizen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema, TS)]
#[ts(export)]
pub struct LawyerContact {
    pub name: String,
    pub firm: String,
    pub phone: String,
}

/// `POST /v1/sync/legal-aid/requests/{id}/actions` (legal aid officer): one step of the
/// office workflow. `action_id` is made by the client (UUIDv7): sent again, the step is not
/// done twice and the first answer comes back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct LegalAidAction {
    pub action_id: Uuid,
    #[serde(flatten)]
    pub step: LegalAidActionKind,
}

/// Which step, from which states:
/// - `accept` (受理): received or transferred → accepted;
/// - `request_materials`: received, transferred or accepted → materials_requested; ONE notice
///   listing every missing item, once per request;
/// - `decide`: accepted or materials_requested → approved, or refused with written reasons;
/// - `assign`: approved → assigned (a lawyer's name, firm and phone);
/// - `transfer`: received, transferred, accepted or materials_requested → transferred, into
///   the other office's queue, with a reason;
/// - `answer` (consultations): received or transferred → answered, with a note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema, TS)]
#[ts(export)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum LegalAidActionKind {
    Accept,
    RequestMaterials {
        items: Vec<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        note: Option<String>,
    },
    Decide {
        approve: bool,
        /// Required to refuse (Art. 43: in writing, with reasons).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reasons: Option<String>,
    },
    Assign {
        lawyer: LawyerContact,
    },
    Transfer {
        to_office: String,
        reason: String,
    },
    Answer {
        note: String,
    },
}

impl LegalAidActionKind {
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Accept => "accept",
            Self::RequestMaterials { .. } => "request_materials",
            Self::Decide { .. } => "decide",
            Self::Assign { .. } => "assign",
            Self::Transfer { .. } => "transfer",
            Self::Answer { .. } => "answer",
        }
    }
}

/// What a step did; a replayed `action_id` answers this again, unchanged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema, TS)]
#[ts(export)]
pub struct LegalAidActionResult {
    pub action_id: Uuid,
    pub request_id: Uuid,
    pub status: LegalAidStatus,
    /// The office that holds the request now (the receiving one after a transfer).
    pub office_code: String,
    pub at: DateTime<Utc>,
}

/// `GET /v1/sync/legal-aid/queue?office_code=…`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, IntoParams)]
pub struct LegalAidQueueQuery {
    pub office_code: String,
    /// Also list refused, assigned and answered requests.
    #[serde(default)]
    pub include_closed: Option<bool>,
    /// Judge "overdue" as of this instant instead of now (a look back, or ahead).
    #[serde(default)]
    pub as_of: Option<DateTime<Utc>>,
}

/// An office's queue: urgent first, then by due time, then by receipt; one page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema, TS)]
#[ts(export)]
pub struct LegalAidQueue {
    pub office_code: String,
    pub as_of: DateTime<Utc>,
    pub items: Vec<LegalAidQueueItem>,
    /// More requests follow: send this back as `after`.
    pub next: Option<String>,
}

/// One request in the queue. No ID number; the applicant's name is there for the clerk.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema, TS)]
#[ts(export)]
pub struct LegalAidQueueItem {
    pub request_id: Uuid,
    pub tracking_number: String,
    pub kind: LegalAidKind,
    pub status: LegalAidStatus,
    pub urgent: bool,
    #[schema(value_type = Vec<Object>)]
    pub urgency: Vec<UrgencyReason>,
    /// The applicant's (or consultation's) name, if given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The Art. 31 matter (application) or the topic (consultation).
    pub topic: String,
    /// Received by this office (server time; restarts on a transfer).
    pub received_at: DateTime<Utc>,
    /// The step now timed (decide, then assign); none for consultations and closed requests,
    /// or when the holidays of the year are not loaded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    pub clock: Option<StepClock>,
    /// Past the Art. 43 time limit.
    pub overdue: bool,
    /// Past the county's 当日受理、当日指派 target.
    pub misses_target: bool,
    /// Another office was competent too; this one received it first.
    pub first_to_receive: bool,
}

/// `GET /v1/sync/legal-aid/requests/{id}`: the whole request for the office.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct LegalAidCase {
    pub request: LegalAidRequest,
    pub status: LegalAidStatus,
    #[schema(value_type = Object)]
    pub office: LegalAidOffice,
    /// How it was routed (applications).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    pub routing: Option<Routing>,
    pub first_to_receive: bool,
    pub urgent: bool,
    #[serde(default)]
    pub missing_materials: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lawyer: Option<LawyerContact>,
    pub history: Vec<LegalAidEvent>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema, TS)]
#[ts(export)]
pub struct LegalAidEvent {
    pub status: LegalAidStatus,
    pub office_code: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub at: DateTime<Utc>,
}

/// `GET /v1/sync/legal-aid/figures?from=…&to=…[&office_code=…]` (and `figures.csv`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, IntoParams)]
pub struct LegalAidFiguresQuery {
    /// First day, Asia/Shanghai.
    #[param(value_type = String, format = Date)]
    pub from: NaiveDate,
    /// Last day (included), Asia/Shanghai.
    #[param(value_type = String, format = Date)]
    pub to: NaiveDate,
    /// One office; absent: every office.
    #[serde(default)]
    pub office_code: Option<String>,
    /// Language of the CSV header (`zh-CN`, the default, `zh-TW` or `en`).
    #[serde(default)]
    pub lang: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema, TS)]
#[ts(export)]
pub struct LegalAidFigures {
    #[schema(value_type = String, format = Date)]
    pub from: NaiveDate,
    #[schema(value_type = String, format = Date)]
    pub to: NaiveDate,
    pub offices: Vec<OfficeFigures>,
}

/// One office's figures for the period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema, TS)]
#[ts(export)]
pub struct OfficeFigures {
    pub office_code: String,
    pub office_name: String,
    #[ts(type = "number")]
    pub consultations_answered: u64,
    /// Applications received (a transfer in counts for the receiving office).
    #[ts(type = "number")]
    pub applications_received: u64,
    #[ts(type = "number")]
    pub accepted: u64,
    #[ts(type = "number")]
    pub approved: u64,
    #[ts(type = "number")]
    pub refused: u64,
    #[ts(type = "number")]
    pub assigned: u64,
    /// Assigned on the (Shanghai) day the office received the application.
    #[ts(type = "number")]
    pub assigned_same_day: u64,
    /// From receipt by the office to assignment; none when nothing was assigned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub average_hours_to_assignment: Option<f64>,
    /// 好差评 given in the period for the office's applications and consultations.
    #[serde(default)]
    #[ts(type = "number")]
    pub ratings_given: u64,
    /// Of those, 不满意 or worse (each one followed up by the site that took it).
    #[serde(default)]
    #[ts(type = "number")]
    pub ratings_poor: u64,
}

/// `POST /v1/sync/legal-aid/track` (device): a citizen checks a request at any kiosk with the
/// last four characters of the applicant's ID number (an application) or phone number (a
/// consultation); they travel in the body, never in a URL.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct LegalAidTrackRequest {
    pub tracking_number: String,
    pub last_four: String,
}

/// What a kiosk may show about a request: no personal data of the applicant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema, TS)]
#[ts(export)]
pub struct LegalAidTrackResponse {
    pub request_id: Uuid,
    pub tracking_number: String,
    pub kind: LegalAidKind,
    pub status: LegalAidStatus,
    #[schema(value_type = Object)]
    pub office: LegalAidOffice,
    /// Refusal reasons, the consultation's answer, the transfer's reason.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(default)]
    pub missing_materials: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lawyer: Option<LawyerContact>,
    pub history: Vec<LegalAidEvent>,
    /// Still on the kiosk that took it, waiting to be sent (a device's own answer; the
    /// server's is always false): no office has it yet, whatever `status` says.
    #[serde(default)]
    pub waiting_to_send: bool,
}

/// Stable error codes of legal aid on the server (Fluent ids).
pub mod legal_aid_codes {
    /// A pushed request is malformed (missing fields, another device's tracking number).
    pub const REQUEST_MALFORMED: &str = "error-legal-aid-request-malformed";
    /// No such request.
    pub const REQUEST_UNKNOWN: &str = "error-legal-aid-request-unknown";
    /// The step is not allowed from the request's status.
    pub const WRONG_STATE: &str = "error-legal-aid-wrong-state";
    /// The one notice of missing materials was sent already.
    pub const MATERIALS_REQUESTED_ALREADY: &str = "error-legal-aid-materials-requested-already";
    /// A notice of missing materials lists no item.
    pub const MATERIALS_EMPTY: &str = "error-legal-aid-materials-empty";
    /// A refusal without written reasons.
    pub const REASONS_REQUIRED: &str = "error-legal-aid-reasons-required";
    /// A transfer without a reason, or an answer without a note.
    pub const NOTE_REQUIRED: &str = "error-legal-aid-note-required";
    /// A lawyer without a name, firm or phone.
    pub const LAWYER_INCOMPLETE: &str = "error-legal-aid-lawyer-incomplete";
    /// No such legal aid office.
    pub const OFFICE_UNKNOWN: &str = "error-legal-aid-office-unknown";
    /// A transfer to the office that holds the request.
    pub const TRANSFER_SAME_OFFICE: &str = "error-legal-aid-transfer-same-office";
    /// The action id was used for another request or step.
    pub const ACTION_ID_REUSED: &str = "error-legal-aid-action-id-reused";
    /// The step does not apply to this kind of request (answer an application, assign a
    /// consultation).
    pub const WRONG_KIND: &str = "error-legal-aid-wrong-kind";
    /// The server has no legal aid reference data yet; the device retries later.
    pub const REFERENCE_MISSING: &str = "error-legal-aid-reference-missing";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_consultation_reads_as_kind_and_fields_on_the_wire() {
        let r = LegalAidRequest {
            id: Uuid::nil(),
            tracking_number: TrackingNumber::issue(borderdesk_core::DeviceCode(10001), 3).unwrap(),
            body: LegalAidBody::Consultation(LegalConsultation {
                topic: "劳动报酬".into(),
                question: "?".into(),
                callback_time: None,
                phone: "13912345678".into(),
                name: None,
                county: "330329".into(),
            }),
            made_at: DateTime::from_timestamp(0, 0).unwrap(),
        };
        let v = serde_json::to_value(&r).unwrap();
        assert_eq!(v["kind"], "consultation");
        assert_eq!(v["county"], "330329");
        assert_eq!(r.kind(), LegalAidKind::Consultation);
        assert_eq!(serde_json::from_value::<LegalAidRequest>(v).unwrap(), r);
        let a = LegalAidAction {
            action_id: Uuid::nil(),
            step: LegalAidActionKind::Decide {
                approve: false,
                reasons: Some("理由".into()),
            },
        };
        let v = serde_json::to_value(&a).unwrap();
        assert_eq!(v["action"], "decide");
        assert_eq!(serde_json::from_value::<LegalAidAction>(v).unwrap(), a);
        for s in LegalAidStatus::ALL {
            assert_eq!(LegalAidStatus::parse(s.as_str()), Some(s));
        }
    }
}
