//! The offices' work that is not done at a desk, read-only in the console (the app's desks
//! are where staff act): a notary office's calendar for the coming weeks and its SMS report,
//! a legal aid office's overdue requests. An admin reads any office; an office's own staff
//! theirs (core's `check_console_office`).

use axum::extract::State;
use borderdesk_core::notary::NotaryOffice;
use borderdesk_core::staff::{self as rules, ConsoleSection, OfficeKind};
use borderdesk_protocol::{
    ConsoleOffices, ErrorBody, LegalAidQueueQuery, OfficeDateQuery, OfficeOverdue, OfficeRef,
    OverdueRequest, PageQuery, SlotAvailability, SmsReport,
};
use chrono::Utc;

use super::session::ConsoleStaff;
use crate::extract::{Json, Paging, Path, Query};
use crate::{AppState, ServerError};

/// Most queue pages read for one overdue list (each as large as a page may be).
const OVERDUE_PAGES: usize = 50;

impl ConsoleStaff {
    fn require_office(&self, kind: OfficeKind, office: &str) -> Result<(), ServerError> {
        self.require(ConsoleSection::Offices)?;
        Ok(rules::check_console_office(
            self.info.role,
            self.info.office_code.as_deref(),
            kind,
            office,
        )?)
    }

    /// Whether this person may read `office`'s page (to list only those).
    fn may_read(&self, kind: OfficeKind, office: &str) -> bool {
        rules::check_console_office(
            self.info.role,
            self.info.office_code.as_deref(),
            kind,
            office,
        )
        .is_ok()
    }
}

/// The offices whose pages this person may read.
#[utoipa::path(get, path = "/console/api/offices", tag = "console",
    security(("console_session" = [])),
    responses((status = 200, body = ConsoleOffices), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody)))]
pub async fn offices(
    State(state): State<AppState>,
    staff: ConsoleStaff,
) -> Result<Json<ConsoleOffices>, ServerError> {
    staff.require(ConsoleSection::Offices)?;
    let notary: Vec<sqlx::types::Json<NotaryOffice>> =
        sqlx::query_scalar("SELECT body FROM notary_offices ORDER BY code")
            .fetch_all(&state.pool)
            .await?;
    let mut conn = state.pool.acquire().await?;
    let legal_aid = crate::legal_aid::load_reference(&mut conn).await?;
    Ok(Json(ConsoleOffices {
        notary: notary
            .into_iter()
            .filter(|o| staff.may_read(OfficeKind::Notary, &o.code))
            .map(|o| OfficeRef {
                code: o.0.code,
                name: o.0.name,
            })
            .collect(),
        legal_aid: legal_aid
            .offices
            .into_iter()
            .filter(|o| staff.may_read(OfficeKind::LegalAid, &o.code))
            .map(|o| OfficeRef {
                code: o.code,
                name: o.name,
            })
            .collect(),
    }))
}

/// A notary office's calendar from now to its booking horizon: every slot with its seats.
#[utoipa::path(get, path = "/console/api/offices/notary/{code}/calendar", tag = "console",
    params(("code" = String, Path)),
    security(("console_session" = [])),
    responses((status = 200, body = SlotAvailability), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody, description = "error-permission-denied, error-staff-wrong-office"),
              (status = 404, body = ErrorBody, description = "error-notary-office-unknown")))]
pub async fn notary_calendar(
    State(state): State<AppState>,
    staff: ConsoleStaff,
    Path(code): Path<String>,
) -> Result<Json<SlotAvailability>, ServerError> {
    staff.require_office(OfficeKind::Notary, &code)?;
    Ok(Json(
        crate::notary_api::office_availability(&state.pool, &code, Utc::now()).await?,
    ))
}

/// What was sent about a notary office's bookings of one day, one page.
#[utoipa::path(get, path = "/console/api/offices/notary/{code}/sms", tag = "console",
    params(("code" = String, Path), OfficeDateQuery, PageQuery),
    security(("console_session" = [])),
    responses((status = 200, body = SmsReport), (status = 400, body = ErrorBody),
              (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody)))]
pub async fn notary_sms(
    State(state): State<AppState>,
    staff: ConsoleStaff,
    paging: Paging,
    Path(code): Path<String>,
    Query(q): Query<OfficeDateQuery>,
) -> Result<Json<SmsReport>, ServerError> {
    staff.require_office(OfficeKind::Notary, &code)?;
    crate::notary_api::office_or_404(&state.pool, &code).await?;
    Ok(Json(
        crate::sms::report(&state.pool, &code, q.date, &paging).await?,
    ))
}

/// A legal aid office's open requests past their time limit or the same-day target.
#[utoipa::path(get, path = "/console/api/offices/legal-aid/{code}/overdue", tag = "console",
    params(("code" = String, Path)),
    security(("console_session" = [])),
    responses((status = 200, body = OfficeOverdue), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody, description = "error-legal-aid-office-unknown")))]
pub async fn legal_aid_overdue(
    State(state): State<AppState>,
    staff: ConsoleStaff,
    Path(code): Path<String>,
) -> Result<Json<OfficeOverdue>, ServerError> {
    staff.require_office(OfficeKind::LegalAid, &code)?;
    let now = Utc::now();
    let query = LegalAidQueueQuery {
        office_code: code.clone(),
        include_closed: Some(false),
        as_of: Some(now),
    };
    let page_max = crate::limits::limits().page_max;
    let mut items = Vec::new();
    let mut after = None;
    for _ in 0..OVERDUE_PAGES {
        let paging = Paging::new(page_max, after.take());
        let page = crate::legal_aid::office_queue(&state.pool, &query, &paging, now).await?;
        items.extend(
            page.items
                .into_iter()
                .filter(|i| i.overdue || i.misses_target)
                .map(|i| OverdueRequest {
                    tracking_number: i.tracking_number,
                    kind: i.kind,
                    status: i.status,
                    urgent: i.urgent,
                    received_at: i.received_at,
                    due: i.clock.map(|c| c.due),
                    overdue: i.overdue,
                    misses_target: i.misses_target,
                }),
        );
        match page.next {
            Some(next) => after = Some(next),
            None => break,
        }
    }
    Ok(Json(OfficeOverdue {
        office_code: code,
        as_of: now,
        items,
    }))
}
