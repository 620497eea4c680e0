//! Checking plan steps never allocates: a counting global allocator watches the monitor.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

use edgeguard_plan::{Plan, RobotPolicy, Step};

struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

thread_local! {
    /// Count only on the thread under test, only while armed.
    static ARMED: Cell<bool> = const { Cell::new(false) };
}

// SAFETY: forwards every call to the system allocator unchanged; only counts.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if ARMED.with(Cell::get) {
            ALLOCATIONS.fetch_add(1, Ordering::SeqCst);
        }
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if ARMED.with(Cell::get) {
            ALLOCATIONS.fetch_add(1, Ordering::SeqCst);
        }
        // SAFETY: same contract as the caller's.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Runs `f` and returns how many allocations it made on this thread.
fn allocations_during(f: impl FnOnce()) -> usize {
    let before = ALLOCATIONS.load(Ordering::SeqCst);
    ARMED.with(|a| a.set(true));
    f();
    ARMED.with(|a| a.set(false));
    ALLOCATIONS.load(Ordering::SeqCst) - before
}

fn example_plans(policy: &RobotPolicy, dir: &Path) -> Vec<Vec<Step>> {
    let mut out = Vec::new();
    for sub in ["accepted", "rejected"] {
        for entry in std::fs::read_dir(dir.join("plans").join(sub)).unwrap() {
            let plan =
                Plan::from_json(&std::fs::read_to_string(entry.unwrap().path()).unwrap()).unwrap();
            out.push(policy.resolve(&plan).unwrap());
        }
    }
    out
}

#[test]
fn monitoring_and_decoding_do_not_allocate() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/robot");
    let drone =
        RobotPolicy::from_json(&std::fs::read_to_string(root.join("drone/policy.json")).unwrap())
            .unwrap();
    let tabletop = RobotPolicy::from_toml(
        &std::fs::read_to_string(root.join("tabletop/policy.toml")).unwrap(),
    )
    .unwrap();
    let mut checked_steps = 0;
    for (policy, dir) in [
        (&drone, root.join("drone")),
        (&tabletop, root.join("tabletop")),
    ] {
        let plans = example_plans(policy, &dir);
        assert!(plans.len() >= 7);
        for steps in &plans {
            let mut sink = 0usize;
            let n = allocations_during(|| {
                let mut m = policy.monitor();
                sink += m.allowed_actions().count();
                for s in steps {
                    let report = m.step(*s);
                    sink += report.newly_violated + usize::from(report.rejected);
                    sink += m.allowed_actions().count();
                    sink += usize::from(m.can_complete());
                    sink += m
                        .statuses()
                        .filter(|(_, s)| s.ne(&edgeguard_plan::ConstraintStatus::Pending))
                        .count();
                }
                sink += usize::from(m.is_accepted()) + m.steps();
                checked_steps += m.steps();
            });
            assert_eq!(n, 0, "{} allocation(s) while checking {steps:?}", n);
            std::hint::black_box(sink);
        }
    }
    assert!(checked_steps > 50);
    // The counter does see allocations: building a verdict allocates.
    let m = drone.monitor();
    assert!(allocations_during(|| drop(std::hint::black_box(m.verdict()))) > 0);
}
