#!/bin/bash
# Load test by hand: CLIENTS clients for SECONDS against one wharfd of its own (LoadIT: run --rm on the default
# bridge and without a network, exec, ps, inspect, logs and events), then checks that no request failed and that
# the daemon's open files, threads, mounts, veths, nftables rules and RSS (after a GC) are back to where they were.
# Prints requests, errors, p50/p99 latency per operation and the footprint before and after.
# usage: bench/load.sh [seconds=60] [clients=20]   (builds what it needs; runs the daemon as root)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
clients=${2:-20}
mkdir -p runtime-assembly/target
mvn -B -pl runtime-assembly -am verify -DskipTests=false -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test=LoadIT -Dwharf.load.seconds="$seconds" -Dwharf.load.clients="$clients" \
  > runtime-assembly/target/load-build.log 2>&1 || status=$?
cat runtime-assembly/target/load-report.txt 2>/dev/null || tail -50 runtime-assembly/target/load-build.log
exit "${status:-0}"
