//! Importing the services catalog: every row is checked before anything changes, then all
//! items are upserted, each changed item goes on the change feed and the import is recorded
//! as a numbered catalog version, in one transaction.
//!
//! An import file is a JSON array of [`CatalogItem`]s or a CSV sheet (see [`parse_catalog_csv`]
//! for its columns and cell syntax).

use std::collections::{HashMap, HashSet};
use std::path::Path;

use borderdesk_core::catalog::{Material, Question, QuestionKind};
use borderdesk_core::{CatalogItem, LocalizedText};
use borderdesk_protocol::Change;
use serde::de::DeserializeOwned;
use sha2::{Digest, Sha256};
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use crate::ServerError;

/// How an import file is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CatalogFormat {
    /// A JSON array of catalog items.
    Json,
    /// A CSV sheet, one item per row, see [`parse_catalog_csv`].
    Csv,
}

impl CatalogFormat {
    /// `.csv` and `.json` files by their extension; any other file by its content: JSON when
    /// the first non-space character opens an array (or an object, which is then refused as
    /// not an array), CSV otherwise.
    pub fn of(path: &Path, text: &str) -> Self {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("csv") => Self::Csv,
            Some("json") => Self::Json,
            _ => Self::sniff(text),
        }
    }

    /// The format by content alone.
    pub fn sniff(text: &str) -> Self {
        match text
            .trim_start_matches('\u{feff}')
            .trim_start()
            .chars()
            .next()
        {
            Some('[' | '{') => Self::Json,
            _ => Self::Csv,
        }
    }
}

/// A row of an import file that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    pub format: CatalogFormat,
    /// Where: for JSON the 1-based position in the file's array, for CSV the line the record
    /// starts on (the header is line 1); 0 for the file as a whole.
    pub row: usize,
    /// The CSV column at fault, when there is one.
    pub column: Option<&'static str>,
    pub message: String,
}

impl RowError {
    fn file(format: CatalogFormat, message: impl Into<String>) -> Self {
        Self {
            format,
            row: 0,
            column: None,
            message: message.into(),
        }
    }

    fn json(row: usize, message: impl Into<String>) -> Self {
        Self {
            format: CatalogFormat::Json,
            row,
            column: None,
            message: message.into(),
        }
    }

    fn csv(line: usize, column: Option<&'static str>, message: impl Into<String>) -> Self {
        Self {
            format: CatalogFormat::Csv,
            row: line,
            column,
            message: message.into(),
        }
    }
}

impl std::fmt::Display for RowError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.row, self.format) {
            (0, _) => write!(f, "file")?,
            (n, CatalogFormat::Json) => write!(f, "row {n}")?,
            (n, CatalogFormat::Csv) => write!(f, "line {n}")?,
        }
        if let Some(c) = self.column {
            write!(f, ", column {c}")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// Reads an import file's bytes: UTF-8 (a byte-order mark is allowed), JSON or CSV as
/// [`CatalogFormat::of`] decides. All errors at once, each with its row or line.
pub fn parse_catalog_file(path: &Path, bytes: &[u8]) -> Result<Vec<CatalogItem>, Vec<RowError>> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let format = CatalogFormat::of(path, "");
        vec![RowError::file(
            format,
            format!("not UTF-8 text ({e}); save the sheet as \"CSV UTF-8\""),
        )]
    })?;
    parse_catalog_as(CatalogFormat::of(path, text), text)
}

/// Reads an import file's text, JSON or CSV by its content (see [`CatalogFormat::sniff`]).
pub fn parse_catalog(text: &str) -> Result<Vec<CatalogItem>, Vec<RowError>> {
    parse_catalog_as(CatalogFormat::sniff(text), text)
}

/// Reads an import file's text in the given format.
pub fn parse_catalog_as(
    format: CatalogFormat,
    text: &str,
) -> Result<Vec<CatalogItem>, Vec<RowError>> {
    let text = text.trim_start_matches('\u{feff}');
    match format {
        CatalogFormat::Json => parse_catalog_json(text),
        CatalogFormat::Csv => parse_catalog_csv(text),
    }
}

/// Reads a JSON array of catalog items; all errors at once, numbered by position in the array.
pub fn parse_catalog_json(text: &str) -> Result<Vec<CatalogItem>, Vec<RowError>> {
    let rows: Vec<serde_json::Value> = serde_json::from_str(text).map_err(|e| {
        vec![RowError::file(
            CatalogFormat::Json,
            format!("not a JSON array: {e}"),
        )]
    })?;
    let mut items = Vec::with_capacity(rows.len());
    let mut errors = Vec::new();
    for (i, row) in rows.into_iter().enumerate() {
        match serde_json::from_value::<CatalogItem>(row) {
            Ok(item) => items.push(item),
            Err(e) => errors.push(RowError::json(i + 1, e.to_string())),
        }
    }
    if errors.is_empty() {
        check_items(&items)?;
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
            errors.push(RowError::json(i + 1, "code is empty"));
        } else if !seen.insert(item.code.as_str()) {
            errors.push(RowError::json(
                i + 1,
                format!("code {} appears more than once", item.code),
            ));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// The columns of a CSV import file, and whether each must be there.
pub const CSV_COLUMNS: [(&str, bool); 18] = [
    ("code", true),
    ("name_zh_cn", true),
    ("name_zh_tw", false),
    ("name_en", false),
    ("category", true),
    ("handling_side", true),
    ("handling_office_zh_cn", true),
    ("handling_office_zh_tw", false),
    ("handling_office_en", false),
    ("mode", true),
    ("time_limit_working_days", true),
    ("fee_fen", false),
    ("materials", false),
    ("keywords", false),
    ("popular_rank", false),
    ("life_events", false),
    ("questions", false),
    ("sample", false),
];

/// Reads a CSV catalog: a header row naming the columns, then one item per row. All errors
/// at once, each with the line the record starts on (the header is line 1) and its column.
///
/// Columns (any order; those marked * must be there, the others may be left out):
///
/// | column | cell |
/// | --- | --- |
/// | `code`* | the item's stable code, e.g. `ZM-HJ-001`; not empty, each code once |
/// | `name_zh_cn`*, `name_zh_tw`, `name_en` | the item's name; zh-CN not empty |
/// | `category`* | `medical_insurance`, `social_security`, `household`, `housing_fund`, `marriage_birth`, `business` or `transport` |
/// | `handling_side`* | `zhejiang` or `fujian` |
/// | `handling_office_zh_cn`*, `handling_office_zh_tw`, `handling_office_en` | the office that handles it |
/// | `mode`* | `fully_online`, `collected_and_forwarded` or `multi_office` |
/// | `time_limit_working_days`* | a whole number |
/// | `fee_fen` | a whole number of fen (0.01 yuan); empty = 0 |
/// | `materials` | materials separated by `;` (or `；`), see below; empty = none |
/// | `keywords` | search words separated by `;` (or `；`) |
/// | `popular_rank` | 1 = most asked; empty = not ranked |
/// | `life_events` | `moving`, `retiring`, `new_baby`, `marriage`, `starting_business`, `closing_business`, `buying_car`, `job_change`, `housing`, `lost_documents`, `medical_care`, separated by `;` |
/// | `questions` | a JSON array of questions as in the JSON format (quote the cell the CSV way: `"[{""id"": ...}]"`); empty = the standard applicant questions, see [`standard_questions`] |
/// | `sample` | `true`/`false` (also `yes`/`no`, `1`/`0`); empty = false |
///
/// A material is its zh-CN name with optional markers: a leading `*` means required, and a
/// trailing `[电子证照]` or `[e]` (spaces before it are allowed) means an electronic licence
/// can stand in for the paper. `*居民身份证 [电子证照]; 户口簿[e]; 委托书` is a required ID card
/// with e-licence, an optional household register with e-licence and an optional power of
/// attorney. Cells are trimmed; a material name cannot contain `;`.
pub fn parse_catalog_csv(text: &str) -> Result<Vec<CatalogItem>, Vec<RowError>> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let header = reader
        .headers()
        .map_err(|e| vec![RowError::csv(1, None, e.to_string())])?
        .clone();
    let mut errors = Vec::new();
    let mut index: HashMap<&'static str, usize> = HashMap::new();
    for (i, name) in header.iter().enumerate() {
        match CSV_COLUMNS
            .iter()
            .find(|(c, _)| c.eq_ignore_ascii_case(name))
        {
            Some((c, _)) => {
                if index.insert(c, i).is_some() {
                    errors.push(RowError::csv(1, Some(c), "the column appears twice"));
                }
            }
            None => errors.push(RowError::csv(1, None, format!("unknown column {name:?}"))),
        }
    }
    let missing: Vec<RowError> = CSV_COLUMNS
        .iter()
        .filter(|(c, required)| *required && !index.contains_key(c))
        .map(|(c, _)| RowError::csv(1, Some(c), "a required column is missing"))
        .collect();
    if !missing.is_empty() {
        errors.extend(missing);
        return Err(errors);
    }

    let mut items = Vec::new();
    let mut first_line: HashMap<String, usize> = HashMap::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line() as usize);
                errors.push(RowError::csv(line, None, e.to_string()));
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line() as usize);
        if record.iter().all(str::is_empty) {
            continue;
        }
        if record.len() != header.len() {
            errors.push(RowError::csv(
                line,
                None,
                format!(
                    "{} cells where the header has {}",
                    record.len(),
                    header.len()
                ),
            ));
            continue;
        }
        let mut row = CsvRow {
            line,
            record: &record,
            index: &index,
            errors: Vec::new(),
        };
        let code = row.cell("code");
        if let Some(first) = first_line.get(code) {
            let message = format!("code {code} is already on line {first}");
            row.error("code", message);
        } else if !code.is_empty() {
            first_line.insert(code.to_string(), line);
        }
        let item = row.item();
        errors.append(&mut row.errors);
        items.extend(item);
    }
    if errors.is_empty() {
        Ok(items)
    } else {
        Err(errors)
    }
}

/// One CSV record being read into an item, with the errors found so far.
struct CsvRow<'a> {
    line: usize,
    record: &'a csv::StringRecord,
    index: &'a HashMap<&'static str, usize>,
    errors: Vec<RowError>,
}

impl CsvRow<'_> {
    fn cell(&self, column: &'static str) -> &str {
        self.index
            .get(column)
            .and_then(|&i| self.record.get(i))
            .unwrap_or("")
    }

    fn error(&mut self, column: &'static str, message: impl Into<String>) {
        self.errors
            .push(RowError::csv(self.line, Some(column), message));
    }

    /// The cell read by `parse`, or None after noting its error.
    fn parse<T>(
        &mut self,
        column: &'static str,
        parse: impl FnOnce(&str) -> Result<T, String>,
    ) -> Option<T> {
        match parse(self.cell(column)) {
            Ok(v) => Some(v),
            Err(message) => {
                self.error(column, message);
                None
            }
        }
    }

    fn required(&mut self, column: &'static str) -> Option<String> {
        self.parse(column, |cell| {
            if cell.is_empty() {
                Err("is empty".into())
            } else {
                Ok(cell.to_string())
            }
        })
    }

    fn optional(&self, column: &'static str) -> Option<String> {
        Some(self.cell(column))
            .filter(|c| !c.is_empty())
            .map(Into::into)
    }

    fn text(
        &mut self,
        zh_cn: &'static str,
        zh_tw: &'static str,
        en: &'static str,
    ) -> Option<LocalizedText> {
        Some(LocalizedText {
            zh_cn: self.required(zh_cn)?,
            zh_tw: self.optional(zh_tw),
            en: self.optional(en),
        })
    }

    /// The item, or None when any cell is bad (every bad cell is noted, not just the first).
    fn item(&mut self) -> Option<CatalogItem> {
        let code = self.required("code");
        let name = self.text("name_zh_cn", "name_zh_tw", "name_en");
        let category = self.parse("category", parse_enum);
        let handling_side = self.parse("handling_side", parse_enum);
        let handling_office = self.text(
            "handling_office_zh_cn",
            "handling_office_zh_tw",
            "handling_office_en",
        );
        let mode = self.parse("mode", parse_enum);
        let time_limit_working_days = self.parse("time_limit_working_days", parse_whole_number);
        let fee_fen = self.parse("fee_fen", |c| {
            if c.is_empty() {
                Ok(0)
            } else {
                parse_whole_number(c)
            }
        });
        let materials = self.parse("materials", parse_materials);
        let keywords = parse_list(self.cell("keywords"))
            .into_iter()
            .map(String::from)
            .collect();
        let popular_rank = self.parse("popular_rank", parse_rank);
        let life_events = self.parse("life_events", |c| {
            parse_list(c).into_iter().map(parse_enum).collect()
        });
        let questions = self.parse("questions", parse_questions);
        let sample = self.parse("sample", parse_flag);
        Some(CatalogItem {
            code: code?,
            name: name?,
            category: category?,
            handling_side: handling_side?,
            handling_office: handling_office?,
            mode: mode?,
            time_limit_working_days: time_limit_working_days?,
            fee_fen: fee_fen?,
            materials: materials?,
            questions: questions?,
            keywords,
            sample: sample?,
            popular_rank: popular_rank?,
            life_events: life_events?,
        })
    }
}

/// The entries of a `;`-separated cell (a full-width `；` works too), trimmed, empty ones
/// skipped.
pub fn parse_list(cell: &str) -> Vec<&str> {
    cell.split([';', '；'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect()
}

/// One value of a catalog enum, spelled as in the JSON format (`medical_insurance`).
pub fn parse_enum<T: DeserializeOwned>(cell: &str) -> Result<T, String> {
    if cell.is_empty() {
        return Err("is empty".into());
    }
    serde_json::from_value(serde_json::Value::String(cell.to_string())).map_err(|e| e.to_string())
}

/// A whole number of 0 or more.
pub fn parse_whole_number(cell: &str) -> Result<u32, String> {
    if cell.is_empty() {
        return Err("is empty".into());
    }
    cell.parse()
        .map_err(|_| format!("{cell:?} is not a whole number"))
}

/// A popularity rank: empty for none, else 1 or more.
pub fn parse_rank(cell: &str) -> Result<Option<u32>, String> {
    match cell {
        "" => Ok(None),
        _ => match parse_whole_number(cell)? {
            0 => Err("ranks start at 1 (the most asked item)".into()),
            n => Ok(Some(n)),
        },
    }
}

/// `true`/`false`, `yes`/`no`, `1`/`0` (any case); empty is false.
pub fn parse_flag(cell: &str) -> Result<bool, String> {
    match cell.to_ascii_lowercase().as_str() {
        "" | "false" | "no" | "0" => Ok(false),
        "true" | "yes" | "1" => Ok(true),
        _ => Err(format!("{cell:?} is not true or false")),
    }
}

/// The materials cell: `;`-separated entries, each a zh-CN name with an optional leading `*`
/// (required) and an optional trailing `[电子证照]` or `[e]` (an e-licence will do).
pub fn parse_materials(cell: &str) -> Result<Vec<Material>, String> {
    parse_list(cell)
        .into_iter()
        .enumerate()
        .map(|(i, entry)| {
            let (required, rest) = match entry.strip_prefix('*') {
                Some(rest) => (true, rest.trim_start()),
                None => (false, entry),
            };
            let marker = ["[电子证照]", "[e]", "[E]"]
                .iter()
                .find_map(|m| rest.strip_suffix(m));
            let (e_licence, name) = match marker {
                Some(name) => (true, name.trim_end()),
                None => (false, rest),
            };
            if name.is_empty() {
                return Err(format!("material {} ({entry:?}) has no name", i + 1));
            }
            Ok(Material {
                name: LocalizedText {
                    zh_cn: name.to_string(),
                    zh_tw: None,
                    en: None,
                },
                required,
                e_licence,
            })
        })
        .collect()
}

/// The questions cell: a JSON array of questions, or empty for [`standard_questions`].
pub fn parse_questions(cell: &str) -> Result<Vec<Question>, String> {
    if cell.is_empty() {
        return Ok(standard_questions());
    }
    serde_json::from_str(cell).map_err(|e| format!("not a JSON array of questions: {e}"))
}

/// What every item asks first, as the sample catalog writes it: the applicant's name, ID
/// number and phone.
pub fn standard_questions() -> Vec<Question> {
    [
        ("applicant_name", QuestionKind::Name),
        ("applicant_id_number", QuestionKind::IdNumber),
        ("phone", QuestionKind::Phone),
    ]
    .into_iter()
    .map(|(id, kind)| Question {
        id: id.into(),
        kind,
        label: None,
        hint: None,
        required: true,
        options: vec![],
        show_if: None,
        max_len: None,
    })
    .collect()
}

/// What an import did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImportSummary {
    /// The catalog version this import made (one per import, counting up from 1).
    pub version: i64,
    pub rows: usize,
    /// New or different items (each one change on the feed).
    pub changed: usize,
}

/// Upserts the items and appends a `Change::CatalogItem` (for every site) per changed item,
/// and records the import as a catalog version with no file checksum, in one transaction.
pub async fn import_catalog(
    pool: &PgPool,
    items: &[CatalogItem],
) -> Result<ImportSummary, ServerError> {
    import(pool, items, None, None).await
}

/// As [`import_catalog`], for items read from `file`: the version records the sha256 of its
/// bytes.
pub async fn import_catalog_file(
    pool: &PgPool,
    items: &[CatalogItem],
    file: &[u8],
) -> Result<ImportSummary, ServerError> {
    import(pool, items, Some(hex::encode(Sha256::digest(file))), None).await
}

/// As [`import_catalog_file`], by a member of staff in the console: the version names them.
pub async fn import_catalog_file_by(
    pool: &PgPool,
    items: &[CatalogItem],
    file: &[u8],
    by: Uuid,
) -> Result<ImportSummary, ServerError> {
    import(
        pool,
        items,
        Some(hex::encode(Sha256::digest(file))),
        Some(by),
    )
    .await
}

/// The catalog as it stands, in code order.
pub async fn current_catalog(pool: &PgPool) -> Result<Vec<CatalogItem>, ServerError> {
    let bodies: Vec<sqlx::types::Json<CatalogItem>> =
        sqlx::query_scalar("SELECT body FROM catalog_items ORDER BY code")
            .fetch_all(pool)
            .await?;
    Ok(bodies.into_iter().map(|b| b.0).collect())
}

fn to_json<T: serde::Serialize>(v: &T) -> Result<serde_json::Value, ServerError> {
    serde_json::to_value(v).map_err(|e| ServerError::Internal(e.to_string()))
}

/// Imports serialise on the catalog (one version at a time, each with the whole catalog it
/// left); devices' pulls read on undisturbed.
async fn lock_catalog(tx: &mut PgConnection) -> Result<(), ServerError> {
    sqlx::query("LOCK TABLE catalog_items IN SHARE ROW EXCLUSIVE MODE")
        .execute(&mut *tx)
        .await?;
    Ok(())
}

/// Writes `items` over the catalog; each new or different item goes on the feed. Returns how
/// many changed.
async fn upsert(tx: &mut PgConnection, items: &[CatalogItem]) -> Result<usize, ServerError> {
    let codes: Vec<&str> = items.iter().map(|i| i.code.as_str()).collect();
    let bodies: Vec<serde_json::Value> = items.iter().map(to_json).collect::<Result<_, _>>()?;
    let changes: Vec<serde_json::Value> = items
        .iter()
        .map(|i| {
            to_json(&Change::CatalogItem {
                item: Box::new(i.clone()),
            })
        })
        .collect::<Result<_, _>>()?;
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
    Ok(changed.len())
}

/// Records a version with the whole catalog as it now stands.
async fn record_version(
    tx: &mut PgConnection,
    file_sha256: Option<&str>,
    rows: usize,
    changed: usize,
    by: Option<Uuid>,
    restored_from: Option<i64>,
) -> Result<i64, ServerError> {
    let count = |n: usize| {
        i32::try_from(n).map_err(|_| ServerError::BadRequest("too many catalog items".into()))
    };
    Ok(sqlx::query_scalar(
        "INSERT INTO catalog_versions (file_sha256, rows, changed, by_staff, restored_from, snapshot)
         SELECT $1, $2, $3, $4, $5, COALESCE(jsonb_agg(body ORDER BY code), '[]'::jsonb)
           FROM catalog_items
         RETURNING version",
    )
    .bind(file_sha256)
    .bind(count(rows)?)
    .bind(count(changed)?)
    .bind(by)
    .bind(restored_from)
    .fetch_one(&mut *tx)
    .await?)
}

async fn import(
    pool: &PgPool,
    items: &[CatalogItem],
    file_sha256: Option<String>,
    by: Option<Uuid>,
) -> Result<ImportSummary, ServerError> {
    if let Err(errors) = check_items(items) {
        let text: Vec<String> = errors.iter().map(ToString::to_string).collect();
        return Err(ServerError::BadRequest(text.join("; ")));
    }
    let mut tx = pool.begin().await?;
    lock_catalog(&mut tx).await?;
    let changed = upsert(&mut tx, items).await?;
    let version = record_version(
        &mut tx,
        file_sha256.as_deref(),
        items.len(),
        changed,
        by,
        None,
    )
    .await?;
    if by.is_some() {
        let detail = serde_json::json!({ "rows": items.len(), "changed": changed });
        let subject = format!("catalog-v{version}");
        crate::staff::audit(
            &mut tx,
            by,
            None,
            "catalog_imported",
            Some(&subject),
            detail,
        )
        .await?;
    }
    tx.commit().await?;
    tracing::info!(version, rows = items.len(), changed, "catalog imported");
    Ok(ImportSummary {
        version,
        rows: items.len(),
        changed,
    })
}

/// The whole catalog a version left, or `CatalogVersionNotKept` for a version from before
/// versions kept it (`NotFound` for no such version).
pub async fn version_snapshot(
    conn: &mut PgConnection,
    version: i64,
) -> Result<Vec<CatalogItem>, ServerError> {
    let row: Option<Option<sqlx::types::Json<Vec<CatalogItem>>>> =
        sqlx::query_scalar("SELECT snapshot FROM catalog_versions WHERE version = $1")
            .bind(version)
            .fetch_optional(&mut *conn)
            .await?;
    match row {
        None => Err(ServerError::NotFound),
        Some(None) => Err(ServerError::CatalogVersionNotKept),
        Some(Some(items)) => Ok(items.0),
    }
}

/// Makes the catalog what it was after `version`: its items written back, the items added
/// since removed (a tombstone on the feed for each), recorded as a new version that says
/// which one it went back to.
pub async fn restore_catalog_version(
    pool: &PgPool,
    version: i64,
    by: Option<Uuid>,
) -> Result<ImportSummary, ServerError> {
    let mut tx = pool.begin().await?;
    lock_catalog(&mut tx).await?;
    let items = version_snapshot(&mut tx, version).await?;
    let changed = upsert(&mut tx, &items).await?;
    let codes: Vec<&str> = items.iter().map(|i| i.code.as_str()).collect();
    // An item an application still being handled is for stays: its desk needs it.
    let in_use: i64 = sqlx::query_scalar(
        "SELECT count(DISTINCT a.item_code) FROM applications a
           JOIN catalog_items c ON c.code = a.item_code
          WHERE a.status NOT IN ('completed', 'refused') AND NOT (a.item_code = ANY($1::text[]))",
    )
    .bind(&codes)
    .fetch_one(&mut *tx)
    .await?;
    if in_use > 0 {
        return Err(ServerError::CatalogItemsInUse {
            items: usize::try_from(in_use).unwrap_or(usize::MAX),
        });
    }
    let removed: Vec<String> = sqlx::query_scalar(
        "DELETE FROM catalog_items WHERE NOT (code = ANY($1::text[])) RETURNING code",
    )
    .bind(&codes)
    .fetch_all(&mut *tx)
    .await?;
    let tombstones: Vec<serde_json::Value> = removed
        .iter()
        .map(|code| to_json(&Change::CatalogItemRemoved { code: code.clone() }))
        .collect::<Result<_, _>>()?;
    sqlx::query("INSERT INTO changes (site_id, body) SELECT NULL, c FROM UNNEST($1::jsonb[]) c")
        .bind(&tombstones)
        .execute(&mut *tx)
        .await?;
    let changed = changed + removed.len();
    let new_version =
        record_version(&mut tx, None, items.len(), changed, by, Some(version)).await?;
    if by.is_some() {
        let detail = serde_json::json!({ "restored_from": version, "changed": changed });
        let subject = format!("catalog-v{new_version}");
        crate::staff::audit(
            &mut tx,
            by,
            None,
            "catalog_restored",
            Some(&subject),
            detail,
        )
        .await?;
    }
    tx.commit().await?;
    tracing::info!(
        version = new_version,
        restored_from = version,
        changed,
        "catalog version restored"
    );
    Ok(ImportSummary {
        version: new_version,
        rows: items.len(),
        changed,
    })
}

#[cfg(test)]
mod tests {
    use borderdesk_core::catalog::{Category, HandlingMode, LifeEvent, Province};

    use super::*;

    fn material(name: &str, required: bool, e_licence: bool) -> Material {
        Material {
            name: LocalizedText {
                zh_cn: name.into(),
                zh_tw: None,
                en: None,
            },
            required,
            e_licence,
        }
    }

    #[test]
    fn material_markers_say_required_and_e_licence() {
        assert_eq!(
            parse_materials("*居民身份证 [电子证照]; 户口簿[e]；委托书 ;* 照片 ;").unwrap(),
            vec![
                material("居民身份证", true, true),
                material("户口簿", false, true),
                material("委托书", false, false),
                material("照片", true, false),
            ]
        );
        assert_eq!(parse_materials("").unwrap(), vec![]);
        assert_eq!(
            parse_materials("结婚证 [E]").unwrap(),
            vec![material("结婚证", false, true)]
        );
        // A marker in the middle is part of the name.
        assert_eq!(
            parse_materials("证明[e]复印件").unwrap(),
            vec![material("证明[e]复印件", false, false)]
        );
        let err = parse_materials("户口簿; * [电子证照]").unwrap_err();
        assert!(err.contains("material 2"), "{err}");
    }

    #[test]
    fn lists_split_on_either_semicolon_and_drop_blanks() {
        assert_eq!(parse_list(" a ; b；c;; "), ["a", "b", "c"]);
        assert!(parse_list("").is_empty());
    }

    #[test]
    fn enum_cells_take_the_json_spelling_and_name_the_choices() {
        assert_eq!(
            parse_enum::<Category>("housing_fund"),
            Ok(Category::HousingFund)
        );
        assert_eq!(parse_enum::<Province>("fujian"), Ok(Province::Fujian));
        assert_eq!(
            parse_enum::<HandlingMode>("multi_office"),
            Ok(HandlingMode::MultiOffice)
        );
        assert_eq!(parse_enum::<LifeEvent>("new_baby"), Ok(LifeEvent::NewBaby));
        let err = parse_enum::<Category>("Household").unwrap_err();
        assert!(err.contains("household"), "lists the choices: {err}");
        assert!(parse_enum::<Province>("").is_err());
    }

    #[test]
    fn number_and_flag_cells_refuse_what_they_cannot_read() {
        assert_eq!(parse_whole_number("15"), Ok(15));
        for bad in ["", "-1", "1.5", "十", "10 元"] {
            assert!(parse_whole_number(bad).is_err(), "{bad}");
        }
        assert_eq!(parse_rank(""), Ok(None));
        assert_eq!(parse_rank("3"), Ok(Some(3)));
        assert!(parse_rank("0").is_err());
        assert_eq!(parse_flag("TRUE"), Ok(true));
        assert_eq!(parse_flag("yes"), Ok(true));
        assert_eq!(parse_flag(""), Ok(false));
        assert_eq!(parse_flag("0"), Ok(false));
        assert!(parse_flag("sample").is_err());
    }

    #[test]
    fn an_empty_questions_cell_gives_the_sample_catalogs_standard_questions() {
        let expected: Vec<Question> = serde_json::from_str(
            r#"[{"id": "applicant_name", "kind": "name"},
                {"id": "applicant_id_number", "kind": "id_number"},
                {"id": "phone", "kind": "phone"}]"#,
        )
        .unwrap();
        assert_eq!(parse_questions("").unwrap(), expected);
        assert_eq!(standard_questions(), expected);
        let own = parse_questions(r#"[{"id": "n", "kind": "name", "required": false}]"#).unwrap();
        assert_eq!(own.len(), 1);
        assert!(!own[0].required);
        assert!(parse_questions("name;phone").is_err());
    }

    #[test]
    fn the_format_follows_the_extension_then_the_content() {
        let p = |s: &str| std::path::PathBuf::from(s);
        assert_eq!(CatalogFormat::of(&p("a.CSV"), "[1]"), CatalogFormat::Csv);
        assert_eq!(CatalogFormat::of(&p("a.json"), "code"), CatalogFormat::Json);
        assert_eq!(
            CatalogFormat::of(&p("catalog"), " \n [ {} ]"),
            CatalogFormat::Json
        );
        assert_eq!(
            CatalogFormat::of(&p("catalog.txt"), "\u{feff}code,name_zh_cn"),
            CatalogFormat::Csv
        );
    }

    #[test]
    fn the_sample_csv_reads_with_markers_defaults_and_its_own_questions() {
        let items = parse_catalog_file(
            Path::new("sample-catalog.csv"),
            include_bytes!("../data/sample-catalog.csv"),
        )
        .unwrap();
        let codes: Vec<&str> = items.iter().map(|i| i.code.as_str()).collect();
        assert_eq!(codes, ["ZM-HJ-002", "ZM-SB-003", "ZM-GJJ-002", "ZM-JT-001"]);
        assert!(items.iter().all(|i| i.sample));
        let fund = &items[2];
        assert_eq!(fund.name.zh_tw, None);
        assert_eq!(fund.fee_fen, 0);
        assert_eq!(fund.popular_rank, None);
        assert_eq!(fund.life_events, [LifeEvent::Housing, LifeEvent::JobChange]);
        assert_eq!(fund.questions, standard_questions());
        assert_eq!(items[1].questions.len(), 4);
        assert_eq!(items[1].popular_rank, Some(4));
        assert_eq!(
            items[3].materials,
            [
                material("居民身份证", true, true),
                material("近期免冠彩色照片", true, false),
                material("机动车驾驶人身体条件证明", false, false),
            ]
        );
    }

    #[test]
    fn every_bad_csv_cell_is_reported_with_its_line_and_column() {
        let text = "code,name_zh_cn,category,handling_side,handling_office_zh_cn,mode,time_limit_working_days,questions\n\
            A-1,甲,household,zhejiang,办,fully_online,1,\n\
            A-2,乙,housing,zhejiang,办,fully_online,三,\n\
            ,丙,household,anhui,办,fully_online,1,\n\
            A-1,丁,household,fujian,办,by_post,2,\n\
            \"A-5\",戊,household,fujian,办,multi_office,2,\"[{\"\"id\"\": 1}\n]\"\n\
            A-6,己,household\n";
        let errors = parse_catalog_csv(text).unwrap_err();
        let got: Vec<(usize, Option<&str>)> = errors.iter().map(|e| (e.row, e.column)).collect();
        assert_eq!(
            got,
            [
                (3, Some("category")),
                (3, Some("time_limit_working_days")),
                (4, Some("code")),
                (4, Some("handling_side")),
                (5, Some("code")),
                (5, Some("mode")),
                (6, Some("questions")),
                (8, None),
            ],
            "{errors:#?}"
        );
        assert_eq!(
            errors[4].to_string(),
            "line 5, column code: code A-1 is already on line 2"
        );
    }

    #[test]
    fn missing_and_unknown_csv_columns_are_named_on_line_1() {
        let errors = parse_catalog_csv("code,name,category\nA,甲,household\n").unwrap_err();
        let text: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert!(
            text.contains(&"line 1: unknown column \"name\"".to_string()),
            "{text:?}"
        );
        for c in [
            "name_zh_cn",
            "handling_side",
            "mode",
            "time_limit_working_days",
        ] {
            assert!(
                text.contains(&format!("line 1, column {c}: a required column is missing")),
                "{c}: {text:?}"
            );
        }
        assert!(text.iter().all(|t| t.starts_with("line 1")));
    }

    #[test]
    fn json_errors_keep_their_row_numbers() {
        let errors = parse_catalog("[{\"code\": 1}]").unwrap_err();
        assert_eq!(errors[0].format, CatalogFormat::Json);
        assert!(errors[0].to_string().starts_with("row 1: "));
        assert!(parse_catalog("{}").unwrap_err()[0]
            .to_string()
            .starts_with("file: not a JSON array"));
    }
}
