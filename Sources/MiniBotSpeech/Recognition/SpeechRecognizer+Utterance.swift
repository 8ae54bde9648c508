import MiniBotAudio

extension SpeechRecognizer {
    /// Recognises one whole utterance already in memory, fed exactly as a call feeds it: 20 ms
    /// frames of 8 kHz PCM16 (the last one zero-padded), then `finish()`. Why the call's path
    /// and not an upload of the file as it is: `speech transcribe`, the benchmarks and the
    /// real-recogniser tests must measure what a caller's audio becomes in a call.
    ///
    /// Resample first (``AudioBuffer/resampled(to:)``) when the audio is not 8 kHz.
    /// ```swift
    /// let heard = try await recognizer.recognizeUtterance(buffer.mono().resampled(to: 8_000).samples, hints: scenario.recognitionHints)
    /// ```
    public func recognizeUtterance(_ samples: [Int16], hints: [String] = [], callID: String = "") async throws -> RecognitionResult {
        let session = try await startSession(callID: callID, sampleRate: TelephoneAudio.sampleRate, hints: hints)
        let frame = TelephoneAudio.samplesPerFrame
        var start = 0
        while start < samples.count {
            var chunk = Array(samples[start..<min(start + frame, samples.count)])
            if chunk.count < frame { chunk += [Int16](repeating: 0, count: frame - chunk.count) }
            _ = try await session.accept(chunk)
            start += frame
        }
        return try await session.finish()
    }
}
