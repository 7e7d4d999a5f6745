# scan_clean.sh — sourced by the deployment suites: `scan_clean DIR MIN`
# prints two TAP lines: `ringwall scan --fail-on medium DIR` reports nothing
# above low, and every finding above low is suppressed by a
# ringwall.io/ignore annotation with its reason (over at least MIN objects).
# Needs $RINGWALL and a scratch directory $tmp.
scan_clean() {
    local dir=$1 min=$2 rc
    "$RINGWALL" scan --fail-on medium "$dir" >"$tmp/scan" 2>&1
    rc=$?
    sed 's/^/# /' "$tmp/scan"
    [ $rc = 0 ] && grep -q " in [0-9]* objects from " "$tmp/scan"
    ok "ringwall scan --fail-on medium $dir: nothing above low" $?
    "$RINGWALL" scan --format json --fail-on none "$dir" 2>&1 | python3 -c '
import json, sys
r = json.load(sys.stdin)
bad = [f for f in r["findings"] if f["severity"] not in ("low", "info") and
       (not f["suppressed"] or f.get("suppressedBy") != "annotation" or not f.get("suppressionReason"))]
for f in bad:
    print("# %(check)s %(message)s" % f)
sys.exit(1 if bad or r["summary"]["objects"] < int(sys.argv[1]) else 0)' "$min"
    ok "scan: every finding above low is an annotated ignore with a reason" $?
}
