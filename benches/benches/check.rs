//! Screening cost: end to end by input length, batch throughput, model load, and each stage
//! (normalize, tokenize and window, infer, policy) on its own.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use edgeguard_benches::{prompts, text_of_tokens};
use edgeguard_core::normalize::normalize;
use edgeguard_engine::{Guard, Kind};

const LENGTHS: [usize; 5] = [16, 64, 256, 1024, 8192];

fn end_to_end(c: &mut Criterion) {
    let guard = Guard::default_model().unwrap();
    let mut group = c.benchmark_group("check");
    for tokens in LENGTHS {
        let text = text_of_tokens(&guard, tokens);
        group.throughput(Throughput::Elements(tokens as u64));
        group.bench_with_input(BenchmarkId::from_parameter(tokens), &text, |b, t| {
            b.iter(|| guard.check(black_box(t)).unwrap())
        });
    }
    group.finish();
}

fn batch(c: &mut Criterion) {
    let guard = Guard::default_model().unwrap();
    let mut group = c.benchmark_group("check_batch");
    for tokens in [16, 64] {
        let texts = prompts(1024, tokens);
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        group.throughput(Throughput::Elements(refs.len() as u64));
        group.sample_size(20);
        group.bench_with_input(BenchmarkId::new("prompts_1024", tokens), &refs, |b, r| {
            b.iter(|| guard.check_batch(black_box(r)))
        });
    }
    group.finish();
}

fn load(c: &mut Criterion) {
    let mut group = c.benchmark_group("load");
    group.sample_size(20);
    group.bench_function("embedded_default_model", |b| {
        b.iter(|| Guard::default_model().unwrap())
    });
    group.finish();
}

fn stages(c: &mut Criterion) {
    let guard = Guard::default_model().unwrap();
    let mut group = c.benchmark_group("stage");
    for tokens in [64, 1024] {
        let text = text_of_tokens(&guard, tokens);
        let normalized = normalize(&text);
        let windows = guard.encode(&normalized, Kind::Prompt).unwrap();
        let scores = guard.infer(&windows).unwrap();
        group.bench_with_input(BenchmarkId::new("normalize", tokens), &text, |b, t| {
            b.iter(|| normalize(black_box(t)))
        });
        group.bench_with_input(BenchmarkId::new("tokenize", tokens), &normalized, |b, t| {
            b.iter(|| guard.encode(black_box(t), Kind::Prompt).unwrap())
        });
        group.bench_with_input(BenchmarkId::new("infer", tokens), &windows, |b, w| {
            b.iter(|| guard.infer(black_box(w)).unwrap())
        });
        group.bench_with_input(BenchmarkId::new("policy", tokens), &scores, |b, s| {
            b.iter(|| guard.policy().evaluate(black_box(s), &normalized))
        });
    }
    group.finish();
}

criterion_group!(benches, end_to_end, batch, load, stages);
criterion_main!(benches);
