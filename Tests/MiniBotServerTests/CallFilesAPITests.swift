import Foundation
import Hummingbird
import HummingbirdTesting
import MiniBotDialer
import MiniBotServer
import MiniBotStorage
import Testing

@Suite("API: recordings and transcripts", .timeLimit(.minutes(2)))
struct CallFilesAPITests {
    @Test("transcripts and recordings come from the recordings folder, else from the stored turns")
    func filesAndFallback() async throws {
        try await APITestHarness.run { harness, client in
            let (_, records) = try await harness.seedCalls([.lead, .busy])
            let withFiles = records[0], withTurns = records[1]
            try harness.write(#"{"call_id":"\#(withFiles.callUUID)","result":"lead"}"#, to: "\(withFiles.callUUID).json")
            try harness.write("[00:00.000] BOT: Bonjour\n", to: "\(withFiles.callUUID).txt")
            try harness.write("RIFFfake-wav", to: "\(withFiles.callUUID).wav")
            try await harness.db.callTurns.append([
                Turn(speaker: .bot, text: "Allô", startMs: 0, endMs: 500),
                Turn(speaker: .caller, text: "c'est occupé", startMs: 65_250, endMs: 66_000),
            ], callID: withTurns.callID, firstIndex: 0)

            let json = try await client.get("/calls/\(withFiles.callID)/transcript.json")
            #expect(json.status == .ok)
            #expect(json.json["result"] as? String == "lead")
            let text = try await client.get("/calls/transcripts/\(withFiles.callUUID).txt")
            #expect(text.text == "[00:00.000] BOT: Bonjour\n")
            let seedJSON = try await client.get("/calls/transcripts/\(withFiles.callUUID).json")
            #expect(seedJSON.json["call_id"] as? String == withFiles.callUUID.description)
            let wav = try await client.get("/calls/\(withFiles.callUUID)/recording.wav")
            #expect(wav.status == .ok)
            #expect(wav.headers[.contentType] == "audio/wav")
            #expect(wav.text == "RIFFfake-wav")
            let byName = try await client.get("/calls/recordings/\(withFiles.callUUID).wav")
            #expect(byName.text == "RIFFfake-wav")

            let built = try await client.get("/calls/\(withTurns.callID)/transcript.json")
            #expect((built.json["turns"] as? [[String: Any]])?.compactMap { $0["text"] as? String } == ["Allô", "c'est occupé"])
            let builtText = try await client.get("/calls/\(withTurns.callID)/transcript.txt")
            #expect(builtText.text.contains("[01:05.250] CALLER: c'est occupé"))
            #expect(try await client.get("/calls/\(withTurns.callID)/recording.wav").status == .notFound)
        }
    }

    @Test("a recording compressed by `minibot recordings compress` is served as what it is")
    func compressedRecording() async throws {
        try await APITestHarness.run { harness, client in
            let (_, records) = try await harness.seedCalls([.lead])
            var call = records[0]
            try harness.write("OggSfake-opus", to: "\(call.callUUID).opus")
            try await harness.db.calls.setRecordingPath(callID: call.callID, path: "recordings/\(call.callUUID).opus")
            let opus = try await client.get("/calls/\(call.callID)/recording.wav")
            #expect(opus.status == .ok)
            #expect(opus.headers[.contentType] == "audio/ogg")
            #expect(opus.text == "OggSfake-opus")
            // Cleaned up: no path, no file.
            try FileManager.default.removeItem(at: harness.recordings.appendingPathComponent("\(call.callUUID).opus"))
            try await harness.db.calls.setRecordingPath(callID: call.callID, path: nil)
            call = try #require(try await harness.db.calls.call(id: call.callID))
            #expect(call.recordingPath == nil)
            #expect(try await client.get("/calls/\(call.callID)/recording.wav").status == .notFound)
        }
    }

    @Test("path traversal out of the recordings folder is impossible")
    func traversalRefused() async throws {
        try await APITestHarness.run { harness, client in
            let secret = harness.root.appendingPathComponent("secret.txt")
            try Data("TOP SECRET".utf8).write(to: secret)
            try FileManager.default.createSymbolicLink(at: harness.recordings.appendingPathComponent("link.wav"),
                                                       withDestinationURL: secret)
            let attempts = [
                "/calls/recordings/..%2Fsecret.txt",
                "/calls/recordings/..%2F..%2F..%2F..%2F..%2Fetc%2Fpasswd",
                "/calls/recordings/%2Fetc%2Fpasswd",
                "/calls/recordings/" + secret.path.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!,
                "/calls/recordings/../secret.txt",
                "/calls/recordings/link.wav",
                "/calls/recordings/..",
                "/calls/recordings/%2E%2E",
            ]
            for uri in attempts {
                let response = try await client.get(uri)
                #expect(response.status == .notFound, "\(uri) must be refused")
                #expect(!response.text.contains("TOP SECRET") && !response.text.contains("root:"), "\(uri) leaked a file")
            }
            // A stored recording path pointing outside the folder is not served either.
            let (campaign, records) = try await harness.seedCalls([nil])
            var outside = records[0]
            outside.recordingPath = secret.path
            outside.status = .completed
            outside.result = .lead
            let queue = try await harness.db.calls.queueCounts(campaignID: campaign.id)
            #expect(queue[.dialling] == 1)
            try await harness.db.calls.finish(call: outside, queueID: 1, next: .final)
            #expect(try await harness.db.calls.call(id: outside.callID)?.recordingPath == secret.path)
            let stored = try await client.get("/calls/\(outside.callID)/recording.wav")
            #expect(stored.status == .notFound)
            #expect(!stored.text.contains("TOP SECRET"))
            let storedText = try await client.get("/calls/\(outside.callID)/transcript.txt")
            #expect(!storedText.text.contains("TOP SECRET"))
        }
    }
}
