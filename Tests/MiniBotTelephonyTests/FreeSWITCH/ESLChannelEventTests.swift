import Foundation
import MiniBotTelephony
import NIOCore
import Testing

/// The one place FreeSWITCH event names and headers become cases: every case, unknown names,
/// and events missing the header their case needs.
@Suite("ESL channel events")
struct ESLChannelEventTests {
    private func decode(_ name: String, _ headers: [(String, String)] = [], body: String? = nil) -> ESLChannelEvent {
        ESLChannelEvent(ESLEvent(headers: ESLHeaders([("Event-Name", name)] + headers), body: body))
    }

    private func message(_ text: String) throws -> ESLMessage {
        var decoder = ESLFrameDecoder()
        var buffer = ByteBuffer(string: text)
        return try #require(try decoder.decodeMessage(from: &buffer))
    }

    @Test func answerAndBridge() {
        #expect(decode("CHANNEL_ANSWER", [("Answer-State", "answered")]) == .answered)
        #expect(decode("CHANNEL_BRIDGE", [("Other-Leg-Unique-ID", "x")]) == .bridged)
    }

    @Test func hangupTakesTheQ850NumberThenTheName() {
        #expect(decode("CHANNEL_HANGUP", [("Hangup-Cause", "USER_BUSY"), ("variable_hangup_cause_q850", "17")])
            == .hangup(cause: Q850Cause(code: 17, name: "USER_BUSY"), complete: false))
        #expect(decode("CHANNEL_HANGUP_COMPLETE", [("Hangup-Cause", "no_answer")])
            == .hangup(cause: Q850Cause(code: 19), complete: true))
        // A number FreeSWITCH has no name for in our table keeps FreeSWITCH's name.
        #expect(decode("CHANNEL_HANGUP", [("Hangup-Cause", "SOMETHING_NEW"), ("variable_hangup_cause_q850", "99")])
            == .hangup(cause: Q850Cause(code: 99, name: "SOMETHING_NEW"), complete: false))
        // Missing or unknown cause: still a hang-up, cause unknown.
        #expect(decode("CHANNEL_HANGUP_COMPLETE") == .hangup(cause: nil, complete: true))
        #expect(decode("CHANNEL_HANGUP", [("Hangup-Cause", "NOT_A_CAUSE"), ("variable_hangup_cause_q850", "x")])
            == .hangup(cause: nil, complete: false))
    }

    @Test func hangupFromTheWireInJSON() throws {
        let event = try ESLEvent(message: message(ESLSamples.eventJSON(ESLSamples.hangupJSON)))
        #expect(ESLChannelEvent(event) == .hangup(cause: Q850Cause(code: 17), complete: true))
    }

    @Test func executeCompleteByApplication() {
        #expect(decode("CHANNEL_EXECUTE_COMPLETE", [("Application", "amd"), ("variable_amd_result", "MACHINE"),
                                                    ("variable_amd_cause", "LONGGREETING-2000-1500")])
            == .executeComplete(.machineDetection(PBXMachineDetection(verdict: .machine, cause: "LONGGREETING-2000-1500"))))
        #expect(decode("CHANNEL_EXECUTE_COMPLETE", [("Application", "AVMD"), ("variable_amd_result", "human")])
            == .executeComplete(.machineDetection(PBXMachineDetection(verdict: .human))))
        // mod_amd ran but set no status we read.
        #expect(decode("CHANNEL_EXECUTE_COMPLETE", [("Application", "amd")]) == .executeComplete(.machineDetection(nil)))
        #expect(decode("CHANNEL_EXECUTE_COMPLETE", [("Application", "amd"), ("variable_amd_result", "PERHAPS")])
            == .executeComplete(.machineDetection(nil)))
        #expect(decode("CHANNEL_EXECUTE_COMPLETE", [("Application", "bridge"), ("variable_originate_disposition", "USER_BUSY"),
                                                    ("variable_DIALSTATUS", "BUSY")])
            == .executeComplete(.bridge(disposition: "USER_BUSY")))
        #expect(decode("CHANNEL_EXECUTE_COMPLETE", [("Application", "Bridge"), ("variable_DIALSTATUS", "NOANSWER")])
            == .executeComplete(.bridge(disposition: "NOANSWER")))
        #expect(decode("CHANNEL_EXECUTE_COMPLETE", [("Application", "bridge")]) == .executeComplete(.bridge(disposition: "")))
        #expect(decode("CHANNEL_EXECUTE_COMPLETE", [("Application", "playback"), ("Application-Response", "FILE PLAYED")])
            == .executeComplete(.other(application: "playback", response: "FILE PLAYED")))
        #expect(decode("CHANNEL_EXECUTE_COMPLETE", [("Application", "park")])
            == .executeComplete(.other(application: "park", response: nil)))
    }

    @Test func dtmfFromTheWire() throws {
        let event = try ESLEvent(message: message(ESLSamples.eventPlain(ESLSamples.dtmfBody)))
        #expect(ESLChannelEvent(event) == .dtmf("#"))
    }

    @Test func playbackStartAndStop() {
        #expect(decode("PLAYBACK_START", [("Playback-File-Path", "/tmp/a.wav")]) == .playbackStarted(path: "/tmp/a.wav"))
        #expect(decode("PLAYBACK_START") == .playbackStarted(path: nil))
        #expect(decode("PLAYBACK_STOP", [("Playback-File-Path", "/tmp/a.wav"), ("Playback-Status", "done")])
            == .playbackStopped(path: "/tmp/a.wav", interrupted: false, playedMilliseconds: nil))
        #expect(decode("PLAYBACK_STOP", [("Playback-File-Path", "/tmp/a.wav"), ("Playback-Status", "break"),
                                         ("variable_playback_ms", "1240")])
            == .playbackStopped(path: "/tmp/a.wav", interrupted: true, playedMilliseconds: 1240))
        // No status: FreeSWITCH played it out.
        #expect(decode("PLAYBACK_STOP") == .playbackStopped(path: nil, interrupted: false, playedMilliseconds: nil))
        #expect(decode("PLAYBACK_STOP", [("variable_playback_ms", "n/a")])
            == .playbackStopped(path: nil, interrupted: false, playedMilliseconds: nil))
    }

    @Test func backgroundJobFromTheWire() throws {
        let plain = try ESLEvent(message: message(ESLSamples.eventPlain(ESLSamples.backgroundJobBody)))
        #expect(ESLChannelEvent(plain) == .backgroundJob(id: ESLSamples.jobUUID, body: "+OK 7f4dc9fe-17d7-11dd-b7a0-db4edd065621\n"))
        let json = try ESLEvent(message: message(ESLSamples.eventJSON(ESLSamples.bgJobJSON)))
        #expect(ESLChannelEvent(json) == .backgroundJob(id: ESLSamples.jobUUID, body: "-ERR USER_BUSY\n"))
        #expect(decode("BACKGROUND_JOB", [("Job-UUID", "j1")]) == .backgroundJob(id: "j1", body: ""))
    }

    @Test(arguments: ["CHANNEL_CREATE", "CHANNEL_PARK", "HEARTBEAT", "CUSTOM", "channel_answer", ""])
    func unknownNamesAreOther(name: String) {
        #expect(decode(name, [("Unique-ID", "01020304-0506-0708-090a-0b0c0d0e0f10")]) == .other(name: name))
    }

    @Test func eventsMissingTheHeaderTheirCaseNeedsAreOther() {
        #expect(decode("DTMF") == .other(name: "DTMF"))
        #expect(decode("DTMF", [("DTMF-Digit", "")]) == .other(name: "DTMF"))
        #expect(decode("BACKGROUND_JOB", body: "+OK") == .other(name: "BACKGROUND_JOB"))
        #expect(decode("CHANNEL_EXECUTE_COMPLETE", [("variable_amd_result", "HUMAN")]) == .other(name: "CHANNEL_EXECUTE_COMPLETE"))
    }
}
