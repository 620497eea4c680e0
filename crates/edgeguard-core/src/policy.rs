//! Policies: which labels count, at what threshold, and what happens when one fires.
//!
//! A deployment writes a [`PolicySpec`] (JSON or TOML; every field optional) and resolves it
//! against the model's default thresholds into a [`Policy`], which is what screening uses.
//! Resolution order for each label: the label's own entry, then `defaults`, then the built-in
//! default (enabled; the model's threshold; [`default_action`]).
//!
//! ```toml
//! name = "kids-app"
//! [defaults]
//! action = "block"
//! [labels.S12]
//! threshold = 0.2
//! [labels.S6]
//! enabled = false
//! [terms]
//! deny = ["casino"]
//! ```
//!
//! Terms are matched case-insensitively, on whole words, against the normalized text. A deny term
//! forces `block`; an allow term forces `allow` unless a deny term also matched. The model's
//! scores and the fired labels are reported either way.
//!
//! The `unsafe` score (any hazard) has a rule of its own, `[unsafe]` in a policy file (`defaults`
//! does not apply to it): when it reaches its threshold while no label reached its own, the text
//! still gets the rule's action (`flag` by default), unless the label the model finds most
//! likely is disabled — so a medical app that disables S6 is not flagged for S6 this way.

use alloc::borrow::ToOwned;
use alloc::collections::BTreeMap;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt;

use serde::{Deserialize, Serialize};

use crate::label::{LABEL_COUNT, Label};
use crate::normalize::normalize;
use crate::scores::Scores;
use crate::verdict::Verdict;

/// Longest accepted term, in bytes.
pub const MAX_TERM_BYTES: usize = 256;
/// Most terms accepted in one list.
pub const MAX_TERMS: usize = 4096;

/// What a policy does with a text. Ordered by severity: `Allow < Flag < Block`.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    /// Let it through.
    #[default]
    Allow,
    /// Let it through, marked for review or a warning.
    Flag,
    /// Stop it.
    Block,
}

impl Action {
    /// The wire name (`allow`, `flag`, `block`).
    pub const fn as_str(self) -> &'static str {
        match self {
            Action::Allow => "allow",
            Action::Flag => "flag",
            Action::Block => "block",
        }
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The built-in action for a label when no policy sets one: `flag` for the labels whose harm
/// depends most on the deployment (S5 defamation, S6 specialized advice, S8 intellectual
/// property, S13 elections), `block` for the rest.
pub const fn default_action(label: Label) -> Action {
    match label {
        Label::Defamation
        | Label::SpecializedAdvice
        | Label::IntellectualProperty
        | Label::Elections => Action::Flag,
        _ => Action::Block,
    }
}

/// One label's settings as written in a policy file; unset fields fall back (see module docs).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSpec {
    /// Whether the label can fire at all.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    /// Probability at or above which the label fires, in `[0, 1]`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threshold: Option<f32>,
    /// What happens when the label fires.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<Action>,
}

/// Allow and deny terms as written in a policy file.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TermsSpec {
    /// Terms that force `block`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub deny: Vec<String>,
    /// Terms that force `allow` (unless a deny term matched).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allow: Vec<String>,
}

/// A policy as written in a JSON or TOML file.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicySpec {
    /// A name for logs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Settings for every label without its own entry.
    #[serde(default)]
    pub defaults: RuleSpec,
    /// Per-label settings, keyed by wire name.
    #[serde(default)]
    pub labels: BTreeMap<Label, RuleSpec>,
    /// Settings of the `unsafe` score (see the module docs).
    #[serde(default, rename = "unsafe")]
    pub unsafe_score: RuleSpec,
    /// Allow and deny terms.
    #[serde(default)]
    pub terms: TermsSpec,
}

/// The file formats a policy can be written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PolicyFormat {
    /// JSON.
    Json,
    /// TOML.
    Toml,
}

impl fmt::Display for PolicyFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            PolicyFormat::Json => "JSON",
            PolicyFormat::Toml => "TOML",
        })
    }
}

/// Why a policy was rejected.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum PolicyError {
    /// The file is not valid JSON/TOML, or does not have the policy's shape.
    Syntax {
        /// The format being parsed.
        format: PolicyFormat,
        /// 1-based line of the error, when known.
        line: usize,
        /// 1-based column (in characters) of the error, when known.
        column: usize,
        /// The parser's message.
        message: String,
    },
    /// A threshold outside `[0, 1]` or not a number.
    Threshold {
        /// The label, or `None` for `defaults` and `unsafe`.
        label: Option<Label>,
        /// The offending value.
        value: f32,
    },
    /// An empty, too long, or too numerous term.
    Term {
        /// `"deny"` or `"allow"`.
        list: &'static str,
        /// Index of the term in its list.
        index: usize,
        /// What is wrong with it.
        reason: &'static str,
    },
}

impl fmt::Display for PolicyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PolicyError::Syntax {
                format,
                line,
                column,
                message,
            } => write!(
                f,
                "invalid {format} policy at line {line}, column {column}: {message}"
            ),
            PolicyError::Threshold { label, value } => {
                let at = label.map_or("defaults or unsafe".to_owned(), |l| l.as_str().to_owned());
                write!(f, "threshold {value} for {at} is not within [0, 1]")
            }
            PolicyError::Term {
                list,
                index,
                reason,
            } => write!(f, "terms.{list}[{index}]: {reason}"),
        }
    }
}

impl core::error::Error for PolicyError {}

/// One label's resolved settings.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Rule {
    /// Whether the label can fire.
    pub enabled: bool,
    /// Probability at or above which it fires.
    pub threshold: f32,
    /// What happens when it fires.
    pub action: Action,
}

/// A validated policy with every setting resolved; screening evaluates scores against it.
#[derive(Clone, Debug, PartialEq)]
pub struct Policy {
    name: String,
    rules: [Rule; LABEL_COUNT],
    unsafe_rule: Rule,
    deny: Vec<Term>,
    allow: Vec<Term>,
}

/// A policy term: as written, and folded for matching.
#[derive(Clone, Debug, PartialEq)]
struct Term {
    written: String,
    folded: String,
}

impl Policy {
    /// The built-in policy for a model: every label enabled at the model's threshold, with
    /// [`default_action`]; the `unsafe` rule enabled at the model's threshold, flagging.
    pub fn with_thresholds(thresholds: &Scores) -> Policy {
        // An empty spec always resolves; model thresholds are validated at model load.
        let rules = core::array::from_fn(|i| {
            let label = Label::ALL[i];
            Rule {
                enabled: true,
                threshold: thresholds.labels[label],
                action: default_action(label),
            }
        });
        Policy {
            name: "default".into(),
            rules,
            unsafe_rule: Rule {
                enabled: true,
                threshold: thresholds.unsafe_prob,
                action: Action::Flag,
            },
            deny: Vec::new(),
            allow: Vec::new(),
        }
    }

    /// Resolves a policy file against the model's default thresholds.
    ///
    /// # Errors
    /// [`PolicyError::Threshold`] for a threshold outside `[0, 1]`, [`PolicyError::Term`] for an
    /// empty or oversized term.
    pub fn from_spec(spec: &PolicySpec, thresholds: &Scores) -> Result<Policy, PolicyError> {
        spec.check_thresholds()?;
        let builtin = Policy::with_thresholds(thresholds);
        let mut rules = builtin.rules;
        for (label, rule) in Label::ALL.into_iter().zip(rules.iter_mut()) {
            let own = spec.labels.get(&label).copied().unwrap_or_default();
            rule.enabled = own.enabled.or(spec.defaults.enabled).unwrap_or(true);
            rule.threshold = own
                .threshold
                .or(spec.defaults.threshold)
                .unwrap_or(rule.threshold);
            rule.action = own.action.or(spec.defaults.action).unwrap_or(rule.action);
        }
        let own = spec.unsafe_score;
        let unsafe_rule = Rule {
            enabled: own.enabled.unwrap_or(builtin.unsafe_rule.enabled),
            threshold: own.threshold.unwrap_or(builtin.unsafe_rule.threshold),
            action: own.action.unwrap_or(builtin.unsafe_rule.action),
        };
        Ok(Policy {
            name: spec.name.clone().unwrap_or_else(|| "custom".into()),
            rules,
            unsafe_rule,
            deny: fold_terms("deny", &spec.terms.deny)?,
            allow: fold_terms("allow", &spec.terms.allow)?,
        })
    }

    /// Parses and resolves a policy file.
    ///
    /// # Errors
    /// [`PolicyError::Syntax`] with the line and column for malformed input, and the errors of
    /// [`Policy::from_spec`].
    pub fn parse(
        text: &str,
        format: PolicyFormat,
        thresholds: &Scores,
    ) -> Result<Policy, PolicyError> {
        Policy::from_spec(&PolicySpec::parse(text, format)?, thresholds)
    }

    /// The policy's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Whether the policy has allow or deny terms (only then does [`Policy::evaluate`] read
    /// the text).
    pub fn has_terms(&self) -> bool {
        !self.deny.is_empty() || !self.allow.is_empty()
    }

    /// The resolved settings of one label.
    pub fn rule(&self, label: Label) -> &Rule {
        &self.rules[label.index()]
    }

    /// The resolved rule of the `unsafe` score.
    pub fn unsafe_rule(&self) -> &Rule {
        &self.unsafe_rule
    }

    /// The fully explicit spec of this policy (every label listed), e.g. to print and edit.
    pub fn to_spec(&self) -> PolicySpec {
        let labels = Label::ALL
            .into_iter()
            .map(|label| {
                let rule = self.rule(label);
                let spec = RuleSpec {
                    enabled: Some(rule.enabled),
                    threshold: Some(rule.threshold),
                    action: Some(rule.action),
                };
                (label, spec)
            })
            .collect();
        let written = |terms: &[Term]| terms.iter().map(|t| t.written.clone()).collect();
        let u = self.unsafe_rule;
        PolicySpec {
            name: Some(self.name.clone()),
            defaults: RuleSpec::default(),
            labels,
            unsafe_score: RuleSpec {
                enabled: Some(u.enabled),
                threshold: Some(u.threshold),
                action: Some(u.action),
            },
            terms: TermsSpec {
                deny: written(&self.deny),
                allow: written(&self.allow),
            },
        }
    }

    /// Applies the policy to a text's scores.
    ///
    /// `text` is the text the scores were computed on; deny and allow terms are matched in it.
    pub fn evaluate(&self, scores: &Scores, text: &str) -> Verdict {
        let mut fired = Vec::new();
        let mut action = Action::Allow;
        for (label, p) in scores.labels.iter() {
            let rule = self.rule(label);
            if rule.enabled && p >= rule.threshold {
                fired.push(label);
                action = action.max(rule.action);
            }
        }
        if fired.is_empty() && self.unsafe_fires(scores) {
            action = action.max(self.unsafe_rule.action);
        }
        let (deny_terms, allow_terms) = if self.deny.is_empty() && self.allow.is_empty() {
            (Vec::new(), Vec::new())
        } else {
            let folded = fold(text);
            (
                matching_terms(&self.deny, &folded),
                matching_terms(&self.allow, &folded),
            )
        };
        if !deny_terms.is_empty() {
            action = Action::Block;
        } else if !allow_terms.is_empty() {
            action = Action::Allow;
        }
        Verdict {
            unsafe_prob: scores.unsafe_prob,
            labels: scores.labels,
            fired,
            action,
            deny_terms,
            allow_terms,
            views: Vec::new(),
            chat_template: Vec::new(),
            views_capped: false,
        }
    }
}

impl PolicySpec {
    /// Parses a policy file without resolving it.
    ///
    /// # Errors
    /// [`PolicyError::Syntax`] with the line and column for malformed input.
    pub fn parse(text: &str, format: PolicyFormat) -> Result<PolicySpec, PolicyError> {
        let spec: PolicySpec = match format {
            PolicyFormat::Json => serde_json::from_str(text).map_err(|e| PolicyError::Syntax {
                format,
                line: e.line(),
                column: e.column(),
                message: e.to_string(),
            })?,
            PolicyFormat::Toml => toml::from_str(text).map_err(|e| {
                let (line, column) = e
                    .span()
                    .map_or((0, 0), |span| line_column(text, span.start));
                PolicyError::Syntax {
                    format,
                    line,
                    column,
                    message: e.message().to_string(),
                }
            })?,
        };
        spec.check_thresholds()?;
        Ok(spec)
    }

    /// Every threshold set in the spec is a probability (in [0, 1], so also finite).
    fn check_thresholds(&self) -> Result<(), PolicyError> {
        check_threshold(None, self.defaults.threshold)?;
        check_threshold(None, self.unsafe_score.threshold)?;
        for (&label, rule) in &self.labels {
            check_threshold(Some(label), rule.threshold)?;
        }
        Ok(())
    }

    /// Serializes the spec as pretty JSON.
    pub fn to_json(&self) -> String {
        // Serializing plain data with string keys cannot fail.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}

impl Policy {
    /// Whether the `unsafe` rule applies: enabled, reached, and the most likely label enabled.
    fn unsafe_fires(&self, scores: &Scores) -> bool {
        let u = &self.unsafe_rule;
        let top = scores
            .labels
            .iter()
            .max_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(label, _)| label);
        u.enabled && scores.unsafe_prob >= u.threshold && top.is_some_and(|l| self.rule(l).enabled)
    }
}

fn check_threshold(label: Option<Label>, value: Option<f32>) -> Result<(), PolicyError> {
    match value {
        Some(v) if !(0.0..=1.0).contains(&v) => Err(PolicyError::Threshold { label, value: v }),
        _ => Ok(()),
    }
}

fn fold_terms(list: &'static str, terms: &[String]) -> Result<Vec<Term>, PolicyError> {
    if terms.len() > MAX_TERMS {
        return Err(PolicyError::Term {
            list,
            index: MAX_TERMS,
            reason: "too many terms (the limit is 4096)",
        });
    }
    terms
        .iter()
        .enumerate()
        .map(|(index, written)| {
            let folded = fold(written);
            if folded.trim().is_empty() {
                Err(PolicyError::Term {
                    list,
                    index,
                    reason: "empty term",
                })
            } else if written.len() > MAX_TERM_BYTES {
                Err(PolicyError::Term {
                    list,
                    index,
                    reason: "term longer than 256 bytes",
                })
            } else {
                Ok(Term {
                    written: written.clone(),
                    folded: folded.trim().to_owned(),
                })
            }
        })
        .collect()
}

/// Folds text for term matching: normalized and lowercased.
fn fold(text: &str) -> String {
    normalize(text).to_lowercase()
}

fn matching_terms(terms: &[Term], folded_text: &str) -> Vec<String> {
    terms
        .iter()
        .filter(|t| contains_word(folded_text, &t.folded))
        .map(|t| t.written.clone())
        .collect()
}

/// Whether `needle` occurs in `haystack` with no letter or digit right before or after it.
fn contains_word(haystack: &str, needle: &str) -> bool {
    haystack.match_indices(needle).any(|(start, m)| {
        let before = haystack[..start].chars().next_back();
        let after = haystack[start + m.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// 1-based line and column (in characters) of a byte offset.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scores::LabelScores;

    fn thresholds() -> Scores {
        Scores {
            unsafe_prob: 0.5,
            labels: LabelScores([0.5; LABEL_COUNT]),
        }
    }

    fn scores(pairs: &[(Label, f32)]) -> Scores {
        let mut s = Scores::default();
        for &(label, p) in pairs {
            s.labels[label] = p;
        }
        s
    }

    #[test]
    fn default_policy_blocks_hazards_and_flags_advice() {
        let policy = Policy::with_thresholds(&thresholds());
        let v = policy.evaluate(&scores(&[(Label::IndiscriminateWeapons, 0.9)]), "");
        assert_eq!(v.action, Action::Block);
        assert_eq!(v.fired, [Label::IndiscriminateWeapons]);
        let v = policy.evaluate(&scores(&[(Label::SpecializedAdvice, 0.9)]), "");
        assert_eq!(v.action, Action::Flag);
        let v = policy.evaluate(&scores(&[(Label::Hate, 0.49)]), "");
        assert_eq!(v.action, Action::Allow);
        assert!(v.fired.is_empty());
    }

    #[test]
    fn label_entries_override_defaults_which_override_the_model() {
        let toml = r#"
            name = "kids"
            [defaults]
            action = "flag"
            threshold = 0.7
            [labels.S12]
            threshold = 0.2
            action = "block"
            [labels.S6]
            enabled = false
        "#;
        let policy = Policy::parse(toml, PolicyFormat::Toml, &thresholds()).unwrap();
        assert_eq!(policy.name(), "kids");
        let s12 = policy.rule(Label::SexualContent);
        assert_eq!((s12.threshold, s12.action), (0.2, Action::Block));
        assert_eq!(policy.rule(Label::Hate).threshold, 0.7);
        assert_eq!(policy.rule(Label::Hate).action, Action::Flag);
        assert!(!policy.rule(Label::SpecializedAdvice).enabled);
        let v = policy.evaluate(&scores(&[(Label::SpecializedAdvice, 1.0)]), "");
        assert_eq!(v.action, Action::Allow);
        let v = policy.evaluate(&scores(&[(Label::SexualContent, 0.3)]), "");
        assert_eq!(v.action, Action::Block);
    }

    #[test]
    fn json_and_toml_agree() {
        let json = r#"{"labels": {"S1": {"threshold": 0.3}}, "terms": {"deny": ["casino"]}}"#;
        let toml = "[labels.S1]\nthreshold = 0.3\n[terms]\ndeny = [\"casino\"]\n";
        let a = Policy::parse(json, PolicyFormat::Json, &thresholds()).unwrap();
        let b = Policy::parse(toml, PolicyFormat::Toml, &thresholds()).unwrap();
        assert_eq!(a, b);
    }

    #[test]
    fn malformed_policies_name_their_location() {
        let err = Policy::parse(
            "{\n  \"labels\": {\"S99\": {}}\n}",
            PolicyFormat::Json,
            &thresholds(),
        )
        .unwrap_err();
        match err {
            PolicyError::Syntax { line, message, .. } => {
                assert_eq!(line, 2);
                assert!(message.contains("S99"), "{message}");
            }
            other => panic!("unexpected {other:?}"),
        }
        let err = Policy::parse(
            "[labels.S1]\nthreshold = \"x\"\n",
            PolicyFormat::Toml,
            &thresholds(),
        )
        .unwrap_err();
        assert!(matches!(err, PolicyError::Syntax { line: 2, .. }), "{err}");
        let err = Policy::parse("nonsense = 1", PolicyFormat::Toml, &thresholds()).unwrap_err();
        assert!(matches!(err, PolicyError::Syntax { .. }));
    }

    /// Fuzz case `policy_json/crash-5d52038e`: a threshold past `f32::MAX` read as infinity, and
    /// the spec no longer round-tripped through its JSON (which writes infinity as `null`). With
    /// correctly rounded parsing (serde_json `float_roundtrip`) the number itself is refused,
    /// with its place; a TOML threshold outside [0, 1] by the range check.
    #[test]
    fn fuzz_crash_5d52038e_infinite_threshold_is_rejected_when_parsed() {
        let err = PolicySpec::parse(
            r#"{"labels":{"S10":{"threshold":1e39}}}"#,
            PolicyFormat::Json,
        );
        assert!(
            matches!(&err, Err(PolicyError::Syntax { line: 1, column: 34, message, .. })
                if message.contains("out of range")),
            "{err:?}"
        );
        let err = PolicySpec::parse("[defaults]\nthreshold = -0.5\n", PolicyFormat::Toml);
        assert!(matches!(
            err,
            Err(PolicyError::Threshold { label: None, .. })
        ));
    }

    #[test]
    fn out_of_range_thresholds_and_empty_terms_are_rejected() {
        let err = Policy::parse(
            r#"{"labels":{"S2":{"threshold":1.5}}}"#,
            PolicyFormat::Json,
            &thresholds(),
        );
        assert_eq!(
            err.unwrap_err(),
            PolicyError::Threshold {
                label: Some(Label::NonViolentCrimes),
                value: 1.5
            }
        );
        let err = Policy::parse(
            r#"{"terms":{"allow":["ok", " "]}}"#,
            PolicyFormat::Json,
            &thresholds(),
        );
        assert!(matches!(
            err.unwrap_err(),
            PolicyError::Term {
                list: "allow",
                index: 1,
                ..
            }
        ));
    }

    #[test]
    fn terms_match_whole_words_case_insensitively() {
        let json = r#"{"terms": {"deny": ["Casino"], "allow": ["kill -9"]}}"#;
        let policy = Policy::parse(json, PolicyFormat::Json, &thresholds()).unwrap();
        let v = policy.evaluate(&Scores::default(), "Where is the nearest CASINO?");
        assert_eq!(
            (v.action, v.deny_terms.as_slice()),
            (Action::Block, &["Casino".to_owned()][..])
        );
        let v = policy.evaluate(&Scores::default(), "casinos are fun");
        assert_eq!(v.action, Action::Allow);
        let hot = scores(&[(Label::ViolentCrimes, 0.99)]);
        let v = policy.evaluate(&hot, "use kill -9 on the pid");
        assert_eq!(v.action, Action::Allow);
        assert_eq!(v.fired, [Label::ViolentCrimes]);
        let v = policy.evaluate(&hot, "kill -9 at the casino");
        assert_eq!(v.action, Action::Block);
    }

    #[test]
    fn the_unsafe_score_flags_when_no_label_fires_unless_its_label_is_disabled() {
        let policy = Policy::with_thresholds(&thresholds());
        let mut hot = scores(&[(Label::SpecializedAdvice, 0.4), (Label::Hate, 0.1)]);
        hot.unsafe_prob = 0.8;
        let v = policy.evaluate(&hot, "");
        assert_eq!((v.action, v.fired.len()), (Action::Flag, 0));
        let medical = Policy::parse(
            r#"{"labels":{"S6":{"enabled":false}}}"#,
            PolicyFormat::Json,
            &thresholds(),
        )
        .unwrap();
        assert_eq!(medical.evaluate(&hot, "").action, Action::Allow);
        let off = Policy::parse(
            "[unsafe]\nenabled = false\n",
            PolicyFormat::Toml,
            &thresholds(),
        )
        .unwrap();
        assert_eq!(off.evaluate(&hot, "").action, Action::Allow);
        let strict = Policy::parse(
            r#"{"unsafe":{"action":"block","threshold":0.7}}"#,
            PolicyFormat::Json,
            &thresholds(),
        )
        .unwrap();
        assert_eq!(strict.evaluate(&hot, "").action, Action::Block);
        hot.unsafe_prob = 0.6;
        assert_eq!(strict.evaluate(&hot, "").action, Action::Allow);
    }

    #[test]
    fn explicit_spec_round_trips() {
        let policy = Policy::parse(
            r#"{"labels":{"S3":{"action":"flag"}}}"#,
            PolicyFormat::Json,
            &thresholds(),
        )
        .unwrap();
        let json = policy.to_spec().to_json();
        let again = Policy::parse(
            &json,
            PolicyFormat::Json,
            &Scores {
                unsafe_prob: 0.9,
                labels: LabelScores([0.9; LABEL_COUNT]),
            },
        )
        .unwrap();
        assert_eq!(again.rule(Label::SexCrimes), policy.rule(Label::SexCrimes));
        assert_eq!(again.rule(Label::Hate), policy.rule(Label::Hate));
    }
}
