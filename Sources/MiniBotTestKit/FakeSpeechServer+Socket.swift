import Foundation
import NIOCore
import NIOWebSocket
import Synchronization

/// One recognition WebSocket, in the server's protocol.
extension FakeSpeechServer {
    /// Per-connection progress through the script.
    struct Progress {
        var samples = 0
        var revealed = 0
        var closed = 0
        var sentBadJSON = false
        var lastActivity = ContinuousClock.now
    }

    final class ProgressBox: Sendable {
        let state = Mutex(Progress())
        func withLock<T>(_ body: (inout Progress) -> T) -> T { state.withLock { body(&$0) } }
    }

    func serveSocket(_ ws: NIOAsyncChannel<WebSocketFrame, WebSocketFrame>, connection: Int) async {
        let progress = ProgressBox()
        let channel = ws.channel
        try? await ws.executeThenClose { inbound, outbound in
            try await withThrowingTaskGroup(of: Void.self) { group in
                if case .deepgram = flavor, let idle = script.idleTimeout {
                    group.addTask {
                        while true {
                            try await Task.sleep(for: idle / 4)
                            let quiet = progress.withLock { ContinuousClock.now - $0.lastActivity }
                            if quiet >= idle {
                                self.store.update { $0.idleClosures += 1 }
                                try? await outbound.write(Self.close(.unexpectedServerError, reason: "NET-0001"))
                                channel.close(promise: nil)
                                return
                            }
                        }
                    }
                }
                group.addTask {
                    for try await frame in inbound {
                        let done = try await self.handle(frame, connection: connection, progress: progress,
                                                         outbound: outbound, channel: channel)
                        if done { break }
                    }
                }
                try await group.next()
                group.cancelAll()
            }
        }
    }

    /// Returns true when the conversation is over.
    private func handle(_ frame: WebSocketFrame, connection: Int, progress: ProgressBox,
                        outbound: NIOAsyncChannelOutboundWriter<WebSocketFrame>, channel: any Channel) async throws -> Bool {
        switch frame.opcode {
        case .binary:
            let count = frame.unmaskedData.readableBytes / 2
            let total = store.update { state -> Int in
                state.samples[connection] += count
                return state.samples[connection]
            }
            if let drop = script.dropAfterSamples, connection < script.dropConnections, total >= drop {
                channel.close(promise: nil)  // no close frame: a network failure as the client sees it
                return true
            }
            let (replies, badJSON) = progress.withLock { progress -> ([String], Bool) in
                progress.lastActivity = ContinuousClock.now
                progress.samples = total
                var badJSON = false
                if let after = script.badJSONAfterSamples, total >= after, !progress.sentBadJSON {
                    progress.sentBadJSON = true
                    badJSON = true
                }
                return (audioReplies(&progress), badJSON)
            }
            if badJSON { try await outbound.write(Self.text("{\"type\": \"Results\", \"channel\": {")) }
            for reply in replies { try await outbound.write(Self.text(reply)) }
            return false
        case .text:
            let text = String(buffer: frame.unmaskedData)
            store.update { $0.textMessages.append(text) }
            progress.withLock { $0.lastActivity = ContinuousClock.now }
            guard isFinishMessage(text) else { return false }
            let replies = progress.withLock { finalReplies(&$0) }
            for reply in replies { try await outbound.write(Self.text(reply)) }
            try await outbound.write(Self.close(.normalClosure, reason: ""))
            store.update { $0.completed += 1 }
            return true
        case .connectionClose:
            try? await outbound.write(Self.close(.normalClosure, reason: ""))
            return true
        case .ping:
            try await outbound.write(WebSocketFrame(fin: true, opcode: .pong, data: frame.unmaskedData))
            return false
        default:
            return false
        }
    }

    private func isFinishMessage(_ text: String) -> Bool {
        let compact = text.filter { !$0.isWhitespace }
        switch flavor {
        case .deepgram: return compact.contains(#""type":"CloseStream""#)
        case .voskServer: return compact.contains(#""eof":1"#)
        }
    }

    /// Deepgram answers audio only when its hypothesis changed; vosk-server answers every message.
    private func audioReplies(_ progress: inout Progress) -> [String] {
        let due = min(script.words.count, progress.samples / max(1, script.samplesPerWord))
        var replies: [String] = []
        let changed = due > progress.revealed
        progress.revealed = max(progress.revealed, due)
        if let every = script.segmentEveryWords, progress.revealed - progress.closed >= every {
            replies.append(segment(&progress, endsSpeech: false))
        } else if changed || flavor == .voskServer {
            replies.append(partial(progress))
        }
        return replies
    }

    /// After CloseStream / eof: the last closed segment, then (Deepgram) the Metadata summary.
    private func finalReplies(_ progress: inout Progress) -> [String] {
        var replies = [segment(&progress, endsSpeech: true)]
        if case .deepgram = flavor {
            replies.append(Self.json([
                "type": "Metadata", "transaction_key": "deprecated", "request_id": "fake-request",
                "sha256": "0", "created": "2026-01-01T00:00:00.000Z",
                "duration": Double(progress.samples) / 8_000, "channels": 1,
            ]))
        }
        return replies
    }

    private func partial(_ progress: Progress) -> String {
        let words = Array(script.words[progress.closed..<progress.revealed])
        switch flavor {
        case .deepgram: return deepgramResults(words, isFinal: false, speechFinal: false)
        case .voskServer: return Self.json(["partial": words.joined(separator: " ")])
        }
    }

    private func segment(_ progress: inout Progress, endsSpeech: Bool) -> String {
        let words = Array(script.words[progress.closed..<progress.revealed])
        progress.closed = progress.revealed
        switch flavor {
        case .deepgram:
            return deepgramResults(words, isFinal: true, speechFinal: endsSpeech)
        case .voskServer:
            let result = words.enumerated().map { index, word -> [String: Any] in
                ["conf": 0.9, "word": word, "start": Double(index) * 0.2, "end": Double(index + 1) * 0.2]
            }
            return Self.json(["text": words.joined(separator: " "), "result": result])
        }
    }

    private func deepgramResults(_ words: [String], isFinal: Bool, speechFinal: Bool) -> String {
        let confidence = isFinal ? 0.93 : 0.71
        let wordObjects = words.enumerated().map { index, word -> [String: Any] in
            ["word": word, "start": Double(index) * 0.2, "end": Double(index + 1) * 0.2, "confidence": confidence]
        }
        return Self.json([
            "type": "Results", "channel_index": [0, 1], "duration": Double(words.count) * 0.2, "start": 0.0,
            "is_final": isFinal, "speech_final": speechFinal, "from_finalize": false,
            "channel": ["alternatives": [["transcript": words.joined(separator: " "), "confidence": confidence, "words": wordObjects]]],
            "metadata": ["request_id": "fake-request", "model_uuid": "fake-model",
                         "model_info": ["name": "general-nova-2", "version": "fake", "arch": "nova-2"]],
        ])
    }

    static func json(_ object: [String: Any]) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    static func text(_ string: String) -> WebSocketFrame {
        WebSocketFrame(fin: true, opcode: .text, data: ByteBuffer(string: string))
    }

    static func close(_ code: WebSocketErrorCode, reason: String) -> WebSocketFrame {
        var data = ByteBufferAllocator().buffer(capacity: 2 + reason.utf8.count)
        data.write(webSocketErrorCode: code)
        data.writeString(reason)
        return WebSocketFrame(fin: true, opcode: .connectionClose, data: data)
    }
}
