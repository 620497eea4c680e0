#!/usr/bin/env bash
# Builds the edgeguard C library and installs it under a prefix, with its header, a pkg-config
# file and a CMake package:
#
#   PREFIX/include/edgeguard.h
#   PREFIX/lib/libedgeguard.a, libedgeguard.so (.dylib on Apple)
#   PREFIX/lib/pkgconfig/edgeguard.pc                (from ffi/edgeguard.pc.in)
#   PREFIX/lib/cmake/edgeguard/edgeguardConfig.cmake (and edgeguardConfigVersion.cmake)
#
# Usage: ffi/install.sh [--target TRIPLE] [--profile release|dev] [--no-build] PREFIX
# The installed files find each other by relative paths, so PREFIX can be moved later.
# Honors CARGO_TARGET_DIR (default: the workspace's target/).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"

target="" profile="release" build=1 prefix=""
while [ $# -gt 0 ]; do
  case "$1" in
    --target) target="$2"; shift 2 ;;
    --profile) profile="$2"; shift 2 ;;
    --no-build) build=0; shift ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) prefix="$1"; shift ;;
  esac
done
[ -n "$prefix" ] || { echo "usage: $0 [--target TRIPLE] [--profile release|dev] [--no-build] PREFIX" >&2; exit 2; }

target_dir="${CARGO_TARGET_DIR:-$root/target}"
out="$target_dir/${target:+$target/}$([ "$profile" = dev ] && echo debug || echo "$profile")"
if [ "$build" = 1 ]; then
  (cd "$root" && cargo build -p edgeguard-ffi --profile "$profile" ${target:+--target "$target"})
fi

version="$(sed -n 's/^version = "\(.*\)"/\1/p' "$root/Cargo.toml" | head -n1)"
case "${target:-$(rustc -vV | sed -n 's/^host: //p')}" in
  *-apple-*) syslibs="-lc -lm"; shared="libedgeguard.dylib" ;;
  *-android*) syslibs="-ldl -llog -lm -lc"; shared="libedgeguard.so" ;;
  *) syslibs="-Wl,-z,noexecstack -lgcc_s -lutil -lrt -lpthread -lm -ldl -lc"; shared="libedgeguard.so" ;;
esac

mkdir -p "$prefix/include" "$prefix/lib/pkgconfig" "$prefix/lib/cmake/edgeguard"
install -m 644 "$here/include/edgeguard.h" "$prefix/include/"
install -m 644 "$out/libedgeguard.a" "$prefix/lib/"
[ -f "$out/$shared" ] && install -m 755 "$out/$shared" "$prefix/lib/"
sed -e "s|@VERSION@|$version|g" -e "s|@SYSLIBS@|$syslibs|g" \
  "$here/edgeguard.pc.in" > "$prefix/lib/pkgconfig/edgeguard.pc"
install -m 644 "$here/cmake/edgeguardConfig.cmake" "$prefix/lib/cmake/edgeguard/"
sed -e "s|@VERSION@|$version|g" -e "s|@VERSION_MAJOR@|${version%%.*}|g" \
  "$here/cmake/edgeguardConfigVersion.cmake.in" > "$prefix/lib/cmake/edgeguard/edgeguardConfigVersion.cmake"
echo "installed edgeguard $version into $prefix"
