#!/usr/bin/env bash
# Scores the enricher's entities on the shared NER gold sets with score_ner.py,
# and on any further gold files given after the binary (e.g. corpus splits the
# enricher was never tuned or trained on, made by bio_to_jsonl.py).
# Usage: scripts/enricher/score_ner.sh [path/to/newswire-enricher [GOLD.jsonl ...]]
# Default binary: a release build in .build-enricher (built if missing).
set -euo pipefail
cd "$(dirname "$0")/../.."
BENCH="${NEWSWIRE_NER_BENCH:-../shared/bench/ner}"
BIN="${1:-.build-enricher/release/newswire-enricher}"
shift || true
if [ ! -x "$BIN" ]; then
  swift build -c release --scratch-path .build-enricher --product newswire-enricher
fi
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT
for gold in "$BENCH/gum-news.jsonl" "$BENCH/seed.jsonl" "$@"; do
  name="$(basename "$gold" .jsonl)"
  "$BIN" annotate --jsonl "$gold" > "$OUT/$name.jsonl"
  echo "== $name"
  python3 "$BENCH/score_ner.py" "$gold" "$OUT/$name.jsonl"
done
