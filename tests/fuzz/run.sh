#!/usr/bin/env bash
# Runs the trace fuzzer for RUNS iterations (inputs of up to 8 KiB: the
# small seeds whole, the larger golden traces cut) from the golden traces and the
# seeds beside this script, in a scratch corpus that is thrown away:
#   tests/fuzz/run.sh build/tests/fuzz/trace_fuzzer 1000000
# Exits non-zero (and libFuzzer prints the input) on a crash, a leak, an
# uncaught exception or an input slower than 10 s.
set -euo pipefail
fuzzer=${1:?usage: run.sh FUZZER RUNS}
runs=${2:?usage: run.sh FUZZER RUNS}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/mmcheck-fuzz-XXXXXX")
trap 'rm -rf "$work"' EXIT
# New inputs go to the first folder only: the sources stay untouched.
"$fuzzer" -runs="$runs" -seed=1 -max_len=8192 -timeout=10 -rss_limit_mb=2048 \
  -dict="$here/trace.dict" -print_final_stats=1 \
  "$work" "$root/traces/golden" "$here/seeds"
