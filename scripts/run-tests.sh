#!/bin/bash
# Runs every test: unit tests, the in-framework (Pax Exam) test and the end-to-end tests with the docker CLI.
# Each test daemon uses private paths, so a wharfd the user runs is not disturbed.
set -euo pipefail
cd "$(dirname "$0")/.."
# Tests send SIGHUP to their daemons to reload them: a run started under nohup would pass its ignored SIGHUP on
# to every daemon (a JVM keeps a signal ignored that it started with), so reset it once
[ -n "${WHARF_HUP_RESET:-}" ] || exec env --default-signal=HUP WHARF_HUP_RESET=1 "$0" "$@"
scripts/install-host-packages.sh
# Fuzz tests replay their seeds with the unit tests; then each Jazzer target fuzzes for a few seconds of its own
# (WHARF_FUZZ=10s for longer, WHARF_FUZZ=0 to skip; bench/fuzz.sh runs minutes per target by hand).
fuzz=${WHARF_FUZZ:-5s}
if [ "$fuzz" = 0 ]; then
  exec mvn -B verify "$@"
fi
exec mvn -B verify -Dfuzz="$fuzz" "$@"
