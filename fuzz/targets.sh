# Sourced by run.sh and campaign.sh: which cargo-fuzz crate holds each target.
#
# fuzz/ (this crate) holds the parsers, which build without the model; fuzz/engine/ holds the
# targets that screen with it, whose sanitizer build compiles the whole inference stack.
parser_targets=(normalize decode policy_json policy_toml ltl robot_policy plan)
engine_targets=(jsonl stream c_api)

# fuzz_dir TARGET: the crate folder of TARGET, relative to fuzz/ (fails for an unknown target).
fuzz_dir() {
  local t
  for t in "${parser_targets[@]}"; do [ "$t" = "$1" ] && { echo .; return 0; }; done
  for t in "${engine_targets[@]}"; do [ "$t" = "$1" ] && { echo engine; return 0; }; done
  echo "unknown fuzz target: $1 (known: ${parser_targets[*]} ${engine_targets[*]})" >&2
  return 1
}

# fuzz_build TARGET: builds TARGET with cargo-fuzz (AddressSanitizer, release) and prints the
# path of its binary.
fuzz_build() {
  local dir
  dir=$(fuzz_dir "$1") || return 1
  cargo fuzz build --fuzz-dir "$dir" "$1" >&2 || return 1
  echo "$dir/target/x86_64-unknown-linux-gnu/release/$1"
}
