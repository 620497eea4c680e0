//! Human-readable output.

use std::fmt::Write;

use edgeguard_engine::{Action, Label, Verdict};

/// Scores below this are left out of the human-readable listing.
const SHOWN_SCORE: f32 = 0.05;

/// One verdict for a person reading a terminal.
pub fn verdict(v: &Verdict) -> String {
    let mut out = String::new();
    let head = match v.action {
        Action::Allow => "ALLOW",
        Action::Flag => "FLAG",
        Action::Block => "BLOCK",
    };
    let _ = writeln!(out, "{head}  (unsafe {:.3})", v.unsafe_prob);
    for label in &v.fired {
        let _ = writeln!(
            out,
            "  fired  {:<17} {:.3}  {}",
            label.as_str(),
            v.labels[*label],
            label.description()
        );
    }
    let mut others: Vec<(Label, f32)> = v
        .labels
        .iter()
        .filter(|(l, p)| *p >= SHOWN_SCORE && !v.fired.contains(l))
        .collect();
    others.sort_by(|a, b| b.1.total_cmp(&a.1));
    for (label, p) in others {
        let _ = writeln!(
            out,
            "  score  {:<17} {p:.3}  {}",
            label.as_str(),
            label.description()
        );
    }
    for term in &v.deny_terms {
        let _ = writeln!(out, "  deny term  {term:?}");
    }
    for term in &v.allow_terms {
        let _ = writeln!(out, "  allow term {term:?}");
    }
    for view in &v.views {
        let path: Vec<&str> = view.view.iter().map(|k| k.as_str()).collect();
        let fired: Vec<&str> = view.fired.iter().map(|l| l.as_str()).collect();
        let _ = writeln!(
            out,
            "  view   {:<17} {:.3}  bytes {}..{}  fired [{}]",
            path.join(">"),
            view.unsafe_prob,
            view.start,
            view.end,
            fired.join(", ")
        );
    }
    if !v.chat_template.is_empty() {
        let _ = writeln!(out, "  chat-template tokens: {}", v.chat_template.join(" "));
    }
    if v.views_capped {
        let _ = writeln!(
            out,
            "  views capped: decoding stopped at a limit, part of the encoded text was not screened"
        );
    }
    out
}

/// A command-and-plan verdict for a person reading a terminal.
pub fn command(v: &edgeguard_engine::CommandVerdict) -> String {
    use edgeguard_engine::plan::Reason;
    let mut out = String::new();
    let _ = writeln!(out, "{}", v.action.as_str().to_uppercase());
    if let Some(screen) = &v.command {
        let _ = write!(out, "command: {}", verdict(screen));
    }
    let plan = &v.plan;
    let _ = writeln!(
        out,
        "plan: {} ({} steps)",
        if plan.accepted {
            "accepted"
        } else {
            "rejected"
        },
        plan.steps
    );
    for reason in &plan.reasons {
        let line = match reason {
            Reason::Violated {
                constraint,
                message,
                step,
            } => {
                format!("  violated at step {step}: {constraint}: {message}")
            }
            Reason::Unfulfilled {
                constraint,
                message,
            } => {
                format!("  unfulfilled at the end: {constraint}: {message}")
            }
            Reason::Exclusive { step, props } => {
                format!(
                    "  step {step} makes exclusive propositions true together: {}",
                    props.join(", ")
                )
            }
            Reason::MoreConflicts { count } => format!("  {count} more exclusive-group conflicts"),
            other => format!("  {other:?}"),
        };
        let _ = writeln!(out, "{line}");
    }
    out
}
