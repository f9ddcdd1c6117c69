//! A pushed request: checked, routed to the competent office (Art. 38), flagged (Art. 44) and
//! stored exactly once.

use super::*;

fn rejected(code: &str, message: impl Into<String>) -> Outcome {
    Outcome::Rejected {
        code: code.to_string(),
        message: message.into(),
    }
}

/// Routes and stores one pushed request in its own transaction, with its `applied_mutations`
/// row (see `once`).
pub async fn apply(
    pool: &PgPool,
    device: &Device,
    mutation: &Mutation,
) -> Result<Outcome, ServerError> {
    let MutationBody::SubmitLegalAid { request } = &mutation.body else {
        return Err(internal("not a legal aid mutation"));
    };
    crate::once::retrying(device, "legal aid", || {
        apply_once(pool, device, mutation.id, request)
    })
    .await
}

async fn apply_once(
    pool: &PgPool,
    device: &Device,
    mutation_id: Uuid,
    request: &LegalAidRequest,
) -> Result<Outcome, ServerError> {
    let mut tx = pool.begin().await?;
    if let crate::once::Claim::Replay(outcome) =
        crate::once::claim(&mut tx, device, mutation_id).await?
    {
        tx.rollback().await?;
        return Ok(outcome);
    }
    // PostgreSQL keeps microseconds: so do the times the feed and the answers carry.
    let now = Utc::now().trunc_subsecs(6);
    let outcome = submit(&mut tx, device, request, now).await?;
    crate::once::settle(&mut tx, mutation_id, &outcome).await?;
    tx.commit().await?;
    Ok(outcome)
}

pub(super) fn too_long(s: &str) -> bool {
    s.len() > MAX_TEXT
}

pub(super) fn blank(s: &str) -> bool {
    s.trim().is_empty()
}

/// What the server re-checks of a pushed request.
fn check_shape(device: &Device, request: &LegalAidRequest) -> Result<(), Outcome> {
    let bad = |m: &str| Err(rejected(legal_aid_codes::REQUEST_MALFORMED, m));
    let code = request.tracking_number.device_code();
    if !device.holds_code(code) {
        return bad("the tracking number belongs to another device");
    }
    match &request.body {
        LegalAidBody::Application(a) => {
            if blank(&a.applicant.name)
                || blank(&a.applicant.id_number)
                || blank(&a.applicant.phone)
            {
                return bad("the applicant's name, ID number and phone are required");
            }
            if blank(&a.opposing_party.name) {
                return bad("the opposing party is required");
            }
            if blank(&a.facts) || too_long(&a.facts) {
                return bad("the facts are missing or too long");
            }
            if let Some(agent) = &a.agent {
                if blank(&agent.name) || blank(&agent.id_number) {
                    return bad("the agent's name and ID number are required");
                }
            }
        }
        LegalAidBody::Consultation(c) => {
            if blank(&c.topic) || blank(&c.question) || blank(&c.phone) {
                return bad("the topic, question and phone are required");
            }
            if too_long(&c.question) {
                return bad("the question is too long");
            }
        }
    }
    // Then everything the kiosk checked before saving it, by the same rule (a day's leeway:
    // a kiosk's today may be ahead of the server's near midnight).
    let today = Utc::now().with_timezone(&shanghai()).date_naive() + Days::new(1);
    if let Some(p) = request.body.problem(today) {
        return bad(&format!("{}: {}", p.field, p.error.code()));
    }
    Ok(())
}

/// The same matter pushed again (maybe at another kiosk, to another competent office): same
/// applicant, same Art. 31 matter, same opposing party. A hash; never the ID number itself.
fn match_key(request: &LegalAidRequest) -> Option<String> {
    let LegalAidBody::Application(a) = &request.body else {
        return None;
    };
    let matter = serde_json::to_string(&a.eligibility.matter).ok()?;
    let squash = |s: &str| -> String { s.chars().filter(|c| !c.is_whitespace()).collect() };
    let key = format!(
        "{}|{}|{}",
        squash(&a.applicant.id_number).to_uppercase(),
        matter,
        squash(&a.opposing_party.name)
    );
    Some(hex::encode(Sha256::digest(key.as_bytes())))
}

/// Routes, flags and stores a request whose mutation id was just claimed.
async fn submit(
    tx: &mut PgConnection,
    device: &Device,
    request: &LegalAidRequest,
    now: DateTime<Utc>,
) -> Result<Outcome, ServerError> {
    if let Err(outcome) = check_shape(device, request) {
        return Ok(outcome);
    }
    let reference = load_reference(&mut *tx).await?;
    let today = now.with_timezone(&shanghai()).date_naive();
    let mut first_to_receive = false;
    let mut key = None;
    let (office, routing, urgency_reasons) = match &request.body {
        LegalAidBody::Application(a) => {
            let mut routing =
                match rules::route(&a.routing, &reference.offices, &reference.routing_rules) {
                    Ok(r) => r,
                    Err(e) => return Ok(rejected(e.code(), e.to_string())),
                };
            key = match_key(request);
            if let Some(key) = &key {
                // Two pushes of the same matter decide one after the other.
                sqlx::query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))")
                    .bind(key)
                    .execute(&mut *tx)
                    .await?;
                let competent: Vec<&str> = std::iter::once(routing.office.code.as_str())
                    .chain(routing.alternatives.iter().map(|c| c.office.code.as_str()))
                    .collect();
                let earlier: Option<String> = sqlx::query_scalar(
                    "SELECT office_code FROM legal_aid_requests
                      WHERE match_key = $1 AND office_code = ANY($2) AND status <> 'refused'
                      ORDER BY first_received_at, id LIMIT 1",
                )
                .bind(key)
                .bind(&competent)
                .fetch_optional(&mut *tx)
                .await?;
                if let Some(earlier) = earlier {
                    routing = routing.first_received_by(&earlier, &a.routing.applicant_county);
                }
            }
            first_to_receive = !routing.alternatives.is_empty();
            (
                routing.office.clone(),
                Some(routing),
                urgency(&a.urgency, today),
            )
        }
        LegalAidBody::Consultation(c) => {
            match rules::office_for_area(&c.county, &reference.offices, &reference.routing_rules) {
                Ok(o) => (o.clone(), None, Vec::new()),
                Err(e) => return Ok(rejected(e.code(), e.to_string())),
            }
        }
    };
    let urgent = !urgency_reasons.is_empty();
    // An application's numbers, for its status SMS (a consultation is called back instead).
    let texted = match &request.body {
        LegalAidBody::Application(a) => Some(a.as_ref()),
        LegalAidBody::Consultation(_) => None,
    };
    let inserted: Option<Uuid> = sqlx::query_scalar(
        "INSERT INTO legal_aid_requests (id, tracking_number, kind, device_id, site_id,
             office_code, status, body, routing, first_to_receive, match_key, urgent, urgency,
             made_at, first_received_at, received_at, phone, family_phone, family_consent_at)
         VALUES ($1, $2, $3, $4, $5, $6, 'received', $7, $8, $9, $10, $11, $12, $13, $14, $14,
                 $15, $16, $17)
         ON CONFLICT DO NOTHING RETURNING id",
    )
    .bind(request.id)
    .bind(request.tracking_number.as_str())
    .bind(request.kind().as_str())
    .bind(device.id)
    .bind(&device.site_id)
    .bind(&office.code)
    .bind(SqlJson(request))
    .bind(routing.as_ref().map(SqlJson))
    .bind(first_to_receive)
    .bind(&key)
    .bind(urgent)
    .bind(SqlJson(&urgency_reasons))
    .bind(request.made_at)
    .bind(now)
    // As the gateway and the per-number limit need them: 11 digits, whatever was typed.
    .bind(texted.and_then(|a| crate::sms::normalized_phone(Some(&a.applicant.phone))))
    .bind(texted.and_then(|a| crate::sms::normalized_phone(a.family_phone.as_deref())))
    // The device's clock says when, never later than the server's.
    .bind(
        texted
            .and_then(|a| a.family_consent_at)
            .map(|at| at.min(now)),
    )
    .fetch_optional(&mut *tx)
    .await?;
    if inserted.is_none() {
        let exists: bool =
            sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM legal_aid_requests WHERE id = $1)")
                .bind(request.id)
                .fetch_one(&mut *tx)
                .await?;
        return Ok(if exists {
            Outcome::Duplicate
        } else {
            Outcome::Conflict {
                code: codes::TRACKING_NUMBER_TAKEN.to_string(),
                message: "this tracking number is already used by another request".to_string(),
            }
        });
    }
    let notes: Vec<String> = routing
        .as_ref()
        .map(|r| {
            std::iter::once(r.reason.code())
                .chain(r.note_ids())
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    let row = Row {
        id: request.id,
        tracking_number: request.tracking_number.clone(),
        kind: request.kind(),
        site_id: device.site_id.clone(),
        office_code: office.code.clone(),
        status: LegalAidStatus::Received,
        urgent,
        received_at: now,
        materials_requested: false,
    };
    record(
        tx,
        &row,
        &office,
        None,
        Feed {
            status: LegalAidStatus::Received,
            note: None,
            routing_notes: notes,
            missing_materials: Vec::new(),
            lawyer: None,
        },
        now,
    )
    .await?;
    Ok(Outcome::Applied)
}
