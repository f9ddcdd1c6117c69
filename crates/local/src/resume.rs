//! Save now, finish later: an unfinished application is sealed under a key derived from a
//! one-time resume code, kept on this device and (when online) on the server, and brought back
//! at any kiosk by the code on the printed slip. Neither the device nor the server can read a
//! saved draft without the slip. A code brings the draft back as often as the person needs
//! (they may leave again, or be timed out) until the application is submitted or saved again
//! under a new code; then it is used up, here and at the next sync on the server.

use std::collections::BTreeMap;

use argon2::{Algorithm, Argon2, Params, Version};
use base64::engine::general_purpose::STANDARD_NO_PAD as B64;
use base64::Engine;
use borderdesk_core::resume::{self, DraftPosition, ResumeCode};
use borderdesk_core::CatalogItem;
use borderdesk_protocol::{codes, ClaimedDraft, MAX_DRAFT_BYTES};
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use chrono::{DateTime, Utc};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;
use ts_rs::TS;
use uuid::Uuid;

use crate::error::{LocalError, Result};
use crate::store::{now, Store};

/// What a saved draft holds: the answers as typed so far, and where the person was.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DraftContent {
    pub item_code: String,
    pub answers: BTreeMap<String, String>,
    pub position: DraftPosition,
}

/// A draft just saved: the code for the slip, and until when it works.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedDraft {
    pub code: ResumeCode,
    pub saved_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

/// A draft brought back, with its item as the catalog has it now.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ResumedDraft {
    pub item: CatalogItem,
    pub answers: BTreeMap<String, String>,
    pub position: DraftPosition,
    /// Names the slip's draft (not the code): handed back with the submission or the next
    /// save, which use the code up.
    pub resumed_from: String,
}

/// A draft the sync client still has to hand to the server.
#[derive(Debug, Clone)]
pub struct UnsentDraft {
    pub id: Uuid,
    pub lookup: String,
    pub sealed: String,
    pub item_code: String,
    pub expires_at: DateTime<Utc>,
}

/// Derived from a code: the table key (`lookup`, hex) and the sealing key. Argon2id makes each
/// guess cost tens of milliseconds and megabytes, so the table cannot be searched for codes.
pub struct DraftKeys {
    pub lookup: String,
    key: [u8; 32],
}

const KDF_SALT: &[u8] = b"borderdesk-resume-code-v1";

/// Derives the keys of a code (slow on purpose: run it off the async threads).
pub fn derive_keys(code: &ResumeCode) -> Result<DraftKeys> {
    // OWASP's minimum for Argon2id: 19 MiB, 2 passes.
    let params = Params::new(19 * 1024, 2, 1, Some(64)).map_err(key_error)?;
    let mut out = [0u8; 64];
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .hash_password_into(code.as_str().as_bytes(), KDF_SALT, &mut out)
        .map_err(key_error)?;
    let mut key = [0u8; 32];
    key.copy_from_slice(&out[32..]);
    Ok(DraftKeys {
        lookup: hex::encode(&out[..32]),
        key,
    })
}

fn key_error(e: impl std::fmt::Display) -> LocalError {
    LocalError::Key(format!("resume code: {e}"))
}

impl DraftKeys {
    fn cipher(&self) -> XChaCha20Poly1305 {
        XChaCha20Poly1305::new(&self.key.into())
    }

    pub fn seal(&self, content: &DraftContent) -> Result<String> {
        let plain = serde_json::to_vec(content)?;
        let mut nonce = [0u8; 24];
        rand::thread_rng().fill_bytes(&mut nonce);
        let sealed = self
            .cipher()
            .encrypt(
                XNonce::from_slice(&nonce),
                Payload {
                    msg: &plain,
                    aad: self.lookup.as_bytes(),
                },
            )
            .map_err(key_error)?;
        let mut out = nonce.to_vec();
        out.extend_from_slice(&sealed);
        Ok(B64.encode(out))
    }

    pub fn open(&self, sealed: &str) -> Result<DraftContent> {
        let raw = B64
            .decode(sealed)
            .ok()
            .filter(|r| r.len() > 24)
            .ok_or_else(|| key_error("not a sealed draft"))?;
        let (nonce, body) = raw.split_at(24);
        let plain = self
            .cipher()
            .decrypt(
                XNonce::from_slice(nonce),
                Payload {
                    msg: body,
                    aad: self.lookup.as_bytes(),
                },
            )
            .map_err(key_error)?;
        Ok(serde_json::from_slice(&plain)?)
    }
}

async fn derive_off_thread(code: ResumeCode) -> Result<DraftKeys> {
    tokio::task::spawn_blocking(move || derive_keys(&code))
        .await
        .map_err(key_error)?
}

/// id, sealed, expires_at, sent_at, claimed_at
type DraftRow = (String, String, String, Option<String>, Option<String>);

/// How a local draft stands.
enum Local {
    Absent,
    Used,
    Expired,
    /// Still there: its id, sealed content and whether the server holds a copy.
    Open {
        id: String,
        sealed: String,
        sent: bool,
    },
}

impl Store {
    /// Saves an unfinished application under a new resume code. Works offline; the sync
    /// client hands the sealed draft to the server so another kiosk can resume it.
    pub async fn save_draft(&self, content: &DraftContent) -> Result<SavedDraft> {
        self.save_draft_again(content, None).await
    }

    /// [`Store::save_draft`] of an application resumed from `resumed_from`
    /// ([`ResumedDraft::resumed_from`]): the new slip replaces the old, whose code is used up.
    pub async fn save_draft_again(
        &self,
        content: &DraftContent,
        resumed_from: Option<&str>,
    ) -> Result<SavedDraft> {
        // The item must exist; answers are kept as typed (they are checked when resumed).
        self.catalog_item(&content.item_code)?;
        let code = ResumeCode::generate();
        let keys = derive_off_thread(code.clone()).await?;
        let sealed = keys.seal(content)?;
        if sealed.len() > MAX_DRAFT_BYTES {
            return Err(LocalError::Rule(
                borderdesk_core::CoreError::AnswerTooLong {
                    max: MAX_DRAFT_BYTES,
                },
            ));
        }
        let saved_at = Utc::now();
        let expires_at = resume::expires_at(saved_at);
        let mut tx = self.begin_write().await?;
        if let Some(lookup) = resumed_from {
            use_up_resumed(&mut tx, lookup, &content.item_code).await?;
        }
        sqlx::query(
            "INSERT INTO saved_drafts (id, lookup, sealed, item_code, saved_at, expires_at)
             VALUES (?, ?, ?, ?, ?, ?)",
        )
        .bind(Uuid::now_v7().to_string())
        .bind(&keys.lookup)
        .bind(&sealed)
        .bind(&content.item_code)
        .bind(saved_at.to_rfc3339())
        .bind(expires_at.to_rfc3339())
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(SavedDraft {
            code,
            saved_at,
            expires_at,
        })
    }

    async fn local_draft(&self, lookup: &str) -> Result<Local> {
        let row: Option<DraftRow> = sqlx::query_as(
            "SELECT id, sealed, expires_at, sent_at, claimed_at FROM saved_drafts WHERE lookup = ?",
        )
        .bind(lookup)
        .fetch_optional(self.pool())
        .await?;
        Ok(match row {
            None => Local::Absent,
            Some((_, _, _, _, Some(_))) => Local::Used,
            Some((_, _, expires, _, None)) if expires <= now() => Local::Expired,
            Some((id, sealed, _, sent, None)) => Local::Open {
                id,
                sealed,
                sent: sent.is_some(),
            },
        })
    }

    /// The server says the code was used at another kiosk: so is this copy.
    async fn used_elsewhere(&self, id: &str) -> Result<()> {
        sqlx::query("UPDATE saved_drafts SET sealed = '', claimed_at = ? WHERE id = ?")
            .bind(now())
            .bind(id)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Drafts the server does not hold yet (and may still be resumed).
    pub async fn unsent_drafts(&self) -> Result<Vec<UnsentDraft>> {
        let rows: Vec<(String, String, String, String, String)> = sqlx::query_as(
            "SELECT id, lookup, sealed, item_code, expires_at FROM saved_drafts
             WHERE sent_at IS NULL AND claimed_at IS NULL AND expires_at > ?",
        )
        .bind(now())
        .fetch_all(self.pool())
        .await?;
        rows.into_iter()
            .map(|(id, lookup, sealed, item_code, expires)| {
                Ok(UnsentDraft {
                    id: Uuid::parse_str(&id).map_err(|_| key_error("draft id"))?,
                    lookup,
                    sealed,
                    item_code,
                    expires_at: DateTime::parse_from_rfc3339(&expires)
                        .map_err(key_error)?
                        .with_timezone(&Utc),
                })
            })
            .collect()
    }

    pub async fn mark_draft_sent(&self, id: Uuid) -> Result<()> {
        sqlx::query("UPDATE saved_drafts SET sent_at = ? WHERE id = ?")
            .bind(now())
            .bind(id.to_string())
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Lookups of drafts used up here whose server copy must still be used up.
    pub async fn drafts_to_burn(&self) -> Result<Vec<String>> {
        Ok(
            sqlx::query_scalar("SELECT lookup FROM saved_drafts WHERE burn_pending = 1")
                .fetch_all(self.pool())
                .await?,
        )
    }

    pub async fn mark_draft_burnt(&self, lookup: &str) -> Result<()> {
        sqlx::query("UPDATE saved_drafts SET burn_pending = 0 WHERE lookup = ?")
            .bind(lookup)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Forgets drafts a day past their time (their content went when they expired).
    pub(crate) async fn discard_expired_drafts(&self) -> Result<()> {
        let before = (Utc::now() - chrono::Duration::days(1)).to_rfc3339();
        sqlx::query("DELETE FROM saved_drafts WHERE expires_at < ? AND burn_pending = 0")
            .bind(before)
            .execute(self.pool())
            .await?;
        sqlx::query("UPDATE saved_drafts SET sealed = '' WHERE expires_at < ?")
            .bind(now())
            .execute(self.pool())
            .await?;
        Ok(())
    }
}

/// Uses up the code an application was resumed from, in the transaction that submits or saves
/// it again: its content leaves the device, and the next sync uses up the server's copy (a
/// draft saved at another kiosk has no row here yet: it gets one that only says so).
pub(crate) async fn use_up_resumed(
    conn: &mut SqliteConnection,
    lookup: &str,
    item_code: &str,
) -> Result<()> {
    if lookup.len() != 64 || !lookup.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(LocalError::ResumeCode(codes::RESUME_CODE_UNKNOWN));
    }
    let lookup = lookup.to_ascii_lowercase();
    let at = now();
    let updated = sqlx::query(
        "UPDATE saved_drafts SET sealed = '', claimed_at = COALESCE(claimed_at, ?), burn_pending = 1
         WHERE lookup = ?",
    )
    .bind(&at)
    .bind(&lookup)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    if updated == 0 {
        sqlx::query(
            "INSERT INTO saved_drafts
                 (id, lookup, sealed, item_code, saved_at, expires_at, claimed_at, burn_pending)
             VALUES (?, ?, '', ?, ?, ?, ?, 1)",
        )
        .bind(Uuid::now_v7().to_string())
        .bind(&lookup)
        .bind(item_code)
        .bind(&at)
        .bind(resume::expires_at(Utc::now()).to_rfc3339())
        .bind(&at)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Where the server answered about a draft, if it could be asked.
pub enum ServerDraft {
    Found(ClaimedDraft),
    Refused(LocalError),
    Unreachable,
}

/// Brings a saved draft back by its code; the code stays good (see the module). `ask` asks the
/// server (None when this device is not enrolled). A draft saved here is resumed here even
/// offline; one saved elsewhere needs the server.
pub async fn resume_draft<F, Fut>(store: &Store, raw_code: &str, ask: F) -> Result<ResumedDraft>
where
    F: FnOnce(String) -> Fut,
    Fut: std::future::Future<Output = Option<ServerDraft>>,
{
    let code = ResumeCode::parse(raw_code)?;
    let keys = derive_off_thread(code).await?;
    let local = store.local_draft(&keys.lookup).await?;
    let content = match local {
        Local::Used => return Err(LocalError::ResumeCode(codes::RESUME_CODE_USED)),
        Local::Expired => return Err(LocalError::ResumeCode(codes::RESUME_CODE_EXPIRED)),
        Local::Open { id, sealed, sent } => {
            let content = keys.open(&sealed)?;
            // If another kiosk submitted it, the code is used up here too. The server's
            // other answers (it lost its copy, or cannot be reached) leave this one good.
            if sent {
                if let Some(ServerDraft::Refused(e)) = ask(keys.lookup.clone()).await {
                    if e.code() == codes::RESUME_CODE_USED {
                        store.used_elsewhere(&id).await?;
                        return Err(e);
                    }
                }
            }
            content
        }
        Local::Absent => match ask(keys.lookup.clone()).await {
            Some(ServerDraft::Found(found)) => keys.open(&found.sealed)?,
            Some(ServerDraft::Refused(e)) => return Err(e),
            Some(ServerDraft::Unreachable) => {
                return Err(LocalError::ResumeCode("error-resume-code-offline"))
            }
            None => return Err(LocalError::ResumeCode(codes::RESUME_CODE_UNKNOWN)),
        },
    };
    let item = store.catalog_item(&content.item_code)?;
    // Answers to questions the item no longer asks are dropped; the rest are checked again
    // on the way to submit, like any answer.
    let answers = content
        .answers
        .into_iter()
        .filter(|(id, _)| item.questions.iter().any(|q| &q.id == id))
        .collect();
    let position = match content.position {
        DraftPosition::Question { question_id }
            if !item.questions.iter().any(|q| q.id == question_id) =>
        {
            DraftPosition::Check
        }
        p => p,
    };
    Ok(ResumedDraft {
        item,
        answers,
        position,
        resumed_from: keys.lookup,
    })
}
