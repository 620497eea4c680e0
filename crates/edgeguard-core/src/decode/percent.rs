//! URL percent-encoding: tokens made largely of `%XX` escapes.

use alloc::vec::Vec;

use super::{Decoded, Found, MIN_PERCENT_ESCAPES, ViewKind};

fn hex_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// Finds whitespace-free tokens with enough `%XX` escapes and decodes up to `max_bytes` of each.
pub(super) fn find(text: &str, max_bytes: usize, out: &mut Found) {
    if !text.contains('%') {
        return;
    }
    let mut offset = 0;
    for token in text.split(|c: char| c.is_ascii_whitespace()) {
        let start = offset;
        offset += token.len() + 1;
        let escapes = count_escapes(token.as_bytes());
        if escapes < MIN_PERCENT_ESCAPES || escapes * 3 * 10 < token.len() * 3 {
            continue;
        }
        // Each decoded byte takes at most three of the token's: a longer token's first bytes
        // decode to more than `max_bytes`, the same first `max_bytes` as the whole.
        let prefix = &token.as_bytes()[..token.len().min(max_bytes.saturating_add(1) * 3)];
        let mut bytes = decode_percent(prefix);
        let cut = bytes.len() > max_bytes;
        bytes.truncate(max_bytes);
        out.push(Decoded {
            kind: ViewKind::Url,
            start,
            end: start + token.len(),
            bytes,
            cut,
        });
    }
}

fn count_escapes(token: &[u8]) -> usize {
    let mut n = 0;
    let mut i = 0;
    while i + 2 < token.len() {
        if token[i] == b'%'
            && hex_value(token[i + 1]).is_some()
            && hex_value(token[i + 2]).is_some()
        {
            n += 1;
            i += 3;
        } else {
            i += 1;
        }
    }
    n
}

/// Replaces every `%XX` escape by its byte; everything else (a `%` without two hex digits too)
/// is kept as it is.
pub fn decode_percent(token: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(token.len());
    let mut i = 0;
    while i < token.len() {
        let escape = (token[i] == b'%')
            .then(|| Some(hex_value(*token.get(i + 1)?)? << 4 | hex_value(*token.get(i + 2)?)?))
            .flatten();
        match escape {
            Some(b) => {
                out.push(b);
                i += 3;
            }
            None => {
                out.push(token[i]);
                i += 1;
            }
        }
    }
    out
}
