//! Encodings an adversary wraps a request in: Base64, hexadecimal, percent-encoding, ROT13 and
//! reversed text. The guard's decoders (`edgeguard_core::decode`) undo each of them.

use alloc::string::String;

pub use edgeguard_core::decode::{reversed, rot13};

const BASE64_ALPHABET: &[u8; 64] =
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard Base64 (RFC 4648, with `=` padding).
pub fn base64(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                let sextet = (n >> (18 - 6 * i)) & 0x3F;
                out.push(char::from(BASE64_ALPHABET[sextet as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

const HEX_DIGITS: &[u8; 16] = b"0123456789abcdef";

/// Lowercase hexadecimal, two digits per byte, no separators.
pub fn hex(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        out.push(char::from(HEX_DIGITS[usize::from(b >> 4)]));
        out.push(char::from(HEX_DIGITS[usize::from(b & 0xF)]));
    }
    out
}

/// Every byte of the UTF-8 text as `%XX`.
pub fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 3);
    for &b in text.as_bytes() {
        out.push('%');
        out.push(char::from(
            HEX_DIGITS[usize::from(b >> 4)].to_ascii_uppercase(),
        ));
        out.push(char::from(
            HEX_DIGITS[usize::from(b & 0xF)].to_ascii_uppercase(),
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_rfc_vectors() {
        let cases = [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ];
        for (plain, encoded) in cases {
            assert_eq!(base64(plain.as_bytes()), encoded);
        }
    }

    #[test]
    fn hex_and_percent_encode_bytes() {
        assert_eq!(hex(b"Hi!"), "486921");
        assert_eq!(percent_encode("a b"), "%61%20%62");
        assert_eq!(percent_encode("é"), "%C3%A9");
    }

    #[test]
    fn rot13_is_an_involution_and_reversal_keeps_characters() {
        assert_eq!(rot13("Hello, World!"), "Uryyb, Jbeyq!");
        assert_eq!(rot13(&rot13("any Text 123")), "any Text 123");
        assert_eq!(reversed("abc é"), "é cba");
    }
}
