#!/usr/bin/env bash
# Runs every cargo-fuzz target (fuzz/fuzz_targets/) from its committed corpus
# (fuzz/corpus/TARGET).
#
#   scripts/fuzz.sh            20 s a target: the short run in scripts/test.sh
#   scripts/fuzz.sh 600        10 minutes a target
#   scripts/fuzz.sh 600 --keep also adds the inputs it found to the committed
#                              corpora, then minimizes them (cargo fuzz cmin)
#   FUZZ_TARGETS="markdown config" scripts/fuzz.sh ...   some targets only
#
# Needs the nightly toolchain and cargo-fuzz (scripts/install-tools.sh --test).
# A crash stops the run and leaves its input under fuzz/artifacts/TARGET/.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
export PATH="$HOME/.cargo/bin:$PATH"
SECONDS_EACH=${1:-20}
KEEP=0
[ "${2:-}" = "--keep" ] && KEEP=1
TARGETS=${FUZZ_TARGETS:-$(cargo +nightly fuzz list)}

cargo +nightly fuzz build -O
for target in $TARGETS; do
  printf '\033[1m[fuzz]\033[0m %s for %s s\n' "$target" "$SECONDS_EACH"
  if [ $KEEP -eq 1 ]; then
    found=corpus/$target
    seeds=()
  else
    # New inputs go to a scratch folder; the committed corpus stays as it is.
    found=$(mktemp -d)
    seeds=("corpus/$target")
  fi
  # -timeout: one input taking over 10 s is a hang, and fails the run.
  cargo +nightly fuzz run -O "$target" "$found" "${seeds[@]}" -- \
    -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 2>&1 \
    | grep -E '^(#[0-9]+.*DONE|stat::number_of_executed_units|stat::peak_rss_mb|==[0-9]+==|INFO: seed corpus)|panicked|SUMMARY|Done [0-9]+ runs' || true
  # grep hides libFuzzer's progress lines; the run's own status decides.
  [ "${PIPESTATUS[0]}" -eq 0 ] || { echo "fuzz target $target failed; see fuzz/artifacts/$target/" >&2; exit 1; }
  if [ $KEEP -eq 1 ]; then
    cargo +nightly fuzz cmin -O "$target" "corpus/$target" 2>&1 | tail -1
  else
    rm -rf "$found"
  fi
done
