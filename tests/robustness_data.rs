//! The texts the robustness harness screens: the prompts of an evaluation split, unsafe (any
//! label) and benign (no label), sampled at even intervals so that every source of the sorted
//! split is represented. Shared by `tests/robustness.rs` and `examples/robustness.rs`.

use std::path::Path;

/// Unsafe and benign prompts.
pub struct Sample {
    /// Prompts with at least one label.
    pub unsafe_texts: Vec<String>,
    /// Prompts with no label.
    pub benign_texts: Vec<String>,
}

impl Sample {
    /// Reads `{"text", "labels", "kind"}` rows, keeps prompts, and takes at most `limit` of each
    /// class at even intervals (all of them when `limit` is `None`).
    ///
    /// # Panics
    /// If the file cannot be read or a line is not a JSON object with a `text` string.
    pub fn load(path: &Path, limit: Option<usize>) -> Sample {
        let text = std::fs::read_to_string(path)
            .unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
        let mut unsafe_texts = Vec::new();
        let mut benign_texts = Vec::new();
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let row: serde_json::Value = serde_json::from_str(line).expect("a JSON line");
            if row["kind"].as_str().is_some_and(|k| k != "prompt") {
                continue;
            }
            let text = row["text"].as_str().expect("a text field").to_owned();
            let labelled = row["labels"].as_array().is_some_and(|l| !l.is_empty());
            if labelled {
                unsafe_texts.push(text);
            } else {
                benign_texts.push(text);
            }
        }
        Sample {
            unsafe_texts: evenly(unsafe_texts, limit),
            benign_texts: evenly(benign_texts, limit),
        }
    }
}

/// At most `limit` items, taken at even intervals.
fn evenly(items: Vec<String>, limit: Option<usize>) -> Vec<String> {
    match limit {
        Some(n) if n < items.len() => {
            let len = items.len();
            let mut items: Vec<Option<String>> = items.into_iter().map(Some).collect();
            (0..n).filter_map(|i| items[i * len / n].take()).collect()
        }
        _ => items,
    }
}
