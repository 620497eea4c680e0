//! Checks the embedded default model once, at build time: each file `config.json` lists must
//! have the SHA-256 it records. The library then trusts the embedded bytes at load (they are part
//! of the binary, like its code) instead of hashing 9 MB on every `Guard::default_model`.
//! Model files loaded at run time (`Guard::from_bytes`, `from_dir`) are still verified there.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    if std::env::var_os("CARGO_FEATURE_EMBEDDED_MODEL").is_none() {
        return;
    }
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let dir = manifest.join("../../models/default");
    if let Err(message) = check(&dir) {
        panic!(
            "the embedded model in {} does not check: {message}",
            dir.display()
        );
    }
}

/// Compares every listed file's digest with its bytes.
fn check(dir: &Path) -> Result<(), String> {
    let config_path = dir.join("config.json");
    println!("cargo::rerun-if-changed={}", config_path.display());
    let text = std::fs::read(&config_path).map_err(|e| format!("config.json: {e}"))?;
    let config: serde_json::Value =
        serde_json::from_slice(&text).map_err(|e| format!("config.json: {e}"))?;
    let files = config
        .get("files")
        .and_then(|f| f.as_object())
        .ok_or("config.json has no \"files\"")?;
    for (name, digest) in files {
        let expected = digest
            .get("sha256")
            .and_then(|d| d.as_str())
            .ok_or_else(|| format!("{name}: no sha256 in config.json"))?;
        let path = dir.join(name);
        println!("cargo::rerun-if-changed={}", path.display());
        let bytes = std::fs::read(&path).map_err(|e| format!("{name}: {e}"))?;
        let actual: String = Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        if !actual.eq_ignore_ascii_case(expected) {
            return Err(format!(
                "{name}: SHA-256 {actual}, config.json says {expected}"
            ));
        }
    }
    Ok(())
}
