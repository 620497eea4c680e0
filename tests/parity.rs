//! Parity: the committed model (its NNEF graph) under tract reproduces the training framework's scores, and
//! the Rust API and the CLI give the same verdicts.

use edgeguard_core::normalize::is_invisible;
use edgeguard_engine::{Guard, Kind, Label, Scores};
use edgeguard_tests::{data, read_jsonl, run, stdout};
use serde_json::Value;

/// Largest difference allowed between PyTorch and tract probabilities.
const TOLERANCE: f32 = 1e-3;

fn kind_of(v: &Value) -> Kind {
    match v["kind"].as_str() {
        Some("response") => Kind::Response,
        _ => Kind::Prompt,
    }
}

/// Text with nothing to screen: the runtime allows it with scores of 0 without running the model
/// (the training framework still scores its empty window, which nothing compares against).
fn is_blank(text: &str) -> bool {
    text.chars().all(|c| c.is_whitespace() || is_invisible(c))
}

fn scores_of(v: &Value) -> Scores {
    serde_json::from_value(v.clone()).expect("scores object")
}

#[test]
fn tract_reproduces_the_golden_scores_of_the_training_framework() {
    let guard = Guard::default_model().unwrap();
    let golden = read_jsonl(&data("golden_scores.jsonl"));
    assert!(
        golden.len() >= 200,
        "the golden file holds {} texts",
        golden.len()
    );
    let mut worst = (0.0f32, String::new());
    for row in &golden {
        let text = row["text"].as_str().unwrap();
        let want = scores_of(&row["scores"]);
        let got = guard.scores(text, kind_of(row)).unwrap();
        if is_blank(text) {
            assert_eq!(got, Scores::default(), "{text:?} is blank but scored");
            continue;
        }
        let mut diff = (got.unsafe_prob - want.unsafe_prob).abs();
        for label in Label::ALL {
            diff = diff.max((got.labels[label] - want.labels[label]).abs());
        }
        if diff > worst.0 {
            worst = (diff, row["id"].as_str().unwrap_or("?").to_owned());
        }
    }
    assert!(
        worst.0 <= TOLERANCE,
        "largest difference {} on {}",
        worst.0,
        worst.1
    );
}

#[test]
fn rust_api_and_cli_give_the_same_verdicts() {
    let guard = Guard::default_model().unwrap();
    let golden = read_jsonl(&data("golden_scores.jsonl"));
    let input: String = golden
        .iter()
        .enumerate()
        .map(|(i, row)| {
            let mut line = serde_json::json!({"id": i, "text": row["text"]});
            if kind_of(row) == Kind::Response {
                line["response"] = row["text"].clone();
            }
            format!("{line}\n")
        })
        .collect();
    let out = run(&["check", "--jsonl"], input.as_bytes());
    let lines: Vec<Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), golden.len());
    for (row, line) in golden.iter().zip(&lines) {
        let text = row["text"].as_str().unwrap();
        if is_blank(text) {
            assert_eq!(line["action"], "allow", "{text:?}: {line}");
            assert_eq!(line["unsafe"], 0.0, "{text:?}: {line}");
        }
        let verdict = guard.check_kind(text, kind_of(row)).unwrap();
        assert_eq!(line["action"], verdict.action.as_str(), "{text}");
        let fired: Vec<String> = verdict.fired.iter().map(|l| l.to_string()).collect();
        assert_eq!(line["fired"], serde_json::json!(fired), "{text}");
        let diff = (line["unsafe"].as_f64().unwrap() as f32 - verdict.unsafe_prob).abs();
        assert!(
            diff < 1e-5,
            "{text}: CLI {} vs API {}",
            line["unsafe"],
            verdict.unsafe_prob
        );
    }
}
