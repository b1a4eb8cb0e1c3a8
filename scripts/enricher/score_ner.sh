#!/usr/bin/env bash
# Scores the enricher's entities on the shared NER gold sets with score_ner.py.
# Usage: scripts/enricher/score_ner.sh [path/to/newswire-enricher]
# Default binary: a release build in .build-enricher (built if missing).
set -euo pipefail
cd "$(dirname "$0")/../.."
BENCH="${NEWSWIRE_NER_BENCH:-../shared/bench/ner}"
BIN="${1:-.build-enricher/release/newswire-enricher}"
if [ ! -x "$BIN" ]; then
  swift build -c release --scratch-path .build-enricher --product newswire-enricher
fi
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT
for set in gum-news seed; do
  "$BIN" annotate --jsonl "$BENCH/$set.jsonl" > "$OUT/$set.jsonl"
  echo "== $set"
  python3 "$BENCH/score_ner.py" "$BENCH/$set.jsonl" "$OUT/$set.jsonl"
done
