//! Loading a model: verify the files, build the tokenizer, read and optimize the NNEF graph with
//! tract, and run it on windows of token ids.

use std::path::Path;
use std::sync::Arc;

use edgeguard_core::{LABEL_COUNT, LabelScores, Scores};
use sha2::{Digest, Sha256};
use tract_nnef::prelude::*;

use crate::config::{GRAPH_FILE, ModelConfig};
use crate::error::{Error, Result};
use crate::graph;
use crate::tokenize::TextTokenizer;
use crate::window::{SpecialIds, Windows};

/// The three files of a model, borrowed as bytes: `model.nnef.tar`, `tokenizer.json`, `config.json`.
#[derive(Clone, Copy, Debug)]
pub struct ModelBytes<'a> {
    /// The graph: an NNEF archive.
    pub model: &'a [u8],
    /// The Hugging Face tokenizer file.
    pub tokenizer: &'a [u8],
    /// The metadata (labels, thresholds, window, SHA-256 of the other two files).
    pub config: &'a [u8],
}

/// The three files of a model, owned (as read from a folder).
#[derive(Clone, Debug)]
pub struct ModelFiles {
    /// The graph: an NNEF archive.
    pub model: Vec<u8>,
    /// The Hugging Face tokenizer file.
    pub tokenizer: Vec<u8>,
    /// The metadata.
    pub config: Vec<u8>,
}

impl ModelFiles {
    /// Reads `model.nnef.tar`, `tokenizer.json` and `config.json` from a folder.
    ///
    /// # Errors
    /// [`Error::Io`] naming the file that could not be read.
    pub fn read_dir(dir: &Path) -> Result<ModelFiles> {
        let read = |name: &str| {
            let path = dir.join(name);
            std::fs::read(&path).map_err(|source| Error::Io { path, source })
        };
        Ok(ModelFiles {
            model: read(GRAPH_FILE)?,
            tokenizer: read("tokenizer.json")?,
            config: read("config.json")?,
        })
    }

    /// Borrows the files.
    pub fn as_bytes(&self) -> ModelBytes<'_> {
        ModelBytes {
            model: &self.model,
            tokenizer: &self.tokenizer,
            config: &self.config,
        }
    }
}

/// The SHA-256 digests of `model.nnef.tar` and `tokenizer.json`, as raw bytes.
///
/// [`Guard::from_bytes`](crate::Guard::from_bytes) computes them itself;
/// [`Guard::from_bytes_with_digests`](crate::Guard::from_bytes_with_digests) takes them from a
/// caller that has the platform's own, faster SHA-256 (the WASM package uses WebCrypto). Either
/// way they are compared with the digests `config.json` records.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ModelDigests {
    /// SHA-256 of `model.nnef.tar`.
    pub model: [u8; 32],
    /// SHA-256 of `tokenizer.json`.
    pub tokenizer: [u8; 32],
}

impl ModelDigests {
    /// Hashes the two files.
    pub fn of(files: ModelBytes<'_>) -> ModelDigests {
        ModelDigests {
            model: Sha256::digest(files.model).into(),
            tokenizer: Sha256::digest(files.tokenizer).into(),
        }
    }
}

/// A loaded, verified and optimized model. Shared by every clone of a guard.
#[derive(Debug)]
pub(crate) struct Model {
    pub(crate) config: ModelConfig,
    pub(crate) thresholds: Scores,
    pub(crate) tokenizer: TextTokenizer,
    pub(crate) special: SpecialIds,
    plan: Arc<TypedRunnableModel>,
}

/// How a model's files are checked against the digests their config records.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Integrity {
    /// Hash each file here (files from outside the binary).
    Verify,
    /// Files from outside the binary whose digests the caller computed.
    Digests(ModelDigests),
    /// The files were checked when the library was built (the embedded default model, see
    /// `build.rs`): they are part of the binary like its code.
    #[cfg(feature = "embedded-model")]
    CheckedAtBuild,
}

impl Model {
    pub(crate) fn load(files: ModelBytes<'_>, integrity: Integrity) -> Result<Model> {
        let config = ModelConfig::parse(files.config)?;
        match integrity {
            Integrity::Verify => verify_files(&config, &ModelDigests::of(files))?,
            Integrity::Digests(digests) => verify_files(&config, &digests)?,
            #[cfg(feature = "embedded-model")]
            Integrity::CheckedAtBuild => {}
        }
        let tokenizer = TextTokenizer::from_bytes(files.tokenizer)?;
        let special = SpecialIds::resolve(&tokenizer, &config)?;
        let plan = optimize(files.model).map_err(Error::Model)?;
        let model = Model {
            thresholds: config.default_thresholds(),
            config,
            tokenizer,
            special,
            plan,
        };
        model.check_outputs()?;
        Ok(model)
    }

    /// Runs windows through the model: one score set per window.
    pub(crate) fn run(&self, windows: &Windows) -> Result<Vec<Scores>> {
        let (rows, cols) = windows.shape();
        let input = Tensor::from_shape(&[rows, cols], windows.ids()).map_err(Error::Inference)?;
        let outputs = self
            .plan
            .run(tvec!(input.into()))
            .map_err(Error::Inference)?;
        let view = outputs[0]
            .to_plain_array_view::<f32>()
            .map_err(Error::Inference)?;
        let flat = view
            .as_slice()
            .ok_or_else(|| Error::Inference(TractError::msg("model output is not contiguous")))?;
        Ok(flat
            .chunks_exact(LABEL_COUNT + 1)
            .map(scores_of_row)
            .collect())
    }

    fn check_outputs(&self) -> Result<()> {
        let probe = Windows::single(&[self.special.cls, self.special.sep]);
        let rows = self.run(&probe)?;
        if rows.len() != 1 {
            return Err(Error::Config(format!(
                "model.nnef.tar returns {} rows for one window, or not {} scores per row",
                rows.len(),
                LABEL_COUNT + 1
            )));
        }
        Ok(())
    }
}

fn scores_of_row(row: &[f32]) -> Scores {
    let mut labels = LabelScores::default();
    labels.0.copy_from_slice(&row[1..]);
    Scores {
        unsafe_prob: row[0],
        labels,
    }
}

/// Reads the NNEF graph archive from memory.
fn read(bytes: &[u8]) -> TractResult<TypedModel> {
    graph::framework().model_for_read(&mut &bytes[..])
}

fn optimize(bytes: &[u8]) -> TractResult<Arc<TypedRunnableModel>> {
    let model = read(bytes)?;
    let inputs = model.input_fact(0)?;
    if model.inputs.len() != 1 || inputs.rank() != 2 {
        return Err(TractError::msg(format!(
            "model input is {inputs:?}, expected one [batch, tokens] tensor of ids"
        )));
    }
    let model = model.into_optimized()?;
    let outputs = model.output_fact(0)?.shape.to_tvec();
    if outputs.len() != 2 || outputs[1] != (LABEL_COUNT + 1).to_dim() {
        return Err(TractError::msg(format!(
            "model output has shape {outputs:?}, expected [batch, {}]",
            LABEL_COUNT + 1
        )));
    }
    model.into_runnable()
}

/// Checks the digests of `model.nnef.tar` and `tokenizer.json` against those in `config`.
fn verify_files(config: &ModelConfig, digests: &ModelDigests) -> Result<()> {
    verify(config, GRAPH_FILE, &digests.model)?;
    verify(config, "tokenizer.json", &digests.tokenizer)
}

fn verify(config: &ModelConfig, file: &'static str, digest: &[u8; 32]) -> Result<()> {
    // Presence of the digest is checked when the config is parsed.
    let expected = config
        .files
        .get(file)
        .map(|d| d.sha256.to_ascii_lowercase())
        .unwrap_or_default();
    let actual = hex(digest);
    if actual != expected {
        return Err(Error::Checksum {
            file,
            expected,
            actual,
        });
    }
    Ok(())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The stages of loading a model, one function each, so that benchmarks can time them apart
/// (feature `stages`; not part of the stable API). `Guard::from_bytes` runs them in this order.
#[cfg(feature = "stages")]
pub mod load_stages {
    use super::{ModelBytes, ModelConfig, ModelDigests, Result, TextTokenizer};
    use crate::error::Error;

    /// Parses and checks `config.json`.
    ///
    /// # Errors
    /// As `Guard::from_bytes` for bad metadata.
    pub fn config(bytes: &[u8]) -> Result<ModelConfig> {
        ModelConfig::parse(bytes)
    }

    /// Hashes `model.nnef.tar` and `tokenizer.json` and compares them with the config (skipped for
    /// the embedded model, checked at build time).
    ///
    /// # Errors
    /// [`Error::Checksum`] for a file that does not match.
    pub fn verify(config: &ModelConfig, files: ModelBytes<'_>) -> Result<()> {
        super::verify_files(config, &ModelDigests::of(files))
    }

    /// Builds the tokenizer from `tokenizer.json` (the reference and the fast path).
    ///
    /// # Errors
    /// [`Error::Tokenizer`] for a file that does not load.
    pub fn tokenizer(bytes: &[u8]) -> Result<impl Sized> {
        TextTokenizer::from_bytes(bytes)
    }

    /// Reads the NNEF graph archive into tract's typed model, without optimizing it.
    ///
    /// # Errors
    /// [`Error::Model`] for a graph tract cannot read.
    pub fn read_graph(bytes: &[u8]) -> Result<impl Sized> {
        super::read(bytes).map_err(Error::Model)
    }

    /// Reads and optimizes the graph into a runnable plan (includes
    /// [`read_graph`]).
    ///
    /// # Errors
    /// [`Error::Model`] for a graph tract cannot read or optimize.
    pub fn graph(bytes: &[u8]) -> Result<impl Sized> {
        super::optimize(bytes).map_err(Error::Model)
    }
}
