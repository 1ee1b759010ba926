#!/usr/bin/env bash
# Runs the test suite under a sanitizer (issue 8):
#
#   Scripts/sanitize.sh address [swift test flags…]   # AddressSanitizer (the faster one)
#   Scripts/sanitize.sh thread  [swift test flags…]   # ThreadSanitizer
#
# Each sanitizer builds into its own scratch path (.build-asan, .build-tsan), so it never
# invalidates the normal .build. Extra flags go to `swift test` (e.g. --filter ConcurrentUseTests).
# Exit status: that of `swift test` (non-zero on a sanitizer report or a failing test).
set -euo pipefail
cd "$(dirname "$0")/.."

case "${1:-}" in
    address) scratch=.build-asan
             # LeakSanitizer misreads Swift enums that keep their tag in a pointer's spare bits
             # (compiled expression trees held by globals) as leaks; memory errors still abort.
             export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0:halt_on_error=1}" ;;
    thread)  scratch=.build-tsan
             export TSAN_OPTIONS="${TSAN_OPTIONS:-halt_on_error=1:second_deadlock_stack=1}" ;;
    *) echo "usage: $0 address|thread [swift test flags…]" >&2; exit 2 ;;
esac
sanitizer="$1"; shift
echo "sanitize: swift test --sanitize=$sanitizer --scratch-path $scratch $*" >&2
exec swift test --sanitize="$sanitizer" --scratch-path "$scratch" "$@"
