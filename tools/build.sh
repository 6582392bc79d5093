#!/usr/bin/env bash
# Configures and builds into build/ (Release with debug info, Ninja).
# With arguments, builds only those targets (the main job builds `mmcheck`).
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
targets=()
for t in "$@"; do targets+=(--target "$t"); done
cmake --build build --parallel "$(nproc)" "${targets[@]}"
