//! Catalog search as the kiosk runs it: one `CatalogIndex` over a 10,000-item catalog grown
//! from the sample catalog's names (each name with a place before it and a wording after it,
//! so names and their pinyin differ), then queries by pinyin initials, full pinyin, Chinese
//! characters (Simplified and Traditional) and one-character typos. Prints the time to build
//! the index and, per query, the median and p99 of single searches; criterion then reports
//! each query. Target: pinyin-initial queries under 1 ms median.

mod common;

use std::time::Instant;

use borderdesk_core::search::CatalogIndex;
use borderdesk_core::CatalogItem;
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};

const N: usize = 10_000;
/// As many results as the services screen lists for a query.
const LIMIT: usize = 50;

/// (zh-CN, zh-TW, en) put before a name.
const PLACES: [(&str, &str, &str); 17] = [
    ("", "", ""),
    ("泰顺县", "泰順縣", "Taishun "),
    ("苍南县", "蒼南縣", "Cangnan "),
    ("文成县", "文成縣", "Wencheng "),
    ("庆元县", "慶元縣", "Qingyuan "),
    ("龙泉市", "龍泉市", "Longquan "),
    ("景宁县", "景寧縣", "Jingning "),
    ("福鼎市", "福鼎市", "Fuding "),
    ("寿宁县", "壽寧縣", "Shouning "),
    ("柘荣县", "柘榮縣", "Zherong "),
    ("松溪县", "松溪縣", "Songxi "),
    ("浦城县", "浦城縣", "Pucheng "),
    ("政和县", "政和縣", "Zhenghe "),
    ("福安市", "福安市", "Fu'an "),
    ("温州市", "溫州市", "Wenzhou "),
    ("丽水市", "麗水市", "Lishui "),
    ("宁德市", "寧德市", "Ningde "),
];

/// (zh-CN, zh-TW, en) put after a name.
const WORDINGS: [(&str, &str, &str); 17] = [
    ("", "", ""),
    ("（窗口办理）", "（窗口辦理）", " (at the window)"),
    ("（网上办理）", "（網上辦理）", " (online)"),
    ("预约", "預約", " booking"),
    ("咨询", "諮詢", " enquiry"),
    ("进度查询", "進度查詢", " progress"),
    ("补办", "補辦", " reissue"),
    ("变更", "變更", " change"),
    ("注销", "註銷", " cancellation"),
    ("续办", "續辦", " renewal"),
    ("代办", "代辦", " by proxy"),
    ("加急", "加急", " express"),
    ("上门服务", "上門服務", " at home"),
    ("材料补正", "材料補正", " missing papers"),
    ("结果领取", "結果領取", " collection"),
    ("投诉", "投訴", " complaint"),
    ("撤回", "撤回", " withdrawal"),
];

fn sample() -> Vec<CatalogItem> {
    serde_json::from_str(include_str!(
        "../../../crates/local/data/sample-catalog.json"
    ))
    .expect("sample catalog")
}

/// N items: every sample item under every place and wording, the sample's own items first.
fn big_catalog() -> Vec<CatalogItem> {
    let base = sample();
    let mut items = Vec::with_capacity(N);
    'outer: for (wi, w) in WORDINGS.iter().enumerate() {
        for (pi, p) in PLACES.iter().enumerate() {
            for b in &base {
                if items.len() == N {
                    break 'outer;
                }
                let mut it = b.clone();
                if wi + pi > 0 {
                    it.code = format!("{}-{pi:02}{wi:02}", b.code);
                    it.name.zh_cn = format!("{}{}{}", p.0, b.name.zh_cn, w.0);
                    it.name.zh_tw = b.name.zh_tw.as_ref().map(|t| format!("{}{t}{}", p.1, w.1));
                    it.name.en = b.name.en.as_ref().map(|e| format!("{}{e}{}", p.2, w.2));
                    it.popular_rank = None;
                }
                items.push(it);
            }
        }
    }
    assert_eq!(items.len(), N);
    items
}

/// (group, query, code expected first).
const QUERIES: [(&str, &str, Option<&str>); 16] = [
    ("initials", "lssfzm", Some("ZM-HJ-001")),
    ("initials", "ybgxzyjx", Some("ZM-YB-002")),
    ("initials", "shbzk", None),
    ("initials", "jdcjsz", None),
    ("initials", "ls", None),
    ("initials", "tsxlssfzm", Some("ZM-HJ-001-0100")),
    ("pinyin", "yibao", Some("ZM-YB-002")),
    ("pinyin", "linshishenfenzhengming", Some("ZM-HJ-001")),
    ("chinese", "临时身份证明", Some("ZM-HJ-001")),
    ("chinese", "医保转移", Some("ZM-YB-002")),
    ("chinese", "公积金", None),
    ("chinese", "臨時身份證明", Some("ZM-HJ-001")),
    ("typo", "临时身分证明", Some("ZM-HJ-001")),
    ("typo", "lsdfzm", Some("ZM-HJ-001")),
    ("typo", "linshishenfenzhenming", Some("ZM-HJ-001")),
    ("browse", "", None),
];

fn bench_search(c: &mut Criterion) {
    let items = big_catalog();
    let t = Instant::now();
    let index = CatalogIndex::from_vec(items);
    println!(
        "index build over {N} items: {:.1} ms",
        t.elapsed().as_secs_f64() * 1000.0
    );

    for (group, query, want) in QUERIES {
        let hits = index.search(query, None, LIMIT);
        if let Some(code) = want {
            assert_eq!(hits.first().map(|i| i.code.as_str()), Some(code), "{query}");
        }
        assert!(!hits.is_empty(), "{query} finds nothing");
        let all = index.search(query, None, usize::MAX).len();
        let mut samples: Vec<f64> = (0..1000)
            .map(|_| {
                let t = Instant::now();
                std::hint::black_box(index.search(std::hint::black_box(query), None, LIMIT));
                t.elapsed().as_secs_f64() * 1e6
            })
            .collect();
        let median = common::median(&mut samples);
        let p99 = common::percentile(&mut samples, 0.99);
        println!(
            "search {group:9} {query:24} median {median:7.1} µs, p99 {p99:7.1} µs, {all} hits"
        );
    }

    let mut g = c.benchmark_group("search");
    for (group, query, _) in QUERIES {
        g.bench_with_input(BenchmarkId::new(group, query), query, |b, q| {
            b.iter(|| index.search(q, None, LIMIT))
        });
    }
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(50)
        .warm_up_time(std::time::Duration::from_millis(500))
        .measurement_time(std::time::Duration::from_secs(2));
    targets = bench_search
}
criterion_main!(benches);
