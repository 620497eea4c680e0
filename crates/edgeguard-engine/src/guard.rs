//! [`Guard`]: screen text with a model under a policy.

use std::path::Path;
use std::sync::Arc;

use edgeguard_core::normalize::normalize_detailed;
use edgeguard_core::{Policy, PolicyFormat, Scores, Verdict};

use crate::config::ModelConfig;
use crate::error::{Error, Result};
use crate::model::{Model, ModelBytes, ModelFiles};
use crate::views::{PreparedView, chat_tokens};
use crate::window::{Kind, Windows};

/// Largest input accepted by default, in bytes (64 MiB). Larger inputs are an
/// [`Error::InputTooLarge`], never silently cut.
pub const DEFAULT_MAX_INPUT_BYTES: usize = 64 << 20;

/// Windows run through the model in one call when screening a batch.
const BATCH_WINDOWS: usize = 64;

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

/// A text prepared for the model: its normalized form and its windows, its decoded views, and
/// the chat-template tokens found in it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Prepared {
    /// The normalized text (what terms are matched against).
    pub normalized: String,
    /// The framed windows of token ids.
    pub windows: Windows,
    /// One window per sentence when the text has several (empty otherwise), scored too so
    /// that a harmful sentence buried in benign text is not diluted by it.
    pub sentences: Windows,
    /// Decoded views of encoded segments (see [`edgeguard_core::decode`]), screened too.
    pub views: Vec<PreparedView>,
    /// Unquoted chat-template tokens found in the text, each once.
    pub chat_template: Vec<String>,
    /// Whether the chat-template signal applies: a prompt with such tokens.
    pub injection_signal: bool,
}

impl Guard {
    /// Loads the default model embedded in this build, under its default policy.
    ///
    /// # Errors
    /// As [`Guard::from_bytes`]; an error here means the build itself is broken.
    #[cfg(feature = "embedded-model")]
    pub fn default_model() -> Result<Guard> {
        Guard::from_bytes(crate::embedded::BYTES)
    }

    /// Loads a model from its three files in memory, under its default policy.
    ///
    /// # Errors
    /// [`Error::ConfigSyntax`]/[`Error::Config`] for bad metadata, [`Error::Checksum`] for a
    /// corrupted or mismatched file, [`Error::Tokenizer`] and [`Error::Model`] for files that
    /// do not load.
    pub fn from_bytes(files: ModelBytes<'_>) -> Result<Guard> {
        let model = Model::load(files)?;
        Ok(Guard {
            policy: Policy::with_thresholds(&model.thresholds),
            model: Arc::new(model),
            max_input_bytes: DEFAULT_MAX_INPUT_BYTES,
        })
    }

    /// Loads `model.onnx`, `tokenizer.json` and `config.json` from a folder.
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

    /// Screens a prompt.
    ///
    /// # Errors
    /// [`Error::EmptyInput`], [`Error::InputTooLarge`], or [`Error::Inference`].
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
    /// # Errors
    /// As [`Guard::check`].
    pub fn check_kind(&self, text: &str, kind: Kind) -> Result<Verdict> {
        let prepared = self.prepare(text, kind)?;
        let mut scores = self.infer(&prepared.windows)?;
        if !prepared.sentences.is_empty() {
            scores = scores.max(&self.sentence_evidence(&prepared.sentences)?);
        }
        let views = prepared
            .views
            .iter()
            .map(|v| self.infer(&v.windows))
            .collect::<Result<Vec<_>>>()?;
        Ok(self.verdict(&prepared, scores, &views))
    }

    /// Screens many prompts, running their windows through the model in shared batches.
    /// Each text gets its own result: one bad text does not fail the others.
    pub fn check_batch(&self, texts: &[&str]) -> Vec<Result<Verdict>> {
        let items: Vec<(&str, Kind)> = texts.iter().map(|t| (*t, Kind::Prompt)).collect();
        self.check_batch_kinds(&items)
    }

    /// Screens many texts of given kinds (see [`Guard::check_batch`]).
    pub fn check_batch_kinds(&self, items: &[(&str, Kind)]) -> Vec<Result<Verdict>> {
        let prepared: Vec<Result<Prepared>> =
            items.iter().map(|(t, k)| self.prepare(t, *k)).collect();
        // Every text's windows, its sentence windows and then its views' windows, in order.
        let ready: Vec<&Windows> = prepared
            .iter()
            .filter_map(|p| p.as_ref().ok())
            .flat_map(|p| {
                std::iter::once(&p.windows)
                    .chain(Some(&p.sentences).filter(|s| !s.is_empty()))
                    .chain(p.views.iter().map(|v| &v.windows))
            })
            .collect();
        let mut scores = match self.infer_many(&ready) {
            Ok(scores) => scores.into_iter(),
            // A failed shared batch is retried text by text, so each gets its own error.
            Err(_) => Vec::new().into_iter(),
        };
        let aggregate = self.model.config.aggregate;
        prepared
            .into_iter()
            .map(|p| {
                let p = p?;
                let mut next = |w: &Windows, margin: f32| match scores.next() {
                    Some(max) => Ok(aggregate.combine(max, w.len(), margin)),
                    None => self.combine(w, margin),
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
                Ok(self.verdict(&p, text, &views))
            })
            .collect()
    }

    /// The model's scores for a text, before any policy, decoded view or signal: what the
    /// training framework computes for the same text.
    ///
    /// # Errors
    /// As [`Guard::check`].
    pub fn scores(&self, text: &str, kind: Kind) -> Result<Scores> {
        self.infer(&self.prepare(text, kind)?.windows)
    }

    /// Stage 1-2: normalizes a text and cuts its tokens into framed windows; decodes its encoded
    /// segments into views, prepared the same way; and notes its chat-template tokens.
    ///
    /// # Errors
    /// [`Error::InputTooLarge`], [`Error::EmptyInput`], or [`Error::Tokenizer`].
    pub fn prepare(&self, text: &str, kind: Kind) -> Result<Prepared> {
        self.check_size(text)?;
        let normalized = normalize_detailed(text);
        if normalized.text.is_empty() {
            return Err(Error::EmptyInput);
        }
        let (windows, sentences) = self.encode_with_sentences(&normalized.text, kind)?;
        let chat_template = chat_tokens(&normalized);
        Ok(Prepared {
            sentences,
            injection_signal: kind == Kind::Prompt && !chat_template.is_empty(),
            chat_template,
            views: self.prepare_views(text, kind)?,
            windows,
            normalized: normalized.text,
        })
    }

    /// Stage 2: tokenizes normalized text and frames its windows.
    ///
    /// # Errors
    /// [`Error::Tokenizer`] if the tokenizer fails.
    pub fn encode(&self, normalized: &str, kind: Kind) -> Result<Windows> {
        let ids = self.tokenize(normalized)?;
        Ok(self.frame(&ids, kind))
    }

    /// [`Guard::encode`], plus the text's sentence windows (see [`Prepared::sentences`]).
    fn encode_with_sentences(&self, normalized: &str, kind: Kind) -> Result<(Windows, Windows)> {
        let ids = self.tokenize(normalized)?;
        let sentences = if ids.len() > self.model.config.window_content() {
            Windows::of_sentences(&ids, kind, &self.model.special)
        } else {
            Windows::default()
        };
        Ok((self.frame(&ids, kind), sentences))
    }

    fn tokenize(&self, normalized: &str) -> Result<Vec<u32>> {
        let mut ids = Vec::with_capacity(normalized.len() / 3 + 8);
        self.model.tokenizer.encode(normalized, &mut ids)?;
        Ok(ids)
    }

    fn frame(&self, ids: &[u32], kind: Kind) -> Windows {
        let config = &self.model.config;
        Windows::of_text(
            ids,
            kind,
            &self.model.special,
            config.window_content(),
            config.window.stride,
        )
    }

    /// Stage 3: runs the windows of one text and combines them: the maximum per output, lowered
    /// for the number of windows as the model's [`AggregateConfig`](crate::AggregateConfig) says.
    ///
    /// # Errors
    /// [`Error::Inference`] if tract fails.
    pub fn infer(&self, windows: &Windows) -> Result<Scores> {
        self.combine(windows, 0.0)
    }

    /// Runs `windows` and combines them, lowered by `margin` logits besides the length shift.
    fn combine(&self, windows: &Windows, margin: f32) -> Result<Scores> {
        let rows = self.model.run(windows)?;
        let max = rows.iter().fold(Scores::default(), |acc, s| acc.max(s));
        Ok(self.model.config.aggregate.combine(max, rows.len(), margin))
    }

    /// A text's sentence windows scored as evidence about the whole text: a sentence is read
    /// without its context, so it must clear the text's thresholds by the model's sentence
    /// margin.
    fn sentence_evidence(&self, sentences: &Windows) -> Result<Scores> {
        self.combine(sentences, self.model.config.aggregate.sentence_margin)
    }

    /// Runs the windows of several texts in shared batches of similar lengths: one score set
    /// per text (the plain maximum over its windows, before aggregation).
    fn infer_many(&self, texts: &[&Windows]) -> Result<Vec<Scores>> {
        // Every window, tagged with its text, sorted by length so batches pad little.
        let mut windows: Vec<(usize, Windows)> = Vec::new();
        for (i, w) in texts.iter().enumerate() {
            let (rows, cols) = w.shape();
            for r in 0..rows {
                let row = &w.ids()[r * cols..(r + 1) * cols];
                let len = row.iter().rposition(|&id| id != 0).map_or(0, |x| x + 1);
                windows.push((i, Windows::single(&row[..len])));
            }
        }
        windows.sort_by_key(|(_, w)| w.shape().1);
        let mut out = vec![Scores::default(); texts.len()];
        for chunk in windows.chunks(BATCH_WINDOWS) {
            let batch = Windows::concat(chunk.iter().map(|(_, w)| w));
            for ((text, _), s) in chunk.iter().zip(self.model.run(&batch)?) {
                out[*text] = out[*text].max(&s);
            }
        }
        Ok(out)
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

/// Validates UTF-8 input bytes (for callers holding bytes: C, WASM, files).
///
/// # Errors
/// [`Error::InvalidUtf8`] with the offset of the first invalid byte.
pub fn text_from_utf8(bytes: &[u8]) -> Result<&str> {
    std::str::from_utf8(bytes).map_err(|e| Error::InvalidUtf8 {
        offset: e.valid_up_to(),
    })
}
