#!/usr/bin/env bash
# mmcheck-bench (issue 19): each benchmark in a child of its own, the
# --baseline comparison, the old-format baseline, and bad input.
set -euo pipefail
BENCH=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
fail() { echo "FAIL: $*" >&2; exit 1; }
# Column $3 of the row whose first two fields are $1 $2.
col() { awk -v a="$1" -v b="$2" -v c="$3" '$1 == a && $2 == b { print $c }' out; }

# The in-process figures are the reference: what one child prints.
MMCHECK_BENCH_CHILD=1 "$BENCH" lastzero=5 > child
ref_execs=$(awk '$1 == "lastzero" { print $3 }' child)
ref_events=$(awk '$1 == "lastzero" { print $5 }' child)
[ "$ref_execs" -gt 0 ] && [ "$ref_events" -gt "$ref_execs" ] || fail "child row: $(cat child)"

# 1. this binary against itself as the baseline: same counts, a ratio line.
"$BENCH" --baseline "$BENCH" --rounds 2 lastzero=5 readers=4 > out || fail "exit $?: $(cat out)"
[ "$(col 'lastzero(5)' this 3)" = "$ref_execs" ] || fail "this executions: $(cat out)"
[ "$(col 'lastzero(5)' baseline 3)" = "$ref_execs" ] || fail "baseline executions: $(cat out)"
[ "$(col 'lastzero(5)' this 5)" = "$ref_events" ] || fail "events: $(cat out)"
grep -q '^lastzero(5) *ratio *CPU [0-9.]*x, peak RSS [0-9.]*x of the baseline$' out || fail "ratio: $(cat out)"
grep -q '^readers(4) *ratio' out || fail "readers ratio: $(cat out)"
rss=$(col 'readers(4)' this 8)
awk -v r="$rss" 'BEGIN { exit !(r > 0.5) }' || fail "peak RSS $rss"
grep -q '^2 round(s) per binary' out || fail "rounds line: $(cat out)"

# 2. a baseline in the old layout (no events column; events = events/s * wall)
#    whose execution count differs: exit 1 and the word DIFFER.
cat > old-bench <<'SH'
#!/bin/sh
echo "scenario     N executions  abandoned     events/s      execs/s   wall(s) maxrss(MB)"
echo "lastzero     5          7          0         1000          100     2.000        3.0"
SH
chmod +x old-bench
set +e
"$BENCH" --baseline ./old-bench --rounds 1 lastzero=5 > out
rc=$?
set -e
[ $rc -eq 1 ] || fail "differing counts gave exit $rc"
[ "$(col 'lastzero(5)' baseline 3)" = 7 ] || fail "old-format executions: $(cat out)"
[ "$(col 'lastzero(5)' baseline 5)" = 2000 ] || fail "old-format events: $(cat out)"
grep -q 'the execution counts DIFFER' out || fail "no DIFFER: $(cat out)"

# 3. bad input: exit 2 and one sentence naming it.
expect2() {
  local pattern=$1; shift
  set +e
  "$@" > /dev/null 2> err
  local rc=$?
  set -e
  [ $rc -eq 2 ] || fail "$* gave exit $rc"
  [ "$(wc -l < err)" -eq 1 ] && grep -q -- "$pattern" err || fail "$*: $(cat err)"
}
expect2 'is not an executable file' "$BENCH" --baseline ./nonexistent lastzero=5
expect2 "N in lastzero=abc must be a whole number from 0 to 1000000, got 'abc'" "$BENCH" lastzero=abc
expect2 "unknown scenario 'nosuch'" "$BENCH" nosuch=3
# The scenario's own range, as `mmcheck run` checks it: lastzero(16) would
# need 17 threads, more than the runtime holds (it crashed the child).
expect2 "parameter N=16 of scenario lastzero is out of range; allowed: 1..15" "$BENCH" lastzero=16
expect2 "unknown strategy 'magic'" "$BENCH" --strategy magic lastzero=5
expect2 "got '--frobnicate'" "$BENCH" --frobnicate
printf '#!/bin/sh\nexit 3\n' > failing; chmod +x failing
expect2 'failing exited with 3' "$BENCH" --baseline ./failing lastzero=5
printf '#!/bin/sh\necho hello\n' > garbage; chmod +x garbage
expect2 "has no row for lastzero" "$BENCH" --baseline ./garbage lastzero=5
# 4. --help: the usage on stdout, exit 0, nothing run.
"$BENCH" --help > help 2> err || fail "--help gave exit $?"
head -1 help | grep -q '^usage: mmcheck-bench ' || fail "--help: $(cat help)"
grep -q -- '--baseline PATH' help || fail "--help names no --baseline: $(cat help)"
[ ! -s err ] || fail "--help wrote to stderr: $(cat err)"
echo "bench_cli: all checks passed"
