import Foundation
import MiniBotAudio

/// `minibot audio prepare` (seed 000 §3.4, `setup_audio.py`): turns an operator's
/// recordings into what the PBX plays: mono, normalised (peak −3 dBFS, RMS toward
/// −18 dBFS), volume-adjusted, 8 kHz µ-law WAV by default, mirroring the source tree.
///
/// Files under a `background/` folder are ambience loops and get `backgroundReductionDB`
/// on top, so they sit under the voice (seed: `AUDIO_BACKGROUND_REDUCTION=-10`).
/// A manifest in the target folder remembers each source's content hash and the options
/// used, so an unchanged file is skipped; `force` redoes it, `dryRun` writes nothing.
public struct AudioPreparer: Sendable {
    public enum OutputFormat: String, Sendable, CaseIterable {
        case ulaw, alaw, pcm16, slin
    }

    public struct Options: Sendable {
        public var source: String
        public var target: String
        public var volumeAdjustDB: Double
        public var backgroundReductionDB: Double
        public var force: Bool
        public var dryRun: Bool
        public var format: OutputFormat
        public var sampleRate: Int

        public init(source: String = "audio", target: String, volumeAdjustDB: Double = 0, backgroundReductionDB: Double = -10,
                    force: Bool = false, dryRun: Bool = false, format: OutputFormat = .ulaw, sampleRate: Int = 8_000) {
            self.source = source
            self.target = target
            self.volumeAdjustDB = volumeAdjustDB
            self.backgroundReductionDB = backgroundReductionDB
            self.force = force
            self.dryRun = dryRun
            self.format = format
            self.sampleRate = sampleRate
        }

        /// Everything that changes the output bytes, so changing an option redoes the files.
        var fingerprint: String {
            "v1|\(format.rawValue)|\(sampleRate)|\(volumeAdjustDB)|\(backgroundReductionDB)"
        }
    }

    public static let peakTargetDBFS = -3.0
    public static let rmsTargetDBFS = -18.0

    private let loader: AudioLoader

    public init(loader: AudioLoader = AudioLoader()) {
        self.loader = loader
    }

    public func run(_ options: Options) throws -> PrepareReport {
        guard AudioConverter.supportedRates.contains(options.sampleRate) else {
            throw AudioToolError.invalidOption("--rate \(options.sampleRate): expected one of \(AudioConverter.supportedRates.sorted().map(String.init).joined(separator: ", "))")
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: options.source, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw AudioToolError.invalidOption("source folder \(options.source) does not exist")
        }
        var manifest = PrepareManifest.load(from: options.target)
        var report = PrepareReport(dryRun: options.dryRun)
        for relative in Self.sourceFiles(in: options.source) {
            let row = prepareOne(relative: relative, options: options, manifest: &manifest)
            report.rows.append(row)
        }
        if !options.dryRun, report.rows.contains(where: { $0.status == .processed }) {
            try manifest.save(to: options.target)
        }
        return report
    }

    private func prepareOne(relative: String, options: Options, manifest: inout PrepareManifest) -> PrepareReport.Row {
        let sourcePath = options.source + "/" + relative
        let outputRelative = Self.outputPath(for: relative, format: options.format, rate: options.sampleRate)
        let outputPath = options.target + "/" + outputRelative
        var row = PrepareReport.Row(file: relative, output: outputRelative)
        do {
            let loaded = try loader.load(path: sourcePath)
            let fingerprint = "\(PrepareManifest.hash(loaded.bytes))|\(options.fingerprint)"
            let mono = loaded.buffer.mono()
            row.levelBeforeDBFS = Loudness.peakDBFS(mono.samples)
            if !options.force, manifest.entries[relative] == fingerprint, FileManager.default.fileExists(atPath: outputPath) {
                row.status = .unchanged
                return row
            }
            let converted = try AudioConverter.convert(mono, channels: 1, sampleRate: options.sampleRate)
            var samples = Loudness.normalize(converted.samples, peakDBFS: Self.peakTargetDBFS, rmsDBFS: Self.rmsTargetDBFS)
            let gain = options.volumeAdjustDB + (Self.isBackground(relative) ? options.backgroundReductionDB : 0)
            if gain != 0 { samples = Loudness.applyGain(samples, decibels: gain) }
            row.levelAfterDBFS = Loudness.peakDBFS(samples)
            if options.dryRun {
                row.status = .wouldProcess
                return row
            }
            try write(AudioBuffer(sampleRate: options.sampleRate, channels: 1, samples: samples), format: options.format, to: outputPath)
            manifest.entries[relative] = fingerprint
            row.status = .processed
        } catch let error as AudioToolError {
            row.status = .failed(error.description)
        } catch {
            row.status = .failed("\(sourcePath): \(error)")
        }
        return row
    }

    private func write(_ buffer: AudioBuffer, format: OutputFormat, to path: String) throws {
        let bytes: [UInt8]
        switch format {
        case .ulaw: bytes = WAV.encode(buffer, as: .ulaw)
        case .alaw: bytes = WAV.encode(buffer, as: .alaw)
        case .pcm16: bytes = WAV.encode(buffer, as: .pcm16)
        case .slin: bytes = buffer.samples.flatMap { [UInt8(truncatingIfNeeded: $0), UInt8(truncatingIfNeeded: $0 >> 8)] }
        }
        do {
            let url = URL(fileURLWithPath: path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(bytes).write(to: url, options: .atomic)
        } catch {
            throw AudioToolError.writeFailed(file: path, reason: error.localizedDescription)
        }
    }

    /// Audio files under `source`, relative, sorted (hidden files skipped).
    static func sourceFiles(in source: String) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: source) else { return [] }
        var files: [String] = []
        while let relative = enumerator.nextObject() as? String {
            let name = (relative as NSString).lastPathComponent
            guard !name.hasPrefix(".") else { continue }
            let ext = (name as NSString).pathExtension.lowercased()
            if AudioLoader.supportedExtensions.contains(ext) { files.append(relative) }
        }
        return files.sorted()
    }

    /// `voice/base/hello.mp3` → `voice/base/hello.wav` (or `.sln`, `.sln16` for raw slin).
    static func outputPath(for relative: String, format: OutputFormat, rate: Int) -> String {
        let stem = (relative as NSString).deletingPathExtension
        switch format {
        case .slin: return stem + (rate == 8_000 ? ".sln" : ".sln\(rate / 1000)")
        default: return stem + ".wav"
        }
    }

    static func isBackground(_ relative: String) -> Bool {
        relative.split(separator: "/").dropLast().contains { $0.lowercased() == "background" || $0.lowercased() == "ambiance" }
    }
}
