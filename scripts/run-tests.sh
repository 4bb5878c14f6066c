#!/bin/bash
# Runs every test: unit tests, the in-framework (Pax Exam) test and the end-to-end tests with the docker CLI.
# Each test daemon uses private paths, so a wharfd the user runs is not disturbed.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-host-packages.sh
exec mvn -B verify "$@"
