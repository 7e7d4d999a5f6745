#!/bin/bash
# readme_examples.sh — every `./ringwall` example in README.md runs as
# written: exit 0 or 1 (a finding or a denial), never a usage or input error.
# The examples run in a scratch directory that sees the repository's
# examples/, tests/ and docs/; a file they write there would land in the
# user's checkout, so none may (reports go to /tmp in the examples).
root=$RINGWALL_ROOT
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ln -s "$root/examples" "$tmp/examples"
ln -s "$root/tests" "$tmp/tests"
ln -s "$root/docs" "$tmp/docs"
cd "$tmp" || exit 1

n=0
while IFS= read -r line; do
    shown=$(sed -E "s/[[:space:]]+#.*$//" <<<"$line")   # without the trailing comment
    cmd=${shown//.\/ringwall/\"\$RINGWALL\"}
    n=$((n + 1))
    bash -c "$cmd" >out 2>err
    rc=$?
    if [ $rc -le 1 ] && ! grep -q "^usage:" err; then
        echo "ok - README: $shown"
    else
        echo "not ok - README: $shown (exit $rc)"
        head -5 err
    fi
done < <(awk '/^```sh/ {code = 1; next} /^```/ {code = 0} code && /\.\/ringwall / {print}' \
         "$root/README.md")
left=$(ls -A | grep -v -x -e examples -e tests -e docs -e out -e err)
if [ -z "$left" ]; then
    echo "ok - README examples write no file into the working directory"
else
    echo "not ok - README examples write into the working directory:" $left
fi
# examples/ holds manifests only: scanning it skips no document.
if "$RINGWALL" scan --format json --fail-on none examples/ |
   python3 -c 'import json,sys; s=json.load(sys.stdin)["summary"]; sys.exit(s["skippedDocuments"] != 0)'; then
    echo "ok - scan examples/ reads manifests only"
else
    echo "not ok - scan examples/ skips documents (a non-manifest file in examples/)"
fi
if [ $n -ge 15 ]; then
    echo "ok - README has its examples ($n)"
else
    echo "not ok - README examples: only $n found"
fi
