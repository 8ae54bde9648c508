import Foundation

/// Puts background ambience (office murmur, keyboard) under the bot's voice so a robot
/// does not sound like it calls from an anechoic room (seed 001: "background −8 dB").
/// The background loops as long as the voice lasts; the sum saturates instead of wrapping.
/// ```swift
/// let withAmbience = Mixer.mix(voice: prompt, background: office)          // -8 dB
/// let louder = Mixer.mix(voice: prompt, background: office, backgroundGainDB: -3)
/// ```
public enum Mixer {
    /// `voice` plus `background` scaled by `backgroundGainDB`, looped; as long as `voice`.
    /// An empty background leaves the voice unchanged.
    public static func mix(voice: [Int16], background: [Int16], backgroundGainDB: Double = -8) -> [Int16] {
        guard !background.isEmpty else { return voice }
        let factor = pow(10, backgroundGainDB / 20)
        let loop = background.count
        return [Int16](unsafeUninitializedCapacity: voice.count) { output, initialized in
            voice.withUnsafeBufferPointer { voice in
                background.withUnsafeBufferPointer { background in
                    var backgroundIndex = 0
                    for index in voice.indices {
                        let sum = Double(voice[index]) + Double(background[backgroundIndex]) * factor
                        output[index] = Loudness.saturating(sum)
                        backgroundIndex += 1
                        if backgroundIndex == loop { backgroundIndex = 0 }
                    }
                }
            }
            initialized = voice.count
        }
    }
}
