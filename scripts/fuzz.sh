#!/usr/bin/env bash
# Builds and runs the libFuzzer targets of Fuzz/Targets (docs/FUZZING.md).
#   scripts/fuzz.sh build              build every target into .build/fuzz
#   scripts/fuzz.sh run TARGET [SECS]  run one target for SECS seconds (default $FUZZ_SECONDS or 600)
#   scripts/fuzz.sh all [SECS]         build, then run every target in turn
# The libraries a target exercises are compiled with swiftc straight from their
# folders (instrumented with -sanitize=fuzzer,address); SwiftPM would have to
# instrument SwiftNIO and the HTTP client too, which no target calls.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=.build/fuzz
TARGETS=(html-extraction warc-reader feed-parser robots-txt broker-frames charset-decoder enricher)
FLAGS=(-sanitize=fuzzer,address -parse-as-library -O -g -swift-version 6)
XML2_INCLUDE=$(pkg-config --cflags-only-I libxml-2.0 | sed 's/-I//g' | xargs)

# One module as a static library: name, extra flags, then source files.
module() {
    local name=$1; shift
    local extra=(); while [[ $1 != -- ]]; do extra+=("$1"); shift; done; shift
    swiftc "${FLAGS[@]}" -module-name "$name" -I "$OUT" "${extra[@]}" \
        -emit-module -emit-module-path "$OUT/$name.swiftmodule" \
        -emit-library -static -o "$OUT/lib$name.a" "$@"
}

build() {
    mkdir -p "$OUT"
    module Shared -- Shared/Shared/*.swift
    module ParserCore -I Shared/CLibXML2 -Xcc "-I$XML2_INCLUDE" -- Services/Parser/ParserCore/*.swift
    # FetcherCore without the files that need SwiftNIO or the HTTP client,
    # nor the extensions (Type+Topic.swift) of the types those files declare.
    local fetcher=() skipped=()
    for f in Services/Fetcher/FetcherCore/*.swift; do
        grep -qE '^import (NIO|AsyncHTTPClient|Logging)' "$f" && skipped+=("$(basename "$f" .swift)")
    done
    for f in Services/Fetcher/FetcherCore/*.swift; do
        local base; base=$(basename "$f" .swift)
        [[ " ${skipped[*]} " == *" ${base%%+*} "* ]] || fetcher+=("$f")
    done
    module FetcherCore -I Shared/CZlib -I Shared/CLibXML2 -Xcc "-I$XML2_INCLUDE" -- "${fetcher[@]}"
    target html-extraction HTMLExtractionFuzz -lParserCore -lShared -lxml2
    target warc-reader WARCReaderFuzz -lFetcherCore -lShared -lz -lxml2
    target feed-parser FeedParserFuzz -lFetcherCore -lShared -lz -lxml2
    target robots-txt RobotsTxtFuzz -lFetcherCore -lShared -lz -lxml2
    target broker-frames BrokerFramesFuzz -lShared
    target charset-decoder CharsetDecoderFuzz -lShared
    # EnricherCore finds its data files through SwiftPM's Bundle.module; here
    # the bundle is the source folder, whose Data/ holds the same files.
    printf 'import Foundation\nextension Foundation.Bundle {\n    static let module = Bundle(path: "%s")!\n}\n' \
        "$PWD/Services/Enricher/EnricherCore" > "$OUT/EnricherBundle.swift"
    module EnricherCore -- Services/Enricher/EnricherCore/*.swift "$OUT/EnricherBundle.swift"
    target enricher EnricherFuzz -lEnricherCore -lShared
}

target() {
    local name=$1 source=$2; shift 2
    swiftc "${FLAGS[@]}" -I "$OUT" -I Shared/CLibXML2 -I Shared/CZlib -Xcc "-I$XML2_INCLUDE" "Fuzz/Targets/$source.swift" -L "$OUT" "$@" -o "$OUT/fuzz-$name"
}

run() {
    local name=$1 seconds=${2:-${FUZZ_SECONDS:-600}}
    local corpus="$OUT/corpus/$name" crashes="Fuzz/crashes/$name"
    mkdir -p "$corpus" "$crashes"
    # Committed seeds stay as they are; what the run learns goes to .build.
    SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=detect_leaks=0 nice -n 10 "$OUT/fuzz-$name" "$corpus" "Fuzz/Corpus/$name" \
        -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
        -artifact_prefix="$crashes/" -print_final_stats=1 2>&1 | tee "$OUT/$name.log" | grep -E '^(#[0-9]+ +DONE|stat::|==[0-9]+==|SUMMARY|artifact_prefix|Test unit written)' || true
    rmdir "$crashes" 2>/dev/null || true
}

case ${1:-all} in
    build) build ;;
    run) run "$2" "${3:-}" ;;
    all) build; for t in "${TARGETS[@]}"; do echo "== $t"; run "$t" "${2:-}"; done ;;
    *) echo "usage: $0 build | run TARGET [SECONDS] | all [SECONDS]" >&2; exit 2 ;;
esac
