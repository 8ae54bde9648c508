import NIOCore

extension AudioSocketServer {
    /// Settings of the AudioSocket listener.
    ///
    /// ```swift
    /// var configuration = AudioSocketServer.Configuration(host: "0.0.0.0", port: 9092)
    /// configuration.maximumConcurrentCalls = 500   // MAX_CONCURRENT_CALLS
    /// ```
    public struct Configuration: Sendable {
        public var host: String
        /// `0` picks a free port (tests); read it back from ``AudioSocketServer/localPort``.
        public var port: Int
        /// Connections beyond this get an AudioSocket hangup and are closed, and counted.
        public var maximumConcurrentCalls: Int
        /// Hard cap of one message's payload (see ``AudioSocketDecoder``).
        public var maximumPayloadLength: Int
        /// A connection that sends no UUID within this time is closed.
        public var uuidTimeout: TimeAmount
        /// Send 20 ms of silence when nothing is queued (keeps the caller's RTP steady).
        public var sendsSilenceWhenIdle: Bool

        public init(
            host: String = "127.0.0.1",
            port: Int = 9092,
            maximumConcurrentCalls: Int = 500,
            maximumPayloadLength: Int = AudioSocketDecoder.defaultMaximumPayloadLength,
            uuidTimeout: TimeAmount = .seconds(5),
            sendsSilenceWhenIdle: Bool = true
        ) {
            self.host = host
            self.port = port
            self.maximumConcurrentCalls = maximumConcurrentCalls
            self.maximumPayloadLength = maximumPayloadLength
            self.uuidTimeout = uuidTimeout
            self.sendsSilenceWhenIdle = sendsSilenceWhenIdle
        }
    }
}
