#!/usr/bin/env bash
# Contract test of aeupgrade-node: schemathesis (PyPI) with spec/node-api.yaml against one aeupgrade-node backed by
# a fake v21+ server: a fake `ucybsmcl` (shell script keeping base and target service states in a file, printing
# GET_PROCESS_LIST in the quoted-field form, requiring the phrase and the -p password), a ZDU phase file, fake
# commands (every one configured, so no 501; every wizard step too, so POST /v1/wizard/{step} runs one). Same checks as scripts/contract-test.sh; no 5xx allowed.
# Env: SCRATCH (swift --scratch-path, default .build), SCHEMATHESIS_VERSION (4.32.5), MAX_EXAMPLES (30).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$(dirname "$0")/.."

ensure_schemathesis
swift_products debug aeupgrade-node
make_work

TOKEN="contract-$RANDOM$RANDOM"
PHRASE="phrase-$RANDOM$RANDOM"
PASSWORD="password-$RANDOM$RANDOM"
echo "$TOKEN" >"$WORK/token"
echo "$PHRASE" >"$WORK/phrase"
echo "$PASSWORD" >"$WORK/password"
echo off >"$WORK/zdu-phase"
mkdir -p "$WORK/root/24.4.1"
for kind in WP1 WP2 CP1 JWP1 JCP1 REST1; do echo "AE1B $kind|R"; echo "AE1B-T $kind|S"; done >"$WORK/sm-state"
cat >"$WORK/ucybsmcl" <<SCRIPT
#!/bin/sh
cmd=""; phr=""; pwd=""; svc=""; mode=""
while [ \$# -gt 0 ]; do
  case "\$1" in -c) cmd="\$2"; shift 2;; -h) shift 2;; -m) mode="\$2"; shift 2;; -n) phr="\$2"; shift 2;;
    -p) pwd="\$2"; shift 2;; -s) svc="\$2"; shift 2;; *) exit 2;; esac
done
[ "\$phr" = "$PHRASE" ] && [ "\$pwd" = "$PASSWORD" ] || { echo "wrong phrase or password" >&2; exit 4; }
[ "\$mode" = S ] && { echo "mode S shuts the whole system down" >&2; exit 9; }
case "\$cmd" in
  GET_PROCESS_LIST)
    while IFS='|' read -r name st; do
      if [ "\$st" = R ]; then echo "\"\$name\" \"R\" \"4242\" \"2026-11-25 20:00\" \"00:10\" \"00:00:01\""
      else echo "\"\$name\" \"S\" \"\" \"\" \"\" \"\""; fi
    done < "$WORK/sm-state";;
  START_PROCESS) sed "s/^\$svc|.*/\$svc|R/" "$WORK/sm-state" > "$WORK/sm.tmp" && mv "$WORK/sm.tmp" "$WORK/sm-state";;
  STOP_PROCESS) sed "s/^\$svc|.*/\$svc|S/" "$WORK/sm-state" > "$WORK/sm.tmp" && mv "$WORK/sm.tmp" "$WORK/sm-state";;
  *) exit 2;;
esac
SCRIPT
chmod +x "$WORK/ucybsmcl"
AGENTS='[{"name":"NA_DC2","via":"JCP","agents":70,"connected":{"AE_1B/JCP1":70},"home":70,"disconnected":0},'
AGENTS+='{"name":"NA_DC2","via":"CP","agents":10,"connected":{"AE_1B/CP1":10},"home":10,"disconnected":0}]'
cat >"$WORK/node.yaml" <<YAML
system: PROD
stateDirectory: $WORK/state
tokenFile: $WORK/token
commandTimeout: 10
serviceManager: {ucybsmcl: $WORK/ucybsmcl, host: "127.0.0.1:8871", phraseFile: $WORK/phrase,
                 passwordFile: $WORK/password}
zdu: {phaseCommand: [/bin/cat, $WORK/zdu-phase]}
commands:
  binariesStage: [/bin/mkdir, -p, "$WORK/root/{version}"]
  agentCounts: [/bin/echo, '$AGENTS']
  pwpLocation: [/bin/echo, AE_1A AE_1A/WP1]
nodes:
  - name: AE_1B
    datacenter: DC2
    netArea: NA_DC2
    port: 0
    base: {version: "24.4.1", WP: [AE1B WP1, AE1B WP2], CP: [AE1B CP1], JWP: [AE1B JWP1], JCP: [AE1B JCP1],
           REST: [AE1B REST1]}
    target: {WP: [AE1B-T WP1, AE1B-T WP2], CP: [AE1B-T CP1], JWP: [AE1B-T JWP1], JCP: [AE1B-T JCP1],
             REST: [AE1B-T REST1]}
    health: {url: "http://127.0.0.1:9", client: "0", timeout: 2}   # unreachable: reported DOWN, never UP
    binaries: {root: $WORK/root}
    wizard:   # the site's automation, faked: exits 0 and changes nothing (the client observes, POST /v1/wizard/*)
      dbload: [/bin/echo, "{node}", "{version}"]
      switch: [/bin/echo, "{node}"]
      finalize: [/bin/echo, "{node}"]
      rollback: [/bin/echo, "{node}"]
YAML

start_background "$WORK/endpoints.json" "$WORK/node.log" \
    "$BIN_DIR/aeupgrade-node" --config "$WORK/node.yaml" --endpoints-out "$WORK/endpoints.json"
NODE_URL="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["nodes"]["AE_1B"])' "$WORK/endpoints.json")"
echo "contract-test-node: schemathesis $SCHEMATHESIS_VERSION against aeupgrade-node AE_1B at $NODE_URL"
run_schemathesis "$NODE_URL" "$TOKEN"

if grep -q -e "$PHRASE" -e "$PASSWORD" -e "$TOKEN" "$WORK/node.log" "$WORK/state/operations.jsonl"; then
    echo "contract-test-node: a secret appeared in the log or the journal"; exit 1
fi
echo "contract-test-node: passed"
