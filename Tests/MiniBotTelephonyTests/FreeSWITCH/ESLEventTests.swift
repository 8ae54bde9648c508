import Foundation
import MiniBotTelephony
import NIOCore
import Testing

@Suite("ESL events")
struct ESLEventTests {
    private func message(_ text: String) throws -> ESLMessage {
        var decoder = ESLFrameDecoder()
        var buffer = ByteBuffer(string: text)
        return try #require(try decoder.decodeMessage(from: &buffer))
    }

    @Test func plainEventHeadersArePercentDecoded() throws {
        let event = try ESLEvent(message: message(ESLSamples.eventPlain(ESLSamples.dtmfBody)))
        #expect(event.name == "DTMF")
        #expect(event["DTMF-Digit"] == "#")
        #expect(event["Event-Date-Local"] == "2026-11-22 10:15:00")
        #expect(event["Caller-Caller-ID-Name"] == "Jean Dupont été")
        #expect(event.uniqueID == UUID(uuidString: "01020304-0506-0708-090a-0b0c0d0e0f10"))
        #expect(event.body == nil)
    }

    @Test func backgroundJobCarriesNestedBody() throws {
        let event = try ESLEvent(message: message(ESLSamples.eventPlain(ESLSamples.backgroundJobBody)))
        #expect(event.name == "BACKGROUND_JOB")
        #expect(event["Job-UUID"] == ESLSamples.jobUUID)
        #expect(event["Job-Command-Arg"] == "sofia/default/1005 '&park'")
        #expect(event.body == "+OK 7f4dc9fe-17d7-11dd-b7a0-db4edd065621\n")
    }

    @Test func jsonEventAndItsBody() throws {
        let hangup = try ESLEvent(message: message(ESLSamples.eventJSON(ESLSamples.hangupJSON)))
        #expect(hangup.name == "CHANNEL_HANGUP_COMPLETE")
        #expect(hangup["Hangup-Cause"] == "USER_BUSY")
        #expect(hangup["variable_hangup_cause_q850"] == "17")
        #expect(hangup["Event-Date-Local"] == "2026-11-22 10:15:00")
        let job = try ESLEvent(message: message(ESLSamples.eventJSON(ESLSamples.bgJobJSON)))
        #expect(job.body == "-ERR USER_BUSY\n")
        #expect(job["_body"] == nil)
    }

    @Test func malformedBodiesGivePreciseErrors() throws {
        #expect(throws: ESLDecodingError.malformedEvent("JSON body is not an object")) {
            _ = try ESLEvent(jsonBody: "[1,2]")
        }
        #expect(throws: ESLDecodingError.malformedEvent("no Event-Name header")) {
            _ = try ESLEvent(plainBody: "Unique-ID: x\n\n")
        }
        #expect(throws: ESLDecodingError.self) {
            _ = try ESLEvent(plainBody: "Event-Name: BACKGROUND_JOB\nContent-Length: 50\n\nshort")
        }
        #expect(throws: ESLDecodingError.self) {
            _ = try ESLEvent(message: message(ESLSamples.authAccepted))
        }
    }

    @Test func percentDecodingLeavesMalformedEscapesAlone() {
        #expect(ESLPercentEncoding.decode("100%25%20sure%2") == "100% sure%2")
        #expect(ESLPercentEncoding.decode("a+b") == "a+b")
    }
}
