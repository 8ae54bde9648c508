#!/usr/bin/env bash
# A throwaway PostgreSQL server on loopback for the storage tests (MiniBotStorageTests).
#
#   eval "$(scripts/postgres-throwaway.sh start)"   # sets MINIBOT_TEST_POSTGRES_URL and MINIBOT_TEST_POSTGRES_DIR
#   swift test
#   scripts/postgres-throwaway.sh stop "$MINIBOT_TEST_POSTGRES_DIR"
#
# `start` prints only `export …` lines on stdout (progress goes to stderr), so `eval` is safe.
# It installs Debian's `postgresql` when the binaries are missing and we are root, runs initdb
# as the `postgres` user (initdb refuses root), picks a random free port, starts the server with
# fsync off (test data only) and waits with pg_isready.
set -euo pipefail

log() { echo "postgres-throwaway: $*" >&2; }

find_pgbin() {
    local dir
    for dir in /usr/lib/postgresql/*/bin; do
        if [[ -x "$dir/initdb" && -x "$dir/pg_ctl" ]]; then echo "$dir"; fi
    done | sort -V | tail -n 1
}

free_port() {
    python3 - <<'PY'
import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()
PY
}

as_postgres() {
    if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start() {
    local pgbin
    pgbin=$(find_pgbin)
    if [[ -z "$pgbin" ]]; then
        if [[ $(id -u) -ne 0 ]]; then
            log "PostgreSQL binaries not found and not root: install the 'postgresql' package"; exit 1
        fi
        log "installing postgresql with apt-get"
        (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql) >&2
        pgbin=$(find_pgbin)
        [[ -n "$pgbin" ]] || { log "postgresql installed but initdb not found"; exit 1; }
    fi
    local root port
    root=$(mktemp -d /tmp/minibot-pg.XXXXXX)
    chmod 755 "$root"
    echo secret > "$root/pwfile"
    if [[ $(id -u) -eq 0 ]]; then chown -R postgres:postgres "$root"; fi
    as_postgres "$pgbin/initdb" -D "$root/data" -U postgres --pwfile="$root/pwfile" \
        --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$root/initdb.log" 2>&1 \
        || { log "initdb failed:"; cat "$root/initdb.log" >&2; exit 1; }
    local attempt
    for attempt in 1 2 3; do
        port=$(free_port)
        if as_postgres "$pgbin/pg_ctl" -D "$root/data" -l "$root/server.log" -w -t 30 \
            -o "-c listen_addresses=127.0.0.1 -p $port -k $root -c fsync=off -c max_connections=200" start >&2; then
            break
        fi
        log "start on port $port failed (attempt $attempt)"; port=""
    done
    [[ -n "$port" ]] || { log "could not start PostgreSQL; see $root/server.log"; exit 1; }
    local i
    for i in $(seq 1 60); do
        if "$pgbin/pg_isready" -q -h 127.0.0.1 -p "$port"; then
            echo "export MINIBOT_TEST_POSTGRES_URL=postgres://postgres:secret@127.0.0.1:$port/postgres"
            echo "export MINIBOT_TEST_POSTGRES_DIR=$root"
            log "ready on 127.0.0.1:$port (data in $root)"
            return 0
        fi
        sleep 0.5
    done
    log "server did not become ready; see $root/server.log"; exit 1
}

stop() {
    local root=${1:-}
    [[ -n "$root" && -d "$root/data" ]] || { log "usage: $0 stop DIR (the MINIBOT_TEST_POSTGRES_DIR printed by start)"; exit 2; }
    local pgbin
    pgbin=$(find_pgbin)
    as_postgres "$pgbin/pg_ctl" -D "$root/data" -m fast -w stop >&2 || true
    rm -rf "$root"
    log "stopped and removed $root"
}

case "${1:-}" in
    start) start ;;
    stop) shift; stop "${1:-}" ;;
    *) echo "usage: $0 start | stop DIR" >&2; exit 2 ;;
esac
