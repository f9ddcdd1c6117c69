//! What a resident ID card (第二代居民身份证) says once a reader has read it, and what BorderDesk
//! does with it: refuse a card that is out of date or does not hold together, and fill the
//! applicant's answers so an elderly citizen need not type 18 characters on a pinyin keyboard.
//! How the bytes come off the reader is the device's business (`local::card_reader`).

use std::collections::BTreeMap;
use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::catalog::{CatalogItem, QuestionKind};
use crate::error::CoreError;
use crate::validate;

/// Sex as the card codes it (GB/T 2261.1: 1 male, 2 female; others are not on ID cards).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Sex {
    Male,
    Female,
}

/// Until when a card is good: a date, or 长期 for people of 46 and over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case", tag = "kind", content = "date")]
#[ts(export)]
pub enum CardValidity {
    #[ts(type = "string")]
    Until(NaiveDate),
    LongTerm,
}

/// A card's text as read. Personal data: its `Debug` shows nothing of it, so it cannot reach a
/// log by accident; the app hands it to the screen and keeps no copy.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct IdCard {
    pub name: String,
    pub sex: Sex,
    /// The ethnic group's two-digit code (01 汉族 ...).
    pub nation_code: String,
    #[ts(type = "string")]
    pub birth_date: NaiveDate,
    pub address: String,
    pub id_number: String,
    pub issued_by: String,
    #[ts(type = "string")]
    pub valid_from: NaiveDate,
    pub valid_until: CardValidity,
}

impl fmt::Debug for IdCard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("IdCard { .. }")
    }
}

impl IdCard {
    /// Whether the card is out of date on `today` (it is still good on its last day).
    pub fn is_expired(&self, today: NaiveDate) -> bool {
        matches!(self.valid_until, CardValidity::Until(until) if until < today)
    }

    /// A card BorderDesk may use: in date, its number valid, and the number's birth date and sex
    /// those printed beside it (a mismatch means the read was garbled, not a real card).
    pub fn check(&self, today: NaiveDate) -> Result<(), CoreError> {
        let number = validate::id_number(&self.id_number, today)?;
        let sex = if number.male { Sex::Male } else { Sex::Female };
        if number.birth_date != self.birth_date || sex != self.sex {
            return Err(CoreError::IdCardInconsistent);
        }
        if self.name.trim().is_empty() {
            return Err(CoreError::IdCardInconsistent);
        }
        if self.is_expired(today) {
            return Err(CoreError::IdCardExpired);
        }
        Ok(())
    }
}

impl CatalogItem {
    /// The answers a card fills for this item: the applicant's name, ID number and address,
    /// that is the questions of those kinds whose id says they are the applicant's
    /// (`applicant_…`). Any other name or address (a deceased parent's, an agent's, where one
    /// lives now) is typed: the card's holder is not necessarily who it asks about.
    pub fn answers_from_card(&self, card: &IdCard) -> BTreeMap<String, String> {
        let mut answers = BTreeMap::new();
        for (kind, value) in [
            (QuestionKind::Name, &card.name),
            (QuestionKind::IdNumber, &card.id_number),
            (QuestionKind::Address, &card.address),
        ] {
            if let Some(q) = self
                .questions
                .iter()
                .find(|q| q.kind == kind && q.id.starts_with("applicant_"))
            {
                answers.insert(q.id.clone(), value.clone());
            }
        }
        answers
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::tests::{item, q};

    fn item_with(questions: Vec<crate::catalog::Question>) -> CatalogItem {
        CatalogItem {
            questions,
            ..item()
        }
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn card() -> IdCard {
        IdCard {
            name: "王美娜".into(),
            sex: Sex::Female,
            nation_code: "01".into(),
            birth_date: day(1986, 9, 11),
            address: "浙江省泰顺县罗阳镇新城大道20号".into(),
            id_number: "330329198609114465".into(),
            issued_by: "泰顺县公安局".into(),
            valid_from: day(2011, 3, 3),
            valid_until: CardValidity::Until(day(2031, 3, 3)),
        }
    }

    #[test]
    fn a_card_in_date_with_its_own_birth_date_and_sex_is_good() {
        assert_eq!(card().check(day(2026, 12, 7)), Ok(()));
        // Good on its last day, out the day after.
        assert_eq!(card().check(day(2031, 3, 3)), Ok(()));
        assert_eq!(card().check(day(2031, 3, 4)), Err(CoreError::IdCardExpired));
        let long = IdCard {
            valid_until: CardValidity::LongTerm,
            ..card()
        };
        assert!(!long.is_expired(day(2090, 1, 1)));
    }

    #[test]
    fn a_garbled_read_is_not_taken_for_a_card() {
        let wrong_sex = IdCard {
            sex: Sex::Male,
            ..card()
        };
        assert_eq!(
            wrong_sex.check(day(2026, 12, 7)),
            Err(CoreError::IdCardInconsistent)
        );
        let wrong_birth = IdCard {
            birth_date: day(1986, 9, 12),
            ..card()
        };
        assert_eq!(
            wrong_birth.check(day(2026, 12, 7)),
            Err(CoreError::IdCardInconsistent)
        );
        let bad_number = IdCard {
            id_number: "330329198609114466".into(),
            ..card()
        };
        assert_eq!(
            bad_number.check(day(2026, 12, 7)),
            Err(CoreError::IdNumberCheckChar)
        );
    }

    #[test]
    fn debug_output_holds_nothing_of_the_card() {
        let shown = format!("{:?}", card());
        assert!(
            !shown.contains("王美娜") && !shown.contains("3303"),
            "{shown}"
        );
    }

    #[test]
    fn the_card_fills_the_applicants_answers_and_no_one_elses() {
        let item = item_with(vec![
            q("deceased_name", QuestionKind::Name),
            q("applicant_name", QuestionKind::Name),
            q("applicant_id_number", QuestionKind::IdNumber),
            q("phone", QuestionKind::Phone),
            q("applicant_address", QuestionKind::Address),
            q("current_address", QuestionKind::Address),
        ]);
        let answers = item.answers_from_card(&card());
        assert_eq!(
            answers.into_iter().collect::<Vec<_>>(),
            vec![
                ("applicant_address".to_string(), card().address),
                ("applicant_id_number".to_string(), card().id_number),
                ("applicant_name".to_string(), "王美娜".to_string()),
            ]
        );
        // No question says it is the applicant's: the card fills nothing.
        let plain = item_with(vec![
            q("name", QuestionKind::Name),
            q("agent_name", QuestionKind::Name),
        ]);
        assert!(plain.answers_from_card(&card()).is_empty());
    }
}
