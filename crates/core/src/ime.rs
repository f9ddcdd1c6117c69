//! The pinyin input method of the on-screen keyboard (拼音输入法): from the letters typed so far
//! to the Chinese a person most likely means, best first.
//!
//! Letters are full pinyin without tones (`shenfenzheng`), syllables cut short (`shenfenzh`),
//! initials (`lssfzm` for 临时身份证明) or a mix of them (`linshisfzm`); `ü` is typed as `v`
//! (`lv` 绿, `nv` 女), as on every pinyin keyboard. The candidates, best first:
//!
//! 1. words and phrases whose syllables the letters spell out whole: every syllable in full,
//!    then the last one cut short (still being typed), then syllables given by their initials;
//!    within each, the app's own vocabulary (service names, life events, legal aid matters,
//!    place names) before common words, then the more common first;
//! 2. single characters spelling the letters, by how common they are (a character's less usual
//!    reading comes lower);
//! 3. longer words the letters begin (`shenfen` offers 身份证 and 身份证明 after 身份);
//! 4. words and characters for the first syllables only, saying how many letters they take
//!    ([`Candidate::letters`]): choosing 你 for `nihao` leaves `hao` to go on with.
//!
//! The table ([`DATA`], `data/ime.tsv`, made by `data/make_ime_data.py`) holds the 4,000 most
//! common characters with their readings, the 9,000 most common words of two to four characters,
//! and the app's vocabulary. Its sources are MIT licensed packages from PyPI: the word
//! frequencies of jieba 0.42.1 (a character's commonness is the sum of the frequencies of the
//! words it is in) and the readings of pypinyin 0.55.0 (from mozillazg's pinyin-data and
//! phrase-pinyin-data). Words added at run time (a catalog pulled from the server) get their
//! reading from the `pinyin` crate, as search does ([`crate::search`]).
//!
//! The index is built once ([`Ime::builtin`] lazily, or [`Ime::with_vocabulary`]); a keystroke
//! then costs a scan of the entries that start with the typed letter, well under a millisecond.

use std::cmp::Reverse;
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use pinyin::ToPinyin;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The table: `kind<TAB>text<TAB>syllables<TAB>weight` a line; kind `c` character, `w` common
/// word, `v` the app's vocabulary.
pub const DATA: &str = include_str!("../data/ime.tsv");

/// The most letters looked at: more is not typing a word any more.
pub const MAX_LETTERS: usize = 48;

/// One thing the person may mean.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Candidate {
    /// What goes into the field.
    pub text: String,
    /// How many of the typed letters (from the start, after [`letters`] folding) it stands
    /// for; the rest stay to be typed on.
    pub letters: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    /// The app's own words: services, life events, matters, places.
    Vocabulary,
    /// A common word.
    Word,
    /// A single character.
    Char,
}

#[derive(Debug, Clone)]
struct Entry {
    text: Box<str>,
    /// Syllables without tones, `ü` as `v`.
    syllables: Box<[Box<str>]>,
    weight: i32,
    kind: Kind,
}

/// How letters cover an entry's syllables; lower is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Cover {
    /// Every syllable spelled in full.
    Full,
    /// In full but the last, which is cut short (being typed).
    LastShort,
    /// Some syllable before the last given by its first letters only (initials).
    Short,
}

/// The index: entries by the first letter of their first syllable.
#[derive(Debug, Clone)]
pub struct Ime {
    entries: Vec<Entry>,
    by_letter: Vec<Vec<u32>>,
    /// Every syllable the table knows, for cutting letters into syllables.
    syllables: HashSet<Box<str>>,
}

impl Ime {
    /// The index of the built-in table, built on first use.
    pub fn builtin() -> &'static Ime {
        static IME: OnceLock<Ime> = OnceLock::new();
        IME.get_or_init(|| Ime::with_vocabulary(std::iter::empty::<&str>()))
    }

    /// The built-in table plus `words` as the app's vocabulary (e.g. the names of the catalog
    /// now on the device). Runs of Chinese characters are taken (2 to 16 of them); anything
    /// else in a word splits it.
    pub fn with_vocabulary<S: AsRef<str>>(words: impl IntoIterator<Item = S>) -> Ime {
        let mut entries = Vec::with_capacity(16_000);
        let mut known: HashSet<String> = HashSet::new();
        for line in DATA.lines() {
            if line.starts_with('#') || line.is_empty() {
                continue;
            }
            let mut f = line.split('\t');
            let (Some(kind), Some(text), Some(syls), Some(weight)) =
                (f.next(), f.next(), f.next(), f.next())
            else {
                continue;
            };
            let kind = match kind {
                "c" => Kind::Char,
                "w" => Kind::Word,
                _ => Kind::Vocabulary,
            };
            if kind == Kind::Vocabulary {
                known.insert(text.to_string());
            }
            entries.push(Entry {
                text: text.into(),
                syllables: syls.split(' ').map(Into::into).collect(),
                weight: weight.parse().unwrap_or(0),
                kind,
            });
        }
        for word in words {
            for run in word
                .as_ref()
                .split(|c: char| !is_han(c))
                .filter(|r| (2..=16).contains(&r.chars().count()))
            {
                if !known.insert(run.to_string()) {
                    continue;
                }
                let syllables: Option<Box<[Box<str>]>> = run
                    .chars()
                    .map(|c| c.to_pinyin().map(|p| p.plain().replace('ü', "v").into()))
                    .collect();
                if let Some(syllables) = syllables {
                    entries.push(Entry {
                        text: run.into(),
                        syllables,
                        weight: 0,
                        kind: Kind::Vocabulary,
                    });
                }
            }
        }
        let mut by_letter = vec![Vec::new(); 26];
        let mut syllables = HashSet::new();
        for (i, e) in entries.iter().enumerate() {
            for s in e.syllables.iter() {
                if !syllables.contains(s) {
                    syllables.insert(s.clone());
                }
            }
            if let Some(b) = e.syllables.first().and_then(|s| s.bytes().next()) {
                if b.is_ascii_lowercase() {
                    by_letter[usize::from(b - b'a')].push(u32::try_from(i).unwrap_or(u32::MAX));
                }
            }
        }
        Ime {
            entries,
            by_letter,
            syllables,
        }
    }

    /// At most `limit` candidates for `typed`, best first (see the module). Empty when `typed`
    /// has no letters or has anything but letters, spaces and apostrophes.
    pub fn candidates(&self, typed: &str, limit: usize) -> Vec<Candidate> {
        let Some(input) = letters(typed) else {
            return Vec::new();
        };
        if input.is_empty() || limit == 0 {
            return Vec::new();
        }
        let input = input.as_bytes();
        let bucket = &self.by_letter[usize::from(input[0] - b'a')];
        let mut out: Vec<Candidate> = Vec::new();
        let mut seen: HashSet<&str> = HashSet::new();

        // 1 and 2: the whole input.
        let mut whole: Vec<(Cover, Kind, i32, usize, u32)> = Vec::new();
        // 3: longer words the input begins.
        let mut begun: Vec<(Cover, Kind, usize, i32, u32)> = Vec::new();
        for &i in bucket {
            let e = &self.entries[i as usize];
            if let Some(c) = cover_all(&e.syllables, input) {
                whole.push((c, e.kind, -e.weight, e.syllables.len(), i));
            } else if e.kind != Kind::Char && input.len() >= 2 {
                if let Some(c) = cover_start(&e.syllables, input) {
                    begun.push((c, e.kind, e.syllables.len(), -e.weight, i));
                }
            }
        }
        // Words before characters: a word spelled out says more than a character.
        whole.sort_by_key(|&(c, k, w, n, i)| (c, k == Kind::Char, k, w, n, i));
        for &(.., i) in &whole {
            let e = &self.entries[i as usize];
            if seen.insert(&e.text) {
                out.push(Candidate {
                    text: e.text.to_string(),
                    letters: input.len() as u32,
                });
            }
        }
        begun.sort_by_key(|&(c, k, n, w, i)| (c, k, n, w, i));
        for &(.., i) in begun.iter().take(limit.min(12)) {
            let e = &self.entries[i as usize];
            if seen.insert(&e.text) {
                out.push(Candidate {
                    text: e.text.to_string(),
                    letters: input.len() as u32,
                });
            }
        }

        // 4: the first syllables only, the most of them first.
        let cuts = self.cuts(input);
        for &end in cuts.iter().rev().skip(1) {
            if out.len() >= limit {
                break;
            }
            let part = &input[..end];
            let mut found: Vec<(Cover, bool, Kind, i32, u32)> = bucket
                .iter()
                .filter_map(|&i| {
                    let e = &self.entries[i as usize];
                    cover_all(&e.syllables, part)
                        .filter(|&c| c != Cover::Short || e.kind != Kind::Char)
                        .map(|c| (c, e.kind == Kind::Char, e.kind, -e.weight, i))
                })
                .collect();
            found.sort();
            for &(.., i) in &found {
                let e = &self.entries[i as usize];
                if seen.insert(&e.text) {
                    out.push(Candidate {
                        text: e.text.to_string(),
                        letters: end as u32,
                    });
                }
            }
        }
        out.truncate(limit);
        out
    }

    /// Where the letters can be cut into syllables, from the left, longest syllable first
    /// (a letter that starts no syllable stands alone, as an initial): the end of each piece.
    fn cuts(&self, input: &[u8]) -> Vec<usize> {
        let mut ends = Vec::new();
        let mut at = 0;
        while at < input.len() {
            let longest = (1..=6.min(input.len() - at))
                .rev()
                .find(|&n| {
                    std::str::from_utf8(&input[at..at + n])
                        .map(|s| self.syllables.contains(s))
                        .unwrap_or(false)
                })
                .unwrap_or(1);
            at += longest;
            ends.push(at);
        }
        ends
    }
}

/// The builtin index's candidates for `typed` (see [`Ime::candidates`]).
pub fn candidates(typed: &str, limit: usize) -> Vec<Candidate> {
    Ime::builtin().candidates(typed, limit)
}

/// The letters of `typed` as the method reads them: lower case a–z, `ü` (and full-width
/// letters) folded, spaces and apostrophes (syllable marks) dropped, at most [`MAX_LETTERS`].
/// None when anything else is in it (a digit, punctuation, Chinese).
pub fn letters(typed: &str) -> Option<String> {
    let mut out = String::with_capacity(typed.len());
    for ch in typed.chars() {
        let ch = match ch {
            '\u{FF21}'..='\u{FF3A}' | '\u{FF41}'..='\u{FF5A}' => {
                char::from_u32(ch as u32 - 0xFEE0).unwrap_or(ch)
            }
            'ü' | 'Ü' => 'v',
            c => c,
        };
        if ch.is_ascii_alphabetic() {
            if out.len() < MAX_LETTERS {
                out.push(ch.to_ascii_lowercase());
            }
        } else if !(ch.is_whitespace() || ch == '\'' || ch == '’') {
            return None;
        }
    }
    Some(out)
}

fn is_han(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}')
}

/// How `input` spells all of `syllables` (each at least by its first letter), if it does.
fn cover_all(syllables: &[Box<str>], input: &[u8]) -> Option<Cover> {
    if input.len() < syllables.len() {
        return None;
    }
    walk(syllables, input, false)
}

/// How `input` spells the first two or more of `syllables` (but not all), each in full but
/// the last, which may be cut short.
fn cover_start(syllables: &[Box<str>], input: &[u8]) -> Option<Cover> {
    let mut at = 0;
    for (n, s) in syllables.iter().enumerate() {
        let s = s.as_bytes();
        let rest = &input[at..];
        if rest.is_empty() {
            return (n >= 2).then_some(Cover::Full);
        }
        if rest.len() < s.len() {
            return (n >= 1 && s.starts_with(rest)).then_some(Cover::LastShort);
        }
        if &rest[..s.len()] != s {
            return None;
        }
        at += s.len();
    }
    None
}

/// The best cover of `syllables` by `input`: each syllable by its whole spelling or a start of
/// it. `short` says whether a syllable before has been cut short.
fn walk(syllables: &[Box<str>], input: &[u8], short: bool) -> Option<Cover> {
    let Some((first, rest)) = syllables.split_first() else {
        return input
            .is_empty()
            .then_some(if short { Cover::Short } else { Cover::Full });
    };
    // Each syllable left needs a letter, and none takes more than six.
    if input.len() < syllables.len() || input.len() > syllables.len() * 6 {
        return None;
    }
    let s = first.as_bytes();
    let most = s.len().min(input.len() - rest.len());
    let mut best: Option<Cover> = None;
    for n in (1..=most).rev() {
        if input[..n] != s[..n] {
            continue;
        }
        let cut = n < s.len();
        let found = if rest.is_empty() {
            (n == input.len()).then_some(match (short, cut) {
                (true, _) => Cover::Short,
                (false, true) => Cover::LastShort,
                (false, false) => Cover::Full,
            })
        } else {
            walk(rest, &input[n..], short || cut)
        };
        if let Some(f) = found {
            best = Some(best.map_or(f, |b| b.min(f)));
            if f == Cover::Full {
                break;
            }
        }
    }
    best
}

/// The characters the table offers for one syllable, most common first (for tests and tools).
pub fn characters_for(syllable: &str) -> Vec<char> {
    let ime = Ime::builtin();
    let mut v: Vec<(Reverse<i32>, char)> = ime
        .entries
        .iter()
        .filter(|e| e.kind == Kind::Char && e.syllables.len() == 1 && &*e.syllables[0] == syllable)
        .filter_map(|e| e.text.chars().next().map(|c| (Reverse(e.weight), c)))
        .collect();
    v.sort();
    let mut seen = HashMap::new();
    v.into_iter()
        .filter(|&(_, c)| seen.insert(c, ()).is_none())
        .map(|(_, c)| c)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(typed: &str, n: usize) -> Vec<String> {
        candidates(typed, n).into_iter().map(|c| c.text).collect()
    }

    #[test]
    fn ni_offers_ni_among_the_first() {
        let first = texts("ni", 5);
        assert!(first.iter().any(|t| t == "你"), "{first:?}");
    }

    #[test]
    fn full_pinyin_of_a_word_puts_the_word_first() {
        assert_eq!(texts("shenfenzheng", 3)[0], "身份证");
        assert_eq!(texts("shenfenzhengming", 3)[0], "身份证明");
        // No word for all of it: the longest word at its start, then the rest.
        let c = candidates("shenfenzhengxiang", 3);
        assert_eq!((c[0].text.as_str(), c[0].letters), ("身份证", 12));
        assert!(texts("xiang", 5).contains(&"想".to_string()));
        assert_eq!(texts("women", 3)[0], "我们");
    }

    #[test]
    fn initials_find_the_apps_own_words() {
        assert_eq!(texts("lssfzm", 3)[0], "临时身份证明");
        assert_eq!(texts("linshisfzm", 3)[0], "临时身份证明");
        assert_eq!(texts("sfz", 3)[0], "身份证");
    }

    #[test]
    fn place_names_matters_and_the_apps_words_are_words() {
        assert_eq!(texts("yibao", 3)[0], "医保");
        assert_eq!(texts("shebaoka", 3)[0], "社保卡");
        assert_eq!(texts("cangnanxian", 3)[0], "苍南县");
        // Offered while still being typed.
        assert_eq!(texts("cangnan", 3)[0], "苍南县");
        assert_eq!(texts("zhejiang", 3)[0], "浙江");
        assert!(texts("zhejiang", 8).contains(&"浙江省".to_string()));
        assert!(texts("gongshang", 5).iter().any(|t| t.starts_with("工伤")));
    }

    #[test]
    fn a_word_still_being_typed_is_offered() {
        let c = texts("shenfenzh", 3);
        assert_eq!(c[0], "身份证", "{c:?}");
        let c = texts("shenfen", 10);
        assert_eq!(c[0], "身份");
        assert!(c.contains(&"身份证".to_string()), "{c:?}");
    }

    #[test]
    fn empty_or_non_letter_input_has_no_candidates() {
        assert!(candidates("", 10).is_empty());
        assert!(candidates("   ", 10).is_empty());
        assert!(candidates("123", 10).is_empty());
        assert!(candidates("ni3", 10).is_empty());
        assert!(candidates("你", 10).is_empty());
        assert!(candidates("ni,hao", 10).is_empty());
        assert!(candidates("ni", 0).is_empty());
    }

    #[test]
    fn v_stands_for_u_umlaut() {
        assert!(
            texts("lv", 5).contains(&"绿".to_string()),
            "{:?}",
            texts("lv", 5)
        );
        assert!(texts("nv", 5).contains(&"女".to_string()));
        assert_eq!(texts("nvxing", 3)[0], "女性");
        // Typed as ü too (a hardware keyboard with it).
        assert_eq!(texts("nü", 5), texts("nv", 5));
    }

    #[test]
    fn case_spaces_and_apostrophes_do_not_matter() {
        assert_eq!(texts("Shen Fen'Zheng", 3)[0], "身份证");
        assert_eq!(texts("ＳＨＥＮ", 3), texts("shen", 3));
    }

    #[test]
    fn characters_come_by_how_common_they_are() {
        let de = characters_for("de");
        assert_eq!(de[0], '的');
        let shi = characters_for("shi");
        assert!(shi.iter().position(|&c| c == '是') < shi.iter().position(|&c| c == '拭'));
        // A second reading comes lower: 行 is xing before hang.
        assert!(characters_for("hang").contains(&'行'));
    }

    #[test]
    fn a_longer_input_offers_its_first_syllables_with_the_letters_they_take() {
        let c = candidates("nihaoma", 60);
        assert_eq!(c[0].text, "你好", "{c:?}");
        let ni = c
            .iter()
            .find(|c| c.text == "你")
            .expect("你 for the first syllable");
        assert_eq!(ni.letters, 2);
        let nihao = c.iter().find(|c| c.text == "你好").expect("你好");
        assert_eq!(nihao.letters, 5);
        // Nothing offered twice.
        let set: HashSet<_> = c.iter().map(|c| &c.text).collect();
        assert_eq!(set.len(), c.len());
    }

    #[test]
    fn letters_nothing_starts_still_offer_characters_by_initial() {
        let c = candidates("zzzzzz", 10);
        assert!(!c.is_empty());
        assert!(c.iter().all(|c| c.letters >= 1));
    }

    #[test]
    fn vocabulary_added_at_run_time_is_found_by_its_pinyin() {
        let ime = Ime::with_vocabulary(["残疾人两项补贴申领（线上）"]);
        let c = ime.candidates("cjrlxbtsl", 3);
        assert_eq!(c[0].text, "残疾人两项补贴申领");
        assert!(
            Ime::builtin()
                .candidates("cjrlxbtsl", 3)
                .first()
                .map(|c| c.text.as_str())
                != Some("残疾人两项补贴申领")
        );
    }

    #[test]
    fn the_limit_is_kept() {
        assert_eq!(candidates("s", 7).len(), 7);
        assert!(candidates("s", 200).len() <= 200);
    }
}
