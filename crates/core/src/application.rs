//! Applications (申请) for catalog items: what a citizen submits, its states, its receipt.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use crate::{CoreError, LocalizedText, TrackingNumber};

/// What the UI hands over at "submit": the item and the answers as typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ApplicationDraft {
    pub item_code: String,
    pub answers: BTreeMap<String, String>,
    /// Files attached during the interview (see `Store::attach`), saved with the application.
    #[serde(default)]
    pub attachments: Vec<Uuid>,
    /// The saved draft it was resumed from (`ResumedDraft::resumed_from`): submitting uses that
    /// slip's code up.
    #[serde(default)]
    #[ts(optional)]
    pub resumed_from: Option<String>,
}

/// Where an application stands. The order is the usual path; `Refused` can end it early.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ApplicationStatus {
    /// 已提交
    Submitted,
    /// 已受理
    Accepted,
    /// 已转交福建方 (or the other province's office)
    Forwarded,
    /// 办理中
    InProgress,
    /// 已办结
    Completed,
    /// 不予受理
    Refused,
}

impl ApplicationStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Submitted => "submitted",
            Self::Accepted => "accepted",
            Self::Forwarded => "forwarded",
            Self::InProgress => "in_progress",
            Self::Completed => "completed",
            Self::Refused => "refused",
        }
    }

    pub fn parse(s: &str) -> Result<Self, CoreError> {
        Ok(match s {
            "submitted" => Self::Submitted,
            "accepted" => Self::Accepted,
            "forwarded" => Self::Forwarded,
            "in_progress" => Self::InProgress,
            "completed" => Self::Completed,
            "refused" => Self::Refused,
            _ => return Err(CoreError::StatusTransition),
        })
    }

    /// The Fluent id of the status name.
    pub fn label_id(self) -> &'static str {
        match self {
            Self::Submitted => "status-submitted",
            Self::Accepted => "status-accepted",
            Self::Forwarded => "status-forwarded",
            Self::InProgress => "status-in-progress",
            Self::Completed => "status-completed",
            Self::Refused => "status-refused",
        }
    }

    pub fn is_final(self) -> bool {
        matches!(self, Self::Completed | Self::Refused)
    }

    /// The handling office's allowed moves.
    pub fn can_become(self, next: Self) -> bool {
        use ApplicationStatus::*;
        matches!(
            (self, next),
            (Submitted, Accepted | Refused)
                | (Accepted, Forwarded | InProgress | Refused)
                | (Forwarded, InProgress | Refused)
                | (InProgress, Completed | Refused)
        )
    }

    pub fn transition(self, next: Self) -> Result<Self, CoreError> {
        if self.can_become(next) {
            Ok(next)
        } else {
            Err(CoreError::StatusTransition)
        }
    }
}

/// A submitted application as the device and the server both keep it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Application {
    pub id: Uuid,
    pub tracking_number: TrackingNumber,
    pub item_code: String,
    pub answers: BTreeMap<String, String>,
    pub status: ApplicationStatus,
    /// Device clock at submission: shown, never used to order anything.
    pub submitted_at: DateTime<Utc>,
    /// Set when a member of staff filled it in on the citizen's behalf (代办).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub assisted_by: Option<AssistedBy>,
}

/// The member of staff who filled an application in for a citizen at a desk (代办): kept with
/// the application and in the server's audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AssistedBy {
    pub staff_id: Uuid,
    pub user_name: String,
}

/// What the confirmation screen and the printed slip show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Receipt {
    pub application_id: Uuid,
    pub tracking_number: TrackingNumber,
    /// `1000 1000 0427`
    pub tracking_number_grouped: String,
    pub item_code: String,
    pub item_name: LocalizedText,
    pub handling_office: LocalizedText,
    pub time_limit_working_days: u32,
    pub submitted_at: DateTime<Utc>,
    pub status: ApplicationStatus,
    /// Saved on this device and not yet received by the server.
    pub waiting_to_send: bool,
    /// The item's materials and how each was handed in; empty when the application was
    /// taken at another device (this one does not know its files).
    #[serde(default)]
    pub materials: Vec<ReceiptMaterial>,
}

/// One material on a receipt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ReceiptMaterial {
    pub name: LocalizedText,
    pub state: crate::attachment::MaterialState,
}

/// One step in an application's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct StatusChange {
    pub status: ApplicationStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub note: Option<String>,
    /// Server time when known.
    pub at: DateTime<Utc>,
}

#[cfg(test)]
mod tests {
    use super::ApplicationStatus::*;
    use super::*;

    #[test]
    fn an_office_can_accept_then_finish_but_not_reopen() {
        assert_eq!(Submitted.transition(Accepted), Ok(Accepted));
        assert_eq!(Accepted.transition(InProgress), Ok(InProgress));
        assert_eq!(InProgress.transition(Completed), Ok(Completed));
        assert_eq!(
            Completed.transition(InProgress),
            Err(CoreError::StatusTransition)
        );
        assert_eq!(
            Refused.transition(Accepted),
            Err(CoreError::StatusTransition)
        );
        assert_eq!(
            Submitted.transition(Completed),
            Err(CoreError::StatusTransition)
        );
        assert_eq!(
            Submitted.transition(Submitted),
            Err(CoreError::StatusTransition)
        );
    }

    #[test]
    fn status_names_round_trip() {
        for s in [
            Submitted, Accepted, Forwarded, InProgress, Completed, Refused,
        ] {
            assert_eq!(ApplicationStatus::parse(s.as_str()), Ok(s));
            let json = serde_json::to_string(&s).unwrap();
            assert_eq!(json, format!("\"{}\"", s.as_str()));
        }
    }
}
