//! `edgeguard eval`: accuracy of the model under the policy on labeled JSON lines.
//!
//! The binary decision `unsafe` is "the policy does not allow the text" against "the row has any
//! gold label"; its AUPRC ranks rows by the `unsafe` probability. Each label's decision is "the
//! label fired" against "the label is gold", ranked by the label's probability. ECE is the
//! expected calibration error of that same probability against gold (10 equal-width bins).
//!
//! `--group-by FIELD` (repeatable) adds a table of the binary decision per value of a row field;
//! the pseudo-field `length` buckets rows by the screened text's word count. With `--json`,
//! `groups` holds the first field's table and `group_tables` every field's.

use std::collections::BTreeMap;

use anyhow::{Result, anyhow};
use edgeguard_core::normalize::normalize;
use edgeguard_engine::{Action, DEFAULT_MAX_INPUT_BYTES, Guard, Kind, Label, Scores, Verdict};
use edgeguard_eval::metrics::{Confusion, ECE_BINS, auprc, ece};
use serde::{Deserialize, Serialize, Serializer};
use serde_json::Value;

use crate::Outcome;
use crate::args::{EvalArgs, ModelArgs};
use crate::input::{Lines, load_guard};
use crate::jsonl::max_line_bytes;

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
#[derive(Clone, Serialize)]
struct Metrics {
    support: u64,
    #[serde(flatten)]
    counts: Confusion,
    precision: Option<f64>,
    recall: Option<f64>,
    f1: Option<f64>,
    fpr: Option<f64>,
    auprc: Option<f64>,
    /// Expected calibration error of the ranked probability against gold.
    ece: Option<f64>,
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
            ece: ece(ranked, ECE_BINS),
            counts,
        }
    }
}

/// The binary metrics of one group of rows: its rows and benign rows next to the metrics (whose
/// `support` is its unsafe rows and `fp` its flagged benign rows).
#[derive(Clone, Serialize)]
struct Group {
    rows: u64,
    benign: u64,
    #[serde(flatten)]
    metrics: Metrics,
}

impl Group {
    fn new(counts: Confusion, ranked: &[(f32, bool)]) -> Group {
        Group {
            rows: counts.positives() + counts.negatives(),
            benign: counts.negatives(),
            metrics: Metrics::new(counts, ranked),
        }
    }
}

/// Groups of one `--group-by` field in report order, written as a JSON object in that order.
#[derive(Clone, Default)]
struct Table(Vec<(String, Group)>);

impl Table {
    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl Serialize for Table {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|(k, v)| (k, v)))
    }
}

/// One table per `--group-by` field, in the order given, written as a JSON object.
#[derive(Default)]
struct Tables(Vec<(String, Table)>);

impl Tables {
    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl Serialize for Tables {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|(k, v)| (k, v)))
    }
}

/// The whole report.
#[derive(Serialize)]
struct Report {
    rows: usize,
    policy: String,
    overall: Metrics,
    labels: BTreeMap<&'static str, Metrics>,
    /// The first `--group-by` field's groups (the key older consumers read).
    #[serde(skip_serializing_if = "Table::is_empty")]
    groups: Table,
    /// Every `--group-by` field's groups: `{field: {group: metrics}}`.
    #[serde(skip_serializing_if = "Tables::is_empty")]
    group_tables: Tables,
    confusions: Vec<(Label, Label, u64)>,
}

/// The pseudo-field of `--group-by` that groups rows by the screened text's word count.
const LENGTH: &str = "length";

/// Length buckets: exclusive upper bounds in words and their names, shortest first; longer texts
/// fall in [`LONGEST`].
const LENGTH_BUCKETS: [(usize, &str); 5] = [
    (20, "<20"),
    (60, "<60"),
    (150, "<150"),
    (500, "<500"),
    (2000, "<2000"),
];

/// The bucket of texts of 2000 words or more.
const LONGEST: &str = ">=2000";

/// The length bucket of a text: its count of whitespace-separated words.
fn length_bucket(text: &str) -> &'static str {
    let words = text.split_whitespace().count();
    LENGTH_BUCKETS
        .iter()
        .find(|(max, _)| words < *max)
        .map_or(LONGEST, |(_, name)| name)
}

/// The group of a row under `field`: its length bucket for [`LENGTH`], else the field's value
/// (`(none)` when the row lacks it).
fn group_key(row: &Row, field: &str) -> String {
    if field == LENGTH {
        return length_bucket(row.screened().0).to_owned();
    }
    // `kind` is read into its own field, so it is not among the extra fields.
    if field == "kind" {
        return row.kind.clone().unwrap_or_else(|| "(none)".to_owned());
    }
    match row.extra.get(field) {
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
        None => "(none)".to_owned(),
    }
}

/// Where a group sorts in its table: length buckets shortest first, other values by name.
fn group_rank(field: &str, key: &str) -> usize {
    if field != LENGTH {
        return 0;
    }
    LENGTH_BUCKETS
        .iter()
        .position(|(_, name)| *name == key)
        .unwrap_or(LENGTH_BUCKETS.len())
}

pub fn run(model: &ModelArgs, args: EvalArgs) -> Result<Outcome> {
    let guard = load_guard(model, args.policy.policy.as_deref())?;
    let (rows, bad) = read_rows(&args)?;
    let verdicts = if args.scores {
        given_scores(&guard, &rows)?
    } else {
        screen(&guard, &rows)?
    };
    let report = build_report(&guard, &rows, &verdicts, &args.group_by);
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
    let mut lines = Lines::open(Some(&args.data), max_line_bytes(DEFAULT_MAX_INPUT_BYTES))?;
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

fn build_report(guard: &Guard, rows: &[Row], verdicts: &[Verdict], group_by: &[String]) -> Report {
    let flagged = |v: &Verdict| v.action != Action::Allow;
    let mut overall = (Confusion::default(), Vec::new());
    let mut labels: Vec<(Confusion, Vec<(f32, bool)>)> = Label::ALL
        .iter()
        .map(|_| (Confusion::default(), Vec::new()))
        .collect();
    let mut fields: Vec<&str> = Vec::new();
    for field in group_by {
        if !fields.contains(&field.as_str()) {
            fields.push(field);
        }
    }
    type Tally = (Confusion, Vec<(f32, bool)>);
    let mut groups: Vec<BTreeMap<String, Tally>> = fields.iter().map(|_| BTreeMap::new()).collect();
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
        for (field, table) in fields.iter().zip(&mut groups) {
            let (c, ranked) = table.entry(group_key(row, field)).or_default();
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
    let tables = Tables(
        fields
            .iter()
            .zip(groups)
            .map(|(field, table)| {
                let mut table: Vec<(String, Group)> = table
                    .into_iter()
                    .map(|(k, (c, r))| (k, Group::new(c, &r)))
                    .collect();
                // Stable: values stay sorted by name within a rank.
                table.sort_by_key(|(k, _)| group_rank(field, k));
                ((*field).to_owned(), Table(table))
            })
            .collect(),
    );
    Report {
        rows: rows.len(),
        policy: guard.policy().name().to_owned(),
        overall: Metrics::new(overall.0, &overall.1),
        labels: Label::ALL
            .iter()
            .zip(labels)
            .map(|(l, (c, r))| (l.as_str(), Metrics::new(c, &r)))
            .collect(),
        groups: tables.0.first().map(|(_, t)| t.clone()).unwrap_or_default(),
        group_tables: tables,
        confusions,
    }
}

fn fmt(x: Option<f64>) -> String {
    x.map_or_else(|| "-".to_owned(), |v| format!("{v:.3}"))
}

/// Prints a table with columns as wide as their widest cell: the first left-aligned, the rest
/// right-aligned.
fn print_table(header: &[&str], rows: &[Vec<String>]) {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: &mut dyn Iterator<Item = &str>| {
        let mut out = String::new();
        for (i, (cell, w)) in cells.zip(&widths).enumerate() {
            if i == 0 {
                out.push_str(&format!("{cell:<w$}"));
            } else {
                out.push_str(&format!("  {cell:>w$}"));
            }
        }
        println!("{}", out.trim_end());
    };
    line(&mut header.iter().copied());
    for row in rows {
        line(&mut row.iter().map(String::as_str));
    }
}

fn label_row(name: &str, m: &Metrics) -> Vec<String> {
    vec![
        name.to_owned(),
        m.support.to_string(),
        fmt(m.precision),
        fmt(m.recall),
        fmt(m.f1),
        fmt(m.fpr),
        fmt(m.auprc),
        fmt(m.ece),
        m.counts.tp.to_string(),
        m.counts.fp.to_string(),
        m.counts.fn_.to_string(),
        m.counts.tn.to_string(),
    ]
}

fn group_row(name: &str, g: &Group) -> Vec<String> {
    let m = &g.metrics;
    vec![
        name.to_owned(),
        g.rows.to_string(),
        m.support.to_string(),
        g.benign.to_string(),
        m.counts.fp.to_string(),
        fmt(m.fpr),
        fmt(m.recall),
        fmt(m.precision),
        fmt(m.f1),
        fmt(m.auprc),
        fmt(m.ece),
    ]
}

fn print_report(r: &Report) {
    println!("{} rows, policy {:?}", r.rows, r.policy);
    println!();
    let mut rows = vec![label_row("unsafe (any label)", &r.overall)];
    rows.extend(r.labels.iter().map(|(name, m)| label_row(name, m)));
    print_table(
        &[
            "label", "gold", "prec", "recall", "f1", "fpr", "auprc", "ece", "tp", "fp", "fn", "tn",
        ],
        &rows,
    );
    for (field, table) in &r.group_tables.0 {
        println!(
            "\nby {field} (binary unsafe decision; flagged: benign rows flagged, fpr = flagged / benign)"
        );
        let rows: Vec<Vec<String>> = table.0.iter().map(|(k, g)| group_row(k, g)).collect();
        print_table(
            &[
                field, "rows", "unsafe", "benign", "flagged", "fpr", "recall", "prec", "f1",
                "auprc", "ece",
            ],
            &rows,
        );
    }
    if !r.confusions.is_empty() {
        println!("\nmost frequent extra labels fired (gold -> fired: count)");
        for (g, f, n) in &r.confusions {
            println!("  {g} -> {f}: {n}");
        }
    }
}
