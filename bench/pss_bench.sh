#!/bin/sh
# pss_bench.sh — builds and runs the Pod Security evaluation benchmark
# (bench/pss_bench.c) against the upstream fixtures and a synthetic set.
set -e
cd "$(dirname "$0")/.."
make -s build/bench/pss_bench
./build/bench/pss_bench ../shared/conformance/pss "${PSS_BENCH_PODS:-100000}"
