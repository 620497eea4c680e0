//! The verdict: what edgeguard says about one text. Its serde shape is the JSON that the CLI, the
//! C library and the WASM package all emit.

use alloc::string::String;
use alloc::vec::Vec;

use serde::{Deserialize, Serialize};

use crate::label::Label;
use crate::policy::Action;
use crate::scores::{LabelScores, Scores};

/// The outcome of screening one text under a policy.
///
/// ```json
/// {"unsafe": 0.97, "labels": {"S1": 0.91, "...": 0.0}, "fired": ["S1", "S9"], "action": "block"}
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Verdict {
    /// Probability that any hazard or attack label applies.
    #[serde(rename = "unsafe")]
    pub unsafe_prob: f32,
    /// Probability of each label.
    pub labels: LabelScores,
    /// Labels at or above their threshold, among those the policy enables, in label order.
    pub fired: Vec<Label>,
    /// What the policy does with the text.
    pub action: Action,
    /// Policy deny terms found in the text (each forces `block`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub deny_terms: Vec<String>,
    /// Policy allow terms found in the text (each forces `allow` unless a deny term matched).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allow_terms: Vec<String>,
}

impl Verdict {
    /// The scores this verdict was made from.
    pub fn scores(&self) -> Scores {
        Scores {
            unsafe_prob: self.unsafe_prob,
            labels: self.labels,
        }
    }

    /// Whether the policy lets the text through unchanged.
    pub fn is_allowed(&self) -> bool {
        self.action == Action::Allow
    }
}
