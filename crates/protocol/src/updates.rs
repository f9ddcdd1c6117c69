//! App updates from the county's own server, staged: what a device asks, what it is told
//! (the shape Tauri's updater reads from a dynamic update server), and how an admin moves a
//! release's rollout.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

/// `GET /v1/sync/update`: the device's own version and build target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, IntoParams, ToSchema)]
pub struct UpdateQuery {
    /// `MAJOR.MINOR.PATCH`, as the running app reports itself.
    pub current_version: String,
    /// Tauri's `{target}-{arch}`, e.g. `linux-x86_64`.
    pub target: String,
    /// The device's update channel (`stable` when absent).
    #[serde(default)]
    pub channel: Option<String>,
}

/// An update the device may install now: Tauri's updater checks `signature` (minisign, made
/// with the county's key by `tauri signer sign`) against the public key built into the app
/// before it installs anything from `url`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct UpdateManifest {
    pub version: String,
    pub notes: String,
    pub pub_date: DateTime<Utc>,
    pub url: String,
    pub signature: String,
}

/// `POST /v1/admin/releases/{channel}/{target}/{version}/rollout`: how far it goes now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct RolloutRequest {
    /// Devices that get it first, whatever the share.
    #[serde(default)]
    pub devices: Vec<Uuid>,
    /// Share of the other devices, 0 to 100.
    pub percent: u8,
    #[serde(default)]
    pub paused: bool,
}

/// A published release and its rollout (admin).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ReleaseSummary {
    pub channel: String,
    pub target: String,
    pub version: String,
    pub notes: String,
    /// Lowercase hex SHA-256 of the artifact.
    pub sha256: String,
    pub size_bytes: i64,
    pub published_at: DateTime<Utc>,
    pub devices: Vec<Uuid>,
    pub percent: u8,
    pub paused: bool,
}
