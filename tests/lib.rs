//! One harness for the workspace-level tests: where the binary, the repository, the data and the
//! evaluation splits are, and how to run the CLI.
//!
//! Tests that need the shared datasets are `#[ignore]`d with the reason, so a
//! plain `cargo test` lists them as ignored instead of reporting a pass it did not earn. They find
//! the evaluation splits through `EDGEGUARD_EVAL_DIR` (written by `python -m
//! edgeguard_models.splits DIR`; see `models/README.md`) and fail when it is missing;
//! `scripts/test.sh` runs them with `--ignored` whenever it has the splits (always in `.ci/run`).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The repository root.
pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// A file under `tests/data`.
pub fn data(name: &str) -> PathBuf {
    repo().join("tests").join("data").join(name)
}

/// The `edgeguard` binary cargo built next to this test (`target/<profile>/edgeguard`).
pub fn binary() -> PathBuf {
    let exe = std::env::current_exe().expect("test executable path");
    let profile_dir = exe
        .parent()
        .and_then(Path::parent)
        .expect("target/<profile>");
    let bin = profile_dir.join(format!("edgeguard{}", std::env::consts::EXE_SUFFIX));
    assert!(
        bin.exists(),
        "{} is missing: run the tests with `cargo test --workspace` so cargo builds the CLI",
        bin.display()
    );
    bin
}

/// Runs `edgeguard ARGS` with `stdin`, returning its output.
pub fn run(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(binary())
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn edgeguard");
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    child.wait_with_output().expect("wait for edgeguard")
}

/// Standard output as UTF-8.
pub fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("stdout is UTF-8")
}

/// Standard error as UTF-8.
pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The folder with the evaluation splits.
///
/// # Panics
/// When `EDGEGUARD_EVAL_DIR` is unset or holds no `val.jsonl`, saying how to build it.
pub fn eval_dir() -> PathBuf {
    let dir = std::env::var_os("EDGEGUARD_EVAL_DIR").map(PathBuf::from);
    dir.filter(|d| d.join("val.jsonl").exists())
        .unwrap_or_else(|| {
            panic!(
                "evaluation splits not found: set EDGEGUARD_EVAL_DIR to the folder written by \
             `python -m edgeguard_models.splits DIR` (it reads ../shared/data, or EDGEGUARD_DATA)"
            )
        })
}

/// Reads a JSON-lines file. A generated file's header row (`{"_generated": "by ..."}`, naming
/// the command that writes it) is skipped.
pub fn read_jsonl(path: &Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str::<serde_json::Value>(l).expect("valid JSON line"))
        .filter(|row| row.get("_generated").is_none())
        .collect()
}
