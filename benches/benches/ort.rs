//! The default model under tract (its NNEF graph, with the fused `edgeguard_pool` and the int8
//! `edgeguard_dense`) and under ONNX Runtime (the same weights in standard ONNX operators, float
//! dense layers, written by the model pipeline as `models/.cache/work/reference.onnx`), side by
//! side, on the same token ids (inference only; ONNX Runtime single-threaded, like tract).
//!
//! Run with `ORT_DYLIB_PATH=<path to libonnxruntime.so> cargo bench -p edgeguard-benches
//! --features ort --bench ort`; the onnxruntime Python wheel ships such a library.
//! `EDGEGUARD_ONNX` names another ONNX file.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use edgeguard_benches::text_of_tokens;
use edgeguard_engine::{Guard, Kind};
use ort::session::Session;
use ort::session::builder::GraphOptimizationLevel;
use ort::value::Tensor;

/// The pipeline's ONNX rendering of the default model (`python -m edgeguard_models.build`).
fn reference_onnx() -> Vec<u8> {
    let path = std::env::var_os("EDGEGUARD_ONNX").map_or_else(
        || {
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../models/.cache/work/reference.onnx")
        },
        std::path::PathBuf::from,
    );
    std::fs::read(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (written by python -m edgeguard_models.build)",
            path.display()
        )
    })
}

fn tract_vs_ort(c: &mut Criterion) {
    let guard = Guard::default_model().unwrap();
    // ORT_DYLIB_PATH names the library (read by `ort::init`'s dynamic loader).
    let environment = ort::init().build().unwrap();
    let mut session = Session::builder(&environment)
        .unwrap()
        .with_optimization_level(GraphOptimizationLevel::Level3)
        .unwrap()
        .with_intra_threads(1)
        .unwrap()
        .commit_from_memory(&reference_onnx())
        .unwrap();
    let mut group = c.benchmark_group("infer_engine");
    for tokens in [64, 1024] {
        let text = text_of_tokens(&guard, tokens);
        let windows = guard.encode(&text, Kind::Prompt).unwrap();
        let (rows, cols) = windows.shape();
        let ids = windows.ids().to_vec();
        group.bench_with_input(BenchmarkId::new("tract", tokens), &windows, |b, w| {
            b.iter(|| guard.infer(black_box(w)).unwrap())
        });
        group.bench_with_input(BenchmarkId::new("onnxruntime", tokens), &ids, |b, ids| {
            b.iter(|| {
                let input = Tensor::from_array(([rows, cols], ids.clone())).unwrap();
                let out = session.run(ort::inputs!["input_ids" => input]).unwrap();
                let (_, scores) = out["scores"].try_extract_tensor::<f32>().unwrap();
                black_box(scores.iter().copied().fold(0.0f32, f32::max))
            })
        });
    }
    group.finish();
}

criterion_group!(benches, tract_vs_ort);
criterion_main!(benches);
