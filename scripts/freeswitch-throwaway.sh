#!/usr/bin/env bash
# A throwaway FreeSWITCH 1.10 with mod_audio_stream on loopback, for the real-FreeSWITCH tests.
#
#   scripts/freeswitch-throwaway.sh build              # once: spandsp, sofia-sip, FreeSWITCH, mod_audio_stream
#   eval "$(scripts/freeswitch-throwaway.sh start)"    # sets MINIBOT_TEST_FREESWITCH_* and the ESL settings
#   swift test --no-parallel --filter RealFreeSwitch
#   scripts/freeswitch-throwaway.sh stop "$MINIBOT_TEST_FREESWITCH_DIR"
#
# Sources come from ${MINIBOT_FREESWITCH_SOURCES:-../shared/third-party/freeswitch} (tarballs, see the README
# there). The build goes to a cache OUTSIDE the repository, keyed by the tarballs' hashes and this script's
# build recipe: ${MINIBOT_CACHE:-$HOME/.cache/minibot}/freeswitch/<key>/. A second `build` is instant.
#
# `start` writes a private configuration into a fresh temporary directory (Event Socket on 127.0.0.1 on a
# free port with a random password, mod_loopback for the "phones", a test dialplan of callee extensions),
# starts `freeswitch -nf -nc -nonat -nonatmap` with every directory pointing there, waits until the Event
# Socket answers, and prints only `export …` lines on stdout (progress goes to stderr), so `eval` is safe.
# `stop DIR` stops that FreeSWITCH by its PID and removes DIR. `restart DIR` stops and starts the same
# switch on the same port and configuration (the tests use it to check that our Event Socket reconnects).
#
# Test dialplan (context `minibot-test`; dial `loopback/<ext>/minibot-test`):
#   answer     answers, says "Allô ?", later "Oui, d'accord…", records the callee leg (record_session)
#   answer-silent  answers, records, plays nothing (the far end sends silence)
#   busy       hangs up unanswered with USER_BUSY (q850 17; `respond 486` does nothing on a loopback leg)
#   noanswer   rings forever (the originate times out: NO_ANSWER, q850 19)
#   hangup     answers, records, says one short sentence and hangs up while the bot is still speaking
#   machine    answers, plays a long answering-machine greeting then a beep, records
#   talk       answers, records, says "Allô ?", then 3 s later (past the bot's 3 s barge-in grace) speaks over the bot
# Recordings go to $DIR/recordings/<extension>-<uuid>.wav (8 kHz mono 16-bit).
set -euo pipefail

log() { echo "freeswitch-throwaway: $*" >&2; }

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
sources=${MINIBOT_FREESWITCH_SOURCES:-}
if [[ -z "$sources" ]]; then
    for candidate in "$repo/../shared/third-party/freeswitch" "/work/shared/third-party/freeswitch"; do
        if [[ -f "$candidate/freeswitch.tar.gz" ]]; then sources=$(cd "$candidate" && pwd); break; fi
    done
fi
cache_root=${MINIBOT_CACHE:-$HOME/.cache/minibot}/freeswitch
# Bump when the build recipe below changes, so the cache key changes with it.
recipe_version=1
tarballs=(spandsp.tar.gz sofia-sip.tar.gz freeswitch.tar.gz mod_audio_stream.tar.gz libwsc.tar.gz)
modules=(
    loggers/mod_console loggers/mod_logfile
    event_handlers/mod_event_socket
    applications/mod_commands applications/mod_dptools applications/mod_db applications/mod_hash
    applications/mod_expr
    dialplans/mod_dialplan_xml
    endpoints/mod_loopback
    formats/mod_sndfile formats/mod_native_file formats/mod_tone_stream
    say/mod_say_en
)

cache_key() {
    [[ -n "$sources" && -d "$sources" ]] || { log "FreeSWITCH sources not found (set MINIBOT_FREESWITCH_SOURCES)"; exit 1; }
    local t
    {
        for t in "${tarballs[@]}"; do
            [[ -f "$sources/$t" ]] || { log "missing $sources/$t"; exit 1; }
            sha256sum "$sources/$t" | cut -d' ' -f1
        done
        echo "recipe $recipe_version ${modules[*]}"
    } | sha256sum | cut -c1-16
}

install_dir() { echo "$cache_root/$(cache_key)"; }

need_tools() {
    local missing=() tool
    for tool in gcc g++ make autoconf automake libtool pkg-config cmake; do
        command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
    done
    if [[ ${#missing[@]} -gt 0 ]]; then log "missing build tools: ${missing[*]}"; exit 1; fi
}

build() {
    local dir
    dir=$(install_dir)
    if [[ -x "$dir/fs/bin/freeswitch" && -f "$dir/fs/lib/freeswitch/mod/mod_audio_stream.so" && -f "$dir/.complete" ]]; then
        log "cached build in $dir"
        echo "$dir"
        return 0
    fi
    need_tools
    local jobs=${MINIBOT_BUILD_JOBS:-2}
    local work="$dir.work.$$"
    rm -rf "$work" "$dir"
    mkdir -p "$work" "$dir"
    local deps="$dir/deps" fs="$dir/fs" t0=$SECONDS
    log "building into $dir (logs in $work/*.log; this takes a few minutes)"
    (
        set -e
        cd "$work"
        for t in "${tarballs[@]}"; do tar xzf "$sources/$t"; done

        log "spandsp"
        cd "$work/spandsp"
        { ./bootstrap.sh && ./configure --prefix="$deps" --disable-static && make -j"$jobs" && make install; } \
            >"$work/spandsp.log" 2>&1 || { log "spandsp failed"; tail -40 "$work/spandsp.log" >&2; exit 1; }

        log "sofia-sip"
        cd "$work/sofia-sip"
        { ./bootstrap.sh && ./configure --prefix="$deps" --disable-static --without-glib --without-doxygen \
            && make -j"$jobs" && make install; } \
            >"$work/sofia-sip.log" 2>&1 || { log "sofia-sip failed"; tail -40 "$work/sofia-sip.log" >&2; exit 1; }

        log "FreeSWITCH"
        cd "$work/freeswitch"
        printf '%s\n' "${modules[@]}" > modules.conf
        export PKG_CONFIG_PATH="$deps/lib/pkgconfig"
        export LDFLAGS="-Wl,-rpath,$deps/lib"
        { ./bootstrap.sh -j \
            && ./configure --prefix="$fs" --disable-libvpx --disable-libyuv --without-png --without-freetype \
                --disable-core-odbc-support --without-python --without-python3 --disable-debug \
            && make -j"$jobs" && make install; } \
            >"$work/freeswitch.log" 2>&1 || { log "FreeSWITCH failed"; tail -60 "$work/freeswitch.log" >&2; exit 1; }

        log "mod_audio_stream"
        rm -rf "$work/mod_audio_stream/libs/libwsc"
        mv "$work/libwsc" "$work/mod_audio_stream/libs/libwsc"
        mkdir -p "$work/mod_audio_stream/build"
        cd "$work/mod_audio_stream/build"
        export PKG_CONFIG_PATH="$fs/lib/pkgconfig:$deps/lib/pkgconfig"
        # The module goes to FreeSWITCH's modulesdir (from its pkg-config file); libwsc's headers and docs
        # to a prefix inside the cache, never to /usr/local.
        { cmake -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX="$dir/extra" .. && make -j"$jobs" && make install; } \
            >"$work/mod_audio_stream.log" 2>&1 \
            || { log "mod_audio_stream failed"; tail -40 "$work/mod_audio_stream.log" >&2; exit 1; }
        [[ -f "$fs/lib/freeswitch/mod/mod_audio_stream.so" ]] \
            || { log "mod_audio_stream.so not installed in $fs/lib/freeswitch/mod"; exit 1; }
    ) || { log "build failed: logs kept in $work"; rm -rf "$dir"; exit 1; }
    rm -rf "$work"
    touch "$dir/.complete"
    log "built in $((SECONDS - t0)) s: $dir"
    echo "$dir"
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

# French test speech: espeak-ng + sox when present (8 kHz mono 16-bit), else tones, so the switch always starts.
make_clip() {
    local out=$1 text=$2 tone=$3
    if command -v espeak-ng >/dev/null 2>&1 && command -v sox >/dev/null 2>&1; then
        espeak-ng -v fr -s 150 -w "$out.raw.wav" "$text" 2>/dev/null \
            && sox -q "$out.raw.wav" -r 8000 -c 1 -b 16 -e signed-integer "$out" 2>/dev/null \
            && rm -f "$out.raw.wav" && return 0
    fi
    rm -f "$out.raw.wav"
    python3 - "$out" "$tone" <<'PY'
import math, struct, sys, wave
out, freq = sys.argv[1], float(sys.argv[2])
with wave.open(out, "wb") as w:
    w.setnchannels(1); w.setsampwidth(2); w.setframerate(8000)
    w.writeframes(b"".join(struct.pack("<h", int(8000 * math.sin(2 * math.pi * freq * i / 8000))) for i in range(8000 * 2)))
PY
}

write_config() {
    local dir=$1 port=$2 password=$3
    local conf="$dir/conf" media="$dir/media" rec="$dir/recordings"
    mkdir -p "$conf" "$dir/log" "$dir/db" "$dir/run" "$dir/tmp" "$dir/storage" "$dir/cache" "$dir/certs" \
        "$dir/scripts" "$dir/grammar" "$dir/sounds" "$media" "$rec"
    # A person answers with a short "Allô ?" and waits (a long greeting is what answering machines do).
    make_clip "$media/hello.wav" "Allô ?" 440
    make_clip "$media/yes.wav" "Oui, d'accord, ça m'intéresse. Vous pouvez m'en dire plus ?" 523
    make_clip "$media/bye.wav" "Ah non, excusez-moi, je dois raccrocher." 587
    make_clip "$media/interrupt.wav" "Non non, attendez, je vous arrête tout de suite, ça ne m'intéresse pas du tout, merci." 659
    make_clip "$media/machine.wav" "Bonjour, vous êtes bien sur la messagerie vocale de Jean Dupont. Je ne suis pas disponible pour le moment. Laissez-moi un message après le bip sonore et je vous rappellerai dès que possible. Merci et bonne journée." 392
    local record='<action application="set" data="RECORD_STEREO=true"/>
          <action application="record_session" data="'"$rec"'/${destination_number}-${other_loopback_leg_uuid}.wav"/>'
    cat > "$conf/freeswitch.xml" <<XML
<?xml version="1.0"?>
<!-- Written by scripts/freeswitch-throwaway.sh: a private FreeSWITCH for MiniBotPanel's tests. -->
<document type="freeswitch/xml">
  <section name="configuration" description="">
    <configuration name="switch.conf" description="">
      <settings>
        <param name="colorize-console" value="false"/>
        <param name="max-sessions" value="400"/>
        <param name="sessions-per-second" value="200"/>
        <param name="loglevel" value="info"/>
        <param name="dump-cores" value="no"/>
      </settings>
    </configuration>
    <configuration name="modules.conf" description="">
      <modules>
        <load module="mod_console"/>
        <load module="mod_logfile"/>
        <load module="mod_event_socket"/>
        <load module="mod_commands"/>
        <load module="mod_dptools"/>
        <load module="mod_db"/>
        <load module="mod_hash"/>
        <load module="mod_expr"/>
        <load module="mod_dialplan_xml"/>
        <load module="mod_loopback"/>
        <load module="mod_sndfile"/>
        <load module="mod_native_file"/>
        <load module="mod_tone_stream"/>
        <load module="mod_say_en"/>
        <load module="mod_audio_stream"/>
      </modules>
    </configuration>
    <configuration name="event_socket.conf" description="">
      <settings>
        <param name="nat-map" value="false"/>
        <param name="listen-ip" value="127.0.0.1"/>
        <param name="listen-port" value="$port"/>
        <param name="password" value="$password"/>
        <param name="apply-inbound-acl" value="loopback.auto"/>
      </settings>
    </configuration>
    <configuration name="console.conf" description="">
      <mappings><map name="all" value="console,debug,info,notice,warning,err,crit,alert"/></mappings>
      <settings><param name="colorize" value="false"/><param name="loglevel" value="info"/></settings>
    </configuration>
    <configuration name="logfile.conf" description="">
      <settings><param name="rotate-on-hup" value="true"/></settings>
      <profiles>
        <profile name="default">
          <settings>
            <param name="logfile" value="$dir/log/freeswitch.log"/>
            <param name="rollover" value="0"/>
            <param name="uuid" value="true"/>
          </settings>
          <mappings><map name="all" value="info,notice,warning,err,crit,alert"/></mappings>
        </profile>
      </profiles>
    </configuration>
    <configuration name="db.conf" description=""><settings/></configuration>
  </section>
  <section name="dialplan" description="">
    <!-- The callees: dial loopback/<number>/minibot-test; the number's last four digits pick the behaviour. -->
    <context name="minibot-test">
      <extension name="answer">
        <condition field="destination_number" expression="^\+?[0-9]*9001\$">
          <action application="answer"/>
          $record
          <action application="sleep" data="400"/>
          <action application="playback" data="$media/hello.wav"/>
          <action application="sleep" data="6000"/>
          <action application="playback" data="$media/yes.wav"/>
          <action application="sleep" data="60000"/>
          <action application="hangup"/>
        </condition>
      </extension>
      <extension name="busy">
        <condition field="destination_number" expression="^\+?[0-9]*9002\$">
          <!-- mod_loopback ignores "respond 486" (the leg just ends, NORMAL_CLEARING): hang up with the cause. -->
          <action application="hangup" data="USER_BUSY"/>
        </condition>
      </extension>
      <extension name="noanswer">
        <condition field="destination_number" expression="^\+?[0-9]*9003\$">
          <action application="ring_ready"/>
          <action application="park"/>
        </condition>
      </extension>
      <extension name="hangup-mid-prompt">
        <condition field="destination_number" expression="^\+?[0-9]*9004\$">
          <action application="answer"/>
          $record
          <action application="sleep" data="1500"/>
          <action application="hangup" data="NORMAL_CLEARING"/>
        </condition>
      </extension>
      <extension name="machine">
        <condition field="destination_number" expression="^\+?[0-9]*9005\$">
          <action application="answer"/>
          $record
          <action application="playback" data="$media/machine.wav"/>
          <action application="playback" data="tone_stream://%(500,0,1000)"/>
          <action application="sleep" data="30000"/>
          <action application="hangup"/>
        </condition>
      </extension>
      <extension name="silent">
        <condition field="destination_number" expression="^\+?[0-9]*9006\$">
          <action application="answer"/>
          $record
          <action application="sleep" data="120000"/>
          <action application="hangup"/>
        </condition>
      </extension>
      <extension name="talk-over">
        <condition field="destination_number" expression="^\+?[0-9]*9007\$">
          <action application="answer"/>
          $record
          <action application="sleep" data="300"/>
          <action application="playback" data="$media/hello.wav"/>
          <action application="sleep" data="3000"/>
          <action application="playback" data="$media/interrupt.wav"/>
          <action application="sleep" data="60000"/>
          <action application="hangup"/>
        </condition>
      </extension>
    </context>
    <!-- Live transfers, as docs/pbx/freeswitch.md writes them: the bot sets minibot_transfer (the agent's dial
         string) and minibot_transfer_timeout, then uuid_transfer <uuid> <target> XML minibot-transfer. A caller
         whose agent does not answer is parked again, back with the bot. -->
    <context name="minibot-transfer">
      <extension name="agent">
        <condition field="destination_number" expression="^.+\$">
          <action application="set" data="hangup_after_bridge=true"/>
          <action application="set" data="continue_on_fail=true"/>
          <action application="set" data="call_timeout=\${minibot_transfer_timeout}"/>
          <action application="bridge" data="{minibot_call_id=\${uuid}}\${minibot_transfer}"/>
          <action application="park"/>
        </condition>
      </extension>
    </context>
    <!-- The agents (FREESWITCH_TRANSFER_DIAL_STRING=loopback/{target}/minibot-agents): agent-answers records
         (agent-answers-<uuid>.wav, left what it heard) and says "Oui, d'accord…" twice over ~10 s; agent-busy is
         busy; agent-silent never answers. -->
    <context name="minibot-agents">
      <extension name="agent-answers">
        <condition field="destination_number" expression="^agent-answers\$">
          <action application="answer"/>
          $record
          <action application="playback" data="$media/yes.wav"/>
          <action application="sleep" data="4000"/>
          <action application="playback" data="$media/yes.wav"/>
          <action application="hangup"/>
        </condition>
      </extension>
      <extension name="agent-busy">
        <condition field="destination_number" expression="^agent-busy\$">
          <action application="hangup" data="USER_BUSY"/>
        </condition>
      </extension>
      <extension name="agent-silent">
        <condition field="destination_number" expression="^agent-silent\$">
          <action application="ring_ready"/>
          <action application="park"/>
        </condition>
      </extension>
    </context>
  </section>
</document>
XML
}

esl_ready() {
    local fs=$1 port=$2 password=$3
    "$fs/bin/fs_cli" -H 127.0.0.1 -P "$port" -p "$password" -t 2000 -T 2000 -x "module_exists mod_audio_stream" 2>/dev/null | grep -q true
}

launch() {
    local dir=$1 fs port password
    fs=$(cat "$dir/install")
    port=$(cat "$dir/port")
    password=$(cat "$dir/password")
    (
        cd "$dir"
        # Close every inherited descriptor above stderr: a parent waiting for one to close (Foundation's
        # Process does) would otherwise wait for FreeSWITCH itself to exit.
        for fd in /proc/$BASHPID/fd/*; do
            fd=${fd##*/}
            if [[ $fd -gt 2 ]]; then eval "exec $fd>&-" 2>/dev/null || true; fi
        done
        exec setsid "$fs/bin/freeswitch" -nf -nc -nonat -nonatmap -u "$(id -un)" -g "$(id -gn)" \
            -base "$dir" -conf "$dir/conf" -log "$dir/log" -db "$dir/db" -run "$dir/run" -temp "$dir/tmp" \
            -mod "$fs/lib/freeswitch/mod" -storage "$dir/storage" -cache "$dir/cache" -certs "$dir/certs" -scripts "$dir/scripts" \
            -grammar "$dir/grammar" -recordings "$dir/recordings" -sounds "$dir/sounds" \
            >>"$dir/log/console.log" 2>&1 </dev/null
    ) &
    echo $! > "$dir/freeswitch.pid"
    local i
    for i in $(seq 1 150); do
        if esl_ready "$fs" "$port" "$password"; then return 0; fi
        if ! kill -0 "$(cat "$dir/freeswitch.pid")" 2>/dev/null; then
            log "FreeSWITCH exited during start; last lines of $dir/log/console.log:"
            tail -30 "$dir/log/console.log" >&2
            return 1
        fi
        sleep 0.2
    done
    log "FreeSWITCH did not answer on its Event Socket within 30 s; see $dir/log/"
    return 1
}

start() {
    local install
    install=$(install_dir)
    [[ -x "$install/fs/bin/freeswitch" && -f "$install/.complete" ]] \
        || { log "no FreeSWITCH build in $install: run '$0 build' first"; exit 1; }
    local dir port password attempt
    dir=$(mktemp -d /tmp/minibot-fs.XXXXXX)
    chmod 755 "$dir"
    password=$(python3 -c 'import secrets; print(secrets.token_hex(12))')
    echo "$install/fs" > "$dir/install"
    echo "$password" > "$dir/password"
    for attempt in 1 2 3; do
        port=$(free_port)
        echo "$port" > "$dir/port"
        write_config "$dir" "$port" "$password"
        if launch "$dir"; then break; fi
        stop_pid "$dir"
        log "start on port $port failed (attempt $attempt)"; port=""
    done
    [[ -n "$port" ]] || { log "could not start FreeSWITCH; see $dir/log/"; exit 1; }
    print_env "$dir"
    log "ready: Event Socket on 127.0.0.1:$port (files in $dir)"
}

print_env() {
    local dir=$1
    echo "export MINIBOT_TEST_FREESWITCH_DIR=$dir"
    echo "export MINIBOT_TEST_FREESWITCH_ESL_HOST=127.0.0.1"
    echo "export MINIBOT_TEST_FREESWITCH_ESL_PORT=$(cat "$dir/port")"
    echo "export MINIBOT_TEST_FREESWITCH_ESL_PASSWORD=$(cat "$dir/password")"
    echo "export MINIBOT_TEST_FREESWITCH_DIAL_STRING=loopback/{number}/minibot-test"
    echo "export MINIBOT_TEST_FREESWITCH_SOUNDS_DIR=$dir/sounds"
    echo "export MINIBOT_TEST_FREESWITCH_RECORDINGS_DIR=$dir/recordings"
    echo "export MINIBOT_TEST_FREESWITCH_BIN=$(cat "$dir/install")/bin"
}

stop_pid() {
    local dir=$1 pid i
    [[ -f "$dir/freeswitch.pid" ]] || return 0
    pid=$(cat "$dir/freeswitch.pid")
    if kill -0 "$pid" 2>/dev/null; then
        # `fsctl shutdown` over the Event Socket hangs calls up and exits at once; SIGTERM can take long.
        "$(cat "$dir/install")/bin/fs_cli" -H 127.0.0.1 -P "$(cat "$dir/port")" -p "$(cat "$dir/password")" -t 2000 -T 2000 \
            -x "fsctl shutdown" >/dev/null 2>&1 || kill -TERM "$pid" 2>/dev/null || true
        for i in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        if kill -0 "$pid" 2>/dev/null; then log "FreeSWITCH $pid did not stop in 10 s: killing it"; kill -KILL "$pid" 2>/dev/null || true; fi
    fi
    rm -f "$dir/freeswitch.pid"
}

checked_dir() {
    local dir=${1:-}
    [[ -n "$dir" && -f "$dir/install" && -f "$dir/port" ]] \
        || { log "usage: $0 stop|restart DIR (the MINIBOT_TEST_FREESWITCH_DIR printed by start)"; exit 2; }
    echo "$dir"
}

stop() {
    local dir
    dir=$(checked_dir "${1:-}")
    stop_pid "$dir"
    rm -rf "$dir"
    log "stopped and removed $dir"
}

# Stops and starts the same switch (same port, password and files): what a FreeSWITCH restart looks like to us.
restart() {
    local dir
    dir=$(checked_dir "${1:-}")
    stop_pid "$dir"
    launch "$dir" || { log "restart failed; see $dir/log/"; exit 1; }
    log "restarted on port $(cat "$dir/port")"
}

case "${1:-}" in
    build) build >/dev/null ;;
    start) start ;;
    stop) shift; stop "${1:-}" ;;
    restart) shift; restart "${1:-}" ;;
    path) install_dir ;;
    *) echo "usage: $0 build | start | stop DIR | restart DIR | path" >&2; exit 2 ;;
esac
