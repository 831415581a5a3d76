#!/usr/bin/env bash
# Executor benchmark (issue 4, "Speed"), release build, everything on 127.0.0.1:
#  1. a generated farm (default 4 DCs x 50 nodes, 24.4.1 -> 24.4.4, maxNodesDownPerDC 25, gate none) in
#     aeupgrade-sim with fixed scaled durations; the DB load done ahead (the operator's wizard step 2), then
#     `aeupgrade apply` and a `resume` after each wizard step it stops at (the bench performs the switch and
#     finalize on the admin endpoint, as the operator would in the AWI). The runs' wall time (the operator's time
#     between them left out) / the plan's critical path (scaled). Target <= 1.05.
#  2. CurlNodeClient GET /v1/node on loopback with keep-alive: median, p90, p99 (target: median < 1 ms).
#  3. `aeupgrade resume` on a 10,000-record journal: time to reconcile-ready (target < 100 ms); then the same
#     including the live reconcile against an in-memory farm of NODES nodes, and its ratio to a journal of a tenth
#     of the records (linear: <= 10).
#  4. scripts/naive-upgrade.sh (bash + curl, one node at a time, polling) against a fresh simulator of the same
#     farm: wall-time ratio naive / aeupgrade and the jobs each run delayed (simulator's GET <admin>/report).
# Env: SCRATCH (swift --scratch-path), NODES (200), DCS (4), MAX_DOWN (25), AGENTS (40 per NetArea),
#      TIME_SCALE (100), POLL_MS (10), REQUESTS (3000), RECORDS (10000), NAIVE_MAX_SECONDS (900; the naive run is
#      stopped there and its full time projected from the nodes it finished), APPLY_MAX_SECONDS (600),
#      AEUPGRADE_BIN (the aeupgrade binary for the apply run; default the release build's).
# Exit 0 with the table even when a figure misses its target; a failed apply or naive run is shown above the table.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$(dirname "$0")/.."

NODES="${NODES:-200}"
DCS="${DCS:-4}"
MAX_DOWN="${MAX_DOWN:-25}"
AGENTS="${AGENTS:-40}"
TIME_SCALE="${TIME_SCALE:-100}"
POLL_MS="${POLL_MS:-10}"
REQUESTS="${REQUESTS:-3000}"
RECORDS="${RECORDS:-10000}"
NAIVE_MAX_SECONDS="${NAIVE_MAX_SECONDS:-900}"
APPLY_MAX_SECONDS="${APPLY_MAX_SECONDS:-600}"
# Simulated seconds; the same values go into the topology's policy.durations (the plan's estimates) and to the
# simulator's --duration flags. operation 20 s covers the 20 s jobs a draining WP waits for (wp.stop's estimate).
# The wizard steps take the operator's time, not the run's: 1 s each in the plan, left out of the strict path.
DURATIONS=(binariesStage=20 processesStart=30 agentsReconnect=10 dbLoad=1 wizardStep=1 operation=20)
TARGET_VERSION=24.4.4

swift_products release aeupgrade aeupgrade-sim aeupgrade-bench
# AEUPGRADE_BIN: another aeupgrade binary for the apply run (e.g. a debug build while a release build misbehaves).
AEUPGRADE="${AEUPGRADE_BIN:-$BIN_DIR/aeupgrade}"

make_work
now() { date +%s%N; }
seconds_since() { awk -v a="$1" -v b="$(now)" 'BEGIN {printf "%.3f", (b - a) / 1e9}'; }

# The farm (scripts/bench-farm.py): NODES nodes over DCS datacenters, JCP and CP agents in each NetArea.
python3 scripts/bench-farm.py BENCHAPPLY 21000 "$NODES" "$DCS" "$MAX_DOWN" "$AGENTS" "${DURATIONS[@]}" >"$WORK/farm.yaml"

"$BIN_DIR/aeupgrade" plan "$WORK/farm.yaml" --format json >"$WORK/plan.json"
# The plan's critical path (its estimates = the simulator's durations), and a stricter one: observe-only steps
# (target.verify), gates and the wizard steps (the operator's time) take no time in the run, so they count 0.
read -r STEPS CRIT_PLAN CRIT_STRICT < <(python3 - "$WORK/plan.json" <<'PY'
import json, sys
plan = json.load(open(sys.argv[1]))
finish_plan, finish_strict = {}, {}
for step in plan["steps"]:  # plan order is a topological order
    deps = step.get("dependsOn", [])
    est = step["estimateSeconds"]
    strict = 0 if step["kind"] in ("target.verify", "gate") or step["kind"].startswith("zdu.") else est
    finish_plan[step["id"]] = max([finish_plan[d] for d in deps], default=0) + est
    finish_strict[step["id"]] = max([finish_strict[d] for d in deps], default=0) + strict
print(len(plan["steps"]), plan["criticalPathSeconds"], max(finish_strict.values()))
PY
)

# start_sim NAME: a fresh simulator of the farm; sets SIM_PID, ENDPOINTS, ADMIN.
start_sim() {
    local args=()
    for d in "${DURATIONS[@]}"; do args+=(--duration "$d"); done
    rm -f "$WORK/$1.json"
    start_background "$WORK/$1.json" "$WORK/sim-$1.log" \
        "$BIN_DIR/aeupgrade-sim" "$WORK/farm.yaml" --time-scale "$TIME_SCALE" --seed 7 "${args[@]}" \
        --endpoints-out "$WORK/$1.json"
    SIM_PID=$CHILD_PID
    ENDPOINTS="$WORK/$1.json"
    ADMIN="$(jq -r .admin "$ENDPOINTS")"
    case "$ADMIN" in http://127.0.0.1:*) ;; *) echo "bench-apply: admin not on loopback: $ADMIN"; exit 1 ;; esac
}
stop_sim() { stop_background "$SIM_PID" || true; }
# report_figures: "submitted delayed lost duplicates nodes-on-target longest-delay seconds-without-PWP
# seconds-without-a-serving-CP/JCP" from the admin report.
report_figures() {
    curl -sS --max-time 10 "$ADMIN/report" | jq -r \
        '"\(.jobs.submitted) \(.jobs.delayed) \(.jobs.lost) \(.effects.duplicates // 0) '`
        `'\([.nodes[] | select(.baseRunning == 0 and .targetRunning == .processes)] | length) '`
        `'\(.jobs.longestDelaySeconds // 0) \(.secondsWithoutPWP) \(.secondsAnyNetAreaWithoutCP // 0)"'
}
# wizard STEP [JSON]: the operator's wizard step on the admin endpoint, retried while refused (finalize waits for
# base-started jobs, AE-ZDU-8), at most 600 times.
wizard() {
    local i
    for ((i = 0; i < 600; i++)); do
        curl -sSf --max-time 5 -X POST -H 'Content-Type: application/json' -d "${2:-{\}}" "$ADMIN/zdu/$1" \
            >/dev/null 2>&1 && return 0
        sleep 0.1
    done
    echo "bench-apply: the simulator refused the wizard step $1"
    return 1
}
# paused_wizard: the wizard step (dbload, switch, finalize) the last run stopped at, from the journal; empty if none.
paused_wizard() {
    grep '"event":"paused"' "$WORK/state/BENCHAPPLY.journal.jsonl" | tail -n 1 | grep '"reason":"wizard:' \
        | sed -n 's/.*"step":"zdu\.\([a-z]*\)".*/\1/p'
}

echo "bench-apply: $NODES nodes in $DCS DCs, maxNodesDownPerDC $MAX_DOWN, $AGENTS agents per NetArea, $STEPS steps;"
echo "bench-apply: simulated durations ${DURATIONS[*]} (s), --time-scale $TIME_SCALE, --poll-ms $POLL_MS, $(nproc) cores"

# 1 + 2. A fresh farm: the client's per-request cost (idle farm), then aeupgrade apply.
start_sim aeupgrade
NODE_URL="$(jq -r '.nodes | to_entries | sort_by(.key) | .[1].value' "$ENDPOINTS")"
read -r _ _ CURL_MEDIAN CURL_P90 CURL_P99 CURL_MEAN < <(
    "$BIN_DIR/aeupgrade-bench" --curl-url "$NODE_URL" --requests "$REQUESTS")
wizard dbload "{\"version\": \"$TARGET_VERSION\"}"
APPLY_WALL=0
VERB=apply
set +e
for _ in 1 2 3 4; do
    T0=$(now)
    timeout --signal=TERM --kill-after=10 "$APPLY_MAX_SECONDS" "$AEUPGRADE" "$VERB" "$WORK/farm.yaml" \
        --endpoints "$ENDPOINTS" --state-dir "$WORK/state" --time-scale "$TIME_SCALE" --poll-ms "$POLL_MS" \
        --approve-all >>"$WORK/apply.log" 2>&1
    APPLY_RC=$?
    APPLY_WALL=$(awk -v a="$APPLY_WALL" -v b="$(seconds_since "$T0")" 'BEGIN {printf "%.3f", a + b}')
    STEP="$(paused_wizard)"
    [[ $APPLY_RC -eq 75 && -n "$STEP" ]] || break
    wizard "$STEP" || break
    VERB=resume
done
set -e
read -r A_SUBMITTED A_DELAYED A_LOST A_DUP A_TARGET A_LONGEST A_NO_PWP A_NO_CP < <(report_figures)
stop_sim
if [[ $APPLY_RC -ne 0 ]]; then
    echo "bench-apply: aeupgrade apply exited $APPLY_RC:"; grep -v '^0x\|^r[0-9a-z]* *0x' "$WORK/apply.log" | head -30
fi

# 3. Resume to reconcile-ready on a journal of RECORDS records.
read -r _ _ RESUME_STEPS RESUME_MEDIAN RESUME_MAX RESUME_READ RESUME_READ_MS RESUME_FOLD_MS RESUME_HASH_MS < <(
    "$BIN_DIR/aeupgrade-bench" --resume-records "$RECORDS" --nodes "$NODES" --datacenters "$DCS" --max-down "$MAX_DOWN")

# 3b. Resume on the same journal including the live reconcile (every node and the system read from an in-memory
# farm, the drift check of every step done, in-doubt postconditions), and on a tenth of it: the ratio shows resume
# linear in the journal (10 would be linear in records alone; less, as fixed costs weigh more on the short one).
read -r _ _ _ RECONCILE_MEDIAN RECONCILE_MAX RECONCILE_TENTH < <(
    "$BIN_DIR/aeupgrade-bench" --reconcile-records "$RECORDS" --nodes "$NODES" --datacenters "$DCS" --max-down "$MAX_DOWN")

# 4. The naive script against a fresh simulator of the same farm. Order: other DCs first, the PWP's DC last with
# the PWP node (AE_000) last of all.
start_sim naive
python3 - "$WORK/plan.json" >"$WORK/naive-nodes.txt" <<'PY'
import json, sys
topology = json.load(open(sys.argv[1]))["topology"]
nodes = topology["nodes"]
pwp = next(n for n in nodes if n.get("pwp"))
rest = [n for n in nodes if n["datacenter"] != pwp["datacenter"]]
home = [n for n in nodes if n["datacenter"] == pwp["datacenter"] and n is not pwp]
for n in rest + home + [pwp]:
    print(n["name"], n["netArea"])
PY
T0=$(now)
set +e
POLL_S=$(awk -v p="$POLL_MS" 'BEGIN {printf "%.3f", p / 1000}')
timeout --signal=TERM --kill-after=10 $((NAIVE_MAX_SECONDS + 30)) \
    bash scripts/naive-upgrade.sh "$ENDPOINTS" "$WORK/naive-nodes.txt" "$TARGET_VERSION" "$POLL_S" "$NAIVE_MAX_SECONDS" \
    >"$WORK/naive.log" 2>&1
NAIVE_RC=$?
set -e
NAIVE_WALL=$(seconds_since "$T0")
read -r N_SUBMITTED N_DELAYED N_LOST N_DUP N_TARGET N_LONGEST N_NO_PWP N_NO_CP < <(report_figures)
stop_sim
NAIVE_LINE="$(grep '^naive: \(done\|stopped\)' "$WORK/naive.log" | tail -1 || true)"
NAIVE_DONE="$(sed -n 's/.*stopped after \([0-9]*\) of.*/\1/p' <<<"$NAIVE_LINE")"
NAIVE_STAGED="$(awk '/staged .* loaded the DB at/ {print $(NF-1)}' "$WORK/naive.log")"
if [[ $NAIVE_RC -ne 0 && $NAIVE_RC -ne 2 ]]; then echo "bench-apply: naive script exited $NAIVE_RC:"; tail -5 "$WORK/naive.log"; fi

python3 - <<PY
apply_wall, crit, strict, scale = $APPLY_WALL, $CRIT_PLAN, $CRIT_STRICT, $TIME_SCALE
naive_wall, naive_rc, nodes, naive_target = $NAIVE_WALL, $NAIVE_RC, $NODES, ${N_TARGET:-0}
crit_s, strict_s = crit / scale, strict / scale
def row(name, value, target=""):
    print(f"  {name:<58} {value:<26} {target}")
print()
print("aeupgrade executor benchmark")
row("apply exit code / nodes on target", f"$APPLY_RC / $A_TARGET of {nodes}  ($AEUPGRADE)")
row("apply wall time (apply + a resume per wizard step)", f"{apply_wall:.2f} s")
row("plan critical path (scaled)", f"{crit_s:.2f} s ({crit} simulated s)")
row("  overhead: wall / critical path", f"{apply_wall / crit_s:.3f}", "target <= 1.05")
row("  stricter: wall / critical path without verify/gates", f"{apply_wall / strict_s:.3f} ({strict_s:.2f} s)")
row("CurlNodeClient GET /v1/node, keep-alive ($REQUESTS requests)",
    "median $CURL_MEDIAN ms, p90 $CURL_P90 ms", "target median < 1 ms")
row("  p99 / mean", "$CURL_P99 ms / $CURL_MEAN ms")
row("resume to reconcile-ready, $RECORDS records ($RESUME_READ read)",
    "median $RESUME_MEDIAN ms, max $RESUME_MAX ms", "target < 100 ms")
row("  of which one journal read / one fold / one plan hash", "$RESUME_READ_MS / $RESUME_FOLD_MS / $RESUME_HASH_MS ms")
row("resume incl. live reconcile, $RECORDS records ($NODES nodes)",
    "median $RECONCILE_MEDIAN ms, max $RECONCILE_MAX ms")
row("  ratio: $RECORDS records / $((RECORDS / 10)) records", f"{$RECONCILE_MEDIAN / max($RECONCILE_TENTH, 0.01):.2f}",
    "target <= 10 (linear)")
if naive_rc == 0:
    row("naive script wall time", f"{naive_wall:.2f} s (all {nodes} nodes)")
    naive_full, label = naive_wall, "measured"
else:
    done, staged = max(1, int("${NAIVE_DONE:-0}" or 0)), float("${NAIVE_STAGED:-0}" or 0)
    naive_full = staged + (naive_wall - staged) / done * nodes
    row("naive script wall time", f"{naive_wall:.2f} s for {done} of {nodes} nodes (time bound)")
    row("  projected for all nodes", f"{naive_full:.0f} s (staging {staged:.1f} s + per node x {nodes})")
    label = "projected"
row(f"ratio naive / aeupgrade ({label})", f"{naive_full / apply_wall:.1f}x")
row("jobs delayed: aeupgrade (submitted, lost, longest s)", "$A_DELAYED ($A_SUBMITTED, $A_LOST, $A_LONGEST)")
row("jobs delayed: naive     (submitted, lost, longest s)", "$N_DELAYED ($N_SUBMITTED, $N_LOST, $N_LONGEST)")
row("duplicate effects: aeupgrade / naive", "$A_DUP / $N_DUP", "must be 0")
row("s without PWP / without a serving CP/JCP: aeupgrade", "$A_NO_PWP / $A_NO_CP", "must be 0 / 0")
row("s without PWP / without a serving CP/JCP: naive", "$N_NO_PWP / $N_NO_CP")
print(f"  $NAIVE_LINE")
PY
