//! Finding a CJK font on the machine and picking the right face in it.
//!
//! The font is read at run time from the system (Debian's fonts-noto-cjk first), never
//! bundled: the app stays small and the kiosk's own font package gets security updates.

use std::path::{Path, PathBuf};

use ttf_parser::Face;

use crate::ReceiptError;

/// Environment variable naming the font file to use instead of the known system paths.
pub const FONT_ENV: &str = "BORDERDESK_RECEIPT_FONT";

/// A font file to try, with its bold sibling when there is one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FontCandidate {
    pub regular: PathBuf,
    pub bold: Option<PathBuf>,
}

/// Where to look for the receipt's CJK font, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FontSource {
    pub candidates: Vec<FontCandidate>,
}

/// Known places of CJK fonts, best first. Debian/Ubuntu packages, then other Linux layouts,
/// then Windows. A `.ttc` holds several faces; the face is picked by coverage and language.
const KNOWN_FONTS: &[(&str, Option<&str>)] = &[
    // fonts-noto-cjk (Debian, Ubuntu)
    (
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
        Some("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"),
    ),
    // Arch (noto-fonts-cjk), Fedora (google-noto-sans-cjk-ttc-fonts)
    (
        "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
        Some("/usr/share/fonts/noto-cjk/NotoSansCJK-Bold.ttc"),
    ),
    (
        "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
        Some("/usr/share/fonts/google-noto-cjk/NotoSansCJK-Bold.ttc"),
    ),
    // fonts-wqy-microhei, fonts-wqy-zenhei
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", None),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", None),
    // fonts-droid-fallback
    (
        "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
        None,
    ),
    // fonts-noto-cjk's serif, fonts-arphic-uming
    (
        "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
        Some("/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc"),
    ),
    ("/usr/share/fonts/truetype/arphic/uming.ttc", None),
    // Windows: Microsoft YaHei, SimSun
    (
        "C:\\Windows\\Fonts\\msyh.ttc",
        Some("C:\\Windows\\Fonts\\msyhbd.ttc"),
    ),
    ("C:\\Windows\\Fonts\\simsun.ttc", None),
];

impl FontSource {
    /// The file in `BORDERDESK_RECEIPT_FONT` when it is set (and then only it, so a wrong
    /// setting shows instead of being papered over), else the known system paths.
    pub fn system() -> Self {
        match std::env::var_os(FONT_ENV) {
            Some(path) if !path.is_empty() => Self::file(path),
            _ => Self::known(),
        }
    }

    /// The known system paths, ignoring the environment.
    pub fn known() -> Self {
        Self {
            candidates: KNOWN_FONTS
                .iter()
                .map(|(regular, bold)| FontCandidate {
                    regular: regular.into(),
                    bold: bold.map(PathBuf::from),
                })
                .collect(),
        }
    }

    /// Exactly one font file (TTF, OTF, TTC or OTC), used for regular and bold text.
    pub fn file(path: impl Into<PathBuf>) -> Self {
        Self {
            candidates: vec![FontCandidate {
                regular: path.into(),
                bold: None,
            }],
        }
    }
}

/// A font file in memory and the face chosen in it.
pub(crate) struct FontFile {
    pub path: PathBuf,
    pub data: Vec<u8>,
    pub index: u32,
}

pub(crate) struct Fonts {
    pub regular: FontFile,
    pub bold: Option<FontFile>,
}

/// Loads the first candidate with a face that can write Chinese, choosing among a
/// collection's faces the one that covers most of `text`, then the one made for `language`
/// (SC faces for zh-CN and en, TC for zh-TW).
pub(crate) fn load(source: &FontSource, text: &str, language: &str) -> Result<Fonts, ReceiptError> {
    let mut unusable = None;
    for candidate in &source.candidates {
        if !candidate.regular.is_file() {
            continue;
        }
        match load_file(&candidate.regular, text, language) {
            Ok(regular) => {
                let bold = candidate
                    .bold
                    .as_deref()
                    .filter(|p| p.is_file())
                    .and_then(|p| load_file(p, text, language).ok());
                return Ok(Fonts { regular, bold });
            }
            Err(e) => {
                unusable.get_or_insert(e);
            }
        }
    }
    Err(unusable.unwrap_or_else(|| ReceiptError::FontMissing {
        searched: source
            .candidates
            .iter()
            .map(|c| c.regular.display().to_string())
            .collect::<Vec<_>>()
            .join(", "),
    }))
}

fn load_file(path: &Path, text: &str, language: &str) -> Result<FontFile, ReceiptError> {
    let unusable = |reason: &str| ReceiptError::FontUnusable {
        path: path.to_path_buf(),
        reason: reason.to_string(),
    };
    let data = std::fs::read(path).map_err(|e| unusable(&e.to_string()))?;
    let index = choose_face(&data, text, language)
        .ok_or_else(|| unusable("no face in the file has Chinese characters"))?;
    Ok(FontFile {
        path: path.to_path_buf(),
        data,
        index,
    })
}

/// Family-name words of the faces made for a language.
fn preferred_markers(language: &str) -> &'static [&'static str] {
    match language {
        "zh-TW" => &["TC", "Traditional", "HK"],
        _ => &["SC", "Simplified", "GB"],
    }
}

fn choose_face(data: &[u8], text: &str, language: &str) -> Option<u32> {
    let faces = ttf_parser::fonts_in_collection(data).unwrap_or(1);
    let mut chars: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
    chars.sort_unstable();
    chars.dedup();
    let markers = preferred_markers(language);
    let mut best: Option<(usize, bool, u32)> = None;
    for index in 0..faces {
        let Ok(face) = Face::parse(data, index) else {
            continue;
        };
        // A receipt font must at least write Chinese and digits.
        if face.glyph_index('回').is_none() || face.glyph_index('0').is_none() {
            continue;
        }
        let coverage = chars
            .iter()
            .filter(|c| face.glyph_index(**c).is_some())
            .count();
        let preferred = face
            .names()
            .into_iter()
            .filter(|n| n.name_id == ttf_parser::name_id::FAMILY)
            .filter_map(|n| n.to_string())
            .any(|family| family.split_whitespace().any(|w| markers.contains(&w)));
        let better = match best {
            None => true,
            Some((c, p, _)) => (coverage, preferred) > (c, p),
        };
        if better {
            best = Some((coverage, preferred, index));
        }
    }
    best.map(|(_, _, index)| index)
}
