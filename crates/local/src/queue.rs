//! The clerk desk's queue: the whole site's work from the server (applications, bookings,
//! legal aid, consultations and calls for help of every device of the site) when it answers,
//! else what this device holds itself, with whether each still waits for the server or was
//! refused by it. No personal data in the list; an application opened at the desk comes from
//! the server (see [`SyncClient::desk_application`]).

use borderdesk_core::materials::MaterialCheckEntry;
use borderdesk_core::{LocalizedText, TrackingNumber};
use borderdesk_protocol::{DeskApplication, DeskQueue, DeskQueueKind, MaterialChecksRequest};
use chrono::{DateTime, Utc};
use serde::Serialize;
use ts_rs::TS;
use uuid::Uuid;

use crate::error::{LocalError, Result};
use crate::staff::StaffSession;
use crate::store::Store;
use crate::sync::{all_pages, answer, server_error, unreachable, SyncClient};

/// Pages of the site's queue a desk reads (calls for help come first, then the newest rows).
const DESK_QUEUE_PAGES: usize = 4;

/// One row of the clerk desk's queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct QueueEntry {
    pub kind: DeskQueueKind,
    pub id: Uuid,
    /// Absent for a call for help.
    #[ts(optional)]
    pub tracking_number: Option<TrackingNumber>,
    #[ts(optional)]
    pub tracking_number_grouped: Option<String>,
    /// The item's or the notarization matter's code (the UI names it from the catalog).
    #[ts(optional)]
    pub code: Option<String>,
    /// `submitted`, `accepted` ... for applications; `pending`, `confirmed` ... for bookings;
    /// `open` for a call for help.
    pub status: String,
    pub at: DateTime<Utc>,
    /// Saved on this device and not yet received by the server.
    pub waiting_to_send: bool,
    /// The server refused it for good: the code says why (staff follow it up).
    #[ts(optional)]
    pub refused_code: Option<String>,
    /// Item or matter name, when this device knows it.
    #[ts(optional)]
    pub title: Option<LocalizedText>,
    /// The device it came from (server queue only).
    #[ts(optional)]
    pub device_name: Option<String>,
    /// Filled in by a member of staff for the citizen (代办).
    pub assisted: bool,
    /// Legal aid marked urgent.
    pub urgent: bool,
    /// When it must be dealt with (a poor rating's follow-up).
    #[ts(optional)]
    pub due: Option<DateTime<Utc>>,
}

/// The queue the desk shows, and where it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct SiteQueue {
    /// `true`: the whole site, from the server. `false`: only this device's own work (offline,
    /// an offline login, or a device without a server).
    pub from_server: bool,
    pub entries: Vec<QueueEntry>,
}

type Row = (
    String,
    String,
    String,
    String,
    String,
    String,
    bool,
    Option<String>,
    bool,
);

/// The records (applications, bookings, legal aid requests) with something not yet with the
/// server: a change in the outbox or a file. The status line, the close dialog and the desk's
/// table all count this one set, so they agree.
const WAITING_RECORDS: &str = "
    SELECT record_id FROM outbox WHERE state = 'pending'
    UNION SELECT application_id FROM attachments
        WHERE state = 'attached' AND application_id IS NOT NULL
    UNION SELECT legal_aid_request_id FROM attachments
        WHERE state = 'attached' AND legal_aid_request_id IS NOT NULL";

impl Store {
    /// How many applications, bookings and legal aid requests are not yet all with the server
    /// (see [`WAITING_RECORDS`]).
    pub async fn records_waiting(&self) -> Result<u32> {
        let n: i64 = sqlx::query_scalar(&format!(
            "WITH waiting AS ({WAITING_RECORDS})
             SELECT (SELECT count(*) FROM applications WHERE id IN waiting)
                  + (SELECT count(*) FROM bookings WHERE id IN waiting)
                  + (SELECT count(*) FROM legal_aid_requests WHERE id IN waiting)"
        ))
        .fetch_one(self.pool())
        .await?;
        Ok(n.clamp(0, i64::from(u32::MAX)) as u32)
    }

    /// The newest `limit` applications, bookings, legal aid requests and consultations made on
    /// this device.
    pub async fn device_queue(&self, limit: u32) -> Result<Vec<QueueEntry>> {
        let rows: Vec<Row> = sqlx::query_as(&format!(
            "WITH waiting AS ({WAITING_RECORDS})
             SELECT * FROM (
                 SELECT 'application', a.id, a.tracking_number, a.item_code, a.status, a.submitted_at,
                        a.id IN waiting,
                        (SELECT error_code FROM outbox o WHERE o.record_id = a.id AND state = 'rejected' LIMIT 1),
                        a.assisted_by IS NOT NULL
                 FROM applications a
                 UNION ALL
                 SELECT 'booking', b.id, b.tracking_number, b.matter_code, b.status, b.made_at,
                        b.id IN waiting,
                        (SELECT error_code FROM outbox o WHERE o.record_id = b.id AND state = 'rejected' LIMIT 1),
                        0
                 FROM bookings b
                 UNION ALL
                 SELECT CASE r.kind WHEN 'application' THEN 'legal_aid' ELSE 'consultation' END,
                        r.id, r.tracking_number, NULL, r.status, r.made_at,
                        r.id IN waiting,
                        (SELECT error_code FROM outbox o WHERE o.record_id = r.id AND state = 'rejected' LIMIT 1),
                        0
                 FROM legal_aid_requests r
             ) ORDER BY 6 DESC LIMIT ?"
        ))
        .bind(limit as i64)
        .fetch_all(self.pool())
        .await?;
        rows.into_iter()
            .map(
                |(kind, id, number, code, status, at, waiting, refused, assisted)| {
                    let kind = match kind.as_str() {
                        "booking" => DeskQueueKind::Booking,
                        "legal_aid" => DeskQueueKind::LegalAid,
                        "consultation" => DeskQueueKind::Consultation,
                        _ => DeskQueueKind::Application,
                    };
                    let tracking_number = TrackingNumber::parse(&number)?;
                    let code = (!code.is_empty()).then_some(code);
                    Ok(QueueEntry {
                        title: self.title_of(kind, code.as_deref()),
                        kind,
                        id: Uuid::parse_str(&id).map_err(|_| LocalError::ApplicationNotFound)?,
                        tracking_number_grouped: Some(tracking_number.grouped()),
                        tracking_number: Some(tracking_number),
                        code,
                        status,
                        at: DateTime::parse_from_rfc3339(&at)
                            .map_err(|_| LocalError::Rule(borderdesk_core::CoreError::DateFormat))?
                            .with_timezone(&Utc),
                        waiting_to_send: waiting,
                        refused_code: refused,
                        device_name: None,
                        assisted,
                        urgent: false,
                        due: None,
                    })
                },
            )
            .collect()
    }

    /// The item's or the matter's name, when this device knows it.
    fn title_of(&self, kind: DeskQueueKind, code: Option<&str>) -> Option<LocalizedText> {
        let code = code?;
        match kind {
            DeskQueueKind::Application => self.catalog_item(code).ok().map(|i| i.name),
            DeskQueueKind::Booking => self
                .notary_matters()
                .ok()
                .and_then(|ms| ms.into_iter().find(|m| m.code == code))
                .map(|m| m.name),
            _ => None,
        }
    }

    /// The server's queue of the site, named from this device's reference data.
    pub fn site_queue_from(&self, queue: DeskQueue) -> SiteQueue {
        let entries = queue
            .entries
            .into_iter()
            .map(|e| {
                let tracking_number = e
                    .tracking_number
                    .as_deref()
                    .and_then(|n| TrackingNumber::parse(n).ok());
                QueueEntry {
                    title: self.title_of(e.kind, e.code.as_deref()),
                    kind: e.kind,
                    id: e.id,
                    tracking_number_grouped: tracking_number.as_ref().map(|n| n.grouped()),
                    tracking_number,
                    code: e.code,
                    status: e.status,
                    at: e.at,
                    waiting_to_send: false,
                    refused_code: None,
                    device_name: Some(e.device_name),
                    assisted: e.assisted,
                    urgent: e.urgent,
                    due: e.due,
                }
            })
            .collect();
        SiteQueue {
            from_server: true,
            entries,
        }
    }
}

impl SyncClient {
    /// The site's queue from the server; this device's own work when the server cannot be
    /// asked (no server, an offline login) or does not answer.
    pub async fn desk_queue(&self, session: &StaffSession) -> Result<SiteQueue> {
        match self.server_queue(session).await {
            Ok(queue) => Ok(self.store().site_queue_from(queue)),
            Err(e)
                if e.is_transient()
                    || matches!(e, LocalError::StaffOnlineRequired | LocalError::NotEnrolled) =>
            {
                Ok(SiteQueue {
                    from_server: false,
                    entries: self.store().device_queue(200).await?,
                })
            }
            Err(e) => Err(e),
        }
    }

    async fn server_queue(&self, session: &StaffSession) -> Result<DeskQueue> {
        let req = self
            .as_staff(session, reqwest::Method::GET, "/v1/desk/queue")
            .await?
            .timeout(std::time::Duration::from_secs(5));
        // The desk shows the newest rows: four pages, as many as it showed before pages.
        all_pages(req, DESK_QUEUE_PAGES).await
    }

    /// An application of the site opened at the desk, with its answers and materials (online).
    pub async fn desk_application(
        &self,
        session: &StaffSession,
        tracking_number: &str,
    ) -> Result<DeskApplication> {
        let path = format!("/v1/desk/applications/{}", path_number(tracking_number)?);
        answer(self.as_staff(session, reqwest::Method::GET, &path).await?).await
    }

    /// Records the clerk's check of some materials; the application as it now stands.
    pub async fn desk_check_materials(
        &self,
        session: &StaffSession,
        tracking_number: &str,
        checks: Vec<MaterialCheckEntry>,
    ) -> Result<DeskApplication> {
        let path = format!(
            "/v1/desk/applications/{}/materials",
            path_number(tracking_number)?
        );
        let req = self
            .as_staff(session, reqwest::Method::POST, &path)
            .await?
            .json(&MaterialChecksRequest { checks });
        answer(req).await
    }

    /// Accepts (受理) an application whose required materials are all in order.
    pub async fn desk_accept(&self, session: &StaffSession, tracking_number: &str) -> Result<()> {
        let path = format!(
            "/v1/desk/applications/{}/accept",
            path_number(tracking_number)?
        );
        let resp = self
            .as_staff(session, reqwest::Method::POST, &path)
            .await?
            .send()
            .await
            .map_err(unreachable)?;
        if !resp.status().is_success() {
            return Err(server_error(resp).await);
        }
        Ok(())
    }
}

/// A typed tracking number, checked before it goes into a URL.
fn path_number(tracking_number: &str) -> Result<String> {
    Ok(TrackingNumber::parse(&tracking_number.replace(' ', ""))?
        .as_str()
        .to_string())
}
