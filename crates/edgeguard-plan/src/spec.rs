//! File formats: the policy file (JSON or TOML) and the plan file (JSON).

use alloc::collections::BTreeMap;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt;

use serde::de::{self, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};

use super::error::PlanError;

/// A policy file as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PolicySpec {
    #[serde(default)]
    pub(crate) name: Option<String>,
    #[serde(default)]
    #[allow(dead_code)] // documentation for the reader of the file only
    pub(crate) description: Option<String>,
    #[serde(default)]
    pub(crate) domains: BTreeMap<String, Vec<String>>,
    pub(crate) propositions: Vec<String>,
    #[serde(default)]
    pub(crate) exclusive: Vec<Vec<String>>,
    #[serde(default)]
    pub(crate) initial: Vec<String>,
    #[serde(default)]
    pub(crate) actions: Vec<ActionSpec>,
    pub(crate) constraints: Vec<ConstraintSpec>,
}

/// An action as written: parameters name domains, effects are templates over the parameters.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ActionSpec {
    pub(crate) name: String,
    #[serde(default)]
    pub(crate) params: Vec<String>,
    #[serde(default)]
    pub(crate) sets: Vec<String>,
    #[serde(default)]
    pub(crate) clears: Vec<String>,
}

/// A constraint as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ConstraintSpec {
    pub(crate) id: String,
    pub(crate) message: String,
    pub(crate) formula: String,
}

impl PolicySpec {
    pub(crate) fn from_json(src: &str) -> Result<Self, PlanError> {
        serde_json::from_str(src).map_err(|e| PlanError::Syntax {
            format: "json",
            message: e.to_string(),
        })
    }

    pub(crate) fn from_toml(src: &str) -> Result<Self, PlanError> {
        toml::from_str(src).map_err(|e| PlanError::Syntax {
            format: "toml",
            message: e.to_string(),
        })
    }
}

/// A plan: ordered steps, as a robot planner produced them.
///
/// JSON: `{"steps": [...]}` or just the array. Each step is either a call written as text,
/// `"fly_to(kitchen)"` (`"take_off"` for no arguments), or an object with an `action` and its
/// `args`, and/or `props`: the complete list of propositions true after the step.
///
/// ```
/// use edgeguard_plan::Plan;
/// let plan = Plan::from_json(r#"["take_off", {"action": "fly_to", "args": ["lab"]},
///                                {"props": ["at_lab", "photo_taken"]}]"#)?;
/// assert_eq!(plan.steps.len(), 3);
/// assert_eq!(plan.steps[1].args, ["lab"]);
/// # Ok::<(), edgeguard_plan::PlanError>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Plan {
    /// The steps, in order.
    pub steps: Vec<PlanStep>,
}

/// One plan step as written (names, not yet resolved against a policy).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct PlanStep {
    /// The action's name, if the step names one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
    /// The action's arguments, in parameter order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub args: Vec<String>,
    /// When present, exactly the propositions true after the step; it overrides the action's
    /// effects (which are then not applied).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub props: Option<Vec<String>>,
}

impl Plan {
    /// Parses a plan file.
    ///
    /// # Errors
    ///
    /// [`PlanError::Syntax`] when the text is not JSON of the shape above.
    pub fn from_json(src: &str) -> Result<Self, PlanError> {
        serde_json::from_str(src).map_err(|e| PlanError::Syntax {
            format: "json",
            message: e.to_string(),
        })
    }
}

impl PlanStep {
    /// Parses the text form `name` or `name(arg, ...)`; `None` if malformed.
    pub fn parse_call(text: &str) -> Option<Self> {
        let text = text.trim();
        let (name, args) = match text.split_once('(') {
            None => (text, Vec::new()),
            Some((name, rest)) => {
                let inner = rest.strip_suffix(')')?;
                let args: Vec<String> = if inner.trim().is_empty() {
                    Vec::new()
                } else {
                    inner.split(',').map(|a| a.trim().to_string()).collect()
                };
                if args.iter().any(|a| a.is_empty() || a.contains(['(', ')'])) {
                    return None;
                }
                (name.trim_end(), args)
            }
        };
        if name.is_empty() || name.contains([')', ',']) || name.contains(char::is_whitespace) {
            return None;
        }
        Some(Self {
            action: Some(name.to_string()),
            args,
            props: None,
        })
    }
}

impl<'de> Deserialize<'de> for Plan {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct PlanVisitor;
        impl<'de> Visitor<'de> for PlanVisitor {
            type Value = Plan;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a plan: {\"steps\": [...]} or an array of steps")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Plan, A::Error> {
                let mut steps = Vec::new();
                while let Some(step) = seq.next_element()? {
                    steps.push(step);
                }
                Ok(Plan { steps })
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Plan, A::Error> {
                let mut steps = None;
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "steps" if steps.is_none() => steps = Some(map.next_value()?),
                        "steps" => return Err(de::Error::duplicate_field("steps")),
                        other => return Err(de::Error::unknown_field(other, &["steps"])),
                    }
                }
                Ok(Plan {
                    steps: steps.ok_or_else(|| de::Error::missing_field("steps"))?,
                })
            }
        }
        d.deserialize_any(PlanVisitor)
    }
}

impl<'de> Deserialize<'de> for PlanStep {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct StepVisitor;
        impl<'de> Visitor<'de> for StepVisitor {
            type Value = PlanStep;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a step: \"name(arg, ...)\" or {\"action\", \"args\", \"props\"}")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<PlanStep, E> {
                PlanStep::parse_call(v).ok_or_else(|| {
                    E::invalid_value(de::Unexpected::Str(v), &"`name` or `name(arg, ...)`")
                })
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<PlanStep, A::Error> {
                const FIELDS: &[&str] = &["action", "args", "props"];
                let mut step = PlanStep::default();
                let mut seen = [false; 3];
                while let Some(key) = map.next_key::<String>()? {
                    let Some(i) = FIELDS.iter().position(|f| *f == key) else {
                        return Err(de::Error::unknown_field(&key, FIELDS));
                    };
                    if core::mem::replace(&mut seen[i], true) {
                        return Err(de::Error::duplicate_field(FIELDS[i]));
                    }
                    match i {
                        0 => step.action = Some(map.next_value()?),
                        1 => step.args = map.next_value()?,
                        _ => step.props = Some(map.next_value()?),
                    }
                }
                Ok(step)
            }
        }
        d.deserialize_any(StepVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn call_syntax() {
        let s = PlanStep::parse_call(" fly_to( kitchen , lab ) ").unwrap();
        assert_eq!(s.action.as_deref(), Some("fly_to"));
        assert_eq!(s.args, ["kitchen", "lab"]);
        assert!(PlanStep::parse_call("land()").unwrap().args.is_empty());
        assert!(PlanStep::parse_call("land").unwrap().args.is_empty());
        for bad in ["", "fly_to(", "fly_to(a,)", "a b", "f(g(x))", "(x)"] {
            assert!(PlanStep::parse_call(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn plan_shapes() {
        let a = Plan::from_json(r#"{"steps": ["land"]}"#).unwrap();
        let b = Plan::from_json(r#"[{"action": "land"}]"#).unwrap();
        assert_eq!(a, b);
        assert!(Plan::from_json("[]").unwrap().steps.is_empty());
        let err = Plan::from_json(r#"[{"action": "land", "prop": []}]"#).unwrap_err();
        assert!(
            alloc::format!("{err}").contains("unknown field `prop`"),
            "{err}"
        );
        assert!(Plan::from_json(r#"{"step": []}"#).is_err());
        assert!(Plan::from_json(r#"["fly_to(kitchen"]"#).is_err());
        let json = serde_json::to_string(&b).unwrap();
        assert_eq!(json, r#"{"steps":[{"action":"land"}]}"#);
    }
}
