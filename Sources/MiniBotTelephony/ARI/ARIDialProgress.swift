import Synchronization

/// What the events told so far about one originated channel, fed synchronously from the events
/// socket (``ARIClient/observe(channel:_:)``), so nothing between the answer and the session's
/// start is lost: the callee hanging up one millisecond after answering still ends the session.
///
/// ```swift
/// let progress = DialProgress(expectsMachineDetection: false)
/// progress.handle(dial(status: "BUSY"))          // nil: not decided yet
/// progress.handle(destroyed(cause: 0))           // .ended
/// progress.unansweredCause                       // USER_BUSY (17)
/// ```
final class DialProgress: Sendable {
    enum Decision: Sendable, Equatable {
        /// In Stasis with `appArgs=amd`: send it on to the AMD context.
        case enterMachineDetection
        /// In Stasis for the conversation.
        case answered
        /// Destroyed before being answered.
        case ended
        case failedToContinue(String)
    }

    private struct State {
        var expectsMachineDetection: Bool
        var answered = false
        var cause: Q850Cause?
        var dialStatus: AsteriskDialStatus?
        var amdStatus: String?
        var amdCause: String?
        /// The callee's channel left (after the answer).
        var gone = false
        var onGone: (@Sendable () -> Void)?
    }
    private let state: Mutex<State>

    init(expectsMachineDetection: Bool) {
        state = Mutex(State(expectsMachineDetection: expectsMachineDetection))
    }

    var isAnswered: Bool { state.withLock { $0.answered } }
    var cause: Q850Cause? { state.withLock { $0.cause } }
    var dialStatus: AsteriskDialStatus? { state.withLock { $0.dialStatus } }
    var machineDetection: PBXMachineDetection? {
        state.withLock { state in state.amdStatus.flatMap { PBXMachineDetection(status: $0, cause: state.amdCause) } }
    }

    /// Why an unanswered attempt ended: the Dial event's `dialstatus` first (BUSY → 17, NOANSWER →
    /// 19, CONGESTION → 34, CHANUNAVAIL → 44), unless the channel's own cause says more (1
    /// unallocated, 28 invalid format…); then the channel's cause; 19 when nothing was said.
    /// Measured on Asterisk master with Local/… callees: `Busy()` → Dial BUSY + cause 0,
    /// `Congestion()` → CONGESTION + 0, `Hangup(1)` → NOANSWER + cause 1, ring timeout → RINGING + 19.
    var unansweredCause: Q850Cause {
        state.withLock { state in Self.unansweredCause(dialStatus: state.dialStatus, cause: state.cause) }
    }

    static func unansweredCause(dialStatus: AsteriskDialStatus?, cause: Q850Cause?) -> Q850Cause {
        let specific = cause.flatMap { [0, 16, 31].contains($0.code) ? nil : $0 }
        switch dialStatus {
        case .busy?: return Q850Cause(code: 17)
        // An unallocated Local/dialplan callee (Hangup(1)) also ends as NOANSWER, with cause 1.
        case .noAnswer?: return specific ?? Q850Cause(code: 19)
        case .congestion?: return specific ?? Q850Cause(code: 34)
        case .channelUnavailable?: return specific ?? Q850Cause(code: 44)
        case .cancel?: return Q850Cause(code: 487)
        default: return specific ?? (cause?.code == 16 ? Q850Cause(code: 16) : Q850Cause(code: 19))
        }
    }

    /// Runs `action` once the callee's channel has left (at once if it already has).
    func onCalleeGone(_ action: @escaping @Sendable () -> Void) {
        let now = state.withLock { state -> Bool in
            if state.gone { return true }
            state.onGone = action
            return false
        }
        if now { action() }
    }

    /// Records `event`; returns a decision when the attempt reaches one.
    func handle(_ event: ARIChannelEvent) -> Decision? {
        var goneAction: (@Sendable () -> Void)?
        let decision = state.withLock { state -> Decision? in
            switch event {
            case .channelVarset(_, let variable, let value):
                if variable == "AMDSTATUS" { state.amdStatus = value }
                if variable == "AMDCAUSE" { state.amdCause = value }
                return nil
            case .dial(_, _, let status):
                if status != .empty { state.dialStatus = status }
                return nil
            case .stasisStart(_, let args):
                guard !state.answered else { return nil }
                if state.expectsMachineDetection {
                    if args.first == ARIDialer.machineDetectionMarker { return .enterMachineDetection }
                    // Dialplan route: Stasis(app,<AMDSTATUS>,<AMDCAUSE>).
                    if let status = args.first, PBXMachineDetection(status: status) != nil {
                        state.amdStatus = status
                        state.amdCause = args.count > 1 ? args[1] : state.amdCause
                    }
                }
                state.answered = true
                return .answered
            case .stasisEnd, .channelHangupRequest, .channelDestroyed:
                // A non-zero cause wins over 0 (what Asterisk leaves on a Local/dialplan endpoint).
                if let cause = event.cause, cause.code != 0 || state.cause == nil { state.cause = cause }
                if state.answered {
                    if !state.gone {
                        state.gone = true
                        goneAction = state.onGone
                        state.onGone = nil
                    }
                    return nil
                }
                if case .channelDestroyed = event { return .ended }
                return nil
            default:
                return nil
            }
        }
        goneAction?()
        return decision
    }
}
