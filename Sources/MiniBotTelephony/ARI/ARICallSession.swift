import struct Foundation.UUID
import Logging
import Synchronization

/// The ``CallSession`` of an ARI call: media and DTMF flow through the AudioSocket session that
/// Asterisk's `externalMedia` channel opened (same UUID); hang-up and transfer go through ARI so
/// the caller's channel, the media channel and the bridge are all torn down.
///
/// The callee hanging up is seen on ARI, not on the media: Asterisk only removes the callee's
/// channel from the bridge and the externalMedia channel stays, silent. So the callee's
/// `StasisEnd` / `ChannelHangupRequest` / `ChannelDestroyed` end the session: the media leg is
/// hung up, the bridge deleted, and ``events`` finishes with `.hangup(.remoteHangup)`.
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
    let media: any CallSession
    let client: ARIClient
    let logger: Logger
    let cleaned = Mutex(false)
    /// Where transfers go and how agents are checked (``transfer(_:)``).
    let transferConfiguration: ARITransferConfiguration
    /// The callee's dial progress: its observer again when a transfer brings the caller back.
    let progress: DialProgress
    /// The callee left: the media's own `.hangup(.localHangup)` is reported as remote.
    let calleeGone: ARIFlag
    /// Set when we end the call (hang-up, or `continue` for a transfer): the callee events that
    /// follow are our own doing, not the callee leaving.
    let endingLocally = Mutex(false)
    let onEnd: @Sendable () -> Void

    init(media: any CallSession, client: ARIClient, channelID: String, mediaChannelID: String, bridgeID: String,
         attributes: [String: String], progress: DialProgress, logger: Logger,
         transferConfiguration: ARITransferConfiguration = ARITransferConfiguration(), onEnd: @escaping @Sendable () -> Void) {
        self.transferConfiguration = transferConfiguration
        self.progress = progress
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
        let calleeGone = ARIFlag()
        self.calleeGone = calleeGone
        self.events = CallEventStream {
            var event = await iterator.next()
            if case .hangup? = event, calleeGone.isSet { event = .hangup(.remoteHangup) }
            if event == nil || { if case .hangup = event { return true } else { return false } }() {
                await cleanup.run()
            }
            return event
        }
        cleanup.action = { [weak self] in await self?.tearDown() }
        progress.onCalleeGone { [weak self] in
            // Called from the events socket's task: the teardown's REST calls run on their own.
            Task { await self?.calleeLeft() }
        }
    }

    /// The callee's channel left Stasis or hung up: end the media leg so the runner sees the
    /// hang-up now, and free the bridge and the externalMedia channel.
    private func calleeLeft() async {
        guard !endingLocally.withLock({ $0 }) else { return }
        calleeGone.set()
        logger.debug("callee left; ending the call", metadata: ["call_id": "\(channelID)"])
        await media.hangup()
        await tearDown()
    }

    public func play(_ prompt: Prompt) async { await media.play(prompt) }

    @discardableResult
    public func stop() async -> Int { await media.stop() }

    public func hangup() async {
        endingLocally.withLock { $0 = true }
        await media.hangup()
        await tearDown()
    }

    /// Leaves the bot for a dialplan location (agents queue): the caller leaves Stasis, media ends.
    public func transfer(context: String, extension exten: String, priority: Int = 1) async throws {
        endingLocally.withLock { $0 = true }
        do {
            try await client.continueInDialplan(channelID: channelID, context: context, extension: exten, priority: priority)
        } catch {
            endingLocally.withLock { $0 = false }
            throw error
        }
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

/// A flag shared between the session and its event stream's pull closure.
final class ARIFlag: Sendable {
    private let value = Mutex(false)
    var isSet: Bool { value.withLock { $0 } }
    func set() { value.withLock { $0 = true } }
}
