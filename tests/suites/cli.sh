#!/bin/bash
# cli.sh — the command line as a whole: every command listed by
# `ringwall --help` prints its usage on stdout and exits 0 with --help, and
# rejects an unknown option with exit 2 and `ringwall: ...` on stderr; every
# report can go to a file with -o; an input problem is reported once.
cd "$RINGWALL_ROOT" || exit 1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

ok() { # name, condition status
    if [ "$2" = 0 ]; then echo "ok - $1"; else echo "not ok - $1"; fi
}

"$RINGWALL" --help >"$tmp/help" 2>"$tmp/err"
ok "ringwall --help exits 0" $?
commands=$(sed -n '/^commands:/,/^$/p' "$tmp/help" | awk 'NF > 1 && /^  / {print $1}')
[ "$(echo "$commands" | wc -w)" -ge 7 ]
ok "ringwall --help lists the commands" $?
for c in scan checks explain pss rbac netpol version; do
    echo "$commands" | grep -qx "$c"
    ok "ringwall --help lists $c" $?
done

for c in $commands; do
    [ "$c" = version ] && continue
    "$RINGWALL" "$c" --help >"$tmp/out" 2>"$tmp/err"
    rc=$?
    [ $rc = 0 ] && grep -q "^usage: ringwall $c" "$tmp/out" && [ ! -s "$tmp/err" ]
    ok "$c --help: usage on stdout, exit 0" $?
    "$RINGWALL" "$c" --no-such-option x >"$tmp/out" 2>"$tmp/err"
    rc=$?
    [ $rc = 2 ] && head -1 "$tmp/err" | grep -q "^ringwall: " &&
        grep -q "^usage: ringwall $c" "$tmp/err" && [ ! -s "$tmp/out" ]
    ok "$c --no-such-option: ringwall: on stderr, exit 2" $?
done

"$RINGWALL" no-such-command >"$tmp/out" 2>"$tmp/err"
[ $? = 2 ] && grep -q "^ringwall: unknown command" "$tmp/err"
ok "an unknown command exits 2" $?
"$RINGWALL" version | grep -q "^ringwall "
ok "version prints the version" $?

# -o FILE: the same report as on standard output, and no file after a usage error
rbac=tests/rbac/cluster.yaml
for cmd in "scan examples/" "checks" "pss examples/" "rbac risks $rbac" \
           "rbac who-can get secrets -n kube-system $rbac" "rbac list User:alice $rbac" \
           "rbac paths --to cluster-admin $rbac" "netpol examples/"; do
    set -- $cmd
    name=$1
    shift
    "$RINGWALL" "$name" "$@" >"$tmp/stdout" 2>/dev/null
    want=$?
    rm -f "$tmp/report"
    "$RINGWALL" "$name" "$@" -o "$tmp/report" >"$tmp/out" 2>/dev/null
    got=$?
    [ $got = $want ] && [ ! -s "$tmp/out" ] && cmp -s "$tmp/stdout" "$tmp/report" &&
        [ -s "$tmp/report" ]
    ok "$cmd -o FILE: the report in FILE, exit $want" $?
done
"$RINGWALL" pss -o "$tmp/none" --level nonsense examples/ 2>/dev/null
[ $? = 2 ] && [ ! -e "$tmp/none" ]
ok "pss -o FILE with a usage error writes no file" $?
"$RINGWALL" netpol -o "$tmp/nodir/report" examples/ 2>"$tmp/err"
[ $? = 2 ] && grep -q "^ringwall: $tmp/nodir/report: " "$tmp/err"
ok "netpol -o into a missing directory is an error" $?

# an input problem is reported once, whichever command reads it
for cmd in "rbac risks" "rbac who-can get pods" "scan"; do
    "$RINGWALL" $cmd "$rbac" >/dev/null 2>"$tmp/err"
    [ "$(grep -c 'ServiceAccount subject "nowhere" has no namespace' "$tmp/err")" = 1 ]
    ok "$cmd: a subject without a namespace is warned about once" $?
done
