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

/// Everything search compares, for all items, in a few flat arrays: a search walks them from
/// start to end instead of chasing a dozen small allocations per item, which on a 10,000-item
/// catalog is what decides the time.
#[derive(Debug, Clone, Default)]
struct Entries {
    heads: Vec<Head>,
    /// All strings, item after item.
    text: String,
    /// Syllable starts of each pinyin, relative to the start of its `full`, then its length.
    starts: Vec<u32>,
    /// Chinese names as characters, for typos.
    chars: Vec<char>,
    /// Keywords, normalised, without spaces.
    keywords: Vec<Span>,
    /// Pinyin of the keywords written in Chinese.
    keyword_pinyin: Vec<Py>,
}

/// A range of one of the arrays of [`Entries`].
#[derive(Debug, Clone, Copy, Default)]
struct Span {
    start: u32,
    len: u32,
}

impl Span {
    fn range(self) -> std::ops::Range<usize> {
        self.start as usize..(self.start + self.len) as usize
    }
}

/// A pinyin in [`Entries`]: the syllables joined, their starts and their initials.
#[derive(Debug, Clone, Copy, Default)]
struct Py {
    full: Span,
    starts: Span,
    initials: Span,
}

/// What one item is compared with, as places in [`Entries`].
#[derive(Debug, Clone, Copy)]
struct Head {
    category: Category,
    /// Place of the item in the services-screen order (rank, then code): breaks ties.
    order: u32,
    /// The letters a–z found in anything a Latin query is compared with, one bit each.
    letters: u32,
    /// Whether a Chinese name has Latin letters or digits (a Latin query can only match it then).
    zh_has_latin: bool,
    /// First letters of the English name's words, one bit each (as `letters`).
    en_word_starts: u32,
    /// Letters the syllables of the name's pinyin start with.
    initials: u32,
    /// First letters of the keywords and of the pinyin of the Chinese ones.
    keyword_starts: u32,
    /// First two bytes of each English word, as [`pair_bit`]s.
    en_word_pairs: u64,
    /// How a query that spells the pinyin from some syllable can begin: the first two
    /// letters of each syllable, and its initial with the next one's, as [`pair_bit`]s.
    pinyin_pairs: u64,
    /// The characters of the Chinese names and keywords, as [`char_bit`]s.
    han: u128,
    /// The code, lower case.
    code: Span,
    /// zh-CN and zh-TW, normalised, without spaces (zh-TW empty when the same).
    zh: [Span; 2],
    zh_chars: [Span; 2],
    /// The English name, normalised (empty when none).
    en: Span,
    /// Pinyin of the zh-CN name.
    pinyin: Py,
    keywords: Span,
    keyword_pinyin: Span,
}

/// A pinyin, borrowed from [`Entries`] or from a [`Syllables`].
#[derive(Clone, Copy)]
struct PyRef<'a> {
    full: &'a [u8],
    starts: &'a [u32],
    initials: &'a [u8],
}

impl Entries {
    fn build(items: &[CatalogItem]) -> Self {
        let mut by_popularity: Vec<usize> = (0..items.len()).collect();
        by_popularity.sort_by(|&a, &b| popularity_order(&items[a], &items[b]));
        let mut order = vec![0u32; items.len()];
        for (place, &i) in by_popularity.iter().enumerate() {
            order[i] = u32::try_from(place).unwrap_or(u32::MAX);
        }
        let mut e = Entries::default();
        for (item, order) in items.iter().zip(order) {
            let head = e.add(item, order);
            e.heads.push(head);
        }
        e
    }

    fn push_text(&mut self, s: &str) -> Span {
        let start = u32::try_from(self.text.len()).unwrap_or(u32::MAX);
        self.text.push_str(s);
        Span {
            start,
            len: u32::try_from(s.len()).unwrap_or(0),
        }
    }

    fn push_chars(&mut self, s: &str) -> Span {
        let start = u32::try_from(self.chars.len()).unwrap_or(u32::MAX);
        self.chars.extend(s.chars());
        Span {
            start,
            len: u32::try_from(self.chars.len()).unwrap_or(u32::MAX) - start,
        }
    }

    fn push_pinyin(&mut self, s: &Syllables) -> Py {
        let full = self.push_text(&s.full);
        let initials = self.push_text(&s.initials);
        let start = u32::try_from(self.starts.len()).unwrap_or(u32::MAX);
        self.starts.extend_from_slice(&s.starts);
        let starts = Span {
            start,
            len: u32::try_from(s.starts.len()).unwrap_or(0),
        };
        Py {
            full,
            starts,
            initials,
        }
    }

    fn add(&mut self, item: &CatalogItem, order: u32) -> Head {
        let cn = compact(&normalize(&item.name.zh_cn));
        let tw = item
            .name
            .zh_tw
            .as_deref()
            .map(|t| compact(&normalize(t)))
            .filter(|t| *t != cn)
            .unwrap_or_default();
        let en = item.name.en.as_deref().map(normalize).unwrap_or_default();
        let code = normalize(&item.code);
        let pinyin = Syllables::of(&item.name.zh_cn);
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

        let mut letters = [&cn, &tw, &en, &code, &pinyin.full]
            .into_iter()
            .chain(&keywords)
            .fold(0, |m, s| m | letter_mask(s));
        letters |= keyword_pinyin
            .iter()
            .fold(0, |m, s| m | letter_mask(&s.full));
        let en_word_starts = en
            .split(|c: char| !c.is_alphanumeric())
            .fold(0, |m, w| m | letter_mask(w.get(..1).unwrap_or("")));
        let keyword_starts = keywords
            .iter()
            .map(String::as_str)
            .chain(keyword_pinyin.iter().map(|s| s.initials.as_str()))
            .fold(0, |m, k| m | letter_mask(k.get(..1).unwrap_or("")));
        let initials = letter_mask(&pinyin.initials);
        let en_bytes = en.as_bytes();
        let en_word_pairs = (0..en_bytes.len().saturating_sub(1))
            .filter(|&i| {
                i == 0 || !en_bytes[i - 1].is_ascii_alphanumeric() && en_bytes[i - 1] < 0x80
            })
            .fold(0, |m, i| m | pair_bit(en_bytes[i], en_bytes[i + 1]));
        let mut pinyin_pairs = 0;
        let ini = pinyin.initials.as_bytes();
        for i in 0..pinyin.len() {
            let syl =
                &pinyin.full.as_bytes()[pinyin.starts[i] as usize..pinyin.starts[i + 1] as usize];
            if syl.len() >= 2 {
                pinyin_pairs |= pair_bit(syl[0], syl[1]);
            }
            if i + 1 < ini.len() {
                pinyin_pairs |= pair_bit(ini[i], ini[i + 1]);
            }
        }
        let han = [&cn, &tw]
            .into_iter()
            .chain(&keywords)
            .flat_map(|s| s.chars())
            .fold(0, |m, c| m | char_bit(c));
        let zh_has_latin = [&cn, &tw]
            .iter()
            .any(|n| n.bytes().any(|b| b.is_ascii_alphanumeric()));

        // Latin first, Chinese after: a Latin query reads one stretch of memory per item.
        let code_span = self.push_text(&code);
        let en_span = self.push_text(&en);
        let py = self.push_pinyin(&pinyin);
        let kw_start = u32::try_from(self.keywords.len()).unwrap_or(u32::MAX);
        for k in &keywords {
            let span = self.push_text(k);
            self.keywords.push(span);
        }
        let kp_start = u32::try_from(self.keyword_pinyin.len()).unwrap_or(u32::MAX);
        for s in &keyword_pinyin {
            let p = self.push_pinyin(s);
            self.keyword_pinyin.push(p);
        }
        let zh = [self.push_text(&cn), self.push_text(&tw)];
        let zh_chars = [self.push_chars(&cn), self.push_chars(&tw)];
        Head {
            category: item.category,
            order,
            letters,
            zh_has_latin,
            en_word_starts,
            initials,
            keyword_starts,
            en_word_pairs,
            pinyin_pairs,
            han,
            code: code_span,
            zh,
            zh_chars,
            en: en_span,
            pinyin: py,
            keywords: Span {
                start: kw_start,
                len: u32::try_from(keywords.len()).unwrap_or(0),
            },
            keyword_pinyin: Span {
                start: kp_start,
                len: u32::try_from(keyword_pinyin.len()).unwrap_or(0),
            },
        }
    }

    fn bytes(&self, s: Span) -> &[u8] {
        &self.text.as_bytes()[s.range()]
    }

    fn py(&self, p: Py) -> PyRef<'_> {
        PyRef {
            full: self.bytes(p.full),
            starts: &self.starts[p.starts.range()],
            initials: self.bytes(p.initials),
        }
    }

    fn hits(&self, query: &str, category: Option<Category>, limit: usize) -> Vec<Hit> {
        let q = Query::new(query);
        let mut found: Vec<(MatchKind, u32, usize)> = Vec::new();
        for (i, h) in self.heads.iter().enumerate() {
            if category.is_some_and(|c| h.category != c) {
                continue;
            }
            let kind = if q.compact.is_empty() {
                Some(MatchKind::Browse)
            } else {
                self.matches(h, &q)
            };
            if let Some(kind) = kind {
                found.push((kind, h.order, i));
            }
        }
        let key = |&(kind, order, _): &(MatchKind, u32, usize)| (Reverse(kind), order);
        if limit < found.len() {
            if limit == 0 {
                return Vec::new();
            }
            found.select_nth_unstable_by_key(limit - 1, key);
            found.truncate(limit);
        }
        found.sort_unstable_by_key(key);
        found
            .into_iter()
            .map(|(kind, _, position)| Hit { position, kind })
            .collect()
    }

    /// How the item of `h` matches `q` (not empty), the best way it does.
    fn matches(&self, h: &Head, q: &Query) -> Option<MatchKind> {
        if q.latin {
            // Every letter of the query must be somewhere in the item, but one for a typo.
            let missing = (q.letters & !h.letters).count_ones();
            if missing > u32::from(q.typo_ok) {
                return None;
            }
            self.matches_latin(h, q)
        } else {
            self.matches_other(h, q)
        }
    }

    /// A query of Latin letters and digits: pinyin, initials, English, a code.
    fn matches_latin(&self, h: &Head, q: &Query) -> Option<MatchKind> {
        let c = q.compact.as_bytes();
        let text = q.text.as_bytes();
        let en = self.bytes(h.en);
        let zh = |f: fn(&[u8], &[u8]) -> bool| {
            h.zh_has_latin && h.zh.iter().any(|&n| f(self.bytes(n), c))
        };
        if eq(self.bytes(h.code), c) || eq(en, text) || zh(eq) {
            return Some(MatchKind::Exact);
        }
        if starts_with(en, text) || zh(starts_with) {
            return Some(MatchKind::NamePrefix);
        }
        // The bit of the query's first letter (0 for a digit: the masks then pass).
        let first = letter_mask(&q.compact[..1]);
        let may_start = |mask: u32| first == 0 || mask & first != 0;
        if (text.len() >= 3
            && may_start(h.en_word_starts)
            && h.en_word_pairs & pair_bit(text[0], text[1]) != 0
            && has_word_starting(en, text))
            || zh(contains)
        {
            return Some(MatchKind::NameContains);
        }
        let py = self.py(h.pinyin);
        let in_pinyin =
            may_start(h.initials) && (c.len() < 2 || h.pinyin_pairs & pair_bit(c[0], c[1]) != 0);
        if in_pinyin {
            match py.cover(c, 0) {
                Some(Cover::Whole) => return Some(MatchKind::PinyinExact),
                Some(Cover::Part) => return Some(MatchKind::PinyinPrefix),
                None => {}
            }
        }
        if may_start(h.keyword_starts)
            && (self.keywords[h.keywords.range()]
                .iter()
                .any(|&k| starts_with(self.bytes(k), c))
                || self.keyword_pinyin[h.keyword_pinyin.range()]
                    .iter()
                    .any(|&p| self.py(p).cover(c, 0).is_some()))
        {
            return Some(MatchKind::Keyword);
        }
        if in_pinyin && py.covers_inside(c) {
            return Some(MatchKind::PinyinContains);
        }
        if q.typo_ok {
            if within_one_edit(c, py.full) || within_one_edit(c, py.initials) {
                return Some(MatchKind::Typo);
            }
            if within_one_edit_of_start(c, py.full) || within_one_edit_of_start(c, py.initials) {
                return Some(MatchKind::TypoPrefix);
            }
        }
        None
    }

    /// A query in Chinese (or anything not only Latin letters and digits).
    fn matches_other(&self, h: &Head, q: &Query) -> Option<MatchKind> {
        // Characters of the query that no name or keyword of the item has (about: a filter).
        let missing = if q.han {
            (q.han_bits & !h.han).count_ones()
        } else {
            0
        };
        if missing == 0 {
            if let Some(kind) = self.matches_text(h, q) {
                return Some(kind);
            }
        }
        if !q.typo_ok {
            return None;
        }
        let sound = q.sound.as_deref().map(str::as_bytes);
        let full = self.bytes(h.pinyin.full);
        let names = || h.zh_chars.map(|s| &self.chars[s.range()]);
        if (missing <= 1 && names().iter().any(|n| within_one_edit(&q.chars, n)))
            || sound.is_some_and(|s| eq(full, s))
        {
            return Some(MatchKind::Typo);
        }
        if q.chars.len() >= 3
            && ((missing <= 1
                && names()
                    .iter()
                    .any(|n| within_one_edit_of_start(&q.chars, n)))
                || sound.is_some_and(|s| starts_with(full, s)))
        {
            return Some(MatchKind::TypoPrefix);
        }
        None
    }

    /// Names and keywords for a query that is not only Latin letters and digits.
    fn matches_text(&self, h: &Head, q: &Query) -> Option<MatchKind> {
        let c = q.compact.as_bytes();
        let zh = |f: fn(&[u8], &[u8]) -> bool| h.zh.iter().any(|&n| f(self.bytes(n), c));
        // English names only for queries with no Chinese characters (`zm-hj-001`, `o'brien`).
        let en = self.bytes(h.en);
        let text = q.text.as_bytes();
        let en_ok = !q.han && !en.is_empty();
        if eq(self.bytes(h.code), c) || zh(eq) || (en_ok && eq(en, text)) {
            return Some(MatchKind::Exact);
        }
        if zh(starts_with) || (en_ok && starts_with(en, text)) {
            return Some(MatchKind::NamePrefix);
        }
        if zh(contains) || (en_ok && text.len() >= 3 && has_word_starting(en, text)) {
            return Some(MatchKind::NameContains);
        }
        if self.keywords[h.keywords.range()]
            .iter()
            .any(|&k| contains(self.bytes(k), c))
        {
            return Some(MatchKind::Keyword);
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
    /// The Chinese characters, as [`char_bit`]s.
    han_bits: u128,
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
        let han_bits = chars
            .iter()
            .filter(|&&c| is_han(c))
            .fold(0, |m, &c| m | char_bit(c));
        Self {
            text,
            compact,
            chars,
            latin,
            han,
            typo_ok,
            sound,
            letters,
            han_bits,
        }
    }
}

// ----- pinyin ----------------------------------------------------------------------------

/// The syllables of a name's pinyin, as one string and where each syllable starts.
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
}

impl PyRef<'_> {
    fn len(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }

    fn syllable(&self, i: usize) -> &[u8] {
        &self.full[self.starts[i] as usize..self.starts[i + 1] as usize]
    }

    /// How `q` spells the syllables from `i` on, each syllable by a non-empty start of it
    /// (whole, initial, or any part): `lssfzm`, `linshishenfen`, `linshisfzm`, `linsh`.
    fn cover(&self, q: &[u8], i: usize) -> Option<Cover> {
        let n = self.len();
        // The initials say at once whether syllable i can start the query.
        if i >= n || q.first() != self.initials.get(i) {
            return None;
        }
        let s = self.syllable(i);
        let common = q.iter().zip(s).take_while(|(a, b)| a == b).count();
        // Fewer letters left than syllables: the query cannot reach the end.
        let whole_possible = q.len() >= n - i;
        let mut best = None;
        for k in (1..=common).rev() {
            let rest = if k == q.len() {
                Some(if i + 1 == n {
                    Cover::Whole
                } else {
                    Cover::Part
                })
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
        self.initials
            .iter()
            .enumerate()
            .skip(1)
            .any(|(i, &c)| c == first && self.cover(q, i).is_some())
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

/// `a == b`, with the cheap tests first (most comparisons fail on the first element, and
/// a call to `memcmp` costs more than the test).
#[inline]
fn same<T: PartialEq>(a: &[T], b: &[T]) -> bool {
    a.len() == b.len() && a.first() == b.first() && a.last() == b.last() && a == b
}

/// `text.starts_with(q)`, with the cheap tests first.
#[inline]
fn begins<T: PartialEq>(text: &[T], q: &[T]) -> bool {
    match q.first() {
        None => true,
        first => text.len() >= q.len() && text.first() == first && text.starts_with(q),
    }
}

#[inline]
fn eq(a: &[u8], b: &[u8]) -> bool {
    same(a, b)
}

#[inline]
fn starts_with(text: &[u8], q: &[u8]) -> bool {
    begins(text, q)
}

/// The bit of a pair of bytes in a 64-bit filter.
#[inline]
fn pair_bit(a: u8, b: u8) -> u64 {
    1 << ((u32::from(a) * 31 + u32::from(b)) % 64)
}

/// The bit of a character in a 128-bit filter.
#[inline]
fn char_bit(c: char) -> u128 {
    1 << (u32::from(c).wrapping_mul(2_654_435_761) >> 25)
}

/// Whether `q` (not empty) occurs in `text`. Both are UTF-8, so a byte match is a character
/// match. Names are short: a plain scan beats setting up a substring searcher.
fn contains(text: &[u8], q: &[u8]) -> bool {
    let Some(&first) = q.first() else {
        return true;
    };
    let last = q[q.len() - 1];
    text.len() >= q.len()
        && text
            .windows(q.len())
            .any(|w| w[0] == first && w[q.len() - 1] == last && w == q)
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
fn has_word_starting(text: &[u8], q: &[u8]) -> bool {
    let Some(&first) = q.first() else {
        return true;
    };
    let mut prev_alnum = false;
    for (i, &b) in text.iter().enumerate() {
        if b == first && !prev_alnum && begins(&text[i..], q) {
            return true;
        }
        // Bytes of non-ASCII letters count as letters: a word starts after a space or a sign.
        prev_alnum = b.is_ascii_alphanumeric() || b >= 0x80;
    }
    false
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
        same(&short[p + 1..], &long[p + 1..])
            || (p + 1 < short.len()
                && short[p] == long[p + 1]
                && short[p + 1] == long[p]
                && same(&short[p + 2..], &long[p + 2..]))
    } else {
        same(&short[p..], &long[p + 1..])
    }
}

/// Whether `q` is at most one edit away from some start of `text`.
fn within_one_edit_of_start<T: PartialEq>(q: &[T], text: &[T]) -> bool {
    let p = q.iter().zip(text).take_while(|(x, y)| x == y).count();
    if p == q.len() {
        return true;
    }
    let starts = |text: Option<&[T]>, q: &[T]| text.is_some_and(|t| begins(t, q));
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
    fn every_sample_item_is_found_by_each_of_its_names_and_its_pinyin() {
        let items = sample();
        let index = CatalogIndex::new(&items);
        for item in &items {
            let (full, initials) = pinyin_of(&item.name.zh_cn);
            let en = item.name.en.clone().unwrap_or_default();
            let tw = item.name.zh_tw.clone().unwrap_or_default();
            // A one-character slip in the middle of each.
            let slip = |s: &str| {
                let mut c: Vec<char> = s.chars().collect();
                let mid = c.len() / 2;
                c[mid] = if c[mid] == '错' { '误' } else { '错' };
                c.into_iter().collect::<String>()
            };
            let mut typo = full.clone().into_bytes();
            let mid = typo.len() / 2;
            typo[mid] = if typo[mid] == b'q' { b'x' } else { b'q' };
            let typo = String::from_utf8(typo).unwrap();
            for q in [
                item.name.zh_cn.clone(),
                tw,
                en.to_uppercase(),
                full.clone(),
                initials.clone(),
                full[..full.len() / 2].to_string(),
                slip(&item.name.zh_cn),
                typo,
            ] {
                let hits = codes(&index, &q);
                assert!(
                    hits.contains(&item.code),
                    "{}: {q} gave {hits:?}",
                    item.code
                );
            }
            assert_eq!(first(&index, &item.name.zh_cn), Some(item.code.clone()));
            assert_eq!(first(&index, &full), Some(item.code.clone()));
        }
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
