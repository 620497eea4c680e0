//! `config.json`: the model's metadata, and the checks a model must pass to be loaded.

use std::collections::BTreeMap;

use edgeguard_core::normalize::NORMALIZER_VERSION;
use edgeguard_core::{LABEL_COUNT, Label, LabelScores, Scores};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// The model-file contract this build reads.
pub const MODEL_FORMAT: &str = "edgeguard-model/3";

/// The graph's file in a model folder (an NNEF archive), as `config.json` lists it.
pub(crate) const GRAPH_FILE: &str = "model.nnef.tar";

/// The parsed `config.json` of a model.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ModelConfig {
    /// The model-file contract (`edgeguard-model/3`).
    pub format: String,
    /// Model name.
    pub name: String,
    /// Model version.
    pub version: String,
    /// Output labels after `unsafe`, in order; must equal [`Label::ALL`].
    pub labels: Vec<String>,
    /// Default threshold per output name (`unsafe` and every label).
    pub thresholds: BTreeMap<String, f32>,
    /// How long inputs are cut into overlapping windows.
    pub window: WindowConfig,
    /// Marker tokens telling the model which side of the screen a text is on.
    pub markers: Markers,
    /// The normalizer version the model was trained with.
    pub normalizer: String,
    /// Size and SHA-256 of each model file.
    pub files: BTreeMap<String, FileDigest>,
    /// How the scores of a text's windows and sentences become the text's scores (absent in
    /// older files: the plain maximum, sentences one logit down).
    #[serde(default)]
    pub aggregate: AggregateConfig,
}

/// How a text's piece scores (windows, sentences) combine into its scores, in logits.
///
/// A text's score per output is the maximum over its pieces, lowered by
/// `length_shift * log2(pieces)`: with many pieces, one noisy score is likelier to be high by
/// chance, and the shift keeps a score's meaning the same at every length (chosen on whole
/// validation documents, so that a request buried in a long benign text still clears it).
/// Sentences, scored without the text around them, are lowered by `sentence_margin` too.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AggregateConfig {
    /// Logits a lone sentence's score is lowered by.
    pub sentence_margin: f32,
    /// Logits the maximum is lowered by per doubling of the number of pieces.
    pub length_shift: f32,
}

impl Default for AggregateConfig {
    fn default() -> Self {
        AggregateConfig {
            sentence_margin: 1.0,
            length_shift: 0.0,
        }
    }
}

impl AggregateConfig {
    /// Combines the scores of `pieces` pieces of one kind (their per-output maximum is `max`),
    /// lowered by `margin` logits and by the length shift.
    pub fn combine(&self, max: Scores, pieces: usize, margin: f32) -> Scores {
        let shift = margin + self.length_shift * (pieces.max(1) as f32).log2();
        if shift == 0.0 {
            return max;
        }
        let lower = |p: f32| {
            let p = p.clamp(1e-6, 1.0 - 1e-6);
            let logit = (p / (1.0 - p)).ln() - shift;
            1.0 / (1.0 + (-logit).exp())
        };
        let mut out = max;
        out.unsafe_prob = lower(out.unsafe_prob);
        for label in Label::ALL {
            out.labels[label] = lower(out.labels[label]);
        }
        out
    }
}

/// Window geometry, in tokens (special tokens included).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WindowConfig {
    /// Tokens per window.
    pub tokens: usize,
    /// Tokens between the starts of consecutive windows.
    pub stride: usize,
}

/// Marker tokens placed after `[CLS]`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Markers {
    /// Marker for prompts.
    pub prompt: String,
    /// Marker for responses.
    pub response: String,
}

/// Size and digest of one model file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileDigest {
    /// Lowercase hex SHA-256.
    pub sha256: String,
    /// Size in bytes.
    pub bytes: u64,
}

impl ModelConfig {
    /// Parses and validates `config.json`.
    ///
    /// # Errors
    /// [`Error::ConfigSyntax`] for malformed JSON, [`Error::Config`] when the format, labels,
    /// thresholds, window or normalizer do not match this build.
    pub fn parse(bytes: &[u8]) -> Result<ModelConfig> {
        let config: ModelConfig = serde_json::from_slice(bytes).map_err(Error::ConfigSyntax)?;
        config.validate()?;
        Ok(config)
    }

    fn validate(&self) -> Result<()> {
        let bad = |msg: String| Err(Error::Config(msg));
        if self.format != MODEL_FORMAT {
            return bad(format!(
                "format {:?}, this build reads {MODEL_FORMAT:?}",
                self.format
            ));
        }
        let expected: Vec<&str> = Label::ALL.iter().map(|l| l.as_str()).collect();
        if self.labels != expected {
            return bad(format!(
                "labels {:?} differ from this build's {:?}",
                self.labels, expected
            ));
        }
        for name in std::iter::once("unsafe").chain(expected.iter().copied()) {
            match self.thresholds.get(name) {
                Some(t) if (0.0..=1.0).contains(t) => {}
                Some(t) => return bad(format!("threshold {t} for {name} is not within [0, 1]")),
                None => return bad(format!("no threshold for {name}")),
            }
        }
        let WindowConfig { tokens, stride } = self.window;
        if !(8..=512).contains(&tokens) || stride == 0 || stride > tokens - 3 {
            return bad(format!(
                "window of {tokens} tokens with stride {stride} is not usable"
            ));
        }
        let AggregateConfig {
            sentence_margin,
            length_shift,
        } = self.aggregate;
        if !(0.0..=8.0).contains(&sentence_margin) || !(0.0..=4.0).contains(&length_shift) {
            return bad(format!(
                "aggregate sentence_margin {sentence_margin} or length_shift {length_shift} out of range"
            ));
        }
        if self.normalizer != NORMALIZER_VERSION {
            return bad(format!(
                "model trained with normalizer {:?}, this build has {NORMALIZER_VERSION:?}",
                self.normalizer
            ));
        }
        for file in [GRAPH_FILE, "tokenizer.json"] {
            if !self.files.contains_key(file) {
                return bad(format!("no digest for {file}"));
            }
        }
        Ok(())
    }

    /// The default thresholds: `unsafe` and every label.
    pub fn default_thresholds(&self) -> Scores {
        // Presence is checked by `validate`.
        let get = |name: &str| self.thresholds.get(name).copied().unwrap_or(0.5);
        let mut labels = LabelScores([0.5; LABEL_COUNT]);
        for label in Label::ALL {
            labels[label] = get(label.as_str());
        }
        Scores {
            unsafe_prob: get("unsafe"),
            labels,
        }
    }

    /// Content tokens per window (the window less `[CLS]`, the marker and `[SEP]`).
    pub fn window_content(&self) -> usize {
        self.window.tokens - 3
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn logit(p: f32) -> f32 {
        (p / (1.0 - p)).ln()
    }

    #[test]
    fn one_piece_without_margin_is_the_maximum_itself() {
        let agg = AggregateConfig {
            sentence_margin: 1.0,
            length_shift: 0.5,
        };
        let max = Scores {
            unsafe_prob: 0.7,
            ..Scores::default()
        };
        assert_eq!(agg.combine(max, 1, 0.0), max);
    }

    #[test]
    fn many_pieces_and_sentences_are_lowered_in_logits() {
        let agg = AggregateConfig {
            sentence_margin: 1.0,
            length_shift: 0.25,
        };
        let mut max = Scores {
            unsafe_prob: 0.9,
            ..Scores::default()
        };
        max.labels[Label::NonViolentCrimes] = 0.5;
        // 16 pieces: 4 doublings, 1 logit; plus the sentence margin.
        let out = agg.combine(max, 16, agg.sentence_margin);
        assert!((logit(out.unsafe_prob) - (logit(0.9) - 2.0)).abs() < 1e-4);
        assert!((logit(out.labels[Label::NonViolentCrimes]) + 2.0).abs() < 1e-4);
    }

    #[test]
    fn out_of_range_settings_fail_the_load() {
        let mut config: serde_json::Value =
            serde_json::from_str(include_str!("../../../models/default/config.json")).unwrap();
        config["aggregate"] = serde_json::json!({"sentence_margin": 1.0, "length_shift": -1.0});
        let err = ModelConfig::parse(config.to_string().as_bytes()).unwrap_err();
        assert!(err.to_string().contains("length_shift"), "{err}");
        config["aggregate"] = serde_json::json!({"sentence_margin": 1.0});
        assert!(ModelConfig::parse(config.to_string().as_bytes()).is_err());
        config.as_object_mut().unwrap().remove("aggregate");
        let parsed = ModelConfig::parse(config.to_string().as_bytes()).unwrap();
        assert_eq!(parsed.aggregate, AggregateConfig::default());
    }
}
