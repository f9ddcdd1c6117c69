//! Wire types of the clerk desk (issue 5): the site's one queue (applications, bookings, legal
//! aid, consultations, calls for help) and an application opened at the desk, whose materials
//! the clerk checks (核验材料) before accepting it (受理). The rule itself is
//! `borderdesk_core::materials`.

use std::collections::BTreeMap;

use borderdesk_core::materials::MaterialCheckEntry;
use borderdesk_core::{ApplicationStatus, AssistedBy};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use utoipa::ToSchema;
use uuid::Uuid;

/// What a row of the desk's queue is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum DeskQueueKind {
    Application,
    Booking,
    LegalAid,
    Consultation,
    /// 呼叫工作人员 from a kiosk of the site, not yet taken.
    StaffCall,
    /// A poor rating (不满意 or worse) to follow up: `code` is the level, `tracking_number`
    /// the rated transaction's, `status` `open` or `followed_up`, `due` the deadline.
    PoorRating,
}

/// One row of the site's queue. No personal data: the desk opens a row to see more.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema, TS)]
#[ts(export)]
pub struct DeskQueueEntry {
    pub kind: DeskQueueKind,
    pub id: Uuid,
    /// Absent for a call for help.
    #[ts(optional)]
    pub tracking_number: Option<String>,
    /// The item's, the notarization matter's or the legal aid matter's code.
    #[ts(optional)]
    pub code: Option<String>,
    /// `submitted`, `accepted` … (`open` for a call for help).
    pub status: String,
    pub at: DateTime<Utc>,
    /// The device it came from ("罗阳镇便民服务中心 自助机1").
    pub device_name: String,
    /// Filled in by a member of staff for the citizen (代办).
    pub assisted: bool,
    /// Legal aid marked urgent (Art. 44).
    pub urgent: bool,
    /// When it must be dealt with (a poor rating's follow-up).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub due: Option<DateTime<Utc>>,
}

/// How the site followed up a poor rating, in staff's words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema, TS)]
#[ts(export)]
pub struct RatingFollowUpRequest {
    pub outcome: String,
}

/// A follow-up as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema, TS)]
#[ts(export)]
pub struct RatingFollowUp {
    pub id: Uuid,
    pub followed_up_at: DateTime<Utc>,
    pub outcome: String,
}

/// The site's queue as the server has it, one page: calls for help first of all (oldest
/// first), then everything else newest first (urgent legal aid before the rest of its moment).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema, TS)]
#[ts(export)]
pub struct DeskQueue {
    pub entries: Vec<DeskQueueEntry>,
    /// More rows follow: send this back as `after`.
    pub next: Option<String>,
}

/// A file attached to one of the application's materials, as the desk sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema, TS)]
#[ts(export)]
pub struct DeskAttachment {
    pub id: Uuid,
    pub material_index: u32,
    /// `jpeg`, `png` or `pdf`.
    pub kind: String,
    #[ts(type = "number")]
    pub size: i64,
    /// The whole file has reached the server.
    pub complete: bool,
}

/// An application of the site opened at the desk (the answers are personal data: opening one
/// is written to the audit log).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema, TS)]
#[ts(export)]
pub struct DeskApplication {
    pub id: Uuid,
    pub tracking_number: String,
    pub item_code: String,
    #[schema(value_type = String)]
    pub status: ApplicationStatus,
    pub submitted_at: DateTime<Utc>,
    pub device_name: String,
    #[ts(optional)]
    #[schema(value_type = Option<Object>)]
    pub assisted_by: Option<AssistedBy>,
    pub answers: BTreeMap<String, String>,
    /// The latest check of each material the clerk has checked.
    #[schema(value_type = Vec<Object>)]
    pub material_checks: Vec<MaterialCheckEntry>,
    pub attachments: Vec<DeskAttachment>,
    /// Required materials not yet in order (indices in the item's list): empty when the
    /// application can be accepted.
    pub outstanding: Vec<u32>,
}

/// The clerk's checks of some materials (the others keep their earlier check).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema, TS)]
#[ts(export)]
pub struct MaterialChecksRequest {
    #[schema(value_type = Vec<Object>)]
    pub checks: Vec<MaterialCheckEntry>,
}
