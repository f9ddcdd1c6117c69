//! Reference data in the console: a catalog file is checked (every bad row shown, and what
//! it would add and change) before it is imported; each import is a version that keeps the
//! catalog it left, so a version's differences can be read and the catalog taken back to it.
//! Everything reaches devices through the feed.

use std::path::Path as FsPath;

use axum::body::Bytes;
use axum::extract::State;
use borderdesk_core::catalog::{diff, upsert_diff, CatalogDiff};
use borderdesk_core::staff::ConsoleSection;
use borderdesk_protocol::{
    CatalogCheck, CatalogRowError, CatalogVersion, CatalogVersionDiff, ErrorBody, KeyPart, Page,
    PageError, PageQuery, UploadName,
};
use chrono::{DateTime, Utc};
use sqlx::PgPool;

use super::session::ConsoleStaff;
use crate::catalog::{
    check_items, current_catalog, import_catalog_file_by, parse_catalog_file,
    restore_catalog_version, version_snapshot, RowError,
};
use crate::extract::{Json, Paging, Path, Query};
use crate::{AppState, ServerError};

/// Which list a cursor of the catalog versions belongs to.
const VERSIONS: &str = "catalog-versions";

fn row_error(e: RowError) -> CatalogRowError {
    CatalogRowError {
        row: u32::try_from(e.row).unwrap_or(u32::MAX),
        column: e.column.map(str::to_string),
        message: e.message,
    }
}

/// The file's items, or every problem in it. A name without a known extension is read by
/// its content.
fn parse(
    name: &UploadName,
    bytes: &[u8],
) -> Result<Vec<borderdesk_core::CatalogItem>, Vec<RowError>> {
    let name = name.name.as_deref().unwrap_or("upload");
    let items = parse_catalog_file(FsPath::new(name), bytes)?;
    check_items(&items)?;
    Ok(items)
}

async fn check(
    pool: &PgPool,
    name: &UploadName,
    bytes: &[u8],
) -> Result<CatalogCheck, ServerError> {
    Ok(match parse(name, bytes) {
        Err(errors) => CatalogCheck {
            rows: 0,
            errors: errors.into_iter().map(row_error).collect(),
            diff: CatalogDiff::default(),
        },
        Ok(items) => CatalogCheck {
            rows: u32::try_from(items.len()).unwrap_or(u32::MAX),
            errors: Vec::new(),
            diff: upsert_diff(&current_catalog(pool).await?, &items),
        },
    })
}

/// What a catalog file would do: its bad rows, or the items it would add and change.
/// Nothing changes.
#[utoipa::path(post, path = "/console/api/catalog/check", tag = "console",
    params(UploadName), request_body(content = String, content_type = "text/csv",
        description = "the file as uploaded: a CSV sheet (UTF-8) or a JSON array of items"),
    security(("console_session" = [])),
    responses((status = 200, body = CatalogCheck), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody), (status = 413, body = ErrorBody)))]
pub async fn catalog_check(
    State(state): State<AppState>,
    staff: ConsoleStaff,
    Query(name): Query<UploadName>,
    body: Bytes,
) -> Result<Json<CatalogCheck>, ServerError> {
    staff.require(ConsoleSection::Reference)?;
    Ok(Json(check(&state.pool, &name, &body).await?))
}

/// Imports a catalog file (checked again: with any bad row nothing changes) as the next
/// version; devices get its changes on their next pull.
#[utoipa::path(post, path = "/console/api/catalog/import", tag = "console",
    params(UploadName), request_body(content = String, content_type = "text/csv"),
    security(("console_session" = [])),
    responses((status = 200, body = CatalogVersion), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody), (status = 413, body = ErrorBody),
              (status = 422, body = ErrorBody, description = "error-catalog-file-bad")))]
pub async fn catalog_import(
    State(state): State<AppState>,
    staff: ConsoleStaff,
    Query(name): Query<UploadName>,
    body: Bytes,
) -> Result<Json<CatalogVersion>, ServerError> {
    staff.require(ConsoleSection::Reference)?;
    let items = parse(&name, &body).map_err(|errors| ServerError::CatalogFileBad {
        problems: errors.len(),
    })?;
    let summary = import_catalog_file_by(&state.pool, &items, &body, staff.id()).await?;
    Ok(Json(version(&state.pool, summary.version).await?))
}

type VersionRow = (
    i64,
    DateTime<Utc>,
    i32,
    i32,
    Option<String>,
    Option<String>,
    Option<i64>,
    bool,
);

const VERSION_COLUMNS: &str = "v.version, v.imported_at, v.rows, v.changed, v.file_sha256,
    s.user_name, v.restored_from, v.snapshot IS NOT NULL
    FROM catalog_versions v LEFT JOIN staff s ON s.id = v.by_staff";

fn to_version(row: VersionRow) -> CatalogVersion {
    let (version, imported_at, rows, changed, file_sha256, by_user_name, restored_from, kept) = row;
    CatalogVersion {
        version,
        imported_at,
        rows: u32::try_from(rows).unwrap_or(0),
        changed: u32::try_from(changed).unwrap_or(0),
        file_sha256,
        by_user_name,
        restored_from,
        kept,
    }
}

async fn version(pool: &PgPool, version: i64) -> Result<CatalogVersion, ServerError> {
    let row: Option<VersionRow> =
        sqlx::query_as(&format!("SELECT {VERSION_COLUMNS} WHERE v.version = $1"))
            .bind(version)
            .fetch_optional(pool)
            .await?;
    row.map(to_version).ok_or(ServerError::NotFound)
}

/// The catalog versions, newest first, one page.
#[utoipa::path(get, path = "/console/api/catalog/versions", tag = "console", params(PageQuery),
    security(("console_session" = [])),
    responses((status = 200, body = Page<CatalogVersion>), (status = 400, body = ErrorBody),
              (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn catalog_versions(
    State(state): State<AppState>,
    staff: ConsoleStaff,
    paging: Paging,
) -> Result<Json<Page<CatalogVersion>>, ServerError> {
    staff.require(ConsoleSection::Reference)?;
    let before = match paging.after(VERSIONS)?.as_deref() {
        None => None,
        Some([KeyPart::Int(v)]) => Some(*v),
        Some(_) => return Err(PageError::Cursor.into()),
    };
    let rows: Vec<VersionRow> = sqlx::query_as(&format!(
        "SELECT {VERSION_COLUMNS} WHERE ($1::bigint IS NULL OR v.version < $1)
          ORDER BY v.version DESC LIMIT $2"
    ))
    .bind(before)
    .bind(paging.fetch())
    .fetch_all(&state.pool)
    .await?;
    let (rows, next) = paging.page(VERSIONS, rows, |r| vec![KeyPart::Int(r.0)]);
    Ok(Json(Page {
        items: rows.into_iter().map(to_version).collect(),
        next,
    }))
}

/// What a version changed: the catalog it left against the one the kept version before it
/// left.
#[utoipa::path(get, path = "/console/api/catalog/versions/{version}/diff", tag = "console",
    params(("version" = i64, Path)),
    security(("console_session" = [])),
    responses((status = 200, body = CatalogVersionDiff), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 409, body = ErrorBody, description = "error-catalog-version-not-kept")))]
pub async fn catalog_version_diff(
    State(state): State<AppState>,
    staff: ConsoleStaff,
    Path(version): Path<i64>,
) -> Result<Json<CatalogVersionDiff>, ServerError> {
    staff.require(ConsoleSection::Reference)?;
    let mut conn = state.pool.acquire().await?;
    let after = version_snapshot(&mut conn, version).await?;
    let against: Option<i64> = sqlx::query_scalar(
        "SELECT max(version) FROM catalog_versions WHERE version < $1 AND snapshot IS NOT NULL",
    )
    .bind(version)
    .fetch_one(&mut *conn)
    .await?;
    let before = match against {
        Some(v) => version_snapshot(&mut conn, v).await?,
        None => {
            // Compared with nothing only when nothing came before; versions from before
            // versions kept the catalog cannot be compared with.
            let older: i64 =
                sqlx::query_scalar("SELECT count(*) FROM catalog_versions WHERE version < $1")
                    .bind(version)
                    .fetch_one(&mut *conn)
                    .await?;
            if older > 0 {
                return Err(ServerError::CatalogVersionNotKept);
            }
            Vec::new()
        }
    };
    Ok(Json(CatalogVersionDiff {
        version,
        against,
        diff: diff(&before, &after),
    }))
}

/// Takes the catalog back to what it was after `version`, as a new version.
#[utoipa::path(post, path = "/console/api/catalog/versions/{version}/restore", tag = "console",
    params(("version" = i64, Path)),
    security(("console_session" = [])),
    responses((status = 200, body = CatalogVersion), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 409, body = ErrorBody, description = "error-catalog-version-not-kept, error-catalog-items-in-use")))]
pub async fn catalog_version_restore(
    State(state): State<AppState>,
    staff: ConsoleStaff,
    Path(version): Path<i64>,
) -> Result<Json<CatalogVersion>, ServerError> {
    staff.require(ConsoleSection::Reference)?;
    let summary = restore_catalog_version(&state.pool, version, Some(staff.id())).await?;
    Ok(Json(self::version(&state.pool, summary.version).await?))
}
