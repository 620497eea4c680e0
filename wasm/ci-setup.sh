#!/usr/bin/env bash
# Installs what wasm/tests/run.sh needs beyond the Debian packages in wasm/ci-packages.txt:
# the wasm32 Rust target, wasm-bindgen-cli at exactly the wasm-bindgen version in Cargo.lock,
# and the npm dev dependencies (playwright-core as a driver only: it never downloads a browser;
# the tests use Debian's /usr/bin/chromium). What is already installed is left alone: the npm
# dependencies are reinstalled only when package-lock.json changed since the last `npm ci`.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"

if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  echo "ci-setup: the wasm32-unknown-unknown target is installed"
else
  rustup target add wasm32-unknown-unknown
fi

version="$(grep -A1 '^name = "wasm-bindgen"$' "$repo/Cargo.lock" | sed -n 's/^version = "\(.*\)"/\1/p')"
if [[ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" == "$version" ]]; then
  echo "ci-setup: wasm-bindgen-cli $version is installed"
else
  err="$(mktemp)"
  if ! cargo install wasm-bindgen-cli --version "$version" --locked 2> >(tee "$err" >&2); then
    # The crate's own Cargo.lock can pin a dependency release that the registry mirror lacks
    # (seen here: webpki-roots 1.0.11). Then install from the crate's source with only the
    # missing packages moved to the newest release the mirror has, the rest as locked.
    echo "ci-setup: 'cargo install --locked' failed; retrying with the lock file adjusted" >&2
    src="$(mktemp -d)"
    crate="$(find "${CARGO_HOME:-$HOME/.cargo}/registry/src" -maxdepth 2 -type d -name "wasm-bindgen-cli-$version" | head -1)"
    cp -r "$crate/." "$src/"
    for _ in 1 2 3 4 5; do
      missing="$(sed -n 's/.*failed to select a version for the requirement `\([A-Za-z0-9_-]*\) = .*/\1/p' "$err" | head -1)"
      [[ -n "$missing" ]] || break
      (cd "$src" && cargo update -p "$missing")
      if (cd "$src" && cargo install --path . --locked 2> >(tee "$err" >&2)); then
        missing="done"
        break
      fi
    done
    rm -rf "$src"
    [[ "${missing:-}" == "done" ]] || { echo "ci-setup: cannot install wasm-bindgen-cli $version" >&2; exit 1; }
  fi
fi

# npm ci empties node_modules first, so the stamp is written after it succeeds.
lock="$(sha256sum "$here/package-lock.json" | cut -d' ' -f1)"
stamp="$here/node_modules/.package-lock.sha256"
if [[ -d "$here/node_modules" && "$(cat "$stamp" 2>/dev/null)" == "$lock" ]]; then
  echo "ci-setup: the npm dev dependencies match package-lock.json"
else
  (cd "$here" && npm ci --no-audit --no-fund)
  echo "$lock" >"$stamp"
fi
