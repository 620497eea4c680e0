//! The fuzz targets that screen with the model: each module's `run` takes one input and panics on
//! any broken expectation. The libFuzzer entries in `fuzz_targets/` call them, and the main
//! workspace's test `tests/fuzz_corpus.rs` replays the committed corpus and seeds through the
//! same files, so that CI covers them without a sanitizer build of the inference stack.
pub mod c_api;
pub mod jsonl;
pub mod stream;
