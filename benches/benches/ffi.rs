//! The C call overhead: the exported C functions (`edgeguard_check` and the verdict accessors)
//! against `Guard::check` on the same texts, in the same process, on the same model.
//!
//! `cargo bench -p edgeguard-benches --bench ffi`. The overhead of the C API is
//! `ffi/c_check` minus `ffi/rust_check` at the same length; `ffi/c_read_verdict` is what reading
//! a whole verdict through the accessors costs on top.
#![allow(
    clippy::undocumented_unsafe_blocks,
    reason = "the bench calls the C API with pointers it has just made valid"
)]

use std::hint::black_box;
use std::ptr;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use edgeguard::{
    EDGEGUARD_LABEL_COUNT, edgeguard_action, edgeguard_check, edgeguard_guard,
    edgeguard_guard_free, edgeguard_guard_new, edgeguard_status, edgeguard_verdict,
    edgeguard_verdict_action, edgeguard_verdict_fired_count, edgeguard_verdict_free,
    edgeguard_verdict_label_probabilities, edgeguard_verdict_unsafe_probability,
};
use edgeguard_benches::text_of_tokens;
use edgeguard_engine::Guard;

/// A guard made through the C API, freed on drop.
struct CGuard(*mut edgeguard_guard);

impl CGuard {
    fn new() -> CGuard {
        let mut guard = ptr::null_mut();
        assert_eq!(
            unsafe { edgeguard_guard_new(&mut guard) },
            edgeguard_status::Ok
        );
        CGuard(guard)
    }

    /// `edgeguard_check` + `edgeguard_verdict_free`, as a C caller does.
    fn check(&self, text: &str) -> edgeguard_action {
        let mut verdict: *mut edgeguard_verdict = ptr::null_mut();
        let status =
            unsafe { edgeguard_check(self.0, text.as_ptr().cast(), text.len(), &mut verdict) };
        assert_eq!(status, edgeguard_status::Ok);
        let mut action = edgeguard_action::Allow;
        unsafe {
            edgeguard_verdict_action(verdict, &mut action);
            edgeguard_verdict_free(verdict);
        }
        action
    }
}

impl Drop for CGuard {
    fn drop(&mut self) {
        unsafe { edgeguard_guard_free(self.0) };
    }
}

/// Reads everything a caller usually wants from a verdict through the accessors.
fn read_verdict(verdict: *const edgeguard_verdict) -> f32 {
    let mut action = edgeguard_action::Allow;
    let mut unsafe_p = 0.0;
    let mut fired = 0;
    let mut probabilities = [0.0f32; EDGEGUARD_LABEL_COUNT];
    unsafe {
        edgeguard_verdict_action(verdict, &mut action);
        edgeguard_verdict_unsafe_probability(verdict, &mut unsafe_p);
        edgeguard_verdict_fired_count(verdict, &mut fired);
        edgeguard_verdict_label_probabilities(
            verdict,
            probabilities.as_mut_ptr(),
            probabilities.len(),
        );
    }
    unsafe_p + probabilities[0] + fired as f32 + action as u8 as f32
}

fn overhead(c: &mut Criterion) {
    let guard = Guard::default_model().unwrap();
    let c_guard = CGuard::new();
    let mut group = c.benchmark_group("ffi");
    for tokens in [16, 64, 1024] {
        let text = text_of_tokens(&guard, tokens);
        group.bench_with_input(BenchmarkId::new("rust_check", tokens), &text, |b, t| {
            b.iter(|| guard.check(black_box(t)).unwrap().action)
        });
        group.bench_with_input(BenchmarkId::new("c_check", tokens), &text, |b, t| {
            b.iter(|| c_guard.check(black_box(t)))
        });
    }
    let text = text_of_tokens(&guard, 16);
    let mut verdict: *mut edgeguard_verdict = ptr::null_mut();
    let status =
        unsafe { edgeguard_check(c_guard.0, text.as_ptr().cast(), text.len(), &mut verdict) };
    assert_eq!(status, edgeguard_status::Ok);
    group.bench_function("c_read_verdict", |b| {
        b.iter(|| read_verdict(black_box(verdict)))
    });
    unsafe { edgeguard_verdict_free(verdict) };
    group.finish();
}

criterion_group!(benches, overhead);
criterion_main!(benches);
