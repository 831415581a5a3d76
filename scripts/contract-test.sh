#!/usr/bin/env bash
# Contract test: runs schemathesis (PyPI) with spec/node-api.yaml against one node of aeupgrade-sim on seed-phase1.
# Checks: status codes, content types and response bodies conform to the spec; no 5xx. Bounded to about a minute.
# AE_1B declares every wizard step (simulatedWizard, added to a copy of the topology), so POST /v1/wizard/{step}
# performs them (or refuses them as the wizard would).
# Env: SCRATCH (swift --scratch-path, default .build), SCHEMATHESIS_VERSION (4.32.5), MAX_EXAMPLES (30).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$(dirname "$0")/.."

ensure_schemathesis
swift_products debug aeupgrade-sim
make_work
sed 's/netArea: NA_DC2}$/netArea: NA_DC2, simulatedWizard: [dbload, switch, finalize, rollback]}/' \
    plans/seed-phase1.yaml >"$WORK/topology.yaml"
grep -q simulatedWizard "$WORK/topology.yaml" || { echo "contract-test: could not declare AE_1B's wizard steps"; exit 1; }

TOKEN="contract-$RANDOM$RANDOM"
start_background "$WORK/endpoints.json" "$WORK/sim.log" \
    "$BIN_DIR/aeupgrade-sim" "$WORK/topology.yaml" --time-scale 1000 --token "$TOKEN" --seed 1 \
    --endpoints-out "$WORK/endpoints.json"
SIM_PID=$CHILD_PID
NODE_URL="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["nodes"]["AE_1B"])' "$WORK/endpoints.json")"
echo "contract-test: schemathesis $SCHEMATHESIS_VERSION against AE_1B at $NODE_URL"
run_schemathesis "$NODE_URL" "$TOKEN"

# The simulator stops on SIGTERM with exit 0 and prints the availability report.
SIM_RC=0
stop_background "$SIM_PID" || SIM_RC=$?
if [[ "$SIM_RC" -ne 0 ]] || ! grep -q "availability report for PROD" "$WORK/sim.log"; then
    echo "contract-test: aeupgrade-sim did not stop cleanly on SIGTERM (exit $SIM_RC):"; cat "$WORK/sim.log"; exit 1
fi
grep -E "^  (jobs|effects):" "$WORK/sim.log"
echo "contract-test: passed"

# The same contract against aeupgrade-node, backed by a fake v21+ server (fake ucybsmcl, phase file, fake commands).
scripts/contract-test-node.sh
