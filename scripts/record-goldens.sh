#!/usr/bin/env bash
# Records the FetchedPage envelopes of the bundled sample site (the input of
# the parser's replay test) with the real broker and fetcher, then rewrites the
# golden outputs of the parser and enricher replay tests from them.
# Run after a deliberate change of parser or enricher output, and review the diff.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-.build/debug}
OUT=Tests/EndToEndTests/Recordings
PORT=${PORT:-18088}
BROKER=tcp://127.0.0.1:${BROKER_PORT:-15599}
WORK=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

swift build --product newswire --product newswire-broker --product newswire-fetcher >/dev/null
"$BIN/newswire-broker" --bind "$BROKER" --data "$WORK/broker" --log-level error & pids+=($!)
"$BIN/newswire" demo-site --port "$PORT" >/dev/null & pids+=($!)
"$BIN/newswire-fetcher" run --broker "$BROKER" --allow-private-addresses --log-level error & pids+=($!)
sleep 1
base="http://127.0.0.1:$PORT"
"$BIN/newswire" submit --broker "$BROKER" --target feed "$base/feeds/rss.xml" "$base/feeds/atom.xml"
"$BIN/newswire" submit --broker "$BROKER" --target sitemap "$base/sitemap.xml" "$base/sitemap_index.xml"
rm -f "$WORK/pages.jsonl"
"$BIN/newswire" record --broker "$BROKER" --queue parse --out "$WORK/pages.jsonl" --idle 4
# Stable order: by final URL.
python3 - "$WORK/pages.jsonl" "$OUT/fetched-pages.jsonl" <<'PY'
import json, sys, base64
lines = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
def url(r): return json.loads(base64.b64decode(r["frames"][0]))["finalURL"]
seen, out = set(), []
for r in sorted(lines, key=url):
    if r["envelope"]["id"] in seen: continue
    seen.add(r["envelope"]["id"]); out.append(r)
with open(sys.argv[2], "w") as f:
    for r in out: f.write(json.dumps(r, sort_keys=True, separators=(",", ":")) + "\n")
print(f"recorded {len(out)} fetched pages")
PY
NEWSWIRE_UPDATE_GOLDENS=1 NEWSWIRE_TEST_ONLY=EndToEndTests swift test --filter ReplayGoldenTests >/dev/null 2>&1 || true
NEWSWIRE_UPDATE_GOLDENS=1 NEWSWIRE_TEST_ONLY=EndToEndTests swift test --filter ReplayGoldenTests >/dev/null 2>&1 || true
wc -l "$OUT"/*.jsonl
