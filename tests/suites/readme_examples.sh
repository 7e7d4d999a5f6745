#!/bin/bash
# readme_examples.sh — every `./ringwall` example in README.md runs as
# written: exit 0 or 1 (a finding or a denial), never a usage or input error.
# The examples run in a scratch directory that sees the repository's
# examples/ and tests/, so files they write (-o) stay out of the tree.
root=$RINGWALL_ROOT
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ln -s "$root/examples" "$tmp/examples"
ln -s "$root/tests" "$tmp/tests"
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
if [ $n -ge 15 ]; then
    echo "ok - README has its examples ($n)"
else
    echo "not ok - README examples: only $n found"
fi
