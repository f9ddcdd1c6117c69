//! The office's queue (urgent first, then by deadline) and one request with its history.

use super::*;

type QueueRow = (
    Uuid,
    String,
    String,
    String,
    bool,
    SqlJson<Vec<UrgencyReason>>,
    SqlJson<LegalAidRequest>,
    DateTime<Utc>,
    Option<DateTime<Utc>>,
    bool,
);

/// The clock of the step now due: deciding (from receipt by this office), then assigning (from
/// approval). None for consultations, closed requests, or a year without holidays loaded.
pub fn clock_for(
    kind: LegalAidKind,
    status: LegalAidStatus,
    received_at: DateTime<Utc>,
    approved_at: Option<DateTime<Utc>>,
    reference: &LegalAidReference,
) -> Option<StepClock> {
    use LegalAidStatus as S;
    if kind != LegalAidKind::Application {
        return None;
    }
    let (step, started) = match status {
        S::Received | S::Transferred | S::Accepted | S::MaterialsRequested => {
            (LegalAidStep::Decide, received_at)
        }
        S::Approved => (LegalAidStep::Assign, approved_at?),
        _ => return None,
    };
    step_clock(step, started, &reference.deadlines, &reference.holidays).ok()
}

/// Which list a cursor of a legal aid queue belongs to.
const QUEUE: &str = "legal-aid-queue";

/// Where an item stands in its office's queue: urgent first, then by due time (those without
/// one last), then by receipt, then by id. Times to the microsecond, as a cursor keeps them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct QueuePlace {
    pub(super) not_urgent: bool,
    pub(super) no_due: bool,
    pub(super) due: Option<DateTime<Utc>>,
    pub(super) received_at: DateTime<Utc>,
    pub(super) id: Uuid,
}

fn micros(t: DateTime<Utc>) -> DateTime<Utc> {
    DateTime::from_timestamp_micros(t.timestamp_micros()).unwrap_or(t)
}

impl QueuePlace {
    fn of(item: &LegalAidQueueItem) -> Self {
        let due = item.clock.as_ref().map(|c| micros(c.due));
        QueuePlace {
            not_urgent: !item.urgent,
            no_due: due.is_none(),
            due,
            received_at: micros(item.received_at),
            id: item.request_id,
        }
    }

    fn key(&self) -> Vec<KeyPart> {
        vec![
            KeyPart::Flag(!self.not_urgent),
            self.due.map_or(KeyPart::Null, KeyPart::Time),
            KeyPart::Time(self.received_at),
            KeyPart::Id(self.id),
        ]
    }

    fn read(key: &[KeyPart]) -> Result<Self, PageError> {
        let [KeyPart::Flag(urgent), due, KeyPart::Time(received_at), KeyPart::Id(id)] = key else {
            return Err(PageError::Cursor);
        };
        let due = match due {
            KeyPart::Time(t) => Some(*t),
            KeyPart::Null => None,
            _ => return Err(PageError::Cursor),
        };
        Ok(QueuePlace {
            not_urgent: !urgent,
            no_due: due.is_none(),
            due,
            received_at: *received_at,
            id: *id,
        })
    }
}

/// An office's queue: open requests (or all), urgent first, then by due time, then by receipt,
/// one page. The due time comes from the reference data (holidays, deadlines), not from a
/// column, so the page is cut here rather than in SQL: still by the key of the last row sent,
/// so that no request is skipped or repeated.
pub async fn office_queue(
    pool: &PgPool,
    query: &LegalAidQueueQuery,
    paging: &Paging,
    now: DateTime<Utc>,
) -> Result<LegalAidQueue, ServerError> {
    let after = paging
        .after(QUEUE)?
        .as_deref()
        .map(QueuePlace::read)
        .transpose()?;
    let mut conn = pool.acquire().await?;
    let reference = load_reference(&mut conn).await?;
    office(&reference, &query.office_code)?;
    let as_of = query.as_of.unwrap_or(now);
    let rows: Vec<QueueRow> = sqlx::query_as(
        "SELECT id, tracking_number, kind, status, urgent, urgency, body, received_at,
                approved_at, first_to_receive
           FROM legal_aid_requests
          WHERE office_code = $1
            AND ($2 OR status NOT IN ('refused', 'assigned', 'answered'))",
    )
    .bind(&query.office_code)
    .bind(query.include_closed.unwrap_or(false))
    .fetch_all(&mut *conn)
    .await?;
    let mut items = Vec::with_capacity(rows.len());
    for (id, tn, kind, status, urgent, urgency, body, received_at, approved_at, first) in rows {
        let kind = LegalAidKind::parse(&kind).ok_or_else(|| internal("kind"))?;
        let status = parse_status(&status)?;
        let clock = clock_for(kind, status, received_at, approved_at, &reference);
        let (name, topic) = match &body.0.body {
            LegalAidBody::Application(a) => (
                Some(a.applicant.name.clone()),
                serde_json::to_value(a.eligibility.matter)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_default(),
            ),
            LegalAidBody::Consultation(c) => (c.name.clone(), c.topic.clone()),
        };
        items.push(LegalAidQueueItem {
            request_id: id,
            tracking_number: tn,
            kind,
            status,
            urgent,
            urgency: urgency.0,
            name,
            topic,
            received_at,
            overdue: clock.is_some_and(|c| c.is_overdue(as_of)),
            misses_target: clock.is_some_and(|c| c.misses_target(as_of)),
            clock,
            first_to_receive: first,
        });
    }
    let mut items: Vec<(QueuePlace, LegalAidQueueItem)> = items
        .into_iter()
        .map(|item| (QueuePlace::of(&item), item))
        .filter(|(place, _)| after.is_none_or(|after| *place > after))
        .collect();
    items.sort_by_key(|(place, _)| *place);
    items.truncate(paging.fetch() as usize);
    let (items, next) = paging.page(QUEUE, items, |(place, _)| place.key());
    Ok(LegalAidQueue {
        office_code: query.office_code.clone(),
        as_of,
        items: items.into_iter().map(|(_, item)| item).collect(),
        next,
    })
}

// ----- one request ---------------------------------------------------------------------------

type CaseRow = (
    SqlJson<LegalAidRequest>,
    String,
    String,
    Option<SqlJson<Routing>>,
    bool,
    bool,
    SqlJson<Vec<String>>,
    Option<SqlJson<LawyerContact>>,
    Option<String>,
);

pub(super) async fn history(
    conn: &mut PgConnection,
    id: Uuid,
) -> Result<Vec<LegalAidEvent>, ServerError> {
    let rows: Vec<(String, String, Option<String>, DateTime<Utc>)> = sqlx::query_as(
        "SELECT status, office_code, note, at FROM legal_aid_events
          WHERE request_id = $1 ORDER BY id",
    )
    .bind(id)
    .fetch_all(conn)
    .await?;
    rows.into_iter()
        .map(|(status, office_code, note, at)| {
            Ok(LegalAidEvent {
                status: parse_status(&status)?,
                office_code,
                note,
                at,
            })
        })
        .collect()
}

pub(super) async fn load_case(
    pool: &PgPool,
    id: Uuid,
) -> Result<(LegalAidCase, Option<String>), ServerError> {
    let mut conn = pool.acquire().await?;
    let row: Option<CaseRow> = sqlx::query_as(
        "SELECT body, status, office_code, routing, first_to_receive, urgent, missing_materials,
                lawyer, note
           FROM legal_aid_requests WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?;
    let (body, status, office_code, routing, first, urgent, missing, lawyer, note) =
        row.ok_or(LegalAidOpsError::RequestUnknown)?;
    let reference = load_reference(&mut conn).await?;
    let office = office(&reference, &office_code)
        .cloned()
        .unwrap_or_else(|_| placeholder_office(&office_code));
    let history = history(&mut conn, id).await?;
    Ok((
        LegalAidCase {
            request: body.0,
            status: parse_status(&status)?,
            office,
            routing: routing.map(|r| r.0),
            first_to_receive: first,
            urgent,
            missing_materials: missing.0,
            lawyer: lawyer.map(|l| l.0),
            history,
        },
        note,
    ))
}

/// What a kiosk may show a citizen who proves the request is theirs with the last four
/// characters of the applicant's ID number (or, for a consultation, of the phone number).
pub async fn track_request(
    pool: &PgPool,
    request: &LegalAidTrackRequest,
) -> Result<LegalAidTrackResponse, ServerError> {
    let id: Option<Uuid> =
        sqlx::query_scalar("SELECT id FROM legal_aid_requests WHERE tracking_number = $1")
            .bind(request.tracking_number.trim())
            .fetch_optional(pool)
            .await?;
    let id = id.ok_or(LegalAidOpsError::RequestUnknown)?;
    let (case, note) = load_case(pool, id).await?;
    let secret = match &case.request.body {
        LegalAidBody::Application(a) => a.applicant.id_number.trim().to_uppercase(),
        LegalAidBody::Consultation(c) => c.phone.trim().to_owned(),
    };
    let given = request.last_four.trim().to_uppercase();
    if given.chars().count() != 4 || !secret.ends_with(&given) {
        // The same answer as an unknown number: a guess learns nothing.
        return Err(LegalAidOpsError::RequestUnknown.into());
    }
    Ok(LegalAidTrackResponse {
        request_id: id,
        tracking_number: case.request.tracking_number.as_str().to_owned(),
        kind: case.request.kind(),
        status: case.status,
        office: case.office,
        note,
        missing_materials: case.missing_materials,
        lawyer: case.lawyer,
        history: case.history,
        waiting_to_send: false,
    })
}
