#!/bin/bash
# scan_clean.sh DIR [MIN_OBJECTS] — TAP lines for a deployment directory:
# `ringwall scan --fail-on medium DIR` passes (nothing above low), and every
# finding above low is suppressed by a ringwall.io/ignore annotation with its
# reason. The scan's text report is printed as comments. Uses $RINGWALL.
dir=$1
min=${2:-1}
tmp=$(mktemp)
"$RINGWALL" scan --fail-on medium "$dir" >"$tmp" 2>&1
rc=$?
sed 's/^/# /' "$tmp"
[ $rc = 0 ] && grep -q " in [0-9]* objects from " "$tmp"
if [ $? = 0 ]; then echo "ok - ringwall scan --fail-on medium $dir: nothing above low"
else echo "not ok - ringwall scan --fail-on medium $dir: nothing above low"; fi
rm -f "$tmp"
"$RINGWALL" scan --format json --fail-on none "$dir" 2>&1 | python3 -c '
import json, sys
r = json.load(sys.stdin)
bad = [f for f in r["findings"] if f["severity"] not in ("low", "info") and
       (not f["suppressed"] or f.get("suppressedBy") != "annotation" or not f.get("suppressionReason"))]
for f in bad:
    print("# %(check)s %(message)s" % f)
sys.exit(1 if bad or r["summary"]["objects"] < int(sys.argv[1]) else 0)' "$min"
if [ $? = 0 ]; then echo "ok - $dir: every finding above low is an annotated ignore with a reason"
else echo "not ok - $dir: every finding above low is an annotated ignore with a reason"; fi
