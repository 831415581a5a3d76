#!/usr/bin/env bash
# The naive baseline of scripts/bench-apply.sh: the split ZDU a careful operator would script with bash and curl,
# one node at a time, polling every operation and every postcondition (no DAG, no parallelism, no proof).
#
#   naive-upgrade.sh <endpoints.json> <nodes.txt> <target version> [poll seconds] [max seconds]
#
# nodes.txt: one "NAME NETAREA" per line in upgrade order; the node holding the PWP must be LAST (it stays on its
# base processes until finalize, as aeupgrade's rollback reserve). Stage every node, then the wizard's DB load;
# per node but the last: stop its base CPs/JCPs, wait until no agent uses them and none is disconnected, stop its
# base WPs/JWPs/REST with drain, start its target processes, wait for health UP; after the first node the
# wizard's switch. Then the wizard's finalize (retried while base-started jobs run), and the last node's target
# processes. The wizard steps go to the simulator's admin endpoint (the endpoints file's "admin"), which plays the
# AWI. Every poll is bounded (MAX_POLLS per wait) and the whole run by <max seconds>; only 127.0.0.1 is contacted.
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
ADMIN="$(jq -r .admin "$ENDPOINTS")"
case "$ADMIN" in http://127.0.0.1:*) ;; *) echo "naive: admin: not a loopback URL: $ADMIN" >&2; exit 1 ;; esac
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

# wizard STEP [JSON]: the operator's wizard step, on the simulator's admin endpoint; retried while refused (finalize
# waits for base-started jobs, AE-ZDU-8), bounded by MAX_POLLS.
wizard() {
    local i
    for ((i = 0; i < MAX_POLLS; i++)); do
        if curl -sSf --max-time 5 -X POST -H 'Content-Type: application/json' -d "${2:-{\}}" "$ADMIN/zdu/$1" \
            >/dev/null 2>&1; then return 0; fi
        over_time && stop_for_time "wizard step $1"
        sleep "$POLL"
    done
    echo "naive: the wizard step $1 was refused $MAX_POLLS times" >&2
    exit 1
}

# Filters on GET /v1/node of NODE: its base processes (ids without "@") and target processes (ids with "@").
BASE_PROCS='[.processes[] | select(.id | contains("@") | not)]'
TARGET_PROCS='[.processes[] | select(.id | contains("@"))]'
# agents_moved NODE: no agent on a base CP/JCP of NODE, none disconnected (GET /v1/system).
agents_moved() {
    echo "[.netAreas[] | (.disconnected == 0) and ([.connected | to_entries[] | select((.key | startswith(\"$1/\")) "\
"and (.key | contains(\"@\") | not) and .value > 0)] | length == 0)] | all"
}

# target_up NODE: start the node's target processes and wait until they run and health is UP.
target_up() {
    op "$1" /v1/node/target/start "target:$1" "{\"version\": \"$TARGET\"}"
    until_true "$1" /v1/node "$TARGET_PROCS | length > 0 and all(.[]; .state == \"running\")" "$1 target processes running"
    until_true "$1" /v1/system '.health == "UP"' "health UP"
}

# 1. Stage the target binaries, one node at a time; the DB load.
for node in "${ORDER[@]}"; do
    op "$node" /v1/node/binaries/stage "stage:$node" "{\"version\": \"$TARGET\"}"
    until_true "$node" /v1/node ".stagedVersion == \"$TARGET\"" "$node staged"
done
wizard dbload "{\"version\": \"$TARGET\"}"
until_true "$FIRST" /v1/system '.zdu.phase == "compatibility"' "compatibility mode"
echo "naive: staged ${#ORDER[@]} nodes and loaded the DB at $(elapsed) s"

# 2. One node after the other but the last; the switch after the first.
LAST="${ORDER[${#ORDER[@]} - 1]}"
for node in "${ORDER[@]}"; do
    [[ "$node" == "$LAST" ]] && break
    op "$node" /v1/node/cps/stop "cps:$node"
    until_true "$node" /v1/node "$BASE_PROCS | map(select(.kind == \"CP\" or .kind == \"JCP\")) | all(.[]; .state == \"stopped\")" \
        "$node base CPs/JCPs stopped"
    until_true "$node" /v1/system "$(agents_moved "$node")" "$node agents reconnected"
    op "$node" /v1/node/wps/stop "wps:$node" '{"drain": true}'
    until_true "$node" /v1/node "$BASE_PROCS | all(.[]; .state == \"stopped\")" "$node base processes stopped"
    target_up "$node"
    if [[ "$node" == "$FIRST" ]]; then
        wizard switch
        until_true "$node" /v1/system '.zdu.phase == "switched"' "ZDU switched"
    fi
    DONE=$((DONE + 1))
done

# 3. Finalize (the last node's base processes stop for good), then its target processes.
wizard finalize
until_true "$LAST" /v1/system '.zdu.phase == "finalized"' "ZDU finalized"
until_true "$LAST" /v1/system "$(agents_moved "$LAST")" "$LAST agents reconnected"
target_up "$LAST"
DONE=$((DONE + 1))
echo "naive: done $DONE nodes in $(elapsed) s"
