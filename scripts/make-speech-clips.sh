#!/usr/bin/env bash
# Makes the committed French telephone clips of Tests/SpeechClips/fr/ from clips.tsv (run once;
# the WAVs are committed so CI needs no synthesiser to test the real recogniser).
#
#   scripts/make-speech-clips.sh [--force]
#
# Voice: pico2wave fr-FR (Debian libttspico-utils, non-free; SVOX voice data, Apache-2.0 per its
# copyright file), varied with pico's own markup so the set is not one pitch at one pace (sox's
# pitch/tempo effects leave artefacts no caller's line has):
#   pico       as synthesised
#   pico-low   <pitch level='80'> (a lower voice)
#   pico-fast  <speed level='112'>
# Then the telephone path: 8 kHz, band-passed 300-3400 Hz, peak -3 dBFS, a faint line hiss
# (-60 dBFS), G.711 µ-law WAV (8 KB per second: a few dozen KB per clip).
# MBROLA voices are not used for committed files: their licence forbids use in a sold product
# without the authors' permission (see docs/VOICES.md).
set -euo pipefail
cd "$(dirname "$0")/.."
folder=Tests/SpeechClips/fr
force=${1:-}
command -v pico2wave >/dev/null || { echo "pico2wave not found: apt-get install libttspico-utils (non-free)" >&2; exit 1; }
command -v sox >/dev/null || { echo "sox not found: apt-get install sox" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
while IFS=$'\t' read -r file voice intent text; do
    [[ -z $file || $file == \#* ]] && continue
    [[ -f $folder/$file && $force != --force ]] && continue
    case $voice in
        pico) markup=$text ;;
        pico-low) markup="<pitch level='80'>$text</pitch>" ;;
        pico-fast) markup="<speed level='112'>$text</speed>" ;;
        *) echo "$file: unknown voice $voice" >&2; exit 1 ;;
    esac
    pico2wave -l fr-FR -w "$work/raw.wav" "$markup"
    sox "$work/raw.wav" "$work/voiced.wav" rate 8000 sinc 300-3400 gain -n -3
    sox -n -r 8000 -c 1 "$work/hiss.wav" synth "$(soxi -D "$work/voiced.wav")" whitenoise vol 0.001
    sox -m "$work/voiced.wav" "$work/hiss.wav" -r 8000 -c 1 -e u-law -b 8 "$folder/$file"
    echo "$folder/$file ($intent): $text ($(stat -c %s "$folder/$file") bytes)"
done <"$folder/clips.tsv"
