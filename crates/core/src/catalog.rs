//! The 浙闽通办 services catalog: reference data owned by the server and cached on devices.
//! Code here interprets an item's definition (its questions, materials, limits); it never
//! names particular items.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{validate, CoreError, Language};

/// Text given in each language by the reference data. zh-CN is always there; the others fall
/// back to it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct LocalizedText {
    #[serde(rename = "zh-CN")]
    pub zh_cn: String,
    #[serde(rename = "zh-TW", default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub zh_tw: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub en: Option<String>,
}

impl LocalizedText {
    pub fn get(&self, language: Language) -> &str {
        let picked = match language {
            Language::ZhCn => None,
            Language::ZhTw => self.zh_tw.as_deref(),
            Language::En => self.en.as_deref(),
        };
        picked.unwrap_or(&self.zh_cn)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Category {
    MedicalInsurance,
    SocialSecurity,
    Household,
    HousingFund,
    MarriageBirth,
    Business,
    Transport,
}

/// Which province's office handles the item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Province {
    Zhejiang,
    Fujian,
}

/// How the item is handled across the border (国办发〔2020〕35号).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum HandlingMode {
    /// 全程网办
    FullyOnline,
    /// 异地代收代办
    CollectedAndForwarded,
    /// 多地联办
    MultiOffice,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Material {
    pub name: LocalizedText,
    pub required: bool,
    /// An electronic licence (电子证照) can stand in for the paper.
    #[serde(default)]
    pub e_licence: bool,
}

/// What kind of answer a question takes. Standard kinds carry their own label and rule;
/// `text`, `long_text`, `date` and `choice` take their label from the item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum QuestionKind {
    Name,
    IdNumber,
    Phone,
    Address,
    Text,
    LongText,
    Date,
    Choice,
}

impl QuestionKind {
    /// The Fluent id of the built-in label, for standard kinds.
    pub fn label_id(self) -> &'static str {
        match self {
            Self::Name => "question-name",
            Self::IdNumber => "question-id-number",
            Self::Phone => "question-phone",
            Self::Address => "question-address",
            Self::Text | Self::LongText | Self::Date | Self::Choice => "question-generic",
        }
    }

    fn default_max_len(self) -> usize {
        match self {
            Self::Name => 50,
            Self::IdNumber | Self::Phone => 32,
            Self::Address => 200,
            Self::Text | Self::Date | Self::Choice => 200,
            Self::LongText => 2000,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ChoiceOption {
    pub value: String,
    pub label: LocalizedText,
}

/// Ask this question only when an earlier answer has a given value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Condition {
    pub question: String,
    pub equals: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Question {
    pub id: String,
    pub kind: QuestionKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub label: Option<LocalizedText>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub hint: Option<LocalizedText>,
    #[serde(default = "yes")]
    pub required: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<ChoiceOption>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub show_if: Option<Condition>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub max_len: Option<u32>,
}

fn yes() -> bool {
    true
}

impl Question {
    /// Whether this question is asked, given the answers so far.
    pub fn is_asked(&self, answers: &BTreeMap<String, String>) -> bool {
        match &self.show_if {
            None => true,
            Some(c) => answers.get(&c.question).map(String::as_str) == Some(c.equals.as_str()),
        }
    }

    /// Checks one answer and returns it normalised (an ID number upper-cased, a phone number
    /// without spaces or +86). An empty optional answer is Ok("").
    pub fn check(&self, raw: &str, today: chrono::NaiveDate) -> Result<String, CoreError> {
        let value = raw.trim();
        if value.is_empty() {
            return if self.required {
                Err(CoreError::AnswerRequired)
            } else {
                Ok(String::new())
            };
        }
        let max = self
            .max_len
            .map(|m| m as usize)
            .unwrap_or_else(|| self.kind.default_max_len());
        if value.chars().count() > max {
            return Err(CoreError::AnswerTooLong { max });
        }
        validate::plain_text(value, self.kind == QuestionKind::LongText)?;
        match self.kind {
            QuestionKind::IdNumber => validate::id_number(value, today).map(|id| id.value),
            QuestionKind::Phone => validate::mobile_phone(value),
            QuestionKind::Date => validate::date(value).map(|d| d.format("%Y-%m-%d").to_string()),
            QuestionKind::Choice => self
                .options
                .iter()
                .find(|o| o.value == value)
                .map(|o| o.value.clone())
                .ok_or(CoreError::AnswerNotAnOption),
            QuestionKind::Name
            | QuestionKind::Address
            | QuestionKind::Text
            | QuestionKind::LongText => Ok(value.to_string()),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CatalogItem {
    /// Stable code, e.g. `ZM-HJ-001`.
    pub code: String,
    pub name: LocalizedText,
    pub category: Category,
    pub handling_side: Province,
    pub handling_office: LocalizedText,
    pub mode: HandlingMode,
    /// Promised time limit in working days (承诺时限).
    pub time_limit_working_days: u32,
    /// Fee in fen (0.01 yuan); most items are free.
    #[serde(default)]
    pub fee_fen: u32,
    pub materials: Vec<Material>,
    pub questions: Vec<Question>,
    /// Extra words people search with (pinyin, common names).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub keywords: Vec<String>,
    /// The item is sample data shipped with the app, not the official list.
    #[serde(default)]
    pub sample: bool,
    /// How often people ask for the item, 1 = most asked. The services screen shows the
    /// ranked items (the top 20) without any typing; unranked items come after them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub popular_rank: Option<u32>,
    /// The life events the item belongs to, for browsing by what happened to the person.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub life_events: Vec<LifeEvent>,
}

/// Something that happened in a person's life, for finding the services it calls for without
/// knowing their official names (搬家, 退休, 生孩子 ...). Items list theirs in `life_events`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum LifeEvent {
    /// 搬家、迁户口
    Moving,
    /// 退休、领养老金
    Retiring,
    /// 生孩子
    NewBaby,
    /// 结婚、离婚
    Marriage,
    /// 开店、办企业
    StartingBusiness,
    /// 关店、注销企业
    ClosingBusiness,
    /// 买车、开车
    BuyingCar,
    /// 换工作、失业
    JobChange,
    /// 买房、租房
    Housing,
    /// 证件丢了
    LostDocuments,
    /// 看病就医
    MedicalCare,
}

impl LifeEvent {
    /// Every event, in the order the services screen offers them.
    pub const ALL: [LifeEvent; 11] = [
        Self::Moving,
        Self::Retiring,
        Self::NewBaby,
        Self::Marriage,
        Self::StartingBusiness,
        Self::ClosingBusiness,
        Self::BuyingCar,
        Self::JobChange,
        Self::Housing,
        Self::LostDocuments,
        Self::MedicalCare,
    ];

    /// The Fluent id of the event's label.
    pub fn label_id(self) -> &'static str {
        match self {
            Self::Moving => "life-event-moving",
            Self::Retiring => "life-event-retiring",
            Self::NewBaby => "life-event-new-baby",
            Self::Marriage => "life-event-marriage",
            Self::StartingBusiness => "life-event-starting-business",
            Self::ClosingBusiness => "life-event-closing-business",
            Self::BuyingCar => "life-event-buying-car",
            Self::JobChange => "life-event-job-change",
            Self::Housing => "life-event-housing",
            Self::LostDocuments => "life-event-lost-documents",
            Self::MedicalCare => "life-event-medical-care",
        }
    }
}

impl CatalogItem {
    pub fn question(&self, id: &str) -> Result<&Question, CoreError> {
        self.questions
            .iter()
            .find(|q| q.id == id)
            .ok_or(CoreError::UnknownQuestion)
    }

    /// The questions asked for these answers, in order.
    pub fn asked_questions<'a>(
        &'a self,
        answers: &'a BTreeMap<String, String>,
    ) -> impl Iterator<Item = &'a Question> + 'a {
        self.questions.iter().filter(|q| q.is_asked(answers))
    }

    /// Checks one answer as `check_answers` will at submit, given the answers so far: a
    /// question they do not lead to keeps nothing (`Ok("")`), whatever was typed.
    pub fn check_answer(
        &self,
        question_id: &str,
        raw: &str,
        answers: &BTreeMap<String, String>,
        today: chrono::NaiveDate,
    ) -> Result<String, CoreError> {
        let question = self.question(question_id)?;
        // The branch is decided by the earlier answers as submit will read them: checked,
        // normalised, and only those of questions that were asked.
        let mut before = BTreeMap::new();
        for q in self.questions.iter().take_while(|q| q.id != question_id) {
            if !q.is_asked(&before) {
                continue;
            }
            let raw = answers.get(&q.id).map(String::as_str).unwrap_or("");
            if let Ok(value) = q.check(raw, today) {
                if !value.is_empty() {
                    before.insert(q.id.clone(), value);
                }
            }
        }
        if !question.is_asked(&before) {
            return Ok(String::new());
        }
        question.check(raw, today)
    }

    /// Checks a whole set of answers; on success returns them normalised, with answers to
    /// questions that were not asked dropped (a changed branch must not leave stale data).
    pub fn check_answers(
        &self,
        answers: &BTreeMap<String, String>,
        today: chrono::NaiveDate,
    ) -> Result<BTreeMap<String, String>, crate::error::AnswerError> {
        let mut clean = BTreeMap::new();
        for q in &self.questions {
            // Branching reads the normalised answers given so far.
            if !q.is_asked(&clean) {
                continue;
            }
            let raw = answers.get(&q.id).map(String::as_str).unwrap_or("");
            let value = q
                .check(raw, today)
                .map_err(|error| crate::error::AnswerError {
                    question_id: q.id.clone(),
                    error,
                })?;
            if !value.is_empty() {
                clean.insert(q.id.clone(), value);
            }
        }
        Ok(clean)
    }
}

/// The order of the services screen: ranked items by rank (1 first), then the rest; ties and
/// unranked items by code, so the order is stable.
pub fn popularity_order(a: &CatalogItem, b: &CatalogItem) -> std::cmp::Ordering {
    let rank = |i: &CatalogItem| i.popular_rank.unwrap_or(u32::MAX);
    rank(a).cmp(&rank(b)).then_with(|| a.code.cmp(&b.code))
}

/// The `n` most asked items (those with a `popular_rank`), most asked first: what the
/// services screen shows before anyone types.
pub fn most_asked(items: &[CatalogItem], n: usize) -> Vec<&CatalogItem> {
    let mut ranked: Vec<&CatalogItem> = items.iter().filter(|i| i.popular_rank.is_some()).collect();
    ranked.sort_by(|a, b| popularity_order(a, b));
    ranked.truncate(n);
    ranked
}

/// The items that belong to a life event, most asked first.
pub fn by_life_event(items: &[CatalogItem], event: LifeEvent) -> Vec<&CatalogItem> {
    let mut hits: Vec<&CatalogItem> = items
        .iter()
        .filter(|i| i.life_events.contains(&event))
        .collect();
    hits.sort_by(|a, b| popularity_order(a, b));
    hits
}

/// An item as a list of differences names it: its code and its name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ItemRef {
    pub code: String,
    pub name: LocalizedText,
}

/// An item that is in both catalogs but not the same, with the fields that differ (their
/// names in the JSON form, e.g. `materials`, `time_limit_working_days`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ItemChange {
    pub code: String,
    pub name: LocalizedText,
    pub fields: Vec<String>,
}

/// How a catalog differs from another, item by item (matched by code), in code order.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CatalogDiff {
    pub added: Vec<ItemRef>,
    pub changed: Vec<ItemChange>,
    pub removed: Vec<ItemRef>,
    pub unchanged: u32,
}

impl CatalogDiff {
    /// Nothing would change.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.changed.is_empty() && self.removed.is_empty()
    }
}

fn item_ref(item: &CatalogItem) -> ItemRef {
    ItemRef {
        code: item.code.clone(),
        name: item.name.clone(),
    }
}

/// The top-level fields of two items' JSON forms that differ (a field one side leaves out,
/// such as an empty `keywords`, counts as different only if the other side has it).
fn changed_fields(before: &CatalogItem, after: &CatalogItem) -> Vec<String> {
    let (Ok(serde_json::Value::Object(b)), Ok(serde_json::Value::Object(a))) =
        (serde_json::to_value(before), serde_json::to_value(after))
    else {
        return Vec::new();
    };
    let keys: std::collections::BTreeSet<&String> = b.keys().chain(a.keys()).collect();
    keys.into_iter()
        .filter(|k| b.get(*k) != a.get(*k))
        .map(|k| k.to_string())
        .collect()
}

/// What changes when the catalog `before` is replaced by `after` (going back to a version).
pub fn diff(before: &[CatalogItem], after: &[CatalogItem]) -> CatalogDiff {
    let old: BTreeMap<&str, &CatalogItem> = before.iter().map(|i| (i.code.as_str(), i)).collect();
    let mut d = upsert_diff(before, after);
    let kept: std::collections::BTreeSet<&str> = after.iter().map(|i| i.code.as_str()).collect();
    d.removed = old
        .iter()
        .filter(|(code, _)| !kept.contains(*code))
        .map(|(_, item)| item_ref(item))
        .collect();
    d
}

/// What changes when the items of an import file are written over the catalog `current`: an
/// import adds and changes items, and removes none.
pub fn upsert_diff(current: &[CatalogItem], file: &[CatalogItem]) -> CatalogDiff {
    let old: BTreeMap<&str, &CatalogItem> = current.iter().map(|i| (i.code.as_str(), i)).collect();
    let new: BTreeMap<&str, &CatalogItem> = file.iter().map(|i| (i.code.as_str(), i)).collect();
    let mut d = CatalogDiff::default();
    for (code, item) in new {
        match old.get(code) {
            None => d.added.push(item_ref(item)),
            Some(prev) if *prev == item => d.unchanged += 1,
            Some(prev) => d.changed.push(ItemChange {
                code: item.code.clone(),
                name: item.name.clone(),
                fields: changed_fields(prev, item),
            }),
        }
    }
    d
}

/// Items matching `query`, best first (see [`crate::search`] for the ranking); an empty query
/// gives every item, most asked first. Builds a throwaway index: a caller that searches
/// the same catalog often keeps a [`crate::search::CatalogIndex`] instead.
pub fn search<'a>(items: &'a [CatalogItem], query: &str) -> Vec<&'a CatalogItem> {
    crate::search::search_items(items, query, None, usize::MAX)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    fn text(s: &str) -> LocalizedText {
        LocalizedText {
            zh_cn: s.into(),
            zh_tw: None,
            en: Some(format!("{s}-en")),
        }
    }

    pub(crate) fn q(id: &str, kind: QuestionKind) -> Question {
        Question {
            id: id.into(),
            kind,
            label: None,
            hint: None,
            required: true,
            options: vec![],
            show_if: None,
            max_len: None,
        }
    }

    pub(crate) fn item() -> CatalogItem {
        let mut reason = q("reason", QuestionKind::Choice);
        reason.options = vec![
            ChoiceOption {
                value: "lost".into(),
                label: text("遗失"),
            },
            ChoiceOption {
                value: "other".into(),
                label: text("其他"),
            },
        ];
        let mut detail = q("detail", QuestionKind::Text);
        detail.show_if = Some(Condition {
            question: "reason".into(),
            equals: "other".into(),
        });
        CatalogItem {
            code: "ZM-HJ-001".into(),
            name: text("临时身份证明"),
            category: Category::Household,
            handling_side: Province::Zhejiang,
            handling_office: text("泰顺县公安局"),
            mode: HandlingMode::CollectedAndForwarded,
            time_limit_working_days: 1,
            fee_fen: 0,
            materials: vec![],
            questions: vec![
                q("name", QuestionKind::Name),
                q("id", QuestionKind::IdNumber),
                reason,
                detail,
            ],
            keywords: vec!["lssfzm".into()],
            sample: true,
            popular_rank: None,
            life_events: vec![LifeEvent::LostDocuments],
        }
    }

    fn today() -> chrono::NaiveDate {
        chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()
    }

    fn answers(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn a_branch_question_is_asked_only_when_its_condition_holds() {
        let it = item();
        let lost = answers(&[("reason", "lost")]);
        assert_eq!(it.asked_questions(&lost).count(), 3);
        let other = answers(&[("reason", "other")]);
        assert_eq!(it.asked_questions(&other).count(), 4);
    }

    #[test]
    fn one_answer_is_checked_only_on_the_branch_the_answers_before_it_take() {
        let it = item();
        // "detail" is asked (and required) only after "other".
        let other = answers(&[("reason", "other")]);
        assert_eq!(
            it.check_answer("detail", "", &other, today()),
            Err(CoreError::AnswerRequired)
        );
        assert_eq!(
            it.check_answer("detail", " 户口本被水泡了 ", &other, today())
                .unwrap(),
            "户口本被水泡了"
        );
        // After "lost" nothing is kept, not even a NUL; a reason that is not an option does
        // not open the branch either.
        for before in [
            answers(&[("reason", "lost")]),
            answers(&[("reason", "别的")]),
        ] {
            assert_eq!(
                it.check_answer("detail", "x\u{0}", &before, today())
                    .unwrap(),
                ""
            );
        }
        assert_eq!(
            it.check_answer("id", "11010519491231002x", &BTreeMap::new(), today())
                .unwrap(),
            "11010519491231002X"
        );
        assert_eq!(
            it.check_answer("nope", "", &other, today()),
            Err(CoreError::UnknownQuestion)
        );
    }

    #[test]
    fn checked_answers_are_normalised_and_stale_branches_dropped() {
        let it = item();
        let a = answers(&[
            ("name", " 张三 "),
            ("id", "11010519491231002x"),
            ("reason", "lost"),
            ("detail", "left over from another branch"),
        ]);
        let clean = it.check_answers(&a, today()).unwrap();
        assert_eq!(clean.get("name").unwrap(), "张三");
        assert_eq!(clean.get("id").unwrap(), "11010519491231002X");
        assert!(!clean.contains_key("detail"));
    }

    #[test]
    fn a_name_holding_a_nul_is_refused_before_it_is_saved() {
        let it = item();
        let a = answers(&[
            ("name", "张\u{0}三"),
            ("id", "11010519491231002X"),
            ("reason", "lost"),
        ]);
        let err = it.check_answers(&a, today()).unwrap_err();
        assert_eq!(
            (err.question_id.as_str(), err.error),
            ("name", CoreError::TextControlCharacter)
        );
    }

    #[test]
    fn the_first_bad_answer_is_named() {
        let it = item();
        let a = answers(&[
            ("name", "张三"),
            ("id", "110105194912310021"),
            ("reason", "lost"),
        ]);
        let err = it.check_answers(&a, today()).unwrap_err();
        assert_eq!(err.question_id, "id");
        assert_eq!(err.error, CoreError::IdNumberCheckChar);
        let a = answers(&[
            ("name", "张三"),
            ("id", "11010519491231002X"),
            ("reason", "other"),
        ]);
        let err = it.check_answers(&a, today()).unwrap_err();
        assert_eq!(
            (err.question_id.as_str(), err.error),
            ("detail", CoreError::AnswerRequired)
        );
    }

    #[test]
    fn choices_accept_only_offered_values_and_lengths_are_bounded() {
        let it = item();
        let reason = it.question("reason").unwrap();
        assert_eq!(
            reason.check("stolen", today()),
            Err(CoreError::AnswerNotAnOption)
        );
        let name = it.question("name").unwrap();
        let long = "张".repeat(51);
        assert_eq!(
            name.check(&long, today()),
            Err(CoreError::AnswerTooLong { max: 50 })
        );
    }

    #[test]
    fn localized_text_falls_back_to_simplified_chinese() {
        let t = text("临时身份证明");
        assert_eq!(t.get(Language::ZhTw), "临时身份证明");
        assert_eq!(t.get(Language::En), "临时身份证明-en");
    }

    #[test]
    fn search_over_a_slice_puts_the_exact_hit_first() {
        let mut other = item();
        other.code = "ZM-HJ-002".into();
        other.name = text("临时身份证明补领说明");
        other.keywords = vec![];
        let items = vec![other, item()];
        let hits = search(&items, "lssfzm");
        assert_eq!(hits[0].code, "ZM-HJ-001");
        let hits = search(&items, "临时身份证明");
        assert_eq!(hits[0].code, "ZM-HJ-001");
        assert_eq!(hits.len(), 2);
        assert!(search(&items, "公积金").is_empty());
    }

    fn ranked(code: &str, rank: Option<u32>, events: &[LifeEvent]) -> CatalogItem {
        let mut it = item();
        it.code = code.into();
        it.popular_rank = rank;
        it.life_events = events.to_vec();
        it
    }

    #[test]
    fn most_asked_lists_ranked_items_by_rank_and_stops_at_n() {
        let items = vec![
            ranked("A", None, &[]),
            ranked("B", Some(3), &[]),
            ranked("C", Some(1), &[]),
            ranked("D", Some(2), &[]),
        ];
        let codes = |v: Vec<&CatalogItem>| v.iter().map(|i| i.code.clone()).collect::<Vec<_>>();
        assert_eq!(codes(most_asked(&items, 20)), ["C", "D", "B"]);
        assert_eq!(codes(most_asked(&items, 2)), ["C", "D"]);
    }

    #[test]
    fn a_life_event_lists_its_items_most_asked_first() {
        let items = vec![
            ranked("A", None, &[LifeEvent::Moving]),
            ranked("B", Some(5), &[LifeEvent::Retiring, LifeEvent::Moving]),
            ranked("C", Some(2), &[LifeEvent::Moving]),
            ranked("D", Some(1), &[LifeEvent::NewBaby]),
        ];
        let moving: Vec<&str> = by_life_event(&items, LifeEvent::Moving)
            .iter()
            .map(|i| i.code.as_str())
            .collect();
        assert_eq!(moving, ["C", "B", "A"]);
        assert!(by_life_event(&items, LifeEvent::Housing).is_empty());
    }

    #[test]
    fn old_catalog_data_without_ranks_or_events_still_reads() {
        let mut json = serde_json::to_value(item()).unwrap();
        let obj = json.as_object_mut().unwrap();
        obj.remove("life_events");
        obj.remove("popular_rank");
        let it: CatalogItem = serde_json::from_value(json).unwrap();
        assert_eq!(it.popular_rank, None);
        assert!(it.life_events.is_empty());
        let events: Vec<LifeEvent> =
            serde_json::from_str(r#"["moving", "new_baby", "lost_documents"]"#).unwrap();
        assert_eq!(
            events,
            [
                LifeEvent::Moving,
                LifeEvent::NewBaby,
                LifeEvent::LostDocuments
            ]
        );
    }

    fn named(code: &str, name: &str) -> CatalogItem {
        CatalogItem {
            code: code.into(),
            name: text(name),
            ..item()
        }
    }

    #[test]
    fn an_import_adds_and_changes_items_and_names_the_fields_that_differ() {
        let a = named("ZM-A", "甲");
        let b = named("ZM-B", "乙");
        let mut b2 = b.clone();
        b2.time_limit_working_days += 1;
        b2.fee_fen = 500;
        let c = named("ZM-C", "丙");
        let d = upsert_diff(&[a.clone(), b.clone()], &[b2.clone(), c.clone(), a.clone()]);
        assert_eq!(
            d.added.iter().map(|i| i.code.as_str()).collect::<Vec<_>>(),
            ["ZM-C"]
        );
        assert_eq!(d.changed.len(), 1);
        assert_eq!(d.changed[0].code, "ZM-B");
        assert_eq!(d.changed[0].fields, ["fee_fen", "time_limit_working_days"]);
        assert_eq!(d.unchanged, 1);
        assert!(d.removed.is_empty(), "an import removes nothing");
        let one = std::slice::from_ref(&a);
        assert!(upsert_diff(one, one).is_empty());
    }

    #[test]
    fn going_back_to_a_version_also_removes_what_came_after_it() {
        let a = named("ZM-A", "甲");
        let b = named("ZM-B", "乙");
        let d = diff(&[a.clone(), b.clone()], std::slice::from_ref(&a));
        assert_eq!(
            d.removed
                .iter()
                .map(|i| i.code.as_str())
                .collect::<Vec<_>>(),
            ["ZM-B"]
        );
        assert_eq!(d.removed[0].name.zh_cn, "乙");
        assert!(d.added.is_empty() && d.changed.is_empty());
        assert_eq!(d.unchanged, 1);
        let one = std::slice::from_ref(&a);
        assert!(diff(one, one).is_empty());
    }
}
