#!/usr/bin/env bash
# show's readable views (issue 17), on the seed race's golden trace:
#  1. --relevant fits in 40 lines and names the kernel functions that make
#     the race, with their lines; --no-source leaves the sources out;
#  2. the dot export with --relevant renders below 1600x1600 px;
#  3. every golden trace shows with --relevant, as text and as dot;
#  4. --relevant with perfetto is refused with exit 2.
set -euo pipefail
MMCHECK=$1
GOLDEN=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
seed="$GOLDEN/pmd_share_truncate.before.json"

"$MMCHECK" show "$seed" --relevant > "$work/relevant"
lines=$(wc -l < "$work/relevant")
[ "$lines" -le 40 ] || fail "--relevant printed $lines lines"
for f in huge_pmd_share huge_pmd_unshare set_huge_pte_at; do
  grep -Eq "  $f model/[a-z_]+\.cpp:[0-9]+$" "$work/relevant" || fail "no $f with its line: $(cat "$work/relevant")"
done
grep -Eq '^75  !  store pmd0\.entry\[0\] = ' "$work/relevant" || fail "no violating step"
# The fault's ptep, named by the model (note()), beside the step it was taken at.
grep -Eq '^[0-9]+ .*hugetlb_fault model/fault\.cpp:[0-9]+  \[ptep = pmd0\.entry\[0\]\]$' "$work/relevant" ||
  fail "no ptep: $(cat "$work/relevant")"
grep -Eq '^  … [0-9]+ steps of (fault|truncate)' "$work/relevant" || fail "no elided run"
grep -q '^at the violation: .*mmF.pud = ' "$work/relevant" || fail "no object values"
grep -q ', 1 preemption$' "$work/relevant" || fail "header: $(head -1 "$work/relevant")"
full=$("$MMCHECK" show "$seed" | wc -l)
[ "$full" -gt $((lines + 30)) ] || fail "--relevant ($lines lines) hides little of $full"
"$MMCHECK" show "$seed" --relevant --no-source > "$work/bare"
grep -E '^[0-9]' "$work/bare" | grep -q 'model/' && fail "--no-source still names the steps' sources"
[ "$(wc -l < "$work/bare")" -eq "$lines" ] || fail "--no-source changed the steps shown"

command -v dot >/dev/null || fail "graphviz is not installed (tools/setup.sh --tests installs it)"
"$MMCHECK" show "$seed" --relevant --format dot | dot -Tpng -o "$work/seed.png"
python3 - "$work/seed.png" <<'PY'
import struct, sys
head = open(sys.argv[1], 'rb').read(24)
assert head[:8] == b'\x89PNG\r\n\x1a\n', 'not a PNG'
w, h = struct.unpack('>II', head[16:24])
assert w < 1600 and h < 1600, f'{w}x{h} px'
PY

for t in "$GOLDEN"/*.json; do
  "$MMCHECK" show "$t" --relevant > /dev/null || fail "show --relevant $t"
  "$MMCHECK" show "$t" --relevant --format dot | dot -Tsvg > /dev/null || fail "dot --relevant $t"
done

set +e
"$MMCHECK" show "$seed" --relevant --format perfetto > /dev/null 2> "$work/err"
rc=$?
set -e
[ $rc -eq 2 ] && [ "$(wc -l < "$work/err")" -eq 1 ] || fail "perfetto --relevant: exit $rc, $(cat "$work/err")"
echo "show_views: all checks passed"
