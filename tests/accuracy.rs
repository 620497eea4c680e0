//! Accuracy floors on the fixed validation split: a worse model cannot land silently.
//!
//! The split is rebuilt from the data by `python -m edgeguard_models.splits DIR` and found through
//! `EDGEGUARD_EVAL_DIR`; its SHA-256 must equal the one in `models/default/manifest.json`, so the
//! floors always apply to the split the shipped model was measured on. The floors themselves are
//! in `tests/data/accuracy_floors.json`, set a little under the measured figures.

use edgeguard_core::metrics::{Confusion, auprc};
use edgeguard_engine::{Action, Guard, Kind, Label};
use edgeguard_tests::{data, eval_dir, read_jsonl, repo};
use serde_json::Value;
use sha2::{Digest, Sha256};

struct Measured {
    overall: Confusion,
    overall_auprc: f64,
    labels: Vec<(Label, Confusion, Option<f64>)>,
}

fn measure(guard: &Guard, rows: &[Value]) -> Measured {
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
    let verdicts: Vec<_> = items
        .chunks(256)
        .flat_map(|c| guard.check_batch_kinds(c))
        .map(|v| v.expect("every validation row screens"))
        .collect();
    let gold: Vec<Vec<Label>> = rows
        .iter()
        .map(|r| serde_json::from_value(r["labels"].clone()).unwrap())
        .collect();
    let mut overall = Confusion::default();
    let mut ranked = Vec::new();
    for (g, v) in gold.iter().zip(&verdicts) {
        overall.add(!g.is_empty(), v.action != Action::Allow);
        ranked.push((v.unsafe_prob, !g.is_empty()));
    }
    let labels = Label::ALL
        .iter()
        .map(|&label| {
            let mut c = Confusion::default();
            let mut r = Vec::new();
            for (g, v) in gold.iter().zip(&verdicts) {
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
fn validation_split_holds_the_accuracy_floors() {
    let Some(dir) = eval_dir() else { return };
    let path = dir.join("val.jsonl");
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
        manifest["splits"]["val"]["sha256"],
        "{} is not the validation split the model was measured on (rebuild it with the pinned data)",
        path.display()
    );
    let rows = read_jsonl(&path);
    let floors: Value =
        serde_json::from_slice(&std::fs::read(data("accuracy_floors.json")).unwrap()).unwrap();
    let m = measure(&Guard::default_model().unwrap(), &rows);
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
