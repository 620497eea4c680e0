//! Screening cost: end to end by input length, MB-sized inputs (prose and adversarial: the
//! bounded-memory path), batch throughput, model load, and each stage (normalize, tokenize and
//! window, infer, policy) on its own.

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use edgeguard_benches::{prompts, text_of_tokens};
use edgeguard_core::normalize::normalize;
use edgeguard_engine::{Guard, Kind, ModelBytes, load_stages};

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

/// English prose of about `bytes` bytes (varied sentences, paragraphs).
fn prose(bytes: usize) -> String {
    const SENTENCES: [&str; 5] = [
        "The committee met on Tuesday to review the budget for the coming year.",
        "Several members asked whether the library could stay open later on weekends, since \
         students often need a quiet place to work before their examinations begin.",
        "A short walk along the river brought us to the old mill, where the guide explained how \
         grain was ground before electricity reached the valley.",
        "Please return the borrowed books by Friday!",
        "Why do some birds migrate thousands of kilometres while others stay put all winter?",
    ];
    let mut out = String::with_capacity(bytes + 256);
    for i in 0.. {
        if out.len() >= bytes {
            break;
        }
        out.push_str(SENTENCES[i % SENTENCES.len()]);
        out.push(if i % 7 == 6 { '\n' } else { ' ' });
    }
    out
}

/// One Base64 run of `bytes` characters without whitespace (pseudo-random, xorshift).
fn base64_run(bytes: usize) -> String {
    const TABLE: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    (0..bytes)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            TABLE[(x >> 40) as usize & 63] as char
        })
        .collect()
}

/// MB-sized inputs, screened in bounded memory: bytes per second of prose and of adversarial
/// input (the brief's targets: 2 MB/s and 1 MB/s on one core). Few samples: each takes about a
/// second.
fn megabytes(c: &mut Criterion) {
    let guard = Guard::default_model().unwrap();
    let mut group = c.benchmark_group("check_mb");
    group.sample_size(10);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(10));
    let inputs = [
        ("prose_1mb", prose(1 << 20)),
        ("base64_1mb", base64_run(1 << 20)),
    ];
    for (name, text) in &inputs {
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(name), text, |b, t| {
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

/// The default model's files, as a model read at run time would be.
const FILES: ModelBytes<'static> = ModelBytes {
    model: include_bytes!("../../models/default/model.nnef.tar"),
    tokenizer: include_bytes!("../../models/default/tokenizer.json"),
    config: include_bytes!("../../models/default/config.json"),
};

/// Model load: the embedded model (digests checked at build time), the same files given at run
/// time (hashed at load), and each stage of a load on its own.
fn load(c: &mut Criterion) {
    let mut group = c.benchmark_group("load");
    group.sample_size(20);
    group.bench_function("embedded_default_model", |b| {
        b.iter_with_large_drop(|| Guard::default_model().unwrap())
    });
    group.bench_function("from_bytes", |b| {
        b.iter_with_large_drop(|| Guard::from_bytes(FILES).unwrap())
    });
    let config = load_stages::config(FILES.config).unwrap();
    group.bench_function("stage/config", |b| {
        b.iter_with_large_drop(|| load_stages::config(black_box(FILES.config)).unwrap())
    });
    group.bench_function("stage/verify", |b| {
        b.iter(|| load_stages::verify(&config, black_box(FILES)).unwrap())
    });
    group.bench_function("stage/tokenizer", |b| {
        b.iter_with_large_drop(|| load_stages::tokenizer(black_box(FILES.tokenizer)).unwrap())
    });
    group.bench_function("stage/read_graph", |b| {
        b.iter_with_large_drop(|| load_stages::read_graph(black_box(FILES.model)).unwrap())
    });
    group.bench_function("stage/graph", |b| {
        b.iter_with_large_drop(|| load_stages::graph(black_box(FILES.model)).unwrap())
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

criterion_group!(benches, end_to_end, megabytes, batch, load, stages);
criterion_main!(benches);
