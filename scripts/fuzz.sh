#!/usr/bin/env bash
# Runs every cargo-fuzz target (fuzz/fuzz_targets/) from its committed corpus
# (fuzz/corpus/TARGET).
#
#   scripts/fuzz.sh            20 s a target (scripts/test.sh: 10 s, no sanitizer)
#   scripts/fuzz.sh 600        10 minutes a target
#   scripts/fuzz.sh 600 --keep also adds the inputs it found to the committed
#                              corpora, then minimizes them (cargo fuzz cmin)
#   FUZZ_TARGETS="markdown config" scripts/fuzz.sh ...   some targets only
#   FUZZ_SANITIZER=none scripts/fuzz.sh ...   without AddressSanitizer (the
#                              default is address; see docs/SECURITY.md)
#   scripts/fuzz.sh --build-only   builds the targets, runs nothing
#
# Needs the nightly toolchain and cargo-fuzz (scripts/install-tools.sh --test).
# A crash fails the run (once the targets beside it finish) and leaves its
# input under fuzz/artifacts/TARGET/.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
export PATH="$HOME/.cargo/bin:$PATH"
SANITIZER=${FUZZ_SANITIZER:-address}
cargo +nightly fuzz build -O -s "$SANITIZER"
[ "${1:-}" = "--build-only" ] && exit 0

SECONDS_EACH=${1:-20}
KEEP=0
[ "${2:-}" = "--keep" ] && KEEP=1
TARGETS=${FUZZ_TARGETS:-$(cargo +nightly fuzz list)}

# One target's run, its filtered output into $logs/TARGET; a failure
# also leaves $logs/TARGET.failed.
run_target() {
  local target=$1 log=$logs/$1 found seeds=()
  if [ "$KEEP" -eq 1 ]; then
    found=corpus/$target
  else
    # New inputs go to a scratch folder; the committed corpus stays as it is.
    found=$(mktemp -d)
    seeds=("corpus/$target")
  fi
  printf '\033[1m[fuzz]\033[0m %s for %s s\n' "$target" "$SECONDS_EACH" > "$log"
  # -timeout: one input taking over 10 s is a hang, and fails the run.
  cargo +nightly fuzz run -O -s "$SANITIZER" "$target" "$found" "${seeds[@]}" -- \
    -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 2>&1 \
    | grep -E '^(#[0-9]+.*DONE|stat::number_of_executed_units|stat::peak_rss_mb|==[0-9]+==|INFO: seed corpus)|panicked|SUMMARY|Done [0-9]+ runs' >> "$log"
  # grep hides libFuzzer's progress lines; the run's own status decides
  # (read straight after the pipe: `|| true` there would replace it).
  [ "${PIPESTATUS[0]}" -eq 0 ] || touch "$log.failed"
  if [ "$KEEP" -eq 1 ]; then
    cargo +nightly fuzz cmin -O -s "$SANITIZER" "$target" "corpus/$target" 2>&1 | tail -1 >> "$log"
  else
    rm -rf "$found"
  fi
}
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
export -f run_target
export logs KEEP SECONDS_EACH SANITIZER

# libFuzzer runs one process per target on one core: as many side by side
# as there are cores (FUZZ_JOBS to change), each for its full time.
printf '%s\n' $TARGETS | xargs -P "${FUZZ_JOBS:-$(nproc)}" -I{} bash -c 'run_target "$1"' _ {}
failed=0
for target in $TARGETS; do
  cat "$logs/$target"
  if [ -f "$logs/$target.failed" ]; then
    echo "fuzz target $target failed; see fuzz/artifacts/$target/" >&2
    failed=1
  fi
done
exit $failed
