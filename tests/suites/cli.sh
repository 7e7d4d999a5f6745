#!/bin/bash
# asan: no-leak-check (hundreds of one-shot runs; tests/cases/errors and the unit tests check the error paths for leaks)
# cli.sh — the command line as a whole: every command listed by
# `ringwall --help` prints its usage on stdout and exits 0 with --help, and
# rejects an unknown option with exit 2 and `ringwall: ...` on stderr, and
# lists its exit statuses; every report can go to a file with -o; an input
# problem is reported once; an input without objects (or a scan without
# checks) is an error unless --allow-empty; both names of a format work; a
# write error on standard output and an unreadable input (closed stdin,
# --config DIR, a dangling symbolic link) are errors that say why.
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

# whole-number options take decimal digits in their range, nothing else
# (no sign, no space, no suffix, no overflow): exit 2 naming the option
for bad in -1 +3 " 3" 0 3x 99999999999999999999999; do
    for cmd in "scan -j" "admit serve --threads" "audit serve --queue-batches" \
               "etcd check --timeout"; do
        set -- $cmd
        opt=${!#}
        "$RINGWALL" "$@" "$bad" >"$tmp/out" 2>"$tmp/err"
        rc=$?
        [ $rc = 2 ] && grep -q -- "$opt" "$tmp/err"
        ok "$cmd '$bad': exit 2 naming $opt (exit $rc)" $?
    done
done

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

# every command's --help lists its exit statuses and, where it reads
# manifests, --allow-empty
for c in $commands; do
    [ "$c" = version ] && continue
    "$RINGWALL" "$c" --help 2>/dev/null | grep -q "^Exit status: "
    ok "$c --help lists the exit statuses" $?
done
for c in scan pss rbac netpol; do
    "$RINGWALL" "$c" --help 2>/dev/null | grep -q -- "--allow-empty"
    ok "$c --help lists --allow-empty" $?
done

# nothing to check is an error (exit 2, saying so), unless --allow-empty:
# an empty directory, an empty file, a file of comments, a document
# without apiVersion and kind
mkdir "$tmp/emptydir"
: >"$tmp/empty.yaml"
printf '# rendered nothing\n---\n' >"$tmp/comments.yaml"
printf 'name: not-a-k8s-object\n' >"$tmp/nokind.yaml"
for input in emptydir empty.yaml comments.yaml nokind.yaml; do
    case $input in
    emptydir) why="no manifests (.yaml, .yml, .json) in the input" ;;
    nokind.yaml) why="no Kubernetes objects in the input (1 document without apiVersion and kind" ;;
    *) why="no Kubernetes objects in the input (use --allow-empty to accept)" ;;
    esac
    for cmd in "scan" "pss" "rbac risks" "rbac who-can get secrets" "rbac can-i User:alice get pods" \
               "rbac list User:alice" "rbac paths --to cluster-admin" "netpol"; do
        "$RINGWALL" $cmd "$tmp/$input" >/dev/null 2>"$tmp/err"
        rc=$?
        [ $rc = 2 ] && grep -qF "ringwall: $why" "$tmp/err"
        ok "$cmd on $input: exit 2 and says why (exit $rc)" $?
        "$RINGWALL" $cmd --allow-empty "$tmp/$input" >/dev/null 2>"$tmp/err"
        rc=$?
        want=0
        [ "$cmd" = "rbac can-i User:alice get pods" ] && want=1 # the answer is no
        [ $rc = $want ] && ! grep -q "ringwall: no " "$tmp/err"
        ok "$cmd --allow-empty on $input: exit $want (exit $rc)" $?
    done
done
"$RINGWALL" scan --checks workload/privileged --skip workload/privileged examples/ \
    >/dev/null 2>"$tmp/err"
rc=$?
[ $rc = 2 ] && grep -q "^ringwall: no check selected" "$tmp/err"
ok "scan --checks X --skip X: exit 2, no check selected (exit $rc)" $?

# --target-version takes a Kubernetes release v1.N (or 1.N, a patch ignored)
for v in 1.32 v1.32 v1.32.4; do
    "$RINGWALL" scan --target-version "$v" --fail-on none examples/ >/dev/null 2>"$tmp/err"
    ok "scan --target-version $v is accepted" $?
done
for v in v2.1 v1 1.x latest; do
    "$RINGWALL" scan --target-version "$v" examples/ >/dev/null 2>"$tmp/err"
    rc=$?
    [ $rc = 2 ] && grep -q "invalid --target-version '$v'" "$tmp/err"
    ok "scan --target-version $v: exit 2, invalid (exit $rc)" $?
done
"$RINGWALL" scan --allow-empty --checks workload/privileged --skip workload/privileged \
    examples/deployment.yaml >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc = 0 ] && grep -q "^0 findings" "$tmp/out"
ok "scan --allow-empty --checks X --skip X: exit 0 (exit $rc)" $?

# both names of a format work everywhere: text and txt, markdown and md
same_output() { # name, command A..., --, command B...
    local name=$1 a=() b=()
    shift
    while [ "$1" != -- ]; do a+=("$1"); shift; done
    shift
    b=("$@")
    "$RINGWALL" "${a[@]}" >"$tmp/a" 2>/dev/null
    local ra=$?
    "$RINGWALL" "${b[@]}" >"$tmp/b" 2>/dev/null
    local rb=$?
    [ $ra = $rb ] && [ $ra != 2 ] && [ -s "$tmp/a" ] && cmp -s "$tmp/a" "$tmp/b"
    ok "$name" $?
}
same_output "scan -f txt is scan -f text" scan -f txt examples/ -- scan -f text examples/
same_output "netpol -f text is netpol -f txt" netpol -f text examples/ -- netpol -f txt examples/
same_output "netpol -f markdown is netpol -f md" netpol -f markdown examples/ -- \
    netpol -f md examples/
same_output "pss -f txt is pss -f text" pss -f txt examples/ -- pss -f text examples/
same_output "rbac risks -f txt is -f text" rbac risks -f txt "$rbac" -- rbac risks -f text "$rbac"
same_output "rbac who-can -f txt is -f text" rbac who-can -f txt get pods "$rbac" -- \
    rbac who-can -f text get pods "$rbac"
same_output "checks -f md is checks -f markdown" checks -f md -- checks -f markdown
same_output "checks -f txt is checks -f text" checks -f txt -- checks -f text

# a write error on standard output is an error (exit 2, saying so)
for cmd in "explain workload/privileged" "--help" "version" "checks" "scan --help" \
           "checks --help" "explain --help" "scan examples/" "netpol examples/" \
           "rbac list User:alice $rbac"; do
    "$RINGWALL" $cmd >/dev/full 2>"$tmp/err"
    rc=$?
    [ $rc = 2 ] && grep -q "^ringwall: standard output: No space left on device" "$tmp/err"
    ok "$cmd >/dev/full: exit 2 and a message (exit $rc)" $?
done
"$RINGWALL" checks >&- 2>"$tmp/err"
rc=$?
[ $rc = 2 ] && grep -q "^ringwall: standard output: Bad file descriptor" "$tmp/err"
ok "checks with standard output closed: exit 2 and a message (exit $rc)" $?
"$RINGWALL" checks -o "$tmp/catalog" >&- 2>"$tmp/err"
rc=$?
[ $rc = 0 ] && [ -s "$tmp/catalog" ] && [ ! -s "$tmp/err" ]
ok "checks -o FILE with standard output closed: the catalog in FILE (exit $rc)" $?

# unreadable inputs say why in words
"$RINGWALL" scan - <&- >/dev/null 2>"$tmp/err"
rc=$?
[ $rc = 2 ] && grep -qx "ringwall: cannot read standard input: Bad file descriptor" "$tmp/err"
ok "scan - with standard input closed: exit 2, cannot read standard input (exit $rc)" $?
"$RINGWALL" scan -o "$tmp/stdin-report" - <&- >/dev/null 2>"$tmp/err"
rc=$?
[ $rc = 2 ] && grep -qx "ringwall: cannot read standard input: Bad file descriptor" "$tmp/err"
ok "scan -o FILE - with standard input closed: the report file is not read as input" $?
"$RINGWALL" scan - <"$tmp/emptydir" >/dev/null 2>"$tmp/err"
rc=$?
[ $rc = 2 ] && grep -qx "ringwall: cannot read standard input: Is a directory" "$tmp/err"
ok "scan - with a directory on standard input: exit 2, is a directory (exit $rc)" $?
"$RINGWALL" scan --config "$tmp/emptydir" examples/ >/dev/null 2>"$tmp/err"
rc=$?
[ $rc = 2 ] && grep -qx "ringwall: $tmp/emptydir: is a directory, expected a config file" "$tmp/err"
ok "scan --config DIR: exit 2, is a directory (exit $rc)" $?
ln -s no-such-target.yaml "$tmp/dangling.yaml"
mkdir "$tmp/withlink"
ln -s ../gone.yaml "$tmp/withlink/a.yaml"
for input in dangling.yaml withlink; do
    case $input in
    dangling.yaml) want="ringwall: $tmp/dangling.yaml: dangling symbolic link to no-such-target.yaml" ;;
    withlink) want="ringwall: $tmp/withlink/a.yaml: dangling symbolic link to ../gone.yaml" ;;
    esac
    for cmd in scan netpol "rbac risks"; do
        "$RINGWALL" $cmd "$tmp/$input" >/dev/null 2>"$tmp/err"
        rc=$?
        [ $rc = 2 ] && grep -qxF "$want" "$tmp/err"
        ok "$cmd $input: exit 2, a dangling symbolic link and its target (exit $rc)" $?
    done
done
