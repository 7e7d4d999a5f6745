#!/bin/sh
# admit_decide.sh — builds and runs the webhook decision benchmark
# (bench/admit_decide.c): decision time of a 4 KB Deployment review against
# the plain JSON parse of the same bytes.
set -e
cd "$(dirname "$0")/.."
make -s build/bench/admit_decide
./build/bench/admit_decide "${ADMIT_BENCH_ITERATIONS:-20000}" "${ADMIT_BENCH_THREADS:-2}"
