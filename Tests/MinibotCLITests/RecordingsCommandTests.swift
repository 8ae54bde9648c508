import Foundation
import Logging
import MiniBotAudio
import MiniBotDialer
import MiniBotStorage
import Testing

/// `minibot recordings compress|cleanup` on a real SQLite file with the real ffmpeg.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct RecordingsCommandTests {
    static let ffmpeg = Shell.which("ffmpeg")

    /// Three calls with recordings `recordings/a.wav` (20 days old), `recordings/b.wav` (3 days),
    /// `recordings/c.wav` (120 days); returns the call ids by name.
    private func seed(_ dir: TemporaryDirectory, database: String) async throws -> [String: Int64] {
        try FileManager.default.createDirectory(atPath: dir.path("recordings"), withIntermediateDirectories: true)
        var samples: [Int16] = []
        for i in 0..<16_000 {
            let t = Double(i)
            samples.append(Int16(6_000 * sin(t * 0.3)))
            samples.append(Int16(3_000 * sin(t * 0.2)))
        }
        let wav = Data(WAV.encode(AudioBuffer(sampleRate: 8_000, channels: 2, samples: samples), as: .pcm16))
        var logger = Logger(label: "recordings-test")
        logger.logLevel = .error
        let db = try await Database.open(url: try DatabaseURL(parsing: database), logger: logger)
        let campaign = try await db.campaigns.create(Campaign(id: 0, name: "Rec", scenario: "rdv", status: .running))
        let phones = try (0..<3).map { try PhoneNumber(parsing: "0610000\(100 + $0)") }
        _ = try await db.contacts.save(phones.enumerated().map { Contact(phone: $1, firstName: "P\($0)", legalBasis: .contract, sourceLine: $0 + 2) })
        let now = Date()
        _ = try await db.campaigns.enqueue(campaignID: campaign.id, phones: phones, priority: 0, at: now)
        let batch = try await db.calls.claimCandidates(campaignID: campaign.id, worker: "w", limit: 3,
                                                       leaseUntil: now + 60, now: now)
        try #require(batch.count == 3)
        var ids: [String: Int64] = [:]
        for (index, (name, days)) in [("a", 20.0), ("b", 3.0), ("c", 120.0)].enumerated() {
            let path = dir.path("recordings/\(name).wav")
            FileManager.default.createFile(atPath: path, contents: wav)
            FileManager.default.createFile(atPath: dir.path("recordings/\(name).json"), contents: Data("{}".utf8))
            for file in [path, dir.path("recordings/\(name).json")] {
                try FileManager.default.setAttributes([.modificationDate: Date() - days * 86_400], ofItemAtPath: file)
            }
            var call = CallRecord(callID: 0, callUUID: CallID(), campaignID: campaign.id, phone: batch[index].contact.phone.e164,
                                  status: .inProgress, startedAt: Date())
            call.recordingPath = "recordings/\(name).wav"
            ids[name] = try await db.calls.dial(queueID: batch[index].queueID, call: call).callID
        }
        try await db.close()
        return ids
    }

    private func paths(_ database: String, _ ids: [String: Int64]) async throws -> [String: String] {
        let db = try await Database.open(url: try DatabaseURL(parsing: database), logger: Logger(label: "t"))
        var result: [String: String] = [:]
        for (name, id) in ids { result[name] = try await db.calls.call(id: id)?.recordingPath ?? "-" }
        try await db.close()
        return result
    }

    private func files(_ dir: TemporaryDirectory) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: dir.path("recordings")).sorted()
    }

    @Test("compress converts old WAVs, cleanup deletes expired recordings; calls follow", 
          .enabled(if: ffmpeg != nil, "ffmpeg is not installed (apt-get install ffmpeg)"))
    func compressThenCleanup() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.cleanup() }
        let database = "sqlite:" + dir.path("minibot.sqlite")
        let ids = try await seed(dir, database: database)
        let common = ["--dir", dir.path("recordings"), "--database", database]

        let dry = try Minibot.run(["recordings", "compress", "--older-than", "7d", "--dry-run"] + common)
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stdout.contains("would compress") && dry.stdout.contains("nothing changed"))
        #expect(try files(dir) == ["a.json", "a.wav", "b.json", "b.wav", "c.json", "c.wav"])

        let compress = try Minibot.run(["recordings", "compress", "--older-than", "7d", "--format", "opus"] + common)
        #expect(compress.status == 0, "\(compress.stderr)")
        #expect(compress.stdout.contains("compressed 2 recording(s)"), "\(compress.stdout)")
        #expect(try files(dir) == ["a.json", "a.opus", "b.json", "b.wav", "c.json", "c.opus"])
        #expect(try await paths(database, ids) == ["a": "recordings/a.opus", "b": "recordings/b.wav", "c": "recordings/c.opus"])

        let preview = try Minibot.run(["recordings", "cleanup", "--older-than", "90d", "--dry-run"] + common)
        #expect(preview.status == 0, "\(preview.stderr)")
        #expect(preview.stdout.contains("would delete \(dir.path("recordings/c.opus"))"), "\(preview.stdout)")
        #expect(preview.stdout.contains("calls referencing it: 1"))
        #expect(try files(dir).contains("c.opus"))

        let cleanup = try Minibot.run(["recordings", "cleanup", "--older-than", "90d"] + common)
        #expect(cleanup.status == 0, "\(cleanup.stderr)")
        #expect(try files(dir) == ["a.json", "a.opus", "b.json", "b.wav", "c.json"], "transcripts stay without --with-transcripts")
        #expect(try await paths(database, ids) == ["a": "recordings/a.opus", "b": "recordings/b.wav", "c": "-"])

        let bad = try Minibot.run(["recordings", "cleanup", "--older-than", "soon"] + common)
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("--older-than"), "\(bad.stderr)")
    }
}
