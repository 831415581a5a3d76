#!/usr/bin/env bash
# Simulator benchmark: start a 1,000-node farm with 50,000 agents (release build), report its start time and
# memory, and measure GET /v1/node with wrk on loopback. Targets: start < 5 s, >= 5,000 requests/s.
# Env: SCRATCH (swift --scratch-path, default .build), NODES (1000), AGENTS (50000), DURATION (10s), CONNECTIONS (32).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$(dirname "$0")/.."

NODES="${NODES:-1000}"
AGENTS="${AGENTS:-50000}"
DURATION="${DURATION:-10s}"
CONNECTIONS="${CONNECTIONS:-32}"

if ! command -v wrk >/dev/null 2>&1; then
    echo "bench-sim: installing wrk (Debian)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk
fi
swift_products release aeupgrade-sim
make_work

# The farm (scripts/bench-farm.py): NODES nodes over four datacenters, each NetArea falling back to the next; of the
# AGENTS agents, four fifths connect to JCPs and one fifth to CPs, spread evenly over the NetAreas (AGENTS / 5 JCP
# agents per NetArea, and a quarter as many CP agents).
python3 scripts/bench-farm.py BENCH 20000 "$NODES" 4 10 $((AGENTS / 5)) >"$WORK/farm.yaml"

START=$(date +%s.%N)
start_background "$WORK/endpoints.json" "$WORK/sim.log" \
    "$BIN_DIR/aeupgrade-sim" "$WORK/farm.yaml" --endpoints-out "$WORK/endpoints.json"
READY=$(date +%s.%N)
SIM_PID=$CHILD_PID
START_SECONDS=$(python3 -c "print(f'{$READY - $START:.2f}')")
RSS_MB=$(awk '/VmRSS/ {printf "%.0f", $2/1024}' /proc/$SIM_PID/status)
URL="$(python3 -c 'import json,sys; e=json.load(open(sys.argv[1])); n=sorted(e["nodes"]); print(e["nodes"][n[len(n)//2]])' "$WORK/endpoints.json")"

# CPU the idle farm spends simulating (agents, jobs, reconnects) over 3 s of real time.
TICKS=$(getconf CLK_TCK)
cpu() { awk '{print $14 + $15}' "/proc/$SIM_PID/stat"; }
CPU0=$(cpu); sleep 3; CPU1=$(cpu)
IDLE_CPU=$(python3 -c "print(f'{($CPU1 - $CPU0) / $TICKS / 3 * 100:.0f}')")

wrk -t2 -c"$CONNECTIONS" -d"$DURATION" "$URL/v1/node" >"$WORK/wrk.txt"
RPS=$(awk '/Requests\/sec/ {printf "%.0f", $2}' "$WORK/wrk.txt")
wrk -t2 -c8 -d3s -H "Connection: keep-alive" "$URL/v1/system" >"$WORK/wrk-system.txt"
SYSTEM_RPS=$(awk '/Requests\/sec/ {printf "%.0f", $2}' "$WORK/wrk-system.txt")
LATENCY=$(awk '/Latency/ {print $2; exit}' "$WORK/wrk.txt")
ERRORS=$(grep -E "Non-2xx|Socket errors" "$WORK/wrk.txt" || true)
HWM_MB=$(awk '/VmHWM/ {printf "%.0f", $2/1024}' /proc/$SIM_PID/status)
CHECK=$(curl -s "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["admin"])' "$WORK/endpoints.json")/report" \
    | python3 -c 'import json,sys; r=json.load(sys.stdin); print(sum(a["agents"] for a in r["netAreas"]), len(r["nodes"]))')

echo "bench-sim: farm of $NODES nodes, $AGENTS agents (report counts: $CHECK agents/nodes)"
echo "bench-sim: start to all listeners up: ${START_SECONDS} s (target < 5 s)"
echo "bench-sim: memory after start: ${RSS_MB} MiB RSS; peak during wrk: ${HWM_MB} MiB"
echo "bench-sim: idle farm simulating at --time-scale 100: ${IDLE_CPU}% of one core"
echo "bench-sim: GET /v1/node: ${RPS} requests/s, mean latency ${LATENCY} (wrk -t2 -c$CONNECTIONS -d$DURATION; target >= 5000)"
echo "bench-sim: GET /v1/system (aggregates all $AGENTS agents per request): ${SYSTEM_RPS} requests/s (wrk -t2 -c8 -d3s)"
[[ -n "$ERRORS" ]] && echo "bench-sim: wrk: $ERRORS"
exit 0
