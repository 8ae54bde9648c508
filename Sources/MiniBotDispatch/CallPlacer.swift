import Foundation
import MiniBotDialer

/// Places one call and follows it to its end: the seam between the durable dispatcher and
/// whatever PBX (or the simulated one) actually rings the phone.
///
/// The dispatcher has already claimed the queue entry and written the call record in state
/// IN_PROGRESS before `place` is called, so a crash during the call can never lead to a
/// second dial of the same attempt.
public protocol CallPlacer: Sendable {
    func place(_ candidate: DialCandidate, call: CallRecord, campaign: Campaign) async -> PlacedCall
}

/// What came back from the PBX and the conversation.
public struct PlacedCall: Sendable {
    /// The record with status, result, timestamps, AMD, sentiment, score, transcript and recording filled in.
    public var record: CallRecord
    /// The time the contact asked to be called back at, when the result is CALLBACK and a time was said.
    public var callbackAt: Date?
    /// The contact said "ne m'appelez plus" (or equivalent): never call again, anywhere.
    public var optedOut: Bool

    public init(record: CallRecord, callbackAt: Date? = nil, optedOut: Bool = false) {
        self.record = record
        self.callbackAt = callbackAt
        self.optedOut = optedOut
    }
}
