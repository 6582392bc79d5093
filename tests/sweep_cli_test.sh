#!/usr/bin/env bash
# The sweep command line (issue 12), end to end, with the built mmcheck:
#  1. three shards run under GNU parallel, merged, equal the unsharded sweep;
#  2. a sweep killed with SIGKILL and resumed equals an uninterrupted one;
#  3. a mix's counterexample replays, and replayed on `after` names the
#     lock that blocks it; run mix refuses bad mixes with exit 2.
# "Equal": the same (mix, variant, verdict, kind, executions, trace) lines
# (elapsed times differ) and the same matrix.
set -euo pipefail
MMCHECK=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
fail() { echo "FAIL: $*" >&2; exit 1; }
# The result lines without their timings, sorted.
strip() { python3 -c '
import json, sys
rows = []
for line in open(sys.argv[1]):
    j = json.loads(line)
    assert j["format"] == "mmcheck-sweep" and j["version"] == 1, line
    j.pop("elapsed_s")
    rows.append(json.dumps(j, sort_keys=True))
print("\n".join(sorted(rows)))' "$1"; }
matrix() { grep -v '^sweep' "$1"; }  # the matrix without its header (timings)

bounds=(--threads 2 --ops-per-thread 1 --mms 2 --ops fault,exit,truncate --variant before --variant after --no-progress)

# 1. shards under GNU parallel
command -v parallel >/dev/null || fail "GNU parallel is not installed (tools/setup.sh installs it)"
set +e
"$MMCHECK" sweep "${bounds[@]}" --json > whole.jsonl; rc=$?
"$MMCHECK" sweep "${bounds[@]}" > whole.txt
set -e
[ "$rc" = 1 ] || fail "the unsharded sweep should find violations on before (exit 1), got $rc"
[ "$(wc -l < whole.jsonl)" -gt 20 ] || fail "the sweep ran too few mixes: $(wc -l < whole.jsonl)"
parallel --will-cite "$MMCHECK" sweep "${bounds[@]}" --json --shard {}/3 '>' shard{}.jsonl ::: 1 2 3 || true
for k in 1 2 3; do [ -s shard$k.jsonl ] || fail "shard $k wrote nothing"; done
set +e
"$MMCHECK" sweep merge shard1.jsonl shard2.jsonl shard3.jsonl --json > merged.jsonl
"$MMCHECK" sweep merge shard1.jsonl shard2.jsonl shard3.jsonl > merged.txt; rc=$?
set -e
[ "$rc" = 1 ] || fail "merge should exit 1 like the sweep, got $rc"
diff <(strip whole.jsonl) <(strip merged.jsonl) || fail "merged shards differ from the unsharded sweep"
diff <(matrix whole.txt) <(grep -v '^sweep merge' merged.txt) || fail "merged matrix differs"
tail -1 whole.txt | grep -Eq '^[0-9]+ mixes, [1-9][0-9]* violations, 0 incomplete$' || fail "closing line: $(tail -1 whole.txt)"

# 2. SIGKILL, then --resume
"$MMCHECK" sweep "${bounds[@]}" --resume journal.jsonl > /dev/null &
pid=$!
for _ in $(seq 1 1000); do
  [ -f journal.jsonl ] && [ "$(wc -l < journal.jsonl)" -ge 5 ] && break
  sleep 0.01
done
kill -9 "$pid" 2>/dev/null || true
wait "$pid" 2>/dev/null || true
before_lines=$(wc -l < journal.jsonl)
total=$(wc -l < whole.jsonl)
[ "$before_lines" -lt "$total" ] || fail "the sweep finished before it could be killed ($before_lines lines)"
printf '{"format": "mmcheck-sweep", "ver' >> journal.jsonl  # a line torn by the kill
set +e
"$MMCHECK" sweep "${bounds[@]}" --resume journal.jsonl > resumed.txt
set -e
grep -q "($before_lines resumed)" resumed.txt || fail "resume did not reuse the $before_lines journal lines: $(head -1 resumed.txt)"
diff <(strip whole.jsonl) <(strip journal.jsonl) || fail "killed + resumed journal differs from an uninterrupted sweep"
diff <(matrix whole.txt) <(matrix resumed.txt) || fail "resumed matrix differs"

# 3. run mix, replay, cross-variant replay, bad input
set +e
"$MMCHECK" run mix --mix 'F=- S=1 / F:fault0 | truncate1' --variant before --trace-out seed.json > run.txt; rc=$?
set -e
[ "$rc" = 1 ] || fail "run mix of the seed race should exit 1, got $rc"
python3 -c 'import json,sys; t=json.load(open("seed.json")); assert t["text"] == "F=- S=1 / F:fault0 | truncate1", t["text"]'
"$MMCHECK" replay seed.json > replay.txt || fail "replay of a mix trace: $(cat replay.txt)"
set +e
"$MMCHECK" replay seed.json --variant after > cross.txt; rc=$?
set -e
[ "$rc" = 1 ] || fail "cross-variant replay should not reproduce"
grep -q "i_mmap_rwsem" cross.txt || fail "cross-variant replay does not name the lock: $(cat cross.txt)"
for bad in "F=- / F:fault9" "nonsense" "F=0 / migrate0"; do
  set +e
  "$MMCHECK" run mix --mix "$bad" --variant after > /dev/null 2> err.txt; rc=$?
  set -e
  [ "$rc" = 2 ] || fail "run mix --mix '$bad' should exit 2, got $rc"
  [ "$(wc -l < err.txt)" = 1 ] || fail "bad mix: expected one sentence on stderr: $(cat err.txt)"
done
set +e
"$MMCHECK" sweep --ops fault,migrate --variant after > /dev/null 2>&1; rc=$?
set -e
[ "$rc" = 2 ] || fail "sweep with migrate on after should exit 2, got $rc"
# every violating mix's trace replays
n=0
for t in $(python3 -c 'import json,sys
for l in open("whole.jsonl"):
    j=json.loads(l)
    if j["trace"]: print(j["trace"])' | sort -u | head -20); do
  "$MMCHECK" replay "$t" > /dev/null || fail "replay $t"
  n=$((n+1))
done
[ "$n" -gt 0 ] || fail "no violating trace to replay"
echo "sweep_cli_test: ok ($total runs; shards, resume from $before_lines lines, $n traces replayed)"
