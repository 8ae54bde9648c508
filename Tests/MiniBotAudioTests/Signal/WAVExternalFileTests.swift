import Testing
@testable import MiniBotAudio

/// WAV files written by sox and ffmpeg (Fixtures/README.md) from the raw reference signal.
@Suite struct WAVExternalFileTests {
    let reference: [Int16]
    let referenceStereo: [Int16]

    init() throws {
        reference = try SignalFixtures.samples("reference.raw")
        referenceStereo = try SignalFixtures.samples("reference_stereo.raw")
    }

    /// Encoders may round differently from G.711's reference; the decoded sample must stay
    /// within one quantisation step of the original (steps are ≤ 1/16 of the magnitude + 16).
    func expectWithinCompandingStep(_ decoded: [Int16], _ original: [Int16]) {
        #expect(decoded.count == original.count)
        for (index, (got, want)) in zip(decoded, original).enumerated() {
            let tolerance = abs(Int(want)) / 16 + 16
            #expect(abs(Int(got) - Int(want)) <= tolerance, "sample \(index): \(got) vs \(want)")
        }
    }

    @Test func readsSoxPCM16() throws {
        let (buffer, format) = try WAV.read(path: SignalFixtures.path("sox_pcm16_8k_mono.wav"))
        #expect(format == WAVFormat(encoding: .pcm16, sampleRate: 8_000, channels: 1))
        #expect(buffer.samples == reference)
        #expect(buffer.sampleRate == 8_000)
    }

    @Test func readsSoxULawWithFactChunk() throws {
        let (buffer, format) = try WAV.decode(SignalFixtures.bytes("sox_ulaw_8k_mono.wav"), name: "sox_ulaw_8k_mono.wav")
        #expect(format == WAVFormat(encoding: .ulaw, sampleRate: 8_000, channels: 1))
        expectWithinCompandingStep(buffer.samples, reference)
    }

    @Test func readsFFmpegStereoPCM16WithListChunk() throws {
        let (buffer, format) = try WAV.decode(SignalFixtures.bytes("ffmpeg_pcm16_16k_stereo.wav"), name: "ffmpeg.wav")
        #expect(format == WAVFormat(encoding: .pcm16, sampleRate: 16_000, channels: 2))
        #expect(buffer.samples == referenceStereo)
        #expect(buffer.channel(0) == reference)
    }

    @Test func readsFFmpegStereoALaw() throws {
        let (buffer, format) = try WAV.decode(SignalFixtures.bytes("ffmpeg_alaw_16k_stereo.wav"), name: "alaw.wav")
        #expect(format == WAVFormat(encoding: .alaw, sampleRate: 16_000, channels: 2))
        expectWithinCompandingStep(buffer.samples, referenceStereo)
    }

    @Test func readsFFmpegStreamedFileWithUnknownSizes() throws {
        let bytes = try SignalFixtures.bytes("ffmpeg_pcm16_8k_streamed.wav")
        #expect(Array(bytes[4..<8]) == [0xFF, 0xFF, 0xFF, 0xFF])  // the fixture really is "streamed"
        let (buffer, _) = try WAV.decode(bytes, name: "streamed.wav")
        #expect(buffer.samples == reference)
    }

    @Test func rejectsSoxFloatFileSayingWhichEncoding() throws {
        let path = try SignalFixtures.path("sox_float32_8k_mono.wav")
        let error = #expect(throws: WAVError.self) { try WAV.read(path: path) }
        #expect(error?.file == path)
        #expect(error?.reason.contains("IEEE float 32-bit") == true)
        #expect(error?.description.hasPrefix(path) == true)
    }
}
