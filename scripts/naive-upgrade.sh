#!/usr/bin/env bash
# The naive baseline of scripts/bench-apply.sh: the rolling upgrade a careful operator would script with bash and
# curl, one node at a time, polling every operation and every postcondition (no DAG, no parallelism).
#
#   naive-upgrade.sh <endpoints.json> <nodes.txt> <target version> [poll seconds] [max seconds]
#
# nodes.txt: one "NAME NETAREA" per line in upgrade order; the node holding the PWP must be LAST (its PWP is handed
# to the node before it, and zdu.finalize stops its base processes, as in aeupgrade's plan). Per node: CPs to
# standby, wait until no agent uses them, (last node: hand the PWP over, finalize), stop with drain, install, start,
# health UP, activate, wait until its NetArea's agents are home. Binaries are staged first, one node at a time.
# Every poll is bounded (MAX_POLLS per wait) and the whole run by <max seconds>; only 127.0.0.1 is contacted.
# Prints "naive: done <nodes> nodes in <s> s" or "naive: stopped after <n> of <nodes> nodes at <s> s (<why>)";
# exit 0 when done, 2 when the time bound stopped it, 1 on an error.
set -euo pipefail

ENDPOINTS="$1"
NODES_FILE="$2"
TARGET="$3"
POLL="${4:-0.02}"
MAX_SECONDS="${5:-900}"
MAX_POLLS="${MAX_POLLS:-3000}"
AUTH=()
if [[ -n "${AEUPGRADE_TOKEN:-}" ]]; then AUTH=(-H "Authorization: Bearer $AEUPGRADE_TOKEN"); fi

START_NS=$(date +%s%N)
elapsed() { echo $(( ($(date +%s%N) - START_NS) / 1000000 )) | awk '{printf "%.2f", $1 / 1000}'; }
over_time() { (( ($(date +%s%N) - START_NS) / 1000000000 >= MAX_SECONDS )); }

declare -A URL
while read -r name url; do
    case "$url" in http://127.0.0.1:*) URL[$name]="$url" ;; *) echo "naive: $name: not a loopback URL: $url" >&2; exit 1 ;; esac
done < <(jq -r '.nodes | to_entries[] | "\(.key) \(.value)"' "$ENDPOINTS")
mapfile -t ORDER < <(awk '{print $1}' "$NODES_FILE")
declare -A AREA
while read -r name area; do AREA[$name]="$area"; done <"$NODES_FILE"
FIRST="${ORDER[0]}"
DONE=0

stop_for_time() {
    echo "naive: stopped after $DONE of ${#ORDER[@]} nodes at $(elapsed) s (time bound ${MAX_SECONDS} s: $1)"
    exit 2
}

get() { curl -sS --max-time 5 "${AUTH[@]}" "${URL[$1]}$2"; }

# post NODE PATH KEY [JSON]: prints the operation id.
post() {
    local body="${4:-{\}}"
    curl -sS --max-time 5 -X POST "${AUTH[@]}" -H "Idempotency-Key: naive:$3" -H 'Content-Type: application/json' \
        -d "$body" "${URL[$1]}$2" | jq -r '.id // empty'
}

# until_true NODE PATH JQ-FILTER WHAT: polls GET PATH on NODE until the filter is true (bounded).
until_true() {
    local i
    for ((i = 0; i < MAX_POLLS; i++)); do
        if [[ "$(get "$1" "$2" | jq -r "$3" 2>/dev/null)" == "true" ]]; then return 0; fi
        over_time && stop_for_time "waiting for $4"
        sleep "$POLL"
    done
    echo "naive: gave up waiting for $4 after $MAX_POLLS polls" >&2
    exit 1
}

# op NODE PATH KEY [JSON]: POST, then poll the operation until it is no longer running.
op() {
    local id
    id="$(post "$@")"
    [[ -n "$id" ]] || { echo "naive: POST $2 on $1 returned no operation" >&2; exit 1; }
    until_true "$1" "/v1/operations/$id" '.state != "running"' "operation $id ($2 on $1)"
    local state
    state="$(get "$1" "/v1/operations/$id" | jq -r .state)"
    [[ "$state" == "succeeded" ]] || { echo "naive: $2 on $1: operation $state" >&2; exit 1; }
}

# 1. Stage the target binaries, one node at a time.
for node in "${ORDER[@]}"; do
    op "$node" /v1/node/binaries/stage "stage:$node" "{\"version\": \"$TARGET\"}"
    until_true "$node" /v1/node ".stagedVersion == \"$TARGET\"" "$node staged"
done
# 2. Compatibility mode.
op "$FIRST" /v1/system/zdu/prepare prepare "{\"version\": \"$TARGET\"}"
until_true "$FIRST" /v1/system '.zdu.phase == "compatibility"' "compatibility mode"
echo "naive: staged ${#ORDER[@]} nodes and prepared at $(elapsed) s"

# 3. One node after the other.
PREVIOUS=""
LAST="${ORDER[${#ORDER[@]} - 1]}"
for node in "${ORDER[@]}"; do
    op "$node" /v1/node/cps/standby "standby:$node"
    until_true "$node" /v1/node '[.processes[] | select(.kind == "CP") | .cpMode == "standby"] | all' "$node CPs standby"
    until_true "$node" /v1/system \
        "[.netAreas[].connected | keys[] | startswith(\"$node/\")] | any | not" "$node agents failed over"
    if [[ "$node" == "$LAST" ]]; then
        if [[ "$(get "$node" /v1/system | jq -r '.pwp.node')" == "$node" && -n "$PREVIOUS" ]]; then
            op "$node" /v1/node/pwp/handover "handover:$node" "{\"to\": \"$PREVIOUS\"}"
            until_true "$node" /v1/system ".pwp.node == \"$PREVIOUS\"" "PWP on $PREVIOUS"
        fi
        op "$node" /v1/system/zdu/finalize finalize
        until_true "$node" /v1/system '.zdu.phase == "finalized"' "ZDU finalized"
    fi
    op "$node" /v1/node/wps/stop "stop:$node" '{"drain": true}'
    until_true "$node" /v1/node '[.processes[].state == "stopped"] | all' "$node processes stopped"
    op "$node" /v1/node/binaries/install "install:$node" "{\"version\": \"$TARGET\"}"
    until_true "$node" /v1/node ".installedVersion == \"$TARGET\"" "$node installed"
    op "$node" /v1/node/processes/start "start:$node"
    until_true "$node" /v1/node "[.processes[] | .state == \"running\" and .version == \"$TARGET\"] | all" \
        "$node processes running $TARGET"
    until_true "$node" /v1/system '.health == "UP"' "health UP"
    op "$node" /v1/node/cps/activate "activate:$node"
    until_true "$node" /v1/node '[.processes[] | select(.kind == "CP") | .cpMode == "active"] | all' "$node CPs active"
    until_true "$node" /v1/system ".netAreas[] | select(.name == \"${AREA[$node]}\") | .home == .agents" \
        "${AREA[$node]} agents home"
    PREVIOUS="$node"
    DONE=$((DONE + 1))
done
echo "naive: done $DONE nodes in $(elapsed) s"
