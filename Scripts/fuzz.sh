#!/usr/bin/env bash
# Fuzz one entry point of Tally with libFuzzer for a given time (issue 8).
#
#   Scripts/fuzz.sh TARGET SECONDS [libFuzzer flags…]
#   Scripts/fuzz.sh build TARGET              # build only
#
# TARGET is lexer, parser, checker (compile a pack and run it on the conformance model),
# evaluator (compile and evaluate an expression against Tests/Conformance/model.json) or loader
# (load a report with the shipped packs' table and fact declarations, then run the packs).
#
# The package sources are compiled with `swiftc -sanitize=fuzzer,address` into static libraries
# (Tally, TallyReports), linked with Fuzz/<Target>.swift. Everything lives under
# .build-fuzz/fuzz/: the binaries, a corpus per target that grows from run to run (seeded from the
# conformance chunks, the shipped packs and the sample reports), crash artifacts and logs.
# A crash stops the run and leaves `crash-…` under .build-fuzz/fuzz/artifacts/TARGET/; minimize it
# with `.build-fuzz/fuzz/bin/fuzz-TARGET -minimize_crash=1 -runs=10000 FILE`, save it under
# Tests/Regressions/ and add a test that runs it through the same entry point. A Swift trap shows
# as "Program crashed: Illegal instruction" with a symbolicated backtrace; the AddressSanitizer
# "unknown-crash" in CrashHandlerLinux that follows it comes from the backtracer and is noise.
#
# Exit status: 0 when the run ended without a crash, 1 on a crash or timeout, 2 on misuse.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OUT="${TALLY_FUZZ_DIR:-$ROOT/.build-fuzz/fuzz}"
LIB="$OUT/lib"
BIN="$OUT/bin"

usage() { echo "usage: $0 lexer|parser|checker|evaluator|loader SECONDS [libFuzzer flags…]" >&2; exit 2; }

# Which Fuzz/ files make a target, and which library it needs.
target_files() {
    case "$1" in
        lexer) echo "Fuzz/Lexer.swift" ;;
        parser) echo "Fuzz/Parser.swift" ;;
        checker) echo "Fuzz/Checker.swift Fuzz/FuzzModel.swift" ;;
        evaluator) echo "Fuzz/Evaluator.swift Fuzz/FuzzModel.swift" ;;
        loader) echo "Fuzz/ReportLoader.swift" ;;
        *) usage ;;
    esac
}

SWIFTC_FLAGS=(-sanitize=fuzzer,address -parse-as-library -swift-version 6 -O -g)

# Rebuilds a static library when any of its sources, or a library it depends on, is newer than
# it (TallyReports inlines Tally's initializers: a stale one allocates objects of the old size).
build_library() {
    local name="$1"; shift
    local sources stale=0
    sources=$(find "$ROOT/Sources/$name" -name '*.swift' | sort)
    if [[ ! -f "$LIB/lib$name.a" ]] || [[ -n "$(find "$ROOT/Sources/$name" -name '*.swift' -newer "$LIB/lib$name.a")" ]]; then
        stale=1
    fi
    for dep in "$@"; do [[ "$LIB/lib$dep.a" -nt "$LIB/lib$name.a" ]] && stale=1; done
    [[ $stale == 1 ]] || return 0
    echo "fuzz: building lib$name.a (sanitize=fuzzer,address)…" >&2
    mkdir -p "$LIB"
    # shellcheck disable=SC2086
    (cd "$LIB" && swiftc "${SWIFTC_FLAGS[@]}" -module-name "$name" -I "$LIB" -whole-module-optimization \
        -emit-library -static -emit-module -emit-module-path "$LIB/$name.swiftmodule" \
        -o "$LIB/lib$name.a" $sources)
}

build_target() {
    local target="$1" files
    files=$(target_files "$target")
    build_library Tally
    local libs=("$LIB/libTally.a")
    if [[ "$target" == loader ]]; then
        build_library TallyReports Tally
        libs=("$LIB/libTallyReports.a" "$LIB/libTally.a")
    fi
    mkdir -p "$BIN"
    local exe="$BIN/fuzz-$target"
    local newest=0
    for f in $files "${libs[@]}"; do
        local p="$f"; [[ "$p" == /* ]] || p="$ROOT/$p"
        [[ "$exe" -nt "$p" ]] || newest=1
    done
    [[ -x "$exe" ]] || newest=1
    if [[ $newest == 1 ]]; then
        echo "fuzz: linking $exe…" >&2
        local paths=()
        for f in $files; do paths+=("$ROOT/$f"); done
        # The linker's warnings about local asan symbols are noise on Linux.
        swiftc "${SWIFTC_FLAGS[@]}" -module-name "Fuzz$target" -I "$LIB" "${paths[@]}" "${libs[@]}" -o "$exe" \
            2> >(grep -v "Cannot export local symbol" >&2)
    fi
}

# Seeds the corpus (idempotent: files are named by content hash).
seed_corpus() {
    local target="$1" corpus="$2"
    mkdir -p "$corpus"
    local tmp
    tmp=$(mktemp -d)
    trap 'rm -rf "$tmp"' RETURN
    if [[ "$target" == loader ]]; then
        for f in "$ROOT"/Examples/reports/*.txt "$ROOT"/Tests/TallyReportsTests/Fixtures/*.txt \
                 "$ROOT"/Tests/BadReports/*.txt "$ROOT"/../shared/reports/*.txt /work/shared/reports/*.txt; do
            [[ -f "$f" ]] && cp "$f" "$tmp/$(basename "$f")"
        done
    else
        # Conformance files split into their `---` chunks, plus every shipped pack file whole.
        for f in "$ROOT"/Tests/Conformance/*.tally; do
            awk -v out="$tmp/$(basename "$f" .tally)" '/^---[ \t]*$/ { n++; next } { print > (out "-" n ".tally") }' "$f"
        done
        if [[ "$target" != evaluator ]]; then
            for f in "$ROOT"/Checks/*/*.tally; do cp "$f" "$tmp/pack-$(basename "$(dirname "$f")")-$(basename "$f")"; done
            for f in "$ROOT"/Tests/Regressions/*.tally; do [[ -f "$f" ]] && cp "$f" "$tmp/regression-$(basename "$f")"; done
        fi
        if [[ "$target" == evaluator ]]; then
            # The first byte chooses the context (odd: 公开05) and tracing (bit 2).
            for f in "$tmp"/*.tally; do
                { printf '\x00'; cat "$f"; } > "$f.0"; { printf '\x03'; cat "$f"; } > "$f.3"; rm "$f"
            done
        fi
    fi
    for f in "$tmp"/*; do
        [[ -f "$f" ]] || continue
        local h; h=$(sha1sum "$f" | cut -c1-40)
        [[ -f "$corpus/$h" ]] || cp "$f" "$corpus/$h"
    done
}

if [[ "${1:-}" == build ]]; then
    [[ $# -eq 2 ]] || usage
    build_target "$2"; exit 0
fi
[[ $# -ge 2 ]] || usage
TARGET="$1"; SECONDS_TO_RUN="$2"; shift 2
[[ "$SECONDS_TO_RUN" =~ ^[0-9]+$ ]] || usage
target_files "$TARGET" >/dev/null
build_target "$TARGET"

CORPUS="$OUT/corpus/$TARGET"
ARTIFACTS="$OUT/artifacts/$TARGET"
LOGS="$OUT/logs"
mkdir -p "$ARTIFACTS" "$LOGS"
seed_corpus "$TARGET" "$CORPUS"

case "$TARGET" in
    loader) DICT="$ROOT/Fuzz/report.dict"; MAXLEN=65536 ;;
    checker) DICT="$ROOT/Fuzz/tally.dict"; MAXLEN=8192 ;;
    *) DICT="$ROOT/Fuzz/tally.dict"; MAXLEN=4096 ;;
esac

export TALLY_FUZZ_MODEL="$ROOT/Tests/Conformance/model.json"
export TALLY_FUZZ_CHECKS="$ROOT/Checks"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0}"
LOG="$LOGS/$TARGET-$(date +%Y%m%d-%H%M%S).log"
echo "fuzz: $TARGET for ${SECONDS_TO_RUN}s; corpus $CORPUS; log $LOG" >&2
set +e
# -timeout: one input taking 60 s is a hang (the budgets should stop any check long before).
# -detect_leaks=0: LeakSanitizer misreads Swift enums that keep their tag in a pointer's spare
# bits (the compiled Node trees) as leaks; ASan still catches every memory error.
"$BIN/fuzz-$TARGET" "$CORPUS" -dict="$DICT" -max_len="$MAXLEN" -max_total_time="$SECONDS_TO_RUN" \
    -timeout=60 -rss_limit_mb=4096 -detect_leaks=0 -print_final_stats=1 -artifact_prefix="$ARTIFACTS/" "$@" 2>&1 | tee "$LOG" \
    | grep -E "^(#[0-9]+.*(DONE|INITED)|stat::|==[0-9]+==ERROR|SUMMARY|artifact_prefix|Test unit written|Done )" >&2
status=${PIPESTATUS[0]}
set -e
if [[ $status -ne 0 ]]; then
    echo "fuzz: $TARGET stopped with status $status: see $LOG and $ARTIFACTS" >&2
    exit 1
fi
