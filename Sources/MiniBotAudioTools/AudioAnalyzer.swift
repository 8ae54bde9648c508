import MiniBotAudio

/// What `minibot audio analyze` found in a file: the same detectors a live call runs,
/// fed the file as if it were the call's first seconds.
///
/// JSON shape (the CLI's `--json`):
/// `{"speech":[{"start_ms":…,"end_ms":…}],"dtmf":[{"digit":"5","ms":…}],"amd":{"verdict":"HUMAN","cause":"HUMAN"}}`
public struct AudioAnalysis: Sendable, Equatable, Encodable {
    public struct SpeechSegment: Sendable, Equatable, Encodable {
        public var startMs: Int
        public var endMs: Int
        enum CodingKeys: String, CodingKey { case startMs = "start_ms", endMs = "end_ms" }
    }

    public struct Digit: Sendable, Equatable, Encodable {
        public var digit: String
        public var ms: Int
    }

    public struct AMD: Sendable, Equatable, Encodable {
        public var verdict: String
        public var cause: String
        public var ms: Int
    }

    public var speech: [SpeechSegment] = []
    public var dtmf: [Digit] = []
    public var amd: AMD?
    public var durationMs: Int = 0

    enum CodingKeys: String, CodingKey { case speech, dtmf, amd }

    public func renderText(file: String) -> String {
        var lines = ["\(file): \(durationMs) ms analysed"]
        lines.append("speech segments: " + (speech.isEmpty ? "none" : ""))
        for segment in speech { lines.append("  \(segment.startMs)–\(segment.endMs) ms") }
        lines.append("DTMF: " + (dtmf.isEmpty ? "none" : dtmf.map { "\($0.digit)@\($0.ms)ms" }.joined(separator: " ")))
        if let amd { lines.append("AMD: \(amd.verdict) (\(amd.cause)) at \(amd.ms) ms") } else { lines.append("AMD: undecided") }
        return lines.joined(separator: "\n")
    }
}

public enum AudioAnalyzer {
    /// Runs VAD/endpointing, DTMF and AMD over 8 kHz 20 ms frames of the buffer's mono mix.
    /// When the file ends before AMD decides, silence follows, as on a call where the line
    /// goes quiet, up to the AMD's total analysis time.
    public static func analyze(_ buffer: AudioBuffer, endpointer configuration: EndpointerConfiguration = .telephone,
                               amd amdConfiguration: AMDConfiguration = .asteriskDefaults) throws -> AudioAnalysis {
        let mono = try AudioConverter.convert(buffer, channels: 1, sampleRate: TelephoneAudio.sampleRate).samples
        var endpointer = Endpointer(configuration)
        var dtmf = DTMFDetector()
        var amd = AnsweringMachineDetector(amdConfiguration)
        var analysis = AudioAnalysis()
        let frameSize = TelephoneAudio.samplesPerFrame
        var offset = 0
        var frameIndex = 0
        while offset < mono.count {
            var frame = Array(mono[offset..<min(offset + frameSize, mono.count)])
            if frame.count < frameSize { frame += [Int16](repeating: 0, count: frameSize - frame.count) }
            if case let .speechEnded(start, end)? = endpointer.process(frame) {
                analysis.speech.append(.init(startMs: start, endMs: end))
            }
            if let event = dtmf.process(frame) {
                analysis.dtmf.append(.init(digit: String(event.digit), ms: event.startMs))
            }
            if analysis.amd == nil, let result = amd.process(frame) {
                analysis.amd = .init(verdict: result.verdict.rawValue, cause: result.cause.rawValue, ms: result.atMs)
            }
            offset += frameSize
            frameIndex += 1
        }
        analysis.durationMs = frameIndex * TelephoneAudio.frameMilliseconds
        // Flush: a caller still talking at the end of the file, then silence for the AMD.
        let silence = [Int16](repeating: 0, count: frameSize)
        let tailFrames = (max(configuration.endSilenceMs, amdConfiguration.totalAnalysisTime) / TelephoneAudio.frameMilliseconds) + 1
        for _ in 0..<tailFrames {
            if case let .speechEnded(start, end)? = endpointer.process(silence) {
                analysis.speech.append(.init(startMs: start, endMs: min(end, analysis.durationMs)))
            }
            if analysis.amd == nil, let result = amd.process(silence) {
                analysis.amd = .init(verdict: result.verdict.rawValue, cause: result.cause.rawValue, ms: result.atMs)
            }
            if analysis.amd != nil, !endpointer.isInSpeech { break }
        }
        return analysis
    }
}
