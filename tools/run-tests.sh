#!/usr/bin/env bash
# The whole test suite: setup, build, then every CTest test.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup.sh --tests
tools/build.sh
ctest --test-dir build --output-on-failure --parallel "$(nproc)"
