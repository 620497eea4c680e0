//! `config.json`: the model's metadata, and the checks a model must pass to be loaded.

use std::collections::BTreeMap;

use edgeguard_core::normalize::NORMALIZER_VERSION;
use edgeguard_core::{LABEL_COUNT, Label, LabelScores, Scores};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// The model-file contract this build reads.
pub const MODEL_FORMAT: &str = "edgeguard-model/1";

/// The parsed `config.json` of a model.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ModelConfig {
    /// The model-file contract (`edgeguard-model/1`).
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
        if self.normalizer != NORMALIZER_VERSION {
            return bad(format!(
                "model trained with normalizer {:?}, this build has {NORMALIZER_VERSION:?}",
                self.normalizer
            ));
        }
        for file in ["model.onnx", "tokenizer.json"] {
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
