//! BorderDesk's translations. Every user-visible string, from Rust errors to the UI's labels,
//! is a Fluent message in `i18n/<lang>/` (borderdesk.ftl for what Rust says, ui.ftl for the
//! screens), embedded in the binary. zh-CN is the default and the fallback.
//!
//! Loaders are built once per language and shared; `message` is cheap to call per error.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::OnceLock;

use i18n_embed::fluent::FluentLanguageLoader;
use i18n_embed::{I18nAssets, LanguageLoader};
use rust_embed::RustEmbed;

pub use i18n_embed::unic_langid::LanguageIdentifier;

/// The Fluent domain: each language folder holds `borderdesk.ftl` (plus `ui.ftl`).
pub const DOMAIN: &str = "borderdesk";
/// Language tags we ship, fallback first.
pub const LANGUAGES: [&str; 3] = ["zh-CN", "zh-TW", "en"];
/// The files that together make one language's messages.
pub const FILES: [&str; 5] = [
    "borderdesk.ftl",
    "ui.ftl",
    "receipt.ftl",
    "ctl.ftl",
    "console.ftl",
];

#[derive(RustEmbed)]
#[folder = "i18n/"]
struct Embedded;

/// Serves a language's `borderdesk.ftl` as all of its files, so one loader (and one key
/// check) covers the Rust messages and the UI's.
struct Assets;

impl I18nAssets for Assets {
    fn get_files(&self, file_path: &str) -> Vec<Cow<'_, [u8]>> {
        let Some(lang) = file_path.strip_suffix(&format!("/{DOMAIN}.ftl")) else {
            return Vec::new();
        };
        FILES
            .iter()
            .filter_map(|f| Embedded::get(&format!("{lang}/{f}")).map(|e| e.data))
            .collect()
    }

    fn filenames_iter(&self) -> Box<dyn Iterator<Item = String> + '_> {
        Box::new(LANGUAGES.iter().map(|l| format!("{l}/{DOMAIN}.ftl")))
    }
}

fn langid(tag: &str) -> LanguageIdentifier {
    tag.parse().expect("our own language tags parse")
}

fn loaders() -> &'static HashMap<&'static str, FluentLanguageLoader> {
    static LOADERS: OnceLock<HashMap<&'static str, FluentLanguageLoader>> = OnceLock::new();
    LOADERS.get_or_init(|| {
        let base = FluentLanguageLoader::new(DOMAIN, langid(LANGUAGES[0]));
        let all: Vec<LanguageIdentifier> = LANGUAGES.iter().map(|t| langid(t)).collect();
        // The files are compiled in and checked by tests; failing here is a build defect.
        base.load_languages(&Assets, &all)
            .expect("embedded Fluent files load");
        // Text goes into HTML and JSON: no bidi isolation marks around arguments.
        base.set_use_isolating(false);
        LANGUAGES
            .iter()
            .map(|t| {
                let l = base.select_languages(&[langid(t)]);
                l.set_use_isolating(false);
                (*t, l)
            })
            .collect()
    })
}

/// The loader for a language tag; unknown tags get zh-CN.
pub fn loader(tag: &str) -> &'static FluentLanguageLoader {
    let map = loaders();
    map.get(tag).unwrap_or_else(|| &map[LANGUAGES[0]])
}

/// A message in `tag`'s language, with arguments; falls back to zh-CN, then to the id itself.
pub fn message(tag: &str, id: &str, args: &[(&str, String)]) -> String {
    let l = loader(tag);
    if args.is_empty() {
        l.get(id)
    } else {
        let map: HashMap<&str, String> = args.iter().map(|(k, v)| (*k, v.clone())).collect();
        l.get_args(id, map)
    }
}

/// Whether a language (or the fallback) has a message with this id.
pub fn has(tag: &str, id: &str) -> bool {
    loader(tag).has(id)
}

/// The raw Fluent source of a language (all its files), for the UI to render with
/// @fluent/bundle. Unknown tags give zh-CN's.
pub fn ftl_source(tag: &str) -> String {
    let lang = if LANGUAGES.contains(&tag) {
        tag
    } else {
        LANGUAGES[0]
    };
    FILES
        .iter()
        .filter_map(|f| Embedded::get(&format!("{lang}/{f}")))
        .map(|e| String::from_utf8_lossy(&e.data).into_owned())
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use fluent_syntax::ast;
    use std::collections::BTreeSet;

    fn ids(tag: &str) -> BTreeSet<String> {
        let src = ftl_source(tag);
        let res = fluent_syntax::parser::parse(src.as_str())
            .unwrap_or_else(|(_, errs)| panic!("{tag} has Fluent syntax errors: {errs:?}"));
        res.body
            .iter()
            .filter_map(|e| match e {
                ast::Entry::Message(m) => Some(m.id.name.to_string()),
                ast::Entry::Term(t) => Some(format!("-{}", t.id.name)),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn every_locale_has_every_key_of_the_fallback() {
        let fallback = ids("zh-CN");
        assert!(fallback.len() > 20, "zh-CN looks empty: {}", fallback.len());
        for tag in &LANGUAGES[1..] {
            let have = ids(tag);
            let missing: Vec<_> = fallback.difference(&have).collect();
            assert!(missing.is_empty(), "{tag} lacks {missing:?}");
            let extra: Vec<_> = have.difference(&fallback).collect();
            assert!(extra.is_empty(), "{tag} has keys zh-CN lacks: {extra:?}");
        }
    }

    #[test]
    fn messages_come_in_the_asked_language_with_arguments() {
        assert_eq!(
            message("en", "error-answer-too-long", &[("max", "50".into())]),
            "This answer is too long: at most 50 characters."
        );
        assert!(message("zh-CN", "error-answer-too-long", &[("max", "50".into())]).contains("50"));
        assert_ne!(
            message("zh-TW", "error-id-number-check-char", &[]),
            message("zh-CN", "error-id-number-check-char", &[])
        );
    }

    #[test]
    fn unknown_languages_fall_back_to_simplified_chinese() {
        assert_eq!(
            message("fr", "error-phone-format", &[]),
            message("zh-CN", "error-phone-format", &[])
        );
        assert_eq!(ftl_source("fr"), ftl_source("zh-CN"));
    }

    #[test]
    fn arguments_carry_no_isolation_marks() {
        let m = message("en", "error-answer-too-long", &[("max", "50".into())]);
        assert!(!m.contains('\u{2068}') && !m.contains('\u{2069}'));
    }
}
