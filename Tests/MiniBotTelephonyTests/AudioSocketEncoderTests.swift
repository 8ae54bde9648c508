import Foundation
import NIOCore
import NIOEmbedded
import Testing
@testable import MiniBotTelephony

@Suite("AudioSocket encoder")
struct AudioSocketEncoderTests {
    @Test("wire bytes match the protocol, written by hand")
    func exactBytes() {
        #expect(AudioSocketMessage.hangup.encodedBytes() == [0x00, 0x00, 0x00])
        #expect(AudioSocketMessage.uuid(sampleUUID).encodedBytes() == [0x01, 0x00, 0x10] + sampleUUIDBytes)
        #expect(AudioSocketMessage.dtmf("*").encodedBytes() == [0x03, 0x00, 0x01, UInt8(ascii: "*")])
        #expect(AudioSocketMessage.error(code: 0x04).encodedBytes() == [0xff, 0x00, 0x01, 0x04])
        #expect(AudioSocketMessage.error(code: nil).encodedBytes() == [0xff, 0x00, 0x00])
        let frame = rampFrame(0)
        #expect(AudioSocketMessage.audio(samples: frame).encodedBytes() == wire(kind: 0x10, payload: littleEndianBytes(frame)))
        #expect(AudioSocketMessage.audio(samples: [-2], rate: .hz48000).encodedBytes() == [0x16, 0x00, 0x02, 0xfe, 0xff])
    }

    @Test("a bot frame is 320 payload bytes of kind 0x10")
    func botFrameSize() {
        let bytes = AudioSocketMessage.audio(samples: OutboundFrameQueue.silence).encodedBytes()
        #expect(bytes.count == 323)
        #expect(Array(bytes.prefix(3)) == [0x10, 0x01, 0x40])
    }

    @Test("encoder then decoder round-trips every kind through channels")
    func roundTrip() throws {
        let messages = AudioSocketDecoderTests.everyKind().map(\.expected)
        let encoder = EmbeddedChannel(handler: MessageToByteHandler(AudioSocketEncoder()))
        let decoder = EmbeddedChannel(handler: ByteToMessageHandler(AudioSocketDecoder()))
        for message in messages { try encoder.writeOutbound(message) }
        while let bytes = try encoder.readOutbound(as: ByteBuffer.self) { try decoder.writeInbound(bytes) }
        var decoded: [AudioSocketMessage] = []
        while let message = try decoder.readInbound(as: AudioSocketMessage.self) { decoded.append(message) }
        #expect(decoded == messages)
        _ = try? encoder.finish()
        _ = try? decoder.finish()
    }

    @Test("decodeAll reads back encodedBytes")
    func decodeAll() throws {
        let messages: [AudioSocketMessage] = [.uuid(sampleUUID), .audio(samples: rampFrame(1)), .dtmf("9"), .hangup]
        let decoded = try AudioSocketMessage.decodeAll(from: messages.flatMap { $0.encodedBytes() })
        #expect(decoded == messages)
    }

    @Test("an audio payload too large for the u16 length is reported")
    func tooLarge() {
        let big = AudioSocketMessage.audio(samples: [Int16](repeating: 1, count: 40_000))
        #expect(throws: AudioSocketEncodingError.payloadTooLarge(80_000)) { try big.validateForEncoding() }
        #expect(throws: Never.self) { try AudioSocketMessage.audio(samples: rampFrame(0)).validateForEncoding() }
    }
}
