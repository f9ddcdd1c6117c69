//! The sync endpoints' work: applying a pushed batch exactly once, with a few set-based
//! statements per batch, and reading the change feed with a cursor that never skips a change
//! that commits late.

use std::collections::{HashMap, HashSet};

use borderdesk_core::{Application, ApplicationStatus, CoreError};
use borderdesk_protocol::{
    codes, Change, Mutation, MutationBody, MutationResult, Outcome, PullQuery, PullResponse,
    PushRequest, PushResponse, DEFAULT_PULL_PAGE, MAX_PULL_PAGE, MAX_PUSH_BATCH,
};
use chrono::{DateTime, Utc};
use sqlx::types::Json as SqlJson;
use sqlx::PgPool;
use uuid::Uuid;

use crate::extract::{check_version_text, Device};
use crate::once::{is_unique_violation, outcome_json, replayed};
use crate::ServerError;

/// What became of one mutation while the batch is worked through.
enum Plan<'a> {
    /// Answered already (a repeat inside the batch).
    Done(Outcome),
    /// Never applicable: recorded with this outcome.
    Rejected(Outcome),
    /// To apply.
    Apply(&'a Application),
}

fn rejected(e: CoreError, message: &str) -> Outcome {
    Outcome::Rejected {
        code: e.code().to_string(),
        message: message.to_string(),
    }
}

/// Re-checks what the device already checked, where the server can.
fn check_submission(device: &Device, app: &Application) -> Result<(), Outcome> {
    if app.status != ApplicationStatus::Submitted {
        return Err(rejected(
            CoreError::StatusTransition,
            "a new application must have status submitted",
        ));
    }
    let code = app.tracking_number.device_code();
    if !device.holds_code(code) {
        return Err(rejected(
            CoreError::DeviceCode,
            "the tracking number belongs to another device",
        ));
    }
    if app.item_code.trim().is_empty() || app.item_code.len() > 64 {
        return Err(rejected(
            CoreError::UnknownItem,
            "the item code is missing or malformed",
        ));
    }
    if app.answers.is_empty() || app.answers.values().all(|v| v.trim().is_empty()) {
        return Err(rejected(
            CoreError::AnswerRequired,
            "the application has no answers",
        ));
    }
    let text = |s: &str, multiline| borderdesk_core::validate::plain_text(s, multiline);
    let plain = text(&app.item_code, false).is_ok()
        && text(app.tracking_number.as_str(), false).is_ok()
        && app
            .answers
            .iter()
            .all(|(k, v)| text(k, false).is_ok() && text(v, true).is_ok());
    if !plain {
        return Err(rejected(
            CoreError::TextControlCharacter,
            "an answer holds a control character",
        ));
    }
    Ok(())
}

/// Re-checks at the edge what every mutation must hold, whatever its kind: no text with a
/// NUL or another control character (PostgreSQL cannot store a NUL; a forged one must not
/// fail its batch). Applications are checked field by field in `check_submission`.
fn check_text(m: &Mutation) -> Result<(), Outcome> {
    if matches!(m.body, MutationBody::SubmitApplication { .. }) {
        return Ok(());
    }
    let body = serde_json::to_value(&m.body).unwrap_or(serde_json::Value::Null);
    match borderdesk_core::validate::control_text_in(&body) {
        None => Ok(()),
        Some(_) => Err(rejected(
            CoreError::TextControlCharacter,
            "the mutation holds a control character",
        )),
    }
}

/// Applies a pushed batch, one result per mutation in the order pushed. Each mutation is
/// applied exactly once and in isolation: one that cannot be applied is answered
/// `rejected` while the rest of its batch applies. A mutation the server is not set up for
/// yet gets no result and stays waiting on the device.
pub async fn push(
    pool: &PgPool,
    device: &Device,
    request: &PushRequest,
) -> Result<PushResponse, ServerError> {
    check_version_text(&request.protocol.to_string())?;
    if request.mutations.len() > MAX_PUSH_BATCH {
        return Err(ServerError::BatchTooLarge {
            got: request.mutations.len(),
        });
    }
    // Applications go through the set-based batch path; bookings are decided one by one,
    // each in its own transaction, so one full slot does not roll back the batch. A mutation
    // id repeated in the batch is answered once, then as a duplicate.
    let mutations = &request.mutations;
    // `Some(None)`: deferred, left unanswered.
    let mut results: Vec<Option<Option<Outcome>>> = vec![None; mutations.len()];
    let mut seen = HashSet::with_capacity(mutations.len());
    let mut apps: Vec<&Mutation> = Vec::with_capacity(mutations.len());
    let mut app_slots: Vec<usize> = Vec::with_capacity(mutations.len());
    let mut one_by_one: Vec<usize> = Vec::new();
    for (i, m) in mutations.iter().enumerate() {
        if !seen.insert(m.id) {
            results[i] = Some(Some(Outcome::Duplicate));
            continue;
        }
        if let Err(outcome) = check_text(m) {
            results[i] = Some(Some(outcome));
            continue;
        }
        match &m.body {
            MutationBody::SubmitApplication { .. } => {
                apps.push(m);
                app_slots.push(i);
            }
            _ => one_by_one.push(i),
        }
    }
    if !apps.is_empty() {
        let answered = match push_applications(pool, device, &apps).await {
            Ok(answered) => answered.into_iter().map(|r| Some(r.outcome)).collect(),
            // Something in the batch cannot be applied: each application on its own, so
            // that only that one is refused.
            Err(e) if crate::once::classify(&e) != crate::once::Failure::Transient => {
                tracing::warn!(device = %device.id, code = e.code(), "push batch failed; applying its applications one by one");
                let mut answered = Vec::with_capacity(apps.len());
                for m in &apps {
                    let alone = push_applications(pool, device, std::slice::from_ref(m))
                        .await
                        .map(|mut r| r.pop().map(|r| r.outcome).unwrap_or(Outcome::Duplicate));
                    answered.push(crate::once::isolated(pool, device, m.id, alone).await?);
                }
                answered
            }
            Err(e) => return Err(e),
        };
        for (i, r) in app_slots.into_iter().zip(answered) {
            results[i] = Some(r);
        }
    }
    // Bookings, legal aid requests and log lines in the order pushed: a cancel never
    // overtakes its booking.
    for i in one_by_one {
        let m = &mutations[i];
        let applied = match &m.body {
            MutationBody::BookSlot { .. }
            | MutationBody::CancelBooking { .. }
            | MutationBody::RescheduleBooking { .. } => {
                crate::booking::apply(pool, device, m).await
            }
            MutationBody::SubmitLegalAid { .. } => crate::legal_aid::apply(pool, device, m).await,
            MutationBody::StaffAudit { .. } => {
                crate::staff::apply_device_audit(pool, device, m).await
            }
            MutationBody::SubmitRating { .. } => crate::ratings::apply(pool, device, m).await,
            MutationBody::SubmitApplication { .. } => Ok(Outcome::Duplicate),
        };
        results[i] = Some(crate::once::isolated(pool, device, m.id, applied).await?);
    }
    Ok(PushResponse {
        results: mutations
            .iter()
            .zip(results)
            .filter_map(|(m, o)| {
                let outcome = o.unwrap_or(Some(Outcome::Duplicate))?;
                Some(MutationResult { id: m.id, outcome })
            })
            .collect(),
        server_time: Utc::now(),
    })
}

/// The applications of a batch, as a set, retried on a deadlock.
async fn push_applications(
    pool: &PgPool,
    device: &Device,
    apps: &[&Mutation],
) -> Result<Vec<MutationResult>, ServerError> {
    crate::once::retrying(device, "applications", || push_once(pool, device, apps)).await
}

async fn push_once(
    pool: &PgPool,
    device: &Device,
    mutations: &[&Mutation],
) -> Result<Vec<MutationResult>, ServerError> {
    // 1. Decide in memory what can be decided without the database.
    let mut seen = HashSet::with_capacity(mutations.len());
    let mut seen_apps = HashSet::with_capacity(mutations.len());
    let mut plans: Vec<Plan> = mutations
        .iter()
        .map(|m| {
            if !seen.insert(m.id) {
                return Plan::Done(Outcome::Duplicate);
            }
            match &m.body {
                MutationBody::SubmitApplication { application } => {
                    match check_submission(device, application) {
                        // A second mutation for an application earlier in this batch changes nothing.
                        Ok(()) if !seen_apps.insert(application.id) => {
                            Plan::Done(Outcome::Duplicate)
                        }
                        Ok(()) => Plan::Apply(application),
                        Err(outcome) => Plan::Rejected(outcome),
                    }
                }
                // Sorted out by `push`; never reaches here.
                MutationBody::BookSlot { .. }
                | MutationBody::CancelBooking { .. }
                | MutationBody::RescheduleBooking { .. }
                | MutationBody::SubmitLegalAid { .. }
                | MutationBody::StaffAudit { .. }
                | MutationBody::SubmitRating { .. } => Plan::Done(Outcome::Duplicate),
            }
        })
        .collect();

    // 2. One statement does the work of the batch: claim every mutation id (an id claimed
    //    before is a replay, or a concurrent push that committed first: ON CONFLICT waits for
    //    it), insert the applications of the claimed ones, start their histories.
    let mut claim: Vec<(Uuid, serde_json::Value)> = mutations
        .iter()
        .zip(&plans)
        .filter_map(|(m, p)| match p {
            Plan::Done(_) => None,
            Plan::Rejected(o) => Some((m.id, outcome_json(o))),
            // JSON null stands for "applied": the common case stores no result document.
            Plan::Apply(_) => Some((m.id, serde_json::Value::Null)),
        })
        .collect();
    // One order for all pushes keeps concurrent batches from deadlocking each other.
    claim.sort_by_key(|(id, _)| *id);
    let (claim_ids, claim_results): (Vec<Uuid>, Vec<serde_json::Value>) = claim.into_iter().unzip();

    let mut to_apply: Vec<(Uuid, &Application)> = mutations
        .iter()
        .zip(&plans)
        .filter_map(|(m, p)| match p {
            Plan::Apply(a) => Some((m.id, *a)),
            _ => None,
        })
        .collect();
    to_apply.sort_by_key(|(_, a)| a.id);
    let mids: Vec<Uuid> = to_apply.iter().map(|(m, _)| *m).collect();
    let ids: Vec<Uuid> = to_apply.iter().map(|(_, a)| a.id).collect();
    let numbers: Vec<&str> = to_apply
        .iter()
        .map(|(_, a)| a.tracking_number.as_str())
        .collect();
    let items: Vec<&str> = to_apply.iter().map(|(_, a)| a.item_code.as_str()).collect();
    let answers: Vec<SqlJson<_>> = to_apply.iter().map(|(_, a)| SqlJson(&a.answers)).collect();
    let submitted: Vec<DateTime<Utc>> = to_apply.iter().map(|(_, a)| a.submitted_at).collect();

    // 2a. The common case first: every mutation and application in the batch is new. Plain
    //     inserts, with no conflict handling and nothing returned, cost about two thirds of
    //     the statement below. A unique violation (a replay after a lost answer, a tracking
    //     number taken, the same batch pushed twice at once) rolls the attempt back and the
    //     batch takes the careful way; the unique indexes keep it exactly-once either way.
    let mut tx = pool.begin().await?;
    let all_new = sqlx::query(
        "WITH claimed AS (
             INSERT INTO applied_mutations (mutation_id, device_id, result)
             SELECT m, $2, r FROM UNNEST($1::uuid[], $3::jsonb[]) AS t(m, r)
         )
         INSERT INTO applications (id, tracking_number, device_id, site_id, item_code, answers, status, submitted_at)
         SELECT t.id, t.tn, $2, $4, t.item, t.ans, 'submitted', t.sub
         FROM UNNEST($5::uuid[], $6::text[], $7::text[], $8::jsonb[], $9::timestamptz[])
              AS t(id, tn, item, ans, sub)",
    )
    .bind(&claim_ids)
    .bind(device.id)
    .bind(&claim_results)
    .bind(&device.site_id)
    .bind(&ids)
    .bind(&numbers)
    .bind(&items)
    .bind(&answers)
    .bind(&submitted)
    .execute(&mut *tx)
    .await;
    match all_new {
        Ok(_) => {
            let inserted: HashSet<Uuid> = ids.iter().copied().collect();
            crate::desk::record_assisted(&mut tx, device, &to_apply, &inserted).await?;
            tx.commit().await?;
            return Ok(results_in_order(mutations, plans, HashMap::new()));
        }
        Err(e) if is_unique_violation(&e) => tx.rollback().await?,
        Err(e) => return Err(e.into()),
    }

    // 2b. The careful way.
    let mut tx = pool.begin().await?;
    let rows: Vec<(bool, Uuid)> = sqlx::query_as(
        "WITH claimed AS (
             INSERT INTO applied_mutations (mutation_id, device_id, result)
             SELECT m, $2, r FROM UNNEST($1::uuid[], $3::jsonb[]) AS t(m, r)
             ON CONFLICT (mutation_id) DO NOTHING
             RETURNING mutation_id
         ), inserted AS (
             INSERT INTO applications (id, tracking_number, device_id, site_id, item_code, answers, status, submitted_at)
             SELECT t.id, t.tn, $2, $4, t.item, t.ans, 'submitted', t.sub
             FROM UNNEST($5::uuid[], $6::uuid[], $7::text[], $8::text[], $9::jsonb[], $10::timestamptz[])
                  AS t(mid, id, tn, item, ans, sub)
             JOIN claimed ON claimed.mutation_id = t.mid
             ORDER BY t.id
             ON CONFLICT DO NOTHING
             RETURNING id
         )
         SELECT true, mutation_id FROM claimed
         UNION ALL
         SELECT false, id FROM inserted",
    )
    .bind(&claim_ids)
    .bind(device.id)
    .bind(&claim_results)
    .bind(&device.site_id)
    .bind(&mids)
    .bind(&ids)
    .bind(&numbers)
    .bind(&items)
    .bind(&answers)
    .bind(&submitted)
    .fetch_all(&mut *tx)
    .await?;
    let claimed: HashSet<Uuid> = rows.iter().filter(|(c, _)| *c).map(|(_, id)| *id).collect();
    let inserted: HashSet<Uuid> = rows
        .iter()
        .filter(|(c, _)| !*c)
        .map(|(_, id)| *id)
        .collect();
    crate::desk::record_assisted(&mut tx, device, &to_apply, &inserted).await?;

    // 3. Replays: answer from the stored result.
    let replay_ids: Vec<Uuid> = claim_ids
        .iter()
        .copied()
        .filter(|id| !claimed.contains(id))
        .collect();
    if !replay_ids.is_empty() {
        let stored: HashMap<Uuid, serde_json::Value> = sqlx::query_as(
            "SELECT mutation_id, result FROM applied_mutations WHERE mutation_id = ANY($1)",
        )
        .bind(&replay_ids)
        .fetch_all(&mut *tx)
        .await?
        .into_iter()
        .collect();
        for (m, plan) in mutations.iter().zip(plans.iter_mut()) {
            if matches!(plan, Plan::Done(_)) || claimed.contains(&m.id) {
                continue;
            }
            let outcome = stored
                .get(&m.id)
                .cloned()
                .map(replayed)
                .unwrap_or(Outcome::Duplicate);
            *plan = Plan::Done(outcome);
        }
    }

    // 4. Claimed but not inserted: the application exists already (applied by another
    //    mutation id) or its tracking number is held by another application.
    let mut outcomes: HashMap<Uuid, Outcome> = HashMap::new();
    let skipped: Vec<(Uuid, &Application)> = to_apply
        .iter()
        .filter(|(m, a)| claimed.contains(m) && !inserted.contains(&a.id))
        .copied()
        .collect();
    if !skipped.is_empty() {
        let skipped_ids: Vec<Uuid> = skipped.iter().map(|(_, a)| a.id).collect();
        let existing: HashSet<Uuid> =
            sqlx::query_scalar("SELECT id FROM applications WHERE id = ANY($1)")
                .bind(&skipped_ids)
                .fetch_all(&mut *tx)
                .await?
                .into_iter()
                .collect();
        let mut fix: Vec<(Uuid, serde_json::Value)> = Vec::with_capacity(skipped.len());
        for (m, a) in &skipped {
            let outcome = if existing.contains(&a.id) {
                Outcome::Duplicate
            } else {
                Outcome::Conflict {
                    code: codes::TRACKING_NUMBER_TAKEN.to_string(),
                    message: "this tracking number is already used by another application"
                        .to_string(),
                }
            };
            fix.push((*m, outcome_json(&outcome)));
            outcomes.insert(*m, outcome);
        }
        // Record the real result for replays.
        fix.sort_by_key(|(id, _)| *id);
        let (fix_ids, fix_results): (Vec<Uuid>, Vec<serde_json::Value>) = fix.into_iter().unzip();
        sqlx::query(
            "UPDATE applied_mutations AS a SET result = t.r
             FROM UNNEST($1::uuid[], $2::jsonb[]) AS t(m, r) WHERE a.mutation_id = t.m",
        )
        .bind(&fix_ids)
        .bind(&fix_results)
        .execute(&mut *tx)
        .await?;
    }

    tx.commit().await?;
    Ok(results_in_order(mutations, plans, outcomes))
}

/// One result per mutation, in the order pushed. `not_applied` holds, by mutation id, what
/// became of the applications that were claimed but not inserted; the others were applied.
fn results_in_order(
    mutations: &[&Mutation],
    plans: Vec<Plan>,
    mut not_applied: HashMap<Uuid, Outcome>,
) -> Vec<MutationResult> {
    mutations
        .iter()
        .zip(plans)
        .map(|(m, plan)| MutationResult {
            id: m.id,
            outcome: match plan {
                Plan::Done(o) | Plan::Rejected(o) => o,
                Plan::Apply(_) => not_applied.remove(&m.id).unwrap_or(Outcome::Applied),
            },
        })
        .collect()
}

/// A position in the change feed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Position {
    pub xid: i64,
    pub seq: i64,
}

impl Position {
    const START: Position = Position { xid: 0, seq: 0 };
}

pub(crate) fn format_cursor(epoch: &str, p: Position) -> String {
    format!("v1.{epoch}.{}.{}", p.xid, p.seq)
}

/// Reads a cursor: `Ok(None)` means it is from another life of the server.
pub(crate) fn parse_cursor(epoch: &str, cursor: &str) -> Result<Option<Position>, ServerError> {
    let parts: Vec<&str> = cursor.split('.').collect();
    let [version, their_epoch, xid, seq] = parts.as_slice() else {
        return Err(ServerError::CursorInvalid);
    };
    if *version != "v1"
        || their_epoch.is_empty()
        || !their_epoch.bytes().all(|b| b.is_ascii_alphanumeric())
    {
        return Err(ServerError::CursorInvalid);
    }
    let xid: i64 = xid.parse().map_err(|_| ServerError::CursorInvalid)?;
    let seq: i64 = seq.parse().map_err(|_| ServerError::CursorInvalid)?;
    if xid < 0 || seq < 0 {
        return Err(ServerError::CursorInvalid);
    }
    if *their_epoch != epoch {
        return Ok(None);
    }
    Ok(Some(Position { xid, seq }))
}

/// One page of the feed with each change still as the JSON it was stored as: the server
/// passes changes through without reading them, which keeps large pulls cheap.
#[derive(Debug, Clone)]
pub struct RawPullPage {
    pub changes: Vec<String>,
    pub cursor: String,
    pub has_more: bool,
    pub reset: bool,
}

impl RawPullPage {
    /// The page as a `PullResponse` JSON document.
    pub fn to_json(&self) -> String {
        let size: usize = self.changes.iter().map(|c| c.len() + 1).sum();
        let mut out = String::with_capacity(size + 256);
        out.push_str("{\"changes\":[");
        for (i, c) in self.changes.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str(c);
        }
        out.push_str("],\"cursor\":");
        out.push_str(&serde_json::Value::String(self.cursor.clone()).to_string());
        out.push_str(if self.has_more {
            ",\"has_more\":true"
        } else {
            ",\"has_more\":false"
        });
        out.push_str(if self.reset {
            ",\"reset\":true"
        } else {
            ",\"reset\":false"
        });
        out.push_str(",\"server_time\":");
        out.push_str(&serde_json::Value::String(Utc::now().to_rfc3339()).to_string());
        out.push('}');
        out
    }
}

/// One page of the changes a device may see, after its cursor. Only changes below the feed's
/// horizon are served (the oldest transaction still writing to the feed): nothing can commit
/// behind them, and a transaction that does not write to the feed holds nothing back.
pub async fn pull_raw(
    pool: &PgPool,
    epoch: &str,
    device: &Device,
    query: &PullQuery,
) -> Result<RawPullPage, ServerError> {
    let (from, reset) = match query
        .cursor
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
    {
        None => (Position::START, false),
        Some(c) => match parse_cursor(epoch, c)? {
            Some(p) => (p, false),
            None => (Position::START, true),
        },
    };
    let limit = query
        .limit
        .unwrap_or(DEFAULT_PULL_PAGE)
        .clamp(1, MAX_PULL_PAGE);
    // The horizon first, in a statement of its own: whatever committed below it before this
    // point is in the next statement's snapshot (see migration 0016).
    let (horizon, _): (Option<i64>, Option<DateTime<Utc>>) =
        sqlx::query_as("SELECT * FROM feed_horizon()")
            .fetch_one(pool)
            .await?;
    let horizon = horizon.unwrap_or(0);
    // Two index range scans (reference data, then the device's site) merged, rather than one
    // `site_id IS NULL OR site_id = $1` filter that would read and sort the whole feed.
    let rows: Vec<(i64, i64, String)> = sqlx::query_as(
        "SELECT xid, seq, body::text FROM (
             (SELECT xid, seq, body FROM changes
              WHERE site_id IS NULL AND (xid, seq) > ($2, $3) AND xid < $5
              ORDER BY xid, seq LIMIT $4)
             UNION ALL
             (SELECT xid, seq, body FROM changes
              WHERE site_id = $1 AND (xid, seq) > ($2, $3) AND xid < $5
              ORDER BY xid, seq LIMIT $4)
         ) page
         ORDER BY xid, seq
         LIMIT $4",
    )
    .bind(&device.site_id)
    .bind(from.xid)
    .bind(from.seq)
    .bind(i64::from(limit) + 1)
    .bind(horizon)
    .fetch_all(pool)
    .await?;
    let has_more = rows.len() > limit as usize;
    let mut position = from;
    let mut changes = Vec::with_capacity(rows.len().min(limit as usize));
    for (xid, seq, body) in rows.into_iter().take(limit as usize) {
        changes.push(body);
        position = Position { xid, seq };
    }
    Ok(RawPullPage {
        changes,
        cursor: format_cursor(epoch, position),
        has_more,
        reset,
    })
}

/// [`pull_raw`], read into the protocol's types.
pub async fn pull(
    pool: &PgPool,
    epoch: &str,
    device: &Device,
    query: &PullQuery,
) -> Result<PullResponse, ServerError> {
    let page = pull_raw(pool, epoch, device, query).await?;
    let changes = page
        .changes
        .iter()
        .map(|c| serde_json::from_str::<Change>(c))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| ServerError::Internal(format!("a change does not read back: {e}")))?;
    Ok(PullResponse {
        changes,
        cursor: page.cursor,
        has_more: page.has_more,
        reset: page.reset,
        server_time: Utc::now(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]

        /// A cursor is whatever a device sends: any text is read or refused, never a panic,
        /// and every cursor the server makes reads back as itself.
        #[test]
        fn any_cursor_text_is_read_or_refused(text in prop_oneof![
            any::<String>(),
            "v1\\.[a-z0-9]{0,8}\\.-?[0-9]{0,20}\\.-?[0-9]{0,20}(\\.[0-9]{0,3})?",
        ]) {
            let _ = parse_cursor("abc123", &text);
        }

        #[test]
        fn every_cursor_made_reads_back(xid in 0i64.., seq in 0i64..) {
            let p = Position { xid, seq };
            prop_assert_eq!(parse_cursor("abc123", &format_cursor("abc123", p)).unwrap(), Some(p));
        }
    }

    #[test]
    fn a_cursor_reads_back_and_a_foreign_epoch_is_recognised() {
        let p = Position { xid: 42, seq: 7 };
        let c = format_cursor("abc123", p);
        assert_eq!(parse_cursor("abc123", &c).unwrap(), Some(p));
        assert_eq!(parse_cursor("other", &c).unwrap(), None);
        for bad in [
            "",
            "v1",
            "v2.abc123.1.2",
            "v1.abc123.x.2",
            "v1.abc123.1.-2",
            "v1..1.2",
            "v1.a.b.1.2",
        ] {
            assert!(parse_cursor("abc123", bad).is_err(), "{bad}");
        }
    }
}
