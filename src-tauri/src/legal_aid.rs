//! Commands of legal aid at the kiosk: the eligibility check and legal consultations. The
//! office is the one of the kiosk's county (`BORDERDESK_COUNTY`, default 330329 泰顺县).

use borderdesk_core::legal_aid::{
    Art31Matter, Art32Situation, Art42Status, Eligibility, EligibilityAnswers,
};
use borderdesk_core::validate::today_in_china;
use borderdesk_local::legal_aid::{
    ApplicationForm, ConsultationDraft, EligibilityView, LegalAidCounty, LegalAidReceipt,
};
use chrono::Utc;
use serde::Serialize;
use tauri::State;
use ts_rs::TS;

use crate::commands::{print_document, print_result, Paper, PrintResult};
use crate::desk::Desk;
use crate::error::{FieldError, UiError};
use borderdesk_local::LocalError;

/// The choices of the eligibility check, in the order the screens offer them.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct EligibilityChoices {
    pub matters: Vec<Art31Matter>,
    pub situations: Vec<Art32Situation>,
    pub statuses: Vec<Art42Status>,
}

#[tauri::command]
pub fn legal_aid_choices() -> EligibilityChoices {
    EligibilityChoices {
        matters: Art31Matter::ALL.to_vec(),
        situations: Art32Situation::ALL.to_vec(),
        statuses: Art42Status::ALL.to_vec(),
    }
}

/// The check's answer in the person's language: the headline, why, and what else can help.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct EligibilityText {
    /// `likely_eligible`, `likely_not` or `clerk_must_decide`.
    pub outcome: String,
    pub headline: String,
    pub reasons: Vec<String>,
    pub alternatives: Vec<String>,
    pub office: String,
    pub view: EligibilityView,
}

/// "Likely eligible", "likely not, and what else helps", or "a clerk must decide".
#[tauri::command]
pub fn legal_aid_check(
    desk: State<'_, Desk>,
    answers: EligibilityAnswers,
) -> Result<EligibilityText, UiError> {
    desk.citizen_flow();
    let view = desk
        .store
        .legal_aid_eligibility(answers, &desk.county, today_in_china())
        .map_err(|e| desk.ui(e))?;
    let language = desk.language();
    let tag = language.tag();
    let say = |id: &str, args: &[(&'static str, String)]| borderdesk_i18n::message(tag, id, args);
    let (outcome, reasons, alternatives) = match &view.outcome {
        Eligibility::LikelyEligible { basis } => (
            "likely_eligible",
            vec![say(basis.code(), &basis.args())],
            Vec::new(),
        ),
        Eligibility::LikelyNot {
            reasons,
            alternatives,
        } => (
            "likely_not",
            reasons.iter().map(|r| say(r.code(), &r.args())).collect(),
            alternatives
                .iter()
                .map(|a| say(a.label_id(), &[]))
                .collect(),
        ),
        Eligibility::ClerkMustDecide { why } => (
            "clerk_must_decide",
            why.iter().map(|w| say(w.code(), &w.args())).collect(),
            Vec::new(),
        ),
    };
    Ok(EligibilityText {
        outcome: outcome.to_string(),
        headline: say(view.outcome.code(), &[]),
        reasons,
        alternatives,
        office: view.office.name.get(language).to_string(),
        view,
    })
}

/// Saves a consultation (works offline); the county's office calls back.
#[tauri::command]
pub async fn submit_consultation(
    desk: State<'_, Desk>,
    draft: ConsultationDraft,
) -> Result<LegalAidReceipt, UiError> {
    desk.citizen_flow();
    let receipt = desk
        .store
        .submit_consultation(&draft, &desk.county, Utc::now())
        .await
        .map_err(|e| desk.ui(e))?;
    desk.sync.refresh().await;
    // The consultation is saved; a printer problem is said on the screen, not an error.
    let _ = print_legal_aid(&desk, &receipt, true, Vec::new(), Vec::new(), false).await;
    Ok(receipt)
}

#[tauri::command]
pub fn legal_aid_counties(desk: State<'_, Desk>) -> Result<Vec<LegalAidCounty>, UiError> {
    desk.store.legal_aid_counties().map_err(|e| desk.ui(e))
}

/// An application's receipt with the office and why, already in the person's language.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ApplicationReceiptText {
    pub receipt: LegalAidReceipt,
    /// The check's answer against the deciding office's province, worded.
    pub eligibility: String,
    /// What became of the printed receipt.
    pub print: PrintResult,
    pub office: String,
    pub routing: Vec<String>,
    pub urgent: Vec<String>,
}

/// Every answer of the form that is not valid, in the person's language: the kiosk asks before
/// each 下一步 and shows all of a step's at once (submitting checks the same again).
#[tauri::command]
pub fn check_legal_aid_form(desk: State<'_, Desk>, form: ApplicationForm) -> Vec<FieldError> {
    let problems = borderdesk_local::legal_aid::legal_aid_form_problems(&form, today_in_china());
    if problems.is_empty() {
        return Vec::new();
    }
    FieldError::all_of(&LocalError::Answers(problems), desk.language())
}

/// Saves a legal aid application (works offline), routed to the competent office.
#[tauri::command]
pub async fn submit_legal_aid_application(
    desk: State<'_, Desk>,
    form: ApplicationForm,
) -> Result<ApplicationReceiptText, UiError> {
    desk.citizen_flow();
    let asked = desk.papers().session();
    let made = desk
        .store
        .submit_legal_aid_application(&form, &desk.county, Utc::now(), today_in_china())
        .await
        .map_err(|e| desk.ui(e))?;
    // Only while the session that made it lasts (an idle wipe may end it meanwhile).
    desk.papers()
        .grant_form(&made.receipt.tracking_number, asked);
    desk.sync.refresh().await;
    let language = desk.language();
    let office = made.receipt.office.name.get(language).to_string();
    let routing = slip_lines(&made.routing_ids, &made.receipt, language);
    let urgent = slip_lines(&made.urgent_ids, &made.receipt, language);
    let print = print_legal_aid(
        &desk,
        &made.receipt,
        false,
        routing.clone(),
        urgent.clone(),
        false,
    )
    .await;
    Ok(ApplicationReceiptText {
        eligibility: borderdesk_i18n::message(
            language.tag(),
            "legal-form-deciding-standard",
            &[
                ("office", office.clone()),
                (
                    "outcome",
                    borderdesk_i18n::message(language.tag(), made.eligibility.code(), &[]),
                ),
            ],
        ),
        routing,
        urgent,
        office,
        receipt: made.receipt,
        print,
    })
}

/// Prints the application form and pledge of the legal aid application just made here,
/// pre-filled and signed: only for the person who made it, in their session, as often as
/// `legal_aid_form_prints` allows (`error-legal-aid-form-unavailable` otherwise).
#[tauri::command]
pub async fn print_legal_aid_form(
    desk: State<'_, Desk>,
    tracking_number: String,
) -> Result<PrintResult, UiError> {
    let max = borderdesk_local::papers::legal_aid_form_prints();
    // Counted before any wait, so two taps at once cannot both print past the limit.
    let asked = desk
        .papers()
        .reserve_form(&tracking_number, max)
        .map_err(|e| desk.ui(e))?;
    let printed = print_signed_form(&desk, &tracking_number, asked).await;
    // A form that did not come out does not count.
    if !matches!(&printed, Ok(r) if r.outcome != "no_printer") {
        desk.papers().refund_form(&tracking_number, asked);
    }
    printed
}

/// Renders and prints the form, unless the session that asked ended meanwhile; a file a
/// printer-less kiosk saved is deleted with the session.
async fn print_signed_form(
    desk: &Desk,
    tracking_number: &str,
    asked: borderdesk_local::papers::SessionId,
) -> Result<PrintResult, UiError> {
    let gone = || desk.ui(LocalError::FormNotAvailable);
    let record = desk
        .store
        .legal_aid_form(tracking_number)
        .await
        .map_err(|e| desk.ui(e))?;
    let site = desk.site_name().await.map_err(|e| desk.ui(e))?;
    if !desk.papers().lasts(asked) {
        return Err(gone());
    }
    let fields = borderdesk_receipt::LegalAidFormFields {
        tracking_number: &record.receipt.tracking_number,
        office: &record.receipt.office,
        made_at: record.receipt.made_at,
        site: &site,
    };
    let language = desk.language();
    let outcome = tokio::task::block_in_place(|| {
        let doc =
            borderdesk_receipt::legal_aid_form_document(&record.application, &fields, language);
        // Rendering takes a moment: the person may have gone meanwhile (a job already sent
        // to the printer cannot be called back).
        if !desk.papers().lasts(asked) {
            return Ok(None);
        }
        borderdesk_receipt::print_form(&doc, desk.printer.as_ref()).map(Some)
    });
    let outcome = match outcome {
        Ok(None) => return Err(gone()),
        Ok(Some(o)) => Ok(o),
        Err(e) => Err(e),
    };
    if let Ok(borderdesk_receipt::PrintOutcome::Saved { path }) = &outcome {
        if !desk.papers().keep_saved(path.clone(), asked) {
            let _ = std::fs::remove_file(path);
            return Err(gone());
        }
    }
    print_result(desk, outcome, Paper::Form)
}

/// A legal aid request or consultation for its applicant (tracking number + last four of the
/// ID number, or of the phone for a consultation).
#[tauri::command]
pub async fn track_legal_aid(
    desk: State<'_, Desk>,
    tracking_number: String,
    last_four: String,
) -> Result<borderdesk_protocol::LegalAidTrackResponse, UiError> {
    desk.citizen_flow();
    desk.sync
        .track_legal_aid(&tracking_number, &last_four)
        .await
        .map_err(|e| desk.ui(e))
}

/// Why and how urgent, as the receipt says it: each Fluent id in `language`, naming the office.
pub(crate) fn slip_lines(
    ids: &[String],
    receipt: &LegalAidReceipt,
    language: borderdesk_core::Language,
) -> Vec<String> {
    let office = receipt.office.name.get(language).to_string();
    ids.iter()
        .map(|id| borderdesk_i18n::message(language.tag(), id, &[("office", office.clone())]))
        .collect()
}

/// Prints the receipt of a legal aid request; a failure is told, never an error (the request
/// is saved). `reprint` marks it 补打 (a desk's copy).
pub(crate) async fn print_legal_aid(
    desk: &Desk,
    receipt: &LegalAidReceipt,
    consultation: bool,
    routing: Vec<String>,
    urgent: Vec<String>,
    reprint: bool,
) -> PrintResult {
    let site = desk.site_name().await.unwrap_or_default();
    let fields = borderdesk_receipt::LegalAidSlipFields {
        tracking_number: &receipt.tracking_number,
        consultation,
        office: &receipt.office.name,
        routing,
        urgent,
        made_at: receipt.made_at,
        signed: receipt.signed,
    };
    let mut doc = borderdesk_receipt::legal_aid_slip_document(&fields, desk.language(), &site);
    if reprint {
        doc = doc.with_reprint_mark(chrono::Utc::now(), desk.language());
    }
    print_document(desk, &doc, Paper::Receipt).unwrap_or_else(|e| PrintResult {
        outcome: "failed".into(),
        message: e.message,
    })
}

/// What a legal aid application may bring, for the scan buttons of the form.
#[tauri::command]
pub fn legal_aid_materials() -> Vec<borderdesk_core::catalog::Material> {
    borderdesk_core::legal_aid::legal_aid_materials()
}
