#!/usr/bin/env bash
# Prints every extraction dev figure in one table: text F1 (P/R) on both dev
# sets, date, title and authors exact on bench/news, pages typed as
# non-articles on each set, beside trafilatura's figures from the bench READMEs.
# usage: scripts/quality/quality.sh [SHARED_DIR]   (default ../shared)
# Predictions stay in .build/quality/<set>.json for per-page comparison.
set -euo pipefail
cd "$(dirname "$0")/../.."
SHARED="${1:-${SHARED:-../shared}}"
OUT=.build/quality
mkdir -p "$OUT"
swift build -c release --product newswire-parser >&2
for set in extract news; do
    .build/release/newswire-parser extract --bench "$SHARED/bench/$set" > "$OUT/$set.json"
done
python3 scripts/quality/table.py "$SHARED/bench" "$OUT"
