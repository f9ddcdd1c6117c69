//! A kiosk forgets: once the server has confirmed receipt of an application or a booking, the
//! kiosk drops the person's sealed data (answers, applicant) and keeps only the tracking number,
//! the status and a keyed check value of the ID number's last four characters, so the person
//! can still track it here. Desks and field laptops keep what they took (staff reprint and
//! help from it).

use std::collections::{BTreeMap, HashMap};

use borderdesk_core::catalog::QuestionKind;
use serde::{Deserialize, Serialize};
use sqlx::{Sqlite, Transaction};
use ts_rs::TS;

use crate::crypto::DeviceKey;
use crate::error::{LocalError, Result};
use crate::store::Store;

/// How this device is used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum DeviceMode {
    /// A citizen self-service kiosk: forgets personal data once the server has it.
    #[default]
    Kiosk,
    /// A clerk's desk.
    Desk,
    /// An outreach laptop, a day offline.
    Field,
}

impl DeviceMode {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Kiosk => "kiosk",
            Self::Desk => "desk",
            Self::Field => "field",
        }
    }

    pub fn parse(s: &str) -> Self {
        match s {
            "desk" => Self::Desk,
            "field" => Self::Field,
            _ => Self::Kiosk,
        }
    }
}

/// The check value of one ID number for a record: `DeviceKey::check("<id>:<LAST4>")`.
fn id_check_of(key: &DeviceKey, record_id: &str, last_four: &str) -> String {
    key.check(&format!("{record_id}:{}", last_four.to_ascii_uppercase()))
}

fn last_four(id_number: &str) -> String {
    let chars: Vec<char> = id_number.trim().chars().collect();
    chars[chars.len().saturating_sub(4)..]
        .iter()
        .collect::<String>()
        .to_ascii_uppercase()
}

fn checks_json(key: &DeviceKey, record_id: &str, id_numbers: &[&str]) -> Result<String> {
    let checks: Vec<String> = id_numbers
        .iter()
        .map(|n| id_check_of(key, record_id, &last_four(n)))
        .collect();
    Ok(serde_json::to_string(&checks)?)
}

/// What proves a legal aid request is someone's: the applicant's ID number, or the phone a
/// consultation is called back on.
pub(crate) fn legal_aid_proof(request: &borderdesk_protocol::legal_aid::LegalAidRequest) -> &str {
    match &request.body {
        borderdesk_protocol::legal_aid::LegalAidBody::Application(a) => &a.applicant.id_number,
        borderdesk_protocol::legal_aid::LegalAidBody::Consultation(c) => &c.phone,
    }
}

/// Whether `last_four` matches one of the stored check values.
pub(crate) fn matches_check(
    key: &DeviceKey,
    record_id: &str,
    id_check: Option<&str>,
    last_four: &str,
) -> bool {
    let Some(stored) = id_check else { return false };
    let Ok(checks) = serde_json::from_str::<Vec<String>>(stored) else {
        return false;
    };
    let wanted = id_check_of(key, record_id, last_four);
    checks.contains(&wanted)
}

#[derive(Deserialize)]
struct SealedApplicant {
    id_number: String,
}

impl Store {
    /// Records how this device is used (the app sets it at start from its window mode).
    pub async fn set_device_mode(&self, mode: DeviceMode) -> Result<()> {
        sqlx::query("UPDATE device SET mode = ?")
            .bind(mode.as_str())
            .execute(self.pool())
            .await?;
        Ok(())
    }

    pub async fn device_mode(&self) -> Result<DeviceMode> {
        let mode: String = sqlx::query_scalar("SELECT mode FROM device")
            .fetch_one(self.pool())
            .await?;
        Ok(DeviceMode::parse(&mode))
    }

    /// On a kiosk, drops the sealed personal data of the records whose mutations (ids in the
    /// JSON array `received`) the server confirmed, after keeping their ID checks. Runs in the
    /// caller's transaction, before the outbox entries are deleted.
    /// On a kiosk, after a drop: the write-ahead log still holds the pages as they were
    /// before it until a checkpoint; this one copies them into the database file (where
    /// `secure_delete` has overwritten what was dropped) and empties the log.
    pub(crate) async fn flush_forgotten(&self) -> Result<()> {
        let mode: String = sqlx::query_scalar("SELECT mode FROM device")
            .fetch_one(self.pool())
            .await?;
        if DeviceMode::parse(&mode) == DeviceMode::Kiosk {
            sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
                .execute(self.pool())
                .await?;
        }
        Ok(())
    }

    pub(crate) async fn forget_received(
        &self,
        tx: &mut Transaction<'_, Sqlite>,
        received: &str,
    ) -> Result<()> {
        let mode: String = sqlx::query_scalar("SELECT mode FROM device")
            .fetch_one(&mut **tx)
            .await?;
        if DeviceMode::parse(&mode) != DeviceMode::Kiosk {
            return Ok(());
        }
        // Applications: the check values first (the answers are needed for them).
        let apps: Vec<(String, String, String)> = sqlx::query_as(
            "SELECT id, item_code, answers FROM applications
             WHERE answers != '' AND id IN
                 (SELECT record_id FROM outbox WHERE kind = 'submit_application'
                      AND mutation_id IN (SELECT value FROM json_each(?)))",
        )
        .bind(received)
        .fetch_all(&mut **tx)
        .await?;
        // One statement for the whole batch: the check values go in as a JSON array of
        // [id, check] pairs, and the answers go in the same update.
        let mut checks: Vec<(String, String)> = Vec::with_capacity(apps.len());
        let mut items: HashMap<String, Vec<String>> = HashMap::new();
        for (id, item_code, sealed) in apps {
            let answers: BTreeMap<String, String> =
                serde_json::from_slice(&self.key.open(&sealed, &id)?)?;
            if !items.contains_key(&item_code) {
                let item = self.catalog_item(&item_code)?;
                let questions = item
                    .questions
                    .iter()
                    .filter(|q| q.kind == QuestionKind::IdNumber)
                    .map(|q| q.id.clone())
                    .collect();
                items.insert(item_code.clone(), questions);
            }
            let id_questions = &items[&item_code];
            let ids: Vec<&str> = id_questions
                .iter()
                .filter_map(|q| answers.get(q).map(String::as_str))
                .collect();
            let check = checks_json(&self.key, &id, &ids)?;
            checks.push((id, check));
        }
        if !checks.is_empty() {
            sqlx::query(
                "UPDATE applications SET id_check = t.c, answers = ''
                 FROM (SELECT json_extract(value, '$[0]') AS id, json_extract(value, '$[1]') AS c
                       FROM json_each(?)) AS t
                 WHERE applications.id = t.id",
            )
            .bind(serde_json::to_string(&checks)?)
            .execute(&mut **tx)
            .await?;
        }
        // Bookings the server took.
        let bookings: Vec<(String, String)> = sqlx::query_as(
            "SELECT id, applicant FROM bookings
             WHERE applicant != '' AND id IN
                 (SELECT record_id FROM outbox WHERE kind = 'book_slot'
                      AND mutation_id IN (SELECT value FROM json_each(?)))",
        )
        .bind(received)
        .fetch_all(&mut **tx)
        .await?;
        for (id, sealed) in bookings {
            let applicant: SealedApplicant = serde_json::from_slice(&self.key.open(&sealed, &id)?)?;
            sqlx::query("UPDATE bookings SET id_check = ?, applicant = '' WHERE id = ?")
                .bind(checks_json(
                    &self.key,
                    &id,
                    &[applicant.id_number.as_str()],
                )?)
                .bind(&id)
                .execute(&mut **tx)
                .await?;
        }
        // Legal aid applications and consultations the server took: name, ID number, phone
        // and the facts go; the check value of what tracks them stays.
        let requests: Vec<(String, String)> = sqlx::query_as(
            "SELECT id, body FROM legal_aid_requests
             WHERE body != '' AND id IN
                 (SELECT record_id FROM outbox WHERE kind = 'submit_legal_aid'
                      AND mutation_id IN (SELECT value FROM json_each(?)))",
        )
        .bind(received)
        .fetch_all(&mut **tx)
        .await?;
        for (id, sealed) in requests {
            let request: borderdesk_protocol::legal_aid::LegalAidRequest =
                serde_json::from_slice(&self.key.open(&sealed, &id)?)?;
            sqlx::query("UPDATE legal_aid_requests SET id_check = ?, body = '' WHERE id = ?")
                .bind(checks_json(&self.key, &id, &[legal_aid_proof(&request)])?)
                .bind(&id)
                .execute(&mut **tx)
                .await?;
        }
        Ok(())
    }

    /// Whether `last_four` (already trimmed and upper-cased) belongs to the booking's
    /// applicant: from the sealed applicant while it is held, from the check value after a
    /// kiosk dropped it.
    pub(crate) async fn booking_id_matches(
        &self,
        booking_id: &str,
        sealed_applicant: &str,
        last_four: &str,
    ) -> Result<bool> {
        if last_four.chars().count() != 4 {
            return Ok(false);
        }
        if !sealed_applicant.is_empty() {
            let applicant: SealedApplicant =
                serde_json::from_slice(&self.key.open(sealed_applicant, booking_id)?)?;
            return Ok(applicant.id_number.ends_with(last_four));
        }
        let check: Option<String> =
            sqlx::query_scalar("SELECT id_check FROM bookings WHERE id = ?")
                .bind(booking_id)
                .fetch_optional(self.pool())
                .await?
                .flatten();
        Ok(matches_check(
            &self.key,
            booking_id,
            check.as_deref(),
            last_four,
        ))
    }

    /// Whether `last_four` matches an application whose answers were dropped.
    pub(crate) async fn application_check_matches(
        &self,
        application_id: &str,
        last_four: &str,
    ) -> Result<bool> {
        let check: Option<String> =
            sqlx::query_scalar("SELECT id_check FROM applications WHERE id = ?")
                .bind(application_id)
                .fetch_optional(self.pool())
                .await?
                .ok_or(LocalError::ApplicationNotFound)?;
        Ok(matches_check(
            &self.key,
            application_id,
            check.as_deref(),
            last_four,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_four_are_taken_upper_cased() {
        assert_eq!(last_four("11010519491231002x"), "002X");
        assert_eq!(last_four(" 123 "), "123");
    }

    #[test]
    fn device_modes_read_back() {
        for m in [DeviceMode::Kiosk, DeviceMode::Desk, DeviceMode::Field] {
            assert_eq!(DeviceMode::parse(m.as_str()), m);
        }
    }
}
