//! 政务服务"好差评": after a finished transaction the citizen rates it in five levels; a poor
//! rating (不满意 or worse) is followed up by the site within a rectification time (15 working
//! days by the national rule, a setting), and the outcome is recorded.

use std::collections::BTreeSet;

use chrono::{DateTime, Datelike, Days, NaiveTime, TimeZone, Utc, Weekday};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::catalog::LocalizedText;
use crate::error::CoreError;
use crate::legal_aid::{DayCount, Holidays};
use crate::time::shanghai;

/// The national rule's rectification time for a poor rating, in working days.
pub const DEFAULT_FOLLOW_UP_WORKING_DAYS: u32 = 15;
/// Most reasons one rating carries.
pub const MAX_RATING_REASONS: usize = 8;
/// Longest follow-up outcome a member of staff writes.
pub const MAX_OUTCOME_CHARS: usize = 500;

/// The five levels, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum RatingLevel {
    /// 非常满意
    VerySatisfied,
    /// 满意
    Satisfied,
    /// 基本满意
    Basic,
    /// 不满意
    Dissatisfied,
    /// 非常不满意
    VeryDissatisfied,
}

impl RatingLevel {
    pub const ALL: [RatingLevel; 5] = [
        Self::VerySatisfied,
        Self::Satisfied,
        Self::Basic,
        Self::Dissatisfied,
        Self::VeryDissatisfied,
    ];

    /// 差评: followed up by the site.
    pub fn is_poor(self) -> bool {
        matches!(self, Self::Dissatisfied | Self::VeryDissatisfied)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::VerySatisfied => "very_satisfied",
            Self::Satisfied => "satisfied",
            Self::Basic => "basic",
            Self::Dissatisfied => "dissatisfied",
            Self::VeryDissatisfied => "very_dissatisfied",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|l| l.as_str() == raw)
    }

    /// The Fluent id of its name.
    pub fn label_id(self) -> String {
        format!("rating-level-{}", self.as_str())
    }
}

/// What was rated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum RatedService {
    Application,
    Booking,
    LegalAid,
    Consultation,
}

impl RatedService {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Application => "application",
            Self::Booking => "booking",
            Self::LegalAid => "legal_aid",
            Self::Consultation => "consultation",
        }
    }

    /// Every rated service, in the order the kiosk's home screen offers them.
    pub const ALL: [RatedService; 4] = [
        Self::Application,
        Self::Booking,
        Self::LegalAid,
        Self::Consultation,
    ];

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == raw)
    }
}

/// A reason a citizen may tick with a poor rating (reference data).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RatingReason {
    pub code: String,
    pub label: LocalizedText,
}

/// The reasons offered with a poor rating, as bundled (the national 好差评 form's common ones).
pub const BUNDLED_REASONS: &str = include_str!("../data/rating-reasons.json");

/// The bundled reasons; the file is checked by a test, so it always parses.
pub fn bundled_reasons() -> Vec<RatingReason> {
    serde_json::from_str(BUNDLED_REASONS).unwrap_or_default()
}

/// Most reasons a county's list offers: a poor rating's screen shows them all at once.
pub const MAX_REASONS_OFFERED: usize = 30;
/// Longest reason code and label (characters).
const MAX_REASON_CODE: usize = 40;
const MAX_REASON_LABEL: usize = 40;

/// The reasons offered with a poor rating: the county's reference data (imported on the
/// server, sent to every device by the feed), the bundled ones until it has its own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RatingReasons(pub Vec<RatingReason>);

impl RatingReasons {
    pub fn bundled() -> Self {
        Self(bundled_reasons())
    }

    /// Whether the list can be offered: one to [`MAX_REASONS_OFFERED`] reasons, each code
    /// once, in lower-case letters, digits and `_`, each with a Simplified Chinese label, no
    /// label too long or with a control character. Says what is wrong with the first bad one.
    pub fn check(&self) -> Result<(), String> {
        if self.0.is_empty() || self.0.len() > MAX_REASONS_OFFERED {
            return Err(format!(
                "between 1 and {MAX_REASONS_OFFERED} reasons, not {}",
                self.0.len()
            ));
        }
        let mut codes = BTreeSet::new();
        for r in &self.0 {
            let code_ok = !r.code.is_empty()
                && r.code.len() <= MAX_REASON_CODE
                && r.code
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
            if !code_ok {
                return Err(format!("reason code {:?} is not a-z, 0-9 and _", r.code));
            }
            if !codes.insert(r.code.as_str()) {
                return Err(format!("reason code {} used twice", r.code));
            }
            let labels = [
                Some(&r.label.zh_cn),
                r.label.zh_tw.as_ref(),
                r.label.en.as_ref(),
            ];
            if r.label.zh_cn.trim().is_empty() {
                return Err(format!("reason {} has no zh-CN label", r.code));
            }
            for label in labels.into_iter().flatten() {
                if label.chars().count() > MAX_REASON_LABEL
                    || crate::validate::plain_text(label, false).is_err()
                {
                    return Err(format!(
                        "reason {}: label {label:?} too long or not plain text",
                        r.code
                    ));
                }
            }
        }
        Ok(())
    }
}

/// The reasons of a rating, checked against the reference: only with a poor rating, each one
/// known, none twice, at most [`MAX_RATING_REASONS`]. Returns them in the reference's order.
pub fn check_reasons(
    level: RatingLevel,
    reasons: &[String],
    known: &[RatingReason],
) -> Result<Vec<String>, CoreError> {
    if reasons.is_empty() {
        return Ok(Vec::new());
    }
    if !level.is_poor() || reasons.len() > MAX_RATING_REASONS {
        return Err(CoreError::RatingReasonUnknown);
    }
    let given: BTreeSet<&str> = reasons.iter().map(String::as_str).collect();
    if given.len() != reasons.len() || given.iter().any(|r| !known.iter().any(|k| k.code == *r)) {
        return Err(CoreError::RatingReasonUnknown);
    }
    Ok(known
        .iter()
        .filter(|k| given.contains(k.code.as_str()))
        .map(|k| k.code.clone())
        .collect())
}

/// A follow-up's outcome as staff write it: trimmed, not empty, not too long, no control
/// characters.
pub fn check_outcome(outcome: &str) -> Result<String, CoreError> {
    let outcome = outcome.trim();
    if outcome.is_empty() {
        return Err(CoreError::AnswerRequired);
    }
    if outcome.chars().count() > MAX_OUTCOME_CHARS {
        return Err(CoreError::AnswerTooLong {
            max: MAX_OUTCOME_CHARS,
        });
    }
    crate::validate::plain_text(outcome, true)?;
    Ok(outcome.to_string())
}

/// When a poor rating given at `rated_at` must be followed up: the end (23:59:59 Shanghai) of
/// the `working_days`-th working day after it. With the county's holiday calendar where it
/// knows the year; weekends alone where it does not (a rating is never left without a date).
pub fn follow_up_due(
    rated_at: DateTime<Utc>,
    working_days: u32,
    holidays: Option<&Holidays>,
) -> DateTime<Utc> {
    if let Some(due) = holidays
        .and_then(|h| crate::legal_aid::due(rated_at, working_days, DayCount::Working, h).ok())
    {
        return due;
    }
    let mut date = rated_at.with_timezone(&shanghai()).date_naive();
    let mut left = working_days;
    while left > 0 {
        date = date + Days::new(1);
        if !matches!(date.weekday(), Weekday::Sat | Weekday::Sun) {
            left -= 1;
        }
    }
    let end = NaiveTime::from_hms_opt(23, 59, 59).unwrap_or_default();
    shanghai()
        .from_local_datetime(&date.and_time(end))
        .single()
        .map_or(rated_at, |t| t.with_timezone(&Utc))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reasons() -> Vec<RatingReason> {
        ["long_wait", "too_many_materials", "other"]
            .into_iter()
            .map(|c| RatingReason {
                code: c.into(),
                label: LocalizedText {
                    zh_cn: c.into(),
                    zh_tw: None,
                    en: None,
                },
            })
            .collect()
    }

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn a_county_list_of_reasons_is_checked_before_it_is_offered() {
        assert_eq!(RatingReasons::bundled().check(), Ok(()));
        assert_eq!(RatingReasons(reasons()).check(), Ok(()));
        assert!(
            RatingReasons(Vec::new()).check().is_err(),
            "nothing to offer"
        );
        let mut twice = reasons();
        twice.push(twice[0].clone());
        assert!(RatingReasons(twice).check().unwrap_err().contains("twice"));
        let mut bad_code = reasons();
        bad_code[1].code = "Long Wait".into();
        assert!(RatingReasons(bad_code).check().is_err());
        let mut nul = reasons();
        nul[2].label.en = Some("other\0".into());
        assert!(RatingReasons(nul).check().is_err());
        let mut blank = reasons();
        blank[0].label.zh_cn = " ".into();
        assert!(RatingReasons(blank).check().is_err());
        let many = RatingReasons(
            (0..=MAX_REASONS_OFFERED)
                .map(|i| RatingReason {
                    code: format!("r{i}"),
                    label: LocalizedText {
                        zh_cn: format!("理由{i}"),
                        zh_tw: None,
                        en: None,
                    },
                })
                .collect(),
        );
        assert!(many.check().is_err(), "more than a screen shows");
    }

    #[test]
    fn the_bundled_reasons_parse_and_are_named_in_every_language() {
        let all: Vec<RatingReason> = serde_json::from_str(BUNDLED_REASONS).unwrap();
        assert!(all.len() >= 5);
        assert!(all
            .iter()
            .all(|r| r.label.zh_tw.is_some() && r.label.en.is_some()));
        assert_eq!(bundled_reasons(), all);
    }

    #[test]
    fn only_the_two_lowest_levels_are_poor() {
        let poor: Vec<_> = RatingLevel::ALL
            .into_iter()
            .filter(|l| l.is_poor())
            .collect();
        assert_eq!(
            poor,
            vec![RatingLevel::Dissatisfied, RatingLevel::VeryDissatisfied]
        );
        for l in RatingLevel::ALL {
            assert_eq!(RatingLevel::parse(l.as_str()), Some(l));
        }
    }

    #[test]
    fn reasons_go_with_poor_ratings_and_are_known_ones() {
        let known = reasons();
        assert_eq!(
            check_reasons(
                RatingLevel::Dissatisfied,
                &s(&["other", "long_wait"]),
                &known
            ),
            Ok(s(&["long_wait", "other"]))
        );
        assert_eq!(
            check_reasons(RatingLevel::Satisfied, &s(&[]), &known),
            Ok(vec![])
        );
        for bad in [
            check_reasons(RatingLevel::Satisfied, &s(&["long_wait"]), &known),
            check_reasons(RatingLevel::Dissatisfied, &s(&["made_up"]), &known),
            check_reasons(
                RatingLevel::Dissatisfied,
                &s(&["long_wait", "long_wait"]),
                &known,
            ),
        ] {
            assert_eq!(bad, Err(CoreError::RatingReasonUnknown));
        }
    }

    #[test]
    fn an_outcome_is_plain_text_of_a_bounded_length() {
        assert_eq!(
            check_outcome("  已电话回访，致歉  "),
            Ok("已电话回访，致歉".into())
        );
        assert_eq!(check_outcome("  "), Err(CoreError::AnswerRequired));
        assert!(check_outcome(&"长".repeat(MAX_OUTCOME_CHARS + 1)).is_err());
        assert_eq!(
            check_outcome("回访\u{0}"),
            Err(CoreError::TextControlCharacter)
        );
    }

    #[test]
    fn fifteen_working_days_skip_weekends_and_the_calendars_holidays() {
        // Monday 2026-12-07 10:00 Shanghai.
        let rated = shanghai()
            .with_ymd_and_hms(2026, 12, 7, 10, 0, 0)
            .unwrap()
            .with_timezone(&Utc);
        let due = follow_up_due(rated, 15, None).with_timezone(&shanghai());
        // Three weeks of weekdays: Monday 2026-12-28, end of day.
        assert_eq!(due.date_naive().to_string(), "2026-12-28");
        assert_eq!(due.time().to_string(), "23:59:59");
        // New Year's Day off in the county's calendar: a day later.
        let mut holidays = Holidays::default();
        holidays.years.insert(2026);
        holidays.years.insert(2027);
        holidays
            .holidays
            .insert(chrono::NaiveDate::from_ymd_opt(2026, 12, 25).unwrap());
        let with = follow_up_due(rated, 15, Some(&holidays)).with_timezone(&shanghai());
        assert_eq!(with.date_naive().to_string(), "2026-12-29");
    }
}
