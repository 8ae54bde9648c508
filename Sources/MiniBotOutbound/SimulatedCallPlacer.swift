import Foundation
import Logging
import MiniBotCalls
import MiniBotDialer
import MiniBotDialogue
import MiniBotDispatch
import MiniBotLanguage
import MiniBotSpeech
import MiniBotTelephony
import NIOCore
import Synchronization

/// Dials the simulated PBX instead of a real one (`launch --dry-run`, `call test --dry-run`,
/// `demo`): each call is a simulated contact connecting over real AudioSocket on loopback to
/// the same call runner a real PBX would reach, with the simulated recognizer.
///
/// ```swift
/// try await SimulatedLine.withLine(scenario: scenario, recordings: "recordings") { placer in
///     try await CampaignDispatcher(campaignID: id, worker: "dry-run", environment: env(placer)).run()
/// }
/// ```
public final class SimulatedCallPlacer: CallPlacer {
    private let pbx: SimulatedPBX
    private let calls: PendingCalls
    private let now: @Sendable () -> Date
    private let timeZone: TimeZone
    /// Simulated ring time for numbers that do not answer (a real ring-out is ~30 s).
    private let ringOutMs: Int
    private let onTurns: @Sendable (Int64, [Turn]) async -> Void

    init(pbx: SimulatedPBX, calls: PendingCalls, now: @escaping @Sendable () -> Date, timeZone: TimeZone, ringOutMs: Int,
         onTurns: @escaping @Sendable (Int64, [Turn]) async -> Void) {
        self.pbx = pbx
        self.calls = calls
        self.now = now
        self.timeZone = timeZone
        self.ringOutMs = ringOutMs
        self.onTurns = onTurns
    }

    public func place(_ candidate: DialCandidate, call: CallRecord, campaign: Campaign) async -> PlacedCall {
        let personaName = candidate.contact.variables["persona"] ?? SimulatedPersonas.defaultName(for: candidate.contact.phone.e164)
        var record = call
        switch SimulatedPersonas.contact(named: personaName) ?? .notAnswered(cause: 1) {
        case .notAnswered(let cause):
            try? await Task.sleep(for: .milliseconds(cause == 19 ? ringOutMs : ringOutMs / 4))
            record.applyUnanswered(cause: cause, note: "simulated: \(personaName)", endedAt: now())
            return PlacedCall(record: record)
        case .answers(let persona):
            let callID = call.callUUID.uuid
            let started = now()
            let report = await calls.run(callID: callID, contact: PlacedCallOutcome.variables(of: candidate.contact)) {
                _ = try await self.pbx.call(persona, callID: callID)
            }
            record.apply(report, answeredAt: started.addingTimeInterval(Double(persona.answerAfterMs) / 1_000), endedAt: now())
            await onTurns(call.callID, report.turns)
            return PlacedCallOutcome.placed(record, report: report, now: now(), timeZone: timeZone)
        }
    }
}

/// Calls in flight between the placer (who starts them) and the AudioSocket service (whose
/// runner reports them), keyed by call UUID.
final class PendingCalls: Sendable {
    private struct Entry {
        var contact: [String: String]
        var continuation: CheckedContinuation<CallReport, Never>?
        var report: CallReport?
    }

    private let entries = Mutex<[UUID: Entry]>([:])

    func contact(for callID: UUID) -> [String: String] {
        entries.withLock { $0[callID]?.contact ?? [:] }
    }

    /// Registers the call, starts the simulated caller, and waits for the runner's report.
    func run(callID: UUID, contact: [String: String], caller: @escaping @Sendable () async throws -> Void) async -> CallReport {
        entries.withLock { $0[callID] = Entry(contact: contact) }
        return await withTaskGroup(of: CallReport?.self) { group in
            group.addTask {
                await withCheckedContinuation { continuation in
                    let ready: CallReport? = self.entries.withLock { entries in
                        if let report = entries[callID]?.report { return report }
                        entries[callID]?.continuation = continuation
                        return nil
                    }
                    if let ready { continuation.resume(returning: ready) }
                }
            }
            group.addTask {
                do {
                    try await caller()
                    return nil
                } catch {
                    // The caller never reached the bot: no runner will report, so report the failure here.
                    let failed = CallReport(callID: CallID(callID), result: .failed, reason: "simulated PBX: \(error)",
                                            score: 0, durationMs: 0, engine: SimulatedRecognizer.engineName)
                    self.deliver(failed)
                    return nil
                }
            }
            var report: CallReport?
            for await value in group where value != nil { report = value }
            entries.withLock { _ = $0.removeValue(forKey: callID) }
            return report ?? CallReport(callID: CallID(callID), result: .failed, reason: "no report", score: 0, durationMs: 0,
                                        engine: SimulatedRecognizer.engineName)
        }
    }

    func deliver(_ report: CallReport) {
        let callID = report.callID.uuid
        let continuation: CheckedContinuation<CallReport, Never>? = entries.withLock { entries in
            guard var entry = entries[callID], entry.report == nil else { return nil }
            entry.report = report
            let waiting = entry.continuation
            entry.continuation = nil
            entries[callID] = entry
            return waiting
        }
        continuation?.resume(returning: report)
    }
}
