//! Sequences of C API calls (crate `edgeguard-ffi`, called through its Rust face) chosen by the
//! input, with NULL pointers, short, cut and oversized lengths and invalid UTF-8 among the
//! arguments: every call returns the status `ffi/include/edgeguard.h` documents for its
//! arguments, writes its outputs only on success, and sets the thread's last error to match.
//!
//! Double frees and use after free are undefined behaviour by the contract, so the target
//! never makes them: every handle it frees leaves its pool.
//!
//! The input is a list of operations: an opcode byte, a byte whose top three bits set say
//! which pointer arguments are NULL, then the operation's own bytes. A text argument is a mode
//! byte (0xFF NULL, 0xFE a length over `PTRDIFF_MAX`, 0xF0..=0xFD the length cut short by the
//! low nibble, anything else exact), a length byte and that many bytes.
// Every unsafe block below is a C API call whose soundness rests on the rule of the docs above: the
// pointers come from this module's pools (live handles, buffers it owns) or are the NULL and
// over-long arguments the header says are rejected, and a freed handle leaves its pool. A comment
// per call would repeat it eighty times.
#![allow(clippy::undocumented_unsafe_blocks)]

use std::ffi::{CStr, c_char};
use std::ptr::{self, null, null_mut};
use std::sync::OnceLock;

use edgeguard::{
    EDGEGUARD_LABEL_COUNT, EDGEGUARD_NO_STEP, Label, edgeguard_action, edgeguard_batch,
    edgeguard_command_verdict, edgeguard_constraint_status, edgeguard_guard, edgeguard_plan,
    edgeguard_plan_verdict, edgeguard_reason_kind, edgeguard_robot_policy, edgeguard_status as S,
    edgeguard_stream, edgeguard_stream_status, edgeguard_verdict,
};

/// Operations per input, and live handles per pool, at most (to keep an input fast).
const MAX_OPS: usize = 32;
const MAX_HANDLES: usize = 3;

const TABLETOP_POLICY: &str = include_str!("../../../examples/robot/tabletop/policy.toml");
const DRONE_POLICY: &str = include_str!("../../../examples/robot/drone/policy.json");
const TABLETOP_PLAN: &str =
    include_str!("../../../examples/robot/tabletop/plans/accepted/knife_to_drawer.json");
const DRONE_PLAN: &str =
    include_str!("../../../examples/robot/drone/plans/rejected/server_room.json");
const SCREENING_POLICY: &str = include_str!("../../seeds/policy_json/kids.json");

/// The guard made once from the embedded model. Only calls taking `const edgeguard_guard *` use
/// it, so no input changes it for the next.
struct Base(*mut edgeguard_guard);
// SAFETY: a guard serves const calls from any thread (header: "Thread safety").
unsafe impl Send for Base {}
// SAFETY: as above.
unsafe impl Sync for Base {}

fn base() -> *mut edgeguard_guard {
    static BASE: OnceLock<Base> = OnceLock::new();
    BASE.get_or_init(|| {
        let mut guard = null_mut();
        assert_eq!(unsafe { edgeguard::edgeguard_guard_new(&mut guard) }, S::Ok);
        Base(guard)
    })
    .0
}

/// Runs one input through a sequence of C API calls; panics on any broken expectation.
pub fn run(data: &[u8]) {
    let mut run = Run::new(data);
    for _ in 0..MAX_OPS {
        let Some(op) = run.input.byte() else { break };
        let nulls = run.input.byte().unwrap_or(0);
        let nulls = if nulls >> 5 == 7 { nulls & 0x1f } else { 0 };
        run.op(op, Nulls(nulls));
    }
    run.free_all();
}

/// Which pointer arguments of one call are NULL: bit `i` for the `i`-th pointer.
#[derive(Clone, Copy)]
struct Nulls(u8);

impl Nulls {
    fn at(self, i: u32) -> bool {
        self.0 >> i & 1 == 1
    }
    fn ptr<T>(self, i: u32, p: *const T) -> *const T {
        if self.at(i) { null() } else { p }
    }
    fn mut_ptr<T>(self, i: u32, p: *mut T) -> *mut T {
        if self.at(i) { null_mut() } else { p }
    }
    /// `NullArgument` if any of the first `n` pointers is NULL.
    fn fault(self, n: u32) -> Option<S> {
        (0..n).any(|i| self.at(i)).then_some(S::NullArgument)
    }
}

struct Input<'a>(&'a [u8]);

impl<'a> Input<'a> {
    fn byte(&mut self) -> Option<u8> {
        let (&b, rest) = self.0.split_first()?;
        self.0 = rest;
        Some(b)
    }
    fn take(&mut self, n: usize) -> &'a [u8] {
        let (head, rest) = self.0.split_at(n.min(self.0.len()));
        self.0 = rest;
        head
    }
    fn pick<T: Copy>(&mut self, choices: &[T]) -> T {
        choices[usize::from(self.byte().unwrap_or(0)) % choices.len()]
    }
}

/// A text argument as passed: pointer and length, and the error it must cause, if any.
struct Text {
    bytes: Vec<u8>,
    null: bool,
    len: usize,
}

impl Text {
    fn read(input: &mut Input<'_>) -> Text {
        let mode = input.byte().unwrap_or(0);
        let n = usize::from(input.byte().unwrap_or(0));
        let bytes = input.take(n).to_vec();
        Text::with_mode(bytes, mode)
    }
    fn with_mode(bytes: Vec<u8>, mode: u8) -> Text {
        let len = match mode {
            0xfe => isize::MAX as usize + 1 + usize::from(bytes.first().copied().unwrap_or(0)),
            0xf0..=0xfd => bytes.len().saturating_sub(usize::from(mode & 0xf)),
            _ => bytes.len(),
        };
        Text {
            bytes,
            null: mode == 0xff,
            len,
        }
    }
    fn exact(text: &str) -> Text {
        Text::with_mode(text.as_bytes().to_vec(), 0)
    }
    fn ptr(&self) -> *const c_char {
        if self.null {
            null()
        } else {
            self.bytes.as_ptr().cast()
        }
    }
    /// The text the call reads, when it is readable.
    fn str(&self) -> Option<&str> {
        if self.null || self.len > self.bytes.len() {
            return None;
        }
        std::str::from_utf8(&self.bytes[..self.len]).ok()
    }
    /// The error this argument alone causes.
    fn fault(&self) -> Option<S> {
        if self.null {
            Some(S::NullArgument)
        } else if self.len > isize::MAX as usize {
            Some(S::InvalidArgument)
        } else if self.str().is_none() {
            Some(S::InvalidUtf8)
        } else {
            None
        }
    }
    /// The error screening this text with an input limit causes.
    fn screen_fault(&self, limit: usize) -> Option<S> {
        self.fault()
            .or_else(|| (self.len > limit).then_some(S::InputTooLarge))
    }
}

/// What a call may return: one of `errors` if there are any, else `Ok` or one of `may_fail`.
fn expect(call: &str, got: S, errors: &[Option<S>], may_fail: &[S]) {
    assert_ne!(got, S::Panic, "{call}: panicked");
    let errors: Vec<S> = errors.iter().flatten().copied().collect();
    if errors.is_empty() {
        assert!(
            got == S::Ok || may_fail.contains(&got),
            "{call}: {got:?}, expected Ok or one of {may_fail:?}: {}",
            last_error()
        );
    } else {
        assert!(
            errors.contains(&got),
            "{call}: {got:?}, expected one of {errors:?}: {}",
            last_error()
        );
    }
    // The last error is set on failure and cleared on success.
    let mut len = usize::MAX;
    assert_eq!(
        unsafe { edgeguard::edgeguard_last_error_length(&mut len) },
        S::Ok
    );
    assert_eq!(
        got == S::Ok,
        len == 0,
        "{call}: {got:?} with a last error of {len} bytes"
    );
}

fn last_error() -> String {
    let mut len = 0;
    unsafe { edgeguard::edgeguard_last_error_length(&mut len) };
    let mut buf = vec![0u8; len + 1];
    let mut written = 0;
    let status = unsafe {
        edgeguard::edgeguard_last_error_message(buf.as_mut_ptr().cast(), buf.len(), &mut written)
    };
    assert_eq!(status, S::Ok);
    assert_eq!(written, len);
    String::from_utf8(buf[..len].to_vec()).expect("the last error is UTF-8")
}

/// A dangling pointer that stands for "not written": outputs must keep it on failure.
fn unwritten<T>() -> *mut T {
    ptr::dangling_mut()
}

/// Reads a NUL-terminated string the library returned, checking its stated length.
fn c_str<'a>(p: *const c_char, len: Option<usize>) -> &'a str {
    assert!(!p.is_null());
    let s = unsafe { CStr::from_ptr(p) }
        .to_str()
        .expect("returned strings are UTF-8");
    if let Some(len) = len {
        assert_eq!(s.len(), len);
    }
    s
}

struct Guard {
    ptr: *mut edgeguard_guard,
    limit: usize,
}

struct Stream {
    ptr: *mut edgeguard_stream,
    pushed: usize,
    limit: usize,
    checked_once: bool,
    stopped_at: Option<usize>,
}

struct Run<'a> {
    input: Input<'a>,
    /// `guards[0]` is the shared base guard (never changed or freed); the others are clones.
    guards: Vec<Guard>,
    streams: Vec<Stream>,
    policies: Vec<*mut edgeguard_robot_policy>,
    plans: Vec<*mut edgeguard_plan>,
}

impl<'a> Run<'a> {
    fn new(data: &'a [u8]) -> Run<'a> {
        Run {
            input: Input(data),
            guards: vec![Guard {
                ptr: base(),
                limit: edgeguard_engine::DEFAULT_MAX_INPUT_BYTES,
            }],
            streams: Vec::new(),
            policies: Vec::new(),
            plans: Vec::new(),
        }
    }

    fn op(&mut self, op: u8, nulls: Nulls) {
        match op % 21 {
            0 => self.check(nulls),
            1 => self.check_response(nulls),
            2 => self.check_batch(nulls),
            3 => self.set_policy(nulls),
            4 => self.reset_policy(nulls),
            5 => self.set_max_input_bytes(nulls),
            6 => self.clone_guard(nulls),
            7 => self.free_guard(),
            8 => self.model_info(nulls),
            9 => self.labels(nulls),
            10 => self.last_error_message(nulls),
            11 => self.stream_new(nulls),
            12 => self.stream_push(nulls),
            13 => self.stream_check_now(nulls),
            14 => self.stream_verdict(nulls),
            15 => self.stream_finish(nulls),
            16 => self.stream_free(),
            17 => self.robot_policy_new(nulls),
            18 => self.plan_new(nulls),
            19 => self.plan_check(nulls),
            _ => self.load_model(nulls),
        }
    }

    /// A guard for a const call: any of the pool.
    fn any_guard(&mut self) -> (*mut edgeguard_guard, usize) {
        let i = usize::from(self.input.byte().unwrap_or(0)) % self.guards.len();
        (self.guards[i].ptr, self.guards[i].limit)
    }

    /// A clone for a call that changes it, made if there is none.
    fn own_guard(&mut self) -> Option<usize> {
        if self.guards.len() == 1 {
            self.clone_guard(Nulls(0));
        }
        let clones = self.guards.len() - 1;
        (clones > 0).then(|| 1 + usize::from(self.input.byte().unwrap_or(0)) % clones)
    }

    fn check(&mut self, nulls: Nulls) {
        let (guard, limit) = self.any_guard();
        let text = Text::read(&mut self.input);
        let mut verdict = unwritten();
        let status = unsafe {
            edgeguard::edgeguard_check(
                nulls.ptr(0, guard),
                text.ptr(),
                text.len,
                nulls.mut_ptr(1, &mut verdict),
            )
        };
        expect(
            "check",
            status,
            &[nulls.fault(2), text.screen_fault(limit)],
            &[],
        );
        self.take_verdict(status, verdict);
    }

    fn check_response(&mut self, nulls: Nulls) {
        let (guard, limit) = self.any_guard();
        let prompt = Text::read(&mut self.input);
        let response = Text::read(&mut self.input);
        let mut verdict = unwritten();
        let status = unsafe {
            edgeguard::edgeguard_check_response(
                nulls.ptr(0, guard),
                prompt.ptr(),
                prompt.len,
                response.ptr(),
                response.len,
                nulls.mut_ptr(1, &mut verdict),
            )
        };
        let faults = [
            nulls.fault(2),
            prompt.screen_fault(limit),
            response.screen_fault(limit),
        ];
        expect("check_response", status, &faults, &[]);
        self.take_verdict(status, verdict);
    }

    /// Checks and frees an owned verdict from a successful call; checks that a failed call left
    /// the output alone.
    fn take_verdict(&mut self, status: S, verdict: *mut edgeguard_verdict) {
        if status != S::Ok {
            assert_eq!(verdict, unwritten(), "output written on failure");
            return;
        }
        inspect_verdict(verdict);
        unsafe { edgeguard::edgeguard_verdict_free(verdict) };
    }

    fn check_batch(&mut self, nulls: Nulls) {
        let (guard, limit) = self.any_guard();
        let count = usize::from(self.input.byte().unwrap_or(0) % 6);
        let texts: Vec<Text> = (0..count).map(|_| Text::read(&mut self.input)).collect();
        let ptrs: Vec<*const c_char> = texts.iter().map(Text::ptr).collect();
        let lens: Vec<usize> = texts.iter().map(|t| t.len).collect();
        let mut batch: *mut edgeguard_batch = unwritten();
        let status = unsafe {
            edgeguard::edgeguard_check_batch(
                nulls.ptr(0, guard),
                nulls.ptr(1, ptrs.as_ptr()),
                nulls.ptr(2, lens.as_ptr()),
                count,
                nulls.mut_ptr(3, &mut batch),
            )
        };
        // With count 0 the arrays may be NULL.
        let arrays = (count > 0 && (nulls.at(1) || nulls.at(2))).then_some(S::NullArgument);
        let faults = [
            (nulls.at(0) || nulls.at(3)).then_some(S::NullArgument),
            arrays,
        ];
        expect("check_batch", status, &faults, &[]);
        if status != S::Ok {
            assert_eq!(batch, unwritten());
            return;
        }
        let mut len = usize::MAX;
        let s = unsafe { edgeguard::edgeguard_batch_len(batch, &mut len) };
        expect("batch_len", s, &[], &[]);
        assert_eq!(len, count);
        for (i, text) in texts.iter().enumerate() {
            let mut verdict: *const edgeguard_verdict = unwritten();
            let s = unsafe { edgeguard::edgeguard_batch_verdict(batch, i, &mut verdict) };
            // Each item fails or passes as `edgeguard_check` would have.
            expect("batch_verdict", s, &[text.screen_fault(limit)], &[]);
            if s == S::Ok {
                inspect_verdict(verdict);
            } else {
                assert_eq!(verdict, unwritten());
            }
        }
        let mut verdict: *const edgeguard_verdict = unwritten();
        let s = unsafe { edgeguard::edgeguard_batch_verdict(batch, count, &mut verdict) };
        expect("batch_verdict past the end", s, &[Some(S::OutOfRange)], &[]);
        let s = unsafe { edgeguard::edgeguard_batch_verdict(batch, 0, null_mut()) };
        expect(
            "batch_verdict without output",
            s,
            &[Some(S::NullArgument)],
            &[],
        );
        let s = unsafe { edgeguard::edgeguard_batch_len(null(), &mut len) };
        expect("batch_len of NULL", s, &[Some(S::NullArgument)], &[]);
        unsafe { edgeguard::edgeguard_batch_free(batch) };
    }

    fn set_policy(&mut self, nulls: Nulls) {
        let Some(g) = self.own_guard() else { return };
        let format = self.input.pick(&[1u32, 2, 0, 3, u32::MAX]);
        let text = match self.input.byte().unwrap_or(0) % 4 {
            0 => Text::exact(SCREENING_POLICY),
            1 => Text::exact(""),
            _ => Text::read(&mut self.input),
        };
        let status = unsafe {
            edgeguard::edgeguard_guard_set_policy(
                nulls.mut_ptr(0, self.guards[g].ptr),
                text.ptr(),
                text.len,
                format,
            )
        };
        let bad_format = !matches!(format, 1 | 2);
        let faults = [
            nulls.fault(1),
            text.fault(),
            bad_format.then_some(S::OutOfRange),
        ];
        expect("set_policy", status, &faults, &[S::Policy]);
    }

    fn reset_policy(&mut self, nulls: Nulls) {
        let Some(g) = self.own_guard() else { return };
        let status = unsafe {
            edgeguard::edgeguard_guard_reset_policy(nulls.mut_ptr(0, self.guards[g].ptr))
        };
        expect("reset_policy", status, &[nulls.fault(1)], &[]);
    }

    fn set_max_input_bytes(&mut self, nulls: Nulls) {
        let Some(g) = self.own_guard() else { return };
        let limit = match self.input.byte().unwrap_or(0) {
            0xff => usize::MAX,
            b => usize::from(b) * 4,
        };
        let status = unsafe {
            edgeguard::edgeguard_guard_set_max_input_bytes(
                nulls.mut_ptr(0, self.guards[g].ptr),
                limit,
            )
        };
        expect("set_max_input_bytes", status, &[nulls.fault(1)], &[]);
        if status == S::Ok {
            self.guards[g].limit = limit;
        }
    }

    fn clone_guard(&mut self, nulls: Nulls) {
        let (guard, limit) = self.any_guard();
        let mut clone = unwritten();
        let status = unsafe {
            edgeguard::edgeguard_guard_clone(nulls.ptr(0, guard), nulls.mut_ptr(1, &mut clone))
        };
        expect("guard_clone", status, &[nulls.fault(2)], &[]);
        if status != S::Ok {
            assert_eq!(clone, unwritten());
        } else if self.guards.len() > MAX_HANDLES {
            unsafe { edgeguard::edgeguard_guard_free(clone) };
        } else {
            self.guards.push(Guard { ptr: clone, limit });
        }
    }

    fn free_guard(&mut self) {
        if self.guards.len() > 1 {
            let g = self.guards.pop().expect("a clone");
            unsafe { edgeguard::edgeguard_guard_free(g.ptr) };
        } else {
            unsafe { edgeguard::edgeguard_guard_free(null_mut()) };
        }
    }

    /// The constructors that load a model, on arguments that cannot make one: NULL, or model
    /// files made of the input (never a path, which could name a real model).
    fn load_model(&mut self, nulls: Nulls) {
        let mut guard: *mut edgeguard_guard = unwritten();
        let s = unsafe { edgeguard::edgeguard_guard_new(null_mut()) };
        expect("guard_new", s, &[Some(S::NullArgument)], &[]);
        let s = unsafe { edgeguard::edgeguard_guard_new_from_dir(null(), &mut guard) };
        expect("guard_new_from_dir", s, &[Some(S::NullArgument)], &[]);
        let dir = c"models/default";
        let s = unsafe { edgeguard::edgeguard_guard_new_from_dir(dir.as_ptr(), null_mut()) };
        expect(
            "guard_new_from_dir without output",
            s,
            &[Some(S::NullArgument)],
            &[],
        );
        let s = unsafe {
            edgeguard::edgeguard_guard_new_from_files(null(), dir.as_ptr(), null(), &mut guard)
        };
        expect("guard_new_from_files", s, &[Some(S::NullArgument)], &[]);
        assert_eq!(guard, unwritten());

        let files = [
            Text::read(&mut self.input),
            Text::read(&mut self.input),
            Text::read(&mut self.input),
        ];
        let s = unsafe {
            edgeguard::edgeguard_guard_new_from_bytes(
                files[0].ptr().cast(),
                files[0].len,
                files[1].ptr().cast(),
                files[1].len,
                files[2].ptr().cast(),
                files[2].len,
                nulls.mut_ptr(0, &mut guard),
            )
        };
        // Bytes in any encoding are accepted; only a NULL or an oversized length is an argument
        // error. Whatever the bytes, they are not a model whose digests `config` records.
        let argument = |t: &Text| {
            if t.null {
                Some(S::NullArgument)
            } else {
                (t.len > isize::MAX as usize).then_some(S::InvalidArgument)
            }
        };
        let faults = [
            nulls.fault(1),
            argument(&files[0]),
            argument(&files[1]),
            argument(&files[2]),
        ];
        let model_errors = [
            S::ModelConfig,
            S::ModelChecksum,
            S::ModelTokenizer,
            S::ModelGraph,
        ];
        if faults.iter().any(Option::is_some) {
            expect("guard_new_from_bytes", s, &faults, &[]);
        } else {
            expect("guard_new_from_bytes", s, &[], &model_errors);
            assert_ne!(s, S::Ok, "a model loaded from fuzz bytes");
        }
        assert_eq!(guard, unwritten());
        assert!(!c_str(edgeguard::edgeguard_version(), None).is_empty());
    }

    fn model_info(&mut self, nulls: Nulls) {
        let (guard, _) = self.any_guard();
        let mut json: *const c_char = unwritten();
        let mut len = usize::MAX;
        let status = unsafe {
            edgeguard::edgeguard_guard_model_info_json(
                nulls.ptr(0, guard),
                nulls.mut_ptr(1, &mut json),
                nulls.mut_ptr(2, &mut len),
            )
        };
        expect("model_info_json", status, &[nulls.fault(2)], &[]);
        if status == S::Ok {
            let text = c_str(json, (!nulls.at(2)).then_some(len));
            let info: serde_json::Value = serde_json::from_str(text).expect("model info is JSON");
            assert!(info.is_object());
        } else {
            assert_eq!(json, unwritten());
        }
    }

    fn labels(&mut self, nulls: Nulls) {
        let label = self.input.byte().unwrap_or(0);
        let in_range = usize::from(label) < EDGEGUARD_LABEL_COUNT;
        let range = (!in_range).then_some(S::OutOfRange);
        let mut name: *const c_char = unwritten();
        let s = unsafe { edgeguard::edgeguard_label_name(label, nulls.mut_ptr(0, &mut name)) };
        expect("label_name", s, &[nulls.fault(1), range], &[]);
        let mut description: *const c_char = unwritten();
        let s = unsafe {
            edgeguard::edgeguard_label_description(label, nulls.mut_ptr(1, &mut description))
        };
        expect(
            "label_description",
            s,
            &[nulls.at(1).then_some(S::NullArgument), range],
            &[],
        );
        if s == S::Ok {
            assert!(!c_str(description, None).is_empty());
        }
        // A name read back gives the label; any other text gives OutOfRange.
        let text = if in_range && !nulls.at(0) {
            Text::exact(c_str(name, None))
        } else {
            Text::read(&mut self.input)
        };
        let unset = Label::ALL[EDGEGUARD_LABEL_COUNT - 1];
        let mut found = unset;
        let s = unsafe {
            edgeguard::edgeguard_label_from_name(text.ptr(), text.len, nulls.mut_ptr(2, &mut found))
        };
        let known = text
            .str()
            .is_some_and(|t| Label::ALL.iter().any(|l| l.as_str() == t));
        let faults = [
            nulls.at(2).then_some(S::NullArgument),
            text.fault(),
            (!known).then_some(S::OutOfRange),
        ];
        expect("label_from_name", s, &faults, &[]);
        if s != S::Ok {
            assert_eq!(found, unset, "output written on failure");
        } else if in_range && !nulls.at(0) {
            assert_eq!(found, Label::ALL[usize::from(label)]);
        }
    }

    /// `edgeguard_last_error_message` into buffers of every size: cut at a character boundary,
    /// NUL-terminated, and the last error left as it was.
    fn last_error_message(&mut self, nulls: Nulls) {
        let mut len = usize::MAX;
        assert_eq!(
            unsafe { edgeguard::edgeguard_last_error_length(&mut len) },
            S::Ok
        );
        let full = last_error();
        let buf_len = usize::from(self.input.byte().unwrap_or(0) % 80);
        let mut buf = vec![0xffu8; buf_len];
        let mut written = usize::MAX;
        let buf_ptr = if nulls.at(0) {
            null_mut()
        } else {
            buf.as_mut_ptr().cast()
        };
        let status = unsafe {
            edgeguard::edgeguard_last_error_message(
                buf_ptr,
                buf_len,
                nulls.mut_ptr(1, &mut written),
            )
        };
        if buf_ptr.is_null() && buf_len > 0 {
            assert_eq!(status, S::NullArgument);
        } else if buf_len == 0 {
            assert_eq!(status == S::Ok, len == 0);
        } else {
            let fits = len < buf_len;
            assert_eq!(status, if fits { S::Ok } else { S::BufferTooSmall });
            let mut cut = len.min(buf_len - 1);
            while !full.is_char_boundary(cut) {
                cut -= 1;
            }
            assert_eq!(&buf[..cut], &full.as_bytes()[..cut]);
            assert_eq!(buf[cut], 0);
            if !nulls.at(1) {
                assert_eq!(written, cut);
            }
        }
        let mut after = usize::MAX;
        assert_eq!(
            unsafe { edgeguard::edgeguard_last_error_length(&mut after) },
            S::Ok
        );
        assert_eq!(after, len, "reading the last error changed it");
        let s = unsafe { edgeguard::edgeguard_last_error_length(null_mut()) };
        assert_eq!(s, S::NullArgument);
        let mut after = usize::MAX;
        assert_eq!(
            unsafe { edgeguard::edgeguard_last_error_length(&mut after) },
            S::Ok
        );
        assert_eq!(
            after, len,
            "a NULL argument to last_error_length changed the last error"
        );
    }

    fn stream_new(&mut self, nulls: Nulls) {
        let (guard, limit) = self.any_guard();
        let kind = self.input.pick(&[1u32, 0, 2, u32::MAX]);
        let every = self.input.pick(&[0usize, 1, 16, 64, 256]);
        let context = self.input.pick(&[1024usize, 0, 64, 4096]);
        let stop_at = self.input.pick(&[2u32, 1, 0, 3, u32::MAX]);
        let mut stream = unwritten();
        let status = unsafe {
            edgeguard::edgeguard_stream_new(
                nulls.ptr(0, guard),
                kind,
                every,
                context,
                stop_at,
                nulls.mut_ptr(1, &mut stream),
            )
        };
        let faults = [
            nulls.fault(2),
            (kind > 1).then_some(S::InvalidArgument),
            (stop_at > 2).then_some(S::InvalidArgument),
        ];
        expect("stream_new", status, &faults, &[]);
        if status != S::Ok {
            assert_eq!(stream, unwritten());
        } else if self.streams.len() >= MAX_HANDLES {
            unsafe { edgeguard::edgeguard_stream_free(stream) };
        } else {
            self.streams.push(Stream {
                ptr: stream,
                pushed: 0,
                limit,
                checked_once: false,
                stopped_at: None,
            });
        }
    }

    fn any_stream(&mut self) -> Option<usize> {
        let n = self.streams.len();
        (n > 0).then(|| usize::from(self.input.byte().unwrap_or(0)) % n)
    }

    fn stream_push(&mut self, nulls: Nulls) {
        let Some(i) = self.any_stream() else { return };
        let chunk = Text::read(&mut self.input);
        let stream = &mut self.streams[i];
        let mut status = edgeguard_stream_status::Pending;
        let s = unsafe {
            edgeguard::edgeguard_stream_push(
                nulls.mut_ptr(0, stream.ptr),
                chunk.ptr(),
                chunk.len,
                nulls.mut_ptr(1, &mut status),
            )
        };
        let too_large = chunk.fault().is_none() && stream.pushed + chunk.len > stream.limit;
        let faults = [
            nulls.fault(2),
            chunk.fault(),
            too_large.then_some(S::InputTooLarge),
        ];
        expect("stream_push", s, &faults, &[]);
        if s == S::Ok {
            stream.pushed += chunk.len;
            stream.record(status);
        }
        // A rejected chunk leaves the stream as it was.
        stream.check_position();
    }

    fn stream_check_now(&mut self, nulls: Nulls) {
        let Some(i) = self.any_stream() else { return };
        let stream = &mut self.streams[i];
        let mut status = edgeguard_stream_status::Pending;
        let s = unsafe {
            edgeguard::edgeguard_stream_check_now(
                nulls.mut_ptr(0, stream.ptr),
                nulls.mut_ptr(1, &mut status),
            )
        };
        expect("stream_check_now", s, &[nulls.fault(2)], &[]);
        if s == S::Ok {
            stream.record(status);
        }
        stream.check_position();
    }

    fn stream_verdict(&mut self, nulls: Nulls) {
        let Some(i) = self.any_stream() else { return };
        let stream = &self.streams[i];
        let mut verdict: *const edgeguard_verdict = unwritten();
        let s = unsafe {
            edgeguard::edgeguard_stream_verdict(
                nulls.ptr(0, stream.ptr),
                nulls.mut_ptr(1, &mut verdict),
            )
        };
        expect("stream_verdict", s, &[nulls.fault(2)], &[]);
        if s == S::Ok {
            // NULL exactly when no check has run yet.
            assert_eq!(verdict.is_null(), !stream.checked_once);
            if !verdict.is_null() {
                inspect_verdict(verdict);
            }
        } else {
            assert_eq!(verdict, unwritten());
        }
        let mut pushed = usize::MAX;
        let s = unsafe {
            edgeguard::edgeguard_stream_position(
                nulls.ptr(2, stream.ptr),
                &mut pushed,
                nulls.mut_ptr(3, &mut 0),
            )
        };
        expect(
            "stream_position",
            s,
            &[
                nulls.at(2).then_some(S::NullArgument),
                nulls.at(3).then_some(S::NullArgument),
            ],
            &[],
        );
    }

    fn stream_finish(&mut self, nulls: Nulls) {
        let Some(i) = self.any_stream() else { return };
        let mut verdict = unwritten();
        let s = unsafe {
            edgeguard::edgeguard_stream_finish(
                nulls.ptr(0, self.streams[i].ptr),
                nulls.mut_ptr(1, &mut verdict),
            )
        };
        expect("stream_finish", s, &[nulls.fault(2)], &[]);
        self.take_verdict(s, verdict);
        self.streams[i].check_position();
    }

    fn stream_free(&mut self) {
        let stream = self.streams.pop().map_or(null_mut(), |s| s.ptr);
        unsafe { edgeguard::edgeguard_stream_free(stream) };
    }

    fn robot_policy_new(&mut self, nulls: Nulls) {
        let (text, format) = match self.input.byte().unwrap_or(0) % 4 {
            0 => (Text::exact(TABLETOP_POLICY), 2),
            1 => (Text::exact(DRONE_POLICY), 1),
            _ => {
                let format = self.input.pick(&[1u32, 2, 0, u32::MAX]);
                (Text::read(&mut self.input), format)
            }
        };
        let mut policy = unwritten();
        let s = unsafe {
            edgeguard::edgeguard_robot_policy_new(
                text.ptr(),
                text.len,
                format,
                nulls.mut_ptr(0, &mut policy),
            )
        };
        let faults = [
            nulls.fault(1),
            text.fault(),
            (!matches!(format, 1 | 2)).then_some(S::OutOfRange),
        ];
        expect("robot_policy_new", s, &faults, &[S::RobotPolicy]);
        if s != S::Ok {
            assert_eq!(policy, unwritten());
        } else if self.policies.len() >= MAX_HANDLES {
            unsafe { edgeguard::edgeguard_robot_policy_free(policy) };
        } else {
            self.policies.push(policy);
        }
    }

    fn plan_new(&mut self, nulls: Nulls) {
        let text = match self.input.byte().unwrap_or(0) % 4 {
            0 => Text::exact(TABLETOP_PLAN),
            1 => Text::exact(DRONE_PLAN),
            _ => Text::read(&mut self.input),
        };
        let mut plan = unwritten();
        let s = unsafe {
            edgeguard::edgeguard_plan_new(text.ptr(), text.len, nulls.mut_ptr(0, &mut plan))
        };
        expect("plan_new", s, &[nulls.fault(1), text.fault()], &[S::Plan]);
        if s != S::Ok {
            assert_eq!(plan, unwritten());
        } else if self.plans.len() >= MAX_HANDLES {
            unsafe { edgeguard::edgeguard_plan_free(plan) };
        } else {
            self.plans.push(plan);
        }
    }

    /// `edgeguard_plan_check`, or `edgeguard_check_command` when the input asks for it.
    fn plan_check(&mut self, nulls: Nulls) {
        let policy = self.pick_handle(&self.policies.clone());
        let plan = self.pick_handle(&self.plans.clone());
        let command = self.input.byte().unwrap_or(0) & 1 == 1;
        let handles = [
            (nulls.at(0) || policy.is_null()).then_some(S::NullArgument),
            (nulls.at(1) || plan.is_null()).then_some(S::NullArgument),
            nulls.at(2).then_some(S::NullArgument),
        ];
        if !command {
            let mut verdict = unwritten();
            let s = unsafe {
                edgeguard::edgeguard_plan_check(
                    nulls.ptr(0, policy),
                    nulls.ptr(1, plan),
                    nulls.mut_ptr(2, &mut verdict),
                )
            };
            expect("plan_check", s, &handles, &[S::Plan]);
            if s == S::Ok {
                inspect_plan_verdict(verdict);
                unsafe { edgeguard::edgeguard_plan_verdict_free(verdict) };
            } else {
                assert_eq!(verdict, unwritten());
            }
            return;
        }
        let (guard, limit) = self.any_guard();
        let text = Text::read(&mut self.input);
        let mut verdict: *mut edgeguard_command_verdict = unwritten();
        let s = unsafe {
            edgeguard::edgeguard_check_command(
                nulls.ptr(3, guard),
                text.ptr(),
                text.len,
                nulls.ptr(0, policy),
                nulls.ptr(1, plan),
                nulls.mut_ptr(2, &mut verdict),
            )
        };
        let faults = [
            handles[0],
            handles[1],
            handles[2],
            nulls.at(3).then_some(S::NullArgument),
            text.screen_fault(limit),
        ];
        expect("check_command", s, &faults, &[S::Plan]);
        if s != S::Ok {
            assert_eq!(verdict, unwritten());
            return;
        }
        let mut action = edgeguard_action::Allow;
        let st = unsafe { edgeguard::edgeguard_command_verdict_action(verdict, &mut action) };
        expect("command_verdict_action", st, &[], &[]);
        let mut screened: *const edgeguard_verdict = unwritten();
        let st = unsafe { edgeguard::edgeguard_command_verdict_command(verdict, &mut screened) };
        expect("command_verdict_command", st, &[], &[]);
        let screened_action = inspect_verdict(screened);
        let mut plan_verdict: *const edgeguard_plan_verdict = unwritten();
        let st = unsafe { edgeguard::edgeguard_command_verdict_plan(verdict, &mut plan_verdict) };
        expect("command_verdict_plan", st, &[], &[]);
        let accepted = inspect_plan_verdict(plan_verdict);
        // Block when the plan breaks a rule, else the command screen's action.
        let combined = if accepted {
            screened_action
        } else {
            edgeguard_action::Block
        };
        assert_eq!(action, combined);
        let mut json: *const c_char = unwritten();
        let st =
            unsafe { edgeguard::edgeguard_command_verdict_json(verdict, &mut json, null_mut()) };
        expect("command_verdict_json", st, &[], &[]);
        let value: serde_json::Value =
            serde_json::from_str(c_str(json, None)).expect("command verdict JSON");
        assert!(value.get("command").is_some() && value.get("plan").is_some());
        let st = unsafe { edgeguard::edgeguard_command_verdict_action(verdict, null_mut()) };
        expect(
            "command_verdict_action without output",
            st,
            &[Some(S::NullArgument)],
            &[],
        );
        unsafe { edgeguard::edgeguard_command_verdict_free(verdict) };
    }

    /// One of `handles`, or NULL when there is none.
    fn pick_handle<T>(&mut self, handles: &[*mut T]) -> *mut T {
        if handles.is_empty() {
            return null_mut();
        }
        handles[usize::from(self.input.byte().unwrap_or(0)) % handles.len()]
    }

    fn free_all(&mut self) {
        for stream in self.streams.drain(..) {
            unsafe { edgeguard::edgeguard_stream_free(stream.ptr) };
        }
        for guard in self.guards.drain(1..) {
            unsafe { edgeguard::edgeguard_guard_free(guard.ptr) };
        }
        for policy in self.policies.drain(..) {
            unsafe { edgeguard::edgeguard_robot_policy_free(policy) };
        }
        for plan in self.plans.drain(..) {
            unsafe { edgeguard::edgeguard_plan_free(plan) };
        }
    }
}

impl Stream {
    /// What a successful push or check reported: once stopped, always stopped.
    fn record(&mut self, status: edgeguard_stream_status) {
        if self.stopped_at.is_some() {
            assert_eq!(status, edgeguard_stream_status::Stopped);
        }
        match status {
            edgeguard_stream_status::Pending => {}
            edgeguard_stream_status::Checked => self.checked_once = true,
            edgeguard_stream_status::Stopped => {
                self.checked_once = true;
                self.stopped_at.get_or_insert(self.pushed);
            }
        }
    }

    /// The stream's own account of its position matches what was accepted.
    fn check_position(&self) {
        let (mut pushed, mut stopped_at) = (usize::MAX, 0);
        let s =
            unsafe { edgeguard::edgeguard_stream_position(self.ptr, &mut pushed, &mut stopped_at) };
        assert_eq!(s, S::Ok);
        assert_eq!(
            pushed, self.pushed,
            "the stream holds other bytes than were accepted"
        );
        assert_eq!(stopped_at, self.stopped_at.unwrap_or(usize::MAX));
    }
}

/// Reads a verdict through every accessor; returns its action.
fn inspect_verdict(verdict: *const edgeguard_verdict) -> edgeguard_action {
    assert!(!verdict.is_null());
    let mut action = edgeguard_action::Allow;
    let s = unsafe { edgeguard::edgeguard_verdict_action(verdict, &mut action) };
    expect("verdict_action", s, &[], &[]);
    let mut p = -1.0f32;
    let s = unsafe { edgeguard::edgeguard_verdict_unsafe_probability(verdict, &mut p) };
    expect("verdict_unsafe_probability", s, &[], &[]);
    assert!((0.0..=1.0).contains(&p), "unsafe probability {p}");

    let mut probabilities = [-1.0f32; EDGEGUARD_LABEL_COUNT + 1];
    let s = unsafe {
        edgeguard::edgeguard_verdict_label_probabilities(
            verdict,
            probabilities.as_mut_ptr(),
            EDGEGUARD_LABEL_COUNT - 1,
        )
    };
    expect(
        "label_probabilities, short",
        s,
        &[Some(S::BufferTooSmall)],
        &[],
    );
    assert!(
        probabilities.iter().all(|&p| p == -1.0),
        "written on failure"
    );
    let s = unsafe {
        edgeguard::edgeguard_verdict_label_probabilities(
            verdict,
            probabilities.as_mut_ptr(),
            probabilities.len(),
        )
    };
    expect("label_probabilities", s, &[], &[]);
    assert_eq!(
        probabilities[EDGEGUARD_LABEL_COUNT], -1.0,
        "written past the labels"
    );
    for (label, &expected) in probabilities[..EDGEGUARD_LABEL_COUNT].iter().enumerate() {
        assert!((0.0..=1.0).contains(&expected));
        let mut p = -1.0f32;
        let label = u8::try_from(label).expect("few labels");
        let s = unsafe { edgeguard::edgeguard_verdict_label_probability(verdict, label, &mut p) };
        expect("label_probability", s, &[], &[]);
        assert_eq!(p, expected);
    }
    let mut p = -1.0f32;
    let past = EDGEGUARD_LABEL_COUNT as u8;
    let s = unsafe { edgeguard::edgeguard_verdict_label_probability(verdict, past, &mut p) };
    expect(
        "label_probability past the end",
        s,
        &[Some(S::OutOfRange)],
        &[],
    );

    let mut count = usize::MAX;
    let s = unsafe { edgeguard::edgeguard_verdict_fired_count(verdict, &mut count) };
    expect("fired_count", s, &[], &[]);
    assert!(count <= EDGEGUARD_LABEL_COUNT);
    let mut previous = None;
    for i in 0..=count {
        let unset = Label::ALL[0];
        let mut label = unset;
        let s = unsafe { edgeguard::edgeguard_verdict_fired_label(verdict, i, &mut label) };
        if i == count {
            expect("fired_label past the end", s, &[Some(S::OutOfRange)], &[]);
            assert_eq!(label, unset);
        } else {
            expect("fired_label", s, &[], &[]);
            let index = Label::ALL.iter().position(|&l| l == label);
            assert!(previous < index, "fired labels out of order");
            previous = index;
        }
    }

    let mut json: *const c_char = unwritten();
    let mut len = usize::MAX;
    let s = unsafe { edgeguard::edgeguard_verdict_json(verdict, &mut json, &mut len) };
    expect("verdict_json", s, &[], &[]);
    let value: serde_json::Value =
        serde_json::from_str(c_str(json, Some(len))).expect("verdict JSON");
    let name = match action {
        edgeguard_action::Allow => "allow",
        edgeguard_action::Flag => "flag",
        edgeguard_action::Block => "block",
    };
    assert_eq!(value["action"], name);
    assert_eq!(value["fired"].as_array().map(Vec::len), Some(count));

    let s = unsafe { edgeguard::edgeguard_verdict_action(null(), &mut action) };
    expect("verdict_action of NULL", s, &[Some(S::NullArgument)], &[]);
    let s = unsafe { edgeguard::edgeguard_verdict_json(verdict, null_mut(), &mut len) };
    expect(
        "verdict_json without output",
        s,
        &[Some(S::NullArgument)],
        &[],
    );
    action
}

/// Reads a plan verdict through every accessor; returns whether the plan was accepted.
fn inspect_plan_verdict(verdict: *const edgeguard_plan_verdict) -> bool {
    assert!(!verdict.is_null());
    let mut accepted = false;
    let s = unsafe { edgeguard::edgeguard_plan_verdict_accepted(verdict, &mut accepted) };
    expect("plan_verdict_accepted", s, &[], &[]);
    let mut steps = usize::MAX;
    let s = unsafe { edgeguard::edgeguard_plan_verdict_steps(verdict, &mut steps) };
    expect("plan_verdict_steps", s, &[], &[]);

    let mut count = usize::MAX;
    let s = unsafe { edgeguard::edgeguard_plan_verdict_constraint_count(verdict, &mut count) };
    expect("plan_verdict_constraint_count", s, &[], &[]);
    for i in 0..=count {
        let mut id: *const c_char = unwritten();
        let mut status = edgeguard_constraint_status::Satisfied;
        let mut step = 0;
        let s = unsafe {
            edgeguard::edgeguard_plan_verdict_constraint(
                verdict,
                i,
                &mut id,
                &mut status,
                &mut step,
            )
        };
        if i == count {
            expect(
                "plan_verdict_constraint past the end",
                s,
                &[Some(S::OutOfRange)],
                &[],
            );
            continue;
        }
        expect("plan_verdict_constraint", s, &[], &[]);
        c_str(id, None);
        if status == edgeguard_constraint_status::Violated {
            assert!(step < steps.max(1), "violated at step {step} of {steps}");
        } else {
            assert_eq!(step, EDGEGUARD_NO_STEP);
        }
    }

    let mut reasons = usize::MAX;
    let s = unsafe { edgeguard::edgeguard_plan_verdict_reason_count(verdict, &mut reasons) };
    expect("plan_verdict_reason_count", s, &[], &[]);
    assert_eq!(
        reasons == 0,
        accepted,
        "{reasons} reasons, accepted {accepted}"
    );
    for i in 0..=reasons {
        let mut kind = edgeguard_reason_kind::Other;
        let (mut constraint, mut message): (*const c_char, *const c_char) = (null(), null());
        let mut step = 0;
        let s = unsafe {
            edgeguard::edgeguard_plan_verdict_reason(
                verdict,
                i,
                &mut kind,
                &mut constraint,
                &mut message,
                &mut step,
            )
        };
        if i == reasons {
            expect(
                "plan_verdict_reason past the end",
                s,
                &[Some(S::OutOfRange)],
                &[],
            );
            continue;
        }
        expect("plan_verdict_reason", s, &[], &[]);
        c_str(constraint, None);
        c_str(message, None);
        assert!(step == EDGEGUARD_NO_STEP || step < steps.max(1));
    }
    let s = unsafe {
        edgeguard::edgeguard_plan_verdict_reason(
            verdict,
            0,
            null_mut(),
            null_mut(),
            null_mut(),
            null_mut(),
        )
    };
    let past = (reasons == 0).then_some(S::OutOfRange);
    expect(
        "plan_verdict_reason without outputs",
        s,
        &[Some(S::NullArgument), past],
        &[],
    );

    let mut json: *const c_char = unwritten();
    let mut len = 0;
    let s = unsafe { edgeguard::edgeguard_plan_verdict_json(verdict, &mut json, &mut len) };
    expect("plan_verdict_json", s, &[], &[]);
    let value: serde_json::Value =
        serde_json::from_str(c_str(json, Some(len))).expect("plan verdict JSON");
    assert_eq!(value["accepted"], accepted);
    accepted
}
