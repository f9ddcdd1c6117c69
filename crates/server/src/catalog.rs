//! Importing the services catalog: every row is checked before anything changes, then all
//! items are upserted and each changed item goes on the change feed, in one transaction.

use std::collections::HashSet;

use borderdesk_core::CatalogItem;
use borderdesk_protocol::Change;
use sqlx::PgPool;

use crate::ServerError;

/// A row of an import file that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    /// 1-based position in the file's array; 0 for the file as a whole.
    pub row: usize,
    pub message: String,
}

impl std::fmt::Display for RowError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.row == 0 {
            write!(f, "file: {}", self.message)
        } else {
            write!(f, "row {}: {}", self.row, self.message)
        }
    }
}

/// Reads an import file (a JSON array of catalog items); all errors at once, row-numbered.
pub fn parse_catalog(text: &str) -> Result<Vec<CatalogItem>, Vec<RowError>> {
    let rows: Vec<serde_json::Value> = serde_json::from_str(text).map_err(|e| {
        vec![RowError {
            row: 0,
            message: format!("not a JSON array: {e}"),
        }]
    })?;
    let mut items = Vec::with_capacity(rows.len());
    let mut errors = Vec::new();
    for (i, row) in rows.into_iter().enumerate() {
        match serde_json::from_value::<CatalogItem>(row) {
            Ok(item) => items.push(item),
            Err(e) => errors.push(RowError {
                row: i + 1,
                message: e.to_string(),
            }),
        }
    }
    if errors.is_empty() {
        check_items(&items).map_err(|e| e.into_iter().collect::<Vec<_>>())?;
        Ok(items)
    } else {
        Err(errors)
    }
}

/// Rules every import follows beyond the JSON shape: a code, and each code once.
pub fn check_items(items: &[CatalogItem]) -> Result<(), Vec<RowError>> {
    let mut seen = HashSet::new();
    let mut errors = Vec::new();
    for (i, item) in items.iter().enumerate() {
        if item.code.trim().is_empty() {
            errors.push(RowError {
                row: i + 1,
                message: "code is empty".into(),
            });
        } else if !seen.insert(item.code.as_str()) {
            errors.push(RowError {
                row: i + 1,
                message: format!("code {} appears more than once", item.code),
            });
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// What an import did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImportSummary {
    pub rows: usize,
    /// New or different items (each one change on the feed).
    pub changed: usize,
}

/// Upserts the items and appends a `Change::CatalogItem` (for every site) per changed item,
/// in one transaction.
pub async fn import_catalog(
    pool: &PgPool,
    items: &[CatalogItem],
) -> Result<ImportSummary, ServerError> {
    if let Err(errors) = check_items(items) {
        let text: Vec<String> = errors.iter().map(ToString::to_string).collect();
        return Err(ServerError::BadRequest(text.join("; ")));
    }
    let codes: Vec<&str> = items.iter().map(|i| i.code.as_str()).collect();
    let bodies: Vec<serde_json::Value> = items
        .iter()
        .map(serde_json::to_value)
        .collect::<Result<_, _>>()
        .map_err(|e| ServerError::Internal(e.to_string()))?;
    let changes: Vec<serde_json::Value> = items
        .iter()
        .map(|i| {
            serde_json::to_value(Change::CatalogItem {
                item: Box::new(i.clone()),
            })
        })
        .collect::<Result<_, _>>()
        .map_err(|e| ServerError::Internal(e.to_string()))?;
    let mut tx = pool.begin().await?;
    let changed: Vec<i64> = sqlx::query_scalar(
        "WITH input AS (
             SELECT * FROM UNNEST($1::text[], $2::jsonb[], $3::jsonb[]) WITH ORDINALITY AS t(code, item, change, ord)
         ), upserted AS (
             INSERT INTO catalog_items (code, body)
             SELECT code, item FROM input ORDER BY ord
             ON CONFLICT (code) DO UPDATE SET body = EXCLUDED.body, updated_at = now()
             WHERE catalog_items.body IS DISTINCT FROM EXCLUDED.body
             RETURNING code
         )
         INSERT INTO changes (site_id, body)
         SELECT NULL, input.change FROM input JOIN upserted USING (code) ORDER BY input.ord
         RETURNING seq",
    )
    .bind(&codes)
    .bind(&bodies)
    .bind(&changes)
    .fetch_all(&mut *tx)
    .await?;
    tx.commit().await?;
    tracing::info!(
        rows = items.len(),
        changed = changed.len(),
        "catalog imported"
    );
    Ok(ImportSummary {
        rows: items.len(),
        changed: changed.len(),
    })
}
