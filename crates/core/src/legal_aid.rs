//! Legal aid (法律援助): eligibility, routing to the competent office, deadlines.
//!
//! Everything here follows the 法律援助法 (in force 2022-01-01): the Art. 31 matters, the Art. 32
//! situations without a hardship check, the Art. 42 statuses that presume hardship, the Art. 34
//! provincial hardship standards, the Art. 38 competent office, the Art. 43 time limits and the
//! Art. 44 urgent cases. Figures, offices, routing exceptions, time-limit settings and holidays
//! are reference data (`LegalAidReference`, sample in `crates/local/data/sample-legal-aid.json`);
//! the code only interprets them.
//!
//! Every outcome and reason has a stable Fluent id (`code()`) and its Fluent arguments
//! (`args()`), so the kiosk, the receipt and the clerk's queue say the same thing in the
//! person's language.

use std::cmp::Ordering;
use std::collections::BTreeSet;

use chrono::{DateTime, Datelike, Days, NaiveDate, NaiveTime, TimeZone, Utc, Weekday};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::catalog::{LocalizedText, Province};

// ---------------------------------------------------------------------------------------------
// Errors

/// Every way a legal-aid rule can say no. The code is stable: it is the Fluent message id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LegalAidError {
    #[error("a household has at least one person")]
    HouseholdSizeZero,
    #[error("a household of more than {max} people is not plausible")]
    HouseholdTooLarge { max: u32 },
    #[error("an area code is 6 digits")]
    AreaCode,
    #[error("say where the court sits, where the other party is, or where it happened")]
    NoPlaceGiven,
    #[error("no legal aid office is known for area {area}")]
    NoOfficeForArea { area: String },
    #[error("routing names an unknown legal aid office {office}")]
    UnknownOffice { office: String },
    #[error("the public holidays of {year} are not known yet")]
    HolidaysUnknown { year: i32 },
    #[error("legal aid reference data is inconsistent: {what}")]
    ReferenceData { what: String },
}

impl LegalAidError {
    /// The stable code, which is also the Fluent message id.
    pub fn code(&self) -> &'static str {
        match self {
            Self::HouseholdSizeZero => "error-legal-aid-household-size-zero",
            Self::HouseholdTooLarge { .. } => "error-legal-aid-household-too-large",
            Self::AreaCode => "error-legal-aid-area-code",
            Self::NoPlaceGiven => "error-legal-aid-no-place-given",
            Self::NoOfficeForArea { .. } => "error-legal-aid-no-office-for-area",
            Self::UnknownOffice { .. } => "error-legal-aid-unknown-office",
            Self::HolidaysUnknown { .. } => "error-legal-aid-holidays-unknown",
            Self::ReferenceData { .. } => "error-legal-aid-reference-data",
        }
    }

    /// Values the localized message needs, as Fluent arguments.
    pub fn args(&self) -> Vec<(&'static str, String)> {
        match self {
            Self::HouseholdTooLarge { max } => vec![("max", max.to_string())],
            Self::NoOfficeForArea { area } => vec![("area", area.clone())],
            Self::UnknownOffice { office } => vec![("office", office.clone())],
            Self::HolidaysUnknown { year } => vec![("year", year.to_string())],
            Self::ReferenceData { what } => vec![("what", what.clone())],
            _ => Vec::new(),
        }
    }
}

/// The largest household the check accepts; a typo guard, not a rule of law.
pub const MAX_HOUSEHOLD_SIZE: u32 = 30;

// ---------------------------------------------------------------------------------------------
// What the matter is about, and who the applicant is

/// Art. 31: matters that qualify when the applicant has economic hardship, in everyday words on
/// screen (`label_id`). `NotListed` is "something else".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Art31Matter {
    /// 依法请求国家赔偿
    StateCompensation,
    /// 请求给予社会保险待遇
    SocialInsurance,
    /// 请求给予社会救助
    SocialAssistance,
    /// 请求发给抚恤金
    PensionForMartyrs,
    /// 请求给付赡养费、抚养费、扶养费
    SupportPayments,
    /// 请求确认劳动关系或者支付劳动报酬
    LabourRelationsOrWages,
    /// 请求认定公民无民事行为能力或者限制民事行为能力
    CivilCapacityDeclaration,
    /// 请求工伤事故人身损害赔偿
    PersonalInjuryWork,
    /// 请求交通事故人身损害赔偿
    PersonalInjuryTraffic,
    /// 请求食品药品安全事故人身损害赔偿
    PersonalInjuryFoodDrug,
    /// 请求医疗事故人身损害赔偿
    PersonalInjuryMedical,
    /// 请求环境污染、生态破坏损害赔偿
    EnvironmentalDamage,
    /// 法律、法规、规章规定的其他情形
    OtherByLaw,
    /// None of the above.
    NotListed,
}

impl Art31Matter {
    pub const ALL: [Art31Matter; 14] = [
        Self::StateCompensation,
        Self::SocialInsurance,
        Self::SocialAssistance,
        Self::PensionForMartyrs,
        Self::SupportPayments,
        Self::LabourRelationsOrWages,
        Self::CivilCapacityDeclaration,
        Self::PersonalInjuryWork,
        Self::PersonalInjuryTraffic,
        Self::PersonalInjuryFoodDrug,
        Self::PersonalInjuryMedical,
        Self::EnvironmentalDamage,
        Self::OtherByLaw,
        Self::NotListed,
    ];

    /// Fluent id of the everyday label ("Unpaid wages or no contract", ...).
    pub fn label_id(self) -> &'static str {
        match self {
            Self::StateCompensation => "legal-aid-matter-state-compensation",
            Self::SocialInsurance => "legal-aid-matter-social-insurance",
            Self::SocialAssistance => "legal-aid-matter-social-assistance",
            Self::PensionForMartyrs => "legal-aid-matter-pension-for-martyrs",
            Self::SupportPayments => "legal-aid-matter-support-payments",
            Self::LabourRelationsOrWages => "legal-aid-matter-labour-relations-or-wages",
            Self::CivilCapacityDeclaration => "legal-aid-matter-civil-capacity-declaration",
            Self::PersonalInjuryWork => "legal-aid-matter-personal-injury-work",
            Self::PersonalInjuryTraffic => "legal-aid-matter-personal-injury-traffic",
            Self::PersonalInjuryFoodDrug => "legal-aid-matter-personal-injury-food-drug",
            Self::PersonalInjuryMedical => "legal-aid-matter-personal-injury-medical",
            Self::EnvironmentalDamage => "legal-aid-matter-environmental-damage",
            Self::OtherByLaw => "legal-aid-matter-other-by-law",
            Self::NotListed => "legal-aid-matter-not-listed",
        }
    }

    /// The migrant-worker presumption of Art. 42 covers wages and work injury only.
    fn is_migrant_worker_matter(self) -> bool {
        matches!(
            self,
            Self::LabourRelationsOrWages | Self::PersonalInjuryWork
        )
    }

    /// Other free help that fits the matter, shown before the general help.
    fn specific_alternatives(self) -> &'static [Alternative] {
        use Alternative as A;
        match self {
            Self::LabourRelationsOrWages => &[A::LabourInspection, A::LabourArbitration],
            Self::PersonalInjuryWork => &[A::LabourArbitration],
            Self::SupportPayments => &[A::WomensFederation],
            Self::PersonalInjuryTraffic => &[A::TrafficAccidentMediation],
            Self::PersonalInjuryFoodDrug => &[A::ConsumerComplaint],
            Self::PersonalInjuryMedical => &[A::MedicalDisputeMediation],
            _ => &[],
        }
    }
}

/// Art. 32: situations where no economic-hardship check is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Art32Situation {
    /// 英雄烈士近亲属为维护英雄烈士的人格权益
    HeroMartyrReputation,
    /// 因见义勇为行为主张相关民事权益
    GoodSamaritan,
    /// 再审改判无罪请求国家赔偿
    AcquittedStateCompensation,
    /// 遭受虐待、遗弃或者家庭暴力的受害人主张相关权益
    AbuseAbandonmentDomesticViolence,
}

impl Art32Situation {
    pub const ALL: [Art32Situation; 4] = [
        Self::HeroMartyrReputation,
        Self::GoodSamaritan,
        Self::AcquittedStateCompensation,
        Self::AbuseAbandonmentDomesticViolence,
    ];

    pub fn label_id(self) -> &'static str {
        match self {
            Self::HeroMartyrReputation => "legal-aid-situation-hero-martyr-reputation",
            Self::GoodSamaritan => "legal-aid-situation-good-samaritan",
            Self::AcquittedStateCompensation => "legal-aid-situation-acquitted-state-compensation",
            Self::AbuseAbandonmentDomesticViolence => {
                "legal-aid-situation-abuse-abandonment-domestic-violence"
            }
        }
    }
}

/// Art. 42: statuses that presume economic hardship (proof of status instead of income).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Art42Status {
    /// 无固定生活来源的未成年人
    Minor,
    /// 无固定生活来源的老年人
    ElderlyWithoutIncome,
    /// 无固定生活来源的残疾人
    DisabledWithoutIncome,
    /// 社会救助对象
    SocialAssistanceRecipient,
    /// 司法救助对象
    JudicialAssistanceRecipient,
    /// 优抚对象
    PreferentialTreatmentRecipient,
    /// 申请支付劳动报酬或者请求工伤事故人身损害赔偿的进城务工人员
    MigrantWorkerWagesOrInjury,
}

impl Art42Status {
    pub const ALL: [Art42Status; 7] = [
        Self::Minor,
        Self::ElderlyWithoutIncome,
        Self::DisabledWithoutIncome,
        Self::SocialAssistanceRecipient,
        Self::JudicialAssistanceRecipient,
        Self::PreferentialTreatmentRecipient,
        Self::MigrantWorkerWagesOrInjury,
    ];

    pub fn label_id(self) -> &'static str {
        match self {
            Self::Minor => "legal-aid-status-minor",
            Self::ElderlyWithoutIncome => "legal-aid-status-elderly-without-income",
            Self::DisabledWithoutIncome => "legal-aid-status-disabled-without-income",
            Self::SocialAssistanceRecipient => "legal-aid-status-social-assistance-recipient",
            Self::JudicialAssistanceRecipient => "legal-aid-status-judicial-assistance-recipient",
            Self::PreferentialTreatmentRecipient => {
                "legal-aid-status-preferential-treatment-recipient"
            }
            Self::MigrantWorkerWagesOrInjury => "legal-aid-status-migrant-worker-wages-or-injury",
        }
    }

    /// Whether the status presumes hardship for this matter.
    fn presumes_hardship_for(self, matter: Art31Matter) -> bool {
        match self {
            Self::MigrantWorkerWagesOrInjury => matter.is_migrant_worker_matter(),
            _ => true,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Hardship standards (Art. 34), per province

/// A province's economic-hardship standard from a date on, optionally for one county only (a
/// county standard beats the province's). Reference data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct HardshipStandard {
    pub province: Province,
    /// A county that sets its own figure; absent for the province-wide standard.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub county_code: Option<String>,
    /// Household income per person and month at or below which the household is in hardship.
    pub monthly_income_per_person_fen: u32,
    /// Household assets above which it is not, where the province sets such a limit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub assets_limit_fen: Option<u32>,
    pub effective_from: NaiveDate,
    /// Where the figure comes from, or "sample: confirm" in sample data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub note: Option<String>,
}

/// The standard in force on `today` for the deciding office: the county's own if it has one,
/// else the province's; the latest that has taken effect.
pub fn standard_for<'a>(
    standards: &'a [HardshipStandard],
    province: Province,
    county: Option<&str>,
    today: NaiveDate,
) -> Option<&'a HardshipStandard> {
    let in_force = |s: &&HardshipStandard| s.province == province && s.effective_from <= today;
    let county_own = standards
        .iter()
        .filter(in_force)
        .filter(|s| s.county_code.is_some() && s.county_code.as_deref() == county)
        .max_by_key(|s| s.effective_from);
    county_own.or_else(|| {
        standards
            .iter()
            .filter(in_force)
            .filter(|s| s.county_code.is_none())
            .max_by_key(|s| s.effective_from)
    })
}

// ---------------------------------------------------------------------------------------------
// Eligibility

/// The short check before the long form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct EligibilityAnswers {
    pub matter: Art31Matter,
    #[serde(default)]
    pub situations: Vec<Art32Situation>,
    #[serde(default)]
    pub statuses: Vec<Art42Status>,
    pub household_size: u32,
    /// None: the person does not know or would rather not say (a clerk decides).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub household_monthly_income_fen: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub household_assets_fen: Option<u32>,
    /// The province of the office that will decide; usually `routing.office.province`
    /// (see `EligibilityAnswers::decided_by`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub deciding_province: Option<Province>,
    /// The county of that office, for a county's own standard.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub deciding_county: Option<String>,
}

impl EligibilityAnswers {
    /// Takes the deciding province and county from the routing result.
    pub fn decided_by(mut self, office: &LegalAidOffice) -> Self {
        self.deciding_province = Some(office.province);
        self.deciding_county = office.county_code.clone();
        self
    }
}

/// What the check answers. Never a dead end: `LikelyNot` always carries alternatives, and a
/// person may apply whatever the answer (the office decides in writing, Art. 43).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "outcome", rename_all = "snake_case")]
#[ts(export)]
pub enum Eligibility {
    LikelyEligible {
        basis: EligibilityBasis,
    },
    LikelyNot {
        reasons: Vec<NotEligibleReason>,
        alternatives: Vec<Alternative>,
    },
    ClerkMustDecide {
        why: Vec<ClerkReason>,
    },
}

impl Eligibility {
    /// Fluent id of the headline.
    pub fn code(&self) -> &'static str {
        match self {
            Self::LikelyEligible { .. } => "legal-aid-outcome-likely-eligible",
            Self::LikelyNot { .. } => "legal-aid-outcome-likely-not",
            Self::ClerkMustDecide { .. } => "legal-aid-outcome-clerk-must-decide",
        }
    }

    fn likely_not(reasons: Vec<NotEligibleReason>, matter: Art31Matter) -> Self {
        let mut alternatives: Vec<Alternative> = matter.specific_alternatives().to_vec();
        alternatives.extend(Alternative::ALWAYS);
        Self::LikelyNot {
            reasons,
            alternatives,
        }
    }
}

/// Why the person is likely eligible.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum EligibilityBasis {
    /// Art. 32: no hardship check.
    NoHardshipCheck { situation: Art32Situation },
    /// Art. 42: hardship presumed; bring proof of the status.
    HardshipPresumed { status: Art42Status },
    /// Art. 34: income per person at or below the deciding province's standard.
    IncomeWithinStandard {
        province: Province,
        per_person_fen: u32,
        standard_fen: u32,
    },
}

impl EligibilityBasis {
    pub fn code(&self) -> &'static str {
        match self {
            Self::NoHardshipCheck { .. } => "legal-aid-basis-no-hardship-check",
            Self::HardshipPresumed { .. } => "legal-aid-basis-hardship-presumed",
            Self::IncomeWithinStandard { .. } => "legal-aid-basis-income-within-standard",
        }
    }

    /// Fluent arguments; label ids are passed for the UI to resolve first, money in yuan.
    pub fn args(&self) -> Vec<(&'static str, String)> {
        match self {
            Self::NoHardshipCheck { situation } => {
                vec![("situation", situation.label_id().to_owned())]
            }
            Self::HardshipPresumed { status } => vec![("status", status.label_id().to_owned())],
            Self::IncomeWithinStandard {
                province,
                per_person_fen,
                standard_fen,
            } => vec![
                ("province", province_key(*province).to_owned()),
                ("per_person", yuan(*per_person_fen)),
                ("standard", yuan(*standard_fen)),
            ],
        }
    }
}

/// Why the person is likely not eligible.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum NotEligibleReason {
    /// The matter is not one legal aid covers (Art. 31).
    MatterNotListed,
    /// Income per person above the standard (rounded up to the fen).
    IncomeAboveStandard {
        province: Province,
        per_person_fen: u32,
        standard_fen: u32,
    },
    AssetsAboveLimit {
        province: Province,
        assets_fen: u32,
        limit_fen: u32,
    },
    /// The migrant-worker presumption covers wages and work injury only.
    MigrantWorkerStatusOnlyForWagesOrInjury,
}

impl NotEligibleReason {
    pub fn code(&self) -> &'static str {
        match self {
            Self::MatterNotListed => "legal-aid-reason-matter-not-listed",
            Self::IncomeAboveStandard { .. } => "legal-aid-reason-income-above-standard",
            Self::AssetsAboveLimit { .. } => "legal-aid-reason-assets-above-limit",
            Self::MigrantWorkerStatusOnlyForWagesOrInjury => {
                "legal-aid-reason-migrant-worker-status-only-for-wages-or-injury"
            }
        }
    }

    pub fn args(&self) -> Vec<(&'static str, String)> {
        match self {
            Self::IncomeAboveStandard {
                province,
                per_person_fen,
                standard_fen,
            } => vec![
                ("province", province_key(*province).to_owned()),
                ("per_person", yuan(*per_person_fen)),
                ("standard", yuan(*standard_fen)),
            ],
            Self::AssetsAboveLimit {
                province,
                assets_fen,
                limit_fen,
            } => vec![
                ("province", province_key(*province).to_owned()),
                ("assets", yuan(*assets_fen)),
                ("limit", yuan(*limit_fen)),
            ],
            _ => Vec::new(),
        }
    }
}

/// Why the check cannot answer and a clerk decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum ClerkReason {
    /// "Other matters set by law": the clerk knows which law.
    MatterSetByOtherLaw,
    /// The income was not given.
    IncomeNotGiven,
    /// The deciding office (and so its province) is not known yet.
    DecidingProvinceUnknown,
    /// No hardship standard in force for that province.
    NoStandardForProvince { province: Province },
}

impl ClerkReason {
    pub fn code(&self) -> &'static str {
        match self {
            Self::MatterSetByOtherLaw => "legal-aid-clerk-matter-set-by-other-law",
            Self::IncomeNotGiven => "legal-aid-clerk-income-not-given",
            Self::DecidingProvinceUnknown => "legal-aid-clerk-deciding-province-unknown",
            Self::NoStandardForProvince { .. } => "legal-aid-clerk-no-standard-for-province",
        }
    }

    pub fn args(&self) -> Vec<(&'static str, String)> {
        match self {
            Self::NoStandardForProvince { province } => {
                vec![("province", province_key(*province).to_owned())]
            }
            _ => Vec::new(),
        }
    }
}

/// Other free help when legal aid is likely not available.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Alternative {
    /// 法律咨询: free for everyone at the legal aid office or a 法律服务站, no hardship check.
    Consultation,
    /// 人民调解: free mediation by the village or township mediation committee.
    Mediation,
    /// 12348 公共法律服务热线.
    #[serde(rename = "legal_hotline_12348")]
    LegalHotline12348,
    /// 劳动保障监察 (12333) for unpaid wages.
    LabourInspection,
    /// 劳动人事争议仲裁: free.
    LabourArbitration,
    /// 妇联 (12338) for support payments and family matters.
    WomensFederation,
    /// 交警 / 交通事故人民调解.
    TrafficAccidentMediation,
    /// 12315 consumer and food/drug complaints.
    ConsumerComplaint,
    /// 医疗纠纷人民调解委员会 (医调委).
    MedicalDisputeMediation,
    /// Apply anyway: the office decides in writing, with reasons.
    ApplyAnyway,
}

impl Alternative {
    /// Offered after every "likely not", whatever the matter.
    pub const ALWAYS: [Alternative; 4] = [
        Self::Consultation,
        Self::Mediation,
        Self::LegalHotline12348,
        Self::ApplyAnyway,
    ];

    pub fn label_id(self) -> &'static str {
        match self {
            Self::Consultation => "legal-aid-alternative-consultation",
            Self::Mediation => "legal-aid-alternative-mediation",
            Self::LegalHotline12348 => "legal-aid-alternative-legal-hotline-12348",
            Self::LabourInspection => "legal-aid-alternative-labour-inspection",
            Self::LabourArbitration => "legal-aid-alternative-labour-arbitration",
            Self::WomensFederation => "legal-aid-alternative-womens-federation",
            Self::TrafficAccidentMediation => "legal-aid-alternative-traffic-accident-mediation",
            Self::ConsumerComplaint => "legal-aid-alternative-consumer-complaint",
            Self::MedicalDisputeMediation => "legal-aid-alternative-medical-dispute-mediation",
            Self::ApplyAnyway => "legal-aid-alternative-apply-anyway",
        }
    }
}

/// The eligibility check.
///
/// Order: an Art. 32 situation (no hardship check) → an unlisted matter (likely not) → "other
/// matters set by law" (a clerk) → an Art. 42 status that fits the matter (hardship presumed) →
/// the deciding province's standard in force on `today`.
///
/// Threshold: the household is in hardship when its income per person is AT OR BELOW the
/// standard, compared exactly as `income ≤ standard × household_size` (no rounding); the per
/// person figure shown is rounded up to the fen, so it is never shown as equal when it is above.
/// An asset limit, where the standard has one and assets were given, must not be exceeded.
pub fn check_eligibility(
    answers: &EligibilityAnswers,
    standards: &[HardshipStandard],
    today: NaiveDate,
) -> Result<Eligibility, LegalAidError> {
    if answers.household_size == 0 {
        return Err(LegalAidError::HouseholdSizeZero);
    }
    if answers.household_size > MAX_HOUSEHOLD_SIZE {
        return Err(LegalAidError::HouseholdTooLarge {
            max: MAX_HOUSEHOLD_SIZE,
        });
    }
    let matter = answers.matter;
    if let Some(&situation) = answers.situations.iter().min() {
        return Ok(Eligibility::LikelyEligible {
            basis: EligibilityBasis::NoHardshipCheck { situation },
        });
    }
    match matter {
        Art31Matter::NotListed => {
            return Ok(Eligibility::likely_not(
                vec![NotEligibleReason::MatterNotListed],
                matter,
            ))
        }
        Art31Matter::OtherByLaw => {
            return Ok(Eligibility::ClerkMustDecide {
                why: vec![ClerkReason::MatterSetByOtherLaw],
            })
        }
        _ => {}
    }
    if let Some(&status) = answers
        .statuses
        .iter()
        .filter(|s| s.presumes_hardship_for(matter))
        .min()
    {
        return Ok(Eligibility::LikelyEligible {
            basis: EligibilityBasis::HardshipPresumed { status },
        });
    }
    let Some(province) = answers.deciding_province else {
        return Ok(Eligibility::ClerkMustDecide {
            why: vec![ClerkReason::DecidingProvinceUnknown],
        });
    };
    let Some(standard) = standard_for(
        standards,
        province,
        answers.deciding_county.as_deref(),
        today,
    ) else {
        return Ok(Eligibility::ClerkMustDecide {
            why: vec![ClerkReason::NoStandardForProvince { province }],
        });
    };
    let Some(income) = answers.household_monthly_income_fen else {
        return Ok(Eligibility::ClerkMustDecide {
            why: vec![ClerkReason::IncomeNotGiven],
        });
    };
    let size = u64::from(answers.household_size);
    let standard_fen = standard.monthly_income_per_person_fen;
    let per_person_fen = u64::from(income).div_ceil(size) as u32;
    let mut reasons = Vec::new();
    if u64::from(income) > u64::from(standard_fen) * size {
        reasons.push(NotEligibleReason::IncomeAboveStandard {
            province,
            per_person_fen,
            standard_fen,
        });
    }
    if let (Some(limit_fen), Some(assets_fen)) =
        (standard.assets_limit_fen, answers.household_assets_fen)
    {
        if assets_fen > limit_fen {
            reasons.push(NotEligibleReason::AssetsAboveLimit {
                province,
                assets_fen,
                limit_fen,
            });
        }
    }
    if reasons.is_empty() {
        return Ok(Eligibility::LikelyEligible {
            basis: EligibilityBasis::IncomeWithinStandard {
                province,
                per_person_fen,
                standard_fen,
            },
        });
    }
    if answers
        .statuses
        .contains(&Art42Status::MigrantWorkerWagesOrInjury)
    {
        reasons.push(NotEligibleReason::MigrantWorkerStatusOnlyForWagesOrInjury);
    }
    Ok(Eligibility::likely_not(reasons, matter))
}

/// Fluent select key of a province (`{ $province -> [zhejiang] 浙江 *[fujian] 福建 }`).
pub fn province_key(p: Province) -> &'static str {
    match p {
        Province::Zhejiang => "zhejiang",
        Province::Fujian => "fujian",
    }
}

/// Fen as yuan with two decimals, for Fluent arguments: 226000 → "2260.00".
pub fn yuan(fen: u32) -> String {
    format!("{}.{:02}", fen / 100, fen % 100)
}

// ---------------------------------------------------------------------------------------------
// Routing (Art. 38)

/// A legal aid office (法律援助中心). A city-level office has no county code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct LegalAidOffice {
    pub code: String,
    pub name: LocalizedText,
    pub province: Province,
    /// 6-digit code of the prefecture-level city, e.g. 330300 温州市.
    pub city_code: String,
    /// 6-digit code of the county, e.g. 330329 泰顺县; absent for a city office.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub county_code: Option<String>,
}

/// An exception to "the office of the county": this area (a county, a district or a city, where
/// an intermediate court sits) is served by that office. Reference data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RoutingRule {
    pub area_code: String,
    pub office_code: String,
}

/// Where things are, as 6-digit area codes.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RoutingFacts {
    /// A court case: where the court or authority handling it sits (a city code for an
    /// intermediate court).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub court_or_authority_county: Option<String>,
    /// Where the other party (义务人) is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub obligor_county: Option<String>,
    /// Where it happened.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub events_county: Option<String>,
    /// Where the applicant applies (the kiosk's county): decides "another city" and "across the
    /// border".
    pub applicant_county: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum RoutingReason {
    CourtSeat,
    ObligorLocation,
    EventsLocation,
}

impl RoutingReason {
    /// Fluent id; argument `office` (the office name in the person's language).
    pub fn code(self) -> &'static str {
        match self {
            Self::CourtSeat => "legal-aid-routing-court-seat",
            Self::ObligorLocation => "legal-aid-routing-obligor-location",
            Self::EventsLocation => "legal-aid-routing-events-location",
        }
    }
}

/// A competent office and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CompetentOffice {
    pub office: LegalAidOffice,
    pub reason: RoutingReason,
}

/// Where the application goes, and why (printed on the receipt).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Routing {
    pub office: LegalAidOffice,
    pub reason: RoutingReason,
    /// 跨市转办: the office is in another city than the applicant's.
    pub cross_city: bool,
    /// The office is across the provincial border.
    pub cross_province: bool,
    /// Other offices that are competent too; the first to receive the application handles it.
    pub alternatives: Vec<CompetentOffice>,
}

impl Routing {
    /// The same routing when `chosen`, one of the alternatives, received the matter first
    /// (Art. 38: the first to receive it keeps it): `chosen` leads, the old choice becomes an
    /// alternative, and the cross-city and cross-province notes are those of `chosen`.
    pub fn first_received_by(mut self, chosen: &str, applicant_county: &str) -> Routing {
        if self.office.code == chosen {
            return self;
        }
        let Some(i) = self
            .alternatives
            .iter()
            .position(|c| c.office.code == chosen)
        else {
            return self;
        };
        let alt = self.alternatives.remove(i);
        self.alternatives.insert(
            0,
            CompetentOffice {
                office: self.office.clone(),
                reason: self.reason,
            },
        );
        self.office = alt.office;
        self.reason = alt.reason;
        if check_area(applicant_county).is_ok() {
            (self.cross_city, self.cross_province) = crossing(&self.office, applicant_county);
        }
        self
    }

    /// Fluent ids of the notes the receipt adds after the reason.
    pub fn note_ids(&self) -> Vec<&'static str> {
        let mut notes = Vec::new();
        if self.cross_province {
            notes.push("legal-aid-routing-cross-province");
        } else if self.cross_city {
            notes.push("legal-aid-routing-cross-city");
        }
        if !self.alternatives.is_empty() {
            notes.push("legal-aid-routing-first-to-receive");
        }
        notes
    }
}

fn check_area(area: &str) -> Result<&str, LegalAidError> {
    if area.len() == 6 && area.bytes().all(|b| b.is_ascii_digit()) {
        Ok(area)
    } else {
        Err(LegalAidError::AreaCode)
    }
}

fn city_of(area: &str) -> String {
    format!("{}00", &area[..4])
}

/// Whether `office` is in another city, and across the provincial border, from `applicant`
/// (a checked 6-digit area).
fn crossing(office: &LegalAidOffice, applicant: &str) -> (bool, bool) {
    (
        office.city_code != city_of(applicant),
        office.city_code.get(..2) != applicant.get(..2),
    )
}

/// The office that serves an area: an explicit rule for the area, else the county's office, else
/// a rule for its city, else the city's office.
pub fn office_for_area<'a>(
    area: &str,
    offices: &'a [LegalAidOffice],
    rules: &[RoutingRule],
) -> Result<&'a LegalAidOffice, LegalAidError> {
    let area = check_area(area)?;
    let by_code = |code: &str| {
        offices
            .iter()
            .find(|o| o.code == code)
            .ok_or_else(|| LegalAidError::UnknownOffice {
                office: code.to_owned(),
            })
    };
    if let Some(rule) = rules.iter().find(|r| r.area_code == area) {
        return by_code(&rule.office_code);
    }
    if let Some(office) = offices
        .iter()
        .find(|o| o.county_code.as_deref() == Some(area))
    {
        return Ok(office);
    }
    let city = city_of(area);
    if let Some(rule) = rules.iter().find(|r| r.area_code == city) {
        return by_code(&rule.office_code);
    }
    offices
        .iter()
        .find(|o| o.city_code == city && o.county_code.is_none())
        .ok_or_else(|| LegalAidError::NoOfficeForArea {
            area: area.to_owned(),
        })
}

/// Art. 38. A court case goes to the office where the court or authority sits. Otherwise the
/// offices where the obligor is and where the events happened are all competent; the kiosk sends
/// it to the one nearest the applicant (same county, then same city, then same province, then
/// the obligor's before the events'), and lists the others as alternatives.
pub fn route(
    facts: &RoutingFacts,
    offices: &[LegalAidOffice],
    rules: &[RoutingRule],
) -> Result<Routing, LegalAidError> {
    let applicant = check_area(&facts.applicant_county)?;
    let mut competent: Vec<CompetentOffice> = Vec::new();
    let places = match &facts.court_or_authority_county {
        Some(court) => vec![(court, RoutingReason::CourtSeat)],
        None => [
            (&facts.obligor_county, RoutingReason::ObligorLocation),
            (&facts.events_county, RoutingReason::EventsLocation),
        ]
        .into_iter()
        .filter_map(|(area, reason)| area.as_ref().map(|a| (a, reason)))
        .collect(),
    };
    for (area, reason) in places {
        let office = office_for_area(area, offices, rules)?;
        if !competent.iter().any(|c| c.office.code == office.code) {
            competent.push(CompetentOffice {
                office: office.clone(),
                reason,
            });
        }
    }
    if competent.is_empty() {
        return Err(LegalAidError::NoPlaceGiven);
    }
    let applicant_city = city_of(applicant);
    let distance = |o: &LegalAidOffice| {
        if o.county_code.as_deref() == Some(applicant) {
            0
        } else if o.city_code == applicant_city {
            1
        } else if o.city_code[..2] == applicant[..2] {
            2
        } else {
            3
        }
    };
    // Stable: equal distances keep the obligor before the events.
    competent.sort_by_key(|c| distance(&c.office));
    let chosen = competent.remove(0);
    let (cross_city, cross_province) = crossing(&chosen.office, applicant);
    Ok(Routing {
        cross_city,
        cross_province,
        office: chosen.office,
        reason: chosen.reason,
        alternatives: competent,
    })
}

/// Art. 38: where two offices are competent, the first to receive the application handles it.
/// Receipt times are server times; an exact tie goes to the lower office code, so every device
/// agrees.
pub fn first_to_receive<'a>(
    a: (&'a LegalAidOffice, DateTime<Utc>),
    b: (&'a LegalAidOffice, DateTime<Utc>),
) -> &'a LegalAidOffice {
    match a.1.cmp(&b.1).then_with(|| a.0.code.cmp(&b.0.code)) {
        Ordering::Greater => b.0,
        _ => a.0,
    }
}

// ---------------------------------------------------------------------------------------------
// Urgency (Art. 44)

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct UrgencyFacts {
    /// A limitation period or procedural deadline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub deadline: Option<NaiveDate>,
    #[serde(default)]
    pub evidence_at_risk: bool,
    #[serde(default)]
    pub property_at_risk: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum UrgencyReason {
    /// The deadline is fewer than 7 days away (or already passed: negative days).
    DeadlineSoon {
        days_left: i64,
    },
    EvidenceAtRisk,
    PropertyAtRisk,
}

impl UrgencyReason {
    pub fn code(&self) -> &'static str {
        match self {
            Self::DeadlineSoon { .. } => "legal-aid-urgent-deadline-soon",
            Self::EvidenceAtRisk => "legal-aid-urgent-evidence-at-risk",
            Self::PropertyAtRisk => "legal-aid-urgent-property-at-risk",
        }
    }

    pub fn args(&self) -> Vec<(&'static str, String)> {
        match self {
            Self::DeadlineSoon { days_left } => vec![("days", days_left.to_string())],
            _ => Vec::new(),
        }
    }
}

/// Days before a deadline under which a case is urgent (Art. 44: "不足七日").
pub const URGENT_DEADLINE_DAYS: i64 = 7;

/// Why the case is urgent; empty when it is not.
pub fn urgency(facts: &UrgencyFacts, today: NaiveDate) -> Vec<UrgencyReason> {
    let mut reasons = Vec::new();
    if let Some(deadline) = facts.deadline {
        let days_left = (deadline - today).num_days();
        if days_left < URGENT_DEADLINE_DAYS {
            reasons.push(UrgencyReason::DeadlineSoon { days_left });
        }
    }
    if facts.evidence_at_risk {
        reasons.push(UrgencyReason::EvidenceAtRisk);
    }
    if facts.property_at_risk {
        reasons.push(UrgencyReason::PropertyAtRisk);
    }
    reasons
}

pub fn is_urgent(facts: &UrgencyFacts, today: NaiveDate) -> bool {
    !urgency(facts, today).is_empty()
}

/// The office queue's order: urgent cases first, then by receipt (server) time.
pub fn queue_order(a: (bool, DateTime<Utc>), b: (bool, DateTime<Utc>)) -> Ordering {
    b.0.cmp(&a.0).then(a.1.cmp(&b.1))
}

// ---------------------------------------------------------------------------------------------
// Deadlines (Art. 43) and the county's stricter target

/// How a time limit counts days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum DayCount {
    /// 工作日: weekends and public holidays do not count; 调休 workdays do.
    Working,
    /// 自然日; a period whose last day is a rest day ends on the next working day.
    Calendar,
}

/// Art. 43 time limits as settings (working or calendar days: to be confirmed), and the county's
/// own "当日受理、当日指派" promise.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DeadlineSettings {
    /// Decide within this many days of receipt (7).
    pub decide_days: u32,
    pub decide_in: DayCount,
    /// Assign a lawyer within this many days of approval (3).
    pub assign_days: u32,
    pub assign_in: DayCount,
    /// The stricter target: each step done by the end of the same working day.
    pub same_day_target: bool,
    /// When the working day ends for the target (17:00 Shanghai).
    #[serde(default = "five_pm")]
    pub working_day_ends: NaiveTime,
}

fn five_pm() -> NaiveTime {
    NaiveTime::from_hms_opt(17, 0, 0).expect("17:00 is a time")
}

impl Default for DeadlineSettings {
    fn default() -> Self {
        Self {
            decide_days: 7,
            decide_in: DayCount::Working,
            assign_days: 3,
            assign_in: DayCount::Working,
            same_day_target: false,
            working_day_ends: five_pm(),
        }
    }
}

/// Public holidays and 调休 workdays for the years listed in `years`. A date in another year
/// is an error, not a guess: weekends alone would count wrong around 春节.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Holidays {
    pub years: BTreeSet<i32>,
    /// 放假 days (including the weekend days inside a holiday block).
    pub holidays: BTreeSet<NaiveDate>,
    /// 调休上班: weekend days that are working days.
    pub workdays: BTreeSet<NaiveDate>,
}

impl Holidays {
    pub fn is_working_day(&self, date: NaiveDate) -> Result<bool, LegalAidError> {
        if !self.years.contains(&date.year()) {
            return Err(LegalAidError::HolidaysUnknown { year: date.year() });
        }
        Ok(if self.workdays.contains(&date) {
            true
        } else if self.holidays.contains(&date) {
            false
        } else {
            !matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
        })
    }

    fn next_working_day(&self, mut date: NaiveDate) -> Result<NaiveDate, LegalAidError> {
        loop {
            date = date + Days::new(1);
            if self.is_working_day(date)? {
                return Ok(date);
            }
        }
    }
}

pub use crate::time::shanghai;

fn at_shanghai(date: NaiveDate, time: NaiveTime) -> DateTime<Utc> {
    shanghai()
        .from_local_datetime(&date.and_time(time))
        .single()
        .expect("a fixed offset has no gaps")
        .with_timezone(&Utc)
}

/// The last day of a period of `days` starting at `start`, in Shanghai dates. The start day does
/// not count. Working days count only working days. Calendar days count every day, but a period
/// that ends on a rest day ends on the next working day (民诉法 Art. 85 style).
pub fn last_day(
    start: DateTime<Utc>,
    days: u32,
    count: DayCount,
    holidays: &Holidays,
) -> Result<NaiveDate, LegalAidError> {
    let start_date = start.with_timezone(&shanghai()).date_naive();
    match count {
        DayCount::Calendar => {
            let last = start_date + Days::new(u64::from(days));
            if holidays.is_working_day(last)? {
                Ok(last)
            } else {
                holidays.next_working_day(last)
            }
        }
        DayCount::Working => {
            if days == 0 {
                return if holidays.is_working_day(start_date)? {
                    Ok(start_date)
                } else {
                    holidays.next_working_day(start_date)
                };
            }
            let mut date = start_date;
            for _ in 0..days {
                date = holidays.next_working_day(date)?;
            }
            Ok(date)
        }
    }
}

/// When a period of `days` starting at `start` runs out: the end (23:59:59 Shanghai) of its last
/// day; see `last_day`.
pub fn due(
    start: DateTime<Utc>,
    days: u32,
    count: DayCount,
    holidays: &Holidays,
) -> Result<DateTime<Utc>, LegalAidError> {
    let last = last_day(start, days, count, holidays)?;
    Ok(at_shanghai(
        last,
        NaiveTime::from_hms_opt(23, 59, 59).expect("a time"),
    ))
}

/// The county's 当日 target: the end of the working day (17:00 Shanghai) of the day it started,
/// or of the next working day when it started after hours or on a rest day.
pub fn same_day_target(
    start: DateTime<Utc>,
    ends: NaiveTime,
    holidays: &Holidays,
) -> Result<DateTime<Utc>, LegalAidError> {
    let local = start.with_timezone(&shanghai());
    let date = local.date_naive();
    let day = if holidays.is_working_day(date)? && local.time() < ends {
        date
    } else {
        holidays.next_working_day(date)?
    };
    Ok(at_shanghai(day, ends))
}

/// A timed step of an application.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum LegalAidStep {
    /// From receipt to the decision (受理审查).
    Decide,
    /// From approval to assigning a lawyer (指派).
    Assign,
}

/// A step's legal due time and, where the county promises it, the stricter target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct StepClock {
    pub step: LegalAidStep,
    pub started: DateTime<Utc>,
    pub due: DateTime<Utc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub target: Option<DateTime<Utc>>,
}

impl StepClock {
    pub fn is_overdue(&self, now: DateTime<Utc>) -> bool {
        now > self.due
    }

    /// Past the county's target (or past due where there is no target).
    pub fn misses_target(&self, now: DateTime<Utc>) -> bool {
        now > self.target.unwrap_or(self.due)
    }
}

pub fn step_clock(
    step: LegalAidStep,
    started: DateTime<Utc>,
    settings: &DeadlineSettings,
    holidays: &Holidays,
) -> Result<StepClock, LegalAidError> {
    let (days, count) = match step {
        LegalAidStep::Decide => (settings.decide_days, settings.decide_in),
        LegalAidStep::Assign => (settings.assign_days, settings.assign_in),
    };
    let due = due(started, days, count, holidays)?;
    let target = if settings.same_day_target {
        Some(same_day_target(started, settings.working_day_ends, holidays)?.min(due))
    } else {
        None
    };
    Ok(StepClock {
        step,
        started,
        due,
        target,
    })
}

/// Whether a step started at `started` is past its legal time limit at `now`.
pub fn is_overdue(
    step: LegalAidStep,
    started: DateTime<Utc>,
    now: DateTime<Utc>,
    settings: &DeadlineSettings,
    holidays: &Holidays,
) -> Result<bool, LegalAidError> {
    Ok(step_clock(step, started, settings, holidays)?.is_overdue(now))
}

// ---------------------------------------------------------------------------------------------
// The reference data as a whole

/// Everything legal aid needs from reference data: what the server owns and devices cache.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct LegalAidReference {
    /// Sample data: figures to be confirmed before use.
    #[serde(default)]
    pub sample: bool,
    pub hardship_standards: Vec<HardshipStandard>,
    pub offices: Vec<LegalAidOffice>,
    #[serde(default)]
    pub routing_rules: Vec<RoutingRule>,
    pub deadlines: DeadlineSettings,
    pub holidays: Holidays,
}

impl LegalAidReference {
    /// Checks what the code relies on: unique office codes, 6-digit area codes, an office's
    /// city and province agree, rules name known offices, each province has a standard,
    /// positive figures, and no day that is both a holiday and a workday.
    pub fn check(&self) -> Result<(), LegalAidError> {
        let bad = |what: String| Err(LegalAidError::ReferenceData { what });
        let mut codes = BTreeSet::new();
        for o in &self.offices {
            if !codes.insert(o.code.as_str()) {
                return bad(format!("office code {} used twice", o.code));
            }
            if check_area(&o.city_code).is_err() || !o.city_code.ends_with("00") {
                return bad(format!("office {}: city_code {}", o.code, o.city_code));
            }
            if let Some(county) = &o.county_code {
                if check_area(county).is_err() || city_of(county) != o.city_code {
                    return bad(format!("office {}: county_code {county}", o.code));
                }
            }
            let prefix = match o.province {
                Province::Zhejiang => "33",
                Province::Fujian => "35",
            };
            if !o.city_code.starts_with(prefix) {
                return bad(format!("office {}: province and city_code differ", o.code));
            }
        }
        for r in &self.routing_rules {
            if check_area(&r.area_code).is_err() || !codes.contains(r.office_code.as_str()) {
                return bad(format!("routing rule {} -> {}", r.area_code, r.office_code));
            }
        }
        for p in [Province::Zhejiang, Province::Fujian] {
            if !self
                .hardship_standards
                .iter()
                .any(|s| s.province == p && s.county_code.is_none())
            {
                return bad(format!("no hardship standard for {}", province_key(p)));
            }
        }
        if self
            .hardship_standards
            .iter()
            .any(|s| s.monthly_income_per_person_fen == 0)
        {
            return bad("a hardship standard of 0".to_owned());
        }
        if let Some(d) = self
            .holidays
            .holidays
            .intersection(&self.holidays.workdays)
            .next()
        {
            return bad(format!("{d} is both a holiday and a workday"));
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------

fn text(zh_cn: &str, zh_tw: &str, en: &str) -> LocalizedText {
    LocalizedText {
        zh_cn: zh_cn.into(),
        zh_tw: Some(zh_tw.into()),
        en: Some(en.into()),
    }
}

/// What a legal aid application may bring (法律援助法 Art. 41–42): the applicant's identity,
/// the hardship pledge or proof, the case papers, and an agent's authority.
pub fn legal_aid_materials() -> Vec<crate::catalog::Material> {
    let m = |name, required| crate::catalog::Material {
        name,
        required,
        e_licence: false,
    };
    vec![
        m(
            text(
                "申请人身份证明",
                "申請人身份證明",
                "Applicant's proof of identity",
            ),
            true,
        ),
        m(
            text(
                "经济困难证明或个人诚信承诺书",
                "經濟困難證明或個人誠信承諾書",
                "Proof of financial hardship, or the signed integrity pledge",
            ),
            false,
        ),
        m(
            text(
                "与案件有关的材料（合同、欠条、病历、判决书等）",
                "與案件有關的材料（合約、欠條、病歷、判決書等）",
                "Papers about the case (contracts, IOUs, medical records, judgments …)",
            ),
            false,
        ),
        m(
            text(
                "代理人身份证明和授权委托书（代为申请时）",
                "代理人身份證明和授權委託書（代為申請時）",
                "The agent's ID and power of attorney (when applying for someone)",
            ),
            false,
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_application_may_bring_identity_hardship_case_papers_and_an_agents_authority() {
        let all = legal_aid_materials();
        assert_eq!(all.len(), 4);
        assert!(all[0].required, "the applicant's identity is always needed");
        assert!(all[1..].iter().all(|m| !m.required));
        for m in &all {
            assert!(
                m.name.zh_tw.is_some() && m.name.en.is_some(),
                "{:?}",
                m.name
            );
        }
    }

    const ZJ_STANDARD: u32 = 226_000;
    const FJ_STANDARD: u32 = 190_000;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    /// A Shanghai wall-clock time as UTC.
    fn sh(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        at_shanghai(date(y, m, d), NaiveTime::from_hms_opt(h, min, 0).unwrap())
    }

    fn today() -> NaiveDate {
        date(2026, 3, 10)
    }

    fn standards() -> Vec<HardshipStandard> {
        vec![
            HardshipStandard {
                province: Province::Zhejiang,
                county_code: None,
                monthly_income_per_person_fen: ZJ_STANDARD,
                assets_limit_fen: None,
                effective_from: date(2025, 1, 1),
                note: None,
            },
            HardshipStandard {
                province: Province::Fujian,
                county_code: None,
                monthly_income_per_person_fen: FJ_STANDARD,
                assets_limit_fen: Some(20_000_000),
                effective_from: date(2025, 1, 1),
                note: None,
            },
        ]
    }

    fn answers(
        matter: Art31Matter,
        province: Province,
        size: u32,
        income: u32,
    ) -> EligibilityAnswers {
        EligibilityAnswers {
            matter,
            situations: vec![],
            statuses: vec![],
            household_size: size,
            household_monthly_income_fen: Some(income),
            household_assets_fen: None,
            deciding_province: Some(province),
            deciding_county: None,
        }
    }

    fn check(a: &EligibilityAnswers) -> Eligibility {
        check_eligibility(a, &standards(), today()).unwrap()
    }

    fn is_eligible(e: &Eligibility) -> bool {
        matches!(e, Eligibility::LikelyEligible { .. })
    }

    const LISTED: [Art31Matter; 12] = [
        Art31Matter::StateCompensation,
        Art31Matter::SocialInsurance,
        Art31Matter::SocialAssistance,
        Art31Matter::PensionForMartyrs,
        Art31Matter::SupportPayments,
        Art31Matter::LabourRelationsOrWages,
        Art31Matter::CivilCapacityDeclaration,
        Art31Matter::PersonalInjuryWork,
        Art31Matter::PersonalInjuryTraffic,
        Art31Matter::PersonalInjuryFoodDrug,
        Art31Matter::PersonalInjuryMedical,
        Art31Matter::EnvironmentalDamage,
    ];

    // -- eligibility: matters ------------------------------------------------------------------

    #[test]
    fn every_listed_matter_with_low_income_is_likely_eligible_in_both_provinces() {
        for matter in LISTED {
            for (province, standard) in [
                (Province::Zhejiang, ZJ_STANDARD),
                (Province::Fujian, FJ_STANDARD),
            ] {
                let e = check(&answers(matter, province, 3, standard * 3 - 300));
                assert_eq!(
                    e,
                    Eligibility::LikelyEligible {
                        basis: EligibilityBasis::IncomeWithinStandard {
                            province,
                            per_person_fen: standard - 100,
                            standard_fen: standard,
                        }
                    },
                    "{matter:?} in {province:?}"
                );
            }
        }
    }

    #[test]
    fn every_listed_matter_with_high_income_is_likely_not_with_help_offered() {
        for matter in LISTED {
            let e = check(&answers(matter, Province::Zhejiang, 1, ZJ_STANDARD * 2));
            let Eligibility::LikelyNot {
                reasons,
                alternatives,
            } = e
            else {
                panic!("{matter:?}: {e:?}");
            };
            assert_eq!(reasons.len(), 1, "{matter:?}");
            assert_eq!(reasons[0].code(), "legal-aid-reason-income-above-standard");
            for always in Alternative::ALWAYS {
                assert!(
                    alternatives.contains(&always),
                    "{matter:?} lacks {always:?}"
                );
            }
        }
    }

    #[test]
    fn every_matter_has_a_label_and_all_lists_are_complete() {
        let labels: BTreeSet<_> = Art31Matter::ALL.iter().map(|m| m.label_id()).collect();
        assert_eq!(labels.len(), Art31Matter::ALL.len());
        assert_eq!(
            Art32Situation::ALL
                .iter()
                .map(|s| s.label_id())
                .collect::<BTreeSet<_>>()
                .len(),
            4
        );
        assert_eq!(
            Art42Status::ALL
                .iter()
                .map(|s| s.label_id())
                .collect::<BTreeSet<_>>()
                .len(),
            7
        );
        // LISTED plus OtherByLaw and NotListed is the whole enum.
        assert_eq!(LISTED.len() + 2, Art31Matter::ALL.len());
    }

    #[test]
    fn wages_likely_not_points_to_labour_inspection_and_arbitration_first() {
        let e = check(&answers(
            Art31Matter::LabourRelationsOrWages,
            Province::Fujian,
            1,
            FJ_STANDARD + 1,
        ));
        let Eligibility::LikelyNot { alternatives, .. } = e else {
            panic!("{e:?}")
        };
        assert_eq!(
            &alternatives[..2],
            &[
                Alternative::LabourInspection,
                Alternative::LabourArbitration
            ]
        );
    }

    #[test]
    fn a_matter_not_listed_is_likely_not_and_never_a_dead_end() {
        let mut a = answers(Art31Matter::NotListed, Province::Zhejiang, 1, 0);
        a.statuses = vec![Art42Status::Minor];
        let e = check(&a);
        assert_eq!(
            e,
            Eligibility::LikelyNot {
                reasons: vec![NotEligibleReason::MatterNotListed],
                alternatives: Alternative::ALWAYS.to_vec(),
            }
        );
    }

    #[test]
    fn other_matters_set_by_law_go_to_a_clerk() {
        let e = check(&answers(Art31Matter::OtherByLaw, Province::Zhejiang, 1, 0));
        assert_eq!(
            e,
            Eligibility::ClerkMustDecide {
                why: vec![ClerkReason::MatterSetByOtherLaw]
            }
        );
    }

    // -- eligibility: Art. 32 and Art. 42 ------------------------------------------------------

    #[test]
    fn every_art32_situation_skips_the_hardship_check_even_for_a_rich_household() {
        for situation in Art32Situation::ALL {
            for matter in Art31Matter::ALL {
                let mut a = answers(matter, Province::Zhejiang, 1, u32::MAX);
                a.situations = vec![situation];
                a.deciding_province = None;
                assert_eq!(
                    check(&a),
                    Eligibility::LikelyEligible {
                        basis: EligibilityBasis::NoHardshipCheck { situation }
                    },
                    "{situation:?} / {matter:?}"
                );
            }
        }
    }

    #[test]
    fn every_art42_status_presumes_hardship_for_a_listed_matter() {
        for status in Art42Status::ALL {
            let matter = if status == Art42Status::MigrantWorkerWagesOrInjury {
                Art31Matter::LabourRelationsOrWages
            } else {
                Art31Matter::SupportPayments
            };
            let mut a = answers(matter, Province::Fujian, 1, u32::MAX);
            a.household_monthly_income_fen = None;
            a.statuses = vec![status];
            assert_eq!(
                check(&a),
                Eligibility::LikelyEligible {
                    basis: EligibilityBasis::HardshipPresumed { status }
                },
                "{status:?}"
            );
        }
    }

    #[test]
    fn a_migrant_worker_is_presumed_in_hardship_for_wages_and_work_injury_only() {
        for matter in LISTED {
            let mut a = answers(matter, Province::Zhejiang, 1, ZJ_STANDARD + 1);
            a.statuses = vec![Art42Status::MigrantWorkerWagesOrInjury];
            let e = check(&a);
            if matter.is_migrant_worker_matter() {
                assert!(is_eligible(&e), "{matter:?}: {e:?}");
            } else {
                let Eligibility::LikelyNot { reasons, .. } = &e else {
                    panic!("{matter:?}: {e:?}")
                };
                assert!(
                    reasons.contains(&NotEligibleReason::MigrantWorkerStatusOnlyForWagesOrInjury),
                    "{matter:?}"
                );
            }
        }
        assert!(Art31Matter::PersonalInjuryWork.is_migrant_worker_matter());
        assert!(!Art31Matter::PersonalInjuryTraffic.is_migrant_worker_matter());
    }

    #[test]
    fn a_migrant_worker_with_another_matter_and_low_income_is_still_eligible_by_income() {
        let mut a = answers(Art31Matter::PersonalInjuryTraffic, Province::Zhejiang, 2, 0);
        a.statuses = vec![Art42Status::MigrantWorkerWagesOrInjury];
        let e = check(&a);
        assert!(matches!(
            e,
            Eligibility::LikelyEligible {
                basis: EligibilityBasis::IncomeWithinStandard { .. }
            }
        ));
    }

    // -- eligibility: the threshold ------------------------------------------------------------

    #[test]
    fn income_exactly_at_the_standard_is_eligible_in_both_provinces() {
        for (province, standard) in [
            (Province::Zhejiang, ZJ_STANDARD),
            (Province::Fujian, FJ_STANDARD),
        ] {
            for size in [1, 2, 3, 7] {
                let e = check(&answers(
                    Art31Matter::SupportPayments,
                    province,
                    size,
                    standard * size,
                ));
                assert!(is_eligible(&e), "{province:?} x{size}: {e:?}");
            }
        }
    }

    #[test]
    fn income_one_fen_below_the_standard_is_eligible_in_both_provinces() {
        for (province, standard) in [
            (Province::Zhejiang, ZJ_STANDARD),
            (Province::Fujian, FJ_STANDARD),
        ] {
            let e = check(&answers(
                Art31Matter::SupportPayments,
                province,
                1,
                standard - 1,
            ));
            assert!(is_eligible(&e), "{province:?}: {e:?}");
        }
    }

    #[test]
    fn income_one_fen_above_the_standard_is_likely_not_in_both_provinces() {
        for (province, standard) in [
            (Province::Zhejiang, ZJ_STANDARD),
            (Province::Fujian, FJ_STANDARD),
        ] {
            for size in [1, 2, 3] {
                let e = check(&answers(
                    Art31Matter::SupportPayments,
                    province,
                    size,
                    standard * size + 1,
                ));
                let Eligibility::LikelyNot { reasons, .. } = &e else {
                    panic!("{province:?} x{size}: {e:?}")
                };
                // Shown rounded up, so it never reads "2260.00 is above 2260.00".
                assert_eq!(
                    reasons[0],
                    NotEligibleReason::IncomeAboveStandard {
                        province,
                        per_person_fen: standard + 1,
                        standard_fen: standard
                    }
                );
            }
        }
    }

    #[test]
    fn the_same_household_can_qualify_in_fujian_but_not_in_zhejiang() {
        // Between the two standards.
        let income = 2 * 200_000;
        let zj = check(&answers(
            Art31Matter::LabourRelationsOrWages,
            Province::Zhejiang,
            2,
            income,
        ));
        let fj = check(&answers(
            Art31Matter::LabourRelationsOrWages,
            Province::Fujian,
            2,
            income,
        ));
        assert!(is_eligible(&zj));
        assert!(matches!(fj, Eligibility::LikelyNot { .. }));
    }

    #[test]
    fn assets_above_the_provincial_limit_make_it_likely_not() {
        let mut a = answers(Art31Matter::SupportPayments, Province::Fujian, 1, 0);
        a.household_assets_fen = Some(20_000_001);
        let e = check(&a);
        assert!(
            matches!(
                &e,
                Eligibility::LikelyNot { reasons, .. }
                    if reasons == &[NotEligibleReason::AssetsAboveLimit {
                        province: Province::Fujian, assets_fen: 20_000_001, limit_fen: 20_000_000 }]
            ),
            "{e:?}"
        );
        a.household_assets_fen = Some(20_000_000);
        assert!(is_eligible(&check(&a)));
    }

    #[test]
    fn a_county_standard_beats_the_province_and_a_newer_one_beats_an_older_one() {
        let mut s = standards();
        s.push(HardshipStandard {
            province: Province::Zhejiang,
            county_code: Some("330329".into()),
            monthly_income_per_person_fen: 250_000,
            assets_limit_fen: None,
            effective_from: date(2025, 6, 1),
            note: None,
        });
        s.push(HardshipStandard {
            province: Province::Zhejiang,
            county_code: None,
            monthly_income_per_person_fen: 240_000,
            assets_limit_fen: None,
            effective_from: date(2026, 7, 1),
            note: None,
        });
        let pick = |county, day| {
            standard_for(&s, Province::Zhejiang, county, day)
                .unwrap()
                .monthly_income_per_person_fen
        };
        assert_eq!(pick(Some("330329"), today()), 250_000);
        assert_eq!(pick(Some("330327"), today()), ZJ_STANDARD);
        assert_eq!(pick(None, date(2026, 7, 1)), 240_000);
        assert_eq!(pick(None, date(2026, 6, 30)), ZJ_STANDARD);
    }

    #[test]
    fn unknown_income_or_province_or_standard_goes_to_a_clerk() {
        let mut a = answers(Art31Matter::SupportPayments, Province::Zhejiang, 1, 0);
        a.household_monthly_income_fen = None;
        assert_eq!(
            check(&a),
            Eligibility::ClerkMustDecide {
                why: vec![ClerkReason::IncomeNotGiven]
            }
        );
        let mut b = answers(Art31Matter::SupportPayments, Province::Zhejiang, 1, 0);
        b.deciding_province = None;
        assert_eq!(
            check(&b),
            Eligibility::ClerkMustDecide {
                why: vec![ClerkReason::DecidingProvinceUnknown]
            }
        );
        let c = answers(Art31Matter::SupportPayments, Province::Fujian, 1, 0);
        assert_eq!(
            check_eligibility(&c, &standards()[..1], today()).unwrap(),
            Eligibility::ClerkMustDecide {
                why: vec![ClerkReason::NoStandardForProvince {
                    province: Province::Fujian
                }]
            }
        );
    }

    #[test]
    fn an_empty_or_absurd_household_is_an_input_error() {
        let a = answers(Art31Matter::SupportPayments, Province::Zhejiang, 0, 0);
        let err = check_eligibility(&a, &standards(), today()).unwrap_err();
        assert_eq!(err.code(), "error-legal-aid-household-size-zero");
        let b = answers(Art31Matter::SupportPayments, Province::Zhejiang, 31, 0);
        let err = check_eligibility(&b, &standards(), today()).unwrap_err();
        assert_eq!(err.args(), vec![("max", "30".to_owned())]);
    }

    #[test]
    fn money_arguments_are_yuan_with_two_decimals() {
        assert_eq!(yuan(226_000), "2260.00");
        assert_eq!(yuan(5), "0.05");
        let basis = EligibilityBasis::IncomeWithinStandard {
            province: Province::Fujian,
            per_person_fen: 123_456,
            standard_fen: FJ_STANDARD,
        };
        assert_eq!(
            basis.args(),
            vec![
                ("province", "fujian".to_owned()),
                ("per_person", "1234.56".to_owned()),
                ("standard", "1900.00".to_owned())
            ]
        );
    }

    #[test]
    fn outcomes_serialize_with_snake_case_tags() {
        let e = Eligibility::LikelyNot {
            reasons: vec![NotEligibleReason::MatterNotListed],
            alternatives: vec![Alternative::LegalHotline12348],
        };
        assert_eq!(
            serde_json::to_value(&e).unwrap(),
            serde_json::json!({"outcome": "likely_not",
                "reasons": [{"kind": "matter_not_listed"}],
                "alternatives": ["legal_hotline_12348"]})
        );
    }

    // -- routing -------------------------------------------------------------------------------

    fn office(code: &str, province: Province, city: &str, county: Option<&str>) -> LegalAidOffice {
        LegalAidOffice {
            code: code.into(),
            name: LocalizedText {
                zh_cn: code.into(),
                ..Default::default()
            },
            province,
            city_code: city.into(),
            county_code: county.map(Into::into),
        }
    }

    fn offices() -> Vec<LegalAidOffice> {
        vec![
            office("LA-330329", Province::Zhejiang, "330300", Some("330329")),
            office("LA-330327", Province::Zhejiang, "330300", Some("330327")),
            office("LA-330300", Province::Zhejiang, "330300", None),
            office("LA-330100", Province::Zhejiang, "330100", None),
            office("LA-350982", Province::Fujian, "350900", Some("350982")),
            office("LA-350926", Province::Fujian, "350900", Some("350926")),
            office("LA-350900", Province::Fujian, "350900", None),
        ]
    }

    fn rules() -> Vec<RoutingRule> {
        vec![RoutingRule {
            area_code: "330302".into(),
            office_code: "LA-330300".into(),
        }]
    }

    fn facts(court: Option<&str>, obligor: Option<&str>, events: Option<&str>) -> RoutingFacts {
        RoutingFacts {
            court_or_authority_county: court.map(Into::into),
            obligor_county: obligor.map(Into::into),
            events_county: events.map(Into::into),
            applicant_county: "330329".into(),
        }
    }

    #[test]
    fn the_office_that_received_the_matter_first_keeps_it_with_its_own_notes() {
        // The employer in Taishun, the work done in Fuding: Taishun first, Fuding competent too.
        let r = route(
            &facts(None, Some("330329"), Some("350982")),
            &offices(),
            &rules(),
        )
        .unwrap();
        assert_eq!(r.office.code, "LA-330329");
        assert!(!r.cross_province);
        assert_eq!(r.alternatives[0].office.code, "LA-350982");
        // Fuding had it first (from another kiosk): it keeps it, across the border.
        let kept = r.clone().first_received_by("LA-350982", "330329");
        assert_eq!(kept.office.code, "LA-350982");
        assert!(kept.cross_city && kept.cross_province);
        assert_eq!(kept.alternatives[0].office.code, "LA-330329");
        assert_eq!(kept.alternatives[0].reason, r.reason);
        // Not among the competent: nothing changes.
        assert_eq!(r.clone().first_received_by("LA-999999", "330329"), r);
    }

    #[test]
    fn a_case_in_the_same_county_stays_at_the_county_office() {
        let r = route(
            &facts(None, Some("330329"), Some("330329")),
            &offices(),
            &rules(),
        )
        .unwrap();
        assert_eq!(r.office.code, "LA-330329");
        assert_eq!(r.reason, RoutingReason::ObligorLocation);
        assert!(!r.cross_city && !r.cross_province);
        assert!(r.alternatives.is_empty());
        assert!(r.note_ids().is_empty());
    }

    #[test]
    fn a_court_case_goes_where_the_court_sits_even_in_another_city() {
        // Hangzhou Intermediate Court (city code) while the employer is in Taishun.
        let r = route(
            &facts(Some("330100"), Some("330329"), None),
            &offices(),
            &rules(),
        )
        .unwrap();
        assert_eq!(r.office.code, "LA-330100");
        assert_eq!(r.reason, RoutingReason::CourtSeat);
        assert!(r.cross_city && !r.cross_province);
        assert!(r.alternatives.is_empty());
        assert_eq!(r.note_ids(), vec!["legal-aid-routing-cross-city"]);
    }

    #[test]
    fn a_district_without_its_own_office_follows_the_routing_rule_or_its_city() {
        let o = offices();
        assert_eq!(
            office_for_area("330302", &o, &rules()).unwrap().code,
            "LA-330300"
        );
        assert_eq!(
            office_for_area("330304", &o, &[]).unwrap().code,
            "LA-330300"
        );
        assert_eq!(
            office_for_area("350924", &o, &[]).unwrap().code,
            "LA-350900"
        );
        assert_eq!(
            office_for_area("110105", &o, &[]).unwrap_err(),
            LegalAidError::NoOfficeForArea {
                area: "110105".into()
            }
        );
        assert_eq!(
            office_for_area("3303", &o, &[]).unwrap_err(),
            LegalAidError::AreaCode
        );
        let broken = [RoutingRule {
            area_code: "330302".into(),
            office_code: "LA-999999".into(),
        }];
        assert_eq!(
            office_for_area("330302", &o, &broken).unwrap_err().code(),
            "error-legal-aid-unknown-office"
        );
    }

    #[test]
    fn a_case_across_the_border_goes_to_the_fujian_county_office() {
        let r = route(&facts(Some("350982"), None, None), &offices(), &rules()).unwrap();
        assert_eq!(r.office.code, "LA-350982");
        assert_eq!(r.office.province, Province::Fujian);
        assert!(r.cross_city && r.cross_province);
        assert_eq!(r.note_ids(), vec!["legal-aid-routing-cross-province"]);
    }

    #[test]
    fn two_competent_offices_route_to_the_nearer_and_list_the_other() {
        // Employer (obligor) in Fuding, injury happened in Taishun, applicant in Taishun.
        let r = route(
            &facts(None, Some("350982"), Some("330329")),
            &offices(),
            &rules(),
        )
        .unwrap();
        assert_eq!(r.office.code, "LA-330329");
        assert_eq!(r.reason, RoutingReason::EventsLocation);
        assert!(!r.cross_province);
        assert_eq!(r.alternatives.len(), 1);
        assert_eq!(r.alternatives[0].office.code, "LA-350982");
        assert_eq!(r.alternatives[0].reason, RoutingReason::ObligorLocation);
        assert!(r.note_ids().contains(&"legal-aid-routing-first-to-receive"));
    }

    #[test]
    fn two_competent_offices_equally_far_prefer_the_obligors() {
        let r = route(
            &facts(None, Some("350926"), Some("350982")),
            &offices(),
            &rules(),
        )
        .unwrap();
        assert_eq!(r.office.code, "LA-350926");
        assert_eq!(r.alternatives[0].office.code, "LA-350982");
    }

    #[test]
    fn the_first_office_to_receive_wins() {
        let o = offices();
        let (ts, fd) = (&o[0], &o[4]);
        let early = sh(2026, 3, 10, 9, 0);
        let late = sh(2026, 3, 10, 9, 1);
        assert_eq!(first_to_receive((ts, late), (fd, early)).code, "LA-350982");
        assert_eq!(first_to_receive((fd, late), (ts, early)).code, "LA-330329");
        // An exact tie is decided the same way whatever the argument order.
        assert_eq!(first_to_receive((fd, early), (ts, early)).code, "LA-330329");
        assert_eq!(first_to_receive((ts, early), (fd, early)).code, "LA-330329");
    }

    #[test]
    fn routing_without_any_place_is_an_error() {
        let err = route(&facts(None, None, None), &offices(), &rules()).unwrap_err();
        assert_eq!(err, LegalAidError::NoPlaceGiven);
    }

    #[test]
    fn eligibility_uses_the_province_of_the_routed_office() {
        let r = route(&facts(Some("350982"), None, None), &offices(), &rules()).unwrap();
        // Between the two standards: fine in Zhejiang, too much in Fujian.
        let a = answers(
            Art31Matter::PersonalInjuryWork,
            Province::Zhejiang,
            1,
            200_000,
        )
        .decided_by(&r.office);
        assert_eq!(a.deciding_province, Some(Province::Fujian));
        assert!(matches!(check(&a), Eligibility::LikelyNot { .. }));
    }

    // -- urgency -------------------------------------------------------------------------------

    #[test]
    fn a_deadline_six_days_away_is_urgent_and_seven_is_not() {
        let t = today();
        let at = |d: u64| UrgencyFacts {
            deadline: Some(t + Days::new(d)),
            ..Default::default()
        };
        assert!(is_urgent(&at(6), t));
        assert_eq!(
            urgency(&at(0), t),
            vec![UrgencyReason::DeadlineSoon { days_left: 0 }]
        );
        assert!(!is_urgent(&at(7), t));
        let passed = UrgencyFacts {
            deadline: Some(t - Days::new(1)),
            ..Default::default()
        };
        assert!(is_urgent(&passed, t));
        assert!(!is_urgent(&UrgencyFacts::default(), t));
    }

    #[test]
    fn evidence_or_property_at_risk_is_urgent_without_a_deadline() {
        let t = today();
        let evidence = UrgencyFacts {
            evidence_at_risk: true,
            ..Default::default()
        };
        let property = UrgencyFacts {
            property_at_risk: true,
            ..Default::default()
        };
        assert_eq!(urgency(&evidence, t), vec![UrgencyReason::EvidenceAtRisk]);
        assert_eq!(urgency(&property, t), vec![UrgencyReason::PropertyAtRisk]);
    }

    #[test]
    fn urgent_cases_reach_the_front_of_the_queue() {
        let mut queue = [
            ("old", false, sh(2026, 3, 9, 9, 0)),
            ("urgent-late", true, sh(2026, 3, 10, 11, 0)),
            ("new", false, sh(2026, 3, 10, 9, 0)),
            ("urgent-early", true, sh(2026, 3, 10, 10, 0)),
        ];
        queue.sort_by(|a, b| queue_order((a.1, a.2), (b.1, b.2)));
        let order: Vec<_> = queue.iter().map(|q| q.0).collect();
        assert_eq!(order, ["urgent-early", "urgent-late", "old", "new"]);
    }

    // -- deadlines -----------------------------------------------------------------------------

    fn holidays_2026() -> Holidays {
        let mut h = Holidays {
            years: [2026].into(),
            ..Default::default()
        };
        for (m, from, to) in [(4, 4, 6), (5, 1, 5), (10, 1, 7)] {
            for d in from..=to {
                h.holidays.insert(date(2026, m, d));
            }
        }
        for (m, d) in [(5, 9), (9, 20), (10, 10)] {
            h.workdays.insert(date(2026, m, d));
        }
        h
    }

    #[test]
    fn working_days_skip_the_weekend() {
        // Thursday 2026-03-12 + 3 working days: Fri 13, Mon 16, Tue 17.
        let start = sh(2026, 3, 12, 10, 0);
        let h = holidays_2026();
        assert_eq!(
            last_day(start, 3, DayCount::Working, &h).unwrap(),
            date(2026, 3, 17)
        );
        assert_eq!(
            due(start, 3, DayCount::Working, &h).unwrap(),
            sh(2026, 3, 17, 23, 59) + chrono::Duration::seconds(59)
        );
    }

    #[test]
    fn calendar_days_count_the_weekend_but_do_not_end_on_it() {
        let h = holidays_2026();
        // Thu 12 + 3 calendar days = Sun 15 → the next working day, Mon 16.
        assert_eq!(
            last_day(sh(2026, 3, 12, 10, 0), 3, DayCount::Calendar, &h).unwrap(),
            date(2026, 3, 16)
        );
        // Mon 9 + 3 = Thu 12, a working day.
        assert_eq!(
            last_day(sh(2026, 3, 9, 10, 0), 3, DayCount::Calendar, &h).unwrap(),
            date(2026, 3, 12)
        );
    }

    #[test]
    fn seven_working_days_across_may_day_count_the_adjusted_saturday() {
        let h = holidays_2026();
        // Wed 2026-04-29: Thu 30, (1-5 May off), Wed 6, Thu 7, Fri 8, Sat 9 (调休), Mon 11, Tue 12.
        let start = sh(2026, 4, 29, 15, 0);
        assert_eq!(
            last_day(start, 7, DayCount::Working, &h).unwrap(),
            date(2026, 5, 12)
        );
        // Calendar: 29 Apr + 7 = 6 May, a working day.
        assert_eq!(
            last_day(start, 7, DayCount::Calendar, &h).unwrap(),
            date(2026, 5, 6)
        );
        // Calendar ending inside the holiday: 28 Apr + 5 = 3 May → 6 May.
        assert_eq!(
            last_day(sh(2026, 4, 28, 15, 0), 5, DayCount::Calendar, &h).unwrap(),
            date(2026, 5, 6)
        );
    }

    #[test]
    fn the_start_date_is_taken_in_shanghai_not_utc() {
        let h = holidays_2026();
        // 2026-03-12 23:30 UTC is Friday 13 07:30 in Shanghai: +1 working day = Monday 16.
        let start = Utc.with_ymd_and_hms(2026, 3, 12, 23, 30, 0).unwrap();
        assert_eq!(
            last_day(start, 1, DayCount::Working, &h).unwrap(),
            date(2026, 3, 16)
        );
    }

    #[test]
    fn a_year_without_known_holidays_is_an_error_not_a_guess() {
        let err = due(
            sh(2026, 12, 30, 10, 0),
            7,
            DayCount::Working,
            &holidays_2026(),
        )
        .unwrap_err();
        assert_eq!(err, LegalAidError::HolidaysUnknown { year: 2027 });
        assert_eq!(err.code(), "error-legal-aid-holidays-unknown");
    }

    #[test]
    fn the_same_day_target_ends_at_five_pm_or_the_next_working_day() {
        let h = holidays_2026();
        let five = five_pm();
        assert_eq!(
            same_day_target(sh(2026, 3, 12, 10, 0), five, &h).unwrap(),
            sh(2026, 3, 12, 17, 0)
        );
        // After hours on a Friday → Monday 17:00.
        assert_eq!(
            same_day_target(sh(2026, 3, 13, 17, 30), five, &h).unwrap(),
            sh(2026, 3, 16, 17, 0)
        );
        // On National Day → the first working day after the holiday, Thursday 8 Oct.
        assert_eq!(
            same_day_target(sh(2026, 10, 2, 10, 0), five, &h).unwrap(),
            sh(2026, 10, 8, 17, 0)
        );
    }

    #[test]
    fn a_step_is_overdue_after_its_legal_limit_and_misses_target_after_five_pm() {
        let h = holidays_2026();
        let settings = DeadlineSettings {
            same_day_target: true,
            ..Default::default()
        };
        let started = sh(2026, 3, 12, 9, 30);
        let clock = step_clock(LegalAidStep::Decide, started, &settings, &h).unwrap();
        assert_eq!(clock.target, Some(sh(2026, 3, 12, 17, 0)));
        assert!(!clock.misses_target(sh(2026, 3, 12, 16, 59)));
        assert!(clock.misses_target(sh(2026, 3, 12, 17, 1)));
        // 7 working days from Thu 12 March: 13, 16-20, 23 → Monday 23 March.
        assert!(!clock.is_overdue(sh(2026, 3, 23, 23, 0)));
        assert!(clock.is_overdue(sh(2026, 3, 24, 0, 0)));
        assert!(is_overdue(
            LegalAidStep::Assign,
            started,
            sh(2026, 3, 18, 0, 0),
            &settings,
            &h
        )
        .unwrap());
        assert!(!is_overdue(
            LegalAidStep::Assign,
            started,
            sh(2026, 3, 17, 12, 0),
            &settings,
            &h
        )
        .unwrap());
    }

    #[test]
    fn without_the_county_promise_there_is_no_target() {
        let clock = step_clock(
            LegalAidStep::Assign,
            sh(2026, 3, 12, 9, 30),
            &DeadlineSettings::default(),
            &holidays_2026(),
        )
        .unwrap();
        assert_eq!(clock.target, None);
        assert!(!clock.misses_target(sh(2026, 3, 17, 12, 0)));
    }

    // -- the sample reference data -------------------------------------------------------------

    fn sample() -> LegalAidReference {
        serde_json::from_str(include_str!("../../local/data/sample-legal-aid.json"))
            .expect("sample-legal-aid.json reads as LegalAidReference")
    }

    #[test]
    fn the_sample_reference_data_is_consistent() {
        let r = sample();
        assert!(r.sample);
        r.check().unwrap();
        assert_eq!(r.deadlines.decide_days, 7);
        assert_eq!(r.deadlines.assign_days, 3);
        assert!(r.holidays.years.contains(&2026));
    }

    #[test]
    fn a_taishun_applicant_against_a_fuding_employer_is_routed_across_the_border() {
        let r = sample();
        let routing = route(
            &RoutingFacts {
                court_or_authority_county: None,
                obligor_county: Some("350982".into()),
                events_county: None,
                applicant_county: "330329".into(),
            },
            &r.offices,
            &r.routing_rules,
        )
        .unwrap();
        assert_eq!(routing.office.name.zh_cn, "福鼎市法律援助中心");
        assert_eq!(routing.office.province, Province::Fujian);
        assert_eq!(routing.reason, RoutingReason::ObligorLocation);
        assert!(routing.cross_province && routing.cross_city);
        // Decided by Fujian's standard.
        let a = answers(
            Art31Matter::LabourRelationsOrWages,
            Province::Zhejiang,
            1,
            0,
        )
        .decided_by(&routing.office);
        assert!(is_eligible(
            &check_eligibility(&a, &r.hardship_standards, date(2026, 3, 10)).unwrap()
        ));
    }

    #[test]
    fn the_sample_spring_festival_pushes_the_decision_past_the_holiday() {
        let r = sample();
        // Friday 13 Feb 2026 10:00; Sat 14 Feb is a 调休 workday, 15-23 Feb off.
        let started = sh(2026, 2, 13, 10, 0);
        assert_eq!(
            last_day(started, 3, DayCount::Working, &r.holidays).unwrap(),
            date(2026, 2, 25)
        );
        assert_eq!(
            last_day(started, 7, DayCount::Calendar, &r.holidays).unwrap(),
            date(2026, 2, 24)
        );
    }
}
