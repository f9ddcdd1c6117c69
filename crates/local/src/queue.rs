//! The clerk desk's view of this device's work: applications and bookings made here, newest
//! first, with whether each still waits for the server or was refused by it. No personal data.

use borderdesk_core::{LocalizedText, TrackingNumber};
use chrono::{DateTime, Utc};
use serde::Serialize;
use ts_rs::TS;

use crate::error::{LocalError, Result};
use crate::store::Store;

/// What a row of the queue is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum QueueKind {
    Application,
    Booking,
}

/// One row of the clerk desk's queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct QueueEntry {
    pub kind: QueueKind,
    pub tracking_number: TrackingNumber,
    pub tracking_number_grouped: String,
    /// The item's or the notarization matter's code (the UI names it from the catalog).
    pub code: String,
    /// `submitted`, `accepted` ... for applications; `pending`, `confirmed` ... for bookings.
    pub status: String,
    pub at: DateTime<Utc>,
    /// Saved here and not yet received by the server.
    pub waiting_to_send: bool,
    /// The server refused it for good: the code says why (staff follow it up).
    #[ts(optional)]
    pub refused_code: Option<String>,
    /// Item or matter name, when this device knows it.
    #[ts(optional)]
    pub title: Option<LocalizedText>,
}

type Row = (
    String,
    String,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
);

impl Store {
    /// The newest `limit` applications and bookings of this device.
    pub async fn site_queue(&self, limit: u32) -> Result<Vec<QueueEntry>> {
        let rows: Vec<Row> = sqlx::query_as(
            "SELECT * FROM (
                 SELECT 'application', a.tracking_number, a.item_code, a.status, a.submitted_at,
                        (SELECT state FROM outbox o WHERE o.record_id = a.id ORDER BY seq DESC LIMIT 1),
                        (SELECT error_code FROM outbox o WHERE o.record_id = a.id AND state = 'rejected' LIMIT 1)
                 FROM applications a
                 UNION ALL
                 SELECT 'booking', b.tracking_number, b.matter_code, b.status, b.made_at,
                        (SELECT state FROM outbox o WHERE o.record_id = b.id ORDER BY seq DESC LIMIT 1),
                        (SELECT error_code FROM outbox o WHERE o.record_id = b.id AND state = 'rejected' LIMIT 1)
                 FROM bookings b
             ) ORDER BY 5 DESC LIMIT ?",
        )
        .bind(limit as i64)
        .fetch_all(self.pool())
        .await?;
        rows.into_iter()
            .map(|(kind, number, code, status, at, outbox, refused)| {
                let tracking_number = TrackingNumber::parse(&number)?;
                let kind = if kind == "booking" {
                    QueueKind::Booking
                } else {
                    QueueKind::Application
                };
                let title = match kind {
                    QueueKind::Application => self.catalog_item(&code).ok().map(|i| i.name),
                    QueueKind::Booking => self
                        .notary_matters()
                        .ok()
                        .and_then(|ms| ms.into_iter().find(|m| m.code == code))
                        .map(|m| m.name),
                };
                Ok(QueueEntry {
                    kind,
                    tracking_number_grouped: tracking_number.grouped(),
                    tracking_number,
                    code,
                    status,
                    at: DateTime::parse_from_rfc3339(&at)
                        .map_err(|_| LocalError::Rule(borderdesk_core::CoreError::DateFormat))?
                        .with_timezone(&Utc),
                    waiting_to_send: outbox.as_deref() == Some("pending"),
                    refused_code: refused,
                    title,
                })
            })
            .collect()
    }
}
