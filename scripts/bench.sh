#!/usr/bin/env bash
# Runs every benchmark in bench/ and prints one table of their figures (bench/runAll.mjs).
#   bash scripts/bench.sh           full sizes, production bundles: writes the table into
#                                   bench/README.md (7.5 to 12 minutes on 2 shared cores)
#   bash scripts/bench.sh --smoke   seconds-long runs, so the test command sees that each one still
#                                   works (figures printed, never asserted; the README is left alone)
set -euo pipefail
cd "$(dirname "$0")/.."
exec node --import tsx bench/runAll.mjs "$@"
