#!/usr/bin/env bash
# Runs `scripts/demo.sh` end to end without a terminal (as CI does) at a faster time scale and checks the story:
# exit 0, a stop (exit 75) at each of the three wizard steps and the operator's step through the admin endpoint,
# the interruption (exit 130) and the resume, zero downtime (no lost job, never without a PWP or a serving
# CP/JCP), an HTML report with a timeline, and no process of the demo left behind. Builds nothing (`make test` builds first). SCRATCH=.build-x as for demo.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
DIR="$(mktemp -d "${TMPDIR:-/tmp}/aeupgrade-demo-test.XXXXXX")"
trap 'rm -rf "$DIR"' EXIT
fail() { echo "demo-test: $*" >&2; echo "--- demo output:" >&2; cat "$DIR/out.txt" >&2; exit 1; }

code=0
DEMO_SCALE="${DEMO_SCALE:-200}" DEMO_DIR="$DIR/demo" bash scripts/demo.sh < /dev/null > "$DIR/out.txt" 2>&1 || code=$?
[[ $code -eq 0 ]] || fail "demo.sh exited $code"
for expected in "valid: plan for PROD" \
    "WIZARD zdu.dbload: In the AWI, client 0, System Upgrade wizard: perform step 2" \
    ">>> stopped at wizard step zdu.dbload (exit 75)" "POST http://127.0.0.1:" \
    ">>> resume exited 130" "resuming upgrade of PROD" \
    ">>> stopped at wizard step zdu.switch (exit 75)" ">>> stopped at wizard step zdu.finalize (exit 75)" \
    '"phase":"finalized"' "finished: done" ">>> availability: 0 jobs lost, 0" \
    "time scale ×200, soaks, retry delays and deadlines follow the simulator's clock" \
    "simulated farm, time scale ×200: times of day and durations without a mark are wall clock" \
    ">>> zero downtime" "no process of this demo is left"; do
    grep -qF -- "$expected" "$DIR/out.txt" || fail "the output lacks: $expected"
done
grep -q "<svg" "$DIR/demo/report.html" || fail "report.html has no SVG timeline"
if pgrep -f -- "$DIR/demo/farm.json" > /dev/null; then fail "a process of the demo is still running"; fi
echo "demo-test: ok (the demo ran end to end: three wizard stops, interrupted, resumed, zero downtime, HTML report,"\
    "nothing left)"
