//! Stage 4 of screening: the verdict. The scores of a text and of its decoded views are merged
//! (their maximum, raised by the chat-template signal in prompts) and judged under the policy,
//! whose terms are matched in the text and in its views.

use edgeguard_core::chat_template::SIGNAL_SCORE;
use edgeguard_core::{Label, Policy, Scores, Verdict, ViewVerdict};

use crate::prepare::Tokenized;

/// Combines the scores of a text and of its views into one verdict under the policy.
pub(crate) fn verdict(
    policy: &Policy,
    prepared: &Tokenized,
    text: Scores,
    views: &[Scores],
) -> Verdict {
    let mut merged = views.iter().fold(text, |acc, s| acc.max(s));
    if prepared.injection_signal {
        let p = &mut merged.labels[Label::PromptInjection];
        *p = p.max(SIGNAL_SCORE);
        merged.unsafe_prob = merged.unsafe_prob.max(SIGNAL_SCORE);
    }
    let mut verdict = if prepared.views.is_empty() || !policy.has_terms() {
        policy.evaluate(&merged, &prepared.normalized)
    } else {
        // Policy terms are matched in the decoded views too.
        let mut all = prepared.normalized.clone();
        for v in &prepared.views {
            all.push('\n');
            all.push_str(&v.normalized);
        }
        policy.evaluate(&merged, &all)
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
            fired: policy.evaluate(s, &v.normalized).fired,
        })
        .collect();
    verdict.chat_template = prepared.chat_template.clone();
    verdict.views_capped = prepared.views_capped;
    verdict
}
