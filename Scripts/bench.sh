#!/bin/sh
# Builds Tally in release mode and runs the benchmark (issue 7; see Docs/Benchmarks.md).
#   Scripts/bench.sh                  full run: 10,000 generated reports
#   Scripts/bench.sh --quick          smoke run
#   Scripts/bench.sh --json > b.json  machine-readable figures
# SCRATCH=.build-bench Scripts/bench.sh   builds into another scratch folder
set -eu
cd "$(dirname "$0")/.."
scratch="${SCRATCH:-.build}"
# On Linux the Swift runtime and Foundation are linked statically, as a deployed binary should be:
# loading them as shared libraries costs a process 11–13 ms before main instead of about 5 ms.
static=""
[ "$(uname -s)" = Linux ] && static="--static-swift-stdlib"
swift build -c release $static --scratch-path "$scratch" --product tally >&2
swift build -c release $static --scratch-path "$scratch" --product TallyBench >&2
exec "$scratch/release/TallyBench" --tally "$scratch/release/tally" "$@"
