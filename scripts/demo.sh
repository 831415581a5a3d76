#!/usr/bin/env bash
# make demo: the whole story on the seed phase 2 farm (two nodes per datacenter) in about two minutes.
#
# Starts the simulator (aeupgrade-sim) in the background, shows and validates the plan, applies it (a live
# progress display on a terminal, plain lines otherwise), interrupts the apply half-way with SIGINT (exit 130),
# shows `aeupgrade status`, resumes to the end, prints the availability report (the demo fails if a job was
# lost), writes the HTML report, and stops the simulator. A trap stops every child on any exit.
#
# The interruption is SIGINT after the Nth journal record (DEMO_INTERRUPT_AFTER, default 40 of about 90), not a
# --window/--until: it does not depend on the machine's speed, so it interrupts at the same point every time.
#
# Builds nothing: `make demo` builds first. Environment:
#   SCRATCH=.build-x        use another scratch path's binaries
#   DEMO_SCALE=40           simulated seconds per real second (40: the 47-minute plan takes about 75 s)
#   DEMO_DIR=/tmp/x         where the journal, endpoints, logs and report.html go (default: a new temporary dir)
#   DEMO_INTERRUPT_AFTER=40 journal records before the SIGINT
set -euo pipefail
cd "$(dirname "$0")/.."

BIN_DIR="$(swift build ${SCRATCH:+--scratch-path "$SCRATCH"} --show-bin-path)"
AE="$BIN_DIR/aeupgrade"
SIM_BIN="$BIN_DIR/aeupgrade-sim"
for binary in "$AE" "$SIM_BIN"; do
    if [[ ! -x "$binary" ]]; then
        echo "demo: $binary is missing; run 'make demo' (or 'swift build') first" >&2
        exit 1
    fi
done

SCALE="${DEMO_SCALE:-40}"
INTERRUPT_AFTER="${DEMO_INTERRUPT_AFTER:-40}"
OUT="${DEMO_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/aeupgrade-demo.XXXXXX")}"
TOPOLOGY=plans/seed-phase2.yaml
STATE="$OUT/state"
FARM="$OUT/farm.json"
mkdir -p "$OUT"
rm -rf "$STATE" "$FARM" "$OUT/report.html"

CHILDREN=()
stop_children() {
    local pid
    for pid in ${CHILDREN[@]+"${CHILDREN[@]}"}; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in ${CHILDREN[@]+"${CHILDREN[@]}"}; do wait "$pid" 2>/dev/null || true; done
    CHILDREN=()
}
trap 'status=$?; stop_children; exit $status' EXIT
trap 'exit 130' INT TERM

if [[ -t 1 ]]; then
    step() { printf '\n\033[1m$ %s\033[0m\n' "$*"; }
else
    step() { printf '\n$ %s\n' "$*"; }
fi
fail() { echo "demo: $*" >&2; exit 1; }
records() { if [[ -f "$STATE/PROD.journal.jsonl" ]]; then wc -l < "$STATE/PROD.journal.jsonl"; else echo 0; fi; }
RUN=(--endpoints "$FARM" --state-dir "$STATE" --approve-all --time-scale "$SCALE" --poll-ms 50)

step aeupgrade-sim "$TOPOLOGY" --time-scale "$SCALE" --endpoints-out "$FARM" '&'
"$SIM_BIN" "$TOPOLOGY" --time-scale "$SCALE" --endpoints-out "$FARM" > "$OUT/simulator.log" 2>&1 &
SIM=$!
CHILDREN+=("$SIM")
for _ in $(seq 1 300); do  # at most 30 s for the listeners
    [[ -s "$FARM" ]] && break
    kill -0 "$SIM" 2>/dev/null || fail "the simulator exited: $(cat "$OUT/simulator.log")"
    sleep 0.1
done
[[ -s "$FARM" ]] || fail "the simulator wrote no endpoints file within 30 s"
ADMIN="$(sed -n 's/.*"admin" *: *"\([^"]*\)".*/\1/p' "$FARM")"
[[ -n "$ADMIN" ]] || fail "no admin URL in $FARM"
echo "simulated farm up (admin $ADMIN), $SCALE simulated seconds per second"

step aeupgrade plan "$TOPOLOGY"
"$AE" plan "$TOPOLOGY"

step aeupgrade validate "$TOPOLOGY"
"$AE" validate "$TOPOLOGY"

step aeupgrade apply "$TOPOLOGY" "${RUN[@]}"
"$AE" apply "$TOPOLOGY" "${RUN[@]}" &
APPLY=$!
CHILDREN+=("$APPLY")
while (( $(records) < INTERRUPT_AFTER )) && kill -0 "$APPLY" 2>/dev/null; do sleep 0.05; done
kill -0 "$APPLY" 2>/dev/null || fail "apply ended before journal record $INTERRUPT_AFTER"
echo
echo ">>> Ctrl-C (SIGINT) after $(records) journal records: apply finishes the batch in progress, then stops"
kill -INT "$APPLY"
code=0
wait "$APPLY" || code=$?
CHILDREN=("$SIM")
[[ $code -eq 130 ]] || fail "the interrupted apply exited $code, expected 130"
echo ">>> apply exited 130 (interrupted); the journal says where it stopped"

step aeupgrade status "$TOPOLOGY" --endpoints "$FARM" --state-dir "$STATE"
"$AE" status "$TOPOLOGY" --endpoints "$FARM" --state-dir "$STATE"

step aeupgrade resume "$TOPOLOGY" "${RUN[@]}"
"$AE" resume "$TOPOLOGY" "${RUN[@]}"

step aeupgrade report "$TOPOLOGY" --state-dir "$STATE" --admin "$ADMIN" --time-scale "$SCALE" \
    --html "$OUT/report.html"
"$AE" report "$TOPOLOGY" --state-dir "$STATE" --admin "$ADMIN" --time-scale "$SCALE" --html "$OUT/report.html"
curl -fsS "$ADMIN/report" > "$OUT/availability.json" || fail "cannot read $ADMIN/report"
if command -v python3 > /dev/null; then
    LOST="$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["jobs"]["lost"])' "$OUT/availability.json")"
else
    LOST="$(grep -o '"lost" *: *[0-9]*' "$OUT/availability.json" | head -n 1 | grep -o '[0-9]*$')"
fi
[[ "$LOST" == 0 ]] || fail "$LOST jobs were lost during the upgrade"
echo ">>> zero lost jobs; HTML report: $OUT/report.html"

step kill -INT aeupgrade-sim
kill -INT "$SIM"
wait "$SIM" || fail "the simulator exited with an error"
CHILDREN=()
if pgrep -f -- "--endpoints-out $FARM" > /dev/null; then fail "a simulator of this demo is still running"; fi
echo "simulator stopped; no process of this demo is left. Journal, logs and report in $OUT"
