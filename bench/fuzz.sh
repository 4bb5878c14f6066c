#!/bin/bash
# Fuzzing by hand: every Jazzer fuzz target (or the test classes named) for DURATION each, one after the other.
# A finding fails its target and is written next to the seeds (src/test/resources/.../<Test>Inputs/<method>/),
# where plain `mvn verify` replays it as a regression test from then on: fix the code, keep the input.
# The corpus each target grows is kept in <module>/.cifuzz-corpus (not committed) and reused by the next run.
# usage: bench/fuzz.sh [duration=5m] [FuzzTestClass...]
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-5m}; shift || true
tests=$(IFS=,; echo "${*:-*FuzzTest}")
modules=api,bundles/support,bundles/archive,bundles/containers,bundles/networks,bundles/volumes
mkdir -p target
mvn -B -pl "$modules" -am test -Dfuzz="$duration" -Dtest="$tests" -Dsurefire.failIfNoSpecifiedTests=false \
  -Dmaven.test.failure.ignore=true > target/fuzz-build.log 2>&1
grep -h -E "^(INFO: Done|#[0-9]+ +DONE)|Tests run:.*FuzzTest|FuzzTestFinding" target/fuzz-build.log || true
echo "findings (new files next to the seeds):"
git status --porcelain --untracked-files=all -- '*Inputs/*' | sed 's/^/  /'
