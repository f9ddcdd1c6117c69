//! Finding a service in the catalog the way people at a kiosk look for it: by its name in
//! Simplified or Traditional Chinese or in English, by full pinyin or pinyin initials
//! (`lssfzm` finds 临时身份证明), by the everyday words the catalog lists for it, and forgiving
//! one wrong character.
//!
//! [`CatalogIndex`] works out once per catalog what each item is compared with (normalised
//! names, the pinyin of the zh-CN name from its characters, keywords), so that a search costs
//! a few comparisons per item. Ranking, best first ([`MatchKind`]):
//!
//! 1. the whole name (any language) or the code,
//! 2. the start of a name,
//! 3. inside a name (English: at the start of a word),
//! 4. the whole pinyin or the whole initials (mixing them works too: `linshisfzm`),
//! 5. the start of the pinyin or of the initials,
//! 6. a keyword (its start; inside it for Chinese; the start of a Chinese keyword's pinyin),
//! 7. inside the pinyin or the initials, from the start of a syllable,
//! 8. one character off the whole name, pinyin or initials (a wrong, missing, extra or swapped
//!    character; queries of at least 2 Chinese characters or 4 letters), or a Chinese query
//!    that sounds like the name,
//! 9. one character off the start of the name or pinyin (at least 3 Chinese characters or
//!    4 letters).
//!
//! Ties go to the more asked item (`popular_rank`), then to the code. An empty query lists
//! every item, most asked first. Queries are trimmed, lower-cased and full-width forms folded
//! to half-width; spaces do not count, except between English words.

use std::cmp::Reverse;

use pinyin::ToPinyin;

use crate::catalog::{popularity_order, CatalogItem, Category};

/// How an item matched a query. Later variants rank higher.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MatchKind {
    /// The query was empty: every item (of the category), most asked first.
    Browse,
    /// One character off the start of a Chinese name or of the pinyin or initials.
    TypoPrefix,
    /// One character off a whole Chinese name, the pinyin or the initials, or a Chinese query
    /// that reads the same in pinyin (a homophone picked by mistake).
    Typo,
    /// Inside the pinyin or the initials, starting at a syllable.
    PinyinContains,
    /// A keyword of the item.
    Keyword,
    /// The start of the pinyin or of the initials.
    PinyinPrefix,
    /// The whole pinyin or the whole initials.
    PinyinExact,
    /// Inside a Chinese name, or at the start of a word of the English name.
    NameContains,
    /// The start of a name.
    NamePrefix,
    /// A whole name or the item's code.
    Exact,
}

/// One item found, as its position in the catalog the index was built from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub position: usize,
    pub kind: MatchKind,
}

/// The catalog with what search compares precomputed. Build it once per catalog (on start and
/// after a pull that changed the catalog) and search it as often as people type.
#[derive(Debug, Clone, Default)]
pub struct CatalogIndex {
    items: Vec<CatalogItem>,
    entries: Entries,
}

impl CatalogIndex {
    /// Indexes a copy of `items`.
    pub fn new(items: &[CatalogItem]) -> Self {
        Self::from_vec(items.to_vec())
    }

    /// Indexes `items`, keeping them.
    pub fn from_vec(items: Vec<CatalogItem>) -> Self {
        let entries = Entries::build(&items);
        Self { items, entries }
    }

    /// The items, in the order they were given.
    pub fn items(&self) -> &[CatalogItem] {
        &self.items
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// At most `limit` items matching `query` (and `category`, when given), best first.
    pub fn search(
        &self,
        query: &str,
        category: Option<Category>,
        limit: usize,
    ) -> Vec<&CatalogItem> {
        self.entries
            .hits(query, category, limit)
            .into_iter()
            .map(|h| &self.items[h.position])
            .collect()
    }

    /// Like [`search`](Self::search), with how each item matched.
    pub fn hits(&self, query: &str, category: Option<Category>, limit: usize) -> Vec<Hit> {
        self.entries.hits(query, category, limit)
    }
}

impl From<Vec<CatalogItem>> for CatalogIndex {
    fn from(items: Vec<CatalogItem>) -> Self {
        Self::from_vec(items)
    }
}

/// A one-off search over `items` with the same ranking as [`CatalogIndex::search`], without
/// copying them. Builds the index each time: keep a [`CatalogIndex`] to search repeatedly.
pub fn search_items<'a>(
    items: &'a [CatalogItem],
    query: &str,
    category: Option<Category>,
    limit: usize,
) -> Vec<&'a CatalogItem> {
    Entries::build(items)
        .hits(query, category, limit)
        .into_iter()
        .map(|h| &items[h.position])
        .collect()
}

/// Folds a query or a name for comparison: trimmed, lower case, full-width forms and the
/// ideographic space to half-width, runs of spaces to one space, `ü` to `v` (as pinyin
/// keyboards type it).
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for ch in text.chars().map(half_width) {
        if ch.is_whitespace() {
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        for c in ch.to_lowercase() {
            out.push(if c == 'ü' { 'v' } else { c });
        }
    }
    out
}

/// The pinyin of `text` without tones, one syllable per Chinese character (its most common
/// reading), runs of Latin letters and digits kept as they are, everything else dropped.
/// Returns the syllables joined and the initials, e.g. `("linshishenfenzhengming", "lssfzm")`.
pub fn pinyin_of(text: &str) -> (String, String) {
    let s = Syllables::of(text);
    (s.full, s.initials)
}

// ----- the index -------------------------------------------------------------------------

#[derive(Debug, Clone, Default)]
struct Entries(Vec<Entry>);

/// What one item is compared with.
#[derive(Debug, Clone)]
struct Entry {
    category: Category,
    /// Place of the item in the services-screen order (rank, then code): breaks ties.
    order: u32,
    /// The code, lower case.
    code: String,
    /// zh-CN and, when it differs, zh-TW, normalised, without spaces.
    zh: Vec<String>,
    zh_chars: Vec<Vec<char>>,
    /// Whether a Chinese name has Latin letters or digits (a Latin query can only match it then).
    zh_has_latin: bool,
    /// The English name, normalised.
    en: Option<String>,
    pinyin: Syllables,
    /// Normalised, without spaces.
    keywords: Vec<String>,
    /// Pinyin of the keywords written in Chinese.
    keyword_pinyin: Vec<Syllables>,
    /// The letters a–z found in anything a Latin query is compared with, one bit each.
    letters: u32,
}

impl Entries {
    fn build(items: &[CatalogItem]) -> Self {
        let mut by_popularity: Vec<usize> = (0..items.len()).collect();
        by_popularity.sort_by(|&a, &b| popularity_order(&items[a], &items[b]));
        let mut order = vec![0u32; items.len()];
        for (place, &i) in by_popularity.iter().enumerate() {
            order[i] = u32::try_from(place).unwrap_or(u32::MAX);
        }
        Entries(
            items
                .iter()
                .zip(order)
                .map(|(item, order)| Entry::new(item, order))
                .collect(),
        )
    }

    fn hits(&self, query: &str, category: Option<Category>, limit: usize) -> Vec<Hit> {
        let q = Query::new(query);
        let mut found: Vec<(MatchKind, u32, usize)> = self
            .0
            .iter()
            .enumerate()
            .filter(|(_, e)| category.is_none_or(|c| e.category == c))
            .filter_map(|(i, e)| {
                let kind = if q.compact.is_empty() {
                    Some(MatchKind::Browse)
                } else {
                    e.matches(&q)
                };
                kind.map(|k| (k, e.order, i))
            })
            .collect();
        found.sort_unstable_by_key(|&(kind, order, _)| (Reverse(kind), order));
        found.truncate(limit);
        found
            .into_iter()
            .map(|(kind, _, position)| Hit { position, kind })
            .collect()
    }
}

impl Entry {
    fn new(item: &CatalogItem, order: u32) -> Self {
        let mut zh = vec![compact(&normalize(&item.name.zh_cn))];
        if let Some(tw) = &item.name.zh_tw {
            let tw = compact(&normalize(tw));
            if tw != zh[0] {
                zh.push(tw);
            }
        }
        let zh_chars = zh.iter().map(|n| n.chars().collect()).collect();
        let zh_has_latin = zh
            .iter()
            .any(|n| n.bytes().any(|b| b.is_ascii_alphanumeric()));
        let en = item.name.en.as_deref().map(normalize);
        let keywords: Vec<String> = item
            .keywords
            .iter()
            .map(|k| compact(&normalize(k)))
            .filter(|k| !k.is_empty())
            .collect();
        let keyword_pinyin: Vec<Syllables> = keywords
            .iter()
            .filter(|k| k.chars().any(is_han))
            .map(|k| Syllables::of(k))
            .filter(|s| !s.is_empty())
            .collect();
        let code = normalize(&item.code);
        let pinyin = Syllables::of(&item.name.zh_cn);
        let mut letters = letter_mask(&code) | letter_mask(&pinyin.full);
        letters |= zh
            .iter()
            .chain(&en)
            .chain(&keywords)
            .fold(0, |m, s| m | letter_mask(s));
        letters |= keyword_pinyin
            .iter()
            .fold(0, |m, s| m | letter_mask(&s.full));
        Self {
            category: item.category,
            order,
            code,
            zh,
            zh_chars,
            zh_has_latin,
            en,
            pinyin,
            keywords,
            keyword_pinyin,
            letters,
        }
    }

    /// How this item matches `q` (not empty), the best way it does.
    fn matches(&self, q: &Query) -> Option<MatchKind> {
        let c = q.compact.as_str();
        if q.latin {
            // Every letter of the query must be somewhere in the item, but one for a typo.
            let missing = (q.letters & !self.letters).count_ones();
            if missing > u32::from(q.typo_ok) {
                return None;
            }
        }
        let zh_names = !q.latin || self.zh_has_latin;
        let en = self.en.as_deref().filter(|_| !q.han);

        if self.code == c
            || (zh_names && self.zh.iter().any(|n| n == c))
            || en == Some(q.text.as_str())
        {
            return Some(MatchKind::Exact);
        }
        if (zh_names && self.zh.iter().any(|n| n.starts_with(c)))
            || en.is_some_and(|n| n.starts_with(&q.text))
        {
            return Some(MatchKind::NamePrefix);
        }
        if (zh_names && self.zh.iter().any(|n| n.contains(c)))
            || en.is_some_and(|n| q.text.chars().count() >= 3 && has_word_starting(n, &q.text))
        {
            return Some(MatchKind::NameContains);
        }
        let qb = c.as_bytes();
        if q.latin {
            match self.pinyin.cover(qb, 0) {
                Some(Cover::Whole) => return Some(MatchKind::PinyinExact),
                Some(Cover::Part) => return Some(MatchKind::PinyinPrefix),
                None => {}
            }
        }
        if self
            .keywords
            .iter()
            .any(|k| k.starts_with(c) || (!q.latin && k.contains(c)))
            || (q.latin && self.keyword_pinyin.iter().any(|s| s.cover(qb, 0).is_some()))
        {
            return Some(MatchKind::Keyword);
        }
        if q.latin && self.pinyin.covers_inside(qb) {
            return Some(MatchKind::PinyinContains);
        }
        if q.typo_ok {
            let p = &self.pinyin;
            if q.latin {
                if within_one_edit(qb, p.full.as_bytes())
                    || within_one_edit(qb, p.initials.as_bytes())
                {
                    return Some(MatchKind::Typo);
                }
                if within_one_edit_of_start(qb, p.full.as_bytes())
                    || within_one_edit_of_start(qb, p.initials.as_bytes())
                {
                    return Some(MatchKind::TypoPrefix);
                }
            } else {
                let sound = q.sound.as_deref();
                if self.zh_chars.iter().any(|n| within_one_edit(&q.chars, n))
                    || sound == Some(p.full.as_str())
                {
                    return Some(MatchKind::Typo);
                }
                if q.chars.len() >= 3
                    && (self
                        .zh_chars
                        .iter()
                        .any(|n| within_one_edit_of_start(&q.chars, n))
                        || sound.is_some_and(|s| p.full.starts_with(s)))
                {
                    return Some(MatchKind::TypoPrefix);
                }
            }
        }
        None
    }
}

/// A query, normalised once.
struct Query {
    /// Normalised, one space between words (for English names).
    text: String,
    /// Normalised without spaces or apostrophes (for everything else).
    compact: String,
    chars: Vec<char>,
    /// Only Latin letters and digits: compared with pinyin.
    latin: bool,
    /// Has Chinese characters.
    han: bool,
    /// Long enough for a one-character typo to count.
    typo_ok: bool,
    /// The pinyin of a Chinese query, when every character has one.
    sound: Option<String>,
    letters: u32,
}

impl Query {
    fn new(raw: &str) -> Self {
        let text = normalize(raw);
        let compact = compact(&text);
        let chars: Vec<char> = compact.chars().collect();
        let latin = !compact.is_empty() && compact.bytes().all(|b| b.is_ascii_alphanumeric());
        let han = chars.iter().any(|&c| is_han(c));
        let typo_ok = if latin {
            chars.len() >= 4
        } else {
            han && chars.len() >= 2
        };
        let sound = if han && chars.iter().all(|&c| is_han(c)) {
            let s = Syllables::of(&compact);
            (s.len() == chars.len()).then_some(s.full)
        } else {
            None
        };
        let letters = letter_mask(&compact);
        Self {
            text,
            compact,
            chars,
            latin,
            han,
            typo_ok,
            sound,
            letters,
        }
    }
}

// ----- pinyin ----------------------------------------------------------------------------

/// The syllables of a name's pinyin, stored as one string and where each syllable starts.
#[derive(Debug, Clone, Default)]
struct Syllables {
    full: String,
    /// Start of each syllable in `full`, then `full.len()`.
    starts: Vec<u32>,
    initials: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cover {
    /// The query runs out before the last syllable, or spells some syllable only in part.
    Part,
    /// Every syllable to the end, each spelled whole or by its initial.
    Whole,
}

impl Syllables {
    fn of(text: &str) -> Self {
        let mut s = Syllables::default();
        let mut in_latin = false;
        for ch in text.chars().map(half_width) {
            if ch.is_ascii_alphanumeric() {
                if !in_latin {
                    s.start_syllable();
                    s.initials.push(ch.to_ascii_lowercase());
                }
                in_latin = true;
                s.full.push(ch.to_ascii_lowercase());
                continue;
            }
            in_latin = false;
            if let Some(p) = ch.to_pinyin() {
                s.start_syllable();
                let plain = p.plain();
                for c in plain.chars() {
                    s.full.push(if c == 'ü' { 'v' } else { c });
                }
                if let Some(first) = plain.chars().next() {
                    s.initials.push(first);
                }
            }
        }
        s.start_syllable();
        s
    }

    fn start_syllable(&mut self) {
        self.starts
            .push(u32::try_from(self.full.len()).unwrap_or(u32::MAX));
    }

    fn len(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }

    fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn syllable(&self, i: usize) -> &[u8] {
        let (a, b) = (self.starts[i] as usize, self.starts[i + 1] as usize);
        &self.full.as_bytes()[a..b]
    }

    /// How `q` spells the syllables from `i` on, each syllable by a non-empty start of it
    /// (whole, initial, or any part): `lssfzm`, `linshishenfen`, `linshisfzm`, `linsh`.
    fn cover(&self, q: &[u8], i: usize) -> Option<Cover> {
        let n = self.len();
        if i >= n || q.is_empty() {
            return None;
        }
        let s = self.syllable(i);
        let common = q.iter().zip(s).take_while(|(a, b)| a == b).count();
        // Fewer letters left than syllables: the query cannot reach the end.
        let whole_possible = q.len() >= n - i;
        let mut best = None;
        for k in (1..=common).rev() {
            let rest = if k == q.len() {
                (i + 1 == n).then_some(Cover::Whole).or(Some(Cover::Part))
            } else {
                self.cover(&q[k..], i + 1)
            };
            let got = match rest {
                None => continue,
                Some(Cover::Whole) if whole_or_initial(s, k) => Cover::Whole,
                Some(_) => Cover::Part,
            };
            if got == Cover::Whole || !whole_possible {
                return Some(got);
            }
            best = Some(got);
        }
        best
    }

    /// Whether `q` spells the syllables from some syllable after the first.
    fn covers_inside(&self, q: &[u8]) -> bool {
        let Some(&first) = q.first() else {
            return false;
        };
        (1..self.len())
            .any(|i| self.syllable(i).first() == Some(&first) && self.cover(q, i).is_some())
    }
}

/// A syllable spelled whole, by its first letter, or by zh/ch/sh.
fn whole_or_initial(s: &[u8], k: usize) -> bool {
    k == 1 || k == s.len() || (k == 2 && matches!(&s[..2], b"zh" | b"ch" | b"sh"))
}

// ----- small helpers ---------------------------------------------------------------------

fn half_width(ch: char) -> char {
    match ch {
        '\u{3000}' => ' ',
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(ch as u32 - 0xFEE0).unwrap_or(ch),
        _ => ch,
    }
}

fn compact(normalized: &str) -> String {
    normalized
        .chars()
        .filter(|&c| c != ' ' && c != '\'')
        .collect()
}

fn is_han(c: char) -> bool {
    matches!(c,
        '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{2FFFF}')
}

fn letter_mask(s: &str) -> u32 {
    s.bytes()
        .filter(u8::is_ascii_lowercase)
        .fold(0, |m, b| m | 1 << (b - b'a'))
}

/// Whether `text` has a word that starts with `q` (which may span words).
fn has_word_starting(text: &str, q: &str) -> bool {
    text.match_indices(q).any(|(i, _)| {
        text[..i]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric())
    })
}

/// Whether `a` and `b` are at most one edit apart: a character changed, added or left out,
/// or two neighbours swapped.
fn within_one_edit<T: PartialEq>(a: &[T], b: &[T]) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if long.len() - short.len() > 1 {
        return false;
    }
    let p = short.iter().zip(long).take_while(|(x, y)| x == y).count();
    if p == short.len() {
        return true;
    }
    if short.len() == long.len() {
        short[p + 1..] == long[p + 1..]
            || (p + 1 < short.len()
                && short[p] == long[p + 1]
                && short[p + 1] == long[p]
                && short[p + 2..] == long[p + 2..])
    } else {
        short[p..] == long[p + 1..]
    }
}

/// Whether `q` is at most one edit away from some start of `text`.
fn within_one_edit_of_start<T: PartialEq>(q: &[T], text: &[T]) -> bool {
    let p = q.iter().zip(text).take_while(|(x, y)| x == y).count();
    if p == q.len() {
        return true;
    }
    let starts = |text: Option<&[T]>, q: &[T]| text.is_some_and(|t| t.starts_with(q));
    // changed, added in q, left out of q
    starts(text.get(p + 1..), &q[p + 1..])
        || starts(text.get(p..), &q[p + 1..])
        || starts(text.get(p + 1..), &q[p..])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{HandlingMode, LocalizedText, Province};

    fn item(code: &str, cn: &str, tw: &str, en: &str, category: Category) -> CatalogItem {
        CatalogItem {
            code: code.into(),
            name: LocalizedText {
                zh_cn: cn.into(),
                zh_tw: Some(tw.into()),
                en: Some(en.into()),
            },
            category,
            handling_side: Province::Zhejiang,
            handling_office: LocalizedText::default(),
            mode: HandlingMode::FullyOnline,
            time_limit_working_days: 1,
            fee_fen: 0,
            materials: vec![],
            questions: vec![],
            keywords: vec![],
            sample: true,
            popular_rank: None,
            life_events: vec![],
        }
    }

    /// A small catalog with near neighbours of 临时身份证明.
    fn catalog() -> Vec<CatalogItem> {
        let mut items = vec![
            item(
                "ZM-HJ-001",
                "临时身份证明",
                "臨時身份證明",
                "Temporary identity certificate",
                Category::Household,
            ),
            item(
                "ZM-HJ-002",
                "临时居民身份证",
                "臨時居民身份證",
                "Temporary resident ID card",
                Category::Household,
            ),
            item(
                "ZM-HJ-003",
                "居民身份证异地补领",
                "居民身份證異地補領",
                "Replacement of a resident ID card away from home",
                Category::Household,
            ),
            item(
                "ZM-HJ-009",
                "临时身份证明补领说明",
                "臨時身份證明補領說明",
                "Notes on replacing a temporary identity certificate",
                Category::Household,
            ),
            item(
                "ZM-YB-002",
                "医保关系转移接续",
                "醫保關係轉移接續",
                "Transfer of medical insurance enrolment",
                Category::MedicalInsurance,
            ),
            item(
                "ZM-YB-006",
                "城乡居民医保参保登记",
                "城鄉居民醫保參保登記",
                "Enrolment in urban and rural residents' medical insurance",
                Category::MedicalInsurance,
            ),
            item(
                "ZM-SB-002",
                "社会保障卡申领",
                "社會保障卡申領",
                "Application for a social security card",
                Category::SocialSecurity,
            ),
        ];
        items[4].keywords = vec!["医保转移".into(), "转医保".into()];
        items[6].keywords = vec!["社保卡".into()];
        items[1].popular_rank = Some(2);
        items[6].popular_rank = Some(1);
        items
    }

    fn codes(index: &CatalogIndex, query: &str) -> Vec<String> {
        index
            .search(query, None, 10)
            .iter()
            .map(|i| i.code.clone())
            .collect()
    }

    fn first(index: &CatalogIndex, query: &str) -> Option<String> {
        codes(index, query).into_iter().next()
    }

    fn kind_of(index: &CatalogIndex, query: &str, code: &str) -> Option<MatchKind> {
        index
            .hits(query, None, usize::MAX)
            .into_iter()
            .find(|h| index.items()[h.position].code == code)
            .map(|h| h.kind)
    }

    #[test]
    fn the_pinyin_comes_from_the_characters() {
        assert_eq!(
            pinyin_of("临时身份证明"),
            ("linshishenfenzhengming".into(), "lssfzm".into())
        );
        assert_eq!(pinyin_of("ETC卡"), ("etcka".into(), "ek".into()));
        assert_eq!(pinyin_of("绿色"), ("lvse".into(), "ls".into()));
    }

    #[test]
    fn chinese_characters_find_the_item_named_so_first() {
        let index = CatalogIndex::new(&catalog());
        assert_eq!(first(&index, "临时身份证明").as_deref(), Some("ZM-HJ-001"));
        assert_eq!(first(&index, "社会保障").as_deref(), Some("ZM-SB-002"));
        // Inside a name.
        assert_eq!(first(&index, "转移接续").as_deref(), Some("ZM-YB-002"));
    }

    #[test]
    fn traditional_characters_find_the_item_too() {
        let index = CatalogIndex::new(&catalog());
        assert_eq!(first(&index, "臨時身份證明").as_deref(), Some("ZM-HJ-001"));
        assert_eq!(first(&index, "醫保關係").as_deref(), Some("ZM-YB-002"));
    }

    #[test]
    fn full_pinyin_finds_the_item() {
        let index = CatalogIndex::new(&catalog());
        assert_eq!(
            first(&index, "linshishenfenzhengming").as_deref(),
            Some("ZM-HJ-001")
        );
        assert_eq!(first(&index, "yibaoguanxi").as_deref(), Some("ZM-YB-002"));
        assert_eq!(
            first(&index, "lin shi shen fen").as_deref(),
            Some("ZM-HJ-001")
        );
    }

    #[test]
    fn pinyin_initials_find_the_item_first() {
        let index = CatalogIndex::new(&catalog());
        let hits = codes(&index, "lssfzm");
        assert_eq!(hits[0], "ZM-HJ-001");
        // The longer name that starts the same way comes after the exact one.
        assert_eq!(hits[1], "ZM-HJ-009");
        assert_eq!(
            kind_of(&index, "lssfzm", "ZM-HJ-001"),
            Some(MatchKind::PinyinExact)
        );
        // Initials mixed with whole syllables, and initials of zh/ch/sh.
        assert_eq!(first(&index, "linshisfzm").as_deref(), Some("ZM-HJ-001"));
        assert_eq!(first(&index, "shbzksl").as_deref(), Some("ZM-SB-002"));
    }

    #[test]
    fn case_and_full_width_forms_do_not_matter() {
        let index = CatalogIndex::new(&catalog());
        for q in ["LSSFZM", "ｌｓｓｆｚｍ", "  Lssfzm ", "ＬＳＳＦ　ＺＭ"] {
            assert_eq!(first(&index, q).as_deref(), Some("ZM-HJ-001"), "{q}");
        }
        assert_eq!(first(&index, "zm-hj-003").as_deref(), Some("ZM-HJ-003"));
        assert_eq!(
            first(&index, "TEMPORARY  Identity").as_deref(),
            Some("ZM-HJ-001")
        );
    }

    #[test]
    fn a_wrong_chinese_character_still_finds_the_item() {
        let index = CatalogIndex::new(&catalog());
        assert_eq!(first(&index, "临时身分证明").as_deref(), Some("ZM-HJ-001"));
        assert_eq!(
            kind_of(&index, "临时身分证明", "ZM-HJ-001"),
            Some(MatchKind::Typo)
        );
        // Traditional, with the same slip; a character left out; one typed too many.
        assert_eq!(first(&index, "臨時身分證明").as_deref(), Some("ZM-HJ-001"));
        assert_eq!(first(&index, "临时身证明").as_deref(), Some("ZM-HJ-001"));
        assert_eq!(
            first(&index, "临时的身份证明").as_deref(),
            Some("ZM-HJ-001")
        );
        // The start of a name with a slip.
        assert_eq!(first(&index, "医保关细").as_deref(), Some("ZM-YB-002"));
    }

    #[test]
    fn a_pinyin_typo_still_finds_the_item() {
        let index = CatalogIndex::new(&catalog());
        assert_eq!(
            first(&index, "linshishenfenzhenming").as_deref(),
            Some("ZM-HJ-001")
        );
        assert_eq!(
            first(&index, "linshishemfenzhengming").as_deref(),
            Some("ZM-HJ-001")
        );
        assert_eq!(
            kind_of(&index, "linshishemfenzhengming", "ZM-HJ-001"),
            Some(MatchKind::Typo)
        );
    }

    #[test]
    fn an_initials_typo_still_finds_the_item() {
        let index = CatalogIndex::new(&catalog());
        for q in ["lsdfzm", "lssfz", "lsfszm", "lssfzmm"] {
            assert_eq!(first(&index, q).as_deref(), Some("ZM-HJ-001"), "{q}");
        }
        // Too short to guess at.
        assert!(codes(&index, "lsd").is_empty());
    }

    #[test]
    fn the_category_filter_keeps_only_its_items() {
        let index = CatalogIndex::new(&catalog());
        let all = index.search("ls", None, 10);
        assert!(all.len() >= 2);
        assert!(index
            .search("ls", Some(Category::MedicalInsurance), 10)
            .is_empty());
        let med = index.search("", Some(Category::MedicalInsurance), 10);
        assert_eq!(med.len(), 2);
        assert!(med.iter().all(|i| i.category == Category::MedicalInsurance));
    }

    #[test]
    fn an_exact_name_ranks_above_a_name_that_only_contains_it() {
        let mut items = catalog();
        // The longer name is asked for far more often; the exact one still wins.
        items[3].popular_rank = Some(1);
        let index = CatalogIndex::new(&items);
        assert_eq!(
            codes(&index, "临时身份证明")[..2],
            ["ZM-HJ-001", "ZM-HJ-009"]
        );
        assert_eq!(codes(&index, "lssfzm")[..2], ["ZM-HJ-001", "ZM-HJ-009"]);
        // A name prefix ranks above a keyword, a keyword above inside-the-pinyin.
        assert_eq!(
            kind_of(&index, "医保", "ZM-YB-002"),
            Some(MatchKind::NamePrefix)
        );
        assert_eq!(
            kind_of(&index, "医保", "ZM-YB-006"),
            Some(MatchKind::NameContains)
        );
        assert_eq!(first(&index, "医保").as_deref(), Some("ZM-YB-002"));
        assert_eq!(
            kind_of(&index, "zhuanyi", "ZM-YB-002"),
            Some(MatchKind::Keyword)
        );
        assert_eq!(
            kind_of(&index, "yibao", "ZM-YB-006"),
            Some(MatchKind::PinyinContains)
        );
        assert_eq!(codes(&index, "yibao"), ["ZM-YB-002", "ZM-YB-006"]);
    }

    #[test]
    fn equal_matches_go_to_the_most_asked_item() {
        let index = CatalogIndex::new(&catalog());
        // Both start with 临时; only ZM-HJ-002 is ranked.
        assert_eq!(
            codes(&index, "临时")[..3],
            ["ZM-HJ-002", "ZM-HJ-001", "ZM-HJ-009"]
        );
    }

    #[test]
    fn an_empty_query_lists_the_most_asked_first() {
        let index = CatalogIndex::new(&catalog());
        let all = codes(&index, "  ");
        assert_eq!(all.len(), 7);
        assert_eq!(all[..3], ["ZM-SB-002", "ZM-HJ-002", "ZM-HJ-001"]);
        assert_eq!(index.search("", None, 2).len(), 2);
    }

    #[test]
    fn unrelated_queries_find_nothing() {
        let index = CatalogIndex::new(&catalog());
        assert!(codes(&index, "公积金").is_empty());
        assert!(codes(&index, "gjj").is_empty());
        assert!(codes(&index, "xyzq").is_empty());
    }

    #[test]
    fn one_edit_means_one_character() {
        assert!(within_one_edit(b"abcd", b"abcd"));
        assert!(within_one_edit(b"abxd", b"abcd"));
        assert!(within_one_edit(b"abd", b"abcd"));
        assert!(within_one_edit(b"abcde", b"abcd"));
        assert!(within_one_edit(b"bacd", b"abcd"));
        assert!(!within_one_edit(b"axcy", b"abcd"));
        assert!(!within_one_edit(b"ab", b"abcd"));
        assert!(within_one_edit_of_start(b"abx", b"abcdef"));
        assert!(within_one_edit_of_start(b"abd", b"abcdef"));
        assert!(within_one_edit_of_start(b"abxc", b"abcdef"));
        assert!(!within_one_edit_of_start(b"axx", b"abcdef"));
    }

    fn sample() -> Vec<CatalogItem> {
        serde_json::from_str(include_str!("../../local/data/sample-catalog.json"))
            .expect("the sample catalog reads")
    }

    #[test]
    fn the_sample_catalog_answers_the_usual_queries() {
        let index = CatalogIndex::from_vec(sample());
        assert_eq!(first(&index, "lssfzm").as_deref(), Some("ZM-HJ-001"));
        assert_eq!(first(&index, "医保转移").as_deref(), Some("ZM-YB-002"));
        let yibao = codes(&index, "yibao");
        assert_eq!(yibao[0], "ZM-YB-002");
        assert!(yibao.len() >= 3, "{yibao:?}");
        assert!(yibao.iter().all(|c| c.starts_with("ZM-YB-")), "{yibao:?}");
        assert_eq!(first(&index, "臨時身份證明").as_deref(), Some("ZM-HJ-001"));
        assert_eq!(first(&index, "临时身分证明").as_deref(), Some("ZM-HJ-001"));
    }

    #[test]
    fn the_sample_names_read_as_their_pinyin_keywords() {
        // The catalog's hand-written full pinyin agrees with the pinyin computed from the
        // characters, so a heteronym read the wrong way would show here.
        for item in sample() {
            let (full, initials) = pinyin_of(&item.name.zh_cn);
            assert!(item.keywords.contains(&full), "{}: {full}", item.code);
            assert!(
                item.keywords.contains(&initials),
                "{}: {initials}",
                item.code
            );
        }
    }

    #[test]
    fn the_sample_catalog_offers_twenty_items_without_typing() {
        let items = sample();
        let top = crate::catalog::most_asked(&items, 20);
        assert_eq!(top.len(), 20);
        let ranks: Vec<u32> = top.iter().filter_map(|i| i.popular_rank).collect();
        assert_eq!(ranks, (1..=20).collect::<Vec<_>>());
        assert!(items.iter().all(|i| !i.life_events.is_empty()));
        for event in crate::catalog::LifeEvent::ALL {
            assert!(
                !crate::catalog::by_life_event(&items, event).is_empty(),
                "{event:?}"
            );
        }
    }
}
