#!/usr/bin/env bash
# Configures and builds into build/ (Release with debug info, Ninja).
# With arguments, builds only those targets (the main job builds `mmcheck`).
set -euo pipefail
cd "$(dirname "$0")/.."
launcher=()
# ccache, where installed, makes rebuilds in several checkouts cheap; it is
# not needed and setup does not install it.
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "${launcher[@]}" >/dev/null
targets=()
for t in "$@"; do targets+=(--target "$t"); done
cmake --build build --parallel "$(nproc)" "${targets[@]}"
