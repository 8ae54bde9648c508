import Foundation
import MiniBotAudio

/// What `minibot audio inspect` tells about one file.
public struct AudioFileInfo: Sendable, Equatable, Encodable {
    public var file: String
    public var format: String
    public var sampleRate: Int
    public var channels: Int
    public var durationSeconds: Double
    /// nil for digital silence (−∞ dBFS has no JSON form).
    public var peakDBFS: Double?
    public var rmsDBFS: Double?

    enum CodingKeys: String, CodingKey {
        case file, format, channels
        case sampleRate = "sample_rate"
        case durationSeconds = "duration_s"
        case peakDBFS = "peak_dbfs"
        case rmsDBFS = "rms_dbfs"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(file, forKey: .file)
        try container.encode(format, forKey: .format)
        try container.encode(sampleRate, forKey: .sampleRate)
        try container.encode(channels, forKey: .channels)
        try container.encode((durationSeconds * 1000).rounded() / 1000, forKey: .durationSeconds)
        try container.encode(peakDBFS.map { ($0 * 100).rounded() / 100 }, forKey: .peakDBFS)
        try container.encode(rmsDBFS.map { ($0 * 100).rounded() / 100 }, forKey: .rmsDBFS)
    }
}

public enum AudioInspector {
    public static func inspect(path: String, loader: AudioLoader = AudioLoader()) throws -> AudioFileInfo {
        let loaded = try loader.load(path: path)
        let buffer = loaded.buffer
        return AudioFileInfo(
            file: path,
            format: loaded.sourceFormat,
            sampleRate: buffer.sampleRate,
            channels: buffer.channels,
            durationSeconds: buffer.duration,
            peakDBFS: finite(Loudness.peakDBFS(buffer.samples)),
            rmsDBFS: finite(Loudness.rmsDBFS(buffer.samples))
        )
    }

    static func finite(_ value: Double) -> Double? {
        value.isFinite ? value : nil
    }
}
