extension ESLClient {
    /// Connection settings (`FREESWITCH_ESL_HOST`, `FREESWITCH_ESL_PORT`, `FREESWITCH_ESL_PASSWORD`).
    /// ```swift
    /// var configuration = ESLClient.Configuration(host: "127.0.0.1", password: "ClueCon")
    /// configuration.events = ["CHANNEL_ANSWER", "CHANNEL_HANGUP_COMPLETE", "DTMF"]
    /// ```
    public struct Configuration: Sendable {
        public var host: String
        public var port: Int
        public var password: String
        public var eventFormat: ESLEventFormat
        /// Subscribed on every (re)connection. `BACKGROUND_JOB` is always added (bgapi needs it).
        public var events: [String]
        /// `filter` header/value pairs re-applied on every connection.
        public var filters: [ESLHeaderField]
        /// Delay before the first reconnection attempt; doubles up to ``maximumReconnectDelay``.
        public var initialReconnectDelay: Duration
        public var maximumReconnectDelay: Duration
        /// A command without reply after this long drops the connection (the stream is out of sync).
        public var commandTimeout: Duration
        public var maximumBodyLength: Int

        public init(host: String = "127.0.0.1", port: Int = 8021, password: String = "ClueCon",
                    eventFormat: ESLEventFormat = .plain,
                    events: [String] = ESLClient.Configuration.callEvents,
                    filters: [ESLHeaderField] = [],
                    initialReconnectDelay: Duration = .milliseconds(500),
                    maximumReconnectDelay: Duration = .seconds(30),
                    commandTimeout: Duration = .seconds(10),
                    maximumBodyLength: Int = ESLFrameDecoder.defaultMaximumBodyLength) {
            self.host = host
            self.port = port
            self.password = password
            self.eventFormat = eventFormat
            self.events = events
            self.filters = filters
            self.initialReconnectDelay = initialReconnectDelay
            self.maximumReconnectDelay = maximumReconnectDelay
            self.commandTimeout = commandTimeout
            self.maximumBodyLength = maximumBodyLength
        }

        /// What the FreeSWITCH connector needs to follow calls.
        public static let callEvents = [
            "CHANNEL_ANSWER", "CHANNEL_HANGUP", "CHANNEL_HANGUP_COMPLETE", "CHANNEL_EXECUTE_COMPLETE", "CHANNEL_BRIDGE",
            "PLAYBACK_START", "PLAYBACK_STOP", "DTMF", "BACKGROUND_JOB", "CUSTOM",
            "mod_audio_stream::connect", "mod_audio_stream::disconnect", "mod_audio_stream::error",
        ]
    }
}
