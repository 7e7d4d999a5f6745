#!/bin/bash
# docs_fresh.sh — docs/checks.md is what the catalog generates, and the
# catalog's machine-readable forms are well formed.
cd "$RINGWALL_ROOT" || exit 1

tmp=$(mktemp)
if diff -u docs/checks.md <("$RINGWALL" checks --format markdown) >"$tmp" 2>&1; then
    echo "ok - docs/checks.md matches the catalog"
else
    echo "not ok - docs/checks.md is stale: run \`make docs\` and commit it"
    head -40 "$tmp"
fi
rm -f "$tmp"

count=$("$RINGWALL" checks | wc -l)
if "$RINGWALL" checks --format json | python3 -c '
import json, sys
checks = json.load(sys.stdin)["checks"]
assert len(checks) == int(sys.argv[1]), len(checks)
for c in checks:
    assert c["id"].count("/") == 1 and c["title"] and c["rationale"] and c["remediation"], c["id"]
    assert c["severity"] in ("critical", "high", "medium", "low", "info"), c["id"]
ids = [c["id"] for c in checks]
assert len(set(ids)) == len(ids), "duplicate id"
' "$count"; then
    echo "ok - checks --format json lists every check with its fields"
else
    echo "not ok - checks --format json"
fi

if "$RINGWALL" checks --format yaml >/dev/null 2>&1; [ $? -eq 2 ]; then
    echo "ok - checks --format rejects an unknown format with exit 2"
else
    echo "not ok - checks --format yaml should exit 2"
fi
