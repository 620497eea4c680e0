//! [`Guard`]: screen text with a model under a policy.

use std::path::Path;
use std::sync::Arc;

use edgeguard_core::normalize::normalize;
use edgeguard_core::{Policy, PolicyFormat, Scores, Verdict};
use edgeguard_plan::{Plan, RobotPolicy};

use crate::command::CommandVerdict;
use crate::config::ModelConfig;
use crate::error::{Error, Result};
use crate::infer::Extent;
use crate::kind::Kind;
use crate::model::{Integrity, Model, ModelBytes, ModelDigests, ModelFiles};
use crate::prepare::{self, Prepared, Tokenized};
use crate::stream::{Cadence, StreamModerator};
use crate::window::Windows;
use crate::{infer, merge};

/// Largest input accepted by default, in bytes (64 MiB). Larger inputs are an
/// [`Error::InputTooLarge`], never silently cut.
pub const DEFAULT_MAX_INPUT_BYTES: usize = 64 << 20;

/// Longest text, in bytes, whose windows [`Guard::check_batch`] runs in batches shared with
/// other texts (64 KiB); a longer one is screened on its own, in bounded memory.
pub const BATCH_TEXT_BYTES: usize = 64 << 10;

/// A guard: a loaded model and the policy applied to its scores.
///
/// Cloning is cheap (the model is shared). A guard is `Send + Sync`: one guard can serve `check`
/// calls from many threads at once.
#[derive(Clone, Debug)]
pub struct Guard {
    model: Arc<Model>,
    policy: Policy,
    max_input_bytes: usize,
}

impl Guard {
    /// Loads the default model embedded in this build, under its default policy.
    ///
    /// # Errors
    /// As [`Guard::from_bytes`]; an error here means the build itself is broken.
    #[cfg(feature = "embedded-model")]
    pub fn default_model() -> Result<Guard> {
        Ok(Guard::with_model(Model::load(
            crate::embedded::BYTES,
            Integrity::CheckedAtBuild,
        )?))
    }

    /// Loads a model from its three files in memory, under its default policy.
    ///
    /// # Errors
    /// [`Error::ConfigSyntax`]/[`Error::Config`] for bad metadata, [`Error::Checksum`] for a
    /// corrupted or mismatched file, [`Error::Tokenizer`] and [`Error::Model`] for files that
    /// do not load.
    pub fn from_bytes(files: ModelBytes<'_>) -> Result<Guard> {
        Ok(Guard::with_model(Model::load(files, Integrity::Verify)?))
    }

    /// As [`Guard::from_bytes`], with the files' SHA-256 digests computed by the caller (for
    /// instance by the platform's own crypto, much faster than hashing in WebAssembly); they
    /// are compared with `config.json` exactly as `from_bytes` compares its own.
    ///
    /// # Errors
    /// As [`Guard::from_bytes`].
    pub fn from_bytes_with_digests(files: ModelBytes<'_>, digests: ModelDigests) -> Result<Guard> {
        Ok(Guard::with_model(Model::load(
            files,
            Integrity::Digests(digests),
        )?))
    }

    /// A guard of a loaded model, under the model's default policy.
    fn with_model(model: Model) -> Guard {
        Guard {
            policy: Policy::with_thresholds(&model.thresholds),
            model: Arc::new(model),
            max_input_bytes: DEFAULT_MAX_INPUT_BYTES,
        }
    }

    /// Loads `model.nnef.tar`, `tokenizer.json` and `config.json` from a folder.
    ///
    /// # Errors
    /// [`Error::Io`] for unreadable files, then as [`Guard::from_bytes`].
    pub fn from_dir(dir: impl AsRef<Path>) -> Result<Guard> {
        Guard::from_bytes(ModelFiles::read_dir(dir.as_ref())?.as_bytes())
    }

    /// The model's metadata.
    pub fn config(&self) -> &ModelConfig {
        &self.model.config
    }

    /// The active policy.
    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    /// Replaces the active policy.
    pub fn set_policy(&mut self, policy: Policy) {
        self.policy = policy;
    }

    /// Parses a policy file against this model's default thresholds.
    ///
    /// # Errors
    /// [`Error::Policy`] with the location of the problem.
    pub fn parse_policy(&self, text: &str, format: PolicyFormat) -> Result<Policy> {
        Ok(Policy::parse(text, format, &self.model.thresholds)?)
    }

    /// The default policy of this model.
    pub fn default_policy(&self) -> Policy {
        Policy::with_thresholds(&self.model.thresholds)
    }

    /// The largest input accepted, in bytes.
    pub fn max_input_bytes(&self) -> usize {
        self.max_input_bytes
    }

    /// Sets the largest input accepted, in bytes.
    pub fn set_max_input_bytes(&mut self, limit: usize) {
        self.max_input_bytes = limit;
    }

    /// Screens a prompt. A text that is empty once normalized (whitespace and invisible
    /// characters only) is allowed: its scores are 0.
    ///
    /// # Errors
    /// [`Error::InputTooLarge`], [`Error::Tokenizer`], or [`Error::Inference`].
    pub fn check(&self, text: &str) -> Result<Verdict> {
        self.check_kind(text, Kind::Prompt)
    }

    /// Screens a model's response to a prompt.
    ///
    /// The fast model judges the response on its own, in response mode (refusals and safety
    /// information are benign, compliant harmful answers are not); the prompt is validated but
    /// does not change the scores.
    ///
    /// # Errors
    /// As [`Guard::check`], for either text.
    pub fn check_response(&self, prompt: &str, response: &str) -> Result<Verdict> {
        self.check_size(prompt)?;
        self.check_kind(response, Kind::Response)
    }

    /// Screens one text of a given kind: the text and each of its decoded views; the verdict's
    /// scores are their maximum, raised by the chat-template signal for prompts.
    ///
    /// The text's windows and sentence windows are framed and run through the model a few at a
    /// time, so memory does not grow with their number (see the crate's README, "Any input");
    /// decoded views are bounded by [`edgeguard_core::decode::Limits::DEFAULT`], and the
    /// verdict's `views_capped` says when a limit left encoded text undecoded.
    ///
    /// # Errors
    /// As [`Guard::check`].
    pub fn check_kind(&self, text: &str, kind: Kind) -> Result<Verdict> {
        self.check_extent(text, kind, Extent::Whole)
    }

    /// Screens a stretch cut from a longer text (for the stream moderator): as
    /// [`Guard::check_kind`], except that its sentences are scored alone at any length, as the
    /// longer text's are.
    pub(crate) fn check_part(&self, text: &str, kind: Kind) -> Result<Verdict> {
        self.check_extent(text, kind, Extent::Part)
    }

    fn check_extent(&self, text: &str, kind: Kind, extent: Extent) -> Result<Verdict> {
        self.check_size(text)?;
        let tokenized = prepare::analyzed(&self.model, text, kind)?;
        let scores = if tokenized.normalized.is_empty() {
            Scores::default()
        } else {
            infer::text_scores(&self.model, &tokenized.normalized, kind, Some(extent))?
        };
        let views = tokenized
            .views
            .iter()
            .map(|v| infer::window_scores(&self.model, &v.ids, kind))
            .collect::<Result<Vec<_>>>()?;
        Ok(merge::verdict(&self.policy, &tokenized, scores, &views))
    }

    /// Screens many prompts, running their windows through the model in shared batches.
    /// Each text gets its own result: one bad text does not fail the others.
    pub fn check_batch(&self, texts: &[&str]) -> Vec<Result<Verdict>> {
        let items: Vec<(&str, Kind)> = texts.iter().map(|t| (*t, Kind::Prompt)).collect();
        self.check_batch_kinds(&items)
    }

    /// Screens many texts of given kinds (see [`Guard::check_batch`]).
    ///
    /// A long text (more than [`BATCH_TEXT_BYTES`]) is screened on its own, as by
    /// [`Guard::check_kind`], so that memory stays bounded whatever the texts' lengths.
    pub fn check_batch_kinds(&self, items: &[(&str, Kind)]) -> Vec<Result<Verdict>> {
        let (long, short): (Vec<_>, Vec<_>) = items
            .iter()
            .enumerate()
            .partition(|(_, (t, _))| t.len() > BATCH_TEXT_BYTES);
        let mut out: Vec<Option<Result<Verdict>>> = items.iter().map(|_| None).collect();
        for (i, (text, kind)) in long {
            out[i] = Some(self.check_kind(text, *kind));
        }
        let shared: Vec<(&str, Kind)> = short.iter().map(|(_, item)| **item).collect();
        for ((i, _), verdict) in short.iter().zip(self.check_batch_shared(&shared)) {
            out[*i] = Some(verdict);
        }
        out.into_iter().flatten().collect()
    }

    /// Screens many short texts, their windows run in shared batches.
    fn check_batch_shared(&self, items: &[(&str, Kind)]) -> Vec<Result<Verdict>> {
        let tokenized: Vec<Result<(Tokenized, Prepared)>> = items
            .iter()
            .map(|(t, k)| {
                self.check_size(t)?;
                let tokenized = prepare::tokenized(&self.model, t, *k)?;
                let prepared = prepare::frame_all(&self.model, &tokenized, *k);
                Ok((tokenized, prepared))
            })
            .collect();
        // Every text's windows, its sentence windows and then its views' windows, in order.
        let ready: Vec<&Windows> = tokenized
            .iter()
            .filter_map(|r| r.as_ref().ok())
            .flat_map(|(_, p)| {
                std::iter::once(&p.windows)
                    .chain(Some(&p.sentences).filter(|s| !s.is_empty()))
                    .chain(p.views.iter().map(|v| &v.windows))
            })
            .collect();
        let mut scores = match infer::infer_many(&self.model, &ready) {
            Ok(scores) => scores.into_iter(),
            // A failed shared batch is retried text by text, so each gets its own error.
            Err(_) => Vec::new().into_iter(),
        };
        let aggregate = self.model.config.aggregate;
        tokenized
            .into_iter()
            .map(|r| {
                let (t, p) = r?;
                let mut next = |w: &Windows, margin: f32| match scores.next() {
                    Some(max) => Ok(aggregate.combine(max, w.len(), margin)),
                    None => infer::combine(&self.model, w, margin),
                };
                let mut text = next(&p.windows, 0.0)?;
                if !p.sentences.is_empty() {
                    text = text.max(&next(&p.sentences, aggregate.sentence_margin)?);
                }
                let views = p
                    .views
                    .iter()
                    .map(|v| next(&v.windows, 0.0))
                    .collect::<Result<Vec<_>>>()?;
                Ok(merge::verdict(&self.policy, &t, text, &views))
            })
            .collect()
    }

    /// The model's scores for a text, before any policy, decoded view or signal: what the
    /// training framework computes for the same text.
    ///
    /// # Errors
    /// As [`Guard::check`].
    pub fn scores(&self, text: &str, kind: Kind) -> Result<Scores> {
        self.check_size(text)?;
        let normalized = normalize(text);
        if normalized.is_empty() {
            return Ok(Scores::default());
        }
        infer::text_scores(&self.model, &normalized, kind, None)
    }

    /// Starts moderating a stream of `kind` text (usually [`Kind::Response`], an LLM's output).
    pub fn stream(&self, kind: Kind, cadence: Cadence) -> StreamModerator {
        StreamModerator::new(self.clone(), kind, cadence)
    }

    /// Screens a robot command with the model and checks its plan against a robot policy.
    ///
    /// # Errors
    /// [`Error::Plan`] when the plan names unknown actions or propositions, and the errors of
    /// [`Guard::check`] for the command text.
    pub fn check_command(
        &self,
        command: &str,
        plan: &Plan,
        policy: &RobotPolicy,
    ) -> Result<CommandVerdict> {
        let plan_verdict = policy.check(plan)?;
        let screened = self.check(command)?;
        Ok(CommandVerdict::new(Some(screened), plan_verdict))
    }

    fn check_size(&self, text: &str) -> Result<()> {
        if text.len() > self.max_input_bytes {
            return Err(Error::InputTooLarge {
                bytes: text.len(),
                limit: self.max_input_bytes,
            });
        }
        Ok(())
    }
}

/// The stages of [`Guard::check`], public with the `stages` feature so that benchmarks can time
/// them apart; they are not part of the stable API.
#[cfg(feature = "stages")]
impl Guard {
    /// Stages 1-2: normalizes a text and cuts its tokens into framed windows; decodes its
    /// encoded segments into views, prepared the same way; and notes its chat-template tokens.
    ///
    /// # Errors
    /// [`Error::InputTooLarge`] or [`Error::Tokenizer`].
    pub fn prepare(&self, text: &str, kind: Kind) -> Result<Prepared> {
        self.check_size(text)?;
        prepare::prepare(&self.model, text, kind)
    }

    /// Stage 2: tokenizes normalized text and frames its windows.
    ///
    /// # Errors
    /// [`Error::Tokenizer`] if the tokenizer fails.
    pub fn encode(&self, normalized: &str, kind: Kind) -> Result<Windows> {
        prepare::encode(&self.model, normalized, kind)
    }

    /// Stage 3: runs the windows of one text and combines them: the maximum per output, lowered
    /// for the number of windows as the model's [`AggregateConfig`](crate::AggregateConfig)
    /// says.
    ///
    /// # Errors
    /// [`Error::Inference`] if tract fails.
    pub fn infer(&self, windows: &Windows) -> Result<Scores> {
        infer::combine(&self.model, windows, 0.0)
    }
}

/// Validates UTF-8 input bytes (for callers holding bytes: C, WASM, files).
///
/// # Errors
/// [`Error::InvalidUtf8`] with the offset of the first invalid byte.
pub fn text_from_utf8(bytes: &[u8]) -> Result<&str> {
    std::str::from_utf8(bytes).map_err(|e| Error::InvalidUtf8 {
        offset: e.valid_up_to(),
    })
}
