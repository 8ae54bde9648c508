import Foundation
import NIOCore
import NIOEmbedded
import Testing
@testable import MiniBotTelephony

@Suite("AudioSocket decoder")
struct AudioSocketDecoderTests {
    /// One wire message per kind, with the value it must decode to.
    static func everyKind() -> [(bytes: [UInt8], expected: AudioSocketMessage)] {
        let samples: [Int16] = [0, 1, -1, 32_767, -32_768, 1_234]
        var cases: [(bytes: [UInt8], expected: AudioSocketMessage)] = [
            (wire(kind: 0x00, payload: []), .hangup),
            (wire(kind: 0x01, payload: sampleUUIDBytes), .uuid(sampleUUID)),
            (wire(kind: 0x03, payload: [UInt8(ascii: "7")]), .dtmf("7")),
            (wire(kind: 0x03, payload: [UInt8(ascii: "#")]), .dtmf("#")),
            (wire(kind: 0xff, payload: [0x02]), .error(code: 0x02)),
            (wire(kind: 0xff, payload: []), .error(code: nil)),
        ]
        for kind in UInt8(0x10)...UInt8(0x18) {
            let rate = AudioSocketSampleRate(kind: kind)!
            cases.append((wire(kind: kind, payload: littleEndianBytes(samples)),
                          .audio(rate: rate, payload: ByteBuffer(bytes: littleEndianBytes(samples)))))
        }
        return cases
    }

    private func decode(_ chunks: [[UInt8]], maximumPayloadLength: Int = AudioSocketDecoder.defaultMaximumPayloadLength) throws -> [AudioSocketMessage] {
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(AudioSocketDecoder(maximumPayloadLength: maximumPayloadLength)))
        var messages: [AudioSocketMessage] = []
        for chunk in chunks {
            try channel.writeInbound(ByteBuffer(bytes: chunk))
            while let message = try channel.readInbound(as: AudioSocketMessage.self) { messages.append(message) }
        }
        _ = try? channel.finish()
        return messages
    }

    @Test("every kind decodes to its typed value", arguments: 0..<15)
    func everyKindDecodes(index: Int) throws {
        let (bytes, expected) = Self.everyKind()[index]
        #expect(try decode([bytes]) == [expected])
    }

    @Test("audio samples are little-endian and rates map to Hz")
    func audioSamplesAndRates() throws {
        let messages = try decode([wire(kind: 0x12, payload: [0x34, 0x12, 0xff, 0xff])])
        let message = try #require(messages.first)
        #expect(message.samples == [0x1234, -1])
        guard case .audio(let rate, _) = message else { Issue.record("not audio"); return }
        #expect(rate.hertz == 16_000)
        #expect(AudioSocketSampleRate.allCases.map(\.hertz) == [8_000, 12_000, 16_000, 24_000, 32_000, 44_100, 48_000, 96_000, 192_000])
    }

    @Test("a message split at every byte position decodes the same", arguments: 0..<15)
    func splitAtEveryPosition(index: Int) throws {
        let (bytes, expected) = Self.everyKind()[index]
        for cut in 0...bytes.count {
            let messages = try decode([Array(bytes[..<cut]), Array(bytes[cut...])])
            #expect(messages == [expected], "cut at \(cut)")
        }
    }

    @Test("a 20 ms frame and a UUID fed one byte at a time")
    func oneByteAtATime() throws {
        let frame = rampFrame(3)
        let bytes = wire(kind: 0x01, payload: sampleUUIDBytes) + wire(kind: 0x10, payload: littleEndianBytes(frame))
        let messages = try decode(bytes.map { [$0] })
        #expect(messages.count == 2)
        #expect(messages.first == .uuid(sampleUUID))
        #expect(messages.last?.samples == frame)
    }

    @Test("several messages in one buffer come out in order")
    func multipleMessagesInOneBuffer() throws {
        let all = Self.everyKind()
        let messages = try decode([all.flatMap(\.bytes)])
        #expect(messages == all.map(\.expected))
    }

    @Test("a payload over the hard cap is refused at the header, before its bytes arrive")
    func oversize() throws {
        let header: [UInt8] = [0x10, 0x10, 0x00] // 4 096 bytes declared, none sent
        #expect(throws: AudioSocketDecodingError.payloadTooLarge(kind: 0x10, length: 4_096, limit: 1_024)) {
            _ = try decode([header], maximumPayloadLength: 1_024)
        }
        // At the cap is fine.
        let atCap = try decode([wire(kind: 0x10, payload: [UInt8](repeating: 1, count: 1_024))], maximumPayloadLength: 1_024)
        #expect(atCap.count == 1)
    }

    @Test("malformed headers give precise errors", arguments: [
        ([UInt8](arrayLiteral: 0x02, 0x00, 0x00), AudioSocketDecodingError.unknownKind(0x02)),
        ([0x19, 0x00, 0x02, 0, 0], .unknownKind(0x19)),
        ([0x04, 0x00, 0x00], .unknownKind(0x04)),
        ([0x10, 0x00, 0x00], .zeroLengthAudio(kind: 0x10)),
        ([0x16, 0x00, 0x00], .zeroLengthAudio(kind: 0x16)),
        ([0x10, 0x00, 0x03, 1, 2, 3], .oddLengthAudio(kind: 0x10, length: 3)),
        ([0x01, 0x00, 0x0f] + [UInt8](repeating: 0, count: 15), .invalidUUIDLength(15)),
        ([0x01, 0x00, 0x11] + [UInt8](repeating: 0, count: 17), .invalidUUIDLength(17)),
        ([0x03, 0x00, 0x02, 0x31, 0x32], .invalidDTMFLength(2)),
        ([0x03, 0x00, 0x00], .invalidDTMFLength(0)),
        ([0x03, 0x00, 0x01, 0xc3], .invalidDTMFByte(0xc3)),
        ([0xff, 0x00, 0x02, 1, 2], .invalidErrorLength(2)),
    ])
    func malformed(bytes: [UInt8], expected: AudioSocketDecodingError) throws {
        #expect(throws: expected) { _ = try decode([bytes]) }
        // Also when the header trickles in byte by byte.
        #expect(throws: expected) { _ = try decode(bytes.map { [$0] }) }
    }

    @Test("good messages before a bad one are still delivered")
    func goodThenBad() throws {
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(AudioSocketDecoder()))
        let bytes = wire(kind: 0x01, payload: sampleUUIDBytes) + [0x02, 0x00, 0x00]
        #expect(throws: AudioSocketDecodingError.unknownKind(0x02)) {
            try channel.writeInbound(ByteBuffer(bytes: bytes))
        }
        #expect(try channel.readInbound(as: AudioSocketMessage.self) == .uuid(sampleUUID))
        _ = try? channel.finish()
    }

    @Test("error descriptions name the kind and length")
    func descriptions() {
        #expect(AudioSocketDecodingError.oddLengthAudio(kind: 0x10, length: 321).description
            == "audio message (kind 0x10) with odd length 321")
        #expect(AudioSocketDecodingError.unknownKind(0x02).description == "unknown AudioSocket kind 0x02")
    }
}
