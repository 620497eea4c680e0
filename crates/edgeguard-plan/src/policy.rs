//! The loaded robot policy: interned propositions, grounded actions, compiled constraints.

use alloc::collections::BTreeMap;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use serde::Serialize;

use super::error::{Location, PlanError};
use super::joint::Joint;
use super::monitor::{Monitor, Step};
use super::props::{PropId, PropSet};
use super::spec::{Plan, PlanStep, PolicySpec};
use super::verdict::PlanVerdict;
use crate::ltl::Automaton;

/// An action with concrete arguments, e.g. `fly_to(kitchen)`, interned at load time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ActionId(pub(crate) u16);

impl ActionId {
    /// The index in [`RobotPolicy::actions`].
    pub const fn index(self) -> usize {
        self.0 as usize
    }
}

/// A constraint of a policy, by position.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ConstraintId(pub(crate) u16);

impl ConstraintId {
    /// The index in [`RobotPolicy::constraints`].
    pub const fn index(self) -> usize {
        self.0 as usize
    }
}

/// A grounded action: a policy action with one value per parameter, and its effects.
///
/// Serializes as `{"name": "fly_to", "args": ["kitchen"]}`; displays as `fly_to(kitchen)`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct GroundAction {
    pub(crate) name: String,
    pub(crate) args: Vec<String>,
    /// Propositions the action makes true.
    #[serde(skip)]
    pub(crate) sets: PropSet,
    /// Propositions it makes false: its `clears`, and the exclusive-group peers of `sets`.
    #[serde(skip)]
    pub(crate) clears: PropSet,
}

impl GroundAction {
    /// The action's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The arguments, in parameter order.
    pub fn args(&self) -> &[String] {
        &self.args
    }

    /// Propositions true after the action.
    pub fn sets(&self) -> &PropSet {
        &self.sets
    }

    /// Propositions false after the action (exclusive-group peers of `sets` included).
    pub fn clears(&self) -> &PropSet {
        &self.clears
    }

    /// The world state after the action: clears first, then sets.
    #[inline]
    pub fn apply(&self, world: &PropSet) -> PropSet {
        world.difference(&self.clears).union(&self.sets)
    }
}

impl fmt::Display for GroundAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)?;
        if !self.args.is_empty() {
            write!(f, "({})", self.args.join(", "))?;
        }
        Ok(())
    }
}

/// A compiled constraint: its formula's automaton over its own propositions.
#[derive(Clone, Debug)]
pub struct Constraint {
    pub(crate) id: String,
    pub(crate) message: String,
    pub(crate) formula: String,
    pub(crate) automaton: Automaton,
    /// Policy id of each automaton proposition: bit `i` of a letter is `props[i]`.
    pub(crate) props: Vec<PropId>,
    /// Per automaton state: whether acceptance is reachable through steps that respect the
    /// exclusive groups.
    pub(crate) live: Vec<bool>,
}

impl Constraint {
    /// The constraint's id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The message reported when it is violated.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The LTLf formula as written.
    pub fn formula(&self) -> &str {
        &self.formula
    }

    /// The compiled automaton (its alphabet is [`Constraint::props`], same order).
    pub fn automaton(&self) -> &Automaton {
        &self.automaton
    }

    /// The propositions the formula mentions, as policy ids.
    pub fn props(&self) -> &[PropId] {
        &self.props
    }

    /// The automaton letter for a world state.
    #[inline]
    pub(crate) fn letter(&self, world: &PropSet) -> u32 {
        let mut letter = 0;
        for (i, p) in self.props.iter().enumerate() {
            letter |= u32::from(world.contains(*p)) << i;
        }
        letter
    }
}

/// A domain of values for action parameters.
#[derive(Clone, Debug)]
pub(crate) struct Domain {
    pub(crate) values: Vec<String>,
}

/// An action as declared: ground instances are `first .. first + count`, first parameter
/// varying slowest.
#[derive(Clone, Debug)]
pub(crate) struct Schema {
    /// Domain index per parameter.
    pub(crate) params: Vec<usize>,
    pub(crate) first: usize,
}

/// A loaded robot policy, ready to check plans.
///
/// Load with [`RobotPolicy::from_json`] or [`RobotPolicy::from_toml`]; the file format and the
/// checking semantics are in [`crate`]. Loading validates every name, grounds every
/// action, compiles every constraint and rejects policies whose constraints cannot all hold.
#[derive(Clone, Debug)]
pub struct RobotPolicy {
    pub(crate) name: Option<String>,
    pub(crate) props: Vec<String>,
    pub(crate) prop_ids: BTreeMap<String, PropId>,
    pub(crate) groups: Vec<PropSet>,
    pub(crate) initial: PropSet,
    pub(crate) domains: Vec<Domain>,
    pub(crate) schemas: BTreeMap<String, Schema>,
    pub(crate) actions: Vec<GroundAction>,
    pub(crate) constraints: Vec<Constraint>,
    pub(crate) joint: Joint,
}

impl RobotPolicy {
    /// Loads a policy from JSON.
    ///
    /// # Errors
    ///
    /// [`PlanError`] naming the first problem and where it is: syntax, names, templates,
    /// unknown propositions, formulas, bounds, or constraints that cannot all hold
    /// ([`PlanError::Unsatisfiable`]).
    pub fn from_json(src: &str) -> Result<Self, PlanError> {
        super::load::build(PolicySpec::from_json(src)?)
    }

    /// Loads a policy from TOML (same fields as JSON).
    ///
    /// # Errors
    ///
    /// As [`RobotPolicy::from_json`].
    pub fn from_toml(src: &str) -> Result<Self, PlanError> {
        super::load::build(PolicySpec::from_toml(src)?)
    }

    /// The policy's `name`, if the file gives one.
    pub fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }

    /// All propositions; a [`PropId`] indexes this list.
    pub fn props(&self) -> &[String] {
        &self.props
    }

    /// The id of a proposition, by exact name.
    pub fn prop_id(&self, name: &str) -> Option<PropId> {
        self.prop_ids.get(name).copied()
    }

    /// The name of a proposition.
    ///
    /// # Panics
    ///
    /// If `id` belongs to another policy with more propositions.
    pub fn prop_name(&self, id: PropId) -> &str {
        &self.props[id.index()]
    }

    /// The exclusive groups: at most one proposition of each is true at any step.
    pub fn groups(&self) -> &[PropSet] {
        &self.groups
    }

    /// The world state before the first step.
    pub fn initial(&self) -> &PropSet {
        &self.initial
    }

    /// Every grounded action; an [`ActionId`] indexes this list.
    pub fn actions(&self) -> &[GroundAction] {
        &self.actions
    }

    /// A grounded action.
    ///
    /// # Panics
    ///
    /// If `id` belongs to another policy with more actions.
    pub fn action(&self, id: ActionId) -> &GroundAction {
        &self.actions[id.index()]
    }

    /// The constraints, in file order; a [`ConstraintId`] indexes this list.
    pub fn constraints(&self) -> &[Constraint] {
        &self.constraints
    }

    /// The id of a constraint, by its `id`.
    pub fn constraint_id(&self, id: &str) -> Option<ConstraintId> {
        // Bounded by MAX_CONSTRAINTS.
        self.constraints
            .iter()
            .position(|c| c.id == id)
            .map(|k| ConstraintId(k as u16))
    }

    /// The id of a grounded action, by name and arguments.
    pub fn action_id<S: AsRef<str>>(&self, name: &str, args: &[S]) -> Option<ActionId> {
        self.ground(name, args, 0).ok()
    }

    fn ground<S: AsRef<str>>(
        &self,
        name: &str,
        args: &[S],
        step: usize,
    ) -> Result<ActionId, PlanError> {
        let Some(schema) = self.schemas.get(name) else {
            return Err(PlanError::UnknownAction {
                step,
                name: name.into(),
            });
        };
        if args.len() != schema.params.len() {
            return Err(PlanError::Arity {
                step,
                action: name.into(),
                expected: schema.params.len(),
                found: args.len(),
            });
        }
        let mut index = 0;
        for (arg, domain) in args.iter().zip(&schema.params) {
            let values = &self.domains[*domain].values;
            let Some(k) = values.iter().position(|v| v == arg.as_ref()) else {
                return Err(PlanError::BadArgument {
                    step,
                    action: name.into(),
                    value: arg.as_ref().into(),
                });
            };
            index = index * values.len() + k;
        }
        // Ground ids are bounded by MAX_ACTIONS at load.
        Ok(ActionId((schema.first + index) as u16))
    }

    /// Resolves one plan step (0-based index `index`, for error locations).
    ///
    /// # Errors
    ///
    /// [`PlanError::UnknownAction`], [`PlanError::Arity`], [`PlanError::BadArgument`],
    /// [`PlanError::UnknownProp`] or [`PlanError::BadStep`], with the step index.
    pub fn resolve_step(&self, step: &PlanStep, index: usize) -> Result<Step, PlanError> {
        let action = match &step.action {
            Some(name) => Some(self.ground(name, &step.args, index)?),
            None if !step.args.is_empty() => {
                return Err(PlanError::BadStep {
                    step: index,
                    reason: "arguments without an action",
                });
            }
            None => None,
        };
        match (&step.props, action) {
            (Some(names), _) => {
                let mut set = PropSet::new();
                for name in names {
                    let id = self.prop_id(name).ok_or_else(|| PlanError::UnknownProp {
                        at: Location::Step { index },
                        name: name.clone(),
                    })?;
                    set.insert(id);
                }
                Ok(Step::State(set))
            }
            (None, Some(a)) => Ok(Step::Action(a)),
            (None, None) => Err(PlanError::BadStep {
                step: index,
                reason: "a step needs an action or props",
            }),
        }
    }

    /// Resolves every step of a plan against this policy.
    ///
    /// # Errors
    ///
    /// The first step's error, as [`RobotPolicy::resolve_step`].
    pub fn resolve(&self, plan: &Plan) -> Result<Vec<Step>, PlanError> {
        plan.steps
            .iter()
            .enumerate()
            .map(|(i, s)| self.resolve_step(s, i))
            .collect()
    }

    /// A monitor at the start of a plan.
    pub fn monitor(&self) -> Monitor<'_> {
        Monitor::new(self)
    }

    /// Checks a whole plan: resolves it, runs a monitor over it, and reports as at its end.
    ///
    /// # Errors
    ///
    /// A [`PlanError`] when the plan does not resolve (unknown action or proposition, ...). A
    /// plan that breaks the rules is `Ok` with a rejected verdict.
    pub fn check(&self, plan: &Plan) -> Result<PlanVerdict, PlanError> {
        let steps = self.resolve(plan)?;
        let mut monitor = self.monitor();
        monitor.run(steps);
        Ok(monitor.verdict())
    }
}
