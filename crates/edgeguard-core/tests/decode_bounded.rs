//! Decoding adversarial runs allocates in proportion to the input, never more: a counting global
//! allocator measures the bytes `decode::views` allocates and the peak it holds at once.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::sync::atomic::{AtomicUsize, Ordering};

use edgeguard_core::decode::{Limits, views};

struct Counting;

static ALLOCATED: AtomicUsize = AtomicUsize::new(0);
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
            ALLOCATED.fetch_add(layout.size(), Ordering::SeqCst);
            let live = LIVE.fetch_add(layout.size(), Ordering::SeqCst) + layout.size();
            PEAK.fetch_max(live, Ordering::SeqCst);
        }
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if armed() {
            LIVE.fetch_sub(
                layout.size().min(LIVE.load(Ordering::SeqCst)),
                Ordering::SeqCst,
            );
        }
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Bytes allocated in all, and the most held at once, while finding the views of `text`.
fn measure(text: &str) -> (usize, usize) {
    ALLOCATED.store(0, Ordering::SeqCst);
    LIVE.store(0, Ordering::SeqCst);
    PEAK.store(0, Ordering::SeqCst);
    ARMED.with(|a| a.set(true));
    let found = views(text);
    drop(found);
    ARMED.with(|a| a.set(false));
    (
        ALLOCATED.load(Ordering::SeqCst),
        PEAK.load(Ordering::SeqCst),
    )
}

/// Runs that each decoder scans: Base64, hex (plain, `\x`-escaped, `0x`-prefixed), percent
/// escapes, ROT13-looking words, newlines and chat-template openers.
const UNITS: [&str; 9] = ["A", "Ab", "%4", "\\x4", "0x41 ", "ab ", "ubj ", "\n", "<|"];

#[test]
fn adversarial_runs_allocate_linearly_and_hold_a_bounded_peak() {
    let cap = Limits::DEFAULT.max_total_bytes;
    for unit in UNITS {
        let small = unit.repeat(20_000);
        let large = unit.repeat(80_000);
        let (total_small, _) = measure(&small);
        let (total_large, peak_large) = measure(&large);
        // Four times the input may cost at most four times the allocation, plus the fixed cost of
        // the views themselves (capped by the limits).
        assert!(
            total_large <= 4 * total_small + 2 * cap,
            "{unit:?}: {total_small} bytes for {} input bytes, {total_large} for {}",
            small.len(),
            large.len()
        );
        // At no moment more than two copies of the input plus the views' budget.
        assert!(
            peak_large <= 2 * large.len() + 2 * cap,
            "{unit:?}: peak {peak_large} bytes for {} input bytes",
            large.len()
        );
    }
}
