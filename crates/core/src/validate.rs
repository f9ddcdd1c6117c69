//! Offline validators for what people type at a kiosk (DOMAIN.md, "Validators").

use chrono::{Datelike, NaiveDate};

use crate::CoreError;

pub use crate::time::today_in_china;

const ID_WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/// First two digits of a GB/T 2260 region code (provinces; 71 Taiwan, 81 Hong Kong, 82 Macao,
/// 83 residence permits of Taiwan residents).
const PROVINCE_CODES: [u8; 35] = [
    11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52,
    53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83,
];

/// A resident ID number that passed every check (GB 11643-1999), normalised to upper case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdNumber {
    pub value: String,
    pub birth_date: NaiveDate,
    pub male: bool,
}

impl IdNumber {
    /// The last four characters: what a person types to prove an application is theirs.
    pub fn last_four(&self) -> &str {
        &self.value[14..]
    }
}

/// Checks an 18-character resident ID number against `today` (birth dates in the future fail).
pub fn id_number(input: &str, today: NaiveDate) -> Result<IdNumber, CoreError> {
    let value: String = input.trim().to_ascii_uppercase();
    let bytes = value.as_bytes();
    if bytes.len() != 18
        || !bytes[..17].iter().all(u8::is_ascii_digit)
        || !(bytes[17].is_ascii_digit() || bytes[17] == b'X')
    {
        return Err(CoreError::IdNumberFormat);
    }
    let province = (bytes[0] - b'0') * 10 + (bytes[1] - b'0');
    if !PROVINCE_CODES.contains(&province) {
        return Err(CoreError::IdNumberRegion);
    }
    let birth_date = NaiveDate::parse_from_str(&value[6..14], "%Y%m%d")
        .ok()
        .filter(|d| *d <= today && d.year() >= 1900)
        .ok_or(CoreError::IdNumberBirthDate)?;
    let sum: u32 = bytes[..17]
        .iter()
        .zip(ID_WEIGHTS)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    let check = (12 - sum % 11) % 11;
    let expected = if check == 10 {
        b'X'
    } else {
        b'0' + check as u8
    };
    if bytes[17] != expected {
        return Err(CoreError::IdNumberCheckChar);
    }
    let male = (bytes[16] - b'0') % 2 == 1;
    Ok(IdNumber {
        value,
        birth_date,
        male,
    })
}

/// A family member's mobile number for status SMS and reminders, given beside the citizen's
/// own `own` (already normalised): none when left empty; else a real mobile number, not the
/// citizen's own, and only with the citizen's word that the family member agreed.
pub fn family_phone(own: &str, family: &str, consent: bool) -> Result<Option<String>, CoreError> {
    if family.trim().is_empty() {
        return Ok(None);
    }
    let family = mobile_phone(family)?;
    if family == own {
        return Err(CoreError::FamilyPhoneSameAsOwn);
    }
    if !consent {
        return Err(CoreError::FamilyConsentNeeded);
    }
    Ok(Some(family))
}

/// A mainland mobile number, normalised to its 11 digits.
pub fn mobile_phone(input: &str) -> Result<String, CoreError> {
    let compact: String = input
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect();
    let digits = compact
        .strip_prefix("+86")
        .or_else(|| compact.strip_prefix("0086"))
        .unwrap_or(&compact);
    let b = digits.as_bytes();
    let ok = b.len() == 11
        && b[0] == b'1'
        && (b'3'..=b'9').contains(&b[1])
        && b.iter().all(u8::is_ascii_digit);
    if ok {
        Ok(digits.to_string())
    } else {
        Err(CoreError::PhoneFormat)
    }
}

const CREDIT_CHARSET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const CREDIT_WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

/// A unified social credit code (GB 32100-2015), normalised to upper case.
pub fn credit_code(input: &str) -> Result<String, CoreError> {
    let value = input.trim().to_ascii_uppercase();
    let values: Option<Vec<u32>> = value
        .chars()
        .map(|c| CREDIT_CHARSET.find(c).map(|i| i as u32))
        .collect();
    let values = values
        .filter(|v| v.len() == 18)
        .ok_or(CoreError::CreditCodeFormat)?;
    let sum: u32 = values[..17]
        .iter()
        .zip(CREDIT_WEIGHTS)
        .map(|(v, w)| v * w)
        .sum();
    if (31 - sum % 31) % 31 != values[17] {
        return Err(CoreError::CreditCodeCheckChar);
    }
    Ok(value)
}

/// A calendar date written YYYY-MM-DD.
pub fn date(input: &str) -> Result<NaiveDate, CoreError> {
    NaiveDate::parse_from_str(input.trim(), "%Y-%m-%d").map_err(|_| CoreError::DateFormat)
}

/// Whether a character may stand in text a person typed: no NUL or other control
/// characters (a pasted or forged NUL cannot be stored by PostgreSQL and would wedge a sync),
/// and no line or paragraph separators in a one-line answer. Multi-line text keeps `\n` and
/// `\t` (and `\r` of a Windows line end).
fn plain_char(c: char, multiline: bool) -> bool {
    match c {
        '\n' | '\t' | '\r' => multiline,
        '\u{2028}' | '\u{2029}' => multiline,
        // Byte-order marks and the "specials" that only stand for broken text.
        '\u{feff}' | '\u{fff9}'..='\u{fffb}' | '\u{fffe}' | '\u{ffff}' => false,
        c => !c.is_control(),
    }
}

/// Text a person typed (a name, an address, a case's facts): refused when it holds a NUL
/// or another control character. `multiline` allows line ends and tabs.
pub fn plain_text(input: &str, multiline: bool) -> Result<(), CoreError> {
    if input.chars().all(|c| plain_char(c, multiline)) {
        Ok(())
    } else {
        Err(CoreError::TextControlCharacter)
    }
}

/// The name of the field that holds the first string `plain_text` refuses (multi-line
/// allowed), anywhere in a JSON document: one check for every form and mutation at the edge.
/// A string outside any object (or an object's key) is named `""`.
pub fn control_text_in(value: &serde_json::Value) -> Option<String> {
    fn walk(v: &serde_json::Value, field: &str) -> Option<String> {
        match v {
            serde_json::Value::String(s) => plain_text(s, true).is_err().then(|| field.to_string()),
            serde_json::Value::Array(items) => items.iter().find_map(|i| walk(i, field)),
            serde_json::Value::Object(map) => map.iter().find_map(|(k, v)| {
                if plain_text(k, false).is_err() {
                    Some(String::new())
                } else {
                    walk(v, k)
                }
            }),
            _ => None,
        }
    }
    walk(value, "")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_family_phone_is_optional_real_another_number_and_agreed_to() {
        let own = "13800138000";
        assert_eq!(family_phone(own, "  ", false), Ok(None));
        assert_eq!(
            family_phone(own, "+86 139-0013-9000", true),
            Ok(Some("13900139000".to_string()))
        );
        assert_eq!(family_phone(own, "139", true), Err(CoreError::PhoneFormat));
        assert_eq!(
            family_phone(own, "138 0013 8000", true),
            Err(CoreError::FamilyPhoneSameAsOwn)
        );
        assert_eq!(
            family_phone(own, "13900139000", false),
            Err(CoreError::FamilyConsentNeeded)
        );
    }

    #[test]
    fn text_with_a_nul_or_control_character_is_refused() {
        for bad in ["张\0三", "a\u{7}b", "\u{1b}[2J", "x\u{feff}", "\u{85}next"] {
            assert_eq!(
                plain_text(bad, true),
                Err(CoreError::TextControlCharacter),
                "{bad:?}"
            );
        }
        assert_eq!(
            plain_text("一行\n两行", false),
            Err(CoreError::TextControlCharacter)
        );
        assert_eq!(plain_text("一行\r\n两行\t缩进", true), Ok(()));
        assert_eq!(plain_text("张三 Zhang·San（泰顺）😀", false), Ok(()));
        assert_eq!(plain_text("", false), Ok(()));
    }

    #[test]
    fn the_field_holding_a_control_character_is_named_at_any_depth() {
        let form = serde_json::json!({
            "applicant": {"name": "张三", "address": "罗阳镇"},
            "parties": [{"name": "李\u{0}四"}],
            "facts": "第一行\n第二行",
        });
        assert_eq!(control_text_in(&form).as_deref(), Some("name"));
        let clean = serde_json::json!({"facts": "第一行\r\n第二行\t", "n": 3, "ok": null});
        assert_eq!(control_text_in(&clean), None);
        assert_eq!(
            control_text_in(&serde_json::json!({"a\u{1}": 1})).as_deref(),
            Some("")
        );
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()
    }

    #[test]
    fn the_standard_example_id_number_is_valid() {
        let id = id_number("11010519491231002x", today()).unwrap();
        assert_eq!(id.value, "11010519491231002X");
        assert_eq!(
            id.birth_date,
            NaiveDate::from_ymd_opt(1949, 12, 31).unwrap()
        );
        assert!(!id.male);
        assert_eq!(id.last_four(), "002X");
    }

    #[test]
    fn a_zhejiang_id_number_with_a_digit_check_is_valid() {
        // 330329 = Taishun county; check char 3.
        let id = id_number("330329195803120013", today());
        assert!(id.is_ok(), "{id:?}");
    }

    #[test]
    fn every_single_digit_typo_in_an_id_number_is_caught() {
        let good = "11010519491231002X";
        for pos in 0..17 {
            for d in b'0'..=b'9' {
                let mut b = good.as_bytes().to_vec();
                if b[pos] == d {
                    continue;
                }
                b[pos] = d;
                let typo = String::from_utf8(b).unwrap();
                assert!(id_number(&typo, today()).is_err(), "{typo} passed");
            }
        }
    }

    #[test]
    fn id_number_errors_say_what_is_wrong() {
        assert_eq!(
            id_number("1101051949123100", today()),
            Err(CoreError::IdNumberFormat)
        );
        assert_eq!(
            id_number("11010519491231002Y", today()),
            Err(CoreError::IdNumberFormat)
        );
        assert_eq!(
            id_number("99010519491231002X", today()),
            Err(CoreError::IdNumberRegion)
        );
        // 1949-02-30 does not exist.
        assert_eq!(
            id_number("110105194902300021", today()),
            Err(CoreError::IdNumberBirthDate)
        );
        // Born tomorrow.
        assert_eq!(
            id_number("110105202611280011", today()),
            Err(CoreError::IdNumberBirthDate)
        );
        assert_eq!(
            id_number("110105194912310021", today()),
            Err(CoreError::IdNumberCheckChar)
        );
    }

    #[test]
    fn mobile_numbers_accept_country_prefixes_and_spaces() {
        assert_eq!(mobile_phone("138 0013 8000").unwrap(), "13800138000");
        assert_eq!(mobile_phone("+8613800138000").unwrap(), "13800138000");
        assert_eq!(mobile_phone("008619912345678").unwrap(), "19912345678");
        assert_eq!(mobile_phone("12800138000"), Err(CoreError::PhoneFormat));
        assert_eq!(mobile_phone("1380013800"), Err(CoreError::PhoneFormat));
        assert_eq!(mobile_phone("0577-6758 1234"), Err(CoreError::PhoneFormat));
    }

    #[test]
    fn credit_codes_check_their_last_character() {
        assert_eq!(
            credit_code("9144030071526726xg").unwrap(),
            "9144030071526726XG"
        );
        assert_eq!(
            credit_code("9144030071526726XH"),
            Err(CoreError::CreditCodeCheckChar)
        );
        assert_eq!(
            credit_code("9144030071526726XI"),
            Err(CoreError::CreditCodeFormat)
        );
        assert_eq!(
            credit_code("914403007152672"),
            Err(CoreError::CreditCodeFormat)
        );
    }

    #[test]
    fn dates_must_be_real() {
        assert!(date("2024-02-29").is_ok());
        assert_eq!(date("2023-02-29"), Err(CoreError::DateFormat));
        assert_eq!(date("29/02/2024"), Err(CoreError::DateFormat));
    }
}
