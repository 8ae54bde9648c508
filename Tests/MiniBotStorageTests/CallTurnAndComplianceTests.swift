import Foundation
import MiniBotDialer
import Testing
@testable import MiniBotStorage

@Suite("Transcripts, opt-outs and the compliance journal", .timeLimit(.minutes(1)))
struct CallTurnAndComplianceTests {
    @Test("call turns are stored in order and replaced by index", arguments: Engine.allCases)
    func turns(engine: Engine) async throws {
        try await TestDatabase.with(engine) { test in
            let db = try await test.open()
            let c = try await CallRepositoryTests.seed(db, count: 1)
            let batch = try await db.calls.claimCandidates(campaignID: c.id, worker: "w", limit: 1,
                                                           leaseUntil: Fixture.now + 60, now: Fixture.now)
            let call = try await db.calls.dial(queueID: batch[0].queueID,
                                               call: Fixture.call(campaignID: c.id, phone: Fixture.phone(0), at: Fixture.now))
            let bot = Turn(speaker: .bot, text: "Bonjour, ici Julie", startMs: 0, endMs: 3_100)
            let caller = Turn(speaker: .caller, text: "oui pourquoi pas", intent: "affirm", confidence: 0.92,
                              sentiment: .positive, startMs: 4_000, endMs: 5_200)
            try await db.callTurns.append([caller], callID: call.callID, firstIndex: 1)
            try await db.callTurns.append([bot], callID: call.callID, firstIndex: 0)
            var corrected = caller
            corrected.text = "oui, pourquoi pas"
            try await db.callTurns.append([corrected], callID: call.callID, firstIndex: 1)
            #expect(try await db.callTurns.turns(callID: call.callID) == [bot, corrected])
            try await db.calls.setTranscriptPath(callID: call.callID, path: "transcripts/\(call.callID).json")
            let path = try await db.executor.query("SELECT transcript_path FROM calls WHERE id = ?", [.int(call.callID)])
            #expect(try path.first?.string("transcript_path") == "transcripts/\(call.callID).json")
            try await db.close()
        }
    }

    @Test("opposition list is replaced wholesale; opt-outs are permanent", arguments: Engine.allCases)
    func lists(engine: Engine) async throws {
        try await TestDatabase.with(engine) { test in
            let db = try await test.open()
            #expect(try await db.optOuts.replaceOppositionList([Fixture.phone(1), Fixture.phone(2), Fixture.phone(2)],
                                                               importedAt: Fixture.now) == 2)
            #expect(try await db.optOuts.isOnOppositionList(Fixture.phone(2)))
            #expect(try await db.optOuts.replaceOppositionList([Fixture.phone(3)], importedAt: Fixture.now) == 1)
            #expect(try await !db.optOuts.isOnOppositionList(Fixture.phone(2)))
            try await db.optOuts.addOptOut(Fixture.phone(4), at: Fixture.now, source: "manual")
            try await db.optOuts.addOptOut(Fixture.phone(4), at: Fixture.now, source: "again")
            #expect(try await db.optOuts.isOptedOut(Fixture.phone(4)))
            #expect(try await !db.optOuts.isOptedOut(Fixture.phone(3)))
            let history = try await db.contacts.history(phone: Fixture.phone(3), since: Fixture.now)
            #expect(history.onOppositionList && !history.optedOut)
            try await db.close()
        }
    }

    @Test("the compliance journal keeps allowed and refused checks", arguments: Engine.allCases)
    func journal(engine: Engine) async throws {
        try await TestDatabase.with(engine) { test in
            let db = try await test.open()
            let entries = [
                ComplianceLogEntry(at: Fixture.now, campaignID: 1, phone: Fixture.phone(1).e164, decision: .allowed),
                ComplianceLogEntry(at: Fixture.now, campaignID: 1, phone: Fixture.phone(2).e164,
                                   decision: .refused(rule: .callingHours, reason: "outside 10:00–13:00",
                                                      nextAllowed: Fixture.now + 3_600)),
            ]
            try await db.complianceLog.record(entries)
            #expect(try await db.complianceLog.entries(campaignID: 1, limit: 10, offset: 0) == entries)
            #expect(try await db.complianceLog.entries(campaignID: 2, limit: 10, offset: 0).isEmpty)
            try await db.close()
        }
    }
}
