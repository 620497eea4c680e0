#!/usr/bin/env bash
# Writes seeds made from the repository's examples and test data into DIR/TARGET/, for run.sh and
# campaign.sh to read beside the committed corpus. DIR is a scratch directory: nothing here is
# committed, and nothing under fuzz/ changes.
#
#   bash fuzz/seeds.sh /tmp/edgeguard-seeds
set -euo pipefail
cd "$(dirname "$0")"
out=${1:?usage: seeds.sh DIR}
for target in normalize decode jsonl plan robot_policy; do mkdir -p "$out/$target"; done

cp ../examples/robot/*/plans/*/*.json "$out/plan/" 2>/dev/null || true
# robot_policy reads the policy (JSON after an even first byte, TOML after an odd one), then the
# plan after a `---` line.
for dir in ../examples/robot/*/; do
  name=$(basename "$dir")
  plan=$(ls "$dir"plans/accepted/*.json 2>/dev/null | head -n 1 || true)
  for policy in "$dir"policy.json "$dir"policy.toml; do
    [ -f "$policy" ] || continue
    case "$policy" in *.json) mode=0 ;; *) mode=1 ;; esac
    { printf '%s' "$mode"; cat "$policy"; printf '\n---\n'; [ -n "$plan" ] && cat "$plan"; } \
      > "$out/robot_policy/seed-$name.$mode"
  done
done
cp ../tests/data/normalize.jsonl "$out/normalize/seed-golden.jsonl"
cp ../tests/data/normalize.jsonl "$out/decode/seed-golden.jsonl"
# The JSONL reader: the first lines of the labeled test data (whole files exceed -max_len).
for data in ../tests/data/*.jsonl; do
  head -c 4000 "$data" > "$out/jsonl/seed-$(basename "$data")"
done
