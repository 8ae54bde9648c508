import Testing
@testable import MiniBotAudio

@Suite struct AudioBufferTests {
    @Test func framesAndDuration() {
        let buffer = AudioBuffer(sampleRate: 8_000, channels: 2, samples: [Int16](repeating: 0, count: 16_001))
        #expect(buffer.frameCount == 8_000)
        #expect(buffer.duration == 1.0)
        #expect(AudioBuffer(sampleRate: 16_000, channels: 1, samples: [Int16](repeating: 0, count: 320)).duration == 0.02)
    }

    @Test func degenerateFormatsDoNotCrash() {
        let noChannels = AudioBuffer(sampleRate: 8_000, channels: 0, samples: [1, 2])
        #expect(noChannels.frameCount == 0)
        #expect(noChannels.channel(0).isEmpty)
        #expect(AudioBuffer(sampleRate: 0, channels: 1, samples: [1]).duration == 0)
    }

    @Test func monoAveragesChannelsRoundingToNearest() {
        let stereo = AudioBuffer(sampleRate: 8_000, channels: 2, samples: [100, 200, -3, -4, 32_767, 32_767, -32_768, 32_767, 1, 2])
        let mono = stereo.mono()
        #expect(mono.channels == 1)
        #expect(mono.sampleRate == 8_000)
        // Halves round away from zero: -3.5 -> -4, -0.5 -> -1, 1.5 -> 2.
        #expect(mono.samples == [150, -4, 32_767, -1, 2])
    }

    @Test func monoOfThreeChannels() {
        let buffer = AudioBuffer(sampleRate: 8_000, channels: 3, samples: [3, 6, 9, -1, -1, 0])
        #expect(buffer.mono().samples == [6, -1])
    }

    @Test func monoOfMonoIsItself() {
        let buffer = AudioBuffer(sampleRate: 8_000, channels: 1, samples: [1, 2, 3])
        #expect(buffer.mono() == buffer)
    }

    @Test func channelsAreDeinterleaved() {
        let buffer = AudioBuffer(sampleRate: 8_000, channels: 2, samples: [1, -1, 2, -2, 3, -3])
        #expect(buffer.channel(0) == [1, 2, 3])
        #expect(buffer.channel(1) == [-1, -2, -3])
        #expect(buffer.channel(2).isEmpty)
        #expect(buffer.channel(-1).isEmpty)
    }

    @Test func interleavePadsTheShorterSide() {
        let buffer = AudioBuffer.interleave(left: [1, 2, 3], right: [9], sampleRate: 8_000)
        #expect(buffer == AudioBuffer(sampleRate: 8_000, channels: 2, samples: [1, 9, 2, 0, 3, 0]))
        let other = AudioBuffer.interleave(left: [], right: [4, 5], sampleRate: 16_000)
        #expect(other.samples == [0, 4, 0, 5])
        #expect(other.channel(1) == [4, 5])
    }
}
