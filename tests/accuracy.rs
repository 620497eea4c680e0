//! Accuracy floors on the fixed validation split and on the external set (sources and domains
//! the model never trained on): a worse model cannot land silently, and neither can one that
//! over-blocks ordinary text.
//!
//! The splits are rebuilt from the data by `python -m edgeguard_models.splits DIR` and found
//! through `EDGEGUARD_EVAL_DIR`; their SHA-256 must equal the ones in
//! `models/default/manifest.json`, so the floors always apply to the splits the shipped model was
//! measured on. The floors themselves are in `tests/data/accuracy_floors.json`, set a little
//! under (or, for false-positive rates, over) the measured figures.

use edgeguard_engine::{Action, Guard, Kind, Label};
use edgeguard_eval::metrics::{Confusion, auprc};
use edgeguard_tests::{data, eval_dir, read_jsonl, repo};
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::Path;

struct Measured {
    overall: Confusion,
    overall_auprc: f64,
    labels: Vec<(Label, Confusion, Option<f64>)>,
}

/// Screens every row: one verdict per row.
fn screen(guard: &Guard, rows: &[Value]) -> Vec<edgeguard_engine::Verdict> {
    let items: Vec<(&str, Kind)> = rows
        .iter()
        .map(|r| {
            let kind = if r["kind"] == "response" {
                Kind::Response
            } else {
                Kind::Prompt
            };
            (r["text"].as_str().unwrap(), kind)
        })
        .collect();
    items
        .chunks(256)
        .flat_map(|c| guard.check_batch_kinds(c))
        .map(|v| v.expect("every evaluation row screens"))
        .collect()
}

/// Reads a split after checking that it is the one the shipped model was measured on.
fn pinned_split(dir: &Path, split: &str) -> Vec<Value> {
    let path = dir.join(format!("{split}.jsonl"));
    let bytes = std::fs::read(&path).unwrap();
    let digest: String = Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let manifest: Value = serde_json::from_slice(
        &std::fs::read(repo().join("models/default/manifest.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(
        digest,
        manifest["splits"][split]["sha256"],
        "{} is not the {split} split the model was measured on (rebuild it with the pinned data)",
        path.display()
    );
    read_jsonl(&path)
}

/// The word-count bucket of a text, as `edgeguard eval --group-by length` names it.
fn length_bucket(text: &str) -> &'static str {
    match text.split_whitespace().count() {
        0..20 => "<20",
        20..60 => "<60",
        60..150 => "<150",
        150..500 => "<500",
        500..2000 => "<2000",
        _ => ">=2000",
    }
}

fn measure(rows: &[Value], verdicts: &[edgeguard_engine::Verdict]) -> Measured {
    let gold: Vec<Vec<Label>> = rows
        .iter()
        .map(|r| serde_json::from_value(r["labels"].clone()).unwrap())
        .collect();
    let mut overall = Confusion::default();
    let mut ranked = Vec::new();
    for (g, v) in gold.iter().zip(verdicts) {
        overall.add(!g.is_empty(), v.action != Action::Allow);
        ranked.push((v.unsafe_prob, !g.is_empty()));
    }
    let labels = Label::ALL
        .iter()
        .map(|&label| {
            let mut c = Confusion::default();
            let mut r = Vec::new();
            for (g, v) in gold.iter().zip(verdicts) {
                c.add(g.contains(&label), v.fired.contains(&label));
                r.push((v.labels[label], g.contains(&label)));
            }
            (label, c, auprc(&r))
        })
        .collect();
    Measured {
        overall,
        overall_auprc: auprc(&ranked).unwrap_or(0.0),
        labels,
    }
}

#[test]
#[ignore = "reads the evaluation splits (scripts/test.sh runs it): EDGEGUARD_EVAL_DIR=DIR cargo test -p edgeguard-tests --test accuracy --test robustness -- --ignored"]
fn validation_split_holds_the_accuracy_floors() {
    let dir = eval_dir();
    let rows = pinned_split(&dir, "val");
    let floors: Value =
        serde_json::from_slice(&std::fs::read(data("accuracy_floors.json")).unwrap()).unwrap();
    let verdicts = screen(&Guard::default_model().unwrap(), &rows);
    let m = measure(&rows, &verdicts);
    let f = &floors["overall"];
    let report = format!(
        "overall: f1 {:?} recall {:?} fpr {:?} auprc {:.4}",
        m.overall.f1(),
        m.overall.recall(),
        m.overall.fpr(),
        m.overall_auprc
    );
    assert!(
        m.overall.f1().unwrap() >= f["f1"].as_f64().unwrap(),
        "{report}"
    );
    assert!(
        m.overall.recall().unwrap() >= f["recall"].as_f64().unwrap(),
        "{report}"
    );
    assert!(
        m.overall.fpr().unwrap() <= f["max_fpr"].as_f64().unwrap(),
        "{report}"
    );
    assert!(m.overall_auprc >= f["auprc"].as_f64().unwrap(), "{report}");
    // Requests buried in long benign documents (built inside the split) are found.
    let buried = count_by(&rows, &verdicts, |r| {
        r["domain"].as_str().unwrap().to_owned()
    })
    .get("buried")
    .copied()
    .unwrap_or_default();
    let recall = rate(buried[3], buried[2]);
    assert!(
        recall >= f["buried_recall"].as_f64().unwrap(),
        "buried requests: recall {recall:.4} ({} of {})",
        buried[3],
        buried[2]
    );
    for (label, c, ap) in &m.labels {
        let Some(floor) = floors["labels"].get(label.as_str()) else {
            continue;
        };
        let ap = ap.unwrap_or(0.0);
        assert!(
            ap >= floor["auprc"].as_f64().unwrap(),
            "{label}: AUPRC {ap:.4} under its floor {} ({c:?})",
            floor["auprc"]
        );
    }
}

/// Per group: benign rows, benign rows held back, unsafe rows, unsafe rows held back.
type GroupCounts = BTreeMap<String, [u64; 4]>;

fn count_by(
    rows: &[Value],
    verdicts: &[edgeguard_engine::Verdict],
    key: impl Fn(&Value) -> String,
) -> GroupCounts {
    let mut out = GroupCounts::new();
    for (r, v) in rows.iter().zip(verdicts) {
        let unsafe_gold = !r["labels"].as_array().unwrap().is_empty();
        let held = v.action != Action::Allow;
        let c = out.entry(key(r)).or_default();
        let at = if unsafe_gold { 2 } else { 0 };
        c[at] += 1;
        c[at + 1] += u64::from(held);
    }
    out
}

fn rate(held: u64, of: u64) -> f64 {
    held as f64 / of.max(1) as f64
}

#[test]
#[ignore = "reads the evaluation splits (scripts/test.sh runs it): EDGEGUARD_EVAL_DIR=DIR cargo test -p edgeguard-tests --test accuracy --test robustness -- --ignored"]
fn external_set_holds_its_ceilings_and_floors() {
    let dir = eval_dir();
    let rows = pinned_split(&dir, "external");
    let floors: Value =
        serde_json::from_slice(&std::fs::read(data("accuracy_floors.json")).unwrap()).unwrap();
    let f = &floors["external"];
    let verdicts = screen(&Guard::default_model().unwrap(), &rows);
    let mut failures = Vec::new();
    let by_domain = count_by(&rows, &verdicts, |r| {
        r["domain"].as_str().unwrap().to_owned()
    });
    let by_length = count_by(&rows, &verdicts, |r| {
        length_bucket(r["text"].as_str().unwrap()).to_owned()
    });
    let by_source = count_by(&rows, &verdicts, |r| {
        r["source"].as_str().unwrap().to_owned()
    });
    for (table, counts) in [
        ("max_fpr_by_domain", &by_domain),
        ("max_fpr_by_length", &by_length),
    ] {
        for (group, ceiling) in f[table].as_object().unwrap() {
            let [benign, held, ..] = counts[group.as_str()];
            let fpr = rate(held, benign);
            if fpr > ceiling.as_f64().unwrap() {
                failures.push(format!(
                    "{table} {group}: FPR {fpr:.4} ({held} of {benign}) over {ceiling}"
                ));
            }
        }
    }
    for (source, floor) in f["min_recall_by_source"].as_object().unwrap() {
        let [.., unsafe_rows, caught] = by_source[source.as_str()];
        let recall = rate(caught, unsafe_rows);
        if recall < floor.as_f64().unwrap() {
            failures.push(format!(
                "recall {source}: {recall:.4} ({caught} of {unsafe_rows}) under {floor}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
