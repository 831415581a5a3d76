# Shared pieces of the scripts in scripts/. Source it first, before the script changes directory:
#   source "$(dirname "$0")/lib.sh"
# Messages start with the script's name (contract-test, bench-sim, ...). Needs bash 4.4+ (empty arrays under set -u).

SCRIPT_NAME="$(basename "$0" .sh)"

# SCRATCH (env): another swift --scratch-path; SCRATCH_ARGS holds the flag for `swift build`, or nothing.
SCRATCH_ARGS=()
if [[ -n "${SCRATCH:-}" ]]; then SCRATCH_ARGS=(--scratch-path "$SCRATCH"); fi

# swift_products CONFIGURATION PRODUCT...: sets BIN_DIR to the bin path of the debug or release build and builds
# each PRODUCT not yet there.
swift_products() {
    local configuration=(-c "$1") product
    shift
    BIN_DIR="$(swift build "${configuration[@]}" "${SCRATCH_ARGS[@]}" --show-bin-path)"
    for product in "$@"; do
        if [[ ! -x "$BIN_DIR/$product" ]]; then
            swift build "${configuration[@]}" "${SCRATCH_ARGS[@]}" --product "$product"
        fi
    done
}

# The contract tests' schemathesis: SCHEMATHESIS_VERSION (env) the release to use, MAX_EXAMPLES (env) examples per
# operation. ST runs it through the interpreter, so a pip --user install outside PATH works too.
SCHEMATHESIS_VERSION="${SCHEMATHESIS_VERSION:-4.32.5}"
MAX_EXAMPLES="${MAX_EXAMPLES:-30}"
ST=(python3 -m schemathesis.cli)

# ensure_schemathesis: installs schemathesis==$SCHEMATHESIS_VERSION from PyPI unless that version is installed.
ensure_schemathesis() {
    if [[ "$("${ST[@]}" --version 2>/dev/null)" != *"$SCHEMATHESIS_VERSION"* ]]; then
        echo "$SCRIPT_NAME: installing schemathesis==$SCHEMATHESIS_VERSION from PyPI"
        python3 -m pip install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
    fi
}

# run_schemathesis URL TOKEN: every schemathesis check of spec/node-api.yaml against one node, in the examples,
# coverage, fuzzing and stateful phases (the stateful phase follows the spec's links: POST -> GET the operation, and
# the listing under the key used), settings in scripts/schemathesis.toml; bounded to 240 s, run in $WORK so
# schemathesis leaves its files there; $MAX_EXAMPLES examples per operation, seed 1.
run_schemathesis() {
    local spec="$PWD/spec/node-api.yaml" config="$PWD/scripts/schemathesis.toml"
    (
        cd "$WORK"
        timeout 240 "${ST[@]}" --config-file "$config" run "$spec" --url "$1" \
            -H "Authorization: Bearer $2" --checks all \
            --phases examples,coverage,fuzzing,stateful --max-examples "$MAX_EXAMPLES" --seed 1 \
            --generation-database none --request-timeout 5 --no-color
    )
}

# Background processes that cleanup stops.
CHILD_PIDS=()

# make_work: sets WORK to a new temporary directory and traps EXIT, INT and TERM to run cleanup.
make_work() {
    WORK="$(mktemp -d)"
    trap cleanup EXIT INT TERM
}

# cleanup: sends TERM to each background process still running, waits for it, and removes $WORK.
cleanup() {
    local pid
    for pid in "${CHILD_PIDS[@]}"; do
        if kill -0 "$pid" 2>/dev/null; then kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
    done
    rm -rf "$WORK"
}

# start_background ENDPOINTS LOG COMMAND...: starts COMMAND in the background (stdout and stderr to LOG), sets
# CHILD_PID, and waits up to 30 s for it to write the endpoints file ENDPOINTS. Exits 1 with the log when the
# process exits first or the file does not come.
start_background() {
    local endpoints="$1" log="$2" name
    shift 2
    name="$(basename "$1")"
    "$@" >"$log" 2>&1 &
    CHILD_PID=$!
    CHILD_PIDS+=("$CHILD_PID")
    for _ in $(seq 1 3000); do
        [[ -s "$endpoints" ]] && return 0
        if ! kill -0 "$CHILD_PID" 2>/dev/null; then echo "$SCRIPT_NAME: $name exited:"; cat "$log"; exit 1; fi
        sleep 0.01
    done
    echo "$SCRIPT_NAME: no endpoints file after 30 s"
    cat "$log"
    exit 1
}

# stop_background PID: sends TERM to a process started by start_background and waits for it; returns its exit code.
stop_background() {
    local rc=0 pid kept=()
    kill -TERM "$1" 2>/dev/null || true
    wait "$1" 2>/dev/null || rc=$?
    for pid in "${CHILD_PIDS[@]}"; do [[ "$pid" == "$1" ]] || kept+=("$pid"); done
    CHILD_PIDS=("${kept[@]}")
    return "$rc"
}
