//! Files for an application's materials on the device: checked, sealed in pieces with the
//! device key, tied to the application when it is saved, uploaded after it, and dropped from
//! the device once the server holds them whole.

use borderdesk_core::attachment::{
    self, Attachment, AttachmentKind, MAX_ATTACHMENTS_PER_APPLICATION, UPLOAD_CHUNK_BYTES,
};
use borderdesk_core::CoreError;
use sha2::{Digest, Sha256};
use sqlx::{Sqlite, Transaction};
use uuid::Uuid;

use crate::error::{LocalError, Result};
use crate::store::{now, Store};

/// Whose materials a scanned file is for: a services item's (by its catalog code) or a legal
/// aid application's (法律援助法 Art. 41–42, see `core::legal_aid::legal_aid_materials`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum MaterialsOf {
    Item(String),
    LegalAid,
}

impl From<&str> for MaterialsOf {
    /// A catalog item's code.
    fn from(code: &str) -> Self {
        Self::Item(code.to_string())
    }
}

impl MaterialsOf {
    /// What the `item_code` column holds: the item's code, or for legal aid one no catalog
    /// code can be (codes are letters, digits and `-` only).
    fn stored_code(&self) -> &str {
        match self {
            Self::Item(code) => code,
            Self::LegalAid => "legal_aid:",
        }
    }

    /// The column that ties a claimed file to what it was saved with.
    fn owner_column(&self) -> &'static str {
        match self {
            Self::Item(_) => "application_id",
            Self::LegalAid => "legal_aid_request_id",
        }
    }
}

/// A file the sync client still has to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingUpload {
    pub id: Uuid,
    pub application_id: Uuid,
    pub material_index: u32,
    pub kind: AttachmentKind,
    pub size: u64,
    pub sha256: String,
    /// Bytes the server confirmed so far.
    pub uploaded: u64,
}

fn chunk_aad(id: &str, idx: i64) -> String {
    // Binds each piece to its file and place: pieces cannot be swapped or reordered.
    format!("{id}:{idx}")
}

/// Held files older than this belong to an interview nobody finished (the kiosk was switched
/// off mid-way); they are removed at start.
const ABANDONED_AFTER_HOURS: i64 = 24;

impl Store {
    /// Checks and keeps a file for material `material_index` of the item, sealed, until the
    /// application is saved (or the session ends).
    pub async fn attach(
        &self,
        owner: impl Into<MaterialsOf>,
        material_index: u32,
        bytes: &[u8],
    ) -> Result<Attachment> {
        let owner = owner.into();
        match &owner {
            MaterialsOf::Item(code) => {
                let item = self.catalog_item(code)?;
                attachment::check_material(&item, material_index, 0)?;
            }
            MaterialsOf::LegalAid => {
                if material_index as usize
                    >= borderdesk_core::legal_aid::legal_aid_materials().len()
                {
                    return Err(LocalError::Rule(CoreError::UnknownMaterial));
                }
            }
        }
        let kind = attachment::check_file(bytes)?;
        let id = Uuid::now_v7();
        let id_text = id.to_string();
        let sha256 = hex::encode(Sha256::digest(bytes));
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO attachments (id, item_code, material_index, kind, size, sha256, created_at)
             VALUES (?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(&id_text)
        .bind(owner.stored_code())
        .bind(material_index as i64)
        .bind(kind.as_str())
        .bind(bytes.len() as i64)
        .bind(&sha256)
        .bind(now())
        .execute(&mut *tx)
        .await?;
        for (idx, piece) in bytes.chunks(UPLOAD_CHUNK_BYTES).enumerate() {
            let idx = idx as i64;
            sqlx::query(
                "INSERT INTO attachment_chunks (attachment_id, idx, data) VALUES (?, ?, ?)",
            )
            .bind(&id_text)
            .bind(idx)
            .bind(self.key.seal_bytes(piece, &chunk_aad(&id_text, idx))?)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(Attachment {
            id,
            material_index,
            kind,
            size: bytes.len() as u64,
        })
    }

    /// Removes a file not yet part of a saved application.
    pub async fn remove_attachment(&self, id: Uuid) -> Result<()> {
        let removed = sqlx::query("DELETE FROM attachments WHERE id = ? AND state = 'held'")
            .bind(id.to_string())
            .execute(self.pool())
            .await?;
        if removed.rows_affected() == 0 {
            return Err(LocalError::AttachmentNotFound);
        }
        Ok(())
    }

    /// Drops every file of an unfinished interview: the session ended (idle timeout, 重新开始).
    pub async fn discard_held_attachments(&self) -> Result<u64> {
        let removed = sqlx::query("DELETE FROM attachments WHERE state = 'held'")
            .execute(self.pool())
            .await?;
        Ok(removed.rows_affected())
    }

    pub(crate) async fn discard_abandoned_attachments(&self) -> Result<()> {
        let before =
            (chrono::Utc::now() - chrono::Duration::hours(ABANDONED_AFTER_HOURS)).to_rfc3339();
        sqlx::query("DELETE FROM attachments WHERE state = 'held' AND created_at < ?")
            .bind(before)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// The files of a saved application, in material order.
    pub async fn attachments_of(&self, application_id: Uuid) -> Result<Vec<Attachment>> {
        let rows: Vec<(String, i64, String, i64)> = sqlx::query_as(
            "SELECT id, material_index, kind, size FROM attachments
             WHERE application_id = ? ORDER BY material_index, created_at",
        )
        .bind(application_id.to_string())
        .fetch_all(self.pool())
        .await?;
        rows.into_iter()
            .map(|(id, material_index, kind, size)| {
                Ok(Attachment {
                    id: Uuid::parse_str(&id).map_err(|_| LocalError::AttachmentNotFound)?,
                    material_index: material_index as u32,
                    kind: AttachmentKind::parse(&kind).ok_or(LocalError::AttachmentNotFound)?,
                    size: size as u64,
                })
            })
            .collect()
    }

    /// The content of a file still on the device, opened.
    pub async fn attachment_content(&self, id: Uuid) -> Result<Vec<u8>> {
        let id_text = id.to_string();
        let pieces: Vec<(i64, Vec<u8>)> = sqlx::query_as(
            "SELECT idx, data FROM attachment_chunks WHERE attachment_id = ? ORDER BY idx",
        )
        .bind(&id_text)
        .fetch_all(self.pool())
        .await?;
        if pieces.is_empty() {
            return Err(LocalError::AttachmentNotFound);
        }
        let mut out = Vec::new();
        for (idx, data) in pieces {
            out.extend(self.key.open_bytes(&data, &chunk_aad(&id_text, idx))?);
        }
        Ok(out)
    }

    /// Files of sent applications that the server does not hold whole yet, oldest first.
    pub async fn pending_uploads(&self, limit: u32) -> Result<Vec<PendingUpload>> {
        let rows: Vec<(String, String, i64, String, i64, String, i64)> = sqlx::query_as(
            "SELECT a.id, coalesce(a.application_id, a.legal_aid_request_id), a.material_index, a.kind, a.size, a.sha256, a.uploaded
             FROM attachments a JOIN (
                 SELECT id FROM applications WHERE sent_at IS NOT NULL
                 UNION ALL
                 SELECT id FROM legal_aid_requests WHERE status != 'saved'
             ) p ON p.id = coalesce(a.application_id, a.legal_aid_request_id)
             WHERE a.state = 'attached'
             ORDER BY a.created_at LIMIT ?",
        )
        .bind(limit as i64)
        .fetch_all(self.pool())
        .await?;
        rows.into_iter()
            .map(|(id, app, index, kind, size, sha256, uploaded)| {
                Ok(PendingUpload {
                    id: Uuid::parse_str(&id).map_err(|_| LocalError::AttachmentNotFound)?,
                    application_id: Uuid::parse_str(&app)
                        .map_err(|_| LocalError::AttachmentNotFound)?,
                    material_index: index as u32,
                    kind: AttachmentKind::parse(&kind).ok_or(LocalError::AttachmentNotFound)?,
                    size: size as u64,
                    sha256,
                    uploaded: uploaded as u64,
                })
            })
            .collect()
    }

    /// Files saved with an application and not yet held by the server (for the status line).
    pub async fn files_waiting(&self) -> Result<u32> {
        let n: i64 =
            sqlx::query_scalar("SELECT count(*) FROM attachments WHERE state = 'attached'")
                .fetch_one(self.pool())
                .await?;
        Ok(n as u32)
    }

    /// The opened bytes of a file from `offset` to the end of the piece that holds it.
    pub async fn upload_piece(&self, id: Uuid, offset: u64) -> Result<Vec<u8>> {
        let id_text = id.to_string();
        let idx = (offset / UPLOAD_CHUNK_BYTES as u64) as i64;
        let within = (offset % UPLOAD_CHUNK_BYTES as u64) as usize;
        let data: Option<Vec<u8>> = sqlx::query_scalar(
            "SELECT data FROM attachment_chunks WHERE attachment_id = ? AND idx = ?",
        )
        .bind(&id_text)
        .bind(idx)
        .fetch_optional(self.pool())
        .await?;
        let piece = self.key.open_bytes(
            &data.ok_or(LocalError::AttachmentNotFound)?,
            &chunk_aad(&id_text, idx),
        )?;
        Ok(piece.get(within..).unwrap_or_default().to_vec())
    }

    /// Writes down how much of a file the server holds. Once it holds all of it, the content
    /// leaves the device: it is personal data the kiosk no longer needs.
    pub async fn record_upload(&self, id: Uuid, received: u64, complete: bool) -> Result<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "UPDATE attachments SET uploaded = ?, state = CASE WHEN ? THEN 'uploaded' ELSE state END
             WHERE id = ?",
        )
        .bind(received as i64)
        .bind(complete)
        .bind(id.to_string())
        .execute(&mut *tx)
        .await?;
        if complete {
            sqlx::query("DELETE FROM attachment_chunks WHERE attachment_id = ?")
                .bind(id.to_string())
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// The server will not take a file (staff see why); it stops blocking the others.
    pub async fn refuse_upload(&self, id: Uuid, code: &str) -> Result<()> {
        sqlx::query("UPDATE attachments SET state = 'refused', error_code = ? WHERE id = ?")
            .bind(code)
            .bind(id.to_string())
            .execute(self.pool())
            .await?;
        Ok(())
    }
}

/// Ties the interview's held files to the application being saved, in its transaction. Every
/// id must be a held file of this item; otherwise nothing is saved.
pub(crate) async fn claim_for_application(
    tx: &mut Transaction<'_, Sqlite>,
    owner: &MaterialsOf,
    application_id: &str,
    ids: &[Uuid],
) -> Result<()> {
    if ids.is_empty() {
        return Ok(());
    }
    if ids.len() > MAX_ATTACHMENTS_PER_APPLICATION {
        return Err(LocalError::Rule(CoreError::TooManyAttachments {
            max: MAX_ATTACHMENTS_PER_APPLICATION,
        }));
    }
    let ids_json = serde_json::to_string(&ids.iter().map(Uuid::to_string).collect::<Vec<_>>())?;
    let column = owner.owner_column();
    let claimed = sqlx::query(&format!(
        "UPDATE attachments SET {column} = ?, state = 'attached'
         WHERE state = 'held' AND item_code = ? AND id IN (SELECT value FROM json_each(?))"
    ))
    .bind(application_id)
    .bind(owner.stored_code())
    .bind(ids_json)
    .execute(&mut **tx)
    .await?;
    if claimed.rows_affected() != ids.len() as u64 {
        return Err(LocalError::AttachmentNotFound);
    }
    Ok(())
}
