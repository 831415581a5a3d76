#!/usr/bin/env bash
# Contract test: runs schemathesis (PyPI) with spec/node-api.yaml against one node of aeupgrade-sim on seed-phase1.
# Checks: status codes, content types and response bodies conform to the spec; no 5xx. Bounded to about a minute.
# Env: SCRATCH (swift --scratch-path, default .build), SCHEMATHESIS_VERSION, MAX_EXAMPLES.
set -euo pipefail
cd "$(dirname "$0")/.."

SCHEMATHESIS_VERSION="${SCHEMATHESIS_VERSION:-4.32.5}"
MAX_EXAMPLES="${MAX_EXAMPLES:-30}"
SCRATCH_ARGS=()
if [[ -n "${SCRATCH:-}" ]]; then SCRATCH_ARGS=(--scratch-path "$SCRATCH"); fi

# Run through the interpreter so a pip --user install outside PATH works too.
ST=(python3 -m schemathesis.cli)
if [[ "$("${ST[@]}" --version 2>/dev/null)" != *"$SCHEMATHESIS_VERSION"* ]]; then
    echo "contract-test: installing schemathesis==$SCHEMATHESIS_VERSION from PyPI"
    python3 -m pip install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
fi

BIN_DIR="$(swift build "${SCRATCH_ARGS[@]}" --show-bin-path)"
if [[ ! -x "$BIN_DIR/aeupgrade-sim" ]]; then
    swift build "${SCRATCH_ARGS[@]}" --product aeupgrade-sim
fi

WORK="$(mktemp -d)"
SIM_PID=""
cleanup() {
    if [[ -n "$SIM_PID" ]] && kill -0 "$SIM_PID" 2>/dev/null; then
        kill -TERM "$SIM_PID" 2>/dev/null || true
        wait "$SIM_PID" 2>/dev/null || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

TOKEN="contract-$RANDOM$RANDOM"
"$BIN_DIR/aeupgrade-sim" plans/seed-phase1.yaml --time-scale 1000 --token "$TOKEN" --seed 1 \
    --endpoints-out "$WORK/endpoints.json" >"$WORK/sim.log" 2>&1 &
SIM_PID=$!
for _ in $(seq 1 300); do
    [[ -s "$WORK/endpoints.json" ]] && break
    if ! kill -0 "$SIM_PID" 2>/dev/null; then echo "contract-test: aeupgrade-sim exited:"; cat "$WORK/sim.log"; exit 1; fi
    sleep 0.1
done
[[ -s "$WORK/endpoints.json" ]] || { echo "contract-test: no endpoints file after 30 s"; cat "$WORK/sim.log"; exit 1; }
NODE_URL="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["nodes"]["AE_1B"])' "$WORK/endpoints.json")"
echo "contract-test: schemathesis $SCHEMATHESIS_VERSION against AE_1B at $NODE_URL"

cd "$WORK"
timeout 170 "${ST[@]}" run "$OLDPWD/spec/node-api.yaml" --url "$NODE_URL" \
    -H "Authorization: Bearer $TOKEN" \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,response_headers_conformance,ignored_auth \
    --phases examples,coverage,fuzzing --max-examples "$MAX_EXAMPLES" --seed 1 --generation-database none \
    --request-timeout 5 --no-color
cd "$OLDPWD"

# The simulator stops on SIGTERM with exit 0 and prints the availability report.
kill -TERM "$SIM_PID"
SIM_RC=0
wait "$SIM_PID" || SIM_RC=$?
SIM_PID=""
if [[ "$SIM_RC" -ne 0 ]] || ! grep -q "availability report for PROD" "$WORK/sim.log"; then
    echo "contract-test: aeupgrade-sim did not stop cleanly on SIGTERM (exit $SIM_RC):"; cat "$WORK/sim.log"; exit 1
fi
grep -E "^  (jobs|effects):" "$WORK/sim.log"
echo "contract-test: passed"

# The same contract against aeupgrade-node (issue 6), backed by a fake ucybsmcl and fake commands.
scripts/contract-test-node.sh
