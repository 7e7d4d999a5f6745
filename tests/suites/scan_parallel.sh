#!/bin/bash
# asan: no-leak-check (many one-shot runs; tests/cases, the unit tests and the server suites check leaks)
# scan_parallel.sh — `scan -j N` (files parsed on N threads) gives exactly
# what `scan -j 1` gives: the same report bytes in every format, the same
# messages on standard error in the same order, the same exit status. Over
# every tests/cases input (input errors, Lists, standard input, a FIFO, an
# unreadable path and a directory loop among them) and the conformance
# corpus; the whole of ../shared/conformance in JSON.
set -u
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
CONF="$RINGWALL_ROOT/../shared/conformance"
CASES="$RINGWALL_ROOT/tests/cases"
FORMATS="text json jsonl sarif junit"

# The cases, plus inputs a walk treats apart: a FIFO named on the command
# line (read once, kept open), a missing path and a symbolic-link loop
# (said while walking, in their place among the load errors).
mkdir -p "$tmp/extra/sub"
printf 'apiVersion: v1\nkind: Pod\nmetadata: {name: looped}\nspec: {hostNetwork: true}\n' \
    > "$tmp/extra/sub/p.yaml"
ln -s .. "$tmp/extra/sub/loop"
mkfifo "$tmp/fifo.yaml"
stdin_doc="$CASES/input/stdin.yaml"

# run NAME JOBS FORMAT PATHS...: the report, stderr and exit status in $tmp/NAME.jJOBS.*
# (with the options in the array OPTS too)
OPTS=()
run() {
    local name=$1 jobs=$2 format=$3
    shift 3
    printf 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: through-a-fifo}\n' \
        > "$tmp/fifo.yaml" &
    local writer=$!
    timeout 120 "$RINGWALL" scan -j "$jobs" -v --no-color --fail-on high --format "$format" \
        "${OPTS[@]}" "$@" < "$stdin_doc" > "$tmp/$name.j$jobs.out" 2> "$tmp/$name.j$jobs.err"
    echo $? > "$tmp/$name.j$jobs.rc"
    kill "$writer" 2>/dev/null
    wait "$writer" 2>/dev/null
}

# same NAME FORMAT PATHS...: -j 2 and -j 4 against -j 1
same() {
    local name=$1 format=$2
    shift 2
    run "$name" 1 "$format" "$@"
    local j bad=""
    for j in 2 4; do
        run "$name" "$j" "$format" "$@"
        for part in out err rc; do
            cmp -s "$tmp/$name.j1.$part" "$tmp/$name.j$j.$part" || bad="$bad -j$j:$part"
        done
    done
    local size
    size=$(wc -c < "$tmp/$name.j1.out")
    if [ -z "$bad" ] && [ "$size" -gt 0 ]; then
        echo "ok - scan -j: $name, $format: -j 2 and -j 4 as -j 1 ($size bytes, exit $(cat "$tmp/$name.j1.rc"))"
    else
        echo "not ok - scan -j: $name, $format: differs from -j 1:${bad:- empty report}"
        for j in 2 4; do
            diff "$tmp/$name.j1.err" "$tmp/$name.j$j.err" | head -5
            diff "$tmp/$name.j1.out" "$tmp/$name.j$j.out" | head -5
        done
    fi
}

for format in $FORMATS; do
    same cases "$format" "$CASES" - "$tmp/extra" "$tmp/missing.yaml" "$tmp/fifo.yaml" \
        "$CASES/input"
done

# Findings the checks make on the loading threads go through the same
# configuration: severities filtered out (counted in the summary), exemptions,
# Pod Security levels, trusted registries, target versions, pod locations.
OPTS=(--min-severity medium --pss restricted --trusted-registry registry.example.com
      --target-version v1.22 -c "$RINGWALL_ROOT/tests/data/config/pod-locations.yaml")
for format in json jsonl; do
    same configured "$format" "$CASES" "$CASES/input"
done
OPTS=(-c "$RINGWALL_ROOT/tests/data/config/exemptions.yaml" --skip 'rbac/*')
same exempted json "$CASES"
OPTS=()

# One input alone is loaded on one thread while the calling thread checks
# what came before (and the loading thread the checks too, when the calling
# thread falls behind); the items of a List are handed over with their
# memory, or copied when they share the document's (an item too large to
# copy waits until taken). Lists in JSON and YAML, one
# with a duplicate key in an item, one whose document fails after items
# were handed over, one with an item of over 65536 nodes, standard input.
{
    printf 'apiVersion: v1\nkind: List\nitems:\n'
    for i in 1 2 3; do
        printf -- '- {apiVersion: v1, kind: Pod, metadata: {name: p%d}, spec: {hostPID: true,\n' "$i"
        printf '   containers: [{name: app, image: nginx, securityContext: {privileged: true}}]}}\n'
    done
    printf -- '- {apiVersion: v1, kind: Pod, metadata: {name: broken\n'
} > "$tmp/list-fails.yaml"
python3 -c '
import json, sys
items = [{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p%d" % i},
          "spec": {"hostNetwork": True, "containers": [{"name": "app", "image": "nginx"}]}}
         for i in range(3)]
items.insert(1, {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "big"},
                 "data": {"k%d" % i: "v" for i in range(40000)}})
json.dump({"apiVersion": "v1", "items": items, "kind": "List"}, sys.stdout)
' > "$tmp/list-big-item.json"
# The same with anchors and aliases among the items (their memory stays
# with the document): a large item that defines one waits until taken.
python3 -c '
print("apiVersion: v1\nkind: List\nitems:")
for i in range(200):
    if i == 50:
        print("- {apiVersion: v1, kind: ConfigMap, metadata: &meta {name: big, labels: &l {a: b}}, data: {%s}}"
              % ", ".join("k%d: v" % j for j in range(40000)))
    elif i % 40 == 7:
        print("- {apiVersion: v1, kind: Pod, metadata: {name: p%d, labels: *l}, spec: {hostPID: true}}" % i)
    elif i % 40 == 9:
        print("- &x%d {apiVersion: v1, kind: Pod, metadata: {name: p%d}, spec: {hostNetwork: true}}" % (i, i))
    else:
        print("- {apiVersion: v1, kind: Pod, metadata: {name: p%d}, spec: {hostIPC: true,"
              " containers: [{name: app, image: nginx}]}}" % i)
print("extra: *meta")
' > "$tmp/list-anchors.yaml"
for one in "$CASES/input/list-kubectl.json" "$CASES/input/list-kubectl-yaml.yaml" \
    "$CASES/errors/duplicate-key-list-item.yaml" "$tmp/list-fails.yaml" \
    "$tmp/list-big-item.json" "$tmp/list-anchors.yaml" -; do
    same "alone-$(basename "$one")" json "$one"
done
same alone-list jsonl "$CASES/input/list-kubectl-yaml.yaml"

# A walk that hands each file to the loading threads as it finds it: many
# files, and among them (in the middle of directories) files that fail to
# load, a dangling symbolic link, links to a file and to a directory, a
# directory loop, an empty file, files that are not manifests, and what
# --exclude leaves out.
walk="$tmp/walk"
mkdir -p "$walk/a/deep/er" "$walk/b" "$walk/c"
i=0
for d in "$walk/a" "$walk/b" "$walk/c" "$walk/a/deep" "$walk/a/deep/er"; do
    for n in $(seq 1 40); do
        i=$((i + 1))
        f=$(printf '%s/f%03d.yaml' "$d" "$n")
        {
            printf 'apiVersion: v1\nkind: Pod\nmetadata: {name: p%d, namespace: n%d}\n' "$i" $(( i % 4 ))
            printf 'spec:\n  hostNetwork: %s\n' "$([ $(( i % 2 )) = 0 ] && echo true || echo false)"
            printf '  containers: [{name: c, image: "nginx:1.%d"}]\n' "$i"
            [ $(( i % 5 )) = 0 ] &&
                printf -- '---\napiVersion: v1\nkind: Service\nmetadata: {name: s%d}\nspec: {type: NodePort}\n' "$i"
            [ $(( i % 13 )) = 0 ] && printf -- '---\nkind: [broken\n'
        } > "$f"
    done
done
: > "$walk/b/f020-empty.yaml"
printf 'not: [a manifest\n' > "$walk/b/notes.txt"
ln -s nowhere.yaml "$walk/a/f010-dangling.yaml"
ln -s ../b/f005.yaml "$walk/c/f030-link.yaml"
ln -s ../b "$walk/c/f031-dir-link"
ln -s .. "$walk/a/deep/er/loop"
cp "$CASES/errors/bad-indent.yaml" "$walk/b/f025-bad-indent.yaml"
cp "$CASES/errors/duplicate-key.yaml" "$walk/c/f015-duplicate-key.yaml"
same walk json "$walk"
same walk-and-more text "$walk/c" "$CASES/input" "$walk/a/f010-dangling.yaml" "$walk/b"
OPTS=(--exclude 'f01*' --exclude "$walk/a/deep/*")
same walk-excluded json "$walk"
OPTS=()
# reported NAME STDERR PATTERN...: every pattern is in that stderr (their
# order is checked against -j 1 above)
reported() {
    local name=$1 err=$2 missing=""
    shift 2
    for pattern in "$@"; do
        grep -q -- "$pattern" "$err" || missing="$missing '$pattern'"
    done
    if [ -z "$missing" ]; then
        echo "ok - scan -j: $name reported"
    else
        echo "not ok - scan -j: $name reported: missing$missing"
    fi
}
reported "a walk's messages among the load errors" "$tmp/walk.j2.err" \
    'a/f010-dangling.yaml: dangling symbolic link' 'directory loop' 'b/f025-bad-indent.yaml:'
reported "input errors and walk messages" "$tmp/cases.j4.err" \
    'missing.yaml: No such file' 'directory loop' 'bad-indent.yaml:6:3:'

if [ ! -d "$CONF/corpus" ]; then
    echo "not ok - scan -j: $CONF/corpus is missing"
    exit 0
fi
# Under ASan+UBSan one format of the corpus is enough (each run is slow).
[ -n "${RINGWALL_ASAN:-}" ] && FORMATS=json
for format in $FORMATS; do
    same corpus "$format" "$CONF/corpus"
done
[ -z "${RINGWALL_ASAN:-}" ] && same conformance json "$CONF"
exit 0
