//! Base64 segments: finding them and decoding them.

use alloc::vec::Vec;

use super::{Decoded, Found, MIN_BASE64, ViewKind};

/// Shortest line continued across a line break (MIME writes lines of 76 characters).
const MIN_LINE: usize = 40;

fn is_base64_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'-' | b'_')
}

/// Finds Base64 runs in `text` and decodes up to `max_bytes` of each.
pub(super) fn find(text: &str, max_bytes: usize, out: &mut Found) {
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut chars = Vec::new();
    let keep_chars = max_bytes.div_ceil(3) * 4;
    while i < bytes.len() {
        if !is_base64_char(bytes[i]) || (i > 0 && is_base64_char(bytes[i - 1])) {
            i += 1;
            continue;
        }
        let start = i;
        chars.clear();
        // Only the characters that can decode within `max_bytes` are kept; the run's length and
        // cases are counted whole.
        let (mut total, mut upper, mut lower) = (0usize, false, false);
        let mut line = 0;
        loop {
            while i < bytes.len() && is_base64_char(bytes[i]) {
                if chars.len() < keep_chars {
                    chars.push(bytes[i]);
                }
                total += 1;
                upper |= bytes[i].is_ascii_uppercase();
                lower |= bytes[i].is_ascii_lowercase();
                line += 1;
                i += 1;
            }
            // A long line that ends in a line break and goes on with Base64 continues the run.
            let skip = match bytes.get(i..i + 2) {
                Some([b'\r', b'\n']) => 2,
                _ if bytes.get(i) == Some(&b'\n') => 1,
                _ => 0,
            };
            let continues = skip > 0
                && line >= MIN_LINE
                && line % 4 == 0
                && bytes.get(i + skip).is_some_and(|&b| is_base64_char(b));
            if !continues {
                break;
            }
            i += skip;
            line = 0;
        }
        let mut end = i;
        while end < bytes.len() && end - i < 2 && bytes[end] == b'=' {
            end += 1;
        }
        i = end;
        // Base64 of text of any length has upper- and lowercase letters; most words of one case
        // do not need decoding at all.
        if total < MIN_BASE64 || !(upper && lower) {
            continue;
        }
        if let Some(mut decoded) = decode_base64(&chars) {
            // Whole groups of four characters may decode to two bytes past the limit.
            decoded.truncate(max_bytes);
            out.push(Decoded {
                kind: ViewKind::Base64,
                start,
                end,
                bytes: decoded,
                cut: chars.len() < total,
            });
        }
    }
}

fn sextet(b: u8) -> Option<u32> {
    Some(u32::from(match b {
        b'A'..=b'Z' => b - b'A',
        b'a'..=b'z' => b - b'a' + 26,
        b'0'..=b'9' => b - b'0' + 52,
        b'+' | b'-' => 62,
        b'/' | b'_' => 63,
        _ => return None,
    }))
}

/// Decodes Base64 without padding or whitespace (`=` padding at the end is accepted), in the
/// standard or the URL-safe alphabet but not a mix of both. A trailing lone character is
/// ignored. Returns `None` for any other character.
pub fn decode_base64(chars: &[u8]) -> Option<Vec<u8>> {
    let chars = chars
        .strip_suffix(b"==")
        .or_else(|| chars.strip_suffix(b"="))
        .unwrap_or(chars);
    let standard = chars.iter().any(|b| matches!(b, b'+' | b'/'));
    let url_safe = chars.iter().any(|b| matches!(b, b'-' | b'_'));
    if standard && url_safe {
        return None;
    }
    let mut out = Vec::with_capacity(chars.len() / 4 * 3 + 2);
    for group in chars.chunks(4) {
        let mut n = 0u32;
        for (k, &b) in group.iter().enumerate() {
            n |= sextet(b)? << (18 - 6 * k);
        }
        let bytes = n.to_be_bytes();
        let take = match group.len() {
            4 => 3,
            3 => 2,
            2 => 1,
            _ => 0,
        };
        out.extend_from_slice(&bytes[1..1 + take]);
    }
    Some(out)
}
