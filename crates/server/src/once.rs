//! Exactly-once, in one place: how a pushed mutation's id is claimed, how a replay is
//! answered from the stored result, how a result is settled, which failures are retried, and
//! how a mutation the server cannot apply is answered `rejected` on its own so that the rest
//! of its batch applies. Booking, legal aid and staff code only decide.

use std::future::Future;

use borderdesk_protocol::{codes, Outcome};
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use crate::extract::Device;
use crate::ServerError;

/// How often a mutation is tried again after PostgreSQL broke a deadlock or a serialization
/// conflict between concurrent pushes.
pub(crate) const RETRIES: usize = 5;

fn sqlstate(e: &ServerError) -> Option<String> {
    match e {
        ServerError::Database(sqlx::Error::Database(d)) => d.code().map(|c| c.into_owned()),
        _ => None,
    }
}

/// A deadlock or a serialization failure: the same work may succeed when tried again.
pub(crate) fn is_conflict(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(d) if matches!(d.code().as_deref(), Some("40P01") | Some("40001")))
}

pub(crate) fn is_unique_violation(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(d) if d.code().as_deref() == Some("23505"))
}

/// What a failure to apply one mutation means for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Failure {
    /// The database or the network blinked: the batch fails (5xx) and the device sends it
    /// again later; nothing of it was applied.
    Transient,
    /// The server is not set up for it yet (no legal aid reference imported): left
    /// unanswered, so it stays waiting on the device while the rest of its batch applies.
    Deferred,
    /// This mutation can never be applied as it is: answered `rejected` with this code.
    Unappliable(String),
}

/// Sorts a failure. Only what follows from the mutation itself rejects it: a value
/// PostgreSQL cannot store (class 22, e.g. a NUL in text), a constraint it breaks (class
/// 23 but for unique violations, which the callers resolve), a limit it exceeds (class 54),
/// a rule's refusal, or a server bug on its data. A lost connection or a full pool never
/// does.
pub(crate) fn classify(e: &ServerError) -> Failure {
    if let Some(state) = sqlstate(e) {
        return match &state[..2.min(state.len())] {
            "22" | "54" => Failure::Unappliable(codes::MUTATION_UNAPPLIABLE.into()),
            "23" if state != "23505" => Failure::Unappliable(codes::MUTATION_UNAPPLIABLE.into()),
            _ => Failure::Transient,
        };
    }
    match e {
        ServerError::LegalAid(crate::legal_aid::LegalAidOpsError::ReferenceMissing) => {
            Failure::Deferred
        }
        ServerError::Rule(_)
        | ServerError::Staff(_)
        | ServerError::Notary(_)
        | ServerError::LegalAid(_)
        | ServerError::BadRequest(_)
        | ServerError::NotFound => Failure::Unappliable(e.code().into()),
        ServerError::Internal(_) => Failure::Unappliable(codes::MUTATION_UNAPPLIABLE.into()),
        _ => Failure::Transient,
    }
}

/// Runs `attempt` again while it fails on a deadlock, a serialization conflict or a unique
/// violation from two pushes racing for one record (each attempt is its own transaction; the
/// retry sees the winner and answers duplicate), at most [`RETRIES`] times more.
pub(crate) async fn retrying<T, F, Fut>(
    device: &Device,
    what: &str,
    mut attempt: F,
) -> Result<T, ServerError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, ServerError>>,
{
    let mut tries = 0;
    loop {
        match attempt().await {
            Err(ServerError::Database(e))
                if (is_conflict(&e) || is_unique_violation(&e)) && tries < RETRIES =>
            {
                tries += 1;
                tracing::warn!(device = %device.id, attempt = tries, what, "push conflicted, retrying");
            }
            other => return other,
        }
    }
}

/// The claim of a mutation id inside the transaction that applies it.
pub(crate) enum Claim {
    /// First time: apply it, then [`settle`] a result other than `applied`.
    New,
    /// Seen before (a replay, or a concurrent push that committed first): its answer.
    Replay(Outcome),
}

/// Claims `mutation_id` for `device` in `conn`'s transaction (a concurrent claim of the same
/// id waits here for the first), storing `applied` (JSON null) until settled otherwise.
pub(crate) async fn claim(
    conn: &mut PgConnection,
    device: &Device,
    mutation_id: Uuid,
) -> Result<Claim, ServerError> {
    let claimed: Option<Uuid> = sqlx::query_scalar(
        "INSERT INTO applied_mutations (mutation_id, device_id, result) VALUES ($1, $2, 'null')
         ON CONFLICT (mutation_id) DO NOTHING RETURNING mutation_id",
    )
    .bind(mutation_id)
    .bind(device.id)
    .fetch_optional(&mut *conn)
    .await?;
    if claimed.is_some() {
        return Ok(Claim::New);
    }
    Ok(Claim::Replay(stored(conn, mutation_id).await?))
}

/// The answer for a mutation id claimed before.
pub(crate) async fn stored(
    conn: &mut PgConnection,
    mutation_id: Uuid,
) -> Result<Outcome, ServerError> {
    let stored: Option<serde_json::Value> =
        sqlx::query_scalar("SELECT result FROM applied_mutations WHERE mutation_id = $1")
            .bind(mutation_id)
            .fetch_optional(&mut *conn)
            .await?;
    Ok(stored.map(replayed).unwrap_or(Outcome::Duplicate))
}

/// Records the result of a claimed mutation, so that a replay is answered the same way.
pub(crate) async fn settle(
    conn: &mut PgConnection,
    mutation_id: Uuid,
    outcome: &Outcome,
) -> Result<(), ServerError> {
    if *outcome == Outcome::Applied {
        return Ok(());
    }
    sqlx::query("UPDATE applied_mutations SET result = $2 WHERE mutation_id = $1")
        .bind(mutation_id)
        .bind(outcome_json(outcome))
        .execute(&mut *conn)
        .await?;
    Ok(())
}

pub(crate) fn outcome_json(o: &Outcome) -> serde_json::Value {
    serde_json::to_value(o).unwrap_or(serde_json::Value::Null)
}

/// A stored result, as a replay is answered: an applied mutation is now a duplicate; a
/// rejection or conflict is answered the same way again.
pub(crate) fn replayed(stored: serde_json::Value) -> Outcome {
    match serde_json::from_value::<Outcome>(stored) {
        Ok(Outcome::Applied) | Ok(Outcome::Duplicate) | Err(_) => Outcome::Duplicate,
        Ok(other) => other,
    }
}

/// Records, in a transaction of its own, that a mutation could not be applied, and answers
/// it `rejected` with `code` (or as stored, when the id was claimed meanwhile).
pub(crate) async fn reject(
    pool: &PgPool,
    device: &Device,
    mutation_id: Uuid,
    code: &str,
) -> Result<Outcome, ServerError> {
    let outcome = Outcome::Rejected {
        code: code.to_string(),
        message: "the server cannot apply this mutation".into(),
    };
    let mut tx = pool.begin().await?;
    let claimed: Option<Uuid> = sqlx::query_scalar(
        "INSERT INTO applied_mutations (mutation_id, device_id, result) VALUES ($1, $2, $3)
         ON CONFLICT (mutation_id) DO NOTHING RETURNING mutation_id",
    )
    .bind(mutation_id)
    .bind(device.id)
    .bind(outcome_json(&outcome))
    .fetch_optional(&mut *tx)
    .await?;
    let answer = match claimed {
        Some(_) => outcome,
        None => stored(&mut tx, mutation_id).await?,
    };
    tx.commit().await?;
    Ok(answer)
}

/// What became of one mutation that was applied on its own: its outcome, or `None` when it
/// is deferred (left unanswered, it stays waiting on the device). A transient failure fails
/// the whole push.
pub(crate) async fn isolated(
    pool: &PgPool,
    device: &Device,
    mutation_id: Uuid,
    applied: Result<Outcome, ServerError>,
) -> Result<Option<Outcome>, ServerError> {
    let e = match applied {
        Ok(outcome) => return Ok(Some(outcome)),
        Err(e) => e,
    };
    match classify(&e) {
        Failure::Transient => Err(e),
        Failure::Deferred => Ok(None),
        Failure::Unappliable(code) => {
            // The code and SQLSTATE only: the values that broke it may be personal data.
            tracing::warn!(device = %device.id, mutation = %mutation_id, code, error = %e, "mutation rejected: cannot be applied");
            reject(pool, device, mutation_id, &code).await.map(Some)
        }
    }
}
