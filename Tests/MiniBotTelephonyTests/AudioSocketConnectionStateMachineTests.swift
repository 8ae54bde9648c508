import Foundation
import NIOCore
import Testing
@testable import MiniBotTelephony

@Suite("AudioSocket connection state machine")
struct AudioSocketConnectionStateMachineTests {
    @Test("UUID first, then audio and DTMF are delivered, hangup ends")
    func happyPath() {
        var machine = AudioSocketConnectionStateMachine()
        #expect(machine.receive(.uuid(sampleUUID)) == .startCall(sampleUUID))
        #expect(machine.receive(.audio(samples: [1, 2], rate: .hz16000)) == .deliver(.audio([1, 2], sampleRate: 16_000)))
        #expect(machine.receive(.dtmf("5")) == .deliver(.dtmf("5")))
        #expect(machine.receive(.hangup) == .endCall(.remoteHangup))
        #expect(machine.state == .ended)
        #expect(machine.receive(.audio(samples: [1])) == .ignore)
    }

    @Test("audio or DTMF before the UUID is a protocol error", arguments: [
        AudioSocketMessage.audio(samples: [1, 2]), .dtmf("1"),
    ])
    func beforeUUID(message: AudioSocketMessage) {
        var machine = AudioSocketConnectionStateMachine()
        guard case .endCall(.protocolError(let error)) = machine.receive(message) else {
            Issue.record("expected a protocol error")
            return
        }
        #expect(error == .kindBeforeUUID(kind: message.kind))
        #expect(error.description.contains("before the call UUID"))
        #expect(machine.state == .ended)
    }

    @Test("a second UUID is a protocol error")
    func secondUUID() {
        var machine = AudioSocketConnectionStateMachine()
        _ = machine.receive(.uuid(sampleUUID))
        let second = UUID()
        guard case .endCall(.protocolError(let error)) = machine.receive(.uuid(second)) else {
            Issue.record("expected a protocol error")
            return
        }
        #expect(error == .secondUUID(second))
    }

    @Test("error codes: 0x01 is the caller hanging up, others are remote errors")
    func errorCodes() {
        var hungUp = AudioSocketConnectionStateMachine()
        _ = hungUp.receive(.uuid(sampleUUID))
        #expect(hungUp.receive(.error(code: 0x01)) == .endCall(.remoteHangup))

        var failed = AudioSocketConnectionStateMachine()
        _ = failed.receive(.uuid(sampleUUID))
        #expect(failed.receive(.error(code: 0x04)) == .endCall(.remoteError(code: 0x04)))

        var empty = AudioSocketConnectionStateMachine()
        _ = empty.receive(.uuid(sampleUUID))
        #expect(empty.receive(.error(code: nil)) == .endCall(.remoteError(code: nil)))

        var early = AudioSocketConnectionStateMachine()
        #expect(early.receive(.error(code: 0x02)) == .endCall(.remoteError(code: 0x02)))
    }

    @Test("hangup before the UUID ends the connection quietly")
    func hangupFirst() {
        var machine = AudioSocketConnectionStateMachine()
        #expect(machine.receive(.hangup) == .endCall(.remoteHangup))
    }

    @Test("close and local hangup are reported once")
    func closeOnce() {
        var machine = AudioSocketConnectionStateMachine()
        _ = machine.receive(.uuid(sampleUUID))
        let first = machine.localHangup()
        let second = machine.localHangup()
        #expect(first)
        #expect(!second)
        #expect(machine.connectionClosed() == nil)

        var closed = AudioSocketConnectionStateMachine()
        _ = closed.receive(.uuid(sampleUUID))
        #expect(closed.connectionClosed() == .connectionClosed)
        #expect(closed.connectionClosed() == nil)
    }

    @Test("what the channel caught becomes a typed protocol error")
    func closedWithAnError() {
        func closed(by error: any Error) -> CallEndReason? {
            var machine = AudioSocketConnectionStateMachine()
            _ = machine.receive(.uuid(sampleUUID))
            return machine.connectionClosed(error: error)
        }
        #expect(closed(by: AudioSocketDecodingError.unknownKind(0x19)) == .protocolError(.malformedFrame(.unknownKind(0x19))))
        #expect(closed(by: AudioSocketProtocolError.noUUID(timeout: .milliseconds(100)))
            == .protocolError(.noUUID(timeout: .milliseconds(100))))
        #expect(closed(by: CallProtocolError.secondUUID(sampleUUID)) == .protocolError(.secondUUID(sampleUUID)))
        guard case .protocolError(.connectionFailed(let text))? = closed(by: ChannelError.ioOnClosedChannel) else {
            Issue.record("expected a connection failure")
            return
        }
        #expect(text == String(describing: ChannelError.ioOnClosedChannel))
    }

    @Test("protocol errors read well in logs")
    func descriptions() {
        #expect(CallProtocolError.kindBeforeUUID(kind: 0x10).description == "kind 0x10 received before the call UUID")
        #expect(CallProtocolError.secondUUID(sampleUUID).description == "second UUID \(sampleUUID) on an identified call")
        #expect(CallProtocolError.malformedFrame(.oddLengthAudio(kind: 0x10, length: 3)).description
            == "audio message (kind 0x10) with odd length 3")
        #expect(CallProtocolError.noUUID(timeout: .seconds(5)).description == "no UUID received within 5.0 seconds")
    }
}
