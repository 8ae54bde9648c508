import MiniBotAudio

/// Exact format conversion (`minibot audio convert`): codec, rate and channel count
/// change, levels never do. PCM16 → µ-law → PCM16 is the G.711 round trip, nothing more.
public struct AudioConversion: Sendable, Equatable {
    public var encoding: AudioEncoding?
    public var sampleRate: Int?
    public var channels: Int?

    public init(encoding: AudioEncoding? = nil, sampleRate: Int? = nil, channels: Int? = nil) {
        self.encoding = encoding
        self.sampleRate = sampleRate
        self.channels = channels
    }
}

public enum AudioConverter {
    /// Rates the resampler supports.
    public static let supportedRates: Set<Int> = [8_000, 16_000, 22_050, 24_000, 44_100, 48_000]

    /// Applies channel and rate changes to a buffer; the codec is chosen when writing.
    public static func convert(_ buffer: AudioBuffer, channels: Int?, sampleRate: Int?) throws -> AudioBuffer {
        var result = buffer
        if let channels, channels != result.channels {
            switch channels {
            case 1:
                result = result.mono()
            case 2 where result.channels == 1:
                result = AudioBuffer.interleave(left: result.samples, right: result.samples, sampleRate: result.sampleRate)
            default:
                throw AudioToolError.invalidOption("--channels \(channels): only 1 (mono) or 2 (stereo) are supported")
            }
        }
        if let sampleRate, sampleRate != result.sampleRate {
            guard supportedRates.contains(sampleRate), supportedRates.contains(result.sampleRate) else {
                throw AudioToolError.invalidOption(
                    "--rate \(sampleRate): resampling \(result.sampleRate) Hz → \(sampleRate) Hz is not supported (rates: \(supportedRates.sorted().map(String.init).joined(separator: ", ")))")
            }
            let channelData = (0..<result.channels).map { Resampler.resample(result.channel($0), from: result.sampleRate, to: sampleRate) }
            if channelData.count == 2 {
                result = AudioBuffer.interleave(left: channelData[0], right: channelData[1], sampleRate: sampleRate)
            } else {
                result = AudioBuffer(sampleRate: sampleRate, channels: 1, samples: channelData[0])
            }
        }
        return result
    }
}
