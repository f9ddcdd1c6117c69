//! The SQLite file on the device: applications, their outbox entries, the catalog cache and the
//! sync position. What is saved together commits together (one `BEGIN IMMEDIATE` transaction),
//! so a crash or power cut at any point loses nothing a receipt was shown for.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

use borderdesk_core::application::{ReceiptMaterial, StatusChange};
use borderdesk_core::attachment::{material_states, Attachment};
use borderdesk_core::catalog::{self, Category, LifeEvent, QuestionKind};
use borderdesk_core::search::CatalogIndex;
use borderdesk_core::{
    Application, ApplicationDraft, ApplicationStatus, AssistedBy, CatalogItem, DeviceCode, Receipt,
    TrackingNumber,
};
use borderdesk_protocol::{Change, EnrollResponse, Mutation, MutationBody, TrackResponse};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{QueryBuilder, Sqlite, SqlitePool, Transaction};
use tokio::sync::Notify;
use ts_rs::TS;
use uuid::Uuid;

use crate::crypto::{default_key_path, DeviceKey};
use crate::error::{LocalError, Result};
use crate::lan::LanKey;
use crate::reference::Held;
use borderdesk_core::legal_aid::LegalAidReference;
use borderdesk_core::notary::NotaryReference;

/// The sample catalog shipped with the app, so a kiosk can serve people before its first sync.
pub const BUNDLED_CATALOG: &str = include_str!("../data/sample-catalog.json");

/// Environment variable that points the app and `borderdesk-ctl` at another database file.
pub const DB_ENV: &str = "BORDERDESK_DB";
/// The app's identifier: its data folder is named after it, as Tauri names app_data_dir.
pub const APP_IDENTIFIER: &str = "cn.borderdesk.app";

/// Where the database lives: `$BORDERDESK_DB`, else the platform's app-data folder.
pub fn default_database_path() -> PathBuf {
    if let Some(p) = std::env::var_os(DB_ENV).filter(|p| !p.is_empty()) {
        return PathBuf::from(p);
    }
    dirs::data_dir()
        .unwrap_or_else(std::env::temp_dir)
        .join(APP_IDENTIFIER)
        .join("borderdesk.sqlite")
}

/// An application with its history, as the tracking screen shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TrackedApplication {
    pub receipt: Receipt,
    pub history: Vec<StatusChange>,
}

/// One page of search results and the number of all matches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SearchPage {
    pub total: u32,
    pub items: Vec<CatalogItem>,
}

/// What the device token is sealed with (bound to its place, like records to their ids).
const DEVICE_TOKEN_AAD: &str = "device-token";
/// What the site's LAN key is sealed with.
const LAN_KEY_AAD: &str = "lan-key";

/// Who this device is to the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceRecord {
    pub device_code: DeviceCode,
    pub device_id: Option<Uuid>,
    pub site_id: Option<String>,
    pub server_url: Option<String>,
    pub device_token: Option<String>,
}

impl DeviceRecord {
    pub fn enrolled(&self) -> bool {
        self.server_url.is_some() && self.device_token.is_some()
    }
}

/// One outbox entry on its way to the server.
#[derive(Debug, Clone)]
pub struct OutboxEntry {
    pub seq: i64,
    pub mutation: Mutation,
}

/// An outbox entry as a push sends it: the mutation's JSON, opened but not read into types
/// (the push passes it through as it was stored).
#[derive(Debug, Clone)]
pub struct OutgoingMutation {
    pub seq: i64,
    pub id: Uuid,
    /// `MutationBody::kind`.
    pub kind: String,
    /// The [`Mutation`] as JSON.
    pub json: String,
}

/// Numbers for the status line and `borderdesk-ctl status`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueState {
    pub waiting: u32,
    pub rejected: u32,
    pub cursor: Option<String>,
    pub last_synced_at: Option<DateTime<Utc>>,
    pub last_error_code: Option<String>,
}

#[derive(Clone)]
pub struct Store {
    pool: SqlitePool,
    path: PathBuf,
    /// The catalog with its search index, rebuilt when the catalog changes.
    catalog: Arc<RwLock<Arc<CatalogIndex>>>,
    /// Pulled catalog changes not yet in the in-memory copy.
    catalog_pulled: Arc<Mutex<PulledCatalog>>,
    /// The server's notary reference data (None: the bundled snapshot), see `crate::notary`.
    pub(crate) notary: Held<borderdesk_core::notary::NotaryReference>,
    /// The server's legal aid reference data (None: the bundled snapshot).
    pub(crate) legal_aid: Held<borderdesk_core::legal_aid::LegalAidReference>,
    /// The county's reasons for a poor rating (None: the bundled list).
    pub(crate) rating_reasons: Held<borderdesk_core::rating::RatingReasons>,
    changed: Arc<Notify>,
    /// Seals personal data (answers, outbox bodies) at rest.
    pub(crate) key: DeviceKey,
}

/// Catalog changes a pull wrote to the database, kept as read from the wire so the in-memory
/// catalog is brought up to date without reading and parsing every item back.
#[derive(Default)]
enum PulledCatalog {
    #[default]
    Nothing,
    /// By code, the latest version of each changed item; `None` for a removed one.
    Items(BTreeMap<String, Option<CatalogItem>>),
    /// The server's data started over: read the whole catalog again.
    Everything,
}

fn corrupt(what: &str) -> LocalError {
    LocalError::Corrupt(<serde_json::Error as serde::de::Error>::custom(what))
}

pub(crate) fn now() -> String {
    Utc::now().to_rfc3339()
}

fn parse_time(s: &str) -> Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| LocalError::Rule(borderdesk_core::CoreError::DateFormat))
}

/// Refuses a database a newer app wrote (a migration this build does not have), before any
/// migration runs, so that the file stays exactly as that version left it.
async fn refuse_newer_database(
    pool: &SqlitePool,
    migrator: &sqlx::migrate::Migrator,
) -> Result<()> {
    let has_table: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations')",
    )
    .fetch_one(pool)
    .await?;
    if !has_table {
        return Ok(());
    }
    let applied: Vec<i64> = sqlx::query_scalar("SELECT version FROM _sqlx_migrations")
        .fetch_all(pool)
        .await?;
    let known: std::collections::BTreeSet<i64> = migrator.iter().map(|m| m.version).collect();
    match applied.into_iter().filter(|v| !known.contains(v)).max() {
        Some(version) => Err(LocalError::DatabaseNewer { version }),
        None => Ok(()),
    }
}

impl Store {
    /// Opens (creating if needed) the database at `path`, migrates it, and seeds the device's
    /// provisional code and the bundled catalog on first start.
    pub async fn open(path: &Path) -> Result<Self> {
        Self::open_with_key(path, &default_key_path()?).await
    }

    /// [`Store::open`] with the device key kept at `key_path`.
    pub async fn open_with_key(path: &Path, key_path: &Path) -> Result<Self> {
        let key = DeviceKey::load_or_create(key_path)?;
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| LocalError::Storage(sqlx::Error::Io(e)))?;
        }
        let options = SqliteConnectOptions::from_str("sqlite://")?
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            // Power cuts happen in township halls; a receipt means it is on disk.
            .synchronous(SqliteSynchronous::Full)
            .busy_timeout(Duration::from_secs(10))
            // What a kiosk drops is overwritten on disk, not left in free pages.
            .pragma("secure_delete", "ON")
            .foreign_keys(true);
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options)
            .await?;
        let migrator = sqlx::migrate!("./migrations");
        if let Err(e) = refuse_newer_database(&pool, &migrator).await {
            pool.close().await;
            return Err(e);
        }
        migrator.run(&pool).await?;
        let store = Self {
            pool,
            path: path.to_path_buf(),
            catalog: Arc::new(RwLock::new(Arc::new(CatalogIndex::from_vec(Vec::new())))),
            catalog_pulled: Arc::default(),
            notary: Held::default(),
            legal_aid: Held::default(),
            rating_reasons: Held::default(),
            changed: Arc::new(Notify::new()),
            key,
        };
        store.seed().await?;
        store.seal_device_token().await?;
        store.reload_catalog().await?;
        store.notary.reload(&store.pool).await?;
        store.legal_aid.reload(&store.pool).await?;
        store.rating_reasons.reload(&store.pool).await?;
        store.discard_abandoned_attachments().await?;
        store.discard_expired_drafts().await?;
        Ok(store)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    /// Woken whenever something new waits in the outbox.
    pub fn outbox_changed(&self) -> Arc<Notify> {
        self.changed.clone()
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }

    pub(crate) async fn begin_write(&self) -> Result<Transaction<'static, Sqlite>> {
        // IMMEDIATE takes the write lock up front, so busy_timeout applies (a deferred
        // transaction that upgrades to a write fails at once with "database is locked").
        Ok(self.pool.begin_with("BEGIN IMMEDIATE").await?)
    }

    async fn seed(&self) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let has_device: Option<i64> = sqlx::query_scalar("SELECT id FROM device")
            .fetch_optional(&mut *tx)
            .await?;
        if has_device.is_none() {
            let code = DeviceCode::provisional(rand::random());
            sqlx::query("INSERT INTO device (id, device_code, created_at) VALUES (1, ?, ?)")
                .bind(code.0 as i64)
                .bind(now())
                .execute(&mut *tx)
                .await?;
        }
        let items: i64 = sqlx::query_scalar("SELECT count(*) FROM catalog_items")
            .fetch_one(&mut *tx)
            .await?;
        if items == 0 {
            let bundled: Vec<CatalogItem> = serde_json::from_str(BUNDLED_CATALOG)?;
            let refs: Vec<&CatalogItem> = bundled.iter().collect();
            upsert_items(&mut tx, &refs, "bundled").await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn reload_catalog(&self) -> Result<()> {
        let rows: Vec<(String,)> = sqlx::query_as("SELECT body FROM catalog_items ORDER BY code")
            .fetch_all(&self.pool)
            .await?;
        let items = rows
            .iter()
            .map(|(b,)| serde_json::from_str(b))
            .collect::<Result<Vec<CatalogItem>, _>>()?;
        self.set_catalog(CatalogIndex::from_vec(items));
        Ok(())
    }

    fn set_catalog(&self, index: CatalogIndex) {
        let mut c = self.catalog.write().unwrap_or_else(|e| e.into_inner());
        *c = Arc::new(index);
    }

    fn catalog(&self) -> Arc<CatalogIndex> {
        self.catalog
            .read()
            .map(|c| c.clone())
            .unwrap_or_else(|e| e.into_inner().clone())
    }

    // ----- device -------------------------------------------------------------------------

    pub async fn device(&self) -> Result<DeviceRecord> {
        // The `language` column is no longer read: a citizen's pick is not kept (see
        // `device_config::home_language`).
        let (code, device_id, site_id, server_url, token): (
            i64,
            Option<String>,
            Option<String>,
            Option<String>,
            Option<String>,
        ) = sqlx::query_as(
            "SELECT device_code, device_id, site_id, server_url, device_token FROM device",
        )
        .fetch_one(&self.pool)
        .await?;
        let token = match token {
            Some(sealed) => Some(
                String::from_utf8(self.key.open(&sealed, DEVICE_TOKEN_AAD)?)
                    .map_err(|_| corrupt("the device token is not text"))?,
            ),
            None => None,
        };
        Ok(DeviceRecord {
            device_code: DeviceCode::new(code as u32)?,
            device_id: device_id.and_then(|d| Uuid::parse_str(&d).ok()),
            site_id,
            server_url,
            device_token: token,
        })
    }

    /// A token saved in clear by an older version is sealed now, like personal data: whoever
    /// copies the database file without the key cannot sync as this device.
    async fn seal_device_token(&self) -> Result<()> {
        let token: Option<String> = sqlx::query_scalar("SELECT device_token FROM device")
            .fetch_one(&self.pool)
            .await?;
        if let Some(plain) = token.filter(|t| !crate::crypto::is_sealed(t)) {
            sqlx::query("UPDATE device SET device_token = ?")
                .bind(self.key.seal(plain.as_bytes(), DEVICE_TOKEN_AAD)?)
                .execute(&self.pool)
                .await?;
        }
        Ok(())
    }

    /// The site's LAN key, once the server has handed it out.
    pub async fn lan_key(&self) -> Result<Option<LanKey>> {
        let sealed: Option<String> = sqlx::query_scalar("SELECT lan_key FROM device")
            .fetch_one(&self.pool)
            .await?;
        let Some(sealed) = sealed else {
            return Ok(None);
        };
        let bytes: [u8; 32] = self
            .key
            .open(&sealed, LAN_KEY_AAD)?
            .try_into()
            .map_err(|_| corrupt("the LAN key is not 32 bytes"))?;
        Ok(Some(LanKey::from_bytes(bytes)))
    }

    /// Keeps the site's LAN key, sealed like the device token.
    pub async fn set_lan_key(&self, key: &LanKey) -> Result<()> {
        sqlx::query("UPDATE device SET lan_key = ?")
            .bind(self.key.seal(key.as_bytes(), LAN_KEY_AAD)?)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Records what the server said at enrollment. Applications already made keep their
    /// numbers; new ones use the server's device code.
    pub async fn save_enrollment(&self, server_url: &str, enrolled: &EnrollResponse) -> Result<()> {
        let code = DeviceCode::new(enrolled.device_code)?;
        // The site's LAN key, or none (a sync asks for it): never another site's kept.
        let lan_key = match &enrolled.lan_key {
            Some(hex) => Some(
                self.key
                    .seal(LanKey::from_hex(hex)?.as_bytes(), LAN_KEY_AAD)?,
            ),
            None => None,
        };
        let mut tx = self.begin_write().await?;
        let old_code: i64 = sqlx::query_scalar("SELECT device_code FROM device")
            .fetch_one(&mut *tx)
            .await?;
        // A new code starts its own sequence; the same code continues its own.
        let reset_sequence = old_code != code.0 as i64;
        sqlx::query(
            "UPDATE device SET device_code = ?, device_id = ?, site_id = ?, server_url = ?,
                 device_token = ?, lan_key = ?,
                 next_sequence = CASE WHEN ? THEN 1 ELSE next_sequence END",
        )
        .bind(code.0 as i64)
        .bind(enrolled.device_id.to_string())
        .bind(&enrolled.site_id)
        .bind(server_url.trim_end_matches('/'))
        .bind(
            self.key
                .seal(enrolled.device_token.as_bytes(), DEVICE_TOKEN_AAD)?,
        )
        .bind(lan_key)
        .bind(reset_sequence)
        .execute(&mut *tx)
        .await?;
        // A new server life: start the feed from the beginning.
        sqlx::query("UPDATE sync_state SET cursor = NULL, last_error_code = NULL")
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    // ----- catalog ------------------------------------------------------------------------

    pub fn catalog_search(&self, query: &str, category: Option<Category>) -> Vec<CatalogItem> {
        self.catalog()
            .search(query, category, usize::MAX)
            .into_iter()
            .cloned()
            .collect()
    }

    /// The best `limit` matches and how many there are in all: a screen shows a page, never
    /// thousands of items (a one-letter query over a full catalog matches most of it).
    pub fn catalog_search_page(
        &self,
        query: &str,
        category: Option<Category>,
        limit: usize,
    ) -> SearchPage {
        let index = self.catalog();
        let found = index.search(query, category, usize::MAX);
        SearchPage {
            total: found.len() as u32,
            items: found.into_iter().take(limit).cloned().collect(),
        }
    }

    pub fn catalog_item(&self, code: &str) -> Result<CatalogItem> {
        self.catalog()
            .items()
            .iter()
            .find(|i| i.code == code)
            .cloned()
            .ok_or(LocalError::Rule(borderdesk_core::CoreError::UnknownItem))
    }

    /// The items a life event calls for, most asked first.
    pub fn catalog_by_life_event(&self, event: LifeEvent) -> Vec<CatalogItem> {
        let index = self.catalog();
        catalog::by_life_event(index.items(), event)
            .into_iter()
            .cloned()
            .collect()
    }

    /// The `n` most asked items, for the no-keyboard start of the services screen.
    pub fn catalog_most_asked(&self, n: usize) -> Vec<CatalogItem> {
        let index = self.catalog();
        catalog::most_asked(index.items(), n)
            .into_iter()
            .cloned()
            .collect()
    }

    pub fn catalog_len(&self) -> usize {
        self.catalog().len()
    }

    // ----- applications -------------------------------------------------------------------

    /// Checks one answer the way submit will, on the branch the answers so far take (the UI
    /// calls this before moving on); a question they do not lead to keeps nothing.
    pub fn check_answer(
        &self,
        item_code: &str,
        question_id: &str,
        value: &str,
        answers: &BTreeMap<String, String>,
        today: NaiveDate,
    ) -> Result<String> {
        let item = self.catalog_item(item_code)?;
        item.question(question_id)?;
        item.check_answer(question_id, value, answers, today)
            .map_err(|error| LocalError::Answer {
                question_id: question_id.to_string(),
                error,
            })
    }

    /// Saves an application and its outbox entry in one transaction and returns the receipt.
    /// Works with no network; the sync task sends it later.
    pub async fn submit_application(
        &self,
        draft: &ApplicationDraft,
        today: NaiveDate,
    ) -> Result<Receipt> {
        self.submit_application_as(draft, today, None).await
    }

    /// [`Store::submit_application`], recording the member of staff who filled it in for the
    /// citizen (代办) when there is one.
    pub async fn submit_application_as(
        &self,
        draft: &ApplicationDraft,
        today: NaiveDate,
        assisted_by: Option<AssistedBy>,
    ) -> Result<Receipt> {
        let item = self.catalog_item(&draft.item_code)?;
        let answers =
            item.check_answers(&draft.answers, today)
                .map_err(|e| LocalError::Answer {
                    question_id: e.question_id,
                    error: e.error,
                })?;
        let mut tx = self.begin_write().await?;
        let tracking_number = next_tracking_number(&mut tx).await?;
        let application = Application {
            id: Uuid::now_v7(),
            tracking_number,
            item_code: item.code.clone(),
            answers,
            status: ApplicationStatus::Submitted,
            submitted_at: Utc::now(),
            assisted_by,
        };
        insert_application(&mut tx, &application, &self.key).await?;
        if let Some(lookup) = &draft.resumed_from {
            crate::resume::use_up_resumed(&mut tx, lookup, &item.code).await?;
        }
        crate::attachments::claim_for_application(
            &mut tx,
            &crate::attachments::MaterialsOf::Item(item.code.clone()),
            &application.id.to_string(),
            &draft.attachments,
        )
        .await?;
        enqueue(
            &mut tx,
            &self.key,
            &application.id.to_string(),
            MutationBody::SubmitApplication {
                application: application.clone(),
            },
        )
        .await?;
        tx.commit().await?;
        self.changed.notify_one();
        let files = self.attachments_of(application.id).await?;
        Ok(receipt(&item, &application, true, &files))
    }

    /// Looks an application up by tracking number; the last four characters of the applicant's
    /// ID number must match (a wrong one reads as "not found", so nothing leaks).
    pub async fn track(
        &self,
        tracking_number: &str,
        id_last_four: &str,
    ) -> Result<TrackedApplication> {
        let tracking_number = TrackingNumber::parse(tracking_number)?;
        let last_four = id_last_four.trim().to_ascii_uppercase();
        if last_four.chars().count() != 4 {
            return Err(LocalError::IdLastFour);
        }
        let row: Option<(String, String, String, String, String, Option<String>)> = sqlx::query_as(
            "SELECT id, item_code, answers, status, submitted_at, sent_at FROM applications WHERE tracking_number = ?",
        )
        .bind(tracking_number.as_str())
        .fetch_optional(&self.pool)
        .await?;
        let (id, item_code, answers, status, submitted_at, sent_at) =
            row.ok_or(LocalError::ApplicationNotFound)?;
        let item = self.catalog_item(&item_code)?;
        // A kiosk dropped the answers once the server had them: its check value remains.
        let (answers, id_matches) = if answers.is_empty() {
            let matches = self.application_check_matches(&id, &last_four).await?;
            (BTreeMap::new(), matches)
        } else {
            let answers: BTreeMap<String, String> =
                serde_json::from_slice(&self.key.open(&answers, &id)?)?;
            let matches = item
                .questions
                .iter()
                .filter(|q| q.kind == QuestionKind::IdNumber)
                .filter_map(|q| answers.get(&q.id))
                .any(|id| id.ends_with(&last_four));
            (answers, matches)
        };
        if !id_matches {
            return Err(LocalError::ApplicationNotFound);
        }
        let application = Application {
            id: Uuid::parse_str(&id).map_err(|_| LocalError::ApplicationNotFound)?,
            tracking_number,
            item_code,
            answers,
            status: ApplicationStatus::parse(&status)?,
            submitted_at: parse_time(&submitted_at)?,
            assisted_by: None,
        };
        let history_rows: Vec<(String, Option<String>, String)> = sqlx::query_as(
            "SELECT status, note, at FROM status_history WHERE application_id = ? ORDER BY at, rowid",
        )
        .bind(&id)
        .fetch_all(&self.pool)
        .await?;
        let history = history_rows
            .into_iter()
            .map(|(s, note, at)| {
                Ok(StatusChange {
                    status: ApplicationStatus::parse(&s)?,
                    note,
                    at: parse_time(&at)?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let files = self.attachments_of(application.id).await?;
        Ok(TrackedApplication {
            receipt: receipt(&item, &application, sent_at.is_none(), &files),
            history,
        })
    }

    /// The receipt of an application held on this device, for printing and reprinting. A
    /// receipt carries no personal data, so the tracking number alone is enough.
    pub async fn receipt(&self, tracking_number: &str) -> Result<(Receipt, CatalogItem)> {
        let tracking_number = TrackingNumber::parse(tracking_number)?;
        let row: Option<(String, String, String, String, Option<String>)> = sqlx::query_as(
            "SELECT id, item_code, status, submitted_at, sent_at FROM applications WHERE tracking_number = ?",
        )
        .bind(tracking_number.as_str())
        .fetch_optional(&self.pool)
        .await?;
        let (id, item_code, status, submitted_at, sent_at) =
            row.ok_or(LocalError::ApplicationNotFound)?;
        let item = self.catalog_item(&item_code)?;
        let application = Application {
            id: Uuid::parse_str(&id).map_err(|_| LocalError::ApplicationNotFound)?,
            tracking_number,
            item_code,
            answers: BTreeMap::new(),
            status: ApplicationStatus::parse(&status)?,
            submitted_at: parse_time(&submitted_at)?,
            assisted_by: None,
        };
        let files = self.attachments_of(application.id).await?;
        Ok((
            receipt(&item, &application, sent_at.is_none(), &files),
            item,
        ))
    }

    /// Whether an application's receipt came out before (a print now is a reprint, 补打).
    pub async fn receipt_printed_before(&self, tracking_number: &str) -> Result<bool> {
        let number = TrackingNumber::parse(tracking_number)?;
        let printed: Option<Option<String>> = sqlx::query_scalar(
            "SELECT receipt_printed_at FROM applications WHERE tracking_number = ?",
        )
        .bind(number.as_str())
        .fetch_optional(&self.pool)
        .await?;
        Ok(printed.flatten().is_some())
    }

    /// Notes that an application's receipt came out (printed or saved); the first time counts.
    pub async fn note_receipt_printed(&self, tracking_number: &str) -> Result<()> {
        let number = TrackingNumber::parse(tracking_number)?;
        sqlx::query(
            "UPDATE applications SET receipt_printed_at = COALESCE(receipt_printed_at, ?)
             WHERE tracking_number = ?",
        )
        .bind(now())
        .bind(number.as_str())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// A server's answer about an application taken elsewhere, as the tracking screen shows it.
    pub fn tracked_from_server(&self, found: &TrackResponse) -> Result<TrackedApplication> {
        let item = self.catalog_item(&found.item_code)?;
        let application = Application {
            id: found.application_id,
            tracking_number: found.tracking_number.clone(),
            item_code: found.item_code.clone(),
            answers: BTreeMap::new(),
            status: found.status,
            submitted_at: found.submitted_at,
            assisted_by: None,
        };
        let history = found
            .history
            .iter()
            .map(|h| StatusChange {
                status: h.status,
                note: h.note.clone(),
                at: h.at,
            })
            .collect();
        let mut receipt = receipt(&item, &application, false, &[]);
        // Another device took the files; this one cannot say which materials came with it.
        receipt.materials.clear();
        Ok(TrackedApplication { receipt, history })
    }

    pub async fn application_count(&self) -> Result<i64> {
        Ok(sqlx::query_scalar("SELECT count(*) FROM applications")
            .fetch_one(&self.pool)
            .await?)
    }

    // ----- outbox and sync state ----------------------------------------------------------

    /// The oldest pending entries, at most `limit`.
    pub async fn pending(&self, limit: u32) -> Result<Vec<OutboxEntry>> {
        self.pending_after(0, limit).await
    }

    /// The oldest pending entries queued after outbox position `seq`, at most `limit`.
    pub async fn pending_after(&self, seq: i64, limit: u32) -> Result<Vec<OutboxEntry>> {
        let rows: Vec<(i64, String, String)> = sqlx::query_as(
            "SELECT seq, mutation_id, body FROM outbox WHERE state = 'pending' AND seq > ? ORDER BY seq LIMIT ?",
        )
        .bind(seq)
        .bind(limit as i64)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|(seq, id, body)| {
                Ok(OutboxEntry {
                    seq,
                    mutation: Mutation {
                        id: Uuid::parse_str(&id).map_err(|_| LocalError::ApplicationNotFound)?,
                        body: serde_json::from_slice(&self.key.open(&body, &id)?)?,
                    },
                })
            })
            .collect()
    }

    /// [`Store::pending_after`] as a push sends it, see [`OutgoingMutation`].
    pub async fn outgoing_after(&self, seq: i64, limit: u32) -> Result<Vec<OutgoingMutation>> {
        // One row for the whole batch: SQLite builds the array, which costs less than a
        // thousand rows through the driver.
        let batch: String = sqlx::query_scalar(
            "SELECT json_group_array(json_array(seq, mutation_id, kind, body) ORDER BY seq) FROM
                 (SELECT seq, mutation_id, kind, body FROM outbox
                   WHERE state = 'pending' AND seq > ? ORDER BY seq LIMIT ?)",
        )
        .bind(seq)
        .bind(limit as i64)
        .fetch_one(&self.pool)
        .await?;
        let rows: Vec<(i64, String, String, String)> = serde_json::from_str(&batch)?;
        rows.into_iter()
            .map(|(seq, id, kind, sealed)| {
                let body = String::from_utf8(self.key.open(&sealed, &id)?)
                    .map_err(|_| corrupt("an outbox body is not text"))?;
                // A `Mutation` is its id followed by its body's fields (`serde(flatten)`).
                let fields = body
                    .trim_start()
                    .strip_prefix('{')
                    .ok_or_else(|| corrupt("an outbox body is not a JSON object"))?;
                let mut json = String::with_capacity(fields.len() + 48);
                json.push_str("{\"id\":\"");
                json.push_str(&id);
                json.push('"');
                if !fields.trim_start().starts_with('}') {
                    json.push(',');
                }
                json.push_str(fields);
                Ok(OutgoingMutation {
                    seq,
                    id: Uuid::parse_str(&id).map_err(|_| corrupt("an outbox id is not a UUID"))?,
                    kind,
                    json,
                })
            })
            .collect()
    }

    /// Applies the server's answers: received entries leave the outbox (and their records are
    /// marked sent); refused ones are marked rejected and leave the queue. One statement per
    /// kind of answer, whatever the batch size.
    pub async fn record_results(&self, results: &[(Uuid, Result<(), String>)]) -> Result<()> {
        if self.record_results_unflushed(results).await? {
            self.flush_forgotten().await?;
        }
        Ok(())
    }

    /// [`Store::record_results`] without the write-ahead log checkpoint that follows a
    /// kiosk's drop of personal data: true when the caller owes one (`flush_forgotten`). A push
    /// of many batches checkpoints once, after its last batch, instead of once per batch.
    pub(crate) async fn record_results_unflushed(
        &self,
        results: &[(Uuid, Result<(), String>)],
    ) -> Result<bool> {
        let received: Vec<String> = results
            .iter()
            .filter(|(_, r)| r.is_ok())
            .map(|(id, _)| id.to_string())
            .collect();
        let refused: Vec<serde_json::Value> = results
            .iter()
            .filter_map(|(id, r)| {
                r.as_ref()
                    .err()
                    .map(|code| serde_json::json!([id.to_string(), code]))
            })
            .collect();
        let mut tx = self.begin_write().await?;
        if !received.is_empty() {
            let ids = serde_json::to_string(&received)?;
            // The outbox is looked up once: by kind, the records the answered entries are
            // about and the entries' positions. What a kind needs is done only when the
            // batch holds that kind (a day's push is mostly applications).
            let by_kind: Vec<(String, String, String)> = sqlx::query_as(
                "SELECT kind, json_group_array(record_id), json_group_array(seq) FROM outbox
                  WHERE mutation_id IN (SELECT value FROM json_each(?)) GROUP BY kind",
            )
            .bind(&ids)
            .fetch_all(&mut *tx)
            .await?;
            let records_of = |kind: &str| {
                by_kind
                    .iter()
                    .find(|(k, _, _)| k == kind)
                    .map(|(_, records, _)| records.as_str())
            };
            if let Some(records) = records_of("submit_application") {
                sqlx::query(
                    "UPDATE applications SET sent_at = ? WHERE id IN (SELECT value FROM json_each(?))",
                )
                .bind(now())
                .bind(records)
                .execute(&mut *tx)
                .await?;
            }
            if let Some(records) = records_of("submit_legal_aid") {
                sqlx::query(
                    "UPDATE legal_aid_requests SET status = 'received'
                      WHERE status = 'saved' AND id IN (SELECT value FROM json_each(?))",
                )
                .bind(records)
                .execute(&mut *tx)
                .await?;
            }
            if by_kind.iter().any(|(k, _, _)| {
                matches!(
                    k.as_str(),
                    "book_slot" | "cancel_booking" | "reschedule_booking"
                )
            }) {
                // A booking the server took is confirmed; a cancel it took is final. When a
                // booking and its cancel were taken together, the latest of them decides.
                sqlx::query(
                    "UPDATE bookings SET decided_at = ?1,
                         status = CASE (SELECT kind FROM outbox WHERE record_id = bookings.id
                                            AND mutation_id IN (SELECT value FROM json_each(?2))
                                        ORDER BY seq DESC LIMIT 1)
                                  WHEN 'book_slot' THEN CASE status WHEN 'pending' THEN 'confirmed' ELSE status END
                                  WHEN 'cancel_booking' THEN 'cancelled'
                                  ELSE status END,
                         slot_start = CASE WHEN requested_slot IS NOT NULL AND
                                                (SELECT kind FROM outbox WHERE record_id = bookings.id
                                                     AND mutation_id IN (SELECT value FROM json_each(?2))
                                                 ORDER BY seq DESC LIMIT 1) = 'reschedule_booking'
                                           THEN requested_slot ELSE slot_start END,
                         requested_slot = NULL
                     WHERE id IN (SELECT record_id FROM outbox
                                  WHERE mutation_id IN (SELECT value FROM json_each(?2)))",
                )
                .bind(now())
                .bind(&ids)
                .execute(&mut *tx)
                .await?;
            }
            // A kiosk now forgets the person's data the server holds.
            self.forget_received(&mut tx, &ids).await?;
            for (_, _, seqs) in &by_kind {
                sqlx::query("DELETE FROM outbox WHERE seq IN (SELECT value FROM json_each(?))")
                    .bind(seqs)
                    .execute(&mut *tx)
                    .await?;
            }
        }
        if !refused.is_empty() {
            // A booking refused is rejected (its alternatives come with the answer or the
            // feed); a cancel refused leaves the booking as it was.
            sqlx::query(
                "UPDATE bookings SET decided_at = ?1,
                     status = CASE (SELECT kind FROM outbox WHERE record_id = bookings.id
                                        AND mutation_id IN (SELECT json_extract(value, '$[0]') FROM json_each(?2)))
                              WHEN 'book_slot' THEN 'rejected'
                              WHEN 'cancel_booking' THEN 'confirmed'
                              ELSE status END,
                     requested_slot = NULL
                 WHERE id IN (SELECT record_id FROM outbox
                              WHERE mutation_id IN (SELECT json_extract(value, '$[0]') FROM json_each(?2)))",
            )
            .bind(now())
            .bind(serde_json::to_string(&refused)?)
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "UPDATE outbox SET state = 'rejected', attempts = attempts + 1,
                     error_code = (SELECT json_extract(value, '$[1]') FROM json_each(?1)
                                   WHERE json_extract(value, '$[0]') = outbox.mutation_id)
                 WHERE mutation_id IN (SELECT json_extract(value, '$[0]') FROM json_each(?1))",
            )
            .bind(serde_json::to_string(&refused)?)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(!received.is_empty())
    }

    /// Counts one more push on which the server failed with this mutation alone, and
    /// returns how many there were.
    pub async fn count_failed_push(&self, mutation_id: Uuid) -> Result<u32> {
        let attempts: Option<i64> = sqlx::query_scalar(
            "UPDATE outbox SET attempts = attempts + 1 WHERE mutation_id = ? AND state = 'pending'
             RETURNING attempts",
        )
        .bind(mutation_id.to_string())
        .fetch_optional(&self.pool)
        .await?;
        Ok(attempts.unwrap_or(0).clamp(0, i64::from(u32::MAX)) as u32)
    }

    pub async fn queue_state(&self) -> Result<QueueState> {
        // Two counts over the (state, seq) index: the status line asks after every pushed
        // batch, and a scan of the outbox's rows (bodies and all) cost more than the batch's
        // own bookkeeping.
        let (waiting, rejected): (i64, i64) = sqlx::query_as(
            "SELECT (SELECT count(*) FROM outbox WHERE state = 'pending'),
                    (SELECT count(*) FROM outbox WHERE state = 'rejected')",
        )
        .fetch_one(&self.pool)
        .await?;
        let (cursor, last, error): (Option<String>, Option<String>, Option<String>) =
            sqlx::query_as("SELECT cursor, last_synced_at, last_error_code FROM sync_state")
                .fetch_one(&self.pool)
                .await?;
        Ok(QueueState {
            waiting: waiting as u32,
            rejected: rejected as u32,
            cursor,
            last_synced_at: last.as_deref().map(parse_time).transpose()?,
            last_error_code: error,
        })
    }

    pub async fn record_sync_error(&self, code: Option<&str>) -> Result<()> {
        sqlx::query("UPDATE sync_state SET last_error_code = ?")
            .bind(code)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Applies one pulled page and moves the cursor, in one transaction.
    pub async fn apply_pull(&self, changes: Vec<Change>, cursor: &str, reset: bool) -> Result<()> {
        // On a task of its own: a sync given up on (a booking's few seconds' wait) must not
        // stop a page between its commit and the in-memory data that follows it.
        let (this, cursor) = (self.clone(), cursor.to_string());
        match tokio::spawn(async move { this.apply_pull_whole(changes, &cursor, reset).await })
            .await
        {
            Ok(applied) => applied,
            Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
            // Only when the runtime itself is going away.
            Err(_) => Err(LocalError::Storage(sqlx::Error::WorkerCrashed)),
        }
    }

    async fn apply_pull_whole(
        &self,
        changes: Vec<Change>,
        cursor: &str,
        reset: bool,
    ) -> Result<()> {
        // A page and its cursor are written together and can always be pulled again, so their
        // commit need not wait for the disk (synchronous = NORMAL for this one transaction):
        // a power cut loses both or neither, and the page comes again. The flush was most of
        // the time a page of reference data took. Every other write stays FULL.
        let mut conn = Unflushed(Some(self.pool.acquire().await?));
        let applied = match conn.begin().await {
            Ok(c) => Self::write_pulled(c, &changes, cursor, reset).await,
            Err(e) => Err(e),
        };
        conn.end().await;
        let (notary, legal_aid, rating_reasons) = applied?;
        self.notary.pulled(notary, reset);
        self.legal_aid.pulled(legal_aid, reset);
        self.rating_reasons.pulled(rating_reasons, reset);
        if reset {
            self.seed().await?;
        }
        // The in-memory catalog follows once after the last page (see `refresh_catalog`).
        let mut pulled = self
            .catalog_pulled
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        if reset {
            *pulled = PulledCatalog::Everything;
        }
        for change in changes {
            let (code, item) = match change {
                Change::CatalogItem { item } => (item.code.clone(), Some(*item)),
                Change::CatalogItemRemoved { code } => (code, None),
                _ => continue,
            };
            match &mut *pulled {
                PulledCatalog::Everything => break,
                PulledCatalog::Items(items) => {
                    items.insert(code, item);
                }
                nothing @ PulledCatalog::Nothing => {
                    *nothing = PulledCatalog::Items(BTreeMap::from([(code, item)]));
                }
            }
        }
        Ok(())
    }

    /// The page's writes in one transaction; the reference data it held, once saved.
    async fn write_pulled(
        conn: &mut sqlx::SqliteConnection,
        changes: &[Change],
        cursor: &str,
        reset: bool,
    ) -> Result<Pulled> {
        let mut tx = sqlx::Connection::begin_with(conn, "BEGIN IMMEDIATE").await?;
        if reset {
            // The server's data starts over: forget what it sent before, keep the snapshot.
            sqlx::query("DELETE FROM catalog_items WHERE source = 'server'")
                .execute(&mut *tx)
                .await?;
            Held::<NotaryReference>::forget(&mut tx).await?;
            Held::<LegalAidReference>::forget(&mut tx).await?;
            Held::<borderdesk_core::rating::RatingReasons>::forget(&mut tx).await?;
        }
        let (mut notary, mut legal_aid, mut rating_reasons) = (None, None, None);
        let mut items: Vec<&CatalogItem> = Vec::new();
        let mut removed: Vec<&str> = Vec::new();
        for change in changes {
            match change {
                Change::ApplicationStatus {
                    application_id,
                    status,
                    note,
                    at,
                    ..
                } => {
                    let id = application_id.to_string();
                    // Only records this device holds; a status never overwrites a record that
                    // still waits in the outbox (the server cannot know it yet anyway).
                    let updated = sqlx::query(
                        "UPDATE applications SET status = ? WHERE id = ?
                             AND NOT EXISTS (SELECT 1 FROM outbox WHERE record_id = ? AND state = 'pending')",
                    )
                    .bind(status.as_str())
                    .bind(&id)
                    .bind(&id)
                    .execute(&mut *tx)
                    .await?;
                    if updated.rows_affected() > 0 {
                        sqlx::query(
                            "INSERT OR IGNORE INTO status_history (application_id, status, note, at) VALUES (?, ?, ?, ?)",
                        )
                        .bind(&id)
                        .bind(status.as_str())
                        .bind(note)
                        .bind(at.to_rfc3339())
                        .execute(&mut *tx)
                        .await?;
                    }
                }
                Change::CatalogItem { item } => {
                    // A later change to the same item in this page wins, as in the feed.
                    removed.retain(|c| *c != item.code);
                    items.push(item);
                }
                Change::Booking {
                    booking_id,
                    status,
                    slot_start,
                    alternatives,
                    ..
                } => {
                    Store::apply_booking_change(
                        &mut tx,
                        *booking_id,
                        *status,
                        *slot_start,
                        alternatives,
                    )
                    .await?;
                }
                Change::CatalogItemRemoved { code } => {
                    items.retain(|i| i.code != *code);
                    removed.push(code);
                }
                Change::NotaryReference { reference } => {
                    if let Some(r) = Held::save(&mut tx, reference.as_ref()).await? {
                        notary = Some(r);
                    }
                }
                Change::LegalAidReference { reference } => {
                    if let Some(r) = Held::save(&mut tx, reference.as_ref()).await? {
                        legal_aid = Some(r);
                    }
                }
                Change::RatingReasons { reasons } => {
                    if let Some(r) = Held::save(&mut tx, reasons).await? {
                        rating_reasons = Some(r);
                    }
                }
                // Data a newer server sends that this version does not know: the rest of the
                // page still applies, and the cursor moves past it.
                Change::Unknown => {}
                // Only requests made here; the office's note (refusal reasons, the answer to
                // a consultation) comes with the status.
                Change::LegalAidStatus {
                    request_id,
                    status,
                    note,
                    office,
                    ..
                } => {
                    // The office the server chose decides, whatever this device would route to.
                    sqlx::query(
                        "UPDATE legal_aid_requests
                         SET status = ?, note = coalesce(?, note), office_code = ?, office = ?
                         WHERE id = ?",
                    )
                    .bind(status.as_str())
                    .bind(note)
                    .bind(&office.code)
                    .bind(serde_json::to_string(&office)?)
                    .bind(request_id.to_string())
                    .execute(&mut *tx)
                    .await?;
                }
            }
        }
        if !items.is_empty() {
            // One statement for the whole page: reference data comes in thousands of rows.
            upsert_items(&mut tx, &items, "server").await?;
        }
        if !removed.is_empty() {
            sqlx::query("DELETE FROM catalog_items WHERE code IN (SELECT value FROM json_each(?))")
                .bind(serde_json::to_string(&removed)?)
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query("UPDATE sync_state SET cursor = ?")
            .bind(cursor)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok((notary, legal_aid, rating_reasons))
    }

    /// Brings the in-memory catalog up to date with pulled changes, if there were any.
    pub async fn refresh_catalog(&self) -> Result<()> {
        let pulled = std::mem::take(
            &mut *self
                .catalog_pulled
                .lock()
                .unwrap_or_else(|e| e.into_inner()),
        );
        match pulled {
            PulledCatalog::Nothing => Ok(()),
            PulledCatalog::Everything => self.reload_catalog().await,
            PulledCatalog::Items(changed) => {
                let current = self.catalog();
                // Pulled items are moved in; only the ones kept from before are copied (a
                // first sync brings thousands and keeps a few dozen).
                let mut items: BTreeMap<String, CatalogItem> = current
                    .items()
                    .iter()
                    .filter(|i| !changed.contains_key(&i.code))
                    .map(|i| (i.code.clone(), i.clone()))
                    .collect();
                for (code, item) in changed {
                    if let Some(item) = item {
                        items.insert(code, item);
                    }
                }
                // Sorted by code, as `reload_catalog` reads them.
                self.set_catalog(CatalogIndex::from_vec(items.into_values().collect()));
                Ok(())
            }
        }
    }

    pub async fn mark_synced(&self) -> Result<()> {
        sqlx::query("UPDATE sync_state SET last_synced_at = ?, last_error_code = NULL")
            .bind(now())
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}

/// A connection writing with `synchronous = NORMAL`, for pulled pages only. It goes back to
/// the pool only once it is FULL again; dropped before that (an error, a panic), it is closed,
/// so no citizen's record is ever committed on it without reaching the disk.
struct Unflushed(Option<sqlx::pool::PoolConnection<Sqlite>>);

impl Unflushed {
    async fn begin(&mut self) -> Result<&mut sqlx::SqliteConnection> {
        let conn = self
            .0
            .as_mut()
            .ok_or(LocalError::Storage(sqlx::Error::PoolClosed))?;
        sqlx::query("PRAGMA synchronous = NORMAL")
            .execute(&mut **conn)
            .await?;
        Ok(&mut **conn)
    }

    /// FULL again, and back to the pool; closed when that fails.
    async fn end(mut self) {
        if let Some(mut conn) = self.0.take() {
            if sqlx::query("PRAGMA synchronous = FULL")
                .execute(&mut *conn)
                .await
                .is_err()
            {
                conn.close_on_drop();
            }
        }
    }
}

impl Drop for Unflushed {
    fn drop(&mut self) {
        if let Some(conn) = self.0.as_mut() {
            conn.close_on_drop();
        }
    }
}

/// What a pulled page brought of the reference data the store keeps in memory.
type Pulled = (
    Option<Arc<NotaryReference>>,
    Option<Arc<LegalAidReference>>,
    Option<Arc<borderdesk_core::rating::RatingReasons>>,
);

fn receipt(
    item: &CatalogItem,
    a: &Application,
    waiting_to_send: bool,
    files: &[Attachment],
) -> Receipt {
    let materials = item
        .materials
        .iter()
        .zip(material_states(item, files))
        .map(|(m, state)| ReceiptMaterial {
            name: m.name.clone(),
            state,
        })
        .collect();
    Receipt {
        application_id: a.id,
        tracking_number_grouped: a.tracking_number.grouped(),
        tracking_number: a.tracking_number.clone(),
        item_code: a.item_code.clone(),
        item_name: item.name.clone(),
        handling_office: item.handling_office.clone(),
        time_limit_working_days: item.time_limit_working_days,
        submitted_at: a.submitted_at,
        status: a.status,
        waiting_to_send,
        materials,
    }
}

async fn upsert_items(
    tx: &mut Transaction<'_, Sqlite>,
    items: &[&CatalogItem],
    source: &str,
) -> Result<()> {
    // Rows bound as values, a statement per thousand: SQLite then stores each body as given,
    // where reading them out of one JSON array parsed and printed every item again.
    const ROWS_PER_STATEMENT: usize = 1000;
    let at = now();
    let bodies = items
        .iter()
        .map(serde_json::to_string)
        .collect::<std::result::Result<Vec<_>, _>>()?;
    for (items, bodies) in items
        .chunks(ROWS_PER_STATEMENT)
        .zip(bodies.chunks(ROWS_PER_STATEMENT))
    {
        let mut q: QueryBuilder<Sqlite> =
            QueryBuilder::new("INSERT INTO catalog_items (code, body, source, updated_at) ");
        q.push_values(items.iter().zip(bodies), |mut row, (item, body)| {
            row.push_bind(item.code.as_str())
                .push_bind(body.as_str())
                .push_bind(source)
                .push_bind(at.as_str());
        });
        q.push(
            " ON CONFLICT (code) DO UPDATE SET body = excluded.body, source = excluded.source,
              updated_at = excluded.updated_at",
        );
        q.build().execute(&mut **tx).await?;
    }
    Ok(())
}

async fn insert_application(
    tx: &mut Transaction<'_, Sqlite>,
    a: &Application,
    key: &DeviceKey,
) -> Result<()> {
    let id = a.id.to_string();
    let at = a.submitted_at.to_rfc3339();
    sqlx::query(
        "INSERT INTO applications (id, tracking_number, item_code, answers, status, submitted_at, assisted_by)
         VALUES (?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(&id)
    .bind(a.tracking_number.as_str())
    .bind(&a.item_code)
    .bind(key.seal(serde_json::to_string(&a.answers)?.as_bytes(), &id)?)
    .bind(a.status.as_str())
    .bind(&at)
    .bind(a.assisted_by.as_ref().map(serde_json::to_string).transpose()?)
    .execute(&mut **tx)
    .await?;
    sqlx::query("INSERT INTO status_history (application_id, status, at) VALUES (?, ?, ?)")
        .bind(&id)
        .bind(a.status.as_str())
        .bind(&at)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// The device's next tracking number, taken in the caller's transaction (so a number is used
/// by exactly one record, and a rolled-back save gives it back). Applications, bookings and
/// legal aid requests share the sequence.
pub(crate) async fn next_tracking_number(
    tx: &mut Transaction<'_, Sqlite>,
) -> Result<TrackingNumber> {
    let (code, sequence): (i64, i64) = sqlx::query_as(
        "UPDATE device SET next_sequence = next_sequence + 1 RETURNING device_code, next_sequence - 1",
    )
    .fetch_one(&mut **tx)
    .await?;
    Ok(TrackingNumber::issue(
        DeviceCode::new(code as u32)?,
        sequence as u32,
    )?)
}

pub(crate) async fn enqueue(
    tx: &mut Transaction<'_, Sqlite>,
    key: &DeviceKey,
    record_id: &str,
    body: MutationBody,
) -> Result<()> {
    let mutation_id = Uuid::now_v7().to_string();
    // The body holds the answers: sealed like them, bound to the mutation.
    let sealed = key.seal(serde_json::to_string(&body)?.as_bytes(), &mutation_id)?;
    sqlx::query(
        "INSERT INTO outbox (mutation_id, kind, record_id, body, created_at) VALUES (?, ?, ?, ?, ?)",
    )
    .bind(&mutation_id)
    .bind(body.kind())
    .bind(record_id)
    .bind(sealed)
    .bind(now())
    .execute(&mut **tx)
    .await?;
    Ok(())
}
