#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server for the storage tests, on 127.0.0.1
# only, in a fresh data directory, with trust authentication for the test
# user and fsync off (test data is disposable).
#
# Prints, on standard output and nothing else, the lines to eval:
#   export NEWSWIRE_TEST_POSTGRES_URL=postgres://newswire@127.0.0.1:PORT/newswire
#   export NEWSWIRE_TEST_POSTGRES_DIR=/tmp/newswire-pg.XXXX
# Progress and errors go to standard error. scripts/postgres/stop.sh stops it.
#
# Environment:
#   NEWSWIRE_PG_PORT   port to use (default: the first free one from 55432)
#   NEWSWIRE_PG_DIR    directory to create the cluster in (default: mktemp)
# As root, initdb refuses to run, so the server runs as the system user
# `postgres` (created if missing). Installs Debian's postgresql package when
# no initdb is found.
set -euo pipefail

log() { echo "postgres/start.sh: $*" >&2; }

find_bindir() {
    local candidate
    for candidate in /usr/lib/postgresql/*/bin; do
        if [ -x "$candidate/initdb" ] && [ -x "$candidate/pg_ctl" ]; then echo "$candidate"; return 0; fi
    done
    if command -v pg_config >/dev/null 2>&1; then
        candidate="$(pg_config --bindir 2>/dev/null || true)"
        if [ -n "$candidate" ] && [ -x "$candidate/initdb" ]; then echo "$candidate"; return 0; fi
    fi
    if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
        dirname "$(command -v initdb)"; return 0
    fi
    return 1
}

if ! BINDIR="$(find_bindir)"; then
    if [ "$(id -u)" -ne 0 ]; then
        log "no initdb/pg_ctl found; install PostgreSQL (apt-get install postgresql) or run as root"
        exit 1
    fi
    log "installing postgresql"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq postgresql >&2
    BINDIR="$(find_bindir)" || { log "postgresql installed but initdb not found"; exit 1; }
fi

# Root cannot run the server: use the system user postgres.
RUN_AS=()
if [ "$(id -u)" -eq 0 ]; then
    if ! id postgres >/dev/null 2>&1; then
        useradd --system --user-group --home-dir /var/lib/postgresql --shell /bin/bash postgres
    fi
    RUN_AS=(runuser -u postgres --)
fi

port_in_use() {
    # A connect that succeeds means something listens there already.
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null || [ -e "/tmp/.s.PGSQL.$1" ]
}

PORT="${NEWSWIRE_PG_PORT:-}"
if [ -z "$PORT" ]; then
    PORT=55432
    while port_in_use "$PORT"; do PORT=$((PORT + 1)); done
elif port_in_use "$PORT"; then
    log "port $PORT is already in use"
    exit 1
fi

DIR="${NEWSWIRE_PG_DIR:-}"
if [ -z "$DIR" ]; then DIR="$(mktemp -d /tmp/newswire-pg.XXXXXX)"; fi
mkdir -p "$DIR"
DATA="$DIR/data"
if [ ${#RUN_AS[@]} -gt 0 ]; then chown postgres: "$DIR"; fi
chmod 700 "$DIR"

log "initdb in $DATA ($BINDIR)"
"${RUN_AS[@]}" "$BINDIR/initdb" -D "$DATA" -U newswire --auth=trust --encoding=UTF8 --locale=C.UTF-8 \
    >"$DIR/initdb.log" 2>&1 || { cat "$DIR/initdb.log" >&2; exit 1; }

log "starting on 127.0.0.1:$PORT"
"${RUN_AS[@]}" "$BINDIR/pg_ctl" -D "$DATA" -l "$DIR/server.log" -w -t 60 \
    -o "-k /tmp -p $PORT -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=400" \
    start </dev/null >>"$DIR/pg_ctl.log" 2>&1 || { cat "$DIR/pg_ctl.log" "$DIR/server.log" >&2; exit 1; }

"${RUN_AS[@]}" "$BINDIR/createdb" -h 127.0.0.1 -p "$PORT" -U newswire newswire </dev/null >&2

# stop.sh needs the bin directory and the port.
echo "$BINDIR" >"$DIR/bindir"
echo "$PORT" >"$DIR/port"

echo "export NEWSWIRE_TEST_POSTGRES_URL=postgres://newswire@127.0.0.1:$PORT/newswire"
echo "export NEWSWIRE_TEST_POSTGRES_DIR=$DIR"
