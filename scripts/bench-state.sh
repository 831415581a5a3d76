#!/usr/bin/env bash
# State backend benchmark (issue 12, "Speed"), release build, everything on 127.0.0.1:
#  1. `aeupgrade apply` (and a resume after each wizard step it stops at) on a generated 200-node farm in
#     aeupgrade-sim, once with the file backend and once with the PostgreSQL backend, alternating, PAIRS times,
#     each on a fresh simulator: the runs' wall time (the operator's wizard time left out); ratio PG / file.
#     Target <= 1.05. Three pairs by default: since the apply takes about 9 s, one pair's ratio moved by
#     +-0.07 between runs (1.08 once, 1.008 over three pairs in the next run).
#  2. `resume` to reconcile-ready from a 10,000-record journal in PostgreSQL (aeupgrade-bench --state): lease,
#     read, verify, fold, run record committed. Target < 200 ms.
# PostgreSQL is a throwaway cluster (initdb; as `nobody` under root) on a free loopback port, deleted at the end.
# Env: SCRATCH (swift --scratch-path), NODES (200), DCS (4), MAX_DOWN (25), AGENTS (40), TIME_SCALE (100),
#      POLL_MS (10), PAIRS (3), RECORDS (10000), APPLY_MAX_SECONDS (600), CONFIG (release; debug for a quick look).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$(dirname "$0")/.."

NODES="${NODES:-200}"
DCS="${DCS:-4}"
MAX_DOWN="${MAX_DOWN:-25}"
AGENTS="${AGENTS:-40}"
TIME_SCALE="${TIME_SCALE:-100}"
POLL_MS="${POLL_MS:-10}"
PAIRS="${PAIRS:-3}"
RECORDS="${RECORDS:-10000}"
APPLY_MAX_SECONDS="${APPLY_MAX_SECONDS:-600}"
CONFIG="${CONFIG:-release}"
DURATIONS=(binariesStage=20 processesStart=30 agentsReconnect=10 dbLoad=1 wizardStep=1 operation=20)
TARGET_VERSION=24.4.4

swift_products "$CONFIG" aeupgrade aeupgrade-sim aeupgrade-bench
make_work

# A throwaway PostgreSQL cluster; stopped by the EXIT trap before cleanup removes $WORK.
PG_BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
[[ -x "$PG_BIN/initdb" ]] || { echo "bench-state: no PostgreSQL: run make deps"; exit 1; }
AS_PG=()
if [[ "$(id -u)" -eq 0 ]]; then AS_PG=(runuser -u nobody --); chmod 755 "$WORK"; fi
mkdir -p "$WORK/pg"
[[ "$(id -u)" -eq 0 ]] && chown nobody:nogroup "$WORK/pg"
PG_PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
"${AS_PG[@]}" "$PG_BIN/initdb" -D "$WORK/pg/data" -U aeupgrade -A trust -E UTF8 >/dev/null
"${AS_PG[@]}" "$PG_BIN/pg_ctl" -D "$WORK/pg/data" -l "$WORK/pg/server.log" -w \
    -o "-p $PG_PORT -k $WORK/pg -c listen_addresses=127.0.0.1" start >/dev/null
stop_pg() { "${AS_PG[@]}" "$PG_BIN/pg_ctl" -D "$WORK/pg/data" -m immediate -w stop >/dev/null 2>&1 || true; cleanup; }
trap stop_pg EXIT INT TERM
"${AS_PG[@]}" "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U aeupgrade -d postgres -q -c "CREATE DATABASE aeupgrade"
STATE_URL="postgres://aeupgrade@127.0.0.1:$PG_PORT/aeupgrade"
"$BIN_DIR/aeupgrade" state init "$STATE_URL" >/dev/null

python3 scripts/bench-farm.py BENCHSTATE 22000 "$NODES" "$DCS" "$MAX_DOWN" "$AGENTS" "${DURATIONS[@]}" >"$WORK/farm.yaml"

now() { date +%s%N; }
wizard() {
    local i
    for ((i = 0; i < 600; i++)); do
        curl -sSf --max-time 5 -X POST -H 'Content-Type: application/json' -d "${2:-{\}}" "$ADMIN/zdu/$1" \
            >/dev/null 2>&1 && return 0
        sleep 0.1
    done
    echo "bench-state: the simulator refused the wizard step $1"; return 1
}

# apply_once BACKEND: a fresh simulator, the DB load done ahead, then apply and a resume after each wizard step;
# prints the runs' wall seconds (the wizard steps left out) and the last exit code.
apply_once() {
    local backend="$1" state verb=apply rc=0 wall=0 t0 step
    local args=()
    for d in "${DURATIONS[@]}"; do args+=(--duration "$d"); done
    rm -f "$WORK/sim.json"
    start_background "$WORK/sim.json" "$WORK/sim-$backend.log" "$BIN_DIR/aeupgrade-sim" "$WORK/farm.yaml" \
        --time-scale "$TIME_SCALE" --seed 7 "${args[@]}" --endpoints-out "$WORK/sim.json"
    local sim=$CHILD_PID
    ADMIN="$(jq -r .admin "$WORK/sim.json")"
    wizard dbload "{\"version\": \"$TARGET_VERSION\"}" >&2
    if [[ "$backend" == file ]]; then
        state=(--state-dir "$WORK/state-file-$RANDOM")
    else
        "${AS_PG[@]}" "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U aeupgrade -d aeupgrade -q \
            -c "UPDATE aeupgrade_runs SET archived = now() WHERE archived IS NULL" >&2
        state=(--state "$STATE_URL")
    fi
    for _ in 1 2 3 4; do
        t0=$(now)
        set +e
        timeout --signal=TERM --kill-after=10 "$APPLY_MAX_SECONDS" "$BIN_DIR/aeupgrade" "$verb" "$WORK/farm.yaml" \
            --endpoints "$WORK/sim.json" "${state[@]}" --time-scale "$TIME_SCALE" --poll-ms "$POLL_MS" \
            --approve-all >>"$WORK/apply-$backend.log" 2>&1
        rc=$?
        set -e
        wall=$(awk -v a="$wall" -v t0="$t0" -v t1="$(now)" 'BEGIN {printf "%.3f", a + (t1 - t0) / 1e9}')
        step="$(grep -o 'WIZARD zdu\.[a-z]*' "$WORK/apply-$backend.log" | tail -1 | sed 's/WIZARD zdu\.//')"
        [[ $rc -eq 75 && -n "$step" ]] || break
        wizard "$step" >&2 || break
        verb=resume
    done
    stop_background "$sim" >/dev/null || true
    echo "$wall $rc"
}

echo "bench-state: $NODES nodes in $DCS DCs, maxNodesDownPerDC $MAX_DOWN, --time-scale $TIME_SCALE, $PAIRS pair(s)"
FILE_TOTAL=0
PG_TOTAL=0
for ((pair = 0; pair < PAIRS; pair++)); do
    read -r FILE_WALL FILE_RC < <(apply_once file)
    read -r PG_WALL PG_RC < <(apply_once postgres)
    echo "bench-state: pair $((pair + 1)): file ${FILE_WALL}s (exit $FILE_RC), PostgreSQL ${PG_WALL}s (exit $PG_RC)"
    [[ $FILE_RC -eq 0 && $PG_RC -eq 0 ]] || { tail -20 "$WORK/apply-file.log" "$WORK/apply-postgres.log"; }
    FILE_TOTAL=$(awk -v a="$FILE_TOTAL" -v b="$FILE_WALL" 'BEGIN {print a + b}')
    PG_TOTAL=$(awk -v a="$PG_TOTAL" -v b="$PG_WALL" 'BEGIN {print a + b}')
done

read -r _ _ RESUME_STEPS RESUME_MEDIAN RESUME_MAX RESUME_READ < <(
    "$BIN_DIR/aeupgrade-bench" --resume-records "$RECORDS" --state "$STATE_URL" --nodes "$NODES" \
        --datacenters "$DCS" --max-down "$MAX_DOWN")

python3 - <<PY
file_total, pg_total = $FILE_TOTAL, $PG_TOTAL
ratio = pg_total / file_total if file_total else float("nan")
print()
print("aeupgrade state backend benchmark")
print(f"  {'apply wall time, file backend':<52} {file_total:.2f} s")
print(f"  {'apply wall time, PostgreSQL backend':<52} {pg_total:.2f} s")
print(f"  {'PostgreSQL / file':<52} {ratio:<10.3f} target <= 1.05 {'ok' if ratio <= 1.05 else 'MISSED'}")
median = $RESUME_MEDIAN
print(f"  {'resume from $RECORDS PostgreSQL records, median':<52} {median:.1f} ms (max $RESUME_MAX ms, {$RESUME_READ} read)"
      f"  target < 200 ms {'ok' if median < 200 else 'MISSED'}")
PY
