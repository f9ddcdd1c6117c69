//! The office workflow: each step allowed only from the right state, for a legal aid officer,
//! once per client-made action id.

use super::*;

pub(super) fn required(s: &str, e: LegalAidOpsError) -> Result<String, LegalAidOpsError> {
    let t = s.trim();
    if t.is_empty() {
        Err(e)
    } else if too_long(t) {
        Err(LegalAidOpsError::NoteRequired)
    } else {
        Ok(t.to_owned())
    }
}

/// Checks what a step carries before looking at the request.
fn check_input(step: &LegalAidActionKind) -> Result<(), LegalAidOpsError> {
    match step {
        LegalAidActionKind::Accept => {}
        LegalAidActionKind::RequestMaterials { items, .. } => {
            if items.iter().all(|i| blank(i)) {
                return Err(LegalAidOpsError::MaterialsEmpty);
            }
        }
        LegalAidActionKind::Decide { approve, reasons } => {
            if !approve {
                required(
                    reasons.as_deref().unwrap_or(""),
                    LegalAidOpsError::ReasonsRequired,
                )?;
            }
        }
        LegalAidActionKind::Assign { lawyer } => {
            if blank(&lawyer.name) || blank(&lawyer.firm) || blank(&lawyer.phone) {
                return Err(LegalAidOpsError::LawyerIncomplete);
            }
        }
        LegalAidActionKind::Transfer { reason, .. } => {
            required(reason, LegalAidOpsError::NoteRequired)?;
        }
        LegalAidActionKind::Answer { note } => {
            required(note, LegalAidOpsError::NoteRequired)?;
        }
    }
    Ok(())
}

/// Does one step of the office workflow for a legal aid officer: only from the right state,
/// once per action id (a replay answers the first result).
pub async fn act(
    pool: &PgPool,
    staff: &Staff,
    request_id: Uuid,
    action: &LegalAidAction,
    now: DateTime<Utc>,
) -> Result<LegalAidActionResult, ServerError> {
    staff.require(Permission::DecideLegalAid)?;
    // PostgreSQL keeps microseconds: so do the times the feed and the answers carry.
    let now = now.trunc_subsecs(6);
    let step = &action.step;
    let mut tx = pool.begin().await?;
    // The request's row lock orders every step on it, replays included.
    let row: Option<RowTuple> = sqlx::query_as(&format!(
        "SELECT {ROW_COLUMNS} FROM legal_aid_requests WHERE id = $1 FOR UPDATE"
    ))
    .bind(request_id)
    .fetch_optional(&mut *tx)
    .await?;
    let row = read_row(row.ok_or(LegalAidOpsError::RequestUnknown)?)?;
    let earlier: Option<(Uuid, String, SqlJson<LegalAidActionResult>)> = sqlx::query_as(
        "SELECT request_id, action, result FROM legal_aid_actions WHERE action_id = $1",
    )
    .bind(action.action_id)
    .fetch_optional(&mut *tx)
    .await?;
    if let Some((rid, kind, result)) = earlier {
        tx.rollback().await?;
        if rid == request_id && kind == step.as_str() {
            return Ok(result.0);
        }
        return Err(LegalAidOpsError::ActionIdReused.into());
    }
    // Only the officers of the office that holds it (after a transfer: the new one's). A
    // replay above answers what its officer was told before, even after a transfer.
    staff.require_office(OfficeKind::LegalAid, &row.office_code)?;
    check_input(step)?;
    let reference = load_reference(&mut tx).await?;
    use LegalAidStatus as S;
    let application = row.kind == LegalAidKind::Application;
    let wrong_state = || LegalAidOpsError::WrongState {
        status: row.status.as_str(),
    };
    let wrong_kind = LegalAidOpsError::WrongKind {
        kind: row.kind.as_str(),
    };
    let mut feed = Feed {
        status: row.status,
        note: None,
        routing_notes: Vec::new(),
        missing_materials: Vec::new(),
        lawyer: None,
    };
    let mut office_code = row.office_code.clone();
    let mut audit_detail = json!({});
    match step {
        LegalAidActionKind::Accept => {
            if !application {
                return Err(wrong_kind.into());
            }
            if !matches!(row.status, S::Received | S::Transferred) {
                return Err(wrong_state().into());
            }
            feed.status = S::Accepted;
            sqlx::query(
                "UPDATE legal_aid_requests SET status = 'accepted', accepted_at = $2 WHERE id = $1",
            )
            .bind(row.id)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
        LegalAidActionKind::RequestMaterials { items, note } => {
            if !application {
                return Err(wrong_kind.into());
            }
            if row.materials_requested {
                return Err(LegalAidOpsError::MaterialsRequestedAlready.into());
            }
            if !matches!(row.status, S::Received | S::Transferred | S::Accepted) {
                return Err(wrong_state().into());
            }
            let items: Vec<String> = items
                .iter()
                .map(|i| i.trim().to_owned())
                .filter(|i| !i.is_empty())
                .collect();
            feed.status = S::MaterialsRequested;
            feed.note = note
                .as_deref()
                .map(str::trim)
                .filter(|n| !n.is_empty())
                .map(str::to_owned);
            sqlx::query(
                "UPDATE legal_aid_requests SET status = 'materials_requested',
                        materials_requested_at = $2, missing_materials = $3,
                        accepted_at = coalesce(accepted_at, $2)
                  WHERE id = $1",
            )
            .bind(row.id)
            .bind(now)
            .bind(SqlJson(&items))
            .execute(&mut *tx)
            .await?;
            audit_detail = json!({ "items": items.len() });
            feed.missing_materials = items;
        }
        LegalAidActionKind::Decide { approve, reasons } => {
            if !application {
                return Err(wrong_kind.into());
            }
            if !matches!(row.status, S::Accepted | S::MaterialsRequested) {
                return Err(wrong_state().into());
            }
            feed.status = if *approve { S::Approved } else { S::Refused };
            feed.note = reasons
                .as_deref()
                .map(str::trim)
                .filter(|r| !r.is_empty())
                .map(str::to_owned);
            sqlx::query(
                "UPDATE legal_aid_requests SET status = $2, decided_at = $3, note = $4,
                        approved_at = CASE WHEN $5 THEN $3 END
                  WHERE id = $1",
            )
            .bind(row.id)
            .bind(feed.status.as_str())
            .bind(now)
            .bind(&feed.note)
            .bind(*approve)
            .execute(&mut *tx)
            .await?;
            audit_detail = json!({ "approve": approve });
        }
        LegalAidActionKind::Assign { lawyer } => {
            if !application {
                return Err(wrong_kind.into());
            }
            if row.status != S::Approved {
                return Err(wrong_state().into());
            }
            let lawyer = LawyerContact {
                name: lawyer.name.trim().to_owned(),
                firm: lawyer.firm.trim().to_owned(),
                phone: lawyer.phone.trim().to_owned(),
            };
            feed.status = S::Assigned;
            sqlx::query(
                "UPDATE legal_aid_requests SET status = 'assigned', assigned_at = $2, lawyer = $3
                  WHERE id = $1",
            )
            .bind(row.id)
            .bind(now)
            .bind(SqlJson(&lawyer))
            .execute(&mut *tx)
            .await?;
            feed.lawyer = Some(lawyer);
        }
        LegalAidActionKind::Transfer { to_office, reason } => {
            if !matches!(
                row.status,
                S::Received | S::Transferred | S::Accepted | S::MaterialsRequested
            ) {
                return Err(wrong_state().into());
            }
            let to = office(&reference, to_office.trim())?;
            if to.code == row.office_code {
                return Err(LegalAidOpsError::TransferSameOffice.into());
            }
            feed.status = S::Transferred;
            feed.note = Some(reason.trim().to_owned());
            sqlx::query(
                "UPDATE legal_aid_requests SET status = 'transferred', office_code = $2,
                        received_at = $3, accepted_at = NULL
                  WHERE id = $1",
            )
            .bind(row.id)
            .bind(&to.code)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            audit_detail = json!({ "from": row.office_code, "to": to.code });
            office_code = to.code.clone();
        }
        LegalAidActionKind::Answer { note } => {
            if application {
                return Err(wrong_kind.into());
            }
            if !matches!(row.status, S::Received | S::Transferred) {
                return Err(wrong_state().into());
            }
            feed.status = S::Answered;
            feed.note = Some(note.trim().to_owned());
            sqlx::query(
                "UPDATE legal_aid_requests SET status = 'answered', decided_at = $2, note = $3
                  WHERE id = $1",
            )
            .bind(row.id)
            .bind(now)
            .bind(&feed.note)
            .execute(&mut *tx)
            .await?;
        }
    }
    let holder = office(&reference, &office_code)
        .cloned()
        .unwrap_or_else(|_| placeholder_office(&office_code));
    let status = feed.status;
    let mut recorded = row.clone();
    if matches!(step, LegalAidActionKind::Transfer { .. }) {
        recorded.received_at = now;
    }
    record(&mut tx, &recorded, &holder, Some(staff.id()), feed, now).await?;
    let mut detail = json!({
        "status": status.as_str(),
        "office": office_code,
        "action_id": action.action_id,
    });
    if let (Some(d), Some(extra)) = (detail.as_object_mut(), audit_detail.as_object()) {
        d.extend(extra.clone());
    }
    audit(
        &mut tx,
        Some(staff.id()),
        Some(staff.device.id),
        &format!("legal_aid_{}", step.as_str()),
        Some(&row.id.to_string()),
        detail,
    )
    .await?;
    let result = LegalAidActionResult {
        action_id: action.action_id,
        request_id: row.id,
        status,
        office_code,
        at: now,
    };
    sqlx::query(
        "INSERT INTO legal_aid_actions (action_id, request_id, action, staff_id, result)
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(action.action_id)
    .bind(row.id)
    .bind(step.as_str())
    .bind(staff.id())
    .bind(SqlJson(&result))
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(result)
}

/// An office no longer in the reference data (withdrawn after the request reached it).
pub(super) fn placeholder_office(code: &str) -> LegalAidOffice {
    LegalAidOffice {
        code: code.to_owned(),
        name: borderdesk_core::LocalizedText {
            zh_cn: code.to_owned(),
            zh_tw: None,
            en: None,
        },
        province: borderdesk_core::catalog::Province::Zhejiang,
        city_code: String::new(),
        county_code: None,
    }
}
