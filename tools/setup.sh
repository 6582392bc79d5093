#!/usr/bin/env bash
# Installs what mmcheck needs to build, and with --tests what the test suite
# needs too, from Debian 12 packages only, if anything is missing. Safe to
# run again.
set -euo pipefail

packages=(
  g++ cmake ninja-build          # the build
  libboost-context-dev           # fibers
  nlohmann-json3-dev             # every JSON read and write
  libcli11-dev                   # the command line
  googletest libgtest-dev        # unit tests (CMake configures them with the build)
)
if [ "${1:-}" = "--tests" ]; then
  packages+=(
    python3 python3-jsonschema   # tests validate traces against traces/schema.json
    clang-14 libclang-rt-14-dev  # the libFuzzer build of the trace reader (tests/fuzz)
    parallel                     # tests run sweep shards under GNU parallel (issue 12)
    graphviz                     # tests render show --format dot with dot -Tpng (issue 17)
  )
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "setup: installing ${missing[*]}" >&2
as_root=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "setup: need root (or sudo) to apt-get install ${missing[*]}" >&2; exit 1; }
  as_root=(sudo)
fi
"${as_root[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
