//! Reference data that comes by the feed (notary offices and calendars, legal aid offices,
//! routing rules and hardship standards): the server's latest copy, kept on disk and in
//! memory, else the snapshot bundled with the app. One shape for every kind, so that each
//! reaches the device, survives a restart and falls back the same way.

use std::sync::{Arc, OnceLock, RwLock};

use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::error::{LocalError, Result};
use crate::store::now;

/// One kind of reference data: where it is kept, what ships with the app, and what a copy
/// from the feed must hold to replace the one in use.
pub(crate) trait ReferenceKind:
    Serialize + DeserializeOwned + Clone + Send + Sync + 'static
{
    /// The table holding the server's copy (one row, id 1); a constant, never input.
    const TABLE: &'static str;
    /// What ships with the app (JSON).
    const BUNDLED: &'static str;
    /// Said in logs.
    const NAME: &'static str;
    /// Whether a copy from the feed may replace the device's; a bad one is skipped (the
    /// previous copy stays) rather than stopping the sync.
    fn usable(&self) -> bool;
    /// The parsed bundled snapshot, once per process.
    fn bundled_cell() -> &'static OnceLock<std::result::Result<Arc<Self>, String>>;
}

/// The server's copy in memory (None: the bundled snapshot is in use).
pub(crate) struct Held<T>(Arc<RwLock<Option<Arc<T>>>>);

impl<T> Clone for Held<T> {
    fn clone(&self) -> Self {
        Self(Arc::clone(&self.0))
    }
}

impl<T> Default for Held<T> {
    fn default() -> Self {
        Self(Arc::default())
    }
}

fn bundled<T: ReferenceKind>() -> Result<Arc<T>> {
    T::bundled_cell()
        .get_or_init(|| {
            serde_json::from_str(T::BUNDLED)
                .map(Arc::new)
                .map_err(|e| e.to_string())
        })
        .clone()
        .map_err(|e| LocalError::BundledData(format!("{}: {e}", T::NAME)))
}

impl<T: ReferenceKind> Held<T> {
    /// The reference in use: the server's latest, else the bundled snapshot.
    pub(crate) fn current(&self) -> Result<Arc<T>> {
        let held = self
            .0
            .read()
            .map(|r| r.clone())
            .unwrap_or_else(|e| e.into_inner().clone());
        match held {
            Some(reference) => Ok(reference),
            None => bundled(),
        }
    }

    fn set(&self, reference: Option<Arc<T>>) {
        match self.0.write() {
            Ok(mut r) => *r = reference,
            Err(e) => *e.into_inner() = reference,
        }
    }

    /// Loads the server's copy kept on disk (at open); an unreadable one leaves the bundled.
    pub(crate) async fn reload(&self, pool: &sqlx::SqlitePool) -> Result<()> {
        let body: Option<String> =
            sqlx::query_scalar(&format!("SELECT body FROM {} WHERE id = 1", T::TABLE))
                .fetch_optional(pool)
                .await?;
        let reference = match body.as_deref().map(serde_json::from_str::<T>) {
            Some(Ok(r)) if r.usable() => Some(Arc::new(r)),
            Some(Err(e)) => {
                tracing::warn!("stored {} unreadable, using the bundled one: {e}", T::NAME);
                None
            }
            _ => None,
        };
        self.set(reference);
        Ok(())
    }

    /// Keeps a copy a pulled page carried (in the page's transaction); a bad one is skipped.
    /// Returns what to put in memory once the transaction commits.
    pub(crate) async fn save(
        tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>,
        reference: &T,
    ) -> Result<Option<Arc<T>>> {
        if !reference.usable() {
            tracing::warn!(
                "{} from the feed skipped: it does not hold together",
                T::NAME
            );
            return Ok(None);
        }
        sqlx::query(&format!(
            "INSERT INTO {} (id, body, updated_at) VALUES (1, ?, ?)
             ON CONFLICT (id) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at",
            T::TABLE
        ))
        .bind(serde_json::to_string(reference)?)
        .bind(now())
        .execute(&mut **tx)
        .await?;
        Ok(Some(Arc::new(reference.clone())))
    }

    /// The server's data starts over: its copy goes with the page's transaction.
    pub(crate) async fn forget(tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>) -> Result<()> {
        sqlx::query(&format!("DELETE FROM {}", T::TABLE))
            .execute(&mut **tx)
            .await?;
        Ok(())
    }

    /// After a committed pull page: the new copy in memory, or, after a reset with none,
    /// back to the bundled snapshot.
    pub(crate) fn pulled(&self, reference: Option<Arc<T>>, reset: bool) {
        if reference.is_some() || reset {
            self.set(reference);
        }
    }
}
