//! The verdict: what edgeguard says about one text. Its serde shape is the JSON that the CLI, the
//! C library and the WASM package all emit.

use alloc::string::String;
use alloc::vec::Vec;

use serde::{Deserialize, Serialize};

use crate::decode::ViewKind;
use crate::label::Label;
use crate::policy::Action;
use crate::scores::{LabelScores, Scores};

/// The outcome of screening one text under a policy.
///
/// ```json
/// {"unsafe": 0.97, "labels": {"S1": 0.91, "...": 0.0}, "fired": ["S1", "S9"], "action": "block"}
/// ```
///
/// When the text holds encoded segments or chat-template tokens, more fields say so (all are
/// left out when empty or `false`, so consumers of the four fields above are unaffected):
///
/// ```json
/// {"...": "...", "views": [{"view": ["base64"], "start": 14, "end": 58, "unsafe": 0.98,
///   "fired": ["S9"]}], "chat_template": ["<|im_start|>"], "views_capped": true}
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
    /// Decoded views of parts of the text (Base64, hex, URL-encoded, ROT13 or reversed
    /// segments), each screened too; the verdict's scores are the maximum over the text and its
    /// views.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub views: Vec<ViewVerdict>,
    /// Chat-template role and control tokens typed into the text (`<|im_start|>`, `[INST]`),
    /// each once, in order of appearance. In a prompt they raise `prompt_injection`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub chat_template: Vec<String>,
    /// Whether decoding stopped at one of its limits (see
    /// [`decode::Limits`](crate::decode::Limits): depth 2, 16 views, 64 KiB per view, 256 KiB in
    /// all), so that part of the encoded text was never decoded and screened: a 17th encoded
    /// segment, one nested three deep, or the part of a long segment past 64 KiB. The text itself
    /// is always screened whole; the caller decides what an undecoded remainder means (a strict
    /// deployment can hold such a text for review). Left out of the JSON when `false`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub views_capped: bool,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// What screening one decoded view of a text found.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ViewVerdict {
    /// The decodings applied, outermost first (`["base64"]`, `["base64", "rot13"]`).
    pub view: Vec<ViewKind>,
    /// UTF-8 byte offset where the encoded segment starts in the text screened.
    pub start: usize,
    /// UTF-8 byte offset just past the encoded segment.
    pub end: usize,
    /// Probability that any hazard or attack label applies to the view.
    #[serde(rename = "unsafe")]
    pub unsafe_prob: f32,
    /// Labels that fire on the view on its own, under the same policy.
    pub fired: Vec<Label>,
}

impl Verdict {
    /// The scores this verdict was made from.
    pub fn scores(&self) -> Scores {
        Scores {
            unsafe_prob: self.unsafe_prob,
            labels: self.labels,
        }
    }

    /// The decoded views whose labels fired on their own.
    pub fn fired_views(&self) -> impl Iterator<Item = &ViewVerdict> {
        self.views.iter().filter(|v| !v.fired.is_empty())
    }

    /// Whether the policy lets the text through unchanged.
    pub fn is_allowed(&self) -> bool {
        self.action == Action::Allow
    }
}
