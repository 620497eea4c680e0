#!/usr/bin/env bash
# Fails unless a .wasm contains SIMD (simd128) instructions in quantity: proof that the build
# used -C target-feature=+simd128 and that tract's WASM kernels are in. Needs wasm-dis
# (Debian's binaryen). Prints the count and the most used SIMD instructions.
set -euo pipefail
wasm="${1:?usage: simd-check.sh FILE.wasm [MIN]}"
min="${2:-500}"
if ! command -v wasm-dis >/dev/null; then
  echo "simd-check: wasm-dis not found (install Debian's binaryen)" >&2
  exit 1
fi
ops="$(wasm-dis "$wasm" | grep -oE '\((v128|i8x16|i16x8|i32x4|i64x2|f32x4|f64x2)\.[a-z0-9_]+' | tr -d '(' || true)"
count="$(grep -c . <<<"$ops" || true)"
echo "simd128 instructions: $count (most used: $(sort <<<"$ops" | uniq -c | sort -rn | head -5 | awk '{printf "%s %s, ", $2, $1}' | sed 's/, $//'))"
if (( count < min )); then
  echo "simd-check: fewer than $min SIMD instructions in $wasm: was it built with +simd128?" >&2
  exit 1
fi
