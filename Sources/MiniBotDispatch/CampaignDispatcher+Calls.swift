import Foundation
import MiniBotDialer
import Synchronization

extension CampaignDispatcher {
    /// Follows one placed call to its end and stores the outcome with the retry decision.
    /// When the worker's shutdown deadline abandons the call, it is closed here as interrupted
    /// by this worker (the PBX session is cancelled, and not waited for).
    func complete(_ candidate: DialCandidate, record: CallRecord, campaign: Campaign) async throws {
        let env = environment
        let placed: PlacedCall
        if let finished = await liveCalls.place(record.callUUID, { [env] in
            await env.placer.place(candidate, call: record, campaign: campaign)
        }) {
            placed = finished
        } else {
            var interrupted = record
            interrupted.status = .failed
            interrupted.result = .failed
            interrupted.notes = "interrupted: hung up at the worker's shutdown deadline"
            interrupted.endedAt = env.now()
            placed = PlacedCall(record: interrupted)
        }
        var finished = placed.record
        let endedAt = finished.endedAt ?? env.now()
        finished.endedAt = endedAt
        if placed.optedOut {
            try await env.optOuts.addOptOut(candidate.contact.phone, at: endedAt, source: "call \(record.callUUID)")
        }
        let decision: RetryDecision
        if let result = finished.result {
            decision = campaign.retry.decide(result: result, retriesSoFar: candidate.retriesSoFar, endedAt: endedAt,
                                             callbackAt: placed.callbackAt)
        } else {
            decision = .final
        }
        try await env.calls.finish(call: finished, queueID: candidate.queueID, next: decision)
        onEvent(.finished(finished))
    }

    /// What the database re-checks when a claim becomes a call: the legal rules on the contact's
    /// fresh history, the campaign's live-call cap and its calls-per-minute, across every worker.
    func checks(for campaign: Campaign) -> DialChecks {
        DialChecks(compliance: campaign.compliance, campaignCap: campaign.settings.maxConcurrentCalls,
                   callsPerMinute: campaign.settings.callsPerMinute)
    }

    /// A claim `dial` refused: back to the queue at the refusal's time (or dropped when a legal
    /// rule is permanent), journaled when a legal rule said no.
    func refuse(_ candidate: DialCandidate, _ refusal: DialRefusal, summary: inout Summary, now: Date) async throws {
        let env = environment
        var rule: ComplianceRule?
        if case .compliance(let decision) = refusal {
            rule = decision.rule
            summary.refused += 1
            try await env.complianceLog.record([ComplianceLogEntry(at: now, campaignID: campaignID,
                                                                   phone: candidate.contact.phone.e164, decision: decision)])
            if let rule = decision.rule {
                onEvent(.refused(phone: candidate.contact.phone.e164, rule: rule, nextAllowed: decision.nextAllowed))
            }
        }
        env.logger.debug("dial refused at the last check", metadata: ["phone": "\(candidate.contact.phone.e164)",
                                                                      "reason": "\(refusal)"])
        try await env.calls.release(queueID: candidate.queueID, until: refusal.retryAt, rule: rule)
    }
}

/// The calls a dispatcher is following, so the shutdown deadline can abandon them.
///
/// Why not task cancellation alone: a PBX session that ignores cancellation (a socket read that
/// never returns) would hold the worker past its grace period, and the service group would then
/// crash the process with calls left open. An abandoned call is cancelled AND released at once.
final class LiveCallTable: Sendable {
    private struct Entry {
        var continuation: CheckedContinuation<PlacedCall?, Never>
        var task: Task<Void, Never>?
    }

    private struct State {
        var entries: [CallID: Entry] = [:]
        var abandoned = false
    }

    private let state = Mutex(State())

    /// Runs `body` (the PBX call); returns its result, or nil if the call was abandoned first.
    func place(_ id: CallID, _ body: @escaping @Sendable () async -> PlacedCall) async -> PlacedCall? {
        await withCheckedContinuation { (continuation: CheckedContinuation<PlacedCall?, Never>) in
            let accepted = state.withLock { state -> Bool in
                guard !state.abandoned else { return false }
                state.entries[id] = Entry(continuation: continuation, task: nil)
                return true
            }
            guard accepted else { return continuation.resume(returning: nil) }
            // Unstructured on purpose: the only way to stop waiting for a session that never returns.
            let task = Task { [self] in
                let placed = await body()
                finish(id, with: placed)
            }
            let attached = state.withLock { state -> Bool in
                guard state.entries[id] != nil else { return false }
                state.entries[id]?.task = task
                return true
            }
            if !attached { task.cancel() }
        }
    }

    private func finish(_ id: CallID, with placed: PlacedCall?) {
        state.withLock { $0.entries.removeValue(forKey: id) }?.continuation.resume(returning: placed)
    }

    func abandonAll() {
        let entries = state.withLock { state -> [Entry] in
            state.abandoned = true
            defer { state.entries = [:] }
            return Array(state.entries.values)
        }
        for entry in entries {
            entry.task?.cancel()
            entry.continuation.resume(returning: nil)
        }
    }
}
