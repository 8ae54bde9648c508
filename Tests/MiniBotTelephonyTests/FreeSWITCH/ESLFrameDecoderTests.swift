import MiniBotTelephony
import NIOCore
import NIOEmbedded
import Testing

@Suite("ESL frame decoder")
struct ESLFrameDecoderTests {
    private func decodeAll(_ chunks: [[UInt8]], decoder: ESLFrameDecoder = ESLFrameDecoder()) throws -> [ESLMessage] {
        var decoder = decoder
        var buffer = ByteBuffer()
        var messages: [ESLMessage] = []
        for chunk in chunks {
            buffer.writeBytes(chunk)
            while let message = try decoder.decodeMessage(from: &buffer) { messages.append(message) }
        }
        return messages
    }

    @Test func everyContentTypeInOneStream() throws {
        let messages = try decodeAll([Array(ESLSamples.conversation.utf8)])
        #expect(messages.map(\.contentType) == [.authRequest, .commandReply, .apiResponse, .commandReply,
                                                .eventPlain, .eventPlain, .eventJSON, .disconnectNotice])
        #expect(messages[1].replyText == "+OK accepted")
        #expect(messages[1].isOK)
        #expect(messages[2].body == "+OK Success\n")
        #expect(messages[3].headers["Job-UUID"] == ESLSamples.jobUUID)
        #expect(messages[7].body == ESLSamples.disconnectBody)
    }

    @Test func splitAtEveryBytePosition() throws {
        let bytes = Array(ESLSamples.conversation.utf8)
        let whole = try decodeAll([bytes])
        for split in 1..<bytes.count {
            let parts = try decodeAll([Array(bytes[..<split]), Array(bytes[split...])])
            #expect(parts == whole, "split at \(split)")
        }
    }

    @Test func oneByteAtATime() throws {
        let bytes = Array(ESLSamples.conversation.utf8)
        let messages = try decodeAll(bytes.map { [$0] })
        #expect(messages == (try decodeAll([bytes])))
        #expect(messages.count == 8)
    }

    @Test func throughEmbeddedChannel() throws {
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(ESLFrameDecoder()))
        let bytes = Array(ESLSamples.conversation.utf8)
        for start in stride(from: 0, to: bytes.count, by: 7) {
            try channel.writeInbound(ByteBuffer(bytes: bytes[start..<min(bytes.count, start + 7)]))
        }
        var types: [ESLContentType] = []
        while let message = try channel.readInbound(as: ESLMessage.self) { types.append(message.contentType) }
        #expect(types.count == 8)
        #expect(types.last == .disconnectNotice)
        _ = try channel.finish()
    }

    @Test func bodyWithBlankLinesIsReadByLengthNotByLine() throws {
        let body = "line one\n\nline three\n\n"
        let messages = try decodeAll([Array((ESLSamples.apiResponse(body) + ESLSamples.authAccepted).utf8)])
        #expect(messages.count == 2)
        #expect(messages[0].body == body)
    }

    @Test func crlfSeparatorsAreAccepted() throws {
        let messages = try decodeAll([Array("Content-Type: command/reply\r\nReply-Text: +OK\r\n\r\n".utf8)])
        #expect(messages.first?.replyText == "+OK")
    }

    @Test func oversizeHeaderBlockIsRejected() throws {
        let decoder = ESLFrameDecoder(maximumHeaderBlockLength: 128)
        let long = "Content-Type: command/reply\nX-Filler: " + String(repeating: "a", count: 200)
        #expect(throws: ESLDecodingError.headerBlockTooLarge(limit: 128)) {
            _ = try decodeAll([Array(long.utf8)], decoder: decoder)
        }
    }

    @Test func oversizeBodyIsRejectedBeforeBuffering() throws {
        let decoder = ESLFrameDecoder(maximumBodyLength: 1000)
        let header = "Content-Type: api/response\nContent-Length: 5000\n\n"
        #expect(throws: ESLDecodingError.bodyTooLarge(length: 5000, limit: 1000)) {
            _ = try decodeAll([Array(header.utf8)], decoder: decoder)
        }
    }

    @Test func invalidContentLengthIsRejected() throws {
        #expect(throws: ESLDecodingError.invalidContentLength("-3")) {
            _ = try decodeAll([Array("Content-Type: api/response\nContent-Length: -3\n\n".utf8)])
        }
        #expect(throws: ESLDecodingError.invalidContentLength("twelve")) {
            _ = try decodeAll([Array("Content-Type: api/response\nContent-Length: twelve\n\n".utf8)])
        }
    }

    @Test func headerLineWithoutColonNamesTheLine() throws {
        #expect(throws: ESLDecodingError.malformedHeaderLine(line: 2, text: "garbage")) {
            _ = try decodeAll([Array("Content-Type: command/reply\ngarbage\n\n".utf8)])
        }
    }

    @Test func truncatedBodyWaitsForMoreBytes() throws {
        var decoder = ESLFrameDecoder()
        var buffer = ByteBuffer(string: "Content-Type: api/response\nContent-Length: 10\n\n12345")
        #expect(try decoder.decodeMessage(from: &buffer) == nil)
        buffer.writeString("67890")
        #expect(try decoder.decodeMessage(from: &buffer)?.body == "1234567890")
    }
}
