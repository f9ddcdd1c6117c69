//! The on-screen keyboard's pinyin input method (core::ime) as a kiosk runs it: every
//! keystroke of four inputs (full pinyin, initials, a place name, a greeting), each asking for
//! a page of 100 candidates, plus building the index once. Target: under 5 ms a keystroke.

use borderdesk_core::ime::Ime;
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};

const TYPED: [&str; 4] = [
    "linshishenfenzhengming",
    "lssfzm",
    "zhejiangshengcangnanxian",
    "nihaoma",
];

fn keystrokes(c: &mut Criterion) {
    let mut group = c.benchmark_group("ime");
    group.bench_function("build index with one extra word", |b| {
        b.iter(|| Ime::with_vocabulary(["临时身份证明"]))
    });
    let ime = Ime::builtin();
    for typed in TYPED {
        // Every prefix, as the letters arrive one by one.
        group.bench_with_input(
            BenchmarkId::new("every keystroke of", typed),
            typed,
            |b, t| {
                b.iter(|| {
                    for end in 1..=t.len() {
                        criterion::black_box(ime.candidates(&t[..end], 100));
                    }
                })
            },
        );
    }
    group.finish();
}

criterion_group!(benches, keystrokes);
criterion_main!(benches);
