//! App updates from the county's server (issue 13): releases published with
//! `borderdesk-server publish-release`, staged rollout moved by an admin, and what a device
//! asks at each sync (`GET /v1/sync/update`, the JSON Tauri's updater reads) and downloads
//! (`GET /v1/sync/update/{channel}/{target}/{version}`). Who gets a release now is decided in
//! `core::rollout`; this module stores, checks and serves.

use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use borderdesk_core::rollout::{self, AppVersion, Rollout};
use borderdesk_protocol::{
    ErrorBody, KeyPart, Page, PageError, PageQuery, ReleaseSummary, RolloutRequest, UpdateManifest,
    UpdateQuery,
};
use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::extract::{Admin, Device, Json, Paging, Path, Query};
use crate::{AppState, ServerError};

/// The channel of a device that names none.
pub const DEFAULT_CHANNEL: &str = "stable";
/// Which list a cursor of releases belongs to.
const RELEASES: &str = "releases";

/// The device routes and the admin routes. The device routes sit outside the protocol and
/// app-version gates on purpose: an app too old for everything else must still be able to
/// ask for its update and fetch it.
pub fn routes(_state: &AppState) -> Router<AppState> {
    let sync = Router::new().route("/v1/sync/update", get(check)).route(
        "/v1/sync/update/{channel}/{target}/{version}",
        get(artifact),
    );
    Router::new()
        .route("/v1/admin/releases", get(releases))
        .route(
            "/v1/admin/releases/{channel}/{target}/{version}/rollout",
            post(set_rollout),
        )
        .merge(sync)
}

/// A release as `publish-release` hands it over.
#[derive(Debug, Clone)]
pub struct NewRelease {
    pub channel: String,
    pub target: String,
    pub version: String,
    pub notes: String,
    /// The minisign signature file's text (`tauri signer sign` writes `<artifact>.sig`).
    pub signature: String,
    pub artifact: Vec<u8>,
}

/// A channel or target name: 1 to 32 of `a-z 0-9 - _`.
fn name_ok(name: &str) -> bool {
    (1..=32).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

fn version_of(text: &str) -> Result<AppVersion, ServerError> {
    AppVersion::parse(text)
        .ok_or_else(|| ServerError::BadRequest("a version is MAJOR.MINOR.PATCH, e.g. 0.2.0".into()))
}

/// Largest artifact `publish` takes (`release_max_bytes`, default 512 MiB).
fn max_artifact_bytes() -> u64 {
    crate::settings::current().count(&crate::settings::RELEASE_MAX_BYTES)
}

/// Publishes a release, rolled out to nobody yet (an admin then names pilot devices or a
/// share). A release once published is never replaced: a fix is a new version.
pub async fn publish(
    pool: &sqlx::PgPool,
    release: &NewRelease,
) -> Result<ReleaseSummary, ServerError> {
    let bad = |why: &str| Err(ServerError::BadRequest(why.into()));
    if !name_ok(&release.channel) || !name_ok(&release.target) {
        return bad("channel and target are 1 to 32 of a-z, 0-9, - and _");
    }
    let version = version_of(&release.version)?;
    let signature = release.signature.trim();
    if signature.is_empty()
        || signature.len() > 4096
        || !signature
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"+/=".contains(&b))
    {
        return bad("the signature is the base64 text of the .sig file tauri signer wrote");
    }
    if release.notes.chars().count() > 4000
        || borderdesk_core::validate::plain_text(&release.notes, true).is_err()
    {
        return bad("release notes are plain text of at most 4000 characters");
    }
    if release.artifact.is_empty() || release.artifact.len() as u64 > max_artifact_bytes() {
        return Err(ServerError::PayloadTooLarge);
    }
    let sha256 = hex::encode(Sha256::digest(&release.artifact));
    let inserted = sqlx::query(
        "INSERT INTO releases (channel, target, version, version_parts, notes, signature, sha256,
                               size_bytes, artifact)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING",
    )
    .bind(&release.channel)
    .bind(&release.target)
    .bind(version.to_string())
    .bind(vec![
        version.major as i32,
        version.minor as i32,
        version.patch as i32,
    ])
    .bind(&release.notes)
    .bind(signature)
    .bind(&sha256)
    .bind(release.artifact.len() as i64)
    .bind(&release.artifact)
    .execute(pool)
    .await?;
    if inserted.rows_affected() == 0 {
        return bad("this version is published already on this channel and target");
    }
    tracing::info!(channel = %release.channel, target = %release.target, %version, %sha256,
        "release published");
    summary(
        pool,
        &release.channel,
        &release.target,
        &version.to_string(),
    )
    .await
}

/// A release as the admin sees it (without its artifact).
#[derive(sqlx::FromRow)]
struct ReleaseRow {
    id: i64,
    channel: String,
    target: String,
    version: String,
    notes: String,
    sha256: String,
    size_bytes: i64,
    published_at: DateTime<Utc>,
    rollout_devices: Vec<Uuid>,
    rollout_percent: i16,
    paused: bool,
}

const SUMMARY_COLUMNS: &str = "id, channel, target, version, notes, sha256, size_bytes,
    published_at, rollout_devices, rollout_percent, paused";

impl From<ReleaseRow> for ReleaseSummary {
    fn from(row: ReleaseRow) -> Self {
        ReleaseSummary {
            channel: row.channel,
            target: row.target,
            version: row.version,
            notes: row.notes,
            sha256: row.sha256,
            size_bytes: row.size_bytes,
            published_at: row.published_at,
            devices: row.rollout_devices,
            percent: row.rollout_percent.clamp(0, 100) as u8,
            paused: row.paused,
        }
    }
}

async fn summary(
    pool: &sqlx::PgPool,
    channel: &str,
    target: &str,
    version: &str,
) -> Result<ReleaseSummary, ServerError> {
    let row: Option<ReleaseRow> = sqlx::query_as(&format!(
        "SELECT {SUMMARY_COLUMNS} FROM releases WHERE channel = $1 AND target = $2 AND version = $3"
    ))
    .bind(channel)
    .bind(target)
    .bind(version)
    .fetch_optional(pool)
    .await?;
    row.map(ReleaseSummary::from).ok_or(ServerError::NotFound)
}

/// The update this device may install now, in the form Tauri's updater reads; 204 when there
/// is none (no newer release, or none rolled out to it yet, or paused).
#[utoipa::path(get, path = "/v1/sync/update", tag = "sync", params(UpdateQuery),
    security(("device_token" = [])),
    responses((status = 200, body = UpdateManifest),
              (status = 204, description = "nothing to install now"),
              (status = 400, body = ErrorBody, description = "a version that is not MAJOR.MINOR.PATCH, or a bad channel or target"),
              (status = 401, body = ErrorBody)))]
pub async fn check(
    State(state): State<AppState>,
    device: Device,
    headers: HeaderMap,
    Query(query): Query<UpdateQuery>,
) -> Result<Response, ServerError> {
    let current = version_of(&query.current_version)?;
    let channel = query.channel.as_deref().unwrap_or(DEFAULT_CHANNEL);
    if !name_ok(channel) || !name_ok(&query.target) {
        return Err(ServerError::BadRequest("bad channel or target".into()));
    }
    type Row = (String, String, String, DateTime<Utc>, Vec<Uuid>, i16, bool);
    // Only releases above the device's own are read; a channel keeps a handful.
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT version, notes, signature, published_at, rollout_devices, rollout_percent, paused
           FROM releases
          WHERE channel = $1 AND target = $2 AND version_parts > $3
          ORDER BY version_parts DESC LIMIT 50",
    )
    .bind(channel)
    .bind(&query.target)
    .bind(vec![
        current.major as i32,
        current.minor as i32,
        current.patch as i32,
    ])
    .fetch_all(&state.pool)
    .await?;
    let candidates: Vec<(AppVersion, Rollout, Row)> = rows
        .into_iter()
        .filter_map(|row| {
            let version = AppVersion::parse(&row.0)?;
            let rollout = Rollout {
                devices: row.4.clone(),
                percent: row.5.clamp(0, 100) as u8,
                paused: row.6,
            };
            Some((version, rollout, row))
        })
        .collect();
    let picked = rollout::pick(
        current,
        candidates.iter().map(|(v, r, row)| (*v, r, row)),
        device.id,
    );
    let Some((version, row)) = picked else {
        return Ok(StatusCode::NO_CONTENT.into_response());
    };
    let url = format!(
        "{}/v1/sync/update/{channel}/{}/{version}",
        public_url(&headers),
        query.target
    );
    Ok(Json(UpdateManifest {
        version: version.to_string(),
        notes: row.1.clone(),
        pub_date: row.3,
        url,
        signature: row.2.clone(),
    })
    .into_response())
}

/// Where devices reach this server: `public_url` (the address in front of a reverse proxy),
/// else the Host the device asked.
pub(crate) fn public_url(headers: &HeaderMap) -> String {
    if let Some(url) = crate::settings::current()
        .text(&crate::settings::PUBLIC_URL)
        .map(str::to_string)
        .filter(|u| !u.trim().is_empty())
    {
        return url.trim().trim_end_matches('/').to_string();
    }
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| h.bytes().all(|b| b.is_ascii_graphic()))
        .unwrap_or("localhost");
    let scheme = match headers
        .get("x-forwarded-proto")
        .and_then(|h| h.to_str().ok())
    {
        Some("https") => "https",
        _ => "http",
    };
    format!("{scheme}://{host}")
}

/// A release's artifact, for a device it is rolled out to (others: 404, as for none).
#[utoipa::path(get, path = "/v1/sync/update/{channel}/{target}/{version}", tag = "sync",
    params(("channel" = String, Path), ("target" = String, Path), ("version" = String, Path)),
    security(("device_token" = [])),
    responses((status = 200, description = "the artifact", content_type = "application/octet-stream"),
              (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
              (status = 404, body = ErrorBody, description = "no such release for this device"),
              (status = 429, body = ErrorBody, description = "too many packages being served now: `Retry-After`")))]
pub async fn artifact(
    State(state): State<AppState>,
    device: Device,
    Path((channel, target, version)): Path<(String, String, String)>,
) -> Result<Response, ServerError> {
    let parsed = version_of(&version)?;
    type Row = (i64, i64, Vec<Uuid>, i16, bool);
    let row: Option<Row> = sqlx::query_as(
        "SELECT id, size_bytes, rollout_devices, rollout_percent, paused FROM releases
          WHERE channel = $1 AND target = $2 AND version = $3",
    )
    .bind(&channel)
    .bind(&target)
    .bind(parsed.to_string())
    .fetch_optional(&state.pool)
    .await?;
    let Some((id, size, devices, percent, paused)) = row else {
        return Err(ServerError::NotFound);
    };
    let rollout = Rollout {
        devices,
        percent: percent.clamp(0, 100) as u8,
        paused,
    };
    if !rollout.includes(device.id, parsed) {
        return Err(ServerError::NotFound);
    }
    // A fleet told of a release at once must not hold every package in memory at once: a few
    // are served at a time, piece by piece; the others come back at their next check.
    let permit = downloads()
        .try_acquire_owned()
        .map_err(|_| ServerError::TooManyRequests { retry_after: 60 })?;
    let pool = state.pool.clone();
    let pieces = futures_util::stream::unfold(
        (0_i64, pool, permit),
        move |(offset, pool, permit)| async move {
            if offset >= size {
                return None;
            }
            let piece: Result<Vec<u8>, sqlx::Error> = sqlx::query_scalar(
                // PostgreSQL's substring counts in int4; a bytea is at most 1 GiB.
                "SELECT substring(artifact FROM $2::int4 FOR $3::int4) FROM releases WHERE id = $1",
            )
            .bind(id)
            .bind(offset + 1)
            .bind(PIECE_BYTES)
            .fetch_one(&pool)
            .await;
            let next = (offset + PIECE_BYTES, pool, permit);
            Some((
                piece
                    .map(axum::body::Bytes::from)
                    .map_err(std::io::Error::other),
                next,
            ))
        },
    );
    Ok((
        [
            (header::CONTENT_TYPE, "application/octet-stream".to_string()),
            (header::CONTENT_LENGTH, size.to_string()),
        ],
        axum::body::Body::from_stream(pieces),
    )
        .into_response())
}

/// One piece of an artifact read from the database at a time.
const PIECE_BYTES: i64 = 1024 * 1024;

fn downloads() -> std::sync::Arc<tokio::sync::Semaphore> {
    static DOWNLOADS: std::sync::OnceLock<std::sync::Arc<tokio::sync::Semaphore>> =
        std::sync::OnceLock::new();
    DOWNLOADS
        .get_or_init(|| {
            let n = crate::settings::count_now(&crate::settings::UPDATE_DOWNLOADS_AT_ONCE);
            std::sync::Arc::new(tokio::sync::Semaphore::new(n.clamp(1, 10_000) as usize))
        })
        .clone()
}

/// Every release, the last published first (admin), one page.
#[utoipa::path(get, path = "/v1/admin/releases", tag = "admin", params(PageQuery),
    security(("admin_token" = [])),
    responses((status = 200, body = Page<ReleaseSummary>),
              (status = 400, body = ErrorBody, description = "`error-page-limit-invalid` or `error-page-cursor-invalid`"),
              (status = 401, body = ErrorBody)))]
pub async fn releases(
    State(state): State<AppState>,
    _admin: Admin,
    paging: Paging,
) -> Result<Json<Page<ReleaseSummary>>, ServerError> {
    let after = match paging.after(RELEASES)?.as_deref() {
        None => None,
        Some([KeyPart::Int(id)]) => Some(*id),
        Some(_) => return Err(PageError::Cursor.into()),
    };
    let rows: Vec<ReleaseRow> = sqlx::query_as(&format!(
        "SELECT {SUMMARY_COLUMNS} FROM releases
          WHERE $1::bigint IS NULL OR id < $1 ORDER BY id DESC LIMIT $2"
    ))
    .bind(after)
    .bind(paging.fetch())
    .fetch_all(&state.pool)
    .await?;
    let (rows, next) = paging.page(RELEASES, rows, |row| vec![KeyPart::Int(row.id)]);
    Ok(Json(Page {
        items: rows.into_iter().map(ReleaseSummary::from).collect(),
        next,
    }))
}

/// Moves a release's rollout (admin): named devices, a share of the rest, or a pause.
#[utoipa::path(post, path = "/v1/admin/releases/{channel}/{target}/{version}/rollout",
    tag = "admin", request_body = RolloutRequest,
    params(("channel" = String, Path), ("target" = String, Path), ("version" = String, Path)),
    security(("admin_token" = [])),
    responses((status = 200, body = ReleaseSummary),
              (status = 400, body = ErrorBody, description = "a share above 100, or too many named devices"),
              (status = 401, body = ErrorBody),
              (status = 404, body = ErrorBody, description = "no such release")))]
pub async fn set_rollout(
    State(state): State<AppState>,
    _admin: Admin,
    Path((channel, target, version)): Path<(String, String, String)>,
    Json(request): Json<RolloutRequest>,
) -> Result<Json<ReleaseSummary>, ServerError> {
    let version = version_of(&version)?.to_string();
    if request.percent > 100 {
        return Err(ServerError::BadRequest("a share is 0 to 100".into()));
    }
    if request.devices.len() > 1000 {
        return Err(ServerError::BadRequest(
            "name at most 1000 devices; use a share for more".into(),
        ));
    }
    let updated = sqlx::query(
        "UPDATE releases SET rollout_devices = $4, rollout_percent = $5, paused = $6
          WHERE channel = $1 AND target = $2 AND version = $3",
    )
    .bind(&channel)
    .bind(&target)
    .bind(&version)
    .bind(&request.devices)
    .bind(i16::from(request.percent))
    .bind(request.paused)
    .execute(&state.pool)
    .await?;
    if updated.rows_affected() == 0 {
        return Err(ServerError::NotFound);
    }
    tracing::info!(%channel, %target, %version, percent = request.percent,
        devices = request.devices.len(), paused = request.paused, "rollout moved");
    Ok(Json(
        summary(&state.pool, &channel, &target, &version).await?,
    ))
}
