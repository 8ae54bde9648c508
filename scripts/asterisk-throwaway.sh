#!/usr/bin/env bash
# A throwaway Asterisk on loopback for the real-Asterisk tests (MiniBotRealAsteriskTests).
#
#   scripts/asterisk-throwaway.sh build                     # once; cached outside the repository
#   eval "$(scripts/asterisk-throwaway.sh start)"           # sets MINIBOT_TEST_ASTERISK_* (see below)
#   swift test --no-parallel --filter RealAsterisk
#   scripts/asterisk-throwaway.sh stop "$MINIBOT_TEST_ASTERISK_DIR"
#
# build: unpacks ../shared/third-party/asterisk/asterisk-*.tar.gz (or $MINIBOT_ASTERISK_TARBALL) and
#   builds only the ~80 modules the tests load (no SIP: Local channels play caller and callee) into
#   ${MINIBOT_CACHE:-$HOME/.cache/minibot}/asterisk/<tarball sha256 prefix>/. A second build with
#   the same tarball is a no-op.
# start: writes a private configuration into a fresh temporary directory (every Asterisk directory
#   points inside it, HTTP/ARI on 127.0.0.1 with a free port, modules.conf autoload=no), generates
#   the French test clips, starts `asterisk -C DIR/etc/asterisk.conf -f` in the background and waits
#   for ARI. Only `export …` lines go to stdout, so `eval` is safe.
# stop DIR: stops that instance by its PID and removes DIR.
#
# The dialplan holds the contexts of docs/pbx/asterisk.md and README.md as written ([minibot],
# [minibot-amd], [minibot-audiosocket]) and [minibot-test], whose extensions play the far end of a
# call (see write_extensions below).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

log() { echo "asterisk-throwaway: $*" >&2; }

tarball() {
    if [[ -n "${MINIBOT_ASTERISK_TARBALL:-}" ]]; then echo "$MINIBOT_ASTERISK_TARBALL"; return; fi
    local found
    found=$(ls "$repo"/../shared/third-party/asterisk/asterisk-*.tar.gz 2>/dev/null | sort | tail -n 1 || true)
    [[ -n "$found" ]] || { log "no Asterisk tarball in ../shared/third-party/asterisk/ (set MINIBOT_ASTERISK_TARBALL)"; return 1; }
    echo "$found"
}

# The cache directory of the build of this tarball with this module list.
prefix_dir() {
    local tb hash modules
    tb=$(tarball) || return 1
    hash=$(sha256sum "$tb" | cut -c1-16)
    modules=$(echo "${MODULES[*]} ${CFLAGS_ON[*]}" | sha256sum | cut -c1-8)
    echo "${MINIBOT_CACHE:-$HOME/.cache/minibot}/asterisk/$hash-$modules"
}

# What the tests load. The build compiles exactly these (plus the core).
MODULES=(
    # ARI and Stasis
    res_ari res_ari_model res_ari_applications res_ari_asterisk res_ari_bridges res_ari_channels
    res_ari_device_states res_ari_endpoints res_ari_events res_ari_playbacks res_ari_recordings res_ari_sounds
    res_stasis res_stasis_answer res_stasis_playback res_stasis_recording res_stasis_snoop res_stasis_device_state
    res_stasis_broadcast res_http_websocket res_websocket_client app_stasis
    # AudioSocket (dialplan app, externalMedia channel driver, shared protocol module)
    res_audiosocket app_audiosocket chan_audiosocket
    # RTP externalMedia and bridging
    chan_rtp res_rtp_asterisk res_rtp_multicast chan_bridge_media bridge_simple bridge_softmix bridge_native_rtp bridge_holding
    bridge_builtin_features
    # Dialplan applications the contexts use
    pbx_config app_amd app_dial app_mixmonitor app_playback app_record app_echo app_verbose app_exec
    app_senddtmf app_userevent app_system app_waitforsilence app_playtones app_originate app_while
    app_dumpchan app_read
    # Functions
    func_uuid func_shell func_periodic_hook app_chanspy func_groupcount func_uri func_strings func_logic func_channel func_callerid func_cut func_math func_rand
    func_global func_env func_timeout func_hangupcause func_dialplan func_volume
    # Codecs and file formats
    codec_ulaw codec_alaw codec_a_mu codec_resample codec_gsm format_wav format_pcm format_sln format_gsm
    # Infrastructure
    res_timing_timerfd res_timing_pthread res_musiconhold res_sorcery_config res_sorcery_memory res_sorcery_astdb
    res_mutestream res_clioriginate
)

# Compiler options kept on after --disable-all. OPTIONAL_API: without it, modules call optional
# functions of other modules directly (res_ari_events fails to load: stasis_app_claim_channel).
CFLAGS_ON=(OPTIONAL_API)

build() {
    local prefix tb
    prefix=$(prefix_dir)
    tb=$(tarball)
    if [[ -x "$prefix/sbin/asterisk" && -f "$prefix/.complete" ]]; then
        log "cached build in $prefix"
        return 0
    fi
    local missing=() pkg
    for pkg in build-essential pkg-config libedit-dev libjansson-dev libxml2-dev libsqlite3-dev uuid-dev libssl-dev; do
        dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
    done
    if [[ ${#missing[@]} -gt 0 ]]; then
        if [[ $(id -u) -eq 0 ]]; then
            log "installing ${missing[*]}"
            (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}") >&2
        else
            log "missing Debian packages: ${missing[*]}"; return 1
        fi
    fi
    rm -rf "$prefix"
    mkdir -p "$prefix"
    local src
    src=$(mktemp -d "${TMPDIR:-/tmp}/minibot-asterisk-src.XXXXXX")
    log "unpacking $(basename "$tb") into $src"
    tar xzf "$tb" -C "$src" --strip-components=1
    local version
    version=$(basename "$tb" .tar.gz); version=${version#asterisk-}
    echo "$version" > "$src/.version"
    local jobs=${MINIBOT_BUILD_JOBS:-$(nproc)}
    (
        cd "$src"
        log "configure (log: $src/build.log)"
        nice -n 10 ./configure --prefix="$prefix" --without-pjproject-bundled --without-pjproject \
            --without-jansson-bundled --with-jansson --without-libjwt-bundled --without-libjwt >build.log 2>&1
        nice -n 10 make menuselect.makeopts >>build.log 2>&1
        local args=(--disable-all)
        local m
        for m in "${MODULES[@]}" "${CFLAGS_ON[@]}"; do args+=(--enable "$m"); done
        menuselect/menuselect "${args[@]}" menuselect.makeopts >>build.log 2>&1
        log "make -j$jobs (about 2 minutes on 2 cores)"
        nice -n 10 make -j"$jobs" NOISY_BUILD= >>build.log 2>&1
        nice -n 10 make install >>build.log 2>&1
    ) || { log "build failed; last lines of $src/build.log:"; tail -n 40 "$src/build.log" >&2; return 1; }
    local m
    for m in "${MODULES[@]}"; do
        [[ -f "$prefix/lib/asterisk/modules/$m.so" ]] || log "warning: module $m was not built"
    done
    touch "$prefix/.complete"
    rm -rf "$src"
    log "built into $prefix"
}

free_port() {
    python3 - <<'PYEOF'
import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()
PYEOF
}

# The first ```ini block after the heading that contains $2 in markdown file $1.
doc_block() {
    awk -v heading="$2" '
        index($0, heading) == 1 { found = 1; next }
        found && /^```/ { if (inside) exit; inside = 1; next }
        found && inside { print }
    ' "$1"
}

# French clips the test callees and callers play (8 kHz mono 16-bit WAV, what format_wav reads).
write_sounds() {
    local dir=$1
    mkdir -p "$dir"
    say() { # name text
        espeak-ng -v fr -s 150 -w "$dir/$1.raw.wav" "$2" >/dev/null 2>&1
        sox "$dir/$1.raw.wav" -r 8000 -c 1 -b 16 "$dir/$1.wav" >/dev/null 2>&1
        rm -f "$dir/$1.raw.wav"
    }
    say allo "Allô ?"
    say oui "Oui, je vous écoute."
    say question "Bonjour, j'appelle au sujet de ma facture d'électricité, elle est beaucoup trop élevée ce mois-ci."
    say greeting "Bonjour, vous êtes bien sur la messagerie de Jean Dupont. Je ne suis pas disponible pour le moment. Laissez-moi un message après le bip sonore, et je vous rappellerai dès que possible. Merci et bonne journée."
    sox -n -r 8000 -c 1 -b 16 "$dir/beep.wav" synth 0.6 sine 1000 vol 0.5 >/dev/null 2>&1
    # Digital silence a person's phone keeps sending while listening (Wait() sends no frames at all,
    # and Asterisk's AMD() counts silence only in frames it receives).
    sox -n -r 8000 -c 1 -b 16 "$dir/silence5.wav" trim 0 5 >/dev/null 2>&1
    sox -n -r 8000 -c 1 -b 16 "$dir/silence20.wav" trim 0 20 >/dev/null 2>&1
}

write_config() {
    local dir=$1 prefix=$2 http_port=$3 audiosocket_port=$4 password=$5
    local etc=$dir/etc
    mkdir -p "$etc" "$dir"/{cache,varlib,db,keys,data,agi,spool,run,log,recordings}
    cat >"$etc/asterisk.conf" <<CONF
[directories]
astcachedir => $dir/cache
astetcdir => $etc
astmoddir => $prefix/lib/asterisk/modules
astvarlibdir => $dir/varlib
astdbdir => $dir/db
astkeydir => $dir/keys
astdatadir => $prefix/var/lib/asterisk
astagidir => $dir/agi
astspooldir => $dir/spool
astrundir => $dir/run
astlogdir => $dir/log
astsbindir => $prefix/sbin

[options]
verbose = 3
debug = 0
documentation_language = en_US
transmit_silence = no
CONF
    {
        echo "[modules]"
        echo "autoload = no"
        local m
        for m in "${MODULES[@]}"; do
            if [[ -f "$prefix/lib/asterisk/modules/$m.so" ]]; then echo "load => $m.so"; fi
        done
    } >"$etc/modules.conf"
    cat >"$etc/logger.conf" <<CONF
[general]
dateformat = %F %T.%3q
[logfiles]
messages.log => notice,warning,error,verbose
CONF
    cat >"$etc/http.conf" <<CONF
[general]
enabled = yes
bindaddr = 127.0.0.1
bindport = $http_port
CONF
    cat >"$etc/ari.conf" <<CONF
[general]
enabled = yes
pretty = no

[minibot]
type = user
read_only = no
password = $password
password_format = plain
CONF
    # app_amd's defaults, written out so a test can read what it runs against.
    cat >"$etc/amd.conf" <<CONF
[general]
initial_silence = 2500
greeting = 1500
after_greeting_silence = 800
total_analysis_time = 5000
min_word_length = 100
between_words_silence = 50
maximum_number_of_words = 2
silence_threshold = 256
maximum_word_length = 5000
CONF
    local empty
    for empty in musiconhold stasis cdr cel features indications acl udptl ccss websocket_client; do : >"$etc/$empty.conf"; done
    local sounds=$dir/sounds rec=$dir/recordings
    write_sounds "$sounds"
    local docs_contexts readme_context
    # The documentation's contexts as written; only the bot's address becomes this test's port.
    docs_contexts=$(doc_block "$repo/docs/pbx/asterisk.md" '## 4. `extensions.conf`' \
        | sed -E "s/127\.0\.0\.1:9092/127.0.0.1:$audiosocket_port/g")
    readme_context=$(doc_block "$repo/README.md" '### Asterisk: inbound calls to the bot over AudioSocket' \
        | sed -E "s/bot\.example\.lan:9092/127.0.0.1:$audiosocket_port/g")
    [[ -n "$docs_contexts" && -n "$readme_context" ]] || { log "could not read the dialplan examples from docs/pbx/asterisk.md and README.md"; return 1; }
    cat >"$etc/extensions.conf" <<CONF
[general]
static = yes
writeprotect = yes

[globals]
TEST_SOUNDS = $sounds
TEST_REC = $rec

; ---- docs/pbx/asterisk.md, section 4, as written ----
$docs_contexts

; ---- README.md, inbound AudioSocket, as written ----
$readme_context

; ---- the far ends of test calls: ASTERISK_ENDPOINT=Local/{number}@minibot-test ----
; Numbers are French mobiles as the bot dials them (E.164). Each answering callee records what it
; hears (the bot) into \${TEST_REC}/<number>-heard.wav and what it says into <number>-said.wav.
[minibot-test]
; +33611xxxxxx: a person. "Allô ?", listens, "Oui, je vous écoute.", listens, hangs up after ~27 s.
; Listening is played silence: a phone keeps sending frames, Wait() would send none.
exten => _+33611XXXXXX,1,Answer()
 same => n,MixMonitor(\${TEST_REC}/\${EXTEN}.wav,r(\${TEST_REC}/\${EXTEN}-heard.wav)t(\${TEST_REC}/\${EXTEN}-said.wav))
 same => n,Playback(\${TEST_SOUNDS}/allo)
 same => n,Playback(\${TEST_SOUNDS}/silence5)
 same => n,Playback(\${TEST_SOUNDS}/oui)
 same => n,Playback(\${TEST_SOUNDS}/silence20)
 same => n,Hangup(16)
; +33612xxxxxx: busy.
exten => _+33612XXXXXX,1,Busy(10)
; +33613xxxxxx: network congestion.
exten => _+33613XXXXXX,1,Congestion(10)
; +33614xxxxxx: unallocated number (Q.850 1).
exten => _+33614XXXXXX,1,Hangup(1)
; +33615xxxxxx: rings, nobody answers.
exten => _+33615XXXXXX,1,Ringing()
 same => n,Wait(600)
; +33616xxxxxx: answers, "Allô ?", hangs up while the bot is still speaking.
exten => _+33616XXXXXX,1,Answer()
 same => n,MixMonitor(\${TEST_REC}/\${EXTEN}.wav,r(\${TEST_REC}/\${EXTEN}-heard.wav)t(\${TEST_REC}/\${EXTEN}-said.wav))
 same => n,Playback(\${TEST_SOUNDS}/allo)
 same => n,Wait(1.5)
 same => n,Hangup(16)
; +33617xxxxxx: voicemail: a long greeting, a beep, then records the message.
exten => _+33617XXXXXX,1,Answer()
 same => n,MixMonitor(\${TEST_REC}/\${EXTEN}.wav,r(\${TEST_REC}/\${EXTEN}-heard.wav)t(\${TEST_REC}/\${EXTEN}-said.wav))
 same => n,Wait(0.3)
 same => n,Playback(\${TEST_SOUNDS}/greeting)
 same => n,Playback(\${TEST_SOUNDS}/beep)
 same => n,Wait(15)
 same => n,Hangup(16)
; +33618xxxxxx: answers and never sends a frame (silent far end); hangs up after 60 s.
exten => _+33618XXXXXX,1,Answer()
 same => n,MixMonitor(\${TEST_REC}/\${EXTEN}.wav,r(\${TEST_REC}/\${EXTEN}-heard.wav))
 same => n,Wait(60)
 same => n,Hangup(16)

; +33619xxxxxx: a caller who keeps talking (transfer tests: whoever is bridged with it hears it).
exten => _+33619XXXXXX,1,Answer()
 same => n,MixMonitor(\${TEST_REC}/\${EXTEN}.wav,r(\${TEST_REC}/\${EXTEN}-heard.wav)t(\${TEST_REC}/\${EXTEN}-said.wav))
 same => n,Playback(\${TEST_SOUNDS}/allo)
 same => n,Playback(\${TEST_SOUNDS}/question&\${TEST_SOUNDS}/question&\${TEST_SOUNDS}/question&\${TEST_SOUNDS}/question&\${TEST_SOUNDS}/question)
 same => n,Hangup(16)

; ---- live-transfer agents: ASTERISK_TRANSFER_ENDPOINT=Local/{target}@minibot-agents ----
; agent-answers: picks up, records what it hears into \${TEST_REC}/agent-<id>-heard.wav (id: the bot's
; call id inherited as MINIBOT_CALL_ID on ARI transfers, else the caller id number),
; says "Oui, je vous écoute." twice over 8 s and hangs up. agent-busy: busy. agent-silent: never answers.
[minibot-agents]
exten => agent-answers,1,Answer()
 same => n,Set(ID=\${IF(\$["\${MINIBOT_CALL_ID}" != ""]?\${MINIBOT_CALL_ID}:\${CALLERID(num)})})
 same => n,MixMonitor(\${TEST_REC}/agent-\${ID}.wav,r(\${TEST_REC}/agent-\${ID}-heard.wav))
 same => n,Playback(\${TEST_SOUNDS}/oui)
 same => n,Playback(\${TEST_SOUNDS}/silence5)
 same => n,Playback(\${TEST_SOUNDS}/oui)
 same => n,Hangup(16)
exten => agent-busy,1,Busy(10)
exten => agent-silent,1,Ringing()
 same => n,Wait(600)

; Inbound test callers: originate Local/<n>@minibot (README context) with this as the other leg.
; The caller speaks, listens, and hangs up after 12 s; what it heard goes to \${TEST_REC}/in-<n>-heard.wav.
[minibot-test-long-caller]
; Like minibot-test-caller but talks for ~30 s (transfer tests).
exten => _X.,1,Answer()
 same => n,MixMonitor(\${TEST_REC}/in-\${EXTEN}.wav,r(\${TEST_REC}/in-\${EXTEN}-heard.wav))
 same => n,Wait(1)
 same => n,Playback(\${TEST_SOUNDS}/question&\${TEST_SOUNDS}/question&\${TEST_SOUNDS}/question&\${TEST_SOUNDS}/question&\${TEST_SOUNDS}/question)
 same => n,Hangup(16)

[minibot-test-caller]
exten => _X.,1,Answer()
 same => n,MixMonitor(\${TEST_REC}/in-\${EXTEN}.wav,r(\${TEST_REC}/in-\${EXTEN}-heard.wav))
 same => n,Wait(1)
 same => n,Playback(\${TEST_SOUNDS}/question)
 same => n,Wait(8)
 same => n,Hangup(16)
CONF
}

start() {
    local prefix
    prefix=$(prefix_dir)
    [[ -x "$prefix/sbin/asterisk" && -f "$prefix/.complete" ]] || { log "not built: run $0 build first"; return 1; }
    command -v espeak-ng >/dev/null && command -v sox >/dev/null || { log "espeak-ng and sox are needed for the test clips"; return 1; }
    local dir http_port audiosocket_port password
    dir=$(mktemp -d "${TMPDIR:-/tmp}/minibot-asterisk.XXXXXX")
    http_port=$(free_port)
    audiosocket_port=$(free_port)
    password=$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')
    write_config "$dir" "$prefix" "$http_port" "$audiosocket_port" "$password"
    "$prefix/sbin/asterisk" -C "$dir/etc/asterisk.conf" -f -n >"$dir/log/console.log" 2>&1 &
    echo $! >"$dir/asterisk.pid"
    local i
    for i in $(seq 1 120); do
        if curl -fsS -u "minibot:$password" "http://127.0.0.1:$http_port/ari/asterisk/info" >/dev/null 2>&1; then
            cat <<ENV
export MINIBOT_TEST_ASTERISK_DIR=$dir
export MINIBOT_TEST_ASTERISK_CONF=$dir/etc/asterisk.conf
export MINIBOT_TEST_ASTERISK_BIN=$prefix/sbin/asterisk
export MINIBOT_TEST_ASTERISK_ARI_URL=http://127.0.0.1:$http_port
export MINIBOT_TEST_ASTERISK_ARI_PASSWORD=$password
export MINIBOT_TEST_ASTERISK_AUDIOSOCKET_PORT=$audiosocket_port
export MINIBOT_TEST_ASTERISK_RECORDINGS=$dir/recordings
export MINIBOT_TEST_ASTERISK_LOG=$dir/log/messages.log
ENV
            log "ready: ARI on 127.0.0.1:$http_port, inbound contexts point at 127.0.0.1:$audiosocket_port (files in $dir)"
            return 0
        fi
        if ! kill -0 "$(cat "$dir/asterisk.pid")" 2>/dev/null; then
            log "asterisk exited during start; last lines of its log:"; tail -n 30 "$dir/log/console.log" >&2; return 1
        fi
        sleep 0.5
    done
    log "ARI did not answer within 60 s; see $dir/log/"; stop "$dir"; return 1
}

stop() {
    local dir=${1:-}
    [[ -n "$dir" && -f "$dir/asterisk.pid" ]] || { log "usage: $0 stop DIR (the MINIBOT_TEST_ASTERISK_DIR printed by start)"; return 2; }
    local pid
    pid=$(cat "$dir/asterisk.pid")
    if kill -0 "$pid" 2>/dev/null; then
        kill -TERM "$pid" 2>/dev/null || true
        local i
        for i in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
        kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -rf "$dir"
    log "stopped $pid and removed $dir"
}

case "${1:-}" in
    build) build ;;
    start) start ;;
    stop) shift; stop "${1:-}" ;;
    prefix) prefix_dir ;;
    *) echo "usage: $0 build | start | stop DIR | prefix" >&2; exit 2 ;;
esac
