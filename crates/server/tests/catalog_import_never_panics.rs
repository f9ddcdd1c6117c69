//! Property tests: a catalog file an administrator uploads (or a broken export) is imported
//! or refused row by row, never a panic, whatever its bytes.

use proptest::prelude::*;

const HEADER: &str = "code,name_zh_cn,category,handling_side,handling_office_zh_cn,mode,time_limit_working_days,materials,keywords,questions,fee_fen,sample";

/// Rows with the right columns and hostile cells: quotes, separators, NUL, huge numbers,
/// broken JSON in `questions`, material markers.
fn sheet() -> impl Strategy<Value = String> {
    let cell = prop_oneof![
        "[a-zA-Z0-9_ ,;；\"\\*\\[\\]{}:\\x00\\n-]{0,16}",
        Just("99999999999999999999".to_string()),
        Just("[{\"id\":1}]".to_string()),
        Just("*居民身份证 [电子证照]; 户口簿[e]".to_string()),
        Just("household".to_string()),
        Just("zhejiang".to_string()),
        Just("fully_online".to_string()),
    ];
    proptest::collection::vec(proptest::collection::vec(cell, 0..14), 0..6).prop_map(|rows| {
        let mut text = String::from(HEADER);
        for row in rows {
            text.push('\n');
            let cells: Vec<String> = row
                .into_iter()
                .map(|c| format!("\"{}\"", c.replace('"', "\"\"")))
                .collect();
            text.push_str(&cells.join(","));
        }
        text
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1500))]

    #[test]
    fn any_sheet_is_imported_or_refused_row_by_row(text in prop_oneof![sheet(), any::<String>()]) {
        match borderdesk_server::catalog::parse_catalog_csv(&text) {
            Ok(items) => prop_assert!(items.iter().all(|i| !i.code.trim().is_empty())),
            Err(rows) => prop_assert!(!rows.is_empty()),
        }
        let _ = borderdesk_server::parse_catalog(&text);
    }

    #[test]
    fn any_bytes_named_as_a_file_are_read_or_refused(bytes in proptest::collection::vec(any::<u8>(), 0..512), csv in any::<bool>()) {
        let name = if csv { "catalog.csv" } else { "catalog.json" };
        let _ = borderdesk_server::parse_catalog_file(std::path::Path::new(name), &bytes);
    }
}
