#!/usr/bin/env bash
# Long fuzzing runs that add up across sessions. Each chosen target runs for SECONDS of wall-clock
# time, one after the other in a single nice'd process, growing the committed corpus in
# corpus/TARGET/; each run appends one line to hours.tsv, the ledger the README's "Hours run so
# far" table is made from.
#
#   bash fuzz/campaign.sh 1800 normalize decode jsonl   # half an hour each, in this order
#   bash fuzz/campaign.sh cmin normalize decode jsonl   # minimize those corpora before a commit
#   bash fuzz/campaign.sh table                         # the README table, from hours.tsv
#
# A run stops early on a finding; its input is in artifacts/TARGET/ and the ledger line names it.
set -uo pipefail
cd "$(dirname "$0")"
export RUSTC_BOOTSTRAP=1
source ./targets.sh
ledger=hours.tsv
header=$'date\ttarget\tcommit\twall_s\tcpu_s\texecutions\tresult'

if [ "${1:-}" = table ]; then
  # Totals per target: CPU seconds (user + system of the fuzzing process), executions, and the
  # results of the runs (each distinct result once).
  awk -F'\t' '
    NR == 1 { next }
    !($2 in cpu) { order[++n] = $2 }
    { cpu[$2] += $5; execs[$2] += $6; runs[$2]++
      if (index(";" seen[$2] ";", ";" $7 ";") == 0) seen[$2] = seen[$2] (seen[$2] == "" ? "" : ";") $7 }
    END {
      print "| target | runs | CPU time | executions | results |"
      print "|---|---|---|---|---|"
      for (i = 1; i <= n; i++) {
        t = order[i]
        printf "| %s | %d | %.0f s (%.2f h) | %d | %s |\n", t, runs[t], cpu[t], cpu[t] / 3600, execs[t], seen[t]
        total += cpu[t]
      }
      printf "\nIn all %.2f CPU-hours.\n", total / 3600
    }' "$ledger"
  exit 0
fi

if [ "${1:-}" = cmin ]; then
  # Minimizes corpus/TARGET/ in place: the smallest set of its inputs with the same coverage.
  shift
  for target in "$@"; do
    mkdir -p "artifacts/$target"
    binary=$(nice -n 10 bash -c 'source ./targets.sh && fuzz_build "$1"' _ "$target" 2> /dev/null) \
      || { echo "cmin: $target does not build" >&2; exit 1; }
    merged=$(mktemp -d)
    nice -n 10 "$binary" -merge=1 -max_len=4096 \
      -timeout=60 -rss_limit_mb=2048 "$merged" "corpus/$target" > "artifacts/$target/cmin.log" 2>&1 \
      || { tail -n 20 "artifacts/$target/cmin.log"; rm -rf "$merged"; exit 1; }
    echo "cmin $target: $(ls "corpus/$target" | wc -l) -> $(ls "$merged" | wc -l) inputs"
    rm -rf "corpus/$target" && mv "$merged" "corpus/$target"
  done
  exit 0
fi

seconds=${1:?usage: campaign.sh SECONDS TARGET... | campaign.sh cmin TARGET... | campaign.sh table}
shift
[ $# -gt 0 ] || { echo "campaign.sh: name at least one target" >&2; exit 2; }
[ -f "$ledger" ] || printf '%s\n' "$header" > "$ledger"

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
bash seeds.sh "$scratch/seeds"
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
[ -z "$(git status --porcelain -- ../crates ../ffi fuzz_targets engine 2>/dev/null)" ] || commit="$commit+"

failed=0
for target in "$@"; do
  mkdir -p "corpus/$target" "seeds/$target" "artifacts/$target" "$scratch/seeds/$target"
  echo "== $(date -u +%H:%M:%S) build $target"
  if ! binary=$(nice -n 10 bash -c 'source ./targets.sh && fuzz_build "$1"' _ "$target" \
    2> "artifacts/$target/campaign-build.log"); then
    tail -n 20 "artifacts/$target/campaign-build.log"
    failed=1
    continue
  fi
  # A private copy, so that a rebuild during the run cannot replace the binary under it.
  cp "$binary" "$scratch/$target"
  log="artifacts/$target/campaign.log"
  echo "== $(date -u +%H:%M:%S) fuzz $target for ${seconds}s"
  /usr/bin/time -f '%e %U %S' -o "$scratch/time" \
    nice -n 10 "$scratch/$target" "corpus/$target" "seeds/$target" "$scratch/seeds/$target" \
    -max_total_time="$seconds" -max_len=4096 -timeout=60 -rss_limit_mb=2048 \
    -artifact_prefix="artifacts/$target/" -print_final_stats=1 > "$log" 2>&1
  status=$?
  read -r wall user sys < <(tail -n 1 "$scratch/time")
  cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.0f", u + s }')
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  # The last input written is the one that stopped the run (slow-unit files come before it).
  finding=$(sed -n 's/.*Test unit written to artifacts\/[^/]*\/\([^ ]*\).*/\1/p' "$log" | tail -n 1)
  if [ "$status" -eq 0 ]; then
    result=clean
  elif [ -n "$finding" ]; then
    result=$finding
    failed=1
  else
    result="exit $status"
    failed=1
  fi
  printf '%s\t%s\t%s\t%.0f\t%s\t%s\t%s\n' "$(date -u +%Y-%m-%dT%H:%MZ)" "$target" "$commit" \
    "$wall" "$cpu" "${execs:-0}" "$result" >> "$ledger"
  tail -n 1 "$ledger"
done
exit "$failed"
