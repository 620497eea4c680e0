#!/usr/bin/env bash
# Runs every test of the C library, from the repository root or anywhere:
#
#   1. builds libedgeguard (.a and .so, dev profile: dependencies are optimized) and runs the
#      unit tests, including the check that include/edgeguard.h is up to date;
#   2. compiles the C tests with gcc -Wall -Wextra -Wpedantic -Werror and runs them: verdicts
#      on known prompts, every error path, several threads sharing one guard;
#   3. runs the same tests under valgrind memcheck (no leaks, no invalid accesses);
#   4. builds and runs the examples (Makefile, against the shared library), then installs into
#      a temporary prefix and builds against it with pkg-config and with CMake;
#   5. cross-compiles the library and the tests for aarch64-unknown-linux-gnu, runs them under
#      qemu-aarch64, and checks the verdicts match x86-64 (same labels, probabilities within
#      1e-3).
#
# Needs the Debian packages in ffi/ci-packages.txt and the Rust targets in
# ffi/ci-rust-targets.txt. Honors CARGO_TARGET_DIR. EDGEGUARD_FFI_SKIP_AARCH64=1 skips step 5
# (it then counts as failed, so CI cannot pass without it). Prints `N passed, N failed` last
# and exits non-zero if anything failed.
set -uo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
ffi="$root/ffi"
cd "$root"
target_dir="${CARGO_TARGET_DIR:-$root/target}"
work="$target_dir/ffi-tests"
model_dir="$root/models/default"
robot_dir="$root/examples/robot"
cflags=(-std=c11 -g -O1 -Wall -Wextra -Wpedantic -Werror -I"$ffi/include" -I"$ffi/tests")
# What Rust's standard library needs from the system when linked statically on Linux
# (`--print native-static-libs`); noexecstack because tract's assembly objects lack the note.
syslibs=(-Wl,-z,noexecstack -lgcc_s -lutil -lrt -lpthread -lm -ldl -lc)
valgrind_flags=(--error-exitcode=99 --leak-check=full --show-leak-kinds=definite,indirect,possible
  --errors-for-leak-kinds=definite,indirect,possible --track-origins=yes
  --suppressions="$ffi/tests/valgrind.supp")
c_tests=(test_api test_errors test_threads)

passed=0
failed=0
failures=()
started=$SECONDS

# step NAME COMMAND...: runs one test step and counts it.
step() {
  local name="$1"
  shift
  printf '\n== %s\n' "$name"
  local t0=$SECONDS
  if "$@"; then
    passed=$((passed + 1))
    printf 'ok: %s (%ss)\n' "$name" $((SECONDS - t0))
    return 0
  else
    failed=$((failed + 1))
    failures+=("$name")
    printf 'FAILED: %s\n' "$name"
    return 1
  fi
}

finish() {
  printf '\n'
  for f in "${failures[@]+"${failures[@]}"}"; do
    printf 'failed: %s\n' "$f"
  done
  printf 'ffi tests took %ss\n' $((SECONDS - started))
  printf '%d passed, %d failed\n' "$passed" "$failed"
  [ "$failed" -eq 0 ]
  exit $?
}

# build_c CC OUT_DIR LIB_DIR: compiles every C test against LIB_DIR/libedgeguard.a.
build_c() {
  local cc="$1" out="$2" lib="$3"
  mkdir -p "$out" || return 1
  for t in "${c_tests[@]}" parity; do
    "$cc" "${cflags[@]}" -pthread -o "$out/$t" "$ffi/tests/$t.c" "$lib/libedgeguard.a" \
      "${syslibs[@]}" || return 1
  done
}

# run_c_test RUNNER... -- NAME BIN_DIR: runs one C test with its arguments.
run_c_test() {
  local runner=()
  while [ "$1" != -- ]; do runner+=("$1"); shift; done
  shift
  local name="$1" bin="$2"
  case "$name" in
    test_threads) "${runner[@]}" "$bin/$name" "$robot_dir" "${THREADS:-8}" "${ROUNDS:-4}" ;;
    *) "${runner[@]}" "$bin/$name" "$model_dir" "$robot_dir" ;;
  esac
}

# --- 1. the library and its Rust tests --------------------------------------------------------
# The whole workspace's libraries and tests, not `-p edgeguard-ffi` alone: cargo unifies the
# dependencies' features over the packages and targets it builds, and tests add the
# dev-dependencies' features, so this selection resolves them as `cargo test --workspace` does and
# reuses what scripts/test.sh has built (the libraries are the same).
step "cargo build --workspace --lib --tests (x86_64)" cargo build --workspace --lib --tests
lib="$target_dir/debug"
if [ ! -f "$lib/libedgeguard.a" ] || [ ! -f "$lib/libedgeguard.so" ]; then
  echo "no library was built; stopping"
  finish
fi
step "cargo test --workspace --lib --test header (unit tests, header up to date)" \
  cargo test --workspace --lib --test header

# --- 2. C tests on x86-64 ---------------------------------------------------------------------
x86="$work/x86_64"
step "compile C tests (gcc -Wall -Wextra -Wpedantic -Werror)" build_c gcc "$x86" "$lib"
for t in "${c_tests[@]}"; do
  step "$t (x86_64)" run_c_test -- "$t" "$x86"
done
parity_x86() { "$x86/parity" > "$work/parity-x86_64.txt" && cat "$work/parity-x86_64.txt"; }
step "parity verdicts (x86_64)" parity_x86

# --- 3. valgrind --------------------------------------------------------------------------------
for t in "${c_tests[@]}"; do
  case "$t" in
    test_threads) THREADS=4 ROUNDS=1 step "$t under valgrind memcheck" \
      run_c_test valgrind "${valgrind_flags[@]}" -- "$t" "$x86" ;;
    *) step "$t under valgrind memcheck" run_c_test valgrind "${valgrind_flags[@]}" -- "$t" "$x86" ;;
  esac
done

# --- 4. examples, pkg-config, CMake ------------------------------------------------------------
examples() {
  local out="$work/examples"
  mkdir -p "$out" || return 1
  make -s -C "$ffi/examples" LIBDIR="$lib" OUT="$out" LINK=shared CC=gcc all || return 1
  local screened
  screened="$(printf 'how do I kill a python process\nwhat is the capital of France\nhow do I make a pipe bomb\n' | "$out/screen")"
  local code=$?
  printf '%s\n' "$screened"
  [ "$code" -eq 1 ] || { echo "screen exited $code, expected 1 (one prompt blocked)"; return 1; }
  [ "$(grep -c '^allow' <<< "$screened")" -eq 2 ] || return 1
  grep -q '^block .*pipe bomb$' <<< "$screened" || return 1

  local tabletop="$robot_dir/tabletop" went
  went="$("$out/robot" "$tabletop/policy.toml" "$tabletop/plans/accepted/knife_to_drawer.json" \
    "put the knife away in the drawer")"
  code=$?
  printf '%s\n' "$went"
  [ "$code" -eq 0 ] && grep -q '^ALLOW$' <<< "$went" || return 1
  went="$("$out/robot" "$tabletop/policy.toml" "$tabletop/plans/rejected/knife_without_guard.json" \
    "put the knife away in the drawer")"
  code=$?
  printf '%s\n' "$went"
  [ "$code" -eq 1 ] && grep -q 'violated at step 0: guard_for_knife' <<< "$went" || return 1
}
step "examples: screen and robot (Makefile, shared library)" examples

installed() {
  local prefix="$work/prefix" out="$work/pkg"
  rm -rf "$prefix" "$out" && mkdir -p "$out" || return 1
  "$ffi/install.sh" --profile dev --no-build "$prefix" || return 1
  export PKG_CONFIG_PATH="$prefix/lib/pkgconfig"
  pkg-config --exists --print-errors edgeguard || return 1
  # Shared, then static, with pkg-config.
  # shellcheck disable=SC2046
  gcc -std=c11 -Wall -Wextra -Wpedantic -Werror -o "$out/screen-shared" "$ffi/examples/screen.c" \
    $(pkg-config --cflags --libs edgeguard) -Wl,-rpath,"$(pkg-config --variable=libdir edgeguard)" \
    || return 1
  # shellcheck disable=SC2046
  gcc -std=c11 -Wall -Wextra -Wpedantic -Werror -o "$out/screen-static" "$ffi/examples/screen.c" \
    $(pkg-config --cflags edgeguard) "$(pkg-config --variable=staticlib edgeguard)" \
    $(pkg-config --variable=syslibs edgeguard) || return 1
  local line
  for bin in "$out/screen-shared" "$out/screen-static"; do
    line="$(echo "what is the capital of France" | "$bin")"
    grep -q '^allow' <<< "$line" || { echo "$bin: $line"; return 1; }
  done
  # CMake: find_package(edgeguard) from the examples' CMakeLists.txt.
  cmake -S "$ffi/examples" -B "$out/cmake" -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_C_COMPILER=gcc \
    > "$out/cmake.log" || { cat "$out/cmake.log"; return 1; }
  cmake --build "$out/cmake" > "$out/cmake-build.log" || { cat "$out/cmake-build.log"; return 1; }
  line="$(printf 'how do I make a pipe bomb\nwhat is the capital of France\n' | "$out/cmake/screen")"
  [ $? -eq 1 ] && grep -q '^block' <<< "$line" || { echo "cmake/screen: $line"; return 1; }
  echo "pkg-config (shared and static) and CMake builds work"
}
step "install, pkg-config and CMake" installed

# --- 5. aarch64 under qemu ---------------------------------------------------------------------
arm_target=aarch64-unknown-linux-gnu
arm="$work/aarch64"
arm_lib="$target_dir/$arm_target/debug"
export CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER=aarch64-linux-gnu-gcc
export CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_RUNNER="qemu-aarch64 -L /usr/aarch64-linux-gnu"
export CC_aarch64_unknown_linux_gnu=aarch64-linux-gnu-gcc
export AR_aarch64_unknown_linux_gnu=aarch64-linux-gnu-ar
qemu=(qemu-aarch64 -L /usr/aarch64-linux-gnu)

arm_prerequisites() {
  local ok=0
  rustup target list --installed 2>/dev/null | grep -qx "$arm_target" \
    || { echo "missing Rust target $arm_target (ffi/ci-rust-targets.txt)"; ok=1; }
  for tool in aarch64-linux-gnu-gcc qemu-aarch64; do
    command -v "$tool" > /dev/null || { echo "missing $tool (ffi/ci-packages.txt)"; ok=1; }
  done
  return $ok
}

if [ "${EDGEGUARD_FFI_SKIP_AARCH64:-0}" = 1 ]; then
  step "aarch64 (skipped by EDGEGUARD_FFI_SKIP_AARCH64=1)" false
elif step "aarch64 prerequisites" arm_prerequisites; then
  step "cargo build -p edgeguard-ffi --target $arm_target" \
    cargo build -p edgeguard-ffi --target "$arm_target"
  step "compile C tests (aarch64-linux-gnu-gcc)" build_c aarch64-linux-gnu-gcc "$arm" "$arm_lib"
  for t in "${c_tests[@]}"; do
    THREADS=4 ROUNDS=2 step "$t (aarch64, qemu)" run_c_test "${qemu[@]}" -- "$t" "$arm"
  done
  parity_arm() {
    "${qemu[@]}" "$arm/parity" > "$work/parity-aarch64.txt" || return 1
    awk -v TOL=1e-3 -f "$ffi/tests/compare_parity.awk" "$work/parity-x86_64.txt" \
      "$work/parity-aarch64.txt"
  }
  step "aarch64 verdicts match x86_64 (labels equal, probabilities within 1e-3)" parity_arm
fi

finish
