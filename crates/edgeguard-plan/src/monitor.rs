//! The online monitor: feed steps, read per-constraint status, mask the next action.
//!
//! All runtime state is fixed-size (`heapless` vectors and bit sets): stepping, status queries,
//! [`Monitor::can_complete`] and [`Monitor::allowed_actions`] never touch the heap. Only
//! [`Monitor::verdict`], which builds a report with names and messages, allocates.

use heapless::Vec as HVec;
use serde::{Deserialize, Serialize};

use super::joint::HORIZON_WORDS;
use super::policy::{ActionId, ConstraintId, RobotPolicy};
use super::props::PropSet;
use super::{MAX_CONSTRAINTS, MAX_RECORDED_CONFLICTS};
use crate::ltl::StateId;

/// A resolved plan step (see [`RobotPolicy::resolve`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// Apply an action's effects to the current world state (an id that is not one of the
    /// policy's leaves the world state unchanged).
    Action(ActionId),
    /// The world state after the step is exactly this set.
    State(PropSet),
}

/// Where one constraint stands on the plan so far.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum ConstraintStatus {
    /// The plan so far satisfies it: it would hold if the plan ended here.
    Satisfied,
    /// Not satisfied yet, but some continuation can still satisfy it.
    Pending,
    /// No continuation can satisfy it any more, since step `step` (0-based).
    Violated {
        /// The step after which it became impossible to satisfy.
        step: usize,
    },
}

/// What one step did.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepReport {
    /// 0-based index of the step.
    pub step: usize,
    /// Constraints this step made impossible to satisfy.
    pub newly_violated: usize,
    /// Whether the step made two propositions of one exclusive group true.
    pub exclusive_conflict: bool,
    /// Whether the plan is now rejected whatever comes next (a constraint is violated or an
    /// exclusive group was broken).
    pub rejected: bool,
}

/// An exclusive-group conflict seen at a step.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Conflict {
    pub(crate) step: u32,
    pub(crate) props: PropSet,
}

const NOT_VIOLATED: u32 = u32::MAX;

/// Checks a plan step by step against a [`RobotPolicy`].
///
/// ```
/// use edgeguard_plan::{ConstraintStatus, RobotPolicy, Step};
/// let policy = RobotPolicy::from_json(r#"{
///     "domains": {"room": ["hall", "lab", "dock"]},
///     "propositions": ["at_{room}"],
///     "exclusive": [["at_{room}"]],
///     "actions": [{"name": "go", "params": ["room"], "sets": ["at_{room}"]}],
///     "constraints": [
///         {"id": "no_lab", "message": "never enter the lab", "formula": "G !at_lab"},
///         {"id": "dock_last", "message": "end at the dock", "formula": "F at_dock & G (at_dock -> N false)"}
///     ]}"#)?;
/// let mut m = policy.monitor();
/// m.step(Step::Action(policy.action_id("go", &["hall"]).unwrap()));
/// assert_eq!(m.status(policy.constraint_id("dock_last").unwrap()), ConstraintStatus::Pending);
/// // Only going to the dock (and ending there) or staying in the hall keep every rule satisfiable.
/// let allowed: Vec<String> = m.allowed_actions().map(|a| policy.action(a).to_string()).collect();
/// assert_eq!(allowed, ["go(hall)", "go(dock)"]);
/// let report = m.step(Step::Action(policy.action_id("go", &["lab"]).unwrap()));
/// assert!(report.rejected);
/// # Ok::<(), edgeguard_plan::PlanError>(())
/// ```
#[derive(Clone, Debug)]
pub struct Monitor<'p> {
    policy: &'p RobotPolicy,
    world: PropSet,
    states: HVec<StateId, MAX_CONSTRAINTS>,
    violated_at: HVec<u32, MAX_CONSTRAINTS>,
    conflicts: HVec<Conflict, MAX_RECORDED_CONFLICTS>,
    conflict_count: u32,
    steps: u32,
}

impl<'p> Monitor<'p> {
    pub(crate) fn new(policy: &'p RobotPolicy) -> Self {
        let mut states = HVec::new();
        let mut violated_at = HVec::new();
        // The policy holds at most MAX_CONSTRAINTS constraints, so the pushes cannot fail.
        for c in &policy.constraints {
            let _ = states.push(c.automaton.initial());
            let _ = violated_at.push(NOT_VIOLATED);
        }
        Self {
            policy,
            world: policy.initial,
            states,
            violated_at,
            conflicts: HVec::new(),
            conflict_count: 0,
            steps: 0,
        }
    }

    /// The policy this monitor checks against.
    pub fn policy(&self) -> &'p RobotPolicy {
        self.policy
    }

    /// Number of steps fed so far.
    pub fn steps(&self) -> usize {
        self.steps as usize
    }

    /// The world state after the last step (the policy's initial state before any).
    pub fn world(&self) -> &PropSet {
        &self.world
    }

    /// Feeds one step.
    pub fn step(&mut self, step: Step) -> StepReport {
        let index = self.steps;
        self.world = match step {
            Step::Action(a) => self
                .policy
                .actions
                .get(a.index())
                .map_or(self.world, |g| g.apply(&self.world)),
            Step::State(s) => s,
        };
        let mut exclusive_conflict = false;
        for g in &self.policy.groups {
            let both = self.world.intersection(g);
            if both.len() > 1 {
                exclusive_conflict = true;
                self.conflict_count = self.conflict_count.saturating_add(1);
                let _ = self.conflicts.push(Conflict {
                    step: index,
                    props: both,
                });
            }
        }
        let mut newly_violated = 0;
        for ((c, state), violated) in self
            .policy
            .constraints
            .iter()
            .zip(self.states.iter_mut())
            .zip(self.violated_at.iter_mut())
        {
            *state = c.automaton.next(*state, c.letter(&self.world));
            if *violated == NOT_VIOLATED && !c.live[state.index()] {
                *violated = index;
                newly_violated += 1;
            }
        }
        self.steps = self.steps.saturating_add(1);
        StepReport {
            step: index as usize,
            newly_violated,
            exclusive_conflict,
            rejected: self.is_rejected(),
        }
    }

    /// Feeds several steps in order.
    pub fn run(&mut self, steps: impl IntoIterator<Item = Step>) {
        for s in steps {
            self.step(s);
        }
    }

    /// Where a constraint stands.
    ///
    /// # Panics
    ///
    /// If `id` belongs to another policy with more constraints.
    pub fn status(&self, id: ConstraintId) -> ConstraintStatus {
        let k = id.index();
        if self.violated_at[k] != NOT_VIOLATED {
            ConstraintStatus::Violated {
                step: self.violated_at[k] as usize,
            }
        } else if self.policy.constraints[k]
            .automaton
            .is_accepting(self.states[k])
        {
            ConstraintStatus::Satisfied
        } else {
            ConstraintStatus::Pending
        }
    }

    /// Every constraint's status, in policy order.
    pub fn statuses(&self) -> impl Iterator<Item = (ConstraintId, ConstraintStatus)> + '_ {
        (0..self.states.len()).map(|k| {
            let id = ConstraintId(k as u16);
            (id, self.status(id))
        })
    }

    /// Whether the plan is rejected whatever comes next: a constraint is violated, or a step
    /// broke an exclusive group.
    pub fn is_rejected(&self) -> bool {
        self.conflict_count > 0 || self.violated_at.iter().any(|v| *v != NOT_VIOLATED)
    }

    /// Whether the plan would be accepted if it ended now.
    pub fn is_accepted(&self) -> bool {
        !self.is_rejected()
            && self
                .statuses()
                .all(|(_, s)| s == ConstraintStatus::Satisfied)
    }

    /// Whether some continuation (possibly empty) of the plan satisfies every constraint at
    /// once. This is stronger than "no constraint is violated": two pending constraints may
    /// each be satisfiable but not together (one needs the plan to end now, the other needs
    /// another step).
    pub fn can_complete(&self) -> bool {
        !self.is_rejected() && self.completable(&self.states)
    }

    /// Whether applying action `a` next keeps the plan completable (see
    /// [`Monitor::allowed_actions`]).
    pub fn is_allowed(&self, a: ActionId) -> bool {
        let Some(action) = self.policy.actions.get(a.index()) else {
            return false;
        };
        if self.is_rejected() {
            return false;
        }
        let world = action.apply(&self.world);
        if self
            .policy
            .groups
            .iter()
            .any(|g| world.intersection(g).len() > 1)
        {
            return false;
        }
        let mut next: HVec<StateId, MAX_CONSTRAINTS> = HVec::new();
        for (c, s) in self.policy.constraints.iter().zip(&self.states) {
            let d = c.automaton.next(*s, c.letter(&world));
            if !c.live[d.index()] {
                return false;
            }
            let _ = next.push(d);
        }
        self.completable(&next)
    }

    /// The actions that keep every constraint satisfiable: after each, some continuation
    /// satisfies all constraints together and respects the exclusive groups (continuations may
    /// be any steps, state steps included). Empty once the plan is rejected. In policy order.
    ///
    /// This is SELP-style constrained decoding: a planner that only picks allowed actions can
    /// only produce plans that obey the rules (as long as it can also end the plan when
    /// [`Monitor::is_accepted`]).
    pub fn allowed_actions(&self) -> impl Iterator<Item = ActionId> + '_ {
        (0..self.policy.actions.len())
            .map(|k| ActionId(k as u16))
            .filter(|a| self.is_allowed(*a))
    }

    /// Whether the components' product states have a common completion length.
    fn completable(&self, states: &[StateId]) -> bool {
        let joint = &self.policy.joint;
        let mut acc = [u64::MAX; HORIZON_WORDS];
        for w in acc.iter_mut().skip(joint.words) {
            *w = 0;
        }
        for (k, comp) in joint.comps.iter().enumerate() {
            let mut tuple: HVec<u16, MAX_CONSTRAINTS> = HVec::new();
            for m in &comp.members {
                let _ = tuple.push(states[*m].0);
            }
            match joint.row(k, &tuple) {
                Some(row) => acc.iter_mut().zip(row).for_each(|(a, r)| *a &= r),
                None => return false,
            }
        }
        acc.iter().any(|w| *w != 0)
    }

    pub(crate) fn conflicts(&self) -> (&[Conflict], usize) {
        (&self.conflicts, self.conflict_count as usize)
    }
}
