//! The decoders on any UTF-8 text: no panic, views within the documented bounds, spans on
//! character boundaries of the input.
#![no_main]

use edgeguard_core::decode::{self, Limits};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The first byte picks tighter limits now and then, to reach the budget paths.
    let (limits, rest) = match data.split_first() {
        Some((&b, rest)) if b < 32 => (
            Limits {
                max_depth: 1 + b % 4,
                max_views: usize::from(b % 5),
                max_view_bytes: 1 + usize::from(b) * 3,
                max_total_bytes: usize::from(b) * 7,
            },
            rest,
        ),
        _ => (Limits::DEFAULT, data),
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let views = decode::views_with(text, &limits);
    assert!(views.len() <= limits.max_views);
    let total: usize = views.iter().map(|v| v.text.len()).sum();
    assert!(total <= limits.max_total_bytes);
    for v in &views {
        assert!(!v.path.is_empty() && v.path.len() <= usize::from(limits.max_depth));
        assert!(v.text.len() <= limits.max_view_bytes);
        assert!(v.start <= v.end && v.end <= text.len());
        assert!(text.is_char_boundary(v.start) && text.is_char_boundary(v.end));
    }
    // The raw decoders accept any bytes.
    let _ = decode::decode_base64(rest);
    let _ = decode::decode_hex_word(rest, 1 << 10);
    let _ = decode::decode_percent(rest);
});
