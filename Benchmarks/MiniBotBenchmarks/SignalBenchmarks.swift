import Foundation
import MiniBotAudio

/// Signal-path hot functions, per 20 ms frame: G.711 (every AudioSocket/RTP frame of every
/// call goes through it), resampling (wide-band engines, prompt preparation) and levels.
func signalBenchmarks() -> [BenchmarkCase] {
    let frames = 50
    let frame8k = (0..<160).map { Int16(12_000 * sin(2 * Double.pi * 440 * Double($0) / 8_000)) }
    let frame48k = (0..<960).map { Int16(12_000 * sin(2 * Double.pi * 440 * Double($0) / 48_000)) }
    let ulawFrame = G711.ulawEncode(frame8k)
    let alawFrame = G711.alawEncode(frame8k)
    var upsampler = Resampler(from: 8_000, to: 16_000)
    var downsampler = Resampler(from: 48_000, to: 8_000)

    return [
        .throughput("g711 ulaw encode 160", units: frames, unit: "frame") {
            for _ in 0..<frames { blackHole(G711.ulawEncode(frame8k)) }
        },
        .throughput("g711 ulaw decode 160", units: frames, unit: "frame") {
            for _ in 0..<frames { blackHole(G711.ulawDecode(ulawFrame)) }
        },
        .throughput("g711 alaw encode 160", units: frames, unit: "frame") {
            for _ in 0..<frames { blackHole(G711.alawEncode(frame8k)) }
        },
        .throughput("g711 alaw decode 160", units: frames, unit: "frame") {
            for _ in 0..<frames { blackHole(G711.alawDecode(alawFrame)) }
        },
        .throughput("resample 8k->16k 20ms", units: frames, unit: "frame") {
            for _ in 0..<frames { blackHole(upsampler.process(frame8k)) }
        },
        .throughput("resample 48k->8k 20ms", units: frames, unit: "frame") {
            for _ in 0..<frames { blackHole(downsampler.process(frame48k)) }
        },
        .throughput("level peak 160", units: frames, unit: "frame") {
            for _ in 0..<frames { blackHole(Loudness.peakDBFS(frame8k)) }
        },
        .throughput("level rms 160", units: frames, unit: "frame") {
            for _ in 0..<frames { blackHole(Loudness.rmsDBFS(frame8k)) }
        },
        .throughput("level mix 160 under background", units: frames, unit: "frame") {
            for _ in 0..<frames { blackHole(Mixer.mix(voice: frame8k, background: frame48k)) }
        },
    ]
}
