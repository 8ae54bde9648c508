import Foundation
import Logging
import MiniBotCalls
import MiniBotDialer
import MiniBotDispatch
import MiniBotTelephony

/// The dispatcher's ``CallPlacer`` over any real PBX (FreeSWITCH, Asterisk ARI): dials through a
/// ``PBXDialer``, runs the ``CallRunner`` on the answered session, and turns the outcome into
/// the call record. Because every PBX hides behind `PBXDialer`, a campaign behaves the same on
/// either switch and on the fakes the tests use.
///
/// It never throws and never crashes the dispatcher: an unreachable PBX gives a FAILED record
/// whose note says so, and the dispatcher's retry policy decides what happens next.
/// ```swift
/// let placer = PBXCallPlacer(dialer: freeSwitchDialer, runner: runner, options: .init(callerID: "0187654321"))
/// try await CampaignDispatcher(campaignID: id, worker: "w1", environment: env(placer)).run()
/// ```
public final class PBXCallPlacer: CallPlacer {
    public struct Options: Sendable {
        /// Presented number; nil: the trunk's default.
        public var callerID: String?
        public var ringTimeoutSeconds: Int
        /// Ask the PBX for its answering-machine verdict.
        public var pbxMachineDetection: Bool
        /// Our in-process detector runs on calls the PBX gave no verdict for (the runner's
        /// controller has AMD on). A PBX verdict is always trusted: MACHINE ends the call at once,
        /// HUMAN or NOTSURE go on with the conversation and our detector stays off, because the
        /// PBX's AMD already consumed the greeting ("Allô ?") ours would need; started after it, ours
        /// heard only the callee listening and called people answering machines.
        public var inProcessMachineDetection: Bool
        /// For callback times ("demain à 14 h").
        public var timeZone: TimeZone

        public init(callerID: String? = nil, ringTimeoutSeconds: Int = 30, pbxMachineDetection: Bool = true,
                    inProcessMachineDetection: Bool = true, timeZone: TimeZone = TimeZone(identifier: "Europe/Paris")!) {
            self.callerID = callerID
            self.ringTimeoutSeconds = ringTimeoutSeconds
            self.pbxMachineDetection = pbxMachineDetection
            self.inProcessMachineDetection = inProcessMachineDetection
            self.timeZone = timeZone
        }
    }

    private let dialer: any PBXDialer
    private let runner: CallRunner
    private let options: Options
    private let now: @Sendable () -> Date
    private let onTurns: @Sendable (Int64, [Turn]) async -> Void
    private let logger: Logger

    public init(dialer: any PBXDialer, runner: CallRunner, options: Options = Options(),
                now: @escaping @Sendable () -> Date = { Date() },
                onTurns: @escaping @Sendable (Int64, [Turn]) async -> Void = { _, _ in },
                logger: Logger = Logger(label: "minibot.pbx.placer")) {
        self.dialer = dialer
        self.runner = runner
        self.options = options
        self.now = now
        self.onTurns = onTurns
        self.logger = logger
    }

    /// The PBX request for one queued contact: the record's UUID becomes the channel id, and the
    /// channel carries `campaign_id`, `call_id` and `contact_id` (contacts are keyed by their
    /// E.164 number) so PBX logs and CDRs join back to our records.
    public func request(for candidate: DialCandidate, call: CallRecord, campaign: Campaign) -> DialRequest {
        let variables = ["campaign_id": "\(campaign.id)", "call_id": "\(call.callID)",
                         "contact_id": candidate.contact.phone.e164]
        return DialRequest(callID: call.callUUID.uuid, number: candidate.contact.phone.e164,
                           callerID: options.callerID, ringTimeoutSeconds: options.ringTimeoutSeconds,
                           detectsAnsweringMachine: options.pbxMachineDetection, variables: variables)
    }

    public func place(_ candidate: DialCandidate, call: CallRecord, campaign: Campaign) async -> PlacedCall {
        let request = request(for: candidate, call: call, campaign: campaign)
        var record = call
        record.callUUID = CallID(request.callID)
        let attempt: DialAttempt
        do {
            attempt = try await dialer.dial(request)
        } catch {
            logger.error("PBX dial failed", metadata: ["call": "\(request.callID)", "number": "\(request.number)", "error": "\(error)"])
            record.result = .failed
            record.status = .failed
            record.endedAt = now()
            record.durationSeconds = 0
            record.notes = "PBX unreachable or refused the dial: \(error)"
            return PlacedCall(record: record)
        }
        guard attempt.outcome == .answered, let session = attempt.session else {
            let cause = attempt.outcome.cause ?? Q850Cause(code: 0)
            record.applyUnanswered(cause: cause.code, note: "PBX: \(cause)", endedAt: now())
            return PlacedCall(record: record)
        }
        let answeredAt = now()
        let pbxVerdict = attempt.machineDetection
        if pbxVerdict?.verdict == .machine {
            // Nobody to talk to: free the line now.
            await session.hangup()
            for await _ in session.events {}
            record.result = .answeringMachine
            record.status = .completed
            record.answeredAt = answeredAt
            record.endedAt = now()
            record.durationSeconds = record.endedAt!.timeIntervalSince(answeredAt)
            record.amdResult = .machine
            record.hangupCause = Q850Cause.normalClearing.code
            record.notes = "PBX answering-machine detection: MACHINE" + (pbxVerdict?.cause.map { " (\($0))" } ?? "")
            return PlacedCall(record: record)
        }
        let report = await runner.run(session, contact: PlacedCallOutcome.variables(of: candidate.contact),
                                      inProcessMachineDetection: options.inProcessMachineDetection && pbxVerdict == nil)
        record.apply(report, answeredAt: answeredAt, endedAt: now())
        if let pbxVerdict, record.amdResult == nil {
            record.amdResult = pbxVerdict.verdict
        }
        await onTurns(call.callID, report.turns)
        return PlacedCallOutcome.placed(record, report: report, now: now(), timeZone: options.timeZone)
    }
}
