//! A durable local submit: validate, write the application and its outbox entry in one
//! `BEGIN IMMEDIATE` transaction with synchronous=FULL (an fsync per receipt), on a real file.
//! Criterion reports the mean; this also prints the median and p99 of single submits.

mod common;

use std::time::Instant;

use borderdesk_local::Store;
use criterion::{criterion_group, criterion_main, Criterion};

fn bench_submit(c: &mut Criterion) {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let dir = tempfile::tempdir().expect("tempdir");
    let store = rt
        .block_on(Store::open(&dir.path().join("bench.sqlite")))
        .expect("store");
    let draft = common::draft(&store);

    let mut samples: Vec<f64> = (0..500)
        .map(|_| {
            let t = Instant::now();
            rt.block_on(store.submit_application(&draft, common::today()))
                .expect("submit");
            t.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    let median = common::median(&mut samples);
    let p99 = common::percentile(&mut samples, 0.99);
    println!("durable submit (record + outbox, synchronous=FULL): median {median:.3} ms, p99 {p99:.3} ms over 500");

    c.bench_function("durable_submit", |b| {
        b.to_async(&rt)
            .iter(|| store.submit_application(&draft, common::today()))
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(50);
    targets = bench_submit
}
criterion_main!(benches);
