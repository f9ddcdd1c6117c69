//! 好差评 at the device: a citizen rates the transaction just finished here, once; the rating
//! goes to the server through the outbox like everything else. A desk records the follow-up of
//! a poor one on the server (the site's queue lists them).

use std::sync::{Arc, OnceLock};

use borderdesk_core::rating::{
    check_reasons, RatedService, RatingLevel, RatingReason, RatingReasons, BUNDLED_REASONS,
};
use borderdesk_core::CoreError;
use borderdesk_protocol::desk::{RatingFollowUp, RatingFollowUpRequest};
use borderdesk_protocol::{MutationBody, RatingUpload};
use chrono::Utc;
use uuid::Uuid;

use crate::error::{LocalError, Result};
use crate::staff::StaffSession;
use crate::store::{enqueue, Store};
use crate::sync::{answer, SyncClient};

/// Environment variable: seconds the rating stays offered on a finished transaction's screen
/// before it steps aside unasked (nobody is made to rate).
pub const RATING_SECONDS_ENV: &str = "BORDERDESK_RATING_SECONDS";
/// The shortest offer the setting accepts.
pub const MIN_RATING_SECONDS: u64 = 10;
const DEFAULT_RATING_SECONDS: u32 = 90;

/// How long the rating is offered (`rating_seconds`).
pub fn rating_seconds() -> u32 {
    crate::device_config::count_from_env(RATING_SECONDS_ENV, MIN_RATING_SECONDS as u32..=u32::MAX)
        .unwrap_or(DEFAULT_RATING_SECONDS)
}

impl crate::reference::ReferenceKind for RatingReasons {
    const TABLE: &'static str = "rating_reasons";
    const BUNDLED: &'static str = BUNDLED_REASONS;
    const NAME: &'static str = "rating reasons";

    /// What the server's import checks (codes once, labels there and plain).
    fn usable(&self) -> bool {
        self.check().is_ok()
    }

    fn bundled_cell() -> &'static OnceLock<std::result::Result<Arc<Self>, String>> {
        static BUNDLED: OnceLock<std::result::Result<Arc<RatingReasons>, String>> = OnceLock::new();
        &BUNDLED
    }
}

impl Store {
    /// The reasons offered with a poor rating: the county's list from the feed, else the
    /// bundled one.
    pub fn rating_reasons(&self) -> Vec<RatingReason> {
        self.rating_reasons
            .current()
            .map(|r| r.0.clone())
            .unwrap_or_else(|_| RatingReasons::bundled().0)
    }

    /// Keeps the citizen's rating of a transaction made at this device and queues it for the
    /// server. Refused for a transaction this device did not make, for a second rating of the
    /// same one (`error-rating-already-given`) and for reasons not offered.
    pub async fn rate(
        &self,
        service: RatedService,
        tracking_number: &str,
        level: RatingLevel,
        reasons: &[String],
    ) -> Result<()> {
        let number = borderdesk_core::TrackingNumber::parse(tracking_number)?;
        let reasons = check_reasons(level, reasons, &self.rating_reasons())?;
        let exists_sql = match service {
            RatedService::Application => {
                "SELECT EXISTS (SELECT 1 FROM applications WHERE tracking_number = ?)"
            }
            RatedService::Booking => {
                "SELECT EXISTS (SELECT 1 FROM bookings WHERE tracking_number = ?)"
            }
            RatedService::LegalAid => {
                "SELECT EXISTS (SELECT 1 FROM legal_aid_requests WHERE tracking_number = ? AND kind = 'application')"
            }
            RatedService::Consultation => {
                "SELECT EXISTS (SELECT 1 FROM legal_aid_requests WHERE tracking_number = ? AND kind = 'consultation')"
            }
        };
        let mut tx = self.begin_write().await?;
        let exists: bool = sqlx::query_scalar(exists_sql)
            .bind(number.as_str())
            .fetch_one(&mut *tx)
            .await?;
        if !exists {
            return Err(LocalError::ApplicationNotFound);
        }
        let id = Uuid::now_v7();
        let rated_at = Utc::now();
        let inserted = sqlx::query(
            "INSERT INTO ratings (id, service, tracking_number, level, reasons, rated_at)
             VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (service, tracking_number) DO NOTHING",
        )
        .bind(id.to_string())
        .bind(service.as_str())
        .bind(number.as_str())
        .bind(level.as_str())
        .bind(serde_json::to_string(&reasons)?)
        .bind(rated_at.to_rfc3339())
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if inserted == 0 {
            return Err(LocalError::Rule(CoreError::RatingAlreadyGiven));
        }
        let rating = RatingUpload {
            id,
            service,
            tracking_number: number.as_str().to_string(),
            level,
            reasons,
            rated_at,
        };
        enqueue(
            &mut tx,
            &self.key,
            &format!("rating:{id}"),
            MutationBody::SubmitRating { rating },
        )
        .await?;
        tx.commit().await?;
        self.outbox_changed().notify_one();
        Ok(())
    }

    /// Whether a transaction made here has been rated already (the screen does not ask twice).
    pub async fn is_rated(&self, service: RatedService, tracking_number: &str) -> Result<bool> {
        Ok(sqlx::query_scalar(
            "SELECT EXISTS (SELECT 1 FROM ratings WHERE service = ? AND tracking_number = ?)",
        )
        .bind(service.as_str())
        .bind(tracking_number.replace(' ', ""))
        .fetch_one(self.pool())
        .await?)
    }
}

impl SyncClient {
    /// Records on the server how the site followed up a poor rating (online only).
    pub async fn desk_rating_follow_up(
        &self,
        session: &StaffSession,
        id: Uuid,
        outcome: &str,
    ) -> Result<RatingFollowUp> {
        let path = format!("/v1/desk/ratings/{id}/follow-up");
        let req = self
            .as_staff(session, reqwest::Method::POST, &path)
            .await?
            .json(&RatingFollowUpRequest {
                outcome: outcome.to_string(),
            });
        answer(req).await
    }
}
