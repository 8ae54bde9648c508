extension AudioStreamServer {
    /// Settings of the mod_audio_stream WebSocket listener (`AUDIO_STREAM_PORT`).
    /// ```swift
    /// let configuration = AudioStreamServer.Configuration(host: "0.0.0.0", port: 8080,
    ///                                                     publicURL: "ws://10.0.0.5:8080")
    /// ```
    public struct Configuration: Sendable {
        public var host: String
        /// `0` picks a free port (tests).
        public var port: Int
        /// Base URL FreeSWITCH must use to reach us (`ws://<our host>:<port>`); nil: built from host/port.
        public var publicURL: String?
        /// Largest WebSocket frame accepted (mod_audio_stream sends 20 ms = 320 bytes at 8 kHz).
        public var maximumFrameSize: Int
        /// Sample rate asked of mod_audio_stream (`8k` or `16k`) and of the `.audio` events.
        public var sampleRate: Int

        public init(host: String = "0.0.0.0", port: Int = 8080, publicURL: String? = nil,
                    maximumFrameSize: Int = 64 * 1024, sampleRate: Int = 8000) {
            self.host = host
            self.port = port
            self.publicURL = publicURL
            self.maximumFrameSize = maximumFrameSize
            self.sampleRate = sampleRate
        }
    }
}
