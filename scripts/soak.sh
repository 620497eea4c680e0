#!/usr/bin/env bash
# Soak and concurrency checks of the C library and the WASM package. Not part of CI: everything
# takes about 35 minutes on a 2-core VM.
#
#   scripts/soak.sh                     every part, in this order
#   scripts/soak.sh asan helgrind       only the parts named
#
# Parts:
#   c         ffi/tests/soak.c against the release static library: 8 threads, 10 minutes of mixed
#             calls (check, response, batch, stream, plans, commands, error paths, policy changes,
#             guard swaps); every verdict equal to the single-threaded one, and RSS flat after the
#             warm-up (median of the last minute within 5% of the median of the minute after it).
#   asan      the same program and the library built with AddressSanitizer: gcc -fsanitize=address
#             for the C side, RUSTC_BOOTSTRAP=1 with -Zsanitizer=address for the Rust side (into
#             $CARGO_TARGET_DIR/asan; Rust's prebuilt standard library is not instrumented), with
#             LeakSanitizer at exit. A shorter run.
#   memcheck  the release build under valgrind memcheck (invalid accesses, uninitialised values,
#             leaks), with ffi/tests/valgrind.supp. Shorter, fewer threads.
#   helgrind  the release build under valgrind helgrind (data races, lock misuse). Shorter, fewer
#             threads.
#   wasm      the WASM package in Node worker threads (wasm/tests/soak.js): mixed calls, every
#             verdict equal to the reference, WebAssembly memory and RSS flat after the warm-up.
#   large     wasm/tests/node/large-input.test.js on 50 MiB texts, one all ASCII and one with a
#             few non-ASCII characters: WebAssembly memory within (after load) + 2 x text +
#             64 MiB, and the time each takes.
#
# Environment (defaults in brackets): SOAK_THREADS [8], SOAK_SECONDS [600], SOAK_ASAN_THREADS [8],
# SOAK_ASAN_SECONDS [120], SOAK_VALGRIND_THREADS [4], SOAK_VALGRIND_SECONDS [240] (each of memcheck
# and helgrind), SOAK_WASM_WORKERS [2], SOAK_WASM_SECONDS [300], SOAK_WASM_WARMUP [60],
# SOAK_LARGE_MIB [50],
# SOAK_MAX_GROWTH [5, percent], SOAK_SEED [1]; CARGO_TARGET_DIR. The wasm and large parts need
# wasm/pkg: SOAK_WASM_BUILD=1 runs wasm/build.sh first.
#
# Each part prints its figures and `ok: PART` or `FAILED: PART`; logs are kept in
# $CARGO_TARGET_DIR/soak/logs. Exits non-zero if any part failed.
set -uo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root" || exit 2
target_dir="${CARGO_TARGET_DIR:-$root/target}"
work="$target_dir/soak"
logs="$work/logs"
mkdir -p "$logs" || exit 2
robot_dir="$root/examples/robot"

threads="${SOAK_THREADS:-8}"
seconds="${SOAK_SECONDS:-600}"
asan_threads="${SOAK_ASAN_THREADS:-8}"
asan_seconds="${SOAK_ASAN_SECONDS:-120}"
vg_threads="${SOAK_VALGRIND_THREADS:-4}"
vg_seconds="${SOAK_VALGRIND_SECONDS:-240}"
wasm_workers="${SOAK_WASM_WORKERS:-2}"
wasm_seconds="${SOAK_WASM_SECONDS:-300}"
wasm_warmup="${SOAK_WASM_WARMUP:-60}"
large_mib="${SOAK_LARGE_MIB:-50}"
growth="${SOAK_MAX_GROWTH:-5}"
seed="${SOAK_SEED:-1}"

cflags=(-std=c11 -g -O1 -Wall -Wextra -Wpedantic -Werror -I"$root/ffi/include" -I"$root/ffi/tests"
  -pthread)
# As in ffi/tests/run.sh: what Rust's standard library needs when linked statically.
# shellcheck disable=SC2054 # the comma belongs to the linker flag
syslibs=(-Wl,-z,noexecstack -lgcc_s -lutil -lrt -lpthread -lm -ldl -lc)

parts=("$@")
[ ${#parts[@]} -gt 0 ] || parts=(c asan memcheck helgrind wasm large)
failures=()
started=$SECONDS
# What was measured: the commit, and whether the tree had changes on top of it.
echo "soak: $(git rev-parse --short HEAD 2>/dev/null) with $(git status --short 2>/dev/null | wc -l) changed files; parts: ${parts[*]}"

# run_part NAME FUNCTION: runs one part, reports it, and records a failure.
run_part() {
  local name="$1" t0=$SECONDS
  printf '\n== %s\n' "$name"
  if "$2"; then
    printf 'ok: %s (%ss)\n' "$name" $((SECONDS - t0))
  else
    printf 'FAILED: %s (%ss)\n' "$name" $((SECONDS - t0))
    failures+=("$name")
  fi
}

release_lib=""
build_release() {
  [ -n "$release_lib" ] && return 0
  nice cargo build -p edgeguard-ffi --release || return 1
  release_lib="$target_dir/release/libedgeguard.a"
  gcc "${cflags[@]}" -o "$work/soak" "$root/ffi/tests/soak.c" "$release_lib" "${syslibs[@]}"
}

part_c() {
  build_release || return 1
  nice "$work/soak" -t "$threads" -d "$seconds" -g "$growth" -s "$seed" "$robot_dir" 2>&1 |
    tee "$logs/c.log"
  return "${PIPESTATUS[0]}"
}

part_asan() {
  local triple=x86_64-unknown-linux-gnu asan_target="$target_dir/asan"
  # -Zsanitizer is unstable; RUSTC_BOOTSTRAP=1 lets the stable toolchain take it (cargo-fuzz does
  # the same). --target keeps the flag off build scripts and proc macros, which run inside the
  # uninstrumented compiler. Only the static library is built (a cdylib would need the runtime).
  RUSTC_BOOTSTRAP=1 RUSTFLAGS="-Zsanitizer=address" CARGO_TARGET_DIR="$asan_target" \
    nice cargo rustc -p edgeguard-ffi --lib --crate-type staticlib --target "$triple" || return 1
  gcc "${cflags[@]}" -fsanitize=address -fno-omit-frame-pointer -o "$work/soak-asan" \
    "$root/ffi/tests/soak.c" "$asan_target/$triple/debug/libedgeguard.a" "${syslibs[@]}" || return 1
  # RSS is reported only: ASan's quarantine and shadow memory grow on their own.
  ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:halt_on_error=1:exitcode=86" \
    nice "$work/soak-asan" -t "$asan_threads" -d "$asan_seconds" -g -1 -s "$seed" "$robot_dir" 2>&1 |
    tee "$logs/asan.log"
  local status=${PIPESTATUS[0]}
  if grep -q 'ERROR: AddressSanitizer\|ERROR: LeakSanitizer' "$logs/asan.log"; then
    echo "AddressSanitizer reported errors (see $logs/asan.log)"
    return 1
  fi
  echo "AddressSanitizer: no reports"
  return "$status"
}

# valgrind_soak TOOL LOG FLAGS...: the release soak under a valgrind tool, fewer threads.
valgrind_soak() {
  local tool="$1" log="$2"
  shift 2
  build_release || return 1
  nice valgrind --tool="$tool" --error-exitcode=99 --num-callers=40 "$@" \
    "$work/soak" -t "$vg_threads" -d "$vg_seconds" -g -1 -s "$seed" "$robot_dir" 2>&1 | tee "$log"
  local status=${PIPESTATUS[0]}
  grep 'ERROR SUMMARY' "$log"
  return "$status"
}

part_memcheck() {
  valgrind_soak memcheck "$logs/memcheck.log" --leak-check=full \
    --show-leak-kinds=definite,indirect,possible --errors-for-leak-kinds=definite,indirect,possible \
    --track-origins=yes --suppressions="$root/ffi/tests/valgrind.supp"
}

part_helgrind() {
  valgrind_soak helgrind "$logs/helgrind.log"
}

wasm_ready() {
  if [ "${SOAK_WASM_BUILD:-0}" = 1 ]; then
    "$root/wasm/build.sh" || return 1
  fi
  [ -f "$root/wasm/pkg/node.js" ] || { echo "no wasm/pkg: run wasm/build.sh (or SOAK_WASM_BUILD=1)"; return 1; }
}

part_wasm() {
  wasm_ready || return 1
  nice node "$root/wasm/tests/soak.js" --seconds "$wasm_seconds" --workers "$wasm_workers" \
    --warmup "$wasm_warmup" --max-growth "$growth" --seed "$seed" 2>&1 | tee "$logs/wasm.log"
  return "${PIPESTATUS[0]}"
}

part_large() {
  wasm_ready || return 1
  local text status=0
  # One process per text: the memory the first one grew would hide the second one's growth.
  for text in ascii mixed; do
    (cd "$root/wasm" && EDGEGUARD_LARGE_INPUT_MIB="$large_mib" EDGEGUARD_LARGE_INPUT_TEXT="$text" \
      nice node --test --test-reporter=spec tests/node/large-input.test.js) 2>&1 |
      tee "$logs/large-$text.log"
    [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
  done
  return $status
}

for part in "${parts[@]}"; do
  case "$part" in
    c | asan | memcheck | helgrind | wasm | large) run_part "$part" "part_$part" ;;
    *) echo "unknown part: $part (c, asan, memcheck, helgrind, wasm, large)"; exit 2 ;;
  esac
done

printf '\nsoak took %ss; logs in %s\n' $((SECONDS - started)) "$logs"
for f in "${failures[@]+"${failures[@]}"}"; do
  printf 'failed: %s\n' "$f"
done
[ ${#failures[@]} -eq 0 ]
