//! `edgeguard eval`: accuracy of the model under the policy on labeled JSON lines.
//!
//! The binary decision `unsafe` is "the policy does not allow the text" against "the row has any
//! gold label"; its AUPRC ranks rows by the `unsafe` probability. Each label's decision is "the
//! label fired" against "the label is gold", ranked by the label's probability.

use std::collections::BTreeMap;

use anyhow::{Result, anyhow};
use edgeguard_core::metrics::{Confusion, auprc};
use edgeguard_core::normalize::normalize;
use edgeguard_engine::{Action, Guard, Kind, Label, Scores, Verdict};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::Outcome;
use crate::args::{EvalArgs, ModelArgs};
use crate::input::{Lines, load_guard};

/// Rows screened per model batch.
const BATCH: usize = 256;

/// One labeled row.
#[derive(Deserialize)]
struct Row {
    text: String,
    labels: Vec<Label>,
    #[serde(default)]
    response: Option<String>,
    #[serde(default)]
    kind: Option<String>,
    #[serde(default)]
    scores: Option<Scores>,
    #[serde(flatten)]
    extra: BTreeMap<String, Value>,
}

impl Row {
    /// The text to screen and its kind: `response` when given (then `text` is its prompt), or
    /// `text` as a prompt, or as a response when `kind` says so.
    fn screened(&self) -> (&str, Kind) {
        match (&self.response, self.kind.as_deref()) {
            (Some(r), _) => (r, Kind::Response),
            (None, Some("response")) => (&self.text, Kind::Response),
            _ => (&self.text, Kind::Prompt),
        }
    }
}

/// Metrics of one binary decision.
#[derive(Serialize)]
struct Metrics {
    support: u64,
    #[serde(flatten)]
    counts: Confusion,
    precision: Option<f64>,
    recall: Option<f64>,
    f1: Option<f64>,
    fpr: Option<f64>,
    auprc: Option<f64>,
}

impl Metrics {
    fn new(counts: Confusion, ranked: &[(f32, bool)]) -> Metrics {
        Metrics {
            support: counts.positives(),
            precision: counts.precision(),
            recall: counts.recall(),
            f1: counts.f1(),
            fpr: counts.fpr(),
            auprc: auprc(ranked),
            counts,
        }
    }
}

/// The whole report.
#[derive(Serialize)]
struct Report {
    rows: usize,
    policy: String,
    overall: Metrics,
    labels: BTreeMap<&'static str, Metrics>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    groups: BTreeMap<String, Metrics>,
    confusions: Vec<(Label, Label, u64)>,
}

pub fn run(model: &ModelArgs, args: EvalArgs) -> Result<Outcome> {
    let guard = load_guard(model, args.policy.policy.as_deref())?;
    let (rows, bad) = read_rows(&args)?;
    let verdicts = if args.scores {
        given_scores(&guard, &rows)?
    } else {
        screen(&guard, &rows)?
    };
    let report = build_report(&guard, &rows, &verdicts, args.group_by.as_deref());
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print_report(&report);
    }
    if bad > 0 {
        eprintln!("edgeguard: {bad} row(s) could not be read and were left out");
        return Ok(Outcome::PartialError);
    }
    Ok(Outcome::Allowed)
}

fn read_rows(args: &EvalArgs) -> Result<(Vec<Row>, usize)> {
    let mut lines = Lines::open(Some(&args.data))?;
    let (mut rows, mut bad) = (Vec::new(), 0);
    while let Some(line) = lines.next_line()? {
        let parsed = line
            .text
            .map_err(|e| anyhow!(e))
            .and_then(|t| serde_json::from_str::<Row>(&t).map_err(Into::into));
        match parsed {
            Ok(row) => rows.push(row),
            Err(e) => {
                bad += 1;
                eprintln!(
                    "edgeguard: {}: line {}: {e}",
                    args.data.display(),
                    line.number
                );
            }
        }
    }
    if rows.is_empty() {
        return Err(anyhow!("{} holds no usable rows", args.data.display()));
    }
    Ok((rows, bad))
}

fn screen(guard: &Guard, rows: &[Row]) -> Result<Vec<Verdict>> {
    let mut verdicts = Vec::with_capacity(rows.len());
    for chunk in rows.chunks(BATCH) {
        let items: Vec<(&str, Kind)> = chunk.iter().map(Row::screened).collect();
        for (result, (text, _)) in guard.check_batch_kinds(&items).into_iter().zip(&items) {
            let preview: String = text.chars().take(60).collect();
            verdicts.push(result.map_err(|e| anyhow!("screening {preview:?}: {e}"))?);
        }
    }
    Ok(verdicts)
}

fn given_scores(guard: &Guard, rows: &[Row]) -> Result<Vec<Verdict>> {
    rows.iter()
        .enumerate()
        .map(|(i, row)| {
            let scores = row.scores.ok_or_else(|| {
                anyhow!("row {} has no \"scores\" (required with --scores)", i + 1)
            })?;
            Ok(guard
                .policy()
                .evaluate(&scores, &normalize(row.screened().0)))
        })
        .collect()
}

fn build_report(
    guard: &Guard,
    rows: &[Row],
    verdicts: &[Verdict],
    group_by: Option<&str>,
) -> Report {
    let flagged = |v: &Verdict| v.action != Action::Allow;
    let mut overall = (Confusion::default(), Vec::new());
    let mut labels: Vec<(Confusion, Vec<(f32, bool)>)> = Label::ALL
        .iter()
        .map(|_| (Confusion::default(), Vec::new()))
        .collect();
    let mut groups: BTreeMap<String, (Confusion, Vec<(f32, bool)>)> = BTreeMap::new();
    let mut confusions: BTreeMap<(Label, Label), u64> = BTreeMap::new();
    for (row, v) in rows.iter().zip(verdicts) {
        let gold = !row.labels.is_empty();
        overall.0.add(gold, flagged(v));
        overall.1.push((v.unsafe_prob, gold));
        for label in Label::ALL {
            let (c, ranked) = &mut labels[label.index()];
            let g = row.labels.contains(&label);
            c.add(g, v.fired.contains(&label));
            ranked.push((v.labels[label], g));
        }
        for g in &row.labels {
            for f in v.fired.iter().filter(|f| !row.labels.contains(f)) {
                *confusions.entry((*g, *f)).or_default() += 1;
            }
        }
        if let Some(field) = group_by {
            let key = match row.extra.get(field) {
                Some(Value::String(s)) => s.clone(),
                Some(other) => other.to_string(),
                None => "(none)".to_owned(),
            };
            let (c, ranked) = groups.entry(key).or_default();
            c.add(gold, flagged(v));
            ranked.push((v.unsafe_prob, gold));
        }
    }
    let mut confusions: Vec<(Label, Label, u64)> = confusions
        .into_iter()
        .map(|((g, f), n)| (g, f, n))
        .collect();
    confusions.sort_by_key(|c| std::cmp::Reverse(c.2));
    confusions.truncate(10);
    Report {
        rows: rows.len(),
        policy: guard.policy().name().to_owned(),
        overall: Metrics::new(overall.0, &overall.1),
        labels: Label::ALL
            .iter()
            .zip(labels)
            .map(|(l, (c, r))| (l.as_str(), Metrics::new(c, &r)))
            .collect(),
        groups: groups
            .into_iter()
            .map(|(k, (c, r))| (k, Metrics::new(c, &r)))
            .collect(),
        confusions,
    }
}

fn fmt(x: Option<f64>) -> String {
    x.map_or_else(|| "    -".to_owned(), |v| format!("{v:.3}"))
}

fn print_metrics_row(name: &str, m: &Metrics) {
    println!(
        "{name:<22} {:>6} {:>6} {:>6} {:>6} {:>6} {:>6}   tp {} fp {} fn {} tn {}",
        m.support,
        fmt(m.precision),
        fmt(m.recall),
        fmt(m.f1),
        fmt(m.fpr),
        fmt(m.auprc),
        m.counts.tp,
        m.counts.fp,
        m.counts.fn_,
        m.counts.tn
    );
}

fn print_report(r: &Report) {
    println!("{} rows, policy {:?}", r.rows, r.policy);
    println!(
        "{:<22} {:>6} {:>6} {:>6} {:>6} {:>6} {:>6}",
        "label", "gold", "prec", "recall", "f1", "fpr", "auprc"
    );
    print_metrics_row("unsafe (any label)", &r.overall);
    for (name, m) in &r.labels {
        print_metrics_row(name, m);
    }
    if !r.groups.is_empty() {
        println!("\nby group (binary unsafe decision)");
        for (name, m) in &r.groups {
            print_metrics_row(name, m);
        }
    }
    if !r.confusions.is_empty() {
        println!("\nmost frequent extra labels fired (gold -> fired: count)");
        for (g, f, n) in &r.confusions {
            println!("  {g} -> {f}: {n}");
        }
    }
}
