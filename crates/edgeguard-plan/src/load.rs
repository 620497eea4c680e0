//! Building a [`RobotPolicy`] from its file: validate, intern, ground, compile, analyze.

use alloc::collections::BTreeMap;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use super::error::{Location, PlanError};
use super::joint::Joint;
use super::policy::{Constraint, Domain, GroundAction, RobotPolicy, Schema};
use super::props::{PropId, PropSet, is_prop_name, is_word};
use super::spec::{ActionSpec, ConstraintSpec, PolicySpec};
use super::template;
use super::{MAX_ACTIONS, MAX_CONSTRAINTS, MAX_POLICY_PROPS};
use crate::ltl;

pub(crate) fn build(spec: PolicySpec) -> Result<RobotPolicy, PlanError> {
    let (domain_names, domains) = domains(&spec.domains)?;
    let (props, prop_ids) = propositions(&spec)?;
    let lookup = |name: &str, at: &Location| {
        prop_ids
            .get(name)
            .copied()
            .ok_or_else(|| PlanError::UnknownProp {
                at: at.clone(),
                name: name.into(),
            })
    };
    // Exclusive groups; peers[p] = the other members of p's group.
    let mut groups = Vec::new();
    let mut peers = alloc::vec![PropSet::new(); props.len()];
    let mut grouped = PropSet::new();
    for (index, members) in spec.exclusive.iter().enumerate() {
        let at = Location::Group { index };
        let mut group = PropSet::new();
        for t in members {
            let names =
                template::expand(t, &spec.domains).ok_or_else(|| PlanError::BadTemplate {
                    at: at.clone(),
                    template: t.clone(),
                })?;
            for name in names {
                let id = lookup(&name, &at)?;
                if grouped.contains(id) && !group.contains(id) {
                    return Err(PlanError::Exclusive {
                        at,
                        props: Vec::from([name]),
                    });
                }
                group.insert(id);
                grouped.insert(id);
            }
        }
        for p in group.iter() {
            let mut others = group;
            others.remove(p);
            peers[p.index()] = others;
        }
        groups.push(group);
    }
    let names_of = |set: &PropSet| {
        set.iter()
            .map(|p| props[p.index()].clone())
            .collect::<Vec<_>>()
    };
    let check_exclusive = |set: &PropSet, at: &Location| {
        for g in &groups {
            let both = set.intersection(g);
            if both.len() > 1 {
                return Err(PlanError::Exclusive {
                    at: at.clone(),
                    props: names_of(&both),
                });
            }
        }
        Ok(())
    };
    let mut initial = PropSet::new();
    for name in &spec.initial {
        initial.insert(lookup(name, &Location::Initial)?);
    }
    check_exclusive(&initial, &Location::Initial)?;

    let mut schemas = BTreeMap::new();
    let mut actions = Vec::new();
    for a in &spec.actions {
        let at = Location::Action {
            action: a.name.clone(),
        };
        if !is_prop_name(&a.name) {
            return Err(PlanError::InvalidName {
                at,
                name: a.name.clone(),
            });
        }
        if schemas.contains_key(&a.name) {
            return Err(PlanError::Duplicate {
                at,
                name: a.name.clone(),
            });
        }
        let (params, param_domains) = params(a, &domain_names, &at)?;
        let schema = Schema {
            params: param_domains,
            first: actions.len(),
        };
        for args in ground_args(&schema, &domains) {
            let ground_at = Location::Action {
                action: call_text(&a.name, &args),
            };
            let render = |t: &String| {
                template::render(t, |v| {
                    params.iter().position(|p| p == v).map(|k| args[k].as_str())
                })
                .ok_or_else(|| PlanError::BadTemplate {
                    at: at.clone(),
                    template: t.clone(),
                })
            };
            let mut sets = PropSet::new();
            let mut clears = PropSet::new();
            for t in &a.sets {
                sets.insert(lookup(&render(t)?, &ground_at)?);
            }
            for t in &a.clears {
                clears.insert(lookup(&render(t)?, &ground_at)?);
            }
            check_exclusive(&sets, &ground_at)?;
            for p in sets.iter() {
                clears = clears.union(&peers[p.index()]);
            }
            clears = clears.difference(&sets);
            if actions.len() >= MAX_ACTIONS {
                return Err(PlanError::TooLarge {
                    what: "grounded actions",
                    max: MAX_ACTIONS,
                    ids: Vec::new(),
                });
            }
            actions.push(GroundAction {
                name: a.name.clone(),
                args,
                sets,
                clears,
            });
        }
        schemas.insert(a.name.clone(), schema);
    }

    if spec.constraints.len() > MAX_CONSTRAINTS {
        return Err(PlanError::TooLarge {
            what: "constraints",
            max: MAX_CONSTRAINTS,
            ids: Vec::new(),
        });
    }
    let mut constraints: Vec<Constraint> = Vec::new();
    for c in &spec.constraints {
        let at = Location::Constraint { id: c.id.clone() };
        if c.id.trim().is_empty() {
            return Err(PlanError::InvalidName {
                at,
                name: c.id.clone(),
            });
        }
        if constraints.iter().any(|k| k.id == c.id) {
            return Err(PlanError::Duplicate {
                at,
                name: c.id.clone(),
            });
        }
        constraints.push(constraint(c, |name| lookup(name, &at), &groups)?);
    }
    let joint = Joint::analyze(&constraints, &groups)?;
    Ok(RobotPolicy {
        name: spec.name,
        props,
        prop_ids,
        groups,
        initial,
        domains,
        schemas,
        actions,
        constraints,
        joint,
    })
}

/// Validates the domains; returns their names and values, in name order.
fn domains(spec: &BTreeMap<String, Vec<String>>) -> Result<(Vec<String>, Vec<Domain>), PlanError> {
    let mut names = Vec::new();
    let mut out = Vec::new();
    for (name, values) in spec {
        let at = Location::Domains;
        if !is_word(name) {
            return Err(PlanError::InvalidName {
                at,
                name: name.clone(),
            });
        }
        for (k, v) in values.iter().enumerate() {
            if !is_word(v) {
                return Err(PlanError::InvalidName {
                    at,
                    name: v.clone(),
                });
            }
            if values[..k].contains(v) {
                return Err(PlanError::Duplicate {
                    at,
                    name: v.clone(),
                });
            }
        }
        names.push(name.clone());
        out.push(Domain {
            values: values.clone(),
        });
    }
    Ok((names, out))
}

/// Expands and interns the propositions.
fn propositions(spec: &PolicySpec) -> Result<(Vec<String>, BTreeMap<String, PropId>), PlanError> {
    let at = Location::Propositions;
    let mut props = Vec::new();
    let mut ids = BTreeMap::new();
    for t in &spec.propositions {
        let names = template::expand(t, &spec.domains).ok_or_else(|| PlanError::BadTemplate {
            at: at.clone(),
            template: t.clone(),
        })?;
        for name in names {
            if !is_prop_name(&name) {
                return Err(PlanError::InvalidName { at, name });
            }
            if props.len() >= MAX_POLICY_PROPS {
                return Err(PlanError::TooLarge {
                    what: "propositions",
                    max: MAX_POLICY_PROPS,
                    ids: Vec::new(),
                });
            }
            // Bounded by MAX_POLICY_PROPS.
            let id = PropId(props.len() as u16);
            if ids.insert(name.clone(), id).is_some() {
                return Err(PlanError::Duplicate { at, name });
            }
            props.push(name);
        }
    }
    Ok((props, ids))
}

/// Parses `name` or `name:domain` parameters; returns parameter names and domain indices.
fn params(
    a: &ActionSpec,
    domains: &[String],
    at: &Location,
) -> Result<(Vec<String>, Vec<usize>), PlanError> {
    let mut names = Vec::new();
    let mut doms = Vec::new();
    for p in &a.params {
        let (name, domain) = p
            .split_once(':')
            .map_or((p.as_str(), p.as_str()), |(n, d)| (n.trim(), d.trim()));
        if !is_word(name) {
            return Err(PlanError::InvalidName {
                at: at.clone(),
                name: p.clone(),
            });
        }
        if names.iter().any(|n| n == name) {
            return Err(PlanError::Duplicate {
                at: at.clone(),
                name: name.to_string(),
            });
        }
        let d =
            domains
                .iter()
                .position(|d| d == domain)
                .ok_or_else(|| PlanError::UnknownDomain {
                    at: at.clone(),
                    domain: domain.to_string(),
                })?;
        names.push(name.to_string());
        doms.push(d);
    }
    Ok((names, doms))
}

/// Every argument list of an action, first parameter varying slowest.
fn ground_args(schema: &Schema, domains: &[Domain]) -> Vec<Vec<String>> {
    let mut out: Vec<Vec<String>> = Vec::from([Vec::new()]);
    for d in &schema.params {
        let values = &domains[*d].values;
        out = out
            .iter()
            .flat_map(|prefix| {
                values.iter().map(move |v| {
                    let mut args = prefix.clone();
                    args.push(v.clone());
                    args
                })
            })
            .collect();
        if out.len() > MAX_ACTIONS {
            break;
        }
    }
    out
}

fn call_text(name: &str, args: &[String]) -> String {
    if args.is_empty() {
        name.to_string()
    } else {
        alloc::format!("{name}({})", args.join(", "))
    }
}

/// Parses and compiles one constraint; its propositions must be declared.
fn constraint(
    c: &ConstraintSpec,
    lookup: impl Fn(&str) -> Result<PropId, PlanError>,
    groups: &[PropSet],
) -> Result<Constraint, PlanError> {
    let err = |source| PlanError::Formula {
        id: c.id.clone(),
        source,
    };
    let f = ltl::parse(&c.formula).map_err(err)?;
    let props = f
        .props()
        .iter()
        .map(|p| lookup(p))
        .collect::<Result<Vec<_>, _>>()?;
    let automaton = f.compile().map_err(err)?;
    let live = live_with_groups(&automaton, &props, groups);
    Ok(Constraint {
        id: c.id.clone(),
        message: c.message.clone(),
        formula: c.formula.clone(),
        automaton,
        props,
        live,
    })
}

/// Letters of an automaton over `props` in which no two propositions of one group hold.
pub(crate) fn group_letters(props: &[PropId], groups: &[PropSet]) -> Vec<u32> {
    let masks: Vec<u32> = groups
        .iter()
        .map(|g| {
            props
                .iter()
                .enumerate()
                .filter(|(_, p)| g.contains(**p))
                .fold(0, |m, (i, _)| m | 1 << i)
        })
        .collect();
    (0..1u32 << props.len())
        .filter(|l| masks.iter().all(|m| (l & m).count_ones() <= 1))
        .collect()
}

/// Liveness of each state when only group-respecting letters may be read.
fn live_with_groups(a: &ltl::Automaton, props: &[PropId], groups: &[PropSet]) -> Vec<bool> {
    let letters = group_letters(props, groups);
    let n = a.state_count();
    let states: Vec<ltl::StateId> = (0..n).map(|s| ltl::StateId(s as u16)).collect();
    let mut live: Vec<bool> = states.iter().map(|s| a.is_accepting(*s)).collect();
    // Few states after minimization: a plain fixpoint is enough.
    let mut changed = true;
    while changed {
        changed = false;
        for s in &states {
            if !live[s.index()] && letters.iter().any(|l| live[a.next(*s, *l).index()]) {
                live[s.index()] = true;
                changed = true;
            }
        }
    }
    live
}
