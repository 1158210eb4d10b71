#!/usr/bin/env bash
# Builds the libFuzzer targets with clang in build-fuzz/ and runs each for SECONDS (default 600), one after
# another (one process each), starting from the committed seeds in tests/fuzz/corpus/<target>/. Usage:
#   bash scripts/fuzz.sh [SECONDS] [TARGET...]     TARGET: edge_list matrix_market graph_file npy (default: all)
# New interesting inputs go to build-fuzz/corpus/<target>/ (not the repo), crashes to build-fuzz/findings/
# and the log to build-fuzz/<target>.log. Exits non-zero when a finding is in our code (tests/fuzz/triage.sh).
# Installs clang and the libFuzzer runtime when missing (Debian 12); CI does not fuzz.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-600}
shift || true
targets=("$@")
((${#targets[@]})) || targets=(edge_list matrix_market graph_file npy)

source scripts/apt_install.sh
apt_install_missing fuzz clang libclang-rt-14-dev

cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
  -DVGAE_FUZZ=ON -DVGAE_BUILD_TESTS=OFF >/dev/null
cmake --build build-fuzz -j2 --target "${targets[@]/%/_fuzzer}"

# Leaks inside libhdf5 on malformed files are the library's (docs/FUZZING.md). allocator_may_return_null: an
# oversized malloc fails as in production (libhdf5 then reports an error) instead of aborting.
export LSAN_OPTIONS="suppressions=$PWD/tests/fuzz/lsan.supp:print_suppressions=0"
export ASAN_OPTIONS="allocator_may_return_null=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export TMPDIR=${TMPDIR:-/tmp}
[ -d /dev/shm ] && [ -w /dev/shm ] && TMPDIR=/dev/shm  # the graph_file target writes a file per input
status=0
for t in "${targets[@]}"; do
  corpus=build-fuzz/corpus/$t findings=build-fuzz/findings/$t
  mkdir -p "$corpus" "$findings"
  bin=build-fuzz/tests/fuzz/${t}_fuzzer
  # libhdf5 1.10 crashes on some malformed files (docs/FUZZING.md): graph_file fuzzes in a child process that
  # libFuzzer restarts after a crash, and every artifact is then replayed and triaged (library or ours).
  mode=()
  [ "$t" = graph_file ] && mode=(-fork=1 -ignore_crashes=1 -ignore_ooms=1 -ignore_timeouts=1)
  echo "fuzz: $t for ${seconds}s"
  "$bin" "$corpus" "tests/fuzz/corpus/$t" -max_total_time="$seconds" "${mode[@]}" -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix="$findings/" -print_final_stats=1 >"build-fuzz/$t.log" 2>&1 || true
  grep -E '^#[0-9]+:?[[:space:]].*cov:' "build-fuzz/$t.log" | tail -n 1 || true
  grep -E '^stat::' "build-fuzz/$t.log" || true
  artifacts=("$findings"/*)
  if [ -e "${artifacts[0]}" ]; then
    tests/fuzz/triage.sh "$bin" "${artifacts[@]}" || status=1
  elif ! grep -qE '^Done [0-9]+ runs|^INFO: exiting: 0' "build-fuzz/$t.log"; then
    echo "fuzz: $t stopped early: see build-fuzz/$t.log" >&2
    status=1
  fi
done
((status == 0)) || echo "fuzz: findings in our code: fix them and keep each input as a regression file (docs/FUZZING.md)" >&2
exit $status
