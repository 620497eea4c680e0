//! Windows: how a tokenized text of any length becomes model inputs.
//!
//! A text's content tokens are cut into windows of `tokens - 3` content tokens that start every
//! `stride` tokens, the last one ending at the text's end, so every token is covered and
//! consecutive windows overlap by `tokens - 3 - stride` tokens. Each window is framed as
//! `[CLS] <marker> content... [SEP]`. A text's scores are the maximum over its windows: a payload
//! anywhere in a long document is seen in at least one window, whole.

use crate::config::ModelConfig;
use crate::error::{Error, Result};
use crate::kind::Kind;
use crate::tokenize::TextTokenizer;

/// Token ids the engine adds around content.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct SpecialIds {
    pub(crate) cls: i64,
    pub(crate) sep: i64,
    pub(crate) prompt: i64,
    pub(crate) response: i64,
    /// Tokens that end a sentence (`.`, `!`, `?`; `u32::MAX` where the vocabulary lacks one),
    /// for [`Windows::of_sentences`].
    pub(crate) sentence_ends: [u32; 3],
}

impl SpecialIds {
    pub(crate) fn resolve(tokenizer: &TextTokenizer, config: &ModelConfig) -> Result<SpecialIds> {
        let id = |token: &str| {
            tokenizer
                .token_to_id(token)
                .map(i64::from)
                .ok_or_else(|| Error::Config(format!("tokenizer has no {token} token")))
        };
        let ids = SpecialIds {
            cls: id("[CLS]")?,
            sep: id("[SEP]")?,
            prompt: id(&config.markers.prompt)?,
            response: id(&config.markers.response)?,
            sentence_ends: [".", "!", "?"].map(|t| tokenizer.token_to_id(t).unwrap_or(u32::MAX)),
        };
        if id("[PAD]")? != 0 || [ids.cls, ids.sep, ids.prompt, ids.response].contains(&0) {
            return Err(Error::Config(
                "the padding token must be id 0 and only [PAD]".into(),
            ));
        }
        Ok(ids)
    }

    fn marker(&self, kind: Kind) -> i64 {
        match kind {
            Kind::Prompt => self.prompt,
            Kind::Response => self.response,
        }
    }
}

/// Most content tokens in one sentence window (longer sentences are split, with overlap).
pub(crate) const SENTENCE_TOKENS: usize = 48;
/// Start-to-start distance of the pieces of a long sentence.
pub(crate) const SENTENCE_STRIDE: usize = 40;
/// Sentences shorter than this (a stray "ok." or a list number) get no window of their own.
pub(crate) const MIN_SENTENCE_TOKENS: usize = 3;

/// A batch of framed windows, padded with id 0 to a common length (row-major `[rows, cols]`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Windows {
    ids: Vec<i64>,
    rows: usize,
    cols: usize,
}

impl Windows {
    /// One window holding exactly `ids`.
    pub(crate) fn single(ids: &[i64]) -> Windows {
        Windows {
            ids: ids.to_vec(),
            rows: 1,
            cols: ids.len(),
        }
    }

    /// Frames the windows of one text's content tokens.
    pub(crate) fn of_text(
        content: &[u32],
        kind: Kind,
        special: &SpecialIds,
        content_len: usize,
        stride: usize,
    ) -> Windows {
        Windows::framed(
            content,
            &spans(content.len(), content_len, stride),
            kind,
            special,
        )
    }

    /// Frames each sentence of a text of several sentences as a window of its own, so that a
    /// harmful sentence is scored undiluted by the benign text around it (the model pools its
    /// window). See [`sentence_pieces`]. Empty for a text of one sentence, whose windows already
    /// are its sentence.
    pub(crate) fn of_sentences(content: &[u32], kind: Kind, special: &SpecialIds) -> Windows {
        let pieces: Vec<(usize, usize)> = sentence_pieces(content, special)
            .map(Iterator::collect)
            .unwrap_or_default();
        Windows::framed(content, &pieces, kind, special)
    }

    /// One framed window per `[start, end)` piece of `content`, padded to the longest.
    fn framed(
        content: &[u32],
        pieces: &[(usize, usize)],
        kind: Kind,
        special: &SpecialIds,
    ) -> Windows {
        let cols = pieces.iter().map(|(s, e)| e - s).max().unwrap_or(0) + 3;
        let mut out = Windows {
            ids: Vec::with_capacity(pieces.len() * cols),
            rows: 0,
            cols,
        };
        for &piece in pieces {
            out.push_piece(content, piece, kind, special);
        }
        out
    }

    /// An empty batch of windows `cols` ids wide, with room for `rows` of them.
    pub(crate) fn with_capacity(rows: usize, cols: usize) -> Windows {
        Windows {
            ids: Vec::with_capacity(rows * cols),
            rows: 0,
            cols,
        }
    }

    /// Frames the `[start, end)` piece of `content` as one more window (its content must fit in
    /// the batch's width).
    pub(crate) fn push_piece(
        &mut self,
        content: &[u32],
        (start, end): (usize, usize),
        kind: Kind,
        special: &SpecialIds,
    ) {
        self.push_framed(
            &content[start..end],
            special.cls,
            special.marker(kind),
            special.sep,
        );
    }

    /// Concatenates windows of several texts into one padded batch.
    pub(crate) fn concat<'a>(parts: impl IntoIterator<Item = &'a Windows> + Clone) -> Windows {
        let cols = parts.clone().into_iter().map(|w| w.cols).max().unwrap_or(0);
        let mut out = Windows {
            ids: Vec::new(),
            rows: 0,
            cols,
        };
        for part in parts {
            for row in part.ids.chunks_exact(part.cols.max(1)).take(part.rows) {
                out.ids.extend_from_slice(row);
                out.ids.resize(out.ids.len() + cols - row.len(), 0);
                out.rows += 1;
            }
        }
        out
    }

    fn push_framed(&mut self, content: &[u32], cls: i64, marker: i64, sep: i64) {
        let start = self.ids.len();
        self.ids.push(cls);
        self.ids.push(marker);
        self.ids.extend(content.iter().map(|&id| i64::from(id)));
        self.ids.push(sep);
        self.ids.resize(start + self.cols, 0);
        self.rows += 1;
    }

    /// `(rows, cols)` of the padded batch.
    pub fn shape(&self) -> (usize, usize) {
        (self.rows, self.cols)
    }

    /// Number of windows.
    pub fn len(&self) -> usize {
        self.rows
    }

    /// Whether there is no window.
    pub fn is_empty(&self) -> bool {
        self.rows == 0
    }

    /// The padded ids, row-major.
    pub fn ids(&self) -> &[i64] {
        &self.ids
    }
}

/// `[start, end)` spans of content tokens: `width` tokens each, starting every `stride` tokens,
/// the last ending at `len`. One (possibly empty) span when `len <= width`.
pub(crate) fn spans(len: usize, width: usize, stride: usize) -> Vec<(usize, usize)> {
    span_iter(len, width, stride).collect()
}

/// [`spans`], one at a time (nothing is allocated, whatever the length).
pub(crate) fn span_iter(
    len: usize,
    width: usize,
    stride: usize,
) -> impl Iterator<Item = (usize, usize)> + Clone {
    let mut cover = Some(Cover::new(0, width, stride));
    std::iter::from_fn(move || {
        let c = cover.as_mut()?;
        if let Some(span) = c.next_certain(len) {
            return Some(span);
        }
        let last = c.last(len);
        cover = None;
        Some(last)
    })
}

/// The spans of a run of tokens that is still growing (a text being tokenized, a sentence being
/// read), as [`span_iter`] gives them for the run's final length: each as soon as every longer
/// run has it too, and the last once the run's end is known. Positions are absolute: the run
/// starts at `start`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Cover {
    start: usize,
    next: usize,
    width: usize,
    stride: usize,
}

impl Cover {
    /// The spans of `width` tokens, `stride` apart, of a run starting at `start`.
    pub(crate) fn new(start: usize, width: usize, stride: usize) -> Cover {
        Cover {
            start,
            next: start,
            width,
            stride,
        }
    }

    /// Where the run starts.
    pub(crate) fn start(&self) -> usize {
        self.start
    }

    /// The next span, if the run is known to reach at least `len`, which makes it certain.
    pub(crate) fn next_certain(&mut self, len: usize) -> Option<(usize, usize)> {
        (self.next + self.width < len).then(|| {
            let span = (self.next, self.next + self.width);
            self.next += self.stride;
            span
        })
    }

    /// The last span once the run ends at `len`, after every certain one was taken.
    pub(crate) fn last(&self, len: usize) -> (usize, usize) {
        (len.saturating_sub(self.width).max(self.start), len)
    }

    /// The first position a span still to come may start at, while the run has reached `len`.
    pub(crate) fn keep_from(&self, len: usize) -> usize {
        self.next.min(self.last(len).0)
    }
}

/// The sentence pieces of a text: `None` for a text of fewer than two sentences, otherwise the
/// `[start, end)` pieces of `content` that [`Windows::of_sentences`] frames, one at a time.
///
/// Sentences end at [`SpecialIds::sentence_ends`]; those shorter than [`MIN_SENTENCE_TOKENS`]
/// get no piece, and one longer than [`SENTENCE_TOKENS`] is split like a text into pieces of
/// that size, [`SENTENCE_STRIDE`] apart. Finding the pieces allocates nothing, so a text of any
/// length can be screened sentence by sentence in bounded memory.
pub(crate) fn sentence_pieces<'a>(
    content: &'a [u32],
    special: &'a SpecialIds,
) -> Option<impl Iterator<Item = (usize, usize)> + Clone + 'a> {
    // Fewer than two sentences: the text's windows already are its sentence.
    sentences(content, special).nth(1)?;
    Some(
        sentences(content, special)
            .filter(|(s, e)| e - s >= MIN_SENTENCE_TOKENS)
            .flat_map(|(s, e)| {
                span_iter(e - s, SENTENCE_TOKENS, SENTENCE_STRIDE).map(move |(a, b)| (s + a, s + b))
            }),
    )
}

/// The `[start, end)` sentences of `content`: each ends with a sentence-end token, except an
/// unterminated tail.
fn sentences<'a>(
    content: &'a [u32],
    special: &'a SpecialIds,
) -> impl Iterator<Item = (usize, usize)> + Clone + 'a {
    let mut start = 0;
    let mut ends = content
        .iter()
        .enumerate()
        .filter(|(_, id)| special.sentence_ends.contains(id))
        .map(|(i, _)| i + 1);
    std::iter::from_fn(move || {
        if let Some(end) = ends.next() {
            let s = (start, end);
            start = end;
            return Some(s);
        }
        if start < content.len() {
            let s = (start, content.len());
            start = content.len();
            return Some(s);
        }
        None
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_texts_are_one_window() {
        assert_eq!(spans(0, 10, 8), [(0, 0)]);
        assert_eq!(spans(10, 10, 8), [(0, 10)]);
    }

    #[test]
    fn long_texts_are_covered_whole_with_overlap() {
        for len in 11..200 {
            let s = spans(len, 10, 7);
            assert_eq!(s[0].0, 0);
            assert_eq!(s.last().unwrap().1, len);
            for w in s.windows(2) {
                assert!(w[1].0 <= w[0].1, "gap between {w:?}");
                assert!(w[1].0 > w[0].0);
            }
            assert!(s.iter().all(|(a, b)| b - a == 10));
        }
    }

    #[test]
    fn windows_are_framed_and_padded() {
        let special = SpecialIds {
            cls: 101,
            sep: 102,
            prompt: 1,
            response: 2,
            sentence_ends: [3, u32::MAX, u32::MAX],
        };
        let w = Windows::of_text(&[5, 6, 7, 8, 9], Kind::Response, &special, 3, 2);
        assert_eq!(w.shape(), (2, 6));
        assert_eq!(w.ids(), [101, 2, 5, 6, 7, 102, 101, 2, 7, 8, 9, 102]);
        let short = Windows::of_text(&[5], Kind::Prompt, &special, 3, 2);
        let batch = Windows::concat([&w, &short]);
        assert_eq!(batch.shape(), (3, 6));
        assert_eq!(&batch.ids()[12..], [101, 1, 5, 102, 0, 0]);
    }

    #[test]
    fn each_sentence_of_several_gets_a_window() {
        let special = SpecialIds {
            cls: 101,
            sep: 102,
            prompt: 1,
            response: 2,
            sentence_ends: [3, 4, u32::MAX],
        };
        // Three sentences (the middle one too short to count) and an unterminated tail.
        let ids = [5, 6, 7, 3, 8, 4, 9, 9, 9, 9, 3, 5, 5, 5];
        let w = Windows::of_sentences(&ids, Kind::Prompt, &special);
        assert_eq!(w.shape(), (3, 8));
        assert_eq!(&w.ids()[..8], [101, 1, 5, 6, 7, 3, 102, 0]);
        assert_eq!(&w.ids()[8..16], [101, 1, 9, 9, 9, 9, 3, 102]);
        assert_eq!(&w.ids()[16..], [101, 1, 5, 5, 5, 102, 0, 0]);
        // One sentence: its windows are the text's own.
        assert!(Windows::of_sentences(&[5, 6, 7, 3], Kind::Prompt, &special).is_empty());
        // A sentence longer than SENTENCE_TOKENS is split with overlap.
        let long: Vec<u32> = (0..100).map(|i| 10 + i).chain([3, 5, 6, 7, 3]).collect();
        let w = Windows::of_sentences(&long, Kind::Prompt, &special);
        assert_eq!(w.shape().1, SENTENCE_TOKENS + 3);
        assert_eq!(w.len(), 4);
    }
}
