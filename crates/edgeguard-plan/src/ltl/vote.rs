//! Equivalence of formulas and majority voting among candidate translations (SELP's first idea).

use alloc::string::String;
use alloc::vec::Vec;

use serde::Serialize;

use super::MAX_FORMULA_PROPS;
use super::automaton::Automaton;
use super::error::LtlError;
use super::formula::Formula;
use super::parser::parse;

impl Formula {
    /// Whether the two formulas hold on exactly the same finite traces (the empty one included).
    ///
    /// Both are compiled over the union of their propositions and their minimized automata are
    /// compared.
    ///
    /// # Errors
    ///
    /// [`LtlError::TooManyProps`] when the union has more than [`MAX_FORMULA_PROPS`]
    /// propositions, or a compilation bound ([`LtlError::TooComplex`]).
    pub fn equivalent(&self, other: &Formula) -> Result<bool, LtlError> {
        let alphabet = union([self, other]);
        check_union(&alphabet)?;
        Ok(self.compile_over(&alphabet)? == other.compile_over(&alphabet)?)
    }
}

/// Parses two formulas and says whether they are equivalent (see [`Formula::equivalent`]).
///
/// ```
/// use edgeguard_plan::ltl;
/// assert!(ltl::equivalent("G !lab", "!F lab").unwrap());
/// assert!(!ltl::equivalent("X a", "N a").unwrap());
/// ```
///
/// # Errors
///
/// The first [`LtlError`] met parsing `a` then `b`, or comparing them.
pub fn equivalent(a: &str, b: &str) -> Result<bool, LtlError> {
    parse(a)?.equivalent(&parse(b)?)
}

/// The outcome of [`vote`]: candidates grouped by meaning.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Vote {
    /// Equivalence classes of the candidates that compiled, as indices into the input. Largest
    /// class first; among equal sizes, the class holding the earliest candidate first. Indices
    /// within a class are increasing.
    pub classes: Vec<Vec<usize>>,
    /// The majority class (a copy of `classes[0]`), empty when no candidate compiled.
    pub majority: Vec<usize>,
    /// Whether another class is as large as the majority one (the earliest candidate breaks
    /// the tie).
    pub tie: bool,
    /// Candidates that did not parse or compile, with why.
    pub rejected: Vec<Rejected>,
}

/// A candidate [`vote`] left out.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Rejected {
    /// Index of the candidate in the input.
    pub index: usize,
    /// Why it was left out.
    pub error: LtlError,
}

/// Groups candidate formulas (e.g. several translations of one instruction) into equivalence
/// classes and picks the largest.
///
/// Candidates that do not parse or compile are listed in [`Vote::rejected`]; the others are
/// compared over the union of all their propositions.
///
/// ```
/// use edgeguard_plan::ltl;
/// let v = ltl::vote(&["G !lab", "!F lab", "F lab", "G !(lab)", "G ("]).unwrap();
/// assert_eq!(v.majority, [0, 1, 3]);
/// assert_eq!(v.classes, [vec![0, 1, 3], vec![2]]);
/// assert_eq!(v.rejected[0].index, 4);
/// ```
///
/// # Errors
///
/// [`LtlError::TooManyProps`] when the candidates together mention more than
/// [`MAX_FORMULA_PROPS`] propositions.
pub fn vote<S: AsRef<str>>(candidates: &[S]) -> Result<Vote, LtlError> {
    let mut rejected = Vec::new();
    let mut parsed = Vec::new();
    for (index, c) in candidates.iter().enumerate() {
        match parse(c.as_ref()) {
            Ok(f) => parsed.push((index, f)),
            Err(error) => rejected.push(Rejected { index, error }),
        }
    }
    let alphabet = union(parsed.iter().map(|(_, f)| f));
    check_union(&alphabet)?;
    let mut compiled: Vec<(usize, Automaton)> = Vec::new();
    for (index, f) in &parsed {
        match f.compile_over(&alphabet) {
            Ok(a) => compiled.push((*index, a)),
            Err(error) => rejected.push(Rejected {
                index: *index,
                error,
            }),
        }
    }
    rejected.sort_by_key(|r| r.index);
    // Automata are canonical: equal meaning, equal value.
    let mut classes: Vec<(Automaton, Vec<usize>)> = Vec::new();
    for (index, a) in compiled {
        match classes.iter_mut().find(|(rep, _)| *rep == a) {
            Some((_, members)) => members.push(index),
            None => classes.push((a, Vec::from([index]))),
        }
    }
    let mut classes: Vec<Vec<usize>> = classes.into_iter().map(|(_, m)| m).collect();
    classes.sort_by(|a, b| b.len().cmp(&a.len()).then(a[0].cmp(&b[0])));
    let majority = classes.first().cloned().unwrap_or_default();
    let tie = classes.get(1).is_some_and(|c| c.len() == majority.len());
    Ok(Vote {
        classes,
        majority,
        tie,
        rejected,
    })
}

fn union<'f>(formulas: impl IntoIterator<Item = &'f Formula>) -> Vec<String> {
    let mut all: Vec<String> = formulas
        .into_iter()
        .flat_map(|f| f.props().iter().cloned())
        .collect();
    all.sort_unstable();
    all.dedup();
    all
}

fn check_union(alphabet: &[String]) -> Result<(), LtlError> {
    if alphabet.len() > MAX_FORMULA_PROPS {
        return Err(LtlError::TooManyProps {
            count: alphabet.len(),
            max: MAX_FORMULA_PROPS,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classic_equivalences() {
        for (a, b) in [
            ("F a", "true U a"),
            ("G a", "false R a"),
            ("G a", "!F !a"),
            ("a W b", "(a U b) | G a"),
            ("a M b", "b U (a & b)"),
            ("!X a", "N !a"),
            ("a -> b", "!a | b"),
            ("a <-> b", "!(a xor b)"),
            ("F F a", "F a"),
            ("G (a & b)", "G a & G b"),
            ("X (a & b)", "X a & X b"),
        ] {
            assert!(equivalent(a, b).unwrap(), "{a} == {b}");
        }
    }

    #[test]
    fn classic_non_equivalences() {
        for (a, b) in [
            ("X a", "N a"),
            ("F G a", "G F a"),
            ("a U b", "a W b"),
            ("G a", "a"),
            ("true", "F true"),
            ("a", "a | b"),
        ] {
            assert!(!equivalent(a, b).unwrap(), "{a} != {b}");
        }
    }

    #[test]
    fn vote_ties_and_empty_input() {
        let v = vote(&["F a", "G a"]).unwrap();
        assert_eq!(v.classes, [[0], [1]]);
        assert!(v.tie);
        let v = vote::<&str>(&[]).unwrap();
        assert!(v.majority.is_empty() && !v.tie);
    }
}
