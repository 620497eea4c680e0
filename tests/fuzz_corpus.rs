//! The fuzz targets that screen with the model (`fuzz/engine/`: the JSONL reader, streams and the
//! C API), run on every input of their committed corpus and seeds.
//!
//! `fuzz/run.sh` fuzzes the parsers in CI; these three targets need a sanitizer build of the whole
//! inference stack, which CI cannot afford, so here their own source files run in the ordinary
//! test build on what the long campaigns (`fuzz/campaign.sh`) found. A target's expectations are
//! panics inside its `run`, so a failing input fails this test with its file named.

#[path = "../fuzz/engine/src/c_api.rs"]
mod c_api;
#[path = "../fuzz/engine/src/jsonl.rs"]
mod jsonl;
#[path = "../fuzz/engine/src/stream.rs"]
mod stream;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;

use edgeguard_tests::repo;

/// Every file of `fuzz/corpus/TARGET` and `fuzz/seeds/TARGET`, sorted.
fn inputs(target: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = ["corpus", "seeds"]
        .iter()
        .filter_map(|set| std::fs::read_dir(repo().join("fuzz").join(set).join(target)).ok())
        .flatten()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.is_file())
        .collect();
    files.sort();
    files
}

/// Runs `run` on every input of `target` and names each one that panicked.
fn replay(target: &str, run: fn(&[u8])) {
    let files = inputs(target);
    assert!(!files.is_empty(), "no corpus or seeds for {target}");
    let failed: Vec<String> = files
        .iter()
        .filter(|path| {
            let data = std::fs::read(path).unwrap();
            catch_unwind(AssertUnwindSafe(|| run(&data))).is_err()
        })
        .map(|path| path.display().to_string())
        .collect();
    assert!(
        failed.is_empty(),
        "{} of {} {target} inputs failed: {failed:?}",
        failed.len(),
        files.len()
    );
}

#[test]
fn the_c_api_target_passes_on_its_corpus() {
    replay("c_api", c_api::run);
}

#[test]
fn the_jsonl_target_passes_on_its_corpus() {
    replay("jsonl", jsonl::run);
}

#[test]
fn the_stream_target_passes_on_its_corpus() {
    replay("stream", stream::run);
}
