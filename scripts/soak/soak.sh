#!/usr/bin/env bash
# Kill soak: runs the pipeline (broker, fetcher, parser, enricher, storage and
# a copy of the bundled sample site, all on 127.0.0.1) for SOAK_SECONDS while
# killing a random process (broker included) with SIGKILL every few seconds
# and restarting it. The site's article pages are copied under /copy-K/ until
# there are SOAK_PAGES of them, each copy's own URLs (canonical, og:url)
# rewritten into the copy, so every page is a distinct article. All pages are
# submitted again every minute (new fetch ids, same pages), so work is in
# flight at every kill (a new round starts once the last is half through). At
# the end, once the pipeline is idle (it must keep draining: 120 s without
# progress is a stall), every page must
# be stored exactly once. Prints pages, kills, lost, duplicated, dead
# letters and wall time; exits 1 if anything was lost, doubled or dead-lettered.
#
#   SOAK_SECONDS=300 BIN=.build/release scripts/soak/soak.sh
#
# Environment: SOAK_SECONDS (default 300), SOAK_PAGES (default 2000), BIN (default .build/release),
# SOAK_KILL_MIN / SOAK_KILL_MAX (seconds between kills, default 2 / 6),
# SOAK_SEED (for $RANDOM), SOAK_KEEP=1 (keep the temp folder).
set -euo pipefail

SOAK_SECONDS=${SOAK_SECONDS:-300}
SOAK_PAGES=${SOAK_PAGES:-2000}
BIN=$(cd "${BIN:-.build/release}" && pwd)
KILL_MIN=${SOAK_KILL_MIN:-2}
KILL_MAX=${SOAK_KILL_MAX:-6}
RANDOM=${SOAK_SEED:-$$}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SITE="$ROOT/Services/SampleSite/SampleSiteCore/Site"
WORK=$(mktemp -d /tmp/newswire-soak.XXXXXX)
LOGS="$WORK/logs"
mkdir -p "$LOGS"
DB="$WORK/newswire.sqlite"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
BROKER_PORT=$(free_port)
SITE_PORT=$(free_port)
ENDPOINT="tcp://127.0.0.1:$BROKER_PORT"
BASE="http://127.0.0.1:$SITE_PORT"
COMMON=(--broker "$ENDPOINT" --log-level warning)

declare -A PIDS
start() {
    local name=$1
    case $name in
        broker)   "$BIN/newswire-broker" --bind "$ENDPOINT" --data "$WORK/broker" --log-level warning \
                      --queue fetch:key-concurrency=2,key-interval=0.01 >>"$LOGS/broker.log" 2>&1 & ;;
        fetcher)  "$BIN/newswire-fetcher" run --allow-private-addresses --concurrency 8 "${COMMON[@]}" >>"$LOGS/fetcher.log" 2>&1 & ;;
        parser)   "$BIN/newswire-parser" run "${COMMON[@]}" >>"$LOGS/parser.log" 2>&1 & ;;
        enricher) "$BIN/newswire-enricher" run "${COMMON[@]}" >>"$LOGS/enricher.log" 2>&1 & ;;
        storage)  "$BIN/newswire-storage" run --database "$DB" "${COMMON[@]}" >>"$LOGS/storage.log" 2>&1 & ;;
        site)     "$BIN/newswire" demo-site --root "$WORK/site" --port "$SITE_PORT" >>"$LOGS/site.log" 2>&1 & ;;
    esac
    PIDS[$name]=$!
}

cleanup() {
    for name in "${!PIDS[@]}"; do kill -9 "${PIDS[$name]}" 2>/dev/null || true; done
    wait 2>/dev/null || true
    if [[ "${SOAK_KEEP:-0}" == 1 ]]; then echo "kept $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

# The copies, the URLs to submit and the storage keys expected (the page's
# canonical URL on its own site, else its own URL), from the site's manifest.
python3 - "$SITE" "$WORK" "$BASE" "$SOAK_PAGES" <<'PY'
import json, os, shutil, sys
site, work, base, wanted = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
pages = [p for p in json.load(open(os.path.join(site, "manifest.json")))["pages"] if p["kind"] == "article"]
urls, expected, copy = [], [], 0
while len(urls) < wanted:
    for page in pages[: wanted - len(urls)]:
        prefix = "{{BASE_URL}}/copy-%d" % copy
        target = os.path.join(work, "site", "copy-%d" % copy, page["path"])
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(os.path.join(site, page["path"]), "rb") as f:
            html = f.read()
        with open(target, "wb") as f:
            f.write(html.replace(b"{{BASE_URL}}", prefix.encode()))
        urls.append(page["url"].replace("{{BASE_URL}}", prefix).replace("{{BASE_URL}}", base))
        # A canonical link to another site is not trusted as the key: such a page is kept under its own URL.
        canonical = page.get("canonical") or ""
        key = canonical if canonical.startswith("{{BASE_URL}}") else page["url"]
        expected.append(key.replace("{{BASE_URL}}", prefix).replace("{{BASE_URL}}", base))
    copy += 1
open(os.path.join(work, "urls.txt"), "w").write("\n".join(urls) + "\n")
# Storage keeps one article per canonical URL on the page's own site: an AMP
# copy and its page are one article by design.
open(os.path.join(work, "expected.txt"), "w").write("\n".join(sorted(set(expected))) + "\n")
PY

submit() {
    xargs -n 500 "$BIN/newswire" submit --broker "$ENDPOINT" --target article <"$WORK/urls.txt" >>"$LOGS/submit.log" 2>&1
}

# The work the broker holds: ready and in-flight jobs over every queue (a
# delayed job waits for its retry time or its host's turn and counts once due).
work_left() {
    "$BIN/newswire" status --broker "$ENDPOINT" --json >"$WORK/status.json" 2>/dev/null || return 1
    python3 -c 'import json,sys; q=json.load(open(sys.argv[1]))["queues"]; print(sum(x["depth"]-x["delayed"]+x["inFlight"] for x in q) if q else -1)' "$WORK/status.json"
}

# Waits until no queue holds ready or in-flight work four times in a row
# (after a broker restart its counters start at zero, so only the queues'
# contents count). A backlog that drains is not a stall: this fails only
# when the work left has not gone down for `stall` seconds, or after `cap`.
wait_idle() {
    local stall=$1 cap=$2 quiet=0 best=-1 work
    local started_wait=$(date +%s) last_progress=$(date +%s)
    while (( $(date +%s) - started_wait < cap && $(date +%s) - last_progress < stall )); do
        if work=$(work_left) && [[ $work == 0 ]]; then
            quiet=$((quiet + 1))
            (( quiet >= 4 )) && { settle_seconds=$(( $(date +%s) - started_wait )); return 0; }
        else
            quiet=0
            if [[ -n ${work:-} && $work -ge 0 ]] && (( best < 0 || work < best )); then
                best=$work
                last_progress=$(date +%s)
            fi
        fi
        sleep 0.5
    done
    echo "not idle after $(( $(date +%s) - started_wait )) s, work left ${work:-?} (least seen $best); queues:" >&2
    python3 -c 'import json,sys; [print("  ", x) for x in json.load(open(sys.argv[1]))["queues"]]' "$WORK/status.json" >&2 || true
    return 1
}

started=$(date +%s)
start site
for name in broker storage enricher parser fetcher; do start "$name"; done
until submit; do sleep 0.5; done
last_submit=$(date +%s)
rounds=1

VICTIMS=(broker fetcher parser enricher storage)
kills=0
deadline=$(( started + SOAK_SECONDS ))
while (( $(date +%s) < deadline )); do
    sleep $(( KILL_MIN + RANDOM % (KILL_MAX - KILL_MIN + 1) ))
    victim=${VICTIMS[RANDOM % ${#VICTIMS[@]}]}
    kill -9 "${PIDS[$victim]}" 2>/dev/null || true
    wait "${PIDS[$victim]}" 2>/dev/null || true
    start "$victim"
    kills=$((kills + 1))
    echo "kill $kills: $victim at +$(( $(date +%s) - started )) s" >>"$LOGS/kills.log"
    # A new minute gives the submissions new ids: the same pages go round
    # again, once the previous round is mostly through (a backlog that grows
    # faster than the machine drains it would only measure the machine).
    if (( $(date +%s) - last_submit >= 60 )) && work=$(work_left) && (( work >= 0 && work < SOAK_PAGES / 2 )); then
        submit || true
        last_submit=$(date +%s)
        rounds=$((rounds + 1))
    fi
done

settled=yes settle_seconds=?
wait_idle 120 3600 || settled=no
sqlite3 "$DB" "SELECT canonical_url FROM articles" | sort >"$WORK/stored.txt"
pages=$(wc -l <"$WORK/expected.txt")
lost=$(comm -23 "$WORK/expected.txt" <(sort -u "$WORK/stored.txt") | wc -l)
duplicated=$(( $(wc -l <"$WORK/stored.txt") - $(sort -u "$WORK/stored.txt" | wc -l) ))
unexpected=$(comm -13 "$WORK/expected.txt" <(sort -u "$WORK/stored.txt") | wc -l)
dead=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["deadLetters"])' "$WORK/status.json" 2>/dev/null || echo "?")
wall=$(( $(date +%s) - started ))
echo "pages $pages (distinct articles of $SOAK_PAGES fetched pages)  kills $kills  lost $lost  duplicated $duplicated  unexpected $unexpected  dead-letters $dead  rounds $rounds  settled $settled (${settle_seconds} s after the last kill)  wall ${wall}s"
[[ $lost == 0 && $duplicated == 0 && $unexpected == 0 && $dead == 0 && $settled == yes ]]
