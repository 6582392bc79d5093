#!/usr/bin/env bash
# The main job: set up, build, then run the seed race (c0d0381a) on every
# variant of the model: found on `before`, verified on `patch1` and `after`.
# Exits 0 when every variant ended as the scenario declares.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup.sh
tools/build.sh mmcheck   # only what the main job runs: the tests are not built
mmcheck=build/tools/mmcheck
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# The table, side by side (exit 1 is expected: `before` has the race).
"$mmcheck" run pmd_share_truncate --trace-out mmcheck-out/pmd_share_truncate.json --no-progress || true
echo
# The counterexample replays exactly, and the fix blocks it.
"$mmcheck" replay mmcheck-out/pmd_share_truncate.before.json
"$mmcheck" replay mmcheck-out/pmd_share_truncate.before.json --variant after || true
echo
# Every variant as declared (before: violation; patch1, after: verified with coverage)?
"$mmcheck" run pmd_share_truncate --json --no-progress --trace-out "$out/t.json" >"$out/result.jsonl" || true
if grep -q '"expected":false' "$out/result.jsonl" || ! grep -q '"expected":true' "$out/result.jsonl"; then
  echo "seed race: NOT as expected" >&2
  exit 1
fi
echo "seed race: every variant ended as expected"
