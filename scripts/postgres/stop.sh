#!/usr/bin/env bash
# Stops the server scripts/postgres/start.sh started and removes its data
# directory. The directory comes from the first argument or
# NEWSWIRE_TEST_POSTGRES_DIR (both as start.sh printed it). Safe to run twice.
set -uo pipefail

DIR="${1:-${NEWSWIRE_TEST_POSTGRES_DIR:-}}"
if [ -z "$DIR" ]; then
    echo "postgres/stop.sh: no directory (pass it, or set NEWSWIRE_TEST_POSTGRES_DIR)" >&2
    exit 1
fi
if [ ! -d "$DIR" ]; then exit 0; fi
# Never remove a directory start.sh did not make.
if [ ! -f "$DIR/initdb.log" ]; then
    echo "postgres/stop.sh: $DIR was not made by start.sh; leaving it" >&2
    exit 1
fi
if [ -d "$DIR/data" ] && [ -f "$DIR/bindir" ]; then
    BINDIR="$(cat "$DIR/bindir")"
    RUN_AS=()
    if [ "$(id -u)" -eq 0 ]; then RUN_AS=(runuser -u postgres --); fi
    if [ -f "$DIR/data/postmaster.pid" ]; then
        "${RUN_AS[@]}" "$BINDIR/pg_ctl" -D "$DIR/data" -m fast -w -t 60 stop >&2 \
            || "${RUN_AS[@]}" "$BINDIR/pg_ctl" -D "$DIR/data" -m immediate -w stop >&2 || true
    fi
fi
rm -rf "$DIR"
