#!/bin/bash
# corpus.sh — every manifest of ../shared/conformance/corpus (real install
# manifests: kube-prometheus, cert-manager, Istio, Knative, KServe, Spark
# Operator) loads without an input error. Prints the file count.
set -u
CORPUS="$RINGWALL_ROOT/../shared/conformance/corpus"
if [ ! -d "$CORPUS" ]; then
    echo "not ok - corpus: $CORPUS is missing"
    exit 0
fi
files=0
failed=0
# Under ASan+UBSan the whole corpus is read once (below), not file by file.
[ -n "${RINGWALL_ASAN:-}" ] && echo "# ASan pass: the corpus in one run, not file by file"
while [ -z "${RINGWALL_ASAN:-}" ] && IFS= read -r -d '' f; do
    files=$((files + 1))
    err=$("$RINGWALL" scan --format json --fail-on none "$f" 2>&1 >/dev/null)
    rc=$?
    if [ $rc -ne 0 ] || [ -n "$err" ]; then
        failed=$((failed + 1))
        echo "not ok - corpus: ${f#"$CORPUS"/} (exit $rc)"
        echo "$err" | head -5
    fi
done < <(find "$CORPUS" -type f \( -name '*.yaml' -o -name '*.yml' -o -name '*.json' \) -print0 | sort -z)
if [ -z "${RINGWALL_ASAN:-}" ]; then
    echo "# $files corpus files, $failed with input errors"
    [ "$files" -gt 100 ] && echo "ok - corpus: $files files found" || echo "not ok - corpus: only $files files found"
    [ "$failed" -eq 0 ] && echo "ok - corpus: every file parses"
else
    files=$(find "$CORPUS" -type f \( -name '*.yaml' -o -name '*.yml' -o -name '*.json' \) | wc -l)
fi

# The `- =` sequence item (a plain "=" scalar) of kube-prometheus'
# AlertmanagerConfig CRD must be read as the string "=".
crd=$(grep -rl -- '- =$' "$CORPUS" | head -1)
if [ -n "$crd" ] && out=$("$RINGWALL" scan --format json --fail-on none "$crd" 2>&1) &&
   echo "$out" | grep -q '"inputErrors":0'; then
    echo "ok - corpus: the '- =' scalar parses"
else
    echo "not ok - corpus: the '- =' scalar (${crd:-no file holds it})"
fi

# The whole corpus in one run: one object per document or List item.
summary=$("$RINGWALL" scan --format json --fail-on none "$CORPUS" 2>/dev/null |
          python3 -c 'import json,sys; s=json.load(sys.stdin)["summary"]; print(s["files"], s["objects"], s["inputErrors"])')
read -r nfiles nobjects nerrors <<<"$summary"
echo "# one run: $nfiles files, $nobjects objects, $nerrors input errors"
if [ "$nfiles" = "$files" ] && [ "$nerrors" = 0 ] && [ "$nobjects" -gt 500 ]; then
    echo "ok - corpus: whole directory in one run"
else
    echo "not ok - corpus: whole directory in one run ($summary)"
fi

# Real install manifests hold no field of the wrong type: input/invalid-field
# stays silent on all of them (no false positives).
invalid=$("$RINGWALL" scan --format json --fail-on none --checks 'input/invalid-field' "$CORPUS" 2>/dev/null |
          python3 -c 'import json,sys; r=json.load(sys.stdin); print(r["summary"]["objects"], len(r["findings"])); [print("#", f["file"], f["line"], f["message"]) for f in r["findings"][:10]]')
read -r checked found <<<"$(head -1 <<<"$invalid")"
if [ "${checked:-0}" -gt 500 ] && [ "$found" = 0 ]; then
    echo "ok - corpus: no input/invalid-field finding in $checked objects"
else
    echo "not ok - corpus: input/invalid-field on the corpus (objects findings: $invalid)"
fi

# The credential heuristics (names such as *_PWD or SIGNING_KEY, JWTs,
# connection strings, tokens) find no literal credential in real install
# manifests: environment variables such as PWD, key file paths and URLs
# without a password stay silent (no false positives).
creds=$("$RINGWALL" scan --format json --fail-on none \
            --checks 'workload/secret-in-env,configmap/credentials' "$CORPUS" 2>/dev/null |
        python3 -c 'import json,sys; r=json.load(sys.stdin); print(len(r["findings"])); [print("#", f["file"], f["line"], f["message"]) for f in r["findings"][:10]]')
if [ "$(head -1 <<<"$creds")" = 0 ]; then
    echo "ok - corpus: no credential finding"
else
    echo "not ok - corpus: credential findings on the corpus: $creds"
fi
