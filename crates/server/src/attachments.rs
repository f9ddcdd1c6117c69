//! Files of applications, uploaded in pieces. A device announces a file (size, SHA-256), then
//! sends pieces at the offset the server holds; after a cut it asks where to resume. The file
//! is complete when the last byte is in and the whole matches its hash.

use borderdesk_core::attachment::{self, AttachmentKind};
use borderdesk_protocol::{AttachmentState, AttachmentUpload, MAX_UPLOAD_CHUNK};
use sha2::{Digest, Sha256};
use sqlx::PgPool;
use uuid::Uuid;

use crate::{Device, ServerError};

fn state(id: Uuid, received: i64, size: i64, complete: bool) -> AttachmentState {
    AttachmentState {
        id,
        received: received as u64,
        size: size as u64,
        complete,
    }
}

/// Records a file announced for one of the device's own applications. Announcing the same
/// file again answers with what is held, so a device can always resume from the answer.
pub async fn announce(
    pool: &PgPool,
    device: &Device,
    upload: &AttachmentUpload,
) -> Result<AttachmentState, ServerError> {
    attachment::check_size(upload.size)?;
    if upload.sha256.len() != 64 || !upload.sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(ServerError::BadRequest(
            "sha256 must be 64 hex digits".into(),
        ));
    }
    // Only the device that took the application sends its files.
    // A services application or a legal aid request of this device.
    let owner: Option<Uuid> = sqlx::query_scalar(
        "SELECT device_id FROM applications WHERE id = $1
         UNION ALL SELECT device_id FROM legal_aid_requests WHERE id = $1 LIMIT 1",
    )
    .bind(upload.application_id)
    .fetch_optional(pool)
    .await?;
    if owner != Some(device.id) {
        return Err(ServerError::NotFound);
    }
    // The file cap holds on the server too (a device's own check can be skipped by a
    // hostile one): counted under a lock of the application, so concurrent announces of one
    // application are counted one after the other.
    let mut tx = pool.begin().await?;
    let (held, known): (i64, bool) = sqlx::query_as(
        "SELECT (SELECT count(*) FROM attachments WHERE application_id = $1),
                EXISTS (SELECT 1 FROM attachments WHERE id = $2)
           FROM (SELECT pg_advisory_xact_lock(hashtextextended($1::text, 0))) AS locked",
    )
    .bind(upload.application_id)
    .bind(upload.id)
    .fetch_one(&mut *tx)
    .await?;
    if !known {
        attachment::check_count(held.max(0) as usize)?;
    }
    sqlx::query(
        "INSERT INTO attachments (id, application_id, device_id, material_index, kind, size, sha256)
         VALUES ($1, $2, $3, $4, $5, $6, lower($7))
         ON CONFLICT (id) DO NOTHING",
    )
    .bind(upload.id)
    .bind(upload.application_id)
    .bind(device.id)
    .bind(upload.material_index as i32)
    .bind(upload.kind.as_str())
    .bind(upload.size as i64)
    .bind(&upload.sha256)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    let row: (Uuid, Uuid, i64, i64, bool) = sqlx::query_as(
        "SELECT device_id, application_id, received, size, completed_at IS NOT NULL
         FROM attachments WHERE id = $1",
    )
    .bind(upload.id)
    .fetch_one(pool)
    .await?;
    let (owner, application_id, received, size, complete) = row;
    if owner != device.id || application_id != upload.application_id {
        // Someone else's file id: say nothing about it.
        return Err(ServerError::NotFound);
    }
    Ok(state(upload.id, received, size, complete))
}

/// What the server holds of a file of this device.
pub async fn status(
    pool: &PgPool,
    device: &Device,
    id: Uuid,
) -> Result<AttachmentState, ServerError> {
    let row: Option<(i64, i64, bool)> = sqlx::query_as(
        "SELECT received, size, completed_at IS NOT NULL FROM attachments WHERE id = $1 AND device_id = $2",
    )
    .bind(id)
    .bind(device.id)
    .fetch_optional(pool)
    .await?;
    let (received, size, complete) = row.ok_or(ServerError::NotFound)?;
    Ok(state(id, received, size, complete))
}

/// Appends one piece at `offset`, which must be where the held bytes end. The row lock makes
/// two concurrent pieces for one file take turns; the second then finds the offset moved.
pub async fn append(
    pool: &PgPool,
    device: &Device,
    id: Uuid,
    offset: u64,
    piece: &[u8],
) -> Result<AttachmentState, ServerError> {
    if piece.len() > MAX_UPLOAD_CHUNK {
        return Err(ServerError::PayloadTooLarge);
    }
    let mut tx = pool.begin().await?;
    let row: Option<(i64, i64, bool, String)> = sqlx::query_as(
        "SELECT received, size, completed_at IS NOT NULL, sha256 FROM attachments
         WHERE id = $1 AND device_id = $2 FOR UPDATE",
    )
    .bind(id)
    .bind(device.id)
    .fetch_optional(&mut *tx)
    .await?;
    let (received, size, complete, sha256) = row.ok_or(ServerError::NotFound)?;
    if complete {
        return Ok(state(id, received, size, true));
    }
    if offset != received as u64 {
        return Err(ServerError::UploadOffset {
            received: received as u64,
        });
    }
    if piece.is_empty() || received as u64 + piece.len() as u64 > size as u64 {
        return Err(ServerError::BadRequest(
            "the piece is empty or runs past the announced size".into(),
        ));
    }
    sqlx::query(
        r#"INSERT INTO attachment_chunks (attachment_id, "offset", data) VALUES ($1, $2, $3)"#,
    )
    .bind(id)
    .bind(received)
    .bind(piece)
    .execute(&mut *tx)
    .await?;
    let received = received + piece.len() as i64;
    let mut complete = false;
    if received == size {
        let mut hash = Sha256::new();
        let pieces: Vec<Vec<u8>> = sqlx::query_scalar(
            r#"SELECT data FROM attachment_chunks WHERE attachment_id = $1 ORDER BY "offset""#,
        )
        .bind(id)
        .fetch_all(&mut *tx)
        .await?;
        for p in &pieces {
            hash.update(p);
        }
        if hex::encode(hash.finalize()) != sha256 {
            // The bytes are not the announced file: drop them so it goes up again whole,
            // in the transaction that holds the file (a concurrent piece cannot slip in
            // between the two statements).
            sqlx::query("DELETE FROM attachment_chunks WHERE attachment_id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
            sqlx::query("UPDATE attachments SET received = 0 WHERE id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            return Err(ServerError::UploadChecksum);
        }
        complete = true;
    }
    sqlx::query(
        "UPDATE attachments SET received = $2,
             completed_at = CASE WHEN $3 THEN now() ELSE NULL END WHERE id = $1",
    )
    .bind(id)
    .bind(received)
    .bind(complete)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(state(id, received, size, complete))
}

/// The content of a complete file, for staff (and tests).
pub async fn content(pool: &PgPool, id: Uuid) -> Result<(AttachmentKind, Vec<u8>), ServerError> {
    let kind: Option<String> = sqlx::query_scalar(
        "SELECT kind FROM attachments WHERE id = $1 AND completed_at IS NOT NULL",
    )
    .bind(id)
    .fetch_optional(pool)
    .await?;
    let kind = kind
        .as_deref()
        .and_then(AttachmentKind::parse)
        .ok_or(ServerError::NotFound)?;
    let pieces: Vec<Vec<u8>> = sqlx::query_scalar(
        r#"SELECT data FROM attachment_chunks WHERE attachment_id = $1 ORDER BY "offset""#,
    )
    .bind(id)
    .fetch_all(pool)
    .await?;
    Ok((kind, pieces.concat()))
}
