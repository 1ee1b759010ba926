#!/bin/sh
# Builds Tally in release mode and runs the benchmark (issue 7; see Docs/Benchmarks.md).
#   Scripts/bench.sh                  full run: 10,000 generated reports
#   Scripts/bench.sh --quick          smoke run
#   Scripts/bench.sh --json > b.json  machine-readable figures
# SCRATCH=.build-bench Scripts/bench.sh   builds into another scratch folder
set -eu
cd "$(dirname "$0")/.."
scratch="${SCRATCH:-.build}"
swift build -c release --scratch-path "$scratch" --product tally >&2
swift build -c release --scratch-path "$scratch" --product TallyBench >&2
exec "$scratch/release/TallyBench" --tally "$scratch/release/tally" "$@"
