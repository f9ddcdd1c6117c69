//! Resume codes (继续办理码): a person who cannot finish an application now saves it and takes a
//! printed slip with a one-time code; at the same or another kiosk the code brings it back.
//! The code is random and says nothing about the person: nine random characters and a check
//! character, from an alphabet without look-alikes (Crockford's: no I, L, O or U; typed, they
//! read as 1, 1, 0), read aloud as two groups of five.

use chrono::{DateTime, Duration, Utc};
use rand::Rng;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::CoreError;

/// Crockford's base-32 letters: what people misread (I, L, O) and U are left out.
pub const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const RANDOM_CHARS: usize = 9;
/// Characters in a code, check character included.
pub const CODE_LEN: usize = RANDOM_CHARS + 1;
/// How long a saved application waits for its person.
pub const VALID_DAYS: i64 = 7;

/// A one-time code, normalised (upper case, no separators): nine random characters and a
/// check character. Resume codes and device enrollment codes (`crate::enrollment`) are both
/// this shape; each names its own mistakes.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct OneTimeCode(String);

fn value_of(c: char) -> Option<u32> {
    // Read as people type: lower case, and the look-alikes Crockford maps.
    let c = match c.to_ascii_uppercase() {
        'O' => '0',
        'I' | 'L' => '1',
        c => c,
    };
    ALPHABET
        .iter()
        .position(|&a| a as char == c)
        .map(|p| p as u32)
}

/// Check character: a weighted sum mod 31, written with the alphabet's first 31 characters.
/// Random characters also come from those 31, so two values differ by 1..=30: with 31 prime
/// and weights 1..=9, any single wrong character and any swap of two neighbours changes it.
fn check_value(values: &[u32]) -> u32 {
    values
        .iter()
        .enumerate()
        .map(|(i, v)| (i as u32 + 1) * v)
        .sum::<u32>()
        % 31
}

impl OneTimeCode {
    /// A new random code.
    pub fn generate() -> Self {
        let mut rng = rand::thread_rng();
        let values: Vec<u32> = (0..RANDOM_CHARS).map(|_| rng.gen_range(0..31)).collect();
        Self::from_values(&values)
    }

    fn from_values(values: &[u32]) -> Self {
        let mut s: String = values
            .iter()
            .map(|&v| ALPHABET[v as usize] as char)
            .collect();
        s.push(ALPHABET[check_value(values) as usize] as char);
        Self(s)
    }

    /// Reads a typed code: spaces and dashes are ignored, case does not matter, O/I/L are
    /// read as 0/1/1. A wrong length or a foreign character is `format`, a wrong check
    /// character `check`.
    pub fn parse_as(raw: &str, format: CoreError, check: CoreError) -> Result<Self, CoreError> {
        let chars: Vec<char> = raw
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .collect();
        if chars.len() != CODE_LEN {
            return Err(format);
        }
        let Some(values) = chars
            .iter()
            .map(|&c| value_of(c))
            .collect::<Option<Vec<u32>>>()
        else {
            return Err(format);
        };
        let (body, check_char) = values.split_at(RANDOM_CHARS);
        // The last letter (Z) is never a random character: typed there, it is a typo.
        if body.contains(&31) || check_char[0] != check_value(body) {
            return Err(check);
        }
        Ok(Self::from_values(body))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `K7M2Q-9XAB3`: two groups of five, for the slip and for reading aloud.
    pub fn grouped(&self) -> String {
        format!("{}-{}", &self.0[..5], &self.0[5..])
    }
}

/// A one-time resume code.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ResumeCode(OneTimeCode);

impl ResumeCode {
    /// A new random code.
    pub fn generate() -> Self {
        Self(OneTimeCode::generate())
    }

    /// Reads a typed code (see [`OneTimeCode::parse_as`]).
    pub fn parse(raw: &str) -> Result<Self, CoreError> {
        OneTimeCode::parse_as(raw, CoreError::ResumeCodeFormat, CoreError::ResumeCodeCheck)
            .map(Self)
    }

    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }

    /// `K7M2Q-9XAB3`: two groups of five, for the slip and for reading aloud.
    pub fn grouped(&self) -> String {
        self.0.grouped()
    }
}

impl std::fmt::Display for ResumeCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Until when a draft saved at `saved_at` can be resumed.
pub fn expires_at(saved_at: DateTime<Utc>) -> DateTime<Utc> {
    saved_at + Duration::days(VALID_DAYS)
}

/// Where the person was when they saved: they come back to the same screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "step", rename_all = "snake_case")]
#[ts(export)]
pub enum DraftPosition {
    Question { question_id: String },
    Materials,
    Check,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_code_reads_back_and_groups_in_fives() {
        for _ in 0..200 {
            let code = ResumeCode::generate();
            assert_eq!(code.as_str().len(), CODE_LEN);
            assert_eq!(ResumeCode::parse(code.as_str()), Ok(code.clone()));
            let grouped = code.grouped();
            assert_eq!(grouped.len(), CODE_LEN + 1);
            assert_eq!(ResumeCode::parse(&grouped), Ok(code.clone()));
            assert_eq!(
                ResumeCode::parse(&grouped.to_lowercase()),
                Ok(code),
                "case does not matter"
            );
        }
    }

    #[test]
    fn look_alikes_are_read_as_what_they_look_like() {
        let code = ResumeCode(OneTimeCode::from_values(&[0, 1, 1, 2, 3, 4, 5, 6, 7]));
        assert!(code.as_str().starts_with("011"));
        assert_eq!(
            ResumeCode::parse(&format!("OIL{}", &code.as_str()[3..])),
            Ok(code)
        );
    }

    #[test]
    fn every_single_mistyped_character_and_neighbour_swap_is_caught() {
        let code = ResumeCode(OneTimeCode::from_values(&[3, 14, 15, 9, 26, 5, 30, 8, 27]));
        let chars: Vec<char> = code.as_str().chars().collect();
        for i in 0..CODE_LEN {
            for &a in ALPHABET {
                let a = a as char;
                if a == chars[i] {
                    continue;
                }
                let mut typed = chars.clone();
                typed[i] = a;
                let typed: String = typed.into_iter().collect();
                assert_eq!(
                    ResumeCode::parse(&typed),
                    Err(CoreError::ResumeCodeCheck),
                    "{typed} passed"
                );
            }
        }
        for i in 0..CODE_LEN - 1 {
            if chars[i] == chars[i + 1] {
                continue;
            }
            let mut typed = chars.clone();
            typed.swap(i, i + 1);
            let typed: String = typed.into_iter().collect();
            assert!(ResumeCode::parse(&typed).is_err(), "{typed} passed");
        }
    }

    #[test]
    fn wrong_lengths_and_foreign_characters_are_a_format_error() {
        for raw in [
            "",
            "ABCDE",
            "ABCDE-FGHJKM",
            "ABCDE-FGH*K",
            "临时身份证明ABCD",
        ] {
            assert_eq!(
                ResumeCode::parse(raw),
                Err(CoreError::ResumeCodeFormat),
                "{raw}"
            );
        }
    }

    #[test]
    fn a_draft_is_kept_for_seven_days() {
        let saved = DateTime::parse_from_rfc3339("2026-11-27T10:00:00+08:00")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(expires_at(saved).to_rfc3339(), "2026-12-04T02:00:00+00:00");
    }
}
