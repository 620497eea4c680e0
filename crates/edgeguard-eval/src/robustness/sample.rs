//! The texts the robustness harness screens: the prompts of an evaluation split, unsafe (any
//! label) and benign (no label), sampled at even intervals so that every source of the sorted
//! split is represented. The repository's robustness test and example both screen it.

use std::io;
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
    /// # Errors
    /// The file cannot be read, or a line is not a JSON object with a `text` string
    /// ([`io::ErrorKind::InvalidData`], naming the line).
    pub fn load(path: &Path, limit: Option<usize>) -> io::Result<Sample> {
        let text = std::fs::read_to_string(path)?;
        let mut unsafe_texts = Vec::new();
        let mut benign_texts = Vec::new();
        for (n, line) in text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
        {
            let bad = |what: &str| {
                let at = format!("{}:{}: {what}", path.display(), n + 1);
                io::Error::new(io::ErrorKind::InvalidData, at)
            };
            let row: serde_json::Value =
                serde_json::from_str(line).map_err(|e| bad(&e.to_string()))?;
            if row["kind"].as_str().is_some_and(|k| k != "prompt") {
                continue;
            }
            let text = row["text"]
                .as_str()
                .ok_or_else(|| bad("no text string"))?
                .to_owned();
            let labelled = row["labels"].as_array().is_some_and(|l| !l.is_empty());
            if labelled {
                unsafe_texts.push(text);
            } else {
                benign_texts.push(text);
            }
        }
        Ok(Sample {
            unsafe_texts: evenly(unsafe_texts, limit),
            benign_texts: evenly(benign_texts, limit),
        })
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
