#!/usr/bin/env bash
# Runs every fuzz target for SECONDS seconds (default 60), one after the other, and exits
# non-zero if any target found a crash (its input is saved under fuzz/artifacts/TARGET/).
#
#   bash fuzz/run.sh 60            # CI: about 7 minutes in all
#   bash fuzz/run.sh 3600 ltl      # one target for an hour
#
# Needs cargo-fuzz (`cargo install cargo-fuzz`). cargo-fuzz passes nightly-only flags
# (-Zsanitizer=address); RUSTC_BOOTSTRAP=1 lets the stable toolchain accept them.
set -uo pipefail
cd "$(dirname "$0")"
seconds=${1:-60}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(normalize decode policy_json policy_toml ltl robot_policy plan)
fi
export RUSTC_BOOTSTRAP=1

if ! command -v cargo-fuzz >/dev/null; then
  echo "cargo-fuzz is not installed: cargo install cargo-fuzz" >&2
  exit 2
fi

# Seeds: the files in seeds/, and examples and test data of the repository copied into each
# target's corpus (which is not committed).
for target in "${targets[@]}"; do mkdir -p "corpus/$target" "seeds/$target" "artifacts/$target"; done
cp ../examples/robot/*/plans/*/*.json corpus/plan/ 2>/dev/null || true
for dir in ../examples/robot/*/; do
  name=$(basename "$dir")
  plan=$(ls "$dir"plans/accepted/*.json 2>/dev/null | head -n 1)
  for policy in "$dir"policy.json "$dir"policy.toml; do
    [ -f "$policy" ] && [ -d corpus/robot_policy ] || continue
    case "$policy" in *.json) mode=0 ;; *) mode=1 ;; esac
    { printf '%s' "$mode"; cat "$policy"; printf '\n---\n'; [ -n "$plan" ] && cat "$plan"; } \
      > "corpus/robot_policy/seed-$name.$mode"
  done
done
for target in normalize decode; do
  [ -d "corpus/$target" ] && cp ../tests/data/normalize.jsonl "corpus/$target/seed-golden.jsonl"
done

failed=()
for target in "${targets[@]}"; do
  echo "== fuzz $target for ${seconds}s"
  cargo fuzz run "$target" "corpus/$target" "seeds/$target" -- \
    -max_total_time="$seconds" -max_len=4096 -timeout=60 -rss_limit_mb=2048 \
    -print_final_stats=1 > "artifacts/$target/last-run.log" 2>&1
  status=$?
  grep -E '^(#[0-9]+ *(DONE|INITED)|stat::number_of_executed_units|==[0-9]+==|SUMMARY|Done)' \
    "artifacts/$target/last-run.log"
  # A finding, or a build failure: either way the target did not run clean.
  if [ "$status" -ne 0 ]; then
    tail -n 30 "artifacts/$target/last-run.log"
    failed+=("$target")
  fi
done

if [ ${#failed[@]} -ne 0 ]; then
  echo "fuzz: findings in ${failed[*]} (see fuzz/artifacts/)" >&2
  exit 1
fi
echo "fuzz: ${#targets[@]} targets ran ${seconds}s each, no findings"
