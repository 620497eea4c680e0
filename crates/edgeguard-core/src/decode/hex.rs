//! Hexadecimal segments: one long word of hex digits, or a sequence of two-digit units.

use alloc::vec::Vec;

use super::{Decoded, Found, MIN_HEX_BYTES, ViewKind};

/// Characters that may separate hex units (at most two of them between two units).
fn is_separator(b: u8) -> bool {
    matches!(b, b' ' | b',' | b':' | b';' | b'-')
}

fn hex_value(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

/// Finds hexadecimal segments in `text` and decodes up to `max_bytes` of each.
pub(super) fn find(text: &str, max_bytes: usize, out: &mut Found) {
    let bytes = text.as_bytes();
    let mut run = UnitRun::default();
    let mut i = 0;
    while i < bytes.len() {
        let word_start = i == 0 || !bytes[i - 1].is_ascii_alphanumeric();
        if let Some((len, byte)) = unit(bytes, i).filter(|_| word_start || bytes[i] == b'\\') {
            run.push(i, i + len, byte, max_bytes, out);
            i += len;
            continue;
        }
        if word_start && bytes[i].is_ascii_alphanumeric() {
            let end = i + bytes[i..]
                .iter()
                .take_while(|b| b.is_ascii_alphanumeric())
                .count();
            run.flush(out);
            if let Some(decoded) = decode_hex_word(&bytes[i..end], max_bytes) {
                // Two digits make a byte, a `0x` prefix aside.
                let prefixed = bytes[i..end].starts_with(b"0x") || bytes[i..end].starts_with(b"0X");
                let cut = (end - i - 2 * usize::from(prefixed)) / 2 > decoded.len();
                out.push(Decoded {
                    kind: ViewKind::Hex,
                    start: i,
                    end,
                    bytes: decoded,
                    cut,
                });
            }
            i = end;
            continue;
        }
        if !is_separator(bytes[i]) || i.saturating_sub(run.end) >= 2 {
            run.flush(out);
        }
        i += 1;
    }
    run.flush(out);
}

/// A two-digit unit at `i`: `\xHH`, `0xHH` or `HH`, not followed by another letter or digit.
/// Returns its length and byte.
fn unit(bytes: &[u8], i: usize) -> Option<(usize, u8)> {
    let rest = &bytes[i..];
    let prefix = match rest {
        [b'\\', b'x' | b'X', ..] | [b'0', b'x' | b'X', ..] => 2,
        _ => 0,
    };
    let hi = hex_value(*rest.get(prefix)?)?;
    let lo = hex_value(*rest.get(prefix + 1)?)?;
    let len = prefix + 2;
    let glued = rest.get(len).is_some_and(|b| b.is_ascii_alphanumeric());
    (!glued).then_some((len, hi << 4 | lo))
}

/// Consecutive hex units being collected.
#[derive(Default)]
struct UnitRun {
    start: usize,
    end: usize,
    bytes: Vec<u8>,
    /// Whether units past the size limit were dropped.
    cut: bool,
}

impl UnitRun {
    fn push(&mut self, start: usize, end: usize, byte: u8, max: usize, out: &mut Found) {
        if self.bytes.is_empty() || start - self.end > 2 {
            self.flush(out);
            self.start = start;
        }
        if self.bytes.len() < max {
            self.bytes.push(byte);
        } else {
            self.cut = true;
        }
        self.end = end;
    }

    fn flush(&mut self, out: &mut Found) {
        if self.bytes.len() >= MIN_HEX_BYTES {
            out.push(Decoded {
                kind: ViewKind::Hex,
                start: self.start,
                end: self.end,
                bytes: core::mem::take(&mut self.bytes),
                cut: self.cut,
            });
        }
        self.bytes.clear();
        self.cut = false;
    }
}

/// Decodes one word of hex digits (optionally `0x`-prefixed) of at least [`MIN_HEX_BYTES`]
/// bytes, up to `max_bytes` of it. `None` if the word is anything else or has an odd number of
/// digits.
pub fn decode_hex_word(word: &[u8], max_bytes: usize) -> Option<Vec<u8>> {
    let digits = match word {
        [b'0', b'x' | b'X', rest @ ..] => rest,
        _ => word,
    };
    if digits.len() < 2 * MIN_HEX_BYTES || digits.len() % 2 != 0 {
        return None;
    }
    let mut out = Vec::with_capacity((digits.len() / 2).min(max_bytes));
    for pair in digits.chunks_exact(2).take(max_bytes) {
        out.push(hex_value(pair[0])? << 4 | hex_value(pair[1])?);
    }
    // Digits past the size limit must still be hex for the word to count.
    digits.iter().all(u8::is_ascii_hexdigit).then_some(out)
}
