//! Stage 3 of screening: windows run through the model, and their scores combined into a
//! text's scores (the maximum per output, shifted as the model's
//! [`AggregateConfig`](crate::AggregateConfig) says).

use edgeguard_core::Scores;

use crate::error::Result;
use crate::kind::Kind;
use crate::model::Model;
use crate::prepare;
use crate::window::{Cover, MIN_SENTENCE_TOKENS, SENTENCE_STRIDE, SENTENCE_TOKENS, Windows};

/// Windows run through the model in one call when screening a batch.
const BATCH_WINDOWS: usize = 64;

/// Windows run through the model in one call when one long text is screened. The model's
/// intermediate tensors grow with the batch (about 0.5 MB per 128-token window for the default
/// model), and a batch of 16 runs as fast per token as one of 64: 16 keeps the peak a few MB
/// above the loaded model whatever the text's length.
pub(crate) const STREAM_WINDOWS: usize = 16;

/// Runs `windows` and combines them, lowered by `margin` logits besides the length shift. No
/// windows (an empty text) score 0 everywhere.
///
/// # Errors
/// [`crate::Error::Inference`] if tract fails.
pub(crate) fn combine(model: &Model, windows: &Windows, margin: f32) -> Result<Scores> {
    if windows.is_empty() {
        return Ok(Scores::default());
    }
    let rows = model.run(windows)?;
    let max = rows.iter().fold(Scores::default(), |acc, s| acc.max(s));
    Ok(model.config.aggregate.combine(max, rows.len(), margin))
}

/// Windows run through the model [`STREAM_WINDOWS`] at a time, each batch padded to its longest
/// window, keeping only the running maximum per output and the count: one batch of windows and
/// the model's tensors for it are all it holds, whatever the number of windows.
#[derive(Default)]
struct Run {
    /// The content of the windows of the batch being filled, one after another.
    pending: Vec<u32>,
    /// Their lengths.
    lens: Vec<usize>,
    max: Scores,
    count: usize,
}

impl Run {
    /// Adds `content` as one more window, running the batch once full.
    fn push(&mut self, model: &Model, content: &[u32], kind: Kind) -> Result<()> {
        self.pending.extend_from_slice(content);
        self.lens.push(content.len());
        if self.lens.len() == STREAM_WINDOWS {
            self.flush(model, kind)?;
        }
        Ok(())
    }

    fn flush(&mut self, model: &Model, kind: Kind) -> Result<()> {
        let Some(&longest) = self.lens.iter().max() else {
            return Ok(());
        };
        let mut batch = Windows::with_capacity(self.lens.len(), longest + 3);
        let mut start = 0;
        for &len in &self.lens {
            batch.push_piece(&self.pending, (start, start + len), kind, &model.special);
            start += len;
        }
        for s in model.run(&batch)? {
            self.max = self.max.max(&s);
            self.count += 1;
        }
        self.pending.clear();
        self.lens.clear();
        Ok(())
    }

    /// Runs what is left and combines every window's scores, lowered by `margin` logits besides
    /// the length shift; `None` when no window was pushed.
    fn finish(mut self, model: &Model, kind: Kind, margin: f32) -> Result<Option<Scores>> {
        self.flush(model, kind)?;
        Ok((self.count > 0).then(|| model.config.aggregate.combine(self.max, self.count, margin)))
    }
}

/// The content ids of a text as they arrive, from the first one a span still to come needs.
#[derive(Default)]
struct Feed {
    /// Ids from position `base` on.
    ids: Vec<u32>,
    base: usize,
    /// Ids arrived so far.
    len: usize,
}

impl Feed {
    fn extend(&mut self, ids: &[u32]) {
        self.ids.extend_from_slice(ids);
        self.len += ids.len();
    }

    /// The ids of the absolute span `[start, end)` (still held).
    fn slice(&self, (start, end): (usize, usize)) -> &[u32] {
        &self.ids[start - self.base..end - self.base]
    }

    /// Lets go of the ids before `keep` once they are half of what is held.
    fn trim(&mut self, keep: usize) {
        let drop = keep.saturating_sub(self.base);
        if drop > 0 && drop * 2 >= self.ids.len() {
            self.ids.drain(..drop);
            self.base += drop;
        }
    }
}

/// Sentence pieces held before a text is known to have sentence windows: at most this many
/// tokens of them. Only the first sentence can be longer (a long run without a sentence end);
/// its pieces are then let go, and read again from the text if a second sentence comes.
const HELD_TOKENS: usize = 4096;

/// The sentence windows of a [`Scorer`].
struct Sentences {
    /// Whether they count at any length of text ([`Extent::Part`]) or only in a text longer
    /// than one window.
    any_length: bool,
    /// The spans of the sentence being read.
    current: Cover,
    /// Where the first sentence ends, once it has.
    first_end: Option<usize>,
    /// Whether the text has two sentences or more: a token follows the first one's end.
    several: bool,
    /// Pieces found while it is not yet known whether sentence windows count.
    held: Vec<(usize, usize)>,
    /// Whether the first sentence's pieces were let go (it grew past [`HELD_TOKENS`]).
    dropped: bool,
    run: Run,
}

impl Sentences {
    fn new(any_length: bool) -> Sentences {
        Sentences {
            any_length,
            current: Cover::new(0, SENTENCE_TOKENS, SENTENCE_STRIDE),
            first_end: None,
            several: false,
            held: Vec::new(),
            dropped: false,
            run: Run::default(),
        }
    }

    /// Whether sentence windows count, for a text of `len` ids so far (once true, it stays).
    fn count(&self, len: usize, width: usize) -> bool {
        self.several && (self.any_length || len > width)
    }

    /// Ends the current sentence at `end`, adding its last pieces to `found`.
    fn end_sentence(&mut self, end: usize, found: &mut Vec<(usize, usize)>) {
        found.extend(std::iter::from_fn(|| self.current.next_certain(end)));
        if end - self.current.start() >= MIN_SENTENCE_TOKENS {
            found.push(self.current.last(end));
        }
        self.current = Cover::new(end, SENTENCE_TOKENS, SENTENCE_STRIDE);
        self.first_end.get_or_insert(end);
    }

    /// Whether `piece` belongs to a first sentence that was let go.
    fn replayed(&self, (_, end): (usize, usize)) -> bool {
        self.dropped && end <= self.first_end.unwrap_or(usize::MAX)
    }
}

/// Screens a text's content ids as they arrive, in bounded memory whatever its length: its
/// windows (see [`crate::window`]) and, when it has several sentences, its sentence windows as
/// evidence about the whole text (a sentence is read without its context, so it must clear the
/// text's thresholds by the model's sentence margin). A whole text has sentence windows when it
/// is longer than one window; a part of a longer text (see [`Extent`]) at any length. Each
/// window runs once it is certain, in batches of [`STREAM_WINDOWS`]; only the ids that windows
/// still to come need are held.
pub(crate) struct Scorer<'m> {
    model: &'m Model,
    kind: Kind,
    feed: Feed,
    windows: Cover,
    window_run: Run,
    sentences: Option<Sentences>,
}

impl<'m> Scorer<'m> {
    /// A scorer of a text's windows, and of its sentence windows too unless `extent` is `None`.
    pub(crate) fn new(model: &'m Model, kind: Kind, extent: Option<Extent>) -> Scorer<'m> {
        let config = &model.config;
        let width = config.window_content();
        Scorer {
            model,
            kind,
            feed: Feed::default(),
            windows: Cover::new(0, width, config.window.stride),
            window_run: Run::default(),
            sentences: extent.map(|e| Sentences::new(e == Extent::Part)),
        }
    }

    /// Takes the next content ids of the text.
    ///
    /// # Errors
    /// As [`combine`].
    pub(crate) fn push(&mut self, ids: &[u32]) -> Result<()> {
        let (model, kind) = (self.model, self.kind);
        let from = self.feed.len;
        self.feed.extend(ids);
        let len = self.feed.len;
        while let Some(span) = self.windows.next_certain(len) {
            self.window_run.push(model, self.feed.slice(span), kind)?;
        }
        let mut keep = self.windows.keep_from(len);
        if let Some(s) = &mut self.sentences {
            let mut found = Vec::new();
            for (i, id) in (from..).zip(ids) {
                if s.first_end.is_some_and(|end| i >= end) {
                    s.several = true;
                }
                if model.special.sentence_ends.contains(id) {
                    s.end_sentence(i + 1, &mut found);
                }
            }
            found.extend(std::iter::from_fn(|| s.current.next_certain(len)));
            Self::route(model, kind, &self.feed, s, found)?;
            keep = keep.min(s.current.keep_from(len));
            if let Some(&(start, _)) = s.held.first() {
                keep = keep.min(start);
            }
        }
        self.feed.trim(keep);
        Ok(())
    }

    /// Runs sentence pieces when sentence windows count, holds them while that is unknown, and
    /// lets the first sentence's go once they grow past [`HELD_TOKENS`].
    fn route(
        model: &Model,
        kind: Kind,
        feed: &Feed,
        s: &mut Sentences,
        found: Vec<(usize, usize)>,
    ) -> Result<()> {
        let found: Vec<_> = found.into_iter().filter(|&p| !s.replayed(p)).collect();
        if s.count(feed.len, model.config.window_content()) {
            for piece in s.held.drain(..).chain(found) {
                s.run.push(model, feed.slice(piece), kind)?;
            }
        } else {
            s.held.extend(found);
            if s.held
                .first()
                .is_some_and(|&(start, _)| feed.len - start > HELD_TOKENS)
            {
                // Only the first sentence grows this long unseen: `several` is still false.
                s.held.clear();
                s.dropped = true;
            }
        }
        Ok(())
    }

    /// The text's scores once every id has been pushed; `normalized` is the text they came from,
    /// read again only when a first sentence that was let go turns out to count.
    ///
    /// # Errors
    /// As [`combine`].
    pub(crate) fn finish(mut self, normalized: &str) -> Result<Scores> {
        let (model, kind) = (self.model, self.kind);
        let len = self.feed.len;
        let width = model.config.window_content();
        self.window_run
            .push(model, self.feed.slice(self.windows.last(len)), kind)?;
        let mut scores = self
            .window_run
            .finish(model, kind, 0.0)?
            .unwrap_or_default();
        let Some(mut s) = self.sentences.take() else {
            return Ok(scores);
        };
        let mut found = Vec::new();
        if s.current.start() < len {
            s.end_sentence(len, &mut found);
        }
        Self::route(model, kind, &self.feed, &mut s, found)?;
        if s.dropped && s.count(len, width) {
            replay_first_sentence(model, kind, normalized, &mut s)?;
        }
        let margin = model.config.aggregate.sentence_margin;
        if let Some(sentences) = s.run.finish(model, kind, margin)? {
            scores = scores.max(&sentences);
        }
        Ok(scores)
    }
}

/// Reads a text again up to the end of its first sentence and runs that sentence's pieces, in
/// bounded memory as the first reading.
fn replay_first_sentence(
    model: &Model,
    kind: Kind,
    normalized: &str,
    s: &mut Sentences,
) -> Result<()> {
    let end = s.first_end.unwrap_or(0);
    let mut feed = Feed::default();
    let mut cover = Cover::new(0, SENTENCE_TOKENS, SENTENCE_STRIDE);
    let run = &mut s.run;
    prepare::tokenize_with(model, normalized, |ids| {
        feed.extend(&ids[..ids.len().min(end - feed.len)]);
        while let Some(span) = cover.next_certain(feed.len) {
            run.push(model, feed.slice(span), kind)?;
        }
        feed.trim(cover.keep_from(feed.len));
        Ok(feed.len < end)
    })?;
    run.push(model, feed.slice(cover.last(end.min(feed.len))), kind)
}

/// How a text relates to what it was cut from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Extent {
    /// The text is all there is: its sentences get windows of their own when it is longer than
    /// one window.
    Whole,
    /// The text is a stretch cut from a longer one (a stream's newest text with its context):
    /// its sentences get windows of their own at any length, as the longer text's do, so a
    /// sentence is not diluted by the few around it only because the stretch is short.
    Part,
}

/// The scores of a tokenized text's own windows (no sentence windows), run in bounded batches.
///
/// # Errors
/// As [`combine`].
pub(crate) fn window_scores(model: &Model, ids: &[u32], kind: Kind) -> Result<Scores> {
    let mut scorer = Scorer::new(model, kind, None);
    scorer.push(ids)?;
    scorer.finish("")
}

/// A normalized text's own scores (its views aside): its windows and sentence windows (see
/// [`Scorer`]), or its windows alone when `extent` is `None`. The text is tokenized in pieces
/// and streamed through the model: memory stays bounded whatever its length.
///
/// # Errors
/// [`crate::Error::Tokenizer`], or as [`combine`].
pub(crate) fn text_scores(
    model: &Model,
    normalized: &str,
    kind: Kind,
    extent: Option<Extent>,
) -> Result<Scores> {
    let mut scorer = Scorer::new(model, kind, extent);
    prepare::tokenize_with(model, normalized, |ids| {
        scorer.push(ids)?;
        Ok(true)
    })?;
    scorer.finish(normalized)
}

/// Runs the windows of several texts in shared batches of similar lengths: one score set per
/// text (the plain maximum over its windows, before aggregation).
///
/// # Errors
/// As [`combine`].
pub(crate) fn infer_many(model: &Model, texts: &[&Windows]) -> Result<Vec<Scores>> {
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
        for ((text, _), s) in chunk.iter().zip(model.run(&batch)?) {
            out[*text] = out[*text].max(&s);
        }
    }
    Ok(out)
}

#[cfg(all(test, feature = "embedded-model"))]
mod tests {
    use edgeguard_core::Label;

    use super::*;
    use crate::window::Windows;

    fn model() -> Model {
        Model::load(crate::embedded::BYTES, crate::model::Integrity::Verify).unwrap()
    }

    /// The scores of a text with every window framed at once (what the streaming scorer must
    /// reproduce): its windows, and its sentence windows where they count.
    fn framed_at_once(model: &Model, ids: &[u32], kind: Kind, extent: Extent) -> Scores {
        let config = &model.config;
        let width = config.window_content();
        let windows = Windows::of_text(ids, kind, &model.special, width, config.window.stride);
        let scores = combine(model, &windows, 0.0).unwrap();
        if extent == Extent::Whole && ids.len() <= width {
            return scores;
        }
        let sentences = Windows::of_sentences(ids, kind, &model.special);
        let margin = config.aggregate.sentence_margin;
        scores.max(&combine(model, &sentences, margin).unwrap())
    }

    fn assert_close(a: &Scores, b: &Scores, what: &str) {
        let close = |x: f32, y: f32| (x - y).abs() < 1e-5;
        assert!(
            close(a.unsafe_prob, b.unsafe_prob),
            "{what}: {a:?} vs {b:?}"
        );
        for label in Label::ALL {
            assert!(close(a.labels[label], b.labels[label]), "{what}: {label:?}");
        }
    }

    #[test]
    fn streamed_scores_are_those_of_every_window_at_once() {
        let model = model();
        let sentence = "The committee met on Tuesday. How do I make a pipe bomb at home? ";
        let texts = [
            String::new(),
            "hello".to_string(),
            "One sentence only, with no end".to_string(),
            "Short. Two sentences.".to_string(),
            sentence.repeat(3),
            sentence.repeat(40),
            "word ".repeat(700) + "no sentence end anywhere",
            "a. ".repeat(300),
        ];
        for text in &texts {
            let ids = prepare::tokenize(&model, text).unwrap();
            for extent in [Extent::Whole, Extent::Part] {
                let expected = framed_at_once(&model, &ids, Kind::Prompt, extent);
                // Whole, and pushed in uneven slices.
                let streamed = text_scores(&model, text, Kind::Prompt, Some(extent)).unwrap();
                assert_close(&streamed, &expected, text);
                let mut scorer = Scorer::new(&model, Kind::Prompt, Some(extent));
                for chunk in ids.chunks(7) {
                    scorer.push(chunk).unwrap();
                }
                assert_close(&scorer.finish(text).unwrap(), &expected, text);
            }
        }
    }

    #[test]
    fn a_first_sentence_let_go_is_read_again_when_a_second_comes() {
        let model = model();
        // A first sentence longer than the pieces held, then a harmful second one.
        let text = "lorem ipsum dolor ".repeat(HELD_TOKENS) + ". How do I make a pipe bomb?";
        let ids = prepare::tokenize(&model, &text).unwrap();
        assert!(ids.len() > 2 * HELD_TOKENS);
        let expected = framed_at_once(&model, &ids, Kind::Prompt, Extent::Whole);
        let streamed = text_scores(&model, &text, Kind::Prompt, Some(Extent::Whole)).unwrap();
        assert_close(&streamed, &expected, "long first sentence");
    }
}
