import Foundation
import MiniBotAudio

/// Per-frame cost of the detectors every live call runs on the caller's audio (20 ms frames,
/// 160 samples at 8 kHz). Budget for the whole chain: 10 µs per frame.
///
/// `swift run -c release minibot-bench vad` (or `endpointer`, `dtmf`, `amd`, `dsp chain`).
func detectionBenchmarks() -> [BenchmarkCase] {
    let frames = DetectionBenchmarkAudio.frames
    let framesPerRun = 50   // one second of audio per body call
    var cursor = 0
    func nextFrame() -> [Int16] {
        cursor = cursor &+ 1
        return frames[cursor % frames.count]
    }

    var vad = VoiceActivityDetector()
    var endpointer = Endpointer()
    var dtmf = DTMFDetector()
    // AMD stops analysing once it has decided; these limits keep it analysing forever.
    let endlessAMD = AMDConfiguration(initialSilence: .max, greeting: .max, afterGreetingSilence: .max,
                                      totalAnalysisTime: .max, maximumNumberOfWords: .max, maximumWordLength: .max)
    var amd = AnsweringMachineDetector(endlessAMD)
    var beep = BeepDetector()
    var chainVAD = VoiceActivityDetector()
    var chainAMD = AnsweringMachineDetector(endlessAMD)
    var chainDTMF = DTMFDetector()
    let ulawFrames = DetectionBenchmarkAudio.ulawFrames
    var decoded = [Int16](repeating: 0, count: TelephoneAudio.samplesPerFrame)

    return [
        .throughput("vad per frame", units: framesPerRun, unit: "frame") {
            var speech = 0
            for _ in 0..<framesPerRun where vad.isSpeech(nextFrame()) { speech += 1 }
            blackHole(speech)
        },
        .throughput("endpointer per frame", units: framesPerRun, unit: "frame") {
            var events = 0
            for _ in 0..<framesPerRun where endpointer.process(nextFrame()) != nil { events += 1 }
            blackHole(events)
        },
        .throughput("dtmf per frame", units: framesPerRun, unit: "frame") {
            var digits = 0
            for _ in 0..<framesPerRun where dtmf.process(nextFrame()) != nil { digits += 1 }
            blackHole(digits)
        },
        .throughput("amd per frame", units: framesPerRun, unit: "frame") {
            var results = 0
            for _ in 0..<framesPerRun where amd.process(nextFrame()) != nil { results += 1 }
            blackHole(results)
        },
        .throughput("amd beep detector per frame", units: framesPerRun, unit: "frame") {
            var beeps = 0
            for _ in 0..<framesPerRun where beep.process(nextFrame()) != nil { beeps += 1 }
            blackHole(beeps)
        },
        .throughput("dsp chain (vad+amd+dtmf) per frame", units: framesPerRun, unit: "frame") {
            var hits = 0
            for _ in 0..<framesPerRun {
                let frame = nextFrame()
                let level = FrameLevel(frame)          // measured once, shared by VAD and AMD
                if chainVAD.isSpeech(level: level) { hits += 1 }
                if chainAMD.process(level: level) != nil { hits += 1 }
                if chainDTMF.process(frame) != nil { hits += 1 }
            }
            blackHole(hits)
        },
        .throughput("dsp chain + µ-law table decode per frame", units: framesPerRun, unit: "frame") {
            var hits = 0
            for _ in 0..<framesPerRun {
                cursor = cursor &+ 1
                let bytes = ulawFrames[cursor % ulawFrames.count]
                for index in 0..<bytes.count { decoded[index] = DetectionBenchmarkAudio.ulawTable[Int(bytes[index])] }
                let level = FrameLevel(decoded)
                if chainVAD.isSpeech(level: level) { hits += 1 }
                if chainAMD.process(level: level) != nil { hits += 1 }
                if chainDTMF.process(decoded) != nil { hits += 1 }
            }
            blackHole(hits)
        },
    ]
}

/// Ten seconds of deterministic call-like audio: noise, voiced bursts and a few DTMF tones.
enum DetectionBenchmarkAudio {
    static let frames: [[Int16]] = {
        var state: UInt32 = 12_345
        func noise() -> Double {
            state = state &* 1_664_525 &+ 1_013_904_223
            return Double(Int32(bitPattern: state)) / Double(Int32.max)
        }
        var samples: [Int16] = []
        for n in 0..<(10 * TelephoneAudio.sampleRate) {
            let t = Double(n) / Double(TelephoneAudio.sampleRate)
            let second = n / TelephoneAudio.sampleRate
            var x = 150 * noise()
            if (n / 4_000) % 3 != 0 {   // bursts of "voice": a harmonic series at 140 Hz
                for h in 1...8 { x += 1_500 / Double(h) * sin(2 * .pi * 140 * Double(h) * t) }
            } else if second % 4 == 1 { // DTMF "5"
                x += 3_000 * (sin(2 * .pi * 770 * t) + sin(2 * .pi * 1_336 * t))
            }
            samples.append(Int16(max(-32_768, min(32_767, x))))
        }
        return stride(from: 0, to: samples.count, by: TelephoneAudio.samplesPerFrame).map {
            Array(samples[$0..<($0 + TelephoneAudio.samplesPerFrame)])
        }
    }()

    /// G.711 µ-law expansion table (ITU-T G.711), so the chain case includes a decode.
    static let ulawTable: [Int16] = (0..<256).map { code in
        let u = ~UInt8(code)
        let magnitude = ((Int(u & 0x0F) << 3) + 0x84) << Int((u & 0x70) >> 4)
        return Int16(u & 0x80 != 0 ? 0x84 - magnitude : magnitude - 0x84)
    }

    static let ulawFrames: [[UInt8]] = frames.map { frame in
        frame.map { sample in
            // Nearest code by search in the table: setup only, speed irrelevant.
            var best = 0
            for code in 0..<256 where abs(Int(ulawTable[code]) - Int(sample)) < abs(Int(ulawTable[best]) - Int(sample)) { best = code }
            return UInt8(best)
        }
    }
}
