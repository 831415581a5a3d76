#!/usr/bin/env bash
# Demo: plan and validate the seed farm's upgrade (phase 2: two nodes per datacenter), save the plan file and
# validate it as it stands. Builds nothing: `make demo` builds first.
# SCRATCH=.build-x uses another scratch path's binary.
set -euo pipefail
cd "$(dirname "$0")/.."

BIN="$(swift build ${SCRATCH:+--scratch-path "$SCRATCH"} --show-bin-path)/aeupgrade"
if [[ ! -x "$BIN" ]]; then
    echo "demo: $BIN is missing; run 'make demo' (or 'swift build') first" >&2
    exit 1
fi
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

if [[ -t 1 ]]; then
    step() { printf '\n\033[1m$ %s\033[0m\n' "$*"; }
else
    step() { printf '\n$ %s\n' "$*"; }
fi

step aeupgrade plan plans/seed-phase2.yaml
"$BIN" plan plans/seed-phase2.yaml

step aeupgrade validate plans/seed-phase2.yaml
"$BIN" validate plans/seed-phase2.yaml

step aeupgrade plan plans/seed-phase2.yaml --format json --out "$WORK/plan.json" '>' /dev/null
"$BIN" plan plans/seed-phase2.yaml --format json --out "$WORK/plan.json" > /dev/null
echo "saved $(wc -c < "$WORK/plan.json") bytes; topology hash $(grep -m1 '"topologyHash"' "$WORK/plan.json" | cut -d'"' -f4)"

step aeupgrade validate "$WORK/plan.json"
"$BIN" validate "$WORK/plan.json"
