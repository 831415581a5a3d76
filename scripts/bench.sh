#!/usr/bin/env bash
# Speed and memory of load + plan + validate for farms of 2, 100, 1,000 (10 DCs) and 10,000 nodes.
# `make bench` runs `swift build -c release` first; each size runs in its own child process for a clean peak.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$(dirname "$0")/.."
swift_products release aeupgrade-bench
echo "aeupgrade bench on $(nproc) cores ($(uname -m)), release build"
"$BIN_DIR/aeupgrade-bench" "$@"
