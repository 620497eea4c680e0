//! Offsets back to the original text: a step that deletes characters keeps, for each stretch of
//! kept text, where that stretch starts in its input.
//!
//! Offsets are UTF-8 byte offsets on both sides.

use alloc::string::String;
use alloc::vec::Vec;

use super::invisible::is_invisible;

/// Maps byte offsets in a text produced by deleting characters back to byte offsets in the text
/// it came from.
///
/// ```
/// use edgeguard_core::normalize::strip_invisible_mapped;
///
/// let (text, map) = strip_invisible_mapped("a\u{200b}bc");
/// assert_eq!(text, "abc");
/// assert_eq!(map.to_original(1), 4); // "b" sits after the 3-byte zero-width space
/// assert_eq!(map.to_original(3), 6); // the end maps to the end
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OffsetMap {
    /// `(offset in the output, bytes deleted before it)`, one entry per deletion, increasing.
    shifts: Vec<(usize, usize)>,
}

impl OffsetMap {
    /// The identity map (nothing deleted).
    pub fn identity() -> OffsetMap {
        OffsetMap::default()
    }

    /// Records that `bytes` input bytes were deleted at output offset `at`. Calls must come in
    /// increasing order of `at`.
    fn delete(&mut self, at: usize, bytes: usize) {
        let before = self.shifts.last().map_or(0, |&(_, d)| d);
        match self.shifts.last_mut() {
            Some(last) if last.0 == at => last.1 = before + bytes,
            _ => self.shifts.push((at, before + bytes)),
        }
    }

    /// The input offset of output offset `offset`. An offset where characters were deleted maps
    /// past them (to the first kept byte).
    pub fn to_original(&self, offset: usize) -> usize {
        let i = self.shifts.partition_point(|&(at, _)| at <= offset);
        offset + if i == 0 { 0 } else { self.shifts[i - 1].1 }
    }
}

/// [`strip_invisible`](super::strip_invisible) with the map of its output back to `text`.
pub fn strip_invisible_mapped(text: &str) -> (String, OffsetMap) {
    let mut out = String::with_capacity(text.len());
    let mut map = OffsetMap::identity();
    for c in text.chars() {
        if is_invisible(c) {
            map.delete(out.len(), c.len_utf8());
        } else {
            out.push(c);
        }
    }
    (out, map)
}

/// Maps offsets into `text` with its invisible characters removed ([`strip_invisible`]) back to
/// offsets into `text`, in place, as [`OffsetMap::to_original`] does, in one pass over `text` and
/// without a map: for a few offsets (a text's decoded views) where a map could take several bytes
/// per byte of a text full of invisible characters.
///
/// [`strip_invisible`]: super::strip_invisible
pub fn to_original_offsets(text: &str, offsets: &mut [usize]) {
    let mut order: Vec<usize> = (0..offsets.len()).collect();
    order.sort_unstable_by_key(|&i| offsets[i]);
    let mut pending = order.iter().peekable();
    let mut visible = 0;
    for (i, c) in text.char_indices() {
        if is_invisible(c) {
            continue;
        }
        while let Some(&&k) = pending.peek().filter(|&&&k| offsets[k] <= visible) {
            offsets[k] = i;
            pending.next();
        }
        visible += c.len_utf8();
    }
    for &k in pending {
        offsets[k] = text.len();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_when_nothing_is_removed() {
        let (text, map) = strip_invisible_mapped("plain");
        assert_eq!(text, "plain");
        assert_eq!(map, OffsetMap::identity());
        assert_eq!(map.to_original(3), 3);
    }

    #[test]
    fn offsets_map_back_without_a_map() {
        for text in [
            "\u{200b}ab\u{200c}\u{200d}c\u{feff}",
            "plain",
            "",
            "\u{200b}",
            "a\u{200b}b\u{2060}\u{200b}",
        ] {
            let (visible, map) = strip_invisible_mapped(text);
            let mut offsets: Vec<usize> = (0..=visible.len()).rev().collect();
            let want: Vec<usize> = offsets.iter().map(|&o| map.to_original(o)).collect();
            to_original_offsets(text, &mut offsets);
            assert_eq!(offsets, want, "{text:?}");
        }
    }

    #[test]
    fn offsets_skip_every_deleted_run() {
        let original = "\u{200b}ab\u{200c}\u{200d}c\u{feff}";
        let (text, map) = strip_invisible_mapped(original);
        assert_eq!(text, "abc");
        for (i, c) in text.char_indices() {
            let j = map.to_original(i);
            assert_eq!(original[j..].chars().next(), Some(c));
        }
        assert_eq!(map.to_original(3), original.len());
    }
}
