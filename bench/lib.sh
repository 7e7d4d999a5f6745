# lib.sh — shared by the benchmark scripts (sourced, not run): best-of-N CPU
# time and peak RSS of a command. Callers set OUT (a scratch directory).

less() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a < b) }'; }

# best_of N CMD...: prints "cpu_seconds maxrss_kb" of the fastest of N runs
# (CPU = user + system), or "fail fail" when a run fails.
best_of() {
    runs=$1
    shift
    best=""
    i=0
    while [ "$i" -lt "$runs" ]; do
        i=$((i + 1))
        if ! /usr/bin/time -f "%U %S %M" -o "$OUT/time" "$@" >/dev/null 2>&1; then
            echo "$* failed: $(head -1 "$OUT/time")" >&2
            echo "fail fail"
            return
        fi
        r=$(awk '{ printf "%.3f %d\n", $1 + $2, $3 }' "$OUT/time")
        if [ -z "$best" ] || less "${r% *}" "${best% *}"; then best=$r; fi
    done
    echo "$best"
}
