//! The normalizer and the chat-template scanner on any UTF-8 text: no panic, and the invariants
//! of their output.
#![no_main]

use edgeguard_core::chat_template;
use edgeguard_core::normalize::{self, is_invisible, normalize_detailed, strip_invisible_mapped};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let n = normalize_detailed(text);
    assert_eq!(n.text, normalize::normalize(text));
    assert!(
        !n.text.chars().any(is_invisible),
        "invisible character left"
    );
    assert!(!n.text.contains("  "), "double space left");
    assert_eq!(n.text.trim(), n.text, "untrimmed");
    // NFKC expands a character to at most 18; the other steps never grow the text.
    assert!(n.text.len() <= 18 * text.len());

    // Markers are ordered, disjoint and on character boundaries.
    let markers = chat_template::find(text);
    let mut last = 0;
    for m in &markers {
        assert!(m.start >= last && m.start < m.end && m.end <= text.len());
        assert_eq!(&text[m.start..m.end], m.token);
        last = m.end;
    }
    let neutral = chat_template::neutralize(text);
    assert!(neutral.len() <= text.len());

    // The offset map sends every output character to the same character of the input.
    let (visible, map) = strip_invisible_mapped(text);
    for (i, c) in visible.char_indices().step_by(7) {
        assert_eq!(text[map.to_original(i)..].chars().next(), Some(c));
    }
    assert_eq!(map.to_original(visible.len()), text.len());
});
