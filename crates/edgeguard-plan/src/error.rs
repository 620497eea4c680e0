//! The one error type of the plan-check area, with where each problem is.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use serde::Serialize;

use crate::ltl::LtlError;

/// Where in a policy or plan a problem is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "in", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Location {
    /// The policy's `domains` table.
    Domains,
    /// The policy's `propositions` list.
    Propositions,
    /// The policy's `exclusive` list, group `index` (0-based).
    Group {
        /// 0-based index of the group.
        index: usize,
    },
    /// The policy's `initial` list.
    Initial,
    /// An action of the policy; `action` is its name, with arguments once grounded.
    Action {
        /// The action, e.g. `fly_to` or `fly_to(attic)`.
        action: String,
    },
    /// A constraint of the policy.
    Constraint {
        /// The constraint's id.
        id: String,
    },
    /// A step of a plan.
    Step {
        /// 0-based index of the step.
        index: usize,
    },
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Domains => f.write_str("domains"),
            Self::Propositions => f.write_str("propositions"),
            Self::Group { index } => write!(f, "exclusive group {index}"),
            Self::Initial => f.write_str("initial state"),
            Self::Action { action } => write!(f, "action `{action}`"),
            Self::Constraint { id } => write!(f, "constraint `{id}`"),
            Self::Step { index } => write!(f, "step {index}"),
        }
    }
}

/// Why a robot policy or a plan was not accepted for checking.
///
/// A plan that loads but breaks the rules is not an error: it gets a rejected
/// [`PlanVerdict`](super::PlanVerdict). The serde form is tagged by `kind` (snake_case).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum PlanError {
    /// The file is not valid JSON/TOML, or does not have the expected shape.
    Syntax {
        /// `json` or `toml`.
        format: &'static str,
        /// The parser's message (it includes the line and column).
        message: String,
    },
    /// A name breaks the naming rules (propositions `[a-z_][a-z0-9_]*`; domain names and values
    /// `[a-z0-9_]+`; constraint ids and action names non-empty).
    InvalidName {
        /// Where the name is.
        at: Location,
        /// The name.
        name: String,
    },
    /// A name is declared twice.
    Duplicate {
        /// Where the second declaration is.
        at: Location,
        /// The name.
        name: String,
    },
    /// A `{placeholder}` names no domain (in propositions and groups) or no parameter (in
    /// action effects), or a template is malformed.
    BadTemplate {
        /// Where the template is.
        at: Location,
        /// The template.
        template: String,
    },
    /// An action parameter names a domain the policy does not declare.
    UnknownDomain {
        /// The action.
        at: Location,
        /// The domain name.
        domain: String,
    },
    /// A proposition that the policy does not declare.
    UnknownProp {
        /// Where it is used.
        at: Location,
        /// The name.
        name: String,
    },
    /// A plan step names an action the policy does not declare.
    UnknownAction {
        /// 0-based step index.
        step: usize,
        /// The action name.
        name: String,
    },
    /// A plan step gives an action the wrong number of arguments.
    Arity {
        /// 0-based step index.
        step: usize,
        /// The action name.
        action: String,
        /// Parameters the action declares.
        expected: usize,
        /// Arguments the step gives.
        found: usize,
    },
    /// A plan step gives an argument outside the parameter's domain.
    BadArgument {
        /// 0-based step index.
        step: usize,
        /// The action name.
        action: String,
        /// The argument.
        value: String,
    },
    /// A plan step has neither an action nor propositions, or its text form does not parse.
    BadStep {
        /// 0-based step index.
        step: usize,
        /// What is wrong.
        reason: &'static str,
    },
    /// Two propositions of one exclusive group are true together in the initial state, or a
    /// proposition is put in two groups.
    Exclusive {
        /// Where.
        at: Location,
        /// The propositions involved.
        props: Vec<String>,
    },
    /// A constraint's formula does not parse or compile.
    Formula {
        /// The constraint's id.
        id: String,
        /// Why.
        source: LtlError,
    },
    /// No plan with at least one step satisfies all the constraints together (respecting the
    /// exclusive groups). `ids` is a minimal set of constraints that conflict.
    Unsatisfiable {
        /// Ids of conflicting constraints; dropping any one of them removes this conflict.
        ids: Vec<String>,
    },
    /// The policy exceeds a documented bound of [`crate`].
    TooLarge {
        /// What is too large.
        what: &'static str,
        /// The bound.
        max: usize,
        /// Ids of the constraints involved, when the bound is about their joint analysis.
        ids: Vec<String>,
    },
}

impl fmt::Display for PlanError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Syntax { format, message } => write!(f, "invalid {format}: {message}"),
            Self::InvalidName { at, name } => write!(f, "{at}: invalid name `{name}`"),
            Self::Duplicate { at, name } => write!(f, "{at}: `{name}` is declared twice"),
            Self::BadTemplate { at, template } => {
                write!(
                    f,
                    "{at}: template `{template}` names no domain or parameter"
                )
            }
            Self::UnknownDomain { at, domain } => write!(f, "{at}: unknown domain `{domain}`"),
            Self::UnknownProp { at, name } => write!(f, "{at}: unknown proposition `{name}`"),
            Self::UnknownAction { step, name } => write!(f, "step {step}: unknown action `{name}`"),
            Self::Arity {
                step,
                action,
                expected,
                found,
            } => write!(
                f,
                "step {step}: action `{action}` takes {expected} argument(s), {found} given"
            ),
            Self::BadArgument {
                step,
                action,
                value,
            } => {
                write!(
                    f,
                    "step {step}: `{value}` is not a valid argument of `{action}`"
                )
            }
            Self::BadStep { step, reason } => write!(f, "step {step}: {reason}"),
            Self::Exclusive { at, props } => {
                write!(
                    f,
                    "{at}: mutually exclusive propositions {}",
                    props.join(", ")
                )
            }
            Self::Formula { id, source } => write!(f, "constraint `{id}`: {source}"),
            Self::Unsatisfiable { ids } => {
                write!(
                    f,
                    "constraints cannot all hold together: {}",
                    ids.join(", ")
                )
            }
            Self::TooLarge { what, max, ids } if ids.is_empty() => {
                write!(f, "policy too large: more than {max} {what}")
            }
            Self::TooLarge { what, max, ids } => write!(
                f,
                "policy too large: more than {max} {what} (constraints {})",
                ids.join(", ")
            ),
        }
    }
}

impl core::error::Error for PlanError {
    fn source(&self) -> Option<&(dyn core::error::Error + 'static)> {
        match self {
            Self::Formula { source, .. } => Some(source),
            _ => None,
        }
    }
}
