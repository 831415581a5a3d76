#!/usr/bin/env bash
# Speed and memory of load + plan + validate for farms of 2, 100, 1,000 (10 DCs) and 10,000 nodes.
# `make bench` runs `swift build -c release` first; each size runs in its own child process for a clean peak.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN="$(swift build -c release --show-bin-path ${SCRATCH:+--scratch-path "$SCRATCH"})"
if [[ ! -x "$BIN/aeupgrade-bench" ]]; then
    swift build -c release --product aeupgrade-bench ${SCRATCH:+--scratch-path "$SCRATCH"}
fi
echo "aeupgrade bench on $(nproc) cores ($(uname -m)), release build"
"$BIN/aeupgrade-bench" "$@"
