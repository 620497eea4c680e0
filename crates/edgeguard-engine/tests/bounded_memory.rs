//! Screening any input holds a bounded amount of memory: a counting global allocator measures the
//! most bytes `Guard::check` holds at once above what it held before, for MB-sized prose and
//! adversarial inputs (one long Base64 run, one hex run, combining marks, many short encoded
//! segments), and fails if that peak passes the budget or grows with the input's length.
//!
//! The budget (the product brief's: 64 MB above the loaded model, the input and one normalized
//! copy not counted) is measured here, not timed: a timer would pass a regression that a slower
//! machine hides. The figures are printed (`cargo test --test bounded_memory -- --nocapture`).

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::sync::atomic::{AtomicUsize, Ordering};

use edgeguard_core::normalize::normalize;
use edgeguard_engine::Guard;

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

thread_local! {
    /// Count only on the thread under test, only while armed.
    static ARMED: Cell<bool> = const { Cell::new(false) };
}

fn armed() -> bool {
    ARMED.try_with(Cell::get).unwrap_or(false)
}

// SAFETY: forwards every call to the system allocator unchanged; only counts.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if armed() {
            let live = LIVE.fetch_add(layout.size(), Ordering::SeqCst) + layout.size();
            PEAK.fetch_max(live, Ordering::SeqCst);
        }
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if armed() {
            // Blocks allocated before arming may be freed while armed: never go below zero.
            let _ = LIVE.fetch_update(Ordering::SeqCst, Ordering::SeqCst, |live| {
                Some(live.saturating_sub(layout.size()))
            });
        }
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if armed() {
            if new_size >= layout.size() {
                let grow = new_size - layout.size();
                let live = LIVE.fetch_add(grow, Ordering::SeqCst) + grow;
                PEAK.fetch_max(live, Ordering::SeqCst);
            } else {
                let shrink = layout.size() - new_size;
                let _ = LIVE.fetch_update(Ordering::SeqCst, Ordering::SeqCst, |live| {
                    Some(live.saturating_sub(shrink))
                });
            }
        }
        // SAFETY: same contract as the caller's.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// The budget above the loaded model, besides the input and one normalized copy.
const BUDGET: usize = 64 << 20;

/// The most bytes held at once while checking `text`, less one normalized copy of it.
fn peak_extra(guard: &Guard, text: &str) -> usize {
    let normalized = normalize(text).len();
    LIVE.store(0, Ordering::SeqCst);
    PEAK.store(0, Ordering::SeqCst);
    ARMED.with(|a| a.set(true));
    let verdict = guard.check(text);
    ARMED.with(|a| a.set(false));
    verdict.expect("a verdict");
    PEAK.load(Ordering::SeqCst).saturating_sub(normalized)
}

/// English prose of about `bytes` bytes, sentences of varied length.
fn prose(bytes: usize) -> String {
    const SENTENCES: [&str; 6] = [
        "The committee met on Tuesday to review the budget for the coming year.",
        "Several members asked whether the library could stay open later on weekends, since \
         students often need a quiet place to work before their examinations begin.",
        "It rained.",
        "A short walk along the river brought us to the old mill, where the guide explained how \
         grain was ground before electricity reached the valley.",
        "Please return the borrowed books by Friday!",
        "Why do some birds migrate thousands of kilometres while others stay put all winter?",
    ];
    let mut out = String::with_capacity(bytes + 256);
    let mut i = 0;
    while out.len() < bytes {
        out.push_str(SENTENCES[i % SENTENCES.len()]);
        out.push(if i % 7 == 6 { '\n' } else { ' ' });
        i += 1;
    }
    out
}

/// A deterministic pseudo-random byte stream (xorshift).
fn random_bytes(n: usize) -> Vec<u8> {
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}

/// One Base64 run of about `bytes` characters, no whitespace.
fn base64_run(bytes: usize) -> String {
    const TABLE: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    random_bytes(bytes).iter().map(|b| TABLE[usize::from(b & 63)] as char).collect()
}

/// One hex run of about `bytes` digits.
fn hex_run(bytes: usize) -> String {
    random_bytes(bytes / 2).iter().map(|b| format!("{b:02x}")).collect()
}

/// Letters each followed by a few combining marks, no whitespace.
fn combining_marks(bytes: usize) -> String {
    "e\u{301}\u{302}\u{308}".repeat(bytes / 7)
}

/// Short encoded segments (Base64 of English) between words: thousands of candidate views.
fn many_segments(bytes: usize) -> String {
    "see aG93IHRvIGJha2UgYnJlYWQgYXQgaG9tZQ== and ".repeat(bytes / 45)
}

#[test]
fn check_holds_a_bounded_peak_whatever_the_input() {
    let guard = Guard::default_model().unwrap();
    type Make = fn(usize) -> String;
    let inputs: [(&str, Make); 5] = [
        ("prose", prose),
        ("base64 run", base64_run),
        ("hex run", hex_run),
        ("combining marks", combining_marks),
        ("encoded segments", many_segments),
    ];
    // Warm up: the model's first run allocates its plan's scratch space once.
    guard.check(&prose(4096)).unwrap();
    for (name, make) in inputs {
        let small = make(1 << 20);
        let large = make(4 << 20);
        let (peak_small, peak_large) = (peak_extra(&guard, &small), peak_extra(&guard, &large));
        println!(
            "{name}: peak {:.1} MB for 1 MB, {:.1} MB for 4 MB",
            peak_small as f64 / 1e6,
            peak_large as f64 / 1e6
        );
        assert!(
            peak_large <= BUDGET,
            "{name}: {peak_large} bytes held at once for {} input bytes",
            large.len()
        );
        // Four times the input: the peak may grow only by what the token ids take (4 bytes per
        // token, at most one token per input byte), not by what is framed or run.
        let growth = peak_large.saturating_sub(peak_small);
        assert!(
            growth <= 4 * (large.len() - small.len()),
            "{name}: the peak grew by {growth} bytes from 1 to 4 MB"
        );
    }
}
