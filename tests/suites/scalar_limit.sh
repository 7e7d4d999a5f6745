#!/bin/bash
# asan: no-leak-check (many one-shot runs; tests/cases, the unit tests and the server suites check leaks)
# scalar_limit.sh — a scalar far over the scalar limit (16 MiB) stops reading
# at that limit, not at the document limit (64 MiB): exit 2, the limit's
# message at the scalar's FILE:LINE:COL, and peak memory well below the
# document limit: at most 48 MiB over the process's own footprint (a scan of
# a small manifest; libyaml doubles its scalar buffer as it grows, so a scalar
# stopped at the 16 MiB limit may occupy twice that; reading to the 64 MiB
# document limit took over 128 MiB), measured with /usr/bin/time — a memory bound, not a
# timing; not under the sanitizer build, whose shadow memory has another scale.
# A scalar under the limit, longer than the JSON front end takes, still loads.
set -u
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
LIMIT=16777216

if ! [ -x /usr/bin/time ]; then
    echo "not ok - scalar limit: /usr/bin/time is missing (apt-get install time)"
    exit 0
fi
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: small}\n' > "$tmp/small.yaml"
/usr/bin/time -f '%M' -o "$tmp/rss" "$RINGWALL" scan "$tmp/small.yaml" > /dev/null 2>&1
MAX_RSS_KB=$(( $(tail -1 "$tmp/rss") + 49152 ))
echo "# the process's own footprint: $(tail -1 "$tmp/rss") KB; bound: $MAX_RSS_KB KB"

# FILE PREFIX BYTES SUFFIX: PREFIX, BYTES times 'a', SUFFIX
write_scalar() {
    { printf '%b' "$2"; head -c "$3" /dev/zero | tr '\0' a; printf '%b' "$4"; } > "$1"
}

yaml_head='apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata:\n  k: '
json_head='{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "big"},\n "data": {"k": "'
write_scalar "$tmp/big.yaml" "$yaml_head" 100000000 '\n'
write_scalar "$tmp/big.json" "$json_head" 100000000 '"}}\n'
# under the document limit: a regular JSON file is mapped whole
write_scalar "$tmp/mid.json" "$json_head" 30000000 '"}}\n'

# NAME WANT_POSITION FILE [pipe]: scan FILE (or pipe it to `scan -`)
check_stop() {
    local name=$1 pos=$2 file=$3 how=${4:-file} shown rc rss
    if [ "$how" = pipe ]; then
        shown='<stdin>'
        cat "$file" | /usr/bin/time -f '%M' -o "$tmp/rss" "$RINGWALL" scan - > /dev/null 2> "$tmp/err"
        rc=${PIPESTATUS[1]}
    else
        shown=$file
        /usr/bin/time -f '%M' -o "$tmp/rss" "$RINGWALL" scan "$file" > /dev/null 2> "$tmp/err"
        rc=$?
    fi
    want="ringwall: $shown:$pos: scalar exceeds the limit of $LIMIT bytes"
    if [ "$rc" -eq 2 ] && grep -qF "$want" "$tmp/err"; then
        echo "ok - scalar limit: $name: exit 2 with the limit at $pos"
    else
        echo "not ok - scalar limit: $name: exit $rc, want 2 and: $want"
        sed 's/^/# /' "$tmp/err"
    fi
    # the sanitizer build's shadow memory says nothing about the bound
    [ -n "${RINGWALL_ASAN:-}" ] && return
    rss=$(tail -1 "$tmp/rss")
    if [ -n "$rss" ] && [ "$rss" -lt "$MAX_RSS_KB" ]; then
        echo "ok - scalar limit: $name: peak RSS ${rss} KB < $MAX_RSS_KB KB"
    else
        echo "not ok - scalar limit: $name: peak RSS ${rss:-?} KB, want < $MAX_RSS_KB KB"
    fi
}

check_stop "100 MB YAML scalar, file" 5:6 "$tmp/big.yaml"
check_stop "100 MB YAML scalar, pipe" 5:6 "$tmp/big.yaml" pipe
check_stop "100 MB JSON string, file" 2:16 "$tmp/big.json"
check_stop "100 MB JSON string, pipe" 2:16 "$tmp/big.json" pipe
check_stop "30 MB JSON string, mapped file" 2:16 "$tmp/mid.json"
check_stop "30 MB JSON string, pipe" 2:16 "$tmp/mid.json" pipe
# starts like JSON, is YAML: not read ahead whole either
write_scalar "$tmp/flow.yaml" '{kind: ConfigMap, data: {k: ' 100000000 '}}\n'
check_stop "100 MB plain scalar in a flow mapping, pipe" 1:29 "$tmp/flow.yaml" pipe

# what the first document's text shows places the scalar (anchor included)
write_scalar "$tmp/anchor.yaml" 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata:\n  k:\n    # note\n    &x ' 20000000 '\n'
check_stop "YAML scalar after a comment, with an anchor" 7:5 "$tmp/anchor.yaml"
write_scalar "$tmp/block.yaml" 'items:\n- |\n  ' 20000000 '\n'
check_stop "YAML block scalar in a sequence" 2:3 "$tmp/block.yaml" pipe

# under the limit, longer than the JSON front end takes (1 MiB): loads
write_scalar "$tmp/ok.json" '{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "ok"}, "data": {"k": "' 3000000 '"}}'
write_scalar "$tmp/ok.yaml" "$yaml_head" 3000000 '\n'
for f in ok.json ok.yaml; do
    for how in file pipe; do
        if [ $how = pipe ]; then
            out=$(cat "$tmp/$f" | "$RINGWALL" scan --format json - 2> "$tmp/err"); rc=$?
        else
            out=$("$RINGWALL" scan --format json "$tmp/$f" 2> "$tmp/err"); rc=$?
        fi
        objects=$(printf '%s' "$out" | python3 -c 'import json,sys; print(json.load(sys.stdin)["summary"]["objects"])' 2>/dev/null)
        if [ "$rc" -eq 0 ] && [ "$objects" = 1 ]; then
            echo "ok - scalar limit: a 3 MB scalar loads ($f, $how)"
        else
            echo "not ok - scalar limit: a 3 MB scalar loads ($f, $how): exit $rc, objects ${objects:-?}"
            sed 's/^/# /' "$tmp/err"
        fi
    done
done
