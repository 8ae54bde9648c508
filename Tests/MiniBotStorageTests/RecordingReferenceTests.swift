import Foundation
import MiniBotDialer
import Testing
@testable import MiniBotStorage

@Suite("Recording paths of calls (recordings compress/cleanup)", .timeLimit(.minutes(1)))
struct RecordingReferenceTests {
    @Test("a recording is found by file name whatever folder was stored; paths move or clear", arguments: Engine.allCases)
    func referencesByName(engine: Engine) async throws {
        try await TestDatabase.with(engine) { test in
            let db = try await test.open()
            let c = try await CallRepositoryTests.seed(db, count: 3)
            let batch = try await db.calls.claimCandidates(campaignID: c.id, worker: "w", limit: 3,
                                                           leaseUntil: Fixture.now + 60, now: Fixture.now)
            var ids: [Int64] = []
            for (index, path) in ["recordings/u-1.wav", "/var/lib/minibot/recordings/u-1x.wav", "u-2.wav"].enumerated() {
                var call = Fixture.call(campaignID: c.id, phone: batch[index].contact.phone, at: Fixture.now)
                call.recordingPath = path
                ids.append(try await db.calls.dial(queueID: batch[index].queueID, call: call).callID)
            }
            #expect(try await db.calls.recordingReferences(fileName: "u-1.wav")
                    == [.init(callID: ids[0], path: "recordings/u-1.wav")])
            #expect(try await db.calls.recordingReferences(fileName: "u-1x.wav")
                    == [.init(callID: ids[1], path: "/var/lib/minibot/recordings/u-1x.wav")])
            #expect(try await db.calls.recordingReferences(fileName: "u-2.wav") == [.init(callID: ids[2], path: "u-2.wav")])
            #expect(try await db.calls.recordingReferences(fileName: "1.wav").isEmpty, "a name matches whole, not its tail")
            #expect(try await db.calls.recordingReferences(fileName: "%.wav").isEmpty)
            #expect(try await db.calls.recordingReferences(fileName: "a/u-1.wav").isEmpty)

            try await db.calls.setRecordingPath(callID: ids[0], path: "recordings/u-1.opus")
            try await db.calls.setRecordingPath(callID: ids[2], path: nil)
            #expect(try await db.calls.call(id: ids[0])?.recordingPath == "recordings/u-1.opus")
            #expect(try await db.calls.call(id: ids[2])?.recordingPath == nil)
            #expect(try await db.calls.recordingReferences(fileName: "u-1.wav").isEmpty)
            #expect(try await db.calls.recordingReferences(fileName: "u-1.opus").map(\.callID) == [ids[0]])
            try await db.close()
        }
    }
}
