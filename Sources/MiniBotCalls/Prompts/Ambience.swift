import Foundation
import MiniBotAudio
import MiniBotDialogue
import MiniBotTelephony

/// SPEC B8: a background ambience (office, call centre) mixed under the bot's voice in live
/// calls, looped, −8 dB by default. Per scenario, in its `metadata`:
/// `"background_audio": "ambiance/office.wav"` (a WAV under the sounds folder, or an absolute
/// path) and optionally `"background_volume_db": -12`. The loop continues from one prompt to
/// the next, so consecutive sentences do not restart the same second of noise.
/// ```swift
/// let ambience = try Ambience.load(scenario: scenario, soundsRoot: "sounds")   // nil: none configured
/// var offset = 0
/// let played = ambience?.mix(prompt, offset: &offset) ?? prompt
/// ```
public struct Ambience: Sendable, Equatable {
    public static let defaultGainDB = -8.0

    /// 8 kHz mono loop.
    public var samples: [Int16]
    public var gainDB: Double

    public init(samples: [Int16], gainDB: Double = Ambience.defaultGainDB) {
        self.samples = samples
        self.gainDB = gainDB
    }

    public enum LoadError: Error, Equatable, CustomStringConvertible {
        case unreadable(path: String, reason: String)
        case badVolume(String)

        public var description: String {
            switch self {
            case .unreadable(let path, let reason): "background_audio \(path): \(reason)"
            case .badVolume(let value): "background_volume_db must be a number of decibels at or below 0, not \(value)"
            }
        }
    }

    /// The scenario's ambience, or `nil` when it has no `background_audio`.
    public static func load(scenario: Scenario, soundsRoot: String?) throws(LoadError) -> Ambience? {
        let extras = scenario.metadata.extras
        guard case .string(let file)? = extras.first(where: { $0.key == "background_audio" })?.value, !file.isEmpty else {
            return nil
        }
        var gain = defaultGainDB
        if let volume = extras.first(where: { $0.key == "background_volume_db" })?.value {
            guard case .number(let decibels) = volume else { throw .badVolume(volume.kindDescription) }
            guard decibels.isFinite, decibels <= 0 else { throw .badVolume("\(decibels)") }
            gain = decibels
        }
        let path = file.hasPrefix("/") ? file : (soundsRoot.map { $0 + "/" + file } ?? file)
        let buffer: AudioBuffer
        do {
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
            buffer = try WAV.decode(bytes, name: path).buffer.mono()
        } catch {
            throw .unreadable(path: path, reason: "\(error)")
        }
        var samples = buffer.samples
        if buffer.sampleRate != TelephoneAudio.sampleRate {
            var resampler = Resampler(from: buffer.sampleRate, to: TelephoneAudio.sampleRate)
            samples = resampler.process(samples) + resampler.flush()
        }
        guard !samples.isEmpty else { throw .unreadable(path: path, reason: "no audio") }
        return Ambience(samples: samples, gainDB: gain)
    }

    /// `prompt` with the ambience under it, starting `offset` samples into the loop; `offset`
    /// moves on by the prompt's length.
    public func mix(_ prompt: Prompt, offset: inout Int) -> Prompt {
        guard !samples.isEmpty, !prompt.frames.isEmpty else { return prompt }
        let voice = prompt.frames.flatMap { $0 }
        let start = offset % samples.count
        offset = (start + voice.count) % samples.count
        let background = start == 0 ? samples : Array(samples[start...] + samples[..<start])
        return Prompt(id: prompt.id, samples: Mixer.mix(voice: voice, background: background, backgroundGainDB: gainDB))
    }
}
