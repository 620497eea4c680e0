#!/usr/bin/env bash
# Builds the edgeguard WASM package into wasm/pkg/ and copies it into the extension
# (wasm/extension/guard/). Both folders are generated; run this after any change to the crate,
# the JS sources (wasm/js/) or the model (models/default/).
#
#   wasm/build.sh            release build (what the tests and the extension use)
#
# Needs: rustup target wasm32-unknown-unknown, wasm-bindgen-cli at the wasm-bindgen version in
# Cargo.lock (wasm/ci-setup.sh installs both), node with `npm ci` done in wasm/ (for the .d.ts
# of the JS entry points, and binaryen's wasm-opt).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
pkg="$here/pkg"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$repo/target}"

# SIMD is not optional: tract's WASM kernels exist only with simd128, and src/lib.rs refuses to
# compile without it. The workspace's release profile (full LTO, one codegen unit, no debug info)
# applies, with these changes for the wasm build only.
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-C target-feature=+simd128"
export CARGO_PROFILE_RELEASE_OPT_LEVEL="${EDGEGUARD_WASM_OPT_LEVEL:-3}"
# Function names (the name section, 1.7 MiB raw, 0.4 MiB gzip) are stripped too; profiling and
# tools/code-by-crate.js need them: EDGEGUARD_WASM_KEEP_NAMES=1 keeps them.
if [[ "${EDGEGUARD_WASM_KEEP_NAMES:-}" == 1 ]]; then
  export CARGO_PROFILE_RELEASE_STRIP=debuginfo
else
  export CARGO_PROFILE_RELEASE_STRIP=symbols
fi
export CARGO_PROFILE_RELEASE_PANIC=abort

lock_version="$(grep -A1 '^name = "wasm-bindgen"$' "$repo/Cargo.lock" | sed -n 's/^version = "\(.*\)"/\1/p')"
cli_version="$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" || true
if [[ "$cli_version" != "$lock_version" ]]; then
  echo "build.sh: wasm-bindgen-cli ${cli_version:-not installed}, Cargo.lock has wasm-bindgen $lock_version;" >&2
  echo "          run wasm/ci-setup.sh (or cargo install wasm-bindgen-cli --version $lock_version --locked)" >&2
  exit 1
fi

echo "== cargo build (wasm32-unknown-unknown, +simd128)"
cargo build --manifest-path "$repo/Cargo.toml" --release -p edgeguard-wasm --target wasm32-unknown-unknown \
  --config 'profile.release.package.tract-linalg.opt-level=3' 
raw="$CARGO_TARGET_DIR/wasm32-unknown-unknown/release/edgeguard_wasm.wasm"

echo "== wasm-bindgen $cli_version"
rm -rf "$pkg"
mkdir -p "$pkg"
wasm-bindgen --target web --out-dir "$pkg" --out-name edgeguard_wasm "$raw"
wasm="$pkg/edgeguard_wasm_bg.wasm"

# wasm-opt from the npm package binaryen (a devDependency, pinned in package-lock.json; `npm ci`
# in wasm/ installs it), else one on the PATH.
wasm_opt="$here/node_modules/.bin/wasm-opt"
[[ -x "$wasm_opt" ]] || wasm_opt="$(command -v wasm-opt || true)"
if [[ "${EDGEGUARD_WASM_OPT:-}" == skip ]]; then
  echo "== wasm-opt skipped (EDGEGUARD_WASM_OPT=skip)"
elif [[ -z "$wasm_opt" ]]; then
  echo "build.sh: no wasm-opt: run 'npm ci' in wasm/ (binaryen)" >&2
  exit 1
elif [[ "$("$wasm_opt" --version | awk '{print $3}')" -lt 116 ]]; then
  # Seen with Debian's binaryen 108: the optimized module's externref table is rewritten so
  # that wasm-bindgen's start-up (`__wbindgen_init_externref_table`) throws in Node and Chromium.
  echo "build.sh: $wasm_opt is binaryen $("$wasm_opt" --version | awk '{print $3}'); versions before 116 break wasm-bindgen's externref table: run 'npm ci' in wasm/" >&2
  exit 1
else
  echo "== wasm-opt ($("$wasm_opt" --version))"
  "$wasm_opt" "${EDGEGUARD_WASM_OPT:--O3}" --strip-debug --strip-producers \
    --enable-simd --enable-bulk-memory --enable-sign-ext --enable-mutable-globals \
    --enable-nontrapping-float-to-int --enable-multivalue --enable-reference-types \
    "$wasm" -o "$wasm.opt"
  mv "$wasm.opt" "$wasm"
fi

echo "== SIMD check"
"$here/tools/simd-check.sh" "$wasm"

echo "== assemble pkg/"
cp "$here"/js/*.js "$pkg/"
version="$(sed -n 's/^version = "\(.*\)"/\1/p' "$repo/Cargo.toml" | head -1)"
sed "s/@VERSION@/$version/" "$here/js/package.json.in" >"$pkg/package.json"
cp "$here/README.md" "$pkg/README.md"
mkdir -p "$pkg/model"
cp "$repo"/models/default/{model.nnef.tar,tokenizer.json,config.json} "$pkg/model/"
if [[ -x "$here/node_modules/.bin/tsc" ]]; then
  "$here/node_modules/.bin/tsc" -p "$here/tsconfig.json"
else
  echo "build.sh: run 'npm ci' in wasm/ to type-check the JS and generate its .d.ts" >&2
  exit 1
fi

echo "== copy into extension/guard/"
rm -rf "$here/extension/guard"
mkdir -p "$here/extension/guard"
cp -r "$pkg"/. "$here/extension/guard/"

echo "== sizes"
node "$here/tools/sizes.js" "$pkg"
