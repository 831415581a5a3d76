#!/usr/bin/env bash
# make demo: the whole story on the seed phase 2 farm (two nodes per datacenter, 24.4.1 -> 24.4.4) in about two
# minutes: the split Zero Downtime Upgrade with its three wizard steps.
#
# Starts the simulator (aeupgrade-sim) in the background, shows and validates the plan, and applies it. The run
# stops (exit 75) at each wizard step (DB load, switch, finalize): aeupgrade never performs them, the operator does,
# in the AWI. The demo plays the operator through the simulator's admin endpoint (POST <admin>/zdu/dbload,
# /zdu/switch, /zdu/finalize) and runs `aeupgrade resume`, which goes on once it observes the result. Half-way the
# first resume is interrupted with SIGINT (exit 130) and `aeupgrade status` shows where the farm stands. At the end
# the demo reads the simulator's availability report and fails unless the farm was never without a PWP, no
# NetArea was ever without a serving CP/JCP, and no job was lost; then it writes the HTML report and stops the
# simulator. A trap stops every child on any exit.
#
# The interruption is SIGINT after the Nth journal record of that resume (DEMO_INTERRUPT_AFTER, default 4: inside
# the first batch), not a --window/--until: it does not depend on the machine's speed.
#
# Builds nothing: `make demo` builds first. Environment:
#   SCRATCH=.build-x        use another scratch path's binaries
#   DEMO_SCALE=40           simulated seconds per real second
#   DEMO_DIR=/tmp/x         where the journal, endpoints, logs and report.html go (default: a new temporary dir)
#   DEMO_INTERRUPT_AFTER=4  journal records of the first resume before the SIGINT
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
INTERRUPT_AFTER="${DEMO_INTERRUPT_AFTER:-4}"
TARGET="$(sed -n 's/^versions:.*target: *"\([^"]*\)".*/\1/p' plans/seed-phase2.yaml)"
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
# No --time-scale: the simulator writes its scale into the endpoints file, and aeupgrade follows it.
RUN=(--endpoints "$FARM" --state-dir "$STATE" --approve-all --poll-ms 50)

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

# The wizard step the last run stopped at, from the journal's last `paused` record (empty when none).
paused_wizard_step() {
    grep '"event":"paused"' "$STATE/PROD.journal.jsonl" | tail -n 1 | grep '"reason":"wizard:' \
        | sed -n 's/.*"step":"\([^"]*\)".*/\1/p'
}

# perform_wizard STEP: what the operator does in the AWI, played through the simulator's admin endpoint. Finalize
# is refused (409) while jobs started on base WPs still run (AE-ZDU-8): the operator waits and tries again.
perform_wizard() {
    local path body='{}' tries
    case "$1" in
        zdu.dbload) path=zdu/dbload; body="{\"version\": \"$TARGET\"}" ;;
        zdu.switch) path=zdu/switch ;;
        zdu.finalize) path=zdu/finalize ;;
        zdu.rollback) path=zdu/rollback ;;
        *) fail "the run stopped at $1, which is not a wizard step" ;;
    esac
    echo
    echo ">>> operator, in the AWI (here: the simulator's admin endpoint): POST $ADMIN/$path $body"
    for tries in $(seq 1 100); do
        if curl -fsS -X POST -H 'Content-Type: application/json' -d "$body" "$ADMIN/$path" > "$OUT/wizard.json" \
            2> "$OUT/wizard.err"; then
            echo ">>> ZDU now: $(cat "$OUT/wizard.json")"
            return 0
        fi
        sleep 0.2  # finalize waits for base-started jobs to end; the simulator's clock runs on meanwhile
    done
    fail "the simulator refused $1 $tries times: $(cat "$OUT/wizard.err")"
}

# expect_wizard_stop CODE: the run must have stopped (exit 75) at a wizard step; prints and sets WIZARD_STEP.
expect_wizard_stop() {
    [[ $1 -eq 75 ]] || fail "the run exited $1, expected 75 (stopped at a wizard step)"
    WIZARD_STEP="$(paused_wizard_step)"
    [[ -n "$WIZARD_STEP" ]] || fail "exit 75 without a wizard step in the journal"
    echo ">>> stopped at wizard step $WIZARD_STEP (exit 75): aeupgrade does not perform it, the operator does"
}

step aeupgrade apply "$TOPOLOGY" "${RUN[@]}"
code=0
"$AE" apply "$TOPOLOGY" "${RUN[@]}" || code=$?
expect_wizard_stop "$code"
[[ "$WIZARD_STEP" == zdu.dbload ]] || fail "the first wizard step was $WIZARD_STEP, expected zdu.dbload"
perform_wizard "$WIZARD_STEP"

BEFORE="$(records)"
step aeupgrade resume "$TOPOLOGY" "${RUN[@]}"
"$AE" resume "$TOPOLOGY" "${RUN[@]}" &
RESUME=$!
CHILDREN+=("$RESUME")
while (( $(records) < BEFORE + INTERRUPT_AFTER )) && kill -0 "$RESUME" 2>/dev/null; do sleep 0.05; done
kill -0 "$RESUME" 2>/dev/null || fail "resume ended before journal record $((BEFORE + INTERRUPT_AFTER))"
echo
echo ">>> Ctrl-C (SIGINT) after $(records) journal records: the run finishes the batch in progress, then stops"
kill -INT "$RESUME"
code=0
wait "$RESUME" || code=$?
CHILDREN=("$SIM")
[[ $code -eq 130 ]] || fail "the interrupted resume exited $code, expected 130"
echo ">>> resume exited 130 (interrupted); the journal says where it stopped"

step aeupgrade status "$TOPOLOGY" --endpoints "$FARM" --state-dir "$STATE"
"$AE" status "$TOPOLOGY" --endpoints "$FARM" --state-dir "$STATE"

for expected in zdu.switch zdu.finalize; do
    step aeupgrade resume "$TOPOLOGY" "${RUN[@]}"
    code=0
    "$AE" resume "$TOPOLOGY" "${RUN[@]}" || code=$?
    expect_wizard_stop "$code"
    [[ "$WIZARD_STEP" == "$expected" ]] || fail "stopped at $WIZARD_STEP, expected $expected"
    perform_wizard "$WIZARD_STEP"
done

step aeupgrade resume "$TOPOLOGY" "${RUN[@]}"
"$AE" resume "$TOPOLOGY" "${RUN[@]}"

step aeupgrade report "$TOPOLOGY" --state-dir "$STATE" --endpoints "$FARM" --admin "$ADMIN" \
    --html "$OUT/report.html"
"$AE" report "$TOPOLOGY" --state-dir "$STATE" --endpoints "$FARM" --admin "$ADMIN" --html "$OUT/report.html"
curl -fsS "$ADMIN/report" > "$OUT/availability.json" || fail "cannot read $ADMIN/report"
# figure NAME: a number of the availability report (jobs.lost, secondsWithoutPWP, secondsAnyNetAreaWithoutCP).
figure() {
    if command -v python3 > /dev/null; then
        python3 -c 'import json, sys
value = json.load(open(sys.argv[1]))
for key in sys.argv[2].split("."): value = value[key]
print(value)' "$OUT/availability.json" "$1"
    else
        grep -o "\"${1##*.}\" *: *[0-9.]*" "$OUT/availability.json" | head -n 1 | grep -o '[0-9.]*$'
    fi
}
LOST="$(figure jobs.lost)"
NO_PWP="$(figure secondsWithoutPWP)"
NO_CP="$(figure secondsAnyNetAreaWithoutCP)"
echo ">>> availability: $LOST jobs lost, ${NO_PWP} s without a PWP, ${NO_CP} s with a NetArea without a serving CP/JCP"
[[ "$LOST" == 0 ]] || fail "$LOST jobs were lost during the upgrade"
[[ "$NO_PWP" =~ ^0(\.0*)?$ ]] || fail "the farm was without a PWP for $NO_PWP simulated seconds"
[[ "$NO_CP" =~ ^0(\.0*)?$ ]] || fail "some NetArea had no serving CP/JCP for $NO_CP simulated seconds"
echo ">>> zero downtime: no lost job, never without a PWP or a serving CP/JCP; HTML report: $OUT/report.html"

step kill -INT aeupgrade-sim
kill -INT "$SIM"
wait "$SIM" || fail "the simulator exited with an error"
CHILDREN=()
if pgrep -f -- "--endpoints-out $FARM" > /dev/null; then fail "a simulator of this demo is still running"; fi
echo "simulator stopped; no process of this demo is left. Journal, logs and report in $OUT"
