import struct Foundation.UUID
import Synchronization

/// The agents of the simulated PBX: each transfer target answers, is busy, or never answers,
/// so dry runs and the demo show both a transferred lead and the callback fallback.
///
/// An answering agent takes the call at once (the bot then closes its leg, as it would after a
/// real bridge); a target the desk does not know is unavailable.
/// ```swift
/// let desk = SimulatedAgentDesk(agents: ["conseiller": .answers, "technicien": .busy])
/// await desk.transfer(callID: id, request: .init(target: "conseiller"))   // .connected
/// desk.transfers                                                          // [(id, "conseiller", .connected)]
/// ```
public final class SimulatedAgentDesk: CallTransferDesk {
    public enum Agent: String, Sendable, Hashable, CaseIterable {
        case answers, busy
        case noAnswer = "no_answer"
    }

    public struct Transfer: Sendable, Hashable {
        public var callID: UUID
        public var target: String
        public var result: TransferResult
    }

    public let agents: [String: Agent]
    private let log = Mutex<[Transfer]>([])

    public init(agents: [String: Agent]) {
        self.agents = agents
    }

    /// Every transfer asked so far, in order.
    public var transfers: [Transfer] { log.withLock { $0 } }

    public func transfer(callID: UUID, request: TransferRequest) async -> TransferResult {
        let result: TransferResult
        switch agents[request.target] {
        case .answers?: result = .connected
        case .busy?: result = .busy
        case .noAnswer?: result = .noAnswer
        case nil: result = .unavailable("no simulated agent named \(request.target)")
        }
        log.withLock { $0.append(Transfer(callID: callID, target: request.target, result: result)) }
        return result
    }
}
