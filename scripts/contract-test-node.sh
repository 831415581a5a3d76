#!/usr/bin/env bash
# Contract test of aeupgrade-node: schemathesis (PyPI) with spec/node-api.yaml against one aeupgrade-node backed by
# a fake `ucybsmcl` (shell script keeping service states in a file, docs/node.md list format) and fake commands
# (every operation configured, so no 501). Same checks as scripts/contract-test.sh; no 5xx allowed.
# Env: SCRATCH (swift --scratch-path, default .build), SCHEMATHESIS_VERSION (4.32.5), MAX_EXAMPLES (30).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$(dirname "$0")/.."

ensure_schemathesis
swift_products debug aeupgrade-node
make_work

TOKEN="contract-$RANDOM$RANDOM"
PHRASE="phrase-$RANDOM$RANDOM"
echo "$TOKEN" >"$WORK/token"
echo "$PHRASE" >"$WORK/phrase"
mkdir -p "$WORK/root/21.0.5" "$WORK/root/staged"
ln -s 21.0.5 "$WORK/root/current"
printf '%s\n' "AE1B WP1|R" "AE1B WP2|R" "AE1B CP1|R" >"$WORK/sm-state"
cat >"$WORK/ucybsmcl" <<SCRIPT
#!/bin/sh
cmd=""; phr=""; svc=""
while [ \$# -gt 0 ]; do
  case "\$1" in -c) cmd="\$2"; shift 2;; -h|-m) shift 2;; -n) phr="\$2"; shift 2;; -s) svc="\$2"; shift 2;; *) exit 2;; esac
done
[ "\$phr" = "$PHRASE" ] || { echo "wrong phrase" >&2; exit 4; }
case "\$cmd" in
  GET_PROCESS_LIST)
    while IFS='|' read -r name st; do
      if [ "\$st" = R ]; then echo "\"\$name\" R 4242 2026-11-25 20:00"; else echo "\"\$name\" S"; fi
    done < "$WORK/sm-state";;
  START_PROCESS) sed "s/^\$svc|.*/\$svc|R/" "$WORK/sm-state" > "$WORK/sm.tmp" && mv "$WORK/sm.tmp" "$WORK/sm-state";;
  STOP_PROCESS) sed "s/^\$svc|.*/\$svc|S/" "$WORK/sm-state" > "$WORK/sm.tmp" && mv "$WORK/sm.tmp" "$WORK/sm-state";;
  *) exit 2;;
esac
SCRIPT
chmod +x "$WORK/ucybsmcl"
cat >"$WORK/node.yaml" <<YAML
system: PROD
stateDirectory: $WORK/state
tokenFile: $WORK/token
commandTimeout: 10
serviceManager: {ucybsmcl: $WORK/ucybsmcl, host: "127.0.0.1:8871", phraseFile: $WORK/phrase}
commands:
  pwpHandover: [/bin/true]
  binariesStage: [/bin/true]
  binariesInstall: [/bin/true]
  zduPrepare: [/bin/true]
  zduFinalize: [/bin/true]
  zduRollback: [/bin/true]
  agentCounts: [/bin/echo, '[{"name":"NA_DC2","agents":80,"connected":{"AE_1B/CP1":80},"home":80,"disconnected":0}]']
  pwpLocation: [/bin/echo, AE_1B AE_1B/WP1]
nodes:
  - {name: AE_1B, datacenter: DC2, netArea: NA_DC2, port: 0, wpServices: [AE1B WP1, AE1B WP2],
     cpServices: [AE1B CP1], binaries: {root: $WORK/root}}
YAML

start_background "$WORK/endpoints.json" "$WORK/node.log" \
    "$BIN_DIR/aeupgrade-node" --config "$WORK/node.yaml" --endpoints-out "$WORK/endpoints.json"
NODE_URL="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["nodes"]["AE_1B"])' "$WORK/endpoints.json")"
echo "contract-test-node: schemathesis $SCHEMATHESIS_VERSION against aeupgrade-node AE_1B at $NODE_URL"
run_schemathesis "$NODE_URL" "$TOKEN"

if grep -q -e "$PHRASE" -e "$TOKEN" "$WORK/node.log" "$WORK/state/operations.jsonl"; then
    echo "contract-test-node: a secret appeared in the log or the journal"; exit 1
fi
echo "contract-test-node: passed"
