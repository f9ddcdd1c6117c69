//! The stored request and its events: rows as read, and each step recorded on the feed of
//! the site where the request was made.

use super::*;

/// The columns a step needs.
#[derive(Debug, Clone)]
pub(super) struct Row {
    pub(super) id: Uuid,
    pub(super) tracking_number: TrackingNumber,
    pub(super) kind: LegalAidKind,
    pub(super) site_id: String,
    pub(super) office_code: String,
    pub(super) status: LegalAidStatus,
    pub(super) urgent: bool,
    pub(super) received_at: DateTime<Utc>,
    pub(super) materials_requested: bool,
}

pub(super) type RowTuple = (
    Uuid,
    String,
    String,
    String,
    String,
    String,
    bool,
    DateTime<Utc>,
    Option<DateTime<Utc>>,
);

pub(super) const ROW_COLUMNS: &str =
    "id, tracking_number, kind, site_id, office_code, status, urgent,
    received_at, materials_requested_at";

pub(super) fn read_row(t: RowTuple) -> Result<Row, ServerError> {
    let (id, tn, kind, site_id, office_code, status, urgent, received_at, materials) = t;
    Ok(Row {
        id,
        tracking_number: TrackingNumber::parse(&tn).map_err(internal)?,
        kind: LegalAidKind::parse(&kind).ok_or_else(|| internal(format!("kind {kind:?}")))?,
        site_id,
        office_code,
        status: parse_status(&status)?,
        urgent,
        received_at,
        materials_requested: materials.is_some(),
    })
}

pub(super) fn parse_status(s: &str) -> Result<LegalAidStatus, ServerError> {
    LegalAidStatus::parse(s).ok_or_else(|| internal(format!("legal aid status {s:?}")))
}

/// What the citizen's kiosk is told.
pub(super) struct Feed {
    pub(super) status: LegalAidStatus,
    pub(super) note: Option<String>,
    pub(super) routing_notes: Vec<String>,
    pub(super) missing_materials: Vec<String>,
    pub(super) lawyer: Option<LawyerContact>,
}

/// Writes the event (history and figures) and the change for the devices of the site where
/// the request was made, in the caller's transaction.
pub(super) async fn record(
    tx: &mut PgConnection,
    row: &Row,
    office: &LegalAidOffice,
    staff: Option<Uuid>,
    feed: Feed,
    now: DateTime<Utc>,
) -> Result<(), ServerError> {
    sqlx::query(
        "INSERT INTO legal_aid_events (request_id, office_code, kind, status, staff_id, note,
             since, at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(row.id)
    .bind(&office.code)
    .bind(row.kind.as_str())
    .bind(feed.status.as_str())
    .bind(staff)
    .bind(&feed.note)
    .bind(row.received_at)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    let change = Change::LegalAidStatus {
        request_id: row.id,
        tracking_number: row.tracking_number.clone(),
        kind: row.kind,
        status: feed.status,
        note: feed.note,
        office: Box::new(office.clone()),
        routing_notes: feed.routing_notes,
        missing_materials: feed.missing_materials,
        lawyer: feed.lawyer,
        urgent: row.urgent,
        at: now,
    };
    sqlx::query("INSERT INTO changes (site_id, body) VALUES ($1, $2)")
        .bind(&row.site_id)
        .bind(serde_json::to_value(&change).map_err(internal)?)
        .execute(&mut *tx)
        .await?;
    // The applicant (and the family member they named) hear of each decision by SMS.
    if row.kind == LegalAidKind::Application {
        crate::sms::plan_legal_aid_status(&mut *tx, row.id, feed.status, now).await?;
    }
    Ok(())
}
