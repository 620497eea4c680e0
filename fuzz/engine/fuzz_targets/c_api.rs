//! libFuzzer entry for `edgeguard_fuzz_engine::c_api` (what it feeds and checks: its module docs).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| edgeguard_fuzz_engine::c_api::run(data));
