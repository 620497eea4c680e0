//! The committed C header is what cbindgen generates from the current source.
//!
//! Run with `EDGEGUARD_BLESS=1` to rewrite `include/edgeguard.h` instead of failing.

use std::path::Path;

#[test]
fn header_is_up_to_date() {
    let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let config = cbindgen::Config::from_file(crate_dir.join("cbindgen.toml"))
        .expect("ffi/cbindgen.toml parses");
    // The C label enum comes from the core crate's `Label` (see cbindgen.toml, [parse]).
    let labels = crate_dir.join("../crates/edgeguard-core/src/label.rs");
    let bindings = cbindgen::Builder::new()
        .with_crate(crate_dir)
        .with_src(labels)
        .with_config(config)
        .generate()
        .expect("cbindgen generates the header");
    let mut generated = Vec::new();
    bindings.write(&mut generated);

    let path = crate_dir.join("include/edgeguard.h");
    if std::env::var_os("EDGEGUARD_BLESS").is_some() {
        std::fs::write(&path, &generated).expect("write include/edgeguard.h");
        return;
    }
    let committed = std::fs::read(&path).unwrap_or_default();
    if committed != generated {
        let committed = String::from_utf8_lossy(&committed);
        let generated = String::from_utf8_lossy(&generated);
        let first = committed
            .lines()
            .zip(generated.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| committed.lines().count().min(generated.lines().count()));
        panic!(
            "ffi/include/edgeguard.h is out of date (first difference at line {}).\n\
             Regenerate it: EDGEGUARD_BLESS=1 cargo test -p edgeguard-ffi --test header",
            first + 1
        );
    }
}
