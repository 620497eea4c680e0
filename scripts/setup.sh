#!/usr/bin/env bash
# Installs what scripts/test.sh needs and is missing; whatever is already there is detected and
# left alone, so on a machine that is set up this costs a few seconds.
#
#   - rustfmt and clippy (rustup components);
#   - the Debian packages in ffi/ci-packages.txt and wasm/ci-packages.txt (the C toolchain,
#     valgrind, CMake, the aarch64 cross compiler and qemu; Chromium). As root they
#     are installed with apt-get; otherwise the one command to run is printed and the set-up
#     stops;
#   - the Rust targets in ffi/ci-rust-targets.txt, and wasm/ci-setup.sh (the wasm32 target,
#     wasm-bindgen-cli at the version in Cargo.lock, the npm dev dependencies);
#   - cargo-fuzz 0.13.2;
#   - models/.venv with models/requirements-data.txt (the pipeline's lints and tests and the
#     evaluation splits), unless EDGEGUARD_PYTHON names a Python to use instead.
#
# scripts/test.sh sources this file (each part is then a timed step of the test run); run on its
# own, `bash scripts/setup.sh` only sets up.
set -euo pipefail

# Run on its own: a plain step header (scripts/test.sh defines a timed one).
if ! declare -F step >/dev/null; then
  step() { printf '\n== %s\n' "$*"; }
fi

setup_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# The cargo-fuzz release the fuzz targets are built with.
CARGO_FUZZ_VERSION=0.13.2

setup_rust_components() {
  if cargo fmt --version >/dev/null 2>&1 && cargo clippy --version >/dev/null 2>&1; then
    echo "rustfmt and clippy: installed"
  else
    rustup component add rustfmt clippy
  fi
}

setup_debian_packages() {
  local pkg missing=()
  while read -r pkg; do
    [ -n "$pkg" ] || continue
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" ||
      missing+=("$pkg")
  done < <(cat "$setup_root/ffi/ci-packages.txt" "$setup_root/wasm/ci-packages.txt")
  if [ ${#missing[@]} -eq 0 ]; then
    echo "Debian packages: installed"
    return
  fi
  if [ "$(id -u)" -ne 0 ]; then
    echo "setup: missing Debian packages: ${missing[*]}" >&2
    echo "setup: install them with this command, then run the tests again:" >&2
    echo "  sudo apt-get update -q && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends ${missing[*]}" >&2
    return 1
  fi
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
}

setup_rust_targets() {
  local target installed missing=()
  installed="$(rustup target list --installed)"
  while read -r target; do
    [ -n "$target" ] || continue
    grep -qx "$target" <<<"$installed" || missing+=("$target")
  done <"$setup_root/ffi/ci-rust-targets.txt"
  if [ ${#missing[@]} -eq 0 ]; then
    echo "Rust targets: installed"
  else
    rustup target add "${missing[@]}"
  fi
}

setup_cargo_fuzz() {
  if [ "$(cargo fuzz --version 2>/dev/null)" = "cargo-fuzz $CARGO_FUZZ_VERSION" ]; then
    echo "cargo-fuzz $CARGO_FUZZ_VERSION: installed"
  else
    cargo install cargo-fuzz --version "$CARGO_FUZZ_VERSION" --locked
  fi
}

# The pipeline's Python: EDGEGUARD_PYTHON when set, else models/.venv, created or updated when
# models/requirements-data.txt changed since it was last installed there (a stamp in the venv
# holds the file's digest).
setup_python() {
  if [ -n "${EDGEGUARD_PYTHON:-}" ]; then
    echo "Python: EDGEGUARD_PYTHON=$EDGEGUARD_PYTHON"
    return
  fi
  local venv="$setup_root/models/.venv" requirements="$setup_root/models/requirements-data.txt"
  local stamp="$setup_root/models/.venv/.requirements-data.sha256" digest
  digest="$(sha256sum "$requirements" | cut -d' ' -f1)"
  if [ -x "$venv/bin/python" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$digest" ]; then
    echo "models/.venv: up to date with models/requirements-data.txt"
  else
    [ -x "$venv/bin/python" ] || python3 -m venv "$venv"
    "$venv/bin/python" -m pip install --quiet -r "$requirements"
    echo "$digest" >"$stamp"
    echo "models/.venv: installed models/requirements-data.txt"
  fi
  export EDGEGUARD_PYTHON="$venv/bin/python"
}

# Every part, in order, each a step.
setup_all() {
  step "set-up: rustfmt and clippy"
  setup_rust_components
  step "set-up: Debian packages (ffi/ci-packages.txt, wasm/ci-packages.txt)"
  setup_debian_packages
  step "set-up: Rust targets (ffi/ci-rust-targets.txt)"
  setup_rust_targets
  step "set-up: the WASM tools (wasm/ci-setup.sh)"
  bash "$setup_root/wasm/ci-setup.sh"
  step "set-up: cargo-fuzz $CARGO_FUZZ_VERSION"
  setup_cargo_fuzz
  step "set-up: the pipeline's Python (models/.venv)"
  setup_python
}

# Run on its own rather than sourced: set up and stop.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  setup_all
fi
