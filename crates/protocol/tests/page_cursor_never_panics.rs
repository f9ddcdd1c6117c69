//! Property tests: whatever a client sends as `after` or `limit`, reading it is a key or a
//! refusal, never a panic; every cursor the server makes reads back to the key it was made of,
//! and only in its own list.

use borderdesk_protocol::page::{cursor, parse_cursor, MAX_CURSOR_LEN};
use borderdesk_protocol::{KeyPart, PageError, PageQuery};
use chrono::DateTime;
use proptest::prelude::*;
use uuid::Uuid;

fn key_part() -> impl Strategy<Value = KeyPart> {
    prop_oneof![
        // Every instant chrono can hold, to the microsecond (what PostgreSQL keeps).
        (DateTime::<chrono::Utc>::MIN_UTC.timestamp_micros()
            ..=DateTime::<chrono::Utc>::MAX_UTC.timestamp_micros())
            .prop_map(|m| KeyPart::Time(DateTime::from_timestamp_micros(m).unwrap())),
        any::<i64>().prop_map(KeyPart::Int),
        any::<u128>().prop_map(|n| KeyPart::Id(Uuid::from_u128(n))),
        any::<bool>().prop_map(KeyPart::Flag),
        Just(KeyPart::Null),
    ]
}

fn scope() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("desk-queue".to_string()),
        Just("calls".to_string()),
        Just("audit".to_string()),
        "[a-z-]{1,16}",
    ]
}

/// A valid cursor with one character replaced, inserted or cut: the inputs that get furthest.
fn mangled() -> impl Strategy<Value = String> {
    (
        scope(),
        proptest::collection::vec(key_part(), 1..6),
        any::<usize>(),
        any::<char>(),
        0u8..3,
    )
        .prop_map(|(scope, key, at, c, how)| {
            let mut s: Vec<char> = cursor(&scope, &key).chars().collect();
            let at = at % s.len();
            match how {
                0 => s[at] = c,
                1 => s.insert(at, c),
                _ => s.truncate(at),
            }
            s.into_iter().collect()
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn any_text_reads_as_a_cursor_or_is_refused(
        scope in scope(),
        text in prop_oneof![any::<String>(), "[A-Za-z0-9_=-]{0,80}", mangled(), "\\PC*\\x00\\PC*"],
    ) {
        match parse_cursor(&scope, &text) {
            // Only what this server would write reads at all, and it writes it again the same.
            Ok(key) => prop_assert_eq!(cursor(&scope, &key), text.clone()),
            Err(e) => prop_assert_eq!(e, PageError::Cursor),
        }
        let query = PageQuery { limit: None, after: Some(text.clone()) };
        let _ = query.after(&scope);
    }

    #[test]
    fn every_cursor_made_reads_back_in_its_own_list_only(
        scope in scope(),
        other in scope(),
        key in proptest::collection::vec(key_part(), 1..6),
    ) {
        let made = cursor(&scope, &key);
        prop_assert!(made.len() <= MAX_CURSOR_LEN);
        prop_assert!(made.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'),
            "safe in a URL as it is");
        prop_assert_eq!(parse_cursor(&scope, &made), Ok(key.clone()));
        if other != scope {
            prop_assert_eq!(parse_cursor(&other, &made), Err(PageError::Cursor));
        }
    }

    #[test]
    fn any_limit_is_a_number_of_rows_within_the_most_or_refused(
        text in prop_oneof![any::<String>(), "-?[0-9]{0,30}", Just("0".to_string())],
        default in 1u32..500,
        max in 0u32..500,
    ) {
        let query = PageQuery { limit: Some(text.clone()), after: None };
        match query.limit(default, max) {
            Ok(n) => {
                prop_assert!(n >= 1 && n <= max.max(1));
                prop_assert!(text.trim().bytes().all(|b| b.is_ascii_digit()));
            }
            Err(e) => prop_assert_eq!(e, PageError::Limit),
        }
    }
}
