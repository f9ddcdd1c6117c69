//! Legal aid (法律援助) at the kiosk: the eligibility check in plain words against the deciding
//! province's standard (reference data, bundled snapshot), and legal consultations (法律咨询)
//! saved with their outbox entry and sent to the office of the kiosk's county.

use std::sync::{Arc, OnceLock};

use borderdesk_core::legal_aid::{
    self, Eligibility, EligibilityAnswers, LegalAidOffice, LegalAidReference, RoutingFacts,
    UrgencyFacts,
};
use borderdesk_core::{validate, CoreError, TrackingNumber};
use borderdesk_protocol::legal_aid::{too_long, MAX_ADDRESS_CHARS, MAX_NAME_CHARS};
use borderdesk_protocol::{
    Agent, Applicant, CaseStage, HardshipProof, LegalAidApplication, LegalAidBody, LegalAidKind,
    LegalAidRequest, LegalAidStatus, LegalAidTrackResponse, LegalConsultation, MutationBody,
    OpposingParty,
};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use crate::error::{AnswerProblem, LocalError, Result};
use crate::store::{enqueue, next_tracking_number, Store};

/// The sample legal aid reference data shipped with the app (offices, standards, deadlines).
pub const BUNDLED_LEGAL_AID: &str = include_str!("../data/sample-legal-aid.json");

impl crate::reference::ReferenceKind for LegalAidReference {
    const TABLE: &'static str = "legal_aid_reference";
    const BUNDLED: &'static str = BUNDLED_LEGAL_AID;
    const NAME: &'static str = "legal aid reference";

    /// What the server's import checks (offices, routing rules, standards hold together).
    fn usable(&self) -> bool {
        self.check().is_ok()
    }

    fn bundled_cell() -> &'static OnceLock<std::result::Result<Arc<Self>, String>> {
        static BUNDLED: OnceLock<std::result::Result<Arc<LegalAidReference>, String>> =
            OnceLock::new();
        &BUNDLED
    }
}

/// What the eligibility check tells the person, with the office that would decide.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct EligibilityView {
    pub outcome: Eligibility,
    pub office: LegalAidOffice,
}

/// A consultation as the person fills it in at the kiosk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ConsultationDraft {
    pub topic: String,
    pub question: String,
    #[ts(optional)]
    pub callback_time: Option<String>,
    pub phone: String,
    #[ts(optional)]
    pub name: Option<String>,
}

/// The receipt of a legal aid request: no personal data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct LegalAidReceipt {
    pub tracking_number: TrackingNumber,
    pub tracking_number_grouped: String,
    pub office: LegalAidOffice,
    pub made_at: DateTime<Utc>,
    pub waiting_to_send: bool,
    /// The applicant signed the form and pledge on the screen (always false for a
    /// consultation, which has no form).
    pub signed: bool,
}

/// Why a request went to its office and what makes it urgent, as Fluent ids (the receipt
/// says them in the person's language).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SlipReasons {
    pub routing_ids: Vec<String>,
    pub urgent_ids: Vec<String>,
}

/// A legal aid application as its form is printed: see [`Store::legal_aid_form`].
#[derive(Debug, Clone, PartialEq)]
pub struct LegalAidFormRecord {
    pub receipt: LegalAidReceipt,
    pub application: LegalAidApplication,
}

/// A legal aid request's receipt as a desk reprints it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LegalAidSlip {
    pub receipt: LegalAidReceipt,
    pub consultation: bool,
    pub reasons: SlipReasons,
}

/// The legal aid application as the kiosk's form collects it (申请表).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ApplicationForm {
    /// The answers of the eligibility check the person just did.
    pub eligibility: EligibilityAnswers,
    pub applicant_name: String,
    pub applicant_id_number: String,
    pub applicant_phone: String,
    #[ts(optional)]
    pub applicant_address: Option<String>,
    /// Someone applying for the applicant: their name, ID number and relation (监护人,
    /// 近亲属 ...); they hand the proof of authority to the staff.
    #[ts(optional)]
    pub agent_name: Option<String>,
    #[ts(optional)]
    pub agent_id_number: Option<String>,
    #[ts(optional)]
    pub agent_relation: Option<String>,
    pub opposing_name: String,
    pub opposing_is_organisation: bool,
    pub facts: String,
    /// As typed (YYYY-MM-DD); checked here, so a bad date is an error at its field.
    #[ts(optional)]
    pub events_date: Option<String>,
    /// 6-digit county codes (chosen from a list) of where it happened and where the other
    /// party is; with a court case, where the court sits.
    #[ts(optional)]
    pub events_county: Option<String>,
    #[ts(optional)]
    pub obligor_county: Option<String>,
    #[ts(optional)]
    pub court: Option<String>,
    #[ts(optional)]
    pub court_county: Option<String>,
    /// As typed (YYYY-MM-DD).
    #[ts(optional)]
    pub deadline: Option<String>,
    pub evidence_at_risk: bool,
    pub property_at_risk: bool,
    /// 个人诚信承诺 (Art. 41); not needed when an Art. 32 situation or an Art. 42 status was
    /// ticked (the office checks the proof instead).
    pub pledge: bool,
    /// Files scanned for the materials (see `core::legal_aid::legal_aid_materials`), saved with it.
    #[serde(default)]
    pub attachments: Vec<Uuid>,
    /// Signed on the screen for the form and the pledge; none when the person signs the paper
    /// at the office instead.
    #[serde(default)]
    #[ts(optional)]
    pub signature: Option<borderdesk_core::signature::Signature>,
    /// The person chose to sign (or give a fingerprint) at the office instead: without it a
    /// form needs its signature.
    #[serde(default)]
    pub sign_at_office: bool,
    /// A family member's mobile for the status SMS (optional), with the applicant's word
    /// that they agreed.
    #[serde(default)]
    #[ts(optional)]
    pub family_phone: Option<String>,
    #[serde(default)]
    pub family_consent: bool,
}

/// The receipt of an application: the office that will decide and why, and whether it goes
/// to the front of the queue (Art. 44).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ApplicationReceipt {
    pub receipt: LegalAidReceipt,
    /// Fluent id of why this office, then the notes (another city, across the border ...).
    pub routing_ids: Vec<String>,
    /// Fluent ids of why it is urgent; empty when it is not.
    pub urgent_ids: Vec<String>,
    /// The check again, against the standard of the province whose office decides (the
    /// kiosk checked against its own county's office, which may be across the border).
    pub eligibility: Eligibility,
}

/// A legal aid county to choose from a list: code and name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct LegalAidCounty {
    pub code: String,
    pub name: borderdesk_core::LocalizedText,
}

/// Every answer of a legal aid application form that is not valid, in the form's order: what
/// submitting checks, and what the kiosk asks before each 下一步 so a person never reaches the
/// review page with a form the office would refuse.
pub fn legal_aid_form_problems(form: &ApplicationForm, today: NaiveDate) -> Vec<AnswerProblem> {
    let mut problems: Vec<AnswerProblem> = Vec::new();
    let mut bad = |question_id: &str, error: CoreError| {
        if !problems.iter().any(|p| p.question_id == question_id) {
            problems.push(AnswerProblem {
                question_id: question_id.to_string(),
                error,
            });
        }
    };
    let some = |v: &Option<String>| {
        v.as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_string)
    };
    // A control character (NUL ...) is the first thing wrong with any answer, at its own field.
    let text_fields: [(&str, Option<&str>, bool); 16] = [
        ("applicant_name", Some(&form.applicant_name), false),
        (
            "applicant_id_number",
            Some(&form.applicant_id_number),
            false,
        ),
        ("applicant_phone", Some(&form.applicant_phone), false),
        ("family_phone", form.family_phone.as_deref(), false),
        (
            "applicant_address",
            form.applicant_address.as_deref(),
            false,
        ),
        ("agent_name", form.agent_name.as_deref(), false),
        ("agent_id_number", form.agent_id_number.as_deref(), false),
        ("agent_relation", form.agent_relation.as_deref(), false),
        ("opposing_name", Some(&form.opposing_name), false),
        ("facts", Some(&form.facts), true),
        ("events_date", form.events_date.as_deref(), false),
        ("events_county", form.events_county.as_deref(), false),
        ("obligor_county", form.obligor_county.as_deref(), false),
        ("court", form.court.as_deref(), false),
        ("court_county", form.court_county.as_deref(), false),
        ("deadline", form.deadline.as_deref(), false),
    ];
    let mut control_found = false;
    for (id, value, multiline) in text_fields {
        if value.is_some_and(|v| validate::plain_text(v, multiline).is_err()) {
            control_found = true;
            bad(id, CoreError::TextControlCharacter);
        }
    }
    if form.applicant_name.trim().is_empty() {
        bad("applicant_name", CoreError::AnswerRequired);
    }
    if let Err(e) = validate::id_number(&form.applicant_id_number, today) {
        bad("applicant_id_number", e);
    }
    match validate::mobile_phone(&form.applicant_phone) {
        Err(e) => bad("applicant_phone", e),
        Ok(own) => {
            let family = form.family_phone.as_deref().unwrap_or_default();
            if let Err(e) = validate::family_phone(&own, family, form.family_consent) {
                bad("family_phone", e);
            }
        }
    }
    // Someone applying for the applicant: all three, or none.
    let agent = [
        &form.agent_name,
        &form.agent_id_number,
        &form.agent_relation,
    ];
    if agent.iter().any(|v| some(v).is_some()) {
        if some(&form.agent_name).is_none() {
            bad("agent_name", CoreError::AnswerRequired);
        }
        if let Err(e) = validate::id_number(&some(&form.agent_id_number).unwrap_or_default(), today)
        {
            bad("agent_id_number", e);
        }
        if some(&form.agent_relation).is_none() {
            bad("agent_relation", CoreError::AnswerRequired);
        }
    }
    if form.opposing_name.trim().is_empty() {
        bad("opposing_name", CoreError::AnswerRequired);
    }
    // What a printed form holds in one cell (the server checks the same).
    let lengths = [
        (
            "applicant_name",
            Some(form.applicant_name.as_str()),
            MAX_NAME_CHARS,
        ),
        (
            "applicant_address",
            form.applicant_address.as_deref(),
            MAX_ADDRESS_CHARS,
        ),
        ("agent_name", form.agent_name.as_deref(), MAX_NAME_CHARS),
        (
            "agent_relation",
            form.agent_relation.as_deref(),
            MAX_NAME_CHARS,
        ),
        (
            "opposing_name",
            Some(form.opposing_name.as_str()),
            MAX_NAME_CHARS,
        ),
        ("court", form.court.as_deref(), MAX_NAME_CHARS),
    ];
    for (field, value, max) in lengths {
        if too_long([(field, value, max)]).is_some() {
            bad(field, CoreError::AnswerTooLong { max });
        }
    }
    if form.facts.trim().is_empty() {
        bad("facts", CoreError::AnswerRequired);
    } else if form.facts.trim().chars().count() > MAX_FACTS_CHARS {
        bad(
            "facts",
            CoreError::AnswerTooLong {
                max: MAX_FACTS_CHARS,
            },
        );
    }
    if let Some(d) = some(&form.events_date) {
        match validate::date(&d) {
            Ok(d) if d > today => bad("events_date", CoreError::DateFormat),
            Ok(_) => {}
            Err(e) => bad("events_date", e),
        }
    }
    // Routing needs a place (Art. 38): the court's county when there is a court, else where
    // the other party is or where it happened (the screen after the court's).
    if some(&form.court).is_some() {
        if some(&form.court_county).is_none() {
            bad("court_county", CoreError::AnswerRequired);
        }
    } else if some(&form.events_county).is_none() && some(&form.obligor_county).is_none() {
        bad("events_county", CoreError::PlaceNeeded);
    }
    if let Some(d) = some(&form.deadline) {
        if let Err(e) = validate::date(&d) {
            bad("deadline", e);
        }
    }
    let exempt = !form.eligibility.situations.is_empty() || !form.eligibility.statuses.is_empty();
    if !exempt && !form.pledge {
        bad("pledge", CoreError::AnswerRequired);
    }
    match &form.signature {
        Some(signature) => {
            if let Err(e) = signature.check() {
                bad("signature", e);
            }
        }
        None if !form.sign_at_office => bad("signature", CoreError::SignatureEmpty),
        None => {}
    }
    // Anything else (the eligibility answers) that holds a control character: no screen of
    // the form owns it, so it is told for the form as a whole.
    let elsewhere = !control_found
        && serde_json::to_value(form)
            .ok()
            .and_then(|v| validate::control_text_in(&v))
            .is_some();
    if elsewhere {
        bad("form", CoreError::TextControlCharacter);
    }
    problems
}

/// The longest account of what happened the form takes.
pub const MAX_FACTS_CHARS: usize = borderdesk_protocol::MAX_FACTS_CHARS;

/// The longest question a consultation takes (a page of writing).
pub const MAX_QUESTION_CHARS: usize = borderdesk_protocol::MAX_QUESTION_CHARS;

impl Store {
    /// The legal aid reference data in use: the server's latest from the feed, else the
    /// bundled snapshot.
    pub fn legal_aid_reference(&self) -> Result<Arc<LegalAidReference>> {
        self.legal_aid.current()
    }

    /// The legal aid office of a county (the kiosk's): it answers consultations and, unless a
    /// court or the other party is elsewhere, decides applications.
    pub fn legal_aid_office(&self, county: &str) -> Result<LegalAidOffice> {
        let r = self.legal_aid_reference()?;
        Ok(legal_aid::office_for_area(county, &r.offices, &r.routing_rules)?.clone())
    }

    /// The eligibility check, against the standard of the province whose office decides.
    pub fn legal_aid_eligibility(
        &self,
        answers: EligibilityAnswers,
        county: &str,
        today: NaiveDate,
    ) -> Result<EligibilityView> {
        let office = self.legal_aid_office(county)?;
        let answers = answers.decided_by(&office);
        let outcome = legal_aid::check_eligibility(
            &answers,
            &self.legal_aid_reference()?.hardship_standards,
            today,
        )?;
        Ok(EligibilityView { outcome, office })
    }

    /// A request made on this device, for its applicant: the last four characters of the ID
    /// number (or, for a consultation, of the phone) must match. What this device knows:
    /// the status the feed brought and the office's last note; the server knows more.
    pub async fn track_legal_aid_here(
        &self,
        tracking_number: &str,
        last_four: &str,
    ) -> Result<LegalAidTrackResponse> {
        let number = TrackingNumber::parse(tracking_number)?;
        type Row = (
            String,
            String,
            String,
            Option<String>,
            String,
            Option<String>,
            String,
            Option<String>,
        );
        let row: Option<Row> = sqlx::query_as(
            "SELECT id, kind, office_code, office, body, id_check, status, note
                 FROM legal_aid_requests WHERE tracking_number = ?",
        )
        .bind(number.as_str())
        .fetch_optional(self.pool())
        .await?;
        let (id, kind, office_code, server_office, body, id_check, status, note) =
            row.ok_or(LocalError::ApplicationNotFound)?;
        let last_four = last_four.trim().to_ascii_uppercase();
        // While the request is held, its sealed body proves it; once a kiosk dropped that,
        // the check value does.
        let proven = last_four.chars().count() == 4
            && if body.is_empty() {
                crate::forget::matches_check(&self.key, &id, id_check.as_deref(), &last_four)
            } else {
                let request: LegalAidRequest = serde_json::from_slice(&self.key.open(&body, &id)?)?;
                crate::forget::legal_aid_proof(&request).ends_with(&last_four)
            };
        if !proven {
            return Err(LocalError::ApplicationNotFound);
        }
        let request_id = Uuid::parse_str(&id).map_err(|_| LocalError::ApplicationNotFound)?;
        let office = self.deciding_office(&office_code, server_office.as_deref())?;
        let status = LegalAidStatus::ALL
            .into_iter()
            .find(|s| s.as_str() == status)
            .unwrap_or(LegalAidStatus::Received);
        let waiting_to_send = self.waiting_in_outbox(&id).await?;
        Ok(LegalAidTrackResponse {
            request_id,
            tracking_number: number.as_str().to_string(),
            kind: if kind == "consultation" {
                LegalAidKind::Consultation
            } else {
                LegalAidKind::Application
            },
            status,
            office,
            note,
            missing_materials: Vec::new(),
            lawyer: None,
            history: Vec::new(),
            waiting_to_send,
        })
    }

    /// Whether a request still has a change in the outbox (not yet with the server).
    async fn waiting_in_outbox(&self, id: &str) -> Result<bool> {
        Ok(sqlx::query_scalar(
            "SELECT EXISTS (SELECT 1 FROM outbox WHERE record_id = ? AND state = 'pending')",
        )
        .bind(id)
        .fetch_one(self.pool())
        .await?)
    }

    /// The office that decides a request: the server's choice once the feed brought it;
    /// before that, the office this device routed to, as its reference data describes it.
    fn deciding_office(
        &self,
        office_code: &str,
        server_office: Option<&str>,
    ) -> Result<LegalAidOffice> {
        match server_office.and_then(|o| serde_json::from_str(o).ok()) {
            Some(office) => Ok(office),
            None => self
                .legal_aid_reference()?
                .offices
                .iter()
                .find(|o| o.code == office_code)
                .cloned()
                .ok_or(LocalError::ApplicationNotFound),
        }
    }

    /// The receipt of a legal aid request or consultation made on this device, for a reprint
    /// at the desk (a receipt carries no personal data, so the number alone is enough), with
    /// what its first print said about why and how urgent.
    pub async fn legal_aid_receipt(&self, tracking_number: &str) -> Result<LegalAidSlip> {
        let number = TrackingNumber::parse(tracking_number)?;
        type Row = (
            String,
            String,
            String,
            Option<String>,
            String,
            String,
            String,
            bool,
        );
        let row: Option<Row> = sqlx::query_as(
            "SELECT id, kind, office_code, office, made_at, routing_ids, urgent_ids, signed
                 FROM legal_aid_requests WHERE tracking_number = ?",
        )
        .bind(number.as_str())
        .fetch_optional(self.pool())
        .await?;
        let (id, kind, office_code, server_office, made_at, routing_ids, urgent_ids, signed) =
            row.ok_or(LocalError::ApplicationNotFound)?;
        let waiting_to_send = self.waiting_in_outbox(&id).await?;
        let made_at = DateTime::parse_from_rfc3339(&made_at)
            .map_err(|_| LocalError::Rule(borderdesk_core::CoreError::DateFormat))?
            .with_timezone(&Utc);
        Ok(LegalAidSlip {
            receipt: LegalAidReceipt {
                tracking_number_grouped: number.grouped(),
                tracking_number: number,
                office: self.deciding_office(&office_code, server_office.as_deref())?,
                made_at,
                waiting_to_send,
                signed,
            },
            consultation: kind == "consultation",
            reasons: SlipReasons {
                routing_ids: serde_json::from_str(&routing_ids).unwrap_or_default(),
                urgent_ids: serde_json::from_str(&urgent_ids).unwrap_or_default(),
            },
        })
    }

    /// A legal aid application made on this device as its form is printed (申请表 and 个人诚信
    /// 承诺书): what the applicant answered, the signature if they signed on the screen, the
    /// deciding office and the receipt. Personal data: the caller decides who may see it.
    pub async fn legal_aid_form(&self, tracking_number: &str) -> Result<LegalAidFormRecord> {
        let slip = self.legal_aid_receipt(tracking_number).await?;
        if slip.consultation {
            return Err(LocalError::ApplicationNotFound);
        }
        let (id, body): (String, String) =
            sqlx::query_as("SELECT id, body FROM legal_aid_requests WHERE tracking_number = ?")
                .bind(slip.receipt.tracking_number.as_str())
                .fetch_one(self.pool())
                .await?;
        // The device forgot the answers (they reached the office and their time was up).
        if body.is_empty() {
            return Err(LocalError::FormNotAvailable);
        }
        let request: LegalAidRequest = serde_json::from_slice(&self.key.open(&body, &id)?)?;
        match request.body {
            LegalAidBody::Application(application) => Ok(LegalAidFormRecord {
                receipt: slip.receipt,
                application: *application,
            }),
            LegalAidBody::Consultation(_) => Err(LocalError::ApplicationNotFound),
        }
    }

    /// Every legal aid office (the office desk picks its own; transfers name another).
    pub fn legal_aid_offices(&self) -> Result<Vec<LegalAidOffice>> {
        Ok(self.legal_aid_reference()?.offices.clone())
    }

    /// The counties of the legal aid offices, for the places on the form.
    pub fn legal_aid_counties(&self) -> Result<Vec<LegalAidCounty>> {
        Ok(self
            .legal_aid_reference()?
            .offices
            .iter()
            .filter_map(|o| {
                o.county_code.as_ref().map(|code| LegalAidCounty {
                    code: code.clone(),
                    name: o.name.clone(),
                })
            })
            .collect())
    }

    /// Checks and saves a legal aid application with its outbox entry; routed to the
    /// competent office (Art. 38) and flagged urgent (Art. 44) here as the server will. A form
    /// with answers that are not valid is refused with all of them at once
    /// ([`LocalError::Answers`], see [`legal_aid_form_problems`]).
    pub async fn submit_legal_aid_application(
        &self,
        form: &ApplicationForm,
        county: &str,
        now: DateTime<Utc>,
        today: NaiveDate,
    ) -> Result<ApplicationReceipt> {
        let answer = |question_id: &str, error: CoreError| LocalError::Answer {
            question_id: question_id.to_string(),
            error,
        };
        let required = |id: &str, v: &str| {
            if v.trim().is_empty() {
                Err(answer(id, CoreError::AnswerRequired))
            } else {
                Ok(v.trim().to_string())
            }
        };
        let problems = legal_aid_form_problems(form, today);
        if !problems.is_empty() {
            return Err(LocalError::Answers(problems));
        }
        let name = required("applicant_name", &form.applicant_name)?;
        let id_number = validate::id_number(&form.applicant_id_number, today)
            .map_err(|e| answer("applicant_id_number", e))?;
        let phone = validate::mobile_phone(&form.applicant_phone)
            .map_err(|e| answer("applicant_phone", e))?;
        let family_phone = validate::family_phone(
            &phone,
            form.family_phone.as_deref().unwrap_or_default(),
            form.family_consent,
        )
        .map_err(|e| answer("family_phone", e))?;
        let agent = match form
            .agent_name
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty())
        {
            None => None,
            Some(agent_name) => {
                let agent_id =
                    validate::id_number(form.agent_id_number.as_deref().unwrap_or_default(), today)
                        .map_err(|e| answer("agent_id_number", e))?;
                let relation = required(
                    "agent_relation",
                    form.agent_relation.as_deref().unwrap_or_default(),
                )?;
                Some(Agent {
                    name: agent_name.to_string(),
                    id_number: agent_id.value,
                    relation,
                    proof_of_authority: true,
                })
            }
        };
        let date = |id: &str, raw: &Option<String>| -> Result<Option<NaiveDate>> {
            match raw.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
                None => Ok(None),
                Some(d) => validate::date(d).map(Some).map_err(|e| answer(id, e)),
            }
        };
        let events_date = date("events_date", &form.events_date)?;
        let deadline = date("deadline", &form.deadline)?;
        if events_date.is_some_and(|d| d > today) {
            return Err(answer("events_date", CoreError::DateFormat));
        }
        let opposing = required("opposing_name", &form.opposing_name)?;
        let facts = required("facts", &form.facts)?;
        if facts.chars().count() > MAX_FACTS_CHARS {
            return Err(answer(
                "facts",
                CoreError::AnswerTooLong {
                    max: MAX_FACTS_CHARS,
                },
            ));
        }
        let exempt =
            !form.eligibility.situations.is_empty() || !form.eligibility.statuses.is_empty();
        if !exempt && !form.pledge {
            return Err(answer("pledge", CoreError::AnswerRequired));
        }
        let in_court = form.court.as_deref().is_some_and(|c| !c.trim().is_empty());
        let routing_facts = RoutingFacts {
            court_or_authority_county: if in_court {
                form.court_county.clone()
            } else {
                None
            },
            obligor_county: form.obligor_county.clone(),
            events_county: form.events_county.clone(),
            applicant_county: county.to_string(),
        };
        let r = self.legal_aid_reference()?;
        // No court, no other party's county and no place: the person is asked where.
        let routing = legal_aid::route(&routing_facts, &r.offices, &r.routing_rules)?;
        let deciding = form.eligibility.clone().decided_by(&routing.office);
        let eligibility = legal_aid::check_eligibility(&deciding, &r.hardship_standards, today)?;
        let urgency = UrgencyFacts {
            deadline,
            evidence_at_risk: form.evidence_at_risk,
            property_at_risk: form.property_at_risk,
        };
        let application = LegalAidApplication {
            applicant: Applicant {
                name,
                id_number: id_number.value.clone(),
                phone,
                address: form
                    .applicant_address
                    .as_deref()
                    .map(str::trim)
                    .filter(|a| !a.is_empty())
                    .map(str::to_string),
            },
            agent,
            opposing_party: OpposingParty {
                name: opposing,
                is_organisation: form.opposing_is_organisation,
                address: None,
            },
            facts,
            events_place: None,
            events_date,
            case_stage: if in_court {
                CaseStage::InCourt {
                    court: form.court.clone().unwrap_or_default().trim().to_string(),
                    procedure: None,
                }
            } else {
                CaseStage::NotInCourt
            },
            hardship: if exempt {
                HardshipProof::Exemption {
                    proof: "art32_or_art42".into(),
                }
            } else {
                HardshipProof::Pledge
            },
            eligibility: deciding.clone(),
            routing: routing_facts,
            urgency: urgency.clone(),
            attachments: form.attachments.clone(),
            signature: form.signature.clone(),
            family_consent_at: family_phone.as_ref().map(|_| now),
            family_phone,
        };
        let body = LegalAidBody::Application(Box::new(application));
        // The server's own check, the last word before anything is saved.
        if let Some(p) = body.problem(today) {
            return Err(answer(p.field, p.error));
        }
        let mut routing_ids = vec![routing.reason.code().to_string()];
        routing_ids.extend(routing.note_ids().into_iter().map(str::to_string));
        let urgent_ids: Vec<String> = legal_aid::urgency(&urgency, today)
            .iter()
            .map(|u| u.code().to_string())
            .collect();
        let slip = SlipReasons {
            routing_ids,
            urgent_ids,
        };
        let receipt = self
            .save_legal_aid(body, "application", routing.office.clone(), &slip, now)
            .await?;
        Ok(ApplicationReceipt {
            receipt,
            routing_ids: slip.routing_ids,
            urgent_ids: slip.urgent_ids,
            eligibility,
        })
    }

    /// Saves a request and its outbox entry in one transaction, under a new tracking number.
    async fn save_legal_aid(
        &self,
        body: LegalAidBody,
        kind: &str,
        office: LegalAidOffice,
        slip: &SlipReasons,
        now: DateTime<Utc>,
    ) -> Result<LegalAidReceipt> {
        let id = Uuid::now_v7();
        let signed = matches!(&body, LegalAidBody::Application(a) if a.signature.is_some());
        let mut tx = self.begin_write().await?;
        let tracking_number = next_tracking_number(&mut tx).await?;
        let request = LegalAidRequest {
            id,
            tracking_number: tracking_number.clone(),
            body,
            made_at: now,
        };
        sqlx::query(
            "INSERT INTO legal_aid_requests
                 (id, tracking_number, kind, office_code, body, made_at, routing_ids, urgent_ids,
                  signed)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(id.to_string())
        .bind(tracking_number.as_str())
        .bind(kind)
        .bind(&office.code)
        .bind(
            self.key
                .seal(&serde_json::to_vec(&request)?, &id.to_string())?,
        )
        .bind(now.to_rfc3339())
        .bind(serde_json::to_string(&slip.routing_ids)?)
        .bind(serde_json::to_string(&slip.urgent_ids)?)
        .bind(signed)
        .execute(&mut *tx)
        .await?;
        if let LegalAidBody::Application(a) = &request.body {
            crate::attachments::claim_for_application(
                &mut tx,
                &crate::attachments::MaterialsOf::LegalAid,
                &id.to_string(),
                &a.attachments,
            )
            .await?;
        }
        enqueue(
            &mut tx,
            &self.key,
            &id.to_string(),
            MutationBody::SubmitLegalAid {
                request: Box::new(request),
            },
        )
        .await?;
        tx.commit().await?;
        self.outbox_changed().notify_one();
        Ok(LegalAidReceipt {
            tracking_number_grouped: tracking_number.grouped(),
            tracking_number,
            office,
            made_at: now,
            waiting_to_send: true,
            signed,
        })
    }

    /// Saves a consultation with its outbox entry in one transaction; the office of `county`
    /// calls back. Works offline.
    pub async fn submit_consultation(
        &self,
        draft: &ConsultationDraft,
        county: &str,
        now: DateTime<Utc>,
    ) -> Result<LegalAidReceipt> {
        let answer = |question_id: &str, error: CoreError| LocalError::Answer {
            question_id: question_id.to_string(),
            error,
        };
        if let Some(field) = validate::control_text_in(&serde_json::to_value(draft)?) {
            return Err(answer(&field, CoreError::TextControlCharacter));
        }
        let topic = draft.topic.trim();
        if topic.is_empty() {
            return Err(answer("topic", CoreError::AnswerRequired));
        }
        let question = draft.question.trim();
        if question.is_empty() {
            return Err(answer("question", CoreError::AnswerRequired));
        }
        if question.chars().count() > MAX_QUESTION_CHARS {
            return Err(answer(
                "question",
                CoreError::AnswerTooLong {
                    max: MAX_QUESTION_CHARS,
                },
            ));
        }
        let phone = validate::mobile_phone(&draft.phone).map_err(|e| answer("phone", e))?;
        let office = self.legal_aid_office(county)?;
        let consultation = LegalConsultation {
            topic: topic.to_string(),
            question: question.to_string(),
            callback_time: draft
                .callback_time
                .as_deref()
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(str::to_string),
            phone: phone.clone(),
            name: draft
                .name
                .as_deref()
                .map(str::trim)
                .filter(|n| !n.is_empty())
                .map(str::to_string),
            county: county.to_string(),
        };
        let body = LegalAidBody::Consultation(consultation);
        // The server's own check, the last word before anything is saved.
        let today = borderdesk_core::time::shanghai_date(&now);
        if let Some(p) = body.problem(today) {
            return Err(answer(p.field, p.error));
        }
        self.save_legal_aid(body, "consultation", office, &SlipReasons::default(), now)
            .await
    }
}
