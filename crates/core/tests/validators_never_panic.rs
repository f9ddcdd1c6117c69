//! Property tests: the validators take any text a kiosk, a forged request or a pasted file
//! can hold, and answer yes or no without panicking; what they accept is what they promise.

use borderdesk_core::validate;
use chrono::NaiveDate;
use proptest::prelude::*;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 2).unwrap()
}

/// Any text, with more of the characters that break things: digits, X, NUL and other
/// controls, separators, combining marks, CJK.
fn hostile_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[0-9Xx \\x00-\\x1f\\u{2028}\\u{feff}\\u{0301}张三-]{0,24}",
        "[0-9]{17}[0-9Xx]",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn every_validator_answers_any_text(input in hostile_text()) {
        let _ = validate::mobile_phone(&input);
        let _ = validate::credit_code(&input);
        let _ = validate::date(&input);
        let _ = validate::plain_text(&input, true);
        let _ = validate::control_text_in(&serde_json::json!({"a": [input.clone()], input.clone(): 1}));
        if let Ok(id) = validate::id_number(&input, today()) {
            // What it accepts is normalised, checks again the same way, and keeps its last four.
            prop_assert_eq!(id.value.len(), 18);
            prop_assert_eq!(validate::id_number(&id.value, today()), Ok(id.clone()));
            prop_assert_eq!(id.last_four().len(), 4);
        }
    }

    #[test]
    fn plain_text_refuses_exactly_the_control_characters(input in hostile_text(), multiline in any::<bool>()) {
        let allowed = |c: char| match c {
            '\n' | '\t' | '\r' | '\u{2028}' | '\u{2029}' => multiline,
            '\u{feff}' | '\u{fff9}'..='\u{fffb}' | '\u{fffe}' | '\u{ffff}' => false,
            c => !c.is_control(),
        };
        prop_assert_eq!(validate::plain_text(&input, multiline).is_ok(), input.chars().all(allowed));
        if validate::plain_text(&input, multiline).is_ok() {
            prop_assert!(!input.contains('\0'));
        }
    }

    #[test]
    fn an_accepted_phone_is_eleven_digits(input in "[+0-9 -]{0,20}") {
        if let Ok(phone) = validate::mobile_phone(&input) {
            prop_assert_eq!(phone.len(), 11);
            prop_assert!(phone.bytes().all(|b| b.is_ascii_digit()));
        }
    }
}
