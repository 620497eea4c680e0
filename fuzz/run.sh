#!/usr/bin/env bash
# Runs fuzz targets for SECONDS seconds each (default 20), one after the other, starting from
# the committed corpus, and exits non-zero if any target found a crash (its input is saved under
# fuzz/artifacts/TARGET/). Without target names it runs the parsers (targets.sh), which is what
# CI runs: the targets that screen with the model need a sanitizer build of the inference stack
# (about 20 CPU-minutes here), and CI replays their corpus in the ordinary test build instead
# (tests/fuzz_corpus.rs). Long runs that grow the corpus are campaign.sh's job.
#
#   bash fuzz/run.sh               # CI: the parsers, 20 s each
#   bash fuzz/run.sh 600 ltl       # one target for ten minutes
#   bash fuzz/run.sh 60 all        # every target, the model's too
#
# Needs cargo-fuzz (`cargo install cargo-fuzz`). cargo-fuzz passes nightly-only flags
# (-Zsanitizer=address); RUSTC_BOOTSTRAP=1 lets the stable toolchain accept them.
set -uo pipefail
cd "$(dirname "$0")"
seconds=${1:-20}
shift || true
source ./targets.sh
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=("${parser_targets[@]}")
elif [ "${targets[*]}" = all ]; then
  targets=("${parser_targets[@]}" "${engine_targets[@]}")
fi
export RUSTC_BOOTSTRAP=1

if ! command -v cargo-fuzz >/dev/null; then
  echo "cargo-fuzz is not installed: cargo install cargo-fuzz" >&2
  exit 2
fi

# Inputs: the committed, minimized corpus in corpus/TARGET/, the hand-written seeds in
# seeds/TARGET/, and seeds made from the examples and test data (seeds.sh). All three are read
# only: what libFuzzer finds goes to a scratch directory, so a run leaves `git status` clean. To
# grow the committed corpus, use campaign.sh.
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
bash seeds.sh "$scratch/seeds"
for target in "${targets[@]}"; do
  mkdir -p "$scratch/new/$target" "$scratch/seeds/$target" "artifacts/$target" \
    "corpus/$target" "seeds/$target"
done

failed=()
for target in "${targets[@]}"; do
  echo "== fuzz $target for ${seconds}s"
  log="artifacts/$target/last-run.log"
  if ! binary=$(fuzz_build "$target" 2> "$log"); then
    tail -n 30 "$log"
    failed+=("$target")
    continue
  fi
  "$binary" "$scratch/new/$target" corpus/"$target" seeds/"$target" "$scratch/seeds/$target" \
    -max_total_time="$seconds" -max_len=4096 -timeout=60 -rss_limit_mb=2048 \
    -artifact_prefix="artifacts/$target/" -print_final_stats=1 > "$log" 2>&1
  status=$?
  grep -E '^(#[0-9]+ *(DONE|INITED)|stat::number_of_executed_units|==[0-9]+==|SUMMARY|Done)' \
    "$log"
  # A finding, or a build failure: either way the target did not run clean.
  if [ "$status" -ne 0 ]; then
    tail -n 30 "$log"
    failed+=("$target")
  fi
done

if [ ${#failed[@]} -ne 0 ]; then
  echo "fuzz: findings in ${failed[*]} (see fuzz/artifacts/)" >&2
  exit 1
fi
echo "fuzz: ${#targets[@]} targets ran ${seconds}s each, no findings"
