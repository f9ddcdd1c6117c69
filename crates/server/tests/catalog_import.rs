//! Catalog import from CSV and JSON: what devices receive, refusals that change nothing, and
//! catalog versions.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

use borderdesk_core::CatalogItem;
use borderdesk_protocol::Change;
use common::*;
use sha2::{Digest, Sha256};

const SAMPLE_CSV: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/data/sample-catalog.csv");
const SAMPLE_JSON: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../local/data/sample-catalog.json"
);

fn import_with_cli(h: &Harness, file: &Path) -> Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_borderdesk-server"))
        .arg("import-catalog")
        .arg(file)
        .env("BORDERDESK_DATABASE_URL", &h.database_url)
        .output()
        .unwrap()
}

fn temp_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("borderdesk-csv-{}", uuid::Uuid::now_v7()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The first `n` catalog items on a fresh device's feed, in feed order. The feed serves only
/// transactions older than every running one, cluster-wide, so another test's open
/// transaction can hold it back for a moment: pull again until they are all there.
async fn catalog_on_the_feed(h: &Harness, n: usize) -> Vec<CatalogItem> {
    let dev = h.enroll("site-a").await;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    let mut cursor: Option<String> = None;
    let mut items = Vec::new();
    loop {
        let page = h.pull(&dev, cursor.as_deref(), Some(100)).await;
        for c in page.changes {
            if let Change::CatalogItem { item } = c {
                items.push(*item);
            }
        }
        cursor = Some(page.cursor);
        if items.len() >= n {
            return items;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "only {} of {n} items on the feed",
            items.len()
        );
        if !page.has_more {
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
    }
}

/// The last line the command printed (its log lines come first).
fn last_line(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .last()
        .unwrap_or("")
        .to_string()
}

/// (code, body) of every stored item, plus how many changes and versions there are.
async fn database_state(h: &Harness) -> (Vec<(String, serde_json::Value)>, i64, i64) {
    let items = sqlx::query_as("SELECT code, body FROM catalog_items ORDER BY code")
        .fetch_all(h.server.pool())
        .await
        .unwrap();
    let (changes, versions): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT count(*) FROM changes), (SELECT count(*) FROM catalog_versions)",
    )
    .fetch_one(h.server.pool())
    .await
    .unwrap();
    (items, changes, versions)
}

#[tokio::test]
async fn a_csv_catalog_reaches_devices_as_the_sheet_says() {
    let h = harness().await;
    let bytes = std::fs::read(SAMPLE_CSV).unwrap();
    let items = borderdesk_server::parse_catalog_file(Path::new(SAMPLE_CSV), &bytes).unwrap();
    let summary = borderdesk_server::import_catalog_file(h.server.pool(), &items, &bytes)
        .await
        .unwrap();
    assert_eq!((summary.rows, summary.changed), (4, 4));

    let pulled = catalog_on_the_feed(&h, items.len()).await;
    assert_eq!(pulled, items);
    // The first row, written out the JSON way: markers became flags, the empty questions
    // cell became the standard applicant questions.
    let expected: CatalogItem = serde_json::from_value(serde_json::json!({
        "code": "ZM-HJ-002",
        "name": {"zh-CN": "临时居民身份证", "zh-TW": "臨時居民身份證", "en": "Temporary resident ID card"},
        "category": "household",
        "handling_side": "zhejiang",
        "handling_office": {"zh-CN": "泰顺县公安局", "zh-TW": "泰順縣公安局", "en": "Taishun County Public Security Bureau"},
        "mode": "collected_and_forwarded",
        "time_limit_working_days": 3,
        "fee_fen": 1000,
        "materials": [
            {"name": {"zh-CN": "居民户口簿"}, "required": true, "e_licence": true},
            {"name": {"zh-CN": "近期免冠彩色照片"}, "required": true, "e_licence": false}
        ],
        "questions": [
            {"id": "applicant_name", "kind": "name"},
            {"id": "applicant_id_number", "kind": "id_number"},
            {"id": "phone", "kind": "phone"}
        ],
        "keywords": ["linshijuminshenfenzheng", "lsjmsfz", "临时身份证"],
        "life_events": ["lost_documents"],
        "sample": true
    }))
    .unwrap();
    assert_eq!(pulled[0], expected);
    let licence = pulled.iter().find(|i| i.code == "ZM-JT-001").unwrap();
    let flags: Vec<(&str, bool, bool)> = licence
        .materials
        .iter()
        .map(|m| (m.name.zh_cn.as_str(), m.required, m.e_licence))
        .collect();
    assert_eq!(
        flags,
        [
            ("居民身份证", true, true),
            ("近期免冠彩色照片", true, false),
            ("机动车驾驶人身体条件证明", false, false),
        ]
    );
    let card = pulled.iter().find(|i| i.code == "ZM-SB-003").unwrap();
    assert_eq!(card.questions[3].id, "reason", "the sheet's own questions");
}

#[tokio::test]
async fn a_csv_with_bad_rows_names_every_one_and_the_old_catalog_stays() {
    let h = harness().await;
    let out = import_with_cli(&h, Path::new(SAMPLE_CSV));
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(
        last_line(&out),
        "catalog version 1: 4 items read, 4 new or changed"
    );
    let before = database_state(&h).await;
    assert_eq!((before.0.len(), before.1, before.2), (4, 4, 1));

    // The same sheet with a changed good row and four bad ones.
    let sample = std::fs::read_to_string(SAMPLE_CSV).unwrap();
    let mut lines: Vec<String> = sample.lines().map(String::from).collect();
    lines[1] = lines[1].replace("临时居民身份证,", "临时居民身份证（新）,");
    lines[2] = lines[2].replace("social_security", "pensions");
    lines[3] = lines[3].replace(",fully_online,1,,", ",fully_online,一,,");
    lines.push(
        lines[4]
            .replace("ZM-JT-001", "ZM-HJ-002")
            .replace(",20,", ",0,"),
    );
    lines.push(",无编号事项,,,household,fujian,某办,,,fully_online,1,0,,,,,,true".into());
    let dir = temp_dir();
    let bad = dir.join("bad.csv");
    std::fs::write(&bad, lines.join("\n")).unwrap();

    let out = import_with_cli(&h, &bad);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let reported: Vec<&str> = stderr.lines().collect();
    let file = bad.display().to_string();
    let expected_starts = [
        format!("{file}: line 3, column category: unknown variant `pensions`"),
        format!("{file}: line 4, column time_limit_working_days: \"一\" is not a whole number"),
        format!("{file}: line 6, column code: code ZM-HJ-002 is already on line 2"),
        format!("{file}: line 6, column popular_rank: ranks start at 1"),
        format!("{file}: line 7, column code: is empty"),
        "5 bad row(s); nothing was imported".to_string(),
    ];
    assert_eq!(reported.len(), expected_starts.len(), "{stderr}");
    for (got, want) in reported.iter().zip(&expected_starts) {
        assert!(
            got.starts_with(want.as_str()),
            "{got:?} should start with {want:?}"
        );
    }
    assert!(!String::from_utf8_lossy(&out.stdout).contains("catalog version"));
    assert_eq!(database_state(&h).await, before, "nothing changed");
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn a_json_catalog_still_imports() {
    let h = harness().await;
    let out = import_with_cli(&h, Path::new(SAMPLE_JSON));
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(
        last_line(&out),
        "catalog version 1: 36 items read, 36 new or changed"
    );
    let expected: Vec<CatalogItem> =
        serde_json::from_str(&std::fs::read_to_string(SAMPLE_JSON).unwrap()).unwrap();
    assert_eq!(catalog_on_the_feed(&h, expected.len()).await, expected);

    // A JSON file without an extension is recognised by its first character.
    let dir = temp_dir();
    let path = dir.join("catalog");
    std::fs::copy(SAMPLE_JSON, &path).unwrap();
    let out = import_with_cli(&h, &path);
    assert_eq!(
        last_line(&out),
        "catalog version 2: 36 items read, 0 new or changed"
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn each_import_is_the_next_catalog_version() {
    let h = harness().await;
    let bytes = std::fs::read(SAMPLE_CSV).unwrap();
    let items = borderdesk_server::parse_catalog_file(Path::new(SAMPLE_CSV), &bytes).unwrap();
    let pool = h.server.pool();

    let first = borderdesk_server::import_catalog(pool, &items)
        .await
        .unwrap();
    let again = borderdesk_server::import_catalog_file(pool, &items, &bytes)
        .await
        .unwrap();
    let mut fewer = items[..2].to_vec();
    fewer[0].fee_fen = 0;
    let third = borderdesk_server::import_catalog(pool, &fewer)
        .await
        .unwrap();
    let got: Vec<(i64, usize, usize)> = [first, again, third]
        .iter()
        .map(|s| (s.version, s.rows, s.changed))
        .collect();
    assert_eq!(got, [(1, 4, 4), (2, 4, 0), (3, 2, 1)]);

    // A refused import makes no version.
    let mut twice = items.clone();
    twice.push(items[0].clone());
    assert!(borderdesk_server::import_catalog(pool, &twice)
        .await
        .is_err());

    let recorded: Vec<(i64, Option<String>, i32, i32, bool)> = sqlx::query_as(
        "SELECT version, file_sha256, rows, changed, imported_at <= now()
         FROM catalog_versions ORDER BY version",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    let sha = hex::encode(Sha256::digest(&bytes));
    assert_eq!(
        recorded,
        [
            (1, None, 4, 4, true),
            (2, Some(sha), 4, 0, true),
            (3, None, 2, 1, true),
        ]
    );

    let out = import_with_cli(&h, Path::new(SAMPLE_CSV));
    assert_eq!(
        last_line(&out),
        "catalog version 4: 4 items read, 1 new or changed"
    );
}
