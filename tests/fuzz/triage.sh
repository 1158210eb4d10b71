#!/usr/bin/env bash
# Replays libFuzzer artifacts (crash-*, oom-*, timeout-*, leak-*) and sorts each into "clean" (no longer
# fails), "library" or "ours".
# Usage: tests/fuzz/triage.sh FUZZER ARTIFACT...   Exit code 1 when any artifact is ours.
# An artifact is the library's when the first stack frame outside the sanitizer/libFuzzer runtime and libc
# lies in libhdf5 and, for a heap error, the memory was also allocated inside libhdf5 (a too-small buffer we
# pass to H5Dread would overflow inside libhdf5 too, but its allocation stack names our code). A use after free
# inside libhdf5 is the library's whoever last owned the block: we hand it no buffer it keeps past a call, so
# the dangling pointer is its own (the block may since have been reused and freed by us). Every UBSan
# report, uncaught exception (std::terminate), FUZZ_CHECK and leak LSan still reports is ours (libhdf5 is
# not instrumented, and its own leaks are suppressed in lsan.supp).
set -uo pipefail
fuzzer=$1
shift
ours=0
for artifact in "$@"; do
  if report=$("$fuzzer" -timeout=10 -rss_limit_mb=2048 "$artifact" 2>&1); then
    echo "clean: $artifact: no longer reproduces"
    continue
  fi
  verdict=$(awk '
    function runtime(line) {
      return line ~ / in (__interceptor_|__asan|__sanitizer|__lsan|__ubsan|fuzzer::|LLVMFuzzer|__libc_|__GI_)/ ||
             line ~ / in (malloc|calloc|realloc|free|operator new|raise|abort|_start|main) / ||
             line ~ /sysdeps|libc\.so|memcpy|memmove|memset/
    }
    /runtime error:|terminate called|FUZZ_CHECK failed|LeakSanitizer: detected/ { ours = 1 }
    /ERROR: AddressSanitizer: heap-use-after-free/ { dangling = 1 }
    /^(freed|previously allocated|allocated) by thread/ { section = "alloc"; next }
    /^    #[0-9]+ / {
      if (section == "") section = "crash"
      if (!(section in first) && !runtime($0)) first[section] = ($0 ~ /libhdf5/) ? "lib" : "ours"
    }
    /^$/ { if (section == "crash" && ("crash" in first)) section = "after" }
    END {
      if (ours || first["crash"] != "lib" || (!dangling && "alloc" in first && first["alloc"] != "lib")) print "ours"
      else print "library"
    }' <<<"$report")
  summary=$(grep -m1 -E 'ERROR: |runtime error|terminate called|FUZZ_CHECK|ALARM' <<<"$report" | cut -c1-160)
  echo "$verdict: $artifact: $summary"
  [ "$verdict" = ours ] && ours=1
done
exit $ours
