//! Legal aid (法律援助) at the kiosk: the eligibility check in plain words against the deciding
//! province's standard (reference data, bundled snapshot), and legal consultations (法律咨询)
//! saved with their outbox entry and sent to the office of the kiosk's county.

use std::sync::OnceLock;

use borderdesk_core::legal_aid::{
    self, Eligibility, EligibilityAnswers, LegalAidOffice, LegalAidReference,
};
use borderdesk_core::{validate, CoreError, DeviceCode, TrackingNumber};
use borderdesk_protocol::{LegalAidBody, LegalAidRequest, LegalConsultation, MutationBody};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use crate::error::{LocalError, Result};
use crate::store::{enqueue, Store};

/// The sample legal aid reference data shipped with the app (offices, standards, deadlines).
pub const BUNDLED_LEGAL_AID: &str = include_str!("../data/sample-legal-aid.json");

fn reference() -> Result<&'static LegalAidReference> {
    static REFERENCE: OnceLock<std::result::Result<LegalAidReference, String>> = OnceLock::new();
    REFERENCE
        .get_or_init(|| serde_json::from_str(BUNDLED_LEGAL_AID).map_err(|e| e.to_string()))
        .as_ref()
        .map_err(|e| LocalError::Key(format!("bundled legal aid data: {e}")))
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
}

/// The longest question a consultation takes (a page of writing).
pub const MAX_QUESTION_CHARS: usize = 2000;

impl Store {
    /// The legal aid office of a county (the kiosk's): it answers consultations and, unless a
    /// court or the other party is elsewhere, decides applications.
    pub fn legal_aid_office(&self, county: &str) -> Result<LegalAidOffice> {
        let r = reference()?;
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
        let outcome =
            legal_aid::check_eligibility(&answers, &reference()?.hardship_standards, today)?;
        Ok(EligibilityView { outcome, office })
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
        let id = Uuid::now_v7();
        let mut tx = self.begin_write().await?;
        let (device_code, sequence): (i64, i64) = sqlx::query_as(
            "UPDATE device SET next_sequence = next_sequence + 1 RETURNING device_code, next_sequence - 1",
        )
        .fetch_one(&mut *tx)
        .await?;
        let tracking_number =
            TrackingNumber::issue(DeviceCode::new(device_code as u32)?, sequence as u32)?;
        let request = LegalAidRequest {
            id,
            tracking_number: tracking_number.clone(),
            body: LegalAidBody::Consultation(consultation),
            made_at: now,
        };
        sqlx::query(
            "INSERT INTO legal_aid_requests (id, tracking_number, kind, office_code, body, made_at)
             VALUES (?, ?, 'consultation', ?, ?, ?)",
        )
        .bind(id.to_string())
        .bind(tracking_number.as_str())
        .bind(&office.code)
        .bind(
            self.key
                .seal(&serde_json::to_vec(&request)?, &id.to_string())?,
        )
        .bind(now.to_rfc3339())
        .execute(&mut *tx)
        .await?;
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
        })
    }
}
