#!/usr/bin/env bash
# All of the WASM package's tests, in order:
#   1. build the package (wasm/build.sh: wasm32 + simd128, wasm-bindgen, wasm-opt, SIMD check, .d.ts)
#   2. build the native CLI (the parity reference) and run the crate's host unit tests and doctests
#   3. Node's test runner on the package: API, errors, types, parity with the native CLI
#   4. headless Chromium (Debian's, via playwright-core): the package in a page and a worker, and
#      the extension end to end on the demo chat page (screenshots in target/wasm-artifacts/)
#   5. the benchmark (Node, Chromium, native, one word to 1,024 tokens): reported, not enforced;
#      EDGEGUARD_WASM_BENCH=1 (the default) on release builds, =short a few rounds on the test
#      build (CI: it shows the benchmark runs; its figures are not for reporting), =0 skips it
# Exits non-zero if anything failed; the last line is "N passed, N failed".
# Needs what wasm/ci-setup.sh installs and wasm/ci-packages.txt lists.
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
wasm="$(cd "$here/.." && pwd)"
repo="$(cd "$wasm/.." && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$repo/target}"
export EDGEGUARD_ARTIFACTS="${EDGEGUARD_ARTIFACTS:-$repo/target/wasm-artifacts}"
EDGEGUARD_CLI_SET="${EDGEGUARD_CLI:-}"
EDGEGUARD_CLI="${EDGEGUARD_CLI:-$CARGO_TARGET_DIR/release/edgeguard}"
mkdir -p "$EDGEGUARD_ARTIFACTS"
log="$EDGEGUARD_ARTIFACTS/logs"
mkdir -p "$log"

passed=0
failed=0
started=$SECONDS

finish() {
  echo "== wasm/tests/run.sh took $((SECONDS - started)) s; artifacts in $EDGEGUARD_ARTIFACTS"
  echo "$passed passed, $failed failed"
  [[ $failed -eq 0 ]]
  exit $?
}

# A step that must succeed for the next ones to mean anything; counts as one test.
step() {
  local name="$1"
  shift
  echo "== $name"
  if "$@"; then
    passed=$((passed + 1))
  else
    echo "FAILED: $name"
    failed=$((failed + 1))
    finish
  fi
}

# Runs node --test on files; adds its pass/fail counts.
node_tests() {
  local name="$1"
  shift
  echo "== $name"
  local tap="$log/$name.tap"
  (cd "$wasm" && node --test --test-concurrency=1 \
    --test-reporter=spec --test-reporter-destination=stdout \
    --test-reporter=tap --test-reporter-destination="$tap" "$@")
  local status=$?
  local p f
  p="$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$tap" | tail -1)"
  f="$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$tap" | tail -1)"
  if [[ -z "$p" ]]; then
    f=1
    p=0
  elif [[ $status -ne 0 && "${f:-0}" -eq 0 ]]; then
    f=1 # the runner failed outside any test
  fi
  passed=$((passed + p))
  failed=$((failed + ${f:-0}))
}

cd "$wasm" || exit 1
if [[ ! -d node_modules ]]; then
  step "npm ci" npm ci --no-audit --no-fund
fi

step "build the package (wasm/build.sh)" "$wasm/build.sh"
# The benchmark times the native build too, so it needs release binaries; the tests alone use
# the dev profile (dependencies optimized), which scripts/test.sh has already built.
# Without it, the workspace is built as scripts/test.sh builds it (with its tests: one package
# alone, or no tests, would unify the dependencies' features differently and rebuild them), and the host tests are the unit tests
# (the crate's doctests run in scripts/test.sh's `cargo test --workspace`).
bench="${EDGEGUARD_WASM_BENCH:-1}"
manifest=(--manifest-path "$repo/Cargo.toml")
if [[ "$bench" == 1 ]]; then
  build=(cargo build --release "${manifest[@]}" -p edgeguard-cli)
  host_tests=(cargo test --release "${manifest[@]}" -p edgeguard-wasm)
  profile=release
  bench_args=()
else
  [[ -n "${EDGEGUARD_CLI_SET:-}" ]] || EDGEGUARD_CLI="$CARGO_TARGET_DIR/debug/edgeguard"
  build=(cargo build "${manifest[@]}" --workspace --bins --tests --example native_timing)
  host_tests=(cargo test "${manifest[@]}" --workspace --lib)
  profile=debug
  bench_args=(--short)
fi
export EDGEGUARD_CLI
step "build the native CLI" "${build[@]}"

echo "== ${host_tests[*]} (host tests; with the benchmark, also builds the native timing example)"
cargo_out="$log/cargo-test.txt"
"${host_tests[@]}" 2>&1 | tee "$cargo_out"
cargo_status=${PIPESTATUS[0]}
read -r p f < <(awk '/^test result:/ { for (i = 1; i <= NF; i++) { if ($(i+1) ~ /^passed/) p += $i; if ($(i+1) ~ /^failed/) f += $i } } END { print p + 0, f + 0 }' "$cargo_out")
if [[ $cargo_status -ne 0 && $f -eq 0 ]]; then f=1; fi
passed=$((passed + p))
failed=$((failed + f))

node_tests node tests/node/*.test.js
node_tests browser tests/browser/*.test.js

if [[ "$bench" != 0 ]]; then
  bench_native="$EDGEGUARD_ARTIFACTS/bench-native.json"
  step "native timing (one word to 1,024 tokens${bench_args[*]:+, short})" \
    "$CARGO_TARGET_DIR/$profile/examples/native_timing" "$repo/models/default" "$bench_native" "${bench_args[@]}"
  step "benchmark in Node and Chromium${bench_args[*]:+ (short)}" node "$here/bench.js" "$bench_native" "${bench_args[@]}"
fi

finish
