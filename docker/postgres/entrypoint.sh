#!/bin/bash
# Entry point of the compose profile's PostgreSQL (docker/postgres/Dockerfile).
#
# First start (no PG_VERSION in $PGDATA, the volume): initdb with
# POSTGRES_USER (default newswire) as the superuser, POSTGRES_PASSWORD as its
# password (required), POSTGRES_DB (default: the user's name) created and
# owned by it. Clients on the network log in with that password (SCRAM);
# only the container's own Unix socket trusts local users (psql in
# `docker compose exec`). Later starts use the volume's cluster as it is.
# Then postgres runs in the foreground, listening on every address of the
# container; extra arguments are passed on (e.g. -c shared_buffers=256MB).
set -euo pipefail
: "${PGDATA:=/var/lib/postgresql/data}"
user="${POSTGRES_USER:-newswire}"
database="${POSTGRES_DB:-$user}"

if [ ! -s "$PGDATA/PG_VERSION" ]; then
    if [ -z "${POSTGRES_PASSWORD:-}" ]; then
        echo "newswire-postgres: POSTGRES_PASSWORD is empty; refusing to create a cluster without one" >&2
        exit 1
    fi
    echo "newswire-postgres: creating the cluster in $PGDATA (user $user, database $database)" >&2
    pwfile=$(mktemp)
    printf '%s\n' "$POSTGRES_PASSWORD" >"$pwfile"
    initdb --pgdata="$PGDATA" --username="$user" --pwfile="$pwfile" --encoding=UTF8 --locale=C.UTF-8 \
        --auth-local=trust --auth-host=scram-sha-256 >/dev/null
    rm -f "$pwfile"
    echo "host all all all scram-sha-256" >>"$PGDATA/pg_hba.conf"
    if [ "$database" != postgres ]; then
        # Single-user mode: no server (and nothing listening) until the cluster is complete.
        quote() { printf '"%s"' "${1//\"/\"\"}"; }
        echo "CREATE DATABASE $(quote "$database") OWNER $(quote "$user");" \
            | postgres --single -j -D "$PGDATA" postgres >/dev/null
    fi
fi

exec postgres -D "$PGDATA" -c listen_addresses='*' "$@"
