use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The languages BorderDesk speaks. Simplified Chinese first: it is the default and the fallback.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub enum Language {
    #[default]
    #[serde(rename = "zh-CN")]
    ZhCn,
    #[serde(rename = "zh-TW")]
    ZhTw,
    #[serde(rename = "en")]
    En,
}

impl Language {
    pub const ALL: [Language; 3] = [Language::ZhCn, Language::ZhTw, Language::En];

    pub fn tag(self) -> &'static str {
        match self {
            Self::ZhCn => "zh-CN",
            Self::ZhTw => "zh-TW",
            Self::En => "en",
        }
    }

    /// Reads a BCP 47 tag loosely (`zh`, `zh-Hans`, `zh_TW`, `en-US` ...); unknown tags give None.
    pub fn from_tag(tag: &str) -> Option<Self> {
        let t = tag.trim().replace('_', "-").to_ascii_lowercase();
        match t.as_str() {
            "zh-cn" | "zh" | "zh-hans" | "zh-hans-cn" | "zh-sg" => Some(Self::ZhCn),
            "zh-tw" | "zh-hant" | "zh-hant-tw" | "zh-hk" | "zh-mo" => Some(Self::ZhTw),
            _ if t == "en" || t.starts_with("en-") => Some(Self::En),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loose_tags_map_to_our_languages() {
        assert_eq!(Language::from_tag("zh_TW"), Some(Language::ZhTw));
        assert_eq!(Language::from_tag("zh-Hans"), Some(Language::ZhCn));
        assert_eq!(Language::from_tag("en-US"), Some(Language::En));
        assert_eq!(Language::from_tag("fr"), None);
        for l in Language::ALL {
            assert_eq!(Language::from_tag(l.tag()), Some(l));
        }
    }
}
