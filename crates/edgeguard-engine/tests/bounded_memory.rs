//! Screening any input holds a bounded amount of memory: a counting global allocator measures the
//! most bytes `Guard::check` holds at once above what it held before, for MB-sized prose and
//! adversarial inputs (one long Base64 run, one hex run, one line without a break, combining
//! marks, one letter under millions of them, invisible characters, chat-template markers, a spelled-out run, many short encoded
//! segments, long percent-encoded and ROT13 stretches), and fails if that peak passes the budget or grows with
//! the input's length.
//!
//! The budget (the product brief's: 64 MB above the loaded model, the input and one normalized
//! copy not counted) is measured here, not timed: a timer would pass a regression that a slower
//! machine hides. The figures are printed (`cargo test --test bounded_memory -- --nocapture`).

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use edgeguard_core::normalize::normalize;
use edgeguard_engine::Guard;

struct Counting;

/// Bytes allocated and not yet freed, by every thread, since the program started (so that a
/// block freed while measuring was always counted when it was allocated).
static LIVE: AtomicUsize = AtomicUsize::new(0);
/// The most `LIVE` reached since it was last reset.
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grow(bytes: usize) {
    let live = LIVE.fetch_add(bytes, Ordering::SeqCst) + bytes;
    PEAK.fetch_max(live, Ordering::SeqCst);
}

// SAFETY: forwards every call to the system allocator unchanged; only counts.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        grow(layout.size());
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::SeqCst);
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if new_size >= layout.size() {
            grow(new_size - layout.size());
        } else {
            LIVE.fetch_sub(layout.size() - new_size, Ordering::SeqCst);
        }
        // SAFETY: same contract as the caller's.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// The budget above the loaded model, besides the input and one normalized copy.
const BUDGET: usize = 64 << 20;

/// The most bytes held at once while checking `text`, above what was held before and less one
/// normalized copy of it. The tests of this file run one at a time (a lock), so that nothing else
/// allocates meanwhile.
fn peak_extra(guard: &Guard, text: &str) -> usize {
    let normalized = normalize(text).len();
    let before = LIVE.load(Ordering::SeqCst);
    PEAK.store(before, Ordering::SeqCst);
    let verdict = guard.check(text);
    let peak = PEAK.load(Ordering::SeqCst) - before;
    verdict.expect("a verdict");
    peak.saturating_sub(normalized)
}

/// One test at a time: the counter is global.
static SERIAL: Mutex<()> = Mutex::new(());

/// Checks a small and a large input made by each of `inputs`: the large one's peak within the
/// budget, and no larger than the small one's but for allocation noise.
fn assert_bounded(inputs: &[(&str, Make)]) {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let guard = Guard::default_model().unwrap();
    // Warm up: the model's first run allocates its plan's scratch space once.
    guard.check(&prose(4096)).unwrap();
    for &(name, make) in inputs {
        let small = make(SMALL);
        let large = make(LARGE);
        let (peak_small, peak_large) = (peak_extra(&guard, &small), peak_extra(&guard, &large));
        println!(
            "{name}: peak {:.1} MB above the input and its normalized copy for {:.1} MB, {:.1} MB for {:.1} MB",
            peak_small as f64 / 1e6,
            small.len() as f64 / 1e6,
            peak_large as f64 / 1e6,
            large.len() as f64 / 1e6,
        );
        assert!(
            peak_large <= BUDGET,
            "{name}: {peak_large} bytes held at once for {} input bytes",
            large.len()
        );
        // Token ids stream through the model piece by piece and the normalizer works on pieces
        // of the text: nothing held may grow with the input besides the input and the one
        // normalized copy left out above.
        let growth = peak_large.saturating_sub(peak_small);
        assert!(
            growth <= SLACK,
            "{name}: the peak grew by {growth} bytes from {} to {} input bytes",
            small.len(),
            large.len()
        );
    }
}

/// Allocation noise allowed when the input grows.
const SLACK: usize = 1 << 20;

/// Input sizes measured: 1 MB and 8 MB.
const SMALL: usize = 1 << 20;
const LARGE: usize = 8 << 20;

type Make = fn(usize) -> String;

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
    random_bytes(bytes)
        .iter()
        .map(|b| TABLE[usize::from(b & 63)] as char)
        .collect()
}

/// One hex run of about `bytes` digits.
fn hex_run(bytes: usize) -> String {
    random_bytes(bytes / 2)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// English prose of about `bytes` bytes on one line.
fn one_line(bytes: usize) -> String {
    prose(bytes).replace('\n', " ")
}

/// Words with a zero-width space between every two letters.
fn invisible_between_letters(bytes: usize) -> String {
    "h\u{200b}e\u{200b}l\u{200b}l\u{200b}o w\u{200b}o\u{200b}r\u{200b}l\u{200b}d "
        .repeat(bytes / 35)
}

/// Chat-template markers, each distinct one a few times, between words.
fn chat_markers(bytes: usize) -> String {
    "[INST] ask <|im_start|> `<|x|>` ### Instruction: go\n".repeat(bytes / 52)
}

/// One percent-encoded token, no whitespace.
fn percent_token(bytes: usize) -> String {
    "%68%6f%77%20%74%6f".repeat(bytes / 18)
}

/// English written in ROT13 on one line ("the committee met on tuesday ...").
fn rot13_line(bytes: usize) -> String {
    "gur pbzzvggrr zrg ba ghrfqnl gb erivrj gur ohqtrg sbe gur pbzvat lrne ".repeat(bytes / 70)
}

/// One line of letters with dots between them: a single spelled-out run (`k.i.l.l...`).
fn spelled_run(bytes: usize) -> String {
    "k.i.l.l.t.h.e.m.".repeat(bytes / 16)
}

/// Letters each followed by a few combining marks, no whitespace.
fn combining_marks(bytes: usize) -> String {
    "e\u{301}\u{302}\u{308}".repeat(bytes / 7)
}

/// One letter under a single run of combining marks of one class.
fn one_run_of_marks(bytes: usize) -> String {
    format!("a{}", "\u{301}".repeat(bytes / 2))
}

/// Chinese prose: ideographs and ideographic punctuation, no ASCII space or punctuation.
fn chinese_prose(bytes: usize) -> String {
    "\u{6211}\u{4eec}\u{4eca}\u{5929}\u{53bb}\u{516c}\u{56ed}\u{6563}\u{6b65}\u{3002}\u{5929}\u{6c14}\u{5f88}\u{597d}\u{3001}\u{98ce}\u{4e5f}\u{4e0d}\u{5927}\u{3002}"
        .repeat(bytes / 60)
}

/// Short encoded segments (Base64 of English) between words: thousands of candidate views.
fn many_segments(bytes: usize) -> String {
    "see aG93IHRvIGJha2UgYnJlYWQgYXQgaG9tZQ== and ".repeat(bytes / 45)
}

#[test]
fn check_holds_a_bounded_peak_whatever_the_input() {
    assert_bounded(&[
        ("prose", prose),
        ("chinese prose", chinese_prose),
        ("base64 run", base64_run),
        ("hex run", hex_run),
        ("encoded segments", many_segments),
        ("one line of prose", one_line),
        ("combining marks", combining_marks),
        ("one letter under a run of marks", one_run_of_marks),
        (
            "invisible characters between letters",
            invisible_between_letters,
        ),
        ("chat-template markers", chat_markers),
        ("one percent-encoded token", percent_token),
        ("one ROT13 line", rot13_line),
        ("one spelled-out run", spelled_run),
    ]);
}
