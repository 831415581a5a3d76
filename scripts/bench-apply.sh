#!/usr/bin/env bash
# Executor benchmark (issue 4, "Speed"), release build, everything on 127.0.0.1:
#  1. a generated farm (default 4 DCs x 50 nodes, maxNodesDownPerDC 25, gate none, autoFinalize) in aeupgrade-sim
#     with fixed scaled durations; `aeupgrade apply` wall time / the plan's critical path (scaled). Target <= 1.05.
#  2. CurlNodeClient GET /v1/node on loopback with keep-alive: median, p90, p99 (target: median < 1 ms).
#  3. `aeupgrade resume` on a 10,000-record journal: time to reconcile-ready (target < 100 ms).
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
DURATIONS=(binariesInstall=60 processesStart=30 agentsReconnect=10 binariesStage=20 operation=20)

swift_products release aeupgrade aeupgrade-sim aeupgrade-bench
# AEUPGRADE_BIN: another aeupgrade binary for the apply run (e.g. a debug build while a release build misbehaves).
AEUPGRADE="${AEUPGRADE_BIN:-$BIN_DIR/aeupgrade}"

make_work
now() { date +%s%N; }
seconds_since() { awk -v a="$1" -v b="$(now)" 'BEGIN {printf "%.3f", (b - a) / 1e9}'; }

# The farm: NODES nodes, node i in DC (i mod DCS); one NetArea per DC falling back to the next DC's.
python3 - "$NODES" "$DCS" "$MAX_DOWN" "$AGENTS" "${DURATIONS[@]}" >"$WORK/farm.yaml" <<'PY'
import sys
nodes, dcs_count, max_down, agents = map(int, sys.argv[1:5])
durations = dict(d.split("=") for d in sys.argv[5:])
dcs = [f"DC{i + 1}" for i in range(dcs_count)]
print("system: BENCHAPPLY\nversions: {base: \"21.0.5\", target: \"24.4.1\"}")
print("datacenters: [" + ", ".join(dcs) + "]\nnetAreas:")
for i, dc in enumerate(dcs):
    print(f"  - {{name: NA_{dc}, datacenter: {dc}, fallback: [NA_{dcs[(i + 1) % len(dcs)]}]}}")
print("nodes:")
for n in range(nodes):
    dc = dcs[n % len(dcs)]
    pwp = ", pwp: true" if n == 0 else ""
    print(f"  - {{name: AE_{n:03d}, datacenter: {dc}, endpoint: http://127.0.0.1:{21000 + n}, wps: 4, cps: 2, "
          f"netArea: NA_{dc}{pwp}}}")
print("agents:")
for dc in dcs:
    print(f"  - {{netArea: NA_{dc}, count: {agents}}}")
print("policy:")
print(f"  maxNodesDownPerDC: {max_down}\n  gateBetweenDCs: none\n  autoFinalize: true\n  onFailure: halt")
print("  durations: {" + ", ".join(f"{k}: {v}s" for k, v in durations.items()) + "}")
PY

"$BIN_DIR/aeupgrade" plan "$WORK/farm.yaml" --format json >"$WORK/plan.json"
# The plan's critical path (its estimates = the simulator's durations), and a stricter one: observe-only steps
# (health.verify) and gates take no time in the simulator, so they count 0.
read -r STEPS CRIT_PLAN CRIT_STRICT < <(python3 - "$WORK/plan.json" <<'PY'
import json, sys
plan = json.load(open(sys.argv[1]))
finish_plan, finish_strict = {}, {}
for step in plan["steps"]:  # plan order is a topological order
    deps = step.get("dependsOn", [])
    est = step["estimateSeconds"]
    strict = 0 if step["kind"] in ("health.verify", "gate") else est
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
# report_figures: "submitted delayed lost duplicates nodes-on-target longest-delay" from the admin report.
report_figures() {
    curl -sS --max-time 10 "$ADMIN/report" | jq -r --arg t "24.4.1" \
        '"\(.jobs.submitted) \(.jobs.delayed) \(.jobs.lost) \(.effects.duplicates // 0) '`
        `'\([.nodes[] | select(.installedVersion == $t)] | length) \(.jobs.longestDelaySeconds // 0)"'
}

echo "bench-apply: $NODES nodes in $DCS DCs, maxNodesDownPerDC $MAX_DOWN, $AGENTS agents per NetArea, $STEPS steps;"
echo "bench-apply: simulated durations ${DURATIONS[*]} (s), --time-scale $TIME_SCALE, --poll-ms $POLL_MS, $(nproc) cores"

# 1 + 2. A fresh farm: the client's per-request cost (idle farm), then aeupgrade apply.
start_sim aeupgrade
NODE_URL="$(jq -r '.nodes | to_entries | sort_by(.key) | .[1].value' "$ENDPOINTS")"
read -r _ _ CURL_MEDIAN CURL_P90 CURL_P99 CURL_MEAN < <(
    "$BIN_DIR/aeupgrade-bench" --curl-url "$NODE_URL" --requests "$REQUESTS")
T0=$(now)
set +e
timeout --signal=TERM --kill-after=10 "$APPLY_MAX_SECONDS" "$AEUPGRADE" apply "$WORK/farm.yaml" \
    --endpoints "$ENDPOINTS" --state-dir "$WORK/state" --time-scale "$TIME_SCALE" --poll-ms "$POLL_MS" \
    --approve-all >"$WORK/apply.log" 2>&1
APPLY_RC=$?
set -e
APPLY_WALL=$(seconds_since "$T0")
read -r A_SUBMITTED A_DELAYED A_LOST A_DUP A_TARGET A_LONGEST < <(report_figures)
stop_sim
if [[ $APPLY_RC -ne 0 ]]; then
    echo "bench-apply: aeupgrade apply exited $APPLY_RC:"; grep -v '^0x\|^r[0-9a-z]* *0x' "$WORK/apply.log" | head -30
fi

# 3. Resume to reconcile-ready on a journal of RECORDS records.
read -r _ _ RESUME_STEPS RESUME_MEDIAN RESUME_MAX RESUME_READ RESUME_READ_MS RESUME_FOLD_MS RESUME_HASH_MS < <(
    "$BIN_DIR/aeupgrade-bench" --resume-records "$RECORDS" --nodes "$NODES" --datacenters "$DCS" --max-down "$MAX_DOWN")

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
    bash scripts/naive-upgrade.sh "$ENDPOINTS" "$WORK/naive-nodes.txt" 24.4.1 "$POLL_S" "$NAIVE_MAX_SECONDS" \
    >"$WORK/naive.log" 2>&1
NAIVE_RC=$?
set -e
NAIVE_WALL=$(seconds_since "$T0")
read -r N_SUBMITTED N_DELAYED N_LOST N_DUP N_TARGET N_LONGEST < <(report_figures)
stop_sim
NAIVE_LINE="$(grep '^naive: \(done\|stopped\)' "$WORK/naive.log" | tail -1 || true)"
NAIVE_DONE="$(sed -n 's/.*stopped after \([0-9]*\) of.*/\1/p' <<<"$NAIVE_LINE")"
NAIVE_STAGED="$(awk '/staged .* prepared at/ {print $(NF-1)}' "$WORK/naive.log")"
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
row("apply wall time", f"{apply_wall:.2f} s")
row("plan critical path (scaled)", f"{crit_s:.2f} s ({crit} simulated s)")
row("  overhead: wall / critical path", f"{apply_wall / crit_s:.3f}", "target <= 1.05")
row("  stricter: wall / critical path without verify/gates", f"{apply_wall / strict_s:.3f} ({strict_s:.2f} s)")
row("CurlNodeClient GET /v1/node, keep-alive ($REQUESTS requests)",
    "median $CURL_MEDIAN ms, p90 $CURL_P90 ms", "target median < 1 ms")
row("  p99 / mean", "$CURL_P99 ms / $CURL_MEAN ms")
row("resume to reconcile-ready, $RECORDS records ($RESUME_READ read)",
    "median $RESUME_MEDIAN ms, max $RESUME_MAX ms", "target < 100 ms")
row("  of which one journal read / one fold / one plan hash", "$RESUME_READ_MS / $RESUME_FOLD_MS / $RESUME_HASH_MS ms")
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
print(f"  $NAIVE_LINE")
PY
