//! What remote support does on a device (`borderdesk-ctl`): look at the outbox without
//! seeing anyone's data, put a set-aside entry back in the queue or discard it (audited, with
//! the reason), and back the database up or restore it. The personal data in a backup stays
//! sealed with the device key, which is never in the backup.

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::json;
use sqlx::sqlite::{SqliteConnectOptions, SqliteLockingMode};
use sqlx::{ConnectOptions, Connection};
use uuid::Uuid;

use crate::error::{LocalError, Result};
use crate::staff::{audit_line, AuditLine};
use crate::store::Store;

/// Longest reason a discard takes.
pub const MAX_REASON_CHARS: usize = 500;

/// One outbox entry as support sees it: what kind of change, how old, why it is stuck.
/// Never its body (that is a person's data).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OutboxLine {
    pub seq: i64,
    pub mutation_id: Uuid,
    /// `submit_application`, `book_slot`, `staff_audit` ...
    pub kind: String,
    /// `waiting` or `set_aside`.
    pub state: &'static str,
    pub created_at: DateTime<Utc>,
    pub age_seconds: u64,
    pub attempts: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_code: Option<String>,
}

type OutboxRow = (i64, String, String, String, String, i64, Option<String>);

fn io(e: std::io::Error) -> LocalError {
    LocalError::Storage(sqlx::Error::Io(e))
}

impl Store {
    /// The waiting and set-aside entries, oldest first.
    pub async fn outbox_lines(&self) -> Result<Vec<OutboxLine>> {
        let rows: Vec<OutboxRow> = sqlx::query_as(
            "SELECT seq, mutation_id, kind, state, created_at, attempts, error_code
               FROM outbox ORDER BY seq",
        )
        .fetch_all(self.pool())
        .await?;
        let now = Utc::now();
        rows.into_iter()
            .map(|(seq, id, kind, state, at, attempts, error_code)| {
                let created_at = DateTime::parse_from_rfc3339(&at)
                    .map_err(|_| LocalError::Rule(borderdesk_core::CoreError::DateFormat))?
                    .with_timezone(&Utc);
                Ok(OutboxLine {
                    seq,
                    mutation_id: Uuid::parse_str(&id)
                        .map_err(|_| LocalError::OutboxEntryNotFound)?,
                    kind,
                    state: if state == "rejected" {
                        "set_aside"
                    } else {
                        "waiting"
                    },
                    age_seconds: (now - created_at).num_seconds().max(0) as u64,
                    created_at,
                    attempts: attempts.clamp(0, u32::MAX as i64) as u32,
                    error_code,
                })
            })
            .collect()
    }

    /// The entry `id` names: its outbox position (`12`) or its mutation id.
    async fn outbox_line(&self, id: &str) -> Result<OutboxLine> {
        let id = id.trim().trim_start_matches('#');
        self.outbox_lines()
            .await?
            .into_iter()
            .find(|l| l.seq.to_string() == id || l.mutation_id.to_string() == id)
            .ok_or(LocalError::OutboxEntryNotFound)
    }

    /// Puts a set-aside entry back in the queue (attempts from zero); the next round sends
    /// it again. Audited with the reason, in the same transaction.
    pub async fn retry_set_aside(&self, id: &str, reason: Option<&str>) -> Result<OutboxLine> {
        self.act_on_set_aside(id, "outbox_retry", reason).await
    }

    /// Removes a set-aside entry for good: the server will never get it. Audited with the
    /// reason (which is required), in the same transaction.
    pub async fn discard_set_aside(&self, id: &str, reason: &str) -> Result<OutboxLine> {
        self.act_on_set_aside(id, "outbox_discard", Some(reason))
            .await
    }

    async fn act_on_set_aside(
        &self,
        id: &str,
        action: &str,
        reason: Option<&str>,
    ) -> Result<OutboxLine> {
        let reason = reason.map(str::trim).filter(|r| !r.is_empty());
        if let Some(r) = reason {
            borderdesk_core::validate::plain_text(r, false)?;
            if r.chars().count() > MAX_REASON_CHARS {
                return Err(LocalError::ReasonRequired);
            }
        } else if action == "outbox_discard" {
            return Err(LocalError::ReasonRequired);
        }
        let line = self.outbox_line(id).await?;
        if line.state != "set_aside" {
            return Err(LocalError::NotSetAside);
        }
        let mut tx = self.begin_write().await?;
        let changed = if action == "outbox_retry" {
            sqlx::query(
                "UPDATE outbox SET state = 'pending', attempts = 0, error_code = NULL
                  WHERE seq = ? AND state = 'rejected'",
            )
        } else {
            sqlx::query("DELETE FROM outbox WHERE seq = ? AND state = 'rejected'")
        }
        .bind(line.seq)
        .execute(&mut *tx)
        .await?;
        if changed.rows_affected() != 1 {
            return Err(LocalError::NotSetAside);
        }
        let mut detail = serde_json::Map::new();
        detail.insert("kind".into(), json!(line.kind));
        detail.insert("seq".into(), json!(line.seq.clamp(0, 99_999)));
        if let Some(code) = line
            .error_code
            .as_deref()
            .filter(|c| borderdesk_protocol::health::is_fluent_id(c) && c.len() <= 40)
        {
            detail.insert("code".into(), json!(code));
        }
        audit_line(
            &mut tx,
            &self.key,
            AuditLine {
                at: Utc::now(),
                staff_id: None,
                user_name: None,
                action,
                detail: serde_json::Value::Object(detail),
                note: reason,
            },
        )
        .await?;
        tx.commit().await?;
        self.outbox_changed().notify_one();
        Ok(line)
    }

    /// The support lines of the audit log (retry and discard), oldest first: action, detail,
    /// reason.
    pub async fn support_audit(&self) -> Result<Vec<(String, String, String, Option<String>)>> {
        Ok(sqlx::query_as(
            "SELECT at, action, detail, note FROM staff_audit
              WHERE action IN ('outbox_retry', 'outbox_discard') ORDER BY id",
        )
        .fetch_all(self.pool())
        .await?)
    }

    /// `PRAGMA integrity_check`: `ok`, or what SQLite found wrong (first lines).
    pub async fn integrity_check(&self) -> Result<String> {
        let lines: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check(20)")
            .fetch_all(self.pool())
            .await?;
        Ok(lines.join("; "))
    }

    /// A consistent copy of the database at `dest` (SQLite `VACUUM INTO`), which must not
    /// exist yet. The sealed personal data stays sealed; the device key is not in it.
    pub async fn backup_to(&self, dest: &Path) -> Result<u64> {
        if dest.exists() {
            return Err(LocalError::BackupExists);
        }
        let text = dest.to_str().ok_or(LocalError::BackupExists)?;
        sqlx::query("VACUUM INTO ?")
            .bind(text)
            .execute(self.pool())
            .await?;
        Ok(std::fs::metadata(dest).map_err(io)?.len())
    }
}

/// Whether `path` is a BorderDesk device database: an SQLite file with its tables, whole.
pub async fn check_backup(path: &Path) -> Result<()> {
    let mut head = [0u8; 16];
    let read = std::fs::File::open(path)
        .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut head))
        .is_ok();
    if !read || &head != b"SQLite format 3\0" {
        return Err(LocalError::NotABorderDeskDatabase);
    }
    let options = SqliteConnectOptions::from_str("sqlite://")?
        .filename(path)
        .read_only(true);
    let mut conn = options
        .connect()
        .await
        .map_err(|_| LocalError::NotABorderDeskDatabase)?;
    let tables: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table'
            AND name IN ('_sqlx_migrations', 'device', 'outbox', 'sync_state', 'applications')",
    )
    .fetch_one(&mut conn)
    .await
    .map_err(|_| LocalError::NotABorderDeskDatabase)?;
    let integrity: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(&mut conn)
        .await
        .map_err(|_| LocalError::NotABorderDeskDatabase)?;
    conn.close().await.ok();
    if tables != 5 || integrity != "ok" {
        return Err(LocalError::NotABorderDeskDatabase);
    }
    Ok(())
}

/// Whether another process (the app) has the database at `path` open: it holds a lock on
/// it for as long as it does (WAL mode), so an exclusive lock cannot be had.
pub async fn database_in_use(path: &Path) -> Result<bool> {
    if !path.exists() {
        return Ok(false);
    }
    let options = SqliteConnectOptions::from_str("sqlite://")?
        .filename(path)
        .locking_mode(SqliteLockingMode::Exclusive)
        .busy_timeout(Duration::ZERO);
    let mut conn = options.connect().await?;
    let took = sqlx::query("BEGIN EXCLUSIVE").execute(&mut conn).await;
    let in_use = match took {
        Ok(_) => {
            sqlx::query("ROLLBACK").execute(&mut conn).await?;
            false
        }
        Err(sqlx::Error::Database(e)) if e.message().contains("locked") => true,
        Err(e) => return Err(e.into()),
    };
    conn.close().await.ok();
    Ok(in_use)
}

/// What a restore did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Restored {
    /// Where the database as it was before is kept.
    pub previous: Option<PathBuf>,
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Puts the backup `from` in place of the database at `db`, keeping the current one as
/// `<db>.before-restore`. Refused for a file that is not a BorderDesk database, for one
/// sealed with another device key than `key_path`'s, and while the app has `db` open.
pub async fn restore(db: &Path, from: &Path, key_path: &Path) -> Result<Restored> {
    check_backup(from).await?;
    if database_in_use(db).await? {
        return Err(LocalError::DatabaseInUse);
    }
    // A copy beside the database, opened (and brought up to this version) before anything
    // is moved: what is sealed in it must open with this device's key.
    let staged = with_suffix(db, ".restoring");
    if let Some(dir) = db.parent() {
        std::fs::create_dir_all(dir).map_err(io)?;
    }
    std::fs::copy(from, &staged).map_err(io)?;
    let check = async {
        let store = Store::open_with_key(&staged, key_path).await?;
        let mut readable = store.device().await.map(|_| ());
        if readable.is_ok() {
            // A sealed outbox body too, for a device never enrolled (no sealed token).
            readable = store.pending(1).await.map(|_| ());
        }
        store.close().await;
        match readable {
            Ok(_) => Ok(()),
            Err(LocalError::Key(_) | LocalError::Corrupt(_)) => Err(LocalError::BackupOtherKey),
            Err(e) => Err(e),
        }
    };
    if let Err(e) = check.await {
        for f in [".restoring", ".restoring-wal", ".restoring-shm"] {
            let _ = std::fs::remove_file(with_suffix(db, f));
        }
        return Err(e);
    }
    let previous = if db.exists() {
        // Fold the current write-ahead log in, so the kept file is whole on its own.
        let options = SqliteConnectOptions::from_str("sqlite://")?.filename(db);
        let mut conn = options.connect().await?;
        sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
            .execute(&mut conn)
            .await?;
        conn.close().await?;
        let kept = with_suffix(db, ".before-restore");
        std::fs::rename(db, &kept).map_err(io)?;
        Some(kept)
    } else {
        None
    };
    for f in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(with_suffix(db, f));
    }
    std::fs::rename(&staged, db).map_err(io)?;
    for f in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(with_suffix(&staged, f));
    }
    Ok(Restored { previous })
}
