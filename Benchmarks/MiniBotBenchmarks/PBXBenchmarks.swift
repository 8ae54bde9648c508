import Foundation
import MiniBotTelephony

/// PBX connector hot paths: ESL framing + event parsing (every call's DTMF, playback and hangup
/// events go through it on one socket), mod_audio_stream re-chunking (50 frames/s per call), and
/// building an originate command.
func pbxBenchmarks() -> [BenchmarkCase] {
    let plainStream = Array(pbxEventStream(count: 100, json: false).utf8)
    let jsonStream = Array(pbxEventStream(count: 100, json: true).utf8)
    let audioChunks: [[UInt8]] = (0..<50).map { chunk in
        (0..<320).map { UInt8(truncatingIfNeeded: chunk &* 31 &+ $0) }
    }
    let request = DialRequest(callID: UUID(), number: "+33612345678", callerID: "0187654321",
                              variables: ["campaign_id": "42", "contact_id": "1001"])
    return [
        .throughput("pbx.esl.decode+parse event-plain", units: 100, unit: "event") {
            let messages = (try? ESLFrameDecoder.decodeAll(plainStream)) ?? []
            for message in messages { blackHole(try? ESLEvent(message: message)) }
        },
        .throughput("pbx.esl.decode+parse event-json", units: 100, unit: "event") {
            let messages = (try? ESLFrameDecoder.decodeAll(jsonStream)) ?? []
            for message in messages { blackHole(try? ESLEvent(message: message)) }
        },
        .throughput("pbx.audiostream.rechunk 320-byte messages", units: 50, unit: "frame") {
            var chunker = AudioStreamRechunker(samplesPerFrame: 160)
            for chunk in audioChunks { blackHole(chunker.append(bytes: chunk)) }
        },
        .latency("pbx.freeswitch.originate command") {
            blackHole(try? FreeSwitchDialer.originateCommand(for: request, gateway: "gateway1"))
        },
    ]
}

/// `count` events in FreeSWITCH's wire format (DTMF, PLAYBACK_STOP, CHANNEL_HANGUP_COMPLETE in turn).
private func pbxEventStream(count: Int, json: Bool) -> String {
    var out = ""
    for index in 0..<count {
        let headers: [(String, String)] = [
            ("Event-Name", ["DTMF", "PLAYBACK_STOP", "CHANNEL_HANGUP_COMPLETE"][index % 3]),
            ("Core-UUID", "42bdf272-16e6-11dd-b7a0-db4edd065621"),
            ("FreeSWITCH-Hostname", "fs1"),
            ("Event-Date-Local", "2026-11-22 10:15:00"),
            ("Event-Calling-File", "switch_channel.c"),
            ("Unique-ID", "01020304-0506-0708-090a-0b0c0d0e0f10"),
            ("Channel-Name", "sofia/gateway/gw1/0612345678"),
            ("Caller-Caller-ID-Name", "Jean Dupont"),
            ("DTMF-Digit", "5"),
            ("Playback-File-Path", "/var/lib/minibot/sounds/welcome-0011223344556677.wav"),
            ("Hangup-Cause", "NORMAL_CLEARING"),
            ("variable_hangup_cause_q850", "16"),
        ]
        let body: String
        if json {
            let object = Dictionary(uniqueKeysWithValues: headers)
            body = String(decoding: (try? JSONSerialization.data(withJSONObject: object)) ?? Data(), as: UTF8.self)
        } else {
            body = headers.map { "\($0.0): \(ESLPercentEncoding.encode($0.1))\n" }.joined() + "\n"
        }
        out += "Content-Length: \(body.utf8.count)\nContent-Type: text/event-\(json ? "json" : "plain")\n\n\(body)"
    }
    return out
}

