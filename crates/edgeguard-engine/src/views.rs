//! Decode-and-rescan and the chat-template signal on the engine side: the decoded views of a
//! text are normalized and windowed like the text itself, screened, and merged into its verdict.

use edgeguard_core::chat_template::SIGNAL_SCORE;
use edgeguard_core::decode::{self, ViewKind};
use edgeguard_core::normalize::{Normalized, normalize, strip_invisible_mapped};
use edgeguard_core::{Label, Scores, Verdict, ViewVerdict};

use crate::error::Result;
use crate::guard::{Guard, Prepared};
use crate::window::{Kind, Windows};

/// A decoded view of a text, prepared for the model.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PreparedView {
    /// The decodings applied, outermost first.
    pub path: Vec<ViewKind>,
    /// UTF-8 byte offset where the encoded segment starts in the original text.
    pub start: usize,
    /// UTF-8 byte offset just past the encoded segment in the original text.
    pub end: usize,
    /// The normalized decoded text.
    pub normalized: String,
    /// Its framed windows.
    pub windows: Windows,
}

impl Guard {
    /// Finds the decoded views of `text` (after invisible characters are removed, so that they
    /// cannot break an encoded run) and prepares each for the model.
    pub(crate) fn prepare_views(&self, text: &str, kind: Kind) -> Result<Vec<PreparedView>> {
        let (visible, map) = strip_invisible_mapped(text);
        let mut out = Vec::new();
        for view in decode::views(&visible) {
            let normalized = normalize(&view.text);
            if normalized.is_empty() {
                continue;
            }
            let windows = self.encode(&normalized, kind)?;
            out.push(PreparedView {
                path: view.path,
                start: map.to_original(view.start),
                end: map.to_original(view.end),
                normalized,
                windows,
            });
        }
        Ok(out)
    }

    /// Combines the scores of a text and of its views into one verdict under the policy.
    pub(crate) fn verdict(&self, prepared: &Prepared, text: Scores, views: &[Scores]) -> Verdict {
        let mut merged = views.iter().fold(text, |acc, s| acc.max(s));
        if prepared.injection_signal {
            let p = &mut merged.labels[Label::PromptInjection];
            *p = p.max(SIGNAL_SCORE);
            merged.unsafe_prob = merged.unsafe_prob.max(SIGNAL_SCORE);
        }
        let mut verdict = if prepared.views.is_empty() {
            self.policy().evaluate(&merged, &prepared.normalized)
        } else {
            // Policy terms are matched in the decoded views too.
            let mut all = prepared.normalized.clone();
            for v in &prepared.views {
                all.push('\n');
                all.push_str(&v.normalized);
            }
            self.policy().evaluate(&merged, &all)
        };
        verdict.views = prepared
            .views
            .iter()
            .zip(views)
            .map(|(v, s)| ViewVerdict {
                view: v.path.clone(),
                start: v.start,
                end: v.end,
                unsafe_prob: s.unsafe_prob,
                fired: self.policy().evaluate(s, &v.normalized).fired,
            })
            .collect();
        verdict.chat_template = prepared.chat_template.clone();
        verdict
    }
}

/// Most distinct chat-template tokens reported in a verdict.
const MAX_CHAT_TOKENS: usize = 16;

/// The unquoted chat-template tokens of a normalization, each once, in order (at most
/// [`MAX_CHAT_TOKENS`]).
pub(crate) fn chat_tokens(normalized: &Normalized) -> Vec<String> {
    let mut tokens: Vec<String> = Vec::new();
    for m in normalized.markers.iter().filter(|m| !m.quoted) {
        if tokens.len() == MAX_CHAT_TOKENS {
            break;
        }
        if !tokens.contains(&m.token) {
            tokens.push(m.token.clone());
        }
    }
    tokens
}
