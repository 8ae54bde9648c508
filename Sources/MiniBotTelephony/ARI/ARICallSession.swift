import struct Foundation.UUID
import Logging
import Synchronization

/// The ``CallSession`` of an ARI call: media and DTMF flow through the AudioSocket session that
/// Asterisk's `externalMedia` channel opened (same UUID); hang-up and transfer go through ARI so
/// the caller's channel, the media channel and the bridge are all torn down.
/// ```swift
/// await session.play(prompt)              // AudioSocket frames, paced at 20 ms
/// try await session.transfer(context: "agents", extension: "100")
/// ```
public final class ARICallSession: CallSession {
    public let callID: UUID
    public let metadata: CallMetadata
    public let events: CallEventStream
    /// The caller's Asterisk channel id, the externalMedia channel id and the bridge id.
    public let channelID: String
    public let mediaChannelID: String
    public let bridgeID: String
    private let media: any CallSession
    private let client: ARIClient
    private let logger: Logger
    private let cleaned = Mutex(false)
    private let onEnd: @Sendable () -> Void

    init(media: any CallSession, client: ARIClient, channelID: String, mediaChannelID: String, bridgeID: String,
         attributes: [String: String], logger: Logger, onEnd: @escaping @Sendable () -> Void) {
        self.callID = media.callID
        self.media = media
        self.client = client
        self.channelID = channelID
        self.mediaChannelID = mediaChannelID
        self.bridgeID = bridgeID
        self.logger = logger
        self.onEnd = onEnd
        var metadata = media.metadata
        metadata.transport = "ari+audiosocket"
        metadata.attributes.merge(attributes) { $1 }
        metadata.attributes["ari_channel"] = channelID
        self.metadata = metadata
        let iterator = UncheckedIteratorBox(media.events.makeAsyncIterator())
        let cleanup = Cleanup()
        self.events = CallEventStream {
            let event = await iterator.next()
            if event == nil || { if case .hangup = event { return true } else { return false } }() {
                await cleanup.run()
            }
            return event
        }
        cleanup.action = { [weak self] in await self?.tearDown() }
    }

    public func play(_ prompt: Prompt) async { await media.play(prompt) }

    @discardableResult
    public func stop() async -> Int { await media.stop() }

    public func hangup() async {
        await media.hangup()
        await tearDown()
    }

    /// Leaves the bot for a dialplan location (agents queue): the caller leaves Stasis, media ends.
    public func transfer(context: String, extension exten: String, priority: Int = 1) async throws {
        try await client.continueInDialplan(channelID: channelID, context: context, extension: exten, priority: priority)
        await media.hangup()
        await tearDown(hangUpCaller: false)
    }

    private func tearDown(hangUpCaller: Bool = true) async {
        let first = cleaned.withLock { done -> Bool in
            defer { done = true }
            return !done
        }
        guard first else { return }
        if hangUpCaller { try? await client.hangup(channelID: channelID) }
        try? await client.hangup(channelID: mediaChannelID)
        try? await client.deleteBridge(bridgeID)
        client.stopObserving(channel: channelID)
        onEnd()
    }
}

/// Runs the session's teardown once from the event consumer's task when the stream ends.
private final class Cleanup: @unchecked Sendable {
    var action: (@Sendable () async -> Void)?
    private let ran = Mutex(false)

    func run() async {
        let first = ran.withLock { done -> Bool in
            defer { done = true }
            return !done
        }
        if first, let action { await action() }
    }
}
